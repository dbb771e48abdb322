//! The indicator catalogue: every derived series and every indicator orgmetrics computes, each
//! defined once, here. Series ids are those the load stage builds from the data's dimensions
//! (see the data dictionary in the README); adding an indicator is adding an entry below.

/// What an indicator computes, over named series.
#[derive(Debug, Clone, PartialEq)]
pub enum Formula {
    /// 100 × part / whole, at every period both have.
    Share { part: String, whole: String },
    /// num / den, at every period both have.
    Ratio { num: String, den: String },
    /// Value divided by the number of years its period covers.
    PerYear { series: String },
    /// to − from, for every pair of periods of the series.
    AbsoluteChange { series: String },
    /// 100 × (to / from − 1), for every pair of periods of the series.
    PercentChange { series: String },
    /// Compound annual growth rate, 100 × ((to / from)^(1 / years) − 1).
    Cagr { series: String },
    /// Percent change of `a` minus percent change of `b`, over every pair of periods both have.
    PercentChangeGap { a: String, b: String },
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
            Formula::PercentChangeGap { a, b } => format!("{a} vs {b}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    pub id: &'static str,
    pub label: &'static str,
    pub domain: &'static str,
    pub unit: &'static str,
    pub formula: Formula,
}

/// A series computed as a signed sum of others, at every period where all its terms exist and
/// the data give no value of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct DerivedSeries {
    pub id: &'static str,
    pub label: &'static str,
    pub terms: &'static [(f64, &'static str)],
}

/// Derived series, in dependency order (a series may use those above it).
pub const DERIVED_SERIES: &[DerivedSeries] = &[
    DerivedSeries {
        id: "staff.permanent.all",
        label: "Permanent staff",
        terms: &[(1.0, "staff.permanent.scientists"), (1.0, "staff.permanent.support")],
    },
    DerivedSeries {
        id: "staff.contract.all",
        label: "Contract staff",
        terms: &[(1.0, "staff.contract.scientists"), (1.0, "staff.contract.support")],
    },
    DerivedSeries {
        id: "staff.all.scientists",
        label: "Scientists (permanent and contract)",
        terms: &[(1.0, "staff.permanent.scientists"), (1.0, "staff.contract.scientists")],
    },
    DerivedSeries {
        id: "staff.all.support",
        label: "Support staff (permanent and contract)",
        terms: &[(1.0, "staff.permanent.support"), (1.0, "staff.contract.support")],
    },
    DerivedSeries {
        id: "staff.all.all",
        label: "All Inserm staff",
        terms: &[(1.0, "staff.permanent.all"), (1.0, "staff.contract.all")],
    },
    DerivedSeries {
        id: "unit_staff.partners",
        label: "Units' staff employed by partner institutions",
        terms: &[(1.0, "unit_staff.all"), (-1.0, "unit_staff.inserm")],
    },
    DerivedSeries {
        id: "budget_revenues.total",
        label: "Total budget (State subsidy + other revenues)",
        terms: &[
            (1.0, "budget_revenues.state_subsidy"),
            (1.0, "budget_revenues.other_revenues"),
        ],
    },
    DerivedSeries {
        id: "budget_revenues.other_unitemised",
        label: "Other revenues not itemised (other revenues − the three itemised lines)",
        terms: &[
            (1.0, "budget_revenues.other_revenues"),
            (-1.0, "budget_revenues.other_public_subsidies"),
            (-1.0, "budget_revenues.eu_funding"),
            (-1.0, "budget_revenues.own_revenues"),
        ],
    },
    DerivedSeries {
        id: "other_revenue_balance.total",
        label: "Total budget on footnote 122's basis (State subsidy + other revenues)",
        terms: &[
            (1.0, "budget_revenues.state_subsidy"),
            (1.0, "other_revenue_balance.other_revenues"),
        ],
    },
];

/// Pairs of series that measure the same quantity in two passages of the documents; the audit
/// reports every period at which both have a value.
/// Each entry: (id, series, other series, what is compared).
pub const SAME_QUANTITY: &[(&str, &str, &str, &str)] = &[
    (
        "eu_funding_two_passages",
        "budget_revenues.eu_funding",
        "eu.all.european_funding",
        "EU funding: the revenue line of VII.4.a against the figure of V.1",
    ),
    (
        "other_revenues_two_passages",
        "budget_revenues.other_revenues",
        "other_revenue_balance.other_revenues",
        "Other revenues: the main text of VII.4.a against footnote 122",
    ),
];

/// Series whose every pair of periods gets absolute change, percent change and CAGR.
pub const GROWTH_SERIES: &[&str] = &[
    "staff.permanent.scientists",
    "staff.permanent.support",
    "staff.contract.scientists",
    "staff.contract.support",
    "staff.permanent.all",
    "staff.contract.all",
    "staff.all.scientists",
    "staff.all.support",
    "staff.all.all",
    "budget_revenues.state_subsidy",
    "budget_revenues.other_public_subsidies",
    "budget_revenues.eu_funding",
    "budget_revenues.own_revenues",
    "budget_revenues.other_revenues",
    "budget_revenues.total",
    "other_revenue_balance.other_revenues",
    "other_revenue_balance.spending_from_other_revenues",
    "other_revenue_balance.total",
    "eu.all.european_funding",
    "open_access_share.inserm.all",
];

pub const LS_PANELS: [&str; 9] = ["LS1", "LS2", "LS3", "LS4", "LS5", "LS6", "LS7", "LS8", "LS9"];
pub const COMPARATORS: [&str; 5] = ["france", "cams", "helmholtz", "mrc", "nih"];

fn share(id: &'static str, label: &'static str, domain: &'static str, part: &str, whole: &str) -> Indicator {
    Indicator {
        id,
        label,
        domain,
        unit: "percent",
        formula: Formula::Share {
            part: part.into(),
            whole: whole.into(),
        },
    }
}

fn ratio(id: &'static str, label: &'static str, domain: &'static str, num: &str, den: &str) -> Indicator {
    Indicator {
        id,
        label,
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
    [
        Indicator {
            id: "absolute_change",
            label: "Change between two periods",
            domain,
            unit,
            formula: Formula::AbsoluteChange { series: s() },
        },
        Indicator {
            id: "percent_change",
            label: "Percent change between two periods",
            domain,
            unit: "percent",
            formula: Formula::PercentChange { series: s() },
        },
        Indicator {
            id: "cagr",
            label: "Compound annual growth rate between two periods",
            domain,
            unit: "percent per year",
            formula: Formula::Cagr { series: s() },
        },
    ]
}

/// Every indicator, in the order the tables list them.
pub fn catalogue() -> Vec<Indicator> {
    let mut c = vec![
        // Workforce
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
            "inserm_share_of_unit_staff",
            "Inserm employees as a share of the research units' staff (headcount)",
            "workforce",
            "unit_staff.inserm",
            "unit_staff.all",
        ),
        share(
            "partner_share_of_unit_staff",
            "Partner institutions' employees as a share of the research units' staff (headcount)",
            "workforce",
            "unit_staff.partners",
            "unit_staff.all",
        ),
        // Budget
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
            "State subsidy as a share of the total budget (footnote 122's other revenues)",
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
            "Spending funded by other revenues as a share of those revenues (footnote 122)",
            "budget",
            "other_revenue_balance.spending_from_other_revenues",
            "other_revenue_balance.other_revenues",
        ),
        Indicator {
            id: "growth_gap",
            label: "Growth of spending funded by other revenues minus growth of those revenues (footnote 122)",
            domain: "budget",
            unit: "percentage points",
            formula: Formula::PercentChangeGap {
                a: "other_revenue_balance.spending_from_other_revenues".into(),
                b: "other_revenue_balance.other_revenues".into(),
            },
        },
        // Publications
        ratio(
            "full_to_fractional_share",
            "Full-count share over fractional-count share of French publications (LS)",
            "publications",
            "share_of_french_publications.inserm.LS.full",
            "share_of_french_publications.inserm.LS.fractional",
        ),
        ratio(
            "international_copublication_gap",
            "Inserm's share of international co-publications relative to France's",
            "publications",
            "international_copublication_share.inserm.LS",
            "international_copublication_share.france.LS",
        ),
        // EU funding
        ratio(
            "eu_funding_two_accounts",
            "European funding per section V.1 relative to the EU revenue line of VII.4.a",
            "eu_funding",
            "eu.all.european_funding",
            "budget_revenues.eu_funding",
        ),
    ];
    for panel in LS_PANELS {
        c.push(Indicator {
            id: "specialisation_index",
            label: "Inserm's share of French publications in the panel / its share in all life sciences",
            domain: "publications",
            unit: "ratio",
            formula: Formula::Ratio {
                num: format!("share_of_french_publications.inserm.{panel}.fractional"),
                den: "share_of_french_publications.inserm.LS.fractional".into(),
            },
        });
    }
    for comparator in COMPARATORS {
        c.push(Indicator {
            id: "relative_citation_score",
            label: "Inserm's mean normalised citation score relative to the comparator's",
            domain: "publications",
            unit: "ratio",
            formula: Formula::Ratio {
                num: "mean_normalised_citation_score.inserm.LS".into(),
                den: format!("mean_normalised_citation_score.{comparator}.LS"),
            },
        });
    }
    for programme in ["horizon_2020", "horizon_europe"] {
        let participations = format!("eu.{programme}.participations");
        let coordinations = format!("eu.{programme}.coordinations");
        c.push(share(
            "coordination_rate",
            "Coordinated projects as a share of projects Inserm took part in",
            "eu_funding",
            &coordinations,
            &participations,
        ));
        for (label, series) in [
            ("Projects Inserm took part in, per programme year", participations),
            ("Projects Inserm coordinated, per programme year", coordinations),
        ] {
            c.push(Indicator {
                id: "per_programme_year",
                label,
                domain: "eu_funding",
                unit: "projects per year",
                formula: Formula::PerYear { series },
            });
        }
    }
    for &series in GROWTH_SERIES {
        let unit = if series.starts_with("staff.") {
            "persons"
        } else if series.contains("share") {
            "percentage points"
        } else {
            "EUR million"
        };
        c.extend(growth(domain_of(series), unit, series));
    }
    c
}

/// Domain a series belongs to, from its id: "unknown" for an id no file builds.
pub fn domain_of(series: &str) -> &'static str {
    // Series ids start with their file's vocabulary (see load.rs), so the prefix is the domain.
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

/// A readable label for a series id.
pub fn series_label(series: &str) -> String {
    if let Some(d) = DERIVED_SERIES.iter().find(|d| d.id == series) {
        return d.label.to_string();
    }
    let known: &[(&str, &str)] = &[
        ("staff.permanent.scientists", "Permanent researchers"),
        ("staff.permanent.support", "Permanent support staff"),
        ("staff.contract.scientists", "Contract scientists"),
        ("staff.contract.support", "Contract support staff"),
        ("unit_staff.all", "Research units' staff"),
        ("unit_staff.inserm", "Inserm employees in research units"),
        (
            "unit_staff.universities_and_hospitals",
            "University and hospital staff in Inserm units",
        ),
        ("budget_revenues.state_subsidy", "State subsidy"),
        ("budget_revenues.other_public_subsidies", "Other public subsidies"),
        ("budget_revenues.eu_funding", "EU funding (revenue line)"),
        ("budget_revenues.own_revenues", "Own revenues"),
        ("budget_revenues.other_revenues", "Other revenues"),
        ("other_revenue_balance.other_revenues", "Other revenues (fn 122)"),
        (
            "other_revenue_balance.spending_from_other_revenues",
            "Spending funded by other revenues (fn 122)",
        ),
        ("eu.all.european_funding", "European funding (section V.1)"),
        ("eu.horizon_2020.participations", "Horizon 2020 participations"),
        ("eu.horizon_2020.coordinations", "Horizon 2020 coordinations"),
        ("eu.horizon_europe.participations", "Horizon Europe participations"),
        ("eu.horizon_europe.coordinations", "Horizon Europe coordinations"),
        (
            "open_access_share.inserm.all",
            "Open-access share of Inserm publications",
        ),
        (
            "open_access_share.france.all",
            "Open-access share of French publications",
        ),
        ("age.permanent.scientists", "Average age of permanent researchers"),
        ("age.permanent.support", "Average age of permanent support staff"),
        ("age.contract.scientists", "Average age of contract scientists"),
        ("age.contract.support", "Average age of contract support staff"),
        (
            "age_change.permanent.scientists",
            "Increase of permanent researchers' average age",
        ),
        (
            "age_change.permanent.support",
            "Increase of permanent support staff's average age",
        ),
        (
            "fixed_term_share.contract.all",
            "Share of contract staff on fixed-term contracts",
        ),
        (
            "unit_fte_share.inserm",
            "Inserm employees' share of units' research FTE (Inserm's figure)",
        ),
        (
            "share_of_french_publications.inserm.LS.full",
            "Inserm's share of French LS publications (full count)",
        ),
        (
            "international_copublication_share.inserm.LS",
            "International co-publications, Inserm units",
        ),
        (
            "international_copublication_share.france.LS",
            "International co-publications, France",
        ),
    ];
    if let Some(field) = series
        .strip_prefix("share_of_french_publications.inserm.")
        .and_then(|r| r.strip_suffix(".fractional"))
    {
        return format!("Inserm's share of French {field} publications (fractional count)");
    }
    if let Some(rest) = series.strip_prefix("mean_normalised_citation_score.") {
        let (entity, field) = rest.split_once('.').unwrap_or((rest, ""));
        let who = match entity {
            "inserm" => "Inserm",
            "france" => "France",
            "cams" => "CAMS",
            "helmholtz" => "Helmholtz",
            "mrc" => "MRC",
            "nih" => "NIH",
            other => other,
        };
        return format!("Mean normalised citation score, {who} ({field})");
    }
    known
        .iter()
        .find(|(id, _)| *id == series)
        .map_or_else(|| series.to_string(), |(_, l)| l.to_string())
}
