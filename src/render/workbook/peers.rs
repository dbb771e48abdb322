//! Sheets of rows built here rather than from a report table: an organisation's place among its
//! panel's (its **Among peers** sheet), and the panel workbook's sheets (`panel.rs`).

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::cells::{Formats, col, fit, number_format};
use crate::render::dashboard::NamedPeers;
use crate::render::peers::{PlaceText, panel_label};

/// A cell of such a sheet.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    /// Nothing.
    Empty,
    /// A string cell.
    Text(String),
    /// A number shown with the decimals of `unit` (`persons`: none).
    Number(f64, String),
}

/// A number cell in `unit`, formatted as the organisation's workbook formats that unit.
pub(super) fn num(v: f64, unit: &str) -> Cell {
    Cell::Number(v, unit.to_string())
}

/// A cell holding a count (of organisations, a rank, a percentile), formatted as whole numbers.
pub(super) fn count(n: usize) -> Cell {
    num(n as f64, "persons")
}

/// Writes a header in bold from row `first`, then the rows; returns the next free row.
pub(super) fn write_rows(
    ws: &mut Worksheet,
    first: u32,
    header: &[&str],
    rows: &[Vec<Cell>],
    formats: &mut Formats,
) -> Result<u32, XlsxError> {
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(first, col(c), *h, &formats.bold)?;
    }
    let mut row = first;
    for r in rows {
        row += 1;
        for (c, cell) in r.iter().enumerate() {
            match cell {
                Cell::Empty => {}
                Cell::Text(t) => {
                    ws.write_string(row, col(c), fit(t))?;
                }
                Cell::Number(v, unit) if v.is_finite() => {
                    ws.write_number_with_format(row, col(c), *v, formats.number(&number_format(unit)))?;
                }
                Cell::Number(..) => {}
            }
        }
    }
    Ok(row + 1)
}

/// The change's unit: percent for a percent change or a difference of percentages.
fn change_unit(p: &PlaceText) -> &'static str {
    match p.figure.change {
        crate::compare::peers::Measure::PercentChange => "percent",
        _ => p.figure.unit.code(),
    }
}

/// The unit of what the panel compares.
fn compared_unit(p: &PlaceText) -> &'static str {
    p.figure.shown_unit().code()
}

/// The organisation's **Among peers** sheet: a row per key figure it has, its value, rank,
/// percentile and the panel's median, its change and the panel's median change over the same
/// periods; then, if any, its figures beside its named peers'.
pub(super) fn write(
    ws: &mut Worksheet,
    places: &[PlaceText],
    named: Option<&NamedPeers>,
    formats: &mut Formats,
) -> Result<(), XlsxError> {
    let header = [
        "figure",
        "code",
        "value",
        "unit",
        "rank",
        "of",
        "percentile",
        "panel_median",
        "change_from",
        "change_to",
        "change",
        "panel_median_change",
        "organisations_with_that_change",
    ];
    let rows: Vec<Vec<Cell>> = places
        .iter()
        .map(|p| {
            let u = compared_unit(p);
            let mut r = vec![
                Cell::Text(panel_label(&p.figure.label)),
                Cell::Text(p.figure.code.clone()),
                num(p.place.value, u),
                Cell::Text(u.to_string()),
                count(p.place.place.rank),
                count(p.place.place.of),
                p.place
                    .place
                    .percentile
                    .map_or(Cell::Empty, |x| num(x as f64, "persons")),
                num(p.place.median, u),
            ];
            match &p.place.change {
                Some(c) => r.extend([
                    Cell::Text(c.span.0.to_string()),
                    Cell::Text(c.span.1.to_string()),
                    num(c.own, change_unit(p)),
                    num(c.median, change_unit(p)),
                    count(c.of),
                ]),
                None => r.extend(std::iter::repeat_n(Cell::Empty, 5)),
            }
            r
        })
        .collect();
    let mut next = write_rows(ws, 0, &header, &rows, formats)?;
    if let Some((names, peer_rows)) = named {
        next += 1;
        let mut head = vec!["figure (beside its named peers)"];
        head.extend(names.iter().map(String::as_str));
        let rows: Vec<Vec<Cell>> = peer_rows
            .iter()
            .map(|(label, cells)| {
                std::iter::once(Cell::Text(label.clone()))
                    .chain(cells.iter().map(|c| Cell::Text(c.clone())))
                    .collect()
            })
            .collect();
        write_rows(ws, next, &head, &rows, formats)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_autofit_max_width(420);
    ws.autofit();
    Ok(())
}
