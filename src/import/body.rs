//! `word/document.xml` body → blocks: paragraphs get their heading level (style or
//! outline level) and the number Word shows, list items their depth; tables keep their
//! merged cells; table-of-contents content, section properties and empty paragraphs
//! are dropped. Runs, fields and notes are read in `runs.rs`.

use super::model::{Block, Cell, Inline, ListItem, Paragraph, Row, Table};
use super::numbering::Numbering;
use super::package::Target;
use super::report::{Dropped, Report};
use super::runs::Field;
use super::styles::{Role, Styles};
use super::xml::Element;
use std::collections::BTreeMap;

/// Paragraph texts that head a table of contents (dropped with it).
const TOC_TITLES: &[&str] = &[
    "innehåll",
    "innehållsförteckning",
    "contents",
    "table of contents",
];

/// Reads one story (the body, a footnote) with the document's styles and list counters.
pub struct Converter<'a> {
    pub(super) styles: &'a Styles,
    pub(super) numbering: Numbering,
    /// Relationships of the part being read.
    pub(super) rels: BTreeMap<String, Target>,
    /// Open fields (`fldChar begin` … `end`), which may span paragraphs.
    pub(super) fields: Vec<Field>,
    /// Notes referenced so far: (is_endnote, w:id), in order of first reference.
    pub(super) notes: Vec<(bool, String)>,
    /// Texts of title-style paragraphs (the document title when the cover has none).
    pub titles: Vec<String>,
    /// What was dropped and what could not be mapped.
    pub report: Report,
}

impl<'a> Converter<'a> {
    /// A converter for the main document.
    pub fn new(
        styles: &'a Styles,
        numbering: Numbering,
        rels: BTreeMap<String, Target>,
    ) -> Converter<'a> {
        Converter {
            styles,
            numbering,
            rels,
            fields: Vec::new(),
            notes: Vec::new(),
            titles: Vec::new(),
            report: Report::default(),
        }
    }

    /// Blocks of a container of block-level content (`w:body`, `w:tc`, `w:footnote`).
    pub fn blocks(&mut self, container: &Element) -> Vec<Block> {
        let mut out = Vec::new();
        self.blocks_into(container, &mut out);
        out
    }

    fn blocks_into(&mut self, container: &Element, out: &mut Vec<Block>) {
        for e in container.elements() {
            match e.name.as_str() {
                "p" => {
                    if let Some(p) = self.paragraph(e) {
                        out.push(Block::Paragraph(p));
                    } else if self.in_toc() {
                        drop_toc_title(out);
                    }
                }
                "tbl" => {
                    let table = self.table(e);
                    if !table.rows.is_empty() {
                        out.push(Block::Table(table));
                    }
                }
                "sdt" => {
                    if is_toc_sdt(e) {
                        self.report.drop(Dropped::TocEntry);
                        drop_toc_title(out);
                    } else if let Some(content) = e.child("sdtContent") {
                        self.blocks_into(content, out);
                    }
                }
                "customXml" | "ins" | "moveTo" => {
                    if e.name != "customXml" {
                        self.report.drop(Dropped::Insertion);
                    }
                    self.blocks_into(e, out);
                }
                "del" | "moveFrom" => self.report.drop(Dropped::Deletion),
                "altChunk" => self.report.unsupported("embedded document (altChunk)"),
                _ => {}
            }
        }
    }

    /// True while inside a table-of-contents field.
    fn in_toc(&self) -> bool {
        self.fields.iter().any(|f| f.is_toc())
    }

    /// One paragraph, or `None` when there is nothing to keep (empty, a TOC entry, the
    /// title, which goes to the front matter).
    fn paragraph(&mut self, p: &Element) -> Option<Paragraph> {
        let ppr = p.child("pPr");
        let style = ppr
            .and_then(|x| x.child("pStyle"))
            .and_then(Element::val)
            .unwrap_or("")
            .to_string();
        let role = if style.is_empty() {
            Role::Body
        } else {
            self.styles.role(&style)
        };
        let was_in_toc = self.in_toc();
        let inlines = self.inlines(p);
        if role == Role::Toc || (was_in_toc && self.in_toc()) {
            self.report.drop(Dropped::TocEntry);
        }
        if role == Role::Toc {
            return None;
        }
        let outline = ppr
            .and_then(|x| x.child("outlineLvl"))
            .and_then(Element::val)
            .and_then(|v| v.parse::<u8>().ok());
        let heading = match (outline, role) {
            (Some(l), _) if l < 9 => Some(l + 1),
            (_, Role::Heading(l)) => Some(l),
            _ => None,
        };
        let mut para = Paragraph {
            inlines,
            heading,
            quote: role == Role::Quote,
            ..Paragraph::default()
        };
        // Counted even when empty: Word numbers an empty numbered paragraph too, and the
        // headings after it show the higher number.
        let label = self.label(ppr, &style);
        if para.is_empty() {
            return None;
        }
        // The first title paragraph is the document's title; later ones stay text.
        if role == Role::Title && heading.is_none() && self.titles.is_empty() {
            self.titles.push(para.text().trim().to_string());
            return None;
        }
        match (label, heading) {
            (Some((label, _)), Some(_)) => {
                let shown = label.text.trim();
                if !shown.is_empty() {
                    para.number = Some(shown.to_string());
                }
            }
            (Some((label, depth)), None) => {
                para.list = Some(ListItem {
                    depth,
                    ordered: label.ordered,
                    value: label.value,
                });
            }
            (None, _) => {}
        }
        Some(para)
    }

    /// The numbering label of a paragraph: its own `numPr`, else its style's.
    fn label(
        &mut self,
        ppr: Option<&Element>,
        style: &str,
    ) -> Option<(super::numbering::Label, u8)> {
        let own = ppr.and_then(|x| x.child("numPr"));
        let own_id = own
            .and_then(|n| n.child("numId"))
            .and_then(Element::val)
            .map(str::to_string);
        let own_lvl = own
            .and_then(|n| n.child("ilvl"))
            .and_then(Element::val)
            .and_then(|v| v.parse::<u8>().ok());
        let from_style = if style.is_empty() {
            None
        } else {
            self.styles.numbering(style)
        };
        let num_id = own_id.or_else(|| from_style.as_ref().map(|(id, _)| id.clone()))?;
        if num_id == "0" {
            return None;
        }
        let ilvl = own_lvl
            .or_else(|| from_style.as_ref().and_then(|(_, l)| *l))
            .or_else(|| self.numbering.level_for_style(&num_id, style))
            .unwrap_or(0);
        let depth = ilvl.max(self.styles.list_depth(style));
        self.numbering.next(&num_id, ilvl).map(|l| (l, depth))
    }

    fn table(&mut self, tbl: &Element) -> Table {
        let mut table = Table::default();
        for tr in rows_of(tbl) {
            let trpr = tr.child("trPr");
            if trpr.and_then(|t| t.child("del")).is_some() {
                self.report.drop(Dropped::Deletion);
                continue;
            }
            let mut row = Row {
                header: trpr.and_then(|t| t.toggle("tblHeader")).unwrap_or(false),
                cells: Vec::new(),
            };
            let grid = |name: &str| {
                trpr.and_then(|t| t.child(name))
                    .and_then(Element::val)
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(0)
            };
            for _ in 0..grid("gridBefore") {
                row.cells.push(Cell {
                    span: 1,
                    ..Cell::default()
                });
            }
            for tc in cells_of(tr) {
                let tcpr = tc.child("tcPr");
                let span = tcpr
                    .and_then(|t| t.child("gridSpan"))
                    .and_then(Element::val)
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 64);
                let merged_below = tcpr
                    .and_then(|t| t.child("vMerge"))
                    .is_some_and(|v| v.val() != Some("restart"));
                if span > 1 {
                    for _ in 1..span {
                        self.report.drop(Dropped::MergedCell);
                    }
                }
                if merged_below {
                    self.report.drop(Dropped::MergedCell);
                }
                let blocks = self.blocks(tc);
                row.cells.push(Cell {
                    blocks: if merged_below { Vec::new() } else { blocks },
                    span,
                    merged_below,
                });
            }
            for _ in 0..grid("gridAfter") {
                row.cells.push(Cell {
                    span: 1,
                    ..Cell::default()
                });
            }
            table.rows.push(row);
        }
        table
    }
}

/// Rows of a table, looking through content controls and custom XML around them.
fn rows_of(tbl: &Element) -> Vec<&Element> {
    let mut out = Vec::new();
    collect_named(tbl, "tr", &mut out);
    out
}

fn cells_of(tr: &Element) -> Vec<&Element> {
    let mut out = Vec::new();
    collect_named(tr, "tc", &mut out);
    out
}

fn collect_named<'e>(parent: &'e Element, name: &str, out: &mut Vec<&'e Element>) {
    for e in parent.elements() {
        if e.name == name {
            out.push(e);
        } else if matches!(e.name.as_str(), "sdt" | "sdtContent" | "customXml" | "ins") {
            collect_named(e, name, out);
        }
    }
}

/// A content control that Word uses for its table of contents.
fn is_toc_sdt(sdt: &Element) -> bool {
    sdt.path(&["sdtPr", "docPartObj", "docPartGallery"])
        .and_then(Element::val)
        .is_some_and(|v| v.eq_ignore_ascii_case("Table of Contents"))
}

/// Drops an "Innehåll" paragraph right before a table of contents.
fn drop_toc_title(out: &mut Vec<Block>) {
    if let Some(Block::Paragraph(p)) = out.last() {
        let text = p.text().trim().trim_end_matches(':').to_lowercase();
        if p.number.is_none() && TOC_TITLES.contains(&text.as_str()) {
            out.pop();
        }
    }
}

/// Bold and italic of a run (`w:rPr`), as a pair.
pub(super) fn emphasis(rpr: Option<&Element>) -> (bool, bool) {
    let Some(rpr) = rpr else {
        return (false, false);
    };
    (
        rpr.toggle("b").unwrap_or(false),
        rpr.toggle("i").unwrap_or(false),
    )
}

/// Appends text to `inlines`, merging with a previous run of the same emphasis.
pub(super) fn push_text(inlines: &mut Vec<Inline>, text: &str, bold: bool, italic: bool) {
    if text.is_empty() {
        return;
    }
    if let Some(Inline::Text {
        text: last,
        bold: b,
        italic: i,
    }) = inlines.last_mut()
    {
        if *b == bold && *i == italic {
            last.push_str(text);
            return;
        }
    }
    inlines.push(Inline::Text {
        text: text.to_string(),
        bold,
        italic,
    });
}
