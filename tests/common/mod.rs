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

/// A copy of the shipped data directory in a fresh temporary directory.
pub fn data_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dst = tmp.path().join("data");
    std::fs::create_dir(&dst).unwrap();
    for e in std::fs::read_dir(data_dir()).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dst.join(e.file_name())).unwrap();
    }
    (tmp, dst)
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

/// Replaces the first occurrence of `from` in `file` of the data copy.
pub fn edit(data: &Path, file: &str, from: &str, to: &str) {
    let p = data.join(file);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{file} does not contain {from:?}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
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
    std::fs::create_dir_all(out.join("tables")).unwrap();
    std::fs::write(out.join("tables/indicators.csv"), "previous run\n").unwrap();
    std::fs::write(out.join("keep.txt"), "untouched").unwrap();
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
