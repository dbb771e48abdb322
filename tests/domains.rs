//! Domains as data: a domain the data directory declares (`domains.toml` and its file) reaches
//! every output like the format's own, with no code written for it; its indicators are computed
//! and audited; bad declarations are exit 2 with file:line:column. Expected values are worked out
//! by hand in the comments.

mod common;

use std::path::{Path, PathBuf};

use calamine::{Reader, Xlsx, open_workbook};
use common::*;

/// The fictional organisation's data with a declared domain `teaching` added.
fn with_teaching() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for e in std::fs::read_dir(repo().join("tests/fixtures/ifra")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), data.join(e.file_name())).unwrap();
    }
    std::fs::write(
        data.join("domains.toml"),
        r#"
[[domains]]
id = "teaching"
title = "Teaching"

[[indicators]]
id = "teaching_share"
domain = "teaching"
label = "Researchers who teach, share of all researchers"
formula = "share"
a = "teaching.researchers.teaching"
b = "teaching.researchers.all"
"#,
    )
    .unwrap();
    std::fs::write(
        data.join("teaching.csv"),
        "series,period,value,unit,qualifier,source,locator,note\n\
         teaching.researchers.all,2016,800,persons,,test2022,5.1,test data\n\
         teaching.researchers.teaching,2016,300,persons,,test2022,5.1,test data\n\
         teaching.researchers.all,2021,1000,persons,,test2022,5.1,test data\n\
         teaching.researchers.teaching,2021,450,persons,,test2022,5.1,test data\n",
    )
    .unwrap();
    let report = std::fs::read_to_string(data.join("report.toml")).unwrap();
    let added = r#"
[[key_figures]]
domain = "teaching"
label = "Researchers who teach"
indicator = "teaching_share"
subject = "teaching.researchers.teaching / teaching.researchers.all"
at = "latest"
compare = "earliest"

[[charts]]
name = "teaching"
domain = "teaching"
title = "Researchers who teach, {from} and {to}"
kind = "bars"
x_title = "Researchers"
y_title = "Persons"
categories = { codes = ["teaching.researchers.all", "teaching.researchers.teaching"] }
groups = { periods = ["earliest", "latest"], colors = ["sky", "blue"] }
"#;
    // Charts come last in the file: key figures added there are still key figures (TOML arrays
    // of tables may be split).
    std::fs::write(data.join("report.toml"), format!("{report}\n{added}")).unwrap();
    (tmp, data)
}

fn report(data: &Path, out: &Path) {
    let o = run(&[
        "report",
        "--data",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_declared_domain_reaches_every_output() {
    let (tmp, data) = with_teaching();
    let out = tmp.path().join("out");
    report(&data, &out);

    // Its indicator: 100 × 300 / 800 = 37.5 (2016) and 100 × 450 / 1000 = 45 (2021); its growth:
    // 100 × (1000 / 800 − 1) = 25%.
    let rows = read_csv(&out.join("tables/indicators.csv"));
    let find = |ind: &str, subject: &str, to: &str| -> f64 {
        rows.iter()
            .find(|r| r["indicator"] == ind && r["subject"] == subject && r["to"] == to)
            .unwrap_or_else(|| panic!("no {ind} of {subject} at {to}"))["value"]
            .parse()
            .unwrap()
    };
    let subject = "teaching.researchers.teaching / teaching.researchers.all";
    assert!((find("teaching_share", subject, "2016") - 37.5).abs() < 1e-9);
    assert!((find("teaching_share", subject, "2021") - 45.0).abs() < 1e-9);
    assert!((find("percent_change", "teaching.researchers.all", "2021") - 25.0).abs() < 1e-9);
    let share = rows.iter().find(|r| r["indicator"] == "teaching_share").unwrap();
    assert_eq!(share["domain"], "teaching");
    assert_eq!(share["inputs"], "teaching.csv:3; teaching.csv:2");

    // Its summary table: one row per series, one column per year.
    let table = read_csv(&out.join("tables/teaching.csv"));
    let all = table
        .iter()
        .find(|r| r["series"] == "teaching.researchers.all")
        .unwrap();
    assert_eq!((all["2016"].as_str(), all["2021"].as_str()), ("800", "1000"));

    // The data package describes it, and the domain columns allow it.
    let package = std::fs::read_to_string(out.join("datapackage.json")).unwrap();
    assert!(package.contains("\"title\": \"Summary table: Teaching\""));
    assert!(package.contains("\"teaching\""));

    // The summary and the dashboard have its section; the chart is drawn.
    let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(summary.contains("### Teaching"), "{summary}");
    assert!(summary.contains("Researchers who teach"));
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("id=\"table-teaching\"") && html.contains("id=\"charts-teaching\""));
    assert!(out.join("charts/teaching.svg").is_file());

    // The workbook has its sheet.
    let wb: Xlsx<_> = open_workbook(out.join("workbook.xlsx")).unwrap();
    assert!(
        wb.sheet_names().contains(&"Teaching".to_string()),
        "{:?}",
        wb.sheet_names()
    );
}

#[test]
fn a_row_outside_its_domain_is_rejected_with_its_place() {
    let (_tmp, data) = with_teaching();
    let text = std::fs::read_to_string(data.join("teaching.csv")).unwrap();
    std::fs::write(
        data.join("teaching.csv"),
        text.replacen("teaching.researchers.all,2016", "staff.researchers.all,2016", 1),
    )
    .unwrap();
    let o = run(&["validate", "--data", data.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("teaching.csv:2:1"), "{stderr}");
    assert!(stderr.contains("a series id of domain 'teaching'"), "{stderr}");
}

#[test]
fn bad_declarations_are_rejected_with_their_place() {
    let (_tmp, data) = with_teaching();
    // A domain the format already has, and an indicator id the catalogue uses.
    let text = std::fs::read_to_string(data.join("domains.toml")).unwrap();
    let text = text.replacen("id = \"teaching\"", "id = \"budget\"", 1).replacen(
        "id = \"teaching_share\"",
        "id = \"cagr\"",
        1,
    );
    std::fs::write(data.join("domains.toml"), text).unwrap();
    let o = run(&["validate", "--data", data.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    // Lines 3 and 7 of the file (it starts with an empty line).
    assert!(stderr.contains("domains.toml:3:6"), "{stderr}");
    assert!(stderr.contains("domains.toml:7:6"), "{stderr}");
    // The rejected declaration does not make budget.csv a generic file.
    assert!(!stderr.contains("budget.csv"), "{stderr}");
}

#[test]
fn a_key_figure_in_an_undeclared_domain_is_rejected() {
    let (_tmp, data) = with_teaching();
    std::fs::remove_file(data.join("domains.toml")).unwrap();
    std::fs::remove_file(data.join("teaching.csv")).unwrap();
    let o = run(&["validate", "--data", data.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("report.toml:"), "{stderr}");
    assert!(
        stderr.contains("for a key figure's `domain`, one of workforce, budget, publications, eu_funding"),
        "{stderr}"
    );
    assert!(stderr.contains("for a chart's `domain`"), "{stderr}");
}

#[test]
fn a_claim_may_cite_a_declared_indicator() {
    let (_tmp, data) = with_teaching();
    // 45% stated for 2021, as the data give it: consistent.
    let claims = data.join("claims.csv");
    let text = if claims.exists() {
        std::fs::read_to_string(&claims).unwrap()
    } else {
        "id,indicator,subject,from,to,stated,unit,qualifier,source,locator,note\n".into()
    };
    std::fs::write(
        &claims,
        format!(
            "{text}teaching_2021,teaching_share,teaching.researchers.teaching / teaching.researchers.all,,2021,45,percent,,test2022,5.1,\n"
        ),
    )
    .unwrap();
    let a = orgmetrics::analysis::analyse(&data).unwrap();
    let row = a.audit.iter().find(|r| r.id == "teaching_2021").expect("audited");
    assert_eq!(row.verdict.to_string(), "consistent");
    assert!((row.recomputed - 45.0).abs() < 1e-9);
}
