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
