//! Errors that name the place the user can fix: `path:line:col: message`.

use std::fmt;
use std::path::{Path, PathBuf};

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
        write!(f, "{}", shown.display())?;
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
    #[error("{location}: {message}{}", hint.as_ref().map(|h| format!("\n  hint: {h}")).unwrap_or_default())]
    Input {
        /// Where.
        location: Location,
        /// What is wrong.
        message: String,
        /// How to fix it, where that helps.
        hint: Option<String>,
    },
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The command line asked for something impossible.
    #[error("{0}")]
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
}
