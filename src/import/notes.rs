//! Footnotes and endnotes: read from their own parts in order of first reference and
//! written as Markdown footnotes (`[^1]` … `[^1]: text`).

use super::body::Converter;
use super::markdown::Writer;
use super::model::Block;
use super::package::{Package, PackageError, Target};
use super::xml::Element;
use std::collections::BTreeMap;

/// A notes part with its relationships (links inside notes), when the file has one.
type NotesPart = Option<(Element, BTreeMap<String, Target>)>;

/// The blocks of each referenced note, numbered from 1 in order of reference.
pub fn read(
    package: &Package,
    conv: &mut Converter,
    dir: &str,
) -> Result<Vec<Vec<Block>>, PackageError> {
    let mut out = Vec::new();
    let mut parts: BTreeMap<bool, NotesPart> = BTreeMap::new();
    let mut i = 0;
    // A note may reference another note: the list grows while it is read.
    while i < conv.notes.len() {
        let (endnote, id) = conv.notes[i].clone();
        if let std::collections::btree_map::Entry::Vacant(slot) = parts.entry(endnote) {
            let file = if endnote {
                "endnotes.xml"
            } else {
                "footnotes.xml"
            };
            let name = if dir.is_empty() {
                file.to_string()
            } else {
                format!("{dir}/{file}")
            };
            let xml = package.xml(&name)?;
            let rels = package.relationships(&name)?;
            slot.insert(xml.map(|x| (x, rels)));
        }
        let mut blocks = Vec::new();
        if let Some(Some((root, rels))) = parts.get(&endnote) {
            let tag = if endnote { "endnote" } else { "footnote" };
            let note = root
                .children_named(tag)
                .find(|n| n.attr("w:id") == Some(id.as_str()));
            if let Some(note) = note {
                // A note is its own story: its own links, no field open from the body.
                let saved_rels = std::mem::replace(&mut conv.rels, rels.clone());
                let saved_fields = std::mem::take(&mut conv.fields);
                blocks = conv.blocks(note);
                conv.rels = saved_rels;
                conv.fields = saved_fields;
            }
        }
        out.push(blocks);
        i += 1;
    }
    Ok(out)
}

/// `[^n]: text` definitions; further paragraphs of a note indented under it.
pub fn markdown(writer: &Writer, notes: &[Vec<Block>]) -> String {
    let mut text = String::new();
    for (n, note) in notes.iter().enumerate() {
        let body = writer.blocks(note);
        let body = body
            .trim()
            .lines()
            .map(|l| {
                if l.is_empty() {
                    String::new()
                } else {
                    format!("    {l}")
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        text.push_str(&format!("\n[^{}]: {}\n", n + 1, body.trim_start()));
    }
    text
}
