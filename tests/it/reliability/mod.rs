//! Reliability: every bad input gives either a correct site or a `path:line:col`
//! error with exit code 1 and the previous `public/` byte-identical; no input makes
//! styrdok panic; the output swap survives failures injected mid-build and `kill -9`.

mod hardening;

use crate::support::{list_files, SiteTest};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

mod atomic_output;
mod bad_input;
mod hostile_content;
mod size_and_names;
mod templates;

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
