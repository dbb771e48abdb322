//! The row types of the domain files: the typed rows of the assessment format's domains
//! (workforce, budget, publications, EU funding), with the series id each row builds and the
//! rules each must meet, and the generic row of the domains a data directory declares.

use serde::de::DeserializeOwned;

use crate::load::Number;
use crate::load::organisation::Organisation;
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

/// A row type: its own columns, declared by the caller, then the columns every data row has
/// (one declaration of them for every domain file; `common_fields!` reads them). Its fields are
/// deserialised one by one from the row's header, so that each problem is located at its column.
macro_rules! domain_row {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $($(#[$field_meta:meta])* pub $field:ident: $ty:ty,)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, serde::Deserialize)]
        pub struct $name {
            $($(#[$field_meta])* pub $field: $ty,)*
            /// When the figure holds: a date, a year or a range of years, of the kind the
            /// domain's rules allow.
            pub period: crate::period::Period,
            /// The figure as written, in `unit`; the decimals written are the precision the audit assumes.
            pub value: crate::load::Number,
            /// The unit the figure is stated in, as the domain's rules allow.
            pub unit: crate::load::vocab::Unit,
            /// How the text qualifies the figure (`around`, `more_than`, …); `None` when it does not.
            pub qualifier: Option<crate::load::vocab::Qualifier>,
            /// Id of the document the figure comes from, as listed in `sources.csv`.
            pub source: String,
            /// Section and footnote of the figure in the document, e.g. `VII.3.a fn104`.
            pub locator: String,
            /// The figure as the document prints it ("8,691", "around 53%"); `None` when it does not print it.
            pub written: Option<String>,
            /// How a figure the document does not print was obtained; `None` when it prints it.
            pub obtained: Option<String>,
            /// Whether the document states the row's period or it was inferred; `None` when the file has no `dated` column.
            pub dated: Option<crate::load::vocab::PeriodBasis>,
            /// Scope, definitions and anything a reader needs to use the figure rightly; `None` when empty.
            pub note: Option<String>,
        }
    };
}

/// The body of [`DomainRow::common`] for row types with the common columns as fields.
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
pub trait DomainRow: DeserializeOwned {
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

/// A problem if `unit` is not `wanted`. `what` (e.g. `format_args!`) is formatted only for a
/// problem, not for every row read.
fn expect_unit(unit: Unit, wanted: Unit, what: impl std::fmt::Display) -> Option<FieldProblem> {
    (unit != wanted).then(|| problem("unit", format!("'{wanted}' for {what}"), format!("'{unit}'")))
}

/// A problem if `period` is not of one of `kinds`; `what` formatted only for a problem.
fn expect_period(period: &Period, kinds: &[&str], what: impl std::fmt::Display) -> Option<FieldProblem> {
    (!kinds.contains(&period.kind())).then(|| {
        problem(
            "period",
            format!("a {} for {what}", kinds.join(" or a ")),
            format!("{} '{period}'", period.kind()),
        )
    })
}

mod budget;
mod eu_funding;
mod publications;
mod series;
mod series_id;
mod workforce;

pub use budget::BudgetRow;
pub use eu_funding::EuFundingRow;
pub use publications::PublicationRow;
pub use series::SeriesRow;
pub use series_id::series_id_problem;
pub use workforce::WorkforceRow;
