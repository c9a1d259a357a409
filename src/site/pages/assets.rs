//! A document's own images (`content/<serie>/<år>/*.png`, as `styrdok import` extracts
//! them), copied next to its page so that the Markdown's `<år>/bild.png` resolves the
//! same on the page as beside the source file. Only image types a browser shows are
//! copied; nothing else in that folder is published.

use crate::error::{Error, Result};
use crate::site::model::SeriesModel;
use crate::site::Ctx;
use std::path::{Path, PathBuf};

const IMAGE_TYPES: &[&str] = &["png", "jpg", "jpeg", "gif", "webp"];

/// Copies the images of edition `e`; returns how many.
pub(super) fn write(ctx: &Ctx, m: &SeriesModel, e: usize) -> Result<usize> {
    let year = m.year(e);
    let images = images(&m.edition(e).path, year);
    for path in &images {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let bytes = std::fs::read(path).map_err(|err| Error::io(path, err))?;
        ctx.sink
            .put(&format!("{}{year}/{name}", m.document_dir(e)), bytes)?;
    }
    Ok(images.len())
}

/// Names, sizes and modification times of a document's images, for serve's memo key
/// (a series' output depends on them).
pub(crate) fn fingerprint(document: &Path, year: i32, h: &mut blake3::Hasher) {
    for path in images(document, year) {
        h.update(path.as_os_str().as_encoded_bytes());
        if let Ok(meta) = std::fs::metadata(&path) {
            h.update(&meta.len().to_le_bytes());
            if let Ok(since) = meta
                .modified()
                .map(|t| t.duration_since(std::time::UNIX_EPOCH).unwrap_or_default())
            {
                h.update(&since.as_nanos().to_le_bytes());
            }
        }
    }
}

/// The image files in `<år>/` beside `document`, sorted.
fn images(document: &Path, year: i32) -> Vec<PathBuf> {
    let Some(folder) = document.parent().map(|p| p.join(year.to_string())) else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .flatten()
        // Regular files only: a symbolic link could point anywhere on the disk.
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| {
            e.file_name().to_str().is_some_and(|n| {
                !n.starts_with('.')
                    && n.rsplit_once('.').is_some_and(|(_, ext)| {
                        IMAGE_TYPES.contains(&ext.to_ascii_lowercase().as_str())
                    })
            })
        })
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}
