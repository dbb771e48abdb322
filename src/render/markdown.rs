//! Text from the data written into Markdown (`summary.md`): shown as written, never read as HTML or
//! as Markdown syntax, in a table cell, a heading, a paragraph or a list item alike.
//!
//! `<`, `>` and `&` become entities, so no tag, comment, autolink or entity of the data reaches a
//! viewer that passes HTML through. The characters that open inline syntax (emphasis, code spans,
//! links, images, strikethrough, math) and `|`, which splits a table row, are escaped with a
//! backslash, which CommonMark allows before any ASCII punctuation and shows as the character
//! alone. Line breaks become spaces and the text is trimmed, so that it stays on its line and can
//! open no block (list item, heading, code block) there.

use std::fmt::Write as _;

/// Punctuation escaped wherever it stands: each can open or close inline syntax, or split a
/// table row (`|`), or close a heading (`#`), in CommonMark, GitHub Flavored Markdown or GitHub's
/// math (`$`).
const ESCAPED: &[char] = &['\\', '`', '*', '[', ']', '|', '~', '#', '$'];

/// `s` as Markdown text that shows as written, on one line. See the module's documentation.
pub fn text(s: &str) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let s = one_line.trim();
    let mut out = String::with_capacity(s.len() + 8);
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // Between two letters or digits `_` opens and closes nothing (`staff_ratio`).
            '_' if !(i > 0
                && chars[i - 1].is_alphanumeric()
                && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric())) =>
            {
                out.push_str("\\_");
            }
            c if ESCAPED.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    escape_block_start(&out)
}

/// `s` with what would open a block at the start of a line escaped: a list item (`- `, `+ `,
/// `1. `, `1) `), a thematic break (`---`) or a setext underline (`=`).
fn escape_block_start(s: &str) -> String {
    let mut chars = s.chars();
    let first = chars.next();
    let second = chars.next();
    let blank_or_end = second.is_none_or(char::is_whitespace);
    match first {
        Some('-') if blank_or_end || second == Some('-') => return format!("\\{s}"),
        Some('+') if blank_or_end => return format!("\\{s}"),
        Some('=') => return format!("\\{s}"),
        _ => {}
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let after = s[digits..].chars().nth(1);
    if (1..=9).contains(&digits) && s[digits..].starts_with(['.', ')']) && after.is_none_or(char::is_whitespace) {
        return format!("{}\\{}", &s[..digits], &s[digits..]);
    }
    s.to_string()
}

/// `s` as a code span: fenced by more backticks than it holds in a row, padded with a space where
/// it starts or ends with a backtick or a space (which the fence would otherwise eat), on one
/// line. Empty text gives nothing (an empty code span does not exist). Not for table cells, where
/// GitHub splits a row at a `|` even inside a code span: use [`text`] there.
pub fn code(s: &str) -> String {
    if s.is_empty() {
        return String::new();
    }
    let s: String = s
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with(['`', ' ']) || s.ends_with(['`', ' ']) {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// A link whose text is `label` (escaped as [`text`]) and whose destination is `dest`, every byte
/// of it but letters, digits and `-._~/` percent-encoded so that it cannot end the link early.
pub fn link(label: &str, dest: &str) -> String {
    let mut d = String::with_capacity(dest.len());
    for b in dest.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            d.push(char::from(b));
        } else {
            let _ = write!(d, "%{b:02X}");
        }
    }
    format!("[{}]({d})", text(label))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_entities_and_syntax_is_escaped() {
        assert_eq!(text("<svg onload=alert(1)>"), "&lt;svg onload=alert(1)&gt;");
        assert_eq!(text("R&D &amp; more"), "R&amp;D &amp;amp; more");
        assert_eq!(text("a | b"), "a \\| b");
        assert_eq!(
            text("*bold* `code` [x](y) ~~s~~ $m$ #"),
            "\\*bold\\* \\`code\\` \\[x\\](y) \\~\\~s\\~\\~ \\$m\\$ \\#"
        );
        assert_eq!(text("back\\slash"), "back\\\\slash");
        assert_eq!(text("line\nbreak\r\nthere"), "line break  there");
    }

    #[test]
    fn underscores_inside_words_stay_as_they_are() {
        assert_eq!(text("staff_ratio"), "staff_ratio");
        assert_eq!(text("_x_ and y_ and _z"), "\\_x\\_ and y\\_ and \\_z");
    }

    #[test]
    fn text_opens_no_block() {
        assert_eq!(text("  - item"), "\\- item");
        assert_eq!(text("---"), "\\---");
        assert_eq!(text("+ x"), "\\+ x");
        assert_eq!(text("+38.3%"), "+38.3%");
        assert_eq!(text("−2.6%"), "−2.6%");
        assert_eq!(text("1. first"), "1\\. first");
        assert_eq!(text("2023) x"), "2023\\) x");
        assert_eq!(text("2023"), "2023");
        assert_eq!(text("8,691 persons"), "8,691 persons");
        assert_eq!(text("== x"), "\\== x");
        assert_eq!(text("> quote"), "&gt; quote");
        assert_eq!(text("    indented"), "indented");
    }

    #[test]
    fn code_spans_are_fenced_longer_than_their_backticks() {
        assert_eq!(code("hceres2025"), "`hceres2025`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x``"), "``` `x`` ```");
        assert_eq!(code(" a"), "`  a `");
        assert_eq!(code(""), "");
    }

    #[test]
    fn link_destinations_cannot_be_closed_early() {
        assert_eq!(
            link("tables/a_b.csv", "tables/a_b.csv"),
            "[tables/a_b.csv](tables/a_b.csv)"
        );
        assert_eq!(link("x", "a) <b>"), "[x](a%29%20%3Cb%3E)");
    }
}
