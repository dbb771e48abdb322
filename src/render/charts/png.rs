//! Output formats: the chart drawn on plotters' SVG backend, or on a bitmap encoded as PNG.

use std::cell::Cell;

use plotters::prelude::{BitMapBackend, IntoDrawingArea, SVGBackend};

use super::DrawResult;
use super::draw::render;
use super::model::Chart;

/// The chart as a PNG file: 8-bit, indexed when it has at most 256 colours (most charts: flat
/// fills, and text and lines antialiased towards white), RGB otherwise; no filter, deflate level
/// 2; the only metadata is the resolution (pHYs). Either way the pixels are the ones drawn.
pub(super) fn png_bytes(chart: &Chart, w: u32, h: u32, dpi: u32) -> DrawResult<Vec<u8>> {
    // The buffers are reused by the thread's next chart: fresh ones cost page faults and zeroing
    // for every chart (BENCHMARKS.md). `render` paints every pixel, so what they held is
    // irrelevant.
    let mut pixels = PIXELS.take();
    let mut indices = INDICES.take();
    pixels.resize(w as usize * h as usize * 3, 0);
    let out = draw_and_encode(&mut pixels, &mut indices, chart, w, h, dpi);
    if pixels.len() <= MAX_KEPT {
        PIXELS.set(pixels);
        INDICES.set(indices);
    }
    out
}

thread_local! {
    /// The last bitmap this thread drew.
    static PIXELS: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
    /// Its palette indices, a third of its size.
    static INDICES: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Largest bitmap kept, with its indices, for the next chart (a 1000 × 600 chart at 192 dpi is
/// 7.2 MB).
const MAX_KEPT: usize = 16 << 20;

fn draw_and_encode(
    pixels: &mut [u8],
    indices: &mut Vec<u8>,
    chart: &Chart,
    w: u32,
    h: u32,
    dpi: u32,
) -> DrawResult<Vec<u8>> {
    {
        let root = BitMapBackend::with_buffer(pixels, (w, h)).into_drawing_area();
        render(&root, chart, true)?;
        root.present()?;
    }
    encode(pixels, indices, w, h, dpi)
}

/// An RGB bitmap of `w` × `h` as a PNG file (see [`png_bytes`]); `indices` is scratch space.
///
/// Indexed, deflate reads a third of the bytes (one a pixel rather than three) and writes fewer: no
/// slower than RGB in release, for smaller PNGs (BENCHMARKS.md).
fn encode(pixels: &[u8], indices: &mut Vec<u8>, w: u32, h: u32, dpi: u32) -> DrawResult<Vec<u8>> {
    let palette = palette_index::index(pixels, indices);
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    match &palette {
        Some(palette) => {
            encoder.set_color(png::ColorType::Indexed);
            encoder.set_palette(palette.as_slice());
        }
        None => encoder.set_color(png::ColorType::Rgb),
    }
    encoder.set_depth(png::BitDepth::Eight);
    // Level 2, no filter, chosen by measurement with flate2's zlib-rs back end (BENCHMARKS.md):
    // level 1 is barely faster for many more bytes, level 6 slower for few fewer.
    encoder.set_deflate_compression(png::DeflateCompression::Level(2));
    encoder.set_filter(png::Filter::NoFilter);
    let per_metre = (f64::from(dpi) / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header()?;
    writer.write_image_data(if palette.is_some() { indices } else { pixels })?;
    writer.finish()?;
    Ok(out)
}

pub(super) fn svg_string(chart: &Chart, w: u32, h: u32) -> DrawResult<String> {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (w, h)).into_drawing_area();
        render(&root, chart, false)?;
        root.present()?;
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes a PNG to RGB triples, palettes expanded, as a viewer would; with its colour type.
    fn decode(bytes: &[u8]) -> (png::ColorType, Vec<u8>) {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let color = reader.info().color_type;
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut buf).unwrap();
        buf.truncate(frame.buffer_size());
        (color, buf)
    }

    /// A bitmap of `w` × `h` in runs of 7 pixels, the k-th run of colour `k % colours`: colour c
    /// is (c, 255 − c, c / 2) for c < 256, then others.
    fn bitmap(w: u32, h: u32, colours: usize) -> Vec<u8> {
        (0..(w * h) as usize)
            .flat_map(|k| {
                let c = (k / 7) % colours;
                let (lo, hi) = ((c % 256) as u8, (c / 256) as u8);
                [lo, 255 - lo, lo / 2 + hi]
            })
            .collect()
    }

    #[test]
    fn up_to_256_colours_give_an_indexed_png_of_the_same_pixels() {
        for colours in [1, 2, 255, 256] {
            let pixels = bitmap(40, 70, colours);
            let bytes = encode(&pixels, &mut Vec::new(), 40, 70, 96).unwrap();
            assert_eq!(decode(&bytes), (png::ColorType::Indexed, pixels), "{colours} colours");
        }
    }

    #[test]
    fn more_colours_give_an_rgb_png_of_the_same_pixels() {
        let pixels = bitmap(40, 70, 257);
        let bytes = encode(&pixels, &mut Vec::new(), 40, 70, 96).unwrap();
        assert_eq!(decode(&bytes), (png::ColorType::Rgb, pixels));
    }
}
