//! The inverted index: for each term (a stem, a number or a code), the sections
//! that hold it, each with a quantised weight, whether it matched only as a part of
//! a compound.

use super::compound::Vocabulary;
use super::stem::stem;
use super::tokenize::{for_each_index_token, is_stopword, Kind};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// BM25 term-frequency saturation.
const K1: f64 = 1.2;
/// BM25 length normalisation.
const B: f64 = 0.75;
/// Extra score when the term is in the section heading.
const TITLE_BOOST: f64 = 2.0;
/// Highest quantised weight (fits the posting's four bits).
pub const MAX_WEIGHT: u8 = 15;

/// One section holding a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// Entry number (sections in document order).
    pub entry: u32,
    /// Weight 1..=15 (BM25 term frequency plus heading boost, quantised).
    pub weight: u8,
    /// Matched only inside compounds ("insats" in "arbetsmarknadsinsatser").
    pub part: bool,
}

/// What the index needs of one section.
pub struct Doc<'a> {
    /// Section heading.
    pub title: &'a str,
    /// Section text.
    pub text: &'a str,
}

/// Quantised weight of a term in a section: `tf` occurrences in a body of `len`
/// tokens (corpus average `avg_len`), and whether the heading holds it.
pub fn weight(tf: u32, in_title: bool, len: u32, avg_len: f64) -> u8 {
    let tf = f64::from(tf);
    let norm = 1.0 - B + B * f64::from(len) / avg_len.max(1.0);
    let body = if tf > 0.0 {
        tf * (K1 + 1.0) / (tf + K1 * norm)
    } else {
        0.0
    };
    let score = body + if in_title { TITLE_BOOST } else { 0.0 };
    let max = K1 + 1.0 + TITLE_BOOST;
    let q = 1.0 + (score / max * f64::from(MAX_WEIGHT - 1)).round();
    q.clamp(1.0, f64::from(MAX_WEIGHT)) as u8
}

/// Occurrences of one term in one section.
#[derive(Default, Clone, Copy)]
struct Count {
    body: u32,
    title: bool,
}

impl Count {
    fn add(&mut self, in_title: bool) {
        if in_title {
            self.title = true;
        } else {
            self.body += 1;
        }
    }
}

/// A hash map with a fast non-cryptographic hasher (keys are the site's own words;
/// SipHash was 2.5 % of a large build).
type FastMap<K, V> = HashMap<K, V, rustc_hash::FxBuildHasher>;

/// What a distinct token indexes: its key and the parts of a compound, as term ids.
#[derive(Default)]
struct TokenTerms {
    key: Option<u32>,
    parts: Vec<u32>,
}

/// A posting before its weight: the raw counts.
struct RawPosting {
    entry: u32,
    body: u32,
    title: bool,
    part: bool,
}

/// One section's (term id, whole-word count, part count) and body length.
type SectionCounts = (Vec<(u32, Count, Count)>, u32);

/// Sections counted in parallel before their postings are merged in entry order.
const COUNT_BLOCK: usize = 4096;

/// Every distinct token of `docs`: word forms with their counts (for the compound
/// vocabulary and the written forms), and codes and numbers.
fn distinct_tokens(docs: &[Doc]) -> (FastMap<String, u32>, Vec<String>) {
    let (words, others) = docs
        .par_iter()
        .fold(
            || (FastMap::default(), FastMap::default()),
            |(mut words, mut others): (FastMap<String, u32>, FastMap<String, ()>), d| {
                for field in [d.title, d.text] {
                    for_each_index_token(field, |t, kind, _| {
                        if kind == Kind::Word {
                            match words.get_mut(t) {
                                Some(n) => *n += 1,
                                None => {
                                    words.insert(t.to_string(), 1);
                                }
                            }
                        } else if !others.contains_key(t) {
                            others.insert(t.to_string(), ());
                        }
                    });
                }
                (words, others)
            },
        )
        .reduce(
            || (FastMap::default(), FastMap::default()),
            |(mut a, mut ao), (b, bo)| {
                for (k, v) in b {
                    *a.entry(k).or_default() += v;
                }
                ao.extend(bo);
                (a, ao)
            },
        );
    (words, others.into_keys().collect())
}

/// Builds the postings of every term.
pub fn build(docs: &[Doc]) -> BTreeMap<String, Vec<Posting>> {
    build_with_surfaces(docs).0
}

/// [`build`], plus each word stem's commonest written form ("insats" → "insatser"),
/// which the typo vocabulary shows.
///
/// Each distinct token is stemmed and split once; sections are then counted by term
/// id (no string per token or per term and section), a block at a time in parallel,
/// and their postings appended in entry order to one list per term.
pub fn build_with_surfaces(
    docs: &[Doc],
) -> (BTreeMap<String, Vec<Posting>>, HashMap<String, String>) {
    // Pass 1: the distinct tokens, with each word's stem and compound parts.
    let (words, others) = distinct_tokens(docs);
    let vocab = Vocabulary::new(words.iter().map(|(w, n)| (w.as_str(), *n)));
    let word_list: Vec<(&str, u32)> = words.iter().map(|(w, n)| (w.as_str(), *n)).collect();
    let analysed: Vec<(Option<String>, Vec<String>)> = word_list
        .par_iter()
        .map_init(HashMap::new, |memo, (w, _)| {
            let key = (w.chars().nth(1).is_some() && !is_stopword(w)).then(|| stem(w));
            (key, vocab.parts(w, memo))
        })
        .collect();

    let mut surfaces: HashMap<String, (u32, String)> = HashMap::new();
    for ((w, n), (key, _)) in word_list.iter().zip(&analysed) {
        let Some(key) = key else { continue };
        let slot = surfaces.entry(key.clone()).or_insert((0, String::new()));
        let better = (*n, std::cmp::Reverse(w.len()), std::cmp::Reverse(*w))
            > (
                slot.0,
                std::cmp::Reverse(slot.1.len()),
                std::cmp::Reverse(slot.1.as_str()),
            );
        if slot.1.is_empty() || better {
            *slot = (*n, w.to_string());
        }
    }
    let surfaces: HashMap<String, String> =
        surfaces.into_iter().map(|(k, (_, w))| (k, w)).collect();

    // Term ids: every key and part, interned.
    let mut terms: Vec<String> = Vec::new();
    let mut ids: FastMap<String, u32> = FastMap::default();
    let mut intern = |t: String| -> u32 {
        if let Some(&id) = ids.get(&t) {
            return id;
        }
        let id = terms.len() as u32;
        terms.push(t.clone());
        ids.insert(t, id);
        id
    };
    let mut tokens: FastMap<&str, TokenTerms> = FastMap::default();
    tokens.reserve(word_list.len() + others.len());
    for ((w, _), (key, parts)) in word_list.iter().zip(analysed) {
        let t = TokenTerms {
            key: key.map(&mut intern),
            parts: parts.into_iter().map(&mut intern).collect(),
        };
        tokens.insert(w, t);
    }
    for o in &others {
        let key = Some(intern(o.clone()));
        tokens.insert(o, TokenTerms { key, parts: vec![] });
    }
    drop(ids);

    // Pass 2: counts per section by term id, merged into postings in entry order.
    let mut lens: Vec<u32> = Vec::with_capacity(docs.len());
    let mut raw: Vec<Vec<RawPosting>> = (0..terms.len()).map(|_| Vec::new()).collect();
    for (b, block) in docs.chunks(COUNT_BLOCK).enumerate() {
        let counted: Vec<SectionCounts> = block
            .par_iter()
            .map_init(FastMap::default, |scratch, d| {
                count_section(d, &tokens, scratch)
            })
            .collect();
        for (k, (counts, len)) in counted.into_iter().enumerate() {
            let entry = (b * COUNT_BLOCK + k) as u32;
            lens.push(len);
            for (term, whole, part) in counts {
                let (count, is_part) = if whole.body > 0 || whole.title {
                    (whole, false)
                } else {
                    (part, true)
                };
                raw[term as usize].push(RawPosting {
                    entry,
                    body: count.body,
                    title: count.title,
                    part: is_part,
                });
            }
        }
    }
    let avg_len = lens.iter().map(|&l| f64::from(l)).sum::<f64>() / lens.len().max(1) as f64;

    // Pass 3: weights.
    let postings: Vec<Vec<Posting>> = raw
        .into_par_iter()
        .map(|list| {
            list.into_iter()
                .map(|p| Posting {
                    entry: p.entry,
                    weight: weight(p.body, p.title, lens[p.entry as usize], avg_len),
                    part: p.part,
                })
                .collect()
        })
        .collect();
    (terms.into_iter().zip(postings).collect(), surfaces)
}

/// Term counts of one section: (term id, whole-word count, part count), and its body
/// length in tokens. `scratch` is a map reused from section to section.
fn count_section(
    d: &Doc,
    tokens: &FastMap<&str, TokenTerms>,
    scratch: &mut FastMap<u32, (Count, Count)>,
) -> SectionCounts {
    scratch.clear();
    let mut len = 0;
    for (in_title, field) in [(true, d.title), (false, d.text)] {
        for_each_index_token(field, |t, _, _| {
            len += u32::from(!in_title);
            let Some(tt) = tokens.get(t) else { return };
            for &p in &tt.parts {
                scratch.entry(p).or_default().1.add(in_title);
            }
            if let Some(k) = tt.key {
                scratch.entry(k).or_default().0.add(in_title);
            }
        });
    }
    let counts = scratch.iter().map(|(&t, &(w, p))| (t, w, p)).collect();
    (counts, len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs<'a>(texts: &'a [(&'a str, &'a str)]) -> Vec<Doc<'a>> {
        texts
            .iter()
            .map(|(title, text)| Doc { title, text })
            .collect()
    }

    #[test]
    fn weights_rank_heading_and_frequency() {
        assert!(
            weight(1, true, 50, 50.0) > weight(1, false, 50, 50.0),
            "a heading match counts more"
        );
        assert!(
            weight(3, false, 50, 50.0) > weight(1, false, 50, 50.0),
            "more occurrences count more"
        );
        assert!(
            weight(2, false, 20, 50.0) > weight(2, false, 200, 50.0),
            "in a short section more than in a long one"
        );
        assert!((1..=MAX_WEIGHT).contains(&weight(0, false, 10, 50.0)));
        assert_eq!(weight(1000, true, 1, 50.0), MAX_WEIGHT);
    }

    #[test]
    fn stems_parts_and_codes_are_indexed() {
        let texts = [
            ("Insatser", "Kommunens insatser för arbetslösa."),
            (
                "Budget",
                "Arbetsmarknadsinsatser och arbetsmarknad. Dnr KAN24/22, 2 060 kr.",
            ),
        ];
        let index = build(&docs(&texts));
        let insats = &index["insats"];
        assert_eq!(insats.len(), 2);
        assert!(!insats[0].part && insats[1].part, "{insats:?}");
        assert!(insats[0].weight > 1, "heading match");
        assert_eq!(index["arbetsmarknadsinsats"].len(), 1);
        assert_eq!(index["kan24/22"][0].entry, 1);
        assert_eq!(index["2060"][0].entry, 1);
        assert!(!index.contains_key("och"), "stop words are not indexed");
    }

    #[test]
    fn whole_word_beats_part_in_the_same_section() {
        let texts = [("A", "insatser och arbetsmarknadsinsatser och arbetsmarknad")];
        let index = build(&docs(&texts));
        assert!(!index["insats"][0].part);
    }
}
