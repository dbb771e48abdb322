//! `domains.toml`: the domains a data directory adds to those of the assessment format, and the
//! indicators it declares over their series. A declared domain `d` has its observations in `d.csv`
//! with the generic columns ([`crate::load::rows::SeriesRow`]), series ids starting with `d.`;
//! everything downstream (tables, summary, dashboard, workbook, data package) lists it like the
//! others. Optional: without the file, the format's domains alone.

use serde::Deserialize;
use toml::Spanned;

use crate::load::controls::blank;
use crate::load::limits::Limit;
use crate::load::settings::{Checked, Problem};
use crate::schema::{
    DeclaredFormula, DeclaredIndicator, Domains, MAX_TITLE_CHARS, TITLE_FORBIDDEN, builtin_first_segment,
    is_builtin_domain, is_indicator, is_reserved_domain_id, is_reserved_title,
};

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
    /// series ids. With where the file writes it, to report a repeat at the repeat.
    pub id: Spanned<String>,
    /// Heading in every output; also the name of its workbook sheet.
    pub title: Spanned<String>,
}

/// An `[[indicators]]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorDef {
    /// Indicator id, as claims and key figures cite it, with where the file writes it.
    pub id: Spanned<String>,
    /// Domain it is listed under: one of the format's or a declared one.
    pub domain: String,
    /// What it measures, in words.
    pub label: String,
    /// `share` (100 × a / b), `ratio` (a / b) or `difference` (a − b).
    pub formula: DeclaredFormula,
    /// First series id.
    pub a: String,
    /// Second series id.
    pub b: String,
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
    /// Declarations `Checked::problems` rejects (a bad or repeated id) are left out, so that
    /// the problem is reported once, not again by every file that depends on them.
    pub fn domains(&self) -> Domains {
        let mut out = Domains::builtin();
        for d in &self.domains {
            let (id, title) = (d.id.as_ref(), d.title.as_ref());
            if id_fault(id, &[]).is_none() && !out.contains(id) {
                out.declare(id, title);
            }
        }
        let intern = |s: &str| ustr::ustr(s).as_str();
        out.indicators = self
            .indicators
            .iter()
            .map(|i| DeclaredIndicator {
                id: intern(i.id.as_ref()),
                domain: out.get(&i.domain).map_or(intern(&i.domain), |d| d.id),
                label: i.label.clone(),
                formula: i.formula,
                a: i.a.clone(),
                b: i.b.clone(),
            })
            .collect();
        out
    }
}

/// Why a declared domain's id cannot be used, if it cannot.
fn id_fault(id: &str, before: &[&str]) -> Option<&'static str> {
    if !is_code(id) {
        Some("lowercase letters, digits and '_', starting with a letter")
    } else if !(Limit::FileName { suffix: ".csv" }).allows(id) {
        // It names the domain's file, `{id}.csv`, here and in the output's tables.
        Some("short enough to name its file, `{id}.csv`: 255 bytes at most")
    } else if is_builtin_domain(id) || builtin_first_segment(id) {
        Some("not a domain of the format, nor the first segment of its series ids (staff, eu, …)")
    } else if is_reserved_domain_id(id) {
        Some("not a name the data directory's other files or the report's own tables use")
    } else if before.contains(&id) {
        Some("not the id of a domain declared above")
    } else {
        None
    }
}

/// Why a declared domain's title cannot be used, if it cannot. Titles name the workbook's
/// sheets, so they follow a sheet name's rules too.
fn title_fault(title: &str, before: &[&str]) -> Option<String> {
    // Sheet names are compared without case, in any script.
    let lower = title.trim().to_lowercase();
    let taken = |t: &&str| t.trim().to_lowercase() == lower;
    if blank(title) {
        Some("a `title` with a visible character".into())
    } else if title.encode_utf16().count() > MAX_TITLE_CHARS
        || title.contains(TITLE_FORBIDDEN)
        || title.starts_with('\'')
        || title.ends_with('\'')
    {
        Some(format!(
            "a `title` of at most {MAX_TITLE_CHARS} characters (UTF-16 units, as a spreadsheet counts them) without any of {}, nor an apostrophe at either end",
            TITLE_FORBIDDEN.iter().collect::<String>()
        ))
    } else if is_reserved_title(title) {
        Some("a `title` no section of the outputs has (About, Key figures, Workforce, …)".into())
    } else if before.iter().any(taken) {
        Some("a `title` no domain declared above has".into())
    } else {
        None
    }
}

impl Checked for DomainsFile {
    fn problems(&self, _: &()) -> Vec<Problem> {
        let mut out = Vec::new();
        let (mut ids, mut titles): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
        for d in &self.domains {
            let (id, title) = (d.id.as_ref().as_str(), d.title.as_ref().as_str());
            // Reported where written: a repeat's first writing is valid.
            if let Some(fault) = id_fault(id, &ids) {
                out.push(
                    Problem::new(
                        format!("\"{id}\""),
                        format!("for a domain's `id`, {fault}"),
                        format!("{id:?}"),
                    )
                    .at_span(d.id.span()),
                );
            }
            if let Some(fault) = title_fault(title, &titles) {
                out.push(Problem::new(format!("\"{title}\""), fault, format!("{title:?}")).at_span(d.title.span()));
            }
            ids.push(id);
            titles.push(title);
        }
        let known = |id: &str| ids.contains(&id) || is_builtin_domain(id);
        // A series belongs to a declared domain (its first segment) or to one of the format's.
        let in_a_domain = |s: &str| {
            let first = s.split('.').next().unwrap_or_default();
            ids.contains(&first) || builtin_first_segment(first)
        };
        let mut declared: Vec<(&str, &str, &str)> = Vec::new();
        for i in &self.indicators {
            let id = i.id.as_ref().as_str();
            if declared.contains(&(id, i.a.as_str(), i.b.as_str())) {
                // Two rows with one id and subject: claims and key figures could not tell them apart.
                out.push(
                    Problem::new(
                        format!("\"{id}\""),
                        "an indicator `id` and series `a` and `b` that no indicator above has together",
                        format!("{id:?} over {} and {} again", i.a, i.b),
                    )
                    .at_span(i.id.span()),
                );
            }
            declared.push((id, &i.a, &i.b));
            if !is_code(id) || is_indicator(id) {
                out.push(
                    Problem::new(
                        format!("\"{id}\""),
                        "for an indicator's `id`, lowercase letters, digits and '_' that the catalogue does not use",
                        format!("{id:?}"),
                    )
                    .at_span(i.id.span()),
                );
            }
            if !known(&i.domain) {
                out.push(Problem::new(
                    format!("\"{}\"", i.domain),
                    "for an indicator's `domain`, a domain of the format or of this file",
                    format!("{:?}", i.domain),
                ));
            }
            for s in [&i.a, &i.b] {
                if !is_series_id(s) || !in_a_domain(s) {
                    out.push(Problem::new(
                        format!("\"{s}\""),
                        "a series id of a domain (codes joined by dots, the first a domain's, e.g. teaching.hours.all)",
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
                "\"\"",
                "\"cagr\"",
                "\"nowhere\"",
                "\"nodot\"",
                // `a` is no domain: its series would be in none.
                "\"a.b\""
            ]
        );
        assert!(
            toml::from_str::<DomainsFile>(
                "[[indicators]]\nid=\"a\"\ndomain=\"d\"\nlabel=\"l\"\nformula=\"sum\"\na=\"a.b\"\nb=\"a.c\"\n"
            )
            .is_err()
        );
    }

    /// Each problem's needle and the line it is reported on.
    fn faults(toml_text: &str) -> Vec<(String, usize)> {
        let f: DomainsFile = toml::from_str(toml_text).unwrap();
        f.problems(&())
            .into_iter()
            .map(|p| {
                let at = p.span.map_or_else(|| toml_text.find(&p.needle).unwrap(), |s| s.start);
                (p.needle, toml_text[..at].lines().count())
            })
            .collect()
    }

    #[test]
    fn ids_that_name_other_things_are_refused() {
        // A table of the report, an input file, a first segment of the format's series ids
        // (`eu.` is EU funding's), and the name of things in no domain.
        for id in ["indicators", "claims", "eu", "staff", "unknown", "other"] {
            let text = format!("[[domains]]\nid = \"{id}\"\ntitle = \"Some title\"\n");
            assert_eq!(faults(&text), [(format!("\"{id}\""), 2)], "{id}");
            let f: DomainsFile = toml::from_str(&text).unwrap();
            assert!(!f.domains().contains(id));
        }
    }

    #[test]
    fn titles_follow_a_sheet_names_rules() {
        let long = "A title longer than thirty-one chars";
        // 16 emoji: 16 characters, but 32 UTF-16 units, over a sheet name's 31.
        let emoji = "\u{1F4DA}".repeat(16);
        for title in [
            long,
            "Staff/students",
            "key FIGURES",
            "Workforce",
            "Sources",
            "'Teaching",
            emoji.as_str(),
        ] {
            let text = format!("[[domains]]\nid = \"teaching\"\ntitle = \"{title}\"\n");
            assert_eq!(faults(&text), [(format!("\"{title}\""), 3)], "{title}");
        }
        // Exactly 31 characters is allowed.
        let text = "[[domains]]\nid = \"teaching\"\ntitle = \"Teaching and training, all kind\"\n";
        assert!(faults(text).is_empty());
    }

    #[test]
    fn titles_that_differ_only_in_case_clash_in_any_script() {
        let text = "[[domains]]\nid = \"a\"\ntitle = \"Équipe\"\n[[domains]]\nid = \"b\"\ntitle = \"éQUIPE\"\n";
        assert_eq!(faults(text), [("\"éQUIPE\"".to_string(), 6)]);
    }

    #[test]
    fn a_repeated_id_is_reported_at_its_repetition() {
        let text = "[[domains]]\nid = \"units\"\ntitle = \"Units\"\n[[indicators]]\nid = \"x\"\ndomain = \"units\"\nlabel = \"X\"\nformula = \"share\"\na = \"units.a\"\nb = \"units.b\"\n[[domains]]\nid = \"units\"\ntitle = \"Units\"\n";
        // Lines 12 and 13, not 2 and 3 (nor 6, where an indicator names the domain).
        assert_eq!(
            faults(text),
            [("\"units\"".to_string(), 12), ("\"Units\"".to_string(), 13)]
        );
    }
}
