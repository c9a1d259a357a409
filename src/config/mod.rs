//! Site configuration: `styrdok.yaml` at the site root, every key optional.

use crate::error::{Error, Location, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

mod brand;
pub use brand::{BrandConfig, FooterLink};

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
    /// The municipality's logo and colours.
    pub brand: BrandConfig,
    /// Extra links in the footer of every page (contact, cookies, om webbplatsen).
    pub footer_links: Vec<FooterLink>,
    /// Where the config came from and its text, to place errors found after parsing.
    #[serde(skip)]
    source: (std::path::PathBuf, String),
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
            brand: BrandConfig::default(),
            footer_links: Vec::new(),
            source: Default::default(),
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
        config.source = (path.to_path_buf(), src.to_string());
        config.validate(src, path)?;
        config.check_brand()?;
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
    fn validate(&mut self, src: &str, path: &Path) -> Result<()> {
        self.base_url = normalize_base_url(&self.base_url)
            .map_err(|message| Error::at(Location::new(path, key_line(src), 1), message))?;
        if self.language.trim().is_empty() {
            self.language = "sv".into();
        }
        Ok(())
    }

    /// Replaces the base URL (from `--base-url`), checking it.
    pub fn set_base_url(&mut self, url: &str) -> Result<()> {
        self.base_url = normalize_base_url(url)
            .map_err(|message| Error::Usage(format!("--base-url: {message}")))?;
        Ok(())
    }
}

/// The line of the `base_url` key (1 when it cannot be found, e.g. in flow style).
fn key_line(src: &str) -> usize {
    src.lines()
        .position(|l| l.starts_with("base_url"))
        .map(|i| i + 1)
        .unwrap_or(1)
}

/// `https://x.se/a` → `https://x.se/a/`; empty stays empty (relative links). Accepts
/// only an absolute http(s) URL with a host, or a path that starts with exactly one `/`:
/// `//evil.example/` and `/\evil.example/` are links to another host in a browser.
pub fn normalize_base_url(url: &str) -> std::result::Result<String, String> {
    let url = url.trim_matches([' ', '\t', '\n', '\r']);
    if url.is_empty() {
        return Ok(String::new());
    }
    let problem = base_url_problem(url);
    if let Some(problem) = problem {
        return Err(format!(
            "base_url `{}` {problem}: use an absolute http(s) URL or a path starting with one `/`, e.g. https://kommun.se/styrdokument/ or /styrdokument/",
            url.escape_debug()
        ));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

/// What is wrong with a non-empty base URL, if anything.
fn base_url_problem(url: &str) -> Option<&'static str> {
    let path = if let Some(rest) = strip_scheme(url) {
        let end = rest.find('/').unwrap_or(rest.len());
        let (authority, path) = rest.split_at(end);
        if !valid_authority(authority) {
            return Some("has no valid host");
        }
        path
    } else if url.starts_with('/') {
        if url.starts_with("//") || url.starts_with("/\\") {
            return Some("would be read as another host");
        }
        url
    } else {
        return Some("is neither an http(s) URL nor a path");
    };
    let bad = |c: char| {
        !(c.is_ascii_alphanumeric()
            || "-._~!$&()*+,;=:@%/".contains(c)
            || (!c.is_ascii() && c.is_alphanumeric()))
    };
    if path.contains(bad) {
        return Some("holds a character a base URL cannot have (space, quote, backslash, `?`, `#`, control character …)");
    }
    None
}

fn strip_scheme(url: &str) -> Option<&str> {
    ["https://", "http://"].iter().find_map(|scheme| {
        url.get(..scheme.len())
            .filter(|s| s.eq_ignore_ascii_case(scheme))
            .map(|_| &url[scheme.len()..])
    })
}

/// `host[:port]`, where host is a name (letters, digits, `-`, `.`) or `[IPv6]`.
fn valid_authority(authority: &str) -> bool {
    let (host_ok, port) = match authority.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((v6, port)) => (v6.parse::<std::net::Ipv6Addr>().is_ok(), port),
            None => return false,
        },
        None => {
            let end = authority.find(':').unwrap_or(authority.len());
            let host = &authority[..end];
            let ok = !host.is_empty()
                && !host.starts_with(['.', '-'])
                && host
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
            (ok, &authority[end..])
        }
    };
    let port_ok = port.is_empty()
        || port.strip_prefix(':').is_some_and(|p| {
            !p.is_empty() && p.len() <= 5 && p.chars().all(|c| c.is_ascii_digit())
        });
    host_ok && port_ok
}

#[cfg(test)]
mod tests {
    use super::brand::{check_link_url, key_position};
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

    const BRAND: &str = "title: X\nbrand:\n  logo: logo.svg\n  logo_alt: Nyköpings kommun\n  primary: \"#00508a\"\n  accent: \"#ffcd00\"\nfooter_links:\n  - { text: Kontakt, url: https://www.nykoping.se/kontakt }\n  - text: Om\n    url: om/index.html\n";

    #[test]
    fn brand_and_footer_links_parse() {
        let c = Config::parse(BRAND, Path::new("styrdok.yaml")).unwrap();
        assert_eq!(c.brand.primary, "#00508a");
        assert_eq!(c.brand.logo_alt.as_deref(), Some("Nyköpings kommun"));
        assert_eq!(c.footer_links.len(), 2);
        assert!(!c.footer_links[0].is_site_path());
        assert!(c.footer_links[1].is_site_path());
        let err = Config::parse("brand:\n  logga: x.svg\n", Path::new("styrdok.yaml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("logga"), "{err}");
    }

    #[test]
    fn failing_colours_name_their_line_and_ratio() {
        let src = BRAND
            .replace("#00508a", "#4d9be6")
            .replace("#ffcd00", "#808080");
        let err = Config::parse(&src, Path::new("styrdok.yaml"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("styrdok.yaml:5:3: brand.primary \"#4d9be6\" is below WCAG 2.1 AA contrast: white header text on it: 2.93:1, needs 4.5:1 (light and dark mode);"), "{err}");
        assert!(
            err.contains("styrdok.yaml:6:3: brand.accent \"#808080\""),
            "{err}"
        );
        assert!(
            err.contains("badge and button text on it: 4.36:1, needs 4.5:1"),
            "{err}"
        );
        assert!(
            err.contains("focus ring on the page background: 2.93:1, needs 3:1 (light mode)"),
            "{err}"
        );
        assert!(err.contains("hint: \"#"), "{err}");
        let err = Config::parse(&BRAND.replace("#00508a", "blue"), Path::new("styrdok.yaml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("styrdok.yaml:5:3: brand.primary `blue` is not a colour"),
            "{err}"
        );
    }

    #[test]
    fn logo_needs_alt_text_and_a_safe_name() {
        let err = Config::parse(
            &BRAND.replace("Nyköpings kommun", "\"\""),
            Path::new("styrdok.yaml"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("styrdok.yaml:4:3: brand.logo_alt is empty"),
            "{err}"
        );
        let no_alt = BRAND.replace("  logo_alt: Nyköpings kommun\n", "");
        let err = Config::parse(&no_alt, Path::new("styrdok.yaml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("styrdok.yaml:3:3: brand.logo_alt is empty"),
            "{err}"
        );
        for bad in ["../secret.svg", "/etc/logo.svg", "my logo.svg", "logo.html"] {
            let err = Config::parse(&BRAND.replace("logo.svg", bad), Path::new("styrdok.yaml"))
                .unwrap_err()
                .to_string();
            assert!(
                err.starts_with("styrdok.yaml:3:3: brand.logo"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn key_positions_find_nested_and_flow_keys() {
        let src = "# c\nbrand:\n  # primary: no\n  logo: x.svg\n  primary: \"#000\"\nprimary: top\nfooter_links:\n  - { text: A, url: a }\n  - text: B\n    url: b\n";
        assert_eq!(key_position(src, "brand.logo"), (4, 3));
        assert_eq!(key_position(src, "brand.primary"), (5, 3));
        assert_eq!(
            key_position(src, "brand.accent"),
            (2, 1),
            "absent: the section"
        );
        assert_eq!(key_position(src, "footer_links[0].url"), (8, 16));
        assert_eq!(key_position(src, "footer_links[1].url"), (10, 5));
        assert_eq!(key_position(src, "nothing.here"), (1, 1));
        let flow = "brand: { logo: a.svg, primary: \"#fff\" }\n";
        assert_eq!(key_position(flow, "brand.primary"), (1, 23));
    }

    #[test]
    fn footer_links_refuse_script_urls() {
        let src = BRAND.replace("om/index.html", "javascript:alert(1)");
        let err = Config::parse(&src, Path::new("styrdok.yaml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("styrdok.yaml:10:5: footer_links[1].url `javascript:alert(1)` must be"),
            "{err}"
        );
        for ok in [
            "mailto:a@b.se",
            "tel:+4615",
            "/kontakt/",
            "https://x.se/a?b#c",
        ] {
            assert!(check_link_url(ok).is_ok(), "{ok}");
        }
        assert!(check_link_url("data:text/html,x").is_err());
        assert!(check_link_url("").is_err());
    }

    #[test]
    fn base_url_must_stay_on_its_host() {
        for good in [
            "https://kommun.se/styrdokument/",
            "http://localhost:8080",
            "HTTPS://Kommun.SE/a/b",
            "https://[::1]:8000/x/",
            "https://håbo.se/styrdokument",
            "/",
            "/styrdokument/2025/",
        ] {
            assert!(normalize_base_url(good).is_ok(), "{good}");
        }
        for bad in [
            "//evil.example/",
            "/\\evil.example/",
            "\\\\evil.example\\",
            "https:///path",
            "https://",
            "https://evil.example\\@kommun.se/",
            "https://user@kommun.se/",
            "https://kommun.se:port/",
            "https://kommun.se/a b/",
            "https://kommun.se/a\"onload=\"x/",
            "/sd/\u{1b}[31m/",
            "/sd/\u{7}/",
            "/sd/?q=1",
            "/sd/#x",
            "ftp://kommun.se/",
            "kommun.se/sd/",
            "javascript://kommun.se/%0aalert(1)",
        ] {
            let err = normalize_base_url(bad).expect_err(bad);
            assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err}");
        }
    }

    #[test]
    fn a_bad_base_url_names_the_line_or_the_flag() {
        let err = Config::parse(
            "title: T\nbase_url: //evil.example/\n",
            Path::new("styrdok.yaml"),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("styrdok.yaml:2:1: base_url `//evil.example/`"),
            "{err}"
        );
        let err = Config::default()
            .set_base_url("/\\evil.example/")
            .unwrap_err();
        assert!(err.to_string().starts_with("--base-url: base_url"), "{err}");
        assert_eq!(err.exit_code(), 2);
    }
}
