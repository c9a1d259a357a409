//! Publishing quality of the bundled site (issue 7): axe-core finds no WCAG 2.1 A/AA
//! violation (light and dark mode), the Nu HTML Checker finds no error, `styrdok check`
//! finds nothing broken — with no base URL (opened from disk) and under a sub-path on a
//! server. Also feeds, head metadata, print styles and narrow screens.
//!
//! The checkers come from the npm registry (tests/a11y, installed by .ci/run). Without
//! them, or without Chromium/Java, these tests skip with a reason — never under CI=true.

mod common;

use common::webdriver::Browser;
use common::{list_files, repo_root, SiteTest};
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
    "nykoping-kan-dso/2026/andringar/index.html",
    "nykoping-kan-dso/jamfor/2024-2026/index.html",
    "sok/index.html",
    "tillganglighet/index.html",
    "404.html",
];

// ---------------------------------------------------------------- tools

fn in_ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
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
    let out = tempfile::tempdir().expect("tempdir");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_styrdok"));
    cmd.args(["build", "--quiet", "--root"])
        .arg(repo_root())
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

/// Serves a folder under `/styrdokument/` on 127.0.0.1 (404.html for misses), as a
/// web server would: `x/` serves `x/index.html`.
struct Server {
    http: Arc<tiny_http::Server>,
    port: u16,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(dir: &Path, prefix: &'static str) -> Server {
        let http = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1"));
        let port = http.server_addr().to_ip().expect("ip address").port();
        let root = dir.to_path_buf();
        let h = http.clone();
        let thread = std::thread::spawn(move || {
            for req in h.incoming_requests() {
                let path = req.url().split(['?', '#']).next().unwrap_or("").to_string();
                let file = path.strip_prefix(prefix).map(|rel| {
                    let rel = percent_decode(rel);
                    if rel.is_empty() || rel.ends_with('/') {
                        root.join(rel).join("index.html")
                    } else {
                        root.join(rel)
                    }
                });
                let found =
                    file.filter(|f| f.is_file() && !f.components().any(|c| c.as_os_str() == ".."));
                let (status, f) = match found {
                    Some(f) => (200, f),
                    None => (404, root.join("404.html")),
                };
                let bytes = std::fs::read(&f).unwrap_or_default();
                let ctype = match f.extension().and_then(|e| e.to_str()) {
                    Some("html") => "text/html; charset=utf-8",
                    Some("css") => "text/css",
                    Some("js") => "text/javascript",
                    Some("json") => "application/json",
                    Some("xml") => "application/xml",
                    _ => "text/plain; charset=utf-8",
                };
                let header = tiny_http::Header::from_bytes("Content-Type", ctype).expect("header");
                let _ = req.respond(
                    tiny_http::Response::from_data(bytes)
                        .with_status_code(status)
                        .with_header(header),
                );
            }
        });
        Server {
            http,
            port,
            thread: Some(thread),
        }
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}/styrdokument/", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.http.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
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

/// axe, structure and focus on every page of a built folder, light then dark.
fn audit_pages(b: &Browser, axe: &str, pages: &[(String, String)]) -> Vec<String> {
    let mut failures = Vec::new();
    for (name, url) in pages {
        for dark in [false, true] {
            b.goto(url);
            let mode = if dark { "dark" } else { "light" };
            if dark {
                force_media(b, "prefers-color-scheme: dark");
            }
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
    let Some(b) = Browser::start() else { return };
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

#[test]
fn axe_finds_no_violations_under_a_sub_path() {
    let Some(axe) = axe_source() else { return };
    let Some(b) = Browser::start() else { return };
    // Build for the address the test server has, so the browser loads real assets.
    let dir = tempfile::tempdir().expect("tempdir");
    let server = Server::start(dir.path(), "/styrdokument/");
    let out = build_bundled(Some(&server.base()));
    common::copy_dir(out.path(), dir.path());
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
    let out = build_bundled(None);
    std::fs::write(out.path().join("_frame.html"), FRAME_PAGE).expect("frame page");
    let server = Server::start(out.path(), "/styrdokument/");
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot dir");
    let Some(b) = Browser::start_with_width(1320) else {
        return;
    };
    let mut failures = Vec::new();
    for width in [320, 375, 1280] {
        for page in PAGE_TYPES {
            for dark in [false, true] {
                let height = open_framed(&b, &server, page, width, dark);
                let inner = b
                    .eval("return document.querySelector('iframe').contentWindow.innerWidth")
                    .as_u64()
                    .unwrap_or(0);
                assert_eq!(inner, width as u64, "frame viewport width");
                let overflow = b.eval(OVERFLOW_SCRIPT);
                if let Some(o) = overflow.as_str() {
                    failures.push(format!(
                        "{page} at {width} px{}: {o}",
                        if dark { " (dark)" } else { "" }
                    ));
                }
                if width == 320 {
                    continue;
                }
                let stem = format!(
                    "{}-{width}{}",
                    page.trim_end_matches(".html").replace('/', "_"),
                    if dark { "-dark" } else { "" }
                );
                for (i, y) in (0..height)
                    .step_by(850)
                    .take(if dark { 1 } else { 5 })
                    .enumerate()
                {
                    b.eval(&format!("window.scrollTo(0, {y}); return true;"));
                    b.screenshot(&shots.join(format!("{stem}-{i}.png")));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
