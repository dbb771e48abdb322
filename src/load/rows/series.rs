//! The generic row of the domains a data directory declares.

use serde::Deserialize;

use super::{Common, DomainRow, FieldProblem, problem};
use crate::load::Number;
use crate::load::organisation::Organisation;
use crate::load::vocab::*;
use crate::period::Period;

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
