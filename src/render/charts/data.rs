//! A chart's numbers as a table, beside its drawing: what a spreadsheet needs to hold the values in
//! cells and draw the chart natively from them. Each facet builder fills one [`FacetData`] from the
//! same values it draws, so the table and the picture cannot disagree.

use plotters::style::RGBColor;

use crate::period::Period;

/// How a facet's values are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataKind {
    /// Vertical bars, one group of bars per row.
    Columns,
    /// Horizontal bars, the first row at the top.
    Bars,
    /// Lines over a numeric x (a year, or a date as a fractional year).
    Lines,
}

/// One row of a facet's table: a category of bars, or a point in time of lines.
#[derive(Debug, Clone, PartialEq)]
pub struct DataRow {
    /// The category's name, or the period as a reader writes it (`31 Dec 2023`).
    pub label: String,
    /// The period the row stands for, where it is one.
    pub period: Option<Period>,
    /// Position on a numeric x axis (lines only): a year, or a date as a fractional year.
    pub x: Option<f64>,
}

/// One series of a facet: a value per row, where the data give one.
#[derive(Debug, Clone, PartialEq)]
pub struct DataSeries {
    /// The legend's name of the series.
    pub name: String,
    /// One value per row of the facet, `None` where there is none.
    pub values: Vec<Option<f64>>,
    /// The colour of the series, as `(r, g, b)`.
    pub color: (u8, u8, u8),
    /// Colours of single points that differ from the series' (highlighted bars, decreases).
    pub point_colors: Vec<Option<(u8, u8, u8)>>,
    /// Drawn as a line (a reference line over bars, or a series of a lines facet).
    pub line: bool,
    /// Drawn dashed (reference lines, projections).
    pub dashed: bool,
}

impl DataSeries {
    /// A series in one colour.
    pub(super) fn new(name: impl Into<String>, values: Vec<Option<f64>>, color: RGBColor) -> Self {
        DataSeries {
            name: name.into(),
            values,
            color: rgb(color),
            point_colors: Vec::new(),
            line: false,
            dashed: false,
        }
    }

    /// Moves the values of the rows `mask` marks into a series of their own, named `name` and in
    /// `color`, and returns it: bars the legend names apart from the others (a highlighted
    /// organisation). Neither series then colours single points.
    pub(super) fn split_off(&mut self, mask: &[bool], name: String, color: RGBColor) -> DataSeries {
        let mut own = vec![None; self.values.len()];
        for (i, v) in self.values.iter_mut().enumerate() {
            if mask.get(i).copied().unwrap_or(false) {
                own[i] = v.take();
            }
        }
        self.point_colors.clear();
        DataSeries::new(name, own, color)
    }

    /// The same series drawn as a line, dashed or not.
    pub(super) fn into_line(mut self, dashed: bool) -> Self {
        self.line = true;
        self.dashed = dashed;
        self
    }
}

/// One facet's numbers: rows, series, and the texts a chart of them needs.
#[derive(Debug, Clone, PartialEq)]
pub struct FacetData {
    /// The facet's title in a chart of several facets.
    pub title: Option<String>,
    /// How the values are drawn.
    pub kind: DataKind,
    /// Lines over dates (x is a date's position in fractional years), not over whole years.
    pub time_axis: bool,
    /// What the rows are (the category axis, or the time axis).
    pub x_title: String,
    /// What the values are (the value axis).
    pub y_title: String,
    /// The categories, or the points in time, in drawing order.
    pub rows: Vec<DataRow>,
    /// One value per row each.
    pub series: Vec<DataSeries>,
}

impl FacetData {
    /// An empty table of `kind` with its axis titles.
    pub(super) fn new(kind: DataKind, x_title: &str, y_title: &str) -> Self {
        FacetData {
            title: None,
            kind,
            time_axis: false,
            x_title: x_title.to_string(),
            y_title: y_title.to_string(),
            rows: Vec::new(),
            series: Vec::new(),
        }
    }
}

/// A line as drawn, before its values are put on the facet's rows.
pub(super) struct DrawnLine {
    pub(super) name: String,
    /// (x, value) pairs.
    pub(super) points: Vec<(f64, f64)>,
    pub(super) color: RGBColor,
    pub(super) dashed: bool,
}

impl DrawnLine {
    /// The line as a series of the facet's `rows`.
    pub(super) fn on(self, rows: &[DataRow]) -> DataSeries {
        let values = values_at(rows, &self.points);
        DataSeries::new(self.name, values, self.color).into_line(self.dashed)
    }
}

/// A plotters colour as `(r, g, b)`.
pub(super) fn rgb(c: RGBColor) -> (u8, u8, u8) {
    (c.0, c.1, c.2)
}

/// Rows for points in time: one per distinct x, in order, labelled by the first period at it.
pub(super) fn time_rows(points: &[(f64, Period)]) -> Vec<DataRow> {
    let mut sorted: Vec<(f64, Period)> = points.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    sorted.dedup_by(|a, b| a.0 == b.0);
    sorted
        .into_iter()
        .map(|(x, p)| DataRow {
            label: p.label(),
            period: Some(p),
            x: Some(x),
        })
        .collect()
}

/// The values of `points` (x, value) at each row's x, `None` where there is none.
pub(super) fn values_at(rows: &[DataRow], points: &[(f64, f64)]) -> Vec<Option<f64>> {
    rows.iter()
        .map(|r| {
            let x = r.x?;
            points.iter().find(|(px, _)| *px == x).map(|(_, v)| *v)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_rows_are_sorted_and_unique_and_values_align_with_gaps() {
        let y = |n: i32| Period::Year(n);
        let rows = time_rows(&[(2021.0, y(2021)), (2019.0, y(2019)), (2021.0, y(2021))]);
        let xs: Vec<f64> = rows.iter().filter_map(|r| r.x).collect();
        assert_eq!(xs, [2019.0, 2021.0]);
        assert_eq!(values_at(&rows, &[(2021.0, 5.0)]), [None, Some(5.0)]);
    }
}
