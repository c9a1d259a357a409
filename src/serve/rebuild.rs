//! One rebuild: load everything from disk and build as if from scratch into memory
//! (drafts included, links relative so any host and port work), with the pure stages
//! memoised in a `site::Cache` kept across rebuilds.

use super::reload::{Failure, Labels};
use super::state::Files;
use crate::output::MemorySink;
use crate::site::{self, BuildOptions, BuildReport, Cache};
use crate::theme::Theme;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Rebuilds the site at `root`.
pub struct Builder {
    root: PathBuf,
    options: BuildOptions,
    cache: Cache,
    builtin_strings: BTreeMap<String, Value>,
}

/// A finished rebuild.
pub struct Built {
    /// The site, or why it failed.
    pub outcome: Result<(BuildReport, Files), Failure>,
    /// Overlay strings from the site's theme (the built-in ones where it has none).
    pub labels: Labels,
}

impl Builder {
    /// A builder for the site at `root` (canonical).
    pub fn new(root: &Path) -> Builder {
        let options = BuildOptions { drafts: true, base_url: Some(String::new()) };
        let builtin_strings = strings_of(&Theme::builtin()).unwrap_or_default();
        Builder { root: root.to_path_buf(), options, cache: Cache::default(), builtin_strings }
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The options every serve build uses (for comparing with `build`).
    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// Builds the site once.
    pub fn build(&self) -> Built {
        let mut strings = self.builtin_strings.clone();
        let outcome = site::load(&self.root, &self.options).and_then(|site| {
            if let Some(own) = strings_of(&site.theme) {
                strings.extend(own);
            }
            let sink = MemorySink::default();
            let report = site::build(&site, &sink, Some(&self.cache))?;
            Ok((report, sink.into_files()))
        });
        // Entries for files no longer in the site must not pile up under a long session.
        self.cache.retain_recent(50_000);
        Built { outcome: outcome.map_err(|e| Failure::of(&e, &self.root)), labels: Labels::from_strings(&strings) }
    }

    /// Overlay strings of the built-in theme.
    pub fn builtin_labels(&self) -> Labels {
        Labels::from_strings(&self.builtin_strings)
    }
}

fn strings_of(theme: &Theme) -> Option<BTreeMap<String, Value>> {
    let text = theme.text("strings.yaml").ok()?;
    crate::yaml::parse(text, &theme.origin("strings.yaml"), 1).ok()
}
