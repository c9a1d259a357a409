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

/// Ids already used on a page, and for each base the next suffix worth trying, so that
/// 40,000 identical headings cost linear time instead of counting up from 2 each time.
#[derive(Debug, Default, Clone)]
pub struct Taken {
    ids: std::collections::HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

impl Taken {
    /// Ids that are taken from the start (ids the page layout uses).
    pub fn with(reserved: &[&str]) -> Taken {
        let mut taken = Taken::default();
        for id in reserved {
            taken.insert(id.to_string());
        }
        taken
    }

    /// Records `id`; false when it was already taken.
    pub fn insert(&mut self, id: String) -> bool {
        self.ids.insert(id)
    }
}

/// Makes `wanted` unique among `taken` by appending -2, -3, …, and records it. The
/// smallest free suffix is the answer: suffixes below the one found last time for this
/// base were all taken then, and ids are never released.
pub fn unique(wanted: &str, taken: &mut Taken) -> String {
    if taken.insert(wanted.to_string()) {
        return wanted.to_string();
    }
    let mut n = taken.next.get(wanted).copied().unwrap_or(2);
    loop {
        let candidate = format!("{wanted}-{n}");
        n += 1;
        if taken.insert(candidate.clone()) {
            taken.next.insert(wanted.to_string(), n);
            return candidate;
        }
    }
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
        // An id taken by other means is skipped; the smallest free suffix wins.
        taken.insert("b-2".into());
        assert_eq!(unique("b", &mut taken), "b");
        assert_eq!(unique("b", &mut taken), "b-3");
        assert_eq!(unique("b-2", &mut taken), "b-2-2");
    }

    #[test]
    fn forty_thousand_identical_headings_take_linear_time() {
        let mut taken = Taken::default();
        let started = std::time::Instant::now();
        for _ in 0..40_000 {
            unique("rubrik", &mut taken);
        }
        assert_eq!(unique("rubrik", &mut taken), "rubrik-40001");
        assert!(started.elapsed().as_secs() < 2, "{:?}", started.elapsed());
    }
}
