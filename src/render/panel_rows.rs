//! One organisation's rows of the panel's `indicators.csv` written straight from its indicator
//! rows, when the run writes no table of the organisation's own to copy them from
//! (`--panel-only`): the same bytes as the rows taken from its `indicators.csv`.
//!
//! A panel writes millions of these rows, and all but three of a row's fields (its periods and
//! value) are shared by every row of its catalogue entry: they are quoted once an entry, not once
//! a row.

use crate::compute::indicators::IndicatorRow;
use crate::period::Period;
use crate::render::csv_out::CsvOut;
use crate::render::indicator_cells::{INDICATOR_COLUMNS, INDICATOR_DECIMALS};
use crate::render::tables::cell::Cell;

/// How many of each organisation's `indicators.csv` columns ([`INDICATOR_COLUMNS`]) the panel's
/// `indicators.csv` takes, after its own `organisation`: those up to the unit, not the formula,
/// computation and data rows, which the organisation's table keeps.
///
/// [`INDICATOR_COLUMNS`]: crate::render::tables::INDICATOR_COLUMNS
pub const SHARED_COLUMNS: usize = 8;

/// Those columns, by name.
pub const COLUMNS: &[&str] = INDICATOR_COLUMNS.split_at(SHARED_COLUMNS).0;

/// Appends to `out` a row per indicator row: `id`, then the first [`SHARED_COLUMNS`] columns of
/// `indicators.csv` (indicator, label, domain, subject, from, to, value, unit).
pub fn append(id: &str, rows: &[IndicatorRow], out: &mut Vec<u8>) {
    // Sized once: a row is its shared fields and about forty bytes of its own.
    let shared = rows.first().map_or(0, |r| {
        id.len() + r.indicator.len() + r.label.len() + r.subject.len() + 24
    });
    out.reserve(rows.len() * (shared + 40));
    let mut csv = CsvOut::appending(std::mem::take(out));
    // The fields before and after the row's own, as written, for the entry of `shared_by`.
    let mut before: Vec<u8> = Vec::new();
    let mut after: Vec<u8> = Vec::new();
    let mut shared_by: Option<&IndicatorRow> = None;
    let mut scratch = String::new();
    // The start period's text, kept while it repeats (rows come by entry, then start period).
    let mut from_text = String::new();
    let mut from_of: Option<Option<Period>> = None;
    for r in rows {
        if !shared_by.is_some_and(|s| same_texts(s, r)) {
            before = record_of([id, r.indicator, &r.label, r.domain, &r.subject]);
            after = record_of([r.unit.code()]);
            shared_by = Some(r);
        }
        if from_of != Some(r.from) {
            from_text.clear();
            if let Some(from) = r.from {
                from.push_to(&mut from_text);
            }
            from_of = Some(r.from);
        }
        csv.written_field(&before);
        // Periods and fixed decimals are digits, signs, `-`, `/` and `.`: never quoted.
        csv.written_field(from_text.as_bytes());
        scratch.clear();
        r.to.push_to(&mut scratch);
        csv.written_field(scratch.as_bytes());
        let value = Cell::number(r.value, INDICATOR_DECIMALS);
        csv.written_field(value.written(&mut scratch).as_bytes());
        csv.written_field(&after);
        csv.end_record();
    }
    *out = csv.into_bytes();
}

/// Whether two rows write the same shared fields: rows of one entry, whose texts are shared,
/// compare by address.
fn same_texts(a: &IndicatorRow, b: &IndicatorRow) -> bool {
    a.entry == b.entry
        && a.indicator == b.indicator
        && a.domain == b.domain
        && a.unit == b.unit
        && (std::sync::Arc::ptr_eq(&a.label, &b.label) || a.label == b.label)
        && (std::sync::Arc::ptr_eq(&a.subject, &b.subject) || a.subject == b.subject)
}

/// `fields` as one record writes them, without its line end.
fn record_of<const N: usize>(fields: [&str; N]) -> Vec<u8> {
    let mut csv = CsvOut::with_capacity(64);
    for f in fields {
        csv.field(f.as_bytes());
    }
    csv.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::rowref::Inputs;
    use crate::load::vocab::ValueUnit;
    use crate::render::tables::indicator_rows_table;
    use proptest::prelude::*;
    use std::sync::Arc;

    /// The rows as the panel takes them from the organisation's own `indicators.csv`.
    fn from_the_table(id: &str, rows: &[IndicatorRow]) -> Vec<u8> {
        let mut out = Vec::new();
        indicator_rows_table(rows, |_| false)
            .to_csv_and_rows(id, COLUMNS, &mut out)
            .unwrap();
        out
    }

    fn text() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["staff", "a, b", "\"quoted\"", "two\nlines", "é ü", "", "cr\r"])
            .prop_map(str::to_string)
    }

    fn period() -> impl Strategy<Value = Period> {
        prop_oneof![
            (1990..2030i32).prop_map(Period::Year),
            (1990..2030i32, 0..5i32).prop_map(|(a, n)| Period::Range(a, a + n)),
            (1990..2030i32, 1..=12u32, 1..=28u32).prop_map(|(year, month, day)| Period::Date { year, month, day }),
        ]
    }

    fn value() -> impl Strategy<Value = f64> {
        prop_oneof![
            any::<f64>().prop_filter("finite", |v| v.is_finite()),
            prop::sample::select(vec![0.0, -0.0, -0.0000004, 0.0000005, 2.5e-7, 1e300, 123.4567895]),
        ]
    }

    /// Rows of up to four entries, each entry's texts shared by its rows as the computation
    /// shares them, equal copies of them, or other texts (as if another organisation's label
    /// or another subject), so that no row is written with the texts of the row before it.
    fn rows() -> impl Strategy<Value = Vec<IndicatorRow>> {
        let entry = (text(), text(), text());
        let row = (0..4usize, 0..3u8, prop::option::of(period()), period(), value());
        (prop::collection::vec(entry, 4), prop::collection::vec(row, 0..24)).prop_map(|(entries, rows)| {
            let shared: Vec<(Arc<str>, Arc<str>)> = entries
                .iter()
                .map(|(label, subject, _)| (Arc::from(label.as_str()), Arc::from(subject.as_str())))
                .collect();
            let mut rows: Vec<IndicatorRow> = rows
                .into_iter()
                .map(|(e, texts, from, to, value)| {
                    let (label, subject) = match texts {
                        0 => shared[e].clone(),
                        1 => (Arc::from(&*shared[e].0), Arc::from(&*shared[e].1)),
                        _ => (
                            Arc::from(format!("{}, other", shared[e].0)),
                            Arc::from(format!("{}.other", shared[e].1)),
                        ),
                    };
                    IndicatorRow {
                        entry: e,
                        indicator: ["share", "percent_change", "cagr", "ratio"][e],
                        label,
                        domain: ["workforce", "budget"][e % 2],
                        subject,
                        from,
                        to,
                        value,
                        unit: [ValueUnit::PERCENT, ValueUnit::RATIO][e % 2],
                        formula: Arc::from(entries[e].2.as_str()),
                        computation: String::new(),
                        inputs: Inputs::default(),
                    }
                })
                .collect();
            rows.sort_by_key(|r| r.entry);
            rows
        })
    }

    proptest! {
        #[test]
        fn rows_are_those_taken_from_the_organisations_table(id in text(), rows in rows()) {
            let mut out = b"already there\n".to_vec();
            append(&id, &rows, &mut out);
            let mut expected = b"already there\n".to_vec();
            expected.extend(from_the_table(&id, &rows));
            prop_assert_eq!(String::from_utf8_lossy(&out), String::from_utf8_lossy(&expected));
        }
    }

    #[test]
    fn a_row_is_the_organisation_then_the_columns_up_to_the_unit() {
        let row = IndicatorRow {
            entry: 3,
            indicator: "percent_change",
            label: Arc::from("Change, staff"),
            domain: "workforce",
            subject: Arc::from("staff.all"),
            from: Some(Period::Year(2019)),
            to: Period::Date {
                year: 2023,
                month: 12,
                day: 31,
            },
            value: 10.000000000000009,
            unit: ValueUnit::PERCENT,
            formula: Arc::from("100 × (b / a − 1)"),
            computation: String::new(),
            inputs: Inputs::default(),
        };
        let mut out = Vec::new();
        append("org1", &[row], &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "org1,percent_change,\"Change, staff\",workforce,staff.all,2019,2023-12-31,10.000000,percent\n"
        );
    }
}
