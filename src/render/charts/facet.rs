//! Drawing one facet: axes, grid, tick labels and the marks.

use plotters::element::{Circle, PathElement};
use plotters::prelude::DrawingBackend;
use plotters::style::RGBColor;

use super::DrawResult;
use super::draw::Canvas;
use super::geometry::{Plot, Rect, clamp_px, ink_on};
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
        let tick = self.font(T_TICK, false, INK);
        let axis_font = self.font(T_AXIS, false, INK);
        let lh_tick = self.line_h(T_TICK);
        let lh_axis = self.line_h(T_AXIS);
        let gap = self.px(8.0);
        self.facet_head(p, (r.x0, r.x1 - r.x0), r.y0, true)?;
        let top = r.y0 + head;
        // Left axis: title (rotated), then tick labels.
        let left_max = ((r.x1 - r.x0) as f64 * 0.3) as i32;
        let mut left_labels: Vec<(f64, Vec<String>)> = Vec::new();
        for (v, t) in &p.y.ticks {
            let lines = if p.y.kind == AxisKind::Category {
                self.wrap(t, &tick, left_max)?
            } else {
                vec![t.clone()]
            };
            left_labels.push((*v, lines));
        }
        let mut label_w = 0;
        for (_, lines) in &left_labels {
            for l in lines {
                label_w = label_w.max(self.measure(l, &tick)?);
            }
        }
        let title_w = if p.y.title.is_empty() { 0 } else { lh_axis + gap };
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
        let mut bottom_labels: Vec<(f64, Vec<String>)> = Vec::new();
        for (v, t) in &p.x.ticks {
            let lines = if p.x.kind == AxisKind::Category {
                self.wrap(t, &tick, slot - self.px(6.0))?
            } else {
                vec![t.clone()]
            };
            bottom_labels.push((*v, lines));
        }
        let n_lines = bottom_labels.iter().map(|(_, l)| l.len()).max().unwrap_or(1) as i32;
        let x_title_h = if p.x.title.is_empty() {
            0
        } else {
            lh_axis + self.px(4.0)
        };
        let y1 = (r.y1 - (gap + n_lines * lh_tick + x_title_h)).max(top + 1);
        let plot = Plot {
            rect: Rect { x0, y0: top, x1, y1 },
            x: (p.x.min, p.x.max),
            y: (p.y.min, p.y.max),
        };
        // Under the grid: bands.
        for mark in &p.marks {
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
        // Grid.
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
        self.marks(&plot, &p.marks)?;
        // Axes lines.
        let axis = self.stroke(MUTED, 1.0);
        self.area.draw(&PathElement::new(vec![(x0, y1), (x1, y1)], axis))?;
        self.area.draw(&PathElement::new(vec![(x0, top), (x0, y1)], axis))?;
        // Left tick labels.
        for (v, lines) in &left_labels {
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
        // Bottom tick labels: every label for categories; for values, every s-th tick, the
        // smallest s for which none overlaps the next.
        let ly = y1 + gap;
        if p.x.kind == AxisKind::Category {
            for (v, lines) in &bottom_labels {
                let x = clamp_px(plot.px(*v));
                for (i, line) in lines.iter().enumerate() {
                    self.text(line, &tick, (x, ly + i as i32 * lh_tick), HAnchor::Center, VAnchor::Top)?;
                }
            }
        } else {
            let mut spans = Vec::new();
            for (v, lines) in &bottom_labels {
                let w = self.measure(lines.first().map_or("", |s| s.as_str()), &tick)?;
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
            for (i, (v, lines)) in bottom_labels.iter().enumerate() {
                let x = clamp_px(plot.px(*v));
                let marks: &[f64] = if p.x.kind == AxisKind::Spans {
                    &[-0.5, 0.5]
                } else {
                    &[0.0]
                };
                for d in marks {
                    let at = clamp_px(plot.px(*v + d));
                    self.area
                        .draw(&PathElement::new(vec![(at, y1), (at, y1 + self.px(4.0))], axis))?;
                }
                if i % stride == 0 {
                    self.text(
                        lines.first().map_or("", |s| s.as_str()),
                        &tick,
                        (x, ly),
                        HAnchor::Center,
                        VAnchor::Top,
                    )?;
                }
            }
        }
        // Axis titles.
        if !p.x.title.is_empty() {
            self.text(
                &p.x.title,
                &axis_font,
                ((x0 + x1) / 2, ly + n_lines * lh_tick + self.px(4.0)),
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
                (r.x0 + lh_axis / 2, (top + y1) / 2),
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

    /// A bar's value: beyond its end, in ink. Above a vertical bar, it is moved above any
    /// reference line (`rules`, pixel rows) it would cross or sit on, so that it reads as the
    /// bar's; only where that would leave the plot (whose top is `plot_top`) does it go inside
    /// the bar's top, in the ink readable on its fill.
    pub(super) fn bar_label(
        &self,
        text: &str,
        fill: RGBColor,
        bar: (i32, i32, i32, i32),
        (horizontal, positive): (bool, bool),
        (rules, plot_top): (&[i32], i32),
    ) -> DrawResult {
        let (left, upper, right, lower) = bar;
        let mut font = self.font(T_VALUE, false, INK);
        let pad = self.px(5.0);
        if horizontal {
            let cy = (upper + lower) / 2;
            let (at, h) = if positive {
                ((right + pad, cy), HAnchor::Left)
            } else {
                ((left - pad, cy), HAnchor::Right)
            };
            return self.text(text, &font, at, h, VAnchor::Center);
        }
        let bar_w = right - left;
        let cx = (left + right) / 2;
        let th = font.em.ceil() as i32 + 1;
        let bottom = label_bottom(upper, th, self.px(4.0), self.px(3.0), rules);
        let inside = (upper + pad, upper + pad + th);
        let inside_fits = self.measure(text, &font)? + pad <= bar_w && lower - upper >= th + 2 * pad;
        let crosses = |(a, b): (i32, i32)| rules.iter().any(|&y| y >= a - 2 && y <= b + 2);
        if bottom - th < plot_top && inside_fits && !crosses(inside) {
            let on_fill = self.font(T_VALUE, false, ink_on(fill));
            return self.text(text, &on_fill, (cx, inside.0), HAnchor::Center, VAnchor::Top);
        }
        // Above: no wider than the bar and a little, so that neighbours' labels do not meet.
        let room = (f64::from(bar_w) * 1.15).max(1.0);
        let tw = f64::from(self.measure(text, &font)?);
        if tw > room {
            font = self.font((T_VALUE * room / tw).max(8.0 / self.k), false, INK);
        }
        self.text(text, &font, (cx, bottom), HAnchor::Center, VAnchor::Bottom)
    }

    /// Point labels, each moved down past any label of the group drawn before it that it
    /// would overlap.
    pub(super) fn labels(&self, plot: &Plot, labels: &[Label]) -> DrawResult {
        let style = self.font(T_VALUE, false, INK);
        let th = self.line_h(T_VALUE) - self.px(2.0);
        let mut boxes: Vec<(i32, i32, i32, i32, &Label)> = Vec::new();
        for l in labels {
            let (x, y) = plot.to_pixels(l.x, l.y);
            let (x, y) = (x + self.px(l.dx), y + self.px(l.dy));
            let tw = self.measure(&l.text, &style)?;
            let bx = match l.h {
                HAnchor::Left => x,
                HAnchor::Center => x - tw / 2,
                HAnchor::Right => x - tw,
            };
            let by = match l.v {
                VAnchor::Top => y,
                VAnchor::Center => y - th / 2,
                VAnchor::Bottom => y - th,
            };
            boxes.push((bx, by, tw, th, l));
        }
        boxes.sort_by_key(|b| (b.1, b.0));
        let mut placed: Vec<(i32, i32, i32, i32)> = Vec::new();
        for (bx, mut by, tw, th, l) in boxes {
            for _ in 0..placed.len() + 1 {
                let hit = placed
                    .iter()
                    .find(|(px, py, pw, ph)| bx < px + pw && *px < bx + tw && by < py + ph && *py < by + th);
                match hit {
                    Some((_, py, _, ph)) => by = py + ph,
                    None => break,
                }
            }
            placed.push((bx, by, tw, th));
            let at = match l.h {
                HAnchor::Left => bx,
                HAnchor::Center => bx + tw / 2,
                HAnchor::Right => bx + tw,
            };
            self.text(&l.text, &style, (at, by + th / 2), l.h, VAnchor::Center)?;
        }
        Ok(())
    }
}

/// The bottom row of a label `th` pixels high above a bar whose top is row `upper`: `gap` above
/// it, or `gap + line` above the highest reference line (`rules`) the label would otherwise
/// cross or touch, however many it meets on the way up.
pub(super) fn label_bottom(upper: i32, th: i32, gap: i32, line: i32, rules: &[i32]) -> i32 {
    let clear = gap + line;
    let mut bottom = upper - gap;
    for _ in 0..=rules.len() {
        let hit = rules
            .iter()
            .copied()
            .filter(|&y| y >= bottom - th - line && y < bottom + clear)
            .min();
        match hit {
            Some(y) => bottom = y - clear,
            None => break,
        }
    }
    bottom
}
