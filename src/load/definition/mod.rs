//! `report.toml`: what the report shows, as data. The key figures (one list, for the summary and
//! the dashboard's cards), the projections and the questions they answer, the charts, and the
//! labels of series and categories. Periods are rules ([`PeriodRule`]) resolved against the data,
//! so a new year reaches every output with no edit.

pub mod charts;
mod checks;
mod locate;

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::period::PeriodRule;

pub use charts::{ChartDef, NameSource};

/// The whole report definition.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ReportDefinition {
    /// `[report]`: the dashboard's and summary's title and introduction.
    #[serde(default)]
    pub report: Texts,
    /// `[labels.series]`, `[labels.fields]`, `[labels.programmes]`: readable names.
    #[serde(default)]
    pub labels: Labels,
    /// `[[key_figures]]`: the headline figures of the summary and the dashboard's cards, in order.
    #[serde(default)]
    pub key_figures: Vec<toml::Spanned<KeyFigureDef>>,
    /// `[projections]`; none: nothing is projected and no question answered.
    #[serde(default)]
    pub projections: Option<ProjectionsDef>,
    /// `[audit]`: what the audit compares besides the claims.
    #[serde(default)]
    pub audit: AuditDef,
    /// `[[charts]]`: the charts, in the order the dashboard shows them.
    #[serde(default)]
    pub charts: Vec<ChartDef>,
}

/// What the audit compares beyond the claims.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AuditDef {
    /// `[[audit.same_quantity]]`: pairs of series giving one quantity.
    #[serde(default)]
    pub same_quantity: Vec<SameQuantity>,
}

/// Two series that measure one quantity in two passages of the documents: the audit reports every
/// period at which both have a value.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SameQuantity {
    /// A code for the pair; its audit rows are `{id}_{period}`. With its place in the file, so
    /// that a repeat is reported where it is written.
    pub id: toml::Spanned<String>,
    /// A data series id (observations only: derived series are not looked up).
    pub series: String,
    /// The data series compared with it, at every period of `series` it also has.
    pub other: String,
    /// What is compared, for readers.
    pub what: String,
}

/// Titles and introductions; `{org}` stands for the organisation's short name.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    /// Title of the dashboard and of the summary.
    #[serde(default)]
    pub title: String,
    /// Introduction under the dashboard's title.
    #[serde(default)]
    pub introduction: String,
}

/// Readable names of series ids and of the codes that make them up.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// Series id → label (`staff.permanent.scientists` → `Permanent researchers`).
    #[serde(default)]
    pub series: BTreeMap<String, String>,
    /// Field code → short name (`LS1` → `Molecules of life`).
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// Programme code → name (`horizon_2020` → `Horizon 2020`).
    #[serde(default)]
    pub programmes: BTreeMap<String, String>,
}

/// One headline figure: the value of a series, or of an indicator of a subject, at a period
/// chosen by rule; optionally compared with another period (or another subject).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct KeyFigureDef {
    /// A code naming the figure in the panel's `key_figures.csv`; by default made from the label.
    #[serde(default)]
    pub id: Option<String>,
    /// `workforce`, `budget`, `publications` or `eu_funding`: the summary's section.
    pub domain: String,
    /// What the figure is; `{org}` stands for the organisation's short name.
    pub label: String,
    /// A series id (data or derived). Exactly one of `series` and `indicator` is given. With one
    /// `*`, a pattern over the codes of `names`: the figure is the member `select` picks.
    #[serde(default)]
    pub series: Option<String>,
    /// For a `series` pattern: where its codes come from (`fields`, `entities`, `programmes`).
    #[serde(default)]
    pub names: Option<toml::Spanned<NameSource>>,
    /// For a `series` pattern: `largest` or `smallest`, the member with the largest or smallest
    /// value at `at`. `{code}` and `{name}` in the label stand for the member chosen.
    #[serde(default)]
    pub select: Option<toml::Spanned<Select>>,
    /// A catalogue indicator id, with the `subject` as in indicators.csv.
    #[serde(default)]
    pub indicator: Option<String>,
    /// The indicator's subject, as in indicators.csv (`staff.contract.all / staff.all.all`).
    #[serde(default)]
    pub subject: Option<String>,
    /// The period shown.
    pub at: PeriodRule,
    /// A second period to compare with (the change since, or the value then).
    #[serde(default)]
    pub compare: Option<PeriodRule>,
    /// For an indicator: another subject to compare with, at `compare` (or `at`).
    #[serde(default)]
    pub compare_subject: Option<String>,
    /// How that other subject is named in the comparison (`Horizon 2020`).
    #[serde(default)]
    pub compare_label: Option<String>,
    /// `value` (the default) shows the level; `change` shows the change from `compare` to `at`
    /// as the headline (see [`Headline::Change`]), the two levels beside it. With its place in
    /// the file, for the problems of a change without a second period; see [`Self::headline`].
    #[serde(default, rename = "headline")]
    pub headline_key: Option<toml::Spanned<Headline>>,
}

impl KeyFigureDef {
    /// What the figure's card shows first (`value` when `headline` is not given).
    pub fn headline(&self) -> Headline {
        self.headline_key
            .as_ref()
            .map_or_else(Headline::default, |h| *h.get_ref())
    }

    /// The figure's code: its `id`, or its label in lowercase words joined by `_` (`{org}` read
    /// as `organisation`).
    pub fn code(&self) -> String {
        match &self.id {
            Some(id) => id.clone(),
            None => crate::load::vocab::code_of(
                &self
                    .label
                    .replace("{org}", "organisation")
                    .replace("{code}", "")
                    .replace("{name}", ""),
            ),
        }
    }

    /// Whether the figure is selected from a pattern: its `series` holds a `*`.
    pub fn is_selection(&self) -> bool {
        self.series.as_ref().is_some_and(|s| s.contains('*'))
    }

    /// What the definition's rules between the keys of a selection find wrong: (the text it is
    /// written at, or None for the table's place; what was expected; what was found).
    fn selection_problems(&self) -> Vec<(Option<std::ops::Range<usize>>, String, String)> {
        let mut out = Vec::new();
        let stars = self.series.as_ref().map_or(0, |s| s.matches('*').count());
        if stars > 1 {
            let series = self.series.clone().unwrap_or_default();
            out.push((None, "a `series` with at most one `*`".into(), format!("{series:?}")));
        }
        if stars == 1 {
            if self.select.is_none() {
                out.push((
                    None,
                    "for a `series` with a `*`, `select` (`largest` or `smallest`)".into(),
                    format!("key figure {:?} without it", self.label),
                ));
            }
            match &self.names {
                None => out.push((
                    None,
                    "for a `series` with a `*`, `names` (`fields`, `entities` or `programmes`)".into(),
                    format!("key figure {:?} without it", self.label),
                )),
                Some(n) if *n.get_ref() == NameSource::Series => out.push((
                    Some(n.span()),
                    "for a key figure's `names`, `fields`, `entities` or `programmes`".into(),
                    "\"series\"".into(),
                )),
                Some(_) => {}
            }
        } else {
            let unused = [
                ("select", self.select.as_ref().map(toml::Spanned::span)),
                ("names", self.names.as_ref().map(toml::Spanned::span)),
            ];
            for (key, span) in unused {
                if let Some(span) = span {
                    out.push((
                        Some(span),
                        format!("`{key}` only with a `series` holding one `*`"),
                        format!("`{key}` in key figure {:?}", self.label),
                    ));
                }
            }
            if self.label.contains("{code}") || self.label.contains("{name}") {
                out.push((
                    None,
                    "`{code}` and `{name}` only in the label of a `series` holding one `*`".into(),
                    format!("key figure {:?}", self.label),
                ));
            }
        }
        out
    }
}

/// Which member of a pattern's codes a key figure shows (`select`).
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Select {
    /// `largest`: the member with the largest value at the figure's period.
    Largest,
    /// `smallest`: the member with the smallest value at the figure's period.
    Smallest,
}

/// What a key figure's card shows first (`headline`).
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Headline {
    /// `value` (the default): the level at `at`.
    #[default]
    Value,
    /// `change`: the change from `compare` to `at`: a series' percent change, an indicator's
    /// difference (in percentage points for a percent). It needs a `compare` and no
    /// `compare_subject`; when `compare` finds no second period, the figure is not computed.
    Change,
}

/// Extrapolations and the threshold questions they answer.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProjectionsDef {
    /// Last year projected.
    pub horizon: i32,
    /// `constant_cagr`, `linear_trend`.
    pub methods: Vec<MethodCode>,
    /// Shown above the answers; `{horizon}` is replaced.
    #[serde(default)]
    pub introduction: String,
    /// `[[projections.series]]`: the series to project.
    #[serde(default)]
    pub series: Vec<ProjectedSeriesDef>,
    /// `[[projections.questions]]`: the questions the projections answer.
    #[serde(default)]
    pub questions: Vec<QuestionDef>,
}

/// A projection method's code in `report.toml`.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MethodCode {
    /// `constant_cagr`: the yearly growth rate between the two points, compounded.
    ConstantCagr,
    /// `linear_trend`: the yearly change between the two points, added.
    LinearTrend,
}

/// A series to project, from two points of its own (`from` and `to`), or from its level at `to`
/// and a `change` series giving its increase over a range of years ending then.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProjectedSeriesDef {
    /// The series id to project (data or derived).
    pub series: String,
    /// Period of the first point; default `earliest`. Not used when `change` is given.
    #[serde(default = "earliest")]
    pub from: PeriodRule,
    /// Period of the second point (the level, with `change`); default `latest`.
    #[serde(default = "latest")]
    pub to: PeriodRule,
    /// A series of changes over ranges of years (`age_change.…` over `2015/2024`): the first
    /// point is the level at `to` minus the change over the range ending in `to`'s year.
    #[serde(default)]
    pub change: Option<String>,
}

fn earliest() -> PeriodRule {
    PeriodRule::Earliest
}

fn latest() -> PeriodRule {
    PeriodRule::Latest
}

/// An optional number that must be finite: TOML can write `inf` and `nan`, which no threshold or
/// reference line can be.
pub(crate) fn finite<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    match Option::<f64>::deserialize(d)? {
        Some(x) if !x.is_finite() => Err(serde::de::Error::custom(format!("expected a finite number, found {x}"))),
        v => Ok(v),
    }
}

/// A yes/no question answered under each method: does `series` exceed `threshold` (or
/// `other_series`) by the horizon, and from when?
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct QuestionDef {
    /// `{horizon}` is replaced.
    pub question: String,
    /// The series asked about; it must be one of `[[projections.series]]`.
    pub series: String,
    /// A value `series` must exceed (strictly). Exactly one of `threshold` and `other_series`.
    #[serde(default, deserialize_with = "finite")]
    pub threshold: Option<f64>,
    /// Another series of `[[projections.series]]` that `series` must reach; a `projection` chart
    /// drawing both marks where they cross.
    #[serde(default)]
    pub other_series: Option<String>,
}

impl Labels {
    /// The label of a series id: its own, or one composed from the labels of its codes, or the id.
    pub fn series(&self, id: &str) -> String {
        self.series.get(id).cloned().unwrap_or_else(|| id.to_string())
    }

    /// The short name of a field code, if `[labels.fields]` gives one.
    pub fn field(&self, code: &str) -> Option<&str> {
        self.fields.get(code).map(String::as_str)
    }

    /// The name of a programme code, or the code itself.
    pub fn programme(&self, code: &str) -> String {
        self.programmes.get(code).cloned().unwrap_or_else(|| code.to_string())
    }
}

/// Years a projection may run to.
pub const HORIZONS: std::ops::RangeInclusive<i32> = 1900..=2200;
