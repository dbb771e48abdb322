//! Projections to 2035 for the committee's two questions (section VII.3.a): will contract staff
//! outnumber permanent staff, and will permanent researchers' average age exceed 54? Each series is
//! extrapolated from two observed points under two stated methods. An extrapolation of two dates,
//! not a forecast.

use polars::prelude::*;

use crate::compute::indicators::Computed;
use crate::error::{Error, Result};
use crate::format::plain;
use crate::load::Dataset;

pub const HORIZON: i32 = 2035;
pub const AGE_THRESHOLD: f64 = 54.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The growth rate per year between the two points, compounded.
    ConstantCagr,
    /// The change per year between the two points, added.
    LinearTrend,
}

impl Method {
    pub const ALL: [Method; 2] = [Method::ConstantCagr, Method::LinearTrend];

    pub fn id(self) -> &'static str {
        match self {
            Method::ConstantCagr => "constant_cagr",
            Method::LinearTrend => "linear_trend",
        }
    }

    /// Name for readers (legends, answers).
    pub fn label(self) -> &'static str {
        match self {
            Method::ConstantCagr => "Constant growth rate (CAGR)",
            Method::LinearTrend => "Linear trend",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Method::ConstantCagr => "v(y) = v0 × (v1 / v0)^((y − y0) / (y1 − y0))",
            Method::LinearTrend => "v(y) = v0 + (v1 − v0) × (y − y0) / (y1 − y0)",
        }
    }
}

/// Two observed points a series is extrapolated from.
#[derive(Debug, Clone, PartialEq)]
pub struct Basis {
    pub series: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub year0: i32,
    pub value0: f64,
    pub year1: i32,
    pub value1: f64,
    /// How the points were obtained, with the data rows.
    pub provenance: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProjectionRow {
    pub series: &'static str,
    pub label: &'static str,
    pub method: Method,
    /// End of this year for staff, the year itself for ages.
    pub year: i32,
    pub value: f64,
    pub unit: &'static str,
    /// True for the two points the projection starts from.
    pub observed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub question: &'static str,
    pub method: Method,
    /// First year the condition holds under this method, if by the horizon.
    pub first_year: Option<i32>,
    /// For the crossover, when the two trend lines cross, in calendar years (2028.5 = mid-2028).
    pub crossing_at: Option<f64>,
    pub values_2035: String,
    pub answer: String,
}

pub struct Projections {
    pub bases: Vec<Basis>,
    pub rows: Vec<ProjectionRow>,
    pub answers: Vec<Answer>,
}

fn point(c: &Computed, series: &str, period: &str) -> Result<(f64, String)> {
    c.series_value(series, period).ok_or_else(|| {
        Error::Other(format!(
            "projection needs {series} at {period}, which the data do not give"
        ))
    })
}

/// The two points each projected series starts from.
pub fn bases(ds: &Dataset, c: &Computed) -> Result<Vec<Basis>> {
    let mut out = Vec::new();
    for (series, label) in [
        ("staff.permanent.all", "Permanent staff"),
        ("staff.contract.all", "Contract staff"),
    ] {
        let (v0, i0) = point(c, series, "2018-12-31")?;
        let (v1, i1) = point(c, series, "2023-12-31")?;
        out.push(Basis {
            series,
            label,
            unit: "persons",
            year0: 2018,
            value0: v0,
            year1: 2023,
            value1: v1,
            provenance: format!("31 Dec 2018 ({i0}) and 31 Dec 2023 ({i1})"),
        });
    }
    for (series, label) in [
        ("age.permanent.scientists", "Average age of permanent researchers"),
        ("age.permanent.support", "Average age of permanent support staff"),
    ] {
        let change_series = series.replace("age.", "age_change.");
        let level = ds.series(series).into_iter().find(|o| o.period.to_string() == "2024");
        let change = ds
            .series(&change_series)
            .into_iter()
            .find(|o| o.period.to_string() == "2015/2024");
        let (Some(level), Some(change)) = (level, change) else {
            return Err(Error::Other(format!(
                "projection needs {series} in 2024 and {change_series} over 2015/2024"
            )));
        };
        out.push(Basis {
            series,
            label,
            unit: "years",
            year0: 2015,
            value0: level.value - change.value,
            year1: 2024,
            value1: level.value,
            provenance: format!(
                "2024 level {} ({}); 2015 level = {} − {} ({})",
                plain(level.value),
                level.row_ref(),
                plain(level.value),
                plain(change.value),
                change.row_ref()
            ),
        });
    }
    Ok(out)
}

fn method_expr(b: &Basis, m: Method) -> Expr {
    let elapsed = (col("year") - lit(f64::from(b.year0))) / lit(f64::from(b.year1 - b.year0));
    match m {
        Method::ConstantCagr => lit(b.value0) * lit(b.value1 / b.value0).pow(elapsed),
        Method::LinearTrend => lit(b.value0) + lit(b.value1 - b.value0) * elapsed,
    }
}

/// Year-by-year values from each series' first point to the horizon, under each method.
pub fn project(ds: &Dataset, c: &Computed) -> Result<Projections> {
    let bases = bases(ds, c)?;
    let mut rows = Vec::new();
    for b in &bases {
        let years: Vec<f64> = (b.year0..=HORIZON).map(f64::from).collect();
        let frame = df!("year" => years).map_err(Error::polars("the projection years"))?;
        let df = frame
            .lazy()
            .select([
                col("year"),
                method_expr(b, Method::ConstantCagr).alias("cagr"),
                method_expr(b, Method::LinearTrend).alias("linear"),
            ])
            .collect()
            .map_err(Error::polars(format!("projecting {}", b.series)))?;
        let get = |n: &str| {
            df.column(n)
                .and_then(|c| c.f64().cloned())
                .map_err(Error::polars("reading projections"))
        };
        let (year, cagr, linear) = (get("year")?, get("cagr")?, get("linear")?);
        for m in Method::ALL {
            let values = if m == Method::ConstantCagr { &cagr } else { &linear };
            for (y, v) in year.iter().zip(values.iter()) {
                let (Some(y), Some(v)) = (y, v) else { continue };
                let y = y as i32;
                // Base years between the two points are interpolations, not observations: skip them.
                if y > b.year0 && y < b.year1 {
                    continue;
                }
                rows.push(ProjectionRow {
                    series: b.series,
                    label: b.label,
                    method: m,
                    year: y,
                    value: v,
                    unit: b.unit,
                    observed: y == b.year0 || y == b.year1,
                });
            }
        }
    }
    let answers = answer(&bases, &rows);
    Ok(Projections { bases, rows, answers })
}

fn value_at(rows: &[ProjectionRow], series: &str, m: Method, year: i32) -> Option<f64> {
    rows.iter()
        .find(|r| r.series == series && r.method == m && r.year == year)
        .map(|r| r.value)
}

fn answer(bases: &[Basis], rows: &[ProjectionRow]) -> Vec<Answer> {
    let mut out = Vec::new();
    let (Some(perm), Some(contract)) = (
        bases.iter().find(|b| b.series == "staff.permanent.all"),
        bases.iter().find(|b| b.series == "staff.contract.all"),
    ) else {
        return out;
    };
    for m in Method::ALL {
        let first_year = (perm.year1 + 1..=HORIZON).find(|&y| {
            matches!((value_at(rows, contract.series, m, y), value_at(rows, perm.series, m, y)), (Some(c), Some(p)) if c >= p)
        });
        // Exact crossing time from the closed forms: years after the first base point.
        let span = f64::from(perm.year1 - perm.year0);
        let crossing = match m {
            Method::ConstantCagr => {
                let gc = (contract.value1 / contract.value0).ln() / span;
                let gp = (perm.value1 / perm.value0).ln() / span;
                (gc > gp).then(|| (perm.value0 / contract.value0).ln() / (gc - gp))
            }
            Method::LinearTrend => {
                let sc = (contract.value1 - contract.value0) / span;
                let sp = (perm.value1 - perm.value0) / span;
                (sc > sp).then(|| (perm.value0 - contract.value0) / (sc - sp))
            }
        };
        let c35 = value_at(rows, contract.series, m, HORIZON).unwrap_or(f64::NAN);
        let p35 = value_at(rows, perm.series, m, HORIZON).unwrap_or(f64::NAN);
        // Base points are year ends: the end of 2018 is calendar time 2019.0.
        let crossing_at = crossing.map(|t| f64::from(perm.year0 + 1) + t);
        out.push(Answer {
            question: "Will contract staff outnumber permanent staff by 2035?",
            method: m,
            first_year,
            crossing_at,
            values_2035: format!("contract {c35:.0}, permanent {p35:.0} at end 2035"),
            answer: match first_year {
                Some(y) => format!("Yes: the trend lines cross at calendar year {:.1}, so contract staff outnumber permanent staff from the end of {y}; at end 2035, {c35:.0} contract against {p35:.0} permanent.", crossing_at.unwrap_or(f64::NAN)),
                None => format!("No: at end 2035, {c35:.0} contract against {p35:.0} permanent."),
            },
        });
    }
    if let Some(age) = bases.iter().find(|b| b.series == "age.permanent.scientists") {
        for m in Method::ALL {
            let first_year = (age.year1 + 1..=HORIZON)
                .find(|&y| value_at(rows, age.series, m, y).is_some_and(|v| v > AGE_THRESHOLD));
            let a35 = value_at(rows, age.series, m, HORIZON).unwrap_or(f64::NAN);
            out.push(Answer {
                question: "Will permanent researchers' average age exceed 54 by 2035?",
                method: m,
                first_year,
                crossing_at: None,
                values_2035: format!("{a35:.1} years in 2035"),
                answer: match first_year {
                    Some(y) => format!("Yes: above 54 from {y}; {a35:.1} years in 2035."),
                    None => format!("No: {a35:.1} years in 2035."),
                },
            });
        }
    }
    out
}
