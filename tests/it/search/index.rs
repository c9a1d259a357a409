//! The index files, and the Rust searcher on the bundled content: inflections, compounds, misspellings.

use super::*;

#[test]
fn index_is_sharded_hashed_and_small_per_query() {
    let site = bundled();
    let files = search_files(&site.public());
    let (_, manifest) = unscript(&files["search/manifest.js"]).expect("manifest");
    assert!(
        files["search/manifest.js"].len() < 4096,
        "manifest stays small"
    );
    let shards: Vec<&String> = files
        .keys()
        .filter(|k| k.starts_with("search/i/"))
        .collect();
    assert!(shards.len() > 5, "the index is split: {}", shards.len());
    for path in &shards {
        let (key, value) = unscript(&files[*path]).expect("shard parses");
        assert_eq!(format!("search/{key}.js"), **path);
        let hash = key.trim_start_matches("i/");
        assert_eq!(
            short_hash(value.to_string().as_bytes()),
            hash,
            "{path} is named by its content"
        );
        assert!(manifest["shards"].as_str().unwrap().contains(hash));
    }
    // Every text chunk belongs to a series line of the manifest.
    let series = manifest["series"].as_str().unwrap();
    for path in files.keys().filter(|k| k.starts_with("search/t/")) {
        let hash = path["search/t/".len()..].split('-').next().unwrap();
        assert!(series.contains(&format!("|{hash}|")), "{path}");
    }
    // A one-word query needs the manifest, one shard and a few document texts.
    let s = Searcher::load(&files).expect("index loads");
    let biggest_shard = shards.iter().map(|p| files[*p].len()).max().unwrap();
    let total: usize = files.values().map(Vec::len).sum();
    assert!(
        biggest_shard * 10 < total,
        "no shard holds a tenth of the index ({biggest_shard} of {total})"
    );
    assert!(!s.search("arbetsträning", &Filter::default()).is_empty());
    // Without JavaScript the page says so.
    let page = site.read("sok/index.html");
    assert!(
        page.contains("<noscript>") && page.contains("behöver JavaScript"),
        "{page}"
    );
}

#[test]
fn rust_searcher_on_the_bundled_content() {
    let site = bundled();
    let files = search_files(&site.public());
    let s = Searcher::load(&files).expect("index loads");

    let urls = hit_urls(&s, &files, "arbetsträning", &Filter::default());
    for year in [2024, 2025, 2026] {
        assert!(
            urls.iter()
                .any(|u| u.starts_with(&format!("{NYKOPING}/{year}/#"))),
            "{year} missing: {urls:?}"
        );
    }
    // Compounds: "insatser" finds sections that only say "arbetsmarknadsinsatser" and the like.
    let only = compound_only(&s, &files, "insatser");
    assert!(!only.is_empty(), "some hits of insatser are compound-only");
    let only = compound_only(&s, &files, "bistånd");
    assert!(
        !only.is_empty(),
        "some hits of bistånd are compound-only (biståndsmottagare …)"
    );
    // Whole words first: the first hit of "insatser" holds the word itself, as typed.
    let first = &s.search("insatser", &Filter::default())[0];
    assert_eq!(first.tier, 5);

    // Numbers and codes as written.
    let kan = hit_urls(&s, &files, "KAN24/22", &Filter::default());
    assert_eq!(kan, [format!("{NYKOPING}/2025/#metadata")]);
    let money = hit_urls(&s, &files, "2 060", &Filter::default());
    assert!(
        !money.is_empty()
            && money
                .iter()
                .all(|u| u.starts_with(&format!("{NYKOPING}/2024/"))),
        "{money:?}"
    );
    let young = hit_urls(&s, &files, "18-24", &Filter::default());
    assert!(young.len() >= 4, "{young:?}");
    assert!(hit_urls(&s, &files, "18-23", &Filter::default()).is_empty());

    // Filters.
    let y2025 = s.search(
        "arbetsträning",
        &Filter {
            year: Some(2025),
            ..Filter::default()
        },
    );
    assert!(!y2025.is_empty() && y2025.iter().all(|h| h.year == 2025));
    let ny = s.search(
        "bistånd",
        &Filter {
            series: Some(NYKOPING.into()),
            ..Filter::default()
        },
    );
    assert!(!ny.is_empty() && ny.iter().all(|h| h.series == NYKOPING));
}

/// Misspelt or diacritic-free queries and what was meant, from the bundled documents'
/// own words: slips people make (missing å/ä/ö, a doubled, dropped or swapped letter).
pub(super) const MISSPELT: &[(&str, &str)] = &[
    ("arbetstraning", "arbetsträning"),
    ("forsorjningsstod", "försörjningsstöd"),
    ("overenskommelse", "överenskommelse"),
    ("uppfoljning", "uppföljning"),
    ("malgrupp", "målgrupp"),
    ("bistand", "bistånd"),
    ("atgarder", "åtgärder"),
    ("arbetslosa", "arbetslösa"),
    ("integrationsvagledning", "integrationsvägledning"),
    ("insattser", "insatser"),
    ("arbetsmarknda", "arbetsmarknad"),
    ("deltgare", "deltagare"),
    ("ekonomsikt", "ekonomiskt"),
    ("kompetnes", "kompetens"),
    ("samverkn", "samverkan"),
    ("kvalitetsredovisnig", "kvalitetsredovisning"),
    ("socialtjänsen", "socialtjänsten"),
    ("arbetstraening", "arbetsträning"),
];

/// How many of the right spelling's hits the misspelt query must also find.
pub(super) const TOP: usize = 10;

#[test]
fn misspelt_and_diacritic_free_queries_find_what_the_right_spelling_finds() {
    let site = bundled();
    let files = search_files(&site.public());
    let s = Searcher::load(&files).expect("index loads");
    for (typo, right) in MISSPELT {
        let want = s.search_full(right, &Filter::default());
        assert!(
            want.corrected.is_none() && !want.hits.is_empty(),
            "{right}: {want:?}"
        );
        let got = s.search_full(typo, &Filter::default());
        let found: Vec<u32> = got.hits.iter().map(|h| h.entry).collect();
        let missing: Vec<u32> = want
            .hits
            .iter()
            .take(TOP)
            .map(|h| h.entry)
            .filter(|e| !found.contains(e))
            .collect();
        assert!(missing.is_empty(), "{typo} misses {missing:?} of {right}");
        let corrected = got.corrected.unwrap_or_default();
        assert!(!corrected.is_empty(), "{typo}: no correction shown");
        let (a, b) = (stem(&corrected), stem(right));
        assert!(
            a.starts_with(&b) || b.starts_with(&a),
            "{typo} is shown as {corrected}"
        );
        // As typed, the slip finds nothing (the "search for what I typed" link).
        let literal = Filter {
            literal: true,
            ..Filter::default()
        };
        assert!(s.search(typo, &literal).is_empty(), "{typo} is a word");
    }
    // A compound split into known parts, one of them misspelt.
    let split = s.search_full("arbetsträningsinsattser", &Filter::default());
    assert_eq!(split.corrected.as_deref(), Some("arbetsträning insatser"));
    assert!(!split.hits.is_empty());
    // Nothing near: no hits, a few words from the vocabulary.
    let none = s.search_full("kommunxyz", &Filter::default());
    assert!(
        none.hits.is_empty() && !none.suggestions.is_empty(),
        "{none:?}"
    );
    // Within a series, the newest year first.
    let hits = s.search("arbetsträning", &Filter::default());
    let years: Vec<i32> = hits
        .iter()
        .filter(|h| h.series == NYKOPING)
        .map(|h| h.year)
        .collect();
    assert!(years.windows(2).all(|w| w[0] >= w[1]), "{years:?}");
}
