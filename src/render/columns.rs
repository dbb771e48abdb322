//! What each column of each output table means: its type, unit, allowed values and description,
//! carried by the tables to `datapackage.json`.

use crate::names::{AUDIT_TABLE, COVERAGE_TABLE, INDICATORS_TABLE, KEY_FIGURES_TABLE, PROJECTIONS_TABLE};
use crate::period::Period;
use crate::render::tables::cell::Cell;

/// The last column of a domain's summary table: the periods of the row the documents do not
/// state.
pub const INFERRED_PERIODS: &str = "inferred_periods";

/// One field of a table schema.
pub struct FieldSpec {
    /// Frictionless type: string, number, integer or boolean.
    pub kind: &'static str,
    /// What the column holds, for readers of `datapackage.json`.
    pub description: String,
    /// The column's own unit; None where the row's `unit` column gives it, or it has none.
    pub unit: Option<&'static str>,
    /// The values allowed, where they are a closed list.
    pub values: Option<Vec<&'static str>>,
    /// Shown with every decimal the CSV writes (the audit's figures, whose last digits decide a
    /// verdict), rather than with the decimals of the unit.
    pub as_written: bool,
}

fn field(kind: &'static str, description: impl Into<String>) -> FieldSpec {
    FieldSpec {
        kind,
        description: description.into(),
        unit: None,
        values: None,
        as_written: false,
    }
}

const PERIODS: &str = "periods are written YYYY (a year), YYYY-MM-DD (a date, e.g. a headcount at 31 December) or YYYY/YYYY (a range of years, both included)";
/// The `dated` column of a computed figure, with its two values.
fn dated_field(what: &str) -> FieldSpec {
    let mut f = field(
        "string",
        format!(
            "Whether the documents state the period of {what}: inferred when a data row it reads has dated = inferred (the document gives no date; the row's note says how it was dated), else stated"
        ),
    );
    f.values = Some(vec!["stated", "inferred"]);
    f
}

const INPUTS: &str =
    "Data rows the value was computed from, as file:line of the files under data/ (line 1 is the header)";

fn indicators_field(col: &str) -> Option<FieldSpec> {
    Some(match col {
        "indicator" => field(
            "string",
            "Catalogue id of the indicator, e.g. contract_staff_ratio, percent_change, cagr",
        ),
        "label" => field("string", "What the indicator measures, in words"),
        "domain" => {
            // Its values, the dataset's domains, are set by the table (`Table::with_values`).
            field("string", "Domain of the indicator")
        }
        "subject" => field(
            "string",
            "Series the indicator is about: 'numerator / denominator' for shares and ratios, 'a vs b' for a growth gap, a series id otherwise",
        ),
        "from" => field(
            "string",
            format!("Start period of a change; empty for a value at one period; {PERIODS}"),
        ),
        "to" => field("string", "Period of the value, or end period of a change"),
        "value" => field(
            "number",
            "Value of the indicator, in the unit given in column unit (six decimals)",
        ),
        "unit" => field(
            "string",
            "Unit of value: percent, ratio, percent per year, percentage points, projects per year, or the unit of the series a change is of (persons, EUR million, years, index, projects, positions, units)",
        ),
        "formula" => field("string", "Formula, with the series it reads"),
        "computation" => field("string", "The formula with the numbers it used"),
        "inputs" => field("string", INPUTS),
        "dated" => dated_field("the value"),
        _ => return None,
    })
}

fn key_figures_field(col: &str) -> Option<FieldSpec> {
    Some(match col {
        "code" => field(
            "string",
            "Code of the key figure in the report definition (report.toml)",
        ),
        "domain" => field("string", "Domain of the key figure: the summary's section"),
        "label" => field("string", "What the figure is, in words"),
        "period" => field("string", format!("Period of the value; {PERIODS}")),
        "dated" => dated_field("the value"),
        "compared_dated" => {
            let mut f = dated_field("the value compared with");
            f.description.push_str("; empty for a figure without a comparison");
            f
        }
        "value" => field("number", "The figure, in the unit given in column unit"),
        "unit" => field("string", "Unit of value and compared_value"),
        "approximate" => field(
            "boolean",
            "true when the figure or its comparison rests on a figure the document qualifies (around, more than…)",
        ),
        "compared_with" => field(
            "string",
            "The other subject the figure is compared with; empty for a comparison over time",
        ),
        "compared_period" => field("string", "Period of the comparison; empty for a figure without one"),
        "compared_value" => field("number", "The value compared with, in the unit given in column unit"),
        "percent_change" => {
            let mut f = field(
                "number",
                "Percent change from the earlier to the later of the two periods; empty when not a change of a series",
            );
            f.unit = Some("percent");
            f
        }
        "source" => field(
            "string",
            "Where the inputs were published: publisher (date), section and footnote",
        ),
        "inputs" => field("string", INPUTS),
        _ => return None,
    })
}

fn projections_field(col: &str) -> Option<FieldSpec> {
    Some(match col {
        "series" => field("string", "Id of the projected series"),
        "label" => field("string", "The projected series, in words"),
        "method" => {
            let mut f = field(
                "string",
                "Extrapolation method: constant_cagr, v(y) = v0 × (v1 / v0)^((y − y0) / (y1 − y0)); linear_trend, v(y) = v0 + (v1 − v0) × (y − y0) / (y1 − y0)",
            );
            f.values = Some(vec!["constant_cagr", "linear_trend"]);
            f
        }
        "year" => field(
            "integer",
            "Year of the value: the end of this year for staff headcounts, the year itself for average ages",
        ),
        "value" => field(
            "number",
            "Projected value (observed for the two starting points), in the unit given in column unit",
        ),
        "unit" => field("string", "Unit of value: persons or years"),
        "observed" => field(
            "boolean",
            "true for the two observed points each projection starts from",
        ),
        "basis" => field(
            "string",
            "How the two starting points were obtained, with the data rows (file:line)",
        ),
        "dated" => dated_field("the two starting points"),
        _ => return None,
    })
}

fn coverage_field(col: &str) -> Option<FieldSpec> {
    let count = |d: &str| field("integer", d);
    Some(match col {
        "source" => field("string", "Id of the document in data/sources.csv"),
        "section" => field(
            "string",
            "Section of the document as locators name it (VII.3.a, Introduction 2); '(whole document)' for the document's totals, '(before the first heading)' for its front matter",
        ),
        "figures" => count("Figures the section prints: recorded + not_recorded + out_of_scope + excluded_by_rule"),
        "recorded" => count("Figures a data row or a claim records (its written form found at that place)"),
        "not_recorded" => count("Figures no row, claim or out-of-scope entry accounts for"),
        "out_of_scope" => count("Figures data/out_of_scope.csv sets aside, each with its reason"),
        "excluded_by_rule" => count(
            "Numbers that are not figures to record: years and dates, section, footnote, list and page numbers, numbers in links",
        ),
        "recorded_share" => FieldSpec {
            unit: Some("percent"),
            ..field(
                "number",
                "recorded as a percentage of the figures not excluded by rule (recorded + not_recorded + out_of_scope); empty when there are none",
            )
        },
        _ => return None,
    })
}

fn audit_field(col: &str) -> Option<FieldSpec> {
    let number = |d: &str| FieldSpec {
        as_written: true,
        ..field("number", format!("{d}, in the unit given in column unit"))
    };
    Some(match col {
        "kind" => {
            let mut f = field(
                "string",
                "claim: a derived figure (growth, share) recomputed from the data; total: a stated total or value checked against its components; conflict: two passages giving different values for the same quantity",
            );
            f.values = Some(vec!["claim", "total", "conflict"]);
            f
        }
        "id" => field(
            "string",
            "Id of the claim in data/claims.csv; for a conflict, the two things compared and the period",
        ),
        "subject" => field(
            "string",
            "The quantity: a series expression ('a + b') for values and totals, 'indicator: subject' for derived figures",
        ),
        "from" => field(
            "string",
            format!("Start period of a stated change; empty otherwise; {PERIODS}"),
        ),
        "to" => field(
            "string",
            "Period of the stated figure, or end period of a change; for a figure the document gives no period, the only period the data give (the note says so)",
        ),
        "unit" => field(
            "string",
            "Unit of the stated and recomputed figures and of their ranges",
        ),
        "stated" => number("The figure as the document states it (for a conflict: the first passage's value)"),
        "recomputed" => number("The figure recomputed from the data (for a conflict: the second passage's value)"),
        "difference" => number("recomputed − stated"),
        "stated_low" => number(
            "Lower end of the range the stated figure stands for, given its rounding and qualifier; empty when it has none (less than)",
        ),
        "stated_high" => number(
            "Upper end of the range the stated figure stands for, given its rounding and qualifier; empty when it has none (more than)",
        ),
        "recomputed_low" => number(
            "Lower end of the range of the recomputed figure, given the rounding and qualifiers of its inputs; empty when it has none",
        ),
        "recomputed_high" => number(
            "Upper end of the range of the recomputed figure, given the rounding and qualifiers of its inputs; empty when it has none",
        ),
        "interval_gap" => number("Distance between the stated and recomputed ranges; 0 when they meet"),
        "verdict" => {
            let mut f = field(
                "string",
                "consistent: the recomputed value is within the stated figure's rounding; rounding: the values differ but their ranges meet; inconsistent: even allowing for rounding and qualifiers both cannot be right; uncertain: they disagree as inconsistent ones do, but the comparison rests on a period a document does not state (the claim's, or a data row's whose dated is inferred; the note says which), so they may be of two periods",
            );
            f.values = Some(crate::audit::Verdict::ALL.iter().rev().map(|v| v.code()).collect());
            f
        }
        "locators" => field(
            "string",
            "Where the figure is stated: source id, section and footnote; for a conflict both passages, separated by ' | '",
        ),
        "inputs" => field("string", INPUTS),
        "dated" => {
            let mut f = field(
                "string",
                "inferred when the comparison rests on a period a document does not state: the claim has none, or its dated is inferred, or a data row compared has dated = inferred; else stated",
            );
            f.values = Some(vec!["stated", "inferred"]);
            f
        }
        "note" => field(
            "string",
            "What the document says, or why the figures are compared; an uncertain finding's starts with which period is inferred",
        ),
        _ => return None,
    })
}

/// A period as a reader writes it, for column descriptions.
fn describe_period(col: &str) -> String {
    if let Some((a, b)) = col.split_once('/') {
        format!("the period {a} to {b}")
    } else if col.len() == 10 {
        format!("the date {col}")
    } else {
        format!("the year {col}")
    }
}

fn domain_field(col: &str) -> Option<FieldSpec> {
    Some(match col {
        "series" => field(
            "string",
            "Series id (data or derived series), or 'indicator: subject' for an indicator of one period",
        ),
        "label" => field("string", "The series or indicator, in words"),
        "unit" => field("string", "Unit of this row's period and projection columns"),
        INFERRED_PERIODS => field(
            "string",
            format!(
                "The period columns of this row whose value rests on a data row with dated = inferred (the document gives no date; the row's note says how it was dated), separated by '; '; empty when the documents state every one; {PERIODS}"
            ),
        ),
        "percent_change_first_to_last (percent)" => {
            let mut f = field(
                "number",
                "Percent change between the row's first and last dates or years (a range of years is no point in time); empty for a row with fewer than two, or whose first value is zero",
            );
            f.unit = Some("percent");
            f
        }
        "cagr_first_to_last (percent per year)" => {
            let mut f = field(
                "number",
                "Compound annual growth rate between the row's first and last dates or years (a range of years is no point in time); empty for a row with fewer than two, or whose first value is zero or of another sign than its last",
            );
            f.unit = Some("percent per year");
            f
        }
        c if projection_column(c).is_some() => {
            let (year, method) = projection_column(c).unwrap_or_default();
            let how = if method == "constant_cagr" {
                "the growth rate"
            } else {
                "the change per year"
            };
            field(
                "number",
                format!(
                    "Value projected for {year} (its end, for series of dates) with {how} of the two starting points held constant, in the row's unit; empty for a series not projected"
                ),
            )
        }
        c if c.parse::<Period>().is_ok() => field(
            "number",
            format!(
                "Value for {}, in the row's unit; empty when the data give none",
                describe_period(c)
            ),
        ),
        _ => return None,
    })
}

/// The type of a column no rule names, from its cells' types: integer, number, boolean or
/// string (a column of text is text, whatever the text looks like).
pub fn infer<'a>(cells: impl IntoIterator<Item = Cell<'a>>) -> &'static str {
    let (mut any, mut integers, mut numbers, mut booleans) = (false, true, true, true);
    for cell in cells.into_iter().filter(|c| !c.is_empty()) {
        any = true;
        let finite = matches!(&cell, Cell::Number(d) if d.value.is_finite());
        integers &= matches!(cell, Cell::Integer(_));
        numbers &= finite || matches!(cell, Cell::Integer(_));
        booleans &= matches!(cell, Cell::Boolean(_));
    }
    if !any {
        "string"
    } else if integers {
        "integer"
    } else if numbers {
        "number"
    } else if booleans {
        "boolean"
    } else {
        "string"
    }
}

/// `(year, method)` of a domain table's projection column such as `2035_linear_trend`.
pub fn projection_column(col: &str) -> Option<(&str, &str)> {
    let (year, method) = col.split_once('_')?;
    (year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) && matches!(method, "constant_cagr" | "linear_trend"))
        .then_some((year, method))
}

/// The description of column `col` of table `stem` (a domain's summary table if `domain`), typed
/// by its cells (read only where no rule names the column).
pub fn describe<'a, I: Iterator<Item = Cell<'a>>>(
    stem: &str,
    domain: bool,
    col: &str,
    values: impl FnOnce() -> I,
) -> FieldSpec {
    let spec = match stem {
        _ if domain => domain_field(col),
        INDICATORS_TABLE => indicators_field(col),
        KEY_FIGURES_TABLE => key_figures_field(col),
        PROJECTIONS_TABLE => projections_field(col),
        AUDIT_TABLE => audit_field(col),
        COVERAGE_TABLE => coverage_field(col),
        _ => None,
    };
    spec.unwrap_or_else(|| field(infer(values()), format!("Column {col}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_without_a_rule_are_typed_by_their_cells() {
        assert_eq!(infer([Cell::Integer(1), Cell::Empty, Cell::Integer(2)]), "integer");
        assert_eq!(infer([Cell::number(1.5, 1), Cell::Integer(2)]), "number");
        assert_eq!(infer([Cell::number(1.5, 1), Cell::number(f64::NAN, 1)]), "number");
        assert_eq!(infer([Cell::number(f64::INFINITY, 1)]), "string");
        assert_eq!(infer([Cell::Boolean(true), Cell::Boolean(false)]), "boolean");
        // Text is text, even where it reads as a number.
        assert_eq!(infer([Cell::text("a"), Cell::Integer(1)]), "string");
        assert_eq!(infer([Cell::text("1")]), "string");
        assert_eq!(infer([Cell::Empty, Cell::text("")]), "string");
    }

    #[test]
    fn period_columns_of_wide_tables_are_numbers() {
        for c in ["2019", "2018-12-31", "2018/2022"] {
            assert_eq!(domain_field(c).map(|f| f.kind), Some("number"), "{c}");
        }
        assert!(domain_field("something else").is_none());
    }
}
