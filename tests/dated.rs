//! How each period is known: a figure whose period its document does not state (a row or claim
//! with `dated = inferred`) is marked as such in every output, and a disagreement that rests on
//! one is `uncertain` rather than `inconsistent`.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{blank_texts, data_copy, read_csv, run_report, set_cell, zip_entries};
use orgmetrics::audit::{AuditRow, Verdict};

/// The audit row `id` of the data directory `data`.
fn finding(data: &Path, id: &str) -> AuditRow {
    let a = orgmetrics::analysis::analyse(data).unwrap();
    a.audit
        .into_iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no audit row {id}"))
}

/// A copy of the shipped data whose claim permanent_2018 states 5,200 permanent staff at end
/// 2018 instead of 5,104. Its texts are left out: the document does not say 5,200.
fn claim_of_5200() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, data) = data_copy();
    blank_texts(&data);
    // claims.csv:3 is permanent_2018, staff.permanent.scientists + staff.permanent.support.
    set_cell(&data.join("claims.csv"), 3, "stated", "5200");
    set_cell(&data.join("claims.csv"), 3, "written", "5,200");
    (tmp, data)
}

/// 5,200 stands for 5,199.5 to 5,200.5; the data give 2,142 + 2,962 = 5,104 (workforce.csv:2
/// and :3, headcounts, taken as exact). They do not meet: inconsistent while both rows' periods
/// are stated, uncertain once the researchers' row is dated by inference.
#[test]
fn a_claim_that_disagrees_is_uncertain_when_an_input_period_is_inferred() {
    let (_tmp, data) = claim_of_5200();
    let r = finding(&data, "permanent_2018");
    assert_eq!((r.stated, r.recomputed), (5200.0, 5104.0));
    assert_eq!((r.stated_range.lo, r.stated_range.hi), (5199.5, 5200.5));
    assert_eq!((r.recomputed_range.lo, r.recomputed_range.hi), (5104.0, 5104.0));
    assert_eq!(r.verdict, Verdict::Inconsistent);
    assert!(!r.inferred);
    assert_eq!(r.note, "permanent staff at end 2018");

    set_cell(&data.join("workforce.csv"), 2, "dated", "inferred");
    let r = finding(&data, "permanent_2018");
    assert_eq!(r.verdict, Verdict::Uncertain);
    assert!(r.inferred);
    assert_eq!(
        r.note,
        "Uncertain: the period of workforce.csv:2 (31 Dec 2018) is inferred, not stated (see that row's note) \u{2014} \
         permanent staff at end 2018"
    );
}

/// The claim's own period inferred: uncertain too, and the note names the claim.
#[test]
fn a_claim_dated_by_inference_that_disagrees_is_uncertain() {
    let (_tmp, data) = claim_of_5200();
    set_cell(&data.join("claims.csv"), 3, "dated", "inferred");
    let r = finding(&data, "permanent_2018");
    assert_eq!(r.verdict, Verdict::Uncertain);
    assert!(
        r.note
            .starts_with("Uncertain: the period of permanent_2018 (31 Dec 2018) is inferred, not stated \u{2014} "),
        "{}",
        r.note
    );
}

/// A disagreement within rounding stays `rounding` whatever the periods: the budget's EU
/// funding grew "60%" (59.5 to 60.5) from 49 in 2019 to 79 in 2023 (budget.csv:8 and :9), that
/// is 100 × (79 / 49 − 1) = 61.2%, and 48.5 to 49.5 and 78.5 to 79.5 give 58.6% to 63.9%.
#[test]
fn rounding_stays_rounding_when_a_period_is_inferred() {
    let (_tmp, data) = data_copy();
    blank_texts(&data);
    set_cell(&data.join("budget.csv"), 8, "dated", "inferred");
    let r = finding(&data, "eu_funding_change_budget");
    assert!((r.recomputed - 100.0 * (79.0 / 49.0 - 1.0)).abs() < 1e-9);
    assert!((r.recomputed_range.lo - 100.0 * (78.5 / 49.5 - 1.0)).abs() < 1e-9);
    assert!((r.recomputed_range.hi - 100.0 * (79.5 / 48.5 - 1.0)).abs() < 1e-9);
    assert_eq!(r.verdict, Verdict::Rounding);
    assert!(r.inferred);
    assert!(!r.note.starts_with("Uncertain"), "{}", r.note);
}

/// Two passages of one quantity: EU funding in 2019 is 49 in the revenue lines (budget.csv:8)
/// and 56 in section V.1 (eu_funding.csv:2), both exact counts of EUR million rounded to 1:
/// 48.5 to 49.5 against 55.5 to 56.5, inconsistent; uncertain once V.1's year is inferred.
#[test]
fn a_conflict_with_a_row_dated_by_inference_is_uncertain() {
    let (_tmp, data) = data_copy();
    blank_texts(&data);
    let id = "eu_funding_two_passages_2019";
    let r = finding(&data, id);
    assert_eq!((r.stated, r.recomputed, r.verdict), (49.0, 56.0, Verdict::Inconsistent));
    set_cell(&data.join("eu_funding.csv"), 2, "dated", "inferred");
    let r = finding(&data, id);
    assert_eq!(r.verdict, Verdict::Uncertain);
    assert!(
        r.note
            .starts_with("Uncertain: the period of eu_funding.csv:2 (2019) is inferred, not stated"),
        "{}",
        r.note
    );
    // --strict fails on inconsistent verdicts only: the other two EU funding and revenue
    // conflicts still fail it.
    let o = common::run(&["audit", "--strict", "--data", data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3));
    let err = common::stderr_of(&o);
    assert!(err.contains("--strict: 2 inconsistent verdict(s)"), "{err}");
}

/// The key figures of a report, by code.
fn key_figures(out: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    read_csv(&out.join("tables/key_figures.csv"))
        .into_iter()
        .map(|r| (r["code"].clone(), r))
        .collect()
}

/// The summary's table row of the key figure `label`.
fn summary_row<'a>(md: &'a str, label: &str) -> &'a str {
    md.lines()
        .find(|l| l.starts_with(&format!("| {label} |")))
        .unwrap_or_else(|| panic!("no summary row {label}"))
}

/// The shipped data date the research units' counts by inference at both assessments
/// (units.csv:2 and :3): the figure and its comparison carry the dagger, in the summary, on the
/// card and in key_figures.csv; the staff headcount, whose rows state their dates, carries none.
#[test]
fn key_figures_on_inferred_periods_are_marked_and_the_others_not() {
    let (tmp, data) = data_copy();
    let out = tmp.path().join("out");
    let o = run_report(&data, &out);
    assert!(o.status.success(), "{}", common::stderr_of(&o));

    let kf = key_figures(&out);
    let units = &kf["joint_research_units_organisation_is_involved_in"];
    assert_eq!(
        (units["dated"].as_str(), units["compared_dated"].as_str()),
        ("inferred", "inferred")
    );
    let staff = &kf["organisation_staff_headcount"];
    assert_eq!(
        (staff["dated"].as_str(), staff["compared_dated"].as_str()),
        ("stated", "stated")
    );

    let md = fs::read_to_string(out.join("summary.md")).unwrap();
    // 278 units at end 2023 against 261 at end 2019: +17, +6.5%.
    let row = summary_row(&md, "Joint research units Inserm is involved in");
    assert!(
        row.contains("| 278 units | 31 Dec 2023\u{2020} | +17 (+6.5%) since 31 Dec 2019\u{2020} |"),
        "{row}"
    );
    let row = summary_row(&md, "Inserm staff (headcount)");
    assert!(
        row.contains("| 8,691 persons | 31 Dec 2023 | +897 (+11.5%) since 31 Dec 2018 |"),
        "{row}"
    );
    assert!(md.contains(orgmetrics::render::dated::LEGEND));

    let html = fs::read_to_string(out.join("index.html")).unwrap();
    let card = |title: &str| {
        let at = html.find(&format!("<h4>{title}</h4>")).unwrap();
        html[at..at + html[at..].find("</article>").unwrap()].to_string()
    };
    let units = card("Joint research units Inserm is involved in");
    assert!(
        units.contains("31 Dec 2023\u{2020}") && units.contains("The document gives no date"),
        "{units}"
    );
    let staff = card("Inserm staff (headcount)");
    assert!(!staff.contains('\u{2020}') && !staff.contains("no date"), "{staff}");

    // The audit's uncertain badge has its own style.
    assert!(html.contains(".v-uncertain{"));
    assert!(html.contains("badge v-uncertain"));

    // The workbook keeps the CSV's cells and notes the inferred period cells.
    let parts = zip_entries(&out.join("workbook.xlsx"));
    let notes: Vec<&String> = parts
        .iter()
        .filter(|(name, _)| name.starts_with("xl/comments"))
        .map(|(_, xml)| xml)
        .collect();
    assert!(
        notes.iter().any(|x| x.contains(orgmetrics::render::dated::NOTE)),
        "no note on an inferred period"
    );
}

/// One stated row dated by inference instead marks only what reads it: the headcount's
/// comparison at end 2018 (workforce.csv:2 is among its rows), not the figure at end 2023.
#[test]
fn only_the_period_that_rests_on_an_inferred_row_is_marked() {
    let (tmp, data) = data_copy();
    blank_texts(&data);
    set_cell(&data.join("workforce.csv"), 2, "dated", "inferred");
    let out = tmp.path().join("out");
    let o = run_report(&data, &out);
    assert!(o.status.success(), "{}", common::stderr_of(&o));
    let kf = key_figures(&out);
    let staff = &kf["organisation_staff_headcount"];
    assert_eq!(
        (staff["dated"].as_str(), staff["compared_dated"].as_str()),
        ("stated", "inferred")
    );
    let md = fs::read_to_string(out.join("summary.md")).unwrap();
    let row = summary_row(&md, "Inserm staff (headcount)");
    assert!(
        row.contains("| 8,691 persons | 31 Dec 2023 | +897 (+11.5%) since 31 Dec 2018\u{2020} |"),
        "{row}"
    );
    // The indicators that read the row, and only those, are dated inferred: the contract staff
    // share at end 2018 reads it, the one at end 2023 does not.
    let rows = read_csv(&out.join("tables/indicators.csv"));
    let share = |to: &str| {
        rows.iter()
            .find(|r| r["indicator"] == "contract_staff_ratio" && r["to"] == to)
            .map(|r| r["dated"].clone())
    };
    assert_eq!(share("2018-12-31").as_deref(), Some("inferred"));
    assert_eq!(share("2023-12-31").as_deref(), Some("stated"));
    // The workforce table lists the period among its row's inferred ones.
    let workforce = read_csv(&out.join("tables/workforce.csv"));
    let researchers = workforce
        .iter()
        .find(|r| r["series"] == "staff.permanent.scientists")
        .unwrap();
    assert!(researchers["inferred_periods"].split("; ").any(|p| p == "2018-12-31"));
    // The permanent staff's projection starts from end 2018 (workforce.csv:2 and :3, 2,142 +
    // 2,962 = 5,104): its rows say so, and the summary's bases mark that point only.
    let projections = read_csv(&out.join("tables/projections.csv"));
    let dated = |series: &str| -> Vec<String> {
        let mut d: Vec<String> = projections
            .iter()
            .filter(|r| r["series"] == series)
            .map(|r| r["dated"].clone())
            .collect();
        d.dedup();
        d
    };
    assert_eq!(dated("staff.permanent.all"), ["inferred"]);
    assert_eq!(dated("staff.contract.all"), ["stated"]);
    assert!(
        md.contains("Permanent staff: 5,104 in 2018\u{2020}, 4,972 in 2023 ("),
        "{md}"
    );
}
