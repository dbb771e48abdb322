//! The closed vocabularies of the data files: every categorical column takes one of these values.

use std::fmt;

/// Declares a closed list of snake_case codes as an enum that deserialises from its code and
/// can list its codes for error messages.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant),+
        }

        impl $name {
            /// Every code of the vocabulary, in declaration order: what error messages list as allowed.
            pub const ALL: &'static [&'static str] = &[$($code),+];

            /// The code this value is written as in the data files (and in series ids).
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            /// The value written as `code`, if it is one of the vocabulary's.
            pub fn from_code(code: &str) -> Option<Self> {
                match code {
                    $($code => Some($name::$variant),)+
                    _ => None,
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
        /// `persons`: a count of people (headcounts); whole numbers.
        Persons = "persons",
        /// `EUR million`: millions of euros (budget lines, European funding).
        EurMillion = "EUR million",
        /// `percent`: a share in percent, 0–100.
        Percent = "percent",
        /// `years`: a duration in years (an average age, or its change).
        Years = "years",
        /// `index`: a dimensionless index, e.g. a citation score where the world average is 1.
        Index = "index",
        /// `projects`: a count of EU programme projects (participations, coordinations); whole numbers.
        Projects = "projects",
        /// `positions`: a count of job positions (opened, filled); whole numbers.
        Positions = "positions",
        /// `units`: a count of organisational units (research units, service units, centres,
        /// offices, teams); whole numbers.
        Units = "units",
        /// `ratio`: a dimensionless ratio of two counts, e.g. applicants per position.
        Ratio = "ratio",
        /// `count`: a count of other things (patents, start-ups, agreements, hearings, reports,
        /// visits), what is counted being in the series' label; whole numbers.
        Count = "count",
    }
);

impl Unit {
    /// Counts of whole things are exact as written; anything else was rounded to the digits shown.
    pub fn is_count(self) -> bool {
        matches!(
            self,
            Unit::Persons | Unit::Projects | Unit::Positions | Unit::Units | Unit::Count
        )
    }
}

/// The unit of a value the outputs show: a unit the data files state, or one that a formula of
/// the catalogue or a claim gives it. Typed from loading to the writers, which write its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ValueUnit {
    /// A unit of the data files.
    Data(Unit),
    /// `percentage points`: the change of a percent.
    PercentagePoints,
    /// `percent per year`: a compound annual growth rate.
    PercentPerYear,
    /// `projects per year`: a count of projects over the years of a programme.
    ProjectsPerYear,
    /// `EUR billion`: thousands of `EUR million`, as documents state large budgets (claims only).
    EurBillion,
}

impl ValueUnit {
    /// A percent (a share, a percent change).
    pub const PERCENT: ValueUnit = ValueUnit::Data(Unit::Percent);
    /// A ratio of two counts.
    pub const RATIO: ValueUnit = ValueUnit::Data(Unit::Ratio);

    /// The code the outputs write (the data files' own for a data unit).
    pub fn code(self) -> &'static str {
        match self {
            ValueUnit::Data(u) => u.code(),
            ValueUnit::PercentagePoints => "percentage points",
            ValueUnit::PercentPerYear => "percent per year",
            ValueUnit::ProjectsPerYear => "projects per year",
            ValueUnit::EurBillion => "EUR billion",
        }
    }

    /// The unit written as `code`, if it is one.
    pub fn from_code(code: &str) -> Option<ValueUnit> {
        Unit::from_code(code).map(ValueUnit::Data).or(match code {
            "percentage points" => Some(ValueUnit::PercentagePoints),
            "percent per year" => Some(ValueUnit::PercentPerYear),
            "projects per year" => Some(ValueUnit::ProjectsPerYear),
            "EUR billion" => Some(ValueUnit::EurBillion),
            _ => None,
        })
    }

    /// Whether values in this unit count whole things ([`Unit::is_count`]): shown without decimals.
    pub fn is_count(self) -> bool {
        matches!(self, ValueUnit::Data(u) if u.is_count())
    }

    /// The unit of a change of a value in this unit: percentage points for a percent.
    pub fn of_change(self) -> ValueUnit {
        if self == ValueUnit::PERCENT {
            ValueUnit::PercentagePoints
        } else {
            self
        }
    }
}

impl From<Unit> for ValueUnit {
    fn from(u: Unit) -> ValueUnit {
        ValueUnit::Data(u)
    }
}

impl fmt::Display for ValueUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

vocabulary!(
    /// How the text qualifies a figure ("around 500", "close to 1.2", "more than 30").
    Qualifier {
        /// `around`: about the figure; the audit reads it as ±5% (or the rounding half-unit if wider).
        Around = "around",
        /// `approximately`: read like `around`.
        Approximately = "approximately",
        /// `close_to`: "close to"; read like `around`.
        CloseTo = "close_to",
        /// `more_than`: "more than"; the figure is a lower bound.
        MoreThan = "more_than",
        /// `above`: read like `more_than`, a lower bound.
        Above = "above",
        /// `less_than`: "less than"; the figure is an upper bound.
        LessThan = "less_than",
    }
);

vocabulary!(
    /// Whether the document states a figure's period or the data inferred it (column `dated`).
    PeriodBasis {
        /// `stated`: the passage (or its section) gives the date, year or years.
        Stated = "stated",
        /// `inferred`: the document gives none; the row's note says why this period was chosen.
        Inferred = "inferred",
    }
);

vocabulary!(
    /// What a `workforce.csv` row measures (column `measure`).
    WorkforceMeasure {
        /// `headcount`: number of persons at a date (unit `persons`).
        Headcount = "headcount",
        /// `average_age`: average age in a year or at a date (unit `years`).
        AverageAge = "average_age",
        /// `average_age_change`: change of the average age over a range of years (`years`; may be negative).
        AverageAgeChange = "average_age_change",
        /// `fixed_term_share`: share of the staff counted who are on fixed-term contracts (`percent`).
        FixedTermShare = "fixed_term_share",
        /// `fte_share`: the employer's share of the research units' staff, in research full-time equivalents
        /// (unit `percent`).
        FteShare = "fte_share",
    }
);

vocabulary!(
    /// Whose staff: the organisation's own employees, or everyone working in the research units it
    /// is part of.
    Scope {
        /// `organisation`: the organisation's own employees.
        Organisation = "organisation",
        /// `research_units`: everyone working in the research units the organisation is part of.
        ResearchUnits = "research_units",
    }
);

vocabulary!(
    /// Who employs the staff counted: the organisation, the universities and hospitals its units
    /// share, or everyone.
    Employer {
        /// `organisation`: employed by the organisation itself.
        Organisation = "organisation",
        /// `universities_and_hospitals`: employed by the partner universities and hospitals (university staff,
        /// hospital practitioners).
        UniversitiesAndHospitals = "universities_and_hospitals",
        /// `all`: every employer together.
        All = "all",
    }
);

vocabulary!(
    /// Permanent (civil servants) or contract staff; `all` for a figure given only as a total.
    Status {
        /// `permanent`: permanent staff (civil servants).
        Permanent = "permanent",
        /// `contract`: contract staff.
        Contract = "contract",
        /// `all`: permanent and contract staff together.
        All = "all",
    }
);

vocabulary!(
    /// Scientists (researchers) or support staff (engineers, technicians, administrative staff);
    /// `all` for a figure given only as a total.
    StaffGroup {
        /// `scientists`: researchers.
        Scientists = "scientists",
        /// `support`: engineers, technicians and administrative staff.
        Support = "support",
        /// `all`: scientists and support staff together.
        All = "all",
    }
);

vocabulary!(
    /// Which budget line a `budget.csv` row gives (column `line`).
    BudgetLine {
        /// `state_subsidy`: the subsidy of the French State.
        StateSubsidy = "state_subsidy",
        /// `other_public_subsidies`: subsidies from other French public institutions.
        OtherPublicSubsidies = "other_public_subsidies",
        /// `eu_funding`: EU funding as a revenue line (may differ from `eu_funding.csv`'s European funding).
        EuFunding = "eu_funding",
        /// `own_revenues`: the organisation's other own revenues.
        OwnRevenues = "own_revenues",
        /// `other_revenues`: all revenues other than the State subsidy (more than the itemised lines).
        OtherRevenues = "other_revenues",
        /// `spending_from_other_revenues`: spending funded by the other revenues (`other_revenue_balance`).
        SpendingFromOtherRevenues = "spending_from_other_revenues",
    }
);

vocabulary!(
    /// Which account of the budget a figure belongs to: the revenues of section VII.4.a's main text, or
    /// the balance of other revenues against the spending they fund (footnote 122).
    BudgetBasis {
        /// `budget_revenues`: the revenues given in the main text of section VII.4.a.
        BudgetRevenues = "budget_revenues",
        /// `other_revenue_balance`: footnote 122's other revenues and the spending they fund.
        OtherRevenueBalance = "other_revenue_balance",
    }
);

vocabulary!(
    /// What a `publications.csv` row measures (column `measure`).
    PublicationMeasure {
        /// `share_of_french_publications`: the entity's share of French publications in the field (unit
        /// `percent`; needs a `count_method`).
        ShareOfFrenchPublications = "share_of_french_publications",
        /// `mean_normalised_citation_score`: citations relative to the world average of 1 (`index`).
        MeanNormalisedCitationScore = "mean_normalised_citation_score",
        /// `international_copublication_share`: share of publications with a foreign co-author (`percent`).
        InternationalCopublicationShare = "international_copublication_share",
        /// `open_access_share`: share of publications in open access (unit `percent`).
        OpenAccessShare = "open_access_share",
    }
);

vocabulary!(
    /// Fractional count splits a co-authored paper between its institutions; full count gives
    /// each institution the whole paper.
    CountMethod {
        /// `fractional`: each paper split between its institutions.
        Fractional = "fractional",
        /// `full`: each institution credited with the whole paper.
        Full = "full",
    }
);

vocabulary!(
    /// What an `eu_funding.csv` row measures (column `measure`).
    EuMeasure {
        /// `european_funding`: European funding received in a year (unit `EUR million`).
        EuropeanFunding = "european_funding",
        /// `participations`: projects of a programme the organisation takes part in, over a range of years
        /// (unit `projects`).
        Participations = "participations",
        /// `coordinations`: projects of a programme the organisation coordinates, over a range of years (unit
        /// `projects`).
        Coordinations = "coordinations",
    }
);

/// An open code of the data (a field such as `LS3`, a programme such as `horizon_europe`, an
/// entity such as `organisation` or a comparator's id): letters, digits and `_`, not empty.
/// Which codes exist is the data's business; the code only checks their form.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code(pub String);

impl Code {
    /// The code as written.
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

/// A code for file names and columns from a name: `Institut Pasteur` → `institut_pasteur`,
/// `Hcéres` → `hceres` (lowercase ASCII letters and digits, a Latin letter with a diacritic as
/// its base letter, other runs of characters as one `_`).
pub fn code_of(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if let Some(base) = latin_base(c) {
            out.push_str(base);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// Every code of every vocabulary: stand-ins the reader tries in place of a faulty field, so that
/// the rest of its row is checked too and every problem of the row is reported at once.
pub fn every_code() -> impl Iterator<Item = &'static str> {
    [
        Unit::ALL,
        Qualifier::ALL,
        PeriodBasis::ALL,
        WorkforceMeasure::ALL,
        Scope::ALL,
        Employer::ALL,
        Status::ALL,
        StaffGroup::ALL,
        BudgetLine::ALL,
        BudgetBasis::ALL,
        PublicationMeasure::ALL,
        CountMethod::ALL,
        EuMeasure::ALL,
    ]
    .into_iter()
    .flatten()
    .copied()
}

/// The ASCII letters a lowercase Latin letter with a diacritic (or a ligature) is written as
/// without it: those of Latin-1 and Latin Extended-A, and the Romanian comma-below letters.
fn latin_base(c: char) -> Option<&'static str> {
    Some(match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' | 'ĸ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' | 'ŋ' => "n",
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' | 'ſ' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}
