//! HTML as text, in one place: escaping, the `dir="auto"` pass over rendered
//! Markdown, HTML whose in-site links are filled in per page (`linked`), percent
//! decoding of URLs, and the tag scanner (`scan`) that `check` and the tests read built
//! pages with.

pub mod linked;
mod scan;

pub use linked::{LinkedHtml, Target};
pub use scan::{decode_entities, start_tags, text, xml_links, Attr, Tag};

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    push_escaped(&mut out, text);
    out
}

/// Appends `text` escaped for HTML to `out`. Runs without a special character are
/// copied whole: every page's text passes through here (it was 4 % of a build when it
/// pushed one character at a time).
pub fn push_escaped(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The five characters are ASCII, so `i` is on a character boundary.
        out.push_str(&text[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// Text blocks get `dir="auto"`, so a paragraph, list item or cell in Arabic (as in
/// integration documents) runs right to left on a Swedish page. Only for comrak's own
/// output: raw HTML is escaped there, so every `<p>` is a real paragraph.
pub fn with_auto_direction(html: &str) -> String {
    const TAGS: &[(&str, &str)] = &[
        ("<p>", "<p dir=\"auto\">"),
        ("<li>", "<li dir=\"auto\">"),
        ("<td>", "<td dir=\"auto\">"),
        ("<td ", "<td dir=\"auto\" "),
        ("<th>", "<th dir=\"auto\">"),
        ("<th ", "<th dir=\"auto\" "),
        ("<dt>", "<dt dir=\"auto\">"),
        ("<dd>", "<dd dir=\"auto\">"),
        ("<blockquote>", "<blockquote dir=\"auto\">"),
    ];
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    'outer: while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        for (from, to) in TAGS {
            if let Some(after) = rest.strip_prefix(from) {
                out.push_str(to);
                rest = after;
                continue 'outer;
            }
        }
        out.push('<');
        rest = &rest[1..];
    }
    out.push_str(rest);
    out
}

/// Decodes `%XX` escapes; `None` for a `%` not followed by two hex digits.
pub fn percent_decode_strict(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hi = (hex[0] as char).to_digit(16)?;
            let lo = (hex[1] as char).to_digit(16)?;
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Decodes `%XX` escapes, leniently: a stray `%` stays, invalid UTF-8 is replaced.
pub fn percent_decode(s: &str) -> String {
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
    fn percent_decoding_lenient_and_strict() {
        assert_eq!(percent_decode("%C3%A5%2"), "å%2");
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(
            percent_decode_strict("%C3%A5"),
            Some("å".as_bytes().to_vec())
        );
        assert_eq!(percent_decode_strict("%2"), None);
        assert_eq!(percent_decode_strict("%zz"), None);
    }

    #[test]
    fn auto_direction_on_text_blocks() {
        assert_eq!(
            with_auto_direction("<p>a</p><td align=\"left\">b</td><pre>c</pre>"),
            "<p dir=\"auto\">a</p><td dir=\"auto\" align=\"left\">b</td><pre>c</pre>"
        );
    }

    #[test]
    fn escapes_text() {
        assert_eq!(
            escape_html("<a href='x'>&\""),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;"
        );
        assert_eq!(escape_html("åäö – ok"), "åäö – ok");
        assert_eq!(escape_html("ö<ä>"), "ö&lt;ä&gt;");
        assert_eq!(escape_html(""), "");
    }
}
