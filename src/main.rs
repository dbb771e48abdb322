//! Command-line interface of orgmetrics.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use orgmetrics::error::Error;

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

mod cmd;

// Allocation-heavy work (millions of short strings in a panel) runs faster under mimalloc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Makes polars' shared buffer of zeros now, while the allocator's memory is fresh.
///
/// Polars backs every all-null column with one 8 MB buffer of zeros, made on first use. Made in
/// the middle of a run, mimalloc serves it from memory it has used before and must zero it: page
/// faults, resident memory and a noticeable share of a single report's CPU (BENCHMARKS.md).
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
/// report shows), and CSV files extracted by hand from the documents (see docs/data.md, the data
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
pub struct DataArg {
    /// Directory holding organisation.toml, report.toml, sources.csv, claims.csv, the format's
    /// domain files (workforce.csv, budget.csv, publications.csv, eu_funding.csv) and, if it
    /// declares more domains, domains.toml and their files; or, with --all or --organisation, a
    /// panel: a directory of such directories.
    #[arg(long, default_value = "data")]
    pub data: PathBuf,
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
    Report(cmd::report::Args),
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

fn main() -> ExitCode {
    orgmetrics::allocator::keep_freed_memory();
    make_polars_zeros_early();
    // A wrong option exits 1, as any failure that is not invalid data: clap's own code, 2, is
    // this tool's code for invalid data (docs/commands.md, "Exit codes").
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

/// Runs the command, each in its own file of `cmd/`.
fn run(command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Validate {
            data: DataArg { data },
            all,
        } => {
            if all {
                cmd::validate::panel(&data)?;
            } else {
                cmd::validate::one(&data)?;
            }
        }
        Command::Coverage {
            data: DataArg { data },
            list,
        } => cmd::coverage::run(&data, list)?,
        Command::Synth {
            organisations,
            years,
            out,
            seed,
            yes,
        } => cmd::synth::run(&out, organisations, years, seed, yes)?,
        Command::Init { dir, organisation, id } => cmd::init::run(&dir, &organisation, id.as_deref())?,
        Command::Report(args) => cmd::report::run(args)?,
        Command::Audit {
            data: DataArg { data },
            strict,
        } => return cmd::audit::run(&data, strict),
    }
    Ok(ExitCode::SUCCESS)
}
