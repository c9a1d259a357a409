//! Fixture sites checked against expected files: `tests/fixtures/<case>/content/…` is
//! built, and the `<main>` of a page is compared with
//! `tests/fixtures/<case>/expected/<page>.html`, where `<page>` is the page's path
//! without `/index.html`, `/` replaced by `-` (`avtal/2025/andringar.html` →
//! `avtal-2025-andringar.html`).
//!
//! After a change to the output that is meant, `STYRDOK_BLESS=1 cargo test --test it`
//! rewrites the expected files from the new output; review them with `git diff`.

use super::{fixture_dir, SiteTest};
use std::path::PathBuf;

/// A fixture site, built.
pub struct Fixture {
    pub case: String,
    pub site: SiteTest,
}

impl Fixture {
    /// Copies `tests/fixtures/<case>` to a temp dir and builds it.
    pub fn build(case: &str) -> Fixture {
        let site = SiteTest::fixture(case);
        site.build();
        Fixture {
            case: case.to_string(),
            site,
        }
    }

    /// Asserts that the `<main>` of the built `page` equals its expected file (or
    /// rewrites that file under `STYRDOK_BLESS=1`). Returns the page's `<main>`.
    pub fn assert_main(&self, page: &str) -> String {
        let html = self.site.read(page);
        let actual = format!(
            "{}\n",
            main_of(&html).unwrap_or_else(|| panic!("{page}: no <main>"))
        );
        let path = self.expected_path(page);
        if blessing() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &actual).unwrap();
            eprintln!("blessed {}", path.display());
            return actual;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}\n  hint: STYRDOK_BLESS=1 cargo test --test it writes it from the output",
                path.display()
            )
        });
        if expected != actual {
            let diff = similar::TextDiff::from_lines(&expected, &actual);
            panic!(
                "<main> of {page} differs from {}:\n{}\n  hint: if the change is meant, STYRDOK_BLESS=1 cargo test --test it rewrites it",
                path.display(),
                diff.unified_diff().context_radius(3).header("expected", "built")
            );
        }
        actual
    }

    /// `tests/fixtures/<case>/expected/<page>.html`.
    fn expected_path(&self, page: &str) -> PathBuf {
        let name = page
            .strip_suffix("/index.html")
            .or_else(|| page.strip_suffix(".html"))
            .unwrap_or(page)
            .replace('/', "-");
        fixture_dir(&self.case)
            .join("expected")
            .join(format!("{name}.html"))
    }
}

/// Whether `STYRDOK_BLESS=1` asks to rewrite the expected files.
fn blessing() -> bool {
    std::env::var("STYRDOK_BLESS").as_deref() == Ok("1")
}

/// The `<main …>…</main>` element of a page (styrdok writes one per page).
pub fn main_of(html: &str) -> Option<&str> {
    let start = html.find("<main")?;
    let end = start + html[start..].find("</main>")? + "</main>".len();
    Some(&html[start..end])
}
