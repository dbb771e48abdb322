//! Each data row and claim held against its document: its written form must occur in the
//! passage its locator names and say what the row's value, unit and qualifier say.

use std::ops::Range;
use std::path::Path;

use super::written::{self, Kind, Written};
use super::{Evidence, NotPrinted, Place, SourceText, Unchecked};
use crate::error::DataIssue;
use crate::load::Reading;
use crate::load::rowref::RowRef;
use crate::load::vocab::{Qualifier, Unit, ValueUnit};

/// What a figure is in its unit: a share, an amount of euros, or a number of things.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measure {
    /// A percentage.
    Percent,
    /// Euros, the unit being this many of them (1e6 for `EUR million`).
    Euro(f64),
    /// A count, an age, an index or a ratio.
    Plain,
}

impl Measure {
    /// The measure of a unit (`percent`, `EUR million`, `persons`, …).
    pub fn of_unit(unit: ValueUnit) -> Measure {
        match unit {
            ValueUnit::PERCENT => Measure::Percent,
            ValueUnit::Data(Unit::EurMillion) => Measure::Euro(1e6),
            ValueUnit::EurBillion => Measure::Euro(1e9),
            _ => Measure::Plain,
        }
    }
}

/// A data row or a claim, as the check sees it.
#[derive(Debug, Clone)]
pub struct Cited<'a> {
    /// The row.
    pub row: RowRef,
    /// The source id.
    pub source: &'a str,
    /// The locator.
    pub locator: &'a str,
    /// 1-based column of `locator` in its file.
    pub locator_column: usize,
    /// The value, in `unit`.
    pub value: f64,
    /// Decimals the value was written with.
    pub decimals: u8,
    /// The unit.
    pub unit: ValueUnit,
    /// The qualifier.
    pub qualifier: Option<Qualifier>,
    /// The note (the reason of an inferred period).
    pub note: &'a str,
    /// How it was read.
    pub reading: &'a Reading,
}

/// Checks every row against its document's text; `dir` is where the rows' files are (for
/// messages); `missing` the sources without a text on this machine, with why.
pub fn check_rows(
    texts: Vec<SourceText>,
    missing: &[(String, String)],
    texted: &dyn Fn(&str) -> bool,
    rows: &[Cited],
    dir: &Path,
) -> (Evidence, Vec<DataIssue>) {
    let mut ev = Evidence {
        texts,
        ..Evidence::default()
    };
    let mut issues = Vec::new();
    for (source, why) in missing {
        let n = rows.iter().filter(|r| r.source == source.as_str()).count();
        if n > 0 {
            ev.unchecked.push(Unchecked {
                source: source.clone(),
                why: if why.is_empty() {
                    "sources.csv names no text for it".into()
                } else {
                    why.clone()
                },
                rows: n,
                absent: !why.is_empty(),
            });
        }
    }
    for r in rows {
        let mut issue = |column: usize, name: &str, expected: String, found: String| {
            issues.push(DataIssue {
                file: dir.join(r.row.file),
                line: r.row.line,
                column: (column > 0).then(|| (column, name.to_string())),
                expected,
                found,
            })
        };
        // Rows citing a document with a text must say how they were read, whether or not the
        // text is on this machine: the data's validity does not depend on where they are read.
        if texted(r.source) {
            let reading = r.reading;
            match (&reading.written, &reading.obtained) {
                (None, None) => issue(
                    reading.written_column,
                    "written",
                    "the figure as the document prints it (column written), or how it was obtained (column obtained)"
                        .into(),
                    "both empty".into(),
                ),
                (Some(_), Some(o)) => issue(
                    reading.written_column,
                    "written",
                    "either the figure as printed or how it was obtained, not both".into(),
                    format!("both, obtained being {o:?}"),
                ),
                _ => {}
            }
            match reading.dated {
                None => issue(
                    reading.dated_column,
                    "dated",
                    "whether the document states the period: 'stated' or 'inferred'".into(),
                    "an empty field".into(),
                ),
                Some(crate::load::vocab::PeriodBasis::Inferred) if r.note.trim().is_empty() => issue(
                    reading.dated_column,
                    "dated",
                    "a note saying why the period was inferred".into(),
                    "'inferred' with an empty note".into(),
                ),
                _ => {}
            }
        }
        if let (None, Some(how)) = (&r.reading.written, &r.reading.obtained) {
            ev.not_printed.push(NotPrinted {
                row: r.row,
                how: how.clone(),
            });
            continue;
        }
        let Some(w) = r.reading.written.as_deref() else {
            continue;
        };
        let Some(t) = ev.texts.iter().position(|t| t.source == r.source) else {
            continue;
        };
        let doc = &ev.texts[t];
        match locate(doc, r, w) {
            Ok(ranges) => ev.places.push(Place {
                row: r.row,
                text: t,
                ranges,
            }),
            Err((column, name, expected, found)) => issue(column, name, expected, found),
        }
    }
    (ev, issues)
}

type Fault = (usize, &'static str, String, String);

/// The occurrences of `w` in the passage of `r`, or what is wrong.
fn locate(doc: &SourceText, r: &Cited, w: &str) -> Result<Vec<Range<usize>>, Fault> {
    let col = r.reading.written_column;
    let parsed = written::parse(w).map_err(|e| (col, "written", "a figure as printed".to_string(), e))?;
    if let Err(e) = says(&parsed, r) {
        return Err((
            col,
            "written",
            format!("a written form that says what the row says ({})", row_says(r)),
            format!("{w:?}, which {e}"),
        ));
    }
    let d = &doc.document;
    let passage = d.passage(r.locator).map_err(|e| {
        (
            r.locator_column,
            "locator",
            format!("a section (and footnote) of {} ({})", doc.source, doc.file),
            format!("{:?}: {e}", r.locator),
        )
    })?;
    let found: Vec<Range<usize>> = passage.ranges.iter().flat_map(|p| d.find(p, w)).collect();
    if !found.is_empty() {
        return Ok(found);
    }
    let lines = |ranges: &[Range<usize>]| -> String {
        ranges
            .iter()
            .map(|p| {
                let (a, b) = (d.line_of(p.start), d.line_of(p.end.saturating_sub(1).max(p.start)));
                if a == b {
                    format!("line {a}")
                } else {
                    format!("lines {a}–{b}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let elsewhere: Vec<String> = d
        .find_everywhere(w)
        .into_iter()
        .take(4)
        .map(|f| {
            let section = d
                .section_at(f.start)
                .map_or("(no section)".to_string(), |s| s.id.clone());
            format!("{section} (line {})", d.line_of(f.start))
        })
        .collect();
    let hint = if elsewhere.is_empty() {
        let near = nearest(d, &passage.ranges, r);
        if near.is_empty() {
            "it occurs nowhere in the document".to_string()
        } else {
            format!(
                "it occurs nowhere in the document; the passage's nearest figures: {}",
                near.join(", ")
            )
        }
    } else {
        format!("it occurs elsewhere: {}", elsewhere.join(", "))
    };
    Err((
        col,
        "written",
        format!(
            "{w:?} in {} {} ({} of {})",
            doc.source,
            r.locator,
            lines(&passage.ranges),
            doc.file
        ),
        format!("no such figure in that passage; {hint}"),
    ))
}

/// Up to three figures of the passage closest in value to the row's.
fn nearest(d: &super::document::Document, ranges: &[Range<usize>], r: &Cited) -> Vec<String> {
    let target = in_base(r.value, r.unit);
    let mut found: Vec<(f64, String)> = ranges
        .iter()
        .flat_map(|p| {
            written::scan(&d.text[p.clone()])
                .into_iter()
                .filter(|f| f.excluded.is_none())
                .map(move |f| (p.start + f.range.start, p.start + f.range.end))
        })
        .filter_map(|(a, b)| {
            let text = &d.text[a..b];
            let v = written::parse(text).ok()?.base_value();
            Some(((v - target).abs(), format!("{text:?} (line {})", d.line_of(a))))
        })
        .collect();
    found.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    found.into_iter().take(3).map(|(_, s)| s).collect()
}

/// The row's value in the base units `written` gives (euros for amounts).
fn in_base(value: f64, unit: ValueUnit) -> f64 {
    match Measure::of_unit(unit) {
        Measure::Euro(k) => value * k,
        _ => value,
    }
}

fn row_says(r: &Cited) -> String {
    let q = r
        .qualifier
        .map_or("no qualifier".to_string(), |q| format!("qualifier {q}"));
    format!("{} {}, {q}", crate::format::plain(r.value), r.unit)
}

/// Whether the written form says the row's value, unit and qualifier; if not, what it says.
fn says(w: &Written, r: &Cited) -> Result<(), String> {
    let measure = Measure::of_unit(r.unit);
    let kind_ok = matches!(
        (measure, w.kind),
        (Measure::Percent, Kind::Percent) | (Measure::Euro(_), Kind::Euro) | (Measure::Plain, Kind::Plain)
    );
    if !kind_ok {
        let what = match w.kind {
            Kind::Percent => "a percentage",
            Kind::Euro => "an amount in euros",
            Kind::Plain => "a number without % or currency",
        };
        return Err(format!("is {what}, not a figure in {}", r.unit));
    }
    let target = in_base(r.value, r.unit);
    let close = |v: f64| {
        let tol = if w.decimals.is_none() && w.in_words {
            // A fraction in words is exact; the row holds it rounded to its own decimals.
            0.5 * 10f64.powi(-i32::from(r.decimals)) * in_base(1.0, r.unit)
        } else {
            1e-9 * v.abs().max(target.abs()).max(1.0)
        };
        (v - target).abs() <= tol || (v + target).abs() <= tol && v > 0.0
    };
    let values: Vec<f64> = std::iter::once(w.base_value()).chain(w.base_high()).collect();
    if !values.iter().any(|&v| close(v)) {
        let shown: Vec<String> = values
            .iter()
            .map(|&v| crate::format::plain(v / in_base(1.0, r.unit)))
            .collect();
        return Err(format!("reads {} {}", shown.join(" to "), r.unit));
    }
    let row_q = r.qualifier.map(Qualifier::code);
    if w.qualifier != row_q {
        return Err(match w.qualifier {
            Some(q) => format!("has qualifier {q}"),
            None => "has no qualifier".to_string(),
        });
    }
    Ok(())
}

/// A figure of a document that the data do not record, on purpose (a row of `out_of_scope.csv`).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct OutOfScopeRow {
    /// The document's id in `sources.csv`.
    pub source: String,
    /// Where the figure is, as a data row's locator.
    pub locator: String,
    /// The figure as printed; every occurrence in that passage is set aside.
    pub written: String,
    /// Why it is not recorded, in a few words.
    pub reason: String,
}

/// Name of the file of figures set aside.
pub const OUT_OF_SCOPE_FILE: &str = "out_of_scope.csv";
/// Its columns.
pub const OUT_OF_SCOPE_COLUMNS: [&str; 4] = ["source", "locator", "written", "reason"];

/// Finds each figure set aside in its passage; a figure not there, or without a reason, is invalid.
pub fn set_aside(ev: &mut Evidence, rows: &[(u64, OutOfScopeRow)], names: &[String], dir: &Path) -> Vec<DataIssue> {
    let col = |name: &str| names.iter().position(|n| n == name).map(|i| (i + 1, name.to_string()));
    let mut issues = Vec::new();
    for (line, r) in rows {
        let mut issue = |column: &str, expected: String, found: String| {
            issues.push(DataIssue {
                file: dir.join(OUT_OF_SCOPE_FILE),
                line: *line,
                column: col(column),
                expected,
                found,
            })
        };
        if r.reason.trim().is_empty() {
            issue(
                "reason",
                "why the figure is not recorded".into(),
                "an empty field".into(),
            );
            continue;
        }
        let Some(t) = ev.texts.iter().position(|t| t.source == r.source) else {
            continue;
        };
        let d = &ev.texts[t].document;
        let passage = match d.passage(&r.locator) {
            Ok(p) => p,
            Err(e) => {
                issue(
                    "locator",
                    format!("a section (and footnote) of {}", r.source),
                    format!("{:?}: {e}", r.locator),
                );
                continue;
            }
        };
        let found: Vec<Range<usize>> = passage.ranges.iter().flat_map(|p| d.find(p, &r.written)).collect();
        if found.is_empty() {
            issue(
                "written",
                format!("a figure of {} {}", r.source, r.locator),
                format!("{:?}, which is not in that passage", r.written),
            );
            continue;
        }
        ev.out_of_scope.push((t, found, r.reason.clone()));
    }
    issues
}
