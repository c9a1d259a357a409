//! `SeriesModel`: everything the pages of one series show, computed once per series
//! (alignment, comparisons of consecutive years, timeline, statuses, metadata) and
//! asked for by name, so page code never indexes the alignment itself.

use super::urls::{changes_page, compare_page, depth, document_dir, series_dir};
use super::views::{ComparisonLink, EditorialView, MetaItem, SeriesSummary, YearView};
use super::Ctx;
use crate::align::{align, timeline, Alignment, TimelineRow};
use crate::compare::{compare, label, steps, Comparison, KnownDiffs};
use crate::content::{Edition, Series};
use crate::diff::Labels;
use crate::markdown::{ParsedDoc, Section};
use crate::render::Renderer;
use crate::strings::Strings;
use serde_json::Value;
use std::borrow::Cow;

/// One series, its editions (oldest first) and how they relate. Editions are named by
/// their index `e`; sections by `(e, i)`, `i` the section's index in its document.
pub(crate) struct SeriesModel<'a> {
    series: &'a Series,
    docs: Vec<&'a ParsedDoc>,
    alignment: Alignment,
    /// `steps[e]`: comparison of edition e-1 with e (None for the first).
    steps: Vec<Option<Comparison>>,
    /// The steps' diffs by content, for the comparisons with the latest.
    known: KnownDiffs,
    timeline: Vec<TimelineRow>,
    /// `row_ids[e][i]`: anchor of the timeline row of section `i` of edition `e`.
    row_ids: Vec<Vec<String>>,
    statuses: Vec<String>,
    metadata: Vec<Vec<MetaItem>>,
    /// The redline's words, from the theme.
    labels: Labels,
}

impl<'a> SeriesModel<'a> {
    pub(crate) fn new(renderer: &Renderer, series: &'a Series, docs: Vec<&'a ParsedDoc>) -> Self {
        let alignment = align(&docs);
        let ui = &renderer.strings;
        let labels = Labels {
            inserted: ui.diff_inserted.clone(),
            deleted: ui.diff_deleted.clone(),
            moved_here: ui.diff_moved_here.clone(),
            moved_away: ui.diff_moved_away.clone(),
            split: ui.diff_split.clone(),
            join: ui.diff_join.clone(),
            unchanged_one: ui.diff_unchanged_one.clone(),
            unchanged_many: ui.diff_unchanged_many.clone(),
            row_added: ui.diff_row_added.clone(),
            row_removed: ui.diff_row_removed.clone(),
            column_added: ui.diff_column_added.clone(),
            column_removed: ui.diff_column_removed.clone(),
            row_moved: ui.diff_row_moved.clone(),
            table: ui.diff_table.clone(),
        };
        let steps = steps(&docs, &alignment, &labels);
        let known = KnownDiffs::new(&docs, &steps);
        let n = series.editions.len();
        let timeline = timeline(&alignment);
        let mut row_ids: Vec<Vec<String>> = docs
            .iter()
            .map(|d| vec![String::new(); d.sections.len()])
            .collect();
        for row in &timeline {
            let Some((newest, i)) = row
                .iter()
                .enumerate()
                .rev()
                .find_map(|(e, i)| i.map(|i| (e, i)))
            else {
                continue;
            };
            let id = row_id(series.editions[newest].year, &alignment.ids[newest][i]);
            for (e, cell) in row.iter().enumerate() {
                if let Some(k) = cell {
                    row_ids[e][*k] = id.clone();
                }
            }
        }
        SeriesModel {
            series,
            timeline,
            row_ids,
            statuses: (0..n)
                .map(|e| status_of(renderer, &series.editions[e], e + 1 == n))
                .collect(),
            metadata: series
                .editions
                .iter()
                .map(|ed| metadata(renderer, ed))
                .collect(),
            docs,
            alignment,
            steps,
            known,
            labels,
        }
    }

    /// The series as loaded.
    pub(crate) fn series(&self) -> &'a Series {
        self.series
    }

    /// The series' slug.
    pub(crate) fn slug(&self) -> &str {
        &self.series.slug
    }

    /// The series' title.
    pub(crate) fn title(&self) -> &str {
        &self.series.meta.title
    }

    /// Number of editions.
    pub(crate) fn len(&self) -> usize {
        self.series.editions.len()
    }

    /// Edition `e`.
    pub(crate) fn edition(&self, e: usize) -> &'a Edition {
        &self.series.editions[e]
    }

    /// Year of edition `e`.
    pub(crate) fn year(&self, e: usize) -> i32 {
        self.series.editions[e].year
    }

    /// Every year, oldest first.
    pub(crate) fn years(&self) -> Vec<i32> {
        self.series.editions.iter().map(|e| e.year).collect()
    }

    /// Whether `e` is the newest edition.
    pub(crate) fn is_latest(&self, e: usize) -> bool {
        e + 1 == self.len()
    }

    /// Parsed document of edition `e`.
    pub(crate) fn doc(&self, e: usize) -> &'a ParsedDoc {
        self.docs[e]
    }

    /// Section `i` of edition `e`.
    pub(crate) fn section(&self, e: usize, i: usize) -> &'a Section {
        &self.docs[e].sections[i]
    }

    /// "2.1 Title" of section `i` of edition `e`.
    pub(crate) fn section_label(&self, e: usize, i: usize) -> String {
        label(self.section(e, i))
    }

    /// Anchor id of section `i` of edition `e`.
    pub(crate) fn section_id(&self, e: usize, i: usize) -> &str {
        &self.alignment.ids[e][i]
    }

    /// Anchor ids of every section of edition `e`.
    pub(crate) fn section_ids(&self, e: usize) -> &[String] {
        &self.alignment.ids[e]
    }

    /// Sections of edition `other` that section `i` of edition `e` corresponds to.
    pub(crate) fn counterparts(&self, e: usize, i: usize, other: usize) -> Vec<usize> {
        self.alignment.same_as(e, i, other)
    }

    /// Link from a page in `from_dir` to section `i` of edition `e`.
    pub(crate) fn section_url(&self, ctx: &Ctx, from_dir: &str, e: usize, i: usize) -> String {
        format!(
            "{}#{}",
            ctx.urls.href(depth(from_dir), &self.document_dir(e)),
            self.section_id(e, i)
        )
    }

    /// Folder of the series page.
    pub(crate) fn series_dir(&self) -> String {
        series_dir(self.slug())
    }

    /// Folder of edition `e`'s document.
    pub(crate) fn document_dir(&self, e: usize) -> String {
        document_dir(self.slug(), self.year(e))
    }

    /// Page of the change log of edition `e` against the one before.
    pub(crate) fn changes_page(&self, e: usize) -> String {
        changes_page(self.slug(), self.year(e))
    }

    /// Page comparing editions `old` and `new` (the change log when they are
    /// consecutive).
    pub(crate) fn comparison_page(&self, old: usize, new: usize) -> String {
        if new == old + 1 {
            self.changes_page(new)
        } else {
            compare_page(self.slug(), self.year(old), self.year(new))
        }
    }

    /// Comparison of edition `e` with the one before (None for the first).
    pub(crate) fn step(&self, e: usize) -> Option<&Comparison> {
        self.steps[e].as_ref()
    }

    /// Comparison of any two editions (kept for consecutive ones, computed otherwise).
    pub(crate) fn comparison(&self, old: usize, new: usize) -> Cow<'_, Comparison> {
        match self.steps[new].as_ref() {
            Some(c) if new == old + 1 => Cow::Borrowed(c),
            _ => Cow::Owned(compare(
                &self.docs,
                &self.alignment,
                old,
                new,
                &self.labels,
                Some(&self.known),
            )),
        }
    }

    /// Pairs of editions that get a static comparison page other than a change log:
    /// each year against the latest. Every other pair is assembled in the browser from
    /// the change logs' data (`pages::compare`), so the output grows linearly with the
    /// years, not with their square.
    pub(crate) fn distant_pairs(&self) -> impl Iterator<Item = (usize, usize)> {
        let n = self.len();
        (0..n.saturating_sub(2)).map(move |old| (old, n - 1))
    }

    /// Whether editions `old` < `new` have a static page (change log or against the latest).
    pub(crate) fn has_page(&self, old: usize, new: usize) -> bool {
        old < new && (new == old + 1 || new + 1 == self.len())
    }

    /// Whether some pair of years has no static page (then the series gets the page
    /// that assembles any comparison in the browser).
    pub(crate) fn has_assembled_pairs(&self) -> bool {
        self.len() >= 4
    }

    /// Timeline rows (see `align::timeline`).
    pub(crate) fn timeline(&self) -> &[TimelineRow] {
        &self.timeline
    }

    /// Anchor of the timeline row holding section `i` of edition `e`.
    pub(crate) fn row_id(&self, e: usize, i: usize) -> &str {
        &self.row_ids[e][i]
    }

    /// Status label of edition `e` (stated, else derived from being the latest).
    pub(crate) fn status(&self, e: usize) -> &str {
        &self.statuses[e]
    }

    /// Metadata rows of edition `e`.
    pub(crate) fn metadata(&self, e: usize) -> &[MetaItem] {
        &self.metadata[e]
    }

    /// The series with its years (newest first), links relative to `from_dir`;
    /// `current` marks the year being shown.
    pub(crate) fn summary(&self, ctx: &Ctx, from_dir: &str, current: Option<i32>) -> SeriesSummary {
        let s = self.series;
        let d = depth(from_dir);
        SeriesSummary {
            slug: s.slug.clone(),
            title: s.meta.title.clone(),
            url: ctx.urls.href(d, &self.series_dir()),
            description: s.meta.description.clone(),
            municipality: s.meta.municipality.clone(),
            committee: s.meta.committee.clone(),
            parties: s.meta.parties.clone(),
            years: (0..self.len())
                .rev()
                .map(|e| {
                    let ed = self.edition(e);
                    YearView {
                        year: ed.year,
                        url: ctx.urls.href(d, &self.document_dir(e)),
                        current: current == Some(ed.year),
                        latest: self.is_latest(e),
                        status: self.status(e).to_string(),
                        title: ed.front.title.clone(),
                        changes_url: if e == 0 {
                            String::new()
                        } else {
                            ctx.urls.href(d, &self.changes_page(e))
                        },
                    }
                })
                .collect(),
        }
    }

    /// Links to the static comparisons (change logs, then each year against the
    /// latest), from `from_dir`: the series page lists them all (linear in the years).
    pub(crate) fn comparison_links(&self, ctx: &Ctx, from_dir: &str) -> Vec<ComparisonLink> {
        let n = self.len();
        let steps = (1..n).map(|e| (e - 1, e));
        let pairs: Vec<(usize, usize)> = steps.chain(self.distant_pairs()).collect();
        self.links(ctx, from_dir, &pairs, None)
    }

    /// Links from the page of `(old, new)` to the comparisons next to it (a bounded
    /// number, so a page's size does not grow with the years): the pair itself, the
    /// neighbouring change logs and the older year against the latest.
    pub(crate) fn related_links(
        &self,
        ctx: &Ctx,
        from_dir: &str,
        (old, new): (usize, usize),
    ) -> Vec<ComparisonLink> {
        let n = self.len();
        let mut pairs = Vec::new();
        if old > 0 {
            pairs.push((old - 1, old));
        }
        pairs.push((old, old + 1));
        if old + 1 < new {
            pairs.push((new - 1, new));
        }
        if new + 1 < n {
            pairs.push((new, new + 1));
        }
        for (o, nw) in [(old, n - 1), (old + 1, n - 1)] {
            if o + 1 < nw && self.has_page(o, nw) {
                pairs.push((o, nw));
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        let current = (self.year(old), self.year(new));
        self.links(ctx, from_dir, &pairs, Some(current))
    }

    fn links(
        &self,
        ctx: &Ctx,
        from_dir: &str,
        pairs: &[(usize, usize)],
        current: Option<(i32, i32)>,
    ) -> Vec<ComparisonLink> {
        pairs
            .iter()
            .map(|&(old, new)| {
                let years = (self.year(old), self.year(new));
                ComparisonLink {
                    old_year: years.0,
                    new_year: years.1,
                    url: ctx
                        .urls
                        .href(depth(from_dir), &self.comparison_page(old, new)),
                    current: current == Some(years),
                }
            })
            .collect()
    }

    /// Page that compares any two years in the browser.
    pub(crate) fn assembled_page(&self) -> String {
        super::urls::assembled_page(self.slug())
    }
}

/// Anchor of a timeline row, named by its newest section (year and id are unique
/// together, ids alone only within one year).
pub(crate) fn row_id(year: i32, id: &str) -> String {
    format!("rad-{year}-{id}")
}

fn status_of(renderer: &Renderer, e: &Edition, latest: bool) -> String {
    match &e.front.status {
        Some(s) if !s.is_empty() => s.clone(),
        _ if latest => renderer.strings.status_latest.clone(),
        _ => renderer.strings.status_earlier.clone(),
    }
}

fn metadata(renderer: &Renderer, e: &Edition) -> Vec<MetaItem> {
    let f = &e.front;
    let mut items: Vec<MetaItem> = KNOWN_FIELDS
        .iter()
        .zip([
            &f.diarienummer,
            &f.beslutsdatum,
            &f.faststalld_av,
            &f.giltighetstid,
            &f.kategori,
            &f.dokumentansvarig,
            &f.uppfoljning,
        ])
        .filter_map(|((keys, label), v)| {
            v.as_ref().map(|v| MetaItem {
                label: label(&renderer.strings).clone(),
                value: v.clone(),
                editorial: keys.iter().any(|k| f.redaktionellt.contains_key(*k)),
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
            editorial: f.redaktionellt.contains_key(key),
        });
    }
    items
}

/// The label of a metadata field among the UI strings.
type LabelOf = fn(&Strings) -> &String;

/// Front-matter keys (both spellings) shown in the metadata block, with their labels.
const KNOWN_FIELDS: [(&[&str], LabelOf); 7] = [
    (&["diarienummer"], |s| &s.meta_diarienummer),
    (&["beslutsdatum"], |s| &s.meta_beslutsdatum),
    (&["fastställd_av", "faststalld_av"], |s| {
        &s.meta_faststalld_av
    }),
    (&["giltighetstid"], |s| &s.meta_giltighetstid),
    (&["kategori"], |s| &s.meta_kategori),
    (&["dokumentansvarig"], |s| &s.meta_dokumentansvarig),
    (&["uppföljning", "uppfoljning"], |s| &s.meta_uppfoljning),
];

/// The editorial front-matter fields of `e` (`redaktionellt:`), labelled as on the page.
pub(crate) fn editorial_fields(renderer: &Renderer, e: &Edition) -> Vec<EditorialView> {
    let label = |key: &str| match key {
        "title" => renderer.strings.meta_title.clone(),
        "year" => renderer.strings.year.clone(),
        _ => KNOWN_FIELDS
            .iter()
            .find(|(keys, _)| keys.contains(&key))
            .map_or_else(
                || humanize(key),
                |(_, label)| label(&renderer.strings).clone(),
            ),
    };
    e.front
        .redaktionellt
        .iter()
        .map(|(key, note)| EditorialView {
            field: label(key),
            note: note.clone(),
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::humanize;

    #[test]
    fn humanize_keys() {
        assert_eq!(humanize("dokument_typ"), "Dokument typ");
        assert_eq!(humanize("ämne"), "Ämne");
        assert_eq!(humanize(""), "");
    }
}
