//! Key figures: the report definition's `[[key_figures]]`, resolved against the data. One list
//! serves the summary and the dashboard's cards.

use crate::compute::NotComputed;
use crate::compute::indicators::Computed;
use crate::load::Dataset;
use crate::load::definition::{Headline, KeyFigureDef, Select};
use crate::load::rowref::Inputs;
use crate::load::vocab::ValueUnit;
use crate::period::{Period, PeriodRule};

/// A key figure's value at its period, and what it is compared with.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyFigure {
    /// The definition's code for the figure (see [`KeyFigureDef::code`]).
    pub code: String,
    /// The summary's section: a domain of the data files.
    pub domain: String,
    /// What the figure is, the organisation's name filled in.
    pub label: String,
    /// Whether the level or the change is the headline.
    pub headline: Headline,
    /// True for an indicator (a share or ratio), false for the value of a series.
    pub is_indicator: bool,
    /// The value, in `unit`.
    pub value: f64,
    /// The unit of `value` (a series' unit, or the indicator's).
    pub unit: ValueUnit,
    /// The period of `value`, resolved from the definition's rule.
    pub at: Period,
    /// Computed from a figure the document qualifies (around, more than…).
    pub approx: bool,
    /// Computed from a row whose period the document does not state (`dated = inferred`).
    pub inferred: bool,
    /// What the value is compared with, where the definition asks and the data give it.
    pub compare: Option<Comparison>,
    /// The data rows of the value (and of the comparison, after them).
    pub inputs: Inputs,
}

impl KeyFigure {
    /// What a `headline = "change"` figure shows first, from the earlier period to the later: a
    /// series' percent change, an indicator's difference in its own unit (percentage points for
    /// a percent). None for a figure without a comparison with another period.
    pub fn change(&self) -> Option<f64> {
        let c = self.compare.as_ref().filter(|c| c.label.is_none())?;
        if !self.is_indicator {
            return c.percent_change;
        }
        Some(if c.at.order_key() < self.at.order_key() {
            self.value - c.value
        } else {
            c.value - self.value
        })
    }
}

/// The value a key figure is compared with.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The period compared with.
    pub at: Period,
    /// The value then (or of the other subject).
    pub value: f64,
    /// For a series: the percent change between the two periods, earlier to later.
    pub percent_change: Option<f64>,
    /// For another subject: how it is named.
    pub label: Option<String>,
    /// Computed from a figure the document qualifies.
    pub approx: bool,
    /// Computed from a row whose period the document does not state.
    pub inferred: bool,
}

fn approx(ds: &Dataset, inputs: &Inputs) -> bool {
    inputs
        .rows()
        .iter()
        .any(|r| ds.observation(r).is_some_and(|o| o.qualifier.is_some()))
}

/// The figure of `series` at `at`, compared as the definition asks.
fn series_figure(
    ds: &Dataset,
    c: &Computed,
    def: &KeyFigureDef,
    series: &str,
    at: Period,
    label: String,
) -> Result<KeyFigure, String> {
    let p = c
        .point(series, &at)
        .ok_or_else(|| format!("{series} has no value at {at}"))?;
    let mut inputs = p.inputs.clone();
    let compare = match def.compare {
        None => None,
        Some(rule) => {
            let other = rule
                .resolve(&[c.periods(series)])
                .filter(|o| *o != at)
                .and_then(|o| c.point(series, &o));
            match other {
                Some(o) => {
                    let (from, to) = if o.period.order_key() < at.order_key() {
                        (o.period, at)
                    } else {
                        (at, o.period)
                    };
                    inputs = inputs.and(&o.inputs);
                    Some(Comparison {
                        at: o.period,
                        value: o.value,
                        percent_change: c.find("percent_change", series, Some(&from), &to).map(|r| r.value),
                        label: None,
                        approx: approx(ds, &o.inputs),
                        inferred: ds.inferred(&o.inputs),
                    })
                }
                None if def.headline() == Headline::Change => {
                    return Err(format!(
                        "{series} has no second period ({}) to measure a change",
                        rule.for_readers()
                    ));
                }
                None => None,
            }
        }
    };
    if let Some(c) = compare
        .as_ref()
        .filter(|c| c.percent_change.is_none() && def.headline() == Headline::Change)
    {
        return Err(format!(
            "{series} has no percent change between {} and {at} (a range of years is no point in time, \
             and a change from zero has no percent)",
            c.at
        ));
    }
    Ok(KeyFigure {
        code: def.code(),
        domain: def.domain.clone(),
        label,
        headline: def.headline(),
        is_indicator: false,
        value: p.value,
        unit: c
            .series_unit(series)
            .ok_or_else(|| format!("{series} has no unit"))?
            .into(),
        at,
        approx: approx(ds, &p.inputs),
        inferred: ds.inferred(&p.inputs),
        compare,
        inputs,
    })
}

/// The series a pattern's `select` picks: among the codes of `names` whose series the data
/// have, the one with the largest (or smallest) value at the figure's period, resolved over them
/// all (a fixed period: among those that have it); the first in the codes' order on a tie.
/// Returns the series, the period and the label with the member's code and name filled in.
fn selected(ds: &Dataset, c: &Computed, def: &KeyFigureDef, pattern: &str) -> Result<(String, Period, String), String> {
    let (Some(names), Some(select)) = (&def.names, &def.select) else {
        return Err(format!(
            "{pattern} has a `*` but no `names` and `select` to choose a member"
        ));
    };
    let names = *names.get_ref();
    let candidates: Vec<(String, String, Vec<Period>)> = ds
        .codes(names)
        .into_iter()
        .map(|code| {
            let series = pattern.replace('*', &code);
            let periods = c.periods(&series);
            (code, series, periods)
        })
        .filter(|(_, _, periods)| !periods.is_empty())
        .collect();
    if candidates.is_empty() {
        return Err(format!(
            "the data have no series {pattern} for any of {}: add their rows, or list their codes there",
            names.for_readers()
        ));
    }
    let at = match def.at {
        PeriodRule::Fixed(p) => candidates.iter().any(|(_, _, ps)| ps.contains(&p)).then_some(p),
        rule => rule.resolve(&candidates.iter().map(|(_, _, ps)| ps.clone()).collect::<Vec<_>>()),
    }
    .ok_or_else(|| format!(
        "no series matching {pattern} has a value at {}: add their rows to the data, or choose another period in report.toml",
        def.at.for_readers()
    ))?;
    let mut best: Option<(&str, &str, f64)> = None;
    for (code, series, _) in &candidates {
        let Some(p) = c.point(series, &at) else { continue };
        let better = best.is_none_or(|(_, _, v)| match select.get_ref() {
            Select::Largest => p.value > v,
            Select::Smallest => p.value < v,
        });
        if better {
            best = Some((code, series, p.value));
        }
    }
    // The largest of some is not the largest of all: members without a value at that period
    // leave the figure out rather than let another member win by default.
    let lacking: Vec<&str> = candidates
        .iter()
        .filter(|(_, series, _)| c.point(series, &at).is_none())
        .map(|(code, _, _)| code.as_str())
        .collect();
    if !lacking.is_empty() {
        return Err(format!(
            "the data give {} of {pattern} at {} but not {}: add their rows, or choose a period they all have in report.toml",
            candidates.len() - lacking.len(),
            at.label(),
            lacking.join(", ")
        ));
    }
    let (code, series, _) = best.ok_or_else(|| format!("no series matching {pattern} has a value at {at}"))?;
    let label = def
        .label
        .replace("{code}", code)
        .replace("{name}", &ds.code_name(names, code));
    Ok((series.to_string(), at, ds.organisation.fill(&label)))
}

/// One key figure, or why the data cannot give it.
fn key_figure(ds: &Dataset, c: &Computed, def: &KeyFigureDef) -> Result<KeyFigure, String> {
    let label = ds.organisation.fill(&def.label);
    match (&def.series, &def.indicator, &def.subject) {
        (Some(pattern), None, None) if def.is_selection() => {
            let (series, at, label) = selected(ds, c, def, pattern)?;
            series_figure(ds, c, def, &series, at, label)
        }
        (Some(series), None, None) => {
            let at = def
                .at
                .resolve(&[c.periods(series)])
                .ok_or_else(|| ds.no_value(series, &def.at.for_readers()))?;
            series_figure(ds, c, def, series, at, label)
        }
        (None, Some(indicator), Some(subject)) => {
            let rows = c.indicator_points(indicator, subject);
            let periods: Vec<Period> = rows.iter().map(|r| r.to).collect();
            let at = def.at.resolve(std::slice::from_ref(&periods)).ok_or_else(|| {
                format!(
                    "the data give indicator {indicator} of {subject} at no period that is {}: \
                         add rows for {subject} to its data file, or choose another period in report.toml",
                    def.at.for_readers()
                )
            })?;
            let row = c
                .find(indicator, subject, None, &at)
                .ok_or_else(|| format!("indicator {indicator} of {subject} has no value at {at}"))?;
            let mut inputs = row.inputs.clone();
            let other_subject = def.compare_subject.as_deref().unwrap_or(subject);
            let other = match (def.compare, &def.compare_subject) {
                (None, None) => None,
                (rule, _) => {
                    let other_periods: Vec<Period> = c
                        .indicator_points(indicator, other_subject)
                        .iter()
                        .map(|r| r.to)
                        .collect();
                    let rule = rule.unwrap_or(def.at);
                    rule.resolve(&[other_periods])
                        .filter(|o| *o != at || def.compare_subject.is_some())
                        .and_then(|o| c.find(indicator, other_subject, None, &o))
                }
            };
            if def.headline() == Headline::Change && other.is_none() {
                let rule = def.compare.unwrap_or(def.at);
                return Err(format!(
                    "indicator {indicator} of {subject} has no second period ('{rule}') to measure a change"
                ));
            }
            let compare = other.map(|o| {
                inputs = inputs.clone().and(&o.inputs);
                Comparison {
                    at: o.to,
                    value: o.value,
                    percent_change: None,
                    label: def.compare_label.as_ref().map(|l| ds.organisation.fill(l)),
                    approx: approx(ds, &o.inputs),
                    inferred: ds.inferred(&o.inputs),
                }
            });
            Ok(KeyFigure {
                code: def.code(),
                domain: def.domain.clone(),
                label,
                headline: def.headline(),
                is_indicator: true,
                value: row.value,
                unit: row.unit,
                at,
                approx: approx(ds, &row.inputs),
                inferred: ds.inferred(&row.inputs),
                compare,
                inputs,
            })
        }
        _ => Err("a key figure gives either `series`, or `indicator` and `subject`".into()),
    }
}

/// How the list of items not computed names a key figure with this label.
pub fn item(label: &str) -> String {
    format!("key figure \"{label}\"")
}

/// Every key figure the data can give, in the definition's order; the others in `missing`.
pub fn key_figures(ds: &Dataset, c: &Computed, missing: &mut Vec<NotComputed>) -> Vec<KeyFigure> {
    let mut out = Vec::new();
    for def in ds.definition.key_figures.iter().map(toml::Spanned::get_ref) {
        match key_figure(ds, c, def) {
            Ok(k) => out.push(k),
            Err(reason) => missing.push(NotComputed {
                item: item(&ds.organisation.fill(&def.label)),
                reason,
            }),
        }
    }
    out
}
