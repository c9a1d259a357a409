//! Property tests (proptest) of the pure stages: front matter, Markdown → sections,
//! slugs, escaping, alignment, comparison, word diff and the search tokenizer. They
//! run in `cargo test` with proptest's default 256 cases; `PROPTEST_CASES=20000 cargo
//! test --test it properties::` runs them longer (see SECURITY.md). The cargo-fuzz targets
//! in fuzz/ check the same invariants on arbitrary bytes.

use proptest::prelude::*;
use std::collections::HashSet;
use std::path::Path;
use styrdok::align::align;
use styrdok::compare::compare;
use styrdok::content::front_matter;
use styrdok::diff::tree::collapse;
use styrdok::diff::{diff_bodies, sides, Body, Labels};
use styrdok::markdown::{escape_html, parse};
use styrdok::search::tokenize::{index_tokens, normalize, query_tokens};
use styrdok::slug::slugify;

/// Text that looks like steering documents and attacks: Swedish, Arabic, emoji,
/// Markdown and HTML punctuation, digits with thousands separators.
fn texty() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "nämnden",
        "Ärende",
        "ÖVER",
        "budget",
        "2 060",
        "3,5",
        "tkr",
        "%",
        "2024-12-18",
        "KAN24/22",
        " ",
        " ",
        "\n",
        "\n\n",
        "# ",
        "## ",
        "1.1 ",
        "- ",
        "| ",
        "|---|",
        "*",
        "_",
        "`",
        "[",
        "](",
        ")",
        "<",
        ">",
        "&",
        "\"",
        "'",
        "<script>",
        "</script>",
        "<iframe src=x>",
        "onerror=",
        "javascript:",
        "data:text/html,",
        "{#id}",
        "مرحبا",
        "🎉",
        "\t",
        "\\",
        "---",
        ":",
        "[^1]",
        "<!--",
        "-->",
        "<br>",
        "```",
        "~~",
    ]);
    prop::collection::vec(
        prop_oneof![atoms.prop_map(str::to_string), "\\PC{0,6}"],
        0..40,
    )
    .prop_map(|v| v.concat())
}

fn markdown_doc() -> impl Strategy<Value = String> {
    prop::collection::vec((1usize..4, "[A-Za-zÅÄÖåäö ]{1,20}", texty()), 0..12).prop_map(|secs| {
        secs.into_iter()
            .map(|(level, title, body)| format!("{} {title}\n\n{body}\n\n", "#".repeat(level)))
            .collect()
    })
}

/// Invariants of any rendered section HTML: no author-controlled tag or attribute.
fn assert_safe_html(html: &str) {
    let lower = html.to_ascii_lowercase();
    for bad in [
        "<script", "<iframe", "<object", "<embed", "<svg", "<style", "<form", "<base", "<meta",
        "<link",
    ] {
        assert!(!lower.contains(bad), "{bad} in {html}");
    }
    // Attribute values are escaped (no raw `>` or `"` inside), so quotes delimit them.
    for tag in lower.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        let mut names = String::new();
        let mut values = Vec::new();
        for (k, part) in tag.split('"').enumerate() {
            if k % 2 == 0 {
                names.push_str(part);
                names.push(' ');
            } else {
                values.push(part);
            }
        }
        for attr in names.split_whitespace().skip(1) {
            assert!(!attr.starts_with("on"), "event handler in <{tag}>");
        }
        for value in values {
            for scheme in ["javascript:", "vbscript:", "data:text", "file:"] {
                assert!(
                    !value.trim_start().starts_with(scheme),
                    "{scheme} URL in <{tag}>"
                );
            }
        }
    }
}

/// A fixed seed, so a CI run is reproducible; `PROPTEST_RNG_SEED=<n>` (or a new seed
/// here) explores further. Inputs found that way are unit tests in `src/diff/tests.rs`.
fn seed() -> proptest::test_runner::RngSeed {
    match std::env::var("PROPTEST_RNG_SEED") {
        Ok(_) => ProptestConfig::default().rng_seed,
        Err(_) => proptest::test_runner::RngSeed::Fixed(20_261_204),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, rng_seed: seed(), ..ProptestConfig::default() })]

    #[test]
    fn front_matter_never_panics_and_errors_point_inside_the_file(text in texty()) {
        let path = Path::new("content/s/2025.md");
        let text = format!("---\n{text}");
        match front_matter::split(&text, path) {
            Ok(s) => {
                if let Err(e) = front_matter::parse(s.yaml, s.yaml_line, path, 2025) {
                    let loc = e.location().expect("located");
                    prop_assert!(loc.line >= 1 && loc.line <= text.lines().count() + 1, "{e}");
                }
            }
            Err(e) => prop_assert_eq!(e.location().map(|l| l.line), Some(1)),
        }
    }

    #[test]
    fn front_matter_values_round_trip(
        title in "\\PC{1,40}",
        diarienummer in "\\PC{0,30}",
        extra in "\\PC{0,30}",
        crlf in any::<bool>(),
    ) {
        prop_assume!(!title.trim().is_empty());
        // JSON strings are YAML double-quoted scalars: any text survives quoting.
        let q = |s: &str| serde_json::to_string(s).unwrap();
        let nl = if crlf { "\r\n" } else { "\n" };
        let doc = format!("---{nl}title: {}{nl}year: 2025{nl}diarienummer: {}{nl}egen_nyckel: {}{nl}---{nl}# Rubrik{nl}", q(&title), q(&diarienummer), q(&extra));
        let path = Path::new("c/s/2025.md");
        let split = front_matter::split(&doc, path).expect("split");
        prop_assert_eq!(split.body_line, 7);
        let fm = front_matter::parse(split.yaml, split.yaml_line, path, 2025).expect("parse");
        prop_assert_eq!(fm.title, title.trim());
        prop_assert_eq!(fm.year, 2025);
        prop_assert_eq!(fm.diarienummer.unwrap_or_default(), diarienummer.trim());
        prop_assert_eq!(fm.extra.get("egen_nyckel").and_then(|v| v.as_str()), Some(extra.as_str()));
    }

    #[test]
    fn any_year_but_the_file_names_is_rejected(year in 1000i32..=9999, file_year in 1000i32..=9999) {
        let yaml = format!("title: A\nyear: {year}\n");
        let r = front_matter::parse(&yaml, 2, Path::new("x.md"), file_year);
        prop_assert_eq!(r.is_ok(), year == file_year);
        if let Err(e) = r {
            prop_assert_eq!(e.location().map(|l| l.line), Some(3));
        }
    }

    #[test]
    fn markdown_sections_are_a_tree_and_html_is_safe(body in markdown_doc(), first_line in 1usize..50) {
        let doc = parse(&body, first_line);
        let last_line = body.lines().count() + first_line;
        for (i, s) in doc.sections.iter().enumerate() {
            if let Some(p) = s.parent {
                prop_assert!(p < i && doc.sections[p].level < s.level);
            }
            if s.level > 0 {
                prop_assert!(s.line >= first_line && s.line <= last_line);
            }
            assert_safe_html(&s.html);
        }
        assert_safe_html(&doc.footnotes_html);
    }

    #[test]
    fn hostile_text_anywhere_is_never_markup(body in texty()) {
        let line = body.replace('\n', " ");
        let cases = [
            body.clone(),
            format!("# {body}"),
            format!("| a | b |\n|---|---|\n| {line} | x |"),
            // A table's accessible label repeats the heading inside an attribute.
            format!("# {line}\n\n| a | b |\n|---|---|\n| x | y |\n"),
        ];
        for md in cases {
            let doc = parse(&md, 1);
            for s in &doc.sections {
                assert_safe_html(&s.html);
                assert_safe_html(&escape_html(&s.title));
            }
        }
    }

    #[test]
    fn headings_keep_their_text(titles in prop::collection::vec("[A-Za-zÅÄÖåäö][A-Za-zÅÄÖåäö ]{0,20}[a-zö]", 1..10)) {
        let body: String = titles.iter().map(|t| format!("## {t}\n\nText.\n\n")).collect();
        let doc = parse(&body, 1);
        let got: Vec<String> = doc.sections.iter().map(|s| s.title.clone()).collect();
        let want: Vec<String> = titles.iter().map(|t| t.trim().to_string()).collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn slugs_are_readable_and_stable(text in "\\PC{0,80}") {
        let slug = slugify(&text);
        prop_assert!(!slug.is_empty() && slug.len() <= 64);
        prop_assert!(slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{}", slug);
        prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"), "{}", slug);
        prop_assert_eq!(slugify(&slug), slug.clone());
    }

    #[test]
    fn escaping_leaves_no_markup_and_round_trips(text in "\\PC{0,60}") {
        let e = escape_html(&text);
        prop_assert!(!e.contains(['<', '>', '"', '\'']));
        let back = e.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
        prop_assert_eq!(back, text);
    }

    #[test]
    fn redline_shows_both_versions_exactly(old in texty(), new in texty()) {
        // Whole Markdown bodies (headings, lists, tables, raw HTML) as one body each.
        let ((a, at), (b, bt)) = (redline_body(&old), redline_body(&new));
        let d = diff_bodies(&a, &b, &Labels::default(), true);
        let s = sides(&d.html);
        // Every character of both versions, in order, and every space between them: see
        // `page_text` for the one normalisation allowed.
        prop_assert_eq!(&s.old_text, &at, "old side of {}", d.html);
        prop_assert_eq!(&s.new_text, &bt, "new side of {}", d.html);
        if a == b {
            prop_assert!(!d.changed && s.marked == 0 && d.figures.is_empty());
        }
        for f in &d.figures {
            prop_assert!(f.old.chars().chain(f.new.chars()).any(|c| c.is_ascii_digit()));
        }
        prop_assert!(!d.html.contains("<script"));
    }

    #[test]
    fn alignment_links_are_mirrored_and_ids_unique(a in markdown_doc(), b in markdown_doc(), c in markdown_doc()) {
        let docs = [parse(&a, 1), parse(&b, 1), parse(&c, 1)];
        let refs: Vec<_> = docs.iter().collect();
        let al = align(&refs);
        for (e, d) in docs.iter().enumerate() {
            let ids: HashSet<_> = al.ids[e].iter().collect();
            prop_assert_eq!(ids.len(), d.sections.len(), "unique ids {:?}", al.ids[e]);
            for id in &al.ids[e] {
                prop_assert!(!id.is_empty() && id.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_'), "{}", id);
            }
        }
        for e in 0..2 {
            for (s, links) in al.forward[e].iter().enumerate() {
                for &t in links {
                    prop_assert!(al.backward[e + 1][t].contains(&s));
                }
            }
            let cmp = compare(&refs, &al, e, e + 1, &Labels::default(), None);
            prop_assert_eq!(cmp.entries.len(), docs[e + 1].sections.len());
        }
        // Any two editions, in either order, compare without panicking.
        let _ = compare(&refs, &al, 2, 0, &Labels::default(), None);
    }

    #[test]
    fn a_document_aligns_with_itself(titles in prop::collection::hash_set("[a-zåäö]{3,12}( [a-zåäö]{3,12})?", 1..12), text in texty()) {
        let body: String = titles.iter().enumerate().map(|(i, t)| format!("## {} {t}\n\n{text} {i}\n\n", i + 1)).collect();
        let doc = parse(&body, 1);
        let al = align(&[&doc, &doc]);
        for (s, links) in al.forward[0].iter().enumerate() {
            prop_assert_eq!(links, &vec![s], "section {} links to itself", s);
        }
        prop_assert_eq!(&al.ids[0], &al.ids[1]);
        let cmp = compare(&[&doc, &doc], &al, 0, 1, &Labels::default(), None);
        prop_assert_eq!(cmp.counts.unchanged, doc.sections.len());
        prop_assert!(cmp.removed.is_empty());
    }

    #[test]
    fn search_tokens_lie_inside_the_text_in_order(text in texty()) {
        // Index tokens add each joined code after its parts; query tokens keep text order.
        for (tokens, ordered) in [(index_tokens(&text), false), (query_tokens(&text), true)] {
            let mut last = 0;
            for t in &tokens {
                prop_assert!(t.start < t.end && t.end <= text.len(), "{:?}", t);
                prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                prop_assert!(!ordered || t.start >= last, "out of order: {:?}", tokens);
                last = t.start;
                prop_assert!(!t.text.is_empty());
                prop_assert_eq!(normalize(&t.text), t.text.clone());
            }
        }
    }
}

/// A Markdown text as the redline compares it: its body, and its text as the page shows
/// it. The one normalisation the strict lossless check allows is the page's own: a run
/// of whitespace (spaces, tabs, newlines, hard breaks) is one space, a block boundary
/// (paragraph, list item, table cell or row) is one space, and the ends are trimmed
/// (`diff::tree::collapse`, which `Sides::old_text`/`new_text` apply to the redline's
/// views). A space that one version has and the other lacks is never normalised away.
fn redline_body(md: &str) -> (Body, String) {
    let doc = parse(md, 1);
    let text: Vec<String> = doc.sections.iter().map(|s| s.text.clone()).collect();
    (
        Body::concat(doc.sections.iter().map(|s| &s.body)),
        collapse(&text.join("\n")),
    )
}

#[test]
fn redline_keeps_a_removed_data_link_as_text() {
    let old = "1.1 !,\tꬑ;";
    let new = "| nämndennämndennämndennämndennämndennämndennämndennämndendata:text/html,`nämnden`";
    let ((a, at), (b, bt)) = (redline_body(old), redline_body(new));
    let d = diff_bodies(&a, &b, &Labels::default(), true);
    let s = sides(&d.html);
    assert_eq!(s.old_text, at, "old side of {}", d.html);
    assert_eq!(s.new_text, bt, "new side of {}", d.html);
}
