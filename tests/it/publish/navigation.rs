//! `senaste/` and the citation offered with every section.

use super::*;

/// `<serie>/senaste/` leads to the newest year with the `#fragment` carried over: from
/// disk, over http under a sub-path with relative links and with an absolute base URL.
/// Without JavaScript its meta refresh and its link lead there; axe finds nothing on it.
#[test]
fn senaste_leads_to_the_latest_year_everywhere() {
    let disk = build_bundled(None);
    let latest_page = "nykoping-kan-dso/senaste/index.html";
    let target = "../../nykoping-kan-dso/2026/index.html";
    let html = read(disk.path(), latest_page);
    for want in [
        format!("<meta http-equiv=\"refresh\" content=\"0; url={target}\">"),
        format!("<link rel=\"canonical\" href=\"{target}\">"),
        format!("<a class=\"latest-link\" href=\"{target}\">"),
    ] {
        assert!(html.contains(&want), "{want} missing:\n{html}");
    }
    let series: Vec<String> = list_files(disk.path())
        .into_iter()
        .filter(|p| p.ends_with("/senaste/index.html"))
        .collect();
    assert_eq!(series.len(), 3, "one per series: {series:?}");
    assert!(
        read(disk.path(), "nykoping-kan-dso/index.html")
            .contains("<a href=\"../nykoping-kan-dso/senaste/index.html\">"),
        "the series page gives the address"
    );
    let absolute = build_bundled(Some(SUB_PATH));
    let html = read(absolute.path(), latest_page);
    assert!(
        html.contains(&format!(
            "<link rel=\"canonical\" href=\"{SUB_PATH}nykoping-kan-dso/2026/\">"
        )),
        "{html}"
    );

    let Some((_lock, b)) = browser(1280) else {
        return;
    };
    // A section id of 2026 that is not the first, so the fragment is visible in the URL.
    let doc = read(disk.path(), "nykoping-kan-dso/2026/index.html");
    let id = styrdok::html::start_tags(&doc)
        .into_iter()
        .filter(|t| t.name == "h3")
        .filter_map(|t| t.attr("id").map(String::from))
        .nth(3)
        .expect("a section");
    let relative_server = Server::start(disk.path(), "/styrdokument/");
    let dir = tempfile::tempdir().expect("tempdir");
    let absolute_server = Server::start(dir.path(), "/styrdokument/");
    let served = build_bundled(Some(&absolute_server.base()));
    crate::support::copy_dir(served.path(), dir.path());
    for (start, want) in [
        (
            file_url(disk.path(), latest_page),
            file_url(disk.path(), "nykoping-kan-dso/2026/index.html"),
        ),
        (
            format!("{}nykoping-kan-dso/senaste/", relative_server.base()),
            format!("{}nykoping-kan-dso/2026/index.html", relative_server.base()),
        ),
        (
            format!(
                "{}nykoping-kan-dso/senaste/index.html",
                relative_server.base()
            ),
            format!("{}nykoping-kan-dso/2026/index.html", relative_server.base()),
        ),
        (
            format!("{}nykoping-kan-dso/senaste/", absolute_server.base()),
            format!("{}nykoping-kan-dso/2026/", absolute_server.base()),
        ),
    ] {
        for fragment in [String::new(), format!("#{id}")] {
            b.goto(&format!("{start}{fragment}"));
            let want = format!("{want}{fragment}");
            let arrived = b.wait_for(
                &format!(
                    "return document.readyState === 'complete' && location.href === {}",
                    serde_json::to_string(&want).expect("json")
                ),
                std::time::Duration::from_secs(10),
            );
            assert!(
                arrived,
                "{start}{fragment} led to {} instead of {want}",
                b.current_url()
            );
            if !fragment.is_empty() {
                assert_eq!(b.eval("return document.querySelector(':target') && document.querySelector(':target').id"), Value::String(id.clone()), "{start}{fragment}: the section is the target");
            }
        }
    }
    // Without JavaScript: the page without its script still leads there (meta refresh),
    // and its link names the newest year.
    let original = read(disk.path(), latest_page);
    let script = Regex::new(r"<script src=[^>]*latest.js[^>]*></script>").expect("regex");
    let no_js = script.replace(&original, "").into_owned();
    assert_ne!(no_js, original, "the script was found");
    std::fs::write(
        disk.path().join("nykoping-kan-dso/senaste/utan-js.html"),
        &no_js,
    )
    .expect("write");
    b.goto(&file_url(
        disk.path(),
        "nykoping-kan-dso/senaste/utan-js.html",
    ));
    let arrived = b.wait_for(
        "return location.href.endsWith('/nykoping-kan-dso/2026/index.html') && document.readyState === 'complete'",
        std::time::Duration::from_secs(10),
    );
    assert!(arrived, "meta refresh: at {}", b.current_url());
    let refresh = Regex::new(r#"<meta http-equiv="refresh"[^>]*>"#).expect("regex");
    let still = refresh.replace(&no_js, "").into_owned();
    std::fs::write(
        disk.path().join("nykoping-kan-dso/senaste/stilla.html"),
        &still,
    )
    .expect("write");
    let page = file_url(disk.path(), "nykoping-kan-dso/senaste/stilla.html");
    b.goto(&page);
    b.click(".latest-link");
    assert!(
        b.wait_for(
            "return location.href.endsWith('/nykoping-kan-dso/2026/index.html')",
            std::time::Duration::from_secs(10)
        ),
        "the link: at {}",
        b.current_url()
    );
    if let Some(axe) = axe_source() {
        let failures = audit_pages(&b, &axe, &[("senaste".to_string(), page)]);
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

/// Every section of a document page carries its citation in the HTML; with
/// JavaScript a copy button appears, copies the citation with the section's full
/// address and announces "Kopierat". Screenshots go to target/tmp/screenshots.
#[test]
fn every_section_offers_its_citation() {
    let out = build_branded(None);
    let page = "nykoping-kan-dso/2025/index.html";
    let html = read(out.path(), page);
    let body = html
        .split("<div class=\"doc-body\">")
        .nth(1)
        .expect("doc body");
    let ids: Vec<String> = styrdok::html::start_tags(body)
        .into_iter()
        .filter(|t| matches!(t.name.as_str(), "h2" | "h3" | "h4" | "h5" | "h6"))
        .filter(|t| t.attr("dir") == Some("auto"))
        .filter_map(|t| t.attr("id").map(String::from))
        .collect();
    assert!(ids.len() > 20, "{ids:?}");
    for id in &ids {
        assert!(
            body.contains(&format!(
                "<a href=\"index.html#{id}\">Länk till avsnittet</a>"
            )),
            "{id}: no citation"
        );
    }
    assert!(html.contains("<span class=\"cite-ref\">Nyköpings kommun, Överenskommelse 2025 mellan Kompetens- och arbetsmarknadsnämnden och Division Social omsorg (KAN24/22), avsnitt 3.1 Grunduppdrag Arbetsmarknadsverksamhet, beslutad 2024-12-18.</span>"));
    let Some((_lock, b)) = browser(1280) else {
        return;
    };
    b.goto(&file_url(out.path(), page));
    let id = "grunduppdrag-arbetsmarknadsverksamhet";
    let section = format!("section[aria-labelledby='{id}']");
    // Closed, it is one quiet line; the copy button waits inside.
    let shown = b.eval(&format!("const d = document.querySelector(\"{section} .cite\"); d.open = true; const shown = getComputedStyle(d.querySelector('.cite-copy')).display !== 'none'; d.open = false; return [d.open, d.getBoundingClientRect().height, shown]"));
    assert_eq!(shown[0], Value::Bool(false));
    assert!(
        shown[1].as_f64().unwrap_or(99.0) < 30.0,
        "closed citation height {shown}"
    );
    assert_eq!(
        shown[2],
        Value::Bool(true),
        "JavaScript shows the copy button"
    );
    b.eval(&format!("document.querySelector(\"{section}\").scrollIntoView(); window.scrollBy(0, -20); return true;"));
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot dir");
    b.screenshot(&shots.join("cite-closed.png"));
    b.click(&format!("{section} .cite summary"));
    // Record what would go to the clipboard (headless Chromium has none to read back).
    b.eval("window.copied = []; navigator.clipboard.writeText = t => { window.copied.push(t); return Promise.resolve(); }; return true;");
    b.click(&format!("{section} .cite-copy"));
    assert!(
        b.wait_for(
            "return document.getElementById('cite-status').textContent === 'Kopierat'",
            std::time::Duration::from_secs(5)
        ),
        "no announcement"
    );
    let copied = b.eval("return window.copied[0]");
    let want = format!("Nyköpings kommun, Överenskommelse 2025 mellan Kompetens- och arbetsmarknadsnämnden och Division Social omsorg (KAN24/22), avsnitt 3.1 Grunduppdrag Arbetsmarknadsverksamhet, beslutad 2024-12-18. {}#{id}", file_url(out.path(), page));
    assert_eq!(copied, Value::String(want));
    let name = b.eval(&format!(
        "const e = document.querySelector(\"{section} .cite-copy\"); return e.textContent"
    ));
    assert_eq!(
        name,
        Value::String("Kopiera citatet, avsnitt 3.1 Grunduppdrag Arbetsmarknadsverksamhet".into()),
        "accessible name"
    );
    b.screenshot(&shots.join("cite-open.png"));
    color_scheme(&b, "dark");
    b.screenshot(&shots.join("cite-open-dark.png"));
    color_scheme(&b, "light");
}
