//! The hand-written CSV writer (`render::csv_out::CsvOut`) against the `csv` crate's writer, on
//! the records of every table of the shipped report (output/tables), written ten times over:
//! the same bytes (checked here), fewer copies.

mod common;

use divan::Bencher;
use divan::counter::BytesCount;
use orgmetrics::render::csv_out::CsvOut;

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

fn ours(records: &[Vec<String>]) -> Vec<u8> {
    let mut out = CsvOut::with_capacity(0);
    for r in records {
        out.record(r.iter().map(|f| f.as_bytes()));
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
