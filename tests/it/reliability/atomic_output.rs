//! The output swap: failures injected mid-build, `kill -9`, a folder styrdok did not make.

use super::*;

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
