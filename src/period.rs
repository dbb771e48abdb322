//! Periods as the documents give them: a date (a stock, e.g. staff at 31 December), a year (a flow,
//! e.g. a year's revenue) or a range of years (e.g. a programme or a bibliometric window).

use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Date {
        year: i32,
        month: u32,
        day: u32,
    },
    Year(i32),
    /// Inclusive range of years, written `2018/2022` (ISO 8601 interval notation).
    Range(i32, i32),
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Period {
    /// Position on a continuous time axis in years, so that differences are durations:
    /// a date is the fraction of its year elapsed at the end of that day (31 December 2018 is
    /// 2019.0), a year is its middle (2019 is 2019.5). Ranges have no single position.
    pub fn time(&self) -> Option<f64> {
        match *self {
            Period::Date { year, month, day } => {
                let before: u32 = (1..month).map(|m| days_in_month(year, m)).sum();
                let len = if is_leap(year) { 366.0 } else { 365.0 };
                Some(f64::from(year) + f64::from(before + day) / len)
            }
            Period::Year(y) => Some(f64::from(y) + 0.5),
            Period::Range(..) => None,
        }
    }

    /// Number of years a range covers (2014/2020 covers 7), or 1 for a single year.
    pub fn span_years(&self) -> Option<f64> {
        match *self {
            Period::Range(a, b) => Some(f64::from(b - a + 1)),
            Period::Year(_) => Some(1.0),
            Period::Date { .. } => None,
        }
    }

    /// Calendar year the period ends in: used to place points on a chart's year axis.
    pub fn end_year(&self) -> i32 {
        match *self {
            Period::Date { year, .. } | Period::Year(year) | Period::Range(_, year) => year,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Period::Date { .. } => "date",
            Period::Year(_) => "year",
            Period::Range(..) => "range",
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Date { year, month, day } => write!(f, "{year:04}-{month:02}-{day:02}"),
            Period::Year(y) => write!(f, "{y:04}"),
            Period::Range(a, b) => write!(f, "{a:04}/{b:04}"),
        }
    }
}

pub const PERIOD_FORMS: &str = "a date YYYY-MM-DD, a year YYYY, or a range of years YYYY/YYYY";

fn parse_year(s: &str) -> Option<i32> {
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

impl FromStr for Period {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("expected {PERIOD_FORMS}, found {s:?}");
        if let Some((a, b)) = s.split_once('/') {
            let (a, b) = (parse_year(a).ok_or_else(bad)?, parse_year(b).ok_or_else(bad)?);
            if a >= b {
                return Err(format!(
                    "expected a range whose first year is before its last, found {s:?}"
                ));
            }
            return Ok(Period::Range(a, b));
        }
        let parts: Vec<&str> = s.split('-').collect();
        match parts.as_slice() {
            [y] => parse_year(y).map(Period::Year).ok_or_else(bad),
            [y, m, d] if m.len() == 2 && d.len() == 2 => {
                let year = parse_year(y).ok_or_else(bad)?;
                let month: u32 = m.parse().map_err(|_| bad())?;
                let day: u32 = d.parse().map_err(|_| bad())?;
                if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
                    return Err(format!("expected a calendar date, found {s:?}"));
                }
                Ok(Period::Date { year, month, day })
            }
            _ => Err(bad()),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.trim().parse().map_err(serde::de::Error::custom)
    }
}

/// Years elapsed between two periods of the same kind (dates or years); None otherwise.
pub fn years_between(from: &Period, to: &Period) -> Option<f64> {
    if from.kind() != to.kind() {
        return None;
    }
    Some(to.time()? - from.time()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_each_form() {
        for s in ["2018-12-31", "2019", "2014/2020", "2024-02-29"] {
            assert_eq!(s.parse::<Period>().unwrap().to_string(), s);
        }
        for s in ["2018-13-01", "2023-02-29", "19", "2020/2019", "2020-1-01", "", "2019 "] {
            assert!(s.parse::<Period>().is_err(), "{s} should not parse");
        }
    }

    #[test]
    fn durations_are_whole_years_between_year_ends() {
        let a: Period = "2018-12-31".parse().unwrap();
        let b: Period = "2023-12-31".parse().unwrap();
        assert_eq!(years_between(&a, &b), Some(5.0));
        let leap: Period = "2020-12-31".parse().unwrap();
        assert_eq!(years_between(&a, &leap), Some(2.0));
        assert_eq!(years_between(&Period::Year(2019), &Period::Year(2025)), Some(6.0));
        assert_eq!(years_between(&a, &Period::Year(2025)), None);
        assert_eq!(Period::Range(2014, 2020).span_years(), Some(7.0));
    }
}
