//! What `check` reads from a built page: its ids (and `<a name>`) and the URL
//! attributes that navigate or load, with their lines (through `crate::html`).

use crate::html::start_tags;
use std::collections::HashSet;

/// Ids and links of one HTML page.
#[derive(Debug, Default)]
pub(super) struct Scan {
    pub(super) ids: HashSet<String>,
    pub(super) links: Vec<(usize, String)>,
}

/// Ids, and `href` of a/area/link, `src` of what loads, `action` of forms.
pub(super) fn scan(html: &str) -> Scan {
    let mut out = Scan::default();
    for tag in start_tags(html) {
        for attr in tag.attrs {
            let is_link = match attr.name.as_str() {
                "id" => {
                    out.ids.insert(attr.value);
                    continue;
                }
                "name" if tag.name == "a" => {
                    out.ids.insert(attr.value);
                    continue;
                }
                "href" => matches!(tag.name.as_str(), "a" | "area" | "link"),
                "src" => matches!(
                    tag.name.as_str(),
                    "img" | "script" | "iframe" | "source" | "audio" | "video" | "track" | "embed"
                ),
                "action" => tag.name == "form",
                _ => false,
            };
            if is_link {
                out.links.push((attr.line, attr.value));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_ids_links_and_lines_but_not_scripts_or_comments() {
        let html = "<p id=\"a\">x</p>\n<!-- <a href=\"nope\"> -->\n<a\n href=\"b.html#c&amp;d\" name=n>y</a>\n<script>var s = '<a href=\"js\">';</script><img src='i.png' alt=''>";
        let s = scan(html);
        assert!(s.ids.contains("a") && s.ids.contains("n"));
        assert_eq!(
            s.links,
            vec![(4, "b.html#c&d".to_string()), (5, "i.png".to_string())]
        );
    }
}
