//! The one place that parses YAML (serde_yaml is archived upstream: swapping it for a
//! maintained fork is a change to this file only). Errors carry file positions.

use crate::error::{Error, Location, Result};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Parses `src`, which starts at line `first_line` (1-based) of `path`, into `T`.
pub fn parse<T: DeserializeOwned>(src: &str, path: &Path, first_line: usize) -> Result<T> {
    if let Some((line, col)) = too_deep(src) {
        return Err(Error::at(
            Location::new(path, first_line + line - 1, col),
            format!("invalid YAML: brackets nested deeper than {MAX_DEPTH} levels"),
        ));
    }
    serde_yaml::from_str(src).map_err(|e| {
        let (line, col) = e
            .location()
            .map(|l| file_position(src, l.line(), l.column()))
            .unwrap_or((1, 1));
        let message = clean_message(&e.to_string());
        Error::at(
            Location::new(path, first_line + line.max(1) - 1, col.max(1)),
            message,
        )
    })
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
fn clean_message(message: &str) -> String {
    let text = match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    format!("invalid YAML: {text}")
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
}
