//! The output directory: a run replaces only what orgmetrics wrote, refuses anything else before
//! computing, keeps links, and runs into one output at the same time all succeed.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use common::*;

/// `report --tables-only` of the shipped data into `out`, from `cwd`, to run or spawn.
fn tables_only_command(cwd: &Path, out: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_orgmetrics"));
    c.current_dir(cwd).args([
        "report",
        "--tables-only",
        "--data",
        data_dir().to_str().unwrap(),
        "--out",
        out,
    ]);
    c
}

/// [`tables_only_command`], run to its end.
fn tables_only_from(cwd: &Path, out: &str) -> std::process::Output {
    tables_only_command(cwd, out).output().unwrap()
}

/// Names of the entries of `dir` left by runs (staging and old outputs).
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".orgmetrics"))
        .collect()
}

#[test]
fn a_folder_holding_a_users_file_is_refused_and_kept_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("mine");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "my notes").unwrap();
    std::fs::create_dir(out.join("photos")).unwrap();
    std::fs::write(out.join("photos/a.jpg"), "jpeg").unwrap();
    let before = snapshot(&out);
    let o = run_report(&data_dir(), &out);
    let err = stderr_of(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("notes.txt, photos/") && err.contains("orgmetrics did not write"),
        "{err}"
    );
    assert!(err.contains("choose a new or empty directory for --out"), "{err}");
    assert_eq!(snapshot(&out), before);
    assert!(leftovers(tmp.path()).is_empty(), "{:?}", leftovers(tmp.path()));
}

#[test]
fn an_earlier_output_is_replaced_but_not_once_the_user_added_a_file_to_it() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    for _ in 0..2 {
        let o = tables_only_from(tmp.path(), "output");
        assert!(o.status.success(), "{}", stderr_of(&o));
    }
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("tables/indicators.csv"));
    std::fs::write(out.join("tables/my_analysis.csv"), "a,b\n").unwrap();
    let o = tables_only_from(tmp.path(), "output");
    assert_eq!(o.status.code(), Some(1), "{}", stderr_of(&o));
    assert!(stderr_of(&o).contains("tables/my_analysis.csv"), "{}", stderr_of(&o));
    assert_eq!(
        std::fs::read_to_string(out.join("tables/my_analysis.csv")).unwrap(),
        "a,b\n"
    );
    assert_eq!(std::fs::read_to_string(out.join("manifest.json")).unwrap(), manifest);
}

#[test]
fn an_empty_folder_is_used() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("empty")).unwrap();
    let o = tables_only_from(tmp.path(), "empty");
    assert!(o.status.success(), "{}", stderr_of(&o));
    assert!(tmp.path().join("empty/tables/indicators.csv").is_file());
}

#[test]
fn the_current_directory_is_refused_before_anything_is_computed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    let o = tables_only_from(tmp.path(), "output");
    assert!(o.status.success(), "{}", stderr_of(&o));
    let before = snapshot(&out);
    let o = tables_only_from(&out, ".");
    let err = stderr_of(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("the current directory") && err.contains("run from outside it"),
        "{err}"
    );
    assert_eq!(snapshot(&out), before);
}

#[cfg(unix)]
#[test]
fn a_link_to_nothing_is_refused_and_a_link_to_a_folder_is_kept() {
    let tmp = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(tmp.path().join("nowhere"), tmp.path().join("dangling")).unwrap();
    let o = tables_only_from(tmp.path(), "dangling");
    let err = stderr_of(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("a link to") && err.contains("which does not exist"),
        "{err}"
    );
    assert!(!tmp.path().join("nowhere").exists());

    std::fs::create_dir(tmp.path().join("disk")).unwrap();
    std::os::unix::fs::symlink(tmp.path().join("disk"), tmp.path().join("linked")).unwrap();
    for _ in 0..2 {
        let o = tables_only_from(tmp.path(), "linked");
        assert!(o.status.success(), "{}", stderr_of(&o));
    }
    let link = std::fs::symlink_metadata(tmp.path().join("linked")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    assert!(tmp.path().join("disk/tables/indicators.csv").is_file());
}

#[test]
fn a_file_given_as_output_is_refused_and_kept() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("report.txt"), "mine").unwrap();
    let o = tables_only_from(tmp.path(), "report.txt");
    assert_eq!(o.status.code(), Some(1), "{}", stderr_of(&o));
    assert!(stderr_of(&o).contains("found a file"), "{}", stderr_of(&o));
    assert_eq!(std::fs::read_to_string(tmp.path().join("report.txt")).unwrap(), "mine");
}

/// Runs into one output at the same time all succeed, and the output is one whole run's.
#[test]
fn simultaneous_runs_into_one_output_all_succeed() {
    let tmp = tempfile::tempdir().unwrap();
    let rounds = std::env::var("ORGMETRICS_CONCURRENT_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    for round in 0..rounds {
        let children: Vec<_> = (0..4)
            .map(|_| {
                tables_only_command(tmp.path(), "output")
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let o = c.wait_with_output().unwrap();
            assert!(o.status.success(), "round {round}: {}", stderr_of(&o));
        }
    }
    let out = tmp.path().join("output");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let listed = manifest["outputs"].as_array().unwrap().len();
    assert_eq!(snapshot(&out).len(), listed + 1, "the output is not one run's");
    assert!(leftovers(tmp.path()).is_empty(), "{:?}", leftovers(tmp.path()));
}

/// `orgmetrics validate | head -1`: the reader goes away, the run ends quietly with its own code.
#[test]
fn a_closed_pipe_ends_the_printing_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_orgmetrics"))
        .args(["validate", "--data", data_dir().to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Closed before the run prints anything: loading takes far longer than this.
    drop(child.stdout.take());
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// Invalid data with both streams closed still exits 2.
#[test]
fn a_closed_pipe_keeps_the_exit_code_of_invalid_data() {
    let (_tmp, data) = data_copy();
    let w = data.join("workforce.csv");
    let text = std::fs::read_to_string(&w).unwrap();
    std::fs::write(&w, text.replacen(",persons,", ",people,", 1)).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_orgmetrics"))
        .args(["validate", "--data", data.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(2));
}

#[test]
fn a_panel_output_is_replaced_by_the_next_panel_run_but_not_with_a_users_file() {
    let (tmp, panel) = synth_panel(3, 3, 1);
    let out = tmp.path().join("out");
    let all = |out: &Path| panel_tables_only(&panel, out);
    for _ in 0..2 {
        let o = all(&out);
        assert!(o.status.success(), "{}", stderr_of(&o));
    }
    assert!(out.join("panel/indicators.csv").is_file());
    std::fs::write(out.join("panel/my_chart.R"), "plot()").unwrap();
    let o = all(&out);
    assert_eq!(o.status.code(), Some(1), "{}", stderr_of(&o));
    assert!(stderr_of(&o).contains("panel/my_chart.R"), "{}", stderr_of(&o));
    assert!(out.join("panel/my_chart.R").is_file());
}

/// A folder holding earlier reports is the user's: a run writes one report, not a folder of
/// them, and neither one organisation's run nor a panel's replaces it.
#[test]
fn a_folder_of_earlier_reports_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    for year in ["reports/2023", "reports/2024"] {
        let o = tables_only_from(tmp.path(), year);
        assert!(o.status.success(), "{}", stderr_of(&o));
    }
    let before = snapshot(&tmp.path().join("reports"));
    let o = tables_only_from(tmp.path(), "reports");
    assert_eq!(o.status.code(), Some(1), "{}", stderr_of(&o));
    assert!(
        stderr_of(&o).contains("it holds 2023/, 2024/, which orgmetrics did not write"),
        "{}",
        stderr_of(&o)
    );
    let (_panel_tmp, panel) = synth_panel(2, 2, 1);
    let reports = tmp.path().join("reports");
    let o = panel_tables_only(&panel, &reports);
    assert_eq!(o.status.code(), Some(1), "{}", stderr_of(&o));
    assert_eq!(snapshot(&reports), before);
}
