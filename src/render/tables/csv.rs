//! A table written as CSV: its own file, and a panel's rows taken from it in the same pass.

use std::ops::Range;

use super::Table;
use crate::error::{Error, Result};
use crate::render::csv_out::CsvOut;

impl Table<'_> {
    /// The table as CSV: UTF-8, a header row, `\n` line ends.
    pub fn to_csv(&self) -> Result<Vec<u8>> {
        self.write_csv(|_, _| {})
    }

    /// [`Table::to_csv`], and the table's rows as a panel takes them, appended to `out` without a
    /// header, each led by `first` and holding the columns named in `columns` (in that order),
    /// in one pass: each cell is formatted once, and a panel's row copies its fields from the
    /// file's as written.
    pub fn to_csv_and_rows(&self, first: &str, columns: &[&str], out: &mut Vec<u8>) -> Result<Vec<u8>> {
        let at = self.positions(columns)?;
        let mut panel = CsvOut::appending(std::mem::take(out));
        let file = self.write_csv(|file, spans| {
            panel.field(first.as_bytes());
            for span in at.iter().filter_map(|i| spans.get(*i)) {
                panel.written_field(file.get(span.clone()).unwrap_or_default());
            }
            panel.end_record();
        });
        *out = panel.into_bytes();
        file
    }

    /// The CSV file, `each_row` called after each row with the bytes written so far and where
    /// each of the row's fields is in them.
    fn write_csv(&self, mut each_row: impl FnMut(&[u8], &[Range<usize>])) -> Result<Vec<u8>> {
        // Sized once: the indicator table runs to megabytes, and growing it copies it each time.
        let size: usize = (0..self.len())
            .flat_map(|r| self.cells(r))
            .map(|c| c.size_hint() + 1)
            .sum();
        let mut out = CsvOut::with_capacity(size + size / 16 + 1024);
        out.record(self.header.iter().map(|h| h.as_bytes()));
        // Where numbers are formatted, one after the other.
        let mut scratch = String::new();
        let mut spans = Vec::with_capacity(self.header.len());
        for r in 0..self.len() {
            spans.clear();
            spans.extend(self.cells(r).map(|c| out.field_at(c.written(&mut scratch).as_bytes())));
            let n = out.fields();
            out.end_record();
            if n != self.header.len() {
                return Err(Error::Other(format!(
                    "table {}: row {} has {n} cells for {} columns",
                    self.name,
                    r + 1,
                    self.header.len()
                )));
            }
            each_row(out.bytes(), &spans);
        }
        Ok(out.into_bytes())
    }

    /// The position of each of `columns` in the header.
    fn positions(&self, columns: &[&str]) -> Result<Vec<usize>> {
        columns
            .iter()
            .map(|c| {
                self.header
                    .iter()
                    .position(|h| h == c)
                    .ok_or_else(|| Error::Other(format!("table {} has no column {c}", self.name)))
            })
            .collect()
    }
}
