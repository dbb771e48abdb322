//! The assessment format as far as loading needs it: the derived series and the ids of the
//! catalogue's indicators. The load stage checks claims against these; the compute stage builds
//! the catalogue on them. It depends on nothing else of the crate but the names of the outputs
//! (`crate::names`, a leaf), so that neither stage depends on the other.

use crate::load::vocab::ValueUnit;
use crate::names::{ABOUT_SHEET, CHARTS_SHEET, OUTPUT_FOLDERS, PEERS_SHEET, REPORT_TABLES, SOURCES_SHEET};

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

/// A domain: one file of observations, and the section of every output that lists its series,
/// indicators, key figures and charts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Domain {
    /// Id of the domain, also the stem of its file (`workforce`).
    pub id: &'static str,
    /// Heading of the domain in every output (`Workforce`).
    pub title: &'static str,
    /// Name of its file in the data directory (`workforce.csv`).
    pub file: &'static str,
    /// Prefixes of its series ids (each with its trailing dot).
    pub prefixes: Vec<&'static str>,
    /// The columns of its file: one of the assessment format's typed layouts, or the generic one
    /// of a domain the data directory declares (`domains.toml`), whose series ids start with its id.
    pub layout: Layout,
}

impl Domain {
    /// Whether the data directory declares it (`domains.toml`) rather than the format.
    pub fn declared(&self) -> bool {
        self.layout == Layout::Generic
    }
}

/// The columns of a domain's file: the assessment format's four typed layouts (`src/load/rows.rs`
/// reads each into its own row type), or the generic one of declared domains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `workforce.csv`: headcounts, ages and shares by status, group and staff scope.
    Workforce,
    /// `budget.csv`: revenue lines.
    Budget,
    /// `publications.csv`: bibliometric indicators by field and entity.
    Publications,
    /// `eu_funding.csv`: EU programme participations and coordinations.
    EuFunding,
    /// A declared domain's file: `series` and the common columns.
    Generic,
}

/// One domain of the assessment format.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinDomain {
    /// Id, also the stem of its file.
    pub id: &'static str,
    /// Heading in every output.
    pub title: &'static str,
    /// The columns of its file.
    pub layout: Layout,
    /// Prefixes of the series ids its rows build (each with its trailing dot).
    pub prefixes: &'static [&'static str],
}

/// The domains of the assessment format, whose files have typed columns (`src/load/rows.rs`).
pub const BUILTIN_DOMAINS: [BuiltinDomain; 4] = [
    BuiltinDomain {
        id: "workforce",
        title: "Workforce",
        layout: Layout::Workforce,
        prefixes: &[
            "staff.",
            "unit_staff.",
            "unit_fte_share.",
            "age.",
            "age_change.",
            "fixed_term_share.",
        ],
    },
    BuiltinDomain {
        id: "budget",
        title: "Budget",
        layout: Layout::Budget,
        prefixes: &["budget_revenues.", "other_revenue_balance."],
    },
    BuiltinDomain {
        id: "publications",
        title: "Publications",
        layout: Layout::Publications,
        prefixes: &[
            "share_of_french_publications.",
            "mean_normalised_citation_score.",
            "international_copublication_share.",
            "open_access_share.",
        ],
    },
    BuiltinDomain {
        id: "eu_funding",
        title: "EU funding",
        layout: Layout::EuFunding,
        prefixes: &["eu."],
    },
];

/// Whether `id` is the id of one of the format's domains.
pub fn is_builtin_domain(id: &str) -> bool {
    BUILTIN_DOMAINS.iter().any(|d| d.id == id)
}

/// Domain of a series no domain's file builds, and the heading of things in no domain.
pub const NO_DOMAIN: (&str, &str) = ("unknown", "Other");

/// Stems of the data directory's files other than the domains' (`claims.csv`, …; the load stage
/// names each file, and a test checks each stem is here). `out_of_scope.csv` is optional, but a
/// domain of that id would still read it as its own file.
pub const INPUT_STEMS: [&str; 6] = ["claims", "sources", "organisation", "report", "domains", "out_of_scope"];

/// Whether a declared domain may not take `id`: it would name the same file, table, folder or
/// dashboard section as one of the report's own, or as things in no domain. A domain's id names
/// its file, its table and its section, so it must not clash with any of them.
pub fn is_reserved_domain_id(id: &str) -> bool {
    REPORT_TABLES.contains(&id)
        || INPUT_STEMS.contains(&id)
        || OUTPUT_FOLDERS.contains(&id)
        || id == NO_DOMAIN.0
        || id.eq_ignore_ascii_case(NO_DOMAIN.1)
}

/// Whether a declared domain may not take `title`, in any case: it would name the same workbook
/// sheet or section as one of the report's own or a format domain's (the report's tables' sheets
/// are their stems in words).
pub fn is_reserved_title(title: &str) -> bool {
    let lower = title.trim().to_lowercase();
    [ABOUT_SHEET, CHARTS_SHEET, SOURCES_SHEET, PEERS_SHEET, NO_DOMAIN.1]
        .iter()
        .chain(BUILTIN_DOMAINS.iter().map(|d| &d.title))
        .any(|t| t.to_lowercase() == lower)
        || REPORT_TABLES.iter().any(|t| t.replace('_', " ") == lower)
}

/// The longest title a domain may have: a spreadsheet's sheet name (Excel's limit), which the
/// workbook names after it.
pub const MAX_TITLE_CHARS: usize = 31;

/// Characters a domain's title may not hold: those a spreadsheet's sheet name may not.
pub const TITLE_FORBIDDEN: &[char] = &['[', ']', ':', '*', '?', '/', '\\'];

/// Whether `segment` is the first segment of one of the format's series prefixes (`staff`,
/// `eu`, …): a declared domain may not take it as its id, nor name a series starting with it.
pub fn builtin_first_segment(segment: &str) -> bool {
    BUILTIN_DOMAINS
        .iter()
        .flat_map(|d| d.prefixes.iter())
        .any(|p| p.strip_suffix('.') == Some(segment))
}

/// How a declared indicator combines its two series (`formula` in `domains.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeclaredFormula {
    /// 100 × a / b.
    Share,
    /// a / b.
    Ratio,
    /// a − b.
    Difference,
}

impl DeclaredFormula {
    /// Its name in `domains.toml`.
    pub fn id(self) -> &'static str {
        match self {
            DeclaredFormula::Share => "share",
            DeclaredFormula::Ratio => "ratio",
            DeclaredFormula::Difference => "difference",
        }
    }

    /// The unit of its values, `first` being the unit of its first series (a difference is in
    /// that unit's changes); None for a difference whose first series has no unit.
    pub fn unit(self, first: Option<ValueUnit>) -> Option<ValueUnit> {
        match self {
            DeclaredFormula::Share => Some(ValueUnit::PERCENT),
            DeclaredFormula::Ratio => Some(ValueUnit::RATIO),
            DeclaredFormula::Difference => first.map(ValueUnit::of_change),
        }
    }
}

/// An indicator the data directory declares (`domains.toml`) over two series, at every period both
/// have; computed and listed like the catalogue's own.
#[derive(Debug, Clone, PartialEq)]
pub struct DeclaredIndicator {
    /// Indicator id (several declarations may share one, like the catalogue's entries).
    pub id: &'static str,
    /// Domain it is listed under.
    pub domain: &'static str,
    /// What it measures, in words; `{org}` stands for the organisation's short name.
    pub label: String,
    /// How `a` and `b` combine.
    pub formula: DeclaredFormula,
    /// First series id (numerator, part, or the term subtracted from).
    pub a: String,
    /// Second series id (denominator, whole, or the term subtracted).
    pub b: String,
}

/// The one list of domains of a dataset, in the order every output lists them: the assessment
/// format's, then those the data directory declares, with the indicators it declares over them.
#[derive(Debug, Clone, PartialEq)]
pub struct Domains {
    list: Vec<Domain>,
    /// Indicators declared in the data directory, in declaration order.
    pub indicators: Vec<DeclaredIndicator>,
}

impl Default for Domains {
    fn default() -> Self {
        Domains::builtin()
    }
}

impl Domains {
    /// The assessment format's domains alone.
    pub fn builtin() -> Domains {
        let list = BUILTIN_DOMAINS
            .iter()
            .map(|d| Domain {
                id: d.id,
                title: d.title,
                file: ustr::ustr(&format!("{}.csv", d.id)).as_str(),
                prefixes: d.prefixes.to_vec(),
                layout: d.layout,
            })
            .collect();
        Domains {
            list,
            indicators: Vec::new(),
        }
    }

    /// Adds a declared domain after the others (its file is `{id}.csv`, its series start with
    /// `{id}.`); ids are interned, as they live for the whole run.
    pub fn declare(&mut self, id: &str, title: &str) {
        let intern = |s: &str| ustr::ustr(s).as_str();
        self.list.push(Domain {
            id: intern(id),
            title: intern(title),
            file: intern(&format!("{id}.csv")),
            prefixes: vec![intern(&format!("{id}."))],
            layout: Layout::Generic,
        });
    }

    /// Adds the domains and declared indicators of `other` this list lacks (a panel's
    /// organisations may declare different ones), keeping this list's order first.
    pub fn merge(&mut self, other: &Domains) {
        for d in &other.list {
            if !self.contains(d.id) {
                self.list.push(d.clone());
            }
        }
        for i in &other.indicators {
            if !self.indicators.contains(i) {
                self.indicators.push(i.clone());
            }
        }
    }

    /// Every domain, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Domain> {
        self.list.iter()
    }

    /// Every domain id, in order.
    pub fn ids(&self) -> Vec<&'static str> {
        self.list.iter().map(|d| d.id).collect()
    }

    /// Whether `id` is one of the domains.
    pub fn contains(&self, id: &str) -> bool {
        self.list.iter().any(|d| d.id == id)
    }

    /// The domain with this id.
    pub fn get(&self, id: &str) -> Option<&Domain> {
        self.list.iter().find(|d| d.id == id)
    }

    /// Heading of domain `id`; "Other" for an id that is no domain.
    pub fn title(&self, id: &str) -> &'static str {
        self.get(id).map_or(NO_DOMAIN.1, |d| d.title)
    }

    /// Position of domain `id` in the list (after the last for an id that is no domain).
    pub fn rank(&self, id: &str) -> usize {
        self.list.iter().position(|d| d.id == id).unwrap_or(self.list.len())
    }

    /// Domain a series belongs to, from its id's prefix: "unknown" for an id no file builds.
    pub fn domain_of(&self, series: &str) -> &'static str {
        self.list
            .iter()
            .find(|d| d.prefixes.iter().any(|p| series.starts_with(p)))
            .map_or(NO_DOMAIN.0, |d| d.id)
    }

    /// Whether `id` is an indicator id of the catalogue or one the data declare.
    pub fn is_indicator(&self, id: &str) -> bool {
        is_indicator(id) || self.indicators.iter().any(|i| i.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_belong_to_the_domain_of_their_prefix() {
        let mut d = Domains::builtin();
        d.declare("gender", "Gender balance");
        assert_eq!(d.domain_of("staff.permanent.all"), "workforce");
        assert_eq!(d.domain_of("eu.horizon_2020.participations"), "eu_funding");
        assert_eq!(d.domain_of("gender.women_share.x"), "gender");
        // A prefix is a whole first segment: `genderx.` is no domain's.
        assert_eq!(d.domain_of("genderx.a"), "unknown");
        assert_eq!(d.title("gender"), "Gender balance");
        assert_eq!(d.title("nothing"), "Other");
        assert_eq!(d.ids(), ["workforce", "budget", "publications", "eu_funding", "gender"]);
        assert_eq!(d.get("gender").map(|g| g.file), Some("gender.csv"));
    }

    #[test]
    fn merging_keeps_order_and_adds_what_is_missing() {
        let mut a = Domains::builtin();
        a.declare("units", "Research units");
        let mut b = Domains::builtin();
        b.declare("gender", "Gender balance");
        b.declare("units", "Research units");
        a.merge(&b);
        assert_eq!(a.ids()[4..], ["units", "gender"]);
    }
}
