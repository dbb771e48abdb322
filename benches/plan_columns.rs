//! The plan's result read once into vectors (`compute/rows.rs`, `values`: each array's buffer,
//! its validity bitmap only where there is one) against polars' per-element `ChunkedArray::get`,
//! which finds the element's chunk and checks its bounds on every call: a million rows of nine
//! columns, some nulls, in three chunks, read by position in an order that is not the frame's
//! and in the frame's own (the two ends of how an organisation's rows, sorted by entry and
//! periods, lie in the result).
//!
//! `values` is private to `compute/rows.rs`: the copy below is its body, the same loop.

use divan::Bencher;
use polars::prelude::*;

fn main() {
    divan::main();
}

const ROWS: usize = 1_000_000;
const COLUMNS: usize = 9;

/// Nine f64 columns of a million rows, every seventh value null, in three chunks.
fn columns() -> Vec<Float64Chunked> {
    (0..COLUMNS)
        .map(|c| {
            let chunk = |k: usize| {
                Float64Chunked::from_iter_options(
                    "x".into(),
                    (k * ROWS / 3..(k + 1) * ROWS / 3).map(|i| (i % 7 != c).then_some(i as f64 * 0.5)),
                )
            };
            let mut column = chunk(0);
            column.append(&chunk(1)).expect("same type");
            column.append(&chunk(2)).expect("same type");
            column
        })
        .collect()
}

/// Positions in an order that is not the frame's (a stride through it), or in the frame's:
/// the two ends of how an organisation's rows, sorted by entry and periods, lie in the result.
fn order(pattern: &str) -> Vec<usize> {
    match pattern {
        "stride" => (0..ROWS).map(|i| (i * 7_919) % ROWS).collect(),
        _ => (0..ROWS).collect(),
    }
}

/// `compute/rows.rs`'s `values`.
fn values<T: PolarsNumericType>(column: &ChunkedArray<T>) -> Vec<Option<T::Native>> {
    let mut out = Vec::with_capacity(column.len());
    for array in column.downcast_iter() {
        match array.validity() {
            None => out.extend(array.values().iter().map(|v| Some(*v))),
            Some(valid) => out.extend(array.values().iter().zip(valid.iter()).map(|(v, ok)| ok.then_some(*v))),
        }
    }
    out
}

fn ours(columns: &[Float64Chunked], order: &[usize]) -> f64 {
    let read: Vec<Vec<Option<f64>>> = columns.iter().map(values).collect();
    let mut sum = 0.0;
    for &i in order {
        for c in &read {
            sum += c.get(i).copied().flatten().unwrap_or(0.0);
        }
    }
    sum
}

fn per_element_get(columns: &[Float64Chunked], order: &[usize]) -> f64 {
    let mut sum = 0.0;
    for &i in order {
        for c in columns {
            sum += c.get(i).unwrap_or(0.0);
        }
    }
    sum
}

#[divan::bench(args = ["stride", "sequential"])]
fn read_once_into_vectors(bencher: Bencher, pattern: &str) {
    let (columns, order) = (columns(), order(pattern));
    assert_eq!(ours(&columns, &order), per_element_get(&columns, &order));
    bencher.bench_local(|| ours(divan::black_box(&columns), &order));
}

#[divan::bench(args = ["stride", "sequential"])]
fn polars_get(bencher: Bencher, pattern: &str) {
    let (columns, order) = (columns(), order(pattern));
    bencher.bench_local(|| per_element_get(divan::black_box(&columns), &order));
}
