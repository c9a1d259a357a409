//! Small in-memory indexes for the search module's unit tests.

use super::query::{Hit, Searcher};
use super::{build_index, Entry};
use std::collections::BTreeMap;

/// A section of `series` in `year`.
pub(crate) fn entry(series: &str, year: i32, id: &str, title: &str, text: &str) -> Entry {
    Entry {
        url: format!("{series}/{year}/#{id}"),
        series: series.into(),
        series_title: series.into(),
        document_title: format!("{series} {year}"),
        year,
        section_title: title.into(),
        text: text.into(),
    }
}

/// The index of `entries`, loaded.
pub(crate) fn site(entries: &[Entry]) -> (BTreeMap<String, Vec<u8>>, Searcher) {
    let files: BTreeMap<String, Vec<u8>> = build_index(entries).into_iter().collect();
    let s = Searcher::load(&files).expect("index loads");
    (files, s)
}

/// The section text of each hit, in order.
pub(crate) fn ids(files: &BTreeMap<String, Vec<u8>>, s: &Searcher, hits: &[Hit]) -> Vec<String> {
    hits.iter()
        .map(|h| s.entry_text(files, h.entry).unwrap().1)
        .collect()
}
