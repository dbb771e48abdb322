//! Drawing described charts into their files: each chart in each format of the options, the
//! files drawn and encoded in parallel, returned in chart order, then format order.

use rayon::prelude::*;

use super::model::Chart;
use super::{ChartFormat, ChartOptions, MAX_PIXELS, MAX_SIDE, MIN_SIDE, RenderedChart, png, rendered, text};
use crate::error::{Error, Result};
use crate::load::definition::ChartDef;

/// Draws every described chart in each format of `opts`, in order. Fails only on invalid
/// options or when a backend fails.
pub(super) fn draw_all(charts: &[(&ChartDef, Chart)], opts: &ChartOptions) -> Result<Vec<RenderedChart>> {
    check(opts)?;
    let mut formats: Vec<ChartFormat> = Vec::new();
    for f in &opts.formats {
        if !formats.contains(f) {
            formats.push(*f);
        }
    }
    let (w, h) = (opts.width, opts.height);
    let (pw, ph) = opts.png_size();
    let jobs: Vec<(usize, ChartFormat)> = (0..charts.len())
        .flat_map(|i| formats.iter().map(move |f| (i, *f)))
        .collect();
    // Bitmaps first: each takes about ten times an SVG file, and short jobs near the end of the
    // list even out the cores better than long ones. Put back in job order after.
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&j| jobs[j].1 != ChartFormat::Png);
    let mut files: Vec<(usize, std::result::Result<Vec<u8>, String>)> = order
        .par_iter()
        .map(|&j| {
            let (i, format) = jobs[j];
            let chart = &charts[i].1;
            let bytes = match format {
                ChartFormat::Svg => png::svg_string(chart, w, h).map(String::into_bytes),
                ChartFormat::Png => png::png_bytes(chart, pw, ph, opts.dpi),
            };
            (j, bytes.map_err(|e| e.to_string()))
        })
        .collect();
    files.sort_by_key(|&(j, _)| j);
    let mut files = jobs.iter().zip(files.into_iter().map(|(_, bytes)| bytes));
    let mut out = Vec::new();
    for (def, chart) in charts {
        let mut mine = Vec::new();
        for _ in &formats {
            let Some((&(_, format), bytes)) = files.next() else {
                break;
            };
            let bytes = bytes.map_err(|message| Error::Chart {
                chart: def.name.clone(),
                message,
            })?;
            mine.push((format, bytes));
        }
        out.push(rendered(def, chart, mine));
    }
    Ok(out)
}

/// Refuses sizes out of bounds (the PNG's at the requested dpi too), and fails if the embedded
/// font cannot be read; registers it for the backends otherwise.
fn check(opts: &ChartOptions) -> Result<()> {
    let side = MIN_SIDE..=MAX_SIDE;
    for (w, h) in [(opts.width, opts.height), opts.png_size()] {
        if !side.contains(&w) || !side.contains(&h) || u64::from(w) * u64::from(h) > MAX_PIXELS {
            return Err(Error::Chart {
                chart: "(all)".into(),
                message: format!(
                    "expected a width and height (PNG: at the requested dpi) between {MIN_SIDE} and {MAX_SIDE} pixels, {MAX_PIXELS} pixels at most, found {w}×{h}"
                ),
            });
        }
    }
    if text::faces().is_none() {
        return Err(Error::Chart {
            chart: "(all)".into(),
            message: "the embedded DejaVu Sans could not be read".into(),
        });
    }
    text::register_fonts()
}
