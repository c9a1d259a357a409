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
    let t = |k: &str| ctx.renderer.t(k);
    let (oy, ny) = (m.year(old), m.year(new));
    let consecutive = new == old + 1;
    let dir = m.comparison_dir(old, new);
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
        comparisons: m.comparison_links(ctx, &dir, Some((oy, ny))),
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
        format!("{} {oy}–{ny}", t("changes"))
    } else {
        format!("{} {oy} {} {ny}", t("compare"), t("with"))
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
fn entry_view(
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
            rebase_links(ctx, &sec.html, dir, &m.document_dir(new))
        } else {
            // The redline's links (and footnote marks) point into the new document.
            diff.map(|x| rebase_links(ctx, &x.html, dir, &m.document_dir(new)))
                .unwrap_or_default()
        },
        figures: diff.map(|x| x.figures.clone()).unwrap_or_default(),
    }
}

/// Section `o` of the older edition `old`, gone in the newer one.
fn removed_view(ctx: &Ctx, m: &SeriesModel, dir: &str, old: usize, o: usize) -> ChangeEntryView {
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
        tags: vec![ctx.renderer.t("tag_removed")],
        html: rebase_links(ctx, &m.section(old, o).html, dir, &m.document_dir(old)),
        figures: Vec::new(),
    }
}

/// Short labels for what kind of change an entry is.
fn tags(ctx: &Ctx, k: ChangeKind) -> Vec<String> {
    [
        (k.changed, "tag_changed"),
        (k.renamed, "tag_renamed"),
        (k.renumbered, "tag_renumbered"),
        (k.moved, "tag_moved"),
        (k.split, "tag_split"),
        (k.merged, "tag_merged"),
    ]
    .into_iter()
    .filter(|(flag, _)| *flag)
    .map(|(_, key)| ctx.renderer.t(key))
    .collect()
}

/// The count rows at the top of the page.
fn summary(ctx: &Ctx, c: &Comparison) -> Vec<CountView> {
    let n = &c.counts;
    [
        (n.changed, "count_changed", "changed"),
        (n.added, "count_added", "added"),
        (n.removed, "count_removed", "removed"),
        (n.moved, "count_moved", "moved"),
        (n.renumbered, "count_renumbered", "renumbered"),
        (n.renamed, "count_renamed", "renamed"),
        (n.split, "count_split", "split"),
        (n.merged, "count_merged", "merged"),
        (n.unchanged, "count_unchanged", "unchanged"),
    ]
    .into_iter()
    .map(|(count, key, kind)| CountView {
        label: ctx.renderer.t(key),
        count,
        kind: kind.into(),
    })
    .collect()
}

/// Section HTML is written for its document's folder; shown on a change page, its
/// relative links and `#fragments` must point back there.
fn rebase_links(ctx: &Ctx, html: &str, page_dir: &str, doc_dir: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = ["href=\"", "src=\""]
        .iter()
        .filter_map(|a| rest.find(a).map(|i| (i, a.len())))
        .min()
    {
        let (i, len) = at;
        out.push_str(&rest[..i + len]);
        rest = &rest[i + len..];
        let end = rest.find('"').unwrap_or(rest.len());
        let value = &rest[..end];
        let has_scheme = value
            .split(['/', '#', '?'])
            .next()
            .is_some_and(|head| head.contains(':'));
        if value.starts_with('#') {
            out.push_str(&ctx.urls.href(depth(page_dir), doc_dir));
        } else if !(has_scheme || value.starts_with('/') || value.is_empty()) {
            out.push_str(&ctx.urls.root(depth(page_dir)));
            out.push_str(doc_dir);
        }
        out.push_str(value);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
