//! One series' share of the search index, made in the series' own task: its text
//! files and manifest line, and its sections tokenized and counted (`count`). What
//! needs the whole site waits for the merge (`super::write_parts`).

use super::count::Counts;
use super::files::{series_texts, DocRun};
use super::index::Doc;
use super::Entry;

/// The index work of one series that does not depend on other series.
#[derive(Debug, Clone)]
pub struct SeriesPart {
    /// Text files (path under the site root, compressed bytes).
    pub(super) texts: Vec<(String, Vec<u8>)>,
    /// Manifest line ("slug|hash|year:entries|…"); empty without entries.
    pub(super) line: String,
    /// The series' sections in entry order (years ascending), counted.
    pub(super) counts: Counts,
    key: blake3::Hash,
}

impl SeriesPart {
    /// Indexes the entries of one series (given in section order within each year).
    pub fn new<'a>(slug: &str, entries: impl IntoIterator<Item = &'a Entry>) -> SeriesPart {
        let mut sorted: Vec<&Entry> = entries.into_iter().collect();
        sorted.sort_by_key(|e| e.year);
        let mut runs: Vec<DocRun> = Vec::new();
        for e in sorted.iter().copied() {
            match runs.last_mut() {
                Some(r) if r.entries[0].year == e.year => r.entries.push(e),
                _ => runs.push(DocRun { entries: vec![e] }),
            }
        }
        let docs: Vec<Doc> = sorted
            .iter()
            .map(|e| Doc {
                title: &e.section_title,
                text: &e.text,
            })
            .collect();
        let counts = Counts::new(&docs);
        if sorted.is_empty() {
            return SeriesPart {
                texts: Vec::new(),
                line: String::new(),
                counts,
                key: blake3::hash(slug.as_bytes()),
            };
        }
        let texts = series_texts(slug, &runs);
        // The texts' hash covers slug, document titles, paths, headings and texts;
        // the line adds the years.
        let mut key = blake3::Hasher::new();
        key.update(texts.hash.as_bytes());
        key.update(texts.line.as_bytes());
        SeriesPart {
            texts: texts.files,
            line: texts.line,
            counts,
            key: key.finalize(),
        }
    }

    /// Hands the text files to `sink` now rather than at the merge (which then writes
    /// none); returns how many.
    pub fn put_texts(&mut self, sink: &dyn crate::output::Sink) -> crate::error::Result<usize> {
        let n = self.texts.len();
        for (path, bytes) in self.texts.drain(..) {
            sink.put(&path, bytes)?;
        }
        Ok(n)
    }

    /// Names the part: equal keys, equal parts.
    pub fn key(&self) -> blake3::Hash {
        self.key
    }

    /// Sections indexed.
    pub fn entries(&self) -> usize {
        self.counts.sections()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::test_support::entry;

    #[test]
    fn years_sorted_and_key_follows_the_text() {
        let entries = [
            entry("a", 2025, "mal", "Mål", "Arbetsträning."),
            entry("a", 2024, "mal", "Mål", "Insatser."),
            entry("a", 2024, "budget", "Budget", "2 060 kr."),
        ];
        let part = SeriesPart::new("a", &entries);
        assert_eq!(part.entries(), 3);
        assert!(part.line.starts_with("a|") && part.line.ends_with("|2024:2|2025:1"));
        assert_eq!(part.texts.len(), 2, "one text file per document");
        assert!(part.texts[0].0.ends_with("-2024.js"));
        let same = SeriesPart::new("a", &entries);
        assert_eq!(part.key(), same.key());
        let mut edited = entries.clone();
        edited[2].text = "3 250 kr.".into();
        assert_ne!(SeriesPart::new("a", &edited).key(), part.key());
        let empty = SeriesPart::new("a", &[]);
        assert_eq!((empty.entries(), empty.texts.len()), (0, 0));
    }
}
