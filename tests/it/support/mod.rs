//! Shared helpers for integration tests: fixture sites in temp dirs, the built
//! binary, and a headless browser.
#![allow(dead_code, unreachable_pub)]

pub mod docx;
pub mod expected;
pub mod server;
pub mod webdriver;

use std::path::{Path, PathBuf};

/// A site in a temp dir: write files, build, read output.
pub struct SiteTest {
    pub dir: tempfile::TempDir,
}

impl SiteTest {
    /// An empty site.
    pub fn new() -> SiteTest {
        SiteTest {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    /// A copy of the site in `tests/fixtures/<name>` (everything but its `expected/`).
    pub fn fixture(name: &str) -> SiteTest {
        let t = SiteTest::new();
        let from = fixture_dir(name);
        let entries =
            std::fs::read_dir(&from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
        for entry in entries.flatten() {
            if entry.file_name() != "expected" {
                copy_dir(&entry.path(), &t.root().join(entry.file_name()));
            }
        }
        t
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file under the root (creating folders).
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Self {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    /// Output folder.
    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Reads a built file as text.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.public().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// The open data of one year: the document of `year` in `<slug>/index.json` (which
    /// holds every year of the series), with the series' own keys.
    pub fn document_json(&self, slug: &str, year: i32) -> serde_json::Value {
        let rel = format!("{slug}/index.json");
        let series: serde_json::Value =
            serde_json::from_str(&self.read(&rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let mut doc = series["documents"]
            .as_array()
            .unwrap_or_else(|| panic!("{rel}: no documents"))
            .iter()
            .find(|d| d["year"] == year)
            .unwrap_or_else(|| panic!("{rel}: no document of {year}"))
            .clone();
        doc["series"] = series["series"].clone();
        doc["series_title"] = series["series_title"].clone();
        doc
    }

    /// Runs the real `styrdok` binary with `args` (the root is passed as --root where asked).
    pub fn run(&self, args: &[&str]) -> std::process::Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_styrdok"))
            .args(args)
            .current_dir(self.root())
            .output()
            .expect("run styrdok")
    }

    /// `styrdok build` in the site root; panics with stderr on failure.
    pub fn build(&self) -> &Self {
        let out = self.run(&["build"]);
        assert!(
            out.status.success(),
            "build failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        self
    }
}

/// The repository root (holds the bundled site).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<name>`.
pub fn fixture_dir(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// Recursively copies a folder (or one file).
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Every file in a built folder, relative paths sorted.
pub fn list_files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}
