//! The output directory: what a run may replace, and replacing it atomically.
//!
//! A run renders everything in memory, writes it to a directory beside the output directory, then
//! swaps it in, so a failed run leaves the previous output as it was. The swap deletes the
//! previous output, so a run replaces only what it recognises as written by orgmetrics:
//!
//! - nothing (the directory is absent) or an empty directory;
//! - a report: its `manifest.json` names every file it holds;
//! - a panel's output: the panel tables under `panel/` and, beside them, organisations' reports.
//!
//! Anything else holds files the user put there, and is refused before anything is computed, then
//! checked again once it has been moved aside and before it is deleted: a file added during the
//! run is kept too. Runs into the same output at the same time all succeed; the last one's
//! output stays.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::load::InputFile;

/// The file a report writes last, naming every other file it wrote.
pub const MANIFEST: &str = "manifest.json";

/// The folder of a panel's output that holds its own tables.
pub const PANEL_DIR: &str = "panel";

/// The panel tables, under [`PANEL_DIR`].
pub const PANEL_TABLES: [&str; 2] = ["indicators.csv", "key_figures.csv"];

/// The panel's other files under [`PANEL_DIR`]: its page, summary, distributions and workbook.
pub const PANEL_FILES: [&str; 4] = ["index.html", "summary.md", "distributions.csv", "workbook.xlsx"];

/// What a run writes, and so the earlier outputs it may replace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// One organisation's report: replaces only an earlier report.
    Report,
    /// A panel's output (`report --all`): replaces an earlier panel output, or a report.
    Panel,
}

mod ours;
mod swap;

pub use ours::{claim, foreign_entries};
pub use swap::{staging_dir, swap_in, write_atomically};

pub(crate) fn mkdir(p: &Path) -> Result<()> {
    fs::create_dir_all(p).map_err(|e| Error::io(p, e))
}

/// Writes the files under `dir`, creating the directories they need.
pub fn write_files(files: &[(String, Vec<u8>)], dir: &Path) -> Result<()> {
    for (rel, bytes) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            mkdir(parent)?;
        }
        fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}

/// Refuses an output directory whose replacement would delete the data: the data directory
/// itself, or a directory that holds it (`--out .` with `--data data`, or `--data d --out d`).
pub fn check_output(data: &Path, out: &Path) -> Result<()> {
    spare(out, data, |real| format!("the data directory {}", real.display()))
}

/// Refuses an output directory that holds a file the data were read from: a data file that is a
/// link to a file under `out` would go with it.
pub fn check_inputs_outside(out: &Path, inputs: &[InputFile]) -> Result<()> {
    inputs.iter().try_for_each(|f| {
        spare(out, &f.path, |real| {
            format!("{}, which {} is", real.display(), f.path.display())
        })
    })
}

/// Refuses `out` if replacing it would delete `path`: if `out` is, or holds, where `path` really
/// is (named by `what` from that place). A `path` that does not exist is the loader's to report.
fn spare(out: &Path, path: &Path, what: impl FnOnce(&Path) -> String) -> Result<()> {
    let Ok(real) = path.canonicalize() else {
        return Ok(());
    };
    let out = resolved(out);
    if real.starts_with(&out) {
        return Err(Error::Other(format!(
            "{}: the output directory is replaced as a whole, and it holds {}; choose another --out",
            out.display(),
            what(&real)
        )));
    }
    Ok(())
}

/// Where `path` is or would be: its longest existing ancestor as the system resolves it (links
/// followed before any `..` after them), then the rest of it, which does not exist, by its text.
pub(crate) fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let components: Vec<Component> = absolute.components().collect();
    for k in (1..=components.len()).rev() {
        let Ok(mut real) = components[..k].iter().collect::<PathBuf>().canonicalize() else {
            continue;
        };
        for c in &components[k..] {
            match c {
                Component::ParentDir => {
                    real.pop();
                }
                Component::CurDir => {}
                c => real.push(c),
            }
        }
        return real;
    }
    absolute
}

/// The directory that holds `out`, where its replacement is built.
fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests;
