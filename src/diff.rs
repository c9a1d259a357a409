//! Word- and cell-level differences between two versions of a section. Pure: blocks
//! in, HTML with `<ins>`/`<del>` (labelled for screen readers, styled with more than
//! colour) and the changed figures ("2 060 → 3 250 tkr") out.

use crate::markdown::{escape_html, Block};
use serde::Serialize;
use similar::{capture_diff_slices, Algorithm, DiffOp};

/// A figure, amount or date that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FigureChange {
    /// Where: the row/column of a table cell, or empty for running text.
    pub context: String,
    /// Old value ("2 060 tkr").
    pub old: String,
    /// New value ("3 250 tkr").
    pub new: String,
}

/// The rendered difference between two versions of a section body.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BodyDiff {
    /// HTML of the whole body with changes marked.
    pub html: String,
    /// Changed figures, in document order.
    pub figures: Vec<FigureChange>,
    /// Whether anything differs.
    pub changed: bool,
}

const DEL_OPEN: &str = "<del><span class=\"visually-hidden\">[borttaget: </span>";
const DEL_CLOSE: &str = "<span class=\"visually-hidden\">]</span></del>";
const INS_OPEN: &str = "<ins><span class=\"visually-hidden\">[tillagt: </span>";
const INS_CLOSE: &str = "<span class=\"visually-hidden\">]</span></ins>";

/// `text` escaped and marked as inserted or deleted (labelled for screen readers).
fn mark(text: &str, inserted: bool) -> String {
    if inserted {
        format!("{INS_OPEN}{}{INS_CLOSE}", escape_html(text))
    } else {
        format!("{DEL_OPEN}{}{DEL_CLOSE}", escape_html(text))
    }
}

/// A whole table row marked as inserted or deleted.
fn marked_row(row: &[String], inserted: bool) -> Vec<String> {
    row.iter().map(|c| mark(c, inserted)).collect()
}

/// Compares two section bodies block by block, then word by word (tables cell by cell).
pub fn diff_bodies(old: &[Block], new: &[Block]) -> BodyDiff {
    let key = |b: &Block| b.text();
    let old_keys: Vec<String> = old.iter().map(key).collect();
    let new_keys: Vec<String> = new.iter().map(key).collect();
    let mut out = BodyDiff::default();
    for step in walk(old, new, &old_keys, &new_keys) {
        let html = match step {
            Step::Equal(o, _) => whole_block(o, None),
            Step::Pair(o, n) => pair_blocks(o, n, &mut out.figures),
            Step::Whole(b, inserted) => whole_block(b, Some(inserted)),
        };
        out.changed |= !matches!(step, Step::Equal(..));
        out.html.push_str(&html);
    }
    out
}

/// A block shown whole: unchanged (`None`), inserted (`Some(true)`) or deleted.
pub fn whole_block(block: &Block, inserted: Option<bool>) -> String {
    let wrap = |text: &str| match inserted {
        None => escape_html(text),
        Some(ins) => mark(text, ins),
    };
    match block {
        Block::Text(t) => format!("<p dir=\"auto\">{}</p>\n", wrap(t)),
        Block::Table(rows) => table_html(
            rows.iter()
                .map(|r| r.iter().map(|c| wrap(c)).collect())
                .collect(),
        ),
    }
}

fn pair_blocks(old: &Block, new: &Block, figures: &mut Vec<FigureChange>) -> String {
    match (old, new) {
        (Block::Table(a), Block::Table(b)) => diff_tables(a, b, figures),
        _ => {
            let (o, n) = (old.text(), new.text());
            if similarity(&o, &n) < 0.25 {
                return format!(
                    "{}{}",
                    whole_block(old, Some(false)),
                    whole_block(new, Some(true))
                );
            }
            format!("<p dir=\"auto\">{}</p>\n", diff_words(&o, &n, "", figures))
        }
    }
}

/// One step of a diff walk.
enum Step<'a, T> {
    /// Items with equal keys.
    Equal(&'a T, &'a T),
    /// Items paired in order within a replaced run.
    Pair(&'a T, &'a T),
    /// A leftover item: inserted (`true`) or deleted.
    Whole(&'a T, bool),
}

/// The patience diff of `old`/`new` by their keys, as steps in document order.
fn walk<'a, T>(
    old: &'a [T],
    new: &'a [T],
    old_keys: &[String],
    new_keys: &[String],
) -> Vec<Step<'a, T>> {
    let mut steps = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, old_keys, new_keys) {
        let (o, n) = (op.old_range(), op.new_range());
        if let DiffOp::Equal { .. } = op {
            steps.extend(old[o].iter().zip(&new[n]).map(|(a, b)| Step::Equal(a, b)));
            continue;
        }
        let paired = o.len().min(n.len());
        steps.extend(
            old[o.clone()]
                .iter()
                .zip(&new[n.clone()])
                .map(|(a, b)| Step::Pair(a, b)),
        );
        steps.extend(
            old[o.start + paired..o.end]
                .iter()
                .map(|a| Step::Whole(a, false)),
        );
        steps.extend(
            new[n.start + paired..n.end]
                .iter()
                .map(|b| Step::Whole(b, true)),
        );
    }
    steps
}

/// Tables: rows matched by their first cell, then compared cell by cell.
fn diff_tables(
    old: &[Vec<String>],
    new: &[Vec<String>],
    figures: &mut Vec<FigureChange>,
) -> String {
    let header: Vec<String> = new.first().or(old.first()).cloned().unwrap_or_default();
    let row_key = |r: &Vec<String>| r.first().cloned().unwrap_or_default();
    let old_keys: Vec<String> = old.iter().map(row_key).collect();
    let new_keys: Vec<String> = new.iter().map(row_key).collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let cells =
        |o: &Vec<String>, n: &Vec<String>, figures: &mut Vec<FigureChange>| -> Vec<String> {
            let width = o.len().max(n.len());
            (0..width)
                .map(|c| {
                    let (oc, nc) = (
                        o.get(c).map_or("", String::as_str),
                        n.get(c).map_or("", String::as_str),
                    );
                    let context = [row_key(n), header.get(c).cloned().unwrap_or_default()]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(", ");
                    diff_words(oc, nc, &context, figures)
                })
                .collect()
        };
    for step in walk(old, new, &old_keys, &new_keys) {
        rows.push(match step {
            Step::Equal(o, n) | Step::Pair(o, n) => cells(o, n, figures),
            Step::Whole(r, inserted) => marked_row(r, inserted),
        });
    }
    table_html(rows)
}

fn table_html(rows: Vec<Vec<String>>) -> String {
    let mut html = String::from("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Tabell med ändringar\">\n<table>\n<caption class=\"visually-hidden\">Tabell med ändringar</caption>\n");
    for (i, row) in rows.iter().enumerate() {
        // dir="auto": a cell in Arabic runs right to left (see markdown::with_auto_direction).
        let tag = if i == 0 {
            "th scope=\"col\" dir=\"auto\""
        } else {
            "td dir=\"auto\""
        };
        let close = if i == 0 { "th" } else { "td" };
        if i == 0 {
            html.push_str("<thead>\n");
        } else if i == 1 {
            html.push_str("<tbody>\n");
        }
        html.push_str("<tr>");
        for cell in row {
            html.push_str(&format!("<{tag}>{cell}</{close}>"));
        }
        html.push_str("</tr>\n");
        if i == 0 {
            html.push_str("</thead>\n");
        }
    }
    if rows.len() > 1 {
        html.push_str("</tbody>\n");
    }
    html.push_str("</table>\n</div>\n");
    html
}

/// Inline word diff of two texts; changed figures are added to `figures`.
pub fn diff_words(old: &str, new: &str, context: &str, figures: &mut Vec<FigureChange>) -> String {
    if old == new {
        return escape_html(new);
    }
    let (a, b) = (tokens(old), tokens(new));
    let mut html = String::new();
    let ops = capture_diff_slices(Algorithm::Myers, &a, &b);
    for (k, op) in ops.iter().enumerate() {
        match *op {
            DiffOp::Equal { old_index, len, .. } => {
                html.push_str(&escape_html(&a[old_index..old_index + len].concat()))
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => html.push_str(&mark(&a[old_index..old_index + old_len].concat(), false)),
            DiffOp::Insert {
                new_index, new_len, ..
            } => html.push_str(&mark(&b[new_index..new_index + new_len].concat(), true)),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let (o, n) = (
                    a[old_index..old_index + old_len].concat(),
                    b[new_index..new_index + new_len].concat(),
                );
                html.push_str(&mark(&o, false));
                html.push_str(&mark(&n, true));
                if has_digit(&o) && has_digit(&n) {
                    let unit = unit_after(&ops, k, &b);
                    figures.push(FigureChange {
                        context: context.to_string(),
                        old: format!("{}{unit}", o.trim()),
                        new: format!("{}{unit}", n.trim()),
                    });
                }
            }
        }
    }
    html
}

/// A short unit word right after a changed number ("tkr", "%", "st") to show with it.
fn unit_after(ops: &[DiffOp], k: usize, b: &[String]) -> String {
    if let Some(DiffOp::Equal { new_index, len, .. }) = ops.get(k + 1) {
        let next: Vec<&String> = b[*new_index..new_index + len].iter().take(2).collect();
        if let [space, word] = next.as_slice() {
            let short_unit = word.chars().count() <= 6
                && !word.chars().any(|c| c.is_ascii_digit())
                && word.chars().any(|c| c.is_alphabetic() || c == '%');
            if space.trim().is_empty() && short_unit {
                return format!(" {word}");
            }
        } else if let [word] = next.as_slice() {
            if word.as_str() == "%" {
                return "%".into();
            }
        }
    }
    String::new()
}

fn has_digit(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
}

/// Words, whitespace and punctuation as separate tokens; "2 060", "2024-12-18",
/// "KAN24/22" and "3,5" stay one token each.
pub fn tokens(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        let c = chars[i];
        if c.is_alphanumeric() {
            while i < chars.len() {
                let connector = matches!(chars[i], '-' | '/' | '.' | ',' | ':')
                    && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric())
                    && chars[i - 1].is_alphanumeric();
                if chars[i].is_alphanumeric() || connector {
                    i += 1;
                } else if chars[i] == ' '
                    && is_digit_group(&chars, i + 1)
                    && chars[i - 1].is_ascii_digit()
                    && digits_before(&chars, i) <= 3
                {
                    i += 4; // thousands separator: "2 060"
                } else {
                    break;
                }
            }
        } else if c.is_whitespace() {
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
        } else {
            i += 1;
        }
        out.push(chars[start..i].iter().collect());
    }
    out
}

fn is_digit_group(chars: &[char], at: usize) -> bool {
    at + 3 <= chars.len()
        && chars[at..at + 3].iter().all(char::is_ascii_digit)
        && chars.get(at + 3).is_none_or(|c| !c.is_ascii_digit())
}

fn digits_before(chars: &[char], end: usize) -> usize {
    chars[..end]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count()
}

/// Share of words two texts have in common (Dice), for deciding whether to diff them inline.
fn similarity(a: &str, b: &str) -> f32 {
    use std::collections::HashSet;
    let wa: HashSet<&str> = a.split_whitespace().collect();
    let wb: HashSet<&str> = b.split_whitespace().collect();
    if wa.is_empty() || wb.is_empty() {
        return 0.0;
    }
    2.0 * wa.intersection(&wb).count() as f32 / (wa.len() + wb.len()) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_numbers_dates_and_codes_whole() {
        let t = tokens("Budget 2 060 tkr, KAN24/22 den 2024-12-18 för 18-24 år.");
        for want in ["2 060", "KAN24/22", "2024-12-18", "18-24", "tkr"] {
            assert!(t.contains(&want.to_string()), "{want} in {t:?}");
        }
        assert_eq!(
            t.concat(),
            "Budget 2 060 tkr, KAN24/22 den 2024-12-18 för 18-24 år."
        );
    }

    #[test]
    fn word_diff_marks_changes_and_calls_out_figures() {
        let mut figs = Vec::new();
        let html = diff_words(
            "Kostnad 2 060 tkr per år",
            "Kostnad 3 250 tkr per år",
            "",
            &mut figs,
        );
        assert!(
            html.contains("<del>") && html.contains("2 060") && html.contains("<ins>"),
            "{html}"
        );
        assert_eq!(
            figs,
            vec![FigureChange {
                context: "".into(),
                old: "2 060 tkr".into(),
                new: "3 250 tkr".into()
            }]
        );
    }

    #[test]
    fn tables_are_compared_cell_by_cell() {
        let old = vec![Block::Table(vec![
            vec!["Post".into(), "Belopp".into()],
            vec!["Integrationsvägledning".into(), "2 060".into()],
            vec!["Borta".into(), "1".into()],
        ])];
        let new = vec![Block::Table(vec![
            vec!["Post".into(), "Belopp".into()],
            vec!["Integrationsvägledning".into(), "3 250".into()],
        ])];
        let d = diff_bodies(&old, &new);
        assert!(d.changed);
        assert_eq!(d.figures[0].context, "Integrationsvägledning, Belopp");
        assert_eq!(
            (d.figures[0].old.as_str(), d.figures[0].new.as_str()),
            ("2 060", "3 250")
        );
        assert!(
            d.html
                .contains("<td dir=\"auto\">Integrationsvägledning</td>"),
            "{}",
            d.html
        );
        assert!(d.html.contains(&format!("{DEL_OPEN}Borta")), "{}", d.html);
    }

    #[test]
    fn unchanged_bodies_are_not_changed_and_text_is_escaped() {
        let b = vec![Block::Text("<script>x</script>".into())];
        let d = diff_bodies(&b, &b);
        assert!(!d.changed);
        assert!(d.html.contains("&lt;script&gt;"));
        let d = diff_bodies(&b, &[Block::Text("<script>y</script>".into())]);
        assert!(d.changed && !d.html.contains("<script"));
    }
}
