//! A document's own links — relative links, images, `#fragments`, footnote marks — lead
//! to the same files from every page that shows its text: the document, its change log
//! (the redline's deleted words into the older document) and a comparison, with
//! relative links and under a base URL. Fixture: `tests/fixtures/links/` (three years
//! of one document with an image per year; "Formalia" changes every year, "Utskick på
//! papper" is removed in 2025 and "Området" added).

use crate::support::expected::main_of;
use crate::support::SiteTest;
use std::collections::BTreeSet;

const BASE: &str = "https://kommun.se/sd/";

/// `(tag, built file#fragment)` of every in-site link and image in the `<main>` of
/// `page`, resolved against the page's URL as `check` (and a browser) resolves them.
fn targets(t: &SiteTest, page: &str, base: &str) -> BTreeSet<(String, String)> {
    let html = t.read(page);
    let main = main_of(&html).expect("a <main>");
    let mut out = BTreeSet::new();
    for tag in styrdok::html::start_tags(main) {
        let Some(href) = tag.attr("href").or_else(|| tag.attr("src")) else {
            continue;
        };
        let Some((mut path, fragment)) = styrdok::check::link_target(page, href, base) else {
            continue;
        };
        if path.is_empty() || path.ends_with('/') {
            path.push_str("index.html");
        }
        let target = match fragment {
            Some(f) => format!("{path}#{f}"),
            None => path,
        };
        out.insert((tag.name.clone(), target));
    }
    out
}

/// Every target exists in the output, and so does its fragment's id.
fn assert_exist(t: &SiteTest, page: &str, found: &BTreeSet<(String, String)>) {
    for (_, target) in found {
        let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
        let file = t.public().join(path);
        assert!(file.is_file(), "{page}: {target} is not in the output");
        if !fragment.is_empty() {
            let text = std::fs::read_to_string(&file).unwrap();
            assert!(
                text.contains(&format!("id=\"{fragment}\"")),
                "{page}: no id {fragment} in {path}"
            );
        }
    }
}

fn want(items: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    items
        .iter()
        .map(|(tag, target)| (tag.to_string(), target.to_string()))
        .collect()
}

/// The links of 2025's "Formalia" and "Området" as the document page has them.
fn formalia_and_area(year: i32, last: i32) -> BTreeSet<(String, String)> {
    let map = format!("avtal/{year}/{year}/karta.png");
    want(&[
        ("a", &map),
        ("a", &format!("avtal/{year}/index.html#ekonomi")),
        ("a", &format!("avtal/{last}/index.html#formalia")),
        ("a", &format!("avtal/{year}/index.html#fn-1")),
        ("img", &map),
    ])
}

fn check_site(base: &str) {
    let t = SiteTest::fixture("links");
    if base.is_empty() {
        t.build();
    } else {
        let out = t.run(&["build", "--base-url", base]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let doc25 = targets(&t, "avtal/2025/index.html", base);
    let changes25 = targets(&t, "avtal/2025/andringar/index.html", base);
    let doc26 = targets(&t, "avtal/2026/index.html", base);
    let compare = targets(&t, "avtal/jamfor/2024-2026/index.html", base);
    for (page, found) in [
        ("avtal/2025/index.html", &doc25),
        ("avtal/2025/andringar/index.html", &changes25),
        ("avtal/2026/index.html", &doc26),
        ("avtal/jamfor/2024-2026/index.html", &compare),
    ] {
        assert_exist(&t, page, found);
    }
    // The document's own links, the same files on its page, its change log and the
    // comparison of 2026 with 2024.
    let own25 = formalia_and_area(2025, 2024);
    let own26 = formalia_and_area(2026, 2025);
    assert!(own25.is_subset(&doc25), "{own25:?} on the page: {doc25:?}");
    assert!(own25.is_subset(&changes25), "{own25:?} in {changes25:?}");
    assert!(own26.is_subset(&doc26), "{own26:?} on the page: {doc26:?}");
    assert!(own26.is_subset(&compare), "{own26:?} in {compare:?}");
    // Words deleted from 2024 link into 2024, and its removed section shows its image.
    let old = want(&[
        ("a", "avtal/2024/2024/karta.png"),
        ("a", "avtal/2024/index.html#ekonomi"),
        ("img", "avtal/2024/2024/karta.png"),
    ]);
    assert!(old.is_subset(&changes25), "{old:?} in {changes25:?}");
    assert!(old.is_subset(&compare), "{old:?} in {compare:?}");

    // On the document's page its links stay as written where they stay in its folder.
    let page = t.read("avtal/2025/index.html");
    for written in [
        "href=\"2025/karta.png\"",
        "src=\"2025/karta.png\"",
        "href=\"#ekonomi\"",
        "href=\"#fn-1\"",
    ] {
        assert!(page.contains(written), "{written}");
    }
    // `styrdok check` finds no broken link anywhere in the site.
    let mut args = vec!["check"];
    if !base.is_empty() {
        args.extend(["--base-url", base]);
    }
    let out = t.run(&args);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn document_links_lead_to_the_same_files_from_every_page() {
    check_site("");
}

#[test]
fn document_links_lead_to_the_same_files_under_a_base_url() {
    check_site(BASE);
}
