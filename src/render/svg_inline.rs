//! Inlining an SVG chart into the HTML dashboard: without prolog, scalable, ids prefixed, and
//! refused when it would run code or load anything.

use std::fmt::Write as _;

use html_escape::encode_double_quoted_attribute as escape_attribute;

/// Appends formatted text to a `String` (which cannot fail).
macro_rules! push_fmt {
    ($dst:expr, $($arg:tt)*) => {{
        let _ = write!($dst, $($arg)*);
    }};
}

/// A tag of an SVG document: its name and attributes, as written.
struct Tag<'a> {
    name: &'a str,
    attrs: Vec<(&'a str, &'a str)>,
}

/// Parses the inside of a start tag (`svg width="1" ...`); None if it is not a start tag.
fn parse_tag(inner: &str) -> Option<Tag<'_>> {
    let inner = inner.trim_end_matches('/');
    let name_end = inner.find(|c: char| c.is_whitespace()).unwrap_or(inner.len());
    let name = &inner[..name_end];
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut attrs = Vec::new();
    let mut rest = &inner[name_end..];
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let key_end = rest.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(rest.len());
        let key = &rest[..key_end];
        rest = rest[key_end..].trim_start();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let quote = after.chars().next().filter(|q| *q == '"' || *q == '\'');
            match quote {
                Some(q) => {
                    let body = &after[1..];
                    let end = body.find(q)?;
                    attrs.push((key, &body[..end]));
                    rest = &body[end + 1..];
                }
                None => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    attrs.push((key, &after[..end]));
                    rest = &after[end..];
                }
            }
        } else {
            attrs.push((key, ""));
        }
    }
    Some(Tag { name, attrs })
}

/// Why an SVG cannot be inlined as it is: scripts, event handlers, embedded HTML, or references to
/// other files would make the page run code or load something.
pub fn unsafe_svg(svg: &str) -> Option<String> {
    for piece in svg.split('<').skip(1) {
        let Some(end) = piece.find('>') else { continue };
        let Some(tag) = parse_tag(&piece[..end]) else {
            continue;
        };
        let name = tag.name.to_ascii_lowercase();
        if name == "script" || name == "foreignobject" || name == "iframe" {
            return Some(format!("it contains a <{}> element", tag.name));
        }
        for (k, v) in &tag.attrs {
            let k = k.to_ascii_lowercase();
            let v = v.trim().to_ascii_lowercase();
            if k.starts_with("on") {
                return Some(format!("it has an event handler attribute ({k})"));
            }
            if (k == "href" || k == "xlink:href")
                && !(v.starts_with('#')
                    || (name == "a" && (v.starts_with("https:") || v.starts_with("http:")))
                    || v.starts_with("data:image/"))
            {
                return Some(format!("it refers to another resource ({v})"));
            }
            if v.contains("javascript:") {
                return Some("it contains a javascript: address".into());
            }
        }
    }
    None
}

fn strip_px(v: &str) -> Option<f64> {
    v.trim()
        .trim_end_matches("px")
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && *x > 0.0)
}

/// The SVG document as an element to put inside HTML: without XML declaration, doctype or
/// comments before the root, with a viewBox so that it scales, ids prefixed so that several charts
/// on one page do not clash. Err with the reason when it cannot be inlined.
pub fn inline_svg(src: &str, prefix: &str, label: &str) -> std::result::Result<String, String> {
    let start = src
        .match_indices("<svg")
        .map(|(i, _)| i)
        .find(|&i| src[i + 4..].starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/'))
        .ok_or("it has no <svg> element")?;
    let end = src
        .rfind("</svg>")
        .map(|i| i + "</svg>".len())
        .ok_or("it has no closing </svg>")?;
    if end <= start {
        return Err("it is not a complete <svg> element".into());
    }
    let body = &src[start..end];
    if let Some(why) = unsafe_svg(body) {
        return Err(why);
    }
    let root_end = body.find('>').ok_or("its <svg> tag is not closed")?;
    let root = parse_tag(&body[1..root_end]).ok_or("its <svg> tag cannot be read")?;
    let has = |k: &str| root.attrs.iter().any(|(n, _)| n.eq_ignore_ascii_case(k));
    let get = |k: &str| {
        root.attrs
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(k))
            .map(|(_, v)| *v)
    };
    let mut extra = String::new();
    if !has("viewBox") {
        match (get("width").and_then(strip_px), get("height").and_then(strip_px)) {
            (Some(wd), Some(ht)) => push_fmt!(
                extra,
                " viewBox=\"0 0 {} {}\"",
                crate::format::plain(wd),
                crate::format::plain(ht)
            ),
            _ => {
                return Err("it has neither a viewBox nor a width and height in pixels to scale it by".into());
            }
        }
    }
    if !has("xmlns") {
        extra.push_str(" xmlns=\"http://www.w3.org/2000/svg\"");
    }
    if !has("role") {
        extra.push_str(" role=\"img\"");
    }
    if !has("aria-label") && !has("aria-labelledby") {
        push_fmt!(extra, " aria-label=\"{}\"", escape_attribute(label));
    }
    if !has("preserveAspectRatio") {
        extra.push_str(" preserveAspectRatio=\"xMidYMid meet\"");
    }
    let self_closing = body[..root_end].ends_with('/');
    let insert_at = if self_closing { root_end - 1 } else { root_end };
    let mut out = String::with_capacity(body.len() + extra.len());
    out.push_str(&body[..insert_at]);
    out.push_str(&extra);
    out.push_str(&body[insert_at..]);
    // Ids: collect them, longest first so that no id's rewrite touches a longer one's.
    let mut ids: Vec<String> = Vec::new();
    for piece in out.split('<').skip(1) {
        let Some(end) = piece.find('>') else { continue };
        if let Some(tag) = parse_tag(&piece[..end]) {
            ids.extend(tag.attrs.iter().filter(|(k, _)| *k == "id").map(|(_, v)| v.to_string()));
        }
    }
    ids.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    ids.dedup();
    for id in ids {
        let new = format!("{prefix}-{id}");
        for (from, to) in [
            (format!("id=\"{id}\""), format!("id=\"{new}\"")),
            (format!("url(#{id})"), format!("url(#{new})")),
            (format!("href=\"#{id}\""), format!("href=\"#{new}\"")),
        ] {
            out = out.replace(&from, &to);
        }
    }
    Ok(out)
}

/// The first `<title>` of an SVG, decoded, as its caption.
pub fn svg_title(src: &str) -> Option<String> {
    let start = src.find("<title")?;
    let open_end = start + src[start..].find('>')? + 1;
    let close = open_end + src[open_end..].find("</title>")?;
    let raw = src[open_end..close].trim();
    (!raw.is_empty()).then(|| html_escape::decode_html_entities(raw).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_is_inlined_scalable_and_without_prolog() {
        let src = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg width=\"800\" height=\"400px\" xmlns=\"http://www.w3.org/2000/svg\"><defs><clipPath id=\"c\"><rect/></clipPath></defs><g clip-path=\"url(#c)\"><text>a &lt; b</text></g></svg>\n";
        let out = inline_svg(src, "p", "A <chart>").unwrap();
        assert!(out.starts_with("<svg "), "{out}");
        assert!(out.ends_with("</svg>"), "{out}");
        assert!(out.contains("viewBox=\"0 0 800 400\""), "{out}");
        assert!(out.contains("aria-label=\"A &lt;chart&gt;\""), "{out}");
        assert!(out.contains("id=\"p-c\"") && out.contains("url(#p-c)"), "{out}");
        assert!(!out.contains("<?xml") && !out.contains("DOCTYPE"));
    }

    #[test]
    fn svg_that_would_run_or_load_something_is_not_inlined() {
        for bad in [
            "<svg viewBox=\"0 0 1 1\"><script>alert(1)</script></svg>",
            "<svg viewBox=\"0 0 1 1\" onload=\"alert(1)\"></svg>",
            "<svg viewBox=\"0 0 1 1\"><image href=\"http://example.org/x.png\"/></svg>",
            "<svg viewBox=\"0 0 1 1\"><foreignObject><div/></foreignObject></svg>",
            "<svg viewBox=\"0 0 1 1\"><a href=\"javascript:alert(1)\">x</a></svg>",
        ] {
            assert!(inline_svg(bad, "p", "x").is_err(), "{bad}");
        }
        assert!(
            inline_svg("<svg><rect/></svg>", "p", "x").is_err(),
            "no size, no viewBox"
        );
    }
}
