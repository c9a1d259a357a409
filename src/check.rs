//! `styrdok check`: builds the site in memory, then checks every internal link and
//! `#fragment` in every HTML page (and the links in sitemap.xml and atom.xml). External
//! links are listed, never fetched. Each broken link is traced to where it can be fixed:
//! the Markdown file and line for links written in content, else the template (with
//! the built page and line).
//!
//! Links are resolved as a reader's browser would: with no base URL relative to the
//! page, from disk (so a link to a folder is broken: it opens a folder listing, not
//! the page); with a base URL, links under it are site paths, served as a web server
//! would (`x/` serves `x/index.html`).

use crate::error::{Error, Location, Result};
use crate::site::{self, BuildOptions, BuildReport};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

mod scan;
mod trace;
use crate::html::{percent_decode, xml_links};
use scan::{scan, Scan};
use trace::trace;

/// A link found in a built file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Built file it is in ("a/2025/index.html").
    pub page: String,
    /// Line in that file.
    pub line: usize,
    /// The link as written (entities decoded).
    pub href: String,
}

/// A link whose target or fragment does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// The link.
    pub link: Link,
    /// Why it is broken.
    pub reason: String,
    /// Where to fix it: Markdown file and line, or the template.
    pub source: Location,
}

/// What `check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// The build's own report (warnings included).
    pub build: BuildReport,
    /// HTML pages checked.
    pub pages: usize,
    /// Internal links checked.
    pub internal: usize,
    /// Broken links, in page order.
    pub broken: Vec<Broken>,
    /// External links (not fetched): URL → pages that have it.
    pub external: BTreeMap<String, Vec<String>>,
}

impl CheckReport {
    /// Prints the external links and a summary (stdout), the build warnings (stderr).
    pub fn print(&self, quiet: bool) {
        for w in &self.build.warnings {
            eprintln!("warning: {}", crate::error::terminal_safe(w));
        }
        if quiet {
            return;
        }
        if !self.external.is_empty() {
            println!("external links (not fetched):");
            for (url, pages) in &self.external {
                let more = if pages.len() > 1 {
                    format!(" and {} more", pages.len() - 1)
                } else {
                    String::new()
                };
                println!(
                    "  {}  (in {}{more})",
                    crate::error::one_line(url),
                    crate::error::one_line(&pages[0])
                );
            }
        }
        println!(
            "checked {} pages, {} internal links: {} broken, {} external",
            self.pages,
            self.internal,
            self.broken.len(),
            self.external.len()
        );
    }

    /// `Err` naming every broken link (`file:line: …`, exit code 1), or `Ok`.
    pub fn into_result(self) -> Result<()> {
        let errors = self
            .broken
            .into_iter()
            .map(|b| {
                Error::at(
                    b.source,
                    format!(
                        "broken link \"{}\" in {}:{}: {}",
                        b.link.href, b.link.page, b.link.line, b.reason
                    ),
                )
            })
            .collect();
        Error::collect(errors)
    }
}

/// Builds the site at `root` in memory and checks it.
pub fn check(root: &Path, options: &BuildOptions) -> Result<CheckReport> {
    let site = site::load(root, options)?;
    let sink = crate::output::MemorySink::default();
    let build = site::build(&site, &sink, None)?.write_search_index(&sink)?;
    let files = sink.into_files();
    let texts: BTreeMap<&str, &str> = files
        .iter()
        // Images and other binary files count as present, with no links to follow.
        .map(|(path, bytes)| (path.as_str(), std::str::from_utf8(bytes).unwrap_or("")))
        .collect();
    let mut report = check_files(&texts, &site.config.base_url);
    report.build = build;
    for b in &mut report.broken {
        b.source = trace(
            &site,
            &b.link,
            texts.get(b.link.page.as_str()).copied().unwrap_or(""),
        );
    }
    Ok(report)
}

/// Checks built files (path → text) for a site published at `base` ("" for relative
/// links). Sources are left as the built page; `check` traces them.
pub fn check_files(files: &BTreeMap<&str, &str>, base: &str) -> CheckReport {
    let scans: HashMap<&str, Scan> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, t)| (*p, scan(t)))
        .collect();
    let mut report = CheckReport {
        pages: scans.len(),
        ..Default::default()
    };
    let mut pages: Vec<&&str> = scans.keys().collect();
    pages.sort();
    let mut links: Vec<Link> = Vec::new();
    for page in pages {
        links.extend(scans[*page].links.iter().map(|(line, href)| Link {
            page: page.to_string(),
            line: *line,
            href: href.clone(),
        }));
    }
    for xml in ["sitemap.xml", "atom.xml"] {
        if let Some(text) = files.get(xml) {
            links.extend(xml_links(text).into_iter().map(|(line, href)| Link {
                page: xml.to_string(),
                line,
                href,
            }));
        }
    }
    for link in links {
        match resolve(&link.page, &link.href, base) {
            Target::Ignore => {}
            Target::External(url) => report
                .external
                .entry(url)
                .or_default()
                .push(link.page.clone()),
            Target::Bad(reason) => report.broken.push(broken(link, reason)),
            Target::Site { path, fragment } => {
                report.internal += 1;
                if let Some(reason) =
                    missing(files, &scans, &path, fragment.as_deref(), !base.is_empty())
                {
                    report.broken.push(broken(link, reason));
                }
            }
        }
    }
    for pages in report.external.values_mut() {
        pages.dedup();
    }
    report
}

/// The built file (a folder for `x/`) and fragment that link `href` in built file
/// `page` leads to, for a site published at `base` ("" for relative links); `None` for
/// external links and links that cannot work. As `check` resolves them (for tests).
pub fn link_target(page: &str, href: &str, base: &str) -> Option<(String, Option<String>)> {
    match resolve(page, href, base) {
        Target::Site { path, fragment } => Some((path, fragment)),
        _ => None,
    }
}

fn broken(link: Link, reason: String) -> Broken {
    let source = Location::new(&link.page, link.line, 1);
    Broken {
        link,
        reason,
        source,
    }
}

/// Where a link points.
#[derive(Debug, PartialEq)]
enum Target {
    /// Not a link to check (mailto:, tel:, data:).
    Ignore,
    /// Outside the site.
    External(String),
    /// Cannot work (with the reason).
    Bad(String),
    /// A path in the built site, with an optional fragment.
    Site {
        path: String,
        fragment: Option<String>,
    },
}

/// Resolves `href` found in built file `page` for a site at `base`.
fn resolve(page: &str, href: &str, base: &str) -> Target {
    let href = href.trim();
    let (rest, fragment) = match href.split_once('#') {
        Some((r, f)) => (r, Some(percent_decode(f))),
        None => (href, None),
    };
    let rest = rest.split('?').next().unwrap_or("");
    let lower = rest.to_ascii_lowercase();
    if ["mailto:", "tel:", "data:", "sms:"]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        return Target::Ignore;
    }
    if lower.starts_with("javascript:") {
        return Target::Bad("javascript: links do nothing without scripts and are unsafe".into());
    }
    let absolute = lower.starts_with("//")
        || lower.split_once(':').is_some_and(|(s, _)| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
    if absolute {
        let full = if rest.starts_with("//") {
            format!("{}{rest}", base.split("//").next().unwrap_or("https:"))
        } else {
            rest.to_string()
        };
        if !base.is_empty() && base.contains("://") {
            if let Some(path) = strip_base(&full, base) {
                return site_target(&path, fragment);
            }
        }
        return Target::External(href.to_string());
    }
    if let Some(path) = rest.strip_prefix('/') {
        let base_path = base_path(base);
        return match base_path {
            None => Target::Bad("root-relative link: it breaks when the site is opened from disk or published under a sub-path; use a relative link".into()),
            Some(bp) => match format!("/{path}").strip_prefix(&bp) {
                Some(p) => site_target(p, fragment),
                None => Target::Bad(format!("points outside the site (which is published at {base})")),
            },
        };
    }
    if rest.is_empty() {
        return Target::Site {
            path: page.to_string(),
            fragment,
        };
    }
    let dir = match page.rfind('/') {
        Some(i) => &page[..=i],
        None => "",
    };
    match normalize(&format!("{dir}{rest}")) {
        Some(p) => site_target(&p, fragment),
        None => Target::Bad("goes above the site's root folder".into()),
    }
}

fn site_target(path: &str, fragment: Option<String>) -> Target {
    Target::Site {
        path: percent_decode(path),
        fragment,
    }
}

/// The path after `base` if `url` is under it (scheme and host compared case-insensitively).
fn strip_base(url: &str, base: &str) -> Option<String> {
    let split = |u: &str| -> Option<(String, String)> {
        let (scheme, rest) = u.split_once("://")?;
        let (host, path) = rest
            .find('/')
            .map_or((rest, "/"), |i| (&rest[..i], &rest[i..]));
        Some((
            format!(
                "{}://{}",
                scheme.to_ascii_lowercase(),
                host.to_ascii_lowercase()
            ),
            path.to_string(),
        ))
    };
    let (uo, up) = split(url)?;
    let (bo, bp) = split(base)?;
    if uo != bo {
        return None;
    }
    if up == bp.trim_end_matches('/') {
        return Some(String::new());
    }
    up.strip_prefix(&bp).map(str::to_string)
}

/// The path part of the base URL ("/styrdokument/"), if there is a base.
fn base_path(base: &str) -> Option<String> {
    if base.is_empty() {
        return None;
    }
    if base.starts_with('/') {
        return Some(base.to_string());
    }
    let rest = base.split_once("://").map_or(base, |(_, r)| r);
    Some(
        rest.find('/')
            .map_or("/".to_string(), |i| rest[i..].to_string()),
    )
}

/// Folds `.` and `..` ("a/b/../c" → "a/c"); None if it climbs above the root.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    let trailing = path.ends_with('/')
        || path.ends_with("/.")
        || path.ends_with("/..")
        || path == "."
        || path == "..";
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if trailing && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// Why a site path (and fragment) does not exist, or None if it does.
fn missing(
    files: &BTreeMap<&str, &str>,
    scans: &HashMap<&str, Scan>,
    path: &str,
    fragment: Option<&str>,
    served: bool,
) -> Option<String> {
    let is_dir = path.is_empty() || path.ends_with('/');
    let file = if is_dir {
        let index = format!("{path}index.html");
        if !served {
            let hint = if files.contains_key(index.as_str()) {
                format!(": link to {index}")
            } else {
                String::new()
            };
            return Some(format!("links to a folder, which opened from disk shows a file listing, not the page{hint}"));
        }
        index
    } else if files.contains_key(path) {
        path.to_string()
    } else if served && files.contains_key(format!("{path}/index.html").as_str()) {
        format!("{path}/index.html")
    } else {
        return Some(format!("{path} does not exist"));
    };
    if !files.contains_key(file.as_str()) {
        return Some(format!("{file} does not exist"));
    }
    match (fragment, scans.get(file.as_str())) {
        (Some(f), Some(scan)) if !f.is_empty() && !scan.ids.contains(f) => {
            Some(format!("{file} has no element with id \"{f}\""))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files<'a>(pairs: &[(&'a str, &'a str)]) -> BTreeMap<&'a str, &'a str> {
        pairs.iter().copied().collect()
    }

    #[test]
    fn resolves_relative_root_and_base_links() {
        assert_eq!(
            resolve("a/2025/index.html", "../2024/index.html#x", ""),
            Target::Site {
                path: "a/2024/index.html".into(),
                fragment: Some("x".into())
            }
        );
        assert_eq!(
            resolve("a/index.html", "#top", ""),
            Target::Site {
                path: "a/index.html".into(),
                fragment: Some("top".into())
            }
        );
        assert_eq!(
            resolve("index.html", "sok/index.html?q=x", ""),
            Target::Site {
                path: "sok/index.html".into(),
                fragment: None
            }
        );
        assert!(matches!(
            resolve("index.html", "../x.html", ""),
            Target::Bad(_)
        ));
        assert!(matches!(resolve("index.html", "/a/", ""), Target::Bad(_)));
        assert_eq!(
            resolve(
                "a/index.html",
                "https://x.se/sd/a/2025/",
                "https://x.se/sd/"
            ),
            Target::Site {
                path: "a/2025/".into(),
                fragment: None
            }
        );
        assert_eq!(
            resolve("a/index.html", "https://x.se/sd", "https://x.se/sd/"),
            Target::Site {
                path: String::new(),
                fragment: None
            }
        );
        assert_eq!(
            resolve("a/index.html", "/sd/static/s.css", "https://x.se/sd/"),
            Target::Site {
                path: "static/s.css".into(),
                fragment: None
            }
        );
        assert!(matches!(
            resolve("a/index.html", "/other/", "https://x.se/sd/"),
            Target::Bad(_)
        ));
        assert_eq!(
            resolve("a/index.html", "https://riksdagen.se/", "https://x.se/sd/"),
            Target::External("https://riksdagen.se/".into())
        );
        assert_eq!(resolve("a/index.html", "mailto:a@b.se", ""), Target::Ignore);
        assert_eq!(
            resolve("a/b/index.html", "%C3%A5r/index.html", ""),
            Target::Site {
                path: "a/b/år/index.html".into(),
                fragment: None
            }
        );
    }

    #[test]
    fn finds_missing_pages_fragments_and_folder_links() {
        let site = files(&[
            ("index.html", "<a href=\"a/index.html#ok\">1</a>\n<a href=\"a/index.html#gone\">2</a>\n<a href=\"b/index.html\">3</a>\n<a href=\"a/\">4</a>\n<a href=\"https://ext.se/\">5</a>"),
            ("a/index.html", "<h2 id=\"ok\">x</h2>"),
        ]);
        let r = check_files(&site, "");
        let reasons: Vec<(usize, &str)> = r
            .broken
            .iter()
            .map(|b| (b.link.line, b.reason.as_str()))
            .collect();
        assert_eq!(reasons.len(), 3, "{reasons:?}");
        assert!(reasons[0].0 == 2 && reasons[0].1.contains("no element with id \"gone\""));
        assert!(reasons[1].0 == 3 && reasons[1].1.contains("b/index.html does not exist"));
        assert!(reasons[2].0 == 4 && reasons[2].1.contains("link to a/index.html"));
        assert_eq!(
            r.external.keys().collect::<Vec<_>>(),
            vec!["https://ext.se/"]
        );
        assert_eq!(r.internal, 4);
        // Served under a base URL, a folder link is fine.
        let served = files(&[
            ("index.html", "<a href=\"https://x.se/sd/a/#ok\">1</a>"),
            ("a/index.html", "<h2 id=\"ok\">x</h2>"),
        ]);
        assert!(check_files(&served, "https://x.se/sd/").broken.is_empty());
    }

    #[test]
    fn checks_sitemap_and_feed_links() {
        let site = files(&[
            ("index.html", ""),
            (
                "sitemap.xml",
                "<urlset>\n<url><loc>https://x.se/sd/gone/</loc></url>\n</urlset>",
            ),
            (
                "atom.xml",
                "<link rel=\"alternate\" href=\"https://x.se/sd/\"/>",
            ),
        ]);
        let r = check_files(&site, "https://x.se/sd/");
        assert_eq!(r.broken.len(), 1);
        assert_eq!(
            (r.broken[0].link.page.as_str(), r.broken[0].link.line),
            ("sitemap.xml", 2)
        );
    }

    #[test]
    fn folds_dots() {
        assert_eq!(normalize("a/./b/../c/"), Some("a/c/".into()));
        assert_eq!(normalize("../a"), None);
    }
}
