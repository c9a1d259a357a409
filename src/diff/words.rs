//! Words: styled text cut into tokens ("2 060", "2024-12-18" and "KAN24/22" stay whole),
//! each with the whitespace before it, and the minimal (Myers) diff of two token lists.

use super::tree::{Piece, Style, LINE_BREAK};
use similar::{capture_diff_slices, Algorithm, DiffOp};

/// A word or punctuation mark and the whitespace before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok<'a> {
    /// The token ("2 060", "och", ",").
    pub(crate) text: &'a str,
    /// Whitespace before it (may hold [`LINE_BREAK`]); exact in code blocks.
    pub(crate) gap: &'a str,
    /// Inline style.
    pub(crate) style: Style,
}

/// How a token shows in the redline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    /// In both versions.
    Same,
    /// Only in the new version.
    Ins,
    /// Only in the old version.
    Del,
}

/// The tokens of styled pieces.
pub(crate) fn tokenize(pieces: &[Piece]) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut gap: &str = "";
    for p in pieces {
        for (start, end) in spans(&p.text) {
            let text = &p.text[start..end];
            if text.chars().all(|c| c.is_whitespace() || c == LINE_BREAK) {
                // A break wins over a plain space when whitespace spans pieces.
                if gap.is_empty() || text.contains(LINE_BREAK) {
                    gap = text;
                }
            } else {
                out.push(Tok {
                    text,
                    gap: std::mem::take(&mut gap),
                    style: p.style,
                });
            }
        }
    }
    out
}

/// Plain-text tokens (no whitespace), for measuring against a minimal word diff.
pub fn words(text: &str) -> Vec<&str> {
    spans(text)
        .into_iter()
        .map(|(s, e)| &text[s..e])
        .filter(|t| !t.chars().all(char::is_whitespace))
        .collect()
}

/// Byte spans of words, whitespace runs and punctuation; numbers with thousands
/// separators ("2 060"), dates, codes ("KAN24/22") and decimals ("3,5") stay whole.
pub(crate) fn spans(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let byte = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        let c = chars[i].1;
        if c.is_alphanumeric() {
            while i < chars.len() {
                let ch = chars[i].1;
                let connector = matches!(ch, '-' | '/' | '.' | ',' | ':')
                    && at(i + 1).is_some_and(char::is_alphanumeric)
                    && at(i.wrapping_sub(1)).is_some_and(char::is_alphanumeric);
                if ch.is_alphanumeric() || connector {
                    i += 1;
                } else if matches!(ch, ' ' | '\u{a0}' | '\u{202f}')
                    && digit_group_at(&chars, i + 1)
                    && at(i - 1).is_some_and(|p| p.is_ascii_digit())
                    && digits_before(&chars, i) <= 3
                {
                    i += 4; // thousands separator: "2 060"
                } else {
                    break;
                }
            }
        } else if c.is_whitespace() {
            while at(i).is_some_and(char::is_whitespace) {
                i += 1;
            }
        } else {
            i += 1;
        }
        out.push((byte(start), byte(i)));
    }
    out
}

fn digit_group_at(chars: &[(usize, char)], at: usize) -> bool {
    at + 3 <= chars.len()
        && chars[at..at + 3].iter().all(|(_, c)| c.is_ascii_digit())
        && chars.get(at + 3).is_none_or(|(_, c)| !c.is_ascii_digit())
}

fn digits_before(chars: &[(usize, char)], end: usize) -> usize {
    chars[..end]
        .iter()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit())
        .count()
}

/// The minimal diff of two token lists (by text) as marked tokens in reading order.
pub(crate) fn diff_tokens<'a>(old: &[Tok<'a>], new: &[Tok<'a>]) -> Vec<(Mark, Tok<'a>)> {
    let a: Vec<&str> = old.iter().map(|t| t.text).collect();
    let b: Vec<&str> = new.iter().map(|t| t.text).collect();
    let mut out = Vec::with_capacity(old.len().max(new.len()));
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    let (o, n) = (old_index + k, new_index + k);
                    let (gap, tok) = kept_token(&old[o], &new[n], o == 0, n == 0);
                    out.extend(gap);
                    out.push((Mark::Same, tok));
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => out.extend(
                old[old_index..old_index + old_len]
                    .iter()
                    .map(|t| (Mark::Del, *t)),
            ),
            DiffOp::Insert {
                new_index, new_len, ..
            } => out.extend(
                new[new_index..new_index + new_len]
                    .iter()
                    .map(|t| (Mark::Ins, *t)),
            ),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                out.extend(
                    old[old_index..old_index + old_len]
                        .iter()
                        .map(|t| (Mark::Del, *t)),
                );
                out.extend(
                    new[new_index..new_index + new_len]
                        .iter()
                        .map(|t| (Mark::Ins, *t)),
                );
            }
        }
    }
    out
}

/// A token in both versions, with a space before it if either version has one (a word
/// that starts a paragraph on one side only must not run into the deleted text before it).
pub(crate) fn same<'a>(old: &Tok<'a>, new: &Tok<'a>) -> Tok<'a> {
    if new.gap.is_empty() && !old.gap.is_empty() {
        Tok {
            gap: old.gap,
            ..*new
        }
    } else {
        *new
    }
}

/// A token in both versions, and the whitespace before it when only one version has
/// it while the other runs on from the token before it in the same block ("a:" against
/// "a :"): that space is a change of its own, returned as an empty marked token of the
/// version that has it, and the kept token shows without it. `*_first`: the token
/// starts its block in that version (a block boundary is whitespace already).
pub(crate) fn kept_token<'a>(
    old: &Tok<'a>,
    new: &Tok<'a>,
    old_first: bool,
    new_first: bool,
) -> (Option<(Mark, Tok<'a>)>, Tok<'a>) {
    let gap_only = |mark: Mark, t: &Tok<'a>| {
        let gap = Tok {
            text: "",
            gap: t.gap,
            style: t.style,
        };
        Some((mark, gap))
    };
    let bare = Tok { gap: "", ..*new };
    if old.gap.is_empty() && !old_first && !new.gap.is_empty() {
        (gap_only(Mark::Ins, new), bare)
    } else if new.gap.is_empty() && !new_first && !old.gap.is_empty() {
        (gap_only(Mark::Del, old), bare)
    } else {
        (None, same(old, new))
    }
}

/// Words two texts share (Dice over distinct words), 0..=1.
pub(crate) fn similarity(a: &str, b: &str) -> f32 {
    use std::collections::BTreeSet;
    let wa: BTreeSet<&str> = words(a).into_iter().filter(|w| is_word(w)).collect();
    let wb: BTreeSet<&str> = words(b).into_iter().filter(|w| is_word(w)).collect();
    if wa.is_empty() || wb.is_empty() {
        return 0.0;
    }
    2.0 * wa.intersection(&wb).count() as f32 / (wa.len() + wb.len()) as f32
}

/// Holds a letter or digit.
pub(crate) fn is_word(token: &str) -> bool {
    token.chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        words(t)
    }

    #[test]
    fn numbers_dates_and_codes_stay_whole() {
        let t = texts("Budget 2 060 tkr, KAN24/22 den 2024-12-18 för 18-24 år, 12,5 %.");
        for want in [
            "2 060",
            "KAN24/22",
            "2024-12-18",
            "18-24",
            "tkr",
            "12,5",
            "%",
        ] {
            assert!(t.contains(&want), "{want} in {t:?}");
        }
        let s = "a\u{a0}b 1\u{a0}500 kr";
        assert!(texts(s).contains(&"1\u{a0}500"), "{:?}", texts(s));
    }

    #[test]
    fn tokens_keep_styles_and_gaps() {
        let pieces = vec![
            Piece {
                text: "Ett ".into(),
                style: Style::default(),
            },
            Piece {
                text: "viktigt".into(),
                style: Style {
                    flags: Style::EM,
                    link: None,
                },
            },
            Piece {
                text: "\u{2028}ord.".into(),
                style: Style::default(),
            },
        ];
        let t = tokenize(&pieces);
        let shown: Vec<(&str, &str)> = t.iter().map(|t| (t.gap, t.text)).collect();
        assert_eq!(
            shown,
            vec![
                ("", "Ett"),
                (" ", "viktigt"),
                ("\u{2028}", "ord"),
                ("", ".")
            ]
        );
        assert_eq!(t[1].style.flags, Style::EM);
    }
}
