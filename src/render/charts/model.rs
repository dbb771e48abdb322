//! The description of a chart as data, independently of the output format: frame texts, facets,
//! axes and marks in data coordinates; the palette, type sizes, number formats and axes.

use plotters::style::RGBColor;

use crate::format::grouped;
use crate::load::definition::charts::{ColorName, DashName, MarkerName};
use crate::load::vocab::Qualifier;
use crate::period::Period;

// ---------------------------------------------------------------------------------------------
// Palette, type sizes

/// Okabe–Ito colours. Lightness (CIE L*): black 0, blue 46, vermillion 54, sky blue 70, orange
/// 71: pairs compared in one chart take a dark and a light one.
pub(super) mod palette {
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
pub(super) use palette::*;

/// Type sizes: pixels to the em (the SVG font-size) at the reference size of 1000 × 600,
/// scaled with the canvas.
pub(super) const T_TITLE: f64 = 18.0;
pub(super) const T_FACET: f64 = 13.5;
pub(super) const T_AXIS: f64 = 12.5;
pub(super) const T_TICK: f64 = 11.5;
pub(super) const T_VALUE: f64 = 11.5;
pub(super) const T_LEGEND: f64 = 11.5;
pub(super) const T_FOOT: f64 = 10.5;

// ---------------------------------------------------------------------------------------------
// Chart description

/// A chart ready to draw.
pub(super) struct Chart {
    pub(super) frame: Frame,
    pub(super) facets: Vec<Facet>,
    /// The facets' numbers, one table per facet.
    pub(super) data: Vec<super::FacetData>,
}

/// What surrounds the facets: title and legend above, notes and sources below.
pub(super) struct Frame {
    pub(super) title: String,
    /// Keys shared by the facets, drawn once under the title. Facets whose keys differ carry
    /// their own (`Facet::legend`) instead.
    pub(super) legend: Vec<Key>,
    pub(super) notes: Vec<String>,
    pub(super) sources: Vec<String>,
}

pub(super) struct Key {
    pub(super) label: String,
    pub(super) swatch: Swatch,
}

pub(super) enum Swatch {
    Bar(RGBColor),
    Line {
        color: RGBColor,
        dash: Pattern,
        marker: Option<Marker>,
    },
}

pub(super) fn bar_key(label: impl Into<String>, color: RGBColor) -> Key {
    Key {
        label: label.into(),
        swatch: Swatch::Bar(color),
    }
}

pub(super) fn line_key(label: impl Into<String>, color: RGBColor, dash: Pattern, marker: Option<Marker>) -> Key {
    Key {
        label: label.into(),
        swatch: Swatch::Line { color, dash, marker },
    }
}

pub(super) struct Facet {
    pub(super) title: Option<String>,
    pub(super) x: Axis,
    pub(super) y: Axis,
    /// Room kept right of the plot for labels at the right end, in reference pixels.
    pub(super) right_pad: f64,
    pub(super) marks: Vec<Mark>,
    /// Keys drawn under the facet's title, when its keys are its own (see `Frame::legend`).
    pub(super) legend: Vec<Key>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum AxisKind {
    /// Numbers: grid lines and tick labels at the ticks.
    Value,
    /// Categories at 0, 1, 2…: labels wrapped to the room each has, no grid.
    Category,
    /// Spans of one unit (years): each tick's label in the middle of its span, tick marks at the
    /// span's edges (the tick ± 0.5).
    Spans,
}

pub(super) struct Axis {
    pub(super) min: f64,
    pub(super) max: f64,
    pub(super) ticks: Vec<(f64, String)>,
    pub(super) title: String,
    pub(super) kind: AxisKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pattern {
    Solid,
    Dashed,
    Dotted,
    DashDot,
}

impl Pattern {
    /// On and off lengths in reference pixels.
    pub(super) fn pattern(self) -> &'static [f64] {
        match self {
            Pattern::Solid => &[],
            Pattern::Dashed => &[9.0, 5.0],
            Pattern::Dotted => &[2.5, 4.0],
            Pattern::DashDot => &[9.0, 4.0, 2.5, 4.0],
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
    TriangleDown,
}

/// Which point of a text, across, sits at its anchor.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum HAnchor {
    Left,
    Center,
    Right,
}

/// Which point of a text, down, sits at its anchor.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum VAnchor {
    Top,
    Center,
    Bottom,
}

/// A text placed at a data point, moved by (dx, dy) reference pixels.
pub(super) struct Label {
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) dx: f64,
    pub(super) dy: f64,
    pub(super) text: String,
    pub(super) h: HAnchor,
    pub(super) v: VAnchor,
}

pub(super) fn label(x: f64, y: f64, text: impl Into<String>, h: HAnchor, v: VAnchor, dx: f64, dy: f64) -> Label {
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

/// What is drawn in a facet, in data coordinates.
pub(super) enum Mark {
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
    /// A horizontal reference line across the plot. Its label is its legend key: written on the
    /// line, it would sit on whatever bar reaches the right end.
    HRule { y: f64, color: RGBColor, dash: Pattern },
    /// A vertical reference line, its label in text row `row` from the top, on side `side`.
    VRule {
        x: f64,
        color: RGBColor,
        dash: Pattern,
        label: Option<String>,
        side: HAnchor,
        row: u32,
    },
    /// Texts at points, moved down as needed so that none overlaps another of the group.
    Labels(Vec<Label>),
}

// ---------------------------------------------------------------------------------------------
// Formatting

/// Full month names, for periods in titles.
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A period in a title: `31 December 2023`, `2023`, `2018–2022`.
pub(super) fn long_label(p: &Period) -> String {
    match *p {
        Period::Date { year, month, day } => {
            let name = (month as usize)
                .checked_sub(1)
                .and_then(|i| MONTH_NAMES.get(i))
                .copied()
                .unwrap_or("");
            format!("{day} {name} {year}")
        }
        _ => p.label(),
    }
}

pub(super) const MINUS: char = '\u{2212}';

/// A change with its sign, `decimals` decimals and `suffix`: "+58.5%", "−5.7%", "+12".
pub(super) fn signed(v: f64, decimals: usize, suffix: &str) -> String {
    let s = grouped(v, decimals);
    let zero = s.chars().all(|c| c == '0' || c == '.');
    if s.starts_with(MINUS) || zero {
        format!("{s}{suffix}")
    } else {
        format!("+{s}{suffix}")
    }
}

/// Decimals needed to write every multiple of `step` exactly.
pub(super) fn decimals_of(step: f64) -> usize {
    (0..6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(6)
}

/// Symbol put before a value the document qualifies ("around 500" → "≈500").
pub(super) fn qualifier_symbol(q: Option<Qualifier>) -> &'static str {
    match q.map_or("", Qualifier::code) {
        "around" | "approximately" | "close_to" => "≈",
        "more_than" | "above" => ">",
        "less_than" => "<",
        _ => "",
    }
}

// ---------------------------------------------------------------------------------------------
// Axes

pub(super) fn nice_step(span: f64, target: usize) -> f64 {
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
pub(super) fn value_axis(lo: f64, hi: f64, target: usize, title: &str, fmt: impl Fn(f64, usize) -> String) -> Axis {
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

pub(super) fn category_axis(labels: Vec<String>, title: &str) -> Axis {
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
// Styles named in definitions

pub(super) fn color(c: ColorName) -> RGBColor {
    match c {
        ColorName::Blue => BLUE,
        ColorName::Orange => ORANGE,
        ColorName::Sky => SKY,
        ColorName::Vermillion => VERMILLION,
        ColorName::Black => BLACK,
    }
}

pub(super) fn marker(m: MarkerName) -> Marker {
    match m {
        MarkerName::Circle => Marker::Circle,
        MarkerName::Square => Marker::Square,
        MarkerName::Triangle => Marker::Triangle,
        MarkerName::TriangleDown => Marker::TriangleDown,
        MarkerName::Diamond => Marker::Diamond,
    }
}

pub(super) fn dash(d: DashName) -> Pattern {
    match d {
        DashName::Solid => Pattern::Solid,
        DashName::Dashed => Pattern::Dashed,
        DashName::Dotted => Pattern::Dotted,
        DashName::DashDot => Pattern::DashDot,
    }
}

/// Colours given to items without one, in order.
pub(super) const CYCLE: [RGBColor; 5] = [BLUE, ORANGE, SKY, VERMILLION, BLACK];

/// The `i`-th of a cycle.
pub(super) fn nth<T: Copy>(cycle: &[T], i: usize, fallback: T) -> T {
    cycle.get(i % cycle.len().max(1)).copied().unwrap_or(fallback)
}
