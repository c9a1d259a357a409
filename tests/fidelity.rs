//! The bundled content is a faithful copy of the seed documents in ../shared/seeds:
//! every seed word that is not extraction noise appears in the Markdown (recall of the
//! word multiset ≥ 99.5 %), and no extraction noise is left in the Markdown.

use regex::Regex;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const PAIRS: &[(&str, &str)] = &[
    (
        "nykoping-overenskommelse-kan-dso-2024.txt",
        "content/nykoping-kan-dso/2024.md",
    ),
    (
        "nykoping-overenskommelse-kan-dso-2025.txt",
        "content/nykoping-kan-dso/2025.md",
    ),
    (
        "nykoping-overenskommelse-kan-dso-2026.txt",
        "content/nykoping-kan-dso/2026.md",
    ),
    (
        "linkoping-internbudget-arbetsmarknadsnamnden-2019.txt",
        "content/linkoping-arbetsmarknadsnamnden-internbudget/2019.md",
    ),
    (
        "norrkoping-kvalitetsredovisning-av-namnden-2011.txt",
        "content/norrkoping-av-namnden-kvalitetsredovisning/2011.md",
    ),
];

fn seeds_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but {} is missing",
        dir.display()
    );
    eprintln!("skipping fidelity test: {} not present", dir.display());
    None
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn normalize_title(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The seed text minus extraction noise: table of contents, repeated page headers,
/// page footers, bookmark markers and HTML tags.
fn seed_text(seed: &str, title: &str) -> String {
    let lines: Vec<&str> = seed.lines().collect();
    let mut drop = vec![false; lines.len()];
    let page_no = Regex::new(r"\t\s*\d+\s*$").unwrap();
    let strip_toc = |l: &str| {
        let l = Regex::new(r"\.{2,}.*$").unwrap().replace(l, "").to_string();
        let l = Regex::new(r"^[\d.\s]+")
            .unwrap()
            .replace(&l, "")
            .to_string();
        normalize_title(
            page_no
                .replace(&l, "")
                .trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace()),
        )
    };
    // Table of contents: from its heading to the first body line repeating the first entry.
    if let Some(start) = lines
        .iter()
        .position(|l| matches!(l.trim(), "INNEHÅLL" | "Innehållsförteckning" | "Innehåll"))
    {
        let first_entry = (start + 1..lines.len())
            .find(|&j| !lines[j].trim().is_empty())
            .unwrap_or(start);
        let first = strip_toc(lines[first_entry]);
        let end = (first_entry + 1..lines.len())
            .find(|&k| {
                strip_toc(lines[k]) == first
                    && !page_no.is_match(lines[k])
                    && !lines[k].contains(".....")
            })
            .unwrap_or(first_entry);
        drop[start..end].iter_mut().for_each(|d| *d = true);
    }
    // Repeated page-header blocks (Norrköping): "Arbetsmarknadskontoret" followed by the date.
    for i in 12..lines.len() {
        if lines[i].trim() == "Arbetsmarknadskontoret" {
            let next = (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty());
            if next.is_some_and(|j| lines[j].trim() == "2012-02-09") {
                if let Some(end) =
                    (i..(i + 14).min(lines.len())).find(|&j| lines[j].trim() == "AVN-2012.150")
                {
                    drop[i..=end].iter_mut().for_each(|d| *d = true);
                }
            }
        }
    }
    let footer = Regex::new(r"^\s*Page \d+ of \d+\s*$").unwrap();
    let mut title_seen = false;
    let mut kept = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if drop[i] || footer.is_match(l) {
            continue;
        }
        // The cover's title line is the page's h1, taken from the front matter title.
        if !title_seen && !l.trim().is_empty() && normalize_title(l) == normalize_title(title) {
            title_seen = true;
            continue;
        }
        kept.push(*l);
    }
    let text = kept.join("\n");
    let text = Regex::new(r"\[bookmark: [^\]]*\]")
        .unwrap()
        .replace_all(&text, "");
    Regex::new(r"</?[a-zA-Z][^>]*>")
        .unwrap()
        .replace_all(&text, " ")
        .to_string()
}

/// What the page shows: the body, front-matter values, and the labels of known keys.
fn markdown_text(md: &str) -> String {
    let strings =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("theme/strings.yaml"))
            .unwrap();
    let label = |key: &str| {
        let wanted = format!("meta_{}", key.replace('ä', "a").replace('ö', "o"));
        strings
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{wanted}: ")))
            .unwrap_or("")
            .to_string()
    };
    let without_comments = Regex::new(r"(?s)<!--.*?-->").unwrap().replace_all(md, " ");
    let mut out = String::new();
    let mut in_front = false;
    for (n, line) in without_comments.lines().enumerate() {
        if line == "---" && (n == 0 || in_front) {
            in_front = n == 0;
            continue;
        }
        if in_front {
            if let Some((key, value)) = line.split_once(':') {
                out.push_str(&format!("{} {}\n", label(key.trim()), value));
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Rejoins words the PDF hyphenated at line ends, where the joined word is in the Markdown.
fn join_hyphenation(seed: &str, vocabulary: &HashMap<String, usize>) -> String {
    let re = Regex::new(r"(\w+)-[ \t]*\n\s*(\w+)").unwrap();
    re.replace_all(seed, |c: &regex::Captures| {
        let joined = format!("{}{}", &c[1], &c[2]);
        if vocabulary.contains_key(&joined.to_lowercase()) {
            joined
        } else {
            c[0].to_string()
        }
    })
    .to_string()
}

fn counts(ws: Vec<String>) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for w in ws {
        *m.entry(w).or_insert(0) += 1;
    }
    m
}

#[test]
fn content_is_faithful_to_the_seeds() {
    let Some(seeds) = seeds_dir() else { return };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut failures = Vec::new();
    let dotted_leader = Regex::new(r"\.{4,}\s*\d").unwrap();
    for (seed_name, md_path) in PAIRS {
        let seed = std::fs::read_to_string(seeds.join(seed_name)).unwrap();
        let md = std::fs::read_to_string(root.join(md_path)).unwrap();
        let title = md
            .lines()
            .find_map(|l| l.strip_prefix("title: "))
            .unwrap_or("")
            .trim_matches('"')
            .to_string();
        let md_counts = counts(words(&markdown_text(&md)));
        let seed_counts = counts(words(&join_hyphenation(
            &seed_text(&seed, &title),
            &md_counts,
        )));
        let total: usize = seed_counts.values().sum();
        let found: usize = seed_counts
            .iter()
            .map(|(w, &c)| c.min(*md_counts.get(w).unwrap_or(&0)))
            .sum();
        let recall = found as f64 / total as f64;
        let mut missing: Vec<(String, usize)> = seed_counts
            .iter()
            .filter(|(w, &c)| c > *md_counts.get(*w).unwrap_or(&0))
            .map(|(w, &c)| (w.clone(), c - md_counts.get(w).unwrap_or(&0)))
            .collect();
        missing.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        println!(
            "{md_path}: recall {found}/{total} = {:.2} %",
            recall * 100.0
        );
        if recall < 0.995 {
            failures.push(format!(
                "{md_path}: recall {:.2} % < 99.5 %; missing: {:?}",
                recall * 100.0,
                &missing[..missing.len().min(30)]
            ));
        }
        for noise in [
            "[bookmark",
            "▪",
            "•",
            "<ul",
            "<li",
            "Page 1 of",
            "Vårt diarienummer\n\nAVN",
        ] {
            if md.contains(noise) {
                failures.push(format!("{md_path}: extraction noise left: {noise:?}"));
            }
        }
        if dotted_leader.is_match(&md) {
            failures.push(format!("{md_path}: dotted table-of-contents leader left"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn noise_filter_removes_only_noise() {
    let seed = "Titel\n\nINNEHÅLL\n\n1\tFORMALIA\t1\n2\tEKONOMI\t3\n\n1 FORMALIA\n\n[bookmark: _Toc1]Text <ul style=\"x\">här</ul>.\nPage 2 of 9\n";
    let text = seed_text(seed, "Titel");
    assert_eq!(words(&text), vec!["1", "formalia", "text", "här"]);
}
