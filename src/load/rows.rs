//! The row types of the domain files: the typed rows of the assessment format's domains
//! (workforce, budget, publications, EU funding), with the series id each row builds and the
//! rules each must meet, and the generic row of the domains a data directory declares.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::load::Number;
use crate::load::organisation::{Organisation, SELF_ENTITY};
use crate::load::vocab::*;
use crate::period::Period;

/// The fields every data row has, whatever its domain.
pub struct Common<'a> {
    /// When the figure holds: a date, a year or a range of years.
    pub period: Period,
    /// The figure as written, in `unit`; the decimals written are the precision the audit assumes.
    pub value: Number,
    /// The unit `value` is stated in.
    pub unit: Unit,
    /// How the text qualifies the figure; `None` when it does not.
    pub qualifier: Option<Qualifier>,
    /// Id of the document in `sources.csv`.
    pub source: &'a str,
    /// Section and footnote of the figure in the document.
    pub locator: &'a str,
    /// The row's note; empty when it has none.
    pub note: &'a str,
    /// The figure as the document prints it; `None` when it does not print it.
    pub written: Option<&'a str>,
    /// How a figure the document does not print was obtained.
    pub obtained: Option<&'a str>,
    /// Whether the document states the row's period or it was inferred.
    pub dated: Option<PeriodBasis>,
}

/// A problem with one field of a row, found after it was parsed.
pub struct FieldProblem {
    /// The column at fault, as named in the file's header.
    pub column: &'static str,
    /// What the column should hold: the message's "expected …".
    pub expected: String,
    /// What it holds instead: the message's "found …".
    pub found: String,
}

pub(crate) fn problem(column: &'static str, expected: impl Into<String>, found: impl ToString) -> FieldProblem {
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
                written: self.written.as_deref(),
                obtained: self.obtained.as_deref(),
                dated: self.dated,
            }
        }
    };
}

/// A row type of one data file.
pub trait DataRow: DeserializeOwned {
    /// Name of the file in the data directory (`workforce.csv`).
    const FILE: &'static str;
    /// Every column the header must have and no other, in any order; `init` writes them in this order.
    const COLUMNS: &'static [&'static str];
    /// The fields every data row has (period, value, unit, qualifier, source, locator, note).
    fn common(&self) -> Common<'_>;
    /// Series id; with the period it is the row's key, unique in the file.
    fn series(&self) -> String;
    /// Domain rules: unit and period kind per measure, dimension combinations, codes the
    /// organisation file declares; `file` is the name the row was read from.
    fn check(&self, org: &Organisation, file: &str) -> Vec<FieldProblem>;
    /// For a row standing for a total: the series ids that, all present, would make it a
    /// double count.
    fn breakdown(&self) -> Vec<Vec<String>> {
        Vec::new()
    }
    /// Whether the row's value may be negative: only a change may be; every other figure is a
    /// count, an amount or a share.
    fn may_be_negative(&self) -> bool {
        false
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

/// A row of `workforce.csv`: a staff figure of the organisation or of its research units.
#[derive(Debug, Clone, Deserialize)]
pub struct WorkforceRow {
    /// What the row measures: a headcount, an average age or its change, or a share.
    pub measure: WorkforceMeasure,
    /// Whose staff: the organisation's own employees, or everyone in the research units it is part of.
    pub scope: Scope,
    /// Who employs the staff counted; must be `organisation` for scope `organisation`.
    pub employer: Employer,
    /// `permanent` (civil servants), `contract` or `all`; always `all` for the research units (no breakdown).
    pub status: Status,
    /// `scientists`, `support` (engineers, technicians, administrative staff) or `all`; always `all` for the
    /// research units.
    pub group: StaffGroup,
    /// A date (`YYYY-MM-DD`) for headcounts, a year or a date for average ages and shares, a range for age changes.
    pub period: Period,
    /// The figure as written, in `unit`; the decimals written are the precision the audit assumes.
    pub value: Number,
    /// `persons` for headcounts, `years` for average ages and their changes, `percent` for shares.
    pub unit: Unit,
    /// How the text qualifies the figure (`around`, `more_than`, …); `None` when it does not.
    pub qualifier: Option<Qualifier>,
    /// Id of the document the figure comes from, as listed in `sources.csv`.
    pub source: String,
    /// Section and footnote of the figure in the document, e.g. `VII.3.a fn104`.
    pub locator: String,
    /// The figure as the document prints it ("8,691", "around 53%"); `None` when it does not print it.
    pub written: Option<String>,
    /// How a figure the document does not print was obtained; `None` when it prints it.
    pub obtained: Option<String>,
    /// Whether the document states the row's period or it was inferred; `None` when the file has no `dated` column.
    pub dated: Option<PeriodBasis>,
    /// Scope, definitions and anything a reader needs to use the figure rightly; `None` when empty.
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
            (WorkforceMeasure::Headcount, Scope::Organisation) => format!("staff.{}.{}", self.status, self.group),
            (WorkforceMeasure::Headcount, Scope::ResearchUnits) => format!("unit_staff.{}", self.employer),
            (WorkforceMeasure::AverageAge, _) => format!("age.{}.{}", self.status, self.group),
            (WorkforceMeasure::AverageAgeChange, _) => format!("age_change.{}.{}", self.status, self.group),
            (WorkforceMeasure::FixedTermShare, _) => format!("fixed_term_share.{}.{}", self.status, self.group),
            (WorkforceMeasure::FteShare, _) => format!("unit_fte_share.{}", self.employer),
        }
    }

    fn may_be_negative(&self) -> bool {
        self.measure == WorkforceMeasure::AverageAgeChange
    }

    fn check(&self, _org: &Organisation, _file: &str) -> Vec<FieldProblem> {
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
        // The units' staff is published as headcounts and FTE shares only, and an FTE share is
        // of the units' staff: any other pair would build a series of the other scope.
        let unit_measure = matches!(m, WorkforceMeasure::Headcount | WorkforceMeasure::FteShare);
        match self.scope {
            Scope::ResearchUnits if !unit_measure => p.push(problem(
                "scope",
                format!(
                    "'organisation' for measure '{m}' (the research units' staff has headcounts and FTE shares only)"
                ),
                format!("'{}'", self.scope),
            )),
            Scope::Organisation if m == WorkforceMeasure::FteShare => p.push(problem(
                "scope",
                "'research_units' for measure 'fte_share' (a share of the research units' staff)",
                format!("'{}'", self.scope),
            )),
            _ => {}
        }
        match self.scope {
            Scope::Organisation if self.employer != Employer::Organisation => p.push(problem(
                "employer",
                "'organisation' for the organisation's own staff (scope 'organisation')",
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

    /// Only the organisation's headcounts: their totals are sums of their parts (the derived
    /// `staff.…` series). An average or a share is no sum of its parts, and the units' employers
    /// do not make up their whole staff (partners other than universities and hospitals are
    /// not listed).
    fn breakdown(&self) -> Vec<Vec<String>> {
        if (self.measure, self.scope) != (WorkforceMeasure::Headcount, Scope::Organisation) {
            return Vec::new();
        }
        let prefix = self.series();
        let base = prefix.rsplitn(3, '.').last().unwrap_or_default().to_string();
        let mut sets = Vec::new();
        if self.status == Status::All {
            sets.push(vec![
                format!("{base}.permanent.{}", self.group),
                format!("{base}.contract.{}", self.group),
            ]);
        }
        if self.group == StaffGroup::All {
            sets.push(vec![
                format!("{base}.{}.scientists", self.status),
                format!("{base}.{}.support", self.status),
            ]);
        }
        sets
    }
}

/// A row of `budget.csv`: one budget line in one year, in EUR million.
#[derive(Debug, Clone, Deserialize)]
pub struct BudgetRow {
    /// Which revenue or spending line the figure is.
    pub line: BudgetLine,
    /// `budget_revenues` (VII.4.a's main text) or `other_revenue_balance` (footnote 122's balance).
    pub basis: BudgetBasis,
    /// The year of the figure (`YYYY`).
    pub period: Period,
    /// The figure as written, in `unit`; the decimals written are the precision the audit assumes.
    pub value: Number,
    /// Always `EUR million`.
    pub unit: Unit,
    /// How the text qualifies the figure (`around`, `more_than`, …); `None` when it does not.
    pub qualifier: Option<Qualifier>,
    /// Id of the document the figure comes from, as listed in `sources.csv`.
    pub source: String,
    /// Section and footnote of the figure in the document, e.g. `VII.3.a fn104`.
    pub locator: String,
    /// The figure as the document prints it ("8,691", "around 53%"); `None` when it does not print it.
    pub written: Option<String>,
    /// How a figure the document does not print was obtained; `None` when it prints it.
    pub obtained: Option<String>,
    /// Whether the document states the row's period or it was inferred; `None` when the file has no `dated` column.
    pub dated: Option<PeriodBasis>,
    /// Scope, definitions and anything a reader needs to use the figure rightly; `None` when empty.
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

    fn check(&self, _org: &Organisation, _file: &str) -> Vec<FieldProblem> {
        let mut p: Vec<FieldProblem> = Vec::new();
        p.extend(expect_unit(self.unit, Unit::EurMillion, "budget figures"));
        p.extend(expect_period(&self.period, &["year"], "a budget figure"));
        p
    }
}

/// A row of `publications.csv`: a bibliometric figure of the organisation or a comparator in one field.
#[derive(Debug, Clone, Deserialize)]
pub struct PublicationRow {
    /// `organisation` for the organisation itself, or a comparator's `id` from `organisation.toml`.
    pub entity: Code,
    /// The field: an ERC domain (`LS`), one of its panels (`LS1`…`LS9`), or `all`.
    pub field: Code,
    /// What the row measures: a publication share, a citation score, or a co-publication or open-access share.
    pub measure: PublicationMeasure,
    /// Fractional or full count: required for shares of French publications, `None` where the source gives none.
    pub count_method: Option<CountMethod>,
    /// The bibliometric window (`YYYY/YYYY`) or a year (`YYYY`).
    pub period: Period,
    /// The figure as written, in `unit`; the decimals written are the precision the audit assumes.
    pub value: Number,
    /// `index` for citation scores, `percent` for everything else.
    pub unit: Unit,
    /// How the text qualifies the figure (`around`, `more_than`, …); `None` when it does not.
    pub qualifier: Option<Qualifier>,
    /// Id of the document the figure comes from, as listed in `sources.csv`.
    pub source: String,
    /// Section and footnote of the figure in the document, e.g. `VII.3.a fn104`.
    pub locator: String,
    /// The figure as the document prints it ("8,691", "around 53%"); `None` when it does not print it.
    pub written: Option<String>,
    /// How a figure the document does not print was obtained; `None` when it prints it.
    pub obtained: Option<String>,
    /// Whether the document states the row's period or it was inferred; `None` when the file has no `dated` column.
    pub dated: Option<PeriodBasis>,
    /// Scope, definitions and anything a reader needs to use the figure rightly; `None` when empty.
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

    fn check(&self, org: &Organisation, _file: &str) -> Vec<FieldProblem> {
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
        if !org.entities().contains(&self.entity.as_str()) {
            p.push(problem(
                "entity",
                format!(
                    "'{SELF_ENTITY}' or a comparator declared in organisation.toml ({})",
                    org.entities()[1..].join(", ")
                ),
                format!("'{}'", self.entity),
            ));
        }
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

/// A row of `eu_funding.csv`: European funding received, or projects of an EU programme.
#[derive(Debug, Clone, Deserialize)]
pub struct EuFundingRow {
    /// `all`, or a programme's code such as `horizon_europe` (its name comes from `report.toml`'s labels);
    /// project counts need a named programme.
    pub programme: Code,
    /// Funding received, or the programme's projects the organisation took part in or coordinated.
    pub measure: EuMeasure,
    /// A year (`YYYY`) for funding, the programme's range of years (`YYYY/YYYY`) for project counts.
    pub period: Period,
    /// The figure as written, in `unit`; the decimals written are the precision the audit assumes.
    pub value: Number,
    /// `EUR million` for funding, `projects` for project counts.
    pub unit: Unit,
    /// How the text qualifies the figure (`around`, `more_than`, …); `None` when it does not.
    pub qualifier: Option<Qualifier>,
    /// Id of the document the figure comes from, as listed in `sources.csv`.
    pub source: String,
    /// Section and footnote of the figure in the document, e.g. `VII.3.a fn104`.
    pub locator: String,
    /// The figure as the document prints it ("8,691", "around 53%"); `None` when it does not print it.
    pub written: Option<String>,
    /// How a figure the document does not print was obtained; `None` when it prints it.
    pub obtained: Option<String>,
    /// Whether the document states the row's period or it was inferred; `None` when the file has no `dated` column.
    pub dated: Option<PeriodBasis>,
    /// Scope, definitions and anything a reader needs to use the figure rightly; `None` when empty.
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

    fn check(&self, _org: &Organisation, _file: &str) -> Vec<FieldProblem> {
        let mut p = Vec::new();
        match self.measure {
            EuMeasure::EuropeanFunding => {
                p.extend(expect_unit(self.unit, Unit::EurMillion, "European funding"));
                p.extend(expect_period(&self.period, &["year"], "European funding"));
            }
            EuMeasure::Participations | EuMeasure::Coordinations => {
                p.extend(expect_unit(self.unit, Unit::Projects, "projects"));
                p.extend(expect_period(&self.period, &["range"], "a programme's projects"));
                if self.programme.as_str() == "all" {
                    p.push(problem("programme", "a named programme for project counts", "'all'"));
                }
            }
        }
        p
    }
}

/// A row of a domain file the data directory declares (`domains.toml`): the series id written
/// out, with the common columns.
#[derive(Debug, Clone, Deserialize)]
pub struct SeriesRow {
    /// Series id: the domain's id, then codes joined by dots (`gender.women_share.all`).
    pub series: String,
    /// A date, a year or a range of years.
    pub period: Period,
    /// The figure as written, in `unit`; the decimals written are the precision the audit assumes.
    pub value: Number,
    /// The unit `value` is stated in.
    pub unit: Unit,
    /// How the text qualifies the figure (`around`, `more_than`, …); `None` when it does not.
    pub qualifier: Option<Qualifier>,
    /// Id of the document the figure comes from, as listed in `sources.csv`.
    pub source: String,
    /// Section and footnote of the figure in the document, e.g. `VII.3.c fn115`.
    pub locator: String,
    /// The figure as the document prints it ("8,691", "around 53%"); `None` when it does not print it.
    pub written: Option<String>,
    /// How a figure the document does not print was obtained; `None` when it prints it.
    pub obtained: Option<String>,
    /// Whether the document states the row's period or it was inferred; `None` when the file has no `dated` column.
    pub dated: Option<PeriodBasis>,
    /// Scope, definitions and anything a reader needs to use the figure rightly; `None` when empty.
    pub note: Option<String>,
}

impl DataRow for SeriesRow {
    /// Declared domains have their own file names; this is the columns' reference only.
    const FILE: &'static str = "{domain}.csv";
    const COLUMNS: &'static [&'static str] = &[
        "series",
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
        self.series.clone()
    }

    fn check(&self, _org: &Organisation, file: &str) -> Vec<FieldProblem> {
        let domain = file.strip_suffix(".csv").unwrap_or(file);
        let ok = crate::load::domains::is_series_id(&self.series) && self.series.split('.').next() == Some(domain);
        if ok {
            Vec::new()
        } else {
            vec![problem(
                "series",
                format!(
                    "a series id of domain '{domain}': '{domain}.' then codes of letters, digits, '_' and '-' joined by dots"
                ),
                format!("{:?}", self.series),
            )]
        }
    }
}

/// Expected-value text for a column, for messages about unparseable fields.
pub(crate) fn column_expectation(column: &str) -> String {
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
        "entity" => format!("'{SELF_ENTITY}' or a comparator's id from organisation.toml"),
        "field" | "programme" => "a code of letters, digits and '_'".into(),
        "count_method" => format!("empty or {}", one_of(CountMethod::ALL)),
        "unit" => one_of(Unit::ALL),
        "qualifier" => format!("empty or {}", one_of(Qualifier::ALL)),
        "dated" => format!("empty or {}", one_of(PeriodBasis::ALL)),
        "period" => crate::period::PERIOD_FORMS.to_string(),
        "value" | "stated" => format!(
            "a number written with digits and an optional decimal point (no thousands separator), at most {} digits before it",
            crate::load::MAX_INTEGER_DIGITS
        ),
        _ => "a value".into(),
    }
}

/// Why `id` is not a series id any data row or derived series can build, if it is not: the
/// grammar of series ids of the data dictionary, with the closed vocabularies and the entities
/// the organisation file declares.
pub fn series_id_problem(id: &str, org: &Organisation, domains: &crate::schema::Domains) -> Option<String> {
    if crate::schema::DERIVED_SERIES.iter().any(|d| d.id == id) {
        return None;
    }
    if let Some(d) = domains.get(domains.domain_of(id))
        && d.declared()
    {
        return (!crate::load::domains::is_series_id(id)).then(|| format!("see the series of {}", d.file));
    }
    let code = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let parts: Vec<&str> = id.split('.').collect();
    let ok = match parts.as_slice() {
        ["staff" | "age" | "age_change" | "fixed_term_share", status, group] => {
            Status::ALL.contains(status) && StaffGroup::ALL.contains(group)
        }
        ["unit_staff" | "unit_fte_share", employer] => Employer::ALL.contains(employer),
        [basis, line] if BudgetBasis::ALL.contains(basis) => BudgetLine::ALL.contains(line),
        [measure, entity, field] if PublicationMeasure::ALL.contains(measure) => {
            org.entities().contains(entity) && code(field)
        }
        [measure, entity, field, count] if PublicationMeasure::ALL.contains(measure) => {
            org.entities().contains(entity) && code(field) && CountMethod::ALL.contains(count)
        }
        ["eu", programme, measure] => code(programme) && EuMeasure::ALL.contains(measure),
        _ => false,
    };
    (!ok).then(|| "see the README's data dictionary".to_string())
}
