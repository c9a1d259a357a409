//! Images: the parts the document shows, extracted as files of the document's own
//! folder (`<år>/image1.png`) and referenced with their alt text. A missing alt text is
//! a warning (the site must meet WCAG); formats a browser cannot show are reported.

use super::model::{Block, Image, Inline};
use super::package::Package;
use super::report::Report;
use std::collections::BTreeMap;

/// Image types copied as they are (the build publishes the same list).
const WEB_TYPES: &[&str] = &["png", "jpg", "jpeg", "gif", "webp"];

/// What to write and how the Markdown refers to it.
#[derive(Debug, Default)]
pub struct Extracted {
    /// Image part → path relative to the document (`2025/image1.png`).
    pub paths: BTreeMap<String, String>,
    /// File name in the document's folder → bytes.
    pub files: BTreeMap<String, Vec<u8>>,
}

/// Collects the images of `blocks` (body and notes) for a document of `year`.
pub fn extract(blocks: &[Block], package: &Package, year: i32, report: &mut Report) -> Extracted {
    let mut out = Extracted::default();
    let mut found = Vec::new();
    collect(blocks, &mut found);
    for image in found {
        if out.paths.contains_key(&image.part) {
            continue;
        }
        let name = file_name(&image.part);
        let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        if !WEB_TYPES.contains(&ext.as_str()) {
            report.unsupported(&format!(
                "image in .{ext} format (save it as PNG and add it by hand)"
            ));
            continue;
        }
        let Some(data) = package.bytes(&image.part) else {
            report.unsupported("image whose data is missing");
            continue;
        };
        if image.alt.is_none() {
            report.warnings.push(format!(
                "image {name} has no alt text in the Word file: write one in the Markdown (![…]), the site must meet WCAG"
            ));
        }
        out.paths
            .insert(image.part.clone(), format!("{year}/{name}"));
        out.files.insert(name, data.to_vec());
    }
    report.images = out.files.len();
    out
}

fn collect(blocks: &[Block], out: &mut Vec<Image>) {
    fn walk(inlines: &[Inline], out: &mut Vec<Image>) {
        for i in inlines {
            match i {
                Inline::Image(img) => out.push(img.clone()),
                Inline::Link { content, .. } => walk(content, out),
                _ => {}
            }
        }
    }
    for b in blocks {
        match b {
            Block::Paragraph(p) => walk(&p.inlines, out),
            Block::Table(t) => {
                for c in t.rows.iter().flat_map(|r| &r.cells) {
                    collect(&c.blocks, out);
                }
            }
        }
    }
}

/// A safe file name for an image part: `word/media/image1.png` → `image1.png`.
fn file_name(part: &str) -> String {
    let name = part.rsplit('/').next().unwrap_or(part);
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let cleaned = cleaned.trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        "bild.png".into()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_stay_inside_the_folder() {
        assert_eq!(file_name("word/media/image1.png"), "image1.png");
        assert_eq!(file_name("word/media/../..evil.png"), "evil.png");
        assert_eq!(file_name("word/media/bild ett.jpeg"), "bild-ett.jpeg");
    }
}
