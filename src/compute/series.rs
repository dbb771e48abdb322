//! The series frame: every observation of a batch of organisations and every derived series,
//! one row a point, sorted, with the data rows of each point kept as typed groups beside it
//! (the frame names a point's group by number; [`SeriesFrame::refs`] holds the groups).

use polars::prelude::*;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use crate::compute::catalogue::{DERIVED_SERIES, DerivedSeries};
use crate::error::{Error, Result};
use crate::load::Dataset;
use crate::load::rowref::RowRef;
use crate::period::Period;

/// The series frame of a batch and the data rows of each of its points.
pub struct SeriesFrame {
    /// Columns `org` (the dataset's position), `series`, `period`, `t`, `span`, `value`,
    /// `group`, `pos`, `n`, `row`: see [`series_frame`].
    pub frame: DataFrame,
    /// The data rows of the point at each position of `frame`, sorted.
    pub refs: Vec<Arc<[RowRef]>>,
}

/// Long frame of the loaded observations of every dataset, `org` being the dataset's position
/// and `group` the position in the returned groups of the observation's data row.
fn observation_frame(datasets: &[&Dataset]) -> Result<(DataFrame, Vec<Arc<[RowRef]>>)> {
    let n: usize = datasets.iter().map(|d| d.observations.len()).sum();
    let mut org: Vec<u32> = Vec::with_capacity(n);
    let mut series: Vec<&str> = Vec::with_capacity(n);
    let mut period: Vec<i64> = Vec::with_capacity(n);
    let mut t: Vec<Option<f64>> = Vec::with_capacity(n);
    let mut span: Vec<Option<f64>> = Vec::with_capacity(n);
    let mut value: Vec<f64> = Vec::with_capacity(n);
    let mut groups: Vec<Arc<[RowRef]>> = Vec::with_capacity(n);
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
            groups.push(Arc::from([o.row_ref()]));
        }
    }
    let group: Vec<u32> = (0..n as u32).collect();
    let df = df!("org" => org, "series" => series, "period" => period, "t" => t, "span" => span, "value" => value, "group" => group)
        .map_err(Error::polars("the observation frame"))?;
    Ok((df, groups))
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

/// The points of the derived series of one level: each the signed sum of its terms at every
/// period where all terms exist and the series has no value of its own, with (`parts`) the
/// groups of its terms' data rows. One plan for the level: the terms are a small table joined to
/// the frame, whatever the number of series.
fn derived_sums(frame: LazyFrame, level: &[&DerivedSeries]) -> PolarsResult<LazyFrame> {
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
    Ok(frame
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
            // A list per sum: its data rows are gathered (and sorted) outside the plan.
            col("group").alias("parts"),
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
            col("parts"),
        ]))
}

/// `sums` ([`derived_sums`]) with the data rows of each sum's terms made a group of its own,
/// sorted, appended to `groups`; its column `group` (in place of `parts`) names it.
fn with_groups(sums: DataFrame, groups: &mut Vec<Arc<[RowRef]>>) -> PolarsResult<DataFrame> {
    let parts = sums.column("parts")?.list()?.clone();
    let mut ids: Vec<u32> = Vec::with_capacity(sums.height());
    // (An empty list column may have no chunk for the iterator to start from.)
    if sums.height() > 0 {
        for part in parts.amortized_iter() {
            let mut rows: Vec<RowRef> = Vec::new();
            if let Some(part) = part {
                for g in part.as_ref().u32()?.iter().flatten() {
                    rows.extend(groups.get(g as usize).iter().flat_map(|g| g.iter().copied()));
                }
            }
            rows.sort();
            ids.push(groups.len() as u32);
            groups.push(Arc::from(rows));
        }
    }
    let mut sums = sums.drop("parts")?;
    sums.with_column(Column::new("group".into(), ids))?;
    Ok(sums)
}

/// Adds the points of one level's derived series to `frame`, and their data rows to `groups`.
/// Collected, so that the next level reads a frame rather than re-planning this one.
fn add_level(frame: &mut DataFrame, groups: &mut Vec<Arc<[RowRef]>>, level: &[&DerivedSeries]) -> PolarsResult<()> {
    let sums = derived_sums(frame.clone().lazy(), level)?.collect()?;
    let sums = with_groups(sums, groups)?;
    frame.vstack_mut(&sums)?;
    Ok(())
}

/// Observations plus every derived series, sorted by organisation, series and period, with the
/// position of each row in the frame (`row`), of each dated point in its series (`pos`) and the
/// number of them (`n`).
pub fn series_frame(datasets: &[&Dataset]) -> Result<SeriesFrame> {
    let (mut frame, mut groups) = observation_frame(datasets)?;
    for level in derived_levels(DERIVED_SERIES) {
        add_level(&mut frame, &mut groups, &level).map_err(Error::polars("the derived series"))?;
    }
    let mut df = frame
        .lazy()
        .sort(["org", "series", "period"], SortMultipleOptions::default())
        .collect()
        .map_err(Error::polars("the series frame"))?;
    let (pos, n) = positions(&df)?;
    let row: Vec<u32> = (0..df.height() as u32).collect();
    df.with_column(Column::new("pos".into(), pos))
        .and_then(|df| df.with_column(Column::new("n".into(), n)))
        .and_then(|df| df.with_column(Column::new("row".into(), row)))
        .map_err(Error::polars("the series frame"))?;
    let refs = df
        .column("group")
        .and_then(|c| c.u32().cloned())
        .map_err(Error::polars("the series' rows"))?
        .iter()
        .map(|g| {
            g.and_then(|g| groups.get(g as usize))
                .cloned()
                .unwrap_or_else(|| Arc::from([]))
        })
        .collect();
    Ok(SeriesFrame { frame: df, refs })
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
    for run in runs(h, |i| (org.get(i), series.get(i))) {
        let mut dated: Vec<(f64, usize)> = run.filter_map(|i| t.get(i).map(|x| (x, i))).collect();
        dated.sort_by(|a, b| a.0.total_cmp(&b.0));
        let count = dated.len() as u32;
        for (k, (_, i)) in dated.iter().enumerate() {
            pos[*i] = Some(k as u32);
            n[*i] = Some(count);
        }
    }
    Ok((pos, n))
}

/// The runs of rows `0..len` with equal keys, in order: in a sorted frame, each key's rows.
pub(super) fn runs<K: PartialEq>(len: usize, key: impl Fn(usize) -> K) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < len {
        let k = key(start);
        let mut end = start + 1;
        while end < len && key(end) == k {
            end += 1;
        }
        out.push(start..end);
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn derived(id: &'static str, terms: &'static [(f64, &'static str)]) -> DerivedSeries {
        DerivedSeries { id, terms }
    }

    #[test]
    fn runs_are_the_ranges_of_equal_neighbours() {
        let keys = [1, 1, 2, 3, 3, 3, 1];
        assert_eq!(runs(keys.len(), |i| keys[i]), [0..2, 2..3, 3..6, 6..7]);
        assert!(runs(0, |i| keys[i]).is_empty());
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

    /// A frame of one organisation's values of `series` at period code 2019, the `i`th read
    /// from line `lines[i]` of `f.csv`, and those data rows.
    fn frame(series: &[(&str, f64)], lines: &[u64]) -> (DataFrame, Vec<Arc<[RowRef]>>) {
        let n = series.len();
        let df = df!(
            "org" => vec![0u32; n],
            "series" => series.iter().map(|s| s.0).collect::<Vec<_>>(),
            "period" => vec![Period::Year(2019).code(); n],
            "t" => vec![Some(2019.0); n],
            "span" => vec![None::<f64>; n],
            "value" => series.iter().map(|s| s.1).collect::<Vec<_>>(),
            "group" => (0..n as u32).collect::<Vec<_>>(),
        )
        .unwrap();
        let groups = lines
            .iter()
            .map(|&line| Arc::from([RowRef { file: "f.csv", line }]))
            .collect();
        (df, groups)
    }

    /// `frame` with the levels of `derived` added.
    fn with_derived(
        (mut df, mut groups): (DataFrame, Vec<Arc<[RowRef]>>),
        derived: &[DerivedSeries],
    ) -> (DataFrame, Vec<Arc<[RowRef]>>) {
        for level in derived_levels(derived) {
            add_level(&mut df, &mut groups, &level).unwrap();
        }
        (df, groups)
    }

    fn value_of(df: &DataFrame, series: &str) -> Vec<f64> {
        let ids = df.column("series").unwrap().str().unwrap().clone();
        let values = df.column("value").unwrap().f64().unwrap().clone();
        (0..df.height())
            .filter(|&i| ids.get(i) == Some(series))
            .filter_map(|i| values.get(i))
            .collect()
    }

    /// The data rows of the points of `series`, as lines of `f.csv`.
    fn lines_of((df, groups): &(DataFrame, Vec<Arc<[RowRef]>>), series: &str) -> Vec<Vec<u64>> {
        let ids = df.column("series").unwrap().str().unwrap().clone();
        let group = df.column("group").unwrap().u32().unwrap().clone();
        (0..df.height())
            .filter(|&i| ids.get(i) == Some(series))
            .map(|i| groups[group.get(i).unwrap() as usize].iter().map(|r| r.line).collect())
            .collect()
    }

    #[test]
    fn a_derived_series_sums_its_terms_where_all_exist_and_it_has_no_value() {
        // 1 − 0.6 − 0.3 − 0.1, left to right, is 2^-55; summed naively in the frame's order
        // (0.1, 0.3, 0.6, 1 with their signs) it would be 0. The same bytes in either order.
        let d = [derived("r", &[(1.0, "a"), (-1.0, "b"), (-1.0, "c"), (-1.0, "d")])];
        let all = [("d", 0.1), ("c", 0.3), ("b", 0.6), ("a", 1.0)];
        let mut reversed = all;
        reversed.reverse();
        for rows in [all, reversed] {
            let (df, _) = with_derived(frame(&rows, &[2, 3, 4, 5]), &d);
            assert_eq!(value_of(&df, "r"), [((1.0 - 0.6) - 0.3) - 0.1]);
            assert_eq!(value_of(&df, "r"), [2f64.powi(-55)]);
        }
        // The data rows of the terms, in line order (10 after 9, not as text).
        let done = with_derived(frame(&all, &[10, 9, 30, 4]), &d);
        assert_eq!(lines_of(&done, "r"), [vec![4, 9, 10, 30]]);
        assert_eq!(lines_of(&done, "a"), [vec![4]]);
        // A missing term: no value.
        let (df, _) = with_derived(frame(&all[1..], &[2, 3, 4]), &d);
        assert!(value_of(&df, "r").is_empty());
        // A value of its own is kept, not summed again.
        let own = [("d", 0.1), ("c", 0.3), ("b", 0.6), ("a", 1.0), ("r", 7.0)];
        let done = with_derived(frame(&own, &[2, 3, 4, 5, 6]), &d);
        assert_eq!(value_of(&done.0, "r"), [7.0]);
        assert_eq!(lines_of(&done, "r"), [vec![6]]);
    }

    #[test]
    fn a_derived_series_of_derived_series_reads_all_their_data_rows() {
        let d = [
            derived("ab", &[(1.0, "a"), (1.0, "b")]),
            derived("abc", &[(1.0, "ab"), (-1.0, "c")]),
        ];
        let done = with_derived(frame(&[("a", 5.0), ("b", 3.0), ("c", 2.0)], &[12, 3, 7]), &d);
        assert_eq!(value_of(&done.0, "ab"), [8.0]);
        assert_eq!(value_of(&done.0, "abc"), [6.0]);
        assert_eq!(lines_of(&done, "ab"), [vec![3, 12]]);
        assert_eq!(lines_of(&done, "abc"), [vec![3, 7, 12]]);
    }
}
