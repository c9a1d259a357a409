//! Cross-year engine through the whole build: shared anchors, year links at every
//! heading, change logs with word diffs and figures, comparisons, timeline, JSON.

use crate::support::expected::Fixture;
use crate::support::{repo_root, SiteTest};
use serde_json::Value;

/// `tests/fixtures/change-log`: three years with a renamed, a split, a removed, a new
/// and a rewritten section, and a changed figure (2 060 → 3 250 → 3 330).
fn series_site() -> Fixture {
    Fixture::build("change-log")
}

fn json(t: &Fixture, year: i32) -> Value {
    t.site.document_json("avtal", year)
}

fn section<'a>(doc: &'a Value, title: &str) -> &'a Value {
    doc["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"] == title)
        .unwrap_or_else(|| panic!("no {title}"))
}

#[test]
fn json_lists_sections_with_same_as_for_every_year() {
    let t = series_site();
    let (j24, j25) = (json(&t, 2024), json(&t, 2025));
    let formalia = section(&j25, "Formalia");
    assert_eq!(formalia["number"], "1");
    assert_eq!(formalia["level"], 1);
    assert_eq!(formalia["id"], "formalia");
    assert_eq!(formalia["same_as"]["2024"], serde_json::json!(["formalia"]));
    assert_eq!(formalia["same_as"]["2026"], serde_json::json!(["formalia"]));
    assert!(formalia["text"]
        .as_str()
        .unwrap()
        .starts_with("Nämnden ansvarar"));
    // Renamed: keeps its id; split: two ids; removed: empty; explicit id ties.
    assert_eq!(
        section(&j25, "Hållbarhetsstyrning")["id"],
        "fokus-i-agenda-2030"
    );
    assert_eq!(
        section(&j24, "Mål från KF och nämnd")["same_as"]["2025"],
        serde_json::json!(["mal-fran-kf", "mal-fran-namnden"])
    );
    assert_eq!(
        section(&j24, "Gammalt avsnitt")["same_as"]["2025"],
        serde_json::json!([])
    );
    assert_eq!(section(&j25, "Styrning och regler")["id"], "regl");
    assert_eq!(
        section(&j25, "Dataskyddsombud")["same_as"]["2024"],
        serde_json::json!([])
    );
    assert_eq!(j25["metadata"]["title"], "Avtal 2025");
}

#[test]
fn headings_link_to_the_same_section_in_other_years() {
    let t = series_site();
    let html = t.site.read("avtal/2025/index.html");
    assert!(html.contains(
        "href=\"../../avtal/2024/index.html#fokus-i-agenda-2030\">Fokus i Agenda 2030</a>"
    ));
    assert!(html.contains(
        "href=\"../../avtal/2026/index.html#fokus-i-agenda-2030\">3 Hållbarhetsstyrning</a>"
    ));
    assert!(
        html.contains("<span class=\"badge new\">Ny 2025</span>"),
        "new section badge"
    );
    assert!(html.contains("class=\"badge changed\" href=\"../../avtal/2025/andringar.html#fokus-i-agenda-2030\">Ändrad sedan 2024</a>"));
    assert!(html.contains("Finns inte: 2026"), "gone next year");
    assert!(
        html.contains("Rubrik 2024: Fokus i Agenda 2030"),
        "renamed badge"
    );
}

/// The change log 2024–2025 is `tests/fixtures/change-log/expected/avtal-2025-andringar.html`:
/// the summary (1 new, 1 removed, 1 split, 2 new headings), the figure table
/// (2 060 → 3 250), word diffs, the removed section, and links inside sections leading
/// to the document's folder.
#[test]
fn change_log_shows_words_figures_and_summary() {
    let t = series_site();
    let main = t.assert_main("avtal/2025/andringar.html");
    assert!(main.contains(" <ins><span class=\"visually-hidden\">[tillagt: </span>Ny mening om hållbarhet.<span class=\"visually-hidden\">]</span></ins>"), "word diff");
    assert!(
        main.contains("<td>2 060</td><td>3 250</td>"),
        "figure called out in the summary table"
    );
    assert!(
        main.contains("href=\"../../avtal/2025/bilaga.pdf\""),
        "relative link into the document's folder"
    );
}

#[test]
fn comparison_of_any_two_years_and_timeline() {
    let t = series_site();
    let html = t.site.read("avtal/jamfor-2024-2026.html");
    assert!(html.contains("<h1>Jämför 2024 med 2026</h1>"));
    assert!(html.contains("<td>2 060</td><td>3 330</td>"));
    let series = t.site.read("avtal/index.html");
    assert!(series.contains("<table class=\"timeline\">"));
    assert!(series.contains("<th scope=\"row\" class=\"lvl-1\">3 Hållbarhetsstyrning</th><td class=\"cell present\"><a href=\"../avtal/2024/index.html#fokus-i-agenda-2030\">Finns</a></td><td class=\"cell changed\">"), "{series}");
    assert!(series.contains("avtal/jamfor-2024-2026.html"));
    let feed = t.site.read("atom.xml");
    assert!(feed.contains("<title>Ändringar: Avtal 2026 (2026)</title>"));
}

#[test]
fn bundled_nykoping_series_is_linked_across_all_years() {
    let root = repo_root();
    let t = SiteTest::new();
    crate::support::copy_dir(&root.join("content"), &t.root().join("content"));
    t.build();
    let doc = |y: i32| -> Value { t.document_json("nykoping-kan-dso", y) };
    let (d24, d25, d26) = (doc(2024), doc(2025), doc(2026));
    // 2024 "2.1 Grunduppdrag Arbetsmarknadsverksamhet" is 2025 "3.1" and 2026 "4.4".
    let g = section(&d24, "Grunduppdrag Arbetsmarknadsverksamhet");
    assert_eq!(g["number"], "2.1");
    let id25 = g["same_as"]["2025"][0].as_str().unwrap();
    let id26 = g["same_as"]["2026"][0].as_str().unwrap();
    let find_id = |d: &Value, id: &str| {
        d["sections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(find_id(&d25, id25)["number"], "3.1");
    assert_eq!(find_id(&d26, id26)["number"], "4.4");
    // Renamed: "Fokus i Agenda 2030" → "Hållbarhetsstyrning".
    assert_eq!(
        section(&d25, "FOKUS I AGENDA 2030")["same_as"]["2026"][0],
        section(&d26, "HÅLLBARHETSSTYRNING")["id"]
    );
    // Split: one 2025 section became two in 2026.
    let split = &section(
        &d25,
        "Mål från Kommunfullmäktige och Kompetens- och arbetsmarknadsnämnden",
    )["same_as"]["2026"];
    assert_eq!(split.as_array().unwrap().len(), 2, "{split}");
    // Every 2026 section that existed in 2025 under any name is linked.
    for s in d26["sections"].as_array().unwrap() {
        assert!(
            !s["same_as"]["2025"].as_array().unwrap().is_empty(),
            "2026 {} {} not linked to 2025",
            s["number"],
            s["title"]
        );
    }
    let changes = t.read("nykoping-kan-dso/2025/andringar.html");
    assert!(
        changes.contains("<td>2 060</td><td>3 250</td>"),
        "Integrationsvägledning 2 060 → 3 250 tkr"
    );
    let changes = t.read("nykoping-kan-dso/2026/andringar.html");
    assert!(
        changes.contains("<td>3 250</td><td>3 330</td>"),
        "Integrationsvägledning 3 250 → 3 330 tkr"
    );
    assert!(
        changes.contains("<details><summary>Oförändrade avsnitt</summary>"),
        "unchanged sections listed, collapsed"
    );
}
