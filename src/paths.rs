//! Symbolic links may not lead out of the site root: a link in `content/`, `theme/` or
//! in place of `styrdok.yaml` to `/etc/passwd` or a home folder would otherwise be
//! read, published, or quoted back.

use crate::error::{Error, Location};
use std::path::{Path, PathBuf};

/// The site root as the file system resolves it (links followed), or `root` itself
/// when it cannot be resolved (reading it fails later with a clear error).
pub fn resolved_root(root: &Path) -> PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

/// An error when `path` resolves to a place outside `root` (a resolved root). A path
/// that does not resolve (dangling link, missing file) is left to the reader to report.
pub fn outside_root(path: &Path, root: &Path) -> Option<Error> {
    let target = path.canonicalize().ok()?;
    if target.starts_with(root) {
        return None;
    }
    Some(
        Error::at(
            Location::new(path, 1, 1),
            "a symbolic link leads outside the site folder: styrdok reads only files inside it",
        )
        .with_hint("copy the file into the site folder, or remove the link"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_inside_pass_and_links_outside_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content/a")).unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "hemligt").unwrap();
        std::fs::write(root.join("content/a/2025.md"), "x").unwrap();
        let link_in = root.join("content/a/2026.md");
        let link_out = root.join("content/a/_series.yaml");
        std::os::unix::fs::symlink(root.join("content/a/2025.md"), &link_in).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), &link_out).unwrap();
        let resolved = resolved_root(&root);
        assert!(outside_root(&link_in, &resolved).is_none());
        let err = outside_root(&link_out, &resolved).unwrap().to_string();
        assert!(
            err.contains("_series.yaml:1:1: a symbolic link leads outside"),
            "{err}"
        );
        assert!(!err.contains("secret") && !err.contains("hemligt"), "{err}");
        assert!(outside_root(&root.join("nowhere"), &resolved).is_none());
    }
}
