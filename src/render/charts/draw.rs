//! The renderer: lays a [`Chart`] out in pixels and draws it on either backend.

use ab_glyph::point;
use plotters::coord::Shift;
use plotters::element::{Circle, PathElement, Polygon, Rectangle};
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::Pos;
use plotters::style::{Color, FontStyle, FontTransform, IntoFont, RGBColor, ShapeStyle};

use super::geometry::{Rect, cap, clamp_px, dash_pieces, hpos, segment_distance, vpos};
use super::model::*;
use super::text::{TextFont, X_HEIGHT};
use super::{DrawResult, FONT_FAMILY};

pub(super) struct Canvas<'a, DB: DrawingBackend> {
    pub(super) area: &'a DrawingArea<DB, Shift>,
    /// Scale of sizes relative to the reference canvas of 1000 × 600.
    pub(super) k: f64,
    pub(super) w: i32,
    pub(super) h: i32,
    /// A bitmap: text drawn as pixels here rather than handed to the backend as text (SVG), and
    /// dashed lines antialiased here.
    pub(super) raster_text: bool,
}

pub(super) fn render<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, chart: &Chart, raster_text: bool) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let (w, h) = area.dim_in_pixel();
    // Larger canvases scale everything (as a higher resolution would); smaller ones shrink
    // text less than the canvas, so that it stays readable.
    let r = (f64::from(w) / 1000.0).min(f64::from(h) / 600.0);
    let k = if r >= 1.0 { r.min(4.0) } else { r.sqrt().max(0.7) };
    let cv = Canvas {
        area,
        k,
        w: w as i32,
        h: h as i32,
        raster_text,
    };
    area.fill(&WHITE)?;
    let body = cv.frame(&chart.frame)?;
    let n = chart.facets.len().max(1) as i32;
    let gap = cv.px(36.0);
    let pw = (body.x1 - body.x0 - gap * (n - 1)) / n;
    // Every facet's plot starts at the same height, below the tallest title and legend.
    let mut head = 0;
    for facet in &chart.facets {
        head = head.max(cv.facet_head(facet, (body.x0, pw), body.y0, false)?);
    }
    for (i, facet) in chart.facets.iter().enumerate() {
        let x0 = body.x0 + i as i32 * (pw + gap);
        cv.facet(
            facet,
            Rect {
                x0,
                y0: body.y0,
                x1: x0 + pw,
                y1: body.y1,
            },
            head,
        )?;
    }
    Ok(())
}

impl<DB: DrawingBackend> Canvas<'_, DB>
where
    DB::ErrorType: 'static,
{
    pub(super) fn px(&self, v: f64) -> i32 {
        (v * self.k).round() as i32
    }

    /// A font `size` reference pixels to the em, scaled with the canvas.
    pub(super) fn font(&self, size: f64, bold: bool, color: RGBColor) -> TextFont {
        TextFont {
            em: size * self.k,
            bold,
            color,
            rotated: false,
        }
    }

    /// Distance between the baselines of lines of text of `size`.
    pub(super) fn line_h(&self, size: f64) -> i32 {
        self.px(size * 1.45)
    }

    pub(super) fn measure(&self, text: &str, font: &TextFont) -> DrawResult<i32> {
        Ok(font.width(text)?.ceil() as i32)
    }

    /// Draws `text` with its anchor at `at`: (h, v) say which point of the text that is. VAnchor::Top
    /// is the top of the capitals, VAnchor::Center the middle of the lower case, VAnchor::Bottom the
    /// bottom of the descenders (as plotters' SVG backend places them: dy 0.76em, 0.5ex, −0.5ex).
    pub(super) fn text(&self, text: &str, font: &TextFont, at: (i32, i32), h: HAnchor, v: VAnchor) -> DrawResult {
        // Control characters have no glyph, and are not allowed in XML.
        let clean: String;
        let text = if text.chars().any(char::is_control) {
            clean = text.chars().filter(|c| !c.is_control()).collect();
            clean.as_str()
        } else {
            text
        };
        if text.is_empty() {
            return Ok(());
        }
        if !self.raster_text {
            let weight = if font.bold { FontStyle::Bold } else { FontStyle::Normal };
            // plotters writes font-size = size / 1.24.
            let mut style = (FONT_FAMILY, font.em * 1.24, weight).into_font().color(&font.color);
            if font.rotated {
                style = style.transform(FontTransform::Rotate270);
            }
            self.area.draw_text(text, &style.pos(Pos::new(hpos(h), vpos(v))), at)?;
            return Ok(());
        }
        let face = font.face()?;
        let scale = font.scale(face);
        let em = font.em as f32;
        let width = font.width(text)?;
        // Text coordinates: u along the baseline, v down, from the anchor.
        let mut u = match h {
            HAnchor::Left => 0.0,
            HAnchor::Center => -width / 2.0,
            HAnchor::Right => -width,
        };
        let baseline = match v {
            VAnchor::Top => 0.76 * em,
            VAnchor::Center => 0.5 * X_HEIGHT * em,
            VAnchor::Bottom => -0.5 * X_HEIGHT * em,
        };
        for (id, kern, advance) in font.glyphs(text)? {
            u += kern;
            if let Some(glyph) = font.raster(id, scale, point(u, baseline))? {
                let (bx, by) = glyph.origin;
                for &(gx, gy, c) in glyph.pixels.iter() {
                    let (tu, tv) = (bx + i32::from(gx), by + i32::from(gy));
                    let (x, y) = if font.rotated {
                        (at.0 + tv, at.1 - tu - 1)
                    } else {
                        (at.0 + tu, at.1 + tv)
                    };
                    if x >= 0 && y >= 0 && x < self.w && y < self.h {
                        self.area.draw_pixel((x, y), &font.color.mix(f64::from(c.min(1.0))))?;
                    }
                }
            }
            u += advance;
        }
        Ok(())
    }

    /// Text in a white box, over whatever is below it.
    pub(super) fn boxed_text(&self, text: &str, font: &TextFont, at: (i32, i32), h: HAnchor, v: VAnchor) -> DrawResult {
        let tw = self.measure(text, font)?;
        let em = font.em;
        let x0 = match h {
            HAnchor::Left => at.0,
            HAnchor::Center => at.0 - tw / 2,
            HAnchor::Right => at.0 - tw,
        };
        // The box runs from the ascenders to the descenders.
        let baseline = f64::from(at.1)
            + match v {
                VAnchor::Top => 0.76 * em,
                VAnchor::Center => 0.5 * f64::from(X_HEIGHT) * em,
                VAnchor::Bottom => -0.5 * f64::from(X_HEIGHT) * em,
            };
        let pad = self.px(3.0);
        let top = (baseline - 0.95 * em).floor() as i32 - pad / 2;
        let bottom = (baseline + 0.25 * em).ceil() as i32 + pad / 2;
        self.area.draw(&Rectangle::new(
            [(x0 - pad, top), (x0 + tw + pad, bottom)],
            WHITE.filled(),
        ))?;
        self.text(text, font, at, h, v)
    }

    /// Lines of `text` no wider than `max_w` where words allow; "\n" forces a break.
    pub(super) fn wrap(&self, text: &str, font: &TextFont, max_w: i32) -> DrawResult<Vec<String>> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut current = String::new();
            for word in para.split(' ').filter(|w| !w.is_empty()) {
                let candidate = if current.is_empty() {
                    word.to_string()
                } else {
                    format!("{current} {word}")
                };
                if current.is_empty() || self.measure(&candidate, font)? <= max_w {
                    current = candidate;
                } else {
                    lines.push(std::mem::replace(&mut current, word.to_string()));
                }
            }
            lines.push(current);
        }
        Ok(lines)
    }

    pub(super) fn stroke(&self, color: RGBColor, width: f64) -> ShapeStyle {
        ShapeStyle {
            color: color.to_rgba(),
            filled: false,
            stroke_width: (width * self.k).round().max(1.0) as u32,
        }
    }

    pub(super) fn polyline(&self, points: &[(f64, f64)], color: RGBColor, width: f64, dash: Pattern) -> DrawResult {
        let pattern: Vec<f64> = dash.pattern().iter().map(|p| p * self.k).collect();
        // On a bitmap, dashes drawn from whole pixels step up and down along a sloped line: each
        // is drawn at its own sub-pixel place, antialiased.
        if self.raster_text && dash != Pattern::Solid {
            let w = (width * self.k).round().max(1.0);
            for piece in dash_pieces(points, &pattern) {
                self.smooth_piece(&piece, color, w)?;
            }
            return Ok(());
        }
        for piece in dash_pieces(points, &pattern) {
            let pts: Vec<(i32, i32)> = piece.iter().map(|&(x, y)| (clamp_px(x), clamp_px(y))).collect();
            if pts.len() >= 2 {
                self.area.draw(&PathElement::new(pts, self.stroke(color, width)))?;
            }
        }
        Ok(())
    }

    /// One piece of a dashed line on a bitmap, `w` pixels wide: each pixel inked by the share
    /// of it the stroke covers (round joins, square-cut ends). A piece along a row or column is
    /// put on the pixel grid, so that it stays as crisp as a solid line.
    fn smooth_piece(&self, piece: &[(f64, f64)], color: RGBColor, w: f64) -> DrawResult {
        let Some(&first) = piece.first() else {
            return Ok(());
        };
        if piece.len() < 2 || piece.iter().any(|(x, y)| !x.is_finite() || !y.is_finite()) {
            return Ok(());
        }
        let snap = |v: f64| if w % 2.0 == 1.0 { v.floor() + 0.5 } else { v.round() };
        let mut pts = piece.to_vec();
        if pts.iter().all(|p| (p.1 - first.1).abs() < 1e-9) {
            pts.iter_mut().for_each(|p| p.1 = snap(first.1));
        } else if pts.iter().all(|p| (p.0 - first.0).abs() < 1e-9) {
            pts.iter_mut().for_each(|p| p.0 = snap(first.0));
        }
        let half = w / 2.0;
        let (mut lo, mut hi) = ((f64::INFINITY, f64::INFINITY), (f64::NEG_INFINITY, f64::NEG_INFINITY));
        for &(x, y) in &pts {
            lo = (lo.0.min(x), lo.1.min(y));
            hi = (hi.0.max(x), hi.1.max(y));
        }
        let clip = |v: f64, max: i32| (v.floor() as i64).clamp(0, i64::from(max.max(1) - 1)) as i32;
        let (x0, x1) = (clip(lo.0 - half - 1.0, self.w), clip(hi.0 + half + 1.0, self.w));
        let (y0, y1) = (clip(lo.1 - half - 1.0, self.h), clip(hi.1 + half + 1.0, self.h));
        let (start, end) = ((pts[0], pts[1]), (pts[pts.len() - 1], pts[pts.len() - 2]));
        for py in y0..=y1 {
            for px in x0..=x1 {
                let c = (f64::from(px) + 0.5, f64::from(py) + 0.5);
                let d = pts
                    .windows(2)
                    .map(|s| segment_distance(c, s[0], s[1]))
                    .fold(f64::INFINITY, f64::min);
                let cover = (half + 0.5 - d).clamp(0.0, 1.0) * cap(c, start) * cap(c, end);
                if cover > 0.0 {
                    self.area.draw_pixel((px, py), &color.mix(cover))?;
                }
            }
        }
        Ok(())
    }

    pub(super) fn rect(&self, a: (i32, i32), b: (i32, i32), color: RGBColor) -> DrawResult {
        self.area.draw(&Rectangle::new([a, b], color.filled()))?;
        Ok(())
    }

    pub(super) fn marker(&self, m: Marker, (x, y): (i32, i32), color: RGBColor) -> DrawResult {
        let r = 4.5 * self.k;
        let p = |dx: f64, dy: f64| (x + (dx * r).round() as i32, y + (dy * r).round() as i32);
        let style = color.filled();
        match m {
            Marker::Circle => self.area.draw(&Circle::new((x, y), r.round() as i32, style))?,
            Marker::Square => self
                .area
                .draw(&Rectangle::new([p(-0.85, -0.85), p(0.85, 0.85)], style))?,
            Marker::Triangle => self
                .area
                .draw(&Polygon::new(vec![p(0.0, -1.2), p(1.05, 0.8), p(-1.05, 0.8)], style))?,
            Marker::TriangleDown => self
                .area
                .draw(&Polygon::new(vec![p(0.0, 1.2), p(1.05, -0.8), p(-1.05, -0.8)], style))?,
            Marker::Diamond => self.area.draw(&Polygon::new(
                vec![p(0.0, -1.3), p(1.05, 0.0), p(0.0, 1.3), p(-1.05, 0.0)],
                style,
            ))?,
        }
        Ok(())
    }

    pub(super) fn swatch(&self, s: &Swatch, (x, cy): (i32, i32), w: i32) -> DrawResult {
        match s {
            Swatch::Bar(color) => {
                let half = self.px(6.0);
                self.rect((x + w / 2 - half, cy - half), (x + w / 2 + half, cy + half), *color)
            }
            Swatch::Line { color, dash, marker } => {
                let y = f64::from(cy);
                self.polyline(&[(f64::from(x), y), (f64::from(x + w), y)], *color, 2.2, *dash)?;
                if let Some(m) = marker {
                    self.marker(*m, (x + w / 2, cy), *color)?;
                }
                Ok(())
            }
        }
    }

    /// Lays out `keys` in rows between `x0` and `x1` from `y` down, drawn if `draw`; returns
    /// the height taken (none without keys).
    pub(super) fn legend(&self, keys: &[Key], (x0, x1): (i32, i32), y: i32, draw: bool) -> DrawResult<i32> {
        if keys.is_empty() {
            return Ok(0);
        }
        let style = self.font(T_LEGEND, false, INK);
        let sw = self.px(30.0);
        let gap = self.px(7.0);
        let sep = self.px(22.0);
        let lh = self.line_h(T_LEGEND) + self.px(3.0);
        let (mut x, mut row) = (x0, 0);
        for key in keys {
            let iw = sw + gap + self.measure(&key.label, &style)?;
            if x > x0 && x + iw > x1 {
                x = x0;
                row += lh;
            }
            if draw {
                let cy = y + row + lh / 2;
                self.swatch(&key.swatch, (x, cy), sw)?;
                self.text(&key.label, &style, (x + sw + gap, cy), HAnchor::Left, VAnchor::Center)?;
            }
            x += iw + sep;
        }
        Ok(row + lh)
    }

    /// Draws title, legend, notes and sources; returns the room left for the facets.
    pub(super) fn frame(&self, f: &Frame) -> DrawResult<Rect> {
        let m = self.px(16.0);
        let inner = self.w - 2 * m;
        let title = self.font(T_TITLE, true, INK);
        let mut y = m;
        for line in self.wrap(&f.title, &title, inner)? {
            self.text(&line, &title, (m, y), HAnchor::Left, VAnchor::Top)?;
            y += self.line_h(T_TITLE);
        }
        y += self.px(4.0);
        y += self.legend(&f.legend, (m, self.w - m), y, true)?;
        y += self.px(10.0);
        let foot = self.font(T_FOOT, false, MUTED);
        let lh = self.line_h(T_FOOT);
        let mut lines = Vec::new();
        for text in f.notes.iter().chain(&f.sources).filter(|t| !t.is_empty()) {
            lines.extend(self.wrap(text, &foot, inner)?);
        }
        // On a small canvas the notes give way to the chart; the sources always stay.
        if lh * lines.len() as i32 > self.h / 4 {
            lines.clear();
            for text in f.sources.iter().filter(|t| !t.is_empty()) {
                lines.extend(self.wrap(text, &foot, inner)?);
            }
        }
        let mut fy = self.h - self.px(10.0) - lh * lines.len() as i32;
        let bottom = fy - self.px(10.0);
        for line in &lines {
            self.text(line, &foot, (m, fy), HAnchor::Left, VAnchor::Top)?;
            fy += lh;
        }
        Ok(Rect {
            x0: m,
            y0: y,
            x1: self.w - m,
            y1: bottom.max(y + 1),
        })
    }
}
