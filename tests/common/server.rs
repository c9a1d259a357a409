//! A static file server for built sites under the sub-path `/arkiv/`, for browser
//! tests that check a site works when it is not at the root of its host.
#![allow(dead_code, unreachable_pub)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A static file server for the built site under `/arkiv/` (a sub-path): std::net,
/// one thread per connection, one request per connection.
pub struct Server {
    addr: std::net::SocketAddr,
    stop: Arc<AtomicBool>,
    pub base: String,
}

impl Server {
    pub fn start(dir: PathBuf) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    return;
                }
                let dir = dir.clone();
                if let Ok(stream) = stream {
                    std::thread::spawn(move || serve_one(stream, &dir));
                }
            }
        });
        Server {
            addr,
            stop,
            base: format!("http://{addr}/arkiv/"),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
    }
}

/// Answers one GET with a file of `dir` (under /arkiv/) or 404, then closes.
fn serve_one(mut stream: TcpStream, dir: &Path) {
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let target = line
        .split(' ')
        .nth(1)
        .unwrap_or("")
        .split('?')
        .next()
        .unwrap_or("");
    let file = target
        .strip_prefix("/arkiv/")
        .filter(|p| !p.split('/').any(|seg| seg == ".."))
        .map(|p| {
            if p.is_empty() || p.ends_with('/') {
                dir.join(p).join("index.html")
            } else {
                dir.join(p)
            }
        });
    let (status, ct, body) = match file.and_then(|f| std::fs::read(&f).ok().map(|b| (f, b))) {
        Some((f, bytes)) => {
            let ct = match f.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript; charset=utf-8",
                Some("css") => "text/css; charset=utf-8",
                _ => "application/octet-stream",
            };
            ("200 OK", ct, bytes)
        }
        None => ("404 Not Found", "text/plain", b"not found".to_vec()),
    };
    let head = format!("HTTP/1.1 {status}\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
    let _ = stream
        .write_all(head.as_bytes())
        .and_then(|_| stream.write_all(&body))
        .and_then(|_| stream.flush());
}
