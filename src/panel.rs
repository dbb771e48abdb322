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
use crate::compute::indicators::{self, Computed};
use crate::compute::key_figures;
use crate::error::{Error, Result};
use crate::format::fixed;
use crate::load::definition::{Headline, ReportDefinition};
use crate::load::panel;
use crate::period::Period;
use crate::render::panel_page::{self, PageOptions};
use crate::render::peers::Placement;
use crate::render::tables;

use crate::load::Dataset;
use crate::names::INDICATORS_TABLE;
use crate::output::{self, PANEL_DIR, Written};
use crate::render::charts::ChartOptions;
use crate::render::csv_out::CsvOut;
use crate::render::tables::INDICATOR_COLUMNS;
use crate::report::{self, ReportOptions, Timings};

mod missing;
mod writer;

pub use missing::MissingItem;
use missing::{Missing, missing_items};
use writer::{Chunk, TableWriter};

/// Organisations computed in one plan: large enough for polars to pay, small enough that memory
/// stays bounded (a batch holds its observations, indicator rows and rendered files). Measured:
/// 1,000 organisations take the same time in batches of 64 as of 256, in a quarter of the memory.
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

/// How many of each organisation's `indicators.csv` columns the panel's `indicators.csv` takes,
/// after its own `organisation`: those up to the unit ([`INDICATOR_COLUMNS`]), not the formula,
/// computation and data rows, which the organisation's table keeps.
const PANEL_SHARED_COLUMNS: usize = 8;

/// The columns of the panel's `indicators.csv`.
fn panel_indicator_columns() -> Vec<&'static str> {
    std::iter::once("organisation")
        .chain(INDICATOR_COLUMNS[..PANEL_SHARED_COLUMNS].iter().copied())
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
    check_output(opts, &members)?;
    let out = output::claim(&opts.out, Written::Report)?;
    // A full report places the organisation among the panel's as `--all` does, so the whole
    // panel's key figures are gathered first: the same bytes whichever command wrote it.
    let peers = if opts.tables_only {
        None
    } else {
        Some(timings.time("peers", || gather_panel(opts, &members))?)
    };
    let datasets = timings.time("load", || panel::load_panel(&opts.data, Some(id)))?;
    for d in &datasets {
        output::check_inputs_outside(&out, &d.input_files)?;
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
    let rendered = report::render_with_tables(&a, &ropts, opts.tables_only, placement, &mut |_| Ok(()))?;
    timings.time("write", || {
        output::write_atomically(&rendered.files, &out, Written::Report)
    })?;
    Ok((a, rendered))
}

/// Refuses an output directory whose replacement would delete the panel or one of its
/// organisations' data directories.
fn check_output(opts: &PanelOptions, members: &[PathBuf]) -> Result<()> {
    output::check_output(&opts.data, &opts.out)?;
    members.iter().try_for_each(|m| output::check_output(m, &opts.out))
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
    for batch in members.chunks(BATCH) {
        let datasets = panel::load_members(&opts.data, batch, &mut units)?;
        let refs: Vec<&Dataset> = datasets.iter().collect();
        let computed: Vec<Computed> = indicators::compute_all(&refs)?;
        drop(refs);
        let (def, g) = gathered.get_or_insert_with(|| {
            let def = panel_definition(&root, &datasets);
            let g = Gathered::new(&def);
            (def, g)
        });
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

/// One organisation of a batch: its report written under `dir` (unless `--panel-only`), its rows
/// of the panel tables, and, when the run gathers as it goes, what the panel takes of it.
fn one_member(
    opts: &PanelOptions,
    dir: &Path,
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
        tables::indicators_table(&a).append_rows(id, &INDICATOR_COLUMNS[..PANEL_SHARED_COLUMNS], &mut ind)?;
        missing_items(&a, &a.not_computed)
    } else {
        let mut ropts = member_options(opts, &a);
        ropts.out = dir.join(id);
        let placement = placed_by.map(|panel| Placement { panel, id });
        let rendered = report::render_with_tables(&a, &ropts, opts.tables_only, placement, &mut |tables| match tables
            .iter()
            .find(|t| t.name == INDICATORS_TABLE)
        {
            Some(t) => t.append_rows(id, &INDICATOR_COLUMNS[..PANEL_SHARED_COLUMNS], &mut ind),
            None => Err(Error::Other(format!(
                "{id}: no {INDICATORS_TABLE} table to take the panel's rows from"
            ))),
        })?;
        output::write_files(&rendered.files, &ropts.out)?;
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
    check_output(opts, &members)?;
    let out = output::claim(&opts.out, Written::Panel)?;
    // The definition the panel shares names the key-figure columns.
    let root_definition = crate::load::panel::shared_settings(&opts.data)?
        .definition
        .map(|(d, _)| d);
    let placed_by = if opts.tables_only || opts.panel_only {
        None
    } else {
        Some(timings.time("peers", || gather_panel(opts, &members))?)
    };
    let staging = output::staging_dir(&out)?;
    let dir = staging.path().to_path_buf();
    let header: Vec<String> = panel_indicator_columns().iter().map(|c| c.to_string()).collect();
    let mut tables = TableWriter::start(&dir)?;
    tables.send(Chunk::Indicators(csv_line(&header)))?;
    let mut key_definition: Option<(ReportDefinition, Gathered)> = None;
    let bar = progress_bar(members.len(), opts.progress);
    let mut run = PanelRun::default();
    let mut ids: std::collections::BTreeMap<String, PathBuf> = std::collections::BTreeMap::new();
    let mut units = panel::SeriesUnits::default();
    let mut grouped = Missing::default();
    for batch in members.chunks(BATCH) {
        let start = Instant::now();
        let datasets = panel::load_members(&opts.data, batch, &mut units)?;
        for d in &datasets {
            output::check_inputs_outside(&out, &d.input_files)?;
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
        let computed: Vec<Computed> = indicators::compute_all(&refs)?;
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
                let done = one_member(opts, &dir, def, &series, placed_by.as_ref(), pair);
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
        output::write_files(&panel_page::render_all(&panel, &page)?, &dir.join(PANEL_DIR))?;
    }
    if !opts.tables_only {
        timings.add("panel page", start.elapsed());
    }
    let start = Instant::now();
    tables.finish()?;
    output::swap_in(staging, &out, Written::Panel)?;
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
