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

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

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

/// How many times a swap is tried again when another run put its output in place meanwhile.
const SWAP_ATTEMPTS: usize = 32;

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
fn refuse_a_file(path: &Path, shown: &Path) -> Result<()> {
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
fn ensure_ours(dir: &Path, shown: &Path, kind: Written) -> Result<()> {
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

fn refusal(out: &Path, foreign: &[String]) -> Error {
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

fn mkdir(p: &Path) -> Result<()> {
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
fn resolved(path: &Path) -> PathBuf {
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

/// Replaces the directory `out` (as [`claim`] returned it) with one holding exactly `files`:
/// built beside it, then swapped in, so that a failure leaves `out` as it was.
pub fn write_atomically(files: &[(String, Vec<u8>)], out: &Path, kind: Written) -> Result<()> {
    let staging = staging_dir(out)?;
    write_files(files, staging.path())?;
    swap_in(staging, out, kind)
}

fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn report_dir(dir: &Path, files: &[&str]) {
        for f in files {
            let p = dir.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "x").unwrap();
        }
        let listed: Vec<String> = files.iter().map(|f| format!("{{\"path\": \"{f}\"}}")).collect();
        fs::write(
            dir.join(MANIFEST),
            format!(
                "{{\"generator\": \"orgmetrics 0.1.0\", \"outputs\": [{}]}}",
                listed.join(",")
            ),
        )
        .unwrap();
    }

    #[test]
    fn a_report_holds_only_what_its_manifest_lists() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        report_dir(d, &["index.html", "tables/a.csv"]);
        assert!(foreign_entries(d, Written::Report).unwrap().is_empty());
        fs::write(d.join("notes.txt"), "mine").unwrap();
        fs::create_dir(d.join("empty")).unwrap();
        fs::write(d.join("tables/b.csv"), "mine").unwrap();
        assert_eq!(
            foreign_entries(d, Written::Report).unwrap(),
            ["empty/", "notes.txt", "tables/b.csv"]
        );
    }

    #[test]
    fn a_manifest_of_another_tool_makes_no_output_of_orgmetrics() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join(MANIFEST), "{\"generator\": \"other\", \"outputs\": []}").unwrap();
        assert_eq!(foreign_entries(tmp.path(), Written::Report).unwrap().len(), 1);
        fs::write(tmp.path().join(MANIFEST), "not json").unwrap();
        assert_eq!(foreign_entries(tmp.path(), Written::Report).unwrap().len(), 1);
    }

    #[test]
    fn a_panel_output_holds_its_tables_and_organisations_reports() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        report_dir(&d.join("org1"), &["tables/a.csv"]);
        report_dir(&d.join("org2"), &["tables/a.csv"]);
        fs::create_dir(d.join(PANEL_DIR)).unwrap();
        for t in PANEL_TABLES {
            fs::write(d.join(PANEL_DIR).join(t), "x").unwrap();
        }
        assert!(foreign_entries(d, Written::Panel).unwrap().is_empty());
        // A panel's output is no report: one organisation's run may not replace it.
        assert_eq!(
            foreign_entries(d, Written::Report).unwrap(),
            ["org1/", "org2/", "panel/"]
        );
        fs::write(d.join("org2/mine.txt"), "x").unwrap();
        fs::write(d.join("panel/mine.csv"), "x").unwrap();
        fs::create_dir(d.join("photos")).unwrap();
        fs::write(d.join("photos/a.jpg"), "x").unwrap();
        fs::write(d.join("todo.md"), "x").unwrap();
        assert_eq!(
            foreign_entries(d, Written::Panel).unwrap(),
            ["org2/mine.txt", "panel/mine.csv", "photos/", "todo.md"]
        );
    }

    /// Folders of reports, or a folder shaped like half a panel's output, are the user's.
    #[test]
    fn a_folder_of_reports_is_no_output_of_a_run() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        report_dir(&d.join("2023"), &["index.html"]);
        report_dir(&d.join("2024"), &["index.html"]);
        for kind in [Written::Report, Written::Panel] {
            assert_eq!(foreign_entries(d, kind).unwrap(), ["2023/", "2024/"]);
        }
        let mine = tmp.path().join("mine");
        fs::create_dir_all(mine.join(PANEL_DIR)).unwrap();
        fs::write(mine.join(PANEL_DIR).join(PANEL_TABLES[1]), "mine").unwrap();
        for kind in [Written::Report, Written::Panel] {
            assert_eq!(foreign_entries(&mine, kind).unwrap(), ["panel/"]);
        }
    }

    #[test]
    fn absent_and_empty_directories_are_free() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(
            foreign_entries(&tmp.path().join("none"), Written::Report)
                .unwrap()
                .is_empty()
        );
        assert!(foreign_entries(tmp.path(), Written::Report).unwrap().is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn links_are_never_part_of_an_output() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path().join("out");
        fs::create_dir(&d).unwrap();
        report_dir(&d, &["index.html"]);
        fs::remove_file(d.join("index.html")).unwrap();
        std::os::unix::fs::symlink(tmp.path(), d.join("index.html")).unwrap();
        assert_eq!(foreign_entries(&d, Written::Report).unwrap(), ["index.html"]);
    }

    /// Swaps at the same time, far more often than whole runs could: none fails, and the output
    /// is one swap's whole.
    #[test]
    fn simultaneous_swaps_all_succeed_and_leave_one_whole_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        std::thread::scope(|s| {
            for t in 0..6 {
                let out = &out;
                s.spawn(move || {
                    for i in 0..150 {
                        let name = format!("t{t}-{i}.csv");
                        let staging = staging_dir(out).unwrap();
                        report_dir(staging.path(), &[&name]);
                        swap_in(staging, out, Written::Report).unwrap_or_else(|e| panic!("thread {t}, swap {i}: {e}"));
                    }
                });
            }
        });
        let names: Vec<String> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(foreign_entries(&out, Written::Report).unwrap().is_empty());
        let left: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "temporary directories left behind");
    }

    #[test]
    fn a_refusal_names_a_few_entries_and_counts_the_rest() {
        let foreign: Vec<String> = (0..8).map(|i| format!("f{i}")).collect();
        let msg = refusal(Path::new("out"), &foreign).to_string();
        assert!(msg.contains("f0, f1, f2, f3, f4 and 3 more"), "{msg}");
        assert!(!msg.contains("f5"), "{msg}");
    }
}
