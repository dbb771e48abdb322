//! Which figures rest on a period their document does not state (`dated = inferred`): the rows
//! and claims, found once on loading, and the question every later stage asks of a figure's
//! inputs.

use std::collections::BTreeSet;

use crate::load::rowref::{Inputs, RowRef};
use crate::load::{CLAIMS_FILE, Claim, Dataset, Observation};

/// The rows and claims whose `dated` is `inferred`.
pub fn inferred_rows(observations: &[Observation], claims: &[Claim]) -> BTreeSet<RowRef> {
    let claim_rows = claims.iter().filter(|c| c.reading.is_inferred()).map(|c| RowRef {
        file: CLAIMS_FILE,
        line: c.line,
    });
    observations
        .iter()
        .filter(|o| o.reading.is_inferred())
        .map(Observation::row_ref)
        .chain(claim_rows)
        .collect()
}

impl Dataset {
    /// Whether any row of `inputs` has a period its document does not state: the figure's
    /// period then rests on an inference (the row's note says which). Every writer marks such
    /// a figure from this one answer.
    pub fn inferred(&self, inputs: &Inputs) -> bool {
        // Most datasets state every period: no row to look up.
        !self.inferred_rows.is_empty()
            && inputs
                .0
                .iter()
                .flat_map(|g| g.iter())
                .any(|r| self.inferred_rows.contains(r))
    }

    /// The rows of `inputs` whose period is inferred, in order, each once.
    pub fn inferred_of(&self, inputs: &Inputs) -> Vec<RowRef> {
        let mut rows = inputs.rows();
        rows.retain(|r| self.inferred_rows.contains(r));
        rows
    }
}
