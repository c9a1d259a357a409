//! One rebuild into memory (drafts included, links relative so any host and port
//! work), as if from scratch but redoing only what the change can affect: after edits
//! inside series folders, only those folders are read again (`content::load::reload`)
//! and the other series' output is replayed from the `site::Cache` without hashing
//! their text again; anything else (theme, config, a rescan) loads everything, with
//! the pure stages still memoised. The output is byte for byte a full build's
//! (tests/it/serve.rs compares them after every kind of edit). The search index comes
//! apart from the pages (`Built::search`): ready when the build's search entries have
//! the key of the last index made, else the entries to index, now or later.

use super::reload::{Failure, Labels};
use super::state::Files;
use crate::output::MemorySink;
use crate::site::{self, BuildOptions, BuildReport, Cache, SearchEntries};
use crate::strings::Strings;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Indexing faster than this (by the last measure) is done before publishing. By default
/// never: an edited page goes out first and the index follows (no page waits for it).
/// `STYRDOK_SERVE_SEARCH_INLINE_MS` sets it (e.g. 1000: the site is complete at once).
const INLINE_SEARCH_MS: u64 = 0;

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
    /// The site as last loaded, when its build succeeded: the base of the next load.
    last: Mutex<Option<Loaded>>,
}

/// A loaded site and its UI strings.
struct Loaded {
    site: site::Site,
    strings: Strings,
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
            last: Mutex::new(None),
        }
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Builds the site once from scratch (without indexing changed search entries).
    pub fn build(&self) -> Built {
        self.build_after(None)
    }

    /// Builds the site after `changed` (absolute paths the watcher reported since the
    /// last build; `None`: unknown, read everything).
    pub fn build_after(&self, changed: Option<&[PathBuf]>) -> Built {
        let previous = self.last.lock().unwrap_or_else(|p| p.into_inner()).take();
        let loaded = match (previous, changed.and_then(|c| self.series_dirs(c))) {
            (Some(previous), Some(dirs)) => self.reload(previous, &dirs),
            _ => self.load(),
        };
        let (outcome, strings) = match loaded {
            Ok((loaded, unchanged)) => {
                self.cache.assume_unchanged(unchanged);
                let sink = MemorySink::default();
                let built = site::build(&loaded.site, &sink, Some(&self.cache));
                let strings = loaded.strings.clone();
                if built.is_ok() {
                    *self.last.lock().unwrap_or_else(|p| p.into_inner()) = Some(loaded);
                }
                (built.map(|b| (b, sink.into_files())), strings)
            }
            Err((e, strings)) => (Err(e), strings),
        };
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

    /// The series folders `changed` lies in, when every path is inside one (under
    /// `content/<folder>/`, or the folder itself); `None` when anything else changed.
    fn series_dirs(&self, changed: &[PathBuf]) -> Option<BTreeSet<PathBuf>> {
        let content = self.root.join("content");
        let mut dirs = BTreeSet::new();
        for path in changed {
            let first = path.strip_prefix(&content).ok()?.components().next()?;
            match first {
                std::path::Component::Normal(name) => dirs.insert(content.join(name)),
                _ => return None,
            };
        }
        Some(dirs)
    }

    /// Everything read from disk: the site, its strings (the built-in ones where it
    /// has none, even when the load fails), and no series vouched unchanged.
    #[allow(clippy::result_large_err)]
    fn load(&self) -> Result<(Loaded, Vec<String>), (crate::Error, Strings)> {
        let site =
            site::load(&self.root, &self.options).map_err(|e| (e, self.builtin_strings.clone()))?;
        let strings = Strings::load(&site.theme).unwrap_or_else(|_| self.builtin_strings.clone());
        Ok((Loaded { site, strings }, Vec::new()))
    }

    /// `previous` with the series in `dirs` read again; the others are vouched unchanged.
    #[allow(clippy::result_large_err)]
    fn reload(
        &self,
        previous: Loaded,
        dirs: &BTreeSet<PathBuf>,
    ) -> Result<(Loaded, Vec<String>), (crate::Error, Strings)> {
        let Loaded { site, strings } = previous;
        let site::Site {
            root,
            config,
            corpus,
            theme,
        } = site;
        let unchanged: Vec<String> = corpus
            .series
            .iter()
            .filter(|s| !dirs.contains(&s.dir))
            .map(|s| s.slug.clone())
            .collect();
        let corpus = match crate::content::load::reload(&root.join("content"), corpus, dirs) {
            Some(Ok(corpus)) => corpus,
            Some(Err(e)) => return Err((e, strings)),
            None => return self.load(),
        };
        let site = site::Site {
            root,
            config,
            corpus,
            theme,
        };
        Ok((Loaded { site, strings }, unchanged))
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
