//! What `report` cannot write, `validate` refuses at its file, line and column: texts longer than
//! a workbook cell holds, addresses longer than a hyperlink takes, names too long for a file name,
//! characters that reorder what a reader sees, titles that show nothing.

mod common;

use common::*;

/// A text one character longer than an Excel cell holds.
fn over_a_cell() -> String {
    "x".repeat(32_768)
}

#[test]
fn an_organisation_name_longer_than_a_cell_is_refused_at_its_place() {
    let (_t, data) = data_copy();
    let name = "French National Institute for Health and Medical Research";
    replace_first(&data, "organisation.toml", name, &over_a_cell());
    assert_rejected(
        &data,
        &[
            "organisation.toml:7:8: expected a text of at most 32767 characters (UTF-16 units), the most an Excel cell holds, found 32768 characters",
        ],
    );
}

#[test]
fn a_name_and_short_name_that_fit_alone_but_not_together_are_refused_at_the_name() {
    // The workbook's About sheet writes "name (short name)" in one cell: 20,000 + 2 + 13,000 + 1.
    let (_t, data) = data_copy();
    let name = "French National Institute for Health and Medical Research";
    replace_first(&data, "organisation.toml", name, &"n".repeat(20_000));
    replace_first(
        &data,
        "organisation.toml",
        "short_name = \"Inserm\"",
        &format!("short_name = \"{}\"", "s".repeat(13_000)),
    );
    assert_rejected(
        &data,
        &[
            "organisation.toml:7:8: expected for `name` and `short_name` together, a text of at most 32767 characters (UTF-16 units), the most an Excel cell holds, found 33003 characters",
        ],
    );
}

#[test]
fn a_report_text_or_a_source_field_longer_than_a_cell_is_refused_at_its_place() {
    let (_t, data) = data_copy();
    replace_first(&data, "report.toml", "Every figure below is computed", &over_a_cell());
    assert_rejected(
        &data,
        &["report.toml:10:16: expected a text of at most 32767 characters"],
    );
    let (_t, data) = data_copy();
    replace_first(&data, "sources.csv", "PDF rapport-inserm.pdf", &over_a_cell());
    assert_rejected(
        &data,
        &[
            "sources.csv:2:6 (column 'document'): expected a text of at most 32767 characters (UTF-16 units), the most an Excel cell holds, found 32792 characters",
        ],
    );
}

#[test]
fn an_address_longer_than_a_workbook_hyperlink_is_refused_at_its_place() {
    let (_t, data) = data_copy();
    let long = format!("https://www.hceres.fr/{}", "a".repeat(2_060));
    replace_first(
        &data,
        "sources.csv",
        "https://www.hceres.fr,PDF",
        &format!("{long},PDF"),
    );
    assert_rejected(
        &data,
        &[
            "sources.csv:2:5 (column 'url'): expected an address of at most 2080 characters (UTF-16 units), the most a workbook hyperlink takes, found 2082 characters",
        ],
    );
    // 2,080 is written.
    let (_t, data) = data_copy();
    let fits = format!("https://www.hceres.fr/{}", "a".repeat(2_058));
    replace_first(
        &data,
        "sources.csv",
        "https://www.hceres.fr,PDF",
        &format!("{fits},PDF"),
    );
    let out = data.parent().unwrap().join("output");
    let o = run_report(&data, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_chart_name_too_long_for_a_file_name_is_refused_at_its_place() {
    let (_t, data) = data_copy();
    let long = "b".repeat(300);
    replace_first(
        &data,
        "report.toml",
        "name = \"budget_revenues\"",
        &format!("name = \"{long}\""),
    );
    assert_rejected(
        &data,
        &[
            "report.toml:708:8: expected for a chart's `name`, a file name of lowercase letters, digits, '_' and '-', at most 251 bytes, that no other chart has, found a name of 300 bytes",
        ],
    );
    // 251 bytes and `.svg` make a file name of 255: written.
    let (_t, data) = data_copy();
    let fits = "b".repeat(251);
    replace_first(
        &data,
        "report.toml",
        "name = \"budget_revenues\"",
        &format!("name = \"{fits}\""),
    );
    let out = data.parent().unwrap().join("output");
    let o = run_report(&data, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.join(format!("charts/{fits}.svg")).is_file());
}

#[test]
fn a_domain_id_too_long_for_its_file_name_is_refused_at_its_place() {
    let (_t, data) = data_copy();
    let long = "u".repeat(252);
    replace_first(&data, "domains.toml", "id = \"units\"", &format!("id = \"{long}\""));
    std::fs::rename(data.join("units.csv"), data.join("units_renamed.csv")).unwrap();
    let o = run(&["validate", "--data", data.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("domains.toml:16:6: expected for a domain's `id`, short enough to name its file, `{id}.csv`: 255 bytes at most"),
        "{stderr}"
    );
}

#[test]
fn a_panel_members_id_too_long_for_its_directory_is_refused_at_its_place() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("panel");
    let o = run(&[
        "synth",
        "--organisations",
        "2",
        "--years",
        "4",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let file = dir.join("org00002/organisation.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("id = \"org00002\"", &format!("id = \"{}\"", "o".repeat(300))),
    )
    .unwrap();
    let o = run(&["validate", "--all", "--data", dir.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("org00002/organisation.toml:2:6: expected for `id`, a code of lowercase letters, digits and '_', not 'panel', of at most 255 bytes (it names a directory)"),
        "{stderr}"
    );
}

#[test]
fn a_bidirectional_override_in_any_text_is_refused_at_its_place() {
    let (_t, data) = data_copy();
    replace_first(
        &data,
        "report.toml",
        "title = \"{org}: key",
        "title = \"\u{202E}{org}: key",
    );
    assert_rejected(
        &data,
        &[
            "report.toml:9:9: expected text without bidirectional overrides or isolates (U+202A to U+202E, U+2066 to U+2069), found '\\u{202e}'",
        ],
    );
    let (_t, data) = data_copy();
    replace_first(&data, "workforce.csv", "Bilan social 2018", "Bilan \u{2067}social 2018");
    assert_rejected(
        &data,
        &["workforce.csv:2:15 (column 'note'): expected text without bidirectional overrides"],
    );
}

#[test]
fn titles_made_only_of_invisible_characters_are_refused_at_their_place() {
    let (_t, data) = data_copy();
    replace_first(
        &data,
        "report.toml",
        "title = \"{org}: key indicators from the Hcéres assessment\"",
        "title = \"\u{200B}\u{FEFF} \u{2060}\"",
    );
    assert_rejected(
        &data,
        &["report.toml:9:9: expected for the report's `title`, a text with a visible character (or none)"],
    );
    // A chart's title, at its chart; a key figure's label, at its table.
    let (_t, data) = data_copy();
    replace_first(
        &data,
        "report.toml",
        "title = \"{org}'s revenues by year, {from}–{to}\"",
        "title = \"\u{3164}\"",
    );
    assert_rejected(
        &data,
        &["report.toml:710:9: expected for chart budget_revenues, a `title` with a visible character"],
    );
    let (_t, data) = data_copy();
    replace_first(
        &data,
        "report.toml",
        "label = \"Growth of permanent staff\"",
        "label = \"\u{00AD}\"",
    );
    assert_rejected(
        &data,
        &["report.toml:367:1: expected for a key figure's `label`, a text with a visible character"],
    );
    let (_t, data) = data_copy();
    replace_first(
        &data,
        "domains.toml",
        "title = \"Research units\"",
        "title = \"\u{200C}\u{200D}\"",
    );
    assert_rejected(
        &data,
        &["domains.toml:17:9: expected a `title` with a visible character"],
    );
    let (_t, data) = data_copy();
    replace_first(
        &data,
        "organisation.toml",
        "short_name = \"Inserm\"",
        "short_name = \"\u{200B}\"",
    );
    assert_rejected(
        &data,
        &[
            "organisation.toml:8:14: expected for `short_name`, a name with a visible character, found only spaces or invisible characters",
        ],
    );
}

#[test]
fn init_refuses_a_name_that_validate_would_refuse() {
    for (name, why) in [
        ("Bad\u{7}Name", "text without control characters"),
        ("Evil\u{202E}Name", "bidirectional overrides"),
        ("\u{200B}\u{200B}", "a name with a visible character"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("new");
        let o = run(&["init", dir.to_str().unwrap(), "--organisation", name]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{name:?}: {stderr}");
        assert!(
            stderr.contains("--organisation: expected") && stderr.contains(why),
            "{name:?}: {stderr}"
        );
        assert!(!dir.exists(), "{name:?}: init wrote a directory");
    }
    // A name too long for a cell, given with a short id; a long name's id made from it is too
    // long for a directory.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new");
    let o = run(&[
        "init",
        dir.to_str().unwrap(),
        "--organisation",
        &over_a_cell(),
        "--id",
        "x",
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("--organisation: expected a text of at most 32767 characters"),
        "{stderr}"
    );
    let o = run(&["init", dir.to_str().unwrap(), "--organisation", &"Lab ".repeat(80)]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("of at most 255 bytes"), "{stderr}");
    assert!(!dir.exists());
}

/// Random edits of the settings and the sources: whatever `validate` accepts, `report` writes;
/// whatever it refuses, it refuses as invalid data (exit 2) at a file:line:column. More cases
/// with `PROPTEST_CASES`.
mod random_edits {
    use super::*;
    use proptest::prelude::*;
    use std::path::Path;

    fn cases() -> u32 {
        proptest_cases(2, 12)
    }

    /// Texts at and around the outputs' limits, and texts that show nothing or reorder.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::sample::select(vec![
                0usize, 1, 31, 32, 250, 251, 252, 255, 256, 300, 2_080, 2_081, 32_767, 32_768
            ])
            .prop_map(|n| "a".repeat(n)),
            proptest::sample::select(vec![1usize, 2, 5_461, 5_462, 6_554, 7_000]).prop_map(|n| "{org}".repeat(n)),
            proptest::sample::select(vec![2_059usize, 2_060, 32_000])
                .prop_map(|n| format!("https://example.org/{}", "p".repeat(n))),
            proptest::sample::select(vec![
                "\u{200B}",
                " \u{FEFF} ",
                "\u{202E}abc",
                "x\u{2067}y",
                "ééé\u{1F4DA}"
            ])
            .prop_map(str::to_string),
            "[a-z_]{1,12}",
        ]
    }

    /// A TOML value to write in place of another: a text, or a number at the edges.
    fn toml_value() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => text().prop_map(|s| toml::Value::String(s).to_string()),
            1 => proptest::sample::select(vec!["-5", "0", "1", "9", "10", "1899", "2200", "2201", "9223372036854775807", "1.5", "true"])
                .prop_map(str::to_string),
        ]
    }

    /// Byte ranges of every value of a TOML document that is not a table or an array.
    fn value_spans(text: &str) -> Vec<std::ops::Range<usize>> {
        use toml::de::{DeTable, DeValue};
        fn walk(v: &toml::Spanned<DeValue>, out: &mut Vec<std::ops::Range<usize>>) {
            match v.get_ref() {
                DeValue::Table(t) => t.values().for_each(|x| walk(x, out)),
                DeValue::Array(a) => a.iter().for_each(|x| walk(x, out)),
                _ => out.push(v.span()),
            }
        }
        let doc = DeTable::parse(text).unwrap();
        let mut out = Vec::new();
        doc.get_ref().values().for_each(|v| walk(v, &mut out));
        out
    }

    /// `validate`, then, if it passed, `report`: both succeed, or validate refuses with exit 2
    /// and a place.
    fn validate_then_report(data: &Path, what: &str) -> Result<(), TestCaseError> {
        let o = run(&["validate", "--data", data.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        if o.status.success() {
            let out = data.parent().unwrap().join("output");
            let r = run_report(data, &out);
            prop_assert!(
                r.status.success(),
                "{what}: validate passed, report failed: {}",
                String::from_utf8_lossy(&r.stderr)
            );
        } else {
            prop_assert_eq!(o.status.code(), Some(2), "{}: {}", what, stderr);
            let problems: Vec<&str> = stderr.lines().skip(1).filter(|l| !l.trim().is_empty()).collect();
            prop_assert!(
                !problems.is_empty(),
                "{}: exit 2 with no problem listed: {}",
                what,
                stderr
            );
            let located = problems.iter().all(|l| {
                let Some((place, _)) = l.trim_start().split_once(": expected") else {
                    return false;
                };
                place
                    .rsplit(':')
                    .take(2)
                    .all(|n| n.split(' ').next().is_some_and(|n| n.parse::<u64>().is_ok()))
            });
            prop_assert!(located, "{}: a problem without its line and column: {}", what, stderr);
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

        /// One value of report.toml, organisation.toml or domains.toml replaced.
        #[test]
        fn a_settings_value_validate_accepts_is_written(
            file in 0usize..3,
            at in any::<u16>(),
            value in toml_value(),
        ) {
            let (_t, data) = data_copy();
            let name = ["report.toml", "organisation.toml", "domains.toml"][file];
            let path = data.join(name);
            let text = std::fs::read_to_string(&path).unwrap();
            let spans = value_spans(&text);
            let span = spans[usize::from(at) % spans.len()].clone();
            let what = format!("{name}: {:?} for {:?}", value.chars().take(40).collect::<String>(), &text[span.clone()]);
            std::fs::write(&path, format!("{}{value}{}", &text[..span.start], &text[span.end..])).unwrap();
            validate_then_report(&data, &what)?;
        }

        /// One field of sources.csv replaced.
        #[test]
        fn a_source_field_validate_accepts_is_written(row in 1usize..4, column in 0usize..7, value in text()) {
            let (_t, data) = data_copy();
            let path = data.join("sources.csv");
            let mut records: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_path(&path)
                .unwrap()
                .records()
                .map(Result::unwrap)
                .collect();
            let r = row % records.len().max(2);
            let mut fields: Vec<String> = records[r].iter().map(str::to_string).collect();
            // The id is cited by the data rows: keep it.
            let column = if column == 0 { 1 } else { column };
            fields[column] = value.clone();
            records[r] = csv::StringRecord::from(fields);
            let mut w = csv::Writer::from_path(&path).unwrap();
            records.iter().for_each(|rec| w.write_record(rec).unwrap());
            w.flush().unwrap();
            validate_then_report(&data, &format!("sources.csv:{} column {}", r + 1, column + 1))?;
        }

        /// `init` with any name: refused (exit 1), or a directory `validate` accepts.
        #[test]
        fn a_name_init_accepts_validates(name in text()) {
            let tmp = tempfile::tempdir().unwrap();
            let dir = tmp.path().join("new");
            let o = run(&["init", dir.to_str().unwrap(), "--organisation", &name]);
            if o.status.success() {
                let v = run(&["validate", "--data", dir.to_str().unwrap()]);
                prop_assert!(v.status.success(), "{:?}: {}", name.chars().take(40).collect::<String>(), String::from_utf8_lossy(&v.stderr));
            } else {
                prop_assert_eq!(o.status.code(), Some(1));
                prop_assert!(!dir.exists());
            }
        }
    }
}
