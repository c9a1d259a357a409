//! `styrdok build` on fixture sites: pages, metadata, TOC, ids, links, escaping,
//! drafts, base URL, `new`, editorial text. Bad inputs are in `reliability`.

use crate::support::expected::Fixture;
use crate::support::{fixture_dir, SiteTest};

/// The 2024 document of `tests/fixtures/document`.
fn fixture_doc_2024() -> String {
    std::fs::read_to_string(fixture_dir("document").join("content/avtal/2024.md")).unwrap()
}

/// `tests/fixtures/document`: a series of two years (2024 with metadata and code).
fn site() -> SiteTest {
    SiteTest::fixture("document")
}

#[test]
fn builds_a_site_with_only_content() {
    let t = SiteTest::new();
    t.write("content/avtal/2024.md", fixture_doc_2024());
    t.build();
    let html = t.read("avtal/2024/index.html");
    assert!(
        html.contains("<h1 id=\"doc-title\" dir=\"auto\">Överenskommelse 2024</h1>"),
        "{html}"
    );
    assert!(
        html.contains("<h2 id=\"formalia\" dir=\"auto\">"),
        "anchor without the number"
    );
    assert!(html.contains("<span class=\"num\">1.1</span> Parter"));
    assert!(t.read("index.html").contains("href=\"avtal/index.html\""));
    assert!(t.public().join("static/style.css").exists());
    assert!(t.public().join(".styrdok-output").exists());
}

/// The document pages are `tests/fixtures/document/expected/avtal-2024.html` (metadata,
/// table of contents, highlighted code) and `avtal-2025.html` (the current year
/// marked, a link to the change log).
#[test]
fn document_page_has_metadata_toc_years_and_highlighting() {
    let f = Fixture::build("document");
    let main = f.assert_main("avtal/2024/index.html");
    assert!(main.contains("<dt>Diarienummer</dt><dd>KAN23/10</dd>"));
    assert!(main.contains("<span class=\"entity name function rust\">main</span>"));
    assert!(
        f.site.read("static/syntax.css").contains(".comment"),
        "syntax classes have CSS"
    );
    let main = f.assert_main("avtal/2025/index.html");
    assert!(
        main.contains("href=\"../../avtal/2025/andringar.html\""),
        "link to the change log"
    );
}

#[test]
fn raw_html_and_dangerous_links_are_escaped() {
    let t = SiteTest::new();
    t.write(
        "content/a/2025.md",
        "---\ntitle: \"<script>alert('t')</script>\"\nyear: 2025\ndiarienummer: \"<img src=x onerror=alert(1)>\"\n---\n\n# Rubrik <b>fet</b>\n\n<script>alert(1)</script>\n\n<iframe src=\"https://evil\"></iframe>\n\n[klick](javascript:alert(1))\n\n| a | b |\n|---|---|\n| <img src=x onerror=alert(2)> | ok |\n",
    );
    t.build();
    for page in [
        "a/2025/index.html",
        "index.html",
        "a/index.html",
        "a/index.json",
        "atom.xml",
    ] {
        let html = t.read(page);
        for bad in [
            "<script>alert",
            "<iframe",
            "<img src=x",
            "javascript:alert",
            "<b>fet",
        ] {
            assert!(!html.contains(bad), "{page} contains {bad}");
        }
    }
    assert!(t
        .read("a/2025/index.html")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn drafts_are_left_out_unless_asked() {
    let t = site();
    t.write(
        "content/avtal/2026.md",
        "---\ntitle: Utkast 2026\nyear: 2026\nstatus: utkast\n---\n\n# 1 Formalia\n",
    );
    t.build();
    assert!(!t.public().join("avtal/2026").exists());
    let out = t.run(&["build", "--drafts"]);
    assert!(out.status.success());
    assert!(t
        .read("avtal/2026/index.html")
        .contains("Detta är ett utkast"));
}

#[test]
fn base_url_makes_links_absolute() {
    let t = site();
    let out = t.run(&["build", "--base-url", "https://example.se/styrdokument"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = t.read("avtal/2025/index.html");
    assert!(html.contains("href=\"https://example.se/styrdokument/static/style.css\""));
    assert!(html.contains("href=\"https://example.se/styrdokument/avtal/2024/\""));
    assert!(html
        .contains("<link rel=\"canonical\" href=\"https://example.se/styrdokument/avtal/2025/\">"));
    assert!(t
        .read("sitemap.xml")
        .contains("<loc>https://example.se/styrdokument/avtal/2025/</loc>"));
}

#[test]
fn summary_line_and_output_option() {
    let t = site();
    let out_dir = t.root().join("elsewhere/out");
    let out = t.run(&["build", "--output", out_dir.to_str().unwrap()]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("built 1 series, 2 documents"), "{stdout}");
    assert!(out_dir.join("avtal/2025/index.html").exists());
}

#[test]
fn new_starts_next_year_as_a_draft() {
    let t = site();
    let out = t.run(&["new", "avtal"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(t.root().join("content/avtal/2026.md")).unwrap();
    assert!(
        text.contains("year: 2026")
            && text.contains("status: utkast")
            && text.contains("title: Överenskommelse 2026")
    );
    let out = t.run(&["new", "avtal", "--year", "2026"]);
    assert_eq!(out.status.code(), Some(1), "refuses to overwrite");
    let t2 = site();
    t2.write("content/avtal/2024.md", "---\ntitle: Överenskommelse 2024\nyear: 2024\ndiarienummer: KAN23/10\nbeslutsdatum: 2023-12-13\n---\n# A\n");
    t2.write("content/avtal/2025.md", "---\ntitle: Överenskommelse 2025\nyear: 2025\ndiarienummer: KAN24/22\nbeslutsdatum: 2024-12-18\n---\n# A\n");
    assert!(t2.run(&["new", "avtal"]).status.success());
    let text = std::fs::read_to_string(t2.root().join("content/avtal/2026.md")).unwrap();
    assert!(
        !text.contains("diarienummer") && !text.contains("beslutsdatum"),
        "{text}"
    );
}

/// Issue 17: editorial text (the publisher's, not the committee's) is labelled on the
/// page, in words, wherever it is: the front-matter fields under the title and beside
/// their values, and `> [!redaktionellt]` notes in the body. Other quotes stay quotes.
///
/// The page is `tests/fixtures/editorial/expected/avtal-2024.html`.
#[test]
fn editorial_text_is_labelled_on_the_page() {
    let f = Fixture::build("editorial");
    let main = f.assert_main("avtal/2024/index.html");
    let label = "<p class=\"editorial-head\"><strong class=\"editorial-label\">Redaktionell anmärkning</strong> <span class=\"editorial-explanation\">Text från utgivaren, inte ur det beslutade dokumentet.</span></p>";
    assert_eq!(
        main.matches(label).count(),
        3,
        "two fields and one note: {main}"
    );
    assert!(
        !main.contains("[!redaktionellt]"),
        "the marker itself is not shown"
    );
    // The title note sits in the page header, right under the title.
    let title_at = main.find("<h1 id=\"doc-title\"").unwrap();
    let note_at = main.find("Titel: Källan saknar titel").unwrap();
    assert!(title_at < note_at && note_at < title_at + main[title_at..].find("</header>").unwrap());
    // The open data keeps which fields are editorial.
    let value = f.site.document_json("avtal", 2024);
    assert!(value["metadata"]["redaktionellt"].is_object(), "{value}");
}

/// The bundled content marks its editorial text by that convention.
#[test]
fn bundled_editorial_text_is_labelled() {
    let t = SiteTest::new();
    crate::support::copy_dir(
        &crate::support::repo_root().join("content"),
        &t.root().join("content"),
    );
    t.build();
    for (page, text) in [
        (
            "nykoping-kan-dso/2024/index.html",
            "Titel: Källan anger ingen titel för 2024",
        ),
        (
            "nykoping-kan-dso/2026/index.html",
            "Titel: Källan anger ingen titel för 2026",
        ),
        (
            "nykoping-kan-dso/2025/index.html",
            "Figur saknas i textutdraget:",
        ),
        (
            "nykoping-kan-dso/2026/index.html",
            "Figur saknas i textutdraget:",
        ),
    ] {
        let html = t.read(page);
        let at = html
            .find(text)
            .unwrap_or_else(|| panic!("{page}: {text:?} missing"));
        let note = html[..at]
            .rfind("<div class=\"editorial\" role=\"note\">")
            .unwrap_or_else(|| panic!("{page}: {text:?} is not in an editorial note"));
        assert!(
            html[note..at].contains("Redaktionell anmärkning")
                && !html[note..at].contains("</div>"),
            "{page}: {text:?} lacks its label"
        );
    }
}
