//! Bars by category and group: staff by group at two dates, one value per category against a
//! reference line, two series year by year, indicator rows by programme.
//!
//! `resolve` reads what the definition asks for and records what the data cannot give;
//! `build` lays out what it found, reading no value.

use plotters::style::RGBColor;

use super::model::*;
use super::query::{Ctx, Query, Value};
use super::{Built, fill_facet, period_vars};
use crate::format::grouped;
use crate::load::definition::charts::{BarsDef, DimensionDef};
use crate::period::Period;

mod items;
mod table;

use items::{Item, blank, codes_of, is_periods, item_label, periods_of, query, range_high};

/// One bar drawn.
struct Bar {
    category: usize,
    group: usize,
    value: Value,
    /// A range's low end, where the bar starts (else 0); `value` is its high end.
    low: Option<Value>,
}

/// What a bars facet's definition resolves to in the data: its categories and groups, the bars
/// the data give (at least one), and its reference line where the data give it.
pub(super) struct Resolved {
    cats: Vec<Item>,
    groups: Vec<Item>,
    /// Category by category, then group by group.
    bars: Vec<Bar>,
    /// The reference line's height and its value as written.
    reference: Option<(f64, String)>,
}

/// The bars a definition asks for, with its categories, groups and reference line as resolved;
/// each bar the data cannot give is recorded as left out. None when no bar is left.
pub(super) fn resolve(ctx: &mut Ctx, def: &BarsDef, element: &str) -> Option<Resolved> {
    let (cats, groups) = dimensions(ctx, def, element)?;
    let at = group_periods(ctx, def, &cats, &groups);
    let mut bars: Vec<Bar> = Vec::new();
    for (i, c) in cats.iter().enumerate() {
        for (j, g) in groups.iter().enumerate() {
            let what = if def.groups.is_some() {
                format!("{element}, bar {} {}", c.code, g.code)
            } else {
                format!("{element}, bar {}", c.code)
            };
            let period = c.period.or(g.period).or(at.get(j).copied().flatten());
            bars.extend(read_bar(ctx, def, (i, c), (j, g), period, &what));
        }
    }
    let first_period = bars.first()?.value.period;
    let reference = def.reference.as_ref().and_then(|r| match (&r.series, r.value) {
        (Some(s), _) => reference_value(ctx, s, first_period, element),
        (None, Some(v)) if v.is_finite() => Some((v, grouped(v, decimals_of(v)))),
        _ => None,
    });
    Some(Resolved {
        cats,
        groups,
        bars,
        reference,
    })
}

/// The categories and the groups (one blank group when there are none); a dimension of
/// periods resolved over the series the other one gives.
fn dimensions(ctx: &mut Ctx, def: &BarsDef, element: &str) -> Option<(Vec<Item>, Vec<Item>)> {
    let single = DimensionDef::default();
    let groups_def = def.groups.as_ref().unwrap_or(&single);
    let mut cats = codes_of(ctx, &def.categories, element)?;
    let mut groups = match &def.groups {
        Some(g) => codes_of(ctx, g, element)?,
        None => vec![blank()],
    };
    if is_periods(&def.categories) {
        let qs: Vec<Query> = groups.iter().filter_map(|g| query(def, &blank(), Some(g))).collect();
        cats = periods_of(ctx, &def.categories, &qs, element)?;
    } else if is_periods(groups_def) {
        let qs: Vec<Query> = cats.iter().filter_map(|c| query(def, c, None)).collect();
        groups = periods_of(ctx, groups_def, &qs, element)?;
    }
    Some((cats, groups))
}

/// Each group's period where no item names one: its bars share one, chosen by `at` over them.
fn group_periods(ctx: &Ctx, def: &BarsDef, cats: &[Item], groups: &[Item]) -> Vec<Option<Period>> {
    groups
        .iter()
        .map(|g| {
            if g.period.is_some() || cats.iter().any(|c| c.period.is_some()) {
                return None;
            }
            let qs: Vec<Query> = cats.iter().filter_map(|c| query(def, c, Some(g))).collect();
            ctx.resolve(&def.at, &qs)
        })
        .collect()
}

/// The bar of category `c` in group `g` at `period`, or None with the reason recorded as `what`
/// left out.
fn read_bar(
    ctx: &mut Ctx,
    def: &BarsDef,
    (i, c): (usize, &Item),
    (j, g): (usize, &Item),
    period: Option<Period>,
    what: &str,
) -> Option<Bar> {
    let Some(q) = query(def, c, Some(g)) else {
        ctx.left_out(what, "neither its category nor its group names a series");
        return None;
    };
    let Some(period) = period else {
        ctx.left_out(
            what,
            format!("the data give {q} at no period that is {}", def.at.for_readers()),
        );
        return None;
    };
    let Some(value) = ctx.value(&q, &period) else {
        ctx.left_out(what, format!("no value of {q} at {period}"));
        return None;
    };
    // A range: its low end is the category's own value, its high end the other code's.
    let Some(qh) = range_high(def, c, g) else {
        return Some(Bar {
            category: i,
            group: j,
            value,
            low: None,
        });
    };
    let Some(high) = ctx.value(&qh, &period) else {
        ctx.left_out(what, format!("no value of {qh} at {period}, the high end of its range"));
        return None;
    };
    Some(Bar {
        category: i,
        group: j,
        value: high,
        low: Some(value),
    })
}

/// The bars' fills: each group's, and the highlighted categories'.
struct Fills<'a> {
    def: &'a BarsDef,
    groups: &'a [Item],
    /// Bars of a facet without groups.
    base: RGBColor,
    /// Highlighted categories' bars.
    high: RGBColor,
}

impl<'a> Fills<'a> {
    fn new(def: &'a BarsDef, groups: &'a [Item]) -> Self {
        Fills {
            def,
            groups,
            base: def.color.map_or(BLUE, color),
            high: def.highlight_color.map_or(BLUE, color),
        }
    }

    /// Group `j`'s fill: its own colour, else the cycle's (the base colour without groups).
    fn group(&self, j: usize) -> RGBColor {
        self.groups.get(j).and_then(|g| g.color).unwrap_or_else(|| {
            if self.def.groups.is_some() {
                nth(&CYCLE, j, BLUE)
            } else {
                self.base
            }
        })
    }

    fn highlighted(&self, c: &Item) -> bool {
        self.def.highlight.contains(&c.code)
    }
}

/// The bars drawn and what they were drawn with, for their texts, notes and table.
struct Drawn<'a> {
    def: &'a BarsDef,
    groups_def: &'a DimensionDef,
    resolved: &'a Resolved,
    fills: Fills<'a>,
    /// The categories with a bar, in order.
    shown: Vec<usize>,
    /// The first bar's period.
    first_period: Option<Period>,
    vars: Vec<(String, String)>,
    /// The highlighted bars' own key, where they are named apart.
    highlight_key: Option<String>,
}

/// Lays out a bars facet from what its definition resolved to.
pub(super) fn build(ctx: &Ctx, def: &BarsDef, resolved: &Resolved) -> Built {
    let single = DimensionDef::default();
    let drawn = drawn(ctx, def, def.groups.as_ref().unwrap_or(&single), resolved);
    let (mut marks, (mut lo, mut hi), mut notes) = bar_marks(ctx, &drawn);
    let mut legend = legend(ctx, &drawn);
    let mut reference_line = None;
    if let (Some((y, value)), Some(r)) = (&resolved.reference, &def.reference) {
        let text = fill_facet(ctx, &r.label.replace("{value}", value), &drawn.vars);
        marks.push(Mark::HRule {
            y: *y,
            color: INK,
            dash: Pattern::Dashed,
        });
        legend.push(line_key(text.clone(), INK, Pattern::Dashed, None));
        reference_line = Some((*y, text));
        hi = hi.max(*y);
        lo = lo.min(*y);
    }
    notes.extend(comparison_notes(ctx, &drawn));
    notes.splice(0..0, def.notes.iter().map(|n| fill_facet(ctx, n, &drawn.vars)));
    let facet = facet(ctx, &drawn, marks, (lo, hi));
    let data = table::table(ctx, &drawn, &facet, reference_line);
    let mut out = Built::new(facet, data);
    out.legend = legend;
    out.notes = notes;
    out.periods = bar_periods(&resolved.bars);
    out
}

/// What the bars are drawn with: their fills, the categories shown, the texts' periods, the
/// highlighted bars' key.
fn drawn<'a>(ctx: &Ctx, def: &'a BarsDef, groups_def: &'a DimensionDef, resolved: &'a Resolved) -> Drawn<'a> {
    let Resolved { cats, groups, bars, .. } = resolved;
    let fills = Fills::new(def, groups);
    // Categories without any bar are left off the axis.
    let shown: Vec<usize> = (0..cats.len())
        .filter(|i| bars.iter().any(|b| b.category == *i))
        .collect();
    let vars: Vec<(String, String)> = bar_periods(bars)
        .iter()
        .flat_map(|(name, p)| period_vars(name, p))
        .collect();
    let highlight_key = match &def.highlight_legend {
        Some(t)
            if bars
                .iter()
                .any(|b| cats.get(b.category).is_some_and(|c| fills.highlighted(c))) =>
        {
            Some(fill_facet(ctx, t, &vars))
        }
        _ => None,
    };
    Drawn {
        def,
        groups_def,
        resolved,
        fills,
        shown,
        first_period: bars.first().map(|b| b.value.period),
        vars,
        highlight_key,
    }
}

/// The periods the bars are at, for texts: the earliest (`from`) and latest (`to`), and the
/// first bar's (`period`).
fn bar_periods(bars: &[Bar]) -> Vec<(&'static str, Period)> {
    let mut used: Vec<Period> = bars.iter().map(|b| b.value.period).collect();
    used.sort_by_key(Period::order_key);
    used.dedup();
    let mut periods = Vec::new();
    if let (Some(from), Some(to)) = (used.first(), used.last()) {
        periods.push(("from", *from));
        periods.push(("to", *to));
    }
    if let Some(b) = bars.first() {
        periods.push(("period", b.value.period));
    }
    periods
}

/// Each bar's mark with its value label; the lowest and highest values drawn (0 included); the
/// notes on the bars' qualifiers.
fn bar_marks(ctx: &Ctx, t: &Drawn) -> (Vec<Mark>, (f64, f64), Vec<String>) {
    let Drawn {
        def, resolved, fills, ..
    } = t;
    let k = resolved.groups.len().max(1);
    let slot = 0.8 / k as f64;
    let half = slot * 0.45;
    let slot_of = |i: usize| t.shown.iter().position(|s| *s == i).unwrap_or(0) as f64;
    let mut marks = Vec::new();
    let (mut lo, mut hi): (f64, f64) = (0.0, 0.0);
    let mut notes = Vec::new();
    for b in &resolved.bars {
        let (Some(c), Some(_)) = (resolved.cats.get(b.category), resolved.groups.get(b.group)) else {
            continue;
        };
        let cx = slot_of(b.category) + (b.group as f64 - (k as f64 - 1.0) / 2.0) * slot;
        let fill = if fills.highlighted(c) {
            fills.high
        } else {
            fills.group(b.group)
        };
        let v = b.value.value;
        let (y0, text) = match &b.low {
            Some(low) => (
                low.value,
                format!(
                    "{}\u{2013}{}",
                    value_text(low, def.decimals),
                    value_text(&b.value, def.decimals)
                ),
            ),
            None => (0.0, value_text(&b.value, def.decimals)),
        };
        marks.push(Mark::Bar {
            x0: cx - half,
            x1: cx + half,
            y0,
            y1: v,
            color: fill,
            label: Some(def.value_label.replace("{value}", &text)),
            horizontal: false,
        });
        lo = lo.min(v).min(y0);
        hi = hi.max(v);
        if let (Some(note), Some(q)) = (&def.qualifier_note, b.value.qualifier) {
            let d = def.decimals.or(b.value.decimals).unwrap_or(1);
            let vars = [
                ("name".to_string(), c.name.clone()),
                ("qualifier".to_string(), q.code().replace('_', " ")),
                ("value".to_string(), grouped(v, d)),
                ("symbol".to_string(), qualifier_symbol(Some(q)).to_string()),
            ];
            notes.push(fill_facet(ctx, note, &vars));
        }
    }
    (marks, (lo, hi), notes)
}

/// The facet's keys: one per group with bars, or the highlighted bars' and the others'.
fn legend(ctx: &Ctx, t: &Drawn) -> Vec<Key> {
    let Drawn {
        def, resolved, fills, ..
    } = t;
    let mut legend = Vec::new();
    if def.groups.is_some() {
        for (j, g) in resolved.groups.iter().enumerate() {
            let Some(p) = resolved.bars.iter().find(|b| b.group == j).map(|b| b.value.period) else {
                continue;
            };
            legend.push(bar_key(item_label(ctx, t.groups_def, g, &p), fills.group(j)));
        }
    } else {
        if let Some(name) = &t.highlight_key {
            legend.push(bar_key(name.clone(), fills.high));
        }
        if let Some(text) = &def.legend {
            legend.push(bar_key(fill_facet(ctx, text, &t.vars), fills.base));
        }
    }
    legend
}

/// The facet: a category per bar's category shown, a value axis over `lo`–`hi` with room for the
/// labels.
fn facet(ctx: &Ctx, t: &Drawn, marks: Vec<Mark>, (lo, hi): (f64, f64)) -> Facet {
    let Drawn {
        def, resolved, vars, ..
    } = t;
    let labels: Vec<String> = t
        .shown
        .iter()
        .filter_map(|&i| {
            let c = resolved.cats.get(i)?;
            let p = c.period.or(t.first_period)?;
            Some(item_label(ctx, &def.categories, c, &p))
        })
        .collect();
    let y_lo = if lo < 0.0 { lo * 1.08 } else { 0.0 };
    Facet {
        title: (!def.title.is_empty()).then(|| fill_facet(ctx, &def.title, vars)),
        x: category_axis(labels, &fill_facet(ctx, &def.x_title, vars)),
        y: value_axis(
            y_lo,
            hi * 1.08,
            def.ticks,
            &fill_facet(ctx, &def.y_title, vars),
            grouped,
        ),
        right_pad: 8.0,
        marks,
        legend: Vec::new(),
    }
}

/// The notes that compare the bars: the difference between the two groups of each category,
/// and the groups' own periods.
fn comparison_notes(ctx: &Ctx, t: &Drawn) -> Vec<String> {
    let Drawn {
        def, resolved, vars, ..
    } = t;
    let Resolved { cats, groups, bars, .. } = resolved;
    let mut notes = Vec::new();
    if let (Some(note), [_, _, ..]) = (&def.difference_note, groups.as_slice()) {
        let diffs: Vec<String> = t
            .shown
            .iter()
            .filter_map(|&i| {
                let of = |j: usize| bars.iter().find(|b| b.category == i && b.group == j);
                let (a, b) = (of(0)?, of(1)?);
                let d = def.decimals.or(a.value.decimals).unwrap_or(1);
                let c = cats.get(i)?;
                let label = item_label(ctx, &def.categories, c, &a.value.period);
                Some(format!("{} in {label}", grouped(a.value.value - b.value.value, d)))
            })
            .collect();
        if !diffs.is_empty() {
            notes.push(fill_facet(ctx, &note.replace("{values}", &diffs.join(", ")), vars));
        }
    }
    if let Some(n) = &def.group_note {
        let items: Vec<String> = groups
            .iter()
            .enumerate()
            .filter_map(|(j, g)| {
                let p = bars.iter().find(|b| b.group == j)?.value.period;
                let years = p.span_years().map_or_else(String::new, |y| grouped(y, 0));
                let item = n
                    .item
                    .replace("{name}", &g.name)
                    .replace("{code}", &g.code)
                    .replace("{period}", &p.label())
                    .replace("{years}", &years);
                Some(item)
            })
            .collect();
        if !items.is_empty() {
            notes.push(fill_facet(ctx, &n.text.replace("{groups}", &items.join(", ")), vars));
        }
    }
    notes
}

/// A bar's value as written: the data's qualifier symbol, then the number.
fn value_text(v: &Value, decimals: Option<usize>) -> String {
    let d = decimals.or(v.decimals).unwrap_or(1);
    format!("{}{}", qualifier_symbol(v.qualifier), grouped(v.value, d))
}

/// A reference series' value at the bars' period, else at its latest.
fn reference_value(ctx: &mut Ctx, series: &str, at: Period, element: &str) -> Option<(f64, String)> {
    let q = Query::Series(series.to_string());
    let periods = ctx.periods(&q);
    let period = Some(at)
        .filter(|p| periods.contains(p))
        .or_else(|| periods.last().copied());
    let Some(v) = period.and_then(|p| ctx.value(&q, &p)) else {
        ctx.left_out(&format!("{element}, reference line"), format!("no value of {series}"));
        return None;
    };
    Some((v.value, value_text(&v, None)))
}
