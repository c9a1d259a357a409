//! Readable, stable URL slugs for Swedish text ("Förändrade förutsättningar" →
//! "forandrade-forutsattningar").

/// Turns any text into a lowercase ASCII slug; never empty ("avsnitt" as a last resort).
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for ch in text.chars().flat_map(char::to_lowercase) {
        let mapped = match ch {
            'å' | 'ä' | 'à' | 'á' | 'â' | 'ã' | 'æ' => Some('a'),
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' | 'õ' => Some('o'),
            'é' | 'è' | 'ê' | 'ë' => Some('e'),
            'ü' | 'ú' | 'ù' | 'û' => Some('u'),
            'í' | 'ì' | 'î' | 'ï' => Some('i'),
            'ç' => Some('c'),
            'ñ' => Some('n'),
            c if c.is_ascii_alphanumeric() => Some(c),
            _ => None,
        };
        match mapped {
            Some(c) => {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.push(c);
            }
            None => dash = true,
        }
    }
    truncate_at_word(&mut out, 64);
    if out.is_empty() {
        out.push_str("avsnitt");
    }
    out
}

fn truncate_at_word(slug: &mut String, max: usize) {
    if slug.len() <= max {
        return;
    }
    let cut = slug[..max].rfind('-').unwrap_or(max);
    slug.truncate(cut);
}

/// Makes `wanted` unique among `taken` by appending -2, -3, …, and records it.
pub fn unique(wanted: &str, taken: &mut std::collections::HashSet<String>) -> String {
    if taken.insert(wanted.to_string()) {
        return wanted.to_string();
    }
    (2..)
        .map(|n| format!("{wanted}-{n}"))
        .find(|candidate| taken.insert(candidate.clone()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_letters_spaces_and_symbols() {
        assert_eq!(
            slugify("Förändrade förutsättningar"),
            "forandrade-forutsattningar"
        );
        assert_eq!(slugify("  Nyköping KAN–DSO "), "nykoping-kan-dso");
        assert_eq!(slugify("Fokus i Agenda 2030"), "fokus-i-agenda-2030");
        assert_eq!(slugify("🎉 !!"), "avsnitt");
        assert_eq!(slugify("ÅÄÖ"), "aao");
    }

    #[test]
    fn long_titles_cut_at_a_word() {
        let s = slugify(&"ord ".repeat(40));
        assert!(s.len() <= 64 && !s.ends_with('-'));
    }

    #[test]
    fn unique_appends_counter() {
        let mut taken = Default::default();
        assert_eq!(unique("a", &mut taken), "a");
        assert_eq!(unique("a", &mut taken), "a-2");
        assert_eq!(unique("a", &mut taken), "a-3");
    }
}
