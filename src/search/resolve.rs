//! What a query word searches for. As typed first: its key and, while it is being
//! typed, the longer words it starts. A word typed without diacritics also finds the
//! words that only differ by them ("arbetstraning" → arbetsträning), ranked below the
//! word as typed. When nothing matches at all, the nearest vocabulary word within the
//! edit allowance is searched instead, then a split into two known parts
//! ("arbetstraningsinsatser" → arbetsträning + insatser); when that fails too, a few
//! near words are suggested. The vocabulary consulted is only the file of the word's
//! first letter (then of its second, for a slip at the start), and, for a split, of
//! the parts' first letters: what the browser loads. `search.js` mirrors this.

use super::fuzzy::{allowance, distance, fold};
use super::query::{Searcher, Term};
use super::stem::stem;
use super::vocab::Word;

/// Most shards that diacritic variants may add to a term's download.
pub const VARIANT_SHARDS: usize = 2;
/// Shortest word split into two parts.
pub const SPLIT_MIN: usize = 6;
/// Shortest part of a split.
const PART_MIN: usize = 3;
/// Longest word split or given suggestions (longer runs are no words; the work grows
/// with the length).
const LONGEST: usize = 48;
/// Suggestions shown when nothing is found.
pub const SUGGESTIONS: usize = 3;

/// One index key a term searches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Index key.
    pub key: String,
    /// A longer word the typed word starts.
    pub prefix: bool,
    /// As typed (not folded or corrected).
    pub exact: bool,
}

/// A term resolved: groups that must all match (two for a split word), each a set
/// of alternatives.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// Groups of alternatives.
    pub groups: Vec<Vec<Variant>>,
    /// The word shown in "Visar träffar för …" when it was replaced.
    pub display: Option<String>,
    /// Near words, when the term matched nothing.
    pub suggestions: Vec<String>,
}

/// The ending a word has beyond its stem ("insatser" → "er").
fn ending(text: &str) -> &str {
    text.strip_prefix(stem(text).as_str()).unwrap_or("")
}

/// A candidate's distance from a word: its key from the word's stem, or its written
/// form from the word, whichever is nearer (None beyond `max`). The flag tells
/// whether the written form was nearer.
fn nearness(stem_folded: &str, word_folded: &str, w: &Word, max: usize) -> Option<(usize, bool)> {
    let by_key = distance(stem_folded, &w.folded, max);
    let by_form = distance(word_folded, &fold(&w.surface), max);
    match (by_key, by_form) {
        (Some(k), Some(f)) if f < k => Some((f, true)),
        (Some(k), _) => Some((k, false)),
        (None, Some(f)) => Some((f, true)),
        (None, None) => None,
    }
}

/// The nearest word of `words` within `max` edits: fewest edits, then most frequent,
/// then first in vocabulary order.
fn nearest<'a>(
    stem_folded: &str,
    word_folded: &str,
    words: &'a [Word],
    max: usize,
) -> Option<(usize, bool, &'a Word)> {
    let mut best: Option<(usize, bool, &Word)> = None;
    for w in words {
        if let Some((d, by_form)) = nearness(stem_folded, word_folded, w, max) {
            let better = match best {
                None => true,
                Some((bd, _, bw)) => d < bd || (d == bd && w.freq > bw.freq),
            };
            if better {
                best = Some((d, by_form, w));
            }
        }
    }
    best
}

impl Searcher {
    /// The vocabulary file for words whose folded form starts with `c`.
    pub(super) fn vocab_part(&self, c: char) -> Option<usize> {
        if self.vocab.is_empty() {
            return None;
        }
        let s = c.to_string();
        Some(
            self.vocab
                .partition_point(|(first, _)| first.as_str() <= s.as_str())
                .saturating_sub(1),
        )
    }

    fn vocab_words(&self, c: Option<char>) -> &[Word] {
        c.and_then(|c| self.vocab_part(c))
            .map(|i| self.vocab[i].1.as_slice())
            .unwrap_or(&[])
    }

    /// What `term` searches for.
    pub(super) fn resolve(&self, term: &Term, literal: bool) -> Resolved {
        let mut variants = Vec::new();
        if self.postings(&term.key).is_some() {
            variants.push(Variant {
                key: term.key.clone(),
                prefix: false,
                exact: true,
            });
        }
        if let Some(p) = &term.prefix {
            for t in self.prefix_terms(p, &term.key).unwrap_or_default() {
                variants.push(Variant {
                    key: t.to_string(),
                    prefix: true,
                    exact: true,
                });
            }
        }
        if !term.word || literal {
            return Resolved {
                groups: vec![variants],
                ..Default::default()
            };
        }
        let as_typed = !variants.is_empty();
        let mut display = None;
        if fold(&term.text) == term.text {
            let alts = self.diacritic_variants(term);
            if !as_typed {
                display = alts.first().map(|v| {
                    if v.prefix {
                        v.key.chars().take(term.text.chars().count()).collect()
                    } else {
                        format!("{}{}", v.key, ending(&term.text))
                    }
                });
            }
            variants.extend(alts);
        }
        if !variants.is_empty() {
            return Resolved {
                groups: vec![variants],
                display,
                suggestions: Vec::new(),
            };
        }
        if let Some((w, shown, also)) = self.correction(term) {
            let mut group: Vec<Variant> = std::iter::once(w)
                .chain(also)
                .map(|w| Variant {
                    key: w.key.clone(),
                    prefix: false,
                    exact: false,
                })
                .collect();
            // A word still being typed also finds the longer words the correction starts.
            if term.prefix.is_some() {
                for t in self.prefix_terms(&w.key, &w.key).unwrap_or_default() {
                    group.push(Variant {
                        key: t.to_string(),
                        prefix: true,
                        exact: false,
                    });
                }
            }
            return Resolved {
                groups: vec![group],
                display: Some(shown),
                suggestions: Vec::new(),
            };
        }
        if let Some((first, second, shown)) = self.split(term) {
            let group = |w: &Word| {
                vec![Variant {
                    key: w.key.clone(),
                    prefix: false,
                    exact: false,
                }]
            };
            return Resolved {
                groups: vec![group(first), group(second)],
                display: Some(shown),
                suggestions: Vec::new(),
            };
        }
        Resolved {
            groups: vec![Vec::new()],
            display: None,
            suggestions: self.suggest(term),
        }
    }

    /// Words that differ from the (diacritic-free) typed word only by diacritics: the
    /// whole word first, then longer words it starts while typed; their shards beyond
    /// the term's own at most [`VARIANT_SHARDS`].
    fn diacritic_variants(&self, term: &Term) -> Vec<Variant> {
        let key = &term.key;
        let words = self.vocab_words(key.chars().next());
        let mut shards = vec![self.shard_of(key)];
        if let Some((a, b)) = term.prefix.as_ref().and_then(|p| self.prefix_shards(p)) {
            shards.extend(a..=b);
        }
        let whole = words
            .iter()
            .filter(|w| w.folded == *key && w.key != *key)
            .map(|w| (w, false));
        let longer = words
            .iter()
            .filter(|w| {
                term.prefix.as_ref().is_some_and(|p| {
                    w.folded.starts_with(p.as_str())
                        && w.folded != *key
                        && w.key != w.folded
                        && !w.key.starts_with(p.as_str())
                })
            })
            .map(|w| (w, true));
        let mut added = 0;
        let mut out = Vec::new();
        for (w, prefix) in whole.chain(longer) {
            let s = self.shard_of(&w.key);
            if !shards.contains(&s) {
                if added == VARIANT_SHARDS {
                    continue;
                }
                shards.push(s);
                added += 1;
            }
            out.push(Variant {
                key: w.key.clone(),
                prefix,
                exact: false,
            });
        }
        out
    }

    /// The nearest vocabulary word within the allowance, from the file of the first
    /// letter, else of the second; shown in its commonest written form (the typed
    /// ending is no guide when the slip is near the end: "kompetnes"). Also the other
    /// words as near in the same shard: stems of one word's forms differ
    /// ("arbetsmarknad" → arbetsmarkn, "arbetsmarknaden" → arbetsmarknad).
    fn correction(&self, term: &Term) -> Option<(&Word, String, Vec<&Word>)> {
        let fk = fold(&term.key);
        let fw = fold(&term.text);
        let max = allowance(fk.chars().count());
        if max == 0 {
            return None;
        }
        let mut letters = fk.chars();
        let first = letters.next().and_then(|c| self.vocab_part(c));
        let second = letters.next().and_then(|c| self.vocab_part(c));
        for part in [first, second.filter(|s| Some(*s) != first)]
            .into_iter()
            .flatten()
        {
            let words = &self.vocab[part].1;
            if let Some((d, _, w)) = nearest(&fk, &fw, words, max) {
                let shard = self.shard_of(&w.key);
                let also = words
                    .iter()
                    .filter(|o| {
                        o.key != w.key
                            && self.shard_of(&o.key) == shard
                            && nearness(&fk, &fw, o, d).is_some_and(|(od, _)| od == d)
                    })
                    .collect();
                return Some((w, w.surface.clone(), also));
            }
        }
        None
    }

    /// The best split of the word into a known first part (as typed, folded) and a
    /// second part within its allowance, with the words as shown.
    fn split(&self, term: &Term) -> Option<(&Word, &Word, String)> {
        let fw: Vec<char> = fold(&term.text).chars().collect();
        if !(SPLIT_MIN..=LONGEST).contains(&fw.len()) {
            return None;
        }
        let word: String = fw.iter().collect();
        let mut firsts: Vec<&Word> = self
            .vocab_words(fw.first().copied())
            .iter()
            .filter(|w| {
                let n = w.folded.chars().count();
                n >= PART_MIN
                    && fw.len() - n.min(fw.len()) >= PART_MIN
                    && word.starts_with(&w.folded)
            })
            .collect();
        firsts.sort_by(|a, b| {
            b.folded
                .chars()
                .count()
                .cmp(&a.folded.chars().count())
                .then(b.freq.cmp(&a.freq))
        });
        let mut best: Option<(usize, &Word, &Word, String)> = None;
        for first in firsts.into_iter().take(2) {
            let n = first.folded.chars().count();
            let rest: String = fw[n..].iter().collect();
            let mut rests = vec![rest.clone()];
            if rest.starts_with('s')
                && !first.folded.ends_with('s')
                && rest.chars().count() > PART_MIN
            {
                rests.push(rest[1..].to_string());
            }
            for r in rests {
                let max = allowance(r.chars().count());
                let rs = fold(&stem(&r));
                let words = self.vocab_words(r.chars().next());
                if let Some((d, _, w)) = nearest(&rs, &r, words, max) {
                    if best.as_ref().is_none_or(|b| d < b.0) {
                        best = Some((d, first, w, format!("{} {}", first.surface, w.surface)));
                    }
                }
            }
        }
        best.map(|(_, a, b, shown)| (a, b, shown))
    }

    /// Up to [`SUGGESTIONS`] written forms near the word, from its first letter's file.
    fn suggest(&self, term: &Term) -> Vec<String> {
        let fk = fold(&term.key);
        let fw = fold(&term.text);
        let len = fk.chars().count();
        if !(3..=LONGEST).contains(&len) {
            return Vec::new();
        }
        let max = len / 2 + 1;
        let mut near: Vec<(usize, u8, &Word)> = self
            .vocab_words(fk.chars().next())
            .iter()
            .filter_map(|w| nearness(&fk, &fw, w, max).map(|(d, _)| (d, w.freq, w)))
            .collect();
        near.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out: Vec<String> = Vec::new();
        for (_, _, w) in near {
            if !out.contains(&w.surface) {
                out.push(w.surface.clone());
            }
            if out.len() == SUGGESTIONS {
                break;
            }
        }
        out
    }
}

/// The query with each replaced word shown as searched, when any was replaced.
pub fn corrected_query(query: &str, terms: &[Term], resolved: &[Resolved]) -> Option<String> {
    if resolved.iter().all(|r| r.display.is_none()) {
        return None;
    }
    let mut out = String::new();
    let mut at = 0;
    for (t, r) in terms.iter().zip(resolved) {
        if let Some(d) = &r.display {
            out.push_str(&query[at..t.start]);
            out.push_str(d);
            at = t.end;
        }
    }
    out.push_str(&query[at..]);
    Some(out.trim().to_string())
}

#[cfg(test)]
mod tests {
    use crate::search::query::Filter;
    use crate::search::test_support::{entry, ids, site};

    #[test]
    fn diacritic_free_words_find_folded_ones_below_exact_matches() {
        let entries = [
            entry("a", 2024, "x", "Mål", "Arbetsträning och försörjningsstöd."),
            entry("a", 2024, "y", "Mal", "En mal i garderoben."),
        ];
        let (files, s) = site(&entries);
        let out = s.search_full("forsorjningsstod", &Filter::default());
        assert_eq!(ids(&files, &s, &out.hits), ["a/2024/#x"]);
        assert_eq!(out.corrected.as_deref(), Some("försörjningsstöd"));
        assert_eq!(out.hits[0].tier, 4, "a folded whole word");
        // Both exist: the word as typed first, no correction shown.
        let out = s.search_full("mal", &Filter::default());
        assert_eq!(ids(&files, &s, &out.hits), ["a/2024/#y", "a/2024/#x"]);
        assert_eq!(out.corrected, None);
        // Literal: only what was typed.
        let literal = Filter {
            literal: true,
            ..Filter::default()
        };
        assert!(s.search("forsorjningsstod", &literal).is_empty());
        // While typing without diacritics.
        let out = s.search_full("arbetstra", &Filter::default());
        assert_eq!(ids(&files, &s, &out.hits), ["a/2024/#x"]);
        assert_eq!(out.corrected.as_deref(), Some("arbetsträ"));
    }

    #[test]
    fn typos_are_corrected_and_compounds_split() {
        let entries = [
            entry(
                "a",
                2024,
                "x",
                "Insatser",
                "Arbetsträning och insatser för unga.",
            ),
            entry("a", 2024, "y", "Annat", "Kommunens budget."),
        ];
        let (files, s) = site(&entries);
        for typo in ["insattser", "isnatser", "arbetstränning", "arbetstraening"] {
            let out = s.search_full(typo, &Filter::default());
            assert_eq!(ids(&files, &s, &out.hits), ["a/2024/#x"], "{typo}");
            assert!(out.corrected.is_some(), "{typo}");
        }
        assert_eq!(
            s.search_full("unga insattser", &Filter::default())
                .corrected
                .as_deref(),
            Some("unga insatser")
        );
        let split = s.search_full("arbetsträningsinsattser", &Filter::default());
        assert_eq!(ids(&files, &s, &split.hits), ["a/2024/#x"]);
        assert_eq!(split.corrected.as_deref(), Some("arbetsträning insatser"));
        // Nothing near: no hits, suggestions from the vocabulary.
        let none = s.search_full("kommunxyzzy", &Filter::default());
        assert!(none.hits.is_empty());
        assert!(
            none.suggestions.contains(&"kommunens".to_string()),
            "{none:?}"
        );
        // A very long run is neither split nor given suggestions (the work grows with it).
        let long = "kommun".repeat(20);
        let out = s.search_full(&long, &Filter::default());
        assert!(out.hits.is_empty() && out.suggestions.is_empty() && out.corrected.is_none());
    }
}
