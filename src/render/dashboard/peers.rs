//! The dashboard's section on an organisation's named peers: its figures beside those of its
//! comparators that are members of its panel.

use maud::{Markup, html};

use crate::render::peers::NamedPeers;

/// The organisation's figures beside those of its comparators that are members of its panel.
pub(super) fn named_peers((names, rows): &NamedPeers) -> Markup {
    html! {
        section class="block" id="peers" {
            "\n"
            h2 { "Beside its named peers" } "\n"
            p class="lead" {
                "Its comparators (organisation.toml) that are members of the same panel, each figure as each organisation's data resolve it."
            }
            "\n"
            div class="scroll" {
                table id="named-peers" {
                    "\n"
                    thead { tr { th { "Figure" } @for n in names { th class="num" { (n) } } } }
                    "\n"
                    tbody {
                        "\n"
                        @for (label, cells) in rows {
                            tr { td { (label) } @for c in cells { td class="num" { (c) } } } "\n"
                        }
                    }
                    "\n"
                }
            }
            "\n"
        }
        "\n"
    }
}
