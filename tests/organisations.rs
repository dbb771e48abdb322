//! Any organisation, any year, any gap: a fictional second organisation, the shipped data plus a
//! year, the shipped data minus rows. Expected values are worked out by hand in the comments.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use orgmetrics::analysis::{Analysis, analyse};
use orgmetrics::period::Period;
use orgmetrics::render::charts::{ChartFormat, ChartOptions};
use orgmetrics::report::{self, ReportOptions};

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/ifra")
}

fn p(s: &str) -> Period {
    s.parse().unwrap()
}

fn svg_only(data: &Path, out: &Path) -> ReportOptions {
    ReportOptions {
        data: data.to_path_buf(),
        out: out.to_path_buf(),
        charts: ChartOptions {
            formats: vec![ChartFormat::Svg],
            ..ChartOptions::default()
        },
        workbook: true,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9 * b.abs().max(1.0)
}

/// The two points the projection of `series` starts from.
fn basis<'a>(a: &'a Analysis, series: &str) -> &'a orgmetrics::compute::projections::Basis {
    a.projections
        .bases
        .iter()
        .find(|b| b.series == series)
        .unwrap_or_else(|| panic!("no projection of {series}: {:?}", a.not_computed))
}

fn key_figure<'a>(a: &'a Analysis, label: &str) -> &'a orgmetrics::compute::key_figures::KeyFigure {
    a.key_figures
        .iter()
        .find(|k| k.label == label)
        .unwrap_or_else(|| panic!("no key figure {label:?}: {:?}", a.not_computed))
}

#[test]
fn a_fictional_organisation_gets_its_own_report_with_hand_worked_key_figures() {
    let a = analyse(&fixture()).unwrap();
    // Staff: 1040 + 1410 + 520 + 390 = 3360 at end 2021; 1000 + 1500 + 400 + 300 = 3200 at end 2016.
    let staff = key_figure(&a, "IFRA staff (headcount)");
    assert_eq!(staff.at, p("2021-12-31"));
    assert!(close(staff.value, 3360.0));
    let cmp = staff.compare.as_ref().unwrap();
    assert_eq!(cmp.at, p("2016-12-31"));
    assert!(close(cmp.value, 3200.0));
    assert!(close(cmp.percent_change.unwrap(), 5.0)); // 100 × (3360 / 3200 − 1)
    // Contract share: 100 × (520 + 390) / 3360 = 27.0833…; in 2016 100 × 700 / 3200 = 21.875.
    let share = key_figure(&a, "Contract staff, share of all staff");
    assert!(close(share.value, 100.0 * 910.0 / 3360.0));
    assert!(close(share.compare.as_ref().unwrap().value, 21.875));
    // Growth of contract staff: 100 × (910 / 700 − 1) = 30.
    let growth = key_figure(&a, "Growth of contract staff");
    assert!(close(growth.compare.as_ref().unwrap().percent_change.unwrap(), 30.0));
    // Units: 100 × 2800 / 9000 = 31.111…
    assert!(close(
        key_figure(&a, "IFRA employees' share of the research units' staff").value,
        100.0 * 2800.0 / 9000.0
    ));
    // Budget: 330 + 150 = 480 in 2021 against 300 + 120 = 420 in 2016.
    let budget = key_figure(&a, "Total budget");
    assert_eq!(budget.at, p("2021"));
    assert!(close(budget.value, 480.0));
    assert!(close(budget.compare.as_ref().unwrap().value, 420.0));
    // Coordination rates: 100 × 20 / 80 = 25 (Horizon 2020) against 100 × 9 / 60 = 15 (FP7).
    let rate = key_figure(&a, "Horizon 2020: share of projects IFRA coordinates");
    assert!(close(rate.value, 25.0));
    let fp7 = rate.compare.as_ref().unwrap();
    assert!(close(fp7.value, 15.0));
    assert_eq!(fp7.label.as_deref(), Some("FP7"));
    // The programme the data lack is listed, not an error.
    assert!(
        a.not_computed
            .iter()
            .any(|n| n.item == "key figure \"Horizon Europe: share of projects IFRA coordinates\""),
        "{:?}",
        a.not_computed
    );
    // Its own panels: specialisation of SH1 = 20 / 12, of SH2 = 8 / 12; its comparator: 1.1 / 1.4.
    let ratio = |ind: &str, subject: &str| {
        a.computed
            .rows
            .iter()
            .find(|r| r.indicator == ind && &*r.subject == subject)
            .unwrap_or_else(|| panic!("{ind} of {subject}"))
            .value
    };
    let sh = "share_of_french_publications.organisation";
    assert!(close(
        ratio(
            "specialisation_index",
            &format!("{sh}.SH1.fractional / {sh}.SH.fractional")
        ),
        20.0 / 12.0
    ));
    assert!(close(
        ratio(
            "specialisation_index",
            &format!("{sh}.SH2.fractional / {sh}.SH.fractional")
        ),
        8.0 / 12.0
    ));
    let mncs = "mean_normalised_citation_score";
    assert!(close(
        ratio(
            "relative_citation_score",
            &format!("{mncs}.organisation.SH / {mncs}.wur.SH")
        ),
        1.1 / 1.4
    ));
    assert!(!a.computed.rows.iter().any(|r| r.subject.contains(".LS")));
    // Projections from end 2016 and end 2021 to 2030. Linear: contract 910 + 9 × 42 = 1288,
    // permanent 2450 − 9 × 10 = 2360: no crossing by 2030.
    assert_eq!(a.projections.horizon, 2030);
    let perm = basis(&a, "staff.permanent.all");
    assert_eq!(
        (perm.year0, perm.value0, perm.year1, perm.value1),
        (2016, 2500.0, 2021, 2450.0)
    );
    let lin = orgmetrics::compute::projections::Method::LinearTrend;
    assert!(close(
        a.projections.value_at("staff.contract.all", lin, 2030).unwrap(),
        1288.0
    ));
    assert!(close(
        a.projections.value_at("staff.permanent.all", lin, 2030).unwrap(),
        2360.0
    ));
    assert!(a.projections.answers.iter().all(|x| x.first_year.is_none()));
}

#[test]
fn the_fictional_organisation_report_names_it_and_never_inserm() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    let o = run(&[
        "report",
        "--data",
        fixture().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("warning: not computed: key figure \"Horizon Europe"),
        "{stderr}"
    );
    for (path, bytes) in snapshot(&out) {
        let is_text = path.extension().is_none_or(|e| e != "png");
        if is_text {
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.to_lowercase().contains("inserm"),
                "{} mentions Inserm",
                path.display()
            );
        }
    }
    let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(summary.starts_with("# IFRA: test report"), "{summary}");
    assert!(
        summary.contains("| IFRA staff (headcount) | 3,360 persons | 31 Dec 2021 |"),
        "{summary}"
    );
    assert!(summary.contains("## Not computed"));
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("<title>IFRA: test report</title>"));
    let package = std::fs::read_to_string(out.join("datapackage.json")).unwrap();
    assert!(package.contains("\"name\": \"orgmetrics-ifra\""));
    // Every chart of its definition, from its own panels and programmes.
    for name in [
        "staff_by_status_group",
        "staff_percent_change",
        "staff_projection",
        "budget",
        "panels",
        "citations",
        "programmes",
    ] {
        assert!(out.join(format!("charts/{name}.svg")).is_file(), "chart {name}");
    }
    let svg = std::fs::read_to_string(out.join("charts/programmes.svg")).unwrap();
    // Projects per programme year: FP7 60 / 7 = 8.6 and 9 / 7 = 1.3; Horizon 2020 80 / 7 = 11.4 and 20 / 7 = 2.9.
    for v in ["\n8.6\n", "\n1.3\n", "\n11.4\n", "\n2.9\n", "FP7 (2007\u{2013}2013)"] {
        assert!(svg.contains(v), "{v} in programmes.svg");
    }
    let panels = std::fs::read_to_string(out.join("charts/panels.svg")).unwrap();
    assert!(
        panels.contains("Test panel one") && panels.contains("All social sciences (SH): 12%"),
        "panels.svg"
    );
}

/// The shipped data with the four end-2024 headcounts (taken as the end-2023 ones + 100 each).
fn with_2024() -> (tempfile::TempDir, PathBuf) {
    let (tmp, data) = data_copy();
    let path = data.join("workforce.csv");
    let mut text = std::fs::read_to_string(&path).unwrap();
    for (status, group, v) in [
        ("permanent", "scientists", 2280),
        ("permanent", "support", 2892),
        ("contract", "scientists", 1908),
        ("contract", "support", 2011),
    ] {
        text.push_str(&format!(
            "headcount,organisation,organisation,{status},{group},2024-12-31,{v},persons,,hceres2025,test,{v},,stated,test row\n"
        ));
    }
    std::fs::write(&path, text).unwrap();
    (tmp, data)
}

#[test]
fn a_new_year_reaches_the_key_figures_the_projections_and_the_staff_charts() {
    let (_tmp, data) = with_2024();
    let a = analyse(&data).unwrap();
    // 2280 + 2892 + 1908 + 2011 = 9091 at end 2024, compared with end 2018 (8794).
    let staff = key_figure(&a, "Inserm staff (headcount)");
    assert_eq!(staff.at, p("2024-12-31"));
    assert!(close(staff.value, 9091.0));
    assert_eq!(staff.compare.as_ref().unwrap().at, p("2018-12-31"));
    let contract = basis(&a, "staff.contract.all");
    assert_eq!((contract.year0, contract.year1, contract.value1), (2018, 2024, 3919.0));
    let perm = basis(&a, "staff.permanent.all");
    assert_eq!((perm.year1, perm.value1), (2024, 5172.0));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    let (_, rendered) = report::run(&svg_only(&data, &out)).unwrap();
    let svg = |name: &str| {
        let (_, b) = rendered
            .files
            .iter()
            .find(|(p, _)| p == &format!("charts/{name}.svg"))
            .unwrap_or_else(|| panic!("no chart {name}"));
        String::from_utf8_lossy(b).into_owned()
    };
    for name in ["workforce_by_status_group", "workforce_percent_change"] {
        let text = svg(name);
        assert!(text.contains("2024"), "{name} does not show 2024");
    }
    let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(
        summary.contains("| Inserm staff (headcount) | 9,091 persons | 31 Dec 2024 |"),
        "{summary}"
    );
}

#[test]
fn one_row_fewer_is_a_gap_not_an_error() {
    // workforce.csv:5 is the contract support staff at end 2018: every 2018 total that needs it
    // goes, the rest of the report stays.
    let (_tmp, data) = data_copy();
    let path = data.join("workforce.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[4].starts_with("headcount,organisation,organisation,contract,support,2018-12-31"));
    let kept: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 4)
        .map(|(_, l)| *l)
        .collect();
    std::fs::write(&path, kept.join("\n") + "\n").unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    let o = run_report(&data, &out);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
    let gaps = &summary[summary.find("## Not computed").unwrap()..];
    // The 2018 contract total is gone, so the claims on it are listed...
    assert!(gaps.contains("claim contract_2018"), "{gaps}");
    assert!(gaps.contains("claim contract_change"), "{gaps}");
    // ...and the contract-staff projection now starts at end 2019 (the release's total, 3106).
    let a = analyse(&data).unwrap();
    let contract = basis(&a, "staff.contract.all");
    assert_eq!((contract.year0, contract.value0), (2019, 3106.0));
    // Everything else unchanged: the budget, publication and EU figures are the shipped ones.
    let shipped = analyse(&data_dir()).unwrap();
    for r in shipped.computed.rows.iter().filter(|r| r.domain != "workforce") {
        let same = a
            .computed
            .rows
            .iter()
            .find(|x| x.indicator == r.indicator && x.subject == r.subject && x.from == r.from && x.to == r.to);
        assert!(
            same.is_some_and(|x| x.value == r.value),
            "{} of {} changed",
            r.indicator,
            r.subject
        );
    }
    assert_eq!(
        shipped.audit.iter().filter(|r| !r.subject.contains("staff")).count(),
        a.audit.iter().filter(|r| !r.subject.contains("staff")).count()
    );
}

/// The data files a row can be deleted from, and their data rows' line numbers.
fn data_rows(data: &Path) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for file in [
        "sources.csv",
        "workforce.csv",
        "budget.csv",
        "publications.csv",
        "eu_funding.csv",
        "claims.csv",
    ] {
        let text = std::fs::read_to_string(data.join(file)).unwrap();
        for i in 1..text.lines().count() {
            out.push((file.to_string(), i));
        }
    }
    out
}

/// Every `step`-th of `rows`, and the first and last row of each file.
fn sample(rows: Vec<(String, usize)>, step: usize) -> Vec<(String, usize)> {
    let last = |k: usize| rows.get(k + 1).is_none_or(|next| next.0 != rows[k].0);
    (0..rows.len())
        .filter(|&k| k % step == 0 || rows[k].1 == 1 || last(k))
        .map(|k| rows[k].clone())
        .collect()
}

/// Rewrites `file` keeping its header and the data rows `keep` says, each `times` over.
fn rewrite(data: &Path, file: &str, times: impl Fn(usize) -> usize) {
    let path = data.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let n = if i == 0 { 1 } else { times(i) };
        for _ in 0..n {
            out.push_str(line);
            out.push('\n');
        }
    }
    std::fs::write(&path, out).unwrap();
}

/// Runs the whole pipeline in process on `data` over an existing output: Ok, or invalid data
/// (exit 2) with the output untouched. Anything else (a panic, another error) fails the test.
/// Returns whether the run succeeded.
fn runs_or_is_rejected_cleanly(data: &Path, what: &str) -> bool {
    run_or_reject(data, what).is_ok()
}

/// As [`runs_or_is_rejected_cleanly`]; the rejection's message if the data were rejected.
fn run_or_reject(data: &Path, what: &str) -> Result<(), String> {
    let out = data.parent().unwrap().join("output");
    previous_output(&out, &[("keep.txt", "previous run")]);
    let before = snapshot(&out);
    match report::run(&svg_only(data, &out)) {
        Ok(_) => {
            assert!(out.join("index.html").is_file(), "{what}: no dashboard");
            Ok(())
        }
        Err(e) => {
            assert_eq!(e.exit_code(), 2, "{what}: {e}");
            assert_eq!(snapshot(&out), before, "{what}: output changed after a failed run");
            Err(e.to_string())
        }
    }
}

/// Each data row deleted in turn: every row where [`exhaustive`] (CI), a run each; otherwise
/// every thirty-second, and each file's first and last, so that `cargo test` stays quick.
#[test]
fn deleting_any_one_row_never_panics() {
    let (_tmp, data) = data_copy();
    let rows = data_rows(&data);
    assert!(rows.len() > 100, "{} rows", rows.len());
    let rows = if exhaustive() { rows } else { sample(rows, 32) };
    let originals: Vec<(String, String)> = [
        "sources.csv",
        "workforce.csv",
        "budget.csv",
        "publications.csv",
        "eu_funding.csv",
        "claims.csv",
    ]
    .iter()
    .map(|f| (f.to_string(), std::fs::read_to_string(data.join(f)).unwrap()))
    .collect();
    for (file, line) in rows {
        rewrite(&data, &file, |i| usize::from(i != line));
        let what = format!("without {file}:{}", line + 1);
        let ok = runs_or_is_rejected_cleanly(&data, &what);
        // A missing data row or claim is a gap, never invalid data; only a source the rows
        // still cite makes the data invalid.
        assert!(
            ok || file == "sources.csv",
            "{what}: rejected, but a gap is not an error"
        );
        let (_, text) = originals.iter().find(|(f, _)| *f == file).unwrap();
        std::fs::write(data.join(&file), text).unwrap();
    }
}

mod random_edits {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        // Each case a whole run: a few in `cargo test`, 24 in CI (`exhaustive`).
        #![proptest_config(ProptestConfig { cases: proptest_cases(2, 24), ..ProptestConfig::default() })]

        /// Each data row of each file is kept, deleted or duplicated at random: the run succeeds
        /// (gaps listed) or rejects the data (duplicate keys) with exit code 2, never panics.
        #[test]
        fn deleting_and_duplicating_random_rows_never_panics(
            seed in proptest::collection::vec(0u8..6, 160),
            duplicate in proptest::bool::ANY,
        ) {
            let (_tmp, data) = data_copy();
            let mut k = 0;
            for file in ["workforce.csv", "budget.csv", "publications.csv", "eu_funding.csv", "claims.csv"] {
                let offset = k;
                let n = std::fs::read_to_string(data.join(file)).unwrap().lines().count();
                k += n;
                // 0: delete, 1: duplicate, otherwise keep.
                rewrite(&data, file, |i| match seed.get((offset + i) % seed.len()).copied().unwrap_or(2) {
                    0 => 0,
                    1 if duplicate => 2,
                    _ => 1,
                });
            }
            let ok = runs_or_is_rejected_cleanly(&data, &format!("edits {seed:?}"));
            // Deletions alone leave gaps, which never make the data invalid.
            prop_assert!(ok || duplicate, "deletions only, but the data were rejected");
        }

        /// One field of one data row replaced by an awkward value (empty, signed, huge, tiny,
        /// not a number, another column's code, a reversed range, quotes, commas, other
        /// scripts) or by random text: the run succeeds, or rejects the data with exit code 2
        /// and a message naming the edited file, line and column. It never panics.
        #[test]
        fn any_one_field_replaced_runs_or_is_rejected_with_its_place(
            file in 0usize..9,
            row in any::<u16>(),
            column in any::<u8>(),
            value in prop_oneof![
                proptest::sample::select(vec![
                    "", " ", "-1", "-0", "0", "0.0000001", "1e308", "1e-320", "NaN", "inf",
                    "1,000", "1 000", "100.5", "99999999999999999999", "2019", "2019-02-30",
                    "2019-12-31", "2024/2019", "2019/2019", "2015/2024", "0000", "persons",
                    "percent", "EUR million", "organisation", "research_units", "total",
                    "permanent", "scientists", "approx", "less_than", "hceres2025", "\"",
                    "a,b", "line\nbreak", "é", "∞", "−1",
                ]).prop_map(str::to_string),
                "[ -~]{0,12}",
            ],
        ) {
            let (_tmp, data) = data_copy();
            let files = [
                "sources.csv", "workforce.csv", "budget.csv", "publications.csv", "eu_funding.csv", "claims.csv",
                // Files of the domains domains.toml declares.
                "careers.csv", "gender.csv", "units.csv",
            ];
            let name = files[file];
            let path = data.join(name);
            let mut records: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_path(&path)
                .unwrap()
                .records()
                .map(Result::unwrap)
                .collect();
            // A data row, not the header.
            let r = 1 + usize::from(row) % (records.len() - 1);
            let c = usize::from(column) % records[r].len();
            let mut fields: Vec<String> = records[r].iter().map(str::to_string).collect();
            fields[c] = value.clone();
            records[r] = csv::StringRecord::from(fields);
            let mut w = csv::Writer::from_path(&path).unwrap();
            for rec in &records {
                w.write_record(rec).unwrap();
            }
            w.flush().unwrap();
            let what = format!("{name}:{} column {} = {value:?}", r + 1, c + 1);
            if let Err(message) = run_or_reject(&data, &what) {
                // A source id changed or gone is reported where the rows cite it.
                let place = if name == "sources.csv" { ".csv:".to_string() } else { format!("{name}:") };
                prop_assert!(message.contains(&place), "{what}: the rejection names no place in {name}: {message}");
            }
        }

        /// One character of a settings file deleted, or one of TOML's tokens inserted: the run
        /// succeeds or rejects the data with exit code 2 and a file:line:column (of the TOML
        /// file, or of a data file its change made invalid), never panics.
        #[test]
        fn any_one_character_of_the_settings_changed_runs_or_is_rejected_with_a_place(
            file in 0usize..3,
            at in any::<u16>(),
            insert in proptest::option::of(proptest::sample::select(vec![
                "\"", "'", "[", "]", "[[", "=", ",", "#", "\n", "{", "}", "x", "1", "-", ".", " ", "é",
            ])),
        ) {
            let (_tmp, data) = data_copy();
            let name = ["organisation.toml", "report.toml", "domains.toml"][file];
            let path = data.join(name);
            let text = std::fs::read_to_string(&path).unwrap();
            let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            let i = starts[usize::from(at) % starts.len()];
            let edited = match insert {
                Some(token) => format!("{}{token}{}", &text[..i], &text[i..]),
                None => {
                    let len = text[i..].chars().next().map_or(0, char::len_utf8);
                    format!("{}{}", &text[..i], &text[i + len..])
                }
            };
            std::fs::write(&path, edited).unwrap();
            let what = format!("{name} at byte {i}: {insert:?}");
            if let Err(message) = run_or_reject(&data, &what) {
                prop_assert!(
                    message.contains(".toml:") || message.contains(".csv:"),
                    "{what}: the rejection names no place: {message}"
                );
            }
        }
    }
}

#[test]
fn init_writes_a_directory_that_validates_and_reports_its_gaps() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("cnrs");
    let o = run(&["init", dir.to_str().unwrap(), "--organisation", "CNRS"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in [
        "organisation.toml",
        "report.toml",
        "sources.csv",
        "workforce.csv",
        "budget.csv",
        "publications.csv",
        "eu_funding.csv",
        "claims.csv",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    let org = std::fs::read_to_string(dir.join("organisation.toml")).unwrap();
    assert!(
        org.contains("id = \"cnrs\"") && org.contains("short_name = \"CNRS\""),
        "{org}"
    );
    let o = run(&["validate", "--data", dir.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        stdout.contains("0 observations") && stdout.contains("the data cannot fill"),
        "{stdout}"
    );
    let out = tmp.path().join("output");
    let o = run(&[
        "report",
        "--data",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let summary = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(
        summary.starts_with("# CNRS: key indicators from its assessment"),
        "{summary}"
    );
    assert!(
        summary.contains("key figure \"CNRS staff (headcount)\": workforce.csv has no value of staff.all.all"),
        "{summary}"
    );
    // A second init into the same directory refuses to overwrite it.
    let o = run(&["init", dir.to_str().unwrap(), "--organisation", "CNRS"]);
    assert_eq!(o.status.code(), Some(1));
    // Nor does it write an id that validate would reject; a name that gives no code needs --id.
    for (name, id) in [
        ("CNRS", Some("panel")),
        ("CNRS", Some("A B")),
        ("Panel", None),
        ("∅", None),
    ] {
        let fresh = tmp.path().join("refused");
        let mut args = vec!["init", fresh.to_str().unwrap(), "--organisation", name];
        args.extend(id.iter().flat_map(|id| ["--id", id]));
        let o = run(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(stderr.contains("--id: expected a code"), "{args:?}");
        // The hint to give an id only when none was given.
        assert_eq!(
            stderr.contains("(give one with --id)"),
            id.is_none(),
            "{args:?}: {stderr}"
        );
        assert!(!fresh.exists(), "{args:?}");
    }
}

/// Every cell of every table under `out/tables/`.
fn table_cells(out: &Path) -> Vec<(String, String)> {
    let mut cells = Vec::new();
    for e in std::fs::read_dir(out.join("tables")).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        for rec in csv::Reader::from_path(&p).unwrap().records() {
            cells.extend(rec.unwrap().iter().map(|c| (name.clone(), c.to_string())));
        }
    }
    cells
}

/// "More than" and "less than" figures stand for ranges with one end open. The audit writes
/// that end empty; no table holds an infinity or a NaN.
#[test]
fn open_ended_figures_leave_their_range_open_and_no_table_holds_an_infinity() {
    let (_tmp, data) = data_copy();
    // A claim: at least 5,104 permanent staff at the end of 2018.
    replace_first(
        &data,
        "claims.csv",
        "2018-12-31,5104,persons,,",
        "2018-12-31,5104,persons,more_than,",
    );
    // Two data rows the audit recomputes claims from.
    replace_first(
        &data,
        "workforce.csv",
        "2018-12-31,2142,persons,,",
        "2018-12-31,2142,persons,more_than,",
    );
    replace_first(
        &data,
        "workforce.csv",
        "2018-12-31,2962,persons,,",
        "2018-12-31,2962,persons,less_than,",
    );
    let out = data.parent().unwrap().join("output");
    report::run(&svg_only(&data, &out)).unwrap();
    let audit = read_csv(&out.join("tables/audit.csv"));
    let claim = audit.iter().find(|r| r["id"] == "permanent_2018").unwrap();
    // More than 5,104: from 5,104 up, with no upper end.
    assert_eq!(
        (claim["stated_low"].as_str(), claim["stated_high"].as_str()),
        ("5104.000", "")
    );
    assert!(
        audit
            .iter()
            .any(|r| r["recomputed_low"].is_empty() || r["recomputed_high"].is_empty()),
        "no recomputed range left open: {audit:?}"
    );
    for (file, cell) in table_cells(&out) {
        let lower = cell.to_ascii_lowercase();
        assert!(
            !["inf", "-inf", "nan", "infinity"].contains(&lower.as_str()),
            "{file}: {cell}"
        );
    }
}

/// The shipped data with contract scientists' average age at two points, the year 2020 and
/// `date`, and a projection of it from the earlier to the later.
fn contract_ages_in_2020_and_at(date: &str) -> (tempfile::TempDir, PathBuf) {
    let (tmp, data) = data_copy();
    replace_first(
        &data,
        "workforce.csv",
        "average_age,organisation,organisation,contract,scientists,2024,30.8,",
        "average_age,organisation,organisation,contract,scientists,2020,30.8,",
    );
    let mut rows = std::fs::read_to_string(data.join("workforce.csv")).unwrap();
    rows.push_str(&format!(
        "average_age,organisation,organisation,contract,scientists,{date},29.8,years,,hceres2025,VII.3.a,29.8,,stated,test\n"
    ));
    std::fs::write(data.join("workforce.csv"), rows).unwrap();
    replace_first(
        &data,
        "report.toml",
        "[[projections.questions]]",
        "[[projections.series]]\nseries = \"age.contract.scientists\"\nfrom = \"earliest\"\nto = \"latest\"\n\n[[projections.questions]]",
    );
    (tmp, data)
}

/// A projection needs a horizon after its points and two points at different times. Without
/// them a question is not computed, with the reason; no answer says NaN.
#[test]
fn a_projection_without_a_trend_or_a_future_is_not_computed() {
    let (_tmp, data) = data_copy();
    replace_first(&data, "report.toml", "\nhorizon = 2035", "\nhorizon = 2020");
    let out = data.parent().unwrap().join("output");
    let (a, _) = report::run(&svg_only(&data, &out)).unwrap();
    let reasons: Vec<&str> = a.not_computed.iter().map(|n| n.reason.as_str()).collect();
    assert!(
        reasons.contains(&"age.permanent.scientists has no projected value in 2020: the horizon is not after its observed points (2015 and 2024)"),
        "{reasons:?}"
    );
    // Between the points as well: nothing is projected there.
    assert!(
        reasons.contains(&"staff.contract.all has no projected value in 2020: the horizon is not after its observed points (2018-12-31 and 2023-12-31)"),
        "{reasons:?}"
    );
    for page in ["summary.md", "index.html"] {
        let text = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(!text.contains("NaN"), "{page}");
    }

    // Mid-2020 and the year 2020 are the same calendar time (the year's middle).
    let (_tmp, data) = contract_ages_in_2020_and_at("2020-07-01");
    replace_first(
        &data,
        "report.toml",
        "[[projections.questions]]",
        "[[projections.questions]]\nquestion = \"Will contract scientists' average age exceed 31 by {horizon}?\"\nseries = \"age.contract.scientists\"\nthreshold = 31\n\n[[projections.questions]]",
    );
    let out = data.parent().unwrap().join("output");
    let (a, _) = report::run(&svg_only(&data, &out)).unwrap();
    assert!(
        a.not_computed.iter().any(|n| n
            .reason
            .contains("age.contract.scientists: its two points (2020-07-01 and 2020) are at the same time")),
        "{:?}",
        a.not_computed
    );
    for page in ["summary.md", "index.html"] {
        let text = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(!text.contains("NaN"), "{page}");
    }

    // At the last point's year: nothing is projected yet.
    let (_tmp, data) = data_copy();
    replace_first(&data, "report.toml", "\nhorizon = 2035", "\nhorizon = 2023");
    let out = data.parent().unwrap().join("output");
    let (a, _) = report::run(&svg_only(&data, &out)).unwrap();
    assert!(
        a.not_computed.iter().any(|n| n
            .reason
            .starts_with("staff.contract.all has no projected value in 2023")),
        "{:?}",
        a.not_computed
    );

    // The end of 2020 comes after the year 2020 (taken at its middle): no trend either.
    let (_tmp, data) = contract_ages_in_2020_and_at("2020-12-31");
    let out = data.parent().unwrap().join("output");
    let (a, _) = report::run(&svg_only(&data, &out)).unwrap();
    assert!(
        a.not_computed.iter().any(|n| n
            .reason
            .contains("age.contract.scientists: 2020 is before 2020-12-31 in time")),
        "{:?}",
        a.not_computed
    );
}
