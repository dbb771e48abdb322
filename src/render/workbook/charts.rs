//! The Charts sheet: for each chart of the report, its numbers as cells and a native Excel chart
//! drawn from those cells, with the chart's title, axis titles, colours, and its notes and sources
//! below. A reader can restyle it, translate its texts, or paste it into a slide.

use std::borrow::Cow;

use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartAxisLabelPosition, ChartEmptyCells, ChartFormat, ChartLegendPosition, ChartLine,
    ChartLineDashType, ChartMarker, ChartPoint, ChartSolidFill, ChartType, Color, ExcelDateTime, Format, Shape,
    ShapeFont, Worksheet, XlsxError,
};

use super::cells::{Formats, col, fit, lines_points, wrapped_lines};
use crate::period::Period;
use crate::render::charts::{DataKind, DataRow, FacetData, RenderedChart};

/// The sheet's name, which the charts' ranges refer to.
pub(super) const SHEET: &str = crate::names::CHARTS_SHEET;

/// Size of each native chart, in pixels.
const CHART_WIDTH: u32 = 720;
const CHART_HEIGHT: u32 = 400;
/// Height of a block's header row, in points (room for four wrapped lines) and in pixels: the
/// least it is given, taller where its headers wrap on more lines.
const HEADER_POINTS: f64 = 54.0;
const HEADER_PIXELS: u32 = 72;
/// Widths of the label column and of the other columns, in characters of the default font.
const LABEL_WIDTH: u16 = 34;
const VALUE_WIDTH: u16 = 13;
/// Rows below the header row that a chart covers, at the default row height of 20 pixels.
const CHART_ROWS: u32 = (CHART_HEIGHT - HEADER_PIXELS).div_ceil(20);
/// Height of the text box under a chart holding its notes and sources, and its gap below the
/// chart, in pixels.
const FOOTER_HEIGHT: u32 = 90;
const FOOTER_GAP: u32 = 12;
const FOOTER_ROWS: u32 = FOOTER_HEIGHT / 20 + 1;

/// Writes every chart's numbers and draws its native charts; returns how many charts were drawn.
pub(super) fn write(ws: &mut Worksheet, charts: &[RenderedChart], formats: &mut Formats) -> Result<usize, XlsxError> {
    let title_format = Format::new().set_bold().set_font_size(13);
    let muted = Format::new().set_italic();
    let mut row: u32 = 0;
    let mut drawn = 0;
    let intro = [
        "Each chart of the report: its numbers, and a native chart drawn from these cells.",
        "Lines are drawn against the Date column (lines over dates) or the Year column (lines over years).",
    ];
    for line in intro {
        ws.write_string(row, 0, fit(line))?;
        row += 1;
    }
    row += 1;
    for c in charts {
        ws.write_string_with_format(row, 0, fit(&c.title), &title_format)?;
        row += 1;
        let many = c.facets.len() > 1;
        for (k, p) in c.facets.iter().enumerate() {
            if let (true, Some(t)) = (many, &p.title) {
                ws.write_string_with_format(row, 0, fit(t), &muted)?;
                row += 1;
            }
            let top = row;
            let last_col = write_block(ws, row, p, formats)?;
            let title = match (&p.title, many) {
                (Some(t), true) => format!("{} \u{2014} {t}", c.title),
                _ => c.title.clone(),
            };
            // A facet with no value gets its table, not an empty chart.
            let any = p.series.iter().any(|s| s.values.iter().any(Option::is_some));
            if any {
                ws.insert_chart(top, last_col + 2, &native(p, &title, top)?)?;
                drawn += 1;
            }
            // The notes and sources once, under the figure's last chart.
            let footer = c.footer.join("\n");
            if any && k + 1 == c.facets.len() && !footer.is_empty() {
                let text = Shape::textbox()
                    .set_text(&footer)
                    .set_width(CHART_WIDTH)
                    .set_height(FOOTER_HEIGHT)
                    .set_font(&ShapeFont::new().set_size(8));
                // Placed by its distance from the chart's top, whatever the rows' heights.
                ws.insert_shape_with_offset(top, last_col + 2, &text, 0, CHART_HEIGHT + FOOTER_GAP)?;
            }
            let block_rows = u32::try_from(p.rows.len()).unwrap_or(u32::MAX).saturating_add(1);
            row = top + block_rows.max(CHART_ROWS + FOOTER_ROWS) + 1;
        }
        for line in &c.footer {
            ws.write_string_with_format(row, 0, fit(line), &muted)?;
            row += 1;
        }
        row += 2;
    }
    // Labels and titles in a wide first column; series under wrapped headers.
    ws.set_column_width(0, LABEL_WIDTH)?;
    ws.set_column_range_width(1, 16, VALUE_WIDTH)?;
    Ok(drawn)
}

/// A facet's table at `top`: the row labels (and, for lines, their position in years), then a
/// column per series. Returns the last column used.
fn write_block(ws: &mut Worksheet, top: u32, p: &FacetData, formats: &mut Formats) -> Result<u16, XlsxError> {
    let bold = formats
        .bold
        .clone()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let label_title = if p.x_title.is_empty() {
        "Series"
    } else {
        p.x_title.as_str()
    };
    ws.write_string_with_format(top, 0, fit(label_title), &bold)?;
    // Room for the headers wrapped (a reader's program does not size rows it is given).
    let header_lines = p
        .series
        .iter()
        .map(|s| wrapped_lines(&s.name, VALUE_WIDTH.into()))
        .chain([wrapped_lines(label_title, LABEL_WIDTH.into())])
        .max()
        .unwrap_or(1);
    ws.set_row_height(top, lines_points(header_lines).max(HEADER_POINTS))?;
    let lines = p.kind == DataKind::Lines;
    let first_series = if lines { 2 } else { 1 };
    if lines {
        let x_header = if p.time_axis { "Date" } else { "Year" };
        ws.write_string_with_format(top, 1, fit(x_header), &bold)?;
    }
    for (j, s) in p.series.iter().enumerate() {
        ws.write_string_with_format(top, col(first_series + j), fit(&s.name), &bold)?;
    }
    let x_code = if p.time_axis {
        "yyyy-mm-dd".to_string()
    } else {
        match decimals(p.rows.iter().filter_map(|r| r.x)) {
            0 => "0".to_string(),
            _ => "0.000".to_string(),
        }
    };
    let codes: Vec<String> = p
        .series
        .iter()
        .map(|s| match decimals(s.values.iter().flatten().copied()) {
            0 => "#,##0".to_string(),
            d => format!("#,##0.{}", "0".repeat(d)),
        })
        .collect();
    for (i, r) in p.rows.iter().enumerate() {
        let row = top + 1 + u32::try_from(i).unwrap_or(u32::MAX);
        // A label of several lines (a code above its name) gets a row of as many lines.
        let label_lines = wrapped_lines(&r.label, LABEL_WIDTH.into());
        if label_lines > 1 {
            ws.write_string_with_format(row, 0, fit(&r.label), &wrap)?;
            ws.set_row_height(row, lines_points(label_lines))?;
        } else {
            ws.write_string(row, 0, fit(&r.label))?;
        }
        if let (true, Some(x)) = (lines, r.x) {
            let x = if p.time_axis { excel_date(r, x)? } else { x };
            ws.write_number_with_format(row, 1, x, formats.number(&x_code))?;
        }
        for (j, s) in p.series.iter().enumerate() {
            if let (Some(Some(v)), Some(code)) = (s.values.get(i), codes.get(j)) {
                ws.write_number_with_format(row, col(first_series + j), *v, formats.number(code))?;
            }
        }
    }
    Ok(col(first_series + p.series.len().saturating_sub(1)))
}

/// A point of a time axis as an Excel date serial: a date as itself, any other period at its
/// position `x` in fractional years (a year at its middle).
fn excel_date(r: &DataRow, x: f64) -> Result<f64, XlsxError> {
    let day = |y: i32, m: u32, d: u32| -> Result<f64, XlsxError> {
        let (y, m, d) = (
            u16::try_from(y).map_err(|_| XlsxError::DateTimeRangeError(format!("year {y}")))?,
            u8::try_from(m).unwrap_or(1),
            u8::try_from(d).unwrap_or(1),
        );
        Ok(ExcelDateTime::from_ymd(y, m, d)?.to_excel())
    };
    match r.period {
        Some(Period::Date { year, month, day: d }) => day(year, month, d),
        _ => {
            let year = x.floor() as i32;
            let start = day(year, 1, 1)?;
            let end = day(year.saturating_add(1), 1, 1)?;
            Ok(start + (x - x.floor()) * (end - start))
        }
    }
}

/// Decimals (0 to 2) that show every value as the drawing writes it: whole numbers without a
/// decimal point (Excel would print `2,142.` for `#,##0.##`).
fn decimals(values: impl Iterator<Item = f64>) -> usize {
    let values: Vec<f64> = values.collect();
    (0..2)
        .find(|&d| {
            let scale = 10f64.powi(d as i32);
            values.iter().all(|v| ((v * scale) - (v * scale).round()).abs() < 1e-6)
        })
        .unwrap_or(2)
}

fn color(c: (u8, u8, u8)) -> Color {
    Color::RGB((u32::from(c.0) << 16) | (u32::from(c.1) << 8) | u32::from(c.2))
}

/// A solid fill of colour `c`.
fn fill_format(c: (u8, u8, u8)) -> ChartFormat {
    let mut fill = ChartSolidFill::new();
    fill.set_color(color(c));
    let mut format = ChartFormat::new();
    format.set_solid_fill(&fill);
    format
}

/// A line of colour `c`, dashed or solid.
fn line_of(c: (u8, u8, u8), dashed: bool) -> ChartLine {
    let mut line = ChartLine::new();
    line.set_color(color(c)).set_width(2.0);
    if dashed {
        line.set_dash_type(ChartLineDashType::Dash);
    }
    line
}

/// Shows nothing: put where a title would otherwise be read as a formula or a reference.
const WORD_JOINER: char = '\u{2060}';

/// A chart's or an axis's title that rust_xlsxwriter writes as text. It reads a title as a formula
/// when it starts with `=(`, or with `=` and holds a `[`, and as a reference when what follows its
/// first `!` is a range (`Workforce!A1`): the chart would then show another cell, or a file Excel
/// repairs. A word joiner before the `=` or after the `!` keeps such a title text, shown as
/// written; any other title is unchanged.
fn as_text(title: &str) -> Cow<'_, str> {
    let formula = title.starts_with("=(") || (title.starts_with('=') && title.contains('['));
    let reference = title.find('!').filter(|&i| {
        let range: String = title[i + 1..].chars().filter(|&c| c != '$').collect();
        range.starts_with(|c: char| c.is_ascii_uppercase())
            && range.ends_with(|c: char| c.is_ascii_digit())
            && range
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == ':')
    });
    if !formula && reference.is_none() {
        return Cow::Borrowed(title);
    }
    let mut out = String::with_capacity(title.len() + 6);
    if formula {
        out.push(WORD_JOINER);
    }
    match reference {
        Some(i) => {
            out.push_str(&title[..=i]);
            out.push(WORD_JOINER);
            out.push_str(&title[i + 1..]);
        }
        None => out.push_str(title),
    }
    Cow::Owned(out)
}

/// The native chart of a facet whose table starts at row `top`.
fn native(p: &FacetData, title: &str, top: u32) -> Result<Chart, XlsxError> {
    let first = top + 1;
    let last = top + u32::try_from(p.rows.len()).unwrap_or(u32::MAX).max(1);
    let lines = p.kind == DataKind::Lines;
    let first_series = if lines { 2 } else { 1 };
    let mut chart = Chart::new(match p.kind {
        DataKind::Columns => ChartType::Column,
        DataKind::Bars => ChartType::Bar,
        DataKind::Lines => ChartType::ScatterStraightWithMarkers,
    });
    // Reference lines over bars: a line chart combined with the bar chart.
    let mut overlay = Chart::new(ChartType::Line);
    let mut overlaid = false;
    // Bar series that never share a row (highlighted bars split from the others, to be named in
    // the legend) overlap fully, so that each bar stands at the middle of its category.
    let disjoint = !lines
        && p.series.iter().filter(|s| !s.line).count() > 1
        && (0..p.rows.len()).all(|i| {
            let bars = p.series.iter().filter(|s| !s.line);
            bars.filter(|s| s.values.get(i).is_some_and(Option::is_some)).count() <= 1
        });
    for (j, s) in p.series.iter().enumerate() {
        let c = col(first_series + j);
        let target = if s.line && !lines {
            overlaid = true;
            &mut overlay
        } else {
            &mut chart
        };
        let series = target
            .add_series()
            .set_name((SHEET, top, c))
            .set_values((SHEET, first, c, last, c));
        if lines {
            series.set_categories((SHEET, first, 1, last, 1));
        } else {
            series.set_categories((SHEET, first, 0, last, 0));
        }
        if s.line {
            let line = line_of(s.color, s.dashed);
            series.set_format(ChartFormat::new().set_line(&line));
            // Markers on every line, so that a reference line over a single category shows.
            {
                let mut format = fill_format(s.color);
                format.set_line(&line);
                let mut marker = ChartMarker::new();
                marker.set_automatic().set_format(&mut format);
                series.set_marker(&marker);
            }
        } else {
            series.set_format(&mut fill_format(s.color));
            if disjoint {
                series.set_overlap(100);
            }
            if s.point_colors.iter().any(Option::is_some) {
                let points: Vec<ChartPoint> = s
                    .point_colors
                    .iter()
                    .map(|pc| match pc {
                        Some(pc) => ChartPoint::new().set_format(&mut fill_format(*pc)),
                        None => ChartPoint::new(),
                    })
                    .collect();
                series.set_points(&points);
            }
        }
    }
    if overlaid {
        chart.combine(&overlay);
    }
    chart.title().set_name(&*as_text(title));
    axes(&mut chart, p);
    chart.set_width(CHART_WIDTH).set_height(CHART_HEIGHT);
    chart.legend().set_position(ChartLegendPosition::Bottom);
    Ok(chart)
}

/// The axes of a facet's chart: their titles, bars top-down, lines over their dates or years
/// (joined across a blank), values over years from 0.
fn axes(chart: &mut Chart, p: &FacetData) {
    let lines = p.kind == DataKind::Lines;
    if p.kind == DataKind::Bars {
        // In a bar chart the value axis is the horizontal one, and the categories read top-down.
        chart.x_axis().set_name(&*as_text(&p.y_title));
        chart
            .y_axis()
            .set_name(&*as_text(&p.x_title))
            .set_reverse()
            .set_crossing(ChartAxisCrossing::Max)
            .set_label_position(ChartAxisLabelPosition::Low);
    } else {
        chart.x_axis().set_name(&*as_text(&p.x_title));
        chart.y_axis().set_name(&*as_text(&p.y_title));
    }
    if lines && p.time_axis {
        // A tick at each 31 December (a year-end headcount sits on its year's tick), from the one
        // before the first point to the one after the last.
        let dates: Vec<f64> = p
            .rows
            .iter()
            .filter_map(|r| r.x.and_then(|x| excel_date(r, x).ok()))
            .collect();
        let years = p.rows.iter().filter_map(|r| r.period.map(|p| p.end_year()));
        let (first, last) = years.fold((i32::MAX, i32::MIN), |(a, b), y| (a.min(y), b.max(y)));
        let dec31 = |y: i32| {
            u16::try_from(y)
                .ok()
                .and_then(|y| ExcelDateTime::from_ymd(y, 12, 31).ok())
        };
        if let (false, Some(lo), Some(hi)) = (
            dates.is_empty(),
            dec31(first.saturating_sub(1)),
            dec31(last.saturating_add(1)),
        ) {
            chart
                .x_axis()
                .set_min(lo.to_excel())
                .set_max(hi.to_excel())
                .set_major_unit(365.25)
                .set_num_format("yyyy");
        }
    } else if lines {
        let xs = p.rows.iter().filter_map(|r| r.x);
        let (lo, hi) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), x| (l.min(x), h.max(x)));
        if lo.is_finite() && hi.is_finite() {
            let (lo, hi) = (lo.floor(), hi.ceil().max(lo.floor() + 1.0));
            chart.x_axis().set_min(lo).set_max(hi).set_num_format("0");
        }
        chart.y_axis().set_min(0);
    }
    if lines {
        // A line runs on across a period a series has no value at, as the drawing does (a
        // share not computable for one date), rather than stopping at markers either side.
        chart.show_empty_cells_as(ChartEmptyCells::Connected);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_read_as_formulas_or_references_are_kept_text() {
        assert_eq!(as_text("Workforce!A1"), "Workforce!\u{2060}A1");
        assert_eq!(as_text("Charts!$B$5:$B$9"), "Charts!\u{2060}$B$5:$B$9");
        assert_eq!(as_text("=(1+1)"), "\u{2060}=(1+1)");
        assert_eq!(as_text("=Table1[Column1]"), "\u{2060}=Table1[Column1]");
        for plain in ["Headcount (persons)", "Wow! A1", "Growth!", "=1+1", "a [b]"] {
            assert!(matches!(as_text(plain), Cow::Borrowed(_)), "{plain}");
        }
    }
}
