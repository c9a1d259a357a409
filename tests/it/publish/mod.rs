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

mod a11y;
mod check;
mod feeds_and_print;
mod from_disk_and_sub_path;
mod navigation;

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
pub(crate) fn axe_source() -> Option<String> {
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
pub(crate) fn axe_violations(b: &Browser, axe: &str) -> Vec<String> {
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
