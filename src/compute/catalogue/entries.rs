//! The catalogue's entries of the format's four domains, a group per domain: the fixed ones, and
//! those made per field, comparator and programme the data have. `catalogue()` lists them in
//! order.

use super::{Formula, Indicator, SeriesInfo};
use crate::load::vocab::ValueUnit;

/// A percent entry: 100 × `part` / `whole`.
fn share(id: &'static str, label: &str, domain: &'static str, part: &str, whole: &str) -> Indicator {
    Indicator {
        id,
        label: label.into(),
        domain,
        unit: ValueUnit::PERCENT,
        formula: Formula::Share {
            part: part.into(),
            whole: whole.into(),
        },
    }
}

/// A ratio entry: `num` / `den`.
fn ratio(id: &'static str, label: &str, domain: &'static str, num: &str, den: &str) -> Indicator {
    Indicator {
        id,
        label: label.into(),
        domain,
        unit: ValueUnit::RATIO,
        formula: Formula::Ratio {
            num: num.into(),
            den: den.into(),
        },
    }
}

/// Field codes that are panels of a domain: `LS3` is a panel of `LS` (the ERC convention: the
/// domain's letters, then the panel's number).
fn panel_domain(field: &str) -> Option<&str> {
    let letters = field.trim_end_matches(|c: char| c.is_ascii_digit());
    (letters.len() < field.len() && !letters.is_empty()).then_some(letters)
}

/// The workforce's entries: shares and ratios of staff groups.
pub(super) fn workforce_entries() -> Vec<Indicator> {
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
pub(super) fn budget_entries() -> Vec<Indicator> {
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
            unit: ValueUnit::PercentagePoints,
            formula: Formula::PercentChangeGap {
                a: "other_revenue_balance.spending_from_other_revenues".into(),
                b: "other_revenue_balance.other_revenues".into(),
            },
        },
    ]
}

/// The publications' entries, per field and comparator the data have, appended to `c`.
pub(super) fn publication_entries(series: &[SeriesInfo], has: &dyn Fn(&str) -> bool, c: &mut Vec<Indicator>) {
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

/// The EU funding's fixed entry: the two accounts of European funding against each other.
pub(super) fn eu_funding_accounts() -> Indicator {
    ratio(
        "eu_funding_two_accounts",
        "European funding per the EU-funding file relative to the EU revenue line of the budget",
        "eu_funding",
        "eu.all.european_funding",
        "budget_revenues.eu_funding",
    )
}

/// The EU funding's entries per programme the data have (coordination rate, projects per
/// programme year), appended to `c`.
pub(super) fn programme_entries(series: &[SeriesInfo], has: &dyn Fn(&str) -> bool, c: &mut Vec<Indicator>) {
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
                        unit: ValueUnit::ProjectsPerYear,
                        formula: Formula::PerYear { series },
                    });
                }
            }
        }
    }
}
