//! The report on the shipped data: every figure against values worked out by hand
//! (tests/expected/), the projections, and byte-for-byte reproducibility.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

/// One report run shared by the tests of this file.
fn report() -> &'static Path {
    static OUT: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    OUT.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        report_into(&tmp.path().join("output"));
        tmp
    })
    .path()
}

fn out(rel: &str) -> std::path::PathBuf {
    report().join("output").join(rel)
}

fn key(r: &BTreeMap<String, String>) -> (String, String, String, String) {
    (
        r["indicator"].clone(),
        r["subject"].clone(),
        r["from"].clone(),
        r["to"].clone(),
    )
}

#[test]
fn contract_staff_growth_is_3719_over_2690() {
    let rows = read_csv(&out("tables/indicators.csv"));
    let r = rows
        .iter()
        .find(|r| {
            r["indicator"] == "percent_change"
                && r["subject"] == "staff.contract.all"
                && r["from"] == "2018-12-31"
                && r["to"] == "2023-12-31"
        })
        .expect("the row exists");
    let v: f64 = r["value"].parse().unwrap();
    assert!((v - 100.0 * (3719.0 / 2690.0 - 1.0)).abs() < 1e-6, "{v}");
    assert_eq!(
        r["inputs"],
        "workforce.csv:4, workforce.csv:5; workforce.csv:11, workforce.csv:12"
    );
    assert_eq!(r["computation"], "100 × (3719 / 2690 − 1)");
}

/// Each formula shape names its operands' data rows in formula order, one group per operand,
/// with the numbers it read: checked against the lines of data/ by hand.
#[test]
fn data_rows_and_computations_follow_the_operands() {
    let rows = read_csv(&out("tables/indicators.csv"));
    let find = |indicator: &str, from: &str, to: &str, subject_has: &str| {
        rows.iter()
            .find(|r| {
                r["indicator"] == indicator && r["from"] == from && r["to"] == to && r["subject"].contains(subject_has)
            })
            .unwrap_or_else(|| panic!("no {indicator} {from} {to}"))
    };
    // Growth of spending from other revenues (257 on line 16 to 374 on line 17 of budget.csv)
    // less that of other revenues (335 on line 14 to 411 on line 15): four groups.
    let gap = find("growth_gap", "2019", "2023", "spending_from_other_revenues");
    assert_eq!(gap["computation"], "100 × (374 / 257 − 1) − 100 × (411 / 335 − 1)");
    assert_eq!(
        gap["inputs"],
        "budget.csv:16; budget.csv:17; budget.csv:14; budget.csv:15"
    );
    // The State subsidy (708, line 4) over the total, the derived sum of the subsidy and other
    // revenues (lines 4 and 12): the whole's group holds both.
    let share = find("share_of_total_budget", "", "2023", "state_subsidy");
    assert_eq!(share["computation"], "100 × 708 / 1148");
    assert_eq!(share["inputs"], "budget.csv:4; budget.csv:4, budget.csv:12");
    // Horizon 2020 participations (396, line 4 of eu_funding.csv) over its 7 years: one group.
    let per_year = find("per_programme_year", "", "2014/2020", "horizon_2020.participations");
    assert_eq!(per_year["computation"], "396 / 7");
    assert_eq!(per_year["inputs"], "eu_funding.csv:4");
}

#[test]
fn every_indicator_matches_its_hand_computed_value() {
    let expected = read_csv(&repo().join("tests/expected/indicators.csv"));
    let actual: BTreeMap<_, _> = read_csv(&out("tables/indicators.csv"))
        .into_iter()
        .map(|r| (key(&r), r))
        .collect();
    let mut problems = Vec::new();
    for e in &expected {
        let want = eval(&e["expected"]);
        let tol: f64 = e["tolerance"].parse().unwrap();
        match actual.get(&key(e)) {
            None => problems.push(format!("missing: {:?}", key(e))),
            Some(a) => {
                let got: f64 = a["value"].parse().unwrap();
                if (got - want).abs() > tol {
                    problems.push(format!("{:?}: expected {want} ({}), got {got}", key(e), e["expected"]));
                }
            }
        }
    }
    let expected_keys: std::collections::BTreeSet<_> = expected.iter().map(key).collect();
    for k in actual.keys().filter(|k| !expected_keys.contains(*k)) {
        problems.push(format!("not in tests/expected/indicators.csv: {k:?}"));
    }
    assert!(
        problems.is_empty(),
        "{} mismatch(es):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_catalogue_indicator_produces_a_row() {
    let a = orgmetrics::analysis::analyse(&data_dir()).unwrap();
    let silent: Vec<String> = a
        .computed
        .catalogue
        .iter()
        .enumerate()
        .filter(|(i, _)| !a.computed.rows.iter().any(|r| r.entry == *i))
        .map(|(_, ind)| format!("{} of {}", ind.id, ind.formula.subject()))
        .collect();
    assert!(silent.is_empty(), "catalogue entries with no row: {silent:?}");
}

/// The indexed lookups find what a search of every row finds: each row by its indicator, subject
/// and periods, and each indicator's single-period rows of a subject, in period order.
#[test]
fn indexed_lookups_agree_with_a_search_of_the_rows() {
    let a = orgmetrics::analysis::analyse(&data_dir()).unwrap();
    let c = &a.computed;
    assert!(c.rows.len() > 100, "{} rows", c.rows.len());
    for r in &c.rows {
        let found = c
            .find(r.indicator, &r.subject, r.from.as_ref(), &r.to)
            .unwrap_or_else(|| panic!("{} of {} at {} not found", r.indicator, r.subject, r.to));
        assert_eq!((found.from, found.to, found.value), (r.from, r.to, r.value));
        let mut expected: Vec<_> = c
            .rows
            .iter()
            .filter(|x| x.indicator == r.indicator && x.subject == r.subject && x.from.is_none())
            .collect();
        expected.sort_by_key(|x| x.to.order_key());
        let points = c.indicator_points(r.indicator, &r.subject);
        assert_eq!(
            points.iter().map(|x| (x.to, x.value)).collect::<Vec<_>>(),
            expected.iter().map(|x| (x.to, x.value)).collect::<Vec<_>>(),
            "{} of {}",
            r.indicator,
            r.subject
        );
    }
    assert!(
        c.find("percent_change", "no.such.series", None, &c.rows[0].to)
            .is_none()
    );
    assert!(c.indicator_points("no_such_indicator", &c.rows[0].subject).is_empty());
}
#[test]
fn every_series_belongs_to_the_domain_of_its_file() {
    let a = orgmetrics::analysis::analyse(&data_dir()).unwrap();
    for o in &a.dataset.observations {
        let file_domain = o.file.trim_end_matches(".csv");
        assert_eq!(a.dataset.domain_of(&o.series), file_domain, "{}", o.row_ref());
    }
    for d in orgmetrics::compute::catalogue::DERIVED_SERIES {
        assert_ne!(a.dataset.domain_of(d.id), "unknown", "{}", d.id);
    }
}

#[test]
fn every_series_with_two_dated_periods_gets_growth_indicators() {
    let a = orgmetrics::analysis::analyse(&data_dir()).unwrap();
    let missing: Vec<&String> = a
        .computed
        .series
        .iter()
        .filter(|(_, s)| s.points.iter().filter(|p| p.period.time().is_some()).count() >= 2)
        .map(|(id, _)| id)
        .filter(|id| {
            !["absolute_change", "percent_change", "cagr"].iter().all(|ind| {
                a.computed
                    .rows
                    .iter()
                    .any(|r| r.indicator == *ind && *r.subject == ***id)
            })
        })
        .collect();
    assert!(
        missing.is_empty(),
        "series with two or more dates but no growth indicators: {missing:?}"
    );
    // The staff and budget series of the data dictionary are among them (not an empty pass).
    for id in [
        "staff.all.all",
        "budget_revenues.state_subsidy",
        "eu.all.european_funding",
    ] {
        assert!(
            a.computed
                .rows
                .iter()
                .any(|r| r.indicator == "cagr" && &*r.subject == id),
            "{id}"
        );
    }
}

#[test]
fn every_claim_matches_its_hand_computed_recomputation_and_verdict() {
    let expected = read_csv(&repo().join("tests/expected/claims.csv"));
    let actual: BTreeMap<String, _> = read_csv(&out("tables/audit.csv"))
        .into_iter()
        .map(|r| (r["id"].clone(), r))
        .collect();
    let mut problems = Vec::new();
    for e in &expected {
        let Some(a) = actual.get(&e["id"]) else {
            problems.push(format!("missing audit row {}", e["id"]));
            continue;
        };
        let want = eval(&e["recomputed"]);
        let got: f64 = a["recomputed"].parse().unwrap();
        let tol: f64 = e["tolerance"].parse().unwrap();
        if (got - want).abs() > tol {
            problems.push(format!(
                "{}: recomputed {got}, expected {want} ({})",
                e["id"], e["recomputed"]
            ));
        }
        if a["verdict"] != e["verdict"] {
            problems.push(format!(
                "{}: verdict {}, expected {}",
                e["id"], a["verdict"], e["verdict"]
            ));
        }
    }
    assert_eq!(
        actual.len(),
        expected.len(),
        "audit rows and expected rows differ in number"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn eu_funding_plus_60_percent_is_rounding_with_the_stated_gap() {
    let rows = read_csv(&out("tables/audit.csv"));
    let r = rows.iter().find(|r| r["id"] == "eu_funding_change_budget").unwrap();
    assert_eq!(r["verdict"], "rounding");
    let lo: f64 = r["recomputed_low"].parse().unwrap();
    let hi: f64 = r["recomputed_high"].parse().unwrap();
    assert!(
        (lo - 100.0 * (78.5 / 49.5 - 1.0)).abs() < 1e-3 && (hi - 100.0 * (79.5 / 48.5 - 1.0)).abs() < 1e-3,
        "{lo} {hi}"
    );
    let diff: f64 = r["difference"].parse().unwrap();
    assert!((diff - (100.0 * (79.0 / 49.0 - 1.0) - 60.0)).abs() < 1e-3);
}

#[test]
fn projections_cross_in_2028_and_2029_and_age_exceeds_54_in_2033() {
    let a = orgmetrics::analysis::analyse(&data_dir()).unwrap();
    let crossing: Vec<(&str, Option<i32>)> = a
        .projections
        .answers
        .iter()
        .filter(|x| x.question.starts_with("Will contract"))
        .map(|x| (x.method.id(), x.first_year))
        .collect();
    // Constant CAGR: contract 2690 → 3719 and permanent 5104 → 4972 over 5 years; the curves meet
    // t years after end 2023 with 3719·g_c^t = 4972·g_p^t.
    let gc = (3719.0f64 / 2690.0).powf(0.2);
    let gp = (4972.0f64 / 5104.0).powf(0.2);
    let t = (4972.0f64 / 3719.0).ln() / (gc / gp).ln();
    assert!((4.0..5.0).contains(&t), "{t}"); // so the first year-end past the crossing is 2028
    // Linear: +205.8 and −26.4 a year from end 2023.
    let t_lin = (4972.0 - 3719.0) / ((3719.0 - 2690.0) / 5.0 + (5104.0 - 4972.0) / 5.0);
    assert!((5.0..6.0).contains(&t_lin), "{t_lin}"); // first year-end: 2029
    assert_eq!(
        crossing,
        vec![("constant_cagr", Some(2028)), ("linear_trend", Some(2029))]
    );
    // The crossings fall during 2028 (end 2023 + 4.x years) and 2029; the values in 2035 to two
    // significant figures: 3719·(3719/2690)^(12/5) = 8,092 and 4972·(4972/5104)^(12/5) = 4,669.
    let texts: Vec<&str> = a
        .projections
        .answers
        .iter()
        .filter(|x| x.question.starts_with("Will contract"))
        .map(|x| x.answer.as_str())
        .collect();
    assert!(
        texts[0].starts_with("Yes: the trend lines cross during 2028,"),
        "{}",
        texts[0]
    );
    assert!(
        texts[0].ends_with("in 2035, about 8,100 contract staff against about 4,700 permanent staff."),
        "{}",
        texts[0]
    );
    assert!(
        texts[1].starts_with("Yes: the trend lines cross during 2029,"),
        "{}",
        texts[1]
    );
    let ages: Vec<(Option<i32>, String)> = a
        .projections
        .answers
        .iter()
        .filter(|x| x.question.contains("age"))
        .map(|x| (x.first_year, x.values_at_horizon.clone()))
        .collect();
    // 2015: 51.5 − 2.6 = 48.9. Linear: 51.5 + 11 × 2.6 / 9 = 54.68; CAGR: 51.5 × (51.5/48.9)^(11/9) = 54.86.
    // Above 54 first in 2033 for both (linear: 51.5 + 9 × 2.6 / 9 = 54.1; 2032: 53.81).
    assert_eq!(
        ages,
        vec![
            (Some(2033), "about 54.9 years in 2035".to_string()),
            (Some(2033), "about 54.7 years in 2035".to_string())
        ]
    );
    let rows = read_csv(&out("tables/projections.csv"));
    let at = |series: &str, method: &str, year: &str| -> f64 {
        rows.iter()
            .find(|r| r["series"] == series && r["method"] == method && r["year"] == year)
            .unwrap()["value"]
            .parse()
            .unwrap()
    };
    assert!((at("staff.contract.all", "linear_trend", "2035") - (3719.0 + 12.0 * 1029.0 / 5.0)).abs() < 0.01);
    assert!(
        (at("staff.permanent.all", "constant_cagr", "2035") - 4972.0 * (4972.0f64 / 5104.0).powf(12.0 / 5.0)).abs()
            < 0.01
    );
}

#[test]
fn summary_tables_are_wide_with_fixed_precision() {
    let rows = read_csv(&out("tables/workforce.csv"));
    let r = rows.iter().find(|r| r["series"] == "staff.contract.all").unwrap();
    assert_eq!(
        (
            r["2018-12-31"].as_str(),
            r["2019-12-31"].as_str(),
            r["2023-12-31"].as_str()
        ),
        ("2690", "3106", "3719")
    );
    assert_eq!(r["percent_change_first_to_last (percent)"], "38.25");
    let text = std::fs::read_to_string(out("tables/budget.csv")).unwrap();
    assert!(!text.contains("e+") && !text.contains("e-"), "no scientific notation");
    let b = read_csv(&out("tables/budget.csv"));
    let s = b
        .iter()
        .find(|r| r["series"] == "share_of_total_budget: budget_revenues.state_subsidy / budget_revenues.total")
        .unwrap();
    assert_eq!(s["2023"], "61.67");
}

#[test]
fn two_runs_write_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let again = tmp.path().join("again");
    report_into(&again);
    let a = snapshot(&report().join("output"));
    let b = snapshot(&again);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(v == &b[k], "{} differs between runs", k.display());
    }
}

#[test]
fn audit_command_prints_the_table_and_strict_fails_on_inconsistencies() {
    let o = run(&["audit", "--data", data_dir().to_str().unwrap()]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.starts_with("verdict"), "{text}");
    assert!(text.contains("eu_funding_change_budget") && text.contains("inconsistent"));
    let o = run(&["audit", "--data", data_dir().to_str().unwrap(), "--strict"]);
    assert_eq!(o.status.code(), Some(3));
}

#[test]
fn an_undated_claim_is_compared_at_the_only_period_the_data_give_and_says_so() {
    let rows = read_csv(&out("tables/audit.csv"));
    let r = rows.iter().find(|r| r["id"] == "full_count_share_cop").unwrap();
    // claims.csv gives no period (the Cop does not); the data give 36% for 2018/2022 only.
    assert_eq!(r["to"], "2018/2022");
    // 40% against 36.0%, "approximately" (±5% of 40, 38 to 42): inconsistent at that period,
    // but the document gives none, so uncertain, and the note says so first.
    assert!(
        r["note"].starts_with(
            "Uncertain: undated in the document: compared with the only period the data give (2018/2022)."
        ),
        "{}",
        r["note"]
    );
    assert_eq!(r["verdict"], "uncertain");
    assert_eq!(r["dated"], "inferred");
}

/// The values alone (`RowTexts::Values`, what a panel's rows and its first pass compute): the
/// same rows as every computation, without their texts, and the same values listed as not
/// computed, each with its computation (a percent change from zero here).
#[test]
fn the_values_alone_are_the_rows_without_their_computations() {
    use orgmetrics::compute::indicators::{RowTexts, compute_all, compute_some};
    let (_tmp, data) = common::data_copy();
    // Permanent scientists at the end of 2018: none, so every percent change from then has none.
    common::set_cell(&data.join("workforce.csv"), 2, "value", "0");
    let ds = orgmetrics::load::load(&data).expect("the edited data load");
    let full = compute_all(&[&ds]).unwrap().pop().unwrap();
    let values = compute_some(&[&ds], &|_| true, RowTexts::Values)
        .unwrap()
        .pop()
        .unwrap();
    assert!(!full.gaps.is_empty(), "a percent change from zero is not computed");
    assert_eq!(values.gaps, full.gaps);
    // workforce.csv: 1,484 contract scientists at the end of 2018, 2,156 permanent ones a year
    // later, 2,180 five years later.
    let reasons: Vec<&str> = full.gaps.iter().map(|g| g.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "1484 / 0 is not a finite number",
            "100 × (2156 / 0 − 1) is not a finite number",
            "100 × (2180 / 0 − 1) is not a finite number",
            "100 × ((2156 / 0)^(1 / 1) − 1) is not a finite number",
            "100 × ((2180 / 0)^(1 / 5) − 1) is not a finite number",
        ]
    );
    assert_eq!(values.rows.len(), full.rows.len());
    for (v, f) in values.rows.iter().zip(&full.rows) {
        assert!(v.computation.is_empty() && !f.computation.is_empty());
        let mut f = f.clone();
        f.computation.clear();
        assert_eq!(*v, f);
    }
}
