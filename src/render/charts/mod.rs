//! Charts stage: draws the charts of the report definition (`[[charts]]` of `report.toml`) with
//! plotters, as SVG and PNG, in memory.
//!
//! Each definition is read into a description of the chart as data (`model::Chart`: frame
//! texts, facets, axes and marks in data coordinates) by the builder of its facets' kind
//! (`bars`, `change`, `lines`, `projection`) in two steps: `resolve` reads every value the facet
//! draws through one resolver (`query::Ctx`), which records the data rows read (for the footer)
//! and what the data cannot give; `build` lays out what was resolved, given the resolver
//! read-only so that it records nothing ([`describe_all`]: what `validate` needs, no chart
//! drawn). One renderer (`files`, `draw`, `facet`, the values written on marks in
//! `value_labels`) then lays it out in pixels and draws it on either backend (`png`). Text is
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
mod files;
mod geometry;
mod lines;
mod model;
mod png;
mod projection;
mod query;
mod sources;
mod text;
mod value_labels;

use crate::analysis::Analysis;
use crate::compute::NotComputed;
use crate::error::Result;
use crate::load::definition::ChartDef;
use crate::load::definition::charts::{BarsDef, ChangeBarsDef, LinesDef, PanelDef, ProjectionDef};
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
    let described = describe_all(a);
    let rendered = files::draw_all(&described.charts, opts)?;
    Ok((rendered, described.not_computed))
}

/// Every chart of the report definition resolved against the data and described (texts, facets,
/// numbers, marks in data coordinates), none drawn: what [`render_all`] draws, and what it
/// lists as left out.
pub struct Described<'a> {
    /// The charts with something to draw, in the definition's order.
    charts: Vec<(&'a ChartDef, Chart)>,
    /// Charts and chart elements the data cannot fill, with the reason, in the definition's
    /// order.
    pub not_computed: Vec<NotComputed>,
}

impl Described<'_> {
    /// Each chart with its texts and numbers but no file: what the workbook takes of a chart.
    pub fn undrawn(&self) -> Vec<RenderedChart> {
        self.charts
            .iter()
            .map(|(def, chart)| rendered(def, chart, Vec::new()))
            .collect()
    }
}

/// Resolves every chart of the report definition against the data and describes it, drawing
/// nothing; cheap next to drawing.
pub fn describe_all(a: &Analysis) -> Described<'_> {
    let mut charts = Vec::new();
    let mut not_computed = Vec::new();
    for def in &a.dataset.definition.charts {
        let (chart, gaps) = build(a, def);
        not_computed.extend(gaps);
        if let Some(chart) = chart {
            charts.push((def, chart));
        }
    }
    Described { charts, not_computed }
}

/// A described chart with its files, as the writers take it.
fn rendered(def: &ChartDef, chart: &Chart, files: Vec<(ChartFormat, Vec<u8>)>) -> RenderedChart {
    let footer = chart.frame.notes.iter().chain(&chart.frame.sources);
    RenderedChart {
        name: def.name.clone(),
        domain: def.domain.clone(),
        title: chart.frame.title.clone(),
        files,
        footer: footer.filter(|t| !t.is_empty()).cloned().collect(),
        facets: chart.data.clone(),
    }
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

/// What one facet's definition resolves to in the data, beside its definition: the values it
/// draws, read, with what it leaves out recorded.
enum Resolved<'a> {
    Bars(&'a BarsDef, bars::Resolved),
    ChangeBars(&'a ChangeBarsDef, change::Resolved<'a>),
    Lines(&'a LinesDef, lines::Resolved<'a>),
    Projection(&'a ProjectionDef, projection::Resolved<'a>),
}

impl Resolved<'_> {
    /// Lays out the facet from what it resolved to, reading no value.
    fn build(&self, ctx: &Ctx) -> Built {
        match self {
            Resolved::Bars(d, r) => bars::build(ctx, d, r),
            Resolved::ChangeBars(d, r) => change::build(ctx, d, r),
            Resolved::Lines(d, r) => lines::build(ctx, d, r),
            Resolved::Projection(d, r) => projection::build(ctx, d, r),
        }
    }
}

/// Resolves each facet of a chart's definition against the data, in order: the facets with
/// something to draw, and (in the context) the data rows read and what was left out.
fn resolve<'a>(a: &'a Analysis, def: &'a ChartDef) -> (Ctx<'a>, Vec<Resolved<'a>>) {
    let mut ctx = Ctx::new(a, &def.name);
    let many = def.panels.len() > 1;
    let mut facets = Vec::new();
    for (i, p) in def.panels.iter().enumerate() {
        // Named as the figure letters its plots: (a), (b)…
        let element = match (many, u8::try_from(i)) {
            (true, Ok(k)) if k < 26 => format!("plot ({})", char::from(b'a' + k)),
            (true, _) => format!("plot {}", i + 1),
            (false, _) => "plot".into(),
        };
        let resolved = match p {
            PanelDef::Bars(d) => bars::resolve(&mut ctx, d, &element).map(|r| Resolved::Bars(d, r)),
            PanelDef::ChangeBars(d) => change::resolve(&mut ctx, d, &element).map(|r| Resolved::ChangeBars(d, r)),
            PanelDef::Lines(d) => lines::resolve(&mut ctx, d, &element).map(|r| Resolved::Lines(d, r)),
            PanelDef::Projection(d) => projection::resolve(&mut ctx, d, &element).map(|r| Resolved::Projection(d, r)),
        };
        facets.extend(resolved);
    }
    (ctx, facets)
}

/// Builds one chart from its definition: the chart, or None when nothing can be drawn; and what
/// was left out (for a chart with nothing to draw, one item saying so).
fn build(a: &Analysis, def: &ChartDef) -> (Option<Chart>, Vec<NotComputed>) {
    let (ctx, facets) = resolve(a, def);
    if facets.is_empty() {
        return (None, vec![nothing_to_draw(def, &ctx.missing)]);
    }
    let built: Vec<Built> = facets.iter().map(|f| f.build(&ctx)).collect();
    (Some(describe(&ctx, def, built)), ctx.missing)
}

/// The one item listed for a chart none of whose facets has anything to draw: the first reason.
fn nothing_to_draw(def: &ChartDef, missing: &[NotComputed]) -> NotComputed {
    let reason = match missing.split_first() {
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
    NotComputed {
        item: format!("chart {}", def.name),
        reason,
    }
}

/// The chart of its built facets: year axes made common, keys placed, texts filled, and the
/// sources of the data rows the facets read (`ctx`).
fn describe(ctx: &Ctx, def: &ChartDef, mut built: Vec<Built>) -> Chart {
    let a = ctx.a;
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
    Chart { frame, facets, data }
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
