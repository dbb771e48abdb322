//! Projections: each series of the report definition extrapolated from two observed points to the
//! horizon under each stated method, and the yes/no questions they answer (does a series exceed a
//! threshold, or another series, by the horizon, and from when?). An extrapolation of two points,
//! not a forecast.

mod questions;

use crate::compute::NotComputed;
use crate::compute::indicators::{Computed, Point};
use crate::error::Result;
use crate::format::plain;
use crate::load::Dataset;
use crate::load::definition::{MethodCode, ProjectedSeriesDef};
use crate::load::rowref::Inputs;
use crate::load::vocab::Unit;
use crate::period::{Period, PeriodRule};

/// A way of extending the trend between two observed points to the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The growth rate per year between the two points, compounded.
    ConstantCagr,
    /// The change per year between the two points, added.
    LinearTrend,
}

impl Method {
    /// Both methods, constant growth rate first.
    pub const ALL: [Method; 2] = [Method::ConstantCagr, Method::LinearTrend];

    /// The method a `report.toml` method code names.
    pub fn of(code: MethodCode) -> Method {
        match code {
            MethodCode::ConstantCagr => Method::ConstantCagr,
            MethodCode::LinearTrend => Method::LinearTrend,
        }
    }

    /// The code used in `report.toml` and in the tables' columns (`constant_cagr`, `linear_trend`).
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

    /// The method's formula, for readers: v0 and v1 are the observed values at years y0 and y1.
    pub fn describe(self) -> &'static str {
        match self {
            Method::ConstantCagr => "v(y) = v0 × (v1 / v0)^((y − y0) / (y1 − y0))",
            Method::LinearTrend => "v(y) = v0 + (v1 − v0) × (y − y0) / (y1 − y0)",
        }
    }

    /// The value at calendar time `t` of the line through (t0, v0) and (t1, v1).
    fn value_at(self, b: &Basis, t: f64) -> f64 {
        let elapsed = (t - b.t0) / (b.t1 - b.t0);
        match self {
            Method::ConstantCagr => b.value0 * (b.value1 / b.value0).powf(elapsed),
            Method::LinearTrend => b.value0 + (b.value1 - b.value0) * elapsed,
        }
    }
}

/// Two observed points a series is extrapolated from.
#[derive(Debug, Clone, PartialEq)]
pub struct Basis {
    /// Series id.
    pub series: String,
    /// Readable name of the series, from the report definition's labels.
    pub label: String,
    /// Unit of the series (e.g. `persons`, `years`).
    pub unit: Unit,
    /// The periods of the two points; `year0`/`year1` are the years they end in.
    pub from: Period,
    /// Period of the later point.
    pub to: Period,
    /// Year the first point's period ends in.
    pub year0: i32,
    /// Value at the first point, in `unit`.
    pub value0: f64,
    /// Year the later point's period ends in.
    pub year1: i32,
    /// Value at the later point, in `unit`.
    pub value1: f64,
    /// Calendar times of the two points (31 Dec 2018 is 2019.0; the year 2024 is 2024.5).
    pub t0: f64,
    /// Calendar time of the later point.
    pub t1: f64,
    /// How the points were obtained, with the data rows.
    pub provenance: String,
    /// The data rows the two points come from, one group per operand.
    pub inputs: Inputs,
    /// Whether the first and the later point rest on a row whose period is inferred.
    pub inferred: [bool; 2],
}

impl Basis {
    /// Calendar time of the projected value for `year` (a year end for dates, mid-year for years).
    pub fn time_of(&self, year: i32) -> f64 {
        self.t1 + f64::from(year - self.year1)
    }
}

/// One value of a projected series in one year under one method.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectionRow {
    /// Series id.
    pub series: String,
    /// Readable name of the series.
    pub label: String,
    /// Method the value was projected with.
    pub method: Method,
    /// The year the value is for: its end for series of dates, the year itself for yearly ones.
    pub year: i32,
    /// The projected value, in `unit` (at the two observed years, the observed value).
    pub value: f64,
    /// Unit of the series.
    pub unit: Unit,
    /// True for the two points the projection starts from.
    pub observed: bool,
}

/// The answer to one question of the report definition under one method.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The question as asked, `{horizon}` filled in.
    pub question: String,
    /// Method the answer is drawn from.
    pub method: Method,
    /// First year the condition holds under this method, if by the horizon.
    pub first_year: Option<i32>,
    /// For a comparison of two series, when their lines cross, in calendar years (2028.5 = mid-2028).
    pub crossing_at: Option<f64>,
    /// The projected values at the horizon, as a phrase for the answer's text.
    pub values_at_horizon: String,
    /// The answer for readers: "Yes: …" or "No: …", with the values behind it.
    pub answer: String,
}

/// Every projection of the report definition: the bases, the yearly values and the answers.
#[derive(Debug, Clone, Default)]
pub struct Projections {
    /// Last year projected (`[projections]`'s `horizon` in `report.toml`).
    pub horizon: i32,
    /// Methods used, in the definition's order.
    pub methods: Vec<Method>,
    /// Introduction text from the definition, `{horizon}` filled in.
    pub introduction: String,
    /// The two points of each series that could be projected, in the definition's order.
    pub bases: Vec<Basis>,
    /// Values of every projected series per method and year (the years between its two points skipped).
    pub rows: Vec<ProjectionRow>,
    /// Answers to the definition's questions, one per question and method.
    pub answers: Vec<Answer>,
}

impl Projections {
    /// The projected value of a series in a year under a method.
    pub fn value_at(&self, series: &str, m: Method, year: i32) -> Option<f64> {
        self.rows
            .iter()
            .find(|r| r.series == series && r.method == m && r.year == year)
            .map(|r| r.value)
    }
}

/// The first of a basis's two points, and how it was obtained.
struct Start {
    /// Its period.
    from: Period,
    /// Its value, in the series' unit.
    value: f64,
    /// How both points were obtained, with the data rows.
    provenance: String,
    /// The data rows both points come from.
    inputs: Inputs,
    /// Whether it rests on a row whose period is inferred.
    inferred: bool,
}

/// The two points of one projected series, or why there are none.
fn basis(
    ds: &Dataset,
    c: &Computed,
    def: &ProjectedSeriesDef,
    methods: &[Method],
) -> std::result::Result<Basis, String> {
    let series = def.series.as_str();
    let label = ds.series_label(series);
    let level = point_by_rule(ds, c, series, &def.to)?;
    let to = level.period;
    // A series with a value has a unit: its rows', or its first term's.
    let unit = c.series_unit(series).ok_or_else(|| format!("{series} has no unit"))?;
    let start = match &def.change {
        None => observed_start(ds, c, def, level)?,
        Some(change_series) => start_from_change(ds, c, series, change_series, level)?,
    };
    let from = start.from;
    let (t0, t1) = times(series, from, to)?;
    if methods.contains(&Method::ConstantCagr) && (start.value <= 0.0 || level.value <= 0.0) {
        return Err(format!("{series}: a constant growth rate needs positive values"));
    }
    Ok(Basis {
        series: series.to_string(),
        label,
        unit,
        from,
        to,
        year0: from.end_year(),
        value0: start.value,
        year1: to.end_year(),
        value1: level.value,
        t0,
        t1,
        provenance: start.provenance,
        inputs: start.inputs,
        inferred: [start.inferred, ds.inferred(&level.inputs)],
    })
}

/// The point of `series` at the period `rule` gives, or why there is none.
fn point_by_rule<'c>(
    ds: &Dataset,
    c: &'c Computed,
    series: &str,
    rule: &PeriodRule,
) -> std::result::Result<&'c Point, String> {
    let at = rule
        .resolve(&[c.periods(series)])
        .ok_or_else(|| ds.no_value(series, &rule.for_readers()))?;
    c.point(series, &at)
        .ok_or_else(|| format!("{series} has no value at {at}"))
}

/// The first point as observed, at the period the definition's `from` rule gives, which must be
/// before the later point's, `level`.
fn observed_start(
    ds: &Dataset,
    c: &Computed,
    def: &ProjectedSeriesDef,
    level: &Point,
) -> std::result::Result<Start, String> {
    let series = def.series.as_str();
    let to = level.period;
    let start = point_by_rule(ds, c, series, &def.from)?;
    let from = start.period;
    if from.order_key() >= to.order_key() {
        return Err(format!("{series} has one period only ({to}): two are needed"));
    }
    Ok(Start {
        from,
        value: start.value,
        provenance: format!(
            "{} ({}) and {} ({})",
            from.label(),
            start.inputs,
            to.label(),
            level.inputs
        ),
        inputs: start.inputs.clone().and(&level.inputs),
        inferred: ds.inferred(&start.inputs),
    })
}

/// The first point as the later point, `level`, less its change over the range of years that
/// ends in its year (`change_series`), at the same day of the range's first year.
fn start_from_change(
    ds: &Dataset,
    c: &Computed,
    series: &str,
    change_series: &str,
    level: &Point,
) -> std::result::Result<Start, String> {
    let to = level.period;
    let change = c
        .points(change_series)
        .iter()
        .rfind(|p| matches!(p.period, Period::Range(_, b) if b == to.end_year()))
        .ok_or_else(|| format!("{change_series} has no range of years ending in {}", to.end_year()))?;
    let Period::Range(start_year, _) = change.period else {
        return Err(format!("{change_series} has no range of years"));
    };
    let from = match to {
        Period::Range(..) => return Err(format!("{series} at {to} is not a year or a date")),
        _ => to.same_day_in(start_year),
    };
    Ok(Start {
        from,
        value: level.value - change.value,
        provenance: format!(
            "{} level {} ({}); {} level = {} − {} ({})",
            to.label(),
            plain(level.value),
            level.inputs,
            from.label(),
            plain(level.value),
            plain(change.value),
            change.inputs
        ),
        inputs: level.inputs.clone().and(&change.inputs),
        // The first point is the level less the change: it reads both.
        inferred: ds.inferred(&level.inputs) || ds.inferred(&change.inputs),
    })
}

/// The calendar times of the two points, which must give a trend: neither a range of years,
/// the later one strictly after the first.
fn times(series: &str, from: Period, to: Period) -> std::result::Result<(f64, f64), String> {
    let (Some(t0), Some(t1)) = (from.time(), to.time()) else {
        return Err(format!("{series}: ranges of years cannot be projected"));
    };
    if t1 == t0 {
        return Err(format!(
            "{series}: its two points ({from} and {to}) are at the same time, so they give no trend"
        ));
    }
    if t1 < t0 {
        return Err(format!(
            "{series}: {to} is before {from} in time (a year counts at its middle), so they give no trend"
        ));
    }
    Ok((t0, t1))
}

/// Year-by-year values from the first point to the horizon under each method; the years between
/// the two points are interpolations, not observations, and are skipped. Plain arithmetic: a few
/// dozen values do not need a query engine.
fn project_rows(b: &Basis, methods: &[Method], horizon: i32) -> Vec<ProjectionRow> {
    let years: Vec<i32> = (b.year0..=horizon.max(b.year1))
        .filter(|y| *y <= b.year0 || *y >= b.year1)
        .collect();
    let mut rows = Vec::with_capacity(years.len() * methods.len());
    for m in methods {
        for &y in &years {
            let value = m.value_at(b, b.time_of(y));
            if !value.is_finite() {
                continue;
            }
            rows.push(ProjectionRow {
                series: b.series.clone(),
                label: b.label.clone(),
                method: *m,
                year: y,
                value,
                unit: b.unit,
                observed: y == b.year0 || y == b.year1,
            });
        }
    }
    rows
}

/// Projects every series the definition lists; what cannot be projected is listed, not an error.
pub fn project(ds: &Dataset, c: &Computed, missing: &mut Vec<NotComputed>) -> Result<Projections> {
    let Some(def) = &ds.definition.projections else {
        return Ok(Projections::default());
    };
    let methods: Vec<Method> = def.methods.iter().map(|m| Method::of(*m)).collect();
    let mut out = Projections {
        horizon: def.horizon,
        methods: methods.clone(),
        introduction: def.introduction.replace("{horizon}", &def.horizon.to_string()),
        ..Projections::default()
    };
    for s in &def.series {
        match basis(ds, c, s, &methods) {
            Ok(b) => {
                out.rows.extend(project_rows(&b, &methods, def.horizon));
                out.bases.push(b);
            }
            Err(reason) => missing.push(NotComputed {
                item: format!("projection of {}", s.series),
                reason,
            }),
        }
    }
    for q in &def.questions {
        match questions::answer(def, &out, q) {
            Ok(a) => out.answers.extend(a),
            Err(reason) => missing.push(NotComputed {
                item: format!(
                    "question \"{}\"",
                    q.question.replace("{horizon}", &def.horizon.to_string())
                ),
                reason,
            }),
        }
    }
    Ok(out)
}
