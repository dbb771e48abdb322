//! Charts stage: renders the report's figures with plotters, as SVG and PNG.
//!
//! Each chart is first described as data ([`Chart`]: frame texts, panels, axes and marks in data
//! coordinates), independently of the output format; one renderer then lays it out in pixels and
//! draws it on either backend. Text is measured with the embedded font (DejaVu Sans, from the
//! `dejavu` crate), so the layout is the same in both formats and on every machine. SVG text is
//! written as `<text>` naming that font's family; PNG text is rasterised here from the embedded
//! outlines with ab_glyph, so the PNG does not depend on the fonts installed. The PNG is encoded
//! with fixed settings and no metadata; nothing here iterates a hash map: the same inputs give
//! the same bytes.
//!
//! Colours are the Okabe–Ito palette, picked so that series compared in one chart differ in
//! lightness too (readable in greyscale); lines also differ by dash pattern and marker.

use std::error::Error as StdError;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ab_glyph::{Font as _, FontRef, PxScale, ScaleFont, point};
use plotters::coord::Shift;
use plotters::element::{Circle, PathElement, Polygon, Rectangle};
use plotters::prelude::{BitMapBackend, DrawingArea, DrawingBackend, IntoDrawingArea, SVGBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontStyle, FontTransform, IntoFont, RGBColor, ShapeStyle, register_font};

use crate::compute::catalogue::series_label;
use crate::compute::indicators::Computed;
use crate::compute::projections::{Method, Projections};
use crate::error::{Error, Result};
use crate::format::grouped;
use crate::load::Dataset;
use crate::period::Period;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartFormat {
    Svg,
    Png,
}

impl ChartFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ChartFormat::Svg => "svg",
            ChartFormat::Png => "png",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ChartOptions {
    pub formats: Vec<ChartFormat>,
    /// Size of the chart in CSS pixels (1/96 inch): the SVG's size, and the PNG's at 96 dpi.
    pub width: u32,
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

/// The charts, in the order they are rendered and returned; each is `<name>.<format>`.
pub const CHART_NAMES: [&str; 8] = [
    "workforce_by_status_group",
    "workforce_percent_change",
    "workforce_ratios",
    "workforce_projection",
    "budget_revenues",
    "publication_share_by_panel",
    "citation_scores",
    "eu_funding",
];

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

/// Registers the embedded regular and bold faces with plotters' ab_glyph support, once per
/// process, so that any text plotters itself lays out uses them too (this module measures and
/// rasterises its text itself, from the same bytes).
fn register_fonts() -> Result<()> {
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

/// Renders every chart into `dir`; returns the files written, chart by chart in the order of
/// [`CHART_NAMES`], each in the order of `opts.formats`.
pub fn render_all(
    ds: &Dataset,
    c: &Computed,
    p: &Projections,
    opts: &ChartOptions,
    dir: &Path,
) -> Result<Vec<PathBuf>> {
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
    if faces().is_none() {
        return Err(Error::Chart {
            chart: "(all)".into(),
            message: "the embedded DejaVu Sans could not be read".into(),
        });
    }
    register_fonts()?;
    let mut formats: Vec<ChartFormat> = Vec::new();
    for f in &opts.formats {
        if !formats.contains(f) {
            formats.push(*f);
        }
    }
    let charts = build_all(ds, c, p)?;
    let mut written = Vec::new();
    for chart in &charts {
        for &format in &formats {
            let path = dir.join(format!("{}.{}", chart.name, format.extension()));
            let failed = |e: Box<dyn StdError>| Error::Chart {
                chart: chart.name.to_string(),
                message: e.to_string(),
            };
            match format {
                ChartFormat::Svg => {
                    let svg = svg_string(chart, w, h).map_err(failed)?;
                    fs::write(&path, svg).map_err(|e| Error::io(&path, e))?;
                }
                ChartFormat::Png => {
                    let png = png_bytes(chart, pw, ph, opts.dpi).map_err(failed)?;
                    fs::write(&path, png).map_err(|e| Error::io(&path, e))?;
                }
            }
            written.push(path);
        }
    }
    Ok(written)
}

/// The chart as a PNG file: 8-bit RGB, no filter, default deflate; the only metadata is the
/// resolution (pHYs).
fn png_bytes(chart: &Chart, w: u32, h: u32, dpi: u32) -> DrawResult<Vec<u8>> {
    let mut pixels = vec![0u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
        render(&root, chart, true)?;
        root.present()?;
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Default);
    encoder.set_filter(png::FilterType::NoFilter);
    encoder.set_adaptive_filter(png::AdaptiveFilterType::NonAdaptive);
    let per_metre = (f64::from(dpi) / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: per_metre,
        yppu: per_metre,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(out)
}

fn svg_string(chart: &Chart, w: u32, h: u32) -> DrawResult<String> {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (w, h)).into_drawing_area();
        render(&root, chart, false)?;
        root.present()?;
    }
    Ok(buf)
}

/// Builds the description of every chart from the analysis.
fn build_all(ds: &Dataset, c: &Computed, p: &Projections) -> Result<Vec<Chart>> {
    Ok(vec![
        workforce_by_status_group(ds, c)?,
        workforce_percent_change(ds, c)?,
        workforce_ratios(ds, c)?,
        workforce_projection(ds, c, p)?,
        budget_revenues(ds)?,
        publication_share_by_panel(ds)?,
        citation_scores(ds)?,
        eu_funding(ds, c)?,
    ])
}

// ---------------------------------------------------------------------------------------------
// Palette, type sizes

/// Okabe–Ito colours. Lightness (CIE L*): black 0, blue 46, vermillion 54, sky blue 70, orange
/// 71: pairs compared in one chart take a dark and a light one.
mod palette {
    use plotters::style::RGBColor;
    pub const BLACK: RGBColor = RGBColor(0x00, 0x00, 0x00);
    pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
    pub const SKY: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
    pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
    pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
    /// Text and axes.
    pub const INK: RGBColor = RGBColor(0x1A, 0x1A, 0x1A);
    /// Footer, notes, secondary text.
    pub const MUTED: RGBColor = RGBColor(0x4D, 0x4D, 0x4D);
    /// Neutral lines (method keys, rules).
    pub const GREY: RGBColor = RGBColor(0x59, 0x59, 0x59);
    pub const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
    /// Separators.
    pub const RULE: RGBColor = RGBColor(0xA6, 0xA6, 0xA6);
    pub const BAND: RGBColor = RGBColor(0xF0, 0xF0, 0xF0);
    pub const WHITE: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);
}
use palette::*;

/// Type sizes: pixels to the em (the SVG font-size) at the reference size of 1000 × 600,
/// scaled with the canvas.
const T_TITLE: f64 = 18.0;
const T_PANEL: f64 = 13.5;
const T_AXIS: f64 = 12.5;
const T_TICK: f64 = 11.5;
const T_VALUE: f64 = 11.5;
const T_LEGEND: f64 = 11.5;
const T_FOOT: f64 = 10.5;

// ---------------------------------------------------------------------------------------------
// Chart description

struct Chart {
    name: &'static str,
    frame: Frame,
    panels: Vec<Panel>,
}

/// What surrounds the panels: title and legend above, notes and sources below.
struct Frame {
    title: String,
    legend: Vec<Key>,
    notes: Vec<String>,
    sources: Vec<String>,
}

struct Key {
    label: String,
    swatch: Swatch,
}

enum Swatch {
    Bar(RGBColor),
    Line {
        color: RGBColor,
        dash: Pattern,
        marker: Option<Marker>,
    },
}

fn bar_key(label: impl Into<String>, color: RGBColor) -> Key {
    Key {
        label: label.into(),
        swatch: Swatch::Bar(color),
    }
}

fn line_key(label: impl Into<String>, color: RGBColor, dash: Pattern, marker: Option<Marker>) -> Key {
    Key {
        label: label.into(),
        swatch: Swatch::Line { color, dash, marker },
    }
}

struct Panel {
    title: Option<String>,
    x: Axis,
    y: Axis,
    /// Room kept right of the plot for labels at the right end, in reference pixels.
    right_pad: f64,
    marks: Vec<Mark>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum AxisKind {
    /// Numbers: grid lines and tick labels at the ticks.
    Value,
    /// Categories at 0, 1, 2…: labels wrapped to the room each has, no grid.
    Category,
}

struct Axis {
    min: f64,
    max: f64,
    ticks: Vec<(f64, String)>,
    title: String,
    kind: AxisKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pattern {
    Solid,
    Dashed,
    Dotted,
    DashDot,
}

impl Pattern {
    /// On and off lengths in reference pixels.
    fn pattern(self) -> &'static [f64] {
        match self {
            Pattern::Solid => &[],
            Pattern::Dashed => &[9.0, 5.0],
            Pattern::Dotted => &[2.5, 4.0],
            Pattern::DashDot => &[9.0, 4.0, 2.5, 4.0],
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
    TriangleDown,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum H {
    Left,
    Center,
    Right,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum V {
    Top,
    Center,
    Bottom,
}

/// A text placed at a data point, moved by (dx, dy) reference pixels.
struct Label {
    x: f64,
    y: f64,
    dx: f64,
    dy: f64,
    text: String,
    h: H,
    v: V,
}

fn label(x: f64, y: f64, text: impl Into<String>, h: H, v: V, dx: f64, dy: f64) -> Label {
    Label {
        x,
        y,
        dx,
        dy,
        text: text.into(),
        h,
        v,
    }
}

/// What is drawn in a panel, in data coordinates.
enum Mark {
    /// A shaded span of x over the whole plot height, drawn under the grid, with a caption in
    /// its top right corner.
    Band { x0: f64, x1: f64, caption: Option<String> },
    /// A bar from (x0, y0) to (x1, y1), with its value written at its end (x1 for horizontal
    /// bars, y1 for vertical ones): inside the bar where it fits, outside otherwise.
    Bar {
        x0: f64,
        x1: f64,
        y0: f64,
        y1: f64,
        color: RGBColor,
        label: Option<String>,
        horizontal: bool,
    },
    Line {
        points: Vec<(f64, f64)>,
        color: RGBColor,
        width: f64,
        dash: Pattern,
    },
    Points {
        points: Vec<(f64, f64)>,
        marker: Marker,
        color: RGBColor,
    },
    /// A hollow circle.
    Ring { x: f64, y: f64, color: RGBColor },
    /// A horizontal reference line across the plot, its label at the right end.
    HRule {
        y: f64,
        color: RGBColor,
        dash: Pattern,
        label: Option<String>,
    },
    /// A vertical reference line, its label in text row `row` from the top, on side `side`.
    VRule {
        x: f64,
        color: RGBColor,
        dash: Pattern,
        label: Option<String>,
        side: H,
        row: u32,
    },
    /// Texts at points, moved down as needed so that none overlaps another of the group.
    Labels(Vec<Label>),
}

// ---------------------------------------------------------------------------------------------
// Formatting

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MINUS: char = '\u{2212}';

/// Percent change with its sign: "+58.5%", "−5.7%".
fn signed_percent(v: f64) -> String {
    let s = grouped(v, 1);
    if s.starts_with(MINUS) || s == "0.0" {
        format!("{s}%")
    } else {
        format!("+{s}%")
    }
}

/// Decimals needed to write every multiple of `step` exactly.
fn decimals_of(step: f64) -> usize {
    (0..6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(6)
}

/// A period as a reader writes it: "31 Dec 2018", "2019", "2018–2022".
fn period_label(period: &str) -> String {
    match period.parse::<Period>() {
        Ok(Period::Date { year, month, day }) => {
            let m = (month as usize)
                .checked_sub(1)
                .and_then(|i| MONTHS.get(i))
                .copied()
                .unwrap_or("");
            format!("{day} {m} {year}")
        }
        Ok(Period::Year(y)) => y.to_string(),
        Ok(Period::Range(a, b)) => format!("{a}–{b}"),
        Err(_) => period.to_string(),
    }
}

/// A source's date as written in sources.csv, for a footer: "2025-12" → "Dec 2025".
fn date_label(date: &str) -> String {
    let parts: Vec<&str> = date.split('-').collect();
    let month = |m: &str| {
        m.parse::<usize>()
            .ok()
            .and_then(|m| m.checked_sub(1))
            .and_then(|i| MONTHS.get(i).copied())
    };
    match parts.as_slice() {
        [y, m] if y.len() == 4 => month(m).map_or_else(|| date.to_string(), |m| format!("{m} {y}")),
        [y, m, d] if y.len() == 4 => match (month(m), d.parse::<u32>()) {
            (Some(m), Ok(d)) => format!("{d} {m} {y}"),
            _ => date.to_string(),
        },
        _ => date.to_string(),
    }
}

/// Symbol put before a value the document qualifies ("around 500" → "≈500").
fn qualifier_symbol(q: &str) -> &'static str {
    match q {
        "around" | "approximately" | "close_to" => "≈",
        "more_than" | "above" => ">",
        "less_than" => "<",
        _ => "",
    }
}

// ---------------------------------------------------------------------------------------------
// Sources

/// Data rows a chart draws on, as `file:line` references, in the order first met.
#[derive(Default)]
struct Refs(Vec<(String, u64)>);

impl Refs {
    /// Adds every `name.csv:line` reference found in `text` (an `inputs` column, a provenance).
    fn add(&mut self, text: &str) {
        let token_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '-');
        for token in text.split(|c: char| !token_char(c)) {
            if let Some((file, line)) = token.rsplit_once(':')
                && file.ends_with(".csv")
                && let Ok(line) = line.parse::<u64>()
            {
                let r = (file.to_string(), line);
                if !self.0.contains(&r) {
                    self.0.push(r);
                }
            }
        }
    }
}

/// Section and footnote of a locator: "VII.3.a fn104" → ("VII.3.a", Some(104)).
fn split_locator(locator: &str) -> (String, Option<u32>) {
    if let Some((section, note)) = locator.rsplit_once(" fn")
        && let Ok(n) = note.trim().parse::<u32>()
    {
        return (section.trim().to_string(), Some(n));
    }
    (locator.trim().to_string(), None)
}

/// Footnote numbers as runs: [103, 104, 119] → "103–104, 119".
fn footnote_runs(notes: &[u32]) -> String {
    let mut sorted = notes.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for n in sorted {
        match runs.last_mut() {
            Some((_, end)) if end.checked_add(1) == Some(n) => *end = n,
            _ => runs.push((n, n)),
        }
    }
    runs.iter()
        .map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One footer line per source document the rows come from, naming its sections and footnotes.
fn source_lines(ds: &Dataset, refs: &Refs) -> Vec<String> {
    struct Section {
        name: String,
        text: bool,
        notes: Vec<u32>,
    }
    let mut by_source: Vec<(String, Vec<Section>)> = Vec::new();
    for (file, line) in &refs.0 {
        let Some(o) = ds.observations.iter().find(|o| o.file == file && o.line == *line) else {
            continue;
        };
        let (name, note) = split_locator(&o.locator);
        let pos = match by_source.iter().position(|(s, _)| *s == o.source) {
            Some(i) => i,
            None => {
                by_source.push((o.source.clone(), Vec::new()));
                by_source.len() - 1
            }
        };
        let sections = &mut by_source[pos].1;
        let i = match sections.iter().position(|s| s.name == name) {
            Some(i) => i,
            None => {
                sections.push(Section {
                    name,
                    text: false,
                    notes: Vec::new(),
                });
                sections.len() - 1
            }
        };
        match note {
            Some(n) => sections[i].notes.push(n),
            None => sections[i].text = true,
        }
    }
    // Sources in the order sources.csv lists them.
    by_source.sort_by_key(|(id, _)| ds.sources.iter().position(|s| s.id == *id).unwrap_or(usize::MAX));
    let n = by_source.len();
    by_source
        .iter()
        .enumerate()
        .map(|(i, (id, sections))| {
            let doc = match ds.source(id) {
                Some(s) => {
                    let title = s.title.split(" (").next().unwrap_or(&s.title).trim();
                    format!("{}, {}, {}", s.publisher, title, date_label(&s.date))
                }
                None => id.clone(),
            };
            let numbered = |s: &str| s.starts_with(['I', 'V', 'X']) && s.contains('.');
            let parts: Vec<String> = sections
                .iter()
                .map(|s| {
                    let what = match (s.text, s.notes.is_empty()) {
                        (_, true) => String::new(),
                        (false, false) => format!(" (fn {})", footnote_runs(&s.notes)),
                        (true, false) => format!(" (text and fn {})", footnote_runs(&s.notes)),
                    };
                    format!("{}{what}", s.name)
                })
                .collect();
            let word = match (sections.iter().all(|s| numbered(&s.name)), parts.len()) {
                (true, 1) => "section ",
                (true, _) => "sections ",
                _ => "",
            };
            let list = match parts.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
                _ => parts.join(""),
            };
            let prefix = match (i, n) {
                (0, 1) => "Source: ",
                (0, _) => "Sources: ",
                _ => "",
            };
            let end = if i + 1 < n { ";" } else { "." };
            format!("{prefix}{doc}, {word}{list}{end}")
        })
        .collect()
}

fn no_data(chart: &str, what: &str) -> Error {
    Error::Chart {
        chart: chart.to_string(),
        message: format!("the data give no {what}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Axes

fn nice_step(span: f64, target: usize) -> f64 {
    let raw = span / target.max(1) as f64;
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// A value axis covering [lo, hi], extended to whole steps of about `target` ticks.
fn value_axis(lo: f64, hi: f64, target: usize, title: &str, fmt: impl Fn(f64, usize) -> String) -> Axis {
    let lo = if lo.is_finite() { lo } else { 0.0 };
    let hi = if hi.is_finite() && hi > lo { hi } else { lo + 1.0 };
    let step = nice_step(hi - lo, target);
    let start = (lo / step).floor() * step;
    let end = (hi / step).ceil() * step;
    let n = (((end - start) / step).round() as usize).min(100);
    let d = decimals_of(step);
    let ticks = (0..=n)
        .map(|i| {
            let v = start + i as f64 * step;
            (v, fmt(v, d))
        })
        .collect();
    Axis {
        min: start,
        max: end,
        ticks,
        title: title.to_string(),
        kind: AxisKind::Value,
    }
}

fn category_axis(labels: Vec<String>, title: &str) -> Axis {
    let n = labels.len().max(1) as f64;
    let ticks = labels.into_iter().enumerate().map(|(i, l)| (i as f64, l)).collect();
    Axis {
        min: -0.5,
        max: n - 0.5,
        ticks,
        title: title.to_string(),
        kind: AxisKind::Category,
    }
}

// ---------------------------------------------------------------------------------------------
// The charts

const FROM: &str = "2018-12-31";
const TO: &str = "2023-12-31";
const STAFF_GROUPS: [&str; 4] = [
    "staff.permanent.scientists",
    "staff.permanent.support",
    "staff.contract.scientists",
    "staff.contract.support",
];

fn value_of(points: &[(String, f64)], period: &str) -> Option<f64> {
    points
        .iter()
        .find(|(p, _)| p == period)
        .map(|(_, v)| *v)
        .filter(|v| v.is_finite())
}

fn workforce_by_status_group(ds: &Dataset, c: &Computed) -> Result<Chart> {
    let name = CHART_NAMES[0];
    let dates = [(FROM, SKY), (TO, BLUE)];
    let mut refs = Refs::default();
    let mut marks = Vec::new();
    let mut max: f64 = 0.0;
    for (i, series) in STAFF_GROUPS.iter().enumerate() {
        let points = c.series_points(series);
        for (j, (date, color)) in dates.iter().enumerate() {
            let Some(v) = value_of(&points, date) else { continue };
            if let Some((_, inputs)) = c.series_value(series, date) {
                refs.add(&inputs);
            }
            let cx = i as f64 + if j == 0 { -0.2 } else { 0.2 };
            marks.push(Mark::Bar {
                x0: cx - 0.18,
                x1: cx + 0.18,
                y0: 0.0,
                y1: v,
                color: *color,
                label: Some(grouped(v, 0)),
                horizontal: false,
            });
            max = max.max(v);
        }
    }
    if marks.is_empty() {
        return Err(no_data(name, "staff headcount at 31 Dec 2018 or 31 Dec 2023"));
    }
    Ok(Chart {
        name,
        frame: Frame {
            title: "Inserm staff by status and group, 31 December 2018 and 31 December 2023".into(),
            legend: dates.iter().map(|(d, col)| bar_key(period_label(d), *col)).collect(),
            notes: vec![
                "Inserm's own employees, headcount. Permanent staff are civil servants; support staff are engineers, technicians and administrative staff.".into(),
            ],
            sources: source_lines(ds, &refs),
        },
        panels: vec![Panel {
            title: None,
            x: category_axis(STAFF_GROUPS.iter().map(|s| series_label(s)).collect(), "Status and group"),
            y: value_axis(0.0, max * 1.05, 6, "Headcount (persons)", grouped),
            right_pad: 8.0,
            marks,
        }],
    })
}

fn workforce_percent_change(ds: &Dataset, c: &Computed) -> Result<Chart> {
    let name = CHART_NAMES[1];
    let categories = [
        STAFF_GROUPS[0],
        STAFF_GROUPS[1],
        STAFF_GROUPS[2],
        STAFF_GROUPS[3],
        "staff.permanent.all",
        "staff.contract.all",
        "staff.all.all",
    ];
    let n = categories.len();
    let mut refs = Refs::default();
    let mut marks = Vec::new();
    let (mut lo, mut hi): (f64, f64) = (0.0, 0.0);
    let (mut up, mut down) = (false, false);
    for (i, series) in categories.iter().enumerate() {
        let Some(row) = c
            .find("percent_change", series, FROM, TO)
            .filter(|r| r.value.is_finite())
        else {
            continue;
        };
        refs.add(&row.inputs);
        let v = row.value;
        let pos = (n - 1 - i) as f64;
        let color = if v >= 0.0 { BLUE } else { VERMILLION };
        up |= v >= 0.0;
        down |= v < 0.0;
        marks.push(Mark::Bar {
            x0: 0.0,
            x1: v,
            y0: pos - 0.32,
            y1: pos + 0.32,
            color,
            label: Some(signed_percent(v)),
            horizontal: true,
        });
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if marks.is_empty() {
        return Err(no_data(name, "percent change of staff from 31 Dec 2018 to 31 Dec 2023"));
    }
    // Room beyond the longest bars for their labels.
    let span = (hi - lo).max(1.0);
    let x = value_axis(
        lo - if lo < 0.0 { 0.16 * span } else { 0.0 },
        hi + 0.16 * span,
        7,
        "Percent change (%)",
        grouped,
    );
    // The totals below a dashed separator.
    marks.push(Mark::Line {
        points: vec![(x.min, (n - 1) as f64 - 3.5), (x.max, (n - 1) as f64 - 3.5)],
        color: RULE,
        width: 1.2,
        dash: Pattern::Dashed,
    });
    marks.push(Mark::VRule {
        x: 0.0,
        color: INK,
        dash: Pattern::Solid,
        label: None,
        side: H::Left,
        row: 0,
    });
    let mut legend = Vec::new();
    if up {
        legend.push(bar_key("Increase", BLUE));
    }
    if down {
        legend.push(bar_key("Decrease", VERMILLION));
    }
    let labels: Vec<String> = categories.iter().rev().map(|s| series_label(s)).collect();
    Ok(Chart {
        name,
        frame: Frame {
            title: "Change in Inserm headcount from 31 December 2018 to 31 December 2023".into(),
            legend,
            notes: vec!["Percent change = 100 × (headcount at 31 Dec 2023 / headcount at 31 Dec 2018 − 1).".into()],
            sources: source_lines(ds, &refs),
        },
        panels: vec![Panel {
            title: None,
            x,
            y: category_axis(labels, ""),
            right_pad: 8.0,
            marks,
        }],
    })
}

fn workforce_ratios(ds: &Dataset, c: &Computed) -> Result<Chart> {
    let name = CHART_NAMES[2];
    let series = [
        (
            "contract_staff_ratio",
            "staff.contract.all / staff.all.all",
            BLUE,
            Marker::Circle,
            Pattern::Solid,
        ),
        (
            "contract_staff_ratio",
            "staff.contract.scientists / staff.all.scientists",
            VERMILLION,
            Marker::Triangle,
            Pattern::Dashed,
        ),
        (
            "contract_staff_ratio",
            "staff.contract.support / staff.all.support",
            SKY,
            Marker::Square,
            Pattern::Dotted,
        ),
        (
            "support_staff_share",
            "staff.all.support / staff.all.all",
            BLACK,
            Marker::Diamond,
            Pattern::DashDot,
        ),
    ];
    let mut refs = Refs::default();
    let mut marks = Vec::new();
    let mut labels = Vec::new();
    let mut legend = Vec::new();
    let mut dates: Vec<(f64, String)> = Vec::new();
    let mut max: f64 = 0.0;
    for (indicator, subject, color, marker, dash) in series {
        let mut points: Vec<(f64, f64)> = Vec::new();
        let mut key = None;
        for r in c
            .rows
            .iter()
            .filter(|r| r.indicator == indicator && r.subject == subject && r.value.is_finite())
        {
            let Some(t) = r.to.parse::<Period>().ok().and_then(|p| p.time()) else {
                continue;
            };
            refs.add(&r.inputs);
            points.push((t, r.value));
            if !dates.iter().any(|(d, _)| *d == t) {
                dates.push((t, period_label(&r.to)));
            }
            key.get_or_insert(r.label);
            max = max.max(r.value);
        }
        let Some(key) = key else { continue };
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        let last = points.len() - 1;
        for (i, &(t, v)) in points.iter().enumerate() {
            let text = format!("{}%", grouped(v, 1));
            labels.push(match i {
                0 if last > 0 => label(t, v, text, H::Right, V::Center, -9.0, 0.0),
                i if i == last => label(t, v, text, H::Left, V::Center, 9.0, 0.0),
                _ => label(t, v, text, H::Center, V::Top, 0.0, 9.0),
            });
        }
        marks.push(Mark::Line {
            points: points.clone(),
            color,
            width: 2.2,
            dash,
        });
        marks.push(Mark::Points { points, marker, color });
        legend.push(line_key(key, color, dash, Some(marker)));
    }
    if legend.is_empty() {
        return Err(no_data(name, "contract-staff ratio or support-staff share"));
    }
    marks.push(Mark::Labels(labels));
    dates.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (t0, t1) = (dates.first().map_or(0.0, |d| d.0), dates.last().map_or(1.0, |d| d.0));
    let x = Axis {
        min: t0 - 0.9,
        max: t1 + 0.6,
        ticks: dates,
        title: "Date of the headcount".into(),
        kind: AxisKind::Value,
    };
    Ok(Chart {
        name,
        frame: Frame {
            title: "Contract staff and support staff as shares of Inserm's headcount".into(),
            legend,
            notes: vec!["Shares of the headcount at 31 December. For 31 Dec 2019 only the overall contract share can be computed: contract staff are given as a total only.".into()],
            sources: source_lines(ds, &refs),
        },
        panels: vec![Panel { title: None, x, y: value_axis(0.0, max * 1.1, 6, "Share of headcount (%)", grouped), right_pad: 56.0, marks }],
    })
}

fn method_dash(m: Method) -> Pattern {
    match m {
        Method::ConstantCagr => Pattern::Dashed,
        Method::LinearTrend => Pattern::Dotted,
    }
}

fn workforce_projection(ds: &Dataset, c: &Computed, p: &Projections) -> Result<Chart> {
    let name = CHART_NAMES[3];
    let series = [
        ("staff.permanent.all", BLUE, Marker::Circle),
        ("staff.contract.all", ORANGE, Marker::Square),
    ];
    let mut refs = Refs::default();
    let mut marks = Vec::new();
    let mut lines = Vec::new();
    let mut labels = Vec::new();
    let mut legend = Vec::new();
    let mut max: f64 = 0.0;
    let (mut first, mut last) = (i32::MAX, i32::MIN);
    for (id, color, marker) in series {
        let basis = p.bases.iter().find(|b| b.series == id);
        if let Some(b) = basis {
            refs.add(&b.provenance);
        }
        let mut observed: Vec<(f64, f64)> = Vec::new();
        for (period, v) in c.series_points(id) {
            let Ok(per) = period.parse::<Period>() else { continue };
            if !v.is_finite() {
                continue;
            }
            if let Some((_, inputs)) = c.series_value(id, &period) {
                refs.add(&inputs);
            }
            observed.push((f64::from(per.end_year()), v));
            first = first.min(per.end_year());
            last = last.max(per.end_year());
            max = max.max(v);
        }
        let start = basis.map_or(i32::MIN, |b| b.year1);
        for m in Method::ALL {
            let mut points: Vec<(f64, f64)> = p
                .rows
                .iter()
                .filter(|r| r.series == id && r.method == m && r.year >= start && r.value.is_finite())
                .map(|r| (f64::from(r.year), r.value))
                .collect();
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            if let Some(&(x, y)) = points.last() {
                labels.push(label(x, y, grouped(y, 0), H::Left, V::Center, 7.0, 0.0));
                last = last.max(x as i32);
            }
            for &(_, y) in &points {
                max = max.max(y);
            }
            lines.push(Mark::Line {
                points,
                color,
                width: 2.2,
                dash: method_dash(m),
            });
        }
        if observed.is_empty() {
            continue;
        }
        let label = p
            .rows
            .iter()
            .find(|r| r.series == id)
            .map_or_else(|| series_label(id), |r| r.label.to_string());
        legend.push(line_key(
            format!("{label}, observed"),
            color,
            Pattern::Solid,
            Some(marker),
        ));
        marks.push(Mark::Line {
            points: observed.clone(),
            color,
            width: 2.2,
            dash: Pattern::Solid,
        });
        lines.push(Mark::Points {
            points: observed,
            marker,
            color,
        });
    }
    if legend.is_empty() {
        return Err(no_data(name, "permanent or contract staff headcount"));
    }
    for m in Method::ALL {
        legend.push(line_key(
            format!("{} projection", m.label()),
            GREY,
            method_dash(m),
            None,
        ));
    }
    let end = p
        .bases
        .iter()
        .filter(|b| b.series.starts_with("staff."))
        .map(|b| b.year1)
        .max();
    if let Some(end) = end {
        marks.insert(
            0,
            Mark::Band {
                x0: f64::from(end),
                x1: f64::from(last) + 0.5,
                caption: Some(format!("Extrapolated from {first} and {end}")),
            },
        );
    }
    marks.extend(lines);
    // Crossovers: the answers give calendar time (end of 2018 = 2019.0); the axis is year ends.
    let mut crossings: Vec<(Method, f64, i32)> = p
        .answers
        .iter()
        .filter(|a| a.question.starts_with("Will contract staff"))
        .filter_map(|a| Some((a.method, a.crossing_at.filter(|t| t.is_finite())?, a.first_year?)))
        .collect();
    crossings.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut notes = Vec::new();
    for (i, &(m, at, first_year)) in crossings.iter().enumerate() {
        let x = at - 1.0;
        let side = if i == 0 && crossings.len() > 1 {
            H::Right
        } else {
            H::Left
        };
        let text = format!("{}: lines cross in {}", m.label(), at.floor() as i32);
        marks.push(Mark::VRule {
            x,
            color: GREY,
            dash: method_dash(m),
            label: Some(text),
            side,
            row: 1 + i as u32,
        });
        // The contract line at the crossing, interpolated between the projected year ends.
        let pts: Vec<(f64, f64)> = p
            .rows
            .iter()
            .filter(|r| r.series == "staff.contract.all" && r.method == m)
            .map(|r| (f64::from(r.year), r.value))
            .collect();
        let below = pts.iter().filter(|(y, _)| *y <= x).max_by(|a, b| a.0.total_cmp(&b.0));
        let above = pts.iter().filter(|(y, _)| *y >= x).min_by(|a, b| a.0.total_cmp(&b.0));
        if let (Some(&(x0, y0)), Some(&(x1, y1))) = (below, above) {
            let y = if x1 > x0 {
                y0 + (y1 - y0) * (x - x0) / (x1 - x0)
            } else {
                y0
            };
            marks.push(Mark::Ring { x, y, color: INK });
        }
        notes.push(format!(
            "{}: contract staff outnumber permanent staff from the end of {first_year}.",
            m.label()
        ));
    }
    marks.push(Mark::Labels(labels));
    let mut all_notes = vec![format!(
        "Projections extend the change between the year-end headcounts of {} and {} (a constant growth rate, or a constant change per year): extrapolations, not forecasts.",
        p.bases.first().map_or(2018, |b| b.year0),
        end.unwrap_or(2023)
    )];
    all_notes.push(notes.join(" "));
    if first == i32::MAX {
        first = 2018;
    }
    if last < first {
        last = first + 1;
    }
    let ticks = (first..=last).map(|y| (f64::from(y), y.to_string())).collect();
    let x = Axis {
        min: f64::from(first) - 0.5,
        max: f64::from(last) + 0.5,
        ticks,
        title: "End of year".into(),
        kind: AxisKind::Value,
    };
    Ok(Chart {
        name,
        frame: Frame {
            title: format!("Permanent and contract staff, observed and projected to {last}"),
            legend,
            notes: all_notes,
            sources: source_lines(ds, &refs),
        },
        panels: vec![Panel {
            title: None,
            x,
            y: value_axis(0.0, max * 1.05, 6, "Headcount (persons)", grouped),
            right_pad: 52.0,
            marks,
        }],
    })
}

/// Marks for one series of yearly figures: markers at the years given, value labels, solid lines
/// between consecutive years and dotted ones across years the data do not give.
fn yearly_marks(
    ds: &Dataset,
    id: &str,
    color: RGBColor,
    marker: Marker,
    refs: &mut Refs,
    labels: &mut Vec<Label>,
) -> (Vec<Mark>, f64, Option<(i32, i32)>) {
    let mut points: Vec<(i32, f64)> = Vec::new();
    let mut max: f64 = 0.0;
    for o in ds.series(id) {
        let Period::Year(y) = o.period else { continue };
        if !o.value.is_finite() {
            continue;
        }
        refs.add(&o.row_ref());
        points.push((y, o.value));
        max = max.max(o.value);
        let q = o.qualifier.map(|q| qualifier_symbol(&q.to_string())).unwrap_or("");
        labels.push(label(
            f64::from(y),
            o.value,
            format!("{q}{}", grouped(o.value, 0)),
            H::Center,
            V::Bottom,
            0.0,
            -8.0,
        ));
    }
    let mut marks = Vec::new();
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let dash = if b.0 - a.0 == 1 {
            Pattern::Solid
        } else {
            Pattern::Dotted
        };
        let width = if dash == Pattern::Solid { 2.2 } else { 1.8 };
        marks.push(Mark::Line {
            points: vec![(f64::from(a.0), a.1), (f64::from(b.0), b.1)],
            color,
            width,
            dash,
        });
    }
    let span = points.first().zip(points.last()).map(|(a, b)| (a.0, b.0));
    marks.push(Mark::Points {
        points: points.iter().map(|&(y, v)| (f64::from(y), v)).collect(),
        marker,
        color,
    });
    (marks, max, span)
}

fn budget_revenues(ds: &Dataset) -> Result<Chart> {
    let name = CHART_NAMES[4];
    let panels_spec: [(&str, &[SeriesStyle]); 2] = [
        (
            "(a) State subsidy and all other revenues",
            &[
                ("budget_revenues.state_subsidy", BLUE, Marker::Circle),
                ("budget_revenues.other_revenues", ORANGE, Marker::Square),
            ],
        ),
        (
            "(b) Lines itemised within other revenues",
            &[
                ("budget_revenues.other_public_subsidies", VERMILLION, Marker::Triangle),
                ("budget_revenues.eu_funding", SKY, Marker::Diamond),
                ("budget_revenues.own_revenues", BLACK, Marker::TriangleDown),
            ],
        ),
    ];
    let mut refs = Refs::default();
    let mut legend = Vec::new();
    let mut built = Vec::new();
    let (mut first, mut last) = (i32::MAX, i32::MIN);
    for (title, series) in panels_spec {
        let mut marks = Vec::new();
        let mut labels = Vec::new();
        let mut max: f64 = 0.0;
        for &(id, color, marker) in series {
            let (m, top, span) = yearly_marks(ds, id, color, marker, &mut refs, &mut labels);
            let Some((a, b)) = span else { continue };
            first = first.min(a);
            last = last.max(b);
            max = max.max(top);
            marks.extend(m);
            let label = if id == "budget_revenues.other_revenues" {
                "Other revenues (all but the State subsidy)".to_string()
            } else {
                series_label(id)
            };
            legend.push(line_key(label, color, Pattern::Dotted, Some(marker)));
        }
        if marks.is_empty() {
            continue;
        }
        marks.push(Mark::Labels(labels));
        built.push((title, marks, max));
    }
    if built.is_empty() {
        return Err(no_data(name, "budget revenue line by year"));
    }
    let panels = built
        .into_iter()
        .map(|(title, marks, max)| {
            let ticks = (first..=last).map(|y| (f64::from(y), y.to_string())).collect();
            Panel {
                title: Some(title.to_string()),
                x: Axis {
                    min: f64::from(first) - 0.5,
                    max: f64::from(last) + 0.5,
                    ticks,
                    title: "Year".into(),
                    kind: AxisKind::Value,
                },
                y: value_axis(0.0, max * 1.06, 5, "EUR million", grouped),
                right_pad: 10.0,
                marks,
            }
        })
        .collect();
    Ok(Chart {
        name,
        frame: Frame {
            title: format!("Inserm's revenues by year, {first}–{last}"),
            legend,
            notes: vec![
                "Markers are the years the report gives a figure for; dotted lines only join them across the years it gives none. ≈: “around”.".into(),
            ],
            sources: source_lines(ds, &refs),
        },
        panels,
    })
}

/// A series id with its colour and marker.
type SeriesStyle = (&'static str, RGBColor, Marker);

/// Short names of the ERC life-sciences panels, for axis labels.
const LS_NAMES: [(&str, &str); 9] = [
    ("LS1", "Molecules of life"),
    ("LS2", "Integrative biology"),
    ("LS3", "Cells, development"),
    ("LS4", "Physiology, ageing"),
    ("LS5", "Neuroscience"),
    ("LS6", "Immunity, infection"),
    ("LS7", "Diagnosis, treatment"),
    ("LS8", "Ecology, evolution"),
    ("LS9", "Biotechnology"),
];

fn publication_share_by_panel(ds: &Dataset) -> Result<Chart> {
    let name = CHART_NAMES[5];
    let mut refs = Refs::default();
    let mut marks = Vec::new();
    let mut categories = Vec::new();
    let mut max: f64 = 0.0;
    let mut period = String::new();
    for (code, short) in LS_NAMES {
        let Some(o) = ds
            .series(&format!("share_of_french_publications.inserm.{code}.fractional"))
            .into_iter()
            .find(|o| o.value.is_finite())
        else {
            continue;
        };
        refs.add(&o.row_ref());
        let i = categories.len() as f64;
        marks.push(Mark::Bar {
            x0: i - 0.36,
            x1: i + 0.36,
            y0: 0.0,
            y1: o.value,
            color: BLUE,
            label: Some(format!("{}%", grouped(o.value, o.decimals.into()))),
            horizontal: false,
        });
        categories.push(format!("{code}\n{short}"));
        max = max.max(o.value);
        period = o.period.to_string();
    }
    if marks.is_empty() {
        return Err(no_data(name, "share of French publications by ERC panel"));
    }
    let mut legend = vec![bar_key("Inserm's share in the panel", BLUE)];
    if let Some(o) = ds
        .series("share_of_french_publications.inserm.LS.fractional")
        .into_iter()
        .find(|o| o.value.is_finite())
    {
        refs.add(&o.row_ref());
        let text = format!("All life sciences (LS): {}%", grouped(o.value, o.decimals.into()));
        marks.push(Mark::HRule {
            y: o.value,
            color: INK,
            dash: Pattern::Dashed,
            label: Some(text.clone()),
        });
        legend.push(line_key(text, INK, Pattern::Dashed, None));
        max = max.max(o.value);
    }
    Ok(Chart {
        name,
        frame: Frame {
            title: format!("Inserm's share of French publications by ERC life-sciences panel, {}", period_label(&period)),
            legend,
            notes: vec!["Fractional count; Inserm as a research-performing organisation (units with Inserm as a home institution).".into()],
            sources: source_lines(ds, &refs),
        },
        panels: vec![Panel {
            title: None,
            x: category_axis(categories, "ERC panel"),
            y: value_axis(0.0, max * 1.08, 6, "Share of French publications (%)", grouped),
            right_pad: 8.0,
            marks,
        }],
    })
}

fn citation_scores(ds: &Dataset) -> Result<Chart> {
    let name = CHART_NAMES[6];
    let entities = [
        ("inserm", "Inserm"),
        ("france", "France"),
        ("cams", "CAMS (China)"),
        ("helmholtz", "Helmholtz (Germany)"),
        ("nih", "NIH (US)"),
        ("mrc", "MRC (UK)"),
    ];
    let mut refs = Refs::default();
    let mut marks = Vec::new();
    let mut categories = Vec::new();
    let mut notes = Vec::new();
    let mut max: f64 = 1.0;
    let mut period = String::new();
    for (id, display) in entities {
        let Some(o) = ds
            .series(&format!("mean_normalised_citation_score.{id}.LS"))
            .into_iter()
            .find(|o| o.value.is_finite())
        else {
            continue;
        };
        refs.add(&o.row_ref());
        let i = categories.len() as f64;
        let value = grouped(o.value, o.decimals.into());
        let q = o.qualifier.map(|q| q.to_string()).unwrap_or_default();
        if !q.is_empty() {
            notes.push(format!(
                "{display}'s score is given as “{} {value}” ({}).",
                q.replace('_', " "),
                qualifier_symbol(&q)
            ));
        }
        let color = if id == "inserm" { BLUE } else { SKY };
        marks.push(Mark::Bar {
            x0: i - 0.34,
            x1: i + 0.34,
            y0: 0.0,
            y1: o.value,
            color,
            label: Some(format!("{}{value}", qualifier_symbol(&q))),
            horizontal: false,
        });
        categories.push(display.to_string());
        max = max.max(o.value);
        period = o.period.to_string();
    }
    if marks.is_empty() {
        return Err(no_data(name, "mean normalised citation score"));
    }
    marks.push(Mark::HRule {
        y: 1.0,
        color: INK,
        dash: Pattern::Dashed,
        label: Some("World average = 1".into()),
    });
    notes.push("Citations normalised by field and year; 1 is the world average.".into());
    Ok(Chart {
        name,
        frame: Frame {
            title: format!(
                "Mean normalised citation score in life sciences, {}: Inserm, France and comparators",
                period_label(&period)
            ),
            legend: vec![
                bar_key("Inserm", BLUE),
                bar_key("France and comparator institutions", SKY),
                line_key("World average = 1", INK, Pattern::Dashed, None),
            ],
            notes,
            sources: source_lines(ds, &refs),
        },
        panels: vec![Panel {
            title: None,
            x: category_axis(categories, "Institution or country"),
            y: value_axis(0.0, max * 1.08, 5, "Mean normalised citation score (index)", grouped),
            right_pad: 8.0,
            marks,
        }],
    })
}

fn eu_funding(ds: &Dataset, c: &Computed) -> Result<Chart> {
    let name = CHART_NAMES[7];
    let mut refs = Refs::default();
    let mut legend = Vec::new();
    let mut notes = Vec::new();
    let mut panels = Vec::new();
    // (a) The two EU-funding series, year by year.
    let accounts = [
        ("eu.all.european_funding", "European funding (section V.1)", BLUE),
        (
            "budget_revenues.eu_funding",
            "EU funding revenue line (section VII.4.a)",
            ORANGE,
        ),
    ];
    let series: Vec<Vec<(String, f64)>> = accounts.iter().map(|(id, _, _)| c.series_points(id)).collect();
    let mut years: Vec<String> = series.iter().flatten().map(|(p, _)| p.clone()).collect();
    years.sort();
    years.dedup();
    let mut marks = Vec::new();
    let mut max: f64 = 0.0;
    for (j, ((id, label, color), points)) in accounts.iter().zip(&series).enumerate() {
        let mut any = false;
        for (i, year) in years.iter().enumerate() {
            let Some(v) = value_of(points, year) else { continue };
            if let Some((_, inputs)) = c.series_value(id, year) {
                refs.add(&inputs);
            }
            let cx = i as f64 + if j == 0 { -0.2 } else { 0.2 };
            marks.push(Mark::Bar {
                x0: cx - 0.18,
                x1: cx + 0.18,
                y0: 0.0,
                y1: v,
                color: *color,
                label: Some(grouped(v, 0)),
                horizontal: false,
            });
            max = max.max(v);
            any = true;
        }
        if any {
            legend.push(bar_key(*label, *color));
        }
    }
    let gaps: Vec<String> = years
        .iter()
        .filter_map(|y| {
            Some(format!(
                "{} in {y}",
                grouped(value_of(&series[0], y)? - value_of(&series[1], y)?, 0)
            ))
        })
        .collect();
    if !gaps.is_empty() {
        notes.push(format!(
            "(a) Section V.1 gives more than the revenue line of section VII.4.a for the same years (EUR million): {}.",
            gaps.join(", ")
        ));
    }
    if !marks.is_empty() {
        panels.push(Panel {
            title: Some("(a) Two accounts of EU funding".into()),
            x: category_axis(years.clone(), "Year"),
            y: value_axis(0.0, max * 1.1, 5, "EUR million", grouped),
            right_pad: 8.0,
            marks,
        });
    }
    // (b) Projects per programme year.
    let programmes = [
        ("horizon_2020", "Horizon 2020", SKY),
        ("horizon_europe", "Horizon Europe", VERMILLION),
    ];
    let measures = [("participations", "Participations"), ("coordinations", "Coordinations")];
    let mut marks = Vec::new();
    let mut max: f64 = 0.0;
    let mut spans = Vec::new();
    for (j, (programme, display, color)) in programmes.iter().enumerate() {
        let mut period = None;
        for (i, (measure, _)) in measures.iter().enumerate() {
            let subject = format!("eu.{programme}.{measure}");
            let Some(r) = c
                .rows
                .iter()
                .find(|r| r.indicator == "per_programme_year" && r.subject == subject && r.value.is_finite())
            else {
                continue;
            };
            refs.add(&r.inputs);
            let cx = i as f64 + if j == 0 { -0.2 } else { 0.2 };
            marks.push(Mark::Bar {
                x0: cx - 0.18,
                x1: cx + 0.18,
                y0: 0.0,
                y1: r.value,
                color: *color,
                label: Some(grouped(r.value, 1)),
                horizontal: false,
            });
            max = max.max(r.value);
            period = Some(r.to.clone());
        }
        if let Some(period) = period {
            let years = period
                .parse::<Period>()
                .ok()
                .and_then(|p| p.span_years())
                .unwrap_or(0.0);
            legend.push(bar_key(format!("{display} ({})", period_label(&period)), *color));
            spans.push(format!(
                "{display} {} ({} years)",
                period_label(&period),
                grouped(years, 0)
            ));
        }
    }
    if !marks.is_empty() {
        notes.push(format!(
            "(b) Projects over the programme divided by its years: {}.",
            spans.join(", ")
        ));
        panels.push(Panel {
            title: Some("(b) EU framework-programme projects per year".into()),
            x: category_axis(
                measures.iter().map(|(_, d)| d.to_string()).collect(),
                "Projects Inserm took part in or coordinated",
            ),
            y: value_axis(0.0, max * 1.1, 5, "Projects per programme year", grouped),
            right_pad: 8.0,
            marks,
        });
    }
    if panels.is_empty() {
        return Err(no_data(name, "EU funding or EU programme projects"));
    }
    Ok(Chart {
        name,
        frame: Frame {
            title: "EU funding: the report's two figures, and Horizon 2020 against Horizon Europe".into(),
            legend,
            notes,
            sources: source_lines(ds, &refs),
        },
        panels,
    })
}

// ---------------------------------------------------------------------------------------------
// Rendering

type DrawResult<T = ()> = std::result::Result<T, Box<dyn StdError>>;

#[derive(Clone, Copy)]
struct Rect {
    x0: i32,
    y0: i32,
    x1: i32,
    y1: i32,
}

/// The plot area of a panel and its data ranges.
struct Plot {
    rect: Rect,
    x: (f64, f64),
    y: (f64, f64),
}

impl Plot {
    fn px(&self, v: f64) -> f64 {
        let span = if self.x.1 > self.x.0 { self.x.1 - self.x.0 } else { 1.0 };
        f64::from(self.rect.x0) + (v - self.x.0) / span * f64::from(self.rect.x1 - self.rect.x0)
    }

    fn py(&self, v: f64) -> f64 {
        let span = if self.y.1 > self.y.0 { self.y.1 - self.y.0 } else { 1.0 };
        f64::from(self.rect.y1) - (v - self.y.0) / span * f64::from(self.rect.y1 - self.rect.y0)
    }

    fn at(&self, x: f64, y: f64) -> (i32, i32) {
        (clamp_px(self.px(x)), clamp_px(self.py(y)))
    }
}

/// A pixel coordinate, kept within a range the backends handle whatever the data.
fn clamp_px(v: f64) -> i32 {
    if v.is_finite() {
        v.round().clamp(-100_000.0, 100_000.0) as i32
    } else {
        0
    }
}

fn hpos(h: H) -> HPos {
    match h {
        H::Left => HPos::Left,
        H::Center => HPos::Center,
        H::Right => HPos::Right,
    }
}

fn vpos(v: V) -> VPos {
    match v {
        V::Top => VPos::Top,
        V::Center => VPos::Center,
        V::Bottom => VPos::Bottom,
    }
}

/// Text colour readable on a fill.
fn ink_on(fill: RGBColor) -> RGBColor {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let y = 0.2126 * lin(fill.0) + 0.7152 * lin(fill.1) + 0.0722 * lin(fill.2);
    if y < 0.3 { WHITE } else { INK }
}

/// Splits a polyline into the pieces drawn under a dash pattern.
fn dash_pieces(points: &[(f64, f64)], pattern: &[f64]) -> Vec<Vec<(f64, f64)>> {
    if pattern.is_empty() || pattern.iter().any(|p| p.is_nan() || *p <= 0.0) || points.len() < 2 {
        return vec![points.to_vec()];
    }
    let mut pieces = Vec::new();
    let mut idx = 0;
    let mut left = pattern[0];
    let mut on = true;
    let mut current = vec![points[0]];
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        if !len.is_finite() || len > 1e6 {
            return vec![points.to_vec()];
        }
        let mut t = 0.0;
        while len - t > left {
            t += left;
            let f = t / len;
            let p = (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f);
            if on {
                current.push(p);
                pieces.push(std::mem::take(&mut current));
            } else {
                current = vec![p];
            }
            on = !on;
            idx = (idx + 1) % pattern.len();
            left = pattern[idx];
        }
        left -= len - t;
        if on {
            current.push(b);
        }
    }
    if on && current.len() > 1 {
        pieces.push(current);
    }
    pieces
}

/// The two faces of the embedded font, parsed once.
struct Faces {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

fn faces() -> Option<&'static Faces> {
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
const X_HEIGHT: f32 = 0.547;

/// Text size (em, in pixels), weight, colour and direction.
#[derive(Clone, Copy)]
struct TextFont {
    em: f64,
    bold: bool,
    color: RGBColor,
    /// Turned a quarter anticlockwise, read from bottom to top.
    rotated: bool,
}

impl TextFont {
    fn face(&self) -> DrawResult<&'static FontRef<'static>> {
        let f = faces().ok_or("the embedded DejaVu Sans could not be read")?;
        Ok(if self.bold { &f.bold } else { &f.regular })
    }

    /// ab_glyph scales a font by its ascent-to-descent height; this is the scale whose em is
    /// `self.em` pixels, the `font-size` the SVG gives the same text.
    fn scale(&self, face: &FontRef<'static>) -> PxScale {
        let upem = face.units_per_em().unwrap_or(2048.0);
        PxScale::from(self.em as f32 * face.height_unscaled() / upem)
    }

    /// Advance width of `text`, kerning included.
    fn width(&self, text: &str) -> DrawResult<f32> {
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

struct Canvas<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, Shift>,
    /// Scale of sizes relative to the reference canvas of 1000 × 600.
    k: f64,
    w: i32,
    h: i32,
    /// Text drawn as pixels here (bitmaps) rather than handed to the backend as text (SVG).
    raster_text: bool,
}

fn render<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, chart: &Chart, raster_text: bool) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let (w, h) = area.dim_in_pixel();
    // Larger canvases scale everything (as a higher resolution would); smaller ones shrink
    // text less than the canvas, so that it stays readable.
    let r = (f64::from(w) / 1000.0).min(f64::from(h) / 600.0);
    let k = if r >= 1.0 { r.min(4.0) } else { r.sqrt().max(0.7) };
    let cv = Canvas {
        area,
        k,
        w: w as i32,
        h: h as i32,
        raster_text,
    };
    area.fill(&WHITE)?;
    let body = cv.frame(&chart.frame)?;
    let n = chart.panels.len().max(1) as i32;
    let gap = cv.px(36.0);
    let pw = (body.x1 - body.x0 - gap * (n - 1)) / n;
    for (i, panel) in chart.panels.iter().enumerate() {
        let x0 = body.x0 + i as i32 * (pw + gap);
        cv.panel(
            panel,
            Rect {
                x0,
                y0: body.y0,
                x1: x0 + pw,
                y1: body.y1,
            },
        )?;
    }
    Ok(())
}

impl<DB: DrawingBackend> Canvas<'_, DB>
where
    DB::ErrorType: 'static,
{
    fn px(&self, v: f64) -> i32 {
        (v * self.k).round() as i32
    }

    /// A font `size` reference pixels to the em, scaled with the canvas.
    fn font(&self, size: f64, bold: bool, color: RGBColor) -> TextFont {
        TextFont {
            em: size * self.k,
            bold,
            color,
            rotated: false,
        }
    }

    /// Distance between the baselines of lines of text of `size`.
    fn line_h(&self, size: f64) -> i32 {
        self.px(size * 1.45)
    }

    fn measure(&self, text: &str, font: &TextFont) -> DrawResult<i32> {
        Ok(font.width(text)?.ceil() as i32)
    }

    /// Draws `text` with its anchor at `at`: (h, v) say which point of the text that is. V::Top
    /// is the top of the capitals, V::Center the middle of the lower case, V::Bottom the
    /// bottom of the descenders (as plotters' SVG backend places them: dy 0.76em, 0.5ex, −0.5ex).
    fn text(&self, text: &str, font: &TextFont, at: (i32, i32), h: H, v: V) -> DrawResult {
        // Control characters have no glyph, and are not allowed in XML.
        let clean: String;
        let text = if text.chars().any(char::is_control) {
            clean = text.chars().filter(|c| !c.is_control()).collect();
            clean.as_str()
        } else {
            text
        };
        if text.is_empty() {
            return Ok(());
        }
        if !self.raster_text {
            let weight = if font.bold { FontStyle::Bold } else { FontStyle::Normal };
            // plotters writes font-size = size / 1.24.
            let mut style = (FONT_FAMILY, font.em * 1.24, weight).into_font().color(&font.color);
            if font.rotated {
                style = style.transform(FontTransform::Rotate270);
            }
            self.area.draw_text(text, &style.pos(Pos::new(hpos(h), vpos(v))), at)?;
            return Ok(());
        }
        let face = font.face()?;
        let scale = font.scale(face);
        let scaled = face.as_scaled(scale);
        let em = font.em as f32;
        let width = font.width(text)?;
        // Text coordinates: u along the baseline, v down, from the anchor.
        let mut u = match h {
            H::Left => 0.0,
            H::Center => -width / 2.0,
            H::Right => -width,
        };
        let baseline = match v {
            V::Top => 0.76 * em,
            V::Center => 0.5 * X_HEIGHT * em,
            V::Bottom => -0.5 * X_HEIGHT * em,
        };
        let mut coverage: Vec<(i32, i32, f32)> = Vec::new();
        let mut prev = None;
        for ch in text.chars() {
            let id = scaled.glyph_id(ch);
            if let Some(p) = prev {
                u += scaled.kern(p, id);
            }
            if let Some(outline) = face.outline_glyph(id.with_scale_and_position(scale, point(u, baseline))) {
                let b = outline.px_bounds();
                let (bx, by) = (b.min.x as i32, b.min.y as i32);
                outline.draw(|x, y, c| coverage.push((bx + x as i32, by + y as i32, c)));
            }
            u += scaled.h_advance(id);
            prev = Some(id);
        }
        for (tu, tv, c) in coverage {
            if c <= 0.002 {
                continue;
            }
            let (x, y) = if font.rotated {
                (at.0 + tv, at.1 - tu - 1)
            } else {
                (at.0 + tu, at.1 + tv)
            };
            if x >= 0 && y >= 0 && x < self.w && y < self.h {
                self.area.draw_pixel((x, y), &font.color.mix(f64::from(c.min(1.0))))?;
            }
        }
        Ok(())
    }

    /// Text in a white box, over whatever is below it.
    fn boxed_text(&self, text: &str, font: &TextFont, at: (i32, i32), h: H, v: V) -> DrawResult {
        let tw = self.measure(text, font)?;
        let em = font.em;
        let x0 = match h {
            H::Left => at.0,
            H::Center => at.0 - tw / 2,
            H::Right => at.0 - tw,
        };
        // The box runs from the ascenders to the descenders.
        let baseline = f64::from(at.1)
            + match v {
                V::Top => 0.76 * em,
                V::Center => 0.5 * f64::from(X_HEIGHT) * em,
                V::Bottom => -0.5 * f64::from(X_HEIGHT) * em,
            };
        let pad = self.px(3.0);
        let top = (baseline - 0.95 * em).floor() as i32 - pad / 2;
        let bottom = (baseline + 0.25 * em).ceil() as i32 + pad / 2;
        self.area.draw(&Rectangle::new(
            [(x0 - pad, top), (x0 + tw + pad, bottom)],
            WHITE.filled(),
        ))?;
        self.text(text, font, at, h, v)
    }

    /// Lines of `text` no wider than `max_w` where words allow; "\n" forces a break.
    fn wrap(&self, text: &str, font: &TextFont, max_w: i32) -> DrawResult<Vec<String>> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut current = String::new();
            for word in para.split(' ').filter(|w| !w.is_empty()) {
                let candidate = if current.is_empty() {
                    word.to_string()
                } else {
                    format!("{current} {word}")
                };
                if current.is_empty() || self.measure(&candidate, font)? <= max_w {
                    current = candidate;
                } else {
                    lines.push(std::mem::replace(&mut current, word.to_string()));
                }
            }
            lines.push(current);
        }
        Ok(lines)
    }

    fn stroke(&self, color: RGBColor, width: f64) -> ShapeStyle {
        ShapeStyle {
            color: color.to_rgba(),
            filled: false,
            stroke_width: (width * self.k).round().max(1.0) as u32,
        }
    }

    fn polyline(&self, points: &[(f64, f64)], color: RGBColor, width: f64, dash: Pattern) -> DrawResult {
        let pattern: Vec<f64> = dash.pattern().iter().map(|p| p * self.k).collect();
        for piece in dash_pieces(points, &pattern) {
            let pts: Vec<(i32, i32)> = piece.iter().map(|&(x, y)| (clamp_px(x), clamp_px(y))).collect();
            if pts.len() >= 2 {
                self.area.draw(&PathElement::new(pts, self.stroke(color, width)))?;
            }
        }
        Ok(())
    }

    fn rect(&self, a: (i32, i32), b: (i32, i32), color: RGBColor) -> DrawResult {
        self.area.draw(&Rectangle::new([a, b], color.filled()))?;
        Ok(())
    }

    fn marker(&self, m: Marker, (x, y): (i32, i32), color: RGBColor) -> DrawResult {
        let r = 4.5 * self.k;
        let p = |dx: f64, dy: f64| (x + (dx * r).round() as i32, y + (dy * r).round() as i32);
        let style = color.filled();
        match m {
            Marker::Circle => self.area.draw(&Circle::new((x, y), r.round() as i32, style))?,
            Marker::Square => self
                .area
                .draw(&Rectangle::new([p(-0.85, -0.85), p(0.85, 0.85)], style))?,
            Marker::Triangle => self
                .area
                .draw(&Polygon::new(vec![p(0.0, -1.2), p(1.05, 0.8), p(-1.05, 0.8)], style))?,
            Marker::TriangleDown => self
                .area
                .draw(&Polygon::new(vec![p(0.0, 1.2), p(1.05, -0.8), p(-1.05, -0.8)], style))?,
            Marker::Diamond => self.area.draw(&Polygon::new(
                vec![p(0.0, -1.3), p(1.05, 0.0), p(0.0, 1.3), p(-1.05, 0.0)],
                style,
            ))?,
        }
        Ok(())
    }

    fn swatch(&self, s: &Swatch, (x, cy): (i32, i32), w: i32) -> DrawResult {
        match s {
            Swatch::Bar(color) => {
                let half = self.px(6.0);
                self.rect((x + w / 2 - half, cy - half), (x + w / 2 + half, cy + half), *color)
            }
            Swatch::Line { color, dash, marker } => {
                let y = f64::from(cy);
                self.polyline(&[(f64::from(x), y), (f64::from(x + w), y)], *color, 2.2, *dash)?;
                if let Some(m) = marker {
                    self.marker(*m, (x + w / 2, cy), *color)?;
                }
                Ok(())
            }
        }
    }

    /// Draws title, legend, notes and sources; returns the room left for the panels.
    fn frame(&self, f: &Frame) -> DrawResult<Rect> {
        let m = self.px(16.0);
        let inner = self.w - 2 * m;
        let title = self.font(T_TITLE, true, INK);
        let mut y = m;
        for line in self.wrap(&f.title, &title, inner)? {
            self.text(&line, &title, (m, y), H::Left, V::Top)?;
            y += self.line_h(T_TITLE);
        }
        y += self.px(4.0);
        if !f.legend.is_empty() {
            let style = self.font(T_LEGEND, false, INK);
            let sw = self.px(30.0);
            let gap = self.px(7.0);
            let sep = self.px(22.0);
            let lh = self.line_h(T_LEGEND) + self.px(3.0);
            let mut x = m;
            for key in &f.legend {
                let iw = sw + gap + self.measure(&key.label, &style)?;
                if x > m && x + iw > self.w - m {
                    x = m;
                    y += lh;
                }
                let cy = y + lh / 2;
                self.swatch(&key.swatch, (x, cy), sw)?;
                self.text(&key.label, &style, (x + sw + gap, cy), H::Left, V::Center)?;
                x += iw + sep;
            }
            y += lh;
        }
        y += self.px(10.0);
        let foot = self.font(T_FOOT, false, MUTED);
        let lh = self.line_h(T_FOOT);
        let mut lines = Vec::new();
        for text in f.notes.iter().chain(&f.sources).filter(|t| !t.is_empty()) {
            lines.extend(self.wrap(text, &foot, inner)?);
        }
        // On a small canvas the notes give way to the chart; the sources always stay.
        if lh * lines.len() as i32 > self.h / 4 {
            lines.clear();
            for text in f.sources.iter().filter(|t| !t.is_empty()) {
                lines.extend(self.wrap(text, &foot, inner)?);
            }
        }
        let mut fy = self.h - self.px(10.0) - lh * lines.len() as i32;
        let bottom = fy - self.px(10.0);
        for line in &lines {
            self.text(line, &foot, (m, fy), H::Left, V::Top)?;
            fy += lh;
        }
        Ok(Rect {
            x0: m,
            y0: y,
            x1: self.w - m,
            y1: bottom.max(y + 1),
        })
    }

    fn panel(&self, p: &Panel, r: Rect) -> DrawResult {
        let tick = self.font(T_TICK, false, INK);
        let axis_font = self.font(T_AXIS, false, INK);
        let lh_tick = self.line_h(T_TICK);
        let lh_axis = self.line_h(T_AXIS);
        let gap = self.px(8.0);
        let mut top = r.y0;
        if let Some(t) = &p.title {
            let style = self.font(T_PANEL, true, INK);
            for line in self.wrap(t, &style, r.x1 - r.x0)? {
                self.text(&line, &style, (r.x0, top), H::Left, V::Top)?;
                top += self.line_h(T_PANEL);
            }
            top += self.px(6.0);
        }
        top += self.px(8.0);
        // Left axis: title (rotated), then tick labels.
        let left_max = ((r.x1 - r.x0) as f64 * 0.3) as i32;
        let mut left_labels: Vec<(f64, Vec<String>)> = Vec::new();
        for (v, t) in &p.y.ticks {
            let lines = if p.y.kind == AxisKind::Category {
                self.wrap(t, &tick, left_max)?
            } else {
                vec![t.clone()]
            };
            left_labels.push((*v, lines));
        }
        let mut label_w = 0;
        for (_, lines) in &left_labels {
            for l in lines {
                label_w = label_w.max(self.measure(l, &tick)?);
            }
        }
        let title_w = if p.y.title.is_empty() { 0 } else { lh_axis + gap };
        let x0 = r.x0 + title_w + label_w + gap + self.px(4.0);
        // Right: room for end labels and for the last bottom tick label.
        let mut right = self.px(p.right_pad);
        if p.x.kind == AxisKind::Value
            && let Some((_, t)) = p.x.ticks.last()
        {
            right = right.max(self.measure(t, &tick)? / 2 + 2);
        }
        let x1 = (r.x1 - right).max(x0 + 1);
        // Bottom axis: tick labels, then title.
        let n_cat = p.x.ticks.len().max(1) as i32;
        let slot = (x1 - x0) / n_cat;
        let mut bottom_labels: Vec<(f64, Vec<String>)> = Vec::new();
        for (v, t) in &p.x.ticks {
            let lines = if p.x.kind == AxisKind::Category {
                self.wrap(t, &tick, slot - self.px(6.0))?
            } else {
                vec![t.clone()]
            };
            bottom_labels.push((*v, lines));
        }
        let n_lines = bottom_labels.iter().map(|(_, l)| l.len()).max().unwrap_or(1) as i32;
        let x_title_h = if p.x.title.is_empty() {
            0
        } else {
            lh_axis + self.px(4.0)
        };
        let y1 = (r.y1 - (gap + n_lines * lh_tick + x_title_h)).max(top + 1);
        let plot = Plot {
            rect: Rect { x0, y0: top, x1, y1 },
            x: (p.x.min, p.x.max),
            y: (p.y.min, p.y.max),
        };
        // Under the grid: bands.
        for mark in &p.marks {
            if let Mark::Band {
                x0: b0,
                x1: b1,
                caption,
            } = mark
            {
                let a = clamp_px(plot.px(*b0).max(f64::from(x0)));
                let b = clamp_px(plot.px(*b1).min(f64::from(x1)));
                self.rect((a, top), (b, y1), BAND)?;
                if let Some(c) = caption {
                    let style = self.font(T_TICK, false, MUTED);
                    self.text(c, &style, (b - self.px(6.0), top + self.px(5.0)), H::Right, V::Top)?;
                }
            }
        }
        // Grid.
        if p.y.kind == AxisKind::Value {
            for (v, _) in &p.y.ticks {
                let y = plot.py(*v);
                self.polyline(&[(f64::from(x0), y), (f64::from(x1), y)], GRID, 1.0, Pattern::Solid)?;
            }
        }
        if p.x.kind == AxisKind::Value && p.y.kind == AxisKind::Category {
            for (v, _) in &p.x.ticks {
                let x = plot.px(*v);
                self.polyline(&[(x, f64::from(top)), (x, f64::from(y1))], GRID, 1.0, Pattern::Solid)?;
            }
        }
        self.marks(&plot, &p.marks)?;
        // Axes lines.
        let axis = self.stroke(MUTED, 1.0);
        self.area.draw(&PathElement::new(vec![(x0, y1), (x1, y1)], axis))?;
        self.area.draw(&PathElement::new(vec![(x0, top), (x0, y1)], axis))?;
        // Left tick labels.
        for (v, lines) in &left_labels {
            let y = plot.py(*v);
            let n = lines.len() as f64;
            for (i, line) in lines.iter().enumerate() {
                let ly = y + (i as f64 - (n - 1.0) / 2.0) * f64::from(lh_tick);
                self.text(line, &tick, (x0 - gap, clamp_px(ly)), H::Right, V::Center)?;
            }
            if p.y.kind == AxisKind::Value {
                self.area.draw(&PathElement::new(
                    vec![(x0 - self.px(4.0), clamp_px(y)), (x0, clamp_px(y))],
                    axis,
                ))?;
            }
        }
        // Bottom tick labels: every label for categories; for values, every s-th tick, the
        // smallest s for which none overlaps the next.
        let ly = y1 + gap;
        if p.x.kind == AxisKind::Category {
            for (v, lines) in &bottom_labels {
                let x = clamp_px(plot.px(*v));
                for (i, line) in lines.iter().enumerate() {
                    self.text(line, &tick, (x, ly + i as i32 * lh_tick), H::Center, V::Top)?;
                }
            }
        } else {
            let mut spans = Vec::new();
            for (v, lines) in &bottom_labels {
                let w = self.measure(lines.first().map_or("", |s| s.as_str()), &tick)?;
                spans.push((plot.px(*v), w));
            }
            let min_gap = f64::from(self.px(10.0));
            let fits = |s: usize| {
                let shown: Vec<&(f64, i32)> = spans.iter().step_by(s).collect();
                shown
                    .windows(2)
                    .all(|w| w[1].0 - w[0].0 >= f64::from(w[0].1 + w[1].1) / 2.0 + min_gap)
            };
            let stride = [1, 2, 3, 4, 5, 10, 20, 50]
                .into_iter()
                .find(|&s| fits(s))
                .unwrap_or(100);
            for (i, (v, lines)) in bottom_labels.iter().enumerate() {
                let x = clamp_px(plot.px(*v));
                self.area
                    .draw(&PathElement::new(vec![(x, y1), (x, y1 + self.px(4.0))], axis))?;
                if i % stride == 0 {
                    self.text(
                        lines.first().map_or("", |s| s.as_str()),
                        &tick,
                        (x, ly),
                        H::Center,
                        V::Top,
                    )?;
                }
            }
        }
        // Axis titles.
        if !p.x.title.is_empty() {
            self.text(
                &p.x.title,
                &axis_font,
                ((x0 + x1) / 2, ly + n_lines * lh_tick + self.px(4.0)),
                H::Center,
                V::Top,
            )?;
        }
        if !p.y.title.is_empty() {
            let rotated = TextFont {
                rotated: true,
                ..axis_font
            };
            self.text(
                &p.y.title,
                &rotated,
                (r.x0 + lh_axis / 2, (top + y1) / 2),
                H::Center,
                V::Center,
            )?;
        }
        Ok(())
    }

    fn marks(&self, plot: &Plot, marks: &[Mark]) -> DrawResult {
        let Rect { x0, y0, x1, y1 } = plot.rect;
        let rules: Vec<i32> = marks
            .iter()
            .filter_map(|m| match m {
                Mark::HRule { y, .. } => Some(clamp_px(plot.py(*y))),
                _ => None,
            })
            .collect();
        for mark in marks {
            match mark {
                Mark::Band { .. } => {}
                Mark::Bar {
                    x0: bx0,
                    x1: bx1,
                    y0: by0,
                    y1: by1,
                    color,
                    label,
                    horizontal,
                } => {
                    let (a, b) = (plot.at(*bx0, *by0), plot.at(*bx1, *by1));
                    let (left, right) = (a.0.min(b.0).max(x0), a.0.max(b.0).min(x1));
                    let (upper, lower) = (a.1.min(b.1).max(y0), a.1.max(b.1).min(y1));
                    self.rect((left, upper), (right, lower), *color)?;
                    if let Some(text) = label {
                        let positive = *bx1 >= *bx0 && *by1 >= *by0;
                        self.bar_label(
                            text,
                            *color,
                            (left, upper, right, lower),
                            (*horizontal, positive),
                            (&rules, y0),
                        )?;
                    }
                }
                Mark::Line {
                    points,
                    color,
                    width,
                    dash,
                } => {
                    let pts: Vec<(f64, f64)> = points.iter().map(|&(x, y)| (plot.px(x), plot.py(y))).collect();
                    self.polyline(&pts, *color, *width, *dash)?;
                }
                Mark::Points { points, marker, color } => {
                    for &(x, y) in points {
                        self.marker(*marker, plot.at(x, y), *color)?;
                    }
                }
                Mark::Ring { x, y, color } => {
                    let r = self.px(8.0);
                    self.area
                        .draw(&Circle::new(plot.at(*x, *y), r, self.stroke(*color, 1.8)))?;
                }
                Mark::HRule { y, color, dash, label } => {
                    let py = plot.py(*y);
                    self.polyline(&[(f64::from(x0), py), (f64::from(x1), py)], *color, 1.8, *dash)?;
                    if let Some(t) = label {
                        let style = self.font(T_VALUE, false, INK);
                        self.boxed_text(
                            t,
                            &style,
                            (x1 - self.px(4.0), clamp_px(py) - self.px(5.0)),
                            H::Right,
                            V::Bottom,
                        )?;
                    }
                }
                Mark::VRule {
                    x,
                    color,
                    dash,
                    label,
                    side,
                    row,
                } => {
                    let px = plot.px(*x);
                    self.polyline(&[(px, f64::from(y0)), (px, f64::from(y1))], *color, 1.5, *dash)?;
                    if let Some(t) = label {
                        let style = self.font(T_VALUE, false, INK);
                        let dx = if *side == H::Right { -self.px(6.0) } else { self.px(6.0) };
                        let ty = y0 + self.px(6.0) + *row as i32 * (self.line_h(T_VALUE) + self.px(4.0));
                        // Kept inside the plot: moved along the line's side as needed.
                        let tw = self.measure(t, &style)?;
                        let pad = self.px(3.0);
                        let mut ax = clamp_px(px) + dx;
                        match side {
                            H::Right => ax = ax.max(x0 + tw + pad).min(x1 - pad),
                            _ => ax = ax.min(x1 - tw - pad).max(x0 + pad),
                        }
                        self.boxed_text(t, &style, (ax, ty), *side, V::Top)?;
                    }
                }
                Mark::Labels(labels) => self.labels(plot, labels)?,
            }
        }
        Ok(())
    }

    /// A bar's value: beyond its end; for a vertical bar, inside its top instead where the
    /// text above would cross a reference line (`rules`, pixel rows) or leave the plot (whose
    /// top is `plot_top`).
    fn bar_label(
        &self,
        text: &str,
        fill: RGBColor,
        bar: (i32, i32, i32, i32),
        (horizontal, positive): (bool, bool),
        (rules, plot_top): (&[i32], i32),
    ) -> DrawResult {
        let (left, upper, right, lower) = bar;
        let mut font = self.font(T_VALUE, false, INK);
        let pad = self.px(5.0);
        if horizontal {
            let cy = (upper + lower) / 2;
            let (at, h) = if positive {
                ((right + pad, cy), H::Left)
            } else {
                ((left - pad, cy), H::Right)
            };
            return self.text(text, &font, at, h, V::Center);
        }
        let bar_w = right - left;
        let cx = (left + right) / 2;
        let th = font.em.ceil() as i32 + 1;
        let gap = self.px(4.0);
        let hits = |(a, b): (i32, i32)| rules.iter().any(|&y| y >= a - 2 && y <= b + 2);
        let above = (upper - gap - th, upper - gap);
        let inside = (upper + pad, upper + pad + th);
        let inside_fits = self.measure(text, &font)? + pad <= bar_w && lower - upper >= th + 2 * pad;
        let above_ok = above.0 >= plot_top && !hits(above);
        if !above_ok && inside_fits && !hits(inside) {
            let on_fill = self.font(T_VALUE, false, ink_on(fill));
            return self.text(text, &on_fill, (cx, inside.0), H::Center, V::Top);
        }
        // Above: no wider than the bar and a little, so that neighbours' labels do not meet.
        let room = (f64::from(bar_w) * 1.15).max(1.0);
        let tw = f64::from(self.measure(text, &font)?);
        if tw > room {
            font = self.font((T_VALUE * room / tw).max(8.0 / self.k), false, INK);
        }
        self.text(text, &font, (cx, upper - gap), H::Center, V::Bottom)
    }

    /// Point labels, each moved down past any label of the group drawn before it that it
    /// would overlap.
    fn labels(&self, plot: &Plot, labels: &[Label]) -> DrawResult {
        let style = self.font(T_VALUE, false, INK);
        let th = self.line_h(T_VALUE) - self.px(2.0);
        let mut boxes: Vec<(i32, i32, i32, i32, &Label)> = Vec::new();
        for l in labels {
            let (x, y) = plot.at(l.x, l.y);
            let (x, y) = (x + self.px(l.dx), y + self.px(l.dy));
            let tw = self.measure(&l.text, &style)?;
            let bx = match l.h {
                H::Left => x,
                H::Center => x - tw / 2,
                H::Right => x - tw,
            };
            let by = match l.v {
                V::Top => y,
                V::Center => y - th / 2,
                V::Bottom => y - th,
            };
            boxes.push((bx, by, tw, th, l));
        }
        boxes.sort_by_key(|b| (b.1, b.0));
        let mut placed: Vec<(i32, i32, i32, i32)> = Vec::new();
        for (bx, mut by, tw, th, l) in boxes {
            for _ in 0..placed.len() + 1 {
                let hit = placed
                    .iter()
                    .find(|(px, py, pw, ph)| bx < px + pw && *px < bx + tw && by < py + ph && *py < by + th);
                match hit {
                    Some((_, py, _, ph)) => by = py + ph,
                    None => break,
                }
            }
            placed.push((bx, by, tw, th));
            let at = match l.h {
                H::Left => bx,
                H::Center => bx + tw / 2,
                H::Right => bx + tw,
            };
            self.text(&l.text, &style, (at, by + th / 2), l.h, V::Center)?;
        }
        Ok(())
    }
}
