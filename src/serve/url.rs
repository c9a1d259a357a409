//! Request targets → keys of the built site. Pure: the server only ever looks paths up
//! in the in-memory site, and anything that could name a place outside it (`..`, `.`,
//! backslashes, NUL and other control bytes, `//`, drive letters, bad or double
//! percent-encoding) is refused before the lookup.

use std::collections::BTreeMap;
use std::sync::Arc;

/// What a request target resolves to in the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A file of the site, by its key ("a/2025/index.html").
    File(String),
    /// A folder asked for without its slash: send the browser to this target.
    Redirect(String),
    /// Nothing of the site lives there.
    NotFound,
    /// The target is malformed or tries to leave the site.
    Refused,
}

/// Decodes the path part of a request target ("/a/b%20c/?q=1") into a site-relative
/// path ("a/b c/"), or `None` when it is malformed or could leave the site.
pub fn site_path(target: &str) -> Option<String> {
    let raw = target.split(['?', '#']).next().unwrap_or_default();
    let rest = raw.strip_prefix('/')?;
    let text = String::from_utf8(crate::html::percent_decode_strict(rest)?).ok()?;
    // A second layer of encoding ("%252e") is never needed by a built site, so it is
    // refused rather than decoded again.
    if text
        .chars()
        .any(|c| c.is_control() || c == '\\' || c == '%')
        || text.starts_with('/')
    {
        return None;
    }
    let segments: Vec<&str> = text.split('/').collect();
    let last = segments.len() - 1;
    for (i, seg) in segments.iter().enumerate() {
        let empty_inside = seg.is_empty() && i != last;
        if empty_inside || *seg == "." || *seg == ".." || seg.contains(':') {
            return None;
        }
    }
    Some(text)
}

/// Resolves a request target against the site's files.
pub fn resolve(target: &str, files: &BTreeMap<String, Arc<Vec<u8>>>) -> Resolved {
    let Some(path) = site_path(target) else {
        return Resolved::Refused;
    };
    if path.is_empty() || path.ends_with('/') {
        let index = format!("{path}index.html");
        return if files.contains_key(&index) {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    if files.contains_key(&path) {
        return Resolved::File(path);
    }
    if files.contains_key(&format!("{path}/index.html")) {
        // Keep the client's own spelling (already checked above) and its query.
        let (raw, query) = match target.find('?') {
            Some(i) => (&target[..i], &target[i..]),
            None => (target, ""),
        };
        return Resolved::Redirect(format!("{raw}/{query}"));
    }
    Resolved::NotFound
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> BTreeMap<String, Arc<Vec<u8>>> {
        [
            "index.html",
            "a/index.html",
            "a/2025/index.html",
            "static/style.css",
            "a b/x.json",
        ]
        .iter()
        .map(|p| (p.to_string(), Arc::new(p.as_bytes().to_vec())))
        .collect()
    }

    #[test]
    fn resolves_files_folders_and_redirects() {
        let s = site();
        let file = |p: &str| Resolved::File(p.to_string());
        assert_eq!(resolve("/", &s), file("index.html"));
        assert_eq!(resolve("/?q=1", &s), file("index.html"));
        assert_eq!(resolve("/a/", &s), file("a/index.html"));
        assert_eq!(resolve("/a/2025/", &s), file("a/2025/index.html"));
        assert_eq!(resolve("/static/style.css", &s), file("static/style.css"));
        assert_eq!(resolve("/a%20b/x.json", &s), file("a b/x.json"));
        assert_eq!(resolve("/a", &s), Resolved::Redirect("/a/".into()));
        assert_eq!(
            resolve("/a/2025?x=1", &s),
            Resolved::Redirect("/a/2025/?x=1".into())
        );
        assert_eq!(resolve("/nope/", &s), Resolved::NotFound);
        assert_eq!(resolve("/static/", &s), Resolved::NotFound);
        assert_eq!(resolve("/nope.css", &s), Resolved::NotFound);
    }

    #[test]
    fn refuses_everything_that_could_leave_the_site() {
        let s = site();
        for bad in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/%252e%252e/etc/passwd",
            "/..%5c..%5cetc%5cpasswd",
            "/..\\..\\etc\\passwd",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/a/./index.html",
            "/a//index.html",
            "/C:/Windows/win.ini",
            "/index.html%00.css",
            "/a/%0d%0aSet-Cookie:x",
            "/%zz",
            "/%e",
            "/%ff%fe",
            "etc/passwd",
            "http://127.0.0.1/etc/passwd",
            "*",
        ] {
            assert_eq!(resolve(bad, &s), Resolved::Refused, "{bad}");
        }
    }
}
