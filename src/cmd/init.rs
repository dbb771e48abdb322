//! `init`: a new data directory for another organisation.

use std::io::Write as _;
use std::path::Path;

use orgmetrics::error::Error;

/// Writes a data directory for `organisation` in `dir`, its code `id` or one derived from its name.
pub fn run(dir: &Path, organisation: &str, id: Option<&str>) -> Result<(), Error> {
    let written = orgmetrics::init::init(dir, organisation, id)?;
    outln!("{}: {} files written for {organisation}", dir.display(), written.len());
    outln!(
        "next: add rows to its CSV files, then `orgmetrics validate --data {}`",
        dir.display()
    );
    Ok(())
}
