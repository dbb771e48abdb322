//! The rows of `budget.csv`.

use serde::Deserialize;

use super::{Common, DomainRow, FieldProblem, expect_period, expect_unit};
use crate::load::Number;
use crate::load::organisation::Organisation;
use crate::load::vocab::*;
use crate::period::Period;

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

impl DomainRow for BudgetRow {
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
