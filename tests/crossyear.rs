//! Cross-year engine through the whole build: shared anchors, year links at every
//! heading, change logs with word diffs and figures, comparisons, timeline, JSON.

mod common;
use common::{repo_root, SiteTest};
use serde_json::Value;

const A: &str = "Nämnden ansvarar för arbetsmarknadsinsatser för personer som står långt från arbetsmarknaden och följer upp verksamheten varje kvartal.";
const B: &str = "Divisionen erbjuder arbetsträning, praktik och studie- och yrkesvägledning till deltagare som är inskrivna hos Arbetsförmedlingen.";
const C: &str = "Integrationsvägledningen ger nyanlända information om samhället, bostad, skola och vägar till egen försörjning genom samordnade insatser.";
const D: &str = "Barnrättsperspektivet ska beaktas i all verksamhet enligt barnkonventionen som gäller som svensk lag sedan år 2020.";

fn series_site() -> SiteTest {
    let t = SiteTest::new();
    t.write("content/avtal/_series.yaml", "title: Avtalet\n");
    t.write(
        "content/avtal/2024.md",
        format!("---\ntitle: Avtal 2024\nyear: 2024\n---\n\n# Formalia\n\n{A}\n\n# Fokus i Agenda 2030\n\n{C}\n\n# Mål från KF och nämnd\n\n{B} {D}\n\n# Ekonomi\n\n| Post | Ersättning, tkr |\n|---|---|\n| Integrationsvägledning | 2 060 |\n\n# Gammalt avsnitt\n\nDetta avsnitt försvinner helt till nästa år och kommer inte tillbaka igen.\n\n# Reglemente {{#regl}}\n\nHelt annan text om reglementet.\n"),
    );
    t.write(
        "content/avtal/2025.md",
        format!("---\ntitle: Avtal 2025\nyear: 2025\n---\n\n# 1 Formalia\n\n{A}\n\n# 2 Hållbarhetsstyrning\n\n{C} Ny mening om hållbarhet.\n\n# 3 Mål från KF\n\n{B}\n\n# 4 Mål från nämnden\n\n{D}\n\n# 5 Ekonomi\n\n| Post | Ersättning, tkr |\n|---|---|\n| Integrationsvägledning | 3 250 |\n\n# 6 Dataskyddsombud\n\nNytt avsnitt om dataskyddsombudet och hur personuppgifter behandlas. Se [bilagan](bilaga.pdf) och [Formalia](#formalia).\n\n# 7 Styrning och regler {{#regl}}\n\nEn omskriven text som inte liknar den gamla.\n"),
    );
    t.write(
        "content/avtal/2026.md",
        format!("---\ntitle: Avtal 2026\nyear: 2026\n---\n\n# 1 Ekonomi\n\n| Post | Ersättning, tkr |\n|---|---|\n| Integrationsvägledning | 3 330 |\n\n# 2 Formalia\n\n{A}\n\n# 3 Hållbarhetsstyrning\n\n{C} Ny mening om hållbarhet.\n"),
    );
    t.build();
    t
}

fn json(t: &SiteTest, year: i32) -> Value {
    serde_json::from_str(&t.read(&format!("avtal/{year}/index.json"))).unwrap()
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
    let html = t.read("avtal/2025/index.html");
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
    assert!(html.contains("class=\"badge changed\" href=\"../../avtal/2025/andringar/index.html#fokus-i-agenda-2030\">Ändrad sedan 2024</a>"));
    assert!(html.contains("Finns inte: 2026"), "gone next year");
    assert!(
        html.contains("Rubrik 2024: Fokus i Agenda 2030"),
        "renamed badge"
    );
}

#[test]
fn change_log_shows_words_figures_and_summary() {
    let t = series_site();
    let html = t.read("avtal/2025/andringar/index.html");
    assert!(html.contains("<h1>Ändringar 2024–2025</h1>"));
    assert!(html.contains(" <ins><span class=\"visually-hidden\">[tillagt: </span>Ny mening om hållbarhet.<span class=\"visually-hidden\">]</span></ins>"), "word diff");
    assert!(
        html.contains("<td>2 060</td><td>3 250</td>"),
        "figure called out in the summary table"
    );
    assert!(html.contains("Integrationsvägledning, Ersättning, tkr"));
    for (count, label) in [
        (1, "Nya"),
        (1, "Borttagna"),
        (1, "Delade"),
        (2, "Nya rubriker"),
    ] {
        assert!(
            html.contains(&format!(
                "<span class=\"count\">{count}</span> {label}</li>"
            )),
            "{count} {label}"
        );
    }
    assert!(html.contains("id=\"borttaget-gammalt-avsnitt\""));
    // Links inside a section shown on the change page still point at the document's folder.
    assert!(
        html.contains("href=\"../../../avtal/2025/bilaga.pdf\""),
        "relative link rebased"
    );
    assert!(
        html.contains("href=\"../../../avtal/2025/index.html#formalia\""),
        "fragment rebased"
    );
    assert!(
        html.contains("avtal/jamfor/2024-2026/index.html"),
        "link to the other comparison"
    );
}

#[test]
fn comparison_of_any_two_years_and_timeline() {
    let t = series_site();
    let html = t.read("avtal/jamfor/2024-2026/index.html");
    assert!(html.contains("<h1>Jämför 2024 med 2026</h1>"));
    assert!(html.contains("<td>2 060</td><td>3 330</td>"));
    let series = t.read("avtal/index.html");
    assert!(series.contains("<table class=\"timeline\">"));
    assert!(series.contains("<th scope=\"row\" class=\"lvl-1\">3 Hållbarhetsstyrning</th><td class=\"cell present\"><a href=\"../avtal/2024/index.html#fokus-i-agenda-2030\">Finns</a></td><td class=\"cell changed\">"), "{series}");
    assert!(series.contains("avtal/jamfor/2024-2026/index.html"));
    let feed = t.read("atom.xml");
    assert!(feed.contains("<title>Ändringar: Avtal 2026 (2026)</title>"));
}

#[test]
fn bundled_nykoping_series_is_linked_across_all_years() {
    let root = repo_root();
    let t = SiteTest::new();
    common::copy_dir(&root.join("content"), &t.root().join("content"));
    t.build();
    let doc = |y: i32| -> Value {
        serde_json::from_str(&t.read(&format!("nykoping-kan-dso/{y}/index.json"))).unwrap()
    };
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
    let changes = t.read("nykoping-kan-dso/2025/andringar/index.html");
    assert!(
        changes.contains("<td>2 060</td><td>3 250</td>"),
        "Integrationsvägledning 2 060 → 3 250 tkr"
    );
    let changes = t.read("nykoping-kan-dso/2026/andringar/index.html");
    assert!(
        changes.contains("<td>3 250</td><td>3 330</td>"),
        "Integrationsvägledning 3 250 → 3 330 tkr"
    );
    assert!(
        changes.contains("<details><summary>Oförändrade avsnitt</summary>"),
        "unchanged sections listed, collapsed"
    );
}
