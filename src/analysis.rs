//! What the load, compute and audit stages produce from one data directory: the typed values
//! every writer reads.

use std::path::Path;

use crate::audit::{self, AuditRow};
use crate::compute::indicators::{self, Computed};
use crate::compute::projections::{self, Projections};
use crate::error::Result;
use crate::load::{self, Dataset};

/// Everything computed from one data directory.
pub struct Analysis {
    pub dataset: Dataset,
    pub computed: Computed,
    pub projections: Projections,
    pub audit: Vec<AuditRow>,
}

pub fn analyse(data: &Path) -> Result<Analysis> {
    let dataset = load::load(data)?;
    let computed = indicators::compute(&dataset)?;
    let projections = projections::project(&dataset, &computed)?;
    let audit = audit::audit(&dataset, &computed)?;
    Ok(Analysis {
        dataset,
        computed,
        projections,
        audit,
    })
}
