//! The text of the data's CSV files: problems are reported on the physical line they are on
//! (CRLF files, blank lines, fields over several lines), and a quote that would swallow the rows
//! after it is invalid data at its place, never rows lost in silence.

mod common;

use std::path::Path;

use common::*;

/// Rewrites `file` of `data` with `f` applied to its text.
fn rewrite(data: &Path, file: &str, f: impl FnOnce(&str) -> String) {
    let path = data.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, f(&text)).unwrap();
}

/// `text` with CRLF line endings.
fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

/// `text` with line `n` (1-based) replaced by `f` of it.
fn with_line(text: &str, n: usize, f: impl FnOnce(&str) -> String) -> String {
    let mut lines: Vec<String> = text.split('\n').map(String::from).collect();
    lines[n - 1] = f(&lines[n - 1]);
    lines.join("\n")
}

/// Line 14 of workforce.csv with a value that is not a number.
fn break_line_14(text: &str) -> String {
    with_line(text, 14, |l| {
        assert!(l.contains(",6820,"), "{l}");
        l.replace(",6820,", ",many,")
    })
}

#[test]
fn a_bad_row_of_a_crlf_file_is_reported_on_its_line() {
    let (_t, data) = data_copy();
    rewrite(&data, "workforce.csv", |t| crlf(&break_line_14(t)));
    assert_rejected(
        &data,
        &["workforce.csv:14:7 (column 'value'): expected a number", "\"many\""],
    );
}

#[test]
fn a_bad_row_after_blank_lines_is_reported_on_its_line() {
    let (_t, data) = data_copy();
    // Two blank lines before line 14, which becomes line 16.
    rewrite(&data, "workforce.csv", |t| {
        with_line(&break_line_14(t), 13, |l| format!("{l}\n\n"))
    });
    let stderr = assert_rejected(&data, &["workforce.csv:16:7 (column 'value'): expected a number"]);
    assert!(!stderr.contains("workforce.csv:14"), "{stderr}");
}

/// `text` with every data row it cites (`file.csv:N`) from line `from` on cited one line further.
fn shift_rows(text: &str, from: u64) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(".csv:") {
        let (head, tail) = rest.split_at(at + 5);
        out.push_str(head);
        let digits = tail.len() - tail.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let n: u64 = tail[..digits].parse().unwrap_or(0);
        out.push_str(&(if n >= from { n + 1 } else { n }).to_string());
        rest = &tail[digits..];
    }
    out.push_str(rest);
    out
}

/// CRLF endings and blank lines change no output but the lines cited: every data row a table
/// cites is on the line it names.
#[test]
fn crlf_files_with_blank_lines_cite_the_lines_of_their_rows() {
    // With the documents' texts, as the shipped data have them: the same tables (coverage.csv
    // among them) as a report on the shipped data.
    let (tmp, data) = data_copy_with_texts();
    for e in std::fs::read_dir(&data).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "csv") {
            let text = std::fs::read_to_string(&path).unwrap();
            // A blank line after line 3 and two at the end, in CRLF.
            let text = with_line(&text, 3, |l| format!("{l}\n"));
            std::fs::write(&path, crlf(&format!("{text}\n\n"))).unwrap();
        }
    }
    let out = tmp.path().join("out");
    let o = run_report(&data, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let expected = fresh_report("csv-text");
    let tables = |dir: &Path| snapshot(&dir.join("tables"));
    let (got, want) = (tables(&out), tables(&expected.out));
    assert_eq!(got.keys().collect::<Vec<_>>(), want.keys().collect::<Vec<_>>());
    for (name, bytes) in &want {
        let want = shift_rows(std::str::from_utf8(bytes).unwrap(), 4);
        let got = std::str::from_utf8(&got[name]).unwrap();
        assert!(got == want, "{} differs:\n{got}", name.display());
    }
    // The test sees rows on both sides of the blank line.
    let indicators = std::str::from_utf8(&got[Path::new("indicators.csv")]).unwrap();
    assert!(indicators.contains("workforce.csv:3,") && indicators.contains("workforce.csv:5"));
}

/// Three rows appended to gender.csv (lines 15 to 17), the first with `note` as its note.
fn three_rows(data: &Path, note: &str) {
    rewrite(data, "gender.csv", |t| {
        format!(
            "{t}gender.bench.a,2024,10,percent,,hceres2025,VII.3.c,10%,,stated,{note}\n\
             gender.bench.b,2024,11,percent,,hceres2025,VII.3.c,11%,,stated,plain\n\
             gender.bench.c,2024,12,percent,,hceres2025,VII.3.c,12%,,stated,plain\n"
        )
    });
}

#[test]
fn a_quote_never_closed_is_invalid_at_its_line_not_rows_lost() {
    let (_t, data) = data_copy();
    three_rows(&data, "\"a note whose quote is never closed");
    assert_rejected(
        &data,
        &[
            "gender.csv:15:11 (column 'note'): expected a closing quote for the field this quote opens",
            // The next line is a whole row: found there, before the end of the file.
            "found none before line 16, a whole row",
        ],
    );
}

#[test]
fn the_same_rows_with_the_quote_closed_all_reach_the_tables() {
    let (tmp, data) = data_copy();
    three_rows(&data, "\"a note, quoted\"");
    let out = tmp.path().join("out");
    let o = run_report(&data, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = read_csv(&out.join("tables/gender.csv"));
    for s in ["gender.bench.a", "gender.bench.b", "gender.bench.c"] {
        assert!(
            rows.iter().any(|r| r["series"] == s),
            "{s} missing from tables/gender.csv"
        );
    }
}

#[test]
fn a_missing_closing_quote_is_invalid_at_the_row_it_would_swallow() {
    let (_t, data) = data_copy();
    // Line 4's note loses its closing quote: line 5's opening quote would close it.
    rewrite(&data, "gender.csv", |t| {
        with_line(t, 4, |l| l.strip_suffix('"').unwrap().to_string())
    });
    assert_rejected(
        &data,
        &[
            "gender.csv:4:11 (column 'note'): expected a closing quote for the field this quote opens, before the line break",
            "found none before line 5, a whole row",
        ],
    );
}

#[test]
fn a_header_whose_quote_runs_on_is_invalid_at_line_1() {
    let (_t, data) = data_copy();
    rewrite(&data, "units.csv", |t| format!("\"{t}"));
    assert_rejected(
        &data,
        &["units.csv:1:1: expected a comma or the end of the line after the quote that closes this field"],
    );
}

/// A quote left open that a later line's closing quote happens to close: the rows between read as
/// one note, with the right number of fields. Invalid at the quote, naming the row it swallows.
#[test]
fn a_quote_left_open_that_a_later_quote_closes_is_invalid_not_rows_lost() {
    let (_t, data) = data_copy();
    rewrite(&data, "gender.csv", |t| {
        format!(
            "{t}gender.bench.a,2024,10,percent,,hceres2025,VII.3.c,10%,,stated,\"a note left open\n\
             gender.bench.b,2024,11,percent,,hceres2025,VII.3.c,11%,,stated,plain\n\
             gender.bench.c,2024,12,percent,,hceres2025,VII.3.c,12%,,stated,ends with a quote\"\n"
        )
    });
    assert_rejected(
        &data,
        &[
            "gender.csv:15:11 (column 'note'): expected a closing quote for the field this quote opens, before the line break",
            "found none before line 16, a whole row",
        ],
    );
}

/// A quoted field over two lines is CSV: valid, and the rows after it keep their lines.
#[test]
fn a_note_over_two_lines_is_valid_and_the_next_rows_keep_their_lines() {
    let (_t, data) = data_copy();
    three_rows(&data, "\"a note\r\nover two lines\"");
    let ds = orgmetrics::load::load(&data).unwrap();
    let line = |series: &str| ds.observations.iter().find(|o| o.series == series).unwrap().line;
    assert_eq!(
        (line("gender.bench.a"), line("gender.bench.b"), line("gender.bench.c")),
        (15, 17, 18)
    );
    let a = ds.observations.iter().find(|o| o.series == "gender.bench.a").unwrap();
    assert_eq!(a.note, "a note\r\nover two lines");
}

/// Random damage to one CSV file (a stray quote, a deleted character, blank lines, CRLF endings)
/// never loses a row in silence: the data are rejected with every problem at a line of its file,
/// or every row of the damaged file is loaded, from the line it is on.
mod damage {
    use super::*;
    use orgmetrics::error::Error;
    use proptest::prelude::*;

    /// Few cases in a plain `cargo test` (each loads a data directory), 24 in CI
    /// (`ORGMETRICS_EXHAUSTIVE=1`), more with PROPTEST_CASES.
    fn config() -> ProptestConfig {
        ProptestConfig {
            cases: proptest_cases(8, 24),
            ..ProptestConfig::default()
        }
    }

    #[derive(Debug, Clone)]
    enum Damage {
        /// A quote before the character at this place (modulo the text's length).
        Quote(u32),
        /// The character at this place deleted.
        Delete(u32),
        /// Blank lines (CRLF ones if true) at the start of a line.
        BlankLines(u32, u8, bool),
        /// Every line ending made CRLF.
        Crlf,
    }

    fn damage() -> impl Strategy<Value = Damage> {
        prop_oneof![
            any::<u32>().prop_map(Damage::Quote),
            any::<u32>().prop_map(Damage::Delete),
            (any::<u32>(), 1u8..4, any::<bool>()).prop_map(|(at, n, cr)| Damage::BlankLines(at, n, cr)),
            Just(Damage::Crlf),
        ]
    }

    fn apply(text: &str, d: &Damage) -> String {
        let chars: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let nth = |at: u32, n: usize| at as usize % n.max(1);
        let mut out = text.to_string();
        match *d {
            Damage::Quote(at) => out.insert(chars.get(nth(at, chars.len() + 1)).copied().unwrap_or(text.len()), '"'),
            Damage::Delete(at) => {
                if let Some(&i) = chars.get(nth(at, chars.len())) {
                    out.remove(i);
                }
            }
            Damage::BlankLines(at, n, cr) => {
                let starts: Vec<usize> = text.match_indices('\n').map(|(i, _)| i + 1).collect();
                let at = starts.get(nth(at, starts.len())).copied().unwrap_or(0);
                out.insert_str(at, &(if cr { "\r\n" } else { "\n" }).repeat(n.into()));
            }
            Damage::Crlf => out = crlf(&text.replace("\r\n", "\n")),
        }
        out
    }

    /// The lines of the rows `file` gave `ds`, with the source each cites (none for sources.csv).
    fn loaded(ds: &orgmetrics::load::Dataset, file: &str) -> Vec<Option<(u64, String)>> {
        match file {
            "sources.csv" => ds.sources.iter().map(|_| None).collect(),
            "claims.csv" => ds.claims.iter().map(|c| Some((c.line, c.source.clone()))).collect(),
            _ => ds
                .observations
                .iter()
                .filter(|o| o.file == file)
                .map(|o| Some((o.line, o.source.clone())))
                .collect(),
        }
    }

    fn physical_lines(text: &str) -> Vec<String> {
        text.replace("\r\n", "\n")
            .replace('\r', "\n")
            .split('\n')
            .map(String::from)
            .collect()
    }

    /// Damages `file` of a copy of the shipped data and loads it; fails the case if a row is lost
    /// without an error or a problem is not at a line of its file.
    fn check(file: &str, damages: &[Damage]) -> Result<(), TestCaseError> {
        let (_t, data) = data_copy();
        let path = data.join(file);
        let original = std::fs::read_to_string(&path).unwrap();
        let rows = csv::Reader::from_reader(original.as_bytes()).records().count();
        let text = damages.iter().fold(original, |t, d| apply(&t, d));
        std::fs::write(&path, &text).unwrap();
        let lines = physical_lines(&text);
        match orgmetrics::load::load(&data) {
            Ok(ds) => {
                let got = loaded(&ds, file);
                prop_assert_eq!(got.len(), rows, "{}: rows lost without an error", file);
                for (line, source) in got.into_iter().flatten() {
                    let at = lines.get(line as usize - 1).map_or("", String::as_str);
                    prop_assert!(at.contains(&source), "{}:{} is not its row: {:?}", file, line, at);
                }
            }
            Err(Error::InvalidData(issues)) => {
                prop_assert!(!issues.is_empty());
                for i in &issues {
                    let n = physical_lines(&std::fs::read_to_string(&i.file).unwrap()).len() as u64;
                    prop_assert!((1..=n).contains(&i.line), "{} is not at a line of its file", i);
                }
            }
            Err(e) => prop_assert!(false, "not invalid data: {}", e),
        }
        Ok(())
    }

    fn damages() -> impl Strategy<Value = Vec<Damage>> {
        proptest::collection::vec(damage(), 1..3)
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn the_format_s_domain_files(f in 0usize..4, d in damages()) {
            check(["workforce.csv", "budget.csv", "publications.csv", "eu_funding.csv"][f], &d)?;
        }

        #[test]
        fn declared_domain_files(f in 0usize..3, d in damages()) {
            check(["gender.csv", "careers.csv", "units.csv"][f], &d)?;
        }

        #[test]
        fn sources(d in damages()) {
            check("sources.csv", &d)?;
        }

        #[test]
        fn claims(d in damages()) {
            check("claims.csv", &d)?;
        }
    }
}
