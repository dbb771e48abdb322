//! Properties of the audit's interval arithmetic.

use orgmetrics::audit::interval::{FigureKind, Interval};
use orgmetrics::load::vocab::Qualifier;
use proptest::prelude::*;

fn figure() -> impl Strategy<Value = (f64, u8)> {
    (1.0f64..10_000.0, 0u8..3).prop_map(|(v, d)| {
        let k = 10f64.powi(i32::from(d));
        ((v * k).round() / k, d)
    })
}

proptest! {
    #[test]
    fn a_figure_lies_within_its_own_range((v, d) in figure(), q in proptest::option::of(prop_oneof![Just(Qualifier::Around), Just(Qualifier::MoreThan), Just(Qualifier::LessThan)])) {
        prop_assert!(Interval::of_figure(v, d, FigureKind::Other, q).contains(v));
    }

    #[test]
    fn recomputed_ranges_contain_the_point_estimate((a, da) in figure(), (b, db) in figure(), years in 1u8..12) {
        let (ra, rb) = (Interval::of_figure(a, da, FigureKind::Other, None), Interval::of_figure(b, db, FigureKind::Other, None));
        let pct = Interval::percent_change(ra, rb).unwrap();
        prop_assert!(pct.contains(100.0 * (b / a - 1.0)));
        let cagr = Interval::cagr(ra, rb, f64::from(years)).unwrap();
        prop_assert!(cagr.contains(100.0 * ((b / a).powf(1.0 / f64::from(years)) - 1.0)));
        prop_assert!(ra.checked_div(rb).unwrap().contains(a / b));
        prop_assert!((ra - rb).contains(a - b));
        prop_assert!((ra + rb).contains(a + b));
    }

    #[test]
    fn widening_an_input_never_narrows_the_result((a, da) in figure(), (b, db) in figure()) {
        // One decimal fewer is a wider rounding range for the same written value.
        let (ra, rb) = (Interval::of_figure(a, da, FigureKind::Other, None), Interval::of_figure(b, db, FigureKind::Other, None));
        let wider_a = Interval::of_figure(a, da.saturating_sub(1), FigureKind::Other, None);
        prop_assume!(wider_a.lo > 0.0);
        let narrow = Interval::percent_change(ra, rb).unwrap();
        let wide = Interval::percent_change(wider_a, rb).unwrap();
        prop_assert!(wide.lo <= narrow.lo && narrow.hi <= wide.hi);
        let narrow = ra.checked_div(rb).unwrap();
        let wide = wider_a.checked_div(rb).unwrap();
        prop_assert!(wide.lo <= narrow.lo && narrow.hi <= wide.hi);
        let around = Interval::of_figure(a, da, FigureKind::Other, Some(Qualifier::Around));
        prop_assert!(around.lo <= ra.lo && ra.hi <= around.hi);
    }
}

#[test]
fn an_exact_count_is_a_point_and_a_rounded_figure_is_not() {
    assert_eq!(
        Interval::of_figure(3719.0, 0, FigureKind::Count, None),
        Interval::point(3719.0)
    );
    assert_eq!(
        Interval::of_figure(79.0, 0, FigureKind::Other, None),
        Interval::new(78.5, 79.5)
    );
    assert!(
        Interval::new(0.0, 1.0).checked_div(Interval::new(-1.0, 1.0)).is_none(),
        "no division by a range holding zero"
    );
}
