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

/// Appends `text` to `file` of the data directory.
fn append(data: &Path, file: &str, text: &str) {
    let before = std::fs::read_to_string(data.join(file)).unwrap();
    std::fs::write(data.join(file), format!("{before}{text}")).unwrap();
}

/// Adds a row to the data directory's claims (creating the file with its header if needed).
fn add_claim(data: &Path, row: &str) {
    let claims = data.join("claims.csv");
    if !claims.exists() {
        std::fs::write(
            &claims,
            "id,indicator,subject,from,to,stated,unit,qualifier,source,locator,note\n",
        )
        .unwrap();
    }
    append(data, "claims.csv", &format!("{row}\n"));
}

/// 120 students and `courses` courses in 2021, in the teaching domain.
fn students_and_courses(data: &Path, courses: u32) {
    append(
        data,
        "teaching.csv",
        &format!(
            "teaching.students.all,2021,120,persons,,test2022,5.1,test data\n\
             teaching.courses.all,2021,{courses},units,,test2022,5.1,test data\n"
        ),
    );
}

/// A `[[indicators]]` table of the teaching domain, after an empty line.
fn indicator_toml(id: &str, label: &str, formula: &str, a: &str, b: &str) -> String {
    format!(
        "\n[[indicators]]\nid = \"{id}\"\ndomain = \"teaching\"\nlabel = \"{label}\"\nformula = \"{formula}\"\na = \"{a}\"\nb = \"{b}\"\n"
    )
}

fn report(data: &Path, out: &Path) {
    let o = run_report(data, out);
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
    let package: serde_json::Value = serde_json::from_str(&package).unwrap();
    for resource in ["indicators", "key_figures"] {
        let r = package["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == resource)
            .unwrap();
        let domain = r["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "domain")
            .unwrap();
        assert_eq!(
            domain["constraints"]["enum"],
            serde_json::json!(["workforce", "budget", "publications", "eu_funding", "teaching"]),
            "{resource}"
        );
    }

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
    replace_first(
        &data,
        "teaching.csv",
        "teaching.researchers.all,2016",
        "staff.researchers.all,2016",
    );
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
    replace_first(&data, "domains.toml", "id = \"teaching\"", "id = \"budget\"");
    replace_first(&data, "domains.toml", "id = \"teaching_share\"", "id = \"cagr\"");
    let o = run(&["validate", "--data", data.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    // Lines 3 and 7 of the file (it starts with an empty line).
    assert!(stderr.contains("domains.toml:3:6"), "{stderr}");
    assert!(stderr.contains("domains.toml:7:6"), "{stderr}");
    // The rejected declaration does not make budget.csv a generic file.
    assert!(!stderr.contains("budget.csv"), "{stderr}");
}

/// An unknown key in `domains.toml` (or any problem of it) is reported alone: the files read
/// against the domains it declares would each add problems of their own (claims on its series,
/// key figures and charts in its domains), the real one lost among them.
#[test]
fn an_unknown_key_in_the_domains_file_is_reported_alone() {
    let (_t, data) = data_copy();
    let path = data.join("domains.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("id = \"gender\"", "id = \"gender\"\nfoo = 1", 1)).unwrap();
    let o = run(&["validate", "--data", data.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    let problems: Vec<&str> = stderr.lines().skip(1).collect();
    assert_eq!(problems.len(), 1, "{stderr}");
    assert!(
        problems[0].ends_with(
            "domains.toml:9:1: expected valid settings, found unknown field `foo`, expected `id` or `title`"
        ),
        "{stderr}"
    );
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
    add_claim(
        &data,
        "teaching_2021,teaching_share,teaching.researchers.teaching / teaching.researchers.all,,2021,45,percent,,test2022,5.1,",
    );
    let a = orgmetrics::analysis::analyse(&data).unwrap();
    let row = a.audit.iter().find(|r| r.id == "teaching_2021").expect("audited");
    assert_eq!(row.verdict.to_string(), "consistent");
    assert!((row.recomputed - 45.0).abs() < 1e-9);
}

#[test]
fn a_repeated_domain_is_rejected_where_it_is_repeated() {
    let (_tmp, data) = with_teaching();
    // Lines 2-4 declare teaching; the repetition is on lines 14-16 (the file starts with an
    // empty line and ends with one).
    append(
        &data,
        "domains.toml",
        "\n[[domains]]\nid = \"teaching\"\ntitle = \"Teaching again\"\n",
    );
    let o = run(&["validate", "--data", data.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("domains.toml:15:6"), "{stderr}");
    assert!(!stderr.contains("domains.toml:3:6"), "{stderr}");
}

#[test]
fn a_declared_indicator_the_data_cannot_fill_is_listed_with_its_reason() {
    let (tmp, data) = with_teaching();
    // A second declaration over a series the data lack, and a ratio whose denominator is zero
    // at its only period: neither gives a row, nor an infinite value.
    let hours = indicator_toml(
        "hours_per_teacher",
        "Hours per teacher",
        "ratio",
        "teaching.hours.all",
        "teaching.researchers.teaching",
    );
    let students = indicator_toml(
        "students_per_course",
        "Students per course",
        "ratio",
        "teaching.students.all",
        "teaching.courses.all",
    );
    append(&data, "domains.toml", &format!("{hours}{students}"));
    students_and_courses(&data, 0);
    let out = tmp.path().join("out");
    report(&data, &out);
    let rows = read_csv(&out.join("tables/indicators.csv"));
    assert!(
        !rows
            .iter()
            .any(|r| r["indicator"] == "hours_per_teacher" || r["indicator"] == "students_per_course")
    );
    assert!(
        !rows
            .iter()
            .any(|r| r["value"].contains("inf") || r["value"].contains("NaN"))
    );
    let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(summary.contains("teaching.hours.all has no value"), "{summary}");
    // The zero denominator is listed at its period, with the computation.
    assert!(
        summary.contains("indicator students_per_course of teaching.students.all / teaching.courses.all at 2021"),
        "{summary}"
    );
    assert!(summary.contains("120 / 0 is not a finite number"), "{summary}");
}

#[test]
fn a_claim_may_cite_a_declared_difference_as_indicators_csv_writes_it() {
    let (_tmp, data) = with_teaching();
    let declared = indicator_toml(
        "not_teaching",
        "Researchers who do not teach",
        "difference",
        "teaching.researchers.all",
        "teaching.researchers.teaching",
    );
    append(&data, "domains.toml", &declared);
    // 1000 − 450 = 550 in 2021; 540 stated is 1.8% off: inconsistent.
    let subject = "teaching.researchers.all - teaching.researchers.teaching";
    add_claim(
        &data,
        &format!("not_teaching_2021,not_teaching,{subject},,2021,540,persons,,test2022,5.1,"),
    );
    let a = orgmetrics::analysis::analyse(&data).unwrap();
    let row = a.audit.iter().find(|r| r.id == "not_teaching_2021").expect("audited");
    assert!((row.recomputed - 550.0).abs() < 1e-9);
    assert_eq!(row.verdict.to_string(), "inconsistent");
    let indicator = a.computed.rows.iter().find(|r| r.indicator == "not_teaching").unwrap();
    assert_eq!(&*indicator.subject, subject);
}

#[test]
fn the_names_a_domain_may_not_take_cover_every_name_the_outputs_use() {
    // The report's own tables, sheets and input files, as the shipped output has them: a domain
    // named like one of them would clash, so each must be reserved (or be a domain's own).
    let a = orgmetrics::analysis::analyse(&repo().join("data")).unwrap();
    let domains = &a.dataset.domains;
    let tables = orgmetrics::render::tables::build_all(&a);
    for t in &tables {
        assert!(
            domains.contains(&t.name) || orgmetrics::schema::is_reserved_domain_id(&t.name),
            "table {} is neither a domain's nor reserved",
            t.name
        );
    }
    // The files the load stage reads are CSV and TOML (NOTES.md is for readers).
    for f in std::fs::read_dir(repo().join("data")).unwrap() {
        let name = f.unwrap().file_name().into_string().unwrap();
        if !(name.ends_with(".csv") || name.ends_with(".toml")) {
            continue;
        }
        let stem = name.split('.').next().unwrap().to_string();
        assert!(
            domains.contains(&stem) || orgmetrics::schema::is_reserved_domain_id(&stem),
            "input {name} is neither a domain's nor reserved"
        );
    }
    // The workbook's sheets, as it writes them for this analysis.
    let bytes = orgmetrics::render::workbook::render(&a, &tables, &[]).unwrap();
    let wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    for sheet in wb.sheet_names() {
        let of_domain = domains.iter().any(|d| d.title == sheet);
        assert!(
            of_domain || orgmetrics::schema::is_reserved_title(&sheet),
            "sheet {sheet} is neither a domain's nor reserved"
        );
    }
}

#[test]
fn a_zero_denominator_at_one_period_is_listed_and_the_others_computed() {
    let (tmp, data) = with_teaching();
    // 2016: 300 of 0 researchers (a transcription slip, say); 2021 stays 45%.
    replace_first(
        &data,
        "teaching.csv",
        "teaching.researchers.all,2016,800",
        "teaching.researchers.all,2016,0",
    );
    let out = tmp.path().join("out");
    report(&data, &out);
    let rows = read_csv(&out.join("tables/indicators.csv"));
    let shares: Vec<&str> = rows
        .iter()
        .filter(|r| r["indicator"] == "teaching_share")
        .map(|r| r["to"].as_str())
        .collect();
    assert_eq!(shares, ["2021"]);
    assert!(
        !rows
            .iter()
            .any(|r| r["value"].contains("inf") || r["value"].contains("NaN"))
    );
    let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
    let subject = "teaching.researchers.teaching / teaching.researchers.all";
    assert!(
        summary.contains(&format!("indicator teaching_share of {subject} at 2016")),
        "{summary}"
    );
    assert!(summary.contains("100 × 300 / 0 is not a finite number"), "{summary}");
    // The growth from zero researchers has no finite percent change either.
    assert!(
        summary.contains("indicator percent_change of teaching.researchers.all at 2016 to 2021"),
        "{summary}"
    );
}

#[test]
fn an_indicator_declared_twice_over_the_same_series_is_rejected() {
    let (_tmp, data) = with_teaching();
    let again = indicator_toml(
        "teaching_share",
        "Again, as a ratio",
        "ratio",
        "teaching.researchers.teaching",
        "teaching.researchers.all",
    );
    append(&data, "domains.toml", &again);
    let o = run(&["validate", "--data", data.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    // The repeat's id is on line 15 (the file starts with an empty line; 14 lines before it).
    assert!(stderr.contains("domains.toml:15:6"), "{stderr}");
}

/// A share or a difference of two series in different units means nothing (261 units − 8,216
/// persons): listed with its reason, no row. A ratio of them is a rate, and is computed.
#[test]
fn a_share_or_difference_across_units_is_listed_not_computed() {
    let (tmp, data) = with_teaching();
    let toml = [
        indicator_toml(
            "students_minus_courses",
            "Students minus courses",
            "difference",
            "teaching.students.all",
            "teaching.courses.all",
        ),
        indicator_toml(
            "students_share_of_courses",
            "Students as a share of courses",
            "share",
            "teaching.students.all",
            "teaching.courses.all",
        ),
        indicator_toml(
            "students_per_course",
            "Students per course",
            "ratio",
            "teaching.students.all",
            "teaching.courses.all",
        ),
    ]
    .concat();
    append(&data, "domains.toml", &toml);
    students_and_courses(&data, 8);
    let out = tmp.path().join("out");
    report(&data, &out);
    let rows = read_csv(&out.join("tables/indicators.csv"));
    let ids: Vec<&str> = rows.iter().map(|r| r["indicator"].as_str()).collect();
    assert!(
        !ids.contains(&"students_minus_courses") && !ids.contains(&"students_share_of_courses"),
        "{ids:?}"
    );
    let rate = rows.iter().find(|r| r["indicator"] == "students_per_course").unwrap();
    assert_eq!(rate["value"], "15.000000");
    let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
    for formula in ["difference", "share"] {
        let reason = format!(
            "a {formula} needs its two series in one unit: teaching.students.all is in persons, teaching.courses.all in units"
        );
        assert!(summary.contains(&reason), "{reason}\n{summary}");
    }
}
