//! `synth`: a panel of fictional organisations, after checking how much it would write.

use std::io::Write as _;
use std::path::Path;

use orgmetrics::error::Error;
use orgmetrics::synth::{CONFIRM_BYTES, estimate, human_bytes};

/// Writes `organisations` synthetic organisations over `years` years in `out`; refuses more than
/// [`CONFIRM_BYTES`] unless `yes`.
pub fn run(out: &Path, organisations: u32, years: u32, seed: u64, yes: bool) -> Result<(), Error> {
    let (n, years_n) = (organisations as usize, years as usize);
    let bytes = estimate(n, years_n, seed);
    if bytes > CONFIRM_BYTES && !yes {
        return Err(Error::Other(format!(
            "{}: {organisations} organisations over {years} years would write about {}, more than {}; give --yes to write them",
            out.display(),
            human_bytes(bytes),
            human_bytes(CONFIRM_BYTES)
        )));
    }
    errln!("{}: writing about {}", out.display(), human_bytes(bytes));
    let rows = orgmetrics::synth::synth(out, n, years_n, seed)?;
    outln!(
        "{}: {organisations} synthetic organisations, {years} years, {rows} data rows",
        out.display()
    );
    Ok(())
}
