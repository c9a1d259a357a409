//! Comparisons that grow linearly with the years: static pages only for consecutive
//! years (change logs) and for each year against the latest; any other pair is
//! assembled in the browser from `jamfor.js`, which holds the change logs' own
//! redlines (the same Rust diff). Checked on the files and in headless Chromium from
//! `file://` and over http under a sub-path.

use crate::support::server::Server;
use crate::support::webdriver::Browser;
use crate::support::SiteTest;
use serde_json::Value;
use std::time::Duration;

const YEARS: [i32; 5] = [2020, 2021, 2022, 2023, 2024];

/// Five years of one series: Formalia changes every year, Ekonomi's figure in 2021 and
/// 2023, Mål never; Dataskydd is new in 2022, Gammalt gone in 2023.
fn five_years() -> SiteTest {
    let t = SiteTest::new();
    t.write("content/avtal/_series.yaml", "title: Avtalet\n");
    for (k, year) in YEARS.iter().enumerate() {
        let amount = match year {
            2020 => "2 060",
            2021 | 2022 => "3 250",
            _ => "3 330",
        };
        let mut body = format!(
            "---\ntitle: Avtal {year}\nyear: {year}\n---\n\n# 1 Formalia\n\nAvtalet avser verksamhetsåret {year} och gäller för nämnden och divisionen under hela året.\n\n# 2 Mål\n\nNämnden ansvarar för arbetsmarknadsinsatser för personer som står långt från arbetsmarknaden.\n\n# 3 Ekonomi\n\n| Post | Ersättning, tkr |\n|---|---|\n| Integrationsvägledning | {amount} |\n"
        );
        if k >= 2 {
            body.push_str("\n# 4 Dataskydd\n\nPersonuppgifter behandlas enligt dataskyddsförordningen och dataskyddsombudet granskar behandlingen.\n");
        }
        if k < 3 {
            body.push_str("\n# 5 Gammalt\n\nDetta avsnitt om den gamla ordningen för lokaler försvinner år 2023 och kommer inte tillbaka.\n");
        }
        t.write(&format!("content/avtal/{year}.md"), body);
    }
    t.build();
    t
}

/// The JSON inside `styrdokJamfor("…");`.
fn steps_data(t: &SiteTest) -> Value {
    let bytes = std::fs::read(t.public().join("avtal/jamfor.js")).unwrap();
    styrdok::packed::uncall("styrdokJamfor", &bytes).expect("a styrdokJamfor(\"…\") call")
}

#[test]
fn static_pages_only_for_consecutive_years_and_against_the_latest() {
    let t = five_years();
    let exists = |rel: &str| t.public().join(rel).is_file();
    for year in &YEARS[1..] {
        assert!(exists(&format!("avtal/{year}/andringar.html")));
    }
    for old in [2020, 2021, 2022] {
        assert!(exists(&format!("avtal/jamfor-{old}-2024.html")), "{old}");
    }
    for (old, new) in [(2020, 2022), (2020, 2023), (2021, 2023)] {
        assert!(!exists(&format!("avtal/jamfor-{old}-{new}.html")));
    }
    assert!(exists("avtal/jamfor.html") && exists("avtal/jamfor.js"));
    // The series page: a form for any pair, links to every static comparison.
    let series = t.read("avtal/index.html");
    assert!(
        series.contains(
            "<form class=\"compare-form\" action=\"../avtal/jamfor.html\" method=\"get\">"
        ),
        "{series}"
    );
    for pair in ["2022-2024", "2021-2024", "2020-2024"] {
        assert!(
            series.contains(&format!("avtal/jamfor-{pair}.html")),
            "{pair}"
        );
    }
    assert!(series.contains("avtal/2021/andringar.html"));
    // Every link of the site resolves (no link to a comparison that has no page).
    let out = t.run(&["check"]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn step_data_holds_the_change_logs_own_redlines() {
    let t = five_years();
    let data = steps_data(&t);
    let steps = data["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 4);
    let mut seen = 0;
    for (k, step) in steps.iter().enumerate() {
        let year = YEARS[k + 1];
        assert_eq!(step["year"], year);
        let log = t.read(&format!("avtal/{year}/andringar.html"));
        for item in step["changed"].as_array().unwrap() {
            let html = item["e"]["html"].as_str().unwrap();
            assert!(!html.is_empty() && log.contains(html), "{year}: {html}");
            seen += 1;
        }
        let keys = |kind: &str| -> Vec<String> {
            step[kind]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["key"].as_str().unwrap().to_string())
                .collect()
        };
        assert!(keys("changed").contains(&"formalia".to_string()), "{year}");
        assert_eq!(
            keys("changed").contains(&"ekonomi".to_string()),
            year % 2 == 1
        );
        assert!(!keys("changed").contains(&"mal".to_string()));
        assert_eq!(
            keys("added"),
            if year == 2022 {
                vec!["dataskydd".to_string()]
            } else {
                vec![]
            }
        );
        assert_eq!(
            keys("removed"),
            if year == 2023 {
                vec!["gammalt".to_string()]
            } else {
                vec![]
            }
        );
    }
    assert!(seen >= 6);
    // Every year lists its sections for the page to order them.
    let y2024 = &data["years"][4];
    assert_eq!(y2024["year"], 2024);
    assert_eq!(y2024["url"], "../avtal/2024/index.html");
    assert_eq!(y2024["sections"][0][0], "formalia");
}

#[test]
fn document_pages_link_neighbouring_years_and_the_timeline_row() {
    let t = five_years();
    let doc = t.read("avtal/2022/index.html");
    for year in [2021, 2023, 2024] {
        assert!(
            doc.contains(&format!(
                "href=\"../../avtal/{year}/index.html#formalia\">1 Formalia</a>"
            )),
            "{year}"
        );
    }
    assert!(!doc.contains("href=\"../../avtal/2020/index.html#formalia\""));
    assert!(doc.contains("href=\"../../avtal/index.html#rad-2024-formalia\""));
    assert!(t
        .read("avtal/index.html")
        .contains("<tr id=\"rad-2024-formalia\">"));
}

const WAIT: Duration = Duration::from_secs(15);

/// Opens the assembled comparison 2020 → 2023 at `base`, then a pair with a page of
/// its own.
fn assembled_scenario(b: &Browser, base: &str) {
    b.goto(&format!("{base}avtal/jamfor.html?fran=2023&till=2020"));
    let ok = b.wait_for(
        "return document.getElementById('compare-status').textContent === 'Jämför 2020 med 2023';",
        WAIT,
    );
    let status = b.eval("return document.getElementById('compare-status').textContent;");
    assert!(ok, "not assembled at {base}: {status}");
    let steps = |id: &str| -> Vec<String> {
        let v = b.eval(&format!(
            "return Array.from(document.querySelectorAll('#{id} ~ .step h4')).map(h => h.textContent);"
        ));
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        steps("formalia"),
        [
            "Ändringar 2020–2021",
            "Ändringar 2021–2022",
            "Ändringar 2022–2023"
        ]
    );
    assert_eq!(
        steps("ekonomi"),
        ["Ändringar 2020–2021", "Ändringar 2022–2023"]
    );
    assert_eq!(steps("dataskydd"), ["Ändringar 2021–2022"]);
    assert_eq!(steps("borttaget-gammalt"), ["Ändringar 2022–2023"]);
    let text = b.eval("return document.getElementById('compare-result').textContent;");
    let text = text.as_str().unwrap();
    assert!(text.contains("2 060") && text.contains("3 330"), "{text}");
    assert!(text.contains("Oförändrade avsnitt (1)"), "{text}");
    // The redline HTML came through as markup (ins/del), not as text.
    let marks = b.eval("return document.querySelectorAll('#compare-result .diff ins, #compare-result .diff del').length;");
    assert!(marks.as_u64().unwrap() >= 6, "{marks}");
    // The links of the assembled page lead to real pages.
    let href = b.eval("return document.querySelector('#formalia a').href;");
    assert!(
        href.as_str()
            .unwrap()
            .ends_with("avtal/2023/index.html#formalia"),
        "{href}"
    );

    // The page as assembled is as accessible as the static ones.
    if let Some(axe) = crate::publish::axe_source() {
        let violations = crate::publish::axe_violations(b, &axe);
        assert!(violations.is_empty(), "axe at {base}: {violations:#?}");
    }

    // A pair with a page of its own opens that page.
    b.goto(&format!("{base}avtal/jamfor.html?fran=2021&till=2022"));
    assert!(
        b.wait_for(
            "return location.href.includes('/avtal/2022/andringar.html');",
            WAIT
        ),
        "{}",
        b.current_url()
    );
}

#[test]
fn assembled_comparison_from_file_url() {
    let t = five_years();
    let Some(b) = Browser::start() else { return };
    assembled_scenario(&b, &format!("file://{}/", t.public().display()));
}

#[test]
fn assembled_comparison_over_http_under_a_sub_path() {
    let t = five_years();
    let server = Server::start(t.public());
    let Some(b) = Browser::start() else { return };
    assembled_scenario(&b, &server.base);
}
