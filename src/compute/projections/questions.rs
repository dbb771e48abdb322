//! The questions a projection answers: whether a series exceeds a threshold, or another series,
//! by the horizon, and from when; each answer in words.

use super::{Answer, Basis, Method, Projections};
use crate::format::plain;
use crate::load::definition::{ProjectionsDef, QuestionDef};
use crate::load::vocab::Unit;

/// A projected value as the answers give it: a two-point extrapolation supports two significant
/// figures of a count ("about 8,100") and three of anything else ("about 54.3").
fn fmt_value(v: f64, unit: Unit) -> String {
    let digits = if unit.is_count() { 2 } else { 3 };
    format!("about {}", crate::format::significant(v, digits))
}

/// The answers to one question, one per method.
pub(super) fn answer(
    def: &ProjectionsDef,
    p: &Projections,
    q: &QuestionDef,
) -> std::result::Result<Vec<Answer>, String> {
    let h = def.horizon;
    let question = q.question.replace("{horizon}", &h.to_string());
    let basis_of = |s: &str| {
        p.bases
            .iter()
            .find(|b| b.series == s)
            .ok_or_else(|| format!("{s} could not be projected"))
    };
    let a = basis_of(&q.series)?;
    let mut out = Vec::new();
    match (&q.other_series, q.threshold) {
        (Some(other), None) => {
            let b = basis_of(other)?;
            let start = a.year1.max(b.year1);
            for m in &p.methods {
                let m = *m;
                let first_year = (start + 1..=h).find(|&y| {
                    matches!((p.value_at(&a.series, m, y), p.value_at(&b.series, m, y)), (Some(x), Some(z)) if x > z)
                });
                let crossing_at = crossing(m, a, b, h);
                let (va, vb) = (at_horizon(p, a, m, h)?, at_horizon(p, b, m, h)?);
                let (la, lb) = (a.label.to_lowercase(), b.label.to_lowercase());
                let at_h = format!(
                    "in {h}, {} {la} against {} {lb}",
                    fmt_value(va, a.unit),
                    fmt_value(vb, b.unit)
                );
                out.push(Answer {
                    question: question.clone(),
                    method: m,
                    first_year,
                    crossing_at,
                    values_at_horizon: at_h.clone(),
                    answer: match (first_year, crossing_at) {
                        (Some(y), Some(t)) => format!(
                            "Yes: the trend lines cross during {}, so {la} exceed {lb} from {y}; {at_h}.",
                            t.floor()
                        ),
                        (Some(y), None) => format!("Yes: {la} exceed {lb} from {y}; {at_h}."),
                        (None, _) => format!("No: {at_h}."),
                    },
                });
            }
        }
        (None, Some(threshold)) => {
            for m in &p.methods {
                let m = *m;
                let first_year =
                    (a.year1 + 1..=h).find(|&y| p.value_at(&a.series, m, y).is_some_and(|v| v > threshold));
                let v = at_horizon(p, a, m, h)?;
                let at_h = format!("{} {} in {h}", fmt_value(v, a.unit), a.unit);
                out.push(Answer {
                    question: question.clone(),
                    method: m,
                    first_year,
                    crossing_at: None,
                    values_at_horizon: at_h.clone(),
                    answer: match first_year {
                        Some(y) => format!("Yes: above {} from {y}; {at_h}.", plain(threshold)),
                        None => format!("No: {at_h}."),
                    },
                });
            }
        }
        _ => return Err("a question gives either a threshold or another series, not both".into()),
    }
    Ok(out)
}

/// The value `m` projects for `basis`'s series at the horizon `h`; none if `h` is not after the
/// points the projection starts from.
fn at_horizon(p: &Projections, basis: &Basis, m: Method, h: i32) -> Result<f64, String> {
    if h <= basis.year1 {
        return Err(format!(
            "{} has no projected value in {h}: the horizon is not after its observed points ({} and {})",
            basis.series, basis.from, basis.to
        ));
    }
    p.value_at(&basis.series, m, h).ok_or_else(|| {
        format!(
            "{}: the {} from {} and {} gives no finite value in {h}",
            basis.series,
            m.label().to_lowercase(),
            basis.from,
            basis.to
        )
    })
}

/// When the line of `a` overtakes that of `b` under `m`, in calendar time, after the later of
/// their last observed points and by the end of the horizon year: found by bisection on the sign
/// change. None if `a` is already above `b` at that point: the projection starts with it ahead.
fn crossing(m: Method, a: &Basis, b: &Basis, horizon: i32) -> Option<f64> {
    let diff = |t: f64| m.value_at(a, t) - m.value_at(b, t);
    let (mut lo, mut hi) = (a.t1.max(b.t1), f64::from(horizon) + 1.0);
    if !(diff(lo) < 0.0 && diff(hi) >= 0.0) {
        return None;
    }
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if diff(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(0.5 * (lo + hi))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::rowref::Inputs;
    use crate::period::Period;

    fn basis(v0: f64, v1: f64) -> Basis {
        Basis {
            series: String::new(),
            label: String::new(),
            unit: Unit::Persons,
            from: Period::Year(2018),
            to: Period::Year(2023),
            year0: 2018,
            value0: v0,
            year1: 2023,
            value1: v1,
            t0: 2019.0,
            t1: 2024.0,
            provenance: String::new(),
            inputs: Inputs::default(),
            inferred: [false; 2],
        }
    }

    /// Lines that crossed between the observed points do not cross in the projection: the first
    /// series starts ahead. Lines that meet after the last point cross where they meet.
    #[test]
    fn a_crossing_is_looked_for_after_the_observed_points() {
        // 100 → 300 against 200 → 250: the lines met in 2021, before the last point.
        let (a, b) = (basis(100.0, 300.0), basis(200.0, 250.0));
        assert_eq!(crossing(Method::LinearTrend, &a, &b, 2035), None);
        // 100 → 200 against 400 → 300: +20 and −20 a year from 200 and 300 at 2024.0, so they
        // meet 2.5 years later, at 2026.5.
        let (a, b) = (basis(100.0, 200.0), basis(400.0, 300.0));
        let t = crossing(Method::LinearTrend, &a, &b, 2035).unwrap();
        assert!((t - 2026.5).abs() < 1e-9, "{t}");
    }
}
