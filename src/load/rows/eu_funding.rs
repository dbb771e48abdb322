//! The rows of `eu_funding.csv`.

use serde::Deserialize;

use super::{Common, DomainRow, FieldProblem, expect_period, expect_unit, problem};
use crate::load::Number;
use crate::load::organisation::Organisation;
use crate::load::vocab::*;
use crate::period::Period;

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
