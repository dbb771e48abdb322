//! Bad input: each kind of error is reported with file, line, column, what was expected and what
//! was found; the exit code is 2; an existing output directory is left byte-identical.

mod common;

use std::path::Path;

use common::*;

#[test]
fn shipped_data_is_valid() {
    let o = run(&["validate", "--data", data_dir().to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        stdout.lines().last(),
        Some("every item of the report definition can be computed from the data"),
        "{stdout}"
    );
}

/// The items `validate` lists as what the data cannot fill, after its count.
fn validate_lists(data: &Path) -> Vec<String> {
    let o = run(&["validate", "--data", data.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(o.status.success(), "{}", stderr_of(&o));
    let mut lines = stdout
        .lines()
        .skip_while(|l| !l.ends_with("report item(s) the data cannot fill:"));
    let count = lines.next().unwrap_or_else(|| panic!("no list of items: {stdout}"));
    let items: Vec<String> = lines.map(|l| l.strip_prefix("  ").unwrap_or(l).to_string()).collect();
    assert_eq!(count, format!("{} report item(s) the data cannot fill:", items.len()));
    items
}

/// The items `report` warns it could not compute, in its order.
fn report_lists(data: &Path) -> Vec<String> {
    let out = tempfile::tempdir().unwrap();
    let o = run_report(data, &out.path().join("output"));
    assert!(o.status.success(), "{}", stderr_of(&o));
    stderr_of(&o)
        .lines()
        .filter_map(|l| l.strip_prefix("warning: not computed: "))
        .map(str::to_string)
        .collect()
}

/// Chart elements the data cannot give are listed by `validate`, which draws no chart, as
/// `report` lists them when it draws: a reference line whose series the data do not have, and a
/// line of a series with no value, in the definition's order of charts.
#[test]
fn validate_lists_the_chart_elements_report_leaves_out() {
    let (_t, data) = data_copy();
    replace_first(
        &data,
        "report.toml",
        "reference = { series = \"share_of_french_publications.organisation.LS.fractional\"",
        "reference = { series = \"share_of_french_publications.organisation.LS99.fractional\"",
    );
    replace_first(
        &data,
        "report.toml",
        "{ series = \"expertise.canal_detox_views\"",
        "{ series = \"expertise.canal_detox_visits\"",
    );
    let listed = validate_lists(&data);
    assert_eq!(
        listed,
        [
            "chart publication_share_by_panel, plot, reference line: no value of share_of_french_publications.organisation.LS99.fractional",
            "chart expertise_audiences, plot, line expertise.canal_detox_visits: no values of expertise.canal_detox_visits",
        ]
    );
    assert_eq!(report_lists(&data), listed);
}

/// Without European funding rows: the analysis' items first (two key figures and a claim read
/// them), then the EU chart's bars, category by category and group by group: in plot (a) the
/// section V.1 series at each year the revenue line gives, in plot (b) every programme's
/// projects per year. `report` lists the same, in the same order.
#[test]
fn validate_lists_what_report_lists_in_its_order() {
    let (_t, data) = data_copy();
    std::fs::write(
        data.join("eu_funding.csv"),
        "programme,measure,period,value,unit,qualifier,source,locator,note\n",
    )
    .unwrap();
    let listed = validate_lists(&data);
    let first_chart = listed.iter().position(|i| i.starts_with("chart ")).unwrap();
    assert_eq!(first_chart, 3, "{listed:#?}");
    let latest = |measure: &str, programme: &str| {
        format!(
            "chart eu_funding, plot (b), bar {measure} {programme}: the data give per_programme_year of eu.{programme}.{measure} at no period that is the latest period"
        )
    };
    assert_eq!(
        listed[first_chart..],
        [
            "chart eu_funding, plot (a), bar 2019 eu.all.european_funding: no value of eu.all.european_funding at 2019"
                .to_string(),
            "chart eu_funding, plot (a), bar 2023 eu.all.european_funding: no value of eu.all.european_funding at 2023"
                .to_string(),
            latest("participations", "horizon_2020"),
            latest("participations", "horizon_europe"),
            latest("coordinations", "horizon_2020"),
            latest("coordinations", "horizon_europe"),
        ]
    );
    assert!(
        listed[..first_chart]
            .iter()
            .all(|i| i.starts_with("key figure ") || i.starts_with("claim ")),
        "{listed:#?}"
    );
    assert_eq!(report_lists(&data), listed);
}

#[test]
fn missing_column() {
    let (_t, data) = data_copy();
    replace_first(&data, "budget.csv", "line,basis,period", "line,period");
    assert_rejected(
        &data,
        &[
            "budget.csv:1",
            "expected the columns line,basis,period",
            "missing basis",
        ],
    );
}

#[test]
fn non_number() {
    let (_t, data) = data_copy();
    replace_first(&data, "budget.csv", "2019,631,", "2019,six hundred,");
    assert_rejected(
        &data,
        &[
            "budget.csv:2:4 (column 'value')",
            "expected a number",
            "found \"six hundred\"",
        ],
    );
}

#[test]
fn thousands_separator_is_not_a_number() {
    let (_t, data) = data_copy();
    replace_first(&data, "workforce.csv", "2018-12-31,2142,", "2018-12-31,\"2,142\",");
    assert_rejected(
        &data,
        &[
            "workforce.csv:2:7 (column 'value')",
            "no thousands separator",
            "\"2,142\"",
        ],
    );
}

#[test]
fn negative_headcount() {
    let (_t, data) = data_copy();
    replace_first(&data, "workforce.csv", "2018-12-31,2142,", "2018-12-31,-2142,");
    assert_rejected(
        &data,
        &["workforce.csv:2:7 (column 'value'): expected a non-negative number, found -2142"],
    );
}

/// A change of the average age is the one figure that may be negative.
#[test]
fn negative_change_of_average_age_is_valid() {
    let (_t, data) = data_copy();
    replace_first(&data, "workforce.csv", "2015/2024,2.6,", "2015/2024,-2.6,");
    assert_valid(&data);
}

#[test]
fn share_above_100() {
    let (_t, data) = data_copy();
    replace_first(
        &data,
        "publications.csv",
        "2018/2022,34.5,percent",
        "2018/2022,134.5,percent",
    );
    assert_rejected(
        &data,
        &["publications.csv:5:6 (column 'value'): expected a percentage between 0 and 100, found 134.5"],
    );
}

#[test]
fn unknown_source() {
    let (_t, data) = data_copy();
    replace_first(
        &data,
        "eu_funding.csv",
        "2019,56,EUR million,,hceres2025",
        "2019,56,EUR million,,hceres2052",
    );
    assert_rejected(
        &data,
        &["eu_funding.csv:2:7 (column 'source'): expected a source id listed in sources.csv, found \"hceres2052\""],
    );
}

#[test]
fn duplicate_key() {
    let (_t, data) = data_copy();
    let p = data.join("budget.csv");
    let mut text = std::fs::read_to_string(&p).unwrap();
    text.push_str(
        "state_subsidy,budget_revenues,2019,632,EUR million,,hceres2025,VII.4.a,€632 million,,stated,a second value\n",
    );
    std::fs::write(&p, text).unwrap();
    assert_rejected(
        &data,
        &[
            "budget.csv:18:3 (column 'period')",
            "one row per series and period (series budget_revenues.state_subsidy was given on line 2)",
        ],
    );
}

#[test]
fn empty_file() {
    let (_t, data) = data_copy();
    std::fs::write(data.join("eu_funding.csv"), "").unwrap();
    assert_rejected(
        &data,
        &["eu_funding.csv:1: expected a header row", "found an empty file"],
    );
}

#[test]
fn a_header_only_file_is_valid_and_its_items_are_listed_as_not_computed() {
    let (_t, data) = data_copy();
    std::fs::write(
        data.join("eu_funding.csv"),
        "programme,measure,period,value,unit,qualifier,source,locator,note\n",
    )
    .unwrap();
    let o = run(&["validate", "--data", data.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout.contains("report item(s) the data cannot fill"), "{stdout}");
    assert!(
        stdout
            .contains("key figure \"Growth of European funding (section V.1)\": eu_funding.csv has no value of eu.all.european_funding"),
        "{stdout}"
    );
}

#[test]
fn an_entity_the_organisation_file_does_not_declare() {
    let (_t, data) = data_copy();
    replace_first(&data, "publications.csv", "\nhelmholtz,LS,", "\nmax_planck,LS,");
    assert_rejected(
        &data,
        &[
            "publications.csv:16:1 (column 'entity')",
            "a comparator declared in organisation.toml",
            "'max_planck'",
        ],
    );
}

#[test]
fn a_malformed_report_definition_names_its_line_and_column() {
    let (_t, data) = data_copy();
    replace_first(
        &data,
        "report.toml",
        "at = \"latest\"\ncompare = \"earliest\"",
        "at = \"newest\"\ncompare = \"earliest\"",
    );
    let err = assert_rejected(
        &data,
        &[
            "report.toml:",
            "expected latest, earliest, latest_complete",
            "\"newest\"",
        ],
    );
    // The first key figure's `at` is on line 78 of the shipped definition, its value at column 6.
    let line = std::fs::read_to_string(data.join("report.toml"))
        .unwrap()
        .lines()
        .position(|l| l.contains("newest"))
        .unwrap()
        + 1;
    assert!(err.contains(&format!("report.toml:{line}:6")), "{err}");
}

/// A chart's bad value is reported at the value, in any chart and any panel, not at the first
/// `[[charts]]` header (serde reads a chart's panel keys through a buffer that forgets places).
#[test]
fn a_charts_bad_value_is_located_at_the_value() {
    for (from, to, place, found) in [
        // citation_scores, an inline panel, far below the first chart's header.
        (
            "ticks = 5\ncategories = { pattern = \"mean",
            "ticks = -5\ncategories = { pattern = \"mean",
            "ticks = -5",
            "chart citation_scores: invalid value: integer `-5`, expected usize",
        ),
        // budget_revenues' second panel, a `[[charts.panels]]` table.
        (
            "y_title = \"EUR million\"\nticks = 5\nlines = [\n    { series = \"budget_revenues.other_public",
            "y_title = \"EUR million\"\nticks = 5\nlines = [\n    { series = \"budget_revenues.other_public\", dash = \"wavy",
            "dash = \"wavy",
            "chart budget_revenues: unknown variant `wavy_subsidies`",
        ),
    ] {
        let (_t, data) = data_copy();
        replace_first(&data, "report.toml", from, to);
        // The line of the faulty value in the edited file.
        let text = std::fs::read_to_string(data.join("report.toml")).unwrap();
        let line = text[..text.find(place).unwrap()].matches('\n').count() + 1;
        assert_rejected(&data, &[&format!("report.toml:{line}:"), found]);
    }
}

#[test]
fn a_missing_organisation_file_is_invalid_data() {
    let (_t, data) = data_copy();
    std::fs::remove_file(data.join("organisation.toml")).unwrap();
    assert_rejected(&data, &["organisation.toml: expected a readable UTF-8 file"]);
}

#[test]
fn unknown_unit_and_bad_period_are_both_reported() {
    let (_t, data) = data_copy();
    replace_first(&data, "budget.csv", "2019,631,EUR million", "2019,631,euros");
    replace_first(
        &data,
        "publications.csv",
        "2018/2022,17,percent",
        "2022/2018,17,percent",
    );
    let err = assert_rejected(
        &data,
        &[
            "budget.csv:2:5 (column 'unit'): expected one of 'persons', 'EUR million'",
            "found \"euros\"",
            "publications.csv:2:5 (column 'period')",
        ],
    );
    assert!(err.contains("2 problem(s)"), "{err}");
}

#[test]
fn a_total_beside_its_full_breakdown_is_a_double_count() {
    let (_t, data) = data_copy();
    let p = data.join("workforce.csv");
    let mut text = std::fs::read_to_string(&p).unwrap();
    text.push_str(
        "headcount,organisation,organisation,contract,all,2023-12-31,3719,persons,,hceres2025,VII.3.a,\"3,719\",,stated,total\n",
    );
    std::fs::write(&p, text).unwrap();
    assert_rejected(
        &data,
        &[
            "workforce.csv:24:4 (column 'status')",
            "staff.contract.scientists + staff.contract.support",
            "both the total and all its parts",
        ],
    );
}

#[test]
fn a_claim_on_an_unknown_series() {
    let (_t, data) = data_copy();
    replace_first(
        &data,
        "claims.csv",
        "staff.permanent.scientists + staff.permanent.support,,2018-12-31",
        "staff.permanent.scientist + staff.permanent.support,,2018-12-31",
    );
    assert_rejected(
        &data,
        &[
            "claims.csv:3:3 (column 'subject')",
            "found \"staff.permanent.scientist\"",
            "a series id the data files can build",
        ],
    );
}

#[test]
fn missing_data_directory_is_an_error_not_a_panic() {
    let o = run(&["validate", "--data", "/nonexistent/orgmetrics-data"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("expected a data directory"));
}

#[test]
fn report_definitions_that_would_escape_the_output_or_run_away_are_rejected() {
    let (_t, data) = data_copy();
    replace_first(
        &data,
        "report.toml",
        "name = \"citation_scores\"",
        "name = \"../escape\"",
    );
    replace_first(&data, "report.toml", "horizon = 2035", "horizon = 2000000000");
    let line = |needle: &str| {
        std::fs::read_to_string(data.join("report.toml"))
            .unwrap()
            .lines()
            .position(|l| l.contains(needle))
            .unwrap()
            + 1
    };
    let (name_line, horizon_line) = (line("../escape"), line("horizon = 2000000000"));
    let err = assert_rejected(
        &data,
        &[
            "for a chart's `name`, a file name of lowercase letters",
            "\"../escape\"",
            "a `horizon` from 1900 to 2200",
        ],
    );
    assert!(err.contains(&format!("report.toml:{name_line}:8")), "{err}");
    assert!(err.contains(&format!("report.toml:{horizon_line}:1")), "{err}");
}

#[test]
fn an_organisation_id_that_names_the_panel_tables_is_rejected() {
    let (_t, data) = data_copy();
    replace_first(&data, "organisation.toml", "id = \"inserm\"", "id = \"panel\"");
    let line = std::fs::read_to_string(data.join("organisation.toml"))
        .unwrap()
        .lines()
        .position(|l| l == "id = \"panel\"")
        .unwrap()
        + 1;
    let needle = format!("organisation.toml:{line}:6: expected for `id`, a code of lowercase letters");
    assert_rejected(&data, &[needle.as_str()]);
}

#[test]
fn a_change_claim_without_its_end_period_is_rejected() {
    let (_t, data) = data_copy();
    replace_first(
        &data,
        "claims.csv",
        "staff.permanent.all,2018-12-31,2023-12-31,-2.6",
        "staff.permanent.all,2018-12-31,,-2.6",
    );
    assert_rejected(&data, &["claims.csv:2:5 (column 'to')", "the end period of the change"]);
}

/// A figure the document gives without a period is compared at the only period the data give;
/// when they give several (permanent staff: end 2018, 2019 and 2023), it cannot be, and says why
/// (exit 0).
#[test]
fn an_undated_claim_with_several_periods_in_the_data_is_not_computed() {
    let (_t, data) = data_copy();
    replace_first(
        &data,
        "claims.csv",
        "staff.permanent.scientists + staff.permanent.support,,2018-12-31,5104",
        "staff.permanent.scientists + staff.permanent.support,,,5104",
    );
    let o = run(&["validate", "--data", data.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        stdout.contains("claim permanent_2018")
            && stdout.contains("the document gives no period, and the data give 3 of staff.permanent.scientists + staff.permanent.support (2018-12-31, 2019-12-31, 2023-12-31)"),
        "{stdout}"
    );
}

/// An output directory that is, or holds, the data directory would replace the data: the run
/// refuses it (exit 1) before writing anything, for one report and for a panel, and every data
/// file is still there.
#[test]
fn an_output_that_would_replace_the_data_is_refused() {
    let (tmp, data) = data_copy();
    let before = snapshot(&data);
    let d = data.to_str().unwrap();
    let parent = tmp.path().to_str().unwrap();
    // The panel whose one organisation's directory is the data (`TMP/main/data`).
    let panel = data.parent().unwrap().to_str().unwrap();
    let dotted = format!("{d}/sub/..");
    for args in [
        vec!["report", "--data", d, "--out", d],
        vec!["report", "--data", d, "--out", parent],
        vec!["report", "--data", d, "--out", &dotted],
        vec!["report", "--data", panel, "--all", "--out", panel],
        vec!["report", "--data", panel, "--organisation", "x", "--out", panel],
    ] {
        let o = run(&args);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("holds the data directory"), "{args:?}: {stderr}");
        assert_eq!(snapshot(&data), before, "{args:?}: the data changed");
    }
    // Through a link followed by `..`: the system resolves the link first, so `l/../../data`
    // is the data directory, though its text says otherwise.
    #[cfg(unix)]
    {
        let main = data.parent().unwrap();
        std::fs::create_dir_all(main.join("sub/inner")).unwrap();
        std::os::unix::fs::symlink(main.join("sub/inner"), main.join("l")).unwrap();
        let linked = format!("{panel}/l/../../data");
        let o = run(&["report", "--data", d, "--out", &linked]);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{linked}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(snapshot(&data), before, "{linked}: the data changed");
    }
    // Beside the data, or inside it, is fine.
    let inside = format!("{d}/output");
    for out in [format!("{parent}/output"), inside] {
        let o = run(&["report", "--data", d, "--out", &out]);
        assert!(o.status.success(), "{out}: {}", String::from_utf8_lossy(&o.stderr));
    }
}

/// Sixteen digits before the decimal point are more than a double holds exactly, and enough
/// for sums of figures to overflow to infinity: rejected at the figure.
#[test]
fn a_number_of_sixteen_digits_is_rejected() {
    let (_t, data) = data_copy();
    replace_first(
        &data,
        "workforce.csv",
        "2018-12-31,2142,",
        "2018-12-31,1000000000000000,",
    );
    assert_rejected(
        &data,
        &[
            "workforce.csv:2:7 (column 'value'): expected a number written with digits and an optional decimal point (no thousands separator), at most 15 digits before it, found \"1000000000000000\"",
        ],
    );
    let (_t, data) = data_copy();
    replace_first(&data, "claims.csv", ",5104,persons,", ",0000000000000005104.5,persons,");
    let o = run(&["validate", "--data", data.to_str().unwrap()]);
    assert!(
        o.status.success(),
        "leading zeros are not digits of the number: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// TOML can write infinities and NaN; a question's threshold and a reference line need a
/// finite number, and say where.
#[test]
fn an_infinite_threshold_or_reference_is_rejected_at_its_place() {
    let (_t, data) = data_copy();
    replace_first(&data, "report.toml", "threshold = 54", "threshold = -inf");
    assert_rejected(&data, &["report.toml:617:13: expected a finite number, found -inf"]);
    let (_t, data) = data_copy();
    replace_first(
        &data,
        "report.toml",
        "reference = { value = 1,",
        "reference = { value = nan,",
    );
    // At the value, in its chart (not the first chart's header).
    let text = std::fs::read_to_string(data.join("report.toml")).unwrap();
    let line = text[..text.find("value = nan").unwrap()].matches('\n').count() + 1;
    assert_rejected(
        &data,
        &[&format!(
            "report.toml:{line}:23: expected valid settings, found chart citation_scores: expected a finite number, found NaN"
        )],
    );
}

/// A key figure's code names its row of key_figures.csv and its column in a panel's: two
/// figures with one code would give two columns holding the first's value.
#[test]
fn two_key_figures_with_one_code_are_rejected() {
    // Each case: the edits, then the code the repeat (the figure at line 351) shares.
    let repeat = |code: &str| {
        format!(
            "report.toml:351:1: expected key figures with different codes (`id`, or else the label's code), found a second key figure with code \"{code}\""
        )
    };
    let contract = "label = \"Contract staff, share of all staff\"";
    let cases: [(&[(&str, &str)], &str); 3] = [
        // An id that is another figure's code.
        (
            &[(
                contract,
                "label = \"Contract staff, share of all staff\"\nid = \"organisation_staff_headcount\"",
            )],
            "organisation_staff_headcount",
        ),
        // The same label twice.
        (
            &[(
                "[[key_figures]]\ndomain = \"workforce\"\nlabel = \"Contract staff, share of all staff\"",
                "[[key_figures]]\ndomain = \"workforce\"\nlabel = \"{org} staff (headcount)\"\nseries = \"staff.all.all\"\nat = \"latest\"\n\n[[key_figures]]\ndomain = \"workforce\"\nlabel = \"Contract staff, share of all staff\"",
            )],
            "organisation_staff_headcount",
        ),
        // A label also written elsewhere first (as a series' label): still at the repeat.
        (
            &[
                (
                    "label = \"{org} staff (headcount)\"",
                    "label = \"Permanent researchers\"",
                ),
                (contract, "label = \"Permanent researchers\""),
            ],
            "permanent_researchers",
        ),
    ];
    for (edits, code) in cases {
        let (_t, data) = data_copy();
        for (from, to) in edits {
            replace_first(&data, "report.toml", from, to);
        }
        assert_rejected(&data, &[&repeat(code)]);
    }
}

/// Exit code 2 means invalid data, which scripts rely on: a wrong option is another failure,
/// exit 1, with clap's message; help and version exit 0.
#[test]
fn a_wrong_option_exits_1_not_the_code_of_invalid_data() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("panel");
    for args in [
        vec!["report", "--width", "0"],
        vec!["report", "--bogus"],
        vec!["report", "--chart-format", "gif"],
        vec!["report", "--all", "--organisation", "x"],
        vec!["synth", "--organisations", "0", "--out", out.to_str().unwrap()],
        vec!["nothing"],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(String::from_utf8_lossy(&o.stderr).contains("error:"), "{args:?}");
    }
    for args in [["--help"], ["--version"]] {
        assert_eq!(run(&args).status.code(), Some(0), "{args:?}");
    }
}

/// A pair of `[[audit.same_quantity]]` names its audit rows by its id: two pairs with one id
/// are rejected at the second.
#[test]
fn two_audit_pairs_with_one_id_are_rejected() {
    let (_t, data) = data_copy();
    replace_first(
        &data,
        "report.toml",
        "id = \"other_revenues_two_passages\"",
        "id = \"eu_funding_two_passages\"",
    );
    assert_rejected(
        &data,
        &[
            "report.toml:630:6: expected for `[[audit.same_quantity]]`, an `id` no other pair has, found a second pair with id \"eu_funding_two_passages\"",
        ],
    );
}

/// Control characters (other than tab and line breaks) would reach pages, tables and terminals
/// raw: rejected where they are written, in a TOML string (written as an escape) and in a CSV
/// field (written as is).
#[test]
fn control_characters_in_texts_are_rejected_at_their_place() {
    let (_t, data) = data_copy();
    replace_first(
        &data,
        "report.toml",
        "title = \"{org}: key",
        "title = \"\\u001b[31m{org}: key",
    );
    assert_rejected(
        &data,
        &["report.toml:9:9: expected text without control characters (tab and line breaks aside), found '\\u{1b}'"],
    );
    let (_t, data) = data_copy();
    replace_first(&data, "workforce.csv", "Bilan social 2018", "Bilan\u{7} social 2018");
    assert_rejected(
        &data,
        &[
            "workforce.csv:2:15 (column 'note'): expected text without control characters (tab and line breaks aside), found '\\u{7}'",
        ],
    );
    // A C1 control (next line, U+0085) too, though it shares its first byte with Latin-1 text.
    let (_t, data) = data_copy();
    replace_first(&data, "workforce.csv", "Bilan social 2018", "Bilan\u{85} social 2018");
    assert_rejected(
        &data,
        &[
            "workforce.csv:2:15 (column 'note'): expected text without control characters (tab and line breaks aside), found '\\u{85}'",
        ],
    );
    // A tab, a no-break space and a degree sign are text.
    let (_t, data) = data_copy();
    replace_first(&data, "workforce.csv", "Bilan social 2018", "Bilan\tsocial\u{a0}2018 °");
    assert_valid(&data);
}

/// A row whose unit is wrong for its measure is reported alone: the series' other rows, in the
/// right unit, are not compared with it.
#[test]
fn a_wrong_unit_is_one_problem_not_one_per_row_of_its_series() {
    let (_t, data) = data_copy();
    replace_first(
        &data,
        "workforce.csv",
        "2018-12-31,2142,persons,",
        "2018-12-31,2142,projects,",
    );
    let stderr = assert_rejected(&data, &["workforce.csv:2:8 (column 'unit'): expected 'persons'"]);
    assert!(stderr.contains("error: 1 problem(s) in the data"), "{stderr}");
}

/// A data file that is a link to a file under the output directory would be deleted with the
/// old output: the run refuses that output (exit 1) and the file stays.
#[cfg(unix)]
#[test]
fn an_output_holding_a_linked_data_file_is_refused() {
    let (tmp, data) = data_copy();
    let out = tmp.path().join("output");
    // An earlier output (so that it may be replaced), in which the data file now lives.
    let budget = std::fs::read_to_string(data.join("budget.csv")).unwrap();
    previous_output(&out, &[("budget.csv", &budget)]);
    std::fs::remove_file(data.join("budget.csv")).unwrap();
    std::os::unix::fs::symlink(out.join("budget.csv"), data.join("budget.csv")).unwrap();
    let o = run_report(&data, &out);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("budget.csv, which") && stderr.contains("choose another --out"),
        "{stderr}"
    );
    assert!(out.join("budget.csv").is_file());
}

/// Every problem of every row at once: two faulty fields of one row and a third on another row
/// are all reported by one run, each at its column.
#[test]
fn every_problem_of_every_row_is_reported_at_once() {
    let (_t, data) = data_copy();
    replace_first(
        &data,
        "workforce.csv",
        "headcount,organisation,organisation,permanent,scientists,2018-12-31,2142,persons,",
        "headcount,organisation,organisation,permanent,scientist,2018-12-31,2 142,people,",
    );
    replace_first(
        &data,
        "budget.csv",
        "state_subsidy,budget_revenues,2025,725,",
        "state_subsidy,budget_revenues,2025,7x5,",
    );
    let stderr = assert_rejected(
        &data,
        &[
            "workforce.csv:2:5 (column 'group')",
            "workforce.csv:2:7 (column 'value')",
            "workforce.csv:2:8 (column 'unit')",
            "budget.csv:5:4 (column 'value')",
        ],
    );
    assert!(stderr.contains("4 problem(s) in the data"), "{stderr}");
}
