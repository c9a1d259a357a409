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

mod browser;
mod http;
mod rebuilds;

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

/// `styrdok serve` running over a site; killed on drop.
struct Serve {
    child: Child,
    port: u16,
    output: Arc<Mutex<String>>,
}

impl Serve {
    /// On a port the system picks (`--port 0`): a port found free and then handed to
    /// the server can be taken in between by another test, and the server would then
    /// move on to the next one while the test talked to the other listener.
    fn start(root: &Path) -> Serve {
        Serve::start_on(root, 0)
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
        let mut serve = Serve {
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
        // The port it listens on, as it says ("serving … at http://127.0.0.1:PORT/ …").
        let out = serve.output();
        serve.port = out
            .lines()
            .find(|l| l.starts_with("serving "))
            .and_then(|l| l.rsplit_once("127.0.0.1:"))
            .and_then(|(_, rest)| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in the serving line:\n{out}"));
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
        if std::thread::panicking() {
            eprintln!("styrdok serve said:\n{}", self.output());
        }
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
