//! orgmetrics: validated datasets, derived indicators, audits, charts and tables from the figures
//! published in assessments of research organisations.
//!
//! Stages, data flowing one way: [`load`] → [`indicators`] → [`audit`] → [`charts`] / [`tables`]
//! → [`report`].

pub mod audit;
pub mod catalogue;
pub mod charts;
pub mod dashboard;
pub mod error;
pub mod format;
pub mod indicators;
pub mod interval;
pub mod load;
pub mod package;
pub mod period;
pub mod projections;
pub mod report;
pub mod summary;
pub mod tables;
pub mod vocab;
