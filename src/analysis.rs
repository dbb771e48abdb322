//! What the load, compute and audit stages produce from one data directory: the typed values
//! every writer reads.

use std::path::Path;

use crate::audit::coverage::{self, Coverage};
use crate::audit::{self, AuditRow};
use crate::compute::NotComputed;
use crate::compute::indicators::{self, Computed};
use crate::compute::key_figures::{self, KeyFigure};
use crate::compute::projections::{self, Projections};
use crate::error::Result;
use crate::load::{self, Dataset};
use crate::timings::Timings;

/// Everything computed from one data directory.
pub struct Analysis {
    /// The data directory as loaded, with its report definition.
    pub dataset: Dataset,
    /// Every series (data and derived) and every indicator row of the catalogue.
    pub computed: Computed,
    /// The report definition's projections and the answers to its questions.
    pub projections: Projections,
    /// The report definition's key figures that the data could fill, in its order.
    pub key_figures: Vec<KeyFigure>,
    /// Audited claims, then conflicts.
    pub audit: Vec<AuditRow>,
    /// What the data record of the documents whose texts were read.
    pub coverage: Coverage,
    /// Report items the data cannot fill, with the reason, from every stage so far (the render
    /// stage adds its own).
    pub not_computed: Vec<NotComputed>,
}

/// Loads a data directory and runs the compute and audit stages on it.
pub fn analyse(data: &Path) -> Result<Analysis> {
    let dataset = load::load(data)?;
    analyse_dataset(dataset)
}

/// Runs the compute and audit stages on a loaded dataset.
pub fn analyse_dataset(dataset: Dataset) -> Result<Analysis> {
    analyse_timed(dataset, &mut Timings::default())
}

/// The key figures, projections and audit of a dataset whose catalogue is computed (by
/// [`indicators::compute_all`] for a panel).
pub fn analyse_computed(dataset: Dataset, computed: Computed) -> Result<Analysis> {
    let mut not_computed = Vec::new();
    not_computed.extend(computed.gaps.iter().cloned());
    indicators::declared_missing(&dataset, &computed, &mut not_computed);
    let key_figures = key_figures::key_figures(&dataset, &computed, &mut not_computed);
    let projections = projections::project(&dataset, &computed, &mut not_computed)?;
    let audit = audit::audit(&dataset, &computed, &mut not_computed);
    let coverage = coverage::measure(&dataset);
    Ok(Analysis {
        dataset,
        computed,
        projections,
        key_figures,
        audit,
        coverage,
        not_computed,
    })
}

/// [`analyse_dataset`], recording the time of the catalogue (`compute`) and of the key figures,
/// projections and audit (`audit`).
pub fn analyse_timed(dataset: Dataset, timings: &mut Timings) -> Result<Analysis> {
    let computed = timings.time("compute", || indicators::compute(&dataset))?;
    timings.time("audit", || analyse_computed(dataset, computed))
}
