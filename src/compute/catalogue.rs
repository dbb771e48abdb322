//! The indicator catalogue: every derived series and every indicator orgmetrics computes, each
//! defined once, in this module. Series ids are those the load stage builds from the data's
//! dimensions (see the data dictionary, docs/data.md): the catalogue is the assessment format's,
//! the same for every organisation. Where an indicator is computed per field, comparator or
//! programme, the entries are made for the codes the data have, so nothing here names an
//! organisation, a panel or a period. Adding an indicator is adding an entry to its domain's
//! group (`catalogue/entries.rs`).

use crate::load::vocab::{Unit, ValueUnit};
pub use crate::schema::{CHANGE_INDICATORS, DERIVED_SERIES, DerivedSeries, Domains, INDICATOR_IDS, is_indicator};
use crate::schema::{DeclaredFormula, DeclaredIndicator};

mod entries;

use entries::{budget_entries, eu_funding_accounts, programme_entries, publication_entries, workforce_entries};

/// What an indicator computes, over named series.
#[derive(Debug, Clone, PartialEq)]
pub enum Formula {
    /// 100 × part / whole, at every period both have.
    Share {
        /// Series id of the part.
        part: String,
        /// Series id of the whole.
        whole: String,
    },
    /// num / den, at every period both have.
    Ratio {
        /// Series id of the numerator.
        num: String,
        /// Series id of the denominator.
        den: String,
    },
    /// Value divided by the number of years its period covers.
    PerYear {
        /// Series id, of values over ranges of years.
        series: String,
    },
    /// to − from, for every pair of periods of the series.
    AbsoluteChange {
        /// Series id.
        series: String,
    },
    /// 100 × (to / from − 1), for every pair of periods of the series.
    PercentChange {
        /// Series id.
        series: String,
    },
    /// Compound annual growth rate, 100 × ((to / from)^(1 / years) − 1).
    Cagr {
        /// Series id.
        series: String,
    },
    /// a − b, at every period both have.
    Difference {
        /// Series id of the term subtracted from.
        a: String,
        /// Series id of the term subtracted.
        b: String,
    },
    /// Percent change of `a` minus percent change of `b`, over every pair of periods both have.
    PercentChangeGap {
        /// Series id whose growth is taken first.
        a: String,
        /// Series id whose growth is subtracted.
        b: String,
    },
}

impl Formula {
    /// The formula in words, with the series it reads.
    pub fn describe(&self) -> String {
        match self {
            Formula::Share { part, whole } => format!("100 × {part} / {whole}"),
            Formula::Ratio { num, den } => format!("{num} / {den}"),
            Formula::PerYear { series } => format!("{series} / years in period"),
            Formula::AbsoluteChange { series } => format!("{series}[to] − {series}[from]"),
            Formula::PercentChange { series } => format!("100 × ({series}[to] / {series}[from] − 1)"),
            Formula::Cagr { series } => format!("100 × (({series}[to] / {series}[from])^(1 / years) − 1)"),
            Formula::Difference { a, b } => format!("{a} - {b}"),
            Formula::PercentChangeGap { a, b } => format!("percent change of {a} − percent change of {b}"),
        }
    }

    /// The subject named in output rows: the series an indicator is about.
    pub fn subject(&self) -> String {
        match self {
            Formula::Share { part, whole } => format!("{part} / {whole}"),
            Formula::Ratio { num, den } => format!("{num} / {den}"),
            Formula::PerYear { series }
            | Formula::AbsoluteChange { series }
            | Formula::PercentChange { series }
            | Formula::Cagr { series } => series.clone(),
            Formula::Difference { a, b } => format!("{a} - {b}"),
            Formula::PercentChangeGap { a, b } => format!("{a} vs {b}"),
        }
    }
}

/// One indicator: what it computes and how it is named in the outputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Catalogue id; several entries share one (e.g. `contract_staff_ratio` per staff group).
    pub id: &'static str,
    /// `{org}` stands for the organisation's short name, filled in each row.
    pub label: String,
    /// Domain the indicator is listed under (one of the dataset's [`Domains`]).
    pub domain: &'static str,
    /// Unit of the values (e.g. `percent`, `ratio`, `percentage points`, `percent per year`).
    pub unit: ValueUnit,
    /// How the value is computed from the series.
    pub formula: Formula,
}

/// The three changes of `series` between two periods (absolute, percent, compound annual), in
/// `domain`; an absolute change of a percent is in percentage points.
fn growth(domain: &'static str, unit: Unit, series: &str) -> [Indicator; 3] {
    let s = || series.to_string();
    [
        Indicator {
            id: "absolute_change",
            label: "Change between two periods".into(),
            domain,
            unit: ValueUnit::from(unit).of_change(),
            formula: Formula::AbsoluteChange { series: s() },
        },
        Indicator {
            id: "percent_change",
            label: "Percent change between two periods".into(),
            domain,
            unit: ValueUnit::PERCENT,
            formula: Formula::PercentChange { series: s() },
        },
        Indicator {
            id: "cagr",
            label: "Compound annual growth rate between two periods".into(),
            domain,
            unit: ValueUnit::PercentPerYear,
            formula: Formula::Cagr { series: s() },
        },
    ]
}

/// What the catalogue needs to know of the data: every series id (data and derived) with its
/// unit and the number of its periods that lie on a time axis (dates and years).
pub struct SeriesInfo<'a> {
    /// Series id.
    pub id: &'a str,
    /// Unit of the series (for a derived series, that of its first term).
    pub unit: Unit,
    /// Number of its periods that are dates or years (in a panel, the most any organisation has).
    pub dated_periods: usize,
}

/// The catalogue's formula of an indicator the data directory declares.
pub fn declared_formula(d: &DeclaredIndicator) -> Formula {
    let (a, b) = (d.a.clone(), d.b.clone());
    match d.formula {
        DeclaredFormula::Share => Formula::Share { part: a, whole: b },
        DeclaredFormula::Ratio => Formula::Ratio { num: a, den: b },
        DeclaredFormula::Difference => Formula::Difference { a, b },
    }
}

/// Why `d` cannot combine its two series, given their units (`unit_of`, `None` for a series
/// without values): a share or a difference needs both in one unit; a ratio takes any two.
pub fn units_mismatch(d: &DeclaredIndicator, unit_of: impl Fn(&str) -> Option<Unit>) -> Option<String> {
    if d.formula == DeclaredFormula::Ratio {
        return None;
    }
    match (unit_of(&d.a), unit_of(&d.b)) {
        (Some(ua), Some(ub)) if ua != ub => Some(format!(
            "a {} needs its two series in one unit: {} is in {ua}, {} in {ub}",
            d.formula.id(),
            d.a,
            d.b
        )),
        _ => None,
    }
}

/// The indicators the data directory declares, as catalogue entries (those whose series' units
/// their formula can combine).
fn declared(series: &[SeriesInfo], domains: &Domains) -> Vec<Indicator> {
    let unit_of = |id: &str| series.iter().find(|s| s.id == id).map(|s| s.unit);
    domains
        .indicators
        .iter()
        .filter(|d| units_mismatch(d, unit_of).is_none())
        .filter_map(|d| {
            let formula = declared_formula(d);
            let unit = d.formula.unit(unit_of(&d.a).map(ValueUnit::from))?;
            Some(Indicator {
                id: d.id,
                label: d.label.clone(),
                domain: d.domain,
                unit,
                formula,
            })
        })
        .collect()
}

/// Every indicator for series `series`, in the order the tables list them: the fixed entries,
/// then those made per field, comparator and programme the data have, then those the data
/// directory declares, then the growth of every series with two or more dated periods. Labels
/// keep `{org}` for the organisation's name.
pub fn catalogue(series: &[SeriesInfo], domains: &Domains) -> Vec<Indicator> {
    let has = |id: &str| series.iter().any(|s| s.id == id);
    let mut c = workforce_entries();
    c.extend(budget_entries());
    c.push(eu_funding_accounts());
    publication_entries(series, &has, &mut c);
    programme_entries(series, &has, &mut c);
    c.extend(declared(series, domains));
    // Growth of every series with two dated periods, by domain then id.
    let mut grown: Vec<&SeriesInfo> = series.iter().filter(|s| s.dated_periods >= 2).collect();
    grown.sort_by_key(|s| (domains.rank(domains.domain_of(s.id)), s.id));
    for s in grown {
        c.extend(growth(domains.domain_of(s.id), s.unit, s.id));
    }
    c
}
