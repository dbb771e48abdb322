//! Organisations compared within a panel: each key figure's distribution (ranks, percentiles,
//! quartiles: [`stats`]) and each organisation's place in it ([`peers`]). Below the writers: the
//! panel run gathers the figures, the writers read them.

pub mod peers;
pub mod stats;

pub use peers::{Gathered, Panel};
