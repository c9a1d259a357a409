//! The pages of one series, one file per page kind, each reading the `SeriesModel`:
//! documents, change logs and comparisons, the series page with its timeline, open
//! data, plus the series' search and feed entries.

pub(crate) mod assets;
mod changes;
mod cite;
mod compare;
mod document;
mod feed;
mod json;
mod latest;
mod search;
mod series;

use super::feeds::FeedEntry;
use super::model::SeriesModel;
use super::views::SeriesSummary;
use super::Ctx;
use crate::content::Series;
use crate::error::Result;
use crate::markdown::ParsedDoc;
use std::sync::Arc;

/// What a series contributes to site-wide pages.
#[derive(Clone)]
pub(crate) struct SeriesOutput {
    pub(crate) summary: SeriesSummary,
    pub(crate) files: usize,
    /// The series' share of the search index (its entries, tokenized and counted).
    pub(crate) search: Arc<crate::search::SeriesPart>,
    pub(crate) feed: Vec<FeedEntry>,
}

/// Writes every page of `series` (its editions parsed as `parsed`) into `ctx.sink`.
pub(crate) fn build(ctx: &Ctx, series: &Series, parsed: &[Arc<ParsedDoc>]) -> Result<SeriesOutput> {
    let docs: Vec<&ParsedDoc> = parsed.iter().map(|p| p.as_ref()).collect();
    let model = SeriesModel::new(&ctx.renderer, series, docs);
    let mut files = 0;
    let mut search_entries = Vec::new();
    let mut feed = Vec::new();
    for e in 0..model.len() {
        document::write(ctx, &model, e)?;
        files += 1 + assets::write(ctx, &model, e)?;
        search_entries.extend(search::entries(ctx, &model, e));
        feed.push(feed::entry(ctx, &model, e));
        if e > 0 {
            changes::write(ctx, &model, e - 1, e)?;
            files += 1;
        }
    }
    for (old, new) in model.distant_pairs() {
        changes::write(ctx, &model, old, new)?;
        files += 1;
    }
    if model.has_assembled_pairs() {
        files += compare::write(ctx, &model)?;
    }
    json::write(ctx, &model)?;
    files += 1;
    series::write(ctx, &model)?;
    // In the series' task, not after every series: written one by one on the main
    // thread, these pages were a sequential tail of the build.
    files += 1 + latest::write(ctx, series)?;
    Ok(SeriesOutput {
        summary: model.summary(ctx, "", None),
        files,
        // Here, in the series' task: the index's per-entry work runs beside other
        // series' pages instead of after the last of them.
        search: Arc::new(crate::search::SeriesPart::new(
            &series.slug,
            &search_entries,
        )),
        feed,
    })
}
