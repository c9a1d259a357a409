//! The redline is lossless on random edits of the seed documents (proptest).

use super::*;

/// Documents of the generated tiny corpus, as edit seeds for the property test.
fn seed_docs() -> &'static Vec<String> {
    static DOCS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    DOCS.get_or_init(|| {
        let Some((dir, _)) = generate("tiny") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let root: PathBuf = dir.path().join("site/content");
        for e in walkdir::WalkDir::new(root).sort_by_file_name() {
            let e = e.unwrap();
            if e.path().extension().is_some_and(|x| x == "md") {
                let text = std::fs::read_to_string(e.path()).unwrap();
                let body = text
                    .splitn(3, "---\n")
                    .nth(2)
                    .unwrap_or_default()
                    .to_string();
                out.push(body);
            }
            if out.len() >= 6 {
                break;
            }
        }
        out
    })
}

/// One random edit of a Markdown body, by line.
fn edit(body: &str, kind: u8, at: usize, word: &str) -> String {
    let mut lines: Vec<String> = body.lines().map(String::from).collect();
    let text_lines: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            !lines[i].starts_with('#') && !lines[i].trim().is_empty() && !lines[i].contains("---")
        })
        .collect();
    if text_lines.is_empty() {
        return body.to_string();
    }
    let i = text_lines[at % text_lines.len()];
    let line = lines[i].clone();
    let ws: Vec<&str> = line.split(' ').collect();
    let mid = ws.len() / 2;
    match kind % 8 {
        // a word replaced
        0 => {
            lines[i] = ws
                .iter()
                .enumerate()
                .map(|(k, w)| if k == mid { word } else { w })
                .collect::<Vec<_>>()
                .join(" ")
        }
        // a word inserted
        1 => lines[i] = format!("{} {word} {}", ws[..mid].join(" "), ws[mid..].join(" ")),
        // a paragraph split in two
        2 if !line.starts_with('|') && !line.starts_with('-') => {
            lines[i] = format!("{}\n\n{}", ws[..mid].join(" "), ws[mid..].join(" "))
        }
        // joined with the next line's paragraph
        3 if i + 2 < lines.len()
            && lines[i + 1].is_empty()
            && !line.starts_with('|')
            && !lines[i + 2].starts_with(['#', '|']) =>
        {
            let next = lines.remove(i + 2);
            lines[i] = format!("{line} {}", next.trim_start_matches("- "));
        }
        // a paragraph becomes a list item, or an item a paragraph
        4 if !line.starts_with('|') => {
            lines[i] = match line.strip_prefix("- ") {
                Some(rest) => format!("\n{rest}\n"),
                None => format!("\n- {line}\n"),
            }
        }
        // a line removed
        5 => {
            lines.remove(i);
        }
        // a table cell or number changed
        6 => lines[i] = line.replacen(|c: char| c.is_ascii_digit(), "7", 1),
        // a paragraph copied elsewhere, outside tables
        7 if !line.starts_with('|') => {
            let j = text_lines[(at * 7 + 3) % text_lines.len()];
            if !lines[j].starts_with('|') && (j == 0 || !lines[j - 1].starts_with('|')) {
                lines.insert(j, format!("\n{}\n", line.trim_start_matches("- ")));
            }
        }
        _ => {}
    }
    lines.join("\n") + "\n"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn redline_is_lossless_on_random_edits(
        doc in 0usize..6,
        edits in prop::collection::vec((0u8..8, 0usize..400, prop::sample::select(vec!["nämnden", "2 060", "budget", "12,5", "Ärende"])), 1..6)
    ) {
        let docs = seed_docs();
        prop_assume!(!docs.is_empty());
        let old = docs[doc % docs.len()].clone();
        let mut new = old.clone();
        for (kind, at, word) in &edits {
            new = edit(&new, *kind, *at, word);
        }
        let (a, b) = (parse(&old, 1), parse(&new, 1));
        let (ba, bb) = (Body::concat(a.sections.iter().map(|s| &s.body)), Body::concat(b.sections.iter().map(|s| &s.body)));
        let d = diff_bodies(&ba, &bb, &Labels::default(), true);
        let s = sides(&d.html);
        let text = |doc: &ParsedDoc| -> Vec<String> {
            let t: Vec<&str> = doc.sections.iter().map(|s| s.text.as_str()).collect();
            words(&t.join("\n")).into_iter().map(String::from).collect()
        };
        prop_assert_eq!(&s.old, &text(&a), "old view");
        prop_assert_eq!(&s.new, &text(&b), "new view");
    }
}
