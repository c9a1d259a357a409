//! Blocks → the Markdown the bundled content uses: `#` headings with Word's number in
//! the text, tight nested lists, GFM tables with `<br>` inside cells, and two-column
//! label/content tables whose right cells hold lists as description lists
//! (`Term` / blank line / `: - item`). Text is escaped so that it stays text.

use super::model::{Block, Cell, Image, Inline, Paragraph, Row, Table};
use std::collections::BTreeMap;

/// Writes blocks; `images` maps image parts to their path relative to the document.
pub struct Writer<'a> {
    /// Image part → Markdown path; images not in the map are left out (reported).
    pub images: &'a BTreeMap<String, String>,
}

impl Writer<'_> {
    /// Markdown of a sequence of blocks (no trailing newline).
    pub fn blocks(&self, blocks: &[Block]) -> String {
        let mut chunks: Vec<String> = Vec::new();
        let mut list: Vec<(u8, usize, bool)> = Vec::new();
        for block in blocks {
            match block {
                Block::Paragraph(p) if p.list.is_some() => {
                    // A bullet list right after a numbered one (or the reverse) is a
                    // list of its own.
                    let kind_changed = p.list.as_ref().is_some_and(|l| {
                        l.depth == 0 && list.first().is_some_and(|&(_, _, o)| o != l.ordered)
                    });
                    if kind_changed {
                        list.clear();
                    }
                    let continuing = !list.is_empty();
                    let item = self.list_item(p, &mut list);
                    match chunks.last_mut() {
                        Some(last) if continuing => {
                            last.push('\n');
                            last.push_str(&item);
                        }
                        _ => chunks.push(item),
                    }
                    continue;
                }
                Block::Paragraph(p) => chunks.push(self.paragraph(p)),
                Block::Table(t) => chunks.push(self.table(t)),
            }
            list.clear();
        }
        chunks.retain(|c| !c.trim().is_empty());
        chunks.join("\n\n")
    }

    fn paragraph(&self, p: &Paragraph) -> String {
        match p.heading {
            Some(level) => {
                let text = self.inlines(&plain_inlines(&p.inlines), Context::Heading);
                let text = text.trim();
                let hashes = "#".repeat(level.clamp(1, 6) as usize);
                match &p.number {
                    Some(n) => format!("{hashes} {} {text}", escape_number(n)),
                    None => format!("{hashes} {text}"),
                }
            }
            None if p.quote => {
                let text = self.inlines(&p.inlines, Context::Block(2));
                let lines: Vec<String> = text
                    .trim()
                    .lines()
                    .map(|l| format!("> {}", l.trim_start()))
                    .collect();
                lines.join("\n")
            }
            None => self
                .inlines(&p.inlines, Context::Block(0))
                .trim()
                .to_string(),
        }
    }

    fn list_item(&self, p: &Paragraph, stack: &mut Vec<(u8, usize, bool)>) -> String {
        let item = p.list.as_ref().expect("list item");
        while stack.last().is_some_and(|&(d, _, _)| d >= item.depth) {
            stack.pop();
        }
        let indent = stack.last().map_or(0, |&(_, col, _)| col);
        let marker = if item.ordered {
            format!("{}. ", item.value)
        } else {
            "- ".to_string()
        };
        let col = indent + marker.len();
        stack.push((item.depth, col, item.ordered));
        let text = self.inlines(&p.inlines, Context::Block(col));
        format!("{}{marker}{}", " ".repeat(indent), text.trim())
    }

    fn table(&self, t: &Table) -> String {
        if is_description_table(t) {
            return self.description_list(t);
        }
        let columns = t.columns().max(1);
        let header = t.rows.first().is_some_and(|r| r.header || is_bold_row(r)) && t.rows.len() > 1;
        let mut lines = Vec::new();
        let mut rows = t.rows.iter();
        let head: Vec<String> = if header {
            let first = rows.next().map(|r| self.row_cells(r, true, columns));
            first.unwrap_or_default()
        } else {
            vec![String::new(); columns]
        };
        lines.push(table_line(&head));
        lines.push(format!("|{}", "---|".repeat(columns)));
        for r in rows {
            lines.push(table_line(&self.row_cells(r, false, columns)));
        }
        lines.join("\n")
    }

    fn row_cells(&self, row: &Row, header: bool, columns: usize) -> Vec<String> {
        let mut out = Vec::new();
        for c in &row.cells {
            out.push(self.cell(c, header));
            for _ in 1..c.span.max(1) {
                out.push(String::new());
            }
        }
        out.resize(columns.max(out.len()), String::new());
        out
    }

    /// A cell on one line: paragraphs and list items joined with `<br>`.
    fn cell(&self, cell: &Cell, header: bool) -> String {
        let mut parts = Vec::new();
        for b in &cell.blocks {
            match b {
                Block::Paragraph(p) => {
                    let inlines = if header || p.heading.is_some() {
                        plain_inlines(&p.inlines)
                    } else {
                        p.inlines.clone()
                    };
                    let text = self.inlines(&inlines, Context::Cell);
                    let prefix = match &p.list {
                        Some(l) if l.ordered => format!("{}. ", l.value),
                        Some(_) => "- ".into(),
                        None => String::new(),
                    };
                    let number = p
                        .number
                        .as_deref()
                        .map(|n| format!("{n} "))
                        .unwrap_or_default();
                    parts.push(format!("{prefix}{number}{}", text.trim()));
                }
                Block::Table(t) => {
                    for r in &t.rows {
                        let texts: Vec<String> =
                            r.cells.iter().map(|c| self.cell(c, false)).collect();
                        parts.push(texts.join(" – "));
                    }
                }
            }
        }
        parts.retain(|p| !p.is_empty());
        parts.join("<br>")
    }

    /// `Term` / blank / `: definition` for each row; a row of one merged cell is a
    /// paragraph between the terms.
    fn description_list(&self, t: &Table) -> String {
        let mut chunks: Vec<String> = Vec::new();
        for row in &t.rows {
            let filled: Vec<&Cell> = row.cells.iter().filter(|c| !c.blocks.is_empty()).collect();
            if row.cells.len() == 1
                || filled.len() <= 1 && row.cells.first().is_some_and(|c| c.span > 1)
            {
                if let Some(c) = filled.first() {
                    chunks.push(self.blocks(&c.blocks));
                }
                continue;
            }
            let term = row
                .cells
                .first()
                .map(|c| self.cell(c, true))
                .unwrap_or_default();
            let definition = row.cells.get(1).map(|c| c.blocks.as_slice()).unwrap_or(&[]);
            let body = self.blocks(definition);
            if body.trim().is_empty() {
                if !term.is_empty() {
                    chunks.push(term);
                }
                continue;
            }
            let indented = indent(&body, 2);
            if term.is_empty() {
                // No label: the text continues the previous definition.
                match chunks.last_mut() {
                    Some(last) if last.contains("\n\n: ") => {
                        last.push_str("\n\n");
                        last.push_str(&indented);
                    }
                    _ => chunks.push(body),
                }
                continue;
            }
            chunks.push(format!("{term}\n\n: {}", &indented[2..]));
        }
        chunks.join("\n\n")
    }

    fn inlines(&self, inlines: &[Inline], context: Context) -> String {
        let mut out = String::new();
        let mut line_start = true;
        for inline in inlines {
            match inline {
                Inline::Text { text, bold, italic } => {
                    // A heading's text follows `#`: nothing in it starts a block.
                    let at_start =
                        line_start && out.trim().is_empty() && context != Context::Heading;
                    let escaped = escape(&clean(text), at_start, context);
                    out.push_str(&emphasise(&escaped, *bold, *italic));
                    line_start = false;
                }
                Inline::Break => {
                    match context {
                        Context::Cell => out.push_str("<br>"),
                        Context::Heading => out.push(' '),
                        Context::Block(indent) => {
                            let trimmed = out.trim_end().len();
                            out.truncate(trimmed);
                            out.push_str("\\\n");
                            out.push_str(&" ".repeat(indent));
                            line_start = true;
                            continue;
                        }
                    }
                    line_start = false;
                }
                Inline::Link { url, content } => {
                    let text = self.inlines(content, context);
                    let url = if url.contains([' ', '(', ')', '<', '>']) {
                        format!("<{}>", url.replace(['<', '>', ' '], ""))
                    } else {
                        url.clone()
                    };
                    out.push_str(&format!("[{}]({url})", text.trim()));
                    line_start = false;
                }
                Inline::Note(n) => out.push_str(&format!("[^{n}]")),
                Inline::Image(image) => {
                    if let Some(md) = self.image(image) {
                        out.push_str(&md);
                        line_start = false;
                    }
                }
            }
        }
        out
    }

    fn image(&self, image: &Image) -> Option<String> {
        let path = self.images.get(&image.part)?;
        let alt = image
            .alt
            .as_deref()
            .unwrap_or("")
            .replace(['\n', '\r'], " ")
            .replace('\\', "\\\\")
            .replace('[', "\\[")
            .replace(']', "\\]");
        Some(format!("![{alt}]({path})"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// A paragraph or list item whose continuation lines are indented this far.
    Block(usize),
    /// A table cell (one line; breaks as `<br>`; `|` escaped).
    Cell,
    /// A heading (one line).
    Heading,
}

/// A two-column table without a header row whose right-hand cells hold lists: the
/// label/content form Word documents use for "Syfte / Målgrupp / Samverkan …".
fn is_description_table(t: &Table) -> bool {
    t.columns() == 2
        && !t.rows.first().is_some_and(|r| r.header)
        && t.rows
            .iter()
            .any(|r| r.cells.len() == 2 && r.cells[1].has_list())
}

fn is_bold_row(row: &Row) -> bool {
    let mut any = false;
    for c in &row.cells {
        for b in &c.blocks {
            if let Block::Paragraph(p) = b {
                for i in &p.inlines {
                    if let Inline::Text { text, bold, .. } = i {
                        if !text.trim().is_empty() {
                            if !bold {
                                return false;
                            }
                            any = true;
                        }
                    }
                }
            }
        }
    }
    any
}

fn table_line(cells: &[String]) -> String {
    let mut line = String::from("|");
    for c in cells {
        if c.is_empty() {
            line.push_str("  |");
        } else {
            line.push_str(&format!(" {c} |"));
        }
    }
    line
}

/// Inlines without bold/italic (headings and header cells are styled by the site).
fn plain_inlines(inlines: &[Inline]) -> Vec<Inline> {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text { text, .. } => Inline::Text {
                text: text.clone(),
                bold: false,
                italic: false,
            },
            other => other.clone(),
        })
        .collect()
}

fn indent(text: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Word text as one line: newlines and tabs become spaces.
fn clean(text: &str) -> String {
    text.replace(['\n', '\r', '\t'], " ")
}

/// Wraps text in `**`/`*`, keeping surrounding spaces outside the markers (where
/// CommonMark requires them).
fn emphasise(text: &str, bold: bool, italic: bool) -> String {
    let marker = match (bold, italic) {
        (true, true) => "***",
        (true, false) => "**",
        (false, true) => "*",
        (false, false) => return text.to_string(),
    };
    let core = text.trim();
    if core.is_empty() {
        return text.to_string();
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    format!("{lead}{marker}{core}{marker}{trail}")
}

/// Escapes what Markdown would read as syntax. `at_start`: the text begins a line,
/// where `#`, `-`, `+`, `>`, `:`, `=` and `1.` start blocks.
fn escape(text: &str, at_start: bool, context: Context) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    let first = chars.iter().position(|c| !c.is_whitespace());
    for (i, &c) in chars.iter().enumerate() {
        let starts_line = at_start && Some(i) == first;
        let escape_it = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~' | '|' => true,
            '&' => chars
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#'),
            '#' => starts_line || context == Context::Heading,
            '-' | '+' | '>' | ':' | '=' => starts_line,
            '.' | ')' => {
                at_start
                    && first.is_some_and(|f| f < i)
                    && chars[first.unwrap_or(0)..i]
                        .iter()
                        .all(char::is_ascii_digit)
            }
            _ => false,
        };
        if escape_it {
            out.push('\\');
        }
        out.push(c);
    }
    if !at_start {
        return out;
    }
    // Four leading spaces would make a code block.
    out.trim_start().to_string()
}

/// A heading number as text ("1." must not start an ordered list: it follows `#`).
fn escape_number(n: &str) -> String {
    n.chars()
        .map(|c| match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '#' => format!("\\{c}"),
            c => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::model::ListItem;

    fn text(s: &str) -> Inline {
        Inline::Text {
            text: s.into(),
            bold: false,
            italic: false,
        }
    }

    fn para(s: &str) -> Block {
        Block::Paragraph(Paragraph {
            inlines: vec![text(s)],
            ..Paragraph::default()
        })
    }

    fn item(s: &str, depth: u8, ordered: bool, value: u32) -> Block {
        Block::Paragraph(Paragraph {
            inlines: vec![text(s)],
            list: Some(ListItem {
                depth,
                ordered,
                value,
            }),
            ..Paragraph::default()
        })
    }

    fn cell(blocks: Vec<Block>) -> Cell {
        Cell {
            blocks,
            span: 1,
            merged_below: false,
        }
    }

    fn write(blocks: &[Block]) -> String {
        let images = BTreeMap::new();
        Writer { images: &images }.blocks(blocks)
    }

    #[test]
    fn nested_lists_are_tight_and_indented_to_the_parent_content() {
        let md = write(&[
            para("Före:"),
            item("ett", 0, false, 1),
            item("under", 1, true, 1),
            item("under två", 1, true, 2),
            item("två", 0, false, 2),
            para("Efter."),
        ]);
        assert_eq!(
            md,
            "Före:\n\n- ett\n  1. under\n  2. under två\n- två\n\nEfter."
        );
    }

    #[test]
    fn escapes_markdown_syntax_but_keeps_text() {
        let md = write(&[
            para("1. inte en lista *x* [y] <b> a|b"),
            para("# inte rubrik"),
        ]);
        assert_eq!(
            md,
            "1\\. inte en lista \\*x\\* \\[y\\] \\<b> a\\|b\n\n\\# inte rubrik"
        );
        let bold = Block::Paragraph(Paragraph {
            inlines: vec![
                text("a"),
                Inline::Text {
                    text: " fet ".into(),
                    bold: true,
                    italic: false,
                },
                text("b"),
            ],
            ..Paragraph::default()
        });
        assert_eq!(write(&[bold]), "a **fet** b");
    }

    #[test]
    fn label_tables_with_lists_become_description_lists() {
        let table = Table {
            rows: vec![
                Row {
                    cells: vec![
                        cell(vec![para("Målgrupp")]),
                        cell(vec![item("Unga", 0, false, 1), item("Vuxna", 0, false, 2)]),
                    ],
                    header: false,
                },
                Row {
                    cells: vec![
                        cell(vec![para("Samverkan")]),
                        cell(vec![para("Med AF."), para("Med andra.")]),
                    ],
                    header: false,
                },
            ],
        };
        assert_eq!(
            write(&[Block::Table(table)]),
            "Målgrupp\n\n: - Unga\n  - Vuxna\n\nSamverkan\n\n: Med AF.\n\n  Med andra."
        );
    }

    #[test]
    fn tables_spread_merged_cells_and_break_cell_lines() {
        let mut merged = cell(vec![]);
        merged.merged_below = true;
        let mut wide = cell(vec![para("Summa")]);
        wide.span = 2;
        let table = Table {
            rows: vec![
                Row {
                    cells: vec![
                        cell(vec![para("Vad")]),
                        cell(vec![para("När")]),
                        cell(vec![para("Hur")]),
                    ],
                    header: true,
                },
                Row {
                    cells: vec![
                        cell(vec![para("Rapport")]),
                        cell(vec![para("maj"), item("muntlig", 0, false, 1)]),
                        cell(vec![para("x")]),
                    ],
                    header: false,
                },
                Row {
                    cells: vec![merged, wide],
                    header: false,
                },
            ],
        };
        assert_eq!(
            write(&[Block::Table(table)]),
            "| Vad | När | Hur |\n|---|---|---|\n| Rapport | maj<br>- muntlig | x |\n|  | Summa |  |"
        );
    }
}
