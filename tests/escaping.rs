//! Text from the data reaches every output as text: escaped in the dashboard (index.html), the
//! summary (summary.md) and the SVG charts, never read as markup, Markdown syntax or a formula.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{data_copy, replace_first, run_report};

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Runs `report` on the copy of the data in `tmp`; fails the test if it fails. Returns the output
/// directory.
fn report_ok(tmp: &Path, data: &Path) -> PathBuf {
    let out = tmp.join("output");
    let o = run_report(data, &out);
    assert!(
        o.status.success(),
        "report failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

/// The issue's case: a declared domain titled `<svg onload=alert(1)>`, which passes validation.
fn issue_case() -> (tempfile::TempDir, PathBuf) {
    let (tmp, data) = data_copy();
    replace_first(
        &data,
        "domains.toml",
        "title = \"Gender balance\"",
        "title = \"<svg onload=alert(1)>\"",
    );
    let out = report_ok(tmp.path(), &data);
    (tmp, out)
}

#[test]
fn a_domain_title_is_text_in_every_part_of_the_dashboard() {
    let (_tmp, out) = issue_case();
    let html = read(&out.join("index.html"));
    assert!(!html.contains("<svg onload"), "the title is markup in index.html");
    let shown = "&lt;svg onload=alert(1)&gt;";
    // The chart section's heading, the table's heading and the table's lead paragraph.
    for at in [
        format!("<h3 id=\"charts-gender\">{shown}</h3>"),
        format!("<a href=\"tables/gender.csv\">{shown}</a>"),
        format!("<p class=\"lead\">{shown}: one row per series"),
    ] {
        assert!(html.contains(&at), "no {at} in index.html");
    }
}

#[test]
fn a_domain_title_is_text_in_the_summary() {
    let (_tmp, out) = issue_case();
    let md = read(&out.join("summary.md"));
    assert!(!md.contains("<svg"), "the title is HTML in summary.md");
    assert!(
        md.contains("\n### &lt;svg onload=alert(1)&gt;\n"),
        "the domain's heading shows the title as written"
    );
}

/// The `|` of a Markdown table row that separate its cells: those not escaped by a backslash.
fn cell_separators(line: &str) -> usize {
    let (mut n, mut backslashes) = (0, 0);
    for c in line.chars() {
        if c == '|' && backslashes % 2 == 0 {
            n += 1;
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    n
}

#[test]
fn a_claim_note_stays_in_its_cell_of_the_summary() {
    let (tmp, data) = data_copy();
    let note = "the year is not stated; compared with end 2023";
    let payload = " | <b>bold</b> *x*\n- [link](javascript:alert(1))";
    replace_first(&data, "claims.csv", note, &format!("{note}{payload}"));
    let out = report_ok(tmp.path(), &data);
    let md = read(&out.join("summary.md"));
    let row = md
        .lines()
        .find(|l| l.starts_with("| total | employees_self_assessment |"))
        .expect("the inconsistent claim's row");
    assert_eq!(cell_separators(row), 8, "seven cells: {row}");
    assert!(
        row.ends_with("compared with end 2023 \\| &lt;b&gt;bold&lt;/b&gt; \\*x\\* - \\[link\\](javascript:alert(1)) |"),
        "{row}"
    );
    assert!(!md.contains("<b>"), "HTML from the data in summary.md");
}
