//! Comparison of two editions of a series (consecutive for the change log, any two
//! for the comparison pages). Pure: parsed editions and their alignment in, one entry
//! per section of the newer edition (with what kind of change and the diff) out.

use crate::align::Alignment;
use crate::diff::{diff_bodies, Body, BodyDiff, Labels};
use crate::markdown::{ParsedDoc, Section};
use serde::Serialize;

/// What happened to a section between two editions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ChangeKind {
    /// Not in the older edition.
    pub added: bool,
    /// Text or tables differ.
    pub changed: bool,
    /// Title (without number) differs.
    pub renamed: bool,
    /// Number differs.
    pub renumbered: bool,
    /// Now under another parent section.
    pub moved: bool,
    /// One of several sections made from one older section.
    pub split: bool,
    /// Made from several older sections.
    pub merged: bool,
}

impl ChangeKind {
    /// Anything at all to report.
    pub fn any(&self) -> bool {
        self.added
            || self.changed
            || self.renamed
            || self.renumbered
            || self.moved
            || self.split
            || self.merged
    }
}

/// One section of the newer edition and where it came from.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Index in the newer edition.
    pub new: usize,
    /// Corresponding sections of the older edition.
    pub old: Vec<usize>,
    /// What changed.
    pub kind: ChangeKind,
    /// The body difference (for sections with an older counterpart).
    pub diff: Option<BodyDiff>,
}

/// Counts for the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Sections whose text changed.
    pub changed: usize,
    /// New sections.
    pub added: usize,
    /// Sections gone.
    pub removed: usize,
    /// Under another parent.
    pub moved: usize,
    /// New number.
    pub renumbered: usize,
    /// New title.
    pub renamed: usize,
    /// Split sections (counted once per older section).
    pub split: usize,
    /// Merged sections (counted once per newer section).
    pub merged: usize,
    /// Untouched sections.
    pub unchanged: usize,
}

/// Result of comparing edition `old` with edition `new`.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Entries in the newer edition's order.
    pub entries: Vec<Entry>,
    /// Sections of the older edition with no counterpart.
    pub removed: Vec<usize>,
    /// The summary.
    pub counts: Counts,
}

/// Compares editions `old` and `new` (indices into `docs`, any order of years). A body
/// pair already diffed in `known` (the same two texts in other years) is not diffed again.
pub fn compare(
    docs: &[&ParsedDoc],
    al: &Alignment,
    old: usize,
    new: usize,
    labels: &Labels,
    known: Option<&KnownDiffs>,
) -> Comparison {
    let (a, b) = (docs[old], docs[new]);
    let mut counts = Counts::default();
    let mut entries = Vec::with_capacity(b.sections.len());
    for (i, s) in b.sections.iter().enumerate() {
        let olds = al.same_as(new, i, old);
        let mut kind = ChangeKind {
            added: olds.is_empty(),
            ..Default::default()
        };
        let mut diff = None;
        if let Some(&first) = olds.first() {
            let o = &a.sections[first];
            kind.merged = olds.len() > 1;
            kind.split = !kind.merged && al.same_as(old, first, new).len() > 1;
            // Renames and renumbering describe one-to-one links; a split or merge says more.
            let one_to_one = !kind.merged && !kind.split;
            kind.renamed = one_to_one && normalize_title(&o.title) != normalize_title(&s.title);
            kind.renumbered = one_to_one && o.number != s.number;
            kind.moved = parent_moved(a, b, al, old, new, first, i);
            // A section listed for a rename or move shows its body even when unchanged.
            let shown = kind.any();
            let d = if let [one] = olds.as_slice() {
                match known.and_then(|k| k.get((old, *one), (new, i), shown)) {
                    Some(d) => d,
                    None => {
                        let d = diff_bodies(&a.sections[*one].body, &s.body, labels, shown);
                        if let Some(k) = known {
                            k.remember((old, *one), (new, i), shown, &d);
                        }
                        d
                    }
                }
            } else {
                let merged = Body::concat(olds.iter().map(|&k| &a.sections[k].body));
                diff_bodies(&merged, &s.body, labels, shown)
            };
            kind.changed = d.changed;
            diff = Some(d);
        }
        count(&mut counts, &kind);
        entries.push(Entry {
            new: i,
            old: olds,
            kind,
            diff,
        });
    }
    let removed: Vec<usize> = (0..a.sections.len())
        .filter(|&k| al.same_as(old, k, new).is_empty())
        .collect();
    counts.removed = removed.len();
    // A split is one event per older section, not per part.
    counts.split = {
        let mut sources: Vec<usize> = entries
            .iter()
            .filter(|e| e.kind.split)
            .flat_map(|e| e.old.clone())
            .collect();
        sources.sort_unstable();
        sources.dedup();
        sources.len()
    };
    Comparison {
        entries,
        removed,
        counts,
    }
}

/// The change logs of a series: `steps[e]` compares edition `e - 1` with `e` (None for
/// the first edition).
pub fn steps(docs: &[&ParsedDoc], al: &Alignment, labels: &Labels) -> Vec<Option<Comparison>> {
    (0..docs.len())
        .map(|e| (e > 0).then(|| compare(docs, al, e - 1, e, labels, None)))
        .collect()
}

/// The diffs of a series' change logs, found again by the content of their two sides.
/// A section body that stayed the same from one year to the next is one `class`; a
/// distant pair (a year against the latest) whose two bodies are the two sides of a
/// step already diffed (a section that changed in one year only) gets that step's diff:
/// the redline is a pure function of the two bodies, so the bytes are the same. Diffs
/// of distant pairs are remembered too: a section unchanged for some years has the
/// same diff against the latest from each of those years.
#[derive(Debug, Default)]
pub struct KnownDiffs {
    /// `class[e][i]`: section `i` of edition `e`; equal bodies of consecutive years
    /// share a class.
    class: Vec<Vec<usize>>,
    /// By (old class, new class, body shown even when unchanged).
    made: std::sync::Mutex<std::collections::HashMap<(usize, usize, bool), BodyDiff>>,
}

impl KnownDiffs {
    /// Classes from the consecutive links, diffs from the change logs (`steps[e]`: the
    /// comparison of edition `e - 1` with `e`).
    pub fn new(docs: &[&ParsedDoc], steps: &[Option<Comparison>]) -> KnownDiffs {
        let mut next = 0;
        let mut fresh = || {
            next += 1;
            next - 1
        };
        let mut class: Vec<Vec<usize>> = Vec::with_capacity(docs.len());
        for (e, doc) in docs.iter().enumerate() {
            let mut row: Vec<usize> = (0..doc.sections.len()).map(|_| fresh()).collect();
            if let (Some(step), Some(prev)) = (steps.get(e).and_then(Option::as_ref), class.last())
            {
                for entry in &step.entries {
                    if let [k] = entry.old.as_slice() {
                        if docs[e - 1].sections[*k].body == doc.sections[entry.new].body {
                            row[entry.new] = prev[*k];
                        }
                    }
                }
            }
            class.push(row);
        }
        let mut made = std::collections::HashMap::new();
        for (e, step) in steps.iter().enumerate() {
            let Some(step) = step else { continue };
            for entry in &step.entries {
                if let ([k], Some(d)) = (entry.old.as_slice(), &entry.diff) {
                    let shown = entry.kind.renamed
                        || entry.kind.renumbered
                        || entry.kind.moved
                        || entry.kind.split;
                    made.entry((class[e - 1][*k], class[e][entry.new], shown))
                        .or_insert_with(|| d.clone());
                }
            }
        }
        KnownDiffs {
            class,
            made: std::sync::Mutex::new(made),
        }
    }

    fn key(
        &self,
        old: (usize, usize),
        new: (usize, usize),
        shown: bool,
    ) -> Option<(usize, usize, bool)> {
        let class = |(e, i): (usize, usize)| self.class.get(e)?.get(i).copied();
        Some((class(old)?, class(new)?, shown))
    }

    /// The diff of section `old.1` of edition `old.0` against section `new.1` of
    /// edition `new.0`, if the same two bodies were diffed before.
    fn get(&self, old: (usize, usize), new: (usize, usize), shown: bool) -> Option<BodyDiff> {
        let key = self.key(old, new, shown)?;
        let made = self.made.lock().unwrap_or_else(|p| p.into_inner());
        made.get(&key).cloned()
    }

    /// Keeps `diff`, just made for that pair of sections, for the pairs with the same bodies.
    fn remember(&self, old: (usize, usize), new: (usize, usize), shown: bool, diff: &BodyDiff) {
        if let Some(key) = self.key(old, new, shown) {
            let mut made = self.made.lock().unwrap_or_else(|p| p.into_inner());
            made.entry(key).or_insert_with(|| diff.clone());
        }
    }
}

fn count(c: &mut Counts, k: &ChangeKind) {
    c.added += k.added as usize;
    c.changed += (k.changed && !k.added) as usize;
    c.renamed += k.renamed as usize;
    c.renumbered += k.renumbered as usize;
    c.moved += k.moved as usize;
    c.merged += k.merged as usize;
    c.unchanged += (!k.any()) as usize;
}

fn parent_moved(
    a: &ParsedDoc,
    b: &ParsedDoc,
    al: &Alignment,
    old: usize,
    new: usize,
    o: usize,
    n: usize,
) -> bool {
    match (a.sections[o].parent, b.sections[n].parent) {
        (None, None) => false,
        (Some(po), Some(pn)) => !al.same_as(old, po, new).contains(&pn),
        _ => true,
    }
}

/// Case- and punctuation-insensitive title, so "FORMALIA" and "Formalia" are the same name.
pub fn normalize_title(title: &str) -> String {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The section's heading as shown in lists ("2.1 Grunduppdrag", or "Inledande text").
pub fn label(s: &Section) -> String {
    if s.level == 0 {
        "Inledande text".into()
    } else {
        s.display_title()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::align;
    use crate::markdown::parse;

    #[test]
    fn classifies_changes_and_counts() {
        let a = parse("# 1 Formalia\n\nAvser år 2024.\n\n# 2 Gammalt\n\nTas bort helt och hållet nu.\n\n# 3 Ekonomi\n\nBudget 2 060 tkr.\n", 1);
        let b = parse("# 1 Formalia\n\nAvser år 2025.\n\n# 2 Ekonomi\n\nBudget 3 250 tkr.\n\n# 3 Dataskydd\n\nHelt nytt avsnitt om dataskydd.\n", 1);
        let al = align(&[&a, &b]);
        let c = compare(&[&a, &b], &al, 0, 1, &Labels::default(), None);
        assert_eq!(c.counts.added, 1);
        assert_eq!(c.counts.removed, 1);
        assert_eq!(c.counts.changed, 2);
        assert_eq!(c.counts.renumbered, 1);
        let eco = &c.entries[1];
        assert!(eco.kind.renumbered && eco.kind.changed && !eco.kind.renamed);
        assert_eq!(eco.diff.as_ref().unwrap().figures[0].new, "3 250 tkr");
    }

    #[test]
    fn a_distant_pair_reuses_the_diff_of_the_step_with_the_same_two_bodies() {
        let years = [
            "# 1 Formalia\n\nAvser året.\n\n# 2 Ekonomi\n\nBudget 2 060 tkr för arbetsmarknadsinsatser.\n",
            "# 1 Formalia\n\nAvser året.\n\n# 2 Ekonomi\n\nBudget 2 060 tkr för arbetsmarknadsinsatser.\n",
            "# 1 Formalia\n\nAvser året.\n\n# 2 Ekonomi och uppföljning\n\nBudget 3 330 tkr för arbetsmarknadsinsatser.\n",
        ];
        let docs: Vec<ParsedDoc> = years.iter().map(|t| parse(t, 1)).collect();
        let docs: Vec<&ParsedDoc> = docs.iter().collect();
        let al = align(&docs);
        let labels = Labels::default();
        let steps = steps(&docs, &al, &labels);
        let known = KnownDiffs::new(&docs, &steps);
        // 2024's Ekonomi is 2025's: one class; 2024 against 2026 is the 2025 step again.
        assert_eq!(known.class[0][1], known.class[1][1]);
        assert_ne!(known.class[1][1], known.class[2][1]);
        let step = &steps[2].as_ref().unwrap().entries[1];
        let reused = known.get((0, 1), (2, 1), step.kind.renamed);
        assert_eq!(reused.as_ref(), step.diff.as_ref());
        // The same comparison, with and without the memo.
        let with = compare(&docs, &al, 0, 2, &labels, Some(&known));
        let without = compare(&docs, &al, 0, 2, &labels, None);
        let diffs = |c: &Comparison| c.entries.iter().map(|e| e.diff.clone()).collect::<Vec<_>>();
        assert_eq!(diffs(&with), diffs(&without));
        assert!(diffs(&with)[1].as_ref().unwrap().changed);
    }

    #[test]
    fn a_distant_diff_made_once_serves_every_year_with_the_same_body() {
        let years = [
            "# 1 Ekonomi\n\nBudget 2 060 tkr för arbetsmarknadsinsatser.\n",
            "# 1 Ekonomi\n\nBudget 2 060 tkr för arbetsmarknadsinsatser.\n",
            "# 1 Ekonomi\n\nBudget 3 330 tkr för arbetsmarknadsinsatser.\n",
            "# 1 Ekonomi\n\nBudget 3 330 tkr för arbetsmarknadsinsatser och uppföljning.\n",
        ];
        let docs: Vec<ParsedDoc> = years.iter().map(|t| parse(t, 1)).collect();
        let docs: Vec<&ParsedDoc> = docs.iter().collect();
        let al = align(&docs);
        let labels = Labels::default();
        let steps = steps(&docs, &al, &labels);
        let known = KnownDiffs::new(&docs, &steps);
        // Two changes between the first year and the latest: no step has this diff.
        assert!(known.get((0, 0), (3, 0), false).is_none());
        let first = compare(&docs, &al, 0, 3, &labels, Some(&known));
        // The second year has the first year's body: its diff against the latest is known now.
        let kept = known.get((1, 0), (3, 0), false).expect("remembered");
        assert_eq!(Some(&kept), first.entries[0].diff.as_ref());
        let fresh = compare(&docs, &al, 1, 3, &labels, None);
        assert_eq!(fresh.entries[0].diff.as_ref(), Some(&kept));
    }
}
