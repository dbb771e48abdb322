//! Stand-in until the grammar lands.
#![allow(missing_docs, dead_code)]
use std::ops::Range;
#[derive(Debug, Clone, Copy, PartialEq, Eq)] pub enum Scale { One, Thousand, Million, Billion }
#[derive(Debug, Clone, Copy, PartialEq, Eq)] pub enum Kind { Plain, Percent, Euro }
#[derive(Debug, Clone, PartialEq)]
pub struct Written { pub value: f64, pub high: Option<f64>, pub decimals: Option<u8>, pub scale: Scale, pub kind: Kind, pub qualifier: Option<&'static str>, pub in_words: bool }
impl Written {
    pub fn base_value(&self) -> f64 { self.value }
    pub fn base_high(&self) -> Option<f64> { self.high }
    pub fn half_unit(&self) -> f64 { 0.0 }
}
pub fn parse(w: &str) -> Result<Written, String> {
    let t = w.replace(',', "");
    let (t, kind) = match t.strip_suffix('%') { Some(x) => (x.to_string(), Kind::Percent), None => (t, Kind::Plain) };
    let value: f64 = t.trim().parse().map_err(|_| format!("cannot read {w:?}"))?;
    Ok(Written { value, high: None, decimals: Some(0), scale: Scale::One, kind, qualifier: None, in_words: false })
}
pub fn find_all(h: &str, w: &str) -> Vec<Range<usize>> { h.match_indices(w).map(|(i, _)| i..i + w.len()).collect() }
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule { Year, Date, SectionNumber, FootnoteMarker, ListNumber, PageNumber, Link }
impl Rule { pub fn code(self) -> &'static str { "year" } pub fn describe(self) -> &'static str { "" } }
#[derive(Debug, Clone, PartialEq)]
pub struct Figure { pub range: Range<usize>, pub excluded: Option<Rule> }
pub fn scan(_text: &str) -> Vec<Figure> { Vec::new() }
