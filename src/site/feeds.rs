//! Site-wide files: Atom feed (documents and change logs, newest first), sitemap,
//! robots.txt.

use super::views::SeriesSummary;
use super::Ctx;
use crate::error::Result;
use crate::markdown;

/// Text for XML 1.0: escaped, and without the characters XML forbids (most C0 controls,
/// U+FFFE, U+FFFF), which would make the whole feed unreadable. YAML values are checked
/// when read; this also covers folder names and theme strings.
fn escape_html(text: &str) -> String {
    let allowed = |c: char| !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if text.chars().all(allowed) {
        markdown::escape_html(text)
    } else {
        markdown::escape_html(&text.chars().filter(|&c| allowed(c)).collect::<String>())
    }
}

/// One document (and its change log) in the feed.
#[derive(Clone)]
pub(crate) struct FeedEntry {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) target: String,
    pub(crate) changes_target: Option<String>,
    pub(crate) updated: String,
    pub(crate) year: i32,
    pub(crate) summary: String,
}

/// Writes atom.xml, sitemap.xml and robots.txt; returns the number of files.
pub(crate) fn write(
    ctx: &Ctx,
    summaries: &[SeriesSummary],
    mut feed: Vec<FeedEntry>,
) -> Result<usize> {
    feed.sort_by(|a, b| {
        b.year
            .cmp(&a.year)
            .then(b.updated.cmp(&a.updated))
            .then(a.id.cmp(&b.id))
    });
    let urls = &ctx.urls;
    // Absolute with a base URL; else relative to the site root (where these files are),
    // so the feed and sitemap also work from disk or under any sub-path.
    let link = |target: &str| {
        if urls.is_absolute() {
            urls.absolute(target)
        } else {
            urls.href(0, target)
        }
    };
    let updated = feed
        .iter()
        .map(|f| f.updated.as_str())
        .max()
        .unwrap_or("1970-01-01");
    // The feed is in the site's language, as its pages are (`language` in styrdok.yaml).
    let mut atom = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape_html(&ctx.site.config.language)
    );
    atom.push_str(&format!(
        "<title>{}</title>\n",
        escape_html(&ctx.site.config.title)
    ));
    atom.push_str(&format!(
        "<id>urn:styrdok:{}</id>\n",
        escape_html(&crate::slug::slugify(&ctx.site.config.title))
    ));
    atom.push_str(&format!("<updated>{updated}T00:00:00Z</updated>\n"));
    atom.push_str(&format!(
        "<link rel=\"alternate\" href=\"{}\"/>\n",
        escape_html(&link(""))
    ));
    if urls.is_absolute() {
        atom.push_str(&format!(
            "<link rel=\"self\" href=\"{}\"/>\n",
            escape_html(&link("atom.xml"))
        ));
    }
    atom.push_str(&format!(
        "<author><name>{}</name></author>\n",
        escape_html(if ctx.site.config.municipality.is_empty() {
            &ctx.site.config.title
        } else {
            &ctx.site.config.municipality
        })
    ));
    for f in &feed {
        push_entry(
            &mut atom,
            &format!("urn:styrdok:{}", f.id),
            &f.title,
            &link(&f.target),
            &f.updated,
            &f.summary,
        );
        if let Some(c) = &f.changes_target {
            let title = format!("{}: {}", ctx.strings().changes, f.title);
            push_entry(
                &mut atom,
                &format!("urn:styrdok:{}/andringar", f.id),
                &title,
                &link(c),
                &f.updated,
                &f.summary,
            );
        }
    }
    atom.push_str("</feed>\n");
    ctx.sink.put("atom.xml", atom.into_bytes())?;

    let mut sitemap = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut loc = |target: &str| {
        sitemap.push_str(&format!(
            "<url><loc>{}</loc></url>\n",
            escape_html(&link(target))
        ))
    };
    loc("");
    for s in summaries {
        loc(&format!("{}/", s.slug));
        for y in &s.years {
            loc(&format!("{}/{}/", s.slug, y.year));
            if !y.changes_url.is_empty() {
                loc(&super::urls::changes_page(&s.slug, y.year));
            }
        }
    }
    sitemap.push_str("</urlset>\n");
    ctx.sink.put("sitemap.xml", sitemap.into_bytes())?;
    // robots.txt may only name a sitemap by its full URL.
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    if urls.is_absolute() && urls.absolute("").contains("://") {
        robots.push_str(&format!("Sitemap: {}\n", urls.absolute("sitemap.xml")));
    }
    ctx.sink.put("robots.txt", robots.into_bytes())?;
    Ok(3)
}

fn push_entry(atom: &mut String, id: &str, title: &str, href: &str, updated: &str, summary: &str) {
    atom.push_str(&format!(
        "<entry>\n<id>{}</id>\n<title>{}</title>\n<link rel=\"alternate\" href=\"{}\"/>\n<updated>{updated}T00:00:00Z</updated>\n<summary>{}</summary>\n</entry>\n",
        escape_html(id),
        escape_html(title),
        escape_html(href),
        escape_html(summary)
    ));
}
