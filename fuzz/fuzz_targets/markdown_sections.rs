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
    // Attributes only come from comrak; an author's `onclick=` is always text.
    for tag in lower.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        for attr in tag.split_whitespace().skip(1) {
            assert!(
                !attr.starts_with("on"),
                "event handler attribute in <{tag}>"
            );
            for scheme in ["javascript:", "vbscript:", "data:text", "file:"] {
                let quoted = attr
                    .trim_start_matches(|c: char| c != '"')
                    .trim_start_matches('"');
                assert!(
                    !quoted.trim_start().starts_with(scheme),
                    "{scheme} URL in <{tag}>"
                );
            }
        }
    }
}
