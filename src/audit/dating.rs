//! How the audit treats a comparison that rests on a period a document does not state (a claim
//! or data row with `dated = inferred`, or a claim without a period): why, in words, for the
//! finding's note, and the verdict it turns an inconsistency into.

use crate::audit::row::AuditRow;
use crate::load::rowref::Inputs;
use crate::load::{Claim, Dataset, Observation};
use crate::period::Period;

/// `text` with its first letter in capitals.
pub(super) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        format!("{}{}", first.to_uppercase(), chars.as_str())
    })
}

/// Why a claim's own period is not the document's, if it is not: `Some("")` for an undated
/// claim (its note already says so), the reason for one whose period is inferred.
pub(super) fn claim_dating(claim: &Claim, to: &Period) -> Option<String> {
    match claim.to {
        None => Some(String::new()),
        // Short: it leads a note the claim's row already names.
        Some(_) if claim.reading.is_inferred() => Some(format!(
            "the period of {} ({}) is inferred, not stated",
            claim.id,
            to.label()
        )),
        Some(_) => None,
    }
}

/// Why the data rows of `inputs` make a comparison rest on a period no document states: one
/// reason for each row whose period is inferred.
pub(super) fn rows_dating(ds: &Dataset, inputs: &Inputs) -> Vec<String> {
    ds.inferred_of(inputs)
        .iter()
        .filter_map(|r| ds.observation(r))
        .map(observation_dating)
        .collect()
}

/// `the period of units.csv:4 (31 Dec 2019) is inferred, not stated (see that row's note)`:
/// short, as it leads a note a reader sees in a table row; the row's own note says how.
pub(super) fn observation_dating(o: &Observation) -> String {
    format!(
        "the period of {} ({}) is inferred, not stated (see that row's note)",
        o.row_ref(),
        o.period.label()
    )
}

impl AuditRow {
    /// The row once the periods it compares are known: `reasons` are why some are inferred
    /// (empty strings for a reason the note already gives). An inconsistency that rests on
    /// one becomes uncertain, and its note says why first.
    pub(super) fn given_dating(mut self, reasons: Vec<String>) -> AuditRow {
        self.inferred = !reasons.is_empty();
        let verdict = self.verdict.given_dating(self.inferred);
        if verdict != self.verdict {
            let why: Vec<&str> = reasons.iter().map(String::as_str).filter(|r| !r.is_empty()).collect();
            self.note = match (why.is_empty(), self.note.as_str()) {
                (true, note) => format!("Uncertain: {}", lowercased(note)),
                (false, "") => format!("Uncertain: {}.", why.join("; ")),
                // The note as written after a dash: its first letter may be a locator's (`fn22`).
                (false, note) => format!("Uncertain: {} \u{2014} {note}", why.join("; ")),
            };
            self.verdict = verdict;
        }
        self
    }
}

/// `text` with its first letter in lower case.
fn lowercased(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        format!("{}{}", first.to_lowercase(), chars.as_str())
    })
}
