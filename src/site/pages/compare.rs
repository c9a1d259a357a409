//! The page that compares any two years of a series in the browser. Only
//! consecutive years (the change logs) and each year against the latest have static
//! pages; for any other pair this page stacks, per section, the change logs' own
//! redlines of every step in between (`jamfor.js`, made by the same Rust diff as the
//! change logs). Without JavaScript it lists the static comparisons.

use super::changes::{entry_view, removed_view};
use crate::error::Result;
use crate::site::model::SeriesModel;
use crate::site::urls::depth;
use crate::site::views::{CompareView, LinkView};
use crate::site::{crumbs, Ctx};
use serde_json::{json, Value};

/// Global callback the data file calls.
const CALLBACK: &str = "styrdokJamfor";

/// Writes the page and its data; returns the number of files written.
pub(super) fn write(ctx: &Ctx, m: &SeriesModel) -> Result<usize> {
    let ui = ctx.strings();
    let dir = m.assembled_page();
    let data_file = crate::site::urls::assembled_data(m.slug());
    let d = depth(&dir);
    let view = CompareView {
        series: m.summary(ctx, &dir, None),
        years: m.years(),
        comparisons: m.comparison_links(ctx, &dir),
        data_url: format!("{}{data_file}", ctx.urls.root(d)),
        action: ctx.urls.href(d, &dir),
    };
    let title = ui.comparisons.clone();
    let crumbs = crumbs(
        ctx,
        &dir,
        &[(m.title().to_string(), m.series_dir())],
        &title,
    );
    let layout = ctx.layout(
        &dir,
        &format!("{title} – {}", m.title()),
        &format!("{}: {title}", m.title()),
        "compare",
        crumbs,
    );
    ctx.page("compare.html", &dir, layout, view)?;
    ctx.sink.put(&data_file, data(ctx, m, &dir))?;
    Ok(2)
}

/// `styrdokJamfor("…");` (`crate::packed`: a third of the JSON's bytes): per year its document link and sections (id, label), per
/// step (year e-1 → e) its change log link and the changed, added and removed
/// entries exactly as the change log shows them, links made for this page's folder.
fn data(ctx: &Ctx, m: &SeriesModel, dir: &str) -> Vec<u8> {
    let d = depth(dir);
    let years: Vec<Value> = (0..m.len())
        .map(|e| {
            let sections: Vec<Value> = (0..m.doc(e).sections.len())
                .map(|i| json!([m.section_id(e, i), m.section_label(e, i)]))
                .collect();
            json!({
                "year": m.year(e),
                "url": ctx.urls.href(d, &m.document_dir(e)),
                "sections": sections,
            })
        })
        .collect();
    let steps: Vec<Value> = (1..m.len())
        .map(|e| {
            let c = m.step(e).expect("every edition but the first has a step");
            let (mut changed, mut added) = (Vec::new(), Vec::new());
            for entry in c.entries.iter().filter(|x| x.kind.any()) {
                let key = m.section_id(e, entry.new);
                let view = entry_view(ctx, m, dir, (e - 1, e), entry);
                let item = json!({"key": key, "e": view});
                if entry.kind.added {
                    added.push(item);
                } else {
                    changed.push(item);
                }
            }
            let removed: Vec<Value> = c
                .removed
                .iter()
                .map(|&o| json!({"key": m.section_id(e - 1, o), "e": removed_view(ctx, m, dir, e - 1, o)}))
                .collect();
            json!({
                "year": m.year(e),
                "url": ctx.urls.href(d, &m.changes_page(e)),
                "changed": changed,
                "added": added,
                "removed": removed,
            })
        })
        .collect();
    let value = json!({"series": m.slug(), "years": years, "steps": steps});
    crate::packed::call(CALLBACK, &value.to_string(), crate::packed::Pack::Fast)
}

/// The view's link to the assembled page (None when every pair has a static page).
pub(super) fn link(ctx: &Ctx, m: &SeriesModel, from_dir: &str) -> Option<LinkView> {
    m.has_assembled_pairs().then(|| LinkView {
        label: ctx.strings().compare_any.clone(),
        url: ctx.urls.href(depth(from_dir), &m.assembled_page()),
    })
}
