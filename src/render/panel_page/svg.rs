//! The panel page's two charts, drawn as SVG with maud (every text escaped): a key figure's
//! distribution (a histogram of a fixed number of bins over a box of its quartiles), and a main
//! series' median and interquartile band over the periods. Both are as large at 10,000
//! organisations as at 30: a bin or a period is one mark, an organisation none.
//!
//! The view box is narrow (480 units) and the text 14 units, so that on a phone, where the chart
//! is drawn about 330 pixels wide, its text stays above 9 pixels.

use maud::{Markup, html};

use crate::compare::peers::{Band, Measure};
use crate::compare::stats::Ranked;
use crate::load::vocab::ValueUnit;
use crate::render::peers::reader;

/// Bins of a distribution: enough to show its shape, few enough to read at any panel size.
const BINS: usize = 20;
const WIDTH: f64 = 480.0;
const LEFT: f64 = 12.0;
const RIGHT: f64 = 468.0;

/// A coordinate written with at most one decimal: the same bytes on every machine.
fn c(v: f64) -> String {
    crate::format::fixed(v, 1)
}

/// How many values fall in each of [`BINS`] equal bins from the lowest value to the highest (the
/// highest in the last); one bin when they are all equal.
pub fn bins(sorted: &[f64]) -> Vec<usize> {
    let (Some(&lo), Some(&hi)) = (sorted.first(), sorted.last()) else {
        return Vec::new();
    };
    if hi <= lo {
        return vec![sorted.len()];
    }
    let mut counts = vec![0; BINS];
    for &v in sorted {
        let i = (((v - lo) / (hi - lo)) * BINS as f64).floor() as usize;
        counts[i.min(BINS - 1)] += 1;
    }
    counts
}

/// A key figure's distribution: bars of its bins, then its box (quartiles) and whiskers (lowest
/// and highest), the lowest and highest values written under them.
pub fn distribution(id: &str, title: &str, r: &Ranked, unit: ValueUnit, measure: Measure) -> Markup {
    let Some(q) = r.quartiles() else {
        return html! {};
    };
    let counts = bins(r.sorted());
    let most = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let x = |v: f64| {
        if q.max > q.min {
            LEFT + (v - q.min) / (q.max - q.min) * (RIGHT - LEFT)
        } else {
            (LEFT + RIGHT) / 2.0
        }
    };
    let bin_w = (RIGHT - LEFT) / counts.len() as f64;
    let (bar_top, bar_bottom) = (8.0, 104.0);
    html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (WIDTH) " 160" } role="img" aria-labelledby={ (id) "-t" } {
            title id={ (id) "-t" } { (title) }
            @for (i, n) in counts.iter().enumerate().filter(|(_, n)| **n > 0) {
                @let h = (bar_bottom - bar_top) * *n as f64 / most;
                rect x=(c(LEFT + i as f64 * bin_w + 0.5)) y=(c(bar_bottom - h)) width=(c((bin_w - 1.0).max(1.0))) height=(c(h)) fill="#9ab8d8" {}
            }
            line x1=(c(LEFT)) y1=(c(bar_bottom)) x2=(c(RIGHT)) y2=(c(bar_bottom)) stroke="#5b6b7b" stroke-width="1" {}
            line x1=(c(x(q.min))) y1="122" x2=(c(x(q.max))) y2="122" stroke="#1d3557" stroke-width="1.5" {}
            rect x=(c(x(q.q1))) y="113" width=(c((x(q.q3) - x(q.q1)).max(1.0))) height="18" fill="#d7e3f0" stroke="#1d3557" stroke-width="1.5" {}
            line x1=(c(x(q.median))) y1="110" x2=(c(x(q.median))) y2="134" stroke="#c1121f" stroke-width="3" {}
            text x=(c(LEFT)) y="154" font-size="14" fill="#333" text-anchor="start" { "lowest " (reader(q.min, Some(unit), measure)) }
            text x=(c(RIGHT)) y="154" font-size="14" fill="#333" text-anchor="end" { "highest " (reader(q.max, Some(unit), measure)) }
        }
    }
}

/// A main series over the periods: the panel's interquartile band, its median as a line, the
/// first and last periods and the band's range written at the edges.
pub fn band(id: &str, b: &Band) -> Markup {
    let pts = &b.points;
    if pts.is_empty() {
        return html! {};
    }
    let lo = pts.iter().map(|(_, _, q)| q.q1).fold(f64::INFINITY, f64::min);
    let hi = pts.iter().map(|(_, _, q)| q.q3).fold(f64::NEG_INFINITY, f64::max);
    let (top, bottom, left, right) = (24.0, 150.0, 20.0, 460.0);
    let x = |i: usize| {
        if pts.len() > 1 {
            left + i as f64 * (right - left) / (pts.len() - 1) as f64
        } else {
            (left + right) / 2.0
        }
    };
    let y = |v: f64| {
        if hi > lo {
            bottom - (v - lo) / (hi - lo) * (bottom - top)
        } else {
            (top + bottom) / 2.0
        }
    };
    let upper = pts
        .iter()
        .enumerate()
        .map(|(i, (_, _, q))| format!("{},{}", c(x(i)), c(y(q.q3))));
    let lower = pts
        .iter()
        .enumerate()
        .rev()
        .map(|(i, (_, _, q))| format!("{},{}", c(x(i)), c(y(q.q1))));
    let polygon: Vec<String> = upper.chain(lower).collect();
    let median: Vec<String> = pts
        .iter()
        .enumerate()
        .map(|(i, (_, _, q))| format!("{},{}", c(x(i)), c(y(q.median))))
        .collect();
    let (first, last) = (pts[0].0.label(), pts[pts.len() - 1].0.label());
    let level = |v: f64| reader(v, b.unit.map(ValueUnit::from), Measure::Level);
    html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (WIDTH) " 190" } role="img" aria-labelledby={ (id) "-t" } {
            title id={ (id) "-t" } { (crate::render::peers::panel_label(&b.label)) ": the panel's median and interquartile range, " (first) " to " (last) }
            polygon points=(polygon.join(" ")) fill="#d7e3f0" stroke="#9ab8d8" stroke-width="1" {}
            polyline points=(median.join(" ")) fill="none" stroke="#1d3557" stroke-width="2.5" {}
            @if pts.len() == 1 {
                circle cx=(c(x(0))) cy=(c(y(pts[0].2.median))) r="4" fill="#1d3557" {}
            }
            text x=(c(left)) y="12" font-size="14" fill="#333" text-anchor="start" { "Q3 up to " (level(hi)) }
            text x=(c(left)) y="166" font-size="14" fill="#333" text-anchor="start" { "Q1 down to " (level(lo)) }
            text x=(c(left)) y="184" font-size="14" fill="#333" text-anchor="start" { (first) }
            text x=(c(right)) y="184" font-size="14" fill="#333" text-anchor="end" { (last) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_fall_in_equal_bins_the_highest_in_the_last() {
        // 0..=20 over 20 bins of width 1: 0 in the first, 19 and 20 in the last.
        let v: Vec<f64> = (0..=20).map(f64::from).collect();
        let b = bins(&v);
        assert_eq!(b.len(), 20);
        assert_eq!(b[0], 1);
        assert_eq!(b[19], 2);
        assert_eq!(b.iter().sum::<usize>(), 21);
        assert_eq!(bins(&[3.0, 3.0]), [2]);
        assert!(bins(&[]).is_empty());
    }
}
