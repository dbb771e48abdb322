//! output/workbook.xlsx as it prints and reads: every sheet laid out for paper, the About sheet in
//! plain text with rows as tall as their wrapped text, and native charts that draw what the PNG
//! charts draw (lines joined across a blank period, the highlighted organisation in the legend).
//! Read from the parts of the file (its XML), where those settings live.

mod common;

use std::collections::BTreeMap;
use std::fs;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{cell_range, formula, fresh_report, soffice_convert, soffice_found, zip_entries};
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
    // About, Key figures, the 18 domains, Indicators, Projections, Audit, Coverage, Charts and
    // Sources.
    assert_eq!(sheets.len(), 26);
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

/// Each native chart: its title (its part's first text run) and its part.
fn charts_by_title(parts: &BTreeMap<String, String>) -> Vec<(String, &String)> {
    parts
        .iter()
        .filter(|(n, _)| n.starts_with("xl/charts/chart"))
        .map(|(_, xml)| {
            let doc = Document::parse(xml).unwrap();
            let title = element(&doc, "t").and_then(|t| t.text()).unwrap_or_default();
            (title.to_string(), xml)
        })
        .collect()
}

/// Each series of a chart part: its name and the range of its values.
fn series(xml: &str) -> Vec<(String, (usize, usize, usize, usize))> {
    let doc = Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "ser")
        .map(|ser| {
            let name = ser
                .children()
                .find(|n| n.tag_name().name() == "tx")
                .and_then(|tx| tx.descendants().find(|n| n.tag_name().name() == "v"))
                .and_then(|v| v.text())
                .unwrap_or_default()
                .to_string();
            let vals = formula(ser, "val").or_else(|| formula(ser, "yVal")).unwrap();
            (name, cell_range(&vals))
        })
        .collect()
}

#[test]
fn native_line_charts_join_their_points_across_a_blank_period() {
    let r = fresh_report("workbook-gaps-");
    let parts = zip_entries(&r.out.join("workbook.xlsx"));
    let mut wb: Xlsx<_> = open_workbook(r.out.join("workbook.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Charts").unwrap();
    let charts = charts_by_title(&parts);
    let mut lines = 0;
    for (title, xml) in &charts {
        let doc = Document::parse(xml).unwrap();
        let blanks = element(&doc, "dispBlanksAs").and_then(|n| n.attribute("val"));
        if element(&doc, "scatterChart").is_some() {
            assert_eq!(blanks, Some("span"), "{title}");
            lines += 1;
        }
    }
    // The staff ratios, the projection, the budget's two panels, and the website visits and
    // video views.
    assert_eq!(lines, 5);
    // The ratios chart: three of its four shares have no value at 31 Dec 2019 (contract staff
    // are given as a total only that year), the cell the line runs across.
    let (_, ratios) = charts
        .iter()
        .find(|(t, _)| t.contains("Contract staff and support staff as shares"))
        .unwrap();
    let blank_2019: Vec<String> = series(ratios)
        .into_iter()
        .filter(|(_, (r0, c, r1, _))| {
            (*r0..=*r1).any(|row| {
                matches!(sheet.get((row, 0)), Some(Data::String(l)) if l == "31 Dec 2019")
                    && sheet.get((row, *c)).is_none_or(|d| *d == Data::Empty)
            })
        })
        .map(|(name, _)| name)
        .collect();
    assert_eq!(
        blank_2019,
        [
            "Contract scientists as a share of all scientists",
            "Contract support staff as a share of all support staff",
            "Support staff (permanent and contract) as a share of all staff",
        ]
    );
}

#[test]
fn the_citation_chart_legend_names_the_organisation_beside_the_comparators() {
    let r = fresh_report("workbook-legend-");
    let parts = zip_entries(&r.out.join("workbook.xlsx"));
    let mut wb: Xlsx<_> = open_workbook(r.out.join("workbook.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Charts").unwrap();
    let charts = charts_by_title(&parts);
    let (_, xml) = charts
        .iter()
        .find(|(t, _)| t.contains("Mean normalised citation score in life sciences"))
        .unwrap();
    // A legend entry per series, as the PNG's legend: Inserm, the others, the reference line.
    let all = series(xml);
    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["Inserm", "France and comparator institutions", "World average = 1"]
    );
    assert!(!xml.contains("<c:legendEntry>"), "no legend entry hidden");
    // The two bar series share no category, and overlap so that each bar stands centred.
    assert!(xml.contains("<c:overlap val=\"100\"/>"), "{xml}");
    let column = |k: usize| -> Vec<(String, Option<f64>)> {
        let (r0, c, r1, _) = all[k].1;
        (r0..=r1)
            .map(|row| {
                let label = match sheet.get((row, 0)) {
                    Some(Data::String(s)) => s.clone(),
                    _ => String::new(),
                };
                let value = match sheet.get((row, c)) {
                    Some(Data::Float(v)) => Some(*v),
                    _ => None,
                };
                (label, value)
            })
            .collect()
    };
    // From data/publications.csv: Inserm's score is given as close to 1.2.
    let inserm = column(0);
    assert_eq!(inserm[0], ("Inserm".to_string(), Some(1.2)));
    assert!(inserm[1..].iter().all(|(_, v)| v.is_none()), "{inserm:?}");
    let others = column(1);
    assert_eq!(others[0].1, None);
    let shown: Vec<(&str, f64)> = others[1..]
        .iter()
        .map(|(l, v)| (l.as_str(), v.expect("a comparator's value")))
        .collect();
    assert_eq!(
        shown,
        [
            ("France", 1.1),
            ("CAMS (China)", 1.0),
            ("Helmholtz (Germany)", 1.5),
            ("NIH (US)", 1.5),
            ("MRC (UK)", 2.0),
        ]
    );
}

/// Where LibreOffice is installed, the workbook printed to PDF: every page landscape, and a few
/// pages a sheet rather than tables cut sideways over a hundred portrait pages.
#[test]
fn libreoffice_prints_the_workbook_on_landscape_pages_one_page_wide() {
    if !soffice_found() {
        return;
    }
    let r = fresh_report("workbook-pdf-");
    let conv = soffice_convert(&r.out.join("workbook.xlsx"), "pdf");
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

#[test]
fn the_charts_sheet_rows_fit_their_wrapped_labels_and_headers() {
    let r = fresh_report("workbook-chart-rows-");
    let mut wb: Xlsx<_> = open_workbook(r.out.join("workbook.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Charts").unwrap();
    let parts = zip_entries(&r.out.join("workbook.xlsx"));
    let (_, xml) = sheet_parts(&parts).into_iter().find(|(n, _)| n == "Charts").unwrap();
    let heights = row_heights(&xml);
    let height = |row: usize| heights.get(&row).copied().unwrap_or(15.0);
    // Labels of several lines (an ERC panel's code above its name) get a line of height each.
    let mut multiline = 0;
    for row in 0..sheet.height() {
        if let Some(Data::String(label)) = sheet.get((row, 0))
            && label.contains('\n')
        {
            let lines = label.lines().count();
            assert!(height(row) >= 15.0 * lines as f64, "Charts row {}: {label:?}", row + 1);
            multiline += 1;
        }
    }
    // And the eight PEPR programmes' labels, each in the budget and the duration panels.
    assert_eq!(
        multiline,
        9 + 2 * 8,
        "the nine ERC life-sciences panels and the PEPRs' two panels of eight"
    );
    // The header row of each block (the row of its series' names): a line for every 13
    // characters of its longest header, in columns 13 characters wide.
    let mut headers = 0;
    for (_, chart) in charts_by_title(&parts) {
        let (_, (r0, _, _, _)) = series(chart)[0];
        let top = r0 - 1;
        let longest = (1..sheet.width())
            .filter_map(|c| match sheet.get((top, c)) {
                Some(Data::String(s)) => Some(s.chars().count()),
                _ => None,
            })
            .max()
            .unwrap();
        assert!(
            height(top) >= 15.0 * longest.div_ceil(13) as f64,
            "Charts row {}",
            top + 1
        );
        headers += 1;
    }
    assert_eq!(headers, 21, "one a native chart: a figure's panel");
    // "Support staff (permanent and contract) as a share of all staff": five lines.
    let ratios = (0..sheet.height())
        .find(|&row| sheet.get((row, 1)) == Some(&Data::String("Date".into())))
        .unwrap();
    assert_eq!(height(ratios), 75.0);
    // Each chart's notes and sources sit just under it, wherever the taller rows put it: the
    // text box's top 12 pixels below the chart's bottom.
    let drawing = Document::parse(&parts["xl/drawings/drawing1.xml"]).unwrap();
    let px = |row: usize| height(row) * 4.0 / 3.0;
    let y = |anchor: Node, end: &str| -> f64 {
        let at = anchor.children().find(|n| n.tag_name().name() == end).unwrap();
        let num = |tag: &str| -> f64 {
            let n = at.children().find(|n| n.tag_name().name() == tag).unwrap();
            n.text().unwrap().parse().unwrap()
        };
        (0..num("row") as usize).map(px).sum::<f64>() + num("rowOff") / 9525.0
    };
    let anchors: Vec<Node> = drawing
        .descendants()
        .filter(|n| n.tag_name().name() == "twoCellAnchor")
        .collect();
    let is_chart = |a: &Node| a.descendants().any(|n| n.tag_name().name() == "graphicFrame");
    let mut boxes = 0;
    for a in anchors.iter().filter(|a| !is_chart(a)) {
        // The chart ending nearest above the box.
        let gap = anchors
            .iter()
            .filter(|c| is_chart(c))
            .map(|c| y(*a, "from") - y(*c, "to"))
            .filter(|g| *g >= 0.0)
            .fold(f64::INFINITY, f64::min);
        assert!((gap - 12.0).abs() < 0.5, "text box {boxes}: {gap} pixels under a chart");
        boxes += 1;
    }
    assert_eq!(boxes, 16, "one a figure");
}
