//! HTTP: a fixed set of workers answers from the in-memory site. `answer` is the whole
//! router (pure): GET and HEAD only, files by key, `index.html` for folders, a redirect
//! for folders without their slash, the theme's 404 page, and the reload script added
//! to every HTML page sent. Event streams leave the workers at once (see `events`).

use super::events::Hub;
use super::host::AllowedHosts;
use super::mime::content_type;
use super::reload::{inject_reload, root_base, waiting_page, EVENTS_PATH, SCRIPT, SCRIPT_PATH};
use super::state::{Snapshot, State};
use super::url::{resolve, Resolved};
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A response body.
#[derive(Debug, Clone)]
pub enum Body {
    /// A file of the site, sent as is.
    Shared(Arc<Vec<u8>>),
    /// Made for this response (HTML with the script, messages).
    Owned(Vec<u8>),
}

impl AsRef<[u8]> for Body {
    fn as_ref(&self) -> &[u8] {
        match self {
            Body::Shared(b) => b.as_slice(),
            Body::Owned(b) => b.as_slice(),
        }
    }
}

/// What to send back.
#[derive(Debug, Clone)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type`.
    pub content_type: &'static str,
    /// Extra headers (`Location`, `Allow`).
    pub headers: Vec<(&'static str, String)>,
    /// The body (left out for HEAD).
    pub body: Body,
}

impl Reply {
    fn text(status: u16, text: &str) -> Reply {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            headers: vec![],
            body: Body::Owned(text.as_bytes().to_vec()),
        }
    }
}

/// Answers one request from the snapshot.
pub fn answer(method: &str, target: &str, snap: &Snapshot) -> Reply {
    if method != "GET" && method != "HEAD" {
        let mut r = Reply::text(405, "405 method not allowed: only GET and HEAD\n");
        r.headers.push(("Allow", "GET, HEAD".into()));
        return r;
    }
    let path = target.split('?').next().unwrap_or_default();
    if path == SCRIPT_PATH {
        return Reply {
            status: 200,
            content_type: content_type("x.js"),
            headers: vec![],
            body: Body::Owned(SCRIPT.as_bytes().to_vec()),
        };
    }
    if path == EVENTS_PATH {
        // GET is streamed by the worker; this is HEAD.
        return Reply {
            status: 200,
            content_type: "text/event-stream; charset=utf-8",
            headers: vec![],
            body: Body::Owned(vec![]),
        };
    }
    let html = |bytes: &[u8]| Body::Owned(inject_reload(bytes, &snap.version));
    if !snap.have_site {
        return Reply {
            status: 503,
            content_type: content_type("x.html"),
            headers: vec![],
            body: html(&waiting_page(&snap.labels)),
        };
    }
    match resolve(target, &snap.files) {
        Resolved::File(key) => {
            let bytes = snap.files.get(&key).cloned().unwrap_or_default();
            let ty = content_type(&key);
            let body = if ty.starts_with("text/html") {
                html(&bytes)
            } else {
                Body::Shared(bytes)
            };
            Reply {
                status: 200,
                content_type: ty,
                headers: vec![],
                body,
            }
        }
        Resolved::Redirect(location) => {
            let mut r = Reply::text(302, &format!("see {location}\n"));
            r.headers.push(("Location", location));
            r
        }
        Resolved::NotFound => match snap.files.get("404.html") {
            Some(page) => Reply {
                status: 404,
                content_type: content_type("404.html"),
                headers: vec![],
                body: html(&root_base(page.to_vec())),
            },
            None => Reply::text(404, "404 not found\n"),
        },
        Resolved::Refused => Reply::text(400, "400 bad request\n"),
    }
}

/// Takes requests until `stop` is set or the server closes.
pub(super) fn work(
    server: &tiny_http::Server,
    state: &State,
    hub: &Hub,
    hosts: &AllowedHosts,
    stop: &AtomicBool,
) {
    while !stop.load(Ordering::SeqCst) {
        match server.recv_timeout(Duration::from_millis(200)) {
            Ok(Some(request)) => handle(request, state, hub, hosts),
            Ok(None) => {}
            Err(_) => return,
        }
    }
}

fn handle(request: tiny_http::Request, state: &State, hub: &Hub, hosts: &AllowedHosts) {
    let method = request.method().as_str().to_string();
    let target = request.url().to_string();
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_string());
    if let Err(status) = hosts.check(host.as_deref()) {
        let text = if status == 421 {
            "421 misdirected request: this preview answers only for localhost and its own address\n"
        } else {
            "400 bad request: no Host header\n"
        };
        respond(request, Reply::text(status, text));
        return;
    }
    if method == "GET" && target.split('?').next() == Some(EVENTS_PATH) {
        hub.add(request.into_writer(), || state.snapshot().hello());
        return;
    }
    respond(request, answer(&method, &target, &state.snapshot()));
}

/// Sends `reply` and asks the browser to close the connection. tiny_http serves each
/// connection on a pool thread until it closes, and its pool can leave a connection
/// that arrives in a burst queued while every thread waits on an idle kept-alive one:
/// the page's last script then never loads. Closed connections free their threads at
/// once; a new connection to 127.0.0.1 costs a fraction of a millisecond.
fn respond(request: tiny_http::Request, reply: Reply) {
    let head_only = request.method() == &tiny_http::Method::Head;
    let head = response_head(&reply);
    let mut writer = request.into_writer();
    let sent = writer.write_all(head.as_bytes()).and_then(|()| {
        if head_only {
            Ok(())
        } else {
            writer.write_all(reply.body.as_ref())
        }
    });
    // A browser that went away mid-response is no error of the server's.
    let _ = sent.and_then(|()| writer.flush());
}

/// The status line and headers of `reply`, ending with the blank line. A header whose
/// value could break the head (a line break) is left out.
fn response_head(reply: &Reply) -> String {
    let status = tiny_http::StatusCode(reply.status);
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        reply.status,
        status.default_reason_phrase()
    );
    let fixed = [
        ("Content-Type", reply.content_type.to_string()),
        // Always ask again: the site changes under the browser.
        ("Cache-Control", "no-store".to_string()),
        ("X-Content-Type-Options", "nosniff".to_string()),
        ("Content-Length", reply.body.as_ref().len().to_string()),
        ("Connection", "close".to_string()),
    ];
    let extra = reply.headers.iter().map(|(k, v)| (*k, v.clone()));
    for (name, value) in fixed.into_iter().chain(extra) {
        if !value.contains(['\r', '\n']) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str("\r\n");
    head
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::reload::Labels;
    use crate::serve::state::Files;

    fn snap() -> Snapshot {
        let files: Files = [
            ("index.html", "<html><head></head><body>home</body></html>"),
            ("a/index.html", "<body>a</body>"),
            (
                "404.html",
                "<html><head><title>404</title></head><body>saknas</body></html>",
            ),
            ("static/style.css", "body{}"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), Arc::new(v.as_bytes().to_vec())))
        .collect();
        let labels = Labels {
            title: "T".into(),
            note: "N".into(),
            waiting: "W".into(),
        };
        Snapshot {
            files: Arc::new(files),
            version: "v-1".into(),
            failure: None,
            have_site: true,
            labels,
            build: 1,
            complete: true,
        }
    }

    fn body(r: &Reply) -> String {
        String::from_utf8_lossy(r.body.as_ref()).into_owned()
    }

    #[test]
    fn routes() {
        let s = snap();
        let home = answer("GET", "/", &s);
        assert_eq!(
            (home.status, home.content_type),
            (200, "text/html; charset=utf-8")
        );
        assert!(
            body(&home).contains("home<script src=\"/__styrdok/reload.js\" data-version=\"v-1\"")
        );
        let css = answer("HEAD", "/static/style.css", &s);
        assert_eq!(
            (css.status, css.content_type, body(&css).as_str()),
            (200, "text/css; charset=utf-8", "body{}")
        );
        let redirect = answer("GET", "/a", &s);
        assert_eq!(redirect.status, 302);
        assert_eq!(redirect.headers, vec![("Location", "/a/".to_string())]);
        let missing = answer("GET", "/a/nope/", &s);
        assert_eq!(missing.status, 404);
        assert!(
            body(&missing).contains("<head><base href=\"/\"><title>404</title>")
                && body(&missing).contains("saknas<script")
        );
        assert_eq!(answer("GET", "/../etc/passwd", &s).status, 400);
        let post = answer("POST", "/", &s);
        assert_eq!(post.status, 405);
        assert_eq!(post.headers, vec![("Allow", "GET, HEAD".to_string())]);
        assert_eq!(
            answer("GET", "/__styrdok/reload.js?x", &s).content_type,
            "text/javascript; charset=utf-8"
        );
    }

    #[test]
    fn before_any_good_build_every_page_waits() {
        let mut s = snap();
        s.have_site = false;
        let r = answer("GET", "/a/", &s);
        assert_eq!(r.status, 503);
        assert!(body(&r).contains("<p>W</p><script src=\"/__styrdok/reload.js\""));
    }

    #[test]
    fn every_response_closes_its_connection_and_keeps_its_head_whole() {
        let mut r = Reply::text(301, "moved\n");
        r.headers.push(("Location", "/a/".into()));
        r.headers.push(("Location", "/x\r\nSet-Cookie: y".into()));
        let head = response_head(&r);
        assert!(
            head.starts_with("HTTP/1.1 301 Moved Permanently\r\n"),
            "{head}"
        );
        for line in [
            "Content-Length: 6\r\n",
            "Connection: close\r\n",
            "Cache-Control: no-store\r\n",
            "Location: /a/\r\n",
        ] {
            assert!(head.contains(line), "{line:?} missing from {head}");
        }
        assert!(
            !head.contains("Set-Cookie") && head.ends_with("\r\n\r\n"),
            "{head}"
        );
    }
}
