//! `styrdok build` on fixture sites: pages, metadata, TOC, ids, links, escaping,
//! drafts, base URL, and one test per bad input (file:line error, exit 1, output kept).

mod common;
use common::{list_files, SiteTest};

const DOC_2024: &str = "---\ntitle: Överenskommelse 2024\nyear: 2024\ndiarienummer: KAN23/10\nbeslutsdatum: 2023-12-13\nfastställd_av: Nämnden\ngiltighetstid: \"2024\"\nomfattar: Arbetsmarknad\n---\n\n# 1 Formalia\n\nAvser kalenderåret 2024.\n\n## 1.1 Parter\n\n- Nämnden\n- Divisionen\n\n```rust\nfn main() {}\n```\n";
const DOC_2025: &str = "---\ntitle: Överenskommelse 2025\nyear: 2025\n---\n\n# 1 Formalia\n\nAvser kalenderåret 2025.\n\n## 1.1 Parter\n\n- Nämnden\n- Divisionen\n";

fn site() -> SiteTest {
    let t = SiteTest::new();
    t.write(
        "content/avtal/_series.yaml",
        "title: Avtalet\nmunicipality: Nyköpings kommun\n",
    );
    t.write("content/avtal/2024.md", DOC_2024);
    t.write("content/avtal/2025.md", DOC_2025);
    t
}

#[test]
fn builds_a_site_with_only_content() {
    let t = SiteTest::new();
    t.write("content/avtal/2024.md", DOC_2024);
    t.build();
    let html = t.read("avtal/2024/index.html");
    assert!(
        html.contains("<h1 id=\"doc-title\" dir=\"auto\">Överenskommelse 2024</h1>"),
        "{html}"
    );
    assert!(
        html.contains("<h2 id=\"formalia\" dir=\"auto\">"),
        "anchor without the number"
    );
    assert!(html.contains("<span class=\"num\">1.1</span> Parter"));
    assert!(t.read("index.html").contains("href=\"avtal/index.html\""));
    assert!(t.public().join("static/style.css").exists());
    assert!(t.public().join(".styrdok-output").exists());
}

#[test]
fn document_page_has_metadata_toc_years_and_highlighting() {
    let t = site();
    t.build();
    let html = t.read("avtal/2024/index.html");
    for want in [
        "<dt>Diarienummer</dt><dd>KAN23/10</dd>",
        "<dt>Beslutsdatum</dt><dd>2023-12-13</dd>",
        "<dt>Fastställd av</dt><dd>Nämnden</dd>",
        "<dt>Omfattar</dt><dd>Arbetsmarknad</dd>",
        "<nav class=\"toc\"",
        "<a href=\"#parter\"><span class=\"num\">1.1</span> Parter</a>",
        "href=\"../../avtal/2025/index.html\"",
        "<span class=\"entity name function rust\">main</span>",
    ] {
        assert!(html.contains(want), "missing {want}");
    }
    assert!(
        t.read("static/syntax.css").contains(".comment"),
        "syntax classes have CSS"
    );
    let html = t.read("avtal/2025/index.html");
    assert!(html.contains("aria-current=\"page\" class=\"current\">2025</a>"));
    assert!(
        html.contains("href=\"../../avtal/2025/andringar/index.html\""),
        "link to the change log"
    );
}

#[test]
fn raw_html_and_dangerous_links_are_escaped() {
    let t = SiteTest::new();
    t.write(
        "content/a/2025.md",
        "---\ntitle: \"<script>alert('t')</script>\"\nyear: 2025\ndiarienummer: \"<img src=x onerror=alert(1)>\"\n---\n\n# Rubrik <b>fet</b>\n\n<script>alert(1)</script>\n\n<iframe src=\"https://evil\"></iframe>\n\n[klick](javascript:alert(1))\n\n| a | b |\n|---|---|\n| <img src=x onerror=alert(2)> | ok |\n",
    );
    t.build();
    for page in [
        "a/2025/index.html",
        "index.html",
        "a/index.html",
        "a/2025/index.json",
        "atom.xml",
    ] {
        let html = t.read(page);
        for bad in [
            "<script>alert",
            "<iframe",
            "<img src=x",
            "javascript:alert",
            "<b>fet",
        ] {
            assert!(!html.contains(bad), "{page} contains {bad}");
        }
    }
    assert!(t
        .read("a/2025/index.html")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn drafts_are_left_out_unless_asked() {
    let t = site();
    t.write(
        "content/avtal/2026.md",
        "---\ntitle: Utkast 2026\nyear: 2026\nstatus: utkast\n---\n\n# 1 Formalia\n",
    );
    t.build();
    assert!(!t.public().join("avtal/2026").exists());
    let out = t.run(&["build", "--drafts"]);
    assert!(out.status.success());
    assert!(t
        .read("avtal/2026/index.html")
        .contains("Detta är ett utkast"));
}

#[test]
fn base_url_makes_links_absolute() {
    let t = site();
    let out = t.run(&["build", "--base-url", "https://example.se/styrdokument"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = t.read("avtal/2025/index.html");
    assert!(html.contains("href=\"https://example.se/styrdokument/static/style.css\""));
    assert!(html.contains("href=\"https://example.se/styrdokument/avtal/2024/\""));
    assert!(html
        .contains("<link rel=\"canonical\" href=\"https://example.se/styrdokument/avtal/2025/\">"));
    assert!(t
        .read("sitemap.xml")
        .contains("<loc>https://example.se/styrdokument/avtal/2025/</loc>"));
}

#[test]
fn summary_line_and_output_option() {
    let t = site();
    let out_dir = t.root().join("elsewhere/out");
    let out = t.run(&["build", "--output", out_dir.to_str().unwrap()]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("built 1 series, 2 documents"), "{stdout}");
    assert!(out_dir.join("avtal/2025/index.html").exists());
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_make() {
    let t = site();
    t.write("public/important.txt", "keep me");
    let out = t.run(&["build"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to replace"));
    assert_eq!(t.read("important.txt"), "keep me");
}

/// Builds a good site, breaks it with `break_it`, and checks the error and the output.
fn assert_bad_input(break_it: impl Fn(&SiteTest), expected_prefix: &str, expected_message: &str) {
    let t = site();
    t.build();
    let before: Vec<(String, Vec<u8>)> = list_files(&t.public())
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(t.public().join(&f)).unwrap()))
        .collect();
    break_it(&t);
    let out = t.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "exit code; stderr: {stderr}");
    assert!(
        stderr.contains(expected_prefix),
        "expected `{expected_prefix}` in: {stderr}"
    );
    assert!(
        stderr.contains(expected_message),
        "expected `{expected_message}` in: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let after: Vec<(String, Vec<u8>)> = list_files(&t.public())
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(t.public().join(&f)).unwrap()))
        .collect();
    assert!(before == after, "previous output must stay byte-identical");
}

#[test]
fn bad_yaml() {
    assert_bad_input(
        |t| {
            t.write("content/avtal/2025.md", "---\ntitle: A\nyear: [2025\n---\n");
        },
        "content/avtal/2025.md:",
        "invalid YAML",
    );
}

#[test]
fn missing_title() {
    assert_bad_input(
        |t| {
            t.write("content/avtal/2025.md", "---\nyear: 2025\n---\n");
        },
        "content/avtal/2025.md:2:1",
        "`title` is missing",
    );
}

#[test]
fn missing_year() {
    assert_bad_input(
        |t| {
            t.write("content/avtal/2025.md", "---\ntitle: A\n---\n");
        },
        "content/avtal/2025.md:2:1",
        "`year` is missing",
    );
}

#[test]
fn year_differs_from_file_name() {
    assert_bad_input(
        |t| {
            t.write("content/avtal/2025.md", "---\ntitle: A\nyear: 2023\n---\n");
        },
        "content/avtal/2025.md:3:1",
        "disagrees with the file name",
    );
}

#[test]
fn duplicate_series_and_year() {
    assert_bad_input(
        |t| {
            t.write("content/Avtal/2025.md", DOC_2025);
        },
        "content/",
        "gives the same URL `avtal`",
    );
}

#[test]
fn broken_template() {
    assert_bad_input(
        |t| {
            t.write("theme/templates/document.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title \n{% endblock main %}\n");
        },
        "theme/templates/document.html:4:1",
        "template error",
    );
}

#[test]
fn unreadable_file() {
    assert_bad_input(
        |t| {
            t.write(
                "content/avtal/2025.md",
                b"---\ntitle: \xff\xfe\nyear: 2025\n---\n",
            );
        },
        "content/avtal/2025.md:2:8",
        "byte 0xFF",
    );
}

#[test]
fn unclosed_front_matter() {
    assert_bad_input(
        |t| {
            t.write(
                "content/avtal/2025.md",
                "---\ntitle: A\nyear: 2025\n# Rubrik\n",
            );
        },
        "content/avtal/2025.md:1:1",
        "not closed",
    );
}

#[test]
fn bad_file_name() {
    assert_bad_input(
        |t| {
            t.write("content/avtal/utkast.md", DOC_2025);
        },
        "content/avtal/utkast.md",
        "file name must be its year",
    );
}

#[test]
fn new_starts_next_year_as_a_draft() {
    let t = site();
    let out = t.run(&["new", "avtal"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(t.root().join("content/avtal/2026.md")).unwrap();
    assert!(
        text.contains("year: 2026")
            && text.contains("status: utkast")
            && text.contains("title: Överenskommelse 2026")
    );
    let out = t.run(&["new", "avtal", "--year", "2026"]);
    assert_eq!(out.status.code(), Some(1), "refuses to overwrite");
    let t2 = site();
    t2.write("content/avtal/2024.md", "---\ntitle: Överenskommelse 2024\nyear: 2024\ndiarienummer: KAN23/10\nbeslutsdatum: 2023-12-13\n---\n# A\n");
    t2.write("content/avtal/2025.md", "---\ntitle: Överenskommelse 2025\nyear: 2025\ndiarienummer: KAN24/22\nbeslutsdatum: 2024-12-18\n---\n# A\n");
    assert!(t2.run(&["new", "avtal"]).status.success());
    let text = std::fs::read_to_string(t2.root().join("content/avtal/2026.md")).unwrap();
    assert!(
        !text.contains("diarienummer") && !text.contains("beslutsdatum"),
        "{text}"
    );
}

/// Issue 17: editorial text (the publisher's, not the committee's) is labelled on the
/// page, in words, wherever it is: the front-matter fields under the title and beside
/// their values, and `> [!redaktionellt]` notes in the body. Other quotes stay quotes.
#[test]
fn editorial_text_is_labelled_on_the_page() {
    let t = SiteTest::new();
    t.write(
        "content/avtal/2024.md",
        "---\ntitle: Avtal 2024\nyear: 2024\ndiarienummer: KAN23/10\nomfattar: Arbete\nredaktionellt:\n  title: Källan saknar titel <b>alls</b>.\n  omfattar: Härlett ur 2025.\n---\n\n# Mål\n\n> [!redaktionellt]\n> Figur saknas i textutdraget: <script>x</script>\n\n> Ett citat ur lagen.\n",
    );
    t.build();
    let html = t.read("avtal/2024/index.html");
    let label = "<p class=\"editorial-head\"><strong class=\"editorial-label\">Redaktionell anmärkning</strong> <span class=\"editorial-explanation\">Text från utgivaren, inte ur det beslutade dokumentet.</span></p>";
    assert_eq!(html.matches(label).count(), 3, "{html}");
    assert_eq!(
        html.matches("<div class=\"editorial\" role=\"note\">")
            .count(),
        3
    );
    for want in [
        "<p dir=\"auto\">Titel: Källan saknar titel &lt;b&gt;alls&lt;/b&gt;.</p>",
        "<p dir=\"auto\">Omfattar: Härlett ur 2025.</p>",
        "<dt>Omfattar</dt><dd>Arbete <span class=\"editorial-tag\">(redaktionell uppgift)</span></dd>",
        "<dt>Diarienummer</dt><dd>KAN23/10</dd>",
        "<p dir=\"auto\">Figur saknas i textutdraget: &lt;script&gt;x&lt;/script&gt;</p>\n</div>",
        "<blockquote dir=\"auto\">\n<p dir=\"auto\">Ett citat ur lagen.</p>\n</blockquote>",
    ] {
        assert!(html.contains(want), "missing {want}\n{html}");
    }
    assert!(
        !html.contains("[!redaktionellt]"),
        "the marker itself is not shown"
    );
    // The title note sits in the page header, right under the title.
    let title_at = html.find("<h1 id=\"doc-title\"").unwrap();
    let note_at = html.find("Titel: Källan saknar titel").unwrap();
    assert!(title_at < note_at && note_at < title_at + html[title_at..].find("</header>").unwrap());
    // The open data keeps which fields are editorial.
    let json = t.read("avtal/2024/index.json");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(value["metadata"]["redaktionellt"].is_object(), "{json}");
}

/// The bundled content marks its editorial text by that convention.
#[test]
fn bundled_editorial_text_is_labelled() {
    let t = SiteTest::new();
    common::copy_dir(
        &common::repo_root().join("content"),
        &t.root().join("content"),
    );
    t.build();
    for (page, text) in [
        (
            "nykoping-kan-dso/2024/index.html",
            "Titel: Källan anger ingen titel för 2024",
        ),
        (
            "nykoping-kan-dso/2026/index.html",
            "Titel: Källan anger ingen titel för 2026",
        ),
        (
            "nykoping-kan-dso/2025/index.html",
            "Figur saknas i textutdraget:",
        ),
        (
            "nykoping-kan-dso/2026/index.html",
            "Figur saknas i textutdraget:",
        ),
    ] {
        let html = t.read(page);
        let at = html
            .find(text)
            .unwrap_or_else(|| panic!("{page}: {text:?} missing"));
        let note = html[..at]
            .rfind("<div class=\"editorial\" role=\"note\">")
            .unwrap_or_else(|| panic!("{page}: {text:?} is not in an editorial note"));
        assert!(
            html[note..at].contains("Redaktionell anmärkning")
                && !html[note..at].contains("</div>"),
            "{page}: {text:?} lacks its label"
        );
    }
}
