//! Tests of the `written` module: table-driven examples and property checks over random inputs.

use super::*;

const AROUND: Option<&str> = Some("around");

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// (written, value, high, decimals, scale, kind, qualifier, in_words)
type Case = (
    &'static str,
    f64,
    Option<f64>,
    Option<u8>,
    Scale,
    Kind,
    Option<&'static str>,
    bool,
);

#[test]
fn parses_written_forms() {
    use Kind::*;
    use Scale::*;
    let cases: &[Case] = &[
        ("8,691", 8691.0, None, Some(0), One, Plain, None, false),
        ("21,980", 21980.0, None, Some(0), One, Plain, None, false),
        ("1,148", 1148.0, None, Some(0), One, Plain, None, false),
        ("1,900,000", 1.9e6, None, Some(0), One, Plain, None, false),
        ("2142", 2142.0, None, Some(0), One, Plain, None, false),
        ("631", 631.0, None, Some(0), One, Plain, None, false),
        ("€1.148 billion", 1.148, None, Some(3), Billion, Euro, None, false),
        (
            "€1.148\u{202f}billion",
            1.148,
            None,
            Some(3),
            Billion,
            Euro,
            None,
            false,
        ),
        ("€1.1bn", 1.1, None, Some(1), Billion, Euro, None, false),
        ("€5m", 5.0, None, Some(0), Million, Euro, None, false),
        ("€300k", 300.0, None, Some(0), Thousand, Euro, None, false),
        (
            "€300k to €700k",
            300.0,
            Some(700.0),
            Some(0),
            Thousand,
            Euro,
            None,
            false,
        ),
        ("€5 m", 5.0, None, Some(0), Million, Euro, None, false),
        ("€ 5 million", 5.0, None, Some(0), Million, Euro, None, false),
        ("EUR 5 million", 5.0, None, Some(0), Million, Euro, None, false),
        ("5 million euros", 5.0, None, Some(0), Million, Euro, None, false),
        ("30 M€", 30.0, None, Some(0), Million, Euro, None, false),
        ("12 EUR", 12.0, None, Some(0), One, Euro, None, false),
        ("3 thousand", 3.0, None, Some(0), Thousand, Plain, None, false),
        ("around 500", 500.0, None, Some(0), One, Plain, AROUND, false),
        ("Around 53%", 53.0, None, Some(0), One, Percent, AROUND, false),
        ("42.8%", 42.8, None, Some(1), One, Percent, None, false),
        ("42.8 %", 42.8, None, Some(1), One, Percent, None, false),
        ("42.8\u{a0}%", 42.8, None, Some(1), One, Percent, None, false),
        ("42.8 per cent", 42.8, None, Some(1), One, Percent, None, false),
        ("42.8 percent", 42.8, None, Some(1), One, Percent, None, false),
        ("-2.6%", -2.6, None, Some(1), One, Percent, None, false),
        ("\u{2212}2.6%", -2.6, None, Some(1), One, Percent, None, false),
        ("\u{2013}2.6%", -2.6, None, Some(1), One, Percent, None, false),
        ("+38.3%", 38.3, None, Some(1), One, Percent, None, false),
        (
            "more than 30",
            30.0,
            None,
            Some(0),
            One,
            Plain,
            Some("more_than"),
            false,
        ),
        ("close to 1.2", 1.2, None, Some(1), One, Plain, Some("close_to"), false),
        (
            "approx. 40",
            40.0,
            None,
            Some(0),
            One,
            Plain,
            Some("approximately"),
            false,
        ),
        ("at least 40", 40.0, None, Some(0), One, Plain, Some("more_than"), false),
        ("up to 40", 40.0, None, Some(0), One, Plain, Some("less_than"), false),
        (
            "more than €12 million",
            12.0,
            None,
            Some(0),
            Million,
            Euro,
            Some("more_than"),
            false,
        ),
        ("700–800", 700.0, Some(800.0), Some(0), One, Plain, None, false),
        ("700-800", 700.0, Some(800.0), Some(0), One, Plain, None, false),
        ("700 to 800", 700.0, Some(800.0), Some(0), One, Plain, None, false),
        ("€30-40 million", 30.0, Some(40.0), Some(0), Million, Euro, None, false),
        ("€30-€40 million", 30.0, Some(40.0), Some(0), Million, Euro, None, false),
        ("30 to 40%", 30.0, Some(40.0), Some(0), One, Percent, None, false),
        ("1.5-2.25", 1.5, Some(2.25), Some(2), One, Plain, None, false),
        ("2019-2023", 2019.0, Some(2023.0), Some(0), One, Plain, None, false),
        ("8,691 people", 8691.0, None, Some(0), One, Plain, None, false),
        ("12 regional offices", 12.0, None, Some(0), One, Plain, None, false),
        ("nine", 9.0, None, None, One, Plain, None, true),
        ("NINE", 9.0, None, None, One, Plain, None, true),
        ("twelve", 12.0, None, None, One, Plain, None, true),
        ("twenty-five", 25.0, None, None, One, Plain, None, true),
        ("twenty five", 25.0, None, None, One, Plain, None, true),
        ("ninety", 90.0, None, None, One, Plain, None, true),
        ("hundred", 100.0, None, None, One, Plain, None, true),
        ("a hundred", 100.0, None, None, One, Plain, None, true),
        ("one hundred", 100.0, None, None, One, Plain, None, true),
        ("two hundred and fifty", 250.0, None, None, One, Plain, None, true),
        ("a thousand", 1.0, None, None, Thousand, Plain, None, true),
        ("nine million euros", 9.0, None, None, Million, Euro, None, true),
        ("ten per cent", 10.0, None, None, One, Percent, None, true),
        ("a dozen", 12.0, None, None, One, Plain, None, true),
        ("dozen", 12.0, None, None, One, Plain, None, true),
        ("half", 50.0, None, None, One, Percent, None, true),
        ("a half", 50.0, None, None, One, Percent, None, true),
        ("a third", 100.0 / 3.0, None, None, One, Percent, None, true),
        ("one third", 100.0 / 3.0, None, None, One, Percent, None, true),
        ("two thirds", 200.0 / 3.0, None, None, One, Percent, None, true),
        ("two-thirds", 200.0 / 3.0, None, None, One, Percent, None, true),
        ("a quarter", 25.0, None, None, One, Percent, None, true),
        ("one quarter", 25.0, None, None, One, Percent, None, true),
        ("three quarters", 75.0, None, None, One, Percent, None, true),
        ("a fifth", 20.0, None, None, One, Percent, None, true),
        ("about half", 50.0, None, None, One, Percent, AROUND, true),
        ("twice", 2.0, None, None, One, Plain, None, true),
        ("three times", 3.0, None, None, One, Plain, None, true),
        ("around three", 3.0, None, None, One, Plain, AROUND, true),
        ("five-year", 5.0, None, None, One, Plain, None, true),
        ("  8,691  ", 8691.0, None, Some(0), One, Plain, None, false),
    ];
    for &(text, value, high, decimals, scale, kind, qualifier, in_words) in cases {
        let w = parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert!(close(w.value, value), "{text:?}: value {} != {value}", w.value);
        assert_eq!(w.high.is_some(), high.is_some(), "{text:?}: high {:?}", w.high);
        if let (Some(a), Some(b)) = (w.high, high) {
            assert!(close(a, b), "{text:?}: high {a} != {b}");
        }
        assert_eq!((w.decimals, w.scale, w.kind), (decimals, scale, kind), "{text:?}");
        assert_eq!((w.qualifier, w.in_words), (qualifier, in_words), "{text:?}");
    }
}

#[test]
fn refuses_malformed_forms() {
    for text in [
        "",
        "   ",
        "abc",
        "the 12",
        "8 691",
        "1,23",
        "12,3456",
        "1,234,56",
        "12abc",
        "12 and 13",
        "5.",
        "€",
        "€ ",
        "around",
        "more than",
        "-",
        "+",
        "12 %x",
        "8,691 people, 12",
        "a",
        "third",
        "€nine",
        "-nine",
        "12;",
        "²",
    ] {
        assert!(parse(text).is_err(), "{text:?} parsed as {:?}", parse(text));
    }
    let e = parse("abc").unwrap_err();
    assert!(e.contains("expected a figure") && e.contains("\"abc\""), "{e}");
    assert!(parse("1,23").unwrap_err().contains("thousands grouping"));
    assert!(parse("8 691").unwrap_err().contains("691"));
}

#[test]
fn base_values_and_half_units() {
    let cases = [
        ("8,691", 8691.0, 0.5),
        ("€1.148 billion", 1.148e9, 5e5),
        ("42.8%", 42.8, 0.05),
        ("€5m", 5e6, 5e5),
        ("nine", 9.0, 0.0),
        ("a third", 100.0 / 3.0, 0.0),
        ("a thousand", 1000.0, 0.0),
        ("2.05%", 2.05, 0.005),
    ];
    for (text, base, half) in cases {
        let w = parse(text).unwrap();
        assert!(close(w.base_value(), base), "{text}: {}", w.base_value());
        assert!(close(w.half_unit(), half), "{text}: {}", w.half_unit());
    }
    assert_eq!(parse("€30-40 million").unwrap().base_high(), Some(40e6));
    assert_eq!(parse("30 million").unwrap().base_high(), None);
}

#[test]
fn qualifier_codes() {
    let cases = [
        ("around", Some("around")),
        ("About", Some("around")),
        ("some", Some("around")),
        ("roughly", Some("around")),
        ("approximately", Some("approximately")),
        ("approx.", Some("approximately")),
        ("close to", Some("close_to")),
        ("Close\u{a0} to", Some("close_to")),
        ("nearly", Some("close_to")),
        ("almost", Some("close_to")),
        ("more than", Some("more_than")),
        ("over", Some("more_than")),
        ("at least", Some("more_than")),
        ("above", Some("above")),
        ("less than", Some("less_than")),
        ("under", Some("less_than")),
        ("fewer than", Some("less_than")),
        ("up to", Some("less_than")),
        ("exactly", None),
        ("", None),
        ("more", None),
    ];
    for (word, code) in cases {
        assert_eq!(qualifier_code(word), code, "{word:?}");
    }
}

/// The matched texts of `find_all`.
fn found<'a>(hay: &'a str, written: &str) -> Vec<&'a str> {
    find_all(hay, written).into_iter().map(|r| &hay[r]).collect()
}

#[test]
fn find_all_respects_figure_boundaries() {
    let none: [&str; 0] = [];
    for hay in [
        "x 2,124 y",
        "x 12.5 y",
        "x 112 y",
        "x 12,000 y",
        "x 120 y",
        "a12 b",
        "x 0.12 y",
        "x 700-12 y",
    ] {
        assert_eq!(found(hay, "12"), none, "{hay:?}");
    }
    assert_eq!(found("ninety units", "nine"), none);
    assert_eq!(found("total 2,142.5 units", "2,142"), none);
    for hay in [
        "were 12. Then",
        "were 12, then",
        "were 12.",
        "(12)",
        "12\nnext",
        "€12",
        "-12 units",
        "12%",
    ] {
        assert_eq!(found(hay, "12"), ["12"], "{hay:?}");
    }
    // Superscript footnote markers do not continue a figure.
    assert_eq!(
        found("had 2,792 civil servants¹⁰³ and", "2,792 civil servants"),
        ["2,792 civil servants"]
    );
    assert_eq!(found("and 1,911 contract staff.¹⁰³", "1,911"), ["1,911"]);
    assert_eq!(found("and 4,703¹ people", "4,703"), ["4,703"]);
    assert_eq!(found("¹12 units", "12"), ["12"]);
    // Equivalences: spaces, dashes, quotes, case.
    assert_eq!(
        found("spent €1.148\u{a0}billion", "€1.148 billion"),
        ["€1.148\u{a0}billion"]
    );
    assert_eq!(
        found("spent €1.148\u{202f}Billion", "€1.148 billion"),
        ["€1.148\u{202f}Billion"]
    );
    assert_eq!(found("from 700–800 posts", "700-800"), ["700–800"]);
    assert_eq!(found("fell \u{2212}2.6%", "-2.6%"), ["\u{2212}2.6%"]);
    assert_eq!(found("the unit’s 12", "unit's 12"), ["unit’s 12"]);
    assert_eq!(found("“twelve” teams", "\"twelve\""), ["“twelve”"]);
    assert_eq!(found("Nine teams and nine labs", "nine"), ["Nine", "nine"]);
    assert_eq!(found("anything", ""), none);
    assert_eq!(found("", "12"), none);
    // Byte ranges stay on char boundaries after multi-byte chars.
    let hay = "été 😀 €5 m, and 5";
    let ranges = find_all(hay, "5");
    assert_eq!(ranges.len(), 2);
    assert!(ranges.iter().all(|r| hay.get(r.clone()) == Some("5")));
}

/// The texts and rules `scan` finds.
fn scanned(text: &str) -> Vec<(&str, Option<Rule>)> {
    scan(text).into_iter().map(|f| (&text[f.range], f.excluded)).collect()
}

/// The expected (text, rule) of each figure of a scanned text.
type Scanned = &'static [(&'static str, Option<Rule>)];

#[test]
fn scan_finds_figures_and_rules() {
    use Rule::*;
    let cases: &[(&str, Scanned)] = &[
        (
            "In 2023, the unit employed 8,691 people.",
            &[("2023", Some(Year)), ("8,691", None)],
        ),
        ("A budget of €1.148 billion was spent.", &[("€1.148 billion", None)]),
        ("Some 700–800 posts.", &[("Some 700–800", None)]),
        (
            "It fell (-2.6%) then rose +38.3%.",
            &[("-2.6%", None), ("+38.3%", None)],
        ),
        (
            "It has nine labs, a third of units, twelve teams, a dozen sites and twice more.",
            &[
                ("nine", None),
                ("a third", None),
                ("twelve", None),
                ("a dozen", None),
                ("twice", None),
            ],
        ),
        ("with around 53% of staff", &[("around 53%", None)]),
        (
            "more than 30 sites, close to 1.2 points",
            &[("more than 30", None), ("close to 1.2", None)],
        ),
        (
            "over the 2019-2023 period and the 2021–2025 plan",
            &[("2019-2023", Some(Year)), ("2021–2025", Some(Year))],
        ),
        (
            "the 2018/2022 plan of December 2018",
            &[("2018/2022", Some(Year)), ("2018", Some(Year))],
        ),
        ("about 2000 people in 2142", &[("about 2000", None), ("2142", None)]),
        ("Published on 27 May 2021 by us", &[("27 May 2021", Some(Date))]),
        (
            "On 11 December, and 1 January.",
            &[("11 December", Some(Date)), ("1 January", Some(Date))],
        ),
        (
            "held April 2 and 4, 2025 here",
            &[("2", Some(Date)), ("4, 2025", Some(Date))],
        ),
        (
            "held 2 and 4 April 2025 here",
            &[("2", Some(Date)), ("4 April 2025", Some(Date))],
        ),
        (
            "See section 3 and Recommendation 12, chapter I.2.b and VII.3.a now.",
            &[
                ("3", Some(SectionNumber)),
                ("12", Some(SectionNumber)),
                ("I.2.b", Some(SectionNumber)),
                ("VII.3.a", Some(SectionNumber)),
            ],
        ),
        (
            "articles R. 114-10 and R. 114-15 apply",
            &[("114-10", Some(SectionNumber)), ("114-15", Some(SectionNumber))],
        ),
        (
            "Recommendations 1, 4 and 12 matter to 5 units",
            &[
                ("1", Some(SectionNumber)),
                ("4", Some(SectionNumber)),
                ("12", Some(SectionNumber)),
                ("5", None),
            ],
        ),
        (
            "staff¹⁰³ and units²",
            &[("¹⁰³", Some(FootnoteMarker)), ("²", Some(FootnoteMarker))],
        ),
        (
            "the period [1] and 4,703¹ people",
            &[
                ("[1]", Some(FootnoteMarker)),
                ("4,703", None),
                ("¹", Some(FootnoteMarker)),
            ],
        ),
        (
            "had 1,911 staff.¹⁰³ Then",
            &[("1,911", None), ("¹⁰³", Some(FootnoteMarker))],
        ),
        (
            "1. First item\n2/ Second\n 3) third\n4 / fourth\na/ fifth with 6 units\n",
            &[
                ("1", Some(ListNumber)),
                ("2", Some(ListNumber)),
                ("3", Some(ListNumber)),
                ("4", Some(ListNumber)),
                ("6", None),
            ],
        ),
        (
            "Contents.....\t8\nIntroduction\t11\nSummary..... 12\n",
            &[
                ("8", Some(PageNumber)),
                ("11", Some(PageNumber)),
                ("12", Some(PageNumber)),
            ],
        ),
        ("see page 12 for 7 units", &[("12", Some(PageNumber)), ("7", None)]),
        (
            "Download (/files/media/2021_cp.pdf)\n(364.69 KB) - PDF",
            &[("2021", Some(Link)), ("364.69", Some(Link))],
        ),
        ("See <https://example.org/a/2008.pdf>.", &[("2008", Some(Link))]),
        (
            "Tel:\n+33 1 23 45 67 89\n",
            &[
                ("+33", Some(Link)),
                ("1", Some(Link)),
                ("23", Some(Link)),
                ("45", Some(Link)),
                ("67", Some(Link)),
                ("89", Some(Link)),
            ],
        ),
        (
            "Covid-19 and LS3 in the 21st century, the 2010s, a five-year plan, 1,23 and",
            &[],
        ),
        (
            "IFR n°4 and no. 83-975",
            &[("4", Some(SectionNumber)), ("83-975", Some(SectionNumber))],
        ),
        ("one of them, at least one, no one", &[]),
        ("€80 million over 5 years", &[("€80 million", None), ("5", None)]),
        (
            "from 12 to 15 teams in 5 to 10 years",
            &[("12", None), ("15", None), ("5 to 10", None)],
        ),
        (
            "from 65% in 2019 to 81% in 2023",
            &[("65%", None), ("2019", Some(Year)), ("81%", None), ("2023", Some(Year))],
        ),
        ("up to a €30-40 million range", &[("€30-40 million", None)]),
        (
            "rose 30%-40% and EUR 5 million",
            &[("30%", None), ("40%", None), ("EUR 5 million", None)],
        ),
        ("Nine in ninety", &[("Nine", None), ("ninety", None)]),
        ("the second half, and half of them", &[("half", None)]),
    ];
    for (text, expected) in cases {
        assert_eq!(scanned(text), *expected, "{text:?}");
    }
}

#[test]
fn scan_ranges_are_exact_bytes() {
    let text = "é 12 ¹ €5m";
    let ranges: Vec<_> = scan(text).into_iter().map(|f| f.range).collect();
    assert_eq!(ranges, [3..5, 6..8, 9..14]);
}

#[test]
fn rules_have_codes_and_sentences() {
    use Rule::*;
    let all = [Year, Date, SectionNumber, FootnoteMarker, ListNumber, PageNumber, Link];
    let codes: Vec<_> = all.iter().map(|r| r.code()).collect();
    assert_eq!(
        codes,
        [
            "year",
            "date",
            "section_number",
            "footnote_marker",
            "list_number",
            "page_number",
            "link"
        ]
    );
    assert!(all.iter().all(|r| r.describe().ends_with('.')));
}

/// A tiny xorshift generator, so property tests need no crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

fn check_ranges(text: &str, figures: &[Figure]) {
    let mut last = 0;
    for f in figures {
        assert!(
            f.range.start >= last && f.range.start < f.range.end,
            "{text:?}: {figures:?}"
        );
        assert!(text.get(f.range.clone()).is_some(), "{text:?}: {:?}", f.range);
        last = f.range.end;
    }
}

#[test]
fn never_panics_on_odd_inputs() {
    const PIECES: &[&str] = &[
        "1",
        "2",
        "0",
        "9",
        "19",
        "2023",
        ",",
        ".",
        ",000",
        ".5",
        "¹",
        "⁰",
        "²³",
        " ",
        "\u{a0}",
        "\u{202f}",
        "\t",
        "\n",
        "é",
        "€",
        "%",
        "-",
        "–",
        "−",
        "+",
        "(",
        ")",
        "[",
        "]",
        "/",
        "😀",
        "m",
        "bn",
        "a",
        "n°",
        "I.",
        "VII",
        "million",
        "nine",
        "a third",
        "two ",
        "around ",
        "more than ",
        "over ",
        "to ",
        "May ",
        "http://",
        "www.",
        "R. ",
        "page ",
        "section ",
        "KB",
        "'",
        "’",
        ":",
        "°",
        "...",
        "…",
        "ß",
        "İ",
        "per cent",
        "euros",
        "hundred",
        "and ",
        "x",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..3000 {
        let n = rng.below(30);
        let text: String = (0..n).map(|_| rng.pick(PIECES)).collect();
        let figures = scan(&text);
        check_ranges(&text, &figures);
        let _ = parse(&text);
        let needle = rng.pick(PIECES);
        for r in find_all(&text, needle) {
            assert!(text.get(r).is_some());
        }
        for f in &figures {
            let fig = &text[f.range.clone()];
            let _ = parse(fig);
            assert!(
                !find_all(&text, fig).is_empty() || f.excluded.is_some() || fig.trim() != fig,
                "{text:?}: {fig:?}"
            );
        }
    }
}

/// Random figures of the accepted grammar.
fn random_figure(rng: &mut Rng) -> String {
    const QUALIFIERS: &[&str] = &[
        "",
        "",
        "",
        "around ",
        "more than ",
        "close to ",
        "nearly ",
        "less than ",
        "about ",
    ];
    const WORDS: &[&str] = &[
        "nine",
        "twelve",
        "a third",
        "two thirds",
        "twenty-five",
        "a dozen",
        "twice",
        "half",
        "ten",
    ];
    let q = rng.pick(QUALIFIERS);
    let body = match rng.below(7) {
        0 => rng.pick(WORDS).to_string(),
        1 => format!("{},{:03}", 1 + rng.below(999), rng.below(1000)),
        2 => format!("{}.{}%", rng.below(100), rng.below(10)),
        3 => format!(
            "€{}.{} {}",
            1 + rng.below(999),
            rng.below(100),
            rng.pick(&["million", "billion"])
        ),
        4 => format!("{}–{}", 100 + rng.below(400), 500 + rng.below(400)),
        5 => format!("{}{}.{}%", rng.pick(&["-", "+"]), rng.below(50), rng.below(10)),
        _ => format!("{}", rng.below(100_000)),
    };
    format!("{q}{body}")
}

#[test]
fn scanned_figures_parse() {
    const WORDS: &[&str] = &[
        "the", "units", "staff", "in", "of", "and", "budget", "rose", "by", "people", "with", "sites",
    ];
    const SEPS: &[&str] = &[" ", " ", " ", ", ", ". ", " (", ") ", "\n", "¹ ", "; "];
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for _ in 0..2000 {
        let mut text = String::new();
        for _ in 0..rng.below(12) {
            text.push_str(rng.pick(WORDS));
            text.push_str(rng.pick(SEPS));
            if rng.below(3) == 0 {
                text.push_str(&random_figure(&mut rng));
                text.push_str(rng.pick(SEPS));
            }
        }
        let figures = scan(&text);
        check_ranges(&text, &figures);
        for f in figures.iter().filter(|f| f.excluded.is_none()) {
            let fig = &text[f.range.clone()];
            assert!(parse(fig).is_ok(), "{text:?}: {fig:?} {:?}", parse(fig));
            assert!(find_all(&text, fig).contains(&f.range), "{text:?}: {fig:?} not found");
        }
    }
}

#[test]
fn long_inputs_of_one_repeated_unit_scan_to_valid_ranges() {
    // Inputs on which a rule that looked back or ahead without bound would go quadratic; their
    // speed is measured by the scan's benchmark, not here.
    for unit in [
        "1,",
        "(",
        "a",
        "/x",
        "¹",
        "1.",
        "12 ",
        "- ",
        "I.2.",
        "1\t",
        "2 May ",
        "http://1/",
    ] {
        let text = unit.repeat(60_000 / unit.len());
        let figures = scan(&text);
        check_ranges(&text, &figures);
    }
}
