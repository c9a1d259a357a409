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
    // A one-word query needs the manifest, one shard and a few document texts.
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
    // Whole words first: the first hit of "insatser" holds the word itself, as typed.
    let first = &s.search("insatser", &Filter::default())[0];
    assert_eq!(first.tier, 5);

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
            ..Filter::default()
        },
    );
    assert!(!y2025.is_empty() && y2025.iter().all(|h| h.year == 2025));
    let ny = s.search(
        "bistånd",
        &Filter {
            series: Some(NYKOPING.into()),
            ..Filter::default()
        },
    );
    assert!(!ny.is_empty() && ny.iter().all(|h| h.series == NYKOPING));
}

/// Misspelt or diacritic-free queries and what was meant, from the bundled documents'
/// own words: slips people make (missing å/ä/ö, a doubled, dropped or swapped letter).
const MISSPELT: &[(&str, &str)] = &[
    ("arbetstraning", "arbetsträning"),
    ("forsorjningsstod", "försörjningsstöd"),
    ("overenskommelse", "överenskommelse"),
    ("uppfoljning", "uppföljning"),
    ("malgrupp", "målgrupp"),
    ("bistand", "bistånd"),
    ("atgarder", "åtgärder"),
    ("arbetslosa", "arbetslösa"),
    ("integrationsvagledning", "integrationsvägledning"),
    ("insattser", "insatser"),
    ("arbetsmarknda", "arbetsmarknad"),
    ("deltgare", "deltagare"),
    ("ekonomsikt", "ekonomiskt"),
    ("kompetnes", "kompetens"),
    ("samverkn", "samverkan"),
    ("kvalitetsredovisnig", "kvalitetsredovisning"),
    ("socialtjänsen", "socialtjänsten"),
    ("arbetstraening", "arbetsträning"),
];

/// How many of the right spelling's hits the misspelt query must also find.
const TOP: usize = 10;

#[test]
fn misspelt_and_diacritic_free_queries_find_what_the_right_spelling_finds() {
    let site = bundled();
    let files = search_files(&site.public());
    let s = Searcher::load(&files).expect("index loads");
    for (typo, right) in MISSPELT {
        let want = s.search_full(right, &Filter::default());
        assert!(
            want.corrected.is_none() && !want.hits.is_empty(),
            "{right}: {want:?}"
        );
        let got = s.search_full(typo, &Filter::default());
        let found: Vec<u32> = got.hits.iter().map(|h| h.entry).collect();
        let missing: Vec<u32> = want
            .hits
            .iter()
            .take(TOP)
            .map(|h| h.entry)
            .filter(|e| !found.contains(e))
            .collect();
        assert!(missing.is_empty(), "{typo} misses {missing:?} of {right}");
        let corrected = got.corrected.unwrap_or_default();
        assert!(!corrected.is_empty(), "{typo}: no correction shown");
        let (a, b) = (stem(&corrected), stem(right));
        assert!(
            a.starts_with(&b) || b.starts_with(&a),
            "{typo} is shown as {corrected}"
        );
        // As typed, the slip finds nothing (the "search for what I typed" link).
        let literal = Filter {
            literal: true,
            ..Filter::default()
        };
        assert!(s.search(typo, &literal).is_empty(), "{typo} is a word");
    }
    // A compound split into known parts, one of them misspelt.
    let split = s.search_full("arbetsträningsinsattser", &Filter::default());
    assert_eq!(split.corrected.as_deref(), Some("arbetsträning insatser"));
    assert!(!split.hits.is_empty());
    // Nothing near: no hits, a few words from the vocabulary.
    let none = s.search_full("kommunxyz", &Filter::default());
    assert!(
        none.hits.is_empty() && !none.suggestions.is_empty(),
        "{none:?}"
    );
    // Within a series, the newest year first.
    let hits = s.search("arbetsträning", &Filter::default());
    let years: Vec<i32> = hits
        .iter()
        .filter(|h| h.series == NYKOPING)
        .map(|h| h.year)
        .collect();
    assert!(years.windows(2).all(|w| w[0] >= w[1]), "{years:?}");
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
                ..Filter::default()
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

    corrections_on_the_page(b, base, &s);
}

/// Each misspelt query on the results page: the "Visar träffar för" line, the hits of
/// the right spelling among its own, and the link that searches the literal term.
fn corrections_on_the_page(b: &Browser, base: &str, s: &Searcher) {
    b.goto(&format!("{base}sok/index.html"));
    assert!(b.wait_for("return !!window.styrdokSearch;", WAIT));
    for (typo, right) in MISSPELT {
        let result = b.eval_async(&format!(
            "const done = arguments[0]; const q = document.getElementById('q'); q.value = {};
             window.styrdokSearch.run().then(() => done([document.getElementById('search-correction').textContent,
               document.getElementById('search-status').textContent]), e => done(String(e)));",
            Value::from(*typo)
        ));
        let line = result[0].as_str().unwrap_or_default();
        let want = s.search_full(typo, &Filter::default());
        assert_eq!(
            line,
            format!(
                "Visar träffar för {}. Sök i stället på {typo}.",
                want.corrected.as_deref().unwrap_or_default()
            ),
            "{typo}"
        );
        assert!(
            result[1]
                .as_str()
                .unwrap_or_default()
                .starts_with(&format!("{} träff", want.hits.len())),
            "{typo}: {result}"
        );
        let shown = b.eval("return [...document.querySelectorAll('.search-hit a')].map(a => +a.getAttribute('data-rank'));");
        assert_eq!(
            shown.as_array().map(Vec::len),
            Some(want.hits.len().min(10)),
            "{typo}"
        );
        let right_top: Vec<u32> = s
            .search(right, &Filter::default())
            .iter()
            .take(TOP)
            .map(|h| h.entry)
            .collect();
        assert!(
            right_top
                .iter()
                .all(|e| want.hits.iter().any(|h| h.entry == *e)),
            "{typo}"
        );
    }
    if let Some(v) = axe(b) {
        assert_eq!(
            v,
            json!([]),
            "accessibility of the results with a correction"
        );
    }
    // The literal link searches what was typed: nothing.
    let href =
        b.eval("return document.querySelector('#search-correction a').getAttribute('href');");
    assert!(
        href.as_str().unwrap_or_default().contains("exakt=1"),
        "{href}"
    );
    b.click("#search-correction a");
    assert!(
        b.wait_for("return location.search.includes('exakt=1') && document.getElementById('search-status').textContent === 'Inga träffar.';", WAIT),
        "{}",
        status(b)
    );
    // Nothing near: suggestions that search.
    b.eval_async("const done = arguments[0]; const q = document.getElementById('q'); q.value = 'kommunxyz'; q.dispatchEvent(new Event('input')); setTimeout(() => window.styrdokSearch.run().then(() => done(true)), 100);");
    let sugg = b.eval("return document.getElementById('search-correction').textContent;");
    assert!(
        sugg.as_str()
            .unwrap_or_default()
            .starts_with("Menade du kommun"),
        "{sugg}"
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
    // Results under the search page's box while typing, in time (best of three cold pages).
    let url = format!("{}sok/index.html", server.base);
    let times: Vec<f64> = ["arbetsträning", "forsorjningsstod", "insattser"]
        .iter()
        .map(|q| first_results_ms(&b, &url, "#q", ".search-hit", q))
        .collect();
    eprintln!("search page over http: first results {times:.1?} ms after the last key");
    check_latency(&times, "search page over http");
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

/// axe-core's WCAG 2.1 A/AA violations on the open page (None when tests/a11y is not installed).
fn axe(b: &Browser) -> Option<Value> {
    let path = repo_root().join("tests/a11y/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(source) => {
            b.eval(&format!("{source}\nreturn true;"));
            Some(b.eval_async(
                "const done = arguments[0];
                 axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                   .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))),
                         e => done(['axe failed: ' + e]));",
            ))
        }
        Err(_) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("{} missing: cd tests/a11y && npm ci", path.display())
        }
        Err(_) => {
            eprintln!(
                "skipping axe check: {} missing (cd tests/a11y && npm ci)",
                path.display()
            );
            None
        }
    }
}

const DOWN: &str = "\u{E015}";
const UP: &str = "\u{E013}";
const ESCAPE: &str = "\u{E00C}";
const ENTER: &str = "\u{E007}";

/// The header box on a document page: results while typing (no submit), in time,
/// announced; arrow keys, Escape and Enter; axe on the open state. Returns the
/// milliseconds from the last key to the first results.
fn header_box_scenario(
    b: &Browser,
    base: &str,
    s: &Searcher,
    files: &BTreeMap<String, Vec<u8>>,
) -> f64 {
    b.goto(&format!("{base}{NYKOPING}/2025/index.html"));
    // Pages load only the small box script; the search comes with the first use.
    assert_eq!(
        b.eval("return [!!window.styrdokSearch, !!document.querySelector('script[data-search]')];"),
        json!([false, true])
    );
    b.eval(
        "window.__t = {key: 0, shown: 0};
         document.addEventListener('input', () => { window.__t.key = performance.now(); window.__t.shown = 0; }, true);
         new MutationObserver(() => {
           const box = document.getElementById('site-search');
           if (!window.__t.shown && box.getAttribute('aria-expanded') === 'true' && document.querySelector('#site-search-list [role=option]'))
             window.__t.shown = performance.now();
         }).observe(document.body, {subtree: true, childList: true, attributes: true});",
    );
    let typo = "arbetstraning";
    b.type_into("#site-search", typo);
    let open =
        "return document.getElementById('site-search').getAttribute('aria-expanded') === 'true';";
    assert!(b.wait_for(open, WAIT), "no results under the header box");
    assert!(b.wait_for("return window.__t.shown > 0;", WAIT));
    let ms = b
        .eval("return window.__t.shown - window.__t.key;")
        .as_f64()
        .unwrap_or(f64::MAX);
    if std::env::var("SEARCH_TIMING").is_ok() {
        eprintln!("TIMING {}", b.eval("return JSON.stringify([window.__t, performance.getEntriesByType('resource').map(r => [r.name.split('/').slice(-2).join('/'), Math.round(r.startTime), Math.round(r.responseEnd)])]);"));
    }
    assert!(
        b.current_url().contains("/2025/"),
        "typing does not leave the page"
    );
    // The options are the first hits, in the Rust order.
    let want = s.search_full(typo, &Filter::default());
    let hrefs = b.eval("return [...document.querySelectorAll('#site-search-list [data-href]')].map(o => decodeURI(o.getAttribute('data-href')));");
    let hrefs: Vec<String> = hrefs
        .as_array()
        .expect("array")
        .iter()
        .map(|h| {
            let h = h.as_str().unwrap_or_default();
            let h = h.split_once("/arkiv/").map_or(h, |(_, rest)| rest);
            h.trim_start_matches("../").replacen("index.html", "", 1)
        })
        .collect();
    let rust: Vec<String> = want
        .hits
        .iter()
        .take(hrefs.len())
        .map(|h| s.entry_text(files, h.entry).expect("entry").1)
        .collect();
    assert!(!hrefs.is_empty());
    assert_eq!(hrefs, rust);
    let note = b.eval("return document.querySelector('.search-popup-note').textContent;");
    assert_eq!(note, json!("Visar träffar för arbetsträning. "));
    let live = b.eval("return document.querySelector('.search-form [role=status]').textContent;");
    assert!(
        live.as_str()
            .unwrap_or_default()
            .starts_with(&format!("{} träffar i ", want.hits.len())),
        "{live}"
    );
    // ARIA wiring of the combobox.
    let aria = b.eval(
        "const i = document.getElementById('site-search'), l = document.getElementById(i.getAttribute('aria-controls'));
         return [i.getAttribute('role'), i.getAttribute('aria-autocomplete'), l.getAttribute('role'), !!l.getAttribute('aria-label'),
                 [...l.children].every(o => o.getAttribute('role') === 'option' && o.id)];",
    );
    assert_eq!(aria, json!(["combobox", "list", "listbox", true, true]));
    if let Some(v) = axe(b) {
        assert_eq!(v, json!([]), "accessibility of the open header search");
    }
    // Arrow keys move the active option; the field keeps focus.
    let active = "const i = document.getElementById('site-search'), a = i.getAttribute('aria-activedescendant');
                  return [document.activeElement === i, a ? [...document.querySelectorAll('#site-search-list [role=option]')].findIndex(o => o.id === a) : -1,
                          a ? document.getElementById(a).getAttribute('aria-selected') : null];";
    b.type_into("#site-search", DOWN);
    assert_eq!(b.eval(active), json!([true, 0, "true"]));
    b.type_into("#site-search", DOWN);
    assert_eq!(b.eval(active), json!([true, 1, "true"]));
    b.type_into("#site-search", UP);
    assert_eq!(b.eval(active), json!([true, 0, "true"]));
    // Escape closes and keeps the text; arrow down opens again.
    b.type_into("#site-search", ESCAPE);
    assert_eq!(b.eval(open), json!(false));
    assert_eq!(
        b.eval("return document.getElementById('site-search').value;"),
        json!(typo)
    );
    assert_eq!(
        b.eval("return document.querySelector('.search-popup').hidden;"),
        json!(true)
    );
    b.type_into("#site-search", DOWN);
    assert_eq!(b.eval(active), json!([true, 0, "true"]));
    // Enter opens the active option.
    let (target, _) = rust[0].split_once('#').expect("anchor");
    let id = rust[0].split('#').nth(1).unwrap_or_default().to_string();
    b.type_into("#site-search", ENTER);
    let landed =
        format!("return location.hash === '#{id}' && location.pathname.includes('{target}');");
    assert!(
        b.wait_for(&landed, WAIT),
        "Enter did not open {}: {}",
        rust[0],
        b.current_url()
    );
    ms
}

/// Milliseconds from the last key typed into `input` on the freshly opened page `url`
/// to the first element matching `shown`.
fn first_results_ms(b: &Browser, url: &str, input: &str, shown: &str, query: &str) -> f64 {
    b.goto(url);
    assert!(b.wait_for("return document.readyState === 'complete';", WAIT));
    b.eval(&format!(
        "window.__t = {{key: 0, shown: 0}};
         document.addEventListener('input', () => {{ window.__t.key = performance.now(); window.__t.shown = 0; }}, true);
         new MutationObserver(() => {{
           if (!window.__t.shown && document.querySelector({})) window.__t.shown = performance.now();
         }}).observe(document.body, {{subtree: true, childList: true}});",
        Value::from(shown)
    ));
    b.type_into(input, query);
    assert!(b.wait_for("return window.__t.shown > 0;", WAIT), "{query}");
    b.eval("return window.__t.shown - window.__t.key;")
        .as_f64()
        .unwrap_or(f64::MAX)
}

#[test]
fn header_box_answers_while_typing_over_http_and_from_disk() {
    let site = bundled();
    let files = search_files(&site.public());
    let s = Searcher::load(&files).expect("index loads");
    let server = Server::start(site.public());
    let Some(b) = Browser::start() else { return };
    // The best of three cold pages (other tests share the machine's two cores).
    let mut times = vec![header_box_scenario(&b, &server.base, &s, &files)];
    for query in ["forsorjningsstod", "insattser"] {
        let url = format!("{}{NYKOPING}/2024/index.html", server.base);
        times.push(first_results_ms(
            &b,
            &url,
            "#site-search",
            "#site-search-list [role=option]",
            query,
        ));
    }
    eprintln!("header box over http: first results {times:.1?} ms after the last key");
    check_latency(&times, "header box over http");
    let ms = header_box_scenario(&b, &file_base(&site.public()), &s, &files);
    eprintln!("header box from file://: first results {ms:.1} ms after the last key");
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
        .flat_map(|e| index_tokens(e[2].as_str().unwrap_or_default()))
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
    let mut queries: Vec<&str> = vec![
        "arbetsträning",
        "insatser",
        "bistånd",
        "2 060",
        "18-24",
        "KAN24/22",
        "unga arbetslösa",
        "arbetstr",
        "arbetstra",
        "försörjningsstöd ",
        "mål",
        "mal",
        "unga arbetslosa",
        "arbetsträningsinsattser",
        "kommunxyz",
    ];
    for (typo, right) in MISSPELT {
        queries.push(typo);
        queries.push(right);
    }
    for query in queries {
        for year in [None, Some(2025)] {
            let filter = Filter {
                year,
                ..Filter::default()
            };
            let out = s.search_full(query, &filter);
            let rust = json!({
                "hits": out.hits.iter().map(|h| json!([h.entry, h.tier, h.score])).collect::<Vec<_>>(),
                "corrected": out.corrected,
                "suggestions": out.suggestions,
            });
            let script = format!(
                "const done = arguments[0]; window.styrdokSearch.search({}, {{year: {}}}).then(r => done({{hits: r.hits.map(h => [h.entry, h.tier, h.score]), corrected: r.corrected, suggestions: r.suggestions}}), e => done(String(e)));",
                Value::from(query),
                year.unwrap_or(0)
            );
            let js = b.eval_async(&script);
            assert_eq!(js, rust, "{query} {year:?}");
        }
    }
}

/// The as-you-type goal (first results ≤ 100 ms after the last key, best of three) is a
/// speed target, so it is enforced only as a benchmark: `STYRDOK_TIMING=1 cargo test
/// --test search -- --nocapture over_http` (BENCHMARKS.md). A loaded CI machine only
/// prints the figures.
fn check_latency(times: &[f64], what: &str) {
    let best = times.iter().copied().fold(f64::MAX, f64::min);
    if std::env::var_os("STYRDOK_TIMING").is_some() {
        assert!(
            best <= 100.0,
            "{what}: first results {times:?} ms after the last key"
        );
    }
}
