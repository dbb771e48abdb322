//! The evidence of each figure: the documents' texts, read once and indexed, and every data row
//! and claim checked against the passage its locator names (`check.rs`); what the documents
//! state and the data do not record (`coverage.rs`).
//!
//! The check runs in the load stage, since a figure that is not what its document writes is
//! invalid data like any other (exit 2, at the row's `written` column). A source with no text,
//! or whose text is absent on this machine, leaves its rows unchecked: a normal state, listed.

mod check;

/// The grammar of figures as written (crates/figures).
pub use written_figures as written;
/// A document's text indexed by its headings and footnotes (crates/figures).
pub use written_figures::document;

use std::ops::Range;
use std::path::{Path, PathBuf};

pub use check::{Cited, OUT_OF_SCOPE_COLUMNS, OUT_OF_SCOPE_FILE, OutOfScopeRow, check_rows, set_aside};
use document::Document;

use crate::digest::sha256_hex;
use crate::error::DataIssue;
use crate::load::Source;
use crate::load::rowref::RowRef;

/// A source's plain text, read and indexed.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The source's id in `sources.csv`.
    pub source: String,
    /// The text's file name as `sources.csv` gives it.
    pub file: String,
    /// The text, indexed.
    pub document: Document,
}

/// Sources whose rows could not be checked, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Unchecked {
    /// The source's id.
    pub source: String,
    /// Why: no text named, or the text named is absent.
    pub why: String,
    /// How many data rows and claims cite it.
    pub rows: usize,
    /// Whether `sources.csv` names a text that is absent here (rather than naming none).
    pub absent: bool,
}

/// Where a checked figure stands in its document.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The data row or claim.
    pub row: RowRef,
    /// Index of its document in [`Evidence::texts`].
    pub text: usize,
    /// Every occurrence of its written form in its passage.
    pub ranges: Vec<Range<usize>>,
}

/// A figure the document does not print, and how it was obtained.
#[derive(Debug, Clone, PartialEq)]
pub struct NotPrinted {
    /// The data row or claim.
    pub row: RowRef,
    /// Its `obtained` column.
    pub how: String,
}

/// What the documents are and what the check found.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// The texts read, in the order of `sources.csv`.
    pub texts: Vec<SourceText>,
    /// Sources whose rows went unchecked.
    pub unchecked: Vec<Unchecked>,
    /// Where each checked figure is.
    pub places: Vec<Place>,
    /// Figures the documents do not print.
    pub not_printed: Vec<NotPrinted>,
    /// Figures `out_of_scope.csv` sets aside: where they are and why.
    pub out_of_scope: Vec<(usize, Vec<Range<usize>>, String)>,
}

impl Evidence {
    /// How many rows and claims were checked against their passage.
    pub fn checked(&self) -> usize {
        self.places.len()
    }

    /// The warning `validate` and `report` print for rows left unchecked because their
    /// document's text is absent, if any. (A source that names no text is a choice, not a gap.)
    pub fn warning(&self) -> Option<String> {
        let absent: Vec<&Unchecked> = self.unchecked.iter().filter(|u| u.absent).collect();
        if absent.is_empty() {
            return None;
        }
        let rows: usize = absent.iter().map(|u| u.rows).sum();
        let each: Vec<String> = absent
            .iter()
            .map(|u| format!("{} ({} row{}: {})", u.source, u.rows, plural(u.rows), u.why))
            .collect();
        Some(format!(
            "{rows} row{} not checked against their documents: {}",
            plural(rows),
            each.join("; ")
        ))
    }
}

/// The part of a locator that names a part of the document without a number (`Introduction`
/// of `Introduction 3.b`, `Executive summary`, `Inserm in brief` of `Inserm in brief: Staff`);
/// empty for a numbered one (`VII.3.a fn104`).
pub fn named_part(locator: &str) -> &str {
    let section = locator.split_once(": ").map_or(locator, |(s, _)| s);
    let section = match section.rsplit_once(" fn") {
        Some((s, n)) if n.bytes().all(|b| b.is_ascii_digit()) => s,
        _ => section,
    };
    let section = match section.rsplit_once(' ') {
        Some((s, n)) if n.starts_with(|c: char| c.is_ascii_digit()) => s,
        _ => section,
    };
    let numbered = section
        .split('.')
        .next()
        .is_some_and(|p| !p.is_empty() && p.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L')));
    if numbered { "" } else { section.trim() }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Reads the text each source names (relative to `dir`, the directory of `sources.csv`), checks
/// its SHA-256 and indexes it. `named` are the section names the data's locators use, per source.
/// Returns the texts, the sources left without one (with why), and the problems. (The texts are
/// not in the manifest's inputs: `sources.csv`, which is, pins each by its SHA-256.)
pub fn read_texts(
    dir: &Path,
    sources: &[(u64, Source)],
    named: &dyn Fn(&str) -> Vec<String>,
) -> (Vec<SourceText>, Vec<(String, String)>, Vec<DataIssue>) {
    let mut texts = Vec::new();
    let mut missing = Vec::new();
    let mut issues = Vec::new();
    for (line, s) in sources {
        let Some(file) = s.text.as_deref() else {
            missing.push((s.id.clone(), String::new()));
            continue;
        };
        let path: PathBuf = dir.join(file);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(_) => {
                missing.push((s.id.clone(), format!("its text {file} is absent")));
                continue;
            }
        };
        let sha = sha256_hex(&bytes);
        let issue = |expected: String, found: String| DataIssue {
            file: dir.join(crate::load::SOURCES_FILE),
            line: *line,
            column: None,
            expected,
            found,
        };
        if s.sha256.as_deref() != Some(sha.as_str()) {
            issues.push(issue(
                format!("the SHA-256 of {file} in column sha256 (the copy the figures were checked against)"),
                format!("{:?}; the file's is {sha}", s.sha256.as_deref().unwrap_or("")),
            ));
            continue;
        }
        let Ok(text) = String::from_utf8(bytes) else {
            issues.push(issue(format!("{file} in UTF-8"), "bytes that are not".into()));
            continue;
        };
        let names = named(&s.id);
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        texts.push(SourceText {
            source: s.id.clone(),
            file: file.to_string(),
            document: Document::index(text, &names),
        });
    }
    (texts, missing, issues)
}
