//! Key figures as readers see them: the texts of one card (value, unit, comparison, period,
//! source), shared by the summary's table and the dashboard's cards.

use std::collections::{BTreeMap, BTreeSet};

use crate::compute::key_figures::{Comparison, KeyFigure};
use crate::format::grouped;
use crate::load::Dataset;
use crate::load::definition::Headline;
use crate::load::rowref::Inputs;
use crate::load::vocab::{Unit, ValueUnit};
use crate::render::dated;

/// The texts of one key figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// The domain the figure belongs to (the summary's section).
    pub domain: String,
    /// What the figure is.
    pub title: String,
    /// The headline, with its sign or `≈` where it applies: `8,691`, `+38.3%`.
    pub value: String,
    /// The unit word beside the value (`persons`), empty for percentages and ratios.
    pub unit: String,
    /// The comparison line: `+897 (+11.5%) since 31 Dec 2018`.
    pub change: Option<String>,
    /// The period or periods: `31 Dec 2023`, `31 Dec 2018 → 31 Dec 2023`.
    pub period: String,
    /// The data rows, as `inputs` columns write them.
    pub inputs: String,
    /// Where the inputs were published: `Hcéres (2025-12), VII.3.a fn104`.
    pub source: String,
    /// Whether a period of the card (the figure's or its comparison's) is inferred, and so
    /// marked with [`dated::MARK`]: the card's reader needs [`dated::LEGEND`].
    pub inferred: bool,
    /// Where the organisation stands among its panel's (`5th of 30, 86th percentile…`): empty
    /// unless it is reported in a panel.
    pub peers: Vec<String>,
}

/// An observed value in `unit` for readers: grouped, whole for counts, one decimal otherwise.
pub fn observed(v: f64, unit: ValueUnit) -> String {
    grouped(v, if unit.is_count() { 0 } else { 1 })
}

/// `v` with an explicit sign (+ for positive, − for negative, none for zero at that precision).
pub fn signed(v: f64, decimals: usize) -> String {
    let s = grouped(v, decimals);
    if s.starts_with('\u{2212}') || s.bytes().all(|b| b == b'0' || b == b'.' || b == b',') {
        s
    } else {
        format!("+{s}")
    }
}

/// Decimals for a level read from the data: as written (whole numbers without decimals).
fn level_decimals(v: f64) -> usize {
    if (v - v.round()).abs() < 1e-9 { 0 } else { 1 }
}

/// The symbol written after a number, and the unit word written beside it.
fn unit_suffix(unit: ValueUnit) -> (&'static str, String) {
    match unit {
        ValueUnit::PERCENT => ("%", String::new()),
        ValueUnit::RATIO | ValueUnit::Data(Unit::Index) => ("", String::new()),
        other => ("", other.code().to_string()),
    }
}

/// One line naming where the inputs were published: `Hcéres (2025-12), VII.3.a fn104`.
pub fn source_line(ds: &Dataset, inputs: &Inputs) -> String {
    let mut by_source: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for r in inputs.rows() {
        if let Some(o) = ds.observation(&r) {
            by_source
                .entry(o.source.as_str())
                .or_default()
                .insert(o.locator.as_str());
        }
    }
    by_source
        .into_iter()
        .map(|(id, locs)| {
            let locs: Vec<&str> = locs.into_iter().collect();
            match ds.source(id) {
                Some(s) => format!("{} ({}), {}", s.publisher, s.date, locs.join(", ")),
                None => format!("{id}, {}", locs.join(", ")),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn mark(approx: bool) -> &'static str {
    if approx { "\u{2248}" } else { "" }
}

/// The card of a key figure.
pub fn card(ds: &Dataset, k: &KeyFigure) -> Card {
    let (sym, unit_word) = unit_suffix(k.unit);
    let both = mark(k.approx || k.compare.as_ref().is_some_and(|c| c.approx));
    let base = Card {
        domain: k.domain.clone(),
        title: k.label.clone(),
        value: String::new(),
        unit: unit_word.clone(),
        change: None,
        period: dated::label(&k.at, k.inferred),
        inputs: k.inputs.to_string(),
        source: source_line(ds, &k.inputs),
        inferred: k.inferred || k.compare.as_ref().is_some_and(|c| c.inferred),
        peers: Vec::new(),
    };
    // Each period marked by its own inputs: a comparison may rest on an inferred period while
    // the figure's own is stated.
    let compared = |c: &Comparison| dated::label(&c.at, c.inferred);
    if k.is_indicator {
        return indicator_card(k, base, sym, both);
    }
    match (k.headline, &k.compare) {
        (Headline::Change, Some(c)) => {
            let (first, last) = if c.at.order_key() < k.at.order_key() {
                (
                    (c.value, c.approx, compared(c)),
                    (k.value, k.approx, base.period.clone()),
                )
            } else {
                (
                    (k.value, k.approx, base.period.clone()),
                    (c.value, c.approx, compared(c)),
                )
            };
            let u = if unit_word.is_empty() {
                String::new()
            } else {
                format!(" {unit_word}")
            };
            Card {
                value: c
                    .percent_change
                    .map_or_else(String::new, |p| format!("{both}{}%", signed(p, 1))),
                unit: String::new(),
                change: Some(format!(
                    "{}{}{sym} \u{2192} {}{}{sym}{u}",
                    mark(first.1),
                    grouped(first.0, level_decimals(first.0)),
                    mark(last.1),
                    grouped(last.0, level_decimals(last.0))
                )),
                period: format!("{} \u{2192} {}", first.2, last.2),
                ..base
            }
        }
        (_, compare) => {
            let change = compare.as_ref().map(|c| {
                let pct = c.percent_change.map(|p| format!("{both}{}%", signed(p, 1)));
                if c.at.order_key() < k.at.order_key() {
                    let abs_unit = if sym == "%" { " pp" } else { "" };
                    let d = k.value - c.value;
                    let abs = format!("{both}{}{abs_unit}", signed(d, level_decimals(d)));
                    match pct {
                        Some(p) if sym.is_empty() => format!("{abs} ({p}) since {}", compared(c)),
                        _ => format!("{abs} since {}", compared(c)),
                    }
                } else {
                    let lvl = format!("{}{}{sym}", mark(c.approx), grouped(c.value, level_decimals(c.value)));
                    match pct {
                        Some(p) => format!("{p} to {lvl} in {}", compared(c)),
                        None => format!("{lvl} in {}", compared(c)),
                    }
                }
            });
            Card {
                value: format!("{}{}{sym}", mark(k.approx), grouped(k.value, level_decimals(k.value))),
                change,
                ..base
            }
        }
    }
}

/// The card of an indicator (a share, a ratio): its level, or its change in its own unit
/// (percentage points for a percent), against the other period or subject.
fn indicator_card(k: &KeyFigure, base: Card, sym: &str, both: &str) -> Card {
    let compared = |c: &Comparison| dated::label(&c.at, c.inferred);
    let percent = k.unit == ValueUnit::PERCENT;
    let d = if percent { 1 } else { 2 };
    if let (Headline::Change, Some(change), Some(c)) = (k.headline, k.change(), &k.compare) {
        let ((first, first_approx, from), (last, last_approx, to)) = if c.at.order_key() < k.at.order_key() {
            (
                (c.value, c.approx, compared(c)),
                (k.value, k.approx, base.period.clone()),
            )
        } else {
            (
                (k.value, k.approx, base.period.clone()),
                (c.value, c.approx, compared(c)),
            )
        };
        let value = if percent {
            format!("{both}{} pp", signed(change, 1))
        } else {
            format!("{both}{}", signed(change, d))
        };
        return Card {
            value,
            change: Some(format!(
                "{}{}{sym} \u{2192} {}{}{sym}",
                mark(first_approx),
                grouped(first, d),
                mark(last_approx),
                grouped(last, d)
            )),
            period: format!("{from} \u{2192} {to}"),
            ..base
        };
    }
    let change = k.compare.as_ref().map(|c| {
        let diff = if c.at.order_key() < k.at.order_key() || c.label.is_some() {
            k.value - c.value
        } else {
            c.value - k.value
        };
        let diff = if percent {
            format!("{both}{} pp", signed(diff, 1))
        } else {
            format!("{both}{}", signed(diff, d))
        };
        let other = format!("{}{}{sym}", mark(c.approx), grouped(c.value, d));
        match &c.label {
            Some(l) => format!("{diff} against {other} for {l} ({})", compared(c)),
            None if c.at.order_key() < k.at.order_key() => format!("{diff} since {} ({other})", compared(c)),
            None => format!("{other} in {} ({diff})", compared(c)),
        }
    });
    Card {
        value: format!("{}{}{sym}", mark(k.approx), grouped(k.value, d)),
        change,
        ..base
    }
}

/// The cards of every key figure of the analysis, in the definition's order.
pub fn cards(ds: &Dataset, figures: &[KeyFigure]) -> Vec<Card> {
    figures.iter().map(|k| card(ds, k)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_are_explicit_and_zero_has_none() {
        assert_eq!(signed(2.71, 1), "+2.7");
        assert_eq!(signed(-1234.5, 1), "\u{2212}1,234.5");
        assert_eq!(signed(0.0, 1), "0.0");
    }
}
