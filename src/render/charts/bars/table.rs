//! A bars facet's numbers as a table: a row per category shown (two for a range, its ends), a
//! series per group, the reference line as a series of its own.

use super::super::data::{DataKind, DataRow, DataSeries, FacetData, rgb};
use super::super::fill_facet;
use super::super::model::{Facet, INK};
use super::super::query::Ctx;
use super::items::item_label;
use super::{Bar, Drawn};

/// The same bars as a table (a row per category shown, a series per group), with the reference
/// line (its height and label) as a series of its own.
pub(super) fn table(ctx: &Ctx, t: &Drawn, facet: &Facet, reference_line: Option<(f64, String)>) -> FacetData {
    let Drawn {
        def,
        groups_def,
        resolved,
        fills,
        ..
    } = t;
    let (cats, bars) = (&resolved.cats, &resolved.bars);
    let mut data = FacetData::new(DataKind::Columns, &facet.x.title, &facet.y.title);
    // A range is two rows, its ends: a table cell holds one number.
    let rows: Vec<(usize, End)> = t
        .shown
        .iter()
        .flat_map(|&i| match cats.get(i).and_then(|c| c.high.as_ref()) {
            Some(_) => vec![(i, End::Low), (i, End::High)],
            None => vec![(i, End::Whole)],
        })
        .collect();
    data.rows = rows
        .iter()
        .filter_map(|&(i, end)| {
            let c = cats.get(i)?;
            let label = match c.period.or(t.first_period) {
                Some(p) => item_label(ctx, &def.categories, c, &p),
                None => c.name.clone(),
            };
            Some(DataRow {
                label: format!("{label}{}", end.suffix()),
                period: c.period,
                x: None,
            })
        })
        .collect();
    for (j, g) in resolved.groups.iter().enumerate() {
        let Some(p) = bars.iter().find(|b| b.group == j).map(|b| b.value.period) else {
            continue;
        };
        let name = if def.groups.is_some() {
            item_label(ctx, groups_def, g, &p)
        } else {
            def.legend
                .as_ref()
                .map_or_else(|| facet.y.title.clone(), |text| fill_facet(ctx, text, &t.vars))
        };
        let of = |i: usize| bars.iter().find(|b| b.category == i && b.group == j);
        let mut series = DataSeries::new(
            name,
            rows.iter().map(|&(i, end)| of(i).map(|b| end.of(b))).collect(),
            fills.group(j),
        );
        series.point_colors = rows
            .iter()
            .map(|&(i, _)| {
                cats.get(i)
                    .filter(|c| fills.highlighted(c) && fills.high != fills.group(j))
                    .map(|_| rgb(fills.high))
            })
            .collect();
        // Bars the legend names apart are a series of their own, first as in the legend, so
        // that a native chart's legend names them too.
        match (&t.highlight_key, def.groups.is_none()) {
            (Some(name), true) => {
                let mask: Vec<bool> = rows
                    .iter()
                    .map(|&(i, _)| cats.get(i).is_some_and(|c| fills.highlighted(c)))
                    .collect();
                let own = series.split_off(&mask, name.clone(), fills.high);
                data.series.extend([own, series]);
            }
            _ => data.series.push(series),
        }
    }
    if let Some((y, text)) = reference_line {
        let values = vec![Some(y); data.rows.len()];
        data.series.push(DataSeries::new(text, values, INK).into_line(true));
    }
    data
}

/// Which value of a bar a row of the facet's table holds.
#[derive(Clone, Copy)]
enum End {
    Whole,
    Low,
    High,
}

impl End {
    fn of(self, b: &Bar) -> f64 {
        match (self, &b.low) {
            (End::Low, Some(low)) => low.value,
            _ => b.value.value,
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            End::Whole => "",
            End::Low => " (low end)",
            End::High => " (high end)",
        }
    }
}
