//! Tests of the compute stage as a whole.

use std::collections::BTreeSet;
use std::path::Path;

use crate::compute::catalogue::{CHANGE_INDICATORS, INDICATOR_IDS};
use crate::compute::indicators::Computed;
use crate::schema::is_builtin_domain;

/// The repository's data, computed.
pub(super) fn repository() -> Computed {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let ds = crate::load::load(&dir).expect("the repository's data load");
    crate::compute::indicators::compute(&ds).expect("the catalogue computes")
}

/// `schema::INDICATOR_IDS` is written out for the load stage, which may not depend on the
/// catalogue: every id the catalogue gives the repository's data for the format's domains is
/// listed there (or among the change indicators), and every listed id is one it gives.
#[test]
fn the_schemas_indicator_ids_are_the_catalogues() {
    let computed = repository();
    let built: BTreeSet<&str> = computed
        .catalogue
        .iter()
        .filter(|i| is_builtin_domain(i.domain))
        .map(|i| i.id)
        .collect();
    let listed: BTreeSet<&str> = INDICATOR_IDS.iter().chain(&CHANGE_INDICATORS).copied().collect();
    assert_eq!(built, listed);
}
