//! Each figure checked against the words of its document, and the documents' coverage: a
//! mistyped figure or a wrong locator is invalid data at its row, absent texts leave the rows
//! unchecked with a warning, and coverage counts a small document's figures as worked out by hand.

mod common;

use std::path::Path;

use common::*;

/// Whether the documents' texts are beside the repository; CI has them and requires them.
fn texts_present() -> bool {
    let present = shared_dir().join("seeds").is_dir();
    if !present {
        assert!(
            std::env::var_os("ORGMETRICS_REQUIRE_TEXTS").is_none(),
            "ORGMETRICS_REQUIRE_TEXTS is set but {} is absent",
            shared_dir().display()
        );
        eprintln!("SKIPPED: the documents' texts are not at {}", shared_dir().display());
    }
    present
}

fn validate(data: &Path) -> std::process::Output {
    run(&["validate", "--data", data.to_str().unwrap()])
}

#[test]
fn every_shipped_figure_is_found_in_its_passage() {
    if !texts_present() {
        return;
    }
    let o = validate(&data_dir());
    let (out, err) = (String::from_utf8_lossy(&o.stdout), stderr_of(&o));
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("not checked"), "{err}");
    // Every row and claim of the shipped data cites a document with a text, and prints its figure.
    let rows: usize = std::fs::read_dir(data_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .filter(|p| !p.ends_with("sources.csv") && !p.ends_with("out_of_scope.csv"))
        .map(|p| read_csv(&p).iter().filter(|r| !r["written"].is_empty()).count())
        .sum();
    assert!(rows > 150, "{rows}");
    assert!(
        out.contains(&format!(
            "{rows} figures found as written in the passages their locators name, in 3 document(s)"
        )),
        "{out}"
    );
}

#[test]
fn a_mistyped_value_is_invalid_at_its_written_column() {
    if !texts_present() {
        return;
    }
    let (_tmp, data) = data_copy_with_texts();
    // workforce.csv:2 is end-2018's permanent researchers, printed "2,142" in VII.3.a.
    replace_first(&data, "workforce.csv", ",2142,persons,", ",2124,persons,");
    let o = validate(&data);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr_of(&o);
    assert!(err.contains("workforce.csv:2:"), "{err}");
    assert!(err.contains("(column 'written')"), "{err}");
    assert!(
        err.contains("2124 persons") && err.contains("reads 2142 persons"),
        "{err}"
    );
}

#[test]
fn a_figure_mistyped_in_both_columns_is_invalid_with_the_passage_and_the_nearest_figures() {
    if !texts_present() {
        return;
    }
    let (_tmp, data) = data_copy_with_texts();
    replace_first(&data, "workforce.csv", ",2142,persons,", ",2124,persons,");
    replace_first(&data, "workforce.csv", ",\"2,142\",", ",\"2,124\",");
    let o = validate(&data);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr_of(&o);
    assert!(err.contains("workforce.csv:2:"), "{err}");
    // The passage: section, footnote, lines of the text.
    assert!(
        err.contains("\"2,124\" in hceres2025 VII.3.a fn104 (lines 1225–1228, line 1247 of"),
        "{err}"
    );
    assert!(err.contains("it occurs nowhere in the document"), "{err}");
    assert!(err.contains("\"2,142\" (line 1227)"), "{err}");
}

#[test]
fn a_locator_naming_the_wrong_section_is_invalid() {
    if !texts_present() {
        return;
    }
    let (_tmp, data) = data_copy_with_texts();
    // The footnote's marker is in VII.3.a, not VII.3.b.
    replace_first(&data, "workforce.csv", "VII.3.a fn104", "VII.3.b fn104");
    let err = stderr_of(&validate(&data));
    assert!(err.contains("workforce.csv:2:"), "{err}");
    assert!(
        err.contains("footnote 104's marker is not in section VII.3.b (its marker is in section VII.3.a)"),
        "{err}"
    );
    // A section that does not print the figure: where it does occur is named.
    let (_tmp, data) = data_copy_with_texts();
    replace_first(&data, "workforce.csv", "VII.3.a fn104", "VII.3.b");
    let err = stderr_of(&validate(&data));
    assert!(
        err.contains("no such figure in that passage; it occurs elsewhere: VII.3.a (line 1227)"),
        "{err}"
    );
}

#[test]
fn without_the_texts_validate_succeeds_and_says_what_it_did_not_check() {
    let (_tmp, data) = data_copy();
    let o = validate(&data);
    let err = stderr_of(&o);
    assert!(o.status.success(), "{err}");
    // The rows citing each document, counted from the files themselves.
    let mut per_source = std::collections::BTreeMap::<String, usize>::new();
    for e in std::fs::read_dir(&data).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|e| e == "csv") && !p.ends_with("sources.csv") && !p.ends_with("out_of_scope.csv")
        {
            for r in read_csv(&p) {
                *per_source.entry(r["source"].clone()).or_default() += 1;
            }
        }
    }
    let total: usize = per_source.values().sum();
    assert!(
        err.contains(&format!("warning: {total} rows not checked against their documents")),
        "{err}"
    );
    for (source, n) in per_source {
        assert!(err.contains(&format!("{source} ({n} row")), "{source} {n}: {err}");
    }
    assert!(err.contains("is absent"), "{err}");
}

/// A small document of my own and a data directory citing it.
fn coverage_fixture() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let fixture = repo().join("tests/fixtures/ifra");
    for e in std::fs::read_dir(&fixture).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), data.join(e.file_name())).unwrap();
    }
    let doc = "Executive summary\nIn 2023 the institute had 1,000 staff, around 45% of them women.\n\nTable of contents\nExecutive summary.....1\nI. Staff\t2\n\nI. Staff\n\n1/ Headcount\n\nThe staff grew from 900 in 2012 to 1,000 in 2016.¹\n\n- 12 units\n- nine centres\n\n¹ Annual report of 2017.\n";
    std::fs::write(data.join("doc.txt"), doc).unwrap();
    let sha = sha256_hex(doc.as_bytes());
    let mut sources = std::fs::read_to_string(data.join("sources.csv")).unwrap();
    sources = sources.replacen("document\n", "document,text,sha256\n", 1);
    sources = sources.trim_end().to_string() + ",,\n";
    sources.push_str(&format!(
        "doc,A fictional report,tests,2017,https://example.org,none,doc.txt,{sha}\n"
    ));
    std::fs::write(data.join("sources.csv"), sources).unwrap();
    let claims = "id,indicator,subject,from,to,stated,unit,qualifier,source,locator,written,obtained,dated,note\nstaff_2016,value,staff.permanent.scientists,,2016-12-31,1000,persons,,doc,I.1 fn1,\"1,000\",,stated,fictional\n";
    std::fs::write(data.join("claims.csv"), claims).unwrap();
    std::fs::write(
        data.join("out_of_scope.csv"),
        "source,locator,written,reason\ndoc,I.1,nine,centres are not a series of the data\n",
    )
    .unwrap();
    (tmp, data)
}

fn sha256_hex(bytes: &[u8]) -> String {
    orgmetrics::digest::sha256_hex(bytes)
}

#[test]
fn coverage_counts_a_small_documents_figures_as_worked_out_by_hand() {
    let (_tmp, data) = coverage_fixture();
    let o = run(&["coverage", "--data", data.to_str().unwrap(), "--list"]);
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(o.status.success(), "{}", stderr_of(&o));
    // Executive summary: 2023 (a year), 1,000 and around 45% (not recorded), then the table of
    // contents' page numbers 1 and 2 (excluded). I.1: its heading's "1/" (list numbering), 900
    // (not recorded), 2012 and 2016 (years), 1,000 (recorded by the claim), the marker ¹, 12
    // (not recorded), nine (out of scope), the footnote's ¹ and its year 2017. So 15 figures:
    // 1 recorded, 4 not recorded, 1 out of scope, 9 excluded; 1 of 6 recorded is 16.7%.
    assert!(
        out.contains("doc: 1 recorded, 4 not recorded, 1 out of scope, 9 excluded by rule (16.7% recorded)"),
        "{out}"
    );
    assert!(
        out.contains("  Executive summary: 0 recorded, 2 not recorded, 0 out of scope, 3 excluded by rule"),
        "{out}"
    );
    assert!(
        out.contains("  I.1: 1 recorded, 2 not recorded, 1 out of scope, 6 excluded by rule"),
        "{out}"
    );
    assert!(out.contains("doc\tI.1\t12\t1,000\trecorded\tclaims.csv:2"), "{out}");
    assert!(
        out.contains("doc\tI.1\t15\tnine\tout_of_scope\tcentres are not a series of the data"),
        "{out}"
    );
    assert!(
        out.contains("doc\tExecutive summary\t2\t1,000\tnot_recorded\t"),
        "{out}"
    );
    // The same counts reach the report's table.
    let out_dir = data.parent().unwrap().join("out");
    let o = run_report(&data, &out_dir);
    assert!(o.status.success(), "{}", stderr_of(&o));
    let rows = read_csv(&out_dir.join("tables/coverage.csv"));
    let whole = rows
        .iter()
        .find(|r| r["source"] == "doc" && r["section"] == "(whole document)")
        .unwrap();
    assert_eq!(
        (
            &whole["figures"][..],
            &whole["recorded"][..],
            &whole["not_recorded"][..]
        ),
        ("15", "1", "4")
    );
    assert_eq!((&whole["out_of_scope"][..], &whole["excluded_by_rule"][..]), ("1", "9"));
    assert_eq!(whole["recorded_share"], "16.7");
}

#[test]
fn a_figure_set_aside_must_be_in_its_passage_with_a_reason() {
    let (_tmp, data) = coverage_fixture();
    std::fs::write(
        data.join("out_of_scope.csv"),
        "source,locator,written,reason\ndoc,I.1,ten,a figure not there\ndoc,I.1,nine,\n",
    )
    .unwrap();
    let o = validate(&data);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr_of(&o);
    assert!(err.contains("out_of_scope.csv:2:3 (column 'written')"), "{err}");
    assert!(err.contains("out_of_scope.csv:3:4 (column 'reason')"), "{err}");
}

#[test]
fn a_figure_the_document_does_not_print_says_how_it_was_obtained_and_is_listed() {
    let (_tmp, data) = data_copy();
    // workforce.csv:2: written "2,142" becomes a figure obtained otherwise.
    replace_first(
        &data,
        "workforce.csv",
        ",\"2,142\",,",
        ",,read from a chart of the report,",
    );
    let o = validate(&data);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", stderr_of(&o));
    // Listed first, before the two the shipped data obtain by counting and by adding up.
    assert!(
        out.contains("3 figure(s) the documents do not print:\n  workforce.csv:2: read from a chart of the report\n"),
        "{out}"
    );
    for shipped in [
        "\n  governance.csv:16: the sum of the posts VII.2.a lists as members",
        "\n  assessment.csv:6: counted: the passage names recommendations",
    ] {
        assert!(out.contains(shipped), "{out}");
    }
    // Neither the written form nor how it was obtained: invalid.
    replace_first(&data, "workforce.csv", ",,read from a chart of the report,", ",,,");
    let err = stderr_of(&validate(&data));
    assert!(
        err.contains("workforce.csv:2:12 (column 'written'): expected the figure as the document prints it (column written), or how it was obtained (column obtained), found both empty"),
        "{err}"
    );
}
