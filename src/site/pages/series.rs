//! The series page: its years, every comparison and the timeline of its sections.

use crate::error::Result;
use crate::site::model::SeriesModel;
use crate::site::views::{SeriesView, TimelineCell, TimelineRow};
use crate::site::{crumbs, Ctx};

/// Writes the series page.
pub(super) fn write(ctx: &Ctx, m: &SeriesModel) -> Result<()> {
    let dir = m.series_dir();
    let timeline = m
        .timeline()
        .iter()
        .filter_map(|row| timeline_row(ctx, m, &dir, row))
        .collect();
    let view = SeriesView {
        series: m.summary(ctx, &dir, None),
        columns: m.years(),
        timeline,
        comparisons: m.comparison_links(ctx, &dir),
        compare: super::compare::link(ctx, m, &dir),
        latest_url: ctx.urls.href(
            crate::site::urls::depth(&dir),
            &crate::site::urls::latest_dir(m.slug()),
        ),
        latest_label: ctx.urls.absolute(&crate::site::urls::latest_dir(m.slug())),
    };
    let meta = &m.series().meta;
    let description = if meta.description.is_empty() {
        meta.title.clone()
    } else {
        meta.description.clone()
    };
    let crumbs = crumbs(ctx, &dir, &[], &meta.title);
    let layout = ctx.layout(&dir, &meta.title, &description, "series", crumbs);
    ctx.page("series.html", &dir, layout, view)
}

/// A row titled by its newest section, with a cell per year saying what happened.
fn timeline_row(
    ctx: &Ctx,
    m: &SeriesModel,
    dir: &str,
    row: &[Option<usize>],
) -> Option<TimelineRow> {
    let ui = ctx.strings();
    let (newest, i) = row
        .iter()
        .enumerate()
        .rev()
        .find_map(|(e, i)| i.map(|i| (e, i)))?;
    let cells = row
        .iter()
        .enumerate()
        .map(|(e, cell)| match *cell {
            None => TimelineCell {
                state: "absent".into(),
                label: ui.cell_absent.clone(),
                url: String::new(),
            },
            Some(i) => {
                let (state, label) = match m.step(e).map(|c| c.entries[i].kind) {
                    None => ("present", &ui.cell_present),
                    Some(k) if k.added => ("new", &ui.cell_new),
                    Some(k) if k.any() => ("changed", &ui.cell_changed),
                    Some(_) => ("unchanged", &ui.cell_unchanged),
                };
                TimelineCell {
                    state: state.into(),
                    label: label.clone(),
                    url: m.section_url(ctx, dir, e, i),
                }
            }
        })
        .collect();
    Some(TimelineRow {
        id: m.row_id(newest, i).to_string(),
        title: m.section_label(newest, i),
        level: m.section(newest, i).level,
        cells,
    })
}
