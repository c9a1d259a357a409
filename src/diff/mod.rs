//! The redline: what changed between two versions of a section, word for word and
//! figure for figure, shown in the structure of the page. Pure: two block trees in,
//! HTML with `<ins>`/`<del>` and the changed figures out. One engine serves the change
//! logs, comparisons, the figures table, the timeline, the feed and `index.json`.
//!
//! `tree` derives the block tree from the parsed Markdown; `walk` aligns leaves and
//! words; `table_pairs` pairs tables, rows and columns; `tables` compares cells; `figures` says which figures changed;
//! `render` writes the HTML.

mod figures;
mod render;
mod table_pairs;
mod tables;
pub mod tree;
mod walk;
mod words;

#[cfg(test)]
mod tests;

pub use figures::{values, CellRef, FigureChange, FigureKind};
pub use render::{sides, Labels, Sides};
pub use tree::Body;
pub use words::words;

/// Share of words two labels have in common (Dice over distinct words), 0..=1.
pub fn label_similarity(a: &str, b: &str) -> f32 {
    words::similarity(a, b)
}

use crate::html::LinkedHtml;
use serde::Serialize;

/// The rendered difference between two versions of a section body.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BodyDiff {
    /// HTML of the body with changes marked, unchanged runs folded; its links to the
    /// documents (either side's) filled in per page.
    pub html: LinkedHtml,
    /// Changed figures, in document order.
    pub figures: Vec<FigureChange>,
    /// Whether anything differs (words, structure or tables).
    pub changed: bool,
}

/// Compares two section bodies. With `render` false and nothing changed, no HTML is
/// written (the caller shows unchanged sections as a link only).
pub fn diff_bodies(old: &Body, new: &Body, labels: &Labels, render: bool) -> BodyDiff {
    if old == new && !render {
        return BodyDiff::default();
    }
    let w = walk::walk(old, new, labels);
    let changed = w.outs.iter().any(|o| o.status != walk::Status::Same);
    BodyDiff {
        html: if changed || render {
            LinkedHtml::from_marked(render::html(&w.outs, (old, new), labels))
        } else {
            LinkedHtml::default()
        },
        figures: w.figures,
        changed,
    }
}
