//! Render stage: turns the analysis into charts, tables, the summary, the dashboard and the
//! data package and the workbook, as bytes in memory; the report stage (`report.rs`) writes them.

pub mod audit_table;
pub mod cards;
pub mod charts;
pub mod columns;
pub mod csv_out;
pub mod dashboard;
pub mod dated;
mod indicator_cells;
pub mod markdown;
pub mod package;
pub mod page_head;
pub mod panel_page;
pub mod panel_rows;
pub mod peers;
pub mod summary;
pub mod svg_inline;
pub mod tables;
pub mod workbook;
