//! Change log (consecutive years) and comparison (any two years) pages: counts,
//! changed figures, and every section as changed, added, removed or unchanged.

use crate::compare::{ChangeKind, Comparison, Entry};
use crate::error::Result;
use crate::site::model::SeriesModel;
use crate::site::urls::depth;
use crate::site::views::*;
use crate::site::{crumbs, Ctx};

/// Writes the page comparing editions `old` and `new`.
pub(super) fn write(ctx: &Ctx, m: &SeriesModel, old: usize, new: usize) -> Result<()> {
    let ui = ctx.strings();
    let (oy, ny) = (m.year(old), m.year(new));
    let consecutive = new == old + 1;
    let dir = m.comparison_page(old, new);
    let c = m.comparison(old, new);
    let dd = depth(&dir);
    let mut view = ChangesView {
        series: m.summary(ctx, &dir, None),
        old_year: oy,
        new_year: ny,
        old_url: ctx.urls.href(dd, &m.document_dir(old)),
        new_url: ctx.urls.href(dd, &m.document_dir(new)),
        consecutive,
        summary: summary(ctx, &c),
        figures: Vec::new(),
        changed: Vec::new(),
        added: Vec::new(),
        removed: Vec::new(),
        unchanged: Vec::new(),
        comparisons: m.related_links(ctx, &dir, (old, new)),
        compare: super::compare::link(ctx, m, &dir),
    };
    for entry in &c.entries {
        let view_entry = entry_view(ctx, m, &dir, (old, new), entry);
        if entry.kind.added {
            view.added.push(view_entry);
        } else if entry.kind.any() {
            for f in &view_entry.figures {
                view.figures.push(FigureRowView {
                    section: view_entry.title.clone(),
                    url: format!("#{}", view_entry.id),
                    figure: f.clone(),
                });
            }
            view.changed.push(view_entry);
        } else {
            view.unchanged.push(LinkView {
                label: view_entry.title,
                url: view_entry.url,
            });
        }
    }
    for &o in &c.removed {
        view.removed.push(removed_view(ctx, m, &dir, old, o));
    }
    let title = if consecutive {
        format!("{} {oy}–{ny}", ui.changes)
    } else {
        format!("{} {oy} {} {ny}", ui.compare, ui.with)
    };
    let description = format!("{}: {title}", m.title());
    let mut trail = vec![(m.title().to_string(), m.series_dir())];
    if consecutive {
        trail.push((ny.to_string(), m.document_dir(new)));
    }
    let crumbs = crumbs(ctx, &dir, &trail, &title);
    let layout = ctx.layout(
        &dir,
        &format!("{title} – {}", m.title()),
        &description,
        "changes",
        crumbs,
    );
    ctx.page("changes.html", &dir, layout, view)
}

/// A section of the newer edition: its links, change tags and diff (or whole body
/// when it is new).
pub(super) fn entry_view(
    ctx: &Ctx,
    m: &SeriesModel,
    dir: &str,
    (old, new): (usize, usize),
    entry: &Entry,
) -> ChangeEntryView {
    let sec = m.section(new, entry.new);
    let old_urls: Vec<LinkView> = entry
        .old
        .iter()
        .map(|&o| LinkView {
            label: m.section_label(old, o),
            url: m.section_url(ctx, dir, old, o),
        })
        .collect();
    let diff = entry.diff.as_ref();
    ChangeEntryView {
        id: m.section_id(new, entry.new).to_string(),
        title: m.section_label(new, entry.new),
        old_title: old_urls
            .iter()
            .map(|l| l.label.clone())
            .collect::<Vec<_>>()
            .join(", "),
        url: m.section_url(ctx, dir, new, entry.new),
        old_urls,
        tags: tags(ctx, entry.kind),
        html: if entry.kind.added {
            ctx.urls.fill(dir, &sec.html)
        } else {
            diff.map(|x| ctx.urls.fill(dir, &x.html))
                .unwrap_or_default()
        },
        figures: diff.map(|x| x.figures.clone()).unwrap_or_default(),
    }
}

/// Section `o` of the older edition `old`, gone in the newer one.
pub(super) fn removed_view(
    ctx: &Ctx,
    m: &SeriesModel,
    dir: &str,
    old: usize,
    o: usize,
) -> ChangeEntryView {
    let title = m.section_label(old, o);
    ChangeEntryView {
        id: format!("borttaget-{}", m.section_id(old, o)),
        title: title.clone(),
        old_title: title.clone(),
        url: String::new(),
        old_urls: vec![LinkView {
            label: title,
            url: m.section_url(ctx, dir, old, o),
        }],
        tags: vec![ctx.strings().tag_removed.clone()],
        html: ctx.urls.fill(dir, &m.section(old, o).html),
        figures: Vec::new(),
    }
}

/// Short labels for what kind of change an entry is.
fn tags(ctx: &Ctx, k: ChangeKind) -> Vec<String> {
    let ui = ctx.strings();
    [
        (k.changed, &ui.tag_changed),
        (k.renamed, &ui.tag_renamed),
        (k.renumbered, &ui.tag_renumbered),
        (k.moved, &ui.tag_moved),
        (k.split, &ui.tag_split),
        (k.merged, &ui.tag_merged),
    ]
    .into_iter()
    .filter(|(flag, _)| *flag)
    .map(|(_, label)| label.clone())
    .collect()
}

/// The count rows at the top of the page.
fn summary(ctx: &Ctx, c: &Comparison) -> Vec<CountView> {
    let ui = ctx.strings();
    let n = &c.counts;
    [
        (n.changed, &ui.count_changed, "changed"),
        (n.added, &ui.count_added, "added"),
        (n.removed, &ui.count_removed, "removed"),
        (n.moved, &ui.count_moved, "moved"),
        (n.renumbered, &ui.count_renumbered, "renumbered"),
        (n.renamed, &ui.count_renamed, "renamed"),
        (n.split, &ui.count_split, "split"),
        (n.merged, &ui.count_merged, "merged"),
        (n.unchanged, &ui.count_unchanged, "unchanged"),
    ]
    .into_iter()
    .map(|(count, label, kind)| CountView {
        label: label.clone(),
        count,
        kind: kind.into(),
    })
    .collect()
}
