//! The redline as HTML in the page's own structure: lists, items, quotes, description
//! lists, paragraphs, code and tables, with emphasis and links kept. Inserted and
//! deleted words are `<ins>`/`<del>` labelled for screen readers; a moved paragraph
//! boundary is a pilcrow with a hidden label. Runs of unchanged top-level blocks keep
//! one block of context on each side of a change; the rest fold into `<details>`.

use super::tree::{Body, FrameKind, LeafKind, Style, LINE_BREAK};
use super::walk::{Out, Seam, Seg, Side, Status};
use super::words::Mark;
use crate::markdown::escape_html;

/// The words the redline shows (from the theme's `strings.yaml`).
#[derive(Debug, Clone)]
pub struct Labels {
    /// Hidden label of inserted text ("tillagt").
    pub inserted: String,
    /// Hidden label of deleted text ("borttaget").
    pub deleted: String,
    /// Label of a block at its new place ("flyttat hit").
    pub moved_here: String,
    /// Label of a block at its old place ("flyttat härifrån").
    pub moved_away: String,
    /// Hidden label of a new paragraph boundary.
    pub split: String,
    /// Hidden label of a removed paragraph boundary.
    pub join: String,
    /// "oförändrat stycke".
    pub unchanged_one: String,
    /// "oförändrade stycken".
    pub unchanged_many: String,
    /// Call-out notes.
    pub row_added: String,
    /// "borttagen rad".
    pub row_removed: String,
    /// "ny kolumn".
    pub column_added: String,
    /// "borttagen kolumn".
    pub column_removed: String,
    /// "flyttad rad".
    pub row_moved: String,
    /// Caption of a compared table.
    pub table: String,
}

impl Default for Labels {
    fn default() -> Self {
        Labels::from_strings(|k| {
            match k {
                "diff_inserted" => "tillagt",
                "diff_deleted" => "borttaget",
                "diff_moved_here" => "flyttat hit",
                "diff_moved_away" => "flyttat härifrån",
                "diff_split" => "nytt stycke",
                "diff_join" => "stycken sammanslagna",
                "diff_unchanged_one" => "oförändrat stycke",
                "diff_unchanged_many" => "oförändrade stycken",
                "diff_row_added" => "ny rad",
                "diff_row_removed" => "borttagen rad",
                "diff_column_added" => "ny kolumn",
                "diff_column_removed" => "borttagen kolumn",
                "diff_row_moved" => "flyttad rad",
                _ => "Tabell med ändringar",
            }
            .to_string()
        })
    }
}

impl Labels {
    /// Labels from a string lookup (the theme's `t`).
    pub fn from_strings(t: impl Fn(&str) -> String) -> Labels {
        Labels {
            inserted: t("diff_inserted"),
            deleted: t("diff_deleted"),
            moved_here: t("diff_moved_here"),
            moved_away: t("diff_moved_away"),
            split: t("diff_split"),
            join: t("diff_join"),
            unchanged_one: t("diff_unchanged_one"),
            unchanged_many: t("diff_unchanged_many"),
            row_added: t("diff_row_added"),
            row_removed: t("diff_row_removed"),
            column_added: t("diff_column_added"),
            column_removed: t("diff_column_removed"),
            row_moved: t("diff_row_moved"),
            table: t("diff_table"),
        }
    }
}

/// Opens an `<ins>`/`<del>` with its hidden label.
pub(crate) fn open_mark(html: &mut String, mark: Mark, moved: bool, l: &Labels) {
    let (tag, class, label) = match (mark, moved) {
        (Mark::Ins, false) => ("ins", "", &l.inserted),
        (Mark::Ins, true) => ("ins", " class=\"moved\"", &l.moved_here),
        (_, false) => ("del", "", &l.deleted),
        (_, true) => ("del", " class=\"moved\"", &l.moved_away),
    };
    html.push_str(&format!(
        "<{tag}{class}><span class=\"visually-hidden\">[{}: </span>",
        escape_html(label)
    ));
}

pub(crate) fn close_mark(html: &mut String, mark: Mark) {
    let tag = if mark == Mark::Ins { "ins" } else { "del" };
    html.push_str(&format!("<span class=\"visually-hidden\">]</span></{tag}>"));
}

/// Marked tokens as inline HTML. `code`: keep whitespace exactly (code blocks).
pub(crate) fn inline(
    segs: &[Seg],
    bodies: (&Body, &Body),
    moved: bool,
    code: bool,
    l: &Labels,
) -> String {
    let mut html = String::new();
    let mut mark = Mark::Same;
    let mut style = Style::default();
    let mut first = true;
    for (at, seg) in segs.iter().enumerate() {
        match *seg {
            Seg::Seam(s) => {
                close_style(&mut html, style);
                style = Style::default();
                if mark != Mark::Same {
                    close_mark(&mut html, mark);
                    mark = Mark::Same;
                }
                let label = if s == Seam::Split { &l.split } else { &l.join };
                if !first {
                    html.push(' ');
                }
                html.push_str(&format!(
                    "<span class=\"seam\"><span aria-hidden=\"true\">¶</span><span class=\"visually-hidden\">[{}]</span></span>",
                    escape_html(label)
                ));
                first = false;
            }
            Seg::Whole(_) => {}
            Seg::Tok(m, t) => {
                let body = if m == Mark::Del { bodies.0 } else { bodies.1 };
                let gap = if first {
                    String::new()
                } else if code {
                    escape_html(t.gap)
                } else if t.gap.contains(LINE_BREAK) {
                    "<br />".into()
                } else if t.gap.is_empty() {
                    String::new()
                } else {
                    " ".into()
                };
                first = false;
                if m != mark {
                    close_style(&mut html, style);
                    style = Style::default();
                    if mark != Mark::Same {
                        close_mark(&mut html, mark);
                    }
                    // A run's leading space shows in the other version too, unless that
                    // version joins on directly after the run: then it is the run's own.
                    let own_gap = m != Mark::Same && joins_after_run(&segs[at..], m);
                    if !own_gap {
                        html.push_str(&gap);
                    }
                    if m != Mark::Same {
                        open_mark(&mut html, m, moved, l);
                    }
                    if own_gap {
                        html.push_str(&gap);
                    }
                    mark = m;
                } else if t.style != style {
                    close_style(&mut html, style);
                    style = Style::default();
                    html.push_str(&gap);
                } else {
                    html.push_str(&gap);
                }
                if t.style != style {
                    open_style(&mut html, t.style, body);
                    style = t.style;
                }
                html.push_str(&escape_html(t.text));
            }
        }
    }
    close_style(&mut html, style);
    if mark != Mark::Same {
        close_mark(&mut html, mark);
    }
    html
}

/// Whether the first token after the run of `mark` that starts `segs` (in the other
/// version) joins on with no whitespace and starts with a letter or digit, so a space
/// shown before the run would split a word of that version.
fn joins_after_run(segs: &[Seg], mark: Mark) -> bool {
    for seg in segs {
        match *seg {
            Seg::Seam(_) => return false,
            Seg::Whole(_) => {}
            Seg::Tok(m, t) if m != mark => {
                return t.gap.is_empty() && t.text.starts_with(char::is_alphanumeric)
            }
            Seg::Tok(..) => {}
        }
    }
    false
}

const TAGS: [(u8, &str); 5] = [
    (Style::STRONG, "strong"),
    (Style::EM, "em"),
    (Style::STRIKE, "s"),
    (Style::CODE, "code"),
    (Style::FOOTNOTE, "sup"),
];

fn open_style(html: &mut String, s: Style, body: &Body) {
    if let Some((url, title)) = s.link.and_then(|i| body.links.get(i as usize)) {
        // A link into a document, resolved when parsed, is a slot filled in per page.
        let slot = crate::html::linked::is_marker(url);
        // Whitespace and control characters percent-encoded, as comrak writes hrefs.
        let href: String = url
            .chars()
            .map(|c| {
                if !slot && (c.is_whitespace() || c.is_control()) {
                    format!("%{:02X}", c as u32 & 0xff)
                } else {
                    c.to_string()
                }
            })
            .collect();
        let href = if slot { href } else { escape_html(&href) };
        html.push_str(&format!("<a href=\"{href}\""));
        if !title.is_empty() {
            html.push_str(&format!(" title=\"{}\"", escape_html(title)));
        }
        html.push('>');
    }
    for (flag, tag) in TAGS {
        if s.flags & flag != 0 {
            html.push_str(&format!("<{tag}>"));
        }
    }
}

fn close_style(html: &mut String, s: Style) {
    for (flag, tag) in TAGS.iter().rev() {
        if s.flags & flag != 0 {
            html.push_str(&format!("</{tag}>"));
        }
    }
    if s.link.is_some() {
        html.push_str("</a>");
    }
}

/// The whole redline, unchanged runs folded.
pub(crate) fn html(outs: &[Out], bodies: (&Body, &Body), l: &Labels) -> String {
    // Top-level groups: consecutive leaves under the same outermost container.
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for (i, o) in outs.iter().enumerate() {
        let same = i > 0 && !o.path.is_empty() && outs[i - 1].path.first() == o.path.first();
        if same {
            groups.last_mut().expect("group").1 = i + 1;
        } else {
            groups.push((i, i + 1));
        }
    }
    let changed: Vec<bool> = groups
        .iter()
        .map(|&(s, e)| outs[s..e].iter().any(|o| o.status != Status::Same))
        .collect();
    let mut out = String::new();
    let mut g = 0;
    while g < groups.len() {
        if changed[g] {
            out.push_str(&group_html(&outs[groups[g].0..groups[g].1], bodies, l));
            g += 1;
            continue;
        }
        let start = g;
        while g < groups.len() && !changed[g] {
            g += 1;
        }
        // Context: one block next to a change on each side.
        let lead = usize::from(start > 0);
        let tail = usize::from(g < groups.len());
        let hidden = (g - start).saturating_sub(lead + tail);
        let show = |out: &mut String, k: usize| {
            out.push_str(&group_html(&outs[groups[k].0..groups[k].1], bodies, l));
        };
        if hidden < 2 {
            (start..g).for_each(|k| show(&mut out, k));
            continue;
        }
        (start..start + lead).for_each(|k| show(&mut out, k));
        let label = if hidden == 1 {
            &l.unchanged_one
        } else {
            &l.unchanged_many
        };
        out.push_str(&format!(
            "<details class=\"unchanged\"><summary>{hidden} {}</summary>\n",
            escape_html(label)
        ));
        (start + lead..g - tail).for_each(|k| show(&mut out, k));
        out.push_str("</details>\n");
        (g - tail..g).for_each(|k| show(&mut out, k));
    }
    out
}

fn frame_kind(bodies: (&Body, &Body), f: (Side, u32)) -> FrameKind {
    let b = if f.0 == Side::Old { bodies.0 } else { bodies.1 };
    b.frames[f.1 as usize].kind
}

fn group_html(outs: &[Out], bodies: (&Body, &Body), l: &Labels) -> String {
    let mut html = String::new();
    let mut open: Vec<(Side, u32)> = Vec::new();
    // A term whose details went elsewhere still needs a <dd> in its <dl>.
    let mut term_alone = false;
    let close = |html: &mut String, kind: FrameKind, term_alone: &mut bool| {
        if kind == FrameKind::DescList && std::mem::take(term_alone) {
            html.push_str("<dd></dd>\n");
        }
        html.push_str(close_frame(kind));
    };
    for o in outs {
        let common = open.iter().zip(&o.path).take_while(|(a, b)| a == b).count();
        while open.len() > common {
            let f = open.pop().expect("open frame");
            close(&mut html, frame_kind(bodies, f), &mut term_alone);
        }
        for &f in &o.path[common..] {
            let kind = frame_kind(bodies, f);
            if matches!(kind, FrameKind::Details { .. }) {
                term_alone = false;
            }
            html.push_str(&open_frame(kind));
            open.push(f);
        }
        let leaf = if o.side == Side::Old {
            &bodies.0.leaves[o.leaf]
        } else {
            &bodies.1.leaves[o.leaf]
        };
        if leaf.kind == LeafKind::Term {
            term_alone = true;
        }
        let tight = o.path.last().is_some_and(|&f| {
            matches!(
                frame_kind(bodies, f),
                FrameKind::Item { tight: true } | FrameKind::Details { tight: true }
            )
        });
        html.push_str(&leaf_html(o, bodies, tight, l));
    }
    while let Some(f) = open.pop() {
        close(&mut html, frame_kind(bodies, f), &mut term_alone);
    }
    html
}

fn open_frame(k: FrameKind) -> String {
    match k {
        FrameKind::List { ordered: false, .. } => "<ul>\n".into(),
        FrameKind::List { start: 1, .. } => "<ol>\n".into(),
        FrameKind::List { start, .. } => format!("<ol start=\"{start}\">\n"),
        FrameKind::Item { .. } => "<li dir=\"auto\">".into(),
        FrameKind::Quote => "<blockquote dir=\"auto\">\n".into(),
        FrameKind::DescList => "<dl>\n".into(),
        FrameKind::Details { .. } => "<dd dir=\"auto\">".into(),
    }
}

fn close_frame(k: FrameKind) -> &'static str {
    match k {
        FrameKind::List { ordered: false, .. } => "</ul>\n",
        FrameKind::List { .. } => "</ol>\n",
        FrameKind::Item { .. } => "</li>\n",
        FrameKind::Quote => "</blockquote>\n",
        FrameKind::DescList => "</dl>\n",
        FrameKind::Details { .. } => "</dd>\n",
    }
}

fn leaf_html(o: &Out, bodies: (&Body, &Body), tight: bool, l: &Labels) -> String {
    let body = if o.side == Side::Old {
        bodies.0
    } else {
        bodies.1
    };
    let leaf = &body.leaves[o.leaf];
    let moved = matches!(o.status, Status::MovedFrom | Status::MovedTo);
    if let Some(t) = &o.table {
        return t.clone();
    }
    let moved_tag = |html: String| {
        if moved {
            let label = if o.status == Status::MovedTo {
                &l.moved_here
            } else {
                &l.moved_away
            };
            format!(
                "<span class=\"moved-tag\" aria-hidden=\"true\">{}</span> {html}",
                escape_html(label)
            )
        } else {
            html
        }
    };
    match &leaf.kind {
        LeafKind::Rule => "<hr />\n".into(),
        LeafKind::Code(info) => {
            let lang = info.split_whitespace().next().unwrap_or("");
            let class = if lang.is_empty() {
                String::new()
            } else {
                format!(" class=\"language-{}\"", escape_html(lang))
            };
            format!(
                "<pre><code{class}>{}</code></pre>\n",
                inline(&o.segs, bodies, moved, true, l)
            )
        }
        LeafKind::Term => format!(
            "<dt dir=\"auto\">{}</dt>\n",
            moved_tag(inline(&o.segs, bodies, moved, false, l))
        ),
        LeafKind::Para | LeafKind::Table => {
            let text = moved_tag(inline(&o.segs, bodies, moved, false, l));
            if tight {
                text
            } else {
                format!("<p dir=\"auto\">{text}</p>\n")
            }
        }
    }
}

/// What a redline says: its old view (unchanged + deleted words), its new view
/// (unchanged + inserted words) and the number of marked words. For tests and
/// measurements; reads styrdok's own redline HTML only.
#[derive(Debug, Default, PartialEq)]
pub struct Sides {
    /// Words of the old version, in order.
    pub old: Vec<String>,
    /// Words of the new version, in order.
    pub new: Vec<String>,
    /// Words inside `<ins>` and `<del>`.
    pub marked: usize,
}

/// Reads the two versions back out of redline HTML.
pub fn sides(html: &str) -> Sides {
    let mut out = Sides::default();
    let (mut old, mut new) = (String::new(), String::new());
    // Depth of ins, del, and skipped elements (hidden labels, seams, tags, summaries).
    let (mut ins, mut del, mut skip) = (0usize, 0usize, 0usize);
    let mut stack: Vec<(String, bool)> = Vec::new();
    let mut marked = String::new();
    let decode = |t: &str| {
        t.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    };
    let count = |marked: &mut String, out: &mut Sides| {
        out.marked += super::words::words(marked)
            .into_iter()
            .filter(|w| super::words::is_word(w))
            .count();
        marked.clear();
    };
    let mut rest = html;
    loop {
        let lt = rest.find('<').unwrap_or(rest.len());
        if skip == 0 {
            let text = decode(&rest[..lt]);
            if ins == 0 {
                old.push_str(&text);
            }
            if del == 0 {
                new.push_str(&text);
            }
            if ins + del > 0 {
                marked.push_str(&text);
            }
        }
        if lt == rest.len() {
            break;
        }
        let gt = rest[lt..].find('>').map_or(rest.len(), |g| lt + g + 1);
        let tag = &rest[lt + 1..gt - 1];
        rest = &rest[gt..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if matches!(
            name.as_str(),
            "p" | "li"
                | "td"
                | "th"
                | "dt"
                | "dd"
                | "br"
                | "pre"
                | "tr"
                | "ul"
                | "ol"
                | "div"
                | "table"
        ) {
            old.push(' ');
            new.push(' ');
            marked.push(' ');
        }
        if tag.ends_with('/') || name == "br" || name == "hr" {
            continue;
        }
        if closing {
            if let Some((n, skipping)) = stack.pop() {
                if n == "ins" || n == "del" {
                    count(&mut marked, &mut out);
                }
                ins -= usize::from(n == "ins");
                del -= usize::from(n == "del");
                skip -= usize::from(skipping);
            }
        } else {
            let skipping = name == "summary"
                || name == "caption"
                || tag.contains("visually-hidden")
                || tag.contains("class=\"seam\"")
                || tag.contains("moved-tag");
            ins += usize::from(name == "ins");
            del += usize::from(name == "del");
            skip += usize::from(skipping);
            stack.push((name, skipping));
        }
    }
    // Blocks are one space apart, as cells are in the section's plain text.
    let (old, new) = (super::tree::collapse(&old), super::tree::collapse(&new));
    out.old = super::words::words(&old)
        .into_iter()
        .map(String::from)
        .collect();
    out.new = super::words::words(&new)
        .into_iter()
        .map(String::from)
        .collect();
    out
}
