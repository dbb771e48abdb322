//! `output/summary.md`: the key figures, projection answers and audit findings, for reading on a
//! code-hosting site. Generated, never hand-edited.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use crate::analysis::Analysis;
use crate::audit::{Kind, Verdict, verdict_counts};
use crate::error::{Error, Result};
use crate::format::fixed;
use crate::load::Dataset;
use crate::report::DOMAINS;

/// One headline figure: an indicator or series value at a period, with where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyFigure {
    pub domain: &'static str,
    pub label: &'static str,
    pub value: f64,
    pub unit: String,
    pub period: String,
    /// Percent change over the period named in `change_period`, where one is shown.
    pub change: Option<f64>,
    pub change_period: String,
    /// Sections of the source documents the inputs come from.
    pub source: String,
}

impl KeyFigure {
    pub fn value_text(&self) -> String {
        let unit = match self.unit.as_str() {
            "percent" => "%".to_string(),
            "ratio" | "index" => String::new(),
            u => format!(" {u}"),
        };
        // Headline precision: whole persons and EUR million, one decimal for percentages.
        let decimals = match self.unit.as_str() {
            "percent" => 1,
            "ratio" | "index" => 2,
            _ => 0,
        };
        format!("{}{unit}", fixed(self.value, decimals))
    }

    pub fn change_text(&self) -> String {
        self.change
            .map(|c| {
                format!(
                    "{}{}% ({})",
                    if c >= 0.0 { "+" } else { "" },
                    fixed(c, 1),
                    self.change_period
                )
            })
            .unwrap_or_default()
    }
}

/// Sections the data rows of an `inputs` text come from, e.g. "hceres2025 VII.3.a fn103".
pub fn locators_of(ds: &Dataset, inputs: &str) -> String {
    let mut seen = BTreeSet::new();
    for r in inputs.split([';', ',']).map(str::trim) {
        if let Some((file, line)) = r.rsplit_once(':')
            && let Some(o) = ds
                .observations
                .iter()
                .find(|o| o.file == file && line.parse() == Ok(o.line))
        {
            seen.insert(format!("{} {}", o.source, o.locator));
        }
    }
    seen.into_iter().collect::<Vec<_>>().join("; ")
}

/// What the headline figures are: (domain, label, indicator or "" for a series value, subject,
/// period, percent-change series or "", change from, change to).
const KEY_FIGURES: &[(&str, &str, &str, &str, &str, &str, &str)] = &[
    (
        "workforce",
        "Inserm staff, end 2023",
        "",
        "staff.all.all",
        "2023-12-31",
        "staff.all.all",
        "2018-12-31",
    ),
    (
        "workforce",
        "Contract staff, end 2023",
        "",
        "staff.contract.all",
        "2023-12-31",
        "staff.contract.all",
        "2018-12-31",
    ),
    (
        "workforce",
        "Permanent staff, end 2023",
        "",
        "staff.permanent.all",
        "2023-12-31",
        "staff.permanent.all",
        "2018-12-31",
    ),
    (
        "workforce",
        "Contract-staff ratio, end 2023",
        "contract_staff_ratio",
        "staff.contract.all / staff.all.all",
        "2023-12-31",
        "",
        "",
    ),
    (
        "workforce",
        "Support-staff share, end 2023",
        "support_staff_share",
        "staff.all.support / staff.all.all",
        "2023-12-31",
        "",
        "",
    ),
    (
        "workforce",
        "Inserm employees' share of units' staff, end 2023",
        "inserm_share_of_unit_staff",
        "unit_staff.inserm / unit_staff.all",
        "2023-12-31",
        "",
        "",
    ),
    (
        "budget",
        "Total budget 2023",
        "",
        "budget_revenues.total",
        "2023",
        "",
        "",
    ),
    (
        "budget",
        "State subsidy 2023",
        "",
        "budget_revenues.state_subsidy",
        "2023",
        "budget_revenues.state_subsidy",
        "2019",
    ),
    (
        "budget",
        "State subsidy share of the budget, 2023",
        "share_of_total_budget",
        "budget_revenues.state_subsidy / budget_revenues.total",
        "2023",
        "",
        "",
    ),
    (
        "budget",
        "Spending funded by other revenues, 2023 (fn 122)",
        "",
        "other_revenue_balance.spending_from_other_revenues",
        "2023",
        "other_revenue_balance.spending_from_other_revenues",
        "2019",
    ),
    (
        "publications",
        "Share of French life-science publications, 2018–2022 (fractional)",
        "",
        "share_of_french_publications.inserm.LS.fractional",
        "2018/2022",
        "",
        "",
    ),
    (
        "publications",
        "Highest panel share: LS3, 2018–2022",
        "",
        "share_of_french_publications.inserm.LS3.fractional",
        "2018/2022",
        "",
        "",
    ),
    (
        "publications",
        "Mean normalised citation score, 2018–2021",
        "",
        "mean_normalised_citation_score.inserm.LS",
        "2018/2021",
        "",
        "",
    ),
    (
        "eu_funding",
        "European funding 2023 (section V.1)",
        "",
        "eu.all.european_funding",
        "2023",
        "eu.all.european_funding",
        "2019",
    ),
    (
        "eu_funding",
        "Horizon Europe coordination rate, 2021–2023",
        "coordination_rate",
        "eu.horizon_europe.coordinations / eu.horizon_europe.participations",
        "2021/2023",
        "",
        "",
    ),
    (
        "eu_funding",
        "Horizon 2020 coordination rate, 2014–2020",
        "coordination_rate",
        "eu.horizon_2020.coordinations / eu.horizon_2020.participations",
        "2014/2020",
        "",
        "",
    ),
];

/// The headline figures, computed; a figure whose inputs are missing is left out.
pub fn key_figures(a: &Analysis) -> Vec<KeyFigure> {
    let c = &a.computed;
    let mut out = Vec::new();
    for &(domain, label, indicator, subject, period, change_series, change_from) in KEY_FIGURES {
        let found = if indicator.is_empty() {
            c.series_value(subject, period)
                .map(|(v, i)| (v, c.series_unit(subject), i))
        } else {
            c.find(indicator, subject, "", period)
                .map(|r| (r.value, r.unit.to_string(), r.inputs.clone()))
        };
        let Some((value, unit, inputs)) = found else { continue };
        let change = (!change_series.is_empty())
            .then(|| c.find("percent_change", change_series, change_from, period))
            .flatten();
        let change_period = change.map(|r| format!("since {}", r.from)).unwrap_or_default();
        let mut source = locators_of(&a.dataset, &inputs);
        if let Some(r) = change {
            source = locators_of(&a.dataset, &format!("{inputs}; {}", r.inputs));
        }
        out.push(KeyFigure {
            domain,
            label,
            value,
            unit,
            period: period.to_string(),
            change: change.map(|r| r.value),
            change_period,
            source,
        });
    }
    out
}

fn domain_title(domain: &str) -> &'static str {
    match domain {
        "workforce" => "Workforce",
        "budget" => "Budget",
        "publications" => "Publications",
        _ => "EU funding",
    }
}

/// Escapes the characters that Markdown table cells would misread.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn render(a: &Analysis, charts: &[String]) -> String {
    let mut md = String::new();
    let w = &mut md;
    let _ = writeln!(w, "# Inserm, 2019–2023: key figures, projections and audit\n");
    let _ = writeln!(
        w,
        "Generated by `orgmetrics report` from the CSV files under `data/`; do not edit by hand. Every figure names the sections of the source documents it comes from; `tables/indicators.csv` gives the formula and data rows of each derived figure.\n"
    );
    let figures = key_figures(a);
    let _ = writeln!(w, "## Key figures\n");
    for domain in DOMAINS {
        let _ = writeln!(w, "### {}\n", domain_title(domain));
        let _ = writeln!(
            w,
            "| Figure | Value | Period | Change | Source |\n|---|---:|---|---|---|"
        );
        for f in figures.iter().filter(|f| f.domain == domain) {
            let _ = writeln!(
                w,
                "| {} | {} | {} | {} | {} |",
                cell(f.label),
                f.value_text(),
                f.period,
                f.change_text(),
                cell(&f.source)
            );
        }
        let _ = writeln!(w);
    }
    let _ = writeln!(w, "## The committee's questions for 2035\n");
    let _ = writeln!(
        w,
        "Extrapolations of two observed dates under two stated methods, not forecasts (see `tables/projections.csv`).\n"
    );
    let _ = writeln!(w, "| Question | Method | Answer |\n|---|---|---|");
    for ans in &a.projections.answers {
        let _ = writeln!(
            w,
            "| {} | {} | {} |",
            cell(ans.question),
            ans.method.id(),
            cell(&ans.answer)
        );
    }
    let _ = writeln!(
        w,
        "\nBases: {}.\n",
        a.projections
            .bases
            .iter()
            .map(|b| format!(
                "{}: {} in {}, {} in {} ({})",
                b.label,
                crate::format::plain(b.value0),
                b.year0,
                crate::format::plain(b.value1),
                b.year1,
                b.provenance
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let [nc, nr, ni] = verdict_counts(&a.audit);
    let _ = writeln!(w, "## Audit of the documents' own figures\n");
    let _ = writeln!(
        w,
        "{} figures checked: {ni} inconsistent, {nr} off by rounding only, {nc} consistent (see `tables/audit.csv`). Ranges allow for the rounding of every input and of the stated figure, and ±5% for \"around\", \"approximately\" and \"close to\" (of the smaller of a share and its complement, for shares).\n",
        a.audit.len()
    );
    for (verdict, title) in [
        (Verdict::Inconsistent, "Inconsistent"),
        (Verdict::Rounding, "Off by rounding only"),
    ] {
        let rows: Vec<_> = a.audit.iter().filter(|r| r.verdict == verdict).collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(w, "### {title}\n");
        let _ = writeln!(
            w,
            "| Kind | What | Stated | Recomputed or other passage | Difference | Where | Note |\n|---|---|---:|---:|---:|---|---|"
        );
        let mut rows = rows;
        rows.sort_by_key(|r| if r.kind == Kind::Conflict { 0 } else { 1 });
        for r in rows {
            let d = usize::from(r.stated_decimals) + 1;
            let _ = writeln!(
                w,
                "| {} | {} | {} {} | {} | {} | {} | {} |",
                r.kind.code(),
                cell(&r.id),
                fixed(r.stated, r.stated_decimals.into()),
                cell(&r.unit),
                fixed(r.recomputed, d),
                fixed(r.difference(), d),
                cell(&r.locators),
                cell(&r.note)
            );
        }
        let _ = writeln!(w);
    }
    let _ = writeln!(w, "## Files\n");
    let _ = writeln!(w, "- Dashboard: [index.html](index.html)");
    for t in [
        "indicators",
        "projections",
        "audit",
        "workforce",
        "budget",
        "publications",
        "eu_funding",
    ] {
        let _ = writeln!(w, "- Table: [tables/{t}.csv](tables/{t}.csv)");
    }
    for ch in charts {
        let _ = writeln!(w, "- Chart: [charts/{ch}](charts/{ch})");
    }
    let _ = writeln!(
        w,
        "- Package descriptor: [datapackage.json](datapackage.json); hashes of every file: [manifest.json](manifest.json)\n"
    );
    let _ = writeln!(w, "## Sources\n");
    for s in &a.dataset.sources {
        let _ = writeln!(
            w,
            "- `{}`: {}, {}, {}; {} ({})",
            s.id,
            cell(&s.title),
            s.publisher,
            s.date,
            s.url,
            s.document
        );
    }
    md
}

pub fn write_summary(a: &Analysis, path: &Path) -> Result<()> {
    let charts_dir = path.parent().map(|p| p.join("charts")).unwrap_or_default();
    let charts: Vec<String> = crate::report::files_with_extension(&charts_dir, &["svg", "png"])?
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    std::fs::write(path, render(a, &charts)).map_err(|e| Error::io(path, e))
}
