//! A tag scanner for HTML and XML that styrdok wrote itself: start tags with their
//! attributes (entities decoded) and line numbers, comments skipped, script/style
//! bodies kept apart. No DOM is built; `check` and the tests read pages with it.

/// A start tag.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    /// Lowercase name.
    pub name: String,
    /// Attributes in order.
    pub attrs: Vec<Attr>,
    /// Line of the `<`.
    pub line: usize,
    /// For `script` and `style`: the raw text up to the closing tag.
    pub content: Option<String>,
}

/// An attribute of a start tag.
#[derive(Debug, Clone, PartialEq)]
pub struct Attr {
    /// Lowercase name.
    pub name: String,
    /// Value with quotes removed and character references decoded ("" when absent).
    pub value: String,
    /// Line the attribute starts on.
    pub line: usize,
}

impl Tag {
    /// The value of attribute `name`, if present.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.as_str())
    }
}

/// Every start tag of `html`, in order.
pub fn start_tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
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
                let (name, raw_attrs, end) = read_tag(html, i + 1);
                let attrs = raw_attrs
                    .into_iter()
                    .map(|(name, value, offset)| Attr {
                        name,
                        value,
                        line: line + html[i..i + offset].matches('\n').count(),
                    })
                    .collect();
                let tag_line = line;
                line += html[i..end].matches('\n').count();
                i = end;
                let mut content = None;
                if name == "script" || name == "style" {
                    let close = format!("</{name}");
                    let stop = html[i..]
                        .to_ascii_lowercase()
                        .find(&close)
                        .map_or(bytes.len(), |e| i + e);
                    content = Some(html[i..stop].to_string());
                    line += html[i..stop].matches('\n').count();
                    i = stop;
                }
                tags.push(Tag {
                    name,
                    attrs,
                    line: tag_line,
                    content,
                });
            }
            _ => i += 1,
        }
    }
    tags
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

/// `<loc>` texts and `href` attributes of an XML file (sitemap, feed), with their lines.
pub fn xml_links(xml: &str) -> Vec<(usize, String)> {
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

/// Decodes the character references styrdok and comrak write (named: amp, lt, gt,
/// quot, apos; and every numeric one). Others are left as they are.
pub fn decode_entities(s: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_attributes_lines_and_script_bodies() {
        let html = "<p id=\"a\">x</p>\n<!-- <a href=\"nope\"> -->\n<a\n href=\"b.html#c&amp;d\" name=n>y</a>\n<script>var s = '<a href=\"js\">';</script><img src='i.png' alt=''>";
        let tags = start_tags(html);
        let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["p", "a", "script", "img"]);
        assert_eq!((tags[1].line, tags[1].attrs[0].line), (3, 4));
        assert_eq!(tags[1].attr("href"), Some("b.html#c&d"));
        assert_eq!(tags[1].attr("name"), Some("n"));
        assert_eq!(
            tags[2].content.as_deref(),
            Some("var s = '<a href=\"js\">';")
        );
        assert_eq!(tags[3].attr("alt"), Some(""));
        assert_eq!(tags[3].line, 5);
    }

    #[test]
    fn entities_decode() {
        assert_eq!(
            decode_entities("a&amp;b&#39;c&#x27;&unknown;"),
            "a&b'c'&unknown;"
        );
    }

    #[test]
    fn xml_links_with_lines() {
        let xml = "<urlset>\n<url><loc>https://a/x&amp;y</loc></url>\n<link href=\"b\"/>";
        assert_eq!(
            xml_links(xml),
            vec![(2, "https://a/x&y".to_string()), (3, "b".to_string())]
        );
    }
}
