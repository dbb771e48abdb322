//! Number formatting for every output: fixed decimals, never scientific notation, no negative zero.

/// `v` with exactly `decimals` decimals.
pub fn fixed(v: f64, decimals: usize) -> String {
    let mut s = String::new();
    fixed_into(&mut s, v, decimals);
    s
}

/// [`fixed`], appended to `out`.
pub fn fixed_into(out: &mut String, v: f64, decimals: usize) {
    if !v.is_finite() {
        if v.is_infinite() {
            out.push_str(if v > 0.0 { "inf" } else { "-inf" });
        }
        return;
    }
    if exact_fixed_into(out, v, decimals) {
        return;
    }
    let start = out.len();
    // Writing to a String cannot fail.
    let _ = std::fmt::Write::write_fmt(out, format_args!("{v:.decimals$}"));
    // "-0.00" is zero: print it as such so equal values have equal bytes.
    let s = &out[start..];
    if s.starts_with('-') && s[1..].bytes().all(|b| b == b'0' || b == b'.') {
        out.remove(start);
    }
}

/// Most decimals [`rounded`] handles: 10^22, the largest power of ten a double holds exactly,
/// times a 53-bit mantissa fits 128 bits.
pub(crate) const MAX_ROUNDED_DECIMALS: usize = 22;

/// `|v| × 10^decimals` rounded half to even from `v`'s exact binary value, as the standard
/// formatting rounds, with `v`'s sign: the digits `v` is written with at `decimals` decimals. In
/// integer arithmetic: `v` is `mantissa × 2^exponent`, so the product is an integer shifted right,
/// whose dropped bits decide the rounding. None for a value that is not finite, more decimals
/// than [`MAX_ROUNDED_DECIMALS`], or a product beyond 64 bits.
pub fn rounded(v: f64, decimals: usize) -> Option<(bool, u64)> {
    if !v.is_finite() || decimals > MAX_ROUNDED_DECIMALS {
        return None;
    }
    let bits = v.to_bits();
    let negative = bits >> 63 == 1;
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = u128::from(bits & ((1 << 52) - 1));
    // Subnormals have no implicit leading bit and the smallest exponent.
    let (mantissa, exponent) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, biased - 1075)
    };
    let scale = 10u128.pow(decimals as u32);
    let product = mantissa * scale;
    let scaled = if exponent >= 0 {
        // An integer: beyond 64 bits once scaled whenever it is shifted at all this far.
        if exponent >= 64 {
            return None;
        }
        product.checked_mul(1u128 << exponent)?
    } else {
        let shift = exponent.unsigned_abs();
        // Below half a unit of the last decimal (the product is under 2^127): zero.
        if shift >= 128 {
            0
        } else {
            let kept = product >> shift;
            let dropped = product & ((1u128 << shift) - 1);
            let half = 1u128 << (shift - 1);
            if dropped > half || (dropped == half && kept % 2 == 1) {
                kept + 1
            } else {
                kept
            }
        }
    };
    Some((negative, u64::try_from(scaled).ok()?))
}

/// `v` with `decimals` decimals from its [`rounded`] digits; false, writing nothing, where it
/// has none. The standard formatting falls back to big-number arithmetic for most values at six
/// decimals, which made it the largest single cost of writing a panel's indicators
/// (benches/RESULTS.md).
fn exact_fixed_into(out: &mut String, v: f64, decimals: usize) -> bool {
    let Some((negative, scaled)) = rounded(v, decimals) else {
        return false;
    };
    // Digits from the last: the formatting machinery's padding cost more than the arithmetic.
    // At most 20 digits of a u64, 22 leading zeros, a point and a sign.
    let mut digits = [0u8; 48];
    let mut at = digits.len();
    let mut push = |b: u8| {
        at -= 1;
        digits[at] = b;
    };
    let mut rest = scaled;
    for _ in 0..decimals {
        push(b'0' + (rest % 10) as u8);
        rest /= 10;
    }
    if decimals > 0 {
        push(b'.');
    }
    loop {
        push(b'0' + (rest % 10) as u8);
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    // A value that rounds to zero has no sign, so equal values have equal bytes.
    if negative && scaled != 0 {
        push(b'-');
    }
    // Only ASCII digits, a point and a sign were written: always UTF-8.
    if let Ok(text) = std::str::from_utf8(&digits[at..]) {
        out.push_str(text);
    }
    true
}

/// `v` as a person would write it in a formula: integers without decimals, others with up to six
/// significant decimals.
pub fn plain(v: f64) -> String {
    let mut s = String::new();
    plain_into(&mut s, v);
    s
}

/// [`plain`], appended to `out`.
pub fn plain_into(out: &mut String, v: f64) {
    let start = out.len();
    fixed_into(out, v, 6);
    let written = &out.as_bytes()[start..];
    if written.contains(&b'.') {
        // Trailing zeros, then the point if nothing follows it.
        let mut kept = written.len();
        while kept > 0 && written[kept - 1] == b'0' {
            kept -= 1;
        }
        if kept > 0 && written[kept - 1] == b'.' {
            kept -= 1;
        }
        out.truncate(start + kept);
    }
}

/// `v` with `decimals` decimals, thousands grouped with commas and a true minus sign, for
/// readers: `-1234.5` is "−1,234.5". Not for CSV files, which use [`fixed`].
pub fn grouped(v: f64, decimals: usize) -> String {
    let s = fixed(v, decimals);
    let (sign, rest) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("\u{2212}", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    if !int.bytes().all(|b| b.is_ascii_digit()) {
        return s;
    }
    let mut out = String::from(sign);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// `v` rounded to `digits` significant figures, for readers ([`grouped`]): 8,092 to two is
/// "8,100", 54.26 to three "54.3". For a figure whose method supports no more precision.
pub fn significant(v: f64, digits: u32) -> String {
    if v == 0.0 || !v.is_finite() {
        return grouped(v, 0);
    }
    let mut magnitude = v.abs().log10().floor() as i32;
    let scale = 10f64.powi(magnitude + 1 - digits as i32);
    let rounded = (v / scale).round() * scale;
    // Rounding up to the next power of ten (0.0996 to 0.10) gains a digit: drop a decimal.
    if rounded.abs() >= 10f64.powi(magnitude + 1) {
        magnitude += 1;
    }
    let decimals = (digits as i32 - 1 - magnitude).max(0);
    grouped(rounded, decimals as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_and_plain() {
        assert_eq!(fixed(38.25278810408922, 6), "38.252788");
        assert_eq!(fixed(-0.0000001, 3), "0.000");
        assert_eq!(fixed(1e21, 1), "1000000000000000000000.0");
        assert_eq!(plain(3719.0), "3719");
        assert_eq!(plain(20.5), "20.5");
        assert_eq!(plain(-2.5862068965), "-2.586207");
        assert_eq!(grouped(-1234.56, 1), "\u{2212}1,234.6");
        assert_eq!(grouped(8691.0, 0), "8,691");
        assert_eq!(grouped(999.0, 0), "999");
        assert_eq!(significant(8092.4, 2), "8,100");
        assert_eq!(significant(4655.0, 2), "4,700");
        assert_eq!(significant(54.26, 3), "54.3");
        assert_eq!(significant(0.03449, 2), "0.034");
        assert_eq!(significant(-1234.0, 2), "\u{2212}1,200");
        assert_eq!(significant(99_960.0, 3), "100,000");
        assert_eq!(significant(0.0, 2), "0");
        assert_eq!(significant(0.0996, 2), "0.10");
        assert_eq!(significant(9.96, 2), "10");
        // Rounding up carries into the integer part; ties go to the exact formatting.
        assert_eq!(fixed(9.9999996, 6), "10.000000");
        assert_eq!(fixed(-99.5, 0), format!("{:.0}", -99.5));
        assert_eq!(fixed(0.0000005, 6), format!("{:.6}", 0.0000005));
        assert_eq!(fixed(2.5, 0), "2");
    }

    fn exact(v: f64, decimals: usize) -> String {
        let s = format!("{v:.decimals$}");
        if s.starts_with('-') && s[1..].bytes().all(|b| b == b'0' || b == b'.') {
            s[1..].to_string()
        } else {
            s
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        /// The integer arithmetic gives the exact formatting's bytes: any value, any decimals up to 24
        /// (beyond 22 the standard formatting itself).
        #[test]
        fn fixed_is_the_exact_formatting(v in proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO, d in 0usize..=24) {
            proptest::prop_assert_eq!(fixed(v, d), exact(v, d));
        }

        /// `plain` is the six-decimal form without its trailing zeros (nor a point left bare).
        #[test]
        fn plain_is_the_fixed_form_trimmed(v in proptest::num::f64::NORMAL | proptest::num::f64::ZERO, scale in proptest::sample::select(vec![1.0, 1e-12, 1e-300])) {
            let v = v * scale;
            let f = exact(v, 6);
            let want = if f.contains('.') { f.trim_end_matches('0').trim_end_matches('.').to_string() } else { f };
            proptest::prop_assert_eq!(plain(v), want);
        }

        /// Values such as the catalogue computes: ratios and shares of counts, changes.
        #[test]
        fn fixed_is_exact_on_ratios(a in -100_000i64..100_000, b in 1i64..100_000, scale in proptest::sample::select(vec![1.0, 100.0, 0.01, 1e-6]), d in 0usize..=6) {
            let v = scale * a as f64 / b as f64;
            proptest::prop_assert_eq!(fixed(v, d), exact(v, d));
        }

        /// Exact ties at every number of decimals (multiples of a power of two): rounded half
        /// to even, as the standard formatting does; negative values rounding to zero unsigned.
        #[test]
        fn fixed_is_exact_on_ties(k in -1_000_000i64..1_000_000, power in 0i32..=24, d in 0usize..=22) {
            let v = k as f64 / 2f64.powi(power);
            proptest::prop_assert_eq!(fixed(v, d), exact(v, d));
        }

        /// Moderate values at many decimals, where the digits run past a double's precision.
        #[test]
        fn fixed_is_exact_at_many_decimals(v in -1e3f64..1e3, d in 7usize..=22) {
            proptest::prop_assert_eq!(fixed(v, d), exact(v, d));
        }

        /// Values at and next to rounding ties of six decimals.
        #[test]
        fn fixed_is_exact_near_ties(k in -10_000_000i64..10_000_000, ulps in -3i64..=3, d in 0usize..=6) {
            let tie = (k as f64 + 0.5) / 1e6;
            let v = f64::from_bits((tie.to_bits() as i64 + ulps) as u64);
            proptest::prop_assert_eq!(fixed(v, d), exact(v, d));
        }
    }
}
