//! Text: the embedded DejaVu Sans, registered with plotters and measured and rasterised here
//! with ab_glyph, so that the layout and the PNG pixels do not depend on the fonts installed.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::OnceLock;

use ab_glyph::{Font as _, FontRef, Glyph, GlyphId, Outline, OutlinedGlyph, Point, PxScale, ScaleFont};
use plotters::style::{FontStyle, RGBColor, register_font};

use super::{DrawResult, FONT_FAMILY};
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
        let mut w = 0.0;
        for (_, kern, advance) in self.glyphs(text)? {
            w += kern;
            w += advance;
        }
        Ok(w)
    }

    /// For each character of `text`, its glyph, the kerning before it (with the previous one) and
    /// its advance, in pixels at this font's size: ab_glyph's own scaled values, from font units
    /// looked up once a thread (`Units`).
    pub(super) fn glyphs(&self, text: &str) -> DrawResult<Vec<(GlyphId, f32, f32)>> {
        let face = self.face()?;
        let scaled = face.as_scaled(self.scale(face));
        // As `ScaleFont::kern` and `h_advance` compute them: the factor times the font units.
        let factor = scaled.h_scale_factor();
        UNITS.with_borrow_mut(|units| {
            let mut out = Vec::with_capacity(text.len());
            let mut prev = None;
            for ch in text.chars() {
                let (id, advance) = *units.glyphs.entry((self.bold, ch)).or_insert_with(|| {
                    let id = face.glyph_id(ch);
                    (id, face.h_advance_unscaled(id))
                });
                let kern = match prev {
                    Some(p) => {
                        factor
                            * *units
                                .kerning
                                .entry((self.bold, p, id))
                                .or_insert_with(|| face.kern_unscaled(p, id))
                    }
                    None => 0.0,
                };
                out.push((id, kern, factor * advance));
                prev = Some(id);
            }
            Ok(out)
        })
    }

    /// The pixels one glyph covers when placed at `position` (at `scale`, this font's), as
    /// ab_glyph's `OutlinedGlyph` draws them: its top-left pixel, and each pixel it covers by more
    /// than 0.002 (what text draws), relative to it, in drawing order. `None` for a glyph without
    /// an outline (a space).
    ///
    /// ab_glyph rasterises a glyph from its outline, its scale, the offset of `position` from its
    /// pixel bounds and their size; the coverage is a function of those alone, so it is drawn
    /// once per thread for each such key and reused: tick labels, years and legends repeat, and
    /// digits share positions. Outlines are read from the font once per glyph.
    pub(super) fn raster(&self, id: GlyphId, scale: PxScale, position: Point) -> DrawResult<Option<GlyphRaster>> {
        let face = self.face()?;
        let scale_factor = face.as_scaled(scale).scale_factor();
        UNITS.with_borrow_mut(|units| {
            let outline = units
                .outlines
                .entry((self.bold, id))
                .or_insert_with(|| face.outline(id));
            let Some(outline) = outline else {
                return Ok(None);
            };
            // As `OutlinedGlyph::new` and `draw` compute them.
            let bounds = outline.px_bounds(scale_factor, position);
            let offset = position - bounds.min;
            let (w, h) = (bounds.width() as u32, bounds.height() as u32);
            let key = RasterKey {
                bold: self.bold,
                id,
                scale: [scale.x.to_bits(), scale.y.to_bits()],
                offset: [offset.x.to_bits(), offset.y.to_bits()],
                size: [w, h],
            };
            let pixels = match units.rasters.get(&key) {
                Some(p) => Rc::clone(p),
                None => {
                    let glyph = Glyph { id, scale, position };
                    let mut pixels = Vec::new();
                    OutlinedGlyph::new(glyph, outline.clone(), scale_factor).draw(|x, y, c| {
                        if c > 0.002 || c.is_nan() {
                            // A glyph's bounds are far below 65,536 pixels (text is at most
                            // 4 times its reference size); skipped, not wrapped, if not.
                            if let (Ok(x), Ok(y)) = (u16::try_from(x), u16::try_from(y)) {
                                pixels.push((x, y, c));
                            }
                        }
                    });
                    let pixels: Coverage = pixels.into();
                    if units.raster_pixels + pixels.len() > MAX_RASTER_PIXELS {
                        units.rasters.clear();
                        units.raster_pixels = 0;
                    }
                    units.raster_pixels += pixels.len();
                    units.rasters.insert(key, Rc::clone(&pixels));
                    pixels
                }
            };
            Ok(Some(GlyphRaster {
                origin: (bounds.min.x as i32, bounds.min.y as i32),
                pixels,
            }))
        })
    }
}

/// One glyph's pixels: see [`TextFont::raster`].
pub(super) struct GlyphRaster {
    /// Top-left pixel of the glyph's bounds, in the text's coordinates.
    pub(super) origin: (i32, i32),
    /// (x, y, coverage) from `origin`, coverage above 0.002.
    pub(super) pixels: Coverage,
}

/// (x, y, coverage) of a glyph's pixels, shared between the cache and the texts drawing it.
pub(super) type Coverage = Rc<[(u16, u16, f32)]>;

/// What a glyph's rasterised coverage depends on (see [`TextFont::raster`]); floats by their bits.
#[derive(PartialEq, Eq, Hash)]
struct RasterKey {
    bold: bool,
    id: GlyphId,
    scale: [u32; 2],
    offset: [u32; 2],
    size: [u32; 2],
}

/// Pixels of rasterised glyphs kept per thread (8 bytes each): a panel's charts draw many
/// numbers, and large canvases large glyphs, so the cache starts again when full.
const MAX_RASTER_PIXELS: usize = 1 << 20;

/// Glyph ids, advances and kerning pairs of the two faces, in font units, their outlines and the
/// glyphs rasterised so far: the charts measure and draw the same few dozen characters
/// thousands of times, and each
/// lookup searches the font's tables (BENCHMARKS.md).
#[derive(Default)]
struct Units {
    /// (bold, character) → glyph and its advance.
    glyphs: HashMap<(bool, char), (GlyphId, f32), foldhash::fast::FixedState>,
    /// (bold, glyph before, glyph) → kerning.
    kerning: HashMap<(bool, GlyphId, GlyphId), f32, foldhash::fast::FixedState>,
    /// (bold, glyph) → its outline, in font units.
    outlines: HashMap<(bool, GlyphId), Option<Outline>, foldhash::fast::FixedState>,
    /// Rasterised glyphs, and how many pixels they hold.
    rasters: HashMap<RasterKey, Coverage, foldhash::fast::FixedState>,
    raster_pixels: usize,
}

thread_local! {
    /// One per thread: charts are drawn in parallel, and a lookup must not wait on a lock.
    static UNITS: RefCell<Units> = RefCell::new(Units::default());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Black, horizontal text of `em` pixels.
    fn black(em: f64, bold: bool) -> TextFont {
        TextFont {
            em,
            bold,
            color: RGBColor(0, 0, 0),
            rotated: false,
        }
    }

    /// The looked-up values are ab_glyph's scaled ones to the bit, so the charts' pixels and
    /// layout cannot change with the lookup; asked twice, so the second answers from the cache.
    #[test]
    fn glyphs_give_ab_glyphs_kerning_and_advances_exactly() {
        for (em, bold) in [(11.0, false), (13.5, true), (9.25, false)] {
            let font = black(em, bold);
            let face = font.face().unwrap();
            let scaled = face.as_scaled(font.scale(face));
            for text in ["AVATAR Ty, 2019–2023 (%)", "Workforce: 15 094 − Tô", "AV"] {
                for _ in 0..2 {
                    let got = font.glyphs(text).unwrap();
                    let mut prev = None;
                    let mut want = Vec::new();
                    let mut width = 0.0;
                    for ch in text.chars() {
                        let id = scaled.glyph_id(ch);
                        let kern = prev.map_or(0.0, |p| scaled.kern(p, id));
                        // As the width was measured before the lookup: kerning only after a glyph.
                        if prev.is_some() {
                            width += kern;
                        }
                        width += scaled.h_advance(id);
                        want.push((id, kern, scaled.h_advance(id)));
                        prev = Some(id);
                    }
                    assert_eq!(got, want, "{text}");
                    assert_eq!(font.width(text).unwrap().to_bits(), f32::to_bits(width));
                }
            }
        }
        // "AV" is kerned in DejaVu Sans: the test compares a kerning that is not zero.
        let font = black(11.0, false);
        assert!(font.glyphs("AV").unwrap()[1].1 < 0.0);
    }

    /// A glyph's cached pixels are those ab_glyph draws at that position, to the bit, for
    /// positions that share a subpixel offset (cache hits) and positions that do not, left and
    /// right of the origin, at several sizes, regular and bold; a space has none.
    #[test]
    fn rasters_are_ab_glyphs_drawing_exactly() {
        // Sizes close enough to share offsets and bounds, and the same size in both weights: a
        // key without the scale or the weight would give one's pixels for the other.
        for (em, bold) in [(11.5, false), (11.51, false), (11.5, true), (12.5, false), (14.0, true)] {
            let font = black(em, bold);
            let face = font.face().unwrap();
            let scale = font.scale(face);
            for ch in ['2', 'g', 'É', '%'] {
                let id = face.glyph_id(ch);
                for x in [0.0, 0.25, 3.25, -7.75, -0.4, 101.3, 12.0625] {
                    for y in [8.74, -3.5] {
                        let position = ab_glyph::point(x, y);
                        let outlined = face.outline_glyph(Glyph { id, scale, position }).unwrap();
                        let mut want = Vec::new();
                        outlined.draw(|x, y, c| {
                            if c > 0.002 || c.is_nan() {
                                want.push((x, y, c.to_bits()));
                            }
                        });
                        let b = outlined.px_bounds();
                        for _ in 0..2 {
                            let got = font.raster(id, scale, position).unwrap().unwrap();
                            assert_eq!(got.origin, (b.min.x as i32, b.min.y as i32), "{ch} at {x}, {y}");
                            let got: Vec<_> = got
                                .pixels
                                .iter()
                                .map(|&(x, y, c)| (u32::from(x), u32::from(y), c.to_bits()))
                                .collect();
                            assert_eq!(got, want, "{ch} at {x}, {y}");
                        }
                    }
                }
            }
            let space = face.glyph_id(' ');
            assert!(font.raster(space, scale, ab_glyph::point(1.5, 2.0)).unwrap().is_none());
        }
    }
}
