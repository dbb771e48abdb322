//! What the `csv` crate does not say about a CSV file's text: the physical line a record starts
//! on, and quotes that swallow rows.
//!
//! The crate positions a record where the previous one ended, before the line breaks and blank
//! lines it skips, so its line numbers are off after a blank line and in CRLF files. It also
//! reads a quote that is never closed as a field running to the end of the file, and a quote
//! followed by more text as part of the field: both turn the rows after them into one field's
//! text without an error. The scan here follows csv-core's rules for the reader's settings
//! (double quotes, no escape character, `\r`, `\n` or `\r\n` ending a record).

/// Whether `b` ends a record (csv-core's default terminator: `\r`, `\n`, or both).
fn is_break(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

/// Physical line numbers of byte offsets of one file, counted as the offsets advance: a line
/// ends at `\n`, `\r\n` or a lone `\r`, as csv-core ends records there.
pub(crate) struct Lines<'t> {
    text: &'t [u8],
    /// Whether `text` has a carriage return: without one, a line ends at each `\n` alone.
    carriage_returns: bool,
    /// The offset counted up to, and its line.
    at: usize,
    line: u64,
}

impl<'t> Lines<'t> {
    /// Lines of `text`, counted from its start.
    pub(crate) fn new(text: &'t [u8]) -> Lines<'t> {
        Lines {
            text,
            carriage_returns: text.contains(&b'\r'),
            at: 0,
            line: 1,
        }
    }

    /// Where the record that csv positions at byte `pos` starts, and its physical line: after
    /// the line breaks csv skips before it.
    pub(crate) fn record(&mut self, pos: u64) -> (usize, u64) {
        let mut start = usize::try_from(pos).unwrap_or(usize::MAX).min(self.text.len());
        while self.text.get(start).is_some_and(|&b| is_break(b)) {
            start += 1;
        }
        (start, self.line_at(start))
    }

    /// The physical line of byte `to`. Linear over a file when asked in increasing order, as
    /// records are read; an earlier offset is counted again from the start.
    pub(crate) fn line_at(&mut self, to: usize) -> u64 {
        let to = to.min(self.text.len());
        if to < self.at {
            (self.at, self.line) = (0, 1);
        }
        let text = self.text;
        if self.carriage_returns {
            for (i, &b) in text.iter().enumerate().take(to).skip(self.at) {
                if b == b'\n' || (b == b'\r' && text.get(i + 1) != Some(&b'\n')) {
                    self.line += 1;
                }
            }
        } else {
            // A count the compiler vectorises: most files end their lines with `\n` alone.
            let breaks = text
                .get(self.at..to)
                .unwrap_or_default()
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.line += breaks as u64;
        }
        self.at = to;
        self.line
    }
}

/// A quote that makes one record swallow the rows after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QuoteProblem {
    /// A quoted field the file ends in: the offset of its opening quote, and the field's
    /// position in the record (0-based).
    Unclosed { quote: usize, field: usize },
    /// Text after the quote that closes a field (spaces aside) where a comma or the end of the
    /// line must follow: the field's opening quote and position, and the offset of the text.
    TextAfter { quote: usize, field: usize, text: usize },
    /// A quoted field that runs on over a line that reads as a whole row of the file (as many
    /// commas as a row has): a quote left open that a later quote happens to close. The field's
    /// opening quote and position, and the offset of that line.
    Swallows { quote: usize, field: usize, row: usize },
}

impl QuoteProblem {
    /// Where the problem is, for a message: the line of the field's opening quote and the
    /// field's position (0-based); and what was expected there and found instead.
    pub(crate) fn describe(self, text: &[u8], lines: &mut Lines) -> (u64, usize, &'static str, String) {
        let (Self::Unclosed { quote, field }
        | Self::TextAfter { quote, field, .. }
        | Self::Swallows { quote, field, .. }) = self;
        let line = lines.line_at(quote);
        let (expected, found) = match self {
            Self::Unclosed { .. } => (
                "a closing quote for the field this quote opens",
                "none before the end of the file, which would read every row after it into this field".to_string(),
            ),
            Self::Swallows { row, .. } => (
                "a closing quote for the field this quote opens, before the line break",
                format!(
                    "none before line {}, a whole row, which would read that row and those after it into this field",
                    lines.line_at(row)
                ),
            ),
            Self::TextAfter { text: at, .. } => {
                let rest = text.get(at..).unwrap_or_default();
                let end = rest.iter().position(|&b| is_break(b)).unwrap_or(rest.len());
                let after: String = String::from_utf8_lossy(&rest[..end]).chars().take(24).collect();
                (
                    "a comma or the end of the line after the quote that closes this field",
                    format!("{after:?} after it on line {}", lines.line_at(at)),
                )
            }
        };
        (line, field, expected, found)
    }
}

/// The quote problem of the record that starts at byte `start` of `text`, if it has one. A file
/// of `columns` columns (0: unknown) has rows of `columns - 1` commas: a quoted field that runs on
/// over such a line has swallowed a row.
pub(crate) fn quote_problem(text: &[u8], start: usize, columns: usize) -> Option<QuoteProblem> {
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        /// A quote inside a quoted field: closing it, or the first of two that write one.
        QuoteInQuoted,
        /// Spaces after a closing quote.
        AfterClose,
    }
    // Only a quote opens a field that can run on: a line without one (nearly every row) has no
    // problem, found without the state machine.
    let rest = text.get(start..).unwrap_or_default();
    let line = rest.iter().position(|&b| is_break(b)).map_or(rest, |end| &rest[..end]);
    if !line.contains(&b'"') {
        return None;
    }
    let mut state = State::FieldStart;
    let (mut field, mut quote) = (0, 0);
    for (i, &b) in text.iter().enumerate().skip(start) {
        state = match state {
            State::FieldStart | State::Unquoted if is_break(b) => return None,
            State::FieldStart | State::Unquoted if b == b',' => {
                field += 1;
                State::FieldStart
            }
            State::FieldStart if b == b'"' => {
                quote = i;
                State::Quoted
            }
            State::FieldStart | State::Unquoted => State::Unquoted,
            State::Quoted if b == b'"' => State::QuoteInQuoted,
            State::Quoted if is_break(b) && columns >= 3 && reads_as_row(text, i, columns) => {
                let row = i + 1 + usize::from(b == b'\r' && text.get(i + 1) == Some(&b'\n'));
                return Some(QuoteProblem::Swallows { quote, field, row });
            }
            State::Quoted => State::Quoted,
            State::QuoteInQuoted if b == b'"' => State::Quoted,
            State::QuoteInQuoted | State::AfterClose if is_break(b) => return None,
            State::QuoteInQuoted | State::AfterClose if b == b',' => {
                field += 1;
                State::FieldStart
            }
            State::QuoteInQuoted | State::AfterClose if b == b' ' || b == b'\t' => State::AfterClose,
            State::QuoteInQuoted | State::AfterClose => {
                return Some(QuoteProblem::TextAfter { quote, field, text: i });
            }
        };
    }
    match state {
        State::Quoted => Some(QuoteProblem::Unclosed { quote, field }),
        _ => None,
    }
}

/// Whether the line after the break at `at` holds as many commas as a row of `columns` columns.
fn reads_as_row(text: &[u8], at: usize, columns: usize) -> bool {
    let rest = text.get(at + 1..).unwrap_or_default();
    let rest = rest.strip_prefix(b"\n").filter(|_| text[at] == b'\r').unwrap_or(rest);
    let end = rest.iter().position(|&b| is_break(b)).unwrap_or(rest.len());
    rest[..end].iter().filter(|&&b| b == b',').count() >= columns - 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The physical line of each record csv reads from `text`.
    fn record_lines(text: &str) -> Vec<u64> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut lines = Lines::new(text.as_bytes());
        rdr.records()
            .map(|r| lines.record(r.unwrap().position().unwrap().byte()).1)
            .collect()
    }

    #[test]
    fn records_are_on_their_physical_lines() {
        assert_eq!(record_lines("h\na\nb\n"), [1, 2, 3]);
        // CRLF, where csv counts one line short.
        assert_eq!(record_lines("h\r\na\r\nb\r\n"), [1, 2, 3]);
        // Blank lines, which csv skips without counting.
        assert_eq!(record_lines("h\n\n\na\n\r\n\nb"), [1, 4, 7]);
        // Lone carriage returns end lines too.
        assert_eq!(record_lines("h\ra\r\rb"), [1, 2, 4]);
        // A quoted field over two lines: the next record is on the third.
        assert_eq!(record_lines("h\n\"a\r\nb\",c\nd\n"), [1, 2, 4]);
        // Leading blank lines before the first record.
        assert_eq!(record_lines("\r\n\nh\n"), [3]);
    }

    /// A quoted field running on over a line with a row's commas has swallowed that row; over a
    /// line of prose it is a note on two lines.
    #[test]
    fn a_field_over_a_line_with_a_rows_commas_has_swallowed_it() {
        let text = b"a,b,\"open\nx,y,z\"\n";
        assert_eq!(
            quote_problem(text, 0, 3),
            Some(QuoteProblem::Swallows {
                quote: 4,
                field: 2,
                row: 10
            })
        );
        assert_eq!(quote_problem(b"a,b,\"two\r\nlines\"\n", 0, 3), None);
        // Unknown columns: not looked for.
        assert_eq!(quote_problem(text, 0, 0), None);
    }

    #[test]
    fn an_earlier_offset_is_counted_again() {
        let mut lines = Lines::new(b"a\nb\nc");
        assert_eq!(lines.line_at(4), 3);
        assert_eq!(lines.line_at(2), 2);
        assert_eq!(lines.line_at(99), 3);
    }

    #[test]
    fn finds_quotes_left_open_and_text_after_a_closing_quote() {
        let problem = |s: &str| quote_problem(s.as_bytes(), 0, 0);
        assert_eq!(problem("a,\"b\",c\n\"d"), None);
        assert_eq!(problem("a,\"b\nc\"\"d\",e"), None);
        assert_eq!(problem("a,\"b\" ,\"\"\n"), None);
        assert_eq!(problem("a,b\"c,d"), None);
        assert_eq!(
            problem("a,b,\"c\nd,e,f\n"),
            Some(QuoteProblem::Unclosed { quote: 4, field: 2 })
        );
        assert_eq!(
            problem("a,\"b\nc,\"d\",e\n"),
            Some(QuoteProblem::TextAfter {
                quote: 2,
                field: 1,
                text: 8
            })
        );
        assert_eq!(
            problem("\"a\" b,c"),
            Some(QuoteProblem::TextAfter {
                quote: 0,
                field: 0,
                text: 4
            })
        );
        // Only the record from `start` counts.
        assert_eq!(quote_problem(b"\"x\ny\n", 3, 0), None);
    }

    proptest! {
        /// Any text: lines counted as they advance are those counted from the start; a quote left
        /// open is in csv's last record, in its last field.
        #[test]
        fn agrees_with_counting_from_the_start_and_with_csv(s in "[a\",\r\n ]{0,24}") {
            let bytes = s.as_bytes();
            let mut lines = Lines::new(bytes);
            for to in 0..=bytes.len() {
                let before = &bytes[..to];
                let expected = 1 + before
                    .iter()
                    .enumerate()
                    .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
                    .count() as u64;
                prop_assert_eq!(lines.line_at(to), expected);
            }
            let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
            let mut starts = Lines::new(bytes);
            let records: Vec<_> = rdr.byte_records().map(|r| r.unwrap()).collect();
            for (k, r) in records.iter().enumerate() {
                let (start, _) = starts.record(r.position().unwrap().byte());
                match quote_problem(bytes, start, 0) {
                    // Left open: the last record.
                    Some(QuoteProblem::Unclosed { field, .. }) => {
                        prop_assert_eq!(k + 1, records.len());
                        prop_assert_eq!(field + 1, r.len());
                    }
                    Some(QuoteProblem::TextAfter { field, .. }) => prop_assert!(field < r.len()),
                    // Not looked for without a number of columns.
                    Some(QuoteProblem::Swallows { .. }) => prop_assert!(false, "a row swallowed with no columns given"),
                    None => {}
                }
            }
        }
    }
}
