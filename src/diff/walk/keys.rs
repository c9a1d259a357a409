//! What the alignment compares: a key per leaf (kind and words, paired tables sharing
//! one), and the runs of equal and changed leaves between anchors.

use crate::diff::tree::{Body, LeafKind};
use crate::diff::words::Tok;
use similar::{capture_diff_slices, Algorithm, DiffOp};
use std::collections::{BTreeMap, BTreeSet};

/// Tokens of an anchor short enough to let text move across it (a term, a label).
const SHORT_ANCHOR: usize = 4;

type Span = std::ops::Range<usize>;

/// Equal leaves (anchors, `true`) and changed runs between them. A short text anchor (a
/// term of a few words) between two changed runs joins them into one run, so text that
/// moved across it is compared word by word instead of being deleted and inserted whole.
pub(super) fn anchored_runs(
    okeys: &[String],
    nkeys: &[String],
    ntoks: &[Vec<Tok>],
) -> Vec<(bool, Span, Span)> {
    let short = |n: &Span| {
        n.clone()
            .all(|j| !nkeys[j].starts_with("\u{1}T") && !nkeys[j].starts_with("\u{1}C"))
            && n.clone().map(|j| ntoks[j].len()).sum::<usize>() <= SHORT_ANCHOR
    };
    let mut out: Vec<(bool, Span, Span)> = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, okeys, nkeys) {
        let (o, n) = (op.old_range(), op.new_range());
        let equal = matches!(op, DiffOp::Equal { .. });
        if let (false, [.., (false, ..), (true, _, anchor)]) = (equal, out.as_slice()) {
            if short(anchor) {
                out.pop();
                let (_, ro, rn) = out.pop().expect("a run before the anchor");
                out.push((false, ro.start..o.end, rn.start..n.end));
                continue;
            }
        }
        out.push((equal, o, n));
    }
    out
}

/// A word as compared: a linked word carries its link target, so a link that only
/// changed its target shows as changed.
pub(super) fn compared<'t>(body: &Body, t: &Tok<'t>) -> std::borrow::Cow<'t, str> {
    match t.style.link.and_then(|i| body.links.get(i as usize)) {
        Some((url, _)) => format!("{}\u{1}{url}", t.text).into(),
        None => t.text.into(),
    }
}

/// Comparison keys of leaves: kind and text; paired tables share a key.
pub(super) fn keys(
    old: &Body,
    new: &Body,
    otoks: &[Vec<Tok>],
    ntoks: &[Vec<Tok>],
) -> (Vec<String>, Vec<String>) {
    let key = |b: &Body, toks: &[Vec<Tok>], i: usize| -> String {
        let l = &b.leaves[i];
        let text = || {
            toks[i]
                .iter()
                .map(|t| compared(b, t))
                .collect::<Vec<_>>()
                .join(" ")
        };
        match &l.kind {
            LeafKind::Para if toks[i].is_empty() => "\u{1}E".into(),
            LeafKind::Para => format!("\u{1}P{}", text()),
            LeafKind::Term => format!("\u{1}D{}", text()),
            LeafKind::Code(info) => format!("\u{1}C{info}\n{}", l.pieces[0].text),
            LeafKind::Rule => "\u{1}R".into(),
            LeafKind::Table => String::new(),
        }
    };
    let mut ok: Vec<String> = (0..old.leaves.len()).map(|i| key(old, otoks, i)).collect();
    let mut nk: Vec<String> = (0..new.leaves.len()).map(|i| key(new, ntoks, i)).collect();
    let paired = crate::diff::table_pairs::pair_tables(old, new);
    let paired_old: BTreeMap<usize, usize> = paired.iter().map(|&(o, n)| (o, n)).collect();
    let paired_new: BTreeSet<usize> = paired.iter().map(|&(_, n)| n).collect();
    for (i, l) in old.leaves.iter().enumerate() {
        if l.kind == LeafKind::Table {
            ok[i] = match paired_old.get(&i) {
                Some(n) => format!("\u{1}T{n}"),
                None => format!("\u{1}To{i}"),
            };
        }
    }
    for (i, l) in new.leaves.iter().enumerate() {
        if l.kind == LeafKind::Table {
            nk[i] = if paired_new.contains(&i) {
                format!("\u{1}T{i}")
            } else {
                format!("\u{1}Tn{i}")
            };
        }
    }
    (ok, nk)
}
