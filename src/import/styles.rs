//! `word/styles.xml`: which paragraph styles are headings (built-in and localised
//! names, outline levels, through `basedOn` chains), the title, table-of-contents
//! entries, and the numbering a style carries.

use super::xml::Element;
use std::collections::HashMap;

/// One paragraph or character style.
#[derive(Debug, Clone, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    /// `w:numPr` in the style: (numId, ilvl).
    num: Option<(String, Option<u8>)>,
    outline: Option<u8>,
    /// Bold and italic set in the style's run properties.
    bold: Option<bool>,
    italic: Option<bool>,
}

/// What a paragraph style means to the importer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Heading of this level (1-based).
    Heading(u8),
    /// The document title.
    Title,
    /// A table-of-contents entry or the TOC's own heading: dropped.
    Toc,
    /// A quotation (Quote / Citat): a Markdown block quote.
    Quote,
    /// Anything else.
    Body,
}

/// The styles of a document.
#[derive(Debug, Default)]
pub struct Styles {
    by_id: HashMap<String, Style>,
}

/// Words that, followed by a number, name a heading style in the languages Word ships.
const HEADING_WORDS: &[&str] = &[
    "heading",
    "rubrik",
    "überschrift",
    "titre",
    "kop",
    "overskrift",
    "otsikko",
    "nagłówek",
    "título",
    "titolo",
    "fyrirsögn",
];
/// Names of quotation styles (compact, lowercase).
const QUOTE_NAMES: &[&str] = &["quote", "intensequote", "citat", "starktcitat", "zitat"];
/// Names of the title style (Swedish Word calls it "Rubrik", without a number).
const TITLE_NAMES: &[&str] = &["title", "rubrik", "titel", "tittel", "otsikko", "titre"];

impl Styles {
    /// Reads `styles.xml` (absent → no styles: every paragraph is body text).
    pub fn parse(root: Option<&Element>) -> Styles {
        let mut by_id = HashMap::new();
        let Some(root) = root else {
            return Styles { by_id };
        };
        for s in root.children_named("style") {
            let Some(id) = s.attr("w:styleId") else {
                continue;
            };
            let ppr = s.child("pPr");
            let num = ppr.and_then(|p| p.child("numPr")).map(|n| {
                let num_id = n.child("numId").and_then(Element::val).unwrap_or("0");
                let ilvl = n
                    .child("ilvl")
                    .and_then(Element::val)
                    .and_then(|v| v.parse().ok());
                (num_id.to_string(), ilvl)
            });
            by_id.insert(
                id.to_string(),
                Style {
                    name: s
                        .child("name")
                        .and_then(Element::val)
                        .unwrap_or(id)
                        .to_string(),
                    based_on: s
                        .child("basedOn")
                        .and_then(Element::val)
                        .map(str::to_string),
                    num,
                    outline: ppr
                        .and_then(|p| p.child("outlineLvl"))
                        .and_then(Element::val)
                        .and_then(|v| v.parse().ok()),
                    bold: s.child("rPr").and_then(|r| r.toggle("b")),
                    italic: s.child("rPr").and_then(|r| r.toggle("i")),
                },
            );
        }
        Styles { by_id }
    }

    /// The role of paragraph style `id` (its own name first, then its ancestors).
    pub fn role(&self, id: &str) -> Role {
        for style_id in self.chain(id) {
            let name = self
                .by_id
                .get(style_id)
                .map_or(style_id, |s| s.name.as_str());
            for candidate in [name, style_id] {
                if let Some(role) = role_from_name(candidate) {
                    return role;
                }
            }
            if let Some(level) = self.by_id.get(style_id).and_then(|s| s.outline) {
                if level < 9 {
                    return Role::Heading(level + 1);
                }
            }
        }
        // An unknown style id still says what it is ("Rubrik2" with no styles.xml).
        role_from_name(id).unwrap_or(Role::Body)
    }

    /// Bold and italic of character style `id` ("Stark", "Betoning"), through `basedOn`.
    pub fn emphasis(&self, id: &str) -> (bool, bool) {
        let chain = self.chain(id);
        let find = |f: fn(&Style) -> Option<bool>| {
            chain
                .iter()
                .find_map(|s| self.by_id.get(*s).and_then(f))
                .unwrap_or(false)
        };
        (find(|s| s.bold), find(|s| s.italic))
    }

    /// The nesting Word's numbered list styles imply: "List Bullet 2" / "Punktlista 2"
    /// is one level in (each is a list of its own, indented further).
    pub fn list_depth(&self, id: &str) -> u8 {
        let name = self.by_id.get(id).map_or(id, |s| s.name.as_str());
        let lower = name.to_lowercase();
        let Some((word, n)) = lower.trim().rsplit_once(' ') else {
            return 0;
        };
        let list_word = [
            "list",
            "list bullet",
            "list number",
            "punktlista",
            "numrerad lista",
            "lista",
        ];
        match n.parse::<u8>() {
            Ok(n @ 2..=9) if list_word.contains(&word) => n - 1,
            _ => 0,
        }
    }

    /// Numbering the style (or an ancestor) attaches: (numId, ilvl when given).
    pub fn numbering(&self, id: &str) -> Option<(String, Option<u8>)> {
        self.chain(id)
            .into_iter()
            .find_map(|s| self.by_id.get(s).and_then(|s| s.num.clone()))
    }

    /// `id` and its `basedOn` ancestors (cycles cut).
    fn chain<'a>(&'a self, id: &'a str) -> Vec<&'a str> {
        let mut out = vec![id];
        let mut current = id;
        while let Some(parent) = self.by_id.get(current).and_then(|s| s.based_on.as_deref()) {
            if out.contains(&parent) || out.len() > 20 {
                break;
            }
            out.push(parent);
            current = parent;
        }
        out
    }
}

/// "heading 2", "Rubrik 2", "Heading2" → heading 2; "Title"/"Rubrik" → title; "toc 1",
/// "Innehåll 1", "TOC Heading" → TOC.
fn role_from_name(name: &str) -> Option<Role> {
    let lower = name.trim().to_lowercase();
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.starts_with("toc")
        || compact.starts_with("innehåll")
        || compact.starts_with("innehll")
        || compact.starts_with("contents")
    {
        return Some(Role::Toc);
    }
    let digits_at = compact
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(compact.len());
    let (word, digits) = compact.split_at(digits_at);
    if !digits.is_empty() && HEADING_WORDS.contains(&word) {
        if let Ok(level @ 1..=9) = digits.parse::<u8>() {
            return Some(Role::Heading(level));
        }
    }
    if digits.is_empty() && TITLE_NAMES.contains(&word) {
        return Some(Role::Title);
    }
    if QUOTE_NAMES.contains(&compact.as_str()) {
        return Some(Role::Quote);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::xml::parse;

    const STYLES: &str = r#"<w:styles xmlns:w="w">
      <w:style w:type="paragraph" w:styleId="Rubrik1"><w:name w:val="heading 1"/>
        <w:pPr><w:numPr><w:numId w:val="3"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="Rubrik2"><w:name w:val="Rubrik 2"/></w:style>
      <w:style w:type="paragraph" w:styleId="Egen"><w:name w:val="Min rubrik"/><w:basedOn w:val="Rubrik1"/></w:style>
      <w:style w:type="paragraph" w:styleId="Niva3"><w:name w:val="Nivå tre"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="Rubrik"><w:name w:val="Title"/></w:style>
      <w:style w:type="paragraph" w:styleId="Innehll1"><w:name w:val="toc 1"/></w:style>
      <w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
      <w:style w:type="character" w:styleId="Stark"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
      <w:style w:type="character" w:styleId="Egenstark"><w:name w:val="x"/><w:basedOn w:val="Stark"/><w:rPr><w:i/></w:rPr></w:style>
    </w:styles>"#;

    #[test]
    fn headings_by_name_localised_name_outline_and_inheritance() {
        let styles = Styles::parse(Some(&parse(STYLES).unwrap()));
        assert_eq!(styles.role("Rubrik1"), Role::Heading(1));
        assert_eq!(styles.role("Rubrik2"), Role::Heading(2));
        assert_eq!(styles.role("Egen"), Role::Heading(1));
        assert_eq!(styles.role("Niva3"), Role::Heading(3));
        assert_eq!(styles.role("Rubrik"), Role::Title);
        assert_eq!(styles.role("Innehll1"), Role::Toc);
        assert_eq!(styles.role("Normal"), Role::Body);
        assert_eq!(styles.role("Citat"), Role::Quote);
        assert_eq!(styles.role("Heading4"), Role::Heading(4));
        assert_eq!(styles.role("Überschrift 2"), Role::Heading(2));
        assert_eq!(styles.numbering("Egen"), Some(("3".into(), None)));
        assert_eq!(styles.numbering("Normal"), None);
        assert_eq!(styles.emphasis("Stark"), (true, false));
        assert_eq!(styles.emphasis("Egenstark"), (true, true));
        assert_eq!(styles.emphasis("Okänd"), (false, false));
        assert_eq!(styles.list_depth("List Bullet 2"), 1);
        assert_eq!(styles.list_depth("Punktlista 3"), 2);
        assert_eq!(styles.list_depth("Rubrik2"), 0);
    }
}
