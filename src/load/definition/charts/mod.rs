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
mod lines;

pub use lines::{ColorName, DashName, LineDef, LinesDef, MarkerName, ProjectedLineDef, ProjectionDef, XScale};
#[cfg(test)]
mod tests;
