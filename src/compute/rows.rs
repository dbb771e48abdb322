//! The catalogue plan's result turned into typed rows: each organisation's rows ordered and
//! converted in parallel, with the texts a catalogue entry's rows share, the computation text of
//! each value, and its data rows resolved from the positions the plan carries.

use polars::prelude::*;
use rayon::prelude::*;

use std::sync::Arc;

use crate::compute::NotComputed;
use crate::compute::catalogue::{Formula, Indicator};
use crate::compute::plan::column;
use crate::error::{Error, Result};
use crate::format::plain_into;
use crate::load::Dataset;
use crate::load::rowref::{Inputs, RowRef};
use crate::load::vocab::ValueUnit;
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
    pub unit: ValueUnit,
    /// The formula in words, with the series it reads ([`Formula::describe`]; shared by the
    /// entry's rows).
    pub formula: Arc<str>,
    /// The formula with the numbers it used; empty where only the values were asked for
    /// ([`RowTexts::Values`]).
    pub computation: String,
    /// Data rows used, one group per operand.
    pub inputs: Inputs,
}

/// What every organisation's rows of one batch are made from.
#[derive(Clone, Copy)]
pub(super) struct Batch<'b> {
    /// The catalogue the plan evaluated.
    pub catalogue: &'b [Indicator],
    /// The texts each entry's rows share.
    pub texts: &'b [EntryTexts],
    /// The data rows of each point of the series frame.
    pub refs: &'b [Arc<[RowRef]>],
    /// The points' numbers as computations write them.
    pub points: &'b PointTexts,
    /// Whether the rows carry their computations.
    pub row_texts: RowTexts,
}

/// What the indicator rows carry besides their values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowTexts {
    /// Each row's computation with its numbers, as an organisation's `indicators.csv` writes it.
    Computations,
    /// The values alone: what a panel's rows and its first pass read; a computation is written
    /// only for a value with no finite number, which is listed with it.
    Values,
}

/// An operand of a formula: its value, and the text of the frame's point it was read from, if any.
type Operand<'a> = (Option<f64>, Option<&'a str>);

/// `formula` with its operands' numbers (a, b, c, d) in place of their names.
fn computation_text(formula: &Formula, operands: [Operand<'_>; 4]) -> String {
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
        let (value, text) = match &after[..close] {
            "a" => operands[0],
            "b" => operands[1],
            "c" => operands[2],
            _ => operands[3],
        };
        match (text, value) {
            (Some(t), _) => out.push_str(t),
            (None, Some(v)) => plain_into(&mut out, v),
            (None, None) => {}
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

/// The columns of the plan's result, each in one chunk, so that it is read by position
/// ([`Positional`], which reads a column's first chunk only).
pub(super) struct PlanColumns {
    org: UInt32Chunked,
    entry: UInt32Chunked,
    from: Int64Chunked,
    to: Int64Chunked,
    /// The value, then the operands (`column::VALUE`, then `column::OPERANDS`).
    numbers: [Float64Chunked; 5],
    /// `column::OPERAND_ROWS`: positions in the series frame of the points read.
    points: [UInt32Chunked; 4],
}

/// A column read by position from its one chunk. polars' `ChunkedArray::get` finds the chunk
/// and asks the array's length through a trait object at every call, several times the cost of
/// reading the chunk itself (benches/RESULTS.md), in a conversion that reads every row of a panel.
struct Positional<'a, T: PolarsNumericType> {
    /// The column's one chunk; none for a column with no chunk (an empty one).
    array: Option<&'a T::Array>,
}

impl<'a, T: PolarsNumericType> Positional<'a, T> {
    /// The view of `column`, which must be in one chunk ([`one_chunk`]).
    fn of(column: &'a ChunkedArray<T>) -> Positional<'a, T> {
        debug_assert!(column.chunks().len() <= 1);
        Positional {
            array: column.downcast_iter().next(),
        }
    }

    /// Element `i`; None where it is null or beyond the column's end.
    fn get(&self, i: usize) -> Option<T::Native> {
        self.array?.get(i)
    }
}

/// `column` in one chunk.
fn one_chunk<T: PolarsNumericType>(column: &ChunkedArray<T>) -> ChunkedArray<T> {
    column.rechunk().into_owned()
}

/// Every column of the plan's result, read by position.
struct Views<'a> {
    org: Positional<'a, UInt32Type>,
    entry: Positional<'a, UInt32Type>,
    from: Positional<'a, Int64Type>,
    to: Positional<'a, Int64Type>,
    numbers: [Positional<'a, Float64Type>; 5],
    points: [Positional<'a, UInt32Type>; 4],
}

impl PlanColumns {
    pub(super) fn of(df: &DataFrame) -> PolarsResult<PlanColumns> {
        let u = |n: &str| df.column(n).and_then(|c| Ok(one_chunk(c.u32()?)));
        let i = |n: &str| df.column(n).and_then(|c| Ok(one_chunk(c.i64()?)));
        let f = |n: &str| df.column(n).and_then(|c| Ok(one_chunk(c.f64()?)));
        let [a, b, c, d] = column::OPERANDS;
        let [ra, rb, rc, rd] = column::OPERAND_ROWS;
        Ok(PlanColumns {
            org: u(column::ORG)?,
            entry: u(column::ENTRY)?,
            from: i(column::FROM)?,
            to: i(column::TO)?,
            numbers: [f(column::VALUE)?, f(a)?, f(b)?, f(c)?, f(d)?],
            points: [u(ra)?, u(rb)?, u(rc)?, u(rd)?],
        })
    }

    /// The columns, each read by position.
    fn views(&self) -> Views<'_> {
        Views {
            org: Positional::of(&self.org),
            entry: Positional::of(&self.entry),
            from: Positional::of(&self.from),
            to: Positional::of(&self.to),
            numbers: self.numbers.each_ref().map(Positional::of),
            points: self.points.each_ref().map(Positional::of),
        }
    }

    /// The positions of each organisation's rows in the result, in catalogue order, then by
    /// periods (no start first). Sorted here, per organisation and in parallel, rather than by
    /// polars over the whole batch: the keys are three integers.
    pub(super) fn org_rows(&self, orgs: usize) -> Vec<Vec<u32>> {
        let v = self.views();
        let mut out: Vec<Vec<u32>> = vec![Vec::new(); orgs];
        for i in 0..self.org.len() {
            if let Some(rows) = v.org.get(i).and_then(|o| out.get_mut(o as usize)) {
                rows.push(i as u32);
            }
        }
        out.par_iter_mut().for_each(|rows| {
            let mut keyed: Vec<_> = rows
                .iter()
                .map(|&i| {
                    let k = i as usize;
                    (v.entry.get(k), v.from.get(k), v.to.get(k), i)
                })
                .collect();
            keyed.sort_unstable();
            *rows = keyed.into_iter().map(|k| k.3).collect();
        });
        out
    }

    /// The indicator rows of one organisation (`at`: positions in the result), and the values the formulas
    /// give no finite number for (a zero denominator or base): those are listed, with their
    /// computation, as not computed rather than given as infinite.
    pub(super) fn convert(&self, at: &[u32], org: usize, batch: &Batch) -> (Vec<IndicatorRow>, Vec<NotComputed>) {
        let Batch {
            catalogue,
            texts,
            refs,
            points,
            row_texts,
        } = *batch;
        let mut rows = Vec::with_capacity(at.len());
        let mut gaps = Vec::new();
        let v = self.views();
        let n = &v.numbers;
        for &i in at {
            let i = i as usize;
            let (Some(entry), Some(value), Some(_)) = (v.entry.get(i), n[0].get(i), n[1].get(i)) else {
                continue;
            };
            let entry = entry as usize;
            let (Some(ind), Some(text)) = (catalogue.get(entry), texts.get(entry)) else {
                continue;
            };
            let Some(to) = v.to.get(i).and_then(Period::from_code) else {
                continue;
            };
            let from = v.from.get(i).and_then(Period::from_code);
            // A value with no finite number is listed with its computation whatever was asked.
            let computation = if row_texts == RowTexts::Computations || !value.is_finite() {
                let operands = [0, 1, 2, 3].map(|k| {
                    let operand = n[k + 1].get(i);
                    (operand, points.text(v.points[k].get(i), operand))
                });
                computation_text(&ind.formula, operands)
            } else {
                String::new()
            };
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
                inputs: inputs_of(refs, v.points.iter().map(|r| r.get(i))),
            });
        }
        (rows, gaps)
    }
}

/// The value of each point of the series frame as [`plain`](crate::format::plain) writes it,
/// formatted once: a point is an operand of every indicator that reads it (dozens for a long
/// series), and formatting numbers was a sizeable share of a panel's time (BENCHMARKS.md).
pub(super) struct PointTexts {
    values: Vec<Option<f64>>,
    texts: Vec<String>,
}

impl PointTexts {
    pub(super) fn of(frame: &DataFrame) -> Result<PointTexts> {
        let values = frame
            .column("value")
            .and_then(|c| Ok(c.f64()?.iter().collect::<Vec<_>>()))
            .map_err(Error::polars("reading the series' values"))?;
        let texts = values
            .par_iter()
            .map(|v| {
                let mut s = String::new();
                if let Some(v) = v {
                    plain_into(&mut s, *v);
                }
                s
            })
            .collect();
        Ok(PointTexts { values, texts })
    }

    /// No text for any point: each operand is formatted where it is written, with the same result.
    pub(super) fn none() -> PointTexts {
        PointTexts {
            values: Vec::new(),
            texts: Vec::new(),
        }
    }

    /// The text of the point at `row` if it holds `value` (bit for bit), so that an operand is
    /// written from its own number whatever the plan put beside it.
    fn text(&self, row: Option<u32>, value: Option<f64>) -> Option<&str> {
        let at = row? as usize;
        let held = (*self.values.get(at)?)?;
        (held.to_bits() == value?.to_bits()).then(|| self.texts.get(at).map(String::as_str))?
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::catalogue::Formula;

    #[test]
    fn columns_are_read_with_their_nulls_from_every_chunk() {
        let mut a = UInt32Chunked::from_slice("a".into(), &[1, 2]);
        a.append(&UInt32Chunked::from_iter_options(
            "a".into(),
            [None, Some(4)].into_iter(),
        ))
        .unwrap();
        assert_eq!(a.chunks().len(), 2);
        let a = one_chunk(&a);
        assert_eq!(
            (0..5).map(|i| Positional::of(&a).get(i)).collect::<Vec<_>>(),
            [Some(1), Some(2), None, Some(4), None]
        );
    }

    #[test]
    fn operands_read_from_the_frame_are_written_from_its_texts_and_others_formatted() {
        let frame = df!("value" => [Some(3719.0), None, Some(2.0 / 3.0)]).unwrap();
        let points = PointTexts::of(&frame).unwrap();
        assert_eq!(points.text(Some(0), Some(3719.0)), Some("3719"));
        assert_eq!(points.text(Some(2), Some(2.0 / 3.0)), Some("0.666667"));
        // Not the point's value, no value there, no such point, no point named: no text.
        assert_eq!(points.text(Some(0), Some(3719.5)), None);
        assert_eq!(points.text(Some(1), Some(1.0)), None);
        assert_eq!(points.text(Some(3), Some(1.0)), None);
        assert_eq!(points.text(None, Some(3719.0)), None);

        let change = Formula::PercentChange {
            series: "staff.all".into(),
        };
        // From 2690 (formatted here) to 3719 (the frame's text): b over a.
        let text = |v: f64, row| (Some(v), points.text(row, Some(v)));
        assert_eq!(
            computation_text(
                &change,
                [text(2690.0, None), text(3719.0, Some(0)), (None, None), (None, None)]
            ),
            "100 × (3719 / 2690 − 1)"
        );
        // Without the points' texts, each operand is formatted: the same computation.
        let none = PointTexts::none();
        for row in [None, Some(0), Some(2)] {
            for v in [2690.0, 3719.0, 2.0 / 3.0] {
                let mut formatted = String::new();
                crate::format::plain_into(&mut formatted, v);
                assert_eq!(none.text(row, Some(v)), None);
                assert!(
                    points.text(row, Some(v)).is_none_or(|t| t == formatted),
                    "{v} at {row:?}"
                );
            }
        }
        let cagr = Formula::Cagr {
            series: "staff.all".into(),
        };
        assert_eq!(
            computation_text(
                &cagr,
                [
                    text(2690.0, None),
                    text(2.0 / 3.0, Some(2)),
                    text(4.0, None),
                    (None, None)
                ]
            ),
            "100 × ((0.666667 / 2690)^(1 / 4) − 1)"
        );
        // The same computations without the points' texts.
        let formatted = |v: f64, row| (Some(v), none.text(row, Some(v)));
        assert_eq!(
            computation_text(
                &change,
                [
                    formatted(2690.0, None),
                    formatted(3719.0, Some(0)),
                    (None, None),
                    (None, None)
                ]
            ),
            "100 × (3719 / 2690 − 1)"
        );
        assert_eq!(
            computation_text(
                &cagr,
                [
                    formatted(2690.0, None),
                    formatted(2.0 / 3.0, Some(2)),
                    formatted(4.0, None),
                    (None, None)
                ]
            ),
            "100 × ((0.666667 / 2690)^(1 / 4) − 1)"
        );
    }
}
