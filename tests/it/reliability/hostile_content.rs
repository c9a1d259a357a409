//! Hostile Markdown never becomes markup or script, on any page or in a browser.

use super::*;

/// Every payload would set `window.__pwned` (to the place it came from) if it ran.
const HOSTILE_SERIES: &str = "title: \"<script>window.__pwned='series'</script>Serie\"\nmunicipality: \"<img src=x onerror=window.__pwned='muni'>\"\ncommittee: \"\\\" onmouseover=\\\"window.__pwned='attr'\"\ndescription: \"javascript:window.__pwned='desc' <iframe src=javascript:window.__pwned='if'></iframe>\"\n";

fn hostile_doc(year: i32) -> String {
    let figure = if year == 2024 {
        "2 060 tkr".to_string()
    } else {
        format!("{} tkr <script>window.__pwned='diff'</script>", 3000 + year)
    };
    let mut doc = format!(
        "---\ntitle: \"<script>window.__pwned='title'</script>Dokument {year}\"\nyear: {year}\ndiarienummer: \"<img src=x onerror=window.__pwned='dnr'>\"\nkategori: \"\\\"><script>window.__pwned='kat'</script>\"\negen_nyckel: \"<svg onload=window.__pwned='extra'>\"\nlänk: \"javascript:window.__pwned='fmlink'\"\n---\n\n\
Inledning <script>window.__pwned='intro'</script> år {year}.\n\n\
# 1 Rubrik <img src=x onerror=window.__pwned='h'> <script>window.__pwned='h2'</script>\n\n\
Text med [länk](javascript:window.__pwned='link'), [data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0nZDY0Jzwvc2NyaXB0Pg==), [JaVaScRiPt](JAVASCRIPT:window.__pwned='case'), [tab](java&#x09;script:window.__pwned='tab') och <a href=\"javascript:window.__pwned='a'\">a</a> år {year}.\n\n\
<iframe src=\"javascript:window.__pwned='iframe'\"></iframe>\n\n\
<div onclick=\"window.__pwned='div'\" style=\"position:fixed;inset:0\">klick {year}</div>\n\n\
| Kolumn <script>window.__pwned='th'</script> | Belopp |\n|---|---|\n| <img src=x onerror=window.__pwned='td'> | {figure} |\n| [x](javascript:window.__pwned='tdlink') | ![bild](javascript:window.__pwned='img') |\n\n\
# 2 Arabiska\n\nمرحبا بكم في الوثيقة. هذه فقرة باللغة العربية عن الاندماج في سوق العمل {year}.\n\n- عنصر القائمة الأول\n\n\
# 3 Autolänk\n\n<javascript:window.__pwned='autolink'> www.example.com <svg/onload=window.__pwned='svg'>\n\n\
```html\n<script>window.__pwned='code'</script>\n```\n\n\
Fotnot[^x].\n\n[^x]: <img src=x onerror=window.__pwned='fn'>\n"
    );
    if year >= 2025 {
        doc.push_str(&format!("\n# 4 Ny {year} <b onmouseover=window.__pwned='new'>x</b>\n\nNytt <style>body{{display:none}}</style> stycke.\n"));
    }
    doc
}

pub(super) fn hostile_site() -> SiteTest {
    let t = SiteTest::new();
    t.write("content/fientlig/_series.yaml", HOSTILE_SERIES);
    for year in [2024, 2025, 2026] {
        t.write(&format!("content/fientlig/{year}.md"), hostile_doc(year));
    }
    t.write(
        "styrdok.yaml",
        "title: \"<script>window.__pwned='site'</script>Styrdokument\"\n",
    );
    let out = run(&t, &["build"]);
    assert_no_panic(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    t
}

/// What a browser would run: inline scripts, event handlers, script URLs, frames.
fn executable_parts(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tag in styrdok::html::start_tags(html) {
        let attr = |k: &str| tag.attr(k);
        match tag.name.as_str() {
            "script" => {
                let src = attr("src").unwrap_or("");
                let inline = tag.content.as_deref().unwrap_or("").trim();
                if src.is_empty()
                    || !inline.is_empty()
                    || src.contains(':')
                    || !src.ends_with(".js")
                {
                    found.push(format!("<script src={src:?}>{inline}"));
                }
            }
            "iframe" | "frame" | "object" | "embed" | "svg" | "math" | "base" | "applet" => {
                found.push(format!("<{}>", tag.name))
            }
            // A refresh only navigates (senaste/ uses one); its URL is checked below.
            "meta" if attr("http-equiv").is_some_and(|h| !h.eq_ignore_ascii_case("refresh")) => {
                found.push("<meta http-equiv>".into())
            }
            _ => {}
        }
        let refresh_url = (tag.name == "meta")
            .then(|| attr("http-equiv").and(attr("content")))
            .flatten()
            .map(|c| {
                let lower = c.to_ascii_lowercase();
                let at = lower.find("url=").map_or(c.len(), |i| i + 4);
                ("href".to_string(), c[at..].trim().to_string())
            });
        let attrs = tag.attrs.iter().map(|a| (a.name.clone(), a.value.clone()));
        for (k, v) in attrs.chain(refresh_url) {
            if k.starts_with("on") {
                found.push(format!("<{} {k}={v:?}>", tag.name));
            }
            if matches!(
                k.as_str(),
                "href"
                    | "src"
                    | "action"
                    | "formaction"
                    | "xlink:href"
                    | "srcdoc"
                    | "poster"
                    | "data"
            ) {
                let scheme: String = v
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                let image =
                    scheme.starts_with("data:image/") && !scheme.starts_with("data:image/svg");
                if scheme.starts_with("javascript:")
                    || scheme.starts_with("vbscript:")
                    || (scheme.starts_with("data:") && !image)
                {
                    found.push(format!("<{} {k}={v:?}>", tag.name));
                }
            }
        }
    }
    found
}

#[test]
fn the_scanner_finds_what_would_run() {
    // The checks below are only as good as this scanner: it must see every kind of payload.
    let page = "<p>ok</p><script>x()</script><script src=\"../static/search.js\"></script><a href=\" JaVa\tscript:x\">a</a>\
        <img src=x onerror=x><div ONCLICK='x'></div><iframe></iframe><a href=\"data:text/html,x\">d</a><svg></svg>\
        <meta http-equiv=\"refresh\" content=\"0;url=javascript:x\"><img src=\"data:image/png;base64,AA\">";
    let found = executable_parts(page);
    assert_eq!(found.len(), 8, "{found:#?}");
    assert!(executable_parts(
        "<p>&lt;script&gt;x()&lt;/script&gt; onclick=x javascript:x</p><a href=\"../a/\">a</a>"
    )
    .is_empty());
}

#[test]
fn hostile_content_never_becomes_markup_on_any_page() {
    let t = hostile_site();
    let files = list_files(&t.public());
    for page in [
        "fientlig/2024/index.html",
        "fientlig/2025/andringar.html",
        "fientlig/jamfor-2024-2026.html",
        "fientlig/index.html",
        "index.html",
        "sok/index.html",
        "404.html",
    ] {
        assert!(files.contains(&page.to_string()), "{page} built: {files:?}");
    }
    let mut pages = 0;
    for f in files.iter().filter(|f| f.ends_with(".html")) {
        let html = t.read(f);
        let found = executable_parts(&html);
        assert!(found.is_empty(), "{f}: {found:#?}");
        pages += 1;
    }
    assert!(pages >= 10);
    // The payloads are shown as text, not dropped silently.
    let doc = t.read("fientlig/2024/index.html");
    assert!(
        doc.contains("&lt;script&gt;window.__pwned='intro'&lt;/script&gt;"),
        "raw HTML shown escaped"
    );
    assert!(
        doc.contains("&lt;img src=x onerror=window.__pwned=&#39;dnr&#39;&gt;"),
        "front matter value escaped"
    );
    let changes = t.read("fientlig/2025/andringar.html");
    assert!(
        changes.contains("&lt;script&gt;window.__pwned=&#39;diff&#39;&lt;/script&gt;"),
        "diff shows the text escaped"
    );

    // Feed and sitemap: XML where every author string is escaped text.
    for f in ["atom.xml", "sitemap.xml"] {
        let xml = t.read(f).to_ascii_lowercase();
        for bad in ["<script", "<img", "<iframe", "<svg", "<b ", "<div"] {
            assert!(!xml.contains(bad), "{f} contains {bad}");
        }
    }
    assert!(
        t.read("atom.xml")
            .contains("&lt;script&gt;window.__pwned=&#39;title&#39;"),
        "feed titles are escaped text"
    );

    // Open data: JSON strings keep the author's text as text.
    let json = t.document_json("fientlig", 2024);
    assert_eq!(
        json["metadata"]["title"],
        "<script>window.__pwned='title'</script>Dokument 2024"
    );

    // Search shards are data passed to one function call, never code of their own.
    let shards: Vec<_> = files
        .iter()
        .filter(|f| f.starts_with("search/") && (f.ends_with(".js") || f.ends_with(".json")))
        .collect();
    assert!(!shards.is_empty(), "search index built");
    for f in shards {
        assert_search_file_is_data(f, &t.read(f));
    }
}

/// `name(JSON, JSON, …);` or plain JSON: parses as data with nothing else around it.
fn assert_search_file_is_data(f: &str, text: &str) {
    if f.ends_with(".json") {
        serde_json::from_str::<serde_json::Value>(text).unwrap_or_else(|e| panic!("{f}: {e}"));
        return;
    }
    let open = text.find('(').unwrap_or_else(|| panic!("{f}: not a call"));
    let callee = &text[..open];
    assert!(
        !callee.is_empty()
            && callee
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$' || c == '.'),
        "{f}: callee {callee:?}"
    );
    let args = text[open + 1..]
        .trim_end()
        .strip_suffix(");")
        .unwrap_or_else(|| panic!("{f}: does not end with `);`"));
    let parsed: serde_json::Value = serde_json::from_str(&format!("[{args}]"))
        .unwrap_or_else(|e| panic!("{f}: arguments are not JSON: {e}"));
    assert!(parsed.is_array());
}

#[test]
fn hostile_content_does_not_run_in_a_browser_and_arabic_runs_right_to_left() {
    let Some(b) = crate::support::webdriver::Browser::start() else {
        return;
    };
    let t = hostile_site();
    let check = "var bad = [];\
        if (window.__pwned !== undefined) bad.push('ran: ' + window.__pwned);\
        document.querySelectorAll('*').forEach(function (e) {\
          for (var i = 0; i < e.attributes.length; i++) { if (/^on/i.test(e.attributes[i].name)) bad.push(e.tagName + ' ' + e.attributes[i].name); }\
          if (/^(IFRAME|OBJECT|EMBED|SVG|svg|FRAME)$/.test(e.tagName)) bad.push(e.tagName);\
        });\
        document.querySelectorAll('script').forEach(function (s) { if (!s.src || s.textContent.trim()) bad.push('inline script'); });\
        document.querySelectorAll('a[href]').forEach(function (a) { if (!/^(https?|file|mailto):$/.test(a.protocol)) bad.push('link ' + a.protocol); });\
        return bad;";
    for f in list_files(&t.public())
        .iter()
        .filter(|f| f.ends_with(".html"))
    {
        b.goto(&format!("file://{}", t.public().join(f).display()));
        let bad = b.eval(check);
        assert_eq!(bad, serde_json::json!([]), "{f}");
    }

    // Search results and snippets show the payloads as text.
    b.goto(&format!(
        "file://{}?q=pwned",
        t.public().join("sok/index.html").display()
    ));
    let has_results = "return document.querySelectorAll('#search-results li').length > 0;";
    assert!(
        b.wait_for(has_results, std::time::Duration::from_secs(20)),
        "search shows results for a hostile query"
    );
    b.type_into("#q", " script");
    std::thread::sleep(std::time::Duration::from_millis(600));
    let text = b.eval("return document.getElementById('search-results').textContent;");
    assert!(
        text.as_str().unwrap_or("").contains("window.__pwned"),
        "payload shown as text: {text}"
    );
    assert_eq!(b.eval(check), serde_json::json!([]), "search page");
    let tags = b.eval("var s = {}; document.querySelectorAll('#search-results *').forEach(function (e) { s[e.tagName] = 1; }); return Object.keys(s).sort();");
    for tag in tags.as_array().into_iter().flatten() {
        let tag = tag.as_str().unwrap_or("");
        assert!(
            [
                "OL", "LI", "H2", "H3", "A", "SPAN", "P", "MARK", "BUTTON", "DIV", "SMALL",
                "STRONG", "EM"
            ]
            .contains(&tag),
            "unexpected {tag} in results"
        );
    }

    // Right to left: the Arabic paragraph, list item and table text run rtl; Swedish stays ltr.
    for page in ["fientlig/2024/index.html", "fientlig/2025/andringar.html"] {
        b.goto(&format!("file://{}", t.public().join(page).display()));
        let dirs = b.eval(
            "var out = {rtl: [], ltr: []};\
             document.querySelectorAll('main p, main li, main td').forEach(function (e) {\
               var t = e.textContent.trim(); if (!t) return;\
               var d = getComputedStyle(e).direction;\
               if (/^[\\u0600-\\u06FF]/.test(t)) out.rtl.push(d); else if (/^[A-Za-zÅÄÖåäö]/.test(t)) out.ltr.push(d);\
             }); return out;",
        );
        let rtl: Vec<_> = dirs["rtl"].as_array().cloned().unwrap_or_default();
        assert!(!rtl.is_empty(), "{page}: Arabic text found");
        assert!(
            rtl.iter().all(|d| d == "rtl"),
            "{page}: Arabic runs right to left: {dirs}"
        );
        assert!(
            dirs["ltr"]
                .as_array()
                .is_some_and(|l| !l.is_empty() && l.iter().all(|d| d == "ltr")),
            "{page}: Swedish stays ltr: {dirs}"
        );
    }
}

#[test]
fn deeply_nested_input() {
    // 100,000 nested quotes once overflowed the stack; 100,000 nested brackets in front
    // matter once took minutes in the YAML scanner.
    let (t, before) = built_site();
    let body = format!(
        "# Djup\n\n{}citat\n\n{}lista\n\n{}x{}\n\n{}länk{}\n",
        "> ".repeat(100_000),
        "- ".repeat(50_000),
        "*".repeat(20_000),
        "*".repeat(20_000),
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    t.write("content/djup/2025.md", doc(2025, &body));
    let out = run(&t, &["build"]);
    assert_no_panic(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(t.read("djup/2025/index.html").contains("citat"));

    let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    t.write(
        "content/djup/2025.md",
        format!("---\ntitle: Djup\nyear: 2025\nx: {nested}\n---\n# A\n"),
    );
    let after_good = snapshot(&t.public());
    let err = assert_rejected(
        &t,
        &after_good,
        "content/djup/2025.md",
        Some(4),
        "nested deeper",
    );
    assert!(err.contains("invalid YAML"), "{err}");
    assert_ne!(after_good, before);
}
