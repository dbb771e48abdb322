//! The assessment format as far as loading needs it: the derived series and the ids of the
//! catalogue's indicators. The load stage checks claims against these; the compute stage builds
//! the catalogue on them. It depends on nothing else of the crate, so that neither stage depends
//! on the other.

/// A series computed as a signed sum of others, at every period where all its terms exist and
/// the data give no value of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct DerivedSeries {
    /// Id of the series computed.
    pub id: &'static str,
    /// The terms summed, as (sign, series id) with a sign of 1.0 or −1.0.
    pub terms: &'static [(f64, &'static str)],
}

/// Derived series, in dependency order (a series may use those above it).
pub const DERIVED_SERIES: &[DerivedSeries] = &[
    DerivedSeries {
        id: "staff.permanent.all",
        terms: &[(1.0, "staff.permanent.scientists"), (1.0, "staff.permanent.support")],
    },
    DerivedSeries {
        id: "staff.contract.all",
        terms: &[(1.0, "staff.contract.scientists"), (1.0, "staff.contract.support")],
    },
    DerivedSeries {
        id: "staff.all.scientists",
        terms: &[(1.0, "staff.permanent.scientists"), (1.0, "staff.contract.scientists")],
    },
    DerivedSeries {
        id: "staff.all.support",
        terms: &[(1.0, "staff.permanent.support"), (1.0, "staff.contract.support")],
    },
    DerivedSeries {
        id: "staff.all.all",
        terms: &[(1.0, "staff.permanent.all"), (1.0, "staff.contract.all")],
    },
    DerivedSeries {
        id: "unit_staff.partners",
        terms: &[(1.0, "unit_staff.all"), (-1.0, "unit_staff.organisation")],
    },
    DerivedSeries {
        id: "budget_revenues.total",
        terms: &[
            (1.0, "budget_revenues.state_subsidy"),
            (1.0, "budget_revenues.other_revenues"),
        ],
    },
    DerivedSeries {
        id: "budget_revenues.other_unitemised",
        terms: &[
            (1.0, "budget_revenues.other_revenues"),
            (-1.0, "budget_revenues.other_public_subsidies"),
            (-1.0, "budget_revenues.eu_funding"),
            (-1.0, "budget_revenues.own_revenues"),
        ],
    },
    DerivedSeries {
        id: "other_revenue_balance.total",
        terms: &[
            (1.0, "budget_revenues.state_subsidy"),
            (1.0, "other_revenue_balance.other_revenues"),
        ],
    },
];

/// Every indicator id the catalogue can produce (for checking claims before computing).
pub const INDICATOR_IDS: [&str; 17] = [
    "contract_staff_ratio",
    "support_staff_share",
    "permanent_researchers_per_permanent_support",
    "contract_scientists_per_permanent_researcher",
    "organisation_share_of_unit_staff",
    "partner_share_of_unit_staff",
    "share_of_total_budget",
    "share_of_other_revenues",
    "spending_to_other_revenues",
    "growth_gap",
    "eu_funding_two_accounts",
    "full_to_fractional_share",
    "international_copublication_gap",
    "specialisation_index",
    "relative_citation_score",
    "coordination_rate",
    "per_programme_year",
];

/// Indicator ids whose rows run from one period to another (the others are at one period).
pub const CHANGE_INDICATORS: [&str; 4] = ["absolute_change", "percent_change", "cagr", "growth_gap"];

/// Whether `id` is an indicator id of the catalogue.
pub fn is_indicator(id: &str) -> bool {
    INDICATOR_IDS.contains(&id) || CHANGE_INDICATORS.contains(&id)
}

/// The domains, in the order every output lists them: the domain files' names.
pub const DOMAINS: [&str; 4] = ["workforce", "budget", "publications", "eu_funding"];

/// Domain a series belongs to, from its id: "unknown" for an id no file builds.
pub fn domain_of(series: &str) -> &'static str {
    // Series ids start with their file's vocabulary (see load/rows.rs), so the prefix is the domain.
    const PREFIXES: [(&str, &[&str]); 4] = [
        (
            "workforce",
            &[
                "staff.",
                "unit_staff.",
                "unit_fte_share.",
                "age.",
                "age_change.",
                "fixed_term_share.",
            ],
        ),
        ("budget", &["budget_revenues.", "other_revenue_balance."]),
        (
            "publications",
            &[
                "share_of_french_publications.",
                "mean_normalised_citation_score.",
                "international_copublication_share.",
                "open_access_share.",
            ],
        ),
        ("eu_funding", &["eu."]),
    ];
    PREFIXES
        .iter()
        .find(|(_, ps)| ps.iter().any(|p| series.starts_with(p)))
        .map_or("unknown", |(d, _)| d)
}
