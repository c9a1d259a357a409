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

    /// Link from the page in `page_dir` to an in-site target of a document's text. On
    /// the document's own page the link is as written, relative (`#x` stays on the
    /// page); elsewhere it goes through the site root like every other link, the
    /// document's page itself as a page (`…/index.html#x` on disk).
    pub fn target(&self, page_dir: &str, t: &Target) -> String {
        let own = t.folder == page_dir;
        let d = depth(page_dir);
        match &t.path {
            None if own => t.suffix.clone(),
            None => format!("{}{}", self.href(d, &t.folder), t.suffix),
            Some(path) if own => {
                let link = format!("{}{}", relative(page_dir, path), t.suffix);
                if link.is_empty() {
                    "./".into()
                } else {
                    link
                }
            }
            Some(path) => format!("{}{path}{}", self.root(d), t.suffix),
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

/// Open data of a series, every year in one file.
pub fn series_json(slug: &str) -> String {
    format!("{slug}/index.json")
}

/// Folder of the page that leads to a series' newest year.
pub fn latest_dir(slug: &str) -> String {
    format!("{slug}/senaste/")
}

/// Page of a document's change log. A file, not a folder with an `index.html`:
/// on disk every folder costs as much as a file (made, and deleted by the next build).
pub fn changes_page(slug: &str, year: i32) -> String {
    format!("{slug}/{year}/andringar.html")
}

/// Page comparing two years (a file in the series' folder, like the change log).
pub fn compare_page(slug: &str, old: i32, new: i32) -> String {
    format!("{slug}/jamfor-{old}-{new}.html")
}

/// Page that compares any two years of a series in the browser.
pub fn assembled_page(slug: &str) -> String {
    format!("{slug}/jamfor.html")
}

/// Its data: the change logs of every step.
pub fn assembled_data(slug: &str) -> String {
    format!("{slug}/jamfor.js")
}

/// Relative link from folder `from` ("a/2025/") to site path `to` ("a/2024/x.png" →
/// "../2024/x.png").
fn relative(from: &str, to: &str) -> String {
    let mut up = 0;
    let mut rest = to;
    let mut common = true;
    for seg in from.split('/').filter(|s| !s.is_empty()) {
        match rest.strip_prefix(seg).and_then(|r| r.strip_prefix('/')) {
            Some(r) if common => rest = r,
            _ => {
                common = false;
                up += 1;
            }
        }
    }
    format!("{}{rest}", "../".repeat(up))
}

/// Depth of a page's folder: of a folder path ("a/2025/" → 2) or of a page file
/// ("a/2025/andringar.html" → 2).
pub fn depth(page: &str) -> usize {
    page.matches('/').count()
}

/// The file a page is written to: `index.html` of a folder path, else the path itself.
pub fn page_file(page: &str) -> String {
    if page.is_empty() || page.ends_with('/') {
        format!("{page}index.html")
    } else {
        page.to_string()
    }
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
        assert_eq!(depth("a/2025/"), 2);
        assert_eq!(depth("a/2025/andringar.html"), 2);
        assert_eq!(
            rel.href(2, "a/2025/andringar.html"),
            "../../a/2025/andringar.html"
        );
        assert_eq!(page_file("a/2025/"), "a/2025/index.html");
        assert_eq!(page_file(""), "index.html");
        assert_eq!(
            page_file("a/jamfor-2024-2026.html"),
            "a/jamfor-2024-2026.html"
        );
    }

    #[test]
    fn document_targets_from_any_page() {
        let t = |url: &str| crate::html::linked::resolve(url, "a/2025/").unwrap();
        let rel = Urls::new("");
        // On the document's own page, as written.
        for url in [
            "#x",
            "bilaga.pdf",
            "2025/b.png",
            "../2024/index.html#y",
            "../../b/",
            "../../../x",
        ] {
            assert_eq!(rel.target("a/2025/", &t(url)), url);
        }
        assert_eq!(rel.target("a/2025/", &t(".")), "./");
        assert_eq!(rel.target("a/2025/", &t("./x/../y")), "y");
        // Elsewhere through the root; the page itself as a page.
        assert_eq!(
            rel.target("a/2025/andringar.html", &t("#x")),
            "../../a/2025/index.html#x"
        );
        assert_eq!(
            rel.target("a/jamfor.html", &t("../2024/b.pdf?v=2")),
            "../a/2024/b.pdf?v=2"
        );
        assert_eq!(rel.target("a/jamfor.html", &t("../../b/")), "../b/");
        let abs = Urls::new("https://x.se/sd/");
        assert_eq!(
            abs.target("a/2025/andringar.html", &t("#x")),
            "https://x.se/sd/a/2025/#x"
        );
        assert_eq!(
            abs.target("a/2025/andringar.html", &t("b.pdf")),
            "https://x.se/sd/a/2025/b.pdf"
        );
        assert_eq!(abs.target("a/2025/", &t("../2024/")), "../2024/");
        assert_eq!(relative("", "a/b"), "a/b");
        assert_eq!(relative("a/2025x/", "a/2025/b"), "../2025/b");
    }
}
