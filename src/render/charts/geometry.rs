//! Pixel geometry the renderer and the facets share: rectangles, a plot's mapping from data to
//! pixels, text anchors as plotters names them, colours of text on a fill, and dash patterns.

use plotters::style::RGBColor;
use plotters::style::text_anchor::{HPos, VPos};

use super::model::{HAnchor, INK, VAnchor, WHITE};

/// A rectangle in pixels: left, top, right, bottom.
#[derive(Clone, Copy)]
pub(super) struct Rect {
    pub(super) x0: i32,
    pub(super) y0: i32,
    pub(super) x1: i32,
    pub(super) y1: i32,
}

/// The plot area of a facet and its data ranges.
pub(super) struct Plot {
    pub(super) rect: Rect,
    pub(super) x: (f64, f64),
    pub(super) y: (f64, f64),
}

impl Plot {
    pub(super) fn px(&self, v: f64) -> f64 {
        let span = if self.x.1 > self.x.0 { self.x.1 - self.x.0 } else { 1.0 };
        f64::from(self.rect.x0) + (v - self.x.0) / span * f64::from(self.rect.x1 - self.rect.x0)
    }

    pub(super) fn py(&self, v: f64) -> f64 {
        let span = if self.y.1 > self.y.0 { self.y.1 - self.y.0 } else { 1.0 };
        f64::from(self.rect.y1) - (v - self.y.0) / span * f64::from(self.rect.y1 - self.rect.y0)
    }

    /// The pixel where the data point (x, y) falls, clamped.
    pub(super) fn to_pixels(&self, x: f64, y: f64) -> (i32, i32) {
        (clamp_px(self.px(x)), clamp_px(self.py(y)))
    }
}

/// A pixel coordinate, kept within a range the backends handle whatever the data.
pub(super) fn clamp_px(v: f64) -> i32 {
    if v.is_finite() {
        v.round().clamp(-100_000.0, 100_000.0) as i32
    } else {
        0
    }
}

/// Where plotters anchors a text across, for an [`HAnchor`].
pub(super) fn hpos(h: HAnchor) -> HPos {
    match h {
        HAnchor::Left => HPos::Left,
        HAnchor::Center => HPos::Center,
        HAnchor::Right => HPos::Right,
    }
}

/// Where plotters anchors a text down, for a [`VAnchor`].
pub(super) fn vpos(v: VAnchor) -> VPos {
    match v {
        VAnchor::Top => VPos::Top,
        VAnchor::Center => VPos::Center,
        VAnchor::Bottom => VPos::Bottom,
    }
}

/// Text colour readable on a fill.
pub(super) fn ink_on(fill: RGBColor) -> RGBColor {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let y = 0.2126 * lin(fill.0) + 0.7152 * lin(fill.1) + 0.0722 * lin(fill.2);
    if y < 0.3 { WHITE } else { INK }
}

/// Splits a polyline into the pieces drawn under a dash pattern.
pub(super) fn dash_pieces(points: &[(f64, f64)], pattern: &[f64]) -> Vec<Vec<(f64, f64)>> {
    if pattern.is_empty() || pattern.iter().any(|p| p.is_nan() || *p <= 0.0) || points.len() < 2 {
        return vec![points.to_vec()];
    }
    let mut pieces = Vec::new();
    let mut idx = 0;
    let mut left = pattern[0];
    let mut on = true;
    let mut current = vec![points[0]];
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        if !len.is_finite() || len > 1e6 {
            return vec![points.to_vec()];
        }
        let mut t = 0.0;
        while len - t > left {
            t += left;
            let f = t / len;
            let p = (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f);
            if on {
                current.push(p);
                pieces.push(std::mem::take(&mut current));
            } else {
                current = vec![p];
            }
            on = !on;
            idx = (idx + 1) % pattern.len();
            left = pattern[idx];
        }
        left -= len - t;
        if on {
            current.push(b);
        }
    }
    if on && current.len() > 1 {
        pieces.push(current);
    }
    pieces
}

/// Distance from `c` to the segment from `a` to `b`.
pub(super) fn segment_distance(c: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((c.0 - a.0) * dx + (c.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    ((c.0 - a.0 - t * dx).powi(2) + (c.1 - a.1 - t * dy).powi(2)).sqrt()
}

/// How much of a pixel centred at `c` lies on the inner side of a line's end `p` (the line
/// going on towards `q`), the end cut square: 1 inside, 0 half a pixel beyond.
pub(super) fn cap(c: (f64, f64), (p, q): ((f64, f64), (f64, f64))) -> f64 {
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let len = (dx * dx + dy * dy).sqrt();
    if len <= 0.0 {
        return 1.0;
    }
    let t = ((c.0 - p.0) * dx + (c.1 - p.1) * dy) / len;
    (t + 0.5).clamp(0.0, 1.0)
}
