//! `styrdok import FILE.docx`: a Word document → `content/<serie>/<år>.md` (+ images
//! in `content/<serie>/<år>/`, + `_series.yaml` for a new series). The .docx is read
//! here (zip + XML), never by an external program:
//! `package` (checks) → `styles` + `numbering` → `body`/`runs` (blocks) → `cover`
//! (front matter) → `markdown` (text) → checked by the build's own parsers → written,
//! all or nothing.

pub mod body;
pub mod cover;
pub mod markdown;
pub mod meta;
pub mod model;
pub mod numbering;
pub mod package;
pub mod report;
pub mod runs;
pub mod styles;
pub mod write;
pub mod xml;

pub use package::{PackageError, MAX_RATIO, MAX_TOTAL_UNCOMPRESSED};
pub use report::Report;

use crate::error::{Error, Location, Result};
use model::{Block, Inline};
use package::{Package, Target};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What to import and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// The .docx file.
    pub file: PathBuf,
    /// Series folder (default: from the title without its year).
    pub series: Option<String>,
    /// Year (default: from Giltighetstid, the title, Beslutsdatum).
    pub year: Option<i32>,
    /// Site root.
    pub root: PathBuf,
    /// Replace an existing document and its images.
    pub force: bool,
}

/// `styrdok import` as the CLI runs it: imports and prints the report.
pub fn run(args: &crate::cli::ImportArgs, quiet: bool) -> Result<()> {
    let report = import(&Options {
        file: args.file.clone(),
        series: args.series.clone(),
        year: args.year,
        root: args.root.clone(),
        force: args.force,
    })?;
    for line in report.lines() {
        if line.starts_with("warning:") {
            eprintln!("{line}");
        } else if !quiet {
            println!("{line}");
        }
    }
    Ok(())
}

/// A converted document, not yet written.
#[derive(Debug)]
pub struct Converted {
    /// Series folder name.
    pub series: String,
    /// Year.
    pub year: i32,
    /// The whole `<år>.md`.
    pub markdown: String,
    /// `_series.yaml` text for a new series.
    pub series_yaml: String,
    /// Image files: name in the document's folder → bytes.
    pub images: BTreeMap<String, Vec<u8>>,
    /// What happened.
    pub report: Report,
}

/// Imports `options.file`; nothing is written when anything fails.
pub fn import(options: &Options) -> Result<Report> {
    let bytes = std::fs::read(&options.file).map_err(|e| Error::io(&options.file, e))?;
    let converted = convert(
        &bytes,
        &options.file,
        options.series.as_deref(),
        options.year,
    )?;
    write::write(&options.root, converted, options.force)
}

/// Converts a .docx in memory (`path` names it in errors).
pub fn convert(
    bytes: &[u8],
    path: &Path,
    series: Option<&str>,
    year: Option<i32>,
) -> Result<Converted> {
    let fail = |e: PackageError| {
        let hint = match e {
            PackageError::Encrypted => {
                "remove the password in Word (File → Info → Protect Document) and save as .docx"
            }
            PackageError::NotDocx(_) => "save the document from Word as \"Word Document (*.docx)\"",
            PackageError::Corrupt(_) => "open the file in Word and save it again",
            PackageError::ZipBomb(_) => "this is not an ordinary Word document; do not import it",
        };
        Error::at(Location::file(path), e.to_string()).with_hint(hint)
    };
    let package = Package::open(bytes).map_err(fail)?;
    let part = |name: &str| package.xml(name).map_err(fail);
    let main = package.main.clone();
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let document =
        part(&main)?.ok_or_else(|| fail(PackageError::NotDocx("no document part".into())))?;
    let Some(body_xml) = document.child("body") else {
        return Err(fail(PackageError::Corrupt(format!("{main} has no body"))));
    };
    let rels = package.relationships(&main).map_err(fail)?;
    let find_part = |suffix: &str| {
        rels.values().find_map(|t| match t {
            Target::Part(p) if p.rsplit('/').next() == Some(suffix) => Some(p.clone()),
            _ => None,
        })
    };
    let styles_xml = part(&find_part("styles.xml").unwrap_or(format!("{dir}/styles.xml")))?;
    let numbering_xml =
        part(&find_part("numbering.xml").unwrap_or(format!("{dir}/numbering.xml")))?;
    let styles = styles::Styles::parse(styles_xml.as_ref());
    let numbering = numbering::Numbering::parse(numbering_xml.as_ref());

    let mut conv = body::Converter::new(&styles, numbering, rels.clone());
    let mut blocks = conv.blocks(body_xml);
    let notes = read_notes(&package, &mut conv, &dir).map_err(fail)?;

    // Headers and footers are page furniture; they are read only for the municipality.
    let mut furniture = String::new();
    let mut furniture_parts = 0;
    for t in rels.values() {
        if let Target::Part(p) = t {
            let name = p.rsplit('/').next().unwrap_or("");
            if name.starts_with("header") || name.starts_with("footer") {
                furniture_parts += 1;
                if let Some(x) = part(p)? {
                    furniture.push_str(&x.text());
                    furniture.push(' ');
                }
            }
        }
    }

    let cover = cover::take(&mut blocks).unwrap_or_default();
    let mut report = std::mem::take(&mut conv.report);
    let title = cover
        .get("title")
        .map(str::to_string)
        .or_else(|| conv.titles.first().cloned().map(|t| sentence_case(&t)))
        .or_else(|| core_title(&package))
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| {
            Error::at(Location::file(path), "no document title found (no Dokumenttitel in the cover table, no Title-style paragraph, no title in the document properties)")
                .with_hint("give the document a title in Word (File → Info → Title) or a Title-style first line")
        })?;
    let decided = cover
        .get("beslutsdatum")
        .map(|d| (d, meta::normalise_date(d)));
    let year = match year {
        Some(y) => y,
        None => cover
            .get("giltighetstid")
            .and_then(meta::first_year)
            .or_else(|| meta::first_year(&title))
            .or_else(|| decided.as_ref().and_then(|(_, d)| d.as_deref()).and_then(meta::first_year))
            .ok_or_else(|| {
                Error::at(Location::file(path), "cannot tell which year the document is for: no year in Giltighetstid, the title or Beslutsdatum")
                    .with_hint("give it: styrdok import FILE.docx --year 2025")
            })?,
    };

    let series_title = meta::without_years(&title);
    let series = match series {
        Some(s) => s.to_string(),
        None => crate::slug::slugify(&series_title),
    };
    if series.is_empty() || series.contains(['/', '\\']) || series.starts_with('.') {
        return Err(Error::Usage(format!(
            "--series `{series}` is not a folder name"
        )));
    }

    // Front matter.
    let mut front = vec![
        ("title".to_string(), title.clone()),
        ("year".to_string(), year.to_string()),
    ];
    for key in [
        "diarienummer",
        "beslutsdatum",
        "fastställd_av",
        "giltighetstid",
        "kategori",
        "dokumentansvarig",
        "uppföljning",
        "omfattar",
    ] {
        let Some(value) = cover.get(key) else {
            continue;
        };
        if key == "beslutsdatum" {
            match meta::normalise_date(value) {
                Some(d) => front.push((key.into(), d)),
                None => report.warnings.push(format!("Beslutsdatum `{value}` is not a date styrdok can read; it was left out of the front matter")),
            }
        } else {
            front.push((key.into(), value.to_string()));
        }
    }
    for (label, value) in &cover.unknown {
        let key = label
            .trim()
            .trim_end_matches(':')
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("_");
        if key.is_empty() || front.iter().any(|(k, _)| *k == key) {
            continue;
        }
        report.warnings.push(format!(
            "cover label `{label}` kept as front-matter key `{key}`"
        ));
        front.push((key, value.clone()));
    }

    // Images.
    let mut image_paths = BTreeMap::new();
    let mut images = BTreeMap::new();
    for image in all_images(&blocks).into_iter().chain(all_images(
        &notes
            .iter()
            .flat_map(|(_, b)| b.clone())
            .collect::<Vec<_>>(),
    )) {
        if image_paths.contains_key(&image.part) {
            continue;
        }
        let name = file_name(&image.part);
        let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        if !matches!(ext.as_str(), "png" | "jpg" | "jpeg" | "gif" | "webp") {
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
            report.warnings.push(format!("image {name} has no alt text in the Word file: write one in the Markdown (![…]), the site must meet WCAG"));
        }
        image_paths.insert(image.part.clone(), format!("{year}/{name}"));
        images.insert(name, data.to_vec());
    }
    report.images = images.len();

    let writer = markdown::Writer {
        images: &image_paths,
    };
    let mut text = String::from("---\n");
    for (k, v) in &front {
        let v = if k == "year" {
            v.clone()
        } else {
            meta::yaml_scalar(v)
        };
        text.push_str(&format!("{k}: {v}\n"));
    }
    text.push_str("---\n\n");
    text.push_str(writer.blocks(&blocks).trim());
    text.push('\n');
    for (n, note) in notes.iter().enumerate() {
        let body = writer.blocks(&note.1);
        let body = body
            .trim()
            .replace("\n\n", "\n\n    ")
            .replace("\n    \n", "\n\n");
        text.push_str(&format!("\n[^{}]: {}\n", n + 1, body));
    }
    report.headings = blocks
        .iter()
        .filter(|b| matches!(b, Block::Paragraph(p) if p.heading.is_some()))
        .count();
    report.tables = blocks
        .iter()
        .filter(|b| matches!(b, Block::Table(_)))
        .count();
    for _ in 0..furniture_parts {
        report.drop(report::Dropped::PageFurniture);
    }

    let municipality = package
        .xml("docProps/app.xml")
        .ok()
        .flatten()
        .and_then(|app| app.child("Company").map(|c| c.text()))
        .filter(|c| c.to_lowercase().contains("kommun") || c.starts_with("Region "))
        .or_else(|| meta::municipality_in(&furniture))
        .or_else(|| meta::municipality_in(&blocks_text(&blocks)));
    let mut series_yaml = format!("title: {}\n", meta::yaml_scalar(&series_title));
    match &municipality {
        Some(m) => series_yaml.push_str(&format!("municipality: {}\n", meta::yaml_scalar(m))),
        None => report
            .warnings
            .push("no municipality found: fill in `municipality` in _series.yaml".into()),
    }
    if let Some(committee) = cover.get("fastställd_av") {
        series_yaml.push_str(&format!("committee: {}\n", meta::yaml_scalar(committee)));
    }

    Ok(Converted {
        series,
        year,
        markdown: text,
        series_yaml,
        images,
        report,
    })
}

/// Footnotes and endnotes in order of first reference, as blocks.
fn read_notes(
    package: &Package,
    conv: &mut body::Converter,
    dir: &str,
) -> std::result::Result<Vec<(usize, Vec<Block>)>, PackageError> {
    let mut out = Vec::new();
    let mut parsed: BTreeMap<bool, Option<(xml::Element, BTreeMap<String, Target>)>> =
        BTreeMap::new();
    let mut i = 0;
    // Notes may reference notes: the list grows while it is read.
    while i < conv.notes.len() {
        let (endnote, id) = conv.notes[i].clone();
        if let std::collections::btree_map::Entry::Vacant(slot) = parsed.entry(endnote) {
            let name = format!(
                "{dir}/{}",
                if endnote {
                    "endnotes.xml"
                } else {
                    "footnotes.xml"
                }
            );
            let xml = package.xml(&name)?;
            let rels = package.relationships(&name)?;
            slot.insert(xml.map(|x| (x, rels)));
        }
        let mut blocks = Vec::new();
        if let Some(Some((root, rels))) = parsed.get(&endnote) {
            let tag = if endnote { "endnote" } else { "footnote" };
            if let Some(note) = root
                .children_named(tag)
                .find(|n| n.attr("w:id") == Some(id.as_str()))
            {
                let saved_rels = std::mem::replace(&mut conv.rels, rels.clone());
                let saved_fields = std::mem::take(&mut conv.fields);
                blocks = conv.blocks(note);
                conv.rels = saved_rels;
                conv.fields = saved_fields;
            }
        }
        out.push((i + 1, blocks));
        i += 1;
    }
    Ok(out)
}

fn core_title(package: &Package) -> Option<String> {
    let core = package.xml("docProps/core.xml").ok().flatten()?;
    Some(core.child("title")?.text().trim().to_string())
}

/// "ÖVERENSKOMMELSE 2025 MELLAN …" (a title typed in capitals) → "Överenskommelse 2025 mellan …".
fn sentence_case(title: &str) -> String {
    if title.chars().any(char::is_lowercase) {
        return title.to_string();
    }
    let lower = title.to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn all_images(blocks: &[Block]) -> Vec<model::Image> {
    fn walk(inlines: &[Inline], out: &mut Vec<model::Image>) {
        for i in inlines {
            match i {
                Inline::Image(img) => out.push(img.clone()),
                Inline::Link { content, .. } => walk(content, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Paragraph(p) => walk(&p.inlines, &mut out),
            Block::Table(t) => {
                for c in t.rows.iter().flat_map(|r| &r.cells) {
                    out.extend(all_images(&c.blocks));
                }
            }
        }
    }
    out
}

fn blocks_text(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) => p.text(),
            Block::Table(t) => t
                .rows
                .iter()
                .flat_map(|r| r.cells.iter().map(|c| c.text()))
                .collect::<Vec<_>>()
                .join(" "),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A safe file name for an image part: `word/media/image1.png` → `image1.png`.
fn file_name(part: &str) -> String {
    let name = part.rsplit('/').next().unwrap_or(part);
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
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
