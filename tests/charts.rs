//! Charts as a reader's tools open them: every chart of the report definition rendered in
//! memory, SVG parsed as XML with the title and every series label in its text, PNG decoded at
//! the requested size, the same bytes from run to run, errors (never panics) on invalid options,
//! and charts whose data are absent left out with the reason.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use orgmetrics::analysis::{self, Analysis};
use orgmetrics::error::Error;
use orgmetrics::render::charts::{self, ChartFormat, ChartOptions, FONT_FAMILY, RenderedChart};

fn analysis() -> &'static Analysis {
    static A: OnceLock<Analysis> = OnceLock::new();
    A.get_or_init(|| analysis::analyse(Path::new("data")).expect("the shipped data analyse"))
}

fn render(opts: &ChartOptions) -> Vec<RenderedChart> {
    let (charts, missing) = charts::render_all(analysis(), opts).expect("charts render");
    assert!(missing.is_empty(), "the shipped data fill every chart: {missing:?}");
    charts
}

/// The names of the charts the shipped definition lists, in order.
fn names() -> Vec<String> {
    analysis()
        .dataset
        .definition
        .charts
        .iter()
        .map(|c| c.name.clone())
        .collect()
}

/// Renders the default charts once for all tests that only read them.
fn default_charts() -> &'static [RenderedChart] {
    static R: OnceLock<Vec<RenderedChart>> = OnceLock::new();
    R.get_or_init(|| render(&ChartOptions::default()))
}

fn file<'a>(charts: &'a [RenderedChart], name: &str, format: ChartFormat) -> &'a [u8] {
    let chart = charts
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no chart {name}"));
    chart
        .files
        .iter()
        .find(|(f, _)| *f == format)
        .map(|(_, b)| b.as_slice())
        .unwrap_or_else(|| panic!("{name}: no {format:?}"))
}

/// Every `<text>` of an SVG in document order, their font families, and the SVG's size.
fn svg_texts(bytes: &[u8]) -> (Vec<String>, BTreeSet<String>, (String, String)) {
    let xml = std::str::from_utf8(bytes).expect("SVG is UTF-8");
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not XML: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let size = (
        root.attribute("width").unwrap_or("").to_string(),
        root.attribute("height").unwrap_or("").to_string(),
    );
    let mut texts = Vec::new();
    let mut families = BTreeSet::new();
    for n in doc.descendants().filter(|n| n.has_tag_name("text")) {
        texts.push(n.text().unwrap_or("").trim().to_string());
        families.insert(n.attribute("font-family").unwrap_or("").to_string());
    }
    (texts, families, size)
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap_or_else(|e| panic!("PNG does not decode: {e}"));
    let mut buf = vec![
        0;
        reader
            .output_buffer_size()
            .expect("a PNG of a size that fits in memory")
    ];
    let frame = reader
        .next_frame(&mut buf)
        .unwrap_or_else(|e| panic!("PNG does not decode: {e}"));
    (frame.width, frame.height)
}

/// Title and series labels each chart must show, as a reader would look for them.
fn expected_texts(name: &str) -> Vec<String> {
    let a = analysis();
    let label_of = |indicator: &str, subject: &str| {
        a.computed
            .indicator_points(indicator, subject)
            .first()
            .map(|r| r.label.to_string())
            .unwrap_or_else(|| panic!("no {indicator} of {subject}"))
    };
    let staff = [
        "Permanent researchers",
        "Permanent support staff",
        "Contract scientists",
        "Contract support staff",
    ];
    let texts: Vec<String> = match name {
        "workforce_by_status_group" => {
            let mut t = vec![
                "Inserm staff by status and group, 31 December 2018 and 31 December 2023",
                "31 Dec 2018",
                "31 Dec 2023",
            ];
            t.extend(staff);
            t.into_iter().map(String::from).collect()
        }
        "workforce_percent_change" => {
            let mut t = vec![
                "Change in Inserm headcount from 31 December 2018 to 31 December 2023",
                "Increase",
                "Decrease",
                "+58.5%",
                "−5.7%",
            ];
            t.extend(staff);
            t.into_iter().map(String::from).collect()
        }
        "workforce_ratios" => vec![
            "Contract staff and support staff as shares of Inserm's headcount".to_string(),
            label_of("contract_staff_ratio", "staff.contract.all / staff.all.all"),
            label_of(
                "contract_staff_ratio",
                "staff.contract.scientists / staff.all.scientists",
            ),
            label_of("contract_staff_ratio", "staff.contract.support / staff.all.support"),
            label_of("support_staff_share", "staff.all.support / staff.all.all"),
        ],
        "workforce_projection" => vec![
            "Permanent and contract staff, observed and projected to 2035",
            "Permanent staff, observed",
            "Contract staff, observed",
            "Constant growth rate (CAGR) projection",
            "Linear trend projection",
            "lines cross in",
        ]
        .into_iter()
        .map(String::from)
        .collect(),
        "budget_revenues" => vec![
            "Inserm's revenues by year, 2019–2025",
            "State subsidy",
            "Other revenues (all but the State subsidy)",
            "Other public subsidies",
            "EU funding (revenue line)",
            "Own revenues",
            "≈500",
        ]
        .into_iter()
        .map(String::from)
        .collect(),
        "publication_share_by_panel" => {
            let mut t = vec![
                "Inserm's share of French publications by ERC life-sciences panel, 2018–2022".to_string(),
                "Inserm's share in the panel".to_string(),
                "All life sciences (LS): 17%".to_string(),
            ];
            t.extend((1..=9).map(|i| format!("LS{i}")));
            t
        }
        "citation_scores" => vec![
            "Mean normalised citation score in life sciences, 2018–2021: Inserm, France and comparators",
            "Inserm",
            "France and comparator institutions",
            "World average = 1",
            "≈1.2",
            "close to 1.2",
            "MRC (UK)",
        ]
        .into_iter()
        .map(String::from)
        .collect(),
        "eu_funding" => vec![
            "EU funding: the report's two figures, and Horizon 2020 against Horizon Europe",
            "European funding (section V.1)",
            "EU funding revenue line (section VII.4.a)",
            "Horizon 2020 (2014–2020)",
            "Horizon Europe (2021–2023)",
            "Participations",
            "Coordinations",
        ]
        .into_iter()
        .map(String::from)
        .collect(),
        "gender_career_ladder" => vec![
            "Women's share along Inserm's career ladder, 31 December 2023",
            "Contract scientists",
            "Directeurs de recherche",
            "Parity: 50%",
            "62%",
            "51%",
            "39%",
            "27%",
        ]
        .into_iter()
        .map(String::from)
        .collect(),
        "careers_recruitment_positions" => vec![
            "Recruitment at Inserm: researchers recruited, and support-staff positions opened against requested",
            "(b) Support-staff positions, 2023 campaign",
            "64",
            "73",
            "106",
            "88",
            "≈100",
            "700–800",
            "Requested",
        ]
        .into_iter()
        .map(String::from)
        .collect(),
        "units_two_assessments" => vec![
            "Research structures Inserm is involved in, at the last two assessments",
            "31 Dec 2019",
            "31 Dec 2023",
            "Joint research units",
            "261",
            "278",
            "36",
            "48",
        ]
        .into_iter()
        .map(String::from)
        .collect(),
        // The budgets (EUR million) and durations (years) of programmes.csv, lines 18–33.
        "pepr_budgets_durations" => vec![
            "The priority research programmes (PEPR) Inserm steers: budget and duration",
            "(a) Budget",
            "(b) Duration",
            "Infectious",
            "psychiatry",
            "70",
            "58",
            "25",
            "48",
        ]
        .into_iter()
        .map(String::from)
        .collect(),
        // A pattern over the series of international.csv (lines 7–9), labelled by their labels.
        "copublication_partners" => vec![
            "Inserm's main co-publication partners, 2018–2022",
            "Harvard University's share of Inserm's co-publications",
            "University of London's share of Inserm's co-publications",
            "University of California's share of Inserm's co-publications",
            "3.8%",
            "5.6%",
            "3.2%",
        ]
        .into_iter()
        .map(String::from)
        .collect(),
        "expertise_audiences" => vec![
            "Visits to Inserm's website and views of its Canal Détox videos",
            "Visits to Inserm's website",
            "Canal Détox views",
        ]
        .into_iter()
        .map(String::from)
        .collect(),
        // governance.csv lines 19–21: 60%, 30% and 10%.
        "unit_funding_weights" => vec![
            "Weights of the criteria of Inserm's funding of research units",
            "Units' funding weight: permanent scientists",
            "Units' funding weight: assessment",
            "Units' funding weight: scientific priorities",
            "60%",
            "30%",
            "10%",
        ]
        .into_iter()
        .map(String::from)
        .collect(),
        // innovation.csv lines 13–14: 107 projects, 66 start-ups.
        "innovation_pipeline" => vec![
            "Inserm's pre-entrepreneurial programme: projects supported and start-ups created, 2019–2023",
            "Projects supported",
            "Start-ups created",
            "107",
            "66",
        ]
        .into_iter()
        .map(String::from)
        .collect(),
        other => panic!("no expected texts for {other}"),
    };
    texts
}

#[test]
fn every_defined_chart_is_rendered_in_both_formats_in_a_fixed_order() {
    let charts = default_charts();
    let rendered: Vec<&str> = charts.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(rendered, names(), "the definition's charts, in its order");
    assert_eq!(charts.len(), 16);
    for c in charts {
        let formats: Vec<ChartFormat> = c.files.iter().map(|(f, _)| *f).collect();
        assert_eq!(formats, [ChartFormat::Svg, ChartFormat::Png], "{}", c.name);
        assert!(c.files.iter().all(|(_, b)| !b.is_empty()), "{}: an empty file", c.name);
        assert!(!c.domain.is_empty() && !c.title.is_empty(), "{}", c.name);
        assert!(
            !c.title.contains('{'),
            "{}: a placeholder left in {:?}",
            c.name,
            c.title
        );
    }
}

#[test]
fn svg_parses_and_holds_title_series_labels_and_source() {
    let charts = default_charts();
    for name in names() {
        let (texts, families, size) = svg_texts(file(charts, &name, ChartFormat::Svg));
        assert_eq!(size, ("1000".to_string(), "600".to_string()), "{name}");
        // Wrapped text is split over consecutive <text> elements.
        let all = texts.join(" ");
        for t in expected_texts(&name) {
            assert!(all.contains(&t), "{name}.svg lacks {t:?}; it has: {texts:?}");
        }
        assert!(
            all.contains("Hcéres, Assessment report of Inserm, Dec 2025, "),
            "{name}: no source line in {texts:?}"
        );
        assert!(!all.contains('{'), "{name}: a placeholder left in {texts:?}");
        assert_eq!(
            families,
            BTreeSet::from([FONT_FAMILY.to_string()]),
            "{name}: every text in the embedded font's family"
        );
        assert!(FONT_FAMILY.starts_with("DejaVu Sans"));
    }
    // The title returned is the one drawn.
    for c in charts {
        let (texts, _, _) = svg_texts(file(charts, &c.name, ChartFormat::Svg));
        assert!(texts.join(" ").contains(&c.title), "{}", c.name);
    }
}

#[test]
fn footers_name_each_source_and_section() {
    let charts = default_charts();
    let footer = |name: &str| svg_texts(file(charts, name, ChartFormat::Svg)).0.join(" ");
    assert!(footer("workforce_by_status_group").contains("section VII.3.a (fn 103–104)"));
    assert!(footer("budget_revenues").contains("section VII.4.a (text and fn 119)"));
    assert!(footer("eu_funding").contains("sections V.1 (fn 77) and VII.4.a (fn 119)"));
    // The 2019 headcount comes from the 2021 news item.
    assert!(footer("workforce_ratios").contains("Sources: Hcéres, Assessment report of Inserm"));
    assert!(footer("workforce_ratios").contains("Evaluating INSERM"));
}

#[test]
fn png_decodes_at_the_requested_size() {
    let charts = default_charts();
    for name in names() {
        assert_eq!(png_size(file(charts, &name, ChartFormat::Png)), (1000, 600), "{name}");
    }
}

#[test]
fn rendering_twice_gives_identical_bytes() {
    let first = default_charts();
    let second = render(&ChartOptions::default());
    assert_eq!(second.len(), first.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.name, b.name);
        for ((fa, ba), (fb, bb)) in a.files.iter().zip(&b.files) {
            assert_eq!(fa, fb);
            assert!(ba == bb, "{} ({fa:?}) differs between two runs", a.name);
        }
    }
}

#[test]
fn a_custom_size_and_format_list_are_honoured() {
    let opts = ChartOptions {
        formats: vec![ChartFormat::Png, ChartFormat::Svg, ChartFormat::Png],
        width: 800,
        height: 500,
        ..ChartOptions::default()
    };
    let charts = render(&opts);
    for c in &charts {
        let formats: Vec<ChartFormat> = c.files.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            formats,
            [ChartFormat::Png, ChartFormat::Svg],
            "each format once, in the order asked"
        );
    }
    for name in names() {
        assert_eq!(png_size(file(&charts, &name, ChartFormat::Png)), (800, 500), "{name}");
        let (texts, _, size) = svg_texts(file(&charts, &name, ChartFormat::Svg));
        assert_eq!(size, ("800".to_string(), "500".to_string()), "{name}");
        let all = texts.join(" ");
        for t in expected_texts(&name) {
            assert!(all.contains(&t), "{name}.svg at 800×500 lacks {t:?}");
        }
    }
}

#[test]
fn dpi_scales_png_pixels_and_is_recorded() {
    let opts = ChartOptions {
        formats: vec![ChartFormat::Png, ChartFormat::Svg],
        dpi: 192,
        ..ChartOptions::default()
    };
    let charts = render(&opts);
    let bytes = file(&charts, "citation_scores", ChartFormat::Png);
    let reader = png::Decoder::new(std::io::Cursor::new(bytes)).read_info().unwrap();
    let info = reader.info();
    assert_eq!((info.width, info.height), (2000, 1200), "twice the pixels at 192 dpi");
    let dims = info.pixel_dims.expect("a pHYs chunk");
    // 192 dots per inch is 7559 per metre.
    assert_eq!((dims.xppu, dims.yppu, dims.unit), (7559, 7559, png::Unit::Meter));
    let (_, _, size) = svg_texts(file(&charts, "citation_scores", ChartFormat::Svg));
    assert_eq!(
        size,
        ("1000".to_string(), "600".to_string()),
        "the SVG keeps the chart size"
    );
}

#[test]
fn svg_only_gives_no_png() {
    let opts = ChartOptions {
        formats: vec![ChartFormat::Svg],
        ..ChartOptions::default()
    };
    let charts = render(&opts);
    assert_eq!(charts.len(), 16);
    assert!(
        charts
            .iter()
            .all(|c| c.files.len() == 1 && c.files[0].0 == ChartFormat::Svg)
    );
}

#[test]
fn sizes_out_of_range_are_errors_not_panics() {
    let a = analysis();
    for (width, height) in [(0, 600), (1000, 0), (99, 600), (100_000, 600), (8000, 8000)] {
        let opts = ChartOptions {
            width,
            height,
            ..ChartOptions::default()
        };
        match charts::render_all(a, &opts) {
            Err(Error::Chart { .. }) => {}
            other => panic!(
                "{width}×{height}: expected a chart error, got {:?}",
                other.map(|(c, m)| (c.len(), m))
            ),
        }
    }
}

/// The analysis of the shipped data without the rows of one file.
fn analysis_without(file: &str) -> Analysis {
    let mut dataset = analysis().dataset.clone();
    dataset.observations.retain(|o| o.file != file);
    analysis::analyse_dataset(dataset).expect("an analysis without that file")
}

#[test]
fn a_chart_without_its_data_is_left_out_with_the_reason() {
    let a = analysis_without("budget.csv");
    let opts = ChartOptions {
        formats: vec![ChartFormat::Svg],
        ..ChartOptions::default()
    };
    let (charts, missing) = charts::render_all(&a, &opts).expect("no error for missing data");
    let rendered: Vec<&str> = charts.iter().map(|c| c.name.as_str()).collect();
    assert!(!rendered.contains(&"budget_revenues"), "{rendered:?}");
    let others: Vec<String> = names().into_iter().filter(|n| n != "budget_revenues").collect();
    assert_eq!(rendered, others, "every other chart is still rendered");
    let budget: Vec<_> = missing.iter().filter(|m| m.item == "chart budget_revenues").collect();
    assert_eq!(budget.len(), 1, "one item for the chart left out: {missing:?}");
    assert!(budget[0].reason.contains("budget_revenues."), "{}", budget[0].reason);
    // eu_funding loses its revenue-line bars only, and says so.
    assert!(
        missing
            .iter()
            .any(|m| m.item.starts_with("chart eu_funding, plot (a), bar")
                && m.reason.contains("budget_revenues.eu_funding")),
        "{missing:?}"
    );
    let (texts, _, _) = svg_texts(file(&charts, "eu_funding", ChartFormat::Svg));
    assert!(!texts.join(" ").contains("EU funding revenue line"));
}

#[test]
fn missing_years_are_not_drawn_as_zero() {
    let charts = default_charts();
    let (texts, _, _) = svg_texts(file(charts, "budget_revenues", ChartFormat::Svg));
    // Value labels are the figures the data give, and only those: no label for 2020, 2022, 2024.
    let a = analysis();
    let budget: Vec<_> = [
        "state_subsidy",
        "other_public_subsidies",
        "eu_funding",
        "own_revenues",
        "other_revenues",
    ]
    .iter()
    .flat_map(|l| a.dataset.series(&format!("budget_revenues.{l}")))
    .collect();
    let values: Vec<&String> = texts
        .iter()
        .filter(|t| t.trim_start_matches('≈').parse::<f64>().is_ok_and(|v| v > 0.0))
        .collect();
    let ticks: BTreeSet<&str> = [
        "200", "400", "600", "800", "50", "100", "150", "2019", "2020", "2021", "2022", "2023", "2024", "2025",
    ]
    .into();
    let labels: Vec<&&String> = values.iter().filter(|t| !ticks.contains(t.as_str())).collect();
    assert_eq!(
        labels.len(),
        budget.len(),
        "one value label per figure given: {labels:?}"
    );
}

#[test]
fn the_smallest_canvas_renders_without_panicking() {
    let opts = ChartOptions {
        width: 100,
        height: 100,
        ..ChartOptions::default()
    };
    let charts = render(&opts);
    assert_eq!(charts.len(), 16);
    for name in names() {
        assert_eq!(png_size(file(&charts, &name, ChartFormat::Png)), (100, 100), "{name}");
        svg_texts(file(&charts, &name, ChartFormat::Svg));
    }
}

#[test]
fn a_new_year_of_data_reaches_the_charts_with_no_edit() {
    let mut dataset = analysis().dataset.clone();
    let groups = [
        "staff.permanent.scientists",
        "staff.permanent.support",
        "staff.contract.scientists",
        "staff.contract.support",
    ];
    let end_2023: orgmetrics::period::Period = "2023-12-31".parse().unwrap();
    let mut added: Vec<_> = dataset
        .observations
        .iter()
        .filter(|o| groups.contains(&o.series.as_str()) && o.period == end_2023)
        .cloned()
        .collect();
    assert_eq!(added.len(), 4);
    for (i, o) in added.iter_mut().enumerate() {
        o.period = "2024-12-31".parse().unwrap();
        o.value += 10.0;
        o.line = 100_000 + i as u64;
    }
    dataset.observations.extend(added);
    let a = analysis::analyse_dataset(dataset).expect("an analysis with 2024");
    let opts = ChartOptions {
        formats: vec![ChartFormat::Svg],
        ..ChartOptions::default()
    };
    let (charts, _) = charts::render_all(&a, &opts).expect("charts render");
    let title = |name: &str| {
        charts
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.title.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        title("workforce_by_status_group"),
        "Inserm staff by status and group, 31 December 2018 and 31 December 2024"
    );
    let (texts, _, _) = svg_texts(file(&charts, "workforce_by_status_group", ChartFormat::Svg));
    assert!(texts.iter().any(|t| t == "31 Dec 2024"), "{texts:?}");
    assert!(
        texts.iter().any(|t| t == "2,190"),
        "permanent researchers at end 2024: {texts:?}"
    );
}

/// Runs `validate` on a data directory; its exit code and stderr.
fn validate(data: &Path) -> (Option<i32>, String) {
    let o = common::run(&["validate", "--data", data.to_str().unwrap()]);
    (o.status.code(), String::from_utf8_lossy(&o.stderr).to_string())
}

/// Line and column (1-based) of the first `needle` in the report definition of `data`.
fn place(data: &Path, needle: &str) -> (usize, usize) {
    let text = std::fs::read_to_string(data.join("report.toml")).unwrap();
    let at = text.find(needle).unwrap_or_else(|| panic!("no {needle:?}"));
    let line = text[..at].matches('\n').count() + 1;
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, col)
}

/// A `pattern` with the default `names = "series"` ranges over the codes `*` stands for in the
/// series ids of a declared domain: one bar per matching series, labelled by its label.
#[test]
fn a_pattern_over_series_names_draws_one_bar_per_series_with_its_label() {
    let bars = |name: &str| -> std::collections::BTreeMap<String, Option<f64>> {
        let chart = default_charts()
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no chart {name}"));
        assert_eq!(chart.facets.len(), 1, "{name}");
        let facet = &chart.facets[0];
        assert_eq!(facet.series.len(), 1, "{name}: one series of bars");
        assert_eq!(facet.rows.len(), facet.series[0].values.len(), "{name}");
        facet
            .rows
            .iter()
            .map(|r| r.label.clone())
            .zip(facet.series[0].values.iter().copied())
            .collect()
    };
    // international.csv, lines 7–9; labels from report.toml's [labels].
    assert_eq!(
        bars("copublication_partners"),
        std::collections::BTreeMap::from([
            (
                "Harvard University's share of Inserm's co-publications".to_string(),
                Some(3.8)
            ),
            (
                "University of London's share of Inserm's co-publications".to_string(),
                Some(5.6)
            ),
            (
                "University of California's share of Inserm's co-publications".to_string(),
                Some(3.2)
            ),
        ])
    );
    // governance.csv, lines 19–21.
    assert_eq!(
        bars("unit_funding_weights"),
        std::collections::BTreeMap::from([
            ("Units' funding weight: permanent scientists".to_string(), Some(60.0)),
            ("Units' funding weight: assessment".to_string(), Some(30.0)),
            ("Units' funding weight: scientific priorities".to_string(), Some(10.0)),
        ])
    );
}

/// The SVG `<text>` elements reading `text`: their (y, fill).
fn texts_reading(svg: &roxmltree::Document, text: &str) -> Vec<(f64, String)> {
    svg.descendants()
        .filter(|n| n.has_tag_name("text") && n.text().map(str::trim) == Some(text))
        .map(|n| {
            let y = n.attribute("y").and_then(|y| y.parse().ok()).unwrap_or(f64::NAN);
            (y, n.attribute("fill").unwrap_or("").to_string())
        })
        .collect()
}

/// The row of the dashed reference line of a bars chart's plot: the row most of the ink's
/// horizontal line pieces below the legend are on.
fn reference_row(svg: &roxmltree::Document) -> f64 {
    let mut rows: Vec<i64> = svg
        .descendants()
        .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke") == Some("#1A1A1A"))
        .filter_map(|n| {
            let ys: Vec<i64> = n
                .attribute("points")?
                .split_whitespace()
                .filter_map(|p| p.split(',').nth(1)?.parse().ok())
                .collect();
            (ys.len() == 2 && ys[0] == ys[1] && ys[0] > 80).then_some(ys[0])
        })
        .collect();
    rows.sort_unstable();
    let most = rows
        .chunk_by(|a, b| a == b)
        .max_by_key(|c| c.len())
        .expect("a reference line");
    most[0] as f64
}

#[test]
fn reference_lines_are_named_in_the_legend_only_and_bar_labels_clear_them() {
    for (name, key) in [
        ("publication_share_by_panel", "All life sciences (LS): 17%"),
        ("citation_scores", "World average = 1"),
    ] {
        let svg = std::str::from_utf8(file(default_charts(), name, ChartFormat::Svg)).unwrap();
        let doc = roxmltree::Document::parse(svg).unwrap();
        assert_eq!(
            texts_reading(&doc, key).len(),
            1,
            "{name}: {key} written once, in the legend"
        );
    }
    let svg = std::str::from_utf8(file(default_charts(), "publication_share_by_panel", ChartFormat::Svg)).unwrap();
    let doc = roxmltree::Document::parse(svg).unwrap();
    let rule = reference_row(&doc);
    // LS1 reaches the line, LS7 stops just under it: both labels above it, in ink.
    for label in ["17%", "16.5%"] {
        let found = texts_reading(&doc, label);
        assert_eq!(found.len(), 1, "{label}");
        let (y, fill) = &found[0];
        assert_eq!(fill, "#1A1A1A", "{label} in ink");
        assert!(*y <= rule - 6.0, "{label}'s bottom at {y}, the line at {rule}");
    }
}

#[test]
fn a_range_whose_low_end_is_no_category_is_refused_at_its_place() {
    let (_tmp, data) = common::data_copy();
    let low = "\"careers.support_positions_per_year.needed_low\"";
    let other = "\"careers.support_positions_per_year.needed_lo\"";
    common::replace_first(
        &data,
        "report.toml",
        &format!("ranges = [[{low}"),
        &format!("ranges = [[{other}"),
    );
    let (code, stderr) = validate(&data);
    assert_eq!(code, Some(2), "{stderr}");
    let (line, col) = place(&data, other);
    assert!(
        stderr.contains(&format!(
            "report.toml:{line}:{col}: expected for chart careers_recruitment_positions, a range `[low, high]` of two different codes, `low` one of the categories' `codes`"
        )),
        "{stderr}"
    );
}
