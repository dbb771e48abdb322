//! Load stage: reads the CSV files of a data directory into typed rows, validates all of them,
//! and turns them into [`Observation`]s. Every problem of every file is collected before failing.

pub mod claims;
mod columns;
mod controls;
mod csv_text;
pub mod dated;
pub mod definition;
mod directory;
pub mod domains;
pub mod evidence;
pub mod labels;
pub mod limits;
mod observations;
pub mod organisation;
pub mod panel;
pub(crate) mod reader;
mod record;
pub mod rowref;
pub mod rows;
pub(crate) mod settings;
pub mod vocab;

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::Deserialize;

use crate::error::Result;
pub use crate::load::claims::{CLAIM_COLUMNS, CLAIM_UNITS, CLAIMS_FILE, Claim, claim_factor, parse_terms};
use crate::load::definition::ReportDefinition;
use crate::load::definition::charts::NameSource;
pub use crate::load::directory::{Depth, Shared, load, load_member};
use crate::load::evidence::Evidence;
use crate::load::organisation::Organisation;
use crate::load::rowref::RowRef;
use crate::load::vocab::{PeriodBasis, Qualifier, Unit};
use crate::period::Period;
use crate::schema::Domains;

/// A number as written in the data: its value and how many decimals it was written with, which
/// is the precision the document gave it to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    /// The value written.
    pub value: f64,
    /// How many decimals it was written with (counted up to 9).
    pub decimals: u8,
}

/// Most digits a number of the data may have before its decimal point.
pub const MAX_INTEGER_DIGITS: usize = 15;

impl std::str::FromStr for Number {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let digits = s.strip_prefix('-').unwrap_or(s);
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !all_digits(int) || !all_digits(frac) || (digits.contains('.') && frac.is_empty()) {
            return Err(format!(
                "expected a number written with digits, an optional '-' and an optional decimal point (no thousands separator), found {s:?}"
            ));
        }
        // Fifteen digits: every integer is exact in a double, and no sum of figures overflows.
        if int.trim_start_matches('0').len() > MAX_INTEGER_DIGITS {
            return Err(format!(
                "expected a number of at most {MAX_INTEGER_DIGITS} digits before the decimal point, found {s:?}"
            ));
        }
        let value: f64 = s.parse().map_err(|_| format!("expected a number, found {s:?}"))?;
        Ok(Number {
            value,
            decimals: frac.len().min(9) as u8,
        })
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.trim().parse().map_err(serde::de::Error::custom)
    }
}

/// One source document, a row of `sources.csv`.
#[derive(Debug, Clone, Deserialize)]
pub struct Source {
    /// The code the data rows' and claims' `source` column cites.
    pub id: String,
    /// The document's title.
    pub title: String,
    /// Who published it.
    pub publisher: String,
    /// Its date as written: free text (`2025-12`, `c. 2008-2012 (undated)`).
    pub date: String,
    /// Where it is published (an address; `document` says which document there).
    pub url: String,
    /// Which document at that address: the site gives no stable link to each.
    pub document: String,
    /// Its plain-text copy (`pdftotext -layout` of the PDF), relative to the directory of
    /// `sources.csv`; `None` when there is none. Each figure citing the source is checked
    /// against it (`crate::load::evidence`).
    pub text: Option<String>,
    /// SHA-256 of that text, lowercase hex: the copy the figures were checked against.
    pub sha256: Option<String>,
}

/// One value of one series at one period, with where it comes from.
#[derive(Debug, Clone)]
pub struct Observation {
    /// Dotted series id built from the row's dimensions, e.g. `staff.contract.support`.
    pub series: String,
    /// The row's `period`.
    pub period: Period,
    /// The row's `value`, in `unit`.
    pub value: f64,
    /// Decimals the value was written with: the precision the audit assumes.
    pub decimals: u8,
    /// The row's `unit`.
    pub unit: Unit,
    /// How the text qualifies the figure (`around`, `more_than`, …), if at all.
    pub qualifier: Option<Qualifier>,
    /// The `id` in `sources.csv` of the document the figure comes from.
    pub source: String,
    /// Section and footnote of the figure in that document, e.g. `VII.3.a fn104`.
    pub locator: String,
    /// The row's `note`: scope, definitions, caveats.
    pub note: String,
    /// The data file the row is in (`workforce.csv`).
    pub file: &'static str,
    /// The row's line in that file, the header being line 1.
    pub line: u64,
    /// The 1-based column of `unit` in that file (its columns come in any order), for messages.
    pub unit_column: usize,
    /// How the figure was read from its document.
    pub reading: Reading,
}

/// How a figure was read from its document: as printed, or obtained otherwise; its period stated
/// or inferred. The evidence check (`crate::load::evidence`) holds `written` against the passage.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reading {
    /// The figure as the document prints it ("8,691", "around 53%").
    pub written: Option<String>,
    /// How a figure the document does not print was obtained.
    pub obtained: Option<String>,
    /// Whether the document states the period; `None` when the file has no `dated` column.
    pub dated: Option<PeriodBasis>,
    /// 1-based columns of `written`, `dated` and `locator` in the file (0: no such column), for messages.
    pub written_column: usize,
    /// See `written_column`.
    pub dated_column: usize,
    /// See `written_column`.
    pub locator_column: usize,
}

impl Reading {
    /// The reading of a row whose header is `names`.
    pub fn new(written: Option<&str>, obtained: Option<&str>, dated: Option<PeriodBasis>, names: &[String]) -> Reading {
        let col = |name: &str| names.iter().position(|n| n == name).map_or(0, |i| i + 1);
        Reading {
            written: written.map(str::to_string),
            obtained: obtained.map(str::to_string),
            dated,
            written_column: col("written"),
            dated_column: col("dated"),
            locator_column: col("locator"),
        }
    }

    /// Whether the row's period was inferred rather than stated by its document.
    pub fn is_inferred(&self) -> bool {
        self.dated == Some(PeriodBasis::Inferred)
    }
}

/// Columns every data file and `claims.csv` may have: how each figure was read (see [`Reading`]).
pub const EVIDENCE_COLUMNS: [&str; 3] = ["written", "obtained", "dated"];

impl Observation {
    /// Reference to the data row, cited in `inputs` columns as `workforce.csv:5`.
    pub fn row_ref(&self) -> RowRef {
        RowRef {
            file: self.file,
            line: self.line,
        }
    }
}

/// A file the load stage read: where, and the SHA-256 and size of the bytes it read (for the
/// manifest, so that no later stage reads an input again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// SHA-256 of the bytes read, lowercase hex.
    pub sha256: String,
    /// How many bytes were read.
    pub bytes: u64,
}

/// Everything the later stages need from the data directory.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The organisation and its comparators (`organisation.toml`).
    pub organisation: Organisation,
    /// What the report shows (`report.toml`: its own, else the panel's, else empty).
    pub definition: ReportDefinition,
    /// The one list of domains: the format's, then those `domains.toml` declares (its own, else
    /// the panel's), with the indicators it declares.
    pub domains: Domains,
    /// The documents of `sources.csv`, in file order.
    pub sources: Vec<Source>,
    /// Every row of the domain files, in the order of the domains, then of lines.
    pub observations: Vec<Observation>,
    /// The figures of `claims.csv` the audit recomputes.
    pub claims: Vec<Claim>,
    /// Every file read, in a fixed order (organisation, domains, report definition, sources,
    /// domain files, claims), for the manifest.
    pub input_files: Vec<InputFile>,
    /// The documents' texts and where each figure stands in them.
    pub evidence: Evidence,
    /// The data rows and claims whose period the document does not state (`dated` is
    /// `inferred`): few, so that asking whether a figure rests on one is a lookup per input.
    pub inferred_rows: BTreeSet<RowRef>,
}

impl Dataset {
    /// The observation of `series` at exactly `period`, if the data give one.
    pub fn get(&self, series: &str, period: &Period) -> Option<&Observation> {
        self.observations
            .iter()
            .find(|o| o.series == series && &o.period == period)
    }

    /// Every observation of `series`, sorted by period.
    pub fn series(&self, series: &str) -> Vec<&Observation> {
        let mut v: Vec<_> = self.observations.iter().filter(|o| o.series == series).collect();
        v.sort_by_key(|o| o.period);
        v
    }

    /// The source document with this `id`.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The observation a row reference names.
    pub fn observation(&self, r: &RowRef) -> Option<&Observation> {
        self.observations.iter().find(|o| o.file == r.file && o.line == r.line)
    }

    /// Domain a series belongs to ("unknown" for an id no domain's file builds).
    pub fn domain_of(&self, series: &str) -> &'static str {
        self.domains.domain_of(series)
    }

    /// What a user should do when a report item needs `series` at a period (`when`, in words)
    /// the data do not give it at: which file to add its row to.
    pub fn no_value(&self, series: &str, when: &str) -> String {
        let file = self
            .domains
            .get(self.domain_of(series))
            .map_or("no data file", |d| d.file);
        format!("{file} has no value of {series} at {when}: add its row there, or choose another period in report.toml")
    }

    /// A readable label for a series id: the report definition's, else one composed from the
    /// codes of the id (entity, field, programme), else the id itself.
    pub fn series_label(&self, id: &str) -> String {
        labels::series_label(&self.organisation, &self.definition.labels, id)
    }

    /// The codes a dimension of the report definition lists, in order (see [`labels::codes`]).
    pub fn codes(&self, names: NameSource) -> Vec<String> {
        labels::codes(&self.organisation, &self.definition.labels, names)
    }

    /// The name of a code of a dimension: its label, else the code.
    pub fn code_name(&self, names: NameSource, code: &str) -> String {
        labels::code_name(&self.organisation, &self.definition.labels, names, code)
    }
}

/// The list of source documents; a panel's stands in for an organisation's missing one.
pub const SOURCES_FILE: &str = "sources.csv";
/// The organisation and its comparators; required.
pub const ORGANISATION_FILE: &str = "organisation.toml";
/// The report definition; optional: without it, the panel's or an empty one.
pub const REPORT_FILE: &str = "report.toml";
/// The columns of sources.csv.
pub const SOURCE_COLUMNS: [&str; 6] = ["id", "title", "publisher", "date", "url", "document"];
/// Columns `sources.csv` may have: the document's plain text and its hash.
pub const SOURCE_TEXT_COLUMNS: [&str; 2] = ["text", "sha256"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::domains::DOMAINS_FILE;

    #[test]
    fn numbers_keep_their_written_precision() {
        let n: Number = "20.5".parse().unwrap();
        assert_eq!((n.value, n.decimals), (20.5, 1));
        let n: Number = "2142".parse().unwrap();
        assert_eq!((n.value, n.decimals), (2142.0, 0));
        for bad in ["1,234", "12.", ".5", "1e3", "abc", "", "NaN", "inf"] {
            assert!(bad.parse::<Number>().is_err(), "{bad}");
        }
    }

    #[test]
    fn every_input_file_other_than_a_domains_is_a_reserved_stem() {
        // A declared domain named like one of these files would read it as its own.
        for file in [
            CLAIMS_FILE,
            SOURCES_FILE,
            ORGANISATION_FILE,
            REPORT_FILE,
            DOMAINS_FILE,
            evidence::OUT_OF_SCOPE_FILE,
        ] {
            let stem = file.split('.').next().unwrap_or_default();
            assert!(crate::schema::INPUT_STEMS.contains(&stem), "{file}");
            assert!(crate::schema::is_reserved_domain_id(stem), "{file}");
        }
    }
}
