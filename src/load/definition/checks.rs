//! What `report.toml` must be that its types cannot say: ids unique, references that resolve
//! against the dataset's domains, texts within what the outputs can write, horizons in range.

use super::{HORIZONS, Headline, ReportDefinition, locate};
use crate::load::controls::blank;
use crate::load::limits::{Limit, NAME_BYTES};
use crate::load::settings::{Checked, Problem};
use crate::schema::Domains;

impl Checked<Domains> for ReportDefinition {
    fn locate_error(text: &str) -> Option<(std::ops::Range<usize>, String)> {
        locate::chart_error(text)
    }

    fn problems(&self, domains: &Domains) -> Vec<Problem> {
        let mut out = Vec::new();
        let domain_problem = |what: &str, domain: &str| {
            (!domains.contains(domain)).then(|| {
                Problem::new(
                    format!("\"{domain}\""),
                    format!("for a {what}'s `domain`, one of {}", domains.ids().join(", ")),
                    format!("{domain:?}"),
                )
            })
        };
        // A key figure's code names its column in a panel's key_figures.csv, and its row here.
        let mut codes: Vec<String> = Vec::new();
        if !self.report.title.is_empty() && blank(&self.report.title) {
            out.push(
                Problem::new(
                    "title",
                    "for the report's `title`, a text with a visible character (or none)",
                    format!("{:?}", self.report.title),
                )
                .at_key(&["report", "title"]),
            );
        }
        for spanned in &self.key_figures {
            let k = spanned.get_ref();
            let at = format!("\"{}\"", k.label);
            if blank(&k.label) {
                out.push(
                    Problem::new(
                        at.clone(),
                        "for a key figure's `label`, a text with a visible character",
                        format!("{:?}", k.label),
                    )
                    .at_span(spanned.span()),
                );
            }
            out.extend(domain_problem("key figure", &k.domain));
            let code = k.code();
            if codes.contains(&code) {
                // At the repeat's own table, wherever else its label is written.
                out.push(
                    Problem::new(
                        at.clone(),
                        "key figures with different codes (`id`, or else the label's code)",
                        format!("a second key figure with code {code:?}"),
                    )
                    .at_span(spanned.span()),
                );
            }
            codes.push(code);
            for (span, expected, found) in k.selection_problems() {
                out.push(Problem::new(at.clone(), expected, found).at_span(span.unwrap_or_else(|| spanned.span())));
            }
            if let Some(h) = k.headline_key.as_ref().filter(|h| *h.get_ref() == Headline::Change) {
                let (expected, found) = if k.compare_subject.is_some() {
                    (
                        "`headline = \"change\"` without `compare_subject`: a change is between two periods of one subject",
                        "a `compare_subject`",
                    )
                } else if k.compare.is_none() {
                    (
                        "`compare` for `headline = \"change\"`: the period the change is from",
                        "no `compare`",
                    )
                } else {
                    ("", "")
                };
                if !expected.is_empty() {
                    out.push(
                        Problem::new(at.clone(), expected, format!("{found} in key figure {:?}", k.label))
                            .at_span(h.span()),
                    );
                }
            }
            let by_series = k.series.is_some() && k.indicator.is_none() && k.subject.is_none();
            let by_indicator = k.series.is_none() && k.indicator.is_some() && k.subject.is_some();
            if !(by_series || by_indicator) {
                out.push(Problem::new(
                    at,
                    "a key figure with either `series`, or `indicator` and `subject`",
                    format!("key figure {:?}", k.label),
                ));
            }
        }
        self.projection_and_pair_problems(&mut out);
        self.chart_problems(&domain_problem, &mut out);
        out
    }
}

impl ReportDefinition {
    /// The problems of the projections (a horizon out of range, a question that says neither or
    /// both of what it compares with) and of the audit's pairs (an id given twice).
    fn projection_and_pair_problems(&self, out: &mut Vec<Problem>) {
        if let Some(p) = &self.projections {
            if !HORIZONS.contains(&p.horizon) {
                out.push(Problem::new(
                    format!("horizon = {}", p.horizon),
                    format!("a `horizon` from {} to {}", HORIZONS.start(), HORIZONS.end()),
                    p.horizon.to_string(),
                ));
            }
            for q in &p.questions {
                if q.threshold.is_some() == q.other_series.is_some() {
                    out.push(Problem::new(
                        format!("\"{}\"", q.question),
                        "a question with either a `threshold` or an `other_series`",
                        format!("question {:?}", q.question),
                    ));
                }
            }
        }
        // A pair's id names its audit rows: two pairs with one id would give rows no one can tell apart.
        let mut pairs: Vec<&str> = Vec::new();
        for q in &self.audit.same_quantity {
            let id = q.id.get_ref().as_str();
            if pairs.contains(&id) {
                out.push(
                    Problem::new(
                        format!("\"{id}\""),
                        "for `[[audit.same_quantity]]`, an `id` no other pair has",
                        format!("a second pair with id {id:?}"),
                    )
                    .at_span(q.id.span()),
                );
            }
            pairs.push(id);
        }
    }

    /// The problems of the charts: names that cannot name their files or are given twice, blank
    /// titles, unknown domains (`domain_problem`), and each chart's own.
    fn chart_problems(&self, domain_problem: &dyn Fn(&str, &str) -> Option<Problem>, out: &mut Vec<Problem>) {
        let mut names: Vec<&str> = Vec::new();
        for c in &self.charts {
            // It names the chart's files, `{name}.svg` and `{name}.png`.
            let ok = !c.name.is_empty()
                && Limit::FileName { suffix: ".svg" }.allows(&c.name)
                && c.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
            if !ok || names.contains(&c.name.as_str()) {
                let found = if c.name.len() > 40 {
                    format!("a name of {} bytes", c.name.len())
                } else {
                    format!("{:?}", c.name)
                };
                out.push(Problem::new(
                format!("\"{}\"", c.name),
                format!("for a chart's `name`, a file name of lowercase letters, digits, '_' and '-', at most {} bytes, that no other chart has", NAME_BYTES - ".svg".len()),
                found,
            ));
            }
            if blank(&c.title) {
                out.push(Problem::new(
                    format!("\"{}\"", c.title),
                    format!("for chart {}, a `title` with a visible character", c.name),
                    format!("{:?}", c.title),
                ));
            }
            names.push(&c.name);
            out.extend(domain_problem("chart", &c.domain));
            out.extend(c.problems());
        }
    }
}
