//! A table's cell as a typed value: text, a number with the decimals the CSV writes it with, an
//! integer, a boolean or nothing. Writers format it (the CSV file) or store it as it is (the
//! workbook's numbers), so that no writer reads a number back from its text.

use std::borrow::Cow;
use std::fmt::Write;

use crate::format::fixed_into;

/// A number and the decimals it is written with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decimal {
    /// The value as computed.
    pub value: f64,
    /// Decimals it is written with.
    pub decimals: u16,
}

/// How many powers of ten a double holds exactly, 10^0 to 10^22: one for each number of
/// decimals `format::rounded` writes.
const EXACT_POWERS: usize = crate::format::MAX_ROUNDED_DECIMALS + 1;

/// 10^0 to 10^22, each exact.
const POWERS_OF_TEN: [f64; EXACT_POWERS] = {
    let mut p = [1.0; EXACT_POWERS];
    let mut i = 1;
    while i < EXACT_POWERS {
        p[i] = p[i - 1] * 10.0;
        i += 1;
    }
    p
};

impl Decimal {
    /// `value` written with `decimals` decimals.
    pub fn new(value: f64, decimals: usize) -> Decimal {
        Decimal {
            value,
            decimals: u16::try_from(decimals).unwrap_or(u16::MAX),
        }
    }

    /// Appends the number as the CSV writes it ([`crate::format::fixed`]): nothing for a value
    /// that is not a number.
    pub fn write(&self, out: &mut String) {
        fixed_into(out, self.value, self.decimals.into());
    }

    /// The value as written: the double nearest to the decimal [`Decimal::write`] gives, which
    /// is what a spreadsheet reads from the CSV file. The written digits are the writer's own
    /// ([`crate::format::rounded`]), an integer `n`; the value is `n / 10^d` with `n` and `10^d`
    /// both exact, which one division rounds correctly. A value with more digits than a double
    /// holds exactly (2^53 or more once scaled) or more than 22 decimals is read back from its
    /// text: the one case where a writer parses a number, and a rare one.
    pub fn as_written(&self) -> f64 {
        let d = usize::from(self.decimals);
        let exact = crate::format::rounded(self.value, d)
            .filter(|&(_, n)| n < 1 << 53)
            .zip(POWERS_OF_TEN.get(d));
        let Some(((negative, n), &power)) = exact else {
            let mut text = String::new();
            self.write(&mut text);
            return text.parse().unwrap_or(f64::NAN);
        };
        // A value that rounds to zero is written 0, without a sign.
        if n == 0 {
            return 0.0;
        }
        let rounded = n as f64 / power;
        if negative { -rounded } else { rounded }
    }
}

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// Nothing: an empty field.
    Empty,
    /// Text, borrowed from the analysis where it is already there (ids, labels, formulas).
    Text(Cow<'a, str>),
    /// A number written with fixed decimals.
    Number(Decimal),
    /// A whole number (a year, a count).
    Integer(i64),
    /// `true` or `false`.
    Boolean(bool),
}

impl<'a> Cell<'a> {
    /// A number written with `decimals` decimals.
    pub fn number(value: f64, decimals: usize) -> Cell<'a> {
        Cell::Number(Decimal::new(value, decimals))
    }

    /// A number with its decimals, or nothing.
    pub fn number_or_empty(value: Option<f64>, decimals: usize) -> Cell<'a> {
        value.map_or(Cell::Empty, |v| Cell::number(v, decimals))
    }

    /// A count.
    pub fn count(n: usize) -> Cell<'a> {
        Cell::Integer(i64::try_from(n).unwrap_or(i64::MAX))
    }

    /// Text (an empty one writes an empty field).
    pub fn text(text: impl Into<Cow<'a, str>>) -> Cell<'a> {
        Cell::Text(text.into())
    }

    /// The same cell, borrowing its text.
    pub fn borrowed(&self) -> Cell<'_> {
        match self {
            Cell::Empty => Cell::Empty,
            Cell::Text(t) => Cell::Text(Cow::Borrowed(t)),
            Cell::Number(d) => Cell::Number(*d),
            Cell::Integer(i) => Cell::Integer(*i),
            Cell::Boolean(b) => Cell::Boolean(*b),
        }
    }

    /// The cell as the CSV file writes it: text as it is, anything else formatted into `scratch`
    /// (cleared first), so that writing a table allocates nothing a cell.
    pub fn written<'s>(&'s self, scratch: &'s mut String) -> &'s str {
        scratch.clear();
        match self {
            Cell::Empty => "",
            Cell::Text(t) => t,
            Cell::Number(d) => {
                d.write(scratch);
                scratch
            }
            Cell::Integer(i) => {
                // Writing to a String cannot fail.
                let _ = write!(scratch, "{i}");
                scratch
            }
            Cell::Boolean(b) => {
                scratch.push_str(if *b { "true" } else { "false" });
                scratch
            }
        }
    }

    /// The number a numeric cell holds, as the CSV file writes it (the same number a reader of
    /// the file gets); None for a cell that holds none (text, a boolean, nothing, or a value
    /// that is not a finite number).
    pub fn as_number(&self) -> Option<f64> {
        let v = match self {
            Cell::Number(n) => n.as_written(),
            // Years and counts, far inside the integers a double holds exactly.
            Cell::Integer(i) => *i as f64,
            _ => return None,
        };
        v.is_finite().then_some(v)
    }

    /// The cell as the CSV file writes it.
    pub fn to_text(&self) -> Cow<'_, str> {
        self.borrowed().into_text()
    }

    /// The cell as the CSV file writes it, its text kept where it is text.
    pub fn into_text(self) -> Cow<'a, str> {
        match self {
            Cell::Text(t) => t,
            Cell::Empty => Cow::Borrowed(""),
            Cell::Boolean(b) => Cow::Borrowed(if b { "true" } else { "false" }),
            Cell::Number(_) | Cell::Integer(_) => {
                let mut scratch = String::new();
                self.written(&mut scratch);
                Cow::Owned(scratch)
            }
        }
    }

    /// Whether the CSV file writes nothing for it (a number that is not one included).
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.is_empty(),
            Cell::Number(d) => d.value.is_nan(),
            Cell::Integer(_) | Cell::Boolean(_) => false,
        }
    }

    /// About the bytes the CSV file takes for it, to size the file's buffer.
    pub fn size_hint(&self) -> usize {
        match self {
            Cell::Empty => 0,
            Cell::Text(t) => t.len(),
            Cell::Number(d) => usize::from(d.decimals) + 8,
            Cell::Integer(_) | Cell::Boolean(_) => 5,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cells_are_written_as_the_csv_holds_them() {
        let mut scratch = String::new();
        assert_eq!(Cell::number(2.0 / 3.0, 3).written(&mut scratch), "0.667");
        assert_eq!(Cell::number(-0.0004, 3).written(&mut scratch), "0.000");
        assert_eq!(Cell::number(f64::NAN, 2).written(&mut scratch), "");
        assert_eq!(Cell::number(f64::INFINITY, 2).written(&mut scratch), "inf");
        assert_eq!(Cell::Integer(-2024).written(&mut scratch), "-2024");
        assert_eq!(Cell::Boolean(false).written(&mut scratch), "false");
        assert_eq!(Cell::Boolean(true).to_text(), "true");
        assert_eq!(Cell::Integer(7).to_text(), "7");
        assert_eq!(Cell::text("a, b").to_text(), "a, b");
        assert!(Cell::number(f64::NAN, 2).is_empty() && Cell::text("").is_empty());
        assert!(!Cell::number(0.0, 0).is_empty());
    }

    #[test]
    fn the_value_as_written_is_the_rounded_decimal() {
        let written = |v: f64, d: usize| Decimal::new(v, d).as_written();
        assert_eq!(written(2.0 / 3.0, 3), 0.667);
        assert_eq!(written(10.000000000000009, 6), 10.0);
        // Ties go to the even digit, as the formatting rounds: 0.125 and 2.5 are exact doubles.
        assert_eq!(written(0.125, 2), 0.12);
        assert_eq!(written(0.375, 2), 0.38);
        assert_eq!(written(2.5, 0), 2.0);
        assert_eq!(written(-2.5, 0), -2.0);
        // 0.35 is a little under 0.35 as a double, so it rounds down.
        assert_eq!(written(0.35, 1), 0.3);
        assert_eq!(written(-0.0004, 3).to_bits(), 0.0f64.to_bits());
        assert_eq!(written(1e300, 2), 1e300);
        assert!(written(f64::NAN, 2).is_nan());
        assert_eq!(written(f64::NEG_INFINITY, 2), f64::NEG_INFINITY);
    }

    /// What a reader of the CSV file gets for the number.
    fn read_back(v: f64, d: usize) -> f64 {
        crate::format::fixed(v, d).parse().unwrap_or(f64::NAN)
    }

    fn same(a: f64, b: f64) -> bool {
        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]
        #[test]
        fn as_written_is_what_the_text_reads_back_as(
            v in prop_oneof![
                -1e6f64..1e6,
                -10.0f64..10.0,
                // Exact binary fractions: the ties.
                (-1_000_000i64..1_000_000, 0u32..12).prop_map(|(m, e)| m as f64 / f64::from(1u32 << e)),
                any::<f64>(),
            ],
            d in 0usize..12,
        ) {
            let ours = Decimal::new(v, d).as_written();
            prop_assert!(same(ours, read_back(v, d)), "{v} at {d}: {ours} for {}", read_back(v, d));
        }

        /// Values next to a half-way point of their last written decimal, on either side.
        #[test]
        fn as_written_rounds_near_half_way_as_the_text_does(
            m in -100_000_000i64..100_000_000,
            d in 0usize..8,
            step in -2i64..=2,
        ) {
            let half_way = (m as f64 + 0.5) / 10f64.powi(d as i32);
            let mut v = half_way;
            for _ in 0..step.abs() {
                v = if step > 0 { v.next_up() } else { v.next_down() };
            }
            let ours = Decimal::new(v, d).as_written();
            prop_assert!(same(ours, read_back(v, d)), "{v} at {d}: {ours} for {}", read_back(v, d));
        }
    }
}
