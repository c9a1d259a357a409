//! The content model: series → editions (one per year). Only `load` touches the disk;
//! `front_matter::split`/`parse` are pure.

pub mod front_matter;
pub mod load;

pub use front_matter::FrontMatter;
pub use load::load;

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Every series found under `content/`, sorted by slug.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// The series.
    pub series: Vec<Series>,
    /// Problems that did not stop the build (skipped files, symlink loops).
    pub warnings: Vec<String>,
}

/// One recurring document (e.g. one agreement), with one edition per year.
#[derive(Debug, Clone)]
pub struct Series {
    /// URL slug, from the folder name.
    pub slug: String,
    /// The folder (for error messages).
    pub dir: PathBuf,
    /// `_series.yaml`.
    pub meta: SeriesMeta,
    /// Editions sorted by year, oldest first.
    pub editions: Vec<Edition>,
}

/// `content/<series>/_series.yaml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SeriesMeta {
    /// Title of the series ("Överenskommelse KAN–DSO").
    pub title: String,
    /// Municipality or region.
    pub municipality: String,
    /// The committee (nämnd) that owns the document.
    pub committee: String,
    /// The parties of an agreement.
    pub parties: Vec<String>,
    /// A sentence or two on what the document is.
    pub description: String,
}

/// One document of a series for one year.
#[derive(Debug, Clone)]
pub struct Edition {
    /// The year (from the file name, checked against front matter).
    pub year: i32,
    /// The source file.
    pub path: PathBuf,
    /// Parsed front matter.
    pub front: FrontMatter,
    /// The Markdown after the front matter.
    pub body: String,
    /// 1-based line of the file where `body` starts.
    pub body_line: usize,
}

impl Edition {
    /// True for drafts (`status: utkast`), which `build` leaves out unless `--drafts`.
    pub fn is_draft(&self) -> bool {
        self.front
            .status
            .as_deref()
            .map(str::trim)
            .is_some_and(|s| s.eq_ignore_ascii_case("utkast"))
    }
}

impl Corpus {
    /// Removes draft editions (and series left empty).
    pub fn without_drafts(mut self) -> Corpus {
        for s in &mut self.series {
            s.editions.retain(|e| !e.is_draft());
        }
        self.series.retain(|s| !s.editions.is_empty());
        self
    }

    /// Number of editions (documents).
    pub fn document_count(&self) -> usize {
        self.series.iter().map(|s| s.editions.len()).sum()
    }
}
