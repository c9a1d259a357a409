//! Search on the built bundled site: the index files (sizes, hashes, what one query
//! downloads), the Rust searcher on real content, and the search page in headless
//! Chromium from `file://` and over http under a sub-path, with the JS checked
//! against the Rust implementation (stemmer, tokenizer, ranking).

use crate::support::server::Server;
use crate::support::webdriver::Browser;
use crate::support::{copy_dir, list_files, repo_root, SiteTest};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;
use styrdok::search::encode::{short_hash, unscript};
use styrdok::search::query::{Filter, Searcher};
use styrdok::search::stem::stem;
use styrdok::search::tokenize::{index_tokens, query_tokens, Kind};

mod header_box;
mod index;
mod page;

const NYKOPING: &str = "nykoping-kan-dso";

/// The bundled site (content, theme, config of the repository) built in a temp dir.
fn bundled() -> SiteTest {
    let site = bundled_source();
    site.build();
    site
}

/// The bundled site's sources in a temp dir.
fn bundled_source() -> SiteTest {
    let site = SiteTest::new();
    let root = repo_root();
    copy_dir(&root.join("content"), &site.root().join("content"));
    copy_dir(&root.join("theme"), &site.root().join("theme"));
    std::fs::copy(root.join("styrdok.yaml"), site.root().join("styrdok.yaml"))
        .expect("copy styrdok.yaml");
    site
}

/// Every built file under `search/` (and nothing else), by site path.
fn search_files(public: &Path) -> BTreeMap<String, Vec<u8>> {
    list_files(public)
        .into_iter()
        .filter(|p| p.starts_with("search/"))
        .map(|p| {
            let bytes = std::fs::read(public.join(&p)).expect("read index file");
            (p, bytes)
        })
        .collect()
}

/// The URL (document path + anchor) of each hit of `query`.
fn hit_urls(
    s: &Searcher,
    files: &BTreeMap<String, Vec<u8>>,
    query: &str,
    filter: &Filter,
) -> Vec<String> {
    s.search(query, filter)
        .iter()
        .map(|h| s.entry_text(files, h.entry).expect("entry text").1)
        .collect()
}

/// Entries whose text holds `word` only inside longer compounds, never as a word.
fn compound_only(s: &Searcher, files: &BTreeMap<String, Vec<u8>>, word: &str) -> Vec<String> {
    let key = stem(word);
    s.search(word, &Filter::default())
        .iter()
        .filter_map(|h| s.entry_text(files, h.entry))
        .filter(|(heading, _, text)| {
            let words: Vec<String> = index_tokens(&format!("{heading}\n{text}"))
                .into_iter()
                .map(|t| t.text)
                .collect();
            words.iter().all(|w| stem(w) != key)
                && words
                    .iter()
                    .any(|w| w.len() > word.len() && w.contains(&key))
        })
        .map(|(_, url, _)| url)
        .collect()
}

fn file_base(public: &Path) -> String {
    format!("file://{}/", public.display())
}

const WAIT: Duration = Duration::from_secs(15);

/// Types `query` into the search field (clearing it first) and waits for results or "no hits".
fn type_query(b: &Browser, query: &str) {
    b.eval("const q = document.getElementById('q'); q.value = ''; document.getElementById('search-results').textContent = ''; document.getElementById('search-status').textContent = '';");
    b.type_into("#q", query);
    let ok = b.wait_for(
        "return /träff/.test(document.getElementById('search-status').textContent);",
        WAIT,
    );
    assert!(ok, "no results for {query}: {}", status(b));
}

fn status(b: &Browser) -> String {
    b.eval("return document.getElementById('search-status').textContent;")
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The links of the shown hits, as (document path + anchor, group year).
fn shown(b: &Browser) -> Vec<(String, i64)> {
    let v = b.eval(
        "return [...document.querySelectorAll('.search-hit a')].map(a => [decodeURI(a.getAttribute('href')), \
         +a.closest('.search-group').querySelector('.search-year').textContent.replace(/\\D/g, '')]);",
    );
    v.as_array()
        .expect("array")
        .iter()
        .map(|p| {
            // Relative ("../a/2025/index.html#x") or absolute ("http://…/arkiv/a/2025/#x").
            let href = p[0].as_str().unwrap_or_default();
            let href = href.split_once("/arkiv/").map_or(href, |(_, rest)| rest);
            let href = href.trim_start_matches("../").replacen("index.html", "", 1);
            (href, p[1].as_i64().unwrap_or_default())
        })
        .collect()
}

/// Clicks "show more" until `pred` holds for a shown hit or there is nothing more.
fn show_until(b: &Browser, pred: impl Fn(&str) -> bool) -> bool {
    for _ in 0..100 {
        if shown(b).iter().any(|(u, _)| pred(u)) {
            return true;
        }
        let before = shown(b).len();
        if b.eval("const m = document.getElementById('search-more'); if (m) { m.click(); return true; } return false;") != json!(true) {
            return false;
        }
        let more = format!("return document.querySelectorAll('.search-hit a').length > {before};");
        assert!(b.wait_for(&more, WAIT), "show more did nothing");
    }
    false
}
