//! `styrdok build` on fixture sites: pages, metadata, TOC, ids, links, escaping, errors.

mod common;
use common::SiteTest;

const DOC_2024: &str = "---\ntitle: Överenskommelse 2024\nyear: 2024\n---\n\n# 1 Formalia\n\nAvser kalenderåret 2024.\n\n## 1.1 Parter\n\n- Nämnden\n- Divisionen\n";

#[test]
fn builds_a_site_with_only_content() {
    let t = SiteTest::new();
    t.write("content/avtal/2024.md", DOC_2024);
    t.build();
    let html = t.read("avtal/2024/index.html");
    assert!(html.contains("<h1 id=\"doc-title\">Överenskommelse 2024</h1>"), "{html}");
    assert!(html.contains("id=\"formalia\""), "anchor without the number");
    assert!(html.contains("<span class=\"num\">1.1</span> Parter"));
    assert!(t.read("index.html").contains("avtal/index.html"));
    assert!(t.public().join("static/style.css").exists());
}
