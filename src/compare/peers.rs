//! The panel's key figures, gathered organisation by organisation as a run goes, then summarised
//! once: each figure's distribution, each organisation's place in it, and the panel's median and
//! quartiles of each main series over the years.
//!
//! What is kept grows with the organisations by a few numbers each (a value per key figure, a
//! value per main series and period), never with their indicator rows.

use std::collections::{BTreeMap, HashMap};

use crate::compute::catalogue::{Formula, Indicator};
use crate::compute::indicators::Computed;
use crate::compute::key_figures::KeyFigure;
use crate::load::Dataset;
use crate::load::definition::{Headline, ReportDefinition};
use crate::load::vocab::{Unit, ValueUnit};
use crate::period::Period;

use super::stats::{Place, Quartiles, Ranked};

/// What a key figure's panel value measures, which says how to write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// A level in the figure's unit.
    Level,
    /// A series' percent change.
    PercentChange,
    /// An indicator's difference between two periods, in its unit (percentage points for a
    /// percent).
    Difference,
}

/// A key figure of the definition, as the panel shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Its code (`key_figures.csv`'s column).
    pub code: String,
    /// Its label as the definition writes it (`{org}` not filled in).
    pub label: String,
    /// The unit of its level (the first organisation's that has it).
    pub unit: ValueUnit,
    /// What the panel compares: the level, or the change where the change is the headline.
    pub measure: Measure,
    /// What its change is, where it has one (a series' percent change, an indicator's difference).
    pub change: Measure,
}

impl Figure {
    /// The unit of what the panel compares: percent for a percent change, else the figure's.
    pub fn shown_unit(&self) -> ValueUnit {
        match self.measure {
            Measure::PercentChange => ValueUnit::PERCENT,
            _ => self.unit,
        }
    }
}

/// One organisation's value of one key figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Value {
    /// What the panel compares: the change where it is the headline, else the level.
    pub value: f64,
    /// Its change between two periods (earlier first), where the figure has one.
    pub change: Option<(Period, Period, f64)>,
}

/// What one organisation gives the panel.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgFigures {
    /// Its id (its directory under the output).
    pub id: String,
    /// Its short name.
    pub name: String,
    /// The ids of its comparators (`organisation.toml`): those in the panel are its named peers.
    pub comparators: Vec<String>,
    /// Per key figure of the definition, in its order.
    pub values: Vec<Option<Value>>,
    /// Per main series, its points.
    pub series: Vec<Vec<(Period, f64)>>,
}

/// What one organisation tells of the figures themselves (their units), for the panel to keep
/// from the first that has each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Seen {
    /// Per key figure, what it is, where the organisation has it.
    pub figures: Vec<Option<Figure>>,
    /// Per main series, its unit, where the organisation has it.
    pub units: Vec<Option<Unit>>,
}

/// The main series of a definition: those its key figures name (not a pattern), each once, in
/// the order of the key figures.
pub fn main_series(def: &ReportDefinition) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in def.key_figures.iter().map(toml::Spanned::get_ref) {
        if let Some(s) = k.series.as_ref().filter(|s| !s.contains('*'))
            && !out.contains(s)
        {
            out.push(s.clone());
        }
    }
    out
}

/// Whether the key figures of `def` read catalogue entry `e`: an indicator they name, or the
/// percent change of a series they name (a pattern's `*` standing for any one code). The panel's
/// first pass computes only these.
pub fn read_by_key_figures(def: &ReportDefinition, e: &Indicator) -> bool {
    def.key_figures.iter().map(toml::Spanned::get_ref).any(|k| {
        if k.indicator.as_deref() == Some(e.id) {
            return true;
        }
        match (&e.formula, &k.series) {
            (Formula::PercentChange { series }, Some(pattern)) => matches(pattern, series),
            _ => false,
        }
    })
}

/// Whether `series` is `pattern`, or matches it with its one `*` standing for one code.
fn matches(pattern: &str, series: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == series,
        Some((head, tail)) => {
            series.len() > head.len() + tail.len()
                && series.starts_with(head)
                && series.ends_with(tail)
                && !series[head.len()..series.len() - tail.len()].contains('.')
        }
    }
}

/// What the panel takes of one organisation: its key figures (as `figures` resolved them) and
/// its points of the main `series`.
pub fn gather(
    def: &ReportDefinition,
    series: &[String],
    ds: &Dataset,
    computed: &Computed,
    figures: &[KeyFigure],
) -> (OrgFigures, Seen) {
    let mut values = Vec::new();
    let mut seen = Vec::new();
    for k in def.key_figures.iter().map(toml::Spanned::get_ref) {
        let code = k.code();
        let Some(f) = figures.iter().find(|f| f.code == code) else {
            values.push(None);
            seen.push(None);
            continue;
        };
        let change_measure = if f.is_indicator {
            Measure::Difference
        } else {
            Measure::PercentChange
        };
        let change = f.change().and_then(|v| {
            let c = f.compare.as_ref()?;
            let (a, b) = if c.at.order_key() <= f.at.order_key() {
                (c.at, f.at)
            } else {
                (f.at, c.at)
            };
            Some((a, b, v))
        });
        let headline_change = f.headline == Headline::Change;
        let value = if headline_change { f.change() } else { Some(f.value) };
        values.push(value.filter(|v| v.is_finite()).map(|value| Value { value, change }));
        seen.push(Some(Figure {
            code,
            label: k.label.clone(),
            unit: f.unit,
            measure: if headline_change {
                change_measure
            } else {
                Measure::Level
            },
            change: change_measure,
        }));
    }
    let org = &ds.organisation;
    let units = series.iter().map(|s| computed.series_unit(s)).collect();
    let points = series
        .iter()
        .map(|s| computed.points(s).iter().map(|p| (p.period, p.value)).collect())
        .collect();
    let mine = OrgFigures {
        id: org.id.clone(),
        name: org.short_name.clone(),
        comparators: org.comparators.iter().map(|c| c.id.get_ref().clone()).collect(),
        values,
        series: points,
    };
    (mine, Seen { figures: seen, units })
}

/// The panel's figures as a run gathers them, in the panel's order.
#[derive(Debug, Default)]
pub struct Gathered {
    /// The definition's key figures (None until an organisation has one).
    figures: Vec<Option<Figure>>,
    /// The main series.
    series: Vec<String>,
    /// Their labels (the definition's, else their ids).
    labels: Vec<String>,
    /// Their units (None until an organisation has the series).
    units: Vec<Option<Unit>>,
    /// Per main series, per period, every organisation's value, in the panel's order.
    points: Vec<BTreeMap<Period, Vec<f64>>>,
    /// Each organisation, without its series points (kept above).
    orgs: Vec<OrgFigures>,
}

impl Gathered {
    /// Ready for the organisations of `def`.
    pub fn new(def: &ReportDefinition) -> Gathered {
        let series = main_series(def);
        Gathered {
            figures: vec![None; def.key_figures.len()],
            points: vec![BTreeMap::new(); series.len()],
            // The definition's label of the series, else the label of the first key figure of
            // it (`{org}` as written: the page reads it for the panel), else its id.
            labels: series
                .iter()
                .map(|s| {
                    def.labels.series.get(s).cloned().unwrap_or_else(|| {
                        def.key_figures
                            .iter()
                            .map(toml::Spanned::get_ref)
                            .find(|k| k.series.as_ref() == Some(s))
                            .map_or_else(|| s.clone(), |k| k.label.clone())
                    })
                })
                .collect(),
            units: vec![None; series.len()],
            series,
            orgs: Vec::new(),
        }
    }

    /// The main series gathered.
    pub fn series(&self) -> &[String] {
        &self.series
    }

    /// Adds the next organisation.
    pub fn push(&mut self, (mut org, seen): (OrgFigures, Seen)) {
        for (slot, f) in self.figures.iter_mut().zip(seen.figures) {
            if slot.is_none() {
                *slot = f;
            }
        }
        for (slot, u) in self.units.iter_mut().zip(seen.units) {
            if slot.is_none() {
                *slot = u;
            }
        }
        for (by_period, points) in self.points.iter_mut().zip(std::mem::take(&mut org.series)) {
            for (p, v) in points {
                by_period.entry(p).or_default().push(v);
            }
        }
        self.orgs.push(org);
    }

    /// The summaries.
    pub fn finish(self) -> Panel {
        let ranked = (0..self.figures.len())
            .map(|i| Ranked::new(self.orgs.iter().filter_map(|o| o.values[i].map(|v| v.value))))
            .collect();
        let changes = (0..self.figures.len())
            .map(|i| {
                let mut by_span: BTreeMap<(Period, Period), Vec<f64>> = BTreeMap::new();
                for (a, b, v) in self.orgs.iter().filter_map(|o| o.values[i].and_then(|v| v.change)) {
                    by_span.entry((a, b)).or_default().push(v);
                }
                by_span.into_iter().map(|(k, v)| (k, Ranked::new(v))).collect()
            })
            .collect();
        let bands = self
            .series
            .into_iter()
            .zip(self.labels)
            .zip(self.units)
            .zip(self.points)
            .map(|(((series, label), unit), by_period)| {
                let mut points: Vec<(Period, usize, Quartiles)> = by_period
                    .into_iter()
                    .filter_map(|(p, v)| {
                        let r = Ranked::new(v);
                        Some((p, r.len(), r.quartiles()?))
                    })
                    .collect();
                points.sort_by_key(|(p, _, _)| p.order_key());
                Band {
                    series,
                    label,
                    unit,
                    points,
                }
            })
            .collect();
        let index = self.orgs.iter().enumerate().map(|(i, o)| (o.id.clone(), i)).collect();
        Panel {
            figures: self.figures,
            ranked,
            changes,
            bands,
            orgs: self.orgs,
            index,
        }
    }
}

/// The panel summarised: what its page shows, and what places each organisation in it.
#[derive(Debug)]
pub struct Panel {
    /// The definition's key figures, in its order; None for one no organisation has.
    pub figures: Vec<Option<Figure>>,
    /// Per key figure, the organisations' values.
    pub ranked: Vec<Ranked>,
    /// Per key figure, the organisations' changes, by the two periods they run between.
    pub changes: Vec<BTreeMap<(Period, Period), Ranked>>,
    /// Per main series, the panel's quartiles over the periods.
    pub bands: Vec<Band>,
    /// Every organisation, in the panel's order.
    pub orgs: Vec<OrgFigures>,
    index: HashMap<String, usize>,
}

/// A main series over the panel: per period (in time order), how many organisations have it and
/// their quartiles.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// The series id.
    pub series: String,
    /// Its label.
    pub label: String,
    /// Its unit; None where no organisation has the series.
    pub unit: Option<Unit>,
    /// Period, organisations, quartiles.
    pub points: Vec<(Period, usize, Quartiles)>,
}

/// Organisations with their values of a key figure, in the order listed.
pub type Listed<'a> = Vec<(&'a OrgFigures, f64)>;

/// One organisation's place in one key figure.
#[derive(Debug, Clone, PartialEq)]
pub struct FigurePlace {
    /// Its rank and percentile.
    pub place: Place,
    /// Its value.
    pub value: f64,
    /// The panel's median.
    pub median: f64,
    /// Its change and the median change of the organisations whose change runs between the same
    /// two periods (with their number), where it has one.
    pub change: Option<ChangePlace>,
}

/// An organisation's change beside the panel's over the same two periods.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangePlace {
    /// From, to.
    pub span: (Period, Period),
    /// Its change.
    pub own: f64,
    /// The median change.
    pub median: f64,
    /// Organisations with a change over that span.
    pub of: usize,
}

impl Panel {
    /// How many organisations.
    pub fn len(&self) -> usize {
        self.orgs.len()
    }

    /// Whether it has none.
    pub fn is_empty(&self) -> bool {
        self.orgs.is_empty()
    }

    /// The organisation with this id.
    pub fn org(&self, id: &str) -> Option<&OrgFigures> {
        self.index.get(id).map(|&i| &self.orgs[i])
    }

    /// Where organisation `id` stands on each key figure (None where it has no value).
    pub fn places(&self, id: &str) -> Vec<Option<FigurePlace>> {
        let Some(org) = self.org(id) else {
            return vec![None; self.figures.len()];
        };
        org.values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let v = (*v)?;
                let change = v.change.and_then(|(a, b, own)| {
                    let r = self.changes[i].get(&(a, b))?;
                    Some(ChangePlace {
                        span: (a, b),
                        own,
                        median: r.median()?,
                        of: r.len(),
                    })
                });
                Some(FigurePlace {
                    place: self.ranked[i].place(v.value)?,
                    value: v.value,
                    median: self.ranked[i].median()?,
                    change,
                })
            })
            .collect()
    }

    /// Its comparators that are members of the panel, in the order it lists them.
    pub fn named_peers(&self, id: &str) -> Vec<&OrgFigures> {
        self.org(id)
            .map(|o| {
                o.comparators
                    .iter()
                    .filter(|c| c.as_str() != id)
                    .filter_map(|c| self.org(c))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Key figure `i`'s `n` highest and `n` lowest organisations (fewer when the panel is
    /// small: each organisation in one list only), ties in the panel's order.
    pub fn extremes(&self, i: usize, n: usize) -> (Listed<'_>, Listed<'_>) {
        let mut with: Vec<(&OrgFigures, f64)> = self
            .orgs
            .iter()
            .filter_map(|o| o.values[i].map(|v| (o, v.value)))
            .collect();
        // Stable: ties keep the panel's order.
        with.sort_by(|a, b| b.1.total_cmp(&a.1));
        let top_n = n.min(with.len());
        let bottom_n = n.min(with.len() - top_n);
        let bottom: Vec<(&OrgFigures, f64)> = with[with.len() - bottom_n..].iter().rev().copied().collect();
        with.truncate(top_n);
        (with, bottom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_stands_for_one_code() {
        let p = "share_of_french_publications.organisation.*.fractional";
        assert!(matches(p, "share_of_french_publications.organisation.LS3.fractional"));
        assert!(!matches(p, "share_of_french_publications.organisation.LS.3.fractional"));
        assert!(!matches(p, "share_of_french_publications.organisation..fractional"));
        assert!(matches("staff.all.all", "staff.all.all"));
        assert!(!matches("staff.all.all", "staff.all.support"));
    }
}
