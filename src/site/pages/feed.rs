//! The Atom feed entry of one document (the feed itself is written in `site::feeds`).

use crate::site::feeds::FeedEntry;
use crate::site::model::SeriesModel;
use crate::site::Ctx;

/// Edition `e` in the feed, summarised by its change counts.
pub(super) fn entry(ctx: &Ctx, m: &SeriesModel, e: usize) -> FeedEntry {
    let ui = ctx.strings();
    let ed = m.edition(e);
    let summary = match m.step(e) {
        Some(c) => {
            let n = &c.counts;
            let figures: usize = c
                .entries
                .iter()
                .filter_map(|e| e.diff.as_ref())
                .map(|d| d.figures.len())
                .sum();
            format!(
                "{}: {} {}, {} {}, {} {}, {} {}.",
                ui.changes,
                n.changed,
                ui.count_changed.to_lowercase(),
                n.added,
                ui.count_added.to_lowercase(),
                n.removed,
                ui.count_removed.to_lowercase(),
                figures,
                ui.count_figures
            )
        }
        None => m.series().meta.description.clone(),
    };
    FeedEntry {
        id: format!("{}/{}", m.slug(), ed.year),
        title: format!("{} ({})", ed.front.title, ed.year),
        target: m.document_dir(e),
        changes_target: (e > 0).then(|| m.changes_page(e)),
        updated: ed
            .front
            .beslutsdatum
            .clone()
            .unwrap_or_else(|| format!("{}-01-01", ed.year)),
        year: ed.year,
        summary,
    }
}
