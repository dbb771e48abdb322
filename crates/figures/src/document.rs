//! A document's plain text, indexed once: its sections (from its headings), its footnotes (from
//! their markers), and the passage each locator of the data names.
//!
//! Headings are recognised by form, the way an assessment report numbers them: a part in Roman
//! numerals (`VII. Governance…`), its chapters (`3/ …` or `3 / …`) and their sections (`a/ …`);
//! a part without a number (`Executive summary`, `Introduction`) is a line that its table of
//! contents lists, or a name the locators use, or a line marked as a heading (`#`, `➤`). So a
//! locator `VII.3.a` is the section `a/` of chapter `3/` of part `VII.`, and `Introduction 3.b`
//! the section `b/` of chapter `3/` of the part titled "Introduction".

use std::collections::BTreeMap;
use std::ops::Range;

/// One section of a document, found from its heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// How locators name it: `VII.3.a`, `Introduction 2`, `Executive summary`.
    pub id: String,
    /// 1 for a part, 2 for a chapter, 3 for a section of a chapter.
    pub level: u8,
    /// Bytes from its heading to the next heading of the same or a higher level.
    pub range: Range<usize>,
}

/// A document's text with its sections and footnotes.
#[derive(Debug, Clone)]
pub struct Document {
    /// The whole text.
    pub text: String,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
    /// Every section, in the order of the text; a part comes before its chapters.
    pub sections: Vec<Section>,
    /// Each footnote's text (the bytes of its line(s) after the number), by number.
    footnotes: BTreeMap<u32, Range<usize>>,
    /// Each footnote marker in the running text: number and byte offset.
    markers: Vec<(u32, usize)>,
    /// Each paragraph group: a paragraph with the list it introduces (or a list with its lead).
    groups: Vec<Range<usize>>,
    /// The text folded once, for finding written forms in it.
    folded: crate::Folded,
}

/// The bytes of a document a locator names: one or more ranges of its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    /// The ranges, in order.
    pub ranges: Vec<Range<usize>>,
}

const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

fn superscript_value(c: char) -> Option<u32> {
    SUPERSCRIPTS.iter().position(|&s| s == c).map(|d| d as u32)
}

/// The number written in superscript digits at the start of `s`, with its length in bytes.
fn leading_superscript(s: &str) -> Option<(u32, usize)> {
    let mut n: u32 = 0;
    let mut len = 0;
    for c in s.chars() {
        let Some(d) = superscript_value(c) else { break };
        n = n.checked_mul(10)?.checked_add(d)?;
        len += c.len_utf8();
    }
    (len > 0).then_some((n, len))
}

/// `[12]` at the start of `s`: the number and the marker's length in bytes.
fn leading_bracketed(s: &str) -> Option<(u32, usize)> {
    let rest = s.strip_prefix('[')?;
    let end = rest.find(']')?;
    let digits = &rest[..end];
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((digits.parse().ok()?, end + 2))
}

/// A line of a table of contents: a title, then a page number after a tab or dot leaders.
fn is_contents_line(line: &str) -> bool {
    let t = line.trim_end();
    let without_page = t.trim_end_matches(|c: char| c.is_ascii_digit());
    if without_page.len() == t.len() {
        return false;
    }
    without_page.ends_with('\t') || without_page.ends_with("...") || without_page.trim_end().ends_with("...")
}

/// A title of a table of contents line: without its page number, dot leaders or numbering.
fn contents_title(line: &str) -> String {
    let t = line.trim_end().trim_end_matches(|c: char| c.is_ascii_digit());
    let t = t.trim_end().trim_end_matches('.').trim_end_matches('\t').trim();
    normalise_title(t)
}

/// A title as compared: markers and emphasis dropped, spaces collapsed, lower case.
fn normalise_title(t: &str) -> String {
    let t = t.trim_start_matches(|c: char| matches!(c, '#' | '➤' | '*' | '>' | '▢') || c.is_whitespace());
    let t = t.trim_end_matches(|c: char| matches!(c, '*' | ':' | '.') || c.is_whitespace());
    t.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// A numbered heading: its level and its number as locators write it (`VII`, `3`, `a`).
fn numbered_heading(line: &str) -> Option<(u8, String)> {
    let t = line.trim();
    if t.is_empty() || t.len() > 160 || is_contents_line(line) {
        return None;
    }
    // `VII. Title`
    if let Some((num, title)) = t.split_once(". ")
        && !num.is_empty()
        && num.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
        && title.starts_with(|c: char| c.is_uppercase())
    {
        return Some((1, num.to_string()));
    }
    // `3/ Title` or `3 / Title`
    if let Some((num, title)) = t.split_once('/') {
        let num = num.trim_end();
        let title = title.trim_start();
        let starts_title = title.starts_with(|c: char| c.is_alphabetic() || c == '*' || c == '<');
        if starts_title && !num.is_empty() && num.len() <= 2 && num.bytes().all(|b| b.is_ascii_digit()) {
            return Some((2, num.to_string()));
        }
        if starts_title && num.len() == 1 && num.bytes().all(|b| b.is_ascii_lowercase()) && !t.contains(" / ") {
            return Some((3, num.to_string()));
        }
    }
    None
}

impl Document {
    /// Indexes `text`; `named` are the section names the locators of the data use, found as
    /// headings wherever a line is exactly one of them.
    pub fn index(text: String, named: &[&str]) -> Document {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let lines: Vec<(usize, &str)> = line_starts
            .iter()
            .map(|&s| {
                let end = text[s..].find('\n').map_or(text.len(), |e| s + e);
                (s, text[s..end].trim_end_matches('\r'))
            })
            .collect();
        let mut titles: Vec<String> = lines
            .iter()
            .filter(|(_, l)| is_contents_line(l) && numbered_heading(&l.replace('\t', " ")).is_none())
            .map(|(_, l)| contents_title(l))
            .filter(|t| !t.is_empty() && numbered_heading(t).is_none())
            .collect();
        titles.extend(named.iter().map(|n| normalise_title(n)));
        let sections = find_sections(&lines, &titles, text.len());
        let (footnotes, markers) = find_footnotes(&lines);
        let groups = find_groups(&lines, text.len());
        let folded = crate::Folded::new(&text);
        Document {
            folded,
            text,
            line_starts,
            sections,
            footnotes,
            markers,
            groups,
        }
    }

    /// Every occurrence of the written form `written` within the bytes `within` of the text
    /// (whole figures only: see [`crate::find_all`]), as byte ranges of the text.
    pub fn find(&self, within: &Range<usize>, written: &str) -> Vec<Range<usize>> {
        let (a, b) = (self.folded.char_at(within.start), self.folded.char_at(within.end));
        self.folded.find(a..b, written)
    }

    /// Every occurrence of `written` in the whole text.
    pub fn find_everywhere(&self, written: &str) -> Vec<Range<usize>> {
        self.find(&(0..self.text.len()), written)
    }

    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset)
    }

    /// The innermost section holding `offset`, if any.
    pub fn section_at(&self, offset: usize) -> Option<&Section> {
        self.sections
            .iter()
            .filter(|s| s.range.contains(&offset))
            .max_by_key(|s| s.level)
    }

    /// The section a locator's section part names (case-insensitive).
    pub fn section(&self, id: &str) -> Option<&Section> {
        let id = normalise_title(id);
        self.sections.iter().find(|s| normalise_title(&s.id) == id)
    }

    /// The passage `locator` names, or why it names none: `SECTION`, `SECTION fnN` (the
    /// paragraphs carrying footnote N's marker in that section, with the footnote's text) or
    /// `SECTION: LABEL` (the list item or paragraph of that section starting `LABEL:`).
    pub fn passage(&self, locator: &str) -> Result<Passage, String> {
        let locator = locator.trim();
        if let Some((section, label)) = locator.split_once(": ") {
            let s = self.find_section(section)?;
            return self.labelled(s, label);
        }
        let (section, footnote) = match locator.rsplit_once(" fn") {
            Some((s, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => (s, n.parse::<u32>().ok()),
            _ => (locator, None),
        };
        let s = self.find_section(section)?;
        let Some(n) = footnote else {
            return Ok(Passage {
                ranges: vec![s.range.clone()],
            });
        };
        let Some(note) = self.footnotes.get(&n) else {
            return Err(format!(
                "footnote {n} is not in the document (no line starts with its number)"
            ));
        };
        let at: Vec<usize> = self
            .markers
            .iter()
            .filter(|(m, at)| *m == n && s.range.contains(at))
            .map(|&(_, at)| at)
            .collect();
        if at.is_empty() {
            let elsewhere = self
                .markers
                .iter()
                .find(|(m, _)| *m == n)
                .and_then(|&(_, at)| self.section_at(at))
                .map_or(String::new(), |o| format!(" (its marker is in section {})", o.id));
            return Err(format!("footnote {n}'s marker is not in section {}{elsewhere}", s.id));
        }
        let mut ranges: Vec<Range<usize>> = self
            .groups
            .iter()
            .filter(|g| at.iter().any(|a| g.contains(a)))
            .cloned()
            .collect();
        ranges.push(note.clone());
        Ok(Passage { ranges })
    }

    fn find_section(&self, id: &str) -> Result<&Section, String> {
        self.section(id).ok_or_else(|| {
            let known: Vec<&str> = self.sections.iter().map(|s| s.id.as_str()).take(12).collect();
            format!(
                "no section {id:?} among the document's headings (they begin {})",
                known.join(", ")
            )
        })
    }

    fn labelled(&self, s: &Section, label: &str) -> Result<Passage, String> {
        let wanted = normalise_title(label);
        let ranges: Vec<Range<usize>> = self
            .groups
            .iter()
            .filter(|g| g.start >= s.range.start && g.end <= s.range.end.max(g.start))
            .flat_map(|g| {
                // Each item of a list is its own labelled passage.
                let text = &self.text[g.clone()];
                let mut starts: Vec<usize> = vec![0];
                starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
                let mut items = Vec::new();
                for (k, &st) in starts.iter().enumerate() {
                    let end = starts.get(k + 1).copied().unwrap_or(text.len());
                    let line = text[st..end].trim_start();
                    let body = line.trim_start_matches(['-', '*', '•', ' ']);
                    if let Some((head, _)) = body.split_once(':')
                        && normalise_title(head) == wanted
                    {
                        items.push(g.start + st..g.start + end);
                    }
                }
                items
            })
            .collect();
        if ranges.is_empty() {
            return Err(format!(
                "no paragraph or list item starting {label:?} in section {}",
                s.id
            ));
        }
        Ok(Passage { ranges })
    }

    /// Footnote `n`'s text, if the document has it.
    pub fn footnote(&self, n: u32) -> Option<&str> {
        self.footnotes.get(&n).map(|r| &self.text[r.clone()])
    }
}

fn find_sections(lines: &[(usize, &str)], titles: &[String], end: usize) -> Vec<Section> {
    let mut found: Vec<(u8, String, usize)> = Vec::new();
    let mut path: [Option<String>; 3] = [None, None, None];
    let mut named_part = false;
    for &(start, line) in lines {
        if is_contents_line(line) {
            continue;
        }
        let (level, id) = if let Some((level, num)) = numbered_heading(line) {
            let id = match level {
                1 => {
                    named_part = false;
                    num
                }
                2 => match &path[0] {
                    Some(p) if named_part => format!("{p} {num}"),
                    Some(p) => format!("{p}.{num}"),
                    None => continue,
                },
                _ => match &path[1] {
                    Some(p) => format!("{p}.{num}"),
                    None => continue,
                },
            };
            (level, id)
        } else {
            let t = normalise_title(line);
            let marked = line.trim_start().starts_with(['#', '➤']);
            if t.is_empty() || !(marked || titles.contains(&t)) {
                continue;
            }
            named_part = true;
            let title = line
                .trim()
                .trim_start_matches(|c: char| matches!(c, '#' | '➤' | '*') || c.is_whitespace())
                .trim_end_matches(['*', ':']);
            (1, title.trim().to_string())
        };
        let i = usize::from(level - 1);
        path[i] = Some(id.clone());
        for p in path.iter_mut().skip(i + 1) {
            *p = None;
        }
        // A part printed twice (a letter appended again) is named by its rank the second time.
        let copies = found
            .iter()
            .filter(|(_, f, _)| f == &id || f.starts_with(&format!("{id} (")))
            .count();
        let id = if copies == 0 {
            id
        } else {
            format!("{id} ({})", copies + 1)
        };
        found.push((level, id, start));
    }
    let mut sections: Vec<Section> = Vec::new();
    // The text before the first heading (a title page, a page without headings) is a section too.
    let first = found.first().map_or(end, |(_, _, s)| *s);
    if lines.iter().any(|(s, l)| *s < first && !l.trim().is_empty()) {
        sections.push(Section {
            id: FRONT_MATTER.to_string(),
            level: 1,
            range: 0..first,
        });
    }
    sections.extend(found.iter().enumerate().map(|(k, (level, id, start))| {
        let stop = found[k + 1..]
            .iter()
            .find(|(l, _, _)| l <= level)
            .map_or(end, |(_, _, s)| *s);
        Section {
            id: id.clone(),
            level: *level,
            range: *start..stop,
        }
    }));
    sections
}

/// The id of the text before a document's first heading, as locators and coverage name it.
pub const FRONT_MATTER: &str = "(before the first heading)";

type Footnotes = (BTreeMap<u32, Range<usize>>, Vec<(u32, usize)>);

fn find_footnotes(lines: &[(usize, &str)]) -> Footnotes {
    let mut notes = BTreeMap::new();
    let mut markers = Vec::new();
    for &(start, line) in lines {
        let lead = leading_superscript(line).or_else(|| leading_bracketed(line));
        let body_from = match lead {
            Some((n, len)) if line[len..].starts_with(' ') => {
                // The first line that starts with a number is the footnote; a later one is a
                // number in a list or a table.
                notes.entry(n).or_insert(start + len..start + line.len());
                len
            }
            _ => 0,
        };
        let mut i = body_from;
        while i < line.len() {
            let rest = &line[i..];
            let found = leading_superscript(rest).or_else(|| leading_bracketed(rest).filter(|_| i > 0));
            match found {
                Some((n, len)) => {
                    markers.push((n, start + i));
                    i += len;
                }
                None => i += rest.chars().next().map_or(1, char::len_utf8),
            }
        }
    }
    (notes, markers)
}

/// One paragraph: a run of non-blank lines.
struct Paragraph {
    range: Range<usize>,
    /// It is an item of a list (`- `).
    item: bool,
    /// It ends with ':', introducing a list.
    lead: bool,
    /// It ends a sentence (a paragraph cut by a page's footnotes does not).
    ends: bool,
    /// It is the text of a footnote.
    footnote: bool,
}

/// Paragraphs (runs of non-blank lines), a lead paragraph grouped with the list it introduces.
/// Footnotes printed at a page's foot are skipped: a paragraph or a list they cut continues
/// after them.
fn find_groups(lines: &[(usize, &str)], end: usize) -> Vec<Range<usize>> {
    let is_item = |l: &str| {
        let t = l.trim_start();
        (t.starts_with("- ") || t.starts_with("* ") || t.starts_with("• ")) && !t.starts_with("* * *")
    };
    let is_footnote = |l: &str| {
        leading_superscript(l)
            .or_else(|| leading_bracketed(l))
            .is_some_and(|(_, len)| l[len..].starts_with(' '))
    };
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    let mut current: Option<(usize, usize, &str, &str)> = None;
    let close = |c: Option<(usize, usize, &str, &str)>, paragraphs: &mut Vec<Paragraph>| {
        if let Some((s, e, first, last)) = c {
            let t = last.trim_end().trim_end_matches(|c: char| {
                superscript_value(c).is_some() || matches!(c, '*' | '"' | '\'' | '”' | '’' | ')')
            });
            paragraphs.push(Paragraph {
                range: s..e,
                item: is_item(first),
                lead: t.ends_with(':'),
                ends: t.ends_with(['.', '!', '?', ':', ';']),
                footnote: is_footnote(first),
            });
        }
    };
    for (k, &(start, line)) in lines.iter().enumerate() {
        let line_end = lines.get(k + 1).map_or(end, |n| n.0);
        if line.trim().is_empty() {
            close(current.take(), &mut paragraphs);
            continue;
        }
        // A list item or a footnote starts a paragraph of its own even without a blank line before it.
        if is_item(line) || is_footnote(line) {
            close(current.take(), &mut paragraphs);
        }
        current = match current {
            Some((s, _, first, _)) => Some((s, line_end, first, line)),
            None => Some((start, line_end, line, line)),
        };
    }
    close(current.take(), &mut paragraphs);
    let mut groups: Vec<Range<usize>> = Vec::new();
    // `open`: the last paragraph was a list's lead or one of its items, so an item joins it.
    let (mut open, mut ended, mut after_notes) = (false, true, false);
    for p in paragraphs {
        if p.footnote {
            after_notes = true;
            continue;
        }
        let cut = after_notes && !ended && !p.item;
        match groups.last_mut() {
            Some(g) if (p.item && open) || cut => g.end = p.range.end,
            _ => groups.push(p.range),
        }
        open = p.lead || p.item || (cut && open);
        ended = p.ends;
        after_notes = false;
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Report\nContents\nExecutive summary\t3\nIntroduction.....11\nI. First part\t15\n\nExecutive summary\nSummary text with 12 units.\n\nIntroduction\n\n1/ Who\n\nSeven experts.\n\n2/ What\n\nIt has 278 units.²\n\n² Figure of 2023, not 2024.\n\nI. First part\n\n1 / A chapter\n\na/ A section\n\nBetween two dates:¹⁰⁴\n\n- 5,104 then 4,972;\n- 2,142 then 2,180.\n\nAnother paragraph with 17 things.\n\n¹⁰⁴ Two reports.\n\nb/ Next section\n\nNothing.\n";

    #[test]
    fn sections_are_found_from_headings_and_contents() {
        let d = Document::index(TEXT.to_string(), &[]);
        let ids: Vec<&str> = d.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                FRONT_MATTER,
                "Executive summary",
                "Introduction",
                "Introduction 1",
                "Introduction 2",
                "I",
                "I.1",
                "I.1.a",
                "I.1.b"
            ]
        );
        let a = d.section("I.1.a").unwrap();
        assert!(d.text[a.range.clone()].contains("17 things"));
        assert!(!d.text[a.range.clone()].contains("Nothing"));
        let intro = d.section("introduction 2").unwrap();
        assert!(d.text[intro.range.clone()].contains("278"));
    }

    #[test]
    fn a_footnote_passage_is_the_paragraph_with_its_list_and_the_note() {
        let d = Document::index(TEXT.to_string(), &[]);
        let p = d.passage("I.1.a fn104").unwrap();
        let text: String = p.ranges.iter().map(|r| &d.text[r.clone()]).collect();
        assert!(text.contains("5,104") && text.contains("2,180") && text.contains("Two reports"));
        assert!(!text.contains("17 things"));
        assert_eq!(d.footnote(2), Some(" Figure of 2023, not 2024."));
        let e = d.passage("I.1.b fn104").unwrap_err();
        assert!(
            e.contains("not in section I.1.b (its marker is in section I.1.a)"),
            "{e}"
        );
        assert!(d.passage("I.1.a fn7").unwrap_err().contains("footnote 7"));
        assert!(d.passage("IX.2").unwrap_err().contains("no section \"IX.2\""));
    }

    #[test]
    fn the_front_matter_and_a_part_printed_twice_are_sections() {
        let text = "A title page with 3 names\n\nI. Part\n\nLetter\n\nFirst copy, 12.\n\nII. Other\n\nLetter\n\nSecond copy, 13.\n";
        let d = Document::index(text.to_string(), &["Letter"]);
        let ids: Vec<&str> = d.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, [FRONT_MATTER, "I", "Letter", "II", "Letter (2)"]);
        let front = d.passage("(before the first heading)").unwrap();
        assert_eq!(&d.text[front.ranges[0].clone()], "A title page with 3 names\n\n");
        let second = d.passage("Letter (2)").unwrap();
        assert!(d.text[second.ranges[0].clone()].contains("13") && !d.text[second.ranges[0].clone()].contains("12"));
    }

    #[test]
    fn labelled_items_and_lines() {
        let text =
            "News\n\n➤ In brief\n\n- Budget: €966 million, 65% public,\n- Staff: 5,110 civil servants\n\n[1] A note.\n";
        let d = Document::index(text.to_string(), &["In brief"]);
        let p = d.passage("In brief: Staff").unwrap();
        assert_eq!(p.ranges.len(), 1);
        assert!(d.text[p.ranges[0].clone()].contains("5,110"));
        assert!(!d.text[p.ranges[0].clone()].contains("966"));
        assert_eq!(d.footnote(1), Some(" A note."));
        assert_eq!(d.line_of(0), 1);
        assert_eq!(d.line_of(d.text.find("5,110").unwrap()), 6);
    }
}
