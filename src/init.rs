//! `orgmetrics init`: a new data directory for another organisation, with every file the load
//! stage reads: the organisation file, a report definition with the standard items, and the CSV
//! files with their headers and no rows. `validate` passes on it; `report` on it lists every item
//! as not computed until rows are added.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::load::organisation::{is_organisation_id, name_fault};
use crate::load::rows::{BudgetRow, DomainRow, EuFundingRow, PublicationRow, WorkforceRow};
use crate::load::vocab::code_of;
use crate::load::{
    CLAIM_COLUMNS, CLAIMS_FILE, EVIDENCE_COLUMNS, ORGANISATION_FILE, REPORT_FILE, SOURCE_COLUMNS, SOURCE_TEXT_COLUMNS,
    SOURCES_FILE,
};

/// The standard report definition: the key figures, projections and charts of an assessment,
/// every period chosen by rule, for any organisation: it names no field, comparator or threshold
/// of one (those of its items that need one are commented examples).
pub const STANDARD_REPORT: &str = include_str!("../assets/init/report.toml");

/// A TOML basic string holding `s`.
fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn organisation_toml(name: &str, id: &str) -> String {
    format!(
        "# The organisation this data directory describes, and those its figures are compared with.\n\
         # Data rows name the organisation itself as `organisation` (columns scope, employer, entity)\n\
         # and a comparator by its `id` (column entity of publications.csv).\n\n\
         id = {}\n\
         name = {}\n\
         short_name = {}\n\
         # One sentence saying who assessed it, when, and for which period.\n\
         description = \"\"\n\
         # How the values of the data files were obtained: `{{data_origin}}` in report.toml's texts.\n\
         data_origin = \"extracted by hand from the documents\"\n\n\
         # One table per comparator, e.g.\n\
         # [[comparators]]\n\
         # id = \"peer\"\n\
         # name = \"A peer institution\"\n\
         # short_name = \"Peer\"\n",
        toml_string(id),
        toml_string(name),
        toml_string(name)
    )
}

/// Writes the new data directory; returns the files written. `dir` must not exist or be empty.
pub fn init(dir: &Path, name: &str, id: Option<&str>) -> Result<Vec<PathBuf>> {
    let name = name.trim();
    // The checks `validate` makes of the name, so that what init writes validates.
    if let Some((expected, found)) = name_fault(name) {
        return Err(Error::Other(format!(
            "--organisation: expected {expected}, found {found}"
        )));
    }
    let given = id.is_some();
    let id = id.map_or_else(|| code_of(name), str::to_string);
    // The check `validate` makes, so that what init writes validates.
    if !is_organisation_id(&id) {
        let hint = if given {
            ""
        } else {
            ", made from the name (give one with --id)"
        };
        return Err(Error::Other(format!(
            "--id: expected a code of lowercase letters, digits and '_', not 'panel', of at most 255 bytes (it names a directory), found {id:?}{hint}"
        )));
    }
    if dir.exists() {
        let empty = fs::read_dir(dir).map_err(|e| Error::io(dir, e))?.next().is_none();
        if !empty {
            return Err(Error::Other(format!(
                "{}: expected a new or empty directory, found one with files",
                dir.display()
            )));
        }
    }
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    // Rows say how each figure was read: its written form, or how it was obtained, and
    // whether its period is stated (the evidence columns, before the note).
    let header = |cols: &[&str]| {
        let mut all: Vec<&str> = cols.iter().copied().filter(|c| *c != "note").collect();
        if cols.contains(&"note") {
            all.extend(EVIDENCE_COLUMNS);
            all.push("note");
        }
        format!("{}\n", all.join(","))
    };
    let sources = [&SOURCE_COLUMNS[..], &SOURCE_TEXT_COLUMNS[..]].concat();
    let files: Vec<(&str, String)> = vec![
        (ORGANISATION_FILE, organisation_toml(name, &id)),
        (REPORT_FILE, STANDARD_REPORT.to_string()),
        (SOURCES_FILE, header(&sources)),
        (WorkforceRow::FILE, header(WorkforceRow::COLUMNS)),
        (BudgetRow::FILE, header(BudgetRow::COLUMNS)),
        (PublicationRow::FILE, header(PublicationRow::COLUMNS)),
        (EuFundingRow::FILE, header(EuFundingRow::COLUMNS)),
        (CLAIMS_FILE, header(&CLAIM_COLUMNS)),
    ];
    let mut written = Vec::new();
    for (file, text) in files {
        let path = dir.join(file);
        fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_lowercase_words_joined_by_underscores() {
        assert_eq!(code_of("Institut Pasteur"), "institut_pasteur");
        assert_eq!(code_of("  INRAE (France) "), "inrae_france");
        assert_eq!(code_of("Hcéres"), "hceres");
        assert_eq!(code_of("Université Côte d'Azur"), "universite_cote_d_azur");
        assert_eq!(code_of("Ÿ Œuvre Straße Łódź"), "y_oeuvre_strasse_lodz");
        assert_eq!(code_of("Müller × Ørsted"), "muller_orsted");
        assert_eq!(code_of("???"), "");
    }

    #[test]
    fn the_standard_report_definition_parses() {
        let def: crate::load::definition::ReportDefinition = toml::from_str(STANDARD_REPORT).unwrap();
        assert!(!def.key_figures.is_empty());
        assert!(def.projections.is_some());
    }
}
