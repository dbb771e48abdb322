//! Messages say what the user should do, in the user's words: which file lacks what, and which
//! option a panel needs.

mod common;

use common::*;

#[test]
fn a_panel_given_as_one_organisation_suggests_all_or_organisation() {
    let tmp = tempfile::tempdir().unwrap();
    let panel = tmp.path().join("panel");
    let o = run(&[
        "synth",
        "--organisations",
        "2",
        "--years",
        "2",
        "--out",
        panel.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr_of(&o));
    let p = panel.to_str().unwrap();
    let out = tmp.path().join("out");
    for args in [
        vec!["validate", "--data", p],
        vec!["audit", "--data", p],
        vec!["report", "--data", p, "--out", out.to_str().unwrap()],
    ] {
        let o = run(&args);
        let err = stderr_of(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("2 organisations' data directories: it is a panel; add --all for all of them, or --organisation ID for one"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("No such file"), "{err}");
    }
    assert!(!out.exists());
}

#[test]
fn a_figure_missing_at_its_period_names_the_file_to_add_it_to() {
    let (_tmp, data) = data_copy();
    replace_first(
        &data,
        "report.toml",
        "series = \"staff.all.all\"\nat = \"latest\"",
        "series = \"staff.all.all\"\nat = \"2030-12-31\"",
    );
    let o = run(&["validate", "--data", data.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", stderr_of(&o));
    assert!(
        out.contains(
            "workforce.csv has no value of staff.all.all at 31 Dec 2030: add its row there, or choose another period in report.toml"
        ),
        "{out}"
    );
    assert!(!out.contains("at period '"), "{out}");
}
