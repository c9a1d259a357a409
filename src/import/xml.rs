//! A small element tree over quick-xml: OOXML parts are walked back and forth (fields
//! span paragraphs, tables nest), which is simpler on a tree than on an event stream.
//! Element names keep only their local part (`w:p` → `p`); attributes keep the name as
//! written (`w:val`, `r:id`), since `w:id` and `r:id` differ.

use quick_xml::events::Event;
use quick_xml::Reader;

/// Deeper nesting than this is refused (a crafted file must not exhaust the stack of
/// the recursive walks over the tree).
pub const MAX_DEPTH: usize = 200;

/// An XML element.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Element {
    /// Local name (`p` for `w:p`).
    pub name: String,
    /// Attributes as written (`w:val` → value).
    pub attrs: Vec<(String, String)>,
    /// Child nodes in order.
    pub children: Vec<Node>,
}

/// A child of an element.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A nested element.
    Element(Element),
    /// Character data (entities resolved).
    Text(String),
}

impl Element {
    /// The attribute whose qualified name is `qname` (`w:val`), or, when no prefix is
    /// given, whose local name is `qname`.
    pub fn attr(&self, qname: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| {
                k == qname || (!qname.contains(':') && k.rsplit(':').next() == Some(qname))
            })
            .map(|(_, v)| v.as_str())
    }

    /// `w:val` (the attribute almost every WordprocessingML property carries).
    pub fn val(&self) -> Option<&str> {
        self.attr("w:val")
    }

    /// Child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// Child elements named `name`.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.elements().filter(move |e| e.name == name)
    }

    /// Follows a path of child names (`["pPr", "pStyle"]`).
    pub fn path(&self, names: &[&str]) -> Option<&Element> {
        names.iter().try_fold(self, |e, n| e.child(n))
    }

    /// The first descendant (depth first) named `name`.
    pub fn find(&self, name: &str) -> Option<&Element> {
        for e in self.elements() {
            if e.name == name {
                return Some(e);
            }
            if let Some(found) = e.find(name) {
                return Some(found);
            }
        }
        None
    }

    /// All text below this element, concatenated.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        for n in &self.children {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => e.collect_text(out),
            }
        }
    }

    /// A WordprocessingML on/off property (`<w:b/>`, `<w:b w:val="0"/>`) below this
    /// properties element: `None` when absent.
    pub fn toggle(&self, name: &str) -> Option<bool> {
        self.child(name)
            .map(|e| !matches!(e.val(), Some("0" | "false" | "off" | "none")))
    }
}

/// Parses an XML document into its root element.
pub fn parse(text: &str) -> Result<Element, String> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let position = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| format!("XML error at byte {position}: {e}"))?;
        match event {
            Event::Start(start) => {
                if stack.len() > MAX_DEPTH {
                    return Err(format!("XML nested deeper than {MAX_DEPTH} levels"));
                }
                stack.push(element(&start)?);
            }
            Event::Empty(start) => {
                let e = element(&start)?;
                push_child(&mut stack, Node::Element(e));
            }
            Event::End(_) => {
                if stack.len() < 2 {
                    return Err("unbalanced XML end tag".into());
                }
                let done = stack.pop().unwrap_or_default();
                push_child(&mut stack, Node::Element(done));
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(c) => push_text(&mut stack, &c.into_inner()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match r.xml10_content().as_ref() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => return Err(format!("unknown XML entity &{other};")),
                    },
                };
                push_text(&mut stack, &resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err("XML ends before its elements are closed".into());
    }
    let top = stack.pop().unwrap_or_default();
    top.children
        .into_iter()
        .find_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
        .ok_or_else(|| "no XML root element".to_string())
}

fn element(start: &quick_xml::events::BytesStart) -> Result<Element, String> {
    let qname = start.name();
    let name = qname.0.rsplit(':').next().unwrap_or(qname.0).to_string();
    let mut attrs = Vec::new();
    for a in start.attributes() {
        let a = a.map_err(|e| format!("bad XML attribute: {e}"))?;
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| format!("bad XML attribute value: {e}"))?;
        attrs.push((a.key.0.to_string(), value.into_owned()));
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
    })
}

fn push_child(stack: &mut [Element], node: Node) {
    if let Some(top) = stack.last_mut() {
        top.children.push(node);
    }
}

fn push_text(stack: &mut [Element], text: &str) {
    if let Some(top) = stack.last_mut() {
        if let Some(Node::Text(last)) = top.children.last_mut() {
            last.push_str(text);
        } else {
            top.children.push(Node::Text(text.to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_attrs_text_and_entities() {
        let root = parse(r#"<?xml version="1.0"?><w:document xmlns:w="x"><w:p w:rsid="1"><w:t xml:space="preserve">a &amp; b &#228;</w:t></w:p></w:document>"#).unwrap();
        assert_eq!(root.name, "document");
        let p = root.child("p").unwrap();
        assert_eq!(p.attr("w:rsid"), Some("1"));
        assert_eq!(p.attr("rsid"), Some("1"));
        assert_eq!(p.text(), "a & b ä");
    }

    #[test]
    fn refuses_deep_nesting_and_broken_xml() {
        let deep = "<a>".repeat(MAX_DEPTH + 5) + &"</a>".repeat(MAX_DEPTH + 5);
        assert!(parse(&deep).unwrap_err().contains("deeper"));
        assert!(parse("<a><b></a>").is_err());
        assert!(parse("<a>").is_err());
    }
}
