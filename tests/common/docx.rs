//! A small .docx writer for import fixtures: real OOXML parts (styles with Swedish ids,
//! multi-level heading numbering linked to the heading styles, bullet and decimal
//! lists, footnotes, headers/footers with PAGE fields, images, relationships) zipped
//! the way Word does. Body content is added as WordprocessingML snippets built with the
//! helpers below, so each test shows the Word structure it feeds the importer.

use std::io::Write;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// numId of the heading outline (1 / 1.1 / 1.1.1), tied to Rubrik1–3.
pub const HEADINGS: u32 = 1;
/// numId of the bullet list.
pub const BULLETS: u32 = 2;
/// numId of the decimal list ("1.", nested "a)").
pub const DECIMAL: u32 = 3;
/// numId of the decimal list restarted at 1 (startOverride).
pub const DECIMAL_RESTART: u32 = 4;

/// A document being written.
#[derive(Default)]
pub struct Docx {
    body: String,
    footnotes: Vec<String>,
    rels: Vec<(String, String, String, bool)>,
    parts: Vec<(String, Vec<u8>, String)>,
    header: Option<String>,
    footer: Option<String>,
    extra_num: String,
    next_image: usize,
}

/// XML-escapes text.
pub fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A run of plain text.
pub fn run(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", esc(text))
}

/// A bold run.
pub fn bold(text: &str) -> String {
    format!(
        "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
        esc(text)
    )
}

/// An italic run.
pub fn italic(text: &str) -> String {
    format!(
        "<w:r><w:rPr><w:i/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
        esc(text)
    )
}

/// A line break (Shift+Enter).
pub fn line_break() -> String {
    "<w:r><w:br/></w:r>".into()
}

/// A page break.
pub fn page_break() -> String {
    "<w:r><w:br w:type=\"page\"/></w:r>".into()
}

/// A complex field: `begin` + instruction + `separate` + cached result runs + `end`.
pub fn field(instr: &str, result_runs: &str) -> String {
    format!(
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> {} </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>{result_runs}<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
        esc(instr)
    )
}

/// A paragraph with an optional style and runs.
pub fn p(style: Option<&str>, runs: &str) -> String {
    match style {
        Some(s) => format!("<w:p><w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>{runs}</w:p>"),
        None => format!("<w:p>{runs}</w:p>"),
    }
}

/// A list paragraph of list `num_id` at level `ilvl`.
pub fn list_p(num_id: u32, ilvl: u32, runs: &str) -> String {
    format!("<w:p><w:pPr><w:pStyle w:val=\"Liststycke\"/><w:numPr><w:ilvl w:val=\"{ilvl}\"/><w:numId w:val=\"{num_id}\"/></w:numPr></w:pPr>{runs}</w:p>")
}

/// A heading paragraph numbered through its style (Rubrik1–3 carry the outline).
pub fn heading(level: u8, text: &str) -> String {
    p(Some(&format!("Rubrik{level}")), &run(text))
}

/// A heading whose style numbering is switched off (numId 0), as Word does for an
/// unnumbered heading in a numbered template.
pub fn heading_unnumbered(level: u8, text: &str) -> String {
    format!("<w:p><w:pPr><w:pStyle w:val=\"Rubrik{level}\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"0\"/></w:numPr></w:pPr>{}</w:p>", run(text))
}

/// A table cell holding block XML; `span` columns wide; `vmerge`: None, Some("restart")
/// or Some("") for a continuation.
pub fn cell(content: &str, span: u32, vmerge: Option<&str>) -> String {
    let mut pr = String::new();
    if span > 1 {
        pr.push_str(&format!("<w:gridSpan w:val=\"{span}\"/>"));
    }
    match vmerge {
        Some("") => pr.push_str("<w:vMerge/>"),
        Some(v) => pr.push_str(&format!("<w:vMerge w:val=\"{v}\"/>")),
        None => {}
    }
    let content = if content.is_empty() {
        "<w:p/>"
    } else {
        content
    };
    format!("<w:tc><w:tcPr>{pr}</w:tcPr>{content}</w:tc>")
}

/// A simple cell with one paragraph of text.
pub fn text_cell(text: &str) -> String {
    cell(&p(None, &run(text)), 1, None)
}

/// A row of cells; `header` repeats it on each page (`tblHeader`).
pub fn row(cells: &[String], header: bool) -> String {
    let pr = if header {
        "<w:trPr><w:tblHeader/></w:trPr>"
    } else {
        ""
    };
    format!("<w:tr>{pr}{}</w:tr>", cells.concat())
}

/// A table of rows over `columns` grid columns.
pub fn table(columns: usize, rows: &[String]) -> String {
    format!(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"Tabellrutnt\"/><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid>{}</w:tblGrid>{}</w:tbl>",
        "<w:gridCol w:w=\"3000\"/>".repeat(columns),
        rows.concat()
    )
}

/// A table of contents as Word writes it: a TOC heading, then one field spanning a
/// paragraph per entry, each entry a hyperlink with a PAGEREF page number.
pub fn toc(entries: &[(&str, u32)]) -> String {
    let mut out = p(Some("Innehllsfrteckningsrubrik"), &run("INNEHÅLL"));
    for (i, (text, page)) in entries.iter().enumerate() {
        let begin = if i == 0 {
            "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-3\" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
        } else {
            ""
        };
        let entry = format!(
            "<w:hyperlink w:anchor=\"_Toc{i}\" w:history=\"1\">{}<w:r><w:rPr><w:webHidden/></w:rPr><w:tab/></w:r>{}</w:hyperlink>",
            run(text),
            field(&format!("PAGEREF _Toc{i} \\h"), &run(&page.to_string()))
        );
        out.push_str(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Innehll1\"/></w:pPr>{begin}{entry}</w:p>"
        ));
    }
    out.push_str("<w:p><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>");
    out
}

impl Docx {
    /// An empty document with the standard styles and lists.
    pub fn new() -> Docx {
        Docx::default()
    }

    /// Appends block XML (paragraphs, tables).
    pub fn add(&mut self, xml: &str) -> &mut Docx {
        self.body.push_str(xml);
        self
    }

    /// Adds a numbering definition (`<w:abstractNum>` + `<w:num>` XML).
    pub fn numbering(&mut self, xml: &str) -> &mut Docx {
        self.extra_num.push_str(xml);
        self
    }

    /// A footnote with `text`; returns the reference run to put in a paragraph.
    pub fn footnote(&mut self, text: &str) -> String {
        let id = self.footnotes.len() + 1;
        self.footnotes.push(format!(
            "<w:footnote w:id=\"{id}\"><w:p><w:pPr><w:pStyle w:val=\"Fotnotstext\"/></w:pPr><w:r><w:rPr><w:rStyle w:val=\"Fotnotsreferens\"/></w:rPr><w:footnoteRef/></w:r>{}</w:p></w:footnote>",
            run(&format!(" {text}"))
        ));
        format!("<w:r><w:rPr><w:rStyle w:val=\"Fotnotsreferens\"/></w:rPr><w:footnoteReference w:id=\"{id}\"/></w:r>")
    }

    /// An inline image (PNG bytes) with alt text `descr` (none when `None`); returns the
    /// run.
    pub fn image(&mut self, png: &[u8], descr: Option<&str>) -> String {
        self.next_image += 1;
        let n = self.next_image;
        let rid = format!("rIdImg{n}");
        self.rels.push((
            rid.clone(),
            "image".into(),
            format!("media/image{n}.png"),
            false,
        ));
        self.parts.push((
            format!("word/media/image{n}.png"),
            png.to_vec(),
            String::new(),
        ));
        let descr = descr
            .map(|d| format!(" descr=\"{}\"", esc(d)))
            .unwrap_or_default();
        format!(
            r#"<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="952500" cy="952500"/><wp:docPr id="{n}" name="Bild {n}"{descr}/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="0" name="image{n}.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="952500" cy="952500"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#
        )
    }

    /// An external hyperlink run.
    pub fn link(&mut self, url: &str, text: &str) -> String {
        let rid = format!("rIdLink{}", self.rels.len() + 1);
        self.rels
            .push((rid.clone(), "hyperlink".into(), url.into(), true));
        format!("<w:hyperlink r:id=\"{rid}\">{}</w:hyperlink>", run(text))
    }

    /// Page header paragraphs (block XML).
    pub fn header(&mut self, xml: &str) -> &mut Docx {
        self.header = Some(xml.into());
        self
    }

    /// Page footer paragraphs (block XML).
    pub fn footer(&mut self, xml: &str) -> &mut Docx {
        self.footer = Some(xml.into());
        self
    }

    /// The .docx bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let mut rels = vec![
            (
                "rIdStyles".to_string(),
                "styles".to_string(),
                "styles.xml".to_string(),
                false,
            ),
            (
                "rIdNum".into(),
                "numbering".into(),
                "numbering.xml".into(),
                false,
            ),
            (
                "rIdNotes".into(),
                "footnotes".into(),
                "footnotes.xml".into(),
                false,
            ),
        ];
        rels.extend(self.rels.iter().cloned());
        let mut sect_refs = String::new();
        let hdr_ns = format!("xmlns:w=\"{W}\" xmlns:r=\"{R}\"");
        if let Some(h) = &self.header {
            rels.push((
                "rIdHdr".into(),
                "header".into(),
                "header1.xml".into(),
                false,
            ));
            files.push(("word/header1.xml".into(), format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:hdr {hdr_ns}>{h}</w:hdr>").into_bytes()));
            sect_refs.push_str("<w:headerReference w:type=\"default\" r:id=\"rIdHdr\"/>");
        }
        if let Some(f) = &self.footer {
            rels.push((
                "rIdFtr".into(),
                "footer".into(),
                "footer1.xml".into(),
                false,
            ));
            files.push(("word/footer1.xml".into(), format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:ftr {hdr_ns}>{f}</w:ftr>").into_bytes()));
            sect_refs.push_str("<w:footerReference w:type=\"default\" r:id=\"rIdFtr\"/>");
        }
        let document = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W}\" xmlns:r=\"{R}\" xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\"><w:body>{}<w:sectPr>{sect_refs}<w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body></w:document>",
            self.body
        );
        files.push(("word/document.xml".into(), document.into_bytes()));
        files.push(("word/styles.xml".into(), styles().into_bytes()));
        files.push((
            "word/numbering.xml".into(),
            numbering(&self.extra_num).into_bytes(),
        ));
        let notes = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:footnotes xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>{}</w:footnotes>",
            self.footnotes.concat()
        );
        files.push(("word/footnotes.xml".into(), notes.into_bytes()));
        let rel_xml: String = rels
            .iter()
            .map(|(id, kind, target, external)| {
                let mode = if *external {
                    " TargetMode=\"External\""
                } else {
                    ""
                };
                format!(
                    "<Relationship Id=\"{id}\" Type=\"{REL}/{kind}\" Target=\"{}\"{mode}/>",
                    esc(target)
                )
            })
            .collect();
        files.push((
            "word/_rels/document.xml.rels".into(),
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"{PKG_REL}\">{rel_xml}</Relationships>").into_bytes(),
        ));
        files.push((
            "_rels/.rels".into(),
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"{PKG_REL}\"><Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"word/document.xml\"/></Relationships>").into_bytes(),
        ));
        for (name, bytes, _) in &self.parts {
            files.push((name.clone(), bytes.clone()));
        }
        let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"png\" ContentType=\"image/png\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/><Override PartName=\"/word/footnotes.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml\"/></Types>";
        files.insert(
            0,
            (
                "[Content_Types].xml".into(),
                content_types.as_bytes().to_vec(),
            ),
        );
        zip_files(&files)
    }
}

/// Zips `files` (deflated), as Word does.
pub fn zip_files(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in files {
            w.start_file(name.as_str(), opts).expect("zip entry");
            w.write_all(data).expect("zip write");
        }
        w.finish().expect("zip finish");
    }
    buf.into_inner()
}

/// styles.xml as Swedish Word writes it: ids "Rubrik1" named "heading 1", the title
/// style "Rubrik" named "Title", TOC styles "Innehll1" named "toc 1".
fn styles() -> String {
    let mut s = format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:styles xmlns:w=\"{W}\"><w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>");
    for level in 1..=3 {
        s.push_str(&format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"Rubrik{level}\"><w:name w:val=\"heading {level}\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:numPr>{}<w:numId w:val=\"{HEADINGS}\"/></w:numPr><w:outlineLvl w:val=\"{}\"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>",
            if level > 1 { format!("<w:ilvl w:val=\"{}\"/>", level - 1) } else { String::new() },
            level - 1
        ));
    }
    s.push_str("<w:style w:type=\"paragraph\" w:styleId=\"Rubrik\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/></w:style>");
    s.push_str("<w:style w:type=\"paragraph\" w:styleId=\"Innehll1\"><w:name w:val=\"toc 1\"/><w:basedOn w:val=\"Normal\"/></w:style>");
    s.push_str("<w:style w:type=\"paragraph\" w:styleId=\"Innehllsfrteckningsrubrik\"><w:name w:val=\"TOC Heading\"/><w:basedOn w:val=\"Rubrik1\"/><w:pPr><w:numPr><w:numId w:val=\"0\"/></w:numPr><w:outlineLvl w:val=\"9\"/></w:pPr></w:style>");
    s.push_str("<w:style w:type=\"paragraph\" w:styleId=\"Citat\"><w:name w:val=\"Quote\"/><w:basedOn w:val=\"Normal\"/></w:style>");
    s.push_str("<w:style w:type=\"paragraph\" w:styleId=\"Liststycke\"><w:name w:val=\"List Paragraph\"/><w:basedOn w:val=\"Normal\"/></w:style>");
    s.push_str("<w:style w:type=\"paragraph\" w:styleId=\"Fotnotstext\"><w:name w:val=\"footnote text\"/></w:style>");
    s.push_str("<w:style w:type=\"character\" w:styleId=\"Fotnotsreferens\"><w:name w:val=\"footnote reference\"/></w:style>");
    s.push_str("</w:styles>");
    s
}

fn lvl(ilvl: u32, start: u32, fmt: &str, text: &str, extra: &str) -> String {
    format!("<w:lvl w:ilvl=\"{ilvl}\"><w:start w:val=\"{start}\"/><w:numFmt w:val=\"{fmt}\"/>{extra}<w:lvlText w:val=\"{}\"/><w:lvlJc w:val=\"left\"/></w:lvl>", esc(text))
}

fn numbering(extra: &str) -> String {
    let headings = format!(
        "<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"multilevel\"/>{}{}{}</w:abstractNum>",
        lvl(0, 1, "decimal", "%1", "<w:pStyle w:val=\"Rubrik1\"/>"),
        lvl(1, 1, "decimal", "%1.%2", "<w:pStyle w:val=\"Rubrik2\"/>"),
        lvl(2, 1, "decimal", "%1.%2.%3", "<w:pStyle w:val=\"Rubrik3\"/>"),
    );
    let bullets = format!(
        "<w:abstractNum w:abstractNumId=\"1\"><w:multiLevelType w:val=\"hybridMultilevel\"/>{}{}{}</w:abstractNum>",
        lvl(0, 1, "bullet", "\u{F0B7}", ""),
        lvl(1, 1, "bullet", "o", ""),
        lvl(2, 1, "bullet", "\u{F0A7}", ""),
    );
    let decimal = format!(
        "<w:abstractNum w:abstractNumId=\"2\"><w:multiLevelType w:val=\"hybridMultilevel\"/>{}{}</w:abstractNum>",
        lvl(0, 1, "decimal", "%1.", ""),
        lvl(1, 1, "lowerLetter", "%2)", ""),
    );
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:numbering xmlns:w=\"{W}\">{headings}{bullets}{decimal}{extra}<w:num w:numId=\"{HEADINGS}\"><w:abstractNumId w:val=\"0\"/></w:num><w:num w:numId=\"{BULLETS}\"><w:abstractNumId w:val=\"1\"/></w:num><w:num w:numId=\"{DECIMAL}\"><w:abstractNumId w:val=\"2\"/></w:num><w:num w:numId=\"{DECIMAL_RESTART}\"><w:abstractNumId w:val=\"2\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num></w:numbering>"
    )
}

/// A valid 1×1 PNG.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];
