//! Lists, description lists, footnotes, links, breaks, tracked changes and images.

use super::*;

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
