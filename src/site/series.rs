//! Pages of one series: its documents, change logs, comparisons, timeline and JSON,
//! plus its search entries and feed entries.

use super::feeds::FeedEntry;
use super::urls::{changes_dir, compare_dir, depth, document_dir, series_dir};
use super::views::*;
use super::{crumbs, Ctx};
use crate::align::{align, Alignment};
use crate::compare::{compare, label, Comparison};
use crate::content::{Edition, Series};
use crate::diff::Labels;
use crate::error::Result;
use crate::markdown::ParsedDoc;
use crate::search;
use serde_json::{json, Map, Value};
use std::sync::Arc;

/// What a series contributes to site-wide pages.
#[derive(Clone)]
pub(crate) struct SeriesOutput {
    pub(crate) summary: SeriesSummary,
    pub(crate) files: usize,
    pub(crate) search: Vec<search::Entry>,
    pub(crate) feed: Vec<FeedEntry>,
}

struct SeriesData<'a> {
    series: &'a Series,
    docs: Vec<&'a ParsedDoc>,
    al: Alignment,
    /// `steps[e]`: comparison of edition e-1 with e (None for the first).
    steps: Vec<Option<Comparison>>,
    /// The redline's words, from the theme.
    labels: Labels,
}

pub(crate) fn build(ctx: &Ctx, series: &Series, parsed: &[Arc<ParsedDoc>]) -> Result<SeriesOutput> {
    let docs: Vec<&ParsedDoc> = parsed.iter().map(|p| p.as_ref()).collect();
    let al = align(&docs);
    let labels = Labels::from_strings(|k| ctx.renderer.t(k));
    let steps = (0..docs.len())
        .map(|e| (e > 0).then(|| compare(&docs, &al, e - 1, e, &labels)))
        .collect();
    let data = SeriesData {
        series,
        docs,
        al,
        steps,
        labels,
    };
    let summary = summarize(ctx, series, None);
    let mut files = 0;
    let mut search_entries = Vec::new();
    let mut feed = Vec::new();
    for e in 0..series.editions.len() {
        document_page(ctx, &data, e)?;
        json_file(ctx, &data, e)?;
        files += 2;
        search_entries.extend(search_entries_of(ctx, &data, e));
        feed.push(feed_entry(ctx, &data, e));
        if e > 0 {
            changes_page(ctx, &data, e - 1, e)?;
            files += 1;
        }
    }
    let n = series.editions.len();
    for old in 0..n {
        for new in old + 2..n {
            changes_page(ctx, &data, old, new)?;
            files += 1;
        }
    }
    series_page(ctx, &data)?;
    files += 1;
    Ok(SeriesOutput {
        summary,
        files,
        search: search_entries,
        feed,
    })
}

fn status_of(ctx: &Ctx, e: &Edition, latest: bool) -> String {
    match &e.front.status {
        Some(s) if !s.is_empty() => s.clone(),
        _ if latest => ctx.renderer.t("status_latest"),
        _ => ctx.renderer.t("status_earlier"),
    }
}

/// The series with its years (newest first), links relative to `from_dir`.
fn summarize(ctx: &Ctx, s: &Series, current: Option<(i32, &str)>) -> SeriesSummary {
    let from = current.map_or("", |(_, d)| d);
    let d = depth(from);
    let latest = s.editions.last().map(|e| e.year);
    let first = s.editions.first().map(|e| e.year);
    SeriesSummary {
        slug: s.slug.clone(),
        title: s.meta.title.clone(),
        url: ctx.urls.href(d, &series_dir(&s.slug)),
        description: s.meta.description.clone(),
        municipality: s.meta.municipality.clone(),
        committee: s.meta.committee.clone(),
        parties: s.meta.parties.clone(),
        years: s
            .editions
            .iter()
            .rev()
            .map(|e| YearView {
                year: e.year,
                url: ctx.urls.href(d, &document_dir(&s.slug, e.year)),
                current: current.is_some_and(|(y, _)| y == e.year),
                latest: Some(e.year) == latest,
                status: status_of(ctx, e, Some(e.year) == latest),
                title: e.front.title.clone(),
                changes_url: if Some(e.year) == first {
                    String::new()
                } else {
                    ctx.urls.href(d, &changes_dir(&s.slug, e.year))
                },
            })
            .collect(),
    }
}

fn metadata(ctx: &Ctx, e: &Edition) -> Vec<MetaItem> {
    let t = |k: &str| ctx.renderer.t(k);
    let f = &e.front;
    let mut items: Vec<MetaItem> = [
        ("meta_diarienummer", &f.diarienummer),
        ("meta_beslutsdatum", &f.beslutsdatum),
        ("meta_faststalld_av", &f.faststalld_av),
        ("meta_giltighetstid", &f.giltighetstid),
        ("meta_kategori", &f.kategori),
        ("meta_dokumentansvarig", &f.dokumentansvarig),
        ("meta_uppfoljning", &f.uppfoljning),
    ]
    .into_iter()
    .filter_map(|(k, v)| {
        v.as_ref().map(|v| MetaItem {
            label: t(k),
            value: v.clone(),
        })
    })
    .collect();
    for (key, value) in &f.extra {
        let text = match value {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Array(a) => a
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join(", "),
            _ => continue,
        };
        items.push(MetaItem {
            label: humanize(key),
            value: text,
        });
    }
    items
}

/// `dokument_typ` → "Dokument typ".
fn humanize(key: &str) -> String {
    let spaced = key.replace('_', " ");
    let mut chars = spaced.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn section_url(ctx: &Ctx, from_dir: &str, slug: &str, year: i32, id: &str) -> String {
    format!(
        "{}#{id}",
        ctx.urls.href(depth(from_dir), &document_dir(slug, year))
    )
}

fn document_page(ctx: &Ctx, d: &SeriesData, e: usize) -> Result<()> {
    let s = d.series;
    let ed = &s.editions[e];
    let doc = d.docs[e];
    let dir = document_dir(&s.slug, ed.year);
    let latest = e + 1 == s.editions.len();
    let ids = &d.al.ids[e];
    let mut sections = Vec::with_capacity(doc.sections.len());
    for (i, sec) in doc.sections.iter().enumerate() {
        let mut other_years = Vec::new();
        let mut absent_years = Vec::new();
        for (j, other) in s.editions.iter().enumerate() {
            if j == e {
                continue;
            }
            let same = d.al.same_as(e, i, j);
            if same.is_empty() {
                absent_years.push(other.year);
            } else {
                let links = same
                    .iter()
                    .map(|&k| LinkView {
                        label: label(&d.docs[j].sections[k]),
                        url: section_url(ctx, &dir, &s.slug, other.year, &d.al.ids[j][k]),
                    })
                    .collect();
                other_years.push(CrossYearView {
                    year: other.year,
                    links,
                });
            }
        }
        let badges = d.steps[e]
            .as_ref()
            .map(|c| badges(ctx, d, c, e, i))
            .unwrap_or_default();
        sections.push(SectionView {
            id: ids[i].clone(),
            number: sec.number.clone().unwrap_or_default(),
            title: sec.title.clone(),
            h: if sec.level == 0 {
                0
            } else {
                (sec.level + 1).min(6)
            },
            html: sec.html.clone(),
            badges,
            other_years,
            absent_years,
        });
    }
    let view = DocumentView {
        series: summarize(ctx, s, Some((ed.year, &dir))),
        year: ed.year,
        title: ed.front.title.clone(),
        status: status_of(ctx, ed, latest),
        latest,
        draft: ed.is_draft(),
        metadata: metadata(ctx, ed),
        toc: toc(doc, ids),
        sections,
        footnotes_html: doc.footnotes_html.clone(),
        changes_url: if e > 0 {
            ctx.urls.href(depth(&dir), &changes_dir(&s.slug, ed.year))
        } else {
            String::new()
        },
        previous_year: (e > 0).then(|| s.editions[e - 1].year),
        json_url: "index.json".into(),
        source: ed
            .path
            .strip_prefix(&ctx.site.root)
            .unwrap_or(&ed.path)
            .display()
            .to_string(),
    };
    let description = format!("{} {} – {}", s.meta.title, ed.year, ed.front.title);
    let crumbs = crumbs(
        ctx,
        &dir,
        &[(s.meta.title.clone(), series_dir(&s.slug))],
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

fn badges(ctx: &Ctx, d: &SeriesData, c: &Comparison, e: usize, i: usize) -> Vec<BadgeView> {
    let t = |k: &str| ctx.renderer.t(k);
    let entry = &c.entries[i];
    let prev = &d.docs[e - 1];
    let year = d.series.editions[e].year;
    let prev_year = d.series.editions[e - 1].year;
    let dir = document_dir(&d.series.slug, year);
    let changes = format!(
        "{}#{}",
        ctx.urls
            .href(depth(&dir), &changes_dir(&d.series.slug, year)),
        d.al.ids[e][i]
    );
    let mut out = Vec::new();
    let k = entry.kind;
    let mk = |kind: &str, label: String, url: &str| BadgeView {
        kind: kind.into(),
        label,
        url: url.to_string(),
    };
    if k.added {
        out.push(mk("new", format!("{} {year}", t("badge_new")), ""));
        return out;
    }
    let old_titles = || {
        entry
            .old
            .iter()
            .map(|&o| label(&prev.sections[o]))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if k.changed {
        out.push(mk(
            "changed",
            format!("{} {prev_year}", t("badge_changed")),
            &changes,
        ));
    }
    if k.merged {
        out.push(mk(
            "merged",
            format!("{} {}", t("badge_merged"), old_titles()),
            "",
        ));
    } else if k.split {
        out.push(mk(
            "split",
            format!("{} {}", t("badge_split"), old_titles()),
            "",
        ));
    } else {
        let old = &prev.sections[entry.old[0]];
        if k.renamed {
            out.push(mk(
                "renamed",
                format!("{} {prev_year}: {}", t("badge_renamed"), old.title),
                "",
            ));
        }
        // Only a number that changed is news; a section numbered for the first time is not.
        if let (true, Some(n)) = (k.renumbered, &old.number) {
            out.push(mk(
                "renumbered",
                format!("{} {prev_year}: {n}", t("badge_renumbered")),
                "",
            ));
        }
    }
    if k.moved && !k.merged && !k.split {
        out.push(mk("moved", t("badge_moved"), ""));
    }
    out
}

/// Deepest Markdown heading level listed in the table of contents (deeper headings are
/// often whole sentences in converted documents and would swamp it).
const TOC_DEPTH: u8 = 3;

fn toc(doc: &ParsedDoc, ids: &[String]) -> Vec<TocNode> {
    fn children(doc: &ParsedDoc, ids: &[String], parent: Option<usize>) -> Vec<TocNode> {
        doc.sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.level > 0 && s.level <= TOC_DEPTH && s.parent == parent)
            .map(|(i, s)| TocNode {
                id: ids[i].clone(),
                number: s.number.clone().unwrap_or_default(),
                title: s.title.clone(),
                children: children(doc, ids, Some(i)),
            })
            .collect()
    }
    children(doc, ids, None)
}

fn changes_page(ctx: &Ctx, d: &SeriesData, old: usize, new: usize) -> Result<()> {
    let t = |k: &str| ctx.renderer.t(k);
    let s = d.series;
    let (oy, ny) = (s.editions[old].year, s.editions[new].year);
    let consecutive = new == old + 1;
    let dir = if consecutive {
        changes_dir(&s.slug, ny)
    } else {
        compare_dir(&s.slug, oy, ny)
    };
    let computed;
    let c = if consecutive {
        d.steps[new]
            .as_ref()
            .expect("consecutive comparison exists")
    } else {
        computed = compare(&d.docs, &d.al, old, new, &d.labels);
        &computed
    };
    let dd = depth(&dir);
    let (od, nd) = (d.docs[old], d.docs[new]);
    let mut view = ChangesView {
        series: summarize(ctx, s, Some((0, &dir))),
        old_year: oy,
        new_year: ny,
        old_url: ctx.urls.href(dd, &document_dir(&s.slug, oy)),
        new_url: ctx.urls.href(dd, &document_dir(&s.slug, ny)),
        consecutive,
        summary: Vec::new(),
        figures: Vec::new(),
        changed: Vec::new(),
        added: Vec::new(),
        removed: Vec::new(),
        unchanged: Vec::new(),
        comparisons: comparison_links(ctx, s, &dir, Some((oy, ny))),
    };
    for entry in &c.entries {
        let sec = &nd.sections[entry.new];
        let id = d.al.ids[new][entry.new].clone();
        let url = section_url(ctx, &dir, &s.slug, ny, &id);
        let old_urls: Vec<LinkView> = entry
            .old
            .iter()
            .map(|&o| LinkView {
                label: label(&od.sections[o]),
                url: section_url(ctx, &dir, &s.slug, oy, &d.al.ids[old][o]),
            })
            .collect();
        let k = entry.kind;
        let mut tags = Vec::new();
        for (flag, key) in [
            (k.changed, "tag_changed"),
            (k.renamed, "tag_renamed"),
            (k.renumbered, "tag_renumbered"),
            (k.moved, "tag_moved"),
            (k.split, "tag_split"),
            (k.merged, "tag_merged"),
        ] {
            if flag {
                tags.push(t(key));
            }
        }
        let diff = entry.diff.as_ref();
        let view_entry = ChangeEntryView {
            id: id.clone(),
            title: label(sec),
            old_title: old_urls
                .iter()
                .map(|l| l.label.clone())
                .collect::<Vec<_>>()
                .join(", "),
            url: url.clone(),
            old_urls,
            tags,
            html: if k.added {
                rebase_links(ctx, &sec.html, &dir, &document_dir(&s.slug, ny))
            } else {
                diff.map(|x| x.html.clone()).unwrap_or_default()
            },
            figures: diff.map(|x| x.figures.clone()).unwrap_or_default(),
        };
        if k.added {
            view.added.push(view_entry);
        } else if k.any() {
            for f in &view_entry.figures {
                view.figures.push(FigureRowView {
                    section: view_entry.title.clone(),
                    url: format!("#{id}"),
                    figure: f.clone(),
                });
            }
            view.changed.push(view_entry);
        } else {
            view.unchanged.push(LinkView {
                label: label(sec),
                url,
            });
        }
    }
    for &o in &c.removed {
        let sec = &od.sections[o];
        let id = format!("borttaget-{}", d.al.ids[old][o]);
        view.removed.push(ChangeEntryView {
            id,
            title: label(sec),
            old_title: label(sec),
            url: String::new(),
            old_urls: vec![LinkView {
                label: label(sec),
                url: section_url(ctx, &dir, &s.slug, oy, &d.al.ids[old][o]),
            }],
            tags: vec![t("tag_removed")],
            html: rebase_links(ctx, &sec.html, &dir, &document_dir(&s.slug, oy)),
            figures: Vec::new(),
        });
    }
    let n = &c.counts;
    for (count, key, kind) in [
        (n.changed, "count_changed", "changed"),
        (n.added, "count_added", "added"),
        (n.removed, "count_removed", "removed"),
        (n.moved, "count_moved", "moved"),
        (n.renumbered, "count_renumbered", "renumbered"),
        (n.renamed, "count_renamed", "renamed"),
        (n.split, "count_split", "split"),
        (n.merged, "count_merged", "merged"),
        (n.unchanged, "count_unchanged", "unchanged"),
    ] {
        view.summary.push(CountView {
            label: t(key),
            count,
            kind: kind.into(),
        });
    }
    let title = if consecutive {
        format!("{} {oy}–{ny}", t("changes"))
    } else {
        format!("{} {oy} {} {ny}", t("compare"), t("with"))
    };
    let description = format!("{}: {title}", s.meta.title);
    let trail = if consecutive {
        vec![
            (s.meta.title.clone(), series_dir(&s.slug)),
            (ny.to_string(), document_dir(&s.slug, ny)),
        ]
    } else {
        vec![(s.meta.title.clone(), series_dir(&s.slug))]
    };
    let crumbs = crumbs(ctx, &dir, &trail, &title);
    let layout = ctx.layout(
        &dir,
        &format!("{title} – {}", s.meta.title),
        &description,
        "changes",
        crumbs,
    );
    ctx.page("changes.html", &dir, layout, view)
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

fn comparison_links(
    ctx: &Ctx,
    s: &Series,
    from_dir: &str,
    current: Option<(i32, i32)>,
) -> Vec<ComparisonLink> {
    let years: Vec<i32> = s.editions.iter().map(|e| e.year).collect();
    let mut out = Vec::new();
    for (i, &old) in years.iter().enumerate() {
        for (j, &new) in years.iter().enumerate().skip(i + 1) {
            let target = if j == i + 1 {
                changes_dir(&s.slug, new)
            } else {
                compare_dir(&s.slug, old, new)
            };
            out.push(ComparisonLink {
                old_year: old,
                new_year: new,
                url: ctx.urls.href(depth(from_dir), &target),
                current: current == Some((old, new)),
            });
        }
    }
    out
}

fn series_page(ctx: &Ctx, d: &SeriesData) -> Result<()> {
    let t = |k: &str| ctx.renderer.t(k);
    let s = d.series;
    let dir = series_dir(&s.slug);
    let n = s.editions.len();
    // Rows: chains of linked sections; a split starts a new row for its second part.
    let mut rows: Vec<Vec<Option<usize>>> = Vec::new();
    let mut row_of: Vec<Vec<usize>> = Vec::with_capacity(n);
    for e in 0..n {
        let mut mine = Vec::with_capacity(d.docs[e].sections.len());
        for i in 0..d.docs[e].sections.len() {
            let continued = (e > 0)
                .then(|| d.al.backward[e][i].first().map(|&p| row_of[e - 1][p]))
                .flatten()
                .filter(|&r| rows[r][e].is_none());
            let r = continued.unwrap_or_else(|| {
                rows.push(vec![None; n]);
                rows.len() - 1
            });
            rows[r][e] = Some(i);
            mine.push(r);
        }
        row_of.push(mine);
    }
    // Order: the newest year's order; rows that ended earlier go after their neighbour.
    let mut order: Vec<usize> = Vec::with_capacity(rows.len());
    let mut placed = vec![false; rows.len()];
    for e in (0..n).rev() {
        let mut last: Option<usize> = None;
        for &r in &row_of[e] {
            if placed[r] {
                last = order.iter().position(|&x| x == r);
            } else {
                let at = last.map_or(0, |l| l + 1).min(order.len());
                order.insert(at, r);
                placed[r] = true;
                last = Some(at);
            }
        }
    }
    let mut timeline = Vec::with_capacity(order.len());
    for r in order {
        let newest = (0..n).rev().find_map(|e| rows[r][e].map(|i| (e, i)));
        let Some((ne, ni)) = newest else { continue };
        let sec = &d.docs[ne].sections[ni];
        let cells = (0..n)
            .map(|e| match rows[r][e] {
                None => TimelineCell {
                    state: "absent".into(),
                    label: t("cell_absent"),
                    url: String::new(),
                },
                Some(i) => {
                    let url = section_url(ctx, &dir, &s.slug, s.editions[e].year, &d.al.ids[e][i]);
                    let (state, key) = match d.steps[e].as_ref().map(|c| c.entries[i].kind) {
                        None => ("present", "cell_present"),
                        Some(k) if k.added => ("new", "cell_new"),
                        Some(k) if k.any() => ("changed", "cell_changed"),
                        Some(_) => ("unchanged", "cell_unchanged"),
                    };
                    TimelineCell {
                        state: state.into(),
                        label: t(key),
                        url,
                    }
                }
            })
            .collect();
        timeline.push(TimelineRow {
            title: label(sec),
            level: sec.level,
            cells,
        });
    }
    let view = SeriesView {
        series: summarize(ctx, s, Some((0, &dir))),
        columns: s.editions.iter().map(|e| e.year).collect(),
        timeline,
        comparisons: comparison_links(ctx, s, &dir, None),
    };
    let description = if s.meta.description.is_empty() {
        s.meta.title.clone()
    } else {
        s.meta.description.clone()
    };
    let crumbs = crumbs(ctx, &dir, &[], &s.meta.title);
    let layout = ctx.layout(&dir, &s.meta.title, &description, "series", crumbs);
    ctx.page("series.html", &dir, layout, view)
}

/// `index.json`: metadata and sections with their counterparts in every other year.
fn json_file(ctx: &Ctx, d: &SeriesData, e: usize) -> Result<()> {
    let s = d.series;
    let ed = &s.editions[e];
    let sections: Vec<Value> = d.docs[e]
        .sections
        .iter()
        .enumerate()
        .map(|(i, sec)| {
            let mut same_as = Map::new();
            for (j, other) in s.editions.iter().enumerate() {
                if j != e {
                    let ids: Vec<&String> =
                        d.al.same_as(e, i, j)
                            .iter()
                            .map(|&k| &d.al.ids[j][k])
                            .collect();
                    same_as.insert(other.year.to_string(), json!(ids));
                }
            }
            json!({
                "id": d.al.ids[e][i],
                "number": sec.number,
                "title": sec.title,
                "level": sec.level,
                "text": sec.text,
                "same_as": same_as,
            })
        })
        .collect();
    let value = json!({
        "series": s.slug,
        "series_title": s.meta.title,
        "year": ed.year,
        "metadata": ed.front,
        "sections": sections,
    });
    let bytes = crate::site::json_bytes(&value);
    ctx.sink.put(
        &format!("{}index.json", document_dir(&s.slug, ed.year)),
        bytes,
    )
}

fn search_entries_of(ctx: &Ctx, d: &SeriesData, e: usize) -> Vec<search::Entry> {
    let s = d.series;
    let ed = &s.editions[e];
    // The metadata block (diarienummer, dates) is searchable too, as its own entry.
    let meta = metadata(ctx, ed);
    let meta_entry = (!meta.is_empty()).then(|| search::Entry {
        url: format!("{}#metadata", document_dir(&s.slug, ed.year)),
        series: s.slug.clone(),
        series_title: s.meta.title.clone(),
        document_title: ed.front.title.clone(),
        year: ed.year,
        section_title: ctx.renderer.t("metadata"),
        text: meta
            .iter()
            .map(|m| format!("{}: {}", m.label, m.value))
            .collect::<Vec<_>>()
            .join("\n"),
    });
    let sections = d.docs[e]
        .sections
        .iter()
        .enumerate()
        .filter(|(_, sec)| !sec.text.is_empty() || sec.level > 0)
        .map(|(i, sec)| search::Entry {
            url: format!("{}#{}", document_dir(&s.slug, ed.year), d.al.ids[e][i]),
            series: s.slug.clone(),
            series_title: s.meta.title.clone(),
            document_title: ed.front.title.clone(),
            year: ed.year,
            section_title: if sec.level == 0 {
                ed.front.title.clone()
            } else {
                sec.display_title()
            },
            text: sec.text.clone(),
        });
    meta_entry.into_iter().chain(sections).collect()
}

fn feed_entry(ctx: &Ctx, d: &SeriesData, e: usize) -> FeedEntry {
    let t = |k: &str| ctx.renderer.t(k);
    let s = d.series;
    let ed = &s.editions[e];
    let summary = match &d.steps[e] {
        Some(c) => {
            let n = &c.counts;
            format!(
                "{}: {} {}, {} {}, {} {}.",
                t("changes"),
                n.changed,
                t("count_changed").to_lowercase(),
                n.added,
                t("count_added").to_lowercase(),
                n.removed,
                t("count_removed").to_lowercase()
            )
        }
        None => s.meta.description.clone(),
    };
    FeedEntry {
        id: format!("{}/{}", s.slug, ed.year),
        title: format!("{} ({})", ed.front.title, ed.year),
        target: document_dir(&s.slug, ed.year),
        changes_target: (e > 0).then(|| changes_dir(&s.slug, ed.year)),
        updated: ed
            .front
            .beslutsdatum
            .clone()
            .unwrap_or_else(|| format!("{}-01-01", ed.year)),
        year: ed.year,
        summary,
    }
}
