//! Errors that name the place the user can fix: `path:line:col: message`.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

/// `text` with every control character except `\n` shown as an escape (`\u{1b}`), so a
/// folder name or value with ESC sequences cannot rewrite the terminal it is printed on.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    escape_controls(text, true)
}

/// Like `terminal_safe`, but a line break is escaped too (for names and single lines).
pub fn one_line(text: &str) -> Cow<'_, str> {
    escape_controls(text, false)
}

fn escape_controls(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && !(keep_newlines && c == '\n');
    if !text.contains(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A path for a message: lossy UTF-8, control characters escaped.
pub fn show_path(path: &Path) -> String {
    one_line(&path.to_string_lossy()).into_owned()
}

/// A place in a source file (1-based line and column; 0 means "whole file").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub path: PathBuf,
    /// 1-based line, or 0 when the error concerns the whole file.
    pub line: usize,
    /// 1-based column, or 0 when unknown.
    pub col: usize,
}

impl Location {
    /// A location at `line:col` of `path`.
    pub fn new(path: impl Into<PathBuf>, line: usize, col: usize) -> Self {
        Location {
            path: path.into(),
            line,
            col,
        }
    }

    /// A location that names the whole file.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location::new(path, 0, 0)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = self.path.strip_prefix(".").unwrap_or(&self.path);
        write!(f, "{}", show_path(shown))?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.col.max(1))?;
        }
        Ok(())
    }
}

/// Everything that can stop a build.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A problem in the user's content, config or theme, at a known place.
    #[error("{location}: {}{}", one_line(message), hint.as_ref().map(|h| format!("\n  hint: {}", one_line(h))).unwrap_or_default())]
    Input {
        /// Where.
        location: Location,
        /// What is wrong.
        message: String,
        /// How to fix it, where that helps.
        hint: Option<String>,
    },
    /// A file or folder could not be read or written.
    #[error("{}: {source}", show_path(path))]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The command line asked for something impossible.
    #[error("{}", terminal_safe(.0))]
    Usage(String),
    /// Several independent errors (every bad document is reported, not only the first).
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Many(Vec<Error>),
}

impl Error {
    /// An input error at a place.
    pub fn at(location: Location, message: impl Into<String>) -> Self {
        Error::Input {
            location,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint to an input error (other kinds are returned unchanged).
    pub fn with_hint(self, text: impl Into<String>) -> Self {
        match self {
            Error::Input {
                location, message, ..
            } => Error::Input {
                location,
                message,
                hint: Some(text.into()),
            },
            other => other,
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// The first location this error names, if any (used by the serve overlay).
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Input { location, .. } => Some(location),
            Error::Many(all) => all.iter().find_map(|e| e.location()),
            _ => None,
        }
    }

    /// Folds a list of errors into one (or none).
    pub fn collect(mut errors: Vec<Error>) -> Result<(), Error> {
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.remove(0)),
            _ => Err(Error::Many(errors)),
        }
    }

    /// The process exit code: 2 for usage errors, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }
}

/// Result with the crate's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_path_line_col_and_hint() {
        let e = Error::at(Location::new("content/a/2025.md", 3, 7), "bad").with_hint("fix it");
        assert_eq!(e.to_string(), "content/a/2025.md:3:7: bad\n  hint: fix it");
        let whole = Error::at(Location::file("x.md"), "empty");
        assert_eq!(whole.to_string(), "x.md: empty");
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let e = Error::at(
            Location::new("content/\u{1b}[2J\u{1b}[31mx\n/2025.md", 1, 1),
            "bad `\u{9b}1m` value\r",
        )
        .with_hint("h\u{7}");
        let text = e.to_string();
        assert_eq!(
            text,
            "content/\\u{1b}[2J\\u{1b}[31mx\\u{a}/2025.md:1:1: bad `\\u{9b}1m` value\\u{d}\n  hint: h\\u{7}"
        );
        assert_eq!(terminal_safe("a\nb\u{7f}"), "a\nb\\u{7f}");
        assert!(matches!(terminal_safe("å ä ö"), Cow::Borrowed(_)));
        let io = Error::io(Path::new("a\u{1b}b"), std::io::Error::other("x"));
        assert_eq!(io.to_string(), "a\\u{1b}b: x");
        assert_eq!(Error::Usage("u\u{1b}\nv".into()).to_string(), "u\\u{1b}\nv");
    }
}
