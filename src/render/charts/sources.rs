//! Footer source lines: the data rows a chart drew on, grouped by source document, section and
//! footnote.

use crate::load::Dataset;
use crate::load::rowref::RowRef;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A source's date as written in sources.csv, for a footer: "2025-12" → "Dec 2025".
pub(super) fn date_label(date: &str) -> String {
    let parts: Vec<&str> = date.split('-').collect();
    let month = |m: &str| {
        m.parse::<usize>()
            .ok()
            .and_then(|m| m.checked_sub(1))
            .and_then(|i| MONTHS.get(i).copied())
    };
    match parts.as_slice() {
        [y, m] if y.len() == 4 => month(m).map_or_else(|| date.to_string(), |m| format!("{m} {y}")),
        [y, m, d] if y.len() == 4 => match (month(m), d.parse::<u32>()) {
            (Some(m), Ok(d)) => format!("{d} {m} {y}"),
            _ => date.to_string(),
        },
        _ => date.to_string(),
    }
}

/// Data rows a chart draws on, in the order first met.
#[derive(Debug, Default, Clone)]
pub(super) struct Refs(pub(super) Vec<RowRef>);

impl Refs {
    /// Adds rows not already listed.
    pub(super) fn add(&mut self, rows: impl IntoIterator<Item = RowRef>) {
        for r in rows {
            if !self.0.contains(&r) {
                self.0.push(r);
            }
        }
    }
}

/// Section and footnote of a locator: "VII.3.a fn104" → ("VII.3.a", Some(104)).
pub(super) fn split_locator(locator: &str) -> (String, Option<u32>) {
    if let Some((section, note)) = locator.rsplit_once(" fn")
        && let Ok(n) = note.trim().parse::<u32>()
    {
        return (section.trim().to_string(), Some(n));
    }
    (locator.trim().to_string(), None)
}

/// Footnote numbers as runs: [103, 104, 119] → "103–104, 119".
pub(super) fn footnote_runs(notes: &[u32]) -> String {
    let mut sorted = notes.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for n in sorted {
        match runs.last_mut() {
            Some((_, end)) if end.checked_add(1) == Some(n) => *end = n,
            _ => runs.push((n, n)),
        }
    }
    runs.iter()
        .map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One footer line per source document the rows come from, naming its sections and footnotes.
pub(super) fn source_lines(ds: &Dataset, refs: &Refs) -> Vec<String> {
    struct Section {
        name: String,
        text: bool,
        notes: Vec<u32>,
    }
    let mut by_source: Vec<(String, Vec<Section>)> = Vec::new();
    for r in &refs.0 {
        let Some(o) = ds.observation(r) else {
            continue;
        };
        let (name, note) = split_locator(&o.locator);
        let pos = match by_source.iter().position(|(s, _)| *s == o.source) {
            Some(i) => i,
            None => {
                by_source.push((o.source.clone(), Vec::new()));
                by_source.len() - 1
            }
        };
        let sections = &mut by_source[pos].1;
        let i = match sections.iter().position(|s| s.name == name) {
            Some(i) => i,
            None => {
                sections.push(Section {
                    name,
                    text: false,
                    notes: Vec::new(),
                });
                sections.len() - 1
            }
        };
        match note {
            Some(n) => sections[i].notes.push(n),
            None => sections[i].text = true,
        }
    }
    // Sources in the order sources.csv lists them.
    by_source.sort_by_key(|(id, _)| ds.sources.iter().position(|s| s.id == *id).unwrap_or(usize::MAX));
    let n = by_source.len();
    by_source
        .iter()
        .enumerate()
        .map(|(i, (id, sections))| {
            let doc = match ds.source(id) {
                Some(s) => {
                    let title = s.title.split(" (").next().unwrap_or(&s.title).trim();
                    format!("{}, {}, {}", s.publisher, title, date_label(&s.date))
                }
                None => id.clone(),
            };
            let numbered = |s: &str| s.starts_with(['I', 'V', 'X']) && s.contains('.');
            let parts: Vec<String> = sections
                .iter()
                .map(|s| {
                    let what = match (s.text, s.notes.is_empty()) {
                        (_, true) => String::new(),
                        (false, false) => format!(" (fn {})", footnote_runs(&s.notes)),
                        (true, false) => format!(" (text and fn {})", footnote_runs(&s.notes)),
                    };
                    format!("{}{what}", s.name)
                })
                .collect();
            let word = match (sections.iter().all(|s| numbered(&s.name)), parts.len()) {
                (true, 1) => "section ",
                (true, _) => "sections ",
                _ => "",
            };
            let list = match parts.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
                _ => parts.join(""),
            };
            let prefix = match (i, n) {
                (0, 1) => "Source: ",
                (0, _) => "Sources: ",
                _ => "",
            };
            let end = if i + 1 < n { ";" } else { "." };
            format!("{prefix}{doc}, {word}{list}{end}")
        })
        .collect()
}

/// The footer line naming the values drawn whose period the document does not state, grouped
/// by series in the order first met: `Periods inferred, not stated by the documents: Joint
/// research units (31 Dec 2019 and 31 Dec 2023) (each data row's note says how).` None when
/// every period drawn is stated.
pub(super) fn inferred_line(ds: &Dataset, refs: &Refs) -> Option<String> {
    let mut by_series: Vec<(String, Vec<String>)> = Vec::new();
    for o in refs
        .0
        .iter()
        .filter(|r| ds.inferred_rows.contains(r))
        .filter_map(|r| ds.observation(r))
    {
        let label = ds.series_label(&o.series);
        let period = o.period.label();
        match by_series.iter_mut().find(|(l, _)| *l == label) {
            Some((_, periods)) if !periods.contains(&period) => periods.push(period),
            Some(_) => {}
            None => by_series.push((label, vec![period])),
        }
    }
    if by_series.is_empty() {
        return None;
    }
    let and = |items: &[String]| match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => items.join(""),
    };
    let list: Vec<String> = by_series
        .iter()
        .map(|(label, periods)| format!("{label} ({})", and(periods)))
        .collect();
    Some(format!(
        "Periods inferred, not stated by the documents: {} (each data row's note says how).",
        list.join("; ")
    ))
}
