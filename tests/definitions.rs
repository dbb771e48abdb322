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
    // units.csv has 2019-12-31, 2022, 2023-12-31, 2020/2023 (ending in 2023, after its last
    // day) and 2025; as text, 2020/2023 came second.
    let t = table(&data_dir(), "units");
    let periods: Vec<&str> = t.0[3..8].iter().map(String::as_str).collect();
    assert_eq!(periods, ["2019-12-31", "2022", "2023-12-31", "2020/2023", "2025"]);
}

#[test]
fn an_indicator_with_two_dates_has_its_percent_change_and_cagr() {
    let (_tmp, data) = data_copy();
    // End 2019: 40% of permanent researchers and 32% of directeurs de recherche are women, a
    // glass ceiling index of 40 / 32 = 1.25; end 2023: 46 / 39.
    append(
        &data,
        "gender.csv",
        "gender.women_share.permanent_researchers,2019-12-31,40,percent,,hceres2025,VII.3.c,\n\
         gender.women_share.directeurs_de_recherche,2019-12-31,32,percent,,hceres2025,VII.3.c,\n",
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
