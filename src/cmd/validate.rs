//! `validate`: check the data (one organisation, or every one of a panel), then list the report
//! items the data cannot fill.

use std::io::Write as _;
use std::path::Path;

use orgmetrics::error::Error;
use orgmetrics::report;

/// Validates every organisation of the panel in `data`.
pub fn panel(data: &Path) -> Result<(), Error> {
    let panel = orgmetrics::load::panel::load_panel(data, None)?;
    let n: usize = panel.iter().map(|d| d.observations.len()).sum();
    outln!(
        "{}: {} organisations, {n} observations, all valid",
        data.display(),
        panel.len()
    );
    Ok(())
}

/// Validates one organisation's data directory: its rows, the figures its documents print, and
/// the report items its data cannot fill.
pub fn one(data: &Path) -> Result<(), Error> {
    super::one_organisation(data)?;
    let ds = orgmetrics::load::load(data)?;
    outln!(
        "{}: {} observations from {} sources, all valid",
        data.display(),
        ds.observations.len(),
        ds.sources.len()
    );
    let ev = &ds.evidence;
    if !ev.texts.is_empty() {
        outln!(
            "{} figures found as written in the passages their locators name, in {} document(s)",
            ev.checked(),
            ev.texts.len()
        );
    }
    if !ev.not_printed.is_empty() {
        outln!("{} figure(s) the documents do not print:", ev.not_printed.len());
        for n in &ev.not_printed {
            outln!("  {}: {}", n.row, n.how);
        }
    }
    if let Some(w) = ev.warning() {
        errln!("warning: {w}");
    }
    let a = orgmetrics::analysis::analyse_dataset(ds)?;
    // Nothing drawn, nothing written: the charts are resolved and described, and the workbook
    // made in memory, so that what it could not hold fails here, not at `report`.
    let not_computed = report::check(&a)?;
    if not_computed.is_empty() {
        outln!("every item of the report definition can be computed from the data");
    } else {
        outln!("{} report item(s) the data cannot fill:", not_computed.len());
        for n in &not_computed {
            outln!("  {}: {}", n.item, n.reason);
        }
    }
    Ok(())
}
