//! The rules every row of a domain file meets, whatever its domain: a value its unit allows, a
//! source that `sources.csv` lists, one unit a series, one row a series and period, no total
//! given beside all its parts. Each row type adds its own (`DomainRow::check`).

use std::collections::{BTreeSet, HashMap, HashSet};

use foldhash::fast::FixedState;

use crate::load::organisation::Organisation;
use crate::load::reader::Reader;
use crate::load::rows::{DomainRow, problem};
use crate::load::vocab::Unit;
use crate::load::{Observation, Reading};
use crate::period::Period;

/// Reads domain file `file` into observations; rows with a problem are left out and reported.
pub(crate) fn read_domain_file<T: DomainRow>(
    reader: &mut Reader,
    file: &'static str,
    sources: &BTreeSet<String>,
    org: &Organisation,
    out: &mut Vec<Observation>,
) {
    let (rows, names) = reader.read::<T>(file, T::COLUMNS, &crate::load::EVIDENCE_COLUMNS);
    let col = |name: &str| names.iter().position(|n| n == name).map(|i| (i + 1, name.to_string()));
    // Each row's series id, built once: the checks below look rows up by it.
    let series: Vec<String> = rows.iter().map(|(_, row)| row.series()).collect();
    // Membership only, never iterated: the order of the problems is the rows'.
    let mut keys: HashMap<(&str, Period), u64, FixedState> = HashMap::default();
    // A series has one unit: every computation and table takes its first row's.
    let mut units: HashMap<&str, (Unit, u64), FixedState> = HashMap::default();
    let present: HashSet<(&str, Period), FixedState> = rows
        .iter()
        .zip(&series)
        .map(|((_, row), s)| (s.as_str(), row.common().period))
        .collect();
    for ((line, row), series) in rows.iter().zip(&series) {
        let c = row.common();
        let mut problems = row.check(org, file);
        let v = c.value.value;
        if v < 0.0 && !row.may_be_negative() {
            problems.push(problem("value", "a non-negative number", format!("{v}")));
        }
        if c.unit == Unit::Percent && !(0.0..=100.0).contains(&v) {
            problems.push(problem("value", "a percentage between 0 and 100", format!("{v}")));
        }
        if c.unit.is_count() && c.value.decimals > 0 {
            problems.push(problem(
                "value",
                format!("a whole number of {}", c.unit),
                format!("{v}"),
            ));
        }
        if !sources.contains(c.source) {
            let found = if c.source.is_empty() {
                "an empty field".to_string()
            } else {
                format!("{:?}", c.source)
            };
            problems.push(problem("source", "a source id listed in sources.csv", found));
        }
        if c.locator.is_empty() {
            problems.push(problem(
                "locator",
                "the section (and footnote) the figure is taken from",
                "an empty field",
            ));
        }
        for parts in row.breakdown() {
            if parts.iter().all(|s| present.contains(&(s.as_str(), c.period))) {
                problems.push(problem(
                    "status",
                    format!(
                        "a total row only where its breakdown ({}) is not also given",
                        parts.join(" + ")
                    ),
                    "both the total and all its parts",
                ));
            }
        }
        // A row whose unit is wrong for its measure says nothing of the series' unit.
        let unit_checked = !problems.iter().any(|p| p.column == "unit");
        match units.get(series.as_str()) {
            _ if !unit_checked => {}
            Some(&(unit, first)) if unit != c.unit => problems.push(problem(
                "unit",
                format!("the unit of series {series}'s other rows ('{unit}', line {first})"),
                format!("'{}'", c.unit),
            )),
            Some(_) => {}
            None => {
                units.insert(series.as_str(), (c.unit, *line));
            }
        }
        let key = (series.as_str(), c.period);
        if let Some(first) = keys.get(&key) {
            problems.push(problem(
                "period",
                format!(
                    "one row per series and period (series {} was given on line {first})",
                    key.0
                ),
                format!("a second row for {}", c.period),
            ));
        } else {
            keys.insert(key, *line);
        }
        if problems.is_empty() {
            out.push(Observation {
                series: series.clone(),
                period: c.period,
                value: v,
                decimals: c.value.decimals,
                unit: c.unit,
                qualifier: c.qualifier,
                source: c.source.to_string(),
                locator: c.locator.to_string(),
                note: c.note.to_string(),
                file,
                line: *line,
                unit_column: col("unit").map_or(0, |(i, _)| i),
                reading: Reading::new(c.written, c.obtained, c.dated, &names),
            });
        }
        for p in problems {
            reader.issue(file, *line, col(p.column), p.expected, p.found);
        }
    }
}
