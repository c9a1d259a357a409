//! Printing: a change log's unchanged runs fold into a native `<details>` on screen and
//! print expanded, with CSS alone (no JavaScript). Checked in headless Chromium twice: the
//! folded paragraph is visible under emulated print media and hidden on screen, and the
//! page printed to PDF (WebDriver's print command) holds its text (read with poppler's
//! `pdftotext`, which `.ci/run` installs).

use crate::support::webdriver::Browser;
use crate::support::SiteTest;
use std::process::Command;

/// A phrase of a paragraph the change log folds away.
const FOLDED: &str = "Lokalerna städas varje tisdag av divisionen";

/// Two years of one section of eight paragraphs; only the first changes, so the last
/// six fold into "6 oförändrade stycken".
fn folded_change_log() -> SiteTest {
    let t = SiteTest::new();
    t.write("content/avtal/_series.yaml", "title: Avtalet\n");
    for (year, first) in [
        (2024, "Avtalet gäller i ett år"),
        (2025, "Avtalet gäller i två år"),
    ] {
        let mut body =
            format!("---\ntitle: Avtal {year}\nyear: {year}\n---\n\n# 1 Formalia\n\n{first}.\n\n");
        for k in 1..=7 {
            let text = if k == 5 {
                format!("{FOLDED}.")
            } else {
                format!("Stycke nummer {k} handlar om ansvar och uppföljning.")
            };
            body.push_str(&format!("{text}\n\n"));
        }
        t.write(&format!("content/avtal/{year}.md"), body);
    }
    t.build();
    t
}

/// Whether `element` (a script expression) is rendered: in the layout, not skipped by a
/// closed `<details>`.
fn shown(b: &Browser, element: &str) -> bool {
    let script = format!(
        "const e = {element}; const r = e.getBoundingClientRect(); return e.checkVisibility() && r.height > 0;"
    );
    b.eval(&script).as_bool().expect("a boolean")
}

#[test]
fn folded_unchanged_paragraphs_print_expanded() {
    let t = folded_change_log();
    let html = t.read("avtal/2025/andringar.html");
    let details = html
        .split("<details class=\"unchanged\">")
        .nth(1)
        .and_then(|rest| rest.split("</details>").next())
        .expect("a folded run in the change log");
    assert!(details.contains(FOLDED), "{details}");
    assert!(details.contains("6 oförändrade stycken"), "{details}");

    let Some(b) = Browser::start() else { return };
    b.goto(&format!(
        "file://{}/avtal/2025/andringar.html",
        t.public().display()
    ));
    let folded = format!(
        "[...document.querySelectorAll('details.unchanged p')].find(p => p.textContent.includes('{FOLDED}'))"
    );
    let summary = "document.querySelector('details.unchanged > summary')";
    assert!(!shown(&b, &folded), "folded on screen");
    assert!(shown(&b, summary), "the summary shows on screen");
    b.emulate_media("print");
    assert!(shown(&b, &folded), "the folded paragraph prints");
    assert!(!shown(&b, summary), "the summary does not print");
    b.emulate_media("");

    // The real print path: the PDF holds the folded text.
    let pdf = b.print_pdf();
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("andringar.pdf");
    std::fs::write(&path, &pdf).expect("write PDF");
    let text = match Command::new("pdftotext").arg(&path).arg("-").output() {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).into_owned(),
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("CI=true but pdftotext is missing: .ci/run must install poppler-utils")
        }
        _ => {
            eprintln!("skipping the PDF text check: pdftotext not installed (apt-get install poppler-utils)");
            return;
        }
    };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains(FOLDED), "folded text in the PDF: {text}");
    assert!(!text.contains("oförändrade stycken"), "{text}");
}
