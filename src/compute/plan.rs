//! The catalogue as one polars plan over the series frame. Entries are grouped by the shape of
//! their formula, so that the plan has a branch per shape (values at one period from two series,
//! values per year, changes between two periods), each a join of the entries' table with the
//! series, rather than a branch per entry: planning cost grows with the shapes, not the entries.
//!
//! Provenance travels as the positions (`row`) of the series frame's points an indicator reads:
//! the caller looks up their groups of row references (`SeriesFrame::refs`).

use polars::prelude::*;

use crate::compute::catalogue::{Formula, Indicator};

/// Columns every branch yields, in this order: a–d are the operands the computation text shows,
/// `ra`–`rd` the positions in the series frame of the points read, one per operand group.
const COLUMNS: [&str; 13] = [
    "org", "from", "to", "value", "a", "b", "c", "d", "ra", "rb", "rc", "rd", "entry",
];

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

fn op_is(op: u32) -> Expr {
    col("op").eq(lit(op))
}

/// The plan of every entry of `catalogue` over `series` (the series frame), unsorted; `None` for
/// an empty catalogue.
pub(super) fn catalogue_plan(series: &LazyFrame, catalogue: &[Indicator]) -> PolarsResult<Option<LazyFrame>> {
    let mut two = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut per_year = (Vec::new(), Vec::new());
    let mut change = (Vec::new(), Vec::new(), Vec::new());
    let mut branches: Vec<LazyFrame> = Vec::new();
    for (i, ind) in catalogue.iter().enumerate() {
        let entry = i as u32;
        match &ind.formula {
            Formula::Share { part: a, whole: b } => push_two(&mut two, entry, a, b, 0),
            Formula::Ratio { num: a, den: b } => push_two(&mut two, entry, a, b, 1),
            Formula::Difference { a, b } => push_two(&mut two, entry, a, b, 2),
            Formula::PerYear { series: s } => {
                per_year.0.push(entry);
                per_year.1.push(s.as_str());
            }
            Formula::AbsoluteChange { series: s } => push_change(&mut change, entry, s, 0),
            Formula::PercentChange { series: s } => push_change(&mut change, entry, s, 1),
            Formula::Cagr { series: s } => push_change(&mut change, entry, s, 2),
            Formula::PercentChangeGap { a, b } => {
                branches.push(
                    percent_change_gap(series, a, b).with_column(lit(entry).cast(DataType::UInt32).alias("entry")),
                );
            }
        }
    }
    if !two.0.is_empty() {
        let entries = df!("entry" => two.0, "sa" => two.1, "sb" => two.2, "op" => two.3)?;
        branches.push(at_one_period(series, entries.lazy()));
    }
    if !per_year.0.is_empty() {
        let entries = df!("entry" => per_year.0, "s" => per_year.1)?;
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
                    no_period().alias("from"),
                    col("period").alias("to"),
                    (col("value") / col("span")).alias("value"),
                    col("value").alias("a"),
                    null_f().alias("b"),
                    col("span").alias("c"),
                    null_f().alias("d"),
                    col("row").alias("ra"),
                    null_u().alias("rb"),
                    null_u().alias("rc"),
                    null_u().alias("rd"),
                    col("entry"),
                ]),
        );
    }
    if !change.0.is_empty() {
        let entries = df!("entry" => change.0, "s" => change.1, "op" => change.2)?;
        branches.push(changes(series, entries)?);
    }
    let columns: Vec<Expr> = COLUMNS.iter().map(|c| col(*c)).collect();
    let branches: Vec<LazyFrame> = branches.into_iter().map(|b| b.select(columns.clone())).collect();
    if branches.is_empty() {
        return Ok(None);
    }
    concat(branches, UnionArgs::default()).map(Some)
}

type TwoSeries<'a> = (Vec<u32>, Vec<&'a str>, Vec<&'a str>, Vec<u32>);
type OneSeries<'a> = (Vec<u32>, Vec<&'a str>, Vec<u32>);

fn push_two<'a>(v: &mut TwoSeries<'a>, entry: u32, a: &'a str, b: &'a str, op: u32) {
    v.0.push(entry);
    v.1.push(a);
    v.2.push(b);
    v.3.push(op);
}

fn push_change<'a>(v: &mut OneSeries<'a>, entry: u32, s: &'a str, op: u32) {
    v.0.push(entry);
    v.1.push(s);
    v.2.push(op);
}

/// Share (op 0: 100 × a / b), ratio (1: a / b) and difference (2: a − b) entries, at every period
/// both series have.
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
            side("a", "ra"),
            [col("sa")],
            [col("series")],
            JoinArgs::new(JoinType::Inner),
        )
        .join(
            side("b", "rb"),
            [col("org"), col("period"), col("sb")],
            [col("org"), col("period"), col("series")],
            JoinArgs::new(JoinType::Inner),
        )
        .select([
            col("org"),
            no_period().alias("from"),
            col("period").alias("to"),
            when(op_is(0))
                .then(lit(100.0) * col("a") / col("b"))
                .when(op_is(1))
                .then(col("a") / col("b"))
                .otherwise(col("a") - col("b"))
                .alias("value"),
            col("a"),
            col("b"),
            null_f().alias("c"),
            null_f().alias("d"),
            col("ra"),
            col("rb"),
            null_u().alias("rc"),
            null_u().alias("rd"),
            col("entry"),
        ])
}

/// Every pair of dated periods of the series in `only` (all series if `None`), for up to four of
/// them; beyond, the consecutive pairs and every pair that starts at the first or ends at the
/// last period, so that a long series gives a number of pairs that grows linearly, not
/// quadratically. Columns of the later period carry the suffix `_to`.
fn pairs(series: &LazyFrame, only: Option<LazyFrame>) -> LazyFrame {
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
    let wanted = col("n")
        .lt_eq(lit(4u32))
        .or(col("pos_to").eq(col("pos") + lit(1u32)))
        .or(col("pos").eq(lit(0u32)))
        .or(col("pos_to").eq(col("n") - lit(1u32)));
    one.clone()
        .join(
            one,
            [col("org"), col("series")],
            [col("org"), col("series")],
            JoinArgs::new(JoinType::Inner).with_suffix(Some("_to".into())),
        )
        .filter(col("t_to").gt(col("t")).and(wanted))
}

fn percent_change() -> Expr {
    lit(100.0) * (col("value_to") / col("value") - lit(1.0))
}

/// Absolute change (op 0), percent change (1) and CAGR (2) entries, over the pairs of periods of
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
            pairs(series, Some(only)),
            [col("s")],
            [col("series")],
            JoinArgs::new(JoinType::Inner),
        )
        .select([
            col("org"),
            col("period").alias("from"),
            col("period_to").alias("to"),
            when(op_is(0))
                .then(col("value_to") - col("value"))
                .when(op_is(1))
                .then(percent_change())
                .otherwise(lit(100.0) * (growth - lit(1.0)))
                .alias("value"),
            col("value").alias("a"),
            col("value_to").alias("b"),
            when(op_is(2)).then(years).otherwise(null_f()).alias("c"),
            null_f().alias("d"),
            col("row").alias("ra"),
            col("row_to").alias("rb"),
            null_u().alias("rc"),
            null_u().alias("rd"),
            col("entry"),
        ]))
}

/// Percent change of `a` minus percent change of `b` over every pair of periods both have.
fn percent_change_gap(series: &LazyFrame, a: &str, b: &str) -> LazyFrame {
    let side = |s: &str, tag: &str| {
        pairs(&series.clone().filter(col("series").eq(lit(s))), None).select([
            col("org"),
            col("period"),
            col("period_to"),
            col("value").alias(format!("from_{tag}")),
            col("value_to").alias(format!("to_{tag}")),
            percent_change().alias(format!("pct_{tag}")),
            col("row").alias(format!("row_{tag}")),
            col("row_to").alias(format!("row_to_{tag}")),
        ])
    };
    side(a, "a")
        .join(
            side(b, "b"),
            [col("org"), col("period"), col("period_to")],
            [col("org"), col("period"), col("period_to")],
            JoinArgs::new(JoinType::Inner),
        )
        .select([
            col("org"),
            col("period").alias("from"),
            col("period_to").alias("to"),
            (col("pct_a") - col("pct_b")).alias("value"),
            col("from_a").alias("a"),
            col("to_a").alias("b"),
            col("from_b").alias("c"),
            col("to_b").alias("d"),
            col("row_a").alias("ra"),
            col("row_to_a").alias("rb"),
            col("row_b").alias("rc"),
            col("row_to_b").alias("rd"),
        ])
}
