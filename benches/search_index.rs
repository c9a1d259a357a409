//! Search index time at the end of the build, apart from the pages: `site::build`
//! into a sink that discards the bytes, then `Built::write_search_index` into another,
//! each timed with the wall clock and `getrusage` (user + system CPU of the process),
//! median of N runs. Also counts the index files and their bytes.
//!
//! Each series' share of the index (its sections tokenized and counted, its text
//! files, written with its pages) is made in the series' build task, so its time
//! counts with the pages; "search index" is the merge at the end (stems, compound
//! parts, postings, shards, vocabulary, manifest), the build's sequential tail.
//!
//!     cargo bench --bench search_index -- [--runs 5] [CORPUS_ROOT]
//!
//! CORPUS_ROOT defaults to /tmp/corpus-medium (`../shared/bench/gen_corpus.py --scale
//! medium --layout plain --out /tmp/corpus-medium`). Compare the result with Pagefind's
//! time on Hugo's output of the same corpus (`benches/run.sh SCALE --only pagefind`).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use styrdok::output::Sink;

/// Keeps only the count and size of the search index files it is given.
#[derive(Default)]
struct Discard {
    files: AtomicUsize,
    bytes: AtomicUsize,
}

impl Sink for Discard {
    fn put(&self, path: &str, bytes: Vec<u8>) -> styrdok::Result<()> {
        if path.starts_with("search/") {
            self.files.fetch_add(1, Ordering::Relaxed);
            self.bytes.fetch_add(bytes.len(), Ordering::Relaxed);
        }
        Ok(())
    }
}

/// User + system CPU time of this process so far.
fn cpu() -> Duration {
    // SAFETY: getrusage only writes into the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() -> styrdok::Result<()> {
    let mut runs = 5;
    let mut root = PathBuf::from("/tmp/corpus-medium");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs),
            "--bench" => {}
            other => root = PathBuf::from(other),
        }
    }
    let site = styrdok::site::load(&root, &Default::default())?;
    let (mut pages_wall, mut pages_cpu, mut index_wall, mut index_cpu) =
        (vec![], vec![], vec![], vec![]);
    let mut last = (0, 0);
    for run in 0..runs {
        let pages = Discard::default();
        let (w, c) = (Instant::now(), cpu());
        let built = styrdok::site::build(&site, &pages, None)?;
        pages_wall.push(w.elapsed().as_secs_f64());
        pages_cpu.push((cpu() - c).as_secs_f64());
        let index = Discard::default();
        let (w, c) = (Instant::now(), cpu());
        built.write_search_index(&index)?;
        index_wall.push(w.elapsed().as_secs_f64());
        index_cpu.push((cpu() - c).as_secs_f64());
        // The series' text files come with the pages.
        last = (
            pages.files.into_inner() + index.files.into_inner(),
            pages.bytes.into_inner() + index.bytes.into_inner(),
        );
        eprintln!(
            "run {}: pages {:.2} s wall {:.2} s CPU, search index {:.2} s wall {:.2} s CPU",
            run + 1,
            pages_wall[run],
            pages_cpu[run],
            index_wall[run],
            index_cpu[run]
        );
    }
    println!(
        "{}: pages {:.2} s wall / {:.2} s CPU; search index {:.2} s wall / {:.2} s CPU \
         (median of {runs}); index {} files, {:.1} MB",
        root.display(),
        median(pages_wall),
        median(pages_cpu),
        median(index_wall),
        median(index_cpu),
        last.0,
        last.1 as f64 / 1e6
    );
    Ok(())
}

// As in the `styrdok` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
