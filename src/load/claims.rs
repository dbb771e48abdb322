//! `claims.csv`: figures the documents state that the data can recompute.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::load::Reading;
use crate::load::organisation::Organisation;
use crate::load::reader::Reader;
use crate::load::rows::{FieldProblem, problem, series_id_problem};
use crate::load::vocab::{PeriodBasis, Qualifier, Unit, ValueUnit};
use crate::load::{Number, Observation};
use crate::period::Period;
use crate::schema::{CHANGE_INDICATORS, DERIVED_SERIES, Domains, INDICATOR_IDS};

/// A figure a document states that can be recomputed from the data (`claims.csv`).
#[derive(Debug, Clone)]
pub struct Claim {
    /// The claim's id, unique in `claims.csv`.
    pub id: String,
    /// A catalogue indicator id, or `value` for the value of a series or a signed sum of series.
    pub indicator: String,
    /// The indicator's subject as in indicators.csv, or for `value` an expression `a + b - c`.
    pub subject: String,
    /// Start period of a change (`absolute_change`, `percent_change`, …); `None` for a figure at one period.
    pub from: Option<Period>,
    /// The period of the figure; `None` when the document gives none (the audit then compares
    /// it with the only period the data give, and says so).
    pub to: Option<Period>,
    /// The figure as the document writes it; its decimals are its precision.
    pub stated: Number,
    /// The unit it is stated in, one of [`CLAIM_UNITS`]; the recomputed figure is converted to it (e.g. to `EUR billion`).
    pub unit: ValueUnit,
    /// How the document qualifies the figure (`around`, `more_than`, …); `None` when it does not.
    pub qualifier: Option<Qualifier>,
    /// Id of the document stating the figure, as listed in `sources.csv`.
    pub source: String,
    /// Section and footnote the figure is stated in, e.g. `VII.3.a fn104`.
    pub locator: String,
    /// What the claim is and any caveat; empty when the row has none.
    pub note: String,
    /// Line of the claim in `claims.csv` (the header is line 1).
    pub line: u64,
    /// How the figure was read from its document.
    pub reading: Reading,
}

impl Claim {
    /// Terms of a `value` claim's expression, with their signs.
    pub fn terms(&self) -> Vec<(f64, String)> {
        parse_terms(&self.subject).unwrap_or_default()
    }
}

/// Parses `a + b - c` into signed series ids.
pub fn parse_terms(expr: &str) -> Option<Vec<(f64, String)>> {
    let mut out = Vec::new();
    let mut sign = 1.0;
    let mut expect_term = true;
    for tok in expr.split_whitespace() {
        match (tok, expect_term) {
            ("+", false) => (sign, expect_term) = (1.0, true),
            ("-", false) => (sign, expect_term) = (-1.0, true),
            (t, true) if t != "+" && t != "-" => {
                out.push((sign, t.to_string()));
                expect_term = false;
            }
            _ => return None,
        }
    }
    (!out.is_empty() && !expect_term).then_some(out)
}

/// Units a claim can be stated in.
pub const CLAIM_UNITS: [ValueUnit; 11] = [
    ValueUnit::Data(Unit::Persons),
    ValueUnit::Data(Unit::Count),
    ValueUnit::Data(Unit::EurMillion),
    ValueUnit::EurBillion,
    ValueUnit::PERCENT,
    ValueUnit::RATIO,
    ValueUnit::Data(Unit::Index),
    ValueUnit::Data(Unit::Projects),
    ValueUnit::Data(Unit::Positions),
    ValueUnit::Data(Unit::Units),
    ValueUnit::Data(Unit::Years),
];

/// The claim unit written as `code`, if it is one of [`CLAIM_UNITS`].
fn claim_unit(code: &str) -> Option<ValueUnit> {
    ValueUnit::from_code(code).filter(|u| CLAIM_UNITS.contains(u))
}

/// The factor turning a figure in `data_unit` (its series' or indicator's unit) into a claim's
/// `claim_unit`, if that unit can state it: the same unit, EUR billion for EUR million, percent
/// for percentage points and percent per year. None for any other pair, which no factor makes
/// comparable.
pub fn claim_factor(claim_unit: ValueUnit, data_unit: ValueUnit) -> Option<f64> {
    match (claim_unit, data_unit) {
        (ValueUnit::EurBillion, ValueUnit::Data(Unit::EurMillion)) => Some(0.001),
        (ValueUnit::PERCENT, ValueUnit::PercentagePoints | ValueUnit::PercentPerYear) => Some(1.0),
        (c, d) if c == d && CLAIM_UNITS.contains(&c) => Some(1.0),
        _ => None,
    }
}

/// The unit of every series the observations have, and of the derived series over them (that
/// of their first term).
pub fn series_units(observations: &[Observation]) -> BTreeMap<&str, Unit> {
    let mut units: BTreeMap<&str, Unit> = observations.iter().map(|o| (o.series.as_str(), o.unit)).collect();
    // Derived series may read derived series: as many passes as the longest chain.
    for _ in 0..DERIVED_SERIES.len() {
        let mut grew = false;
        for d in DERIVED_SERIES {
            let first = d.terms.first().and_then(|(_, t)| units.get(t).copied());
            if let (Some(u), false) = (first, units.contains_key(d.id)) {
                units.insert(d.id, u);
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    units
}

/// The unit of what a claim states, where the files tell it before anything is computed: a
/// value's series, a change of a series, a declared indicator. None for the catalogue's other
/// indicators (the audit checks those against the computed row) and for series the data lack.
fn data_unit(r: &ClaimRow, units: &BTreeMap<&str, Unit>, domains: &Domains) -> Option<ValueUnit> {
    let series = subject_series(&r.subject);
    let unit_of = |s: &str| units.get(s).copied().map(ValueUnit::from);
    match r.indicator.as_str() {
        "value" => parse_terms(&r.subject).and_then(|t| unit_of(&t.first()?.1)),
        "absolute_change" => series.first().and_then(|s| unit_of(s)).map(ValueUnit::of_change),
        "percent_change" => Some(ValueUnit::PERCENT),
        "growth_gap" => Some(ValueUnit::PercentagePoints),
        "cagr" => Some(ValueUnit::PercentPerYear),
        id => {
            let d = domains.indicators.iter().find(|d| {
                d.id == id && series.first() == Some(&d.a.as_str()) && series.get(1) == Some(&d.b.as_str())
            })?;
            d.formula.unit(unit_of(&d.a))
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
struct ClaimRow {
    id: String,
    indicator: String,
    subject: String,
    from: Option<Period>,
    to: Option<Period>,
    stated: Number,
    unit: String,
    qualifier: Option<Qualifier>,
    source: String,
    locator: String,
    written: Option<String>,
    obtained: Option<String>,
    dated: Option<PeriodBasis>,
    note: Option<String>,
}

/// Name of the claims file in the data directory.
pub const CLAIMS_FILE: &str = "claims.csv";
/// Every column `claims.csv`'s header must have and no other, in any order; `init` writes them in this order.
pub const CLAIM_COLUMNS: [&str; 11] = [
    "id",
    "indicator",
    "subject",
    "from",
    "to",
    "stated",
    "unit",
    "qualifier",
    "source",
    "locator",
    "note",
];

/// What a claim row is checked against: what the files read before `claims.csv` hold.
struct Known<'k> {
    /// The source ids `sources.csv` lists.
    sources: &'k BTreeSet<String>,
    /// The organisation, whose comparators and programmes series ids may name.
    org: &'k Organisation,
    /// The dataset's domains and their declared indicators.
    domains: &'k Domains,
    /// The unit of each series the data have (and of the derived series over them).
    units: &'k BTreeMap<&'k str, Unit>,
}

impl Reader<'_> {
    /// Reads claims.csv; checks each claim names a known indicator or series, periods that fit
    /// it, a known unit that can state it (`units`: the series' units) and a source.
    pub fn claims(
        &mut self,
        sources: &BTreeSet<String>,
        org: &Organisation,
        domains: &Domains,
        units: &BTreeMap<&str, Unit>,
    ) -> Vec<Claim> {
        let (rows, names) = self.read::<ClaimRow>(CLAIMS_FILE, &CLAIM_COLUMNS, &crate::load::EVIDENCE_COLUMNS);
        let col = |name: &str| names.iter().position(|n| n == name).map(|i| (i + 1, name.to_string()));
        let known = Known {
            sources,
            org,
            domains,
            units,
        };
        let mut ids = BTreeMap::new();
        let mut out = Vec::new();
        for (line, r) in rows {
            let problems = known.problems(&r, line, &mut ids);
            if problems.is_empty() {
                out.extend(claim(r, line, &names));
            }
            for p in problems {
                self.issue(CLAIMS_FILE, line, col(p.column), p.expected, p.found);
            }
        }
        out
    }
}

/// The claim a row without problems gives; `names` is the file's header.
fn claim(r: ClaimRow, line: u64, names: &[String]) -> Option<Claim> {
    Some(Claim {
        id: r.id,
        indicator: r.indicator,
        subject: r.subject,
        from: r.from,
        to: r.to,
        stated: r.stated,
        unit: claim_unit(&r.unit)?,
        qualifier: r.qualifier,
        source: r.source,
        locator: r.locator,
        note: r.note.unwrap_or_default(),
        line,
        reading: Reading::new(r.written.as_deref(), r.obtained.as_deref(), r.dated, names),
    })
}

impl Known<'_> {
    /// Every problem of the row on `line`, in the order of its columns' checks: its id (`ids`:
    /// the line of each id seen so far), what it states and of what, its periods, its unit, and
    /// where it is stated.
    fn problems(&self, r: &ClaimRow, line: u64, ids: &mut BTreeMap<String, u64>) -> Vec<FieldProblem> {
        let mut problems: Vec<FieldProblem> = Vec::new();
        problems.extend(id_problem(&r.id, line, ids));
        if r.indicator == "value" {
            problems.extend(self.value_problems(r));
        } else {
            problems.extend(self.indicator_problems(r));
        }
        if r.from.is_some() && r.to.is_none() {
            problems.push(problem("to", "the end period of the change", "an empty field"));
        }
        problems.extend(self.unit_problem(r));
        problems.extend(self.stated_where_problems(r));
        problems
    }

    /// The problems of a series id of `subject` that no data row or derived series could ever
    /// build. A claim may name a series the data lack (it is then reported as not computed).
    fn series_problems(&self, subject: &str) -> Vec<FieldProblem> {
        subject_series(subject)
            .into_iter()
            .filter_map(|t| series_id_problem(t, self.org, self.domains).map(|why| (t, why)))
            .map(|(t, why)| {
                problem(
                    "subject",
                    format!("a series id the data files can build ({why})"),
                    format!("{t:?}"),
                )
            })
            .collect()
    }

    /// The problems of a `value` claim: its expression of series, and a start period it cannot
    /// have.
    fn value_problems(&self, r: &ClaimRow) -> Vec<FieldProblem> {
        let mut problems = match parse_terms(&r.subject) {
            None => vec![problem(
                "subject",
                "series ids joined by ' + ' or ' - '",
                format!("{:?}", r.subject),
            )],
            Some(_) => self.series_problems(&r.subject),
        };
        if r.from.is_some() {
            problems.push(problem("from", "an empty field for a value at one period", "a period"));
        }
        problems
    }

    /// The problems of an indicator's claim: an indicator the catalogue or `domains.toml` has,
    /// a subject it can have, and a start period exactly when it is a change.
    fn indicator_problems(&self, r: &ClaimRow) -> Vec<FieldProblem> {
        let domains = self.domains;
        if !domains.is_indicator(&r.indicator) {
            return vec![problem(
                "indicator",
                format!(
                    "'value' or a catalogue indicator ({})",
                    [&INDICATOR_IDS[..], &CHANGE_INDICATORS[..3]]
                        .concat()
                        .into_iter()
                        .chain(domains.indicators.iter().map(|i| i.id))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                format!("{:?}", r.indicator),
            )];
        }
        if subject_series(&r.subject).is_empty() {
            return vec![problem(
                "subject",
                format!("a subject of indicator {} as indicators.csv writes it", r.indicator),
                format!("{:?}", r.subject),
            )];
        }
        let mut problems = self.series_problems(&r.subject);
        let is_change = CHANGE_INDICATORS.contains(&r.indicator.as_str());
        if is_change != r.from.is_some() {
            let want = if is_change {
                "the start period of the change"
            } else {
                "an empty field for a value at one period"
            };
            problems.push(problem(
                "from",
                want,
                r.from.map_or("an empty field".to_string(), |p| p.to_string()),
            ));
        }
        problems
    }

    /// The problem of the claim's unit: not one of [`CLAIM_UNITS`], or one that cannot state
    /// what the claim states (where the files tell that unit before anything is computed).
    fn unit_problem(&self, r: &ClaimRow) -> Option<FieldProblem> {
        let Some(stated_in) = claim_unit(&r.unit) else {
            let codes: Vec<&str> = CLAIM_UNITS.map(ValueUnit::code).to_vec();
            return Some(problem(
                "unit",
                format!("one of {}", codes.join(", ")),
                format!("{:?}", r.unit),
            ));
        };
        let unit = data_unit(r, self.units, self.domains).filter(|&u| claim_factor(stated_in, u).is_none())?;
        let fit: Vec<&str> = CLAIM_UNITS
            .into_iter()
            .filter(|&c| claim_factor(c, unit).is_some())
            .map(ValueUnit::code)
            .collect();
        let fit = if fit.is_empty() {
            "a unit of its own".to_string()
        } else {
            fit.join(" or ")
        };
        let what = if r.indicator == "value" {
            r.subject.clone()
        } else {
            format!("{} of {}", r.indicator, r.subject)
        };
        Some(problem(
            "unit",
            format!("the unit of what it states ({what}: {unit}): {fit}"),
            format!("{:?}", r.unit),
        ))
    }

    /// The problems of where the claim is stated: a source `sources.csv` lists, and a locator.
    fn stated_where_problems(&self, r: &ClaimRow) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        if !self.sources.contains(&r.source) {
            problems.push(problem(
                "source",
                "a source id listed in sources.csv",
                format!("{:?}", r.source),
            ));
        }
        if r.locator.is_empty() {
            problems.push(problem(
                "locator",
                "the section (and footnote) the figure is stated in",
                "an empty field",
            ));
        }
        problems
    }
}

/// The problem of a claim's id on `line`: empty, or already on an earlier line (`ids`, to which
/// it is added).
fn id_problem(id: &str, line: u64, ids: &mut BTreeMap<String, u64>) -> Option<FieldProblem> {
    if id.is_empty() {
        return Some(problem("id", "a claim id", "an empty field"));
    }
    let first = ids.insert(id.to_string(), line)?;
    Some(problem(
        "id",
        format!("a unique claim id (also on line {first})"),
        format!("{id:?}"),
    ))
}

/// The series ids of a claim's subject: `a + b - c`, `a / b`, `a vs b` or `a`; none when it is
/// none of these.
fn subject_series(subject: &str) -> Vec<&str> {
    let tokens: Vec<&str> = subject.split_whitespace().collect();
    let ok = tokens.iter().enumerate().all(|(i, t)| {
        let op = matches!(*t, "+" | "-" | "/" | "vs");
        op == (i % 2 == 1)
    });
    if !ok || tokens.len().is_multiple_of(2) {
        return Vec::new();
    }
    tokens.into_iter().step_by(2).collect()
}
