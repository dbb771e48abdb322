//! CSV written straight into a byte buffer, quoted as the `csv` crate's writer quotes (only where
//! a field needs it; `csv_core` escapes): each field is copied once, where the `csv` writer
//! copies it into a record, then into its own buffer, then into the output. The tables run to
//! millions of rows in a panel, and writing them through the `csv` writer was a large share of
//! its CPU (BENCHMARKS.md).

use std::ops::Range;

/// The bytes that make a field quoted: those `csv_core`'s writer quotes for with this file's
/// settings (checked in a test).
const SPECIAL: [u8; 4] = [b',', b'"', b'\n', b'\r'];

/// Whether `b` is one of [`SPECIAL`], as comparisons the compiler can do sixteen at a time.
fn special(b: u8) -> bool {
    (b == SPECIAL[0]) | (b == SPECIAL[1]) | (b == SPECIAL[2]) | (b == SPECIAL[3])
}

/// Whether `field` holds one of [`SPECIAL`]: a block of sixteen bytes at a time, without
/// stopping inside a block, so that a block is one vector compare; `csv_core` looks bytes up
/// in a table one by one, which was most of the writing's time over a panel's gigabyte of cells.
fn needs_quotes(field: &[u8]) -> bool {
    let (blocks, rest) = field.as_chunks::<16>();
    blocks
        .iter()
        .any(|block| block.iter().fold(0u8, |found, &b| found | u8::from(special(b))) != 0)
        || rest.iter().any(|&b| special(b))
}

/// A CSV file being written: comma-separated, `"` quotes, `\n` line ends.
pub struct CsvOut {
    core: csv_core::Writer,
    out: Vec<u8>,
    /// Where the current record starts in `out`.
    record: usize,
    /// Fields written in the current record.
    fields: usize,
}

impl CsvOut {
    /// An empty file with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> CsvOut {
        CsvOut::appending(Vec::with_capacity(capacity))
    }

    /// Records appended to `out`.
    pub fn appending(out: Vec<u8>) -> CsvOut {
        let core = csv_core::WriterBuilder::new()
            .terminator(csv_core::Terminator::Any(b'\n'))
            .build();
        CsvOut {
            record: out.len(),
            core,
            out,
            fields: 0,
        }
    }

    /// Appends a field to the current record.
    pub fn field(&mut self, field: &[u8]) {
        self.field_at(field);
    }

    /// Appends a field to the current record; where its bytes, quoted as needed, are in
    /// [`CsvOut::bytes`], for [`CsvOut::written_field`] to copy into another file.
    pub fn field_at(&mut self, field: &[u8]) -> Range<usize> {
        self.delimit();
        let start = self.out.len();
        self.quote_into(field);
        start..self.out.len()
    }

    /// Appends a field as another `CsvOut` wrote it (its bytes at a [`CsvOut::field_at`]):
    /// copied, not quoted again.
    pub fn written_field(&mut self, written: &[u8]) {
        self.delimit();
        self.out.extend_from_slice(written);
    }

    /// A delimiter before every field but the first of a record.
    fn delimit(&mut self) {
        if self.fields > 0 {
            self.out.push(self.core.get_delimiter());
        }
        self.fields += 1;
    }

    /// `field`, quoted where it needs it.
    fn quote_into(&mut self, field: &[u8]) {
        if !needs_quotes(field) {
            self.out.extend_from_slice(field);
            return;
        }
        let quote = self.core.get_quote();
        self.out.push(quote);
        let start = self.out.len();
        // Room for the worst case, a field of quotes, each doubled.
        self.out.resize(start + 2 * field.len(), 0);
        let (_, _, written) = csv_core::quote(
            field,
            &mut self.out[start..],
            quote,
            self.core.get_escape(),
            self.core.get_double_quote(),
        );
        self.out.truncate(start + written);
        self.out.push(quote);
    }

    /// Ends the current record. A record with nothing in it (no field, or one empty field) is
    /// written `""`, as the `csv` writer writes it, so that a reader sees a record, not a blank line.
    pub fn end_record(&mut self) {
        if self.out.len() == self.record {
            self.out.extend_from_slice(b"\"\"");
        }
        self.out.push(b'\n');
        self.record = self.out.len();
        self.fields = 0;
    }

    /// Fields written so far in the current record.
    pub fn fields(&self) -> usize {
        self.fields
    }

    /// Appends a whole record; the number of fields it had.
    pub fn record<'f>(&mut self, fields: impl IntoIterator<Item = &'f [u8]>) -> usize {
        fields.into_iter().for_each(|f| self.field(f));
        let n = self.fields;
        self.end_record();
        n
    }

    /// The bytes written so far.
    pub fn bytes(&self) -> &[u8] {
        &self.out
    }

    /// The bytes written (a record not yet ended included).
    pub fn into_bytes(self) -> Vec<u8> {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the `csv` crate's writer gives for the same records.
    fn by_csv(records: &[Vec<String>]) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        for r in records {
            w.write_record(r).unwrap();
        }
        w.into_inner().unwrap()
    }

    fn by_us(records: &[Vec<String>]) -> Vec<u8> {
        let mut out = CsvOut::with_capacity(0);
        for r in records {
            assert_eq!(out.record(r.iter().map(|f| f.as_bytes())), r.len());
        }
        out.into_bytes()
    }

    #[test]
    fn quotes_only_what_needs_it() {
        let records = vec![
            vec!["a".to_string(), "b, c".to_string(), "say \"x\"".to_string()],
            vec![
                "line\nbreak".to_string(),
                String::new(),
                "100 × (3719 / 2690 − 1)".to_string(),
            ],
            vec![String::new()],
            vec![],
        ];
        let want = "a,\"b, c\",\"say \"\"x\"\"\"\n\"line\nbreak\",,100 × (3719 / 2690 − 1)\n\"\"\n\"\"\n";
        assert_eq!(String::from_utf8(by_us(&records)).unwrap(), want);
        assert_eq!(by_us(&records), by_csv(&records));
    }

    #[test]
    fn quotes_for_the_bytes_csv_core_quotes_for() {
        let core = CsvOut::with_capacity(0).core;
        let theirs: Vec<u8> = (0..=255u8).filter(|&b| core.is_special_byte(b)).collect();
        let mut ours = SPECIAL.to_vec();
        ours.sort_unstable();
        assert_eq!(theirs, ours);
        for len in 0..40 {
            for at in 0..len {
                for &b in &SPECIAL {
                    let mut field = vec![b'x'; len];
                    field[at] = b;
                    assert!(needs_quotes(&field), "{b} at {at} of {len}");
                }
            }
            assert!(!needs_quotes(&vec![b'x'; len]));
        }
    }

    #[test]
    fn a_field_written_elsewhere_is_copied_as_written() {
        let mut first = CsvOut::with_capacity(0);
        let plain = first.field_at(b"a");
        let quoted = first.field_at(b"say \"x\", twice");
        let empty = first.field_at(b"");
        first.end_record();
        let mut second = CsvOut::with_capacity(0);
        second.field(b"org");
        for span in [quoted, empty, plain] {
            second.written_field(&first.bytes()[span]);
        }
        second.end_record();
        assert_eq!(first.into_bytes(), b"a,\"say \"\"x\"\", twice\",\n");
        assert_eq!(second.into_bytes(), b"org,\"say \"\"x\"\", twice\",,a\n");
    }

    #[test]
    fn appends_after_what_is_there() {
        let mut out = CsvOut::appending(b"x\n".to_vec());
        out.record([&b"1"[..], b"a,b"]);
        assert_eq!(out.into_bytes(), b"x\n1,\"a,b\"\n");
    }

    proptest! {
        #[test]
        fn writes_what_the_csv_writer_writes(
            records in proptest::collection::vec(
                proptest::collection::vec(
                    // Short fields dense in bytes to quote, and long ones with at most one.
                    prop_oneof!["[a-c,\"\r\n \u{2212}]{0,6}", "[a-z ]{0,40}[,\"\r\n]?[a-z\u{2212}]{0,20}"],
                    0..5,
                ),
                0..6,
            )
        ) {
            prop_assert_eq!(by_us(&records), by_csv(&records));
        }
    }
}
