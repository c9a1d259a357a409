//! The Server-Sent Events endpoint: every open page holds one stream. Streams are handed
//! over to one sender thread, so they never occupy the HTTP workers, and a slow reader
//! delays only other readers' events, never a rebuild or a page request.

use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

type Stream = Box<dyn Write + Send>;

/// Open streams; `Hub::add` and `Hub::send` keep them in step with the served site.
pub(super) struct Hub {
    streams: Mutex<Vec<Stream>>,
    outbox: Mutex<Option<Sender<String>>>,
    max: usize,
}

/// How often idle streams get a comment line (finds closed tabs, keeps proxies open).
const KEEPALIVE: Duration = Duration::from_secs(15);

impl Hub {
    /// A hub for at most `max` streams, with its sender thread.
    pub(super) fn start(max: usize) -> Arc<Hub> {
        let (tx, rx) = std::sync::mpsc::channel();
        let hub = Arc::new(Hub {
            streams: Mutex::new(Vec::new()),
            outbox: Mutex::new(Some(tx)),
            max,
        });
        let worker = hub.clone();
        std::thread::Builder::new()
            .name("styrdok-events".into())
            .spawn(move || worker.run(rx))
            .map(drop)
            .unwrap_or_else(|e| eprintln!("warning: live reload is off: {e}"));
        hub
    }

    /// Opens a stream on `out`: writes the response head and `hello` (made under the
    /// lock, so no event can fall between the snapshot it describes and the stream
    /// joining). Returns false when the hub is full or the client is gone.
    pub(super) fn add(&self, mut out: Stream, hello: impl FnOnce() -> String) -> bool {
        let mut streams = lock(&self.streams);
        if streams.len() >= self.max {
            // Flush, or the refused client waits for an answer that sits in the buffer.
            let _ = out
                .write_all(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .and_then(|_| out.flush());
            return false;
        }
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nX-Accel-Buffering: no\r\nConnection: close\r\n\r\nretry: 300\n\n";
        let ok = out
            .write_all(head.as_bytes())
            .and_then(|_| out.write_all(hello().as_bytes()))
            .and_then(|_| out.flush());
        if ok.is_ok() {
            streams.push(out);
        }
        ok.is_ok()
    }

    /// Queues an event (already formatted) for every open stream.
    pub(super) fn send(&self, message: String) {
        if let Some(tx) = lock(&self.outbox).as_ref() {
            let _ = tx.send(message);
        }
    }

    /// Closes every stream and stops the sender thread.
    pub(super) fn close(&self) {
        lock(&self.outbox).take();
        lock(&self.streams).clear();
    }

    fn run(&self, rx: Receiver<String>) {
        loop {
            let message = match rx.recv_timeout(KEEPALIVE) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => ": keepalive\n\n".to_string(),
                Err(RecvTimeoutError::Disconnected) => return,
            };
            // Write outside the lock: a new page can open its stream meanwhile.
            let streams = std::mem::take(&mut *lock(&self.streams));
            let alive: Vec<Stream> = streams
                .into_iter()
                .filter_map(|mut s| {
                    s.write_all(message.as_bytes())
                        .and_then(|_| s.flush())
                        .ok()
                        .map(|_| s)
                })
                .collect();
            let mut now = lock(&self.streams);
            // Streams that joined while we wrote already got a `hello` describing the
            // newer state, so they go after the older ones in the same order.
            let joined = std::mem::replace(&mut *now, alive);
            now.extend(joined);
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
