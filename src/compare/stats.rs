//! Where a value stands among a panel's: ranks, percentiles and quartiles of one figure's values,
//! one per organisation that has it.
//!
//! The conventions (also in docs/panels.md):
//!
//! - **Rank**: 1 is the highest value, whatever the figure ("5th of 30" is the fifth highest;
//!   whether high is good depends on the figure, so the text never says "best"). Tied values
//!   share the best rank of their tie (1, 2, 2, 4).
//! - **Percentile**: the share of the *other* organisations whose value is lower, in percent,
//!   rounded down: the highest is the 100th, the lowest the 0th, ties share it. A panel of one
//!   has no percentile. With 30 organisations, the 5th highest is above 25 of the other 29:
//!   the 86th percentile.
//! - **Quartiles**: type 7 of Hyndman and Fan (1996), R's default `quantile` and numpy's
//!   `linear`: over the values sorted, for a share p, h = (n − 1)·p and the quantile is
//!   x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]).
//!
//! Organisations without the figure are left out of it; values that are not finite never reach
//! here (no output holds one), and are dropped if they do.

/// One figure's values over a panel, sorted, to place each among the others.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ranked {
    /// Ascending; finite only.
    sorted: Vec<f64>,
}

/// Where one value stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// 1 for the highest.
    pub rank: usize,
    /// How many organisations have the figure.
    pub of: usize,
    /// The share of the others with a lower value, in percent rounded down; None for a panel of
    /// one.
    pub percentile: Option<usize>,
    /// How many others have the same value.
    pub tied: usize,
}

/// The five numbers that summarise a distribution.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quartiles {
    /// The lowest value.
    pub min: f64,
    /// The first quartile (type 7).
    pub q1: f64,
    /// The median.
    pub median: f64,
    /// The third quartile (type 7).
    pub q3: f64,
    /// The highest value.
    pub max: f64,
}

impl Ranked {
    /// The values, in any order (the order given does not change anything computed).
    pub fn new(values: impl IntoIterator<Item = f64>) -> Ranked {
        let mut sorted: Vec<f64> = values.into_iter().filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        Ranked { sorted }
    }

    /// How many values.
    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }

    /// The values, lowest first.
    pub fn sorted(&self) -> &[f64] {
        &self.sorted
    }

    /// The type-7 quantile at share `p` (0 to 1); None without values.
    pub fn quantile(&self, p: f64) -> Option<f64> {
        let x = &self.sorted;
        let last = x.len().checked_sub(1)?;
        let h = last as f64 * p.clamp(0.0, 1.0);
        let lo = (h.floor() as usize).min(last);
        let hi = (lo + 1).min(last);
        Some(x[lo] + (h - lo as f64) * (x[hi] - x[lo]))
    }

    /// The median.
    pub fn median(&self) -> Option<f64> {
        self.quantile(0.5)
    }

    /// Minimum, quartiles and maximum; None without values.
    pub fn quartiles(&self) -> Option<Quartiles> {
        Some(Quartiles {
            min: *self.sorted.first()?,
            q1: self.quantile(0.25)?,
            median: self.quantile(0.5)?,
            q3: self.quantile(0.75)?,
            max: *self.sorted.last()?,
        })
    }

    /// Where `v`, one of the values, stands; None if it is not one of them.
    pub fn place(&self, v: f64) -> Option<Place> {
        let x = &self.sorted;
        let lower = x.partition_point(|y| y.total_cmp(&v).is_lt());
        let not_higher = x.partition_point(|y| y.total_cmp(&v).is_le());
        if not_higher == lower {
            return None;
        }
        let of = x.len();
        Some(Place {
            rank: of - not_higher + 1,
            of,
            percentile: (of > 1).then(|| 100 * lower / (of - 1)),
            tied: not_higher - lower - 1,
        })
    }
}

impl Place {
    /// For readers: `5th of 30, 86th percentile`, `2nd of 4 (tied with 1), 33rd percentile`;
    /// `1st of 1` for a panel of one.
    pub fn text(&self) -> String {
        let tied = match self.tied {
            0 => String::new(),
            n => format!(" (tied with {n})"),
        };
        match self.percentile {
            Some(p) => format!("{} of {}{tied}, {} percentile", ordinal(self.rank), self.of, ordinal(p)),
            None => format!("{} of {}{tied}", ordinal(self.rank), self.of),
        }
    }
}

/// `1st`, `2nd`, `3rd`, `4th`, `11th`, `12th`, `13th`, `21st`, `100th`.
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Four organisations have the figure (10, 20, 20, 40), a fifth has none: worked by hand.
    /// R: `quantile(c(10, 20, 20, 40))` gives 10, 17.5, 20, 25, 40.
    #[test]
    fn a_fixture_panel_with_a_tie_and_a_missing_value() {
        let values = [Some(20.0), None, Some(40.0), Some(10.0), Some(20.0)];
        let r = Ranked::new(values.iter().flatten().copied());
        assert_eq!(r.len(), 4);
        let q = r.quartiles().unwrap();
        assert_eq!((q.min, q.q1, q.median, q.q3, q.max), (10.0, 17.5, 20.0, 25.0, 40.0));
        // 40: highest, above all 3 others. 20 (twice): one higher, so both 2nd; above 1 of the
        // 3 others, 33.3%: the 33rd. 10: 4th, above none.
        let p = |v| r.place(v).unwrap();
        let place = |rank, percentile, tied| Place {
            rank,
            of: 4,
            percentile: Some(percentile),
            tied,
        };
        assert_eq!(p(40.0), place(1, 100, 0));
        assert_eq!(p(20.0), place(2, 33, 1));
        assert_eq!(p(10.0), place(4, 0, 0));
        assert_eq!(r.place(15.0), None, "not one of the values");
        assert_eq!(p(20.0).text(), "2nd of 4 (tied with 1), 33rd percentile");
        assert_eq!(p(10.0).text(), "4th of 4, 0th percentile");
    }

    #[test]
    fn a_panel_of_one_has_a_rank_and_no_percentile() {
        let r = Ranked::new([42.8]);
        let p = r.place(42.8).unwrap();
        assert_eq!(
            p,
            Place {
                rank: 1,
                of: 1,
                percentile: None,
                tied: 0
            }
        );
        assert_eq!(p.text(), "1st of 1");
        let q = r.quartiles().unwrap();
        assert_eq!((q.min, q.q1, q.median, q.q3, q.max), (42.8, 42.8, 42.8, 42.8, 42.8));
        assert_eq!(Ranked::new([]).quartiles(), None);
        assert_eq!(Ranked::new([f64::NAN, f64::INFINITY]).len(), 0);
    }

    /// The example: the 5th highest of 30 is above 25 of the 29 others, 86.2%.
    #[test]
    fn the_fifth_of_thirty_is_the_86th_percentile() {
        let r = Ranked::new((1..=30).map(f64::from));
        assert_eq!(r.place(26.0).unwrap().text(), "5th of 30, 86th percentile");
        // Type 7 over 1..30: h = 29 × 0.25 = 7.25 → 8 + 0.25 = 8.25; median 15.5; Q3 22.75.
        let q = r.quartiles().unwrap();
        assert_eq!((q.q1, q.median, q.q3), (8.25, 15.5, 22.75));
        // An even count: the median between the middle two, as R gives it.
        assert_eq!(Ranked::new([1.0, 2.0, 3.0, 10.0]).median(), Some(2.5));
    }

    #[test]
    fn ordinals_take_their_english_suffixes() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 100, 101, 111]
            .map(ordinal)
            .to_vec();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "100th", "101st", "111th"
            ]
        );
    }
}
