//! The search page in Chromium from file://, under a sub-path and with an absolute base URL; queries from the URL.

use super::header_box::{axe, check_latency, first_results_ms};
use super::index::{MISSPELT, TOP};
use super::*;

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
