//! The theme: Tera templates, static files and UI strings. The default theme (the
//! repository's `theme/` folder) is compiled into the binary; a site's own `theme/`
//! replaces any file of it, one file at a time.

use crate::error::{Error, Location, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../theme/", $path)) as &[u8])),*]
    };
}

/// The default theme's files, relative to `theme/`.
pub const DEFAULT_FILES: &[(&str, &[u8])] = embed!(
    "templates/base.html",
    "templates/macros.html",
    "templates/home.html",
    "templates/series.html",
    "templates/document.html",
    "templates/changes.html",
    "templates/compare.html",
    "templates/search.html",
    "templates/accessibility.html",
    "templates/404.html",
    "templates/latest.html",
    "static/compare.js",
    "static/style.css",
    "static/search.js",
    "static/cite.js",
    "static/latest.js",
    "static/search-box.js",
    "strings.yaml",
);

/// A loaded theme: every file, with where it came from (for error messages).
#[derive(Debug, Clone)]
pub struct Theme {
    /// File contents by path relative to the theme folder.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Where each file came from: a path on disk, or `(built-in)`.
    pub origin: BTreeMap<String, PathBuf>,
}

impl Theme {
    /// The built-in theme only.
    pub fn builtin() -> Theme {
        let mut theme = Theme {
            files: BTreeMap::new(),
            origin: BTreeMap::new(),
        };
        for (path, bytes) in DEFAULT_FILES {
            theme.files.insert(path.to_string(), bytes.to_vec());
            theme.origin.insert(
                path.to_string(),
                PathBuf::from(format!("(built-in theme)/{path}")),
            );
        }
        theme
    }

    /// The built-in theme overlaid with the files of `dir` (if it exists).
    pub fn load(dir: &Path) -> Result<Theme> {
        let mut theme = Theme::builtin();
        if !dir.is_dir() {
            return Ok(theme);
        }
        // Links are followed, but never out of the site root (theme/'s parent).
        let root = crate::paths::resolved_root(dir.parent().unwrap_or(dir));
        let walker = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name();
        for entry in walker {
            let entry = entry.map_err(|e| {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| dir.to_path_buf());
                Error::io(
                    &path,
                    e.into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("unreadable")),
                )
            })?;
            if entry.path_is_symlink() || entry.depth() == 0 {
                if let Some(e) = crate::paths::outside_root(entry.path(), &root) {
                    return Err(e);
                }
            }
            if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.')
            {
                continue;
            }
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let key = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
            theme.files.insert(key.clone(), bytes);
            theme.origin.insert(key, entry.path().to_path_buf());
        }
        Ok(theme)
    }

    /// A text file of the theme (templates, strings), checked for UTF-8.
    pub fn text(&self, key: &str) -> Result<&str> {
        let origin = self.origin(key);
        let bytes = self.files.get(key).ok_or_else(|| {
            Error::at(Location::file(&origin), "theme file is missing")
                .with_hint("restore it or delete the override so the built-in one is used")
        })?;
        crate::content::load::check_utf8(bytes, &origin)
    }

    /// Where a theme file came from.
    pub fn origin(&self, key: &str) -> PathBuf {
        self.origin
            .get(key)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(format!("theme/{key}")))
    }

    /// Static files to copy to `static/`, by path under `static/`.
    pub fn static_files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("static/").map(|p| (p, v.as_slice())))
    }

    /// A hash of every file (to memoise rendering on theme changes).
    pub fn fingerprint(&self) -> blake3::Hash {
        let mut h = blake3::Hasher::new();
        for (k, v) in &self.files {
            h.update(k.as_bytes());
            h.update(&(v.len() as u64).to_le_bytes());
            h.update(v);
        }
        h.finalize()
    }
}
