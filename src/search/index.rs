//! The inverted index: for each term (a stem, a number or a code), the sections
//! that hold it, each with a quantised weight, whether it matched only as a part of
//! a compound.

use super::compound::Vocabulary;
use super::stem::stem;
use super::tokenize::{index_tokens, is_stopword, Kind};
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

/// Per section: term → (whole-word count, part count), and body length.
struct Counted {
    terms: FastMap<String, (Count, Count)>,
    len: u32,
}

/// The index key of a token, or None when it is not indexed. Stems are cached per thread.
fn key<'a>(text: &'a str, kind: Kind, stems: &'a mut FastMap<String, String>) -> Option<&'a str> {
    match kind {
        Kind::Word if text.chars().nth(1).is_none() || is_stopword(text) => None,
        Kind::Word => {
            if !stems.contains_key(text) {
                stems.insert(text.to_string(), stem(text));
            }
            stems.get(text).map(String::as_str)
        }
        Kind::Atom | Kind::Joined => Some(text),
    }
}

/// The counts of `term`, added on first sight (allocating only then).
fn slot<'a>(terms: &'a mut FastMap<String, (Count, Count)>, term: &str) -> &'a mut (Count, Count) {
    if !terms.contains_key(term) {
        terms.insert(term.to_string(), Default::default());
    }
    terms.get_mut(term).expect("inserted above")
}

/// Sections counted in parallel before their postings are merged (bounds the memory
/// of per-section term maps).
const COUNT_BLOCK: usize = 4096;

/// A hash map with a fast non-cryptographic hasher (keys are the site's own words;
/// SipHash was 2.5 % of a large build).
type FastMap<K, V> = HashMap<K, V, rustc_hash::FxBuildHasher>;

/// A posting before its weight: the raw counts.
struct RawPosting {
    entry: u32,
    body: u32,
    title: bool,
    part: bool,
}

/// Term counts of one section (whole words, and parts of compounds).
fn count_terms(
    d: &Doc,
    parts: &HashMap<&str, Vec<String>>,
    stems: &mut FastMap<String, String>,
) -> Counted {
    let mut terms: FastMap<String, (Count, Count)> = FastMap::default();
    let mut len = 0;
    for (in_title, field) in [(true, d.title), (false, d.text)] {
        for t in index_tokens(field) {
            len += u32::from(!in_title);
            if let Some(ps) = parts.get(t.text.as_str()) {
                for p in ps {
                    slot(&mut terms, p).1.add(in_title);
                }
            }
            let Some(k) = key(&t.text, t.kind, stems) else {
                continue;
            };
            slot(&mut terms, k).0.add(in_title);
        }
    }
    Counted { terms, len }
}

/// Builds the postings of every term.
pub fn build(docs: &[Doc]) -> BTreeMap<String, Vec<Posting>> {
    build_with_surfaces(docs).0
}

/// [`build`], plus each word stem's commonest written form ("insats" → "insatser"),
/// which the typo vocabulary shows.
pub fn build_with_surfaces(
    docs: &[Doc],
) -> (BTreeMap<String, Vec<Posting>>, HashMap<String, String>) {
    // Pass 1: the vocabulary, for compound splitting.
    let words: HashMap<String, u32> = docs
        .par_iter()
        .fold(HashMap::new, |mut acc: HashMap<String, u32>, d| {
            for field in [d.title, d.text] {
                for t in index_tokens(field)
                    .into_iter()
                    .filter(|t| t.kind == Kind::Word)
                {
                    *acc.entry(t.text).or_default() += 1;
                }
            }
            acc
        })
        .reduce(HashMap::new, |mut a, b| {
            for (k, v) in b {
                *a.entry(k).or_default() += v;
            }
            a
        });
    let vocab = Vocabulary::new(words.iter().map(|(w, n)| (w.as_str(), *n)));
    let mut surfaces: HashMap<String, (u32, String)> = HashMap::new();
    for (w, n) in &words {
        if w.chars().nth(1).is_none() || is_stopword(w) {
            continue;
        }
        let slot = surfaces.entry(stem(w)).or_insert((0, String::new()));
        let better = (
            *n,
            std::cmp::Reverse(w.len()),
            std::cmp::Reverse(w.as_str()),
        ) > (
            slot.0,
            std::cmp::Reverse(slot.1.len()),
            std::cmp::Reverse(slot.1.as_str()),
        );
        if slot.1.is_empty() || better {
            *slot = (*n, w.clone());
        }
    }
    let surfaces: HashMap<String, String> =
        surfaces.into_iter().map(|(k, (_, w))| (k, w)).collect();
    let parts: HashMap<&str, Vec<String>> = words
        .par_iter()
        .map_init(HashMap::new, |memo, (w, _)| {
            (w.as_str(), vocab.parts(w, memo))
        })
        .filter(|(_, p)| !p.is_empty())
        .collect();

    // Pass 2: counts per section, turned into postings a block of sections at a time,
    // so the per-section term maps of the whole site are never held at once (they
    // were most of the peak memory on large sites). Weights need the corpus's average
    // body length, so postings keep their raw counts until every section is counted.
    let mut lens: Vec<u32> = Vec::with_capacity(docs.len());
    let mut raw: FastMap<String, Vec<RawPosting>> = FastMap::default();
    for (b, block) in docs.chunks(COUNT_BLOCK).enumerate() {
        let counted: Vec<Counted> = block
            .par_iter()
            .map_init(FastMap::default, |stems, d| count_terms(d, &parts, stems))
            .collect();
        for (k, c) in counted.into_iter().enumerate() {
            let entry = b * COUNT_BLOCK + k;
            lens.push(c.len);
            for (term, (whole, part)) in c.terms {
                let (count, is_part) = if whole.body > 0 || whole.title {
                    (whole, false)
                } else {
                    (part, true)
                };
                let posting = RawPosting {
                    entry: entry as u32,
                    body: count.body,
                    title: count.title,
                    part: is_part,
                };
                raw.entry(term).or_default().push(posting);
            }
        }
    }
    let avg_len = lens.iter().map(|&l| f64::from(l)).sum::<f64>() / lens.len().max(1) as f64;

    // Pass 3: weights.
    let index: Vec<(String, Vec<Posting>)> = raw
        .into_par_iter()
        .map(|(term, postings)| {
            let postings = postings
                .into_iter()
                .map(|p| Posting {
                    entry: p.entry,
                    weight: weight(p.body, p.title, lens[p.entry as usize], avg_len),
                    part: p.part,
                })
                .collect();
            (term, postings)
        })
        .collect();
    (index.into_iter().collect(), surfaces)
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
