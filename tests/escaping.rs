//! Text from the data reaches every output as text: escaped in the dashboard (index.html), the
//! summary (summary.md) and the SVG charts, never read as markup, Markdown syntax or a formula.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{data_copy, replace_first, run_report};
use proptest::prelude::*;

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
    let note = "no year stated: compared with end 2023, like the other staff counts";
    let payload = " | <b>bold</b> *x*\n- [link](javascript:alert(1))";
    replace_first(&data, "claims.csv", note, &format!("{note}{payload}"));
    let out = report_ok(tmp.path(), &data);
    let md = read(&out.join("summary.md"));
    let row = md
        .lines()
        .find(|l| l.starts_with("| total | employees_self_assessment |"))
        .expect("the uncertain claim's row");
    assert_eq!(cell_separators(row), 8, "seven cells: {row}");
    assert!(
        row.ends_with(
            "like the other staff counts \\| &lt;b&gt;bold&lt;/b&gt; \\*x\\* - \\[link\\](javascript:alert(1)) |"
        ),
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

/// The titles of the workbook's native charts, after checking that every range they refer to is
/// on the Charts sheet (a title read as a reference or formula would refer elsewhere).
fn workbook_chart_titles(workbook: &Path) -> Vec<String> {
    let mut titles = Vec::new();
    for (name, xml) in workbook_parts(workbook, "xl/charts/chart") {
        let doc = roxmltree::Document::parse(&xml).unwrap();
        for f in doc.descendants().filter(|n| n.has_tag_name("f")) {
            let f = f.text().unwrap_or("");
            assert!(
                f.starts_with(&format!("{}!", orgmetrics::names::CHARTS_SHEET)) && !f.contains('('),
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
    titles
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
    let titles = workbook_chart_titles(&out.join("workbook.xlsx"));
    for title in ["Workforce!A1", "=(Charts!B5)"] {
        assert!(titles.iter().any(|t| t == title), "no title {title} in {titles:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Every text field of every input file, through every output.

/// The tag every payload holds, which must never reach an output as a tag.
const MARKER: &str = "<x-inject>";

/// Pieces of payloads: markup, entities, quotes, Markdown syntax, spreadsheet references, line
/// breaks.
const PIECES: &[&str] = &[
    "</x-inject>",
    "<x-inject onload=\"alert(1)\">",
    "<script>alert(1)</script>",
    "<svg onload=alert(1)>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "&",
    "&amp;",
    "&#60;",
    "\"",
    "'",
    "<",
    ">",
    "`",
    "**",
    "*em*",
    "_em_",
    "`code`",
    "_",
    "|",
    "\\",
    "[a](javascript:alert(1))",
    "![i](https://example.org/i.png)",
    "# ",
    "- ",
    "1. ",
    "> ",
    "$x$",
    "~~",
    "\n",
    "\t",
    "é",
    "word",
    "=(A1)",
    "Charts!A1",
];

/// Pieces a domain's title may hold: none of `[ ] : * ? / \`, which a sheet name may not.
const TITLE_PIECES: &[&str] = &[
    "<", ">", "&", "&amp;", "\"", "'", "|", "`", "_", "#", "$", "~", "<b>", "-->",
];

/// A payload: up to seven pieces, each followed by a space or not, with the marker among them.
fn payload() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((prop::sample::select(PIECES), any::<bool>()), 0..8),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(pieces, at)| {
            let mut words: Vec<String> = pieces
                .iter()
                .map(|(p, space)| if *space { format!("{p} ") } else { p.to_string() })
                .collect();
            words.insert(at.index(words.len() + 1), format!(" {MARKER} "));
            words.concat()
        })
}

/// A domain's title holding the marker, within a sheet name's 31 characters.
fn title_payload() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TITLE_PIECES), 0..4).prop_map(|p| format!("G {MARKER} {} x", p.concat()))
}

/// `s` as a TOML basic string.
fn toml_string(s: &str) -> String {
    let body = s
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
        .replace('\t', "\\t");
    format!("\"{body}\"")
}

/// The texts a case writes into the data, by where.
struct Injected {
    description: String,
    domain_title: String,
    source_title: String,
    publisher: String,
}

/// Writes `text` after the original text of the organisation's name, short name and description,
/// the report's title, a series label, a chart's title and axis title, the first source's title
/// and publisher and the first claim's note; and `title` as the first declared domain's title.
fn inject(data: &Path, text: &str, title: &str) -> Injected {
    let toml_line = |file: &str, key: &str, original: &str| -> String {
        let new = format!("{original} {text}");
        replace_first(
            data,
            file,
            &format!("{key} = {}", toml_string(original)),
            &format!("{key} = {}", toml_string(&new)),
        );
        new
    };
    let org = "organisation.toml";
    toml_line(org, "name", "French National Institute for Health and Medical Research");
    toml_line(org, "short_name", "Inserm");
    let description = toml_line(
        org,
        "description",
        "Inserm (French National Institute for Health and Medical Research), as assessed by Hcéres in its report of December 2025 on the reference period 2019–2023.",
    );
    toml_line(
        "report.toml",
        "title",
        "{org}: key indicators from the Hcéres assessment",
    );
    toml_line("report.toml", "\"staff.contract.all\"", "Contract staff");
    toml_line(
        "report.toml",
        "title",
        "{org} staff by status and group, {from} and {to}",
    );
    toml_line("report.toml", "x_title", "Status and group");
    replace_first(
        data,
        "domains.toml",
        "title = \"Gender balance\"",
        &format!("title = {}", toml_string(title)),
    );
    let sources = data.join("sources.csv");
    common::set_field(&sources, "title", |t| format!("{t} {text}"));
    // The reader trims CSV fields.
    let source_title = common::read_csv(&sources)[0]["title"].trim().to_string();
    common::set_field(&sources, "publisher", |p| format!("{p} {text}"));
    let publisher = common::read_csv(&sources)[0]["publisher"].trim().to_string();
    common::set_field(&data.join("claims.csv"), "note", |n| format!("{n} {text}"));
    Injected {
        description,
        domain_title: title.to_string(),
        source_title,
        publisher,
    }
}

/// Text as maud escapes it in the page, in text and attributes alike.
fn html_escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Text as a Markdown viewer shows what `md::text` wrote: on one line, trimmed.
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ").trim().to_string()
}

/// The tags of an HTML page outside its inline SVG charts, each as its name and attribute names
/// (what lies outside the quotes): an attribute value or a text that escaped its place would
/// change them. Each inline SVG is checked apart: it parses as XML and holds no injected element.
/// Returns the tags and the texts of the inline SVGs.
fn page_tags(html: &str) -> (Vec<String>, Vec<String>) {
    let (mut tags, mut svg_texts) = (Vec::new(), Vec::new());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        if rest.starts_with("<svg") {
            let end = rest.find("</svg>").expect("a closed inline SVG") + "</svg>".len();
            svg_texts.extend(xml_texts(&rest[..end], "inline SVG"));
            rest = &rest[end..];
            continue;
        }
        let end = rest.find('>').expect("a closed tag");
        let outside: Vec<&str> = rest[1..end].split('"').step_by(2).collect();
        tags.push(outside.join("\""));
        rest = &rest[end + 1..];
    }
    (tags, svg_texts)
}

/// The texts of an XML document, after checking that it parses and holds no injected element.
fn xml_texts(xml: &str, what: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{what} is not XML: {e}"));
    assert!(
        !doc.descendants().any(|n| n.tag_name().name().starts_with("x-inject")),
        "{what} holds an injected element"
    );
    doc.descendants().filter_map(|n| n.text()).map(String::from).collect()
}

/// The structure of a Markdown document, as CommonMark with GitHub's extensions reads it: every
/// event but its texts, HTML kept whole.
fn markdown_structure(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_MATH;
    Parser::new_ext(md, options)
        .filter_map(|e| match e {
            Event::Text(_) => None,
            Event::Html(h) | Event::InlineHtml(h) => Some(format!("HTML {h}")),
            Event::Code(_) => Some("Code".into()),
            other => Some(format!("{other:?}")),
        })
        .collect()
}

/// The text of each heading, paragraph, list item and table cell of a Markdown document, as a
/// viewer shows it.
fn markdown_blocks(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let (mut out, mut current) = (Vec::new(), None::<String>);
    for e in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match e {
            Event::Start(Tag::Heading { .. } | Tag::Paragraph | Tag::Item | Tag::TableCell) => {
                current = Some(String::new());
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                out.extend(current.take());
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

/// The tags of the dashboard and the structure of the summary of the shipped data as the cases
/// have them: copied without the documents' texts (so without the coverage of the documents,
/// which only their texts give), nothing injected.
fn baseline() -> &'static (Vec<String>, Vec<String>) {
    static BASELINE: std::sync::OnceLock<(Vec<String>, Vec<String>)> = std::sync::OnceLock::new();
    BASELINE.get_or_init(|| {
        let (tmp, data) = data_copy();
        let out = report_ok(tmp.path(), &data);
        let tags = page_tags(&read(&out.join("index.html"))).0;
        (tags, markdown_structure(&read(&out.join("summary.md"))))
    })
}

/// Cases of the property test, each a whole run: a few in `cargo test`, more in CI.
fn cases() -> u32 {
    common::proptest_cases(2, 12)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_text_of_the_data_is_text_in_every_output(text in payload(), title in title_payload()) {
        let (tmp, data) = data_copy();
        let injected = inject(&data, &text, &title);
        let out = report_ok(tmp.path(), &data);
        let (base_tags, base_md) = baseline();

        let html = read(&out.join("index.html"));
        prop_assert!(!html.contains("<x-inject"), "a tag from the data in index.html");
        let (tags, svg_texts) = page_tags(&html);
        prop_assert_eq!(&tags, base_tags, "index.html's tags changed");
        for shown in [&injected.description, &injected.domain_title, &injected.source_title] {
            prop_assert!(html.contains(&html_escaped(shown)), "index.html does not show {:?}", shown);
        }
        prop_assert!(svg_texts.iter().any(|t| t.contains(MARKER)), "no inline chart shows the text");

        let mut svg_shown = false;
        for e in fs::read_dir(out.join("charts")).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "svg") {
                let svg = read(&p);
                prop_assert!(!svg.contains("<x-inject"), "a tag from the data in {}", p.display());
                svg_shown |= xml_texts(&svg, &p.display().to_string()).iter().any(|t| t.contains(MARKER));
            }
        }
        prop_assert!(svg_shown, "no SVG chart shows the text");

        let md = read(&out.join("summary.md"));
        prop_assert!(!md.contains('<'), "HTML from the data in summary.md");
        prop_assert_eq!(&markdown_structure(&md), base_md, "summary.md's structure changed");
        // Whole in its heading and paragraph; within a list item (the sources) and the key
        // figures' cells (a card's source line: `publisher (date), locators`).
        let blocks = markdown_blocks(&md);
        for shown in [&injected.description, &injected.domain_title] {
            let shown = one_line(shown);
            prop_assert!(blocks.contains(&shown), "summary.md does not show {:?}", shown);
        }
        for within in [one_line(&injected.source_title), format!("{} (", injected.publisher.replace(['\n', '\r'], " "))] {
            prop_assert!(blocks.iter().any(|b| b.contains(&within)), "summary.md does not show {:?}", within);
        }

        workbook_chart_titles(&out.join("workbook.xlsx"));
        for json in ["datapackage.json", "manifest.json"] {
            prop_assert!(serde_json::from_str::<serde_json::Value>(&read(&out.join(json))).is_ok(), "{} is not JSON", json);
        }
    }
}
