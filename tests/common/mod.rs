//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn data_dir() -> PathBuf {
    repo().join("data")
}

/// Runs the orgmetrics binary with `args`.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orgmetrics"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// What a run printed on stderr, as text.
pub fn stderr_of(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Converts `file` with LibreOffice (`soffice --convert-to to`) into a fresh directory under the
/// target directory, which it returns; fails the test if the conversion fails.
pub fn soffice_convert(file: &Path, to: &str) -> tempfile::TempDir {
    let conv = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let o = Command::new("soffice")
        .arg("--headless")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            conv.path().join("profile").display()
        ))
        .args(["--convert-to", to, "--outdir"])
        .arg(conv.path())
        .arg(file)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    conv
}

/// Runs `orgmetrics report --data data --out out`, whatever its outcome.
pub fn run_report(data: &Path, out: &Path) -> Output {
    run(&[
        "report",
        "--data",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

/// Runs `orgmetrics report` on the shipped data into `out`; fails the test if it fails.
pub fn report_into(out: &Path) {
    let o = run(&[
        "report",
        "--data",
        data_dir().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        o.status.success(),
        "report failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The documents' texts beside the repository (`../shared/seeds`), which `data/sources.csv`
/// names relative to `data/`.
pub fn shared_dir() -> PathBuf {
    repo().join("..").join("shared")
}

/// A copy of the shipped data directory in a fresh temporary directory, at `TMP/main/data`,
/// without the documents' texts: its rows are not checked against them (a warning says so), so
/// that a test may change a figure for what it tests.
pub fn data_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dst = tmp.path().join("main").join("data");
    std::fs::create_dir_all(&dst).unwrap();
    for e in std::fs::read_dir(data_dir()).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), dst.join(e.file_name())).unwrap();
        }
    }
    (tmp, dst)
}

/// [`data_copy`] with `TMP/shared` linked to the documents' texts (where they exist), so that
/// the relative paths of `sources.csv` find them as they do from the repository.
pub fn data_copy_with_texts() -> (tempfile::TempDir, PathBuf) {
    let (tmp, data) = data_copy();
    let shared = shared_dir();
    if shared.is_dir() {
        std::os::unix::fs::symlink(shared.canonicalize().unwrap(), tmp.path().join("shared")).unwrap();
    }
    (tmp, data)
}

/// Replaces the first `from` in `file` of the data directory with `to`.
pub fn replace_first(data: &Path, file: &str, from: &str, to: &str) {
    let before = std::fs::read_to_string(data.join(file)).unwrap();
    assert!(before.contains(from), "{file} lacks {from}");
    std::fs::write(data.join(file), before.replacen(from, to, 1)).unwrap();
}

/// Rewrites one field of the first data row of a CSV file with `f` applied to it.
pub fn set_field(path: &Path, column: &str, f: impl FnOnce(&str) -> String) {
    edit_cell(path, 2, column, f);
}

/// Sets column `column` of the row on line `line` of a CSV file (the header is line 1; one
/// line a row, as the shipped files have).
pub fn set_cell(path: &Path, line: usize, column: &str, value: &str) {
    edit_cell(path, line, column, |_| value.to_string());
}

/// Rewrites column `column` of the row on line `line` of a CSV file with `f` applied to it
/// (see [`set_cell`]); the file is written back with `\n` line ends, as the shipped files have.
pub fn edit_cell(path: &Path, line: usize, column: &str, f: impl FnOnce(&str) -> String) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header = r.headers().unwrap().clone();
    let col = header
        .iter()
        .position(|h| h == column)
        .unwrap_or_else(|| panic!("{} has no column {column}", path.display()));
    let mut rows: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    let cell = &mut rows[line - 2][col];
    *cell = f(cell);
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(path)
        .unwrap();
    w.write_record(&header).unwrap();
    for row in rows {
        w.write_record(&row).unwrap();
    }
    w.flush().unwrap();
}

/// Leaves every source of the data directory without its plain text: for a test that changes a
/// figure on purpose, which its document would no longer bear out.
pub fn blank_texts(data: &Path) {
    let path = data.join("sources.csv");
    let rows = read_csv(&path).len();
    for line in 2..rows + 2 {
        for column in ["text", "sha256"] {
            set_cell(&path, line, column, "");
        }
    }
}

/// Reads a CSV file into header-keyed records.
pub fn read_csv(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            headers
                .iter()
                .map(String::from)
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

/// Evaluates hand-written arithmetic such as `100 * (3719 / 2690 - 1)`; integer literals are read
/// as decimals so that division is exact division.
pub fn eval(expr: &str) -> f64 {
    let mut out = String::new();
    let mut num = String::new();
    let flush = |num: &mut String, out: &mut String| {
        if !num.is_empty() {
            out.push_str(num);
            if !num.contains('.') {
                out.push_str(".0");
            }
            num.clear();
        }
    };
    for ch in expr.chars() {
        if ch.is_ascii_digit() || ch == '.' {
            num.push(ch);
        } else {
            flush(&mut num, &mut out);
            out.push(ch);
        }
    }
    flush(&mut num, &mut out);
    evalexpr::eval(&out)
        .and_then(|v| v.as_number())
        .unwrap_or_else(|e| panic!("cannot evaluate {expr:?}: {e}"))
}

/// Every file under `dir` with its bytes, by relative path.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// A report from the shipped data in a temporary directory under the target directory, removed
/// when dropped.
pub struct Report {
    _tmp: tempfile::TempDir,
    pub out: PathBuf,
}

pub fn fresh_report(prefix: &str) -> Report {
    let tmp = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap();
    let opts = orgmetrics::report::ReportOptions {
        data: data_dir(),
        out: tmp.path().join("output"),
        charts: orgmetrics::render::charts::ChartOptions::default(),
        workbook: true,
    };
    orgmetrics::report::run(&opts).expect("the report runs on the shipped data");
    Report {
        _tmp: tmp,
        out: opts.out,
    }
}

/// A synthetic panel of `n` organisations and `years` years (`synth --seed seed`) in a temporary
/// directory: the directory and the panel's path in it (`panel`).
pub fn synth_panel(n: u32, years: u32, seed: u64) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("panel");
    let o = run(&[
        "synth",
        "--organisations",
        &n.to_string(),
        "--years",
        &years.to_string(),
        "--seed",
        &seed.to_string(),
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (tmp, dir)
}

/// Runs `report --all` with `options` (`--panel-only`, `--tables-only`, or none) over the panel
/// `dir` into `out`, whatever its outcome.
pub fn report_panel(dir: &Path, out: &Path, options: &[&str]) -> Output {
    let mut args = vec!["report", "--data", dir.to_str().unwrap(), "--all"];
    args.extend(options);
    args.extend(["--out", out.to_str().unwrap()]);
    run(&args)
}

/// Runs `report --all --tables-only` over the panel `dir` into `out`, whatever its outcome.
pub fn panel_tables_only(dir: &Path, out: &Path) -> Output {
    report_panel(dir, out, &["--tables-only"])
}

/// `o`, after checking that its run succeeded (its stderr the failure's message).
pub fn succeeded(o: Output) -> Output {
    assert!(o.status.success(), "{}", stderr_of(&o));
    o
}

/// Runs the orgmetrics binary with `args`, which must succeed (the failure's message names them).
pub fn run_ok(args: &[&str]) -> Output {
    let o = run(args);
    assert!(o.status.success(), "{args:?}: {}", stderr_of(&o));
    o
}

/// Makes `out` what an earlier run would have left (anything there before is removed): `files`
/// with their texts, and a manifest of orgmetrics listing them.
pub fn previous_output(out: &Path, files: &[(&str, &str)]) {
    let _ = std::fs::remove_dir_all(out);
    std::fs::create_dir_all(out).unwrap();
    let mut listed = Vec::new();
    for (rel, text) in files {
        let p = out.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        listed.push(serde_json::json!({ "path": rel }));
    }
    let manifest = serde_json::json!({ "generator": "orgmetrics 0.1.0", "outputs": listed });
    std::fs::write(out.join("manifest.json"), manifest.to_string()).unwrap();
}

/// Every part of a zip archive (an xlsx file) that is text, by name.
pub fn zip_entries(path: &Path) -> std::collections::BTreeMap<String, String> {
    use std::io::Read as _;
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = std::collections::BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut text = String::new();
        if f.read_to_string(&mut text).is_ok() {
            out.insert(name, text);
        }
    }
    out
}

/// The texts of an XML part (chart titles are `a:t` runs).
pub fn texts(xml: &str) -> String {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `Charts!$C$5` or `Charts!$C$6:$C$9` → zero-based (first row, first column, last row, last
/// column).
pub fn cell_range(f: &str) -> (usize, usize, usize, usize) {
    let cell = |a: &str| -> (usize, usize) {
        let a = a.replace('$', "");
        let letters: String = a.chars().take_while(char::is_ascii_alphabetic).collect();
        let col = letters.bytes().fold(0, |n, b| n * 26 + usize::from(b - b'A' + 1)) - 1;
        let row: usize = a[letters.len()..].parse().unwrap();
        (row - 1, col)
    };
    let refs = f.split_once('!').map_or(f, |(_, r)| r);
    let (a, b) = refs.split_once(':').unwrap_or((refs, refs));
    let ((r0, c0), (r1, c1)) = (cell(a), cell(b));
    (r0, c0, r1, c1)
}

/// The text of the first `c:f` under the child `tag` of a chart's series.
pub fn formula(ser: roxmltree::Node, tag: &str) -> Option<String> {
    ser.children()
        .find(|n| n.tag_name().name() == tag)?
        .descendants()
        .find(|n| n.tag_name().name() == "f")?
        .text()
        .map(String::from)
}

/// Whether to open the workbook in LibreOffice (`soffice`) here: where [`exhaustive`] or
/// ORGMETRICS_REQUIRE_SOFFICE is set, and LibreOffice runs; panics when it does not and
/// ORGMETRICS_REQUIRE_SOFFICE is set (CI sets it where it installed LibreOffice).
pub fn soffice_found() -> bool {
    // Each conversion starts LibreOffice, seconds a time: in CI, or where asked for.
    if !exhaustive() && std::env::var_os("ORGMETRICS_REQUIRE_SOFFICE").is_none() {
        eprintln!("SKIPPED (ORGMETRICS_EXHAUSTIVE=1 runs it): the workbook opened by LibreOffice");
        return false;
    }
    let found = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("ORGMETRICS_REQUIRE_SOFFICE").is_none(),
            "ORGMETRICS_REQUIRE_SOFFICE is set but soffice is not on PATH"
        );
        eprintln!("SKIPPED: soffice (LibreOffice) not found; the workbook was not opened by a spreadsheet program");
    }
    found
}

/// Runs `validate` on `data`, which must pass.
pub fn assert_valid(data: &Path) {
    let o = run(&["validate", "--data", data.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Runs `validate` and `report` over an existing output; both must fail with exit code 2, print
/// every `needles` fragment, and leave the output as it was.
pub fn assert_rejected(data: &Path, needles: &[&str]) -> String {
    let o = run(&["validate", "--data", data.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(2), "validate: {stderr}");
    for n in needles {
        assert!(stderr.contains(n), "expected {n:?} in:\n{stderr}");
    }
    let out = data.parent().unwrap().join("output");
    previous_output(
        &out,
        &[("tables/indicators.csv", "previous run\n"), ("keep.txt", "untouched")],
    );
    let before = snapshot(&out);
    let o = run_report(data, &out);
    assert_eq!(
        o.status.code(),
        Some(2),
        "report: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(snapshot(&out), before, "output/ changed after a failed run");
    let leftovers: Vec<_> = std::fs::read_dir(data.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with(".orgmetrics"))
        .collect();
    assert!(leftovers.is_empty(), "temporary directories left behind: {leftovers:?}");
    stderr
}

/// Whether the exhaustive cases run: CI sets `ORGMETRICS_EXHAUSTIVE=1` (`.ci/run`), so that it
/// runs every case of the slow tests, where a developer's `cargo test` runs a sample of them to
/// stay within a minute.
pub fn exhaustive() -> bool {
    std::env::var_os("ORGMETRICS_EXHAUSTIVE").is_some_and(|v| v == "1")
}

/// Cases of a property test whose cases each run the pipeline: `quick` in a plain `cargo test`,
/// `full` where [`exhaustive`]; `PROPTEST_CASES` sets the number in either.
pub fn proptest_cases(quick: u32, full: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(if exhaustive() { full } else { quick })
}
