//! The dashboard's section on what the data record of their documents: totals per document, and
//! per section in a folded table.

use maud::{Markup, html};

use crate::analysis::Analysis;
use crate::audit::coverage::Counts;

fn share(n: &Counts) -> String {
    n.recorded_share().map_or("–".to_string(), |s| format!("{s:.0}%"))
}

pub(super) fn coverage(a: &Analysis) -> Markup {
    let c = &a.coverage;
    let total = c.total();
    html! {
        section class="block" id="coverage" {
            "\n"
            h2 { "What the data record of the documents" } "\n"
            p class="lead" {
                "Every figure each document prints (numbers, percentages, amounts, ranges, numbers in words), \
                 and how the data treat it: recorded by a data row or a claim, found as written in the passage \
                 its locator names; set aside with a reason; excluded by rule (years and dates, section, footnote, \
                 list and page numbers, links); or not recorded yet."
            }
            "\n"
            @if c.documents.is_empty() {
                p class="empty" {
                    "No document text was read, so nothing was measured: sources.csv names the plain text of each \
                     document (made with pdftotext -layout) and its SHA-256; with them, this section counts the \
                     documents' figures."
                }
            } @else {
                p { "All documents: " (total.describe()) "; " (share(&total)) " of the figures that are not excluded by rule are recorded." }
                "\n"
                div class="scroll" {
                    table {
                        thead { tr {
                            th { "Document" } th class="num" { "Recorded" } th class="num" { "Not recorded" }
                            th class="num" { "Out of scope" } th class="num" { "Excluded by rule" } th class="num" { "Recorded share" }
                        } }
                        tbody {
                            @for d in &c.documents {
                                tr {
                                    td { code { (d.source) } }
                                    td class="num" { (d.total.recorded) } td class="num" { (d.total.not_recorded) }
                                    td class="num" { (d.total.out_of_scope) } td class="num" { (d.total.excluded) }
                                    td class="num" { (share(&d.total)) }
                                }
                            }
                        }
                    }
                }
                "\n"
                details class="rows" {
                    summary { "By section" }
                    div class="scroll" {
                        table {
                            thead { tr {
                                th { "Document" } th { "Section" } th class="num" { "Recorded" } th class="num" { "Not recorded" }
                                th class="num" { "Out of scope" } th class="num" { "Excluded by rule" }
                            } }
                            tbody {
                                @for d in &c.documents {
                                    @for (s, n) in &d.sections {
                                        tr {
                                            td { code { (d.source) } } td { (s) }
                                            td class="num" { (n.recorded) } td class="num" { (n.not_recorded) }
                                            td class="num" { (n.out_of_scope) } td class="num" { (n.excluded) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                "\n"
                p { "Each figure and its class: " code { "orgmetrics coverage --list" } "; the counts: " a href="tables/coverage.csv" { "tables/coverage.csv" } "." }
            }
            "\n"
        }
        "\n"
    }
}
