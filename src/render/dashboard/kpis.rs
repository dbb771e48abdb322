//! The dashboard's index of domains and its key indicators, grouped by domain: a report of
//! fifteen domains is read from the index down, not by scrolling.

use maud::{Markup, html};

use super::id_of;
use crate::render::cards::Card;
use crate::render::charts::RenderedChart;
use crate::render::dated;
use crate::render::tables::Table;
use crate::schema::{Domains, NO_DOMAIN};

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One row per domain with something to show: links to its key figures, its charts and its
/// table, each with how many there are.
pub(super) fn domain_index(domains: &Domains, cards: &[Card], charts: &[RenderedChart], tables: &[Table]) -> Markup {
    let rows: Vec<(&str, &str, usize, usize, Option<usize>)> = domains
        .iter()
        .map(|d| {
            let figures = cards.iter().filter(|c| c.domain == d.id).count();
            let drawn = charts.iter().filter(|c| c.domain == d.id).count();
            let table = tables.iter().find(|t| t.name == d.id).map(Table::len);
            (d.id, d.title, figures, drawn, table)
        })
        .filter(|(_, _, f, c, t)| *f > 0 || *c > 0 || t.is_some_and(|n| n > 0))
        .collect();
    html! {
        section class="block" id="domains" {
            "\n"
            h2 { "Domains" } "\n"
            @if rows.is_empty() {
                p class="note" { "No domain has data yet: add rows to the data files." } "\n"
            } @else {
                p class="lead" { "What the report covers, domain by domain: each link goes to the domain's key figures, charts or table." }
                "\n"
                div class="scroll" {
                    table class="index" {
                        thead { tr { th { "Domain" } th { "Key figures" } th { "Charts" } th { "Table" } } }
                        "\n"
                        tbody {
                            @for (id, title, figures, drawn, table) in &rows {
                                tr {
                                    td { (title) }
                                    td { @if *figures > 0 { a href={ "#kpis-" (id) } { (plural(*figures, "figure", "figures")) } } }
                                    td { @if *drawn > 0 { a href={ "#charts-" (id) } { (plural(*drawn, "chart", "charts")) } } }
                                    td { @if let Some(n) = table.filter(|n| *n > 0) {
                                        a href={ "#tables-" (id_of(id)) } { (plural(n, "row", "rows")) }
                                    } }
                                }
                                "\n"
                            }
                        }
                    }
                }
            }
            "\n"
        }
        "\n"
    }
}

/// The key figures, under a heading per domain in the domains' order.
pub(super) fn kpis(cards: &[Card], domains: &Domains, defined: usize) -> Markup {
    let mut groups: Vec<(&str, &str, Vec<&Card>)> = domains
        .iter()
        .map(|d| (d.id, d.title, cards.iter().filter(|c| c.domain == d.id).collect()))
        .collect();
    let other: Vec<&Card> = cards
        .iter()
        .filter(|c| !domains.iter().any(|d| d.id == c.domain))
        .collect();
    groups.push((NO_DOMAIN.0, NO_DOMAIN.1, other));
    html! {
        section class="block" id="kpis" {
            "\n"
            h2 { "Key indicators" } "\n"
            p class="lead" {
                "Computed from the data; open a card's \u{201c}Data rows\u{201d} for the rows of the data files it reads. \
                 \u{2248}: computed from a figure the document qualifies (around, more than\u{2026})."
            }
            "\n"
            @if cards.is_empty() {
                p class="note" {
                    @if defined == 0 {
                        "The report definition (report.toml) names no key figure: add [[key_figures]] tables to show some here."
                    } @else {
                        "None of the " (defined) " key figures of the report definition can be computed from the data yet: "
                        a href="#not-computed" { "Not computed" } " says what each one needs."
                    }
                }
                "\n"
            }
            @for (id, title, list) in groups.iter().filter(|(_, _, l)| !l.is_empty()) {
                h3 id={ "kpis-" (id) } { (title) } "\n"
                div class="cards" {
                    "\n"
                    @for c in list { (card(c)) }
                }
                "\n"
            }
        }
        "\n"
    }
}

fn card(c: &Card) -> Markup {
    html! {
        article class="card" {
            "\n"
            h4 { (c.title) } "\n"
            div class="value" {
                (c.value)
                @if !c.unit.is_empty() {
                    span class="unit" { (c.unit) }
                }
            }
            "\n"
            @if let Some(ch) = &c.change {
                div class="change" { (ch) } "\n"
            }
            div class="meta" {
                (c.period) " \u{b7} Source: " (c.source)
                // On the card itself: on a phone the cards stack, far from any legend.
                @if c.inferred {
                    br;
                    span class="dated" { (dated::LEGEND) }
                }
            }
            "\n"
            @for line in &c.peers {
                div class="change peer" { (line) } "\n"
            }
            // A tap or a click opens it: no hover needed on a touch screen.
            details class="rows" {
                summary { "Data rows" }
                code { (c.inputs) }
            }
            "\n"
        }
        "\n"
    }
}
