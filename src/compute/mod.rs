//! Compute stage: the indicator catalogue evaluated over every observation, the index that
//! answers lookups, and the projections.

pub mod catalogue;
pub mod indicators;
pub mod key_figures;
mod plan;
pub mod projections;
mod rows;
mod series;

/// A report item (indicator, key figure, chart or chart element, projection, question, claim)
/// that the data cannot fill, and why. Missing data is a normal state: such items are left out of
/// the outputs and listed, never an error.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct NotComputed {
    /// What was left out, e.g. `key figure "Total budget"` or `chart eu_funding, plot (b)`.
    pub item: String,
    /// Why, e.g. `budget_revenues.total has no value at 2023`.
    pub reason: String,
}

#[cfg(test)]
mod tests;
