//! The tables under `output/tables/`, built in memory with their column descriptions. Numbers
//! are written with fixed decimals (see [`decimals_for`]) so that the same inputs give the same
//! bytes.

pub mod cell;
mod csv;
mod domain;

use std::borrow::Cow;

use crate::analysis::Analysis;
use crate::compute::projections::Projections;
use crate::load::vocab::{Unit, ValueUnit};
use crate::names::{AUDIT_TABLE, COVERAGE_TABLE, INDICATORS_TABLE, KEY_FIGURES_TABLE, PROJECTIONS_TABLE};
use crate::render::cards;
use crate::render::columns::{self, FieldSpec};
use crate::render::dated;
use crate::render::indicator_cells::IndicatorCells;
pub use crate::render::indicator_cells::{INDICATOR_COLUMNS, INDICATOR_DECIMALS};
use crate::schema::Domain;
pub use cell::{Cell, Decimal};
use domain::domain_table;

/// One output table: its file stem, header and rows as written, and what each column means.
pub struct Table<'a> {
    /// File stem under `tables/`; also names its resource in `datapackage.json`.
    pub name: String,
    /// Column names, in order.
    pub header: Vec<String>,
    /// The cells of each row, typed until a writer formats them.
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
                        (0..t.len()).map(move |r| t.cell(r, i).unwrap_or(Cell::Empty))
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
        rows: Vec<Vec<Cell<'a>>>,
        columns: Vec<FieldSpec>,
    ) -> Table<'a> {
        Table {
            name: name.to_string(),
            header,
            body: Body::Rows(rows),
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

    /// The cell of row `row` (from 0, the header not counted) in column `col`.
    pub fn cell(&self, row: usize, col: usize) -> Option<Cell<'_>> {
        match &self.body {
            Body::Rows(rows) => rows.get(row)?.get(col).map(Cell::borrowed),
            Body::Indicators(cells) => cells.cell(row, col),
        }
    }

    /// The cell of row `row` in column `col` as the CSV file writes it.
    pub fn text(&self, row: usize, col: usize) -> Option<Cow<'_, str>> {
        self.cell(row, col).map(Cell::into_text)
    }

    /// The cells of row `row`, in column order.
    pub fn cells(&self, row: usize) -> impl Iterator<Item = Cell<'_>> {
        (0..self.header.len()).map_while(move |c| self.cell(row, c))
    }

    /// The cells of row `row` as the CSV file writes them, in column order.
    pub fn row(&self, row: usize) -> impl Iterator<Item = Cow<'_, str>> {
        (0..self.header.len()).map_while(move |c| self.text(row, c))
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
fn coverage_table(c: &crate::audit::coverage::Coverage) -> Table<'_> {
    let record = |source: &str, section: &str, n: &crate::audit::coverage::Counts| {
        vec![
            Cell::text(source.to_string()),
            Cell::text(section.to_string()),
            Cell::count(n.total()),
            Cell::count(n.recorded),
            Cell::count(n.not_recorded),
            Cell::count(n.out_of_scope),
            Cell::count(n.excluded),
            Cell::number_or_empty(n.recorded_share(), 1),
        ]
    };
    let mut rows = Vec::new();
    for d in &c.documents {
        rows.extend(d.sections.iter().map(|(s, n)| record(&d.source, s, n)));
        rows.push(record(&d.source, crate::audit::coverage::WHOLE_DOCUMENT, &d.total));
    }
    Table::new(COVERAGE_TABLE, strings(&COVERAGE_COLUMNS), rows)
}

/// The indicator table (`tables/indicators.csv`).
fn indicators_table(a: &Analysis) -> Table<'_> {
    indicator_rows_table(&a.computed.rows, |i| a.dataset.inferred(i)).with_values("domain", a.dataset.domains.ids())
}

/// The indicator table of `rows`, `inferred` saying whether a row reads a period inferred.
pub(crate) fn indicator_rows_table(
    rows: &[crate::compute::indicators::IndicatorRow],
    inferred: impl Fn(&crate::load::rowref::Inputs) -> bool,
) -> Table<'_> {
    Table::build(
        INDICATORS_TABLE,
        None,
        strings(&INDICATOR_COLUMNS),
        Body::Indicators(IndicatorCells::new(rows, inferred)),
    )
}

/// Decimals used in the summary tables, by unit (two for none or a unit of its own).
/// indicators.csv always uses six.
pub fn decimals_for(unit: Option<ValueUnit>) -> usize {
    match unit {
        Some(u) if u.is_count() => 0,
        Some(ValueUnit::Data(Unit::EurMillion | Unit::Years)) => 1,
        Some(ValueUnit::RATIO) => 3,
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
fn key_figures_table(a: &Analysis) -> Table<'_> {
    let rows = a.key_figures.iter().map(|k| {
        let d = decimals_for(Some(k.unit));
        let c = k.compare.as_ref();
        vec![
            Cell::text(k.code.as_str()),
            Cell::text(k.domain.as_str()),
            Cell::text(k.label.as_str()),
            Cell::text(k.at.to_string()),
            Cell::number(k.value, d),
            Cell::text(k.unit.code()),
            Cell::Boolean(k.approx || c.is_some_and(|c| c.approx)),
            Cell::text(c.and_then(|c| c.label.as_deref()).unwrap_or_default()),
            Cell::text(c.map(|c| c.at.to_string()).unwrap_or_default()),
            Cell::number_or_empty(c.map(|c| c.value), d),
            Cell::number_or_empty(c.and_then(|c| c.percent_change), 2),
            Cell::text(cards::source_line(&a.dataset, &k.inputs)),
            Cell::text(k.inputs.to_string()),
            Cell::text(dated::code(k.inferred)),
            Cell::text(c.map(|c| dated::code(c.inferred)).unwrap_or_default()),
        ]
    });
    Table::new(KEY_FIGURES_TABLE, strings(&KEY_FIGURE_COLUMNS), rows.collect())
}

/// The columns of `projections.csv`.
pub const PROJECTION_COLUMNS: [&str; 9] = [
    "series", "label", "method", "year", "value", "unit", "observed", "basis", "dated",
];

fn projections_table(p: &Projections) -> Table<'_> {
    let rows = p.rows.iter().map(|r| {
        let basis = p.bases.iter().find(|b| b.series == r.series);
        let dated = basis.map(|b| dated::code(b.inferred.contains(&true)));
        let basis = basis.map(|b| b.provenance.as_str()).unwrap_or_default();
        vec![
            Cell::text(r.series.as_str()),
            Cell::text(r.label.as_str()),
            Cell::text(r.method.id()),
            Cell::Integer(r.year.into()),
            Cell::number(r.value, 2),
            Cell::text(r.unit.code()),
            Cell::Boolean(r.observed),
            Cell::text(basis),
            Cell::text(dated.unwrap_or_default()),
        ]
    });
    Table::new(PROJECTIONS_TABLE, strings(&PROJECTION_COLUMNS), rows.collect())
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
pub fn audit_record(r: &crate::audit::AuditRow) -> Vec<Cell<'_>> {
    let d = usize::from(r.stated_decimals) + 3;
    vec![
        Cell::text(r.kind.code()),
        Cell::text(r.id.as_str()),
        Cell::text(r.subject.as_str()),
        Cell::text(r.from.map(|p| p.to_string()).unwrap_or_default()),
        Cell::text(r.to.to_string()),
        Cell::text(r.unit.code()),
        Cell::number(r.stated, r.stated_decimals.into()),
        Cell::number(r.recomputed, d),
        Cell::number(r.difference(), d),
        bound(r.stated_range.lo, d),
        bound(r.stated_range.hi, d),
        bound(r.recomputed_range.lo, d),
        bound(r.recomputed_range.hi, d),
        Cell::number(r.interval_gap(), d),
        Cell::text(r.verdict.code()),
        Cell::text(dated::code(r.inferred)),
        Cell::text(r.locators.as_str()),
        Cell::text(r.inputs.to_string()),
    ]
}

/// An end of a range: empty where the range has none (the upper end of a "more than" figure,
/// the lower end of a "less than" one), which the interval arithmetic holds as an infinity.
fn bound(v: f64, decimals: usize) -> Cell<'static> {
    Cell::number_or_empty(v.is_finite().then_some(v), decimals)
}

fn audit_table(rows: &[crate::audit::AuditRow]) -> Table<'_> {
    let mut header = strings(&AUDIT_COLUMNS);
    header.push("note".into());
    let rows = rows
        .iter()
        .map(|r| {
            let mut rec = audit_record(r);
            rec.push(Cell::text(r.note.as_str()));
            rec
        })
        .collect();
    Table::new(AUDIT_TABLE, header, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: Vec<Vec<&'static str>>) -> Table<'static> {
        let header = strings(&["a", "b"]);
        let columns = header
            .iter()
            .map(|c| columns::describe("t", false, c, std::iter::empty))
            .collect();
        let rows = rows
            .into_iter()
            .map(|r| r.into_iter().map(Cell::text).collect())
            .collect();
        Table::of_cells("t", header, rows, columns)
    }

    #[test]
    fn csv_has_a_header_then_a_line_a_row_quoted_where_needed() {
        let t = table(vec![vec!["1", "x, y"], vec!["", "say \"hi\""]]);
        let csv = String::from_utf8(t.to_csv().unwrap()).unwrap();
        assert_eq!(csv, "a,b\n1,\"x, y\"\n,\"say \"\"hi\"\"\"\n");
        // In one pass, the same file, and the rows after those already there.
        let mut rows = b"organisation,b\n".to_vec();
        assert_eq!(t.to_csv_and_rows("org1", &["b"], &mut rows).unwrap(), csv.as_bytes());
        assert_eq!(
            String::from_utf8(rows).unwrap(),
            "organisation,b\norg1,\"x, y\"\norg1,\"say \"\"hi\"\"\"\n"
        );
        assert!(t.to_csv_and_rows("org1", &["c"], &mut Vec::new()).is_err());
        let mut rows = Vec::new();
        t.to_csv_and_rows("org2", &["b", "a"], &mut rows).unwrap();
        assert_eq!(
            String::from_utf8(rows).unwrap(),
            "org2,\"x, y\",1\norg2,\"say \"\"hi\"\"\",\n"
        );
    }

    /// Whether `cell` is of the type `kind` declares (empty cells are of every type).
    fn of_kind(cell: &Cell, kind: &str) -> bool {
        match cell {
            _ if cell.is_empty() => true,
            Cell::Text(_) => kind == "string",
            Cell::Number(_) => kind == "number",
            Cell::Integer(_) => kind == "integer",
            Cell::Boolean(_) => kind == "boolean",
            Cell::Empty => true,
        }
    }

    /// The workbook stores a cell by its column's declared type and the cell's own: they agree
    /// in every table of the shipped report, so no number is written as text or text as one.
    #[test]
    fn every_cell_is_of_its_columns_declared_type() {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let a = crate::analysis::analyse(&data).unwrap();
        let tables = build_all(&a);
        assert!(tables.iter().any(|t| t.name == PROJECTIONS_TABLE));
        for t in &tables {
            for (c, spec) in t.columns.iter().enumerate() {
                for r in 0..t.len() {
                    let cell = t.cell(r, c).unwrap();
                    assert!(
                        of_kind(&cell, spec.kind),
                        "{} row {r}, {}: {cell:?}",
                        t.name,
                        t.header[c]
                    );
                }
            }
        }
        // A year is an integer and a flag a boolean, not text.
        let projections = tables.iter().find(|t| t.name == PROJECTIONS_TABLE).unwrap();
        assert_eq!(projections.columns[3].kind, "integer");
        assert!(matches!(projections.cell(0, 3), Some(Cell::Integer(_))));
        assert!(matches!(projections.cell(0, 6), Some(Cell::Boolean(_))));
    }

    #[test]
    fn a_row_short_of_cells_is_an_error_not_a_ragged_line() {
        let t = table(vec![vec!["1", "2"], vec!["3"]]);
        let e = t.to_csv().unwrap_err().to_string();
        assert!(e.contains("row 2 has 1 cells for 2 columns"), "{e}");
        let e = t
            .to_csv_and_rows("org1", &["b"], &mut Vec::new())
            .unwrap_err()
            .to_string();
        assert!(e.contains("row 2 has 1 cells for 2 columns"), "{e}");
    }
}
