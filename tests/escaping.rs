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

/// The XML parts of the workbook at `path` whose names start with `prefix`, by name.
fn workbook_parts(path: &Path, prefix: &str) -> Vec<(String, String)> {
    use std::io::Read as _;
    let mut z = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut out = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut text = String::new();
        if name.starts_with(prefix) && f.read_to_string(&mut text).is_ok() {
            out.push((name, text));
        }
    }
    out
}

#[test]
fn chart_titles_are_text_in_the_workbook_not_references_or_formulas() {
    let (tmp, data) = data_copy();
    let chart = "title = \"{org} staff by status and group, {from} and {to}\"";
    replace_first(&data, "report.toml", chart, "title = \"Workforce!A1\"");
    replace_first(
        &data,
        "report.toml",
        "x_title = \"Status and group\"",
        "x_title = \"=(Charts!B5)\"",
    );
    let out = report_ok(tmp.path(), &data);
    let charts = workbook_parts(&out.join("workbook.xlsx"), "xl/charts/chart");
    let mut titles = Vec::new();
    for (name, xml) in &charts {
        let doc = roxmltree::Document::parse(xml).unwrap();
        for f in doc.descendants().filter(|n| n.has_tag_name("f")) {
            let f = f.text().unwrap_or("");
            assert!(
                f.starts_with(&format!("{}!", orgmetrics::schema::CHARTS_SHEET)) && !f.contains('('),
                "{name}: a chart refers to {f:?}, not to its own cells"
            );
        }
        titles.extend(
            doc.descendants()
                .filter(|n| n.has_tag_name("t"))
                .filter_map(|n| n.text())
                .map(|t| t.replace('\u{2060}', "")),
        );
    }
    for title in ["Workforce!A1", "=(Charts!B5)"] {
        assert!(titles.iter().any(|t| t == title), "no title {title} in {titles:?}");
    }
}
