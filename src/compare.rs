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

/// Compares editions `old` and `new` (indices into `docs`, any order of years).
pub fn compare(
    docs: &[&ParsedDoc],
    al: &Alignment,
    old: usize,
    new: usize,
    labels: &Labels,
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
                diff_bodies(&a.sections[*one].body, &s.body, labels, shown)
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
        let c = compare(&[&a, &b], &al, 0, 1, &Labels::default());
        assert_eq!(c.counts.added, 1);
        assert_eq!(c.counts.removed, 1);
        assert_eq!(c.counts.changed, 2);
        assert_eq!(c.counts.renumbered, 1);
        let eco = &c.entries[1];
        assert!(eco.kind.renumbered && eco.kind.changed && !eco.kind.renamed);
        assert_eq!(eco.diff.as_ref().unwrap().figures[0].new, "3 250 tkr");
    }
}
