//! The one place that parses YAML (serde_yaml is archived upstream: swapping it for a
//! maintained fork is a change to this file only). Errors carry file positions.

use crate::error::{Error, Location, Result};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Parses `src`, which starts at line `first_line` (1-based) of `path`, into `T`.
pub fn parse<T: DeserializeOwned>(src: &str, path: &Path, first_line: usize) -> Result<T> {
    serde_yaml::from_str(src).map_err(|e| {
        let (line, col) = e.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
        let message = clean_message(&e.to_string());
        Error::at(Location::new(path, first_line + line.max(1) - 1, col.max(1)), message)
    })
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
        assert!(loc.line >= 3, "line {} should be inside the front matter", loc.line);
        assert!(err.to_string().contains("invalid YAML"));
    }
}
