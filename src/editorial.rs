//! Editorial text: what the publisher adds that is not in the decided document (a
//! title the source lacks, a note that a figure is missing). Marked in the body as a
//! block quote opening with `> [!redaktionellt]` and in the front matter as
//! `redaktionellt: {field: why}`; pages show both with the label `editorial_label`.

use comrak::nodes::{AstNode, NodeValue};

/// Opens an editorial note, text by the publisher rather than the committee:
/// a top-level block quote whose first line is `> [!redaktionellt]` (any letter case).
pub const MARKER: &str = "[!redaktionellt]";

/// Where an editorial note's label goes. The Markdown stage has no UI strings, so the
/// renderer fills in the theme's `editorial_label` (`render::Renderer::render`). Content
/// cannot forge this tag: its raw HTML is escaped.
pub const LABEL_SLOT: &str = "<strong class=\"editorial-label\"></strong>";

/// True when `quote` opens with [`MARKER`]; the marker (and the line break
/// after it) is then removed, so neither the page nor the plain text shows it.
pub(crate) fn take_marker<'a>(quote: &'a AstNode<'a>) -> bool {
    let Some(para) = quote
        .first_child()
        .filter(|p| matches!(p.data().value, NodeValue::Paragraph))
    else {
        return false;
    };
    // comrak may hold the marker as several text nodes ("[", "!redaktionellt", "]").
    let mut seen = String::new();
    let mut texts = Vec::new();
    for n in para.children() {
        match &n.data().value {
            NodeValue::Text(t) => seen.push_str(t),
            _ => break,
        }
        texts.push(n);
        if seen.len() >= MARKER.len() {
            break;
        }
    }
    let marker_len = MARKER.len();
    if !seen
        .get(..marker_len)
        .is_some_and(|m| m.eq_ignore_ascii_case(MARKER))
    {
        return false;
    }
    let rest = seen[marker_len..].trim_start().to_string();
    for n in &texts[1..] {
        n.detach();
    }
    if rest.is_empty() {
        texts[0].detach();
        while let Some(first) = para.first_child() {
            if !matches!(
                first.data().value,
                NodeValue::SoftBreak | NodeValue::LineBreak
            ) {
                break;
            }
            first.detach();
        }
        if para.first_child().is_none() {
            para.detach();
        }
    } else {
        texts[0].data_mut().value = NodeValue::Text(rest.into());
    }
    true
}

/// Puts the theme's label into every editorial note of a rendered page.
pub fn fill_label(html: String, label: &str, explanation: &str) -> String {
    // Every page passes through here and few have a note: a SIMD search, not `contains`
    // (whose two-way search was 1 % of a build).
    if memchr::memmem::find(html.as_bytes(), LABEL_SLOT.as_bytes()).is_none() {
        return html;
    }
    let esc = crate::markdown::escape_html;
    html.replace(
        LABEL_SLOT,
        &format!(
            "<strong class=\"editorial-label\">{}</strong> <span class=\"editorial-explanation\">{}</span>",
            esc(label),
            esc(explanation)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;

    #[test]
    fn marked_quote_becomes_a_labelled_note_without_its_marker() {
        for md in [
            "# A\n\n> [!redaktionellt]\n> Figur saknas: *cirkelmodellen*.\n",
            "# A\n\n> [!Redaktionellt] Figur saknas: *cirkelmodellen*.\n",
        ] {
            let doc = parse(md, 1);
            let html = &doc.sections[0].html;
            assert!(
                html.starts_with("<div class=\"editorial\" role=\"note\">\n<p class=\"editorial-head\"><strong class=\"editorial-label\"></strong></p>\n"),
                "{html}"
            );
            assert!(
                html.contains("Figur saknas: <em>cirkelmodellen</em>.</p>\n</div>"),
                "{html}"
            );
            assert!(!html.to_lowercase().contains("[!redaktionellt]"), "{html}");
            assert_eq!(doc.sections[0].text, "Figur saknas: cirkelmodellen.");
        }
    }

    #[test]
    fn other_quotes_stay_quotes() {
        for md in [
            "> Citat ur lagen.\n",
            "> Se [!redaktionellt]\n",
            "- > [!redaktionellt] i en lista\n",
        ] {
            let html = &parse(md, 1).sections[0].html;
            assert!(html.contains("<blockquote"), "{md}: {html}");
            assert!(!html.contains("editorial"), "{md}: {html}");
        }
    }

    #[test]
    fn label_is_filled_in_and_escaped() {
        let html = format!("<p>x</p>{LABEL_SLOT}");
        let out = fill_label(html, "Red. <anm>", "inte & nämndens");
        assert_eq!(
            out,
            "<p>x</p><strong class=\"editorial-label\">Red. &lt;anm&gt;</strong> <span class=\"editorial-explanation\">inte &amp; nämndens</span>"
        );
        // Content cannot produce the slot: its raw HTML is escaped.
        let forged = parse("<strong class=\"editorial-label\"></strong>\n", 1);
        assert!(!forged.sections[0].html.contains(LABEL_SLOT));
    }
}
