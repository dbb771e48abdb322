//! The cells of `indicators.csv`, by far the largest table (thousands of rows an organisation,
//! millions in a panel): its text cells are borrowed from the indicator rows, its value stays a
//! number until a writer formats it, and its three texts made of typed values (periods, data
//! rows) are written once, one after the other, into one string, so that a table costs a few
//! allocations rather than several a row.

use std::fmt::Write;

use crate::compute::indicators::IndicatorRow;
use crate::load::rowref::Inputs;
use crate::render::dated;
use crate::render::tables::cell::Cell;

/// Decimals of the values in `indicators.csv`.
pub const INDICATOR_DECIMALS: usize = 6;

/// The columns of `indicators.csv`, in the order `IndicatorCells::cell` gives them.
pub const INDICATOR_COLUMNS: [&str; 12] = [
    "indicator",
    "label",
    "domain",
    "subject",
    "from",
    "to",
    "value",
    "unit",
    "formula",
    "computation",
    "inputs",
    "dated",
];

/// Formatted cells a row has: from, to, inputs.
const FORMATTED: usize = 3;

/// The indicator rows and their formatted cells.
pub struct IndicatorCells<'a> {
    rows: &'a [IndicatorRow],
    /// Each row's `dated` cell: whether a period it reads is inferred.
    dated: Vec<&'static str>,
    /// Every row's formatted cells, in order.
    text: String,
    /// End of each formatted cell in `text`: `FORMATTED` a row.
    ends: Vec<usize>,
}

impl<'a> IndicatorCells<'a> {
    /// Writes the text cells of `rows` that are not already text; `inferred` says whether a row's
    /// inputs include one whose period is inferred ([`crate::load::Dataset::inferred`]).
    pub fn new(rows: &'a [IndicatorRow], inferred: impl Fn(&Inputs) -> bool) -> IndicatorCells<'a> {
        let dated = rows.iter().map(|r| dated::code(inferred(&r.inputs))).collect();
        let mut text = String::with_capacity(rows.len() * 64);
        let mut ends = Vec::with_capacity(rows.len() * FORMATTED);
        for r in rows {
            // Writing to a String cannot fail.
            if let Some(from) = r.from {
                let _ = write!(text, "{from}");
            }
            ends.push(text.len());
            let _ = write!(text, "{}", r.to);
            ends.push(text.len());
            let _ = write!(text, "{}", r.inputs);
            ends.push(text.len());
        }
        IndicatorCells {
            rows,
            dated,
            text,
            ends,
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// The cell of row `row` in column `col` (of [`INDICATOR_COLUMNS`]).
    pub fn cell(&self, row: usize, col: usize) -> Option<Cell<'_>> {
        let r = self.rows.get(row)?;
        let text: &str = match col {
            0 => r.indicator,
            1 => &r.label,
            2 => r.domain,
            3 => &r.subject,
            4 => self.formatted(row, 0)?,
            5 => self.formatted(row, 1)?,
            6 => return Some(Cell::number(r.value, INDICATOR_DECIMALS)),
            7 => r.unit.code(),
            8 => &r.formula,
            9 => &r.computation,
            10 => self.formatted(row, 2)?,
            11 => self.dated.get(row)?,
            _ => return None,
        };
        Some(Cell::text(text))
    }

    /// The `k`th formatted cell of row `row`.
    fn formatted(&self, row: usize, k: usize) -> Option<&str> {
        let at = row * FORMATTED + k;
        let end = *self.ends.get(at)?;
        let start = if at == 0 { 0 } else { *self.ends.get(at - 1)? };
        self.text.get(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::rowref::RowRef;
    use crate::period::Period;
    use std::sync::Arc;

    fn row(from: Option<Period>, to: Period, value: f64, lines: &[u64]) -> IndicatorRow {
        IndicatorRow {
            entry: 0,
            indicator: "percent_change",
            label: Arc::from("Change, staff"),
            domain: "workforce",
            subject: Arc::from("staff.all"),
            from,
            to,
            value,
            unit: crate::load::vocab::ValueUnit::PERCENT,
            formula: Arc::from("100 × (b / a − 1)"),
            computation: "100 × (110 / 100 − 1)".into(),
            inputs: Inputs::of(
                lines
                    .iter()
                    .map(|&line| {
                        vec![RowRef {
                            file: "workforce.csv",
                            line,
                        }]
                    })
                    .collect(),
            ),
        }
    }

    #[test]
    fn cells_are_the_rows_texts_and_their_numbers_formatted() {
        let rows = [
            row(
                Some(Period::Year(2019)),
                Period::Year(2023),
                10.000000000000009,
                &[2, 6],
            ),
            row(None, Period::Range(2019, 2023), -0.0000004, &[]),
        ];
        // The second row's period is inferred: it reads no row, which stands for one here.
        let cells = IndicatorCells::new(&rows, Inputs::is_empty);
        assert_eq!(cells.len(), 2);
        let text = |row: usize, col: usize| cells.cell(row, col).map(|c| c.to_text().into_owned());
        let first: Vec<String> = (0..INDICATOR_COLUMNS.len()).filter_map(|c| text(0, c)).collect();
        assert_eq!(
            first,
            [
                "percent_change",
                "Change, staff",
                "workforce",
                "staff.all",
                "2019",
                "2023",
                "10.000000",
                "percent",
                "100 × (b / a − 1)",
                "100 × (110 / 100 − 1)",
                "workforce.csv:2; workforce.csv:6",
                "stated",
            ]
        );
        // No start period, a value that rounds to zero, no data rows: empty cells, no "-0".
        let second: Vec<String> = [4, 5, 6, 10, 11].iter().filter_map(|&c| text(1, c)).collect();
        assert_eq!(second, ["", "2019/2023", "0.000000", "", "inferred"]);
        assert_eq!(cells.cell(0, 6), Some(Cell::number(10.000000000000009, 6)));
        assert_eq!(cells.cell(0, INDICATOR_COLUMNS.len()), None);
        assert_eq!(cells.cell(2, 0), None);
    }
}
