//! Tables compared cell by cell, once `table_pairs` has said which rows and columns are
//! the same. A figure is called out as changed only for a cell of the same row and the
//! same column; cells of added and removed rows and columns are called out as such.

use super::figures::{
    excerpt, figures_differ, has_figure, short_label, text_figures, CellRef, FigureChange,
    FigureKind,
};
use super::render::{inline, Labels};
use super::table_pairs::{display_pairs, moved_rows, pair_columns, pair_rows, slots, Slot};
use super::tree::{Align, Body, Cell, Table};
use super::walk::{marked_pair, Seg};
use super::words::{diff_tokens, tokenize, Mark};
use crate::markdown::escape_html;
use std::collections::BTreeSet;

/// A compared table.
pub(crate) struct TableDiff {
    pub(crate) html: String,
    pub(crate) changed: bool,
}

struct Ctx<'a, 'l> {
    old: &'a Table,
    new: &'a Table,
    bodies: (&'a Body, &'a Body),
    labels: &'l Labels,
    at: (usize, usize),
    /// Key columns (old, new): a row's label is not a figure of it.
    key: (Option<usize>, Option<usize>),
    /// New rows shown beside an old row without being the same row.
    weak: BTreeSet<usize>,
}

fn cell(t: &Table, r: usize, c: usize) -> Option<&Cell> {
    t.rows.get(r).and_then(|row| row.get(c))
}

impl Ctx<'_, '_> {
    fn whole(&self, c: Option<&Cell>, mark: Mark) -> String {
        let Some(c) = c else { return String::new() };
        let body = if mark == Mark::Del {
            self.bodies.0
        } else {
            self.bodies.1
        };
        let segs: Vec<Seg> = tokenize(&c.pieces)
            .into_iter()
            .map(|t| Seg::Tok(mark, t))
            .collect();
        inline(&segs, (body, body), false, false, self.labels)
    }

    fn figure(
        &self,
        context: String,
        old: &str,
        new: &str,
        kind: FigureKind,
        r: (Option<usize>, Option<usize>),
        c: (Option<usize>, Option<usize>),
    ) -> FigureChange {
        let note = match kind {
            FigureKind::RowAdded => &self.labels.row_added,
            FigureKind::RowRemoved => &self.labels.row_removed,
            FigureKind::ColumnAdded => &self.labels.column_added,
            FigureKind::ColumnRemoved => &self.labels.column_removed,
            _ => "",
        };
        FigureChange {
            context,
            old: excerpt(old),
            new: excerpt(new),
            kind,
            note: note.to_string(),
            cell: Some(CellRef {
                old_table: self.at.0,
                new_table: self.at.1,
                old_row: r.0,
                new_row: r.1,
                old_col: c.0,
                new_col: c.1,
            }),
        }
    }
}

fn context(row: &str, col: &str) -> String {
    [short_label(row), short_label(col)]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Compares two tables cell by cell; call-outs go to `figures`.
pub(crate) fn diff_table(
    old: &Table,
    new: &Table,
    bodies: (&Body, &Body),
    at: (usize, usize),
    labels: &Labels,
    figures: &mut Vec<FigureChange>,
) -> TableDiff {
    let header = |t: &Table| -> Vec<String> {
        t.rows
            .first()
            .map(|r| r.iter().map(|c| c.text.clone()).collect())
            .unwrap_or_default()
    };
    let (oh, nh) = (header(old), header(new));
    let width = |t: &Table| t.rows.iter().map(Vec::len).max().unwrap_or(0);
    let (mut oh, mut nh) = (oh, nh);
    oh.resize(width(old), String::new());
    nh.resize(width(new), String::new());
    let cols = pair_columns(old, new, &oh, &nh);
    let key_new = (0..nh.len()).find(|&j| cols[j].is_some());
    let key = (key_new.and_then(|j| cols[j]), key_new);
    let rows = pair_rows(old, new, key);
    let moved = moved_rows(&rows);
    let mut shown = rows.clone();
    let mut weak = BTreeSet::new();
    for (i, j) in display_pairs(old, new, &rows, &moved) {
        shown[j] = Some(i);
        weak.insert(j);
    }
    let rows = shown;
    let col_slots = slots(&cols, oh.len());
    let row_slots = slots(&rows, old.rows.len().saturating_sub(1));
    let cx = Ctx {
        old,
        new,
        bodies,
        labels,
        at,
        key,
        weak,
    };
    // A row is named by its key cell; a continuation row by the row it continues.
    let label_of = |t: &Table, r: usize| -> String {
        let col = if std::ptr::eq(t, old) { key.0 } else { key.1 };
        let Some(col) = col else { return String::new() };
        (0..=r)
            .rev()
            .find_map(|k| {
                cell(t, k + 1, col)
                    .filter(|c| !c.text.is_empty())
                    .map(|c| c.text.clone())
            })
            .unwrap_or_default()
    };
    let mut changed = false;
    let mut html = String::new();
    let align = |s: Slot| -> &'static str {
        let a = match s {
            Slot::Both(_, j) | Slot::New(j) => new.aligns.get(j),
            Slot::Old(i) => old.aligns.get(i),
        };
        match a {
            Some(Align::Left) => " align=\"left\"",
            Some(Align::Right) => " align=\"right\"",
            Some(Align::Center) => " align=\"center\"",
            _ => "",
        }
    };
    html.push_str(&format!(
        "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{0}\">\n<table>\n<caption class=\"visually-hidden\">{0}</caption>\n<thead>\n<tr>",
        escape_html(&labels.table)
    ));
    for &s in &col_slots {
        let content = match s {
            Slot::Both(i, j) => {
                let segs = marked_pair(
                    &tokenize(old.rows[0].get(i).map_or(&[][..], |c| &c.pieces)),
                    &tokenize(new.rows[0].get(j).map_or(&[][..], |c| &c.pieces)),
                );
                changed |= segs
                    .iter()
                    .any(|s| matches!(s, Seg::Tok(m, _) if *m != Mark::Same));
                inline(&segs, bodies, false, false, labels)
            }
            Slot::New(j) => {
                changed = true;
                cx.whole(cell(new, 0, j), Mark::Ins)
            }
            Slot::Old(i) => {
                changed = true;
                cx.whole(cell(old, 0, i), Mark::Del)
            }
        };
        html.push_str(&format!(
            "<th scope=\"col\" dir=\"auto\"{}>{content}</th>",
            align(s)
        ));
    }
    html.push_str("</tr>\n</thead>\n");
    if !row_slots.is_empty() {
        html.push_str("<tbody>\n");
    }
    for &r in &row_slots {
        let class = match r {
            Slot::New(_) => " class=\"row-added\"",
            Slot::Old(_) => " class=\"row-removed\"",
            Slot::Both(_, j) if moved.contains(&j) => " class=\"row-moved\"",
            _ => "",
        };
        html.push_str(&format!("<tr{class}>"));
        for (ci, &c) in col_slots.iter().enumerate() {
            let content = self::cell_html(&cx, r, c, &oh, &nh, &label_of, figures, &mut changed);
            let moved_note = match (r, ci) {
                (Slot::Both(_, j), 0) if moved.contains(&j) => {
                    changed = true;
                    format!(
                        "<span class=\"visually-hidden\">[{}] </span>",
                        escape_html(&labels.row_moved)
                    )
                }
                _ => String::new(),
            };
            html.push_str(&format!(
                "<td dir=\"auto\"{}>{moved_note}{content}</td>",
                align(c)
            ));
        }
        html.push_str("</tr>\n");
    }
    if !row_slots.is_empty() {
        html.push_str("</tbody>\n");
    }
    html.push_str("</table>\n</div>\n");
    TableDiff { html, changed }
}

#[allow(clippy::too_many_arguments)]
fn cell_html(
    cx: &Ctx,
    r: Slot,
    c: Slot,
    oh: &[String],
    nh: &[String],
    label_of: &dyn Fn(&Table, usize) -> String,
    figures: &mut Vec<FigureChange>,
    changed: &mut bool,
) -> String {
    let (old, new) = (cx.old, cx.new);
    let text = |t: &Table, r: usize, c: usize| {
        cell(t, r + 1, c)
            .map_or("", |c| c.text.as_str())
            .to_string()
    };
    match (r, c) {
        (Slot::Both(ri, rj), Slot::Both(ci, cj)) => {
            let (a, b) = (cell(old, ri + 1, ci), cell(new, rj + 1, cj));
            let ta = a.map_or(Vec::new(), |c| tokenize(&c.pieces));
            let tb = b.map_or(Vec::new(), |c| tokenize(&c.pieces));
            let marked = diff_tokens(&ta, &tb);
            if marked.iter().any(|(m, _)| *m != Mark::Same) {
                *changed = true;
                let (ot, nt) = (text(old, ri, ci), text(new, rj, cj));
                if cx.weak.contains(&rj) {
                    // Not the same row: its figures went and came, none "changed".
                    let label = (Some(ci) == cx.key.0, Some(cj) == cx.key.1);
                    if has_figure(&ot) && !label.0 {
                        figures.push(cx.figure(
                            context(&label_of(old, ri), &oh[ci]),
                            &ot,
                            "",
                            FigureKind::RowRemoved,
                            (Some(ri + 1), None),
                            (Some(ci), None),
                        ));
                    }
                    if has_figure(&nt) && !label.1 {
                        figures.push(cx.figure(
                            context(&label_of(new, rj), &nh[cj]),
                            "",
                            &nt,
                            FigureKind::RowAdded,
                            (None, Some(rj + 1)),
                            (None, Some(cj)),
                        ));
                    }
                } else if figures_differ(&ot, &nt) {
                    let ctx = context(&label_of(new, rj), &nh[cj]);
                    if ta.len().max(tb.len()) <= 12 {
                        figures.push(cx.figure(
                            ctx,
                            &ot,
                            &nt,
                            FigureKind::Cell,
                            (Some(ri + 1), Some(rj + 1)),
                            (Some(ci), Some(cj)),
                        ));
                    } else {
                        let before = figures.len();
                        text_figures(&marked, &ctx, figures);
                        for f in &mut figures[before..] {
                            *f = cx.figure(
                                f.context.clone(),
                                &f.old,
                                &f.new,
                                FigureKind::Cell,
                                (Some(ri + 1), Some(rj + 1)),
                                (Some(ci), Some(cj)),
                            );
                        }
                    }
                }
            }
            let segs: Vec<Seg> = marked.into_iter().map(|(m, t)| Seg::Tok(m, t)).collect();
            inline(&segs, cx.bodies, false, false, cx.labels)
        }
        (Slot::Both(_, rj) | Slot::New(rj), Slot::New(cj)) | (Slot::New(rj), Slot::Both(_, cj)) => {
            *changed = true;
            let t = text(new, rj, cj);
            let label = matches!(r, Slot::New(_)) && Some(cj) == cx.key.1;
            if has_figure(&t) && !label {
                let kind = if matches!(r, Slot::New(_)) {
                    FigureKind::RowAdded
                } else {
                    FigureKind::ColumnAdded
                };
                let old_row = if let Slot::Both(ri, _) = r {
                    Some(ri + 1)
                } else {
                    None
                };
                figures.push(cx.figure(
                    context(&label_of(new, rj), &nh[cj]),
                    "",
                    &t,
                    kind,
                    (old_row, Some(rj + 1)),
                    (None, Some(cj)),
                ));
            }
            cx.whole(cell(new, rj + 1, cj), Mark::Ins)
        }
        (Slot::Both(ri, _) | Slot::Old(ri), Slot::Old(ci)) | (Slot::Old(ri), Slot::Both(ci, _)) => {
            *changed = true;
            let t = text(old, ri, ci);
            let label = matches!(r, Slot::Old(_)) && Some(ci) == cx.key.0;
            if has_figure(&t) && !label {
                let kind = if matches!(r, Slot::Old(_)) {
                    FigureKind::RowRemoved
                } else {
                    FigureKind::ColumnRemoved
                };
                let new_row = if let Slot::Both(_, rj) = r {
                    Some(rj + 1)
                } else {
                    None
                };
                figures.push(cx.figure(
                    context(&label_of(old, ri), &oh[ci]),
                    &t,
                    "",
                    kind,
                    (Some(ri + 1), new_row),
                    (Some(ci), None),
                ));
            }
            cx.whole(cell(old, ri + 1, ci), Mark::Del)
        }
        // A removed row has no cell in a new column, and the other way round.
        _ => String::new(),
    }
}

/// A whole table, inserted or deleted (or unchanged with `Mark::Same`).
pub(crate) fn whole_table(t: &Table, body: &Body, mark: Mark, labels: &Labels) -> String {
    let cx = Ctx {
        old: t,
        new: t,
        bodies: (body, body),
        labels,
        at: (0, 0),
        key: (None, None),
        weak: BTreeSet::new(),
    };
    let mut html = format!(
        "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{0}\">\n<table>\n<caption class=\"visually-hidden\">{0}</caption>\n",
        escape_html(&labels.table)
    );
    for (r, row) in t.rows.iter().enumerate() {
        if r == 0 {
            html.push_str("<thead>\n");
        } else if r == 1 {
            html.push_str("<tbody>\n");
        }
        html.push_str("<tr>");
        for c in row {
            let (open, close) = if r == 0 {
                ("<th scope=\"col\" dir=\"auto\">", "</th>")
            } else {
                ("<td dir=\"auto\">", "</td>")
            };
            html.push_str(&format!("{open}{}{close}", cx.whole(Some(c), mark)));
        }
        html.push_str("</tr>\n");
        if r == 0 {
            html.push_str("</thead>\n");
        }
    }
    if t.rows.len() > 1 {
        html.push_str("</tbody>\n");
    }
    html.push_str("</table>\n</div>\n");
    html
}
