//! Writing an import: checked first (never overwrite without `--force`), then written
//! so that a failure leaves nothing behind: images, then the document through a
//! temporary file renamed into place, then `_series.yaml` for a new series.

use super::{Converted, Report};
use crate::content::front_matter;
use crate::error::{Error, Location, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `converted` under `root/content/`; returns the report with the files written.
pub fn write(root: &Path, converted: Converted, force: bool) -> Result<Report> {
    let Converted {
        series,
        year,
        markdown,
        series_yaml,
        images,
        mut report,
    } = converted;
    let dir = root.join("content").join(&series);
    let target = dir.join(format!("{year}.md"));
    let assets = dir.join(year.to_string());
    let series_file = dir.join("_series.yaml");

    // The build must accept what is written: check it with the build's own parsers.
    let split = front_matter::split(&markdown, &target)?;
    front_matter::parse(split.yaml, split.yaml_line, &target, year)?;

    let refuse = |path: &Path| {
        Error::at(
            Location::file(path),
            "already exists; styrdok import never overwrites without --force",
        )
        .with_hint("add --force to replace it, or --year/--series to import elsewhere")
    };
    if !force {
        if target.exists() {
            return Err(refuse(&target));
        }
        if let Some(existing) = images.keys().map(|n| assets.join(n)).find(|p| p.exists()) {
            return Err(refuse(&existing));
        }
    }
    if assets.exists() && !assets.is_dir() {
        return Err(refuse(&assets));
    }

    let mut created: Vec<PathBuf> = Vec::new();
    let result = (|| -> Result<()> {
        for d in [&dir, &assets] {
            if d == &assets && images.is_empty() {
                continue;
            }
            if !d.exists() {
                std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
                created.push(d.clone());
            }
        }
        for (name, bytes) in &images {
            let path = assets.join(name);
            write_new(&path, bytes, force)?;
            created.push(path);
        }
        if !series_file.exists() {
            write_new(&series_file, series_yaml.as_bytes(), false)?;
            created.push(series_file.clone());
        }
        // Last, and atomic: the document appears whole or not at all.
        let tmp = dir.join(format!(".{year}.md.import-tmp"));
        write_new(&tmp, markdown.as_bytes(), true)?;
        created.push(tmp.clone());
        if !force && target.exists() {
            return Err(refuse(&target));
        }
        std::fs::rename(&tmp, &target).map_err(|e| Error::io(&target, e))?;
        created.pop();
        created.push(target.clone());
        Ok(())
    })();
    if let Err(e) = result {
        // Undo in reverse order: files, then the folders this import made.
        for p in created.iter().rev() {
            if p.is_dir() {
                let _ = std::fs::remove_dir(p);
            } else {
                let _ = std::fs::remove_file(p);
            }
        }
        return Err(e);
    }
    report.written = created.into_iter().filter(|p| p.is_file()).collect();
    Ok(report)
}

fn write_new(path: &Path, bytes: &[u8], overwrite: bool) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if overwrite {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut file = options.open(path).map_err(|e| Error::io(path, e))?;
    file.write_all(bytes).map_err(|e| Error::io(path, e))
}
