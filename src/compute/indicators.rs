//! Indicators stage: evaluates the catalogue over the observations with polars lazy frames.

use polars::prelude::*;
use rayon::prelude::*;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::compute::NotComputed;
use crate::compute::catalogue::{DERIVED_SERIES, DerivedSeries, Indicator, SeriesInfo, catalogue, declared_formula};
use crate::compute::plan::catalogue_plan;
pub use crate::compute::rows::IndicatorRow;
use crate::compute::rows::{PlanColumns, entry_texts, frame_refs, indicator_item, inputs_of};
use crate::error::{Error, Result};
use crate::load::Dataset;
use crate::load::rowref::{Inputs, RowRef};
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
#[derive(Debug, Clone, Default)]
pub struct SeriesPoints {
    /// Unit code of the series; a derived series has that of its first term.
    pub unit: String,
    /// Values of the series, in period order.
    pub points: Vec<Point>,
}

/// The observations (data rows and derived series) and the indicators computed from them,
/// indexed once so that every later lookup is a map access, not a query.
pub struct Computed {
    /// Every series by id, data and derived.
    pub series: BTreeMap<String, SeriesPoints>,
    /// Indicator rows of the dataset, in catalogue order, then by their periods.
    pub rows: Vec<IndicatorRow>,
    /// The catalogue the rows were computed from (entry = position), shared by a batch.
    pub catalogue: Arc<[Indicator]>,
    /// The subject of each catalogue entry ([`crate::compute::catalogue::Formula::subject`]),
    /// shared by a batch.
    subjects: Arc<[Arc<str>]>,
    /// Values the formulas give no finite number for (a zero denominator or base), left out of
    /// `rows` and listed with their computation.
    pub gaps: Vec<NotComputed>,
    /// Position in `rows` of each (catalogue entry, from, to).
    lookup: HashMap<RowKey, usize, foldhash::fast::FixedState>,
}

/// What identifies an indicator row: its catalogue entry and its periods.
type RowKey = (usize, Option<Period>, Period);

impl Computed {
    /// The computed values of one dataset, indexed; `subjects` holds the subject of each entry
    /// of `catalogue`, in the same order.
    pub(crate) fn new(
        series: BTreeMap<String, SeriesPoints>,
        rows: Vec<IndicatorRow>,
        catalogue: Arc<[Indicator]>,
        subjects: Arc<[Arc<str>]>,
        gaps: Vec<NotComputed>,
    ) -> Computed {
        let mut lookup = HashMap::with_capacity_and_hasher(rows.len(), foldhash::fast::FixedState::default());
        for (i, r) in rows.iter().enumerate() {
            // The first row of a key wins, as a search from the start would find it.
            lookup.entry((r.entry, r.from, r.to)).or_insert(i);
        }
        Computed {
            series,
            rows,
            catalogue,
            subjects,
            gaps,
            lookup,
        }
    }
}

impl Computed {
    /// The row of an indicator of a subject between two periods (`from` None: at one period).
    pub fn find(&self, indicator: &str, subject: &str, from: Option<&Period>, to: &Period) -> Option<&IndicatorRow> {
        let i = self
            .lookup
            .get(&(self.entry_position(indicator, subject)?, from.copied(), *to))?;
        self.rows.get(*i)
    }

    /// Every single-period row of an indicator of a subject, in period order.
    pub fn indicator_points(&self, indicator: &str, subject: &str) -> Vec<&IndicatorRow> {
        let mut v: Vec<&IndicatorRow> = self
            .rows
            .iter()
            .filter(|r| r.indicator == indicator && &*r.subject == subject && r.from.is_none())
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
    pub fn series_unit(&self, series: &str) -> &str {
        self.series.get(series).map_or("", |s| s.unit.as_str())
    }

    /// The catalogue entry of an indicator of a subject.
    pub fn entry(&self, indicator: &str, subject: &str) -> Option<&Indicator> {
        self.catalogue.get(self.entry_position(indicator, subject)?)
    }

    /// Position in the catalogue of the (first) entry of an indicator of a subject.
    fn entry_position(&self, indicator: &str, subject: &str) -> Option<usize> {
        self.catalogue
            .iter()
            .zip(self.subjects.iter())
            .position(|(i, s)| i.id == indicator && **s == *subject)
    }
}

/// Long frame of the loaded observations of every dataset, `org` being the dataset's position.
pub fn observation_frame(datasets: &[&Dataset]) -> Result<DataFrame> {
    let n: usize = datasets.iter().map(|d| d.observations.len()).sum();
    let mut org: Vec<u32> = Vec::with_capacity(n);
    let mut series: Vec<&str> = Vec::with_capacity(n);
    let mut period: Vec<i64> = Vec::with_capacity(n);
    let mut t: Vec<Option<f64>> = Vec::with_capacity(n);
    let mut span: Vec<Option<f64>> = Vec::with_capacity(n);
    let mut value: Vec<f64> = Vec::with_capacity(n);
    let mut inputs: Vec<String> = Vec::with_capacity(n);
    for (i, ds) in datasets.iter().enumerate() {
        for o in &ds.observations {
            org.push(i as u32);
            series.push(&o.series);
            period.push(o.period.code());
            t.push(o.period.time());
            span.push(match o.period {
                Period::Range(..) => o.period.span_years(),
                _ => None,
            });
            value.push(o.value);
            inputs.push(o.row_ref().to_string());
        }
    }
    df!("org" => org, "series" => series, "period" => period, "t" => t, "span" => span, "value" => value, "inputs" => inputs)
        .map_err(Error::polars("the observation frame"))
}

/// The derived series in levels, each series in the level after the last of those among its
/// terms, so that one plan per level has every term it needs. Exact because the list is in
/// dependency order (a series uses only series above it: tested).
fn derived_levels(all: &[DerivedSeries]) -> Vec<Vec<&DerivedSeries>> {
    let mut level: HashMap<&str, usize> = HashMap::new();
    let mut out: Vec<Vec<&DerivedSeries>> = Vec::new();
    for d in all {
        let l = d
            .terms
            .iter()
            .filter_map(|(_, t)| level.get(t).map(|l| l + 1))
            .max()
            .unwrap_or(0);
        level.insert(d.id, l);
        if out.len() <= l {
            out.resize_with(l + 1, Vec::new);
        }
        out[l].push(d);
    }
    out
}

/// Adds the derived series of one level: each the signed sum of its terms at every period where
/// all terms exist and the series has no value of its own. One plan for the level: the terms
/// are a small table joined to the frame, whatever the number of series.
fn add_derived(frame: LazyFrame, level: &[&DerivedSeries]) -> PolarsResult<LazyFrame> {
    let (mut term, mut derived, mut sign, mut k, mut count) = (vec![], vec![], vec![], vec![], vec![]);
    for d in level {
        for (i, (s, t)) in d.terms.iter().enumerate() {
            term.push(*t);
            derived.push(d.id);
            sign.push(*s);
            k.push(i as u32);
            count.push(d.terms.len() as u32);
        }
    }
    let terms = df!("series" => term, "derived" => derived, "sign" => sign, "k" => k, "terms" => count)?;
    let ids = df!("derived" => level.iter().map(|d| d.id).collect::<Vec<_>>())?;
    let own = frame
        .clone()
        .join(
            ids.lazy(),
            [col("series")],
            [col("derived")],
            JoinArgs::new(JoinType::Inner),
        )
        .select([
            col("org"),
            col("series").alias("derived"),
            col("period"),
            lit(true).alias("own"),
        ]);
    let keys = || [col("org"), col("derived"), col("period")];
    let sums = frame
        .clone()
        .join(
            terms.lazy(),
            [col("series")],
            [col("series")],
            JoinArgs::new(JoinType::Inner),
        )
        .group_by(keys())
        .agg([
            // Summed in the order of the terms, so that the bytes cannot depend on the join's.
            (col("value") * col("sign"))
                .sort_by([col("k")], SortMultipleOptions::default())
                .sum()
                .alias("value"),
            col("t").first(),
            col("span").first(),
            col("inputs").sort(SortOptions::default()).str().join(", ", true),
            len().alias("n"),
            col("terms").first(),
        ])
        .filter(col("n").eq(col("terms")))
        .join(own, keys(), keys(), JoinArgs::new(JoinType::Left))
        .filter(col("own").is_null())
        .select([
            col("org"),
            col("derived").alias("series"),
            col("period"),
            col("t"),
            col("span"),
            col("value"),
            col("inputs"),
        ]);
    concat([frame, sums], UnionArgs::default())
}

/// Observations plus every derived series, sorted by organisation, series and period, with the
/// position of each row in the frame (`row`), of each dated point in its series (`pos`) and the
/// number of them (`n`).
pub fn series_frame(datasets: &[&Dataset]) -> Result<DataFrame> {
    let mut frame = observation_frame(datasets)?.lazy();
    for level in derived_levels(DERIVED_SERIES) {
        // Collect after each level so that the next can use it without re-planning it.
        frame = add_derived(frame, &level)
            .and_then(LazyFrame::collect)
            .map_err(Error::polars("the derived series"))?
            .lazy();
    }
    let mut df = frame
        .sort(["org", "series", "period"], SortMultipleOptions::default())
        .collect()
        .map_err(Error::polars("the series frame"))?;
    let (pos, n) = positions(&df)?;
    let row: Vec<u32> = (0..df.height() as u32).collect();
    df.with_column(Column::new("pos".into(), pos))
        .and_then(|df| df.with_column(Column::new("n".into(), n)))
        .and_then(|df| df.with_column(Column::new("row".into(), row)))
        .map_err(Error::polars("the series frame"))?;
    Ok(df)
}

/// A column of positions or counts, empty for undated rows.
type PositionColumn = Vec<Option<u32>>;

/// For each row of a frame sorted by organisation and series: its position among the dated
/// points of its series (in time order), and how many there are; none for undated rows.
fn positions(df: &DataFrame) -> Result<(PositionColumn, PositionColumn)> {
    let err = || Error::polars("positions in the series frame");
    let org = df.column("org").and_then(|c| c.u32().cloned()).map_err(err())?;
    let series = df.column("series").and_then(|c| c.str().cloned()).map_err(err())?;
    let t = df.column("t").and_then(|c| c.f64().cloned()).map_err(err())?;
    let h = df.height();
    let mut pos = vec![None; h];
    let mut n = vec![None; h];
    let mut start = 0;
    while start < h {
        let key = (org.get(start), series.get(start));
        let mut end = start;
        while end < h && (org.get(end), series.get(end)) == key {
            end += 1;
        }
        let mut dated: Vec<(f64, usize)> = (start..end).filter_map(|i| t.get(i).map(|x| (x, i))).collect();
        dated.sort_by(|a, b| a.0.total_cmp(&b.0));
        let count = dated.len() as u32;
        for (k, (_, i)) in dated.iter().enumerate() {
            pos[*i] = Some(k as u32);
            n[*i] = Some(count);
        }
        start = end;
    }
    Ok((pos, n))
}

/// Every series of the frame, indexed by organisation then id, with its unit; `refs` are the
/// data rows of each of the frame's points ([`frame_refs`]).
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
    let mut units: BTreeMap<&str, &str> = BTreeMap::new();
    for ds in datasets {
        let mut last: Option<&str> = None;
        for o in &ds.observations {
            // A series' rows mostly follow each other: one map access for each run of them.
            if last != Some(o.series.as_str()) {
                last = Some(&o.series);
                units.entry(&o.series).or_insert(o.unit.code());
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
    let h = frame.height();
    let mut ranges = vec![0..0; datasets.len()];
    let mut start = 0;
    while start < h {
        let o = org.get(start);
        let mut end = start + 1;
        while end < h && org.get(end) == o {
            end += 1;
        }
        if let Some(r) = o.and_then(|o| ranges.get_mut(o as usize)) {
            *r = start..end;
        }
        start = end;
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
                                unit: units.get(id).copied().unwrap_or_default().to_string(),
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
/// by subject and periods, so the output is the same on every run.
pub fn compute(ds: &Dataset) -> Result<Computed> {
    compute_all(&[ds])?
        .pop()
        .ok_or_else(|| Error::Other("computing indicators: no result".into()))
}

/// Computes the catalogue for many datasets (a panel of organisations) in one plan, grouped by
/// organisation; one [`Computed`] per dataset, in their order.
pub fn compute_all(datasets: &[&Dataset]) -> Result<Vec<Computed>> {
    let frame = series_frame(datasets)?;
    // The panel's domains: every organisation's (they share the panel's unless they declare their own).
    let mut domains = Domains::builtin();
    for d in datasets {
        domains.merge(&d.domains);
    }
    let files = crate::load::citable_files(&domains);
    let refs = frame_refs(&files, &frame)?;
    let series = index(datasets, &refs, &frame)?;
    // The catalogue of the whole panel: an entry for every series any organisation has.
    let mut infos: BTreeMap<&str, SeriesInfo> = BTreeMap::new();
    for map in &series {
        for (id, s) in map {
            let dated = s.points.iter().filter(|p| p.period.time().is_some()).count();
            let e = infos.entry(id.as_str()).or_insert(SeriesInfo {
                id,
                unit: &s.unit,
                dated_periods: 0,
            });
            e.dated_periods = e.dated_periods.max(dated);
        }
    }
    let infos: Vec<SeriesInfo> = infos.into_values().collect();
    let catalogue = catalogue(&infos, &domains);
    // One plan for every entry, evaluated together (`plan.rs`).
    let plan = catalogue_plan(&frame.lazy(), &catalogue).map_err(Error::polars("the indicators"))?;
    let texts = entry_texts(&catalogue, datasets);
    let subjects: Arc<[Arc<str>]> = texts.iter().map(|t| t.subject.clone()).collect();
    let catalogue: Arc<[Indicator]> = catalogue.into();
    let df = match plan {
        Some(plan) => {
            let mut df = plan.collect().map_err(Error::polars("the indicators"))?;
            // One chunk per column, so that reading a row by position is an index.
            df.rechunk_mut();
            Some(df)
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
    Ok(series
        .into_par_iter()
        .zip(at)
        .enumerate()
        .map(|(org, (series, at))| {
            let (rows, gaps) = columns
                .as_ref()
                .map(|c| c.convert(&at, org, &catalogue, &texts, &refs))
                .unwrap_or_default();
            Computed::new(series, rows, catalogue.clone(), subjects.clone(), gaps)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn derived(id: &'static str, terms: &'static [(f64, &'static str)]) -> DerivedSeries {
        DerivedSeries { id, terms }
    }

    #[test]
    fn derived_series_come_in_levels_after_their_terms() {
        let all = [
            derived("a", &[(1.0, "x"), (1.0, "y")]),
            derived("b", &[(1.0, "a"), (1.0, "z")]),
            derived("c", &[(1.0, "b"), (-1.0, "a")]),
            derived("d", &[(1.0, "p"), (1.0, "q")]),
        ];
        let ids: Vec<Vec<&str>> = derived_levels(&all)
            .iter()
            .map(|l| l.iter().map(|d| d.id).collect())
            .collect();
        assert_eq!(ids, [vec!["a", "d"], vec!["b"], vec!["c"]]);
    }

    #[test]
    fn the_shipped_derived_series_use_only_series_above_them() {
        for (i, d) in DERIVED_SERIES.iter().enumerate() {
            for (_, t) in d.terms {
                if let Some(j) = DERIVED_SERIES.iter().position(|e| e.id == *t) {
                    assert!(j < i, "{} uses {t}, defined below it", d.id);
                }
            }
        }
    }

    /// A frame of one organisation's values of `series` at period code 2019, with data rows.
    fn frame(series: &[(&str, f64)]) -> LazyFrame {
        let n = series.len();
        df!(
            "org" => vec![0u32; n],
            "series" => series.iter().map(|s| s.0).collect::<Vec<_>>(),
            "period" => vec![Period::Year(2019).code(); n],
            "t" => vec![Some(2019.0); n],
            "span" => vec![None::<f64>; n],
            "value" => series.iter().map(|s| s.1).collect::<Vec<_>>(),
            "inputs" => (0..n).map(|i| format!("f.csv:{}", i + 2)).collect::<Vec<_>>(),
        )
        .unwrap()
        .lazy()
    }

    fn value_of(df: &DataFrame, series: &str) -> Vec<f64> {
        let ids = df.column("series").unwrap().str().unwrap().clone();
        let values = df.column("value").unwrap().f64().unwrap().clone();
        (0..df.height())
            .filter(|&i| ids.get(i) == Some(series))
            .filter_map(|i| values.get(i))
            .collect()
    }

    #[test]
    fn a_derived_series_sums_its_terms_where_all_exist_and_it_has_no_value() {
        // 1 − 0.6 − 0.3 − 0.1, left to right, is 2^-55; summed naively in the frame's order
        // (0.1, 0.3, 0.6, 1 with their signs) it would be 0. The same bytes in either order.
        let d = derived("r", &[(1.0, "a"), (-1.0, "b"), (-1.0, "c"), (-1.0, "d")]);
        let all = [("d", 0.1), ("c", 0.3), ("b", 0.6), ("a", 1.0)];
        let mut reversed = all;
        reversed.reverse();
        for rows in [all, reversed] {
            let df = add_derived(frame(&rows), &[&d]).unwrap().collect().unwrap();
            assert_eq!(value_of(&df, "r"), [((1.0 - 0.6) - 0.3) - 0.1]);
            assert_eq!(value_of(&df, "r"), [2f64.powi(-55)]);
        }
        let df = add_derived(frame(&all), &[&d]).unwrap().collect().unwrap();
        let inputs = df.column("inputs").unwrap().str().unwrap().clone();
        // The data rows of the terms, sorted.
        assert_eq!(inputs.get(df.height() - 1), Some("f.csv:2, f.csv:3, f.csv:4, f.csv:5"));
        // A missing term: no value.
        let df = add_derived(frame(&all[1..]), &[&d]).unwrap().collect().unwrap();
        assert!(value_of(&df, "r").is_empty());
        // A value of its own is kept, not summed again.
        let own = [("d", 0.1), ("c", 0.3), ("b", 0.6), ("a", 1.0), ("r", 7.0)];
        let df = add_derived(frame(&own), &[&d]).unwrap().collect().unwrap();
        assert_eq!(value_of(&df, "r"), [7.0]);
    }
}
