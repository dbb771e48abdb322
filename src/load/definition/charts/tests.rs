//! Chart definitions as read: panels inline or listed, unknown keys, and what validate refuses.

use super::*;

#[derive(Deserialize)]
struct File {
    charts: Vec<ChartDef>,
}

fn parse(s: &str) -> Result<Vec<ChartDef>, String> {
    toml::from_str::<File>(s).map(|f| f.charts).map_err(|e| e.to_string())
}

#[test]
fn one_panel_inline_or_several_in_panels() {
    let charts = parse(
        r#"
[[charts]]
name = "a"
domain = "workforce"
title = "{org} staff"
kind = "bars"
categories = { codes = ["staff.all.all"] }
groups = { periods = ["earliest_complete", "latest"] }

[[charts]]
name = "b"
domain = "budget"
title = "Budget"
[[charts.panels]]
kind = "lines"
lines = [{ series = "x" }, { indicator = "i", subject = "s", color = "sky" }]
[[charts.panels]]
kind = "change_bars"
series = ["x"]
from = "earliest"
to = "2023"
"#,
    )
    .unwrap();
    assert_eq!(charts.len(), 2);
    let PanelDef::Bars(b) = &charts[0].panels[0] else {
        panic!("bars")
    };
    assert_eq!(
        b.groups.as_ref().unwrap().periods,
        vec![PeriodRule::EarliestComplete, PeriodRule::Latest]
    );
    assert_eq!(b.at, PeriodRule::Latest);
    assert!(matches!(
        charts[1].panels[..],
        [PanelDef::Lines(_), PanelDef::ChangeBars(_)]
    ));
}

#[test]
fn unknown_keys_and_missing_kinds_are_errors() {
    let head = "[[charts]]\nname = \"a\"\ndomain = \"d\"\ntitle = \"t\"\n";
    let e = parse(&format!(
        "{head}kind = \"bars\"\ncategories = {{ codes = [] }}\ncolour = \"blue\"\n"
    ))
    .unwrap_err();
    assert!(e.contains("colour"), "{e}");
    let e = parse(head).unwrap_err();
    assert!(e.contains("neither"), "{e}");
    let e = parse(&format!("{head}kind = \"pie\"\n")).unwrap_err();
    assert!(e.contains("pie"), "{e}");
}

#[test]
fn gaps_on_a_time_axis_are_a_problem() {
    let chart = |x: &str| {
        let text = format!(
            "[[charts]]\nname = \"a\"\ndomain = \"d\"\ntitle = \"t\"\nkind = \"lines\"\nx = \"{x}\"\ngaps = \"dotted\"\nlines = [{{ series = \"s\" }}]\n"
        );
        parse(&text).unwrap().remove(0)
    };
    assert!(chart("years").problems().is_empty());
    let problems = chart("time").problems();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].needle, "gaps =");
    assert!(
        problems[0].expected.contains("x = \"years\""),
        "{}",
        problems[0].expected
    );
}

#[test]
fn ranges_are_pairs_of_category_codes() {
    let chart = |dims: &str| {
        let text = format!("[[charts]]\nname = \"a\"\ndomain = \"d\"\ntitle = \"t\"\nkind = \"bars\"\n{dims}\n");
        parse(&text).unwrap().remove(0).problems()
    };
    assert!(chart("categories = { codes = [\"lo\", \"x\"], ranges = [[\"lo\", \"hi\"]] }").is_empty());
    let p = chart("categories = { codes = [\"x\"], ranges = [[\"lo\", \"hi\"]] }");
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].needle, "\"lo\"");
    let p = chart("categories = { codes = [\"lo\"], ranges = [[\"lo\", \"lo\"]] }");
    assert_eq!(p.len(), 1);
    let p = chart("categories = { codes = [\"x\"] }\ngroups = { codes = [\"lo\"], ranges = [[\"lo\", \"hi\"]] }");
    assert_eq!(p.len(), 1);
    assert!(p[0].expected.contains("in `categories` only"), "{}", p[0].expected);
    let p = chart("categories = { all_periods = true, ranges = [[\"lo\", \"hi\"]] }");
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].needle, "ranges");
}
