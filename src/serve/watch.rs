//! Watching the sources: `content/`, `theme/` and `styrdok.yaml`. `classify` (pure) says
//! which paths matter; `Debounce` (pure) turns a burst of events into one rebuild;
//! `Sources` owns the notify watcher (native, or polling with `--poll`).

use notify::event::{AccessKind, AccessMode, CreateKind, EventKind, ModifyKind, RenameMode};
use notify::{Event, RecursiveMode, Watcher};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

/// What a changed path is to the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Under `content/`.
    Content,
    /// Under `theme/`.
    Theme,
    /// `styrdok.yaml`.
    Config,
    /// Anything else: output, dotfiles, editor temp and backup files, other folders.
    Ignore,
}

/// Says whether a change to `path` (absolute, under `root`) can change the site.
pub fn classify(root: &Path, path: &Path) -> ChangeKind {
    let Ok(rel) = path.strip_prefix(root) else {
        return ChangeKind::Ignore;
    };
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let (Some(first), Some(name)) = (parts.first(), parts.last()) else {
        return ChangeKind::Ignore;
    };
    if parts.iter().any(|p| p.starts_with('.')) || is_editor_temp(name) {
        return ChangeKind::Ignore;
    }
    match (first.as_str(), parts.len()) {
        ("content", _) => ChangeKind::Content,
        ("theme", _) => ChangeKind::Theme,
        (crate::config::CONFIG_FILE, 1) => ChangeKind::Config,
        _ => ChangeKind::Ignore,
    }
}

/// Swap, backup and temp files that editors write next to the file being saved.
fn is_editor_temp(name: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "~",
        ".swp",
        ".swo",
        ".swx",
        ".tmp",
        ".temp",
        ".bak",
        ".orig",
        ".part",
        ".crdownload",
        ".kate-swp",
        ".___jb_tmp___",
        ".___jb_old___",
    ];
    let lower = name.to_ascii_lowercase();
    name == "4913" // vim's "can I write here" probe
        || (name.starts_with('#') && name.ends_with('#')) // emacs auto-save
        || SUFFIXES.iter().any(|s| lower.ends_with(s))
        || lower.contains(".tmp.") // e.g. "2025.md.tmp.1234" (write-then-rename savers)
}

/// A lone save (a file closed after writing, or renamed into place) starts the rebuild
/// at once: no fixed delay. Only when several files change in one burst, or events
/// follow hard on the last rebuild (a checkout, a save-all), does the tree have to stay
/// quiet this long after the last event, so that the burst is one rebuild.
const QUIET: Duration = Duration::from_millis(8);
/// Events this soon after a rebuild started belong to a burst still going on.
const BURST_AFTER_BUILD: Duration = Duration::from_millis(40);
/// "Safe save" editors rename the old file away and write the new one a moment later:
/// a removed file holds the rebuild back this long, unless it is written again sooner.
const QUIET_AFTER_REMOVE: Duration = Duration::from_millis(60);
/// A file still open for writing holds the rebuild back at most this long.
const OPEN_WRITE_LIMIT: Duration = Duration::from_millis(400);
/// A burst that never pauses still gets a rebuild this often.
const MAX_WAIT: Duration = Duration::from_millis(1000);

/// Collects the events of one burst and says when it is over.
#[derive(Debug)]
pub struct Debounce {
    root: PathBuf,
    track_writes: bool,
    first: Option<Instant>,
    quiet_until: Option<Instant>,
    open: HashSet<PathBuf>,
    removed: HashMap<PathBuf, Instant>,
    paths: BTreeSet<PathBuf>,
    last_taken: Option<Instant>,
}

impl Debounce {
    /// A debouncer for the site at `root`. `track_writes` (native watchers) waits for a
    /// file opened for writing to be closed; pollers never see opens.
    pub fn new(root: &Path, track_writes: bool) -> Debounce {
        Debounce {
            root: root.to_path_buf(),
            track_writes,
            first: None,
            quiet_until: None,
            open: HashSet::new(),
            removed: HashMap::new(),
            paths: BTreeSet::new(),
            last_taken: None,
        }
    }

    /// Takes one event in; events that cannot change the site are dropped.
    pub fn add(&mut self, event: &Event, now: Instant) {
        let mut relevant: Vec<PathBuf> = event
            .paths
            .iter()
            .filter(|p| classify(&self.root, p) != ChangeKind::Ignore)
            .cloned()
            .collect();
        if event.need_rescan() {
            // Events were lost: only reading everything again is safe.
            relevant.push(self.root.join(crate::config::CONFIG_FILE));
        }
        if relevant.is_empty() {
            return;
        }
        let burst = self.paths.iter().any(|p| !relevant.contains(p))
            || self
                .last_taken
                .is_some_and(|t| now.saturating_duration_since(t) < BURST_AFTER_BUILD);
        let settle = if burst || !self.track_writes {
            QUIET
        } else {
            Duration::ZERO
        };
        match event.kind {
            // Our own reads (and the browser's) must not trigger builds: no loops.
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => {
                for p in &relevant {
                    self.open.remove(p);
                    self.removed.remove(p);
                }
            }
            EventKind::Access(_) => return,
            EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(RenameMode::From)) => {
                for p in &relevant {
                    self.open.remove(p);
                    self.removed.insert(p.clone(), now);
                }
            }
            EventKind::Create(CreateKind::File) | EventKind::Modify(ModifyKind::Data(_))
                if self.track_writes =>
            {
                for p in &relevant {
                    self.removed.remove(p);
                    self.open.insert(p.clone());
                }
            }
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => {
                // The last path is where the file now is.
                if let Some(to) = event.paths.last() {
                    self.removed.remove(to);
                }
            }
            EventKind::Modify(ModifyKind::Name(RenameMode::To)) | EventKind::Create(_) => {
                for p in &relevant {
                    self.removed.remove(p);
                }
            }
            _ => {}
        }
        self.paths.extend(relevant);
        self.first.get_or_insert(now);
        let until = now + settle;
        self.quiet_until = Some(self.quiet_until.map_or(until, |u| u.max(until)));
    }

    /// Whether a rebuild is waiting.
    pub fn pending(&self) -> bool {
        self.first.is_some()
    }

    /// How long to wait for more events before `ready` may be true (`None`: nothing pending).
    pub fn wait(&self, now: Instant) -> Option<Duration> {
        let first = self.first?;
        let limit = first + MAX_WAIT;
        let mut at = self.quiet_until.unwrap_or(now);
        if let Some(removed) = self.removed.values().max() {
            at = at.max(*removed + QUIET_AFTER_REMOVE);
        }
        if !self.open.is_empty() {
            at = at.max(first + OPEN_WRITE_LIMIT);
        }
        Some(at.min(limit).saturating_duration_since(now))
    }

    /// True when the burst is over and the site should be rebuilt.
    pub fn ready(&self, now: Instant) -> bool {
        self.wait(now).is_some_and(|d| d.is_zero())
    }

    /// The changed paths of the burst (and resets for the next one).
    pub fn take(&mut self) -> Vec<PathBuf> {
        self.last_taken = self.first.map(|_| Instant::now());
        self.first = None;
        self.quiet_until = None;
        self.open.clear();
        self.removed.clear();
        std::mem::take(&mut self.paths).into_iter().collect()
    }
}

/// The watcher over the site's sources.
pub(super) struct Sources {
    watcher: Box<dyn Watcher + Send>,
    root: PathBuf,
    /// True for the native (event) watcher, false when polling.
    pub(super) native: bool,
}

impl Sources {
    /// Starts watching `root` (canonical), sending events to `tx`.
    pub(super) fn start(
        root: &Path,
        poll: bool,
        tx: Sender<notify::Result<Event>>,
    ) -> crate::Result<Sources> {
        let watcher: Box<dyn Watcher + Send> = if poll {
            // notify's poller keeps modification times in whole seconds, so a second save
            // within the same second would go unseen without comparing contents.
            let config = notify::Config::default()
                .with_poll_interval(Duration::from_millis(300))
                .with_compare_contents(true);
            Box::new(notify::PollWatcher::new(tx, config).map_err(|e| watch_error(root, e))?)
        } else {
            Box::new(notify::recommended_watcher(tx).map_err(|e| watch_error(root, e))?)
        };
        let mut sources = Sources {
            watcher,
            root: root.to_path_buf(),
            native: !poll,
        };
        // The root itself only shallowly (it may hold public/ and much else); its two
        // source folders in depth.
        sources
            .watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| watch_error(root, e))?;
        sources.rewatch();
        Ok(sources)
    }

    /// Watches `content/` and `theme/` again (after they were created or replaced).
    pub(super) fn rewatch(&mut self) {
        for dir in ["content", "theme"] {
            let path = self.root.join(dir);
            if path.is_dir() {
                let _ = self.watcher.unwatch(&path);
                if let Err(e) = self.watcher.watch(&path, RecursiveMode::Recursive) {
                    eprintln!(
                        "warning: cannot watch {}: {e}",
                        crate::error::show_path(&path)
                    );
                }
            }
        }
    }

    /// True when `paths` include `content/` or `theme/` themselves (created, removed, renamed).
    pub(super) fn touches_top(&self, paths: &[PathBuf]) -> bool {
        paths
            .iter()
            .any(|p| p == &self.root.join("content") || p == &self.root.join("theme"))
    }
}

fn watch_error(root: &Path, e: notify::Error) -> crate::Error {
    crate::Error::Usage(format!(
        "cannot watch {} for changes: {e} (try --poll)",
        root.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{DataChange, RemoveKind};

    #[test]
    fn classifies_sources_and_ignores_the_rest() {
        let root = Path::new("/site");
        let c = |p: &str| classify(root, &root.join(p));
        assert_eq!(c("content/a/2025.md"), ChangeKind::Content);
        assert_eq!(c("content/a/_series.yaml"), ChangeKind::Content);
        assert_eq!(c("content/new-series"), ChangeKind::Content);
        assert_eq!(c("content"), ChangeKind::Content);
        assert_eq!(c("theme/static/style.css"), ChangeKind::Theme);
        assert_eq!(c("styrdok.yaml"), ChangeKind::Config);
        for ignored in [
            "public/index.html",
            "public",
            "target/debug/x",
            ".git/index",
            "content/.git/x",
            "content/a/.2025.md.swp",
            "content/a/2025.md~",
            "content/a/2025.md.swp",
            "content/a/4913",
            "content/a/#2025.md#",
            "content/a/.#2025.md",
            "content/a/2025.md.tmp",
            "content/a/2025.md.tmp.12345",
            "content/a/2025.md.___jb_tmp___",
            "theme/.DS_Store",
            "README.md",
            "sub/styrdok.yaml",
        ] {
            assert_eq!(c(ignored), ChangeKind::Ignore, "{ignored}");
        }
        assert_eq!(
            classify(root, Path::new("/elsewhere/content/a.md")),
            ChangeKind::Ignore
        );
        assert_eq!(classify(root, root), ChangeKind::Ignore);
    }

    fn ev(kind: EventKind, paths: &[&str]) -> Event {
        let mut e = Event::new(kind);
        for p in paths {
            e = e.add_path(Path::new("/site").join(p));
        }
        e
    }

    #[test]
    fn a_save_is_one_rebuild_after_a_short_quiet() {
        let t0 = Instant::now();
        let mut d = Debounce::new(Path::new("/site"), true);
        d.add(
            &ev(
                EventKind::Access(AccessKind::Open(notify::event::AccessMode::Any)),
                &["content/a/2025.md"],
            ),
            t0,
        );
        assert!(
            !d.pending(),
            "opening a file (as the build does) is not a change"
        );
        d.add(
            &ev(
                EventKind::Modify(ModifyKind::Data(DataChange::Any)),
                &["public/index.html"],
            ),
            t0,
        );
        assert!(!d.pending(), "output is ignored");
        d.add(
            &ev(
                EventKind::Modify(ModifyKind::Data(DataChange::Any)),
                &["content/a/2025.md"],
            ),
            t0,
        );
        assert!(d.pending());
        // Still open for writing: wait (up to a limit) for the close.
        assert!(!d.ready(t0 + QUIET * 2));
        assert!(d.ready(t0 + OPEN_WRITE_LIMIT));
        let t1 = t0 + Duration::from_millis(3);
        d.add(
            &ev(
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                &["content/a/2025.md"],
            ),
            t1,
        );
        assert!(d.ready(t1), "closed after writing: no fixed delay");
        assert_eq!(d.take(), vec![PathBuf::from("/site/content/a/2025.md")]);
        assert!(!d.pending());
    }

    #[test]
    fn several_files_or_events_right_after_a_build_wait_for_quiet() {
        let t0 = Instant::now();
        let close = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let mut d = Debounce::new(Path::new("/site"), true);
        d.add(&ev(close, &["content/a/2025.md"]), t0);
        d.add(&ev(close, &["content/b/2025.md"]), t0);
        assert!(!d.ready(t0), "a second file: a burst");
        assert!(d.ready(t0 + QUIET));
        assert_eq!(d.take().len(), 2);
        // Right after that rebuild began, another save is part of the same burst.
        let t1 = Instant::now();
        d.add(&ev(close, &["content/a/2025.md"]), t1);
        assert!(!d.ready(t1));
        assert!(d.ready(t1 + QUIET));
        d.take();
        // Long after, a lone save goes at once again.
        let t2 = Instant::now() + BURST_AFTER_BUILD;
        d.add(&ev(close, &["content/a/2025.md"]), t2);
        assert!(d.ready(t2));
        d.take();
        // Lost events: everything is read again.
        let mut lost = Event::new(EventKind::Other);
        lost = lost.set_flag(notify::event::Flag::Rescan);
        d.add(&lost, t2 + BURST_AFTER_BUILD * 2);
        assert_eq!(d.take(), vec![PathBuf::from("/site/styrdok.yaml")]);
    }

    #[test]
    fn rename_saves_and_removals_wait_a_little_longer() {
        let t0 = Instant::now();
        let mut d = Debounce::new(Path::new("/site"), true);
        d.add(
            &ev(
                EventKind::Create(CreateKind::File),
                &["content/a/2025.md.tmp"],
            ),
            t0,
        );
        assert!(!d.pending(), "the temp file itself is ignored");
        d.add(
            &ev(
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                &["content/a/2025.md.tmp", "content/a/2025.md"],
            ),
            t0,
        );
        assert!(d.ready(t0), "renamed into place: at once");
        d.take();
        let t1 = Instant::now() + BURST_AFTER_BUILD;
        d.add(
            &ev(EventKind::Remove(RemoveKind::File), &["content/a/2025.md"]),
            t1,
        );
        assert!(!d.ready(t1 + QUIET));
        assert!(d.ready(t1 + QUIET_AFTER_REMOVE));
        // Written again (as safe-save editors do): no need to wait any longer.
        d.add(
            &ev(EventKind::Create(CreateKind::File), &["content/a/2025.md"]),
            t1 + QUIET,
        );
        d.add(
            &ev(
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                &["content/a/2025.md"],
            ),
            t1 + QUIET,
        );
        assert!(d.ready(t1 + QUIET));
    }

    #[test]
    fn an_endless_burst_still_rebuilds() {
        let t0 = Instant::now();
        let mut d = Debounce::new(Path::new("/site"), false);
        let mut t = t0;
        while t < t0 + MAX_WAIT {
            d.add(
                &ev(EventKind::Modify(ModifyKind::Any), &["content/a/2025.md"]),
                t,
            );
            t += Duration::from_millis(2);
        }
        assert!(d.ready(t));
    }
}
