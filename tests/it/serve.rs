//! `styrdok serve` through the real binary on 127.0.0.1: the router (traversal, 404,
//! HEAD, content types, redirects), the event stream, the served site against a full
//! `build` after a sequence of edits, and live reload in headless Chromium.

use crate::support::webdriver::Browser;
use crate::support::{list_files, SiteTest};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SECRET: &str = "HEMLIG-FIL-UTANFÖR-WEBBPLATSEN";
const STALE_PUBLIC: &str = "GAMMAL-PUBLIC-SOM-INTE-SKA-VISAS";

/// A small site: one series with two years (the later a draft), long enough to scroll.
fn fixture() -> SiteTest {
    let t = SiteTest::new();
    t.write("styrdok.yaml", "title: Förhandsvisning\n");
    t.write("content/avtal/_series.yaml", "title: Avtalet\n");
    t.write("content/avtal/2024.md", doc(2024, "", "Första året."));
    t.write(
        "content/avtal/2025.md",
        doc(2025, "status: utkast\n", "Utkastet för nästa år."),
    );
    // Things outside the site that no request may ever reach.
    t.write("secret.txt", SECRET);
    t.write("public/index.html", STALE_PUBLIC);
    t
}

fn doc(year: i32, extra_front: &str, lead: &str) -> String {
    let mut s = format!(
        "---\ntitle: Avtal {year}\nyear: {year}\n{extra_front}---\n\n# 1 Formalia\n\n{lead}\n\n"
    );
    for i in 2..=12 {
        s.push_str(&format!("# {i} Avsnitt {i}\n\nNämnden och divisionen följer upp verksamheten i avsnitt {i} varje kvartal.\n\n"));
        for j in 0..4 {
            s.push_str(&format!("Stycke {j} i avsnitt {i} beskriver arbetet, målen och hur uppföljningen går till under året.\n\n"));
        }
    }
    s
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// `styrdok serve` running over a site; killed on drop.
struct Serve {
    child: Child,
    port: u16,
    output: Arc<Mutex<String>>,
}

impl Serve {
    fn start(root: &Path) -> Serve {
        Serve::start_on(root, free_port())
    }

    fn start_on(root: &Path, port: u16) -> Serve {
        Serve::start_with(root, port, &[], &[])
    }

    fn start_with(root: &Path, port: u16, env: &[(&str, &str)], args: &[&str]) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_styrdok"))
            .envs(env.iter().copied())
            .arg("serve")
            .args(args)
            .arg("--root")
            .arg(root)
            .args(["--port", &port.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start styrdok serve");
        let output = Arc::new(Mutex::new(String::new()));
        for pipe in [
            child
                .stdout
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
            child
                .stderr
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let output = output.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    output.lock().unwrap().push_str(&format!("{line}\n"));
                }
            });
        }
        let serve = Serve {
            child,
            port,
            output,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while !serve.output().contains("serving ") {
            assert!(
                Instant::now() < deadline,
                "serve did not start:\n{}",
                serve.output()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        serve
    }

    fn output(&self) -> String {
        self.output.lock().unwrap().clone()
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn get(&self, target: &str) -> Reply {
        http(self.port, "GET", target)
    }

    fn events(&self) -> Events {
        Events::open(self.port)
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One request over a raw socket, so the target reaches the server exactly as written
/// (HTTP libraries normalise `..` and `%2e` away before sending).
fn http(port: u16, method: &str, target: &str) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head: {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .expect("status");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// The reload event stream, read as a client.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        write!(s, "GET /__styrdok/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        let mut reader = BufReader::new(s);
        let mut line = String::new();
        reader
            .get_ref()
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        reader.read_line(&mut line).unwrap();
        assert!(line.starts_with("HTTP/1.1 200"), "{line}");
        let mut e = Events { reader };
        let hello = e.next(Duration::from_secs(30)).expect("hello");
        assert_eq!(hello.0, "hello");
        e
    }

    /// The next event (name, data), skipping headers and comments; `None` on timeout.
    fn next(&mut self, timeout: Duration) -> Option<(String, String)> {
        let deadline = Instant::now() + timeout;
        let (mut name, mut data) = (String::new(), String::new());
        loop {
            // Keep-alive comments must not stretch the wait.
            let left = deadline
                .checked_duration_since(Instant::now())
                .filter(|d| !d.is_zero())?;
            self.reader.get_ref().set_read_timeout(Some(left)).unwrap();
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) | Err(_) => return None,
                Ok(_) => {}
            }
            let line = line.trim_end_matches(['\r', '\n']);
            if let Some(v) = line.strip_prefix("event: ") {
                name = v.to_string();
            } else if let Some(v) = line.strip_prefix("data: ") {
                data = v.to_string();
            } else if line.is_empty() && !name.is_empty() {
                return Some((name, data));
            }
        }
    }

    /// Waits for an event, then for the site to be complete (search index included)
    /// and the burst of builds to settle (no event for a while).
    fn settle(&mut self) -> Vec<(String, String)> {
        let mut events = vec![self
            .next(Duration::from_secs(30))
            .expect("an event after the edit")];
        loop {
            // Events that do not say (a failed build) leave the site as it was.
            let complete = events
                .last()
                .is_some_and(|(_, data)| !data.contains("\"complete\":false"));
            let wait = if complete {
                Duration::from_millis(600)
            } else {
                Duration::from_secs(30)
            };
            match self.next(wait) {
                Some(e) => events.push(e),
                None if complete => return events,
                None => panic!("the site never became complete: {events:?}"),
            }
        }
    }
}

/// Removes the reload script tag serve adds to HTML.
fn without_script(body: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(body).into_owned();
    match text.find("<script src=\"/__styrdok/reload.js\"") {
        Some(start) => {
            let end =
                start + text[start..].find("</script>").expect("closing tag") + "</script>".len();
            format!("{}{}", &text[..start], &text[end..]).into_bytes()
        }
        None => body.to_vec(),
    }
}

#[test]
fn serves_only_the_built_site_with_the_right_types() {
    let site = fixture();
    let serve = Serve::start(site.root());

    let home = serve.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(home.text().contains("Förhandsvisning"), "{}", home.text());
    assert!(
        home.text().contains("<script src=\"/__styrdok/reload.js\""),
        "reload script injected when served"
    );
    assert!(
        !home.text().contains(STALE_PUBLIC),
        "public/ is not what serve serves"
    );

    // Drafts are included.
    let draft = serve.get("/avtal/2025/");
    assert_eq!(draft.status, 200);
    assert!(draft.text().contains("Utkastet för nästa år."));

    let css = serve.get("/static/style.css");
    assert_eq!(
        (css.status, css.header("content-type")),
        (200, Some("text/css; charset=utf-8"))
    );
    assert!(
        !css.text().contains("__styrdok"),
        "only HTML gets the script"
    );
    let js = serve.get("/__styrdok/reload.js");
    assert_eq!(
        js.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(js.text().contains("EventSource"));

    let json_path = list_files(&build_drafts(site.root()).path().join("out"))
        .into_iter()
        .find(|p| p.ends_with(".json"))
        .expect("a JSON file");
    let json = serve.get(&format!("/{json_path}"));
    assert_eq!(
        (json.status, json.header("content-type")),
        (200, Some("application/json")),
        "{json_path}"
    );

    // HEAD: the same head as GET, no body.
    let head = http(serve.port, "HEAD", "/avtal/2024/");
    let get = serve.get("/avtal/2024/");
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), get.header("content-length"));
    assert_eq!(
        head.header("content-length"),
        Some(get.body.len().to_string().as_str())
    );
    assert!(head.body.is_empty());

    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let r = http(serve.port, method, "/");
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"));
    }

    // A folder without its slash is redirected; a miss gets the theme's 404 page.
    let redirect = serve.get("/avtal/2024?x=1");
    assert_eq!(
        (redirect.status, redirect.header("location")),
        (302, Some("/avtal/2024/?x=1"))
    );
    let missing = serve.get("/avtal/1999/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        missing.text().contains("Sidan finns inte"),
        "{}",
        missing.text()
    );
    assert!(
        missing.text().contains("<base href=\"/\">"),
        "relative links of the 404 page work at any depth"
    );
    assert_eq!(serve.get("/nope.css").status, 404);
}

#[test]
fn traversal_never_reaches_the_file_system() {
    let site = fixture();
    let serve = Serve::start(site.root());
    for target in [
        "/../secret.txt",
        "/avtal/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/avtal/%2e%2e/%2e%2e/secret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/avtal\\..\\..\\secret.txt",
        "//secret.txt",
        "/%2fsecret.txt",
        &format!("/{}", site.root().join("secret.txt").display()),
        &format!("/{}", site.root().join("public/index.html").display()),
        "/secret.txt",
        "/styrdok.yaml",
        "/content/avtal/2024.md",
        "/public/index.html",
        "/index.html%00.css",
        "/secret.txt%00",
        "/C:/Windows/win.ini",
        "/%c0%ae%c0%ae/secret.txt",
    ] {
        let r = serve.get(target);
        assert!(
            r.status == 400 || r.status == 404,
            "{target}: status {}",
            r.status
        );
        let text = r.text();
        assert!(
            !text.contains(SECRET)
                && !text.contains(STALE_PUBLIC)
                && !text.contains("title: Avtal"),
            "{target} leaked a file"
        );
    }
    assert_eq!(serve.get("/../secret.txt").status, 400);
    assert_eq!(serve.get("/%2e%2e/secret.txt").status, 400);
    // The server is still fine afterwards.
    assert_eq!(serve.get("/").status, 200);
}

#[test]
fn event_stream_announces_an_edit() {
    let site = fixture();
    let serve = Serve::start(site.root());
    let mut events = serve.events();
    let names = |got: &[(String, String)]| got.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();

    site.write(
        "content/avtal/2024.md",
        doc(2024, "", "Första året, nu ändrat."),
    );
    let got = events.settle();
    assert_eq!(got[0].0, "reload", "{got:?}");
    assert!(got[0].1.contains("\"version\""), "{got:?}");
    // The changed pages travel with the event; pages the edit cannot touch are not named.
    assert!(
        got[0].1.contains("\"avtal/2024/index.html\"") && got[0].1.contains("\"full\":false"),
        "{got:?}"
    );
    assert!(!got[0].1.contains("tillganglighet/"), "{got:?}");
    assert!(serve
        .get("/avtal/2024/")
        .text()
        .contains("Första året, nu ändrat."));

    // A CSS-only change is a stylesheet swap, not a reload.
    site.write("theme/static/style.css", "body { color: rebeccapurple; }\n");
    let got = events.settle();
    assert!(
        names(&got).contains(&"css".to_string()) && !names(&got).contains(&"reload".to_string()),
        "{got:?}"
    );
    assert!(serve
        .get("/static/style.css")
        .text()
        .contains("rebeccapurple"));

    // A broken config is reported with its place; the last good site stays served.
    site.write("styrdok.yaml", "title: Förhandsvisning\nlanguage: [sv\n");
    let got = events.settle();
    assert_eq!(names(&got), ["failed"], "{got:?}");
    assert!(got[0].1.contains("\"location\":\"styrdok.yaml:"), "{got:?}");
    assert!(serve
        .get("/avtal/2024/")
        .text()
        .contains("Första året, nu ändrat."));
    site.write("styrdok.yaml", "title: Förhandsvisning\n");
    let got = events.settle();
    assert_eq!(
        names(&got),
        ["fixed"],
        "the same bytes as the last good site: only the overlay goes"
    );
    assert!(
        serve.output().contains("build failed"),
        "{}",
        serve.output()
    );
}

/// `styrdok build --drafts` of `root` into a temp dir's `out/`.
fn build_drafts(root: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_styrdok"))
        .args(["build", "--drafts", "--root"])
        .arg(root)
        .arg("--output")
        .arg(dir.path().join("out"))
        .output()
        .expect("run build");
    assert!(
        out.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

/// Every file of a full build is served with the same bytes (HTML less the script).
fn assert_same_as_build(serve: &Serve, root: &Path, step: &str) {
    let built = build_drafts(root);
    let out = built.path().join("out");
    let files: Vec<String> = list_files(&out)
        .into_iter()
        .filter(|f| f != ".styrdok-output")
        .collect();
    assert!(files.len() > 10, "{step}: {files:?}");
    for f in &files {
        let expected = std::fs::read(out.join(f)).unwrap();
        let r = serve.get(&format!("/{f}"));
        assert_eq!(r.status, 200, "{step}: {f}");
        assert!(
            without_script(&r.body) == expected,
            "{step}: {f} differs from a full build:\n{}",
            String::from_utf8_lossy(&r.body)
        );
    }
}

/// One edit of the site at a root.
type Edit = Box<dyn Fn(&Path)>;

#[test]
fn served_site_equals_a_full_build_after_every_edit() {
    let site = fixture();
    site.write("content/regler/_series.yaml", "title: Reglerna\n");
    site.write(
        "content/regler/2023.md",
        doc(2023, "", "Reglerna första året."),
    );
    // Index search after publishing the pages, whatever the size, as on a large site.
    let serve = Serve::start_with(
        site.root(),
        free_port(),
        &[("STYRDOK_SERVE_SEARCH_INLINE_MS", "0")],
        &[],
    );
    let mut events = serve.events();
    assert_same_as_build(&serve, site.root(), "start");
    let mut deferred = 0;

    let steps: Vec<(&str, Edit)> = vec![
        (
            "edit a document",
            Box::new(|r: &Path| {
                std::fs::write(
                    r.join("content/avtal/2024.md"),
                    doc(2024, "", "Ny inledning."),
                )
                .unwrap()
            }),
        ),
        (
            "save by temp file and rename",
            Box::new(|r: &Path| {
                let tmp = r.join("content/avtal/2024.md.tmp.4711");
                std::fs::write(&tmp, doc(2024, "", "Sparad via omdöpning.")).unwrap();
                std::fs::rename(&tmp, r.join("content/avtal/2024.md")).unwrap();
            }),
        ),
        (
            "add a year",
            Box::new(|r: &Path| {
                std::fs::write(
                    r.join("content/avtal/2026.md"),
                    doc(2026, "", "Ett tredje år."),
                )
                .unwrap()
            }),
        ),
        (
            "add a series in a new folder",
            Box::new(|r: &Path| {
                std::fs::create_dir_all(r.join("content/ny-serie")).unwrap();
                std::fs::write(
                    r.join("content/ny-serie/2025.md"),
                    doc(2025, "", "En ny serie."),
                )
                .unwrap();
            }),
        ),
        (
            "edit two series in one save",
            Box::new(|r: &Path| {
                std::fs::write(
                    r.join("content/avtal/2024.md"),
                    doc(2024, "", "Två serier samtidigt."),
                )
                .unwrap();
                std::fs::write(
                    r.join("content/regler/2023.md"),
                    doc(2023, "", "Reglerna, också ändrade."),
                )
                .unwrap();
            }),
        ),
        (
            "add an image beside a document",
            Box::new(|r: &Path| {
                std::fs::create_dir_all(r.join("content/avtal/2024")).unwrap();
                std::fs::write(r.join("content/avtal/2024/bild.png"), b"\x89PNG\r\n\x1a\n")
                    .unwrap();
            }),
        ),
        (
            "edit series metadata",
            Box::new(|r: &Path| {
                std::fs::write(
                    r.join("content/avtal/_series.yaml"),
                    "title: Avtalet, omdöpt\n",
                )
                .unwrap()
            }),
        ),
        (
            "remove a year",
            Box::new(|r: &Path| std::fs::remove_file(r.join("content/avtal/2025.md")).unwrap()),
        ),
        (
            "remove a series folder",
            Box::new(|r: &Path| std::fs::remove_dir_all(r.join("content/regler")).unwrap()),
        ),
        (
            "change the site title",
            Box::new(|r: &Path| {
                std::fs::write(r.join("styrdok.yaml"), "title: Ny titel\n").unwrap()
            }),
        ),
        (
            "override a template",
            Box::new(|r: &Path| {
                std::fs::create_dir_all(r.join("theme/templates")).unwrap();
                std::fs::write(
                    r.join("theme/templates/404.html"),
                    "{% extends \"base.html\" %}{% block main %}<h1>Borta</h1>{% endblock main %}",
                )
                .unwrap();
            }),
        ),
        (
            "change a UI string",
            Box::new(|r: &Path| {
                let builtin =
                    std::fs::read_to_string(crate::support::repo_root().join("theme/strings.yaml"))
                        .unwrap();
                std::fs::write(
                    r.join("theme/strings.yaml"),
                    builtin.replace("home: Startsida", "home: Hem"),
                )
                .unwrap();
            }),
        ),
        (
            "restore the document",
            Box::new(|r: &Path| {
                std::fs::write(
                    r.join("content/avtal/2024.md"),
                    doc(2024, "", "Första året."),
                )
                .unwrap()
            }),
        ),
    ];
    for (step, edit) in &steps {
        edit(site.root());
        let got = events.settle();
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert!(
            names
                .iter()
                .all(|n| ["reload", "css", "assets", "complete"].contains(n)),
            "{step}: {got:?}\n{}",
            serve.output()
        );
        deferred += usize::from(got.iter().any(|(_, d)| d.contains("\"complete\":false")));
        assert_same_as_build(&serve, site.root(), step);
    }
    assert!(
        deferred >= 5,
        "search was indexed after the pages in {deferred} steps"
    );
    assert_eq!(
        serve.get("/avtal/2025/").status,
        404,
        "a removed year is gone"
    );
    assert_eq!(
        serve.get("/regler/").status,
        404,
        "a removed series is gone"
    );
    assert!(serve.get("/nope/").text().contains("Borta"));
    assert_eq!(
        std::fs::read_to_string(site.root().join("public/index.html")).unwrap(),
        STALE_PUBLIC,
        "public/ untouched"
    );
}

#[test]
fn polling_watcher_sees_edits_and_new_folders() {
    let site = fixture();
    let port = free_port();
    let serve = Serve::start_with(site.root(), port, &[], &["--poll"]);
    let mut events = Events::open(port);
    site.write(
        "content/avtal/2024.md",
        doc(2024, "", "Ändrat medan vi pollar."),
    );
    let got = events.settle();
    assert_eq!(got[0].0, "reload", "{got:?}");
    assert!(http(port, "GET", "/avtal/2024/")
        .text()
        .contains("Ändrat medan vi pollar."));
    site.write("content/ny/2025.md", doc(2025, "", "En ny mapp."));
    events.settle();
    assert!(serve.get("/ny/2025/").text().contains("En ny mapp."));
}

#[test]
fn takes_the_next_port_when_the_first_is_busy() {
    let site = fixture();
    let busy = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    let serve = Serve::start_on(site.root(), port);
    let out = serve.output();
    assert!(out.contains(&format!("port {port} is taken")), "{out}");
    let line = out
        .lines()
        .find(|l| l.starts_with("serving "))
        .unwrap()
        .to_string();
    let url = line
        .split(" at ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .unwrap();
    assert!(
        url.starts_with("http://127.0.0.1:") && !url.ends_with(&format!(":{port}/")),
        "{line}"
    );
    let actual: u16 = url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(http(actual, "GET", "/").status, 200);
}

#[test]
fn many_open_streams_do_not_starve_page_requests() {
    let site = fixture();
    let serve = Serve::start(site.root());
    let streams: Vec<Events> = (0..200).map(|_| serve.events()).collect();
    for _ in 0..20 {
        assert_eq!(serve.get("/avtal/2024/").status, 200);
    }
    // And they all hear about an edit.
    site.write(
        "content/avtal/2024.md",
        doc(2024, "", "Alla flikar ska se detta."),
    );
    for (i, mut s) in streams.into_iter().enumerate() {
        let (name, _) = s
            .next(Duration::from_secs(30))
            .unwrap_or_else(|| panic!("stream {i} got no event"));
        assert_eq!(name, "reload");
    }
}

#[test]
fn ctrl_c_stops_cleanly() {
    let site = fixture();
    let mut serve = Serve::start(site.root());
    let _stream = serve.events();
    let pid = serve.child.id();
    let status = Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let exit = loop {
        if let Some(s) = serve.child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "serve did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "{exit:?}");
    std::thread::sleep(Duration::from_millis(100));
    assert!(serve.output().contains("stopped"), "{}", serve.output());
}

#[test]
fn browser_sees_edits_and_errors_without_a_manual_reload() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = fixture();
    let port = free_port();
    let mut serve = Serve::start_on(site.root(), port);
    browser.goto(&serve.url("/avtal/2024/"));
    let has = |text: &str| format!("return document.body.innerText.includes({text:?});");
    let wait = Duration::from_secs(30);
    assert!(
        browser.wait_for(&has("Första året."), wait),
        "page did not load"
    );

    // 1. A plain write.
    site.write("content/avtal/2024.md", doc(2024, "", "Ändrad text ETT."));
    assert!(
        browser.wait_for(&has("Ändrad text ETT."), wait),
        "plain write not shown:\n{}",
        serve.output()
    );
    assert_eq!(
        browser
            .eval("return document.documentElement.hasAttribute('data-styrdok-updated');")
            .as_bool(),
        Some(true),
        "a page without scripts of its own is updated in place"
    );

    // 2. Write a temp file and rename it over the original, scrolled down the page.
    browser.eval("window.scrollTo(0, 1200); return true;");
    let before = browser
        .eval("return window.scrollY;")
        .as_f64()
        .unwrap_or(0.0);
    assert!(
        before > 1000.0,
        "the page is long enough to scroll: {before}"
    );
    let tmp = site.root().join("content/avtal/2024.md.tmp.99");
    std::fs::write(&tmp, doc(2024, "", "Ändrad text TVÅ.")).unwrap();
    std::fs::rename(&tmp, site.root().join("content/avtal/2024.md")).unwrap();
    assert!(
        browser.wait_for(&has("Ändrad text TVÅ."), wait),
        "rename save not shown:\n{}",
        serve.output()
    );
    assert!(
        browser.wait_for(
            &format!("return Math.abs(window.scrollY - {before}) < 5;"),
            Duration::from_secs(5)
        ),
        "scroll position kept"
    );

    // 3. CSS only: the stylesheet is swapped without reloading the page.
    browser.eval("window.__notReloaded = true; return true;");
    let css = std::fs::read_to_string(crate::support::repo_root().join("theme/static/style.css"))
        .unwrap();
    site.write(
        "theme/static/style.css",
        format!("{css}\nbody {{ outline: 7px solid rgb(1, 2, 3); }}\n"),
    );
    assert!(
        browser.wait_for(
            "return getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)';",
            wait
        ),
        "new CSS not applied:\n{}",
        serve.output()
    );
    assert_eq!(
        browser
            .eval("return window.__notReloaded === true;")
            .as_bool(),
        Some(true),
        "CSS change reloaded the page"
    );

    // 4. Broken YAML: the overlay names file:line; the last good page stays underneath.
    site.write("styrdok.yaml", "title: Förhandsvisning\nlanguage: [sv\n");
    let overlay =
        "var o = document.getElementById('styrdok-overlay'); return o ? o.innerText : '';";
    assert!(
        browser.wait_for("return !!document.getElementById('styrdok-overlay');", wait),
        "no overlay:\n{}",
        serve.output()
    );
    let text = browser
        .eval(overlay)
        .as_str()
        .unwrap_or_default()
        .to_string();
    let located = text.lines().any(|l| {
        let rest = l.trim().strip_prefix("styrdok.yaml:").unwrap_or("");
        rest.split(':')
            .next()
            .is_some_and(|n| n.parse::<u32>().is_ok_and(|n| n >= 2))
    });
    assert!(located, "overlay should name styrdok.yaml:line: {text}");
    assert!(text.contains("Webbplatsen gick inte att bygga"), "{text}");
    browser.screenshot(&std::env::temp_dir().join("styrdok-serve-overlay.png"));
    assert!(
        browser.eval(&has("Ändrad text TVÅ.")).as_bool() == Some(true),
        "last good page underneath"
    );

    // 5. Fixed: the overlay goes, the page shows the latest text.
    site.write("styrdok.yaml", "title: Rättad titel\n");
    assert!(
        browser.wait_for("return !document.getElementById('styrdok-overlay');", wait),
        "overlay stayed"
    );
    assert!(
        browser.wait_for(&has("Rättad titel"), wait),
        "fixed page not shown"
    );

    // 6. The server restarts: the page reconnects and keeps following edits.
    drop(serve);
    serve = Serve::start_on(site.root(), port);
    site.write("content/avtal/2024.md", doc(2024, "", "Efter omstarten."));
    assert!(
        browser.wait_for(&has("Efter omstarten."), wait),
        "no reload after a server restart:\n{}",
        serve.output()
    );
    let shot = std::env::temp_dir().join("styrdok-serve-browser.png");
    browser.screenshot(&shot);
}

#[test]
fn a_broken_document_and_its_fix_leave_the_site_as_a_build_would() {
    let site = fixture();
    let serve = Serve::start(site.root());
    let mut events = serve.events();
    site.write(
        "content/avtal/2024.md",
        "---\ntitle: Avtal 2024\nyear: [2024\n---\n\nText.\n",
    );
    let got = events.settle();
    assert_eq!(got[0].0, "failed", "{got:?}");
    assert!(got[0].1.contains("content/avtal/2024.md:"), "{got:?}");
    site.write("content/avtal/2024.md", doc(2024, "", "Lagat igen."));
    let got = events.settle();
    assert!(got.iter().any(|(n, _)| n == "reload"), "{got:?}");
    assert_same_as_build(&serve, site.root(), "after a fix");
    // And an edit after that, read incrementally again.
    site.write(
        "content/avtal/2025.md",
        doc(2025, "status: utkast\n", "Nytt utkast."),
    );
    events.settle();
    assert_same_as_build(&serve, site.root(), "after an edit following the fix");
}

/// Opens `path` of `serve` in `browser` and waits until it shows `text`.
fn open_page(browser: &Browser, serve: &Serve, path: &str, text: &str) {
    browser.goto(&serve.url(path));
    assert!(
        browser.wait_for(
            &format!("return document.body.innerText.includes({text:?});"),
            Duration::from_secs(30)
        ),
        "{path} did not load"
    );
    // Let the event stream connect.
    std::thread::sleep(Duration::from_millis(300));
}

#[test]
fn browser_patches_only_changed_nodes_and_keeps_scroll_and_focus() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = fixture();
    let serve = Serve::start(site.root());
    open_page(&browser, &serve, "/avtal/2024/", "Första året.");
    let wait = Duration::from_secs(30);
    // A marker that a reload would lose, a scrolled page, a focused link further down,
    // and a paragraph the edit does not touch, each marked on its node.
    browser.eval(
        "window.__notReloaded = true;
         window.scrollTo(0, 1200);
         var link = document.querySelector('main a[href^=\"#\"]');
         link.__kept = true;
         link.focus({ preventScroll: true });
         var ps = document.querySelectorAll('main .doc-section p');
         ps[ps.length - 1].__kept = true;
         return true;",
    );
    let before = browser
        .eval("return window.scrollY;")
        .as_f64()
        .unwrap_or(0.0);
    assert!(before > 1000.0, "the page scrolls: {before}");
    site.write(
        "content/avtal/2024.md",
        doc(2024, "", "Första året, nu lagat."),
    );
    assert!(
        browser.wait_for(
            "return document.body.innerText.includes('Första året, nu lagat.');",
            wait
        ),
        "edit not shown:\n{}",
        serve.output()
    );
    let kept = browser.eval(
        "var ps = document.querySelectorAll('main .doc-section p');
         return [window.__notReloaded === true,
                 document.documentElement.hasAttribute('data-styrdok-updated'),
                 document.activeElement.__kept === true,
                 ps[ps.length - 1].__kept === true,
                 window.scrollY];",
    );
    assert_eq!(kept[0].as_bool(), Some(true), "the page was reloaded");
    assert_eq!(kept[1].as_bool(), Some(true), "not patched in place");
    assert_eq!(kept[2].as_bool(), Some(true), "focus lost");
    assert_eq!(
        kept[3].as_bool(),
        Some(true),
        "an unchanged node was replaced"
    );
    let after = kept[4].as_f64().unwrap_or(0.0);
    assert!(
        (after - before).abs() < 5.0,
        "scroll moved: {before} → {after}"
    );

    // A page the edit does not change is left alone (it is not among the event's pages).
    open_page(&browser, &serve, "/tillganglighet/", "");
    browser.eval("window.__notReloaded = true; return true;");
    site.write(
        "content/avtal/2024.md",
        doc(2024, "", "Första året, en gång till."),
    );
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        browser
            .eval("return window.__notReloaded === true && !document.documentElement.hasAttribute('data-styrdok-updated');")
            .as_bool(),
        Some(true),
        "an unrelated page was touched"
    );

    // A template change reloads the page: its structure may be anything now.
    open_page(
        &browser,
        &serve,
        "/avtal/2024/",
        "Första året, en gång till.",
    );
    browser.eval("window.__notReloaded = true; return true;");
    let template =
        std::fs::read_to_string(crate::support::repo_root().join("theme/templates/document.html"))
            .unwrap();
    site.write(
        "theme/templates/document.html",
        template.replace(
            "{% block main %}",
            "{% block main %}<p>Mallen är ändrad.</p>",
        ),
    );
    assert!(
        browser.wait_for(
            "return document.body.innerText.includes('Mallen är ändrad.');",
            wait
        ),
        "template change not shown:\n{}",
        serve.output()
    );
    assert_eq!(
        browser
            .eval("return window.__notReloaded === true;")
            .as_bool(),
        Some(false),
        "a template change must reload the page"
    );

    // The page shown is removed: the reader gets the not-found page.
    open_page(&browser, &serve, "/avtal/2025/", "Utkastet för nästa år.");
    browser.eval("window.__notReloaded = true; return true;");
    std::fs::remove_file(site.root().join("content/avtal/2025.md")).unwrap();
    assert!(
        browser.wait_for(
            "return !document.body.innerText.includes('Utkastet för nästa år.') && window.__notReloaded !== true;",
            wait
        ),
        "removed page still shown:\n{}",
        serve.output()
    );
    assert_eq!(
        browser.eval("return document.body.className;").as_str(),
        Some("page-notfound")
    );
}
