//! The closed vocabularies of the data files: every categorical column takes one of these values.

use std::fmt;

/// Declares a closed list of snake_case codes as an enum that deserialises from its code and
/// can list its codes for error messages.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize)]
        pub enum $name {
            $(#[serde(rename = $code)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [&'static str] = &[$($code),+];

            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

vocabulary!(
    /// Units a value can be stated in.
    Unit {
        Persons = "persons",
        EurMillion = "EUR million",
        Percent = "percent",
        Years = "years",
        Index = "index",
        Projects = "projects",
    }
);

impl Unit {
    /// Counts of whole things are exact as written; anything else was rounded to the digits shown.
    pub fn is_count(self) -> bool {
        matches!(self, Unit::Persons | Unit::Projects)
    }
}

vocabulary!(
    /// How the text qualifies a figure ("around 500", "close to 1.2", "more than 30").
    Qualifier {
        Around = "around",
        Approximately = "approximately",
        CloseTo = "close_to",
        MoreThan = "more_than",
        Above = "above",
        LessThan = "less_than",
    }
);

vocabulary!(
    WorkforceMeasure {
        Headcount = "headcount",
        AverageAge = "average_age",
        AverageAgeChange = "average_age_change",
        FixedTermShare = "fixed_term_share",
        FteShare = "fte_share",
    }
);

vocabulary!(
    /// Whose staff: the organisation's own employees, or everyone working in the research units it
    /// is part of.
    Scope {
        Organisation = "organisation",
        ResearchUnits = "research_units",
    }
);

vocabulary!(
    /// Who employs the staff counted: the organisation, the universities and hospitals its units
    /// share, or everyone.
    Employer {
        Organisation = "organisation",
        UniversitiesAndHospitals = "universities_and_hospitals",
        All = "all",
    }
);

vocabulary!(
    /// Permanent (civil servants) or contract staff; `all` for a figure given only as a total.
    Status {
        Permanent = "permanent",
        Contract = "contract",
        All = "all",
    }
);

vocabulary!(
    /// Scientists (researchers) or support staff (engineers, technicians, administrative staff);
    /// `all` for a figure given only as a total.
    StaffGroup {
        Scientists = "scientists",
        Support = "support",
        All = "all",
    }
);

vocabulary!(
    BudgetLine {
        StateSubsidy = "state_subsidy",
        OtherPublicSubsidies = "other_public_subsidies",
        EuFunding = "eu_funding",
        OwnRevenues = "own_revenues",
        OtherRevenues = "other_revenues",
        SpendingFromOtherRevenues = "spending_from_other_revenues",
    }
);

vocabulary!(
    /// Which account of the budget a figure belongs to: the revenues of section VII.4.a's main text, or
    /// the balance of other revenues against the spending they fund (footnote 122).
    BudgetBasis {
        BudgetRevenues = "budget_revenues",
        OtherRevenueBalance = "other_revenue_balance",
    }
);

vocabulary!(
    PublicationMeasure {
        ShareOfFrenchPublications = "share_of_french_publications",
        MeanNormalisedCitationScore = "mean_normalised_citation_score",
        InternationalCopublicationShare = "international_copublication_share",
        OpenAccessShare = "open_access_share",
    }
);

vocabulary!(
    /// Fractional count splits a co-authored paper between its institutions; full count gives
    /// each institution the whole paper.
    CountMethod {
        Fractional = "fractional",
        Full = "full",
    }
);

vocabulary!(
    EuMeasure {
        EuropeanFunding = "european_funding",
        Participations = "participations",
        Coordinations = "coordinations",
    }
);

/// An open code of the data (a field such as `LS3`, a programme such as `horizon_europe`, an
/// entity such as `organisation` or a comparator's id): letters, digits and `_`, not empty.
/// Which codes exist is the data's business; the code only checks their form.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code(pub String);

impl Code {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            Ok(Code(s))
        } else {
            Err(serde::de::Error::custom(format!(
                "expected a code of letters, digits and '_', found {s:?}"
            )))
        }
    }
}

/// A code for file names and columns from a name: `Institut Pasteur` → `institut_pasteur`
/// (lowercase letters and digits, other runs of characters as one `_`).
pub fn code_of(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}
