//! A municipality's own site (issue 15): `brand:` and `footer_links:` in styrdok.yaml,
//! `theme/static/custom.css`, templates extending the built-in ones, and the build
//! stopping at the config line when a colour fails WCAG 2.1 AA or the logo is missing.

use crate::support::{list_files, repo_root, SiteTest};

const DOC: &str = "---\ntitle: Överenskommelse 2025\nyear: 2025\ndiarienummer: KAN24/22\n---\n\n# 1 Formalia\n\nText.\n\n## 1.1 Parter\n\nNämnden.\n";

/// The example config of docs/brand (the README's), with its logo.
fn brand_config() -> String {
    std::fs::read_to_string(repo_root().join("docs/brand/styrdok.yaml")).expect("example config")
}

fn branded_site() -> SiteTest {
    let t = SiteTest::new();
    t.write("content/avtal/2024.md", DOC.replace("2025", "2024"));
    t.write("content/avtal/2025.md", DOC);
    t.write("styrdok.yaml", brand_config());
    t.write(
        "theme/static/logo.svg",
        std::fs::read(repo_root().join("docs/brand/theme/static/logo.svg")).expect("logo"),
    );
    t
}

fn html_pages(t: &SiteTest) -> Vec<String> {
    let pages: Vec<String> = list_files(&t.public())
        .into_iter()
        .filter(|p| p.ends_with(".html"))
        .collect();
    assert!(pages.len() >= 8, "{pages:?}");
    pages
}

/// Path from a built page back to the site root ("../../").
fn root_of(page: &str) -> String {
    if page == "404.html" {
        return String::new();
    }
    "../".repeat(page.matches('/').count())
}

#[test]
fn logo_colours_and_footer_links_on_every_page() {
    let t = branded_site();
    t.build();
    for page in html_pages(&t) {
        let html = t.read(&page);
        let root = root_of(&page);
        assert!(
            html.contains(&format!(
                "<img class=\"site-logo\" src=\"{root}static/logo.svg\" alt=\"Nyköpings kommun\">"
            )),
            "{page}: logo with its alt text"
        );
        assert!(
            html.contains(&format!(
                "<link rel=\"stylesheet\" href=\"{root}static/brand.css\">"
            )),
            "{page}: brand.css"
        );
        assert!(
            html.contains("<a href=\"https://www.nykoping.se/kontakt\">Kontakt</a>"),
            "{page}: footer link"
        );
        // The logo says the municipality's name, so the header does not repeat it.
        let header = html.split("</header>").next().unwrap_or_default();
        assert!(!header.contains("class=\"municipality\""), "{page}");
    }
    let css = t.read("static/brand.css");
    assert!(css.contains("--head-bg: #00508a"), "{css}");
    assert!(css.contains("--badge-bg: #ffcd00"), "{css}");
    assert!(css.contains("@media (prefers-color-scheme: dark)"), "{css}");
    assert!(t.public().join("static/logo.svg").exists());
    // The theme reads them as custom properties.
    let style = t.read("static/style.css");
    for var in [
        "var(--head-bg)",
        "var(--ring)",
        "var(--badge-bg",
        "var(--brand-accent)",
    ] {
        assert!(style.contains(var), "style.css uses {var}");
    }
}

#[test]
fn without_brand_nothing_changes() {
    let t = SiteTest::new();
    t.write("content/avtal/2025.md", DOC);
    t.write("styrdok.yaml", "municipality: Nyköpings kommun\n");
    t.build();
    let html = t.read("avtal/2025/index.html");
    assert!(!html.contains("brand.css") && !html.contains("site-logo"));
    assert!(!html.contains("custom.css"));
    assert!(html.contains("<span class=\"municipality\">Nyköpings kommun</span>"));
    assert!(!t.public().join("static/brand.css").exists());
}

#[test]
fn site_paths_in_footer_links_work_from_every_depth() {
    let t = branded_site();
    t.write(
        "styrdok.yaml",
        brand_config().replace("https://www.nykoping.se/om-webbplatsen", "static/om.html"),
    );
    t.write("theme/static/om.html", "<!DOCTYPE html><title>om</title>");
    t.build();
    assert!(t
        .read("avtal/2025/index.html")
        .contains("<a href=\"../../static/om.html\">Om webbplatsen</a>"));
    assert!(t
        .read("index.html")
        .contains("<a href=\"static/om.html\">Om webbplatsen</a>"));
}

/// Builds the branded site, breaks the config, and checks the error names its line
/// and the previous output stays byte-identical.
fn assert_config_error(config: &str, expected: &[&str], setup: impl Fn(&SiteTest)) {
    let t = branded_site();
    t.build();
    let snapshot = |t: &SiteTest| -> Vec<(String, Vec<u8>)> {
        list_files(&t.public())
            .into_iter()
            .map(|f| (f.clone(), std::fs::read(t.public().join(&f)).unwrap()))
            .collect()
    };
    let before = snapshot(&t);
    t.write("styrdok.yaml", config);
    setup(&t);
    let out = t.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "exit code; stderr: {stderr}");
    for want in expected {
        assert!(stderr.contains(want), "expected `{want}` in:\n{stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        before == snapshot(&t),
        "previous output must stay byte-identical"
    );
}

#[test]
fn a_failing_primary_colour_stops_the_build_at_its_line() {
    let config = brand_config().replace("#00508a", "#4d9be6");
    let line = config
        .lines()
        .position(|l| l.contains("#4d9be6"))
        .expect("line")
        + 1;
    assert_config_error(
        &config,
        &[
            &format!(
                "styrdok.yaml:{line}:3: brand.primary \"#4d9be6\" is below WCAG 2.1 AA contrast"
            ),
            "white header text on it: 2.93:1, needs 4.5:1 (light and dark mode);",
            "links in it on the page background: 2.93:1, needs 4.5:1 (light mode)",
            "hint: \"#",
        ],
        |_| {},
    );
}

#[test]
fn a_failing_accent_colour_stops_the_build_at_its_line() {
    let config = brand_config().replace("#ffcd00", "#808080");
    let line = config
        .lines()
        .position(|l| l.contains("#808080"))
        .expect("line")
        + 1;
    assert_config_error(
        &config,
        &[
            &format!(
                "styrdok.yaml:{line}:3: brand.accent \"#808080\" is below WCAG 2.1 AA contrast"
            ),
            "badge and button text on it: 4.36:1, needs 4.5:1 (light and dark mode)",
        ],
        |_| {},
    );
}

#[test]
fn a_missing_logo_stops_the_build_at_its_line() {
    let config = brand_config();
    let line = config
        .lines()
        .position(|l| l.contains("logo:"))
        .expect("line")
        + 1;
    assert_config_error(
        &config,
        &[&format!(
            "styrdok.yaml:{line}:3: brand.logo `logo.svg` is not in theme/static/"
        )],
        |t| std::fs::remove_file(t.root().join("theme/static/logo.svg")).expect("rm logo"),
    );
}

#[test]
fn an_empty_logo_alt_stops_the_build_at_its_line() {
    let config = brand_config().replace("logo_alt: Nyköpings kommun", "logo_alt: \"\"");
    let line = config
        .lines()
        .position(|l| l.contains("logo_alt"))
        .expect("line")
        + 1;
    assert_config_error(
        &config,
        &[&format!(
            "styrdok.yaml:{line}:3: brand.logo_alt is empty: the logo needs a text alternative"
        )],
        |_| {},
    );
}

#[test]
fn unknown_brand_keys_and_bad_footer_links_are_errors() {
    let config = brand_config().replace("  primary:", "  primär: \"#000000\"\n  primary:");
    assert_config_error(&config, &["styrdok.yaml:", "primär"], |_| {});
    let config = brand_config().replace("https://www.nykoping.se/kontakt", "javascript:alert(1)");
    let line = config
        .lines()
        .position(|l| l.contains("javascript"))
        .expect("line")
        + 1;
    assert_config_error(&config, &[&format!("styrdok.yaml:{line}:")], |_| {});
}

#[test]
fn custom_css_is_linked_after_the_theme_css_on_every_page() {
    let t = branded_site();
    t.write(
        "theme/static/custom.css",
        ".site-footer { border-top-width: 8px; }\n",
    );
    t.build();
    for page in html_pages(&t) {
        let html = t.read(&page);
        let root = root_of(&page);
        let at = |file: &str| {
            html.find(&format!(
                "<link rel=\"stylesheet\" href=\"{root}static/{file}\">"
            ))
            .unwrap_or_else(|| panic!("{page}: no link to {file}"))
        };
        let custom = at("custom.css");
        assert!(
            custom > at("style.css") && custom > at("syntax.css") && custom > at("brand.css"),
            "{page}: custom.css must come after the theme's CSS"
        );
    }
    assert_eq!(
        t.read("static/custom.css"),
        ".site-footer { border-top-width: 8px; }\n"
    );
}

#[test]
fn a_template_extends_the_builtin_one() {
    let t = branded_site();
    t.write(
        "theme/templates/base.html",
        "{% extends \"styrdok/base.html\" %}\n\
         {% block head %}<meta name=\"theme-color\" content=\"#00508a\">{% endblock head %}\n\
         {% block scripts %}<script src=\"{{ layout.root }}static/stat.js\" defer></script>{% endblock scripts %}\n\
         {% block footer %}<footer class=\"site-footer kommun-footer\"><p>Nyköpings kommun, 611 83 Nyköping</p>{{ super() }}</footer>{% endblock footer %}\n",
    );
    t.build();
    for page in html_pages(&t) {
        let html = t.read(&page);
        assert!(
            html.contains("<meta name=\"theme-color\" content=\"#00508a\">"),
            "{page}: head block"
        );
        assert!(
            html.contains("<p>Nyköpings kommun, 611 83 Nyköping</p>"),
            "{page}: footer block"
        );
        assert!(
            html.contains("static/stat.js\" defer></script>"),
            "{page}: scripts block"
        );
        assert!(
            html.contains("Byggd med styrdok"),
            "{page}: super() keeps the built-in footer"
        );
        assert!(
            html.contains("class=\"site-header\"") && html.contains("<main id=\"main\""),
            "{page}: the rest is the built-in layout"
        );
    }
    // A header block replaces the header.
    t.write(
        "theme/templates/base.html",
        "{% extends \"styrdok/base.html\" %}{% block header %}<header class=\"site-header\"><p>Egen sidhuvud</p></header>{% endblock header %}",
    );
    t.build();
    let html = t.read("avtal/2025/index.html");
    assert!(html.contains("<p>Egen sidhuvud</p>"));
    assert!(
        !html.contains("site-search"),
        "the built-in header is replaced"
    );
}

#[test]
fn citations_leave_out_what_a_document_lacks() {
    let t = SiteTest::new();
    t.write(
        "content/avtal/2025.md",
        "---\ntitle: Avtal 2025\nyear: 2025\n---\n\nInledning.\n\n# Formalia\n\nText.\n\n## 1.1 Parter\n\nNämnden.\n",
    );
    t.build();
    let html = t.read("avtal/2025/index.html");
    assert!(
        html.contains("<span class=\"cite-ref\">Avtal 2025, avsnitt Formalia.</span> <a href=\"index.html#formalia\">"),
        "{html}"
    );
    assert!(html.contains("<span class=\"cite-ref\">Avtal 2025, avsnitt 1.1 Parter.</span>"));
    assert_eq!(
        html.matches("class=\"cite\"").count(),
        2,
        "text before the first heading has none"
    );
    assert!(
        !html.contains("()") && !html.contains("beslutad"),
        "nothing shown empty"
    );
    assert!(
        html.contains("<button type=\"button\" class=\"cite-copy\" hidden>"),
        "without JavaScript there is no copy button"
    );
    let json = t.document_json("avtal", 2025);
    let citations: Vec<&serde_json::Value> = json["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| &s["citation"])
        .collect();
    assert_eq!(
        citations,
        [
            &serde_json::Value::Null,
            &serde_json::json!("Avtal 2025, avsnitt Formalia"),
            &serde_json::json!("Avtal 2025, avsnitt 1.1 Parter")
        ],
        "open data carries the citations"
    );
    // With everything, and under a base URL the permalink is a full address.
    t.write(
        "styrdok.yaml",
        "municipality: Nyköpings kommun\nbase_url: https://x.se/sd/\n",
    );
    t.write(
        "content/avtal/2025.md",
        "---\ntitle: Avtal 2025\nyear: 2025\ndiarienummer: KS 2025/1\nbeslutsdatum: 2024-12-18\n---\n\n# 3 Formalia\n\nText.\n",
    );
    t.build();
    let html = t.read("avtal/2025/index.html");
    assert!(
        html.contains("<span class=\"cite-ref\">Nyköpings kommun, Avtal 2025 (KS 2025/1), avsnitt 3 Formalia, beslutad 2024-12-18.</span> <a href=\"https://x.se/sd/avtal/2025/#formalia\">https://x.se/sd/avtal/2025/#formalia</a>"),
        "{html}"
    );
}
