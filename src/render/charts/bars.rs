//! Bars by category and group: staff by group at two dates, one value per category against a
//! reference line, two series year by year, indicator rows by programme.

use plotters::style::RGBColor;

use super::data::{DataKind, DataRow, DataSeries, FacetData, rgb};
use super::model::*;
use super::query::{Ctx, Query, Value};
use super::{Built, fill_facet, period_vars};
use crate::format::grouped;
use crate::load::definition::charts::{BarsDef, DimensionDef};
use crate::period::Period;

mod items;

use items::{Item, blank, codes_of, is_periods, item_label, periods_of, query, range_high};

/// One bar drawn.
struct Bar {
    category: usize,
    group: usize,
    value: Value,
    /// A range's low end, where the bar starts (else 0); `value` is its high end.
    low: Option<Value>,
}

/// The bars a definition asks for, with its categories and groups as resolved; each bar the
/// data cannot give is recorded as left out.
fn resolve(ctx: &mut Ctx, def: &BarsDef, element: &str) -> Option<(Vec<Item>, Vec<Item>, Vec<Bar>)> {
    let single = DimensionDef::default();
    let groups_def = def.groups.as_ref().unwrap_or(&single);
    let mut cats = codes_of(ctx, &def.categories, element)?;
    let mut groups = match &def.groups {
        Some(g) => codes_of(ctx, g, element)?,
        None => vec![blank()],
    };
    // A dimension of periods: resolved over the series the other dimension gives.
    if is_periods(&def.categories) {
        let qs: Vec<Query> = groups.iter().filter_map(|g| query(def, &blank(), Some(g))).collect();
        cats = periods_of(ctx, &def.categories, &qs, element)?;
    } else if is_periods(groups_def) {
        let qs: Vec<Query> = cats.iter().filter_map(|c| query(def, c, None)).collect();
        groups = periods_of(ctx, groups_def, &qs, element)?;
    }
    // Otherwise each group's bars share one period, chosen by `at` over them.
    let at: Vec<Option<Period>> = groups
        .iter()
        .map(|g| {
            if g.period.is_some() || cats.iter().any(|c| c.period.is_some()) {
                return None;
            }
            let qs: Vec<Query> = cats.iter().filter_map(|c| query(def, c, Some(g))).collect();
            ctx.resolve(&def.at, &qs)
        })
        .collect();
    let mut bars: Vec<Bar> = Vec::new();
    for (i, c) in cats.iter().enumerate() {
        for (j, g) in groups.iter().enumerate() {
            let what = if def.groups.is_some() {
                format!("{element}, bar {} {}", c.code, g.code)
            } else {
                format!("{element}, bar {}", c.code)
            };
            let Some(q) = query(def, c, Some(g)) else {
                ctx.left_out(&what, "neither its category nor its group names a series");
                continue;
            };
            let Some(period) = c.period.or(g.period).or(at.get(j).copied().flatten()) else {
                ctx.left_out(
                    &what,
                    format!("the data give {q} at no period that is {}", def.at.for_readers()),
                );
                continue;
            };
            let Some(value) = ctx.value(&q, &period) else {
                ctx.left_out(&what, format!("no value of {q} at {period}"));
                continue;
            };
            // A range: its low end is the category's own value, its high end the other code's.
            let bar = match range_high(def, c, g) {
                None => Bar {
                    category: i,
                    group: j,
                    value,
                    low: None,
                },
                Some(qh) => match ctx.value(&qh, &period) {
                    Some(high) => Bar {
                        category: i,
                        group: j,
                        value: high,
                        low: Some(value),
                    },
                    None => {
                        ctx.left_out(
                            &what,
                            format!("no value of {qh} at {period}, the high end of its range"),
                        );
                        continue;
                    }
                },
            };
            bars.push(bar);
        }
    }
    Some((cats, groups, bars))
}

/// Builds a bars facet, or None (with the reasons recorded) when it has no bar.
pub(super) fn build(ctx: &mut Ctx, def: &BarsDef, element: &str) -> Option<Built> {
    let single = DimensionDef::default();
    let groups_def = def.groups.as_ref().unwrap_or(&single);
    let (cats, groups, bars) = resolve(ctx, def, element)?;
    if bars.is_empty() {
        return None;
    }
    // Categories without any bar are left off the axis.
    let shown: Vec<usize> = (0..cats.len())
        .filter(|i| bars.iter().any(|b| b.category == *i))
        .collect();
    let slot_of = |i: usize| shown.iter().position(|s| *s == i).unwrap_or(0) as f64;
    let k = groups.len().max(1);
    let slot = 0.8 / k as f64;
    let half = slot * 0.45;
    let base = def.color.map_or(BLUE, color);
    let high = def.highlight_color.map_or(BLUE, color);
    let group_color = |j: usize| {
        groups.get(j).and_then(|g| g.color).unwrap_or_else(|| {
            if def.groups.is_some() {
                nth(&CYCLE, j, BLUE)
            } else {
                base
            }
        })
    };
    let highlighted = |c: &Item| def.highlight.contains(&c.code);
    let mut marks = Vec::new();
    let (mut lo, mut hi): (f64, f64) = (0.0, 0.0);
    let mut notes = Vec::new();
    for b in &bars {
        let (Some(c), Some(_)) = (cats.get(b.category), groups.get(b.group)) else {
            continue;
        };
        let cx = slot_of(b.category) + (b.group as f64 - (k as f64 - 1.0) / 2.0) * slot;
        let fill = if highlighted(c) { high } else { group_color(b.group) };
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
        if let (Some(t), Some(q)) = (&def.qualifier_note, b.value.qualifier) {
            let d = def.decimals.or(b.value.decimals).unwrap_or(1);
            let vars = [
                ("name".to_string(), c.name.clone()),
                ("qualifier".to_string(), q.code().replace('_', " ")),
                ("value".to_string(), grouped(v, d)),
                ("symbol".to_string(), qualifier_symbol(Some(q)).to_string()),
            ];
            notes.push(fill_facet(ctx, t, &vars));
        }
    }
    // The periods the bars are at, for texts.
    let mut used: Vec<Period> = bars.iter().map(|b| b.value.period).collect();
    used.sort_by_key(Period::order_key);
    used.dedup();
    let first_period = bars.first().map(|b| b.value.period);
    let mut vars = Vec::new();
    let mut periods = Vec::new();
    if let (Some(from), Some(to)) = (used.first(), used.last()) {
        vars.extend(period_vars("from", from));
        vars.extend(period_vars("to", to));
        periods.push(("from", *from));
        periods.push(("to", *to));
    }
    if let Some(p) = first_period {
        vars.extend(period_vars("period", &p));
        periods.push(("period", p));
    }
    // The highlighted bars' own key, where they are named apart.
    let highlight_key = match &def.highlight_legend {
        Some(t) if bars.iter().any(|b| cats.get(b.category).is_some_and(highlighted)) => {
            Some(fill_facet(ctx, t, &vars))
        }
        _ => None,
    };
    // Legend: a key per group with bars, or the bars' keys.
    let mut legend = Vec::new();
    if def.groups.is_some() {
        for (j, g) in groups.iter().enumerate() {
            let Some(p) = bars.iter().find(|b| b.group == j).map(|b| b.value.period) else {
                continue;
            };
            legend.push(bar_key(item_label(ctx, groups_def, g, &p), group_color(j)));
        }
    } else {
        if let Some(name) = &highlight_key {
            legend.push(bar_key(name.clone(), high));
        }
        if let Some(t) = &def.legend {
            legend.push(bar_key(fill_facet(ctx, t, &vars), base));
        }
    }
    let mut reference_line = None;
    if let Some(r) = &def.reference {
        let value = match (&r.series, r.value) {
            (Some(s), _) => reference_value(ctx, s, first_period, element),
            (None, Some(v)) if v.is_finite() => Some((v, grouped(v, decimals_of(v)))),
            _ => None,
        };
        if let Some((y, text)) = value {
            let text = fill_facet(ctx, &r.label.replace("{value}", &text), &vars);
            marks.push(Mark::HRule {
                y,
                color: INK,
                dash: Pattern::Dashed,
            });
            legend.push(line_key(text.clone(), INK, Pattern::Dashed, None));
            reference_line = Some((y, text));
            hi = hi.max(y);
            lo = lo.min(y);
        }
    }
    let drawn = Drawn {
        def,
        groups_def,
        cats: &cats,
        groups: &groups,
        bars: &bars,
        shown: &shown,
        first_period,
        vars: &vars,
        highlight_key: highlight_key.as_ref(),
        high,
    };
    notes.extend(comparison_notes(ctx, &drawn));
    notes.splice(0..0, def.notes.iter().map(|n| fill_facet(ctx, n, &vars)));
    let labels: Vec<String> = shown
        .iter()
        .filter_map(|&i| {
            let c = cats.get(i)?;
            let p = c.period.or(first_period)?;
            Some(item_label(ctx, &def.categories, c, &p))
        })
        .collect();
    let y_lo = if lo < 0.0 { lo * 1.08 } else { 0.0 };
    let facet = Facet {
        title: (!def.title.is_empty()).then(|| fill_facet(ctx, &def.title, &vars)),
        x: category_axis(labels, &fill_facet(ctx, &def.x_title, &vars)),
        y: value_axis(
            y_lo,
            hi * 1.08,
            def.ticks,
            &fill_facet(ctx, &def.y_title, &vars),
            grouped,
        ),
        right_pad: 8.0,
        marks,
        legend: Vec::new(),
    };
    let data = table(ctx, &drawn, &facet, &group_color, reference_line);
    let mut out = Built::new(facet, data);
    out.legend = legend;
    out.notes = notes;
    out.periods = periods;
    Some(out)
}

/// The notes that compare the bars: the difference between the two groups of each category,
/// and the groups' own periods.
fn comparison_notes(ctx: &Ctx, t: &Drawn) -> Vec<String> {
    let Drawn {
        def,
        cats,
        groups,
        bars,
        shown,
        vars,
        ..
    } = *t;
    let mut notes = Vec::new();
    if let (Some(t), [_, _, ..]) = (&def.difference_note, groups) {
        let diffs: Vec<String> = shown
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
            notes.push(fill_facet(ctx, &t.replace("{values}", &diffs.join(", ")), vars));
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

/// The bars drawn and what they were drawn with, for their notes and their table.
struct Drawn<'a> {
    def: &'a BarsDef,
    groups_def: &'a DimensionDef,
    cats: &'a [Item],
    groups: &'a [Item],
    bars: &'a [Bar],
    /// The categories with a bar, in order.
    shown: &'a [usize],
    first_period: Option<Period>,
    vars: &'a [(String, String)],
    /// The highlighted bars' own key, where they are named apart.
    highlight_key: Option<&'a String>,
    high: RGBColor,
}

/// The same bars as a table (a row per category shown, a series per group), with the reference
/// line as a series of its own.
fn table(
    ctx: &Ctx,
    t: &Drawn,
    facet: &Facet,
    group_color: &dyn Fn(usize) -> RGBColor,
    reference_line: Option<(f64, String)>,
) -> FacetData {
    let Drawn {
        def,
        groups_def,
        cats,
        groups,
        bars,
        shown,
        first_period,
        vars,
        highlight_key,
        high,
    } = *t;
    let highlighted = |c: &Item| def.highlight.contains(&c.code);
    // The same bars as a table: a row per category shown, a series per group.
    let mut data = FacetData::new(DataKind::Columns, &facet.x.title, &facet.y.title);
    // A range is two rows, its ends: a table cell holds one number.
    let rows: Vec<(usize, End)> = shown
        .iter()
        .flat_map(|&i| match cats.get(i).and_then(|c| c.high.as_ref()) {
            Some(_) => vec![(i, End::Low), (i, End::High)],
            None => vec![(i, End::Whole)],
        })
        .collect();
    data.rows = rows
        .iter()
        .filter_map(|&(i, end)| {
            let c = cats.get(i)?;
            let label = match c.period.or(first_period) {
                Some(p) => item_label(ctx, &def.categories, c, &p),
                None => c.name.clone(),
            };
            Some(DataRow {
                label: format!("{label}{}", end.suffix()),
                period: c.period,
                x: None,
            })
        })
        .collect();
    for (j, g) in groups.iter().enumerate() {
        let Some(p) = bars.iter().find(|b| b.group == j).map(|b| b.value.period) else {
            continue;
        };
        let name = if def.groups.is_some() {
            item_label(ctx, groups_def, g, &p)
        } else {
            def.legend
                .as_ref()
                .map_or_else(|| facet.y.title.clone(), |t| fill_facet(ctx, t, vars))
        };
        let of = |i: usize| bars.iter().find(|b| b.category == i && b.group == j);
        let mut series = DataSeries::new(
            name,
            rows.iter().map(|&(i, end)| of(i).map(|b| end.of(b))).collect(),
            group_color(j),
        );
        series.point_colors = rows
            .iter()
            .map(|&(i, _)| {
                cats.get(i)
                    .filter(|c| highlighted(c) && high != group_color(j))
                    .map(|_| rgb(high))
            })
            .collect();
        // Bars the legend names apart are a series of their own, first as in the legend, so
        // that a native chart's legend names them too.
        match (highlight_key, def.groups.is_none()) {
            (Some(name), true) => {
                let mask: Vec<bool> = rows
                    .iter()
                    .map(|&(i, _)| cats.get(i).is_some_and(highlighted))
                    .collect();
                let own = series.split_off(&mask, name.clone(), high);
                data.series.extend([own, series]);
            }
            _ => data.series.push(series),
        }
    }
    if let Some((y, text)) = reference_line {
        let values = vec![Some(y); data.rows.len()];
        data.series.push(DataSeries::new(text, values, INK).into_line(true));
    }
    data
}

/// Which value of a bar a row of the facet's table holds.
#[derive(Clone, Copy)]
enum End {
    Whole,
    Low,
    High,
}

impl End {
    fn of(self, b: &Bar) -> f64 {
        match (self, &b.low) {
            (End::Low, Some(low)) => low.value,
            _ => b.value.value,
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            End::Whole => "",
            End::Low => " (low end)",
            End::High => " (high end)",
        }
    }
}

/// A bar's value as written: the data's qualifier symbol, then the number.
fn value_text(v: &Value, decimals: Option<usize>) -> String {
    let d = decimals.or(v.decimals).unwrap_or(1);
    format!("{}{}", qualifier_symbol(v.qualifier), grouped(v.value, d))
}

/// A reference series' value at the bars' period, else at its latest.
fn reference_value(ctx: &mut Ctx, series: &str, at: Option<Period>, element: &str) -> Option<(f64, String)> {
    let q = Query::Series(series.to_string());
    let periods = ctx.periods(&q);
    let period = at.filter(|p| periods.contains(p)).or_else(|| periods.last().copied());
    let Some(v) = period.and_then(|p| ctx.value(&q, &p)) else {
        ctx.left_out(&format!("{element}, reference line"), format!("no value of {series}"));
        return None;
    };
    Some((v.value, value_text(&v, None)))
}
