//! Lines over time: series or indicator rows over every period they have, with markers and value
//! labels. On a time axis points sit at their dates; on a year axis every year has a tick, and
//! a facet's `gaps` may draw the lines in another pattern across years the data do not give.

use plotters::style::RGBColor;

use super::data::{DataKind, DrawnLine, FacetData, time_rows};
use super::model::*;
use super::query::{Ctx, Query, Value};
use super::{Built, fill_facet, period_vars};
use crate::format::grouped;
use crate::load::definition::charts::{LineDef, LinesDef, XScale};
use crate::period::Period;

/// Styles of lines without their own, in order, on a time axis.
const TIME_STYLES: [(RGBColor, Marker, Pattern); 5] = [
    (BLUE, Marker::Circle, Pattern::Solid),
    (VERMILLION, Marker::Triangle, Pattern::Dashed),
    (SKY, Marker::Square, Pattern::Dotted),
    (BLACK, Marker::Diamond, Pattern::DashDot),
    (ORANGE, Marker::TriangleDown, Pattern::Solid),
];

/// The same on a year axis: solid, told apart by colour and marker.
const YEAR_STYLES: [(RGBColor, Marker, Pattern); 5] = [
    (BLUE, Marker::Circle, Pattern::Solid),
    (ORANGE, Marker::Square, Pattern::Solid),
    (VERMILLION, Marker::Triangle, Pattern::Solid),
    (SKY, Marker::Diamond, Pattern::Solid),
    (BLACK, Marker::TriangleDown, Pattern::Solid),
];

fn query(l: &LineDef) -> Option<Query> {
    match (&l.series, &l.indicator, &l.subject) {
        (Some(s), None, None) => Some(Query::Series(s.clone())),
        (None, Some(i), Some(s)) => Some(Query::Indicator {
            indicator: i.clone(),
            subject: s.clone(),
        }),
        _ => None,
    }
}

/// What a lines facet's definition resolves to in the data: the lines the data give values of
/// (at least one), and the earliest and latest periods among them.
pub(super) struct Resolved<'d> {
    lines: Vec<Line<'d>>,
    first: Period,
    last: Period,
}

/// One line the data give values of.
struct Line<'d> {
    /// Its position in the definition, for its default style.
    index: usize,
    def: &'d LineDef,
    query: Query,
    /// In period order.
    values: Vec<Value>,
}

/// The lines a definition asks for; each the data cannot give is recorded as left out. None
/// when no line is left.
pub(super) fn resolve<'d>(ctx: &mut Ctx, def: &'d LinesDef, element: &str) -> Option<Resolved<'d>> {
    let mut lines = Vec::new();
    for (li, l) in def.lines.iter().enumerate() {
        let Some(q) = query(l) else {
            ctx.left_out(
                &format!("{element}, line {}", li + 1),
                "a line names a series, or an indicator and its subject",
            );
            continue;
        };
        let values = ctx.values(&q);
        if values.is_empty() {
            ctx.left_out(&format!("{element}, line {q}"), format!("no values of {q}"));
            continue;
        }
        lines.push(Line {
            index: li,
            def: l,
            query: q,
            values,
        });
    }
    let mut periods: Vec<Period> = lines.iter().flat_map(|l| l.values.iter().map(|v| v.period)).collect();
    periods.sort_by_key(Period::order_key);
    let (Some(first), Some(last)) = (periods.first().copied(), periods.last().copied()) else {
        return None;
    };
    Some(Resolved { lines, first, last })
}

/// What a facet's lines draw, gathered line by line.
#[derive(Default)]
struct Drawing {
    marks: Vec<Mark>,
    labels: Vec<Label>,
    legend: Vec<Key>,
    /// A tick per distinct x, labelled by the first period at it.
    ticks: Vec<(f64, String)>,
    /// The highest value.
    max: f64,
    /// For the facet's table: each line's name, points, colour and dash; every (x, period).
    drawn: Vec<DrawnLine>,
    times: Vec<(f64, Period)>,
}

/// Lays out a lines facet from what its definition resolved to.
pub(super) fn build(ctx: &Ctx, def: &LinesDef, resolved: &Resolved) -> Built {
    let years = def.x == XScale::Years;
    let mut drawing = Drawing::default();
    for line in &resolved.lines {
        draw_line(ctx, def, line, &mut drawing);
    }
    let Drawing {
        mut marks,
        labels,
        legend,
        ticks,
        max,
        drawn,
        times,
    } = drawing;
    marks.push(Mark::Labels(labels));
    let (first, last) = (resolved.first, resolved.last);
    let mut vars = period_vars("from", &first);
    vars.extend(period_vars("to", &last));
    let (x, right_pad, headroom) = x_axis(years, (first, last), ticks, fill_facet(ctx, &def.x_title, &vars));
    let facet = Facet {
        title: (!def.title.is_empty()).then(|| fill_facet(ctx, &def.title, &vars)),
        x,
        y: value_axis(
            0.0,
            max * headroom,
            def.ticks,
            &fill_facet(ctx, &def.y_title, &vars),
            grouped,
        ),
        right_pad,
        marks,
        legend: Vec::new(),
    };
    let mut data = FacetData::new(DataKind::Lines, &facet.x.title, &facet.y.title);
    data.time_axis = !years;
    data.rows = time_rows(&times);
    data.series = drawn.into_iter().map(|d| d.on(&data.rows)).collect();
    let mut out = Built::new(facet, data);
    out.legend = legend;
    out.notes = def.notes.iter().map(|n| fill_facet(ctx, n, &vars)).collect();
    out.periods = vec![("from", first), ("to", last)];
    out.years = years.then(|| (first.end_year(), last.end_year()));
    out
}

/// One line's marks, value labels, ticks and key, added to `drawing`.
fn draw_line(ctx: &Ctx, def: &LinesDef, line: &Line, drawing: &mut Drawing) {
    let years = def.x == XScale::Years;
    let styles = if years { &YEAR_STYLES } else { &TIME_STYLES };
    let Line {
        index,
        def: l,
        query: q,
        values,
    } = line;
    let (c0, m0, d0) = nth(styles, *index, (BLUE, Marker::Circle, Pattern::Solid));
    let col = l.color.map_or(c0, color);
    let mk = l.marker.map_or(m0, marker);
    let pattern = l.dash.map_or(d0, dash);
    let x_of = |p: &Period| {
        if years {
            f64::from(p.end_year())
        } else {
            p.time().unwrap_or(f64::from(p.end_year()) + 1.0)
        }
    };
    let points: Vec<(f64, f64)> = values.iter().map(|v| (x_of(&v.period), v.value)).collect();
    let last = points.len().saturating_sub(1);
    for (i, v) in values.iter().enumerate() {
        let d = def.decimals.or(v.decimals).unwrap_or(1);
        let number = format!("{}{}", qualifier_symbol(v.qualifier), grouped(v.value, d));
        let text = def.value_label.replace("{value}", &number);
        let (x, y) = (x_of(&v.period), v.value);
        drawing.labels.push(match i {
            _ if years => label(x, y, text, HAnchor::Center, VAnchor::Bottom, 0.0, -8.0),
            0 if last > 0 => label(x, y, text, HAnchor::Right, VAnchor::Center, -9.0, 0.0),
            i if i == last => label(x, y, text, HAnchor::Left, VAnchor::Center, 9.0, 0.0),
            _ => label(x, y, text, HAnchor::Center, VAnchor::Top, 0.0, 9.0),
        });
        drawing.max = drawing.max.max(v.value);
        drawing.times.push((x, v.period));
        if !drawing.ticks.iter().any(|(t, _)| *t == x) {
            drawing.ticks.push((x, v.period.label()));
        }
    }
    let gap_pattern = def.gaps.filter(|_| years).map_or(pattern, dash);
    drawing.marks.extend(line_marks(&points, col, pattern, gap_pattern));
    // The key shows the pattern drawn: the gaps' where every segment crosses a gap.
    let only_gaps = points.len() > 1 && points.windows(2).all(|w| !consecutive(&w[0], &w[1]));
    let key_pattern = if only_gaps { gap_pattern } else { pattern };
    drawing.marks.push(Mark::Points {
        points: points.clone(),
        marker: mk,
        color: col,
    });
    let key = match (&l.label, values.iter().find_map(|v| v.label.clone()), q) {
        (Some(t), _, _) => t.clone(),
        (None, Some(t), _) => t,
        (None, None, Query::Series(s)) => ctx.a.dataset.series_label(s),
        (None, None, q) => q.to_string(),
    };
    let key = ctx.a.dataset.organisation.fill(&key);
    drawing.legend.push(line_key(key.clone(), col, key_pattern, Some(mk)));
    drawing.drawn.push(DrawnLine {
        name: key,
        points,
        color: col,
        dashed: key_pattern != Pattern::Solid,
    });
}

/// The x axis from `first` to `last`, titled `title`: a tick per year on a year axis, else a
/// tick per point in time; with the room kept right of the plot and the headroom above the
/// highest value that its labels need.
fn x_axis(
    years: bool,
    (first, last): (Period, Period),
    mut ticks: Vec<(f64, String)>,
    title: String,
) -> (Axis, f64, f64) {
    if years {
        return (super::year_axis(first.end_year(), last.end_year(), &title), 10.0, 1.06);
    }
    ticks.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (t0, t1) = (ticks.first().map_or(0.0, |t| t.0), ticks.last().map_or(1.0, |t| t.0));
    let axis = Axis {
        min: t0 - 0.9,
        max: t1 + 0.6,
        ticks,
        title,
        kind: AxisKind::Value,
    };
    (axis, 56.0, 1.1)
}

/// A line's marks: runs of segments in `pattern` between consecutive years (or any points when
/// `gap` is the same pattern), in `gap` across years without data, each run one polyline so
/// that its pattern flows on through its points.
pub(super) fn line_marks(points: &[(f64, f64)], color: RGBColor, pattern: Pattern, gap: Pattern) -> Vec<Mark> {
    let style = |p: Pattern| (p, if p == pattern { 2.2 } else { 1.8 });
    let mut marks = Vec::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    let mut run_pattern = pattern;
    for w in points.windows(2) {
        let [a, b] = w else { continue };
        let p = if consecutive(a, b) { pattern } else { gap };
        if p != run_pattern && run.len() >= 2 {
            let (dash, width) = style(run_pattern);
            marks.push(Mark::Line {
                points: std::mem::take(&mut run),
                color,
                width,
                dash,
            });
        }
        if run.is_empty() {
            run.push(*a);
        }
        run.push(*b);
        run_pattern = p;
    }
    if run.len() >= 2 {
        let (dash, width) = style(run_pattern);
        marks.push(Mark::Line {
            points: run,
            color,
            width,
            dash,
        });
    }
    marks
}

/// Whether two points of a year axis are a year apart.
fn consecutive(a: &(f64, f64), b: &(f64, f64)) -> bool {
    (b.0 - a.0 - 1.0).abs() < 1e-9
}
