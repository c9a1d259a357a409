//! The block tree the redline works on, derived from comrak's AST while a section is
//! parsed: leaves (paragraphs, list-item text, terms, code, rules, tables) with their
//! inline styling, each inside a chain of containers (lists, items, quotes, description
//! lists). Diffing leaves keeps the structure to render the redline as the page looks.

use comrak::nodes::{AstNode, ListType, NodeValue, TableAlignment};

/// A section body as leaves in document order and the containers they sit in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Body {
    /// Leaves in document order.
    pub leaves: Vec<Leaf>,
    /// Containers; a leaf or frame names its parent by index here.
    pub frames: Vec<Frame>,
    /// Link targets (url, title), referred to by [`Style::link`].
    pub links: Vec<(String, String)>,
}

/// A container of leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame {
    /// What kind of container.
    pub kind: FrameKind,
    /// The enclosing container.
    pub parent: Option<u32>,
}

/// Kinds of containers, as rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameKind {
    /// `<ul>` or `<ol start>`.
    List {
        /// Numbered list.
        ordered: bool,
        /// First number.
        start: u32,
    },
    /// `<li>`; tight items show their paragraphs without `<p>`.
    Item {
        /// Paragraphs without `<p>`.
        tight: bool,
    },
    /// `<blockquote>`.
    Quote,
    /// `<dl>`.
    DescList,
    /// `<dd>`.
    Details {
        /// Paragraphs without `<p>`.
        tight: bool,
    },
}

impl FrameKind {
    /// Same kind of container, ignoring details such as the start number.
    pub fn same_kind(&self, other: &FrameKind) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// A unit of content: the text of one paragraph, term, code block, or one table.
#[derive(Debug, Clone, PartialEq)]
pub struct Leaf {
    /// What the leaf is.
    pub kind: LeafKind,
    /// The innermost container.
    pub frame: Option<u32>,
    /// Styled text (empty for rules and tables).
    pub pieces: Vec<Piece>,
    /// The table, for [`LeafKind::Table`].
    pub table: Option<Box<Table>>,
}

/// Kinds of leaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeafKind {
    /// A paragraph (or escaped raw HTML block shown as text).
    Para,
    /// A description-list term (`<dt>`).
    Term,
    /// A code block with its info string.
    Code(String),
    /// `<hr>`.
    Rule,
    /// A table.
    Table,
}

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// The text; a hard line break is `\u{2028}`.
    pub text: String,
    /// Its style.
    pub style: Style,
}

/// Inline styling of a piece.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Style {
    /// Bit set of `EM`, `STRONG`, `STRIKE`, `CODE`, `FOOTNOTE`.
    pub flags: u8,
    /// Index into [`Body::links`].
    pub link: Option<u32>,
}

impl Style {
    /// `<em>`.
    pub const EM: u8 = 1;
    /// `<strong>`.
    pub const STRONG: u8 = 2;
    /// Strikethrough (`<s>` in the redline, so `<del>` only means deleted).
    pub const STRIKE: u8 = 4;
    /// `<code>`.
    pub const CODE: u8 = 8;
    /// A footnote reference (`<sup>`); the link points at the footnote.
    pub const FOOTNOTE: u8 = 16;
}

/// A table: header row first.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column alignments.
    pub aligns: Vec<Align>,
    /// Rows of cells, header first.
    pub rows: Vec<Vec<Cell>>,
}

/// A column's alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Not set.
    None,
    /// Left.
    Left,
    /// Centre.
    Center,
    /// Right.
    Right,
}

/// One table cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    /// Styled text.
    pub pieces: Vec<Piece>,
    /// Plain text, whitespace collapsed.
    pub text: String,
}

/// A hard line break inside a piece.
pub const LINE_BREAK: char = '\u{2028}';

impl Leaf {
    /// Plain text, whitespace collapsed (table: cells joined by spaces, rows by newlines).
    pub fn text(&self) -> String {
        match &self.table {
            Some(t) => t
                .rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|c| c.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join("\n"),
            None => collapse(&pieces_text(&self.pieces)),
        }
    }
}

/// The text of pieces; footnote numbers are not part of it (as in the page's plain text).
fn pieces_text(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .filter(|p| p.style.flags & Style::FOOTNOTE == 0)
        .map(|p| p.text.as_str())
        .collect()
}

/// Whether a link target may become a link: relative, or http(s), mailto or tel once
/// whitespace and control characters (which browsers skip: "java\tscript:") are removed.
pub fn safe_url(url: &str) -> bool {
    let bare: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let head = bare.split(['/', '?', '#']).next().unwrap_or("");
    match head.split_once(':') {
        None => !comrak::html::dangerous_url(url),
        Some((scheme, _)) => matches!(scheme, "http" | "https" | "mailto" | "tel"),
    }
}

/// Whitespace (including line breaks) collapsed to single spaces, trimmed.
pub fn collapse(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == LINE_BREAK)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

impl Body {
    /// Plain text: one line per non-empty leaf (what alignment and search read).
    pub fn text(&self) -> String {
        self.leaves
            .iter()
            .map(Leaf::text)
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The containers around `leaf`, outermost first.
    pub fn chain(&self, leaf: &Leaf) -> Vec<u32> {
        let mut out = Vec::new();
        let mut at = leaf.frame;
        while let Some(f) = at {
            out.push(f);
            at = self.frames[f as usize].parent;
        }
        out.reverse();
        out
    }

    /// Bodies one after the other (the old side of a merge).
    pub fn concat<'a>(bodies: impl IntoIterator<Item = &'a Body>) -> Body {
        let mut out = Body::default();
        for b in bodies {
            let (f0, l0) = (out.frames.len() as u32, out.links.len() as u32);
            out.frames.extend(b.frames.iter().map(|f| Frame {
                kind: f.kind,
                parent: f.parent.map(|p| p + f0),
            }));
            out.links.extend(b.links.iter().cloned());
            let shift = |pieces: &mut Vec<Piece>| {
                for p in pieces {
                    p.style.link = p.style.link.map(|l| l + l0);
                }
            };
            for leaf in &b.leaves {
                let mut leaf = leaf.clone();
                leaf.frame = leaf.frame.map(|f| f + f0);
                shift(&mut leaf.pieces);
                if let Some(t) = &mut leaf.table {
                    for cell in t.rows.iter_mut().flatten() {
                        shift(&mut cell.pieces);
                    }
                }
                out.leaves.push(leaf);
            }
        }
        out
    }

    /// Adds the blocks of `node` (a top-level block of a section) to the body.
    pub fn collect<'a>(&mut self, node: &'a AstNode<'a>) {
        // Own stack, not recursion: 100,000 nested quotes must not overflow.
        let mut stack: Vec<(&'a AstNode<'a>, Option<u32>)> = vec![(node, None)];
        while let Some((n, parent)) = stack.pop() {
            let value = n.data().value.clone();
            let frame = match value {
                NodeValue::Paragraph => {
                    self.text_leaf(n, LeafKind::Para, parent);
                    continue;
                }
                NodeValue::HtmlBlock(b) => {
                    // Raw HTML is untrusted: shown as text, as on the page.
                    self.leaves.push(Leaf {
                        kind: LeafKind::Para,
                        frame: parent,
                        pieces: vec![Piece {
                            text: b.literal.trim_end().to_string(),
                            style: Style::default(),
                        }],
                        table: None,
                    });
                    continue;
                }
                NodeValue::DescriptionTerm => {
                    self.text_leaf(n, LeafKind::Term, parent);
                    continue;
                }
                NodeValue::CodeBlock(c) => {
                    let literal = c.literal.trim_end_matches('\n').to_string();
                    self.leaves.push(Leaf {
                        kind: LeafKind::Code(c.info.clone()),
                        frame: parent,
                        pieces: vec![Piece {
                            text: literal,
                            style: Style::default(),
                        }],
                        table: None,
                    });
                    continue;
                }
                NodeValue::ThematicBreak => {
                    self.leaves.push(Leaf {
                        kind: LeafKind::Rule,
                        frame: parent,
                        pieces: Vec::new(),
                        table: None,
                    });
                    continue;
                }
                NodeValue::Table(t) => {
                    let table = self.table(n, &t.alignments);
                    self.leaves.push(Leaf {
                        kind: LeafKind::Table,
                        frame: parent,
                        pieces: Vec::new(),
                        table: Some(Box::new(table)),
                    });
                    continue;
                }
                NodeValue::List(l) => Some(FrameKind::List {
                    ordered: l.list_type == ListType::Ordered,
                    start: l.start as u32,
                }),
                // Tightness is the list's (comrak keeps it on the list node).
                NodeValue::Item(_) => Some(FrameKind::Item {
                    tight: n
                        .parent()
                        .is_some_and(|p| matches!(&p.data().value, NodeValue::List(l) if l.tight)),
                }),
                NodeValue::BlockQuote => Some(FrameKind::Quote),
                NodeValue::DescriptionList => Some(FrameKind::DescList),
                NodeValue::DescriptionDetails => {
                    let tight = n.parent().is_some_and(
                        |p| matches!(p.data().value, NodeValue::DescriptionItem(d) if d.tight),
                    );
                    Some(FrameKind::Details { tight })
                }
                _ => None,
            };
            let inner = match frame {
                Some(kind) => {
                    self.frames.push(Frame { kind, parent });
                    Some(self.frames.len() as u32 - 1)
                }
                None => parent,
            };
            // An item with no text still shows as an item.
            if matches!(frame, Some(FrameKind::Item { .. })) && n.first_child().is_none() {
                self.leaves.push(Leaf {
                    kind: LeafKind::Para,
                    frame: inner,
                    pieces: Vec::new(),
                    table: None,
                });
            }
            let children: Vec<_> = n.children().collect();
            for child in children.into_iter().rev() {
                stack.push((child, inner));
            }
        }
    }

    fn text_leaf<'a>(&mut self, node: &'a AstNode<'a>, kind: LeafKind, frame: Option<u32>) {
        let mut pieces = Vec::new();
        self.inline(node, Style::default(), &mut pieces);
        self.leaves.push(Leaf {
            kind,
            frame,
            pieces,
            table: None,
        });
    }

    fn table<'a>(&mut self, node: &'a AstNode<'a>, aligns: &[TableAlignment]) -> Table {
        let aligns = aligns
            .iter()
            .map(|a| match a {
                TableAlignment::None => Align::None,
                TableAlignment::Left => Align::Left,
                TableAlignment::Center => Align::Center,
                TableAlignment::Right => Align::Right,
            })
            .collect();
        let rows = node
            .children()
            .map(|row| {
                row.children()
                    .map(|cell| {
                        let mut pieces = Vec::new();
                        self.inline(cell, Style::default(), &mut pieces);
                        let text = collapse(&pieces_text(&pieces));
                        Cell { pieces, text }
                    })
                    .collect()
            })
            .collect();
        Table { aligns, rows }
    }

    /// Styled text of an inline container, depth first on its own stack.
    fn inline<'a>(&mut self, node: &'a AstNode<'a>, style: Style, out: &mut Vec<Piece>) {
        let mut stack: Vec<(&'a AstNode<'a>, Style)> = node
            .children()
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .map(|c| (c, style))
            .collect();
        let push = |out: &mut Vec<Piece>, text: &str, style: Style| match out.last_mut() {
            Some(last) if last.style == style => last.text.push_str(text),
            _ => out.push(Piece {
                text: text.to_string(),
                style,
            }),
        };
        while let Some((n, style)) = stack.pop() {
            let mut inner = style;
            match &n.data().value {
                NodeValue::Text(t) => push(out, t, style),
                NodeValue::Code(c) => push(
                    out,
                    &c.literal,
                    Style {
                        flags: style.flags | Style::CODE,
                        ..style
                    },
                ),
                NodeValue::HtmlInline(s) => push(out, s, style),
                NodeValue::HtmlBlock(b) => push(out, &b.literal, style),
                NodeValue::SoftBreak => push(out, " ", style),
                NodeValue::LineBreak => push(out, &LINE_BREAK.to_string(), style),
                NodeValue::FootnoteReference(f) => {
                    let link = self.link(format!("#fn-{}", f.name), String::new());
                    push(
                        out,
                        &f.ix.to_string(),
                        Style {
                            flags: style.flags | Style::FOOTNOTE,
                            link: Some(link),
                        },
                    );
                }
                NodeValue::Emph => inner.flags |= Style::EM,
                NodeValue::Strong => inner.flags |= Style::STRONG,
                NodeValue::Strikethrough => inner.flags |= Style::STRIKE,
                NodeValue::Link(l) => {
                    inner.link =
                        safe_url(&l.url).then(|| self.link(l.url.clone(), l.title.clone()));
                }
                NodeValue::Paragraph if !out.is_empty() => push(out, " ", style),
                _ => {}
            }
            let children: Vec<_> = n.children().collect();
            for child in children.into_iter().rev() {
                stack.push((child, inner));
            }
        }
        // Block-level text (a term or cell holding paragraphs) ends without a space.
        if let Some(last) = out.last_mut() {
            let trimmed = last.text.trim_end().len();
            last.text.truncate(trimmed);
        }
        out.retain(|p| !p.text.is_empty());
    }

    fn link(&mut self, url: String, title: String) -> u32 {
        match self.links.iter().position(|l| l.0 == url && l.1 == title) {
            Some(i) => i as u32,
            None => {
                self.links.push((url, title));
                self.links.len() as u32 - 1
            }
        }
    }
}
