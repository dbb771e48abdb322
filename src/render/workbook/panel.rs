//! The panel's workbook (`OUT/panel/workbook.xlsx`): **Distributions** (a row per key figure),
//! **Key figures** (a row per organisation: each figure's value, rank and percentile) and
//! **Series** (the main series' quartiles by period). Numbers are stored as numbers; the bytes are
//! deterministic, as an organisation's workbook's.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use super::cells::Formats;
use super::peers::{Cell, count, num, write_rows};
use super::{ZIP_LEVEL, xlsx};
use crate::compare::Panel;
use crate::error::Result;
use crate::load::vocab::Unit;
use crate::render::peers::panel_label;
use crate::render::peers::{measure_code, title};

/// The panel's key figures that any organisation has, with their positions in `Panel::figures`
/// (and in each organisation's values).
type Figures<'p> = Vec<(usize, &'p crate::compare::peers::Figure)>;

/// The workbook's bytes.
pub fn render(panel: &Panel) -> Result<Vec<u8>> {
    build(panel).map_err(xlsx)
}

/// The workbook, its three sheets in order, as bytes.
fn build(panel: &Panel) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(ZIP_LEVEL);
    let epoch = ExcelDateTime::from_ymd(1980, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(title(panel))
            .set_author("orgmetrics")
            .set_creation_datetime(&epoch),
    );
    let mut formats = Formats::new();
    let figures: Figures = panel
        .figures
        .iter()
        .enumerate()
        .filter_map(|(i, f)| Some((i, f.as_ref()?)))
        .collect();
    distributions(&mut wb, panel, &figures, &mut formats)?;
    key_figures(&mut wb, panel, &figures, &mut formats)?;
    series(&mut wb, panel, &mut formats)?;
    wb.save_to_buffer()
}

/// The **Distributions** sheet: a row per key figure with quartiles, its count of organisations
/// with and without it, and its extremes.
fn distributions(
    wb: &mut Workbook,
    panel: &Panel,
    figures: &Figures,
    formats: &mut Formats,
) -> std::result::Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Distributions")?;
    let header = [
        "figure",
        "code",
        "measure",
        "unit",
        "organisations",
        "without",
        "min",
        "q1",
        "median",
        "q3",
        "max",
    ];
    let rows: Vec<Vec<Cell>> = figures
        .iter()
        .filter_map(|&(i, f)| {
            let q = panel.ranked[i].quartiles()?;
            let u = f.shown_unit();
            Some(vec![
                Cell::Text(panel_label(&f.label)),
                Cell::Text(f.code.clone()),
                Cell::Text(measure_code(f.measure).to_string()),
                Cell::Text(u.to_string()),
                count(panel.ranked[i].len()),
                count(panel.len() - panel.ranked[i].len()),
                num(q.min, u.code()),
                num(q.q1, u.code()),
                num(q.median, u.code()),
                num(q.q3, u.code()),
                num(q.max, u.code()),
            ])
        })
        .collect();
    write_rows(ws, 0, &header, &rows, formats)?;
    ws.set_freeze_panes(1, 0)?;
    ws.autofit();
    Ok(())
}

/// The **Key figures** sheet: a row per organisation, each figure's value, rank and percentile
/// (empty where it lacks the figure), filterable.
fn key_figures(
    wb: &mut Workbook,
    panel: &Panel,
    figures: &Figures,
    formats: &mut Formats,
) -> std::result::Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Key figures")?;
    let mut head: Vec<String> = vec!["organisation".into(), "name".into()];
    for (_, f) in figures {
        head.extend([
            f.code.clone(),
            format!("{}_rank", f.code),
            format!("{}_percentile", f.code),
        ]);
    }
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    let rows: Vec<Vec<Cell>> = panel
        .orgs
        .iter()
        .map(|o| {
            let mut r = vec![Cell::Text(o.id.clone()), Cell::Text(o.name.clone())];
            for &(i, f) in figures {
                let v = o.values[i].map(|v| v.value);
                let place = v.and_then(|v| panel.ranked[i].place(v));
                r.push(v.map_or(Cell::Empty, |v| num(v, f.shown_unit().code())));
                r.push(place.map_or(Cell::Empty, |p| count(p.rank)));
                r.push(place.and_then(|p| p.percentile).map_or(Cell::Empty, count));
            }
            r
        })
        .collect();
    let last = write_rows(ws, 0, &head, &rows, formats)?;
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(
        0,
        0,
        last.saturating_sub(1),
        super::cells::col(head.len().saturating_sub(1)),
    )?;
    Ok(())
}

/// The **Series** sheet: the main series' quartiles across the organisations, a row per series
/// and period.
fn series(wb: &mut Workbook, panel: &Panel, formats: &mut Formats) -> std::result::Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("Series")?;
    let header = [
        "series",
        "label",
        "unit",
        "period",
        "organisations",
        "q1",
        "median",
        "q3",
    ];
    let rows: Vec<Vec<Cell>> = panel
        .bands
        .iter()
        .flat_map(|b| {
            b.points.iter().map(move |(p, n, q)| {
                vec![
                    Cell::Text(b.series.clone()),
                    Cell::Text(panel_label(&b.label)),
                    Cell::Text(b.unit.map_or("", Unit::code).to_string()),
                    Cell::Text(p.to_string()),
                    count(*n),
                    num(q.q1, b.unit.map_or("", Unit::code)),
                    num(q.median, b.unit.map_or("", Unit::code)),
                    num(q.q3, b.unit.map_or("", Unit::code)),
                ]
            })
        })
        .collect();
    write_rows(ws, 0, &header, &rows, formats)?;
    ws.set_freeze_panes(1, 0)?;
    ws.autofit();
    Ok(())
}
