//! `styrdok serve` benchmark: rebuild time alone, and edit-to-browser latency (from
//! writing a content file to the new text being in the page in headless Chromium),
//! median and max over N edits, on the bundled site and on a generated site.
//!
//!     benches/serve_bench.sh [--edits 20] [--corpus DIR] [--no-browser]
//!
//! or directly `cargo bench --bench serve_bench -- [same options]`. The generated site
//! defaults to /tmp/corpus-medium (made by ../shared/bench/gen_corpus.py --scale medium
//! --layout plain, which the script runs when it is missing). Every site is copied to a
//! temp dir first; nothing in the repository is written.
//!
//! The page patches itself in place (only the changed nodes) where it can, else
//! reloads; both are timed in the page. A patch counts when the next frame after it
//! was drawn (`data-styrdok-drawn`, set by the live-reload script), a reload at DOM
//! interactive. "write → event sent" is when a second client of the event stream got
//! the event: the server's part.
//!
//! Rebuild: `serve::Builder::build` (load from disk + build into memory with the serve
//! cache) after each one-file edit, in process. Browser: the release binary serves the
//! copy, Chromium shows the edited document, and the time is taken in the page
//! (navigation timing: DOM interactive of the reloaded page) against the wall clock at
//! the write; polling only finds out when it happened.

#[path = "../tests/it/support/webdriver.rs"]
mod webdriver;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

struct Options {
    edits: usize,
    corpus: PathBuf,
    browser: bool,
}

fn options() -> Options {
    let mut o = Options {
        edits: 20,
        corpus: PathBuf::from("/tmp/corpus-medium"),
        browser: true,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--edits" => {
                o.edits = args.get(i + 1).and_then(|v| v.parse().ok()).unwrap_or(20);
                i += 1;
            }
            "--corpus" => {
                o.corpus = args.get(i + 1).map(PathBuf::from).unwrap_or(o.corpus);
                i += 1;
            }
            "--no-browser" => o.browser = false,
            _ => {} // `cargo bench` passes --bench
        }
        i += 1;
    }
    o
}

/// A site copied to a temp dir, and the document the edits go to.
struct Site {
    name: String,
    dir: tempfile::TempDir,
    doc: PathBuf,
    url_path: String,
    original: String,
    documents: usize,
}

impl Site {
    fn copy(name: &str, from: &Path) -> Site {
        let dir = tempfile::tempdir().expect("tempdir");
        for part in ["content", "theme", "styrdok.yaml"] {
            let src = from.join(part);
            if src.is_dir() {
                copy_dir(&src, &dir.path().join(part));
            } else if src.is_file() {
                std::fs::copy(&src, dir.path().join(part)).expect("copy");
            }
        }
        // The latest year of the first series.
        let content = dir.path().join("content");
        let mut series: Vec<PathBuf> = std::fs::read_dir(&content)
            .expect("content/")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        series.sort();
        let first = series.first().expect("a series").clone();
        let mut years: Vec<PathBuf> = std::fs::read_dir(&first)
            .expect("series")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        years.sort();
        let doc = years.last().expect("a document").clone();
        let slug = first
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let year = doc
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let original = std::fs::read_to_string(&doc).expect("read document");
        let documents = walkdir::WalkDir::new(&content)
            .into_iter()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .count();
        Site {
            name: name.into(),
            dir,
            doc,
            url_path: format!("/{slug}/{year}/"),
            original,
            documents,
        }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes the document with a new last paragraph carrying `marker`.
    fn edit(&self, marker: &str) {
        std::fs::write(
            &self.doc,
            format!(
                "{}\n\nMätpunkt {marker} i texten.\n",
                self.original.trim_end()
            ),
        )
        .expect("write");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let dest = to.join(entry.path().strip_prefix(from).unwrap_or(entry.path()));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

fn stats(ms: &mut [f64]) -> (f64, f64) {
    ms.sort_by(|a, b| a.total_cmp(b));
    let n = ms.len();
    let median = if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        ms[n / 2]
    } else {
        (ms[n / 2 - 1] + ms[n / 2]) / 2.0
    };
    (median, ms.last().copied().unwrap_or(f64::NAN))
}

/// Rebuild times alone (ms): the cold first build (pages and search), then per
/// one-file edit the pages (what the browser waits for) and the search index after them.
fn bench_rebuild(site: &Site, edits: usize) -> (f64, Vec<f64>, Vec<f64>) {
    let root = site.root().canonicalize().expect("root");
    let builder = styrdok::serve::Builder::new(&root);
    let t = Instant::now();
    let first = builder.build_complete();
    let cold = t.elapsed().as_secs_f64() * 1000.0;
    assert!(
        first.outcome.is_ok(),
        "{}: build failed: {:?}",
        site.name,
        first.outcome.err()
    );
    let (mut pages, mut search) = (Vec::new(), Vec::new());
    for i in 0..edits {
        site.edit(&format!("R{i}"));
        let t = Instant::now();
        // As `serve` does: the watcher names the changed file.
        let built = builder.build_after(Some(std::slice::from_ref(&site.doc)));
        pages.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(built.outcome.is_ok());
        if let Some(styrdok::serve::SearchIndex::ToMake(pending)) = built.search {
            let t = Instant::now();
            builder.index(pending);
            search.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    site.edit("reset");
    (cold, pages, search)
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or(0.0)
}

/// Edit-to-browser latency: (measured in the page, seen by polling), in ms.
fn bench_browser(site: &Site, edits: usize) -> Option<(Vec<f64>, Vec<f64>)> {
    let browser = webdriver::Browser::start()?;
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_styrdok"))
        .args(["serve", "--quiet", "--root"])
        .arg(site.root())
        .args(["--port", &port.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start serve");
    let stdout = child.stdout.take().expect("stdout");
    let server = Server(child);
    let mut lines = BufReader::new(stdout).lines();
    loop {
        match lines.next() {
            Some(Ok(l)) if l.starts_with("serving ") => break,
            Some(_) => {}
            None => panic!("serve exited"),
        }
    }
    std::thread::spawn(move || for _ in lines {});
    browser.goto(&format!("http://127.0.0.1:{port}{}", site.url_path));
    let ready = "return !!document.querySelector('main') && performance.getEntriesByType('navigation').length > 0;";
    assert!(
        browser.wait_for(ready, Duration::from_secs(60)),
        "page did not load"
    );
    std::thread::sleep(Duration::from_millis(300)); // let the event stream connect
    let reloads = listen_for_reloads(port);
    let (mut in_page, mut polled, mut patched) = (Vec::new(), Vec::new(), Vec::new());
    let mut phases = [Vec::new(), Vec::new(), Vec::new(), Vec::new()];
    let mut soft = 0;
    for i in 0..edits {
        let marker = format!("B{i}x{port}");
        let check = format!("return document.body.innerText.includes('Mätpunkt {marker}');");
        let t0 = now_ms();
        let started = Instant::now();
        site.edit(&marker);
        let deadline = Instant::now() + Duration::from_secs(60);
        while browser.eval(&check).as_bool() != Some(true) {
            assert!(
                Instant::now() < deadline,
                "{}: edit {i} never showed",
                site.name
            );
            // Not faster: every poll runs script on the page's main thread.
            std::thread::sleep(Duration::from_millis(20));
        }
        polled.push(started.elapsed().as_secs_f64() * 1000.0);
        // DOM interactive of the reloaded page, on the wall clock (corrected for the
        // page clock's drift from Date.now()).
        let v = browser.eval(
            "const n = performance.getEntriesByType('navigation')[0];
             const drift = performance.timeOrigin + performance.now() - Date.now();
             const soft = +(document.documentElement.getAttribute('data-styrdok-updated') || 0);
             const drawn = +(document.documentElement.getAttribute('data-styrdok-drawn') || 0);
             return [performance.timeOrigin - drift, n.responseEnd, n.domInteractive, soft, drawn];",
        );
        let at = |i: usize| v.get(i).and_then(|x| x.as_f64()).unwrap_or(f64::NAN);
        if at(3) >= t0 {
            // Patched in place at `soft`; the next frame with it drawn at `drawn`.
            patched.push(at(3) - t0);
            in_page.push(if at(4) >= at(3) { at(4) } else { at(3) } - t0);
            soft += 1;
        } else {
            in_page.push(at(0) + at(2) - t0);
            phases[0].push(at(0) - t0);
            phases[1].push(at(1));
            phases[2].push(at(2) - at(1));
        }
        let event = reloads
            .lock()
            .map(|r| r.iter().copied().find(|t| *t >= t0))
            .ok()
            .flatten();
        phases[3].push(event.map_or(f64::NAN, |t| t - t0));
        std::thread::sleep(Duration::from_millis(150));
    }
    drop(server);
    site.edit("reset");
    let [mut a, mut b, mut c, mut d] = phases;
    let (event_median, event_max) = stats(&mut d);
    println!(
        "    {soft} of {edits} patched in place (no reload); write → event sent median {event_median:.1} ms, max {event_max:.1} ms"
    );
    if soft > 0 {
        let (med, max) = stats(&mut patched);
        println!("    write → page patched (before drawing) median {med:.1} ms, max {max:.1} ms");
    }
    if soft < edits {
        println!(
            "    full reloads (medians): write → reload starts {:.1} ms, page response {:.1} ms, parse {:.1} ms",
            stats(&mut a).0,
            stats(&mut b).0,
            stats(&mut c).0
        );
    }
    Some((in_page, polled))
}

/// Wall-clock times (ms) at which a second client of the event stream got `reload`.
fn listen_for_reloads(port: u16) -> std::sync::Arc<std::sync::Mutex<Vec<f64>>> {
    use std::io::Write;
    let times = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let out = times.clone();
    std::thread::spawn(move || {
        let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
            return;
        };
        let _ = write!(
            s,
            "GET /__styrdok/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        );
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            if line == "event: reload" {
                if let Ok(mut t) = out.lock() {
                    t.push(now_ms());
                }
            }
        }
    });
    times
}

fn main() {
    let o = options();
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut sites = vec![Site::copy("bundled", &repo)];
    if o.corpus.join("content").is_dir() {
        sites.push(Site::copy("generated", &o.corpus));
    } else {
        eprintln!(
            "no generated site at {} (run benches/serve_bench.sh, which makes it)",
            o.corpus.display()
        );
    }
    println!(
        "styrdok serve benchmark: {} edits per site, {} cores",
        o.edits,
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    for site in &sites {
        println!(
            "\n{} ({} documents; editing {})",
            site.name, site.documents, site.url_path
        );
        let (cold, mut pages, mut search) = bench_rebuild(site, o.edits);
        println!("  first build (cold cache)          {cold:8.1} ms");
        let (med, max) = stats(&mut pages);
        println!(
            "  rebuild after a one-file edit     median {med:7.1} ms   max {max:7.1} ms   (pages)"
        );
        let (med, max) = stats(&mut search);
        println!("  search index after the edit       median {med:7.1} ms   max {max:7.1} ms");
        if !o.browser {
            continue;
        }
        match bench_browser(site, o.edits) {
            Some((mut in_page, mut polled)) => {
                let (med, max) = stats(&mut in_page);
                println!(
                    "  edit → text in the browser        median {med:7.1} ms   max {max:7.1} ms"
                );
                let (med, max) = stats(&mut polled);
                println!(
                    "  edit → seen by WebDriver polling  median {med:7.1} ms   max {max:7.1} ms"
                );
            }
            None => println!("  browser: skipped (no Chromium)"),
        }
    }
}
