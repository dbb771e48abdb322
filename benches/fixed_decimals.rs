//! Fixed decimals in integer arithmetic (`format::fixed_into`) against `format!("{v:.d$}")`, on
//! values such as the catalogue computes (ratios and shares of counts, percent changes): at six
//! decimals, as `indicators.csv` writes every value, and at 0 to 3, as the other tables do. The
//! same strings (checked here).

use std::fmt::Write as _;

use divan::Bencher;
use divan::counter::ItemsCount;
use orgmetrics::format::fixed_into;

fn main() {
    divan::main();
}

/// 100,000 values: ratios of counts up to 100,000, scaled as shares, percentages and euros (a
/// fixed sequence: a linear congruential generator), each with decimals from `decimals`.
fn values(decimals: impl Fn(u64) -> usize) -> Vec<(f64, usize)> {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        x >> 33
    };
    (0..100_000)
        .map(|_| {
            let (a, b) = ((next() % 200_000) as f64 - 100_000.0, (next() % 100_000 + 1) as f64);
            let scale = [1.0, 100.0, 0.01, 1000.0][(next() % 4) as usize];
            (scale * a / b, decimals(next()))
        })
        .collect()
}

fn ours(values: &[(f64, usize)], out: &mut String) {
    out.clear();
    for &(v, d) in values {
        fixed_into(out, v, d);
        out.push(',');
    }
}

/// The plain way: the standard library's exact formatting, and negative zero written as zero.
fn plain(values: &[(f64, usize)], out: &mut String) {
    out.clear();
    for &(v, d) in values {
        let start = out.len();
        let _ = write!(out, "{v:.d$}");
        let s = &out[start..];
        if s.starts_with('-') && s[1..].bytes().all(|b| b == b'0' || b == b'.') {
            out.remove(start);
        }
        out.push(',');
    }
}

/// The values at `decimals`: six (the indicators' table) or 0 to 3 (the other tables).
fn at(decimals: &str) -> Vec<(f64, usize)> {
    match decimals {
        "6" => values(|_| 6),
        _ => values(|r| (r % 4) as usize),
    }
}

#[divan::bench(args = ["6", "0-3"])]
fn integer_arithmetic(bencher: Bencher, decimals: &str) {
    let values = at(decimals);
    let (mut a, mut b) = (String::new(), String::new());
    ours(&values, &mut a);
    plain(&values, &mut b);
    assert_eq!(a, b, "the two formattings disagree");
    bencher
        .counter(ItemsCount::new(values.len()))
        .bench_local(|| ours(divan::black_box(&values), &mut a));
}

#[divan::bench(args = ["6", "0-3"])]
fn format_macro(bencher: Bencher, decimals: &str) {
    let values = at(decimals);
    let mut out = String::new();
    bencher
        .counter(ItemsCount::new(values.len()))
        .bench_local(|| plain(divan::black_box(&values), &mut out));
}
