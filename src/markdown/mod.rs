//! Markdown → sections. Parses a document body once with comrak and keeps, per
//! section, the heading (number, title, explicit id), the body HTML, the plain text
//! and the block tree (paragraphs, lists, description lists, tables, with inline
//! styling; see `diff::tree`) that alignment, the change log and search all read. Raw HTML is escaped; only `<br>` becomes a line break and
//! HTML comments (author notes) are dropped. The document's own links are resolved in
//! the tree to site paths (`links`), so its HTML can be shown on any page.

mod links;

use crate::diff::Body;
use crate::editorial;
pub use crate::html::escape_html;
use crate::html::LinkedHtml;
use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options};
use std::sync::OnceLock;

/// A parsed document body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedDoc {
    /// Sections in document order. A first section of level 0 holds text before the first heading.
    pub sections: Vec<Section>,
    /// Footnote definitions, rendered once at the end of the page.
    pub footnotes_html: LinkedHtml,
}

/// One heading and the content up to the next heading.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    /// Markdown heading level (1 = `#`); 0 for text before the first heading.
    pub level: u8,
    /// Leading number of the heading ("2.1"), kept out of the title and the id.
    pub number: Option<String>,
    /// Heading text without number and explicit id.
    pub title: String,
    /// `{#id}` written by the author at the end of the heading.
    pub explicit_id: Option<String>,
    /// 1-based line of the heading in the source file.
    pub line: usize,
    /// Index of the enclosing section, if any.
    pub parent: Option<usize>,
    /// Rendered body (without the heading), its in-site links filled in per page.
    pub html: LinkedHtml,
    /// Plain text of the body.
    pub text: String,
    /// The body as a block tree (what the redline compares).
    pub body: Body,
}

impl Section {
    /// "2.1 Grunduppdrag" — the heading as written, without an explicit id.
    pub fn display_title(&self) -> String {
        match &self.number {
            Some(n) => format!("{n} {}", self.title),
            None => self.title.clone(),
        }
    }
}

/// The comrak options styrdok renders with: GFM tables, strikethrough, autolinks,
/// footnotes, description lists; raw HTML escaped, dangerous URLs dropped.
pub fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.strikethrough = true;
    o.extension.table = true;
    o.extension.autolink = true;
    o.extension.footnotes = true;
    o.extension.description_lists = true;
    o.render.escape = true;
    o.render.r#unsafe = false;
    o
}

fn highlighter() -> &'static comrak::plugins::syntect::SyntectAdapter {
    static ADAPTER: OnceLock<comrak::plugins::syntect::SyntectAdapter> = OnceLock::new();
    ADAPTER.get_or_init(|| {
        comrak::plugins::syntect::SyntectAdapterBuilder::new()
            .css()
            .build()
    })
}

/// Parses a body that starts at line `first_line` of its file, with the built-in
/// UI strings, as a document published at the site root.
pub fn parse(body: &str, first_line: usize) -> ParsedDoc {
    parse_with(
        body,
        first_line,
        &crate::strings::Strings::builtin().table,
        "",
    )
}

/// Parses a body that starts at line `first_line` of its file; `table_word` names
/// tables for screen readers ("Tabell 2: 4.1 Ekonomi"); `folder` is the site path the
/// document is published in ("a/2025/"), which its relative links are resolved against.
pub fn parse_with(body: &str, first_line: usize, table_word: &str, folder: &str) -> ParsedDoc {
    // CommonMark replaces U+0000; styrdok relies on it (NUL marks link slots, `html::linked`).
    let body: std::borrow::Cow<str> = if body.contains('\0') {
        body.replace('\0', "\u{FFFD}").into()
    } else {
        body.into()
    };
    let body = body.as_ref();
    let arena = Arena::new();
    let options = options();
    let root = comrak::parse_document(&arena, body, &options);
    let has_code = sanitize(&arena, root);
    links::resolve_tree(root, folder);
    let mut highlighted = comrak::options::Plugins::default();
    if has_code {
        highlighted.render.codefence_syntax_highlighter = Some(highlighter());
    }
    let plain = comrak::options::Plugins::default();
    // Highlighting is far costlier than the text: past the budget, code is plain text.
    let mut budget = crate::limits::HIGHLIGHT_BUDGET;
    let mut plugins_for = |code: usize| {
        if code == 0 {
            &highlighted
        } else if code <= budget {
            budget -= code;
            &highlighted
        } else {
            budget = 0;
            &plain
        }
    };

    let lines = LineMap::new(body);
    let mut doc = ParsedDoc::default();
    let mut current = Section::default();
    // The current section's HTML, its links still slot markers.
    let mut html = String::new();
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let mut tables = 0;
    let mut footnotes = Vec::new();
    for node in root.children() {
        let value = node.data().value.clone();
        match value {
            NodeValue::Heading(h) => {
                if current.level > 0 || !current.body.leaves.is_empty() || !html.is_empty() {
                    let done = std::mem::take(&mut current);
                    doc.sections
                        .push(finish(done, std::mem::take(&mut html), folder));
                }
                let index = doc.sections.len();
                while stack.last().is_some_and(|&(lvl, _)| lvl >= h.level) {
                    stack.pop();
                }
                let (number, title, explicit_id) = split_heading(&plain_text(node));
                current = Section {
                    level: h.level,
                    number,
                    title,
                    explicit_id,
                    line: lines.file_line(node.data().sourcepos.start.line) + first_line - 1,
                    parent: stack.last().map(|&(_, i)| i),
                    ..Default::default()
                };
                stack.push((h.level, index));
                tables = 0;
            }
            NodeValue::FootnoteDefinition(_) => footnotes.push(node),
            NodeValue::BlockQuote if editorial::take_marker(node) => {
                let inner: String = node
                    .children()
                    .map(|child| render(child, &options, plugins_for(code_bytes(child)), folder))
                    .collect();
                html.push_str(&format!(
                    "<div class=\"editorial\" role=\"note\">\n<p class=\"editorial-head\">{}</p>\n{inner}</div>\n",
                    editorial::LABEL_SLOT
                ));
                current.body.collect(node);
            }
            NodeValue::Table(_) => {
                tables += 1;
                let table = render(node, &options, plugins_for(code_bytes(node)), folder);
                let label = if current.title.is_empty() {
                    format!("{table_word} {tables}")
                } else {
                    format!("{table_word} {tables}: {}", current.display_title())
                };
                let label = escape_html(&label);
                html.push_str(&format!(
                    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{label}\">\n{}</div>\n",
                    table.replacen("<table>", &format!("<table>\n<caption class=\"visually-hidden\">{label}</caption>"), 1)
                ));
                current.body.collect(node);
            }
            _ => {
                html.push_str(&render(
                    node,
                    &options,
                    plugins_for(code_bytes(node)),
                    folder,
                ));
                current.body.collect(node);
            }
        }
    }
    if current.level > 0 || !current.body.leaves.is_empty() || !html.is_empty() {
        doc.sections.push(finish(current, html, folder));
    }
    for s in &mut doc.sections {
        s.text = s.body.text();
    }
    if !footnotes.is_empty() {
        let holder = arena.alloc(NodeValue::Document.into());
        for f in footnotes {
            f.detach();
            holder.append(f);
        }
        doc.footnotes_html = LinkedHtml::from_marked(render(
            holder,
            &options,
            plugins_for(code_bytes(holder)),
            folder,
        ));
    }
    doc
}

/// A section with its HTML (slots taken out of the markers) and its block tree's
/// links resolved.
fn finish(mut section: Section, html: String, folder: &str) -> Section {
    section.html = LinkedHtml::from_marked(html);
    links::resolve_body(&mut section.body, folder);
    section
}

/// comrak counts a lone `\r` as a line break; styrdok (like its error messages and the
/// front matter) counts `\n`. Maps comrak's line numbers to `\n` lines.
struct LineMap {
    /// For comrak line `i + 1`: its `\n` line. Empty when the body has no lone `\r`.
    lines: Vec<usize>,
}

impl LineMap {
    fn new(body: &str) -> LineMap {
        let bytes = body.as_bytes();
        let lone_cr = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
        if !(0..bytes.len()).any(lone_cr) {
            return LineMap { lines: Vec::new() };
        }
        let mut lines = vec![1];
        let mut newline_line = 1;
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' {
                newline_line += 1;
                lines.push(newline_line);
            } else if lone_cr(i) {
                lines.push(newline_line);
            }
        }
        LineMap { lines }
    }

    fn file_line(&self, comrak_line: usize) -> usize {
        match self.lines.get(comrak_line.saturating_sub(1)) {
            Some(&l) => l,
            None if self.lines.is_empty() => comrak_line,
            None => self.lines.last().copied().unwrap_or(1),
        }
    }
}

/// HTML of `node`, resolved links as slot markers (`links::formatter`).
fn render<'a>(
    node: &'a AstNode<'a>,
    options: &Options,
    plugins: &comrak::options::Plugins,
    folder: &str,
) -> String {
    let mut html = String::new();
    // Writing into a String cannot fail.
    let _ = comrak::html::format_document_with_formatter(
        node,
        options,
        &mut html,
        plugins,
        links::formatter,
        folder,
    );
    crate::html::with_auto_direction(&html)
}

/// Drops HTML comments, turns `<br>` into line breaks; reports whether code blocks exist.
fn sanitize<'a>(arena: &'a Arena<'a>, root: &'a AstNode<'a>) -> bool {
    let mut has_code = false;
    let nodes: Vec<_> = root.descendants().collect();
    for node in nodes {
        let value = node.data().value.clone();
        match value {
            NodeValue::HtmlBlock(b) if is_comment(&b.literal) => node.detach(),
            NodeValue::HtmlInline(s) if is_comment(&s) => node.detach(),
            NodeValue::HtmlInline(s) if is_br(&s) => {
                let br = arena.alloc(NodeValue::LineBreak.into());
                node.insert_before(br);
                node.detach();
            }
            NodeValue::CodeBlock(_) => has_code = true,
            _ => {}
        }
    }
    has_code
}

/// Bytes of fenced or indented code in `node` and below.
fn code_bytes<'a>(node: &'a AstNode<'a>) -> usize {
    node.descendants()
        .map(|n| match &n.data().value {
            NodeValue::CodeBlock(c) => c.literal.len(),
            _ => 0,
        })
        .sum()
}

fn is_comment(html: &str) -> bool {
    let t = html.trim();
    t.starts_with("<!--") && t.ends_with("-->")
}

fn is_br(html: &str) -> bool {
    matches!(
        html.trim().to_ascii_lowercase().as_str(),
        "<br>" | "<br/>" | "<br />"
    )
}

/// Plain text of a node: text and code spans, breaks as spaces, blocks on their own lines.
pub fn plain_text<'a>(node: &'a AstNode<'a>) -> String {
    let mut out = String::new();
    append_text(node, &mut out);
    out.trim().to_string()
}

/// A step of the depth-first walks below: they use their own stack, not the call stack,
/// so 100,000 nested `>` or list markers cannot overflow it.
enum Step<'a> {
    Enter(&'a AstNode<'a>),
    Leave(&'a AstNode<'a>),
}

fn append_text<'a>(node: &'a AstNode<'a>, out: &mut String) {
    let mut stack = vec![Step::Enter(node)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Enter(n) => {
                match &n.data().value {
                    NodeValue::Text(t) => out.push_str(t),
                    NodeValue::Code(c) => out.push_str(&c.literal),
                    NodeValue::CodeBlock(c) => out.push_str(&c.literal),
                    NodeValue::HtmlInline(s) => out.push_str(s),
                    NodeValue::HtmlBlock(b) => out.push_str(&b.literal),
                    NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
                    _ => {}
                }
                let children: Vec<_> = n.children().collect();
                for child in children.into_iter().rev() {
                    stack.push(Step::Leave(child));
                    stack.push(Step::Enter(child));
                }
            }
            Step::Leave(child) => {
                if child.data().value.block() && !out.ends_with('\n') {
                    out.push('\n');
                }
            }
        }
    }
}

/// "2.1 Grunduppdrag {#x}" → (Some("2.1"), "Grunduppdrag", Some("x")).
pub fn split_heading(raw: &str) -> (Option<String>, String, Option<String>) {
    let mut text = raw.trim().to_string();
    let mut explicit = None;
    if text.ends_with('}') {
        if let Some(open) = text.rfind("{#") {
            let id = &text[open + 2..text.len() - 1];
            if !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                explicit = Some(id.to_string());
                text = text[..open].trim_end().to_string();
            }
        }
    }
    let (number, title) = split_number(&text);
    (number, title, explicit)
}

fn split_number(text: &str) -> (Option<String>, String) {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let candidate = text[..end].trim_end_matches('.');
    let rest = &text[end..];
    let parts: Vec<&str> = candidate.split('.').collect();
    let plausible = !candidate.is_empty()
        && parts.iter().all(|p| !p.is_empty() && p.len() <= 3)
        && parts[0].len() <= 2
        && (rest.is_empty() || rest.starts_with(char::is_whitespace));
    if plausible && !rest.trim().is_empty() {
        (Some(candidate.to_string()), rest.trim().to_string())
    } else {
        (None, text.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_numbers_and_explicit_ids() {
        assert_eq!(
            split_heading("2.1 Grunduppdrag"),
            (Some("2.1".into()), "Grunduppdrag".into(), None)
        );
        assert_eq!(
            split_heading("6. Mål inklusive"),
            (Some("6".into()), "Mål inklusive".into(), None)
        );
        assert_eq!(
            split_heading("4 EKONOMI"),
            (Some("4".into()), "EKONOMI".into(), None)
        );
        assert_eq!(split_heading("Formalia"), (None, "Formalia".into(), None));
        assert_eq!(
            split_heading("2030 års mål"),
            (None, "2030 års mål".into(), None)
        );
        assert_eq!(
            split_heading("4.4 Grunduppdrag {#grund-am}"),
            (
                Some("4.4".into()),
                "Grunduppdrag".into(),
                Some("grund-am".into())
            )
        );
        assert_eq!(split_heading("12"), (None, "12".into(), None));
    }

    #[test]
    fn sections_tree_text_and_lines() {
        let doc = parse(
            "Intro.\n\n# 1 Formalia\n\nText ett.\n\n## 1.1 Parter\n\n- a\n- b\n\n# 2 Ekonomi\n",
            5,
        );
        let s = &doc.sections;
        assert_eq!(s.len(), 4);
        assert_eq!((s[0].level, s[0].text.as_str()), (0, "Intro."));
        assert_eq!(
            (s[1].number.as_deref(), s[1].title.as_str(), s[1].line),
            (Some("1"), "Formalia", 7)
        );
        assert_eq!(s[2].parent, Some(1));
        assert_eq!(s[2].text, "a\nb");
        assert_eq!(s[2].body.leaves.len(), 2);
        assert!(
            s[2].body.leaves[0].frame.is_some(),
            "list items sit in a list"
        );
        assert_eq!(s[3].parent, None);
    }

    #[test]
    fn raw_html_is_escaped_comments_dropped_br_kept() {
        let doc = parse("# R\n\n<script>alert(1)</script>\n\nA<br>B <!-- not -->\n\n<!-- note -->\n\n<img src=x onerror=alert(1)>\n", 1);
        let html = &doc.sections[0].html;
        assert!(
            !html.contains("<script") && html.contains("&lt;script&gt;"),
            "{html}"
        );
        assert!(
            html.contains("A<br />\nB") || html.contains("A<br />B"),
            "{html}"
        );
        assert!(
            html.contains("<p dir=\"auto\">A<br />"),
            "paragraphs say dir=auto: {html}"
        );
        assert!(!html.contains("note") && !html.contains("not --"), "{html}");
        assert!(!html.contains("<img"), "{html}");
    }

    #[test]
    fn dangerous_links_are_dropped() {
        let doc = parse("[x](javascript:alert(1)) [y](data:text/html,hi)\n", 1);
        assert!(
            !doc.sections[0].html.contains("javascript:"),
            "{}",
            doc.sections[0].html
        );
        assert!(
            !doc.sections[0].html.contains("data:text"),
            "{}",
            doc.sections[0].html
        );
    }

    #[test]
    fn tables_become_blocks_with_caption() {
        let doc = parse(
            "# 3 Uppföljning\n\n| A | B |\n|---|---|\n| 1 | 2 060 tkr |\n",
            1,
        );
        assert_eq!(doc.sections[0].text, "A B\n1 2 060 tkr");
        let table = doc.sections[0].body.leaves[0].table.as_ref().unwrap();
        assert_eq!(table.rows[1][1].text, "2 060 tkr");
        assert!(doc.sections[0]
            .html
            .contains("<caption class=\"visually-hidden\">Tabell 1: 3 Uppföljning</caption>"));
    }

    #[test]
    fn heading_lines_count_newlines_only() {
        // Found by fuzzing: a lone `\r` is a line break to comrak, not to styrdok.
        let doc = parse("a\rb\r\n\n# Ett\r\rtext\n\n# Två\n", 3);
        let lines: Vec<usize> = doc
            .sections
            .iter()
            .filter(|s| s.level > 0)
            .map(|s| s.line)
            .collect();
        assert_eq!(lines, vec![5, 7]);
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        // Found while testing bad input: 100,000 nested quotes overflowed a recursive walk.
        let body = format!(
            "# Djup\n\n{}x\n\n{}y\n",
            "> ".repeat(100_000),
            "- ".repeat(20_000)
        );
        let doc = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || parse(&body, 1))
            .unwrap()
            .join()
            .expect("no stack overflow");
        let text = &doc.sections[0].text;
        assert!(
            text.starts_with("x\n") && text.ends_with('y'),
            "text kept ({} bytes)",
            text.len()
        );
    }

    #[test]
    fn description_lists_keep_lists() {
        let doc = parse("Syfte\n\n: - ett\n  - två\n", 1);
        let html = &doc.sections[0].html;
        assert!(
            html.contains("<dt dir=\"auto\">Syfte</dt>")
                && html.contains("<li dir=\"auto\">två</li>"),
            "{html}"
        );
    }

    #[test]
    fn code_past_the_highlight_budget_is_plain_escaped_text() {
        let small = "```rust\nfn main() { let x = 1; }\n```\n";
        let html = &parse(small, 1).sections[0].html;
        assert!(
            html.contains("<span class="),
            "small code is highlighted: {html}"
        );
        let line = "let x = \"<b>\" & 1;\n";
        let big = format!(
            "```rust\n{}```\n\n{small}",
            line.repeat(crate::limits::HIGHLIGHT_BUDGET / line.len() + 1)
        );
        let started = std::time::Instant::now();
        let html = &parse(&big, 1).sections[0].html;
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        let first = &html[..html.find("</pre>").unwrap()];
        assert!(!first.contains("<span"), "big block not highlighted");
        assert!(first
            .contains("<pre><code class=\"language-rust\">let x = &quot;&lt;b&gt;&quot; &amp; 1;"));
        // The budget is spent: the small block after it is plain too.
        assert_eq!(html.matches("<span").count(), 0);
    }
}
