//! One rebuild: load everything from disk and build as if from scratch into memory
//! (drafts included, links relative so any host and port work), with the pure stages
//! memoised in a `site::Cache` kept across rebuilds. The search index comes apart from
//! the pages (`Built::search`): ready when the build's search entries have the key of
//! the last index made, else the entries to index, now or later.

use super::reload::{Failure, Labels};
use super::state::Files;
use crate::output::MemorySink;
use crate::site::{self, BuildOptions, BuildReport, Cache, SearchEntries};
use crate::strings::Strings;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Indexing faster than this (by the last measure) is done before publishing, so the
/// site is complete at once; slower indexing goes to the background.
/// `STYRDOK_SERVE_SEARCH_INLINE_MS` overrides it (0: always in the background).
const INLINE_SEARCH_MS: u64 = 10;

/// The search index files (path under the site root, bytes).
pub type SearchFiles = Arc<Vec<(String, Arc<Vec<u8>>)>>;

/// A build's search index: the one made last (same entries), or entries to index.
pub enum SearchIndex {
    /// The index of these entries is already made.
    Ready(SearchFiles),
    /// Still to make (`Builder::index`).
    ToMake(SearchEntries),
}

/// Rebuilds the site at `root`.
pub struct Builder {
    root: PathBuf,
    options: BuildOptions,
    cache: Cache,
    /// The last search index made, by the key of its entries.
    search: Mutex<Option<(blake3::Hash, SearchFiles)>>,
    builtin_strings: Strings,
    last_index_ms: AtomicU64,
    inline_ms: u64,
}

/// A finished rebuild.
pub struct Built {
    /// The site without its search index, or why it failed.
    pub outcome: Result<(BuildReport, Files), Failure>,
    /// The search index (None when the build failed).
    pub search: Option<SearchIndex>,
    /// Overlay strings from the site's theme (the built-in ones where it has none).
    pub labels: Labels,
}

impl Builder {
    /// A builder for the site at `root` (canonical).
    pub fn new(root: &Path) -> Builder {
        let options = BuildOptions {
            drafts: true,
            base_url: Some(String::new()),
        };
        let builtin_strings = Strings::builtin();
        let inline_ms = std::env::var("STYRDOK_SERVE_SEARCH_INLINE_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(INLINE_SEARCH_MS);
        Builder {
            root: root.to_path_buf(),
            options,
            cache: Cache::default(),
            search: Mutex::new(None),
            builtin_strings,
            last_index_ms: AtomicU64::new(0),
            inline_ms,
        }
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Builds the site once (without indexing changed search entries).
    pub fn build(&self) -> Built {
        let mut strings = self.builtin_strings.clone();
        let outcome = site::load(&self.root, &self.options).and_then(|site| {
            // The site's strings even when its build fails (if they load at all).
            if let Ok(own) = Strings::load(&site.theme) {
                strings = own;
            }
            let sink = MemorySink::default();
            let built = site::build(&site, &sink, Some(&self.cache))?;
            Ok((built, sink.into_files()))
        });
        // Entries for files no longer in the site must not pile up under a long session.
        self.cache.retain_recent(50_000);
        let (outcome, search) = match outcome {
            Ok((built, files)) => (
                Ok((built.report, files)),
                Some(self.search_of(built.search)),
            ),
            Err(e) => (Err(Failure::of(&e, &self.root)), None),
        };
        Built {
            outcome,
            search,
            labels: Labels::from_strings(&strings),
        }
    }

    /// The index made last when `entries` are the ones it was made of.
    fn search_of(&self, entries: SearchEntries) -> SearchIndex {
        let key = entries.key();
        match self
            .search
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
        {
            Some((k, files)) if *k == key => SearchIndex::Ready(files.clone()),
            _ => SearchIndex::ToMake(entries),
        }
    }

    /// Builds a whole site: pages and search index.
    pub fn build_complete(&self) -> Built {
        let mut built = self.build();
        if let (Ok((_, files)), Some(search)) = (&mut built.outcome, built.search.take()) {
            let index = match search {
                SearchIndex::Ready(files) => files,
                SearchIndex::ToMake(entries) => self.index(entries),
            };
            files.extend(index.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        built
    }

    /// Makes the search index of `entries` (and remembers it, and how long it took).
    pub fn index(&self, entries: SearchEntries) -> SearchFiles {
        let started = Instant::now();
        let files: SearchFiles = Arc::new(
            entries
                .index()
                .into_iter()
                .map(|(p, b)| (p, Arc::new(b)))
                .collect(),
        );
        *self.search.lock().unwrap_or_else(|p| p.into_inner()) =
            Some((entries.key(), files.clone()));
        self.last_index_ms
            .store(started.elapsed().as_millis() as u64, Ordering::Relaxed);
        files
    }

    /// True when indexing is quick enough to do before publishing.
    pub fn index_is_quick(&self) -> bool {
        self.last_index_ms.load(Ordering::Relaxed) < self.inline_ms
    }

    /// Overlay strings of the built-in theme.
    pub fn builtin_labels(&self) -> Labels {
        Labels::from_strings(&self.builtin_strings)
    }
}
