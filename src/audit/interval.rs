//! Interval arithmetic for the audit: every figure stands for the range of values it could have
//! been before it was rounded (or as its qualifier allows), and computations carry those ranges.

use crate::load::vocab::{Qualifier, Unit};

/// Relative half-width given to "around", "approximately" and "close to": ±5% of the value, of
/// the smaller of a share and its complement for shares (so "about 27%" and "the other 73%" stand
/// for the same range), or the rounding half-unit if wider.
pub const APPROXIMATE_RELATIVE: f64 = 0.05;

/// What kind of figure a number is, which decides the range it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureKind {
    /// A count of persons or projects: exact when unqualified.
    Count,
    /// A percentage of a whole (0–100).
    Share,
    /// Anything else: amounts, indices, growth rates, ratios.
    Other,
}

impl FigureKind {
    /// The kind of a data value by its unit: every percentage in the data is a share.
    pub fn of_unit(unit: Unit) -> FigureKind {
        match unit {
            u if u.is_count() => FigureKind::Count,
            Unit::Percent => FigureKind::Share,
            _ => FigureKind::Other,
        }
    }
}

/// A closed interval [lo, hi]; bounds may be infinite ("more than 30").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Lower bound (may be −∞).
    pub lo: f64,
    /// Upper bound (may be +∞).
    pub hi: f64,
}

impl Interval {
    /// The interval between two bounds, in either order.
    pub fn new(lo: f64, hi: f64) -> Self {
        Interval {
            lo: lo.min(hi),
            hi: lo.max(hi),
        }
    }

    /// The interval of one exact value.
    pub fn point(v: f64) -> Self {
        Interval { lo: v, hi: v }
    }

    /// The values a figure written with `decimals` decimals can stand for.
    pub fn of_figure(value: f64, decimals: u8, kind: FigureKind, qualifier: Option<Qualifier>) -> Self {
        let half = 0.5 * 10f64.powi(-i32::from(decimals));
        match qualifier {
            None if kind == FigureKind::Count => Interval::point(value),
            None => Interval::new(value - half, value + half),
            Some(Qualifier::Around | Qualifier::Approximately | Qualifier::CloseTo) => {
                let base = match kind {
                    FigureKind::Share => value.abs().min((100.0 - value).abs()),
                    _ => value.abs(),
                };
                let w = half.max(APPROXIMATE_RELATIVE * base);
                Interval::new(value - w, value + w)
            }
            Some(Qualifier::MoreThan | Qualifier::Above) => Interval {
                lo: value,
                hi: f64::INFINITY,
            },
            Some(Qualifier::LessThan) => Interval {
                lo: f64::NEG_INFINITY,
                hi: value,
            },
        }
    }

    /// Whether `v` lies in the interval, bounds included.
    pub fn contains(&self, v: f64) -> bool {
        self.lo <= v && v <= self.hi
    }

    /// Whether the two intervals share at least one value.
    pub fn meets(&self, other: &Interval) -> bool {
        self.lo <= other.hi && other.lo <= self.hi
    }

    /// Signed distance from `self` to `other`: 0 if they meet, positive if `other` lies above.
    pub fn gap_to(&self, other: &Interval) -> f64 {
        if self.meets(other) {
            0.0
        } else if other.lo > self.hi {
            other.lo - self.hi
        } else {
            other.hi - self.lo
        }
    }

    /// Both bounds multiplied by `k` (reordered when `k` is negative).
    pub fn scale(self, k: f64) -> Interval {
        Interval::new(self.lo * k, self.hi * k)
    }

    /// Quotient; None when the divisor's interval contains zero.
    pub fn checked_div(self, o: Interval) -> Option<Interval> {
        if o.contains(0.0) {
            return None;
        }
        let c = [self.lo / o.lo, self.lo / o.hi, self.hi / o.lo, self.hi / o.hi];
        let lo = c.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = c.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        Some(Interval::new(lo, hi))
    }

    /// Image under a non-decreasing function.
    pub fn map_increasing(self, f: impl Fn(f64) -> f64) -> Interval {
        Interval::new(f(self.lo), f(self.hi))
    }

    /// 100 × (to / from − 1).
    pub fn percent_change(from: Interval, to: Interval) -> Option<Interval> {
        Some(to.checked_div(from)?.map_increasing(|r| 100.0 * (r - 1.0)))
    }

    /// 100 × ((to / from)^(1 / years) − 1), for a positive ratio.
    pub fn cagr(from: Interval, to: Interval, years: f64) -> Option<Interval> {
        let r = to.checked_div(from)?;
        (r.lo > 0.0 && years > 0.0).then(|| r.map_increasing(|x| 100.0 * (x.powf(1.0 / years) - 1.0)))
    }
}

impl std::ops::Add for Interval {
    type Output = Interval;

    fn add(self, o: Interval) -> Interval {
        Interval::new(self.lo + o.lo, self.hi + o.hi)
    }
}

impl std::ops::Sub for Interval {
    type Output = Interval;

    fn sub(self, o: Interval) -> Interval {
        Interval::new(self.lo - o.hi, self.hi - o.lo)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_half_units() {
        let i = Interval::of_figure(49.0, 0, FigureKind::Other, None);
        assert_eq!((i.lo, i.hi), (48.5, 49.5));
        let i = Interval::of_figure(20.5, 1, FigureKind::Share, None);
        assert!((i.lo - 20.45).abs() < 1e-12 && (i.hi - 20.55).abs() < 1e-12);
        assert_eq!(
            Interval::of_figure(2142.0, 0, FigureKind::Count, None),
            Interval::point(2142.0)
        );
        let around = Interval::of_figure(500.0, 0, FigureKind::Other, Some(Qualifier::Around));
        let (a, b) = (
            Interval::of_figure(27.0, 0, FigureKind::Share, Some(Qualifier::Around)),
            Interval::of_figure(73.0, 0, FigureKind::Share, Some(Qualifier::Around)),
        );
        assert!(
            (a.hi - a.lo - (b.hi - b.lo)).abs() < 1e-12,
            "a share and its complement stand for ranges of one width"
        );
        assert_eq!((around.lo, around.hi), (475.0, 525.0));
    }

    #[test]
    fn eu_funding_example_of_the_issue() {
        // +60% from 49 to 79: point 61.2%, yet the rounded inputs allow 58.6%–63.9%.
        let from = Interval::of_figure(49.0, 0, FigureKind::Other, None);
        let to = Interval::of_figure(79.0, 0, FigureKind::Other, None);
        let r = Interval::percent_change(from, to).unwrap();
        assert!((r.lo - 100.0 * (78.5 / 49.5 - 1.0)).abs() < 1e-9);
        assert!((r.hi - 100.0 * (79.5 / 48.5 - 1.0)).abs() < 1e-9);
        assert!(r.meets(&Interval::of_figure(60.0, 0, FigureKind::Other, None)));
    }

    #[test]
    fn gaps_are_signed() {
        let a = Interval::new(0.0, 1.0);
        assert_eq!(a.gap_to(&Interval::new(3.0, 4.0)), 2.0);
        assert_eq!(a.gap_to(&Interval::new(-4.0, -2.0)), -2.0);
        assert_eq!(a.gap_to(&Interval::new(0.5, 4.0)), 0.0);
    }
}
