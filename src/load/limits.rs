//! The limits the outputs set on the texts of the data, in one place, so that `validate` refuses
//! at its file, line and column what `report` could not write. Each limit names the output that
//! imposes it:
//!
//! - a text: at most [`CELL_UNITS`] UTF-16 units, the most an Excel cell holds
//!   (`workbook.xlsx` writes every text of the data into a cell, and its writer refuses longer);
//! - an address (`url` of `sources.csv`): at most [`URL_UNITS`], the most the workbook's writer
//!   takes for a hyperlink (Excel's documented 2,083 less its own margin);
//! - a name that becomes a file or directory name (a chart's `name`, a declared domain's `id`,
//!   an organisation's `id`): at most [`NAME_BYTES`] bytes with the extension the writer adds,
//!   the most a name may have on the common file systems;
//! - a title that names a worksheet: at most `schema::MAX_TITLE_CHARS`, checked with the
//!   other rules of sheet names where domains are read (`domains.rs`).

/// Most UTF-16 units of an Excel cell's text.
pub const CELL_UNITS: usize = 32_767;
/// Most UTF-16 units of a hyperlink's address the workbook's writer (rust_xlsxwriter) takes.
pub const URL_UNITS: usize = 2_080;
/// Most bytes of one component of a path (ext4, APFS, btrfs; NTFS counts 255 UTF-16 units).
pub const NAME_BYTES: usize = 255;

/// A limit of an output on a text of the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// A text written into a workbook cell.
    Cell,
    /// An address written as a workbook hyperlink.
    Url,
    /// A name written as a file or directory name, followed by `suffix` (an extension).
    FileName {
        /// What the writer appends to the name (`.svg`), or nothing.
        suffix: &'static str,
    },
}

/// UTF-16 units of `s`, as Excel counts a text's length. No more than its UTF-8 bytes.
fn units(s: &str) -> usize {
    s.encode_utf16().count()
}

impl Limit {
    /// What a text beyond the limit should have been, and what it was instead; None if `text`
    /// is within it.
    pub fn fault(self, text: &str) -> Option<(String, String)> {
        // UTF-16 units never outnumber UTF-8 bytes: most texts are passed on their byte length.
        match self {
            Limit::Cell if text.len() > CELL_UNITS && units(text) > CELL_UNITS => Some((
                format!("a text of at most {CELL_UNITS} characters (UTF-16 units), the most an Excel cell holds"),
                format!("{} characters", units(text)),
            )),
            Limit::Url if text.len() > URL_UNITS && units(text) > URL_UNITS => Some((
                format!(
                    "an address of at most {URL_UNITS} characters (UTF-16 units), the most a workbook hyperlink takes"
                ),
                format!("{} characters", units(text)),
            )),
            Limit::FileName { suffix } if text.len() + suffix.len() > NAME_BYTES => Some((
                format!(
                    "a name of at most {} bytes, as it names a file or directory ({NAME_BYTES} bytes at most{})",
                    NAME_BYTES - suffix.len(),
                    if suffix.is_empty() {
                        String::new()
                    } else {
                        format!(" with `{suffix}`")
                    }
                ),
                format!("{} bytes", text.len()),
            )),
            _ => None,
        }
    }

    /// Whether `text` is within the limit.
    pub fn allows(self, text: &str) -> bool {
        self.fault(text).is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_holds_32767_utf16_units_counted_as_excel_counts_them() {
        assert!(Limit::Cell.allows(&"a".repeat(CELL_UNITS)));
        assert!(!Limit::Cell.allows(&"a".repeat(CELL_UNITS + 1)));
        // 'é' is two bytes but one unit: 32,767 of them fit.
        assert!(Limit::Cell.allows(&"é".repeat(CELL_UNITS)));
        // An emoji is two units: 16,384 of them do not.
        let (expected, found) = Limit::Cell.fault(&"\u{1F4DA}".repeat(16_384)).unwrap();
        assert!(expected.contains("32767"), "{expected}");
        assert_eq!(found, "32768 characters");
    }

    #[test]
    fn an_address_holds_2080_units_and_a_file_name_255_bytes_with_its_extension() {
        assert!(Limit::Url.allows(&"h".repeat(URL_UNITS)));
        assert!(!Limit::Url.allows(&"h".repeat(URL_UNITS + 1)));
        let svg = Limit::FileName { suffix: ".svg" };
        assert!(svg.allows(&"n".repeat(251)));
        assert_eq!(svg.fault(&"n".repeat(252)).unwrap().1, "252 bytes");
        // Bytes, not characters: 128 two-byte characters are 256 bytes.
        assert!(!Limit::FileName { suffix: "" }.allows(&"é".repeat(128)));
    }
}
