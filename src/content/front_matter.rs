//! Front matter: the YAML block between `---` lines at the top of a document.
//! Pure: text in, checked `FrontMatter` (or a `path:line:col` error) out.

use crate::error::{Error, Location, Result};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// Steering-document metadata. `title` and `year` are required; the rest is shown
/// in the page's metadata block when present; unknown keys reach the templates.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct FrontMatter {
    /// Document title.
    pub title: String,
    /// Year the document applies to.
    pub year: i32,
    /// Registration number (diarienummer).
    pub diarienummer: Option<String>,
    /// Date of decision, `YYYY-MM-DD`.
    pub beslutsdatum: Option<String>,
    /// Body that adopted the document.
    #[serde(rename = "fastställd_av")]
    pub faststalld_av: Option<String>,
    /// Period of validity.
    pub giltighetstid: Option<String>,
    /// Category of steering document.
    pub kategori: Option<String>,
    /// Responsible for the document.
    pub dokumentansvarig: Option<String>,
    /// How it is followed up.
    #[serde(rename = "uppföljning")]
    pub uppfoljning: Option<String>,
    /// gällande / upphävd / utkast …
    pub status: Option<String>,
    /// Editorial fields: front-matter key → why the publisher wrote it (it is not in
    /// the source), from `redaktionellt:`. Pages mark these fields.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub redaktionellt: BTreeMap<String, String>,
    /// Every other key, as written.
    pub extra: Map<String, Value>,
}

/// A document split into its front matter and body.
#[derive(Debug, PartialEq)]
pub struct Split<'a> {
    /// The YAML text.
    pub yaml: &'a str,
    /// 1-based line where `yaml` starts.
    pub yaml_line: usize,
    /// The Markdown body.
    pub body: &'a str,
    /// 1-based line where `body` starts.
    pub body_line: usize,
}

/// Splits `---\nYAML\n---\nbody`. Errors name the file and line.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::at(Location::new(path, 1, 1), "the file is empty")
            .with_hint("a document starts with front matter: ---, title: …, year: …, ---"));
    }
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Error::at(
            Location::new(path, 1, 1),
            "the document has no front matter",
        )
        .with_hint("start the file with a line `---`, then `title: …` and `year: …`, then `---`"));
    }
    let yaml_start = first.len()
        + if text[first.len()..].starts_with("\r\n") {
            2
        } else {
            1
        };
    let mut offset = yaml_start.min(text.len());
    for (i, line) in text[offset..].split_inclusive('\n').enumerate() {
        let line_no = i + 2;
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare == "---" || bare == "..." {
            let body_start = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(
        Error::at(Location::new(path, 1, 1), "the front matter is not closed")
            .with_hint("add a line `---` after the last metadata line"),
    )
}

/// Parses and checks front matter. `file_year` is the year in the file name.
pub fn parse(yaml: &str, yaml_line: usize, path: &Path, file_year: i32) -> Result<FrontMatter> {
    let map: Map<String, Value> = if yaml.trim().is_empty() {
        Map::new()
    } else {
        match crate::yaml::parse::<Value>(yaml, path, yaml_line)? {
            Value::Object(m) => m,
            _ => {
                return Err(Error::at(
                    Location::new(path, yaml_line, 1),
                    "front matter must be `key: value` lines",
                ))
            }
        }
    };
    let at = |key: &str| {
        Location::new(
            path,
            key_line(yaml, key).map_or(yaml_line, |l| yaml_line + l - 1),
            1,
        )
    };
    let mut fm = FrontMatter::default();
    for (key, value) in map {
        match key.as_str() {
            "title" => fm.title = scalar(&value).unwrap_or_default(),
            "year" => {
                fm.year = year_of(&value).ok_or_else(|| {
                    Error::at(
                        at("year"),
                        format!(
                            "`year` must be a whole number such as 2025, not `{}`",
                            show(&value)
                        ),
                    )
                })?
            }
            "diarienummer" => fm.diarienummer = scalar(&value),
            "beslutsdatum" => {
                let date = scalar(&value).unwrap_or_default();
                if !is_iso_date(&date) {
                    return Err(Error::at(
                        at("beslutsdatum"),
                        format!("`beslutsdatum` must be a date YYYY-MM-DD, not `{date}`"),
                    ));
                }
                fm.beslutsdatum = Some(date);
            }
            "fastställd_av" | "faststalld_av" => fm.faststalld_av = scalar(&value),
            "giltighetstid" => fm.giltighetstid = scalar(&value),
            "kategori" => fm.kategori = scalar(&value),
            "dokumentansvarig" => fm.dokumentansvarig = scalar(&value),
            "uppföljning" | "uppfoljning" => fm.uppfoljning = scalar(&value),
            "status" => fm.status = scalar(&value),
            "redaktionellt" => fm.redaktionellt = editorial_fields(&value, at("redaktionellt"))?,
            _ => {
                fm.extra.insert(key, value);
            }
        }
    }
    if fm.title.trim().is_empty() {
        return Err(Error::at(
            Location::new(path, yaml_line, 1),
            "`title` is missing or empty",
        )
        .with_hint("add `title: <the document's title>` to the front matter"));
    }
    if fm.year == 0 {
        return Err(
            Error::at(Location::new(path, yaml_line, 1), "`year` is missing")
                .with_hint(format!("add `year: {file_year}` to the front matter")),
        );
    }
    if fm.year != file_year {
        return Err(Error::at(
            at("year"),
            format!(
                "`year: {}` disagrees with the file name ({file_year})",
                fm.year
            ),
        )
        .with_hint(format!(
            "rename the file to {}.md or set `year: {file_year}`",
            fm.year
        )));
    }
    for field in fm.redaktionellt.keys() {
        if !fm.has_field(field) {
            return Err(Error::at(
                at("redaktionellt"),
                format!("`redaktionellt` names `{field}`, which this front matter does not set"),
            )
            .with_hint("list only keys of this front matter, e.g. `title`"));
        }
    }
    Ok(fm)
}

impl FrontMatter {
    /// Does the front matter set `key` (as written, e.g. `fastställd_av`)?
    pub fn has_field(&self, key: &str) -> bool {
        let set = |v: &Option<String>| v.is_some();
        match key {
            "title" | "year" => true,
            "diarienummer" => set(&self.diarienummer),
            "beslutsdatum" => set(&self.beslutsdatum),
            "fastställd_av" | "faststalld_av" => set(&self.faststalld_av),
            "giltighetstid" => set(&self.giltighetstid),
            "kategori" => set(&self.kategori),
            "dokumentansvarig" => set(&self.dokumentansvarig),
            "uppföljning" | "uppfoljning" => set(&self.uppfoljning),
            "status" => set(&self.status),
            other => self.extra.contains_key(other),
        }
    }
}

/// `redaktionellt:` maps each editorial field to why it is there.
fn editorial_fields(value: &Value, at: Location) -> Result<BTreeMap<String, String>> {
    let hint =
        "write `redaktionellt:` and under it, indented, `title: why the publisher wrote the title`";
    let Value::Object(map) = value else {
        return Err(Error::at(
            at,
            "`redaktionellt` must map each editorial field to why it is editorial",
        )
        .with_hint(hint));
    };
    let mut fields = BTreeMap::new();
    for (key, why) in map {
        match why {
            Value::String(s) if !s.trim().is_empty() => {
                fields.insert(key.clone(), s.trim().to_string());
            }
            _ => {
                return Err(Error::at(
                    at,
                    format!("`redaktionellt: {key}` needs a short explanation (text)"),
                )
                .with_hint(hint))
            }
        }
    }
    Ok(fields)
}

/// 1-based line (within the YAML) of a top-level `key:`.
fn key_line(yaml: &str, key: &str) -> Option<usize> {
    yaml.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        other => Some(other.to_string()),
    }
}

fn show(value: &Value) -> String {
    scalar(value).unwrap_or_else(|| "(empty)".into())
}

fn year_of(value: &Value) -> Option<i32> {
    let n = match value {
        Value::Number(n) => n.as_i64()?,
        Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    (1000..=9999).contains(&n).then_some(n as i32)
}

/// `YYYY-MM-DD` with a plausible month and day.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| s.get(r).and_then(|p| p.parse::<u32>().ok());
    matches!((digits(0..4), digits(5..7), digits(8..10)), (Some(_), Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(yaml: &str, year: i32) -> Result<FrontMatter> {
        parse(yaml, 2, Path::new("c/s/2025.md"), year)
    }

    #[test]
    fn splits_and_counts_lines() {
        let s = split("---\ntitle: A\nyear: 2025\n---\n# Rubrik\n", Path::new("x")).unwrap();
        assert_eq!(s.yaml, "title: A\nyear: 2025\n");
        assert_eq!(s.body, "# Rubrik\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn unclosed_empty_and_missing() {
        for (text, msg) in [
            ("---\ntitle: A\n", "not closed"),
            ("", "empty"),
            ("# Rubrik", "no front matter"),
        ] {
            let e = split(text, Path::new("x.md")).unwrap_err().to_string();
            assert!(e.starts_with("x.md:1:1: ") && e.contains(msg), "{e}");
        }
    }

    #[test]
    fn required_keys_and_year_checks() {
        let fm = p(
            "title: A\nyear: 2025\nbeslutsdatum: 2024-12-18\nfastställd_av: KAN\nomfattar: x\n",
            2025,
        )
        .unwrap();
        assert_eq!(fm.beslutsdatum.as_deref(), Some("2024-12-18"));
        assert_eq!(fm.faststalld_av.as_deref(), Some("KAN"));
        assert!(fm.extra.contains_key("omfattar"));
        assert!(p("year: 2025\n", 2025)
            .unwrap_err()
            .to_string()
            .contains("`title`"));
        assert!(p("title: A\n", 2025)
            .unwrap_err()
            .to_string()
            .contains("`year` is missing"));
        let e = p("title: A\nyear: tjugo\n", 2025).unwrap_err().to_string();
        assert!(
            e.starts_with("c/s/2025.md:3:1:") && e.contains("whole number"),
            "{e}"
        );
        let e = p("title: A\nyear: 2024\n", 2025).unwrap_err().to_string();
        assert!(
            e.contains("disagrees") && e.starts_with("c/s/2025.md:3:1:"),
            "{e}"
        );
        assert!(p("title: A\nyear: 2025\nbeslutsdatum: igår\n", 2025).is_err());
    }

    #[test]
    fn editorial_fields_are_explained_and_exist() {
        let fm = p(
            "title: A\nyear: 2025\nredaktionellt:\n  title: Källan anger ingen titel.\n",
            2025,
        )
        .unwrap();
        assert_eq!(fm.redaktionellt["title"], "Källan anger ingen titel.");
        assert!(!fm.extra.contains_key("redaktionellt"));
        for (yaml, msg) in [
            ("redaktionellt: [title]\n", "must map"),
            (
                "redaktionellt:\n  title: \"\"\n",
                "needs a short explanation",
            ),
            ("redaktionellt:\n  diarienummer: x\n", "does not set"),
        ] {
            let e = p(&format!("title: A\nyear: 2025\n{yaml}"), 2025)
                .unwrap_err()
                .to_string();
            assert!(e.starts_with("c/s/2025.md:4:1: ") && e.contains(msg), "{e}");
        }
    }

    #[test]
    fn bad_yaml_points_into_the_file() {
        let e = p("title: A\nyear: [2025\n", 2025).unwrap_err();
        assert!(e.location().unwrap().line >= 3, "{e}");
    }
}
