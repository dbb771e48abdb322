//! The grammar of series ids: which ids a data row or a derived series can build.

use crate::load::organisation::Organisation;
use crate::load::vocab::*;

/// Why `id` is not a series id any data row or derived series can build, if it is not: the
/// grammar of series ids of the data dictionary, with the closed vocabularies and the entities
/// the organisation file declares.
pub fn series_id_problem(id: &str, org: &Organisation, domains: &crate::schema::Domains) -> Option<String> {
    if crate::schema::DERIVED_SERIES.iter().any(|d| d.id == id) {
        return None;
    }
    if let Some(d) = domains.get(domains.domain_of(id))
        && d.declared()
    {
        return (!crate::load::domains::is_series_id(id)).then(|| format!("see the series of {}", d.file));
    }
    let code = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let parts: Vec<&str> = id.split('.').collect();
    let ok = match parts.as_slice() {
        ["staff" | "age" | "age_change" | "fixed_term_share", status, group] => {
            Status::ALL.contains(status) && StaffGroup::ALL.contains(group)
        }
        ["unit_staff" | "unit_fte_share", employer] => Employer::ALL.contains(employer),
        [basis, line] if BudgetBasis::ALL.contains(basis) => BudgetLine::ALL.contains(line),
        [measure, entity, field] if PublicationMeasure::ALL.contains(measure) => {
            org.entities().contains(entity) && code(field)
        }
        [measure, entity, field, count] if PublicationMeasure::ALL.contains(measure) => {
            org.entities().contains(entity) && code(field) && CountMethod::ALL.contains(count)
        }
        ["eu", programme, measure] => code(programme) && EuMeasure::ALL.contains(measure),
        _ => false,
    };
    (!ok).then(|| "see docs/data.md".to_string())
}
