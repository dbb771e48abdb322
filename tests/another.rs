//! Another organisation: `init`'s template names nothing of the shipped organisation's, key
//! figures select the largest or smallest member of a dimension from the data, and the
//! dashboard's introduction says how the data were obtained as the data say it.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use orgmetrics::analysis::analyse;
use orgmetrics::period::Period;

/// `text`'s words: runs of letters and digits, in lowercase.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The values of `column` in every CSV file of `dir` that has it.
fn column_values(dir: &Path, column: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "csv") {
            out.extend(read_csv(&p).into_iter().filter_map(|r| r.get(column).cloned()));
        }
    }
    out.retain(|v| !v.is_empty());
    out
}

/// What the shipped data directory names that is its organisation's and no other's, from its
/// files: (words, texts).
/// - words: the field codes its publications are reported by (`LS`, `LS1`…`LS9`: another
///   organisation has other fields; `all` is the format's), its id and short name, its comparators' ids, the
///   publishers of its documents, and the thresholds of its projection questions (`54`);
/// - texts: the names its definition gives those fields, the series ids of the domains it declares
///   beyond the format's four (`"gender.…`), and the sections of its documents its rows cite
///   (`VII.4.a`, `fn122`).
///
/// The format's own vocabulary (`staff.…`, `share_of_french_publications`, programmes of the EU)
/// and the projections' horizon are everyone's, so not listed.
fn specific_to_the_shipped_organisation() -> (BTreeSet<String>, BTreeSet<String>) {
    let data = data_dir();
    let toml =
        |file: &str| -> toml::Value { toml::from_str(&std::fs::read_to_string(data.join(file)).unwrap()).unwrap() };
    let org = toml("organisation.toml");
    let report = toml("report.toml");
    let domains = toml("domains.toml");
    let mut words: BTreeSet<String> = BTreeSet::new();
    // `all` (every field) is the format's code, not a field of the organisation's.
    words.extend(
        column_values(&data, "field")
            .iter()
            .filter(|f| *f != "all")
            .map(|f| f.to_lowercase()),
    );
    for key in ["id", "short_name"] {
        words.insert(org[key].as_str().unwrap().to_lowercase());
    }
    for c in org["comparators"].as_array().unwrap() {
        words.insert(c["id"].as_str().unwrap().to_lowercase());
    }
    words.extend(column_values(&data, "publisher").iter().map(|p| p.to_lowercase()));
    for q in report["projections"]["questions"].as_array().unwrap() {
        if let Some(t) = q.get("threshold") {
            words.insert(t.to_string());
        }
    }
    let mut texts: BTreeSet<String> = BTreeSet::new();
    let fields = report["labels"]["fields"].as_table().unwrap();
    texts.extend(fields.values().map(|v| v.as_str().unwrap().to_string()));
    for d in domains["domains"].as_array().unwrap() {
        texts.insert(format!("\"{}.", d["id"].as_str().unwrap()));
    }
    for locator in column_values(&data, "locator") {
        texts.extend(
            locator
                .split([' ', ',', ';'])
                .filter(|p| p.chars().any(|c| c.is_ascii_digit()) && p.chars().any(char::is_alphabetic))
                .map(String::from),
        );
    }
    (words, texts)
}

#[test]
fn the_init_template_names_no_field_code_or_threshold_of_the_shipped_organisation() {
    let (words_of_one, texts_of_one) = specific_to_the_shipped_organisation();
    // The derivation finds what the issue names: the largest panel's code and the age threshold.
    for w in ["ls", "ls3", "54", "inserm", "nih", "hcéres"] {
        assert!(words_of_one.contains(w), "{w}: {words_of_one:?}");
    }
    for t in ["Cells, development", "\"gender.", "VII.4.a", "fn122"] {
        assert!(texts_of_one.contains(t), "{t}: {texts_of_one:?}");
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("acme");
    let o = run(&["init", dir.to_str().unwrap(), "--organisation", "Acme Research"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut written = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        written += 1;
        let found: Vec<String> = words(&text).intersection(&words_of_one).cloned().collect();
        assert!(found.is_empty(), "{}: {found:?}", p.display());
        let found: Vec<&String> = texts_of_one.iter().filter(|t| text.contains(t.as_str())).collect();
        assert!(found.is_empty(), "{}: {found:?}", p.display());
    }
    assert_eq!(written, 8);
}

/// The key figure of the shipped definition's largest panel, computed on `data`.
fn largest_panel(data: &Path) -> (String, f64, Period) {
    let a = analyse(data).unwrap();
    let k = a
        .key_figures
        .iter()
        .find(|k| k.label.contains("largest panel"))
        .unwrap_or_else(|| panic!("{:?}", a.not_computed));
    (k.label.clone(), k.value, k.at)
}

#[test]
fn the_shipped_largest_panel_is_found_in_the_data() {
    // publications.csv, 2018/2022, fractional: LS3 34.5 is the largest of LS1…LS9 (LS5 26 next).
    let (label, value, at) = largest_panel(&data_dir());
    assert_eq!(
        label,
        "Inserm's share of French publications in its largest panel, LS3 (fractional count)"
    );
    assert_eq!((value, at), (34.5, "2018/2022".parse().unwrap()));
    // LS5 above it: the figure follows the data, with no edit of the definition.
    let (_tmp, data) = data_copy();
    let p = data.join("publications.csv");
    let text = std::fs::read_to_string(&p).unwrap();
    let from = "organisation,LS5,share_of_french_publications,fractional,2018/2022,26,";
    assert!(text.contains(from));
    std::fs::write(
        &p,
        text.replace(
            from,
            "organisation,LS5,share_of_french_publications,fractional,2018/2022,36.5,",
        ),
    )
    .unwrap();
    let (label, value, _) = largest_panel(&data);
    assert_eq!(
        label,
        "Inserm's share of French publications in its largest panel, LS5 (fractional count)"
    );
    assert_eq!(value, 36.5);
}

/// Every organisation of a synthetic panel: its largest and smallest fields, from its own
/// publications.csv, against its key figures.
#[test]
fn a_synthetic_organisations_largest_and_smallest_fields_are_its_own() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("panel");
    let out = tmp.path().join("out");
    let n = 6;
    let o = run(&[
        "synth",
        "--organisations",
        &n.to_string(),
        "--years",
        "7",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&[
        "report",
        "--all",
        "--tables-only",
        "--data",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut largest_codes = BTreeSet::new();
    for i in 1..=n {
        let id = format!("org{i:05}");
        // The panels' fractional shares at the latest window any of them has.
        let rows: Vec<(String, String, f64)> = read_csv(&dir.join(&id).join("publications.csv"))
            .into_iter()
            .filter(|r| {
                r["entity"] == "organisation"
                    && r["field"].starts_with("LS")
                    && r["field"].len() == 3
                    && r["count_method"] == "fractional"
            })
            .map(|r| (r["period"].clone(), r["field"].clone(), r["value"].parse().unwrap()))
            .collect();
        let latest = rows.iter().map(|r| r.0.clone()).max().unwrap();
        let at: Vec<&(String, String, f64)> = rows.iter().filter(|r| r.0 == latest).collect();
        let keys = read_csv(&out.join(&id).join("tables/key_figures.csv"));
        let fields: BTreeSet<&str> = rows.iter().map(|r| r.1.as_str()).collect();
        if at.len() < fields.len() {
            // A panel without a value then: the largest of the others is no answer, left out.
            assert!(
                !keys.iter().any(|r| r["label"].contains("in its largest field")),
                "{id}: a largest field among {} of {} panels",
                at.len(),
                fields.len()
            );
            continue;
        }
        let max = at.iter().fold(at[0], |m, r| if r.2 > m.2 { r } else { m });
        let min = at.iter().fold(at[0], |m, r| if r.2 < m.2 { r } else { m });
        largest_codes.insert(max.1.clone());
        for (which, want) in [("largest", max), ("smallest", min)] {
            let row = keys
                .iter()
                .find(|r| r["label"].contains(&format!("in its {which} field")))
                .unwrap_or_else(|| panic!("{id}: no {which} field"));
            assert!(
                row["label"].contains(&format!(", {} (", want.1)),
                "{id} {which}: {row:?} against {want:?}"
            );
            assert_eq!(row["period"], latest, "{id} {which}");
            assert_eq!(row["value"].parse::<f64>().unwrap(), want.2, "{id} {which}");
        }
    }
    // Not one typed code: the panel's organisations have different largest fields.
    assert!(largest_codes.len() > 1, "{largest_codes:?}");
}

/// A selection's keys are checked on loading, each problem at its line and column.
#[test]
fn a_selection_without_its_keys_or_keys_without_a_selection_are_rejected_at_their_place() {
    let (_tmp, data) = data_copy();
    let p = data.join("report.toml");
    let text = std::fs::read_to_string(&p).unwrap();
    let text = text
        // The staff figure (its table from line 344) given a `select`, at line 348.
        .replacen(
            "series = \"staff.all.all\"\n",
            "series = \"staff.all.all\"\nselect = \"largest\"\n",
            1,
        )
        // The largest panel (its table from line 427, once the line above is added) without
        // `select`, and `names` a series.
        .replacen("names = \"fields\"\nselect = \"largest\"\n", "names = \"series\"\n", 1);
    std::fs::write(&p, text).unwrap();
    let o = run(&["validate", "--data", data.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    for expected in [
        "report.toml:348:10: expected `select` only with a `series` holding one `*`, found `select` in key figure \"{org} staff (headcount)\"",
        "report.toml:427:1: expected for a `series` with a `*`, `select` (`largest` or `smallest`), found key figure",
        "report.toml:431:9: expected for a key figure's `names`, `fields`, `entities` or `programmes`, found \"series\"",
    ] {
        assert!(stderr.contains(expected), "expected {expected:?} in:\n{stderr}");
    }
}

/// The dashboard's introduction says how the values were obtained as the organisation file says
/// it: by hand for the shipped data, generated for a synthetic organisation.
#[test]
fn the_introduction_says_how_the_data_were_obtained_as_the_data_say_it() {
    let a = analyse(&data_dir()).unwrap();
    let intro = a.dataset.organisation.fill(&a.dataset.definition.report.introduction);
    assert_eq!(
        intro,
        "Every figure below is computed from values extracted by hand from the documents, each traced to its section and data row; the audit recomputes the figures the documents state."
    );
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("panel");
    let out = tmp.path().join("out");
    let o = run(&[
        "synth",
        "--organisations",
        "1",
        "--years",
        "5",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&[
        "report",
        "--organisation",
        "org00001",
        "--chart-format",
        "svg",
        "--no-workbook",
        "--data",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        html.contains(
            "computed from values generated by orgmetrics synth (synthetic data: no real organisation), each traced"
        ),
        "{}",
        &html[..html.len().min(4000)]
    );
    assert!(!html.contains("by hand"));
    // Without the key, a sentence true of any data directory.
    let text = std::fs::read_to_string(dir.join("org00001/organisation.toml")).unwrap();
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("data_origin"))
        .map(|l| format!("{l}\n"))
        .collect();
    let org: orgmetrics::load::organisation::Organisation = toml::from_str(&without).unwrap();
    assert_eq!(
        org.fill("values {data_origin}, each"),
        "values read from the data files, each"
    );
}

/// A panel the data give at another period only leaves the largest figure out, naming it, rather
/// than crowning the largest of the others.
#[test]
fn a_panel_missing_at_the_period_leaves_the_largest_out() {
    let (_tmp, data) = data_copy();
    let from = "organisation,LS2,share_of_french_publications,fractional,2018/2022,";
    replace_first(
        &data,
        "publications.csv",
        from,
        "organisation,LS2,share_of_french_publications,fractional,2017/2021,",
    );
    let a = analyse(&data).unwrap();
    assert!(!a.key_figures.iter().any(|k| k.label.contains("largest panel")));
    let why = a
        .not_computed
        .iter()
        .find(|n| {
            n.reason
                .contains("share_of_french_publications.organisation.*.fractional")
        })
        .unwrap_or_else(|| panic!("{:?}", a.not_computed));
    assert!(
        why.reason
            .contains(" at 2018–2022 but not LS2: add their rows, or choose a period they all have"),
        "{}",
        why.reason
    );
}
