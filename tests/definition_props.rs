//! Generated report definitions over a generated domain: every card, every bar of its charts and
//! every row of the domain's table says what its definition asked for (a change where the headline is one, the
//! level otherwise, period columns in time order, each row's unit, its values and its growth
//! between its first and last dates or years), or `validate` refuses the definition. A few cases
//! in `cargo test`; more with PROPTEST_CASES.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::*;
use orgmetrics::analysis::{Analysis, analyse};
use orgmetrics::period::Period;
use orgmetrics::render::cards;
use orgmetrics::render::tables::{Table, build_all};
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(6)
}

/// Periods of every kind, whose written order is not their order in time (`2015/2019` would
/// come before `2016` as text).
const PERIODS: [&str; 7] = [
    "2016",
    "2018-12-31",
    "2019",
    "2015/2019",
    "2020-06-30",
    "2021",
    "2017/2021",
];

const UNITS: [&str; 9] = [
    "persons",
    "EUR million",
    "percent",
    "years",
    "index",
    "projects",
    "positions",
    "units",
    "ratio",
];

/// One generated series: its unit and its values by period (indexes into [`PERIODS`]).
#[derive(Debug, Clone)]
struct Series {
    unit: &'static str,
    points: Vec<(usize, f64)>,
}

/// One generated key figure: of a series (by index) or of the declared indicator (`None`).
#[derive(Debug, Clone)]
struct Figure {
    series: Option<usize>,
    change: bool,
    compare: bool,
}

#[derive(Debug, Clone)]
struct Case {
    series: Vec<Series>,
    /// `share`, `ratio` or `difference` of the first two series, if there are two.
    formula: Option<&'static str>,
    figures: Vec<Figure>,
}

/// A value as a data file writes it in `unit`: whole for counts, one decimal otherwise.
fn value_in(unit: &str, raw: u32) -> f64 {
    match unit {
        "persons" | "projects" | "positions" | "units" => f64::from(raw % 500 + 1),
        "percent" => f64::from(raw % 990 + 5) / 10.0,
        _ => f64::from(raw % 600 + 1) / 10.0,
    }
}

fn series() -> impl Strategy<Value = Series> {
    (
        0..UNITS.len(),
        1u32..(1 << PERIODS.len()),
        prop::collection::vec(any::<u32>(), PERIODS.len()),
    )
        .prop_map(|(u, mask, raws)| {
            let unit = UNITS[u];
            let points = (0..PERIODS.len())
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| (i, value_in(unit, raws[i])))
                .collect();
            Series { unit, points }
        })
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop::collection::vec(series(), 1..=3),
        prop::option::of(prop::sample::select(vec!["share", "ratio", "difference"])),
        prop::collection::vec((any::<u8>(), any::<bool>(), any::<bool>()), 1..=4),
    )
        .prop_map(|(mut series, formula, figures)| {
            let formula = formula.filter(|_| series.len() >= 2);
            // A share or a difference needs its two series in one unit.
            if matches!(formula, Some("share" | "difference")) {
                let unit = series[0].unit;
                series[1].unit = unit;
                for p in &mut series[1].points {
                    p.1 = value_in(unit, (p.1 * 10.0) as u32);
                }
            }
            let targets = series.len() + usize::from(formula.is_some());
            let figures = figures
                .into_iter()
                .map(|(t, change, compare)| {
                    let t = usize::from(t) % targets;
                    Figure {
                        series: (t < series.len()).then_some(t),
                        change,
                        compare,
                    }
                })
                .collect();
            Case {
                series,
                formula,
                figures,
            }
        })
}

fn p(i: usize) -> Period {
    PERIODS[i].parse().unwrap()
}

const SUBJECT_OPERATORS: [(&str, &str); 3] = [("share", "/"), ("ratio", "/"), ("difference", "-")];

fn subject(formula: &str) -> String {
    let op = SUBJECT_OPERATORS.iter().find(|(f, _)| *f == formula).unwrap().1;
    format!("gen.s0 {op} gen.s1")
}

/// Writes the case into a copy of the shipped data: the domain `gen`, its file, its indicator,
/// and the report definition.
fn write(case: &Case, data: &Path) {
    // The figure as written is the value: the copy has no document texts to check it against.
    let mut csv = String::from("series,period,value,unit,qualifier,source,locator,written,obtained,dated,note\n");
    for (k, s) in case.series.iter().enumerate() {
        for (i, v) in &s.points {
            writeln!(
                csv,
                "gen.s{k},{},{v},{},,hceres2025,I.1,{v},,stated,",
                PERIODS[*i], s.unit
            )
            .unwrap();
        }
    }
    std::fs::write(data.join("gen.csv"), csv).unwrap();
    let mut domains = std::fs::read_to_string(data.join("domains.toml")).unwrap();
    domains.push_str("\n[[domains]]\nid = \"gen\"\ntitle = \"Generated\"\n");
    if let Some(f) = case.formula {
        write!(
            domains,
            "\n[[indicators]]\nid = \"gen_{f}\"\ndomain = \"gen\"\nlabel = \"Generated {f}\"\nformula = \"{f}\"\na = \"gen.s0\"\nb = \"gen.s1\"\n"
        )
        .unwrap();
    }
    std::fs::write(data.join("domains.toml"), domains).unwrap();
    write_report(case, data);
}

/// The report definition of the case's key figures only.
fn write_report(case: &Case, data: &Path) {
    let mut report = String::from("[report]\ntitle = \"Generated\"\n");
    for (n, f) in case.figures.iter().enumerate() {
        write!(
            report,
            "\n[[key_figures]]\ndomain = \"gen\"\nlabel = \"Figure {n}\"\nat = \"latest\"\n"
        )
        .unwrap();
        match (f.series, case.formula) {
            (Some(k), _) => writeln!(report, "series = \"gen.s{k}\"").unwrap(),
            (None, Some(formula)) => write!(
                report,
                "indicator = \"gen_{formula}\"\nsubject = \"{}\"\n",
                subject(formula)
            )
            .unwrap(),
            (None, None) => unreachable!("a figure of the indicator only where there is one"),
        }
        if f.compare {
            report.push_str("compare = \"earliest\"\n");
        }
        if f.change {
            report.push_str("headline = \"change\"\n");
        }
    }
    // A bar per series at the latest period of any, and the change of each from its earliest to
    // its latest.
    let codes: Vec<String> = (0..case.series.len()).map(|k| format!("\"gen.s{k}\"")).collect();
    write!(
        report,
        "\n[[charts]]\nname = \"gen_bars\"\ndomain = \"gen\"\ntitle = \"Bars\"\nkind = \"bars\"\n\
         categories = {{ codes = [{0}] }}\ngroups = {{ periods = [\"latest\"] }}\n\
         \n[[charts]]\nname = \"gen_change\"\ndomain = \"gen\"\ntitle = \"Change\"\nkind = \"change_bars\"\n\
         series = [{0}]\nfrom = \"earliest\"\nto = \"latest\"\n",
        codes.join(", ")
    )
    .unwrap();
    std::fs::write(data.join("report.toml"), report).unwrap();
}

/// The values a chart's table holds, sorted, with their row labels' count.
fn chart_values(charts: &[orgmetrics::render::charts::RenderedChart], name: &str) -> Vec<f64> {
    let Some(c) = charts.iter().find(|c| c.name == name) else {
        return Vec::new();
    };
    let mut v: Vec<f64> = c
        .facets
        .iter()
        .flat_map(|p| p.series.iter().filter(|s| !s.line))
        .flat_map(|s| s.values.iter().flatten().copied())
        .collect();
    v.sort_by(f64::total_cmp);
    v
}

/// The bars chart draws each series' value at the latest period of any, and leaves out (listed
/// as not computed) the series without one; the change chart draws each series' percent change
/// from the earliest period of any to the latest, where it has both.
fn check_charts(case: &Case, a: &Analysis) -> Result<(), TestCaseError> {
    let options = orgmetrics::render::charts::ChartOptions {
        formats: vec![orgmetrics::render::charts::ChartFormat::Svg],
        ..Default::default()
    };
    let (charts, missing) =
        orgmetrics::render::charts::render_all(a, &options).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let all: Vec<usize> = case.series.iter().flat_map(|s| s.points.iter().map(|p| p.0)).collect();
    let latest = *all.iter().max_by_key(|&&i| p(i).order_key()).unwrap();
    let earliest = *all.iter().min_by_key(|&&i| p(i).order_key()).unwrap();
    let at = |s: &Series, i: usize| s.points.iter().find(|q| q.0 == i).map(|q| q.1);
    let mut bars: Vec<f64> = case.series.iter().filter_map(|s| at(s, latest)).collect();
    bars.sort_by(f64::total_cmp);
    prop_assert_eq!(
        chart_values(&charts, "gen_bars"),
        bars.clone(),
        "bars at {}",
        PERIODS[latest]
    );
    let left_out = missing.iter().filter(|m| m.item.starts_with("chart gen_bars")).count();
    prop_assert!(
        left_out >= case.series.len() - bars.len(),
        "{} bars without a value, {left_out} listed: {missing:?}",
        case.series.len() - bars.len()
    );
    let mut changes: Vec<f64> = case
        .series
        .iter()
        // A change runs between two points in time: a range of years is none.
        .filter(|_| earliest != latest && !PERIODS[earliest].contains('/') && !PERIODS[latest].contains('/'))
        .filter_map(|s| Some((at(s, earliest)?, at(s, latest)?)))
        .filter(|(v0, _)| *v0 != 0.0)
        .map(|(v0, v1)| 100.0 * (v1 / v0 - 1.0))
        .collect();
    changes.sort_by(f64::total_cmp);
    let drawn = chart_values(&charts, "gen_change");
    prop_assert_eq!(
        drawn.len(),
        changes.len(),
        "changes drawn {:?}, expected {:?}",
        drawn,
        changes
    );
    if drawn.len() < case.series.len() {
        prop_assert!(
            missing.iter().any(|m| m.item.starts_with("chart gen_change")),
            "a series without a change is not listed: {missing:?}"
        );
    }
    for (d, c) in drawn.iter().zip(&changes) {
        prop_assert!((d - c).abs() < 1e-6 * c.abs().max(1.0), "change {d} against {c}");
    }
    Ok(())
}

/// The values of the declared indicator by period (those both series have).
fn indicator_points(case: &Case) -> Vec<(usize, f64)> {
    let Some(formula) = case.formula else { return Vec::new() };
    let (a, b) = (&case.series[0], &case.series[1]);
    a.points
        .iter()
        .filter_map(|(i, va)| {
            let vb = b.points.iter().find(|(j, _)| j == i)?.1;
            let v = match formula {
                "share" => 100.0 * va / vb,
                "ratio" => va / vb,
                _ => va - vb,
            };
            Some((*i, v))
        })
        .collect()
}

/// The number a card or a table writes, read back: `+1,234.5%` is 1234.5, `−3.2 pp` is −3.2.
fn number(text: &str) -> f64 {
    let t: String = text
        .replace('\u{2212}', "-")
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
        .collect();
    t.parse().unwrap_or_else(|_| panic!("no number in {text:?}"))
}

/// Whether `text` writes `v` to `decimals` decimals.
fn writes(text: &str, v: f64, decimals: i32) -> bool {
    (number(text) - v).abs() <= 0.5 * 10f64.powi(-decimals) + 1e-9 * v.abs().max(1.0)
}

/// Earliest and latest of `points` in time, and the change between them a headline shows.
fn ends(points: &[(usize, f64)]) -> ((usize, f64), (usize, f64)) {
    let first = *points.iter().min_by_key(|(i, _)| p(*i).order_key()).unwrap();
    let last = *points.iter().max_by_key(|(i, _)| p(*i).order_key()).unwrap();
    (first, last)
}

fn check_figures(case: &Case, a: &Analysis) -> Result<(), TestCaseError> {
    for (n, f) in case.figures.iter().enumerate() {
        let label = format!("Figure {n}");
        let (points, unit) = match f.series {
            Some(k) => (case.series[k].points.clone(), case.series[k].unit),
            None => (indicator_points(case), ""),
        };
        let k = a.key_figures.iter().find(|k| k.label == label);
        if points.is_empty() {
            prop_assert!(k.is_none(), "{label} has no data but a card");
            continue;
        }
        let ((i0, v0), (i1, v1)) = ends(&points);
        let two = i0 != i1;
        let dated = p(i0).time().is_some() && p(i1).time().is_some();
        // A change needs two periods, and a series' percent change two points in time.
        let possible = !f.change || (two && (f.series.is_none() || dated));
        let Some(k) = k.filter(|_| possible) else {
            prop_assert!(!possible || k.is_some(), "{label} is missing: {:?}", a.not_computed);
            prop_assert!(k.is_none(), "{label} has a card for a change it cannot measure");
            prop_assert!(
                a.not_computed.iter().any(|m| m.item.contains(&label)),
                "{label} not listed"
            );
            continue;
        };
        let card = cards::card(&a.dataset, k);
        prop_assert_eq!(k.at, p(i1), "{} is not at the latest period", label);
        // A series' percent change and a percent are written to one decimal, others to two.
        let d = if f.series.is_some() || k.unit.code() == "percent" {
            1
        } else {
            2
        };
        if f.change {
            let want = if f.series.is_some() {
                100.0 * (v1 / v0 - 1.0)
            } else {
                v1 - v0
            };
            prop_assert!(
                writes(&card.value, want, d),
                "{label}: {:?} is not the change {want}",
                card.value
            );
            prop_assert!(
                card.period.contains('\u{2192}'),
                "{label}: {:?} is one period",
                card.period
            );
        } else {
            let d = if f.series.is_some() {
                i32::from(v1.fract() != 0.0)
            } else {
                d
            };
            prop_assert!(
                writes(&card.value, v1, d),
                "{label}: {:?} is not the level {v1}",
                card.value
            );
            if f.series.is_some() {
                prop_assert_eq!(k.unit.code(), unit);
            }
        }
    }
    Ok(())
}

/// The percent change and CAGR a row's table shows, between its first and last dates or years:
/// none with fewer than two, and no CAGR between values of two signs.
fn growth(points: &[(usize, f64)]) -> (Option<f64>, Option<f64>) {
    let dated: Vec<(usize, f64)> = points.iter().copied().filter(|(i, _)| p(*i).time().is_some()).collect();
    if dated.len() < 2 {
        return (None, None);
    }
    let ((i0, v0), (i1, v1)) = ends(&dated);
    let years = p(i1).time().unwrap() - p(i0).time().unwrap();
    let finite = |v: f64| v.is_finite().then_some(v);
    (
        finite(100.0 * (v1 / v0 - 1.0)),
        finite(100.0 * ((v1 / v0).powf(1.0 / years) - 1.0)),
    )
}

/// A row the table must hold: its first cell, its unit and its values by period.
type Row = (String, String, Vec<(usize, f64)>);

fn check_table(case: &Case, t: &Table) -> Result<(), TestCaseError> {
    let col = |name: &str| t.header.iter().position(|h| h == name).unwrap();
    let pct_col = col("percent_change_first_to_last (percent)");
    let periods: Vec<Period> = t.header[3..pct_col].iter().map(|h| h.parse().unwrap()).collect();
    let mut sorted = periods.clone();
    sorted.sort_by_key(Period::order_key);
    sorted.dedup();
    prop_assert_eq!(&periods, &sorted, "period columns not in time order");
    let mut rows: Vec<Row> = case
        .series
        .iter()
        .enumerate()
        .map(|(k, s)| (format!("gen.s{k}"), s.unit.to_string(), s.points.clone()))
        .collect();
    if let Some(f) = case.formula {
        let points = indicator_points(case);
        if !points.is_empty() {
            let unit = match (f, case.series[0].unit) {
                ("share", _) => "percent",
                ("ratio", _) => "ratio",
                (_, "percent") => "percentage points",
                (_, u) => u,
            };
            rows.push((format!("gen_{f}: {}", subject(f)), unit.to_string(), points));
        }
    }
    prop_assert_eq!(t.len(), rows.len(), "rows of the table");
    for (name, unit, points) in rows {
        let r = (0..t.len()).find(|r| t.text(*r, 0).as_deref() == Some(name.as_str()));
        let r = r.ok_or_else(|| TestCaseError::fail(format!("no row {name}")))?;
        let unit_cell = t.text(r, 2);
        prop_assert_eq!(unit_cell.as_deref(), Some(unit.as_str()), "unit of {}", name);
        let d = orgmetrics::render::tables::decimals_for(orgmetrics::load::vocab::ValueUnit::from_code(&unit)) as i32;
        for (c, period) in periods.iter().enumerate() {
            let cell = t.text(r, 3 + c).unwrap();
            match points.iter().find(|(i, _)| p(*i) == *period) {
                Some((_, v)) => prop_assert!(writes(&cell, *v, d), "{name} at {period}: {cell} for {v}"),
                None => prop_assert_eq!(cell, "", "{} at {}", name, period),
            }
        }
        let cells = [t.text(r, pct_col).unwrap(), t.text(r, pct_col + 1).unwrap()];
        let (want_pct, want_cagr) = growth(&points);
        for (cell, want) in cells.into_iter().zip([want_pct, want_cagr]) {
            match want {
                Some(v) => prop_assert!(writes(&cell, v, 2), "{name}: growth {cell:?}, not {v}"),
                None => prop_assert_eq!(cell, "", "{} has no growth", name),
            }
        }
    }
    Ok(())
}

/// Every growth indicator of a generated series is in the series' unit (points for a percent).
fn check_growth_units(case: &Case, a: &Analysis) -> Result<(), TestCaseError> {
    for r in a.computed.rows.iter().filter(|r| r.indicator == "absolute_change") {
        let Some(k) = r.subject.strip_prefix("gen.s") else {
            continue;
        };
        let unit = case.series[k.parse::<usize>().unwrap()].unit;
        let want = if unit == "percent" { "percentage points" } else { unit };
        prop_assert_eq!(r.unit.code(), want, "change of {}", r.subject);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_card_and_table_row_says_what_its_definition_asked(case in case()) {
        let (_tmp, data) = data_copy();
        write(&case, &data);
        let mut case = case;
        if case.figures.iter().any(|f| f.change && !f.compare) {
            // A change with nothing to compare with is refused where the definition says so;
            // the others are then checked on their own.
            let e = analyse(&data).err().map(|e| e.to_string()).unwrap_or_default();
            prop_assert!(e.contains("report.toml") && e.contains("`compare` for `headline = \"change\"`"), "{e}");
            case.figures.retain(|f| !f.change || f.compare);
            write_report(&case, &data);
        }
        let a = analyse(&data).map_err(|e| TestCaseError::fail(e.to_string()))?;
        check_figures(&case, &a)?;
        let tables = build_all(&a);
        check_table(&case, tables.iter().find(|t| t.name == "gen").unwrap())?;
        check_growth_units(&case, &a)?;
        check_charts(&case, &a)?;
    }
}
