//! How every output marks a figure whose period its document does not state (a data row's
//! `dated` is `inferred`): the period followed by a dagger, and one legend wherever a dagger
//! appears; tables say it in a column, as the data files do.

use crate::load::vocab::PeriodBasis;
use crate::period::Period;

/// The mark written after an inferred period: `31 Dec 2019†`.
pub const MARK: &str = "\u{2020}";

/// What the mark means, written once below whatever carries it.
pub const LEGEND: &str =
    "\u{2020} The document gives no date for this figure: its period was inferred (the note of its data row says how).";

/// A period's label for readers, marked when it is inferred.
pub fn label(period: &Period, inferred: bool) -> String {
    let mut s = period.label();
    if inferred {
        s.push_str(MARK);
    }
    s
}

/// The code a table's `dated` column writes: `inferred` when any input's period is, else
/// `stated`, as the data files' own `dated` column.
pub fn code(inferred: bool) -> &'static str {
    if inferred {
        PeriodBasis::Inferred.code()
    } else {
        PeriodBasis::Stated.code()
    }
}

/// The same, where a period is not marked but annotated (a workbook cell's note).
pub const NOTE: &str =
    "Period inferred: the document gives no date for this figure (the note of its data row says how).";

/// Columns of the tables: whether the period is inferred (the first), and the period (the
/// second), in the tables that have both.
pub const PERIOD_COLUMNS: [(&str, &str); 3] = [
    ("dated", "period"),
    ("dated", "to"),
    ("compared_dated", "compared_period"),
];
