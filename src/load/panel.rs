//! A panel of organisations: a directory holding one data directory per organisation (each with
//! its `organisation.toml` and domain files), and the files they share (`sources.csv`,
//! `claims.csv`, `report.toml`) where an organisation has none of its own. `orgmetrics synth`
//! writes one.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{DataIssue, Error, Result};
use crate::load::definition::ReportDefinition;
use crate::load::domains::{DOMAINS_FILE, DomainsFile};
use crate::load::reader::Reader;
use crate::load::vocab::Unit;
use crate::load::{Dataset, Depth, InputFile, ORGANISATION_FILE, REPORT_FILE, Shared, load_member};

/// The organisations' directories of a panel, by name: every subdirectory with an
/// `organisation.toml`.
pub fn members(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Err(Error::Other(format!(
            "{}: expected a panel directory, found none",
            dir.display()
        )));
    }
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let p = entry.map_err(|e| Error::io(dir, e))?.path();
        if p.is_dir() && p.join(ORGANISATION_FILE).is_file() {
            out.push(p);
        }
    }
    out.sort();
    if out.is_empty() {
        return Err(Error::Other(format!(
            "{}: expected a panel, a directory of organisations' data directories (each with {ORGANISATION_FILE}), found none",
            dir.display()
        )));
    }
    Ok(out)
}

/// What the organisations of a panel share from its directory: its `domains.toml` and its
/// `report.toml`, each with the file it was read from, if it has them.
#[derive(Debug, Default)]
pub struct SharedSettings {
    /// The panel's declared domains.
    pub domains: Option<(DomainsFile, InputFile)>,
    /// The panel's report definition.
    pub definition: Option<(ReportDefinition, InputFile)>,
}

/// Reads the settings a panel's organisations share (see [`SharedSettings`]).
pub fn shared_settings(dir: &Path) -> Result<SharedSettings> {
    let mut reader = Reader::new(dir, crate::load::columns::FORMAT);
    let domains_file = reader.toml::<DomainsFile>(DOMAINS_FILE, false);
    let domains = domains_file.zip(reader.files.pop());
    let context = domains.as_ref().map(|(d, _)| d.domains()).unwrap_or_default();
    let definition = reader.toml_in::<ReportDefinition, _>(REPORT_FILE, false, &context);
    if !reader.issues.is_empty() {
        return Err(Error::InvalidData(reader.sorted_issues()));
    }
    Ok(SharedSettings {
        domains,
        definition: definition.zip(reader.files.pop()),
    })
}

/// The problem of an organisation whose id another one of the panel (read from `first`) has.
pub fn duplicate_id(d: &Dataset, first: &Path) -> DataIssue {
    DataIssue {
        file: d.input_files.first().map(|f| f.path.clone()).unwrap_or_default(),
        line: 1,
        column: None,
        expected: format!(
            "an organisation id no other organisation of the panel has ({} has it too)",
            first.display()
        ),
        found: format!("{:?}", d.organisation.id),
    }
}

/// Reads and validates some organisations of a panel, in parallel; fails with every problem of
/// every one of them, if two share an id, or if a series' unit differs from the one `units`
/// (the panel's so far, which they are added to) gives it.
pub fn load_members(dir: &Path, members: &[PathBuf], units: &mut SeriesUnits, depth: Depth) -> Result<Vec<Dataset>> {
    let settings = shared_settings(dir)?;
    let empty = ReportDefinition::default();
    let shared = Shared {
        dir,
        definition: settings.definition.as_ref().map_or(&empty, |(d, _)| d),
        definition_file: settings.definition.as_ref().map(|(_, f)| f),
        domains: settings.domains.as_ref().map(|(d, f)| (d, f)),
    };
    let loaded: Vec<Result<Dataset>> = members
        .par_iter()
        .map(|m| load_member(m, Some(shared), depth))
        .collect();
    let mut datasets = Vec::with_capacity(loaded.len());
    let mut issues: Vec<DataIssue> = Vec::new();
    for r in loaded {
        match r {
            Ok(d) => datasets.push(d),
            Err(Error::InvalidData(mut v)) => issues.append(&mut v),
            Err(e) => return Err(e),
        }
    }
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    for d in &datasets {
        let file = d.input_files.first().map_or(Path::new(""), |f| f.path.as_path());
        if let Some(first) = seen.insert(&d.organisation.id, file) {
            issues.push(duplicate_id(d, first));
        }
        issues.extend(units.check(d));
    }
    if !issues.is_empty() {
        return Err(Error::InvalidData(issues));
    }
    Ok(datasets)
}

/// The unit of every series of a panel, with the row that first gave it: a series is one
/// quantity in one unit across the panel, so that the organisations' figures compare, and the
/// units a batch's plan gives its indicator rows are each organisation's own.
#[derive(Debug, Default)]
pub struct SeriesUnits(HashMap<String, (Unit, PathBuf, u64)>);

impl SeriesUnits {
    /// Records the units of `d`'s series; a problem for each series whose unit differs from the
    /// one the panel gave it first.
    pub fn check(&mut self, d: &Dataset) -> Vec<DataIssue> {
        let dir = d
            .input_files
            .first()
            .and_then(|f| f.path.parent())
            .unwrap_or(Path::new(""));
        let mut issues = Vec::new();
        // One problem per series and organisation: its rows share their unit (checked on loading).
        let mut reported: HashSet<&str> = HashSet::new();
        for o in &d.observations {
            match self.0.get(&o.series) {
                Some((unit, file, line)) if *unit != o.unit => {
                    if !reported.insert(&o.series) {
                        continue;
                    }
                    issues.push(DataIssue {
                        file: dir.join(o.file),
                        line: o.line,
                        column: Some((o.unit_column, "unit".to_string())),
                        expected: format!(
                            "series {} in the unit the rest of the panel gives it ('{unit}', {}:{line})",
                            o.series,
                            file.display()
                        ),
                        found: format!("'{}'", o.unit),
                    });
                }
                Some(_) => {}
                None => {
                    self.0.insert(o.series.clone(), (o.unit, dir.join(o.file), o.line));
                }
            }
        }
        issues
    }
}

/// Reads and validates every organisation of a panel, or only `only` (a directory name, else an
/// organisation id).
pub fn load_panel(dir: &Path, only: Option<&str>) -> Result<Vec<Dataset>> {
    let all = members(dir)?;
    let Some(id) = only else {
        return load_members(dir, &all, &mut SeriesUnits::default(), Depth::Full);
    };
    let named: Vec<PathBuf> = all
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n == id))
        .cloned()
        .collect();
    let found: Vec<Dataset> = if named.is_empty() {
        load_members(dir, &all, &mut SeriesUnits::default(), Depth::Full)?
            .into_iter()
            .filter(|d| d.organisation.id == id)
            .collect()
    } else {
        load_members(dir, &named, &mut SeriesUnits::default(), Depth::Full)?
    };
    if found.is_empty() {
        return Err(Error::Other(format!(
            "{}: no organisation {id:?} in this panel",
            dir.display()
        )));
    }
    Ok(found)
}
