//! Broken templates and strings files.

use super::*;

#[test]
fn template_referencing_a_missing_variable() {
    let (t, before) = built_site();
    t.write(
        "theme/templates/home.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.documents }}</h1>\n<p>{{ page.finns_inte }}</p>\n{% endblock main %}\n",
    );
    let err = assert_rejected(
        &t,
        &before,
        "theme/templates/home.html",
        Some(4),
        "page.finns_inte",
    );
    assert!(err.contains("template error"), "{err}");
}

#[test]
fn template_syntax_error() {
    let (t, before) = built_site();
    t.write(
        "theme/templates/series.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock main %}\n",
    );
    assert_rejected(
        &t,
        &before,
        "theme/templates/series.html",
        Some(3),
        "template error",
    );
    // An expression left open runs to the end of the file.
    std::fs::remove_file(t.root().join("theme/templates/series.html")).unwrap();
    t.write(
        "theme/templates/document.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title \n{% endblock main %}\n",
    );
    let err = assert_rejected(
        &t,
        &before,
        "theme/templates/document.html",
        Some(4),
        "template error",
    );
    assert_eq!(
        location_of(&err, "theme/templates/document.html"),
        Some((4, 1)),
        "{err}"
    );
}

#[test]
fn template_including_a_missing_file() {
    let (t, before) = built_site();
    t.write(
        "theme/templates/document.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>x</p>\n{% include \"saknas.html\" %}\n{% endblock main %}\n",
    );
    assert_rejected(
        &t,
        &before,
        "theme/templates/document.html",
        Some(4),
        "saknas.html",
    );
    t.write(
        "theme/templates/document.html",
        "{% extends \"saknas.html\" %}\n",
    );
    assert_rejected(
        &t,
        &before,
        "theme/templates/document.html",
        Some(1),
        "saknas.html",
    );
}

#[test]
fn broken_strings_file() {
    let (t, before) = built_site();
    t.write("theme/strings.yaml", "toc: Innehåll\nsearch: [Sök\n");
    assert_rejected(&t, &before, "theme/strings.yaml", None, "invalid YAML");
}

#[test]
fn partial_strings_file_falls_back_to_the_builtin_strings() {
    // A translation that lacks keys still builds; the missing ones stay Swedish.
    let (t, _) = built_site();
    t.write("theme/strings.yaml", "toc: Contents\n");
    let out = run(&t, &["build"]);
    assert_no_panic(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = t.read("avtal/2025/index.html");
    assert!(html.contains(">Contents</h2>"), "override used");
    assert!(
        html.contains("Hoppa till innehållet") && html.contains("Öppna data (JSON)"),
        "built-in strings kept: {html}"
    );
}

#[test]
fn template_that_is_not_utf8() {
    let (t, before) = built_site();
    t.write(
        "theme/templates/home.html",
        b"{% extends \"base.html\" %}\n\xff\n",
    );
    assert_rejected(&t, &before, "theme/templates/home.html", None, "UTF-8");
}

// ---- Atomic output ------------------------------------------------------------------
