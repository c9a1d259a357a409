//! Words that ran on across a paragraph boundary only one version has.

use super::{Edit, RunTok, Walker};
use crate::diff::words::Mark;

impl Walker<'_, '_> {
    /// A paragraph boundary only one version has, where the other version ran on
    /// without whitespace ("x!y" → "x" and "!y", or back): the block boundary the redline
    /// shows would put a space into that other version's view, so the words that ran on
    /// move to before the boundary in that version's mark, and the kept ones show after
    /// it in the boundary's mark.
    pub(super) fn keep_run_ons(&self, edits: &mut Vec<Edit>, boundary: Mark) {
        let run_on = if boundary == Mark::Ins {
            Mark::Del
        } else {
            Mark::Ins
        };
        let (pick, toks): (fn(&Edit) -> Option<RunTok>, _) = if run_on == Mark::Del {
            (|e| e.old, &self.otoks)
        } else {
            (|e| e.new, &self.ntoks)
        };
        let other = |e: &Edit| if run_on == Mark::Del { e.new } else { e.old };
        let runs_on = |t: RunTok| {
            t.tok
                .is_some_and(|k| k > 0 && toks[t.leaf][k].gap.is_empty())
        };
        let mut i = 0;
        while i < edits.len() {
            if !(edits[i].mark == boundary && other(&edits[i]).is_some_and(|t| t.is_sep())) {
                i += 1;
                continue;
            }
            let (mut moved, mut kept) = (Vec::new(), Vec::new());
            for (k, e) in edits.iter().enumerate().skip(i + 1) {
                match pick(e) {
                    None if !other(e).is_some_and(|t| t.is_sep()) => {}
                    Some(t) if !t.is_sep() && runs_on(t) => {
                        moved.push(k);
                        if e.mark == Mark::Same {
                            kept.push(k);
                        }
                    }
                    _ => break,
                }
            }
            if moved.is_empty() {
                i += 1;
                continue;
            }
            let ran_on: Vec<Edit> = moved
                .iter()
                .map(|&k| {
                    let t = pick(&edits[k]);
                    let (old, new) = if run_on == Mark::Del {
                        (t, None)
                    } else {
                        (None, t)
                    };
                    Edit {
                        mark: run_on,
                        old,
                        new,
                    }
                })
                .collect();
            for &k in &kept {
                edits[k].mark = boundary;
                if run_on == Mark::Del {
                    edits[k].old = None;
                } else {
                    edits[k].new = None;
                }
            }
            for &k in moved.iter().rev() {
                if edits[k].mark == run_on {
                    edits.remove(k);
                }
            }
            // Right after the word they ran on from, so a wholly deleted (or inserted)
            // paragraph stays one block.
            let at = edits[..i]
                .iter()
                .rposition(|e| pick(e).is_some_and(|t| !t.is_sep()))
                .map_or(i, |j| j + 1);
            let n = ran_on.len();
            edits.splice(at..at, ran_on);
            i += n + 1;
        }
    }
}
