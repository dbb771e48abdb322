//! Reading one data directory into a [`Dataset`]: every file in its turn, the panel's standing in
//! for those an organisation lacks, then each row and claim held against its document.

use std::collections::BTreeSet;
use std::path::Path;

use crate::error::{Error, Result};
use crate::load::definition::ReportDefinition;
use crate::load::domains::{DOMAINS_FILE, DomainsFile};
use crate::load::evidence::{Cited, Evidence};
use crate::load::observations::read_domain_file;
use crate::load::organisation::Organisation;
use crate::load::reader::Reader;
use crate::load::rowref::RowRef;
use crate::load::rows::{BudgetRow, EuFundingRow, PublicationRow, SeriesRow, WorkforceRow};
use crate::load::{
    CLAIMS_FILE, Claim, Dataset, InputFile, ORGANISATION_FILE, Observation, REPORT_FILE, SOURCE_COLUMNS,
    SOURCE_TEXT_COLUMNS, SOURCES_FILE, Source, claims, columns, dated, evidence, limits,
};
use crate::schema::Layout;

/// What the organisations of a panel share: the panel directory, whose `sources.csv`,
/// `claims.csv` and `report.toml` stand in for those an organisation's directory lacks, and that
/// report definition, read once.
#[derive(Debug, Clone, Copy)]
pub struct Shared<'a> {
    /// The panel directory.
    pub dir: &'a Path,
    /// The panel's report definition (empty when it has no `report.toml`).
    pub definition: &'a ReportDefinition,
    /// The file that definition was read from, if the panel has one.
    pub definition_file: Option<&'a InputFile>,
    /// The panel's `domains.toml`, if it has one, and the file it was read from.
    pub domains: Option<(&'a DomainsFile, &'a InputFile)>,
}

/// The directory `file` of an organisation is read from: its own, or the panel's if it has none.
fn home<'a>(dir: &'a Path, shared: Option<Shared<'a>>, file: &str) -> &'a Path {
    match shared {
        Some(s) if !dir.join(file).exists() => s.dir,
        _ => dir,
    }
}

/// How much of a data directory a load reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Every file, each row and claim held against its document.
    Full,
    /// What a panel's first pass needs to resolve each organisation's key figures: the settings
    /// and the rows, validated, but neither the claims nor the documents' texts, which the
    /// organisation's own full load checks before its report is written.
    Figures,
}

/// Reads and validates every data file of `dir`. Fails with all the problems found, if any.
pub fn load(dir: &Path) -> Result<Dataset> {
    load_member(dir, None, Depth::Full)
}

/// Reads one organisation's directory, with the files of its panel where it has none of its own.
pub fn load_member(dir: &Path, shared: Option<Shared>, depth: Depth) -> Result<Dataset> {
    if !dir.is_dir() {
        return Err(Error::Other(format!(
            "{}: expected a data directory, found none",
            dir.display()
        )));
    }
    let mut reader = Reader::new(dir, columns::FORMAT);
    let organisation = reader.toml::<Organisation>(ORGANISATION_FILE, true);
    let mut shared_files = Vec::new();
    let domains_file = match shared.and_then(|s| s.domains) {
        Some((file, input)) if !dir.join(DOMAINS_FILE).exists() => {
            shared_files.push(input.clone());
            Some(file.clone())
        }
        _ => reader.toml::<DomainsFile>(DOMAINS_FILE, false),
    };
    // Every other file is read against the domains: with a problem in their declaration, each
    // would add its own (a domain, a series, a claim unknown), the real one lost among them.
    if reader.issues.iter().any(|i| i.file.ends_with(DOMAINS_FILE)) {
        return Err(Error::InvalidData(reader.sorted_issues()));
    }
    let domains = domains_file.as_ref().map(DomainsFile::domains).unwrap_or_default();
    let definition = match shared {
        Some(s) if !dir.join(REPORT_FILE).exists() => {
            shared_files.extend(s.definition_file.cloned());
            s.definition.clone()
        }
        _ => reader
            .toml_in::<ReportDefinition, _>(REPORT_FILE, false, &domains)
            .unwrap_or_default(),
    };
    let SourcesRead {
        reader: mut sources_reader,
        lines: source_lines,
        ids,
    } = read_sources(home(dir, shared, SOURCES_FILE));
    reader.issues.append(&mut sources_reader.issues);
    // Without the organisation file, entity codes cannot be checked: report that alone.
    let Some(organisation) = organisation else {
        return Err(Error::InvalidData(reader.sorted_issues()));
    };
    let mut observations = Vec::new();
    for d in domains.iter() {
        let (file, org) = (d.file, &organisation);
        match d.layout {
            Layout::Generic => read_domain_file::<SeriesRow>(&mut reader, file, &ids, org, &mut observations),
            Layout::Workforce => read_domain_file::<WorkforceRow>(&mut reader, file, &ids, org, &mut observations),
            Layout::Budget => read_domain_file::<BudgetRow>(&mut reader, file, &ids, org, &mut observations),
            Layout::Publications => read_domain_file::<PublicationRow>(&mut reader, file, &ids, org, &mut observations),
            Layout::EuFunding => read_domain_file::<EuFundingRow>(&mut reader, file, &ids, org, &mut observations),
        }
    }
    let mut claims_reader = Reader::new(home(dir, shared, CLAIMS_FILE), columns::FORMAT);
    let claims = match depth {
        Depth::Full => {
            let units = claims::series_units(&observations);
            claims_reader.claims(&ids, &organisation, &domains, &units)
        }
        Depth::Figures => Vec::new(),
    };
    reader.issues.append(&mut claims_reader.issues);
    if !reader.issues.is_empty() {
        return Err(Error::InvalidData(reader.sorted_issues()));
    }
    let (evidence, mut evidence_files) = match depth {
        Depth::Full => check_evidence(
            dir,
            home(dir, shared, SOURCES_FILE),
            &source_lines,
            &observations,
            &claims,
        )?,
        Depth::Figures => (Evidence::default(), Vec::new()),
    };
    // The files in the order the manifest has always listed them; their hashes are of the bytes
    // read above.
    let settings = [ORGANISATION_FILE, DOMAINS_FILE, REPORT_FILE];
    let (own, data): (Vec<InputFile>, Vec<InputFile>) = std::mem::take(&mut reader.files)
        .into_iter()
        .partition(|f| settings.iter().any(|s| f.path.ends_with(s)));
    let mut input_files = own;
    input_files.extend(shared_files);
    input_files.append(&mut sources_reader.files);
    input_files.append(&mut evidence_files);
    input_files.extend(data);
    input_files.append(&mut claims_reader.files);
    let inferred_rows = dated::inferred_rows(&observations, &claims);
    let sources = source_lines.into_iter().map(|(_, s)| s).collect();
    Ok(Dataset {
        organisation,
        definition,
        domains,
        sources,
        observations,
        claims,
        input_files,
        evidence,
        inferred_rows,
    })
}

/// `sources.csv` as read: its reader (with its file and problems), the sources, each with its
/// line, and their ids.
struct SourcesRead<'a> {
    reader: Reader<'a>,
    lines: Vec<(u64, Source)>,
    ids: BTreeSet<String>,
}

/// Reads `sources.csv` in `dir`: each source's address within what a workbook hyperlink holds,
/// and its id non-empty and unique.
fn read_sources(dir: &Path) -> SourcesRead<'_> {
    let mut reader = Reader::new(dir, columns::FORMAT);
    let (rows, names) = reader.read::<Source>(SOURCES_FILE, &SOURCE_COLUMNS, &SOURCE_TEXT_COLUMNS);
    let url_column = names.iter().position(|n| n == "url").map_or(5, |i| i + 1);
    let mut ids = BTreeSet::new();
    for (line, s) in &rows {
        let line = *line;
        // The workbook writes it as a hyperlink.
        if let Some((expected, found)) = limits::Limit::Url.fault(&s.url) {
            reader.issue(SOURCES_FILE, line, Some((url_column, "url".into())), expected, found);
        }
        if s.id.is_empty() || !ids.insert(s.id.clone()) {
            reader.issue(
                SOURCES_FILE,
                line,
                Some((1, "id".into())),
                "a unique, non-empty source id",
                format!("{:?}", s.id),
            );
        }
    }
    SourcesRead {
        reader,
        lines: rows,
        ids,
    }
}

/// Checks every row and claim against its document's text (`crate::load::evidence`); with the
/// evidence, the data files read for it (`out_of_scope.csv`, when there is one), for the manifest.
fn check_evidence(
    dir: &Path,
    sources_dir: &Path,
    sources: &[(u64, Source)],
    observations: &[Observation],
    claims: &[Claim],
) -> Result<(Evidence, Vec<InputFile>)> {
    let mut cited: Vec<Cited> = observations
        .iter()
        .map(|o| Cited {
            row: o.row_ref(),
            source: &o.source,
            locator: &o.locator,
            locator_column: o.reading.locator_column,
            value: o.value,
            decimals: o.decimals,
            unit: o.unit.into(),
            qualifier: o.qualifier,
            note: &o.note,
            reading: &o.reading,
        })
        .collect();
    cited.extend(claims.iter().map(|c| Cited {
        row: RowRef {
            file: CLAIMS_FILE,
            line: c.line,
        },
        source: &c.source,
        locator: &c.locator,
        locator_column: c.reading.locator_column,
        value: c.stated.value,
        decimals: c.stated.decimals,
        unit: c.unit,
        qualifier: c.qualifier,
        note: &c.note,
        reading: &c.reading,
    }));
    // Parts without a number are found as headings by the names the locators give them.
    let named = |source: &str| -> Vec<String> {
        let mut names: Vec<String> = cited
            .iter()
            .filter(|c| c.source == source)
            .map(|c| evidence::named_part(c.locator).to_string())
            .filter(|n| !n.is_empty())
            .collect();
        names.sort();
        names.dedup();
        names
    };
    let (texts, missing, mut issues) = evidence::read_texts(sources_dir, sources, &named);
    let texted = |id: &str| sources.iter().any(|(_, s)| s.id == id && s.text.is_some());
    let (mut ev, mut more) = evidence::check_rows(texts, &missing, &texted, &cited, dir);
    issues.append(&mut more);
    // Figures set aside on purpose: optional, beside sources.csv.
    let mut files = Vec::new();
    if sources_dir.join(evidence::OUT_OF_SCOPE_FILE).exists() {
        let mut r = Reader::new(sources_dir, columns::FORMAT);
        let (rows, names) =
            r.read::<evidence::OutOfScopeRow>(evidence::OUT_OF_SCOPE_FILE, &evidence::OUT_OF_SCOPE_COLUMNS, &[]);
        issues.append(&mut r.issues);
        issues.extend(evidence::set_aside(&mut ev, &rows, &names, sources_dir));
        // An input like the others: the manifest hashes it, and no output may replace it.
        files = r.files;
    }
    if issues.is_empty() {
        Ok((ev, files))
    } else {
        issues.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        Err(Error::InvalidData(issues))
    }
}
