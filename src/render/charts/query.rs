//! Query resolution: the one place where chart builders read values from the analysis. Every
//! value read records the data rows it comes from (for the footer's source lines), and every
//! element left out records why (for the list of what the data could not fill).

use crate::analysis::Analysis;
use crate::compute::NotComputed;
use crate::load::rowref::{Inputs, RowRef};
use crate::load::vocab::Qualifier;
use crate::period::{Period, PeriodRule};

use super::sources::Refs;

/// What a value is read from: a series (data or derived), or an indicator of a subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Query {
    Series(String),
    Indicator { indicator: String, subject: String },
}

impl std::fmt::Display for Query {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Query::Series(s) => f.write_str(s),
            Query::Indicator { indicator, subject } => write!(f, "{indicator} of {subject}"),
        }
    }
}

/// One value read, with what the data say of it.
#[derive(Debug, Clone)]
pub(super) struct Value {
    pub(super) period: Period,
    pub(super) value: f64,
    /// Decimals the data row gives it with, when it is one data row of the series.
    pub(super) decimals: Option<usize>,
    /// How the document qualifies it ("around"), when it is one data row.
    pub(super) qualifier: Option<Qualifier>,
    /// An indicator row's label.
    pub(super) label: Option<String>,
    /// An indicator row's unit (`percent`, `ratio`…); empty for a series.
    pub(super) unit: &'static str,
}

/// What one chart reads and leaves out.
pub(super) struct Ctx<'a> {
    pub(super) a: &'a Analysis,
    /// The chart's name, for the items left out.
    chart: &'a str,
    pub(super) refs: Refs,
    pub(super) missing: Vec<NotComputed>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(a: &'a Analysis, chart: &'a str) -> Self {
        Ctx {
            a,
            chart,
            refs: Refs::default(),
            missing: Vec::new(),
        }
    }

    /// Records that `element` of the chart is left out, and why.
    pub(super) fn left_out(&mut self, element: &str, reason: impl Into<String>) {
        self.missing.push(NotComputed {
            item: format!("chart {}, {element}", self.chart),
            reason: reason.into(),
        });
    }

    /// Records data rows drawn on that no query read (a projection's basis).
    pub(super) fn record(&mut self, inputs: &Inputs) {
        self.refs.add(inputs.rows());
    }

    /// The periods at which the query has a value, in order.
    pub(super) fn periods(&self, q: &Query) -> Vec<Period> {
        match q {
            Query::Series(s) => self
                .a
                .computed
                .points(s)
                .iter()
                .filter(|p| p.value.is_finite())
                .map(|p| p.period)
                .collect(),
            Query::Indicator { indicator, subject } => self
                .a
                .computed
                .indicator_points(indicator, subject)
                .iter()
                .filter(|r| r.value.is_finite())
                .map(|r| r.to)
                .collect(),
        }
    }

    /// Resolves a period rule over the periods of each query.
    pub(super) fn resolve(&self, rule: &PeriodRule, queries: &[Query]) -> Option<Period> {
        let per: Vec<Vec<Period>> = queries.iter().map(|q| self.periods(q)).collect();
        rule.resolve(&per)
    }

    /// The value of the query at a period, recording its rows.
    pub(super) fn value(&mut self, q: &Query, at: &Period) -> Option<Value> {
        let found = match q {
            Query::Series(s) => {
                let p = self.a.computed.point(s, at).filter(|p| p.value.is_finite())?;
                self.read_point(s, p.period, p.value, &p.inputs)
            }
            Query::Indicator { indicator, subject } => {
                let r = self
                    .a
                    .computed
                    .find(indicator, subject, None, at)
                    .filter(|r| r.value.is_finite())?;
                let mut v = self.read_point(subject, r.to, r.value, &r.inputs);
                v.label = Some(r.label.to_string());
                v.unit = r.unit.code();
                v
            }
        };
        Some(found)
    }

    /// Every value of the query, in period order, recording their rows.
    pub(super) fn values(&mut self, q: &Query) -> Vec<Value> {
        self.periods(q).iter().filter_map(|p| self.value(q, p)).collect()
    }

    /// A change indicator of a series between two periods, recording its rows.
    pub(super) fn change(&mut self, indicator: &str, series: &str, from: &Period, to: &Period) -> Option<Value> {
        let r = self
            .a
            .computed
            .find(indicator, series, Some(from), to)
            .filter(|r| r.value.is_finite())?;
        self.refs.add(r.inputs.rows());
        Some(Value {
            period: r.to,
            value: r.value,
            decimals: None,
            qualifier: None,
            label: Some(r.label.to_string()),
            unit: r.unit.code(),
        })
    }

    fn read_point(&mut self, series: &str, period: Period, value: f64, inputs: &Inputs) -> Value {
        let rows: Vec<RowRef> = inputs.rows();
        self.refs.add(rows.iter().copied());
        // One data row of the series itself: its written precision and qualifier apply.
        let row = match rows.as_slice() {
            [r] => self.a.dataset.observation(r).filter(|o| o.series == series),
            _ => None,
        };
        Value {
            period,
            value,
            decimals: row.map(|o| usize::from(o.decimals)),
            qualifier: row.and_then(|o| o.qualifier),
            label: None,
            unit: "",
        }
    }
}
