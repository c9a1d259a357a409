//! Figures: the amounts, shares and dates a redline calls out ("2 060 → 3 250 tkr").
//! A figure is news only when its value changed: "2 060" → "2060" is not.

use super::words::{Mark, Tok};
use serde::Serialize;

/// A figure, amount or date that changed, or that came or went with a table row/column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FigureChange {
    /// Where: "row, column" of a table cell, or empty for running text.
    pub context: String,
    /// Old value ("2 060 tkr"); empty for an added row or column.
    pub old: String,
    /// New value ("3 250 tkr"); empty for a removed row or column.
    pub new: String,
    /// What kind of call-out.
    pub kind: FigureKind,
    /// "ny rad", "borttagen kolumn" … (empty for a changed value).
    pub note: String,
    /// The cell, for tests and measurements.
    #[serde(skip)]
    pub cell: Option<CellRef>,
}

/// Kinds of call-outs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureKind {
    /// A figure in running text.
    Text,
    /// A cell of the same row and column in both versions.
    Cell,
    /// A cell of a row that is new.
    RowAdded,
    /// A cell of a row that was removed.
    RowRemoved,
    /// A cell of a column that is new.
    ColumnAdded,
    /// A cell of a column that was removed.
    ColumnRemoved,
}

/// A table cell behind a call-out: leaf index of the table in each body, and row
/// (header = 0) and column in each table (`None` on the side it does not exist).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellRef {
    /// Leaf index of the old table.
    pub old_table: usize,
    /// Leaf index of the new table.
    pub new_table: usize,
    /// Row in the old table.
    pub old_row: Option<usize>,
    /// Row in the new table.
    pub new_row: Option<usize>,
    /// Column in the old table.
    pub old_col: Option<usize>,
    /// Column in the new table.
    pub new_col: Option<usize>,
}

/// Whether text holds a figure (a digit).
pub(crate) fn has_figure(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
}

/// The numbers in a text, normalised: thousands separators dropped, decimal comma as
/// point, leading zeros dropped ("2 060" = "2060", "12,5" = "12.5", "05" = "5").
pub fn values(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut n = String::new();
        while i < chars.len() {
            let c = chars[i];
            let next_digit = chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if c.is_ascii_digit() {
                n.push(c);
            } else if matches!(c, ' ' | '\u{a0}' | '\u{202f}')
                && next_digit
                && chars[i + 1..].iter().take(3).all(char::is_ascii_digit)
                && chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
            {
                // thousands separator
            } else if matches!(c, ',' | '.') && next_digit && !n.contains('.') {
                n.push('.');
            } else {
                break;
            }
            i += 1;
        }
        let (int, frac) = n.split_once('.').unwrap_or((&n, ""));
        let int = int.trim_start_matches('0');
        let int = if int.is_empty() { "0" } else { int };
        let frac = frac.trim_end_matches('0');
        out.push(if frac.is_empty() {
            int.to_string()
        } else {
            format!("{int}.{frac}")
        });
    }
    out
}

/// Whether two texts with figures differ in a figure's value.
pub(crate) fn figures_differ(old: &str, new: &str) -> bool {
    (has_figure(old) || has_figure(new)) && values(old) != values(new)
}

/// Tokens as text, with the whitespace between them (not before the first).
pub(crate) fn join(toks: &[Tok]) -> String {
    let mut out = String::new();
    for (i, t) in toks.iter().enumerate() {
        if i > 0 && !t.gap.is_empty() {
            out.push(' ');
        }
        out.push_str(t.text);
    }
    out
}

/// Words of a long cell kept around each figure in the figures table, and the longest
/// text shown whole: the table lists figures, the redline below it has the prose.
const EXCERPT_CONTEXT: usize = 2;
const EXCERPT_WHOLE: usize = 12;

/// A long text cut down to its figures with a few words on each side
/// ("… unga arbetslösa 18-24 år som uppbär …"); short texts and texts without
/// figures come back whole.
pub(crate) fn excerpt(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= EXCERPT_WHOLE || !has_figure(text) {
        return words.join(" ");
    }
    let mut keep = vec![false; words.len()];
    for (i, w) in words.iter().enumerate() {
        if has_figure(w) {
            let end = (i + EXCERPT_CONTEXT + 1).min(words.len());
            keep[i.saturating_sub(EXCERPT_CONTEXT)..end].fill(true);
        }
    }
    let mut out = String::new();
    let mut gap = false;
    for (w, kept) in words.iter().zip(&keep) {
        if !kept {
            gap = true;
            continue;
        }
        if gap || !out.is_empty() {
            out.push_str(if gap { " … " } else { " " });
        }
        gap = false;
        out.push_str(w);
    }
    if gap {
        out.push_str(" …");
    }
    out.trim_start().to_string()
}

/// A row label of a long first cell, cut at a word boundary: it names the row in
/// the figures table, the redline shows it whole.
pub(crate) fn short_label(text: &str) -> String {
    const MAX_WORDS: usize = 8;
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= MAX_WORDS {
        return words.join(" ");
    }
    format!("{} …", words[..MAX_WORDS].join(" "))
}

/// Figures changed in running text: a run of deleted and inserted tokens with figures
/// on both sides and different values, with a short unit after it ("tkr", "%").
pub(crate) fn text_figures(marked: &[(Mark, Tok)], context: &str, out: &mut Vec<FigureChange>) {
    let mut i = 0;
    while i < marked.len() {
        if marked[i].0 == Mark::Same {
            i += 1;
            continue;
        }
        let start = i;
        while i < marked.len() && marked[i].0 != Mark::Same {
            i += 1;
        }
        let side = |m: Mark| -> Vec<Tok> {
            marked[start..i]
                .iter()
                .filter(|(k, _)| *k == m)
                .map(|(_, t)| *t)
                .collect()
        };
        let (old, new) = (join(&side(Mark::Del)), join(&side(Mark::Ins)));
        if has_figure(&old) && has_figure(&new) && values(&old) != values(&new) {
            let unit = marked.get(i).map(|(_, t)| unit(t)).unwrap_or_default();
            out.push(FigureChange {
                context: context.to_string(),
                old: format!("{old}{unit}"),
                new: format!("{new}{unit}"),
                kind: FigureKind::Text,
                note: String::new(),
                cell: None,
            });
        }
    }
}

/// Units shown with a changed number when they follow it.
const UNITS: &[&str] = &[
    "%",
    "tkr",
    "mkr",
    "mnkr",
    "mdkr",
    "kr",
    "kronor",
    "sek",
    "msek",
    "st",
    "procent",
    "procentenheter",
    "tusen",
    "miljoner",
    "miljarder",
    "år",
    "månader",
    "veckor",
    "dagar",
    "timmar",
    "tim",
    "h",
    "personer",
    "platser",
    "årsarbetare",
    "heltider",
];

/// A unit right after a changed number ("tkr", "%", "st"), to show with it.
fn unit(next: &Tok) -> String {
    let w = next.text.to_lowercase();
    match UNITS.contains(&w.as_str()) {
        true if next.gap.is_empty() => next.text.to_string(),
        true => format!(" {}", next.text),
        false => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats_compare_by_value() {
        assert_eq!(values("2 060"), values("2060"));
        assert_eq!(values("2 060 tkr"), vec!["2060"]);
        assert_eq!(values("12,5 %"), values("12.50%"));
        assert_ne!(values("12,5 %"), values("12,6 %"));
        assert_eq!(values("2024-12-18"), vec!["2024", "12", "18"]);
        assert!(!figures_differ("2 060", "2060 tkr"));
        assert!(figures_differ("2 060", "2 061"));
        assert!(figures_differ("Saknas", "45 %"));
        assert!(!figures_differ("Saknas", "Ska öka"));
    }

    #[test]
    fn long_cells_are_cut_to_their_figures() {
        let long = "DSO och DU ska tillsammans och i nära samarbete med Arbetsförmedlingen \
                    fortsätta arbetet med ett samverkansforum för unga arbetslösa 18-24 år \
                    som uppbär, eller riskerar att behöva, ekonomiskt bistånd.";
        assert_eq!(excerpt(long), "… unga arbetslösa 18-24 år som …");
        let dates = "Skriftlig 2025-03-26 Skriftlig 2025-09-17 Skriftliga underlag ska vara \
                     sakkunnig tillhanda tre veckor innan sammanträdet";
        assert_eq!(
            excerpt(dates),
            "Skriftlig 2025-03-26 Skriftlig 2025-09-17 Skriftliga underlag …"
        );
        // Short cells and cells without figures stay whole.
        assert_eq!(excerpt("2 060 tkr"), "2 060 tkr");
        let words = "ett två tre fyra fem sex sju åtta nio tio elva tolv tretton";
        assert_eq!(excerpt(words), words);
        assert_eq!(short_label("Summa"), "Summa");
        assert_eq!(
            short_label("DSO och DU ska fortsätta arbetet med ett samverkansforum"),
            "DSO och DU ska fortsätta arbetet med ett …"
        );
    }
}
