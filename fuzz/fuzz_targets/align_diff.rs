//! Alignment, comparison and word diff on two (or three) editions cut from one input:
//! links stay in range and are mirrored, ids are unique per page, and the diff HTML
//! escapes all text (no tag but the diff's own).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;
use styrdok::align::align;
use styrdok::compare::compare;
use styrdok::diff::diff_words;
use styrdok::markdown::parse;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Editions are separated by a form feed (so dictionaries/seeds stay plain Markdown).
    let docs: Vec<_> = text.split('\u{c}').take(3).map(|t| parse(t, 1)).collect();
    let refs: Vec<_> = docs.iter().collect();
    let al = align(&refs);
    for (e, d) in docs.iter().enumerate() {
        assert_eq!(al.ids[e].len(), d.sections.len());
        let unique: HashSet<_> = al.ids[e].iter().collect();
        assert_eq!(
            unique.len(),
            d.sections.len(),
            "duplicate id in edition {e}: {:?}",
            al.ids[e]
        );
        for id in &al.ids[e] {
            assert!(
                !id.is_empty() && !id.contains(|c: char| c.is_whitespace() || c == '"' || c == '<'),
                "bad id {id:?}"
            );
        }
    }
    for e in 0..docs.len().saturating_sub(1) {
        for (a, links) in al.forward[e].iter().enumerate() {
            for &b in links {
                assert!(b < docs[e + 1].sections.len());
                assert!(
                    al.backward[e + 1][b].contains(&a),
                    "forward link not mirrored"
                );
            }
        }
        let c = compare(&refs, &al, e, e + 1);
        assert_eq!(c.entries.len(), docs[e + 1].sections.len());
        for entry in &c.entries {
            if let Some(d) = &entry.diff {
                check_escaped(&d.html);
            }
        }
    }
    if docs.len() >= 2 {
        let (a, b) = (docs[0].sections.first(), docs[1].sections.first());
        if let (Some(a), Some(b)) = (a, b) {
            let mut figures = Vec::new();
            check_escaped(&diff_words(&a.text, &b.text, "ctx", &mut figures));
        }
    }
});

/// Only the diff's own markup: every `<` opens one of these tags.
fn check_escaped(html: &str) {
    const ALLOWED: &[&str] = &[
        "ins>",
        "/ins>",
        "del>",
        "/del>",
        "span class=",
        "/span>",
        "p>",
        "/p>",
        "div class=",
        "/div>",
        "table>",
        "/table>",
        "caption class=",
        "/caption>",
        "thead>",
        "/thead>",
        "tbody>",
        "/tbody>",
        "tr>",
        "/tr>",
        "th scope=",
        "td dir=",
        "p dir=",
        "th>",
        "/th>",
        "td>",
        "/td>",
        "br",
        "strong",
        "/strong>",
        "mark",
        "/mark>",
    ];
    for rest in html.split('<').skip(1) {
        assert!(
            ALLOWED.iter().any(|a| rest.starts_with(a)),
            "unexpected tag <{} in diff",
            &rest[..rest.len().min(40)]
        );
    }
}
