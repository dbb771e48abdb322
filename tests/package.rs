//! output/datapackage.json as the tools of the Data Package ecosystem read it: every table a
//! tabular resource, the workbook a file resource, and the whole package valid for the current
//! frictionless release.
//!
//! The validation needs Python's `frictionless` command (`pip install frictionless`). Without it
//! that test is skipped with a message, so that `cargo test` passes on a machine with only the Rust
//! toolchain; CI sets ORGMETRICS_REQUIRE_FRICTIONLESS=1 where it installed the command, which makes
//! a missing command a failure.

mod common;

use std::fs;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output};

use common::fresh_report;
use serde_json::Value;

fn package(out: &Path) -> Value {
    serde_json::from_slice(&fs::read(out.join("datapackage.json")).unwrap()).unwrap()
}

/// Whether the `frictionless` command runs; panics when it does not and is required.
fn frictionless_found() -> bool {
    let found = Command::new("frictionless")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("ORGMETRICS_REQUIRE_FRICTIONLESS").as_deref() != Ok("1"),
            "ORGMETRICS_REQUIRE_FRICTIONLESS=1 but the `frictionless` command is not on PATH \
             (install it with `pip install frictionless`)"
        );
        // Straight to stderr, past the test harness's capture, so that the skip is seen.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: `frictionless` not found: datapackage.json was not validated \
             (install it with `pip install frictionless`; CI requires it with ORGMETRICS_REQUIRE_FRICTIONLESS=1)"
        );
    }
    found
}

/// `frictionless validate --json` on the package in `out`: its outcome and its JSON report.
fn frictionless_validate(out: &Path) -> (Output, Value) {
    let o = Command::new("frictionless")
        .args(["validate", "--json", "datapackage.json"])
        .current_dir(out)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "frictionless printed no JSON report ({e}): {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    });
    (o, report)
}

/// Each task of a frictionless report: (resource name, type, valid).
fn tasks(report: &Value) -> Vec<(String, String, bool)> {
    report["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap().to_string(),
                t["type"].as_str().unwrap().to_string(),
                t["valid"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_workbook_is_a_file_resource_and_every_table_a_tabular_one() {
    let r = fresh_report("package-resources-");
    let pkg = package(&r.out);
    assert_eq!(pkg["profile"], "data-package");
    // A package of Data Package v1: v2 allows no resource type but `table`.
    assert!(pkg.get("$schema").is_none());
    let resources = pkg["resources"].as_array().unwrap();
    let (tables, files): (Vec<&Value>, Vec<&Value>) = resources.iter().partition(|r| r.get("schema").is_some());
    // The 18 domains' tables (domains.toml's) and the report's 5: key figures, indicators,
    // projections, audit and coverage (the documents' texts are read).
    assert_eq!(tables.len(), 23);
    for t in &tables {
        assert_eq!(t["profile"], "tabular-data-resource", "{}", t["name"]);
        assert!(t.get("type").is_none(), "{}", t["name"]);
    }
    let [workbook] = files.as_slice() else {
        panic!("one resource without a schema: {files:?}")
    };
    assert_eq!(workbook["name"], "workbook");
    assert_eq!(workbook["path"], "workbook.xlsx");
    assert_eq!(workbook["type"], "file");
    assert_eq!(workbook["format"], "xlsx");
    // Its size and hash are those of the file.
    let bytes = fs::read(r.out.join("workbook.xlsx")).unwrap();
    assert_eq!(workbook["bytes"], bytes.len());
    assert_eq!(
        workbook["hash"],
        format!("sha256:{}", orgmetrics::render::package::sha256_hex(&bytes))
    );
}

/// Where the `frictionless` command is installed, the package validates: every table against its
/// schema, the workbook as a file of the stated size and hash; and a workbook changed after the
/// run does not.
#[test]
fn frictionless_validates_the_package_where_installed() {
    if !frictionless_found() {
        return;
    }
    let r = fresh_report("package-frictionless-");
    let (o, report) = frictionless_validate(&r.out);
    let shown = || String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "frictionless validate failed: {}", shown());
    assert_eq!(report["valid"], true, "{}", shown());
    let mut got = tasks(&report);
    got.sort();
    let tables = [
        "assessment",
        "audit",
        "budget",
        "careers",
        "coverage",
        "eu_funding",
        "expertise",
        "finances",
        "gender",
        "governance",
        "indicators",
        "innovation",
        "international",
        "key_figures",
        "open_science",
        "platforms",
        "programmes",
        "projections",
        "publications",
        "research",
        "sites",
        "units",
        "workforce",
    ];
    let mut want: Vec<(String, String, bool)> = tables
        .iter()
        .map(|t| (t.to_string(), "table".to_string(), true))
        .collect();
    want.push(("workbook".into(), "file".into(), true));
    want.sort();
    assert_eq!(got, want);
    // The workbook's hash is checked: one byte changed makes the package invalid.
    let path = r.out.join("workbook.xlsx");
    let mut bytes = fs::read(&path).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    fs::write(&path, bytes).unwrap();
    let (o, report) = frictionless_validate(&r.out);
    assert!(!o.status.success());
    let workbook = tasks(&report).into_iter().find(|t| t.0 == "workbook").unwrap();
    assert_eq!(workbook, ("workbook".into(), "file".into(), false));
    let errors: Vec<&str> = report["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "workbook")
        .unwrap()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(errors, ["hash-count"]);
}
