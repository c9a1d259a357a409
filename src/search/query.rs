//! Query evaluation over the built files, the same way `theme/static/search.js`
//! does it (tests compare the two): every query term must match; a term matches a
//! section as a whole word (tier 2), as the start of a longer word while the user
//! is still typing it (tier 1), or only inside a compound (tier 0). Results sort by
//! their weakest tier, then by score (Σ idf · weight, in integers so both sides
//! agree exactly), then newest year first, then document order.

use super::encode::{decode_postings, unscript};
use super::index::Posting;
use super::stem::stem;
use super::tokenize::{query_tokens, Kind};
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
            prefix: Some(t.text),
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

/// Restricts results to a series and/or a year.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Series slug.
    pub series: Option<String>,
    /// Year.
    pub year: Option<i32>,
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
    /// Weakest match tier over the terms (2 whole word, 1 prefix, 0 compound part).
    pub tier: u8,
    /// Σ idf · weight.
    pub score: i64,
    /// Chunk of the snippet.
    pub chunk: u32,
}

/// A document in the manifest.
#[derive(Debug, Clone)]
struct Doc {
    series: String,
    hash: String,
    year: i32,
    first: u32,
}

/// The built index, loaded whole (fine for tests and tools; the browser loads shards).
pub struct Searcher {
    entries: u32,
    stopwords: Vec<String>,
    /// Shard boundaries in order, with each shard's terms.
    shards: Vec<(String, BTreeMap<String, Vec<Posting>>)>,
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
            docs,
        })
    }

    /// The shard that would hold `term`.
    fn shard_of(&self, term: &str) -> usize {
        self.shards
            .partition_point(|(first, _)| first.as_str() <= term)
            .saturating_sub(1)
    }

    fn doc_of(&self, entry: u32) -> &Doc {
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

    /// Matches of one term: entry → (tier, score, chunk).
    fn matches(&self, term: &Term) -> HashMap<u32, (u8, i64, u32)> {
        let mut out: HashMap<u32, (u8, i64, u32)> = HashMap::new();
        let mut add = |postings: &[Posting], exact: bool| {
            let idf = self.idf(postings.len());
            for p in postings {
                let tier = if p.part {
                    0
                } else if exact {
                    2
                } else {
                    1
                };
                let m = (tier, idf * i64::from(p.weight), p.chunk);
                let best = out.entry(p.entry).or_insert(m);
                if (m.0, m.1) > (best.0, best.1) {
                    *best = m;
                }
            }
        };
        if self.shards.is_empty() {
            return out;
        }
        if let Some(postings) = self.shards[self.shard_of(&term.key)].1.get(&term.key) {
            add(postings, true);
        }
        if let Some(prefix) = &term.prefix {
            let (a, b) = (
                self.shard_of(prefix),
                self.shard_of(&format!("{prefix}\u{ffff}")),
            );
            if b - a < PREFIX_SHARDS {
                for (_, terms) in &self.shards[a..=b] {
                    for (t, postings) in terms.range(prefix.clone()..) {
                        if !t.starts_with(prefix.as_str()) {
                            break;
                        }
                        if *t != term.key {
                            add(postings, false);
                        }
                    }
                }
            }
        }
        out
    }

    /// Results of `query`, best first.
    pub fn search(&self, query: &str, filter: &Filter) -> Vec<Hit> {
        let stop: Vec<&str> = self.stopwords.iter().map(String::as_str).collect();
        let terms = parse(query, &stop);
        let Some((first, rest)) = terms.split_first() else {
            return Vec::new();
        };
        let mut acc: HashMap<u32, (u8, i64, u32)> = self.matches(first);
        for t in rest {
            let m = self.matches(t);
            acc.retain(|e, _| m.contains_key(e));
            for (e, (tier, score, _)) in acc.iter_mut() {
                let (t2, s2, _) = m[e];
                *tier = (*tier).min(t2);
                *score += s2;
            }
        }
        let mut hits: Vec<Hit> = acc
            .into_iter()
            .filter_map(|(entry, (tier, score, chunk))| {
                let d = self.doc_of(entry);
                let keep = filter.series.as_ref().is_none_or(|s| *s == d.series)
                    && filter.year.is_none_or(|y| y == d.year);
                keep.then(|| Hit {
                    entry,
                    series: d.series.clone(),
                    year: d.year,
                    tier,
                    score,
                    chunk,
                })
            })
            .collect();
        hits.sort_by(|a, b| {
            b.tier
                .cmp(&a.tier)
                .then(b.score.cmp(&a.score))
                .then(b.year.cmp(&a.year))
                .then(a.entry.cmp(&b.entry))
        });
        hits
    }

    /// Heading, anchor URL and text of an entry, from its text chunks.
    pub fn entry_text(
        &self,
        files: &BTreeMap<String, impl AsRef<[u8]>>,
        entry: u32,
    ) -> Option<(String, String, String)> {
        let d = self.doc_of(entry);
        let local = u64::from(entry.checked_sub(d.first)?);
        let mut found = None;
        let mut text = String::new();
        for k in 0.. {
            let Some(bytes) = files.get(&format!("search/t/{}-{}-{k}.js", d.hash, d.year)) else {
                break;
            };
            let (_, v) = unscript(bytes.as_ref())?;
            for item in v["e"]
                .as_array()?
                .iter()
                .filter(|i| i[0].as_u64() == Some(local))
            {
                found = Some((
                    item[2].as_str()?.to_string(),
                    format!("{}#{}", v["u"].as_str()?, item[1].as_str()?),
                ));
                text.push_str(item[3].as_str()?);
            }
        }
        found.map(|(h, u)| (h, u, text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{build_index, Entry};

    fn entry(series: &str, year: i32, id: &str, title: &str, text: &str) -> Entry {
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

    fn site(entries: &[Entry]) -> (BTreeMap<String, Vec<u8>>, Searcher) {
        let files: BTreeMap<String, Vec<u8>> = build_index(entries).into_iter().collect();
        let s = Searcher::load(&files).expect("index loads");
        (files, s)
    }

    fn ids(files: &BTreeMap<String, Vec<u8>>, s: &Searcher, hits: &[Hit]) -> Vec<String> {
        hits.iter()
            .map(|h| s.entry_text(files, h.entry).unwrap().1)
            .collect()
    }

    #[test]
    fn parse_stems_drops_stopwords_and_marks_the_open_word() {
        let stop = ["och"];
        let t = parse("Insatser och arbetsträ", &stop);
        assert_eq!(t.len(), 2);
        assert_eq!(
            t[0],
            Term {
                key: "insats".into(),
                prefix: None
            }
        );
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
        assert_eq!(hits.last().unwrap().tier, 0);
        // While typing, a word's start finds longer words, below exact matches.
        let typing = s.search("insatsb", &Filter::default());
        assert_eq!(ids(&files, &s, &typing), ["a/2024/#pre"]);
        assert_eq!(typing[0].tier, 1);
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
                series: None,
            },
        );
        assert!(y.len() == 2 && y.iter().all(|h| h.year == 2025));
        let b = s.search(
            "bistånd",
            &Filter {
                series: Some("b".into()),
                year: None,
            },
        );
        assert!(b.len() == 1 && b[0].series == "b");
        assert_eq!(s.search("18-24", &Filter::default()).len(), 2);
        assert!(s.search("18-25", &Filter::default()).is_empty());
        assert!(s.search("", &Filter::default()).is_empty());
    }

    #[test]
    fn snippet_chunk_holds_the_match() {
        let long = format!(
            "{} Arbetsträning finns här.",
            "Inledande mening utan ordet. ".repeat(crate::search::text::CHUNK_TARGET / 25)
        );
        let entries = [entry("a", 2024, "x", "Rubrik", &long)];
        let (files, s) = site(&entries);
        let hit = &s.search("arbetsträning", &Filter::default())[0];
        assert!(hit.chunk > 0);
        let path = files
            .keys()
            .find(|k| k.ends_with(&format!("-2024-{}.js", hit.chunk)))
            .unwrap();
        assert!(String::from_utf8_lossy(&files[path]).contains("Arbetsträning"));
    }
}
