//! Errors. Data problems are collected as [`DataIssue`]s so that one run reports all of them.

use std::fmt;
use std::path::PathBuf;

/// One problem in an input file, located to the line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataIssue {
    /// Path of the input file.
    pub file: PathBuf,
    /// 1-based line in the file; the header is line 1. 0 for the file as a whole (missing or
    /// unreadable), written without a line.
    pub line: u64,
    /// 1-based column number and its header name, when the problem is in one field (no name for
    /// a position in a TOML file).
    pub column: Option<(usize, String)>,
    /// What the file should have held there.
    pub expected: String,
    /// What it held instead.
    pub found: String,
}

impl fmt::Display for DataIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        match &self.column {
            Some((n, name)) if name.is_empty() => write!(f, ":{n}")?,
            Some((n, name)) => write!(f, ":{n} (column '{name}')")?,
            None => {}
        }
        write!(f, ": expected {}, found {}", self.expected, self.found)
    }
}

/// Every error a run can end with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the input data, all of them from one run (exit code 2).
    #[error("{} problem(s) in the data:\n{}", .0.len(), list(.0))]
    InvalidData(Vec<DataIssue>),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// A polars query failed.
    #[error("computing {what}: {source}")]
    Polars {
        /// What was being computed.
        what: String,
        /// Polars' error.
        #[source]
        source: polars::error::PolarsError,
    },
    /// A chart could not be drawn.
    #[error("drawing chart {chart}: {message}")]
    Chart {
        /// The chart's `name` in `report.toml`, or `(all)` for a failure before any chart.
        chart: String,
        /// What went wrong.
        message: String,
    },
    /// Any other failure, with its message.
    #[error("{0}")]
    Other(String),
}

fn list(issues: &[DataIssue]) -> String {
    issues.iter().map(|i| format!("  {i}")).collect::<Vec<_>>().join("\n")
}

impl Error {
    /// An [`Error::Io`] on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A `map_err` adapter: wraps a polars error with what was being computed.
    pub fn polars(what: impl Into<String>) -> impl FnOnce(polars::error::PolarsError) -> Self {
        let what = what.into();
        move |source| Error::Polars { what, source }
    }

    /// Process exit code: 2 for invalid input data, 1 for anything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::InvalidData(_) => 2,
            _ => 1,
        }
    }
}

/// The crate's result type, with [`Error`] as the default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;
