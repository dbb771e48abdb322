//! Tables as worksheets: every cell typed by its column's description (numbers as numbers,
//! booleans as booleans, everything else as inert text), numbers stored as the CSV file writes
//! them (taken from the typed cells, never read back from text) and formatted by their unit, a
//! bold frozen header, an autofilter, and columns sized to fit.

use std::collections::HashMap;

use rust_xlsxwriter::{Format, Note, Worksheet, XlsxError};

use crate::load::vocab::ValueUnit;
use crate::render::columns::INFERRED_PERIODS;
use crate::render::dated;
use crate::render::tables::{Cell, Table, decimals_for};

/// Widest a column is sized to, in pixels: long texts (formulas, inputs) wrap nothing and stay
/// readable in the formula bar.
const MAX_COLUMN_PIXELS: u32 = 420;

/// Height of a line of the default font (Calibri 11), in points: a row's height per wrapped line.
pub(super) const LINE_POINTS: f64 = 15.0;
/// The tallest row a spreadsheet allows, in points.
const MAX_ROW_POINTS: f64 = 409.0;

/// The height of a row of `lines` lines of the default font, in points.
pub(super) fn lines_points(lines: usize) -> f64 {
    (lines as f64 * LINE_POINTS).min(MAX_ROW_POINTS)
}

/// Lines `text` takes wrapped in a column `width` characters wide: each newline starts a line,
/// a word that does not fit goes to the next one, a word longer than a line is broken. Every
/// character counts as wide as a digit, the unit of column widths, which most letters of a
/// proportional font are not: the estimate errs towards room to spare.
pub(super) fn wrapped_lines(text: &str, width: usize) -> usize {
    let width = width.max(1);
    text.split('\n')
        .map(|paragraph| {
            let (mut lines, mut used) = (1, 0);
            for word in paragraph.split(' ') {
                let w = word.chars().count();
                if used == 0 {
                    used = w;
                } else if used + 1 + w <= width {
                    used += 1 + w;
                } else {
                    lines += 1;
                    used = w;
                }
                while used > width {
                    lines += 1;
                    used -= width;
                }
            }
            lines
        })
        .sum()
}

/// `text` as a cell can hold it: whole, or if longer than an Excel cell holds, cut there with an
/// ellipsis. Every text of the data fits (`validate` refuses longer ones, `load::limits`); a text
/// the report composes from several (a chart's source lines, a figure's sources) could still
/// exceed it, and the workbook is then written with that cell cut rather than not at all.
pub(super) fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    use crate::load::limits::{CELL_UNITS, Limit};
    if Limit::Cell.allows(text) {
        return text.into();
    }
    let mut units = 0;
    let mut out = String::new();
    for c in text.chars() {
        units += c.len_utf16();
        // One unit is kept for the ellipsis.
        if units > CELL_UNITS - 1 {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out.into()
}

/// Cell formats, made once per number format.
pub(super) struct Formats {
    by_code: HashMap<String, Format>,
    pub(super) bold: Format,
}

impl Formats {
    pub(super) fn new() -> Self {
        Formats {
            by_code: HashMap::new(),
            bold: Format::new().set_bold(),
        }
    }

    /// The format showing numbers with `code` (`#,##0.0`).
    pub(super) fn number(&mut self, code: &str) -> &Format {
        self.by_code
            .entry(code.to_string())
            .or_insert_with(|| Format::new().set_num_format(code))
    }
}

/// The Excel number format of a value in `unit`: the decimals the tables use for that unit, with
/// a thousands separator. Excel shows both in the reader's locale (`8 691`, `42,8` in French).
pub(super) fn number_format(unit: &str) -> String {
    match decimals_for(ValueUnit::from_code(unit)) {
        0 => "#,##0".to_string(),
        d => format!("#,##0.{}", "0".repeat(d)),
    }
}

/// A number format showing exactly the decimals `cell` is written with (`-2.5862` →
/// `#,##0.0000`).
fn written_format(cell: &Cell) -> String {
    match cell {
        Cell::Number(n) if n.decimals > 0 => format!("#,##0.{}", "0".repeat(n.decimals.into())),
        _ => "#,##0".to_string(),
    }
}

/// What a cell holds, from its column's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Number,
    Integer,
    Boolean,
    Text,
}

fn kind_of(spec_kind: &str) -> Kind {
    match spec_kind {
        "number" => Kind::Number,
        "integer" => Kind::Integer,
        "boolean" => Kind::Boolean,
        _ => Kind::Text,
    }
}

/// Writes `table` from cell (0, 0): the header, then a row per record.
pub(super) fn write_table(ws: &mut Worksheet, table: &Table, formats: &mut Formats) -> Result<(), XlsxError> {
    for (c, h) in table.header.iter().enumerate() {
        ws.write_string_with_format(0, col(c), fit(h), &formats.bold)?;
    }
    let kinds: Vec<Kind> = table.columns.iter().map(|s| kind_of(s.kind)).collect();
    let unit_col = table.header.iter().position(|h| h == "unit");
    for r in 0..table.len() {
        let row = u32::try_from(r + 1).unwrap_or(u32::MAX);
        let row_unit = unit_col.and_then(|i| table.text(r, i));
        for (c, cell) in table.cells(r).enumerate() {
            if cell.is_empty() {
                continue;
            }
            let kind = kinds.get(c).copied().unwrap_or(Kind::Text);
            let spec = table.columns.get(c);
            let code = match spec {
                Some(s) if s.as_written => written_format(&cell),
                // The column's own unit; for numbers, else the row's (integers such as years
                // have none).
                Some(s) => match (s.unit, kind) {
                    (Some(u), _) => number_format(u),
                    (None, Kind::Number) => row_unit.as_deref().map_or_else(|| "General".to_string(), number_format),
                    _ => "0".to_string(),
                },
                None => "General".to_string(),
            };
            write_cell(ws, row, col(c), &cell, kind, &code, formats)?;
        }
    }
    note_inferred_periods(ws, table)?;
    let last_row = u32::try_from(table.len()).unwrap_or(u32::MAX);
    let last_col = col(table.header.len().saturating_sub(1));
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, last_row, last_col)?;
    ws.set_autofit_max_width(MAX_COLUMN_PIXELS);
    ws.autofit();
    Ok(())
}

/// A note on each period cell whose period is inferred: that of a row whose `dated` (or
/// `compared_dated`) is `inferred`, and in a domain's table the period columns its row's
/// `inferred_periods` lists. The cell keeps the CSV's value; the note says why it is uncertain.
fn note_inferred_periods(ws: &mut Worksheet, table: &Table) -> Result<(), XlsxError> {
    let column_of = |name: &str| table.header.iter().position(|h| h == name);
    let pairs: Vec<(usize, usize)> = dated::PERIOD_COLUMNS
        .iter()
        .filter_map(|(flag, period)| column_of(flag).zip(column_of(period)))
        .collect();
    let listed = column_of(INFERRED_PERIODS);
    if pairs.is_empty() && listed.is_none() {
        return Ok(());
    }
    let inferred = dated::code(true);
    let note = Note::new(dated::NOTE).add_author_prefix(false);
    for r in 0..table.len() {
        let row = u32::try_from(r + 1).unwrap_or(u32::MAX);
        let mut cols: Vec<usize> = pairs
            .iter()
            .filter(|(flag, _)| table.text(r, *flag).as_deref() == Some(inferred))
            .map(|(_, period)| *period)
            .collect();
        if let Some(periods) = listed.and_then(|i| table.text(r, i)).filter(|p| !p.is_empty()) {
            cols.extend(periods.split("; ").filter_map(column_of));
        }
        for c in cols {
            ws.insert_note(row, col(c), &note)?;
        }
    }
    Ok(())
}

/// One cell: a number where the column holds numbers and the cell is one, a boolean where the
/// column holds booleans and the cell is one, text otherwise (as the CSV file writes it). Text is
/// written as a string cell, never as a formula, so `=…` stays inert.
fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    kind: Kind,
    code: &str,
    formats: &mut Formats,
) -> Result<(), XlsxError> {
    let number = cell
        .as_number()
        .filter(|_| matches!(kind, Kind::Number | Kind::Integer));
    match (number, cell, kind) {
        (Some(v), _, _) => {
            ws.write_number_with_format(row, col, v, formats.number(code))?;
        }
        (None, Cell::Boolean(b), Kind::Boolean) => {
            ws.write_boolean(row, col, *b)?;
        }
        _ => {
            ws.write_string(row, col, fit(&cell.to_text()))?;
        }
    }
    Ok(())
}

/// A column index as the spreadsheet counts them (at most 16,384 columns; more are clamped and
/// rejected by the writer).
pub(super) fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{Data, Reader, Xlsx};
    use proptest::prelude::*;
    use rust_xlsxwriter::Workbook;

    use super::*;

    #[test]
    fn a_text_longer_than_a_cell_is_cut_with_an_ellipsis_and_others_are_kept() {
        assert_eq!(fit("short"), "short");
        let whole = "a".repeat(32_767);
        assert_eq!(fit(&whole), whole.as_str());
        let cut = fit(&"b".repeat(40_000)).into_owned();
        assert_eq!(cut.encode_utf16().count(), 32_767);
        assert!(cut.ends_with("b…"));
        // Never half a surrogate pair: emoji are two units each.
        let cut = fit(&"\u{1F4DA}".repeat(20_000)).into_owned();
        assert_eq!(cut.encode_utf16().count(), 32_767);
    }
    use crate::render::columns::FieldSpec;

    fn spec(kind: &'static str) -> FieldSpec {
        FieldSpec {
            kind,
            description: String::new(),
            unit: None,
            values: None,
            as_written: false,
        }
    }

    /// `table` written to a workbook and read back: its cells, and the formulas of the sheet.
    fn round_trip(table: &Table) -> (calamine::Range<Data>, calamine::Range<String>) {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("t").unwrap();
        write_table(ws, table, &mut Formats::new()).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let mut x: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
        (x.worksheet_range("t").unwrap(), x.worksheet_formula("t").unwrap())
    }

    fn table(rows: Vec<Vec<Cell<'static>>>) -> Table<'static> {
        Table::of_cells(
            "t",
            vec!["text".into(), "value".into(), "unit".into(), "flag".into()],
            rows,
            vec![spec("string"), spec("number"), spec("string"), spec("boolean")],
        )
    }

    #[test]
    fn text_that_looks_like_a_formula_stays_text() {
        let rows = vec![vec![
            Cell::text("=1+1"),
            Cell::number(2.5, 1),
            Cell::text("percent"),
            Cell::Boolean(true),
        ]];
        let (cells, formulas) = round_trip(&table(rows));
        assert_eq!(cells.get((1, 0)), Some(&Data::String("=1+1".into())));
        assert_eq!(cells.get((1, 1)), Some(&Data::Float(2.5)));
        assert_eq!(cells.get((1, 3)), Some(&Data::Bool(true)));
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no formula cell");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Any text stays the same text, any number written with fixed decimals reads back as
        /// the same number, and an empty cell stays empty.
        #[test]
        fn cells_read_back_as_written(
            rows in prop::collection::vec(
                ("\\PC{0,12}", prop::option::of((-1e9f64..1e9, 0usize..7)), any::<bool>()),
                1..20,
            )
        ) {
            let records: Vec<Vec<String>> = rows
                .iter()
                .map(|(text, value, flag)| {
                    let v = value.map(|(v, d)| crate::format::fixed(v, d)).unwrap_or_default();
                    vec![text.clone(), v, "persons".into(), flag.to_string()]
                })
                .collect();
            let typed = rows
                .iter()
                .map(|(text, value, flag)| {
                    let v = value.map_or(Cell::Empty, |(v, d)| Cell::number(v, d));
                    vec![Cell::text(text.clone()), v, Cell::text("persons"), Cell::Boolean(*flag)]
                })
                .collect();
            let (cells, _) = round_trip(&table(typed));
            for (i, rec) in records.iter().enumerate() {
                let cell = |c: usize| cells.get((i + 1, c)).cloned().unwrap_or(Data::Empty);
                let text = if rec[0].is_empty() { Data::Empty } else { Data::String(rec[0].clone()) };
                prop_assert_eq!(cell(0), text);
                let value = match rec[1].parse::<f64>() {
                    Ok(v) => Data::Float(v),
                    Err(_) => Data::Empty,
                };
                prop_assert_eq!(cell(1), value);
                prop_assert_eq!(cell(3), Data::Bool(rec[3] == "true"));
            }
        }
    }

    #[test]
    fn lines_count_words_carried_over_and_newlines() {
        assert_eq!(wrapped_lines("", 10), 1);
        assert_eq!(wrapped_lines("one two", 10), 1);
        // "aaaa bbbb" is 9 characters; "cc" no longer fits on that line.
        assert_eq!(wrapped_lines("aaaa bbbb cc", 10), 2);
        assert_eq!(wrapped_lines("aaaa bbbb c", 11), 1);
        assert_eq!(wrapped_lines("first\nsecond\nthird", 80), 3);
        // A word longer than the column is broken over lines.
        assert_eq!(wrapped_lines(&"x".repeat(25), 10), 3);
    }

    #[test]
    fn number_formats_follow_the_unit() {
        assert_eq!(number_format("persons"), "#,##0");
        assert_eq!(number_format("projects"), "#,##0");
        assert_eq!(number_format("EUR million"), "#,##0.0");
        assert_eq!(number_format("percent"), "#,##0.00");
        assert_eq!(number_format("ratio"), "#,##0.000");
    }

    #[test]
    fn written_formats_keep_every_decimal() {
        assert_eq!(written_format(&Cell::number(-2.58621, 4)), "#,##0.0000");
        assert_eq!(written_format(&Cell::number(5104.2, 0)), "#,##0");
        assert_eq!(written_format(&Cell::number(0.002, 3)), "#,##0.000");
        assert_eq!(written_format(&Cell::Integer(12)), "#,##0");
    }

    #[test]
    fn column_types_map_to_cell_kinds() {
        assert_eq!(kind_of("number"), Kind::Number);
        assert_eq!(kind_of("integer"), Kind::Integer);
        assert_eq!(kind_of("boolean"), Kind::Boolean);
        assert_eq!(kind_of("string"), Kind::Text);
    }
}
