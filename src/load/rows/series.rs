//! The generic row of the domains a data directory declares.

use super::{Common, DomainRow, FieldProblem, problem};
use crate::load::organisation::Organisation;

domain_row! {
    /// A row of a domain file the data directory declares (`domains.toml`): the series id written
    /// out, with the common columns.
    pub struct SeriesRow {
        /// Series id: the domain's id, then codes joined by dots (`gender.women_share.all`).
        pub series: String,
    }
}

impl DomainRow for SeriesRow {
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
