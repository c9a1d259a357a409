//! The build: config + corpus + theme in, every page out through a `Sink`. Series
//! are built in parallel and streamed; nothing here knows about the dev server.

mod feeds;
mod memo;
mod model;
mod pages;
pub mod urls;
pub mod views;

use crate::config::Config;
use crate::content::{Corpus, Series};
use crate::error::{Error, Result};
use crate::markdown::{self, ParsedDoc};
use crate::output::Sink;
use crate::render::Renderer;
use crate::search;
use crate::theme::Theme;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use urls::Urls;
use views::*;

pub use memo::Cache;

/// Everything a build reads.
pub struct Site {
    /// Site root (holds content/, theme/, styrdok.yaml).
    pub root: PathBuf,
    /// Configuration.
    pub config: Config,
    /// Content.
    pub corpus: Corpus,
    /// Theme.
    pub theme: Theme,
}

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Include drafts (`status: utkast`).
    pub drafts: bool,
    /// Overrides the config's base URL.
    pub base_url: Option<String>,
}

/// What a build made.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BuildReport {
    /// Series built.
    pub series: usize,
    /// Documents built.
    pub documents: usize,
    /// Files written.
    pub files: usize,
    /// Problems that did not stop the build.
    pub warnings: Vec<String>,
}

/// What `build` made: the report, and the search index's parts for the caller to
/// merge (`Built::write_search_index`, or memoised by `SearchEntries::key` in `serve`).
/// Without a `Cache`, `build` has already written the index's text files (one per
/// document) into its sink: merge into the same sink.
pub struct Built {
    /// Series, documents and files of the pages (and, without a `Cache`, the search
    /// index's text files).
    pub report: BuildReport,
    /// The site's search entries, indexed per series.
    pub search: SearchEntries,
}

impl Built {
    /// Indexes the search entries into `sink`; the report counts the index files too.
    pub fn write_search_index(self, sink: &dyn Sink) -> Result<BuildReport> {
        let mut report = self.report;
        let written = std::sync::atomic::AtomicUsize::new(0);
        let put = |path: String, bytes: Vec<u8>| {
            written.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            sink.put(&path, bytes)
        };
        // Streamed: each index file goes to the sink as soon as it is made.
        search::write_parts(&self.search.parts(), &put)?;
        report.files += written.into_inner();
        Ok(report)
    }
}

/// The search entries of a site: each series' part of the index, in corpus order.
pub struct SearchEntries {
    parts: Vec<Arc<search::SeriesPart>>,
    /// From the series keys, when a `Cache` made them.
    series_key: Option<blake3::Hash>,
}

impl SearchEntries {
    fn parts(&self) -> Vec<&search::SeriesPart> {
        self.parts.iter().map(|p| p.as_ref()).collect()
    }

    /// Names the entries: equal keys, equal entries (and so equal indexes).
    pub fn key(&self) -> blake3::Hash {
        self.series_key.unwrap_or_else(|| {
            let mut h = blake3::Hasher::new();
            for p in &self.parts {
                h.update(p.key().as_bytes());
            }
            h.finalize()
        })
    }

    /// The search index files (path under the site root, bytes).
    pub fn index(&self) -> Vec<(String, Vec<u8>)> {
        search::build_from_parts(&self.parts())
    }
}

/// Reads config, content and theme from `root`.
pub fn load(root: &Path, options: &BuildOptions) -> Result<Site> {
    let mut config = Config::load(root)?;
    if let Some(url) = &options.base_url {
        config.set_base_url(url)?;
    }
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        return Err(Error::Usage(format!(
            "{} has no content/ folder: documents go in content/<serie>/<år>.md",
            root.display()
        )));
    }
    let mut corpus = crate::content::load(&content_dir)?;
    if !options.drafts {
        corpus = corpus.without_drafts();
    }
    let theme = Theme::load(&root.join("theme"))?;
    config.check_logo(&theme)?;
    Ok(Site {
        root: root.to_path_buf(),
        config,
        corpus,
        theme,
    })
}

/// Shared, read-only state of one build.
pub(crate) struct Ctx<'a> {
    pub(crate) site: &'a Site,
    pub(crate) renderer: Arc<Renderer>,
    pub(crate) urls: Urls,
    pub(crate) site_view: SiteView,
    pub(crate) sink: &'a dyn Sink,
}

impl Ctx<'_> {
    /// The UI strings.
    pub(crate) fn strings(&self) -> &crate::strings::Strings {
        &self.renderer.strings
    }

    /// The layout block of the page `dir` (a folder path, or a page file such as
    /// `a/2025/andringar.html`; depth taken from it).
    pub(crate) fn layout(
        &self,
        dir: &str,
        title: &str,
        description: &str,
        kind: &str,
        crumbs: Vec<LinkView>,
    ) -> LayoutView {
        let depth = urls::depth(dir);
        LayoutView {
            title: if dir.is_empty() {
                self.site.config.title.clone()
            } else {
                format!("{title} – {}", self.site.config.title)
            },
            description: description.to_string(),
            canonical: if self.urls.is_absolute() {
                self.urls.href(0, dir)
            } else {
                let file = urls::page_file(dir);
                file.rsplit('/').next().unwrap_or_default().to_string()
            },
            og_type: if kind == "document" {
                "article".into()
            } else {
                "website".into()
            },
            root: self.urls.root(depth),
            home_url: self.urls.href(depth, ""),
            search_url: self.urls.href(depth, "sok/"),
            accessibility_url: self.urls.href(depth, "tillganglighet/"),
            feed_url: self.urls.href(depth, "atom.xml"),
            breadcrumbs: crumbs,
            kind: kind.to_string(),
        }
    }

    /// Renders a template into the page `dir` (`dir/index.html` for a folder path).
    pub(crate) fn page<V: serde::Serialize>(
        &self,
        template: &str,
        dir: &str,
        layout: LayoutView,
        page: V,
    ) -> Result<()> {
        let view = PageView {
            site: &self.site_view,
            layout,
            page,
        };
        let html = self.renderer.render(template, &view)?;
        self.sink.put(&urls::page_file(dir), html.into_bytes())
    }
}

/// Builds every page of the site into `sink`, and returns the search entries for the
/// caller to index.
pub fn build(site: &Site, sink: &dyn Sink, cache: Option<&Cache>) -> Result<Built> {
    let ctx = Ctx {
        site,
        renderer: match cache {
            Some(c) => c.renderer(&site.theme)?,
            None => Arc::new(Renderer::new(&site.theme)?),
        },
        urls: Urls::new(&site.config.base_url),
        site_view: SiteView {
            title: site.config.title.clone(),
            language: site.config.language.clone(),
            municipality: site.config.municipality.clone(),
            contact: site.config.contact.clone(),
            generator: format!("styrdok {}", env!("CARGO_PKG_VERSION")),
            logo: site.config.brand.logo.clone(),
            logo_alt: site.config.brand.logo_alt.clone().unwrap_or_default(),
            brand_css: site.config.brand_colours().is_set(),
            custom_css: site.theme.files.contains_key("static/custom.css"),
            footer_links: site
                .config
                .footer_links
                .iter()
                .map(|l| FooterLinkView {
                    label: l.text.clone(),
                    url: l.url.clone(),
                    site_path: l.is_site_path(),
                })
                .collect(),
        },
        sink,
    };

    let build_key = cache.and_then(|_| memo::build_key(site));
    let built: Vec<Result<(pages::SeriesOutput, Option<blake3::Hash>)>> = site
        .corpus
        .series
        .par_iter()
        .map(|s| build_one_series(&ctx, s, cache, build_key.as_ref()))
        .collect();
    let mut outputs = Vec::with_capacity(built.len());
    let mut series_keys = Vec::with_capacity(built.len());
    let mut errors = Vec::new();
    for (b, s) in built.into_iter().zip(&site.corpus.series) {
        match b {
            Ok((o, key)) => {
                outputs.push(o);
                series_keys.push(key.map(|k| (s.slug.as_str(), k)));
            }
            Err(e) => errors.push(e),
        }
    }
    Error::collect(errors)?;
    let series_key = series_keys
        .into_iter()
        .collect::<Option<Vec<_>>>()
        .map(|keys| memo::series_keys_key(&keys));

    let summaries: Vec<SeriesSummary> = outputs.iter().map(|o| o.summary.clone()).collect();
    let mut files: usize = outputs.iter().map(|o| o.files).sum();
    files += build_site_pages(&ctx, &summaries)?;
    let mut parts = Vec::with_capacity(outputs.len());
    let mut feed: Vec<feeds::FeedEntry> = Vec::new();
    for o in outputs {
        parts.push(o.search);
        feed.extend(o.feed);
    }
    files += feeds::write(&ctx, &summaries, feed)?;
    Ok(Built {
        report: BuildReport {
            series: site.corpus.series.len(),
            documents: site.corpus.document_count(),
            files,
            warnings: site.corpus.warnings.clone(),
        },
        search: SearchEntries { parts, series_key },
    })
}

fn build_one_series(
    ctx: &Ctx,
    s: &Series,
    cache: Option<&Cache>,
    build_key: Option<&blake3::Hash>,
) -> Result<(pages::SeriesOutput, Option<blake3::Hash>)> {
    let build = |ctx: &Ctx| {
        // A one-off build keeps no parse cache, so memory holds one series' parse at a time.
        let parsed: Vec<Arc<ParsedDoc>> = s
            .editions
            .iter()
            .map(|e| {
                // Relative links are resolved against the folder the document is published in.
                let folder = urls::document_dir(&s.slug, e.year);
                match cache {
                    Some(c) => c.parse(&e.body, e.body_line, &ctx.strings().table, &folder),
                    None => Arc::new(markdown::parse_with(
                        &e.body,
                        e.body_line,
                        &ctx.strings().table,
                        &folder,
                    )),
                }
            })
            .collect();
        // The latest-version pages are among them: memoised with the series.
        pages::build(ctx, s, &parsed)
    };
    match (cache, build_key) {
        (Some(c), Some(key)) => c.series_output(ctx, key, s, build),
        (Some(_), None) => Ok((build(ctx)?, None)),
        (None, _) => {
            // A one-off build writes the series' search texts with its pages, off the
            // end of the build (its callers index into the same sink); `serve` keeps
            // them with the rest of the index, which it publishes apart.
            let mut output = build(ctx)?;
            if let Some(part) = Arc::get_mut(&mut output.search) {
                output.files += part.put_texts(ctx.sink)?;
            }
            Ok((output, None))
        }
    }
}

/// Home, search, accessibility statement, 404, static files.
fn build_site_pages(ctx: &Ctx, summaries: &[SeriesSummary]) -> Result<usize> {
    let ui = ctx.strings();
    let documents = summaries.iter().map(|s| s.years.len()).sum();
    let home_layout = ctx.layout(
        "",
        &ctx.site.config.title,
        &ui.home_description,
        "home",
        vec![],
    );
    ctx.page(
        "home.html",
        "",
        home_layout,
        HomeView {
            series: summaries.to_vec(),
            documents,
        },
    )?;

    let mut years: Vec<i32> = summaries
        .iter()
        .flat_map(|s| s.years.iter().map(|y| y.year))
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    let search_layout = ctx.layout(
        "sok/",
        &ui.search,
        &ui.search_description,
        "search",
        crumbs(ctx, "sok/", &[], &ui.search),
    );
    let view = SearchView {
        series: summaries
            .iter()
            .map(|s| LinkView {
                label: s.title.clone(),
                url: s.slug.clone(),
            })
            .collect(),
        years,
        manifest_url: format!("{}search/manifest.js", ctx.urls.root(1)),
        index_root: format!("{}search/", ctx.urls.root(1)),
    };
    ctx.page("search.html", "sok/", search_layout, view)?;

    let a11y = &ctx.site.config.accessibility;
    let layout = ctx.layout(
        "tillganglighet/",
        &ui.accessibility,
        &ui.accessibility,
        "accessibility",
        crumbs(ctx, "tillganglighet/", &[], &ui.accessibility),
    );
    let organisation = if a11y.organisation.is_empty() {
        ctx.site.config.municipality.clone()
    } else {
        a11y.organisation.clone()
    };
    let report_contact = if a11y.report_contact.is_empty() {
        ctx.site.config.contact.clone()
    } else {
        a11y.report_contact.clone()
    };
    ctx.page(
        "accessibility.html",
        "tillganglighet/",
        layout,
        AccessibilityView {
            organisation,
            report_contact,
            known_issues: a11y.known_issues.clone(),
            assessed: a11y.assessed.clone(),
        },
    )?;

    // 404 is served from any depth, so its links are site-absolute when possible.
    let mut layout = ctx.layout("", &ui.not_found, &ui.not_found, "notfound", vec![]);
    layout.title = format!("{} – {}", ui.not_found, ctx.site.config.title);
    let view = PageView {
        site: &ctx.site_view,
        layout,
        page: HomeView {
            series: summaries.to_vec(),
            documents,
        },
    };
    ctx.sink.put(
        "404.html",
        ctx.renderer.render("404.html", &view)?.into_bytes(),
    )?;

    let mut files = 4;
    for (path, bytes) in ctx.site.theme.static_files() {
        ctx.sink.put(&format!("static/{path}"), bytes.to_vec())?;
        files += 1;
    }
    ctx.sink
        .put("static/syntax.css", syntax_css().into_bytes())?;
    let brand = ctx.site.config.brand_colours();
    if brand.is_set() {
        ctx.sink.put("static/brand.css", brand.css().into_bytes())?;
        files += 1;
    }
    Ok(files + 1)
}

/// Breadcrumbs: home, then `trail`, then the current page (no link).
pub(crate) fn crumbs(
    ctx: &Ctx,
    dir: &str,
    trail: &[(String, String)],
    current: &str,
) -> Vec<LinkView> {
    let depth = urls::depth(dir);
    let mut out = vec![LinkView {
        label: ctx.strings().home.clone(),
        url: ctx.urls.href(depth, ""),
    }];
    for (label, target) in trail {
        out.push(LinkView {
            label: label.clone(),
            url: ctx.urls.href(depth, target),
        });
    }
    out.push(LinkView {
        label: current.to_string(),
        url: String::new(),
    });
    out
}

/// Compact JSON with `<`, `>` and `&` escaped as `\u003c`…, so hostile text stays inert
/// even if a consumer pastes the JSON into HTML.
pub fn json_bytes<T: serde::Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, HtmlSafeJson);
    // Writing into a Vec cannot fail; a value that cannot be JSON writes nothing.
    if value.serialize(&mut ser).is_err() {
        out.clear();
    }
    out
}

/// serde_json's compact format, escaping `<`, `>` and `&` inside strings (the only
/// place JSON can hold them) as it writes, without a second pass over the bytes.
struct HtmlSafeJson;

impl serde_json::ser::Formatter for HtmlSafeJson {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let bytes = fragment.as_bytes();
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let escaped: &[u8] = match b {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                b'&' => b"\\u0026",
                _ => continue,
            };
            writer.write_all(&bytes[start..i])?;
            writer.write_all(escaped)?;
            start = i + 1;
        }
        writer.write_all(&bytes[start..])
    }
}

/// CSS for syntax-highlighted code (class-based, light and dark).
fn syntax_css() -> String {
    // Constant, and loading syntect's themes takes tens of milliseconds: once per process.
    static CSS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    CSS.get_or_init(make_syntax_css).clone()
}

fn make_syntax_css() -> String {
    use syntect::highlighting::ThemeSet;
    use syntect::html::{css_for_theme_with_class_style, ClassStyle};
    let themes = ThemeSet::load_defaults();
    let light = themes
        .themes
        .get("InspiredGitHub")
        .and_then(|t| css_for_theme_with_class_style(t, ClassStyle::Spaced).ok())
        .unwrap_or_default();
    let dark = themes
        .themes
        .get("base16-ocean.dark")
        .and_then(|t| css_for_theme_with_class_style(t, ClassStyle::Spaced).ok())
        .unwrap_or_default();
    format!("{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n")
}

#[cfg(test)]
mod tests {
    use super::json_bytes;

    #[test]
    fn json_keeps_markup_characters_inert_and_other_text_as_is() {
        let v = serde_json::json!({ "t": "<script>a && b</script> – ö \u{2028}" });
        let out = String::from_utf8(json_bytes(&v)).unwrap();
        assert_eq!(
            out,
            "{\"t\":\"\\u003cscript\\u003ea \\u0026\\u0026 b\\u003c/script\\u003e – ö \u{2028}\"}"
        );
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back, v);
        // Keys too; and a struct serialized directly writes what its `Value` writes.
        let keyed = serde_json::json!({ "a<b>&": ["x>y"] });
        assert_eq!(
            String::from_utf8(json_bytes(&keyed)).unwrap(),
            "{\"a\\u003cb\\u003e\\u0026\":[\"x\\u003ey\"]}"
        );
    }
}
