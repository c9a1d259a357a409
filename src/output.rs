//! Where built files go. `Sink` receives each file as it is rendered (so a large site
//! is streamed, never held whole); `DirSink` writes into a fresh folder that replaces
//! the output folder in one atomic step only after the whole build succeeded.

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Marks a folder as made by styrdok, so it may be replaced.
pub const MARKER: &str = ".styrdok-output";

/// Receives built files by site-relative path ("a/2025/index.html").
pub trait Sink: Sync {
    /// Stores one file.
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()>;

    /// Stores a file that is also kept elsewhere (serve's memo): in-memory sinks share
    /// it instead of copying.
    fn put_shared(&self, path: &str, bytes: Arc<Vec<u8>>) -> Result<()> {
        self.put(path, Arc::unwrap_or_clone(bytes))
    }
}

/// Collects the site in memory (used by `serve` and tests).
#[derive(Debug, Default)]
pub struct MemorySink {
    files: Mutex<BTreeMap<String, Arc<Vec<u8>>>>,
}

impl MemorySink {
    /// The collected files.
    pub fn into_files(self) -> BTreeMap<String, Arc<Vec<u8>>> {
        self.files.into_inner().unwrap_or_else(|p| p.into_inner())
    }
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        self.put_shared(path, Arc::new(bytes))
    }

    fn put_shared(&self, path: &str, bytes: Arc<Vec<u8>>) -> Result<()> {
        self.files
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path.to_string(), bytes);
        Ok(())
    }
}

/// Writes into a staging folder next to the output; `commit` swaps it in.
#[derive(Debug)]
pub struct DirSink {
    staging: PathBuf,
    target: PathBuf,
    /// Folders already created (saves a stat per file on large sites).
    made: Mutex<std::collections::HashSet<PathBuf>>,
}

impl DirSink {
    /// Prepares a staging folder beside `target`. Refuses a `target` that exists but was
    /// not made by styrdok (no marker file), so `--output ~` can never wipe a home folder.
    pub fn new(target: &Path) -> Result<DirSink> {
        let target = absolute(target)?;
        check_replaceable(&target)?;
        let parent = target
            .parent()
            .ok_or_else(|| Error::Usage(format!("cannot write to {}", target.display())))?;
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        remove_stale(parent, &name);
        let staging = parent.join(format!(".{name}.styrdok-staging-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        }
        std::fs::create_dir(&staging).map_err(|e| Error::io(&staging, e))?;
        std::fs::write(
            staging.join(MARKER),
            b"made by styrdok; this folder is replaced on every build\n",
        )
        .map_err(|e| Error::io(&staging, e))?;
        Ok(DirSink {
            staging,
            target,
            made: Mutex::new(Default::default()),
        })
    }

    /// The staging folder (for tests that inject failures).
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// Swaps the staging folder in place of the target, atomically where the OS allows.
    pub fn commit(self) -> Result<()> {
        let staging = self.staging.clone();
        let target = self.target.clone();
        std::mem::forget(self);
        if target.exists() {
            check_replaceable(&target)?;
            if exchange(&staging, &target).is_ok() {
                // `staging` now holds the previous output.
                let _ = remove_own_dir(&staging);
                return Ok(());
            }
            let old = staging.with_extension("old");
            std::fs::rename(&target, &old).map_err(|e| Error::io(&target, e))?;
            std::fs::rename(&staging, &target).map_err(|e| Error::io(&target, e))?;
            let _ = remove_own_dir(&old);
        } else {
            std::fs::rename(&staging, &target).map_err(|e| Error::io(&target, e))?;
        }
        Ok(())
    }
}

impl Drop for DirSink {
    /// A build that did not commit leaves no trace; the previous output is untouched.
    fn drop(&mut self) {
        let _ = remove_own_dir(&self.staging);
    }
}

impl Sink for DirSink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        if path.split('/').any(|p| p == ".." || p.is_empty()) || path.starts_with('/') {
            return Err(Error::Usage(format!(
                "refusing to write outside the output: {path}"
            )));
        }
        let full = self.staging.join(path);
        if let Some(dir) = full.parent() {
            let known = self
                .made
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .contains(dir);
            if !known {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
                self.made
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .insert(dir.to_path_buf());
            }
        }
        std::fs::write(&full, bytes).map_err(|e| Error::io(&full, e))
    }
}

fn absolute(path: &Path) -> Result<PathBuf> {
    if path.is_absolute() {
        return Ok(path.to_path_buf());
    }
    let cwd = std::env::current_dir().map_err(|e| Error::io(Path::new("."), e))?;
    Ok(cwd.join(path))
}

fn check_replaceable(target: &Path) -> Result<()> {
    if !target.exists() {
        return Ok(());
    }
    let empty = std::fs::read_dir(target)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false);
    if target.is_dir() && (empty || target.join(MARKER).is_file()) {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "refusing to replace {}: it exists and was not made by styrdok (no {MARKER} file); choose another --output or empty it",
        target.display()
    )))
}

/// Removes staging folders left by builds that were killed: only real folders (not
/// links) that carry styrdok's marker, named for a process that no longer runs. A
/// folder someone else named `.public.styrdok-staging-1` is left alone.
fn remove_stale(parent: &Path, name: &str) {
    let prefix = format!(".{name}.styrdok-staging-");
    if let Ok(entries) = std::fs::read_dir(parent) {
        for e in entries.flatten() {
            let file = e.file_name().to_string_lossy().into_owned();
            let pid = file
                .strip_prefix(&prefix)
                .and_then(|rest| rest.split('.').next())
                .and_then(|p| p.parse::<u32>().ok());
            let Some(pid) = pid else { continue };
            let is_dir = std::fs::symlink_metadata(e.path()).is_ok_and(|m| m.is_dir());
            let ours = std::fs::symlink_metadata(e.path().join(MARKER)).is_ok_and(|m| m.is_file());
            // Empty: killed between making the folder and writing the marker, or at the
            // very end of `remove_own_dir`.
            let empty = std::fs::read_dir(e.path()).is_ok_and(|mut d| d.next().is_none());
            let dead = !Path::new(&format!("/proc/{pid}")).exists() || pid == std::process::id();
            if is_dir && (ours || empty) && dead {
                let _ = remove_own_dir(&e.path());
            }
        }
    }
}

/// Removes a folder styrdok made, its marker last, so a removal cut short by `kill -9`
/// leaves a folder the next build still recognises as its own (or an empty one).
fn remove_own_dir(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name() == MARKER {
            continue;
        }
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())?;
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
    let _ = std::fs::remove_file(dir.join(MARKER));
    std::fs::remove_dir(dir)
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; renameat2 does not keep the pointers.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("no atomic exchange on this platform"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_foreign_folder_and_swaps_own() {
        let tmp = tempfile::tempdir().unwrap();
        let foreign = tmp.path().join("home");
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("precious.txt"), "x").unwrap();
        assert!(DirSink::new(&foreign).is_err());
        assert!(foreign.join("precious.txt").exists());

        let out = tmp.path().join("public");
        let sink = DirSink::new(&out).unwrap();
        sink.put("a/index.html", b"one".to_vec()).unwrap();
        sink.commit().unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"one");
        let sink = DirSink::new(&out).unwrap();
        sink.put("b.html", b"two".to_vec()).unwrap();
        drop(sink); // failed build
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"one");
        assert!(!out.join("b.html").exists());
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    }

    #[test]
    fn stale_staging_is_removed_only_with_the_marker() {
        let tmp = tempfile::tempdir().unwrap();
        let ours = tmp.path().join(".public.styrdok-staging-999999999");
        let theirs = tmp.path().join(".public.styrdok-staging-999999998");
        let linked = tmp.path().join(".public.styrdok-staging-999999997");
        let target = tmp.path().join("elsewhere");
        for dir in [&ours, &theirs, &target] {
            std::fs::create_dir(dir).unwrap();
            std::fs::write(dir.join("file"), "x").unwrap();
        }
        std::fs::write(ours.join(MARKER), "").unwrap();
        std::fs::write(target.join(MARKER), "").unwrap();
        std::os::unix::fs::symlink(&target, &linked).unwrap();
        let empty = tmp.path().join(".public.styrdok-staging-999999996");
        std::fs::create_dir(&empty).unwrap();
        remove_stale(tmp.path(), "public");
        assert!(!ours.exists(), "a killed build's staging folder goes");
        assert!(!empty.exists(), "so does an empty one");
        assert!(
            theirs.join("file").exists(),
            "a folder without the marker stays"
        );
        assert!(
            linked.exists() && target.join("file").exists(),
            "a link is not followed"
        );
    }

    #[test]
    fn rejects_paths_outside() {
        let tmp = tempfile::tempdir().unwrap();
        let sink = DirSink::new(&tmp.path().join("p")).unwrap();
        assert!(sink.put("../x", vec![]).is_err());
        assert!(sink.put("/etc/x", vec![]).is_err());
    }
}
