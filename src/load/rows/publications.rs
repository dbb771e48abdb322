//! The rows of `publications.csv`.

use super::{Common, DomainRow, FieldProblem, expect_period, expect_unit, problem};
use crate::load::organisation::{Organisation, SELF_ENTITY};
use crate::load::vocab::*;

domain_row! {
    /// A row of `publications.csv`: a bibliometric figure of the organisation or a comparator in one field.
    ///
    /// Period: the bibliometric window (`YYYY/YYYY`) or a year (`YYYY`).
    /// Unit: `index` for citation scores, `percent` for everything else.
    pub struct PublicationRow {
        /// `organisation` for the organisation itself, or a comparator's `id` from `organisation.toml`.
        pub entity: Code,
        /// The field: an ERC domain (`LS`), one of its panels (`LS1`…`LS9`), or `all`.
        pub field: Code,
        /// What the row measures: a publication share, a citation score, or a co-publication or open-access share.
        pub measure: PublicationMeasure,
        /// Fractional or full count: required for shares of French publications, `None` where the source gives none.
        pub count_method: Option<CountMethod>,
    }
}

impl DomainRow for PublicationRow {
    const FILE: &'static str = "publications.csv";
    const COLUMNS: &'static [&'static str] = &[
        "entity",
        "field",
        "measure",
        "count_method",
        "period",
        "value",
        "unit",
        "qualifier",
        "source",
        "locator",
        "note",
    ];

    common_fields!();

    fn series(&self) -> String {
        let base = format!("{}.{}.{}", self.measure, self.entity, self.field);
        match self.count_method {
            Some(c) => format!("{base}.{c}"),
            None => base,
        }
    }

    fn check(&self, org: &Organisation, _file: &str) -> Vec<FieldProblem> {
        let mut p = Vec::new();
        let unit = match self.measure {
            PublicationMeasure::MeanNormalisedCitationScore => Unit::Index,
            _ => Unit::Percent,
        };
        p.extend(expect_unit(self.unit, unit, format_args!("measure '{}'", self.measure)));
        p.extend(expect_period(
            &self.period,
            &["range", "year"],
            "a publication indicator",
        ));
        if !org.entities().contains(&self.entity.as_str()) {
            p.push(problem(
                "entity",
                format!(
                    "'{SELF_ENTITY}' or a comparator declared in organisation.toml ({})",
                    org.entities()[1..].join(", ")
                ),
                format!("'{}'", self.entity),
            ));
        }
        if self.measure == PublicationMeasure::ShareOfFrenchPublications && self.count_method.is_none() {
            p.push(problem(
                "count_method",
                "'fractional' or 'full' for a share of publications",
                "an empty field",
            ));
        }
        p
    }
}
