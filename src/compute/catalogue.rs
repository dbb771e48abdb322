//! The indicator catalogue: every derived series and every indicator orgmetrics computes, each
//! defined once, here. Series ids are those the load stage builds from the data's dimensions
//! (see the data dictionary, docs/data.md): the catalogue is the assessment format's, the same for
//! every organisation. Where an indicator is computed per field, comparator or programme, the
//! entries are made for the codes the data have, so nothing here names an organisation, a panel
//! or a period. Adding an indicator is adding an entry below.

use crate::load::vocab::Unit;
pub use crate::schema::{CHANGE_INDICATORS, DERIVED_SERIES, DerivedSeries, Domains, INDICATOR_IDS, is_indicator};
use crate::schema::{DeclaredFormula, DeclaredIndicator};

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
    pub unit: &'static str,
    /// How the value is computed from the series.
    pub formula: Formula,
}

fn share(id: &'static str, label: &str, domain: &'static str, part: &str, whole: &str) -> Indicator {
    Indicator {
        id,
        label: label.into(),
        domain,
        unit: "percent",
        formula: Formula::Share {
            part: part.into(),
            whole: whole.into(),
        },
    }
}

fn ratio(id: &'static str, label: &str, domain: &'static str, num: &str, den: &str) -> Indicator {
    Indicator {
        id,
        label: label.into(),
        domain,
        unit: "ratio",
        formula: Formula::Ratio {
            num: num.into(),
            den: den.into(),
        },
    }
}

fn growth(domain: &'static str, unit: &'static str, series: &str) -> [Indicator; 3] {
    let s = || series.to_string();
    let change_unit = if unit == "percent" { "percentage points" } else { unit };
    [
        Indicator {
            id: "absolute_change",
            label: "Change between two periods".into(),
            domain,
            unit: change_unit,
            formula: Formula::AbsoluteChange { series: s() },
        },
        Indicator {
            id: "percent_change",
            label: "Percent change between two periods".into(),
            domain,
            unit: "percent",
            formula: Formula::PercentChange { series: s() },
        },
        Indicator {
            id: "cagr",
            label: "Compound annual growth rate between two periods".into(),
            domain,
            unit: "percent per year",
            formula: Formula::Cagr { series: s() },
        },
    ]
}

/// What the catalogue needs to know of the data: every series id (data and derived) with its
/// unit and the number of its periods that lie on a time axis (dates and years).
pub struct SeriesInfo<'a> {
    /// Series id.
    pub id: &'a str,
    /// Unit code of the series (for a derived series, that of its first term).
    pub unit: &'a str,
    /// Number of its periods that are dates or years (in a panel, the most any organisation has).
    pub dated_periods: usize,
}

/// Field codes that are panels of a domain: `LS3` is a panel of `LS` (the ERC convention: the
/// domain's letters, then the panel's number).
fn panel_domain(field: &str) -> Option<&str> {
    let letters = field.trim_end_matches(|c: char| c.is_ascii_digit());
    (letters.len() < field.len() && !letters.is_empty()).then_some(letters)
}

/// The code of unit `unit` as a `'static` string ("" for none of the vocabulary).
fn unit_code(unit: &str) -> &'static str {
    Unit::from_code(unit).map_or("", Unit::code)
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
pub fn units_mismatch<'u>(d: &DeclaredIndicator, unit_of: impl Fn(&str) -> Option<&'u str>) -> Option<String> {
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
        .map(|d| {
            let formula = declared_formula(d);
            let unit = match d.formula {
                DeclaredFormula::Share => "percent",
                DeclaredFormula::Ratio => "ratio",
                DeclaredFormula::Difference => {
                    let of_a = series.iter().find(|s| s.id == d.a).map_or("", |s| unit_code(s.unit));
                    if of_a == "percent" { "percentage points" } else { of_a }
                }
            };
            Indicator {
                id: d.id,
                label: d.label.clone(),
                domain: d.domain,
                unit,
                formula,
            }
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
    // EU funding
    c.push(ratio(
        "eu_funding_two_accounts",
        "European funding per the EU-funding file relative to the EU revenue line of the budget",
        "eu_funding",
        "eu.all.european_funding",
        "budget_revenues.eu_funding",
    ));
    publication_entries(series, &has, &mut c);
    // EU funding: per programme the data have.
    for s in series {
        let parts: Vec<&str> = s.id.split('.').collect();
        if let ["eu", programme, "participations"] = parts.as_slice() {
            let coordinations = format!("eu.{programme}.coordinations");
            if has(&coordinations) {
                c.push(share(
                    "coordination_rate",
                    "Coordinated projects as a share of projects {org} took part in",
                    "eu_funding",
                    &coordinations,
                    s.id,
                ));
            }
            for (label, series) in [
                ("Projects {org} took part in, per programme year", s.id.to_string()),
                ("Projects {org} coordinated, per programme year", coordinations),
            ] {
                if has(&series) {
                    c.push(Indicator {
                        id: "per_programme_year",
                        label: label.into(),
                        domain: "eu_funding",
                        unit: "projects per year",
                        formula: Formula::PerYear { series },
                    });
                }
            }
        }
    }
    c.extend(declared(series, domains));
    // Growth of every series with two dated periods, by domain then id.
    let mut grown: Vec<&SeriesInfo> = series.iter().filter(|s| s.dated_periods >= 2).collect();
    grown.sort_by_key(|s| (domains.rank(domains.domain_of(s.id)), s.id));
    for s in grown {
        c.extend(growth(domains.domain_of(s.id), unit_code(s.unit), s.id));
    }
    c
}

/// The workforce's entries: shares and ratios of staff groups.
fn workforce_entries() -> Vec<Indicator> {
    vec![
        share(
            "contract_staff_ratio",
            "Contract staff as a share of all staff",
            "workforce",
            "staff.contract.all",
            "staff.all.all",
        ),
        share(
            "contract_staff_ratio",
            "Contract scientists as a share of all scientists",
            "workforce",
            "staff.contract.scientists",
            "staff.all.scientists",
        ),
        share(
            "contract_staff_ratio",
            "Contract support staff as a share of all support staff",
            "workforce",
            "staff.contract.support",
            "staff.all.support",
        ),
        share(
            "support_staff_share",
            "Support staff (permanent and contract) as a share of all staff",
            "workforce",
            "staff.all.support",
            "staff.all.all",
        ),
        ratio(
            "permanent_researchers_per_permanent_support",
            "Permanent researchers per permanent support staff",
            "workforce",
            "staff.permanent.scientists",
            "staff.permanent.support",
        ),
        ratio(
            "contract_scientists_per_permanent_researcher",
            "Contract scientists per permanent researcher",
            "workforce",
            "staff.contract.scientists",
            "staff.permanent.scientists",
        ),
        share(
            "organisation_share_of_unit_staff",
            "{org} employees as a share of the research units' staff (headcount)",
            "workforce",
            "unit_staff.organisation",
            "unit_staff.all",
        ),
        share(
            "partner_share_of_unit_staff",
            "Partner institutions' employees as a share of the research units' staff (headcount)",
            "workforce",
            "unit_staff.partners",
            "unit_staff.all",
        ),
    ]
}

/// The budget's entries: shares of revenues, spending against revenues and their growth gap.
fn budget_entries() -> Vec<Indicator> {
    vec![
        share(
            "share_of_total_budget",
            "State subsidy as a share of the total budget",
            "budget",
            "budget_revenues.state_subsidy",
            "budget_revenues.total",
        ),
        share(
            "share_of_total_budget",
            "Other revenues as a share of the total budget",
            "budget",
            "budget_revenues.other_revenues",
            "budget_revenues.total",
        ),
        share(
            "share_of_total_budget",
            "State subsidy as a share of the total budget (other revenues on the balance basis)",
            "budget",
            "budget_revenues.state_subsidy",
            "other_revenue_balance.total",
        ),
        share(
            "share_of_other_revenues",
            "Other public subsidies as a share of other revenues",
            "budget",
            "budget_revenues.other_public_subsidies",
            "budget_revenues.other_revenues",
        ),
        share(
            "share_of_other_revenues",
            "EU funding as a share of other revenues",
            "budget",
            "budget_revenues.eu_funding",
            "budget_revenues.other_revenues",
        ),
        share(
            "share_of_other_revenues",
            "Own revenues as a share of other revenues",
            "budget",
            "budget_revenues.own_revenues",
            "budget_revenues.other_revenues",
        ),
        share(
            "share_of_other_revenues",
            "Revenues not itemised as a share of other revenues",
            "budget",
            "budget_revenues.other_unitemised",
            "budget_revenues.other_revenues",
        ),
        share(
            "spending_to_other_revenues",
            "Spending funded by other revenues as a share of those revenues (balance basis)",
            "budget",
            "other_revenue_balance.spending_from_other_revenues",
            "other_revenue_balance.other_revenues",
        ),
        Indicator {
            id: "growth_gap",
            label: "Growth of spending funded by other revenues minus growth of those revenues (balance basis)".into(),
            domain: "budget",
            unit: "percentage points",
            formula: Formula::PercentChangeGap {
                a: "other_revenue_balance.spending_from_other_revenues".into(),
                b: "other_revenue_balance.other_revenues".into(),
            },
        },
    ]
}

/// The publications' entries, per field and comparator the data have, appended to `c`.
fn publication_entries(series: &[SeriesInfo], has: &dyn Fn(&str) -> bool, c: &mut Vec<Indicator>) {
    for s in series {
        let parts: Vec<&str> = s.id.split('.').collect();
        match parts.as_slice() {
            ["share_of_french_publications", "organisation", field, "full"] => {
                let fractional = format!("share_of_french_publications.organisation.{field}.fractional");
                if has(&fractional) {
                    c.push(ratio(
                        "full_to_fractional_share",
                        &format!("Full-count share over fractional-count share of French publications ({field})"),
                        "publications",
                        s.id,
                        &fractional,
                    ));
                }
            }
            ["international_copublication_share", "organisation", field] => {
                for other in series.iter().map(|o| o.id) {
                    let p: Vec<&str> = other.split('.').collect();
                    if let ["international_copublication_share", e, f] = p.as_slice()
                        && *e != "organisation"
                        && f == field
                    {
                        c.push(ratio(
                            "international_copublication_gap",
                            "{org}'s share of international co-publications relative to the comparator's",
                            "publications",
                            s.id,
                            other,
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    for s in series {
        let parts: Vec<&str> = s.id.split('.').collect();
        if let ["share_of_french_publications", "organisation", field, "fractional"] = parts.as_slice()
            && let Some(domain) = panel_domain(field)
        {
            let whole = format!("share_of_french_publications.organisation.{domain}.fractional");
            if has(&whole) {
                c.push(ratio(
                    "specialisation_index",
                    "{org}'s share of French publications in the panel / its share in the whole domain",
                    "publications",
                    s.id,
                    &whole,
                ));
            }
        }
    }
    for s in series {
        let parts: Vec<&str> = s.id.split('.').collect();
        if let ["mean_normalised_citation_score", e, field] = parts.as_slice()
            && *e != "organisation"
        {
            let own = format!("mean_normalised_citation_score.organisation.{field}");
            if has(&own) {
                c.push(ratio(
                    "relative_citation_score",
                    "{org}'s mean normalised citation score relative to the comparator's",
                    "publications",
                    &own,
                    s.id,
                ));
            }
        }
    }
}
