//! The dashboard's audit section: the claims and conflicts, findings first.

use maud::{Markup, html};

use crate::analysis::Analysis;
use crate::audit::{AuditRow, Kind, Verdict};
use crate::period::Period;
use crate::render::dated;

/// Findings first: inconsistencies, then disagreements that rest on an inferred period, then
/// the other conflicts between passages, then figures
/// right within rounding, then the consistent ones.
fn audit_rank(r: &AuditRow) -> u8 {
    match (r.verdict, r.kind) {
        (Verdict::Inconsistent, _) => 0,
        (Verdict::Uncertain, _) => 1,
        (_, Kind::Conflict) => 2,
        (Verdict::Rounding, _) => 3,
        _ => 4,
    }
}

/// The columns of the audit table, with their class (`num` for right-aligned numbers).
const COLUMNS: [(&str, Option<&str>); 8] = [
    ("Verdict", None),
    ("Figure", None),
    ("Period", None),
    ("Stated", Some("num")),
    ("Recomputed", Some("num")),
    ("Difference", Some("num")),
    ("Unit", None),
    ("Where stated", None),
];

pub(super) fn audit(a: &Analysis) -> Markup {
    let count = |f: &dyn Fn(&AuditRow) -> bool| a.audit.iter().filter(|r| f(r)).count();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let conflicts = count(&|r| r.kind == Kind::Conflict);
    let mut rows: Vec<&AuditRow> = a.audit.iter().collect();
    rows.sort_by_key(|r| audit_rank(r));
    html! {
        section class="block" id="audit" {
            "\n"
            h2 { "Audit of the documents' own figures" } "\n"
            p class="lead" {
                "Every figure the documents state that the data can recompute, recomputed with interval arithmetic \
                 that allows for the rounding of each input; and every quantity two passages give different values for. \
                 Inconsistencies and conflicts first; uncertain: the figures disagree, but the comparison rests on a period \
                 a document does not state. For a conflict, the second value is the other passage's."
            }
            "\n"
            p { (crate::render::audit_table::totals(&a.audit)) "." }
            "\n"
            ul class="counts" {
                @for v in Verdict::ALL {
                    @let n = count(&|r| r.verdict == v);
                    li { span class={ "badge v-" (v.code()) } { (n) " " (v.code()) } }
                }
                li {
                    span class="badge k-conflict" { (conflicts) " conflict" (plural(conflicts)) " between passages" }
                }
            }
            "\n"
            @if a.audit.is_empty() {
                p class="note" {
                    "No figure to audit yet: add the figures the documents state to claims.csv, and pairs of passages \
                     that give the same quantity to report.toml's [[audit.same_quantity]]."
                }
                "\n"
            } @else {
                p {
                    a href="tables/audit.csv" { "tables/audit.csv" }
                    " has every column, with the ranges and data rows."
                }
                "\n"
                div class="scroll" {
                    table id="table-audit" {
                        "\n"
                        thead { tr { @for (c, class) in COLUMNS { th class=[class] { (c) } } } }
                        "\n"
                        tbody {
                            "\n"
                            @for r in rows { (row(r)) "\n" }
                        }
                        "\n"
                    }
                }
                "\n"
                @if a.audit.iter().any(|r| r.inferred) {
                    p class="note" { (dated::LEGEND) } "\n"
                }
            }
        }
        "\n"
    }
}

/// One finding: its verdict and kind, what was stated where, and the recomputed value.
fn row(r: &AuditRow) -> Markup {
    let numbers = crate::render::audit_table::reader_numbers(r);
    // Breaks only at the arrow.
    let unbroken = |p: &Period| p.label().replace(' ', "\u{a0}");
    let mut period = match &r.from {
        None => unbroken(&r.to),
        Some(f) => format!("{} \u{2192} {}", unbroken(f), unbroken(&r.to)),
    };
    // The finding's periods as one: its note says which is inferred.
    if r.inferred {
        period.push_str(dated::MARK);
    }
    let kind_class = if r.kind == Kind::Conflict { " k-conflict" } else { "" };
    let verdict = r.verdict.code();
    html! {
        tr class={ "r-" (verdict) } {
            td {
                span class={ "badge v-" (verdict) } { (verdict) }
                br;
                span class={ "badge" (kind_class) } { (r.kind.code()) }
            }
            td class="wide" {
                strong { (r.id) }
                br;
                span class="formula" { (r.subject) }
                @if !r.note.is_empty() {
                    br;
                    span class="audit-note" { (r.note) }
                }
            }
            td { (period) }
            td class="num" { (numbers[0]) }
            td class="num" { (numbers[1]) }
            td class="num" { (numbers[2]) }
            td { (r.unit) }
            td { (r.locators) }
        }
    }
}
