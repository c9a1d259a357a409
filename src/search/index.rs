//! The inverted index: for each term (a stem, a number or a code), the sections
//! that hold it, each with a quantised weight, whether it matched only as a part of
//! a compound.

use super::compound::Vocabulary;
use super::count::{Counts, Occurrences};
use super::stem::stem;
use super::tokenize::is_stopword;
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
    fn add(&mut self, o: &Occurrences) {
        self.body += o.body;
        self.title |= o.title;
    }
}

/// A hash map with a fast non-cryptographic hasher (keys are the site's own words;
/// SipHash was 2.5 % of a large build).
type FastMap<K, V> = HashMap<K, V, rustc_hash::FxBuildHasher>;

/// What a distinct token indexes: its key and the parts of a compound, as term ids.
#[derive(Default, Clone)]
struct TokenTerms {
    key: Option<u32>,
    parts: Vec<u32>,
}

/// Series whose postings are made in parallel before they are appended, in entry
/// order, to one list per term (bounds the postings held twice).
const MERGE_BLOCK: usize = 64;

/// Builds the postings of every term.
pub fn build(docs: &[Doc]) -> BTreeMap<String, Vec<Posting>> {
    build_with_surfaces(docs).0
}

/// [`build`], plus each word stem's commonest written form ("insats" → "insatser"),
/// which the typo vocabulary shows.
pub fn build_with_surfaces(
    docs: &[Doc],
) -> (BTreeMap<String, Vec<Posting>>, HashMap<String, String>) {
    merge(&[&Counts::new(docs)])
}

/// The distinct tokens of every run of sections: the text of each, and each run's
/// token numbers in that list.
struct Union<'a> {
    text: Vec<&'a str>,
    words: Vec<u32>,
    other: Vec<bool>,
    remaps: Vec<Vec<u32>>,
}

fn union<'a>(runs: &[&'a Counts]) -> Union<'a> {
    let mut u = Union {
        text: Vec::new(),
        words: Vec::new(),
        other: Vec::new(),
        remaps: Vec::with_capacity(runs.len()),
    };
    let mut ids: FastMap<&str, u32> = FastMap::default();
    for c in runs {
        let remap = c
            .tokens()
            .map(|t| {
                let id = *ids.entry(t.text).or_insert_with(|| {
                    u.text.push(t.text);
                    u.words.push(0);
                    u.other.push(false);
                    (u.text.len() - 1) as u32
                });
                u.words[id as usize] += t.words;
                u.other[id as usize] |= t.other;
                id
            })
            .collect();
        u.remaps.push(remap);
    }
    u
}

/// Merges the counted sections of several runs (the site's series, in entry order:
/// a run's sections follow the previous run's) into the postings of every term, as
/// [`build_with_surfaces`] of all their sections at once.
///
/// Stems and compound parts are found here, once per distinct word of the site: the
/// compound vocabulary is the whole corpus's (a part counts only if frequent enough
/// across the site), and so is the average length the weights normalise by. The runs
/// bring only their distinct tokens and counts, made in parallel with the pages.
pub fn merge(runs: &[&Counts]) -> (BTreeMap<String, Vec<Posting>>, HashMap<String, String>) {
    let u = union(runs);
    // Each distinct word's stem and compound parts.
    let word_list: Vec<(usize, &str, u32)> = (0..u.text.len())
        .filter(|&i| u.words[i] > 0)
        .map(|i| (i, u.text[i], u.words[i]))
        .collect();
    let stems: Vec<String> = word_list.par_iter().map(|(_, w, _)| stem(w)).collect();
    let vocab = Vocabulary::from_stemmed(
        word_list
            .iter()
            .zip(&stems)
            .map(|((_, w, n), s)| (*w, s.as_str(), *n)),
    );
    let analysed: Vec<(Option<String>, Vec<String>)> = word_list
        .par_iter()
        .zip(stems)
        .map_init(HashMap::new, |memo, ((_, w, _), s)| {
            let key = (w.chars().nth(1).is_some() && !is_stopword(w)).then_some(s);
            (key, vocab.parts(w, memo))
        })
        .collect();

    let mut surfaces: HashMap<String, (u32, String)> = HashMap::new();
    for ((_, w, n), (key, _)) in word_list.iter().zip(&analysed) {
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

    // Term ids: every key and part, interned. A token that also occurs as a code or
    // number is kept as written (its word terms stay, possibly without postings).
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
    let mut tokens: Vec<TokenTerms> = vec![TokenTerms::default(); u.text.len()];
    for ((i, _, _), (key, parts)) in word_list.iter().zip(analysed) {
        tokens[*i] = TokenTerms {
            key: key.map(&mut intern),
            parts: parts.into_iter().map(&mut intern).collect(),
        };
    }
    for (i, t) in u.text.iter().enumerate() {
        if u.other[i] {
            let key = Some(intern(t.to_string()));
            tokens[i] = TokenTerms { key, parts: vec![] };
        }
    }
    drop(ids);

    let sections: usize = runs.iter().map(|c| c.sections()).sum();
    let total_len: u64 = runs.iter().flat_map(|c| c.lens()).map(u64::from).sum();
    // Exact: the sum of integers below 2^53, as the sum of each section's f64 would be.
    let avg_len = total_len as f64 / sections.max(1) as f64;

    // Postings per run, in parallel, appended in entry order.
    let mut firsts = Vec::with_capacity(runs.len());
    let mut first = 0u32;
    for c in runs {
        firsts.push(first);
        first += c.sections() as u32;
    }
    let mut postings: Vec<Vec<Posting>> = (0..terms.len()).map(|_| Vec::new()).collect();
    for block in (0..runs.len()).collect::<Vec<_>>().chunks(MERGE_BLOCK) {
        let made: Vec<Vec<(u32, Posting)>> = block
            .par_iter()
            .map_init(FastMap::default, |scratch, &r| {
                run_postings(runs[r], &u.remaps[r], firsts[r], &tokens, avg_len, scratch)
            })
            .collect();
        for (term, p) in made.into_iter().flatten() {
            postings[term as usize].push(p);
        }
    }
    (terms.into_iter().zip(postings).collect(), surfaces)
}

/// The postings of one run's sections, numbered from `first`: (term id, posting).
fn run_postings(
    c: &Counts,
    remap: &[u32],
    first: u32,
    tokens: &[TokenTerms],
    avg_len: f64,
    scratch: &mut FastMap<u32, (Count, Count)>,
) -> Vec<(u32, Posting)> {
    let mut out = Vec::new();
    for s in 0..c.sections() {
        scratch.clear();
        let (len, occurrences) = c.section(s);
        for o in occurrences {
            let tt = &tokens[remap[o.token as usize] as usize];
            for &p in &tt.parts {
                scratch.entry(p).or_default().1.add(&o);
            }
            if let Some(k) = tt.key {
                scratch.entry(k).or_default().0.add(&o);
            }
        }
        let entry = first + s as u32;
        out.extend(scratch.iter().map(|(&term, &(whole, part))| {
            let (count, part) = if whole.body > 0 || whole.title {
                (whole, false)
            } else {
                (part, true)
            };
            let weight = weight(count.body, count.title, len, avg_len);
            (
                term,
                Posting {
                    entry,
                    weight,
                    part,
                },
            )
        }));
    }
    out
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
    fn merged_runs_equal_one_build_of_all_sections() {
        // Compounds split by words of other runs, a word that is also a code part,
        // headings, stop words, an empty section and repeated terms.
        let texts = [
            ("Arbetsmarknad", "Arbetsmarknad och marknad, arbete."),
            ("Insatser", "Arbetsmarknadsinsatser för unga 18-24 år."),
            ("", ""),
            (
                "Mål",
                "Insatser, insatserna och stödinsatser. Dnr KAN24/22 och kan.",
            ),
            (
                "Budget",
                "2 060 kr till arbetsmarknadsinsatser; stöd och insatser.",
            ),
            ("Stöd", "Stöd till arbete. Arbetsträning och arbetsmarknad."),
        ];
        let all = docs(&texts);
        let (whole, whole_surfaces) = merge(&[&Counts::new(&all)]);
        assert!(whole["insats"].len() >= 3, "{whole:?}");
        for cuts in [vec![1, 3], vec![2, 2, 5], vec![0, 6], vec![1, 2, 3, 4, 5]] {
            let mut runs = Vec::new();
            let mut at = 0;
            for cut in cuts.into_iter().chain([texts.len()]) {
                runs.push(Counts::new(&all[at..cut]));
                at = cut;
            }
            let refs: Vec<&Counts> = runs.iter().collect();
            let (merged, surfaces) = merge(&refs);
            assert_eq!(merged, whole);
            assert_eq!(surfaces, whole_surfaces);
        }
    }

    #[test]
    fn whole_word_beats_part_in_the_same_section() {
        let texts = [("A", "insatser och arbetsmarknadsinsatser och arbetsmarknad")];
        let index = build(&docs(&texts));
        assert!(!index["insats"][0].part);
    }
}
