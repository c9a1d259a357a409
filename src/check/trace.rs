//! Where a broken link can be fixed: the Markdown line that wrote it, else the
//! template that rendered that part of the page.

use super::Link;
use crate::error::Location;
use crate::html::percent_decode;
use crate::site::Site;
use std::path::{Path, PathBuf};

/// Traces a broken link to the Markdown line that wrote it, else to the template that
/// rendered that part of the page.
pub(super) fn trace(site: &Site, link: &Link, page_text: &str) -> Location {
    let rel = |p: &Path| -> PathBuf {
        p.strip_prefix(&site.root)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let first = link.page.split('/').next().unwrap_or("");
    if let Some(series) = site.corpus.series.iter().find(|s| s.slug == first) {
        let mut editions: Vec<_> = series.editions.iter().collect();
        // The page's own year first (a change log quotes two years).
        editions.sort_by_key(|e| !link.page.contains(&format!("/{}/", e.year)));
        let decoded = percent_decode(&link.href);
        // As Markdown writes a link (inline, autolink, reference), then the bare text.
        let mut needles = Vec::new();
        for href in [link.href.as_str(), decoded.as_str()] {
            needles.extend([
                format!("]({href})"),
                format!("]({href} "),
                format!("<{href}>"),
                format!("]: {href}"),
            ]);
        }
        needles.extend([link.href.clone(), decoded]);
        for needle in needles.iter().filter(|n| !n.is_empty()) {
            for e in &editions {
                if let Some(found) = e.body.find(needle.as_str()) {
                    let at = found + needle.find(link.href.as_str()).unwrap_or(0);
                    let line = e.body[..at].matches('\n').count() + e.body_line;
                    let col = at - e.body[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
                    return Location::new(rel(&e.path), line, col);
                }
            }
        }
    }
    let template = if link.page.ends_with(".xml") {
        return Location::file(format!("src/site/feeds.rs (public/{})", link.page));
    } else if in_main(page_text, link.line) {
        page_template(&link.page)
    } else {
        "base.html"
    };
    let origin = site.theme.origin(&format!("templates/{template}"));
    Location::file(format!(
        "{} (public/{}:{})",
        rel(&origin).display(),
        link.page,
        link.line
    ))
}

/// Whether line `line` of a page is inside its `<main>`.
fn in_main(text: &str, line: usize) -> bool {
    let line_of = |needle: &str| {
        text.find(needle)
            .map(|i| text[..i].matches('\n').count() + 1)
    };
    match (line_of("<main"), line_of("</main>")) {
        (Some(start), Some(end)) => line >= start && line <= end,
        _ => true,
    }
}

/// The template that renders a built page, from its path.
fn page_template(page: &str) -> &'static str {
    let parts: Vec<&str> = page.split('/').collect();
    match parts.as_slice() {
        ["index.html"] => "home.html",
        ["404.html"] => "404.html",
        ["sok", _] => "search.html",
        ["tillganglighet", _] => "accessibility.html",
        [_, "index.html"] => "series.html",
        [_, "jamfor.html"] => "compare.html",
        [_, "senaste", _] => "latest.html",
        [_, p] if p.starts_with("jamfor-") => "changes.html",
        [_, _, "andringar.html"] => "changes.html",
        _ => "document.html",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_map_to_their_templates() {
        assert_eq!(page_template("index.html"), "home.html");
        assert_eq!(page_template("s/index.html"), "series.html");
        assert_eq!(page_template("s/2025/index.html"), "document.html");
        assert_eq!(page_template("s/2025/andringar.html"), "changes.html");
        assert_eq!(page_template("s/jamfor-2024-2026.html"), "changes.html");
        assert_eq!(page_template("s/jamfor.html"), "compare.html");
        assert_eq!(page_template("sok/index.html"), "search.html");
    }
}
