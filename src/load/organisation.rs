//! `organisation.toml`: the organisation a data directory describes, and the comparators its
//! figures are set against. Nothing in the code names an organisation: every name in the outputs
//! comes from here.

use serde::Deserialize;
use toml::Spanned;

use crate::load::controls::{blank, control_in, expected_without};
use crate::load::limits::Limit;
use crate::load::settings::{Checked, Problem};

/// The organisation the data describe.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// A short lowercase code (`inserm`): names output directories and the data package.
    pub id: String,
    /// Its full name, as its assessor writes it in English.
    pub name: String,
    /// The name readers know it by (`Inserm`), used in titles, labels and cards.
    pub short_name: String,
    /// One sentence saying who assessed it and when, shown under the dashboard's title.
    #[serde(default)]
    pub description: String,
    /// How the values of the data files were obtained, as the end of "values …"
    /// (`extracted by hand from the documents`): `{data_origin}` in the report's texts.
    #[serde(default)]
    pub data_origin: Option<String>,
    /// Institutions or countries its figures are compared with (`entity` in publications.csv).
    #[serde(default)]
    pub comparators: Vec<Comparator>,
}

/// An institution or country the organisation is compared with.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Comparator {
    /// The code data rows use in their `entity` column (`nih`), with where the file writes it.
    pub id: Spanned<String>,
    /// Its full name (`National Institutes of Health`); the outputs show `short_name`.
    pub name: String,
    /// Shown on charts and in labels (`NIH (US)`).
    pub short_name: String,
}

/// What `{data_origin}` says when the organisation file does not: true of any data directory.
pub const DEFAULT_DATA_ORIGIN: &str = "read from the data files";

/// The `entity` code data rows use for the organisation itself.
pub const SELF_ENTITY: &str = "organisation";

impl Organisation {
    /// Display name of an entity code: the organisation's or a comparator's short name.
    pub fn entity_name(&self, code: &str) -> Option<&str> {
        if code == SELF_ENTITY {
            return Some(&self.short_name);
        }
        self.comparators
            .iter()
            .find(|c| c.id.as_ref() == code)
            .map(|c| c.short_name.as_str())
    }

    /// Every entity code data rows may use: the organisation, then its comparators.
    pub fn entities(&self) -> Vec<&str> {
        std::iter::once(SELF_ENTITY)
            .chain(self.comparators.iter().map(|c| c.id.as_ref().as_str()))
            .collect()
    }

    /// Replaces `{org}`, `{org_name}` and `{data_origin}` in a text from the data directory.
    pub fn fill(&self, template: &str) -> String {
        let text = template
            .replace("{org}", &self.short_name)
            .replace("{org_name}", &self.name);
        if text.contains("{data_origin}") {
            text.replace(
                "{data_origin}",
                self.data_origin.as_deref().unwrap_or(DEFAULT_DATA_ORIGIN),
            )
        } else {
            text
        }
    }
}

/// Codes an organisation may not take: they name other things in a panel's output.
pub const RESERVED_IDS: [&str; 1] = ["panel"];

/// Whether `s` is a code: lowercase letters, digits and '_', at least one.
fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Whether `id` can be an organisation's id: a code, not one of [`RESERVED_IDS`], and short
/// enough to name the organisation's directory of a panel's output (`OUT/<id>/`).
pub fn is_organisation_id(id: &str) -> bool {
    is_code(id) && !RESERVED_IDS.contains(&id) && Limit::FileName { suffix: "" }.allows(id)
}

/// What the organisation's name must be and `name` is not, if anything: a text that shows
/// something (see [`blank`]) and holds no character a text may not ([`control_in`]), short enough
/// for a workbook cell. `init` checks its `--organisation` with it too, so that what it writes
/// validates.
pub fn name_fault(name: &str) -> Option<(String, String)> {
    if blank(name) {
        let found = if name.is_empty() {
            "an empty string".to_string()
        } else {
            format!("only spaces or invisible characters ({name:?})")
        };
        return Some(("a name with a visible character".into(), found));
    }
    if let Some(c) = control_in(name) {
        return Some((expected_without(c).into(), format!("{c:?}")));
    }
    Limit::Cell.fault(name)
}

impl Checked for Organisation {
    fn problems(&self, _: &()) -> Vec<Problem> {
        let mut out = Vec::new();
        if !is_organisation_id(&self.id) {
            out.push(Problem::new(
                format!("\"{}\"", self.id),
                "for `id`, a code of lowercase letters, digits and '_', not 'panel', of at most 255 bytes (it names a directory)",
                format!("{:?}", self.id),
            ));
        }
        for (key, v) in [("name", &self.name), ("short_name", &self.short_name)] {
            // Control characters and length are the reader's, for every text.
            if blank(v) {
                let (expected, found) = name_fault(v).unwrap_or_default();
                out.push(
                    Problem::new(key, format!("for `{key}`, {expected}"), found).at_key(if key == "name" {
                        &["name"]
                    } else {
                        &["short_name"]
                    }),
                );
            }
        }
        // The workbook's About sheet writes both in one cell: "name (short name)".
        let both = format!("{} ({})", self.name, self.short_name);
        if let Some((expected, found)) = Limit::Cell.fault(&both) {
            out.push(
                Problem::new(
                    "name",
                    format!("for `name` and `short_name` together, {expected}"),
                    found,
                )
                .at_key(&["name"]),
            );
        }
        let mut seen = vec![SELF_ENTITY];
        for c in &self.comparators {
            let id = c.id.as_ref().as_str();
            if !is_code(id) || seen.contains(&id) {
                // Reported where it is written: a repeat's first writing is valid.
                out.push(
                    Problem::new(
                        format!("\"{id}\""),
                        format!(
                            "for a comparator's `id`, a unique code of lowercase letters, digits and '_', not '{SELF_ENTITY}'"
                        ),
                        format!("{id:?}"),
                    )
                    .at_span(c.id.span()),
                );
            }
            seen.push(id);
        }
        out
    }
}
