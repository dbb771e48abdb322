//! The hand-written CSV writer (`render::csv_out::CsvOut`) against the `csv` crate's writer, on
//! the records of every table of the shipped report (output/tables), written ten times over:
//! the same bytes (checked here), fewer copies. Then the same records as the tables hold them
//! (`render::tables::Cell`: numbers typed, formatted as they are written), as `Table::to_csv`
//! writes them.

mod common;

use divan::Bencher;
use divan::counter::BytesCount;
use orgmetrics::render::csv_out::CsvOut;
use orgmetrics::render::tables::Cell;

fn main() {
    divan::main();
}

/// The records of output/tables/*.csv, ten times.
fn records() -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for path in common::files("tables", "csv") {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(&path)
            .expect("a committed table");
        for r in reader.records() {
            out.push(r.expect("a record").iter().map(String::from).collect());
        }
    }
    (0..10).flat_map(|_| out.iter().cloned()).collect()
}

/// Decimals of `field` if it is a number as the tables write them (`-12.340`, `7`), else None.
fn written_decimals(field: &str) -> Option<usize> {
    let digits = field.strip_prefix('-').unwrap_or(field);
    let (whole, decimals) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let leading_zero = whole.len() > 1 && whole.starts_with('0');
    (plain(whole) && !leading_zero && (decimals.is_empty() || plain(decimals)) && field != "-0")
        .then_some(decimals.len())
}

/// The records with each number typed as the tables hold it.
fn typed(records: &[Vec<String>]) -> Vec<Vec<Cell<'_>>> {
    records
        .iter()
        .map(|r| {
            r.iter()
                .map(|f| match (written_decimals(f), f.parse::<f64>()) {
                    (Some(d), Ok(v)) => Cell::number(v, d),
                    _ => Cell::text(f.as_str()),
                })
                .collect()
        })
        .collect()
}

/// Typed cells written as `Table::to_csv` writes them: numbers formatted into one scratch buffer.
fn ours_typed(records: &[Vec<Cell>]) -> Vec<u8> {
    let mut out = CsvOut::with_capacity(0);
    let mut scratch = String::new();
    for r in records {
        r.iter().for_each(|c| out.field(c.written(&mut scratch).as_bytes()));
        out.end_record();
    }
    out.into_bytes()
}

fn ours<S: AsRef<str>>(records: &[Vec<S>]) -> Vec<u8> {
    let mut out = CsvOut::with_capacity(0);
    for r in records {
        out.record(r.iter().map(|f| f.as_ref().as_bytes()));
    }
    out.into_bytes()
}

fn csv_crate(records: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    for r in records {
        w.write_record(r).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}

#[divan::bench]
fn hand_written(bencher: Bencher) {
    let records = records();
    let bytes = ours(&records);
    assert_eq!(bytes, csv_crate(&records), "the two writers disagree");
    bencher
        .counter(BytesCount::new(bytes.len()))
        .bench(|| ours(divan::black_box(&records)));
}

#[divan::bench]
fn csv_writer(bencher: Bencher) {
    let records = records();
    let n = ours(&records).len();
    bencher
        .counter(BytesCount::new(n))
        .bench(|| csv_crate(divan::black_box(&records)));
}

#[divan::bench]
fn hand_written_typed_cells(bencher: Bencher) {
    let records = records();
    let cells = typed(&records);
    let bytes = ours_typed(&cells);
    assert_eq!(bytes, csv_crate(&records), "typed cells are written otherwise");
    bencher
        .counter(BytesCount::new(bytes.len()))
        .bench(|| ours_typed(divan::black_box(&cells)));
}

/// Each number formatted into a string of its own when the table is built (text borrowed), then
/// the cells written: what typed cells avoid.
#[divan::bench]
fn formatted_then_written(bencher: Bencher) {
    let records = records();
    let cells = typed(&records);
    let format_and_write = |cells: &[Vec<Cell>]| {
        let texts: Vec<Vec<std::borrow::Cow<str>>> =
            cells.iter().map(|r| r.iter().map(Cell::to_text).collect()).collect();
        ours(&texts)
    };
    let bytes = format_and_write(&cells);
    assert_eq!(bytes, csv_crate(&records), "formatted cells are written otherwise");
    bencher
        .counter(BytesCount::new(bytes.len()))
        .bench(|| format_and_write(divan::black_box(&cells)));
}
