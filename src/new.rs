//! `styrdok new <series>`: starts next year's document from the latest one. The text is
//! copied; the year is set; metadata of a decision not yet taken (diarienummer,
//! beslutsdatum) is cleared and the document is marked `status: utkast`.

use crate::content::load::load_edition;
use crate::error::{Error, Location, Result};
use std::path::{Path, PathBuf};

/// Front-matter keys that belong to a decision, cleared in the new draft.
const DECISION_KEYS: &[&str] = &["diarienummer", "beslutsdatum"];

/// Creates `content/<series>/<year>.md`; returns its path.
pub fn new_document(root: &Path, series: &str, year: Option<i32>) -> Result<PathBuf> {
    let dir = root.join("content").join(series);
    if !dir.is_dir() {
        return Err(Error::Usage(format!("no series folder {}", dir.display())));
    }
    let latest = latest_edition(&dir)?;
    let edition = load_edition(&latest)?;
    let year = year.unwrap_or(edition.year + 1);
    let target = dir.join(format!("{year}.md"));
    if target.exists() {
        return Err(Error::at(
            Location::file(&target),
            "the file already exists; styrdok new never overwrites",
        ));
    }
    let text = std::fs::read_to_string(&latest).map_err(|e| Error::io(&latest, e))?;
    let draft = next_year_text(&text, edition.year, year);
    // create_new: refuse even if the file appeared after the check above.
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .map_err(|e| Error::io(&target, e))?;
    file.write_all(draft.as_bytes())
        .map_err(|e| Error::io(&target, e))?;
    Ok(target)
}

fn latest_edition(dir: &Path) -> Result<PathBuf> {
    let mut best: Option<(i32, PathBuf)> = None;
    for entry in std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .flatten()
    {
        let path = entry.path();
        let year = path
            .extension()
            .filter(|e| *e == "md")
            .and_then(|_| path.file_stem()?.to_str()?.parse::<i32>().ok());
        if let Some(y) = year {
            if best.as_ref().is_none_or(|(b, _)| y > *b) {
                best = Some((y, path));
            }
        }
    }
    best.map(|(_, p)| p).ok_or_else(|| {
        Error::Usage(format!(
            "{} has no <år>.md document to start from",
            dir.display()
        ))
    })
}

/// Rewrites the front matter of `text` (year `old`) for year `new`. Pure.
pub fn next_year_text(text: &str, old: i32, new: i32) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut lines = text.split_inclusive('\n');
    let mut in_front = false;
    let mut saw_status = false;
    let mut first = true;
    for line in lines.by_ref() {
        let bare = line.trim_end_matches(['\n', '\r']);
        if first {
            first = false;
            in_front = bare == "---";
            out.push_str(line);
            continue;
        }
        if in_front && (bare == "---" || bare == "...") {
            if !saw_status {
                out.push_str("status: utkast\n");
            }
            out.push_str(line);
            break;
        }
        if in_front {
            let key = bare.split(':').next().unwrap_or("").trim();
            if DECISION_KEYS.contains(&key) {
                continue;
            }
            match key {
                "year" => out.push_str(&format!("year: {new}\n")),
                "status" => {
                    saw_status = true;
                    out.push_str("status: utkast\n");
                }
                "title" | "giltighetstid" => {
                    out.push_str(&line.replace(&old.to_string(), &new.to_string()))
                }
                _ => out.push_str(line),
            }
        } else {
            out.push_str(line);
        }
    }
    for rest in lines {
        out.push_str(rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clears_decision_and_marks_draft() {
        let src = "---\ntitle: Överenskommelse 2025\nyear: 2025\ndiarienummer: KAN24/22\nbeslutsdatum: 2024-12-18\ngiltighetstid: \"2025\"\nstatus: gällande\n---\n\n# 1 Formalia\n\nAvser 2025.\n";
        let out = next_year_text(src, 2025, 2026);
        assert_eq!(out, "---\ntitle: Överenskommelse 2026\nyear: 2026\ngiltighetstid: \"2026\"\nstatus: utkast\n---\n\n# 1 Formalia\n\nAvser 2025.\n");
        let out = next_year_text("---\ntitle: A\nyear: 2025\n---\nText\n", 2025, 2026);
        assert_eq!(
            out,
            "---\ntitle: A\nyear: 2026\nstatus: utkast\n---\nText\n"
        );
    }
}
