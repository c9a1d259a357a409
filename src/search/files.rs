//! The index as files under `search/`: a small manifest, index shards (terms in
//! sorted ranges, each file named by its content hash) and one text file per
//! document (named by its series' content hash and its year), all compressed
//! (`encode::script`).
//!
//! manifest.js → `{"v", "n": entries, "stop": stop words, "shards": "first|hash …",
//! "vocab": "first letter|hash …", "series": "slug|hash|year:entries|… …"}`;
//! `i/<hash>.js` → `{term: postings}`; `v/<hash>.js` → vocabulary (see `vocab`);
//! `t/<hash>-<year>.js` → `{"d": document title, "u": document path,
//! "e": [[anchor, heading, text], …]}` (one item per entry of the document, in order).
//!
//! A document's text is one file (~5 KB compressed at medium): three ~6 KB
//! uncompressed chunks per document before made 2.5 times the files for about the
//! same bytes per query, on a disk where each file costs ~0.3 ms to create and again
//! to delete.

use super::encode::{encode_postings, script, script_json, short_hash, Pack};
use super::index::Posting;
use super::tokenize::STOPWORDS;
use super::{Entry, Put};
use crate::error::Result;
use rayon::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Format version, bumped when a file's shape changes.
pub const VERSION: u32 = 2;

/// One document (a series' year): a run of consecutive entries.
pub struct DocRun<'a> {
    /// Its entries, in section order.
    pub entries: Vec<&'a Entry>,
}

/// Shard size (uncompressed) that balances the manifest (one line per shard) against
/// the bytes of the one shard a term needs: about √(SHARD_FACTOR · total), within
/// 4–64 KB. Compressed, a shard is about half that.
fn shard_target(total: usize) -> usize {
    (((SHARD_FACTOR * total) as f64).sqrt() as usize).clamp(4096, 65536)
}

/// See [`shard_target`]: 14 gave ~6 KB shards at medium before they were
/// compressed; four times that doubles the shard (~6 KB compressed) and halves the
/// number of files.
const SHARD_FACTOR: usize = 56;

/// Splits sorted (term, encoded postings) into shards of about `target` bytes.
fn partition(terms: &[(&String, String)], target: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, (term, postings)) in terms.iter().enumerate() {
        let len = term.len() + postings.len() + 6;
        if i > start && size + len > target {
            out.push(start..i);
            (start, size) = (i, 0);
        }
        size += len;
    }
    if start < terms.len() {
        out.push(start..terms.len());
    }
    out
}

/// The shortest prefix of `first` that sorts after `previous` (the shard boundary).
pub fn boundary(previous: &str, first: &str) -> String {
    let mut p = String::new();
    for c in first.chars() {
        p.push(c);
        if p.as_str() > previous {
            break;
        }
    }
    p
}

/// Writes the index shards through `put` (encoded in parallel); returns the
/// manifest's shard list.
pub fn shards(index: &BTreeMap<String, Vec<Posting>>, put: Put) -> Result<String> {
    // Terms outside the Basic Multilingual Plane would sort differently in JS (UTF-16).
    let terms: Vec<(&String, &Vec<Posting>)> = index
        .iter()
        .filter(|(t, _)| t.chars().all(|c| (c as u32) < 0x10000))
        .collect();
    let terms: Vec<(&String, String)> = terms
        .into_par_iter()
        .map(|(t, p)| (t, encode_postings(p)))
        .collect();
    let total = terms.iter().map(|(t, p)| t.len() + p.len() + 6).sum();
    let ranges = partition(&terms, shard_target(total));
    let list: Vec<String> = ranges
        .into_par_iter()
        .map(|range| {
            let map: Map<String, Value> = terms[range.clone()]
                .iter()
                .map(|(t, p)| (t.to_string(), Value::from(p.as_str())))
                .collect();
            let json = Value::Object(map).to_string();
            let hash = short_hash(json.as_bytes());
            let key = format!("i/{hash}");
            put(
                format!("search/{key}.js"),
                script_json(&key, &json, Pack::Small),
            )?;
            let first = if range.start == 0 {
                String::new()
            } else {
                boundary(terms[range.start - 1].0, terms[range.start].0)
            };
            Ok(format!("{first}|{hash}"))
        })
        .collect::<Result<_>>()?;
    Ok(list.join(" "))
}

/// The text files of one series, one per document, and its manifest line.
pub struct SeriesTexts {
    /// (path under the site root, bytes).
    pub files: Vec<(String, Vec<u8>)>,
    /// "slug|hash|year:entries|…".
    pub line: String,
    /// Of the slug and every text (the file names use its first ten digits).
    pub hash: blake3::Hash,
}

/// Makes the text files of one series (one per document).
pub fn series_texts(slug: &str, docs: &[DocRun]) -> SeriesTexts {
    // Written straight from borrowed strings: the texts are most of the index's bytes.
    #[derive(serde::Serialize)]
    struct Text<'a> {
        d: &'a str,
        u: &'a str,
        e: Vec<(&'a str, &'a str, &'a str)>,
    }
    let jsons: Vec<(i32, String)> = docs
        .iter()
        .filter_map(|d| {
            let first = d.entries.first()?;
            let text = Text {
                d: &first.document_title,
                u: split_url(&first.url).0,
                e: d.entries
                    .iter()
                    .map(|e| {
                        (
                            split_url(&e.url).1,
                            e.section_title.as_str(),
                            e.text.as_str(),
                        )
                    })
                    .collect(),
            };
            let json = serde_json::to_string(&text).expect("strings serialise");
            Some((first.year, json))
        })
        .collect();
    let mut hasher = blake3::Hasher::new();
    hasher.update(slug.as_bytes());
    for (_, json) in &jsons {
        hasher.update(b"\n");
        hasher.update(json.as_bytes());
    }
    let full = hasher.finalize();
    let hash = full.to_hex()[..10].to_string();
    let files = jsons
        .into_iter()
        .map(|(year, json)| {
            let key = format!("t/{hash}-{year}");
            (
                format!("search/{key}.js"),
                script_json(&key, &json, Pack::Fast),
            )
        })
        .collect();
    let years: Vec<String> = docs
        .iter()
        .filter_map(|d| {
            d.entries
                .first()
                .map(|e| format!("{}:{}", e.year, d.entries.len()))
        })
        .collect();
    SeriesTexts {
        files,
        line: format!("{slug}|{hash}|{}", years.join("|")),
        hash: full,
    }
}

/// The manifest script.
pub fn manifest(entries: usize, shards: &str, vocab: &str, series: &[String]) -> (String, Vec<u8>) {
    let value = json!({
        "v": VERSION,
        "n": entries,
        "stop": STOPWORDS.join(" "),
        "shards": shards,
        "vocab": vocab,
        "series": series.join(" "),
    });
    (
        "search/manifest.js".to_string(),
        script("manifest", &value, Pack::Small),
    )
}

/// "a/2025/#x" → ("a/2025/", "x").
fn split_url(url: &str) -> (&str, &str) {
    url.split_once('#').unwrap_or((url, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_are_short_and_between_neighbours() {
        assert_eq!(boundary("arbete", "bistånd"), "b");
        assert_eq!(boundary("arbet", "arbetsmarknad"), "arbets");
        assert_eq!(boundary("ab", "ac"), "ac");
        for (a, b) in [
            ("arbete", "bistånd"),
            ("arbet", "arbetsmarknad"),
            ("2060", "kan24/22"),
        ] {
            let p = boundary(a, b);
            assert!(a < p.as_str() && p.as_str() <= b);
        }
    }

    #[test]
    fn shards_cover_all_terms_in_order() {
        let mut index = BTreeMap::new();
        for i in 0..3000 {
            index.insert(
                format!("term{i:05}"),
                vec![Posting {
                    entry: i,
                    weight: 3,
                    part: false,
                }],
            );
        }
        let files = std::sync::Mutex::new(Vec::new());
        let put = |path: String, bytes: Vec<u8>| {
            files.lock().unwrap().push((path, bytes));
            Ok(())
        };
        let list = shards(&index, &put).unwrap();
        let files = files.into_inner().unwrap();
        assert!(files.len() > 1, "a big index is split");
        let firsts: Vec<&str> = list
            .split(' ')
            .map(|l| l.split('|').next().unwrap())
            .collect();
        assert_eq!(firsts[0], "");
        assert!(firsts.windows(2).all(|w| w[0] < w[1]));
        let mut seen = 0;
        for (path, bytes) in &files {
            assert!(path.starts_with("search/i/") && path.ends_with(".js"));
            let (_, v) = super::super::encode::unscript(bytes).unwrap();
            seen += v.as_object().unwrap().len();
        }
        assert_eq!(seen, 3000);
    }
}
