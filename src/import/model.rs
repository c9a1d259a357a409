//! What the importer reads a Word body into, before it becomes Markdown: paragraphs
//! (with their heading level and list position resolved) and tables.

/// Inline content of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Text with its emphasis.
    Text {
        /// The text.
        text: String,
        /// Bold.
        bold: bool,
        /// Italic.
        italic: bool,
    },
    /// A line break inside the paragraph.
    Break,
    /// A hyperlink.
    Link {
        /// Target URL.
        url: String,
        /// Link text.
        content: Vec<Inline>,
    },
    /// A reference to footnote number `n` (1-based, in order of first reference).
    Note(usize),
    /// An image.
    Image(Image),
}

/// An image in the package.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// Part name (`word/media/image1.png`).
    pub part: String,
    /// Alternative text (`wp:docPr/@descr`, else `@title`).
    pub alt: Option<String>,
}

/// Position in a list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// Nesting depth (0 = top).
    pub depth: u8,
    /// Numbered (true) or bulleted.
    pub ordered: bool,
    /// The item's number (for ordered lists).
    pub value: u32,
}

/// A paragraph with what its style and numbering make of it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paragraph {
    /// Content.
    pub inlines: Vec<Inline>,
    /// Heading level (1-based) for headings.
    pub heading: Option<u8>,
    /// The number Word shows before a heading ("3.1").
    pub number: Option<String>,
    /// List position for list items.
    pub list: Option<ListItem>,
    /// A quotation (block quote).
    pub quote: bool,
}

impl Paragraph {
    /// The plain text.
    pub fn text(&self) -> String {
        plain(&self.inlines)
    }

    /// True when there is nothing to show (no text, no image, no note).
    pub fn is_empty(&self) -> bool {
        !self.inlines.iter().any(|i| match i {
            Inline::Text { text, .. } => !text.trim().is_empty(),
            Inline::Break => false,
            Inline::Link { content, .. } => !plain(content).trim().is_empty(),
            Inline::Note(_) | Inline::Image(_) => true,
        })
    }
}

/// Plain text of inlines (breaks as spaces).
pub fn plain(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text { text, .. } => out.push_str(text),
            Inline::Break => out.push(' '),
            Inline::Link { content, .. } => out.push_str(&plain(content)),
            Inline::Note(_) | Inline::Image(_) => {}
        }
    }
    out
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    /// Content.
    pub blocks: Vec<Block>,
    /// Columns spanned (`gridSpan`).
    pub span: usize,
    /// Continuation of a vertically merged cell (`vMerge` without `restart`).
    pub merged_below: bool,
}

impl Cell {
    /// Plain text of the cell's paragraphs, one line each.
    pub fn text(&self) -> String {
        self.blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => p.text(),
                Block::Table(t) => t
                    .rows
                    .iter()
                    .flat_map(|r| r.cells.iter().map(Cell::text))
                    .collect::<Vec<_>>()
                    .join(" "),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// True when any paragraph of the cell is a list item.
    pub fn has_list(&self) -> bool {
        self.blocks
            .iter()
            .any(|b| matches!(b, Block::Paragraph(p) if p.list.is_some()))
    }
}

/// A table row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    /// Cells in order.
    pub cells: Vec<Cell>,
    /// Marked as a header row (`tblHeader`, repeated on each page).
    pub header: bool,
}

/// A table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Rows in order.
    pub rows: Vec<Row>,
}

impl Table {
    /// Number of grid columns (the widest row, spans counted).
    pub fn columns(&self) -> usize {
        self.rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.span.max(1)).sum::<usize>())
            .max()
            .unwrap_or(0)
    }
}

/// A body block.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph, heading or list item.
    Paragraph(Paragraph),
    /// A table.
    Table(Table),
}
