//! Reads CSV and TOML files into typed values, collecting every problem with its file, line and
//! column, and hashing every file read. It knows no domain: what a column of the format expects,
//! and the values to try in a faulty field's place, come in as a [`Vocabulary`]; the domains'
//! own rules are `observations.rs`'s.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::digest::sha256_hex;
use crate::error::DataIssue;
use crate::load::InputFile;
use crate::load::controls::{control_in, each_toml_text, expected_without};
use crate::load::csv_text::{Lines, QuoteProblem, quote_problem};
use crate::load::limits::Limit;
use crate::load::record::RecordDe;
use crate::load::settings::Checked;

/// What the reader says of the columns it reads, given by the format it reads for.
#[derive(Clone, Copy)]
pub(crate) struct Vocabulary {
    /// What a column (named by its header) expects, for a field that does not parse.
    pub expectation: fn(&str) -> String,
    /// Values tried in place of a faulty field, so that the rest of its row is checked too.
    pub stand_ins: fn() -> Box<dyn Iterator<Item = &'static str>>,
}

/// Reads the files of one data directory, collecting the problems of all of them, and what it
/// read.
pub(crate) struct Reader<'a> {
    pub dir: &'a Path,
    /// What the columns read expect.
    vocabulary: Vocabulary,
    pub issues: Vec<DataIssue>,
    /// Every file read, with its hash, in reading order.
    pub files: Vec<InputFile>,
}

/// What any text of the data must be and `s` is not, if anything: without the characters no text
/// may hold, and short enough for a workbook cell.
fn text_fault(s: &str) -> Option<(String, String)> {
    match control_in(s) {
        Some(c) => Some((expected_without(c).to_string(), format!("{c:?}"))),
        None => Limit::Cell.fault(s),
    }
}

/// Byte offset of the value of `key` (tables, then the key) of a TOML document.
fn key_offset(text: &str, key: &[&str]) -> Option<usize> {
    let doc = toml::de::DeTable::parse(text).ok()?;
    let (last, tables) = key.split_last()?;
    let mut table = doc.get_ref();
    for k in tables {
        match table.get(*k).map(|v| v.get_ref()) {
            Some(toml::de::DeValue::Table(t)) => table = t,
            _ => return None,
        }
    }
    table.get(*last).map(|v| v.span().start)
}

/// 1-based line and column of a byte offset in `text`.
fn line_col(text: &str, offset: usize) -> (u64, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() as u64 + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

impl<'a> Reader<'a> {
    /// A reader of the files of `dir`, whose columns `vocabulary` describes.
    pub fn new(dir: &'a Path, vocabulary: Vocabulary) -> Self {
        Reader {
            dir,
            vocabulary,
            issues: Vec::new(),
            files: Vec::new(),
        }
    }

    /// Records a file read, with the hash of the bytes read.
    fn record(&mut self, path: &Path, bytes: &[u8]) {
        self.files.push(InputFile {
            path: path.to_path_buf(),
            sha256: sha256_hex(bytes),
            bytes: bytes.len() as u64,
        });
    }

    /// The problems found, by file and line.
    pub fn sorted_issues(&mut self) -> Vec<DataIssue> {
        let mut issues = std::mem::take(&mut self.issues);
        issues.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        issues
    }

    /// Reads a TOML file into `T`; a problem names its line and column. A missing file is a
    /// problem when `required`, and None otherwise.
    pub fn toml<T: DeserializeOwned + Checked>(&mut self, file: &'static str, required: bool) -> Option<T> {
        self.toml_in(file, required, &())
    }

    /// [`Reader::toml`] for settings checked against `context`.
    pub fn toml_in<T: DeserializeOwned + Checked<C>, C>(
        &mut self,
        file: &'static str,
        required: bool,
        context: &C,
    ) -> Option<T> {
        let path = self.dir.join(file);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => return None,
            Err(e) => {
                self.issue(file, 0, None, "a readable UTF-8 file", format!("an error: {e}"));
                return None;
            }
        };
        self.record(&path, text.as_bytes());
        match toml::from_str::<T>(&text) {
            Ok(v) => {
                let mut faults = Vec::new();
                each_toml_text(&text, |at, s| faults.extend(text_fault(s).map(|f| (at, f))));
                for (at, (expected, found)) in faults {
                    let (line, col) = line_col(&text, at);
                    self.issue(file, line, Some((col, String::new())), expected, found);
                }
                for p in v.problems(context) {
                    // Located where the file writes the offending value (its first writing, unless said).
                    let at = p
                        .span
                        .map(|s| s.start)
                        .or_else(|| p.key.and_then(|k| key_offset(&text, k)))
                        .or_else(|| text.find(&p.needle));
                    let (line, col) = at.map_or((1, 1), |at| line_col(&text, at));
                    self.issue(file, line, Some((col, String::new())), p.expected, p.found);
                }
                Some(v)
            }
            Err(e) => {
                let (span, message) = match T::locate_error(&text) {
                    Some((span, message)) => (Some(span), message),
                    None => (e.span(), e.message().to_string()),
                };
                let (line, col) = span.map_or((1, 1), |s| line_col(&text, s.start));
                let message = message.trim().replace('\n', " ");
                // Our own messages already say what was expected and found; toml's do not.
                let (expected, found) = match message
                    .strip_prefix("expected ")
                    .and_then(|m| m.rsplit_once(", found "))
                {
                    Some((expected, found)) => (expected.to_string(), found.to_string()),
                    None => ("valid settings".to_string(), message),
                };
                self.issue(file, line, Some((col, String::new())), expected, found);
                None
            }
        }
    }

    pub fn issue(
        &mut self,
        file: &str,
        line: u64,
        column: Option<(usize, String)>,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) {
        self.issues.push(DataIssue {
            file: self.dir.join(file),
            line,
            column,
            expected: expected.into(),
            found: found.into(),
        });
    }

    /// Reads a file into rows with their line numbers; records every problem found on the way.
    /// `columns` must all be in the header; `optional` may be.
    pub fn read<T: DeserializeOwned>(
        &mut self,
        file: &'static str,
        columns: &[&str],
        optional: &[&str],
    ) -> (Vec<(u64, T)>, Vec<String>) {
        let path = self.dir.join(file);
        let mut rows = Vec::new();
        let text = match std::fs::read(&path) {
            Ok(t) => t,
            Err(e) => {
                self.issue(file, 0, None, "a readable file", format!("an error: {e}"));
                return (rows, Vec::new());
            }
        };
        self.record(&path, &text);
        let mut lines = Lines::new(&text);
        let (header_start, header_line) = lines.record(0);
        let mut rdr = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_slice());
        let headers = match rdr.headers() {
            Ok(h) if !(h.is_empty() || h.len() == 1 && h[0].is_empty()) => h.clone(),
            Ok(_) => {
                self.issue(
                    file,
                    header_line,
                    None,
                    format!("a header row: {}", columns.join(",")),
                    "an empty file",
                );
                return (rows, Vec::new());
            }
            Err(e) => {
                self.issue(file, header_line, None, "a CSV header row in UTF-8", e.to_string());
                return (rows, Vec::new());
            }
        };
        let names: Vec<String> = headers.iter().map(|h| h.trim().to_string()).collect();
        if let Some(p) = quote_problem(&text, header_start, 0) {
            // The header's fields are not names when a quote swallows the file.
            self.quote_issue(file, &text, &mut lines, p, &[]);
            return (rows, names);
        }
        if !self.columns_match(file, header_line, columns, optional, &names) {
            return (rows, names);
        }
        // One record, refilled: a panel reads millions of rows.
        let mut filled = csv::StringRecord::new();
        loop {
            let record = match rdr.read_record(&mut filled) {
                Ok(false) => break,
                Ok(true) => Ok(&filled),
                Err(e) => Err(e),
            };
            // csv's own line numbers are off after blank lines and in CRLF files.
            let pos = match &record {
                Ok(r) => r.position(),
                Err(e) => e.position(),
            };
            let (start, line) = lines.record(pos.map_or(0, csv::Position::byte));
            // A quote that swallows the rows after it makes the record what it is not.
            if let Some(p) = quote_problem(&text, start, names.len()) {
                self.quote_issue(file, &text, &mut lines, p, &names);
                continue;
            }
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let found = match e.kind() {
                        csv::ErrorKind::UnequalLengths { len, .. } => format!("{len} fields"),
                        _ => e.to_string(),
                    };
                    self.issue(
                        file,
                        line,
                        None,
                        format!("{} comma-separated fields", names.len()),
                        found,
                    );
                    continue;
                }
            };
            let fields: Vec<&str> = record.iter().map(str::trim).collect();
            // A row with a faulty text is still read, if it can be: left out, it would make
            // every row citing it a problem too (a source, a series).
            let faulty = fields
                .iter()
                .enumerate()
                .find_map(|(i, f)| text_fault(f).map(|fault| (i, fault)));
            if let Some((i, (expected, found))) = faulty.clone() {
                let name = names.get(i).cloned().unwrap_or_default();
                self.issue(file, line, Some((i + 1, name)), expected, found);
            }
            if let Some(row) = self.typed_row::<T>(file, line, &names, fields, faulty.is_some()) {
                rows.push((line, row));
            }
        }
        (rows, names)
    }

    /// Row `line` of `file` typed as `T`, from its trimmed `fields`; None if any field is at fault,
    /// each of them reported. A row with a `faulty` text (already reported) is reported no further.
    fn typed_row<T: DeserializeOwned>(
        &mut self,
        file: &str,
        line: u64,
        names: &[String],
        mut fields: Vec<&str>,
        faulty: bool,
    ) -> Option<T> {
        let mut bad = 0;
        // Each faulty field is reported, then stood in for by a value that reads, so that the
        // fields after it are checked too: every problem of the row at once.
        loop {
            let failed = std::cell::Cell::new(None);
            match T::deserialize(RecordDe::new(names, &fields, &failed)) {
                Ok(row) => {
                    return (bad == 0).then_some(row);
                }
                // Reported once: its faulty text.
                Err(_) if faulty => return None,
                Err(e) => {
                    bad += 1;
                    let Some(i) = failed.get() else {
                        self.issue(file, line, None, "a well-formed row".to_string(), e.to_string());
                        return None;
                    };
                    let name = names.get(i).cloned().unwrap_or_default();
                    let raw = fields.get(i).copied().unwrap_or_default();
                    let (expected, found) = if raw.is_empty() {
                        (
                            format!("a value: {}", (self.vocabulary.expectation)(&name)),
                            "an empty field".to_string(),
                        )
                    } else {
                        ((self.vocabulary.expectation)(&name), format!("{raw:?}"))
                    };
                    self.issue(file, line, Some((i + 1, name)), expected, found);
                    match stand_in::<T>(names, &fields, i, self.vocabulary) {
                        Some(v) => fields[i] = v,
                        None => return None,
                    }
                }
            }
        }
    }

    /// Whether a CSV file's header `names` are `columns` and any of `optional`, in any order;
    /// records the problem if not.
    fn columns_match(&mut self, file: &str, line: u64, columns: &[&str], optional: &[&str], names: &[String]) -> bool {
        let missing: Vec<&str> = columns
            .iter()
            .copied()
            .filter(|c| !names.iter().any(|n| n == c))
            .collect();
        let unknown: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|n| !columns.contains(n) && !optional.contains(n))
            .collect();
        if missing.is_empty() && unknown.is_empty() {
            return true;
        }
        let mut found = Vec::new();
        if !missing.is_empty() {
            found.push(format!("missing {}", missing.join(", ")));
        }
        if !unknown.is_empty() {
            found.push(format!("unknown {}", unknown.join(", ")));
        }
        self.issue(
            file,
            line,
            None,
            if optional.is_empty() {
                format!("the columns {}", columns.join(","))
            } else {
                format!(
                    "the columns {}, and optionally {}",
                    columns.join(","),
                    optional.join(",")
                )
            },
            found.join("; "),
        );
        false
    }

    /// Records a quote problem of a CSV record, at the line and field of its opening quote.
    fn quote_issue(&mut self, file: &str, text: &[u8], lines: &mut Lines, p: QuoteProblem, names: &[String]) {
        let (line, field, expected, found) = p.describe(text, lines);
        let name = names.get(field).cloned().unwrap_or_default();
        self.issue(file, line, Some((field + 1, name)), expected, found);
    }
}

/// A value for field `i` of a record with which its row reads past that field: any code of the
/// vocabulary, a number, a year (0000, which no document gives) or a word. None if nothing does.
fn stand_in<T: DeserializeOwned>(
    names: &[String],
    fields: &[&str],
    i: usize,
    vocabulary: Vocabulary,
) -> Option<&'static str> {
    let mut trial: Vec<&str> = fields.to_vec();
    ["0", "0000", "x", ""]
        .into_iter()
        .chain((vocabulary.stand_ins)())
        .find(|candidate| {
            trial[i] = candidate;
            let failed = std::cell::Cell::new(None);
            T::deserialize(RecordDe::new(names, &trial, &failed)).is_ok() || failed.get().is_some_and(|j| j != i)
        })
}
