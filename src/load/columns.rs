//! What each column of the format's files expects, in words, and the codes a faulty field is
//! stood in for by: the [`Vocabulary`] the reader is given for the format.

use crate::load::organisation::SELF_ENTITY;
use crate::load::reader::Vocabulary;
use crate::load::vocab::*;

/// The format's columns, for the reader.
pub(crate) const FORMAT: Vocabulary = Vocabulary {
    expectation: column_expectation,
    stand_ins: || Box::new(every_code()),
};

/// Expected-value text for a column, for messages about unparseable fields.
pub(crate) fn column_expectation(column: &str) -> String {
    let one_of = |codes: &[&str]| {
        format!(
            "one of {}",
            codes.iter().map(|c| format!("'{c}'")).collect::<Vec<_>>().join(", ")
        )
    };
    match column {
        "measure" => format!(
            "a measure: {}",
            one_of(&[WorkforceMeasure::ALL, PublicationMeasure::ALL, EuMeasure::ALL].concat())
        ),
        "scope" => one_of(Scope::ALL),
        "employer" => one_of(Employer::ALL),
        "status" => one_of(Status::ALL),
        "group" => one_of(StaffGroup::ALL),
        "line" => one_of(BudgetLine::ALL),
        "basis" => one_of(BudgetBasis::ALL),
        "entity" => format!("'{SELF_ENTITY}' or a comparator's id from organisation.toml"),
        "field" | "programme" => "a code of letters, digits and '_'".into(),
        "count_method" => format!("empty or {}", one_of(CountMethod::ALL)),
        "unit" => one_of(Unit::ALL),
        "qualifier" => format!("empty or {}", one_of(Qualifier::ALL)),
        "dated" => format!("empty or {}", one_of(PeriodBasis::ALL)),
        "period" => crate::period::PERIOD_FORMS.to_string(),
        "value" | "stated" => format!(
            "a number written with digits and an optional decimal point (no thousands separator), at most {} digits before it",
            crate::load::MAX_INTEGER_DIGITS
        ),
        _ => "a value".into(),
    }
}
