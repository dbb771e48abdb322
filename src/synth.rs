//! `orgmetrics synth`: a panel of fictional organisations with realistic magnitudes and trends and
//! some gaps, for benchmarks and tests. Every file says the data are synthetic. The same seed gives
//! the same bytes: each organisation draws from its own PCG generator seeded from the seed and its
//! number, so they can be written in parallel.

use std::fs;
use std::path::Path;

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64;
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::init::STANDARD_REPORT;
use crate::load::rows::{BudgetRow, DomainRow, EuFundingRow, PublicationRow, WorkforceRow};
use crate::load::{CLAIM_COLUMNS, CLAIMS_FILE, ORGANISATION_FILE, REPORT_FILE, SOURCE_COLUMNS, SOURCES_FILE};

/// The last year of every synthetic series.
pub const LAST_YEAR: i32 = 2024;
/// The ERC life-sciences panels the publication shares are drawn for, with their short names.
const PANELS: [(&str, &str); 9] = [
    ("LS1", "Molecules of life"),
    ("LS2", "Integrative biology"),
    ("LS3", "Cells, development"),
    ("LS4", "Physiology, ageing"),
    ("LS5", "Neuroscience"),
    ("LS6", "Immunity, infection"),
    ("LS7", "Diagnosis, treatment"),
    ("LS8", "Ecology, evolution"),
    ("LS9", "Biotechnology"),
];
/// What the synthetic panel adds to the standard report definition, which names no field: the
/// figures of the whole life-sciences domain (`LS`) its publication rows give.
const DOMAIN_ITEMS: &str = r#"
# ---------------------------------------------------------------------------------------------
# SYNTHETIC DATA: the figures of the whole life-sciences domain (LS) of the synthetic panel.

[[key_figures]]
domain = "publications"
label = "{org}'s share of French life-sciences publications (fractional count)"
series = "share_of_french_publications.organisation.LS.fractional"
at = "latest"

[[key_figures]]
domain = "publications"
label = "Mean normalised citation score in life sciences"
series = "mean_normalised_citation_score.organisation.LS"
at = "latest"

[[charts]]
name = "citation_scores"
domain = "publications"
title = "Mean normalised citation score in life sciences, {period}: {org} and France"
notes = ["Citations normalised by field and year; 1 is the world average."]
kind = "bars"
x_title = "Institution or country"
y_title = "Mean normalised citation score (index)"
ticks = 5
categories = { pattern = "mean_normalised_citation_score.*.LS", names = "entities" }
color = "sky"
highlight = ["organisation"]
highlight_color = "blue"
highlight_legend = "{org}"
legend = "France"
reference = { value = 1, label = "World average = 1" }
"#;

/// The report definition every organisation of the panel shares: the standard one, with the
/// panels' codes as its fields and the domain's figures.
fn report_definition() -> String {
    let fields: String = PANELS
        .iter()
        .map(|(code, name)| format!("{code} = \"{name}\"\n"))
        .collect();
    let mut report = STANDARD_REPORT
        .replacen(
            "# What the report shows",
            "# SYNTHETIC DATA: the standard report definition, shared by every organisation of the panel.\n# What the report shows",
            1,
        )
        .replacen("[labels.fields]\n", &format!("[labels.fields]\n{fields}"), 1);
    report.push_str(DOMAIN_ITEMS);
    report
}

/// Share of rows left out, so that every organisation has a few gaps.
const GAP: f64 = 0.02;

/// The directory name and id of organisation `i` (from 1).
pub fn org_id(i: usize) -> String {
    format!("org{i:05}")
}

fn write(path: &Path, text: &str) -> Result<()> {
    fs::write(path, text).map_err(|e| Error::io(path, e))
}

/// Bytes beyond which `synth` asks to be told to go on (`--yes`): a mistyped count of
/// organisations can fill a disk (docs/panels.md gives the size per organisation).
pub const CONFIRM_BYTES: u64 = 10_000_000_000;

/// About how many bytes [`synth`] writes for `n` organisations over `years` years: the shared
/// files and `n` times the first organisation's files, made in memory (the others differ from
/// it by a few digits).
pub fn estimate(n: usize, years: usize, seed: u64) -> u64 {
    let shared: usize = shared_files(n, seed).iter().map(|(_, text)| text.len()).sum();
    let (files, _) = organisation_files(1, n, years, seed);
    let one: usize = files.iter().map(|(_, text)| text.len()).sum();
    shared as u64 + n as u64 * one as u64
}

/// `bytes` for people: `812 kB`, `36.2 MB`, `40.1 GB` (decimal units, as disks are sold).
pub fn human_bytes(bytes: u64) -> String {
    let units = ["bytes", "kB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < units.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} bytes")
    } else {
        format!("{value:.1} {}", units[unit])
    }
}

/// The files the organisations share, by name: sources, claims and the report definition.
fn shared_files(n: usize, seed: u64) -> [(&'static str, String); 3] {
    let sources = format!(
        "{}\nsynthetic,\"SYNTHETIC DATA: {n} fictional organisations generated by orgmetrics synth (seed {seed}); no figure describes a real organisation\",orgmetrics synth,{LAST_YEAR},https://example.org,none: generated\n",
        SOURCE_COLUMNS.join(",")
    );
    let report = report_definition();
    [
        (SOURCES_FILE, sources),
        (CLAIMS_FILE, format!("{}\n", CLAIM_COLUMNS.join(","))),
        (REPORT_FILE, report),
    ]
}

/// Writes a panel of `n` organisations with `years` years of data ending in [`LAST_YEAR`] into
/// `out`, which must not exist or be empty. Returns the number of data rows written.
pub fn synth(out: &Path, n: usize, years: usize, seed: u64) -> Result<usize> {
    if n == 0 || years < 2 {
        return Err(Error::Other("expected at least one organisation and two years".into()));
    }
    if out.exists() && fs::read_dir(out).map_err(|e| Error::io(out, e))?.next().is_some() {
        return Err(Error::Other(format!(
            "{}: expected a new or empty directory, found one with files",
            out.display()
        )));
    }
    fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    for (file, text) in shared_files(n, seed) {
        write(&out.join(file), &text)?;
    }
    let rows: Vec<Result<usize>> = (1..=n)
        .into_par_iter()
        .map(|i| organisation(out, i, n, years, seed))
        .collect();
    rows.into_iter().sum()
}

/// A value drawn uniformly from `lo..hi`.
fn draw(rng: &mut Pcg64, lo: f64, hi: f64) -> f64 {
    rng.random_range(lo..hi)
}

/// Writes one organisation's directory; returns its number of data rows.
fn organisation(out: &Path, i: usize, n: usize, years: usize, seed: u64) -> Result<usize> {
    let dir = out.join(org_id(i));
    fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let (files, rows) = organisation_files(i, n, years, seed);
    for (file, text) in files {
        write(&dir.join(file), &text)?;
    }
    Ok(rows)
}

/// The comparators of organisation `i` of `n` besides France: its neighbours in the panel's
/// numbering, so that every organisation's report has named peers in the panel.
fn peer_comparators(i: usize, n: usize) -> String {
    [i.checked_sub(1).filter(|j| *j >= 1), Some(i + 1).filter(|j| *j <= n)]
        .into_iter()
        .flatten()
        .map(|j| {
            format!(
                "\n[[comparators]]\nid = \"{}\"\nname = \"Synthetic organisation {j}\"\nshort_name = \"Org {j}\"\n",
                org_id(j)
            )
        })
        .collect()
}

/// How an organisation departs from the panel's usual ones, so that a panel's distributions show
/// what a real one's would: most are ordinary, a few grow fast, merge (their staff and budget
/// jump one year) or report their EU funding only from the middle of the period.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Profile {
    Ordinary,
    FastGrowing,
    Merged,
    LateEuReports,
}

fn profile(rng: &mut Pcg64) -> Profile {
    match draw(rng, 0.0, 1.0) {
        x if x < 0.05 => Profile::FastGrowing,
        x if x < 0.08 => Profile::Merged,
        x if x < 0.12 => Profile::LateEuReports,
        _ => Profile::Ordinary,
    }
}

/// The files of organisation `i` of `n`, by name, and its number of data rows.
fn organisation_files(i: usize, n: usize, years: usize, seed: u64) -> (Vec<(&'static str, String)>, usize) {
    let mut rng = Pcg64::seed_from_u64(seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let id = org_id(i);
    let organisation = format!(
        "# SYNTHETIC DATA generated by orgmetrics synth (seed {seed}).\nid = \"{id}\"\nname = \"Synthetic organisation {i}\"\nshort_name = \"Org {i}\"\ndescription = \"A fictional organisation: synthetic data for benchmarks and tests.\"\ndata_origin = \"generated by orgmetrics synth (synthetic data: no real organisation)\"\n\n[[comparators]]\nid = \"france\"\nname = \"France (synthetic)\"\nshort_name = \"France\"\n{}",
        peer_comparators(i, n)
    );
    let kind = profile(&mut rng);
    // Sizes spread over two orders of magnitude, most organisations small (log-uniform).
    let size = (draw(&mut rng, 80f64.ln(), 6000f64.ln())).exp();
    let fast = if kind == Profile::FastGrowing { 0.06 } else { 0.0 };
    let merged_in = (kind == Profile::Merged).then(|| LAST_YEAR - (years as i32) / 2);
    let o = Shape {
        years,
        first: LAST_YEAR - years as i32 + 1,
        size,
        fast,
        merged_in,
        kind,
    };
    // In this order: each draws from the organisation's generator in turn.
    let w = workforce(&mut rng, &o);
    let b = budget(&mut rng, &o);
    let p = publications(&mut rng, &o);
    let e = eu_funding(&mut rng, &o);
    let rows = [&w, &b, &p, &e].iter().map(|t| t.lines().count() - 1).sum();
    let files = vec![
        (ORGANISATION_FILE, organisation),
        (WorkforceRow::FILE, w),
        (BudgetRow::FILE, b),
        (PublicationRow::FILE, p),
        (EuFundingRow::FILE, e),
    ];
    (files, rows)
}

mod domains;

use domains::{Shape, budget, eu_funding, publications, workforce};

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes of every file under `dir`.
    fn bytes_under(dir: &Path) -> u64 {
        let mut total = 0;
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            total += if p.is_dir() {
                bytes_under(&p)
            } else {
                fs::metadata(&p).unwrap().len()
            };
        }
        total
    }

    #[test]
    fn the_estimate_is_within_a_few_percent_of_what_is_written() {
        let tmp = tempfile::tempdir().unwrap();
        for (n, years) in [(1, 2), (12, 20), (5, 60)] {
            let out = tmp.path().join(format!("p{n}_{years}"));
            synth(&out, n, years, 7).unwrap();
            let (written, estimated) = (bytes_under(&out) as f64, estimate(n, years, 7) as f64);
            assert!(
                (estimated / written - 1.0).abs() < 0.03,
                "{n} × {years}: {estimated} for {written}"
            );
        }
        // A million organisations over a hundred years: far beyond the cap.
        assert!(estimate(1_000_000, 100, 1) > 10 * CONFIRM_BYTES);
    }

    #[test]
    fn bytes_are_written_for_people() {
        assert_eq!(human_bytes(999), "999 bytes");
        assert_eq!(human_bytes(36_249), "36.2 kB");
        assert_eq!(human_bytes(40_123_000_000), "40.1 GB");
    }
}
