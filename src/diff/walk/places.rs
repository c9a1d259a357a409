//! After the alignment: blocks that moved, and the containers each shown leaf sits in.

use super::{Out, Side, Status, Walker};
use crate::diff::words::similarity;
use std::collections::{BTreeMap, BTreeSet};

impl Walker<'_, '_> {
    /// Wholly deleted and wholly inserted leaves with mostly the same words, apart in the
    /// body, are one leaf that moved.
    pub(super) fn moves(&mut self) {
        let text = |w: &Walker, o: &Out| -> String {
            let toks = if o.side == Side::Old {
                &w.otoks
            } else {
                &w.ntoks
            };
            toks[o.leaf]
                .iter()
                .map(|t| t.text)
                .collect::<Vec<_>>()
                .join(" ")
        };
        let gone: Vec<usize> = (0..self.outs.len())
            .filter(|&i| self.outs[i].status == Status::Deleted && self.outs[i].table.is_none())
            .collect();
        let came: Vec<usize> = (0..self.outs.len())
            .filter(|&i| self.outs[i].status == Status::Inserted && self.outs[i].table.is_none())
            .collect();
        let mut candidates: Vec<(u32, usize, usize)> = Vec::new();
        for &g in &gone {
            let tg = text(self, &self.outs[g]);
            if tg
                .split(' ')
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count()
                < 3
            {
                continue;
            }
            for &c in &came {
                let (lo, hi) = (g.min(c), g.max(c));
                let apart = self.outs[lo + 1..hi]
                    .iter()
                    .any(|o| matches!(o.status, Status::Same | Status::Changed | Status::Reshaped));
                let s = similarity(&tg, &text(self, &self.outs[c]));
                if apart && s >= 0.6 {
                    candidates.push(((s * 1000.0) as u32, g, c));
                }
            }
        }
        candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut used = BTreeSet::new();
        for (_, g, c) in candidates {
            if used.insert(g) && used.insert(c) {
                self.outs[g].status = Status::MovedFrom;
                self.outs[c].status = Status::MovedTo;
            } else {
                used.remove(&g);
            }
        }
    }

    /// Container paths; an old container takes the name of the new one most of its
    /// leaves went to, so a deleted item stays inside its (new) list.
    pub(super) fn paths(&mut self) {
        let mut votes: BTreeMap<u32, BTreeMap<u32, usize>> = BTreeMap::new();
        for &(o, n) in &self.pairs {
            let co = self.old.chain(&self.old.leaves[o]);
            let cn = self.new.chain(&self.new.leaves[n]);
            for (a, b) in co.iter().zip(&cn) {
                if !self.old.frames[*a as usize]
                    .kind
                    .same_kind(&self.new.frames[*b as usize].kind)
                {
                    break;
                }
                *votes.entry(*a).or_default().entry(*b).or_default() += 1;
            }
        }
        let map: BTreeMap<u32, u32> = votes
            .into_iter()
            .filter_map(|(a, v)| {
                v.into_iter()
                    .max_by(|x, y| x.1.cmp(&y.1).then(y.0.cmp(&x.0)))
                    .map(|(b, _)| (a, b))
            })
            .collect();
        for out in &mut self.outs {
            out.path = match out.side {
                Side::New => self
                    .new
                    .chain(&self.new.leaves[out.leaf])
                    .into_iter()
                    .map(|f| (Side::New, f))
                    .collect(),
                Side::Old => self
                    .old
                    .chain(&self.old.leaves[out.leaf])
                    .into_iter()
                    .map(|f| map.get(&f).map_or((Side::Old, f), |&n| (Side::New, n)))
                    .collect(),
            };
        }
    }
}
