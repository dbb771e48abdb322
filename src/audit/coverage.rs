//! What the data record of their documents: every figure each document prints, classed as
//! recorded (by a data row or a claim), set aside (`out_of_scope.csv`, one reason each),
//! excluded by rule (years, dates, section and footnote numbers, list numbering, page numbers,
//! links), or not recorded.

use std::collections::BTreeMap;

use crate::load::Dataset;
use crate::load::evidence::written::{self, Rule};
use crate::load::rowref::RowRef;

/// How one figure of a document stands in the data.
#[derive(Debug, Clone, PartialEq)]
pub enum Class {
    /// Recorded by these rows and claims.
    Recorded(Vec<RowRef>),
    /// Set aside by `out_of_scope.csv`, for this reason.
    OutOfScope(String),
    /// Not a figure to record, by this rule.
    Excluded(Rule),
    /// In none of the above.
    NotRecorded,
}

impl Class {
    /// The class as the outputs write it.
    pub fn code(&self) -> &'static str {
        match self {
            Class::Recorded(_) => "recorded",
            Class::OutOfScope(_) => "out_of_scope",
            Class::Excluded(_) => "excluded_by_rule",
            Class::NotRecorded => "not_recorded",
        }
    }
}

/// One figure of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The section it is in (`(before the first heading)` for the front matter).
    pub section: String,
    /// Its 1-based line in the text.
    pub line: usize,
    /// The figure as printed.
    pub text: String,
    /// How the data treat it.
    pub class: Class,
}

/// The counts of one section (or of a whole document).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Figures recorded by a row or a claim.
    pub recorded: usize,
    /// Figures set aside, each with its reason.
    pub out_of_scope: usize,
    /// Figures excluded by rule.
    pub excluded: usize,
    /// Figures in none of these.
    pub not_recorded: usize,
}

impl Counts {
    fn add(&mut self, c: &Class) {
        match c {
            Class::Recorded(_) => self.recorded += 1,
            Class::OutOfScope(_) => self.out_of_scope += 1,
            Class::Excluded(_) => self.excluded += 1,
            Class::NotRecorded => self.not_recorded += 1,
        }
    }

    /// Every figure counted.
    pub fn total(&self) -> usize {
        self.recorded + self.out_of_scope + self.excluded + self.not_recorded
    }

    /// Recorded figures as a percentage of those not excluded by rule; `None` when there are none.
    pub fn recorded_share(&self) -> Option<f64> {
        let base = self.recorded + self.out_of_scope + self.not_recorded;
        (base > 0).then(|| 100.0 * self.recorded as f64 / base as f64)
    }

    /// "N recorded, M not recorded, K out of scope, J excluded by rule".
    pub fn describe(&self) -> String {
        format!(
            "{} recorded, {} not recorded, {} out of scope, {} excluded by rule",
            self.recorded, self.not_recorded, self.out_of_scope, self.excluded
        )
    }
}

/// One document's coverage.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentCoverage {
    /// The source id.
    pub source: String,
    /// Its figures, in the order of the text.
    pub figures: Vec<Figure>,
    /// Counts per section, in the order of the text.
    pub sections: Vec<(String, Counts)>,
    /// Counts of the whole document.
    pub total: Counts,
}

/// The coverage of every document whose text was read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coverage {
    /// One entry per document, in the order of `sources.csv`.
    pub documents: Vec<DocumentCoverage>,
}

impl Coverage {
    /// Counts over every document.
    pub fn total(&self) -> Counts {
        let mut t = Counts::default();
        for f in self.documents.iter().flat_map(|d| &d.figures) {
            t.add(&f.class);
        }
        t
    }
}

/// The section column of a document's totals in the coverage table.
pub const WHOLE_DOCUMENT: &str = "(whole document)";

/// Name of the section of figures before a document's first heading.
pub use crate::load::evidence::document::FRONT_MATTER;

/// Classes every figure of every document the dataset read.
pub fn measure(ds: &Dataset) -> Coverage {
    let ev = &ds.evidence;
    let documents = ev
        .texts
        .iter()
        .enumerate()
        .map(|(t, st)| {
            let doc = &st.document;
            // Each row records one statement of its written form: its first occurrence that no
            // row before it took, with the others on the same line (one sentence that repeats a
            // figure). A section that prints "two" three times is not recorded whole by one row.
            let mut recorded: Vec<(&std::ops::Range<usize>, RowRef)> = Vec::new();
            for p in ev.places.iter().filter(|p| p.text == t) {
                let free = p
                    .ranges
                    .iter()
                    .find(|r| !recorded.iter().any(|(taken, _)| *taken == *r));
                if let Some(r) = free.or(p.ranges.first()) {
                    let line = doc.line_of(r.start);
                    for same in p.ranges.iter().filter(|o| doc.line_of(o.start) == line) {
                        recorded.push((same, p.row));
                    }
                }
            }
            let aside: Vec<(&std::ops::Range<usize>, &str)> = ev
                .out_of_scope
                .iter()
                .filter(|(i, _, _)| *i == t)
                .flat_map(|(_, ranges, why)| ranges.iter().map(move |r| (r, why.as_str())))
                .collect();
            let overlaps = |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| a.start < b.end && b.start < a.end;
            let figures: Vec<Figure> = written::scan(&doc.text)
                .into_iter()
                .map(|f| {
                    let rows: Vec<RowRef> = recorded
                        .iter()
                        .filter(|(r, _)| overlaps(r, &f.range))
                        .map(|(_, row)| *row)
                        .collect();
                    let class = if !rows.is_empty() {
                        let mut rows = rows;
                        rows.sort();
                        rows.dedup();
                        Class::Recorded(rows)
                    } else if let Some((_, why)) = aside.iter().find(|(r, _)| overlaps(r, &f.range)) {
                        Class::OutOfScope(why.to_string())
                    } else if let Some(rule) = f.excluded {
                        Class::Excluded(rule)
                    } else {
                        Class::NotRecorded
                    };
                    Figure {
                        section: doc
                            .section_at(f.range.start)
                            .map_or(FRONT_MATTER.to_string(), |s| s.id.clone()),
                        line: doc.line_of(f.range.start),
                        text: doc.text[f.range.clone()].to_string(),
                        class,
                    }
                })
                .collect();
            let mut order: Vec<String> = Vec::new();
            let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
            let mut total = Counts::default();
            for f in &figures {
                if !counts.contains_key(&f.section) {
                    order.push(f.section.clone());
                }
                counts.entry(f.section.clone()).or_default().add(&f.class);
                total.add(&f.class);
            }
            let sections = order
                .into_iter()
                .map(|s| {
                    let c = counts.remove(&s).unwrap_or_default();
                    (s, c)
                })
                .collect();
            DocumentCoverage {
                source: st.source.clone(),
                figures,
                sections,
                total,
            }
        })
        .collect();
    Coverage { documents }
}

/// The coverage as `orgmetrics coverage` prints it: totals per document and per section in the
/// form "N recorded, M not recorded, …", and with `list`, every figure and its class.
pub fn render(c: &Coverage, list: bool) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    if c.documents.is_empty() {
        out.push_str("no document text was read: sources.csv names none, or they are absent\n");
        return out;
    }
    let share = |n: &Counts| {
        n.recorded_share()
            .map_or(String::new(), |s| format!(" ({s:.1}% recorded)"))
    };
    for d in &c.documents {
        let _ = writeln!(out, "{}: {}{}", d.source, d.total.describe(), share(&d.total));
        for (s, n) in &d.sections {
            let _ = writeln!(out, "  {s}: {}", n.describe());
        }
    }
    let t = c.total();
    let _ = writeln!(out, "all documents: {}{}", t.describe(), share(&t));
    if list {
        let _ = writeln!(out, "\nsource\tsection\tline\tfigure\tclass\tby");
        for d in &c.documents {
            for f in &d.figures {
                let by = match &f.class {
                    Class::Recorded(rows) => rows.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
                    Class::OutOfScope(why) => why.clone(),
                    Class::Excluded(rule) => rule.code().to_string(),
                    Class::NotRecorded => String::new(),
                };
                let _ = writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{by}",
                    d.source,
                    f.section,
                    f.line,
                    f.text.replace(['\t', '\n'], " "),
                    f.class.code()
                );
            }
        }
    }
    out
}
