//! Report definitions do what their keys say, or `validate` says where and why not: key figures,
//! domain tables, workforce scopes, claim units and codes made from names. Expected values are
//! worked out by hand in the comments.

mod common;

use std::path::Path;

use common::*;
use orgmetrics::analysis::analyse;
use orgmetrics::render::tables::{Table, build_all};

/// The table named `name` of the analysis of `data`, as header and rows of cells.
fn table(data: &Path, name: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let a = analyse(data).unwrap();
    let tables = build_all(&a);
    let t: &Table = tables.iter().find(|t| t.name == name).unwrap();
    let rows = (0..t.len()).map(|r| t.row(r).map(String::from).collect()).collect();
    (t.header.clone(), rows)
}

/// The cell of the row whose first cell is `first`, in column `col`.
fn cell<'a>(t: &'a (Vec<String>, Vec<Vec<String>>), first: &str, col: &str) -> &'a str {
    let i =
        t.0.iter()
            .position(|h| h == col)
            .unwrap_or_else(|| panic!("no column {col}"));
    let row =
        t.1.iter()
            .find(|r| r[0] == first)
            .unwrap_or_else(|| panic!("no row {first}"));
    &row[i]
}

fn append(data: &Path, file: &str, text: &str) {
    let path = data.join(file);
    let mut s = std::fs::read_to_string(&path).unwrap();
    s.push_str(text);
    std::fs::write(path, s).unwrap();
}

#[test]
fn domain_tables_put_period_columns_in_time_order() {
    // units.csv has 2012, 2019-12-31, 2022, 2023-12-31, 2020/2023 (ending in 2023, after its
    // last day) and 2025; as text, 2020/2023 came third.
    let t = table(&data_dir(), "units");
    let periods: Vec<&str> = t.0[3..9].iter().map(String::as_str).collect();
    assert_eq!(
        periods,
        ["2012", "2019-12-31", "2022", "2023-12-31", "2020/2023", "2025"]
    );
}

#[test]
fn an_indicator_with_two_dates_has_its_percent_change_and_cagr() {
    let (_tmp, data) = data_copy();
    // End 2019: 40% of permanent researchers and 32% of directeurs de recherche are women, a
    // glass ceiling index of 40 / 32 = 1.25; end 2023: 46 / 39.
    append(
        &data,
        "gender.csv",
        "gender.women_share.permanent_researchers,2019-12-31,40,percent,,hceres2025,VII.3.c,40%,,stated,\n\
         gender.women_share.directeurs_de_recherche,2019-12-31,32,percent,,hceres2025,VII.3.c,32%,,stated,\n",
    );
    let t = table(&data, "gender");
    let row =
        "glass_ceiling_index: gender.women_share.permanent_researchers / gender.women_share.directeurs_de_recherche";
    assert_eq!(cell(&t, row, "2019-12-31"), "1.250");
    assert_eq!(cell(&t, row, "2023-12-31"), "1.179");
    // 100 × ((46 / 39) / 1.25 − 1) = −5.641; over the four years from the end of 2019 to the
    // end of 2023: 100 × (0.943590^(1/4) − 1) = −1.441.
    let pct = eval("100 * ((46 / 39) / (40 / 32) - 1)");
    assert_eq!(
        cell(&t, row, "percent_change_first_to_last (percent)"),
        format!("{pct:.2}")
    );
    assert_eq!(cell(&t, row, "percent_change_first_to_last (percent)"), "-5.64");
    let cagr = 100.0 * ((pct / 100.0 + 1.0).powf(0.25) - 1.0);
    assert_eq!(
        cell(&t, row, "cagr_first_to_last (percent per year)"),
        format!("{cagr:.2}")
    );
    assert_eq!(cell(&t, row, "cagr_first_to_last (percent per year)"), "-1.44");
    // An indicator at one period still has none.
    let one = "career_ladder_step: gender.women_share.heads_of_units - gender.women_share.directeurs_de_recherche";
    assert_eq!(cell(&t, one, "percent_change_first_to_last (percent)"), "");
}

/// The shipped data with the contract staff's share (an indicator) headlined as a change.
fn contract_share_as_a_change() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, data) = data_copy();
    replace_first(
        &data,
        "report.toml",
        "subject = \"staff.contract.all / staff.all.all\"\nat = \"latest\"\ncompare = \"earliest\"\n",
        "subject = \"staff.contract.all / staff.all.all\"\nat = \"latest\"\ncompare = \"earliest\"\nheadline = \"change\"\n",
    );
    (tmp, data)
}

#[test]
fn an_indicator_headlined_as_a_change_shows_its_change_in_points() {
    let (_tmp, data) = contract_share_as_a_change();
    let a = analyse(&data).unwrap();
    let k = a
        .key_figures
        .iter()
        .find(|k| k.label == "Contract staff, share of all staff")
        .unwrap();
    // End 2018: contract staff 1484 + 1206 = 2690 of 2142 + 2962 + 2690 = 7794 (34.51%); end
    // 2023: 1808 + 1911 = 3719 of 2180 + 2792 + 3719 = 8691 (42.79%): +8.28 points.
    let change = eval("100 * (3719 / 8691) - 100 * (2690 / 7794)");
    assert!((k.change().unwrap() - change).abs() < 1e-9, "{:?}", k.change());
    let card = orgmetrics::render::cards::card(&a.dataset, k);
    assert_eq!(card.value, "+8.3 pp");
    assert_eq!(card.change.as_deref(), Some("34.5% \u{2192} 42.8%"));
    assert_eq!(card.period, "31 Dec 2018 \u{2192} 31 Dec 2023");
}

#[test]
fn a_panel_writes_an_indicators_change_where_its_headline_is_one() {
    let (tmp, data) = contract_share_as_a_change();
    let panel = tmp.path().join("panel");
    std::fs::create_dir(&panel).unwrap();
    std::fs::rename(&data, panel.join("inserm")).unwrap();
    let out = tmp.path().join("out");
    let o = run(&[
        "report",
        "--data",
        panel.to_str().unwrap(),
        "--all",
        "--tables-only",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = read_csv(&out.join("panel/key_figures.csv"));
    let change = eval("100 * (3719 / 8691) - 100 * (2690 / 7794)");
    assert_eq!(rows[0]["contract_staff_share_of_all_staff"], format!("{change:.6}"));
    assert_eq!(
        rows[0]["contract_staff_share_of_all_staff_period"],
        "2018-12-31/2023-12-31"
    );
}

/// The problems `validate` prints for the shipped data with `from` replaced by `to` in `file`.
fn validate_with(file: &str, from: &str, to: &str) -> String {
    let (_tmp, data) = data_copy();
    replace_first(&data, file, from, to);
    let o = run(&["validate", "--data", data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stdout));
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_change_without_a_second_period_or_with_another_subject_is_refused_where_it_is_written() {
    // The support staff's share has no `compare`.
    let e = validate_with(
        "report.toml",
        "subject = \"staff.all.support / staff.all.all\"\nat = \"latest\"\n",
        "subject = \"staff.all.support / staff.all.all\"\nat = \"latest\"\nheadline = \"change\"\n",
    );
    let line = std::fs::read_to_string(data_dir().join("report.toml"))
        .unwrap()
        .lines()
        .position(|l| l == "subject = \"staff.all.support / staff.all.all\"")
        .unwrap()
        + 3;
    assert!(e.contains(&format!("report.toml:{line}:")), "{e}");
    assert!(
        e.contains("no `compare` in key figure \"Support staff, share of all staff\""),
        "{e}"
    );
    // The Horizon Europe coordination rate is compared with Horizon 2020's.
    let e = validate_with(
        "report.toml",
        "at = \"latest\"\ncompare_subject",
        "at = \"latest\"\nheadline = \"change\"\ncompare_subject",
    );
    assert!(e.contains("a change is between two periods of one subject"), "{e}");
    assert!(e.contains("a `compare_subject` in key figure"), "{e}");
}

/// The line of `data/workforce.csv` a row appended to it takes.
fn next_line(file: &str) -> usize {
    std::fs::read_to_string(data_dir().join(file)).unwrap().lines().count() + 1
}

#[test]
fn a_workforce_measure_the_units_scope_has_not_is_refused_at_its_scope() {
    let line = next_line("workforce.csv");
    for row in [
        // It would build age.all.all, the organisation's average age.
        "average_age,research_units,all,all,all,2024,45.0,years,,hceres2025,VII.3.a,45.0,,stated,\n",
        // It would build unit_fte_share.organisation, a share of the units' staff.
        "fte_share,organisation,organisation,permanent,scientists,2022,30,percent,,hceres2025,VII.3.a,30%,,stated,\n",
    ] {
        let (_tmp, data) = data_copy();
        append(&data, "workforce.csv", row);
        let o = run(&["validate", "--data", data.to_str().unwrap()]);
        let e = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{row}: {e}");
        assert!(
            e.contains(&format!("workforce.csv:{line}:2 (column 'scope'): expected '")),
            "{e}"
        );
    }
}

#[test]
fn only_headcounts_of_the_organisation_are_double_counts_of_their_parts() {
    let (_tmp, data) = data_copy();
    // The average age of all permanent staff beside its two groups' is no double count: an
    // average is no sum.
    append(
        &data,
        "workforce.csv",
        "average_age,organisation,organisation,permanent,all,2024,49.8,years,,hceres2025,VII.3.a,49.8,,stated,\n",
    );
    let a = analyse(&data).unwrap();
    let p = a.computed.point("age.permanent.all", &"2024".parse().unwrap()).unwrap();
    assert_eq!(p.value, 49.8);
    // A headcount total beside its parts still is: 2180 + 2792 permanent staff at end 2023.
    let line = next_line("workforce.csv");
    append(
        &data,
        "workforce.csv",
        "headcount,organisation,organisation,permanent,all,2023-12-31,4972,persons,,hceres2025,VII.3.a,\"4,972\",,stated,\n",
    );
    let o = run(&["validate", "--data", data.to_str().unwrap()]);
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains(&format!("workforce.csv:{}:", line + 1)), "{e}");
    assert!(
        e.contains("staff.permanent.scientists + staff.permanent.support"),
        "{e}"
    );
}

fn add_claim(data: &Path, row: &str) -> usize {
    let line = std::fs::read_to_string(data.join("claims.csv"))
        .unwrap()
        .lines()
        .count()
        + 1;
    append(data, "claims.csv", &format!("{row}\n"));
    line
}

#[test]
fn an_average_age_can_be_claimed_in_years() {
    let (_tmp, data) = data_copy();
    // Permanent researchers' average age in 2024 is 51.5 in workforce.csv.
    add_claim(
        &data,
        "age_claim,value,age.permanent.scientists,,2024,51.5,years,,hceres2025,VII.3.a fn107,51.5,,stated,",
    );
    let a = analyse(&data).unwrap();
    let row = a.audit.iter().find(|r| r.id == "age_claim").unwrap();
    assert_eq!((row.recomputed, row.unit.code()), (51.5, "years"));
    assert_eq!(row.verdict.code(), "consistent");
}

#[test]
fn a_claim_in_another_unit_than_what_it_states_is_refused_at_its_unit() {
    for (row, expected) in [
        // Persons stated in EUR: no factor turns one into the other.
        (
            "c1,value,staff.permanent.scientists,,2023-12-31,2.2,EUR billion,,hceres2025,VII.3.a,€2.2 billion,,stated,",
            "expected the unit of what it states (staff.permanent.scientists: persons): persons, found \"EUR billion\"",
        ),
        // A percent change is a percent.
        (
            "c2,percent_change,staff.permanent.scientists,2018-12-31,2023-12-31,1.8,persons,,hceres2025,VII.3.a,1.8,,stated,",
            "expected the unit of what it states (percent_change of staff.permanent.scientists: percent): percent, found \"persons\"",
        ),
        // A declared share is a percent.
        (
            "c3,fill_rate,careers.support_positions.filled / careers.support_positions.opened,,2023,83,positions,,hceres2025,VII.3.a,83,,stated,",
            "expected the unit of what it states (fill_rate of careers.support_positions.filled / careers.support_positions.opened: percent): percent, found \"positions\"",
        ),
    ] {
        let (_tmp, data) = data_copy();
        let line = add_claim(&data, row);
        let o = run(&["validate", "--data", data.to_str().unwrap()]);
        let e = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{row}: {e}");
        assert!(
            e.contains(&format!("claims.csv:{line}:7 (column 'unit'): {expected}")),
            "{e}"
        );
    }
}

#[test]
fn a_catalogue_indicator_claimed_in_another_unit_is_not_computed_with_its_line() {
    let (_tmp, data) = data_copy();
    // The support staff's share is a percent, known once computed.
    let line = add_claim(
        &data,
        "c4,support_staff_share,staff.all.support / staff.all.all,,2023-12-31,54,persons,,hceres2025,VII.3.a,54,,stated,",
    );
    let a = analyse(&data).unwrap();
    assert!(a.audit.iter().all(|r| r.id != "c4"));
    let n = a.not_computed.iter().find(|n| n.item.contains("c4")).unwrap();
    assert!(
        n.reason.contains(&format!("claims.csv:{line}: stated in persons")),
        "{}",
        n.reason
    );
}

#[test]
fn a_series_change_to_a_range_of_years_is_not_computed_rather_than_an_empty_card() {
    let (_tmp, data) = data_copy();
    append(
        &data,
        "units.csv",
        "units.joint_research_units,2020/2024,280,units,,hceres2025,II.1,280,,stated,\n",
    );
    append(
        &data,
        "report.toml",
        "\n[[key_figures]]\ndomain = \"units\"\nlabel = \"Growth of joint research units\"\n\
         series = \"units.joint_research_units\"\nat = \"latest\"\ncompare = \"earliest\"\nheadline = \"change\"\n",
    );
    let a = analyse(&data).unwrap();
    assert!(
        a.key_figures
            .iter()
            .all(|k| k.label != "Growth of joint research units")
    );
    let n = a
        .not_computed
        .iter()
        .find(|n| n.item == "key figure \"Growth of joint research units\"")
        .unwrap();
    assert!(
        n.reason
            .starts_with("units.joint_research_units has no percent change between 2019-12-31 and 2020/2024"),
        "{}",
        n.reason
    );
}
