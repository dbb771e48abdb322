//! The audit for readers: its totals in words, a finding's numbers as readers read them, and the
//! terminal's table. The audit returns typed rows (`crate::audit::AuditRow`); every output that
//! shows them in words formats them here.

use crate::audit::{AuditRow, Kind, Verdict, verdict_counts};

/// The audit's totals in the words every output uses (the command line, the summary, the
/// dashboard): "60 findings: 3 inconsistent, 9 uncertain, 3 rounding, 45 consistent; 8 of them
/// conflicts between passages".
pub fn totals(rows: &[AuditRow]) -> String {
    let counts: Vec<String> = Verdict::ALL
        .iter()
        .zip(verdict_counts(rows))
        .map(|(v, n)| format!("{n} {}", v.code()))
        .collect();
    let k = rows.iter().filter(|x| x.kind == Kind::Conflict).count();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    format!(
        "{} finding{}: {}; {k} of them conflict{} between passages",
        rows.len(),
        plural(rows.len()),
        counts.join(", "),
        plural(k)
    )
}

/// A finding's stated figure, recomputed value and difference for readers: grouped, with the
/// stated figure's decimals, and one more for the other two unless the unit counts things; for a
/// conflict, the other passage's figure with the decimals it has.
pub fn reader_numbers(r: &AuditRow) -> [String; 3] {
    use crate::format::{grouped, plain};
    let d = usize::from(r.stated_decimals);
    if r.kind == Kind::Conflict {
        // The other passage's figure as it states it: its own decimals, none added.
        let own = plain(r.recomputed).split_once('.').map_or(0, |(_, f)| f.len());
        return [
            grouped(r.stated, d),
            grouped(r.recomputed, own),
            grouped(r.difference(), d.max(own)),
        ];
    }
    let more = if r.unit.is_count() { d } else { d + 1 };
    [
        grouped(r.stated, d),
        grouped(r.recomputed, more),
        grouped(r.difference(), more),
    ]
}

/// The audit as a plain-text table for the terminal: inconsistencies first.
pub fn render_table(rows: &[AuditRow]) -> String {
    let mut sorted: Vec<&AuditRow> = rows.iter().collect();
    sorted.sort_by_key(|r| std::cmp::Reverse(r.verdict));
    let header = [
        "verdict",
        "kind",
        "id",
        "period",
        "stated",
        "recomputed",
        "difference",
        "where",
    ];
    let mut lines: Vec<[String; 8]> = vec![header.map(String::from)];
    for r in sorted {
        let period = match r.from {
            None => r.to.to_string(),
            Some(f) => format!("{f}→{}", r.to),
        };
        let [stated, recomputed, difference] = reader_numbers(r);
        lines.push([
            r.verdict.code().into(),
            r.kind.code().into(),
            r.id.clone(),
            period,
            format!("{stated} {}", r.unit),
            recomputed,
            difference,
            r.locators.clone(),
        ]);
    }
    let widths: Vec<usize> = (0..8)
        .map(|i| lines.iter().map(|l| l[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for l in &lines {
        let cells: Vec<String> = l.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out.push_str(&format!("\n{}\n", totals(rows)));
    out
}
