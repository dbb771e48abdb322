//! The rows of `workforce.csv`.

use super::{Common, DomainRow, FieldProblem, expect_period, expect_unit, problem};
use crate::load::organisation::Organisation;
use crate::load::vocab::*;

domain_row! {
    /// A row of `workforce.csv`: a staff figure of the organisation or of its research units.
    ///
    /// Period: a date (`YYYY-MM-DD`) for headcounts, a year or a date for average ages and shares, a range for age changes.
    /// Unit: `persons` for headcounts, `years` for average ages and their changes, `percent` for shares.
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
    }
}

impl DomainRow for WorkforceRow {
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
        p.extend(expect_unit(self.unit, unit, format_args!("measure '{m}'")));
        p.extend(expect_period(&self.period, kinds, format_args!("measure '{m}'")));
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
