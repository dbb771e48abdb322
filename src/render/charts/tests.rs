//! Charts built from definitions: the model's marks, labels and legends.

use std::path::Path;
use std::sync::OnceLock;

use super::model::{MINUS, Mark};
use super::*;

fn shipped() -> &'static Analysis {
    static A: OnceLock<Analysis> = OnceLock::new();
    A.get_or_init(|| crate::analysis::analyse(Path::new("data")).expect("the shipped data analyse"))
}

fn chart(toml_text: &str) -> ChartDef {
    #[derive(serde::Deserialize)]
    struct File {
        charts: Vec<ChartDef>,
    }
    let f: File = toml::from_str(toml_text).expect("a valid definition");
    f.charts.into_iter().next().expect("one chart")
}

fn bars(c: &Chart) -> Vec<f64> {
    c.facets
        .iter()
        .flat_map(|p| &p.marks)
        .filter_map(|m| match m {
            Mark::Bar { y1, x1, horizontal, .. } => Some(if *horizontal { *x1 } else { *y1 }),
            _ => None,
        })
        .collect()
}

#[test]
fn bars_by_category_and_period_leave_out_what_the_data_lack() {
    let def = chart(
        r#"
[[charts]]
name = "t"
domain = "workforce"
title = "{org}: {from} to {to_abbr}"
kind = "bars"
categories = { codes = ["staff.permanent.scientists", "staff.no_such_group"] }
groups = { periods = ["earliest", "latest"] }
"#,
    );
    let (c, missing) = build(shipped(), &def);
    let c = c.expect("a chart");
    assert_eq!(c.frame.title, "Inserm: 31 December 2018 to 31 Dec 2023");
    let keys: Vec<&str> = c.frame.legend.iter().map(|k| k.label.as_str()).collect();
    assert_eq!(keys, ["31 Dec 2018", "31 Dec 2023"]);
    assert_eq!(bars(&c), [2142.0, 2180.0]);
    // One category only on the axis: the one with data.
    assert_eq!(c.facets[0].x.ticks.len(), 1);
    assert_eq!(missing.len(), 2, "{missing:?}");
    assert!(
        missing
            .iter()
            .all(|m| m.item.starts_with("chart t, plot, bar staff.no_such_group "))
    );
    assert!(c.frame.sources.iter().any(|s| s.contains("VII.3.a")));
}

/// `[[charts.facets]]` is another name for `[[charts.panels]]`: the same chart either way.
#[test]
fn facets_and_panels_name_the_same_tables() {
    let text = |key: &str| {
        format!(
            "[[charts]]\nname = \"t\"\ndomain = \"workforce\"\ntitle = \"t\"\n[[charts.{key}]]\nkind = \"bars\"\ncategories = {{ codes = [\"staff.permanent.scientists\"] }}\n[[charts.{key}]]\nkind = \"change_bars\"\nseries = [\"staff.all.all\"]\nfrom = \"earliest\"\nto = \"latest\"\n"
        )
    };
    let (panels, facets) = (chart(&text("panels")), chart(&text("facets")));
    assert_eq!(facets.panels.len(), 2);
    let (a, missing_a) = build(shipped(), &panels);
    let (b, missing_b) = build(shipped(), &facets);
    let (a, b) = (a.expect("a chart"), b.expect("a chart"));
    assert_eq!(a.facets.len(), 2);
    assert_eq!(bars(&a), bars(&b));
    assert_eq!(missing_a.len(), missing_b.len());
}

#[test]
fn change_bars_and_reference_lines_resolve_their_periods_by_rule() {
    let def = chart(
        r#"
[[charts]]
name = "t"
domain = "workforce"
title = "Change"
[[charts.panels]]
kind = "change_bars"
series = ["staff.all.all", "staff.no_such_group"]
from = "earliest_complete"
to = "latest"
[[charts.panels]]
kind = "bars"
categories = { pattern = "mean_normalised_citation_score.*.LS", names = "entities" }
reference = { value = 1, label = "One" }
"#,
    );
    let (c, missing) = build(shipped(), &def);
    let c = c.expect("a chart");
    assert_eq!(c.facets.len(), 1);
    // The rule finds no period every series has: the change facet is left out, the other drawn.
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert_eq!(missing[0].item, "chart t, plot (a)");
    assert!(
        missing[0].reason.contains(
            "at no periods that are the earliest period every series it reads has a value at and the latest period"
        ),
        "{}",
        missing[0].reason
    );
    assert_eq!(bars(&c).len(), shipped().dataset.organisation.entities().len());
    assert!(
        c.facets
            .iter()
            .any(|p| p.marks.iter().any(|m| matches!(m, Mark::HRule { y, .. } if *y == 1.0)))
    );
}

#[test]
fn a_chart_with_nothing_to_draw_is_one_item_left_out() {
    let def = chart(
        r#"
[[charts]]
name = "empty"
domain = "budget"
title = "Nothing"
kind = "lines"
lines = [{ series = "no.such.series" }, { indicator = "no_such_indicator", subject = "x" }]
"#,
    );
    let (c, missing) = build(shipped(), &def);
    assert!(c.is_none());
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert_eq!(missing[0].item, "chart empty");
    assert!(missing[0].reason.contains("no.such.series"), "{}", missing[0].reason);
}

#[test]
fn texts_fill_periods_in_every_form() {
    let p: Period = "2023-12-31".parse().unwrap();
    let vars = period_vars("to", &p);
    assert_eq!(
        fill("{to} | {to_abbr} | {to_short} | {to_year} | {other}", &vars),
        "31 December 2023 | 31 Dec 2023 | end 2023 | 2023 | {other}"
    );
    assert_eq!(
        fill("{to}", &period_vars("to", &Period::Range(2018, 2022))),
        "2018\u{2013}2022"
    );
}

/// A thread's bitmap is reused by its next chart: what the previous chart left in it must
/// not show. The same chart drawn after another gives the same bytes as before it.
#[test]
fn a_reused_bitmap_keeps_nothing_of_the_previous_chart() {
    let a = shipped();
    let mut charts = a.dataset.definition.charts.iter().filter_map(|def| build(a, def).0);
    let (first, second) = (charts.next().expect("a chart"), charts.next().expect("another"));
    let draw = |c: &Chart| png::png_bytes(c, 300, 200, BASE_DPI).expect("drawn");
    let before = draw(&second);
    let other = draw(&first);
    assert_ne!(other, before, "two different charts");
    assert_eq!(draw(&second), before);
}

/// The value labels of a chart's bars, in order.
fn bar_labels(c: &Chart) -> Vec<String> {
    c.facets
        .iter()
        .flat_map(|p| &p.marks)
        .filter_map(|m| match m {
            Mark::Bar { label, .. } => label.clone(),
            _ => None,
        })
        .collect()
}

#[test]
fn change_bars_write_a_percent_sign_for_percent_units_only() {
    let def = |indicator: &str| {
        chart(&format!(
            r#"
[[charts]]
name = "t"
domain = "workforce"
title = "Change"
kind = "change_bars"
series = ["staff.all.all"]
from = "earliest_complete"
to = "latest_complete"
indicator = "{indicator}"
"#
        ))
    };
    let (c, missing) = build(shipped(), &def("absolute_change"));
    assert!(missing.is_empty(), "{missing:?}");
    let labels = bar_labels(&c.expect("a chart"));
    assert_eq!(labels.len(), 1);
    assert!(!labels[0].contains('%'), "{labels:?}");
    assert!(labels[0].starts_with(['+', MINUS]), "{labels:?}");
    let (c, _) = build(shipped(), &def("percent_change"));
    let labels = bar_labels(&c.expect("a chart"));
    assert!(labels[0].ends_with('%'), "{labels:?}");
}

/// The patterns of a chart's lines, in order, and of its legend keys.
fn patterns(c: &Chart) -> (Vec<model::Pattern>, Vec<model::Pattern>) {
    let lines = c
        .facets
        .iter()
        .flat_map(|p| &p.marks)
        .filter_map(|m| match m {
            Mark::Line { dash, .. } => Some(*dash),
            _ => None,
        })
        .collect();
    let keys = c
        .frame
        .legend
        .iter()
        .chain(c.facets.iter().flat_map(|p| &p.legend))
        .filter_map(|k| match k.swatch {
            model::Swatch::Line { dash, .. } => Some(dash),
            model::Swatch::Bar(_) => None,
        })
        .collect();
    (lines, keys)
}

#[test]
fn lines_on_a_year_axis_follow_their_dash_and_the_facets_gaps() {
    use model::Pattern::{Dashed, Dotted, Solid};
    let def = |extra: &str| {
        chart(&format!(
            r#"
[[charts]]
name = "t"
domain = "budget"
title = "Revenues"
kind = "lines"
x = "years"
{extra}
lines = [{{ series = "budget_revenues.state_subsidy", dash = "dashed" }}, {{ series = "budget_revenues.eu_funding" }}]
"#
        ))
    };
    // No gaps given: every segment in its line's pattern (state subsidy: 2019, 2021, 2023, 2025;
    // EU funding: 2019, 2023), the legend alike.
    let (c, missing) = build(shipped(), &def(""));
    assert!(missing.is_empty(), "{missing:?}");
    assert_eq!(
        patterns(&c.expect("a chart")),
        (vec![Dashed, Solid], vec![Dashed, Solid])
    );
    // Dotted across gaps: every segment crosses one here, and the keys show what is drawn.
    let (c, _) = build(shipped(), &def("gaps = \"dotted\""));
    assert_eq!(
        patterns(&c.expect("a chart")),
        (vec![Dotted, Dotted], vec![Dotted, Dotted])
    );
}

#[test]
fn lines_on_a_year_axis_keep_their_pattern_between_consecutive_years() {
    use model::Pattern::{DashDot, Dotted};
    let marks = lines::line_marks(
        &[
            (2019.0, 1.0),
            (2020.0, 2.0),
            (2021.0, 3.0),
            (2023.0, 4.0),
            (2024.0, 5.0),
        ],
        model::BLUE,
        DashDot,
        Dotted,
    );
    let runs: Vec<(model::Pattern, usize)> = marks
        .iter()
        .filter_map(|m| match m {
            Mark::Line { dash, points, .. } => Some((*dash, points.len())),
            _ => None,
        })
        .collect();
    assert_eq!(runs, [(DashDot, 3), (Dotted, 2), (DashDot, 2)]);
}

/// The shipped chart `name`, built.
fn shipped_chart(name: &str) -> Chart {
    let a = shipped();
    let def = a.dataset.definition.charts.iter().find(|c| c.name == name).expect(name);
    let (c, missing) = build(a, def);
    assert!(missing.is_empty(), "{missing:?}");
    c.expect("a chart")
}

fn key_labels(keys: &[Key]) -> Vec<&str> {
    keys.iter().map(|k| k.label.as_str()).collect()
}

#[test]
fn facets_with_keys_of_their_own_carry_their_own_legends() {
    let c = shipped_chart("eu_funding");
    assert!(c.frame.legend.is_empty());
    assert_eq!(
        key_labels(&c.facets[0].legend),
        [
            "European funding (section V.1)",
            "EU funding revenue line (section VII.4.a)"
        ]
    );
    assert_eq!(
        key_labels(&c.facets[1].legend),
        ["Horizon 2020 (2014\u{2013}2020)", "Horizon Europe (2021\u{2013}2023)"]
    );
}

#[test]
fn a_facet_whose_one_key_repeats_its_title_has_no_legend() {
    let c = shipped_chart("careers_recruitment_positions");
    assert!(c.frame.legend.is_empty());
    for p in &c.facets {
        assert!(p.legend.is_empty(), "{:?}: {:?}", p.title, key_labels(&p.legend));
    }
}

#[test]
fn facets_with_the_same_keys_share_one_legend() {
    let def = chart(
        r#"
[[charts]]
name = "t"
domain = "workforce"
title = "Two"
[[charts.panels]]
kind = "bars"
title = "(a) One"
categories = { codes = ["staff.permanent.scientists"] }
groups = { periods = ["earliest", "latest"] }
[[charts.panels]]
kind = "bars"
title = "(b) Other"
categories = { codes = ["staff.permanent.support"] }
groups = { periods = ["earliest", "latest"] }
"#,
    );
    let (c, _) = build(shipped(), &def);
    let c = c.expect("a chart");
    assert_eq!(key_labels(&c.frame.legend), ["31 Dec 2018", "31 Dec 2023"]);
    assert!(c.facets.iter().all(|p| p.legend.is_empty()));
}

#[test]
fn a_bar_label_goes_above_a_reference_line_it_would_cross_or_touch() {
    use super::value_labels::label_bottom;
    // (bar top, label height, gap, line's half-width, rules) → label's bottom row.
    assert_eq!(label_bottom(300, 12, 4, 3, &[]), 296);
    // A line far above or below the label changes nothing.
    assert_eq!(label_bottom(300, 12, 4, 3, &[200, 400]), 296);
    // A line at the bar's top (a value equal to the reference): the label clears it.
    assert_eq!(label_bottom(300, 12, 4, 3, &[300]), 293);
    // A line just above the bar: the label goes above the line, not into the bar.
    assert_eq!(label_bottom(300, 12, 4, 3, &[295]), 288);
    // Two lines close together: above both.
    assert_eq!(label_bottom(300, 12, 4, 3, &[295, 283]), 276);
}

#[test]
fn a_range_of_two_codes_is_one_floating_bar() {
    let c = shipped_chart("careers_recruitment_positions");
    let p = &c.facets[2];
    let bars: Vec<(f64, f64, Option<&str>)> = p
        .marks
        .iter()
        .filter_map(|m| match m {
            Mark::Bar { y0, y1, label, .. } => Some((*y0, *y1, label.as_deref())),
            _ => None,
        })
        .collect();
    assert_eq!(
        bars,
        [(700.0, 800.0, Some("700\u{2013}800")), (0.0, 100.0, Some("≈100"))]
    );
    let ticks: Vec<&str> = p.x.ticks.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(ticks, ["Requested", "Opened"]);
    // Its table keeps both ends, a number a cell.
    let d = &c.data[2];
    let rows: Vec<&str> = d.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(rows, ["Requested (low end)", "Requested (high end)", "Opened"]);
    assert_eq!(d.series[0].values, [Some(700.0), Some(800.0), Some(100.0)]);
}

/// The darkness-weighted middle row of each column of a grey bitmap that has ink in it.
fn ink_middles(pixels: &[u8], w: usize) -> Vec<(usize, f64)> {
    let h = pixels.len() / 3 / w;
    (0..w)
        .filter_map(|x| {
            let (mut sum, mut weighted) = (0.0, 0.0);
            for y in 0..h {
                let dark = 255.0 - f64::from(pixels[(y * w + x) * 3]);
                sum += dark;
                weighted += dark * (y as f64 + 0.5);
            }
            (sum >= 255.0).then(|| (x, weighted / sum))
        })
        .collect()
}

/// A dash-dot line at a slight slope, on a bitmap: every dash and dot on the line itself, not
/// stepped a pixel up or down as drawing each from whole pixels did.
#[test]
fn dashed_lines_on_bitmaps_follow_their_slope() {
    use plotters::prelude::{BitMapBackend, IntoDrawingArea};
    let (w, h) = (200u32, 40u32);
    let mut pixels = vec![255u8; (w * h * 3) as usize];
    {
        let area = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
        let cv = draw::Canvas {
            area: &area,
            k: 1.0,
            w: w as i32,
            h: h as i32,
            raster_text: true,
        };
        cv.polyline(
            &[(10.0, 20.0), (190.0, 23.0)],
            model::BLACK,
            2.0,
            model::Pattern::DashDot,
        )
        .expect("drawn");
        area.present().expect("presented");
    }
    let middles = ink_middles(&pixels, w as usize);
    assert!(middles.len() > 80, "{} columns inked", middles.len());
    let worst = middles
        .iter()
        .map(|&(x, m)| (m - (20.0 + 3.0 * (x as f64 + 0.5 - 10.0) / 180.0)).abs())
        .fold(0.0, f64::max);
    assert!(worst < 0.2, "a column's ink is {worst:.2} px off the line");
}

/// Described without being drawn (what `validate` and its workbook take), every chart of the
/// shipped definition has the texts and numbers it has when drawn, and nothing is left out
/// either way.
#[test]
fn described_charts_are_the_drawn_ones_without_their_files() {
    let a = shipped();
    let described = describe_all(a);
    let svg = ChartOptions {
        formats: vec![ChartFormat::Svg],
        ..ChartOptions::default()
    };
    let (drawn, missing) = render_all(a, &svg).expect("the shipped charts draw");
    assert!(described.not_computed.is_empty() && missing.is_empty());
    let undrawn = described.undrawn();
    assert_eq!(undrawn.len(), a.dataset.definition.charts.len());
    assert_eq!(drawn.len(), undrawn.len());
    for (u, d) in undrawn.iter().zip(&drawn) {
        assert!(u.files.is_empty(), "{}", u.name);
        assert_eq!(d.files.len(), 1, "{}", d.name);
        assert_eq!(
            (&u.name, &u.domain, &u.title, &u.footer, &u.facets),
            (&d.name, &d.domain, &d.title, &d.footer, &d.facets)
        );
    }
}
