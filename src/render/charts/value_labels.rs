//! Value labels: a bar's beyond its end and clear of reference lines, points' moved past each
//! other.

use plotters::prelude::DrawingBackend;
use plotters::style::RGBColor;

use super::DrawResult;
use super::draw::Canvas;
use super::geometry::{Plot, ink_on};
use super::model::*;

impl<DB: DrawingBackend> Canvas<'_, DB>
where
    DB::ErrorType: 'static,
{
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
