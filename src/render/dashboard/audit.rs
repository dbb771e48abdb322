//! The dashboard's audit section: the claims and conflicts, findings first.

use std::fmt::Write as _;

use super::t;
use crate::analysis::Analysis;
use crate::audit::{AuditRow, Kind, Verdict};

/// Findings first: inconsistencies, then the other conflicts between passages, then figures
/// right within rounding, then the consistent ones.
fn audit_rank(r: &AuditRow) -> u8 {
    match (r.verdict, r.kind) {
        (Verdict::Inconsistent, _) => 0,
        (_, Kind::Conflict) => 1,
        (Verdict::Rounding, _) => 2,
        _ => 3,
    }
}

pub(super) fn audit(h: &mut String, a: &Analysis) {
    h.push_str("<section class=\"block\" id=\"audit\">\n<h2>Audit of the documents' own figures</h2>\n");
    h.push_str(
        "<p class=\"lead\">Every figure the documents state that the data can recompute, recomputed with interval arithmetic \
         that allows for the rounding of each input; and every quantity two passages give different values for. \
         Inconsistencies and conflicts first. For a conflict, the second value is the other passage's.</p>\n",
    );
    let count = |f: &dyn Fn(&AuditRow) -> bool| a.audit.iter().filter(|r| f(r)).count();
    h.push_str("<ul class=\"counts\">");
    for v in [Verdict::Inconsistent, Verdict::Rounding, Verdict::Consistent] {
        let n = count(&|r| r.kind != Kind::Conflict && r.verdict == v);
        w!(
            h,
            "<li><span class=\"badge v-{}\">{n} {} stated figure{}</span></li>",
            v.code(),
            v.code(),
            if n == 1 { "" } else { "s" }
        );
    }
    let n = count(&|r| r.kind == Kind::Conflict);
    w!(
        h,
        "<li><span class=\"badge k-conflict\">{n} conflict{} between passages</span></li>",
        if n == 1 { "" } else { "s" }
    );
    h.push_str("</ul>\n");
    if a.audit.is_empty() {
        h.push_str("<p class=\"note\">The data state no figure to audit.</p>\n</section>\n");
        return;
    }
    let mut rows: Vec<&AuditRow> = a.audit.iter().collect();
    rows.sort_by_key(|r| audit_rank(r));
    h.push_str(
        "<p><a href=\"tables/audit.csv\">tables/audit.csv</a> has every column, with the ranges and data rows.</p>\n",
    );
    h.push_str("<div class=\"scroll tall\"><table id=\"table-audit\">\n<thead><tr>");
    for (c, class) in [
        ("Verdict", ""),
        ("Figure", ""),
        ("Period", ""),
        ("Stated", "num"),
        ("Recomputed", "num"),
        ("Difference", "num"),
        ("Unit", ""),
        ("Where stated", ""),
    ] {
        if class.is_empty() {
            w!(h, "<th>{c}</th>");
        } else {
            w!(h, "<th class=\"{class}\">{c}</th>");
        }
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for r in rows {
        let rec = crate::render::tables::audit_record(r);
        // Breaks only at the arrow.
        let unbroken = |p: &crate::period::Period| p.label().replace(' ', "\u{a0}");
        let period = match &r.from {
            None => unbroken(&r.to),
            Some(f) => format!("{} \u{2192} {}", unbroken(f), unbroken(&r.to)),
        };
        let note = if r.note.is_empty() {
            String::new()
        } else {
            format!("<br><span class=\"audit-note\">{}</span>", t(&r.note))
        };
        let kind_class = if r.kind == Kind::Conflict { " k-conflict" } else { "" };
        w!(
            h,
            "<tr class=\"r-{}\"><td><span class=\"badge v-{}\">{}</span><br><span class=\"badge{kind_class}\">{}</span></td>\
             <td class=\"wide\"><strong>{}</strong><br><span class=\"formula\">{}</span>{}</td><td>{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n",
            r.verdict.code(),
            r.verdict.code(),
            r.verdict.code(),
            r.kind.code(),
            t(&r.id),
            t(&r.subject),
            note,
            t(&period),
            t(&rec[6]),
            t(&rec[7]),
            t(&rec[8]),
            t(&r.unit),
            t(&r.locators),
        );
    }
    h.push_str("</tbody>\n</table></div>\n</section>\n");
}
