//! Reading the plan's result by position (`compute/rows.rs`): polars' `ChunkedArray::get` against
//! the view `PlanColumns` reads through (`Positional`: the column's one chunk, read with the
//! array's own `get`). A million f64 values, every seventh null, in one chunk as the plan's
//! columns are read; each read once, in the order `convert` reads an organisation's rows (a
//! stride through the frame) and in the frame's own. The same sums (checked here).
//!
//! `Positional` is private to the compute stage: the copy below is its code.

use divan::Bencher;
use divan::counter::ItemsCount;
use polars::prelude::*;

fn main() {
    divan::main();
}

/// The view of `compute/rows.rs`.
struct Positional<'a, T: PolarsNumericType> {
    array: Option<&'a T::Array>,
}

impl<'a, T: PolarsNumericType> Positional<'a, T> {
    fn of(column: &'a ChunkedArray<T>) -> Positional<'a, T> {
        Positional {
            array: column.downcast_iter().next(),
        }
    }

    fn get(&self, i: usize) -> Option<T::Native> {
        self.array?.get(i)
    }
}

const N: usize = 1_000_000;

fn column() -> Float64Chunked {
    let c = Float64Chunked::from_iter_options("v".into(), (0..N).map(|i| (i % 7 != 0).then_some(i as f64 * 0.5)));
    c.rechunk().into_owned()
}

/// Positions in `order`: "stride" visits every 1,009th row, wrapping (as an organisation's rows
/// are spread through a batch's result); "sequential" in order.
fn positions(order: &str) -> Vec<usize> {
    match order {
        "stride" => (0..N).map(|k| (k * 1009) % N).collect(),
        _ => (0..N).collect(),
    }
}

fn sum_get(c: &Float64Chunked, at: &[usize]) -> f64 {
    at.iter().filter_map(|&i| c.get(i)).sum()
}

fn sum_view(c: &Float64Chunked, at: &[usize]) -> f64 {
    let v = Positional::of(c);
    at.iter().filter_map(|&i| v.get(i)).sum()
}

#[divan::bench(args = ["stride", "sequential"])]
fn positional_view(bencher: Bencher, order: &str) {
    let (c, at) = (column(), positions(order));
    assert_eq!(
        sum_view(&c, &at).to_bits(),
        sum_get(&c, &at).to_bits(),
        "the two reads disagree"
    );
    bencher
        .counter(ItemsCount::new(N))
        .bench_local(|| sum_view(divan::black_box(&c), &at));
}

#[divan::bench(args = ["stride", "sequential"])]
fn polars_get(bencher: Bencher, order: &str) {
    let (c, at) = (column(), positions(order));
    bencher
        .counter(ItemsCount::new(N))
        .bench_local(|| sum_get(divan::black_box(&c), &at));
}
