//! Organisations compared within a panel: the panel's page, summary, distributions and workbook
//! under `OUT/panel/`, and each organisation placed among the others, checked against numbers
//! worked out by hand on a fixture panel whose staff are written here.

mod common;

use std::path::Path;

use common::*;

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Rewrites `dir/workforce.csv` to hold only the organisation's four headcounts at the end of
/// 2024 (none if `staff` is empty), the other columns as its first row has them.
fn set_staff(dir: &Path, staff: &[(&str, &str, u32)]) {
    let path = dir.join("workforce.csv");
    let mut r = csv::Reader::from_path(&path).unwrap();
    let header = r.headers().unwrap().clone();
    let first = r.records().next().unwrap().unwrap();
    let mut w = csv::Writer::from_path(&path).unwrap();
    w.write_record(&header).unwrap();
    for (status, group, v) in staff {
        let row: Vec<String> = header
            .iter()
            .zip(first.iter())
            .map(|(h, old)| match h {
                "measure" => "headcount".to_string(),
                "scope" | "employer" => "organisation".to_string(),
                "status" => status.to_string(),
                "group" => group.to_string(),
                "period" => "2024-12-31".to_string(),
                "value" => v.to_string(),
                "unit" => "persons".to_string(),
                _ => old.to_string(),
            })
            .collect();
        w.write_record(&row).unwrap();
    }
    w.flush().unwrap();
}

/// The fixture: four organisations whose staff at the end of 2024 are 100, 200, 200 and none.
fn fixture() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, dir) = synth_panel(4, 3, 11);
    let staff = |a, b, c, d| {
        vec![
            ("permanent", "scientists", a),
            ("permanent", "support", b),
            ("contract", "scientists", c),
            ("contract", "support", d),
        ]
    };
    set_staff(&dir.join("org00001"), &staff(40, 30, 20, 10));
    set_staff(&dir.join("org00002"), &staff(80, 60, 40, 20));
    set_staff(&dir.join("org00003"), &staff(70, 70, 30, 30));
    set_staff(&dir.join("org00004"), &[]);
    (tmp, dir)
}

/// Staff 100, 200, 200 and one without: ranks count from the highest, a tie shares the best
/// rank, the percentile is the share of the other organisations with a lower value, and the
/// quartiles are R's type 7 (`quantile(c(100, 200, 200))`: 100, 150, 200, 200, 200).
#[test]
fn ranks_percentiles_and_quartiles_of_a_fixture_panel_worked_by_hand() {
    let (tmp, dir) = fixture();
    let out = tmp.path().join("out");
    succeeded(report_panel(&dir, &out, &[]));
    let dist = read_csv(&out.join("panel/distributions.csv"));
    let staff = dist
        .iter()
        .find(|r| r["code"] == "organisation_staff_headcount")
        .unwrap();
    let got: Vec<&str> = ["organisations", "without", "min", "q1", "median", "q3", "max", "mean"]
        .iter()
        .map(|c| staff[*c].as_str())
        .collect();
    assert_eq!(
        got,
        [
            "3",
            "1",
            "100.000000",
            "150.000000",
            "200.000000",
            "200.000000",
            "200.000000",
            "166.666667"
        ]
    );
    assert_eq!(staff["label"], "Staff (headcount)");

    // 200: one of two tied at the top, above 1 of the 2 others: 50%. 100: third, above none.
    let row = |id: &str| {
        let md = read(&out.join(id).join("summary.md"));
        md.lines()
            .find(|l| l.starts_with("| Staff (headcount) |") && l.contains(" of 3"))
            .map(str::to_string)
    };
    assert_eq!(
        row("org00002").as_deref(),
        Some("| Staff (headcount) | 200 | 1st of 3 (tied with 1), 50th percentile | 200 |  |")
    );
    assert_eq!(
        row("org00003").as_deref(),
        Some("| Staff (headcount) | 200 | 1st of 3 (tied with 1), 50th percentile | 200 |  |")
    );
    assert_eq!(
        row("org00001").as_deref(),
        Some("| Staff (headcount) | 100 | 3rd of 3, 0th percentile | 200 |  |")
    );
    assert_eq!(row("org00004"), None, "no staff, no place");
    // The card says it too.
    let html = read(&out.join("org00001/index.html"));
    assert!(
        html.contains("3rd of 3, 0th percentile in the panel (rank 1: the highest); median 200"),
        "card"
    );
    // Its named peers (its neighbours in synth's numbering) beside it.
    assert!(html.contains("Beside its named peers") && html.contains("<th class=\"num\">Org 2</th>"));

    // The workbook's Among peers sheet holds the same as numbers; the panel's workbook, every
    // organisation's rank.
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(out.join("org00001/workbook.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Among peers").unwrap();
    let header: Vec<String> = sheet.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    let staff_row = sheet
        .rows()
        .find(|r| r[1] == Data::String("organisation_staff_headcount".into()))
        .unwrap();
    let cell = |name: &str| staff_row[header.iter().position(|h| h == name).unwrap()].clone();
    assert_eq!(
        [
            cell("value"),
            cell("rank"),
            cell("of"),
            cell("percentile"),
            cell("panel_median")
        ],
        [
            Data::Float(100.0),
            Data::Float(3.0),
            Data::Float(3.0),
            Data::Float(0.0),
            Data::Float(200.0)
        ]
    );
    let mut panel_book: Xlsx<_> = open_workbook(out.join("panel/workbook.xlsx")).unwrap();
    let keys = panel_book.worksheet_range("Key figures").unwrap();
    let header: Vec<String> = keys.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    let rank = header
        .iter()
        .position(|h| h == "organisation_staff_headcount_rank")
        .unwrap();
    let ranks: Vec<Data> = keys.rows().skip(1).map(|r| r[rank].clone()).collect();
    assert_eq!(
        ranks,
        [Data::Float(3.0), Data::Float(1.0), Data::Float(1.0), Data::Empty]
    );

    // The panel's page: the highest in the panel's order among ties, linked to their reports.
    let page = read(&out.join("panel/index.html"));
    let staff_block = &page[page.find("<h3>Staff (headcount)</h3>").unwrap()..];
    let staff_block = &staff_block[..staff_block.find("</article>").unwrap()];
    assert!(
        staff_block.contains("Median <strong>200</strong> \u{b7} quartiles 150 to 200 \u{b7} 3 of 4 organisations"),
        "{staff_block}"
    );
    let order: Vec<usize> = ["Org 2", "Org 3", "Org 1"]
        .iter()
        .map(|n| staff_block.find(&format!(">{n}</a>")).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{staff_block}");
    assert!(staff_block.contains("href=\"../org00002/index.html\""));
    assert!(!page.contains("<script"), "no script");
}

/// A panel of one: a rank, no percentile, and its quartiles are its value.
#[test]
fn a_panel_of_one_places_its_organisation_first_of_one() {
    let (tmp, dir) = synth_panel(1, 3, 5);
    set_staff(
        &dir.join("org00001"),
        &[
            ("permanent", "scientists", 7),
            ("permanent", "support", 3),
            ("contract", "scientists", 2),
            ("contract", "support", 1),
        ],
    );
    let out = tmp.path().join("out");
    succeeded(report_panel(&dir, &out, &[]));
    let md = read(&out.join("org00001/summary.md"));
    assert!(md.contains("| Staff (headcount) | 13 | 1st of 1 | 13 |"), "{md}");
    let dist = read_csv(&out.join("panel/distributions.csv"));
    let staff = dist
        .iter()
        .find(|r| r["code"] == "organisation_staff_headcount")
        .unwrap();
    assert_eq!((staff["q1"].as_str(), staff["q3"].as_str()), ("13.000000", "13.000000"));
}

/// `--panel-only` writes the panel's outputs alone, the same tables as `--all`, with the page
/// naming the organisations without links to reports it did not write; the panel's bytes do not
/// depend on how many threads wrote them; a larger panel's page holds no more marks (bins, boxes,
/// names) than a figure's share.
#[test]
fn panel_only_writes_the_panel_alone_and_its_bytes_do_not_depend_on_threads() {
    let (tmp, dir) = synth_panel(8, 5, 3);
    let all = tmp.path().join("all");
    succeeded(report_panel(&dir, &all, &[]));
    let one_thread = tmp.path().join("one");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_orgmetrics"))
        .args([
            "report",
            "--data",
            dir.to_str().unwrap(),
            "--all",
            "--out",
            one_thread.to_str().unwrap(),
        ])
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        snapshot(&all),
        snapshot(&one_thread),
        "1 thread and the default give the same bytes"
    );

    // Every organisation's place, as its summary gives it (from the first pass, which computes
    // only what the key figures read), against the ranks worked out here from the panel's
    // key_figures.csv (from the full computation of the second pass).
    let keys = read_csv(&all.join("panel/key_figures.csv"));
    let ordinal = |n: usize| {
        let s = match (n % 10, n % 100) {
            (_, 11..=13) => "th",
            (1, _) => "st",
            (2, _) => "nd",
            (3, _) => "rd",
            _ => "th",
        };
        format!("{n}{s}")
    };
    let mut checked = 0;
    for d in read_csv(&all.join("panel/distributions.csv")) {
        let values: Vec<Option<f64>> = keys.iter().map(|r| r[&d["code"]].parse().ok()).collect();
        let n = values.iter().flatten().count();
        for (row, v) in keys.iter().zip(&values) {
            let md = read(&all.join(&row["organisation"]).join("summary.md"));
            let section = &md[md.find("## Among the panel's organisations").unwrap()..];
            let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
            let line = section.lines().find(|l| l.starts_with(&format!("| {} |", d["label"])));
            match v {
                Some(v) => {
                    let rank = 1 + values.iter().flatten().filter(|w| *w > v).count();
                    let line = line.unwrap_or_else(|| panic!("{}: no place for {}", row["organisation"], d["code"]));
                    assert!(
                        line.contains(&format!("| {} of {n}", ordinal(rank))),
                        "{}: {line}",
                        row["organisation"]
                    );
                    checked += 1;
                }
                None => assert!(line.is_none(), "{}: {line:?}", row["organisation"]),
            }
        }
    }
    assert!(checked >= 8 * 10, "{checked} places checked");

    let only = tmp.path().join("only");
    succeeded(report_panel(&dir, &only, &["--panel-only"]));
    let entries: Vec<String> = std::fs::read_dir(&only)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(entries, ["panel"]);
    for f in [
        "indicators.csv",
        "key_figures.csv",
        "distributions.csv",
        "workbook.xlsx",
    ] {
        assert_eq!(
            std::fs::read(only.join("panel").join(f)).unwrap(),
            std::fs::read(all.join("panel").join(f)).unwrap(),
            "{f}"
        );
    }
    let page = read(&only.join("panel/index.html"));
    assert!(!page.contains("href=\"../org"), "no link to a report not written");
    // The output of --panel-only is one --all may replace, and the other way round.
    succeeded(report_panel(&dir, &only, &[]));
    succeeded(report_panel(&dir, &only, &["--panel-only"]));

    let (tmp2, bigger) = synth_panel(40, 4, 3);
    let big_out = tmp2.path().join("out");
    succeeded(report_panel(&bigger, &big_out, &["--panel-only"]));
    // Bounded by its marks, not its organisations: at most 20 bins and a box a figure, five
    // names at each end.
    let big = read(&big_out.join("panel/index.html"));
    let figures = big.matches("<article class=\"figure\" id=\"figure-").count();
    assert!(figures >= 10, "{figures} figures");
    assert!(big.matches("<rect").count() <= 21 * figures);
    // The sections (3) and the files (5) are listed too.
    assert!(big.matches("<li>").count() <= 10 * figures + 8);
    assert!(big.len() < 100_000, "40 organisations: {} bytes", big.len());
}
