//! The catalogue plan's result turned into typed rows: each organisation's rows ordered and
//! converted in parallel, with the texts a catalogue entry's rows share, the computation text of
//! each value, and its data rows resolved from the positions the plan carries.

use polars::prelude::*;
use rayon::prelude::*;

use std::sync::Arc;

use crate::compute::NotComputed;
use crate::compute::catalogue::{Formula, Indicator};
use crate::error::{Error, Result};
use crate::format::plain_into;
use crate::load::Dataset;
use crate::load::rowref::{Inputs, RowRef};
use crate::period::Period;

/// One computed value of one catalogue indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRow {
    /// Position of the indicator in the catalogue.
    pub entry: usize,
    /// Catalogue id of the indicator (e.g. `share_of_total_budget`, `cagr`).
    pub indicator: &'static str,
    /// Readable name, `{org}` filled with the organisation's short name (shared by the rows of
    /// one entry and organisation).
    pub label: Arc<str>,
    /// Domain the indicator is listed under.
    pub domain: &'static str,
    /// The series it is about, as [`Formula::subject`] names them (shared by the entry's rows).
    pub subject: Arc<str>,
    /// Start period for changes; None for values at one period.
    pub from: Option<Period>,
    /// Period of the value, or end period of a change.
    pub to: Period,
    /// The computed value, in `unit`.
    pub value: f64,
    /// Unit of the value, from the catalogue entry.
    pub unit: &'static str,
    /// The formula in words, with the series it reads ([`Formula::describe`]; shared by the
    /// entry's rows).
    pub formula: Arc<str>,
    /// The formula with the numbers it used.
    pub computation: String,
    /// Data rows used, one group per operand.
    pub inputs: Inputs,
}

fn computation_text(formula: &Formula, a: f64, b: Option<f64>, c: Option<f64>, d: Option<f64>) -> String {
    let template = match formula {
        Formula::Share { .. } => "100 × {a} / {b}",
        Formula::Ratio { .. } => "{a} / {b}",
        Formula::Difference { .. } => "{a} − {b}",
        Formula::PerYear { .. } => "{a} / {c}",
        Formula::AbsoluteChange { .. } => "{b} − {a}",
        Formula::PercentChange { .. } => "100 × ({b} / {a} − 1)",
        Formula::Cagr { .. } => "100 × (({b} / {a})^(1 / {c}) − 1)",
        Formula::PercentChangeGap { .. } => "100 × ({b} / {a} − 1) − 100 × ({d} / {c} − 1)",
    };
    // Filled in place: one string per row, not one per operand and another for the whole.
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    // Split at bytes: `{`, `}` are ASCII, and a char pattern costs a call per match tried.
    while let Some(open) = rest.bytes().position(|b| b == b'{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.bytes().position(|b| b == b'}').unwrap_or(0);
        let value = match &after[..close] {
            "a" => Some(a),
            "b" => b,
            "c" => c,
            _ => d,
        };
        if let Some(v) = value {
            plain_into(&mut out, v);
        }
        rest = after[close..].strip_prefix('}').unwrap_or(&after[close..]);
    }
    out.push_str(rest);
    out
}

/// How an indicator of a subject is named among the items not computed (a gap adds its period).
pub(super) fn indicator_item(id: &str, subject: &str) -> String {
    format!("indicator {id} of {subject}")
}

/// The texts every row of a catalogue entry shares: its subject, its formula in words, and its
/// label for each organisation of the batch.
pub(super) struct EntryTexts {
    pub(super) subject: Arc<str>,
    formula: Arc<str>,
    labels: Vec<Arc<str>>,
}

pub(super) fn entry_texts(catalogue: &[Indicator], datasets: &[&Dataset]) -> Vec<EntryTexts> {
    catalogue
        .iter()
        .map(|ind| EntryTexts {
            subject: Arc::from(ind.formula.subject()),
            formula: Arc::from(ind.formula.describe()),
            labels: datasets
                .iter()
                .map(|d| Arc::from(ind.label.replace("{org}", &d.organisation.short_name)))
                .collect(),
        })
        .collect()
}

/// The columns of the plan's result, read once.
pub(super) struct PlanColumns {
    org: UInt32Chunked,
    entry: UInt32Chunked,
    from: Int64Chunked,
    to: Int64Chunked,
    /// value, a, b, c, d.
    numbers: Vec<Float64Chunked>,
    /// ra, rb, rc, rd: positions in the series frame of the points read.
    points: Vec<UInt32Chunked>,
}

impl PlanColumns {
    pub(super) fn of(df: &DataFrame) -> PolarsResult<PlanColumns> {
        let u = |n: &str| df.column(n).and_then(|c| c.u32().cloned());
        let i = |n: &str| df.column(n).and_then(|c| c.i64().cloned());
        Ok(PlanColumns {
            org: u("org")?,
            entry: u("entry")?,
            from: i("from")?,
            to: i("to")?,
            numbers: ["value", "a", "b", "c", "d"]
                .iter()
                .map(|n| df.column(n).and_then(|c| c.f64().cloned()))
                .collect::<PolarsResult<_>>()?,
            points: ["ra", "rb", "rc", "rd"]
                .iter()
                .map(|n| u(n))
                .collect::<PolarsResult<_>>()?,
        })
    }

    /// The positions of each organisation's rows in the result, in catalogue order, then by
    /// periods (no start first). Sorted here, per organisation and in parallel, rather than by
    /// polars over the whole batch: the keys are three integers.
    pub(super) fn org_rows(&self, orgs: usize) -> Vec<Vec<u32>> {
        let mut out: Vec<Vec<u32>> = vec![Vec::new(); orgs];
        for (i, org) in self.org.iter().enumerate() {
            if let Some(v) = org.and_then(|o| out.get_mut(o as usize)) {
                v.push(i as u32);
            }
        }
        out.par_iter_mut().for_each(|v| {
            let mut keyed: Vec<_> = v
                .iter()
                .map(|&i| {
                    let at = i as usize;
                    (self.entry.get(at), self.from.get(at), self.to.get(at), i)
                })
                .collect();
            keyed.sort_unstable();
            *v = keyed.into_iter().map(|k| k.3).collect();
        });
        out
    }

    /// The indicator rows of one organisation (`at`: positions in the result), and the values the formulas
    /// give no finite number for (a zero denominator or base): those are listed, with their
    /// computation, as not computed rather than given as infinite.
    pub(super) fn convert(
        &self,
        at: &[u32],
        org: usize,
        catalogue: &[Indicator],
        texts: &[EntryTexts],
        refs: &[Arc<[RowRef]>],
    ) -> (Vec<IndicatorRow>, Vec<NotComputed>) {
        let mut rows = Vec::with_capacity(at.len());
        let mut gaps = Vec::new();
        let n = &self.numbers;
        for &i in at {
            let i = i as usize;
            let (Some(entry), Some(value), Some(a)) = (self.entry.get(i), n[0].get(i), n[1].get(i)) else {
                continue;
            };
            let entry = entry as usize;
            let (Some(ind), Some(text)) = (catalogue.get(entry), texts.get(entry)) else {
                continue;
            };
            let Some(to) = self.to.get(i).and_then(Period::from_code) else {
                continue;
            };
            let from = self.from.get(i).and_then(Period::from_code);
            let computation = computation_text(&ind.formula, a, n[2].get(i), n[3].get(i), n[4].get(i));
            if !value.is_finite() {
                let at = from.map_or_else(|| to.to_string(), |f| format!("{f} to {to}"));
                gaps.push(NotComputed {
                    item: format!("{} at {at}", indicator_item(ind.id, &text.subject)),
                    reason: format!("{computation} is not a finite number"),
                });
                continue;
            }
            rows.push(IndicatorRow {
                entry,
                indicator: ind.id,
                label: text.labels.get(org).cloned().unwrap_or_else(|| Arc::from("")),
                domain: ind.domain,
                subject: text.subject.clone(),
                from,
                to,
                value,
                unit: ind.unit,
                formula: text.formula.clone(),
                computation,
                inputs: inputs_of(refs, self.points.iter().map(|r| r.get(i))),
            });
        }
        (rows, gaps)
    }
}

/// The data rows of each point of the series frame (by its position, `row`), read once from
/// their text so that the plan's results can name them by position.
pub(super) fn frame_refs(files: &[&'static str], frame: &DataFrame) -> Result<Vec<Arc<[RowRef]>>> {
    let inputs = frame
        .column("inputs")
        .and_then(|c| c.str().cloned())
        .map_err(Error::polars("reading the series' rows"))?;
    Ok((0..frame.height())
        .into_par_iter()
        .map(|i| Inputs::parse_group(inputs.get(i).unwrap_or_default(), files))
        .collect())
}

/// The provenance of a value that read the points at `rows` (positions in the series frame), one
/// group per point, in operand order.
pub(super) fn inputs_of(refs: &[Arc<[RowRef]>], rows: impl IntoIterator<Item = Option<u32>>) -> Inputs {
    Inputs(
        rows.into_iter()
            .flatten()
            .filter_map(|r| refs.get(r as usize))
            .filter(|g| !g.is_empty())
            .cloned()
            .collect(),
    )
}
