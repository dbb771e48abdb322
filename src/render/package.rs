//! The machine-readable package: `datapackage.json` (Frictionless Data Package) describing every
//! table, and `manifest.json` with the SHA-256 of every output and input file.
//!
//! The descriptor's fields are the tables' own columns, with the descriptions each table carries
//! (see [`crate::render::columns`]), so they always match the files.

use std::path::Path;

use serde_json::{Map, Value, json};

use crate::analysis::Analysis;
use crate::error::{Error, Result};
use crate::load::InputFile;
use crate::names::{AUDIT_TABLE, COVERAGE_TABLE, INDICATORS_TABLE, KEY_FIGURES_TABLE, PROJECTIONS_TABLE};
use crate::render::tables::Table;

/// A Frictionless `name`: lowercase letters, digits, `.`, `_`, `-`.
pub fn resource_name(stem: &str) -> String {
    stem.chars()
        .map(|c| c.to_ascii_lowercase())
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// The title and description of table `stem`, for the data package and the workbook.
pub fn table_text(table: &Table, horizon: i32) -> (String, String) {
    if let Some(title) = table.domain_title {
        return (
            format!("Summary table: {title}"),
            "Wide format: one row per series and per single-period indicator of the domain, one column per period (values in the row's unit), then the change and compound annual growth rate between the row's first and last periods, and for projected series the values at the projections' horizon.".into(),
        );
    }
    match table.name.as_str() {
        KEY_FIGURES_TABLE => (
            "Key figures".into(),
            "The report's key figures (the list the summary and the dashboard show), one per row: the value at its period, what it is compared with, where it was published and the data rows it comes from.".into(),
        ),
        INDICATORS_TABLE => (
            "Indicators".into(),
            "Every indicator of the catalogue at every period the data allow, one row per value, with its formula, the computation with its numbers and the data rows it reads. Long format: the unit of each value is in column unit.".into(),
        ),
        PROJECTIONS_TABLE => (
            format!("Projections to {horizon}"),
            "Year-by-year extrapolations of the projected series from two observed points, under each stated method. An extrapolation, not a forecast.".into(),
        ),
        AUDIT_TABLE => (
            "Audit of the documents' figures".into(),
            "Every figure the documents state that the data can recompute, recomputed with interval arithmetic that allows for rounding, and every quantity two passages give different values for.".into(),
        ),
        COVERAGE_TABLE => (
            "What the data record of the documents".into(),
            "Every figure each document prints (numbers, percentages, amounts, ranges, numbers in words), counted by section: recorded by a data row or a claim, not recorded, set aside in out_of_scope.csv with a reason, or excluded by rule (years and dates, section, footnote, list and page numbers, links). Run \u{201c}orgmetrics coverage --list\u{201d} for the figures themselves.".into(),
        ),
        other => (other.replace('_', " "), String::new()),
    }
}

fn schema_fields(t: &Table) -> Vec<Value> {
    t.header
        .iter()
        .zip(&t.columns)
        .map(|(col, spec)| {
            let mut f = Map::new();
            f.insert("name".into(), json!(col));
            f.insert("type".into(), json!(spec.kind));
            f.insert("description".into(), json!(spec.description));
            if let Some(u) = spec.unit {
                f.insert("unit".into(), json!(u));
            }
            if let Some(values) = &spec.values {
                f.insert("constraints".into(), json!({ "enum": values }));
            }
            Value::Object(f)
        })
        .collect()
}

fn to_json(value: &Value) -> Result<Vec<u8>> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| Error::Other(format!("JSON: {e}")))?;
    text.push('\n');
    Ok(text.into_bytes())
}

/// Size and SHA-256 (lowercase hex) of an output file, computed once for the data package and
/// the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDigest {
    /// Its size in bytes.
    pub bytes: usize,
    /// SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
}

impl FileDigest {
    /// The digest of `bytes`.
    pub fn of(bytes: &[u8]) -> FileDigest {
        FileDigest {
            bytes: bytes.len(),
            sha256: sha256_hex(bytes),
        }
    }
}

/// `datapackage.json` describing every table (each with the digest of its CSV file), in
/// file-name order, then the workbook (if one was made) as a non-tabular resource.
pub fn datapackage(a: &Analysis, tables: &[(&Table, &FileDigest)], workbook: Option<&FileDigest>) -> Result<Vec<u8>> {
    let org = &a.dataset.organisation;
    let mut sorted: Vec<&(&Table, &FileDigest)> = tables.iter().collect();
    sorted.sort_by_key(|(t, _)| t.file_name());
    let mut resources = Vec::new();
    for (t, digest) in sorted {
        let (title, description) = table_text(t, a.projections.horizon);
        let mut r = Map::new();
        r.insert("name".into(), json!(resource_name(&t.name)));
        r.insert("path".into(), json!(format!("tables/{}", t.file_name())));
        r.insert("profile".into(), json!("tabular-data-resource"));
        r.insert("title".into(), json!(title));
        if !description.is_empty() {
            r.insert("description".into(), json!(description));
        }
        r.insert("format".into(), json!("csv"));
        r.insert("mediatype".into(), json!("text/csv"));
        r.insert("encoding".into(), json!("utf-8"));
        r.insert("bytes".into(), json!(digest.bytes));
        r.insert("hash".into(), json!(format!("sha256:{}", digest.sha256)));
        r.insert(
            "schema".into(),
            json!({ "fields": schema_fields(t), "missingValues": [""] }),
        );
        resources.push(Value::Object(r));
    }
    if let Some(digest) = workbook {
        // Frictionless 5 reads an xlsx resource as a table unless told otherwise (its first sheet,
        // the About page, is no table); `type` says it is a file, whose size and hash are checked.
        // Data Package v1 allows the property; v2 names only `table`, so the package stays v1.
        resources.push(json!({
            "name": "workbook",
            "type": "file",
            "path": crate::render::workbook::FILE_NAME,
            "title": "Workbook",
            "description": "Every table above as a worksheet (numbers stored as numbers, formatted by unit), the key figures, the sources, and native Excel charts drawn from the workbook's cells. The same values as the CSV files.",
            "format": "xlsx",
            "mediatype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "bytes": digest.bytes,
            "hash": format!("sha256:{}", digest.sha256),
        }));
    }
    // A package with a non-tabular resource is a plain data package.
    let profile = if workbook.is_some() {
        "data-package"
    } else {
        "tabular-data-package"
    };
    // In the order of sources.csv, which lists the main document first.
    let sources: Vec<Value> = a
        .dataset
        .sources
        .iter()
        .map(|s| {
            let mut m = Map::new();
            m.insert("title".into(), json!(s.title));
            if let Some(addr) = crate::render::dashboard::source_address(&s.url) {
                m.insert("path".into(), json!(addr));
            }
            m.insert(
                "description".into(),
                json!(format!(
                    "Published by {}, {}; {} ({}). Source id {} in data/sources.csv.",
                    s.publisher, s.date, s.url, s.document, s.id
                )),
            );
            Value::Object(m)
        })
        .collect();
    let package = json!({
        "profile": profile,
        "name": resource_name(&format!("orgmetrics-{}", org.id)),
        "title": format!("{}: indicators from its assessment", org.short_name),
        "description": format!(
            "Validated figures on the workforce, budget, publications and EU funding of {} ({}) taken from the documents listed in sources, the indicators derived from them, projections and an audit of the figures the documents state. Every row names the data rows (data/*.csv, file:line) it comes from; manifest.json gives the SHA-256 of the inputs that produced these tables. Generated by orgmetrics.",
            org.short_name, org.name
        ),
        "keywords": [org.short_name, "research assessment", "indicators", "workforce", "budget", "bibliometrics"],
        "sources": sources,
        "resources": resources,
    });
    to_json(&package)
}

pub use crate::digest::sha256_hex;

/// The manifest of every output file (path relative to the output directory, and its digest) and
/// every input file (hashed by the load stage as it read them).
pub fn manifest(outputs: &[(&str, &FileDigest)], data_dir: &Path, inputs: &[InputFile]) -> Result<Vec<u8>> {
    let mut sorted: Vec<&(&str, &FileDigest)> = outputs.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let outputs: Vec<Value> = sorted
        .iter()
        .map(|(p, d)| json!({ "path": p, "sha256": d.sha256, "bytes": d.bytes }))
        .collect();
    // Inputs are named as they sit in the project, data/x.csv, whatever directory they were read from.
    let mut named: Vec<(String, &InputFile)> = inputs
        .iter()
        .map(|f| {
            let p = &f.path;
            let rel = p
                .strip_prefix(data_dir)
                .ok()
                .filter(|r| !r.as_os_str().is_empty())
                .map_or_else(
                    || {
                        p.file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default()
                    },
                    |r| {
                        r.components()
                            .map(|c| c.as_os_str().to_string_lossy().into_owned())
                            .collect::<Vec<_>>()
                            .join("/")
                    },
                );
            (format!("data/{rel}"), f)
        })
        .collect();
    named.sort_by(|a, b| a.0.cmp(&b.0));
    let inputs: Vec<Value> = named
        .iter()
        .map(|(n, f)| json!({ "path": n, "sha256": f.sha256, "bytes": f.bytes }))
        .collect();
    let manifest = json!({
        "generator": format!("orgmetrics {}", env!("CARGO_PKG_VERSION")),
        "algorithm": "sha256",
        "outputs": outputs,
        "inputs": inputs,
    });
    to_json(&manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_names_follow_the_pattern() {
        assert_eq!(resource_name("eu_funding"), "eu_funding");
        assert_eq!(resource_name("Some Table"), "some-table");
    }
}
