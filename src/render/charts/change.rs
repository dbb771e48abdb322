//! Diverging bars: the change of each series between two periods chosen by rule, increases and
//! decreases in two colours, the first series at the top, an optional separator before the totals.

use super::data::{DataKind, DataRow, DataSeries, FacetData, rgb};
use super::model::*;
use super::query::{Ctx, Query};
use super::{Built, fill_facet, period_vars};
use crate::format::grouped;
use crate::load::definition::charts::ChangeBarsDef;
use crate::period::Period;

/// What a change facet's definition resolves to in the data: its two periods, and the change of
/// each series the data give (at least one), in the definition's order.
pub(super) struct Resolved<'d> {
    from: Period,
    to: Period,
    /// Each series with its change.
    rows: Vec<(&'d str, f64)>,
    /// The change indicator's unit.
    unit: &'static str,
}

/// The periods and changes a definition asks for; each the data cannot give is recorded as left
/// out. None when no change is left.
pub(super) fn resolve<'d>(ctx: &mut Ctx, def: &'d ChangeBarsDef, element: &str) -> Option<Resolved<'d>> {
    let queries: Vec<Query> = def.series.iter().map(|s| Query::Series(s.clone())).collect();
    let list = def.series.join(", ");
    let (Some(from), Some(to)) = (ctx.resolve(&def.from, &queries), ctx.resolve(&def.to, &queries)) else {
        ctx.left_out(
            element,
            format!(
                "the data give {list} at no periods that are {} and {}",
                def.from.for_readers(),
                def.to.for_readers()
            ),
        );
        return None;
    };
    let what = def.indicator.replace('_', " ");
    let mut rows: Vec<(&str, f64)> = Vec::new();
    let mut unit = "";
    for s in &def.series {
        match ctx.change(&def.indicator, s, &from, &to) {
            Some(v) => {
                rows.push((s, v.value));
                unit = v.unit;
            }
            None => ctx.left_out(&format!("{element}, bar {s}"), format!("no {what} from {from} to {to}")),
        }
    }
    if rows.is_empty() {
        return None;
    }
    Some(Resolved { from, to, rows, unit })
}

/// Lays out a change facet from what its definition resolved to.
pub(super) fn build(ctx: &Ctx, def: &ChangeBarsDef, resolved: &Resolved) -> Built {
    let Resolved { from, to, rows, .. } = resolved;
    let mut vars = period_vars("from", from);
    vars.extend(period_vars("to", to));
    let (marks, x) = bar_marks(ctx, def, resolved, &vars);
    let mut legend = Vec::new();
    if rows.iter().any(|(_, v)| *v >= 0.0) {
        legend.push(bar_key(fill_facet(ctx, &def.increase_label, &vars), BLUE));
    }
    if rows.iter().any(|(_, v)| *v < 0.0) {
        legend.push(bar_key(fill_facet(ctx, &def.decrease_label, &vars), VERMILLION));
    }
    let labels: Vec<String> = rows.iter().rev().map(|(s, _)| ctx.a.dataset.series_label(s)).collect();
    let facet = Facet {
        title: (!def.title.is_empty()).then(|| fill_facet(ctx, &def.title, &vars)),
        x,
        y: category_axis(labels, ""),
        right_pad: 8.0,
        marks,
        legend: Vec::new(),
    };
    let data = table(ctx, rows, &facet);
    let mut out = Built::new(facet, data);
    out.legend = legend;
    out.notes = def.notes.iter().map(|n| fill_facet(ctx, n, &vars)).collect();
    out.periods = vec![("from", *from), ("to", *to)];
    out
}

/// The bars, the first series at the top, with the separator and the zero line; and the value
/// axis, with room beyond the longest bars for their labels.
fn bar_marks(ctx: &Ctx, def: &ChangeBarsDef, resolved: &Resolved, vars: &[(String, String)]) -> (Vec<Mark>, Axis) {
    let rows = &resolved.rows;
    let n = rows.len();
    let value_text = change_text(resolved.unit, rows);
    // The first series at the top: position n − 1 − i.
    let pos = |i: usize| (n - 1 - i) as f64;
    let mut marks = Vec::new();
    let (mut lo, mut hi): (f64, f64) = (0.0, 0.0);
    for (i, (_, v)) in rows.iter().enumerate() {
        let color = if *v >= 0.0 { BLUE } else { VERMILLION };
        marks.push(Mark::Bar {
            x0: 0.0,
            x1: *v,
            y0: pos(i) - 0.32,
            y1: pos(i) + 0.32,
            color,
            label: Some(value_text(*v)),
            horizontal: true,
        });
        lo = lo.min(*v);
        hi = hi.max(*v);
    }
    let span = (hi - lo).max(1.0);
    let x = value_axis(
        lo - if lo < 0.0 { 0.16 * span } else { 0.0 },
        hi + 0.16 * span,
        7,
        &fill_facet(ctx, &def.x_title, vars),
        grouped,
    );
    if let Some(sep) = &def.separator_before
        && let Some(i) = rows.iter().position(|(s, _)| s == sep)
        && i > 0
    {
        let y = pos(i) + 0.5;
        marks.push(Mark::Line {
            points: vec![(x.min, y), (x.max, y)],
            color: RULE,
            width: 1.2,
            dash: Pattern::Dashed,
        });
    }
    marks.push(Mark::VRule {
        x: 0.0,
        color: INK,
        dash: Pattern::Solid,
        label: None,
        side: HAnchor::Left,
        row: 0,
    });
    (marks, x)
}

/// The same bars as a table, the first series first (a spreadsheet draws it at the top).
fn table(ctx: &Ctx, rows: &[(&str, f64)], facet: &Facet) -> FacetData {
    let mut data = FacetData::new(DataKind::Bars, "", &facet.x.title);
    data.rows = rows
        .iter()
        .map(|(s, _)| DataRow {
            label: ctx.a.dataset.series_label(s),
            period: None,
            x: None,
        })
        .collect();
    let mut series = DataSeries::new(
        facet.x.title.clone(),
        rows.iter().map(|(_, v)| Some(*v)).collect(),
        BLUE,
    );
    series.point_colors = rows
        .iter()
        .map(|(_, v)| (*v < 0.0).then_some(rgb(VERMILLION)))
        .collect();
    data.series.push(series);
    data
}

/// How a change is written, by the indicator's unit: a percent sign for percent only, one
/// decimal for percents and percentage points, otherwise the decimals the values need (two at
/// most), the same for every bar.
fn change_text(unit: &str, rows: &[(&str, f64)]) -> impl Fn(f64) -> String + use<> {
    let (decimals, suffix) = match unit {
        "percent" | "percent per year" => (1, "%"),
        "percentage points" => (1, ""),
        _ => (rows.iter().map(|(_, v)| decimals_of(*v).min(2)).max().unwrap_or(0), ""),
    };
    move |v| signed(v, decimals, suffix)
}
