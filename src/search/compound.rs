//! Compound splitting. Swedish glues words together ("arbetsmarknadsinsatser"), so
//! a word is split into parts that occur in the corpus's own vocabulary, with the
//! linking -s- between parts ("arbets|marknads|insatser"). Among the ways to split,
//! the fewest parts win, then the most frequent parts; as in Koehn & Knight, a word is
//! split only when its parts are at least as frequent (geometric mean) as the word,
//! so a common word is not cut into rare look-alikes ("insatser" ≠ "insatt|ser"). Each
//! part is split again, so the index learns every level ("arbetsmarknad", "arbete",
//! "marknad", "insats"). Parts are stems, the same keys the index uses.

use super::stem::stem;
use super::tokenize::is_stopword;
use std::collections::HashMap;

type FastMap<K, V> = HashMap<K, V, rustc_hash::FxBuildHasher>;

/// Shortest part, in characters.
const MIN_PART: usize = 3;
/// Shortest word worth splitting.
const MIN_WORD: usize = 6;
/// Longest word tried (longer runs are noise, not words).
const MAX_WORD: usize = 48;
/// Most parts in one split.
const MAX_PARTS: usize = 5;
/// Endings that also occur as words (names, abbreviations, "ens") but are no
/// compound parts: "nämnd|ens", "när|ing|liv", "rådgiv|are".
const NOT_PARTS: &[&str] = &[
    "ens", "are", "ing", "ande", "ende", "het", "ast", "ern", "arna", "erna", "orna", "ade", "isk",
    "lig", "ligt", "iga",
];

/// The corpus vocabulary: word forms and stems with their frequencies.
#[derive(Debug, Default)]
pub struct Vocabulary {
    // Fx: the split search looks up every candidate part (SipHash was most of it).
    forms: FastMap<String, u32>,
    stems: FastMap<String, u32>,
}

impl Vocabulary {
    /// Builds the vocabulary from (lower-case word, count) pairs.
    pub fn new<'a>(words: impl IntoIterator<Item = (&'a str, u32)>) -> Vocabulary {
        let words: Vec<(&str, u32)> = words.into_iter().collect();
        let stems: Vec<String> = words.iter().map(|(w, _)| stem(w)).collect();
        Vocabulary::from_stemmed(
            words
                .iter()
                .zip(&stems)
                .map(|((w, n), s)| (*w, s.as_str(), *n)),
        )
    }

    /// [`Vocabulary::new`] from (word, its stem, count), the stems already made.
    pub fn from_stemmed<'a>(
        words: impl IntoIterator<Item = (&'a str, &'a str, u32)>,
    ) -> Vocabulary {
        let mut v = Vocabulary::default();
        for (w, s, n) in words {
            *v.forms.entry(w.to_string()).or_default() += n;
            *v.stems.entry(s.to_string()).or_default() += n;
        }
        v
    }

    /// How often a candidate part occurs: as a word form (counted by its stem's
    /// family) or as a stem ("arbet" in "arbetsmarknad"). Zero when unknown.
    fn part_frequency(&self, part: &str, last: bool) -> u32 {
        if NOT_PARTS.contains(&part) || (last && is_stopword(part)) {
            return 0;
        }
        if self.forms.contains_key(part) {
            return self.stems.get(&stem(part)).copied().unwrap_or(1);
        }
        if last {
            // An inflected last part ("insatserna") counts when its stem is known.
            let s = stem(part);
            return if s.chars().count() > MIN_PART {
                self.stems.get(&s).copied().unwrap_or(0)
            } else {
                0
            };
        }
        self.stems.get(part).copied().unwrap_or(0)
    }

    /// The stem keys of all parts of `word` (not the word's own stem), deepest
    /// split included. Empty when the word is no compound of known words.
    pub fn parts(&self, word: &str, memo: &mut HashMap<String, Vec<String>>) -> Vec<String> {
        if let Some(p) = memo.get(word) {
            return p.clone();
        }
        let mut out: Vec<String> = Vec::new();
        if let Some(split) = self.best_split(word) {
            let own = stem(word);
            for part in split {
                let key = stem(&part);
                let sub = self.parts(&part, memo);
                for k in std::iter::once(key).chain(sub) {
                    if k != own
                        && !is_stopword(&k)
                        && k.chars().count() >= MIN_PART
                        && !out.contains(&k)
                    {
                        out.push(k);
                    }
                }
            }
        }
        memo.insert(word.to_string(), out.clone());
        out
    }

    /// The best split of `word` into two or more known parts, if any.
    pub fn best_split(&self, word: &str) -> Option<Vec<String>> {
        // Byte offsets of the characters, and the end: parts are slices of `word`.
        let bounds: Vec<usize> = word
            .char_indices()
            .map(|(i, _)| i)
            .chain([word.len()])
            .collect();
        let chars = bounds.len() - 1;
        if !(MIN_WORD..=MAX_WORD).contains(&chars) || !word.chars().all(|c| c.is_alphabetic()) {
            return None;
        }
        let mut best: Option<(usize, f64, Vec<String>)> = None;
        let mut path = Vec::new();
        let split = Split {
            word,
            bounds: &bounds,
        };
        self.search(&split, 0, &mut path, &mut best);
        let whole = self
            .stems
            .get(&stem(word))
            .or_else(|| self.forms.get(word))
            .copied()
            .unwrap_or(0);
        best.filter(|(_, mean, _)| *mean >= f64::from(whole.max(1)).ln())
            .map(|(_, _, parts)| parts)
    }

    /// Depth-first over splits from character `at`; `path` holds (part, frequency) so far.
    fn search<'w>(
        &self,
        w: &Split<'w>,
        at: usize,
        path: &mut Vec<(&'w str, u32)>,
        best: &mut Option<(usize, f64, Vec<String>)>,
    ) {
        if path.len() >= MAX_PARTS {
            return;
        }
        let chars = w.bounds.len() - 1;
        // The rest as the last part (only when something came before it).
        if !path.is_empty() && chars - at >= MIN_PART {
            let rest = w.slice(at, chars);
            let f = self.part_frequency(rest, true);
            if f > 0 {
                path.push((rest, f));
                consider(path, best);
                path.pop();
            }
        }
        for end in at + MIN_PART..=chars.saturating_sub(MIN_PART) {
            let part = w.slice(at, end);
            let f = self.part_frequency(part, false);
            if f == 0 {
                continue;
            }
            path.push((part, f));
            self.search(w, end, path, best);
            // The linking -s- ("arbet|s|marknad"), unless the part already ends in s.
            if w.char(end) == "s" && w.char(end - 1) != "s" && chars - end > MIN_PART {
                self.search(w, end + 1, path, best);
            }
            path.pop();
        }
    }
}

/// A word being split, with the byte offset of each character (and of its end).
struct Split<'w> {
    word: &'w str,
    bounds: &'w [usize],
}

impl<'w> Split<'w> {
    /// Characters `from..to`.
    fn slice(&self, from: usize, to: usize) -> &'w str {
        &self.word[self.bounds[from]..self.bounds[to]]
    }

    /// Character `i`.
    fn char(&self, i: usize) -> &'w str {
        self.slice(i, i + 1)
    }
}

/// Keeps `path` if it has fewer parts, or as many with a higher geometric mean frequency.
fn consider(path: &[(&str, u32)], best: &mut Option<(usize, f64, Vec<String>)>) {
    let n = path.len();
    let mean = path.iter().map(|(_, f)| f64::from(*f).ln()).sum::<f64>() / n as f64;
    let better = match best {
        None => true,
        Some((bn, bm, _)) => n < *bn || (n == *bn && mean > *bm),
    };
    if better {
        *best = Some((n, mean, path.iter().map(|(p, _)| p.to_string()).collect()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(words: &[&str]) -> Vocabulary {
        Vocabulary::new(words.iter().map(|w| (*w, 1)))
    }

    #[test]
    fn splits_with_linking_s_into_known_words() {
        let v = vocab(&[
            "arbete",
            "marknad",
            "insatser",
            "arbetsmarknadsinsatser",
            "försörjning",
            "bistånd",
            "försörjningsbistånd",
        ]);
        assert_eq!(
            v.best_split("försörjningsbistånd").unwrap(),
            ["försörjning", "bistånd"]
        );
        let mut memo = HashMap::new();
        let parts = v.parts("arbetsmarknadsinsatser", &mut memo);
        assert!(parts.contains(&stem("insatser")), "{parts:?}");
        assert!(parts.contains(&stem("marknad")), "{parts:?}");
        // "arbet" is the stem of "arbete": a part may be a stem followed by the linking s.
        assert!(parts.contains(&"arbet".to_string()), "{parts:?}");
    }

    #[test]
    fn fewest_parts_win_and_parts_split_again() {
        let v = vocab(&["arbetsmarknad", "arbete", "marknad", "insatser"]);
        assert_eq!(
            v.best_split("arbetsmarknadsinsatser").unwrap(),
            ["arbetsmarknad", "insatser"]
        );
        let parts = v.parts("arbetsmarknadsinsatser", &mut HashMap::new());
        for p in ["arbetsmarknad", "arbete", "marknad", "insatser"] {
            assert!(parts.contains(&stem(p)), "{p} missing from {parts:?}");
        }
    }

    #[test]
    fn frequent_parts_beat_rare_ones() {
        // "stöd|insatser" vs "stödin|satser": both two parts; the frequent pair wins.
        let v = Vocabulary::new([("stöd", 50), ("insatser", 40), ("stödin", 1), ("satser", 1)]);
        assert_eq!(v.best_split("stödinsatser").unwrap(), ["stöd", "insatser"]);
    }

    #[test]
    fn common_words_are_not_cut_into_rare_look_alikes() {
        // "insatt" stems to "insat"; "insat|ser" would make "ser" find every "insatser".
        let v = Vocabulary::new([("insatser", 100), ("insatt", 2), ("ser", 3)]);
        assert_eq!(v.best_split("insatser"), None);
        // A compound rarer than its parts is split.
        let v = Vocabulary::new([("stödinsatser", 2), ("stöd", 30), ("insatser", 100)]);
        assert_eq!(v.best_split("stödinsatser").unwrap(), ["stöd", "insatser"]);
        let v = Vocabulary::new([("stödinsatser", 200), ("stöd", 3), ("insatser", 4)]);
        assert_eq!(v.best_split("stödinsatser"), None);
    }

    #[test]
    fn inflected_last_part_counts_through_its_stem() {
        let v = vocab(&["arbetsmarknad", "insatser"]);
        assert_eq!(
            v.best_split("arbetsmarknadsinsatserna").unwrap(),
            ["arbetsmarknad", "insatserna"]
        );
    }

    #[test]
    fn no_split_without_known_parts_or_for_short_words() {
        let v = vocab(&["kommun", "en", "verk", "insatser", "in"]);
        assert_eq!(
            v.best_split("kommunen"),
            None,
            "a two-letter tail is no part"
        );
        assert_eq!(v.best_split("verksamhet"), None);
        assert_eq!(v.best_split("insats"), None);
        assert_eq!(v.best_split("kan24x"), None, "digits are no compound");
        assert!(v.parts("insatser", &mut HashMap::new()).is_empty());
    }

    #[test]
    fn endings_are_no_parts() {
        let v = vocab(&[
            "nämnd",
            "ens",
            "när",
            "ing",
            "liv",
            "näring",
            "överklagan",
            "det",
            "rådgiv",
            "are",
        ]);
        assert_eq!(v.best_split("nämndens"), None);
        assert_eq!(
            v.best_split("överklagandet"),
            None,
            "a stop word is no last part"
        );
        assert_eq!(v.best_split("näringsliv").unwrap(), ["näring", "liv"]);
        assert_eq!(v.best_split("rådgivare"), None);
    }

    #[test]
    fn stopword_parts_are_not_indexed() {
        let v = vocab(&["med", "arbetare"]);
        assert_eq!(v.best_split("medarbetare").unwrap(), ["med", "arbetare"]);
        assert_eq!(
            v.parts("medarbetare", &mut HashMap::new()),
            [stem("arbetare")]
        );
    }
}
