//! axe (light and dark, branded, phone widths) and the Nu HTML Checker on the built pages.

use super::*;

#[test]
fn axe_finds_no_violations_from_disk() {
    let Some(axe) = axe_source() else { return };
    let Some((_lock, b)) = browser(1280) else {
        return;
    };
    let out = build_bundled(None);
    let pages: Vec<(String, String)> = html_pages(out.path())
        .into_iter()
        .map(|p| (p.clone(), file_url(out.path(), &p)))
        .collect();
    for t in PAGE_TYPES {
        assert!(
            pages.iter().any(|(p, _)| p == t),
            "page type {t} was not built"
        );
    }
    let failures = audit_pages(&b, &axe, &pages);
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The branded site (logo, brand colours, footer links) under a sub-path on a server,
/// light and dark mode.
#[test]
fn axe_finds_no_violations_under_a_sub_path() {
    let Some(axe) = axe_source() else { return };
    let Some((_lock, b)) = browser(1280) else {
        return;
    };
    // Build for the address the test server has, so the browser loads real assets.
    let dir = tempfile::tempdir().expect("tempdir");
    let server = Server::start(dir.path(), "/styrdokument/");
    let out = build_branded(Some(&server.base()));
    crate::support::copy_dir(out.path(), dir.path());
    let pages: Vec<(String, String)> = PAGE_TYPES
        .iter()
        .map(|p| {
            (
                p.to_string(),
                format!("{}{}", server.base(), p.trim_end_matches("index.html")),
            )
        })
        .chain([(
            "missing page".to_string(),
            format!("{}finns/inte/", server.base()),
        )])
        .collect();
    let failures = audit_pages(&b, &axe, &pages);
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
    b.goto(&format!("{}nykoping-kan-dso/2025/", server.base()));
    let loaded = b.eval(
        "return getComputedStyle(document.querySelector('.site-header')).display !== 'inline'",
    );
    assert_eq!(
        loaded,
        Value::Bool(true),
        "stylesheet not loaded under the sub-path"
    );
    let logo = b.eval(
        "const i = document.querySelector('.site-logo'); return i.complete && i.naturalWidth > 0",
    );
    assert_eq!(
        logo,
        Value::Bool(true),
        "logo not loaded under the sub-path"
    );
}

/// The bundled site built with the README's brand config, opened from disk: axe finds
/// nothing in light and dark mode, and the logo, colours and footer links show. Writes
/// the README screenshot to target/tmp/screenshots (and to docs/brand/ with
/// STYRDOK_UPDATE_SCREENSHOT=1).
#[test]
fn branded_site_passes_axe_in_light_and_dark_mode() {
    let Some(axe) = axe_source() else { return };
    let Some((_lock, b)) = browser(1280) else {
        return;
    };
    let out = build_branded(None);
    // Every page of the site has the logo with its alt text and the footer links.
    for page in html_pages(out.path()) {
        let html = read(out.path(), &page);
        assert!(
            html.contains("static/logo.svg\" alt=\"Nyköpings kommun\">"),
            "{page}: no logo"
        );
        assert!(
            html.contains("<a href=\"https://www.nykoping.se/kontakt\">Kontakt</a>"),
            "{page}: no footer link"
        );
    }
    let pages: Vec<(String, String)> = PAGE_TYPES
        .iter()
        .map(|p| (p.to_string(), file_url(out.path(), p)))
        .collect();
    let failures = audit_pages(&b, &axe, &pages);
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let style = |css: &str, prop: &str| {
        b.eval(&format!(
            "return getComputedStyle(document.querySelector(\"{css}\")).{prop}"
        ))
        .as_str()
        .unwrap_or_default()
        .to_string()
    };
    for mode in ["light", "dark"] {
        for (name, url) in &pages {
            b.goto(url);
            color_scheme(&b, mode);
            let logo = b.eval("const i = document.querySelector('header .site-logo'); return i && i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().height > 30 ? i.alt : null");
            assert_eq!(
                logo,
                Value::String("Nyköpings kommun".into()),
                "{name} [{mode}]: logo shown with its alt text"
            );
            assert_eq!(
                style(".site-header", "backgroundColor"),
                "rgb(0, 80, 138)",
                "{name} [{mode}]: header in brand.primary"
            );
            assert_eq!(
                style(".site-header", "borderBottomColor"),
                "rgb(255, 205, 0)",
                "{name} [{mode}]: rule in brand.accent"
            );
            let footer = b.eval("return [...document.querySelectorAll('.site-footer a')].map(a => a.textContent + ' ' + a.getAttribute('href')).join('|')");
            assert!(
                footer
                    .as_str()
                    .unwrap_or_default()
                    .contains("Kontakt https://www.nykoping.se/kontakt"),
                "{name}: footer links {footer}"
            );
        }
        b.goto(&file_url(out.path(), "nykoping-kan-dso/2026/index.html"));
        color_scheme(&b, mode);
        let link = style(".toc a", "color");
        if mode == "light" {
            assert_eq!(link, "rgb(0, 80, 138)", "links in brand.primary");
            assert_eq!(
                style(".doc-status .tag.latest", "backgroundColor"),
                "rgb(255, 205, 0)",
                "badge in brand.accent"
            );
        } else {
            assert_ne!(
                link, "rgb(0, 80, 138)",
                "dark mode: a lighter tint for links"
            );
        }
        let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
        std::fs::create_dir_all(&shots).expect("screenshot dir");
        let shot = shots.join(format!("brand-{mode}.png"));
        b.screenshot(&shot);
        if mode == "light" && std::env::var("STYRDOK_UPDATE_SCREENSHOT").is_ok() {
            std::fs::copy(&shot, repo_root().join("docs/brand/screenshot.png"))
                .expect("copy screenshot");
        }
    }
    color_scheme(&b, "light");
}

/// Opens `page` (under the server's /styrdokument/) in an iframe `width` px wide: a real
/// viewport of that width (headless Chromium windows are at least 500 px wide).
/// Returns the iframe's document height.
fn open_framed(b: &Browser, server: &Server, page: &str, width: u32, dark: bool) -> u64 {
    b.goto(&format!("{}_frame.html?w={width}&p={page}", server.base()));
    let ready = "const f = document.querySelector('iframe'); return !!(f && f.contentDocument && f.contentDocument.readyState === 'complete' && f.contentDocument.styleSheets.length > 0);";
    assert!(
        b.wait_for(ready, std::time::Duration::from_secs(20)),
        "{page} did not load in the frame"
    );
    if dark {
        force_media_in(
            b,
            "document.querySelector('iframe').contentDocument",
            "prefers-color-scheme: dark",
        );
    }
    b.eval("const f = document.querySelector('iframe'); const h = f.contentDocument.documentElement.scrollHeight; f.style.height = h + 'px'; return h;")
        .as_u64()
        .unwrap_or(0)
}

const FRAME_PAGE: &str = "<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>ram</title>
<style>body{margin:0;background:#777}iframe{display:block;border:0;background:#fff}</style></head><body>
<script>const u = new URLSearchParams(location.search); const f = document.createElement('iframe');
f.style.width = u.get('w') + 'px'; f.style.height = '900px'; f.src = u.get('p'); f.title = 'sida'; document.body.append(f);</script>
</body></html>";

/// Null, or what sticks out to the right of the framed page (so it scrolls sideways).
const OVERFLOW_SCRIPT: &str = "const doc = document.querySelector('iframe').contentDocument; const d = doc.documentElement;
  if (d.scrollWidth <= d.clientWidth) return null;
  const wide = [...doc.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > d.clientWidth + 1 );
  wide.sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right);
  return 'scrolls sideways by ' + (d.scrollWidth - d.clientWidth) + ' px: ' + wide.slice(0, 4).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ');";

/// The page types at 320, 375 and 1280 px, light and dark: nothing may scroll
/// sideways. Screenshots at 375 and 1280 px go to target/tmp/screenshots (to look at).
#[test]
fn pages_fit_phones_and_screenshots() {
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot dir");
    let Some((_lock, b)) = browser(1320) else {
        return;
    };
    let mut failures = Vec::new();
    // Plain, and with the README's brand (a logo in the header).
    for (out, prefix) in [(build_bundled(None), ""), (build_branded(None), "brand-")] {
        std::fs::write(out.path().join("_frame.html"), FRAME_PAGE).expect("frame page");
        let server = Server::start(out.path(), "/styrdokument/");
        for width in [320, 375, 1280] {
            for page in PAGE_TYPES {
                for dark in [false, true] {
                    let height = open_framed(&b, &server, page, width, dark);
                    let inner = b
                        .eval("return document.querySelector('iframe').contentWindow.innerWidth")
                        .as_u64()
                        .unwrap_or(0);
                    assert_eq!(inner, width as u64, "frame viewport width");
                    if !prefix.is_empty() {
                        let logo = b.eval("const i = document.querySelector('iframe').contentDocument.querySelector('.site-logo'); return i.complete && i.naturalWidth > 0");
                        assert_eq!(logo, Value::Bool(true), "{page}: logo not loaded");
                    }
                    let overflow = b.eval(OVERFLOW_SCRIPT);
                    if let Some(o) = overflow.as_str() {
                        failures.push(format!(
                            "{prefix}{page} at {width} px{}: {o}",
                            if dark { " (dark)" } else { "" }
                        ));
                    }
                    if width == 320 {
                        continue;
                    }
                    let stem = format!(
                        "{prefix}{}-{width}{}",
                        page.trim_end_matches(".html").replace('/', "_"),
                        if dark { "-dark" } else { "" }
                    );
                    let shots_per_page = match (dark, prefix.is_empty()) {
                        (false, true) => 5,
                        _ => 1,
                    };
                    for (i, y) in (0..height).step_by(850).take(shots_per_page).enumerate() {
                        b.eval(&format!("window.scrollTo(0, {y}); return true;"));
                        b.screenshot(&shots.join(format!("{stem}-{i}.png")));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The harness itself can fail: axe reports a page with known faults.
#[test]
fn axe_reports_a_page_with_faults() {
    let Some(axe) = axe_source() else { return };
    let Some((_lock, b)) = browser(1280) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = "<!DOCTYPE html><html><head><title>x</title></head><body><main><p style=\"color:#bbb;background:#fff\">svag text</p><img src=\"x.png\"><table><tr><td>a</td></tr></table></main></body></html>";
    std::fs::write(dir.path().join("bad.html"), bad).expect("write");
    b.goto(&file_url(dir.path(), "bad.html"));
    let found = axe_violations(&b, &axe).join("\n");
    for rule in ["html-has-lang", "image-alt", "color-contrast"] {
        assert!(found.contains(rule), "axe missed {rule}: {found}");
    }
    let structure = structure_problems(&b).join("\n");
    assert!(
        structure.contains("0 h1") && structure.contains("table without caption"),
        "{structure}"
    );
}

// ---------------------------------------------------------------- HTML validity

fn vnu_errors(jar: &Path, dir: &Path) -> String {
    let pages: Vec<PathBuf> = html_pages(dir).iter().map(|p| dir.join(p)).collect();
    assert!(pages.len() >= PAGE_TYPES.len(), "too few pages built");
    let out = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--format", "gnu"])
        .args(&pages)
        .output()
        .expect("run vnu");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.success() {
        assert!(text.trim().is_empty(), "vnu exited 0 but said: {text}");
    } else {
        assert!(!text.trim().is_empty(), "vnu failed without a message");
    }
    text
}

#[test]
fn nu_html_checker_finds_no_errors() {
    let Some(jar) = vnu_jar() else { return };
    for (base, branded) in [(None, false), (Some(SUB_PATH), false), (None, true)] {
        let out = if branded {
            build_branded(base)
        } else {
            build_bundled(base)
        };
        let errors = vnu_errors(&jar, out.path());
        assert!(
            errors.trim().is_empty(),
            "vnu errors with base {base:?} (branded: {branded}):\n{errors}"
        );
    }
    // And it does catch errors.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("bad.html"), "<!DOCTYPE html><html lang=\"sv\"><head><title>x</title></head><body><p><div>x</div></p><span id=a></span><span id=a></span></body></html>").expect("write");
    for p in PAGE_TYPES {
        let target = dir.path().join(p);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(dir.path().join("bad.html"), target).expect("copy");
    }
    let errors = vnu_errors(&jar, dir.path());
    assert!(errors.contains("Duplicate ID"), "{errors}");
}

// ---------------------------------------------------------------- styrdok check
