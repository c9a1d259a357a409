//! A document's own links, resolved in the Markdown tree: every relative link and image
//! target (and `#fragment`) becomes its site path while the AST is walked, so the HTML
//! and the redline's block tree carry targets that do not depend on the page they end
//! up on (see `html::linked`). comrak writes those targets through [`formatter`] as
//! slot markers; anything else renders as comrak renders it.

use crate::diff::Body;
use crate::html::linked::{is_marker, marker, resolve};
use comrak::html::{format_node_default, ChildRendering, Context};
use comrak::nodes::{AstNode, NodeValue};
use std::fmt::{self, Write};

/// Rewrites the targets of links and images under `root` that are relative to the
/// document (published in `folder`) to slot markers. Absolute, root-relative, empty and
/// dangerous links stay as written (comrak drops the dangerous ones).
pub(super) fn resolve_tree<'a>(root: &'a AstNode<'a>, folder: &str) {
    for node in root.descendants() {
        let mut data = node.data_mut();
        if let NodeValue::Link(l) | NodeValue::Image(l) = &mut data.value {
            if let Some(target) = resolve(&l.url, folder) {
                l.url = marker(&target);
            }
        }
    }
}

/// Footnote marks link to their note on the document's page: the block tree makes
/// those links (`#fn-x`) itself, so they are resolved here, after it is collected.
/// Every other `#` link was resolved in the tree already.
pub(super) fn resolve_body(body: &mut Body, folder: &str) {
    for (url, _) in &mut body.links {
        if url.starts_with('#') {
            if let Some(target) = resolve(url, folder) {
                *url = marker(&target);
            }
        }
    }
}

/// comrak's formatter, except that resolved targets (markers) are written as they are
/// and footnote marks link through a marker too (the context's user data is the
/// document's folder); the rest of each tag as comrak writes it.
pub(super) fn formatter<'a>(
    context: &mut Context<'_, '_, &str>,
    node: &'a AstNode<'a>,
    entering: bool,
) -> Result<ChildRendering, fmt::Error> {
    if !entering {
        return format_node_default(context, node, entering);
    }
    match &node.data().value {
        NodeValue::Link(l) if is_marker(&l.url) => {
            context.write_str("<a href=\"")?;
            context.write_str(&l.url)?;
            if !l.title.is_empty() {
                context.write_str("\" title=\"")?;
                context.escape(&l.title)?;
            }
            context.write_str("\">")?;
            Ok(ChildRendering::HTML)
        }
        NodeValue::Image(l) if is_marker(&l.url) => {
            context.write_str("<img src=\"")?;
            context.write_str(&l.url)?;
            context.write_str("\" alt=\"")?;
            // The alt text is the children as plain text; the title follows on leaving.
            Ok(ChildRendering::Plain)
        }
        NodeValue::FootnoteReference(f) => {
            let target = resolve(&format!("#fn-{}", f.name), context.user).unwrap_or_default();
            let mut ref_id = format!("fnref-{}", f.name);
            if f.ref_num > 1 {
                ref_id = format!("{ref_id}-{}", f.ref_num);
            }
            context.write_str("<sup class=\"footnote-ref\"><a href=\"")?;
            context.write_str(&marker(&target))?;
            context.write_str("\" id=\"")?;
            context.escape_href(&ref_id)?;
            write!(context, "\" data-footnote-ref>{}</a></sup>", f.ix)?;
            Ok(ChildRendering::HTML)
        }
        _ => format_node_default(context, node, entering),
    }
}

#[cfg(test)]
mod tests {
    use crate::diff::{diff_bodies, Labels};
    use crate::markdown::parse_with;
    use crate::site::urls::Urls;

    fn parse_in(body: &str, folder: &str) -> crate::markdown::ParsedDoc {
        parse_with(body, 1, "Tabell", folder)
    }

    #[test]
    fn relative_links_and_images_follow_the_section_to_any_page() {
        let doc = parse_in(
            "[a](#x) [b](bilaga.pdf) ![bild](i.png \"t\") [c](https://k.se/) [d](/abs) [e]() \
             [f](mailto:a@k.se) [g](../2024/index.html#y)\n",
            "a/2025/",
        );
        let html = &doc.sections[0].html;
        assert_eq!(html.targets().count(), 4, "{html}");
        let rel = Urls::new("");
        // On its own page, as written.
        assert_eq!(
            rel.fill("a/2025/", html),
            "<p dir=\"auto\"><a href=\"#x\">a</a> <a href=\"bilaga.pdf\">b</a> \
             <img src=\"i.png\" alt=\"bild\" title=\"t\" /> <a href=\"https://k.se/\">c</a> \
             <a href=\"/abs\">d</a> <a href=\"\">e</a> <a href=\"mailto:a@k.se\">f</a> \
             <a href=\"../2024/index.html#y\">g</a></p>\n"
        );
        // On a change log, into the document's folder; the rest untouched.
        let shown = rel.fill("a/2025/andringar.html", html);
        for want in [
            "href=\"../../a/2025/index.html#x\"",
            "href=\"../../a/2025/bilaga.pdf\"",
            "src=\"../../a/2025/i.png\"",
            "href=\"https://k.se/\"",
            "href=\"/abs\"",
            "href=\"\"",
            "href=\"mailto:a@k.se\"",
            "href=\"../../a/2024/index.html#y\"",
        ] {
            assert!(shown.contains(want), "{want} in {shown}");
        }
        // Under a base URL: absolute, except on the document's own page.
        let abs = Urls::new("https://k.se/sd/");
        let shown = abs.fill("a/jamfor.html", html);
        assert!(
            shown.contains("href=\"https://k.se/sd/a/2025/#x\""),
            "{shown}"
        );
        assert!(
            shown.contains("src=\"https://k.se/sd/a/2025/i.png\""),
            "{shown}"
        );
        assert_eq!(abs.fill("a/2025/", html), rel.fill("a/2025/", html));
    }

    #[test]
    fn rendering_matches_comrak_for_resolved_links() {
        // The formatter writes resolved links as comrak would have written them as is.
        let body =
            "[a *b*](x%20y.pdf?q=1&r=2 \"T&'\") ![a \"b\"](i.png) x[^n]\n\n[^n]: Not [l](#x).\n";
        let doc = parse_in(body, "");
        let mut plain = String::new();
        comrak::html::format_document(
            comrak::parse_document(&comrak::Arena::new(), body, &crate::markdown::options()),
            &crate::markdown::options(),
            &mut plain,
        )
        .unwrap();
        let ours = format!(
            "{}{}",
            Urls::new("").fill("", &doc.sections[0].html),
            Urls::new("").fill("", &doc.footnotes_html)
        );
        assert_eq!(ours, crate::html::with_auto_direction(&plain));
    }

    #[test]
    fn footnote_marks_link_to_their_document() {
        let doc = parse_in("Text[^1].\n\n[^1]: Not.\n", "a/2025/");
        let html = &doc.sections[0].html;
        let rel = Urls::new("");
        assert!(rel
            .fill("a/2025/", html)
            .contains("<a href=\"#fn-1\" id=\"fnref-1\""));
        assert!(rel
            .fill("a/2025/andringar.html", html)
            .contains("<a href=\"../../a/2025/index.html#fn-1\" id=\"fnref-1\""));
    }

    #[test]
    fn the_redline_links_each_side_into_its_own_document() {
        let old = parse_in("[bild](2024/b.png) och [not](#a) kvar.\n", "a/2024/");
        let new = parse_in("[ny](2025/b.png) och [not](#a) kvar.\n", "a/2025/");
        let d = diff_bodies(
            &old.sections[0].body,
            &new.sections[0].body,
            &Labels::default(),
            true,
        );
        let shown = Urls::new("").fill("a/2025/andringar.html", &d.html);
        for want in [
            "<del><span class=\"visually-hidden\">[borttaget: </span><a href=\"../../a/2024/2024/b.png\">bild",
            "<a href=\"../../a/2025/2025/b.png\">ny",
            "<a href=\"../../a/2025/index.html#a\">not",
        ] {
            assert!(shown.contains(want), "{want} in {shown}");
        }
    }

    #[test]
    fn nul_in_the_source_cannot_forge_a_slot() {
        let doc = parse_in("a\0b [x](y\0z)\n\n```\n\0\n```\n", "a/2025/");
        let html = &doc.sections[0].html;
        assert!(!html.contains('\0'), "{html}");
        assert_eq!(html.targets().count(), 1);
        assert!(Urls::new("")
            .fill("a/2025/", html)
            .contains("href=\"y%EF%BF%BDz\""));
    }
}
