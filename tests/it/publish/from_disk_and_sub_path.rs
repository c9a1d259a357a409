//! The built folder from `file://` and under a sub-path on a server: links and search.

use super::*;

/// Every `href`/`src`/`action` of a page, entities decoded.
fn page_links(html: &str) -> Vec<String> {
    styrdok::html::start_tags(html)
        .into_iter()
        .flat_map(|t| t.attrs)
        .filter(|a| matches!(a.name.as_str(), "href" | "src" | "action"))
        .map(|a| a.value)
        .collect()
}

/// `rel` resolved against the folder URL `page` (ending in `/`).
fn join(page: &str, rel: &str) -> String {
    let mut out: Vec<&str> = page.trim_end_matches('/').split('/').collect();
    for seg in rel.split('/') {
        match seg {
            ".." => {
                out.pop();
            }
            "." => {}
            s => out.push(s),
        }
    }
    out.join("/")
}

/// Built under the sub-path base URL and served there, every link of every page (and
/// of the 404 page a server sends for any miss) loads, and every #fragment exists.
#[test]
fn sub_path_links_resolve_on_a_server() {
    let out = build_bundled(Some(SUB_PATH));
    let server = Server::start(out.path(), "/styrdokument/");
    let local = |url: &str| url.replacen(SUB_PATH, &server.base(), 1);
    let mut fetched: std::collections::HashMap<String, (u16, String)> =
        std::collections::HashMap::new();
    let mut fetch = |url: &str| -> (u16, String) {
        fetched
            .entry(url.to_string())
            .or_insert_with(|| match ureq::get(url).call() {
                Ok(r) => (r.status(), r.into_string().unwrap_or_default()),
                Err(ureq::Error::Status(code, r)) => (code, r.into_string().unwrap_or_default()),
                Err(e) => panic!("{url}: {e}"),
            })
            .clone()
    };
    let mut pages: Vec<String> = html_pages(out.path())
        .iter()
        .filter(|p| *p != "404.html")
        .map(|p| format!("{SUB_PATH}{}", p.trim_end_matches("index.html")))
        .collect();
    pages.push(format!("{SUB_PATH}finns/inte/"));
    let mut failures = Vec::new();
    let mut checked = 0;
    for page in &pages {
        let (status, html) = fetch(&local(page));
        let expected = if page.contains("finns/inte") {
            404
        } else {
            200
        };
        assert_eq!(status, expected, "{page}");
        for link in page_links(&html) {
            // Relative links resolve against the page, as in a browser.
            let link = if link.contains("://")
                || link.starts_with('/')
                || link.starts_with('#')
                || link.is_empty()
            {
                link
            } else {
                join(page, &link)
            };
            let (target, fragment) = link
                .split_once('#')
                .map_or((link.as_str(), None), |(t, f)| (t, Some(f)));
            if target.is_empty() {
                continue;
            }
            if link.starts_with('/') || (!link.starts_with(SUB_PATH) && !link.starts_with("http")) {
                failures.push(format!("{page}: {link} is not under the base URL"));
                continue;
            }
            if !link.starts_with(SUB_PATH) {
                continue; // external
            }
            checked += 1;
            let (status, body) = fetch(&local(target.split('?').next().unwrap_or(target)));
            if status != 200 {
                failures.push(format!("{page}: {link} → {status}"));
            } else if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                if !body.contains(&format!("id=\"{f}\"")) {
                    failures.push(format!("{page}: {link}: no id {f}"));
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} links checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let sitemap = read(out.path(), "sitemap.xml");
    for (_, loc) in styrdok::html::xml_links(&sitemap) {
        assert!(loc.starts_with(SUB_PATH), "{loc}");
        assert_eq!(fetch(&local(&loc)).0, 200, "sitemap {loc}");
    }
}

/// With no base URL the built folder works opened from disk: every link names a
/// file, and a reader can click from the home page to a change log, styled.
#[test]
fn the_built_folder_works_from_disk() {
    let out = build_bundled(None);
    for page in html_pages(out.path()) {
        let html = read(out.path(), &page);
        for link in page_links(&html) {
            let target = link.split(['#', '?']).next().unwrap_or("");
            assert!(
                !link.starts_with('/') && !link.starts_with("file:"),
                "{page}: {link} is not relative"
            );
            assert!(
                target.is_empty() || !target.ends_with('/'),
                "{page}: {link} names a folder"
            );
        }
    }
    let Some((_lock, b)) = browser(1280) else {
        return;
    };
    b.goto(&file_url(out.path(), "index.html"));
    let styled = "return getComputedStyle(document.querySelector('.site-header')).backgroundColor !== 'rgba(0, 0, 0, 0)'";
    for (click, want_h1) in [
        (".series-card:last-child h3 a", "Överenskommelse mellan"),
        (".doc-list li:first-child .doc-link", "Överenskommelse 2026"),
        (".changes-link a", "Ändringar 2025–2026"),
        (".breadcrumbs li:nth-child(2) a", "Överenskommelse mellan"),
        (
            ".site-footer a[href*='tillganglighet']",
            "Tillgänglighetsredogörelse",
        ),
    ] {
        b.click(click);
        assert!(b.wait_for(&format!("return document.readyState === 'complete' && document.querySelector('h1').textContent.includes('{want_h1}')"), std::time::Duration::from_secs(10)), "after clicking {click}: {}", b.current_url());
        assert!(
            b.current_url().starts_with("file://") && b.current_url().ends_with(".html"),
            "{}",
            b.current_url()
        );
        assert_eq!(
            b.eval(styled),
            Value::Bool(true),
            "stylesheet not loaded at {}",
            b.current_url()
        );
    }
}

/// Search works from disk and under a sub-path: a query finds sections, and a hit
/// opens the section.
#[test]
fn search_works_from_disk_and_under_a_sub_path() {
    let Some((_lock, b)) = browser(1280) else {
        return;
    };
    let disk = build_bundled(None);
    let dir = tempfile::tempdir().expect("tempdir");
    let server = Server::start(dir.path(), "/styrdokument/");
    let served = build_bundled(Some(&server.base()));
    crate::support::copy_dir(served.path(), dir.path());
    for url in [
        file_url(disk.path(), "sok/index.html?q=arbetsträning"),
        format!("{}sok/?q=arbetsträning", server.base()),
    ] {
        eprintln!("search at {url}");
        b.goto(&url);
        let found = b.wait_for(
            "return document.querySelectorAll('#search-results a[href*=\"#\"]').length > 0",
            std::time::Duration::from_secs(15),
        );
        assert!(
            found,
            "no search results at {url}: {}",
            b.eval("return document.getElementById('search-status').textContent")
        );
        let href = b.eval("return document.querySelector('#search-results a[href*=\"#\"]').href");
        let href = href.as_str().unwrap_or_default().to_string();
        eprintln!("search hit {href}");
        b.goto(&href);
        let fragment = href.split('#').nth(1).unwrap_or_default().to_string();
        let exists = b.eval(&format!(
            "return document.getElementById(decodeURIComponent('{fragment}')) !== null"
        ));
        assert_eq!(exists, Value::Bool(true), "search hit {href} has no target");
    }
}

// ---------------------------------------------------------------- feeds and head
