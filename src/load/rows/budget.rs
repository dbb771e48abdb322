//! The rows of `budget.csv`.

use super::{Common, DomainRow, FieldProblem, expect_period, expect_unit};
use crate::load::organisation::Organisation;
use crate::load::vocab::*;

domain_row! {
    /// A row of `budget.csv`: one budget line in one year, in EUR million.
    ///
    /// Period: the year of the figure (`YYYY`).
    /// Unit: always `EUR million`.
    pub struct BudgetRow {
        /// Which revenue or spending line the figure is.
        pub line: BudgetLine,
        /// `budget_revenues` (VII.4.a's main text) or `other_revenue_balance` (footnote 122's balance).
        pub basis: BudgetBasis,
    }
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
