//! `coverage`: every figure the documents print, and how the data treat it.

use std::io::Write as _;
use std::path::Path;

use orgmetrics::error::Error;

/// Prints the coverage of the documents by the data in `data`; each figure too if `list`.
pub fn run(data: &Path, list: bool) -> Result<(), Error> {
    super::one_organisation(data)?;
    let ds = orgmetrics::load::load(data)?;
    if let Some(w) = ds.evidence.warning() {
        errln!("warning: {w}");
    }
    let c = orgmetrics::audit::coverage::measure(&ds);
    out!("{}", orgmetrics::audit::coverage::render(&c, list));
    Ok(())
}
