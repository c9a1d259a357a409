//! `styrdok import`: .docx fixtures written by `crate::support::docx` (real OOXML parts) are
//! imported with the real binary, and the Markdown, the report and the built site are
//! checked, one Word feature per test; then a whole bundled document round-trips
//! through Word structure (e2e at the end).

use crate::support::docx::*;
use crate::support::SiteTest;
use std::path::Path;

/// Runs `styrdok import` on `bytes` (written as `doc.docx` in the site root).
fn import(site: &SiteTest, bytes: &[u8], extra: &[&str]) -> std::process::Output {
    site.write("doc.docx", bytes);
    let mut args = vec!["import", "doc.docx"];
    args.extend_from_slice(extra);
    site.run(&args)
}

fn ok(out: &std::process::Output) -> (String, String) {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "import failed:\n{stdout}\n{stderr}");
    (stdout, stderr)
}

fn body_of(markdown: &str) -> &str {
    markdown.splitn(3, "---\n").nth(2).unwrap_or("").trim()
}

/// A minimal cover so that title and year are known.
fn cover(rows: &[(&str, &str)]) -> String {
    let rows: Vec<String> = rows
        .iter()
        .map(|(l, v)| row(&[text_cell(l), text_cell(v)], false))
        .collect();
    table(2, &rows)
}

fn doc_with(body: &str) -> Docx {
    let mut d = Docx::new();
    d.add(&cover(&[
        ("Dokumenttitel", "Testavtal 2025"),
        ("Diarienummer", "T1"),
        ("Giltighetstid", "2025"),
    ]));
    d.add(body);
    d
}

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

#[test]
fn lists_nest_restart_and_live_in_table_cells() {
    let site = SiteTest::new();
    let mut d = doc_with("");
    d.add(&p(None, &run("Punkter:")))
        .add(&list_p(BULLETS, 0, &run("Ett")))
        .add(&list_p(BULLETS, 1, &run("Under ett")))
        .add(&list_p(BULLETS, 2, &run("Djupast")))
        .add(&list_p(
            BULLETS,
            0,
            &format!("{}{}", run("Två med "), italic("kursiv")),
        ))
        .add(&p(None, &run("Numrerat:")))
        .add(&list_p(DECIMAL, 0, &run("Första")))
        .add(&list_p(DECIMAL, 1, &run("Del a")))
        .add(&list_p(DECIMAL, 0, &run("Andra")))
        .add(&p(None, &run("Omstart:")))
        .add(&list_p(DECIMAL_RESTART, 0, &run("Åter ett")))
        .add(&list_p(DECIMAL_RESTART, 0, &run("Åter två")))
        .add(&table(
            3,
            &[
                row(
                    &[text_cell("Mål"), text_cell("Resultat"), text_cell("När")],
                    true,
                ),
                row(
                    &[
                        cell(&p(None, &run("Fler i arbete")), 1, Some("restart")),
                        cell(
                            &format!(
                                "{}{}{}",
                                p(None, &run("Jämfört med tidigare år ska:")),
                                list_p(BULLETS, 0, &run("fler arbeta")),
                                list_p(BULLETS, 0, &run("färre sakna stöd"))
                            ),
                            1,
                            None,
                        ),
                        cell(
                            &p(
                                None,
                                &format!(
                                    "{}{}{}",
                                    run("Muntlig 2025-03-26"),
                                    line_break(),
                                    run("Skriftlig 2025-11-05")
                                ),
                            ),
                            1,
                            None,
                        ),
                    ],
                    false,
                ),
                row(
                    &[
                        cell("", 1, Some("")),
                        text_cell("Kvinnor | män"),
                        text_cell("Höst"),
                    ],
                    false,
                ),
                row(
                    &[cell(&p(None, &run("Summa")), 2, None), text_cell("100")],
                    false,
                ),
            ],
        ));
    let (stdout, stderr) = ok(&import(&site, &d.to_bytes(), &["--series", "t"]));
    assert!(
        stderr.contains("2 merged table cell(s)"),
        "{stdout}{stderr}"
    );
    let md = std::fs::read_to_string(site.root().join("content/t/2025.md")).unwrap();
    assert_eq!(
        body_of(&md),
        "Punkter:\n\n- Ett\n  - Under ett\n    - Djupast\n- Två med *kursiv*\n\nNumrerat:\n\n1. Första\n   1. Del a\n2. Andra\n\nOmstart:\n\n1. Åter ett\n2. Åter två\n\n\
| Mål | Resultat | När |\n|---|---|---|\n\
| Fler i arbete | Jämfört med tidigare år ska:<br>- fler arbeta<br>- färre sakna stöd | Muntlig 2025-03-26<br>Skriftlig 2025-11-05 |\n\
|  | Kvinnor \\| män | Höst |\n\
| Summa |  | 100 |"
    );
    site.build();
    let page = site.read("t/2025/index.html");
    assert!(page.contains("<li dir=\"auto\">Djupast</li>"), "{page}");
    assert!(
        page.contains("Jämfört med tidigare år ska:<br />"),
        "{page}"
    );
}

#[test]
fn label_tables_with_lists_become_description_lists() {
    let site = SiteTest::new();
    let mut d = doc_with("");
    d.add(&table(
        2,
        &[
            row(
                &[
                    text_cell("Syfte"),
                    cell(
                        &list_p(BULLETS, 0, &run("Närma sig arbetsmarknaden")),
                        1,
                        None,
                    ),
                ],
                false,
            ),
            row(
                &[
                    text_cell("Samverkan"),
                    cell(
                        &format!(
                            "{}{}",
                            p(None, &run("Med AF.")),
                            p(None, &run("Med andra."))
                        ),
                        1,
                        None,
                    ),
                ],
                false,
            ),
            row(
                &[cell(&p(None, &bold("Integrationsvägledning")), 2, None)],
                false,
            ),
            row(
                &[
                    text_cell("Målgrupp"),
                    cell(
                        &format!(
                            "{}{}",
                            list_p(BULLETS, 0, &run("Unga")),
                            list_p(BULLETS, 1, &run("18-24 år"))
                        ),
                        1,
                        None,
                    ),
                ],
                false,
            ),
        ],
    ));
    ok(&import(&site, &d.to_bytes(), &["--series", "t"]));
    let md = std::fs::read_to_string(site.root().join("content/t/2025.md")).unwrap();
    assert_eq!(
        body_of(&md),
        "Syfte\n\n: - Närma sig arbetsmarknaden\n\nSamverkan\n\n: Med AF.\n\n  Med andra.\n\n**Integrationsvägledning**\n\nMålgrupp\n\n: - Unga\n    - 18-24 år"
    );
    site.build();
    let page = site.read("t/2025/index.html");
    assert!(page.contains("<dt dir=\"auto\">Målgrupp</dt>"), "{page}");
    assert!(page.contains("<li dir=\"auto\">18-24 år</li>"), "{page}");
}

#[test]
fn footnotes_links_breaks_and_tracked_changes() {
    let site = SiteTest::new();
    let mut d = doc_with("");
    let note = d.footnote("Enligt beslut KS 2024-05-02.");
    let link = d.link("https://www.nykoping.se/", "kommunens webbplats");
    d.add(&p(None, &format!("{}{note}{}{link}{}", run("Ersättning utgår"), run(" enligt "), run("."))))
        .add(&p(None, &format!("{}{}{}", run("Rad ett"), line_break(), run("rad två"))))
        .add(&p(
            None,
            &format!(
                "{}<w:ins w:id=\"1\" w:author=\"A\">{}</w:ins><w:del w:id=\"2\" w:author=\"A\"><w:r><w:delText>gammal</w:delText></w:r></w:del>{}",
                run("Beloppet är "),
                run("3 250"),
                run(" tkr.")
            ),
        ))
        .add("<w:p><w:commentRangeStart w:id=\"5\"/><w:bookmarkStart w:id=\"0\" w:name=\"x\"/><w:r><w:t>Kommenterad.</w:t></w:r><w:bookmarkEnd w:id=\"0\"/><w:commentRangeEnd w:id=\"5\"/><w:r><w:commentReference w:id=\"5\"/></w:r></w:p>");
    let (stdout, stderr) = ok(&import(&site, &d.to_bytes(), &["--series", "t"]));
    assert!(
        stderr.contains("1 tracked insertion(s) imported as accepted text"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 tracked deletion(s) accepted"),
        "{stderr}"
    );
    assert!(stdout.contains("1 comment(s) dropped"), "{stdout}");
    let md = std::fs::read_to_string(site.root().join("content/t/2025.md")).unwrap();
    assert_eq!(
        body_of(&md),
        "Ersättning utgår[^1] enligt [kommunens webbplats](https://www.nykoping.se/).\n\nRad ett\\\nrad två\n\nBeloppet är 3 250 tkr.\n\nKommenterad.\n\n[^1]: Enligt beslut KS 2024-05-02."
    );
    site.build();
    let page = site.read("t/2025/index.html");
    assert!(
        page.contains("Enligt beslut KS 2024-05-02."),
        "footnote on the page"
    );
    assert!(page.contains("href=\"https://www.nykoping.se/\""));
}

#[test]
fn images_are_extracted_referenced_with_alt_text_and_published() {
    let site = SiteTest::new();
    let mut d = doc_with("");
    let with_alt = d.image(PNG, Some("Diagram: deltagare per månad"));
    let without = d.image(PNG, None);
    d.add(&p(None, &with_alt)).add(&p(None, &without));
    let (_, stderr) = ok(&import(&site, &d.to_bytes(), &["--series", "t"]));
    assert!(
        stderr.contains("image image2.png has no alt text"),
        "{stderr}"
    );
    assert!(!stderr.contains("image1.png has no alt"), "{stderr}");
    let md = std::fs::read_to_string(site.root().join("content/t/2025.md")).unwrap();
    assert_eq!(
        body_of(&md),
        "![Diagram: deltagare per månad](2025/image1.png)\n\n![](2025/image2.png)"
    );
    assert_eq!(
        std::fs::read(site.root().join("content/t/2025/image1.png")).unwrap(),
        PNG
    );
    site.build();
    let page = site.read("t/2025/index.html");
    assert!(
        page.contains("src=\"2025/image1.png\" alt=\"Diagram: deltagare per månad\""),
        "{page}"
    );
    assert_eq!(
        std::fs::read(site.public().join("t/2025/2025/image1.png")).unwrap(),
        PNG
    );
    // The link checker finds the image where the page points.
    let check = site.run(&["check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn never_overwrites_without_force() {
    let site = SiteTest::new();
    let d = doc_with(&p(None, &run("Första versionen.")));
    ok(&import(&site, &d.to_bytes(), &["--series", "t"]));
    let path = site.root().join("content/t/2025.md");
    std::fs::write(&path, "handskrivet").unwrap();
    let again = doc_with(&p(None, &run("Andra versionen.")));
    let out = import(&site, &again.to_bytes(), &["--series", "t"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("2025.md: already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "handskrivet");
    ok(&import(
        &site,
        &again.to_bytes(),
        &["--series", "t", "--force"],
    ));
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("Andra versionen."));
}

/// Every bad file: exit 1, a message naming the file and the problem, nothing written.
#[test]
fn bad_files_get_clear_errors_and_nothing_is_written() {
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(vec![0u8; 4096]);
    let valid = doc_with(&p(None, &run("Text."))).to_bytes();
    let mut truncated = valid.clone();
    truncated.truncate(valid.len() / 2);
    let mut bad_xml = Vec::new();
    for (name, data) in [
        ("[Content_Types].xml", b"<Types/>".to_vec()),
        (
            "word/document.xml",
            b"<w:document xmlns:w=\"x\"><w:body><w:p>".to_vec(),
        ),
    ] {
        bad_xml.push((name.to_string(), data));
    }
    let bomb = zip_files(&[
        ("[Content_Types].xml".into(), b"<Types/>".to_vec()),
        ("word/document.xml".into(), vec![b' '; 64 * 1024 * 1024]),
    ]);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "text",
            b"Detta ar inte ett Word-dokument".to_vec(),
            "not a Word .docx file",
        ),
        ("pdf", b"%PDF-1.7\n".to_vec(), "not a Word .docx file"),
        (
            "zip without Word",
            zip_files(&[("a.txt".into(), b"x".to_vec())]),
            "without a Word document part",
        ),
        ("encrypted", ole, "encrypted or password-protected"),
        ("truncated", truncated, "corrupt"),
        ("broken XML", zip_files(&bad_xml), "corrupt"),
        (
            "zip bomb",
            bomb,
            "refused: the .docx unpacks to far more than a document",
        ),
    ];
    for (what, bytes, message) in cases {
        let site = SiteTest::new();
        let out = import(&site, &bytes, &["--series", "t", "--year", "2025"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{what}: {err}");
        assert!(
            err.contains("doc.docx") && err.contains(message),
            "{what}: {err}"
        );
        assert!(
            !site.root().join("content").exists(),
            "{what}: nothing written"
        );
    }
}

// ---------------------------------------------------------------------------------
// End to end: content/nykoping-kan-dso/2025.md → Word structure → import → build.
// ---------------------------------------------------------------------------------

/// Inline Markdown of the bundled content (`*x*`, `**x**`, `<br>`) → runs.
fn md_runs(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in text.split("<br>").enumerate() {
        if i > 0 {
            out.push_str(&line_break());
        }
        for (j, strong) in part.split("**").enumerate() {
            if j % 2 == 1 {
                out.push_str(&bold(strong));
                continue;
            }
            for (k, seg) in strong.split('*').enumerate() {
                if !seg.is_empty() {
                    out.push_str(&if k % 2 == 1 { italic(seg) } else { run(seg) });
                }
            }
        }
    }
    out
}

/// A list line (`- x`, `1. x`, indented) → (depth, ordered, text).
fn list_line(line: &str) -> Option<(u32, bool, &str)> {
    let depth = (line.len() - line.trim_start().len()) as u32 / 2;
    let t = line.trim_start();
    if let Some(rest) = t.strip_prefix("- ") {
        return Some((depth, false, rest));
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && t[digits..].starts_with(". ")).then(|| (depth, true, &t[digits + 2..]))
}

/// A table cell of the bundled Markdown: `<br>- x` parts become list paragraphs.
fn md_cell(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        return String::new();
    }
    let mut paras = String::new();
    let mut plain: Vec<&str> = Vec::new();
    for part in text.split("<br>") {
        if let Some(item) = part.strip_prefix("- ") {
            if !plain.is_empty() {
                paras.push_str(&p(None, &md_runs(&plain.join("<br>"))));
                plain.clear();
            }
            paras.push_str(&list_p(BULLETS, 0, &md_runs(item)));
        } else {
            plain.push(part);
        }
    }
    if !plain.is_empty() {
        paras.push_str(&p(None, &md_runs(&plain.join("<br>"))));
    }
    paras
}

/// GFM table lines → a Word table (first row a repeated header unless it is empty;
/// an empty cell under a filled one is a vertical merge, as in the Word original).
fn md_table(lines: &[&str]) -> String {
    let cells = |l: &str| -> Vec<String> {
        let inner = l.trim().trim_start_matches('|').trim_end_matches('|');
        inner.split(" | ").map(|c| c.trim().to_string()).collect()
    };
    let head = cells(lines[0]);
    let columns = head.len();
    let mut rows = Vec::new();
    let has_header = head.iter().any(|c| !c.is_empty());
    if has_header {
        rows.push(row(
            &head
                .iter()
                .map(|c| cell(&p(None, &bold(c)), 1, None))
                .collect::<Vec<_>>(),
            true,
        ));
    }
    let body: Vec<Vec<String>> = lines[2..].iter().map(|l| cells(l)).collect();
    for (r, cols) in body.iter().enumerate() {
        let mut out = Vec::new();
        for (c, text) in cols.iter().enumerate() {
            let below_filled = body.get(r + 1).is_some_and(|n| n[c].is_empty());
            let above = r > 0 && (!body[r - 1][c].is_empty() || out_merged(&body, r - 1, c));
            let merge = if text.is_empty() && above {
                Some("")
            } else if !text.is_empty() && below_filled && c == 0 {
                Some("restart")
            } else {
                None
            };
            let merge = if text.is_empty() && c != 0 {
                None
            } else {
                merge
            };
            out.push(cell(&md_cell(text), 1, merge));
        }
        rows.push(row(&out, false));
    }
    table(columns, &rows)
}

fn out_merged(body: &[Vec<String>], r: usize, c: usize) -> bool {
    c == 0
        && r > 0
        && body[r][c].is_empty()
        && (!body[r - 1][c].is_empty() || out_merged(body, r - 1, c))
}

/// The bundled Markdown document rendered into Word structure: title, "STYRANDE
/// DOKUMENT" cover table, a TOC field with page numbers, auto-numbered headings (the
/// numbers are not typed), lists, tables, label/content tables for description lists,
/// a header and a footer with PAGE fields.
fn word_from_markdown(source: &str) -> Docx {
    let (front, body) = {
        let mut parts = source.splitn(3, "---\n");
        parts.next();
        (parts.next().unwrap(), parts.next().unwrap())
    };
    let meta = |key: &str| -> String {
        front
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key}: ")))
            .unwrap_or("")
            .trim_matches('"')
            .to_string()
    };
    let mut d = Docx::new();
    d.add(&p(Some("Rubrik"), &run(&meta("title").to_uppercase())));
    d.add(&p(None, &bold("STYRANDE DOKUMENT")));
    let responsible = meta("dokumentansvarig");
    let (political, official) = responsible.split_once(" Tjänstenivå").unwrap();
    let cover_rows = vec![
        row(
            &[text_cell("Dokumenttitel"), text_cell(&meta("title"))],
            false,
        ),
        row(
            &[text_cell("Diarienummer"), text_cell(&meta("diarienummer"))],
            false,
        ),
        row(
            &[
                text_cell("Kategori av styrdokument"),
                text_cell(&meta("kategori")),
            ],
            false,
        ),
        row(
            &[
                text_cell("Fastställd av"),
                text_cell(&meta("fastställd_av")),
            ],
            false,
        ),
        row(
            &[text_cell("Beslutsdatum"), text_cell("18 december 2024")],
            false,
        ),
        row(
            &[
                text_cell("Giltighetstid"),
                text_cell(&meta("giltighetstid")),
            ],
            false,
        ),
        row(
            &[text_cell("Omfattar"), text_cell(&meta("omfattar"))],
            false,
        ),
        row(
            &[
                text_cell("Dokumentansvarig"),
                cell(
                    &format!(
                        "{}{}",
                        p(None, &run(political)),
                        p(None, &run(&format!("Tjänstenivå{official}")))
                    ),
                    1,
                    None,
                ),
            ],
            false,
        ),
        row(
            &[text_cell("Uppföljning"), text_cell(&meta("uppföljning"))],
            false,
        ),
    ];
    d.add(&table(2, &cover_rows));

    // Headings of the TOC, with invented page numbers.
    let toc_entries: Vec<(String, u32)> = body
        .lines()
        .filter(|l| l.starts_with("# ") || l.starts_with("## "))
        .enumerate()
        .map(|(i, l)| {
            (
                l.trim_start_matches('#').trim().to_string(),
                1 + i as u32 / 3,
            )
        })
        .collect();
    let toc_refs: Vec<(&str, u32)> = toc_entries.iter().map(|(t, n)| (t.as_str(), *n)).collect();

    let lines: Vec<&str> = body.lines().collect();
    let mut i = 0;
    let mut toc_done = false;
    while i < lines.len() {
        let line = lines[i];
        if line.trim().is_empty() || line.starts_with("<!--") {
            i += 1;
            continue;
        }
        if let Some(h) = line.strip_prefix('#') {
            let level = 1 + h.chars().take_while(|&c| c == '#').count() as u8;
            let text = h.trim_start_matches('#').trim();
            let first = text.split(' ').next().unwrap();
            let numbered = first.chars().next().is_some_and(|c| c.is_ascii_digit());
            if numbered && !toc_done {
                d.add(&toc(&toc_refs));
                toc_done = true;
            }
            if numbered {
                d.add(&heading(level, text[first.len()..].trim()));
            } else {
                d.add(&heading_unnumbered(level, text));
            }
            i += 1;
            continue;
        }
        if line.starts_with('|') {
            let start = i;
            while i < lines.len() && lines[i].starts_with('|') {
                i += 1;
            }
            d.add(&md_table(&lines[start..i]));
            continue;
        }
        if list_line(line).is_some() {
            while i < lines.len() {
                let Some((depth, ordered, text)) = list_line(lines[i]) else {
                    break;
                };
                d.add(&list_p(
                    if ordered { DECIMAL } else { BULLETS },
                    depth,
                    &md_runs(text),
                ));
                i += 1;
            }
            continue;
        }
        // A description list: Term / blank / ": …" (more terms follow) → one table.
        if lines.get(i + 2).is_some_and(|l| l.starts_with(": ")) {
            let mut rows = Vec::new();
            while lines.get(i + 2).is_some_and(|l| l.starts_with(": ")) {
                let term = lines[i];
                i += 2;
                let mut content = String::new();
                let mut first = true;
                while i < lines.len() {
                    let l = lines[i];
                    let body_line = if first {
                        l.strip_prefix(": ")
                    } else if l.trim().is_empty() {
                        i += 1;
                        continue;
                    } else {
                        l.strip_prefix("  ")
                    };
                    let Some(body_line) = body_line else { break };
                    first = false;
                    match list_line(body_line) {
                        Some((depth, ordered, text)) => content.push_str(&list_p(
                            if ordered { DECIMAL } else { BULLETS },
                            depth,
                            &md_runs(text),
                        )),
                        None => content.push_str(&p(None, &md_runs(body_line))),
                    }
                    i += 1;
                }
                rows.push(row(&[text_cell(term), cell(&content, 1, None)], false));
                while lines.get(i).is_some_and(|l| l.trim().is_empty()) {
                    i += 1;
                }
            }
            d.add(&table(2, &rows));
            continue;
        }
        match line.strip_prefix("> ") {
            Some(quoted) => d.add(&p(Some("Citat"), &md_runs(quoted))),
            None => d.add(&p(None, &md_runs(line))),
        };
        i += 1;
    }
    d.header(&p(None, &run("Nyköpings kommun")));
    d.footer(&p(
        None,
        &format!(
            "{}{}{}{}",
            run("Överenskommelse KAN–DSO 2025 · Sidfot · Sida "),
            field("PAGE", &run("7")),
            run(" av "),
            field("NUMPAGES", &run("12"))
        ),
    ));
    d
}

/// Visible text of the document body of a built page.
fn body_text(page: &str) -> String {
    let start = page.find("<div class=\"doc-body\">").expect("doc body");
    let end = page[start..].find("<footer class=\"doc-footer\">").unwrap() + start;
    styrdok::html::text(&page[start..end])
}

fn words(text: &str) -> std::collections::HashMap<String, usize> {
    let mut m = std::collections::HashMap::new();
    for w in text.split_whitespace() {
        *m.entry(w.to_string()).or_insert(0) += 1;
    }
    m
}

/// The text of each table row of a built page, words joined by single spaces.
fn table_rows(page: &str) -> Vec<String> {
    page.split("<tr>")
        .skip(1)
        .map(|row| {
            let row = row.split("</tr>").next().unwrap_or(row);
            styrdok::html::text(row)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn bundled_document_round_trips_through_word() {
    let source_path = crate::support::repo_root().join("content/nykoping-kan-dso/2025.md");
    let source = std::fs::read_to_string(&source_path).unwrap();
    let docx = word_from_markdown(&source).to_bytes();
    // STYRDOK_E2E_DOCX=/tmp/avtal.docx keeps the generated Word file to try by hand.
    if let Ok(keep) = std::env::var("STYRDOK_E2E_DOCX") {
        std::fs::write(keep, &docx).unwrap();
    }

    // The page built from the bundled Markdown.
    let original = SiteTest::new();
    original.write("content/nykoping-kan-dso/2025.md", &source);
    original.write(
        "content/nykoping-kan-dso/_series.yaml",
        std::fs::read(crate::support::repo_root().join("content/nykoping-kan-dso/_series.yaml"))
            .unwrap(),
    );
    original.build();

    // The page built from the imported Word file.
    let imported = SiteTest::new();
    let (stdout, stderr) = ok(&import(&imported, &docx, &["--series", "nykoping-kan-dso"]));
    assert!(
        stdout.contains("wrote content/nykoping-kan-dso/2025.md"),
        "{stdout}"
    );
    let series = std::fs::read_to_string(
        imported
            .root()
            .join("content/nykoping-kan-dso/_series.yaml"),
    )
    .unwrap();
    assert_eq!(series, "title: Överenskommelse mellan Kompetens- och arbetsmarknadsnämnden och Division Social omsorg\nmunicipality: Nyköpings kommun\ncommittee: Kompetens- och arbetsmarknadsnämnden\n");
    imported.build();

    // Front matter: every cover field, equal to the bundled one.
    let front = |root: &Path| {
        styrdok::content::load::load_edition(&root.join("content/nykoping-kan-dso/2025.md"))
            .unwrap()
            .front
    };
    assert_eq!(front(imported.root()), front(original.root()), "{stderr}");

    // Headings with their numbers: the open data lists them.
    let sections = |site: &SiteTest| -> Vec<(String, String, u64)> {
        let json = site.document_json("nykoping-kan-dso", 2025);
        json["sections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["number"].as_str().unwrap_or("").to_string(),
                    s["title"].as_str().unwrap().to_string(),
                    s["level"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let want = sections(&original);
    assert!(want.iter().filter(|(n, _, _)| !n.is_empty()).count() >= 20);
    assert_eq!(sections(&imported), want);

    // Every table row.
    let a = original.read("nykoping-kan-dso/2025/index.html");
    let b = imported.read("nykoping-kan-dso/2025/index.html");
    let rows = table_rows(&a);
    assert!(rows.len() > 40, "{}", rows.len());
    assert_eq!(table_rows(&b), rows);

    // Words: ≥ 99 % of the source's, and nothing much that is not in it (no TOC page
    // numbers, no footer).
    let (wa, wb) = (words(&body_text(&a)), words(&body_text(&b)));
    let total_a: usize = wa.values().sum();
    let total_b: usize = wb.values().sum();
    let common: usize = wa
        .iter()
        .map(|(w, n)| (*n).min(*wb.get(w).unwrap_or(&0)))
        .sum();
    let kept = common as f64 / total_a as f64;
    let extra = (total_b - common) as f64 / total_b as f64;
    println!(
        "words: source {total_a}, imported {total_b}, shared {common} ({:.2} %)",
        kept * 100.0
    );
    assert!(kept >= 0.99, "only {:.2} % of the words", kept * 100.0);
    assert!(extra <= 0.01, "{:.2} % extra words", extra * 100.0);
    assert_eq!(wb, wa, "in fact every word, as often");
    let text_b = body_text(&b);
    for furniture in ["INNEHÅLL", "Sidfot", "Sida"] {
        assert!(
            !text_b.contains(furniture),
            "{furniture} leaked into the page"
        );
    }
    assert!(stderr.contains("merged table cell(s)"), "{stderr}");
}
