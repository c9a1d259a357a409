//! Template-facing data: one typed view per template, computed in Rust so templates
//! only lay out what they are given.

use crate::diff::FigureChange;
use serde::Serialize;

/// What every page gets: the site, the links the layout needs, and its own view.
#[derive(Debug, Serialize)]
pub struct PageView<'a, V: Serialize> {
    /// Site-wide facts.
    pub site: &'a SiteView,
    /// Layout links and head metadata.
    pub layout: LayoutView,
    /// The template's own view.
    pub page: V,
}

/// Site-wide facts from the config.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// Site title.
    pub title: String,
    /// Page language.
    pub language: String,
    /// Publishing municipality.
    pub municipality: String,
    /// Contact line.
    pub contact: String,
    /// Generator string for `<meta name="generator">`.
    pub generator: String,
    /// Logo file under `static/` (empty: no logo).
    pub logo: String,
    /// The logo's alt text.
    pub logo_alt: String,
    /// `static/brand.css` (the brand colours) is linked.
    pub brand_css: bool,
    /// The site's `theme/static/custom.css` is linked, after the theme's CSS.
    pub custom_css: bool,
    /// The site's own footer links.
    pub footer_links: Vec<FooterLinkView>,
}

/// A footer link from the config.
#[derive(Debug, Clone, Serialize)]
pub struct FooterLinkView {
    /// Text.
    pub label: String,
    /// Target as written in the config.
    pub url: String,
    /// A path inside the site: templates put `layout.root` in front.
    pub site_path: bool,
}

/// Links and head metadata for the layout.
#[derive(Debug, Clone, Serialize, Default)]
pub struct LayoutView {
    /// `<title>`.
    pub title: String,
    /// Meta description.
    pub description: String,
    /// Canonical URL of this page.
    pub canonical: String,
    /// Open Graph type ("website" or "article").
    pub og_type: String,
    /// Prefix of asset URLs (`../../` or the base URL).
    pub root: String,
    /// Link to the home page.
    pub home_url: String,
    /// Link to the search page.
    pub search_url: String,
    /// Link to the accessibility statement.
    pub accessibility_url: String,
    /// Link to the Atom feed.
    pub feed_url: String,
    /// Breadcrumbs, home first, the current page last (without URL).
    pub breadcrumbs: Vec<LinkView>,
    /// Kind of page, as a CSS hook ("document", "changes", …).
    pub kind: String,
}

/// A labelled link.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct LinkView {
    /// Text.
    pub label: String,
    /// Target (empty for the current page).
    pub url: String,
}

/// A year of a series in a switcher or list.
#[derive(Debug, Clone, Serialize)]
pub struct YearView {
    /// The year.
    pub year: i32,
    /// Link to the document.
    pub url: String,
    /// This is the page being shown.
    pub current: bool,
    /// The newest edition of the series.
    pub latest: bool,
    /// Status as stated (or derived: gällande for the latest).
    pub status: String,
    /// Document title.
    pub title: String,
    /// Link to its change log, if it has a previous year.
    pub changes_url: String,
}

/// A series in lists.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesSummary {
    /// Slug.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Link to the series page.
    pub url: String,
    /// Short description.
    pub description: String,
    /// Municipality.
    pub municipality: String,
    /// Committee.
    pub committee: String,
    /// Parties.
    pub parties: Vec<String>,
    /// Years, newest first.
    pub years: Vec<YearView>,
}

/// Home page.
#[derive(Debug, Serialize)]
pub struct HomeView {
    /// Every series.
    pub series: Vec<SeriesSummary>,
    /// Total number of documents.
    pub documents: usize,
}

/// A metadata row ("Diarienummer: KAN24/22").
#[derive(Debug, Clone, Serialize)]
pub struct MetaItem {
    /// Label.
    pub label: String,
    /// Value.
    pub value: String,
    /// Written by the publisher, not taken from the source (`redaktionellt:`).
    pub editorial: bool,
}

/// An editorial front-matter field, shown as a note under the title.
#[derive(Debug, Clone, Serialize)]
pub struct EditorialView {
    /// The field's label ("Titel", "Diarienummer").
    pub field: String,
    /// Why the publisher wrote it.
    pub note: String,
}

/// A table-of-contents entry with its children.
#[derive(Debug, Clone, Serialize)]
pub struct TocNode {
    /// Anchor.
    pub id: String,
    /// Number.
    pub number: String,
    /// Title.
    pub title: String,
    /// Subsections.
    pub children: Vec<TocNode>,
}

/// Links from a section to its counterparts in another year.
#[derive(Debug, Clone, Serialize)]
pub struct CrossYearView {
    /// The other year.
    pub year: i32,
    /// Links to the corresponding sections (two or more after a split).
    pub links: Vec<LinkView>,
}

/// A section of a document page.
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// Anchor id.
    pub id: String,
    /// Number.
    pub number: String,
    /// Title.
    pub title: String,
    /// HTML heading level (2–6); 0 for text before the first heading.
    pub h: u8,
    /// Rendered body (trusted: produced by the Markdown stage, raw HTML escaped).
    pub html: String,
    /// Change badges vs the previous year ("Ändrad", "Ny 2025", "Tidigare 2.1").
    pub badges: Vec<BadgeView>,
    /// Counterparts in other years.
    pub other_years: Vec<CrossYearView>,
    /// Years of the series this section does not exist in.
    pub absent_years: Vec<i32>,
    /// How to cite it (none for text before the first heading).
    pub cite: Option<CiteView>,
    /// Link to the section's row in the series timeline (every year), when the series
    /// has more years than the section links to.
    pub timeline_url: String,
}

/// A section's citation.
#[derive(Debug, Clone, Serialize)]
pub struct CiteView {
    /// "Nyköpings kommun, Överenskommelse 2025 … (KAN24/22), avsnitt 3.1 …, beslutad 2024-12-18".
    pub text: String,
    /// The section's permalink.
    pub url: String,
    /// The permalink is a full address (a base URL is set), shown as such.
    pub url_is_absolute: bool,
    /// "3.1 Grunduppdrag …", for the accessible names of the controls.
    pub section: String,
}

/// A small label at a heading.
#[derive(Debug, Clone, Serialize)]
pub struct BadgeView {
    /// CSS hook: new, changed, renamed, renumbered, moved, split, merged.
    pub kind: String,
    /// Text.
    pub label: String,
    /// Optional link (to the change log entry).
    pub url: String,
}

/// A document page.
#[derive(Debug, Serialize)]
pub struct DocumentView {
    /// The series.
    pub series: SeriesSummary,
    /// Year.
    pub year: i32,
    /// Title.
    pub title: String,
    /// Status label.
    pub status: String,
    /// Is this the newest edition.
    pub latest: bool,
    /// Is it a draft.
    pub draft: bool,
    /// Metadata rows.
    pub metadata: Vec<MetaItem>,
    /// Front-matter fields the publisher wrote (not in the source), with why.
    pub editorial: Vec<EditorialView>,
    /// Table of contents.
    pub toc: Vec<TocNode>,
    /// Sections in order.
    pub sections: Vec<SectionView>,
    /// Footnotes HTML.
    pub footnotes_html: String,
    /// Link to this year's change log (empty for the first year).
    pub changes_url: String,
    /// Previous year, if any.
    pub previous_year: Option<i32>,
    /// Link to the open-data JSON.
    pub json_url: String,
    /// Source file, relative to the site root.
    pub source: String,
}

/// One section in a change log or comparison.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeEntryView {
    /// Anchor on the change page.
    pub id: String,
    /// Heading in the newer year.
    pub title: String,
    /// Heading(s) in the older year.
    pub old_title: String,
    /// Link to the section in the newer year.
    pub url: String,
    /// Links to the sections in the older year.
    pub old_urls: Vec<LinkView>,
    /// What kind of change, as short labels.
    pub tags: Vec<String>,
    /// The body with `<ins>`/`<del>`, or the whole body for added/removed sections.
    pub html: String,
    /// Changed figures.
    pub figures: Vec<FigureChange>,
}

/// A summary row.
#[derive(Debug, Clone, Serialize)]
pub struct CountView {
    /// Label.
    pub label: String,
    /// Count.
    pub count: usize,
    /// CSS hook.
    pub kind: String,
}

/// A change log (consecutive years) or comparison (any two years).
#[derive(Debug, Serialize)]
pub struct ChangesView {
    /// Series.
    pub series: SeriesSummary,
    /// The older year.
    pub old_year: i32,
    /// The newer year.
    pub new_year: i32,
    /// Links to the two documents.
    pub old_url: String,
    /// Link to the newer document.
    pub new_url: String,
    /// True for the change log of consecutive years.
    pub consecutive: bool,
    /// Summary counts (only those above zero).
    pub summary: Vec<CountView>,
    /// Every changed figure with its section.
    pub figures: Vec<FigureRowView>,
    /// Sections with changes (text, title, number, place, split/merge).
    pub changed: Vec<ChangeEntryView>,
    /// New sections.
    pub added: Vec<ChangeEntryView>,
    /// Removed sections.
    pub removed: Vec<ChangeEntryView>,
    /// Unchanged sections.
    pub unchanged: Vec<LinkView>,
    /// Links to the comparisons next to this one.
    pub comparisons: Vec<ComparisonLink>,
    /// The page comparing any two years (when some pair has no static page).
    pub compare: Option<LinkView>,
}

/// A changed figure with the section it is in.
#[derive(Debug, Clone, Serialize)]
pub struct FigureRowView {
    /// Section heading.
    pub section: String,
    /// Link to the entry on the change page.
    pub url: String,
    /// The change.
    pub figure: FigureChange,
}

/// A link to a comparison page.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonLink {
    /// Older year.
    pub old_year: i32,
    /// Newer year.
    pub new_year: i32,
    /// Link.
    pub url: String,
    /// This comparison is the page being shown.
    pub current: bool,
}

/// A timeline cell.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineCell {
    /// new / changed / unchanged / absent.
    pub state: String,
    /// Text (screen readers and print read it; colour is only a help).
    pub label: String,
    /// Link to the section that year.
    pub url: String,
}

/// A timeline row: one aligned section over all years.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineRow {
    /// Anchor (document pages link each section to its row).
    pub id: String,
    /// Heading (newest year it appears in).
    pub title: String,
    /// Depth for indentation.
    pub level: u8,
    /// One cell per year, oldest first.
    pub cells: Vec<TimelineCell>,
}

/// A series page.
#[derive(Debug, Serialize)]
pub struct SeriesView {
    /// The series.
    pub series: SeriesSummary,
    /// Years, oldest first (timeline columns).
    pub columns: Vec<i32>,
    /// Timeline rows.
    pub timeline: Vec<TimelineRow>,
    /// The static comparisons: change logs, then each year against the latest.
    pub comparisons: Vec<ComparisonLink>,
    /// `<serie>/senaste/`, the address that always leads to the newest year.
    pub latest_url: String,
    /// Its address as shown: the full URL, or the path in the site without a base URL.
    pub latest_label: String,
    /// The page comparing any two years (when some pair has no static page).
    pub compare: Option<LinkView>,
}

/// The page comparing any two years of a series in the browser.
#[derive(Debug, Serialize)]
pub struct CompareView {
    /// The series.
    pub series: SeriesSummary,
    /// Years, oldest first.
    pub years: Vec<i32>,
    /// The static comparisons (what works without JavaScript).
    pub comparisons: Vec<ComparisonLink>,
    /// URL of the data script (every step's change log entries).
    pub data_url: String,
    /// The form's action: this page.
    pub action: String,
}

/// The search page.
#[derive(Debug, Serialize)]
pub struct SearchView {
    /// Series to filter by.
    pub series: Vec<LinkView>,
    /// Years to filter by, newest first.
    pub years: Vec<i32>,
    /// URL of the search manifest script.
    pub manifest_url: String,
    /// Prefix of search shards.
    pub index_root: String,
}

/// The accessibility statement.
#[derive(Debug, Serialize)]
pub struct AccessibilityView {
    /// Responsible organisation.
    pub organisation: String,
    /// How to report problems.
    pub report_contact: String,
    /// Known shortcomings.
    pub known_issues: Vec<String>,
    /// Date of assessment.
    pub assessed: String,
}

/// `<serie>/senaste/`: leads to the newest year.
#[derive(Debug, Serialize)]
pub struct LatestView {
    /// Heading.
    pub title: String,
    /// Link to the newest year's document.
    pub target: String,
    /// Link text.
    pub label: String,
    /// The newest year.
    pub year: i32,
}
