//! The little HTML reading `check` needs: ids and URL attributes of built pages (with
//! line numbers), links of sitemap.xml and atom.xml, entity and percent decoding. The
//! input is styrdok's own output, so a tag scanner is enough; no DOM is built.

use std::collections::HashSet;

/// Ids and links of one HTML page.
#[derive(Debug, Default)]
pub(super) struct Scan {
    pub(super) ids: HashSet<String>,
    pub(super) links: Vec<(usize, String)>,
}

/// Reads tags out of HTML: ids (and `<a name>`), and the URL attributes that navigate or
/// load (`href`, `src`, `action`). Skips comments and script/style bodies.
pub(super) fn scan(html: &str) -> Scan {
    let mut out = Scan::default();
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut line = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b'<' if html[i..].starts_with("<!--") => {
                let end = html[i..].find("-->").map_or(bytes.len(), |e| i + e + 3);
                line += html[i..end].matches('\n').count();
                i = end;
            }
            b'<' if bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) => {
                let (tag, attrs, end) = read_tag(html, i + 1);
                for (name, value, offset) in &attrs {
                    let at = line + html[i..i + offset].matches('\n').count();
                    match name.as_str() {
                        "id" => {
                            out.ids.insert(value.clone());
                        }
                        "name" if tag == "a" => {
                            out.ids.insert(value.clone());
                        }
                        "href" if matches!(tag.as_str(), "a" | "area" | "link") => {
                            out.links.push((at, value.clone()))
                        }
                        "src"
                            if matches!(
                                tag.as_str(),
                                "img"
                                    | "script"
                                    | "iframe"
                                    | "source"
                                    | "audio"
                                    | "video"
                                    | "track"
                                    | "embed"
                            ) =>
                        {
                            out.links.push((at, value.clone()))
                        }
                        "action" if tag == "form" => out.links.push((at, value.clone())),
                        _ => {}
                    }
                }
                line += html[i..end].matches('\n').count();
                i = end;
                if tag == "script" || tag == "style" {
                    let close = format!("</{tag}");
                    let stop = html[i..]
                        .to_ascii_lowercase()
                        .find(&close)
                        .map_or(bytes.len(), |e| i + e);
                    line += html[i..stop].matches('\n').count();
                    i = stop;
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// Reads a start tag from just after `<`: (lowercase name, attributes with their byte
/// offset from the `<`, index after `>`).
fn read_tag(html: &str, start: usize) -> (String, Vec<(String, String, usize)>, usize) {
    let bytes = html.as_bytes();
    let mut i = start;
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' && bytes[i] != b'/'
    {
        i += 1;
    }
    let tag = html[start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            return (tag, attrs, (i + 1).min(bytes.len()));
        }
        let name_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'>')
        {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        let offset = name_start - (start - 1);
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            attrs.push((name, String::new(), offset));
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let value = match bytes.get(i) {
            Some(&q) if q == b'"' || q == b'\'' => {
                let end = html[i + 1..]
                    .find(q as char)
                    .map_or(bytes.len(), |e| i + 1 + e);
                let v = &html[i + 1..end];
                i = (end + 1).min(bytes.len());
                v
            }
            _ => {
                let s = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                &html[s..i]
            }
        };
        attrs.push((name, decode_entities(value), offset));
    }
}

/// `<loc>` texts and `href` attributes of an XML file, with their lines.
pub(super) fn xml_links(xml: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in xml.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("<loc>") {
            let after = &rest[at + 5..];
            let end = after.find("</loc>").unwrap_or(after.len());
            out.push((n + 1, decode_entities(&after[..end])));
            rest = &after[end..];
        }
        let mut rest = line;
        while let Some(at) = rest.find(" href=\"") {
            let after = &rest[at + 7..];
            let end = after.find('"').unwrap_or(after.len());
            out.push((n + 1, decode_entities(&after[..end])));
            rest = &after[end..];
        }
    }
    out
}

/// Decodes the character references styrdok and comrak write.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &tail[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ if name.starts_with("#x") || name.starts_with("#X") => {
                    u32::from_str_radix(&name[2..], 16)
                        .ok()
                        .and_then(char::from_u32)
                }
                _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes `%XX` escapes (invalid UTF-8 is replaced, not fatal).
pub(super) fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
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

    #[test]
    fn entities_and_percent_escapes_decode() {
        assert_eq!(
            decode_entities("a&amp;b&#39;c&#x27;&unknown;"),
            "a&b'c'&unknown;"
        );
        assert_eq!(percent_decode("%C3%A5%2"), "å%2");
    }
}
