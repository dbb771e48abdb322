//! Number formatting for every output: fixed decimals, never scientific notation, no negative zero.

/// `v` with exactly `decimals` decimals.
pub fn fixed(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return if v.is_nan() {
            String::new()
        } else if v > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    }
    let s = format!("{v:.decimals$}");
    // "-0.00" is zero: print it as such so equal values have equal bytes.
    if s.starts_with('-') && s[1..].bytes().all(|b| b == b'0' || b == b'.') {
        s[1..].to_string()
    } else {
        s
    }
}

/// `v` as a person would write it in a formula: integers without decimals, others with up to six
/// significant decimals.
pub fn plain(v: f64) -> String {
    let s = fixed(v, 6);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
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
    }
}
