//! Search index: sections in → small script files under `search/` out.
//!
//! One entry per section. Text goes through `tokenize` (words, numbers, codes),
//! `stem` (Snowball Swedish) and `compound` (parts of compounds from the corpus's
//! vocabulary) into `index` (weighted postings); `files` writes a manifest, hashed
//! index shards and one text file per document (for snippets) as compressed script
//! callbacks (`encode`), and `vocab` a small per-letter vocabulary for typos
//! and missing diacritics (`fuzzy`, `resolve`), so `theme/static/search.js` can load just what a
//! query needs, over http or from `file://`. `query` is the same search in Rust,
//! for tests and tools.

pub mod compound;
pub mod encode;
pub mod files;
pub mod fuzzy;
pub mod index;
pub mod query;
pub mod rank;
pub mod resolve;
pub mod stem;
#[cfg(test)]
mod test_support;
pub mod tokenize;
pub mod vocab;

use files::DocRun;
use rayon::prelude::*;

/// One searchable section.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Site-relative URL with anchor ("a/2025/#formalia").
    pub url: String,
    /// Series slug (filter).
    pub series: String,
    /// Series title.
    pub series_title: String,
    /// Document title.
    pub document_title: String,
    /// Year (filter).
    pub year: i32,
    /// Section heading.
    pub section_title: String,
    /// Plain text.
    pub text: String,
}

/// Where index files go, as they are made (called from several threads).
pub type Put<'a> = &'a (dyn Fn(String, Vec<u8>) -> crate::error::Result<()> + Sync);

/// Builds the index files (path under the site root, bytes).
pub fn build_index(entries: &[Entry]) -> Vec<(String, Vec<u8>)> {
    let out = std::sync::Mutex::new(Vec::new());
    let put = |path: String, bytes: Vec<u8>| {
        out.lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((path, bytes));
        Ok(())
    };
    write_index(entries, &put).expect("collecting files cannot fail");
    let mut files = out.into_inner().unwrap_or_else(|p| p.into_inner());
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// Builds the index and hands each file to `put` as soon as it is made, so the files
/// of a large site are never all in memory; the manifest comes last.
pub fn write_index(entries: &[Entry], put: Put) -> crate::error::Result<()> {
    // Entries in series order (as given), then year, then section order.
    let mut series_order: Vec<&str> = Vec::new();
    let mut series_rank: std::collections::HashMap<&str, usize> = Default::default();
    for e in entries {
        if !series_rank.contains_key(e.series.as_str()) {
            series_rank.insert(&e.series, series_order.len());
            series_order.push(&e.series);
        }
    }
    let rank = |s: &str| series_rank.get(s).copied().unwrap_or(usize::MAX);
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by_key(|e| (rank(&e.series), e.year));

    let mut runs: Vec<DocRun> = Vec::new();
    for e in &sorted {
        match runs.last_mut() {
            Some(r) if r.entries[0].series == e.series && r.entries[0].year == e.year => {
                r.entries.push(e)
            }
            _ => runs.push(DocRun { entries: vec![e] }),
        }
    }

    let docs: Vec<index::Doc> = sorted
        .iter()
        .map(|e| index::Doc {
            title: &e.section_title,
            text: &e.text,
        })
        .collect();
    let (postings, surfaces) = index::build_with_surfaces(&docs);

    let shard_list = files::shards(&postings, put)?;
    let (vocab_files, vocab_list) = vocab::files(&postings, &surfaces);
    for (path, bytes) in vocab_files {
        put(path, bytes)?;
    }
    drop(postings);
    // Runs are in series order: each series is one slice of them.
    let mut by_series: Vec<&[DocRun]> = Vec::with_capacity(series_order.len());
    let mut rest = runs.as_slice();
    for slug in &series_order {
        let n = rest
            .iter()
            .take_while(|r| r.entries[0].series == *slug)
            .count();
        by_series.push(&rest[..n]);
        rest = &rest[n..];
    }
    let series_lines: Vec<String> = series_order
        .par_iter()
        .zip(by_series)
        .map(|(slug, docs)| files::series_texts(slug, docs, put))
        .collect::<crate::error::Result<_>>()?;
    let (path, bytes) = files::manifest(sorted.len(), &shard_list, &vocab_list, &series_lines);
    put(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    pub(crate) fn entry(series: &str, year: i32, id: &str, title: &str, text: &str) -> Entry {
        Entry {
            url: format!("{series}/{year}/#{id}"),
            series: series.into(),
            series_title: format!("Serie {series}"),
            document_title: format!("Dokument {series} {year}"),
            year,
            section_title: title.into(),
            text: text.into(),
        }
    }

    #[test]
    fn builds_manifest_shards_and_texts() {
        let entries = vec![
            entry(
                "b",
                2025,
                "mal",
                "Mål",
                "Arbetsmarknadsinsatser för unga 18-24 år.",
            ),
            entry("a", 2024, "insatser", "Insatser", "Kommunens insatser."),
            entry("b", 2024, "mal", "Mål", "Arbetsträning."),
        ];
        let files: BTreeMap<String, Vec<u8>> = build_index(&entries).into_iter().collect();
        let (key, manifest) = encode::unscript(&files["search/manifest.js"]).unwrap();
        assert_eq!(key, "manifest");
        assert_eq!(manifest["n"], 3);
        // Series in the order given, years ascending.
        let series = manifest["series"].as_str().unwrap();
        assert!(
            series.starts_with("b|") && series.contains("|2024:1|2025:1 a|"),
            "{series}"
        );
        assert!(files.keys().any(|k| k.starts_with("search/i/")));
        let texts: Vec<&String> = files
            .keys()
            .filter(|k| k.starts_with("search/t/"))
            .collect();
        assert_eq!(texts.len(), 3, "one per document: {texts:?}");
        let b_hash = series.split('|').nth(1).unwrap();
        let (_, b2024) = encode::unscript(&files[&format!("search/t/{b_hash}-2024.js")]).unwrap();
        assert_eq!(b2024["d"], "Dokument b 2024");
        assert_eq!(
            b2024["e"],
            serde_json::json!([["mal", "Mål", "Arbetsträning."]])
        );
        // Same input, same bytes.
        let again: BTreeMap<String, Vec<u8>> = build_index(&entries).into_iter().collect();
        assert_eq!(files, again);
    }

    #[test]
    fn empty_site_still_has_a_manifest() {
        let files = build_index(&[]);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "search/manifest.js");
    }
}
