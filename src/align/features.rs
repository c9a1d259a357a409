//! What alignment compares: the features of every section of a series — title words
//! and trigrams, a TF-IDF text vector and word 3-shingles — computed once per series.
//!
//! Words are FNV-1a hashes (stable across runs and platforms, so alignment is
//! deterministic). Every distinct word of the series also gets a dense id, numbered in
//! the order of its hash, so text vectors sorted by id are sorted by hash: cosines add
//! their terms in the same order whichever way they are computed.

use crate::markdown::{ParsedDoc, Section};
use rustc_hash::FxHashMap;

/// Features of one section used for scoring. Words and trigrams are ids (see the
/// module comment), in ascending vectors: cheap to intersect.
pub(super) struct Features {
    /// Distinct words of the title without its number.
    pub title_words: Vec<u32>,
    /// Distinct character trigrams of the title (padded with spaces).
    pub title_grams: Vec<u32>,
    pub title_norm: String,
    /// `(word id, weight)`: TF-IDF, unit length (empty for a section without words).
    pub text_vec: Vec<(u32, f32)>,
    /// Hashes of the text's word 3-shingles, ascending.
    pub shingles: Vec<u64>,
    pub position: f32,
    pub level: u8,
}

/// The features of every section of every edition, and how many ids there are.
pub(super) struct SeriesFeatures {
    pub docs: Vec<Vec<Features>>,
    pub vocabulary: Vocabulary,
}

/// Number of distinct ids of each kind: every id of that kind is below it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Vocabulary {
    pub words: usize,
    pub title_words: usize,
    pub title_grams: usize,
}

/// Features of the editions of a series; IDF over all their sections.
pub(super) fn series_features(editions: &[&ParsedDoc]) -> SeriesFeatures {
    let sections: Vec<&Section> = editions.iter().flat_map(|d| &d.sections).collect();
    // Per section, ascending: `(hash, count)` of its words, its title words and trigrams.
    let mut terms: Vec<Vec<(u64, u32)>> = Vec::with_capacity(sections.len());
    let mut title_words: Vec<Vec<u64>> = Vec::with_capacity(sections.len());
    let mut title_grams: Vec<Vec<u64>> = Vec::with_capacity(sections.len());
    let mut shingles = Vec::with_capacity(sections.len());
    let mut titles = Vec::with_capacity(sections.len());
    for s in &sections {
        // Shingles need the words in text order; then they are sorted in place and counted.
        let mut hashes = word_hashes(&s.text);
        shingles.push(word_shingles(&hashes));
        hashes.sort_unstable();
        let mut counted = Vec::with_capacity(hashes.len());
        counted.extend(
            hashes
                .chunk_by(|a, b| a == b)
                .map(|run| (run[0], run.len() as u32)),
        );
        terms.push(counted);
        let title = normalize(&s.title);
        title_words.push(distinct(word_hashes(&title)));
        let chars: Vec<char> = format!("  {title} ").chars().collect();
        title_grams.push(distinct(chars.windows(3).map(hash_chars).collect()));
        titles.push(title);
    }
    let words = Numbering::new(terms.iter().flatten().map(|t| t.0));
    let count = sections.len() as f32;
    let idf: Vec<f32> = words
        .sections
        .iter()
        .map(|&d| (1.0 + count / d as f32).ln())
        .collect();
    let vectors = terms.iter().map(|t| {
        unit(
            t.iter()
                .map(|&(h, tf)| {
                    let id = words.id(h);
                    (id, tf as f32 * idf[id as usize])
                })
                .collect(),
        )
    });
    let title_word_ids = Numbering::new(title_words.iter().flatten().copied());
    let title_gram_ids = Numbering::new(title_grams.iter().flatten().copied());
    let mut parts = vectors
        .zip(shingles)
        .zip(titles)
        .zip(title_words.iter().zip(&title_grams));
    let docs = editions
        .iter()
        .map(|d| {
            let count = d.sections.len();
            (0..count)
                .filter_map(|i| {
                    let (((text_vec, shingles), title_norm), (words, grams)) = parts.next()?;
                    Some(Features {
                        title_words: title_word_ids.ids(words),
                        title_grams: title_gram_ids.ids(grams),
                        title_norm,
                        text_vec,
                        shingles,
                        position: if count > 1 {
                            i as f32 / (count - 1) as f32
                        } else {
                            0.0
                        },
                        level: d.sections[i].level,
                    })
                })
                .collect()
        })
        .collect();
    SeriesFeatures {
        docs,
        vocabulary: Vocabulary {
            words: words.sections.len(),
            title_words: title_word_ids.sections.len(),
            title_grams: title_gram_ids.sections.len(),
        },
    }
}

/// Dense ids for the hashes of a series, numbered in ascending hash order, and how
/// many sections have each.
struct Numbering {
    ids: FxHashMap<u64, u32>,
    /// By id.
    sections: Vec<u32>,
}

impl Numbering {
    /// From the distinct hashes of every section, one section after another.
    fn new(hashes: impl Iterator<Item = u64>) -> Self {
        // A hash map and one sort of the distinct hashes: cheaper than sorting every occurrence.
        let mut ids: FxHashMap<u64, u32> = FxHashMap::default();
        for h in hashes {
            *ids.entry(h).or_default() += 1;
        }
        let mut sorted: Vec<u64> = ids.keys().copied().collect();
        sorted.sort_unstable();
        let mut sections = Vec::with_capacity(sorted.len());
        for (id, h) in sorted.iter().enumerate() {
            if let Some(v) = ids.get_mut(h) {
                sections.push(*v);
                *v = id as u32;
            }
        }
        Numbering { ids, sections }
    }

    fn id(&self, hash: u64) -> u32 {
        self.ids.get(&hash).copied().unwrap_or_default()
    }

    /// Ids of hashes numbered here (ascending for ascending hashes).
    fn ids(&self, hashes: &[u64]) -> Vec<u32> {
        hashes.iter().map(|&h| self.id(h)).collect()
    }
}

fn distinct(mut hashes: Vec<u64>) -> Vec<u64> {
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

/// `v` scaled to unit length (as it is when it has no length).
fn unit(mut v: Vec<(u32, f32)>) -> Vec<(u32, f32)> {
    let norm = v.iter().map(|p| p.1 * p.1).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|p| p.1 /= norm);
    }
    v
}

/// Word 3-shingles, sorted and deduplicated.
fn word_shingles(words: &[u64]) -> Vec<u64> {
    let mut shingles: Vec<u64> = words
        .windows(3)
        .map(|w| {
            w[0].wrapping_mul(31)
                .wrapping_add(w[1])
                .wrapping_mul(31)
                .wrapping_add(w[2])
        })
        .collect();
    shingles.sort_unstable();
    shingles.dedup();
    shingles
}

/// Lowercase words separated by single spaces, punctuation dropped.
pub(super) fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_string()
}

const FNV_OFFSET: u64 = 0xcbf29ce484222325;
const FNV_PRIME: u64 = 0x100000001b3;

/// FNV-1a hashes of the lowercase words of `text` (the UTF-8 bytes of the lowercased
/// characters), without allocating a string per word.
pub(super) fn word_hashes(text: &str) -> Vec<u64> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut h = FNV_OFFSET;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        // Fast paths for ASCII bytes and the Latin-1 letters (å, ä, ö, é …): no Unicode tables.
        let alphanumeric = if bytes[i] < 0x80 {
            let lower = ASCII_LOWER[bytes[i] as usize];
            i += 1;
            if lower != 0 {
                h = fnv(h, lower);
            }
            lower != 0
        } else {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            i += c.len_utf8();
            match c as u32 {
                0xd7 | 0xf7 => false, // × and ÷
                0xc0..=0xff => {
                    // Capitals À–Þ are 0x20 below their lowercase; ß and the lowercase stay.
                    let lower = if (c as u32) < 0xdf {
                        c as u32 + 0x20
                    } else {
                        c as u32
                    };
                    h = fnv(fnv(h, 0xc3), 0x80 | (lower & 0x3f) as u8);
                    true
                }
                _ if c.is_alphanumeric() => {
                    h = hash_lowercase(h, c);
                    true
                }
                _ => false,
            }
        };
        if alphanumeric {
            in_word = true;
        } else if in_word {
            out.push(h);
            h = FNV_OFFSET;
            in_word = false;
        }
    }
    if in_word {
        out.push(h);
    }
    out
}

/// ASCII byte → its lowercase if it is a letter or digit, else 0.
const ASCII_LOWER: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphanumeric() {
            table[b] = (b as u8).to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

fn fnv(h: u64, byte: u8) -> u64 {
    (h ^ byte as u64).wrapping_mul(FNV_PRIME)
}

/// `h` extended with the UTF-8 bytes of `c`'s lowercase.
fn hash_lowercase(mut h: u64, c: char) -> u64 {
    for l in c.to_lowercase() {
        let mut buf = [0u8; 4];
        for b in l.encode_utf8(&mut buf).bytes() {
            h = fnv(h, b);
        }
    }
    h
}

fn hash_chars(chars: &[char]) -> u64 {
    chars
        .iter()
        .fold(FNV_OFFSET, |h, &c| (h ^ c as u64).wrapping_mul(FNV_PRIME))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, one character at a time: what `word_hashes` must equal.
    fn word_hashes_slow(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        let mut h = FNV_OFFSET;
        let mut in_word = false;
        for c in text.chars() {
            if c.is_alphanumeric() {
                h = hash_lowercase(h, c);
                in_word = true;
            } else if in_word {
                out.push(h);
                h = FNV_OFFSET;
                in_word = false;
            }
        }
        if in_word {
            out.push(h);
        }
        out
    }

    #[test]
    fn word_hashes_ascii_fast_path_equals_the_definition() {
        for text in [
            "",
            "Ärende 2024-12-18: KAN24/22 – Öppna jämförelser, ÅTGÄRD nr 3!",
            "2 060 tkr → 3 250 tkr (ökning 57,8 %); İstanbul ǅemal ΣΟΦΙΑ ß ẞ x²½",
            "  Nämnden\tansvarar\nför  arbetsmarknadsinsatser…Divisionen_erbjuder ",
            "ÅÄÖ åäö AaZz09 é É ü Ü",
        ] {
            assert_eq!(word_hashes(text), word_hashes_slow(text), "{text}");
        }
        // Every character up to Greek and Cyrillic, alone and inside a word.
        for c in (0..0x500).filter_map(char::from_u32) {
            for text in [format!("{c}"), format!("Ab{c}9ö {c}x")] {
                assert_eq!(word_hashes(&text), word_hashes_slow(&text), "{c:?}");
            }
        }
        assert_eq!(word_hashes("Öppna öppna ÖPPNA").len(), 3);
        let h = word_hashes("Öppna öppna ÖPPNA 2025");
        assert!(h[0] == h[1] && h[1] == h[2] && h[2] != h[3]);
    }

    #[test]
    fn vectors_are_unit_length_in_ascending_word_order() {
        let doc = crate::markdown::parse(
            "# A\n\nett två två tre\n\n# B\n\ntre fyra\n\n# C\n\n![](x.png)\n",
            1,
        );
        let f = series_features(&[&doc]);
        assert_eq!(f.vocabulary.words, 4);
        let a = &f.docs[0][0].text_vec;
        assert_eq!(a.len(), 3);
        assert!(a.windows(2).all(|w| w[0].0 < w[1].0));
        let len: f32 = a.iter().map(|p| p.1 * p.1).sum();
        assert!((len - 1.0).abs() < 1e-6);
        assert!(f.docs[0][2].text_vec.is_empty());
    }
}
