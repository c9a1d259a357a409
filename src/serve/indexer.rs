//! Builds the search index apart from the pages when that takes long (large sites), so
//! an edited page reaches the browser without waiting for it. One job at a time; a
//! newer build's job replaces a waiting one. The work runs in its own one-thread pool
//! at a lower priority, so it never holds up the next page build.

use super::events::Hub;
use super::rebuild::Builder;
use super::state::State;
use crate::site::SearchEntries;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

type Slot = Arc<(Mutex<Option<(u64, SearchEntries)>>, Condvar)>;

/// Hands search index jobs to the indexing thread.
pub(super) struct Indexer {
    slot: Slot,
}

impl Indexer {
    /// Starts the indexing thread.
    pub(super) fn start(
        builder: Arc<Builder>,
        state: Arc<State>,
        hub: Arc<Hub>,
        stop: Arc<AtomicBool>,
    ) -> Indexer {
        let slot: Slot = Arc::new((Mutex::new(None), Condvar::new()));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .thread_name(|_| "styrdok-search".into())
            .start_handler(|_| lower_priority())
            .build()
            .ok();
        let worker = slot.clone();
        let spawned = std::thread::Builder::new()
            .name("styrdok-indexer".into())
            .spawn(move || {
                while let Some((build, pending)) = next_job(&worker, &stop) {
                    let files = match &pool {
                        Some(pool) => pool.install(|| builder.index(pending)),
                        None => builder.index(pending),
                    };
                    if let Some(message) = state.install_search(build, &files) {
                        hub.send(message);
                    }
                }
            });
        if let Err(e) = spawned {
            eprintln!("warning: no background search indexing: {e}");
        }
        Indexer { slot }
    }

    /// Queues the search index of build `build` (replacing a job not yet started).
    pub(super) fn submit(&self, build: u64, pending: SearchEntries) {
        let (lock, ready) = &*self.slot;
        *lock.lock().unwrap_or_else(|p| p.into_inner()) = Some((build, pending));
        ready.notify_one();
    }
}

fn next_job(slot: &Slot, stop: &AtomicBool) -> Option<(u64, SearchEntries)> {
    let (lock, ready) = &**slot;
    let mut job = lock.lock().unwrap_or_else(|p| p.into_inner());
    loop {
        if stop.load(Ordering::SeqCst) {
            return None;
        }
        if let Some(j) = job.take() {
            return Some(j);
        }
        job = ready
            .wait_timeout(job, Duration::from_millis(250))
            .map(|(g, _)| g)
            .unwrap_or_else(|p| p.into_inner().0);
    }
}

/// Page builds come first: the indexing thread yields the CPU to them.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority takes no pointers; on Linux, PRIO_PROCESS with who = 0 sets
    // the nice value of the calling thread only.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}
