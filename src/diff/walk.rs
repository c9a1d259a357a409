//! Alignment: which leaves of the old and new body correspond, and how each shows.
//! Equal leaves are anchors (patience diff on the leaves); inside a changed run the
//! words of all its leaves are compared as one stream with a separator token between
//! leaves, so text that only moved between paragraphs or list items (split, join,
//! paragraph → list) matches word for word and marks only the seam. Tables are paired
//! by content and compared by the table module. Whole leaves that left one place and
//! reappear elsewhere are shown as moved.

use super::figures::{text_figures, FigureChange};
use super::render::Labels;
use super::tables;
use super::tree::{Body, LeafKind};
use super::words::{diff_tokens, kept_token, tokenize, Mark, Tok};
use similar::{capture_diff_slices, Algorithm, DiffOp};
use std::collections::{BTreeMap, BTreeSet};

mod keys;
mod places;
mod run_ons;

use keys::{anchored_runs, compared, keys};

/// Which version a leaf or container belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Side {
    Old,
    New,
}

/// A paragraph boundary that moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seam {
    /// A paragraph (or item) starts here that continued the previous one before.
    Split,
    /// Two paragraphs were joined here.
    Join,
}

/// One piece of a shown leaf.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Seg<'a> {
    Tok(Mark, Tok<'a>),
    Seam(Seam),
    /// A leaf without words (rule, empty item, whole table) in this mark.
    Whole(Mark),
}

/// How a shown leaf relates to the other version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Same,
    /// Same words, different structure (e.g. paragraph → list item).
    Reshaped,
    Changed,
    Inserted,
    Deleted,
    MovedFrom,
    MovedTo,
}

/// A leaf as shown in the redline, in the structure of `side`.
pub(crate) struct Out<'a> {
    pub(crate) side: Side,
    pub(crate) leaf: usize,
    pub(crate) segs: Vec<Seg<'a>>,
    /// Rendered table (paired tables).
    pub(crate) table: Option<String>,
    pub(crate) status: Status,
    /// Containers, outermost first; old containers that have a new counterpart are named by it.
    pub(crate) path: Vec<(Side, u32)>,
}

/// The aligned bodies.
pub(crate) struct Walk<'a> {
    pub(crate) outs: Vec<Out<'a>>,
    pub(crate) figures: Vec<FigureChange>,
}

const SEP: &str = "\u{2029}";

#[derive(Clone, Copy)]
struct RunTok {
    /// Leaf index, or `usize::MAX` for the separator.
    leaf: usize,
    /// Token index in the leaf, or `None` for a leaf shown whole.
    tok: Option<usize>,
}

impl RunTok {
    fn is_sep(&self) -> bool {
        self.leaf == usize::MAX
    }
}

struct Edit {
    mark: Mark,
    old: Option<RunTok>,
    new: Option<RunTok>,
}

struct Walker<'a, 'l> {
    old: &'a Body,
    new: &'a Body,
    otoks: Vec<Vec<Tok<'a>>>,
    ntoks: Vec<Vec<Tok<'a>>>,
    pairs: BTreeSet<(usize, usize)>,
    outs: Vec<Out<'a>>,
    figures: Vec<FigureChange>,
    labels: &'l Labels,
}

/// Aligns two bodies leaf by leaf and word by word.
pub(crate) fn walk<'a>(old: &'a Body, new: &'a Body, labels: &Labels) -> Walk<'a> {
    let toks = |b: &'a Body| -> Vec<Vec<Tok<'a>>> {
        b.leaves.iter().map(|l| tokenize(&l.pieces)).collect()
    };
    let mut w = Walker {
        old,
        new,
        otoks: toks(old),
        ntoks: toks(new),
        pairs: BTreeSet::new(),
        outs: Vec::new(),
        figures: Vec::new(),
        labels,
    };
    let (okeys, nkeys) = keys(old, new, &w.otoks, &w.ntoks);
    for (equal, o, n) in anchored_runs(&okeys, &nkeys, &w.ntoks) {
        if equal {
            for (i, j) in o.zip(n) {
                w.equal_leaf(i, j);
            }
        } else {
            w.run(o, n, &okeys, &nkeys);
        }
    }
    w.moves();
    w.paths();
    Walk {
        outs: w.outs,
        figures: w.figures,
    }
}

impl<'a> Walker<'a, '_> {
    fn is_whole(&self, side: Side, leaf: usize) -> bool {
        let (b, toks) = match side {
            Side::Old => (self.old, &self.otoks),
            Side::New => (self.new, &self.ntoks),
        };
        matches!(b.leaves[leaf].kind, LeafKind::Rule | LeafKind::Table) || toks[leaf].is_empty()
    }

    fn kinds(
        &self,
        side: Side,
        leaf: usize,
    ) -> Vec<std::mem::Discriminant<super::tree::FrameKind>> {
        let b = if side == Side::Old {
            self.old
        } else {
            self.new
        };
        b.chain(&b.leaves[leaf])
            .iter()
            .map(|&f| std::mem::discriminant(&b.frames[f as usize].kind))
            .collect()
    }

    /// Leaves with equal keys: the same text (or paired tables).
    fn equal_leaf(&mut self, o: usize, n: usize) {
        self.pairs.insert((o, n));
        let mut out = Out {
            side: Side::New,
            leaf: n,
            segs: Vec::new(),
            table: None,
            status: Status::Same,
            path: Vec::new(),
        };
        if let (Some(a), Some(b)) = (&self.old.leaves[o].table, &self.new.leaves[n].table) {
            let t = tables::diff_table(
                a,
                b,
                (self.old, self.new),
                (o, n),
                self.labels,
                &mut self.figures,
            );
            out.status = if t.changed {
                Status::Changed
            } else {
                Status::Same
            };
            out.table = Some(t.html);
        } else if self.is_whole(Side::New, n) {
            out.segs.push(Seg::Whole(Mark::Same));
        } else {
            out.segs = self.ntoks[n]
                .iter()
                .map(|t| Seg::Tok(Mark::Same, *t))
                .collect();
        }
        if out.status == Status::Same && self.kinds(Side::Old, o) != self.kinds(Side::New, n) {
            out.status = Status::Reshaped;
        }
        self.outs.push(out);
    }

    /// A changed run: old leaves `o` against new leaves `n`, as one word stream.
    fn run(
        &mut self,
        o: std::ops::Range<usize>,
        n: std::ops::Range<usize>,
        okeys: &[String],
        nkeys: &[String],
    ) {
        let stream = |range: std::ops::Range<usize>, side: Side, w: &Walker<'a, '_>| {
            let (toks, keys) = if side == Side::Old {
                (&w.otoks, okeys)
            } else {
                (&w.ntoks, nkeys)
            };
            let mut run: Vec<RunTok> = Vec::new();
            let body = if side == Side::Old { w.old } else { w.new };
            let mut text: Vec<std::borrow::Cow<str>> = Vec::new();
            for leaf in range {
                if !run.is_empty() {
                    run.push(RunTok {
                        leaf: usize::MAX,
                        tok: None,
                    });
                    text.push(SEP.into());
                }
                if w.is_whole(side, leaf) {
                    run.push(RunTok { leaf, tok: None });
                    text.push(keys[leaf].as_str().into());
                } else {
                    for (k, t) in toks[leaf].iter().enumerate() {
                        run.push(RunTok { leaf, tok: Some(k) });
                        text.push(compared(body, t));
                    }
                }
            }
            (run, text)
        };
        let (a, at) = stream(o, Side::Old, self);
        let (b, bt) = stream(n, Side::New, self);
        let mut edits: Vec<Edit> = Vec::with_capacity(a.len().max(b.len()));
        for op in capture_diff_slices(Algorithm::Myers, &at, &bt) {
            let (or, nr) = (op.old_range(), op.new_range());
            match op {
                DiffOp::Equal { .. } => edits.extend(or.zip(nr).map(|(i, j)| Edit {
                    mark: Mark::Same,
                    old: Some(a[i]),
                    new: Some(b[j]),
                })),
                _ => {
                    edits.extend(or.map(|i| Edit {
                        mark: Mark::Del,
                        old: Some(a[i]),
                        new: None,
                    }));
                    edits.extend(nr.map(|j| Edit {
                        mark: Mark::Ins,
                        old: None,
                        new: Some(b[j]),
                    }));
                }
            }
        }
        self.keep_run_ons(&mut edits, Mark::Ins);
        self.emit(&edits);
    }

    fn emit(&mut self, edits: &[Edit]) {
        // Nearest old/new leaf with words before and after each edit (separators, rules
        // and tables count as a border: deleted words cannot show inside them).
        let near = |pick: &dyn Fn(&Edit) -> Option<RunTok>, rev: bool| -> Vec<Option<usize>> {
            let mut out = vec![None; edits.len()];
            let mut last = None;
            let order: Vec<usize> = if rev {
                (0..edits.len()).rev().collect()
            } else {
                (0..edits.len()).collect()
            };
            for i in order {
                out[i] = last;
                if let Some(t) = pick(&edits[i]) {
                    last = (!t.is_sep() && t.tok.is_some()).then_some(t.leaf);
                }
            }
            out
        };
        let prev_old = near(&|e| e.old, false);
        let next_old = near(&|e| e.old, true);
        let prev_new = near(&|e| e.new, false);
        let next_new = near(&|e| e.new, true);
        let mut kept: BTreeSet<usize> = BTreeSet::new();
        let mut span: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
        for (i, e) in edits.iter().enumerate() {
            if let Some(t) = e.old.filter(|t| !t.is_sep()) {
                if e.mark == Mark::Same {
                    kept.insert(t.leaf);
                }
                span.entry(t.leaf).and_modify(|s| s.1 = i).or_insert((i, i));
            }
        }
        // A wholly deleted old leaf stands alone unless it sits inside one new leaf.
        // A table or rule has no words to show inside a paragraph.
        let whole: BTreeSet<usize> = span
            .keys()
            .copied()
            .filter(|&l| self.is_whole(Side::Old, l))
            .collect();
        let standalone = |leaf: usize| -> bool {
            if whole.contains(&leaf) {
                return true;
            }
            !kept.contains(&leaf)
                && span.get(&leaf).is_some_and(|&(s, e)| {
                    let (p, n) = (prev_new[s], next_new[e]);
                    p.is_none() || n.is_none() || p != n
                })
        };
        let mut cur: Option<Out<'a>> = None;
        let mut split = false;
        let mut alone_done: BTreeSet<usize> = BTreeSet::new();
        let mut after: Vec<(usize, usize)> = Vec::new();
        // An old paragraph boundary inside the shown block `cur` was then: a join seam
        // if more of the old text follows in the same block.
        let mut joined: Option<(Side, usize)> = None;
        let seam = |cur: &mut Option<Out<'a>>, joined: &mut Option<(Side, usize)>| {
            if let (Some(at), Some(c)) = (joined.take(), cur.as_mut()) {
                if (c.side, c.leaf) == at {
                    c.segs.push(Seg::Seam(Seam::Join));
                }
            }
        };
        for (i, e) in edits.iter().enumerate() {
            match (e.mark, e.old, e.new) {
                (Mark::Same, Some(a), Some(_)) if a.is_sep() => {
                    joined = None;
                    self.flush(&mut cur);
                }
                (Mark::Ins, _, Some(b)) if b.is_sep() => {
                    joined = None;
                    self.flush(&mut cur);
                    split = prev_old[i].is_some() && prev_old[i] == next_old[i];
                }
                (Mark::Del, Some(a), _) if a.is_sep() => {
                    joined = cur.as_ref().map(|c| (c.side, c.leaf));
                }
                (mark, old, Some(b)) => {
                    self.target(&mut cur, Side::New, b.leaf, &mut split);
                    seam(&mut cur, &mut joined);
                    if let Some(a) = old {
                        self.pairs.insert((a.leaf, b.leaf));
                    }
                    match (old.and_then(|a| a.tok.map(|k| (a.leaf, k))), b.tok) {
                        (Some((ol, ok)), Some(nk)) => {
                            let (old_tok, new_tok) = (&self.otoks[ol][ok], &self.ntoks[b.leaf][nk]);
                            let (gap, tok) = kept_token(old_tok, new_tok, ok == 0, nk == 0);
                            let c = cur.as_mut().expect("a target leaf is open");
                            c.segs.extend(gap.map(|(m, g)| Seg::Tok(m, g)));
                            c.segs.push(Seg::Tok(mark, tok));
                        }
                        _ => self.push(&mut cur, Side::New, mark, b),
                    }
                }
                (_, Some(a), None) => {
                    if standalone(a.leaf) {
                        // All its words at once: inserted words between them belong to
                        // new blocks, which must not be cut in two by it.
                        if !alone_done.insert(a.leaf) {
                            continue;
                        }
                        // A rule, empty paragraph or table inside a new paragraph that
                        // goes on: shown after it; a table only when no old text follows
                        // in that paragraph (the old order needs it here then).
                        let old_text_follows = edits[i + 1..]
                            .iter()
                            .take_while(|e| !e.new.is_some_and(|t| t.is_sep()))
                            .any(|e| e.old.is_some_and(|t| !t.is_sep() && t.leaf != a.leaf));
                        let textless = self.old.leaves[a.leaf].table.is_none();
                        let movable = a.tok.is_none() && (textless || !old_text_follows);
                        if let Some(c) = cur.as_ref().filter(|c| movable && c.side == Side::New) {
                            if next_new[i] == Some(c.leaf) {
                                after.push((c.leaf, a.leaf));
                                continue;
                            }
                        }
                        self.target(&mut cur, Side::Old, a.leaf, &mut split);
                        for e in &edits[i..] {
                            if let (Mark::Del, Some(t)) = (e.mark, e.old) {
                                if !t.is_sep() && t.leaf == a.leaf {
                                    self.push(&mut cur, Side::Old, Mark::Del, t);
                                }
                            }
                        }
                        continue;
                    } else if cur.as_ref().is_none_or(|c| c.side == Side::Old) {
                        match next_new[i].or(prev_new[i]) {
                            Some(n) => self.target(&mut cur, Side::New, n, &mut split),
                            None => self.target(&mut cur, Side::Old, a.leaf, &mut split),
                        }
                    }
                    seam(&mut cur, &mut joined);
                    self.push(&mut cur, Side::Old, Mark::Del, a);
                }
                _ => {}
            }
        }
        self.flush(&mut cur);
        for (new_leaf, old_leaf) in after {
            let mut gone = Some(Out {
                side: Side::Old,
                leaf: old_leaf,
                segs: vec![Seg::Whole(Mark::Del)],
                table: None,
                status: Status::Deleted,
                path: Vec::new(),
            });
            self.flush(&mut gone);
            let out = self.outs.pop().expect("just flushed");
            let at = self
                .outs
                .iter()
                .rposition(|o| o.side == Side::New && o.leaf == new_leaf)
                .map_or(self.outs.len(), |k| k + 1);
            self.outs.insert(at, out);
        }
    }

    fn push(&mut self, cur: &mut Option<Out<'a>>, side: Side, mark: Mark, t: RunTok) {
        let c = cur.as_mut().expect("a target leaf is open");
        let toks = if side == Side::Old {
            &self.otoks
        } else {
            &self.ntoks
        };
        c.segs.push(match t.tok {
            Some(k) => Seg::Tok(mark, toks[t.leaf][k]),
            None => Seg::Whole(mark),
        });
    }

    fn target(&mut self, cur: &mut Option<Out<'a>>, side: Side, leaf: usize, split: &mut bool) {
        if cur
            .as_ref()
            .is_some_and(|c| c.side == side && c.leaf == leaf)
        {
            return;
        }
        self.flush(cur);
        let mut out = Out {
            side,
            leaf,
            segs: Vec::new(),
            table: None,
            status: Status::Same,
            path: Vec::new(),
        };
        if side == Side::New && std::mem::take(split) {
            out.segs.push(Seg::Seam(Seam::Split));
        }
        *cur = Some(out);
    }

    fn flush(&mut self, cur: &mut Option<Out<'a>>) {
        let Some(mut out) = cur.take() else { return };
        let marks: BTreeSet<u8> = out
            .segs
            .iter()
            .map(|s| match s {
                Seg::Tok(m, _) | Seg::Whole(m) => *m as u8,
                Seg::Seam(_) => 9,
            })
            .collect();
        let only = |m: Mark| marks.len() == 1 && marks.contains(&(m as u8));
        out.status = if only(Mark::Same) {
            Status::Same
        } else if only(Mark::Ins) {
            Status::Inserted
        } else if only(Mark::Del) {
            Status::Deleted
        } else {
            Status::Changed
        };
        let kind = if out.side == Side::Old {
            &self.old.leaves[out.leaf]
        } else {
            &self.new.leaves[out.leaf]
        };
        if let (Some(t), Status::Inserted | Status::Deleted) = (&kind.table, out.status) {
            let (body, mark) = if out.side == Side::Old {
                (self.old, Mark::Del)
            } else {
                (self.new, Mark::Ins)
            };
            out.table = Some(tables::whole_table(t, body, mark, self.labels));
        }
        if out.status == Status::Changed {
            let marked: Vec<(Mark, Tok)> = out
                .segs
                .iter()
                .filter_map(|s| match s {
                    Seg::Tok(m, t) => Some((*m, *t)),
                    _ => None,
                })
                .collect();
            text_figures(&marked, "", &mut self.figures);
        }
        self.outs.push(out);
    }
}

/// Marked tokens of two token lists (cells, headers), for tables.
pub(crate) fn marked_pair<'a>(old: &[Tok<'a>], new: &[Tok<'a>]) -> Vec<Seg<'a>> {
    diff_tokens(old, new)
        .into_iter()
        .map(|(m, t)| Seg::Tok(m, t))
        .collect()
}
