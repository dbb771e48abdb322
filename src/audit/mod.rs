//! Audit stage: recomputes every figure the documents state (claims.csv) with interval arithmetic
//! that takes the rounding of inputs and of the stated figure into account, and reports where two
//! passages give different values for the same quantity.

pub mod coverage;
mod dating;
pub mod interval;
mod row;

pub use row::{AuditRow, Kind, Verdict, verdict_counts};

use crate::audit::dating::{capitalised, claim_dating, observation_dating, rows_dating};
use crate::audit::interval::{FigureKind, Interval};
use crate::compute::NotComputed;
use crate::compute::catalogue::{CHANGE_INDICATORS, DERIVED_SERIES, Formula};
use crate::compute::indicators::Computed;
use crate::load::rowref::{Inputs, RowRef};
use crate::load::vocab::ValueUnit;
use crate::load::{CLAIMS_FILE, Claim, Dataset, claim_factor};
use crate::period::{Period, years_between};

/// The range a data value (or a derived series built from data values) can take at a period.
pub fn series_range(ds: &Dataset, series: &str, period: &Period) -> Option<Interval> {
    if let Some(o) = ds.get(series, period) {
        return Some(Interval::of_figure(
            o.value,
            o.decimals,
            FigureKind::of_unit(o.unit),
            o.qualifier,
        ));
    }
    let d = DERIVED_SERIES.iter().find(|d| d.id == series)?;
    let mut acc = Interval::point(0.0);
    for (sign, term) in d.terms {
        let r = series_range(ds, term, period)?.scale(*sign);
        acc = acc + r;
    }
    Some(acc)
}

/// The range an indicator can take given its inputs' ranges.
pub fn formula_range(ds: &Dataset, formula: &Formula, from: Option<&Period>, to: &Period) -> Option<Interval> {
    let at = |s: &str, p: &Period| series_range(ds, s, p);
    match formula {
        Formula::Share { part, whole } => Some(at(part, to)?.checked_div(at(whole, to)?)?.scale(100.0)),
        Formula::Ratio { num, den } => at(num, to)?.checked_div(at(den, to)?),
        Formula::Difference { a, b } => Some(at(a, to)? - at(b, to)?),
        Formula::PerYear { series } => Some(at(series, to)?.scale(1.0 / to.span_years()?)),
        Formula::AbsoluteChange { series } => Some(at(series, to)? - at(series, from?)?),
        Formula::PercentChange { series } => Interval::percent_change(at(series, from?)?, at(series, to)?),
        Formula::Cagr { series } => Interval::cagr(at(series, from?)?, at(series, to)?, years_between(from?, to)?),
        Formula::PercentChangeGap { a, b } => {
            let (f, t) = (from?, to);
            Some(Interval::percent_change(at(a, f)?, at(a, t)?)? - Interval::percent_change(at(b, f)?, at(b, t)?)?)
        }
    }
}

/// The factor from the unit of what `claim` states to the unit it states it in; an error naming
/// the claim's line where that unit cannot state it (a catalogue indicator's unit is known only
/// once computed: loading checks the others).
fn unit_factor(claim: &Claim, data_unit: Option<ValueUnit>) -> Result<f64, String> {
    data_unit.and_then(|d| claim_factor(claim.unit, d)).ok_or_else(|| {
        format!(
            "{CLAIMS_FILE}:{}: stated in {}, which cannot state {} (in {})",
            claim.line,
            claim.unit,
            claim.subject,
            data_unit.map_or("", ValueUnit::code)
        )
    })
}

/// The period an undated claim is compared at: the only one at which the data give its subject.
fn undated_period(c: &Computed, claim: &Claim) -> Result<Period, String> {
    let mut periods: Vec<Period> = if claim.indicator == "value" {
        let terms = claim.terms();
        let mut common: Vec<Period> = terms.first().map(|(_, t)| c.periods(t)).unwrap_or_default();
        for (_, t) in terms.iter().skip(1) {
            let theirs = c.periods(t);
            common.retain(|p| theirs.contains(p));
        }
        common
    } else {
        c.indicator_points(&claim.indicator, &claim.subject)
            .iter()
            .map(|r| r.to)
            .collect()
    };
    periods.dedup();
    match periods.as_slice() {
        [p] => Ok(*p),
        [] => Err(format!(
            "the document gives no period, and the data give no value of {}",
            claim.subject
        )),
        many => {
            let list: Vec<String> = many.iter().map(Period::to_string).collect();
            Err(format!(
                "the document gives no period, and the data give {} of {} ({})",
                many.len(),
                claim.subject,
                list.join(", ")
            ))
        }
    }
}

/// What the data give for a claim's figure, before it is converted to the claim's unit.
struct Recomputed {
    /// A claim of one value, a total of several, or an indicator's claim.
    kind: Kind,
    /// The value the data give.
    point: f64,
    /// The range it can take given the rounding of its inputs.
    range: Interval,
    /// The data rows it comes from.
    inputs: Inputs,
    /// The factor to the claim's unit.
    factor: f64,
}

/// A `value` claim recomputed at `to`: the signed sum of its series' values and of their ranges.
fn recompute_value(ds: &Dataset, c: &Computed, claim: &Claim, to: &Period) -> Result<Recomputed, String> {
    let mut point = 0.0;
    let mut range = Interval::point(0.0);
    let mut inputs = Inputs::default();
    let terms = claim.terms();
    for (sign, term) in &terms {
        let p = c
            .point(term, to)
            .ok_or_else(|| format!("{term} has no value at {to}"))?;
        let r = series_range(ds, term, to).ok_or_else(|| format!("{term} has no range at {to}"))?;
        point += sign * p.value;
        range = range + r.scale(*sign);
        inputs = inputs.and(&p.inputs);
    }
    let kind = if terms.len() > 1 { Kind::Total } else { Kind::Claim };
    let unit = terms.first().and_then(|(_, t)| c.series_unit(t)).map(ValueUnit::from);
    Ok(Recomputed {
        kind,
        point,
        range,
        inputs,
        factor: unit_factor(claim, unit)?,
    })
}

/// An indicator's claim recomputed at `to` (from the claim's start period, for a change): the
/// computed row, and the range its formula gives over its inputs' ranges.
fn recompute_indicator(ds: &Dataset, c: &Computed, claim: &Claim, to: &Period) -> Result<Recomputed, String> {
    let when = || match claim.from {
        Some(f) => format!("{f}→{to}"),
        None => to.to_string(),
    };
    let row = c
        .find(&claim.indicator, &claim.subject, claim.from.as_ref(), to)
        .ok_or_else(|| {
            format!(
                "indicator {} of {} has no value for {}",
                claim.indicator,
                claim.subject,
                when()
            )
        })?;
    let formula = c.entry(&claim.indicator, &claim.subject).map(|i| &i.formula);
    let range = formula
        .and_then(|f| formula_range(ds, f, claim.from.as_ref(), to))
        .ok_or_else(|| format!("no range for indicator {} of {}", claim.indicator, claim.subject))?;
    Ok(Recomputed {
        kind: Kind::Claim,
        point: row.value,
        range,
        inputs: row.inputs.clone(),
        factor: unit_factor(claim, Some(row.unit))?,
    })
}

/// What a claim states a figure of, for its audit row: the series or sum, or `indicator: subject`.
fn claimed_subject(claim: &Claim) -> String {
    if claim.indicator == "value" {
        claim.subject.clone()
    } else {
        format!("{}: {}", claim.indicator, claim.subject)
    }
}

/// The audit of one claim: what it states against what the data give, each a range; an error
/// saying why where the data cannot recompute it.
fn claim_row(ds: &Dataset, c: &Computed, claim: &Claim) -> Result<AuditRow, String> {
    let to = match claim.to {
        Some(p) => p,
        None => undated_period(c, claim)?,
    };
    let Recomputed {
        kind,
        point,
        range,
        inputs,
        factor,
    } = if claim.indicator == "value" {
        recompute_value(ds, c, claim, &to)?
    } else {
        recompute_indicator(ds, c, claim, &to)?
    };
    // A stated count was rounded like any figure ("28,800"): no count is taken as exact here.
    let is_change = CHANGE_INDICATORS.contains(&claim.indicator.as_str());
    let figure = if claim.unit == ValueUnit::PERCENT && !is_change {
        FigureKind::Share
    } else {
        FigureKind::Other
    };
    let stated_range = Interval::of_figure(claim.stated.value, claim.stated.decimals, figure, claim.qualifier);
    let (point, range) = (point * factor, range.scale(factor));
    let dating = claim_dating(claim, &to)
        .into_iter()
        .chain(rows_dating(ds, &inputs))
        .collect();
    Ok(AuditRow {
        kind,
        id: claim.id.clone(),
        subject: claimed_subject(claim),
        from: claim.from,
        to,
        unit: claim.unit,
        stated: claim.stated.value,
        stated_decimals: claim.stated.decimals,
        stated_range,
        recomputed: point,
        recomputed_range: range,
        verdict: Verdict::judge(&stated_range, point, &range),
        locators: format!("{} {}", claim.source, claim.locator),
        note: match claim.to {
            Some(_) => claim.note.clone(),
            None => {
                let why = format!("Undated in the document: compared with the only period the data give ({to}).");
                match claim.note.as_str() {
                    "" => why,
                    note => format!("{why} {}", capitalised(note)),
                }
            }
        },
        inputs,
        inferred: false,
    }
    .given_dating(dating))
}

/// Pairs of observations that measure the same quantity in two passages (the report
/// definition's `audit.same_quantity`), and claims that state the same figure differently.
/// `audited[i]` is the row of claim `i`, when it could be recomputed.
fn conflicts(ds: &Dataset, audited: &[Option<AuditRow>]) -> Vec<AuditRow> {
    let mut out = passage_conflicts(ds);
    let claims = &ds.claims;
    for (i, a) in claims.iter().enumerate() {
        for (j, b) in claims.iter().enumerate().skip(i + 1) {
            out.extend(claim_conflict(audited, (i, a), (j, b)));
        }
    }
    out
}

/// For each pair of series the definition says give one quantity, a row per period both have:
/// the first series' observation against the other's.
fn passage_conflicts(ds: &Dataset) -> Vec<AuditRow> {
    let mut out = Vec::new();
    for pair in &ds.definition.audit.same_quantity {
        for oa in ds.series(&pair.series) {
            let Some(ob) = ds.get(&pair.other, &oa.period) else {
                continue;
            };
            let ra = Interval::of_figure(oa.value, oa.decimals, FigureKind::of_unit(oa.unit), oa.qualifier);
            let rb = Interval::of_figure(ob.value, ob.decimals, FigureKind::of_unit(ob.unit), ob.qualifier);
            out.push(
                AuditRow {
                    kind: Kind::Conflict,
                    id: format!("{}_{}", pair.id.get_ref(), oa.period),
                    subject: format!("{} vs {}", pair.series, pair.other),
                    from: None,
                    to: oa.period,
                    unit: oa.unit.into(),
                    stated: oa.value,
                    stated_decimals: oa.decimals,
                    stated_range: ra,
                    recomputed: ob.value,
                    recomputed_range: rb,
                    verdict: Verdict::judge(&ra, ob.value, &rb),
                    locators: format!("{} {} | {} {}", oa.source, oa.locator, ob.source, ob.locator),
                    inputs: Inputs::of(vec![vec![oa.row_ref()], vec![ob.row_ref()]]),
                    note: pair.what.clone(),
                    inferred: false,
                }
                .given_dating(
                    [oa, ob]
                        .into_iter()
                        .filter(|o| o.reading.is_inferred())
                        .map(observation_dating)
                        .collect(),
                ),
            );
        }
    }
    out
}

/// The conflict between claims `a` and `b` (with their positions in `Dataset::claims`), when
/// both state the same figure (indicator, subject, periods and unit) differently; none when they
/// agree, differ in what they state, or are both undated and `a` could not be audited
/// (`audited`: each claim's row, when it could be recomputed).
fn claim_conflict(audited: &[Option<AuditRow>], (i, a): (usize, &Claim), (j, b): (usize, &Claim)) -> Option<AuditRow> {
    let same =
        a.indicator == b.indicator && a.subject == b.subject && a.from == b.from && a.to == b.to && a.unit == b.unit;
    if !same || (a.stated == b.stated && a.qualifier == b.qualifier) {
        return None;
    }
    // Two undated claims are compared at the period their audit used, if any.
    let audited_to = || audited.get(i).and_then(|r| r.as_ref()).map(|r| r.to);
    let to = a.to.or_else(audited_to)?;
    // The ranges the two stated figures stand for, as the claims' audit computes them.
    let stated_range = |k: usize, c: &Claim| {
        audited
            .get(k)
            .and_then(|r| r.as_ref())
            .map(|r| r.stated_range)
            .unwrap_or_else(|| Interval::of_figure(c.stated.value, c.stated.decimals, FigureKind::Other, c.qualifier))
    };
    let (ra, rb) = (stated_range(i, a), stated_range(j, b));
    let claim_row = |c: &Claim| RowRef {
        file: CLAIMS_FILE,
        line: c.line,
    };
    Some(
        AuditRow {
            kind: Kind::Conflict,
            id: format!("{} vs {}", a.id, b.id),
            subject: claimed_subject(a),
            from: a.from,
            to,
            unit: a.unit,
            stated: a.stated.value,
            stated_decimals: a.stated.decimals,
            stated_range: ra,
            recomputed: b.stated.value,
            recomputed_range: rb,
            verdict: Verdict::judge(&ra, b.stated.value, &rb),
            locators: format!("{} {} | {} {}", a.source, a.locator, b.source, b.locator),
            inputs: Inputs::of(vec![vec![claim_row(a)], vec![claim_row(b)]]),
            note: "two passages state this figure differently".into(),
            inferred: false,
        }
        .given_dating(
            [a, b]
                .into_iter()
                .filter_map(|c| claim_dating(c, &to))
                .map(|r| match r.as_str() {
                    "" => "the document gives this figure no period".to_string(),
                    _ => r,
                })
                .collect(),
        ),
    )
}

/// Audits every claim and lists every conflict. A claim the data cannot recompute (a figure it
/// needs is missing) is listed in `missing` with the reason.
pub fn audit(ds: &Dataset, c: &Computed, missing: &mut Vec<NotComputed>) -> Vec<AuditRow> {
    let audited: Vec<Option<AuditRow>> = ds
        .claims
        .iter()
        .map(|claim| match claim_row(ds, c, claim) {
            Ok(r) => Some(r),
            Err(reason) => {
                missing.push(NotComputed {
                    item: format!("claim {} ({CLAIMS_FILE}:{})", claim.id, claim.line),
                    reason,
                });
                None
            }
        })
        .collect();
    let conflicts = conflicts(ds, &audited);
    let mut rows: Vec<AuditRow> = audited.into_iter().flatten().collect();
    rows.extend(conflicts);
    rows
}
