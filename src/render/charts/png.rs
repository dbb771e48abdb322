//! Output formats: the chart drawn on plotters' SVG backend, or on a bitmap encoded as PNG.

use std::cell::Cell;

use plotters::prelude::{BitMapBackend, IntoDrawingArea, SVGBackend};

use super::draw::{DrawResult, render};
use super::model::Chart;

/// The chart as a PNG file: 8-bit RGB, no filter, deflate level 2; the only metadata is the
/// resolution (pHYs).
///
/// Indexed colour was tried (most charts have under 256 colours): 36% fewer bytes in the same
/// release time, but its per-pixel pass, unoptimised in the dev profile the README's command
/// runs, took the charts there from 104 to 160 ms (BENCHMARKS.md).
pub(super) fn png_bytes(chart: &Chart, w: u32, h: u32, dpi: u32) -> DrawResult<Vec<u8>> {
    // The bitmap is reused by the thread's next chart: a fresh one cost a tenth of the charts'
    // time in page faults and zeroing. `render` paints every pixel, so what it held is
    // irrelevant.
    let mut pixels = PIXELS.take();
    pixels.resize(w as usize * h as usize * 3, 0);
    let out = draw_and_encode(&mut pixels, chart, w, h, dpi);
    if pixels.len() <= MAX_KEPT {
        PIXELS.set(pixels);
    }
    out
}

thread_local! {
    /// The last bitmap this thread drew.
    static PIXELS: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Largest bitmap kept for the next chart (a 1000 × 600 chart at 192 dpi is 7.2 MB).
const MAX_KEPT: usize = 16 << 20;

fn draw_and_encode(pixels: &mut [u8], chart: &Chart, w: u32, h: u32, dpi: u32) -> DrawResult<Vec<u8>> {
    {
        let root = BitMapBackend::with_buffer(pixels, (w, h)).into_drawing_area();
        render(&root, chart, true)?;
        root.present()?;
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    // Level 2, no filter: measured (BENCHMARKS.md) with flate2's zlib-rs back end, where level 1
    // saves 1 ms for 27% more bytes and level 6 costs 6 ms for 9% fewer.
    encoder.set_deflate_compression(png::DeflateCompression::Level(2));
    encoder.set_filter(png::Filter::NoFilter);
    let per_metre = (f64::from(dpi) / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header()?;
    writer.write_image_data(pixels)?;
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
