//! `report`: one organisation's outputs, one organisation of a panel, or a whole panel.

use std::io::Write as _;
use std::path::PathBuf;

use orgmetrics::error::Error;
use orgmetrics::panel::PanelOptions;
use orgmetrics::render::charts::{ChartFormat, ChartOptions};
use orgmetrics::report::{self, ReportOptions, Timings};

/// A chart format as the command line names it (its variants undocumented: clap would print
/// their doc comments in `report --help`).
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Svg,
    Png,
}

/// The options of `report`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub data: crate::DataArg,
    /// Output directory: replaced as a whole if it is absent, empty or the output of an earlier
    /// run; refused if it holds anything else (orgmetrics never deletes what it did not write).
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Chart formats to write, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "svg,png")]
    pub chart_format: Vec<Format>,
    /// Chart width in pixels.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(400..=4000))]
    pub width: u32,
    /// Chart height in pixels.
    #[arg(long, default_value_t = 600, value_parser = clap::value_parser!(u32).range(300..=3000))]
    pub height: u32,
    /// Resolution of PNG charts: at 192 a PNG has twice the pixels of the chart size.
    #[arg(long, default_value_t = 96, value_parser = clap::value_parser!(u32).range(48..=600))]
    pub dpi: u32,
    /// Print the wall time of each stage (load, compute, audit, charts, tables, pages, workbook,
    /// write) and of the whole run on stderr.
    #[arg(long)]
    pub timings: bool,
    /// --data is a panel (see `synth`): write every organisation's report under OUT/<id>/ and
    /// the panel tables under OUT/panel/.
    #[arg(long, conflicts_with = "organisation")]
    pub all: bool,
    /// --data is a panel: write the report of this organisation (its directory name or id).
    #[arg(long)]
    pub organisation: Option<String>,
    /// Write the tables only (with datapackage.json and manifest.json): no charts, summary or
    /// dashboard.
    #[arg(long)]
    pub tables_only: bool,
    /// Leave out workbook.xlsx (every table as a typed worksheet, with native Excel charts).
    #[arg(long)]
    pub no_workbook: bool,
    /// With --all: write only the panel's outputs under OUT/panel/ (its tables, page, summary
    /// and workbook), no organisation's report.
    #[arg(long, requires = "all", conflicts_with = "tables_only")]
    pub panel_only: bool,
}

/// Writes the report `args` ask for.
pub fn run(args: Args) -> Result<(), Error> {
    let formats = args
        .chart_format
        .iter()
        .map(|f| match f {
            Format::Svg => ChartFormat::Svg,
            Format::Png => ChartFormat::Png,
        })
        .collect();
    let opts = ReportOptions {
        data: args.data.data,
        out: args.out.clone(),
        charts: ChartOptions {
            formats,
            width: args.width,
            height: args.height,
            dpi: args.dpi,
        },
        workbook: !args.no_workbook,
    };
    let mut clock = Timings::default();
    let panel = PanelOptions {
        data: opts.data.clone(),
        out: opts.out.clone(),
        charts: opts.charts.clone(),
        tables_only: args.tables_only,
        progress: true,
        workbook: opts.workbook,
        panel_only: args.panel_only,
    };
    if args.all {
        return all(&panel, &mut clock, args.timings);
    }
    let (a, rendered) = match &args.organisation {
        Some(id) => orgmetrics::panel::run_one(&panel, id, &mut clock)?,
        None => {
            super::one_organisation(&opts.data)?;
            report::run_timed(&opts, args.tables_only, &mut clock)?
        }
    };
    if args.timings {
        err!("{}", clock.report());
    }
    if let Some(w) = a.dataset.evidence.warning() {
        errln!("warning: {w}");
    }
    for n in &rendered.not_computed {
        errln!("warning: not computed: {}: {}", n.item, n.reason);
    }
    outln!(
        "{}: {} indicators, {} projection points, {} files written; {} item(s) not computed",
        args.out.display(),
        a.computed.rows.len(),
        a.projections.rows.len(),
        rendered.files.len(),
        rendered.not_computed.len()
    );
    Ok(())
}

/// Writes every organisation's report and the panel's outputs, then what could not be computed,
/// grouped by item.
fn all(panel: &PanelOptions, clock: &mut Timings, timings: bool) -> Result<(), Error> {
    let run = orgmetrics::panel::run_all(panel, clock)?;
    if timings {
        err!("{}", clock.report());
    }
    // The items the grouped list below names, each once however many organisations miss it.
    let affected = run.missing.iter().map(|m| m.organisations).max().unwrap_or(0);
    outln!(
        "{}: {} organisations, {} indicators; {} item(s) not computed, in up to {affected} organisation(s)",
        panel.out.display(),
        run.organisations,
        run.indicators,
        run.missing.len()
    );
    for m in &run.missing {
        let others = match m.other_reasons {
            0 => String::new(),
            n => format!(" (for the first of them; {n} have another)"),
        };
        errln!(
            "warning: not computed in {} of {} organisations: {}: {}{others}",
            m.organisations,
            run.organisations,
            m.item,
            m.reason
        );
    }
    Ok(())
}
