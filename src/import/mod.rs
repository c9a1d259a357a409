//! `styrdok import FILE.docx`: a Word document → `content/<serie>/<år>.md` (+ images
//! in `content/<serie>/<år>/`, + `_series.yaml` for a new series). The .docx is read
//! here (zip + XML), never by an external program:
//! `package` (checks) → `styles` + `numbering` → `body`/`runs` (blocks) → `cover`
//! (front matter) → `markdown` (text) → checked by the build's own parsers → written,
//! all or nothing.

pub mod body;
pub mod cover;
pub mod images;
pub mod markdown;
pub mod meta;
pub mod model;
pub mod notes;
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
use model::Block;
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
    let notes = notes::read(&package, &mut conv, &dir).map_err(fail)?;

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
        .or_else(|| {
            let typed = conv.titles.first()?;
            let title = meta::sentence_case(typed);
            if &title != typed {
                report.warnings.push(format!(
                    "the title was typed in capitals in Word; check its case in the front matter: {title}"
                ));
            }
            Some(title)
        })
        .or_else(|| core_title(&package))
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| {
            Error::at(Location::file(path), "no document title found (no Dokumenttitel in the cover table, no Title-style paragraph, no title in the document properties)")
                .with_hint("give the document a title in Word (File → Info → Title) or a Title-style first line")
        })?;
    let year = match year {
        Some(y) => y,
        None => meta::year_of(&cover, &title).ok_or_else(|| {
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

    let front = meta::front_matter(&cover, &title, year, &mut report);
    let all_blocks: Vec<Block> = blocks
        .iter()
        .chain(notes.iter().flatten())
        .cloned()
        .collect();
    let extracted = images::extract(&all_blocks, &package, year, &mut report);
    let writer = markdown::Writer {
        images: &extracted.paths,
    };
    let mut text = meta::front_matter_text(&front);
    text.push('\n');
    text.push_str(writer.blocks(&blocks).trim());
    text.push('\n');
    text.push_str(&notes::markdown(&writer, &notes));

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
    let series_yaml = meta::series_yaml(
        &series_title,
        municipality.as_deref(),
        cover.get("fastställd_av"),
        &mut report,
    );
    Ok(Converted {
        series,
        year,
        markdown: text,
        series_yaml,
        images: extracted.files,
        report,
    })
}

fn core_title(package: &Package) -> Option<String> {
    let core = package.xml("docProps/core.xml").ok().flatten()?;
    Some(core.child("title")?.text().trim().to_string())
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
