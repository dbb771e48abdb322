//! What the audit returns: one typed row per finding (`AuditRow`), its kind and its verdict.

use std::fmt;

use crate::audit::interval::Interval;
use crate::load::rowref::Inputs;
use crate::load::vocab::ValueUnit;
use crate::period::Period;

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
    pub unit: ValueUnit,
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

/// Counts of each verdict, in the order of [`Verdict::ALL`]: inconsistent, uncertain,
/// rounding, consistent.
pub fn verdict_counts(rows: &[AuditRow]) -> [usize; 4] {
    Verdict::ALL.map(|v| rows.iter().filter(|r| r.verdict == v).count())
}
