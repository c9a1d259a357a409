//! Search: the Swedish tokenizer, the index builder and the Rust searcher on any text.
//! Tokens lie on character boundaries inside the text (query tokens in order), non-empty,
//! normalised; every index file is one call with JSON arguments (data, never code); a
//! query made from the text itself finds something or nothing, without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::BTreeMap;
use styrdok::search::query::{Filter, Searcher};
use styrdok::search::tokenize::{index_tokens, normalize, query_tokens};
use styrdok::search::{build_index, Entry};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Index tokens add each joined code after its parts; query tokens keep text order.
    for (tokens, ordered) in [(index_tokens(text), false), (query_tokens(text), true)] {
        let mut last_start = 0;
        for t in &tokens {
            assert!(t.start < t.end && t.end <= text.len(), "{t:?}");
            assert!(
                text.is_char_boundary(t.start) && text.is_char_boundary(t.end),
                "{t:?}"
            );
            assert!(
                !ordered || t.start >= last_start,
                "tokens out of order: {tokens:?}"
            );
            last_start = t.start;
            assert!(!t.text.is_empty(), "{t:?}");
            assert_eq!(normalize(&t.text), t.text, "token not normalised");
        }
    }
    let (title, body) = text.split_at(text.char_indices().nth(40).map_or(text.len(), |(i, _)| i));
    let entry = |year: i32| Entry {
        url: format!("s/{year}/#a"),
        series: "s".into(),
        series_title: title.into(),
        document_title: title.into(),
        year,
        section_title: title.into(),
        text: body.into(),
    };
    let files: BTreeMap<String, Vec<u8>> = build_index(&[entry(2024), entry(2025)])
        .into_iter()
        .collect();
    for (path, bytes) in &files {
        assert_is_call_with_json(path, bytes);
    }
    if let Some(searcher) = Searcher::load(&files) {
        let query: String = body.chars().take(30).collect();
        // Folding, corrections, splits and suggestions run on any query.
        let _ = searcher.search_full(&query, &Filter::default());
        let _ = searcher.search(
            title,
            &Filter {
                series: Some("s".into()),
                year: Some(2025),
                literal: true,
            },
        );
    }
});

fn assert_is_call_with_json(path: &str, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).expect("index files are UTF-8");
    let open = text
        .find('(')
        .unwrap_or_else(|| panic!("{path}: not a call"));
    let callee = &text[..open];
    assert!(
        callee
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$' || c == '.'),
        "{path}: callee {callee:?}"
    );
    let args = text[open + 1..]
        .trim_end()
        .strip_suffix(");")
        .unwrap_or_else(|| panic!("{path}: no `);`"));
    let parsed: Result<serde_json::Value, _> = serde_json::from_str(&format!("[{args}]"));
    assert!(parsed.is_ok(), "{path}: arguments are not JSON");
}
