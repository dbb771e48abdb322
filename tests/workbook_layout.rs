//! output/workbook.xlsx as it prints and reads: every sheet laid out for paper, and the About sheet
//! in plain text with rows as tall as their wrapped text. Read from the parts of the file (its
//! XML), where those settings live.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{fresh_report, soffice_found, zip_entries};
use roxmltree::{Document, Node};

const RELATIONSHIPS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/// The report's title in data/report.toml, filled in.
const TITLE: &str = "Inserm: key indicators from the Hcéres assessment";

fn element<'a, 'i>(doc: &'a Document<'i>, name: &str) -> Option<Node<'a, 'i>> {
    doc.descendants().find(|n| n.tag_name().name() == name)
}

/// Each sheet's name and its part's XML, in the workbook's order.
fn sheet_parts(parts: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let wb = Document::parse(&parts["xl/workbook.xml"]).unwrap();
    let rels = Document::parse(&parts["xl/_rels/workbook.xml.rels"]).unwrap();
    wb.descendants()
        .filter(|n| n.tag_name().name() == "sheet")
        .map(|s| {
            let id = s.attribute((RELATIONSHIPS, "id")).unwrap();
            let target = rels
                .descendants()
                .find(|r| r.attribute("Id") == Some(id))
                .and_then(|r| r.attribute("Target"))
                .unwrap();
            let xml = parts[&format!("xl/{target}")].clone();
            (s.attribute("name").unwrap().to_string(), xml)
        })
        .collect()
}

/// The print titles (rows repeated on every page) by the position of their sheet.
fn print_titles(parts: &BTreeMap<String, String>) -> BTreeMap<usize, String> {
    let wb = Document::parse(&parts["xl/workbook.xml"]).unwrap();
    wb.descendants()
        .filter(|n| n.tag_name().name() == "definedName" && n.attribute("name") == Some("_xlnm.Print_Titles"))
        .map(|n| {
            let sheet: usize = n.attribute("localSheetId").unwrap().parse().unwrap();
            (sheet, n.text().unwrap().to_string())
        })
        .collect()
}

#[test]
fn every_sheet_prints_landscape_one_page_wide_under_a_header_naming_the_report_and_the_sheet() {
    let r = fresh_report("workbook-print-");
    let parts = zip_entries(&r.out.join("workbook.xlsx"));
    let sheets = sheet_parts(&parts);
    assert_eq!(sheets.len(), 14);
    let titles = print_titles(&parts);
    for (i, (name, xml)) in sheets.iter().enumerate() {
        let doc = Document::parse(xml).unwrap();
        let setup = element(&doc, "pageSetup").unwrap_or_else(|| panic!("{name}: no page setup"));
        assert_eq!(setup.attribute("orientation"), Some("landscape"), "{name}");
        // One page wide (fitToWidth defaults to 1), as many pages long as it takes.
        assert_eq!(setup.attribute("fitToWidth").unwrap_or("1"), "1", "{name}");
        assert_eq!(setup.attribute("fitToHeight"), Some("0"), "{name}");
        let fit = element(&doc, "pageSetUpPr").and_then(|n| n.attribute("fitToPage"));
        assert_eq!(fit, Some("1"), "{name}: scaled to fit");
        // The report on the left of each page's header, the sheet's name (&A) on its right.
        let header = element(&doc, "oddHeader").and_then(|n| n.text());
        assert_eq!(header, Some(format!("&L{TITLE}&R&A").as_str()), "{name}");
        let footer = element(&doc, "oddFooter").and_then(|n| n.text());
        assert_eq!(footer, Some("&CPage &P of &N"), "{name}");
        // A table's header row on every page; About and Charts have no single header row.
        let quoted = if name.contains(' ') {
            format!("'{name}'")
        } else {
            name.clone()
        };
        let repeated = (name != "About" && name != "Charts").then(|| format!("{quoted}!$1:$1"));
        assert_eq!(titles.get(&i), repeated.as_ref(), "{name}");
    }
}

/// Row heights in points of a sheet's part, by zero-based row; rows at the default height are
/// absent.
fn row_heights(xml: &str) -> BTreeMap<usize, f64> {
    let doc = Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "row")
        .filter_map(|n| {
            let row: usize = n.attribute("r")?.parse().ok()?;
            Some((row - 1, n.attribute("ht")?.parse().ok()?))
        })
        .collect()
}

#[test]
fn the_about_sheet_is_plain_text_in_rows_as_tall_as_their_wrapped_text() {
    let r = fresh_report("workbook-about-");
    let mut wb: Xlsx<_> = open_workbook(r.out.join("workbook.xlsx")).unwrap();
    let about = wb.worksheet_range("About").unwrap();
    let text = |row: usize, col: usize| match about.get((row, col)) {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    };
    let mut cells = 0;
    for (row, col, cell) in about.used_cells() {
        if let Data::String(s) = cell {
            assert!(
                !s.contains('`'),
                "About row {} column {col}: Markdown in {s:?}",
                row + 1
            );
            cells += 1;
        }
    }
    assert!(cells > 30, "{cells}");
    let generated = (0..about.height())
        .find(|&i| text(i, 0) == "Generated by")
        .expect("a Generated by row");
    assert_eq!(
        text(generated, 1),
        format!(
            "orgmetrics {}, with the command “orgmetrics report” (from a checkout: “just report” or “cargo run -- report”), from the data files whose SHA-256 manifest.json lists.",
            env!("CARGO_PKG_VERSION")
        )
    );
    let parts = zip_entries(&r.out.join("workbook.xlsx"));
    let (_, xml) = sheet_parts(&parts).into_iter().find(|(n, _)| n == "About").unwrap();
    let heights = row_heights(&xml);
    // Column B is 110 characters wide: every row has a 15-point line for each 110 characters
    // of its text at least (most letters are narrower than the digit a column's width counts).
    let mut wrapped = 0;
    for row in 2..about.height() {
        let b = text(row, 1);
        let lines = b.chars().count().div_ceil(110).max(b.lines().count()).max(1);
        let height = heights.get(&row).copied().unwrap_or(15.0);
        assert!(
            height >= 15.0 * lines as f64,
            "About row {}: {height} points for {b:?}",
            row + 1
        );
        if lines > 1 {
            wrapped += 1;
        }
    }
    assert!(wrapped >= 10, "{wrapped} rows of several lines");
    // "What this is": 289 characters, three lines of 110.
    let what = (0..about.height()).find(|&i| text(i, 0) == "What this is").unwrap();
    assert_eq!(text(what, 1).chars().count(), 289);
    assert_eq!(heights.get(&what), Some(&45.0));
    // The title, in 14-point type, gets a taller row too.
    assert_eq!(heights.get(&0), Some(&21.0));
}

/// Where LibreOffice is installed, the workbook printed to PDF: every page landscape, and a few
/// pages a sheet rather than tables cut sideways over a hundred portrait pages.
#[test]
fn libreoffice_prints_the_workbook_on_landscape_pages_one_page_wide() {
    if !soffice_found() {
        return;
    }
    let r = fresh_report("workbook-pdf-");
    let conv = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let o = Command::new("soffice")
        .arg("--headless")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            conv.path().join("profile").display()
        ))
        .args(["--convert-to", "pdf", "--outdir"])
        .arg(conv.path())
        .arg(r.out.join("workbook.xlsx"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let pdf = fs::read(conv.path().join("workbook.pdf")).unwrap();
    let text = String::from_utf8_lossy(&pdf);
    // Each page's box: `/MediaBox[0 0 w h]`, landscape when wider than tall.
    let boxes: Vec<(f64, f64)> = text
        .match_indices("/MediaBox")
        .filter_map(|(i, _)| {
            let rest = &text[i + "/MediaBox".len()..];
            let inner = rest.trim_start().strip_prefix('[')?.split(']').next()?;
            let n: Vec<f64> = inner.split_whitespace().filter_map(|x| x.parse().ok()).collect();
            (n.len() == 4).then(|| (n[2] - n[0], n[3] - n[1]))
        })
        .collect();
    assert!(!boxes.is_empty(), "no page in the PDF");
    for (w, h) in &boxes {
        assert!(w > h, "a portrait page: {w} × {h}");
    }
    assert!(boxes.len() <= 40, "{} pages", boxes.len());
}
