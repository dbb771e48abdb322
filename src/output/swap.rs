//! Replacing an output directory atomically: its replacement is built beside it, then the two
//! are swapped, the old one checked again before it is deleted.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::ours::{ensure_ours, refuse_a_file};
use super::{Written, mkdir, parent_of, write_files};
use crate::error::{Error, Result};

/// How many times a swap is tried again when another run put its output in place meanwhile.
const SWAP_ATTEMPTS: usize = 32;

/// Replaces the directory `out` (as [`claim`] returned it) with one holding exactly `files`:
/// built beside it, then swapped in, so that a failure leaves `out` as it was.
pub fn write_atomically(files: &[(String, Vec<u8>)], out: &Path, kind: Written) -> Result<()> {
    let staging = staging_dir(out)?;
    write_files(files, staging.path())?;
    swap_in(staging, out, kind)
}

/// An empty directory beside `out` to build its replacement in; removed if dropped.
pub fn staging_dir(out: &Path) -> Result<tempfile::TempDir> {
    refuse_a_file(out, out)?;
    let parent = parent_of(out);
    mkdir(&parent)?;
    tempfile::Builder::new()
        .prefix(".orgmetrics-new-")
        .tempdir_in(&parent)
        .map_err(|e| Error::io(&parent, e))
}

/// Puts the staging directory in the place of `out`: the old output moves aside, is checked to be
/// orgmetrics' (put back and refused if not), the new one takes its name, the old one is removed.
/// Should another run put its output in place between those two moves, that one is moved aside
/// in turn: the last run to swap wins, and none fails for it.
pub fn swap_in(staging: tempfile::TempDir, out: &Path, kind: Written) -> Result<()> {
    let parent = parent_of(out);
    let old = tempfile::Builder::new()
        .prefix(".orgmetrics-old-")
        .tempdir_in(&parent)
        .map_err(|e| Error::io(&parent, e))?;
    let staged = staging.keep();
    let result = swap_attempts(&staged, out, old.path(), kind);
    if result.is_err() {
        let _ = fs::remove_dir_all(&staged);
    }
    match result {
        Err(Failed::KeepOld(e)) => {
            let kept = old.keep();
            Err(Error::Other(format!(
                "{}; the previous output could not be put back and is kept under {}",
                e,
                kept.display()
            )))
        }
        Err(Failed::Plain(e)) => Err(e),
        Ok(()) => Ok(()),
    }
}

/// Why a swap failed: with the previous output put back (or never moved), or kept aside.
enum Failed {
    Plain(Error),
    KeepOld(Error),
}

fn swap_attempts(staged: &Path, out: &Path, old: &Path, kind: Written) -> std::result::Result<(), Failed> {
    let mut previous: Option<PathBuf> = None;
    for attempt in 0..SWAP_ATTEMPTS {
        let aside = old.join(attempt.to_string());
        match fs::rename(out, &aside) {
            Ok(()) => {
                if let Err(e) = ensure_ours(&aside, out, kind) {
                    return Err(put_back(&aside, out, e));
                }
                previous = Some(aside);
            }
            // Absent, or just moved aside by another run.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(Failed::Plain(Error::io(out, e))),
        }
        match fs::rename(staged, out) {
            Ok(()) => return Ok(()),
            // Another run's output took the place in between: move it aside too.
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::DirectoryNotEmpty | io::ErrorKind::AlreadyExists
                ) => {}
            Err(e) => {
                let e = Error::io(out, e);
                return Err(match &previous {
                    Some(p) => put_back(p, out, e),
                    None => Failed::Plain(e),
                });
            }
        }
    }
    Err(Failed::Plain(Error::Other(format!(
        "{}: other runs kept replacing this output; run again",
        out.display()
    ))))
}

/// Puts `aside` back at `out` and fails with `e`, or says that it stays aside.
fn put_back(aside: &Path, out: &Path, e: Error) -> Failed {
    match fs::rename(aside, out) {
        Ok(()) => Failed::Plain(e),
        Err(_) => Failed::KeepOld(e),
    }
}
