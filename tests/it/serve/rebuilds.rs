//! Edits: the event stream, the polling watcher, and the served site against a full build after every edit.

use super::*;

#[test]
fn event_stream_announces_an_edit() {
    let site = fixture();
    let serve = Serve::start(site.root());
    let mut events = serve.events();
    let names = |got: &[(String, String)]| got.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();

    site.write(
        "content/avtal/2024.md",
        doc(2024, "", "Första året, nu ändrat."),
    );
    let got = events.settle();
    assert_eq!(got[0].0, "reload", "{got:?}");
    assert!(got[0].1.contains("\"version\""), "{got:?}");
    // The changed pages travel with the event; pages the edit cannot touch are not named.
    assert!(
        got[0].1.contains("\"avtal/2024/index.html\"") && got[0].1.contains("\"full\":false"),
        "{got:?}"
    );
    assert!(!got[0].1.contains("tillganglighet/"), "{got:?}");
    assert!(serve
        .get("/avtal/2024/")
        .text()
        .contains("Första året, nu ändrat."));

    // A CSS-only change is a stylesheet swap, not a reload.
    site.write("theme/static/style.css", "body { color: rebeccapurple; }\n");
    let got = events.settle();
    assert!(
        names(&got).contains(&"css".to_string()) && !names(&got).contains(&"reload".to_string()),
        "{got:?}"
    );
    assert!(serve
        .get("/static/style.css")
        .text()
        .contains("rebeccapurple"));

    // A broken config is reported with its place; the last good site stays served.
    site.write("styrdok.yaml", "title: Förhandsvisning\nlanguage: [sv\n");
    let got = events.settle();
    assert_eq!(names(&got), ["failed"], "{got:?}");
    assert!(got[0].1.contains("\"location\":\"styrdok.yaml:"), "{got:?}");
    assert!(serve
        .get("/avtal/2024/")
        .text()
        .contains("Första året, nu ändrat."));
    site.write("styrdok.yaml", "title: Förhandsvisning\n");
    let got = events.settle();
    assert_eq!(
        names(&got),
        ["fixed"],
        "the same bytes as the last good site: only the overlay goes"
    );
    assert!(
        serve.output().contains("build failed"),
        "{}",
        serve.output()
    );
}

/// `styrdok build --drafts` of `root` into a temp dir's `out/`.
pub(super) fn build_drafts(root: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_styrdok"))
        .args(["build", "--drafts", "--root"])
        .arg(root)
        .arg("--output")
        .arg(dir.path().join("out"))
        .output()
        .expect("run build");
    assert!(
        out.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

/// Every file of a full build is served with the same bytes (HTML less the script).
pub(super) fn assert_same_as_build(serve: &Serve, root: &Path, step: &str) {
    let built = build_drafts(root);
    let out = built.path().join("out");
    let files: Vec<String> = list_files(&out)
        .into_iter()
        .filter(|f| f != ".styrdok-output")
        .collect();
    assert!(files.len() > 10, "{step}: {files:?}");
    for f in &files {
        let expected = std::fs::read(out.join(f)).unwrap();
        let r = serve.get(&format!("/{f}"));
        assert_eq!(r.status, 200, "{step}: {f}");
        assert!(
            without_script(&r.body) == expected,
            "{step}: {f} differs from a full build:\n{}",
            String::from_utf8_lossy(&r.body)
        );
    }
}

/// One edit of the site at a root.
type Edit = Box<dyn Fn(&Path)>;

#[test]
fn served_site_equals_a_full_build_after_every_edit() {
    let site = fixture();
    site.write("content/regler/_series.yaml", "title: Reglerna\n");
    site.write(
        "content/regler/2023.md",
        doc(2023, "", "Reglerna första året."),
    );
    // Index search after publishing the pages, whatever the size, as on a large site.
    let serve = Serve::start_with(
        site.root(),
        0,
        &[("STYRDOK_SERVE_SEARCH_INLINE_MS", "0")],
        &[],
    );
    let mut events = serve.events();
    assert_same_as_build(&serve, site.root(), "start");
    let mut deferred = 0;

    let steps: Vec<(&str, Edit)> = vec![
        (
            "edit a document",
            Box::new(|r: &Path| {
                std::fs::write(
                    r.join("content/avtal/2024.md"),
                    doc(2024, "", "Ny inledning."),
                )
                .unwrap()
            }),
        ),
        (
            "save by temp file and rename",
            Box::new(|r: &Path| {
                let tmp = r.join("content/avtal/2024.md.tmp.4711");
                std::fs::write(&tmp, doc(2024, "", "Sparad via omdöpning.")).unwrap();
                std::fs::rename(&tmp, r.join("content/avtal/2024.md")).unwrap();
            }),
        ),
        (
            "add a year",
            Box::new(|r: &Path| {
                std::fs::write(
                    r.join("content/avtal/2026.md"),
                    doc(2026, "", "Ett tredje år."),
                )
                .unwrap()
            }),
        ),
        (
            "add a series in a new folder",
            Box::new(|r: &Path| {
                std::fs::create_dir_all(r.join("content/ny-serie")).unwrap();
                std::fs::write(
                    r.join("content/ny-serie/2025.md"),
                    doc(2025, "", "En ny serie."),
                )
                .unwrap();
            }),
        ),
        (
            "edit two series in one save",
            Box::new(|r: &Path| {
                std::fs::write(
                    r.join("content/avtal/2024.md"),
                    doc(2024, "", "Två serier samtidigt."),
                )
                .unwrap();
                std::fs::write(
                    r.join("content/regler/2023.md"),
                    doc(2023, "", "Reglerna, också ändrade."),
                )
                .unwrap();
            }),
        ),
        (
            "add an image beside a document",
            Box::new(|r: &Path| {
                std::fs::create_dir_all(r.join("content/avtal/2024")).unwrap();
                std::fs::write(r.join("content/avtal/2024/bild.png"), b"\x89PNG\r\n\x1a\n")
                    .unwrap();
            }),
        ),
        (
            "edit series metadata",
            Box::new(|r: &Path| {
                std::fs::write(
                    r.join("content/avtal/_series.yaml"),
                    "title: Avtalet, omdöpt\n",
                )
                .unwrap()
            }),
        ),
        (
            "remove a year",
            Box::new(|r: &Path| std::fs::remove_file(r.join("content/avtal/2025.md")).unwrap()),
        ),
        (
            "remove a series folder",
            Box::new(|r: &Path| std::fs::remove_dir_all(r.join("content/regler")).unwrap()),
        ),
        (
            "change the site title",
            Box::new(|r: &Path| {
                std::fs::write(r.join("styrdok.yaml"), "title: Ny titel\n").unwrap()
            }),
        ),
        (
            "override a template",
            Box::new(|r: &Path| {
                std::fs::create_dir_all(r.join("theme/templates")).unwrap();
                std::fs::write(
                    r.join("theme/templates/404.html"),
                    "{% extends \"base.html\" %}{% block main %}<h1>Borta</h1>{% endblock main %}",
                )
                .unwrap();
            }),
        ),
        (
            "change a UI string",
            Box::new(|r: &Path| {
                let builtin =
                    std::fs::read_to_string(crate::support::repo_root().join("theme/strings.yaml"))
                        .unwrap();
                std::fs::write(
                    r.join("theme/strings.yaml"),
                    builtin.replace("home: Startsida", "home: Hem"),
                )
                .unwrap();
            }),
        ),
        (
            "restore the document",
            Box::new(|r: &Path| {
                std::fs::write(
                    r.join("content/avtal/2024.md"),
                    doc(2024, "", "Första året."),
                )
                .unwrap()
            }),
        ),
    ];
    for (step, edit) in &steps {
        edit(site.root());
        let got = events.settle();
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert!(
            names
                .iter()
                .all(|n| ["reload", "css", "assets", "complete"].contains(n)),
            "{step}: {got:?}\n{}",
            serve.output()
        );
        deferred += usize::from(got.iter().any(|(_, d)| d.contains("\"complete\":false")));
        assert_same_as_build(&serve, site.root(), step);
    }
    assert!(
        deferred >= 5,
        "search was indexed after the pages in {deferred} steps"
    );
    assert_eq!(
        serve.get("/avtal/2025/").status,
        404,
        "a removed year is gone"
    );
    assert_eq!(
        serve.get("/regler/").status,
        404,
        "a removed series is gone"
    );
    assert!(serve.get("/nope/").text().contains("Borta"));
    assert_eq!(
        std::fs::read_to_string(site.root().join("public/index.html")).unwrap(),
        STALE_PUBLIC,
        "public/ untouched"
    );
}

#[test]
fn polling_watcher_sees_edits_and_new_folders() {
    let site = fixture();
    let serve = Serve::start_with(site.root(), 0, &[], &["--poll"]);
    let mut events = serve.events();
    site.write(
        "content/avtal/2024.md",
        doc(2024, "", "Ändrat medan vi pollar."),
    );
    let got = events.settle();
    assert_eq!(got[0].0, "reload", "{got:?}");
    assert!(http(serve.port, "GET", "/avtal/2024/")
        .text()
        .contains("Ändrat medan vi pollar."));
    site.write("content/ny/2025.md", doc(2025, "", "En ny mapp."));
    events.settle();
    assert!(serve.get("/ny/2025/").text().contains("En ny mapp."));
}
