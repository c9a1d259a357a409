//! `word/numbering.xml`: the numbers Word shows in front of auto-numbered headings and
//! list items. Word does not store them; they are counted here in document order:
//! multi-level lists, deeper levels restarting under a higher one (`lvlRestart`), start
//! values, `startOverride` restarts, `lvlText` patterns ("%1.%2") and number formats.

use super::xml::Element;
use std::collections::HashMap;

/// One level of a list definition.
#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: String,
    text: String,
    /// 1-based level after which this one restarts; 0 never; `None` any higher level.
    restart: Option<u32>,
    legal: bool,
    style: Option<String>,
}

impl Default for Level {
    fn default() -> Level {
        Level {
            start: 1,
            format: "decimal".into(),
            text: String::new(),
            restart: None,
            legal: false,
            style: None,
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: String,
    /// ilvl → start override.
    starts: HashMap<u8, u32>,
    /// ilvl → level redefined by `lvlOverride/lvl`.
    levels: HashMap<u8, Level>,
}

/// A computed label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// What Word shows ("3.1", "a)", "•").
    pub text: String,
    /// False for bullets.
    pub ordered: bool,
    /// The counter of this level (for Markdown's ordered-list start).
    pub value: u32,
}

/// Definitions plus the counters of the lists used so far.
#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    nums: HashMap<String, Num>,
    counters: HashMap<String, [Option<u32>; 9]>,
}

impl Numbering {
    /// Reads `numbering.xml` (absent → nothing is numbered).
    pub fn parse(root: Option<&Element>) -> Numbering {
        let mut n = Numbering::default();
        let Some(root) = root else { return n };
        for a in root.children_named("abstractNum") {
            let Some(id) = a.attr("w:abstractNumId") else {
                continue;
            };
            let mut levels = vec![Level::default(); 9];
            for l in a.children_named("lvl") {
                if let Some(i) = ilvl_of(l) {
                    levels[i as usize] = level(l);
                }
            }
            n.abstracts.insert(id.to_string(), levels);
        }
        for num in root.children_named("num") {
            let Some(id) = num.attr("w:numId") else {
                continue;
            };
            let mut def = Num {
                abstract_id: num
                    .child("abstractNumId")
                    .and_then(Element::val)
                    .unwrap_or("")
                    .to_string(),
                ..Num::default()
            };
            for o in num.children_named("lvlOverride") {
                let Some(i) = ilvl_of(o) else { continue };
                if let Some(start) = o
                    .child("startOverride")
                    .and_then(Element::val)
                    .and_then(|v| v.parse().ok())
                {
                    def.starts.insert(i, start);
                }
                if let Some(l) = o.child("lvl") {
                    def.levels.insert(i, level(l));
                }
            }
            n.nums.insert(id.to_string(), def);
        }
        n
    }

    /// The level of list `num_id` that is tied to paragraph style `style` (`w:pStyle`).
    pub fn level_for_style(&self, num_id: &str, style: &str) -> Option<u8> {
        let levels = self.abstracts.get(&self.nums.get(num_id)?.abstract_id)?;
        levels
            .iter()
            .position(|l| l.style.as_deref() == Some(style))
            .map(|i| i as u8)
    }

    /// Counts one paragraph of list `num_id` at level `ilvl` and returns its label
    /// (`None` for numId 0, "no numbering", or an unknown list).
    pub fn next(&mut self, num_id: &str, ilvl: u8) -> Option<Label> {
        let num = self.nums.get(num_id)?;
        let ilvl = ilvl.min(8);
        let levels: Vec<Level> = (0..9u8)
            .map(|i| {
                num.levels.get(&i).cloned().unwrap_or_else(|| {
                    self.abstracts
                        .get(&num.abstract_id)
                        .and_then(|l| l.get(i as usize).cloned())
                        .unwrap_or_default()
                })
            })
            .collect();
        let start_of = |i: usize| {
            num.starts
                .get(&(i as u8))
                .copied()
                .unwrap_or(levels[i].start)
        };
        // Lists sharing a definition share counters, as in Word; a num that restarts
        // (startOverride) counts on its own.
        let key = if num.starts.is_empty() && num.levels.is_empty() {
            format!("abstract:{}", num.abstract_id)
        } else {
            format!("num:{num_id}")
        };
        let counters = self.counters.entry(key).or_insert([None; 9]);
        let i = ilvl as usize;
        counters[i] = Some(match counters[i] {
            Some(v) => v + 1,
            None => start_of(i),
        });
        for (deeper, counter) in counters.iter_mut().enumerate().skip(i + 1) {
            let restart_after = levels[deeper].restart.unwrap_or(deeper as u32);
            if restart_after != 0 && (i as u32) < restart_after {
                *counter = None;
            }
        }
        let value = counters[i].unwrap_or(1);
        let current = &levels[i];
        if current.format == "bullet" {
            return Some(Label {
                text: current.text.clone(),
                ordered: false,
                value,
            });
        }
        let mut text = String::new();
        let mut chars = current.text.chars().peekable();
        while let Some(c) = chars.next() {
            let digit = chars.peek().and_then(|d| d.to_digit(10));
            match (c, digit) {
                ('%', Some(d @ 1..=9)) => {
                    chars.next();
                    let k = (d - 1) as usize;
                    let v = counters[k].unwrap_or_else(|| start_of(k));
                    let format = if current.legal {
                        "decimal"
                    } else {
                        levels[k].format.as_str()
                    };
                    text.push_str(&format_number(v, format));
                }
                _ => text.push(c),
            }
        }
        Some(Label {
            text,
            ordered: current.format != "none",
            value,
        })
    }
}

fn ilvl_of(e: &Element) -> Option<u8> {
    e.attr("w:ilvl")
        .and_then(|v| v.parse::<u8>().ok())
        .filter(|&i| i < 9)
}

fn level(l: &Element) -> Level {
    let val = |name: &str| l.child(name).and_then(Element::val).map(str::to_string);
    Level {
        start: val("start").and_then(|v| v.parse().ok()).unwrap_or(1),
        format: val("numFmt").unwrap_or_else(|| "decimal".into()),
        text: val("lvlText").unwrap_or_default(),
        restart: val("lvlRestart").and_then(|v| v.parse().ok()),
        legal: l.toggle("isLgl").unwrap_or(false),
        style: val("pStyle"),
    }
}

/// A counter in one of Word's number formats.
pub fn format_number(v: u32, format: &str) -> String {
    match format {
        "upperRoman" => roman(v),
        "lowerRoman" => roman(v).to_lowercase(),
        "upperLetter" => letter(v),
        "lowerLetter" => letter(v).to_lowercase(),
        "decimalZero" if v < 10 => format!("0{v}"),
        "none" => String::new(),
        _ => v.to_string(),
    }
}

/// Word's letters: A…Z, then AA…ZZ, AAA… (the letter repeated, not base 26).
fn letter(v: u32) -> String {
    if v == 0 {
        return "0".into();
    }
    let c = (b'A' + ((v - 1) % 26) as u8) as char;
    c.to_string().repeat(((v - 1) / 26 + 1) as usize)
}

fn roman(mut v: u32) -> String {
    const TABLE: &[(u32, &str)] = &[
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for &(n, s) in TABLE {
        while v >= n {
            out.push_str(s);
            v -= n;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::xml::parse;

    const NUMBERING: &str = r#"<w:numbering xmlns:w="w">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/><w:pStyle w:val="Rubrik1"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1.%2.%3)"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="(%2)"/><w:lvlRestart w:val="0"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="2">
        <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
      <w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>
      <w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num>
    </w:numbering>"#;

    fn numbering() -> Numbering {
        Numbering::parse(Some(&parse(NUMBERING).unwrap()))
    }

    fn texts(n: &mut Numbering, steps: &[(&str, u8)]) -> Vec<String> {
        steps
            .iter()
            .map(|(id, l)| n.next(id, *l).unwrap().text)
            .collect()
    }

    #[test]
    fn three_levels_restart_below_a_higher_level() {
        let mut n = numbering();
        let got = texts(
            &mut n,
            &[
                ("1", 0),
                ("1", 1),
                ("1", 2),
                ("1", 2),
                ("1", 1),
                ("1", 2),
                ("1", 0),
                ("1", 1),
            ],
        );
        assert_eq!(
            got,
            ["1", "1.1", "1.1.a)", "1.1.b)", "1.2", "1.2.a)", "2", "2.1"]
        );
        // numId 5 shares abstract 0 without overrides: it continues the same list.
        assert_eq!(n.next("5", 0).unwrap().text, "3");
        assert_eq!(n.level_for_style("1", "Rubrik1"), Some(0));
    }

    #[test]
    fn start_values_overrides_no_restart_and_bullets() {
        let mut n = numbering();
        assert_eq!(
            texts(&mut n, &[("2", 0), ("2", 1), ("2", 0), ("2", 1)]),
            ["III.", "(1)", "IV.", "(2)"]
        );
        // numId 3 restarts the same definition at 1.
        assert_eq!(texts(&mut n, &[("3", 0), ("3", 0)]), ["I.", "II."]);
        let bullet = n.next("4", 0).unwrap();
        assert!(!bullet.ordered);
        assert_eq!(n.next("0", 0), None);
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
    }
}
