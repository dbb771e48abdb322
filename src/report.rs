//! Report stage: runs every stage and writes `output/` as a whole. Everything is written to a
//! temporary directory beside the output directory, then swapped in, so a failed run leaves the
//! previous output untouched.

use std::fs;
use std::path::{Path, PathBuf};

use crate::analysis::{Analysis, analyse};
use crate::error::{Error, Result};
use crate::render::charts::{self, ChartOptions};
use crate::render::{dashboard, package, summary, tables};

pub const DOMAINS: [&str; 4] = ["workforce", "budget", "publications", "eu_funding"];

#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub data: PathBuf,
    pub out: PathBuf,
    pub charts: ChartOptions,
}

/// Files of `dir` whose extension is one of `extensions`, sorted by file name; none when the
/// directory does not exist. Later stages list what earlier ones wrote with it.
pub fn files_with_extension(dir: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut files = Vec::new();
    for entry in entries {
        let p = entry.map_err(|e| Error::io(dir, e))?.path();
        let wanted = p
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| extensions.iter().any(|e| x.eq_ignore_ascii_case(e)));
        if p.is_file() && wanted {
            files.push(p);
        }
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(files)
}

fn mkdir(p: &Path) -> Result<()> {
    fs::create_dir_all(p).map_err(|e| Error::io(p, e))
}

/// Writes every output file under `dir`, which exists and is empty.
fn write_outputs(a: &Analysis, opts: &ReportOptions, dir: &Path) -> Result<()> {
    let tables_dir = dir.join("tables");
    let charts_dir = dir.join("charts");
    mkdir(&tables_dir)?;
    mkdir(&charts_dir)?;
    tables::write_indicators(&tables_dir.join("indicators.csv"), &a.computed)?;
    tables::write_projections(&tables_dir.join("projections.csv"), &a.projections)?;
    tables::write_audit(&tables_dir.join("audit.csv"), &a.audit)?;
    for domain in DOMAINS {
        tables::write_domain_table(
            &tables_dir.join(format!("{domain}.csv")),
            domain,
            &a.computed,
            &a.projections,
        )?;
    }
    charts::render_all(&a.dataset, &a.computed, &a.projections, &opts.charts, &charts_dir)?;
    summary::write_summary(a, &dir.join("summary.md"))?;
    dashboard::write_index(a, &charts_dir, &dir.join("index.html"))?;
    package::write_datapackage(a, &tables_dir, &dir.join("datapackage.json"))?;
    // Last: it records the hashes of everything above.
    package::write_manifest(dir, &opts.data, &a.dataset.input_files, &dir.join("manifest.json"))?;
    Ok(())
}

/// Runs the whole pipeline and replaces `opts.out` with its result.
pub fn run(opts: &ReportOptions) -> Result<Analysis> {
    let analysis = analyse(&opts.data)?;
    if opts.out.exists() && !opts.out.is_dir() {
        return Err(Error::Other(format!(
            "{}: expected an output directory, found a file",
            opts.out.display()
        )));
    }
    let parent = match opts.out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    mkdir(&parent)?;
    let staging = tempfile::Builder::new()
        .prefix(".orgmetrics-new-")
        .tempdir_in(&parent)
        .map_err(|e| Error::io(&parent, e))?;
    write_outputs(&analysis, opts, staging.path())?;
    // Swap: the old output moves aside, the new one takes its name, the old one is removed.
    let old = tempfile::Builder::new()
        .prefix(".orgmetrics-old-")
        .tempdir_in(&parent)
        .map_err(|e| Error::io(&parent, e))?;
    let old_out = old.path().join("output");
    if opts.out.exists() {
        fs::rename(&opts.out, &old_out).map_err(|e| Error::io(&opts.out, e))?;
    }
    let staged = staging.keep();
    if let Err(e) = fs::rename(&staged, &opts.out) {
        // Put the previous output back before reporting the failure.
        let _ = fs::rename(&old_out, &opts.out);
        let _ = fs::remove_dir_all(&staged);
        return Err(Error::io(&opts.out, e));
    }
    Ok(analysis)
}
