//! An organisation placed among the other organisations of its panel, for readers: what its
//! cards, summary and workbook add when it is reported in a panel (`report --all`,
//! `--organisation`), and its figures beside those of its named peers (its comparators that are
//! members of the panel). Nothing here when it is reported alone.

use crate::compare::peers::{Figure, FigurePlace, Measure, Panel};
use crate::format::grouped;
use crate::load::vocab::ValueUnit;
use crate::render::cards::signed;
use crate::render::tables::decimals_for;

/// An organisation of a panel, to place among the others.
#[derive(Debug, Clone, Copy)]
pub struct Placement<'a> {
    /// The panel, summarised.
    pub panel: &'a Panel,
    /// The organisation's id.
    pub id: &'a str,
}

/// `v` for readers, as `measure` of a figure in `unit`: `42.8%`, `8,691`, `+3.1%`, `+1.2 pp`.
pub fn reader(v: f64, unit: Option<ValueUnit>, measure: Measure) -> String {
    let percent = unit == Some(ValueUnit::PERCENT);
    let decimals = decimals_for(unit);
    match measure {
        Measure::PercentChange => format!("{}%", signed(v, 1)),
        Measure::Difference if percent => format!("{} pp", signed(v, 1)),
        Measure::Difference => signed(v, decimals),
        Measure::Level if percent => format!("{}%", grouped(v, 1)),
        Measure::Level if unit.is_some_and(ValueUnit::is_count) => {
            // A median of counts may fall between two whole numbers.
            grouped(v, if v.fract() == 0.0 { 0 } else { 1 })
        }
        Measure::Level => grouped(v, decimals),
    }
}

/// A key figure's label for the panel as a whole: `{org}` read as the organisation (`{org}
/// staff` → `Staff`), the member a selection picks as `…`.
pub fn panel_label(label: &str) -> String {
    let rest = ["{org}'s ", "{org} "]
        .iter()
        .find_map(|p| label.strip_prefix(p))
        .unwrap_or(label);
    let text = rest
        .replace("{org}", "the organisation")
        .replace("{code}", "\u{2026}")
        .replace("{name}", "\u{2026}");
    let mut c = text.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().collect::<String>() + c.as_str())
}

/// An organisation's key figures beside its named peers': their names (its own first), then per
/// key figure its label and each one's value.
pub type NamedPeers = (Vec<String>, Vec<(String, Vec<String>)>);

/// One key figure's place, for readers.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceText {
    /// The figure.
    pub figure: Figure,
    /// The numbers.
    pub place: FigurePlace,
    /// `42.8%`.
    pub value: String,
    /// `5th of 30, 86th percentile`.
    pub rank: String,
    /// The panel's median, `41.0%`.
    pub median: String,
    /// `+3.1% from 2016 to 2024, against a median of +1.2% for the 28 organisations with that change`.
    pub change: Option<String>,
}

impl Placement<'_> {
    /// Where the organisation stands on each key figure it has, in the definition's order.
    pub fn places(&self) -> Vec<PlaceText> {
        let places = self.panel.places(self.id);
        self.panel
            .figures
            .iter()
            .zip(places)
            .filter_map(|(f, p)| Some((f.as_ref()?, p?)))
            .map(|(f, p)| {
                let change = p.change.as_ref().map(|c| {
                    format!(
                        "{} from {} to {}, against a median of {} for the {} organisations with that change",
                        reader(c.own, Some(f.unit), f.change),
                        c.span.0.label(),
                        c.span.1.label(),
                        reader(c.median, Some(f.unit), f.change),
                        c.of
                    )
                });
                PlaceText {
                    value: reader(p.value, Some(f.unit), f.measure),
                    rank: p.place.text(),
                    median: reader(p.median, Some(f.unit), f.measure),
                    change,
                    figure: f.clone(),
                    place: p,
                }
            })
            .collect()
    }

    /// The lines a key figure's card adds (none where the organisation has no place in it):
    /// its rank and the panel's median, then its change against the panel's.
    pub fn card_lines(&self, places: &[PlaceText], code: &str) -> Vec<String> {
        let Some(p) = places.iter().find(|p| p.figure.code == code) else {
            return Vec::new();
        };
        let mut lines = vec![format!(
            "{} in the panel (rank 1: the highest); median {}",
            p.rank, p.median
        )];
        if let Some(c) = &p.change
            && p.figure.measure == Measure::Level
        {
            lines.push(format!("Change {c}"));
        }
        lines
    }

    /// The organisation's key figures beside its named peers': the names (its own first), then
    /// per key figure any of them has, its label and each one's value (empty where it has none).
    pub fn named_peers(&self) -> Option<NamedPeers> {
        let peers = self.panel.named_peers(self.id);
        let me = self.panel.org(self.id)?;
        if peers.is_empty() {
            return None;
        }
        let all: Vec<_> = std::iter::once(me).chain(peers).collect();
        let names = all.iter().map(|o| o.name.clone()).collect();
        let rows = self
            .panel
            .figures
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let f = f.as_ref()?;
                let cells: Vec<String> = all
                    .iter()
                    .map(|o| o.values[i].map_or_else(String::new, |v| reader(v.value, Some(f.unit), f.measure)))
                    .collect();
                cells
                    .iter()
                    .any(|c| !c.is_empty())
                    .then(|| (panel_label(&f.label), cells))
            })
            .collect();
        Some((names, rows))
    }
}

/// The panel page's title, also the panel workbook's.
pub fn title(panel: &Panel) -> String {
    let n = panel.len();
    format!(
        "A panel of {} organisation{}: key figures compared",
        count(n),
        if n == 1 { "" } else { "s" }
    )
}

/// A number of organisations for readers: `10,000`.
pub fn count(n: usize) -> String {
    crate::format::grouped(n as f64, 0)
}

/// What a figure's panel value is, as `distributions.csv` names it.
pub fn measure_code(m: Measure) -> &'static str {
    match m {
        Measure::Level => "level",
        Measure::PercentChange => "percent_change",
        Measure::Difference => "difference",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_as_their_measure() {
        let unit = |code: &str| ValueUnit::from_code(code);
        assert_eq!(reader(42.8, unit("percent"), Measure::Level), "42.8%");
        assert_eq!(reader(8691.0, unit("persons"), Measure::Level), "8,691");
        assert_eq!(reader(8691.5, unit("persons"), Measure::Level), "8,691.5");
        assert_eq!(reader(3.04, unit("percent"), Measure::PercentChange), "+3.0%");
        assert_eq!(reader(-1.24, unit("percent"), Measure::Difference), "\u{2212}1.2 pp");
        assert_eq!(reader(1234.56, unit("EUR million"), Measure::Level), "1,234.6");
        // A band no organisation has: no unit, two decimals.
        assert_eq!(reader(2.5, None, Measure::Level), "2.50");
    }

    #[test]
    fn a_label_for_the_panel_names_no_organisation() {
        assert_eq!(panel_label("{org} staff (headcount)"), "Staff (headcount)");
        assert_eq!(
            panel_label("{org}'s share of French publications in its largest field, {code} ({name})"),
            "Share of French publications in its largest field, \u{2026} (\u{2026})"
        );
        assert_eq!(
            panel_label("Horizon Europe: share of projects {org} coordinates"),
            "Horizon Europe: share of projects the organisation coordinates"
        );
    }
}
