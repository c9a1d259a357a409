//! The typo vocabulary: every word key of the index (stems and compound parts), with a
//! frequency class and its commonest written form, sorted by folded form and cut by
//! first folded letter into small files (`v/<hash>.js`). A query that needs it loads
//! only the part for the letter its word starts with, never the whole vocabulary.
//!
//! An entry is `key`, one digit (⌊log₂ sections⌋, at most 9), then the ending that
//! makes the written form (`insats5er` → key "insats", shown as "insatser").

use super::encode::{script, short_hash, Pack};
use super::fuzzy::fold;
use super::index::Posting;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// Letters are grouped into one file until it holds about this many bytes.
const PART_TARGET: usize = 3000;

/// One vocabulary entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Index key (a stem).
    pub key: String,
    /// `key` folded.
    pub folded: String,
    /// ⌊log₂ of the sections holding it⌋, 0..=9.
    pub freq: u8,
    /// The commonest written form (the key when none is known).
    pub surface: String,
}

/// Frequency class of a term held by `df` sections.
pub fn freq_class(df: usize) -> u8 {
    (usize::BITS - df.max(1).leading_zeros() - 1).min(9) as u8
}

/// Whether a term belongs in the vocabulary (letters only, two or more).
pub fn is_word_key(term: &str) -> bool {
    term.chars().nth(1).is_some()
        && term
            .chars()
            .all(|c| c.is_alphabetic() && (c as u32) < 0x10000)
}

fn encode(w: &Word) -> String {
    let ending = w.surface.strip_prefix(w.key.as_str()).unwrap_or("");
    format!("{}{}{}", w.key, w.freq, ending)
}

/// Parses one file's entries.
pub fn decode(s: &str) -> Option<Vec<Word>> {
    s.split(' ')
        .filter(|e| !e.is_empty())
        .map(|e| {
            let at = e.find(|c: char| c.is_ascii_digit())?;
            let key = &e[..at];
            let freq = e.as_bytes()[at] - b'0';
            Some(Word {
                key: key.to_string(),
                folded: fold(key),
                freq,
                surface: format!("{key}{}", &e[at + 1..]),
            })
        })
        .collect()
}

/// Writes the vocabulary files; returns them and the manifest's list
/// ("first letter|hash …", the first group's letter empty).
pub fn files(
    index: &BTreeMap<String, Vec<Posting>>,
    surfaces: &HashMap<String, String>,
) -> (Vec<(String, Vec<u8>)>, String) {
    let mut words: Vec<Word> = index
        .iter()
        .filter(|(t, _)| is_word_key(t))
        .map(|(t, p)| Word {
            key: t.clone(),
            folded: fold(t),
            freq: freq_class(p.len()),
            surface: surfaces
                .get(t)
                .filter(|s| s.starts_with(t.as_str()))
                .cloned()
                .unwrap_or_else(|| t.clone()),
        })
        .collect();
    words.sort_by(|a, b| (&a.folded, &a.key).cmp(&(&b.folded, &b.key)));
    // Runs of words by first folded letter, then runs of letters into files.
    let mut groups: Vec<(char, Vec<String>)> = Vec::new();
    for w in &words {
        let first = w.folded.chars().next().unwrap_or(' ');
        match groups.last_mut() {
            Some((c, list)) if *c == first => list.push(encode(w)),
            _ => groups.push((first, vec![encode(w)])),
        }
    }
    let mut out = Vec::new();
    let mut list = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    let mut start: Option<char> = None;
    let flush = |start: Option<char>,
                 pending: &mut Vec<String>,
                 out: &mut Vec<(String, Vec<u8>)>,
                 list: &mut Vec<String>| {
        if pending.is_empty() {
            return;
        }
        let value = Value::from(pending.join(" "));
        let hash = short_hash(value.to_string().as_bytes());
        let key = format!("v/{hash}");
        out.push((
            format!("search/{key}.js"),
            script(&key, &value, Pack::Small),
        ));
        let first = if list.is_empty() {
            String::new()
        } else {
            start.map(String::from).unwrap_or_default()
        };
        list.push(format!("{first}|{hash}"));
        pending.clear();
    };
    for (c, entries) in groups {
        if pending.iter().map(|e| e.len() + 1).sum::<usize>() >= PART_TARGET {
            flush(start, &mut pending, &mut out, &mut list);
        }
        if pending.is_empty() {
            start = Some(c);
        }
        pending.extend(entries);
    }
    flush(start, &mut pending, &mut out, &mut list);
    (out, list.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::encode::unscript;

    fn posting() -> Posting {
        Posting {
            entry: 0,
            weight: 1,
            part: false,
        }
    }

    #[test]
    fn entries_round_trip_with_frequency_and_written_form() {
        let mut index = BTreeMap::new();
        index.insert("insats".to_string(), vec![posting(); 5]);
        index.insert("åtgärd".to_string(), vec![posting()]);
        index.insert("2060".to_string(), vec![posting()]);
        index.insert("kan24/22".to_string(), vec![posting()]);
        let surfaces: HashMap<String, String> = [
            ("insats".to_string(), "insatser".to_string()),
            ("åtgärd".to_string(), "annat".to_string()),
        ]
        .into();
        let (files, list) = files(&index, &surfaces);
        assert_eq!(files.len(), 1);
        assert!(list.starts_with('|'));
        let (_, v) = unscript(&files[0].1).unwrap();
        assert_eq!(v, Value::from("åtgärd0 insats2er"), "sorted by folded form");
        let words = decode(v.as_str().unwrap()).unwrap();
        assert_eq!(words[1].surface, "insatser");
        assert_eq!(words[1].freq, 2);
        assert_eq!(words[0].folded, "atgard");
        assert_eq!(
            words[0].surface, "åtgärd",
            "a form not starting with the key is dropped"
        );
    }

    #[test]
    fn letters_are_grouped_into_small_files() {
        let mut index = BTreeMap::new();
        for first in ['a', 'b', 'c', 'ö'] {
            for i in 0..300u32 {
                let tail: String = [i / 26 % 26, i % 26, (i * 7) % 26]
                    .iter()
                    .map(|d| char::from(b'a' + *d as u8))
                    .collect();
                index.insert(format!("{first}ord{tail}"), vec![posting()]);
            }
        }
        let (files, list) = files(&index, &HashMap::new());
        assert!(files.len() >= 2, "{list}");
        let firsts: Vec<&str> = list
            .split(' ')
            .map(|l| l.split('|').next().unwrap())
            .collect();
        assert_eq!(firsts[0], "");
        assert!(firsts.windows(2).all(|w| w[0] < w[1]), "{firsts:?}");
        assert!(!list.contains("ö|"), "ö folds into o: {list}");
    }

    #[test]
    fn frequency_classes() {
        assert_eq!(freq_class(1), 0);
        assert_eq!(freq_class(3), 1);
        assert_eq!(freq_class(4), 2);
        assert_eq!(freq_class(100_000), 9);
    }
}
