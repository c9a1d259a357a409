//! Reading a redline back: the two versions it shows and how many words it marks.

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
    /// The old view as the page shows it: whitespace runs (and block boundaries) one
    /// space, trimmed, so a space one version has and the other lacks still counts.
    pub old_text: String,
    /// The new view, the same way.
    pub new_text: String,
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
            "p" | "li" | "td" | "th" | "dt" | "dd" | "pre" | "tr" | "ul" | "ol" | "div" | "table"
        ) {
            old.push(' ');
            new.push(' ');
            marked.push(' ');
        }
        // A join seam is the old version's paragraph boundary.
        if tag.contains("seam-join") && skip == 0 && ins == 0 {
            old.push(' ');
        }
        // A line break inside `<ins>`/`<del>` is whitespace of that version only.
        if name == "br" && skip == 0 {
            if ins == 0 {
                old.push(' ');
            }
            if del == 0 {
                new.push(' ');
            }
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
            // Footnote numbers (`<sup>`) are not part of a version's text, as in the
            // page's plain text.
            let skipping = name == "summary"
                || name == "caption"
                || name == "sup"
                || tag.contains("visually-hidden")
                || tag.contains("class=\"seam")
                || tag.contains("moved-tag");
            ins += usize::from(name == "ins");
            del += usize::from(name == "del");
            skip += usize::from(skipping);
            stack.push((name, skipping));
        }
    }
    // Blocks are one space apart, as cells are in the section's plain text.
    let (old, new) = (super::tree::collapse(&old), super::tree::collapse(&new));
    out.old_text.clone_from(&old);
    out.new_text.clone_from(&new);
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
