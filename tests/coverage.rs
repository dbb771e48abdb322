//! The share of the documents' figures the data record may only rise: a regression check on
//! tests/expected/coverage.csv, whose counts are lowered only with a reason in its last column.

mod common;

use common::*;

#[test]
fn the_data_record_at_least_as_much_of_each_document_as_before() {
    if !shared_dir().join("seeds").is_dir() {
        assert!(
            std::env::var_os("ORGMETRICS_REQUIRE_TEXTS").is_none(),
            "ORGMETRICS_REQUIRE_TEXTS is set but the documents' texts are absent"
        );
        eprintln!("SKIPPED: the documents' texts are not at {}", shared_dir().display());
        return;
    }
    let ds = orgmetrics::load::load(&data_dir()).unwrap();
    let c = orgmetrics::audit::coverage::measure(&ds);
    let expected = read_csv(&repo().join("tests/expected/coverage.csv"));
    assert_eq!(c.documents.len(), expected.len(), "one expected row per document");
    for e in &expected {
        let d = c.documents.iter().find(|d| d.source == e["source"]).unwrap();
        let n = |k: &str| e[k].parse::<usize>().unwrap();
        assert!(
            d.total.recorded >= n("recorded"),
            "{}: {} figures recorded, fewer than the {} of tests/expected/coverage.csv; if on purpose, lower it there with the reason",
            d.source,
            d.total.recorded,
            n("recorded")
        );
        assert!(
            d.total.not_recorded <= n("not_recorded"),
            "{}: {} figures not recorded, more than {}: record them, or set them aside with a reason (data/out_of_scope.csv)",
            d.source,
            d.total.not_recorded,
            n("not_recorded")
        );
    }
    // The goal of the whole report as data: nine figures in ten recorded, the rest set aside.
    let share = c.total().recorded_share().unwrap();
    assert!(share >= 90.0, "{share:.1}% of the figures recorded");
}
