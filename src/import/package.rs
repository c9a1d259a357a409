//! Opening a .docx: a zip of XML parts. Everything that makes a file unusable is caught
//! here, before anything is parsed: not a zip, an encrypted document (Word stores those
//! as an OLE compound file, not a zip), a zip bomb, a zip without `word/document.xml`.

use super::xml::{self, Element};
use std::collections::BTreeMap;
use std::io::Read;

/// Total uncompressed size of the parts styrdok reads; a real agreement is a few MB.
pub const MAX_TOTAL_UNCOMPRESSED: u64 = 256 * 1024 * 1024;
/// Largest compression ratio accepted for a part bigger than [`RATIO_FLOOR`].
pub const MAX_RATIO: u64 = 200;
/// Parts smaller than this are not held to [`MAX_RATIO`] (tiny XML compresses well).
pub const RATIO_FLOOR: u64 = 1024 * 1024;
/// More entries than this is not a Word document.
pub const MAX_ENTRIES: usize = 10_000;

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Why a file cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackageError {
    /// Not a zip at all (a .doc, a PDF, text …).
    NotDocx(String),
    /// An OLE compound file: an encrypted (password-protected) .docx or an old .doc.
    Encrypted,
    /// A zip that cannot be read.
    Corrupt(String),
    /// Declared or actual sizes beyond the limits.
    ZipBomb(String),
}

impl std::fmt::Display for PackageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PackageError::NotDocx(why) => write!(f, "not a Word .docx file ({why})"),
            PackageError::Encrypted => write!(
                f,
                "the file is encrypted or password-protected (or an old .doc): styrdok cannot read it"
            ),
            PackageError::Corrupt(why) => write!(f, "the .docx file is corrupt: {why}"),
            PackageError::ZipBomb(why) => write!(
                f,
                "refused: the .docx unpacks to far more than a document ({why})"
            ),
        }
    }
}

/// Bounds on what a package may unpack to (the defaults above; tests use small ones).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Total uncompressed bytes.
    pub total: u64,
    /// Largest compression ratio of a part bigger than `ratio_floor`.
    pub ratio: u64,
    /// Parts below this size are not held to `ratio`.
    pub ratio_floor: u64,
    /// Number of zip entries.
    pub entries: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            total: MAX_TOTAL_UNCOMPRESSED,
            ratio: MAX_RATIO,
            ratio_floor: RATIO_FLOOR,
            entries: MAX_ENTRIES,
        }
    }
}

/// The parts of a .docx that the importer reads, unpacked.
#[derive(Debug, Default)]
pub struct Package {
    parts: BTreeMap<String, Vec<u8>>,
    /// Path of the main document part (normally `word/document.xml`).
    pub main: String,
}

impl Package {
    /// Reads and checks `bytes` within the default limits.
    pub fn open(bytes: &[u8]) -> Result<Package, PackageError> {
        Package::open_with(bytes, Limits::default())
    }

    /// Reads and checks `bytes` within `limits`.
    pub fn open_with(bytes: &[u8], limits: Limits) -> Result<Package, PackageError> {
        if bytes.starts_with(&OLE_MAGIC) {
            return Err(PackageError::Encrypted);
        }
        if !bytes.starts_with(b"PK") {
            return Err(PackageError::NotDocx("it is not a zip package".into()));
        }
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| PackageError::Corrupt(e.to_string()))?;
        if archive.len() > limits.entries {
            return Err(PackageError::ZipBomb(format!(
                "{} entries, at most {}",
                archive.len(),
                limits.entries
            )));
        }
        let mut declared: u64 = 0;
        for i in 0..archive.len() {
            let file = archive
                .by_index_raw(i)
                .map_err(|e| PackageError::Corrupt(e.to_string()))?;
            declared = declared.saturating_add(file.size());
            check_ratio(file.name(), file.size(), file.compressed_size(), &limits)?;
        }
        if declared > limits.total {
            return Err(PackageError::ZipBomb(format!(
                "{} MB uncompressed, at most {} MB",
                declared / 1_000_000,
                limits.total / 1_000_000
            )));
        }
        if archive.by_name("EncryptionInfo").is_ok() || archive.by_name("EncryptedPackage").is_ok()
        {
            return Err(PackageError::Encrypted);
        }
        let mut parts = BTreeMap::new();
        let mut total: u64 = 0;
        for i in 0..archive.len() {
            let mut file = archive
                .by_index(i)
                .map_err(|e| PackageError::Corrupt(e.to_string()))?;
            if file.is_dir() {
                continue;
            }
            let name = file.name().to_string();
            // The declared size may lie: read at most what is left of the budget, plus one
            // byte to notice the overrun.
            let budget = limits.total - total;
            let mut data = Vec::new();
            (&mut file)
                .take(budget + 1)
                .read_to_end(&mut data)
                .map_err(|e| PackageError::Corrupt(format!("{name}: {e}")))?;
            total += data.len() as u64;
            if total > limits.total {
                return Err(PackageError::ZipBomb(format!(
                    "{name} unpacks past {} MB",
                    limits.total / 1_000_000
                )));
            }
            check_ratio(&name, data.len() as u64, file.compressed_size(), &limits)?;
            parts.insert(name, data);
        }
        let mut package = Package {
            parts,
            main: String::new(),
        };
        package.main = package.find_main()?;
        Ok(package)
    }

    /// The main part from `_rels/.rels` (the officeDocument relationship).
    fn find_main(&self) -> Result<String, PackageError> {
        let from_rels = self.xml("_rels/.rels").ok().flatten().and_then(|rels| {
            rels.children_named("Relationship")
                .find(|r| {
                    r.attr("Type")
                        .is_some_and(|t| t.ends_with("/officeDocument"))
                })
                .and_then(|r| r.attr("Target"))
                .map(|t| t.trim_start_matches('/').to_string())
        });
        let main = from_rels.unwrap_or_else(|| "word/document.xml".to_string());
        if self.parts.contains_key(&main) {
            Ok(main)
        } else {
            Err(PackageError::NotDocx(format!(
                "a zip without a Word document part ({main})"
            )))
        }
    }

    /// Raw bytes of a part.
    pub fn bytes(&self, name: &str) -> Option<&[u8]> {
        self.parts.get(name).map(Vec::as_slice)
    }

    /// A part parsed as XML (`Ok(None)` when the part is absent).
    pub fn xml(&self, name: &str) -> Result<Option<Element>, PackageError> {
        let Some(bytes) = self.parts.get(name) else {
            return Ok(None);
        };
        let text = std::str::from_utf8(bytes)
            .map_err(|e| PackageError::Corrupt(format!("{name} is not UTF-8: {e}")))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        xml::parse(text)
            .map(Some)
            .map_err(|e| PackageError::Corrupt(format!("{name}: {e}")))
    }

    /// Relationships of `part` (`word/document.xml` → `word/_rels/document.xml.rels`):
    /// id → (target resolved against the part's folder, or the URL when external).
    pub fn relationships(&self, part: &str) -> Result<BTreeMap<String, Target>, PackageError> {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let rels_name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let mut out = BTreeMap::new();
        let Some(rels) = self.xml(&rels_name)? else {
            return Ok(out);
        };
        for r in rels.children_named("Relationship") {
            let (Some(id), Some(target)) = (r.attr("Id"), r.attr("Target")) else {
                continue;
            };
            let resolved = if r.attr("TargetMode") == Some("External") {
                Target::External(target.to_string())
            } else {
                Target::Part(resolve(dir, target))
            };
            out.insert(id.to_string(), resolved);
        }
        Ok(out)
    }
}

/// Where a relationship points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A part inside the package (full path).
    Part(String),
    /// A URL outside it.
    External(String),
}

/// `base` folder + relative `target`, with `..` resolved (`word` + `media/a.png`).
fn resolve(base: &str, target: &str) -> String {
    let mut segments: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

fn check_ratio(
    name: &str,
    size: u64,
    compressed: u64,
    limits: &Limits,
) -> Result<(), PackageError> {
    if size > limits.ratio_floor && size / compressed.max(1) > limits.ratio {
        return Err(PackageError::ZipBomb(format!(
            "{name} would unpack {size} bytes from {compressed} (more than {}:1)",
            limits.ratio
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in files {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap();
        buf.into_inner()
    }

    #[test]
    fn tells_bad_files_apart() {
        assert!(matches!(
            Package::open(b"hello"),
            Err(PackageError::NotDocx(_))
        ));
        let mut ole = OLE_MAGIC.to_vec();
        ole.extend([0; 100]);
        assert_eq!(Package::open(&ole).unwrap_err(), PackageError::Encrypted);
        assert!(matches!(
            Package::open(b"PK\x03\x04garbage"),
            Err(PackageError::Corrupt(_))
        ));
        let no_word = zip_of(&[("a.txt", b"x")]);
        assert!(matches!(
            Package::open(&no_word),
            Err(PackageError::NotDocx(_))
        ));
    }

    #[test]
    fn refuses_high_ratio_parts() {
        let zeros = vec![0u8; 4 * 1024 * 1024];
        let bomb = zip_of(&[("word/document.xml", &zeros)]);
        assert!(matches!(
            Package::open(&bomb),
            Err(PackageError::ZipBomb(_))
        ));
    }

    #[test]
    fn bounds_the_total_and_the_number_of_entries() {
        // Incompressible parts: only the total can catch them.
        let noise: Vec<u8> = (0..300_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let files = [
            ("word/document.xml", noise.as_slice()),
            ("word/media/a.bin", noise.as_slice()),
            ("word/media/b.bin", noise.as_slice()),
        ];
        let small = Limits {
            total: 800_000,
            ..Limits::default()
        };
        let err = Package::open_with(&zip_of(&files), small).unwrap_err();
        assert!(
            matches!(err, PackageError::ZipBomb(ref m) if m.contains("uncompressed")),
            "{err:?}"
        );
        let few = Limits {
            entries: 2,
            ..Limits::default()
        };
        assert!(matches!(
            Package::open_with(&zip_of(&files), few),
            Err(PackageError::ZipBomb(_))
        ));
        assert!(Package::open_with(&zip_of(&files), Limits::default()).is_ok());
    }

    #[test]
    fn resolves_relationship_targets() {
        assert_eq!(resolve("word", "media/a.png"), "word/media/a.png");
        assert_eq!(resolve("word", "../customXml/x.xml"), "customXml/x.xml");
        assert_eq!(resolve("word", "/word/media/b.png"), "word/media/b.png");
    }
}
