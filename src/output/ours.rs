//! Whether an output directory holds only what orgmetrics wrote, and so may be replaced: a
//! report (its manifest names every file) or a panel's output; and refusing it, saying why,
//! when it does not.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{MANIFEST, PANEL_DIR, PANEL_FILES, PANEL_TABLES, Written, resolved};
use crate::error::{Error, Result};

/// How many foreign entries a refusal names.
const NAMED: usize = 5;

/// Where a run writes its output, after checking that it may replace what is there: `out` itself,
/// or the directory a link at `out` points to (the link is kept). Refuses (exit 1, saying why and
/// what to do) a file, a link to nothing, a directory holding the current directory, and a
/// directory holding anything orgmetrics did not write.
pub fn claim(out: &Path, kind: Written) -> Result<PathBuf> {
    let real = match fs::symlink_metadata(out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => resolved(out),
        Err(e) => return Err(Error::io(out, e)),
        Ok(m) if m.file_type().is_symlink() => match out.canonicalize() {
            Ok(target) => target,
            Err(_) => {
                let target = fs::read_link(out).unwrap_or_default();
                return Err(Error::Other(format!(
                    "{}: a link to {}, which does not exist; create that directory, or choose another --out",
                    out.display(),
                    target.display()
                )));
            }
        },
        Ok(_) => resolved(out),
    };
    refuse_a_file(&real, out)?;
    if let Ok(cwd) = std::env::current_dir().and_then(|d| d.canonicalize())
        && cwd.starts_with(&real)
    {
        return Err(Error::Other(format!(
            "{}: the output directory is replaced as a whole, and the current directory ({}) is in it; \
             run from outside it, or choose another --out",
            out.display(),
            cwd.display()
        )));
    }
    ensure_ours(&real, out, kind)?;
    Ok(real)
}

/// Refuses `path` (named `shown`) if it is something other than a directory. One look: a run
/// swapping its output in at the same moment must not make it seem a file.
pub(super) fn refuse_a_file(path: &Path, shown: &Path) -> Result<()> {
    if fs::metadata(path).is_ok_and(|m| !m.is_dir()) {
        return Err(Error::Other(format!(
            "{}: expected an output directory, found a file; choose another --out",
            shown.display()
        )));
    }
    Ok(())
}

/// Refuses `dir` (named `shown` in the message) if it is not an output a run of `kind` may
/// replace.
pub(super) fn ensure_ours(dir: &Path, shown: &Path, kind: Written) -> Result<()> {
    // A run swapping its output in at the same moment can move what is being read; look again.
    let mut last = None;
    for _ in 0..3 {
        match foreign_entries(dir, kind) {
            Ok(foreign) if foreign.is_empty() => return Ok(()),
            Ok(foreign) => return Err(refusal(shown, &foreign)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => last = Some(e),
            Err(e) => return Err(Error::io(dir, e)),
        }
    }
    match last {
        Some(e) if dir.exists() => Err(Error::io(dir, e)),
        _ => Ok(()),
    }
}

pub(super) fn refusal(out: &Path, foreign: &[String]) -> Error {
    let named: Vec<&str> = foreign.iter().take(NAMED).map(String::as_str).collect();
    let more = foreign.len().saturating_sub(NAMED);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    Error::Other(format!(
        "{}: not replaced: it holds {}{more}, which orgmetrics did not write. A run replaces its output \
         directory as a whole; choose a new or empty directory for --out, or move those files elsewhere",
        out.display(),
        named.join(", ")
    ))
}

/// The entries of `dir` that a run of `kind` may not replace, as paths relative to it
/// (`notes.txt`, `tables/x.csv`); none for an absent or empty directory, a report, or (for a
/// panel's run) a panel's output. Anything else is foreign as a whole: a folder of reports is
/// not a report, and only a panel's run writes a panel's output.
pub fn foreign_entries(dir: &Path, kind: Written) -> io::Result<Vec<String>> {
    let entries = match fs::read_dir(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        r => r?.collect::<io::Result<Vec<_>>>()?,
    };
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    let panel_tables = || PANEL_TABLES.iter().all(|t| dir.join(PANEL_DIR).join(t).is_file());
    if dir.join(MANIFEST).is_file() {
        report_foreign(dir)
    } else if kind == Written::Panel && panel_tables() {
        panel_foreign(entries)
    } else {
        let mut names: Vec<String> = entries
            .iter()
            .map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                if e.file_type().is_ok_and(|t| t.is_dir()) {
                    format!("{name}/")
                } else {
                    name
                }
            })
            .collect();
        names.sort();
        Ok(names)
    }
}

/// What a manifest must say for its directory to be a report of orgmetrics.
#[derive(serde::Deserialize)]
struct Manifest {
    generator: String,
    outputs: Vec<Listed>,
}

#[derive(serde::Deserialize)]
struct Listed {
    path: String,
}

/// The entries of a report's directory that its manifest does not list.
fn report_foreign(dir: &Path) -> io::Result<Vec<String>> {
    let bytes = fs::read(dir.join(MANIFEST))?;
    let listed: HashSet<String> = match serde_json::from_slice::<Manifest>(&bytes) {
        Ok(m) if m.generator.starts_with("orgmetrics") => m.outputs.into_iter().map(|o| o.path).collect(),
        _ => return Ok(vec![format!("{MANIFEST} (not the manifest of an orgmetrics output)")]),
    };
    let mut foreign = Vec::new();
    walk(dir, "", &mut |rel, is_file| {
        if !is_file || (rel != MANIFEST && !listed.contains(rel)) {
            foreign.push(rel.to_string());
        }
    })?;
    Ok(foreign)
}

/// Calls `visit` with the path (relative, `/`-separated) of every file under `dir`, and of every
/// entry that is neither a file nor a directory holding something (`is_file` false): links, empty
/// directories, names that are not UTF-8. A run writes files in directories, nothing else.
fn walk(dir: &Path, prefix: &str, visit: &mut dyn FnMut(&str, bool)) -> io::Result<()> {
    let mut entries = fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
    entries.sort_by_key(fs::DirEntry::file_name);
    for e in entries {
        let name = e.file_name();
        let rel = format!("{prefix}{}", name.to_string_lossy());
        let kind = e.file_type()?;
        if name.to_str().is_none() {
            visit(&rel, false);
        } else if kind.is_file() {
            visit(&rel, true);
        } else if kind.is_dir() {
            let path = e.path();
            if fs::read_dir(&path)?.next().is_none() {
                visit(&format!("{rel}/"), false);
            } else {
                walk(&path, &format!("{rel}/"), visit)?;
            }
        } else {
            visit(&rel, false);
        }
    }
    Ok(())
}

/// The entries of a would-be panel output that are neither its tables nor organisations' reports.
fn panel_foreign(mut entries: Vec<fs::DirEntry>) -> io::Result<Vec<String>> {
    entries.sort_by_key(fs::DirEntry::file_name);
    let per_entry: Vec<io::Result<Vec<String>>> = entries
        .par_iter()
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let kind = e.file_type()?;
            if !kind.is_dir() {
                return Ok(vec![name]);
            }
            let path = e.path();
            if name == PANEL_DIR {
                let mut foreign = Vec::new();
                walk(&path, &format!("{name}/"), &mut |rel, is_file| {
                    let table = rel.strip_prefix(&format!("{name}/")).unwrap_or(rel);
                    if !is_file || !(PANEL_TABLES.contains(&table) || PANEL_FILES.contains(&table)) {
                        foreign.push(rel.to_string());
                    }
                })?;
                return Ok(foreign);
            }
            // An organisation's report: its manifest lists what it holds.
            if !path.join(MANIFEST).is_file() {
                return Ok(vec![format!("{name}/")]);
            }
            Ok(report_foreign(&path)?
                .into_iter()
                .map(|f| format!("{name}/{f}"))
                .collect())
        })
        .collect();
    let mut foreign = Vec::new();
    for r in per_entry {
        foreign.extend(r?);
    }
    Ok(foreign)
}
