//! Drawing one facet: axes, grid, tick labels and the marks (their value labels in
//! `value_labels.rs`).

use plotters::element::{Circle, PathElement};
use plotters::prelude::DrawingBackend;

use super::DrawResult;
use super::draw::Canvas;
use super::geometry::{Plot, Rect, clamp_px};
use super::model::*;
use super::text::TextFont;

impl<DB: DrawingBackend> Canvas<'_, DB>
where
    DB::ErrorType: 'static,
{
    /// The facet's title and its own legend, from `x0` across `width` at `y`, drawn if `draw`;
    /// returns the height they take.
    pub(super) fn facet_head(&self, p: &Facet, (x0, width): (i32, i32), y: i32, draw: bool) -> DrawResult<i32> {
        let mut top = y;
        if let Some(t) = &p.title {
            let style = self.font(T_FACET, true, INK);
            for line in self.wrap(t, &style, width)? {
                if draw {
                    self.text(&line, &style, (x0, top), HAnchor::Left, VAnchor::Top)?;
                }
                top += self.line_h(T_FACET);
            }
            top += self.px(6.0);
        }
        if !p.legend.is_empty() {
            top += self.legend(&p.legend, (x0, x0 + width), top, draw)?;
            top += self.px(4.0);
        }
        Ok(top - y + self.px(8.0))
    }

    /// Draws a facet in `r`, its plot `head` below the top (the facets' tallest title and
    /// legend).
    pub(super) fn facet(&self, p: &Facet, r: Rect, head: i32) -> DrawResult {
        self.facet_head(p, (r.x0, r.x1 - r.x0), r.y0, true)?;
        let layout = self.layout(p, r, head)?;
        self.bands(&layout.plot, &p.marks)?;
        self.grid(p, &layout.plot)?;
        self.marks(&layout.plot, &p.marks)?;
        self.axes(p, &layout)?;
        self.axis_titles(p, r, &layout)
    }

    /// Where a facet's plot goes in `r`, `head` below its top: left of it the value axis' title
    /// and tick labels, below it the tick labels (wrapped to their slots for categories) and the
    /// axis' title, right of it the room its end labels need.
    fn layout(&self, p: &Facet, r: Rect, head: i32) -> DrawResult<Layout> {
        let tick = self.font(T_TICK, false, INK);
        let gap = self.px(8.0);
        let top = r.y0 + head;
        // Left axis: title (rotated), then tick labels.
        let left_max = ((r.x1 - r.x0) as f64 * 0.3) as i32;
        let left = self.tick_labels(&p.y, &tick, left_max)?;
        let mut label_w = 0;
        for (_, lines) in &left {
            for l in lines {
                label_w = label_w.max(self.measure(l, &tick)?);
            }
        }
        let title_w = if p.y.title.is_empty() {
            0
        } else {
            self.line_h(T_AXIS) + gap
        };
        let x0 = r.x0 + title_w + label_w + gap + self.px(4.0);
        // Right: room for end labels and for the last bottom tick label.
        let mut right = self.px(p.right_pad);
        if p.x.kind != AxisKind::Category
            && let Some((_, t)) = p.x.ticks.last()
        {
            right = right.max(self.measure(t, &tick)? / 2 + 2);
        }
        let x1 = (r.x1 - right).max(x0 + 1);
        // Bottom axis: tick labels, then title.
        let n_cat = p.x.ticks.len().max(1) as i32;
        let slot = (x1 - x0) / n_cat;
        let bottom = self.tick_labels(&p.x, &tick, slot - self.px(6.0))?;
        let bottom_lines = bottom.iter().map(|(_, l)| l.len()).max().unwrap_or(1) as i32;
        let x_title_h = if p.x.title.is_empty() {
            0
        } else {
            self.line_h(T_AXIS) + self.px(4.0)
        };
        let y1 = (r.y1 - (gap + bottom_lines * self.line_h(T_TICK) + x_title_h)).max(top + 1);
        let plot = Plot {
            rect: Rect { x0, y0: top, x1, y1 },
            x: (p.x.min, p.x.max),
            y: (p.y.min, p.y.max),
        };
        Ok(Layout {
            plot,
            left,
            bottom,
            bottom_lines,
        })
    }

    /// An axis' tick labels: a category's wrapped to `width`, a value's on one line.
    fn tick_labels(&self, axis: &Axis, font: &TextFont, width: i32) -> DrawResult<Vec<(f64, Vec<String>)>> {
        let mut labels = Vec::new();
        for (v, t) in &axis.ticks {
            let lines = if axis.kind == AxisKind::Category {
                self.wrap(t, font, width)?
            } else {
                vec![t.clone()]
            };
            labels.push((*v, lines));
        }
        Ok(labels)
    }

    /// The bands under the grid, each with its caption.
    fn bands(&self, plot: &Plot, marks: &[Mark]) -> DrawResult {
        let Rect { x0, y0: top, x1, y1 } = plot.rect;
        for mark in marks {
            if let Mark::Band {
                x0: b0,
                x1: b1,
                caption,
            } = mark
            {
                let a = clamp_px(plot.px(*b0).max(f64::from(x0)));
                let b = clamp_px(plot.px(*b1).min(f64::from(x1)));
                self.rect((a, top), (b, y1), BAND)?;
                if let Some(c) = caption {
                    let style = self.font(T_TICK, false, MUTED);
                    self.text(
                        c,
                        &style,
                        (b - self.px(6.0), top + self.px(5.0)),
                        HAnchor::Right,
                        VAnchor::Top,
                    )?;
                }
            }
        }
        Ok(())
    }

    /// Grid lines at the value axis' ticks.
    fn grid(&self, p: &Facet, plot: &Plot) -> DrawResult {
        let Rect { x0, y0: top, x1, y1 } = plot.rect;
        if p.y.kind == AxisKind::Value {
            for (v, _) in &p.y.ticks {
                let y = plot.py(*v);
                self.polyline(&[(f64::from(x0), y), (f64::from(x1), y)], GRID, 1.0, Pattern::Solid)?;
            }
        }
        if p.x.kind == AxisKind::Value && p.y.kind == AxisKind::Category {
            for (v, _) in &p.x.ticks {
                let x = plot.px(*v);
                self.polyline(&[(x, f64::from(top)), (x, f64::from(y1))], GRID, 1.0, Pattern::Solid)?;
            }
        }
        Ok(())
    }

    /// The axes' lines, then the left tick labels and marks, then the bottom ones.
    fn axes(&self, p: &Facet, layout: &Layout) -> DrawResult {
        let plot = &layout.plot;
        let Rect { x0, y0: top, x1, y1 } = plot.rect;
        let tick = self.font(T_TICK, false, INK);
        let lh_tick = self.line_h(T_TICK);
        let gap = self.px(8.0);
        let axis = self.stroke(MUTED, 1.0);
        self.area.draw(&PathElement::new(vec![(x0, y1), (x1, y1)], axis))?;
        self.area.draw(&PathElement::new(vec![(x0, top), (x0, y1)], axis))?;
        for (v, lines) in &layout.left {
            let y = plot.py(*v);
            let n = lines.len() as f64;
            for (i, line) in lines.iter().enumerate() {
                let ly = y + (i as f64 - (n - 1.0) / 2.0) * f64::from(lh_tick);
                self.text(line, &tick, (x0 - gap, clamp_px(ly)), HAnchor::Right, VAnchor::Center)?;
            }
            if p.y.kind == AxisKind::Value {
                self.area.draw(&PathElement::new(
                    vec![(x0 - self.px(4.0), clamp_px(y)), (x0, clamp_px(y))],
                    axis,
                ))?;
            }
        }
        if p.x.kind == AxisKind::Category {
            for (v, lines) in &layout.bottom {
                let x = clamp_px(plot.px(*v));
                for (i, line) in lines.iter().enumerate() {
                    self.text(
                        line,
                        &tick,
                        (x, y1 + gap + i as i32 * lh_tick),
                        HAnchor::Center,
                        VAnchor::Top,
                    )?;
                }
            }
            return Ok(());
        }
        self.value_ticks(p, layout)
    }

    /// The bottom ticks of a value axis: a mark at each (at each span's edges for spans), and
    /// every s-th label, the smallest s for which none overlaps the next.
    fn value_ticks(&self, p: &Facet, layout: &Layout) -> DrawResult {
        let plot = &layout.plot;
        let y1 = plot.rect.y1;
        let tick = self.font(T_TICK, false, INK);
        let axis = self.stroke(MUTED, 1.0);
        let ly = y1 + self.px(8.0);
        let mut spans = Vec::new();
        for (v, lines) in &layout.bottom {
            let w = self.measure(first_line(lines), &tick)?;
            spans.push((plot.px(*v), w));
        }
        let min_gap = f64::from(self.px(10.0));
        let fits = |s: usize| {
            let shown: Vec<&(f64, i32)> = spans.iter().step_by(s).collect();
            shown
                .windows(2)
                .all(|w| w[1].0 - w[0].0 >= f64::from(w[0].1 + w[1].1) / 2.0 + min_gap)
        };
        let stride = [1, 2, 3, 4, 5, 10, 20, 50]
            .into_iter()
            .find(|&s| fits(s))
            .unwrap_or(100);
        let edges: &[f64] = if p.x.kind == AxisKind::Spans {
            &[-0.5, 0.5]
        } else {
            &[0.0]
        };
        for (i, (v, lines)) in layout.bottom.iter().enumerate() {
            let x = clamp_px(plot.px(*v));
            for d in edges {
                let at = clamp_px(plot.px(*v + d));
                self.area
                    .draw(&PathElement::new(vec![(at, y1), (at, y1 + self.px(4.0))], axis))?;
            }
            if i % stride == 0 {
                self.text(first_line(lines), &tick, (x, ly), HAnchor::Center, VAnchor::Top)?;
            }
        }
        Ok(())
    }

    /// The axes' titles: below the bottom tick labels, and rotated left of the plot.
    fn axis_titles(&self, p: &Facet, r: Rect, layout: &Layout) -> DrawResult {
        let Rect { x0, y0: top, x1, y1 } = layout.plot.rect;
        let axis_font = self.font(T_AXIS, false, INK);
        let ly = y1 + self.px(8.0);
        if !p.x.title.is_empty() {
            self.text(
                &p.x.title,
                &axis_font,
                (
                    (x0 + x1) / 2,
                    ly + layout.bottom_lines * self.line_h(T_TICK) + self.px(4.0),
                ),
                HAnchor::Center,
                VAnchor::Top,
            )?;
        }
        if !p.y.title.is_empty() {
            let rotated = TextFont {
                rotated: true,
                ..axis_font
            };
            self.text(
                &p.y.title,
                &rotated,
                (r.x0 + self.line_h(T_AXIS) / 2, (top + y1) / 2),
                HAnchor::Center,
                VAnchor::Center,
            )?;
        }
        Ok(())
    }

    pub(super) fn marks(&self, plot: &Plot, marks: &[Mark]) -> DrawResult {
        let Rect { x0, y0, x1, y1 } = plot.rect;
        let rules: Vec<i32> = marks
            .iter()
            .filter_map(|m| match m {
                Mark::HRule { y, .. } => Some(clamp_px(plot.py(*y))),
                _ => None,
            })
            .collect();
        for mark in marks {
            match mark {
                Mark::Band { .. } => {}
                Mark::Bar {
                    x0: bx0,
                    x1: bx1,
                    y0: by0,
                    y1: by1,
                    color,
                    label,
                    horizontal,
                } => {
                    let (a, b) = (plot.to_pixels(*bx0, *by0), plot.to_pixels(*bx1, *by1));
                    let (left, right) = (a.0.min(b.0).max(x0), a.0.max(b.0).min(x1));
                    let (upper, lower) = (a.1.min(b.1).max(y0), a.1.max(b.1).min(y1));
                    self.rect((left, upper), (right, lower), *color)?;
                    if let Some(text) = label {
                        let positive = *bx1 >= *bx0 && *by1 >= *by0;
                        self.bar_label(
                            text,
                            *color,
                            (left, upper, right, lower),
                            (*horizontal, positive),
                            (&rules, y0),
                        )?;
                    }
                }
                Mark::Line {
                    points,
                    color,
                    width,
                    dash,
                } => {
                    let pts: Vec<(f64, f64)> = points.iter().map(|&(x, y)| (plot.px(x), plot.py(y))).collect();
                    self.polyline(&pts, *color, *width, *dash)?;
                }
                Mark::Points { points, marker, color } => {
                    for &(x, y) in points {
                        self.marker(*marker, plot.to_pixels(x, y), *color)?;
                    }
                }
                Mark::Ring { x, y, color } => {
                    let r = self.px(8.0);
                    self.area
                        .draw(&Circle::new(plot.to_pixels(*x, *y), r, self.stroke(*color, 1.8)))?;
                }
                Mark::HRule { y, color, dash } => {
                    let py = plot.py(*y);
                    self.polyline(&[(f64::from(x0), py), (f64::from(x1), py)], *color, 1.8, *dash)?;
                }
                Mark::VRule {
                    x,
                    color,
                    dash,
                    label,
                    side,
                    row,
                } => {
                    let px = plot.px(*x);
                    self.polyline(&[(px, f64::from(y0)), (px, f64::from(y1))], *color, 1.5, *dash)?;
                    if let Some(t) = label {
                        let style = self.font(T_VALUE, false, INK);
                        let dx = if *side == HAnchor::Right {
                            -self.px(6.0)
                        } else {
                            self.px(6.0)
                        };
                        let ty = y0 + self.px(6.0) + *row as i32 * (self.line_h(T_VALUE) + self.px(4.0));
                        // Kept inside the plot: moved along the line's side as needed.
                        let tw = self.measure(t, &style)?;
                        let pad = self.px(3.0);
                        let mut ax = clamp_px(px) + dx;
                        match side {
                            HAnchor::Right => ax = ax.max(x0 + tw + pad).min(x1 - pad),
                            _ => ax = ax.min(x1 - tw - pad).max(x0 + pad),
                        }
                        self.boxed_text(t, &style, (ax, ty), *side, VAnchor::Top)?;
                    }
                }
                Mark::Labels(labels) => self.labels(plot, labels)?,
            }
        }
        Ok(())
    }
}

/// A tick label's first line: a value axis' labels have one.
fn first_line(lines: &[String]) -> &str {
    lines.first().map_or("", String::as_str)
}

/// Where a facet's plot goes, and its tick labels as they are drawn.
struct Layout {
    plot: Plot,
    /// The left axis' ticks, each label's lines.
    left: Vec<(f64, Vec<String>)>,
    /// The bottom axis' ticks, each label's lines.
    bottom: Vec<(f64, Vec<String>)>,
    /// The most lines a bottom tick label takes.
    bottom_lines: i32,
}
