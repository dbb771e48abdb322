//! Chart definitions of `report.toml` (`[[charts]]`): each chart is one panel of a kind (`bars`,
//! `change_bars`, `lines`, `projection`) whose keys sit in the chart's table, or several panels
//! side by side (`[[charts.panels]]`). Nothing in a definition is drawn when its data are absent:
//! the element is left out and the reason listed.
//!
//! Texts may use `{org}` (the organisation's short name) and the periods the chart resolved:
//! `{from}`, `{to}` and `{period}` in long form (`31 December 2023`, `2023`, `2018–2022`), with
//! the suffixes `_abbr` (`31 Dec 2023`), `_short` (`end 2023`) and `_year` (`2023`).

use serde::Deserialize;

use crate::period::PeriodRule;

/// One chart: its file name, where the dashboard shows it, its texts and what it draws.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(try_from = "RawChart")]
pub struct ChartDef {
    /// File name without extension.
    pub name: String,
    /// `workforce`, `budget`, `publications` or `eu_funding`: the dashboard's group.
    pub domain: String,
    /// Title above the panels.
    pub title: String,
    /// Notes under the panels, before the panels' own.
    pub notes: Vec<String>,
    /// One or more panels, drawn side by side.
    pub panels: Vec<PanelDef>,
}

/// The chart table as written: its own keys, and either `panels` or one panel's keys inline.
#[derive(Deserialize)]
struct RawChart {
    name: String,
    domain: String,
    title: String,
    #[serde(default)]
    notes: Vec<String>,
    /// Also accepted as `facets`, the word the chart code uses for one plot of a chart.
    #[serde(default, alias = "facets")]
    panels: Vec<PanelDef>,
    #[serde(flatten)]
    rest: toml::Table,
}

impl TryFrom<RawChart> for ChartDef {
    type Error = String;

    fn try_from(raw: RawChart) -> Result<Self, Self::Error> {
        let panels = match (raw.panels.is_empty(), raw.rest.is_empty()) {
            (false, true) => raw.panels,
            (true, false) => {
                let panel: PanelDef = toml::Value::Table(raw.rest)
                    .try_into()
                    .map_err(|e: toml::de::Error| format!("chart {}: {}", raw.name, e.message().trim()))?;
                vec![panel]
            }
            (true, true) => {
                return Err(format!(
                    "chart {}: expected a `kind` (one panel) or `panels`, found neither",
                    raw.name
                ));
            }
            (false, false) => {
                let keys: Vec<&str> = raw.rest.keys().map(String::as_str).collect();
                return Err(format!(
                    "chart {}: expected either `panels` or one panel's keys, found both (`{}`)",
                    raw.name,
                    keys.join("`, `")
                ));
            }
        };
        Ok(ChartDef {
            name: raw.name,
            domain: raw.domain,
            title: raw.title,
            notes: raw.notes,
            panels,
        })
    }
}

/// One panel of a chart.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PanelDef {
    /// Bars by category, side by side by group (periods, series or codes).
    Bars(Box<BarsDef>),
    /// Horizontal bars of the percent change of each series between two periods.
    ChangeBars(Box<ChangeBarsDef>),
    /// Series or indicator rows as lines over all their periods.
    Lines(Box<LinesDef>),
    /// Observed series and their projections, with the points where they cross.
    Projection(Box<ProjectionDef>),
}

/// Bars: one per category (along the x axis) and group (side by side, one colour and legend key
/// each). A bar's value is the series (or indicator row) its category or group names, at the
/// period its category or group gives, or else at `at`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BarsDef {
    /// Panel title, when the chart has several.
    #[serde(default)]
    pub title: String,
    /// The categories along the x axis; those with no bar are left off.
    pub categories: DimensionDef,
    /// Bars side by side in each category; none: one bar per category.
    #[serde(default)]
    pub groups: Option<DimensionDef>,
    /// The series of a bar, `{category}` and `{group}` standing for their codes. Default: the
    /// series the category (else the group) names.
    #[serde(default)]
    pub series: Option<String>,
    /// Instead of a series: an indicator, of `subject` (with the same placeholders).
    #[serde(default)]
    pub indicator: Option<String>,
    /// The indicator's subject, with `{category}` and `{group}`; default `{category}`.
    #[serde(default)]
    pub subject: Option<String>,
    /// The period when no dimension gives one, resolved over the bars of each group.
    #[serde(default = "latest")]
    pub at: PeriodRule,
    /// Title of the category axis.
    #[serde(default)]
    pub x_title: String,
    /// Title of the value axis.
    #[serde(default)]
    pub y_title: String,
    /// About how many ticks the value axis has.
    #[serde(default = "six")]
    pub ticks: usize,
    /// A bar's value text; `{value}` is the number (with ≈, > or < when the data qualify it).
    #[serde(default = "value")]
    pub value_label: String,
    /// Decimals of values; default: as the data row gives it (1 for computed values).
    #[serde(default)]
    pub decimals: Option<usize>,
    /// Colour of bars without groups.
    #[serde(default)]
    pub color: Option<ColorName>,
    /// Legend key of bars without groups (none: no key).
    #[serde(default)]
    pub legend: Option<String>,
    /// Category codes whose bars stand out, in `highlight_color`, with `highlight_legend`.
    #[serde(default)]
    pub highlight: Vec<String>,
    /// Colour of highlighted bars; default blue.
    #[serde(default)]
    pub highlight_color: Option<ColorName>,
    /// Legend key of highlighted bars, when one is drawn and the panel has no `groups`.
    #[serde(default)]
    pub highlight_legend: Option<String>,
    /// A horizontal reference line.
    #[serde(default)]
    pub reference: Option<ReferenceDef>,
    /// A note per qualified value ("close to 1.2"): `{name}`, `{qualifier}`, `{value}`, `{symbol}`.
    #[serde(default)]
    pub qualifier_note: Option<String>,
    /// A note giving, for each category, the first group's value minus the second's: `{values}`
    /// ("7 in 2019, 6 in 2023").
    #[serde(default)]
    pub difference_note: Option<String>,
    /// A note listing the groups: `{groups}`, each written as `item`.
    #[serde(default)]
    pub group_note: Option<GroupNoteDef>,
    /// Notes of the panel: after the chart's, before those the panel writes itself.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// The categories or the groups of bars: codes, codes found by a pattern, or periods.
#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct DimensionDef {
    /// Codes in order: series ids, or parts of ids the bars' `series`/`subject` use.
    #[serde(default)]
    pub codes: Vec<String>,
    /// A series id with one `*`: every code of `names` (in its order) for which the data have
    /// that series; with the default `names`, `series`, every code `*` stands for in the data's
    /// series ids (one level: no '.'), in the data's order, named by its series' label.
    #[serde(default)]
    pub pattern: Option<String>,
    /// Where codes' names (`{name}`) come from.
    #[serde(default)]
    pub names: NameSource,
    /// Label of each item: `{code}`, `{name}`, `{period}` (the group's resolved period). Default:
    /// `{name}`, or a period's label.
    #[serde(default)]
    pub label: Option<String>,
    /// Labels of the codes, in order, instead of `label`.
    #[serde(default)]
    pub labels: Vec<String>,
    /// Categories that are ranges, as pairs `[low, high]` of codes: the category of `low` (one
    /// of `codes`) is one floating bar from `low`'s value to `high`'s, its value written
    /// `low–high`. Categories of `codes` only.
    #[serde(default)]
    pub ranges: Vec<[String; 2]>,
    /// Periods chosen by rule over every series of the panel.
    #[serde(default)]
    pub periods: Vec<PeriodRule>,
    /// Every period any bar of the panel has.
    #[serde(default)]
    pub all_periods: bool,
    /// Colours of the items (groups), in order; default: the palette's.
    #[serde(default)]
    pub colors: Vec<ColorName>,
}

/// Where the names of codes come from.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum NameSource {
    /// Codes are series ids; names are their labels.
    #[default]
    Series,
    /// Field codes of `[labels.fields]` (`LS1`).
    Fields,
    /// Entity codes: the organisation, then its comparators (organisation.toml).
    Entities,
    /// Programme codes of `[labels.programmes]`.
    Programmes,
}

impl NameSource {
    /// Where the codes come from, in a message to users.
    pub fn for_readers(self) -> &'static str {
        match self {
            NameSource::Series => "the series ids of the data",
            NameSource::Fields => "the fields of report.toml's [labels.fields]",
            NameSource::Entities => "the organisation and its comparators (organisation.toml)",
            NameSource::Programmes => "the programmes of report.toml's [labels.programmes]",
        }
    }
}

/// A horizontal reference line: a constant, or a series' value at the bars' period (else its
/// latest).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ReferenceDef {
    /// A constant, e.g. 1 for a world average.
    #[serde(default, deserialize_with = "super::finite")]
    pub value: Option<f64>,
    /// A series id, which wins over `value`.
    #[serde(default)]
    pub series: Option<String>,
    /// Its label, on the line and in the legend; `{value}` is the value.
    pub label: String,
}

/// A note listing the groups of a bars panel.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GroupNoteDef {
    /// `{groups}` is replaced by the list.
    pub text: String,
    /// One group: `{name}`, `{code}`, `{period}`, `{years}` (years the period covers).
    pub item: String,
}

/// Diverging bars: the change of each series between two periods, increases and decreases in two
/// colours, the first series at the top.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ChangeBarsDef {
    /// Panel title, when the chart has several.
    #[serde(default)]
    pub title: String,
    /// Series ids, one bar each, the first at the top.
    pub series: Vec<String>,
    /// Resolved over the periods of every series.
    pub from: PeriodRule,
    /// The period the change runs to, resolved like `from`.
    pub to: PeriodRule,
    /// The change indicator of the catalogue.
    #[serde(default = "percent_change")]
    pub indicator: String,
    /// A dashed line above this series (the totals below it).
    #[serde(default)]
    pub separator_before: Option<String>,
    /// Title of the value (horizontal) axis.
    #[serde(default)]
    pub x_title: String,
    /// Legend key of increases (changes ≥ 0); default `Increase`.
    #[serde(default = "increase")]
    pub increase_label: String,
    /// Legend key of decreases; default `Decrease`.
    #[serde(default = "decrease")]
    pub decrease_label: String,
    /// Notes of the panel, after the chart's.
    #[serde(default)]
    pub notes: Vec<String>,
}

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

fn latest() -> PeriodRule {
    PeriodRule::Latest
}

fn six() -> usize {
    6
}

fn value() -> String {
    "{value}".into()
}

fn percent_change() -> String {
    "percent_change".into()
}

fn increase() -> String {
    "Increase".into()
}

fn decrease() -> String {
    "Decrease".into()
}

fn observed() -> String {
    "{name}, observed".into()
}

fn method() -> String {
    "{method} projection".into()
}

fn crossing_label() -> String {
    "{method}: lines cross in {year}".into()
}

/// Most decimals a chart writes.
pub const MAX_DECIMALS: usize = 9;

mod checks;
#[cfg(test)]
mod tests;
