//! `output/workbook.xlsx`: every table of the report as a typed worksheet, the key figures, the
//! sources, and native Excel charts drawn from the workbook's own cells, for the analysts who work
//! in Excel (often with French settings, where the comma-separated UTF-8 files open badly).
//!
//! The CSV files stay the reference for R, Python and CI; the workbook holds the same values,
//! stored as numbers and shown with formats that Excel renders in the reader's locale. Its bytes
//! are deterministic: the document's creation time is fixed, and the writer stamps every part of
//! the zip archive with the same time.

mod about;
mod cells;
mod charts;
pub mod panel;
mod peers;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::analysis::Analysis;
use crate::error::{Error, Result};
use crate::names::{ABOUT_SHEET, PEERS_SHEET, SOURCES_SHEET};
use crate::render::charts::RenderedChart;
use crate::render::dashboard::NamedPeers;
use crate::render::peers::PlaceText;
use crate::render::tables::Table;
use cells::fit;

/// The file name under the output directory.
pub const FILE_NAME: &str = "workbook.xlsx";

/// The worksheet holding table `t`: its domain's title, or its name in words.
pub fn sheet_name(t: &Table) -> String {
    if let Some(title) = t.domain_title {
        return title.to_string();
    }
    let words = t.name.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

fn xlsx(e: XlsxError) -> Error {
    Error::Other(format!("{FILE_NAME}: {e}"))
}

/// The workbook's zip compression level.
const ZIP_LEVEL: u8 = 3;

/// The workbook's bytes: About, the tables in the order given (key figures first), the charts,
/// then the sources.
pub fn render(a: &Analysis, tables: &[Table], charts: &[RenderedChart]) -> Result<Vec<u8>> {
    build(a, tables, charts, None).map_err(xlsx)
}

/// An organisation's place among its panel's, and its figures beside its named peers'.
pub type Peers<'a> = (&'a [PlaceText], Option<&'a NamedPeers>);

/// [`render`], with an **Among peers** sheet after the tables when the organisation is reported
/// in a panel.
pub fn render_placed(
    a: &Analysis,
    tables: &[Table],
    charts: &[RenderedChart],
    peers: Option<Peers>,
) -> Result<Vec<u8>> {
    build(a, tables, charts, peers).map_err(xlsx)
}

fn build(
    a: &Analysis,
    tables: &[Table],
    charts: &[RenderedChart],
    placed: Option<Peers>,
) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // Deflate level 3, not the writer's 6: zipping workbooks is much of a panel's full reports,
    // and level 3 takes markedly less time for slightly larger files (BENCHMARKS.md).
    wb.set_zip_compression_level(ZIP_LEVEL);
    let org = &a.dataset.organisation;
    // A fixed creation time (the zip format's epoch, which the writer also stamps on every part):
    // the same inputs give the same bytes.
    let epoch = ExcelDateTime::from_ymd(1980, 1, 1)?;
    let title = org.fill(&a.dataset.definition.report.title);
    wb.set_properties(
        &DocProperties::new()
            .set_title(&title)
            .set_author("orgmetrics")
            .set_creation_datetime(&epoch),
    );
    let mut formats = cells::Formats::new();
    let header = page_header(&title, &org.short_name);
    let about = wb.add_worksheet();
    about.set_name(ABOUT_SHEET)?;
    about::write(about, a, &title, tables, (!charts.is_empty(), placed.is_some()))?;
    page_setup(about, &header, false)?;
    for t in tables {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(t))?;
        cells::write_table(ws, t, &mut formats)?;
        page_setup(ws, &header, true)?;
    }
    if let Some((places, named)) = placed {
        let ws = wb.add_worksheet();
        ws.set_name(PEERS_SHEET)?;
        peers::write(ws, places, named, &mut formats)?;
        page_setup(ws, &header, true)?;
    }
    if !charts.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name(charts::SHEET)?;
        charts::write(ws, charts, &mut formats)?;
        // Each chart's block has a header row of its own: no row repeats.
        page_setup(ws, &header, false)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name(SOURCES_SHEET)?;
    write_sources(ws, a, &formats.bold)?;
    page_setup(ws, &header, true)?;
    wb.save_to_buffer()
}

/// Longest header or footer a spreadsheet accepts, in UTF-16 units, control codes included.
const MAX_HEADER: usize = 255;

/// The printed pages' header: the report's title on the left (its short name where the title is
/// too long), the sheet's name on the right. `&` is a control character there, doubled to print.
fn page_header(title: &str, short_name: &str) -> String {
    [title, short_name, ""]
        .iter()
        .map(|left| format!("&L{}&R&A", left.replace('&', "&&")))
        .find(|h| h.encode_utf16().count() <= MAX_HEADER)
        .unwrap_or_else(|| "&R&A".to_string())
}

/// Print layout of a sheet: landscape A4, one page wide and as many long as it takes, `header` on
/// every page and its number at the foot, and, for a table, its header row repeated on each page.
fn page_setup(ws: &mut Worksheet, header: &str, repeat_header_row: bool) -> std::result::Result<(), XlsxError> {
    ws.set_landscape();
    // A4: without a size a spreadsheet prints on Letter, the default of the file format.
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_header(header);
    ws.set_footer("&CPage &P of &N");
    if repeat_header_row {
        ws.set_repeat_rows(0, 0)?;
    }
    Ok(())
}

fn write_sources(ws: &mut Worksheet, a: &Analysis, bold: &Format) -> std::result::Result<(), XlsxError> {
    let header = ["id", "title", "publisher", "date", "address", "document"];
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, cells::col(c), *h, bold)?;
    }
    for (i, s) in a.dataset.sources.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        ws.write_string(row, 0, fit(&s.id))?;
        ws.write_string(row, 1, fit(&s.title))?;
        ws.write_string(row, 2, fit(&s.publisher))?;
        ws.write_string(row, 3, fit(&s.date))?;
        if s.url.starts_with("https://") || s.url.starts_with("http://") {
            ws.write_url(row, 4, s.url.as_str())?;
        } else {
            ws.write_string(row, 4, fit(&s.url))?;
        }
        ws.write_string(row, 5, fit(&s.document))?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_autofit_max_width(420);
    ws.autofit();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_header_names_the_report_and_the_sheet_and_prints_ampersands() {
        assert_eq!(page_header("R&D at Inserm", "Inserm"), "&LR&&D at Inserm&R&A");
        // A title too long for a header gives way to the short name, then to the sheet alone.
        let long = "t".repeat(MAX_HEADER);
        assert_eq!(page_header(&long, "Inserm"), "&LInserm&R&A");
        assert_eq!(page_header(&long, &long), "&L&R&A");
    }
}
