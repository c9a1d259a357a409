//! Reliability: every bad input gives either a correct site or a `path:line:col`
//! error with exit code 1 and the previous `public/` byte-identical; no input makes
//! styrdok panic; the output swap survives failures injected mid-build and `kill -9`.

mod hardening;

use crate::support::{list_files, SiteTest};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

const SERIES_YAML: &str =
    "title: Överenskommelse KAN–DSO\nmunicipality: Nyköping\ncommittee: KAN\n";
const DOC_2024: &str = "---\ntitle: Överenskommelse 2024\nyear: 2024\n---\n\n# 1 Formalia\n\nAvser kalenderåret 2024.\n\n# 2 Ekonomi\n\n| Post | Belopp |\n|---|---|\n| Bidrag | 2 060 tkr |\n";
const DOC_2025: &str = "---\ntitle: Överenskommelse 2025\nyear: 2025\n---\n\n# 1 Formalia\n\nAvser kalenderåret 2025.\n\n# 2 Ekonomi\n\n| Post | Belopp |\n|---|---|\n| Bidrag | 3 250 tkr |\n";

/// Every file of a folder with its bytes.
type Snapshot = BTreeMap<String, Vec<u8>>;

fn snapshot(dir: &Path) -> Snapshot {
    list_files(dir)
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(dir.join(&f)).expect("read output")))
        .collect()
}

/// Runs the real binary in the site root with backtraces on, so a panic would show.
fn run(t: &SiteTest, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_styrdok"))
        .args(args)
        .current_dir(t.root())
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("run styrdok")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_no_panic(out: &Output) {
    let err = stderr(out);
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "styrdok panicked:\n{err}"
    );
    assert_ne!(
        out.status.code(),
        Some(101),
        "exit code 101 is a panic:\n{err}"
    );
}

/// A good two-year site, built once: the "previous output" every failure must keep.
fn built_site() -> (SiteTest, Snapshot) {
    let t = SiteTest::new();
    t.write("content/avtal/_series.yaml", SERIES_YAML);
    t.write("content/avtal/2024.md", DOC_2024);
    t.write("content/avtal/2025.md", DOC_2025);
    let out = run(&t, &["build"]);
    assert!(
        out.status.success(),
        "baseline build failed: {}",
        stderr(&out)
    );
    let snap = snapshot(&t.public());
    assert!(
        snap.contains_key("avtal/2025/andringar.html"),
        "baseline has a change log: {:?}",
        snap.keys()
    );
    (t, snap)
}

/// `path:line:col` right after `rel` in the error output (line and column ≥ 1).
fn location_of(err: &str, rel: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(i) = err[from..].find(rel) {
        let rest = &err[from + i + rel.len()..];
        let mut parts = rest.splitn(4, ':');
        if let (Some(""), Some(l), Some(c)) = (parts.next(), parts.next(), parts.next()) {
            if let (Ok(l), Ok(c)) = (l.parse::<usize>(), c.parse::<usize>()) {
                if l >= 1 && c >= 1 {
                    return Some((l, c));
                }
            }
        }
        from += i + rel.len();
    }
    None
}

/// The build fails with exit 1, `rel:line:col` (line as given, if given) and `message`
/// on stderr, no panic, the previous public/ byte-identical and no staging left over.
fn assert_rejected(
    t: &SiteTest,
    before: &Snapshot,
    rel: &str,
    line: Option<usize>,
    message: &str,
) -> String {
    check_rejected(t, before, &run(t, &["build"]), rel, line, message)
}

/// `assert_rejected` on the outcome of a build that has already run.
fn check_rejected(
    t: &SiteTest,
    before: &Snapshot,
    out: &Output,
    rel: &str,
    line: Option<usize>,
    message: &str,
) -> String {
    let err = stderr(out);
    assert_no_panic(out);
    assert_eq!(out.status.code(), Some(1), "exit code; stderr:\n{err}");
    let (l, _) =
        location_of(&err, rel).unwrap_or_else(|| panic!("no `{rel}:line:col` in stderr:\n{err}"));
    if let Some(line) = line {
        assert_eq!(l, line, "line in:\n{err}");
    }
    assert!(err.contains(message), "expected `{message}` in:\n{err}");
    assert_eq!(
        list_files(&t.public()),
        before.keys().cloned().collect::<Vec<_>>(),
        "file list changed"
    );
    assert!(snapshot(&t.public()) == *before, "public/ contents changed");
    let staging: Vec<_> = std::fs::read_dir(t.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("styrdok-staging"))
        .collect();
    assert!(staging.is_empty(), "staging left behind: {staging:?}");
    err
}

fn doc(year: i32, body: &str) -> String {
    format!("---\ntitle: Dokument {year}\nyear: {year}\n---\n\n{body}")
}

// ---- Bad front matter -------------------------------------------------------------

#[test]
fn invalid_yaml() {
    let (t, before) = built_site();
    t.write(
        "content/avtal/2025.md",
        "---\ntitle: Överenskommelse 2025\nyear: 2025\ndiarienummer: [KAN 24/22\n---\n# 1 A\n",
    );
    assert_rejected(&t, &before, "content/avtal/2025.md", None, "invalid YAML");
    // A tab-indented mapping is another classic.
    t.write(
        "content/avtal/2025.md",
        "---\ntitle: A\nyear: 2025\nparter:\n\t- KAN\n---\n",
    );
    assert_rejected(&t, &before, "content/avtal/2025.md", None, "invalid YAML");
}

#[test]
fn front_matter_not_a_mapping() {
    let (t, before) = built_site();
    t.write("content/avtal/2025.md", "---\n- title\n- year\n---\n# A\n");
    assert_rejected(&t, &before, "content/avtal/2025.md", Some(2), "key: value");
}

#[test]
fn front_matter_not_closed() {
    let (t, before) = built_site();
    t.write(
        "content/avtal/2025.md",
        "---\ntitle: Överenskommelse 2025\nyear: 2025\n\n# 1 Formalia\n",
    );
    assert_rejected(&t, &before, "content/avtal/2025.md", Some(1), "not closed");
}

#[test]
fn no_front_matter() {
    let (t, before) = built_site();
    t.write("content/avtal/2025.md", "# 1 Formalia\n\nText.\n");
    assert_rejected(
        &t,
        &before,
        "content/avtal/2025.md",
        Some(1),
        "no front matter",
    );
}

#[test]
fn missing_year() {
    let (t, before) = built_site();
    t.write(
        "content/avtal/2025.md",
        "---\ntitle: Överenskommelse 2025\n---\n# A\n",
    );
    let err = assert_rejected(
        &t,
        &before,
        "content/avtal/2025.md",
        Some(2),
        "`year` is missing",
    );
    assert!(err.contains("year: 2025"), "hint names the year: {err}");
}

#[test]
fn missing_title() {
    let (t, before) = built_site();
    t.write("content/avtal/2025.md", "---\nyear: 2025\n---\n# A\n");
    assert_rejected(&t, &before, "content/avtal/2025.md", Some(2), "`title`");
}

#[test]
fn non_numeric_year() {
    let (t, before) = built_site();
    t.write(
        "content/avtal/2025.md",
        "---\ntitle: A\ndiarienummer: KAN 1\nyear: tjugofem\n---\n# A\n",
    );
    assert_rejected(
        &t,
        &before,
        "content/avtal/2025.md",
        Some(4),
        "whole number",
    );
    t.write(
        "content/avtal/2025.md",
        "---\ntitle: A\nyear: 2025.5\n---\n# A\n",
    );
    assert_rejected(
        &t,
        &before,
        "content/avtal/2025.md",
        Some(3),
        "whole number",
    );
}

#[test]
fn year_disagrees_with_file_name() {
    let (t, before) = built_site();
    t.write(
        "content/avtal/2025.md",
        "---\ntitle: A\n\nyear: 2024\n---\n# A\n",
    );
    let err = assert_rejected(
        &t,
        &before,
        "content/avtal/2025.md",
        Some(4),
        "disagrees with the file name",
    );
    assert!(err.contains("hint:"), "{err}");
}

#[test]
fn bad_date() {
    let (t, before) = built_site();
    t.write(
        "content/avtal/2025.md",
        "---\ntitle: A\nyear: 2025\nbeslutsdatum: 18 dec\n---\n# A\n",
    );
    assert_rejected(&t, &before, "content/avtal/2025.md", Some(4), "YYYY-MM-DD");
}

#[test]
fn bad_series_yaml() {
    let (t, before) = built_site();
    t.write("content/avtal/_series.yaml", "title: A\nokänd_nyckel: x\n");
    assert_rejected(
        &t,
        &before,
        "content/avtal/_series.yaml",
        Some(2),
        "okänd_nyckel",
    );
}

// ---- Bad files --------------------------------------------------------------------

#[test]
fn duplicate_series_and_year() {
    // Two folders that give the same URL: the same series and year twice.
    let (t, before) = built_site();
    t.write("content/Avtal/2025.md", DOC_2025);
    let err = assert_rejected(&t, &before, ".md", Some(1), "same URL `avtal`");
    assert!(
        err.contains("content/Avtal") && err.contains("content/avtal"),
        "names both folders: {err}"
    );
    std::fs::remove_dir_all(t.root().join("content/Avtal")).unwrap();
    t.write("content/av tal/2025.md", DOC_2025)
        .write("content/av-tal/2024.md", DOC_2024);
    assert_rejected(&t, &before, ".md", Some(1), "same URL `av-tal`");
}

#[test]
fn document_name_that_is_not_a_year() {
    let (t, before) = built_site();
    t.write("content/avtal/Läs mig.md", "# Anteckningar\n");
    assert_rejected(
        &t,
        &before,
        "content/avtal/Läs mig.md",
        Some(1),
        "must be its year",
    );
    std::fs::remove_file(t.root().join("content/avtal/Läs mig.md")).unwrap();
    t.write("content/avtal/utkast.md", DOC_2025);
    assert_rejected(
        &t,
        &before,
        "content/avtal/utkast.md",
        Some(1),
        "file name must be its year",
    );
}

#[test]
fn non_utf8_file_names_the_byte() {
    let (t, before) = built_site();
    // Latin-1 "å" (0xE5) on line 8, after "Avser kalender".
    let mut bytes = DOC_2025.as_bytes().to_vec();
    let at = DOC_2025.find("Avser").unwrap() + "Avser kalender".len();
    bytes.splice(at..at + "å".len(), [0xE5u8]);
    t.write("content/avtal/2025.md", &bytes);
    let err = assert_rejected(&t, &before, "content/avtal/2025.md", Some(8), "byte 0xE5");
    assert_eq!(
        location_of(&err, "content/avtal/2025.md"),
        Some((8, 15)),
        "{err}"
    );
    assert!(err.contains("UTF-8"), "{err}");
    // In the front matter too, with the column of the byte.
    t.write(
        "content/avtal/2025.md",
        b"---\ntitle: \xff\xfe\nyear: 2025\n---\n",
    );
    let err = assert_rejected(&t, &before, "content/avtal/2025.md", Some(2), "byte 0xFF");
    assert_eq!(
        location_of(&err, "content/avtal/2025.md"),
        Some((2, 8)),
        "{err}"
    );
}

#[test]
fn empty_file() {
    let (t, before) = built_site();
    t.write("content/avtal/2025.md", "");
    assert_rejected(&t, &before, "content/avtal/2025.md", Some(1), "empty");
    t.write("content/avtal/2025.md", "  \n\n");
    assert_rejected(&t, &before, "content/avtal/2025.md", Some(1), "empty");
}

#[test]
fn unreadable_file() {
    let (t, before) = built_site();
    let path = t.root().join("content/avtal/2025.md");
    set_mode(&path, 0o000);
    let mut expected = "cannot read";
    if std::fs::read(&path).is_ok() {
        // Running as root (or with CAP_DAC_OVERRIDE): permissions do not stop reads. Use a
        // file even root cannot read: /proc/self/mem fails with EIO at offset 0.
        eprintln!("note: permissions do not stop this user reading; using a /proc/self/mem link as the unreadable file");
        set_mode(&path, 0o644);
        std::fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink("/proc/self/mem", &path).unwrap();
        assert!(
            std::fs::read(&path).is_err(),
            "/proc/self/mem should be unreadable"
        );
        // That link leads out of the site, which is refused before any read.
        expected = "leads outside the site folder";
    }
    let err = assert_rejected(&t, &before, "content/avtal/2025.md", Some(1), expected);
    assert!(err.contains("hint:"), "{err}");
    let _ = std::fs::remove_file(&path);
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn dangling_symlink() {
    let (t, before) = built_site();
    std::os::unix::fs::symlink(
        t.root().join("nowhere/2023.md"),
        t.root().join("content/avtal/2023.md"),
    )
    .unwrap();
    assert_rejected(&t, &before, "content/avtal/2023.md", Some(1), "cannot read");
}

#[test]
fn symlink_loops_are_skipped_with_a_warning() {
    let (t, before) = built_site();
    std::os::unix::fs::symlink("..", t.root().join("content/avtal/upp")).unwrap();
    std::os::unix::fs::symlink(".", t.root().join("content/jag")).unwrap();
    std::os::unix::fs::symlink(
        t.root().join("content"),
        t.root().join("content/avtal/innehall"),
    )
    .unwrap();
    let out = run(&t, &["build"]);
    assert_no_panic(&out);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("symbolic link loop"), "warns: {err}");
    // The same site as without the links.
    assert_eq!(
        list_files(&t.public()),
        before.keys().cloned().collect::<Vec<_>>()
    );
    assert_eq!(snapshot(&t.public()), before);
}

// ---- Big and odd content ------------------------------------------------------------

#[test]
fn ten_megabyte_document() {
    let (t, _) = built_site();
    let paragraph = "Nämnden följer upp verksamheten varje kvartal och rapporterar avvikelser till kommunstyrelsen. ".repeat(10);
    let mut body = String::new();
    let mut n = 0;
    while body.len() < 10 * 1024 * 1024 {
        n += 1;
        body.push_str(&format!("## Avsnitt {n}\n\n{paragraph}\n\n{paragraph}\n\n"));
    }
    body.push_str("## Slut\n\nSista meningen i dokumentet.\n");
    t.write("content/stor/2025.md", doc(2025, &body));
    let out = run(&t, &["build"]);
    assert_no_panic(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = t.read("stor/2025/index.html");
    assert!(
        html.len() > 10 * 1024 * 1024,
        "whole document rendered ({} bytes)",
        html.len()
    );
    assert!(
        html.contains("Sista meningen i dokumentet.")
            && html.contains(&format!("id=\"avsnitt-{n}\""))
    );
    assert!(
        t.read("avtal/2025/index.html")
            .contains("Avser kalenderåret 2025."),
        "other series still built"
    );
}

#[test]
fn five_thousand_sections() {
    let t = SiteTest::new();
    let body: String = (1..=5000)
        .map(|i| {
            format!(
                "## {}.{} Rubrik nummer {i}\n\nText {i}.\n\n",
                i / 100 + 1,
                i % 100
            )
        })
        .collect();
    t.write("content/manga/2025.md", doc(2025, &body));
    let out = run(&t, &["build"]);
    assert_no_panic(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = t.read("manga/2025/index.html");
    let ids = ids_of(&html);
    for i in [1, 2500, 5000] {
        assert!(
            ids.contains(&format!("rubrik-nummer-{i}")),
            "section {i} has its id"
        );
        assert!(
            html.contains(&format!("href=\"#rubrik-nummer-{i}\"")),
            "TOC links section {i}"
        );
    }
    assert_unique_ids(&html);
}

fn ids_of(html: &str) -> Vec<String> {
    styrdok::html::start_tags(html)
        .into_iter()
        .flat_map(|t| t.attrs)
        .filter(|a| a.name == "id")
        .map(|a| a.value)
        .collect()
}

fn assert_unique_ids(html: &str) {
    let ids = ids_of(html);
    let mut seen = std::collections::HashSet::new();
    for id in &ids {
        assert!(seen.insert(id), "duplicate id {id}");
        assert!(
            !id.is_empty() && id.is_ascii() && !id.contains(' '),
            "unreadable id {id:?}"
        );
    }
    // Every in-page link has a target.
    for target in html
        .split("href=\"#")
        .skip(1)
        .filter_map(|s| s.split('"').next())
    {
        assert!(
            seen.contains(&target.to_string()),
            "link to missing #{target}"
        );
    }
}

#[test]
fn punctuation_emoji_and_identical_headings() {
    let t = SiteTest::new();
    let body = "# !!!\n\nA.\n\n# 🎉🎉\n\nB.\n\n# Formalia\n\nC.\n\n# Formalia\n\nD.\n\n# ...\n\nE.\n\n# 2.1\n\nF.\n\n# innehall\n\nG.\n\n# ⚖️ Ekonomi ⚖️\n\nH.\n";
    t.write("content/udda/2024.md", doc(2024, body));
    t.write("content/udda/2025.md", doc(2025, body));
    let out = run(&t, &["build"]);
    assert_no_panic(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    for page in [
        "udda/2024/index.html",
        "udda/2025/index.html",
        "udda/2025/andringar.html",
    ] {
        assert_unique_ids(&t.read(page));
    }
    let html = t.read("udda/2025/index.html");
    let ids = ids_of(&html);
    for id in ["formalia", "formalia-2", "ekonomi", "avsnitt"] {
        assert!(ids.contains(&id.to_string()), "{id} in {ids:?}");
    }
    assert!(
        html.contains("🎉🎉") && html.contains("!!!"),
        "headings shown as written"
    );
    // Stable: the same ids in both years (same headings) and on a rebuild.
    assert_eq!(ids_of(&t.read("udda/2024/index.html")), ids);
    let again = run(&t, &["build"]);
    assert!(again.status.success());
    assert_eq!(ids_of(&t.read("udda/2025/index.html")), ids);
}

#[test]
fn swedish_letters_spaces_and_uppercase_in_names() {
    let t = SiteTest::new();
    t.write(
        "content/Äldreomsorg Överenskommelse/2025.md",
        doc(2025, "# Å ä Ö\n\nText.\n"),
    );
    t.write(
        "content/KVALITETSREDOVISNING av-nämnden/2024.md",
        doc(2024, "# 1 Syfte\n\nText.\n"),
    );
    t.write(
        "content/KVALITETSREDOVISNING av-nämnden/_series.yaml",
        "title: Kvalitetsredovisning AV-nämnden\n",
    );
    let out = run(&t, &["build"]);
    assert_no_panic(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    let files = list_files(&t.public());
    assert!(
        files.contains(&"aldreomsorg-overenskommelse/2025/index.html".to_string()),
        "{files:?}"
    );
    assert!(
        files.contains(&"kvalitetsredovisning-av-namnden/2024/index.html".to_string()),
        "{files:?}"
    );
    assert!(t
        .read("aldreomsorg-overenskommelse/2025/index.html")
        .contains("id=\"a-a-o\""));
    let home = t.read("index.html");
    assert!(
        home.contains("aldreomsorg-overenskommelse/")
            && home.contains("Kvalitetsredovisning AV-nämnden"),
        "{home}"
    );
    // Stable: a rebuild gives the same bytes.
    let first = snapshot(&t.public());
    assert!(run(&t, &["build"]).status.success());
    assert_eq!(snapshot(&t.public()), first);
}

// ---- Theme errors -------------------------------------------------------------------

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

/// Fails every `put` after the first `budget` files.
struct FailAfter<'a> {
    inner: &'a styrdok::output::DirSink,
    budget: std::sync::atomic::AtomicUsize,
}

impl styrdok::output::Sink for FailAfter<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> styrdok::Result<()> {
        use std::sync::atomic::Ordering;
        if self
            .budget
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |b| b.checked_sub(1))
            .is_err()
        {
            return Err(styrdok::Error::io(
                Path::new(path),
                std::io::Error::other("disk full (injected)"),
            ));
        }
        self.inner.put(path, bytes)
    }
}

#[test]
fn a_failure_after_any_number_of_files_leaves_public_whole() {
    let (t, before) = built_site();
    t.write("content/avtal/2025.md", DOC_2025.replace("3 250", "4 000"));
    let site = styrdok::site::load(t.root(), &Default::default()).expect("load");
    // Files the build writes through the sink (the output marker is not one of them).
    let total = before
        .keys()
        .filter(|f| f.as_str() != styrdok::output::MARKER)
        .count();
    for budget in (0..total).step_by(3).chain([total - 3]) {
        let sink = styrdok::output::DirSink::new(&t.public()).expect("sink");
        let failing = FailAfter {
            inner: &sink,
            budget: budget.into(),
        };
        let result = styrdok::site::build(&site, &failing, None)
            .and_then(|built| built.write_search_index(&failing));
        assert!(
            result.is_err(),
            "budget {budget} of {total} files must fail the build"
        );
        drop(sink); // what build_to_dir does on error: never commit
        assert_eq!(
            snapshot(&t.public()),
            before,
            "public/ changed after a failure at file {budget}"
        );
        let leftovers: Vec<_> = std::fs::read_dir(t.root())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("staging"))
            .collect();
        assert!(leftovers.is_empty(), "staging left behind at {budget}");
    }
    // With enough room the same build commits the new site.
    let sink = styrdok::output::DirSink::new(&t.public()).expect("sink");
    styrdok::site::build(&site, &sink, None)
        .and_then(|built| built.write_search_index(&sink))
        .expect("build");
    sink.commit().expect("commit");
    assert!(t.read("avtal/2025/index.html").contains("4 000"));
}

#[test]
fn a_broken_template_found_late_leaves_public_whole() {
    // The 404 page renders after every series page is written: a failure there is late.
    let (t, before) = built_site();
    t.write("content/avtal/2025.md", DOC_2025.replace("3 250", "4 000"));
    t.write(
        "theme/templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ page.saknas }}{% endblock main %}\n",
    );
    assert_rejected(
        &t,
        &before,
        "theme/templates/404.html",
        Some(2),
        "page.saknas",
    );
}

/// A site big enough that a debug build takes a noticeable time.
fn write_large_site(t: &SiteTest, series: usize, marker: &str) {
    let words = [
        "nämnden",
        "följer",
        "upp",
        "verksamheten",
        "kvartal",
        "avvikelser",
        "budget",
        "tkr",
        "mål",
        "insats",
    ];
    for s in 0..series {
        for (k, year) in [2023, 2024, 2025].into_iter().enumerate() {
            let mut body = String::new();
            for sec in 0..40 {
                body.push_str(&format!(
                    "## {} Avsnitt {sec} {}\n\n",
                    sec + 1,
                    words[(s + sec) % words.len()]
                ));
                let text: Vec<&str> = (0..80)
                    .map(|w| words[(w * 7 + sec * 3 + s + k * (sec % 3)) % words.len()])
                    .collect();
                body.push_str(&format!(
                    "{} {marker} {} tkr.\n\n",
                    text.join(" "),
                    1000 + sec * year as usize % 977
                ));
            }
            t.write(&format!("content/serie-{s:02}/{year}.md"), doc(year, &body));
        }
    }
}

#[test]
fn kill_9_during_a_build_leaves_the_old_or_the_new_site() {
    let t = SiteTest::new();
    write_large_site(&t, 24, "gammal");
    let first = run(&t, &["build"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let old = snapshot(&t.public());

    // The new site, built once elsewhere as the reference (builds are deterministic).
    write_large_site(&t, 24, "ny");
    t.write("content/serie-00/2026.md", doc(2026, "# Ny\n\nHelt ny.\n"));
    let started = std::time::Instant::now();
    let reference = run(&t, &["build", "--output", "referens"]);
    assert!(reference.status.success(), "{}", stderr(&reference));
    let full = started.elapsed();
    let new = snapshot(&t.root().join("referens"));
    assert_ne!(old, new);

    // Kill points spread over the build, in a seeded shuffle printed for reruns.
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() as u64)
        .unwrap_or(7);
    eprintln!("kill test seed {seed}, full build {full:?}");
    let mut rng = seed | 1;
    let mut saw_old = false;
    for round in 0..6 {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let fraction = (round as f64 + (rng % 1000) as f64 / 1000.0) / 6.0;
        let delay = full.mul_f64(fraction * 1.1);
        let mut child = Command::new(env!("CARGO_BIN_EXE_styrdok"))
            .arg("build")
            .current_dir(t.root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let status = child.wait().expect("wait");
        let now = snapshot(&t.public());
        let which = if now == old {
            saw_old = true;
            "old"
        } else if now == new {
            "new"
        } else {
            let missing: Vec<_> = new
                .keys()
                .filter(|k| !now.contains_key(*k))
                .take(5)
                .collect();
            panic!("round {round} ({delay:?}, {status}): public/ is neither the old nor the new site; missing e.g. {missing:?}");
        };
        eprintln!("round {round}: killed after {delay:?} ({status}): public/ is the {which} site");
        if which == "new" {
            // Put the old site back so later rounds can catch a half-swapped state again.
            write_large_site(&t, 24, "gammal");
            let _ = std::fs::remove_file(t.root().join("content/serie-00/2026.md"));
            assert!(run(&t, &["build"]).status.success());
            assert_eq!(snapshot(&t.public()), old);
            write_large_site(&t, 24, "ny");
            t.write("content/serie-00/2026.md", doc(2026, "# Ny\n\nHelt ny.\n"));
        }
    }
    assert!(saw_old, "at least one kill landed before the swap");
    // A killed build's staging folder is cleaned up by the next build.
    let out = run(&t, &["build"]);
    assert!(out.status.success());
    assert_eq!(snapshot(&t.public()), new);
    let leftovers: Vec<_> = std::fs::read_dir(t.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "stale staging folders removed");
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_make() {
    // The default output folder, before any build made it.
    let t = SiteTest::new();
    t.write("content/avtal/_series.yaml", SERIES_YAML)
        .write("content/avtal/2025.md", DOC_2025)
        .write("public/important.txt", "keep me");
    let out = run(&t, &["build"]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("refusing to replace"),
        "{}",
        stderr(&out)
    );
    assert_eq!(t.read("important.txt"), "keep me");
    // A folder given with --output, next to a site that was built.
    let (t, _) = built_site();
    std::fs::create_dir_all(t.root().join("hem")).unwrap();
    std::fs::write(t.root().join("hem/viktigt.txt"), "behåll mig").unwrap();
    let out = run(&t, &["build", "--output", "hem"]);
    assert_no_panic(&out);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("refusing to replace"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(t.root().join("hem/viktigt.txt")).unwrap(),
        "behåll mig"
    );
}

// ---- Hostile content ----------------------------------------------------------------

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

fn hostile_site() -> SiteTest {
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
