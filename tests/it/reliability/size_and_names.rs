//! Large documents, many sections, odd headings and file names.

use super::*;

#[test]
fn ten_megabyte_document() {
    let (t, _) = built_site();
    let paragraph = "Nämnden följer upp verksamheten varje kvartal och rapporterar avvikelser till kommunstyrelsen. ".repeat(10);
    let mut body = String::new();
    let mut n = 0;
    while body.len() < 10 * 1024 * 1024 {
        n += 1;
        body.push_str(&format!("## Avsnitt {n}\n\n{paragraph}\n\n{paragraph}\n\n"));
    }
    body.push_str("## Slut\n\nSista meningen i dokumentet.\n");
    t.write("content/stor/2025.md", doc(2025, &body));
    let out = run(&t, &["build"]);
    assert_no_panic(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = t.read("stor/2025/index.html");
    assert!(
        html.len() > 10 * 1024 * 1024,
        "whole document rendered ({} bytes)",
        html.len()
    );
    assert!(
        html.contains("Sista meningen i dokumentet.")
            && html.contains(&format!("id=\"avsnitt-{n}\""))
    );
    assert!(
        t.read("avtal/2025/index.html")
            .contains("Avser kalenderåret 2025."),
        "other series still built"
    );
}

#[test]
fn five_thousand_sections() {
    let t = SiteTest::new();
    let body: String = (1..=5000)
        .map(|i| {
            format!(
                "## {}.{} Rubrik nummer {i}\n\nText {i}.\n\n",
                i / 100 + 1,
                i % 100
            )
        })
        .collect();
    t.write("content/manga/2025.md", doc(2025, &body));
    let out = run(&t, &["build"]);
    assert_no_panic(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = t.read("manga/2025/index.html");
    let ids = ids_of(&html);
    for i in [1, 2500, 5000] {
        assert!(
            ids.contains(&format!("rubrik-nummer-{i}")),
            "section {i} has its id"
        );
        assert!(
            html.contains(&format!("href=\"#rubrik-nummer-{i}\"")),
            "TOC links section {i}"
        );
    }
    assert_unique_ids(&html);
}

fn ids_of(html: &str) -> Vec<String> {
    styrdok::html::start_tags(html)
        .into_iter()
        .flat_map(|t| t.attrs)
        .filter(|a| a.name == "id")
        .map(|a| a.value)
        .collect()
}

fn assert_unique_ids(html: &str) {
    let ids = ids_of(html);
    let mut seen = std::collections::HashSet::new();
    for id in &ids {
        assert!(seen.insert(id), "duplicate id {id}");
        assert!(
            !id.is_empty() && id.is_ascii() && !id.contains(' '),
            "unreadable id {id:?}"
        );
    }
    // Every in-page link has a target.
    for target in html
        .split("href=\"#")
        .skip(1)
        .filter_map(|s| s.split('"').next())
    {
        assert!(
            seen.contains(&target.to_string()),
            "link to missing #{target}"
        );
    }
}

#[test]
fn punctuation_emoji_and_identical_headings() {
    let t = SiteTest::new();
    let body = "# !!!\n\nA.\n\n# 🎉🎉\n\nB.\n\n# Formalia\n\nC.\n\n# Formalia\n\nD.\n\n# ...\n\nE.\n\n# 2.1\n\nF.\n\n# innehall\n\nG.\n\n# ⚖️ Ekonomi ⚖️\n\nH.\n";
    t.write("content/udda/2024.md", doc(2024, body));
    t.write("content/udda/2025.md", doc(2025, body));
    let out = run(&t, &["build"]);
    assert_no_panic(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    for page in [
        "udda/2024/index.html",
        "udda/2025/index.html",
        "udda/2025/andringar.html",
    ] {
        assert_unique_ids(&t.read(page));
    }
    let html = t.read("udda/2025/index.html");
    let ids = ids_of(&html);
    for id in ["formalia", "formalia-2", "ekonomi", "avsnitt"] {
        assert!(ids.contains(&id.to_string()), "{id} in {ids:?}");
    }
    assert!(
        html.contains("🎉🎉") && html.contains("!!!"),
        "headings shown as written"
    );
    // Stable: the same ids in both years (same headings) and on a rebuild.
    assert_eq!(ids_of(&t.read("udda/2024/index.html")), ids);
    let again = run(&t, &["build"]);
    assert!(again.status.success());
    assert_eq!(ids_of(&t.read("udda/2025/index.html")), ids);
}

#[test]
fn swedish_letters_spaces_and_uppercase_in_names() {
    let t = SiteTest::new();
    t.write(
        "content/Äldreomsorg Överenskommelse/2025.md",
        doc(2025, "# Å ä Ö\n\nText.\n"),
    );
    t.write(
        "content/KVALITETSREDOVISNING av-nämnden/2024.md",
        doc(2024, "# 1 Syfte\n\nText.\n"),
    );
    t.write(
        "content/KVALITETSREDOVISNING av-nämnden/_series.yaml",
        "title: Kvalitetsredovisning AV-nämnden\n",
    );
    let out = run(&t, &["build"]);
    assert_no_panic(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    let files = list_files(&t.public());
    assert!(
        files.contains(&"aldreomsorg-overenskommelse/2025/index.html".to_string()),
        "{files:?}"
    );
    assert!(
        files.contains(&"kvalitetsredovisning-av-namnden/2024/index.html".to_string()),
        "{files:?}"
    );
    assert!(t
        .read("aldreomsorg-overenskommelse/2025/index.html")
        .contains("id=\"a-a-o\""));
    let home = t.read("index.html");
    assert!(
        home.contains("aldreomsorg-overenskommelse/")
            && home.contains("Kvalitetsredovisning AV-nämnden"),
        "{home}"
    );
    // Stable: a rebuild gives the same bytes.
    let first = snapshot(&t.public());
    assert!(run(&t, &["build"]).status.success());
    assert_eq!(snapshot(&t.public()), first);
}

// ---- Theme errors -------------------------------------------------------------------
