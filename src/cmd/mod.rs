//! The commands, one file each: each takes its parsed arguments, runs the library's stages and
//! prints what the user reads.

pub mod audit;
pub mod coverage;
pub mod init;
pub mod report;
pub mod synth;
pub mod validate;

use orgmetrics::error::Error;

/// Refuses a panel given where one organisation's data directory is expected, saying what to
/// add, rather than reporting its missing organisation.toml.
pub fn one_organisation(data: &std::path::Path) -> Result<(), Error> {
    if data.join("organisation.toml").exists() {
        return Ok(());
    }
    match orgmetrics::load::panel::members(data) {
        Ok(members) if !members.is_empty() => Err(Error::Other(format!(
            "{} holds no organisation.toml but {} organisations' data directories: it is a panel; \
             add --all for all of them, or --organisation ID for one",
            data.display(),
            members.len()
        ))),
        _ => Ok(()),
    }
}
