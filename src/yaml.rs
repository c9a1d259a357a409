//! The one place that parses YAML (serde_yaml is archived upstream: swapping it for a
//! maintained fork is a change to this file only). Errors carry file positions and
//! never quote the file's values (a symlinked or mistaken file must not leak).
//!
//! Before deserialising, one pass over the parsed events (`Budget`) bounds what aliases
//! can expand to and refuses control characters, both with the value's position.

use crate::error::{Error, Location, Result};
use serde::de::{self, DeserializeOwned, DeserializeSeed, Visitor};
use std::cell::Cell;
use std::fmt;
use std::path::Path;

/// Aliases (`*name`) may make the parsed YAML at most this much larger than twice the
/// source: a "billion laughs" with a 1 MB string stops here instead of at 4 GiB.
pub const EXPANSION_ALLOWANCE: usize = 1 << 20;

/// Parses `src`, which starts at line `first_line` (1-based) of `path`, into `T`.
pub fn parse<T: DeserializeOwned>(src: &str, path: &Path, first_line: usize) -> Result<T> {
    if let Some((line, col)) = too_deep(src) {
        return Err(Error::at(
            Location::new(path, first_line + line - 1, col),
            format!("invalid YAML: brackets nested deeper than {MAX_DEPTH} levels"),
        ));
    }
    let located = |e: serde_yaml::Error| {
        let (line, col) = e
            .location()
            .map(|l| file_position(src, l.line(), l.column()))
            .unwrap_or((1, 1));
        let message = clean_message(&e.to_string());
        Error::at(
            Location::new(path, first_line + line.max(1) - 1, col.max(1)),
            message,
        )
    };
    let budget = Budget {
        left: Cell::new(src.len().saturating_mul(2) + EXPANSION_ALLOWANCE),
    };
    budget
        .deserialize(serde_yaml::Deserializer::from_str(src))
        .map_err(located)?;
    serde_yaml::from_str(src).map_err(located)
}

/// Whether `c` may not appear in a value: C0 controls other than tab and newline, DEL,
/// C1 controls, and U+FFFE/U+FFFF. XML 1.0 forbids most of them (atom.xml, sitemap),
/// and in a terminal they can rewrite what an error message shows.
pub fn is_forbidden_char(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
}

/// Walks every value as serde_yaml replays it (aliases included), charging each value
/// its text length plus one, and fails once the budget is spent or a value holds a
/// forbidden character. serde_yaml positions the error at the value's event.
struct Budget {
    left: Cell<usize>,
}

impl Budget {
    fn charge<E: de::Error>(&self, cost: usize) -> Result<(), E> {
        match self.left.get().checked_sub(cost.saturating_add(1)) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => Err(E::custom(format!(
                "aliases (`*name`) expand this YAML past its limit (twice its size plus {} MiB): this value is repeated too often",
                EXPANSION_ALLOWANCE >> 20
            ))),
        }
    }

    fn text<E: de::Error>(&self, v: &str) -> Result<(), E> {
        if let Some(c) = v.chars().find(|&c| is_forbidden_char(c)) {
            return Err(E::custom(format!(
                "control character U+{:04X} in a value: remove it (an escape such as \\e or \\x01 writes one)",
                c as u32
            )));
        }
        self.charge(v.len())
    }
}

impl<'de> DeserializeSeed<'de> for &Budget {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for &Budget {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.charge(0)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.charge(0)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.charge(0)
    }

    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        self.charge(0)
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        self.charge(0)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.charge(0)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.text(v)
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<(), E> {
        self.charge(v.len())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.charge(0)
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.charge(0)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.deserialize(d)
    }

    fn visit_newtype_struct<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.charge(0)?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.charge(0)?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // A tagged value (`!tag value`): the tag, then the value under it.
        use de::VariantAccess;
        let ((), variant) = data.variant_seed(self)?;
        variant.newtype_variant_seed(self)
    }
}

/// YAML counts a lone `\r`, NEL, LS and PS as line breaks; editors (and the rest of
/// styrdok) count `\n` only. Maps YAML's 1-based `line:col` to the `\n` line and column.
fn file_position(src: &str, yaml_line: usize, yaml_col: usize) -> (usize, usize) {
    let mut chars = src.char_indices().peekable();
    let mut line = 1;
    let mut at = src.len();
    let mut found = yaml_line <= 1;
    if found {
        at = 0;
    }
    while !found {
        let Some((_, c)) = chars.next() else { break };
        let is_break = match c {
            '\r' => {
                chars.next_if(|&(_, n)| n == '\n');
                true
            }
            '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => true,
            _ => false,
        };
        if is_break {
            line += 1;
            if line == yaml_line {
                at = chars.peek().map_or(src.len(), |&(i, _)| i);
                found = true;
            }
        }
    }
    // Step `yaml_col - 1` characters along the YAML line (never past its end).
    let rest = &src[at..];
    let offset = rest
        .char_indices()
        .take_while(|&(_, c)| !matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}'))
        .nth(yaml_col.saturating_sub(1))
        .map_or_else(
            || {
                rest.find(['\r', '\n', '\u{85}', '\u{2028}', '\u{2029}'])
                    .unwrap_or(rest.len())
            },
            |(i, _)| i,
        );
    let before = &src[..at + offset];
    let file_line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (file_line, col)
}

/// serde_yaml gives up at 128 levels anyway, but its scanner takes time quadratic in the
/// depth first (100,000 `[` took over a minute): refuse such input before parsing.
const MAX_DEPTH: usize = 128;

/// Where `[`/`{` nesting (outside quotes and comments) first passes `MAX_DEPTH`.
fn too_deep(src: &str) -> Option<(usize, usize)> {
    let (mut depth, mut line, mut col) = (0usize, 1, 0);
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut prev = ' ';
    for c in src.chars() {
        col += 1;
        if c == '\n' {
            // Quoted scalars may span lines; comments end here.
            (line, col, comment) = (line + 1, 0, false);
        } else if comment {
            continue;
        } else if let Some(q) = quote {
            if c == q && (q == '\'' || prev != '\\') {
                quote = None;
            }
        } else {
            match c {
                '\'' | '"' => quote = Some(c),
                '#' if prev.is_whitespace() => comment = true,
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some((line, col));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        prev = c;
    }
    None
}

/// serde_yaml appends " at line X column Y" to messages; the location already says it.
/// Values are never quoted back: "invalid type: string \"<the whole file>\", expected …"
/// loses the string, and a quoted name (an unknown key) is cut to 40 characters.
fn clean_message(message: &str) -> String {
    let text = match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    if text == "repetition limit exceeded" {
        return "invalid YAML: aliases (`*name`) are repeated too often".into();
    }
    // serde_yaml puts the key path first ("parties[0].name: invalid type: …").
    const KINDS: &[&str] = &[
        "invalid type: ",
        "invalid value: ",
        "invalid length ",
        "unknown field ",
        "unknown variant ",
        "missing field ",
        "duplicate field ",
        "duplicate entry ",
    ];
    let (key_path, text) = match KINDS.iter().filter_map(|k| text.find(k)).min() {
        Some(i) => (text[..i].trim_end_matches([':', ' ']), &text[i..]),
        None => ("", text),
    };
    let mut message = text.to_string();
    for prefix in ["invalid type: ", "invalid value: ", "invalid length "] {
        if let Some(rest) = text.strip_prefix(prefix) {
            // "<kind> <literal>, expected <what>": the expected part comes from styrdok's
            // types, the literal from the file.
            if let Some(i) = rest.rfind(", expected ") {
                let kind = rest[..i].split([' ', '`', '"']).next().unwrap_or_default();
                message = format!("{prefix}{kind}{}", &rest[i..]);
            }
            break;
        }
    }
    let key_path = shorten(key_path, 60);
    let sep = if key_path.is_empty() { "" } else { ": " };
    format!(
        "invalid YAML: {key_path}{sep}{}",
        shorten_literals(&message)
    )
}

/// `text` cut to `keep` characters (with an ellipsis).
fn shorten(text: &str, keep: usize) -> String {
    match text.char_indices().nth(keep) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// Cuts every `…` or "…" literal in `text` to 40 characters.
fn shorten_literals(text: &str) -> String {
    const KEEP: usize = 40;
    let mut out = String::with_capacity(text.len().min(1024));
    let mut inside: Option<(char, usize)> = None;
    for c in text.chars() {
        match inside {
            Some((q, _)) if c == q => {
                inside = None;
                out.push(c);
            }
            Some((q, n)) => {
                if n < KEEP {
                    out.push(c);
                } else if n == KEEP {
                    out.push('…');
                }
                inside = Some((q, n + 1));
            }
            None => {
                if c == '`' || c == '"' {
                    inside = Some((c, 0));
                }
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn error_line_is_offset_into_the_file() {
        let err = parse::<BTreeMap<String, String>>("title: a\nyear: [1\n", Path::new("f.md"), 2)
            .unwrap_err();
        let loc = err.location().unwrap();
        assert_eq!(loc.path, Path::new("f.md"));
        assert!(
            loc.line >= 3,
            "line {} should be inside the front matter",
            loc.line
        );
        assert!(err.to_string().contains("invalid YAML"));
    }

    #[test]
    fn lone_carriage_returns_do_not_push_the_line_past_the_file() {
        // Found by fuzzing: YAML counts each `\r` as a line; the file has 3 `\n` lines.
        let src = "title: a\r\r\r\r\r\r\r\r\nyear: [1\nx";
        let err = parse::<BTreeMap<String, String>>(src, Path::new("f.md"), 2).unwrap_err();
        let loc = err.location().unwrap();
        assert!(loc.line >= 2 && loc.line <= 4, "{err}");
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let src = format!("a: 1\nx: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let err = parse::<serde_yaml::Value>(&src, Path::new("f.md"), 2).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("f.md:3:132: invalid YAML: brackets nested deeper"),
            "{err}"
        );
        // Brackets in quotes and comments are text; moderate nesting parses.
        let fine = format!(
            "a: '{}'\nb: \"{}\" # {}\nc: [[[1]]]\n",
            "[".repeat(500),
            "{".repeat(500),
            "[".repeat(500)
        );
        assert!(parse::<serde_yaml::Value>(&fine, Path::new("f.md"), 2).is_ok());
    }

    #[test]
    fn positions_map_to_newline_lines_and_char_columns() {
        assert_eq!(file_position("a\nbc: d\n", 2, 3), (2, 3));
        assert_eq!(file_position("a\r\nb\r\nåäö x", 3, 4), (3, 4));
        assert_eq!(file_position("a\rb\rc", 3, 1), (1, 5));
        assert_eq!(file_position("a\n", 9, 9), (2, 1));
    }

    #[test]
    fn alias_bombs_stop_at_the_budget_with_a_position() {
        let big = "x".repeat(1 << 20);
        let src = format!("a: &a {big}\nb: [{}]\n", vec!["*a"; 400].join(", "));
        let started = std::time::Instant::now();
        let err = parse::<serde_yaml::Value>(&src, Path::new("f.md"), 2).unwrap_err();
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        let text = err.to_string();
        assert!(text.starts_with("f.md:2:"), "{text}");
        assert!(text.contains("aliases"), "{text}");
        assert!(text.len() < 300, "no value quoted: {}", text.len());
        // Nested small aliases (the classic billion laughs) stop too.
        let mut laughs = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..10 {
            let p = i - 1;
            laughs.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let started = std::time::Instant::now();
        let err = parse::<serde_yaml::Value>(&laughs, Path::new("f.md"), 1).unwrap_err();
        assert!(err.to_string().contains("aliases"), "{err}");
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        // A few aliases of small values are fine.
        let ok = "a: &x Nyköping\nb: *x\nc: [*x, *x]\n";
        assert!(parse::<serde_yaml::Value>(ok, Path::new("f.md"), 1).is_ok());
    }

    #[test]
    fn control_characters_in_values_and_keys_are_refused() {
        for src in [
            "title: \"a\\eb\"\n",
            "title: ok\nx: \"\\x01\"\n",
            "\"k\\x7f\": 1\n",
            "t: \"\\u0085\\u009b\"\n",
            "t: [\"\\uFFFE\"]\n",
        ] {
            let err = parse::<serde_yaml::Value>(src, Path::new("s.yaml"), 1).unwrap_err();
            assert!(
                err.to_string().contains("control character U+"),
                "{src}: {err}"
            );
            assert!(err.location().unwrap().line >= 1);
        }
        let second = parse::<serde_yaml::Value>("a: 1\nb: \"\\e[31m\"\n", Path::new("s.yaml"), 1)
            .unwrap_err();
        assert_eq!(second.location().unwrap().line, 2, "{second}");
        // Tabs and newlines are text.
        assert!(parse::<serde_yaml::Value>("t: \"a\\tb\\nc\"\n", Path::new("s"), 1).is_ok());
    }

    #[test]
    fn errors_never_quote_the_file() {
        // A symlinked `_series.yaml` pointing at /etc/passwd is one long plain scalar.
        let secret = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin\n";
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Meta {
            title: String,
        }
        let err = parse::<Meta>(secret, Path::new("_series.yaml"), 1).unwrap_err();
        let text = err.to_string();
        assert!(
            !text.contains("root:/root") && !text.contains("daemon"),
            "{text}"
        );
        assert!(text.contains("invalid type: string, expected"), "{text}");
        let long_key = format!("{}: 1\n", "k".repeat(200));
        let err = parse::<BTreeMap<String, Vec<i32>>>(&long_key, Path::new("x"), 1).unwrap_err();
        assert!(!err.to_string().contains(&"k".repeat(61)), "{err}");
    }
}
