//! `<serie>/senaste/`: a small page that always leads to the newest year, so other
//! sites can link "the document in force" once. A meta refresh and a plain link work
//! without JavaScript; `static/latest.js` carries a `#section` fragment over.

use crate::content::Series;
use crate::error::Result;
use crate::site::urls::{depth, document_dir, latest_dir, series_dir};
use crate::site::views::LatestView;
use crate::site::{crumbs, Ctx};

/// Writes `<serie>/senaste/index.html`; returns the number of files (0 without years).
pub(crate) fn write(ctx: &Ctx, s: &Series) -> Result<usize> {
    let Some(latest) = s.editions.last() else {
        return Ok(0);
    };
    let dir = latest_dir(&s.slug);
    let target = ctx
        .urls
        .href(depth(&dir), &document_dir(&s.slug, latest.year));
    let ui = ctx.strings();
    let title = format!("{} – {}", s.meta.title, ui.latest_version);
    let mut layout = ctx.layout(
        &dir,
        &title,
        &format!("{} {}", ui.latest_redirect, latest.front.title),
        "latest",
        crumbs(
            ctx,
            &dir,
            &[(s.meta.title.clone(), series_dir(&s.slug))],
            &ui.latest_version,
        ),
    );
    // The page stands for the newest year's page; search engines index that one.
    layout.canonical = target.clone();
    let view = LatestView {
        title,
        target,
        label: format!("{} ({})", latest.front.title, latest.year),
        year: latest.year,
    };
    ctx.page("latest.html", &dir, layout, view)?;
    Ok(1)
}
