//! Headings and their numbers, the cover table, the year, and what Word adds that a page does not need.

use super::*;

#[test]
fn headings_get_the_numbers_word_shows_three_levels_with_restarts() {
    let site = SiteTest::new();
    let mut d = doc_with("");
    d.add(&heading(1, "FORMALIA"))
        .add(&heading(2, "Parter"))
        .add(&heading(3, "Ombud"))
        .add(&heading(3, "Kontakt"))
        .add(&heading(2, "Giltighetstid"))
        .add(&heading(3, "Förlängning"))
        .add(&heading(1, "EKONOMI"))
        .add(&heading(2, "Uppföljning"))
        // Localised name without numbering, an outline level, a literal number typed.
        .add(&heading_unnumbered(2, "7.7 Inskriven siffra"))
        .add(&heading_unnumbered(1, "BILAGOR"))
        .add("<w:p><w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr><w:r><w:t>Dispositionsnivå</w:t></w:r></w:p>");
    // A second, restarted outline ("Rubrik 1"-named style in a list of its own).
    d.numbering("<w:abstractNum w:abstractNumId=\"9\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"5\"/><w:numFmt w:val=\"upperRoman\"/><w:lvlText w:val=\"%1.\"/></w:lvl></w:abstractNum><w:num w:numId=\"9\"><w:abstractNumId w:val=\"9\"/></w:num>");
    d.add("<w:p><w:pPr><w:pStyle w:val=\"Rubrik1\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"9\"/></w:numPr></w:pPr><w:r><w:t>Romersk</w:t></w:r></w:p>");
    let (stdout, _) = ok(&import(&site, &d.to_bytes(), &["--series", "t"]));
    assert!(stdout.contains("wrote content/t/2025.md"), "{stdout}");
    let md = std::fs::read_to_string(site.root().join("content/t/2025.md")).unwrap();
    let headings: Vec<&str> = body_of(&md)
        .lines()
        .filter(|l| l.starts_with('#'))
        .collect();
    assert_eq!(
        headings,
        [
            "# 1 FORMALIA",
            "## 1.1 Parter",
            "### 1.1.1 Ombud",
            "### 1.1.2 Kontakt",
            "## 1.2 Giltighetstid",
            "### 1.2.1 Förlängning",
            "# 2 EKONOMI",
            "## 2.1 Uppföljning",
            "## 7.7 Inskriven siffra",
            "# BILAGOR",
            "## Dispositionsnivå",
            "# V. Romersk",
        ]
    );
    // The build reads the numbers back apart from the titles.
    site.build();
    let doc = site.document_json("t", 2025);
    let json = doc.to_string();
    let sections: Vec<(String, String)> = doc["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| {
            (
                s["number"].as_str().unwrap_or_default().to_string(),
                s["title"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert!(
        sections.contains(&("1.2.1".into(), "Förlängning".into())),
        "{json}"
    );
    assert!(
        sections.iter().any(|(n, _)| n == "7.7"),
        "a typed number is kept: {json}"
    );
}

#[test]
fn cover_table_becomes_front_matter_and_series_yaml() {
    let site = SiteTest::new();
    let mut d = Docx::new();
    d.add(&p(Some("Rubrik"), &run("ÖVERENSKOMMELSE 2026 OM TEST")))
        .add(&p(None, &bold("STYRANDE DOKUMENT")))
        .add(&table(
            2,
            &[
                row(
                    &[
                        text_cell("Dokumenttitel"),
                        text_cell("Överenskommelse 2026 om test"),
                    ],
                    false,
                ),
                row(&[text_cell("Diarienummer:"), text_cell("KAN25/7")], false),
                row(
                    &[
                        text_cell("Kategori av styrdokument"),
                        text_cell("Aktiverande"),
                    ],
                    false,
                ),
                row(
                    &[text_cell("Fastställd av"), text_cell("Testnämnden")],
                    false,
                ),
                row(
                    &[text_cell("Beslutsdatum"), text_cell("den 18 december 2025")],
                    false,
                ),
                row(
                    &[
                        text_cell("Giltighetstid"),
                        text_cell("2026-01-01 -- 2026-12-31"),
                    ],
                    false,
                ),
                row(
                    &[
                        text_cell("Dokumentansvarig"),
                        cell(
                            &format!(
                                "{}{}",
                                p(None, &run("Politisk nivå: Testnämnden")),
                                p(None, &run("Tjänstenivå: Sakkunnig"))
                            ),
                            1,
                            None,
                        ),
                    ],
                    false,
                ),
                row(&[text_cell("Revideras"), text_cell("Årligen")], false),
            ],
        ))
        .add(&heading(1, "FORMALIA"))
        .add(&p(None, &run("Text.")))
        .header(&p(None, &run("Testby kommun")));
    let (_, stderr) = ok(&import(&site, &d.to_bytes(), &[]));
    let dir = site.root().join("content/overenskommelse-om-test");
    let md = std::fs::read_to_string(dir.join("2026.md")).unwrap();
    assert!(md.starts_with("---\ntitle: Överenskommelse 2026 om test\nyear: 2026\ndiarienummer: KAN25/7\nbeslutsdatum: 2025-12-18\nfastställd_av: Testnämnden\ngiltighetstid: \"2026-01-01 -- 2026-12-31\"\nkategori: Aktiverande\ndokumentansvarig: \"Politisk nivå: Testnämnden Tjänstenivå: Sakkunnig\"\nrevideras: Årligen\n---\n"), "{md}");
    assert_eq!(
        body_of(&md),
        "# 1 FORMALIA\n\nText.",
        "cover, caption and title left the body"
    );
    assert!(
        stderr.contains("`Revideras` kept as front-matter key `revideras`"),
        "{stderr}"
    );
    let series = std::fs::read_to_string(dir.join("_series.yaml")).unwrap();
    assert_eq!(
        series,
        "title: Överenskommelse om test\nmunicipality: Testby kommun\ncommittee: Testnämnden\n"
    );
    site.build();
    let page = site.read("overenskommelse-om-test/2026/index.html");
    assert!(page.contains("KAN25/7") && page.contains("2025-12-18"));
}

#[test]
fn year_comes_from_the_flag_or_the_document_else_a_clear_error() {
    let site = SiteTest::new();
    let mut d = Docx::new();
    d.add(&p(Some("Rubrik"), &run("Riktlinjer för test")))
        .add(&p(None, &run("Text.")));
    let out = import(&site, &d.to_bytes(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("doc.docx: cannot tell which year") && err.contains("--year 2025"),
        "{err}"
    );
    assert!(!site.root().join("content").exists(), "nothing written");
    ok(&import(&site, &d.to_bytes(), &["--year", "2024"]));
    assert!(site
        .root()
        .join("content/riktlinjer-for-test/2024.md")
        .is_file());
}

#[test]
fn toc_fields_headers_footers_and_page_numbers_are_dropped() {
    let site = SiteTest::new();
    let mut d = doc_with("");
    d.add(&toc(&[
        ("1 FORMALIA", 3),
        ("1.1 Parter", 3),
        ("2 EKONOMI", 17),
    ]))
    .add(&p(None, &page_break()))
    .add(&heading(1, "FORMALIA"))
    .add(&heading(2, "Parter"))
    .add(&p(
        None,
        &format!(
            "{}{}",
            run("Se sidan "),
            field("PAGEREF _Toc1 \\h", &run("99"))
        ),
    ))
    .add(&p(None, ""))
    .add(&heading(1, "EKONOMI"))
    .header(&p(None, &run("Sidhuvudtext")))
    .footer(&p(
        None,
        &format!("{}{}", run("Sidfottext Sida "), field("PAGE", &run("4"))),
    ));
    let (stdout, _) = ok(&import(&site, &d.to_bytes(), &["--series", "t"]));
    assert!(stdout.contains("table of contents dropped"), "{stdout}");
    assert!(
        stdout.contains("page header(s)/footer(s) dropped"),
        "{stdout}"
    );
    let md = std::fs::read_to_string(site.root().join("content/t/2025.md")).unwrap();
    assert_eq!(
        body_of(&md),
        "# 1 FORMALIA\n\n## 1.1 Parter\n\nSe sidan\n\n# 2 EKONOMI"
    );
}

#[test]
fn toc_in_a_content_control_and_hyperlink_fields() {
    let site = SiteTest::new();
    let mut d = doc_with("");
    d.add(&format!(
        "<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val=\"Table of Contents\"/><w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>",
        toc(&[("1 INLEDNING", 2)])
    ))
    .add(&heading(1, "INLEDNING"))
    .add(&p(
        None,
        &format!(
            "{}{}{}{}",
            run("Läs "),
            field("HYPERLINK \"https://www.kolada.se/\"", &run("Kolada")),
            run(" och "),
            field("DATE \\@ \"yyyy\"", &run("2025")),
        ),
    ));
    ok(&import(&site, &d.to_bytes(), &["--series", "t"]));
    let md = std::fs::read_to_string(site.root().join("content/t/2025.md")).unwrap();
    assert_eq!(
        body_of(&md),
        "# 1 INLEDNING\n\nLäs [Kolada](https://www.kolada.se/) och 2025"
    );
}
