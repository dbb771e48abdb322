//! The domain files of one synthetic organisation, each drawn from its shape in turn.

use std::fmt::Write as _;

use rand_pcg::Pcg64;

use super::{GAP, LAST_YEAR, PANELS, Profile, draw};
use crate::load::rows::{BudgetRow, DomainRow, EuFundingRow, PublicationRow, WorkforceRow};

/// Workforce: year-end headcounts by status and group, with a trend and noise.
pub(super) fn workforce(rng: &mut Pcg64, o: &Shape) -> String {
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
pub(super) fn budget(rng: &mut Pcg64, o: &Shape) -> String {
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
pub(super) fn publications(rng: &mut Pcg64, o: &Shape) -> String {
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
pub(super) fn eu_funding(rng: &mut Pcg64, o: &Shape) -> String {
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
pub(super) struct Shape {
    /// How many years of data.
    pub(super) years: usize,
    /// The first year of data.
    pub(super) first: i32,
    /// Permanent scientists in the first year.
    pub(super) size: f64,
    /// Extra growth a year of a fast-growing organisation.
    pub(super) fast: f64,
    /// The year a merger doubled it, roughly, if it merged.
    pub(super) merged_in: Option<i32>,
    pub(super) kind: Profile,
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
pub(super) fn keep(rng: &mut Pcg64) -> bool {
    draw(rng, 0.0, 1.0) >= GAP
}

/// The last columns of every synthetic row: no locator or note, synthetic written and dated.
const TAIL: &str = ",,synthetic,synthetic,";
