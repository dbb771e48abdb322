//! Indicators stage: evaluates the catalogue over the observations with polars lazy frames.

use polars::prelude::*;
use rayon::prelude::*;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use foldhash::fast::FixedState;

use crate::compute::NotComputed;
use crate::compute::catalogue::{DERIVED_SERIES, Indicator, SeriesInfo, catalogue, declared_formula, units_mismatch};
use crate::compute::plan::catalogue_plan;
use crate::compute::rows::{Batch, PlanColumns, PointTexts, entry_texts, indicator_item, inputs_of};
pub use crate::compute::rows::{IndicatorRow, RowTexts};
use crate::compute::series::{SeriesFrame, runs, series_frame};
use crate::error::{Error, Result};
use crate::load::Dataset;
use crate::load::rowref::{Inputs, RowRef};
use crate::load::vocab::Unit;
use crate::period::Period;
use crate::schema::Domains;

/// One value of a series (data or derived) at one period, with the data rows it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// Period of the value.
    pub period: Period,
    /// The value, in the series' unit.
    pub value: f64,
    /// Data rows the value comes from (several for a derived series).
    pub inputs: Inputs,
}

/// A series' unit and its values in period order.
#[derive(Debug, Clone)]
pub struct SeriesPoints {
    /// Unit of the series; a derived series has that of its first term.
    pub unit: Unit,
    /// Values of the series, in period order.
    pub points: Vec<Point>,
}

/// The observations (data rows and derived series) and the indicators computed from them,
/// indexed once: series by id in a map, indicator rows in an order a binary search finds them in.
pub struct Computed {
    /// Every series by id, data and derived.
    pub series: BTreeMap<String, SeriesPoints>,
    /// Indicator rows of the dataset, in catalogue order, then by their periods as codes
    /// ([`Period::code`]), no start period first.
    pub rows: Vec<IndicatorRow>,
    /// The catalogue the rows were computed from (entry = position), shared by a batch.
    pub catalogue: Arc<[Indicator]>,
    /// The catalogue's entries by indicator id and subject, shared by a batch.
    entries: Arc<EntryIndex>,
    /// Values the formulas give no finite number for (a zero denominator or base), left out of
    /// `rows` and listed with their computation.
    pub gaps: Vec<NotComputed>,
}

/// The order of an organisation's indicator rows, which also identifies a row: its catalogue
/// entry, then its periods as codes ([`Period::code`]), no start first. Rows in this order are
/// found by a binary search: a map of a panel's millions of rows costs more to build than all
/// the searches it saves.
fn row_key(r: &IndicatorRow) -> (usize, Option<i64>, i64) {
    (r.entry, r.from.map(|p| p.code()), r.to.code())
}

/// The positions in the catalogue of the entries of each indicator id and subject
/// ([`crate::compute::catalogue::Formula::subject`]), in catalogue order: a catalogue has entries
/// for every series, so a search of it per row of a table made that table quadratic.
pub(crate) struct EntryIndex(HashMap<&'static str, HashMap<Arc<str>, Vec<usize>, FixedState>, FixedState>);

impl EntryIndex {
    /// The index of `catalogue`, whose entry `i` has subject `subjects[i]`.
    pub(crate) fn new(catalogue: &[Indicator], subjects: &[Arc<str>]) -> EntryIndex {
        let mut map: HashMap<&'static str, HashMap<Arc<str>, Vec<usize>, FixedState>, FixedState> = HashMap::default();
        for (i, (entry, subject)) in catalogue.iter().zip(subjects).enumerate() {
            map.entry(entry.id)
                .or_default()
                .entry(subject.clone())
                .or_default()
                .push(i);
        }
        EntryIndex(map)
    }

    /// The entries of an indicator of a subject, in catalogue order.
    fn get(&self, indicator: &str, subject: &str) -> &[usize] {
        self.0
            .get(indicator)
            .and_then(|s| s.get(subject))
            .map_or(&[], Vec::as_slice)
    }
}

impl Computed {
    /// The computed values of one dataset; `entries` indexes `catalogue`, and `rows` come in
    /// the order of [`row_key`] (put in it here if not, which the computation never needs).
    pub(crate) fn new(
        series: BTreeMap<String, SeriesPoints>,
        mut rows: Vec<IndicatorRow>,
        catalogue: Arc<[Indicator]>,
        entries: Arc<EntryIndex>,
        gaps: Vec<NotComputed>,
    ) -> Computed {
        if !rows.is_sorted_by_key(row_key) {
            // Stable: of two rows with one key, the first is the one found.
            rows.sort_by_key(row_key);
        }
        Computed {
            series,
            rows,
            catalogue,
            entries,
            gaps,
        }
    }
}

impl Computed {
    /// The row of an indicator of a subject between two periods (`from` None: at one period).
    pub fn find(&self, indicator: &str, subject: &str, from: Option<&Period>, to: &Period) -> Option<&IndicatorRow> {
        let key = (
            self.entry_position(indicator, subject)?,
            from.map(Period::code),
            to.code(),
        );
        let i = self.rows.partition_point(|r| row_key(r) < key);
        self.rows.get(i).filter(|r| row_key(r) == key)
    }

    /// Every single-period row of an indicator of a subject, in period order.
    pub fn indicator_points(&self, indicator: &str, subject: &str) -> Vec<&IndicatorRow> {
        let mut v: Vec<&IndicatorRow> = self
            .entries
            .get(indicator, subject)
            .iter()
            .flat_map(|&e| self.entry_rows(e))
            .filter(|r| r.from.is_none())
            .collect();
        v.sort_by_key(|r| r.to.order_key());
        v
    }

    /// Value of a series (data or derived) at a period.
    pub fn point(&self, series: &str, period: &Period) -> Option<&Point> {
        self.points(series).iter().find(|p| &p.period == period)
    }

    /// Every point of a series, in period order; none for a series the data do not have.
    pub fn points(&self, series: &str) -> &[Point] {
        self.series.get(series).map_or(&[], |s| s.points.as_slice())
    }

    /// The periods a series has, in order.
    pub fn periods(&self, series: &str) -> Vec<Period> {
        self.points(series).iter().map(|p| p.period).collect()
    }

    /// Unit of a series, from its data rows (derived series share their terms' unit).
    pub fn series_unit(&self, series: &str) -> Option<Unit> {
        self.series.get(series).map(|s| s.unit)
    }

    /// The catalogue entry of an indicator of a subject.
    pub fn entry(&self, indicator: &str, subject: &str) -> Option<&Indicator> {
        self.catalogue.get(self.entry_position(indicator, subject)?)
    }

    /// Position in the catalogue of the (first) entry of an indicator of a subject.
    fn entry_position(&self, indicator: &str, subject: &str) -> Option<usize> {
        self.entries.get(indicator, subject).first().copied()
    }

    /// The rows of catalogue entry `entry` (rows come in catalogue order).
    fn entry_rows(&self, entry: usize) -> &[IndicatorRow] {
        let start = self.rows.partition_point(|r| r.entry < entry);
        let end = self.rows.partition_point(|r| r.entry <= entry);
        self.rows.get(start..end).unwrap_or_default()
    }
}

/// Every series of the frame, indexed by organisation then id, with its unit; `refs` are the
/// data rows of each of the frame's points ([`SeriesFrame::refs`]).
fn index(
    datasets: &[&Dataset],
    refs: &[Arc<[RowRef]>],
    frame: &DataFrame,
) -> Result<Vec<BTreeMap<String, SeriesPoints>>> {
    let err = || Error::polars("indexing the series");
    let ids = frame.column("series").and_then(|c| c.str().cloned()).map_err(err())?;
    let periods = frame.column("period").and_then(|c| c.i64().cloned()).map_err(err())?;
    let org = frame.column("org").and_then(|c| c.u32().cloned()).map_err(err())?;
    let values = frame.column("value").and_then(|c| c.f64().cloned()).map_err(err())?;
    let mut units: BTreeMap<&str, Unit> = BTreeMap::new();
    for ds in datasets {
        let mut last: Option<&str> = None;
        for o in &ds.observations {
            // A series' rows mostly follow each other: one map access for each run of them.
            if last != Some(o.series.as_str()) {
                last = Some(&o.series);
                units.entry(&o.series).or_insert(o.unit);
            }
        }
    }
    for d in DERIVED_SERIES {
        if let Some(u) = d.terms.first().and_then(|(_, t)| units.get(t).copied()) {
            units.insert(d.id, u);
        }
    }
    // The frame is sorted by organisation: each organisation's rows are one range, indexed in
    // parallel.
    let mut ranges = vec![0..0; datasets.len()];
    for run in runs(frame.height(), |i| org.get(i)) {
        if let Some(r) = org.get(run.start).and_then(|o| ranges.get_mut(o as usize)) {
            *r = run;
        }
    }
    Ok(ranges
        .into_par_iter()
        .map(|range| {
            let mut map: BTreeMap<String, SeriesPoints> = BTreeMap::new();
            for i in range {
                let (Some(id), Some(period), Some(value)) =
                    (ids.get(i), periods.get(i).and_then(Period::from_code), values.get(i))
                else {
                    continue;
                };
                // Every series has a unit: its rows', or its first term's (which it needs).
                let Some(&unit) = units.get(id) else {
                    continue;
                };
                let point = Point {
                    period,
                    value,
                    inputs: inputs_of(refs, [Some(i as u32)]),
                };
                match map.get_mut(id) {
                    Some(s) => s.points.push(point),
                    None => {
                        map.insert(
                            id.to_string(),
                            SeriesPoints {
                                unit,
                                points: vec![point],
                            },
                        );
                    }
                }
            }
            for s in map.values_mut() {
                s.points.sort_by_key(|p| p.period.order_key());
            }
            map
        })
        .collect())
}

/// The indicators `ds` declares (`domains.toml`) that have no row, each with why: a series
/// without values, or no period both series have. (A value the formula gives no finite number
/// for is already among `c.gaps`, at its period.)
pub fn declared_missing(ds: &Dataset, c: &Computed, missing: &mut Vec<NotComputed>) {
    for d in &ds.domains.indicators {
        let subject = declared_formula(d).subject();
        if c.rows.iter().any(|r| r.indicator == d.id && *r.subject == *subject) {
            continue;
        }
        let item = indicator_item(d.id, &subject);
        // Its values exist but none is finite: each is among the gaps already, at its period.
        if c.gaps.iter().any(|g| g.item.starts_with(&format!("{item} at "))) {
            continue;
        }
        if let Some(reason) = units_mismatch(d, |id| c.series_unit(id)) {
            missing.push(NotComputed { item, reason });
            continue;
        }
        let (a, b) = (c.points(&d.a), c.points(&d.b));
        let absent: Vec<&str> = [(&d.a, a), (&d.b, b)]
            .into_iter()
            .filter(|(_, p)| p.is_empty())
            .map(|(s, _)| s.as_str())
            .collect();
        let reason = match absent.as_slice() {
            [one] => format!("{one} has no value"),
            [_, _] => format!("{} have no value", absent.join(" and ")),
            _ => format!("{} and {} have no period in common", d.a, d.b),
        };
        missing.push(NotComputed { item, reason });
    }
}

/// Computes every indicator of the catalogue for one dataset. Rows come in catalogue order, then
/// by their periods as codes, no start period first, so the output is the same on every run.
pub fn compute(ds: &Dataset) -> Result<Computed> {
    compute_all(&[ds])?
        .pop()
        .ok_or_else(|| Error::Other("computing indicators: no result".into()))
}

/// Computes the catalogue for many datasets (a panel of organisations) in one plan, grouped by
/// organisation; one [`Computed`] per dataset, in their order.
pub fn compute_all(datasets: &[&Dataset]) -> Result<Vec<Computed>> {
    compute_some(datasets, &|_| true, RowTexts::Computations)
}

/// [`compute_all`] with only the catalogue's entries `keep` accepts: the series (data and
/// derived) are all there, and the rows of the entries kept are those `compute_all` gives (each
/// entry is a branch of its own in the plan). What a panel's first pass uses to resolve the key
/// figures without the thousands of change rows they do not read. `row_texts`: whether the rows
/// carry their computations, which only an organisation's own table writes.
pub fn compute_some(
    datasets: &[&Dataset],
    keep: &(dyn Fn(&Indicator) -> bool + Sync),
    row_texts: RowTexts,
) -> Result<Vec<Computed>> {
    let SeriesFrame { frame, refs } = series_frame(datasets)?;
    // The panel's domains: every organisation's (they share the panel's unless they declare their own).
    let mut domains = Domains::builtin();
    for d in datasets {
        domains.merge(&d.domains);
    }
    // The points' texts are a cache of their formatting, worth it only where every row writes
    // its computation.
    let points = match row_texts {
        RowTexts::Computations => PointTexts::of(&frame)?,
        RowTexts::Values => PointTexts::none(),
    };
    let series = index(datasets, &refs, &frame)?;
    // The catalogue of the whole panel: an entry for every series any organisation has.
    let mut infos: BTreeMap<&str, SeriesInfo> = BTreeMap::new();
    for map in &series {
        for (id, s) in map {
            let dated = s.points.iter().filter(|p| p.period.time().is_some()).count();
            let e = infos.entry(id.as_str()).or_insert(SeriesInfo {
                id,
                unit: s.unit,
                dated_periods: 0,
            });
            e.dated_periods = e.dated_periods.max(dated);
        }
    }
    let infos: Vec<SeriesInfo> = infos.into_values().collect();
    let mut catalogue = catalogue(&infos, &domains);
    catalogue.retain(|e| keep(e));
    // One plan for every entry, evaluated together (`plan.rs`).
    let plan = catalogue_plan(&frame.lazy(), &catalogue).map_err(Error::polars("the indicators"))?;
    let texts = entry_texts(&catalogue, datasets);
    let subjects: Vec<Arc<str>> = texts.iter().map(|t| t.subject.clone()).collect();
    let entries = Arc::new(EntryIndex::new(&catalogue, &subjects));
    let catalogue: Arc<[Indicator]> = catalogue.into();
    let df = match plan {
        Some(plan) => {
            // Each column read is put in one chunk (`PlanColumns::of`).
            Some(plan.collect().map_err(Error::polars("the indicators"))?)
        }
        None => None,
    };
    let columns = df
        .as_ref()
        .map(PlanColumns::of)
        .transpose()
        .map_err(Error::polars("reading the indicators"))?;
    let at = columns
        .as_ref()
        .map_or_else(|| vec![Vec::new(); datasets.len()], |c| c.org_rows(datasets.len()));
    let batch = Batch {
        catalogue: &catalogue,
        texts: &texts,
        refs: &refs,
        points: &points,
        row_texts,
    };
    Ok(series
        .into_par_iter()
        .zip(at)
        .enumerate()
        .map(|(org, (series, at))| {
            let (rows, gaps) = columns
                .as_ref()
                .map(|c| c.convert(&at, org, &batch))
                .unwrap_or_default();
            Computed::new(series, rows, catalogue.clone(), entries.clone(), gaps)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::tests::repository;

    /// `c`'s series and catalogue with `rows` in place of its own.
    fn with_rows(c: &Computed, rows: Vec<IndicatorRow>) -> Computed {
        Computed::new(
            c.series.clone(),
            rows,
            c.catalogue.clone(),
            c.entries.clone(),
            Vec::new(),
        )
    }

    /// Every row of the repository's data is found by its entry and periods, and rows given out
    /// of order are put back in it.
    #[test]
    fn rows_are_found_by_their_key_in_any_order_given() {
        let c = repository();
        assert!(c.rows.len() > 200, "{} rows", c.rows.len());
        for r in &c.rows {
            let found = c.find(r.indicator, &r.subject, r.from.as_ref(), &r.to);
            assert_eq!(
                found,
                Some(r),
                "{} of {} at {:?}–{}",
                r.indicator,
                r.subject,
                r.from,
                r.to
            );
        }
        // Not there: a period no row of the first entry has.
        let first = &c.rows[0];
        assert_eq!(c.find(first.indicator, &first.subject, None, &Period::Year(1066)), None);
        let mut reversed = c.rows.clone();
        reversed.reverse();
        assert_eq!(with_rows(&c, reversed).rows, c.rows);
    }

    /// Of two rows with one key, given out of order, the first given is the one found.
    #[test]
    fn of_two_rows_with_one_key_the_first_given_is_found() {
        let c = repository();
        let (a, b) = (&c.rows[0], &c.rows[1]);
        assert_ne!(row_key(a), row_key(b));
        let with_value = |r: &IndicatorRow, value: f64| IndicatorRow { value, ..r.clone() };
        // Enough rows that the sort is not an insertion sort, stable whatever the algorithm.
        let given: Vec<IndicatorRow> = (0..64).flat_map(|k| [b.clone(), with_value(a, f64::from(k))]).collect();
        let many = with_rows(&c, given);
        let values: Vec<f64> = many.rows.iter().take(64).map(|r| r.value).collect();
        assert_eq!(values, (0..64).map(f64::from).collect::<Vec<_>>());
        let found = many.find(a.indicator, &a.subject, a.from.as_ref(), &a.to);
        assert_eq!(found.map(|r| r.value), Some(0.0));
    }
}
