//! Link building. With no base URL every link is relative and ends in `index.html`
//! (so the folder works opened from disk); with one, links are absolute and end in `/`.

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
}
