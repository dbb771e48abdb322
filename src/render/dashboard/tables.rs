//! The dashboard's tables section: every table, with what it holds and a link to its CSV (and to
//! the workbook).

use std::fmt::Write as _;

use super::{at, humanise, id_of, t};
use crate::render::tables::Table;
use crate::schema::{AUDIT_TABLE, INDICATORS_TABLE, PROJECTIONS_TABLE};

fn table_intro(table: &Table) -> String {
    if let Some(title) = table.domain_title {
        return format!(
            "{title}: one row per series and per single-period indicator, one column per period, then the change and compound annual growth rate between the series' first and last periods."
        );
    }
    match table.name.as_str() {
        INDICATORS_TABLE => "Every indicator of the catalogue at every period the data allow, with its formula, the computation with its numbers, and the data rows it reads.".into(),
        PROJECTIONS_TABLE => "Year-by-year values of the projected series under each method; <em>observed</em> marks the two points each projection starts from.".into(),
        _ => String::new(),
    }
}

fn looks_numeric(s: &str) -> bool {
    !s.is_empty() && s.parse::<f64>().is_ok_and(f64::is_finite)
}

/// The tables in the order given (key figures, domain tables, indicators, projections); the audit
/// table is shown in the audit section.
pub(super) fn tables_section(h: &mut String, tables: &[Table], workbook: Option<&str>) {
    h.push_str("<section class=\"block\" id=\"tables\">\n<h2>Tables</h2>\n");
    h.push_str("<p class=\"lead\">The CSV files under <code>tables/</code>, as written; each heading links to its file. Wide tables scroll sideways.");
    if let Some(b) = workbook {
        w!(
            h,
            " For Excel: <a href=\"{0}\">{0}</a>, every table as a typed worksheet with native charts.",
            t(b)
        );
    }
    h.push_str("</p>\n");
    let shown: Vec<&Table> = tables.iter().filter(|t| t.name != AUDIT_TABLE).collect();
    if shown.is_empty() {
        h.push_str("<p class=\"note\">No table was written.</p>\n");
    }
    for table in shown {
        let name = table.file_name();
        let stem = table.name.as_str();
        let header = &table.header;
        let rows = table.len();
        let numeric: Vec<bool> = (0..header.len())
            .map(|i| {
                let mut vals = (0..rows)
                    .filter_map(|r| table.cell(r, i))
                    .filter(|v| !v.is_empty())
                    .peekable();
                vals.peek().is_some() && vals.all(looks_numeric)
            })
            .collect();
        let code_col = |c: &str| matches!(c, "inputs" | "computation" | "formula" | "basis");
        let id = id_of(stem);
        let title = if let Some(title) = table.domain_title {
            title.to_string()
        } else {
            humanise(stem)
        };
        w!(
            h,
            "<h3 id=\"tables-{}\"><a href=\"tables/{}\">{}</a> <small>({} rows)</small></h3>\n",
            at(&id),
            at(&name),
            t(&title),
            rows
        );
        let intro = table_intro(table);
        if !intro.is_empty() {
            w!(h, "<p class=\"lead\">{intro}</p>\n");
        }
        let tall = if rows > 25 { " tall" } else { "" };
        // The long-format tables would fill dozens of printed pages: on paper, a pointer to the file.
        let bulky = [INDICATORS_TABLE, PROJECTIONS_TABLE].contains(&stem);
        if bulky {
            w!(
                h,
                "<p class=\"print-only\">Not printed ({} rows): see <code>tables/{}</code>.</p>\n",
                rows,
                t(&name)
            );
        }
        w!(
            h,
            "<div class=\"scroll{tall}{}\"><table id=\"table-{}\">\n<thead><tr>",
            if bulky { " screen-only" } else { "" },
            at(&id)
        );
        for (c, num) in header.iter().zip(&numeric) {
            let class = if *num { " class=\"num\"" } else { "" };
            w!(h, "<th{class} scope=\"col\">{}</th>", t(c));
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        for r in 0..rows {
            h.push_str("<tr>");
            for (i, v) in table.row(r).enumerate() {
                let col = header.get(i).map_or("", String::as_str);
                let class = if numeric.get(i).copied().unwrap_or(false) {
                    " class=\"num\""
                } else if code_col(col) {
                    " class=\"code\""
                } else if matches!(col, "label" | "note") {
                    " class=\"wide\""
                } else {
                    ""
                };
                w!(h, "<td{class}>{}</td>", t(v));
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody>\n</table></div>\n");
    }
    h.push_str("</section>\n");
}
