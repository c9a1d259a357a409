//! Tera rendering: templates from the theme, typed views from `site`, strings from
//! `theme/strings.yaml`. Templates get data, never query functions.

use crate::error::{Error, Location, Result};
use crate::strings::Strings;
use crate::theme::Theme;
use serde::Serialize;
use std::path::PathBuf;

/// The templates every theme must provide.
pub const TEMPLATES: &[&str] = &[
    "base.html",
    "macros.html",
    "home.html",
    "series.html",
    "document.html",
    "changes.html",
    "compare.html",
    "search.html",
    "accessibility.html",
    "404.html",
    "latest.html",
];

/// Name prefix of the built-in templates (`{% extends "styrdok/base.html" %}`).
pub const BUILTIN_PREFIX: &str = "styrdok/";

/// Compiled templates plus UI strings.
pub struct Renderer {
    tera: tera::Tera,
    /// UI strings (Swedish by default), also given to templates as `t`.
    pub strings: Strings,
    /// Per template: name, where it came from, source (to place render errors).
    origins: Vec<(String, PathBuf, String)>,
    /// Names this renderer among others, for the per-thread context (`with_context`).
    id: u64,
}

thread_local! {
    /// The last context this thread rendered with, by renderer id: it keeps `t` (the
    /// ~150 UI strings) between pages, which were serialised again for every page.
    static CONTEXT: std::cell::RefCell<Option<(u64, tera::Context)>> =
        const { std::cell::RefCell::new(None) };
}

impl Renderer {
    /// Compiles the theme's templates; errors name the template file and line.
    pub fn new(theme: &Theme) -> Result<Renderer> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Same escaping as the rest of styrdok (Tera's default also escapes `/`, which only uglifies URLs).
        tera.set_escape_fn(crate::markdown::escape_html);
        let mut origins = Vec::new();
        let mut sources = Vec::new();
        for name in TEMPLATES {
            let key = format!("templates/{name}");
            sources.push((name.to_string(), theme.text(&key)?.to_string()));
            origins.push((
                name.to_string(),
                theme.origin(&key),
                theme.text(&key)?.to_string(),
            ));
        }
        // Extra templates a site adds (partials it includes).
        for key in theme.files.keys().filter(|k| k.starts_with("templates/")) {
            let name = &key["templates/".len()..];
            if name.starts_with(BUILTIN_PREFIX) {
                return Err(Error::at(
                    Location::file(theme.origin(key)),
                    format!("templates/{BUILTIN_PREFIX} is reserved for the built-in templates"),
                )
                .with_hint(format!("rename the file; extend a built-in one with {{% extends \"{BUILTIN_PREFIX}base.html\" %}}")));
            }
            if !TEMPLATES.contains(&name) {
                sources.push((name.to_string(), theme.text(key)?.to_string()));
                origins.push((
                    name.to_string(),
                    theme.origin(key),
                    theme.text(key)?.to_string(),
                ));
            }
        }
        // The built-in templates stay reachable as `styrdok/<name>`, so a site's template
        // can extend the built-in one and change a block instead of copying the file.
        let builtin = Theme::builtin();
        for name in TEMPLATES {
            let key = format!("templates/{name}");
            let source = builtin.text(&key)?.to_string();
            let prefixed = format!("{BUILTIN_PREFIX}{name}");
            origins.push((prefixed.clone(), builtin.origin(&key), source.clone()));
            sources.push((prefixed, source));
        }
        if let Err(e) = add_templates(&mut tera, sources) {
            return Err(template_error(&e, &origins));
        }
        let strings = Strings::load(theme)?;
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        Ok(Renderer {
            tera,
            strings,
            origins,
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }

    /// Renders `template` with `view` (plus `t`, the strings).
    pub fn render<V: Serialize>(&self, template: &str, view: &V) -> Result<String> {
        let value = serde_json::to_value(view)
            .map_err(|e| template_error(&tera::Error::msg(e.to_string()), &self.origins))?;
        let keys: Vec<String> = match &value {
            serde_json::Value::Object(map) => map.keys().cloned().collect(),
            _ => Vec::new(),
        };
        let page =
            tera::Context::from_value(value).map_err(|e| template_error(&e, &self.origins))?;
        let html = self
            .with_context(page, &keys, |ctx| self.tera.render(template, ctx))
            .map_err(|e| template_error(&e, &self.origins))?;
        Ok(crate::editorial::fill_label(
            html,
            &self.strings.editorial_label,
            &self.strings.editorial_explanation,
        ))
    }
}

/// Adds `sources` (name, text) to `tera`. Each distinct text is parsed once and in
/// parallel: a theme that overrides nothing has every built-in template twice (as
/// `name` and `styrdok/name`), and parsing was a sequential step before every build.
fn add_templates(tera: &mut tera::Tera, sources: Vec<(String, String)>) -> tera::Result<()> {
    use rayon::prelude::*;
    let mut distinct: Vec<&str> = sources.iter().map(|(_, text)| text.as_str()).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let parsed: Vec<tera::Result<tera::Template>> = distinct
        .par_iter()
        .map(|text| tera::Template::new("", None, text))
        .collect();
    for (name, text) in &sources {
        let at = distinct
            .binary_search(&text.as_str())
            .expect("every text is among the distinct texts");
        match &parsed[at] {
            // The parse does not depend on the name; only the name field does.
            Ok(template) => {
                let mut template = template.clone();
                template.name = name.clone();
                tera.templates.insert(name.clone(), template);
            }
            // Parsed again under its name, for an error that names the template.
            Err(_) => tera.add_raw_template(name, text)?,
        }
    }
    tera.build_inheritance_chains()?;
    tera.check_macro_files()
}

impl Renderer {
    /// Runs `f` with `page` (whose top-level keys are `keys`) plus `t`. The thread's
    /// last context is reused when this renderer made it: `t` is already there, and
    /// `page`'s keys are taken out again afterwards.
    fn with_context<R>(
        &self,
        page: tera::Context,
        keys: &[String],
        f: impl FnOnce(&tera::Context) -> R,
    ) -> R {
        let fresh = |page: tera::Context| {
            let mut ctx = tera::Context::new();
            ctx.insert("t", &self.strings);
            ctx.extend(page);
            ctx
        };
        if keys.iter().any(|k| k == "t") {
            // A view that brings its own `t` overrides the strings for this page only.
            return f(&fresh(page));
        }
        CONTEXT.with(|cell| match cell.try_borrow_mut() {
            Ok(mut slot) => {
                let mut ctx = match slot.take() {
                    Some((id, mut ctx)) if id == self.id => {
                        ctx.extend(page);
                        ctx
                    }
                    _ => fresh(page),
                };
                let out = f(&ctx);
                for key in keys.iter().filter(|k| *k != "t") {
                    ctx.remove(key);
                }
                *slot = Some((self.id, ctx));
                out
            }
            // Called from inside a render on this thread: no reuse.
            Err(_) => f(&fresh(page)),
        })
    }
}

/// Turns a Tera error chain into `template-path:line:col: message`.
fn template_error(e: &tera::Error, origins: &[(String, PathBuf, String)]) -> Error {
    let mut messages = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        messages.push(s.to_string());
        source = s.source();
    }
    let all = messages.join(": ");
    let template = origins
        .iter()
        .filter(|(name, ..)| all.contains(&format!("'{name}'")))
        .max_by_key(|(name, ..)| all.rfind(&format!("'{name}'")).unwrap_or(0));
    let origin = template
        .map(|(_, p, _)| p.clone())
        .unwrap_or_else(|| PathBuf::from("theme/templates"));
    let (line, col) = position_in(&all)
        .or_else(|| template.and_then(|(name, _, source)| culprit_in(&all, name, source)))
        .unwrap_or((0, 0));
    let message = all
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Error::at(
        Location::new(origin, line, col),
        format!("template error: {message}"),
    )
}

/// Render errors carry no position: find the first place in the template's source that
/// names what the message names (`variable`, 'template' or '[template]').
fn culprit_in(message: &str, template: &str, source: &str) -> Option<(usize, usize)> {
    let mut names: Vec<&str> = Vec::new();
    for quote in ['`', '\''] {
        names.extend(message.split(quote).skip(1).step_by(2));
    }
    let at = names
        .into_iter()
        .map(|n| n.trim_start_matches('[').trim_end_matches(']'))
        .filter(|n| !n.is_empty() && *n != template)
        .find_map(|n| source.find(n))?;
    let before = &source[..at];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    Some((line, col))
}

/// Finds "--> L:C" (pest's position marker) in a Tera parse error.
fn position_in(text: &str) -> Option<(usize, usize)> {
    let at = text.find("--> ")? + 4;
    let rest = &text[at..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    let mut parts = rest[..end].split(':');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_template_names_file_and_line() {
        let mut theme = Theme::builtin();
        theme.files.insert(
            "templates/home.html".into(),
            b"line one\n{% if %}\n".to_vec(),
        );
        theme.origin.insert(
            "templates/home.html".into(),
            PathBuf::from("site/theme/templates/home.html"),
        );
        let err = Renderer::new(&theme).err().expect("must fail").to_string();
        assert!(
            err.starts_with("site/theme/templates/home.html:2:"),
            "{err}"
        );
    }

    #[test]
    fn a_template_can_extend_the_builtin_one() {
        let mut theme = Theme::builtin();
        theme.files.insert(
            "templates/base.html".into(),
            b"{% extends \"styrdok/base.html\" %}{% block footer %}<footer>egen sidfot</footer>{% endblock footer %}".to_vec(),
        );
        let r = Renderer::new(&theme).unwrap();
        let view = serde_json::json!({
            "site": {"title": "S", "language": "sv", "municipality": "", "contact": "",
                     "generator": "", "logo": "", "logo_alt": "", "brand_css": false,
                     "custom_css": false, "footer_links": []},
            "layout": crate::site::views::LayoutView::default(),
            "page": {"series": [], "documents": 0},
        });
        let html = r.render("home.html", &view).unwrap();
        assert!(html.contains("<footer>egen sidfot</footer>"), "{html}");
        assert!(!html.contains("site-footer"), "the block is replaced");
        assert!(
            html.contains("class=\"site-header\""),
            "the rest is the built-in layout"
        );
        // The prefix is reserved.
        theme
            .files
            .insert("templates/styrdok/x.html".into(), b"x".to_vec());
        let err = Renderer::new(&theme).err().expect("reserved").to_string();
        assert!(err.contains("reserved"), "{err}");
    }

    #[test]
    fn a_page_sees_nothing_of_the_page_before() {
        let mut theme = Theme::builtin();
        theme.files.insert(
            "templates/probe.html".into(),
            b"{{ t.toc }}|{% if extra is defined %}{{ extra }}{% endif %}|{{ page }}".to_vec(),
        );
        let r = Renderer::new(&theme).unwrap();
        let first = serde_json::json!({"page": 1, "extra": "kvar"});
        assert_eq!(r.render("probe.html", &first).unwrap(), "Innehåll|kvar|1");
        let second = serde_json::json!({"page": 2});
        assert_eq!(r.render("probe.html", &second).unwrap(), "Innehåll||2");
        // Another renderer on the same thread has its own strings.
        let mut other = Theme::builtin();
        other.files = theme.files.clone();
        other.files.insert(
            "strings.yaml".into(),
            "toc: Innehållsförteckning\n".as_bytes().to_vec(),
        );
        let r2 = Renderer::new(&other).unwrap();
        assert_eq!(
            r2.render("probe.html", &second).unwrap(),
            "Innehållsförteckning||2"
        );
        assert_eq!(r.render("probe.html", &second).unwrap(), "Innehåll||2");
    }

    #[test]
    fn builtin_theme_compiles() {
        let r = Renderer::new(&Theme::builtin()).unwrap();
        assert_eq!(r.strings.toc, "Innehåll");
    }
}
