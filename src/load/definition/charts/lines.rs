//! The charts of lines: lines over time (`lines`) and projections (`projection`), and the
//! colours, markers and dashes a line is drawn with.

use serde::Deserialize;

use super::{crossing_label, method, observed, six, value};

/// Lines over time, one per series or indicator row, over every period it has.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LinesDef {
    /// Panel title, when the chart has several.
    #[serde(default)]
    pub title: String,
    /// The lines, in legend order; a line without its own style takes the panel's for its position.
    pub lines: Vec<LineDef>,
    /// `time`: points at their dates, ticks at the periods; `years`: a tick per year.
    #[serde(default)]
    pub x: XScale,
    /// With `x = "years"`: the pattern of a line across years without data (default: the
    /// line's own, as between consecutive years).
    #[serde(default)]
    pub gaps: Option<DashName>,
    /// Title of the time axis.
    #[serde(default)]
    pub x_title: String,
    /// Title of the value axis.
    #[serde(default)]
    pub y_title: String,
    /// About how many ticks the value axis has; default 6.
    #[serde(default = "six")]
    pub ticks: usize,
    /// A point's value text; `{value}` is the number.
    #[serde(default = "value")]
    pub value_label: String,
    /// Decimals of values; default: as the data row gives it (1 for computed values).
    #[serde(default)]
    pub decimals: Option<usize>,
    /// Notes of the panel, after the chart's.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// One line: a series, or an indicator of a subject.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LineDef {
    /// A series id (data or derived). Exactly one of `series` and `indicator` is given.
    #[serde(default)]
    pub series: Option<String>,
    /// A catalogue indicator id, with its `subject`.
    #[serde(default)]
    pub indicator: Option<String>,
    /// The indicator's subject, as in indicators.csv.
    #[serde(default)]
    pub subject: Option<String>,
    /// Legend key; default: the series' or the indicator's label.
    #[serde(default)]
    pub label: Option<String>,
    /// Line and marker colour; default: the panel's for the line's position.
    #[serde(default)]
    pub color: Option<ColorName>,
    /// Point marker; default: the panel's for the line's position.
    #[serde(default)]
    pub marker: Option<MarkerName>,
    /// Line pattern, in the drawing and the legend alike; default: the panel's for the line's
    /// position. With `x = "years"`, the panel's `gaps` may give another across years without
    /// data.
    #[serde(default)]
    pub dash: Option<DashName>,
}

/// The x axis of lines.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum XScale {
    /// `time` (the default): points where their periods fall in time (a year at its middle).
    #[default]
    Time,
    /// `years`: one tick per year, each point at its period's last year.
    Years,
}

/// Observed series and their projections (from the report's `[projections]`), a band over the
/// projected years, and where two of them cross under each method (from the question that
/// compares them).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProjectionDef {
    /// Panel title, when the chart has several.
    #[serde(default)]
    pub title: String,
    /// The series drawn: observed, and projected if `[[projections.series]]` lists them.
    pub series: Vec<ProjectedLineDef>,
    /// Title of the year axis.
    #[serde(default)]
    pub x_title: String,
    /// Title of the value axis.
    #[serde(default)]
    pub y_title: String,
    /// Legend key of an observed series: `{name}`.
    #[serde(default = "observed")]
    pub observed_label: String,
    /// Legend key of a method: `{method}`.
    #[serde(default = "method")]
    pub method_label: String,
    /// Caption of the projected years' band: `{from}`, `{to}` (the bases' periods).
    #[serde(default)]
    pub band: Option<String>,
    /// Label of a crossing's line: `{method}`, `{year}` (the year it falls in).
    #[serde(default = "crossing_label")]
    pub crossing_label: String,
    /// A note per crossing: `{method}`, `{year}` (the first year-end after it).
    #[serde(default)]
    pub crossing_note: Option<String>,
    /// Notes of the panel, after the chart's and before the crossing notes.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// A projected series and its style.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProjectedLineDef {
    /// A series id; its projections are those of `[[projections.series]]`.
    pub series: String,
    /// Colour of its lines; default blue, orange, vermillion, sky in turn.
    #[serde(default)]
    pub color: Option<ColorName>,
    /// Marker of its observed points; default circle, square, triangle, diamond in turn.
    #[serde(default)]
    pub marker: Option<MarkerName>,
}

/// Colours of the palette (Okabe–Ito).
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ColorName {
    /// `blue`, #0072B2.
    Blue,
    /// `orange`, #E69F00.
    Orange,
    /// `sky`: sky blue, #56B4E9.
    Sky,
    /// `vermillion`, #D55E00.
    Vermillion,
    /// `black`, #000000.
    Black,
}

/// Point markers.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MarkerName {
    /// `circle`.
    Circle,
    /// `square`.
    Square,
    /// `triangle`, pointing up.
    Triangle,
    /// `triangle_down`, pointing down.
    TriangleDown,
    /// `diamond`.
    Diamond,
}

/// Line patterns.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DashName {
    /// `solid`.
    Solid,
    /// `dashed`: long dashes.
    Dashed,
    /// `dotted`.
    Dotted,
    /// `dash_dot`: dashes and dots in turn.
    DashDot,
}
