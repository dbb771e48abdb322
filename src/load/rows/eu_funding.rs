//! The rows of `eu_funding.csv`.

use super::{Common, DomainRow, FieldProblem, expect_period, expect_unit, problem};
use crate::load::organisation::Organisation;
use crate::load::vocab::*;

domain_row! {
    /// A row of `eu_funding.csv`: European funding received, or projects of an EU programme.
    ///
    /// Period: a year (`YYYY`) for funding, the programme's range of years (`YYYY/YYYY`) for project counts.
    /// Unit: `EUR million` for funding, `projects` for project counts.
    pub struct EuFundingRow {
        /// `all`, or a programme's code such as `horizon_europe` (its name comes from `report.toml`'s labels);
        /// project counts need a named programme.
        pub programme: Code,
        /// Funding received, or the programme's projects the organisation took part in or coordinated.
        pub measure: EuMeasure,
    }
}

impl DomainRow for EuFundingRow {
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
