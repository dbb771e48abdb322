//! The dashboard's tables section: every table, with what it holds and a link to its CSV (and to
//! the workbook).

use maud::{Markup, html};

use super::{humanise, id_of};
use crate::load::vocab::ValueUnit;
use crate::names::{AUDIT_TABLE, INDICATORS_TABLE, PROJECTIONS_TABLE};
use crate::render::tables::{Cell, Table};

/// What a table holds, as the paragraph under its heading; None for a table without one.
fn table_intro(table: &Table) -> Option<Markup> {
    if let Some(title) = table.domain_title {
        return Some(html! {
            (title) ": one row per series and per single-period indicator, one column per period, then the change \
             and compound annual growth rate between the series' first and last periods."
        });
    }
    match table.name.as_str() {
        INDICATORS_TABLE => Some(html! {
            "Every indicator of the catalogue at every period the data allow, with its formula, the computation \
             with its numbers, and the data rows it reads."
        }),
        PROJECTIONS_TABLE => Some(html! {
            "Year-by-year values of the projected series under each method; " em { "observed" }
            " marks the two points each projection starts from."
        }),
        _ => None,
    }
}

/// Whether a cell is shown as a number (right-aligned): a finite number, or text written as one
/// (a year).
fn looks_numeric(cell: &Cell) -> bool {
    match cell {
        Cell::Number(n) => n.value.is_finite(),
        Cell::Integer(_) => true,
        Cell::Text(t) => !t.is_empty() && t.parse::<f64>().is_ok_and(f64::is_finite),
        Cell::Empty | Cell::Boolean(_) => false,
    }
}

/// A number of a table for readers, as the cards write numbers: thousands grouped, a true minus
/// sign, and decimals by unit: one for a percentage (a `unit` of percent, or a percent change or
/// growth rate column), none for a count, else those the CSV file has without trailing zeros.
/// Anything else as the file writes it.
fn for_readers<'a>(cell: &'a Cell, unit: &str, column: &str) -> std::borrow::Cow<'a, str> {
    let text = cell.to_text();
    match cell.as_number() {
        Some(v) => {
            let written = text.split_once('.').map_or("", |(_, f)| f).trim_end_matches('0').len();
            let percent = unit == "percent" || column.starts_with("percent_change") || column.starts_with("cagr");
            let decimals = if percent {
                written.min(1)
            } else if ValueUnit::from_code(unit).is_some_and(ValueUnit::is_count) {
                0
            } else {
                written
            };
            crate::format::grouped(v, decimals).into()
        }
        _ => text,
    }
}

/// The tables in the order given (key figures, domain tables, indicators, projections); the audit
/// table is shown in the audit section.
pub(super) fn tables_section(tables: &[Table], workbook: Option<&str>) -> Markup {
    let shown: Vec<&Table> = tables.iter().filter(|t| t.name != AUDIT_TABLE).collect();
    html! {
        section class="block" id="tables" {
            "\n"
            h2 { "Tables" } "\n"
            p class="lead" {
                "The CSV files under " code { "tables/" }
                ", as written; each heading links to its file. Wide tables scroll sideways."
                @if let Some(b) = workbook {
                    " For Excel: " a href=(b) { (b) }
                    ", every table as a typed worksheet with native charts."
                }
            }
            "\n"
            @if shown.is_empty() {
                p class="note" { "No table was written." } "\n"
            }
            @for table in shown { (one_table(table)) }
        }
        "\n"
    }
}

/// Tables longer than this are folded on screen, and not printed.
const FOLDED_ROWS: usize = 25;

/// A table's heading (linking to its file), what it holds, and its cells.
fn one_table(table: &Table) -> Markup {
    let name = table.file_name();
    let stem = table.name.as_str();
    let header = &table.header;
    let rows = table.len();
    let numeric: Vec<bool> = (0..header.len())
        .map(|i| {
            let mut vals = (0..rows)
                .filter_map(|r| table.cell(r, i))
                .filter(|v| !v.is_empty())
                .peekable();
            vals.peek().is_some() && vals.all(|v| looks_numeric(&v))
        })
        .collect();
    let code_col = |c: &str| matches!(c, "inputs" | "computation" | "formula" | "basis");
    // Numbers (not integers such as years) are written for readers; the CSV keeps them raw.
    let unit_column = header.iter().position(|c| c == "unit");
    let grouped: Vec<bool> = numeric
        .iter()
        .zip(&table.columns)
        .map(|(num, c)| *num && c.kind == "number")
        .collect();
    // The class of each column's cells: numbers right-aligned, code in a fixed font, text wide.
    let classes: Vec<Option<&str>> = header
        .iter()
        .zip(&numeric)
        .map(|(col, num)| {
            if *num {
                Some("num")
            } else if code_col(col) {
                Some("code")
            } else if matches!(col.as_str(), "label" | "note") {
                Some("wide")
            } else {
                None
            }
        })
        .collect();
    let id = id_of(stem);
    let title = table.domain_title.map_or_else(|| humanise(stem), str::to_string);
    // The long-format tables would fill dozens of printed pages: on paper, a pointer to the file.
    // On screen, every long table is folded: a report of many domains stays a page to scan.
    let bulky = [INDICATORS_TABLE, PROJECTIONS_TABLE].contains(&stem) || rows > FOLDED_ROWS;
    let scroll = format!(
        "scroll{}{}",
        if rows > 25 { " tall" } else { "" },
        if bulky { " screen-only" } else { "" }
    );
    html! {
        h3 id={ "tables-" (id) } {
            a href={ "tables/" (name) } { (title) } " " small { "(" (rows) " rows)" }
        }
        "\n"
        @if let Some(intro) = table_intro(table) {
            p class="lead" { (intro) } "\n"
        }
        @if bulky {
            p class="print-only" { "Not printed (" (rows) " rows): see " code { "tables/" (name) } "." } "\n"
        }
        details class="fold" open[!bulky] {
            summary { "The " (rows) " rows" }
        div class=(scroll) {
            table id={ "table-" (id) } {
                "\n"
                thead {
                    tr {
                        @for (c, num) in header.iter().zip(&numeric) {
                            th class=[num.then_some("num")] scope="col" { (c) }
                        }
                    }
                }
                "\n"
                tbody {
                    "\n"
                    @for r in 0..rows {
                        @let unit = unit_column.and_then(|u| table.text(r, u)).unwrap_or_default();
                        tr {
                            @for (i, v) in table.cells(r).enumerate() {
                                @if grouped.get(i).copied().unwrap_or(false) {
                                    td class=[classes.get(i).copied().flatten()] {
                                        (for_readers(&v, &unit, header.get(i).map_or("", String::as_str)))
                                    }
                                } @else {
                                    td class=[classes.get(i).copied().flatten()] { (v.to_text()) }
                                }
                            }
                        }
                        "\n"
                    }
                }
                "\n"
            }
        }
        }
        "\n"
    }
}
