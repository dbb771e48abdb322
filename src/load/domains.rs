//! `domains.toml`: the domains a data directory adds to those of the assessment format, and the
//! indicators it declares over their series. A declared domain `d` has its observations in `d.csv`
//! with the generic columns ([`crate::load::rows::SeriesRow`]), series ids starting with `d.`;
//! everything downstream (tables, summary, dashboard, workbook, data package) lists it like the
//! others. Optional: without the file, the format's domains alone.

use serde::Deserialize;

use crate::load::reader::{Checked, Problem};
use crate::schema::{BUILTIN_DOMAINS, DeclaredFormula, DeclaredIndicator, Domains, is_indicator};

/// The file, in a data directory (or a panel's, for organisations without their own).
pub const DOMAINS_FILE: &str = "domains.toml";

/// `domains.toml` as written.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DomainsFile {
    /// `[[domains]]`: the domains added, in the order the outputs list them.
    #[serde(default)]
    pub domains: Vec<DomainDef>,
    /// `[[indicators]]`: indicators over two series each.
    #[serde(default)]
    pub indicators: Vec<IndicatorDef>,
}

/// A `[[domains]]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DomainDef {
    /// Id: lowercase letters, digits and `_`; the stem of its file and the first segment of its
    /// series ids.
    pub id: String,
    /// Heading in every output.
    pub title: String,
}

/// An `[[indicators]]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorDef {
    /// Indicator id, as claims and key figures cite it.
    pub id: String,
    /// Domain it is listed under: one of the format's or a declared one.
    pub domain: String,
    /// What it measures, in words.
    pub label: String,
    /// `share` (100 × a / b), `ratio` (a / b) or `difference` (a − b).
    pub formula: FormulaName,
    /// First series id.
    pub a: String,
    /// Second series id.
    pub b: String,
}

/// The formulas a declared indicator may use.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum FormulaName {
    /// 100 × a / b.
    Share,
    /// a / b.
    Ratio,
    /// a − b.
    Difference,
}

fn is_code(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Whether `s` is a series id: two or more codes of letters, digits, `_` and `-`, joined by dots.
pub fn is_series_id(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
}

impl DomainsFile {
    /// The dataset's domains: the format's, then those declared, with the declared indicators.
    /// Declarations [`Checked::problems`] rejects (a bad or repeated id) are left out, so that
    /// the problem is reported once, not again by every file that depends on them.
    pub fn domains(&self) -> Domains {
        let mut out = Domains::builtin();
        for d in &self.domains {
            if is_code(&d.id) && !out.contains(&d.id) {
                out.declare(&d.id, &d.title);
            }
        }
        let intern = |s: &str| ustr::ustr(s).as_str();
        out.indicators = self
            .indicators
            .iter()
            .map(|i| DeclaredIndicator {
                id: intern(&i.id),
                domain: out.get(&i.domain).map_or(intern(&i.domain), |d| d.id),
                label: i.label.clone(),
                formula: match i.formula {
                    FormulaName::Share => DeclaredFormula::Share,
                    FormulaName::Ratio => DeclaredFormula::Ratio,
                    FormulaName::Difference => DeclaredFormula::Difference,
                },
                a: i.a.clone(),
                b: i.b.clone(),
            })
            .collect();
        out
    }
}

fn problem(needle: String, expected: impl Into<String>, found: String) -> Problem {
    Problem {
        needle,
        expected: expected.into(),
        found,
    }
}

impl Checked for DomainsFile {
    fn problems(&self, _: &()) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut ids: Vec<&str> = Vec::new();
        for d in &self.domains {
            let builtin = BUILTIN_DOMAINS.iter().any(|(id, ..)| *id == d.id);
            if !is_code(&d.id) || builtin || ids.contains(&d.id.as_str()) {
                out.push(problem(
                    format!("\"{}\"", d.id),
                    "for a domain's `id`, lowercase letters, digits and '_', starting with a letter, that no other domain has (the format's are workforce, budget, publications, eu_funding)",
                    format!("{:?}", d.id),
                ));
            }
            if d.title.trim().is_empty() {
                out.push(problem(
                    format!("\"{}\"", d.id),
                    "a non-empty `title`",
                    "an empty title".into(),
                ));
            }
            ids.push(&d.id);
        }
        let known = |id: &str| ids.contains(&id) || BUILTIN_DOMAINS.iter().any(|(d, ..)| *d == id);
        for i in &self.indicators {
            if !is_code(&i.id) || is_indicator(&i.id) {
                out.push(problem(
                    format!("\"{}\"", i.id),
                    "for an indicator's `id`, lowercase letters, digits and '_' that the catalogue does not use",
                    format!("{:?}", i.id),
                ));
            }
            if !known(&i.domain) {
                out.push(problem(
                    format!("\"{}\"", i.domain),
                    "for an indicator's `domain`, a domain of the format or of this file",
                    format!("{:?}", i.domain),
                ));
            }
            for s in [&i.a, &i.b] {
                if !is_series_id(s) {
                    out.push(problem(
                        format!("\"{s}\""),
                        "a series id (codes joined by dots, e.g. gender.women_share.all)",
                        format!("{s:?}"),
                    ));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_domains_follow_the_formats_own() {
        let f: DomainsFile = toml::from_str(
            "[[domains]]\nid = \"units\"\ntitle = \"Research units\"\n\n[[indicators]]\nid = \"x\"\ndomain = \"units\"\nlabel = \"X\"\nformula = \"share\"\na = \"units.a\"\nb = \"units.b\"\n",
        )
        .unwrap();
        assert!(f.problems(&()).is_empty());
        let d = f.domains();
        assert_eq!(d.ids(), ["workforce", "budget", "publications", "eu_funding", "units"]);
        assert_eq!(d.indicators[0].formula, DeclaredFormula::Share);
        assert!(d.is_indicator("x") && d.is_indicator("cagr") && !d.is_indicator("y"));
    }

    #[test]
    fn bad_declarations_are_problems() {
        let f: DomainsFile = toml::from_str(
            "[[domains]]\nid = \"budget\"\ntitle = \"B\"\n[[domains]]\nid = \"Bad id\"\ntitle = \"\"\n[[indicators]]\nid = \"cagr\"\ndomain = \"nowhere\"\nlabel = \"X\"\nformula = \"ratio\"\na = \"nodot\"\nb = \"a.b\"\n",
        )
        .unwrap();
        let found: Vec<String> = f.problems(&()).into_iter().map(|p| p.needle).collect();
        assert_eq!(
            found,
            [
                "\"budget\"",
                "\"Bad id\"",
                "\"Bad id\"",
                "\"cagr\"",
                "\"nowhere\"",
                "\"nodot\""
            ]
        );
        assert!(
            toml::from_str::<DomainsFile>(
                "[[indicators]]\nid=\"a\"\ndomain=\"d\"\nlabel=\"l\"\nformula=\"sum\"\na=\"a.b\"\nb=\"a.c\"\n"
            )
            .is_err()
        );
    }
}
