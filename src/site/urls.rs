//! Link building. With no base URL every link is relative and ends in `index.html`
//! (so the folder works opened from disk); with one, links are absolute and end in `/`.

use crate::html::{LinkedHtml, Target};

/// Builds links from a page at some depth to any site path.
#[derive(Debug, Clone)]
pub struct Urls {
    base: String,
}

impl Urls {
    /// `base` is the normalised base URL (`""` for relative links).
    pub fn new(base: &str) -> Urls {
        Urls {
            base: base.to_string(),
        }
    }

    /// Whether links are absolute.
    pub fn is_absolute(&self) -> bool {
        !self.base.is_empty()
    }

    /// Link from a page `depth` folders below the root to `target` ("a/2025/", "static/x.css", "").
    pub fn href(&self, depth: usize, target: &str) -> String {
        if self.is_absolute() {
            return format!("{}{target}", self.base);
        }
        let mut out = "../".repeat(depth);
        out.push_str(target);
        if target.is_empty() || target.ends_with('/') {
            out.push_str("index.html");
        }
        out
    }

    /// Prefix for assets (`static/…`) from a page at `depth`.
    pub fn root(&self, depth: usize) -> String {
        if self.is_absolute() {
            self.base.clone()
        } else {
            "../".repeat(depth)
        }
    }

    /// Link from the page in `page_dir` to an in-site target of a document's text. A
    /// target in the page's own folder is linked relative to it, so a document's page
    /// keeps its links as written and `#x` stays on the page; any other through the
    /// site root, like every other link of the site.
    pub fn target(&self, page_dir: &str, t: &Target) -> String {
        if let Some(rest) = t.path.strip_prefix(page_dir) {
            let link = format!("{rest}{}", t.suffix);
            return if link.is_empty() { "./".into() } else { link };
        }
        let d = depth(page_dir);
        if t.path.is_empty() || t.path.ends_with('/') {
            format!("{}{}", self.href(d, &t.path), t.suffix)
        } else {
            format!("{}{}{}", self.root(d), t.path, t.suffix)
        }
    }

    /// A document's HTML as shown on the page in `page_dir`, its links made from there.
    pub fn fill(&self, page_dir: &str, html: &LinkedHtml) -> String {
        html.render(|t| self.target(page_dir, t))
    }

    /// Absolute URL of a site path when a base URL is set, else a root-relative path.
    pub fn absolute(&self, target: &str) -> String {
        if self.is_absolute() {
            format!("{}{target}", self.base)
        } else {
            format!("/{target}")
        }
    }
}

/// Names the site itself uses at the top of the output. A series folder whose slug is
/// one of these would overwrite a site page or be overwritten by it, so it is refused.
/// (Slugs are lowercase ASCII letters, digits and `-`, so `atom.xml` cannot collide
/// today; the list names every top-level output all the same. `serve` also answers
/// under `__styrdok/`, which no slug can spell.)
pub const RESERVED_TOP_LEVEL: &[&str] = &[
    "sok",
    "search",
    "static",
    "tillganglighet",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
    "404.html",
    "index.html",
];

/// Folder of a series.
pub fn series_dir(slug: &str) -> String {
    format!("{slug}/")
}

/// Folder of a document.
pub fn document_dir(slug: &str, year: i32) -> String {
    format!("{slug}/{year}/")
}

/// Folder of the page that leads to a series' newest year.
pub fn latest_dir(slug: &str) -> String {
    format!("{slug}/senaste/")
}

/// Folder of a document's change log.
pub fn changes_dir(slug: &str, year: i32) -> String {
    format!("{slug}/{year}/andringar/")
}

/// Folder of a comparison of two years.
pub fn compare_dir(slug: &str, old: i32, new: i32) -> String {
    format!("{slug}/jamfor/{old}-{new}/")
}

/// Folder of the page that compares any two years of a series in the browser (its
/// data, the change logs of every step, is `steg.js` beside it).
pub fn assembled_dir(slug: &str) -> String {
    format!("{slug}/jamfor/")
}

/// Depth of a folder path ("a/2025/" → 2).
pub fn depth(dir: &str) -> usize {
    dir.matches('/').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_and_absolute_links() {
        let rel = Urls::new("");
        assert_eq!(rel.href(2, "a/2025/"), "../../a/2025/index.html");
        assert_eq!(rel.href(0, ""), "index.html");
        assert_eq!(rel.href(1, "static/style.css"), "../static/style.css");
        let abs = Urls::new("https://x.se/sd/");
        assert_eq!(abs.href(2, "a/2025/"), "https://x.se/sd/a/2025/");
        assert_eq!(abs.href(0, ""), "https://x.se/sd/");
        assert_eq!(depth("a/2025/andringar/"), 3);
    }

    #[test]
    fn document_targets_from_any_page() {
        let t = |path: &str, suffix: &str| Target {
            path: path.into(),
            suffix: suffix.into(),
        };
        let rel = Urls::new("");
        assert_eq!(rel.target("a/2025/", &t("a/2025/", "#x")), "#x");
        assert_eq!(rel.target("a/2025/", &t("a/2025/", "")), "./");
        assert_eq!(
            rel.target("a/2025/", &t("a/2025/2025/b.png", "")),
            "2025/b.png"
        );
        assert_eq!(
            rel.target("a/2025/andringar/", &t("a/2025/", "#x")),
            "../../../a/2025/index.html#x"
        );
        assert_eq!(
            rel.target("a/jamfor/", &t("a/2024/b.pdf", "?v=2")),
            "../../a/2024/b.pdf?v=2"
        );
        assert_eq!(rel.target("", &t("a/b.pdf", "")), "a/b.pdf");
        assert_eq!(rel.target("a/2025/", &t("../x", "")), "../../../x");
        let abs = Urls::new("https://x.se/sd/");
        assert_eq!(
            abs.target("a/2025/andringar/", &t("a/2025/", "#x")),
            "https://x.se/sd/a/2025/#x"
        );
        assert_eq!(abs.target("a/2025/", &t("a/2025/b.pdf", "")), "b.pdf");
    }
}
