//! Memoised pure stages, kept by `serve` between rebuilds, so that rebuilding "as if
//! from scratch" redoes only what a change can affect:
//! - Markdown parsing per file, by the hash of its text;
//! - the compiled templates, by the theme's fingerprint;
//! - each series' whole output (pages, JSON, its part of the search index and feed
//!   entries), by a hash of everything a series build reads: the series (folder,
//!   metadata, every edition's path, front matter and text), the config, the theme,
//!   the site root and the styrdok version.
//!
//! The search index is not merged here: `build` returns the series' parts with a key
//! (`SearchEntries::key`, from the series keys when this cache made them), and
//! `serve` memoises the merged index by that key.
//!
//! A hit gives exactly the bytes a fresh build would (tests/it/serve.rs compares a served
//! site with a full `build` after a sequence of edits). That holds only while a series
//! build reads nothing else — no other series, no clock — so keep `pages::build` so.

use super::pages::SeriesOutput;
use super::{Ctx, Site};
use crate::content::{Edition, Series};
use crate::error::Result;
use crate::markdown::{self, ParsedDoc};
use crate::output::Sink;
use crate::render::Renderer;
use crate::theme::Theme;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

/// The memo tables (see the module docs). Entries a build did not use are dropped by
/// `retain_recent`.
#[derive(Default)]
pub struct Cache {
    parsed: Mutex<HashMap<blake3::Hash, Arc<ParsedDoc>>>,
    parsed_used: Mutex<HashSet<blake3::Hash>>,
    renderer: Mutex<Option<(blake3::Hash, Arc<Renderer>)>>,
    series: Mutex<HashMap<String, Arc<SeriesMemo>>>,
    series_used: Mutex<HashSet<String>>,
    /// Series the caller vouches are unchanged since the last build (`assume_unchanged`).
    unchanged: Mutex<HashSet<String>>,
}

/// One series' output, as its build produced it.
pub(crate) struct SeriesMemo {
    key: blake3::Hash,
    build_key: blake3::Hash,
    parse_keys: Vec<blake3::Hash>,
    files: Vec<(String, Arc<Vec<u8>>)>,
    output: SeriesOutput,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Cache {
    /// The parse of a body starting at `first_line`, parsed once per distinct text
    /// (and name of tables, and folder its links are resolved against).
    pub(crate) fn parse(
        &self,
        body: &str,
        first_line: usize,
        table_word: &str,
        folder: &str,
    ) -> Arc<ParsedDoc> {
        let key = parse_key(body, first_line, table_word, folder);
        lock(&self.parsed_used).insert(key);
        if let Some(hit) = lock(&self.parsed).get(&key) {
            return hit.clone();
        }
        let doc = Arc::new(markdown::parse_with(body, first_line, table_word, folder));
        lock(&self.parsed).insert(key, doc.clone());
        doc
    }

    /// The theme's compiled templates, compiled again only when a theme file changed.
    pub(crate) fn renderer(&self, theme: &Theme) -> Result<Arc<Renderer>> {
        let key = theme.fingerprint();
        if let Some((k, r)) = lock(&self.renderer).as_ref() {
            if *k == key {
                return Ok(r.clone());
            }
        }
        let renderer = Arc::new(Renderer::new(theme)?);
        *lock(&self.renderer) = Some((key, renderer.clone()));
        Ok(renderer)
    }

    /// The output of series `s`: replayed into `ctx.sink` when its inputs are unchanged,
    /// else made by `build` (and remembered); with the series' key when it has one.
    pub(crate) fn series_output(
        &self,
        ctx: &Ctx,
        build_key: &blake3::Hash,
        s: &Series,
        build: impl FnOnce(&Ctx) -> Result<SeriesOutput>,
    ) -> Result<(SeriesOutput, Option<blake3::Hash>)> {
        if lock(&self.unchanged).remove(&s.slug) {
            let vouched = lock(&self.series)
                .get(&s.slug)
                .filter(|m| m.build_key == *build_key)
                .cloned();
            if let Some(memo) = vouched {
                // Its inputs are the memo's: no need to hash them again.
                lock(&self.series_used).insert(s.slug.clone());
                lock(&self.parsed_used).extend(memo.parse_keys.iter().copied());
                return replay(ctx, &memo);
            }
        }
        let Some((key, parse_keys)) = series_key(build_key, s, &ctx.strings().table) else {
            return Ok((build(ctx)?, None));
        };
        lock(&self.series_used).insert(s.slug.clone());
        let hit = lock(&self.series)
            .get(&s.slug)
            .filter(|m| m.key == key)
            .cloned();
        if let Some(memo) = hit {
            // Keep the parses too: a later edit to one edition reparses only that one.
            lock(&self.parsed_used).extend(parse_keys);
            return replay(ctx, &memo);
        }
        let recorder = Recorder {
            inner: ctx.sink,
            files: Mutex::new(Vec::new()),
        };
        let recording = Ctx {
            site: ctx.site,
            renderer: ctx.renderer.clone(),
            urls: ctx.urls.clone(),
            site_view: ctx.site_view.clone(),
            sink: &recorder,
        };
        let output = build(&recording)?;
        let files = recorder
            .files
            .into_inner()
            .unwrap_or_else(|p| p.into_inner());
        let memo = Arc::new(SeriesMemo {
            key,
            build_key: *build_key,
            parse_keys,
            files,
            output: output.clone(),
        });
        lock(&self.series).insert(s.slug.clone(), memo);
        Ok((output, Some(key)))
    }

    /// Vouches that these series (by slug) have exactly the inputs they had in the last
    /// build through this cache, which succeeded, with the same config and theme: the
    /// next build replays their output without hashing their text again. `serve` knows
    /// this from the watcher; a wrong promise gives stale pages, so promise only that.
    /// Holds until the next `retain_recent`.
    pub fn assume_unchanged(&self, slugs: impl IntoIterator<Item = String>) {
        lock(&self.unchanged).extend(slugs);
    }

    /// Forgets entries the builds since the last call did not use (bounded memory under
    /// a long serve session), and entirely clears the parse table past `keep` entries.
    pub fn retain_recent(&self, keep: usize) {
        lock(&self.unchanged).clear();
        let used = std::mem::take(&mut *lock(&self.parsed_used));
        let mut parsed = lock(&self.parsed);
        parsed.retain(|k, _| used.contains(k));
        if parsed.len() > keep {
            parsed.clear();
        }
        let used = std::mem::take(&mut *lock(&self.series_used));
        lock(&self.series).retain(|k, _| used.contains(k));
    }
}

/// Puts a memoised series' files into `ctx.sink` again.
fn replay(ctx: &Ctx, memo: &SeriesMemo) -> Result<(SeriesOutput, Option<blake3::Hash>)> {
    for (path, bytes) in &memo.files {
        ctx.sink.put_shared(path, bytes.clone())?;
    }
    Ok((memo.output.clone(), Some(memo.key)))
}

/// What every series build of `site` shares: config, theme, root, version.
pub(crate) fn build_key(site: &Site) -> Option<blake3::Hash> {
    let mut h = blake3::Hasher::new();
    field(&mut h, env!("CARGO_PKG_VERSION").as_bytes());
    field(&mut h, site.root.as_os_str().as_encoded_bytes());
    field(&mut h, &serde_json::to_vec(&site.config).ok()?);
    field(&mut h, site.theme.fingerprint().as_bytes());
    Some(h.finalize())
}

/// The key of a body's parse.
fn parse_key(body: &str, first_line: usize, table_word: &str, folder: &str) -> blake3::Hash {
    let mut h = blake3::Hasher::new();
    field(&mut h, table_word.as_bytes());
    field(&mut h, folder.as_bytes());
    h.update(&first_line.to_le_bytes());
    h.update(body.as_bytes());
    h.finalize()
}

/// Everything of one series (and the parse keys of its editions, which cover their
/// text). Destructured, so a new field is a compile error here until it is hashed too.
fn series_key(
    build_key: &blake3::Hash,
    s: &Series,
    table_word: &str,
) -> Option<(blake3::Hash, Vec<blake3::Hash>)> {
    let Series {
        slug,
        dir,
        meta,
        editions,
    } = s;
    let mut h = blake3::Hasher::new();
    field(&mut h, build_key.as_bytes());
    field(&mut h, slug.as_bytes());
    field(&mut h, dir.as_os_str().as_encoded_bytes());
    field(&mut h, &serde_json::to_vec(meta).ok()?);
    h.update(&(editions.len() as u64).to_le_bytes());
    let mut parse_keys = Vec::with_capacity(editions.len());
    for e in editions {
        let Edition {
            year,
            path,
            front,
            body,
            body_line,
        } = e;
        h.update(&year.to_le_bytes());
        field(&mut h, path.as_os_str().as_encoded_bytes());
        field(&mut h, &serde_json::to_vec(front).ok()?);
        super::pages::assets::fingerprint(path, *year, &mut h);
        let folder = super::urls::document_dir(slug, *year);
        let parsed = parse_key(body, *body_line, table_word, &folder);
        h.update(parsed.as_bytes());
        parse_keys.push(parsed);
    }
    Some((h.finalize(), parse_keys))
}

/// The key of the search entries of a whole site, from the keys of its series in
/// corpus order (they name the entries, and are much cheaper than hashing every text
/// again).
pub(crate) fn series_keys_key(keys: &[(&str, blake3::Hash)]) -> blake3::Hash {
    let mut h = blake3::Hasher::new();
    field(&mut h, b"series keys");
    for (slug, k) in keys {
        field(&mut h, slug.as_bytes());
        h.update(k.as_bytes());
    }
    h.finalize()
}

/// A length-prefixed field, so that no two different inputs hash alike.
fn field(h: &mut blake3::Hasher, bytes: &[u8]) {
    h.update(&(bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// Passes files on to the real sink and keeps them for the memo.
struct Recorder<'a> {
    inner: &'a dyn Sink,
    files: Mutex<Vec<(String, Arc<Vec<u8>>)>>,
}

impl Sink for Recorder<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        let bytes = Arc::new(bytes);
        lock(&self.files).push((path.to_string(), bytes.clone()));
        self.inner.put_shared(path, bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::MemorySink;
    use crate::site::{build, load, BuildOptions};
    use std::collections::BTreeMap;

    type Files = BTreeMap<String, Arc<Vec<u8>>>;

    fn fresh(site: &Site) -> Files {
        let sink = MemorySink::default();
        build(site, &sink, None)
            .unwrap()
            .write_search_index(&sink)
            .unwrap();
        sink.into_files()
    }

    /// Names the files that differ rather than printing whole sites.
    fn same(memoised: Files, fresh: Files, step: &str) {
        let differ: Vec<&String> = memoised
            .keys()
            .chain(fresh.keys())
            .filter(|k| memoised.get(*k) != fresh.get(*k))
            .collect();
        assert!(
            differ.is_empty(),
            "{step}: memoised build differs from a fresh one in {differ:?}"
        );
    }

    /// A build through `cache`, with its search index; the index is remade only when
    /// the key of the entries changed.
    fn cached(site: &Site, cache: &Cache, index: &mut Option<(blake3::Hash, Files)>) -> Files {
        let sink = MemorySink::default();
        let built = build(site, &sink, Some(cache)).unwrap();
        let mut files = sink.into_files();
        let key = built.search.key();
        if index.as_ref().is_none_or(|(k, _)| *k != key) {
            let made = built.search.index().into_iter();
            *index = Some((key, made.map(|(p, b)| (p, Arc::new(b))).collect()));
        }
        files.extend(index.as_ref().unwrap().1.clone());
        cache.retain_recent(usize::MAX);
        files
    }

    /// Three series of two years each, on disk (kept alive by the returned folder).
    fn three_series() -> (tempfile::TempDir, Site) {
        let dir = tempfile::tempdir().unwrap();
        for (slug, title) in [
            ("avtal", "Avtalet"),
            ("budget", "Budgeten"),
            ("plan", "Planen"),
        ] {
            for year in [2024, 2025] {
                let path = dir.path().join(format!("content/{slug}/{year}.md"));
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                let text = format!("---\ntitle: {title} {year}\nyear: {year}\n---\n\n# 1 Formalia\n\nNämnden beslutar om {slug} för {year}.\n\n# 2 Ekonomi\n\nErsättningen är {year} tkr.\n");
                std::fs::write(path, text).unwrap();
            }
        }
        let options = BuildOptions {
            drafts: true,
            base_url: None,
        };
        let site = load(dir.path(), &options).unwrap();
        (dir, site)
    }

    #[test]
    fn a_vouched_series_is_replayed_once_and_only_with_the_same_build_inputs() {
        let (_dir, mut site) = three_series();
        let cache = Cache::default();
        let index = &mut None;
        let before = cached(&site, &cache, index);
        // A wrong promise shows that the vouch is trusted: the edit is not seen.
        site.corpus.series[0].editions[0]
            .body
            .push_str("\n\nEtt nytt stycke om zebrafinkar.\n");
        cache.assume_unchanged([site.corpus.series[0].slug.clone()]);
        same(cached(&site, &cache, index), before, "vouched");
        // The vouch held for one build only: the next one hashes the text again.
        same(
            cached(&site, &cache, index),
            fresh(&site),
            "after the vouch",
        );
        // A vouch does not cover a change of what every series reads (the config).
        site.config.title.push_str(" – prov");
        cache.assume_unchanged([site.corpus.series[0].slug.clone()]);
        same(cached(&site, &cache, index), fresh(&site), "config changed");
    }

    #[test]
    fn memoised_builds_equal_fresh_builds_after_changes() {
        let (_dir, mut site) = three_series();
        {
            let cache = Cache::default();
            let index = &mut None;
            same(cached(&site, &cache, index), fresh(&site), "first build");
            // One edition's text.
            let body = &mut site.corpus.series[0].editions[0].body;
            body.push_str("\n\nEtt nytt stycke om arbetsmarknadsinsatser.\n");
            same(
                cached(&site, &cache, index),
                fresh(&site),
                "after a text edit",
            );
            // Series metadata.
            site.corpus.series[1].meta.title.push_str(" (ny titel)");
            same(
                cached(&site, &cache, index),
                fresh(&site),
                "after a metadata edit",
            );
            // The config, which every series page shows.
            site.config.title = format!("{} – prov", site.config.title);
            same(
                cached(&site, &cache, index),
                fresh(&site),
                "after a config edit",
            );
            // A UI string of the theme.
            let strings = String::from_utf8(site.theme.files["strings.yaml"].clone()).unwrap();
            site.theme.files.insert(
                "strings.yaml".into(),
                strings.replace("home: Startsida", "home: Hem").into_bytes(),
            );
            same(
                cached(&site, &cache, index),
                fresh(&site),
                "after a theme edit",
            );
            // A series removed, then nothing changed at all.
            site.corpus.series.pop();
            same(
                cached(&site, &cache, index),
                fresh(&site),
                "after removing a series",
            );
            same(cached(&site, &cache, index), fresh(&site), "unchanged");
        }
    }
}
