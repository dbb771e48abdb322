//! The tables under `output/tables/`, built in memory with their column descriptions. Numbers
//! are written with fixed decimals (see [`decimals_for`]) so that the same inputs give the same
//! bytes.

mod domain;

use std::borrow::Cow;

use crate::analysis::Analysis;
use crate::compute::projections::Projections;
use crate::error::{Error, Result};
use crate::format::fixed;
use crate::names::{AUDIT_TABLE, COVERAGE_TABLE, INDICATORS_TABLE, KEY_FIGURES_TABLE, PROJECTIONS_TABLE};
use crate::render::cards;
use crate::render::columns::{self, FieldSpec};
use crate::render::csv_out::CsvOut;
use crate::render::dated;
use crate::render::indicator_cells::IndicatorCells;
pub use crate::render::indicator_cells::{INDICATOR_COLUMNS, INDICATOR_DECIMALS};
use crate::schema::Domain;
use domain::domain_table;

/// One cell as written: borrowed from the analysis where the text is already there (ids,
/// labels, formulas), formatted otherwise.
pub type Cell<'a> = Cow<'a, str>;

/// One output table: its file stem, header and rows as written, and what each column means.
pub struct Table<'a> {
    /// File stem under `tables/`; also names its resource in `datapackage.json`.
    pub name: String,
    /// Column names, in order.
    pub header: Vec<String>,
    /// The cells of each row as written in the CSV file.
    body: Body<'a>,
    /// One description per column of `header`.
    pub columns: Vec<FieldSpec>,
    /// For a domain's summary table, the domain's title (its sheet and heading).
    pub domain_title: Option<&'static str>,
}

/// A table's cells: built row by row, or (the indicator table) read from the indicator rows.
enum Body<'a> {
    Rows(Vec<Vec<Cell<'a>>>),
    Indicators(IndicatorCells<'a>),
}

/// Rows of owned strings as cells.
fn owned<'a>(rows: impl IntoIterator<Item = Vec<String>>) -> Vec<Vec<Cell<'a>>> {
    rows.into_iter()
        .map(|r| r.into_iter().map(Cow::Owned).collect())
        .collect()
}

impl<'a> Table<'a> {
    fn new(name: &str, header: Vec<String>, rows: Vec<Vec<Cell<'a>>>) -> Table<'a> {
        Table::build(name, None, header, Body::Rows(rows))
    }

    /// The summary table of `domain`.
    fn of_domain(domain: &Domain, header: Vec<String>, rows: Vec<Vec<Cell<'a>>>) -> Table<'a> {
        Table::build(domain.id, Some(domain.title), header, Body::Rows(rows))
    }

    fn build(name: &str, domain_title: Option<&'static str>, header: Vec<String>, body: Body<'a>) -> Table<'a> {
        let mut t = Table {
            name: name.to_string(),
            header,
            body,
            columns: Vec::new(),
            domain_title,
        };
        let columns = {
            let t = &t;
            t.header
                .iter()
                .enumerate()
                .map(|(i, col)| {
                    columns::describe(name, domain_title.is_some(), col, || {
                        (0..t.len()).map(move |r| t.cell(r, i).unwrap_or(""))
                    })
                })
                .collect()
        };
        t.columns = columns;
        t
    }

    /// A table of the given cells and column descriptions (for tests of the writers).
    #[cfg(test)]
    pub(crate) fn of_cells(
        name: &str,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        columns: Vec<FieldSpec>,
    ) -> Table<'a> {
        Table {
            name: name.to_string(),
            header,
            body: Body::Rows(owned(rows)),
            columns,
            domain_title: None,
        }
    }

    /// The table with column `col`'s allowed values set to `values`.
    fn with_values(mut self, col: &str, values: Vec<&'static str>) -> Table<'a> {
        if let Some(i) = self.header.iter().position(|h| h == col) {
            self.columns[i].values = Some(values);
        }
        self
    }

    /// The file name under `tables/`.
    pub fn file_name(&self) -> String {
        format!("{}.csv", self.name)
    }

    /// Number of rows, the header not counted.
    pub fn len(&self) -> usize {
        match &self.body {
            Body::Rows(rows) => rows.len(),
            Body::Indicators(cells) => cells.len(),
        }
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The cell of row `row` (from 0, the header not counted) in column `col`, as written.
    pub fn cell(&self, row: usize, col: usize) -> Option<&str> {
        match &self.body {
            Body::Rows(rows) => rows.get(row)?.get(col).map(|c| c.as_ref()),
            Body::Indicators(cells) => cells.cell(row, col),
        }
    }

    /// The cells of row `row`, in column order.
    pub fn row(&self, row: usize) -> impl Iterator<Item = &str> {
        (0..self.header.len()).map_while(move |c| self.cell(row, c))
    }

    /// The table as CSV: UTF-8, a header row, `\n` line ends.
    pub fn to_csv(&self) -> Result<Vec<u8>> {
        // Sized once: the indicator table runs to megabytes, and growing it copies it each time.
        let size: usize = (0..self.len()).flat_map(|r| self.row(r)).map(|c| c.len() + 1).sum();
        let mut out = CsvOut::with_capacity(size + size / 16 + 1024);
        out.record(self.header.iter().map(|h| h.as_bytes()));
        for r in 0..self.len() {
            let n = out.record(self.row(r).map(str::as_bytes));
            if n != self.header.len() {
                return Err(Error::Other(format!(
                    "table {}: row {} has {n} cells for {} columns",
                    self.name,
                    r + 1,
                    self.header.len()
                )));
            }
        }
        Ok(out.into_bytes())
    }

    /// The rows as CSV without a header, appended to `out`, each led by `first` and holding the
    /// columns named in `columns` (in that order): a panel's rows taken from one organisation's
    /// table.
    pub fn append_rows(&self, first: &str, columns: &[&str], out: &mut Vec<u8>) -> Result<()> {
        let at: Vec<usize> = columns
            .iter()
            .map(|c| {
                self.header
                    .iter()
                    .position(|h| h == c)
                    .ok_or_else(|| Error::Other(format!("table {} has no column {c}", self.name)))
            })
            .collect::<Result<_>>()?;
        let mut csv = CsvOut::appending(std::mem::take(out));
        for r in 0..self.len() {
            csv.field(first.as_bytes());
            at.iter()
                .for_each(|i| csv.field(self.cell(r, *i).unwrap_or_default().as_bytes()));
            csv.end_record();
        }
        *out = csv.into_bytes();
        Ok(())
    }
}

fn strings(cols: &[&str]) -> Vec<String> {
    cols.iter().map(|c| c.to_string()).collect()
}

/// Every table, in the order the dashboard shows them: the key figures, the domains, then
/// indicators, projections and audit.
pub fn build_all(a: &Analysis) -> Vec<Table<'_>> {
    let domains = &a.dataset.domains;
    let mut out = vec![key_figures_table(a).with_values("domain", domains.ids())];
    out.extend(
        domains
            .iter()
            .map(|d| domain_table(d, &a.dataset, &a.computed, &a.projections)),
    );
    out.push(indicators_table(a));
    out.push(projections_table(&a.projections));
    out.push(audit_table(&a.audit));
    // Only where a document's text was read: a panel of synthetic data has none.
    if !a.coverage.documents.is_empty() {
        out.push(coverage_table(&a.coverage));
    }
    out
}

/// Columns of the coverage table.
pub const COVERAGE_COLUMNS: [&str; 8] = [
    "source",
    "section",
    "figures",
    "recorded",
    "not_recorded",
    "out_of_scope",
    "excluded_by_rule",
    "recorded_share",
];

/// One row per section of each document, then one per document (section `(whole document)`).
fn coverage_table(c: &crate::audit::coverage::Coverage) -> Table<'static> {
    let record = |source: &str, section: &str, n: &crate::audit::coverage::Counts| {
        vec![
            source.to_string(),
            section.to_string(),
            n.total().to_string(),
            n.recorded.to_string(),
            n.not_recorded.to_string(),
            n.out_of_scope.to_string(),
            n.excluded.to_string(),
            n.recorded_share().map_or(String::new(), |s| fixed(s, 1)),
        ]
    };
    let mut rows = Vec::new();
    for d in &c.documents {
        rows.extend(d.sections.iter().map(|(s, n)| record(&d.source, s, n)));
        rows.push(record(&d.source, crate::audit::coverage::WHOLE_DOCUMENT, &d.total));
    }
    Table::new(COVERAGE_TABLE, strings(&COVERAGE_COLUMNS), owned(rows))
}

/// The indicator table alone (`tables/indicators.csv`), as [`build_all`] makes it: what a panel
/// takes its rows from when it writes no report of the organisation (`--panel-only`).
pub fn indicators_table(a: &Analysis) -> Table<'_> {
    Table::build(
        INDICATORS_TABLE,
        None,
        strings(&INDICATOR_COLUMNS),
        Body::Indicators(IndicatorCells::new(&a.computed.rows, |i| a.dataset.inferred(i))),
    )
    .with_values("domain", a.dataset.domains.ids())
}

/// Decimals used in the summary tables, by unit. indicators.csv always uses six.
pub fn decimals_for(unit: &str) -> usize {
    match unit {
        u if crate::load::vocab::Unit::is_count_code(u) => 0,
        "EUR million" | "years" => 1,
        "ratio" => 3,
        _ => 2,
    }
}

/// The columns of `key_figures.csv`.
pub const KEY_FIGURE_COLUMNS: [&str; 15] = [
    "code",
    "domain",
    "label",
    "period",
    "value",
    "unit",
    "approximate",
    "compared_with",
    "compared_period",
    "compared_value",
    "percent_change",
    "source",
    "inputs",
    "dated",
    "compared_dated",
];

/// The report definition's key figures, as the summary and the dashboard show them, one a row.
fn key_figures_table(a: &Analysis) -> Table<'static> {
    let rows = a.key_figures.iter().map(|k| {
        let d = decimals_for(k.unit.code());
        let c = k.compare.as_ref();
        vec![
            k.code.clone(),
            k.domain.clone(),
            k.label.clone(),
            k.at.to_string(),
            fixed(k.value, d),
            k.unit.to_string(),
            (k.approx || c.is_some_and(|c| c.approx)).to_string(),
            c.and_then(|c| c.label.clone()).unwrap_or_default(),
            c.map(|c| c.at.to_string()).unwrap_or_default(),
            c.map(|c| fixed(c.value, d)).unwrap_or_default(),
            c.and_then(|c| c.percent_change)
                .map(|p| fixed(p, 2))
                .unwrap_or_default(),
            cards::source_line(&a.dataset, &k.inputs),
            k.inputs.to_string(),
            dated::code(k.inferred).to_string(),
            c.map(|c| dated::code(c.inferred).to_string()).unwrap_or_default(),
        ]
    });
    Table::new(KEY_FIGURES_TABLE, strings(&KEY_FIGURE_COLUMNS), owned(rows))
}

/// The columns of `projections.csv`.
pub const PROJECTION_COLUMNS: [&str; 9] = [
    "series", "label", "method", "year", "value", "unit", "observed", "basis", "dated",
];

fn projections_table(p: &Projections) -> Table<'static> {
    let rows = p.rows.iter().map(|r| {
        let basis = p.bases.iter().find(|b| b.series == r.series);
        let dated = basis.map(|b| dated::code(b.inferred.contains(&true)).to_string());
        let basis = basis.map(|b| b.provenance.clone()).unwrap_or_default();
        vec![
            r.series.clone(),
            r.label.clone(),
            r.method.id().to_string(),
            r.year.to_string(),
            fixed(r.value, 2),
            r.unit.to_string(),
            r.observed.to_string(),
            basis,
            dated.unwrap_or_default(),
        ]
    });
    Table::new(PROJECTIONS_TABLE, strings(&PROJECTION_COLUMNS), owned(rows))
}

/// The columns of `audit.csv`, before its final `note` column.
pub const AUDIT_COLUMNS: [&str; 18] = [
    "kind",
    "id",
    "subject",
    "from",
    "to",
    "unit",
    "stated",
    "recomputed",
    "difference",
    "stated_low",
    "stated_high",
    "recomputed_low",
    "recomputed_high",
    "interval_gap",
    "verdict",
    "dated",
    "locators",
    "inputs",
];

/// One audit row's cells in the order of [`AUDIT_COLUMNS`] (without the note).
pub fn audit_record(r: &crate::audit::AuditRow) -> Vec<String> {
    let d = usize::from(r.stated_decimals) + 3;
    vec![
        r.kind.code().to_string(),
        r.id.clone(),
        r.subject.clone(),
        r.from.map(|p| p.to_string()).unwrap_or_default(),
        r.to.to_string(),
        r.unit.to_string(),
        fixed(r.stated, r.stated_decimals.into()),
        fixed(r.recomputed, d),
        fixed(r.difference(), d),
        bound(r.stated_range.lo, d),
        bound(r.stated_range.hi, d),
        bound(r.recomputed_range.lo, d),
        bound(r.recomputed_range.hi, d),
        fixed(r.interval_gap(), d),
        r.verdict.code().to_string(),
        dated::code(r.inferred).to_string(),
        r.locators.clone(),
        r.inputs.to_string(),
    ]
}

/// An end of a range: empty where the range has none (the upper end of a "more than" figure,
/// the lower end of a "less than" one), which the interval arithmetic holds as an infinity.
fn bound(v: f64, decimals: usize) -> String {
    if v.is_finite() {
        fixed(v, decimals)
    } else {
        String::new()
    }
}

fn audit_table(rows: &[crate::audit::AuditRow]) -> Table<'static> {
    let mut header = strings(&AUDIT_COLUMNS);
    header.push("note".into());
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut rec = audit_record(r);
            rec.push(r.note.clone());
            rec
        })
        .collect();
    Table::new(AUDIT_TABLE, header, owned(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: Vec<Vec<&str>>) -> Table<'static> {
        let header = strings(&["a", "b"]);
        let columns = header
            .iter()
            .map(|c| columns::describe("t", false, c, std::iter::empty))
            .collect();
        let rows = rows
            .into_iter()
            .map(|r| r.into_iter().map(String::from).collect())
            .collect();
        Table::of_cells("t", header, rows, columns)
    }

    #[test]
    fn csv_has_a_header_then_a_line_a_row_quoted_where_needed() {
        let t = table(vec![vec!["1", "x, y"], vec!["", "say \"hi\""]]);
        let csv = String::from_utf8(t.to_csv().unwrap()).unwrap();
        assert_eq!(csv, "a,b\n1,\"x, y\"\n,\"say \"\"hi\"\"\"\n");
        let mut panel = b"organisation,b\n".to_vec();
        t.append_rows("org1", &["b"], &mut panel).unwrap();
        assert_eq!(
            String::from_utf8(panel).unwrap(),
            "organisation,b\norg1,\"x, y\"\norg1,\"say \"\"hi\"\"\"\n"
        );
        assert!(t.append_rows("org1", &["c"], &mut Vec::new()).is_err());
    }

    #[test]
    fn a_row_short_of_cells_is_an_error_not_a_ragged_line() {
        let t = table(vec![vec!["1", "2"], vec!["3"]]);
        let e = t.to_csv().unwrap_err().to_string();
        assert!(e.contains("row 2 has 1 cells for 2 columns"), "{e}");
    }
}
