//! `orgmetrics synth`: a panel of fictional organisations with realistic magnitudes and trends and
//! some gaps, for benchmarks and tests. Every file says the data are synthetic. The same seed gives
//! the same bytes: each organisation draws from its own PCG generator seeded from the seed and its
//! number, so they can be written in parallel.

use std::fmt::Write as _;
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

/// Workforce: year-end headcounts by status and group, with a trend and noise.
fn workforce(rng: &mut Pcg64, o: &Shape) -> String {
    let Shape { first, size, fast, .. } = *o;
    let jump = |y: i32| o.jump(y);
    let tail = TAIL;
    // Workforce: year-end headcounts by status and group, with a trend and noise.
    let mut w = format!("{}\n", WorkforceRow::COLUMNS.join(","));
    let scientists = size;
    let groups = [
        (
            "permanent",
            "scientists",
            scientists,
            draw(rng, -0.02, 0.02) + fast / 2.0,
        ),
        (
            "permanent",
            "support",
            scientists * draw(rng, 0.8, 1.6),
            draw(rng, -0.025, 0.01),
        ),
        (
            "contract",
            "scientists",
            scientists * draw(rng, 0.2, 0.8),
            draw(rng, 0.0, 0.06) + fast,
        ),
        (
            "contract",
            "support",
            scientists * draw(rng, 0.2, 0.7),
            draw(rng, 0.0, 0.08) + fast,
        ),
    ];
    let mut last_total = 0.0;
    for y in first..=LAST_YEAR {
        for (status, group, base, g) in groups {
            let v = (base * jump(y) * (1.0 + g).powi(y - first) * draw(rng, 0.99, 1.01)).round();
            if y == LAST_YEAR {
                last_total += v;
            }
            if keep(rng) {
                let _ = writeln!(
                    w,
                    "headcount,organisation,organisation,{status},{group},{y}-12-31,{v},persons{tail}"
                );
            }
        }
    }
    let units = (last_total * draw(rng, 2.5, 5.0)).round();
    let own = (last_total * draw(rng, 0.6, 0.9)).round();
    let _ = writeln!(
        w,
        "headcount,research_units,all,all,all,{LAST_YEAR}-12-31,{units},persons{tail}"
    );
    let _ = writeln!(
        w,
        "headcount,research_units,organisation,all,all,{LAST_YEAR}-12-31,{own},persons{tail}"
    );
    for group in ["scientists", "support"] {
        let age = draw(rng, 44.0, 52.0);
        let change = draw(rng, 0.5, 3.0);
        let _ = writeln!(
            w,
            "average_age,organisation,organisation,permanent,{group},{LAST_YEAR},{age:.1},years{tail}"
        );
        let _ = writeln!(
            w,
            "average_age_change,organisation,organisation,permanent,{group},{}/{LAST_YEAR},{change:.1},years{tail}",
            LAST_YEAR - 9
        );
    }
    w
}

/// Budget: the State subsidy and other revenues, with three lines itemised within the latter.
fn budget(rng: &mut Pcg64, o: &Shape) -> String {
    let Shape { first, size, fast, .. } = *o;
    let jump = |y: i32| o.jump(y);
    let tail = TAIL;
    // Budget: the State subsidy and other revenues, with three lines itemised within the latter.
    let mut b = format!("{}\n", BudgetRow::COLUMNS.join(","));
    // The budget follows the organisation's size, about EUR 0.15 million a scientist.
    let subsidy = size * draw(rng, 0.1, 0.2);
    let (gs, go) = (draw(rng, 0.0, 0.03) + fast / 2.0, draw(rng, 0.01, 0.06) + fast);
    let other = subsidy * draw(rng, 0.2, 0.6);
    let parts = [
        ("other_public_subsidies", draw(rng, 0.1, 0.2)),
        ("eu_funding", draw(rng, 0.1, 0.25)),
        ("own_revenues", draw(rng, 0.2, 0.4)),
    ];
    for y in first..=LAST_YEAR {
        let t = y - first;
        let o = other * (1.0 + go).powi(t);
        let o = o * jump(y);
        let mut lines = vec![
            ("state_subsidy", subsidy * jump(y) * (1.0 + gs).powi(t)),
            ("other_revenues", o),
        ];
        lines.extend(parts.iter().map(|(line, share)| (*line, o * share)));
        for (line, v) in lines {
            if keep(rng) {
                let _ = writeln!(b, "{line},budget_revenues,{y},{:.0},EUR million{tail}", v.round());
            }
        }
    }
    b
}

/// Publications: shares of French publications over five-year windows, overall and by ERC
/// panel; citation scores of the organisation and of France.
fn publications(rng: &mut Pcg64, o: &Shape) -> String {
    let Shape { first, .. } = *o;
    let tail = TAIL;
    // Publications: shares of French publications over five-year windows, overall and by panel;
    // citation scores of the organisation and of France.
    let mut p = format!("{}\n", PublicationRow::COLUMNS.join(","));
    let share = draw(rng, 2.0, 25.0);
    let drift = draw(rng, -0.02, 0.02);
    let panel_factor: Vec<f64> = PANELS.iter().map(|_| draw(rng, 0.1, 2.5)).collect();
    let score = draw(rng, 0.8, 1.6);
    for end in (first + 4)..=LAST_YEAR {
        let window = format!("{}/{end}", end - 4);
        let s = (share * (1.0 + drift).powi(end - first)).min(90.0);
        if keep(rng) {
            let _ = writeln!(
                p,
                "organisation,LS,share_of_french_publications,fractional,{window},{s:.1},percent{tail}"
            );
        }
        for ((panel, _), f) in PANELS.iter().zip(&panel_factor) {
            if keep(rng) {
                let _ = writeln!(
                    p,
                    "organisation,{panel},share_of_french_publications,fractional,{window},{:.1},percent{tail}",
                    (s * f).min(100.0)
                );
            }
        }
        let _ = writeln!(
            p,
            "organisation,LS,mean_normalised_citation_score,,{window},{:.1},index{tail}",
            score * draw(rng, 0.97, 1.03)
        );
        let _ = writeln!(
            p,
            "france,LS,mean_normalised_citation_score,,{window},{:.1},index{tail}",
            draw(rng, 1.0, 1.2)
        );
    }
    p
}

/// EU funding: by year, and projects of the framework programmes the years cover.
fn eu_funding(rng: &mut Pcg64, o: &Shape) -> String {
    let Shape { first, .. } = *o;
    let tail = TAIL;
    // EU funding: by year, and projects of the framework programmes the years cover.
    let mut e = format!("{}\n", EuFundingRow::COLUMNS.join(","));
    let eu = draw(rng, 2.0, 60.0);
    let ge = draw(rng, -0.02, 0.08);
    let eu_from = if o.kind == Profile::LateEuReports {
        LAST_YEAR - (o.years as i32) / 2
    } else {
        first
    };
    for y in first..=LAST_YEAR {
        if keep(rng) && y >= eu_from {
            let _ = writeln!(
                e,
                "all,european_funding,{y},{:.0},EUR million{tail}",
                (eu * (1.0 + ge).powi(y - first)).round()
            );
        }
    }
    for (programme, from, to) in [("horizon_2020", 2014, 2020), ("horizon_europe", 2021, 2023)] {
        if first <= from {
            let participations = (draw(rng, 20.0, 400.0) * f64::from(to - from + 1) / 7.0).round();
            let coordinations = (participations * draw(rng, 0.05, 0.3)).round();
            let _ = writeln!(
                e,
                "{programme},participations,{from}/{to},{participations},projects{tail}"
            );
            let _ = writeln!(
                e,
                "{programme},coordinations,{from}/{to},{coordinations},projects{tail}"
            );
        }
    }
    e
}

/// What an organisation's files are drawn from: its size, growth and profile.
#[derive(Clone, Copy)]
struct Shape {
    /// How many years of data.
    years: usize,
    /// The first year of data.
    first: i32,
    /// Permanent scientists in the first year.
    size: f64,
    /// Extra growth a year of a fast-growing organisation.
    fast: f64,
    /// The year a merger doubled it, roughly, if it merged.
    merged_in: Option<i32>,
    kind: Profile,
}

impl Shape {
    /// The merger's factor in year `y`.
    fn jump(&self, y: i32) -> f64 {
        if self.merged_in.is_some_and(|m| y >= m) {
            1.8
        } else {
            1.0
        }
    }
}

/// Whether a generated row is kept: each is left out with probability [`GAP`].
fn keep(rng: &mut Pcg64) -> bool {
    draw(rng, 0.0, 1.0) >= GAP
}

/// The last columns of every synthetic row: no locator or note, synthetic written and dated.
const TAIL: &str = ",,synthetic,synthetic,";

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
