//! The browser side of live reload: the script `serve` adds to every HTML page it sends
//! (built files never contain it), the messages of the event stream, and the error
//! overlay's content.

use crate::strings::Strings;
use serde_json::{json, Value};

/// Where the script is served.
pub(super) const SCRIPT_PATH: &str = "/__styrdok/reload.js";
/// Where the event stream is served.
pub(super) const EVENTS_PATH: &str = "/__styrdok/events";
/// The script itself.
pub(super) const SCRIPT: &str = include_str!("reload.js");

/// A failed build, as the overlay shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// `file:line:col` (relative to the site root), or empty when no place is known.
    pub location: String,
    /// The whole error text.
    pub message: String,
}

impl Failure {
    /// Describes `error`, with paths shown relative to `root`.
    pub fn of(error: &crate::Error, root: &std::path::Path) -> Failure {
        let prefix = format!("{}{}", root.display(), std::path::MAIN_SEPARATOR);
        let relative = |s: String| s.replace(&prefix, "");
        Failure {
            location: error
                .location()
                .map(|l| relative(l.to_string()))
                .unwrap_or_default(),
            message: relative(error.to_string()),
        }
    }
}

/// UI strings of the overlay (from the theme's `strings.yaml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labels {
    /// Heading: the build failed.
    pub title: String,
    /// What the reader sees underneath, and how it goes away.
    pub note: String,
    /// Shown when no build has succeeded yet.
    pub waiting: String,
}

impl Labels {
    /// The labels among a theme's strings.
    pub fn from_strings(strings: &Strings) -> Labels {
        Labels {
            title: strings.serve_build_failed.clone(),
            note: strings.serve_last_good.clone(),
            waiting: strings.serve_waiting.clone(),
        }
    }
}

/// The data of a `failed` event (also sent inside `hello` while the build is broken).
pub(super) fn failure_json(failure: &Failure, labels: &Labels, have_site: bool) -> Value {
    json!({
        "title": labels.title,
        "note": if have_site { &labels.note } else { &labels.waiting },
        "location": failure.location,
        "message": failure.message,
    })
}

/// Adds the reload script to an HTML page, before `</body>` (or at the end). Deferred,
/// so it never holds up showing the page.
pub fn inject_reload(html: &[u8], version: &str) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{SCRIPT_PATH}\" data-version=\"{}\" data-events=\"{EVENTS_PATH}\" defer></script>",
        crate::markdown::escape_html(version)
    );
    let at = rfind_ascii_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Makes the relative links of the 404 page work at any depth (it is built for the root).
pub(super) fn root_base(html: Vec<u8>) -> Vec<u8> {
    match find_ascii_ci(&html, b"<head>") {
        Some(at) => {
            let end = at + b"<head>".len();
            let mut out = Vec::with_capacity(html.len() + 20);
            out.extend_from_slice(&html[..end]);
            out.extend_from_slice(b"<base href=\"/\">");
            out.extend_from_slice(&html[end..]);
            out
        }
        None => html,
    }
}

/// The page served while no build has succeeded yet (the overlay says why).
pub(super) fn waiting_page(labels: &Labels) -> Vec<u8> {
    let title = crate::markdown::escape_html(&labels.waiting);
    format!("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body><p>{title}</p></body></html>\n")
        .into_bytes()
}

/// One event of the stream, in the `text/event-stream` format.
pub(super) fn event(name: &str, data: &Value) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn rfind_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_last_body_end() {
        let html = b"<html><body><pre>&lt;/body&gt; </body></pre></BODY>\n</html>";
        let out = String::from_utf8(inject_reload(html, "v\"1")).unwrap();
        let tag = "<script src=\"/__styrdok/reload.js\" data-version=\"v&quot;1\" data-events=\"/__styrdok/events\" defer></script>";
        assert_eq!(
            out,
            format!("<html><body><pre>&lt;/body&gt; </body></pre>{tag}</BODY>\n</html>")
        );
        let bare = String::from_utf8(inject_reload(b"<p>x", "1")).unwrap();
        assert!(
            bare.starts_with("<p>x<script") && bare.ends_with("</script>"),
            "{bare}"
        );
    }

    #[test]
    fn base_for_404_and_event_format() {
        let out = String::from_utf8(root_base(b"<html><head><title>x</title>".to_vec())).unwrap();
        assert_eq!(out, "<html><head><base href=\"/\"><title>x</title>");
        assert_eq!(
            event("reload", &json!({"version": "a-2"})),
            "event: reload\ndata: {\"version\":\"a-2\"}\n\n"
        );
    }

    #[test]
    fn failure_names_the_place_relative_to_the_root() {
        let root = std::path::Path::new("/tmp/site");
        let err = crate::Error::at(
            crate::error::Location::new(root.join("styrdok.yaml"), 2, 7),
            "invalid YAML: x",
        );
        let f = Failure::of(&err, root);
        assert_eq!(f.location, "styrdok.yaml:2:7");
        assert_eq!(f.message, "styrdok.yaml:2:7: invalid YAML: x");
    }
}
