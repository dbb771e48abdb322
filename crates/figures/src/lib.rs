//! Figures "as written" in source documents, and the documents themselves (`document`).
//!
//! Every data row keeps the figure exactly as its document writes it ("8,691", "€1.148 billion",
//! "around 500", "a third"). This module reads such a written form into a typed [`Written`] value
//! ([`parse`]), finds where a written form occurs in a passage ([`find_all`]), and lists every
//! figure of a document with the ones that are not figures to record, such as years, dates and
//! footnote markers ([`scan`]), so coverage can be measured.
//!
//! All three share one grammar, read over a "folded" copy of the text: lower case, every kind of
//! space as ' ', every minus/en dash as '-', typographic quotes as ASCII. Folding maps one char to
//! one char, so positions in the folded copy map back to byte offsets of the original, and no byte
//! range ever splits a UTF-8 char.

use std::ops::Range;

pub mod document;

/// Qualifier phrases (folded: lower case, single spaces) and their codes in the project's data
/// vocabulary (`around`, `approximately`, `close_to`, `more_than`, `above`, `less_than`).
/// The vocabulary has no "at least", "up to" or "below": "at least" is read as `more_than`,
/// "up to", "under" and "below" as `less_than` (bounds whose strictness the vocabulary does not keep).
/// The longest phrase matching wins ("just over" before "over").
const QUALIFIERS: [(&str, &str); 30] = [
    ("around", "around"),
    ("about", "around"),
    ("some", "around"),
    ("roughly", "around"),
    ("environ", "around"),
    ("approximately", "approximately"),
    ("approx.", "approximately"),
    ("approx", "approximately"),
    ("an estimated", "approximately"),
    ("close to", "close_to"),
    ("nearly", "close_to"),
    ("almost", "close_to"),
    ("près de", "close_to"),
    ("more than", "more_than"),
    ("over", "more_than"),
    ("at least", "more_than"),
    ("just over", "more_than"),
    ("well over", "more_than"),
    ("slightly more than", "more_than"),
    ("in excess of", "more_than"),
    ("plus de", "more_than"),
    ("above", "above"),
    ("just above", "above"),
    ("less than", "less_than"),
    ("fewer than", "less_than"),
    ("under", "less_than"),
    ("just under", "less_than"),
    ("below", "less_than"),
    ("up to", "less_than"),
    ("moins de", "less_than"),
];

/// Every qualifier phrase with its code.
fn qualifier_phrases() -> impl Iterator<Item = (&'static str, &'static str)> {
    QUALIFIERS.iter().copied()
}

/// The code of a qualifier phrase ("More than" -> `more_than`), compared case-insensitively and
/// with any kind or amount of space between words; `None` when the phrase is not a qualifier.
pub fn qualifier_code(word: &str) -> Option<&'static str> {
    let folded: String = word.chars().map(fold).collect();
    let folded = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    qualifier_phrases().find(|(p, _)| *p == folded).map(|(_, c)| c)
}

/// The power of ten a figure is written in ("€1.1 billion" is 1.1 in [`Scale::Billion`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// No scale word.
    One,
    /// "thousand".
    Thousand,
    /// "million", "m".
    Million,
    /// "billion", "bn".
    Billion,
}

impl Scale {
    /// The multiplier of the scale (1e6 for [`Scale::Million`]).
    pub fn factor(self) -> f64 {
        match self {
            Scale::One => 1.0,
            Scale::Thousand => 1e3,
            Scale::Million => 1e6,
            Scale::Billion => 1e9,
        }
    }
}

/// What a written figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A plain number or multiplier ("8,691", "nine", "twice").
    Plain,
    /// A percentage ("42.8%", "per cent"); fractions in words ("a third") are read as shares in percent.
    Percent,
    /// An amount in euros ("€1.1 billion", "5 million euros").
    Euro,
}

/// A figure as written, read by [`parse`].
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// The number as written, before scale ("1.148" in "€1.148 billion" is 1.148); for a range, its low end.
    pub value: f64,
    /// For a range ("700–800", "€30-40 million"): its high end; None otherwise.
    pub high: Option<f64>,
    /// Decimals written after the decimal point (0 for "8,691", 3 for "1.148"); None for words and
    /// fractions ("nine", "a third"), which are exact. For a range, the larger of its two ends.
    pub decimals: Option<u8>,
    /// The scale word written after the number, if any.
    pub scale: Scale,
    /// Plain number, percentage or euro amount.
    pub kind: Kind,
    /// Qualifier code (see [`qualifier_code`]), if the written form starts with one.
    pub qualifier: Option<&'static str>,
    /// True when the figure is written in words ("nine", "a third", "twice", "half", "a dozen").
    pub in_words: bool,
}

impl Written {
    /// Value in base units: value × scale (1.148 billion -> 1.148e9). For Percent it is the percent number (42.8), not 0.428.
    pub fn base_value(&self) -> f64 {
        self.value * self.scale.factor()
    }

    /// The high end of a range in base units (see [`Written::base_value`]); None when not a range.
    pub fn base_high(&self) -> Option<f64> {
        self.high.map(|h| h * self.scale.factor())
    }

    /// Half the last written digit in base units (8,691 -> 0.5; €1.148 billion -> 0.0005e9 = 5e5; 42.8% -> 0.05), 0 for words/fractions.
    pub fn half_unit(&self) -> f64 {
        match self.decimals {
            Some(d) => 0.5 * 10f64.powi(-i32::from(d)) * self.scale.factor(),
            None => 0.0,
        }
    }
}

/// Parses a written form; Err(message) says what could not be read, e.g. "expected a figure such
/// as 8,691, 42.8%, €1.1 billion, around 500 or nine, found \"abc\"". Trailing words made of
/// letters ("8,691 people") are allowed and ignored, so a written form may keep its noun.
pub fn parse(written: &str) -> Result<Written, String> {
    let t = Folded::new(written);
    let cs = &t.chars[..];
    let mut start = 0;
    while at(cs, start).is_whitespace() && start < cs.len() {
        start += 1;
    }
    let opts = Opts {
        to_range: true,
        sign: true,
    };
    let Some(r) = read_figure(cs, start, opts, true) else {
        return Err(format!(
            "expected a figure such as 8,691, 42.8%, €1.1 billion, around 500 or nine, found \"{written}\""
        ));
    };
    let rest = &cs[r.end..];
    // The noun may follow after a space ("12 offices") or a hyphen ("five-year"), never glued
    // to the number ("12abc"), and may hold nothing but letters, so a second number is refused.
    let lead_ok = match rest.first() {
        None => true,
        Some(c) if c.is_whitespace() => true,
        Some('-') => rest.get(1).is_some_and(|c| c.is_alphabetic()),
        Some(_) => false,
    };
    let body_ok = rest
        .iter()
        .all(|&c| c.is_alphabetic() || c.is_whitespace() || c == '\'' || c == '-');
    if lead_ok && body_ok {
        return Ok(r.w);
    }
    let figure = &written[t.offs[start]..t.offs[r.end]];
    let after = &written[t.offs[r.end]..];
    if at(cs, r.end) == ',' && is_digit(at(cs, r.end + 1)) {
        return Err(format!(
            "\"{figure}{}\" is not a thousands grouping: write groups of exactly three digits after each comma, as in 8,691",
            after.split_whitespace().next().unwrap_or("")
        ));
    }
    Err(format!(
        "unexpected \"{after}\" after the figure \"{figure}\" in \"{written}\""
    ))
}

/// Every place where `written` occurs in `haystack`, as byte ranges of haystack, comparing
/// case-insensitively and with the equivalences above (all the space kinds equal; '-', '−', '–' equal;
/// typographic quotes/apostrophes ’ ‘ “ ” equal to ' and "), and only at figure boundaries:
/// the match may not be preceded or followed by a digit, a letter, or a digit-separator that continues the number
/// (so "12" does not match inside "2,124", "12.5", "112" or "12,000"; "nine" not inside "ninety"; "2,142" does not match inside "2,142.5").
/// A trailing '.' or ',' followed by a space/end/newline (sentence punctuation) is NOT a continuation.
/// Superscript digits next to a figure are footnote markers, so they do not continue it either.
pub fn find_all(haystack: &str, written: &str) -> Vec<Range<usize>> {
    let h = Folded::new(haystack);
    h.find(0..h.chars.len(), written)
}

fn find_boundaries_ok(hc: &[char], s: usize, e: usize, needle: &[char]) -> bool {
    let (first, last) = (needle[0], needle[needle.len() - 1]);
    let before = if s == 0 { '\n' } else { hc[s - 1] };
    let before2 = if s < 2 { '\n' } else { hc[s - 2] };
    let (after, after2) = (at(hc, e), at(hc, e + 1));
    if is_wordish(first) && is_wordish(before) || is_wordish(last) && is_wordish(after) {
        return false;
    }
    // "2,124", "0.5", "700-800": a separator between two digits continues the number (or range).
    let continues = |sep: char, digit: char| matches!(sep, ',' | '.' | '-' | ':') && is_digit(digit);
    !(is_digit(first) && continues(before, before2) || is_digit(last) && continues(after, after2))
}

/// Why a figure occurring in a document is not a figure to record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// A year or a range of years ("in 2023", "2019-2023", "2018/2022").
    Year,
    /// A day of a date, with its month and year ("27 May 2021", "April 2").
    Date,
    /// A reference to a section, recommendation, article, table... ("I.2.b", "Recommendation 12").
    SectionNumber,
    /// A footnote marker: superscript digits or a bracketed number ("[1]").
    FootnoteMarker,
    /// The number of a list item or heading at the start of a line ("1.", "2/", "3)").
    ListNumber,
    /// A page number: at the end of a table-of-contents line, or after "page"/"p.".
    PageNumber,
    /// Digits of a URL or file path, or the size of a download ("(364.69 KB)").
    Link,
}

impl Rule {
    /// The rule's code in the project's vocabulary ("year", "section_number", ...).
    pub fn code(self) -> &'static str {
        match self {
            Rule::Year => "year",
            Rule::Date => "date",
            Rule::SectionNumber => "section_number",
            Rule::FootnoteMarker => "footnote_marker",
            Rule::ListNumber => "list_number",
            Rule::PageNumber => "page_number",
            Rule::Link => "link",
        }
    }

    /// One reader-facing sentence saying why such figures are not recorded.
    pub fn describe(self) -> &'static str {
        match self {
            Rule::Year => "A year or range of years dates the other figures; it is not a figure itself.",
            Rule::Date => "A day of a date (with its month and year) dates an event; it is not a figure.",
            Rule::SectionNumber => {
                "A number in a reference to a section, recommendation, article or table only locates text."
            }
            Rule::FootnoteMarker => {
                "A footnote marker (superscript or bracketed number) points to a note; it counts nothing."
            }
            Rule::ListNumber => "A number at the start of a line numbers a list item or heading.",
            Rule::PageNumber => "A page number in a table of contents or page reference only locates text.",
            Rule::Link => {
                "Digits in a link, file path or download size belong to the link, not to the report's figures."
            }
        }
    }
}

/// A figure occurring in a document text, found by [`scan`].
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Byte range of the figure in the text, qualifier, currency and scale included.
    pub range: Range<usize>,
    /// Some(rule) when excluded by rule
    pub excluded: Option<Rule>,
}

/// Every figure in `text`, in order, non-overlapping: numbers (with separators/decimals), percentages, amounts
/// (with currency and scale: "€1.148 billion" is ONE figure covering all of it), ranges ("700–800" one figure),
/// signed changes ("-2.6%"), written numbers ("nine", "a third", "twelve", "a dozen", "twice"), each with its leading qualifier included in the range ("around 53%").
///
/// Numbers glued to letters ("LS3", "Covid-19", "21st", "2010s") are names or ordinals and are not
/// figures at all; a bare "one" is too common as a pronoun to count. Every non-excluded figure's
/// text is accepted by [`parse`].
pub fn scan(text: &str) -> Vec<Figure> {
    let t = Folded::new(text);
    let cs = &t.chars[..];
    let mut out = Vec::new();
    let mut push = |s: usize, e: usize, rule: Option<Rule>| {
        out.push(Figure {
            range: t.offs[s]..t.offs[e],
            excluded: rule,
        })
    };
    let mut prev_end: Option<usize> = None;
    let mut prev_rule: Option<Rule> = None;
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        let prev = if i == 0 { '\n' } else { cs[i - 1] };
        if is_superscript(c) {
            let e = run(cs, i, is_superscript);
            push(i, e, Some(Rule::FootnoteMarker));
            i = e;
            continue;
        }
        if !is_wordish(prev)
            && let Some(e) = link_end(cs, i)
        {
            let mut j = i;
            while j < e {
                let d = run(cs, j, is_digit).min(e);
                if d > j {
                    push(j, d, Some(Rule::Link));
                }
                j = d.max(j + 1);
            }
            i = e;
            continue;
        }
        if c == '[' {
            let e = run(cs, i + 1, is_digit);
            if (i + 2..=i + 4).contains(&e) && at(cs, e) == ']' {
                push(i, e + 1, Some(Rule::FootnoteMarker));
                i = e + 1;
                continue;
            }
        }
        let sign_ok = matches!(prev, '(' | '[' | '"' | '\'') || prev.is_whitespace();
        if !(is_wordish(c) || c == '€' || matches!(c, '-' | '+') && sign_ok) {
            i += 1;
            continue;
        }
        if glued_before(cs, i) {
            i = run(cs, i, is_wordish).max(i + 1);
            continue;
        }
        if let Some(e) = section_path(&t, i) {
            push(i, e, Some(Rule::SectionNumber));
            (prev_end, prev_rule) = (Some(e), Some(Rule::SectionNumber));
            i = e;
            continue;
        }
        // "from 12 to 15" is a change between two figures, not a range.
        let opts = Opts {
            to_range: prev_word(cs, i) != "from",
            sign: sign_ok,
        };
        let Some(mut r) = read_figure(cs, i, opts, true) else {
            i = run(cs, i, is_wordish).max(i + 1);
            continue;
        };
        // "€80 million over 5 years": "over" right after a figure is a preposition, not a qualifier.
        if r.body > r.start
            && prev_end.is_some_and(|p| cs[p..r.start].iter().all(|&c| c == ' '))
            && let Some(r2) = read_figure(cs, r.body, opts, false)
        {
            r = r2;
        }
        extend_year_slash(cs, &mut r);
        let (a, a2) = (at(cs, r.end), at(cs, r.end + 1));
        // Glued to more digits or letters ("1,23", "21st", "5/7"), or the first half of a compound
        // adjective ("five-year term", "a 5- to 10-year plan"): not a figure; skip the token.
        let compound = a == '-' && (a2.is_alphabetic() || a2 == ' ' && word(cs, r.end + 2, "to").is_some());
        if is_wordish(a) || matches!(a, ',' | '.' | ':' | '/') && is_digit(a2) || compound {
            i = run(cs, i, is_wordish).max(i + 1);
            continue;
        }
        let w = &r.w;
        let bare_one = w.in_words && w.kind == Kind::Plain && w.scale == Scale::One && w.value == 1.0;
        let ordinal_half =
            w.in_words && w.kind == Kind::Percent && matches!(prev_word(cs, i).as_str(), "first" | "second");
        if bare_one || ordinal_half {
            i = r.end;
            continue;
        }
        let (end, mut rule) = classify(&t, &r);
        // "Recommendations 1, 4, 6 and 12": the numbers listed after a reference are references too.
        let listed = prev_rule == Some(Rule::SectionNumber)
            && prev_end.is_some_and(|p| {
                let sep: String = cs[p..r.start].iter().collect();
                matches!(sep.as_str(), ", " | " and " | ", and " | " or " | " et ")
            });
        if rule.is_none() && listed && is_bare(&r) {
            rule = Some(Rule::SectionNumber);
        }
        push(r.start, end, rule);
        (prev_end, prev_rule) = (Some(end), rule);
        i = end;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Folded text and char helpers

/// The text with each char folded (see the module doc), and the byte offset of each char
/// (plus the text's length), so folded positions map back to the original.
#[derive(Debug, Clone)]
pub(crate) struct Folded {
    chars: Vec<char>,
    orig: Vec<char>,
    offs: Vec<usize>,
}

impl Folded {
    /// Every occurrence of `written` (see [`find_all`]) whose chars lie in `within` (char
    /// indices), as byte ranges of the text; the chars around it, even outside `within`, decide
    /// whether it is a whole figure.
    pub(crate) fn find(&self, within: Range<usize>, written: &str) -> Vec<Range<usize>> {
        let needle: Vec<char> = written.trim().chars().map(fold).collect();
        let (hc, n) = (&self.chars[..], needle.len());
        let end = within.end.min(hc.len());
        let mut out = Vec::new();
        if n == 0 {
            return out;
        }
        let mut i = within.start;
        while i + n <= end {
            // The first char alone rules out almost every position, without a slice compare.
            if hc[i] == needle[0] && hc[i..i + n] == needle[..] && find_boundaries_ok(hc, i, i + n, &needle) {
                out.push(self.offs[i]..self.offs[i + n]);
                i += n;
            } else {
                i += 1;
            }
        }
        out
    }

    /// The char index of byte offset `b` (a char boundary, or the text's length).
    pub(crate) fn char_at(&self, b: usize) -> usize {
        self.offs.partition_point(|&o| o < b)
    }

    pub(crate) fn new(s: &str) -> Self {
        let mut offs: Vec<usize> = s.char_indices().map(|(o, _)| o).collect();
        offs.push(s.len());
        Folded {
            chars: s.chars().map(fold).collect(),
            orig: s.chars().collect(),
            offs,
        }
    }
}

fn fold(c: char) -> char {
    match c {
        '\u{a0}' | '\u{202f}' | '\u{2007}' | '\u{2009}' => ' ',
        '\u{2212}' | '\u{2013}' | '\u{2010}' | '\u{2011}' => '-',
        '\u{2018}' | '\u{2019}' | '\u{02bc}' => '\'',
        '\u{201c}' | '\u{201d}' => '"',
        c if c.is_ascii() => c.to_ascii_lowercase(),
        c => {
            // Keep one char per char: chars whose lower case is several chars stay as they are.
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(a), None) => a,
                _ => c,
            }
        }
    }
}

/// The char at `i`, or '\n' past the end (the end of a text ends its last line too).
fn at(cs: &[char], i: usize) -> char {
    cs.get(i).copied().unwrap_or('\n')
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// Digits and letters: what may not touch a figure. Superscripts are neither (they are markers).
fn is_wordish(c: char) -> bool {
    c.is_ascii_digit() || c.is_alphabetic()
}

fn is_superscript(c: char) -> bool {
    matches!(c, '⁰' | '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹')
}

/// End of the run of chars satisfying `f` from `i`.
fn run(cs: &[char], mut i: usize, f: fn(char) -> bool) -> usize {
    while i < cs.len() && f(cs[i]) {
        i += 1;
    }
    i
}

/// End of the literal `s` (folded, no newline) at `i`.
fn lit(cs: &[char], i: usize, s: &str) -> Option<usize> {
    let mut j = i;
    for c in s.chars() {
        if at(cs, j) != c {
            return None;
        }
        j += 1;
    }
    Some(j)
}

/// End of the whole word `w` at `i` ("nine" is not read in "ninety").
fn word(cs: &[char], i: usize, w: &str) -> Option<usize> {
    lit(cs, i, w).filter(|&j| !is_wordish(at(cs, j)))
}

/// Position after at least one space at `i`.
fn after_space(cs: &[char], i: usize) -> Option<usize> {
    let j = run(cs, i, |c| c == ' ');
    (j > i).then_some(j)
}

/// The word (letters, with a trailing '.' or '°' kept: "r.", "n°") before the spaces before `i`.
fn prev_word(cs: &[char], i: usize) -> String {
    let mut e = i;
    while e > 0 && cs[e - 1] == ' ' {
        e -= 1;
    }
    if e == i {
        return String::new();
    }
    let mut s = e;
    if s > 0 && matches!(cs[s - 1], '.' | '°') {
        s -= 1;
    }
    while s > 0 && cs[s - 1].is_alphabetic() {
        s -= 1;
    }
    cs[s..e].iter().collect()
}

/// Whether the token at `i` continues a word or number before it ("LS3", "Covid-19", "R.114", "2,5").
fn glued_before(cs: &[char], i: usize) -> bool {
    let prev = if i == 0 { '\n' } else { cs[i - 1] };
    let prev2 = if i < 2 { '\n' } else { cs[i - 2] };
    is_wordish(prev)
        || matches!(prev, '-' | '.' | '/' | '_' | ':' | '@' | '=' | '&' | '#') && is_wordish(prev2)
        || prev == ',' && is_digit(prev2)
}

// ---------------------------------------------------------------------------------------------
// The grammar of a written figure

#[derive(Clone, Copy)]
struct Opts {
    /// Read "30 to 40" as a range.
    to_range: bool,
    /// Read a leading '-' or '+' as a sign.
    sign: bool,
}

/// A number written in digits.
struct Num {
    value: f64,
    decimals: u8,
    /// Digits before the decimal point.
    digits: usize,
    grouped: bool,
}

impl Num {
    /// The integer when written as bare digits (no comma, no decimals): what years and days look like.
    fn bare_int(&self) -> Option<f64> {
        (!self.grouped && self.decimals == 0).then_some(self.value)
    }
}

/// A figure read at some position: its extent, value and what classification needs.
struct Raw {
    start: usize,
    /// Where the figure proper starts, after its qualifier.
    body: usize,
    end: usize,
    w: Written,
    low: Option<Num>,
    high: Option<Num>,
    signed: bool,
}

fn read_qualifier(cs: &[char], i: usize) -> Option<(usize, &'static str)> {
    let mut best: Option<(usize, usize, &'static str)> = None;
    for (p, code) in qualifier_phrases() {
        if let Some(k) = lit(cs, i, p).and_then(|j| after_space(cs, j))
            && best.is_none_or(|(len, _, _)| p.len() > len)
        {
            best = Some((p.len(), k, code));
        }
    }
    best.map(|(_, k, code)| (k, code))
}

/// figure := [qualifier] [sign] [currency] (digits [range] | words) [scale] [percent | currency]
fn read_figure(cs: &[char], i: usize, opts: Opts, qualifier: bool) -> Option<Raw> {
    if qualifier
        && let Some((k, code)) = read_qualifier(cs, i)
        && let Some(mut r) = read_figure(cs, k, opts, false)
    {
        r.start = i;
        r.w.qualifier = Some(code);
        return Some(r);
    }
    let mut j = i;
    let starts = |k: usize| is_digit(at(cs, k)) || at(cs, k) == '€';
    // "+ 12%": reports print a plus sign apart from its figure; a lone '-' there is a list's dash.
    let spaced = at(cs, j) == '+' && at(cs, j + 1) == ' ' && starts(j + 2);
    let signed = opts.sign && (matches!(at(cs, j), '-' | '+') && starts(j + 1) || spaced);
    if signed {
        j += if spaced { 2 } else { 1 };
    }
    let euro_before = if at(cs, j) == '€' {
        Some(run(cs, j + 1, |c| c == ' '))
    } else {
        word(cs, j, "eur").and_then(|e| after_space(cs, e))
    };
    j = euro_before.unwrap_or(j);
    let mut w = Written {
        value: 0.0,
        high: None,
        decimals: None,
        scale: Scale::One,
        kind: if euro_before.is_some() { Kind::Euro } else { Kind::Plain },
        qualifier: None,
        in_words: false,
    };
    let (mut low, mut high) = (None, None);
    if let Some((e, n)) = read_num(cs, j) {
        j = e;
        w.value = if at(cs, i) == '-' && signed { -n.value } else { n.value };
        w.decimals = Some(n.decimals);
        if let Some((e, h)) = read_range_high(cs, j, &n, euro_before.is_some(), opts.to_range) {
            j = e;
            w.high = Some(h.value);
            w.decimals = Some(n.decimals.max(h.decimals));
            high = Some(h);
        }
        low = Some(n);
    } else if !signed && euro_before.is_none() {
        let (e, v, kind) = read_words(cs, j)?;
        (j, w.value, w.kind, w.in_words) = (e, v, kind, true);
        if kind == Kind::Percent {
            return Some(Raw {
                start: i,
                body: i,
                end: j,
                w,
                low,
                high,
                signed,
            });
        }
    } else {
        return None;
    }
    if let Some((e, s)) = read_scale(cs, j, euro_before.is_some()) {
        (j, w.scale) = (e, s);
        // "€300k to €700k": a range whose ends each carry the scale.
        if high.is_none()
            && let Some(n) = &low
            && let Some((e, h)) = read_range_high(cs, j, n, euro_before.is_some(), opts.to_range)
            && let Some((e, s2)) = read_scale(cs, e, euro_before.is_some())
            && s2 == s
        {
            j = e;
            w.high = Some(h.value);
            w.decimals = Some(n.decimals.max(h.decimals));
            high = Some(h);
        }
    }
    if euro_before.is_none() {
        if let Some(e) = read_percent(cs, j) {
            (j, w.kind) = (e, Kind::Percent);
        } else if let Some(e) = read_currency_after(cs, j) {
            (j, w.kind) = (e, Kind::Euro);
        }
    }
    Some(Raw {
        start: i,
        body: i,
        end: j,
        w,
        low,
        high,
        signed,
    })
}

/// Digits with comma thousands groups of exactly three, and decimals ("21,980", "1.148", "2142").
fn read_num(cs: &[char], i: usize) -> Option<(usize, Num)> {
    let mut j = run(cs, i, is_digit);
    if j == i {
        return None;
    }
    let mut s: String = cs[i..j].iter().collect();
    let mut digits = j - i;
    let mut grouped = false;
    // "1,23" and "12,3456" stop before the comma, which then fails the boundary checks.
    while digits <= 3 || grouped {
        let group_ok = at(cs, j) == ',' && run(cs, j + 1, is_digit) == j + 4;
        if !group_ok {
            break;
        }
        s.extend(&cs[j + 1..j + 4]);
        (j, digits, grouped) = (j + 4, digits + 3, true);
    }
    let mut decimals = 0u8;
    if at(cs, j) == '.' && is_digit(at(cs, j + 1)) {
        let e = run(cs, j + 1, is_digit);
        s.push('.');
        s.extend(&cs[j + 1..e]);
        decimals = u8::try_from(e - j - 1).unwrap_or(u8::MAX);
        j = e;
    }
    let value = s.parse::<f64>().ok()?;
    Some((
        j,
        Num {
            value,
            decimals,
            digits,
            grouped,
        },
    ))
}

/// The high end of a range: "-800" (no spaces, '–' folded to '-') or " to 800", with an
/// optional repeated '€' in an euro amount ("€30-€40 million"). A year followed by " to " and
/// a non-year ("65% in 2019 to 81%") is not a range: "to" belongs to a change between figures.
fn read_range_high(cs: &[char], i: usize, low: &Num, euro: bool, to_range: bool) -> Option<(usize, Num)> {
    let spaced = at(cs, i) != '-';
    let k = if !spaced {
        i + 1
    } else if to_range {
        let a = after_space(cs, i)?;
        after_space(cs, word(cs, a, "to")?)?
    } else {
        return None;
    };
    let k = if euro && at(cs, k) == '€' { k + 1 } else { k };
    let (e, high) = read_num(cs, k)?;
    (!spaced || is_year(low) == is_year(&high)).then_some((e, high))
}

/// A scale word after optional spaces. The short forms "m"/"bn" are read after a space only in an
/// euro amount ("€5 m", "30 M€"), since "5 m" alone may be metres; "k" only in an euro amount
/// ("€300k"), since "5k" alone may be anything.
fn read_scale(cs: &[char], i: usize, euro: bool) -> Option<(usize, Scale)> {
    let k = run(cs, i, |c| c == ' ');
    const SCALES: [(&str, Scale); 6] = [
        ("thousand", Scale::Thousand),
        ("million", Scale::Million),
        ("billion", Scale::Billion),
        ("bn", Scale::Billion),
        ("m", Scale::Million),
        ("k", Scale::Thousand),
    ];
    SCALES.iter().find_map(|&(name, s)| {
        let e = word(cs, k, name)?;
        let short = name.len() <= 2;
        let euro_after = at(cs, run(cs, e, |c| c == ' ')) == '€';
        let euro_only = name == "k";
        (if euro_only {
            euro || euro_after
        } else {
            !short || k == i || euro || euro_after
        })
        .then_some((e, s))
    })
}

fn read_percent(cs: &[char], i: usize) -> Option<usize> {
    let k = run(cs, i, |c| c == ' ');
    if at(cs, k) == '%' {
        return Some(k + 1);
    }
    if k == i {
        return None;
    }
    word(cs, k, "percent").or_else(|| {
        word(cs, k, "per")
            .and_then(|e| after_space(cs, e))
            .and_then(|e| word(cs, e, "cent"))
    })
}

fn read_currency_after(cs: &[char], i: usize) -> Option<usize> {
    let k = run(cs, i, |c| c == ' ');
    if at(cs, k) == '€' {
        return Some(k + 1);
    }
    if k == i {
        return None;
    }
    ["euros", "euro", "eur"].iter().find_map(|w| word(cs, k, w))
}

const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
/// Fractions read as shares: (singular, plural, denominator).
const FRACTIONS: [(&str, &str, f64); 9] = [
    ("half", "halves", 2.0),
    ("third", "thirds", 3.0),
    ("quarter", "quarters", 4.0),
    ("fifth", "fifths", 5.0),
    ("sixth", "sixths", 6.0),
    ("seventh", "sevenths", 7.0),
    ("eighth", "eighths", 8.0),
    ("ninth", "ninths", 9.0),
    ("tenth", "tenths", 10.0),
];

/// 0–99 in words: "nine", "twenty-five", "twenty five".
fn read_small(cs: &[char], i: usize) -> Option<(usize, f64)> {
    for (k, t) in TENS.iter().enumerate() {
        if let Some(j) = word(cs, i, t) {
            let tens = (k as f64 + 2.0) * 10.0;
            if matches!(at(cs, j), '-' | ' ') {
                for (u, name) in UNITS.iter().enumerate().take(10).skip(1) {
                    if let Some(e) = word(cs, j + 1, name) {
                        return Some((e, tens + u as f64));
                    }
                }
            }
            return Some((j, tens));
        }
    }
    UNITS
        .iter()
        .enumerate()
        .find_map(|(u, name)| word(cs, i, name).map(|j| (j, u as f64)))
}

/// A number in words: counts ("nine", "two hundred and fifty", "a dozen"), multipliers ("twice"),
/// fractions ("a third", "two-thirds", "half") as shares in percent, and "a" before a scale word
/// ("a thousand": 1, the scale read after).
fn read_words(cs: &[char], i: usize) -> Option<(usize, f64, Kind)> {
    if let Some(j) = word(cs, i, "twice") {
        return Some((j, 2.0, Kind::Plain));
    }
    for (w, v, kind) in [
        ("half", 50.0, Kind::Percent),
        ("dozen", 12.0, Kind::Plain),
        ("hundred", 100.0, Kind::Plain),
    ] {
        if let Some(j) = word(cs, i, w) {
            return Some((j, v, kind));
        }
    }
    let article = word(cs, i, "a");
    let (j, n) = match article {
        Some(j) => (j, 1.0),
        None => read_small(cs, i)?,
    };
    if matches!(at(cs, j), ' ' | '-') {
        let k = j + 1;
        if let Some(e) = word(cs, k, "hundred") {
            // "two hundred and fifty", "two hundred fifty"
            let tail = after_space(cs, e)
                .map(|a| word(cs, a, "and").and_then(|b| after_space(cs, b)).unwrap_or(a))
                .and_then(|a| read_small(cs, a))
                .filter(|&(_, s)| s > 0.0);
            return Some(match tail {
                Some((e2, s)) => (e2, n * 100.0 + s, Kind::Plain),
                None => (e, n * 100.0, Kind::Plain),
            });
        }
        if let Some(e) = word(cs, k, "dozen") {
            return Some((e, n * 12.0, Kind::Plain));
        }
        for (one, many, d) in FRACTIONS {
            // Only proper fractions: "twenty third" is an ordinal, not 20/3.
            if n < d
                && let Some(e) = word(cs, k, one).or_else(|| word(cs, k, many))
            {
                return Some((e, n * 100.0 / d, Kind::Percent));
            }
        }
        if article.is_some()
            && ["thousand", "million", "billion"]
                .iter()
                .any(|w| word(cs, k, w).is_some())
        {
            return Some((j, 1.0, Kind::Plain));
        }
    }
    if article.is_some() {
        return None;
    }
    Some((j, n, Kind::Plain))
}

// ---------------------------------------------------------------------------------------------
// Exclusion rules

const MONTHS: &str = "january february march april may june july august september october november december \
    janvier février mars avril mai juin juillet août septembre octobre novembre décembre";
/// Words before a number that make it a reference to a part of a text.
const SECTION_WORDS: &str = "recommendation recommendations recommandation recommandations section sections \
    article articles art. r. l. d. chapter chapters chapitre appendix appendices annex annexe annexes no. nos. n° \
    footnote footnotes note notes paragraph part point table tables figure figures fig. axis objective";
const SIZE_UNITS: [&str; 8] = ["kb", "mb", "gb", "ko", "mo", "go", "bytes", "octets"];

fn is_month(w: &str) -> bool {
    MONTHS.split_whitespace().any(|m| m == w)
}

/// End of a 4-digit year at `i` (1000–2999, bare digits), if one is there.
fn year_at(cs: &[char], i: usize) -> Option<usize> {
    let e = run(cs, i, is_digit);
    (e == i + 4 && matches!(cs[i], '1' | '2') && !is_wordish(at(cs, e))).then_some(e)
}

fn is_year(n: &Num) -> bool {
    n.digits == 4 && n.bare_int().is_some_and(|v| (1900.0..=2099.0).contains(&v))
}

/// A bare figure: digits only, no qualifier, sign, currency, percent or scale.
fn is_bare(r: &Raw) -> bool {
    r.w.qualifier.is_none() && !r.signed && r.w.kind == Kind::Plain && r.w.scale == Scale::One && r.low.is_some()
}

/// "2018/2022": a year, a slash and a year are one figure.
fn extend_year_slash(cs: &[char], r: &mut Raw) {
    if is_bare(r)
        && r.high.is_none()
        && r.low.as_ref().is_some_and(is_year)
        && at(cs, r.end) == '/'
        && let Some(e) = year_at(cs, r.end + 1)
    {
        r.end = e;
        r.high = read_num(cs, r.end - 4).map(|(_, n)| n);
    }
}

/// A section path: at least two dot-separated parts among roman numerals, numbers of up to three
/// digits and single letters, with at least one number and one non-number ("I.2.b", "3.b"; not "1.5").
fn section_path(t: &Folded, i: usize) -> Option<usize> {
    let (cs, orig) = (&t.chars[..], &t.orig[..]);
    let (mut j, mut parts, mut numbers) = (i, 0, 0);
    loop {
        let d = run(cs, j, is_digit);
        let roman = run(orig, j, |c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'));
        let e = if d > j && d - j <= 3 {
            numbers += 1;
            d
        } else if roman > j && roman - j <= 4 && !at(cs, roman).is_alphabetic() {
            roman
        } else if at(cs, j).is_ascii_alphabetic() && !at(cs, j + 1).is_alphabetic() {
            j + 1
        } else {
            return None;
        };
        parts += 1;
        j = e;
        if at(cs, j) == '.' && is_wordish(at(cs, j + 1)) {
            j += 1;
        } else {
            break;
        }
    }
    (parts >= 2 && numbers >= 1 && numbers < parts && !is_wordish(at(cs, j))).then_some(j)
}

/// End of a URL or path starting at `i`: "http(s)://", "www." or "/a/b" (after a space or '(').
fn link_end(cs: &[char], i: usize) -> Option<usize> {
    let prev = if i == 0 { '\n' } else { cs[i - 1] };
    let url = ["http://", "https://", "www.", "ftp://"]
        .iter()
        .any(|s| lit(cs, i, s).is_some());
    // Cheap tests first: the token's end is only sought where a link may start, so that scanning
    // stays linear on long runs without spaces.
    let path_start = at(cs, i) == '/' && is_wordish(at(cs, i + 1)) && (prev == '(' || prev.is_whitespace());
    if !(url || path_start) {
        return None;
    }
    let end = run(cs, i, |c| {
        !(c.is_whitespace() || matches!(c, ')' | '>' | ']' | '"' | '<'))
    });
    (url || cs[i + 1..end].contains(&'/')).then_some(end)
}

/// The rule excluding a figure, if any, and its end (a date takes its month and year with it).
fn classify(t: &Folded, r: &Raw) -> (usize, Option<Rule>) {
    let cs = &t.chars[..];
    let (start, end) = (r.start, r.end);
    let next_word = after_space(cs, end);
    if next_word.is_some_and(|k| SIZE_UNITS.iter().any(|u| word(cs, k, u).is_some())) {
        return (end, Some(Rule::Link));
    }
    if phone_line(cs, start) {
        return (end, Some(Rule::Link));
    }
    if !is_bare(r) {
        return (end, None);
    }
    let Some(low) = &r.low else { return (end, None) };
    let int = low.bare_int();
    let line_start = cs[..start]
        .iter()
        .rev()
        .take_while(|&&c| c != '\n')
        .all(|&c| c == ' ' || c == '\t');
    let after = run(cs, end, |c| c == ' ');
    if int.is_some() && r.high.is_none() {
        if line_start && matches!(at(cs, after), '.' | ')' | '/') && at(cs, after + 1).is_whitespace() {
            return (end, Some(Rule::ListNumber));
        }
        if page_number(cs, start, end) {
            return (end, Some(Rule::PageNumber));
        }
    }
    let before = prev_word(cs, start);
    if start > 0 && cs[start - 1] == '°' {
        return (end, Some(Rule::SectionNumber));
    }
    if matches!(before.as_str(), "page" | "pages" | "p." | "pp.") {
        return (end, Some(Rule::PageNumber));
    }
    if SECTION_WORDS.split_whitespace().any(|w| w == before) {
        return (end, Some(Rule::SectionNumber));
    }
    if r.high.is_none() && low.digits <= 2 && int.is_some_and(|v| (1.0..=31.0).contains(&v)) {
        // "27 May 2021", "11 December", "April 2", "April 2 and 4, 2025"
        let month_after = next_word.and_then(|k| MONTHS.split_whitespace().find_map(|m| word(cs, k, m)));
        if let Some(m) = month_after {
            return (
                after_space(cs, m).and_then(|k| year_at(cs, k)).unwrap_or(m),
                Some(Rule::Date),
            );
        }
        let comma_year = (at(cs, end) == ',')
            .then(|| after_space(cs, end + 1))
            .flatten()
            .and_then(|k| year_at(cs, k));
        // "between 2 and 4 April": the first day shares the month of the second.
        let paired = next_word
            .and_then(|k| ["and", "to", "au", "et"].iter().find_map(|w| word(cs, k, w)))
            .and_then(|e| after_space(cs, e))
            .map(|k| (k, run(cs, k, is_digit)))
            .and_then(|(k, d)| (d > k && d - k <= 2).then(|| after_space(cs, d)).flatten())
            .is_some_and(|k| MONTHS.split_whitespace().any(|m| word(cs, k, m).is_some()));
        if paired {
            return (end, Some(Rule::Date));
        }
        // A few words back only: "April 2 and 4, 2025".
        let window = &cs[start.saturating_sub(40)..start];
        let month_near = || (1..=4).any(|n| is_month(&nth_prev_word(window, window.len(), n)));
        if is_month(&before) || comma_year.is_some() && month_near() {
            return (comma_year.unwrap_or(end), Some(Rule::Date));
        }
    }
    let high_is_year = |h: &Num| is_year(h) || h.digits == 2 && h.bare_int().is_some();
    if is_year(low) && r.high.as_ref().is_none_or(high_is_year) {
        return (end, Some(Rule::Year));
    }
    (end, None)
}

/// Whether the line at `i` holds only a phone number ("+33 1 23 45 67 89"): four or more digit
/// groups and nothing but digits, spaces and "+.()-". Contact details are not figures either.
fn phone_line(cs: &[char], i: usize) -> bool {
    // Only short lines are looked at, which keeps long paragraphs linear to scan.
    let (s, e) = (i.saturating_sub(40), (i + 40).min(cs.len()));
    let (s, e) = (
        run_back(&cs[s..i], i - s, |c| c != '\n') + s,
        run(&cs[..e], i, |c| c != '\n'),
    );
    let line = &cs[s..e];
    let whole = (s == 0 || cs[s - 1] == '\n') && at(cs, e) == '\n';
    let groups = line
        .iter()
        .zip(line.iter().skip(1))
        .filter(|&(a, b)| !is_digit(*a) && is_digit(*b))
        .count();
    whole
        && groups >= 3
        && line
            .iter()
            .all(|&c| is_digit(c) || matches!(c, ' ' | '+' | '.' | '(' | ')' | '-'))
}

/// The `n`th word before `i` (1 is the word just before), letters only.
fn nth_prev_word(cs: &[char], i: usize, n: usize) -> String {
    let mut j = i;
    for _ in 1..n {
        j = run_back(cs, run_back(cs, j, |c| !c.is_alphabetic()), char::is_alphabetic);
    }
    let e = run_back(cs, j, |c| !c.is_alphabetic());
    cs[run_back(cs, e, char::is_alphabetic)..e].iter().collect()
}

/// Start of the run of chars satisfying `f` ending at `i`.
fn run_back(cs: &[char], mut i: usize, f: fn(char) -> bool) -> usize {
    while i > 0 && f(cs[i - 1]) {
        i -= 1;
    }
    i
}

/// A number ending a table-of-contents line: after a tab or dot leaders, at the end of its line.
fn page_number(cs: &[char], start: usize, end: usize) -> bool {
    if at(cs, run(cs, end, |c| c == ' ' || c == '\t')) != '\n' {
        return false;
    }
    let b = run_back(cs, start, |c| c == ' ' || c == '\t');
    let tab = cs[b..start].contains(&'\t');
    let leaders = b >= 2 && cs[b - 1] == '.' && cs[b - 2] == '.' || b >= 1 && cs[b - 1] == '…';
    let text_before = cs[..b]
        .iter()
        .rev()
        .take_while(|&&c| c != '\n')
        .any(|c| c.is_alphabetic());
    (tab || leaders) && text_before
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
