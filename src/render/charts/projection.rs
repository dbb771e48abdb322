//! Observed series and their projections under each method, a band over the projected years, and
//! where two of the series cross (from the report's question that compares them).

use plotters::style::RGBColor;

use super::data::{DataKind, DataRow, DrawnLine, FacetData};
use super::model::*;
use super::query::{Ctx, Query};
use super::{Built, fill_facet, period_vars};
use crate::compute::projections::Method;
use crate::format::grouped;
use crate::load::definition::charts::{ProjectedLineDef, ProjectionDef};
use crate::period::Period;

/// Styles of series without their own, in order.
const STYLES: [(RGBColor, Marker); 4] = [
    (BLUE, Marker::Circle),
    (ORANGE, Marker::Square),
    (VERMILLION, Marker::Triangle),
    (SKY, Marker::Diamond),
];

fn method_dash(m: Method) -> Pattern {
    match m {
        Method::ConstantCagr => Pattern::Dashed,
        Method::LinearTrend => Pattern::Dotted,
    }
}

/// What a projection facet's definition resolves to in the data: each series' observed values
/// and projections (at least one series observed), and the periods the projections start from.
pub(super) struct Resolved<'d> {
    series: Vec<Series<'d>>,
    /// The earliest and latest periods of the series' bases.
    from: Option<Period>,
    to: Option<Period>,
}

/// One series of a projection facet as the data give it.
struct Series<'d> {
    /// Its position in the definition, for its default style.
    index: usize,
    def: &'d ProjectedLineDef,
    /// (year end, value) of each observed value; none leaves the series out of the legend.
    observed: Vec<(f64, f64)>,
    /// Under each method of the projections, its projected (year, value) from its basis on, in
    /// order; empty where it has none.
    projected: Vec<(Method, Vec<(f64, f64)>)>,
}

/// The series a definition asks for, with their bases' data rows recorded; each with no
/// observed values is recorded as left out (its projections are still drawn). None when no
/// series has observed values.
pub(super) fn resolve<'d>(ctx: &mut Ctx, def: &'d ProjectionDef, element: &str) -> Option<Resolved<'d>> {
    let p = &ctx.a.projections;
    let (mut from, mut to): (Option<Period>, Option<Period>) = (None, None);
    let mut series = Vec::new();
    for (index, s) in def.series.iter().enumerate() {
        let basis = p.bases.iter().find(|b| b.series == s.series);
        if let Some(b) = basis {
            ctx.record(&b.inputs);
            from = Some(from.map_or(b.from, |f| f.min_by_order(b.from)));
            to = Some(to.map_or(b.to, |t| t.max_by_order(b.to)));
        }
        let observed: Vec<(f64, f64)> = ctx
            .values(&Query::Series(s.series.clone()))
            .iter()
            .map(|v| (f64::from(v.period.end_year()), v.value))
            .collect();
        let start = basis.map_or(i32::MIN, |b| b.year1);
        let projected: Vec<(Method, Vec<(f64, f64)>)> = p
            .methods
            .iter()
            .map(|&m| {
                let mut points: Vec<(f64, f64)> = p
                    .rows
                    .iter()
                    .filter(|r| r.series == s.series && r.method == m && r.year >= start && r.value.is_finite())
                    .map(|r| (f64::from(r.year), r.value))
                    .collect();
                points.sort_by(|a, b| a.0.total_cmp(&b.0));
                (m, points)
            })
            .collect();
        if observed.is_empty() {
            let why = if projected.iter().any(|(_, points)| !points.is_empty()) {
                "no observed values"
            } else {
                "no observed values and no projection"
            };
            ctx.left_out(
                &format!("{element}, series {}", s.series),
                format!("{why} of {}", s.series),
            );
        }
        series.push(Series {
            index,
            def: s,
            observed,
            projected,
        });
    }
    if series.iter().all(|s| s.observed.is_empty()) {
        return None;
    }
    Some(Resolved { series, from, to })
}

/// What a facet's series draw, gathered series by series.
struct Drawing {
    /// Observed lines, drawn under `lines`.
    marks: Vec<Mark>,
    /// Projected lines and observed points.
    lines: Vec<Mark>,
    labels: Vec<Label>,
    legend: Vec<Key>,
    /// The highest value.
    max: f64,
    /// The first and last years drawn.
    first: i32,
    last: i32,
    /// For the facet's table: each line's name, points, colour and dash.
    drawn: Vec<DrawnLine>,
}

/// Lays out a projection facet from what its definition resolved to.
pub(super) fn build(ctx: &Ctx, def: &ProjectionDef, resolved: &Resolved) -> Built {
    let p = &ctx.a.projections;
    let mut drawing = Drawing {
        marks: Vec::new(),
        lines: Vec::new(),
        labels: Vec::new(),
        legend: Vec::new(),
        max: 0.0,
        first: i32::MAX,
        last: i32::MIN,
        drawn: Vec::new(),
    };
    for s in &resolved.series {
        draw_series(ctx, def, s, &mut drawing);
    }
    let Drawing {
        mut marks,
        lines,
        labels,
        mut legend,
        max,
        first,
        mut last,
        drawn,
    } = drawing;
    let (from, to) = (resolved.from, resolved.to);
    let mut vars = vec![("horizon".to_string(), p.horizon.to_string())];
    if let (Some(f), Some(t)) = (from, to) {
        vars.extend(period_vars("from", &f));
        vars.extend(period_vars("to", &t));
    }
    let any_projection = lines
        .iter()
        .any(|m| matches!(m, Mark::Line { points, .. } if !points.is_empty()));
    if any_projection {
        for &m in &p.methods {
            let key = def.method_label.replace("{method}", m.label());
            legend.push(line_key(key, GREY, method_dash(m), None));
        }
    }
    if let (Some(t), Some(band)) = (to, &def.band)
        && any_projection
    {
        marks.insert(
            0,
            Mark::Band {
                x0: f64::from(t.end_year()),
                x1: f64::from(last) + 0.5,
                caption: Some(fill_facet(ctx, band, &vars)),
            },
        );
    }
    marks.extend(lines);
    let mut notes: Vec<String> = def.notes.iter().map(|n| fill_facet(ctx, n, &vars)).collect();
    let crossing_notes = crossings(ctx, def, &mut marks);
    if !crossing_notes.is_empty() {
        notes.push(crossing_notes.join(" "));
    }
    marks.push(Mark::Labels(labels));
    if last < first {
        last = first.saturating_add(1);
    }
    let x_title = fill_facet(ctx, &def.x_title, &vars);
    let facet = Facet {
        title: (!def.title.is_empty()).then(|| fill_facet(ctx, &def.title, &vars)),
        x: calendar_axis(first, last, &x_title),
        y: value_axis(0.0, max * 1.05, 6, &fill_facet(ctx, &def.y_title, &vars), grouped),
        right_pad: 52.0,
        marks,
        legend: Vec::new(),
    };
    let data = table(drawn, &facet);
    let mut out = Built::new(facet, data);
    out.legend = legend;
    out.notes = notes;
    out.periods = from
        .map(|f| ("from", f))
        .into_iter()
        .chain(to.map(|t| ("to", t)))
        .collect();
    out.vars = vars;
    out
}

/// One series' projected lines, each labelled at its end, then (if observed) its observed line,
/// points and key, added to `drawing`.
fn draw_series(ctx: &Ctx, def: &ProjectionDef, s: &Series, drawing: &mut Drawing) {
    let (c0, m0) = nth(&STYLES, s.index, (BLUE, Marker::Circle));
    let col = s.def.color.map_or(c0, color);
    let mk = s.def.marker.map_or(m0, marker);
    for (m, points) in &s.projected {
        if let Some(&(x, y)) = points.last() {
            let text = grouped(y, 0);
            drawing
                .labels
                .push(label(x, y, text, HAnchor::Left, VAnchor::Center, 7.0, 0.0));
            drawing.last = drawing.last.max(x as i32);
        }
        drawing.max = points.iter().fold(drawing.max, |a, (_, y)| a.max(*y));
        if !points.is_empty() {
            let key = def.method_label.replace("{method}", m.label());
            let name = format!("{}, {key}", ctx.a.dataset.series_label(&s.def.series));
            drawing.drawn.push(DrawnLine {
                name,
                points: points.clone(),
                color: col,
                dashed: true,
            });
        }
        drawing.lines.push(Mark::Line {
            points: points.clone(),
            color: col,
            width: 2.2,
            dash: method_dash(*m),
        });
    }
    if s.observed.is_empty() {
        return;
    }
    for &(x, y) in &s.observed {
        drawing.first = drawing.first.min(x as i32);
        drawing.last = drawing.last.max(x as i32);
        drawing.max = drawing.max.max(y);
    }
    let name = ctx.a.dataset.series_label(&s.def.series);
    let key = def.observed_label.replace("{name}", &name);
    drawing
        .legend
        .push(line_key(key.clone(), col, Pattern::Solid, Some(mk)));
    drawing.drawn.push(DrawnLine {
        name: key,
        points: s.observed.clone(),
        color: col,
        dashed: false,
    });
    drawing.marks.push(Mark::Line {
        points: s.observed.clone(),
        color: col,
        width: 2.2,
        dash: Pattern::Solid,
    });
    drawing.lines.push(Mark::Points {
        points: s.observed.clone(),
        marker: mk,
        color: col,
    });
}

/// The table: a row per year, observed series first in the definition's order.
fn table(mut drawn: Vec<DrawnLine>, facet: &Facet) -> FacetData {
    let mut data = FacetData::new(DataKind::Lines, &facet.x.title, &facet.y.title);
    let mut years: Vec<i64> = drawn
        .iter()
        .flat_map(|d| d.points.iter().map(|(x, _)| *x as i64))
        .collect();
    years.sort_unstable();
    years.dedup();
    data.rows = years
        .into_iter()
        .map(|y| DataRow {
            label: y.to_string(),
            period: None,
            x: Some(y as f64),
        })
        .collect();
    drawn.sort_by_key(|d| d.dashed);
    data.series = drawn.into_iter().map(|d| d.on(&data.rows)).collect();
    data
}

/// Years as spans, x being year ends (2023.0 = the end of 2023): each year's label in the middle
/// of its span, so a year-end point sits at the end of its year's span and a crossing during a
/// year under that year's label, as the answers word it.
fn calendar_axis(first: i32, last: i32, title: &str) -> Axis {
    let last = last.max(first);
    Axis {
        min: f64::from(first) - 1.0,
        max: f64::from(last) + 0.25,
        ticks: (first..=last).map(|y| (f64::from(y) - 0.5, y.to_string())).collect(),
        title: title.to_string(),
        kind: AxisKind::Spans,
    }
}

/// Where two of the chart's series cross, under each method: a vertical line with its label, a
/// ring on the first series' line; returns the notes.
fn crossings(ctx: &Ctx, def: &ProjectionDef, marks: &mut Vec<Mark>) -> Vec<String> {
    let p = &ctx.a.projections;
    let drawn = |s: &str| def.series.iter().any(|d| d.series == s);
    let Some(q) = ctx.a.dataset.definition.projections.as_ref().and_then(|d| {
        d.questions
            .iter()
            .find(|q| drawn(&q.series) && q.other_series.as_deref().is_some_and(drawn))
    }) else {
        return Vec::new();
    };
    let question = q.question.replace("{horizon}", &p.horizon.to_string());
    let mut found: Vec<(Method, f64, Option<i32>)> = p
        .answers
        .iter()
        .filter(|a| a.question == question)
        .filter_map(|a| Some((a.method, a.crossing_at.filter(|t| t.is_finite())?, a.first_year)))
        .collect();
    found.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut notes = Vec::new();
    let n = found.len();
    for (i, &(m, at, first_year)) in found.iter().enumerate() {
        // The answers give calendar time (end of 2018 = 2019.0); the axis is year ends.
        let x = at - 1.0;
        let side = if i == 0 && n > 1 { HAnchor::Right } else { HAnchor::Left };
        let text = def
            .crossing_label
            .replace("{method}", m.label())
            .replace("{year}", &(at.floor() as i32).to_string());
        marks.push(Mark::VRule {
            x,
            color: GREY,
            dash: method_dash(m),
            label: Some(text),
            side,
            row: 1 + i as u32,
        });
        // The first series' line at the crossing, interpolated between projected year ends.
        let pts: Vec<(f64, f64)> = p
            .rows
            .iter()
            .filter(|r| r.series == q.series && r.method == m && r.value.is_finite())
            .map(|r| (f64::from(r.year), r.value))
            .collect();
        let below = pts.iter().filter(|(y, _)| *y <= x).max_by(|a, b| a.0.total_cmp(&b.0));
        let above = pts.iter().filter(|(y, _)| *y >= x).min_by(|a, b| a.0.total_cmp(&b.0));
        if let (Some(&(x0, y0)), Some(&(x1, y1))) = (below, above) {
            let y = if x1 > x0 {
                y0 + (y1 - y0) * (x - x0) / (x1 - x0)
            } else {
                y0
            };
            marks.push(Mark::Ring { x, y, color: INK });
        }
        if let (Some(t), Some(year)) = (&def.crossing_note, first_year) {
            notes.push(t.replace("{method}", m.label()).replace("{year}", &year.to_string()));
        }
    }
    notes
}

/// Earlier and later of two periods, in chronological order.
trait ByOrder {
    fn min_by_order(self, other: Self) -> Self;
    fn max_by_order(self, other: Self) -> Self;
}

impl ByOrder for Period {
    fn min_by_order(self, other: Self) -> Self {
        if other.order_key() < self.order_key() {
            other
        } else {
            self
        }
    }

    fn max_by_order(self, other: Self) -> Self {
        if other.order_key() > self.order_key() {
            other
        } else {
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::definition::charts::ChartDef;

    /// The shipped projection chart: each crossing's line lies in the span of the year its
    /// label and the answer name, and the year-end points on the edges between spans.
    #[test]
    fn a_crossing_sits_under_the_year_the_answers_name() {
        let a = crate::analysis::analyse(Path::new("data")).expect("the shipped data analyse");
        let def: &ChartDef = a
            .dataset
            .definition
            .charts
            .iter()
            .find(|c| c.name == "workforce_projection")
            .expect("the shipped projection chart");
        let (chart, _) = super::super::build(&a, def);
        let facet = &chart.expect("a chart").facets[0];
        let rules: Vec<(f64, &str)> = facet
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::VRule { x, label: Some(l), .. } => Some((*x, l.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(rules.len(), 2, "one line per method");
        for (x, label) in rules {
            let (_, year) = facet
                .x
                .ticks
                .iter()
                .find(|(v, _)| (v - 0.5..v + 0.5).contains(&x))
                .expect("a year's span holds the crossing");
            assert!(label.ends_with(&format!("lines cross in {year}")), "{label} at {x}");
            let said = a.projections.answers.iter().any(|ans| {
                ans.answer.contains(&format!("cross during {year},")) && label.starts_with(ans.method.label())
            });
            assert!(said, "no answer says the lines cross during {year}");
        }
        // End 2023 is the edge between the spans of 2023 and 2024.
        let t2023 = facet.x.ticks.iter().find(|(_, l)| l == "2023").unwrap().0;
        assert_eq!(t2023 + 0.5, 2023.0);
    }
}
