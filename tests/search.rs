//! Search on the built bundled site: the index files (sizes, hashes, what one query
//! downloads), the Rust searcher on real content, and the search page in headless
//! Chromium from `file://` and over http under a sub-path, with the JS checked
//! against the Rust implementation (stemmer, tokenizer, ranking).

mod common;

use common::server::Server;
use common::webdriver::Browser;
use common::{copy_dir, list_files, repo_root, SiteTest};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;
use styrdok::search::encode::{short_hash, unscript};
use styrdok::search::query::{Filter, Searcher};
use styrdok::search::stem::stem;
use styrdok::search::tokenize::{index_tokens, query_tokens, Kind};

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

#[test]
fn index_is_sharded_hashed_and_small_per_query() {
    let site = bundled();
    let files = search_files(&site.public());
    let (_, manifest) = unscript(&files["search/manifest.js"]).expect("manifest");
    assert!(
        files["search/manifest.js"].len() < 4096,
        "manifest stays small"
    );
    let shards: Vec<&String> = files
        .keys()
        .filter(|k| k.starts_with("search/i/"))
        .collect();
    assert!(shards.len() > 5, "the index is split: {}", shards.len());
    for path in &shards {
        let (key, value) = unscript(&files[*path]).expect("shard parses");
        assert_eq!(format!("search/{key}.js"), **path);
        let hash = key.trim_start_matches("i/");
        assert_eq!(
            short_hash(value.to_string().as_bytes()),
            hash,
            "{path} is named by its content"
        );
        assert!(manifest["shards"].as_str().unwrap().contains(hash));
    }
    // Every text chunk belongs to a series line of the manifest.
    let series = manifest["series"].as_str().unwrap();
    for path in files.keys().filter(|k| k.starts_with("search/t/")) {
        let hash = path["search/t/".len()..].split('-').next().unwrap();
        assert!(series.contains(&format!("|{hash}|")), "{path}");
    }
    // A one-word query needs the manifest, one shard and a few ~1 KB chunks.
    let s = Searcher::load(&files).expect("index loads");
    let biggest_shard = shards.iter().map(|p| files[*p].len()).max().unwrap();
    let total: usize = files.values().map(Vec::len).sum();
    assert!(
        biggest_shard * 10 < total,
        "no shard holds a tenth of the index ({biggest_shard} of {total})"
    );
    assert!(!s.search("arbetsträning", &Filter::default()).is_empty());
    // Without JavaScript the page says so.
    let page = site.read("sok/index.html");
    assert!(
        page.contains("<noscript>") && page.contains("behöver JavaScript"),
        "{page}"
    );
}

#[test]
fn rust_searcher_on_the_bundled_content() {
    let site = bundled();
    let files = search_files(&site.public());
    let s = Searcher::load(&files).expect("index loads");

    let urls = hit_urls(&s, &files, "arbetsträning", &Filter::default());
    for year in [2024, 2025, 2026] {
        assert!(
            urls.iter()
                .any(|u| u.starts_with(&format!("{NYKOPING}/{year}/#"))),
            "{year} missing: {urls:?}"
        );
    }
    // Compounds: "insatser" finds sections that only say "arbetsmarknadsinsatser" and the like.
    let only = compound_only(&s, &files, "insatser");
    assert!(!only.is_empty(), "some hits of insatser are compound-only");
    let only = compound_only(&s, &files, "bistånd");
    assert!(
        !only.is_empty(),
        "some hits of bistånd are compound-only (biståndsmottagare …)"
    );
    // Whole words first: the first hit of "insatser" holds the word itself.
    let first = &s.search("insatser", &Filter::default())[0];
    assert_eq!(first.tier, 2);

    // Numbers and codes as written.
    let kan = hit_urls(&s, &files, "KAN24/22", &Filter::default());
    assert_eq!(kan, [format!("{NYKOPING}/2025/#metadata")]);
    let money = hit_urls(&s, &files, "2 060", &Filter::default());
    assert!(
        !money.is_empty()
            && money
                .iter()
                .all(|u| u.starts_with(&format!("{NYKOPING}/2024/"))),
        "{money:?}"
    );
    let young = hit_urls(&s, &files, "18-24", &Filter::default());
    assert!(young.len() >= 4, "{young:?}");
    assert!(hit_urls(&s, &files, "18-23", &Filter::default()).is_empty());

    // Filters.
    let y2025 = s.search(
        "arbetsträning",
        &Filter {
            year: Some(2025),
            series: None,
        },
    );
    assert!(!y2025.is_empty() && y2025.iter().all(|h| h.year == 2025));
    let ny = s.search(
        "bistånd",
        &Filter {
            series: Some(NYKOPING.into()),
            year: None,
        },
    );
    assert!(!ny.is_empty() && ny.iter().all(|h| h.series == NYKOPING));
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

fn search_page_scenario(b: &Browser, base: &str, files: &BTreeMap<String, Vec<u8>>) {
    let s = Searcher::load(files).expect("index loads");
    b.goto(&format!("{base}sok/index.html"));
    assert!(
        b.wait_for("return !!window.styrdokSearch;", WAIT),
        "search.js did not run"
    );

    // "arbetsträning" lists sections of the Nyköping agreement years.
    type_query(b, "arbetsträning");
    let expected = s.search("arbetsträning", &Filter::default()).len();
    assert!(
        status(b).starts_with(&format!("{expected} träff")),
        "{}",
        status(b)
    );
    for year in [2024, 2025, 2026] {
        let prefix = format!("{NYKOPING}/{year}/#");
        assert!(
            show_until(b, |u| u.starts_with(&prefix)),
            "no hit from {year}: {:?}",
            shown(b)
        );
    }
    let marks = b.eval("return [...document.querySelectorAll('.search-hit mark')].map(m => m.textContent.toLowerCase());");
    assert!(
        marks
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m.as_str().unwrap_or_default().starts_with("arbetsträning")),
        "{marks}"
    );

    // "insatser" finds sections that only hold compounds of it, with the compound marked.
    let only = compound_only(&s, files, "insatser");
    type_query(b, "insatser");
    assert!(
        show_until(b, |u| only.iter().any(|o| o == u)),
        "no compound-only hit shown among {:?}",
        shown(b)
    );
    let compound_marked = b.eval(
        "return [...document.querySelectorAll('.search-hit mark')].some(m => /.insats/i.test(m.textContent));",
    );
    assert_eq!(compound_marked, json!(true));

    // The year filter restricts results.
    let all = shown(b).len();
    b.eval("const y = document.getElementById('filter-year'); y.value = '2025'; y.dispatchEvent(new Event('change'));");
    let filtered = s
        .search(
            "insatser",
            &Filter {
                year: Some(2025),
                series: None,
            },
        )
        .len();
    let want = format!("return document.getElementById('search-status').textContent.startsWith('{filtered} träff');");
    assert!(b.wait_for(&want, WAIT), "{}", status(b));
    let years = shown(b);
    assert!(
        !years.is_empty() && years.iter().all(|(_, y)| *y == 2025),
        "{years:?}"
    );
    assert!(filtered < s.search("insatser", &Filter::default()).len() && years.len() <= all);
    assert!(
        b.current_url().contains("ar=2025"),
        "the filter is kept in the URL: {}",
        b.current_url()
    );

    // Clicking a result lands on the section.
    let (href, _) = shown(b)[0].clone();
    let id = href.split('#').nth(1).expect("anchor").to_string();
    b.click(".search-hit a");
    let landed = format!("return location.hash === '#{id}' && !!document.getElementById('{id}');");
    assert!(
        b.wait_for(&landed, WAIT),
        "did not land on #{id}: {}",
        b.current_url()
    );
    assert!(
        b.current_url().contains(&format!("{NYKOPING}/2025/"))
            || b.current_url().contains("/2025/")
    );
}

#[test]
fn search_page_from_file_url() {
    let site = bundled();
    let files = search_files(&site.public());
    let Some(b) = Browser::start() else { return };
    search_page_scenario(&b, &file_base(&site.public()), &files);
}

#[test]
fn search_page_over_http_under_a_sub_path() {
    let site = bundled();
    let files = search_files(&site.public());
    let server = Server::start(site.public());
    let Some(b) = Browser::start() else { return };
    search_page_scenario(&b, &server.base, &files);
}

#[test]
fn search_page_with_an_absolute_base_url() {
    // The server's port is only known once it runs; it reads files per request.
    let site = bundled_source();
    let server = Server::start(site.public());
    bundled_source_config(&site, &server.base);
    site.build();
    let files = search_files(&site.public());
    let page = site.read("sok/index.html");
    assert!(
        page.contains(&format!(
            "data-manifest=\"{}search/manifest.js\"",
            server.base
        )),
        "{page}"
    );
    let Some(b) = Browser::start() else { return };
    search_page_scenario(&b, &server.base, &files);
    assert!(
        b.current_url().starts_with(&server.base),
        "{}",
        b.current_url()
    );
}

/// Sets `base_url` in a site made by [`bundled_source`].
fn bundled_source_config(site: &SiteTest, url: &str) {
    let config =
        std::fs::read_to_string(site.root().join("styrdok.yaml")).expect("read styrdok.yaml");
    site.write("styrdok.yaml", format!("{config}\nbase_url: {url}\n"));
}

#[test]
fn query_from_the_url_and_the_header_form() {
    let site = bundled();
    let server = Server::start(site.public());
    let Some(b) = Browser::start() else { return };
    b.goto(&format!(
        "{}sok/index.html?q=bist%C3%A5nd&ar=2024",
        server.base
    ));
    assert!(
        b.wait_for(
            "return /träff/.test(document.getElementById('search-status').textContent);",
            WAIT
        ),
        "{}",
        status(&b)
    );
    assert_eq!(
        b.eval("return document.getElementById('q').value;"),
        json!("bistånd")
    );
    assert!(shown(&b).iter().all(|(_, y)| *y == 2024));
    // The results view passes axe-core's WCAG 2.1 A/AA rules (when tests/a11y is installed).
    let axe = repo_root().join("tests/a11y/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&axe) {
        Ok(source) => {
            b.eval(&format!("{source}\nreturn true;"));
            let violations = b.eval_async(
                "const done = arguments[0];
                 axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                   .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))),
                         e => done(['axe failed: ' + e]));",
            );
            assert_eq!(violations, json!([]), "accessibility of the results");
        }
        Err(_) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("{} missing: cd tests/a11y && npm ci", axe.display())
        }
        Err(_) => eprintln!(
            "skipping axe check: {} missing (cd tests/a11y && npm ci)",
            axe.display()
        ),
    }

    // The header form on any page leads to the search page with results.
    b.goto(&format!("{}{NYKOPING}/2025/index.html", server.base));
    b.type_into("#site-search", "försörjningsstöd\n");
    assert!(b.wait_for("return location.pathname.endsWith('/sok/index.html') && /träff/.test((document.getElementById('search-status') || {}).textContent);", WAIT));
    // Keyboard: arrow down from the field moves to the first result.
    b.eval("document.getElementById('q').focus();");
    b.type_into("#q", "\u{E015}");
    assert_eq!(
        b.eval("return document.activeElement.closest('.search-hit') !== null;"),
        json!(true)
    );
}

#[test]
fn javascript_agrees_with_rust() {
    let site = bundled();
    let files = search_files(&site.public());
    let s = Searcher::load(&files).expect("index loads");
    let Some(b) = Browser::start() else { return };
    b.goto(&format!("{}sok/index.html", file_base(&site.public())));
    assert!(b.wait_for("return !!window.styrdokSearch;", WAIT));

    // Stemmer: every word of the bundled content.
    let mut words: Vec<String> = files
        .iter()
        .filter(|(k, _)| k.starts_with("search/t/"))
        .filter_map(|(_, v)| unscript(v))
        .flat_map(|(_, v)| v["e"].as_array().cloned().unwrap_or_default())
        .flat_map(|e| index_tokens(e[3].as_str().unwrap_or_default()))
        .filter(|t| t.kind == Kind::Word)
        .map(|t| t.text)
        .collect();
    words.sort();
    words.dedup();
    assert!(words.len() > 2000);
    let js = b.eval(&format!(
        "return {}.map(w => window.styrdokSearch.stem(w));",
        Value::from(words.clone())
    ));
    let rust: Vec<String> = words.iter().map(|w| stem(w)).collect();
    let js: Vec<String> = serde_json::from_value(js).expect("strings");
    let differ: Vec<_> = words
        .iter()
        .zip(rust.iter().zip(&js))
        .filter(|(_, (r, j))| r != j)
        .take(10)
        .collect();
    assert!(
        differ.is_empty(),
        "stems differ (word, (rust, js)): {differ:?}"
    );

    // Tokenizer (query side).
    for text in [
        "KAN24/22 och 2 060 kr, unga 18-24 år",
        "Å\u{308}r 2025. ÖVER 12\u{a0}345 678 st",
        "SCB:s e-tjänst 3,5 %",
    ] {
        let js = b.eval(&format!(
            "return window.styrdokSearch.tokens({}, false).map(t => t.text);",
            Value::from(text)
        ));
        let rust: Vec<String> = query_tokens(text).into_iter().map(|t| t.text).collect();
        assert_eq!(js, json!(rust), "{text}");
    }

    // Ranking: same hits, tiers, scores and order.
    for query in [
        "arbetsträning",
        "insatser",
        "bistånd",
        "2 060",
        "18-24",
        "KAN24/22",
        "unga arbetslösa",
        "arbetstr",
        "försörjningsstöd ",
        "mål",
    ] {
        for year in [None, Some(2025)] {
            let filter = Filter { year, series: None };
            let rust: Vec<Value> = s
                .search(query, &filter)
                .iter()
                .map(|h| json!([h.entry, h.tier, h.score, h.chunk]))
                .collect();
            let script = format!(
                "const done = arguments[0]; window.styrdokSearch.search({}, {{year: {}}}).then(r => done(r.hits.map(h => [h.entry, h.tier, h.score, h.chunk])), e => done(String(e)));",
                Value::from(query),
                year.unwrap_or(0)
            );
            let js = b.eval_async(&script);
            assert_eq!(js, Value::from(rust), "{query} {year:?}");
        }
    }
}
