//! Command-line interface of orgmetrics.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use orgmetrics::error::Error;
use orgmetrics::panel::PanelOptions;
use orgmetrics::render::charts::{ChartFormat, ChartOptions};
use orgmetrics::report::{self, ReportOptions};

/// `println!` that never panics: a reader that has gone (`orgmetrics validate | head -1`) ends
/// the printing quietly, as with Unix tools, and the exit code stays the run's.
macro_rules! outln {
    ($($arg:tt)*) => {{ let _ = writeln!(std::io::stdout(), $($arg)*); }};
}
/// `print!` that never panics ([`outln`]).
macro_rules! out {
    ($($arg:tt)*) => {{ let _ = write!(std::io::stdout(), $($arg)*); }};
}
/// `eprintln!` that never panics ([`outln`]).
macro_rules! errln {
    ($($arg:tt)*) => {{ let _ = writeln!(std::io::stderr(), $($arg)*); }};
}
/// `eprint!` that never panics ([`outln`]).
macro_rules! err {
    ($($arg:tt)*) => {{ let _ = write!(std::io::stderr(), $($arg)*); }};
}

// Allocation-heavy work (millions of short strings in a panel) runs faster under mimalloc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Makes polars' shared buffer of zeros now, while the allocator's memory is fresh.
///
/// Polars backs every all-null column with one 8 MB buffer of zeros, made on first use. Made in
/// the middle of a run, mimalloc serves it from memory it has used before and must zero it:
/// 2,000 page faults, 8 MB more resident, 5–10% of the shipped report's CPU (BENCHMARKS.md).
/// Made first, it gets pages the kernel has not handed out yet, known to be zero, and in an
/// optimised build is never touched (unoptimised, polars writes the zeros itself). Should
/// polars change this, the cost comes back; nothing else depends on it.
fn make_polars_zeros_early() {
    let _ = polars::prelude::Series::full_null("".into(), 1, &polars::prelude::DataType::Float64);
}

/// Turns the figures published in assessments of research organisations into validated datasets,
/// derived indicators, an audit of the documents' own figures, charts and summary tables.
///
/// A data directory describes one organisation: organisation.toml (who), report.toml (what the
/// report shows), and CSV files extracted by hand from the documents (see the README's data
/// dictionary); every output figure names the data rows it comes from.
#[derive(Parser)]
#[command(
    name = "orgmetrics",
    version,
    about,
    long_about,
    after_help = "Examples:\n  orgmetrics validate                 check data/\n  orgmetrics report                   regenerate output/ from data/\n  orgmetrics audit --strict           fail if a stated figure does not add up\n  orgmetrics report --out /tmp/out --chart-format svg --width 1200 --height 700\n  orgmetrics init cnrs-data --organisation \"CNRS\"   start a data directory for another organisation\n  orgmetrics synth --organisations 100 --years 20 --out panel\n  orgmetrics report --data panel --all --out panel-output --tables-only"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the input files are.
#[derive(clap::Args)]
struct DataArg {
    /// Directory holding organisation.toml, report.toml, sources.csv, claims.csv, the format's
    /// domain files (workforce.csv, budget.csv, publications.csv, eu_funding.csv) and, if it
    /// declares more domains, domains.toml and their files; or, with --all or --organisation, a
    /// panel: a directory of such directories.
    #[arg(long, default_value = "data")]
    data: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Check every data file (columns, types, units, periods, ranges, sources, duplicates) and
    /// report all problems found (exit code 2 if any); then list the report items the data
    /// cannot fill yet.
    Validate {
        #[command(flatten)]
        data: DataArg,
        /// --data is a panel (a directory of data directories): validate every organisation in it.
        #[arg(long)]
        all: bool,
    },
    /// List every figure the documents print (numbers, percentages, amounts, ranges, numbers in
    /// words) and how the data treat it: recorded (by which row or claim), set aside
    /// (out_of_scope.csv), excluded by rule, or not recorded; with totals per document and
    /// section. The documents are the plain texts sources.csv names (`pdftotext -layout` of each PDF).
    Coverage {
        #[command(flatten)]
        data: DataArg,
        /// Also list each figure: document, section, line, figure, class and by what.
        #[arg(long)]
        list: bool,
    },
    /// Write a panel of N fictional organisations (one data directory each, sharing sources.csv,
    /// claims.csv and report.toml), with realistic magnitudes, trends and some gaps: synthetic
    /// data for benchmarks and tests.
    Synth {
        /// How many organisations.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        organisations: u32,
        /// How many years of data, ending in 2024.
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(2..=100))]
        years: u32,
        /// The directory to create.
        #[arg(long)]
        out: PathBuf,
        /// Seed of the generator: the same seed gives the same files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write even more than 10 GB (synth says how much it will write before it starts).
        #[arg(long)]
        yes: bool,
    },
    /// Write a new data directory for another organisation: organisation.toml, a report
    /// definition with the standard items, sources.csv, claims.csv and the domain files with their
    /// headers. Fails if DIR exists and is not empty.
    Init {
        /// The directory to create.
        dir: PathBuf,
        /// The organisation's name as readers know it (its short name, e.g. "CNRS").
        #[arg(long)]
        organisation: String,
        /// Its code in file and directory names; by default derived from the name.
        #[arg(long)]
        id: Option<String>,
    },
    /// Regenerate every output: tables, charts, audit, summary, dashboard, workbook. The output directory is
    /// replaced only when the whole run succeeds.
    Report {
        #[command(flatten)]
        data: DataArg,
        /// Output directory: replaced as a whole if it is absent, empty or the output of an earlier
        /// run; refused if it holds anything else (orgmetrics never deletes what it did not write).
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// Chart formats to write, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "svg,png")]
        chart_format: Vec<Format>,
        /// Chart width in pixels.
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(400..=4000))]
        width: u32,
        /// Chart height in pixels.
        #[arg(long, default_value_t = 600, value_parser = clap::value_parser!(u32).range(300..=3000))]
        height: u32,
        /// Resolution of PNG charts: at 192 a PNG has twice the pixels of the chart size.
        #[arg(long, default_value_t = 96, value_parser = clap::value_parser!(u32).range(48..=600))]
        dpi: u32,
        /// Print the wall time of each stage (load, compute, audit, charts, tables, pages, workbook,
        /// write) and of the whole run on stderr.
        #[arg(long)]
        timings: bool,
        /// --data is a panel (see `synth`): write every organisation's report under OUT/<id>/ and
        /// the panel tables under OUT/panel/.
        #[arg(long, conflicts_with = "organisation")]
        all: bool,
        /// --data is a panel: write the report of this organisation (its directory name or id).
        #[arg(long)]
        organisation: Option<String>,
        /// Write the tables only (with datapackage.json and manifest.json): no charts, summary or
        /// dashboard.
        #[arg(long)]
        tables_only: bool,
        /// Leave out workbook.xlsx (every table as a typed worksheet, with native Excel charts).
        #[arg(long)]
        no_workbook: bool,
        /// With --all: write only the panel's outputs under OUT/panel/ (its tables, page, summary
        /// and workbook), no organisation's report.
        #[arg(long, requires = "all", conflicts_with = "tables_only")]
        panel_only: bool,
    },
    /// Recompute every figure the documents state (data/claims.csv) and compare passages that
    /// give the same quantity; print the verdicts. Exit code 3 with --strict if any is
    /// inconsistent.
    Audit {
        #[command(flatten)]
        data: DataArg,
        /// Fail (exit code 3) when any verdict is `inconsistent`. Without it, the documents' own
        /// inconsistencies are reported but do not fail the run. An `uncertain` verdict (a
        /// disagreement resting on a period no document states) does not fail it either.
        #[arg(long)]
        strict: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Svg,
    Png,
}

fn main() -> ExitCode {
    orgmetrics::allocator::keep_freed_memory();
    make_polars_zeros_early();
    // A wrong option exits 1, as any failure that is not invalid data: clap's own code, 2, is
    // this tool's code for invalid data (README, "Exit codes").
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            errln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// Refuses a panel given where one organisation's data directory is expected, saying what to
/// add, rather than reporting its missing organisation.toml.
fn one_organisation(data: &std::path::Path) -> Result<(), Error> {
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

fn run(command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Validate {
            data: DataArg { data },
            all: true,
        } => {
            let panel = orgmetrics::load::panel::load_panel(&data, None)?;
            let n: usize = panel.iter().map(|d| d.observations.len()).sum();
            outln!(
                "{}: {} organisations, {n} observations, all valid",
                data.display(),
                panel.len()
            );
        }
        Command::Synth {
            organisations,
            years,
            out,
            seed,
            yes,
        } => {
            use orgmetrics::synth::{CONFIRM_BYTES, estimate, human_bytes};
            let (n, years_n) = (organisations as usize, years as usize);
            let bytes = estimate(n, years_n, seed);
            if bytes > CONFIRM_BYTES && !yes {
                return Err(Error::Other(format!(
                    "{}: {organisations} organisations over {years} years would write about {}, more than {}; give --yes to write them",
                    out.display(),
                    human_bytes(bytes),
                    human_bytes(CONFIRM_BYTES)
                )));
            }
            errln!("{}: writing about {}", out.display(), human_bytes(bytes));
            let rows = orgmetrics::synth::synth(&out, n, years_n, seed)?;
            outln!(
                "{}: {organisations} synthetic organisations, {years} years, {rows} data rows",
                out.display()
            );
        }
        Command::Validate {
            data: DataArg { data },
            all: false,
        } => {
            one_organisation(&data)?;
            let ds = orgmetrics::load::load(&data)?;
            outln!(
                "{}: {} observations from {} sources, all valid",
                data.display(),
                ds.observations.len(),
                ds.sources.len()
            );
            let ev = &ds.evidence;
            if !ev.texts.is_empty() {
                outln!(
                    "{} figures found as written in the passages their locators name, in {} document(s)",
                    ev.checked(),
                    ev.texts.len()
                );
            }
            if !ev.not_printed.is_empty() {
                outln!("{} figure(s) the documents do not print:", ev.not_printed.len());
                for n in &ev.not_printed {
                    outln!("  {}: {}", n.row, n.how);
                }
            }
            if let Some(w) = ev.warning() {
                errln!("warning: {w}");
            }
            let a = orgmetrics::analysis::analyse_dataset(ds)?;
            let rendered = report::render(
                &a,
                &ReportOptions {
                    data: data.clone(),
                    out: PathBuf::new(),
                    charts: ChartOptions {
                        formats: vec![ChartFormat::Svg],
                        ..ChartOptions::default()
                    },
                    // Rendered in memory, written nowhere: what the workbook could not hold
                    // fails here, not at `report`; validate lists what cannot be computed.
                    workbook: true,
                },
            )?;
            if rendered.not_computed.is_empty() {
                outln!("every item of the report definition can be computed from the data");
            } else {
                outln!("{} report item(s) the data cannot fill:", rendered.not_computed.len());
                for n in &rendered.not_computed {
                    outln!("  {}: {}", n.item, n.reason);
                }
            }
        }
        Command::Coverage {
            data: DataArg { data },
            list,
        } => {
            one_organisation(&data)?;
            let ds = orgmetrics::load::load(&data)?;
            if let Some(w) = ds.evidence.warning() {
                errln!("warning: {w}");
            }
            let c = orgmetrics::audit::coverage::measure(&ds);
            out!("{}", orgmetrics::audit::coverage::render(&c, list));
        }
        Command::Init { dir, organisation, id } => {
            let written = orgmetrics::init::init(&dir, &organisation, id.as_deref())?;
            outln!("{}: {} files written for {organisation}", dir.display(), written.len());
            outln!(
                "next: add rows to its CSV files, then `orgmetrics validate --data {}`",
                dir.display()
            );
        }
        Command::Report {
            data: DataArg { data },
            out,
            chart_format,
            width,
            height,
            dpi,
            timings,
            all,
            organisation,
            tables_only,
            no_workbook,
            panel_only,
        } => {
            let formats = chart_format
                .into_iter()
                .map(|f| match f {
                    Format::Svg => ChartFormat::Svg,
                    Format::Png => ChartFormat::Png,
                })
                .collect();
            let opts = ReportOptions {
                data,
                out: out.clone(),
                charts: ChartOptions {
                    formats,
                    width,
                    height,
                    dpi,
                },
                workbook: !no_workbook,
            };
            let mut clock = report::Timings::default();
            let panel = PanelOptions {
                data: opts.data.clone(),
                out: opts.out.clone(),
                charts: opts.charts.clone(),
                tables_only,
                progress: true,
                workbook: opts.workbook,
                panel_only,
            };
            if all {
                let run = orgmetrics::panel::run_all(&panel, &mut clock)?;
                if timings {
                    err!("{}", clock.report());
                }
                // The items the grouped list below names, each once however many organisations miss it.
                let affected = run.missing.iter().map(|m| m.organisations).max().unwrap_or(0);
                outln!(
                    "{}: {} organisations, {} indicators; {} item(s) not computed, in up to {affected} organisation(s)",
                    out.display(),
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
                return Ok(ExitCode::SUCCESS);
            }
            let (a, rendered) = match &organisation {
                Some(id) => orgmetrics::panel::run_one(&panel, id, &mut clock)?,
                None => {
                    one_organisation(&opts.data)?;
                    report::run_timed(&opts, tables_only, &mut clock)?
                }
            };
            if timings {
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
                out.display(),
                a.computed.rows.len(),
                a.projections.rows.len(),
                rendered.files.len(),
                rendered.not_computed.len()
            );
        }
        Command::Audit {
            data: DataArg { data },
            strict,
        } => {
            one_organisation(&data)?;
            let a = orgmetrics::analysis::analyse(&data)?;
            out!("{}", orgmetrics::render::audit_table::render_table(&a.audit));
            for n in a.not_computed.iter().filter(|n| n.item.starts_with("claim ")) {
                errln!("warning: not computed: {}: {}", n.item, n.reason);
            }
            let inconsistent = a
                .audit
                .iter()
                .filter(|r| r.verdict == orgmetrics::audit::Verdict::Inconsistent)
                .count();
            if strict && inconsistent > 0 {
                errln!("--strict: {inconsistent} inconsistent verdict(s)");
                return Ok(ExitCode::from(3));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
