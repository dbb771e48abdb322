//! Charts stage: draws the charts of the report definition (`[[charts]]` of `report.toml`) with
//! plotters, as SVG and PNG, in memory.
//!
//! Each definition is read into a description of the chart as data (`model::Chart`: frame
//! texts, facets, axes and marks in data coordinates) by the builder of its facets' kind
//! (`bars`, `change`, `lines`, `projection`), every value through one resolver
//! (`query::Ctx`) that records the data rows read, for the footer. One renderer (`draw`,
//! `facet`) then lays it out in pixels and draws it on either backend (`png`). Text is
//! measured with the embedded font (`text`: DejaVu Sans), so the layout is the same in both
//! formats and on every machine. Nothing here iterates a hash map: the same inputs give the same
//! bytes.
//!
//! Missing data is a normal state: a chart element whose inputs are absent is left out and listed
//! as [`NotComputed`] with the reason; a chart with nothing to draw is left out entirely.
//!
//! Colours are the Okabe–Ito palette, picked so that series compared in one chart differ in
//! lightness too (readable in greyscale); lines also differ by dash pattern and marker.

mod bars;
mod change;
mod data;
mod draw;
mod facet;
mod geometry;
mod lines;
mod model;
mod png;
mod projection;
mod query;
mod sources;
mod text;

use rayon::prelude::*;

use crate::analysis::Analysis;
use crate::compute::NotComputed;
use crate::error::{Error, Result};
use crate::load::definition::ChartDef;
use crate::load::definition::charts::PanelDef;
use crate::period::Period;

pub use data::{DataKind, DataRow, DataSeries, FacetData};
use model::{Axis, Chart, Facet, Frame, Key, long_label};
use query::Ctx;

/// What drawing returns: plotters' backends and the glyph code fail with errors of their own
/// types, boxed alike so that one `?` carries any of them up to the chart's caller.
type DrawResult<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

/// A file format charts are rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartFormat {
    /// Scalable vector graphics (what the dashboard inlines).
    Svg,
    /// Bitmap, at the options' `dpi`.
    Png,
}

impl ChartFormat {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ChartFormat::Svg => "svg",
            ChartFormat::Png => "png",
        }
    }
}

/// How charts are rendered: formats, size and resolution.
#[derive(Debug, Clone)]
pub struct ChartOptions {
    /// Formats to render; each is rendered once, in the order listed.
    pub formats: Vec<ChartFormat>,
    /// Size of the chart in CSS pixels (1/96 inch): the SVG's size, and the PNG's at 96 dpi.
    pub width: u32,
    /// Height of the chart in CSS pixels.
    pub height: u32,
    /// Resolution of PNG files: a PNG has width × dpi / 96 pixels across, the same layout drawn
    /// finer, and records its resolution in its pHYs chunk.
    pub dpi: u32,
}

/// The resolution at which one chart pixel is one PNG pixel.
pub const BASE_DPI: u32 = 96;

impl ChartOptions {
    /// Pixel size of the PNG files.
    pub fn png_size(&self) -> (u32, u32) {
        let scale =
            |v: u32| ((u64::from(v) * u64::from(self.dpi) + u64::from(BASE_DPI) / 2) / u64::from(BASE_DPI)) as u32;
        (scale(self.width), scale(self.height))
    }
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            formats: vec![ChartFormat::Svg, ChartFormat::Png],
            width: 1000,
            height: 600,
            dpi: BASE_DPI,
        }
    }
}

/// Font family every text of every chart uses. The embedded DejaVu Sans is registered under
/// this name, which is also what SVG files name as their `font-family`: DejaVu Sans where a
/// viewer has it, its sans-serif otherwise.
pub const FONT_FAMILY: &str = "DejaVu Sans, sans-serif";

/// Largest width or height accepted, in pixels.
pub const MAX_SIDE: u32 = 8_000;
/// Largest number of pixels accepted (a bitmap is width × height × 3 bytes).
pub const MAX_PIXELS: u64 = 24_000_000;
/// Smallest width or height accepted, in pixels.
pub const MIN_SIDE: u32 = 100;

/// One chart rendered in memory; the report stage writes the files, the dashboard inlines the SVG.
#[derive(Debug, Clone)]
pub struct RenderedChart {
    /// File name without extension.
    pub name: String,
    /// The dashboard's group (`workforce`, `budget`, …).
    pub domain: String,
    /// The title drawn, placeholders filled.
    pub title: String,
    /// The files, in the order of the options' formats, each format once; SVG bytes are UTF-8.
    pub files: Vec<(ChartFormat, Vec<u8>)>,
    /// The notes and source lines drawn below the chart, in order.
    pub footer: Vec<String>,
    /// Each facet's numbers, for a spreadsheet's cells and native charts.
    pub facets: Vec<FacetData>,
}

/// Renders every chart of the report definition, in its order. Charts and chart elements the data
/// cannot fill are left out and returned with the reason. Fails only on invalid options or
/// when a backend fails.
pub fn render_all(a: &Analysis, opts: &ChartOptions) -> Result<(Vec<RenderedChart>, Vec<NotComputed>)> {
    let (w, h) = (opts.width, opts.height);
    let (pw, ph) = opts.png_size();
    let side = MIN_SIDE..=MAX_SIDE;
    for (w, h) in [(w, h), (pw, ph)] {
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
    text::register_fonts()?;
    let mut formats: Vec<ChartFormat> = Vec::new();
    for f in &opts.formats {
        if !formats.contains(f) {
            formats.push(*f);
        }
    }
    // Describe every chart (cheap), then draw and encode each file in parallel: the files come
    // back in chart order, then format order, whatever the scheduling.
    let mut built = Vec::new();
    let mut missing = Vec::new();
    for def in &a.dataset.definition.charts {
        let (chart, gaps) = build(a, def);
        missing.extend(gaps);
        if let Some(chart) = chart {
            built.push((def, chart));
        }
    }
    let jobs: Vec<(usize, ChartFormat)> = (0..built.len())
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
            let chart = &built[i].1;
            let bytes = match format {
                ChartFormat::Svg => png::svg_string(chart, w, h).map(String::into_bytes),
                ChartFormat::Png => png::png_bytes(chart, pw, ph, opts.dpi),
            };
            (j, bytes.map_err(|e| e.to_string()))
        })
        .collect();
    files.sort_by_key(|&(j, _)| j);
    let mut files = jobs.iter().zip(files.into_iter().map(|(_, bytes)| bytes));
    let mut rendered = Vec::new();
    for (def, chart) in &built {
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
        let footer = chart.frame.notes.iter().chain(&chart.frame.sources);
        rendered.push(RenderedChart {
            name: def.name.clone(),
            domain: def.domain.clone(),
            title: chart.frame.title.clone(),
            files: mine,
            footer: footer.filter(|t| !t.is_empty()).cloned().collect(),
            facets: chart.data.clone(),
        });
    }
    Ok((rendered, missing))
}

/// What a facet builder returns: the facet, and what it adds to the frame.
struct Built {
    facet: Facet,
    /// The facet's numbers as a table.
    data: FacetData,
    legend: Vec<Key>,
    /// Notes, placeholders filled.
    notes: Vec<String>,
    /// Periods the facet resolved (`from`, `to`, `period`), for the chart's texts.
    periods: Vec<(&'static str, Period)>,
    /// Other values for the chart's texts (`horizon`).
    vars: Vec<(String, String)>,
    /// Years of a year axis, made common to every such facet of the chart.
    years: Option<(i32, i32)>,
}

impl Built {
    fn new(facet: Facet, data: FacetData) -> Self {
        Built {
            facet,
            data,
            legend: Vec::new(),
            notes: Vec::new(),
            periods: Vec::new(),
            vars: Vec::new(),
            years: None,
        }
    }
}

/// Builds one chart from its definition: the chart, or None when nothing can be drawn; and what
/// was left out.
fn build(a: &Analysis, def: &ChartDef) -> (Option<Chart>, Vec<NotComputed>) {
    let mut ctx = Ctx::new(a, &def.name);
    let many = def.panels.len() > 1;
    let mut built: Vec<Built> = Vec::new();
    for (i, p) in def.panels.iter().enumerate() {
        // Named as the figure letters its plots: (a), (b)…
        let element = match (many, u8::try_from(i)) {
            (true, Ok(k)) if k < 26 => format!("plot ({})", char::from(b'a' + k)),
            (true, _) => format!("plot {}", i + 1),
            (false, _) => "plot".into(),
        };
        let b = match p {
            PanelDef::Bars(d) => bars::build(&mut ctx, d, &element),
            PanelDef::ChangeBars(d) => change::build(&mut ctx, d, &element),
            PanelDef::Lines(d) => lines::build(&mut ctx, d, &element),
            PanelDef::Projection(d) => projection::build(&mut ctx, d, &element),
        };
        built.extend(b);
    }
    if built.is_empty() {
        let reason = match ctx.missing.split_first() {
            Some((first, rest)) if !rest.is_empty() => {
                format!(
                    "nothing to draw: {} ({}; and {} more)",
                    first.item,
                    first.reason,
                    rest.len()
                )
            }
            Some((first, _)) => format!("nothing to draw: {} ({})", first.item, first.reason),
            None => "nothing to draw: the definition has no panel".into(),
        };
        let item = NotComputed {
            item: format!("chart {}", def.name),
            reason,
        };
        return (None, vec![item]);
    }
    // Year axes: the same years on every facet.
    let span = built
        .iter()
        .filter_map(|b| b.years)
        .reduce(|x, y| (x.0.min(y.0), x.1.max(y.1)));
    if let Some((first, last)) = span {
        for b in built.iter_mut().filter(|b| b.years.is_some()) {
            b.facet.x = year_axis(first, last, &b.facet.x.title);
        }
    }
    let vars = chart_vars(&built);
    let org = &a.dataset.organisation;
    let mut notes: Vec<String> = def.notes.iter().map(|n| fill(&org.fill(n), &vars)).collect();
    let mut facets = Vec::new();
    let mut data = Vec::new();
    let keys: Vec<Vec<Key>> = built
        .iter_mut()
        .map(|b| facet_keys(std::mem::take(&mut b.legend), b.facet.title.as_deref()))
        .collect();
    let (legend, mut own) = place_keys(keys);
    for (mut b, own) in built.into_iter().zip(own.iter_mut()) {
        b.facet.legend = std::mem::take(own);
        notes.extend(b.notes);
        b.data.title = b.facet.title.clone();
        data.push(b.data);
        facets.push(b.facet);
    }
    let frame = Frame {
        title: fill(&org.fill(&def.title), &vars),
        legend,
        notes,
        sources: {
            // With the sources, which stay on the smallest canvas: how the data were dated is
            // part of where they come from.
            let mut lines = sources::source_lines(&a.dataset, &ctx.refs);
            lines.extend(sources::inferred_line(&a.dataset, &ctx.refs));
            lines
        },
    };
    (Some(Chart { frame, facets, data }), ctx.missing)
}

/// A facet's keys, each label once; none when its one key repeats the facet's title (a facet
/// of one series named by its title).
fn facet_keys(keys: Vec<Key>, title: Option<&str>) -> Vec<Key> {
    let mut out: Vec<Key> = Vec::new();
    for k in keys {
        if !out.iter().any(|o| o.label == k.label) {
            out.push(k);
        }
    }
    let repeats = |k: &Key| title.is_some_and(|t| t.to_lowercase().contains(&k.label.to_lowercase()));
    match out.as_slice() {
        [only] if repeats(only) => Vec::new(),
        _ => out,
    }
}

/// Where the keys go: one legend for the chart when every facet has the same keys (or there is
/// one facet); otherwise each facet keeps its own, the keys of one facet saying nothing of
/// another's. Returns the chart's legend and the facets'.
fn place_keys(mut keys: Vec<Vec<Key>>) -> (Vec<Key>, Vec<Vec<Key>>) {
    let labels = |k: &[Key]| k.iter().map(|k| k.label.clone()).collect::<Vec<_>>();
    let shared = keys.windows(2).all(|w| labels(&w[0]) == labels(&w[1]));
    if shared {
        let legend = keys.first_mut().map(std::mem::take).unwrap_or_default();
        let none = keys.iter().map(|_| Vec::new()).collect();
        (legend, none)
    } else {
        (Vec::new(), keys)
    }
}

/// The chart's placeholders: `from` the earliest of its facets', `to` the latest, `period` the
/// first facet's, each in its forms; then the facets' other values.
fn chart_vars(built: &[Built]) -> Vec<(String, String)> {
    let pick = |name: &'static str| -> Vec<Period> {
        built
            .iter()
            .flat_map(|b| b.periods.iter())
            .filter(|(n, _)| *n == name)
            .map(|(_, p)| *p)
            .collect()
    };
    let mut vars = Vec::new();
    if let Some(p) = pick("from").into_iter().min_by_key(Period::order_key) {
        vars.extend(period_vars("from", &p));
    }
    if let Some(p) = pick("to").into_iter().max_by_key(Period::order_key) {
        vars.extend(period_vars("to", &p));
    }
    if let Some(p) = pick("period").first() {
        vars.extend(period_vars("period", p));
    }
    for b in built {
        vars.extend(b.vars.iter().cloned());
    }
    vars
}

/// A period's placeholders: `{name}` (`31 December 2023`), `{name_abbr}` (`31 Dec 2023`),
/// `{name_short}` (`end 2023`), `{name_year}` (`2023`).
fn period_vars(name: &str, p: &Period) -> Vec<(String, String)> {
    vec![
        (name.to_string(), long_label(p)),
        (format!("{name}_abbr"), p.label()),
        (format!("{name}_short"), p.short_label()),
        (format!("{name}_year"), p.end_year().to_string()),
    ]
}

/// Replaces each `{key}` of `vars` in `template`.
fn fill(template: &str, vars: &[(String, String)]) -> String {
    let mut out = template.to_string();
    for (k, v) in vars {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// A facet's texts: `{org}` and the facet's own placeholders.
fn fill_facet(ctx: &Ctx, template: &str, vars: &[(String, String)]) -> String {
    fill(&ctx.a.dataset.organisation.fill(template), vars)
}

/// An axis with a tick per year from `first` to `last`.
fn year_axis(first: i32, last: i32, title: &str) -> Axis {
    let last = last.max(first);
    Axis {
        min: f64::from(first) - 0.5,
        max: f64::from(last) + 0.5,
        ticks: (first..=last).map(|y| (f64::from(y), y.to_string())).collect(),
        title: title.to_string(),
        kind: model::AxisKind::Value,
    }
}

#[cfg(test)]
mod tests;
