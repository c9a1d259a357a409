//! styrdok: a static site generator for Swedish municipal steering documents.
//!
//! The build follows the data: `content::load` (files → `Corpus`) → `markdown::parse`
//! (body → sections) → `align` (sections across years) → `compare`/`diff` (change
//! logs) → `site` (views → pages through `render`) → `output` (atomic write) and
//! `search` (sharded index). `serve` and `check` sit on top.

pub mod align;
pub mod brand;
pub mod check;
pub mod cli;
pub mod compare;
pub mod config;
pub mod content;
pub mod diff;
pub mod editorial;
pub mod error;
pub mod html;
pub mod import;
pub mod limits;
pub mod markdown;
pub mod new;
pub mod output;
pub mod packed;
pub mod paths;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod strings;
pub mod theme;
pub mod yaml;

pub use error::{Error, Result};

use std::path::Path;

/// Builds the site at `root` into `output` (atomically), returning what was built.
pub fn build_to_dir(
    root: &Path,
    output: &Path,
    options: &site::BuildOptions,
) -> Result<site::BuildReport> {
    let site = site::load(root, options)?;
    let sink = output::DirSink::new(output)?;
    let report = site::build(&site, &sink, None)?.write_search_index(&sink)?;
    sink.commit()?;
    Ok(report)
}

/// Built files by site-relative path.
pub type Files = std::collections::BTreeMap<String, std::sync::Arc<Vec<u8>>>;

/// Builds the site at `root` in memory (for tests and `serve`).
pub fn build_in_memory(
    root: &Path,
    options: &site::BuildOptions,
) -> Result<(site::BuildReport, Files)> {
    let site = site::load(root, options)?;
    let sink = output::MemorySink::default();
    let report = site::build(&site, &sink, None)?.write_search_index(&sink)?;
    Ok((report, sink.into_files()))
}
