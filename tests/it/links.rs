//! A document's own links — relative links, images, `#fragments`, footnote marks — lead
//! to the same files from every page that shows its text: the document, its change log
//! (the redline's deleted words into the older document), a comparison and the
//! assembled comparison's `steg.js`, with relative links and under a base URL. Fixture:
//! `tests/fixtures/links/` (2024–2027 of one document with an image per year;
//! "Formalia" changes every year, "Utskick på papper" is removed in 2025 and "Området"
//! added).

use crate::support::expected::main_of;
use crate::support::SiteTest;
use std::collections::BTreeSet;

const BASE: &str = "https://kommun.se/sd/";

/// `(tag, built file#fragment)` of every in-site link and image in the `<main>` of
/// `page`, resolved against the page's URL as `check` (and a browser) resolves them.
fn targets(t: &SiteTest, page: &str, base: &str) -> BTreeSet<(String, String)> {
    let html = t.read(page);
    resolved(main_of(&html).expect("a <main>"), page, base)
}

/// The same for the HTML of every entry of every step in the assembled comparison's
/// data, which `jamfor.html` shows.
fn step_targets(t: &SiteTest, base: &str) -> BTreeSet<(String, String)> {
    let bytes = std::fs::read(t.public().join("avtal/jamfor.js")).unwrap();
    let data = styrdok::packed::uncall("styrdokJamfor", &bytes).expect("styrdokJamfor(\"…\");");
    let mut out = BTreeSet::new();
    for step in data["steps"].as_array().unwrap() {
        for kind in ["changed", "added", "removed"] {
            for entry in step[kind].as_array().unwrap() {
                let html = entry["e"]["html"].as_str().unwrap();
                out.extend(resolved(html, "avtal/jamfor.html", base));
            }
        }
    }
    out
}

fn resolved(html: &str, page: &str, base: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for tag in styrdok::html::start_tags(html) {
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

/// The links of a year's "Formalia" and "Området" as its document page has them.
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
    let changes25 = targets(&t, "avtal/2025/andringar.html", base);
    let doc27 = targets(&t, "avtal/2027/index.html", base);
    let compare = targets(&t, "avtal/jamfor-2024-2027.html", base);
    let steps = step_targets(&t, base);
    for (page, found) in [
        ("avtal/2025/index.html", &doc25),
        ("avtal/2025/andringar.html", &changes25),
        ("avtal/2027/index.html", &doc27),
        ("avtal/jamfor-2024-2027.html", &compare),
        ("avtal/jamfor.js", &steps),
    ] {
        assert!(!found.is_empty(), "{page}");
        assert_exist(&t, page, found);
    }
    // The document's own links, the same files on its page, its change log, the
    // comparison of 2027 with 2024 and the steps the assembled comparison stacks.
    let own25 = formalia_and_area(2025, 2024);
    let own27 = formalia_and_area(2027, 2026);
    assert!(own25.is_subset(&doc25), "{own25:?} on the page: {doc25:?}");
    assert!(own25.is_subset(&changes25), "{own25:?} in {changes25:?}");
    assert!(own25.is_subset(&steps), "{own25:?} in {steps:?}");
    assert!(own27.is_subset(&doc27), "{own27:?} on the page: {doc27:?}");
    assert!(own27.is_subset(&compare), "{own27:?} in {compare:?}");
    // Words deleted from 2024 link into 2024, and its removed section shows its image.
    let old = want(&[
        ("a", "avtal/2024/2024/karta.png"),
        ("a", "avtal/2024/index.html#ekonomi"),
        ("img", "avtal/2024/2024/karta.png"),
    ]);
    assert!(old.is_subset(&changes25), "{old:?} in {changes25:?}");
    assert!(old.is_subset(&compare), "{old:?} in {compare:?}");
    assert!(old.is_subset(&steps), "{old:?} in {steps:?}");

    // On the document's own page its links stay as written.
    let page = t.read("avtal/2025/index.html");
    for written in [
        "href=\"2025/karta.png\"",
        "src=\"2025/karta.png\"",
        "href=\"#ekonomi\"",
        "href=\"#fn-1\"",
        "href=\"../2024/index.html#formalia\"",
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
