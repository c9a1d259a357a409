//! What the server serves, and how a finished build changes it: the last good site
//! stays until a build succeeds; a failed build only adds the error. `publish` also
//! says which event tells the open pages (full reload, stylesheet swap, overlay).

use super::reload::{event, failure_json, Failure, Labels};
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

/// The built site: files by site-relative path.
pub type Files = BTreeMap<String, Arc<Vec<u8>>>;

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
}

impl Snapshot {
    /// The `hello` event a new stream starts with.
    pub fn hello(&self) -> String {
        let error = self.failure.as_ref().map(|f| failure_json(f, &self.labels, self.have_site));
        event("hello", &json!({ "version": self.version, "error": error }))
    }
}

/// How two builds differ, as far as an open page cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Byte for byte the same.
    None,
    /// Only stylesheets changed: swap them in place.
    Css,
    /// Anything else: reload.
    Pages,
}

/// Compares two builds.
pub fn compare(old: &Files, new: &Files) -> Change {
    let removed_or_changed = old.iter().filter(|(k, v)| new.get(*k).is_none_or(|w| !(Arc::ptr_eq(v, w) || v == &w)));
    let added = new.keys().filter(|k| !old.contains_key(*k));
    let mut change = Change::None;
    for path in removed_or_changed.map(|(k, _)| k).chain(added) {
        if !path.ends_with(".css") {
            return Change::Pages;
        }
        change = Change::Css;
    }
    change
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
        let snapshot = Snapshot { files: Arc::new(Files::new()), version, failure: None, have_site: false, labels };
        State { nonce, generation: 0.into(), current: RwLock::new(Arc::new(snapshot)) }
    }

    /// The current snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Installs a build's outcome and returns the event for open pages, if any. The new
    /// snapshot is in place before the event is made, so a page reloading on it gets the
    /// new site.
    pub fn publish(&self, outcome: Result<Files, Failure>, labels: Labels) -> Option<String> {
        let old = self.snapshot();
        let (snapshot, message) = match outcome {
            Ok(files) => {
                let change = compare(&old.files, &files);
                let bumped = change != Change::None || !old.have_site;
                let version = if bumped { self.next_version() } else { old.version.clone() };
                let message = match change {
                    _ if !old.have_site => event("reload", &json!({ "version": version })),
                    Change::Pages => event("reload", &json!({ "version": version })),
                    Change::Css => event("css", &json!({ "version": version })),
                    Change::None if old.failure.is_some() => event("fixed", &json!({})),
                    Change::None => String::new(),
                };
                let files = if bumped { Arc::new(files) } else { old.files.clone() };
                (Snapshot { files, version, failure: None, have_site: true, labels }, message)
            }
            Err(failure) => {
                let message = event("failed", &failure_json(&failure, &labels, old.have_site));
                let snapshot = Snapshot { failure: Some(failure), labels, ..(*old).clone() };
                (snapshot, message)
            }
        };
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(snapshot);
        (!message.is_empty()).then_some(message)
    }

    fn next_version(&self) -> String {
        let n = self.generation.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        format!("{}-{n}", self.nonce)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> Files {
        pairs.iter().map(|(k, v)| (k.to_string(), Arc::new(v.as_bytes().to_vec()))).collect()
    }

    fn labels() -> Labels {
        Labels { title: "T".into(), note: "N".into(), waiting: "W".into() }
    }

    #[test]
    fn compare_tells_css_from_pages() {
        let a = files(&[("index.html", "1"), ("static/style.css", "a")]);
        assert_eq!(compare(&a, &a.clone()), Change::None);
        assert_eq!(compare(&a, &files(&[("index.html", "1"), ("static/style.css", "b")])), Change::Css);
        assert_eq!(compare(&a, &files(&[("index.html", "2"), ("static/style.css", "a")])), Change::Pages);
        assert_eq!(compare(&a, &files(&[("index.html", "1")])), Change::Css);
        assert_eq!(compare(&a, &files(&[("index.html", "1"), ("static/style.css", "a"), ("x/index.html", "")])), Change::Pages);
        assert_eq!(compare(&a, &files(&[("a.html", ""), ("index.html", "1"), ("static/style.css", "a")])), Change::Pages);
    }

    #[test]
    fn failures_keep_the_last_good_site() {
        let state = State::new("n".into(), labels());
        let first = state.publish(Ok(files(&[("index.html", "1")])), labels()).unwrap();
        assert!(first.starts_with("event: reload\ndata: {\"version\":\"n-1\"}"), "{first}");
        let failure = Failure { location: "styrdok.yaml:2:1".into(), message: "bad".into() };
        let failed = state.publish(Err(failure.clone()), labels()).unwrap();
        assert!(failed.starts_with("event: failed\n") && failed.contains("styrdok.yaml:2:1"), "{failed}");
        let snap = state.snapshot();
        assert_eq!(snap.version, "n-1");
        assert_eq!(snap.files.get("index.html").map(|v| v.as_slice()), Some(&b"1"[..]));
        assert!(snap.hello().contains("\"location\":\"styrdok.yaml:2:1\""));
        // Fixed back to the same bytes: no reload, the overlay goes.
        let fixed = state.publish(Ok(files(&[("index.html", "1")])), labels()).unwrap();
        assert!(fixed.starts_with("event: fixed\n"), "{fixed}");
        assert_eq!(state.publish(Ok(files(&[("index.html", "1")])), labels()), None, "nothing changed, nothing sent");
        let css = state.publish(Ok(files(&[("index.html", "1"), ("s.css", "x")])), labels()).unwrap();
        assert!(css.starts_with("event: css\ndata: {\"version\":\"n-2\"}"), "{css}");
        assert!(state.snapshot().hello().contains("\"error\":null"));
    }
}
