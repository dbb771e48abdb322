//! Compute stage: the indicator catalogue evaluated over every observation, the index that
//! answers lookups, and the projections.

pub mod catalogue;
pub mod indicators;
pub mod projections;
