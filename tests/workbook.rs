//! output/workbook.xlsx, read back as a spreadsheet program would: every table is a sheet whose
//! cells hold the CSV files' values (numbers as numbers), the charts are native Excel charts, and
//! the bytes do not change between runs.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{cell_range, formula, fresh_report, read_csv, soffice_convert, soffice_found, texts, zip_entries};
use orgmetrics::render::charts::{self, ChartFormat, ChartOptions};

/// The sheets, in order, and the CSV file each table sheet holds.
const SHEETS: [(&str, Option<&str>); 26] = [
    ("About", None),
    ("Key figures", Some("key_figures")),
    ("Workforce", Some("workforce")),
    ("Budget", Some("budget")),
    ("Publications", Some("publications")),
    ("EU funding", Some("eu_funding")),
    ("Gender balance", Some("gender")),
    ("Recruitment and careers", Some("careers")),
    ("Research units", Some("units")),
    ("Science in society", Some("expertise")),
    ("Governance and organisation", Some("governance")),
    ("Site policies and partnerships", Some("sites")),
    ("Innovation and tech transfer", Some("innovation")),
    ("International cooperation", Some("international")),
    ("National programmes and calls", Some("programmes")),
    ("Platforms and cohorts", Some("platforms")),
    ("Research assessment, strategy", Some("research")),
    ("Open science", Some("open_science")),
    ("The assessment itself", Some("assessment")),
    ("Financial situation", Some("finances")),
    ("Indicators", Some("indicators")),
    ("Projections", Some("projections")),
    ("Audit", Some("audit")),
    ("Coverage", Some("coverage")),
    ("Charts", None),
    ("Sources", None),
];

fn open(out: &Path) -> Xlsx<std::io::BufReader<fs::File>> {
    open_workbook(out.join("workbook.xlsx")).expect("workbook.xlsx opens as an xlsx file")
}

/// Column name → declared type, per table, from datapackage.json.
fn declared_types(out: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let pkg: serde_json::Value = serde_json::from_slice(&fs::read(out.join("datapackage.json")).unwrap()).unwrap();
    let mut by_table = BTreeMap::new();
    for r in pkg["resources"].as_array().unwrap() {
        let Some(fields) = r["schema"]["fields"].as_array() else {
            continue;
        };
        let stem = r["path"]
            .as_str()
            .unwrap()
            .trim_start_matches("tables/")
            .trim_end_matches(".csv");
        let types = fields
            .iter()
            .map(|f| {
                (
                    f["name"].as_str().unwrap().to_string(),
                    f["type"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        by_table.insert(stem.to_string(), types);
    }
    by_table
}

#[test]
fn every_table_is_a_sheet_holding_the_csv_values_with_numbers_stored_as_numbers() {
    let r = fresh_report("workbook-values-");
    let mut wb = open(&r.out);
    let names = wb.sheet_names();
    let expected: Vec<&str> = SHEETS.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, expected);
    let types = declared_types(&r.out);
    let mut numbers = 0;
    for (sheet, stem) in SHEETS {
        let Some(stem) = stem else { continue };
        let range = wb.worksheet_range(sheet).unwrap();
        let csv_path = r.out.join(format!("tables/{stem}.csv"));
        let rows = read_csv(&csv_path);
        let header: Vec<String> = {
            let mut rdr = csv::Reader::from_path(&csv_path).unwrap();
            rdr.headers().unwrap().iter().map(String::from).collect()
        };
        let types = &types[stem];
        // Header row, then one row per CSV record, nothing more.
        assert_eq!(range.height(), rows.len() + 1, "{sheet}");
        for (c, h) in header.iter().enumerate() {
            assert_eq!(range.get((0, c)), Some(&Data::String(h.clone())), "{sheet} header {c}");
        }
        for (i, rec) in rows.iter().enumerate() {
            for (c, h) in header.iter().enumerate() {
                let text = &rec[h];
                let cell = range.get((i + 1, c)).unwrap_or(&Data::Empty);
                let at = format!("{sheet} row {} column {h}", i + 2);
                if text.is_empty() {
                    assert_eq!(cell, &Data::Empty, "{at}");
                    continue;
                }
                match types[h].as_str() {
                    "number" | "integer" => {
                        let want: f64 = text.parse().unwrap_or_else(|_| panic!("{at}: {text} is a number"));
                        match cell {
                            Data::Float(v) => assert_eq!(*v, want, "{at}"),
                            Data::Int(v) => assert_eq!(*v as f64, want, "{at}"),
                            other => panic!("{at}: {text} stored as {other:?}, not as a number"),
                        }
                        numbers += 1;
                    }
                    "boolean" => assert_eq!(cell, &Data::Bool(text == "true"), "{at}"),
                    _ => assert_eq!(cell, &Data::String(text.clone()), "{at}"),
                }
            }
        }
    }
    // The shipped tables hold well over a thousand numbers; none may be text.
    assert!(numbers > 1000, "{numbers}");
}

#[test]
fn key_figures_sheet_lists_the_summary_key_figures_with_their_values() {
    let r = fresh_report("workbook-keys-");
    let mut wb = open(&r.out);
    let range = wb.worksheet_range("Key figures").unwrap();
    let def: toml::Value =
        toml::from_str(&fs::read_to_string(common::data_dir().join("report.toml")).unwrap()).unwrap();
    let n = def["key_figures"].as_array().unwrap().len();
    assert_eq!(range.height(), n + 1, "one row per key figure of report.toml");
    // Worked from data/workforce.csv, end 2023: permanent researchers, permanent support staff,
    // contract scientists, contract support staff: 2180 + 2792 + 1808 + 1911 = 8691 persons.
    let all_staff = (1..range.height())
        .find(|&i| matches!(range.get((i, 0)), Some(Data::String(s)) if s == "organisation_staff_headcount"));
    let i = all_staff.expect("a key figure of all staff");
    assert_eq!(range.get((i, 3)), Some(&Data::String("2023-12-31".into())));
    assert_eq!(range.get((i, 4)), Some(&Data::Float(8691.0)));
}

#[test]
fn the_dashboard_figures_are_native_charts_over_the_workbook_cells() {
    let r = fresh_report("workbook-charts-");
    let parts = zip_entries(&r.out.join("workbook.xlsx"));
    let charts: Vec<&String> = parts
        .iter()
        .filter(|(name, _)| name.starts_with("xl/charts/chart"))
        .map(|(_, xml)| xml)
        .collect();
    // The figures the dashboard shows, with the titles drawn on them.
    let a = orgmetrics::analysis::analyse(&common::data_dir()).unwrap();
    let svg_only = ChartOptions {
        formats: vec![ChartFormat::Svg],
        ..ChartOptions::default()
    };
    let (figures, _) = charts::render_all(&a, &svg_only).unwrap();
    assert_eq!(figures.len(), 16);
    // Three figures have two panels each (budget_revenues, eu_funding, pepr_budgets_durations)
    // and one three (careers_recruitment_positions): an Excel chart has one plot area, so one
    // chart a panel: 12 + 3 × 2 + 3.
    let panels: usize = figures.iter().map(|f| f.facets.len()).sum();
    assert_eq!(panels, 21);
    assert_eq!(charts.len(), panels);
    let chart_texts: Vec<String> = charts.iter().map(|x| texts(x)).collect();
    for f in &figures {
        let titled = chart_texts.iter().filter(|t| t.contains(&f.title)).count();
        assert_eq!(titled, f.facets.len(), "native charts titled {:?}", f.title);
        // Every series of the drawing is a series of the native chart, named from its header cell.
        for p in &f.facets {
            for s in &p.series {
                assert!(chart_texts.iter().any(|t| t.contains(&s.name)), "series {:?}", s.name);
            }
        }
    }
    for xml in &charts {
        // Each series reads its values from the Charts sheet's cells, not from literals.
        assert!(xml.contains("<c:f>Charts!$"), "{xml}");
        assert!(!xml.contains("<c:numLit>"));
    }
    // The notes and sources under each chart, in a text box beside it and in the cells.
    let drawing = parts
        .get("xl/drawings/drawing1.xml")
        .expect("a drawing with the charts");
    assert!(
        drawing.contains("Source"),
        "the charts' source lines are in the drawing"
    );
}

#[test]
fn native_chart_series_read_their_own_block_of_cells_and_hold_the_data_values() {
    let r = fresh_report("workbook-ranges-");
    let mut wb = open(&r.out);
    let sheet = wb.worksheet_range("Charts").unwrap();
    let text = |row: usize, col: usize| match sheet.get((row, col)) {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    };
    let parts = zip_entries(&r.out.join("workbook.xlsx"));
    let mut series = 0;
    for (name, xml) in parts.iter().filter(|(n, _)| n.starts_with("xl/charts/chart")) {
        let doc = roxmltree::Document::parse(xml).unwrap();
        for ser in doc.descendants().filter(|n| n.tag_name().name() == "ser") {
            let (nr, nc, _, _) = cell_range(&formula(ser, "tx").expect("a series name cell"));
            let vals = formula(ser, "val").or_else(|| formula(ser, "yVal")).expect("values");
            let cats = formula(ser, "cat")
                .or_else(|| formula(ser, "xVal"))
                .expect("categories");
            let (r0, c0, r1, c1) = cell_range(&vals);
            // The values are the column under the series' header cell, every row of its block.
            assert_eq!((c0, c1, r0), (nc, nc, nr + 1), "{name}: {vals}");
            assert!(
                !text(r1, 0).is_empty() && text(r1 + 1, 0).is_empty(),
                "{name}: {vals} ends its block"
            );
            let (k0, _, k1, _) = cell_range(&cats);
            assert_eq!((k0, k1), (r0, r1), "{name}: categories {cats} against values {vals}");
            series += 1;
        }
    }
    assert!(series >= 20, "{series}");
    // Values worked out from data/workforce.csv: the staff chart's 31 Dec 2018 permanent
    // researchers (line 2), and the contract share at 31 Dec 2023, 100 × 3719 / 8691.
    let find = |label: &str, header: &str| -> f64 {
        for (row, col, cell) in sheet.used_cells() {
            if col == 0 && matches!(cell, Data::String(s) if s == label) {
                // The block's header row is the nearest row above whose first cell is bold text
                // followed by series names: search upwards for the header in any column.
                for up in (0..row).rev() {
                    if let Some(c) = (1..sheet.width()).find(|&c| text(up, c) == header) {
                        if let Some(Data::Float(v)) = sheet.get((row, c)) {
                            return *v;
                        }
                        break;
                    }
                    if text(up, 0).is_empty() {
                        break;
                    }
                }
            }
        }
        panic!("no value for {label:?} under {header:?}");
    };
    assert_eq!(find("Permanent researchers", "31 Dec 2018"), 2142.0);
    let share = find("31 Dec 2023", "Contract staff as a share of all staff");
    assert!((share - 100.0 * 3719.0 / 8691.0).abs() < 1e-9, "{share}");
}

#[test]
fn two_runs_give_the_same_bytes() {
    let a = fresh_report("workbook-bytes-a-");
    let b = fresh_report("workbook-bytes-b-");
    let (x, y) = (
        fs::read(a.out.join("workbook.xlsx")).unwrap(),
        fs::read(b.out.join("workbook.xlsx")).unwrap(),
    );
    assert!(x == y, "workbook.xlsx differs between two runs on the same data");
    // And it is listed: as a non-tabular resource of the data package and in the manifest.
    let pkg = fs::read_to_string(a.out.join("datapackage.json")).unwrap();
    assert!(pkg.contains("\"path\": \"workbook.xlsx\""));
    assert!(pkg.contains("\"profile\": \"data-package\""));
    let manifest = fs::read_to_string(a.out.join("manifest.json")).unwrap();
    assert!(manifest.contains("workbook.xlsx"));
}

#[test]
fn no_workbook_leaves_it_out_of_the_output_and_its_descriptions() {
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let out = tmp.path().join("out");
    let o = common::run(&[
        "report",
        "--data",
        common::data_dir().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--chart-format",
        "svg",
        "--no-workbook",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!out.join("workbook.xlsx").exists());
    assert!(out.join("tables/key_figures.csv").exists());
    let pkg = fs::read_to_string(out.join("datapackage.json")).unwrap();
    assert!(!pkg.contains("workbook.xlsx"));
    assert!(pkg.contains("\"profile\": \"tabular-data-package\""));
}

/// Where LibreOffice is installed, it opens the workbook and converts its sheets to CSV: a real
/// spreadsheet program reads it. CI sets ORGMETRICS_REQUIRE_SOFFICE=1 where it has LibreOffice.
#[test]
fn libreoffice_opens_the_workbook_where_installed() {
    if !soffice_found() {
        return;
    }
    let r = fresh_report("workbook-soffice-");
    // Filter options: comma, double quote, UTF-8 (76), first line 1, …, every sheet (-1).
    let conv = soffice_convert(
        &r.out.join("workbook.xlsx"),
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
    );
    // Every sheet, as the cells show (token 9: "save cell contents as shown", in the locale
    // LibreOffice runs with here, en-US): numbers read back within their shown precision, years
    // without a thousands separator, the audit's figures with every decimal its CSV writes.
    let types = declared_types(&r.out);
    let mut checked = 0;
    for (sheet, stem) in SHEETS {
        let Some(stem) = stem else { continue };
        let path = conv.path().join(format!("workbook-{sheet}.csv"));
        let mut rdr = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
        let shown: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
        let rows = read_csv(&r.out.join(format!("tables/{stem}.csv")));
        assert_eq!(shown.len(), rows.len(), "{sheet}");
        for (rec, want) in shown.iter().zip(&rows) {
            for (c, h) in header.iter().enumerate() {
                let (text, csv_text) = (rec.get(c).unwrap_or(""), want[h].as_str());
                let kind = types[stem][h].as_str();
                if csv_text.is_empty() || !(kind == "number" || kind == "integer") {
                    continue;
                }
                let plain = text.replace(',', "");
                if kind == "integer" || stem == "audit" {
                    assert_eq!(plain, csv_text, "{sheet} {h}: shown {text:?}");
                }
                let d = plain.split_once('.').map_or(0, |(_, f)| f.len());
                let (v, w): (f64, f64) = (plain.parse().unwrap(), csv_text.parse().unwrap());
                assert!(
                    (v - w).abs() <= 0.5 * 10f64.powi(-(d as i32)) + 1e-9,
                    "{sheet} {h}: shown {text:?} for {csv_text}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "{checked}");
    // Persons with a thousands separator, years without.
    let projections = fs::read_to_string(conv.path().join("workbook-Projections.csv")).unwrap();
    assert!(
        projections.contains(",2018,\"5,104\",persons,TRUE,"),
        "{}",
        &projections[..300]
    );
}
