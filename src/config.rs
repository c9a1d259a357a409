//! Site configuration: `styrdok.yaml` at the site root, every key optional.

use crate::error::{Error, Location, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The file name of the site configuration.
pub const CONFIG_FILE: &str = "styrdok.yaml";

/// Checked site configuration.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Site title, shown in the header and feed.
    pub title: String,
    /// Absolute URL the site is published at (`https://kommun.se/styrdokument/`);
    /// empty means every link is relative (works from disk and under any sub-path).
    pub base_url: String,
    /// Language of the pages (BCP 47).
    pub language: String,
    /// Municipality (or region) publishing the site.
    pub municipality: String,
    /// Contact for questions about the documents or the site (e-mail or phone).
    pub contact: String,
    /// Text of the accessibility statement (tillgänglighetsredogörelse), Markdown.
    pub accessibility: AccessibilityConfig,
}

/// Facts for the accessibility statement page.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct AccessibilityConfig {
    /// Who is responsible for the site.
    pub organisation: String,
    /// How to report a problem (e-mail or web form address).
    pub report_contact: String,
    /// Known shortcomings, one per item.
    pub known_issues: Vec<String>,
    /// When the site was last assessed (YYYY-MM-DD).
    pub assessed: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Styrdokument".into(),
            base_url: String::new(),
            language: "sv".into(),
            municipality: String::new(),
            contact: String::new(),
            accessibility: AccessibilityConfig::default(),
        }
    }
}

impl Config {
    /// Parses and checks the text of `styrdok.yaml`.
    pub fn parse(src: &str, path: &Path) -> Result<Config> {
        if src.trim().is_empty() {
            return Ok(Config::default());
        }
        let mut config: Config = crate::yaml::parse(src, path, 1)?;
        config.validate(path)?;
        Ok(config)
    }

    /// Reads `ROOT/styrdok.yaml`, or the defaults when the file is absent.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        if let Some(e) = crate::paths::outside_root(&path, &crate::paths::resolved_root(root)) {
            return Err(e);
        }
        match std::fs::read_to_string(&path) {
            Ok(src) => Config::parse(&src, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(Error::io(&path, e)),
        }
    }

    /// Normalises the base URL and rejects values that cannot work.
    fn validate(&mut self, path: &Path) -> Result<()> {
        self.base_url = normalize_base_url(&self.base_url)
            .map_err(|message| Error::at(Location::new(path, key_line(path), 1), message))?;
        if self.language.trim().is_empty() {
            self.language = "sv".into();
        }
        Ok(())
    }

    /// Replaces the base URL (from `--base-url`), checking it.
    pub fn set_base_url(&mut self, url: &str) -> Result<()> {
        self.base_url = normalize_base_url(url).map_err(Error::Usage)?;
        Ok(())
    }
}

fn key_line(path: &Path) -> usize {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|s| s.lines().position(|l| l.starts_with("base_url")))
        .map(|i| i + 1)
        .unwrap_or(1)
}

/// `https://x.se/a` → `https://x.se/a/`; empty stays empty (relative links).
pub fn normalize_base_url(url: &str) -> std::result::Result<String, String> {
    let url = url.trim();
    if url.is_empty() {
        return Ok(String::new());
    }
    let ok_scheme =
        url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/');
    if !ok_scheme || url.contains(['"', '<', '>', ' ', '\'']) {
        return Err(format!(
            "base_url `{url}` must be an absolute http(s) URL or a path starting with `/`, e.g. https://kommun.se/styrdokument/"
        ));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_unknown_keys() {
        let c = Config::parse("", Path::new("styrdok.yaml")).unwrap();
        assert_eq!(c.language, "sv");
        let err = Config::parse("titel: x\n", Path::new("styrdok.yaml")).unwrap_err();
        assert!(err.to_string().contains("titel"), "{err}");
    }

    #[test]
    fn base_url_gets_trailing_slash_and_rejects_junk() {
        assert_eq!(
            normalize_base_url("https://x.se/a").unwrap(),
            "https://x.se/a/"
        );
        assert_eq!(normalize_base_url("/sub").unwrap(), "/sub/");
        assert!(normalize_base_url("javascript:alert(1)").is_err());
    }
}
