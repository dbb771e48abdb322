//! The names of what a report writes: its tables' file stems, the workbook's own sheets and the
//! output's folders. The writers name their outputs with these; the load stage reads them too, to
//! refuse a declared domain whose id or title would clash with one (`schema::is_reserved_domain_id`,
//! `is_reserved_title`). A leaf module, below both, so that neither stage depends on the other.

/// File stem of the key figures table under `tables/`.
pub const KEY_FIGURES_TABLE: &str = "key_figures";
/// File stem of the indicators table.
pub const INDICATORS_TABLE: &str = "indicators";
/// File stem of the projections table.
pub const PROJECTIONS_TABLE: &str = "projections";
/// File stem of the audit table.
pub const AUDIT_TABLE: &str = "audit";
/// File stem of the table of what the data record of their documents.
pub const COVERAGE_TABLE: &str = "coverage";
/// The report's own tables; each domain adds one named after its id.
pub const REPORT_TABLES: [&str; 5] = [
    KEY_FIGURES_TABLE,
    INDICATORS_TABLE,
    PROJECTIONS_TABLE,
    AUDIT_TABLE,
    COVERAGE_TABLE,
];

/// The workbook's first sheet.
pub const ABOUT_SHEET: &str = "About";
/// The workbook's sheet of charts.
pub const CHARTS_SHEET: &str = "Charts";
/// The workbook's last sheet, the sources.
pub const SOURCES_SHEET: &str = "Sources";
/// The worksheet placing an organisation among the other organisations of its panel.
pub const PEERS_SHEET: &str = "Among peers";

/// Folders of the output a domain's id would clash with (a panel's tables are under `panel/`).
pub const OUTPUT_FOLDERS: [&str; 3] = ["tables", "charts", "panel"];
