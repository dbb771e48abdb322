//! Periods as the documents give them: a date (a stock, e.g. staff at 31 December), a year (a flow,
//! e.g. a year's revenue) or a range of years (e.g. a programme or a bibliometric window).

use std::fmt;
use std::str::FromStr;

/// When a figure holds: a date, a year or a range of years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    /// A day, for a stock at that date (e.g. staff at 31 December).
    Date {
        /// Calendar year.
        year: i32,
        /// Month, 1–12.
        month: u32,
        /// Day of the month, 1-based.
        day: u32,
    },
    /// A calendar year, for a flow over that year (e.g. a year's revenue).
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
    /// A date's month and day in `year`, on the month's last day where that year's month is
    /// shorter (29 February 2024 in 2023 is 28 February); for a year or a range, the year `year`.
    pub fn same_day_in(&self, year: i32) -> Period {
        match *self {
            Period::Date { month, day, .. } => Period::Date {
                year,
                month,
                day: day.min(days_in_month(year, month)),
            },
            _ => Period::Year(year),
        }
    }

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

    /// The period as one integer ordered as the written forms are (`2019` < `2019-12-31` <
    /// `2019/2023` < `2020`), so that a frame can join and sort periods as numbers and give them
    /// back exactly ([`Period::from_code`]): the year times a million, plus 0 for a year,
    /// 1 + 100 × month + day for a date, 2000 + the last year for a range. Both hold for years
    /// 0000–9999, the only ones [`str::parse`] accepts.
    pub fn code(&self) -> i64 {
        let at = |year: i32| i64::from(year) * 1_000_000;
        match *self {
            Period::Year(y) => at(y),
            Period::Date { year, month, day } => at(year) + 1 + i64::from(month * 100 + day),
            Period::Range(a, b) => at(a) + 2000 + i64::from(b),
        }
    }

    /// The period of a [`Period::code`]; `None` for a number no period has.
    pub fn from_code(code: i64) -> Option<Period> {
        let year = i32::try_from(code.div_euclid(1_000_000)).ok()?;
        let rest = code.rem_euclid(1_000_000);
        let period = match rest {
            0 => Period::Year(year),
            1..2000 => {
                let (month, day) = (
                    u32::try_from((rest - 1) / 100).ok()?,
                    u32::try_from((rest - 1) % 100).ok()?,
                );
                if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
                    return None;
                }
                Period::Date { year, month, day }
            }
            _ => Period::Range(year, i32::try_from(rest - 2000).ok()?),
        };
        Some(period)
    }

    /// The kind of period as a word, `date`, `year` or `range`: for messages and to match kinds.
    pub fn kind(&self) -> &'static str {
        match self {
            Period::Date { .. } => "date",
            Period::Year(_) => "year",
            Period::Range(..) => "range",
        }
    }
}

impl Period {
    /// The period as written, for years of four digits (all the data has): digits placed by
    /// hand, since a panel writes millions of periods and the formatting machinery's padding was
    /// most of their cost. `None` for a year beyond 9999 or a malformed date.
    fn short_form(&self) -> Option<([u8; 10], usize)> {
        let four = |y: i32| (0..=9999).contains(&y).then(|| digits::<4>(y as u32));
        match *self {
            Period::Date { year, month, day } if month <= 99 && day <= 99 => {
                let (y, m, d) = (four(year)?, digits::<2>(month), digits::<2>(day));
                Some(([y[0], y[1], y[2], y[3], b'-', m[0], m[1], b'-', d[0], d[1]], 10))
            }
            Period::Date { .. } => None,
            Period::Year(y) => {
                let y = four(y)?;
                Some(([y[0], y[1], y[2], y[3], 0, 0, 0, 0, 0, 0], 4))
            }
            Period::Range(a, b) => {
                let (x, y) = (four(a)?, four(b)?);
                Some(([x[0], x[1], x[2], x[3], b'/', y[0], y[1], y[2], y[3], 0], 9))
            }
        }
    }

    /// The period as written ([`Display`](fmt::Display)), appended to `out` without going
    /// through a formatter where it can.
    pub fn push_to(&self, out: &mut String) {
        match self.short_form() {
            Some((bytes, n)) => out.push_str(std::str::from_utf8(&bytes[..n]).unwrap_or_default()),
            None => {
                // Writing to a String cannot fail.
                let _ = fmt::Write::write_fmt(out, format_args!("{self}"));
            }
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((bytes, n)) = self.short_form() {
            return f.write_str(std::str::from_utf8(&bytes[..n]).map_err(|_| fmt::Error)?);
        }
        match *self {
            Period::Date { year, month, day } => write!(f, "{year:04}-{month:02}-{day:02}"),
            Period::Year(y) => write!(f, "{y:04}"),
            Period::Range(a, b) => write!(f, "{a:04}/{b:04}"),
        }
    }
}

/// The last `N` decimal digits of `v`, zero-padded.
fn digits<const N: usize>(mut v: u32) -> [u8; N] {
    let mut out = [b'0'; N];
    for d in out.iter_mut().rev() {
        *d = b'0' + (v % 10) as u8;
        v /= 10;
    }
    out
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Period {
    /// The period as a reader writes it: `31 Dec 2023`, `2023`, `2018–2022`.
    pub fn label(&self) -> String {
        match *self {
            Period::Date { year, month, day } => {
                let m = (month as usize)
                    .checked_sub(1)
                    .and_then(|i| MONTHS.get(i))
                    .copied()
                    .unwrap_or("?");
                format!("{day} {m} {year}")
            }
            Period::Year(y) => y.to_string(),
            Period::Range(a, b) => format!("{a}\u{2013}{b}"),
        }
    }

    /// The period in running text: `end 2023` for a 31 December, otherwise as [`Period::label`].
    pub fn short_label(&self) -> String {
        match *self {
            Period::Date {
                year,
                month: 12,
                day: 31,
            } => format!("end {year}"),
            _ => self.label(),
        }
    }
}

/// How a report item chooses its period among those the data have, so that a new year of data
/// reaches every output with no edit. Written in `report.toml` as `latest`, `earliest`,
/// `latest_complete`, `earliest_complete`, or a period (`2023-12-31`, `2023`, `2018/2022`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodRule {
    /// The last period any of the item's series has.
    Latest,
    /// The first period any of the item's series has.
    Earliest,
    /// The last period every one of the item's series has ("latest with every breakdown").
    LatestComplete,
    /// The first period every one of the item's series has.
    EarliestComplete,
    /// That period, where every one of the item's series has it (the item is not computed otherwise).
    Fixed(Period),
}

impl PeriodRule {
    /// Chooses a period from the periods each series has (one list per series, any order).
    /// None when no period satisfies the rule.
    pub fn resolve(&self, per_series: &[Vec<Period>]) -> Option<Period> {
        use std::collections::BTreeSet;
        let any: BTreeSet<Period> = per_series.iter().flatten().copied().collect();
        let every = || {
            any.iter()
                .filter(|p| per_series.iter().all(|s| s.contains(p)))
                .copied()
                .collect::<Vec<_>>()
        };
        match self {
            PeriodRule::Latest => any.iter().max_by_key(|p| p.order_key()).copied(),
            PeriodRule::Earliest => any.iter().min_by_key(|p| p.order_key()).copied(),
            PeriodRule::LatestComplete => every().into_iter().max_by_key(|p| p.order_key()),
            PeriodRule::EarliestComplete => every().into_iter().min_by_key(|p| p.order_key()),
            PeriodRule::Fixed(p) => (per_series.is_empty() || per_series.iter().all(|s| s.contains(p))).then_some(*p),
        }
    }
}

impl Period {
    /// Chronological order across kinds: by the year the period ends in, then its end within
    /// that year (a 31 December date, a year and a range ending that year come in that order).
    pub fn order_key(&self) -> (i32, i32, u32, u32) {
        match *self {
            Period::Date { year, month, day } => (year, 0, month, day),
            Period::Year(y) => (y, 1, 0, 0),
            Period::Range(a, b) => (b, 2, 0, (b - a) as u32),
        }
    }
}

impl PeriodRule {
    /// The rule in words, for messages to users: "the latest period", "31 Dec 2023".
    pub fn for_readers(&self) -> String {
        match self {
            PeriodRule::Latest => "the latest period".into(),
            PeriodRule::Earliest => "the earliest period".into(),
            PeriodRule::LatestComplete => "the latest period every series it reads has a value at".into(),
            PeriodRule::EarliestComplete => "the earliest period every series it reads has a value at".into(),
            PeriodRule::Fixed(p) => p.label(),
        }
    }
}

impl fmt::Display for PeriodRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PeriodRule::Latest => f.write_str("latest"),
            PeriodRule::Earliest => f.write_str("earliest"),
            PeriodRule::LatestComplete => f.write_str("latest_complete"),
            PeriodRule::EarliestComplete => f.write_str("earliest_complete"),
            PeriodRule::Fixed(p) => write!(f, "{p}"),
        }
    }
}

impl FromStr for PeriodRule {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "latest" => PeriodRule::Latest,
            "earliest" => PeriodRule::Earliest,
            "latest_complete" => PeriodRule::LatestComplete,
            "earliest_complete" => PeriodRule::EarliestComplete,
            other => PeriodRule::Fixed(other.parse().map_err(|_| {
                format!(
                    "expected latest, earliest, latest_complete, earliest_complete or a period ({PERIOD_FORMS}), found {other:?}"
                )
            })?),
        })
    }
}

impl<'de> serde::Deserialize<'de> for PeriodRule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.trim().parse().map_err(serde::de::Error::custom)
    }
}

/// The written forms of a period, for error messages.
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
    fn the_same_day_in_another_year_exists() {
        let p = |s: &str| s.parse::<Period>().unwrap();
        assert_eq!(p("2024-02-29").same_day_in(2023), p("2023-02-28"));
        assert_eq!(p("2024-02-29").same_day_in(2020), p("2020-02-29"));
        assert_eq!(p("2024-12-31").same_day_in(2015), p("2015-12-31"));
        assert_eq!(p("2024").same_day_in(2015), p("2015"));
    }

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

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[test]
    fn rules_choose_among_the_periods_the_series_have() {
        // Four breakdowns at end 2018 and end 2023; only two of them at end 2024.
        let full = vec![p("2018-12-31"), p("2023-12-31"), p("2024-12-31")];
        let part = vec![p("2018-12-31"), p("2019-12-31"), p("2023-12-31")];
        let sets = [full.clone(), part.clone()];
        assert_eq!(PeriodRule::Latest.resolve(&sets), Some(p("2024-12-31")));
        assert_eq!(PeriodRule::LatestComplete.resolve(&sets), Some(p("2023-12-31")));
        assert_eq!(PeriodRule::Earliest.resolve(&sets), Some(p("2018-12-31")));
        assert_eq!(PeriodRule::EarliestComplete.resolve(&sets), Some(p("2018-12-31")));
        assert_eq!(PeriodRule::Fixed(p("2019-12-31")).resolve(&sets), None);
        assert_eq!(
            PeriodRule::Fixed(p("2019-12-31")).resolve(&[part]),
            Some(p("2019-12-31"))
        );
        assert_eq!(PeriodRule::Latest.resolve(&[]), None);
        assert_eq!(PeriodRule::LatestComplete.resolve(&[full, vec![]]), None);
    }

    #[test]
    fn rules_parse_from_their_names_or_a_period() {
        assert_eq!("latest".parse::<PeriodRule>(), Ok(PeriodRule::Latest));
        assert_eq!(
            "2018/2022".parse::<PeriodRule>(),
            Ok(PeriodRule::Fixed(Period::Range(2018, 2022)))
        );
        assert!("newest".parse::<PeriodRule>().is_err());
        assert_eq!(p("2023-12-31").label(), "31 Dec 2023");
        assert_eq!(p("2023-12-31").short_label(), "end 2023");
        assert_eq!(p("2018/2022").label(), "2018\u{2013}2022");
    }

    proptest::proptest! {
        /// Rules pick, among the years each series has, the extreme of all of them or of those
        /// every series has.
        #[test]
        fn rules_pick_the_extremes_of_the_union_or_the_intersection(
            sets in proptest::collection::vec(proptest::collection::btree_set(2000i32..2030, 0..8), 1..5)
        ) {
            let per_series: Vec<Vec<Period>> =
                sets.iter().map(|s| s.iter().map(|y| Period::Year(*y)).collect()).collect();
            let all: std::collections::BTreeSet<i32> = sets.iter().flatten().copied().collect();
            let common: Vec<i32> = all.iter().copied().filter(|y| sets.iter().all(|s| s.contains(y))).collect();
            proptest::prop_assert_eq!(PeriodRule::Latest.resolve(&per_series), all.iter().max().map(|y| Period::Year(*y)));
            proptest::prop_assert_eq!(PeriodRule::Earliest.resolve(&per_series), all.iter().min().map(|y| Period::Year(*y)));
            proptest::prop_assert_eq!(PeriodRule::LatestComplete.resolve(&per_series), common.iter().max().map(|y| Period::Year(*y)));
            proptest::prop_assert_eq!(PeriodRule::EarliestComplete.resolve(&per_series), common.iter().min().map(|y| Period::Year(*y)));
        }

        /// Codes read back as the period, and order periods as their written forms do (frames
        /// sort by code where the outputs used to sort by text).
        #[test]
        fn codes_round_trip_and_sort_as_text(
            a in period_strategy(),
            b in period_strategy(),
        ) {
            proptest::prop_assert_eq!(Period::from_code(a.code()), Some(a));
            proptest::prop_assert_eq!(a.code().cmp(&b.code()), a.to_string().cmp(&b.to_string()));
        }
    }

    proptest::proptest! {
        /// The hand-written digits give what the formatting machinery gives, any year, and so
        /// does `push_to`.
        #[test]
        fn display_is_the_padded_formatting(y in -20_000i32..20_000, z in -20_000i32..20_000, m in 1u32..=120, d in 1u32..=310) {
            let date = Period::Date { year: y, month: m, day: d };
            let (year, range) = (Period::Year(y), Period::Range(y, z));
            proptest::prop_assert_eq!(date.to_string(), format!("{y:04}-{m:02}-{d:02}"));
            proptest::prop_assert_eq!(year.to_string(), format!("{y:04}"));
            proptest::prop_assert_eq!(range.to_string(), format!("{y:04}/{z:04}"));
            for p in [date, year, range] {
                let mut pushed = "before ".to_string();
                p.push_to(&mut pushed);
                proptest::prop_assert_eq!(pushed, format!("before {p}"));
            }
        }
    }

    fn period_strategy() -> impl proptest::strategy::Strategy<Value = Period> {
        use proptest::prelude::*;
        // Years near each other, so that equal years (where the kinds decide) come up often.
        prop_oneof![
            (1990i32..1993).prop_map(Period::Year),
            (1990i32..1993, 1u32..=12, 1u32..=28).prop_map(|(year, month, day)| Period::Date { year, month, day }),
            (1990i32..1993, 0i32..7000).prop_map(|(a, d)| Period::Range(a, a + 1 + d)),
            (0i32..=9999).prop_map(Period::Year),
        ]
    }

    #[test]
    fn codes_of_each_form() {
        assert_eq!(Period::Year(2019).code(), 2_019_000_000);
        assert_eq!(p("2019-12-31").code(), 2_019_001_232);
        assert_eq!(p("2019/2023").code(), 2_019_004_023);
        assert_eq!(Period::from_code(2_019_001_232), Some(p("2019-12-31")));
        // Not a calendar date.
        assert_eq!(Period::from_code(2_019_000_231), None);
    }
}
