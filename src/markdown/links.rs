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
    context: &mut Context<'_, '_, String>,
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
            let target = resolve(&format!("#fn-{}", f.name), &context.user).unwrap_or_default();
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
