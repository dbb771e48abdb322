//! The machine-readable package: `datapackage.json` (Frictionless Data Package) describing every
//! table, and `manifest.json` with the SHA-256 of every output and input file.
//!
//! The descriptor's field lists are read from each CSV's own header row, so they always match
//! the files; types, units and descriptions come from the column names.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use crate::analysis::Analysis;
use crate::error::{Error, Result};
use crate::period::Period;
use crate::report::DOMAINS;

/// Name of the package, as tools will refer to it.
pub const PACKAGE_NAME: &str = "orgmetrics-inserm";

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

/// One field of a table schema.
struct FieldSpec {
    kind: &'static str,
    description: String,
    unit: Option<&'static str>,
    values: Option<&'static [&'static str]>,
}

fn field(kind: &'static str, description: impl Into<String>) -> FieldSpec {
    FieldSpec {
        kind,
        description: description.into(),
        unit: None,
        values: None,
    }
}

const PERIODS: &str = "periods are written YYYY (a year), YYYY-MM-DD (a date, e.g. a headcount at 31 December) or YYYY/YYYY (a range of years, both included)";
const INPUTS: &str =
    "Data rows the value was computed from, as file:line of the files under data/ (line 1 is the header)";

fn indicators_field(col: &str) -> Option<FieldSpec> {
    Some(match col {
        "indicator" => field(
            "string",
            "Catalogue id of the indicator, e.g. contract_staff_ratio, percent_change, cagr",
        ),
        "label" => field("string", "What the indicator measures, in words"),
        "domain" => {
            let mut f = field("string", "Domain of the indicator");
            f.values = Some(&DOMAINS);
            f
        }
        "subject" => field(
            "string",
            "Series the indicator is about: 'numerator / denominator' for shares and ratios, 'a vs b' for a growth gap, a series id otherwise",
        ),
        "from" => field(
            "string",
            format!("Start period of a change; empty for a value at one period; {PERIODS}"),
        ),
        "to" => field("string", "Period of the value, or end period of a change"),
        "value" => field(
            "number",
            "Value of the indicator, in the unit given in column unit (six decimals)",
        ),
        "unit" => field(
            "string",
            "Unit of value: percent, ratio, persons, EUR million, percent per year, percentage points or projects per year",
        ),
        "formula" => field("string", "Formula, with the series it reads"),
        "computation" => field("string", "The formula with the numbers it used"),
        "inputs" => field("string", INPUTS),
        _ => return None,
    })
}

fn projections_field(col: &str) -> Option<FieldSpec> {
    Some(match col {
        "series" => field("string", "Id of the projected series"),
        "label" => field("string", "The projected series, in words"),
        "method" => {
            let mut f = field(
                "string",
                "Extrapolation method: constant_cagr, v(y) = v0 × (v1 / v0)^((y − y0) / (y1 − y0)); linear_trend, v(y) = v0 + (v1 − v0) × (y − y0) / (y1 − y0)",
            );
            f.values = Some(&["constant_cagr", "linear_trend"]);
            f
        }
        "year" => field(
            "integer",
            "Year of the value: the end of this year for staff headcounts, the year itself for average ages",
        ),
        "value" => field(
            "number",
            "Projected value (observed for the two starting points), in the unit given in column unit",
        ),
        "unit" => field("string", "Unit of value: persons or years"),
        "observed" => field(
            "boolean",
            "true for the two observed points each projection starts from",
        ),
        "basis" => field(
            "string",
            "How the two starting points were obtained, with the data rows (file:line)",
        ),
        _ => return None,
    })
}

fn audit_field(col: &str) -> Option<FieldSpec> {
    let number = |d: &str| field("number", format!("{d}, in the unit given in column unit"));
    Some(match col {
        "kind" => {
            let mut f = field(
                "string",
                "claim: a derived figure (growth, share) recomputed from the data; total: a stated total or value checked against its components; conflict: two passages giving different values for the same quantity",
            );
            f.values = Some(&["claim", "total", "conflict"]);
            f
        }
        "id" => field(
            "string",
            "Id of the claim in data/claims.csv; for a conflict, the two things compared and the period",
        ),
        "subject" => field(
            "string",
            "The quantity: a series expression ('a + b') for values and totals, 'indicator: subject' for derived figures",
        ),
        "from" => field(
            "string",
            format!("Start period of a stated change; empty otherwise; {PERIODS}"),
        ),
        "to" => field("string", "Period of the stated figure, or end period of a change"),
        "unit" => field(
            "string",
            "Unit of the stated and recomputed figures and of their ranges",
        ),
        "stated" => number("The figure as the document states it (for a conflict: the first passage's value)"),
        "recomputed" => number("The figure recomputed from the data (for a conflict: the second passage's value)"),
        "difference" => number("recomputed − stated"),
        "stated_low" => number("Lower end of the range the stated figure stands for, given its rounding and qualifier"),
        "stated_high" => {
            number("Upper end of the range the stated figure stands for, given its rounding and qualifier")
        }
        "recomputed_low" => number("Lower end of the range of the recomputed figure, given the rounding of its inputs"),
        "recomputed_high" => {
            number("Upper end of the range of the recomputed figure, given the rounding of its inputs")
        }
        "interval_gap" => number("Distance between the stated and recomputed ranges; 0 when they meet"),
        "verdict" => {
            let mut f = field(
                "string",
                "consistent: the recomputed value is within the stated figure's rounding; rounding: the values differ but their ranges meet; inconsistent: even allowing for rounding and qualifiers both cannot be right",
            );
            f.values = Some(&["consistent", "rounding", "inconsistent"]);
            f
        }
        "locators" => field(
            "string",
            "Where the figure is stated: source id, section and footnote; for a conflict both passages, separated by ' | '",
        ),
        "inputs" => field("string", INPUTS),
        "note" => field("string", "What the document says, or why the figures are compared"),
        _ => return None,
    })
}

/// A period as a reader writes it, for column descriptions.
fn describe_period(col: &str) -> String {
    if let Some((a, b)) = col.split_once('/') {
        format!("the period {a} to {b}")
    } else if col.len() == 10 {
        format!("the date {col}")
    } else {
        format!("the year {col}")
    }
}

fn domain_field(col: &str) -> Option<FieldSpec> {
    Some(match col {
        "series" => field(
            "string",
            "Series id (data or derived series), or 'indicator: subject' for an indicator of one period",
        ),
        "label" => field("string", "The series or indicator, in words"),
        "unit" => field("string", "Unit of this row's period and 2035 columns"),
        "percent_change_first_to_last (percent)" => {
            let mut f = field(
                "number",
                "Percent change between the row's first and last periods; empty for a row with one period",
            );
            f.unit = Some("percent");
            f
        }
        "cagr_first_to_last (percent per year)" => {
            let mut f = field(
                "number",
                "Compound annual growth rate between the row's first and last periods; empty for a row with one period",
            );
            f.unit = Some("percent per year");
            f
        }
        "2035_constant_cagr" => field(
            "number",
            "Value projected for 2035 (end of 2035 for staff) with the growth rate of the two starting points held constant, in the row's unit; empty for a series not projected",
        ),
        "2035_linear_trend" => field(
            "number",
            "Value projected for 2035 (end of 2035 for staff) with the change per year of the two starting points held constant, in the row's unit; empty for a series not projected",
        ),
        c if c.parse::<Period>().is_ok() => field(
            "number",
            format!(
                "Value for {}, in the row's unit; empty when the data give none",
                describe_period(c)
            ),
        ),
        _ => return None,
    })
}

/// The type of a column no rule names, from its values: integer, number, boolean or string.
fn infer(values: &[String]) -> &'static str {
    let present: Vec<&String> = values.iter().filter(|v| !v.is_empty()).collect();
    if present.is_empty() {
        "string"
    } else if present.iter().all(|v| v.parse::<i64>().is_ok()) {
        "integer"
    } else if present.iter().all(|v| v.parse::<f64>().is_ok_and(f64::is_finite)) {
        "number"
    } else if present.iter().all(|v| *v == "true" || *v == "false") {
        "boolean"
    } else {
        "string"
    }
}

fn table_text(stem: &str) -> (String, String) {
    match stem {
        "indicators" => (
            "Indicators".into(),
            "Every indicator of the catalogue at every period the data allow, one row per value, with its formula, the computation with its numbers and the data rows it reads. Long format: the unit of each value is in column unit.".into(),
        ),
        "projections" => (
            "Projections to 2035".into(),
            "Year-by-year extrapolations of permanent and contract staff and of average ages from two observed points, under two stated methods. An extrapolation, not a forecast.".into(),
        ),
        "audit" => (
            "Audit of the documents' figures".into(),
            "Every figure the documents state that the data can recompute, recomputed with interval arithmetic that allows for rounding, and every quantity two passages give different values for.".into(),
        ),
        d if DOMAINS.contains(&d) => (
            format!("Summary table: {}", d.replace('_', " ")),
            "Wide format: one row per series and per single-period indicator of the domain, one column per period (values in the row's unit), then the change and compound annual growth rate between the row's first and last periods, and for projected series the 2035 values.".into(),
        ),
        other => (other.replace('_', " "), String::new()),
    }
}

/// Header row and data rows of a CSV file.
fn read_csv(path: &Path) -> Result<(Vec<String>, Vec<Vec<String>>)> {
    let err = |e: csv::Error| Error::Other(format!("{}: {e}", path.display()));
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .map_err(err)?;
    let header = rdr.headers().map_err(err)?.iter().map(str::to_string).collect();
    let mut rows = Vec::new();
    for r in rdr.records() {
        rows.push(r.map_err(err)?.iter().map(str::to_string).collect());
    }
    Ok((header, rows))
}

fn schema_fields(stem: &str, header: &[String], rows: &[Vec<String>]) -> Vec<Value> {
    header
        .iter()
        .enumerate()
        .map(|(i, col)| {
            let spec = match stem {
                "indicators" => indicators_field(col),
                "projections" => projections_field(col),
                "audit" => audit_field(col),
                d if DOMAINS.contains(&d) => domain_field(col),
                _ => None,
            };
            let spec = spec.unwrap_or_else(|| {
                let values: Vec<String> = rows.iter().map(|r| r.get(i).cloned().unwrap_or_default()).collect();
                field(infer(&values), format!("Column {col}"))
            });
            let mut f = Map::new();
            f.insert("name".into(), json!(col));
            f.insert("type".into(), json!(spec.kind));
            f.insert("description".into(), json!(spec.description));
            if let Some(u) = spec.unit {
                f.insert("unit".into(), json!(u));
            }
            if let Some(values) = spec.values {
                f.insert("constraints".into(), json!({ "enum": values }));
            }
            Value::Object(f)
        })
        .collect()
}

/// CSV files directly under a directory, sorted by name.
fn csv_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let p = entry.map_err(|e| Error::io(dir, e))?.path();
        if p.is_file() && p.extension().is_some_and(|x| x == "csv") {
            files.push(p);
        }
    }
    files.sort();
    Ok(files)
}

fn to_json_file(value: &Value, path: &Path) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| Error::Other(format!("{}: {e}", path.display())))?;
    text.push('\n');
    fs::write(path, text).map_err(|e| Error::io(path, e))
}

/// Writes `datapackage.json` describing every CSV under `tables_dir`.
pub fn write_datapackage(a: &Analysis, tables_dir: &Path, path: &Path) -> Result<()> {
    let mut resources = Vec::new();
    for file in csv_files(tables_dir)? {
        let file_name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let stem = file
            .file_stem()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let (header, rows) = read_csv(&file)?;
        let (title, description) = table_text(&stem);
        let (sha, bytes) = hash_file(&file)?;
        let mut r = Map::new();
        r.insert("name".into(), json!(resource_name(&stem)));
        r.insert("path".into(), json!(format!("tables/{file_name}")));
        r.insert("profile".into(), json!("tabular-data-resource"));
        r.insert("title".into(), json!(title));
        if !description.is_empty() {
            r.insert("description".into(), json!(description));
        }
        r.insert("format".into(), json!("csv"));
        r.insert("mediatype".into(), json!("text/csv"));
        r.insert("encoding".into(), json!("utf-8"));
        r.insert("bytes".into(), json!(bytes));
        r.insert("hash".into(), json!(format!("sha256:{sha}")));
        r.insert(
            "schema".into(),
            json!({ "fields": schema_fields(&stem, &header, &rows), "missingValues": [""] }),
        );
        resources.push(Value::Object(r));
    }
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
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Inserm: indicators from the Hcéres assessment report (December 2025)",
        "description": "Validated figures on Inserm's workforce, budget, publications and EU funding taken from Hcéres' assessment report of Inserm (reference period 2019–2023), the indicators derived from them, projections to 2035 and an audit of the figures the documents state. Every row names the data rows (data/*.csv, file:line) it comes from; manifest.json gives the SHA-256 of the inputs that produced these tables. Generated by orgmetrics.",
        "keywords": ["Inserm", "Hcéres", "research assessment", "indicators", "workforce", "budget", "bibliometrics"],
        "sources": sources,
        "resources": resources,
    });
    to_json_file(&package, path)
}

/// SHA-256 (lowercase hex) and size of a file.
pub fn hash_file(path: &Path) -> Result<(String, u64)> {
    let mut f = fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut bytes = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        bytes += n as u64;
    }
    let digest = hasher.finalize();
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push_str(&format!("{b:02x}"));
    }
    Ok((hex, bytes))
}

/// Every file under `dir`, recursively, as paths relative to `dir` with `/` separators.
fn walk(dir: &Path, rel: &str, out: &mut Vec<String>) -> Result<()> {
    for entry in fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let p = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let r = if rel.is_empty() { name } else { format!("{rel}/{name}") };
        if p.is_dir() {
            walk(&p, &r, out)?;
        } else if p.is_file() {
            out.push(r);
        }
    }
    Ok(())
}

fn entry(display: &str, file: &Path) -> Result<Value> {
    let (sha, bytes) = hash_file(file)?;
    Ok(json!({ "path": display, "sha256": sha, "bytes": bytes }))
}

/// Writes the manifest of every file under `out_dir` (but itself) and every input file.
pub fn write_manifest(out_dir: &Path, data_dir: &Path, inputs: &[PathBuf], path: &Path) -> Result<()> {
    let own = path.strip_prefix(out_dir).ok().map(|p| {
        p.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    });
    let mut files = Vec::new();
    walk(out_dir, "", &mut files)?;
    files.retain(|f| Some(f) != own.as_ref());
    files.sort();
    let outputs = files
        .iter()
        .map(|f| entry(f, &out_dir.join(f)))
        .collect::<Result<Vec<_>>>()?;
    // Inputs are named as they sit in the project, data/x.csv, whatever directory they were read from.
    let mut named: Vec<(String, &PathBuf)> = inputs
        .iter()
        .map(|p| {
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
            (format!("data/{rel}"), p)
        })
        .collect();
    named.sort();
    let inputs = named.iter().map(|(n, p)| entry(n, p)).collect::<Result<Vec<_>>>()?;
    let manifest = json!({
        "generator": format!("orgmetrics {}", env!("CARGO_PKG_VERSION")),
        "algorithm": "sha256",
        "outputs": outputs,
        "inputs": inputs,
    });
    to_json_file(&manifest, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_names_follow_the_pattern() {
        assert_eq!(resource_name("eu_funding"), "eu_funding");
        assert_eq!(resource_name("Some Table"), "some-table");
    }

    #[test]
    fn columns_without_a_rule_are_typed_by_their_values() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(infer(&s(&["1", "", "2"])), "integer");
        assert_eq!(infer(&s(&["1.5", "2"])), "number");
        assert_eq!(infer(&s(&["true", "false"])), "boolean");
        assert_eq!(infer(&s(&["a", "1"])), "string");
        assert_eq!(infer(&s(&["", ""])), "string");
    }

    #[test]
    fn period_columns_of_wide_tables_are_numbers() {
        for c in ["2019", "2018-12-31", "2018/2022"] {
            assert_eq!(domain_field(c).map(|f| f.kind), Some("number"), "{c}");
        }
        assert!(domain_field("something else").is_none());
    }
}
