//! Feeds, sitemap, robots, head metadata, and printing a document.

use super::*;

#[test]
fn feeds_sitemap_robots_and_head_metadata_are_sensible() {
    for base in [None, Some(SUB_PATH)] {
        let out = build_bundled(base);
        let robots = read(out.path(), "robots.txt");
        assert!(robots.starts_with("User-agent: *\n"), "{robots}");
        match base {
            Some(b) => assert!(
                robots.contains(&format!("Sitemap: {b}sitemap.xml\n")),
                "{robots}"
            ),
            None => assert!(
                !robots.contains("Sitemap:"),
                "robots.txt may only name a sitemap by full URL: {robots}"
            ),
        }
        let atom = read(out.path(), "atom.xml");
        assert!(atom.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""));
        let entries: Vec<&str> = atom.split("<entry>").skip(1).collect();
        assert_eq!(
            entries.len(),
            5 + 2,
            "every document and every change log: {atom}"
        );
        let updated: Vec<&str> = entries
            .iter()
            .map(|e| {
                e.split("<updated>")
                    .nth(1)
                    .and_then(|u| u.get(..10))
                    .unwrap_or("")
            })
            .collect();
        let mut sorted = updated.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(updated, sorted, "newest first");
        for e in &entries {
            for tag in [
                "<id>",
                "<title>",
                "<link rel=\"alternate\" href=\"",
                "<updated>",
                "<summary>",
            ] {
                assert!(e.contains(tag), "entry without {tag}: {e}");
            }
        }
        let sitemap = read(out.path(), "sitemap.xml");
        let locs: Vec<String> = styrdok::html::xml_links(&sitemap)
            .into_iter()
            .map(|(_, loc)| loc)
            .collect();
        for doc in [
            "nykoping-kan-dso/2024/",
            "nykoping-kan-dso/2026/andringar.html",
            "norrkoping-av-namnden-kvalitetsredovisning/2011/",
        ] {
            let want = match base {
                Some(b) => format!("{b}{doc}"),
                None if doc.ends_with('/') => format!("{doc}index.html"),
                None => doc.to_string(),
            };
            assert!(locs.contains(&want), "sitemap lacks {want}: {locs:?}");
        }
        for page in PAGE_TYPES.iter().filter(|p| **p != "404.html") {
            let html = read(out.path(), page);
            let tags = styrdok::html::start_tags(&html);
            let meta = |name: &str| -> Option<String> {
                tags.iter()
                    .filter(|t| t.name == "meta")
                    .find(|t| t.attr("name").or(t.attr("property")) == Some(name))
                    .and_then(|t| t.attr("content").map(String::from))
            };
            let canonical = tags
                .iter()
                .find(|t| t.name == "link" && t.attr("rel") == Some("canonical"))
                .and_then(|t| t.attr("href").map(String::from));
            let dir = page.trim_end_matches("index.html");
            match base {
                Some(b) => {
                    assert_eq!(
                        canonical.as_deref(),
                        Some(format!("{b}{dir}").as_str()),
                        "{page}"
                    );
                    assert_eq!(meta("og:url"), canonical, "{page}");
                }
                None => {
                    let file = page.rsplit('/').next().unwrap_or(page);
                    assert_eq!(canonical.as_deref(), Some(file), "{page}: the page itself");
                    assert_eq!(meta("og:url"), None, "{page}: og:url must be absolute");
                }
            }
            assert!(
                meta("description").is_some_and(|d| d.len() > 10),
                "{page}: meta description"
            );
            assert!(
                meta("og:title").is_some_and(|t| !t.is_empty()),
                "{page}: og:title"
            );
            let og_type = if page.ends_with("2025/index.html") {
                "article"
            } else {
                "website"
            };
            assert_eq!(meta("og:type").as_deref(), Some(og_type), "{page}");
        }
        let notfound = read(out.path(), "404.html");
        assert!(
            notfound.contains("<meta name=\"robots\" content=\"noindex\">")
                && !notfound.contains("rel=\"canonical\""),
            "404 is not indexed"
        );
        if let Some(b) = base {
            assert!(
                notfound.contains(&format!("href=\"{b}static/style.css\"")),
                "404 is served at any depth: absolute links"
            );
        }
    }
}

/// Atom and sitemap are well-formed XML (the browser's XML parser says so).
#[test]
fn feeds_are_well_formed_xml() {
    let Some((_lock, b)) = browser(1280) else {
        return;
    };
    let out = build_bundled(Some(SUB_PATH));
    b.goto(&file_url(out.path(), "index.html"));
    for (file, root) in [("atom.xml", "feed"), ("sitemap.xml", "urlset")] {
        let text = read(out.path(), file);
        let script = format!(
            "const d = new DOMParser().parseFromString({}, 'application/xml');
             const err = d.querySelector('parsererror');
             return err ? 'error: ' + err.textContent : d.documentElement.localName;",
            serde_json::to_string(&text).expect("json")
        );
        assert_eq!(b.eval(&script), Value::String(root.into()), "{file}");
    }
}

// ---------------------------------------------------------------- print

#[test]
fn printing_a_document_gives_the_document_alone() {
    let Some((_lock, b)) = browser(1280) else {
        return;
    };
    let t = SiteTest::new();
    t.write(
        "content/avtal/2025.md",
        "---\ntitle: Avtal 2025\nyear: 2025\ndiarienummer: KS 2025/1\n---\n\n# Formalia\n\nSe [lagen](https://www.riksdagen.se/lag/) och [avsnittet](#parter).\n\n## Parter\n\n| Part | Roll |\n|---|---|\n| Nämnden | Beställare |\n",
    );
    t.build();
    b.goto(&file_url(&t.public(), "avtal/2025/index.html"));
    force_media(&b, "print");
    let shown = |css: &str| {
        b.eval(&format!("const e = document.querySelector(\"{css}\"); return !!e && getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().height > 0"))
    };
    for hidden in [
        ".site-header",
        ".site-footer",
        ".breadcrumbs",
        ".toc",
        ".years",
        ".search-form",
        ".skip-link",
    ] {
        assert_eq!(shown(hidden), Value::Bool(false), "{hidden} is printed");
    }
    for kept in [
        "h1",
        ".metadata",
        ".doc-body h2",
        ".doc-body table",
        ".doc-series",
    ] {
        assert_eq!(shown(kept), Value::Bool(true), "{kept} is not printed");
    }
    let style = |css: &str, prop: &str| {
        b.eval(&format!(
            "return getComputedStyle(document.querySelector(\"{css}\")).{prop}"
        ))
        .as_str()
        .unwrap_or_default()
        .to_string()
    };
    assert_eq!(
        style(".doc-body h2", "breakAfter"),
        "avoid",
        "headings stay with their text"
    );
    assert_eq!(
        style(".doc-body tr", "breakInside"),
        "avoid",
        "table rows are not split"
    );
    assert_eq!(
        style(".doc-body thead", "display"),
        "table-header-group",
        "headers repeat on each page"
    );
    let after = |css: &str| {
        b.eval(&format!(
            "return getComputedStyle(document.querySelector(\"{css}\"), '::after').content"
        ))
        .as_str()
        .unwrap_or_default()
        .to_string()
    };
    assert!(
        after(".doc-body a[href^='https']").contains("https://www.riksdagen.se/lag/"),
        "link target written out"
    );
    assert!(
        !after(".doc-body a[href^='#']").contains('#'),
        "in-page links are not written out"
    );
}
