//! Search index: sections in → small script files under `search/` out.
//!
//! One entry per section. Text goes through `tokenize` (words, numbers, codes),
//! `stem` (Snowball Swedish) and `compound` (parts of compounds from the corpus's
//! vocabulary) into `index` (weighted postings). A site's series are indexed apart
//! (`part`: each series' text files, and its sections counted by `count`, in the
//! series' own build task) and merged at the end (`write_parts`: stems, compound parts
//! and weights need the whole corpus, so `index::merge` makes them); `files` writes a manifest, hashed
//! index shards and one text file per document (for snippets) as compressed script
//! callbacks (`encode`), and `vocab` a small per-letter vocabulary for typos
//! and missing diacritics (`fuzzy`, `resolve`), so `theme/static/search.js` can load just what a
//! query needs, over http or from `file://`. `query` is the same search in Rust,
//! for tests and tools.

pub mod compound;
pub mod count;
pub mod encode;
pub mod files;
pub mod fuzzy;
pub mod index;
pub mod part;
pub mod query;
pub mod rank;
pub mod resolve;
pub mod stem;
#[cfg(test)]
mod test_support;
pub mod tokenize;
pub mod vocab;

pub use part::SeriesPart;
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
    collect(|put| write_index(entries, put))
}

/// Builds the index from the parts of every series (in site order).
pub fn build_from_parts(parts: &[&SeriesPart]) -> Vec<(String, Vec<u8>)> {
    collect(|put| write_parts(parts, put))
}

/// The files `write` puts, sorted by path.
fn collect(write: impl FnOnce(Put) -> crate::error::Result<()>) -> Vec<(String, Vec<u8>)> {
    let out = std::sync::Mutex::new(Vec::new());
    let put = |path: String, bytes: Vec<u8>| {
        out.lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((path, bytes));
        Ok(())
    };
    write(&put).expect("collecting files cannot fail");
    let mut files = out.into_inner().unwrap_or_else(|p| p.into_inner());
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// Builds the index and hands each file to `put` as soon as it is made, so the files
/// of a large site are never all in memory; the manifest comes last. Series in the
/// order their entries first appear, then years ascending, then section order.
pub fn write_index(entries: &[Entry], put: Put) -> crate::error::Result<()> {
    let mut series: Vec<(&str, Vec<&Entry>)> = Vec::new();
    let mut rank: std::collections::HashMap<&str, usize> = Default::default();
    for e in entries {
        let r = *rank.entry(&e.series).or_insert_with(|| {
            series.push((&e.series, Vec::new()));
            series.len() - 1
        });
        series[r].1.push(e);
    }
    let parts: Vec<SeriesPart> = series
        .par_iter()
        .map(|(slug, entries)| SeriesPart::new(slug, entries.iter().copied()))
        .collect();
    write_parts(&parts.iter().collect::<Vec<_>>(), put)
}

/// Merges the parts of every series (in site order) into the index: text files as
/// made, postings merged (`index::merge`) and cut into shards, the typo vocabulary,
/// the manifest last.
pub fn write_parts(parts: &[&SeriesPart], put: Put) -> crate::error::Result<()> {
    let parts: Vec<&SeriesPart> = parts.iter().copied().filter(|p| p.entries() > 0).collect();
    parts
        .par_iter()
        .flat_map_iter(|p| p.texts.iter())
        .try_for_each(|(path, bytes)| put(path.clone(), bytes.clone()))?;
    let counts: Vec<&count::Counts> = parts.iter().map(|p| &p.counts).collect();
    let (postings, surfaces) = index::merge(&counts);
    let shard_list = files::shards(&postings, put)?;
    let (vocab_files, vocab_list) = vocab::files(&postings, &surfaces);
    drop(postings);
    for (path, bytes) in vocab_files {
        put(path, bytes)?;
    }
    let entries = parts.iter().map(|p| p.entries()).sum();
    let lines: Vec<String> = parts.iter().map(|p| p.line.clone()).collect();
    let (path, bytes) = files::manifest(entries, &shard_list, &vocab_list, &lines);
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
