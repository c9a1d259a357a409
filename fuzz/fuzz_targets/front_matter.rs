//! Front matter: split `---` blocks and parse/check the YAML of any text. Must return
//! Ok or a `path:line:col` error, never panic, and a parsed year must be the file's.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use styrdok::content::front_matter::{parse, split};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("content/s/2025.md");
    match split(text, path) {
        Ok(s) => {
            assert!(
                s.body_line > s.yaml_line,
                "body starts after the front matter"
            );
            match parse(s.yaml, s.yaml_line, path, 2025) {
                Ok(fm) => {
                    assert_eq!(fm.year, 2025);
                    assert!(!fm.title.trim().is_empty());
                }
                Err(e) => assert_location(&e, text),
            }
        }
        Err(e) => assert_location(&e, text),
    }
    // _series.yaml goes through the same YAML module.
    let _ =
        styrdok::yaml::parse::<styrdok::content::SeriesMeta>(text, Path::new("_series.yaml"), 1);
});

/// Every front matter error names the file and a line that exists in it.
fn assert_location(e: &styrdok::Error, text: &str) {
    let loc = e.location().expect("front matter errors have a location");
    assert_eq!(loc.path, Path::new("content/s/2025.md"));
    let lines = text.lines().count().max(1) + 1;
    assert!(
        loc.line >= 1 && loc.line <= lines,
        "line {} outside the file ({lines} lines): {e}",
        loc.line
    );
}
