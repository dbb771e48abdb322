//! The items a panel's organisations could not compute, grouped by item for `report --all`.

use std::collections::{BTreeMap, BTreeSet};

use crate::analysis::Analysis;
use crate::compute::NotComputed;
use crate::compute::key_figures;

/// An item some organisations of a panel cannot fill: how many, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingItem {
    /// The item, as the definition writes it (`{org}` not filled in, so that one item of every
    /// organisation is one entry).
    pub item: String,
    /// Why, for the first organisation (in the panel's order) that misses it.
    pub reason: String,
    /// Organisations that miss it.
    pub organisations: usize,
    /// Of those, the ones whose reason differs from `reason`.
    pub other_reasons: usize,
}

/// The items a panel's organisations miss, grouped by item: memory grows with the items of the
/// definition, not with the organisations.
#[derive(Default)]
pub(super) struct Missing(BTreeMap<String, MissingItem>);

impl Missing {
    /// Counts one organisation's items (each once, however often it is listed).
    pub(super) fn add(&mut self, items: Vec<(String, String)>) {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for (item, reason) in &items {
            if !seen.insert(item) {
                continue;
            }
            match self.0.get_mut(item) {
                Some(m) => {
                    m.organisations += 1;
                    m.other_reasons += usize::from(m.reason != *reason);
                }
                None => {
                    self.0.insert(
                        item.clone(),
                        MissingItem {
                            item: item.clone(),
                            reason: reason.clone(),
                            organisations: 1,
                            other_reasons: 0,
                        },
                    );
                }
            }
        }
    }

    /// The items, the most missed first, then by item.
    pub(super) fn into_sorted(self) -> Vec<MissingItem> {
        let mut v: Vec<MissingItem> = self.0.into_values().collect();
        v.sort_by(|a, b| b.organisations.cmp(&a.organisations).then_with(|| a.item.cmp(&b.item)));
        v
    }
}

/// The items an organisation misses, each named as the definition writes it: a key figure's
/// label with `{org}` rather than the organisation's name, so that the panel counts it once.
pub(super) fn missing_items(a: &Analysis, not_computed: &[NotComputed]) -> Vec<(String, String)> {
    let org = &a.dataset.organisation;
    let figures: Vec<(String, String)> = a
        .dataset
        .definition
        .key_figures
        .iter()
        .map(|k| {
            let label = &k.get_ref().label;
            (key_figures::item(&org.fill(label)), key_figures::item(label))
        })
        .collect();
    not_computed
        .iter()
        .map(|n| {
            let item = figures
                .iter()
                .find(|(filled, _)| *filled == n.item)
                .map_or_else(|| n.item.clone(), |(_, raw)| raw.clone());
            (item, n.reason.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(i, r)| (i.to_string(), r.to_string())).collect()
    }

    #[test]
    fn items_are_counted_once_per_organisation_the_most_missed_first() {
        let mut m = Missing::default();
        m.add(items(&[("b", "no value"), ("b", "no value"), ("c", "none")]));
        m.add(items(&[("b", "another"), ("a", "x")]));
        m.add(items(&[("c", "none")]));
        let sorted = m.into_sorted();
        let got: Vec<(&str, &str, usize, usize)> = sorted
            .iter()
            .map(|i| (i.item.as_str(), i.reason.as_str(), i.organisations, i.other_reasons))
            .collect();
        assert_eq!(got, [("b", "no value", 2, 1), ("c", "none", 2, 0), ("a", "x", 1, 0)]);
    }
}
