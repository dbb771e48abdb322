//! The panel's own outputs, under `OUT/panel/`: its page (`index.html`), summary (`summary.md`),
//! the distribution of each key figure (`distributions.csv`) and a workbook. The page shows, for
//! every key figure, its distribution, median and quartiles and the highest and lowest
//! organisations; for every main series, the panel's median and interquartile band over the
//! periods. It shows distributions and extremes, never a row per organisation, so that it stays
//! small however large the panel (the full table is `key_figures.csv` and the workbook).
//!
//! Written with maud, as the dashboard is: every value spliced in is escaped, and the only
//! unescaped text is the shared style sheet.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::compare::Panel;
use crate::compare::peers::{Figure, OrgFigures};
use crate::error::Result;
use crate::render::dashboard::CSS;
use crate::render::peers::{count, panel_label, reader};

mod svg;
mod text;

pub use crate::render::peers::{measure_code, title};
pub use text::{DISTRIBUTION_COLUMNS, distributions_csv, summary};

/// How many of the highest and of the lowest organisations each key figure lists.
pub const EXTREMES: usize = 5;

/// What the panel's page links to.
#[derive(Debug, Clone, Copy)]
pub struct PageOptions {
    /// Each organisation's report is written beside the panel (`../<id>/index.html`): not with
    /// `--panel-only`.
    pub links: bool,
    /// Whether the panel's workbook is written.
    pub workbook: bool,
}

/// The page's own rules, after the dashboard's: the distributions are drawn narrow (their text
/// is sized for it), the extremes side by side where there is room.
const PANEL_CSS: &str = "\
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,30rem),1fr));gap:1rem}\n\
.figure{background:var(--card);border:1px solid var(--line);border-radius:.55rem;padding:.85rem 1rem;min-width:0}\n\
.figure h3{margin:0 0 .3rem;font-size:1rem;overflow-wrap:anywhere}\n\
.figure .stats{margin:.2rem 0 .5rem;font-size:.88rem;font-variant-numeric:tabular-nums}\n\
.panel figure.chart{border:0;padding:0}\n\
.panel figure.chart svg{min-width:0;max-width:40rem}\n\
.extremes{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,13rem),1fr));gap:.2rem 1rem;font-size:.86rem}\n\
.extremes h4{margin:.4rem 0 .1rem;font-size:.86rem;color:var(--muted)}\n\
.extremes ol{margin:0;padding-left:1.4rem}\n\
.extremes li{overflow-wrap:anywhere}\n";

/// The file names and bytes of the panel's outputs.
pub fn render_all(panel: &Panel, opts: &PageOptions) -> Result<Vec<(String, Vec<u8>)>> {
    let mut files = vec![
        ("index.html".to_string(), page(panel, opts).into_bytes()),
        ("summary.md".to_string(), summary(panel, opts).into_bytes()),
        ("distributions.csv".to_string(), distributions_csv(panel)),
    ];
    if opts.workbook {
        files.push((
            crate::render::workbook::FILE_NAME.to_string(),
            crate::render::workbook::panel::render(panel)?,
        ));
    }
    Ok(files)
}

/// What the page says of its conventions.
pub const CONVENTIONS: &str = "Each organisation's figures as its own data resolve the report definition's rules. Median and quartiles are type 7 (R's default quantile); the box spans the first to the third quartile, the red line is the median, the whiskers reach the lowest and highest values. In each organisation's report, rank 1 is the highest value and the percentile is the share of the other organisations with a lower value.";

/// The whole page.
pub fn page(panel: &Panel, opts: &PageOptions) -> String {
    let title = title(panel);
    let bands: Vec<_> = panel.bands.iter().filter(|b| !b.points.is_empty()).collect();
    let page = html! {
        (DOCTYPE) "\n"
        html lang="en" {
            "\n"
            head {
                "\n"
                meta charset="utf-8"; "\n"
                meta name="viewport" content="width=device-width, initial-scale=1"; "\n"
                meta http-equiv="Content-Security-Policy"
                    content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"; "\n"
                title { (title) } "\n"
                style { (PreEscaped(CSS)) (PreEscaped(PANEL_CSS)) } "\n"
            }
            "\n"
            body class="panel" {
                "\n"
                header class="top" {
                    div class="wrap" {
                        "\n"
                        h1 { (title) } "\n"
                        p { (CONVENTIONS) } "\n"
                    }
                }
                "\n"
                nav class="toc" aria-label="Sections" {
                    ul {
                        li { a href="#figures" { "Key figures" } }
                        li { a href="#years" { "Over the years" } }
                        li { a href="#files" { "Files" } }
                    }
                }
                "\n"
                main class="wrap" {
                    "\n"
                    section class="block" id="figures" {
                        "\n"
                        h2 { "Key figures" } "\n"
                        div class="figures" {
                            "\n"
                            @for (i, f) in panel.figures.iter().enumerate() {
                                @if let Some(f) = f {
                                    (figure(panel, i, f, opts))
                                }
                            }
                        }
                        "\n"
                        (not_held(panel))
                    }
                    "\n"
                    section class="block" id="years" {
                        "\n"
                        h2 { "Over the years" } "\n"
                        p class="lead" {
                            "The series of the key figures: at each period, the median of the organisations that have it (line) and the band from their first to their third quartile."
                        }
                        "\n"
                        @if bands.is_empty() {
                            p class="note" { "No organisation has a series of the key figures." } "\n"
                        }
                        div class="figures" {
                            "\n"
                            @for (i, b) in bands.iter().enumerate() {
                                article class="figure" id={ "series-" (i + 1) } {
                                    "\n"
                                    h3 { (panel_label(&b.label)) } "\n"
                                    figure class="chart" { (svg::band(&format!("band-{}", i + 1), b)) "\n" }
                                    "\n"
                                    p class="stats" {
                                        @if let (Some(first), Some(last)) = (b.points.first(), b.points.last()) {
                                            (first.0.label()) ": median " (reader(first.2.median, &b.unit, crate::compare::peers::Measure::Level))
                                            " (" (count(first.1)) " organisations); "
                                            (last.0.label()) ": median " (reader(last.2.median, &b.unit, crate::compare::peers::Measure::Level))
                                            " (" (count(last.1)) "). Unit: " (b.unit) "."
                                        }
                                    }
                                    "\n"
                                }
                                "\n"
                            }
                        }
                        "\n"
                    }
                    "\n"
                    (files(opts))
                }
                "\n"
                footer class="wrap" {
                    p {
                        "Generated by orgmetrics " (env!("CARGO_PKG_VERSION"))
                        "; the same data give the same bytes."
                    }
                    "\n"
                }
                "\n"
            }
            "\n"
        }
        "\n"
    };
    page.into_string()
}

/// One key figure: its numbers, its distribution and its extremes.
fn figure(panel: &Panel, i: usize, f: &Figure, opts: &PageOptions) -> Markup {
    let r = &panel.ranked[i];
    let label = panel_label(&f.label);
    let Some(q) = r.quartiles() else {
        return html! {};
    };
    let v = |x: f64| reader(x, &f.unit, f.measure);
    let (top, bottom) = panel.extremes(i, EXTREMES);
    let id = format!("figure-{}", i + 1);
    html! {
        article class="figure" id=(id) {
            "\n"
            h3 { (label) } "\n"
            p class="stats" {
                "Median " strong { (v(q.median)) } " \u{b7} quartiles " (v(q.q1)) " to " (v(q.q3))
                " \u{b7} " (count(r.len())) " of " (count(panel.len())) " organisations"
                @if !f.shown_unit().is_empty() { " \u{b7} unit: " (f.shown_unit()) }
            }
            "\n"
            figure class="chart" {
                (svg::distribution(&format!("dist-{}", i + 1), &format!("Distribution of {label}"), r, &f.unit, f.measure))
                "\n"
            }
            "\n"
            div class="extremes" {
                div { h4 { "Highest" } (orgs(&top, opts, &v)) }
                @if !bottom.is_empty() {
                    div { h4 { "Lowest" } (orgs(&bottom, opts, &v)) }
                }
            }
            "\n"
        }
        "\n"
    }
}

/// A list of organisations with their values, each linked to its report where one is written.
fn orgs(list: &[(&OrgFigures, f64)], opts: &PageOptions, v: &dyn Fn(f64) -> String) -> Markup {
    html! {
        ol {
            @for (o, x) in list {
                li {
                    @if opts.links {
                        a href={ "../" (o.id) "/index.html" } { (o.name) }
                    } @else {
                        (o.name)
                    }
                    ": " (v(*x))
                }
            }
        }
    }
}

/// The key figures no organisation of the panel has, if any.
fn not_held(panel: &Panel) -> Markup {
    let none: Vec<&Figure> = panel
        .figures
        .iter()
        .zip(&panel.ranked)
        .filter(|(_, r)| r.is_empty())
        .filter_map(|(f, _)| f.as_ref())
        .collect();
    let unnamed = panel.figures.iter().filter(|f| f.is_none()).count();
    html! {
        @if !none.is_empty() || unnamed > 0 {
            p class="note" {
                "Not shown: "
                @for (i, f) in none.iter().enumerate() {
                    @if i > 0 { "; " }
                    (panel_label(&f.label))
                }
                @if unnamed > 0 {
                    @if !none.is_empty() { "; " }
                    (unnamed) " key figure(s) no organisation of the panel has"
                }
                "."
            }
            "\n"
        }
    }
}

fn files(opts: &PageOptions) -> Markup {
    html! {
        section class="block" id="files" {
            "\n"
            h2 { "Files" } "\n"
            ul {
                li { a href="summary.md" { "summary.md" } ": the same figures as text" }
                li { a href="distributions.csv" { "distributions.csv" } ": each key figure's organisations, quartiles, lowest and highest value" }
                li { a href="key_figures.csv" { "key_figures.csv" } ": every organisation's key figures, a row each" }
                li { a href="indicators.csv" { "indicators.csv" } ": every organisation's indicators, long format" }
                @if opts.workbook {
                    li { a href="workbook.xlsx" { "workbook.xlsx" } ": the distributions, every organisation's key figures with its rank and percentile, and the series' quartiles by period" }
                }
            }
            "\n"
        }
        "\n"
    }
}
