//! `audit`: the verdicts on the documents' own figures.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use orgmetrics::error::Error;

/// Prints the audit of `data`; with `strict`, exit code 3 when a verdict is inconsistent.
pub fn run(data: &Path, strict: bool) -> Result<ExitCode, Error> {
    super::one_organisation(data)?;
    let a = orgmetrics::analysis::analyse(data)?;
    out!("{}", orgmetrics::render::audit_table::render_table(&a.audit));
    for n in a.not_computed.iter().filter(|n| n.item.starts_with("claim ")) {
        errln!("warning: not computed: {}: {}", n.item, n.reason);
    }
    let inconsistent = a
        .audit
        .iter()
        .filter(|r| r.verdict == orgmetrics::audit::Verdict::Inconsistent)
        .count();
    if strict && inconsistent > 0 {
        errln!("--strict: {inconsistent} inconsistent verdict(s)");
        return Ok(ExitCode::from(3));
    }
    Ok(ExitCode::SUCCESS)
}
