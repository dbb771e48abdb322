//! orgmetrics: validated datasets, derived indicators, audits, charts and tables from the figures
//! published in assessments of research organisations.
//!
//! Stages, data flowing one way in memory (see ARCHITECTURE.md):
//! [`load`] → [`compute`] → [`audit`] → [`render`] → [`report`] (which writes `output/`).
//! [`analysis`] holds what the first three produce; the writers below it take typed values.

// Every public item is documented; clippy -D warnings makes a new undocumented one fail CI.
#![warn(missing_docs)]

pub mod allocator;
pub mod analysis;
pub mod audit;
pub mod compare;
pub mod compute;
pub mod digest;
pub mod error;
pub mod format;
pub mod init;
pub mod load;
pub mod names;
pub mod output;
pub mod panel;
pub mod period;
pub mod render;
pub mod report;
pub mod schema;
pub mod synth;
pub mod timings;
