//! The self-contained HTML dashboard, `output/index.html`: KPI cards, the projection answers, the
//! charts by domain (inlined SVG), the audit findings, the tables and the provenance of every
//! figure, in one file that opens from the filesystem and loads nothing from anywhere.
//!
//! Every piece of text that comes from data is escaped with `html_escape`. The bytes depend only
//! on the analysis, the chart files and the CSV tables (read from `tables/` beside `index.html`,
//! which the report stage writes first), all iterated in sorted order.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use html_escape::{encode_double_quoted_attribute, encode_text};

use crate::analysis::Analysis;
use crate::audit::{AuditRow, Kind, Verdict};
use crate::error::{Error, Result};
use crate::format::grouped;
use crate::load::Observation;
use crate::report::DOMAINS;

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

/// Writes `index.html` to `path`; the charts already rendered in `charts_dir` are inlined as SVG.
pub fn write_index(a: &Analysis, charts_dir: &Path, path: &Path) -> Result<()> {
    let tables_dir = path
        .parent()
        .map_or_else(|| PathBuf::from("tables"), |p| p.join("tables"));
    let html = render(a, charts_dir, &tables_dir)?;
    fs::write(path, html).map_err(|e| Error::io(path, e))
}

/// The whole page.
fn render(a: &Analysis, charts_dir: &Path, tables_dir: &Path) -> Result<String> {
    let mut h = String::with_capacity(256 * 1024);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Nothing may be fetched: no script, no font, no stylesheet, no image from anywhere.
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
    h.push_str("<title>Inserm: key indicators from the Hc\u{e9}res assessment (December 2025)</title>\n");
    w!(h, "<style>{CSS}</style>\n</head>\n<body>\n");
    header(&mut h, a);
    h.push_str("<nav class=\"toc\" aria-label=\"Sections\"><ul>");
    for (id, label) in [
        ("kpis", "Key indicators"),
        ("projections", "Projections to 2035"),
        ("charts", "Charts"),
        ("audit", "Audit"),
        ("tables", "Tables"),
        ("provenance", "Sources"),
    ] {
        w!(h, "<li><a href=\"#{id}\">{label}</a></li>");
    }
    h.push_str("</ul></nav>\n<main class=\"wrap\">\n");
    kpis(&mut h, a);
    projections(&mut h, a);
    charts(&mut h, charts_dir)?;
    audit(&mut h, a);
    tables(&mut h, tables_dir)?;
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
    Ok(h)
}

fn header(h: &mut String, a: &Analysis) {
    h.push_str("<header class=\"top\"><div class=\"wrap\">\n");
    h.push_str("<h1>Inserm: key indicators from the Hc\u{e9}res assessment</h1>\n");
    h.push_str(
        "<p>Inserm (French National Institute of Health and Medical Research), as assessed by Hc\u{e9}res \
         in its report of December 2025 on the reference period 2019\u{2013}2023. Every figure below is \
         computed from values extracted by hand from the documents, each traced to its section and \
         data row; the audit recomputes the figures the documents state.</p>\n",
    );
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

// ---------------------------------------------------------------------------------------------
// Number and period formatting

/// `v` with an explicit sign (+ for positive, − for negative, none for zero at that precision).
fn signed(v: f64, decimals: usize) -> String {
    let s = grouped(v, decimals);
    if s.starts_with('\u{2212}') || s.bytes().all(|b| b == b'0' || b == b'.' || b == b',') {
        s
    } else {
        format!("+{s}")
    }
}

/// Decimals for a level read from the data: as written (whole numbers without decimals).
fn level_decimals(v: f64) -> usize {
    if (v - v.round()).abs() < 1e-9 { 0 } else { 1 }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A period as a reader writes it: `31 Dec 2023`, `2018–2022`, `2023`.
fn period_label(p: &str) -> String {
    if let Some((from, to)) = p.split_once('/') {
        return format!("{}\u{2013}{}", period_label(from), period_label(to));
    }
    let parts: Vec<&str> = p.split('-').collect();
    if let [y, m, d] = parts[..]
        && let (Ok(m), Ok(d)) = (m.parse::<usize>(), d.parse::<u32>())
        && (1..=12).contains(&m)
    {
        return format!("{d} {} {y}", MONTHS[m - 1]);
    }
    p.to_string()
}

fn unit_suffix(unit: &str) -> (&'static str, String) {
    match unit {
        "percent" => ("%", String::new()),
        "EUR million" => ("", "EUR million".into()),
        "persons" => ("", "persons".into()),
        "projects" => ("", "projects".into()),
        other => ("", other.to_string()),
    }
}

// ---------------------------------------------------------------------------------------------
// KPI cards

struct Card {
    title: &'static str,
    value: String,
    unit: String,
    change: Option<String>,
    period: String,
    inputs: String,
}

/// Reads cards' values from the computed indicators and series, and their sources from the rows.
struct Kpis<'a> {
    a: &'a Analysis,
}

impl Kpis<'_> {
    fn c(&self) -> &crate::compute::indicators::Computed {
        &self.a.computed
    }

    /// `≈` when a figure is computed from a value the document qualifies (around, more than…).
    fn approx(&self, inputs: &str) -> &'static str {
        if observations_of(self.a, inputs).iter().any(|o| o.qualifier.is_some()) {
            "\u{2248}"
        } else {
            ""
        }
    }

    /// The value of a series at `at`; the change from (or to) `cmp`.
    fn level(&self, title: &'static str, series: &str, at: &str, cmp: Option<&str>) -> Option<Card> {
        let (v, inputs) = self.c().series_value(series, at)?;
        let unit = self.c().series_unit(series);
        let (sym, unit_word) = unit_suffix(&unit);
        let value = format!("{}{}{sym}", self.approx(&inputs), grouped(v, level_decimals(v)));
        let mut inputs = inputs;
        let change = cmp.and_then(|cmp| {
            let (v2, i2) = self.c().series_value(series, cmp)?;
            inputs = format!("{inputs}; {i2}");
            let (from, to) = if cmp < at { (cmp, at) } else { (at, cmp) };
            let pct = self.c().find("percent_change", series, from, to).map(|r| r.value);
            let both = self.approx(&inputs);
            let pct = pct.map(|p| format!("{both}{}%", signed(p, 1)));
            Some(if cmp < at {
                let abs_unit = if sym == "%" { " pp" } else { "" };
                let abs = format!("{both}{}{abs_unit}", signed(v - v2, level_decimals(v - v2)));
                match pct {
                    Some(p) if sym.is_empty() => format!("{abs} ({p}) since {}", period_label(cmp)),
                    _ => format!("{abs} since {}", period_label(cmp)),
                }
            } else {
                let lvl = format!("{}{}{sym}", self.approx(&i2), grouped(v2, level_decimals(v2)));
                match pct {
                    Some(p) => format!("{p} to {lvl} in {}", period_label(cmp)),
                    None => format!("{lvl} in {}", period_label(cmp)),
                }
            })
        });
        Some(Card {
            title,
            value,
            unit: unit_word,
            change,
            period: period_label(at),
            inputs,
        })
    }

    /// The percent change of a series between two periods; the two levels as its change line.
    fn growth(&self, title: &'static str, series: &str, from: &str, to: &str) -> Option<Card> {
        let row = self.c().find("percent_change", series, from, to)?;
        let unit = self.c().series_unit(series);
        let (sym, unit_word) = unit_suffix(&unit);
        let change = match (self.c().series_value(series, from), self.c().series_value(series, to)) {
            (Some((v0, i0)), Some((v1, i1))) => {
                let u = if unit_word.is_empty() {
                    String::new()
                } else {
                    format!(" {unit_word}")
                };
                Some(format!(
                    "{}{}{sym} \u{2192} {}{}{sym}{u}",
                    self.approx(&i0),
                    grouped(v0, level_decimals(v0)),
                    self.approx(&i1),
                    grouped(v1, level_decimals(v1))
                ))
            }
            _ => None,
        };
        Some(Card {
            title,
            value: format!("{}{}%", self.approx(&row.inputs), signed(row.value, 1)),
            unit: String::new(),
            change,
            period: format!("{} \u{2192} {}", period_label(from), period_label(to)),
            inputs: row.inputs.clone(),
        })
    }

    /// A share or ratio indicator at `to`; compared with the same indicator of `cmp_subject` at
    /// `cmp_to`, described as `cmp_label` (or by its period when none).
    fn indicator(
        &self,
        title: &'static str,
        id: &str,
        subject: &str,
        to: &str,
        cmp: Option<(&str, &str, Option<&str>)>,
    ) -> Option<Card> {
        let row = self.c().find(id, subject, "", to)?;
        let percent = row.unit == "percent";
        let (d, sym, unit) = if percent {
            (1, "%", String::new())
        } else {
            (2, "", row.unit.to_string())
        };
        let mut inputs = row.inputs.clone();
        let change = cmp.and_then(|(s2, p2, label)| {
            let r2 = self.c().find(id, s2, "", p2)?;
            inputs = format!("{inputs}; {}", r2.inputs);
            let diff = if p2 < to {
                row.value - r2.value
            } else {
                r2.value - row.value
            };
            let diff = if percent {
                format!("{} pp", signed(diff, 1))
            } else {
                signed(diff, d)
            };
            let diff = format!("{}{diff}", self.approx(&inputs));
            let other = format!("{}{}{sym}", self.approx(&r2.inputs), grouped(r2.value, d));
            Some(match label {
                Some(l) => format!("{diff} against {other} for {l} ({})", period_label(p2)),
                None if p2 < to => format!("{diff} since {} ({other})", period_label(p2)),
                None => format!("{other} in {} ({diff})", period_label(p2)),
            })
        });
        Some(Card {
            title,
            value: format!("{}{}{sym}", self.approx(&row.inputs), grouped(row.value, d)),
            unit,
            change,
            period: period_label(to),
            inputs,
        })
    }
}

/// Row references (`workforce.csv:5`) in an `inputs` text, and the observations they name.
fn observations_of<'a>(a: &'a Analysis, inputs: &str) -> Vec<&'a Observation> {
    let mut out: Vec<&Observation> = Vec::new();
    for r in inputs.split([',', ';']).map(str::trim).filter(|r| !r.is_empty()) {
        if let Some(o) = a.dataset.observations.iter().find(|o| o.row_ref() == r)
            && !out.iter().any(|x| std::ptr::eq(*x, o))
        {
            out.push(o);
        }
    }
    out
}

/// One line naming where a figure's inputs were published: `Hcéres (2025-12), VII.3.a fn104`.
fn source_line(a: &Analysis, inputs: &str) -> String {
    let mut by_source: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for o in observations_of(a, inputs) {
        by_source
            .entry(o.source.as_str())
            .or_default()
            .insert(o.locator.as_str());
    }
    let parts: Vec<String> = by_source
        .into_iter()
        .map(|(id, locs)| {
            let locs: Vec<&str> = locs.into_iter().collect();
            match a.dataset.source(id) {
                Some(s) => format!("{} ({}), {}", s.publisher, s.date, locs.join(", ")),
                None => format!("{id}, {}", locs.join(", ")),
            }
        })
        .collect();
    parts.join("; ")
}

fn kpis(h: &mut String, a: &Analysis) {
    let k = Kpis { a };
    let contract = "staff.contract.all / staff.all.all";
    let subsidy = "budget_revenues.state_subsidy / budget_revenues.total";
    let he = "eu.horizon_europe.coordinations / eu.horizon_europe.participations";
    let h2020 = "eu.horizon_2020.coordinations / eu.horizon_2020.participations";
    let cards: Vec<Card> = [
        k.level(
            "Inserm staff (headcount)",
            "staff.all.all",
            "2023-12-31",
            Some("2018-12-31"),
        ),
        k.indicator(
            "Contract staff, share of all staff",
            "contract_staff_ratio",
            contract,
            "2023-12-31",
            Some((contract, "2018-12-31", None)),
        ),
        k.growth(
            "Growth of contract staff",
            "staff.contract.all",
            "2018-12-31",
            "2023-12-31",
        ),
        k.growth(
            "Growth of permanent staff",
            "staff.permanent.all",
            "2018-12-31",
            "2023-12-31",
        ),
        k.indicator(
            "State subsidy, share of the total budget",
            "share_of_total_budget",
            subsidy,
            "2023",
            Some((subsidy, "2025", None)),
        ),
        k.level("Total budget", "budget_revenues.total", "2023", Some("2025")),
        k.level(
            "Inserm's share of French life-sciences publications (fractional count)",
            "share_of_french_publications.inserm.LS.fractional",
            "2018/2022",
            None,
        ),
        k.growth(
            "Growth of European funding (section V.1)",
            "eu.all.european_funding",
            "2019",
            "2023",
        ),
        k.indicator(
            "Horizon Europe: share of projects Inserm coordinates",
            "coordination_rate",
            he,
            "2021/2023",
            Some((h2020, "2014/2020", Some("Horizon 2020"))),
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    h.push_str("<section class=\"block\" id=\"kpis\">\n<h2>Key indicators</h2>\n");
    h.push_str(
        "<p class=\"lead\">Computed from the data; hover over a card's source line for the data rows it reads. \
         \u{2248}: computed from a figure the document qualifies (around, more than\u{2026}).</p>\n",
    );
    if cards.is_empty() {
        h.push_str("<p class=\"note\">The data give none of the key indicators.</p>\n");
    }
    h.push_str("<div class=\"cards\">\n");
    for c in &cards {
        h.push_str("<article class=\"card\">\n");
        w!(h, "<h3>{}</h3>\n", t(c.title));
        w!(h, "<div class=\"value\">{}", t(&c.value));
        if !c.unit.is_empty() {
            w!(h, "<span class=\"unit\">{}</span>", t(&c.unit));
        }
        h.push_str("</div>\n");
        if let Some(ch) = &c.change {
            w!(h, "<div class=\"change\">{}</div>\n", t(ch));
        }
        let src = source_line(a, &c.inputs);
        w!(
            h,
            "<div class=\"meta\" title=\"Data rows: {}\">{} \u{b7} Source: {}</div>\n",
            at(&c.inputs),
            t(&c.period),
            t(&src)
        );
        h.push_str("</article>\n");
    }
    h.push_str("</div>\n</section>\n");
}

// ---------------------------------------------------------------------------------------------
// Projections

fn projections(h: &mut String, a: &Analysis) {
    let p = &a.projections;
    h.push_str("<section class=\"block\" id=\"projections\">\n<h2>Projections to 2035</h2>\n");
    w!(
        h,
        "<p class=\"lead\">The committee's questions (section VII.3.a), answered by extending the trend between two observed points to {} under two stated methods: an extrapolation, not a forecast.</p>\n",
        crate::compute::projections::HORIZON
    );
    let mut questions: Vec<&str> = Vec::new();
    for ans in &p.answers {
        if !questions.contains(&ans.question) {
            questions.push(ans.question);
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
                t(b.label),
                b.year0,
                grouped(b.value0, d),
                b.year1,
                grouped(b.value1, d),
                t(b.unit),
                t(&b.provenance)
            );
        }
        h.push_str("</tbody>\n</table></div>\n");
    }
    h.push_str("</section>\n");
}

// ---------------------------------------------------------------------------------------------
// Charts

/// The domain a chart file belongs to, from its name.
fn chart_domain(stem: &str) -> Option<&'static str> {
    if stem.starts_with("workforce_") {
        Some("workforce")
    } else if stem.starts_with("budget_") {
        Some("budget")
    } else if stem.starts_with("publication_") || stem.starts_with("publications_") || stem.starts_with("citation_") {
        Some("publications")
    } else if stem.starts_with("eu_") {
        Some("eu_funding")
    } else {
        None
    }
}

fn domain_title(domain: &str) -> &str {
    match domain {
        "workforce" => "Workforce",
        "budget" => "Budget",
        "publications" => "Publications",
        "eu_funding" => "EU funding",
        other => other,
    }
}

/// `*.svg` files of a directory, sorted by file name; none when the directory does not exist.
fn svg_files(dir: &Path) -> Result<Vec<PathBuf>> {
    crate::report::files_with_extension(dir, &["svg"])
}

/// A tag of an SVG document: its name and attributes, as written.
struct Tag<'a> {
    name: &'a str,
    attrs: Vec<(&'a str, &'a str)>,
}

/// Parses the inside of a start tag (`svg width="1" ...`); None if it is not a start tag.
fn parse_tag(inner: &str) -> Option<Tag<'_>> {
    let inner = inner.trim_end_matches('/');
    let name_end = inner.find(|c: char| c.is_whitespace()).unwrap_or(inner.len());
    let name = &inner[..name_end];
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut attrs = Vec::new();
    let mut rest = &inner[name_end..];
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let key_end = rest.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(rest.len());
        let key = &rest[..key_end];
        rest = rest[key_end..].trim_start();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let quote = after.chars().next().filter(|q| *q == '"' || *q == '\'');
            match quote {
                Some(q) => {
                    let body = &after[1..];
                    let end = body.find(q)?;
                    attrs.push((key, &body[..end]));
                    rest = &body[end + 1..];
                }
                None => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    attrs.push((key, &after[..end]));
                    rest = &after[end..];
                }
            }
        } else {
            attrs.push((key, ""));
        }
    }
    Some(Tag { name, attrs })
}

/// Why an SVG cannot be inlined as it is: scripts, event handlers, embedded HTML, or references to
/// other files would make the page run code or load something.
fn unsafe_svg(svg: &str) -> Option<String> {
    for piece in svg.split('<').skip(1) {
        let Some(end) = piece.find('>') else { continue };
        let Some(tag) = parse_tag(&piece[..end]) else {
            continue;
        };
        let name = tag.name.to_ascii_lowercase();
        if name == "script" || name == "foreignobject" || name == "iframe" {
            return Some(format!("it contains a <{}> element", tag.name));
        }
        for (k, v) in &tag.attrs {
            let k = k.to_ascii_lowercase();
            let v = v.trim().to_ascii_lowercase();
            if k.starts_with("on") {
                return Some(format!("it has an event handler attribute ({k})"));
            }
            if (k == "href" || k == "xlink:href")
                && !(v.starts_with('#')
                    || (name == "a" && (v.starts_with("https:") || v.starts_with("http:")))
                    || v.starts_with("data:image/"))
            {
                return Some(format!("it refers to another resource ({v})"));
            }
            if v.contains("javascript:") {
                return Some("it contains a javascript: address".into());
            }
        }
    }
    None
}

fn strip_px(v: &str) -> Option<f64> {
    v.trim()
        .trim_end_matches("px")
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && *x > 0.0)
}

/// The SVG document as an element to put inside HTML: without XML declaration, doctype or
/// comments before the root, with a viewBox so that it scales, ids prefixed so that several charts
/// on one page do not clash. Err with the reason when it cannot be inlined.
fn inline_svg(src: &str, prefix: &str, label: &str) -> std::result::Result<String, String> {
    let start = src
        .match_indices("<svg")
        .map(|(i, _)| i)
        .find(|&i| src[i + 4..].starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/'))
        .ok_or("it has no <svg> element")?;
    let end = src
        .rfind("</svg>")
        .map(|i| i + "</svg>".len())
        .ok_or("it has no closing </svg>")?;
    if end <= start {
        return Err("it is not a complete <svg> element".into());
    }
    let body = &src[start..end];
    if let Some(why) = unsafe_svg(body) {
        return Err(why);
    }
    let root_end = body.find('>').ok_or("its <svg> tag is not closed")?;
    let root = parse_tag(&body[1..root_end]).ok_or("its <svg> tag cannot be read")?;
    let has = |k: &str| root.attrs.iter().any(|(n, _)| n.eq_ignore_ascii_case(k));
    let get = |k: &str| {
        root.attrs
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(k))
            .map(|(_, v)| *v)
    };
    let mut extra = String::new();
    if !has("viewBox") {
        match (get("width").and_then(strip_px), get("height").and_then(strip_px)) {
            (Some(wd), Some(ht)) => w!(
                extra,
                " viewBox=\"0 0 {} {}\"",
                crate::format::plain(wd),
                crate::format::plain(ht)
            ),
            _ => {
                return Err("it has neither a viewBox nor a width and height in pixels to scale it by".into());
            }
        }
    }
    if !has("xmlns") {
        extra.push_str(" xmlns=\"http://www.w3.org/2000/svg\"");
    }
    if !has("role") {
        extra.push_str(" role=\"img\"");
    }
    if !has("aria-label") && !has("aria-labelledby") {
        w!(extra, " aria-label=\"{}\"", at(label));
    }
    if !has("preserveAspectRatio") {
        extra.push_str(" preserveAspectRatio=\"xMidYMid meet\"");
    }
    let self_closing = body[..root_end].ends_with('/');
    let insert_at = if self_closing { root_end - 1 } else { root_end };
    let mut out = String::with_capacity(body.len() + extra.len());
    out.push_str(&body[..insert_at]);
    out.push_str(&extra);
    out.push_str(&body[insert_at..]);
    // Ids: collect them, longest first so that no id's rewrite touches a longer one's.
    let mut ids: Vec<String> = Vec::new();
    for piece in out.split('<').skip(1) {
        let Some(end) = piece.find('>') else { continue };
        if let Some(tag) = parse_tag(&piece[..end]) {
            ids.extend(tag.attrs.iter().filter(|(k, _)| *k == "id").map(|(_, v)| v.to_string()));
        }
    }
    ids.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    ids.dedup();
    for id in ids {
        let new = format!("{prefix}-{id}");
        for (from, to) in [
            (format!("id=\"{id}\""), format!("id=\"{new}\"")),
            (format!("url(#{id})"), format!("url(#{new})")),
            (format!("href=\"#{id}\""), format!("href=\"#{new}\"")),
        ] {
            out = out.replace(&from, &to);
        }
    }
    Ok(out)
}

/// The first `<title>` of an SVG, decoded, as its caption.
fn svg_title(src: &str) -> Option<String> {
    let start = src.find("<title")?;
    let open_end = start + src[start..].find('>')? + 1;
    let close = open_end + src[open_end..].find("</title>")?;
    let raw = src[open_end..close].trim();
    (!raw.is_empty()).then(|| html_escape::decode_html_entities(raw).into_owned())
}

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

fn charts(h: &mut String, charts_dir: &Path) -> Result<()> {
    h.push_str("<section class=\"block\" id=\"charts\">\n<h2>Charts</h2>\n");
    let files = svg_files(charts_dir)?;
    if files.is_empty() {
        h.push_str("<p class=\"note\">No chart was rendered in this run: the charts directory holds no SVG file.</p>\n</section>\n");
        return Ok(());
    }
    let mut groups: Vec<(&str, Vec<&PathBuf>)> = DOMAINS.iter().map(|d| (*d, Vec::new())).collect();
    let mut other = Vec::new();
    for f in &files {
        let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        match chart_domain(stem).and_then(|d| groups.iter_mut().find(|(g, _)| *g == d)) {
            Some((_, v)) => v.push(f),
            None => other.push(f),
        }
    }
    groups.push(("other", other));
    for (domain, files) in groups {
        if files.is_empty() {
            continue;
        }
        let title = if domain == "other" {
            "Other charts"
        } else {
            domain_title(domain)
        };
        w!(h, "<h3 id=\"charts-{domain}\">{title}</h3>\n<div class=\"charts\">\n");
        for f in files {
            let name = f.file_name().and_then(|s| s.to_str()).unwrap_or_default();
            let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            let src = fs::read(f).map_err(|e| Error::io(f, e))?;
            let src = String::from_utf8_lossy(&src);
            let caption = svg_title(&src).unwrap_or_else(|| humanise(stem));
            let id = id_of(stem);
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
            w!(
                h,
                "<figcaption>{} \u{2014} <a href=\"charts/{}\">{}</a>",
                t(&caption),
                at(name),
                t(name)
            );
            let png = f.with_extension("png");
            if png.is_file() {
                let png_name = png.file_name().and_then(|s| s.to_str()).unwrap_or_default();
                w!(h, ", <a href=\"charts/{}\">{}</a>", at(png_name), t(png_name));
            }
            h.push_str("</figcaption>\n</figure>\n");
        }
        h.push_str("</div>\n");
    }
    h.push_str("</section>\n");
    Ok(())
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
        let unbroken = |p: &str| period_label(p).replace(' ', "\u{a0}");
        let period = if r.from.is_empty() {
            unbroken(&r.to)
        } else {
            format!("{} \u{2192} {}", unbroken(&r.from), unbroken(&r.to))
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

/// CSV files of the tables directory in reading order: domain tables, indicators, projections,
/// then any other, by name. The audit table is shown in the audit section.
fn table_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = crate::report::files_with_extension(dir, &["csv"])?;
    let rank = |p: &PathBuf| {
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        let r = DOMAINS.iter().position(|d| *d == stem).unwrap_or(match stem.as_str() {
            "indicators" => DOMAINS.len(),
            "projections" => DOMAINS.len() + 1,
            _ => DOMAINS.len() + 2,
        });
        (r, stem)
    };
    files.sort_by_key(rank);
    Ok(files)
}

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

fn tables(h: &mut String, dir: &Path) -> Result<()> {
    h.push_str("<section class=\"block\" id=\"tables\">\n<h2>Tables</h2>\n");
    h.push_str("<p class=\"lead\">The CSV files under <code>tables/</code>, as written; each heading links to its file. Wide tables scroll sideways.</p>\n");
    let files = table_files(dir)?;
    let shown: Vec<&PathBuf> = files
        .iter()
        .filter(|p| p.file_stem().is_some_and(|s| s != "audit"))
        .collect();
    if shown.is_empty() {
        h.push_str("<p class=\"note\">No table was found beside this page.</p>\n");
    }
    for f in shown {
        let name = f.file_name().and_then(|s| s.to_str()).unwrap_or_default();
        let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_path(f)
            .map_err(|e| Error::Other(format!("{}: {e}", f.display())))?;
        let header: Vec<String> = rdr
            .headers()
            .map_err(|e| Error::Other(format!("{}: {e}", f.display())))?
            .iter()
            .map(str::to_string)
            .collect();
        let mut rows: Vec<Vec<String>> = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| Error::Other(format!("{}: {e}", f.display())))?;
            rows.push(rec.iter().map(str::to_string).collect());
        }
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
            at(name),
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
                t(name)
            );
        }
        w!(
            h,
            "<div class=\"scroll{tall}{}\"><table id=\"table-{}\">\n<thead><tr>",
            if bulky { " screen-only" } else { "" },
            at(&id)
        );
        for (i, c) in header.iter().enumerate() {
            let class = if numeric[i] { " class=\"num\"" } else { "" };
            w!(h, "<th{class} scope=\"col\">{}</th>", t(c));
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        for r in &rows {
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
    Ok(())
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
    fn numbers_and_periods_read_as_people_write_them() {
        assert_eq!(grouped(8691.0, 0), "8,691");
        assert_eq!(grouped(1148.0, 0), "1,148");
        assert_eq!(grouped(123.456, 1), "123.5");
        assert_eq!(grouped(-1234567.0, 0), "\u{2212}1,234,567");
        assert_eq!(signed(38.252788, 1), "+38.3");
        assert_eq!(signed(-2.586207, 1), "\u{2212}2.6");
        assert_eq!(signed(0.01, 1), "0.0");
        assert_eq!(period_label("2023-12-31"), "31 Dec 2023");
        assert_eq!(period_label("2018/2022"), "2018\u{2013}2022");
        assert_eq!(period_label("2023"), "2023");
    }

    #[test]
    fn svg_is_inlined_scalable_and_without_prolog() {
        let src = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg width=\"800\" height=\"400px\" xmlns=\"http://www.w3.org/2000/svg\"><defs><clipPath id=\"c\"><rect/></clipPath></defs><g clip-path=\"url(#c)\"><text>a &lt; b</text></g></svg>\n";
        let out = inline_svg(src, "p", "A <chart>").unwrap();
        assert!(out.starts_with("<svg "), "{out}");
        assert!(out.ends_with("</svg>"), "{out}");
        assert!(out.contains("viewBox=\"0 0 800 400\""), "{out}");
        assert!(out.contains("aria-label=\"A &lt;chart&gt;\""), "{out}");
        assert!(out.contains("id=\"p-c\"") && out.contains("url(#p-c)"), "{out}");
        assert!(!out.contains("<?xml") && !out.contains("DOCTYPE"));
    }

    #[test]
    fn svg_that_would_run_or_load_something_is_not_inlined() {
        for bad in [
            "<svg viewBox=\"0 0 1 1\"><script>alert(1)</script></svg>",
            "<svg viewBox=\"0 0 1 1\" onload=\"alert(1)\"></svg>",
            "<svg viewBox=\"0 0 1 1\"><image href=\"http://example.org/x.png\"/></svg>",
            "<svg viewBox=\"0 0 1 1\"><foreignObject><div/></foreignObject></svg>",
            "<svg viewBox=\"0 0 1 1\"><a href=\"javascript:alert(1)\">x</a></svg>",
        ] {
            assert!(inline_svg(bad, "p", "x").is_err(), "{bad}");
        }
        assert!(
            inline_svg("<svg><rect/></svg>", "p", "x").is_err(),
            "no size, no viewBox"
        );
    }

    #[test]
    fn chart_files_are_grouped_by_domain() {
        assert_eq!(chart_domain("workforce_headcount"), Some("workforce"));
        assert_eq!(chart_domain("citation_scores"), Some("publications"));
        assert_eq!(chart_domain("publication_shares"), Some("publications"));
        assert_eq!(chart_domain("eu_funding"), Some("eu_funding"));
        assert_eq!(chart_domain("misc"), None);
    }

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
