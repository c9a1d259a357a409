//! `styrdok import`: .docx fixtures written by `crate::support::docx` (real OOXML parts) are
//! imported with the real binary, and the Markdown, the report and the built site are
//! checked, one Word feature per test; then a whole bundled document round-trips
//! through Word structure (e2e at the end).

use crate::support::docx::*;
use crate::support::SiteTest;
use std::path::Path;

mod content;
mod refusals;
mod round_trip;
mod structure;

/// Runs `styrdok import` on `bytes` (written as `doc.docx` in the site root).
fn import(site: &SiteTest, bytes: &[u8], extra: &[&str]) -> std::process::Output {
    site.write("doc.docx", bytes);
    let mut args = vec!["import", "doc.docx"];
    args.extend_from_slice(extra);
    site.run(&args)
}

fn ok(out: &std::process::Output) -> (String, String) {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "import failed:\n{stdout}\n{stderr}");
    (stdout, stderr)
}

fn body_of(markdown: &str) -> &str {
    markdown.splitn(3, "---\n").nth(2).unwrap_or("").trim()
}

/// A minimal cover so that title and year are known.
fn cover(rows: &[(&str, &str)]) -> String {
    let rows: Vec<String> = rows
        .iter()
        .map(|(l, v)| row(&[text_cell(l), text_cell(v)], false))
        .collect();
    table(2, &rows)
}

fn doc_with(body: &str) -> Docx {
    let mut d = Docx::new();
    d.add(&cover(&[
        ("Dokumenttitel", "Testavtal 2025"),
        ("Diarienummer", "T1"),
        ("Giltighetstid", "2025"),
    ]));
    d.add(body);
    d
}
