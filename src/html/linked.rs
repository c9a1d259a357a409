//! HTML whose in-site links are filled in per page. A document's own links (relative
//! links, images, `#fragments`, footnote marks) are resolved once, when the Markdown is
//! parsed, to site paths ([`Target`]); the HTML keeps an empty slot where each goes.
//! A page that shows the HTML (the document, a change log, a comparison, at any depth
//! and under any base URL) fills the slots with links from itself, so no HTML is read
//! back or rewritten to move a section onto another page.
//!
//! While HTML is being written (by comrak or the redline), a slot is a [`marker`]:
//! the target's parts between NUL characters, which no rendered text can hold
//! (`markdown::parse_with` replaces U+0000 with U+FFFD as CommonMark asks; YAML, and so
//! the theme's strings, refuses control characters).
//! [`LinkedHtml::from_marked`] turns the finished text into text plus slot offsets.

use std::fmt;

/// Separates a marker's parts. Never in rendered text (see the module docs).
const MARK: char = '\0';
/// A marker's path for the document's own page: no path can be `#` (it is cut there).
const OWN_PAGE: &str = "#";

/// An in-site link target of a document's text: where it leads, and the folder of
/// the document that wrote it (where the link is shown as written). Paths are escaped
/// for an attribute value as comrak escapes hrefs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    /// Folder of the document that wrote the link ("a/2025/").
    pub folder: String,
    /// Site path it leads to (`a/2025/bilaga.pdf`, `a/2024/`; `../x` climbs above the
    /// site root); `None` for the document's own page (a link that is only `#x`/`?q`).
    pub path: Option<String>,
    /// Query and fragment, with their `?`/`#`.
    pub suffix: String,
}

/// Resolves a link as written in the document published in `folder` (a site path
/// ending in `/`, or empty for the root) to its in-site target. `None` for what is not
/// relative to the document: empty links, a scheme (`https:`, `mailto:`, `javascript:`
/// …), root-relative `/x` and `//host`.
pub fn resolve(url: &str, folder: &str) -> Option<Target> {
    if url.is_empty() || url.starts_with('/') {
        return None;
    }
    let head = url.split(['/', '?', '#']).next().unwrap_or("");
    if head.contains(':') {
        return None;
    }
    let cut = url.find(['?', '#']).unwrap_or(url.len());
    let (path, suffix) = url.split_at(cut);
    Some(Target {
        folder: folder.to_string(),
        path: (!path.is_empty()).then(|| escape_href(&normalize(&format!("{folder}{path}")))),
        suffix: escape_href(suffix),
    })
}

/// `a/2025/./x/../b` → `a/2025/b`; `..` past the root is kept (`../b`). A path that
/// ends in a folder (`x/`, `.`, `..`) keeps its trailing `/`.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let folder = matches!(segments.last(), Some(&("" | "." | "..")));
    for seg in segments {
        match seg {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            seg => parts.push(seg),
        }
    }
    let mut out = parts.join("/");
    if folder && !out.is_empty() {
        out.push('/');
    }
    out
}

fn escape_href(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Writing into a String cannot fail.
    let _ = comrak::html::escape_href(&mut out, s, false);
    out
}

/// The slot for `t` while HTML is being written.
pub fn marker(t: &Target) -> String {
    let path = t.path.as_deref().unwrap_or(OWN_PAGE);
    format!("{MARK}{}{MARK}{path}{MARK}{}{MARK}", t.folder, t.suffix)
}

/// Whether a link target is a [`marker`] (written as is, never escaped again).
pub fn is_marker(url: &str) -> bool {
    url.starts_with(MARK)
}

/// HTML with empty slots where its in-site links go, and their targets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LinkedHtml {
    html: String,
    /// Byte offset in `html` where each target's href goes, in order; boxed so that
    /// the many sections without links pay one pointer.
    slots: Option<Box<[(usize, Target)]>>,
}

impl LinkedHtml {
    /// Takes HTML written with [`marker`]s apart into text and slots.
    pub fn from_marked(marked: String) -> LinkedHtml {
        if !marked.contains(MARK) {
            return LinkedHtml {
                html: marked,
                slots: None,
            };
        }
        let mut html = String::with_capacity(marked.len());
        let mut slots = Vec::new();
        let mut parts = marked.split(MARK);
        html.push_str(parts.next().unwrap_or(""));
        while let (Some(folder), Some(path), Some(suffix), Some(text)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        {
            slots.push((
                html.len(),
                Target {
                    folder: folder.into(),
                    path: (path != OWN_PAGE).then(|| path.into()),
                    suffix: suffix.into(),
                },
            ));
            html.push_str(text);
        }
        LinkedHtml {
            html,
            slots: Some(slots.into()),
        }
    }

    /// The HTML with every slot filled by `href` (the link from the page it goes on).
    pub fn render(&self, href: impl Fn(&Target) -> String) -> String {
        let Some(slots) = &self.slots else {
            return self.html.clone();
        };
        let mut out = String::with_capacity(self.html.len() + 32 * slots.len());
        let mut at = 0;
        for (slot, target) in slots.iter() {
            out.push_str(&self.html[at..*slot]);
            out.push_str(&href(target));
            at = *slot;
        }
        out.push_str(&self.html[at..]);
        out
    }

    /// The in-site targets, in order.
    pub fn targets(&self) -> impl Iterator<Item = &Target> {
        self.slots.iter().flat_map(|s| s.iter()).map(|(_, t)| t)
    }

    /// The HTML with its slots empty (`href=""`): for reading the text, not for a page.
    pub fn as_str(&self) -> &str {
        &self.html
    }
}

impl std::ops::Deref for LinkedHtml {
    type Target = str;

    fn deref(&self) -> &str {
        &self.html
    }
}

impl fmt::Display for LinkedHtml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.html)
    }
}

impl serde::Serialize for LinkedHtml {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.html)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(folder: &str, path: Option<&str>, suffix: &str) -> Option<Target> {
        Some(Target {
            folder: folder.into(),
            path: path.map(Into::into),
            suffix: suffix.into(),
        })
    }

    #[test]
    fn relative_links_resolve_to_site_paths() {
        let f = "a/2025/";
        let at = |path, suffix| t(f, path, suffix);
        assert_eq!(resolve("bilaga.pdf", f), at(Some("a/2025/bilaga.pdf"), ""));
        assert_eq!(
            resolve("2025/bild.png", f),
            at(Some("a/2025/2025/bild.png"), "")
        );
        assert_eq!(resolve("#x", f), at(None, "#x"));
        assert_eq!(resolve("?q=1#x", f), at(None, "?q=1#x"));
        assert_eq!(
            resolve("../2024/index.html#x", f),
            at(Some("a/2024/index.html"), "#x")
        );
        assert_eq!(resolve("./x/../y/", f), at(Some("a/2025/y/"), ""));
        assert_eq!(resolve("./#x", f), at(Some("a/2025/"), "#x"));
        assert_eq!(resolve("..", f), at(Some("a/"), ""));
        assert_eq!(resolve("../..", f), at(Some(""), ""));
        assert_eq!(resolve("../../../../etc/x", f), at(Some("../../etc/x"), ""));
        assert_eq!(resolve("x", ""), t("", Some("x"), ""));
    }

    #[test]
    fn absolute_root_relative_and_empty_links_stay() {
        for url in [
            "https://k.se/",
            "mailto:a@k.se",
            "tel:+4612",
            "javascript:alert(1)",
            "/abs",
            "//host/x",
            "",
        ] {
            assert_eq!(resolve(url, "a/2025/"), None, "{url}");
        }
        // A colon after the first slash is part of the path.
        assert_eq!(resolve("x/a:b", "a/"), t("a/", Some("a/x/a:b"), ""));
    }

    #[test]
    fn targets_are_escaped_as_comrak_escapes_hrefs() {
        assert_eq!(
            resolve("a b&c.pdf#d'e", "s/1/"),
            t("s/1/", Some("s/1/a%20b&amp;c.pdf"), "#d&#x27;e")
        );
    }

    #[test]
    fn marked_html_becomes_slots_filled_per_page() {
        let a = resolve("#x", "a/2025/").unwrap();
        let b = resolve("i.png", "a/2025/").unwrap();
        let root = resolve("../..", "a/2025/").unwrap();
        let marked = format!(
            "<a href=\"{}\">a</a><img src=\"{}\" alt=\"\" /><a href=\"https://k.se/\">c</a>\
             <a href=\"{}\">d</a>",
            marker(&a),
            marker(&b),
            marker(&root)
        );
        let html = LinkedHtml::from_marked(marked);
        assert_eq!(
            html.as_str(),
            "<a href=\"\">a</a><img src=\"\" alt=\"\" /><a href=\"https://k.se/\">c</a>\
             <a href=\"\">d</a>"
        );
        assert_eq!(html.targets().collect::<Vec<_>>(), vec![&a, &b, &root]);
        let shown = |t: &Target| match &t.path {
            Some(p) => format!("../../{p}{}", t.suffix),
            None => format!("../../{}index.html{}", t.folder, t.suffix),
        };
        assert_eq!(
            html.render(shown),
            "<a href=\"../../a/2025/index.html#x\">a</a><img src=\"../../a/2025/i.png\" alt=\"\" />\
             <a href=\"https://k.se/\">c</a><a href=\"../../\">d</a>"
        );
        let plain = LinkedHtml::from_marked("<p>x</p>".into());
        assert_eq!(plain.render(|_| unreachable!()), "<p>x</p>");
    }
}
