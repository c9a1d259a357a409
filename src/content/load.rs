//! Reads `content/` from disk into a `Corpus`: the only code that reads content files.
//! Every bad file is reported (not only the first), each with its path and line.

use super::{front_matter, Corpus, Edition, Series, SeriesMeta};
use crate::error::{Error, Location, Result};
use crate::slug::slugify;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The per-series metadata file.
pub const SERIES_FILE: &str = "_series.yaml";

/// Loads every series under `content_dir`.
pub fn load(content_dir: &Path) -> Result<Corpus> {
    let meta = std::fs::metadata(content_dir).map_err(|e| Error::io(content_dir, e))?;
    if !meta.is_dir() {
        return Err(Error::Usage(format!(
            "{} is not a folder",
            content_dir.display()
        )));
    }
    let mut warnings = Vec::new();
    let mut files: Vec<PathBuf> = Vec::new();
    // Links are followed, but never out of the site root (content/'s parent).
    let root = crate::paths::resolved_root(content_dir.parent().unwrap_or(content_dir));
    let mut errors = Vec::new();
    if let Some(e) = crate::paths::outside_root(content_dir, &root) {
        return Err(e);
    }
    let mut walker = walkdir::WalkDir::new(content_dir)
        .min_depth(1)
        .max_depth(2)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        match entry {
            Ok(e) => {
                let name = e.file_name().to_string_lossy();
                if name.starts_with('.') || name.ends_with('~') {
                    continue;
                }
                if e.path_is_symlink() {
                    if let Some(err) = crate::paths::outside_root(e.path(), &root) {
                        errors.push(err);
                        if e.file_type().is_dir() {
                            walker.skip_current_dir();
                        }
                        continue;
                    }
                }
                if e.file_type().is_file() {
                    files.push(e.into_path());
                }
            }
            Err(e) if e.loop_ancestor().is_some() => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                warnings.push(format!("{}: skipped: symbolic link loop", path.display()));
            }
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| content_dir.to_path_buf());
                let source = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("unreadable"));
                errors.push(unreadable(&path, &source));
            }
        }
    }

    // Group files by series folder.
    let mut by_dir: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for file in files {
        let parent = file.parent().unwrap_or(content_dir).to_path_buf();
        if parent == content_dir {
            warnings.push(format!(
                "{}: skipped: documents go in content/<serie>/<år>.md",
                file.display()
            ));
            continue;
        }
        by_dir.entry(parent).or_default().push(file);
    }

    let loaded: Vec<Result<Series, Vec<Error>>> = by_dir
        .into_par_iter()
        .map(|(dir, files)| load_series(&dir, &files))
        .collect();
    let mut series: Vec<Series> = Vec::new();
    for result in loaded {
        match result {
            Ok(s) if s.editions.is_empty() => warnings.push(format!(
                "{}: skipped: no <år>.md documents",
                s.dir.display()
            )),
            Ok(s) => series.push(s),
            Err(mut errs) => errors.append(&mut errs),
        }
    }
    finish(series, warnings, errors)
}

/// Loads `content_dir` again after changes inside the series folders `dirs` (direct
/// children of it, existing or removed), keeping the other series of `previous` (the
/// corpus as `load` read it before) as they are: what `load` would give, reading only
/// those folders. `None` when only `load` can tell: `previous` had warnings, or a
/// folder is a symbolic link, not a folder, or holds no documents.
pub fn reload(
    content_dir: &Path,
    previous: Corpus,
    dirs: &std::collections::BTreeSet<PathBuf>,
) -> Option<Result<Corpus>> {
    if !previous.warnings.is_empty() {
        return None;
    }
    let mut series = previous.series;
    let mut errors = Vec::new();
    for dir in dirs {
        if dir.parent() != Some(content_dir) {
            return None;
        }
        series.retain(|s| &s.dir != dir);
        let meta = match std::fs::symlink_metadata(dir) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(_) => return None,
        };
        if !meta.is_dir() {
            return None;
        }
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).ok()? {
            let entry = entry.ok()?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name.ends_with('~') {
                continue;
            }
            let kind = entry.file_type().ok()?;
            if kind.is_symlink() {
                return None;
            }
            if kind.is_file() {
                files.push(entry.path());
            }
        }
        if files.is_empty() {
            continue;
        }
        files.sort();
        match load_series(dir, &files) {
            Ok(s) if s.editions.is_empty() => return None,
            Ok(s) => series.push(s),
            Err(mut errs) => errors.append(&mut errs),
        }
    }
    // In folder order, as `load` meets them.
    series.sort_by(|a, b| a.dir.cmp(&b.dir));
    Some(finish(series, Vec::new(), errors))
}

/// Checks the series against each other and sorts them by slug.
fn finish(
    mut series: Vec<Series>,
    warnings: Vec<String>,
    mut errors: Vec<Error>,
) -> Result<Corpus> {
    for s in &series {
        if crate::site::urls::RESERVED_TOP_LEVEL.contains(&s.slug.as_str()) {
            errors.push(reserved_name(s));
        }
    }
    series.sort_by(|a, b| a.slug.cmp(&b.slug).then_with(|| a.dir.cmp(&b.dir)));
    for pair in series.windows(2) {
        if pair[0].slug == pair[1].slug {
            // Point at a document of the second folder: its year would be published twice.
            let at = pair[1]
                .editions
                .first()
                .map_or_else(|| pair[1].dir.clone(), |e| e.path.clone());
            errors.push(
                Error::at(
                    Location::new(at, 1, 1),
                    format!(
                        "series folder {} gives the same URL `{}` as {}",
                        crate::error::show_path(&pair[1].dir),
                        pair[1].slug,
                        crate::error::show_path(&pair[0].dir)
                    ),
                )
                .with_hint("rename one of the folders (folder names become URLs: lowercase, å ä ö → a a o, spaces → -)"),
            );
        }
    }
    Error::collect(errors)?;
    Ok(Corpus { series, warnings })
}

/// A series whose URL would be a page of the site itself (`sok/`, `static/` …).
fn reserved_name(s: &Series) -> Error {
    let at = s
        .editions
        .first()
        .map_or_else(|| s.dir.clone(), |e| e.path.clone());
    Error::at(
        Location::new(at, 1, 1),
        format!(
            "series folder {} gives the URL `{}/`, which the site itself uses",
            crate::error::show_path(&s.dir),
            s.slug
        ),
    )
    .with_hint(format!(
        "rename the folder; these names are taken: {}",
        crate::site::urls::RESERVED_TOP_LEVEL.join(", ")
    ))
}

fn load_series(dir: &Path, files: &[PathBuf]) -> Result<Series, Vec<Error>> {
    let folder = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The folder name is the default title: no control characters on pages or in the feed.
    let title = folder
        .chars()
        .filter(|&c| !crate::yaml::is_forbidden_char(c))
        .collect::<String>();
    let mut errors = Vec::new();
    let mut meta = SeriesMeta {
        title: title.clone(),
        ..Default::default()
    };
    let docs: Vec<&PathBuf> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "md"))
        .collect();
    if let Some(meta_path) = files
        .iter()
        .find(|f| f.file_name().is_some_and(|n| n == SERIES_FILE))
    {
        match read_text(meta_path)
            .and_then(|src| crate::yaml::parse::<SeriesMeta>(&src, meta_path, 1))
        {
            Ok(m) => {
                meta = m;
                if meta.title.trim().is_empty() {
                    meta.title = title.clone();
                }
            }
            Err(e) => errors.push(e),
        }
    }
    let results: Vec<Result<Edition>> = docs.par_iter().map(|path| load_edition(path)).collect();
    let mut editions: Vec<Edition> = Vec::new();
    for r in results {
        match r {
            Ok(e) => editions.push(e),
            Err(e) => errors.push(e),
        }
    }
    editions.sort_by_key(|e| e.year);
    for pair in editions.windows(2) {
        if pair[0].year == pair[1].year {
            errors.push(Error::at(
                Location::new(&pair[1].path, 1, 1),
                format!(
                    "two documents for {} in this series (also {})",
                    pair[1].year,
                    pair[0].path.display()
                ),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Series {
        slug: slugify(&folder),
        dir: dir.to_path_buf(),
        meta,
        editions,
    })
}

/// Reads and checks one `<year>.md`.
pub fn load_edition(path: &Path) -> Result<Edition> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file_year: i32 = match stem.parse() {
        Ok(y) if (1000..=9999).contains(&y) && stem.len() == 4 => y,
        _ => {
            return Err(Error::at(
                Location::new(path, 1, 1),
                "a document's file name must be its year, e.g. 2025.md",
            )
            .with_hint("one file per year: content/<serie>/<år>.md"))
        }
    };
    let text = read_text(path)?;
    let split = front_matter::split(&text, path)?;
    crate::limits::check_tables(split.body, path, split.body_line)?;
    let front = front_matter::parse(split.yaml, split.yaml_line, path, file_year)?;
    Ok(Edition {
        year: file_year,
        path: path.to_path_buf(),
        front,
        body: split.body.to_string(),
        body_line: split.body_line,
    })
}

/// Reads a UTF-8 file; invalid UTF-8 is reported with the line, column and byte.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| unreadable(path, &e))?;
    check_utf8(&bytes, path)?;
    // Checked just above; the lossy conversion copies nothing it would change.
    Ok(String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// `bytes` as text, or an error at the line and column of the first invalid byte.
pub fn check_utf8<'a>(bytes: &'a [u8], path: &Path) -> Result<&'a str> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let before = &bytes[..at];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let col = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        let byte = bytes.get(at).copied().unwrap_or(0);
        Error::at(
            Location::new(path, line, col),
            format!("not valid UTF-8: byte 0x{byte:02X} at offset {at}"),
        )
        .with_hint("save the file as UTF-8")
    })
}

/// A file that exists but cannot be read (permissions, a dangling link, an I/O error).
fn unreadable(path: &Path, e: &std::io::Error) -> Error {
    let hint = match e.kind() {
        std::io::ErrorKind::PermissionDenied => {
            "check the file's permissions: styrdok must be able to read it"
        }
        std::io::ErrorKind::NotFound => {
            "a symbolic link points to a file that does not exist: fix or remove the link"
        }
        _ => "check the file and the disk; remove the file if it should not be published",
    };
    Error::at(
        Location::new(path, 1, 1),
        format!("cannot read the file: {e}"),
    )
    .with_hint(hint)
}
