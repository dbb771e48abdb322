//! Load stage: reads the CSV files of a data directory into typed rows, validates all of them,
//! and turns them into [`Observation`]s. Every problem of every file is collected before failing.

pub mod vocab;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::{DataIssue, Error, Result};
use crate::load::vocab::*;
use crate::period::Period;

/// A number as written in the data: its value and how many decimals it was written with, which
/// is the precision the document gave it to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    pub value: f64,
    pub decimals: u8,
}

impl std::str::FromStr for Number {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let digits = s.strip_prefix('-').unwrap_or(s);
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !all_digits(int) || !all_digits(frac) || (digits.contains('.') && frac.is_empty()) {
            return Err(format!(
                "expected a number written with digits, an optional '-' and an optional decimal point (no thousands separator), found {s:?}"
            ));
        }
        let value: f64 = s.parse().map_err(|_| format!("expected a number, found {s:?}"))?;
        Ok(Number {
            value,
            decimals: frac.len().min(9) as u8,
        })
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.trim().parse().map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub date: String,
    pub url: String,
    /// Which document at that address: the site gives no stable link to each.
    pub document: String,
    pub seed_file: String,
}

/// One value of one series at one period, with where it comes from.
#[derive(Debug, Clone)]
pub struct Observation {
    /// Dotted series id built from the row's dimensions, e.g. `staff.contract.support`.
    pub series: String,
    pub period: Period,
    pub value: f64,
    pub decimals: u8,
    pub unit: Unit,
    pub qualifier: Option<Qualifier>,
    pub source: String,
    pub locator: String,
    pub note: String,
    pub file: &'static str,
    pub line: u64,
}

impl Observation {
    /// Reference to the data row, as cited in `inputs` columns: `workforce.csv:5`.
    pub fn row_ref(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

/// A figure a document states that can be recomputed from the data (`claims.csv`).
#[derive(Debug, Clone)]
pub struct Claim {
    pub id: String,
    /// A catalogue indicator id, or `value` for the value of a series or a signed sum of series.
    pub indicator: String,
    /// The indicator's subject as in indicators.csv, or for `value` an expression `a + b - c`.
    pub subject: String,
    pub from: Option<Period>,
    pub to: Period,
    pub stated: Number,
    pub unit: String,
    pub qualifier: Option<Qualifier>,
    pub source: String,
    pub locator: String,
    pub note: String,
    pub line: u64,
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

/// Units a claim can be stated in, and the factor from the unit the data use.
pub const CLAIM_UNITS: [(&str, f64); 7] = [
    ("persons", 1.0),
    ("EUR million", 1.0),
    ("EUR billion", 0.001),
    ("percent", 1.0),
    ("ratio", 1.0),
    ("index", 1.0),
    ("projects", 1.0),
];

#[derive(Debug, Clone, Deserialize)]
struct ClaimRow {
    id: String,
    indicator: String,
    subject: String,
    from: Option<Period>,
    to: Period,
    stated: Number,
    unit: String,
    qualifier: Option<Qualifier>,
    source: String,
    locator: String,
    note: Option<String>,
}

pub const CLAIMS_FILE: &str = "claims.csv";
const CLAIM_COLUMNS: [&str; 11] = [
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

/// Everything the later stages need from the data directory.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub sources: Vec<Source>,
    pub observations: Vec<Observation>,
    pub claims: Vec<Claim>,
    /// Every file read, in a fixed order, for the manifest.
    pub input_files: Vec<PathBuf>,
}

impl Dataset {
    pub fn get(&self, series: &str, period: &Period) -> Option<&Observation> {
        self.observations
            .iter()
            .find(|o| o.series == series && &o.period == period)
    }

    pub fn series(&self, series: &str) -> Vec<&Observation> {
        let mut v: Vec<_> = self.observations.iter().filter(|o| o.series == series).collect();
        v.sort_by_key(|o| o.period);
        v
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }
}

/// The fields every data row has, whatever its domain.
pub struct Common<'a> {
    pub period: Period,
    pub value: Number,
    pub unit: Unit,
    pub qualifier: Option<Qualifier>,
    pub source: &'a str,
    pub locator: &'a str,
    pub note: &'a str,
}

/// A problem with one field of a row, found after it was parsed.
pub struct FieldProblem {
    pub column: &'static str,
    pub expected: String,
    pub found: String,
}

fn problem(column: &'static str, expected: impl Into<String>, found: impl ToString) -> FieldProblem {
    FieldProblem {
        column,
        expected: expected.into(),
        found: found.to_string(),
    }
}

/// The body of [`DataRow::common`] for row types with the common columns as fields.
macro_rules! common_fields {
    () => {
        fn common(&self) -> Common<'_> {
            Common {
                period: self.period,
                value: self.value,
                unit: self.unit,
                qualifier: self.qualifier,
                source: &self.source,
                locator: &self.locator,
                note: self.note.as_deref().unwrap_or(""),
            }
        }
    };
}

/// A row type of one data file.
pub trait DataRow: DeserializeOwned {
    const FILE: &'static str;
    const COLUMNS: &'static [&'static str];
    fn common(&self) -> Common<'_>;
    /// Series id; with the period it is the row's key, unique in the file.
    fn series(&self) -> String;
    /// Domain rules: unit and period kind per measure, dimension combinations.
    fn check(&self) -> Vec<FieldProblem>;
    /// For a row standing for a total: the series ids that, all present, would make it a
    /// double count.
    fn breakdown(&self) -> Vec<Vec<String>> {
        Vec::new()
    }
}

fn expect_unit(unit: Unit, wanted: Unit, what: &str) -> Option<FieldProblem> {
    (unit != wanted).then(|| problem("unit", format!("'{wanted}' for {what}"), format!("'{unit}'")))
}

fn expect_period(period: &Period, kinds: &[&str], what: &str) -> Option<FieldProblem> {
    (!kinds.contains(&period.kind())).then(|| {
        problem(
            "period",
            format!("a {} for {what}", kinds.join(" or a ")),
            format!("{} '{period}'", period.kind()),
        )
    })
}

#[derive(Debug, Clone, Deserialize)]
pub struct WorkforceRow {
    pub measure: WorkforceMeasure,
    pub scope: Scope,
    pub employer: Employer,
    pub status: Status,
    pub group: StaffGroup,
    pub period: Period,
    pub value: Number,
    pub unit: Unit,
    pub qualifier: Option<Qualifier>,
    pub source: String,
    pub locator: String,
    pub note: Option<String>,
}

impl DataRow for WorkforceRow {
    const FILE: &'static str = "workforce.csv";
    const COLUMNS: &'static [&'static str] = &[
        "measure",
        "scope",
        "employer",
        "status",
        "group",
        "period",
        "value",
        "unit",
        "qualifier",
        "source",
        "locator",
        "note",
    ];

    common_fields!();

    fn series(&self) -> String {
        match (self.measure, self.scope) {
            (WorkforceMeasure::Headcount, Scope::Inserm) => format!("staff.{}.{}", self.status, self.group),
            (WorkforceMeasure::Headcount, Scope::ResearchUnits) => format!("unit_staff.{}", self.employer),
            (WorkforceMeasure::AverageAge, _) => format!("age.{}.{}", self.status, self.group),
            (WorkforceMeasure::AverageAgeChange, _) => format!("age_change.{}.{}", self.status, self.group),
            (WorkforceMeasure::FixedTermShare, _) => format!("fixed_term_share.{}.{}", self.status, self.group),
            (WorkforceMeasure::FteShare, _) => format!("unit_fte_share.{}", self.employer),
        }
    }

    fn check(&self) -> Vec<FieldProblem> {
        let mut p = Vec::new();
        let m = self.measure;
        let (unit, kinds): (Unit, &[&str]) = match m {
            WorkforceMeasure::Headcount => (Unit::Persons, &["date"]),
            WorkforceMeasure::AverageAge => (Unit::Years, &["year", "date"]),
            WorkforceMeasure::AverageAgeChange => (Unit::Years, &["range"]),
            WorkforceMeasure::FixedTermShare | WorkforceMeasure::FteShare => (Unit::Percent, &["date", "year"]),
        };
        p.extend(expect_unit(self.unit, unit, &format!("measure '{m}'")));
        p.extend(expect_period(&self.period, kinds, &format!("measure '{m}'")));
        match self.scope {
            Scope::Inserm if self.employer != Employer::Inserm => p.push(problem(
                "employer",
                "'inserm' for Inserm's own staff (scope 'inserm')",
                self.employer,
            )),
            Scope::ResearchUnits if (self.status, self.group) != (Status::All, StaffGroup::All) => p.push(problem(
                "status",
                "status and group 'all' for the research units' staff (no breakdown is published)",
                format!("{}/{}", self.status, self.group),
            )),
            _ => {}
        }
        p
    }

    fn breakdown(&self) -> Vec<Vec<String>> {
        let prefix = self.series();
        let base = prefix.rsplitn(3, '.').last().unwrap_or_default().to_string();
        let mut sets = Vec::new();
        if self.status == Status::All {
            sets.push(vec![
                format!("{base}.permanent.{}", self.group),
                format!("{base}.contract.{}", self.group),
            ]);
        }
        if self.group == StaffGroup::All && self.scope == Scope::Inserm {
            sets.push(vec![
                format!("{base}.{}.scientists", self.status),
                format!("{base}.{}.support", self.status),
            ]);
        }
        sets
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct BudgetRow {
    pub line: BudgetLine,
    pub basis: BudgetBasis,
    pub period: Period,
    pub value: Number,
    pub unit: Unit,
    pub qualifier: Option<Qualifier>,
    pub source: String,
    pub locator: String,
    pub note: Option<String>,
}

impl DataRow for BudgetRow {
    const FILE: &'static str = "budget.csv";
    const COLUMNS: &'static [&'static str] = &[
        "line",
        "basis",
        "period",
        "value",
        "unit",
        "qualifier",
        "source",
        "locator",
        "note",
    ];

    common_fields!();

    fn series(&self) -> String {
        format!("{}.{}", self.basis, self.line)
    }

    fn check(&self) -> Vec<FieldProblem> {
        let mut p: Vec<FieldProblem> = Vec::new();
        p.extend(expect_unit(self.unit, Unit::EurMillion, "budget figures"));
        p.extend(expect_period(&self.period, &["year"], "a budget figure"));
        p
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct PublicationRow {
    pub entity: Entity,
    pub field: Field,
    pub measure: PublicationMeasure,
    pub count_method: Option<CountMethod>,
    pub period: Period,
    pub value: Number,
    pub unit: Unit,
    pub qualifier: Option<Qualifier>,
    pub source: String,
    pub locator: String,
    pub note: Option<String>,
}

impl DataRow for PublicationRow {
    const FILE: &'static str = "publications.csv";
    const COLUMNS: &'static [&'static str] = &[
        "entity",
        "field",
        "measure",
        "count_method",
        "period",
        "value",
        "unit",
        "qualifier",
        "source",
        "locator",
        "note",
    ];

    common_fields!();

    fn series(&self) -> String {
        let base = format!("{}.{}.{}", self.measure, self.entity, self.field);
        match self.count_method {
            Some(c) => format!("{base}.{c}"),
            None => base,
        }
    }

    fn check(&self) -> Vec<FieldProblem> {
        let mut p = Vec::new();
        let unit = match self.measure {
            PublicationMeasure::MeanNormalisedCitationScore => Unit::Index,
            _ => Unit::Percent,
        };
        p.extend(expect_unit(self.unit, unit, &format!("measure '{}'", self.measure)));
        p.extend(expect_period(
            &self.period,
            &["range", "year"],
            "a publication indicator",
        ));
        if self.measure == PublicationMeasure::ShareOfFrenchPublications && self.count_method.is_none() {
            p.push(problem(
                "count_method",
                "'fractional' or 'full' for a share of publications",
                "an empty field",
            ));
        }
        p
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct EuFundingRow {
    pub programme: Programme,
    pub measure: EuMeasure,
    pub period: Period,
    pub value: Number,
    pub unit: Unit,
    pub qualifier: Option<Qualifier>,
    pub source: String,
    pub locator: String,
    pub note: Option<String>,
}

impl DataRow for EuFundingRow {
    const FILE: &'static str = "eu_funding.csv";
    const COLUMNS: &'static [&'static str] = &[
        "programme",
        "measure",
        "period",
        "value",
        "unit",
        "qualifier",
        "source",
        "locator",
        "note",
    ];

    common_fields!();

    fn series(&self) -> String {
        format!("eu.{}.{}", self.programme, self.measure)
    }

    fn check(&self) -> Vec<FieldProblem> {
        let mut p = Vec::new();
        match self.measure {
            EuMeasure::EuropeanFunding => {
                p.extend(expect_unit(self.unit, Unit::EurMillion, "European funding"));
                p.extend(expect_period(&self.period, &["year"], "European funding"));
            }
            EuMeasure::Participations | EuMeasure::Coordinations => {
                p.extend(expect_unit(self.unit, Unit::Projects, "projects"));
                p.extend(expect_period(&self.period, &["range"], "a programme's projects"));
                if self.programme == Programme::All {
                    p.push(problem("programme", "a named programme for project counts", "'all'"));
                }
            }
        }
        p
    }
}

/// Expected-value text for a column, for messages about unparseable fields.
fn column_expectation(column: &str) -> String {
    let one_of = |codes: &[&str]| {
        format!(
            "one of {}",
            codes.iter().map(|c| format!("'{c}'")).collect::<Vec<_>>().join(", ")
        )
    };
    match column {
        "measure" => format!(
            "a measure: {}",
            one_of(&[WorkforceMeasure::ALL, PublicationMeasure::ALL, EuMeasure::ALL].concat())
        ),
        "scope" => one_of(Scope::ALL),
        "employer" => one_of(Employer::ALL),
        "status" => one_of(Status::ALL),
        "group" => one_of(StaffGroup::ALL),
        "line" => one_of(BudgetLine::ALL),
        "basis" => one_of(BudgetBasis::ALL),
        "entity" => one_of(Entity::ALL),
        "field" => one_of(Field::ALL),
        "count_method" => format!("empty or {}", one_of(CountMethod::ALL)),
        "programme" => one_of(Programme::ALL),
        "unit" => one_of(Unit::ALL),
        "qualifier" => format!("empty or {}", one_of(Qualifier::ALL)),
        "period" => crate::period::PERIOD_FORMS.to_string(),
        "value" => "a number written with digits and an optional decimal point (no thousands separator)".into(),
        _ => "a value".into(),
    }
}

struct Reader<'a> {
    dir: &'a Path,
    issues: Vec<DataIssue>,
}

impl Reader<'_> {
    fn issue(
        &mut self,
        file: &str,
        line: u64,
        column: Option<(usize, String)>,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) {
        self.issues.push(DataIssue {
            file: self.dir.join(file),
            line,
            column,
            expected: expected.into(),
            found: found.into(),
        });
    }

    /// Reads a file into rows with their line numbers; records every problem found on the way.
    fn read<T: DeserializeOwned>(&mut self, file: &'static str, columns: &[&str]) -> (Vec<(u64, T)>, Vec<String>) {
        let path = self.dir.join(file);
        let mut rows = Vec::new();
        let text = match std::fs::read(&path) {
            Ok(t) => t,
            Err(e) => {
                self.issue(file, 0, None, "a readable file", format!("an error: {e}"));
                return (rows, Vec::new());
            }
        };
        let mut rdr = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_slice());
        let headers = match rdr.headers() {
            Ok(h) if !(h.is_empty() || h.len() == 1 && h[0].is_empty()) => h.clone(),
            Ok(_) => {
                self.issue(
                    file,
                    1,
                    None,
                    format!("a header row: {}", columns.join(",")),
                    "an empty file",
                );
                return (rows, Vec::new());
            }
            Err(e) => {
                self.issue(file, 1, None, "a CSV header row in UTF-8", e.to_string());
                return (rows, Vec::new());
            }
        };
        let names: Vec<String> = headers.iter().map(|h| h.trim().to_string()).collect();
        let missing: Vec<&str> = columns
            .iter()
            .copied()
            .filter(|c| !names.iter().any(|n| n == c))
            .collect();
        let unknown: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|n| !columns.contains(n))
            .collect();
        if !missing.is_empty() || !unknown.is_empty() {
            let mut found = Vec::new();
            if !missing.is_empty() {
                found.push(format!("missing {}", missing.join(", ")));
            }
            if !unknown.is_empty() {
                found.push(format!("unknown {}", unknown.join(", ")));
            }
            self.issue(
                file,
                1,
                None,
                format!("the columns {}", columns.join(",")),
                found.join("; "),
            );
            return (rows, names);
        }
        for record in rdr.records() {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    let found = match e.kind() {
                        csv::ErrorKind::UnequalLengths { len, .. } => format!("{len} fields"),
                        _ => e.to_string(),
                    };
                    self.issue(
                        file,
                        line,
                        None,
                        format!("{} comma-separated fields", names.len()),
                        found,
                    );
                    continue;
                }
            };
            let line = record.position().map_or(0, |p| p.line());
            let fields: Vec<&str> = record.iter().map(str::trim).collect();
            let failed = std::cell::Cell::new(None);
            match T::deserialize(RecordDe {
                names: &names,
                fields: &fields,
                next: 0,
                failed: &failed,
            }) {
                Ok(row) => rows.push((line, row)),
                Err(e) => {
                    let (column, expected, found) = match failed.get() {
                        Some(i) => {
                            let name = names.get(i).cloned().unwrap_or_default();
                            let raw = fields.get(i).copied().unwrap_or_default();
                            let found = if raw.is_empty() {
                                "an empty field".to_string()
                            } else {
                                format!("{raw:?}")
                            };
                            let expected = if raw.is_empty() {
                                format!("a value: {}", column_expectation(&name))
                            } else {
                                column_expectation(&name)
                            };
                            (Some((i + 1, name)), expected, found)
                        }
                        None => (None, "a well-formed row".to_string(), e.to_string()),
                    };
                    self.issue(file, line, column, expected, found);
                }
            }
        }
        if rows.is_empty() && self.issues.iter().all(|i| !i.file.ends_with(file)) {
            self.issue(file, 2, None, "at least one data row", "none");
        }
        (rows, names)
    }

    fn observations<T: DataRow>(&mut self, sources: &BTreeSet<String>, out: &mut Vec<Observation>) {
        let (rows, names) = self.read::<T>(T::FILE, T::COLUMNS);
        let col = |name: &str| names.iter().position(|n| n == name).map(|i| (i + 1, name.to_string()));
        let mut keys: BTreeMap<(String, Period), u64> = BTreeMap::new();
        let mut present: BTreeSet<(String, Period)> = BTreeSet::new();
        for (_, row) in &rows {
            present.insert((row.series(), row.common().period));
        }
        for (line, row) in &rows {
            let c = row.common();
            let mut problems = row.check();
            let v = c.value.value;
            if v < 0.0 && !row.series().starts_with("age_change") {
                problems.push(problem("value", "a non-negative number", format!("{v}")));
            }
            if c.unit == Unit::Percent && !(0.0..=100.0).contains(&v) {
                problems.push(problem("value", "a percentage between 0 and 100", format!("{v}")));
            }
            if c.unit.is_count() && c.value.decimals > 0 {
                problems.push(problem(
                    "value",
                    format!("a whole number of {}", c.unit),
                    format!("{v}"),
                ));
            }
            if !sources.contains(c.source) {
                let found = if c.source.is_empty() {
                    "an empty field".to_string()
                } else {
                    format!("{:?}", c.source)
                };
                problems.push(problem("source", "a source id listed in sources.csv", found));
            }
            if c.locator.is_empty() {
                problems.push(problem(
                    "locator",
                    "the section (and footnote) the figure is taken from",
                    "an empty field",
                ));
            }
            for parts in row.breakdown() {
                if parts.iter().all(|s| present.contains(&(s.clone(), c.period))) {
                    problems.push(problem(
                        "status",
                        format!(
                            "a total row only where its breakdown ({}) is not also given",
                            parts.join(" + ")
                        ),
                        "both the total and all its parts",
                    ));
                }
            }
            let key = (row.series(), c.period);
            if let Some(first) = keys.get(&key) {
                problems.push(problem(
                    "period",
                    format!(
                        "one row per series and period (series {} was given on line {first})",
                        key.0
                    ),
                    format!("a second row for {}", c.period),
                ));
            } else {
                keys.insert(key, *line);
            }
            if problems.is_empty() {
                out.push(Observation {
                    series: row.series(),
                    period: c.period,
                    value: v,
                    decimals: c.value.decimals,
                    unit: c.unit,
                    qualifier: c.qualifier,
                    source: c.source.to_string(),
                    locator: c.locator.to_string(),
                    note: c.note.to_string(),
                    file: T::FILE,
                    line: *line,
                });
            }
            for p in problems {
                self.issue(T::FILE, *line, col(p.column), p.expected, p.found);
            }
        }
    }
}

impl Reader<'_> {
    /// Reads claims.csv; checks each claim names a known indicator or series, periods that fit
    /// it, a known unit and source.
    fn claims(&mut self, sources: &BTreeSet<String>, observations: &[Observation]) -> Vec<Claim> {
        let (rows, names) = self.read::<ClaimRow>(CLAIMS_FILE, &CLAIM_COLUMNS);
        let col = |name: &str| names.iter().position(|n| n == name).map(|i| (i + 1, name.to_string()));
        let catalogue = crate::compute::catalogue::catalogue();
        let known_series = |s: &str| {
            observations.iter().any(|o| o.series == s)
                || crate::compute::catalogue::DERIVED_SERIES.iter().any(|d| d.id == s)
        };
        let mut ids = BTreeMap::new();
        let mut out = Vec::new();
        for (line, r) in rows {
            let mut problems: Vec<(&str, String, String)> = Vec::new();
            if r.id.is_empty() {
                problems.push(("id", "a claim id".into(), "an empty field".into()));
            } else if let Some(first) = ids.insert(r.id.clone(), line) {
                problems.push((
                    "id",
                    format!("a unique claim id (also on line {first})"),
                    format!("{:?}", r.id),
                ));
            }
            if r.indicator == "value" {
                match parse_terms(&r.subject) {
                    None => problems.push((
                        "subject",
                        "series ids joined by ' + ' or ' - '".into(),
                        format!("{:?}", r.subject),
                    )),
                    Some(terms) => {
                        for (_, t) in terms.iter().filter(|(_, t)| !known_series(t)) {
                            problems.push((
                                "subject",
                                "series ids that the data or the catalogue's derived series define".into(),
                                format!("{t:?}"),
                            ));
                        }
                    }
                }
                if r.from.is_some() {
                    problems.push((
                        "from",
                        "an empty field for a value at one period".into(),
                        "a period".into(),
                    ));
                }
            } else {
                let entries: Vec<_> = catalogue.iter().filter(|i| i.id == r.indicator).collect();
                if entries.is_empty() {
                    let mut ids: Vec<&str> = catalogue.iter().map(|i| i.id).collect();
                    ids.dedup();
                    problems.push((
                        "indicator",
                        format!("'value' or a catalogue indicator ({})", ids.join(", ")),
                        format!("{:?}", r.indicator),
                    ));
                } else if !entries.iter().any(|i| i.formula.subject() == r.subject) {
                    problems.push((
                        "subject",
                        format!("a subject of indicator {} in indicators.csv", r.indicator),
                        format!("{:?}", r.subject),
                    ));
                } else {
                    let is_change = matches!(
                        r.indicator.as_str(),
                        "absolute_change" | "percent_change" | "cagr" | "growth_gap"
                    );
                    if is_change != r.from.is_some() {
                        let want = if is_change {
                            "the start period of the change"
                        } else {
                            "an empty field for a value at one period"
                        };
                        problems.push((
                            "from",
                            want.into(),
                            r.from.map_or("an empty field".into(), |p| p.to_string()),
                        ));
                    }
                }
            }
            if !CLAIM_UNITS.iter().any(|(u, _)| *u == r.unit) {
                let units: Vec<&str> = CLAIM_UNITS.iter().map(|(u, _)| *u).collect();
                problems.push(("unit", format!("one of {}", units.join(", ")), format!("{:?}", r.unit)));
            }
            if !sources.contains(&r.source) {
                problems.push((
                    "source",
                    "a source id listed in sources.csv".into(),
                    format!("{:?}", r.source),
                ));
            }
            if r.locator.is_empty() {
                problems.push((
                    "locator",
                    "the section (and footnote) the figure is stated in".into(),
                    "an empty field".into(),
                ));
            }
            if problems.is_empty() {
                out.push(Claim {
                    id: r.id,
                    indicator: r.indicator,
                    subject: r.subject,
                    from: r.from,
                    to: r.to,
                    stated: r.stated,
                    unit: r.unit,
                    qualifier: r.qualifier,
                    source: r.source,
                    locator: r.locator,
                    note: r.note.unwrap_or_default(),
                    line,
                });
            }
            for (column, expected, found) in problems {
                self.issue(CLAIMS_FILE, line, col(column), expected, found);
            }
        }
        out
    }
}

/// Deserialises one CSV record into a row type, remembering which field failed so that errors
/// name their column (csv's own deserialiser does not for errors raised by field types).
struct RecordDe<'a> {
    names: &'a [String],
    fields: &'a [&'a str],
    next: usize,
    failed: &'a std::cell::Cell<Option<usize>>,
}

impl<'de> serde::Deserializer<'de> for RecordDe<'de> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_map(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 u8 u16 u32 u64 f32 f64 char str string bytes byte_buf option unit unit_struct
        newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de> serde::de::MapAccess<'de> for RecordDe<'de> {
    type Error = serde::de::value::Error;

    fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Self::Error> {
        match self.names.get(self.next) {
            Some(name) => seed
                .deserialize(serde::de::value::StrDeserializer::<Self::Error>::new(name))
                .map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: serde::de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Self::Error> {
        let i = self.next;
        self.next += 1;
        let field = FieldDe(self.fields.get(i).copied().unwrap_or_default());
        seed.deserialize(field).inspect_err(|_| self.failed.set(Some(i)))
    }
}

/// One CSV field: empty is None for optional columns, codes name enum variants.
struct FieldDe<'a>(&'a str);

impl<'de> serde::Deserializer<'de> for FieldDe<'de> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_option<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        if self.0.is_empty() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_enum<V: serde::de::Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        use serde::de::IntoDeserializer;
        visitor.visit_enum(self.0.into_deserializer())
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 u8 u16 u32 u64 f32 f64 char str string bytes byte_buf unit unit_struct
        newtype_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

pub const SOURCES_FILE: &str = "sources.csv";
pub const DATA_FILES: [&str; 4] = [
    WorkforceRow::FILE,
    BudgetRow::FILE,
    PublicationRow::FILE,
    EuFundingRow::FILE,
];

/// Reads and validates every data file of `dir`. Fails with all the problems found, if any.
pub fn load(dir: &Path) -> Result<Dataset> {
    if !dir.is_dir() {
        return Err(Error::Other(format!(
            "{}: expected a data directory, found none",
            dir.display()
        )));
    }
    let mut reader = Reader {
        dir,
        issues: Vec::new(),
    };
    let (source_rows, _) = reader.read::<Source>(
        SOURCES_FILE,
        &["id", "title", "publisher", "date", "url", "document", "seed_file"],
    );
    let mut ids = BTreeSet::new();
    let mut sources = Vec::new();
    for (line, s) in source_rows {
        if s.id.is_empty() || !ids.insert(s.id.clone()) {
            reader.issue(
                SOURCES_FILE,
                line,
                Some((1, "id".into())),
                "a unique, non-empty source id",
                format!("{:?}", s.id),
            );
        }
        sources.push(s);
    }
    let mut observations = Vec::new();
    reader.observations::<WorkforceRow>(&ids, &mut observations);
    reader.observations::<BudgetRow>(&ids, &mut observations);
    reader.observations::<PublicationRow>(&ids, &mut observations);
    reader.observations::<EuFundingRow>(&ids, &mut observations);
    let claims = reader.claims(&ids, &observations);
    if !reader.issues.is_empty() {
        let mut issues = reader.issues;
        issues.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        return Err(Error::InvalidData(issues));
    }
    let mut input_files = vec![dir.join(SOURCES_FILE)];
    input_files.extend(DATA_FILES.iter().map(|f| dir.join(f)));
    input_files.push(dir.join(CLAIMS_FILE));
    Ok(Dataset {
        sources,
        observations,
        claims,
        input_files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_written_precision() {
        let n: Number = "20.5".parse().unwrap();
        assert_eq!((n.value, n.decimals), (20.5, 1));
        let n: Number = "2142".parse().unwrap();
        assert_eq!((n.value, n.decimals), (2142.0, 0));
        for bad in ["1,234", "12.", ".5", "1e3", "abc", "", "NaN", "inf"] {
            assert!(bad.parse::<Number>().is_err(), "{bad}");
        }
    }
}
