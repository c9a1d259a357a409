//! Live reload in headless Chromium: edits and errors shown, changed nodes patched, scroll and focus kept.

use super::rebuilds::assert_same_as_build;
use super::*;

#[test]
fn browser_sees_edits_and_errors_without_a_manual_reload() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = fixture();
    let mut serve = Serve::start(site.root());
    // Restarted on the same port below, as an author restarting the server would.
    let port = serve.port;
    browser.goto(&serve.url("/avtal/2024/"));
    let has = |text: &str| format!("return document.body.innerText.includes({text:?});");
    let wait = Duration::from_secs(30);
    assert!(
        browser.wait_for(&has("Första året."), wait),
        "page did not load"
    );

    // 1. A plain write.
    site.write("content/avtal/2024.md", doc(2024, "", "Ändrad text ETT."));
    assert!(
        browser.wait_for(&has("Ändrad text ETT."), wait),
        "plain write not shown:\n{}",
        serve.output()
    );
    assert_eq!(
        browser
            .eval("return document.documentElement.hasAttribute('data-styrdok-updated');")
            .as_bool(),
        Some(true),
        "a page without scripts of its own is updated in place"
    );

    // 2. Write a temp file and rename it over the original, scrolled down the page.
    browser.eval("window.scrollTo(0, 1200); return true;");
    let before = browser
        .eval("return window.scrollY;")
        .as_f64()
        .unwrap_or(0.0);
    assert!(
        before > 1000.0,
        "the page is long enough to scroll: {before}"
    );
    let tmp = site.root().join("content/avtal/2024.md.tmp.99");
    std::fs::write(&tmp, doc(2024, "", "Ändrad text TVÅ.")).unwrap();
    std::fs::rename(&tmp, site.root().join("content/avtal/2024.md")).unwrap();
    assert!(
        browser.wait_for(&has("Ändrad text TVÅ."), wait),
        "rename save not shown:\n{}",
        serve.output()
    );
    assert!(
        browser.wait_for(
            &format!("return Math.abs(window.scrollY - {before}) < 5;"),
            Duration::from_secs(5)
        ),
        "scroll position kept"
    );

    // 3. CSS only: the stylesheet is swapped without reloading the page.
    browser.eval("window.__notReloaded = true; return true;");
    let css = std::fs::read_to_string(crate::support::repo_root().join("theme/static/style.css"))
        .unwrap();
    site.write(
        "theme/static/style.css",
        format!("{css}\nbody {{ outline: 7px solid rgb(1, 2, 3); }}\n"),
    );
    assert!(
        browser.wait_for(
            "return getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)';",
            wait
        ),
        "new CSS not applied:\n{}",
        serve.output()
    );
    assert_eq!(
        browser
            .eval("return window.__notReloaded === true;")
            .as_bool(),
        Some(true),
        "CSS change reloaded the page"
    );

    // 4. Broken YAML: the overlay names file:line; the last good page stays underneath.
    site.write("styrdok.yaml", "title: Förhandsvisning\nlanguage: [sv\n");
    let overlay =
        "var o = document.getElementById('styrdok-overlay'); return o ? o.innerText : '';";
    assert!(
        browser.wait_for("return !!document.getElementById('styrdok-overlay');", wait),
        "no overlay:\n{}",
        serve.output()
    );
    let text = browser
        .eval(overlay)
        .as_str()
        .unwrap_or_default()
        .to_string();
    let located = text.lines().any(|l| {
        let rest = l.trim().strip_prefix("styrdok.yaml:").unwrap_or("");
        rest.split(':')
            .next()
            .is_some_and(|n| n.parse::<u32>().is_ok_and(|n| n >= 2))
    });
    assert!(located, "overlay should name styrdok.yaml:line: {text}");
    assert!(text.contains("Webbplatsen gick inte att bygga"), "{text}");
    browser.screenshot(&std::env::temp_dir().join("styrdok-serve-overlay.png"));
    assert!(
        browser.eval(&has("Ändrad text TVÅ.")).as_bool() == Some(true),
        "last good page underneath"
    );

    // 5. Fixed: the overlay goes, the page shows the latest text.
    site.write("styrdok.yaml", "title: Rättad titel\n");
    assert!(
        browser.wait_for("return !document.getElementById('styrdok-overlay');", wait),
        "overlay stayed"
    );
    assert!(
        browser.wait_for(&has("Rättad titel"), wait),
        "fixed page not shown"
    );

    // 6. The server restarts: the page reconnects and keeps following edits.
    drop(serve);
    serve = Serve::start_on(site.root(), port);
    site.write("content/avtal/2024.md", doc(2024, "", "Efter omstarten."));
    assert!(
        browser.wait_for(&has("Efter omstarten."), wait),
        "no reload after a server restart:\n{}",
        serve.output()
    );
    let shot = std::env::temp_dir().join("styrdok-serve-browser.png");
    browser.screenshot(&shot);
}

#[test]
fn a_broken_document_and_its_fix_leave_the_site_as_a_build_would() {
    let site = fixture();
    let serve = Serve::start(site.root());
    let mut events = serve.events();
    site.write(
        "content/avtal/2024.md",
        "---\ntitle: Avtal 2024\nyear: [2024\n---\n\nText.\n",
    );
    let got = events.settle();
    assert_eq!(got[0].0, "failed", "{got:?}");
    assert!(got[0].1.contains("content/avtal/2024.md:"), "{got:?}");
    site.write("content/avtal/2024.md", doc(2024, "", "Lagat igen."));
    let got = events.settle();
    assert!(got.iter().any(|(n, _)| n == "reload"), "{got:?}");
    assert_same_as_build(&serve, site.root(), "after a fix");
    // And an edit after that, read incrementally again.
    site.write(
        "content/avtal/2025.md",
        doc(2025, "status: utkast\n", "Nytt utkast."),
    );
    events.settle();
    assert_same_as_build(&serve, site.root(), "after an edit following the fix");
}

/// Opens `path` of `serve` in `browser` and waits until it shows `text`.
fn open_page(browser: &Browser, serve: &Serve, path: &str, text: &str) {
    browser.goto(&serve.url(path));
    assert!(
        browser.wait_for(
            &format!("return document.body.innerText.includes({text:?});"),
            Duration::from_secs(30)
        ),
        "{path} did not load"
    );
    // Let the event stream connect.
    std::thread::sleep(Duration::from_millis(300));
}

#[test]
fn browser_patches_only_changed_nodes_and_keeps_scroll_and_focus() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = fixture();
    let serve = Serve::start(site.root());
    open_page(&browser, &serve, "/avtal/2024/", "Första året.");
    let wait = Duration::from_secs(30);
    // A marker that a reload would lose, a scrolled page, a focused link further down,
    // and a paragraph the edit does not touch, each marked on its node.
    browser.eval(
        "window.__notReloaded = true;
         window.scrollTo(0, 1200);
         var link = document.querySelector('main a[href^=\"#\"]');
         link.__kept = true;
         link.focus({ preventScroll: true });
         var ps = document.querySelectorAll('main .doc-section p');
         ps[ps.length - 1].__kept = true;
         return true;",
    );
    let before = browser
        .eval("return window.scrollY;")
        .as_f64()
        .unwrap_or(0.0);
    assert!(before > 1000.0, "the page scrolls: {before}");
    site.write(
        "content/avtal/2024.md",
        doc(2024, "", "Första året, nu lagat."),
    );
    assert!(
        browser.wait_for(
            "return document.body.innerText.includes('Första året, nu lagat.');",
            wait
        ),
        "edit not shown:\n{}",
        serve.output()
    );
    let kept = browser.eval(
        "var ps = document.querySelectorAll('main .doc-section p');
         return [window.__notReloaded === true,
                 document.documentElement.hasAttribute('data-styrdok-updated'),
                 document.activeElement.__kept === true,
                 ps[ps.length - 1].__kept === true,
                 window.scrollY];",
    );
    assert_eq!(kept[0].as_bool(), Some(true), "the page was reloaded");
    assert_eq!(kept[1].as_bool(), Some(true), "not patched in place");
    assert_eq!(kept[2].as_bool(), Some(true), "focus lost");
    assert_eq!(
        kept[3].as_bool(),
        Some(true),
        "an unchanged node was replaced"
    );
    let after = kept[4].as_f64().unwrap_or(0.0);
    assert!(
        (after - before).abs() < 5.0,
        "scroll moved: {before} → {after}"
    );

    // A page the edit does not change is left alone (it is not among the event's pages).
    open_page(&browser, &serve, "/tillganglighet/", "");
    browser.eval("window.__notReloaded = true; return true;");
    site.write(
        "content/avtal/2024.md",
        doc(2024, "", "Första året, en gång till."),
    );
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        browser
            .eval("return window.__notReloaded === true && !document.documentElement.hasAttribute('data-styrdok-updated');")
            .as_bool(),
        Some(true),
        "an unrelated page was touched"
    );

    // A template change reloads the page: its structure may be anything now.
    open_page(
        &browser,
        &serve,
        "/avtal/2024/",
        "Första året, en gång till.",
    );
    browser.eval("window.__notReloaded = true; return true;");
    let template =
        std::fs::read_to_string(crate::support::repo_root().join("theme/templates/document.html"))
            .unwrap();
    site.write(
        "theme/templates/document.html",
        template.replace(
            "{% block main %}",
            "{% block main %}<p>Mallen är ändrad.</p>",
        ),
    );
    assert!(
        browser.wait_for(
            "return document.body.innerText.includes('Mallen är ändrad.');",
            wait
        ),
        "template change not shown:\n{}",
        serve.output()
    );
    assert_eq!(
        browser
            .eval("return window.__notReloaded === true;")
            .as_bool(),
        Some(false),
        "a template change must reload the page"
    );

    // The page shown is removed: the reader gets the not-found page.
    open_page(&browser, &serve, "/avtal/2025/", "Utkastet för nästa år.");
    browser.eval("window.__notReloaded = true; return true;");
    std::fs::remove_file(site.root().join("content/avtal/2025.md")).unwrap();
    assert!(
        browser.wait_for(
            "return !document.body.innerText.includes('Utkastet för nästa år.') && window.__notReloaded !== true;",
            wait
        ),
        "removed page still shown:\n{}",
        serve.output()
    );
    assert_eq!(
        browser.eval("return document.body.className;").as_str(),
        Some("page-notfound")
    );
}
