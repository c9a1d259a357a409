//! Inline content of a paragraph: runs with bold/italic, breaks, hyperlinks, footnote
//! references, images, fields and tracked changes. Fields (`fldChar begin … separate …
//! end`) can span runs and paragraphs: a table of contents is one field over many
//! paragraphs, so their state lives in the converter. The cached result of TOC and
//! page-number fields is dropped; other fields keep the text Word last showed.

use super::body::{emphasis, push_text, Converter};
use super::model::{Image, Inline};
use super::package::Target;
use super::report::Dropped;
use super::xml::Element;

/// An open field.
#[derive(Debug, Clone, Default)]
pub struct Field {
    instr: String,
    /// After `separate`: showing the cached result.
    in_result: bool,
    /// Result collected for a HYPERLINK field, turned into a link at `end`.
    link: Option<(String, Vec<Inline>)>,
}

impl Field {
    fn kind(&self) -> String {
        self.instr
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase()
    }

    /// A table-of-contents field (its whole result is dropped).
    pub fn is_toc(&self) -> bool {
        matches!(self.kind().as_str(), "TOC" | "INDEX" | "TOA")
    }

    /// Fields whose result is not document text.
    fn hides_result(&self) -> bool {
        self.is_toc()
            || matches!(
                self.kind().as_str(),
                "PAGE" | "NUMPAGES" | "PAGEREF" | "SECTIONPAGES" | "SECTION" | "TC" | "XE"
            )
    }
}

/// The URL of a `HYPERLINK "url"` instruction (`\l "anchor"` links stay text).
fn hyperlink_target(instr: &str) -> Option<String> {
    let rest = instr.trim_start().strip_prefix("HYPERLINK")?.trim_start();
    if rest.starts_with("\\l") {
        return None;
    }
    let url = rest.trim_start_matches('"');
    let url = url.split('"').next()?.trim();
    (!url.is_empty()).then(|| url.to_string())
}

impl Converter<'_> {
    /// The inline content of a paragraph (or any run container).
    pub fn inlines(&mut self, container: &Element) -> Vec<Inline> {
        let mut out = Vec::new();
        self.inlines_into(container, &mut out);
        // A HYPERLINK field still open at the paragraph's end shows its text so far.
        if let Some(field) = self.fields.last_mut() {
            if let Some((_, collected)) = field.link.as_mut() {
                out.append(collected);
            }
        }
        out
    }

    fn hidden(&self) -> bool {
        self.fields.iter().any(|f| !f.in_result || f.hides_result())
    }

    fn emit(&mut self, out: &mut Vec<Inline>, inline: Inline) {
        if self.hidden() {
            return;
        }
        let target = match self.fields.iter_mut().rev().find_map(|f| f.link.as_mut()) {
            Some((_, collected)) => collected,
            None => out,
        };
        match inline {
            Inline::Text { text, bold, italic } => push_text(target, &text, bold, italic),
            other => target.push(other),
        }
    }

    fn inlines_into(&mut self, container: &Element, out: &mut Vec<Inline>) {
        for e in container.elements() {
            match e.name.as_str() {
                "r" => self.run(e, out),
                "hyperlink" => {
                    let url =
                        e.attr("r:id")
                            .and_then(|id| self.rels.get(id))
                            .and_then(|t| match t {
                                Target::External(url) => Some(url.clone()),
                                Target::Part(_) => None,
                            });
                    let mut content = Vec::new();
                    self.inlines_into(e, &mut content);
                    match url {
                        Some(url) if !content.is_empty() => out.push(Inline::Link { url, content }),
                        _ => out.extend(content),
                    }
                }
                "fldSimple" => {
                    let field = Field {
                        instr: e.attr("w:instr").unwrap_or("").trim().to_string(),
                        in_result: true,
                        link: None,
                    };
                    if field.hides_result() {
                        self.count_hidden(&field);
                        continue;
                    }
                    match hyperlink_target(&field.instr) {
                        Some(url) => {
                            let mut content = Vec::new();
                            self.inlines_into(e, &mut content);
                            out.push(Inline::Link { url, content });
                        }
                        None => self.inlines_into(e, out),
                    }
                }
                "ins" | "moveTo" => {
                    self.report.drop(Dropped::Insertion);
                    self.inlines_into(e, out);
                }
                "del" | "moveFrom" => self.report.drop(Dropped::Deletion),
                "smartTag" | "customXml" | "dir" | "bdo" => self.inlines_into(e, out),
                "sdt" => {
                    if let Some(content) = e.child("sdtContent") {
                        self.inlines_into(content, out);
                    }
                }
                "oMath" | "oMathPara" => {
                    self.report.unsupported("equation (imported as plain text)");
                    let text = e.text();
                    self.emit(
                        out,
                        Inline::Text {
                            text,
                            bold: false,
                            italic: false,
                        },
                    );
                }
                "commentRangeStart" => self.report.drop(Dropped::Comment),
                _ => {}
            }
        }
    }

    fn count_hidden(&mut self, field: &Field) {
        if field.is_toc() {
            self.report.drop(Dropped::TocEntry);
        } else {
            self.report.drop(Dropped::PageField);
        }
    }

    fn run(&mut self, r: &Element, out: &mut Vec<Inline>) {
        let rpr = r.child("rPr");
        // Hidden text and the page numbers Word hides in web layout are not content.
        let vanished = rpr.is_some_and(|p| {
            p.toggle("vanish").unwrap_or(false) || p.toggle("webHidden").unwrap_or(false)
        });
        // Direct formatting wins over the character style ("Stark" = bold).
        let (style_bold, style_italic) = rpr
            .and_then(|p| p.child("rStyle"))
            .and_then(Element::val)
            .map_or((false, false), |id| self.styles.emphasis(id));
        let (bold, italic) = emphasis(rpr);
        let bold = rpr.and_then(|p| p.toggle("b")).map_or(style_bold, |_| bold);
        let italic = rpr
            .and_then(|p| p.toggle("i"))
            .map_or(style_italic, |_| italic);
        for e in r.elements() {
            match e.name.as_str() {
                "t" if !vanished => self.emit(
                    out,
                    Inline::Text {
                        text: e.text(),
                        bold,
                        italic,
                    },
                ),
                "tab" | "ptab" if !vanished => self.emit(
                    out,
                    Inline::Text {
                        text: " ".into(),
                        bold: false,
                        italic: false,
                    },
                ),
                "noBreakHyphen" if !vanished => self.emit(
                    out,
                    Inline::Text {
                        text: "-".into(),
                        bold,
                        italic,
                    },
                ),
                "br" | "cr" if !vanished => {
                    // Page and column breaks are layout, not content.
                    if matches!(e.attr("w:type"), None | Some("textWrapping")) {
                        self.emit(out, Inline::Break);
                    }
                }
                "fldChar" => self.field_char(e, out),
                "instrText" => {
                    if let Some(f) = self.fields.last_mut().filter(|f| !f.in_result) {
                        f.instr.push_str(&e.text());
                    }
                }
                "footnoteReference" | "endnoteReference" => {
                    if let Some(id) = e.attr("w:id") {
                        let key = (e.name == "endnoteReference", id.to_string());
                        let n = match self.notes.iter().position(|k| *k == key) {
                            Some(i) => i + 1,
                            None => {
                                self.notes.push(key);
                                self.notes.len()
                            }
                        };
                        self.emit(out, Inline::Note(n));
                    }
                }
                "drawing" | "pict" => {
                    if let Some(image) = self.image(e) {
                        self.emit(out, Inline::Image(image));
                    }
                }
                "AlternateContent" => {
                    // Prefer the modern form; the fallback repeats it.
                    if let Some(choice) = e.child("Choice").or_else(|| e.child("Fallback")) {
                        self.run(choice, out);
                    }
                }
                "object" => self.report.unsupported("embedded object (OLE)"),
                "commentReference" => {}
                "sym" => {
                    let c = e
                        .attr("w:char")
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .and_then(char::from_u32)
                        .filter(|c| !('\u{F000}'..='\u{F0FF}').contains(c));
                    match c {
                        Some(c) => self.emit(
                            out,
                            Inline::Text {
                                text: c.to_string(),
                                bold,
                                italic,
                            },
                        ),
                        None => self.report.unsupported("symbol-font character"),
                    }
                }
                _ => {}
            }
        }
    }

    fn field_char(&mut self, e: &Element, out: &mut Vec<Inline>) {
        match e.attr("w:fldCharType") {
            Some("begin") => self.fields.push(Field::default()),
            Some("separate") => {
                let hidden_before = self.hidden();
                if let Some(f) = self.fields.last_mut() {
                    f.in_result = true;
                    if let Some(url) = hyperlink_target(&f.instr) {
                        f.link = Some((url, Vec::new()));
                    }
                }
                if let Some(f) = self.fields.last().cloned() {
                    // TOC entries are counted per paragraph (body.rs).
                    if f.hides_result() && !f.is_toc() && !hidden_before {
                        self.count_hidden(&f);
                    }
                }
            }
            Some("end") => {
                if let Some(f) = self.fields.pop() {
                    if let Some((url, content)) = f.link {
                        if !content.is_empty() {
                            self.emit(out, Inline::Link { url, content });
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// The image of a `w:drawing` (DrawingML) or `w:pict` (VML), with its alt text.
    fn image(&mut self, e: &Element) -> Option<Image> {
        if e.find("chart").is_some() {
            self.report
                .unsupported("chart (add it as an image with alt text)");
            return None;
        }
        let (rel, alt) = if let Some(blip) = e.find("blip") {
            let doc_pr = e.find("docPr");
            let alt = doc_pr
                .and_then(|d| d.attr("descr").filter(|s| !s.trim().is_empty()))
                .or_else(|| doc_pr.and_then(|d| d.attr("title")))
                .map(str::to_string);
            (blip.attr("r:embed").or_else(|| blip.attr("r:link")), alt)
        } else if let Some(data) = e.find("imagedata") {
            let alt = e
                .find("shape")
                .and_then(|s| s.attr("alt"))
                .or_else(|| data.attr("o:title"))
                .map(str::to_string);
            (data.attr("r:id"), alt)
        } else {
            if e.find("txbxContent").is_some() {
                self.report
                    .unsupported("text box (copy its text into the Markdown)");
            } else {
                self.report
                    .unsupported("drawing without a picture (shape or SmartArt)");
            }
            return None;
        };
        let alt = alt.map(|a| a.trim().to_string()).filter(|a| !a.is_empty());
        match rel.and_then(|id| self.rels.get(id)) {
            Some(Target::Part(part)) => Some(Image {
                part: part.clone(),
                alt,
            }),
            Some(Target::External(_)) => {
                self.report.unsupported("linked (not embedded) image");
                None
            }
            None => {
                self.report.unsupported("image without data");
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_kinds() {
        let f = |instr: &str| Field {
            instr: instr.into(),
            in_result: true,
            link: None,
        };
        assert!(f(" TOC \\o \"1-3\" \\h ").is_toc());
        assert!(f("PAGE \\* MERGEFORMAT").hides_result());
        assert!(f(" PAGEREF _Toc1 \\h ").hides_result());
        assert!(!f(" DATE ").hides_result());
        assert_eq!(
            hyperlink_target(" HYPERLINK \"https://a.se/x\" "),
            Some("https://a.se/x".into())
        );
        assert_eq!(hyperlink_target(" HYPERLINK \\l \"_Toc1\" "), None);
    }
}
