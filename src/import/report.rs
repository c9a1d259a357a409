//! What an import wrote and what it could not map, for the author to check.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// Things dropped or changed on purpose, counted (printed as one line each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Dropped {
    /// Tracked insertions kept as accepted text.
    Insertion,
    /// Tracked deletions left out (accepted).
    Deletion,
    /// Table-of-contents entries.
    TocEntry,
    /// Comments.
    Comment,
    /// Page numbers and other page fields.
    PageField,
    /// Page headers and footers (with their page numbers).
    PageFurniture,
    /// Cells merged across columns or rows, left empty after the first.
    MergedCell,
}

impl Dropped {
    fn describe(self, n: usize) -> String {
        match self {
            Dropped::Insertion => format!(
                "{n} tracked insertion(s) imported as accepted text: review them in the Markdown"
            ),
            Dropped::Deletion => {
                format!("{n} tracked deletion(s) accepted (the deleted text is not imported)")
            }
            Dropped::TocEntry => format!("table of contents dropped ({n} entries)"),
            Dropped::Comment => format!("{n} comment(s) dropped"),
            Dropped::PageField => format!("{n} page-number field(s) dropped"),
            Dropped::PageFurniture => format!("{n} page header(s)/footer(s) dropped"),
            Dropped::MergedCell => format!(
                "{n} merged table cell(s): the text stays in the first cell, the others are left empty"
            ),
        }
    }

    /// Whether the author should look (tracked changes, merged cells) or it is routine.
    fn is_warning(self) -> bool {
        matches!(
            self,
            Dropped::Insertion | Dropped::Deletion | Dropped::MergedCell
        )
    }
}

/// The outcome of an import.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Files written, in order.
    pub written: Vec<PathBuf>,
    /// Things the author must check (missing alt text, unknown cover labels …).
    pub warnings: Vec<String>,
    /// Counted drops.
    pub dropped: BTreeMap<Dropped, usize>,
    /// Counted Word elements that have no Markdown form (name → count).
    pub unsupported: BTreeMap<String, usize>,
    /// Sections, tables and images written.
    pub headings: usize,
    /// Tables written (as tables or description lists).
    pub tables: usize,
    /// Images extracted.
    pub images: usize,
}

impl Report {
    /// Counts one drop.
    pub fn drop(&mut self, what: Dropped) {
        *self.dropped.entry(what).or_default() += 1;
    }

    /// Counts an element that could not be mapped.
    pub fn unsupported(&mut self, what: &str) {
        *self.unsupported.entry(what.to_string()).or_default() += 1;
    }

    /// Warnings: explicit ones, then counted drops that need review, then unsupported
    /// elements.
    pub fn all_warnings(&self) -> Vec<String> {
        let mut out = self.warnings.clone();
        for (&what, &n) in &self.dropped {
            if what.is_warning() {
                out.push(what.describe(n));
            }
        }
        for (what, n) in &self.unsupported {
            out.push(format!("{n} × {what} could not be imported"));
        }
        out
    }

    /// Routine notes (TOC, comments, page fields dropped).
    pub fn notes(&self) -> Vec<String> {
        self.dropped
            .iter()
            .filter(|(w, _)| !w.is_warning())
            .map(|(&w, &n)| w.describe(n))
            .collect()
    }

    /// The lines `styrdok import` prints.
    pub fn lines(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .written
            .iter()
            .map(|p| format!("wrote {}", p.strip_prefix(".").unwrap_or(p).display()))
            .collect();
        out.push(format!(
            "{} headings, {} tables, {} images",
            self.headings, self.tables, self.images
        ));
        out.extend(self.notes().into_iter().map(|n| format!("note: {n}")));
        out.extend(
            self.all_warnings()
                .into_iter()
                .map(|w| format!("warning: {w}")),
        );
        out
    }
}
