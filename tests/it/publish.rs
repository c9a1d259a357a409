//! Publishing quality of the bundled site (issue 7): axe-core finds no WCAG 2.1 A/AA
//! violation (light and dark mode, emulated through the DevTools protocol), the Nu HTML
//! Checker finds no error, `styrdok check` finds nothing broken — with no base URL
//! (opened from disk) and under a sub-path on a server, plain and with the README's
//! brand config (issue 15). Also feeds, head metadata, print styles and narrow screens.
//!
//! The checkers come from the npm registry (tests/a11y, installed by .ci/run). Without
//! them, or without Chromium/Java, these tests skip with a reason — never under CI=true.

use crate::support::webdriver::Browser;
use crate::support::{list_files, repo_root, SiteTest};
use regex::Regex;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

const SUB_PATH: &str = "https://example.se/styrdokument/";
const AXE_TAGS: &str = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']";

/// One page of every type in the bundled site.
const PAGE_TYPES: &[&str] = &[
    "index.html",
    "nykoping-kan-dso/index.html",
    "nykoping-kan-dso/2025/index.html",
    "nykoping-kan-dso/2026/andringar.html",
    "nykoping-kan-dso/jamfor-2024-2026.html",
    "sok/index.html",
    "tillganglighet/index.html",
    "404.html",
];

// ---------------------------------------------------------------- tools

fn in_ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

/// One browser at a time from this file: the machine has two cores, and Chromium
/// instances starved of CPU time out.
fn browser(width: u32) -> Option<(std::sync::MutexGuard<'static, ()>, Browser)> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let guard = LOCK.lock().unwrap_or_else(|p| p.into_inner());
    Browser::start_with_width(width).map(|b| (guard, b))
}

/// Skips (returns None) when a tool is missing, but fails under CI=true.
fn require(what: &str, ok: bool, fix: &str) -> Option<()> {
    if ok {
        return Some(());
    }
    if in_ci() {
        panic!("CI=true but {what} is missing: {fix}");
    }
    eprintln!("skipping: {what} is missing ({fix})");
    None
}

fn a11y_dir() -> PathBuf {
    repo_root().join("tests/a11y/node_modules")
}

/// axe-core's source, to inject into pages.
fn axe_source() -> Option<String> {
    let path = a11y_dir().join("axe-core/axe.min.js");
    require("axe-core", path.exists(), "cd tests/a11y && npm ci")?;
    Some(std::fs::read_to_string(path).expect("read axe.min.js"))
}

/// Path of vnu.jar when Java and the jar are there.
fn vnu_jar() -> Option<PathBuf> {
    let jar = a11y_dir().join("vnu-jar/build/dist/vnu.jar");
    require("vnu-jar", jar.exists(), "cd tests/a11y && npm ci")?;
    let java = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    require("java", java, "apt-get install default-jre-headless")?;
    Some(jar)
}

// ---------------------------------------------------------------- building

/// The bundled site built into a temp dir with the real binary.
fn build_bundled(base_url: Option<&str>) -> tempfile::TempDir {
    build_site(&repo_root(), base_url)
}

/// The bundled content built with the example brand of docs/brand (the README's
/// "Make it yours": logo, colours, footer links).
fn build_branded(base_url: Option<&str>) -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("tempdir");
    crate::support::copy_dir(&repo_root().join("content"), &root.path().join("content"));
    crate::support::copy_dir(&repo_root().join("docs/brand"), root.path());
    build_site(root.path(), base_url)
}

/// The site at `root` built into a temp dir with the real binary.
fn build_site(root: &Path, base_url: Option<&str>) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("tempdir");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_styrdok"));
    cmd.args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out.path());
    if let Some(url) = base_url {
        cmd.args(["--base-url", url]);
    }
    let o = cmd.output().expect("run styrdok build");
    assert!(
        o.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

fn html_pages(dir: &Path) -> Vec<String> {
    list_files(dir)
        .into_iter()
        .filter(|p| p.ends_with(".html"))
        .collect()
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn file_url(dir: &Path, rel: &str) -> String {
    format!("file://{}/{rel}", dir.display())
}

// ---------------------------------------------------------------- a tiny server

/// Serves a folder under a prefix on 127.0.0.1 (404.html for misses), as a web server
/// would: `x/` serves `x/index.html`. One thread per connection, one request per
/// connection (`Connection: close`), so no keep-alive state can stall a page load.
struct Server {
    port: u16,
    stop: Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(dir: &Path, prefix: &'static str) -> Server {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("address").port();
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (root, flag) = (dir.to_path_buf(), stop.clone());
        let thread = std::thread::spawn(move || {
            for conn in listener.incoming() {
                if flag.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let root = root.clone();
                std::thread::spawn(move || serve_one(conn, &root, prefix));
            }
        });
        Server {
            port,
            stop,
            thread: Some(thread),
        }
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}/styrdokument/", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = std::net::TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Answers one GET on `conn` from `root`.
fn serve_one(mut conn: std::net::TcpStream, root: &Path, prefix: &str) {
    use std::io::{BufRead, Write};
    let _ = conn.set_read_timeout(Some(std::time::Duration::from_secs(10)));
    let mut reader = std::io::BufReader::new(match conn.try_clone() {
        Ok(c) => c,
        Err(_) => return,
    });
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Read the headers to the blank line (GET has no body).
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 0) && header.trim() != "" {
        header.clear();
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("");
    if std::env::var("DEBUG_SERVER").is_ok() {
        eprintln!("serve {target}");
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    let file = path.strip_prefix(prefix).map(|rel| {
        let rel = styrdok::html::percent_decode(rel);
        if rel.is_empty() || rel.ends_with('/') {
            root.join(rel).join("index.html")
        } else {
            root.join(rel)
        }
    });
    let found = file.filter(|f| f.is_file() && !f.components().any(|c| c.as_os_str() == ".."));
    let (status, f) = match found {
        Some(f) => ("200 OK", f),
        None => ("404 Not Found", root.join("404.html")),
    };
    let body = std::fs::read(&f).unwrap_or_default();
    let ctype = match f.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        _ => "text/plain; charset=utf-8",
    };
    let head = format!("HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
    let _ = conn
        .write_all(head.as_bytes())
        .and_then(|()| conn.write_all(&body))
        .and_then(|()| conn.flush());
}

// ---------------------------------------------------------------- browser checks

/// Applies the `prefers-color-scheme: dark` (or `print`) rules unconditionally, as
/// the system setting (or printing) would.
fn force_media(b: &Browser, media: &str) {
    force_media_in(b, "document", media);
}

/// `force_media` in the document `doc` (a JavaScript expression).
fn force_media_in(b: &Browser, doc: &str, media: &str) {
    let ok = b.eval(&format!(
        "const doc = {doc}; let n = 0;
         for (const sheet of doc.styleSheets) {{
           for (const rule of sheet.cssRules) {{
             if (rule.media && rule.media.mediaText.includes('{media}')) {{ rule.media.mediaText = 'all'; n++; }}
           }}
         }}
         if ('{media}'.includes('dark')) doc.documentElement.style.colorScheme = 'dark';
         return n;"
    ));
    assert!(
        ok.as_u64().unwrap_or(0) > 0,
        "no {media} rules found in the stylesheets"
    );
}

/// Runs axe-core on the open page; returns the violations as readable lines.
fn axe_violations(b: &Browser, axe: &str) -> Vec<String> {
    if b.eval("return typeof window.axe").as_str() != Some("object") {
        b.eval(&format!("{axe}\nreturn true;"));
    }
    let result = b.eval_async(&format!(
        "const done = arguments[0];
         axe.run(document, {{ runOnly: {{ type: 'tag', values: {AXE_TAGS} }}, resultTypes: ['violations'] }})
           .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — '
              + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + n.failureSummary.replace(/\\s+/g, ' ')).join(' | '))))
           .catch(e => done(['axe failed: ' + e]));"
    ));
    result
        .as_array()
        .expect("axe result")
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect()
}

/// Structure every page must have, checked in the DOM.
fn structure_problems(b: &Browser) -> Vec<String> {
    let v = b.eval(
        "const p = [];
         const q = s => document.querySelectorAll(s);
         if (document.documentElement.lang !== 'sv') p.push('lang is ' + document.documentElement.lang);
         if (q('h1').length !== 1) p.push(q('h1').length + ' h1');
         for (const l of ['header', 'main', 'footer', 'nav']) if (q(l).length === 0) p.push('no <' + l + '>');
         if (q('main').length !== 1) p.push('main count ' + q('main').length);
         const skip = document.querySelector('body > a.skip-link');
         if (!skip || document.body.firstElementChild !== skip) p.push('skip link is not first');
         else if (!document.getElementById(skip.getAttribute('href').slice(1))) p.push('skip link target missing');
         for (const t of q('table')) {
           if (!t.querySelector('caption') || !t.querySelector('caption').textContent.trim()) p.push('table without caption');
           if (!t.querySelector('th')) p.push('table without header cells');
         }
         const d = document.querySelector('del, ins');
         if (d) {
           const s = getComputedStyle(d);
           if (!s.textDecorationLine.includes(d.tagName === 'DEL' ? 'line-through' : 'underline')) p.push(d.tagName + ' relies on colour alone');
         }
         return p;",
    );
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_str().unwrap_or_default().to_string())
        .collect()
}

/// Tabs to the first focusable element after the skip link and checks it shows focus.
fn focus_is_visible(b: &Browser) -> bool {
    b.eval(
        "const els = [...document.querySelectorAll('a[href], button, input, select, [tabindex=\"0\"]')];
         return els.slice(0, 12).every(el => {
           el.focus();
           if (document.activeElement !== el) return true;
           const s = getComputedStyle(el);
           return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
         });",
    )
    .as_bool()
        == Some(true)
}

/// Sets `prefers-color-scheme` as the system setting would (through the DevTools
/// protocol), and checks the page sees it.
fn color_scheme(b: &Browser, mode: &str) {
    b.emulate_media_feature("prefers-color-scheme", mode);
    assert_eq!(
        b.eval(&format!(
            "return matchMedia('(prefers-color-scheme: {mode})').matches"
        )),
        Value::Bool(true),
        "emulated {mode} mode"
    );
}

/// axe, structure and focus on every page of a built folder, light then dark.
fn audit_pages(b: &Browser, axe: &str, pages: &[(String, String)]) -> Vec<String> {
    let mut failures = Vec::new();
    for (name, url) in pages {
        for dark in [false, true] {
            let mode = if dark { "dark" } else { "light" };
            b.goto(url);
            color_scheme(b, mode);
            for v in axe_violations(b, axe) {
                failures.push(format!("{name} [{mode}]: {v}"));
            }
            if !dark {
                for p in structure_problems(b) {
                    failures.push(format!("{name}: {p}"));
                }
            }
            if !focus_is_visible(b) {
                failures.push(format!("{name} [{mode}]: focus not visible"));
            }
        }
    }
    failures
}

#[test]
fn axe_finds_no_violations_from_disk() {
    let Some(axe) = axe_source() else { return };
    let Some((_lock, b)) = browser(1280) else {
        return;
    };
    let out = build_bundled(None);
    let pages: Vec<(String, String)> = html_pages(out.path())
        .into_iter()
        .map(|p| (p.clone(), file_url(out.path(), &p)))
        .collect();
    for t in PAGE_TYPES {
        assert!(
            pages.iter().any(|(p, _)| p == t),
            "page type {t} was not built"
        );
    }
    let failures = audit_pages(&b, &axe, &pages);
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The branded site (logo, brand colours, footer links) under a sub-path on a server,
/// light and dark mode.
#[test]
fn axe_finds_no_violations_under_a_sub_path() {
    let Some(axe) = axe_source() else { return };
    let Some((_lock, b)) = browser(1280) else {
        return;
    };
    // Build for the address the test server has, so the browser loads real assets.
    let dir = tempfile::tempdir().expect("tempdir");
    let server = Server::start(dir.path(), "/styrdokument/");
    let out = build_branded(Some(&server.base()));
    crate::support::copy_dir(out.path(), dir.path());
    let pages: Vec<(String, String)> = PAGE_TYPES
        .iter()
        .map(|p| {
            (
                p.to_string(),
                format!("{}{}", server.base(), p.trim_end_matches("index.html")),
            )
        })
        .chain([(
            "missing page".to_string(),
            format!("{}finns/inte/", server.base()),
        )])
        .collect();
    let failures = audit_pages(&b, &axe, &pages);
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
    b.goto(&format!("{}nykoping-kan-dso/2025/", server.base()));
    let loaded = b.eval(
        "return getComputedStyle(document.querySelector('.site-header')).display !== 'inline'",
    );
    assert_eq!(
        loaded,
        Value::Bool(true),
        "stylesheet not loaded under the sub-path"
    );
    let logo = b.eval(
        "const i = document.querySelector('.site-logo'); return i.complete && i.naturalWidth > 0",
    );
    assert_eq!(
        logo,
        Value::Bool(true),
        "logo not loaded under the sub-path"
    );
}

/// `<serie>/senaste/` leads to the newest year with the `#fragment` carried over: from
/// disk, over http under a sub-path with relative links and with an absolute base URL.
/// Without JavaScript its meta refresh and its link lead there; axe finds nothing on it.
#[test]
fn senaste_leads_to_the_latest_year_everywhere() {
    let disk = build_bundled(None);
    let latest_page = "nykoping-kan-dso/senaste/index.html";
    let target = "../../nykoping-kan-dso/2026/index.html";
    let html = read(disk.path(), latest_page);
    for want in [
        format!("<meta http-equiv=\"refresh\" content=\"0; url={target}\">"),
        format!("<link rel=\"canonical\" href=\"{target}\">"),
        format!("<a class=\"latest-link\" href=\"{target}\">"),
    ] {
        assert!(html.contains(&want), "{want} missing:\n{html}");
    }
    let series: Vec<String> = list_files(disk.path())
        .into_iter()
        .filter(|p| p.ends_with("/senaste/index.html"))
        .collect();
    assert_eq!(series.len(), 3, "one per series: {series:?}");
    assert!(
        read(disk.path(), "nykoping-kan-dso/index.html")
            .contains("<a href=\"../nykoping-kan-dso/senaste/index.html\">"),
        "the series page gives the address"
    );
    let absolute = build_bundled(Some(SUB_PATH));
    let html = read(absolute.path(), latest_page);
    assert!(
        html.contains(&format!(
            "<link rel=\"canonical\" href=\"{SUB_PATH}nykoping-kan-dso/2026/\">"
        )),
        "{html}"
    );

    let Some((_lock, b)) = browser(1280) else {
        return;
    };
    // A section id of 2026 that is not the first, so the fragment is visible in the URL.
    let doc = read(disk.path(), "nykoping-kan-dso/2026/index.html");
    let id = styrdok::html::start_tags(&doc)
        .into_iter()
        .filter(|t| t.name == "h3")
        .filter_map(|t| t.attr("id").map(String::from))
        .nth(3)
        .expect("a section");
    let relative_server = Server::start(disk.path(), "/styrdokument/");
    let dir = tempfile::tempdir().expect("tempdir");
    let absolute_server = Server::start(dir.path(), "/styrdokument/");
    let served = build_bundled(Some(&absolute_server.base()));
    crate::support::copy_dir(served.path(), dir.path());
    for (start, want) in [
        (
            file_url(disk.path(), latest_page),
            file_url(disk.path(), "nykoping-kan-dso/2026/index.html"),
        ),
        (
            format!("{}nykoping-kan-dso/senaste/", relative_server.base()),
            format!("{}nykoping-kan-dso/2026/index.html", relative_server.base()),
        ),
        (
            format!(
                "{}nykoping-kan-dso/senaste/index.html",
                relative_server.base()
            ),
            format!("{}nykoping-kan-dso/2026/index.html", relative_server.base()),
        ),
        (
            format!("{}nykoping-kan-dso/senaste/", absolute_server.base()),
            format!("{}nykoping-kan-dso/2026/", absolute_server.base()),
        ),
    ] {
        for fragment in [String::new(), format!("#{id}")] {
            b.goto(&format!("{start}{fragment}"));
            let want = format!("{want}{fragment}");
            let arrived = b.wait_for(
                &format!(
                    "return document.readyState === 'complete' && location.href === {}",
                    serde_json::to_string(&want).expect("json")
                ),
                std::time::Duration::from_secs(10),
            );
            assert!(
                arrived,
                "{start}{fragment} led to {} instead of {want}",
                b.current_url()
            );
            if !fragment.is_empty() {
                assert_eq!(b.eval("return document.querySelector(':target') && document.querySelector(':target').id"), Value::String(id.clone()), "{start}{fragment}: the section is the target");
            }
        }
    }
    // Without JavaScript: the page without its script still leads there (meta refresh),
    // and its link names the newest year.
    let original = read(disk.path(), latest_page);
    let script = Regex::new(r"<script src=[^>]*latest.js[^>]*></script>").expect("regex");
    let no_js = script.replace(&original, "").into_owned();
    assert_ne!(no_js, original, "the script was found");
    std::fs::write(
        disk.path().join("nykoping-kan-dso/senaste/utan-js.html"),
        &no_js,
    )
    .expect("write");
    b.goto(&file_url(
        disk.path(),
        "nykoping-kan-dso/senaste/utan-js.html",
    ));
    let arrived = b.wait_for(
        "return location.href.endsWith('/nykoping-kan-dso/2026/index.html') && document.readyState === 'complete'",
        std::time::Duration::from_secs(10),
    );
    assert!(arrived, "meta refresh: at {}", b.current_url());
    let refresh = Regex::new(r#"<meta http-equiv="refresh"[^>]*>"#).expect("regex");
    let still = refresh.replace(&no_js, "").into_owned();
    std::fs::write(
        disk.path().join("nykoping-kan-dso/senaste/stilla.html"),
        &still,
    )
    .expect("write");
    let page = file_url(disk.path(), "nykoping-kan-dso/senaste/stilla.html");
    b.goto(&page);
    b.click(".latest-link");
    assert!(
        b.wait_for(
            "return location.href.endsWith('/nykoping-kan-dso/2026/index.html')",
            std::time::Duration::from_secs(10)
        ),
        "the link: at {}",
        b.current_url()
    );
    if let Some(axe) = axe_source() {
        let failures = audit_pages(&b, &axe, &[("senaste".to_string(), page)]);
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

/// Every section of a document page carries its citation in the HTML; with
/// JavaScript a copy button appears, copies the citation with the section's full
/// address and announces "Kopierat". Screenshots go to target/tmp/screenshots.
#[test]
fn every_section_offers_its_citation() {
    let out = build_branded(None);
    let page = "nykoping-kan-dso/2025/index.html";
    let html = read(out.path(), page);
    let body = html
        .split("<div class=\"doc-body\">")
        .nth(1)
        .expect("doc body");
    let ids: Vec<String> = styrdok::html::start_tags(body)
        .into_iter()
        .filter(|t| matches!(t.name.as_str(), "h2" | "h3" | "h4" | "h5" | "h6"))
        .filter(|t| t.attr("dir") == Some("auto"))
        .filter_map(|t| t.attr("id").map(String::from))
        .collect();
    assert!(ids.len() > 20, "{ids:?}");
    for id in &ids {
        assert!(
            body.contains(&format!(
                "<a href=\"index.html#{id}\">Länk till avsnittet</a>"
            )),
            "{id}: no citation"
        );
    }
    assert!(html.contains("<span class=\"cite-ref\">Nyköpings kommun, Överenskommelse 2025 mellan Kompetens- och arbetsmarknadsnämnden och Division Social omsorg (KAN24/22), avsnitt 3.1 Grunduppdrag Arbetsmarknadsverksamhet, beslutad 2024-12-18.</span>"));
    let Some((_lock, b)) = browser(1280) else {
        return;
    };
    b.goto(&file_url(out.path(), page));
    let id = "grunduppdrag-arbetsmarknadsverksamhet";
    let section = format!("section[aria-labelledby='{id}']");
    // Closed, it is one quiet line; the copy button waits inside.
    let shown = b.eval(&format!("const d = document.querySelector(\"{section} .cite\"); d.open = true; const shown = getComputedStyle(d.querySelector('.cite-copy')).display !== 'none'; d.open = false; return [d.open, d.getBoundingClientRect().height, shown]"));
    assert_eq!(shown[0], Value::Bool(false));
    assert!(
        shown[1].as_f64().unwrap_or(99.0) < 30.0,
        "closed citation height {shown}"
    );
    assert_eq!(
        shown[2],
        Value::Bool(true),
        "JavaScript shows the copy button"
    );
    b.eval(&format!("document.querySelector(\"{section}\").scrollIntoView(); window.scrollBy(0, -20); return true;"));
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot dir");
    b.screenshot(&shots.join("cite-closed.png"));
    b.click(&format!("{section} .cite summary"));
    // Record what would go to the clipboard (headless Chromium has none to read back).
    b.eval("window.copied = []; navigator.clipboard.writeText = t => { window.copied.push(t); return Promise.resolve(); }; return true;");
    b.click(&format!("{section} .cite-copy"));
    assert!(
        b.wait_for(
            "return document.getElementById('cite-status').textContent === 'Kopierat'",
            std::time::Duration::from_secs(5)
        ),
        "no announcement"
    );
    let copied = b.eval("return window.copied[0]");
    let want = format!("Nyköpings kommun, Överenskommelse 2025 mellan Kompetens- och arbetsmarknadsnämnden och Division Social omsorg (KAN24/22), avsnitt 3.1 Grunduppdrag Arbetsmarknadsverksamhet, beslutad 2024-12-18. {}#{id}", file_url(out.path(), page));
    assert_eq!(copied, Value::String(want));
    let name = b.eval(&format!(
        "const e = document.querySelector(\"{section} .cite-copy\"); return e.textContent"
    ));
    assert_eq!(
        name,
        Value::String("Kopiera citatet, avsnitt 3.1 Grunduppdrag Arbetsmarknadsverksamhet".into()),
        "accessible name"
    );
    b.screenshot(&shots.join("cite-open.png"));
    color_scheme(&b, "dark");
    b.screenshot(&shots.join("cite-open-dark.png"));
    color_scheme(&b, "light");
}

/// The bundled site built with the README's brand config, opened from disk: axe finds
/// nothing in light and dark mode, and the logo, colours and footer links show. Writes
/// the README screenshot to target/tmp/screenshots (and to docs/brand/ with
/// STYRDOK_UPDATE_SCREENSHOT=1).
#[test]
fn branded_site_passes_axe_in_light_and_dark_mode() {
    let Some(axe) = axe_source() else { return };
    let Some((_lock, b)) = browser(1280) else {
        return;
    };
    let out = build_branded(None);
    // Every page of the site has the logo with its alt text and the footer links.
    for page in html_pages(out.path()) {
        let html = read(out.path(), &page);
        assert!(
            html.contains("static/logo.svg\" alt=\"Nyköpings kommun\">"),
            "{page}: no logo"
        );
        assert!(
            html.contains("<a href=\"https://www.nykoping.se/kontakt\">Kontakt</a>"),
            "{page}: no footer link"
        );
    }
    let pages: Vec<(String, String)> = PAGE_TYPES
        .iter()
        .map(|p| (p.to_string(), file_url(out.path(), p)))
        .collect();
    let failures = audit_pages(&b, &axe, &pages);
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let style = |css: &str, prop: &str| {
        b.eval(&format!(
            "return getComputedStyle(document.querySelector(\"{css}\")).{prop}"
        ))
        .as_str()
        .unwrap_or_default()
        .to_string()
    };
    for mode in ["light", "dark"] {
        for (name, url) in &pages {
            b.goto(url);
            color_scheme(&b, mode);
            let logo = b.eval("const i = document.querySelector('header .site-logo'); return i && i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().height > 30 ? i.alt : null");
            assert_eq!(
                logo,
                Value::String("Nyköpings kommun".into()),
                "{name} [{mode}]: logo shown with its alt text"
            );
            assert_eq!(
                style(".site-header", "backgroundColor"),
                "rgb(0, 80, 138)",
                "{name} [{mode}]: header in brand.primary"
            );
            assert_eq!(
                style(".site-header", "borderBottomColor"),
                "rgb(255, 205, 0)",
                "{name} [{mode}]: rule in brand.accent"
            );
            let footer = b.eval("return [...document.querySelectorAll('.site-footer a')].map(a => a.textContent + ' ' + a.getAttribute('href')).join('|')");
            assert!(
                footer
                    .as_str()
                    .unwrap_or_default()
                    .contains("Kontakt https://www.nykoping.se/kontakt"),
                "{name}: footer links {footer}"
            );
        }
        b.goto(&file_url(out.path(), "nykoping-kan-dso/2026/index.html"));
        color_scheme(&b, mode);
        let link = style(".toc a", "color");
        if mode == "light" {
            assert_eq!(link, "rgb(0, 80, 138)", "links in brand.primary");
            assert_eq!(
                style(".doc-status .tag.latest", "backgroundColor"),
                "rgb(255, 205, 0)",
                "badge in brand.accent"
            );
        } else {
            assert_ne!(
                link, "rgb(0, 80, 138)",
                "dark mode: a lighter tint for links"
            );
        }
        let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
        std::fs::create_dir_all(&shots).expect("screenshot dir");
        let shot = shots.join(format!("brand-{mode}.png"));
        b.screenshot(&shot);
        if mode == "light" && std::env::var("STYRDOK_UPDATE_SCREENSHOT").is_ok() {
            std::fs::copy(&shot, repo_root().join("docs/brand/screenshot.png"))
                .expect("copy screenshot");
        }
    }
    color_scheme(&b, "light");
}

/// Opens `page` (under the server's /styrdokument/) in an iframe `width` px wide: a real
/// viewport of that width (headless Chromium windows are at least 500 px wide).
/// Returns the iframe's document height.
fn open_framed(b: &Browser, server: &Server, page: &str, width: u32, dark: bool) -> u64 {
    b.goto(&format!("{}_frame.html?w={width}&p={page}", server.base()));
    let ready = "const f = document.querySelector('iframe'); return !!(f && f.contentDocument && f.contentDocument.readyState === 'complete' && f.contentDocument.styleSheets.length > 0);";
    assert!(
        b.wait_for(ready, std::time::Duration::from_secs(20)),
        "{page} did not load in the frame"
    );
    if dark {
        force_media_in(
            b,
            "document.querySelector('iframe').contentDocument",
            "prefers-color-scheme: dark",
        );
    }
    b.eval("const f = document.querySelector('iframe'); const h = f.contentDocument.documentElement.scrollHeight; f.style.height = h + 'px'; return h;")
        .as_u64()
        .unwrap_or(0)
}

const FRAME_PAGE: &str = "<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>ram</title>
<style>body{margin:0;background:#777}iframe{display:block;border:0;background:#fff}</style></head><body>
<script>const u = new URLSearchParams(location.search); const f = document.createElement('iframe');
f.style.width = u.get('w') + 'px'; f.style.height = '900px'; f.src = u.get('p'); f.title = 'sida'; document.body.append(f);</script>
</body></html>";

/// Null, or what sticks out to the right of the framed page (so it scrolls sideways).
const OVERFLOW_SCRIPT: &str = "const doc = document.querySelector('iframe').contentDocument; const d = doc.documentElement;
  if (d.scrollWidth <= d.clientWidth) return null;
  const wide = [...doc.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > d.clientWidth + 1 );
  wide.sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right);
  return 'scrolls sideways by ' + (d.scrollWidth - d.clientWidth) + ' px: ' + wide.slice(0, 4).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ');";

/// The page types at 320, 375 and 1280 px, light and dark: nothing may scroll
/// sideways. Screenshots at 375 and 1280 px go to target/tmp/screenshots (to look at).
#[test]
fn pages_fit_phones_and_screenshots() {
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot dir");
    let Some((_lock, b)) = browser(1320) else {
        return;
    };
    let mut failures = Vec::new();
    // Plain, and with the README's brand (a logo in the header).
    for (out, prefix) in [(build_bundled(None), ""), (build_branded(None), "brand-")] {
        std::fs::write(out.path().join("_frame.html"), FRAME_PAGE).expect("frame page");
        let server = Server::start(out.path(), "/styrdokument/");
        for width in [320, 375, 1280] {
            for page in PAGE_TYPES {
                for dark in [false, true] {
                    let height = open_framed(&b, &server, page, width, dark);
                    let inner = b
                        .eval("return document.querySelector('iframe').contentWindow.innerWidth")
                        .as_u64()
                        .unwrap_or(0);
                    assert_eq!(inner, width as u64, "frame viewport width");
                    if !prefix.is_empty() {
                        let logo = b.eval("const i = document.querySelector('iframe').contentDocument.querySelector('.site-logo'); return i.complete && i.naturalWidth > 0");
                        assert_eq!(logo, Value::Bool(true), "{page}: logo not loaded");
                    }
                    let overflow = b.eval(OVERFLOW_SCRIPT);
                    if let Some(o) = overflow.as_str() {
                        failures.push(format!(
                            "{prefix}{page} at {width} px{}: {o}",
                            if dark { " (dark)" } else { "" }
                        ));
                    }
                    if width == 320 {
                        continue;
                    }
                    let stem = format!(
                        "{prefix}{}-{width}{}",
                        page.trim_end_matches(".html").replace('/', "_"),
                        if dark { "-dark" } else { "" }
                    );
                    let shots_per_page = match (dark, prefix.is_empty()) {
                        (false, true) => 5,
                        _ => 1,
                    };
                    for (i, y) in (0..height).step_by(850).take(shots_per_page).enumerate() {
                        b.eval(&format!("window.scrollTo(0, {y}); return true;"));
                        b.screenshot(&shots.join(format!("{stem}-{i}.png")));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The harness itself can fail: axe reports a page with known faults.
#[test]
fn axe_reports_a_page_with_faults() {
    let Some(axe) = axe_source() else { return };
    let Some((_lock, b)) = browser(1280) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = "<!DOCTYPE html><html><head><title>x</title></head><body><main><p style=\"color:#bbb;background:#fff\">svag text</p><img src=\"x.png\"><table><tr><td>a</td></tr></table></main></body></html>";
    std::fs::write(dir.path().join("bad.html"), bad).expect("write");
    b.goto(&file_url(dir.path(), "bad.html"));
    let found = axe_violations(&b, &axe).join("\n");
    for rule in ["html-has-lang", "image-alt", "color-contrast"] {
        assert!(found.contains(rule), "axe missed {rule}: {found}");
    }
    let structure = structure_problems(&b).join("\n");
    assert!(
        structure.contains("0 h1") && structure.contains("table without caption"),
        "{structure}"
    );
}

// ---------------------------------------------------------------- HTML validity

fn vnu_errors(jar: &Path, dir: &Path) -> String {
    let pages: Vec<PathBuf> = html_pages(dir).iter().map(|p| dir.join(p)).collect();
    assert!(pages.len() >= PAGE_TYPES.len(), "too few pages built");
    let out = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--format", "gnu"])
        .args(&pages)
        .output()
        .expect("run vnu");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.success() {
        assert!(text.trim().is_empty(), "vnu exited 0 but said: {text}");
    } else {
        assert!(!text.trim().is_empty(), "vnu failed without a message");
    }
    text
}

#[test]
fn nu_html_checker_finds_no_errors() {
    let Some(jar) = vnu_jar() else { return };
    for (base, branded) in [(None, false), (Some(SUB_PATH), false), (None, true)] {
        let out = if branded {
            build_branded(base)
        } else {
            build_bundled(base)
        };
        let errors = vnu_errors(&jar, out.path());
        assert!(
            errors.trim().is_empty(),
            "vnu errors with base {base:?} (branded: {branded}):\n{errors}"
        );
    }
    // And it does catch errors.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("bad.html"), "<!DOCTYPE html><html lang=\"sv\"><head><title>x</title></head><body><p><div>x</div></p><span id=a></span><span id=a></span></body></html>").expect("write");
    for p in PAGE_TYPES {
        let target = dir.path().join(p);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(dir.path().join("bad.html"), target).expect("copy");
    }
    let errors = vnu_errors(&jar, dir.path());
    assert!(errors.contains("Duplicate ID"), "{errors}");
}

// ---------------------------------------------------------------- styrdok check

fn run_check(root: &Path, base: Option<&str>) -> (bool, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_styrdok"));
    cmd.args(["check", "--root"]).arg(root);
    if let Some(url) = base {
        cmd.args(["--base-url", url]);
    }
    let o = cmd.output().expect("run styrdok check");
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn check_finds_nothing_broken_in_the_bundled_site() {
    let summary =
        Regex::new(r"checked (\d+) pages, (\d+) internal links: 0 broken").expect("regex");
    for base in [None, Some(SUB_PATH), Some("/styrdokument/")] {
        let (ok, stdout, stderr) = run_check(&repo_root(), base);
        assert!(ok, "check with base {base:?} failed:\n{stdout}\n{stderr}");
        let caps = summary
            .captures(&stdout)
            .unwrap_or_else(|| panic!("no summary: {stdout}"));
        assert!(
            caps[1].parse::<usize>().unwrap_or(0) >= PAGE_TYPES.len(),
            "{stdout}"
        );
        assert!(
            caps[2].parse::<usize>().unwrap_or(0) > 500,
            "every cross-year link is checked: {stdout}"
        );
    }
}

#[test]
fn check_reports_broken_links_at_their_markdown_line() {
    // Two series, one year each: no change log repeats the links.
    let t = SiteTest::new();
    t.write(
        "content/annat/2024.md",
        "---\ntitle: Annat 2024\nyear: 2024\n---\n\n# Formalia\n\nText.\n",
    );
    t.write(
        "content/avtal/2025.md",
        "---\ntitle: Avtal 2025\nyear: 2025\n---\n\n# Formalia\n\nSe [det andra](../../annat/2024/index.html#formalia) och [fel avsnitt](../../annat/2024/index.html#saknas).\n\n## Mer\n\n[Borta](../2023/index.html) och [mapp](../../annat/2024/) och [lagen](https://www.riksdagen.se/sv/lag/) och [rot](/avtal/).\n",
    );
    let (ok, stdout, stderr) = run_check(t.root(), None);
    assert!(!ok, "broken links must fail the check:\n{stdout}\n{stderr}");
    for want in [
        "content/avtal/2025.md:8:",
        "#saknas",
        "no element with id \"saknas\"",
        "content/avtal/2025.md:12:",
        "avtal/2023/index.html does not exist",
        "opened from disk shows a file listing",
        "root-relative link",
    ] {
        assert!(stderr.contains(want), "missing {want:?} in:\n{stderr}");
    }
    assert!(
        !stderr.contains("#formalia\""),
        "a good link is not reported:\n{stderr}"
    );
    assert!(
        stdout.contains("https://www.riksdagen.se/sv/lag/"),
        "external links are listed:\n{stdout}"
    );
    assert!(stdout.contains(": 4 broken, 2 external"), "{stdout}");
    // Under a base URL the folder link and the root-relative one work on a server.
    let (ok, stdout, stderr) = run_check(t.root(), Some("https://x.se/"));
    assert!(!ok);
    assert!(stdout.contains(": 2 broken"), "{stdout}\n{stderr}");
}

#[test]
fn check_traces_a_template_link_to_the_template() {
    let t = SiteTest::new();
    t.write(
        "content/avtal/2025.md",
        "---\ntitle: Avtal 2025\nyear: 2025\n---\n\n# Formalia\n\nText.\n",
    );
    let base =
        std::fs::read_to_string(repo_root().join("theme/templates/base.html")).expect("base.html");
    t.write(
        "theme/templates/base.html",
        base.replace(
            "<main id=\"main\"",
            "<a href=\"{{ layout.root }}saknas.html\">x</a>\n<main id=\"main\"",
        ),
    );
    let (ok, _, stderr) = run_check(t.root(), None);
    assert!(!ok);
    assert!(
        stderr.contains("theme/templates/base.html (public/avtal/2025/index.html:"),
        "{stderr}"
    );
    assert!(stderr.contains("saknas.html does not exist"), "{stderr}");
}

// ---------------------------------------------------------------- deploy anywhere

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
