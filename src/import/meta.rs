//! Front matter and `_series.yaml` from what the Word file says: the year (from
//! Giltighetstid, the title or Beslutsdatum), dates as YYYY-MM-DD, YAML scalars quoted
//! where plain ones would change meaning, the series title and municipality.

use super::cover::Cover;
use super::report::Report;

/// Front-matter keys taken from the cover, in the order the bundled content writes them.
const COVER_KEYS: &[&str] = &[
    "diarienummer",
    "beslutsdatum",
    "fastställd_av",
    "giltighetstid",
    "kategori",
    "dokumentansvarig",
    "uppföljning",
    "omfattar",
];

/// (key, value) pairs: title, year, the cover's known keys, then its other labels.
pub fn front_matter(
    cover: &Cover,
    title: &str,
    year: i32,
    report: &mut Report,
) -> Vec<(String, String)> {
    let mut front = vec![
        ("title".to_string(), title.to_string()),
        ("year".to_string(), year.to_string()),
    ];
    for &key in COVER_KEYS {
        let Some(value) = cover.get(key) else {
            continue;
        };
        if key != "beslutsdatum" {
            front.push((key.into(), value.to_string()));
            continue;
        }
        match normalise_date(value) {
            Some(d) => front.push((key.into(), d)),
            None => report.warnings.push(format!(
                "Beslutsdatum `{value}` is not a date styrdok can read; it was left out of the front matter"
            )),
        }
    }
    for (label, value) in &cover.unknown {
        let key = label
            .trim()
            .trim_end_matches(':')
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("_");
        if key.is_empty() || front.iter().any(|(k, _)| *k == key) {
            continue;
        }
        report.warnings.push(format!(
            "cover label `{label}` kept as front-matter key `{key}`"
        ));
        front.push((key, value.clone()));
    }
    front
}

/// `---` / `key: value` lines / `---`.
pub fn front_matter_text(front: &[(String, String)]) -> String {
    let mut text = String::from("---\n");
    for (k, v) in front {
        let v = if k == "year" {
            v.clone()
        } else {
            yaml_scalar(v)
        };
        text.push_str(&format!("{k}: {v}\n"));
    }
    text.push_str("---\n");
    text
}

/// `_series.yaml` for a new series.
pub fn series_yaml(
    title: &str,
    municipality: Option<&str>,
    committee: Option<&str>,
    report: &mut Report,
) -> String {
    let mut yaml = format!("title: {}\n", yaml_scalar(title));
    match municipality {
        Some(m) => yaml.push_str(&format!("municipality: {}\n", yaml_scalar(m))),
        None => report
            .warnings
            .push("no municipality found: fill in `municipality` in _series.yaml".into()),
    }
    if let Some(c) = committee {
        yaml.push_str(&format!("committee: {}\n", yaml_scalar(c)));
    }
    yaml
}

/// The year a document is for: Giltighetstid, else the title, else Beslutsdatum.
pub fn year_of(cover: &Cover, title: &str) -> Option<i32> {
    cover
        .get("giltighetstid")
        .and_then(first_year)
        .or_else(|| first_year(title))
        .or_else(|| {
            cover
                .get("beslutsdatum")
                .and_then(normalise_date)
                .and_then(|d| first_year(&d))
        })
}

/// "ÖVERENSKOMMELSE 2025 MELLAN …" (a title typed in capitals) → "Överenskommelse 2025
/// mellan …".
pub fn sentence_case(title: &str) -> String {
    if title.chars().any(char::is_lowercase) {
        return title.to_string();
    }
    let lower = title.to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

const MONTHS: &[(&str, u32)] = &[
    ("januari", 1),
    ("january", 1),
    ("jan", 1),
    ("februari", 2),
    ("february", 2),
    ("feb", 2),
    ("mars", 3),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("maj", 5),
    ("may", 5),
    ("juni", 6),
    ("june", 6),
    ("jun", 6),
    ("juli", 7),
    ("july", 7),
    ("jul", 7),
    ("augusti", 8),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("oktober", 10),
    ("october", 10),
    ("okt", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

/// A date written as "2024-12-18", "2024-12-18 §123", "18 december 2024",
/// "den 18 dec. 2024", "18/12/2024", "18.12.2024" or "20241218" → "2024-12-18".
pub fn normalise_date(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        let nums: Vec<&str> = w.split(['-', '/', '.']).collect();
        let parsed = match nums.as_slice() {
            [y, m, d] if y.len() == 4 => ymd(y, m, d),
            [d, m, y] if y.len() == 4 => ymd(y, m, d),
            [all] if all.len() == 8 && all.chars().all(|c| c.is_ascii_digit()) => {
                ymd(&all[..4], &all[4..6], &all[6..])
            }
            _ => None,
        };
        if parsed.is_some() {
            return parsed;
        }
        // "18 december 2024"
        if let (Some(month), Some(year)) = (words.get(i + 1), words.get(i + 2)) {
            if let Some(&(_, m)) = MONTHS.iter().find(|(name, _)| name == month) {
                if let Some(d) = ymd(year, &m.to_string(), w) {
                    return Some(d);
                }
            }
        }
    }
    None
}

fn ymd(y: &str, m: &str, d: &str) -> Option<String> {
    let y: i32 = y.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    ((1000..=9999).contains(&y) && (1..=days).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// The first plausible year (1900–2199) written in `text`.
pub fn first_year(text: &str) -> Option<i32> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<i32>().ok())
        .find(|y| (1900..2200).contains(y))
}

/// The title without its year(s): "Överenskommelse 2025 mellan A och B" →
/// "Överenskommelse mellan A och B" (the series' title).
pub fn without_years(title: &str) -> String {
    title
        .split_whitespace()
        .filter(|w| {
            let digits = w.trim_matches(|c: char| !c.is_ascii_digit());
            !(digits.len() == 4
                && w.trim_matches(|c: char| c.is_ascii_punctuation()).len() == 4
                && first_year(digits).is_some())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Nyköpings kommun" / "Region Östergötland" found in `text`.
pub fn municipality_in(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        let capitalised = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
        if bare.eq_ignore_ascii_case("kommun") && i > 0 {
            let before = words[i - 1].trim_matches(|c: char| !c.is_alphanumeric());
            if capitalised(before) && before.chars().count() > 2 {
                return Some(format!("{before} kommun"));
            }
        }
        if bare == "Region" {
            if let Some(next) = words.get(i + 1) {
                let next = next.trim_matches(|c: char| !c.is_alphanumeric());
                if capitalised(next) {
                    return Some(format!("Region {next}"));
                }
            }
        }
    }
    None
}

/// A YAML scalar: plain when that reads back as the same string, else double-quoted
/// (a JSON string is a valid YAML double-quoted scalar).
pub fn yaml_scalar(value: &str) -> String {
    let plain_ok = !value.is_empty()
        && value == value.trim()
        && (value.chars().next().is_some_and(char::is_alphabetic)
            || crate::content::front_matter::is_iso_date(value))
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(':')
        && !value.contains(['\n', '\r', '\t', '"', '\''])
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        );
    if plain_ok {
        value.to_string()
    } else {
        serde_json::Value::String(value.to_string()).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_forms_documents_use() {
        for (input, want) in [
            ("2024-12-18", "2024-12-18"),
            ("2024-12-18 § 112", "2024-12-18"),
            ("18 december 2024", "2024-12-18"),
            ("den 3 feb. 2025", "2025-02-03"),
            ("18/12/2024", "2024-12-18"),
            ("18.12.2024", "2024-12-18"),
            ("20241218", "2024-12-18"),
            ("2024-2-9", "2024-02-09"),
        ] {
            assert_eq!(normalise_date(input).as_deref(), Some(want), "{input}");
        }
        assert_eq!(normalise_date("2024-02-30"), None);
        assert_eq!(normalise_date("snart"), None);
    }

    #[test]
    fn years_titles_and_municipalities() {
        assert_eq!(first_year("2025-01-01 -- 2025-12-31"), Some(2025));
        assert_eq!(first_year("Tills vidare"), None);
        assert_eq!(
            without_years("Överenskommelse 2025 mellan A och B"),
            "Överenskommelse mellan A och B"
        );
        assert_eq!(
            municipality_in("Sida 3 av 12 Nyköpings kommun, KAN"),
            Some("Nyköpings kommun".into())
        );
        assert_eq!(municipality_in("i kommun"), None);
    }

    #[test]
    fn yaml_scalars_read_back_as_written() {
        assert_eq!(yaml_scalar("Aktiverande"), "Aktiverande");
        assert_eq!(yaml_scalar("2025"), "\"2025\"");
        assert_eq!(yaml_scalar("2024-12-18"), "2024-12-18");
        assert_eq!(yaml_scalar("Politisk nivå: KAN"), "\"Politisk nivå: KAN\"");
        assert_eq!(yaml_scalar("yes"), "\"yes\"");
        assert_eq!(yaml_scalar("KAN24/22"), "KAN24/22");
    }
}
