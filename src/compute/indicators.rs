//! Indicators stage: evaluates the catalogue over the observations with polars lazy frames.

use polars::prelude::*;

use crate::compute::catalogue::{DERIVED_SERIES, DerivedSeries, Formula, Indicator, catalogue};
use crate::error::{Error, Result};
use crate::format::plain;
use crate::load::Dataset;

/// One computed value of one catalogue indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRow {
    /// Position of the indicator in the catalogue.
    pub entry: usize,
    pub indicator: &'static str,
    pub label: &'static str,
    pub domain: &'static str,
    pub subject: String,
    /// Start period for changes; empty for values at one period.
    pub from: String,
    pub to: String,
    pub value: f64,
    pub unit: &'static str,
    pub formula: String,
    /// The formula with the numbers it used.
    pub computation: String,
    /// Data rows used, as `file:line`.
    pub inputs: String,
}

/// The observations (data rows and derived series) as a frame, and the indicators computed on it.
pub struct Computed {
    /// Columns: series, period, t, span, value, inputs; sorted by series then period.
    pub series: DataFrame,
    pub rows: Vec<IndicatorRow>,
    /// Unit of every series id, data and derived.
    pub units: Vec<(String, String)>,
}

impl Computed {
    pub fn find(&self, indicator: &str, subject: &str, from: &str, to: &str) -> Option<&IndicatorRow> {
        self.rows
            .iter()
            .find(|r| r.indicator == indicator && r.subject == subject && r.from == from && r.to == to)
    }

    /// Value of a series (data or derived) at a period written as in the data.
    pub fn series_value(&self, series: &str, period: &str) -> Option<(f64, String)> {
        let df = self
            .series
            .clone()
            .lazy()
            .filter(col("series").eq(lit(series)).and(col("period").eq(lit(period))))
            .collect()
            .ok()?;
        let v = df.column("value").ok()?.f64().ok()?.get(0)?;
        let i = tidy_inputs(df.column("inputs").ok()?.str().ok()?.get(0)?);
        Some((v, i))
    }

    /// Unit of a series, from its data rows (derived series share their terms' unit).
    pub fn series_unit(&self, series: &str) -> String {
        self.units
            .iter()
            .find(|(s, _)| s == series)
            .map(|(_, u)| u.clone())
            .unwrap_or_default()
    }

    /// Every (period, value) of a series, in period order.
    pub fn series_points(&self, series: &str) -> Vec<(String, f64)> {
        let Ok(df) = self
            .series
            .clone()
            .lazy()
            .filter(col("series").eq(lit(series)))
            .collect()
        else {
            return Vec::new();
        };
        let (Ok(p), Ok(v)) = (
            df.column("period").and_then(|c| c.str().cloned()),
            df.column("value").and_then(|c| c.f64().cloned()),
        ) else {
            return Vec::new();
        };
        p.iter()
            .zip(v.iter())
            .filter_map(|(p, v)| Some((p?.to_string(), v?)))
            .collect()
    }
}

/// Orders the row references inside each group of an `inputs` text by file and line number
/// (`workforce.csv:9` before `workforce.csv:10`); groups, separated by "; ", keep their order.
pub fn tidy_inputs(inputs: &str) -> String {
    let key = |r: &str| {
        let (file, line) = r.rsplit_once(':').unwrap_or((r, ""));
        (file.to_string(), line.parse::<u64>().unwrap_or(0))
    };
    inputs
        .split("; ")
        .map(|group| {
            let mut refs: Vec<&str> = group.split(", ").collect();
            refs.sort_by_key(|r| key(r));
            refs.join(", ")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Long frame of the loaded observations.
pub fn observation_frame(ds: &Dataset) -> Result<DataFrame> {
    let o = &ds.observations;
    let series: Vec<&str> = o.iter().map(|o| o.series.as_str()).collect();
    let period: Vec<String> = o.iter().map(|o| o.period.to_string()).collect();
    let t: Vec<Option<f64>> = o.iter().map(|o| o.period.time()).collect();
    let span: Vec<Option<f64>> = o
        .iter()
        .map(|o| match o.period {
            crate::period::Period::Range(..) => o.period.span_years(),
            _ => None,
        })
        .collect();
    let value: Vec<f64> = o.iter().map(|o| o.value).collect();
    let inputs: Vec<String> = o.iter().map(|o| o.row_ref()).collect();
    df!("series" => series, "period" => period, "t" => t, "span" => span, "value" => value, "inputs" => inputs)
        .map_err(Error::polars("the observation frame"))
}

fn of_series(frame: &LazyFrame, series: &str) -> LazyFrame {
    frame.clone().filter(col("series").eq(lit(series)))
}

/// Adds one derived series: the signed sum of its terms at every period where all terms exist
/// and the series has no value of its own.
fn add_derived(frame: LazyFrame, d: &DerivedSeries) -> PolarsResult<LazyFrame> {
    let terms: Vec<LazyFrame> = d
        .terms
        .iter()
        .map(|(sign, s)| of_series(&frame, s).with_column((col("value") * lit(*sign)).alias("value")))
        .collect();
    let own = of_series(&frame, d.id).select([col("period"), lit(true).alias("own")]);
    let sums = concat(terms, UnionArgs::default())?
        .group_by([col("period")])
        .agg([
            col("value").sum(),
            col("t").first(),
            col("span").first(),
            col("inputs").sort(SortOptions::default()).str().join(", ", true),
            len().alias("n"),
        ])
        .filter(col("n").eq(lit(d.terms.len() as u32)))
        .join(own, [col("period")], [col("period")], JoinArgs::new(JoinType::Left))
        .filter(col("own").is_null())
        .select([
            lit(d.id).alias("series"),
            col("period"),
            col("t"),
            col("span"),
            col("value"),
            col("inputs"),
        ]);
    concat([frame, sums], UnionArgs::default())
}

/// Observations plus every derived series, sorted by series and period.
pub fn series_frame(ds: &Dataset) -> Result<DataFrame> {
    let mut frame = observation_frame(ds)?.lazy();
    for d in DERIVED_SERIES {
        // Collect after each so that later series can use earlier ones without re-planning them.
        frame = add_derived(frame, d)
            .and_then(LazyFrame::collect)
            .map_err(Error::polars(format!("derived series {}", d.id)))?
            .lazy();
    }
    frame
        .sort(["series", "period"], SortMultipleOptions::default())
        .collect()
        .map_err(Error::polars("the series frame"))
}

/// Frame of (from, to, value, a, b, c, d, inputs) for one formula; a–d are the operands shown in
/// the computation text.
fn formula_frame(series: &LazyFrame, formula: &Formula) -> LazyFrame {
    let null_f = || lit(NULL).cast(DataType::Float64);
    let null_s = || lit(NULL).cast(DataType::String);
    let at_one_period = |num: &str, den: &str, scale: f64| {
        let n =
            of_series(series, num).select([col("period"), col("value").alias("a"), col("inputs").alias("inputs_a")]);
        let d =
            of_series(series, den).select([col("period"), col("value").alias("b"), col("inputs").alias("inputs_b")]);
        n.join(d, [col("period")], [col("period")], JoinArgs::new(JoinType::Inner))
            .select([
                null_s().alias("from"),
                col("period").alias("to"),
                (lit(scale) * col("a") / col("b")).alias("value"),
                col("a"),
                col("b"),
                null_f().alias("c"),
                null_f().alias("d"),
                concat_str([col("inputs_a"), col("inputs_b")], "; ", true).alias("inputs"),
            ])
    };
    let pairs = |s: &str| {
        let one = of_series(series, s).filter(col("t").is_not_null()).select([
            col("period"),
            col("t"),
            col("value"),
            col("inputs"),
            lit(1).alias("k"),
        ]);
        one.clone()
            .join(
                one,
                [col("k")],
                [col("k")],
                JoinArgs::new(JoinType::Inner).with_suffix(Some("_to".into())),
            )
            .filter(col("t_to").gt(col("t")))
    };
    let change = |s: &str, value: Expr, c: Expr| {
        pairs(s).select([
            col("period").alias("from"),
            col("period_to").alias("to"),
            value.alias("value"),
            col("value").alias("a"),
            col("value_to").alias("b"),
            c.alias("c"),
            null_f().alias("d"),
            concat_str([col("inputs"), col("inputs_to")], "; ", true).alias("inputs"),
        ])
    };
    let percent_change = || lit(100.0) * (col("value_to") / col("value") - lit(1.0));
    match formula {
        Formula::Share { part, whole } => at_one_period(part, whole, 100.0),
        Formula::Ratio { num, den } => at_one_period(num, den, 1.0),
        Formula::PerYear { series: s } => of_series(series, s).filter(col("span").is_not_null()).select([
            null_s().alias("from"),
            col("period").alias("to"),
            (col("value") / col("span")).alias("value"),
            col("value").alias("a"),
            null_f().alias("b"),
            col("span").alias("c"),
            null_f().alias("d"),
            col("inputs"),
        ]),
        Formula::AbsoluteChange { series: s } => change(s, col("value_to") - col("value"), null_f()),
        Formula::PercentChange { series: s } => change(s, percent_change(), null_f()),
        Formula::Cagr { series: s } => {
            let years = col("t_to") - col("t");
            let growth = (col("value_to") / col("value")).pow(lit(1.0) / years.clone());
            change(s, lit(100.0) * (growth - lit(1.0)), years)
        }
        Formula::PercentChangeGap { a, b } => {
            let side = |s: &str, tag: &str| {
                pairs(s).select([
                    col("period"),
                    col("period_to"),
                    col("value").alias(format!("from_{tag}")),
                    col("value_to").alias(format!("to_{tag}")),
                    percent_change().alias(format!("pct_{tag}")),
                    concat_str([col("inputs"), col("inputs_to")], "; ", true).alias(format!("inputs_{tag}")),
                ])
            };
            side(a, "a")
                .join(
                    side(b, "b"),
                    [col("period"), col("period_to")],
                    [col("period"), col("period_to")],
                    JoinArgs::new(JoinType::Inner),
                )
                .select([
                    col("period").alias("from"),
                    col("period_to").alias("to"),
                    (col("pct_a") - col("pct_b")).alias("value"),
                    col("from_a").alias("a"),
                    col("to_a").alias("b"),
                    col("from_b").alias("c"),
                    col("to_b").alias("d"),
                    concat_str([col("inputs_a"), col("inputs_b")], "; ", true).alias("inputs"),
                ])
        }
    }
}

fn computation_text(formula: &Formula, a: f64, b: Option<f64>, c: Option<f64>, d: Option<f64>) -> String {
    let p = |v: Option<f64>| v.map(plain).unwrap_or_default();
    let (a, b, c, d) = (plain(a), p(b), p(c), p(d));
    match formula {
        Formula::Share { .. } => format!("100 × {a} / {b}"),
        Formula::Ratio { .. } => format!("{a} / {b}"),
        Formula::PerYear { .. } => format!("{a} / {c}"),
        Formula::AbsoluteChange { .. } => format!("{b} − {a}"),
        Formula::PercentChange { .. } => format!("100 × ({b} / {a} − 1)"),
        Formula::Cagr { .. } => format!("100 × (({b} / {a})^(1 / {c}) − 1)"),
        Formula::PercentChangeGap { .. } => format!("100 × ({b} / {a} − 1) − 100 × ({d} / {c} − 1)"),
    }
}

fn rows_of(entry: usize, ind: &Indicator, df: &DataFrame) -> Result<Vec<IndicatorRow>> {
    let err = Error::polars(format!("reading indicator {} of {}", ind.id, ind.formula.subject()));
    let get_s = |n: &str| df.column(n).and_then(|c| c.str().cloned());
    let get_f = |n: &str| df.column(n).and_then(|c| c.f64().cloned());
    let (from, to, inputs) = match (get_s("from"), get_s("to"), get_s("inputs")) {
        (Ok(a), Ok(b), Ok(c)) => (a, b, c),
        (Err(e), ..) | (_, Err(e), _) | (.., Err(e)) => return Err(err(e)),
    };
    let fs: Vec<Float64Chunked> = ["value", "a", "b", "c", "d"]
        .iter()
        .map(|n| get_f(n))
        .collect::<PolarsResult<_>>()
        .map_err(err)?;
    let mut rows = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let (Some(value), Some(a)) = (fs[0].get(i), fs[1].get(i)) else {
            continue;
        };
        rows.push(IndicatorRow {
            entry,
            indicator: ind.id,
            label: ind.label,
            domain: ind.domain,
            subject: ind.formula.subject(),
            from: from.get(i).unwrap_or_default().to_string(),
            to: to.get(i).unwrap_or_default().to_string(),
            value,
            unit: ind.unit,
            formula: ind.formula.describe(),
            computation: computation_text(&ind.formula, a, fs[2].get(i), fs[3].get(i), fs[4].get(i)),
            inputs: tidy_inputs(inputs.get(i).unwrap_or_default()),
        });
    }
    Ok(rows)
}

/// Computes every indicator of the catalogue. Rows come in catalogue order, then by subject and
/// periods, so the output is the same on every run.
pub fn compute(ds: &Dataset) -> Result<Computed> {
    let series = series_frame(ds)?;
    let lazy = series.clone().lazy();
    let mut rows = Vec::new();
    for (entry, ind) in catalogue().iter().enumerate() {
        let df = formula_frame(&lazy, &ind.formula)
            .sort(["from", "to"], SortMultipleOptions::default().with_nulls_last(false))
            .collect()
            .map_err(Error::polars(format!(
                "indicator {} of {}",
                ind.id,
                ind.formula.subject()
            )))?;
        rows.extend(rows_of(entry, ind, &df)?);
    }
    let mut units: Vec<(String, String)> = Vec::new();
    for o in &ds.observations {
        if !units.iter().any(|(s, _)| *s == o.series) {
            units.push((o.series.clone(), o.unit.to_string()));
        }
    }
    for d in DERIVED_SERIES {
        if let Some(u) = d
            .terms
            .first()
            .and_then(|(_, t)| units.iter().find(|(s, _)| s == t))
            .map(|(_, u)| u.clone())
        {
            units.push((d.id.to_string(), u));
        }
    }
    Ok(Computed { series, rows, units })
}
