//! The catalogue as one polars plan over the series frame. Entries are grouped by the shape of
//! their formula, so that the plan has a branch per shape (values at one period from two series,
//! values per year, changes between two periods), each a join of the entries' table with the
//! series, rather than a branch per entry: planning cost grows with the shapes, not the entries.
//!
//! Provenance travels as the positions (`row`) of the series frame's points an indicator reads:
//! the caller looks up their groups of row references (`SeriesFrame::refs`).

use polars::prelude::*;

use crate::compute::catalogue::{Formula, Indicator};

/// The columns of the plan's result, by name: every branch yields them, in the order of
/// [`COLUMNS`].
pub(super) mod column {
    /// The organisation's position in the batch.
    pub const ORG: &str = "org";
    /// Start period code of a change; null for a value at one period.
    pub const FROM: &str = "from";
    /// Period code the value is at (the end of a change).
    pub const TO: &str = "to";
    /// The indicator's value.
    pub const VALUE: &str = "value";
    /// The operands the computation text shows (`{a}`–`{d}`), in this order.
    pub const OPERANDS: [&str; 4] = ["a", "b", "c", "d"];
    /// For each operand, the position in the series frame of the point it read (null for a
    /// number that is not a point, such as a span of years): its group of data rows.
    pub const OPERAND_ROWS: [&str; 4] = ["ra", "rb", "rc", "rd"];
    /// The entry's position in the catalogue.
    pub const ENTRY: &str = "entry";
}

use column::{ENTRY, FROM, OPERAND_ROWS, OPERANDS, ORG, TO, VALUE};

// The operands and the positions of their points, by name, for the branches that set them.
const A: &str = OPERANDS[0];
const B: &str = OPERANDS[1];
const C: &str = OPERANDS[2];
const D: &str = OPERANDS[3];
const RA: &str = OPERAND_ROWS[0];
const RB: &str = OPERAND_ROWS[1];
const RC: &str = OPERAND_ROWS[2];
const RD: &str = OPERAND_ROWS[3];

/// Columns every branch yields, in this order.
const COLUMNS: [&str; 13] = [ORG, FROM, TO, VALUE, A, B, C, D, RA, RB, RC, RD, ENTRY];

/// A formula over two series at one period, as the `op` column of its entries codes it.
#[derive(Clone, Copy)]
enum AtOnePeriod {
    /// 100 × a / b.
    Share = 0,
    /// a / b.
    Ratio = 1,
    /// a − b.
    Difference = 2,
}

/// A formula over one series between two periods, as the `op` column of its entries codes it.
#[derive(Clone, Copy)]
enum Change {
    /// b − a.
    Absolute = 0,
    /// 100 × (b / a − 1).
    Percent = 1,
    /// Compound annual growth rate over c years.
    Cagr = 2,
}

fn null_f() -> Expr {
    lit(NULL).cast(DataType::Float64)
}

/// No period (the start of a value at one period), as the series frame codes periods.
fn no_period() -> Expr {
    lit(NULL).cast(DataType::Int64)
}

fn null_u() -> Expr {
    lit(NULL).cast(DataType::UInt32)
}

/// Whether an entry's `op` column is `op` (an [`AtOnePeriod`] or [`Change`] as u32).
fn op_is(op: u32) -> Expr {
    col("op").eq(lit(op))
}

/// The entries of the formulas over two series at one period: a column each.
#[derive(Default)]
struct TwoSeriesEntries<'a> {
    entry: Vec<u32>,
    a: Vec<&'a str>,
    b: Vec<&'a str>,
    op: Vec<u32>,
}

impl<'a> TwoSeriesEntries<'a> {
    fn push(&mut self, entry: u32, a: &'a str, b: &'a str, op: AtOnePeriod) {
        self.entry.push(entry);
        self.a.push(a);
        self.b.push(b);
        self.op.push(op as u32);
    }
}

/// The entries of the per-year formula: a column each.
#[derive(Default)]
struct PerYearEntries<'a> {
    entry: Vec<u32>,
    series: Vec<&'a str>,
}

/// The entries of the formulas over one series between two periods: a column each.
#[derive(Default)]
struct ChangeEntries<'a> {
    entry: Vec<u32>,
    series: Vec<&'a str>,
    op: Vec<u32>,
}

impl<'a> ChangeEntries<'a> {
    fn push(&mut self, entry: u32, series: &'a str, op: Change) {
        self.entry.push(entry);
        self.series.push(series);
        self.op.push(op as u32);
    }
}

/// The plan of every entry of `catalogue` over `series` (the series frame), unsorted; `None` for
/// an empty catalogue.
pub(super) fn catalogue_plan(series: &LazyFrame, catalogue: &[Indicator]) -> PolarsResult<Option<LazyFrame>> {
    let mut two = TwoSeriesEntries::default();
    let mut per_year = PerYearEntries::default();
    let mut change = ChangeEntries::default();
    let mut branches: Vec<LazyFrame> = Vec::new();
    for (i, ind) in catalogue.iter().enumerate() {
        let entry = i as u32;
        match &ind.formula {
            Formula::Share { part: a, whole: b } => two.push(entry, a, b, AtOnePeriod::Share),
            Formula::Ratio { num: a, den: b } => two.push(entry, a, b, AtOnePeriod::Ratio),
            Formula::Difference { a, b } => two.push(entry, a, b, AtOnePeriod::Difference),
            Formula::PerYear { series: s } => {
                per_year.entry.push(entry);
                per_year.series.push(s.as_str());
            }
            Formula::AbsoluteChange { series: s } => change.push(entry, s, Change::Absolute),
            Formula::PercentChange { series: s } => change.push(entry, s, Change::Percent),
            Formula::Cagr { series: s } => change.push(entry, s, Change::Cagr),
            Formula::PercentChangeGap { a, b } => {
                branches.push(
                    percent_change_gap(series, a, b)?.with_column(lit(entry).cast(DataType::UInt32).alias(ENTRY)),
                );
            }
        }
    }
    if !two.entry.is_empty() {
        let entries = df!(ENTRY => two.entry, "sa" => two.a, "sb" => two.b, "op" => two.op)?;
        branches.push(at_one_period(series, entries.lazy()));
    }
    if !per_year.entry.is_empty() {
        let entries = df!(ENTRY => per_year.entry, "s" => per_year.series)?;
        branches.push(
            entries
                .lazy()
                .join(
                    series.clone().filter(col("span").is_not_null()),
                    [col("s")],
                    [col("series")],
                    JoinArgs::new(JoinType::Inner),
                )
                .select([
                    col("org"),
                    no_period().alias(FROM),
                    col("period").alias(TO),
                    (col("value") / col("span")).alias(VALUE),
                    col("value").alias(A),
                    null_f().alias(B),
                    col("span").alias(C),
                    null_f().alias(D),
                    col("row").alias(RA),
                    null_u().alias(RB),
                    null_u().alias(RC),
                    null_u().alias(RD),
                    col(ENTRY),
                ]),
        );
    }
    if !change.entry.is_empty() {
        let entries = df!(ENTRY => change.entry, "s" => change.series, "op" => change.op)?;
        branches.push(changes(series, entries)?);
    }
    let columns: Vec<Expr> = COLUMNS.iter().map(|c| col(*c)).collect();
    let branches: Vec<LazyFrame> = branches.into_iter().map(|b| b.select(columns.clone())).collect();
    if branches.is_empty() {
        return Ok(None);
    }
    concat(branches, UnionArgs::default()).map(Some)
}

/// Share, ratio and difference entries ([`AtOnePeriod`]), at every period both series have.
fn at_one_period(series: &LazyFrame, entries: LazyFrame) -> LazyFrame {
    let side = |value: &str, row: &str| {
        series.clone().select([
            col("org"),
            col("series"),
            col("period"),
            col("value").alias(value),
            col("row").alias(row),
        ])
    };
    entries
        .join(
            side(A, RA),
            [col("sa")],
            [col("series")],
            JoinArgs::new(JoinType::Inner),
        )
        .join(
            side(B, RB),
            [col("org"), col("period"), col("sb")],
            [col("org"), col("period"), col("series")],
            JoinArgs::new(JoinType::Inner),
        )
        .select([
            col("org"),
            no_period().alias(FROM),
            col("period").alias(TO),
            when(op_is(AtOnePeriod::Share as u32))
                .then(lit(100.0) * col(A) / col(B))
                .when(op_is(AtOnePeriod::Ratio as u32))
                .then(col(A) / col(B))
                .otherwise(col(A) - col(B))
                .alias(VALUE),
            col(A),
            col(B),
            null_f().alias(C),
            null_f().alias(D),
            col(RA),
            col(RB),
            null_u().alias(RC),
            null_u().alias(RD),
            col(ENTRY),
        ])
}

/// Every pair of dated periods of the series in `only` (all series if `None`), for up to four of
/// them; beyond, the consecutive pairs and every pair that starts at the first or ends at the
/// last period, so that a long series gives a number of pairs that grows linearly, not
/// quadratically. Columns of the later period carry the suffix `_to`.
///
/// Built as three joins that each give one kind of pair, and no pair twice: consecutive
/// periods; from the first period to one at least two later; to the last period from one
/// that is neither the first nor next to it. Up to four periods, those are all the pairs.
/// Rather than a self-join of every period with every other, filtered, which makes n² rows a
/// series for the 3n kept.
fn pairs(series: &LazyFrame, only: Option<LazyFrame>) -> PolarsResult<LazyFrame> {
    let mut one = series.clone().filter(col("t").is_not_null()).select([
        col("org"),
        col("series"),
        col("period"),
        col("t"),
        col("value"),
        col("row"),
        col("pos"),
        col("n"),
    ]);
    if let Some(only) = only {
        one = one.join(only, [col("series")], [col("series")], JoinArgs::new(JoinType::Inner));
    }
    let later = |points: LazyFrame| {
        points.select([
            col("org"),
            col("series"),
            col("pos").alias("pos_to"),
            col("period").alias("period_to"),
            col("t").alias("t_to"),
            col("value").alias("value_to"),
            col("row").alias("row_to"),
        ])
    };
    let inner = || JoinArgs::new(JoinType::Inner);
    let columns = [
        "org",
        "series",
        "period",
        "t",
        "value",
        "row",
        "period_to",
        "t_to",
        "value_to",
        "row_to",
    ]
    .map(col);
    let consecutive = one
        .clone()
        .with_column((col("pos") + lit(1u32)).alias("pos_to"))
        .join(
            later(one.clone()),
            [col("org"), col("series"), col("pos_to")],
            [col("org"), col("series"), col("pos_to")],
            inner(),
        )
        .select(columns.clone());
    let from_first = one
        .clone()
        .filter(col("pos").eq(lit(0u32)))
        .join(
            later(one.clone()),
            [col("org"), col("series")],
            [col("org"), col("series")],
            inner(),
        )
        .filter(col("pos_to").gt_eq(lit(2u32)))
        .select(columns.clone());
    let to_last = one
        .clone()
        .filter(col("pos").gt_eq(lit(1u32)))
        .join(
            later(one.clone().filter(col("pos").eq(col("n") - lit(1u32)))),
            [col("org"), col("series")],
            [col("org"), col("series")],
            inner(),
        )
        .filter(col("pos_to").gt_eq(col("pos") + lit(2u32)))
        .select(columns);
    // Periods with the same position in time (a date and a year can share one) make no pair.
    Ok(concat([consecutive, from_first, to_last], UnionArgs::default())?.filter(col("t_to").gt(col("t"))))
}

fn percent_change() -> Expr {
    lit(100.0) * (col("value_to") / col("value") - lit(1.0))
}

/// Absolute change, percent change and CAGR entries ([`Change`]), over the pairs of periods of
/// their series.
fn changes(series: &LazyFrame, entries: DataFrame) -> PolarsResult<LazyFrame> {
    let only = entries
        .column("s")?
        .unique()?
        .with_name("series".into())
        .into_frame()
        .lazy();
    let years = col("t_to") - col("t");
    let growth = (col("value_to") / col("value")).pow(lit(1.0) / years.clone());
    Ok(entries
        .lazy()
        .join(
            pairs(series, Some(only))?,
            [col("s")],
            [col("series")],
            JoinArgs::new(JoinType::Inner),
        )
        .select([
            col("org"),
            col("period").alias(FROM),
            col("period_to").alias(TO),
            when(op_is(Change::Absolute as u32))
                .then(col("value_to") - col("value"))
                .when(op_is(Change::Percent as u32))
                .then(percent_change())
                .otherwise(lit(100.0) * (growth - lit(1.0)))
                .alias(VALUE),
            col("value").alias(A),
            col("value_to").alias(B),
            when(op_is(Change::Cagr as u32))
                .then(years)
                .otherwise(null_f())
                .alias(C),
            null_f().alias(D),
            col("row").alias(RA),
            col("row_to").alias(RB),
            null_u().alias(RC),
            null_u().alias(RD),
            col(ENTRY),
        ]))
}

/// Percent change of `a` minus percent change of `b` over every pair of periods both have.
fn percent_change_gap(series: &LazyFrame, a: &str, b: &str) -> PolarsResult<LazyFrame> {
    let side = |s: &str, tag: &str| -> PolarsResult<LazyFrame> {
        Ok(pairs(&series.clone().filter(col("series").eq(lit(s))), None)?.select([
            col("org"),
            col("period"),
            col("period_to"),
            col("value").alias(format!("from_{tag}")),
            col("value_to").alias(format!("to_{tag}")),
            percent_change().alias(format!("pct_{tag}")),
            col("row").alias(format!("row_{tag}")),
            col("row_to").alias(format!("row_to_{tag}")),
        ]))
    };
    Ok(side(a, "a")?
        .join(
            side(b, "b")?,
            [col("org"), col("period"), col("period_to")],
            [col("org"), col("period"), col("period_to")],
            JoinArgs::new(JoinType::Inner),
        )
        .select([
            col("org"),
            col("period").alias(FROM),
            col("period_to").alias(TO),
            (col("pct_a") - col("pct_b")).alias(VALUE),
            col("from_a").alias(A),
            col("to_a").alias(B),
            col("from_b").alias(C),
            col("to_b").alias(D),
            col("row_a").alias(RA),
            col("row_to_a").alias(RB),
            col("row_b").alias(RC),
            col("row_to_b").alias(RD),
        ]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Points at the times `t` of series `series` of organisation `org` (in time order,
    /// positions 0..n), their periods `base + position`; then one undated point (no `t`).
    fn points(org: u32, series: &str, base: i64, t: &[f64]) -> DataFrame {
        let n = t.len();
        let times: Vec<Option<f64>> = t.iter().copied().map(Some).chain([None]).collect();
        df!(
            "org" => vec![org; n + 1],
            "series" => vec![series; n + 1],
            "period" => (0..=n as i64).map(|p| base + p).collect::<Vec<_>>(),
            "t" => times,
            "value" => vec![1.0; n + 1],
            "row" => (0..=n as u32).collect::<Vec<_>>(),
            "pos" => (0..n as u32).map(Some).chain([None]).collect::<Vec<_>>(),
            "n" => vec![Some(n as u32); n].into_iter().chain([None]).collect::<Vec<_>>(),
        )
        .unwrap()
    }

    /// The pairs by definition: a later time, and up to four periods every such pair; beyond,
    /// consecutive ones and those from the first or to the last.
    fn by_definition(base: i64, t: &[f64]) -> BTreeSet<(i64, i64)> {
        let n = t.len();
        let mut out = BTreeSet::new();
        for a in 0..n {
            for b in a + 1..n {
                if t[b] > t[a] && (n <= 4 || b == a + 1 || a == 0 || b == n - 1) {
                    out.insert((base + a as i64, base + b as i64));
                }
            }
        }
        out
    }

    /// The pairs of `frame` (of the series `only`, if given) as (organisation, series, from, to).
    fn pairs_of(frame: &DataFrame, only: Option<&[&str]>) -> Vec<(u32, String, i64, i64)> {
        let only = only.map(|s| df!("series" => s.to_vec()).unwrap().lazy());
        let df = pairs(&frame.clone().lazy(), only).unwrap().collect().unwrap();
        let org = df.column("org").unwrap().u32().unwrap().clone();
        let series = df.column("series").unwrap().str().unwrap().clone();
        let from = df.column("period").unwrap().i64().unwrap().clone();
        let to = df.column("period_to").unwrap().i64().unwrap().clone();
        (0..df.height())
            .map(|i| {
                let s = series.get(i).unwrap().to_string();
                (org.get(i).unwrap(), s, from.get(i).unwrap(), to.get(i).unwrap())
            })
            .collect()
    }

    #[test]
    fn pairs_are_those_of_the_definition_once_each() {
        let mut cases: Vec<Vec<f64>> = (1..=9).map(|n| (0..n).map(f64::from).collect()).collect();
        // Two periods at one time (a date and a year can share one) make no pair.
        cases.push(vec![1.0, 2.0, 2.0, 3.0]);
        cases.push(vec![1.0, 1.0, 2.0, 3.0, 4.0, 5.0, 5.0]);
        // Beside each case, another organisation's series of the same id and another series of
        // the first organisation, at other times: no pair across organisations or series.
        let other: Vec<f64> = (0..7).map(|k| 0.5 + f64::from(k)).collect();
        for t in &cases {
            let mut frame = points(0, "s", 0, t);
            frame.vstack_mut(&points(1, "s", 100, &other)).unwrap();
            frame.vstack_mut(&points(0, "x", 200, &other)).unwrap();
            let expected = [
                (0, "s", by_definition(0, t)),
                (1, "s", by_definition(100, &other)),
                (0, "x", by_definition(200, &other)),
            ];
            for only in [None, Some(&["s"][..])] {
                let got = pairs_of(&frame, only);
                let unique: BTreeSet<_> = got.iter().cloned().collect();
                assert_eq!(got.len(), unique.len(), "a pair twice at {t:?}");
                let mut counted = 0;
                for (org, series, want) in &expected {
                    let of: BTreeSet<(i64, i64)> = unique
                        .iter()
                        .filter(|(o, s, ..)| o == org && s == series)
                        .map(|&(.., a, b)| (a, b))
                        .collect();
                    let asked = only.is_none_or(|o| o.contains(series));
                    let want = if asked { want.clone() } else { BTreeSet::new() };
                    assert_eq!(of, want, "{org} {series} at {t:?}, only {only:?}");
                    counted += of.len();
                }
                assert_eq!(counted, got.len(), "pairs of no series at {t:?}");
            }
        }
    }
}
