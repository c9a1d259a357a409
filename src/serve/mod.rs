//! `styrdok serve`: a live preview. Builds the site into memory (drafts included; the
//! user's `public/` is never touched), serves it over HTTP on 127.0.0.1, watches the
//! sources and rebuilds on every save, and tells open pages over Server-Sent Events to
//! reload, swap stylesheets, or show a build error over the last good site.
//!
//! Threads: a fixed set of HTTP workers (`http`), one rebuild thread (`watch` →
//! `rebuild` → `state`), one search indexing thread for large sites (`indexer`), one
//! event-stream sender (`events`), and the main thread, which waits for Ctrl-C.

mod events;
mod host;
mod http;
mod indexer;
mod mime;
mod rebuild;
mod reload;
mod state;
mod url;
mod watch;

pub use host::AllowedHosts;
pub use http::{answer, Body, Reply};
pub use mime::content_type;
pub use rebuild::{Builder, Built, SearchFiles, SearchIndex};
pub use reload::{inject_reload, Failure, Labels};
pub use state::{compare, Change, Files, Snapshot, State};
pub use url::{resolve, site_path, Resolved};
pub use watch::{classify, ChangeKind, Debounce};

use crate::cli::ServeArgs;
use crate::error::{Error, Result};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// HTTP workers: enough for a browser's parallel requests, bounded whatever the load.
const WORKERS: usize = 4;
/// Open event streams (one per tab) at most.
const MAX_STREAMS: usize = 1024;
/// How many ports after a taken one are tried.
const PORT_TRIES: u16 = 50;

/// Runs the preview server until Ctrl-C.
pub fn run(args: &ServeArgs, quiet: bool) -> Result<()> {
    let root = args
        .root
        .canonicalize()
        .map_err(|e| Error::io(&args.root, e))?;
    let ip: IpAddr = args.bind.parse().map_err(|_| {
        Error::Usage(format!(
            "--bind {}: not an IP address (use 127.0.0.1, or 0.0.0.0 for every interface)",
            args.bind
        ))
    })?;
    let listener = bind(ip, args.port)?;
    no_delay(&listener);
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Usage(format!("cannot listen: {e}")))?;
    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|e| Error::Usage(format!("cannot listen on {addr}: {e}")))?;
    let server = Arc::new(server);

    let stop = Arc::new(AtomicBool::new(false));
    let (stop_tx, stop_rx) = std::sync::mpsc::channel::<()>();
    {
        let stop = stop.clone();
        ctrlc::set_handler(move || {
            stop.store(true, Ordering::SeqCst);
            let _ = stop_tx.send(());
        })
        .map_err(|e| Error::Usage(format!("cannot handle Ctrl-C: {e}")))?;
    }

    // Watch before the first build, so a save during it is not lost.
    let (events_tx, events_rx) = std::sync::mpsc::channel();
    let sources = watch::Sources::start(&root, args.poll, events_tx)?;
    let builder = Arc::new(rebuild::Builder::new(&root));
    let state = Arc::new(State::new(nonce(), builder.builtin_labels()));
    publish(&builder, &state, None, None, Instant::now(), quiet);

    let hub = events::Hub::start(MAX_STREAMS);
    let indexer =
        indexer::Indexer::start(builder.clone(), state.clone(), hub.clone(), stop.clone());
    let url = local_url(addr);
    println!(
        "serving {} at {url} (drafts included; Ctrl-C stops)",
        crate::error::show_path(&root)
    );
    if !ip.is_loopback() {
        eprintln!("warning: listening on {ip}: other computers on the network can see the preview");
    }
    if args.open {
        open_browser(&url);
    }

    let hosts = AllowedHosts::new(addr);
    let mut workers = Vec::new();
    for i in 0..WORKERS {
        let (server, state, hub, stop) = (server.clone(), state.clone(), hub.clone(), stop.clone());
        let hosts = hosts.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("styrdok-http-{i}"))
            .spawn(move || http::work(&server, &state, &hub, &hosts, &stop));
        workers
            .push(spawned.map_err(|e| Error::Usage(format!("cannot start a worker thread: {e}")))?);
    }
    {
        let (state, hub, stop) = (state.clone(), hub.clone(), stop.clone());
        std::thread::Builder::new()
            .name("styrdok-rebuild".into())
            .spawn(move || {
                rebuild_loop(
                    sources, events_rx, &builder, &indexer, &state, &hub, &stop, quiet,
                )
            })
            .map_err(|e| Error::Usage(format!("cannot start the watcher thread: {e}")))?;
    }

    let _ = stop_rx.recv();
    stop.store(true, Ordering::SeqCst);
    hub.close();
    server.unblock();
    for w in workers {
        let _ = w.join();
    }
    // The rebuild thread may be mid-build; it holds nothing that needs saving.
    if !quiet {
        println!("stopped");
    }
    Ok(())
}

/// Binds `ip:port`, or the next free port after it (saying so).
fn bind(ip: IpAddr, port: u16) -> Result<TcpListener> {
    let mut candidate = port;
    loop {
        match TcpListener::bind(SocketAddr::new(ip, candidate)) {
            Ok(l) => return Ok(l),
            Err(e)
                if e.kind() == std::io::ErrorKind::AddrInUse
                    && candidate != 0
                    && candidate - port < PORT_TRIES =>
            {
                let next = candidate
                    .checked_add(1)
                    .ok_or_else(|| Error::Usage(format!("port {candidate} is taken")))?;
                eprintln!("port {candidate} is taken; trying {next}");
                candidate = next;
            }
            Err(e) => {
                return Err(Error::Usage(format!(
                    "cannot listen on {ip}:{candidate}: {e}"
                )))
            }
        }
    }
}

/// Small responses go out at once: without TCP_NODELAY, Nagle's algorithm and delayed
/// ACKs hold each later response on a kept-alive connection for 40 ms. Accepted
/// sockets inherit the option from the listener (Linux).
fn no_delay(listener: &TcpListener) {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        let one: libc::c_int = 1;
        // SAFETY: a valid socket and a pointer to an int that outlives the call.
        let rc = unsafe {
            libc::setsockopt(
                listener.as_raw_fd(),
                libc::IPPROTO_TCP,
                libc::TCP_NODELAY,
                (&one as *const libc::c_int).cast::<libc::c_void>(),
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            )
        };
        if rc != 0 {
            eprintln!("warning: TCP_NODELAY: {}", std::io::Error::last_os_error());
        }
    }
    #[cfg(not(unix))]
    let _ = listener;
}

fn local_url(addr: SocketAddr) -> String {
    let host = match addr.ip() {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    format!("http://{host}:{}/", addr.port())
}

/// Waits for changes, rebuilds, publishes; until `stop`.
#[allow(clippy::too_many_arguments)]
fn rebuild_loop(
    mut sources: watch::Sources,
    rx: Receiver<notify::Result<notify::Event>>,
    builder: &rebuild::Builder,
    indexer: &indexer::Indexer,
    state: &State,
    hub: &events::Hub,
    stop: &AtomicBool,
    quiet: bool,
) {
    let mut debounce = Debounce::new(builder.root(), sources.native);
    while !stop.load(Ordering::SeqCst) {
        let timeout = debounce
            .wait(Instant::now())
            .unwrap_or(Duration::from_millis(250));
        match rx.recv_timeout(timeout) {
            Ok(Ok(event)) => debounce.add(&event, Instant::now()),
            Ok(Err(e)) => eprintln!("warning: watching: {e}"),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        if !debounce.ready(Instant::now()) {
            continue;
        }
        let started = Instant::now();
        let changed = debounce.take();
        if sources.touches_top(&changed) {
            sources.rewatch();
        }
        publish(
            builder,
            state,
            Some((indexer, hub)),
            Some(&changed),
            started,
            quiet,
        );
    }
}

/// Builds, installs the outcome, tells open pages (through `live`: none for the first
/// build) and reports it. With `live`, a slow search index is left to the indexer.
fn publish(
    builder: &rebuild::Builder,
    state: &State,
    live: Option<(&indexer::Indexer, &events::Hub)>,
    changed: Option<&[std::path::PathBuf]>,
    started: Instant,
    quiet: bool,
) {
    let built = builder.build_after(changed);
    let what = changed
        .map(|c| describe(c, builder.root()))
        .unwrap_or_default();
    let mut later = None;
    let outcome = match built.outcome {
        Ok((report, mut files)) => {
            for w in &report.warnings {
                eprintln!("warning: {}", crate::error::terminal_safe(w));
            }
            let search = match built.search {
                Some(SearchIndex::Ready(index)) => index.iter().cloned().collect(),
                Some(SearchIndex::ToMake(entries))
                    if live.is_none() || builder.index_is_quick() =>
                {
                    builder.index(entries).iter().cloned().collect()
                }
                Some(SearchIndex::ToMake(entries)) => {
                    later = Some(entries);
                    state.search_files()
                }
                None => Vec::new(),
            };
            files.extend(search);
            if !quiet {
                let pending = if later.is_some() {
                    " (search index follows)"
                } else {
                    ""
                };
                println!(
                    "{}built {} documents in {} ms{pending}",
                    crate::error::terminal_safe(&what),
                    report.documents,
                    started.elapsed().as_millis()
                );
            }
            Ok(files)
        }
        Err(failure) => {
            eprintln!(
                "{}build failed ({} ms): {}",
                crate::error::terminal_safe(&what),
                started.elapsed().as_millis(),
                crate::error::terminal_safe(&failure.message)
            );
            Err(failure)
        }
    };
    // A theme change may change any page's structure: open pages reload.
    let layout = changed.is_some_and(|c| {
        c.iter()
            .any(|p| classify(builder.root(), p) == ChangeKind::Theme)
    });
    let (message, build) = state.publish(outcome, built.labels, later.is_none(), layout);
    if let Some((indexer, hub)) = live {
        if let Some(message) = message {
            hub.send(message);
        }
        if let Some(pending) = later {
            indexer.submit(build, pending);
        }
    }
}

fn describe(changed: &[std::path::PathBuf], root: &Path) -> String {
    let names: Vec<String> = changed
        .iter()
        .take(3)
        .map(|p| crate::error::show_path(p.strip_prefix(root).unwrap_or(p)))
        .collect();
    let more = changed.len().saturating_sub(3);
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!("changed {}{tail}: ", names.join(", "))
}

/// Distinguishes this server's versions from those of an earlier run on the same port.
fn nonce() -> String {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let h = blake3::hash(format!("{t}-{}", std::process::id()).as_bytes());
    h.to_hex()[..8].to_string()
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = command {
        eprintln!("warning: could not open a browser ({e}); open {url} yourself");
    }
}
