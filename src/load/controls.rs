//! Characters the data's texts may not hold, and texts that show nothing. No text may hold a
//! control character but tab and line breaks, as pages, tables and terminals would show it raw or
//! not at all; nor a bidirectional override or isolate, which reorders what a reader sees of the
//! text around it. The reader rejects them where they are written, in CSV fields and in TOML
//! strings and keys. A title must show something: one made only of spaces and invisible
//! characters is refused where titles are checked.

/// What a text holding a control character should have held.
pub(crate) const CONTROL_EXPECTED: &str = "text without control characters (tab and line breaks aside)";
/// What a text holding a bidirectional override or isolate should have held.
pub(crate) const BIDI_EXPECTED: &str =
    "text without bidirectional overrides or isolates (U+202A to U+202E, U+2066 to U+2069)";

/// Whether `c` is a control character, which no text of the data may hold but tab and line
/// breaks: pages, tables and terminals would show it raw or not at all.
fn forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Whether `c` overrides or isolates the direction of the text around it: a title could then
/// read differently from the characters it holds.
fn bidi_override(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` is a character no text may hold (see [`forbidden_control`], [`bidi_override`]).
fn forbidden(c: char) -> bool {
    forbidden_control(c) || bidi_override(c)
}

/// The first character `field` holds that no text may (see [`forbidden`]): a byte test first, as
/// fields run to hundreds of megabytes in a panel.
pub(crate) fn control_in(field: &str) -> Option<char> {
    // C0 controls and DEL are single bytes; C1 controls start with 0xC2, the overrides and
    // isolates with 0xE2.
    let plain = |b: u8| (b >= 0x20 && b != 0x7f && b != 0xc2 && b != 0xe2) || matches!(b, b'\t' | b'\n' | b'\r');
    if field.bytes().all(plain) {
        return None;
    }
    field.chars().find(|&c| forbidden(c))
}

/// What a text holding `c` (found by [`control_in`]) should have held.
pub(crate) fn expected_without(c: char) -> &'static str {
    if bidi_override(c) {
        BIDI_EXPECTED
    } else {
        CONTROL_EXPECTED
    }
}

/// Whether `c` shows nothing: white space, the zero-width characters, and the format characters
/// (Unicode's category Cf) a title could be made of.
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// Whether `s` shows nothing: empty, or only white space and invisible characters. A title,
/// a name or a label must show something.
pub(crate) fn blank(s: &str) -> bool {
    s.chars().all(invisible)
}

/// Calls `f` with the byte offset and the text of every string (key and value) of a TOML
/// document; nothing if it does not parse (its parse error is reported instead).
pub(crate) fn each_toml_text(text: &str, mut f: impl FnMut(usize, &str)) {
    use toml::de::{DeTable, DeValue};
    fn table(t: &DeTable, f: &mut dyn FnMut(usize, &str)) {
        for (k, v) in t {
            f(k.span().start, k.get_ref());
            value(v.get_ref(), v.span().start, f);
        }
    }
    fn value(v: &DeValue, at: usize, f: &mut dyn FnMut(usize, &str)) {
        match v {
            DeValue::String(s) => f(at, s),
            DeValue::Array(a) => a.iter().for_each(|x| value(x.get_ref(), x.span().start, f)),
            DeValue::Table(t) => table(t, f),
            _ => {}
        }
    }
    if let Ok(doc) = DeTable::parse(text) {
        table(doc.get_ref(), &mut f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Byte offsets of the strings of a TOML document that hold a character no text may.
    fn toml_controls(text: &str) -> Vec<(usize, char)> {
        let mut out = Vec::new();
        each_toml_text(text, |at, s| out.extend(control_in(s).map(|c| (at, c))));
        out
    }

    #[test]
    fn finds_c0_c1_and_del_but_not_tab_line_breaks_or_latin_1_text() {
        assert_eq!(control_in("a\u{1b}[31m"), Some('\u{1b}'));
        assert_eq!(control_in("next\u{85}line"), Some('\u{85}'));
        assert_eq!(control_in("x\u{7f}"), Some('\u{7f}'));
        assert_eq!(control_in("a\tb\nc\r\nd"), None);
        assert_eq!(control_in("°C, «Hcéres», no\u{a0}break"), None);
    }

    #[test]
    fn finds_bidirectional_overrides_and_isolates_but_not_dashes_or_quotes() {
        assert_eq!(control_in("abc\u{202E}fed"), Some('\u{202E}'));
        assert_eq!(control_in("x\u{2066}y"), Some('\u{2066}'));
        assert_eq!(expected_without('\u{202E}'), BIDI_EXPECTED);
        assert_eq!(expected_without('\u{7}'), CONTROL_EXPECTED);
        // Other characters whose UTF-8 starts with 0xE2 are text.
        assert_eq!(control_in("2019–2023 “quoted” … €"), None);
    }

    #[test]
    fn titles_of_spaces_and_invisible_characters_are_blank() {
        for s in [
            "",
            "   ",
            "\u{200B}",
            "\u{200B}\u{200C}\u{200D}",
            "\u{FEFF} \u{2060}",
            "\u{00AD}\u{3164}",
        ] {
            assert!(blank(s), "{s:?}");
        }
        for s in ["a", "\u{200B}a", " é ", "\u{1F4DA}"] {
            assert!(!blank(s), "{s:?}");
        }
    }

    #[test]
    fn finds_them_in_toml_strings_and_keys_at_their_place() {
        let text = "a = \"ok\"\n\"k\\u0007\" = 1\n[t]\nb = [\"x\", \"y\\u0085\"]\n";
        let found = toml_controls(text);
        let at = |needle: &str| text.find(needle).unwrap();
        assert_eq!(found, vec![(at("\"k"), '\u{7}'), (at("\"y"), '\u{85}')]);
    }

    proptest! {
        /// The byte test decides as a scan of the characters would.
        #[test]
        fn the_byte_test_agrees_with_the_characters(s in "\\PC{0,12}|[\\x00-\\x{a0}]{0,12}|[\\x{2000}-\\x{2070}a]{0,12}") {
            prop_assert_eq!(control_in(&s), s.chars().find(|&c| forbidden(c)));
        }
    }
}
