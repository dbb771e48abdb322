//! Control characters in the data's texts: none may hold one but tab and line breaks, as pages,
//! tables and terminals would show it raw or not at all. The reader rejects them where they are
//! written, in CSV fields and in TOML strings and keys.

/// What a text holding a control character should have held.
pub(crate) const CONTROL_EXPECTED: &str = "text without control characters (tab and line breaks aside)";

/// Whether `c` is a control character, which no text of the data may hold but tab and line
/// breaks: pages, tables and terminals would show it raw or not at all.
fn forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// The first control character `field` holds that no text may (see [`forbidden_control`]): a
/// byte test first, as fields run to hundreds of megabytes in a panel.
pub(crate) fn control_in(field: &str) -> Option<char> {
    // C0 controls and DEL are single bytes; C1 controls start with 0xC2.
    let plain = |b: u8| (b >= 0x20 && b != 0x7f && b != 0xc2) || matches!(b, b'\t' | b'\n' | b'\r');
    if field.bytes().all(plain) {
        return None;
    }
    field.chars().find(|&c| forbidden_control(c))
}

/// Byte offsets of the strings (keys and values) of a TOML document that hold a control
/// character no text may, with the character. TOML's escapes (`\u001b`) can write them.
pub(crate) fn toml_controls(text: &str) -> Vec<(usize, char)> {
    use toml::de::{DeTable, DeValue};
    fn table(t: &DeTable, out: &mut Vec<(usize, char)>) {
        for (k, v) in t {
            if let Some(c) = control_in(k.get_ref()) {
                out.push((k.span().start, c));
            }
            value(v.get_ref(), v.span().start, out);
        }
    }
    fn value(v: &DeValue, at: usize, out: &mut Vec<(usize, char)>) {
        match v {
            DeValue::String(s) => out.extend(control_in(s).map(|c| (at, c))),
            DeValue::Array(a) => a.iter().for_each(|x| value(x.get_ref(), x.span().start, out)),
            DeValue::Table(t) => table(t, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(doc) = DeTable::parse(text) {
        table(doc.get_ref(), &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn finds_c0_c1_and_del_but_not_tab_line_breaks_or_latin_1_text() {
        assert_eq!(control_in("a\u{1b}[31m"), Some('\u{1b}'));
        assert_eq!(control_in("next\u{85}line"), Some('\u{85}'));
        assert_eq!(control_in("x\u{7f}"), Some('\u{7f}'));
        assert_eq!(control_in("a\tb\nc\r\nd"), None);
        assert_eq!(control_in("°C, «Hcéres», no\u{a0}break"), None);
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
        fn the_byte_test_agrees_with_the_characters(s in "\\PC{0,12}|[\\x00-\\x{a0}]{0,12}") {
            prop_assert_eq!(control_in(&s), s.chars().find(|&c| forbidden_control(c)));
        }
    }
}
