//! Panels of organisations: `synth`, `report --all`, `--organisation`, `--tables-only` and the panel
//! tables, checked against values computed here from the synthetic files themselves.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;

#[test]
fn synth_writes_a_valid_labelled_reproducible_panel() {
    let (_a, one) = synth_panel(3, 6, 42);
    let (_b, two) = synth_panel(3, 6, 42);
    assert_eq!(snapshot(&one), snapshot(&two), "the same seed gives the same files");
    let (_c, other) = synth_panel(3, 6, 43);
    assert_ne!(snapshot(&one), snapshot(&other));
    let sources = std::fs::read_to_string(one.join("sources.csv")).unwrap();
    assert!(
        sources.contains("SYNTHETIC DATA: 3 fictional organisations"),
        "{sources}"
    );
    let o = run_ok(&["validate", "--data", one.to_str().unwrap(), "--all"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("3 organisations"));
    // Six year-ends of four staff groups, some rows left out as gaps.
    let w = read_csv(&one.join("org00001/workforce.csv"));
    let headcounts = w
        .iter()
        .filter(|r| r["measure"] == "headcount" && r["scope"] == "organisation")
        .count();
    assert!((18..=24).contains(&headcounts), "{headcounts}");
}

/// The latest year-end at which all four staff groups of `dir/workforce.csv` are given, and their
/// sum: the key figure `staff.all.all` at `latest`, worked out from the file.
fn staff_total(dir: &Path) -> (String, f64) {
    let mut by_date: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for r in read_csv(&dir.join("workforce.csv")) {
        if r["measure"] == "headcount" && r["scope"] == "organisation" {
            by_date
                .entry(r["period"].clone())
                .or_default()
                .push(r["value"].parse().unwrap());
        }
    }
    let (date, values) = by_date.iter().rev().find(|(_, v)| v.len() == 4).unwrap();
    (date.clone(), values.iter().sum())
}

/// synth says how much it will write before it writes, and refuses more than 10 GB unless told
/// to go on: a million organisations over a hundred years would write about 200 GB.
#[test]
fn synth_says_how_much_it_writes_and_refuses_a_disk_full_without_yes() {
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("big");
    let o = run(&[
        "synth",
        "--organisations",
        "1000000",
        "--years",
        "100",
        "--out",
        big.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        // About 195 GB, the estimate moving with the shared report definition's size.
        stderr.contains("1000000 organisations over 100 years would write about 19")
            && stderr.contains(" GB, more than 10.0 GB; give --yes to write them"),
        "{stderr}"
    );
    assert!(!big.exists(), "nothing is written");
    let small = tmp.path().join("small");
    let o = run(&[
        "synth",
        "--organisations",
        "3",
        "--years",
        "6",
        "--out",
        small.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    let written: u64 = snapshot(&small).values().map(|b| b.len() as u64).sum();
    let said: f64 = stderr
        .trim()
        .strip_prefix(&format!("{}: writing about ", small.display()))
        .and_then(|s| s.strip_suffix(" kB"))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(
        (said * 1000.0 / written as f64 - 1.0).abs() < 0.03,
        "{said} kB said, {written} bytes written"
    );
}

#[test]
fn all_and_one_organisation_give_the_same_report_and_the_panel_tables_agree() {
    let (tmp, dir) = synth_panel(4, 8, 7);
    let all = tmp.path().join("all");
    let o = succeeded(report_panel(&dir, &all, &[]));
    // No progress bar off a terminal: only the items not computed.
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.lines().all(|l| l.starts_with("warning: not computed in ")),
        "{stderr}"
    );
    let one = tmp.path().join("one");
    run_ok(&[
        "report",
        "--data",
        dir.to_str().unwrap(),
        "--organisation",
        "org00003",
        "--out",
        one.to_str().unwrap(),
    ]);
    let from_all = snapshot(&all.join("org00003"));
    assert!(from_all.len() > 20, "a full report: {} files", from_all.len());
    assert_eq!(from_all, snapshot(&one), "--all and --organisation differ for org00003");

    // key_figures.csv: one row per organisation; its staff total as the file gives it.
    let keys = read_csv(&all.join("panel/key_figures.csv"));
    assert_eq!(keys.len(), 4);
    for (i, row) in keys.iter().enumerate() {
        let id = format!("org{:05}", i + 1);
        assert_eq!(row["organisation"], id);
        let (date, total) = staff_total(&dir.join(&id));
        assert_eq!(row["organisation_staff_headcount_period"], date, "{id}");
        let v: f64 = row["organisation_staff_headcount"].parse().unwrap();
        assert!((v - total).abs() < 1e-6, "{id}: {v} against {total}");
    }
    // indicators.csv: every organisation's own indicators, long format, under the header the
    // docs/panels.md gives.
    let text = std::fs::read_to_string(all.join("panel/indicators.csv")).unwrap();
    assert_eq!(
        text.lines().next(),
        Some("organisation,indicator,label,domain,subject,from,to,value,unit")
    );
    let panel_rows = read_csv(&all.join("panel/indicators.csv"));
    for i in 1..=4 {
        let id = format!("org{i:05}");
        let own = read_csv(&all.join(&id).join("tables/indicators.csv"));
        let mine: Vec<_> = panel_rows.iter().filter(|r| r["organisation"] == id).collect();
        assert_eq!(mine.len(), own.len(), "{id}");
        for (p, o) in mine.iter().zip(&own) {
            for c in ["indicator", "label", "domain", "subject", "from", "to", "value", "unit"] {
                assert_eq!(p[c], o[c], "{id} {c}");
            }
        }
    }
}

/// `report --all` names what it could not compute: one line per item, however many
/// organisations miss it, with their number; a key figure named with `{org}`, not once per name.
#[test]
fn report_all_lists_the_items_not_computed_with_the_organisations_they_affect() {
    let (tmp, dir) = synth_panel(3, 6, 7);
    // The second organisation has no budget rows: its budget figures alone are not computed.
    let budget = dir.join("org00002/budget.csv");
    let header = std::fs::read_to_string(&budget)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    std::fs::write(&budget, format!("{header}\n")).unwrap();
    // The third has no researcher headcount at any year-end: its staff total is not computed.
    let workforce = dir.join("org00003/workforce.csv");
    let text = std::fs::read_to_string(&workforce).unwrap();
    let kept: Vec<&str> = text.lines().filter(|l| !l.contains(",permanent,scientists,")).collect();
    std::fs::write(&workforce, kept.join("\n") + "\n").unwrap();
    let o = succeeded(panel_tables_only(&dir, &tmp.path().join("out")));
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    for expected in [
        // Synthetic data have no footnote-122 balance: every organisation misses it.
        "warning: not computed in 3 of 3 organisations: key figure \"Spending funded by other revenues (balance basis)\": budget.csv has no value of other_revenue_balance.spending_from_other_revenues at the latest period: add its row there, or choose another period in report.toml",
        "warning: not computed in 1 of 3 organisations: key figure \"Total budget\": budget.csv has no value of budget_revenues.total at the latest period: add its row there, or choose another period in report.toml",
        "warning: not computed in 1 of 3 organisations: key figure \"{org} staff (headcount)\": workforce.csv has no value of staff.all.all at the latest period: add its row there, or choose another period in report.toml",
    ] {
        assert!(lines.contains(&expected), "expected {expected:?} in:\n{stderr}");
    }
    // The most missed first; every line counts organisations of this panel.
    assert!(
        lines[0].starts_with("warning: not computed in 3 of 3 organisations: "),
        "{stderr}"
    );
    let counts: Vec<usize> = lines
        .iter()
        .map(|l| {
            let n = l
                .strip_prefix("warning: not computed in ")
                .unwrap()
                .split(' ')
                .next()
                .unwrap();
            n.parse().unwrap()
        })
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{stderr}");
    // The summary line counts the items listed, each once, and the most organisations one affects.
    assert!(
        stdout.contains(&format!(
            "; {} item(s) not computed, in up to 3 organisation(s)",
            counts.len()
        )),
        "{stdout}\n{stderr}"
    );
}

#[test]
fn tables_only_writes_no_charts_summaries_or_dashboards() {
    let (tmp, dir) = synth_panel(2, 5, 3);
    let out = tmp.path().join("out");
    succeeded(panel_tables_only(&dir, &out));
    let files = snapshot(&out);
    assert!(files.keys().any(|p| p.ends_with("tables/indicators.csv")));
    assert!(files.keys().any(|p| p == Path::new("panel/key_figures.csv")));
    for p in files.keys() {
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or_default();
        assert!(matches!(ext, "csv" | "json"), "{}", p.display());
    }
}

#[test]
fn an_invalid_organisation_fails_the_panel_with_exit_2_and_leaves_the_output() {
    let (tmp, dir) = synth_panel(3, 4, 5);
    replace_first(&dir, "org00002/workforce.csv", ",persons,", ",people,");
    let out = tmp.path().join("out");
    previous_output(&out, &[("keep.txt", "previous")]);
    let o = report_panel(&dir, &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("org00002/workforce.csv:2:8 (column 'unit')"));
    assert_eq!(std::fs::read_to_string(out.join("keep.txt")).unwrap(), "previous");
}

#[test]
fn long_series_get_consecutive_pairs_and_pairs_from_the_first_or_to_the_last_period() {
    let (_tmp, dir) = synth_panel(2, 20, 11);
    // A member directory alone lacks the panel's shared files: load it as the panel does.
    let ds = orgmetrics::load::panel::load_panel(&dir, Some("org00001"))
        .unwrap()
        .pop()
        .unwrap();
    let a = orgmetrics::analysis::analyse_dataset(ds).unwrap();
    let mut checked = 0;
    for (id, s) in &a.computed.series {
        let n = s.points.iter().filter(|p| p.period.time().is_some()).count();
        if n < 2 {
            continue;
        }
        // Every pair for up to four periods; beyond, (n − 1) consecutive pairs, (n − 1) from the
        // first and (n − 1) to the last, less the three pairs counted twice: 3n − 6.
        let expected = if n <= 4 { n * (n - 1) / 2 } else { 3 * n - 6 };
        let rows = a
            .computed
            .rows
            .iter()
            .filter(|r| r.indicator == "percent_change" && *r.subject == **id)
            .count();
        assert_eq!(rows, expected, "{id}: {n} dated periods");
        checked += usize::from(n > 4);
    }
    assert!(checked >= 5, "long series checked: {checked}");
}

/// Two organisations with one id: in the same batch of 64 (checked on loading) and in different
/// batches (checked by the panel run), exit 2 naming the second one's file and the first's.
#[test]
fn two_organisations_with_one_id_fail_the_panel_with_exit_2() {
    let (tmp, dir) = synth_panel(65, 2, 9);
    for (second, first) in [("org00002", "org00001"), ("org00065", "org00003")] {
        let toml = dir.join(second).join("organisation.toml");
        let text = std::fs::read_to_string(&toml).unwrap();
        std::fs::write(
            &toml,
            text.replace(&format!("id = \"{second}\""), &format!("id = \"{first}\"")),
        )
        .unwrap();
        let out = tmp.path().join(format!("out-{second}"));
        let o = panel_tables_only(&dir, &out);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!("{second}/organisation.toml"))
                && stderr.contains(&format!("{first}/organisation.toml has it too")),
            "{stderr}"
        );
        assert!(!out.exists(), "no output for a failed panel");
        std::fs::write(&toml, text).unwrap();
    }
}

#[test]
fn a_panel_shares_its_declared_domains_with_every_organisation() {
    let (_t, dir) = synth_panel(2, 3, 7);
    std::fs::write(
        dir.join("domains.toml"),
        "[[domains]]\nid = \"teaching\"\ntitle = \"Teaching\"\n\n[[indicators]]\nid = \"teaching_share\"\ndomain = \"teaching\"\nlabel = \"Researchers who teach\"\nformula = \"share\"\na = \"teaching.researchers.teaching\"\nb = \"teaching.researchers.all\"\n",
    )
    .unwrap();
    // Org 1: 30 of 120 researchers teach (25%); org 2: 45 of 90 (50%).
    for (org, teach, all) in [("org00001", 30, 120), ("org00002", 45, 90)] {
        std::fs::write(
            dir.join(org).join("teaching.csv"),
            format!(
                "series,period,value,unit,qualifier,source,locator,note\n\
                 teaching.researchers.all,2020,{all},persons,,synthetic,1,test\n\
                 teaching.researchers.teaching,2020,{teach},persons,,synthetic,1,test\n"
            ),
        )
        .unwrap();
    }
    let out = dir.parent().unwrap().join("out");
    succeeded(panel_tables_only(&dir, &out));
    let rows = read_csv(&out.join("panel/indicators.csv"));
    let share = |org: &str| -> f64 {
        rows.iter()
            .find(|r| r["organisation"] == org && r["indicator"] == "teaching_share")
            .unwrap_or_else(|| panic!("no teaching_share for {org}"))["value"]
            .parse()
            .unwrap()
    };
    assert!((share("org00001") - 25.0).abs() < 1e-9);
    assert!((share("org00002") - 50.0).abs() < 1e-9);
    assert!(out.join("org00002/tables/teaching.csv").is_file());
    let manifest = std::fs::read_to_string(out.join("org00001/manifest.json")).unwrap();
    assert!(
        manifest.contains("domains.toml"),
        "the shared file is an input of each report"
    );
}

/// A panel's declared domain with the teaching files `rows` gives each organisation, in order.
fn teaching_panel(rows: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let (t, dir) = synth_panel(rows.len() as u32, 2, 5);
    std::fs::write(
        dir.join("domains.toml"),
        "[[domains]]\nid = \"teaching\"\ntitle = \"Teaching\"\n\n[[indicators]]\nid = \"t_diff\"\ndomain = \"teaching\"\nlabel = \"Students minus courses\"\nformula = \"difference\"\na = \"teaching.students.all\"\nb = \"teaching.courses.all\"\n",
    )
    .unwrap();
    for (i, body) in rows.iter().enumerate() {
        std::fs::write(
            dir.join(format!("org{:05}", i + 1)).join("teaching.csv"),
            format!("series,period,value,unit,qualifier,source,locator,note\n{body}"),
        )
        .unwrap();
    }
    (t, dir)
}

/// A series is one quantity in one unit, within an organisation and across a panel: otherwise
/// the organisations' figures would not compare, and a batch's plan would give one
/// organisation's rows another's unit. Rejected with the row's place.
#[test]
fn a_series_in_two_units_fails_with_exit_2() {
    let row = |unit: &str, year: u32| {
        format!(
            "teaching.students.all,{year},120,persons,,synthetic,1,t\nteaching.courses.all,{year},8,{unit},,synthetic,1,t\n"
        )
    };
    // Across the panel: org00002 counts courses in persons, org00001 in units.
    let (tmp, dir) = teaching_panel(&[&row("units", 2020), &row("persons", 2020)]);
    let out = tmp.path().join("out");
    let validate = ["validate", "--data", dir.to_str().unwrap(), "--all"];
    for (what, o) in [("report", panel_tables_only(&dir, &out)), ("validate", run(&validate))] {
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{what}: {stderr}");
        assert!(
            stderr.contains("org00002/teaching.csv:3:4 (column 'unit'): expected series teaching.courses.all in the unit the rest of the panel gives it ('units', ")
                && stderr.contains("org00001/teaching.csv:3), found 'persons'"),
            "{stderr}"
        );
    }
    assert!(!out.exists());
    // Across batches: the 65th organisation is alone in the second batch.
    let mut rows = vec![row("units", 2020); 64];
    rows.push(row("persons", 2020));
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let (tmp, dir) = teaching_panel(&rows);
    let out = tmp.path().join("out");
    let o = panel_tables_only(&dir, &out);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("org00065/teaching.csv:3:4 (column 'unit'): expected series teaching.courses.all"),
        "{stderr}"
    );
    assert!(!out.exists());
    // Within one organisation: two years in two units.
    let both = format!("{}{}", row("units", 2020), row("persons", 2021));
    let (_t, dir) = teaching_panel(&[&both]);
    let o = run(&["validate", "--data", dir.to_str().unwrap(), "--all"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("org00001/teaching.csv:5:4 (column 'unit'): expected the unit of series teaching.courses.all's other rows ('units', line 3), found 'persons'"),
        "{stderr}"
    );
    // Rows of two series interleaved over two years, both in other units than the panel's
    // first organisation gives them: one problem per series, not per row.
    let other = format!("{}{}", row("persons", 2020), row("persons", 2021)).replace("120,persons", "120,units");
    let (_t, dir) = teaching_panel(&[&row("units", 2020), &other]);
    let o = run(&["validate", "--data", dir.to_str().unwrap(), "--all"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("error: 2 problem(s) in the data"), "{stderr}");
    assert!(
        stderr.contains("org00002/teaching.csv:2:4 (column 'unit'): expected series teaching.students.all"),
        "{stderr}"
    );
    assert!(
        stderr.contains("org00002/teaching.csv:3:4 (column 'unit'): expected series teaching.courses.all"),
        "{stderr}"
    );
}

/// `--out` naming an organisation's directory of the panel, or the panel itself, would replace
/// its data: refused, exit 1, the data untouched.
#[test]
fn an_output_that_would_replace_an_organisations_data_is_refused() {
    let (_t, dir) = synth_panel(2, 2, 3);
    let member = dir.join("org00002");
    let before = snapshot(&member);
    for out in [member.clone(), dir.clone()] {
        for extra in [vec!["--all"], vec!["--organisation", "org00001"]] {
            let mut args = vec![
                "report",
                "--data",
                dir.to_str().unwrap(),
                "--tables-only",
                "--out",
                out.to_str().unwrap(),
            ];
            args.extend(extra);
            let o = run(&args);
            assert_eq!(
                o.status.code(),
                Some(1),
                "{args:?}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
    }
    assert_eq!(snapshot(&member), before);
}

/// A full `--all` loads the panel twice: first what places each organisation (its rows, not its
/// claims nor its documents), then each organisation in full before its report. Its problems are
/// those one full load of every batch in order gives: an earlier organisation's claim (batch 1)
/// before a later one's row (batch 2), and a claim alone still fails the run.
#[test]
fn a_full_run_reports_problems_in_the_order_of_the_organisations() {
    let (tmp, dir) = synth_panel(65, 2, 9);
    // org00001: a claims file of its own, its one claim in a unit no claim takes.
    std::fs::write(
        dir.join("org00001/claims.csv"),
        "id,indicator,subject,from,to,stated,unit,qualifier,source,locator,note\n\
         c1,value,staff.all.all,,2017-12-31,100,furlongs,,synthetic,synthetic,\n",
    )
    .unwrap();
    let claim = "org00001/claims.csv:2:7 (column 'unit')";
    let o = report_panel(&dir, &tmp.path().join("out-claim"), &[]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(claim), "{stderr}");
    // org00065, in the second batch: a row in a unit the vocabulary lacks.
    replace_first(&dir, "org00065/workforce.csv", ",persons,", ",people,");
    let o = report_panel(&dir, &tmp.path().join("out-both"), &[]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(claim) && !stderr.contains("org00065"), "{stderr}");
}
