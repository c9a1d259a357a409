//! `brand:` and `footer_links:` of `styrdok.yaml`: parsed, checked (WCAG contrast, logo,
//! link schemes) and located (`styrdok.yaml:line:col` of a nested key).

use super::Config;
use crate::error::{Error, Location, Result};
use serde::{Deserialize, Serialize};

/// `brand:` — every key optional; the logo needs its alt text.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct BrandConfig {
    /// Logo file under `theme/static/` (`logo.svg`), shown in the header of every page.
    pub logo: String,
    /// The logo's alt text (usually the municipality's name); required with a logo.
    pub logo_alt: Option<String>,
    /// Header background, links and focus ring (`#rrggbb`).
    pub primary: String,
    /// The header's rule, badges and the header's search button (`#rrggbb`).
    pub accent: String,
}

/// A link in the footer of every page.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct FooterLink {
    /// Link text.
    pub text: String,
    /// `https://…`, `mailto:…`, `tel:…`, `/path` on the server, or a path inside the site.
    pub url: String,
}

/// Image types a logo may have.
const LOGO_TYPES: &[&str] = &["svg", "png", "jpg", "jpeg", "webp", "gif", "avif"];

impl Config {
    /// The brand colours (checked when the config was parsed).
    pub fn brand_colours(&self) -> crate::brand::Brand {
        crate::brand::Brand::new(
            crate::brand::Rgb::parse(&self.brand.primary),
            crate::brand::Rgb::parse(&self.brand.accent),
        )
    }

    /// An error at `key` (`brand.primary`, `footer_links[1].url`) of the config file.
    fn error_at(&self, key: &str, message: String) -> Error {
        let (path, src) = &self.source;
        let (line, col) = key_position(src, key);
        Error::at(Location::new(path, line, col), message)
    }

    /// Colours (syntax and WCAG 2.1 AA contrast as the theme uses them), logo name and
    /// alt text, footer links.
    pub(super) fn check_brand(&self) -> Result<()> {
        let mut errors = Vec::new();
        let b = &self.brand;
        for (key, value) in [("primary", &b.primary), ("accent", &b.accent)] {
            if !value.trim().is_empty() && crate::brand::Rgb::parse(value).is_none() {
                errors.push(
                    self.error_at(
                        &format!("brand.{key}"),
                        format!("brand.{key} `{value}` is not a colour"),
                    )
                    .with_hint("write it as \"#rrggbb\" (in quotes: YAML reads # as a comment)"),
                );
            }
        }
        if errors.is_empty() {
            errors.extend(self.contrast_errors());
        }
        if !b.logo.is_empty() {
            let ext = b.logo.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
            let safe = b.logo.split('/').all(|part| {
                !part.is_empty()
                    && part != ".."
                    && part != "."
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
            });
            if !safe {
                errors.push(self.error_at("brand.logo", format!("brand.logo `{}` must be a file name under theme/static/ (letters, digits, `.`, `_`, `-`, `/`)", b.logo)));
            } else if !ext.is_some_and(|e| LOGO_TYPES.contains(&e.as_str())) {
                errors.push(self.error_at(
                    "brand.logo",
                    format!(
                        "brand.logo `{}` is not an image ({})",
                        b.logo,
                        LOGO_TYPES.join(", ")
                    ),
                ));
            }
            if b.logo_alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
                let key = if b.logo_alt.is_some() {
                    "brand.logo_alt"
                } else {
                    "brand.logo"
                };
                errors.push(
                    self.error_at(key, "brand.logo_alt is empty: the logo needs a text alternative".into())
                        .with_hint("write what the logo says, usually the municipality's name: `logo_alt: Nyköpings kommun`"),
                );
            }
        }
        for (i, link) in self.footer_links.iter().enumerate() {
            if link.text.trim().is_empty() {
                errors.push(self.error_at(
                    &format!("footer_links[{i}].text"),
                    format!("footer_links[{i}] has no text"),
                ));
            }
            if let Err(why) = check_link_url(&link.url) {
                errors.push(self.error_at(
                    &format!("footer_links[{i}].url"),
                    format!("footer_links[{i}].url `{}` {why}", link.url),
                ));
            }
        }
        Error::collect(errors)
    }

    /// One error per brand colour whose pairs fall below WCAG 2.1 AA.
    fn contrast_errors(&self) -> Vec<Error> {
        use crate::brand::{ratio_text, Key};
        let brand = self.brand_colours();
        let failures = brand.failures();
        [Key::Primary, Key::Accent]
            .into_iter()
            .filter_map(|key| {
                let failed: Vec<_> = failures.iter().filter(|p| p.key == key).collect();
                if failed.is_empty() {
                    return None;
                }
                // The same pair failing in both modes is said once.
                let mut parts: Vec<String> = Vec::new();
                for p in &failed {
                    let text = format!(
                        "{}: {}, needs {}:1",
                        p.what,
                        ratio_text(p.ratio()),
                        p.needed
                    );
                    let both = failed.iter().any(|q| {
                        q.mode != p.mode
                            && q.what == p.what
                            && ratio_text(q.ratio()) == ratio_text(p.ratio())
                    });
                    let mode = if both {
                        "light and dark mode".to_string()
                    } else {
                        format!("{} mode", p.mode)
                    };
                    let line = format!("{text} ({mode})");
                    if !parts.contains(&line) {
                        parts.push(line);
                    }
                }
                let value = match key {
                    Key::Primary => &self.brand.primary,
                    Key::Accent => &self.brand.accent,
                };
                let name = key.name();
                let err = self.error_at(
                    &format!("brand.{name}"),
                    format!(
                        "brand.{name} \"{value}\" is below WCAG 2.1 AA contrast: {}",
                        parts.join("; ")
                    ),
                );
                Some(match brand.suggestion(key) {
                    Some(fix) => err.with_hint(format!("\"{fix}\" passes every check")),
                    None => err,
                })
            })
            .collect()
    }

    /// Checks that the logo is a file of the theme (`theme/static/<logo>`).
    pub fn check_logo(&self, theme: &crate::theme::Theme) -> Result<()> {
        let logo = &self.brand.logo;
        if logo.is_empty() || theme.files.contains_key(&format!("static/{logo}")) {
            return Ok(());
        }
        Err(self
            .error_at(
                "brand.logo",
                format!("brand.logo `{logo}` is not in theme/static/"),
            )
            .with_hint(format!("put the file at theme/static/{logo}")))
    }
}

/// Footer link targets: web, mail and phone links, or paths; never `javascript:` & co.
pub(super) fn check_link_url(url: &str) -> std::result::Result<(), &'static str> {
    if url.trim().is_empty() {
        return Err("is empty");
    }
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>'))
    {
        return Err("contains spaces or characters a URL cannot hold");
    }
    let scheme_end = url.find(':');
    let path_start = url.find(['/', '?', '#']).unwrap_or(url.len());
    match scheme_end {
        Some(i) if i < path_start => {
            let scheme = url[..i].to_ascii_lowercase();
            if matches!(scheme.as_str(), "https" | "http" | "mailto" | "tel") {
                Ok(())
            } else {
                Err("must be an https:, http:, mailto: or tel: link, or a path")
            }
        }
        _ => Ok(()),
    }
}

impl FooterLink {
    /// A path inside the site (`om/index.html`), which each page links relative to the root.
    pub fn is_site_path(&self) -> bool {
        let path_start = self.url.find(['/', '?', '#']).unwrap_or(self.url.len());
        !self.url.starts_with('/')
            && !self.url.starts_with('#')
            && !self.url[..path_start].contains(':')
    }
}

/// Line and column of a dotted key (`brand.primary`, `footer_links[1].url`) in the
/// config's text: the nested key under its section, else the section, else 1:1.
pub(super) fn key_position(src: &str, key: &str) -> (usize, usize) {
    let (section, rest) = key.split_once('.').unwrap_or((key, ""));
    let (section, item) = match section.split_once('[') {
        Some((name, i)) => (name, i.trim_end_matches(']').parse::<usize>().ok()),
        None => (section, None),
    };
    let lines: Vec<&str> = src.lines().collect();
    let Some(start) = lines
        .iter()
        .position(|l| l.starts_with(&format!("{section}:")))
    else {
        return (1, 1);
    };
    // The section runs to the next line that starts at column 1 (another top-level key).
    let end = lines[start + 1..]
        .iter()
        .position(|l| {
            l.chars()
                .next()
                .is_some_and(|c| !c.is_whitespace() && c != '#')
        })
        .map_or(lines.len(), |i| start + 1 + i);
    let mut from = start;
    if let Some(n) = item {
        // Block lists: the n-th `- ` item of the section.
        let items: Vec<usize> = (start + 1..end)
            .filter(|&i| lines[i].trim_start().starts_with("- "))
            .collect();
        match items.get(n) {
            Some(&i) => from = i,
            None => return (start + 1, 1),
        }
    }
    if rest.is_empty() {
        return (from + 1, 1);
    }
    let item_end = if item.is_some() {
        (from + 1..end)
            .find(|&i| lines[i].trim_start().starts_with("- "))
            .unwrap_or(end)
    } else {
        end
    };
    for (i, line) in lines.iter().enumerate().take(item_end).skip(from) {
        if line.trim_start().starts_with('#') {
            continue;
        }
        let at = line.find(&format!("{rest}:")).filter(|&at| {
            at == 0 || !line[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_')
        });
        if let Some(at) = at {
            return (i + 1, line[..at].chars().count() + 1);
        }
    }
    (from + 1, 1)
}
