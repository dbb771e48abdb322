//! The head both pages share (the dashboard, the panel's page): self-contained, nothing fetched.

use maud::{Markup, PreEscaped, html};

/// A page's head: its title, its content policy and its style sheets, inline. Nothing may be
/// fetched: no script, no font, no stylesheet, no image from anywhere.
pub fn head(title: &str, styles: &[&str]) -> Markup {
    html! {
        head {
            "\n"
            meta charset="utf-8"; "\n"
            meta name="viewport" content="width=device-width, initial-scale=1"; "\n"
            meta http-equiv="Content-Security-Policy"
                content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"; "\n"
            title { (title) } "\n"
            style { @for s in styles { (PreEscaped(s)) } } "\n"
        }
    }
}
