//! Query evaluation over the built files, the same way `theme/static/search.js`
//! does it (tests compare the two): every query term must match; `resolve` says
//! which index keys a term searches (as typed, with diacritics restored, corrected
//! or split). A key matches a section as a whole word, as the start of a longer word
//! while the user is still typing it, or only inside a compound; the tier is
//! 2 × that (2, 1, 0) + 1 when the key is the term as typed. Hits sort by their
//! weakest tier, then by score (Σ idf · weight, in integers so both sides agree
//! exactly); `rank` then orders the documents (newest year first within a series).

use super::encode::{decode_postings, unscript};
use super::index::Posting;
use super::rank::order;
use super::resolve::{corrected_query, Resolved, Variant};
use super::stem::stem;
use super::tokenize::{query_tokens, Kind};
use super::vocab::{decode, Word};
use std::collections::{BTreeMap, HashMap};

/// Most shards a prefix may pull in; beyond that only exact terms count.
pub const PREFIX_SHARDS: usize = 2;
/// Shortest typed prefix that expands to longer words.
pub const PREFIX_MIN: usize = 3;

/// One query term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Index key (stem, number or code).
    pub key: String,
    /// As typed (lower case), for prefix matching; None when the word is complete.
    pub prefix: Option<String>,
    /// As typed (lower case).
    pub text: String,
    /// A word (letters only): may be folded, corrected and split.
    pub word: bool,
    /// Byte range in the query.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

/// Query terms: stop words and single letters dropped, words stemmed; the last word
/// is a prefix too unless the query ends in a space.
pub fn parse(query: &str, stopwords: &[&str]) -> Vec<Term> {
    let mut terms: Vec<Term> = query_tokens(query)
        .into_iter()
        .filter(|t| {
            t.kind != Kind::Word
                || (t.text.chars().count() > 1 && !stopwords.contains(&t.text.as_str()))
        })
        .map(|t| Term {
            key: if t.kind == Kind::Word {
                stem(&t.text)
            } else {
                t.text.clone()
            },
            prefix: Some(t.text.clone()),
            word: t.kind == Kind::Word,
            text: t.text,
            start: t.start,
            end: t.end,
        })
        .collect();
    let open = !query.ends_with(char::is_whitespace);
    let n = terms.len();
    for (i, t) in terms.iter_mut().enumerate() {
        if !(open
            && i + 1 == n
            && t.prefix
                .as_ref()
                .is_some_and(|p| p.chars().count() >= PREFIX_MIN))
        {
            t.prefix = None;
        }
    }
    terms
}

/// Restricts results to a series and/or a year; `literal` turns off folding and
/// typo correction (the "search for what I typed" link).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Series slug.
    pub series: Option<String>,
    /// Year.
    pub year: Option<i32>,
    /// Only what was typed: no diacritic variants, corrections or compound splits.
    pub literal: bool,
}

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Entry number.
    pub entry: u32,
    /// Series slug.
    pub series: String,
    /// Year.
    pub year: i32,
    /// Weakest match over the terms: 2 × (2 whole word, 1 prefix of the typed word,
    /// 0 compound part) + 1 when the term matched as typed (not folded or corrected).
    pub tier: u8,
    /// Σ idf · weight.
    pub score: i64,
}

/// Results of a query, and what the page says about them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcome {
    /// Hits, best first, grouped by document.
    pub hits: Vec<Hit>,
    /// The query as searched when a word was folded, corrected or split
    /// ("Visar träffar för …").
    pub corrected: Option<String>,
    /// Words of the vocabulary near a word that matched nothing (when nothing is found).
    pub suggestions: Vec<String>,
}

/// A document in the manifest.
#[derive(Debug, Clone)]
pub(super) struct Doc {
    pub(super) series: String,
    hash: String,
    pub(super) year: i32,
    first: u32,
}

/// The built index, loaded whole (fine for tests and tools; the browser loads shards).
pub struct Searcher {
    entries: u32,
    stopwords: Vec<String>,
    /// Shard boundaries in order, with each shard's terms.
    pub(super) shards: Vec<(String, BTreeMap<String, Vec<Posting>>)>,
    /// Vocabulary files: first folded letter, entries.
    pub(super) vocab: Vec<(String, Vec<Word>)>,
    docs: Vec<Doc>,
}

impl Searcher {
    /// Loads the index from built files (path under the site root → bytes).
    pub fn load(files: &BTreeMap<String, impl AsRef<[u8]>>) -> Option<Searcher> {
        let (_, m) = unscript(files.get("search/manifest.js")?.as_ref())?;
        let stopwords = m["stop"].as_str()?.split(' ').map(String::from).collect();
        let mut shards = Vec::new();
        for item in m["shards"].as_str()?.split(' ').filter(|s| !s.is_empty()) {
            let (first, hash) = item.split_once('|')?;
            let (_, v) = unscript(files.get(&format!("search/i/{hash}.js"))?.as_ref())?;
            let terms = v
                .as_object()?
                .iter()
                .map(|(t, p)| Some((t.clone(), decode_postings(p.as_str()?)?)))
                .collect::<Option<_>>()?;
            shards.push((first.to_string(), terms));
        }
        let mut vocab = Vec::new();
        for item in m["vocab"].as_str()?.split(' ').filter(|s| !s.is_empty()) {
            let (first, hash) = item.split_once('|')?;
            let (_, v) = unscript(files.get(&format!("search/v/{hash}.js"))?.as_ref())?;
            vocab.push((first.to_string(), decode(v.as_str()?)?));
        }
        let mut docs = Vec::new();
        let mut first = 0;
        for line in m["series"].as_str()?.split(' ').filter(|s| !s.is_empty()) {
            let mut parts = line.split('|');
            let slug = parts.next()?;
            let hash = parts.next()?;
            for doc in parts {
                let (year, n) = doc.split_once(':')?;
                docs.push(Doc {
                    series: slug.to_string(),
                    hash: hash.to_string(),
                    year: year.parse().ok()?,
                    first,
                });
                first += n.parse::<u32>().ok()?;
            }
        }
        Some(Searcher {
            entries: m["n"].as_u64().and_then(|n| u32::try_from(n).ok())?,
            stopwords,
            shards,
            vocab,
            docs,
        })
    }

    /// The shard that would hold `term`.
    pub(super) fn shard_of(&self, term: &str) -> usize {
        self.shards
            .partition_point(|(first, _)| first.as_str() <= term)
            .saturating_sub(1)
    }

    pub(super) fn doc_of(&self, entry: u32) -> &Doc {
        let i = self
            .docs
            .partition_point(|d| d.first <= entry)
            .saturating_sub(1);
        &self.docs[i]
    }

    /// idf in hundredths.
    fn idf(&self, df: usize) -> i64 {
        let (n, df) = (f64::from(self.entries), df as f64);
        ((1.0 + (n - df + 0.5) / (df + 0.5)).ln() * 100.0).round() as i64
    }

    /// The postings of `key`, if the index holds it.
    pub(super) fn postings(&self, key: &str) -> Option<&[Posting]> {
        let shard = self.shards.get(self.shard_of(key))?;
        shard.1.get(key).map(Vec::as_slice)
    }

    /// Index terms starting with `prefix` (other than `key`), in order; None when the
    /// prefix spans too many shards to load.
    pub(super) fn prefix_terms(&self, prefix: &str, key: &str) -> Option<Vec<&str>> {
        if self.shards.is_empty() {
            return Some(Vec::new());
        }
        let (a, b) = self.prefix_shards(prefix)?;
        let mut out = Vec::new();
        for (_, terms) in &self.shards[a..=b] {
            for (t, _) in terms.range(prefix.to_string()..) {
                if !t.starts_with(prefix) {
                    break;
                }
                if t != key {
                    out.push(t.as_str());
                }
            }
        }
        Some(out)
    }

    /// The shards a prefix's words lie in, unless more than [`PREFIX_SHARDS`].
    pub(super) fn prefix_shards(&self, prefix: &str) -> Option<(usize, usize)> {
        let (a, b) = (
            self.shard_of(prefix),
            self.shard_of(&format!("{prefix}\u{ffff}")),
        );
        (b - a < PREFIX_SHARDS).then_some((a, b))
    }

    /// Matches of one group of alternatives: entry → (tier, score).
    fn matches(&self, variants: &[Variant]) -> HashMap<u32, (u8, i64)> {
        let mut out: HashMap<u32, (u8, i64)> = HashMap::new();
        for v in variants {
            let Some(postings) = self.postings(&v.key) else {
                continue;
            };
            let idf = self.idf(postings.len());
            for p in postings {
                let base = if p.part {
                    0
                } else if v.prefix {
                    1
                } else {
                    2
                };
                let tier = base * 2 + u8::from(v.exact);
                let m = (tier, idf * i64::from(p.weight));
                let best = out.entry(p.entry).or_insert(m);
                if m > *best {
                    *best = m;
                }
            }
        }
        out
    }

    /// Results of `query`, best first.
    pub fn search(&self, query: &str, filter: &Filter) -> Vec<Hit> {
        self.search_full(query, filter).hits
    }

    /// Results of `query` with the corrected query and suggestions.
    pub fn search_full(&self, query: &str, filter: &Filter) -> Outcome {
        let stop: Vec<&str> = self.stopwords.iter().map(String::as_str).collect();
        let mut terms = parse(query, &stop);
        for t in terms.iter_mut() {
            if t.prefix
                .as_ref()
                .is_some_and(|p| self.prefix_shards(p).is_none())
            {
                t.prefix = None;
            }
        }
        if terms.is_empty() || self.shards.is_empty() {
            return Outcome::default();
        }
        let resolved: Vec<Resolved> = terms
            .iter()
            .map(|t| self.resolve(t, filter.literal))
            .collect();
        let mut acc: Option<HashMap<u32, (u8, i64)>> = None;
        for r in &resolved {
            for group in &r.groups {
                let m = self.matches(group);
                acc = Some(match acc {
                    None => m,
                    Some(mut acc) => {
                        acc.retain(|e, _| m.contains_key(e));
                        for (e, (tier, score)) in acc.iter_mut() {
                            let (t2, s2) = m[e];
                            *tier = (*tier).min(t2);
                            *score += s2;
                        }
                        acc
                    }
                });
            }
            if r.groups.is_empty() {
                acc = Some(HashMap::new());
            }
        }
        let hits: Vec<Hit> = acc
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(entry, (tier, score))| {
                let d = self.doc_of(entry);
                let keep = filter.series.as_ref().is_none_or(|s| *s == d.series)
                    && filter.year.is_none_or(|y| y == d.year);
                keep.then(|| Hit {
                    entry,
                    series: d.series.clone(),
                    year: d.year,
                    tier,
                    score,
                })
            })
            .collect();
        let hits = order(hits);
        let corrected = corrected_query(query, &terms, &resolved);
        let suggestions = if hits.is_empty() {
            resolved
                .iter()
                .find(|r| !r.suggestions.is_empty())
                .map(|r| r.suggestions.clone())
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        Outcome {
            hits,
            corrected,
            suggestions,
        }
    }

    /// Heading, anchor URL and text of an entry, from its document's text file.
    pub fn entry_text(
        &self,
        files: &BTreeMap<String, impl AsRef<[u8]>>,
        entry: u32,
    ) -> Option<(String, String, String)> {
        let d = self.doc_of(entry);
        let local = usize::try_from(entry.checked_sub(d.first)?).ok()?;
        let bytes = files.get(&format!("search/t/{}-{}.js", d.hash, d.year))?;
        let (_, v) = unscript(bytes.as_ref())?;
        let item = v["e"].get(local)?;
        Some((
            item[1].as_str()?.to_string(),
            format!("{}#{}", v["u"].as_str()?, item[0].as_str()?),
            item[2].as_str()?.to_string(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::test_support::{entry, ids, site};

    #[test]
    fn parse_stems_drops_stopwords_and_marks_the_open_word() {
        let stop = ["och"];
        let t = parse("Insatser och arbetsträ", &stop);
        assert_eq!(t.len(), 2);
        assert_eq!(
            (t[0].key.as_str(), t[0].prefix.as_deref()),
            ("insats", None)
        );
        assert!(t[0].word && t[0].text == "insatser" && t[0].start == 0 && t[0].end == 8);
        assert_eq!(t[1].prefix.as_deref(), Some("arbetsträ"));
        assert_eq!(
            parse("insatser ", &stop)[0].prefix,
            None,
            "a trailing space closes the word"
        );
        assert_eq!(parse("KAN24/22", &stop)[0].key, "kan24/22");
        assert!(parse("och", &stop).is_empty());
    }

    #[test]
    fn whole_words_rank_above_prefixes_and_compound_parts() {
        let entries = [
            entry(
                "a",
                2024,
                "del",
                "Budget",
                "Arbetsmarknadsinsatser. Arbetsmarknad och arbetsmarknaden.",
            ),
            entry("a", 2024, "hel", "Budget", "Kommunens insatser."),
            entry(
                "a",
                2024,
                "pre",
                "Budget",
                "Insatsernas kostnad och insatsbeslut.",
            ),
        ];
        let (files, s) = site(&entries);
        let hits = s.search("insatser", &Filter::default());
        let order = ids(&files, &s, &hits);
        assert_eq!(order[0], "a/2024/#hel");
        assert!(
            order.contains(&"a/2024/#del".to_string()),
            "a compound-only section is found: {order:?}"
        );
        assert_eq!(hits.last().unwrap().tier, 1, "an exact compound part");
        // While typing, a word's start finds longer words, below exact matches.
        let typing = s.search("insatsb", &Filter::default());
        assert_eq!(ids(&files, &s, &typing), ["a/2024/#pre"]);
        assert_eq!(typing[0].tier, 3, "an exact prefix");
    }

    #[test]
    fn heading_and_frequency_rank_higher_and_newest_first_on_ties() {
        let entries = [
            entry("a", 2024, "x", "Annat", "Arbetsträning nämns en gång bland mycket annat text här och där i ett långt stycke."),
            entry("a", 2024, "y", "Arbetsträning", "Om arbetsträning."),
            entry("a", 2025, "y", "Arbetsträning", "Om arbetsträning."),
            entry("b", 2026, "y", "Arbetsträning", "Om arbetsträning."),
        ];
        let (files, s) = site(&entries);
        let order = ids(&files, &s, &s.search("arbetsträning", &Filter::default()));
        assert_eq!(order, ["b/2026/#y", "a/2025/#y", "a/2024/#y", "a/2024/#x"]);
    }

    #[test]
    fn all_terms_must_match_and_filters_restrict() {
        let entries = [
            entry(
                "a",
                2024,
                "x",
                "Mål",
                "Unga 18-24 år med ekonomiskt bistånd.",
            ),
            entry(
                "a",
                2025,
                "x",
                "Mål",
                "Unga 18-24 år med ekonomiskt bistånd.",
            ),
            entry(
                "b",
                2025,
                "x",
                "Mål",
                "Försörjningsbistånd för vuxna med behov av försörjning.",
            ),
        ];
        let (_, s) = site(&entries);
        assert_eq!(s.search("bistånd unga", &Filter::default()).len(), 2);
        assert_eq!(
            s.search("bistånd", &Filter::default()).len(),
            3,
            "bistånd finds försörjningsbistånd"
        );
        let y = s.search(
            "bistånd",
            &Filter {
                year: Some(2025),
                ..Filter::default()
            },
        );
        assert!(y.len() == 2 && y.iter().all(|h| h.year == 2025));
        let b = s.search(
            "bistånd",
            &Filter {
                series: Some("b".into()),
                ..Filter::default()
            },
        );
        assert!(b.len() == 1 && b[0].series == "b");
        assert_eq!(s.search("18-24", &Filter::default()).len(), 2);
        assert!(s.search("18-25", &Filter::default()).is_empty());
        assert!(s.search("", &Filter::default()).is_empty());
    }
}
