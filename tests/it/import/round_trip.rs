//! The bundled document written as Word from its Markdown and imported again: every word, row and heading back.

use super::*;

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
