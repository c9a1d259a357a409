//! What the server serves, and how a finished build changes it: the last good site
//! stays until a build succeeds; a failed build only adds the error. `publish` also
//! makes the event that tells open pages what to do (reload, swap stylesheets, reload
//! if they use a changed file, show or hide the overlay).
//!
//! On a large site the search index is built after the pages (see `indexer`): the pages
//! are published with the previous index files, marked incomplete, and
//! `install_search` puts the new index in when it is ready, unless a newer build came
//! first. Every event says whether the served site is complete.

use super::rebuild::SearchFiles;
use super::reload::{event, failure_json, Failure, Labels};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

/// The built site: files by site-relative path.
pub type Files = BTreeMap<String, Arc<Vec<u8>>>;

/// Where the search index lives in the site.
pub(super) const SEARCH_DIR: &str = "search/";

/// One consistent view for a request: files, version and error belong together.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The last good site (empty before the first successful build).
    pub files: Arc<Files>,
    /// Changes whenever `files` change, and across server restarts.
    pub version: String,
    /// The latest build's error, if it failed.
    pub failure: Option<Failure>,
    /// True once a build has succeeded.
    pub have_site: bool,
    /// Overlay strings.
    pub labels: Labels,
    /// Counts successful builds (a search index is installed only into its own build).
    pub build: u64,
    /// False while the search index of this build is still being made.
    pub complete: bool,
}

impl Snapshot {
    /// The `hello` event a new stream starts with.
    pub fn hello(&self) -> String {
        let error = self
            .failure
            .as_ref()
            .map(|f| failure_json(f, &self.labels, self.have_site));
        event(
            "hello",
            &json!({ "version": self.version, "error": error, "complete": self.complete }),
        )
    }
}

/// How two builds differ, as far as an open page cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Byte for byte the same.
    None,
    /// Only stylesheets changed: swap them in place.
    Css,
    /// No page changed, but these files did (folders end in `/`): pages that loaded
    /// one of them reload.
    Assets(Vec<String>),
    /// Pages changed, were added or removed (site paths, sorted; `None`: too many to
    /// name): open pages among them patch themselves, or reload.
    Pages(Option<Vec<String>>),
}

/// More changed files than this are named by their top folder.
const MAX_NAMED: usize = 64;
/// More changed pages than this are not named (every open page checks itself).
const MAX_PAGES: usize = 2000;

/// Compares two builds.
pub fn compare(old: &Files, new: &Files) -> Change {
    let removed_or_changed = old
        .iter()
        .filter(|(k, v)| new.get(*k).is_none_or(|w| !(Arc::ptr_eq(v, w) || v == &w)));
    let added = new.keys().filter(|k| !old.contains_key(*k));
    let mut changed: Vec<&String> = Vec::new();
    let mut pages: Vec<String> = Vec::new();
    for path in removed_or_changed.map(|(k, _)| k).chain(added) {
        if path.ends_with(".html") {
            pages.push(path.clone());
        } else {
            changed.push(path);
        }
    }
    if !pages.is_empty() {
        pages.sort();
        pages.dedup();
        return Change::Pages((pages.len() <= MAX_PAGES).then_some(pages));
    }
    if changed.is_empty() {
        return Change::None;
    }
    if changed.iter().all(|p| p.ends_with(".css")) {
        return Change::Css;
    }
    let mut names: Vec<String> = if changed.len() > MAX_NAMED {
        changed
            .iter()
            .map(|p| {
                p.split_once('/')
                    .map_or(p.to_string(), |(top, _)| format!("{top}/"))
            })
            .collect()
    } else {
        changed.iter().map(|p| p.to_string()).collect()
    };
    names.sort();
    names.dedup();
    Change::Assets(names)
}

/// The served site, swapped whole after each build.
pub struct State {
    nonce: String,
    generation: std::sync::atomic::AtomicU64,
    current: RwLock<Arc<Snapshot>>,
}

impl State {
    /// Before the first build. `nonce` tells this server's versions from an earlier one's.
    pub fn new(nonce: String, labels: Labels) -> State {
        let version = format!("{nonce}-0");
        let snapshot = Snapshot {
            files: Arc::new(Files::new()),
            version,
            failure: None,
            have_site: false,
            labels,
            build: 0,
            complete: true,
        };
        State {
            nonce,
            generation: 0.into(),
            current: RwLock::new(Arc::new(snapshot)),
        }
    }

    /// The current snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The search index files now served.
    pub fn search_files(&self) -> Vec<(String, Arc<Vec<u8>>)> {
        let snap = self.snapshot();
        snap.files
            .range(SEARCH_DIR.to_string()..)
            .take_while(|(k, _)| k.starts_with(SEARCH_DIR))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// Installs a build's outcome (`complete`: its search index is in `files`; `layout`:
    /// the theme changed, so open pages reload rather than patch); returns the event for
    /// open pages, if any, and the build's number. The new snapshot is in place before
    /// the event is made, so a page updating on it gets the new site.
    pub fn publish(
        &self,
        outcome: Result<Files, Failure>,
        labels: Labels,
        complete: bool,
        layout: bool,
    ) -> (Option<String>, u64) {
        let mut current = self.current.write().unwrap_or_else(|p| p.into_inner());
        let old = current.clone();
        let (snapshot, message) = match outcome {
            Ok(files) => {
                let change = if old.have_site {
                    compare(&old.files, &files)
                } else {
                    Change::Pages(None)
                };
                let (snapshot, message) = self.next(&old, files, change, complete, layout);
                let message = match message {
                    None if old.failure.is_some() => {
                        Some(event("fixed", &json!({ "complete": complete })))
                    }
                    other => other,
                };
                (
                    Snapshot {
                        failure: None,
                        labels,
                        build: old.build + 1,
                        ..snapshot
                    },
                    message,
                )
            }
            Err(failure) => {
                let message = event("failed", &failure_json(&failure, &labels, old.have_site));
                (
                    Snapshot {
                        failure: Some(failure),
                        labels,
                        ..(*old).clone()
                    },
                    Some(message),
                )
            }
        };
        let build = snapshot.build;
        *current = Arc::new(snapshot);
        (message, build)
    }

    /// Puts a search index made for build `build` in place of the served one, unless a
    /// newer build was published meanwhile (its own index is on the way).
    pub fn install_search(&self, build: u64, search: &SearchFiles) -> Option<String> {
        let mut current = self.current.write().unwrap_or_else(|p| p.into_inner());
        let old = current.clone();
        if old.build != build || old.complete {
            return None;
        }
        let mut files: Files = old
            .files
            .iter()
            .filter(|(k, _)| !k.starts_with(SEARCH_DIR))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        files.extend(search.iter().map(|(k, v)| (k.clone(), v.clone())));
        let change = compare(&old.files, &files);
        let (snapshot, message) = self.next(&old, files, change, true, false);
        *current = Arc::new(snapshot);
        message.or_else(|| {
            Some(event(
                "complete",
                &json!({ "version": old.version, "complete": true }),
            ))
        })
    }

    /// The snapshot after `old` with `files`, and the event for the change.
    fn next(
        &self,
        old: &Snapshot,
        files: Files,
        change: Change,
        complete: bool,
        layout: bool,
    ) -> (Snapshot, Option<String>) {
        if change == Change::None {
            return (
                Snapshot {
                    complete,
                    ..old.clone()
                },
                None,
            );
        }
        let n = self
            .generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            + 1;
        let version = format!("{}-{n}", self.nonce);
        let data = |extra: Value| {
            let mut v = json!({ "version": version, "complete": complete });
            if let (Some(map), Value::Object(more)) = (v.as_object_mut(), extra) {
                map.extend(more);
            }
            v
        };
        let message = match change {
            Change::Css => event("css", &data(json!({}))),
            Change::Assets(paths) => event("assets", &data(json!({ "paths": paths }))),
            // The pages that changed travel with the event: an open page that is not
            // among them stays as it is; one that is patches itself in place.
            Change::Pages(pages) => {
                event("reload", &data(json!({ "pages": pages, "full": layout })))
            }
            Change::None => event("reload", &data(json!({ "pages": null, "full": true }))),
        };
        let snapshot = Snapshot {
            files: Arc::new(files),
            version,
            have_site: true,
            complete,
            ..old.clone()
        };
        (snapshot, Some(message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> Files {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Arc::new(v.as_bytes().to_vec())))
            .collect()
    }

    fn labels() -> Labels {
        Labels {
            title: "T".into(),
            note: "N".into(),
            waiting: "W".into(),
        }
    }

    #[test]
    fn compare_tells_css_assets_and_pages_apart() {
        let a = files(&[
            ("index.html", "1"),
            ("static/style.css", "a"),
            ("search/m.js", "m"),
        ]);
        assert_eq!(compare(&a, &a.clone()), Change::None);
        assert_eq!(
            compare(
                &a,
                &files(&[
                    ("index.html", "1"),
                    ("static/style.css", "b"),
                    ("search/m.js", "m")
                ])
            ),
            Change::Css
        );
        assert_eq!(
            compare(
                &a,
                &files(&[
                    ("index.html", "2"),
                    ("static/style.css", "a"),
                    ("search/m.js", "m")
                ])
            ),
            Change::Pages(Some(vec!["index.html".into()]))
        );
        assert_eq!(
            compare(&a, &files(&[("index.html", "1"), ("search/m.js", "m")])),
            Change::Css
        );
        assert_eq!(
            compare(
                &a,
                &files(&[
                    ("index.html", "1"),
                    ("static/style.css", "a"),
                    ("search/m.js", "m"),
                    ("x/index.html", "")
                ])
            ),
            Change::Pages(Some(vec!["x/index.html".into()]))
        );
        assert_eq!(
            compare(
                &a,
                &files(&[("static/style.css", "a"), ("search/m.js", "m")])
            ),
            Change::Pages(Some(vec!["index.html".into()])),
            "a removed page is named too"
        );
        assert_eq!(
            compare(
                &a,
                &files(&[
                    ("index.html", "1"),
                    ("static/style.css", "b"),
                    ("search/m.js", "n"),
                    ("search/s1.js", "")
                ])
            ),
            Change::Assets(vec![
                "search/m.js".into(),
                "search/s1.js".into(),
                "static/style.css".into()
            ])
        );
        let many: Vec<(String, String)> = (0..100)
            .map(|i| (format!("search/s{i}.js"), String::new()))
            .collect();
        let mut b = a.clone();
        b.extend(
            many.iter()
                .map(|(k, v)| (k.clone(), Arc::new(v.as_bytes().to_vec()))),
        );
        assert_eq!(compare(&a, &b), Change::Assets(vec!["search/".into()]));
    }

    #[test]
    fn failures_keep_the_last_good_site() {
        let state = State::new("n".into(), labels());
        let (first, build) =
            state.publish(Ok(files(&[("index.html", "1")])), labels(), true, false);
        assert!(first.unwrap().starts_with(
            "event: reload\ndata: {\"complete\":true,\"full\":false,\"pages\":null,\"version\":\"n-1\"}"
        ));
        assert_eq!(build, 1);
        let failure = Failure {
            location: "styrdok.yaml:2:1".into(),
            message: "bad".into(),
        };
        let (failed, _) = state.publish(Err(failure.clone()), labels(), true, false);
        let failed = failed.unwrap();
        assert!(
            failed.starts_with("event: failed\n") && failed.contains("styrdok.yaml:2:1"),
            "{failed}"
        );
        let snap = state.snapshot();
        assert_eq!(snap.version, "n-1");
        assert_eq!(
            snap.files.get("index.html").map(|v| v.as_slice()),
            Some(&b"1"[..])
        );
        assert!(snap.hello().contains("\"location\":\"styrdok.yaml:2:1\""));
        // Fixed back to the same bytes: no reload, the overlay goes.
        let (fixed, _) = state.publish(Ok(files(&[("index.html", "1")])), labels(), true, false);
        assert!(fixed.unwrap().starts_with("event: fixed\n"));
        assert_eq!(
            state
                .publish(Ok(files(&[("index.html", "1")])), labels(), true, false)
                .0,
            None,
            "nothing changed, nothing sent"
        );
        let (css, _) = state.publish(
            Ok(files(&[("index.html", "1"), ("s.css", "x")])),
            labels(),
            true,
            false,
        );
        assert!(css
            .unwrap()
            .starts_with("event: css\ndata: {\"complete\":true,\"version\":\"n-2\"}"));
        assert!(state.snapshot().hello().contains("\"error\":null"));
    }

    #[test]
    fn a_late_search_index_goes_only_into_its_own_build() {
        let state = State::new("n".into(), labels());
        state.publish(
            Ok(files(&[("index.html", "1"), ("search/m.js", "old")])),
            labels(),
            true,
            false,
        );
        let (msg, build) = state.publish(
            Ok(files(&[("index.html", "2"), ("search/m.js", "old")])),
            labels(),
            false,
            false,
        );
        assert!(msg.unwrap().contains("\"complete\":false"));
        assert!(!state.snapshot().complete);
        let new: SearchFiles =
            Arc::new(vec![("search/m.js".to_string(), Arc::new(b"new".to_vec()))]);
        // A newer build came first: the index is dropped.
        let (_, newer) = state.publish(
            Ok(files(&[("index.html", "3"), ("search/m.js", "old")])),
            labels(),
            false,
            false,
        );
        assert_eq!(state.install_search(build, &new), None);
        let msg = state.install_search(newer, &new).unwrap();
        assert!(
            msg.starts_with("event: assets\n")
                && msg.contains("\"paths\":[\"search/m.js\"]")
                && msg.contains("\"complete\":true"),
            "{msg}"
        );
        let snap = state.snapshot();
        assert!(snap.complete);
        assert_eq!(snap.files["search/m.js"].as_slice(), b"new");
        assert_eq!(snap.files["index.html"].as_slice(), b"3");
        // The same index again: nothing changes, but the site is complete.
        let (_, b) = state.publish(
            Ok(files(&[("index.html", "4"), ("search/m.js", "new")])),
            labels(),
            false,
            false,
        );
        assert!(state
            .install_search(b, &new)
            .unwrap()
            .starts_with("event: complete\n"));
    }
}
