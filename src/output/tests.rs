//! What an output directory may hold, and the swap.

use super::ours::refusal;
use super::*;

fn report_dir(dir: &Path, files: &[&str]) {
    for f in files {
        let p = dir.join(f);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, "x").unwrap();
    }
    let listed: Vec<String> = files.iter().map(|f| format!("{{\"path\": \"{f}\"}}")).collect();
    fs::write(
        dir.join(MANIFEST),
        format!(
            "{{\"generator\": \"orgmetrics 0.1.0\", \"outputs\": [{}]}}",
            listed.join(",")
        ),
    )
    .unwrap();
}

#[test]
fn a_report_holds_only_what_its_manifest_lists() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    report_dir(d, &["index.html", "tables/a.csv"]);
    assert!(foreign_entries(d, Written::Report).unwrap().is_empty());
    fs::write(d.join("notes.txt"), "mine").unwrap();
    fs::create_dir(d.join("empty")).unwrap();
    fs::write(d.join("tables/b.csv"), "mine").unwrap();
    assert_eq!(
        foreign_entries(d, Written::Report).unwrap(),
        ["empty/", "notes.txt", "tables/b.csv"]
    );
}

#[test]
fn a_manifest_of_another_tool_makes_no_output_of_orgmetrics() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join(MANIFEST), "{\"generator\": \"other\", \"outputs\": []}").unwrap();
    assert_eq!(foreign_entries(tmp.path(), Written::Report).unwrap().len(), 1);
    fs::write(tmp.path().join(MANIFEST), "not json").unwrap();
    assert_eq!(foreign_entries(tmp.path(), Written::Report).unwrap().len(), 1);
}

#[test]
fn a_panel_output_holds_its_tables_and_organisations_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    report_dir(&d.join("org1"), &["tables/a.csv"]);
    report_dir(&d.join("org2"), &["tables/a.csv"]);
    fs::create_dir(d.join(PANEL_DIR)).unwrap();
    for t in PANEL_TABLES {
        fs::write(d.join(PANEL_DIR).join(t), "x").unwrap();
    }
    assert!(foreign_entries(d, Written::Panel).unwrap().is_empty());
    // A panel's output is no report: one organisation's run may not replace it.
    assert_eq!(
        foreign_entries(d, Written::Report).unwrap(),
        ["org1/", "org2/", "panel/"]
    );
    fs::write(d.join("org2/mine.txt"), "x").unwrap();
    fs::write(d.join("panel/mine.csv"), "x").unwrap();
    fs::create_dir(d.join("photos")).unwrap();
    fs::write(d.join("photos/a.jpg"), "x").unwrap();
    fs::write(d.join("todo.md"), "x").unwrap();
    assert_eq!(
        foreign_entries(d, Written::Panel).unwrap(),
        ["org2/mine.txt", "panel/mine.csv", "photos/", "todo.md"]
    );
}

/// Folders of reports, or a folder shaped like half a panel's output, are the user's.
#[test]
fn a_folder_of_reports_is_no_output_of_a_run() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    report_dir(&d.join("2023"), &["index.html"]);
    report_dir(&d.join("2024"), &["index.html"]);
    for kind in [Written::Report, Written::Panel] {
        assert_eq!(foreign_entries(d, kind).unwrap(), ["2023/", "2024/"]);
    }
    let mine = tmp.path().join("mine");
    fs::create_dir_all(mine.join(PANEL_DIR)).unwrap();
    fs::write(mine.join(PANEL_DIR).join(PANEL_TABLES[1]), "mine").unwrap();
    for kind in [Written::Report, Written::Panel] {
        assert_eq!(foreign_entries(&mine, kind).unwrap(), ["panel/"]);
    }
}

#[test]
fn absent_and_empty_directories_are_free() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(
        foreign_entries(&tmp.path().join("none"), Written::Report)
            .unwrap()
            .is_empty()
    );
    assert!(foreign_entries(tmp.path(), Written::Report).unwrap().is_empty());
}

#[cfg(unix)]
#[test]
fn links_are_never_part_of_an_output() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("out");
    fs::create_dir(&d).unwrap();
    report_dir(&d, &["index.html"]);
    fs::remove_file(d.join("index.html")).unwrap();
    std::os::unix::fs::symlink(tmp.path(), d.join("index.html")).unwrap();
    assert_eq!(foreign_entries(&d, Written::Report).unwrap(), ["index.html"]);
}

/// Swaps at the same time, far more often than whole runs could: none fails, and the output
/// is one swap's whole.
#[test]
fn simultaneous_swaps_all_succeed_and_leave_one_whole_output() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::thread::scope(|s| {
        for t in 0..6 {
            let out = &out;
            s.spawn(move || {
                for i in 0..150 {
                    let name = format!("t{t}-{i}.csv");
                    let staging = staging_dir(out).unwrap();
                    report_dir(staging.path(), &[&name]);
                    swap_in(staging, out, Written::Report).unwrap_or_else(|e| panic!("thread {t}, swap {i}: {e}"));
                }
            });
        }
    });
    let names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(foreign_entries(&out, Written::Report).unwrap().is_empty());
    let left: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "temporary directories left behind");
}

#[test]
fn a_refusal_names_a_few_entries_and_counts_the_rest() {
    let foreign: Vec<String> = (0..8).map(|i| format!("f{i}")).collect();
    let msg = refusal(Path::new("out"), &foreign).to_string();
    assert!(msg.contains("f0, f1, f2, f3, f4 and 3 more"), "{msg}");
    assert!(!msg.contains("f5"), "{msg}");
}
