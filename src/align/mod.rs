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

mod features;
mod score;
mod timeline;

pub use timeline::{timeline, TimelineRow};

use crate::markdown::{ParsedDoc, Section};
use crate::slug::{slugify, unique, Taken};
use features::{series_features, Features, Vocabulary};
use score::{containment, pair_scores};
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
    let features = series_features(editions);
    for e in 0..n.saturating_sub(1) {
        for (a, b) in match_features(
            editions[e],
            editions[e + 1],
            &features.docs[e],
            &features.docs[e + 1],
            features.vocabulary,
        ) {
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
    let features = series_features(&[old, new]);
    match_features(
        old,
        new,
        &features.docs[0],
        &features.docs[1],
        features.vocabulary,
    )
}

fn match_features(
    old: &ParsedDoc,
    new: &ParsedDoc,
    fa: &[Features],
    fb: &[Features],
    vocabulary: Vocabulary,
) -> Vec<(usize, usize)> {
    // Every pair is scored once; the second round only adds the parent bonus.
    let width = fb.len();
    let scores = pair_scores(fa, fb, vocabulary);
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

#[cfg(test)]
mod tests;
