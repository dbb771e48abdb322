//! Readable labels of series ids. A label the report definition gives wins; otherwise one is
//! composed from the codes the id is built from (see the data dictionary), with the names the
//! organisation file and the definition's labels give them.

use crate::load::definition::Labels;
use crate::load::definition::charts::NameSource;
use crate::load::organisation::Organisation;

/// The label of series `id`; `{org}` in a label stands for the organisation's short name.
pub fn series_label(org: &Organisation, labels: &Labels, id: &str) -> String {
    if let Some(l) = labels.series.get(id) {
        return org.fill(l);
    }
    let parts: Vec<&str> = id.split('.').collect();
    let entity = |code: &str| org.entity_name(code).unwrap_or(code).to_string();
    match parts.as_slice() {
        ["share_of_french_publications", e, field, count] => {
            format!("{}'s share of French {field} publications ({count} count)", entity(e))
        }
        ["mean_normalised_citation_score", e, field] => {
            format!("Mean normalised citation score, {} ({field})", entity(e))
        }
        ["international_copublication_share", e, _] => {
            format!("International co-publications, {}", entity(e))
        }
        ["open_access_share", e, _] => format!("Open-access share of {} publications", entity(e)),
        ["eu", programme, measure] if *programme != "all" => {
            format!("{} {}", labels.programme(programme), measure.replace('_', " "))
        }
        _ => id.to_string(),
    }
}

/// The codes a dimension lists, in order: the fields or programmes `[labels.fields]` and
/// `[labels.programmes]` name, or the entities (the organisation, then its comparators). Codes of
/// series ids (`NameSource::Series`) are not listed: none.
pub fn codes(org: &Organisation, labels: &Labels, names: NameSource) -> Vec<String> {
    match names {
        NameSource::Fields => labels.fields.keys().cloned().collect(),
        NameSource::Entities => org.entities().into_iter().map(String::from).collect(),
        NameSource::Programmes => labels.programmes.keys().cloned().collect(),
        NameSource::Series => Vec::new(),
    }
}

/// The name of a code of a dimension: its label, else the code.
pub fn code_name(org: &Organisation, labels: &Labels, names: NameSource, code: &str) -> String {
    match names {
        NameSource::Series => series_label(org, labels, code),
        NameSource::Fields => labels.field(code).unwrap_or(code).to_string(),
        NameSource::Entities => org.entity_name(code).unwrap_or(code).to_string(),
        NameSource::Programmes => labels.programme(code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_come_from_the_definition_or_the_codes() {
        let org = Organisation {
            id: "acme".into(),
            name: "Acme Research".into(),
            short_name: "Acme".into(),
            description: String::new(),
            data_origin: None,
            comparators: vec![crate::load::organisation::Comparator {
                id: toml::Spanned::new(0..0, "cnrs".into()),
                name: "CNRS".into(),
                short_name: "CNRS (France)".into(),
            }],
        };
        let mut labels = Labels::default();
        labels.series.insert("staff.all.all".into(), "All {org} staff".into());
        labels
            .programmes
            .insert("horizon_europe".into(), "Horizon Europe".into());
        assert_eq!(series_label(&org, &labels, "staff.all.all"), "All Acme staff");
        assert_eq!(
            series_label(&org, &labels, "mean_normalised_citation_score.cnrs.PE"),
            "Mean normalised citation score, CNRS (France) (PE)"
        );
        assert_eq!(
            series_label(&org, &labels, "share_of_french_publications.organisation.PE2.full"),
            "Acme's share of French PE2 publications (full count)"
        );
        assert_eq!(
            series_label(&org, &labels, "eu.horizon_europe.coordinations"),
            "Horizon Europe coordinations"
        );
        assert_eq!(series_label(&org, &labels, "no.such"), "no.such");
    }
}
