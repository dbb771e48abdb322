//! Charts as a reader's tools open them: every file written, SVG parsed as XML with the title
//! and every series label in its text, PNG decoded at the requested size, the same bytes from
//! run to run, and errors (never panics) on input the charts cannot be drawn from.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use orgmetrics::analysis::{self, Analysis};
use orgmetrics::compute::{indicators, projections};
use orgmetrics::error::Error;
use orgmetrics::render::charts::{self, CHART_NAMES, ChartFormat, ChartOptions, FONT_FAMILY};

fn analysis() -> &'static Analysis {
    static A: OnceLock<Analysis> = OnceLock::new();
    A.get_or_init(|| analysis::analyse(Path::new("data")).expect("the shipped data analyse"))
}

fn render(opts: &ChartOptions, dir: &Path) -> Vec<PathBuf> {
    let a = analysis();
    charts::render_all(&a.dataset, &a.computed, &a.projections, opts, dir).expect("charts render")
}

/// Renders the default charts once for all tests that only read them.
fn default_charts() -> &'static (tempfile::TempDir, Vec<PathBuf>) {
    static R: OnceLock<(tempfile::TempDir, Vec<PathBuf>)> = OnceLock::new();
    R.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary directory");
        let paths = render(&ChartOptions::default(), dir.path());
        (dir, paths)
    })
}

/// Every `<text>` of an SVG in document order, and their font families.
fn svg_texts(path: &Path) -> (Vec<String>, BTreeSet<String>, (String, String)) {
    let xml = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{} is not XML: {e}", path.display()));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg", "{}", path.display());
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

fn png_size(path: &Path) -> (u32, u32) {
    let file = fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = png::Decoder::new(file)
        .read_info()
        .unwrap_or_else(|e| panic!("{} does not decode: {e}", path.display()));
    let mut buf = vec![0; reader.output_buffer_size()];
    let frame = reader
        .next_frame(&mut buf)
        .unwrap_or_else(|e| panic!("{} does not decode: {e}", path.display()));
    (frame.width, frame.height)
}

/// Title and series labels each chart must show, as a reader would look for them.
fn expected_texts(name: &str) -> Vec<String> {
    let a = analysis();
    let label_of = |indicator: &str, subject: &str| {
        a.computed
            .rows
            .iter()
            .find(|r| r.indicator == indicator && r.subject == subject)
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
        other => panic!("no expected texts for {other}"),
    };
    texts
}

#[test]
fn every_chart_is_written_in_both_formats_in_a_fixed_order() {
    let (dir, paths) = default_charts();
    let expected: Vec<PathBuf> = CHART_NAMES
        .iter()
        .flat_map(|n| [dir.path().join(format!("{n}.svg")), dir.path().join(format!("{n}.png"))])
        .collect();
    assert_eq!(paths, &expected);
    assert_eq!(paths.len(), 16);
    for p in paths {
        assert!(
            p.is_file() && fs::metadata(p).unwrap().len() > 0,
            "{} missing or empty",
            p.display()
        );
    }
    let mut on_disk: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    assert_eq!(on_disk.len(), 16, "only the charts are written: {on_disk:?}");
}

#[test]
fn svg_parses_and_holds_title_series_labels_and_source() {
    let (dir, _) = default_charts();
    for name in CHART_NAMES {
        let path = dir.path().join(format!("{name}.svg"));
        let (texts, families, size) = svg_texts(&path);
        assert_eq!(size, ("1000".to_string(), "600".to_string()), "{name}");
        // Wrapped text is split over consecutive <text> elements.
        let all = texts.join(" ");
        for t in expected_texts(name) {
            assert!(all.contains(&t), "{name}.svg lacks {t:?}; it has: {texts:?}");
        }
        assert!(
            all.contains("Hcéres, Assessment report of Inserm, Dec 2025, section"),
            "{name}: no source line in {texts:?}"
        );
        assert_eq!(
            families,
            BTreeSet::from([FONT_FAMILY.to_string()]),
            "{name}: every text in the embedded font's family"
        );
        assert!(FONT_FAMILY.starts_with("DejaVu Sans"));
    }
}

#[test]
fn footers_name_each_source_and_section() {
    let (dir, _) = default_charts();
    let footer = |name: &str| svg_texts(&dir.path().join(format!("{name}.svg"))).0.join(" ");
    assert!(footer("workforce_by_status_group").contains("section VII.3.a (fn 103–104)"));
    assert!(footer("budget_revenues").contains("section VII.4.a (text and fn 119)"));
    assert!(footer("eu_funding").contains("sections V.1 (fn 77) and VII.4.a (fn 119)"));
    // The 2019 headcount comes from the 2021 news item.
    assert!(footer("workforce_ratios").contains("Sources: Hcéres, Assessment report of Inserm"));
    assert!(footer("workforce_ratios").contains("Evaluating INSERM"));
}

#[test]
fn png_decodes_at_the_requested_size() {
    let (dir, _) = default_charts();
    for name in CHART_NAMES {
        assert_eq!(png_size(&dir.path().join(format!("{name}.png"))), (1000, 600), "{name}");
    }
}

#[test]
fn rendering_twice_gives_identical_bytes() {
    let (first, paths) = default_charts();
    let again = tempfile::tempdir().unwrap();
    let second = render(&ChartOptions::default(), again.path());
    assert_eq!(second.len(), paths.len());
    for p in paths {
        let name = p.file_name().unwrap();
        let a = fs::read(first.path().join(name)).unwrap();
        let b = fs::read(again.path().join(name)).unwrap();
        assert!(a == b, "{} differs between two runs", name.to_string_lossy());
    }
}

#[test]
fn a_custom_size_and_format_list_are_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let opts = ChartOptions {
        formats: vec![ChartFormat::Png, ChartFormat::Svg, ChartFormat::Png],
        width: 800,
        height: 500,
        ..ChartOptions::default()
    };
    let paths = render(&opts, dir.path());
    let expected: Vec<PathBuf> = CHART_NAMES
        .iter()
        .flat_map(|n| [dir.path().join(format!("{n}.png")), dir.path().join(format!("{n}.svg"))])
        .collect();
    assert_eq!(paths, expected, "each format once, in the order asked");
    for name in CHART_NAMES {
        assert_eq!(png_size(&dir.path().join(format!("{name}.png"))), (800, 500), "{name}");
        let (texts, _, size) = svg_texts(&dir.path().join(format!("{name}.svg")));
        assert_eq!(size, ("800".to_string(), "500".to_string()), "{name}");
        let all = texts.join(" ");
        for t in expected_texts(name) {
            assert!(all.contains(&t), "{name}.svg at 800×500 lacks {t:?}");
        }
    }
}

#[test]
fn dpi_scales_png_pixels_and_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let opts = ChartOptions {
        formats: vec![ChartFormat::Png, ChartFormat::Svg],
        dpi: 192,
        ..ChartOptions::default()
    };
    render(&opts, dir.path());
    let file = fs::File::open(dir.path().join("citation_scores.png")).unwrap();
    let reader = png::Decoder::new(std::io::BufReader::new(file)).read_info().unwrap();
    let info = reader.info();
    assert_eq!((info.width, info.height), (2000, 1200), "twice the pixels at 192 dpi");
    let dims = info.pixel_dims.expect("a pHYs chunk");
    // 192 dots per inch is 7559 per metre.
    assert_eq!((dims.xppu, dims.yppu, dims.unit), (7559, 7559, png::Unit::Meter));
    let (_, _, size) = svg_texts(&dir.path().join("citation_scores.svg"));
    assert_eq!(
        size,
        ("1000".to_string(), "600".to_string()),
        "the SVG keeps the chart size"
    );
}

#[test]
fn svg_only_writes_no_png() {
    let dir = tempfile::tempdir().unwrap();
    let opts = ChartOptions {
        formats: vec![ChartFormat::Svg],
        ..ChartOptions::default()
    };
    let paths = render(&opts, dir.path());
    assert_eq!(paths.len(), 8);
    assert!(paths.iter().all(|p| p.extension().is_some_and(|e| e == "svg")));
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 8);
}

#[test]
fn sizes_out_of_range_are_errors_not_panics() {
    let a = analysis();
    let dir = tempfile::tempdir().unwrap();
    for (width, height) in [(0, 600), (1000, 0), (99, 600), (100_000, 600), (8000, 8000)] {
        let opts = ChartOptions {
            width,
            height,
            ..ChartOptions::default()
        };
        match charts::render_all(&a.dataset, &a.computed, &a.projections, &opts, dir.path()) {
            Err(Error::Chart { .. }) => {}
            other => panic!("{width}×{height}: expected a chart error, got {other:?}"),
        }
    }
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_chart_without_its_data_is_an_error_naming_it() {
    let a = analysis();
    let mut ds = a.dataset.clone();
    ds.observations.retain(|o| o.file != "budget.csv");
    let computed = indicators::compute(&ds).expect("indicators without the budget");
    let projections = projections::project(&ds, &computed).expect("projections without the budget");
    let dir = tempfile::tempdir().unwrap();
    let opts = ChartOptions {
        formats: vec![ChartFormat::Svg],
        ..ChartOptions::default()
    };
    match charts::render_all(&ds, &computed, &projections, &opts, dir.path()) {
        Err(Error::Chart { chart, message }) => {
            assert_eq!(chart, "budget_revenues");
            assert!(message.contains("budget"), "{message}");
        }
        other => panic!("expected a chart error, got {other:?}"),
    }
}

#[test]
fn missing_years_are_not_drawn_as_zero() {
    let (dir, _) = default_charts();
    let (texts, _, _) = svg_texts(&dir.path().join("budget_revenues.svg"));
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
    let dir = tempfile::tempdir().unwrap();
    let opts = ChartOptions {
        width: 100,
        height: 100,
        ..ChartOptions::default()
    };
    let paths = render(&opts, dir.path());
    assert_eq!(paths.len(), 16);
    for name in CHART_NAMES {
        assert_eq!(png_size(&dir.path().join(format!("{name}.png"))), (100, 100), "{name}");
        svg_texts(&dir.path().join(format!("{name}.svg")));
    }
}
