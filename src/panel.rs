//! Reports for a panel of organisations (`report --all`, `report --organisation ID`): the
//! catalogue evaluated over a batch of organisations in one plan, grouped by organisation; then
//! each organisation's analysis and report, in parallel, written under `OUT/<id>/`; and the panel
//! tables an analyst comparing organisations wants, under `OUT/panel/`.
//!
//! Organisations are handled in batches so that memory stays bounded whatever the panel's size;
//! every output is written in a fixed order, so the bytes do not depend on the scheduling.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::analysis::{self, Analysis};
use crate::compare::peers::{self, OrgFigures, Seen};
use crate::compare::{Gathered, Panel};
use crate::compute::indicators::{self, Computed, RowTexts};
use crate::compute::key_figures;
use crate::error::{DataIssue, Error, Result};
use crate::format::fixed;
use crate::load::definition::{Headline, ReportDefinition};
use crate::load::panel;
use crate::period::Period;
use crate::render::panel_page::{self, PageOptions};
use crate::render::panel_rows;
use crate::render::peers::Placement;

use crate::load::{Dataset, Depth};
use crate::output::{PANEL_DIR, Written};
use crate::render::charts::ChartOptions;
use crate::render::csv_out::CsvOut;
use crate::report::{self, Destination, Parts, ReportOptions, Staging, Timings};

mod missing;
mod writer;

pub use missing::MissingItem;
use missing::{Missing, missing_items};
use writer::{Chunk, TableWriter};

/// Organisations computed in one plan: large enough for polars to pay, small enough that memory
/// stays bounded (a batch holds its observations, indicator rows and rendered files). Larger
/// batches were no faster and held more memory (BENCHMARKS.md).
pub const BATCH: usize = 64;

/// What a panel run reads and writes.
#[derive(Debug, Clone)]
pub struct PanelOptions {
    /// The panel directory.
    pub data: PathBuf,
    /// The output directory: `OUT/<id>/` per organisation and `OUT/panel/` (`--all`), or the one
    /// organisation's report (`--organisation`). Replaced as a whole.
    pub out: PathBuf,
    /// Formats and sizes of the charts.
    pub charts: ChartOptions,
    /// Only the tables (and the data package and manifest): no charts, summary or dashboard.
    pub tables_only: bool,
    /// Draw a progress bar on stderr (only if it is a terminal).
    pub progress: bool,
    /// Whether each full report includes `workbook.xlsx`.
    pub workbook: bool,
    /// Only the panel's own outputs under `OUT/panel/`: no organisation's report (`--all` only).
    pub panel_only: bool,
}

/// What a panel run did.
#[derive(Debug, Clone, Default)]
pub struct PanelRun {
    /// Organisations reported.
    pub organisations: usize,
    /// Indicator rows computed, over all organisations.
    pub indicators: usize,
    /// Those items, one entry per item of the definition however many organisations miss it:
    /// the most missed first, then by item.
    pub missing: Vec<MissingItem>,
}

/// The columns of the panel's `indicators.csv`.
fn panel_indicator_columns() -> Vec<&'static str> {
    std::iter::once("organisation")
        .chain(panel_rows::COLUMNS.iter().copied())
        .collect()
}

/// One organisation's row of the panel's key_figures.csv: for each key figure of `def`, its
/// value and period, empty where the data cannot give it.
fn key_figure_row(a: &Analysis, def: &ReportDefinition, out: &mut Vec<u8>) {
    let org = &a.dataset.organisation;
    let mut rec = vec![org.id.clone(), org.short_name.clone()];
    for k in def.key_figures.iter().map(toml::Spanned::get_ref) {
        let code = k.code();
        match a.key_figures.iter().find(|f| f.code == code) {
            // A figure whose headline is a change gives that change, else its value.
            Some(f) if f.headline == Headline::Change => {
                rec.push(f.change().map(|p| fixed(p, 6)).unwrap_or_default());
                rec.push(f.compare.as_ref().map(|c| span(c.at, f.at)).unwrap_or_default());
            }
            Some(f) => {
                rec.push(fixed(f.value, 6));
                rec.push(f.at.to_string());
            }
            None => rec.extend([String::new(), String::new()]),
        }
    }
    let mut csv = CsvOut::appending(std::mem::take(out));
    csv.record(rec.iter().map(|f| f.as_bytes()));
    *out = csv.into_bytes();
}

/// The periods a change runs between, earlier first (`2016/2024-12-31`), in the order of
/// [`Period::order_key`]: by the year each ends in, then a date before a year before a range.
/// Not `Period`'s derived order, which puts every date before every year.
fn span(a: Period, b: Period) -> String {
    let (first, last) = if a.order_key() <= b.order_key() { (a, b) } else { (b, a) };
    format!("{first}/{last}")
}

fn key_figure_header(def: &ReportDefinition) -> Vec<String> {
    let mut h = vec!["organisation".to_string(), "name".to_string()];
    for k in def.key_figures.iter().map(toml::Spanned::get_ref) {
        let code = k.code();
        h.push(code.clone());
        h.push(format!("{code}_period"));
    }
    h
}

fn csv_line(fields: &[String]) -> Vec<u8> {
    let mut csv = CsvOut::with_capacity(0);
    csv.record(fields.iter().map(|f| f.as_bytes()));
    csv.into_bytes()
}

fn progress_bar(n: usize, show: bool) -> ProgressBar {
    if !show || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(n as u64), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} organisations, {elapsed} elapsed, about {eta} left")
    {
        bar.set_style(style);
    }
    bar
}

/// The report of one organisation of a panel, as `report` writes it for a data directory: the
/// same bytes as under `OUT/<id>/` of `--all`.
pub fn run_one(opts: &PanelOptions, id: &str, timings: &mut Timings) -> Result<(Analysis, report::Rendered)> {
    let members = panel::members(&opts.data)?;
    let out = claim(opts, &members, Written::Report)?;
    // A full report places the organisation among the panel's as `--all` does, so the whole
    // panel's key figures are gathered first: the same bytes whichever command wrote it.
    let peers = if opts.tables_only {
        None
    } else {
        Some(timings.time("peers", || gather_panel(opts, &members))?)
    };
    let datasets = timings.time("load", || panel::load_panel(&opts.data, Some(id)))?;
    for d in &datasets {
        out.check_inputs(&d.input_files)?;
    }
    let refs: Vec<&Dataset> = datasets.iter().collect();
    let computed = timings.time("compute", || indicators::compute_all(&refs))?;
    let (Some(dataset), Some(computed)) = (datasets.into_iter().next(), computed.into_iter().next()) else {
        return Err(Error::Other(format!(
            "no organisation {id:?} in {}",
            opts.data.display()
        )));
    };
    let a = timings.time("audit", || analysis::analyse_computed(dataset, computed))?;
    let ropts = member_options(opts, &a);
    let placement = peers.as_ref().map(|panel| Placement {
        panel,
        id: &a.dataset.organisation.id,
    });
    let parts = Parts {
        tables_only: opts.tables_only,
        placement,
        panel_rows: None,
    };
    let rendered = report::render_parts(&a, &ropts, parts, &mut Timings::default())?;
    timings.time("write", || out.replace_with(&rendered.files))?;
    Ok((a, rendered))
}

/// Claims the output directory for a run of `kind`: refused if its replacement would delete the
/// panel or one of its organisations' data directories.
fn claim(opts: &PanelOptions, members: &[PathBuf], kind: Written) -> Result<Destination> {
    let data = std::iter::once(opts.data.as_path()).chain(members.iter().map(PathBuf::as_path));
    Destination::claim(data, &opts.out, kind)
}

/// Report options for one organisation: its own data directory, so that its manifest names its
/// files the same way whichever command wrote it.
fn member_options(opts: &PanelOptions, a: &Analysis) -> ReportOptions {
    let dir = a
        .dataset
        .input_files
        .first()
        .and_then(|f| f.path.parent())
        .map_or_else(|| opts.data.clone(), Path::to_path_buf);
    ReportOptions {
        data: dir,
        out: opts.out.join(&a.dataset.organisation.id),
        charts: opts.charts.clone(),
        workbook: opts.workbook,
    }
}

/// What one organisation of a batch gives the panel: its rows of the panel tables, its key
/// figures (when the run gathers them as it goes), and counts.
struct Done {
    indicators: Vec<u8>,
    key_figures: Vec<u8>,
    gathered: Option<(OrgFigures, Seen)>,
    rows: usize,
    not_computed: Vec<(String, String)>,
}

/// The definition that names the panel's key figures: the panel's shared `report.toml`, else the
/// first organisation's.
fn panel_definition(root: &Option<ReportDefinition>, datasets: &[Dataset]) -> ReportDefinition {
    root.clone()
        .or_else(|| datasets.first().map(|d| d.definition.clone()))
        .unwrap_or_default()
}

/// Every organisation's key figures and main series, loaded and computed once over the whole
/// panel before any report is written: each report places its organisation among them.
fn gather_panel(opts: &PanelOptions, members: &[PathBuf]) -> Result<Panel> {
    let root = panel::shared_settings(&opts.data)?.definition.map(|(d, _)| d);
    let mut units = panel::SeriesUnits::default();
    let mut gathered: Option<(ReportDefinition, Gathered)> = None;
    for (k, batch) in members.chunks(BATCH).enumerate() {
        // Claims and documents are checked by each organisation's own load, before its report.
        let datasets = match panel::load_members(&opts.data, batch, &mut units, Depth::Figures) {
            Err(Error::InvalidData(issues)) => return Err(first_problems(opts, members, k, issues)),
            loaded => loaded?,
        };
        let (def, g) = gathered.get_or_insert_with(|| {
            let def = panel_definition(&root, &datasets);
            let g = Gathered::new(&def);
            (def, g)
        });
        // Only what the key figures read: the series and a few catalogue entries, not the
        // changes over every pair of periods of every series.
        // An organisation with a definition of its own resolves its own key figures.
        let mut defs: Vec<&ReportDefinition> = vec![def];
        for d in &datasets {
            if !defs.iter().any(|x| x.key_figures == d.definition.key_figures) {
                defs.push(&d.definition);
            }
        }
        let refs: Vec<&Dataset> = datasets.iter().collect();
        let keep = |e: &crate::compute::catalogue::Indicator| defs.iter().any(|d| peers::read_by_key_figures(d, e));
        let computed: Vec<Computed> = indicators::compute_some(&refs, &keep, RowTexts::Values)?;
        drop(refs);
        let series = g.series().to_vec();
        let def: &ReportDefinition = def;
        let orgs: Vec<_> = datasets
            .par_iter()
            .zip(computed.par_iter())
            .map(|(d, c)| {
                let figures = key_figures::key_figures(d, c, &mut Vec::new());
                peers::gather(def, &series, d, c, &figures)
            })
            .collect();
        for o in orgs {
            g.push(o);
        }
    }
    Ok(gathered.map_or_else(|| Gathered::default().finish(), |(_, g)| g.finish()))
}

/// The problems a run reports when the first pass finds some in batch `failed`: those of the
/// first batch a full load finds any in, as if every batch were loaded in full in order, so that
/// an earlier organisation's claim or document is not reported after a later one's row.
fn first_problems(opts: &PanelOptions, members: &[PathBuf], failed: usize, found: Vec<DataIssue>) -> Error {
    let mut units = panel::SeriesUnits::default();
    for batch in members.chunks(BATCH).take(failed + 1) {
        if let Err(e) = panel::load_members(&opts.data, batch, &mut units, Depth::Full) {
            return e;
        }
    }
    Error::InvalidData(found)
}

/// One organisation of a batch: its report written under `staging` (unless `--panel-only`), its rows
/// of the panel tables, and, when the run gathers as it goes, what the panel takes of it.
fn one_member(
    opts: &PanelOptions,
    staging: &Staging,
    def: &ReportDefinition,
    series: &[String],
    placed_by: Option<&Panel>,
    (dataset, computed): (Dataset, Computed),
) -> Result<Done> {
    let a = analysis::analyse_computed(dataset, computed)?;
    let id = a.dataset.organisation.id.as_str();
    // The panel's rows are the organisation's indicator table's, as formatted there.
    let mut ind = Vec::new();
    let not_computed = if opts.panel_only {
        panel_rows::append(id, &a.computed.rows, &mut ind);
        missing_items(&a, &a.not_computed)
    } else {
        let mut ropts = member_options(opts, &a);
        ropts.out = staging.path().join(id);
        let parts = Parts {
            tables_only: opts.tables_only,
            placement: placed_by.map(|panel| Placement { panel, id }),
            panel_rows: Some(id),
        };
        let rendered = report::render_parts(&a, &ropts, parts, &mut Timings::default())?;
        ind = rendered.panel_rows;
        staging.write(id, &rendered.files)?;
        missing_items(&a, &rendered.not_computed)
    };
    let mut key = Vec::new();
    key_figure_row(&a, def, &mut key);
    // Gathered as the run goes only where the panel's page is written and was not gathered first.
    let gathered = (placed_by.is_none() && !opts.tables_only)
        .then(|| peers::gather(def, series, &a.dataset, &a.computed, &a.key_figures));
    Ok(Done {
        indicators: ind,
        key_figures: key,
        gathered,
        rows: a.computed.rows.len(),
        not_computed,
    })
}

/// Every organisation's report under `OUT/<id>/` and the panel tables under `OUT/panel/`, with
/// the panel's page, summary and workbook unless `--tables-only`; `OUT` is replaced as a whole
/// when everything succeeded. Full reports place each organisation among the panel's, so the
/// panel's key figures are gathered first (one more load and compute of the panel); the tables
/// alone, or the panel alone, gather them as the run goes.
pub fn run_all(opts: &PanelOptions, timings: &mut Timings) -> Result<PanelRun> {
    let members = panel::members(&opts.data)?;
    let out = claim(opts, &members, Written::Panel)?;
    // The definition the panel shares names the key-figure columns.
    let root_definition = crate::load::panel::shared_settings(&opts.data)?
        .definition
        .map(|(d, _)| d);
    let placed_by = if opts.tables_only || opts.panel_only {
        None
    } else {
        Some(timings.time("peers", || gather_panel(opts, &members))?)
    };
    let staging = out.stage()?;
    let header: Vec<String> = panel_indicator_columns().iter().map(|c| c.to_string()).collect();
    let mut tables = TableWriter::start(staging.path())?;
    tables.send(Chunk::Indicators(csv_line(&header)))?;
    let mut key_definition: Option<(ReportDefinition, Gathered)> = None;
    let bar = progress_bar(members.len(), opts.progress);
    let mut run = PanelRun::default();
    let mut ids: std::collections::BTreeMap<String, PathBuf> = std::collections::BTreeMap::new();
    let mut units = panel::SeriesUnits::default();
    let mut grouped = Missing::default();
    for batch in members.chunks(BATCH) {
        let start = Instant::now();
        let datasets = panel::load_members(&opts.data, batch, &mut units, Depth::Full)?;
        for d in &datasets {
            out.check_inputs(&d.input_files)?;
        }
        // Ids are unique within a batch (checked on loading); across batches, here.
        for d in &datasets {
            let file = d.input_files.first().map(|f| f.path.clone()).unwrap_or_default();
            if let Some(first) = ids.insert(d.organisation.id.clone(), file) {
                return Err(Error::InvalidData(vec![panel::duplicate_id(d, &first)]));
            }
        }
        timings.add("load", start.elapsed());
        let start = Instant::now();
        let refs: Vec<&Dataset> = datasets.iter().collect();
        // The panel alone writes no organisation's table: its rows need no computation texts.
        let row_texts = if opts.panel_only {
            RowTexts::Values
        } else {
            RowTexts::Computations
        };
        let computed: Vec<Computed> = indicators::compute_some(&refs, &|_| true, row_texts)?;
        drop(refs);
        timings.add("compute", start.elapsed());
        if key_definition.is_none() {
            let def = panel_definition(&root_definition, &datasets);
            tables.send(Chunk::KeyFigures(csv_line(&key_figure_header(&def))))?;
            let g = Gathered::new(&def);
            key_definition = Some((def, g));
        }
        let Some((def, gathered)) = key_definition.as_mut() else {
            unreachable!("set above")
        };
        let series = gathered.series().to_vec();
        let start = Instant::now();
        let def: &ReportDefinition = def;
        let results: Vec<Result<Done>> = datasets
            .into_par_iter()
            .zip(computed.into_par_iter())
            .map(|pair| {
                let done = one_member(opts, &staging, def, &series, placed_by.as_ref(), pair);
                bar.inc(1);
                done
            })
            .collect();
        for r in results {
            let Done {
                indicators: ind,
                key_figures: key,
                gathered: mine,
                rows: n,
                not_computed: missing,
            } = r?;
            tables.send(Chunk::Indicators(ind))?;
            tables.send(Chunk::KeyFigures(key))?;
            if let Some(m) = mine {
                gathered.push(m);
            }
            run.organisations += 1;
            run.indicators += n;
            grouped.add(missing);
        }
        timings.add("reports", start.elapsed());
    }
    bar.finish_and_clear();
    let start = Instant::now();
    if !opts.tables_only {
        let panel = match placed_by {
            Some(p) => p,
            None => key_definition.map_or_else(|| Gathered::default().finish(), |(_, g)| g.finish()),
        };
        let page = PageOptions {
            links: !opts.panel_only,
            workbook: opts.workbook,
        };
        staging.write(PANEL_DIR, &panel_page::render_all(&panel, &page)?)?;
    }
    if !opts.tables_only {
        timings.add("panel page", start.elapsed());
    }
    let start = Instant::now();
    tables.finish()?;
    staging.swap_in()?;
    timings.add("write", start.elapsed());
    run.missing = grouped.into_sorted();
    Ok(run)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_spans_its_periods_in_time_order() {
        let p = |s: &str| s.parse::<Period>().unwrap();
        assert_eq!(span(p("2024-12-31"), p("2016")), "2016/2024-12-31");
        assert_eq!(span(p("2016"), p("2024-12-31")), "2016/2024-12-31");
        assert_eq!(span(p("2023"), p("2018-12-31")), "2018-12-31/2023");
        assert_eq!(span(p("2018-12-31"), p("2018")), "2018-12-31/2018");
    }
}
