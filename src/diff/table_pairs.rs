//! Which tables, columns and rows of two versions are the same: tables by header and
//! row labels; columns by header, tolerant to year bumps ("Budget 2025" → "Budget
//! 2026"); rows by their key cell, tolerant to a renamed label ("X och -samordning" →
//! "X"). Ambiguous pairings are left apart: a figure call-out on a public site is a
//! statement of fact.

use super::figures::has_figure;
use super::tree::{Body, Table};
use super::words::{is_word, similarity, words};
use std::collections::{BTreeMap, BTreeSet};

/// Pairs of (old leaf, new leaf) tables that are the same table, in order.
pub(crate) fn pair_tables(old: &Body, new: &Body) -> Vec<(usize, usize)> {
    let tables = |b: &Body| -> Vec<usize> {
        (0..b.leaves.len())
            .filter(|&i| b.leaves[i].table.is_some())
            .collect()
    };
    let (a, b) = (tables(old), tables(new));
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    let head = |body: &Body, i: usize| -> String {
        let t = body.leaves[i].table.as_ref().expect("table leaf");
        t.rows.first().map_or(String::new(), |r| {
            r.iter()
                .map(|c| year_free(&c.text))
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    let sig = |body: &Body, i: usize| -> String {
        let t = body.leaves[i].table.as_ref().expect("table leaf");
        let keys = t
            .rows
            .iter()
            .skip(1)
            .filter_map(|r| r.first().map(|c| c.text.clone()));
        std::iter::once(head(body, i))
            .chain(keys)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let sa: Vec<String> = a.iter().map(|&i| sig(old, i)).collect();
    let sb: Vec<String> = b.iter().map(|&i| sig(new, i)).collect();
    // Order-preserving chain of similar tables with the most words in common, so a
    // table kept as it was pairs with its twin, not with the first table that is merely
    // alike. The same header (years aside) is the same table even when all rows changed.
    let ha: Vec<String> = a.iter().map(|&i| head(old, i)).collect();
    let hb: Vec<String> = b.iter().map(|&j| head(new, j)).collect();
    let sims: Vec<Vec<f32>> = (0..a.len())
        .map(|i| {
            (0..b.len())
                .map(|j| {
                    let (ha, hb) = (&ha[i], &hb[j]);
                    if old.leaves[a[i]] == new.leaves[b[j]] {
                        3.0
                    } else if !ha.trim().is_empty() && ha == hb {
                        1.0 + similarity(&sa[i], &sb[j])
                    } else {
                        similarity(&sa[i], &sb[j])
                    }
                })
                .collect()
        })
        .collect();
    best_chain(&sims, 0.3)
        .into_iter()
        .map(|(i, j)| (a[i], b[j]))
        .collect()
}

/// Header text with years as `#`, lower case, so "Budget 2025 (tkr)" = "budget 2026 (tkr)".
fn year_free(text: &str) -> String {
    words(&text.to_lowercase())
        .into_iter()
        .map(|w| {
            let year = w.len() == 4
                && w.chars().all(|c| c.is_ascii_digit())
                && (w.starts_with("19") || w.starts_with("20"));
            if year {
                "#"
            } else {
                w
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn norm(text: &str) -> String {
    words(&text.to_lowercase()).join(" ")
}

/// For each new column, its old column. Equal headers (years aside) pair in order when
/// they occur as often on both sides; otherwise only identical headers pair. A renamed
/// header pairs when most words are kept, or when it is the only column left between
/// the same neighbours and at least a third of its cells are unchanged.
pub(super) fn pair_columns(
    old_t: &Table,
    new_t: &Table,
    old: &[String],
    new: &[String],
) -> Vec<Option<usize>> {
    let mut out = vec![None; new.len()];
    let groups = group_by_key(
        old.iter().map(|h| year_free(h)),
        new.iter().map(|h| year_free(h)),
    );
    let used = pair_by_key(
        &groups,
        |_| true,
        |i, j| old[i] == new[j] && !old[i].is_empty(),
        &mut out,
    );
    // Renamed headers: most words shared, each the other's best and unambiguous.
    let left_old: Vec<usize> = (0..old.len()).filter(|i| !used.contains(i)).collect();
    let left_new: Vec<usize> = (0..new.len()).filter(|&j| out[j].is_none()).collect();
    for (i, j) in mutual_best(&left_old, &left_new, |i, j| {
        let s = similarity(&year_free(&old[i]), &year_free(&new[j]));
        (s >= 0.5).then_some(s)
    }) {
        out[j] = Some(i);
    }
    // One column left between the same neighbours on both sides.
    let mut prev_old = None;
    let mut gap: Vec<usize> = Vec::new();
    for j in 0..=new.len() {
        match out.get(j).copied() {
            Some(None) => gap.push(j),
            paired => {
                let next_old = paired.flatten().unwrap_or(old.len());
                let from = prev_old.map_or(0, |p: usize| p + 1);
                let olds: Vec<usize> = (from..next_old.max(from))
                    .filter(|i| !out.contains(&Some(*i)))
                    .collect();
                if let ([i], [g]) = (olds.as_slice(), gap.as_slice()) {
                    if same_cells(old_t, new_t, *i, *g) * 3 >= old_t.rows.len().saturating_sub(1) {
                        out[*g] = Some(*i);
                    }
                }
                gap.clear();
                prev_old = paired.flatten().or(prev_old);
            }
        }
    }
    out
}

/// Cells of column `i` (old) and `j` (new) with equal text, row by row in order.
fn same_cells(old: &Table, new: &Table, i: usize, j: usize) -> usize {
    let col = |t: &Table, c: usize| -> Vec<String> {
        t.rows
            .iter()
            .skip(1)
            .map(|r| r.get(c).map(|c| c.text.clone()).unwrap_or_default())
            .collect()
    };
    let (a, b) = (col(old, i), col(new, j));
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let b: Vec<&str> = b.iter().map(String::as_str).collect();
    similar::capture_diff_slices(similar::Algorithm::Myers, &a, &b)
        .iter()
        .map(|op| {
            if let similar::DiffOp::Equal { len, .. } = op {
                *len
            } else {
                0
            }
        })
        .sum::<usize>()
        .max(usize::from(a.len() <= 1 && a == b))
}

/// Pairs each side's unique best candidate with the other's, when both agree.
fn mutual_best(
    a: &[usize],
    b: &[usize],
    score: impl Fn(usize, usize) -> Option<f32>,
) -> Vec<(usize, usize)> {
    let scores: Vec<Vec<Option<f32>>> = a
        .iter()
        .map(|&i| b.iter().map(|&j| score(i, j)).collect())
        .collect();
    let best = |vals: Vec<(usize, f32)>| -> Option<usize> {
        let top = vals.iter().map(|v| v.1).fold(f32::MIN, f32::max);
        let at: Vec<usize> = vals.iter().filter(|v| v.1 == top).map(|v| v.0).collect();
        (at.len() == 1).then(|| at[0])
    };
    let mut out = Vec::new();
    for (x, &i) in a.iter().enumerate() {
        let Some(y) = best(
            (0..b.len())
                .filter_map(|y| scores[x][y].map(|s| (y, s)))
                .collect(),
        ) else {
            continue;
        };
        let back = best(
            (0..a.len())
                .filter_map(|x2| scores[x2][y].map(|s| (x2, s)))
                .collect(),
        );
        if back == Some(x) {
            out.push((i, b[y]));
        }
    }
    out
}

/// Row keys: the key cell's text; an empty key continues the row above ("X\0#2").
fn row_keys(t: &Table, col: Option<usize>) -> (Vec<String>, Vec<bool>) {
    let mut keys = Vec::new();
    let mut cont = Vec::new();
    let (mut parent, mut k) = (String::new(), 0);
    for row in t.rows.iter().skip(1) {
        let key = col
            .and_then(|c| row.get(c))
            .map_or(String::new(), |c| norm(&c.text));
        if key.is_empty() {
            k += 1;
            keys.push(format!("{parent}\u{0}#{k}"));
            cont.push(true);
        } else {
            parent = key.clone();
            k = 0;
            keys.push(key);
            cont.push(false);
        }
    }
    (keys, cont)
}

/// Whether two labels name the same row: one's words all in the other ("X och
/// -samordning" → "X"), or a long label mostly kept; never when a number differs.
fn label_score(a: &str, b: &str) -> Option<f32> {
    let wa: BTreeSet<&str> = words(a).into_iter().filter(|w| is_word(w)).collect();
    let wb: BTreeSet<&str> = words(b).into_iter().filter(|w| is_word(w)).collect();
    if wa.is_empty() || wb.is_empty() || wa.symmetric_difference(&wb).any(|w| has_figure(w)) {
        return None;
    }
    let common = wa.intersection(&wb).count();
    let dice = 2.0 * common as f32 / (wa.len() + wb.len()) as f32;
    if common == wa.len().min(wb.len()) {
        Some(1.0 + dice)
    } else if wa.len().min(wb.len()) >= 5 && dice >= 0.75 {
        Some(dice)
    } else {
        None
    }
}

/// For each new body row, its old body row (indices into `rows`, header = 0).
pub(super) fn pair_rows(
    old: &Table,
    new: &Table,
    key: (Option<usize>, Option<usize>),
) -> Vec<Option<usize>> {
    let (ok, ocont) = row_keys(old, key.0);
    let (nk, ncont) = row_keys(new, key.1);
    let mut out = vec![None; nk.len()];
    if key.0.is_none() || key.1.is_none() {
        return out;
    }
    // A group of continuation rows pairs by position only if it kept its size.
    let group_sizes = |keys: &[String]| -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for k in keys {
            *m.entry(k.split('\u{0}').next().unwrap_or("").to_string())
                .or_default() += 1;
        }
        m
    };
    let (og, ng) = (group_sizes(&ok), group_sizes(&nk));
    let groups = group_by_key(ok.iter().map(String::as_str), nk.iter().map(String::as_str));
    let row_text = |t: &Table, r: usize| -> Vec<String> {
        t.rows[r + 1].iter().map(|c| c.text.clone()).collect()
    };
    let stable = |k: &&str| {
        let parent = k.split('\u{0}').next().unwrap_or("");
        !k.contains('\u{0}') || og.get(parent) == ng.get(parent)
    };
    let used = pair_by_key(
        &groups,
        stable,
        |i, j| row_text(old, i) == row_text(new, j),
        &mut out,
    );
    let left_old: Vec<usize> = (0..ok.len())
        .filter(|&i| !used.contains(&i) && !ocont[i])
        .collect();
    let left_new: Vec<usize> = (0..nk.len())
        .filter(|&j| out[j].is_none() && !ncont[j])
        .collect();
    for (i, j) in mutual_best(&left_old, &left_new, |i, j| label_score(&ok[i], &nk[j])) {
        out[j] = Some(i);
    }
    out
}

/// Rows shown side by side without being called the same row: left unpaired between the
/// same kept neighbours and sharing many words. Their cells get word marks (not whole
/// rows struck and inserted), but their figures are called out only as removed and
/// added, never as changed.
pub(super) fn display_pairs(
    old: &Table,
    new: &Table,
    rows: &[Option<usize>],
    moved: &BTreeSet<usize>,
) -> Vec<(usize, usize)> {
    let text = |t: &Table, r: usize| {
        t.rows[r + 1]
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let used: BTreeSet<usize> = rows.iter().flatten().copied().collect();
    let anchors: Vec<(usize, usize)> = rows
        .iter()
        .enumerate()
        .filter(|(j, _)| !moved.contains(j))
        .filter_map(|(j, p)| p.map(|i| (i, j)))
        .chain([(old.rows.len().saturating_sub(1), rows.len())])
        .collect();
    let mut out = Vec::new();
    let (mut oi, mut nj) = (0, 0);
    for (ai, aj) in anchors {
        let a: Vec<usize> = (oi..ai).filter(|i| !used.contains(i)).collect();
        let b: Vec<usize> = (nj..aj).filter(|&j| rows[j].is_none()).collect();
        let (ta, tb): (Vec<String>, Vec<String>) = (
            a.iter().map(|&i| text(old, i)).collect(),
            b.iter().map(|&j| text(new, j)).collect(),
        );
        if a.len() * b.len() <= MAX_GAP_CELLS {
            // The order-preserving pairing with the most words in common, so a row sits
            // beside the row it was rewritten from, not the first row that is merely alike.
            let set = |t: &String| -> BTreeSet<String> {
                words(t)
                    .into_iter()
                    .filter(|w| is_word(w))
                    .map(String::from)
                    .collect()
            };
            let (sa, sb): (Vec<_>, Vec<_>) =
                (ta.iter().map(set).collect(), tb.iter().map(set).collect());
            // Dice over distinct words, as `similarity`, each row's words split once.
            let sims: Vec<Vec<f32>> = sa
                .iter()
                .map(|x| {
                    sb.iter()
                        .map(|y| {
                            let both = x.intersection(y).count();
                            if x.is_empty() || y.is_empty() {
                                0.0
                            } else {
                                2.0 * both as f32 / (x.len() + y.len()) as f32
                            }
                        })
                        .collect()
                })
                .collect();
            out.extend(
                best_chain(&sims, 0.4)
                    .into_iter()
                    .map(|(x, y)| (a[x], b[y])),
            );
        } else {
            // A big rewritten gap: first alike row in order (linear in practice).
            let mut k = 0;
            for (y, &j) in b.iter().enumerate() {
                if let Some(x) = (k..a.len()).find(|&x| similarity(&ta[x], &tb[y]) >= 0.4) {
                    out.push((a[x], j));
                    k = x + 1;
                }
            }
        }
        oi = ai + 1;
        nj = aj + 1;
    }
    out
}

/// Row pairs a gap may weigh one by one (beyond it, the greedy pairing).
const MAX_GAP_CELLS: usize = 4096;

/// The order-preserving set of pairs (x, y) with `sims[x][y] >= min` and the largest
/// total similarity.
fn best_chain(sims: &[Vec<f32>], min: f32) -> Vec<(usize, usize)> {
    let (n, m) = (sims.len(), sims.first().map_or(0, Vec::len));
    let mut dp = vec![vec![0f32; m + 1]; n + 1];
    for x in (0..n).rev() {
        for y in (0..m).rev() {
            let take = if sims[x][y] >= min {
                dp[x + 1][y + 1] + sims[x][y]
            } else {
                f32::MIN
            };
            dp[x][y] = take.max(dp[x + 1][y]).max(dp[x][y + 1]);
        }
    }
    let (mut x, mut y, mut out) = (0, 0, Vec::new());
    while x < n && y < m {
        if sims[x][y] >= min && dp[x][y] == dp[x + 1][y + 1] + sims[x][y] {
            out.push((x, y));
            x += 1;
            y += 1;
        } else if dp[x + 1][y] >= dp[x][y + 1] {
            x += 1;
        } else {
            y += 1;
        }
    }
    out
}

/// New order with what was removed placed after its nearest kept predecessor.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    /// In both tables.
    Both(usize, usize),
    /// Only in the new table.
    New(usize),
    /// Only in the old table.
    Old(usize),
}

pub(super) fn slots(pairs: &[Option<usize>], old_len: usize) -> Vec<Slot> {
    let mut new_of = vec![None; old_len];
    for (j, p) in pairs.iter().enumerate() {
        if let Some(i) = p {
            new_of[*i] = Some(j);
        }
    }
    let mut after: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    let mut anchor = None;
    for (i, n) in new_of.iter().enumerate() {
        match n {
            Some(j) => anchor = Some(*j),
            None => after.entry(anchor).or_default().push(i),
        }
    }
    let mut out: Vec<Slot> = after
        .remove(&None)
        .unwrap_or_default()
        .into_iter()
        .map(Slot::Old)
        .collect();
    for (j, p) in pairs.iter().enumerate() {
        out.push(p.map_or(Slot::New(j), |i| Slot::Both(i, j)));
        out.extend(
            after
                .remove(&Some(j))
                .unwrap_or_default()
                .into_iter()
                .map(Slot::Old),
        );
    }
    out
}

/// Paired rows whose old order is not kept (outside the longest increasing run).
pub(super) fn moved_rows(pairs: &[Option<usize>]) -> BTreeSet<usize> {
    let seq: Vec<(usize, usize)> = pairs
        .iter()
        .enumerate()
        .filter_map(|(j, p)| p.map(|i| (j, i)))
        .collect();
    let n = seq.len();
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for x in 0..n {
        for y in 0..x {
            if seq[y].1 < seq[x].1 && len[y] + 1 > len[x] {
                len[x] = len[y] + 1;
                prev[x] = y;
            }
        }
    }
    let mut keep = BTreeSet::new();
    let mut at = (0..n).max_by_key(|&x| (len[x], std::cmp::Reverse(x)));
    while let Some(x) = at {
        keep.insert(x);
        at = (prev[x] != usize::MAX).then_some(prev[x]);
    }
    (0..n)
        .filter(|x| !keep.contains(x))
        .map(|x| seq[x].0)
        .collect()
}

/// The positions of each key on the old (`.0`) and new (`.1`) side.
fn group_by_key<K: Ord>(
    old: impl Iterator<Item = K>,
    new: impl Iterator<Item = K>,
) -> BTreeMap<K, (Vec<usize>, Vec<usize>)> {
    let mut groups: BTreeMap<K, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (i, k) in old.enumerate() {
        groups.entry(k).or_default().0.push(i);
    }
    for (j, k) in new.enumerate() {
        groups.entry(k).or_default().1.push(j);
    }
    groups
}

/// Pairs items that share a key: a group of the same size on both sides pairs by position
/// when `by_position(key)`; otherwise each new item takes the first unused old item that
/// is `same`. Sets `out[new] = Some(old)` and returns the old items used.
fn pair_by_key<K: Ord>(
    groups: &BTreeMap<K, (Vec<usize>, Vec<usize>)>,
    by_position: impl Fn(&K) -> bool,
    same: impl Fn(usize, usize) -> bool,
    out: &mut [Option<usize>],
) -> BTreeSet<usize> {
    let mut used = BTreeSet::new();
    for (k, (a, b)) in groups {
        if a.len() == b.len() && by_position(k) {
            for (&i, &j) in a.iter().zip(b) {
                out[j] = Some(i);
                used.insert(i);
            }
        } else {
            for &j in b {
                if let Some(&i) = a.iter().find(|&&i| !used.contains(&i) && same(i, j)) {
                    out[j] = Some(i);
                    used.insert(i);
                }
            }
        }
    }
    used
}
