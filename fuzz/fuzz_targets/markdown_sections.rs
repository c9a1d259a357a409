//! Markdown → sections: any text parses, every section's parent comes before it with
//! a lower level, lines stay inside the file, and no HTML that could run script
//! reaches the output (raw HTML is escaped, dangerous URLs dropped).
#![no_main]

use libfuzzer_sys::fuzz_target;
use styrdok::markdown::parse;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let doc = parse(body, 5);
    let lines = body.lines().count() + 5;
    for (i, s) in doc.sections.iter().enumerate() {
        if let Some(p) = s.parent {
            assert!(p < i, "parent after child");
            assert!(doc.sections[p].level < s.level, "parent level");
        }
        if s.level > 0 {
            assert!(
                s.line >= 5 && s.line <= lines,
                "heading line {} outside 5..={lines}",
                s.line
            );
        }
        check_html(&s.html);
    }
    check_html(&doc.footnotes_html);
});

fn check_html(html: &str) {
    let lower = html.to_ascii_lowercase();
    for bad in [
        "<script", "<iframe", "<object", "<embed", "<svg", "<math", "<style", "<form", "<base",
        "<meta", "<link",
    ] {
        assert!(!lower.contains(bad), "{bad} in output: {html}");
    }
    // Attributes only come from comrak and styrdok; an author's `onclick=` is always text.
    for (tag, attrs) in start_tags(&lower) {
        for (name, value) in attrs {
            assert!(
                !name.starts_with("on"),
                "event handler attribute {name} in <{tag}>"
            );
            let value: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect();
            for scheme in ["javascript:", "vbscript:", "data:text", "file:"] {
                assert!(!value.starts_with(scheme), "{scheme} URL in <{tag} {name}>");
            }
        }
    }
}

/// Start tags with their attributes (quote-aware: `aria-label="a onclick=b"` is one value).
fn start_tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let end = |from: usize, stop: &dyn Fn(u8) -> bool| {
            (from..b.len()).find(|&k| stop(b[k])).unwrap_or(b.len())
        };
        let name_end = end(i, &|c| c.is_ascii_whitespace() || c == b'>' || c == b'/');
        let name = html[i..name_end].to_string();
        let mut attrs = Vec::new();
        let mut j = name_end;
        loop {
            j = end(j, &|c| !(c.is_ascii_whitespace() || c == b'/'));
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let an_end = end(j, &|c| c.is_ascii_whitespace() || c == b'=' || c == b'>');
            let an = html[j..an_end].to_string();
            j = an_end;
            let mut value = String::new();
            if b.get(j) == Some(&b'=') {
                j += 1;
                match b.get(j) {
                    Some(&q) if q == b'"' || q == b'\'' => {
                        let close = end(j + 1, &|c| c == q);
                        value = html[j + 1..close].to_string();
                        j = (close + 1).min(b.len());
                    }
                    _ => {
                        let close = end(j, &|c| c.is_ascii_whitespace() || c == b'>');
                        value = html[j..close].to_string();
                        j = close;
                    }
                }
            }
            attrs.push((an, value));
        }
        out.push((name, attrs));
        i = j.min(html.len());
    }
    out
}
