//! What a settings file (TOML) checks of itself once parsed: the problems its types cannot
//! catch, each located at the text it is written at. The reader reports them; the settings types
//! (`organisation.toml`, `domains.toml`, `report.toml`) implement [`Checked`].

/// A problem of a settings file that its types cannot catch (a reference, a range, a rule between
/// keys): what was expected and found, and the text it is written at.
pub struct Problem {
    /// Text the problem is written at, as the file writes it.
    pub needle: String,
    /// What was expected: the message's "expected …".
    pub expected: String,
    /// What was found instead.
    pub found: String,
    /// Where in the file it is, when the value is written more than once (a repeated id whose
    /// first writing is valid): a byte range, from a `toml::Spanned` value.
    pub span: Option<std::ops::Range<usize>>,
    /// The key (a path of tables, then the key) whose value the problem is about, where
    /// `needle` could match elsewhere first (a comment, another key).
    pub key: Option<&'static [&'static str]>,
}

impl Problem {
    /// A problem at the first place the file writes `needle`.
    pub fn new(needle: impl Into<String>, expected: impl Into<String>, found: impl Into<String>) -> Problem {
        Problem {
            needle: needle.into(),
            expected: expected.into(),
            found: found.into(),
            span: None,
            key: None,
        }
    }

    /// The same problem, at the value of `key`: tables, then the key (`["report", "title"]`).
    pub fn at_key(mut self, key: &'static [&'static str]) -> Problem {
        self.key = Some(key);
        self
    }

    /// The same problem, at byte range `span` of the file rather than where `needle` is first
    /// written.
    pub fn at_span(mut self, span: std::ops::Range<usize>) -> Problem {
        self.span = Some(span);
        self
    }
}

/// Settings that check their own content once parsed, against what was read before them (`C`:
/// e.g. the dataset's domains for the report definition).
pub trait Checked<C = ()> {
    /// What is wrong with the settings read, against `context`; empty when nothing is.
    fn problems(&self, context: &C) -> Vec<Problem>;

    /// Where and why `text` fails to deserialise, when the deserialiser's own error cannot say
    /// (a value read through a buffer that forgets its place): a byte range and a message.
    fn locate_error(_text: &str) -> Option<(std::ops::Range<usize>, String)> {
        None
    }
}
