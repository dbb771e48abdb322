//! A domain's summary table: wide, a row per series and per single-period indicator, a column
//! per period.

use std::collections::{BTreeSet, HashMap};

use foldhash::fast::FixedState;

use super::{Cell, Table, decimals_for, strings};
use crate::compute::indicators::Computed;
use crate::compute::projections::Projections;
use crate::load::Dataset;
use crate::load::vocab::ValueUnit;
use crate::period::Period;
use crate::render::columns::INFERRED_PERIODS;
use crate::schema::Domain;

/// A wide row of a domain summary table.
struct WideRow {
    name: String,
    label: String,
    unit: ValueUnit,
    by_period: Vec<(Period, f64)>,
    /// The periods whose value rests on a row whose period is inferred.
    inferred: Vec<Period>,
    /// An indicator's row (its id and subject), not a series'.
    is_indicator: bool,
}

/// The percent change and CAGR of a row between its first and last periods on a time axis
/// (dates and years: a range has no point in time). A series' are the catalogue's; an
/// indicator's, which the catalogue does not grow, are computed here by the same formulas. None
/// where the row has fewer than two such periods or the formula gives no finite number.
fn first_to_last(c: &Computed, r: &WideRow) -> [Option<f64>; 2] {
    let mut dated = r.by_period.iter().filter(|(p, _)| p.time().is_some());
    let (Some(&(from, a)), Some(&(to, b))) = (dated.next(), dated.next_back()) else {
        return [None, None];
    };
    let finite = |v: f64| v.is_finite().then_some(v);
    if !r.is_indicator {
        return ["percent_change", "cagr"]
            .map(|ind| c.find(ind, &r.name, Some(&from), &to).and_then(|x| finite(x.value)));
    }
    let years = to.time().zip(from.time()).map(|(t, f)| t - f);
    let pct = finite(100.0 * (b / a - 1.0));
    let cagr = years.and_then(|y| finite(100.0 * ((b / a).powf(1.0 / y) - 1.0)));
    [pct, cagr]
}

/// Per domain: one row per series (data and derived) and per single-period indicator, one column
/// per period, then the percent change and CAGR between the series' first and last periods, and
/// the projected values at the horizon.
pub(super) fn domain_table(domain: &Domain, ds: &Dataset, c: &Computed, p: &Projections) -> Table<'static> {
    let of_domain = |series: &str| ds.domain_of(series) == domain.id;
    let mut rows: Vec<WideRow> = Vec::new();
    for (id, s) in c.series.iter().filter(|(id, _)| of_domain(id)) {
        rows.push(WideRow {
            name: id.clone(),
            label: ds.series_label(id),
            unit: s.unit.into(),
            by_period: s.points.iter().map(|p| (p.period, p.value)).collect(),
            inferred: s
                .points
                .iter()
                .filter(|p| ds.inferred(&p.inputs))
                .map(|p| p.period)
                .collect(),
            is_indicator: false,
        });
    }
    let mut keyed: Vec<WideRow> = Vec::new();
    // Position in `keyed` of each row name: a domain can have tens of thousands of them.
    let mut positions: HashMap<String, usize, FixedState> = HashMap::default();
    for r in c.rows.iter().filter(|r| r.domain == domain.id && r.from.is_none()) {
        let key = format!("{}: {}", r.indicator, r.subject);
        let inferred = ds.inferred(&r.inputs).then_some(r.to);
        if let Some(w) = positions.get(&key).and_then(|&i| keyed.get_mut(i)) {
            w.by_period.push((r.to, r.value));
            w.inferred.extend(inferred);
        } else {
            positions.insert(key.clone(), keyed.len());
            keyed.push(WideRow {
                name: key,
                label: r.label.to_string(),
                unit: r.unit,
                by_period: vec![(r.to, r.value)],
                inferred: inferred.into_iter().collect(),
                is_indicator: true,
            });
        }
    }
    rows.extend(keyed);
    for r in &mut rows {
        r.by_period.sort_by_key(|(p, _)| p.order_key());
        r.inferred.sort_by_key(Period::order_key);
    }
    let periods: BTreeSet<Period> = rows.iter().flat_map(|r| r.by_period.iter().map(|(p, _)| *p)).collect();
    // In time order, as the rows' own periods: as text, `2018/2022` would come before `2019`.
    let mut periods: Vec<Period> = periods.into_iter().collect();
    periods.sort_by_key(Period::order_key);
    let projected = p.bases.iter().any(|b| of_domain(&b.series));
    let mut header: Vec<String> = strings(&["series", "label", "unit"]);
    header.extend(periods.iter().map(|p| p.to_string()));
    header.extend([
        "percent_change_first_to_last (percent)".into(),
        "cagr_first_to_last (percent per year)".into(),
    ]);
    if projected {
        header.extend(p.methods.iter().map(|m| format!("{}_{}", p.horizon, m.id())));
    }
    header.push(INFERRED_PERIODS.into());
    let mut out = Vec::new();
    for r in &rows {
        let d = decimals_for(Some(r.unit));
        let value_at = |period: &Period| r.by_period.iter().find(|(p, _)| p == period).map(|(_, v)| *v);
        let first_to_last = first_to_last(c, r);
        let mut rec = Vec::with_capacity(header.len());
        rec.extend([r.name.as_str(), r.label.as_str(), r.unit.code()].map(|t| Cell::text(t.to_string())));
        rec.extend(periods.iter().map(|period| Cell::number_or_empty(value_at(period), d)));
        rec.extend(first_to_last.map(|v| Cell::number_or_empty(v, 2)));
        if projected {
            rec.extend(
                p.methods
                    .iter()
                    .map(|m| Cell::number_or_empty(p.value_at(&r.name, *m, p.horizon), d)),
            );
        }
        let inferred = r.inferred.iter().map(Period::to_string).collect::<Vec<_>>().join("; ");
        rec.push(Cell::text(inferred));
        out.push(rec);
    }
    Table::of_domain(domain, header, out)
}
