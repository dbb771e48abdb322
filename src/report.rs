//! Report stage: renders every output in memory from the analysis, then writes `output/` as a
//! whole. Everything is written to a temporary directory beside the output directory, then
//! swapped in, so a failed run leaves the previous output untouched.
//!
//! Its steps are public, and the panel (`panel.rs`) runs through them too: claim the output
//! directory ([`Destination::claim`]), render an analysis to files in memory ([`render_parts`]),
//! write sets of files into a staging directory ([`Destination::stage`], [`Staging::write`]) and
//! swap it in ([`Staging::swap_in`]). What may be replaced, and the swap itself, are
//! `crate::output`'s.

use std::path::{Path, PathBuf};
use std::time::Instant;

pub use crate::timings::Timings;

use crate::analysis::{self, Analysis};
use crate::compute::NotComputed;
use crate::error::{Error, Result};
use crate::load::{self, InputFile};
use crate::names::INDICATORS_TABLE;
use crate::output::{self, Written};
use crate::render::charts::{self, ChartOptions};
use crate::render::package::FileDigest;
use crate::render::peers::Placement;
use crate::render::{cards, dashboard, package, panel_rows, summary, tables, workbook};
use rayon::prelude::*;

/// What a report run reads and writes.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// The data directory.
    pub data: PathBuf,
    /// The output directory, replaced as a whole when the run succeeds, if it is absent, empty or
    /// a previous output (`crate::output::claim`).
    pub out: PathBuf,
    /// Formats and sizes of the charts.
    pub charts: ChartOptions,
    /// Whether full reports include `workbook.xlsx`.
    pub workbook: bool,
}

/// Every output file, as a path relative to the output directory and its bytes.
pub struct Rendered {
    /// Path relative to the output directory (`tables/audit.csv`) and bytes, in writing order.
    pub files: Vec<(String, Vec<u8>)>,
    /// Everything the data could not fill: the analysis' items, then the charts'.
    pub not_computed: Vec<NotComputed>,
    /// The rows [`Parts::panel_rows`] asked for, as CSV; empty if it did not.
    pub panel_rows: Vec<u8>,
}

/// What of an analysis to render.
#[derive(Debug, Clone, Copy, Default)]
pub struct Parts<'a> {
    /// Only the tables with their data package and manifest (what `--tables-only` writes).
    pub tables_only: bool,
    /// The organisation among its panel's: its cards, summary and workbook place it there.
    pub placement: Option<Placement<'a>>,
    /// The organisation's id, where its rows of the panel's `indicators.csv` are taken from its
    /// indicator table as built rather than formatting the values again: each row led by the
    /// id, then the columns the panel shares ([`panel_rows::COLUMNS`]).
    pub panel_rows: Option<&'a str>,
}

/// Renders every output of an analysis in memory.
pub fn render(a: &Analysis, opts: &ReportOptions) -> Result<Rendered> {
    render_timed(a, opts, &mut Timings::default())
}

/// [`render`], recording the time of the charts, tables and pages.
pub fn render_timed(a: &Analysis, opts: &ReportOptions, timings: &mut Timings) -> Result<Rendered> {
    render_parts(a, opts, Parts::default(), timings)
}

/// The tables, then (unless `tables_only`) the charts, summary, dashboard and (if asked) the
/// workbook, then the data package and the manifest of them all.
pub fn render_parts(a: &Analysis, opts: &ReportOptions, parts: Parts, timings: &mut Timings) -> Result<Rendered> {
    let (full, placement) = (!parts.tables_only, parts.placement);
    // Where the organisation stands in its panel: made once, read by the three writers.
    let places = placement.map(|p| p.places());
    let named = placement.and_then(|p| p.named_peers());
    let peers = places.as_deref().map(|p| (p, named.as_ref()));
    let (charts, chart_gaps) = if full {
        timings.time("charts", || charts::render_all(a, &opts.charts))?
    } else {
        (Vec::new(), Vec::new())
    };
    let not_computed = listed(a, chart_gaps);
    // The panel's rows are written with the indicator table's file, each value formatted once.
    let mut panel_rows = Vec::new();
    let (tables, csv) = timings.time("tables", || {
        let tables = tables::build_all(a);
        let csv: Result<Vec<Vec<u8>>> = tables
            .iter()
            .map(|t| match &parts.panel_rows {
                Some(id) if t.name == INDICATORS_TABLE => t.to_csv_and_rows(id, panel_rows::COLUMNS, &mut panel_rows),
                _ => t.to_csv(),
            })
            .collect();
        (tables, csv)
    });
    let csv = csv?;
    if let Some(id) = &parts.panel_rows
        && !tables.iter().any(|t| t.name == INDICATORS_TABLE)
    {
        return Err(Error::Other(format!(
            "{id}: no {INDICATORS_TABLE} table to take the panel's rows from"
        )));
    }
    // The pages and the workbook read the same tables and charts and nothing of each other:
    // made side by side (a single organisation's run has both cores free here); `--timings`
    // gives each its own time, and the run's total is measured, not summed.
    let pages = || {
        let start = Instant::now();
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        // (`csv` moved in, not copied: the indicator table runs to megabytes.)
        for (t, bytes) in tables.iter().zip(csv) {
            files.push((format!("tables/{}", t.file_name()), bytes));
        }
        if full {
            let mut cards = cards::cards(&a.dataset, &a.key_figures);
            if let (Some(p), Some(places)) = (placement, &places) {
                for (card, k) in cards.iter_mut().zip(&a.key_figures) {
                    card.peers = p.card_lines(places, &k.code);
                }
            }
            let mut chart_files = Vec::new();
            for c in &charts {
                for (format, bytes) in &c.files {
                    let name = format!("{}.{}", c.name, format.extension());
                    files.push((format!("charts/{name}"), bytes.clone()));
                    chart_files.push(name);
                }
            }
            let mut table_files: Vec<String> = tables.iter().map(|t| t.file_name()).collect();
            table_files.sort();
            let book = opts.workbook.then_some(workbook::FILE_NAME);
            let md = summary::render(a, &cards, &chart_files, &table_files, book, &not_computed, peers);
            files.push(("summary.md".into(), md.into_bytes()));
            let html = dashboard::render_placed(a, &cards, &charts, &tables, book, &not_computed, named.as_ref());
            files.push(("index.html".into(), html.into_bytes()));
        }
        (files, start.elapsed())
    };
    let book = || {
        let start = Instant::now();
        let book = (full && opts.workbook)
            .then(|| workbook::render_placed(a, &tables, &charts, peers))
            .transpose()
            .map(|book| book.map(|bytes| (FileDigest::of(&bytes), bytes)));
        (book, start.elapsed())
    };
    let ((mut files, pages_time), (book, book_time)) = rayon::join(pages, book);
    timings.add("pages", pages_time);
    if full && opts.workbook {
        timings.add("workbook", book_time);
    }
    let book = book?;
    let pages_start = Instant::now();
    // Each file is hashed once, for both the data package and the manifest, the files in
    // parallel: they are all in memory by now, and a report's are a few megabytes.
    let mut digests: Vec<FileDigest> = files.par_iter().map(|(_, b)| FileDigest::of(b)).collect();
    // The tables come first in `files`.
    let described: Vec<(&tables::Table, &FileDigest)> = tables.iter().zip(&digests).collect();
    let package = package::datapackage(a, &described, book.as_ref().map(|(d, _)| d))?;
    digests.push(FileDigest::of(&package));
    files.push(("datapackage.json".into(), package));
    if let Some((digest, bytes)) = book {
        digests.push(digest);
        files.push((workbook::FILE_NAME.into(), bytes));
    }
    // Last: it records the digests of everything above.
    let listed: Vec<(&str, &FileDigest)> = files.iter().map(|(p, _)| p.as_str()).zip(&digests).collect();
    let manifest = package::manifest(&listed, &opts.data, &a.dataset.input_files)?;
    files.push((output::MANIFEST.into(), manifest));
    timings.add("pages", pages_start.elapsed());
    Ok(Rendered {
        files,
        not_computed,
        panel_rows,
    })
}

/// What [`render`] lists as not computed, found without drawing a chart or making a page: the
/// charts resolved against the data and described, and the workbook made in memory from them
/// and the tables, then dropped, so that what the workbook could not hold fails here too.
pub fn check(a: &Analysis) -> Result<Vec<NotComputed>> {
    let charts = charts::describe_all(a);
    let tables = tables::build_all(a);
    workbook::render(a, &tables, &charts.undrawn())?;
    Ok(listed(a, charts.not_computed))
}

/// Everything the data could not fill: the analysis' items, then the charts'.
fn listed(a: &Analysis, chart_gaps: Vec<NotComputed>) -> Vec<NotComputed> {
    let mut not_computed = a.not_computed.clone();
    not_computed.extend(chart_gaps);
    not_computed
}

/// Runs the whole pipeline and replaces `opts.out` with its result.
pub fn run(opts: &ReportOptions) -> Result<(Analysis, Rendered)> {
    run_timed(opts, false, &mut Timings::default())
}

/// [`run`] (or, with `tables_only`, writing the tables only), recording the time of each stage.
pub fn run_timed(opts: &ReportOptions, tables_only: bool, timings: &mut Timings) -> Result<(Analysis, Rendered)> {
    // Before anything is computed: a directory that is not orgmetrics' is refused at once.
    let out = Destination::claim([opts.data.as_path()], &opts.out, Written::Report)?;
    let dataset = timings.time("load", || load::load(&opts.data))?;
    out.check_inputs(&dataset.input_files)?;
    let analysis = analysis::analyse_timed(dataset, timings)?;
    let parts = Parts {
        tables_only,
        ..Parts::default()
    };
    let rendered = render_parts(&analysis, opts, parts, timings)?;
    timings.time("write", || out.replace_with(&rendered.files))?;
    Ok((analysis, rendered))
}

/// An output directory claimed for a run: refused before anything is computed if replacing it
/// would delete the data or anything orgmetrics did not write, then replaced as a whole.
pub struct Destination {
    /// The directory to replace, as `output::claim` resolved it.
    real: PathBuf,
    kind: Written,
}

impl Destination {
    /// Claims `out` for a run of `kind` that reads `data_dirs`: refused if it is, or holds, one
    /// of them, or holds anything orgmetrics did not write.
    pub fn claim<'p>(data_dirs: impl IntoIterator<Item = &'p Path>, out: &Path, kind: Written) -> Result<Self> {
        for data in data_dirs {
            output::check_output(data, out)?;
        }
        Ok(Destination {
            real: output::claim(out, kind)?,
            kind,
        })
    }

    /// Refuses the destination if it holds a file the data were read from.
    pub fn check_inputs(&self, inputs: &[InputFile]) -> Result<()> {
        output::check_inputs_outside(&self.real, inputs)
    }

    /// An empty directory beside the destination to write its replacement in.
    pub fn stage(&self) -> Result<Staging> {
        Ok(Staging {
            dir: output::staging_dir(&self.real)?,
            out: self.real.clone(),
            kind: self.kind,
        })
    }

    /// Replaces the destination with exactly `files`: staged, then swapped in.
    pub fn replace_with(&self, files: &[(String, Vec<u8>)]) -> Result<()> {
        let staging = self.stage()?;
        staging.write("", files)?;
        staging.swap_in()
    }
}

/// The replacement of a [`Destination`] being written; removed if dropped before
/// [`Staging::swap_in`].
pub struct Staging {
    dir: tempfile::TempDir,
    out: PathBuf,
    kind: Written,
}

impl Staging {
    /// The staging directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `files` under the folder `under` of the staging directory (its root if empty).
    pub fn write(&self, under: &str, files: &[(String, Vec<u8>)]) -> Result<()> {
        if under.is_empty() {
            output::write_files(files, self.dir.path())
        } else {
            output::write_files(files, &self.dir.path().join(under))
        }
    }

    /// Puts the staging directory in the destination's place (`output::swap_in`).
    pub fn swap_in(self) -> Result<()> {
        output::swap_in(self.dir, &self.out, self.kind)
    }
}
