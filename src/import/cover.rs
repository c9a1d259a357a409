//! The cover's metadata table ("STYRANDE DOKUMENT": Dokumenttitel, Diarienummer,
//! Kategori av styrdokument, Fastställd av, Beslutsdatum …) → front-matter keys. It is
//! found by its labels, not its position, and removed from the body with its caption.

use super::model::{Block, Table};

/// Labels (lowercase, loosely matched) → front-matter key. Longer, more specific labels
/// first: "fastställd datum" is a date, "fastställd av" a body.
const LABELS: &[(&[&str], &str)] = &[
    (
        &[
            "dokumenttitel",
            "dokumentnamn",
            "dokumentets namn",
            "titel",
            "rubrik",
        ],
        "title",
    ),
    (
        &["diarienummer", "diarienr", "dnr", "ärendenummer"],
        "diarienummer",
    ),
    (
        &[
            "beslutsdatum",
            "fastställd datum",
            "datum för beslut",
            "fastställd den",
            "beslutad den",
            "antagen den",
            "datum för fastställande",
        ],
        "beslutsdatum",
    ),
    (
        &[
            "fastställd av",
            "beslutad av",
            "antagen av",
            "beslutsinstans",
            "fastställs av",
        ],
        "fastställd_av",
    ),
    (
        &["kategori", "dokumenttyp", "typ av styrdokument"],
        "kategori",
    ),
    (
        &[
            "giltighetstid",
            "giltig till",
            "gäller till",
            "giltighet",
            "gäller för år",
        ],
        "giltighetstid",
    ),
    (&["omfattar", "gäller för", "omfattning"], "omfattar"),
    (
        &["dokumentansvarig", "ansvarig för dokumentet", "ansvarig"],
        "dokumentansvarig",
    ),
    (&["uppföljning", "följs upp", "uppföljs"], "uppföljning"),
];

/// Captions printed above the cover table, dropped with it.
const CAPTIONS: &[&str] = &[
    "styrande dokument",
    "dokumentinformation",
    "dokumentuppgifter",
    "om dokumentet",
];

/// The cover's label/value pairs in document order, with keys for known labels.
#[derive(Debug, Default, PartialEq)]
pub struct Cover {
    /// (front-matter key, value) for recognised labels.
    pub fields: Vec<(String, String)>,
    /// Labels that matched nothing, with their values (kept as extra keys).
    pub unknown: Vec<(String, String)>,
}

impl Cover {
    /// The value for `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// The front-matter key of a cover label.
pub fn key_for(label: &str) -> Option<&'static str> {
    let l = normalise(label);
    if l.is_empty() {
        return None;
    }
    LABELS
        .iter()
        .find(|(names, _)| {
            names
                .iter()
                .any(|n| l == *n || l.starts_with(&format!("{n} ")))
        })
        .map(|(_, key)| *key)
}

fn normalise(label: &str) -> String {
    label
        .trim()
        .trim_end_matches([':', '.'])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Finds the cover table among the first blocks, removes it (and its caption) from
/// `blocks` and returns what it held.
pub fn take(blocks: &mut Vec<Block>) -> Option<Cover> {
    let index = blocks.iter().take(20).position(|b| match b {
        Block::Table(t) => is_cover(t),
        _ => false,
    })?;
    let Block::Table(table) = blocks.remove(index) else {
        return None;
    };
    if index > 0 {
        if let Block::Paragraph(p) = &blocks[index - 1] {
            let text = normalise(&p.text());
            if p.number.is_none() && CAPTIONS.iter().any(|c| text == *c) {
                blocks.remove(index - 1);
            }
        }
    }
    let mut cover = Cover::default();
    for row in &table.rows {
        let texts: Vec<String> = row
            .cells
            .iter()
            .map(|c| one_line(&c.text()))
            .filter(|t| !t.is_empty())
            .collect();
        let [label, value, ..] = texts.as_slice() else {
            continue;
        };
        match key_for(label) {
            Some(key) if cover.get(key).is_none() => {
                cover.fields.push((key.to_string(), value.clone()));
            }
            Some(_) => {}
            None => cover.unknown.push((label.clone(), value.clone())),
        }
    }
    Some(cover)
}

/// Two columns, and at least three left cells are known labels.
fn is_cover(t: &Table) -> bool {
    t.columns() == 2
        && t.rows
            .iter()
            .filter(|r| {
                r.cells
                    .first()
                    .is_some_and(|c| key_for(&c.text()).is_some())
            })
            .count()
            >= 3
}

/// A cell's lines as one line (the cover's values are single-line in front matter).
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_match_loosely() {
        assert_eq!(key_for("Dokumenttitel"), Some("title"));
        assert_eq!(key_for("Diarienummer:"), Some("diarienummer"));
        assert_eq!(key_for("Kategori av styrdokument"), Some("kategori"));
        assert_eq!(key_for("FASTSTÄLLD AV"), Some("fastställd_av"));
        assert_eq!(key_for("Fastställd datum"), Some("beslutsdatum"));
        assert_eq!(key_for("Beslutsdatum"), Some("beslutsdatum"));
        assert_eq!(key_for("Giltighetstid"), Some("giltighetstid"));
        assert_eq!(key_for("Dokumentansvarig"), Some("dokumentansvarig"));
        assert_eq!(key_for("Uppföljning"), Some("uppföljning"));
        assert_eq!(key_for("Omfattar"), Some("omfattar"));
        assert_eq!(key_for("Revideras senast"), None);
    }
}
