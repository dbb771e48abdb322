//! The dashboard (index.html), the data package (datapackage.json) and the manifest, checked on a
//! report generated from the shipped data into a temporary directory.

mod common;

use common::{data_copy_with_texts, fresh_report, run, run_report, set_field};

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use orgmetrics::render::charts::{ChartFormat, ChartOptions};
use orgmetrics::report::{self, ReportOptions};
use serde_json::Value;
use sha2::{Digest, Sha256};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Files of a directory with an extension, sorted by name.
fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    v.sort();
    v
}

fn stem(p: &Path) -> String {
    p.file_stem().unwrap().to_string_lossy().into_owned()
}

fn csv_header(p: &Path) -> Vec<String> {
    let mut r = csv::Reader::from_path(p).unwrap();
    r.headers().unwrap().iter().map(String::from).collect()
}

fn sha256_hex(p: &Path) -> String {
    let bytes = fs::read(p).unwrap();
    Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Text as the dashboard escapes it: `&`, `<`, `>` and `"` (maud's escaping, in text and
/// attributes alike).
fn esc(s: &str) -> String {
    html_escape::encode_double_quoted_attribute(s).into_owned()
}

#[test]
fn dashboard_inlines_every_chart_and_shows_every_table_the_audit_and_the_sources() {
    let r = fresh_report("dashboard-");
    let out = r.out.as_path();
    let html = read(&out.join("index.html"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));

    let svgs = files(&out.join("charts"), "svg");
    for svg in &svgs {
        let id = format!("id=\"chart-{}\"", stem(svg));
        let at = html
            .find(&id)
            .unwrap_or_else(|| panic!("no figure for {}", svg.display()));
        let figure = &html[at..at + html[at..].find("</figure>").unwrap()];
        assert!(
            figure.contains("<svg "),
            "{} is not inlined: {figure:.300}",
            svg.display()
        );
        assert!(
            figure.contains(&format!(
                "href=\"charts/{}\"",
                svg.file_name().unwrap().to_string_lossy()
            )),
            "no link to {}",
            svg.display()
        );
    }
    assert_eq!(
        html.matches("<svg ").count(),
        svgs.len(),
        "one inline <svg> per chart file"
    );
    assert!(!html.contains("<?xml"), "XML declarations are stripped");

    for csv in files(&out.join("tables"), "csv") {
        let name = csv.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            html.contains(&format!("id=\"table-{}\"", stem(&csv))),
            "no table for {name}"
        );
        assert!(html.contains(&format!("href=\"tables/{name}\"")), "no link to {name}");
    }
    // Every row of each domain table is shown.
    let dataset = orgmetrics::load::load(std::path::Path::new("data")).unwrap();
    for domain in dataset.domains.ids() {
        let rows = csv::Reader::from_path(out.join("tables").join(format!("{domain}.csv")))
            .unwrap()
            .records()
            .count();
        let at = html.find(&format!("id=\"table-{domain}\"")).unwrap();
        let table = &html[at..at + html[at..].find("</table>").unwrap()];
        assert_eq!(
            table.matches("<tr>").count(),
            rows + 1,
            "{domain}: header and every row"
        );
    }

    let a = orgmetrics::analysis::analyse(&data_dir()).unwrap();
    assert!(html.contains("id=\"audit\""));
    for r in &a.audit {
        assert!(
            html.contains(&format!("<strong>{}</strong>", esc(&r.id))),
            "audit row {} missing",
            r.id
        );
    }
    // Inconsistencies come before the consistent figures.
    let first_consistent = html.find("class=\"r-consistent\"").unwrap();
    let last_inconsistent = html.rfind("class=\"r-inconsistent\"").unwrap();
    assert!(last_inconsistent < first_consistent);

    assert!(html.contains("id=\"provenance\""));
    for s in &a.dataset.sources {
        assert!(html.contains(&esc(&s.title)), "source title {:?} missing", s.title);
        assert!(html.contains(&esc(&s.url)), "source url {:?} missing", s.url);
    }
    for ans in &a.projections.answers {
        assert!(
            html.contains(&esc(&ans.answer)),
            "projection answer missing: {}",
            ans.answer
        );
    }
    assert!(
        html.matches("<article class=\"card\">").count() >= 8,
        "a row of KPI cards"
    );
}

#[test]
fn dashboard_kpis_are_the_computed_values() {
    let r = fresh_report("dashboard-");
    let html = read(&r.out.join("index.html"));
    let a = orgmetrics::analysis::analyse(&data_dir()).unwrap();
    let c = &a.computed;
    let kpis = &html[html.find("id=\"kpis\"").unwrap()..html.find("id=\"projections\"").unwrap()];
    let p = |s: &str| s.parse::<orgmetrics::period::Period>().unwrap();
    let staff = c.point("staff.all.all", &p("2023-12-31")).unwrap().value;
    let grouped = format!("{},{:03}", staff as i64 / 1000, staff as i64 % 1000);
    assert!(kpis.contains(&grouped), "total staff {grouped}");
    let ratio = c
        .find(
            "contract_staff_ratio",
            "staff.contract.all / staff.all.all",
            None,
            &p("2023-12-31"),
        )
        .unwrap();
    assert!(kpis.contains(&format!("{:.1}%", ratio.value)));
    let growth = c
        .find(
            "percent_change",
            "staff.contract.all",
            Some(&p("2018-12-31")),
            &p("2023-12-31"),
        )
        .unwrap();
    assert!(kpis.contains(&format!("+{:.1}%", growth.value)));
    let subsidy = c
        .find(
            "share_of_total_budget",
            "budget_revenues.state_subsidy / budget_revenues.total",
            None,
            &p("2023"),
        )
        .unwrap();
    assert!(kpis.contains(&format!("{:.1}%", subsidy.value)));
    assert!(kpis.contains("Source: "), "each card names its source");
}

#[test]
fn dashboard_is_self_contained_and_deterministic() {
    let r = fresh_report("dashboard-");
    let out = r.out.as_path();
    let html = read(&out.join("index.html"));
    let lower = html.to_ascii_lowercase();
    for banned in [
        "<script",
        "<link",
        "<iframe",
        "@import",
        "src=\"http",
        "url(http",
        "@font-face",
    ] {
        assert!(!lower.contains(banned), "index.html contains {banned}");
    }
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("@media print"));
    assert!(html.contains("name=\"viewport\""));

    // Rendered again from the same analysis: the same bytes.
    let a = orgmetrics::analysis::analyse(&data_dir()).unwrap();
    let opts = ReportOptions {
        data: data_dir(),
        out: out.to_path_buf(),
        charts: ChartOptions::default(),
        workbook: true,
    };
    let again = report::render(&a, &opts).unwrap();
    let html_again = &again.files.iter().find(|(p, _)| p == "index.html").unwrap().1;
    assert!(
        html_again == &fs::read(out.join("index.html")).unwrap(),
        "index.html differs between two renders"
    );
}

/// A new organisation's dashboard says, section by section, what would fill it.
#[test]
fn an_organisation_without_data_gets_a_dashboard_saying_what_would_fill_it() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, out) = (tmp.path().join("data"), tmp.path().join("out"));
    let o = run(&["init", data.to_str().unwrap(), "--organisation", "Acme Lab"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run_report(&data, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    for said in [
        "key figures of the report definition can be computed from the data yet",
        "charts of the report definition has data to draw yet",
        "each projected series needs two observed points",
        "add the figures the documents state to claims.csv",
    ] {
        assert!(html.contains(said), "{said:?} not in the dashboard");
    }
    assert!(!html.contains("No chart was rendered"));
}

#[test]
fn dashboard_without_charts_says_so() {
    let a = orgmetrics::analysis::analyse(&data_dir()).unwrap();
    let html = orgmetrics::render::dashboard::render(&a, &[], &[], &[], None, &[]);
    let defined = a.dataset.definition.charts.len();
    assert!(
        html.contains(&format!(
            "None of the {defined} charts of the report definition has data to draw yet"
        )),
        "{html}"
    );
    assert!(!html.contains("<svg"));
    assert!(html.contains("id=\"provenance\""));
}

#[test]
fn data_text_is_escaped() {
    let payload = "<script>alert(1)</script> & \"quoted\"";
    let (tmp, data) = data_copy_with_texts();
    set_field(&data.join("sources.csv"), "title", |t| format!("{t} {payload}"));
    set_field(&data.join("claims.csv"), "note", |n| format!("{n} {payload}"));
    let out = tmp.path().join("output");
    let opts = ReportOptions {
        data: data.clone(),
        out: out.clone(),
        charts: ChartOptions {
            formats: vec![ChartFormat::Svg],
            ..ChartOptions::default()
        },
        workbook: true,
    };
    report::run(&opts).unwrap();
    let html = read(&out.join("index.html"));
    assert!(!html.contains("<script>alert(1)"), "raw script tag in index.html");
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;";
    // Once in the audit note, once in the source title (charts may show the title too).
    assert!(
        html.matches(escaped).count() >= 2,
        "escaped payload shown in the note and the source title"
    );
}

fn name_ok(n: &str) -> bool {
    !n.is_empty()
        && n.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

#[test]
fn datapackage_describes_every_table_with_its_header() {
    let r = fresh_report("dashboard-");
    let out = r.out.as_path();
    let pkg: Value = serde_json::from_str(&read(&out.join("datapackage.json"))).expect("datapackage.json is JSON");
    let name = pkg["name"].as_str().expect("package name");
    assert!(name_ok(name), "package name {name:?}");
    for k in ["title", "description"] {
        assert!(pkg[k].as_str().is_some_and(|s| !s.is_empty()), "{k}");
    }
    let sources = pkg["sources"].as_array().expect("sources");
    assert!(!sources.is_empty());
    assert!(
        sources
            .iter()
            .all(|s| s["title"].as_str().is_some_and(|t| !t.is_empty()))
    );

    let resources = pkg["resources"].as_array().expect("resources");
    assert!(!resources.is_empty(), "resources is non-empty");
    let mut names = BTreeSet::new();
    let mut listed = BTreeSet::new();
    for r in resources {
        let name = r["name"].as_str().expect("resource name");
        let path = r["path"].as_str().expect("resource path");
        assert!(name_ok(name), "resource name {name:?}");
        assert!(names.insert(name.to_string()), "duplicate name {name}");
        assert!(listed.insert(path.to_string()));
        if path == "workbook.xlsx" {
            // The one non-tabular resource: described, hashed, no schema.
            assert_eq!(r["format"], "xlsx");
            assert!(r["hash"].as_str().is_some_and(|h| h.starts_with("sha256:")));
            assert!(r["schema"].is_null());
            assert!(out.join(path).is_file());
        }
        // Each resource's digest and size are its file's.
        let file = out.join(path);
        assert_eq!(r["hash"], format!("sha256:{}", sha256_hex(&file)), "{path}");
        assert_eq!(r["bytes"], fs::metadata(&file).unwrap().len(), "{path}");
        if path == "workbook.xlsx" {
            continue;
        }
        assert_eq!(r["profile"], "tabular-data-resource");
        assert_eq!(r["format"], "csv");
        assert_eq!(r["mediatype"], "text/csv");
        assert_eq!(r["encoding"], "utf-8");
        let file = out.join(path);
        assert!(file.is_file(), "{path} exists");
        let fields = r["schema"]["fields"].as_array().expect("schema.fields");
        let field_names: Vec<String> = fields.iter().map(|f| f["name"].as_str().unwrap().to_string()).collect();
        assert_eq!(field_names, csv_header(&file), "{path}: fields = header");
        let types: Vec<&str> = fields.iter().map(|f| f["type"].as_str().unwrap()).collect();
        for (f, ty) in fields.iter().zip(&types) {
            assert!(["string", "number", "integer", "boolean"].contains(ty), "{path}: {f}");
            assert!(f["description"].as_str().is_some_and(|d| !d.is_empty()), "{path}: {f}");
        }
        // Every value reads as its declared type (empty is missing).
        let mut rdr = csv::Reader::from_path(&file).unwrap();
        for rec in rdr.records() {
            let rec = rec.unwrap();
            for (v, (ty, f)) in rec.iter().zip(types.iter().zip(fields)) {
                let ok = v.is_empty()
                    || match *ty {
                        "number" => v.parse::<f64>().is_ok(),
                        "integer" => v.parse::<i64>().is_ok(),
                        "boolean" => v == "true" || v == "false",
                        _ => true,
                    };
                assert!(ok, "{path}: {v:?} is not a {ty} ({})", f["name"]);
            }
        }
    }
    let on_disk: BTreeSet<String> = files(&out.join("tables"), "csv")
        .iter()
        .map(|p| format!("tables/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    listed.remove("workbook.xlsx");
    assert_eq!(listed, on_disk, "every CSV under tables/ is listed");

    // Types the tables' readers rely on.
    let field = |res: &str, col: &str| -> Value {
        let r = resources.iter().find(|r| r["name"] == res).unwrap();
        r["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == col)
            .unwrap()
            .clone()
    };
    assert_eq!(field("indicators", "value")["type"], "number");
    assert_eq!(field("projections", "year")["type"], "integer");
    assert_eq!(field("projections", "observed")["type"], "boolean");
    assert_eq!(field("audit", "stated")["type"], "number");
    assert_eq!(field("workforce", "2023-12-31")["type"], "number");
    assert_eq!(
        field("budget", "cagr_first_to_last (percent per year)")["unit"],
        "percent per year"
    );
}

#[test]
fn manifest_hashes_every_output_and_input() {
    let r = fresh_report("dashboard-");
    let out = r.out.as_path();
    let m: Value = serde_json::from_str(&read(&out.join("manifest.json"))).unwrap();
    let mut on_disk = Vec::new();
    fn walk(dir: &Path, rel: &str, acc: &mut Vec<String>) {
        for e in fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            let r = if rel.is_empty() { name } else { format!("{rel}/{name}") };
            if e.path().is_dir() {
                walk(&e.path(), &r, acc);
            } else {
                acc.push(r);
            }
        }
    }
    walk(out, "", &mut on_disk);
    on_disk.retain(|p| p != "manifest.json");
    on_disk.sort();
    let outputs = m["outputs"].as_array().unwrap();
    let listed: Vec<String> = outputs
        .iter()
        .map(|o| o["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(listed, on_disk, "every output file but the manifest, sorted");
    for o in outputs {
        let p = out.join(o["path"].as_str().unwrap());
        assert_eq!(o["sha256"].as_str().unwrap(), sha256_hex(&p), "{}", p.display());
        assert_eq!(o["bytes"].as_u64().unwrap(), fs::metadata(&p).unwrap().len());
    }
    let inputs = m["inputs"].as_array().unwrap();
    let mut expected: Vec<String> = [files(&data_dir(), "csv"), files(&data_dir(), "toml")]
        .concat()
        .iter()
        .map(|p| format!("data/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    expected.sort();
    let listed: Vec<String> = inputs.iter().map(|o| o["path"].as_str().unwrap().to_string()).collect();
    assert_eq!(listed, expected, "every data file, named data/x.csv");
    for i in inputs {
        let p = data_dir().join(i["path"].as_str().unwrap().trim_start_matches("data/"));
        assert_eq!(i["sha256"].as_str().unwrap(), sha256_hex(&p), "{}", p.display());
    }
}

/// One vocabulary and one formatting of numbers for readers: the audit's totals are the same
/// sentence on the command line, in the summary and in the dashboard; a count reads "8,691" in
/// the cards, the tables and the audit, while the CSV keeps "8691".
#[test]
fn numbers_and_audit_totals_read_the_same_everywhere() {
    let r = fresh_report("same-words-");
    let html = fs::read_to_string(r.out.join("index.html")).unwrap();
    let md = fs::read_to_string(r.out.join("summary.md")).unwrap();
    let o = run(&["audit", "--data", common::data_dir().to_str().unwrap()]);
    let cli = String::from_utf8_lossy(&o.stdout).to_string();
    let totals = cli.trim_end().lines().last().unwrap().to_string();
    // 106 consistent claims and totals, 3 rounding, 9 that disagree (7 conflicts): of those, the
    // 3 conflicts of budget.csv and eu_funding.csv rows, all dated as stated, are inconsistent;
    // 2 claims dated by inference or undated (employees_self_assessment, full_count_share_cop),
    // the 2 conflicts with the first and the 2 with an inferred row (the project teams of
    // units.csv, the Executive committee's listed posts of governance.csv) are uncertain.
    assert_eq!(
        totals,
        "118 findings: 3 inconsistent, 6 uncertain, 3 rounding, 106 consistent; 7 of them conflicts between passages"
    );
    assert!(html.contains(&totals), "the dashboard does not say {totals:?}");
    assert!(md.contains(&totals), "the summary does not say {totals:?}");
    // The self-assessment's 8,891 employees against the 8,691 of the data: 200 fewer.
    let at = html.find("<strong>employees_self_assessment</strong>").unwrap();
    let row = &html[at..at + html[at..].find("</tr>").unwrap()];
    assert!(
        row.contains(">8,891<") && row.contains(">8,691<") && row.contains(">\u{2212}200<"),
        "{row}"
    );
    assert!(cli.contains("8,891 persons") && !cli.contains("8691.000"), "{cli}");
    // A conflict's second value is the other passage's figure, as that passage states it.
    assert!(
        md.contains("| eu_funding_two_passages_2019 | 49 EUR million | 56 | 7 |"),
        "{md}"
    );
    let at = html.find("id=\"table-key_figures\"").unwrap();
    let table = &html[at..at + html[at..].find("</table>").unwrap()];
    assert!(table.contains("<td class=\"num\">8,691</td>"), "{table:.2000}");
    // Decimals by unit, as the cards: the contract share 42.79 reads 42.8, as its card's 42.8%.
    assert!(table.contains("<td class=\"num\">42.8</td>"), "{table:.3000}");
    assert!(
        html.contains(">42.8<span") || html.contains(">42.8%<"),
        "the card's 42.8%"
    );
    let csv = fs::read_to_string(r.out.join("tables/key_figures.csv")).unwrap();
    assert!(csv.contains(",8691,") && !csv.contains("8,691"));
    // A card's data rows open with a tap, not only on hover.
    assert!(html.contains("<details class=\"rows\"><summary>Data rows</summary><code>workforce.csv:"));
}
