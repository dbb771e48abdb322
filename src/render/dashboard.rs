//! The self-contained HTML dashboard, `output/index.html`: KPI cards, the projection answers, the
//! charts by domain (inlined SVG), the audit findings, the tables and the provenance of every
//! figure, in one file that opens from the filesystem and loads nothing from anywhere.
//!
//! Every piece of text that comes from data is escaped with `html_escape`. The bytes depend only
//! on the analysis, the rendered charts and the tables, all handed over in memory and iterated in
//! a fixed order.

use std::borrow::Cow;
use std::fmt::Write as _;

use html_escape::{encode_double_quoted_attribute, encode_text};

use crate::analysis::Analysis;
use crate::audit::{AuditRow, Kind, Verdict};
use crate::compute::NotComputed;
use crate::compute::catalogue::DOMAINS;
use crate::format::grouped;
use crate::render::cards::Card;
use crate::render::charts::{ChartFormat, RenderedChart};
use crate::render::summary::domain_title;
use crate::render::svg_inline::{inline_svg, svg_title};
use crate::render::tables::Table;

/// Appends formatted text to a `String` (which cannot fail).
macro_rules! w {
    ($dst:expr, $($arg:tt)*) => {{
        let _ = write!($dst, $($arg)*);
    }};
}

/// Text content from data, escaped.
fn t(s: &str) -> Cow<'_, str> {
    encode_text(s)
}

/// A double-quoted attribute value from data, escaped.
fn at(s: &str) -> Cow<'_, str> {
    encode_double_quoted_attribute(s)
}

const CSS: &str = r#"
:root{--fg:#1b2230;--muted:#566174;--bg:#f4f6f9;--card:#fff;--line:#d8dde6;--head:#12325a;--accent:#1f5fa8;
--bad:#a61b12;--bad-bg:#fdeceb;--warn:#7a5200;--warn-bg:#fff3d1;--ok:#1d6b35;--ok-bg:#e5f3e9;--info:#3a3f8f;--info-bg:#eceefc}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans",sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
.wrap{max-width:78rem;margin:0 auto;padding:0 1rem}
header.top{background:var(--head);color:#fff;padding:1.4rem 0 1.2rem}
header.top h1{font-size:1.65rem;line-height:1.2;margin:0 0 .35rem}
header.top p{margin:.2rem 0;color:#dfe7f3;max-width:62rem}
header.top a{color:#fff}
nav.toc{background:#fff;border-bottom:1px solid var(--line)}
nav.toc ul{list-style:none;margin:0 auto;padding:.45rem 1rem;display:flex;flex-wrap:wrap;gap:.25rem 1.1rem;max-width:78rem}
nav.toc a{text-decoration:none;font-weight:600;font-size:.92rem}
main section.block{margin:1.6rem 0}
h2{font-size:1.3rem;margin:0 0 .6rem;padding-bottom:.25rem;border-bottom:2px solid var(--line)}
h3{font-size:1.08rem;margin:1.2rem 0 .5rem}
p.lead{margin:.2rem 0 .8rem;color:var(--muted);max-width:62rem}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,19rem),1fr));gap:.8rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:.55rem;padding:.85rem 1rem;display:flex;flex-direction:column;gap:.3rem;min-width:0}
.card h3{font-size:.92rem;margin:0;color:var(--muted);font-weight:600}
.card .value{font-size:2rem;font-weight:700;line-height:1.1;font-variant-numeric:tabular-nums}
.card .unit{font-size:.95rem;font-weight:500;color:var(--muted);margin-left:.3rem}
.card .change{font-size:.92rem}
.card .meta{font-size:.8rem;color:var(--muted);margin-top:auto;overflow-wrap:anywhere}
.answers{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,30rem),1fr));gap:.8rem}
.answer{background:var(--card);border:1px solid var(--line);border-radius:.55rem;padding:.85rem 1rem}
.answer h3{margin:0 0 .4rem;font-size:1rem}
.answer dl{margin:0}
.answer dt{font-weight:600;margin-top:.45rem}
.answer dd{margin:.1rem 0 0}
.answer code,.formula{font-size:.82rem;color:var(--muted)}
.charts{display:grid;grid-template-columns:minmax(0,1fr);gap:1rem}
figure.chart{margin:0;background:#fff;border:1px solid var(--line);border-radius:.55rem;padding:.6rem;min-width:0}
figure.chart svg{display:block;width:100%;max-width:100%;height:auto;margin:0 auto}
@media (min-width:64rem){figure.chart svg{max-width:62.5rem}}
figure.chart figcaption{font-size:.88rem;color:var(--muted);margin-top:.4rem}
.note{background:#fff;border:1px dashed var(--line);border-radius:.55rem;padding:.7rem 1rem;color:var(--muted)}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;background:#fff;border:1px solid var(--line);border-radius:.55rem;max-width:100%}
.scroll.tall{max-height:36rem;overflow-y:auto}
table{border-collapse:collapse;width:100%;font-size:.84rem}
th,td{padding:.35rem .6rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:#e9edf4;position:sticky;top:0;z-index:1;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.wide{min-width:14rem}
.audit-note{display:inline-block;margin-top:.25rem;font-style:italic;color:var(--muted);max-width:40rem}
td.code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.78rem;overflow-wrap:anywhere}
tbody tr:nth-child(even){background:#fafbfd}
.badge{display:inline-block;padding:.05rem .45rem;border-radius:.8rem;font-size:.75rem;font-weight:700;white-space:nowrap;background:#eef1f6;color:var(--muted)}
.v-inconsistent{background:var(--bad-bg);color:var(--bad)}
.v-rounding{background:var(--warn-bg);color:var(--warn)}
.v-consistent{background:var(--ok-bg);color:var(--ok)}
.k-conflict{background:var(--info-bg);color:var(--info)}
ul.counts{list-style:none;padding:0;margin:.2rem 0 .8rem;display:flex;flex-wrap:wrap;gap:.4rem}
.sources{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,24rem),1fr));gap:.8rem}
.source{background:#fff;border:1px solid var(--line);border-radius:.55rem;padding:.8rem 1rem;overflow-wrap:anywhere}
.source h3{margin:0 0 .4rem;font-size:.98rem}
.source dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .8rem;margin:0;font-size:.88rem}
.source dt{color:var(--muted)}
.source dd{margin:0}
.print-only{display:none}
footer{margin:2rem 0 1.5rem;color:var(--muted);font-size:.85rem}
@media (max-width:40rem){
body{font-size:14px}
header.top h1{font-size:1.3rem}
.card .value{font-size:1.7rem}
.wrap{padding:0 .7rem}
}
@media print{
@page{margin:14mm}
body{background:#fff;font-size:9.5pt;color:#000}
nav.toc{display:none}
header.top{background:none;color:#000;border-bottom:2px solid #000;padding:0 0 .5rem}
header.top p,header.top a{color:#000}
.wrap{max-width:none;padding:0}
.scroll,.scroll.tall{overflow:visible;max-height:none;border:none}
th{position:static;background:#eee}
table{font-size:7pt;table-layout:fixed}
th,td{padding:.15rem .25rem;overflow-wrap:anywhere}
th,td.num{white-space:normal}
td.wide{min-width:0}
#tables th:first-child{width:22%}
#tables th:nth-child(2){width:16%}
#table-audit th:nth-child(2){width:30%}
.screen-only{display:none}
.print-only{display:block}
.card,.answer,figure.chart,.source,tr{break-inside:avoid}
h2,h3{break-after:avoid}
.charts{display:block}
figure.chart{margin:0 0 .8rem;border:none;padding:0}
figure.chart svg{max-height:120mm}
a{color:#000;text-decoration:none}
}
"#;

/// The whole page: the cards, projections, charts (inlined SVG), audit, tables, what the data
/// could not fill, and the sources.
pub fn render(
    a: &Analysis,
    cards: &[Card],
    charts: &[RenderedChart],
    tables: &[Table],
    not_computed: &[NotComputed],
) -> String {
    let org = &a.dataset.organisation;
    let title = match a.dataset.definition.report.title.as_str() {
        "" => format!("{}: key indicators", org.short_name),
        t => org.fill(t),
    };
    let mut h = String::with_capacity(256 * 1024);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Nothing may be fetched: no script, no font, no stylesheet, no image from anywhere.
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
    w!(h, "<title>{}</title>\n", t(&title));
    w!(h, "<style>{CSS}</style>\n</head>\n<body>\n");
    header(&mut h, a, &title);
    h.push_str("<nav class=\"toc\" aria-label=\"Sections\"><ul>");
    let projections_title = format!("Projections to {}", a.projections.horizon);
    for (id, label) in [
        ("kpis", "Key indicators"),
        ("projections", projections_title.as_str()),
        ("charts", "Charts"),
        ("audit", "Audit"),
        ("tables", "Tables"),
        ("not-computed", "Not computed"),
        ("provenance", "Sources"),
    ] {
        w!(h, "<li><a href=\"#{id}\">{}</a></li>", t(label));
    }
    h.push_str("</ul></nav>\n<main class=\"wrap\">\n");
    kpis(&mut h, cards);
    projections(&mut h, a);
    charts_section(&mut h, charts);
    audit(&mut h, a);
    tables_section(&mut h, tables);
    missing(&mut h, not_computed);
    provenance(&mut h, a);
    h.push_str("</main>\n<footer class=\"wrap\">\n");
    w!(
        h,
        "<p>Generated by orgmetrics {} from the data files listed above; the same data give the same bytes. \
         <a href=\"manifest.json\">manifest.json</a> lists the SHA-256 of every input and output file; \
         <a href=\"datapackage.json\">datapackage.json</a> describes every table for R, Python and spreadsheets; \
         <a href=\"summary.md\">summary.md</a> has the same findings as text.</p>\n",
        env!("CARGO_PKG_VERSION")
    );
    h.push_str("</footer>\n</body>\n</html>\n");
    h
}

fn header(h: &mut String, a: &Analysis, title: &str) {
    let org = &a.dataset.organisation;
    h.push_str("<header class=\"top\"><div class=\"wrap\">\n");
    w!(h, "<h1>{}</h1>\n", t(title));
    let intro = [
        org.description.as_str(),
        &org.fill(&a.dataset.definition.report.introduction),
    ]
    .iter()
    .filter(|s| !s.is_empty())
    .map(|s| s.to_string())
    .collect::<Vec<_>>()
    .join(" ");
    if !intro.is_empty() {
        w!(h, "<p>{}</p>\n", t(&intro));
    }
    w!(
        h,
        "<p>{} observations from {} source documents; {} indicators; {} stated figures audited.</p>\n",
        a.dataset.observations.len(),
        a.dataset.sources.len(),
        a.computed.rows.len(),
        a.audit.iter().filter(|r| r.kind != Kind::Conflict).count()
    );
    h.push_str("</div></header>\n");
}

/// What the data cannot fill: listed so that a gap is never silent.
fn missing(h: &mut String, not_computed: &[NotComputed]) {
    h.push_str("<section class=\"block\" id=\"not-computed\">\n<h2>Not computed</h2>\n");
    if not_computed.is_empty() {
        h.push_str(
            "<p class=\"lead\">Every item of the report definition was computed from the data.</p>\n</section>\n",
        );
        return;
    }
    h.push_str("<p class=\"lead\">Items of the report definition, claims and chart elements the data cannot fill, left out above, with the reason.</p>\n<ul class=\"missing\">\n");
    for n in not_computed {
        w!(h, "<li><strong>{}</strong>: {}</li>\n", t(&n.item), t(&n.reason));
    }
    h.push_str("</ul>\n</section>\n");
}

fn kpis(h: &mut String, cards: &[Card]) {
    h.push_str("<section class=\"block\" id=\"kpis\">\n<h2>Key indicators</h2>\n");
    h.push_str(
        "<p class=\"lead\">Computed from the data; hover over a card's source line for the data rows it reads. \
         \u{2248}: computed from a figure the document qualifies (around, more than\u{2026}).</p>\n",
    );
    if cards.is_empty() {
        h.push_str("<p class=\"note\">The data give none of the key indicators.</p>\n");
    }
    h.push_str("<div class=\"cards\">\n");
    for c in cards {
        h.push_str("<article class=\"card\">\n");
        w!(h, "<h3>{}</h3>\n", t(&c.title));
        w!(h, "<div class=\"value\">{}", t(&c.value));
        if !c.unit.is_empty() {
            w!(h, "<span class=\"unit\">{}</span>", t(&c.unit));
        }
        h.push_str("</div>\n");
        if let Some(ch) = &c.change {
            w!(h, "<div class=\"change\">{}</div>\n", t(ch));
        }
        let src = &c.source;
        w!(
            h,
            "<div class=\"meta\" title=\"Data rows: {}\">{} \u{b7} Source: {}</div>\n",
            at(&c.inputs),
            t(&c.period),
            t(src)
        );
        h.push_str("</article>\n");
    }
    h.push_str("</div>\n</section>\n");
}

// ---------------------------------------------------------------------------------------------
// Projections

fn projections(h: &mut String, a: &Analysis) {
    let p = &a.projections;
    w!(
        h,
        "<section class=\"block\" id=\"projections\">\n<h2>Projections to {}</h2>\n",
        p.horizon
    );
    if !p.introduction.is_empty() {
        w!(h, "<p class=\"lead\">{}</p>\n", t(&p.introduction));
    }
    let mut questions: Vec<&str> = Vec::new();
    for ans in &p.answers {
        if !questions.contains(&ans.question.as_str()) {
            questions.push(&ans.question);
        }
    }
    if questions.is_empty() {
        h.push_str("<p class=\"note\">No projection could be made from the data.</p>\n");
    }
    h.push_str("<div class=\"answers\">\n");
    for q in questions {
        w!(h, "<article class=\"answer\">\n<h3>{}</h3>\n<dl>\n", t(q));
        for ans in p.answers.iter().filter(|x| x.question == q) {
            w!(h, "<dt>{}</dt>\n<dd>{}", t(ans.method.label()), t(&ans.answer));
            w!(h, "<br><code>{}</code></dd>\n", t(ans.method.describe()));
        }
        h.push_str("</dl>\n</article>\n");
    }
    h.push_str("</div>\n");
    if !p.bases.is_empty() {
        h.push_str(
            "<h3>Points the projections start from</h3>\n<div class=\"scroll\"><table id=\"projection-bases\">\n",
        );
        h.push_str("<thead><tr><th>Series</th><th class=\"num\">From</th><th class=\"num\">To</th><th>Unit</th><th>Data rows</th></tr></thead>\n<tbody>\n");
        for b in &p.bases {
            let d = if b.unit == "persons" { 0 } else { 1 };
            w!(
                h,
                "<tr><td>{}</td><td class=\"num\">{}: {}</td><td class=\"num\">{}: {}</td><td>{}</td><td class=\"wide\">{}</td></tr>\n",
                t(&b.label),
                t(&b.from.label()),
                grouped(b.value0, d),
                t(&b.to.label()),
                grouped(b.value1, d),
                t(&b.unit),
                t(&b.provenance)
            );
        }
        h.push_str("</tbody>\n</table></div>\n");
    }
    h.push_str("</section>\n");
}

// ---------------------------------------------------------------------------------------------
// Charts

/// `workforce_headcount_by_status` → `Workforce headcount by status`.
fn humanise(stem: &str) -> String {
    let s = stem.replace(['_', '-'], " ");
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().collect::<String>() + c.as_str())
}

fn id_of(stem: &str) -> String {
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

fn charts_section(h: &mut String, charts: &[RenderedChart]) {
    h.push_str("<section class=\"block\" id=\"charts\">\n<h2>Charts</h2>\n");
    let svgs: Vec<(&RenderedChart, &[u8])> = charts
        .iter()
        .filter_map(|c| {
            c.files
                .iter()
                .find(|(f, _)| *f == ChartFormat::Svg)
                .map(|(_, b)| (c, b.as_slice()))
        })
        .collect();
    if svgs.is_empty() {
        h.push_str("<p class=\"note\">No chart was rendered in SVG in this run.</p>\n</section>\n");
        return;
    }
    type Group<'a> = (&'a str, Vec<(&'a RenderedChart, &'a [u8])>);
    let mut groups: Vec<Group> = DOMAINS.iter().map(|d| (*d, Vec::new())).collect();
    let mut other = Vec::new();
    for (c, svg) in svgs {
        match groups.iter_mut().find(|(g, _)| *g == c.domain) {
            Some((_, v)) => v.push((c, svg)),
            None => other.push((c, svg)),
        }
    }
    groups.push(("other", other));
    for (domain, list) in groups {
        if list.is_empty() {
            continue;
        }
        let title = if domain == "other" {
            "Other charts"
        } else {
            domain_title(domain)
        };
        w!(h, "<h3 id=\"charts-{domain}\">{title}</h3>\n<div class=\"charts\">\n");
        for (c, svg) in list {
            let src = String::from_utf8_lossy(svg);
            let caption = if c.title.is_empty() {
                svg_title(&src).unwrap_or_else(|| humanise(&c.name))
            } else {
                c.title.clone()
            };
            let id = id_of(&c.name);
            w!(h, "<figure class=\"chart\" id=\"chart-{}\">\n", at(&id));
            match inline_svg(&src, &format!("c-{id}"), &caption) {
                Ok(svg) => {
                    h.push_str(&svg);
                    h.push('\n');
                }
                Err(why) => w!(
                    h,
                    "<p class=\"note\">This chart is not shown inline because {}; open the file instead.</p>\n",
                    t(&why)
                ),
            }
            w!(h, "<figcaption>{} \u{2014} ", t(&caption));
            for (i, (format, _)) in c.files.iter().enumerate() {
                let name = format!("{}.{}", c.name, format.extension());
                let sep = if i > 0 { ", " } else { "" };
                w!(h, "{sep}<a href=\"charts/{}\">{}</a>", at(&name), t(&name));
            }
            h.push_str("</figcaption>\n</figure>\n");
        }
        h.push_str("</div>\n");
    }
    h.push_str("</section>\n");
}

// ---------------------------------------------------------------------------------------------
// Audit

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

fn audit(h: &mut String, a: &Analysis) {
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

// ---------------------------------------------------------------------------------------------
// Tables

fn table_intro(stem: &str) -> String {
    match stem {
        "indicators" => "Every indicator of the catalogue at every period the data allow, with its formula, the computation with its numbers, and the data rows it reads.".into(),
        "projections" => "Year-by-year values of the projected series under each method; <em>observed</em> marks the two points each projection starts from.".into(),
        d if DOMAINS.contains(&d) => format!(
            "{}: one row per series and per single-period indicator, one column per period, then the change and compound annual growth rate between the series' first and last periods.",
            domain_title(d)
        ),
        _ => String::new(),
    }
}

fn looks_numeric(s: &str) -> bool {
    !s.is_empty() && s.parse::<f64>().is_ok_and(f64::is_finite)
}

/// The tables in the order given (domain tables, indicators, projections); the audit table is
/// shown in the audit section.
fn tables_section(h: &mut String, tables: &[Table]) {
    h.push_str("<section class=\"block\" id=\"tables\">\n<h2>Tables</h2>\n");
    h.push_str("<p class=\"lead\">The CSV files under <code>tables/</code>, as written; each heading links to its file. Wide tables scroll sideways.</p>\n");
    let shown: Vec<&Table> = tables.iter().filter(|t| t.name != "audit").collect();
    if shown.is_empty() {
        h.push_str("<p class=\"note\">No table was written.</p>\n");
    }
    for table in shown {
        let name = table.file_name();
        let stem = table.name.as_str();
        let (header, rows) = (&table.header, &table.rows);
        let numeric: Vec<bool> = (0..header.len())
            .map(|i| {
                let mut vals = rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .filter(|v| !v.is_empty())
                    .peekable();
                vals.peek().is_some() && vals.all(|v| looks_numeric(v))
            })
            .collect();
        let code_col = |c: &str| matches!(c, "inputs" | "computation" | "formula" | "basis");
        let id = id_of(stem);
        let title = if DOMAINS.contains(&stem) {
            domain_title(stem).to_string()
        } else {
            humanise(stem)
        };
        w!(
            h,
            "<h3 id=\"tables-{}\"><a href=\"tables/{}\">{}</a> <small>({} rows)</small></h3>\n",
            at(&id),
            at(&name),
            t(&title),
            rows.len()
        );
        let intro = table_intro(stem);
        if !intro.is_empty() {
            w!(h, "<p class=\"lead\">{intro}</p>\n");
        }
        let tall = if rows.len() > 25 { " tall" } else { "" };
        // The long-format tables would fill dozens of printed pages: on paper, a pointer to the file.
        let bulky = matches!(stem, "indicators" | "projections");
        if bulky {
            w!(
                h,
                "<p class=\"print-only\">Not printed ({} rows): see <code>tables/{}</code>.</p>\n",
                rows.len(),
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
        for r in rows {
            h.push_str("<tr>");
            for (i, v) in r.iter().enumerate() {
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

// ---------------------------------------------------------------------------------------------
// Provenance

/// The address in a source's `url` field, when it starts with one (`https://x (PDF y)` → `https://x`).
pub(crate) fn source_address(url: &str) -> Option<&str> {
    let first = url.split_whitespace().next()?;
    (first.starts_with("https://") || first.starts_with("http://")).then_some(first)
}

fn provenance(h: &mut String, a: &Analysis) {
    h.push_str("<section class=\"block\" id=\"provenance\">\n<h2>Sources</h2>\n");
    h.push_str(
        "<p class=\"lead\">Every document a figure was taken from. Each data row names its source and the section \
         (and footnote) it comes from; every output row names its data rows as <code>file:line</code>.</p>\n",
    );
    // In the order of sources.csv, which lists the main document first.
    let sources = &a.dataset.sources;
    h.push_str("<div class=\"sources\">\n");
    for s in sources {
        let rows = a.dataset.observations.iter().filter(|o| o.source == s.id).count();
        let claims = a.dataset.claims.iter().filter(|c| c.source == s.id).count();
        w!(
            h,
            "<article class=\"source\" id=\"source-{}\">\n<h3>{}</h3>\n<dl>\n",
            at(&id_of(&s.id)),
            t(&s.title)
        );
        w!(h, "<dt>Publisher</dt><dd>{}</dd>\n", t(&s.publisher));
        w!(h, "<dt>Date</dt><dd>{}</dd>\n", t(&s.date));
        match source_address(&s.url) {
            Some(addr) => w!(
                h,
                "<dt>Address</dt><dd><a href=\"{}\">{}</a></dd>\n",
                at(addr),
                t(&s.url)
            ),
            None => w!(h, "<dt>Address</dt><dd>{}</dd>\n", t(&s.url)),
        }
        w!(h, "<dt>Document</dt><dd>{}</dd>\n", t(&s.document));
        w!(h, "<dt>Seed file</dt><dd><code>{}</code></dd>\n", t(&s.seed_file));
        w!(h, "<dt>Source id</dt><dd><code>{}</code></dd>\n", t(&s.id));
        w!(
            h,
            "<dt>Used by</dt><dd>{rows} data row{}, {claims} audited claim{}</dd>\n",
            if rows == 1 { "" } else { "s" },
            if claims == 1 { "" } else { "s" }
        );
        h.push_str("</dl>\n</article>\n");
    }
    h.push_str("</div>\n<h3>Input files</h3>\n<ul>\n");
    let mut inputs: Vec<String> = a
        .dataset
        .input_files
        .iter()
        .filter_map(|p| p.file_name().and_then(|n| n.to_str()))
        .map(|n| format!("data/{n}"))
        .collect();
    inputs.sort();
    for i in inputs {
        w!(h, "<li><code>{}</code></li>\n", t(&i));
    }
    h.push_str("</ul>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_addresses_are_only_web_addresses() {
        assert_eq!(
            source_address("https://www.hceres.fr (PDF rapport-inserm.pdf)"),
            Some("https://www.hceres.fr")
        );
        assert_eq!(source_address("javascript:alert(1)"), None);
        assert_eq!(source_address(""), None);
    }
}
