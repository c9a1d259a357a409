//! Cross-year section alignment. Pure: the parsed editions of one series (oldest
//! first) in, links between sections of consecutive years out, plus the anchor id
//! of every section (shared across years where the link is one-to-one).
//!
//! Matching uses, in this order: explicit ids (`{#id}`) written by the author; then
//! a score from the title without its number (word overlap and character trigrams),
//! the body text (TF-IDF cosine over words), the position, and whether the parents
//! are linked; pairs are taken greedily by score, best first. Sections left over are
//! linked as splits or merges when most of their word 3-shingles occur in a section
//! of the other year. Ties break on position, so the result is deterministic.

mod timeline;

pub use timeline::{timeline, TimelineRow};

use crate::markdown::{ParsedDoc, Section};
use crate::slug::{slugify, unique, Taken};
use std::collections::HashMap;

/// Links between the editions of one series.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alignment {
    /// `forward[e][s]`: sections of edition `e + 1` that section `s` of edition `e` continues in.
    pub forward: Vec<Vec<Vec<usize>>>,
    /// `backward[e][s]`: sections of edition `e - 1` that section `s` of edition `e` comes from.
    pub backward: Vec<Vec<Vec<usize>>>,
    /// `ids[e][s]`: anchor id of section `s` in edition `e`, unique within its page.
    pub ids: Vec<Vec<String>>,
}

/// Ids the page templates use themselves, never given to a section.
const RESERVED_IDS: &[&str] = &[
    "main", "innehall", "metadata", "sok", "fotnoter", "top", "arsval", "sidhuvud",
];

/// Minimum score for two sections to be the same section.
const MATCH_THRESHOLD: f32 = 0.42;
/// Share of a section's 3-shingles that must occur in another for a split/merge link.
const CONTAINMENT_THRESHOLD: f32 = 0.5;

impl Alignment {
    /// Sections of edition `to` that section `section` of edition `from` corresponds to,
    /// following links year by year (empty when it does not exist there).
    pub fn same_as(&self, from: usize, section: usize, to: usize) -> Vec<usize> {
        let mut current = vec![section];
        let mut e = from;
        while e != to && !current.is_empty() {
            let links = if to > e {
                &self.forward[e]
            } else {
                &self.backward[e]
            };
            let mut next: Vec<usize> = current
                .iter()
                .flat_map(|&s| links[s].iter().copied())
                .collect();
            next.sort_unstable();
            next.dedup();
            current = next;
            e = if to > e { e + 1 } else { e - 1 };
        }
        current
    }
}

/// Features of one section used for scoring (hashes in sorted vectors: cheap to intersect).
struct Features {
    title_words: Vec<u64>,
    title_grams: Vec<u64>,
    title_norm: String,
    text_vec: Vec<(u64, f32)>,
    shingles: Vec<u64>,
    position: f32,
    level: u8,
}

/// Aligns the editions of a series.
pub fn align(editions: &[&ParsedDoc]) -> Alignment {
    let n = editions.len();
    let mut al = Alignment {
        forward: editions
            .iter()
            .map(|d| vec![Vec::new(); d.sections.len()])
            .collect(),
        backward: editions
            .iter()
            .map(|d| vec![Vec::new(); d.sections.len()])
            .collect(),
        ids: Vec::with_capacity(n),
    };
    // Features once per edition (each edition is compared with two neighbours); IDF over the series.
    let words: Vec<Vec<Vec<u64>>> = editions.iter().map(|d| doc_words(d)).collect();
    let idf = idf(&words);
    let features: Vec<Vec<Features>> = editions
        .iter()
        .zip(&words)
        .map(|(d, w)| doc_features(d, w, &idf))
        .collect();
    for e in 0..n.saturating_sub(1) {
        for (a, b) in match_features(editions[e], editions[e + 1], &features[e], &features[e + 1]) {
            al.forward[e][a].push(b);
            al.backward[e + 1][b].push(a);
        }
    }
    for links in al.forward.iter_mut().chain(al.backward.iter_mut()) {
        for l in links.iter_mut() {
            l.sort_unstable();
        }
    }
    for e in 0..n {
        let ids = assign_ids(&al, editions, e);
        al.ids.push(ids);
    }
    al
}

fn assign_ids(al: &Alignment, editions: &[&ParsedDoc], e: usize) -> Vec<String> {
    let sections = &editions[e].sections;
    let mut taken = Taken::with(RESERVED_IDS);
    let mut ids: Vec<Option<String>> = vec![None; sections.len()];
    // Explicit ids first, then ids inherited one-to-one from last year, then fresh slugs.
    for (i, s) in sections.iter().enumerate() {
        if let Some(id) = &s.explicit_id {
            ids[i] = Some(unique(id, &mut taken));
        }
    }
    if e > 0 {
        for (i, preds) in al.backward[e].iter().enumerate() {
            if ids[i].is_none() && preds.len() == 1 && al.forward[e - 1][preds[0]].len() == 1 {
                let inherited = &al.ids[e - 1][preds[0]];
                if taken.insert(inherited.clone()) {
                    ids[i] = Some(inherited.clone());
                }
            }
        }
    }
    sections
        .iter()
        .zip(ids)
        .map(|(s, id)| id.unwrap_or_else(|| unique(&base_slug(s), &mut taken)))
        .collect()
}

fn base_slug(s: &Section) -> String {
    if s.level == 0 {
        "inledning".into()
    } else {
        slugify(&s.title)
    }
}

/// Links between the sections of two consecutive editions: `(old, new)` pairs.
pub fn match_pair(old: &ParsedDoc, new: &ParsedDoc) -> Vec<(usize, usize)> {
    let words = [doc_words(old), doc_words(new)];
    let idf = idf(&words);
    match_features(
        old,
        new,
        &doc_features(old, &words[0], &idf),
        &doc_features(new, &words[1], &idf),
    )
}

/// The word hashes of every section's text.
fn doc_words(doc: &ParsedDoc) -> Vec<Vec<u64>> {
    doc.sections.iter().map(|s| word_hashes(&s.text)).collect()
}

fn doc_features(doc: &ParsedDoc, words: &[Vec<u64>], idf: &HashMap<u64, f32>) -> Vec<Features> {
    let count = doc.sections.len();
    doc.sections
        .iter()
        .zip(words)
        .enumerate()
        .map(|(i, (s, w))| features(s, w, i, count, idf))
        .collect()
}

fn match_features(
    old: &ParsedDoc,
    new: &ParsedDoc,
    fa: &[Features],
    fb: &[Features],
) -> Vec<(usize, usize)> {
    // Every pair is scored once; the second round only adds the parent bonus.
    let width = fb.len();
    let scores: Vec<f32> = fa
        .iter()
        .flat_map(|x| fb.iter().map(move |y| score(x, y)))
        .collect();
    let mut old_to_new: Vec<Option<usize>> = vec![None; fa.len()];
    let mut new_to_old: Vec<Option<usize>> = vec![None; fb.len()];
    let mut links = Vec::new();
    let mut link =
        |a: usize, b: usize, o2n: &mut Vec<Option<usize>>, n2o: &mut Vec<Option<usize>>| {
            o2n[a] = Some(b);
            n2o[b] = Some(a);
            links.push((a, b));
        };

    // 1. Explicit ids tie sections (an id repeated within a page ties only its first use).
    let mut explicit: HashMap<&str, usize> = HashMap::new();
    for (i, s) in old.sections.iter().enumerate() {
        if let Some(id) = s.explicit_id.as_deref() {
            explicit.entry(id).or_insert(i);
        }
    }
    for (b, s) in new.sections.iter().enumerate() {
        if let Some(&a) = s.explicit_id.as_deref().and_then(|id| explicit.get(id)) {
            if old_to_new[a].is_none() {
                link(a, b, &mut old_to_new, &mut new_to_old);
            }
        }
    }
    // 2. Text before the first heading matches its counterpart.
    if let (Some(a), Some(b)) = (old.sections.first(), new.sections.first()) {
        if a.level == 0 && b.level == 0 && old_to_new[0].is_none() && new_to_old[0].is_none() {
            link(0, 0, &mut old_to_new, &mut new_to_old);
        }
    }
    // 3. Greedy by score over all remaining pairs, best first; parents linked add a bonus.
    for round in 0..2 {
        let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
        for (a, x) in fa.iter().enumerate() {
            if old_to_new[a].is_some() || x.level == 0 {
                continue;
            }
            for (b, y) in fb.iter().enumerate() {
                if new_to_old[b].is_some() || y.level == 0 {
                    continue;
                }
                let mut s = scores[a * width + b];
                if round == 1 {
                    let (pa, pb) = (old.sections[a].parent, new.sections[b].parent);
                    if let (Some(pa), Some(pb)) = (pa, pb) {
                        if old_to_new[pa] == Some(pb) {
                            s += 0.08;
                        }
                    }
                }
                if s >= MATCH_THRESHOLD {
                    candidates.push((s, a, b));
                }
            }
        }
        candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        for (_, a, b) in candidates {
            if old_to_new[a].is_none() && new_to_old[b].is_none() {
                link(a, b, &mut old_to_new, &mut new_to_old);
            }
        }
    }
    // 4. Splits: a new section whose text mostly comes from one old section.
    for (b, y) in fb.iter().enumerate() {
        if new_to_old[b].is_some() || y.shingles.len() < 3 {
            continue;
        }
        if let Some(a) = best_container(&y.shingles, fa) {
            links.push((a, b));
        }
    }
    // 5. Merges: an old section whose text mostly went into one new section.
    for (a, x) in fa.iter().enumerate() {
        if old_to_new[a].is_some() || x.shingles.len() < 3 {
            continue;
        }
        if let Some(b) = best_container(&x.shingles, fb) {
            if !links.contains(&(a, b)) {
                links.push((a, b));
            }
        }
    }
    links.sort_unstable();
    links
}

fn best_container(shingles: &[u64], others: &[Features]) -> Option<usize> {
    let mut best: Option<(f32, usize)> = None;
    for (i, o) in others.iter().enumerate() {
        let c = containment(shingles, &o.shingles);
        if c >= CONTAINMENT_THRESHOLD && best.is_none_or(|(bc, _)| c > bc) {
            best = Some((c, i));
        }
    }
    best.map(|(_, i)| i)
}

fn score(x: &Features, y: &Features) -> f32 {
    let title = title_similarity(x, y);
    let pos = 1.0 - (x.position - y.position).abs();
    let level = if x.level == y.level { 1.0 } else { 0.0 };
    let s = match (x.text_vec.is_empty(), y.text_vec.is_empty()) {
        (false, false) => {
            let text = cosine(&x.text_vec, &y.text_vec);
            0.4 * title + 0.45 * text + 0.1 * pos + 0.05 * level
        }
        (true, true) => 0.8 * title + 0.1 * pos + 0.1 * level,
        _ => 0.65 * title + 0.1 * pos + 0.05 * level,
    };
    // An identical title is strong evidence on its own (the text of "Giltighetstid" changes every year).
    if x.title_norm == y.title_norm && !x.title_norm.is_empty() {
        s.max(0.5 + 0.1 * pos + 0.05 * level)
    } else {
        s
    }
}

fn title_similarity(x: &Features, y: &Features) -> f32 {
    if x.title_norm == y.title_norm {
        return 1.0;
    }
    jaccard(&x.title_words, &y.title_words).max(dice(&x.title_grams, &y.title_grams))
}

fn features(
    s: &Section,
    words: &[u64],
    index: usize,
    count: usize,
    idf: &HashMap<u64, f32>,
) -> Features {
    let title_norm = normalize(&s.title);
    let mut title_words = word_hashes(&title_norm);
    title_words.sort_unstable();
    title_words.dedup();
    let chars: Vec<char> = format!("  {title_norm} ").chars().collect();
    let mut title_grams: Vec<u64> = chars.windows(3).map(hash_chars).collect();
    title_grams.sort_unstable();
    title_grams.dedup();
    let mut sorted = words.to_vec();
    sorted.sort_unstable();
    let mut text_vec: Vec<(u64, f32)> = Vec::new();
    for w in sorted {
        match text_vec.last_mut() {
            Some(last) if last.0 == w => last.1 += 1.0,
            _ => text_vec.push((w, 1.0)),
        }
    }
    for p in &mut text_vec {
        p.1 *= idf.get(&p.0).copied().unwrap_or(1.0);
    }
    let norm = text_vec.iter().map(|p| p.1 * p.1).sum::<f32>().sqrt();
    if norm > 0.0 {
        text_vec.iter_mut().for_each(|p| p.1 /= norm);
    }
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
    Features {
        title_words,
        title_grams,
        title_norm,
        text_vec,
        shingles,
        position: if count > 1 {
            index as f32 / (count - 1) as f32
        } else {
            0.0
        },
        level: s.level,
    }
}

fn idf(docs: &[Vec<Vec<u64>>]) -> HashMap<u64, f32> {
    let mut df: HashMap<u64, f32> = HashMap::new();
    let mut n = 0.0;
    for sections in docs {
        for words in sections {
            n += 1.0;
            let mut uniq = words.clone();
            uniq.sort_unstable();
            uniq.dedup();
            for w in uniq {
                *df.entry(w).or_default() += 1.0;
            }
        }
    }
    df.into_iter()
        .map(|(w, d)| (w, (1.0 + n / d).ln()))
        .collect()
}

/// Lowercase words separated by single spaces, punctuation dropped.
fn normalize(text: &str) -> String {
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

/// FNV-1a hashes of the lowercase words of `text` (stable across runs and platforms,
/// so alignment is deterministic), without allocating a string per word.
fn word_hashes(text: &str) -> Vec<u64> {
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut h = FNV_OFFSET;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                let mut buf = [0u8; 4];
                for b in l.encode_utf8(&mut buf).bytes() {
                    h = (h ^ b as u64).wrapping_mul(FNV_PRIME);
                }
            }
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

fn hash_chars(chars: &[char]) -> u64 {
    chars
        .iter()
        .fold(FNV_OFFSET, |h, &c| (h ^ c as u64).wrapping_mul(FNV_PRIME))
}

fn cosine(a: &[(u64, f32)], b: &[(u64, f32)]) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

fn containment(part: &[u64], whole: &[u64]) -> f32 {
    if part.is_empty() {
        return 0.0;
    }
    let hits = part
        .iter()
        .filter(|s| whole.binary_search(s).is_ok())
        .count();
    hits as f32 / part.len() as f32
}

fn intersection(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn jaccard(a: &[u64], b: &[u64]) -> f32 {
    let common = intersection(a, b);
    let union = a.len() + b.len() - common;
    if union == 0 {
        0.0
    } else {
        common as f32 / union as f32
    }
}

fn dice(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    2.0 * intersection(a, b) as f32 / (a.len() + b.len()) as f32
}

#[cfg(test)]
mod tests;
