//! Where a chart of `report.toml` that does not deserialise goes wrong. A chart's panel keys sit
//! in its own table, read through serde's buffer (`flatten`, the `kind` tag) that forgets where
//! each value was written, so the deserialiser's error points at the first `[[charts]]` header.
//! On such an error the charts are read again here, from the document's spanned values, so that
//! the problem is reported at the value at fault.

use serde::Deserialize;

use crate::load::definition::charts::{BarsDef, ChangeBarsDef, LinesDef, ProjectionDef};

/// The keys of a chart's own table; any other key is one of its panel's.
const CHART_KEYS: [&str; 6] = ["name", "domain", "title", "notes", "panels", "facets"];

/// A chart's own keys, as `charts::RawChart` reads them, without the panel's.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // Read for its errors only.
struct ChartKeys {
    name: String,
    domain: String,
    title: String,
    #[serde(default)]
    notes: Vec<String>,
    #[serde(default, alias = "facets")]
    panels: Vec<toml::Value>,
}

/// Where in `text` (a report definition) a chart that does not deserialise goes wrong, and why:
/// the value at fault. Deserialises each chart again from the document's spanned values, its own
/// keys and then each panel as its `kind` says; None if every chart deserialises.
pub(crate) fn chart_error(text: &str) -> Option<(std::ops::Range<usize>, String)> {
    use serde::de::IntoDeserializer;
    use toml::Spanned;
    use toml::de::{DeTable, DeValue};
    let doc = DeTable::parse(text).ok()?;
    let DeValue::Array(charts) = doc.get_ref().get("charts")?.get_ref() else {
        return None;
    };
    for chart in charts.iter() {
        let DeValue::Table(table) = chart.get_ref() else {
            continue;
        };
        let name = table.get("name").and_then(|v| v.get_ref().as_str());
        let located = |span: Option<std::ops::Range<usize>>, message: &str| {
            let chart_name = name.map_or_else(|| "a chart".to_string(), |n| format!("chart {n}"));
            Some((span.unwrap_or_else(|| chart.span()), format!("{chart_name}: {message}")))
        };
        let (mut own, mut rest) = (DeTable::new(), DeTable::new());
        for (k, v) in table {
            let part = if CHART_KEYS.contains(&k.get_ref().as_ref()) {
                &mut own
            } else {
                &mut rest
            };
            part.insert(k.clone(), v.clone());
        }
        let own_value = Spanned::new(chart.span(), DeValue::Table(own.clone()));
        if let Err(e) = ChartKeys::deserialize(own_value.into_deserializer()) {
            return located(e.span(), e.message().trim());
        }
        let panels: Vec<Spanned<DeValue>> = match own.get("panels").or_else(|| own.get("facets")).map(|p| p.get_ref()) {
            Some(DeValue::Array(a)) if rest.is_empty() => a.iter().cloned().collect(),
            _ => vec![Spanned::new(chart.span(), DeValue::Table(rest))],
        };
        for panel in panels {
            if let Some((span, message)) = panel_error(panel) {
                return located(span, &message);
            }
        }
    }
    None
}

/// Deserialises one panel's table as the panel kind its `kind` names, keeping where each value is
/// written: where and why it fails, if it does (no place: the panel's own).
fn panel_error(panel: toml::Spanned<toml::de::DeValue>) -> Option<(Option<std::ops::Range<usize>>, String)> {
    use serde::de::IntoDeserializer;
    use toml::Spanned;
    use toml::de::DeValue;
    let span = panel.span();
    let DeValue::Table(mut table) = panel.into_inner() else {
        return None;
    };
    let kind = table.remove("kind");
    let value = Spanned::new(span, DeValue::Table(table));
    let result = match kind.as_ref().map(|k| (k.span(), k.get_ref().as_str())) {
        Some((_, Some("bars"))) => BarsDef::deserialize(value.into_deserializer()).map(drop),
        Some((_, Some("change_bars"))) => ChangeBarsDef::deserialize(value.into_deserializer()).map(drop),
        Some((_, Some("lines"))) => LinesDef::deserialize(value.into_deserializer()).map(drop),
        Some((_, Some("projection"))) => ProjectionDef::deserialize(value.into_deserializer()).map(drop),
        Some((at, kind)) => {
            let found = kind.map_or_else(|| "a value that is not text".to_string(), |k| format!("{k:?}"));
            return Some((
                Some(at),
                format!("expected a `kind` of bars, change_bars, lines or projection, found {found}"),
            ));
        }
        None => return Some((None, "expected a `kind` (one panel) or `panels`".into())),
    };
    result.err().map(|e| (e.span(), e.message().trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line and column `chart_error` gives, and its message.
    fn located(text: &str) -> Option<(usize, usize, String)> {
        let (span, message) = chart_error(text)?;
        let before = &text[..span.start];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Some((line, col, message))
    }

    const TWO: &str = "[[charts]]\nname = \"a\"\ndomain = \"d\"\ntitle = \"t\"\nkind = \"bars\"\ncategories = { codes = [\"x.y\"] }\n\n[[charts]]\nname = \"b\"\ndomain = \"d\"\ntitle = \"t\"\n[[charts.panels]]\nkind = \"lines\"\nlines = [{ series = \"x.y\" }]\n[[charts.panels]]\nkind = \"bars\"\ncategories = { codes = [\"x.y\"] }\n";

    #[test]
    fn charts_that_deserialise_have_no_error() {
        assert_eq!(located(TWO), None);
    }

    #[test]
    fn a_bad_value_is_located_at_the_value_in_any_chart_or_panel() {
        // Inline panel of the first chart.
        let text = TWO.replacen("kind = \"bars\"\n", "kind = \"bars\"\nticks = -5\n", 1);
        let (line, col, message) = located(&text).unwrap();
        assert_eq!((line, col), (6, 9));
        assert!(message.starts_with("chart a: invalid value: integer `-5`"), "{message}");
        // The second panel of the second chart: line 18, not the first chart's line 1.
        let text = format!("{TWO}decimals = \"two\"\n");
        let (line, col, message) = located(&text).unwrap();
        assert_eq!((line, col), (18, 12));
        assert!(message.starts_with("chart b: invalid type"), "{message}");
        // An unknown key, at the key; an unknown kind, at the kind.
        let text = TWO.replacen("kind = \"lines\"\n", "kind = \"lines\"\ncolour = 1\n", 1);
        assert_eq!(located(&text).map(|l| (l.0, l.1)), Some((14, 1)));
        let text = TWO.replacen("kind = \"lines\"", "kind = \"pie\"", 1);
        let (line, col, message) = located(&text).unwrap();
        assert_eq!((line, col), (13, 8));
        assert!(message.ends_with("found \"pie\""), "{message}");
        // A chart's own key, at its value.
        let text = TWO.replacen("name = \"b\"", "name = 5", 1);
        let (line, col, message) = located(&text).unwrap();
        assert_eq!((line, col), (9, 8));
        assert!(message.starts_with("a chart: invalid type: integer `5`"), "{message}");
    }
}
