//! The document page: metadata, table of contents, and every section with its change
//! badges and links to the same section in the other years.

use crate::compare::Comparison;
use crate::error::Result;
use crate::markdown::ParsedDoc;
use crate::site::model::{editorial_fields, SeriesModel};
use crate::site::urls::depth;
use crate::site::views::*;
use crate::site::{crumbs, Ctx};

/// Deepest Markdown heading level listed in the table of contents (deeper headings are
/// often whole sentences in converted documents and would swamp it).
const TOC_DEPTH: u8 = 3;

/// Writes the page of edition `e`.
pub(super) fn write(ctx: &Ctx, m: &SeriesModel, e: usize) -> Result<()> {
    let ed = m.edition(e);
    let doc = m.doc(e);
    let dir = m.document_dir(e);
    let sections = (0..doc.sections.len())
        .map(|i| section(ctx, m, &dir, e, i))
        .collect();
    let view = DocumentView {
        series: m.summary(ctx, &dir, Some(ed.year)),
        year: ed.year,
        title: ed.front.title.clone(),
        status: m.status(e).to_string(),
        latest: m.is_latest(e),
        draft: ed.is_draft(),
        metadata: m.metadata(e).to_vec(),
        editorial: editorial_fields(&ctx.renderer, ed),
        toc: toc(doc, m.section_ids(e)),
        sections,
        footnotes_html: ctx.urls.fill(&dir, &doc.footnotes_html),
        changes_url: if e > 0 {
            ctx.urls.href(depth(&dir), &m.changes_page(e))
        } else {
            String::new()
        },
        previous_year: (e > 0).then(|| m.year(e - 1)),
        json_url: ctx
            .urls
            .href(depth(&dir), &crate::site::urls::series_json(m.slug())),
        source: ed
            .path
            .strip_prefix(&ctx.site.root)
            .unwrap_or(&ed.path)
            .display()
            .to_string(),
    };
    let description = format!("{} {} – {}", m.title(), ed.year, ed.front.title);
    let crumbs = crumbs(
        ctx,
        &dir,
        &[(m.title().to_string(), m.series_dir())],
        &ed.year.to_string(),
    );
    let layout = ctx.layout(
        &dir,
        &format!("{} ({})", ed.front.title, ed.year),
        &description,
        "document",
        crumbs,
    );
    ctx.page("document.html", &dir, layout, view)
}

/// Section `i` of edition `e`, with its badges and counterparts.
fn section(ctx: &Ctx, m: &SeriesModel, dir: &str, e: usize, i: usize) -> SectionView {
    let sec = m.section(e, i);
    let mut other_years = Vec::new();
    let mut absent_years = Vec::new();
    // The neighbouring years and the latest: a bounded number of links per section
    // (listing every year made a page grow with the years); the timeline row has all.
    let n = m.len();
    let mut shown: Vec<usize> = [e.checked_sub(1), Some(e + 1), Some(n - 1)]
        .into_iter()
        .flatten()
        .filter(|&j| j != e && j < n)
        .collect();
    shown.dedup();
    for other in shown.iter().copied() {
        let same = m.counterparts(e, i, other);
        if same.is_empty() {
            absent_years.push(m.year(other));
        } else {
            other_years.push(CrossYearView {
                year: m.year(other),
                links: same
                    .into_iter()
                    .map(|k| LinkView {
                        label: m.section_label(other, k),
                        url: m.section_url(ctx, dir, other, k),
                    })
                    .collect(),
            });
        }
    }
    SectionView {
        id: m.section_id(e, i).to_string(),
        number: sec.number.clone().unwrap_or_default(),
        title: sec.title.clone(),
        h: if sec.level == 0 {
            0
        } else {
            (sec.level + 1).min(6)
        },
        html: ctx.urls.fill(dir, &sec.html),
        badges: m
            .step(e)
            .map(|c| badges(ctx, m, c, e, i))
            .unwrap_or_default(),
        other_years,
        absent_years,
        cite: (sec.level > 0).then(|| {
            let number = sec.number.as_deref().unwrap_or_default();
            let id = m.section_id(e, i);
            super::cite::citation(ctx, m.series(), m.edition(e), number, &sec.title, id)
        }),
        timeline_url: if shown.len() + 1 < n {
            format!(
                "{}#{}",
                ctx.urls.href(depth(dir), &m.series_dir()),
                m.row_id(e, i)
            )
        } else {
            String::new()
        },
    }
}

/// What changed in section `i` of edition `e` since the year before (`c`).
fn badges(ctx: &Ctx, m: &SeriesModel, c: &Comparison, e: usize, i: usize) -> Vec<BadgeView> {
    let ui = ctx.strings();
    let entry = &c.entries[i];
    let year = m.year(e);
    let prev_year = m.year(e - 1);
    let dir = m.document_dir(e);
    let changes = format!(
        "{}#{}",
        ctx.urls.href(depth(&dir), &m.changes_page(e)),
        m.section_id(e, i)
    );
    let mut out = Vec::new();
    let k = entry.kind;
    let mk = |kind: &str, label: String, url: &str| BadgeView {
        kind: kind.into(),
        label,
        url: url.to_string(),
    };
    if k.added {
        out.push(mk("new", format!("{} {year}", ui.badge_new), ""));
        return out;
    }
    let old_titles = || {
        entry
            .old
            .iter()
            .map(|&o| m.section_label(e - 1, o))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if k.changed {
        out.push(mk(
            "changed",
            format!("{} {prev_year}", ui.badge_changed),
            &changes,
        ));
    }
    if k.merged {
        out.push(mk(
            "merged",
            format!("{} {}", ui.badge_merged, old_titles()),
            "",
        ));
    } else if k.split {
        out.push(mk(
            "split",
            format!("{} {}", ui.badge_split, old_titles()),
            "",
        ));
    } else {
        let old = m.section(e - 1, entry.old[0]);
        if k.renamed {
            out.push(mk(
                "renamed",
                format!("{} {prev_year}: {}", ui.badge_renamed, old.title),
                "",
            ));
        }
        // Only a number that changed is news; a section numbered for the first time is not.
        if let (true, Some(n)) = (k.renumbered, &old.number) {
            out.push(mk(
                "renumbered",
                format!("{} {prev_year}: {n}", ui.badge_renumbered),
                "",
            ));
        }
    }
    if k.moved && !k.merged && !k.split {
        out.push(mk("moved", ui.badge_moved.clone(), ""));
    }
    out
}

/// The table of contents: headings down to `TOC_DEPTH`, nested as in the document.
fn toc(doc: &ParsedDoc, ids: &[String]) -> Vec<TocNode> {
    // Children lists first: scanning every section for each node's children took
    // quadratic time (minutes for 40,000 headings).
    let mut roots = Vec::new();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); doc.sections.len()];
    for (i, s) in doc.sections.iter().enumerate() {
        if s.level > 0 && s.level <= TOC_DEPTH {
            match s.parent {
                Some(p) => children[p].push(i),
                None => roots.push(i),
            }
        }
    }
    fn nodes(
        doc: &ParsedDoc,
        ids: &[String],
        children: &[Vec<usize>],
        list: &[usize],
    ) -> Vec<TocNode> {
        list.iter()
            .map(|&i| TocNode {
                id: ids[i].clone(),
                number: doc.sections[i].number.clone().unwrap_or_default(),
                title: doc.sections[i].title.clone(),
                children: nodes(doc, ids, children, &children[i]),
            })
            .collect()
    }
    nodes(doc, ids, &children, &roots)
}
