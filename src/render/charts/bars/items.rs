//! The items of a bars facet's dimensions: codes (listed, or found by a pattern), or periods
//! resolved by rule; the series of each bar; the items' labels.

use plotters::style::RGBColor;

use super::super::model::color;
use super::super::query::{Ctx, Query};
use crate::load::definition::charts::{BarsDef, DimensionDef, NameSource};
use crate::period::Period;

/// One category or group of bars.
pub(super) struct Item {
    /// Its position in its dimension.
    pub(super) index: usize,
    /// Its code (series id or part of one), or its period written out.
    pub(super) code: String,
    /// The series it names, if any.
    pub(super) series: Option<String>,
    pub(super) name: String,
    /// The period it stands for (a dimension of periods).
    pub(super) period: Option<Period>,
    pub(super) color: Option<RGBColor>,
    /// A range's high code: the item is one bar from its own value to this one's.
    pub(super) high: Option<String>,
}

pub(super) fn is_periods(d: &DimensionDef) -> bool {
    d.all_periods || !d.periods.is_empty()
}

pub(super) fn blank() -> Item {
    Item {
        index: 0,
        code: String::new(),
        series: None,
        name: String::new(),
        period: None,
        color: None,
        high: None,
    }
}

/// The series (or indicator row) of the bar of a category in a group.
pub(super) fn query(def: &BarsDef, c: &Item, g: Option<&Item>) -> Option<Query> {
    let sub = |t: &str| {
        t.replace("{category}", &c.code)
            .replace("{group}", g.map_or("", |g| g.code.as_str()))
    };
    if let Some(t) = &def.series {
        return Some(Query::Series(sub(t)));
    }
    if let Some(i) = &def.indicator {
        return Some(Query::Indicator {
            indicator: i.clone(),
            subject: sub(def.subject.as_deref().unwrap_or("{category}")),
        });
    }
    c.series
        .clone()
        .or_else(|| g.and_then(|g| g.series.clone()))
        .map(Query::Series)
}

/// The series (or indicator row) of the high end of a category's range, if it is one.
pub(super) fn range_high(def: &BarsDef, c: &Item, g: &Item) -> Option<Query> {
    let high = c.high.as_ref()?;
    let item = Item {
        code: high.clone(),
        series: c.series.as_ref().map(|_| high.clone()),
        high: None,
        ..blank()
    };
    query(def, &item, Some(g))
}

/// The name of a code.
fn name_of(ctx: &Ctx, names: NameSource, code: &str) -> String {
    ctx.a.dataset.code_name(names, code)
}

/// What `*` of `pattern` stands for in the data's series ids, each once, in the data's order.
fn codes_in_series(ctx: &Ctx, pattern: &str) -> Vec<String> {
    let Some((before, after)) = pattern.split_once('*') else {
        return Vec::new();
    };
    let mut codes: Vec<String> = Vec::new();
    for o in &ctx.a.dataset.observations {
        let code = o.series.strip_prefix(before).and_then(|r| r.strip_suffix(after));
        if let Some(code) = code.filter(|c| !c.is_empty() && !c.contains('.'))
            && !codes.iter().any(|c| c == code)
        {
            codes.push(code.to_string());
        }
    }
    codes
}

/// The items of a dimension of codes (none yet for one of periods); None, with the reason
/// recorded, when a pattern has nothing to list.
pub(super) fn codes_of(ctx: &mut Ctx, d: &DimensionDef, element: &str) -> Option<Vec<Item>> {
    let item = |code: &str, series: Option<String>, j: usize| Item {
        index: j,
        code: code.to_string(),
        series,
        name: name_of(ctx, d.names, code),
        period: None,
        color: d.colors.get(j).copied().map(color),
        high: d
            .ranges
            .iter()
            .find(|[low, _]| low == code)
            .map(|[_, high]| high.clone()),
    };
    if let Some(pattern) = &d.pattern {
        // Over series ids, the codes are what `*` stands for in the data's ids, in the data's
        // order, each named by its series' label: a declared domain needs no list of codes.
        let series_names = d.names == NameSource::Series;
        let codes = if series_names {
            codes_in_series(ctx, pattern)
        } else {
            ctx.a.dataset.codes(d.names)
        };
        let items: Vec<Item> = codes
            .iter()
            .map(|code| (code, pattern.replace('*', code)))
            .filter(|(_, s)| !ctx.periods(&Query::Series(s.clone())).is_empty())
            .enumerate()
            .map(|(j, (code, s))| {
                let mut it = item(code, Some(s.clone()), j);
                if series_names {
                    it.name = name_of(ctx, NameSource::Series, &s);
                }
                it
            })
            .collect();
        if items.is_empty() {
            ctx.left_out(
                element,
                format!(
                    "the data have no series {pattern} for any of {}: add their rows, or list their codes there",
                    d.names.for_readers()
                ),
            );
            return None;
        }
        return Some(items);
    }
    let as_series = d.names == NameSource::Series;
    Some(
        d.codes
            .iter()
            .enumerate()
            .map(|(j, c)| item(c, as_series.then(|| c.clone()), j))
            .collect(),
    )
}

/// The items of a dimension of periods, resolved over `queries`; None, with the reason
/// recorded, when none resolves.
pub(super) fn periods_of(ctx: &mut Ctx, d: &DimensionDef, queries: &[Query], element: &str) -> Option<Vec<Item>> {
    let mut periods: Vec<Period> = Vec::new();
    if d.all_periods {
        periods = queries.iter().flat_map(|q| ctx.periods(q)).collect();
        periods.sort_by_key(Period::order_key);
    }
    for rule in &d.periods {
        match ctx.resolve(rule, queries) {
            Some(p) => periods.push(p),
            None => {
                let list: Vec<String> = queries.iter().map(ToString::to_string).collect();
                ctx.left_out(
                    &format!("{element}, period {}", rule.for_readers()),
                    format!(
                        "the data give {} at no period that is {}",
                        list.join(", "),
                        rule.for_readers()
                    ),
                );
            }
        }
    }
    periods.dedup();
    if periods.is_empty() {
        if d.all_periods {
            ctx.left_out(element, "the series it draws have no period");
        }
        return None;
    }
    Some(
        periods
            .into_iter()
            .enumerate()
            .map(|(j, p)| Item {
                index: j,
                code: p.to_string(),
                series: None,
                name: p.label(),
                period: Some(p),
                color: d.colors.get(j).copied().map(color),
                high: None,
            })
            .collect(),
    )
}

/// The label of an item: its dimension's template, with `{code}`, `{name}` and `{period}`.
pub(super) fn item_label(ctx: &Ctx, d: &DimensionDef, item: &Item, period: &Period) -> String {
    let template = d
        .labels
        .get(item.index)
        .or(d.label.as_ref())
        .map_or("{name}", String::as_str);
    let text = template
        .replace("{code}", &item.code)
        .replace("{name}", &item.name)
        .replace("{period}", &item.period.unwrap_or(*period).label());
    ctx.a.dataset.organisation.fill(&text)
}
