//! The glyph and raster caches of the charts' text (`render/charts/text.rs`: glyph ids,
//! advances and kerning in font units, outlines, and rasterised coverage keyed by glyph, scale,
//! subpixel offset and size) against asking ab_glyph each time, on every text of the shipped
//! report's charts (output/charts/*.svg: their strings, sizes, weights and positions), laid out
//! and rasterised as the PNG charts draw them.
//!
//! `TextFont` is private to the charts; the cached path below is its lookups, with the same keys
//! and maps (a test there checks they give ab_glyph's values to the bit; so does this one).

mod common;

use std::collections::HashMap;
use std::rc::Rc;

use ab_glyph::{Font, FontRef, Glyph, GlyphId, Outline, OutlinedGlyph, PxScale, ScaleFont, point};
use divan::Bencher;
use foldhash::fast::FixedState;

fn main() {
    divan::main();
}

/// One text of a chart: its characters, size (em, pixels), weight and position.
struct Text {
    chars: String,
    em: f32,
    bold: bool,
    x: f32,
    y: f32,
}

/// The value of attribute `name` in the tag `tag`.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// Every `<text>` of the committed SVG charts, twice (the PNG at 2× draws the same texts).
fn texts() -> Vec<Text> {
    let mut out = Vec::new();
    for path in common::files("charts", "svg") {
        let svg = std::fs::read_to_string(&path).expect("a chart");
        for piece in svg.split("<text").skip(1) {
            let Some((tag, rest)) = piece.split_once('>') else {
                continue;
            };
            let Some((chars, _)) = rest.split_once("</text>") else {
                continue;
            };
            let num = |n| attr(tag, n).and_then(|v| v.parse::<f32>().ok());
            let chars = chars.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
            for scale in [1.0, 2.0] {
                out.push(Text {
                    chars: chars.clone(),
                    em: scale * num("font-size").unwrap_or(11.5),
                    bold: attr(tag, "font-weight") == Some("bold"),
                    x: scale * num("x").unwrap_or(0.0) + 0.37,
                    y: scale * num("y").unwrap_or(0.0) + 0.81,
                });
            }
        }
    }
    out
}

fn face(bold: bool) -> FontRef<'static> {
    FontRef::try_from_slice(if bold {
        dejavu::sans::bold()
    } else {
        dejavu::sans::regular()
    })
    .expect("DejaVu")
}

fn px_scale(face: &FontRef<'static>, em: f32) -> PxScale {
    PxScale::from(em * face.height_unscaled() / face.units_per_em().unwrap_or(2048.0))
}

/// A checksum of every pixel's coverage and position drawn.
type Sum = f64;

/// The plain way: each glyph, kerning and advance asked of the font, each glyph outlined and
/// rasterised, for every text.
fn plain(texts: &[Text], faces: &[FontRef<'static>; 2]) -> Sum {
    let mut sum = 0.0;
    for t in texts {
        let face = &faces[usize::from(t.bold)];
        let scale = px_scale(face, t.em);
        let scaled = face.as_scaled(scale);
        let (mut x, mut prev) = (t.x, None);
        for ch in t.chars.chars() {
            let id = scaled.glyph_id(ch);
            if let Some(p) = prev {
                x += scaled.kern(p, id);
            }
            let position = point(x, t.y);
            if let Some(outlined) = face.outline_glyph(Glyph { id, scale, position }) {
                let b = outlined.px_bounds();
                outlined.draw(|px, py, c| {
                    if c > 0.002 {
                        sum += f64::from(c) + f64::from(px + py) + f64::from(b.min.x + b.min.y);
                    }
                });
            }
            x += scaled.h_advance(id);
            prev = Some(id);
        }
    }
    sum
}

#[derive(PartialEq, Eq, Hash)]
struct RasterKey {
    bold: bool,
    id: GlyphId,
    scale: [u32; 2],
    offset: [u32; 2],
    size: [u32; 2],
}

/// A glyph's covered pixels, as text.rs keeps them.
type Coverage = Rc<[(u16, u16, f32)]>;

/// text.rs's `Units`.
#[derive(Default)]
struct Units {
    glyphs: HashMap<(bool, char), (GlyphId, f32), FixedState>,
    kerning: HashMap<(bool, GlyphId, GlyphId), f32, FixedState>,
    outlines: HashMap<(bool, GlyphId), Option<Outline>, FixedState>,
    rasters: HashMap<RasterKey, Coverage, FixedState>,
}

/// Ours: text.rs's `TextFont::glyphs` and `TextFont::raster`, their caches living across texts
/// (one per thread there, for the whole run).
fn cached(texts: &[Text], faces: &[FontRef<'static>; 2], units: &mut Units) -> Sum {
    let mut sum = 0.0;
    for t in texts {
        let face = &faces[usize::from(t.bold)];
        let scale = px_scale(face, t.em);
        let scaled = face.as_scaled(scale);
        let factor = scaled.h_scale_factor();
        let scale_factor = scaled.scale_factor();
        let (mut x, mut prev) = (t.x, None);
        for ch in t.chars.chars() {
            let (id, advance) = *units.glyphs.entry((t.bold, ch)).or_insert_with(|| {
                let id = face.glyph_id(ch);
                (id, face.h_advance_unscaled(id))
            });
            if let Some(p) = prev {
                x += factor
                    * *units
                        .kerning
                        .entry((t.bold, p, id))
                        .or_insert_with(|| face.kern_unscaled(p, id));
            }
            let position = point(x, t.y);
            let outline = units.outlines.entry((t.bold, id)).or_insert_with(|| face.outline(id));
            if let Some(outline) = outline {
                let bounds = outline.px_bounds(scale_factor, position);
                let offset = position - bounds.min;
                let key = RasterKey {
                    bold: t.bold,
                    id,
                    scale: [scale.x.to_bits(), scale.y.to_bits()],
                    offset: [offset.x.to_bits(), offset.y.to_bits()],
                    size: [bounds.width() as u32, bounds.height() as u32],
                };
                let pixels = match units.rasters.get(&key) {
                    Some(p) => Rc::clone(p),
                    None => {
                        let mut pixels = Vec::new();
                        OutlinedGlyph::new(Glyph { id, scale, position }, outline.clone(), scale_factor).draw(
                            |x, y, c| {
                                if c > 0.002 {
                                    pixels.push((x as u16, y as u16, c));
                                }
                            },
                        );
                        let pixels: Coverage = pixels.into();
                        units.rasters.insert(key, Rc::clone(&pixels));
                        pixels
                    }
                };
                let origin = (bounds.min.x as i32, bounds.min.y as i32);
                for &(px, py, c) in pixels.iter() {
                    sum += f64::from(c) + f64::from(u32::from(px) + u32::from(py)) + f64::from(origin.0 + origin.1);
                }
            }
            x += factor * advance;
            prev = Some(id);
        }
    }
    sum
}

/// Every text of the shipped charts, caches empty at the start (one report's first charts).
#[divan::bench]
fn caches_cold(bencher: Bencher) {
    let (texts, faces) = (texts(), [face(false), face(true)]);
    assert_eq!(cached(&texts, &faces, &mut Units::default()), plain(&texts, &faces));
    bencher.bench_local(|| cached(divan::black_box(&texts), &faces, &mut Units::default()));
}

/// The same, caches filled by a first pass (a panel's later charts: the same ticks and legends).
#[divan::bench]
fn caches_warm(bencher: Bencher) {
    let (texts, faces) = (texts(), [face(false), face(true)]);
    let mut units = Units::default();
    cached(&texts, &faces, &mut units);
    bencher.bench_local(|| cached(divan::black_box(&texts), &faces, &mut units));
}

/// Every text, asking ab_glyph each time.
#[divan::bench]
fn no_cache(bencher: Bencher) {
    let (texts, faces) = (texts(), [face(false), face(true)]);
    bencher.bench_local(|| plain(divan::black_box(&texts), &faces));
}
