//! Audit stage: recomputes every figure the documents state (claims.csv) with interval arithmetic
//! that takes the rounding of inputs and of the stated figure into account, and reports where two
//! passages give different values for the same quantity.

pub mod coverage;
mod dating;
pub mod interval;
mod text;

pub use text::{reader_numbers, render_table, totals, verdict_counts};

use std::fmt;

use crate::audit::dating::{capitalised, claim_dating, observation_dating, rows_dating};
use crate::audit::interval::{FigureKind, Interval};
use crate::compute::NotComputed;
use crate::compute::catalogue::{CHANGE_INDICATORS, DERIVED_SERIES, Formula};
use crate::compute::indicators::Computed;
use crate::load::rowref::{Inputs, RowRef};
use crate::load::{CLAIMS_FILE, Claim, Dataset, claim_factor};
use crate::period::{Period, years_between};

/// Outcome of comparing a stated figure with its recomputation or with another passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// The stated figure is what the recomputation gives, at the stated precision.
    Consistent,
    /// The point estimates differ, but the ranges the rounded figures stand for meet.
    Rounding,
    /// The figures disagree as `Inconsistent` ones do, but the comparison rests on a period a
    /// document does not state (the claim's, or one of the rows compared): they may be of two
    /// periods rather than wrong.
    Uncertain,
    /// Even allowing for rounding and qualifiers, the figures cannot both be right.
    Inconsistent,
}

impl Verdict {
    /// Every verdict, from the most serious finding to none: the order the outputs list them in.
    pub const ALL: [Verdict; 4] = [
        Verdict::Inconsistent,
        Verdict::Uncertain,
        Verdict::Rounding,
        Verdict::Consistent,
    ];

    /// The verdict as written in the outputs (`consistent`, `rounding`, `uncertain`,
    /// `inconsistent`).
    pub fn code(self) -> &'static str {
        match self {
            Verdict::Consistent => "consistent",
            Verdict::Rounding => "rounding",
            Verdict::Uncertain => "uncertain",
            Verdict::Inconsistent => "inconsistent",
        }
    }

    /// The verdict once the comparison is known to rest on an inferred period (`inferred`):
    /// an inconsistency becomes uncertain. Rounding stays rounding: the figures may agree
    /// whatever their periods, and a period makes no consistent figure doubtful.
    pub fn given_dating(self, inferred: bool) -> Verdict {
        match self {
            Verdict::Inconsistent if inferred => Verdict::Uncertain,
            v => v,
        }
    }

    /// Compares a stated figure with a recomputed point and range.
    pub fn judge(stated: &Interval, point: f64, recomputed: &Interval) -> Verdict {
        if stated.contains(point) {
            Verdict::Consistent
        } else if stated.meets(recomputed) {
            Verdict::Rounding
        } else {
            Verdict::Inconsistent
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What an audit row checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A derived figure (growth, share) recomputed from the data.
    Claim,
    /// A stated total or value checked against the sum of its components.
    Total,
    /// Two passages giving different values for the same quantity.
    Conflict,
}

impl Kind {
    /// The kind as written in the outputs (`claim`, `total`, `conflict`).
    pub fn code(self) -> &'static str {
        match self {
            Kind::Claim => "claim",
            Kind::Total => "total",
            Kind::Conflict => "conflict",
        }
    }
}

/// One audited claim or conflict, with the two ranges compared and the verdict.
#[derive(Debug, Clone)]
pub struct AuditRow {
    /// What the row checks.
    pub kind: Kind,
    /// Claim id from `claims.csv`; for a conflict, the pair's id and period, or `a vs b` of two claims.
    pub id: String,
    /// What the figure is of: the series or sum, or `indicator: subject`; `a vs b` for a pair of series.
    pub subject: String,
    /// Start period of a change; None for a figure at one period.
    pub from: Option<Period>,
    /// Period the figure is for (for an undated claim, the only period the data give).
    pub to: Period,
    /// Unit of the stated figure; the recomputation is converted to it (e.g. EUR billion).
    pub unit: String,
    /// The figure as stated (for a conflict: the first passage's value).
    pub stated: f64,
    /// Number of decimals written in the stated figure: its precision.
    pub stated_decimals: u8,
    /// The values the stated figure stands for, given its precision and qualifier.
    pub stated_range: Interval,
    /// The recomputed point estimate (for a conflict: the second passage's value).
    pub recomputed: f64,
    /// The values the recomputation can take given its inputs' precision (for a conflict: the second passage's).
    pub recomputed_range: Interval,
    /// Whether the stated figure and the recomputation agree.
    pub verdict: Verdict,
    /// Source id and locator of each passage (`source locator`, two joined by ` | ` for a conflict).
    pub locators: String,
    /// Data rows (or `claims.csv` rows, for two claims) the row compares, one group per operand.
    pub inputs: Inputs,
    /// The claim's note, prefixed with how an undated claim was dated; for a conflict, what it
    /// compares. An uncertain row's starts with why.
    pub note: String,
    /// Whether the comparison rests on a period a document does not state: the claim's (inferred,
    /// or none), or that of a row compared.
    pub inferred: bool,
}

impl AuditRow {
    /// Recomputed minus stated.
    pub fn difference(&self) -> f64 {
        self.recomputed - self.stated
    }

    /// Distance between the two ranges, 0 when they meet.
    pub fn interval_gap(&self) -> f64 {
        self.stated_range.gap_to(&self.recomputed_range)
    }
}

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
fn unit_factor(claim: &Claim, data_unit: &str) -> Result<f64, String> {
    claim_factor(&claim.unit, data_unit).ok_or_else(|| {
        format!(
            "{CLAIMS_FILE}:{}: stated in {}, which cannot state {} (in {data_unit})",
            claim.line, claim.unit, claim.subject
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

fn claim_row(ds: &Dataset, c: &Computed, claim: &Claim) -> Result<AuditRow, String> {
    let to = match claim.to {
        Some(p) => p,
        None => undated_period(c, claim)?,
    };
    let (kind, point, range, inputs, factor) = if claim.indicator == "value" {
        let mut point = 0.0;
        let mut range = Interval::point(0.0);
        let mut inputs = Inputs::default();
        let terms = claim.terms();
        for (sign, term) in &terms {
            let p = c
                .point(term, &to)
                .ok_or_else(|| format!("{term} has no value at {to}"))?;
            let r = series_range(ds, term, &to).ok_or_else(|| format!("{term} has no range at {to}"))?;
            point += sign * p.value;
            range = range + r.scale(*sign);
            inputs = inputs.and(&p.inputs);
        }
        let kind = if terms.len() > 1 { Kind::Total } else { Kind::Claim };
        let unit = terms.first().map_or("", |(_, t)| c.series_unit(t));
        (kind, point, range, inputs, unit_factor(claim, unit)?)
    } else {
        let when = || match claim.from {
            Some(f) => format!("{f}→{to}"),
            None => to.to_string(),
        };
        let row = c
            .find(&claim.indicator, &claim.subject, claim.from.as_ref(), &to)
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
            .and_then(|f| formula_range(ds, f, claim.from.as_ref(), &to))
            .ok_or_else(|| format!("no range for indicator {} of {}", claim.indicator, claim.subject))?;
        (
            Kind::Claim,
            row.value,
            range,
            row.inputs.clone(),
            unit_factor(claim, row.unit)?,
        )
    };
    // A stated count was rounded like any figure ("28,800"): no count is taken as exact here.
    let is_change = CHANGE_INDICATORS.contains(&claim.indicator.as_str());
    let figure = if claim.unit == "percent" && !is_change {
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
        subject: if claim.indicator == "value" {
            claim.subject.clone()
        } else {
            format!("{}: {}", claim.indicator, claim.subject)
        },
        from: claim.from,
        to,
        unit: claim.unit.clone(),
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
                    unit: oa.unit.to_string(),
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
    let claims = &ds.claims;
    for (i, a) in claims.iter().enumerate() {
        for (j, b) in claims.iter().enumerate().skip(i + 1) {
            let same = a.indicator == b.indicator
                && a.subject == b.subject
                && a.from == b.from
                && a.to == b.to
                && a.unit == b.unit;
            if !same || (a.stated == b.stated && a.qualifier == b.qualifier) {
                continue;
            }
            // Two undated claims are compared at the period their audit used, if any.
            let audited_to = || audited.get(i).and_then(|r| r.as_ref()).map(|r| r.to);
            let Some(to) = a.to.or_else(audited_to) else {
                continue;
            };
            // The ranges the two stated figures stand for, as the claims' audit computes them.
            let stated_range = |k: usize, c: &Claim| {
                audited
                    .get(k)
                    .and_then(|r| r.as_ref())
                    .map(|r| r.stated_range)
                    .unwrap_or_else(|| {
                        Interval::of_figure(c.stated.value, c.stated.decimals, FigureKind::Other, c.qualifier)
                    })
            };
            let (ra, rb) = (stated_range(i, a), stated_range(j, b));
            let claim_row = |c: &Claim| RowRef {
                file: CLAIMS_FILE,
                line: c.line,
            };
            out.push(
                AuditRow {
                    kind: Kind::Conflict,
                    id: format!("{} vs {}", a.id, b.id),
                    subject: if a.indicator == "value" {
                        a.subject.clone()
                    } else {
                        format!("{}: {}", a.indicator, a.subject)
                    },
                    from: a.from,
                    to,
                    unit: a.unit.clone(),
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
            );
        }
    }
    out
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
