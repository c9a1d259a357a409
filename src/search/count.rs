//! The sections of one series, tokenized once and counted by distinct token. Made in
//! the series' own task (in parallel with other series' pages); what needs the whole
//! corpus — stems, compound parts, weights — waits for `index::merge`.

use super::index::Doc;
use super::tokenize::{for_each_index_token, Kind};
use std::collections::HashMap;

/// The heading bit of a section's count (the rest counts occurrences in the body).
const IN_TITLE: u32 = 1 << 31;

/// Token counts of a run of sections. Held until the whole site is built, so
/// compact: the distinct tokens in one string, and per section (token, count) pairs.
#[derive(Debug, Default, Clone)]
pub struct Counts {
    /// The distinct tokens, concatenated; token `i` ends at `ends[i]`.
    text: String,
    ends: Vec<u32>,
    /// Per token: occurrences as a word (`Kind::Word`), and whether it also occurs as
    /// a code or a number (then the index keeps it as written, as a global build does).
    words: Vec<u32>,
    other: Vec<bool>,
    /// Per section: body length in tokens, and where its pairs end in `pairs`.
    sections: Vec<(u32, u32)>,
    /// (token, occurrences in the body | `IN_TITLE` if in the heading), per section.
    pairs: Vec<(u32, u32)>,
}

/// One distinct token of [`Counts`].
pub struct Token<'a> {
    /// The token.
    pub text: &'a str,
    /// Occurrences as a word.
    pub words: u32,
    /// Also occurs as a code or number.
    pub other: bool,
}

/// One token's occurrences in one section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrences {
    /// Token number (in [`Counts::tokens`] order).
    pub token: u32,
    /// In the body.
    pub body: u32,
    /// In the heading.
    pub title: bool,
}

impl Counts {
    /// Tokenizes and counts `docs`, in order.
    pub fn new(docs: &[Doc]) -> Counts {
        let mut c = Counts::default();
        let mut ids: HashMap<String, u32, rustc_hash::FxBuildHasher> = HashMap::default();
        // Per token: its pair's place in `pairs` when the current section has one.
        let mut at: Vec<usize> = Vec::new();
        for d in docs {
            let start = c.pairs.len();
            let mut len = 0u32;
            for (in_title, field) in [(true, d.title), (false, d.text)] {
                for_each_index_token(field, |t, kind, _| {
                    len += u32::from(!in_title);
                    let id = match ids.get(t) {
                        Some(&id) => id,
                        None => {
                            let id = c.ends.len() as u32;
                            c.text.push_str(t);
                            c.ends.push(c.text.len() as u32);
                            c.words.push(0);
                            c.other.push(false);
                            at.push(usize::MAX);
                            ids.insert(t.to_string(), id);
                            id
                        }
                    };
                    let i = id as usize;
                    if kind == Kind::Word {
                        c.words[i] += 1;
                    } else {
                        c.other[i] = true;
                    }
                    if at[i] == usize::MAX || at[i] < start {
                        at[i] = c.pairs.len();
                        c.pairs.push((id, 0));
                    }
                    let count = &mut c.pairs[at[i]].1;
                    if in_title {
                        *count |= IN_TITLE;
                    } else {
                        *count += 1;
                    }
                });
            }
            c.sections.push((len, c.pairs.len() as u32));
        }
        // Held until every series is built: no spare capacity.
        c.text.shrink_to_fit();
        c.ends.shrink_to_fit();
        c.words.shrink_to_fit();
        c.other.shrink_to_fit();
        c.sections.shrink_to_fit();
        c.pairs.shrink_to_fit();
        c
    }

    /// The distinct tokens, numbered from 0.
    pub fn tokens(&self) -> impl Iterator<Item = Token<'_>> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .zip(self.words.iter().zip(&self.other))
            .map(|((s, &e), (&words, &other))| Token {
                text: &self.text[s as usize..e as usize],
                words,
                other,
            })
    }

    /// How many distinct tokens.
    pub fn token_count(&self) -> usize {
        self.ends.len()
    }

    /// How many sections.
    pub fn sections(&self) -> usize {
        self.sections.len()
    }

    /// Body lengths of the sections, in tokens.
    pub fn lens(&self) -> impl Iterator<Item = u32> + '_ {
        self.sections.iter().map(|&(len, _)| len)
    }

    /// Section `s`: its body length and the occurrences of each of its tokens.
    pub fn section(&self, s: usize) -> (u32, impl Iterator<Item = Occurrences> + '_) {
        let (len, end) = self.sections[s];
        let start = if s == 0 { 0 } else { self.sections[s - 1].1 };
        let pairs = self.pairs[start as usize..end as usize]
            .iter()
            .map(|&(token, n)| Occurrences {
                token,
                body: n & !IN_TITLE,
                title: n & IN_TITLE != 0,
            });
        (len, pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_each_distinct_token_per_section() {
        let docs = [
            Doc {
                title: "Insatser",
                text: "Insatser och insatser, KAN24/22.",
            },
            Doc {
                title: "Mål",
                text: "Insatser.",
            },
        ];
        let c = Counts::new(&docs);
        let tokens: Vec<&str> = c.tokens().map(|t| t.text).collect();
        assert_eq!(c.token_count(), tokens.len());
        let id = |s: &str| tokens.iter().position(|t| *t == s).unwrap() as u32;
        assert_eq!(c.sections(), 2);
        let (len, occ) = c.section(0);
        let occ: Vec<Occurrences> = occ.collect();
        assert_eq!(len, occ.iter().map(|o| o.body).sum::<u32>());
        let insatser = occ.iter().find(|o| o.token == id("insatser")).unwrap();
        assert_eq!((insatser.body, insatser.title), (2, true));
        assert!(occ.iter().any(|o| o.token == id("kan24/22") && !o.title));
        let (len, occ) = c.section(1);
        let occ: Vec<Occurrences> = occ.collect();
        assert_eq!(len, 1);
        assert!(occ.contains(&Occurrences {
            token: id("insatser"),
            body: 1,
            title: false
        }));
        let t = c.tokens().find(|t| t.text == "insatser").unwrap();
        assert_eq!((t.words, t.other), (4, false));
        assert!(c.tokens().find(|t| t.text == "kan24/22").unwrap().other);
        assert_eq!(c.lens().nth(1), Some(1));
    }
}
