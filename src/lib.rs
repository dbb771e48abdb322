//! orgmetrics: validated datasets, derived indicators, audits, charts and tables from the figures
//! published in assessments of research organisations.
//!
//! Stages, data flowing one way: [`load`] → [`indicators`] → [`audit`] → [`charts`] / [`tables`]
//! → [`report`].

pub mod error;
pub mod load;
pub mod period;
pub mod vocab;
pub mod catalogue;
pub mod format;
pub mod indicators;
pub mod projections;
pub mod charts;
pub mod tables;
pub mod report;
pub mod interval;
pub mod audit;
pub mod dashboard;
pub mod package;
pub mod summary;
