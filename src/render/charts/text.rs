//! Text: the embedded DejaVu Sans, registered with plotters and measured and rasterised here
//! with ab_glyph, so that the layout and the PNG pixels do not depend on the fonts installed.

use std::sync::OnceLock;

use ab_glyph::{Font as _, FontRef, PxScale, ScaleFont};
use plotters::style::{FontStyle, RGBColor, register_font};

use super::FONT_FAMILY;
use super::draw::DrawResult;
use crate::error::{Error, Result};

/// Registers the embedded regular and bold faces with plotters' ab_glyph support, once per
/// process, so that any text plotters itself lays out uses them too (this module measures and
/// rasterises its text itself, from the same bytes).
pub(super) fn register_fonts() -> Result<()> {
    static REGISTERED: OnceLock<std::result::Result<(), String>> = OnceLock::new();
    let result = REGISTERED.get_or_init(|| {
        let faces = [
            (FontStyle::Normal, dejavu::sans::regular()),
            (FontStyle::Bold, dejavu::sans::bold()),
        ];
        for (style, bytes) in faces {
            register_font(FONT_FAMILY, style, bytes)
                .map_err(|_| format!("the embedded DejaVu Sans ({}) is not a valid font", style.as_str()))?;
        }
        Ok(())
    });
    result.clone().map_err(|message| Error::Chart {
        chart: "(all)".into(),
        message,
    })
}

/// The two faces of the embedded font, parsed once.
pub(super) struct Faces {
    pub(super) regular: FontRef<'static>,
    pub(super) bold: FontRef<'static>,
}

pub(super) fn faces() -> Option<&'static Faces> {
    static FACES: OnceLock<Option<Faces>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            Some(Faces {
                regular: FontRef::try_from_slice(dejavu::sans::regular()).ok()?,
                bold: FontRef::try_from_slice(dejavu::sans::bold()).ok()?,
            })
        })
        .as_ref()
}

/// Height of DejaVu Sans' lower-case x, in ems (OS/2 sxHeight 1120 of 2048 units).
pub(super) const X_HEIGHT: f32 = 0.547;

/// Text size (em, in pixels), weight, colour and direction.
#[derive(Clone, Copy)]
pub(super) struct TextFont {
    pub(super) em: f64,
    pub(super) bold: bool,
    pub(super) color: RGBColor,
    /// Turned a quarter anticlockwise, read from bottom to top.
    pub(super) rotated: bool,
}

impl TextFont {
    pub(super) fn face(&self) -> DrawResult<&'static FontRef<'static>> {
        let f = faces().ok_or("the embedded DejaVu Sans could not be read")?;
        Ok(if self.bold { &f.bold } else { &f.regular })
    }

    /// ab_glyph scales a font by its ascent-to-descent height; this is the scale whose em is
    /// `self.em` pixels, the `font-size` the SVG gives the same text.
    pub(super) fn scale(&self, face: &FontRef<'static>) -> PxScale {
        let upem = face.units_per_em().unwrap_or(2048.0);
        PxScale::from(self.em as f32 * face.height_unscaled() / upem)
    }

    /// Advance width of `text`, kerning included.
    pub(super) fn width(&self, text: &str) -> DrawResult<f32> {
        let face = self.face()?;
        let scaled = face.as_scaled(self.scale(face));
        let mut w = 0.0;
        let mut prev = None;
        for ch in text.chars() {
            let id = scaled.glyph_id(ch);
            if let Some(p) = prev {
                w += scaled.kern(p, id);
            }
            w += scaled.h_advance(id);
            prev = Some(id);
        }
        Ok(w)
    }
}
