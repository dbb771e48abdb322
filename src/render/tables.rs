//! Tables stage: the CSV files under `output/tables/`. Numbers are written with fixed decimals
//! (see [`decimals_for`]) so that the same inputs give the same bytes.

use std::collections::BTreeSet;
use std::path::Path;

use crate::compute::catalogue::{domain_of, series_label};
use crate::compute::indicators::{Computed, IndicatorRow};
use crate::compute::projections::Projections;
use crate::error::{Error, Result};
use crate::format::fixed;

/// Decimals used in the summary tables, by unit. indicators.csv always uses six.
pub fn decimals_for(unit: &str) -> usize {
    match unit {
        "persons" | "projects" => 0,
        "EUR million" | "years" => 1,
        "ratio" => 3,
        _ => 2,
    }
}

pub const INDICATOR_DECIMALS: usize = 6;

pub(crate) fn write_csv(path: &Path, header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(path)
        .map_err(|e| Error::Other(format!("{}: {e}", path.display())))?;
    let err = |e: csv::Error| Error::Other(format!("{}: {e}", path.display()));
    w.write_record(header).map_err(err)?;
    for r in rows {
        w.write_record(&r).map_err(err)?;
    }
    w.flush().map_err(|e| Error::io(path, e))
}

pub const INDICATOR_COLUMNS: [&str; 11] = [
    "indicator",
    "label",
    "domain",
    "subject",
    "from",
    "to",
    "value",
    "unit",
    "formula",
    "computation",
    "inputs",
];

fn indicator_record(r: &IndicatorRow) -> Vec<String> {
    vec![
        r.indicator.to_string(),
        r.label.to_string(),
        r.domain.to_string(),
        r.subject.clone(),
        r.from.clone(),
        r.to.clone(),
        fixed(r.value, INDICATOR_DECIMALS),
        r.unit.to_string(),
        r.formula.clone(),
        r.computation.clone(),
        r.inputs.clone(),
    ]
}

pub fn write_indicators(path: &Path, c: &Computed) -> Result<()> {
    write_csv(path, &INDICATOR_COLUMNS, c.rows.iter().map(indicator_record))
}

pub const PROJECTION_COLUMNS: [&str; 8] = [
    "series", "label", "method", "year", "value", "unit", "observed", "basis",
];

pub fn write_projections(path: &Path, p: &Projections) -> Result<()> {
    let rows = p.rows.iter().map(|r| {
        let basis = p
            .bases
            .iter()
            .find(|b| b.series == r.series)
            .map(|b| b.provenance.clone())
            .unwrap_or_default();
        vec![
            r.series.to_string(),
            r.label.to_string(),
            r.method.id().to_string(),
            r.year.to_string(),
            fixed(r.value, 2),
            r.unit.to_string(),
            r.observed.to_string(),
            basis,
        ]
    });
    write_csv(path, &PROJECTION_COLUMNS, rows)
}

/// A wide row of a domain summary table.
struct WideRow {
    name: String,
    label: String,
    unit: String,
    by_period: Vec<(String, f64)>,
}

/// Per domain: one row per series (data and derived) and per single-period indicator, one column
/// per period, then the percent change and CAGR between the series' first and last periods.
pub fn write_domain_table(path: &Path, domain: &str, c: &Computed, p: &Projections) -> Result<()> {
    let mut rows: Vec<WideRow> = Vec::new();
    let series_ids = c
        .series
        .column("series")
        .and_then(|s| s.str().cloned())
        .map_err(Error::polars("listing series"))?;
    let mut seen = BTreeSet::new();
    for s in series_ids.iter().flatten() {
        if domain_of(s) != domain || !seen.insert(s.to_string()) {
            continue;
        }
        let unit = c.series_unit(s);
        rows.push(WideRow {
            name: s.to_string(),
            label: series_label(s),
            unit,
            by_period: c.series_points(s),
        });
    }
    let mut keyed: Vec<(String, WideRow)> = Vec::new();
    for r in c.rows.iter().filter(|r| r.domain == domain && r.from.is_empty()) {
        let key = format!("{}: {}", r.indicator, r.subject);
        if let Some((_, w)) = keyed.iter_mut().find(|(k, _)| *k == key) {
            w.by_period.push((r.to.clone(), r.value));
        } else {
            keyed.push((
                key.clone(),
                WideRow {
                    name: key,
                    label: r.label.to_string(),
                    unit: r.unit.to_string(),
                    by_period: vec![(r.to.clone(), r.value)],
                },
            ));
        }
    }
    rows.extend(keyed.into_iter().map(|(_, w)| w));
    let periods: BTreeSet<String> = rows
        .iter()
        .flat_map(|r| r.by_period.iter().map(|(p, _)| p.clone()))
        .collect();
    let projected: Vec<&crate::compute::projections::Basis> =
        p.bases.iter().filter(|b| domain_of(b.series) == domain).collect();
    let mut header: Vec<String> = vec!["series".into(), "label".into(), "unit".into()];
    header.extend(periods.iter().cloned());
    header.extend([
        "percent_change_first_to_last (percent)".into(),
        "cagr_first_to_last (percent per year)".into(),
    ]);
    if !projected.is_empty() {
        header.extend(["2035_constant_cagr".into(), "2035_linear_trend".into()]);
    }
    let mut out = Vec::new();
    for r in &rows {
        let d = decimals_for(&r.unit);
        let mut rec = vec![r.name.clone(), r.label.clone(), r.unit.clone()];
        for period in &periods {
            rec.push(
                r.by_period
                    .iter()
                    .find(|(p, _)| p == period)
                    .map(|(_, v)| fixed(*v, d))
                    .unwrap_or_default(),
            );
        }
        let first = r.by_period.first().map(|(p, _)| p.clone()).unwrap_or_default();
        let last = r.by_period.last().map(|(p, _)| p.clone()).unwrap_or_default();
        for ind in ["percent_change", "cagr"] {
            rec.push(
                c.find(ind, &r.name, &first, &last)
                    .map(|x| fixed(x.value, 2))
                    .unwrap_or_default(),
            );
        }
        if !projected.is_empty() {
            for m in crate::compute::projections::Method::ALL {
                let v = p
                    .rows
                    .iter()
                    .find(|x| x.series == r.name && x.method == m && x.year == crate::compute::projections::HORIZON);
                rec.push(v.map(|x| fixed(x.value, d)).unwrap_or_default());
            }
        }
        out.push(rec);
    }
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    write_csv(path, &header_refs, out)
}

pub const AUDIT_COLUMNS: [&str; 17] = [
    "kind",
    "id",
    "subject",
    "from",
    "to",
    "unit",
    "stated",
    "recomputed",
    "difference",
    "stated_low",
    "stated_high",
    "recomputed_low",
    "recomputed_high",
    "interval_gap",
    "verdict",
    "locators",
    "inputs",
];

pub fn audit_record(r: &crate::audit::AuditRow) -> Vec<String> {
    let d = usize::from(r.stated_decimals) + 3;
    vec![
        r.kind.code().to_string(),
        r.id.clone(),
        r.subject.clone(),
        r.from.clone(),
        r.to.clone(),
        r.unit.clone(),
        fixed(r.stated, r.stated_decimals.into()),
        fixed(r.recomputed, d),
        fixed(r.difference(), d),
        fixed(r.stated_range.lo, d),
        fixed(r.stated_range.hi, d),
        fixed(r.recomputed_range.lo, d),
        fixed(r.recomputed_range.hi, d),
        fixed(r.interval_gap(), d),
        r.verdict.code().to_string(),
        r.locators.clone(),
        r.inputs.clone(),
    ]
}

pub fn write_audit(path: &Path, rows: &[crate::audit::AuditRow]) -> Result<()> {
    let mut header: Vec<&str> = AUDIT_COLUMNS.to_vec();
    header.push("note");
    write_csv(
        path,
        &header,
        rows.iter().map(|r| {
            let mut rec = audit_record(r);
            rec.push(r.note.clone());
            rec
        }),
    )
}
