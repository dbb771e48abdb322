//! What the types of a chart definition cannot catch, found at `validate` with its place.

use super::*;
use crate::load::settings::Problem;

impl ChartDef {
    /// What the chart's types cannot catch: decimals within reason, patterns over a list of
    /// codes, ranges of two codes among the categories.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        for p in &self.panels {
            if let PanelDef::Bars(b) = p {
                out.extend(b.problems(&self.name));
            }
            if let PanelDef::Lines(l) = p
                && l.gaps.is_some()
                && l.x != XScale::Years
            {
                out.push(Problem::new(
                    "gaps =",
                    format!("for chart {}, `gaps` with `x = \"years\"` only", self.name),
                    "`gaps` on a time axis, where no year is missing",
                ));
            }
            let decimals = match p {
                PanelDef::Bars(b) => b.decimals,
                PanelDef::Lines(l) => l.decimals,
                _ => None,
            };
            if let Some(d) = decimals.filter(|d| *d > MAX_DECIMALS) {
                out.push(Problem::new(
                    format!("decimals = {d}"),
                    format!("for chart {}, `decimals` from 0 to {MAX_DECIMALS}", self.name),
                    d.to_string(),
                ));
            }
        }
        out
    }
}

impl BarsDef {
    fn problems(&self, chart: &str) -> Vec<Problem> {
        let mut out = Vec::new();
        if let Some(g) = self.groups.as_ref().filter(|g| !g.ranges.is_empty()) {
            out.push(Problem::new(
                "ranges",
                format!("for chart {chart}, `ranges` in `categories` only"),
                format!("`ranges` in `groups`, {:?}", g.ranges),
            ));
        }
        let c = &self.categories;
        for [low, high] in &c.ranges {
            let expected = format!(
                "for chart {chart}, a range `[low, high]` of two different codes, `low` one of the categories' `codes`"
            );
            if c.pattern.is_some() || !c.periods.is_empty() || c.all_periods {
                out.push(Problem::new(
                    "ranges",
                    expected,
                    "`ranges` beside categories given by a `pattern` or periods",
                ));
            } else if !c.codes.contains(low) {
                out.push(Problem::new(
                    format!("{low:?}"),
                    expected,
                    format!("[{low:?}, {high:?}], whose {low:?} is not among `codes`"),
                ));
            } else if low == high {
                out.push(Problem::new(
                    format!("{low:?}"),
                    expected,
                    format!("[{low:?}, {high:?}]"),
                ));
            }
        }
        out
    }
}
