//! Tokenizer: text → lower-cased words, numbers and codes, with byte offsets.
//!
//! Words are runs of letters and digits. Codes stay searchable as written: runs
//! joined by one of `- / . : ,` where a side holds a digit become one more token
//! ("KAN24/22" → `kan24/22`, "18-24" → `18-24`), and digit groups split by a space
//! become one number ("2 060" → `2060`). Indexing keeps the parts as well; a query
//! keeps only the joined form, so "18-24" means exactly that. `theme/static/search.js`
//! mirrors these rules for queries and highlighting.

/// Characters that join two runs into a code when a side holds a digit.
pub const CONNECTORS: &[char] = &['-', '/', '.', ':', ','];

/// Spaces that may separate thousands in a number ("2 060").
const NUMBER_SPACES: &[char] = &[' ', '\u{a0}', '\u{202f}', '\u{2009}'];

/// Frequent Swedish function words, neither indexed nor searched. Short on purpose:
/// "kan" stays searchable because it is also an abbreviation (KAN).
pub const STOPWORDS: &[&str] = &[
    "och", "det", "att", "i", "en", "som", "på", "den", "med", "är", "för", "av", "till", "ett",
    "de", "om", "har", "inte", "så", "men", "var", "sig", "från", "vid", "eller", "dess", "detta",
    "denna", "dessa", "samt", "sin", "sina", "sitt", "hur", "vad", "där", "när", "ska", "skall",
    "vara", "blir", "bli", "också", "genom", "efter", "än", "åt", "alla", "andra", "annat",
];

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters only: stemmed and split into compound parts.
    Word,
    /// A run holding a digit ("2025", "kan24"): kept as written.
    Atom,
    /// Runs joined into a code or number ("kan24/22", "18-24", "2060").
    Joined,
}

/// One token: normalised text and where it sits in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lower-cased text (connectors kept, number spaces dropped).
    pub text: String,
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset after the last character.
    pub end: usize,
    /// Word, atom or joined code.
    pub kind: Kind,
}

/// Whether `word` (lower case) is a stop word.
pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.contains(&word)
}

/// Lower-cases, folding decomposed å, ä, ö (a + ring, a/o + diaeresis) into one letter.
pub fn normalize(text: &str) -> String {
    if !text.contains(['\u{30a}', '\u{308}']) {
        return text.to_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let folded = match (c, chars.peek()) {
            ('a' | 'A', Some('\u{30a}')) => Some('å'),
            ('a' | 'A', Some('\u{308}')) => Some('ä'),
            ('o' | 'O', Some('\u{308}')) => Some('ö'),
            _ => None,
        };
        match folded {
            Some(f) => {
                chars.next();
                out.push(f);
            }
            None => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// A run of letters and digits.
struct Run {
    start: usize,
    end: usize,
    has_digit: bool,
    all_digits: bool,
}

fn runs(text: &str) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut current: Option<Run> = None;
    for (i, c) in text.char_indices() {
        // A combining ring or diaeresis continues a run (decomposed å, ä, ö).
        // ASCII and the Swedish letters first: `is_alphanumeric` looks the rest up.
        let (alnum, digit) = match c {
            'a'..='z' | 'A'..='Z' | 'å' | 'ä' | 'ö' | 'Å' | 'Ä' | 'Ö' => (true, false),
            '0'..='9' => (true, true),
            c if c.is_ascii() => (false, false),
            c => (c.is_alphanumeric(), c.is_numeric()),
        };
        if alnum || (current.is_some() && ('\u{300}'..='\u{36f}').contains(&c)) {
            let r = current.get_or_insert(Run {
                start: i,
                end: i,
                has_digit: false,
                all_digits: true,
            });
            r.end = i + c.len_utf8();
            r.has_digit |= digit;
            r.all_digits &= digit;
        } else if let Some(r) = current.take() {
            out.push(r);
        }
    }
    out.extend(current);
    out
}

/// The text between two runs, if it is exactly one character from `set`.
fn single_between<'a>(text: &'a str, a: &Run, b: &Run, set: &[char]) -> Option<&'a str> {
    let gap = &text[a.end..b.start];
    let mut chars = gap.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if set.contains(&c) => Some(gap),
        _ => None,
    }
}

fn code_link(text: &str, a: &Run, b: &Run) -> bool {
    (a.has_digit || b.has_digit) && single_between(text, a, b, CONNECTORS).is_some()
}

fn number_link(text: &str, a: &Run, b: &Run) -> bool {
    b.all_digits && b.end - b.start == 3 && single_between(text, a, b, NUMBER_SPACES).is_some()
}

/// Index tokens of `text`: every run, plus each joined code or number.
pub fn index_tokens(text: &str) -> Vec<Token> {
    tokens(text, true)
}

/// Query tokens of `text`: joined codes and numbers replace their parts.
pub fn query_tokens(text: &str) -> Vec<Token> {
    tokens(text, false)
}

fn tokens(text: &str, with_parts: bool) -> Vec<Token> {
    let mut out = Vec::new();
    scan(text, with_parts, |t, kind, start, end| {
        out.push(Token {
            text: t.to_string(),
            start,
            end,
            kind,
        })
    });
    out
}

/// Calls `f(token, kind, start)` for each of [`index_tokens`], without a string per
/// token: `token` borrows `text` when it is already lower case (most words), else a
/// buffer reused from token to token. The indexer's hot loop.
pub fn for_each_index_token(text: &str, mut f: impl FnMut(&str, Kind, usize)) {
    scan(text, true, |t, kind, start, _| f(t, kind, start));
}

/// `text` lower-cased as [`normalize`] does, borrowed when that changes nothing.
fn normalized<'a>(text: &'a str, buf: &'a mut String) -> &'a str {
    let unchanged = if text.is_ascii() {
        !text.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        text.chars().all(|c| match c {
            'a'..='z' | '0'..='9' | 'å' | 'ä' | 'ö' | 'é' | 'ü' => true,
            c if c.is_ascii() => !c.is_ascii_uppercase(),
            c => {
                let mut lower = c.to_lowercase();
                !('\u{300}'..='\u{36f}').contains(&c)
                    && lower.next() == Some(c)
                    && lower.next().is_none()
            }
        })
    };
    if unchanged {
        return text;
    }
    *buf = normalize(text);
    buf
}

fn scan(text: &str, with_parts: bool, mut f: impl FnMut(&str, Kind, usize, usize)) {
    let runs = runs(text);
    let mut buf = String::new();
    let mut i = 0;
    while i < runs.len() {
        let mut j = i;
        while j + 1 < runs.len() && code_link(text, &runs[j], &runs[j + 1]) {
            j += 1;
        }
        let code = j > i;
        if !code && runs[i].all_digits && runs[i].end - runs[i].start <= 3 {
            while j + 1 < runs.len()
                && number_link(text, &runs[j], &runs[j + 1])
                && !(j + 2 < runs.len() && code_link(text, &runs[j + 1], &runs[j + 2]))
            {
                j += 1;
            }
        }
        let group = &runs[i..=j];
        if group.len() == 1 || with_parts {
            for r in group {
                let kind = if r.has_digit { Kind::Atom } else { Kind::Word };
                f(
                    normalized(&text[r.start..r.end], &mut buf),
                    kind,
                    r.start,
                    r.end,
                );
            }
        }
        if group.len() > 1 {
            let (start, end) = (group[0].start, group[group.len() - 1].end);
            let joined = if code {
                normalized(&text[start..end], &mut buf)
            } else {
                buf.clear();
                for r in group {
                    buf.push_str(&text[r.start..r.end]);
                }
                &buf
            };
            f(joined, Kind::Joined, start, end);
        }
        i = j + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(tokens: &[Token]) -> Vec<&str> {
        tokens.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn words_are_lower_cased_with_swedish_letters() {
        let t = index_tokens("ÅRSREDOVISNING för Överenskommelse, ÄNDRING!");
        assert_eq!(
            texts(&t),
            ["årsredovisning", "för", "överenskommelse", "ändring"]
        );
        assert!(t.iter().all(|t| t.kind == Kind::Word));
        assert_eq!(&"x ÅR y"[t_span(&index_tokens("x ÅR y"), 1)], "ÅR");
    }

    fn t_span(t: &[Token], i: usize) -> std::ops::Range<usize> {
        t[i].start..t[i].end
    }

    #[test]
    fn decomposed_letters_are_folded() {
        assert_eq!(normalize("A\u{30a}r o\u{308}ver"), "år över");
        assert_eq!(texts(&index_tokens("ma\u{30a}l")), ["mål"]);
    }

    #[test]
    fn codes_keep_their_parts_in_the_index_and_only_the_whole_in_queries() {
        assert_eq!(
            texts(&index_tokens("Dnr KAN24/22.")),
            ["dnr", "kan24", "22", "kan24/22"]
        );
        assert_eq!(texts(&query_tokens("KAN24/22")), ["kan24/22"]);
        assert_eq!(
            texts(&query_tokens("unga 18-24 år")),
            ["unga", "18-24", "år"]
        );
        assert_eq!(
            texts(&index_tokens("2024-12-18")),
            ["2024", "12", "18", "2024-12-18"]
        );
        assert_eq!(index_tokens("KAN24/22")[2].kind, Kind::Joined);
    }

    #[test]
    fn letters_with_hyphens_are_not_codes() {
        assert_eq!(
            texts(&query_tokens("Kompetens- och -vägledning e-tjänst SCB:s")),
            ["kompetens", "och", "vägledning", "e", "tjänst", "scb", "s"]
        );
    }

    #[test]
    fn spaced_thousands_become_one_number() {
        assert_eq!(
            texts(&index_tokens("1 2 060 kr")),
            ["1", "2", "060", "2060", "kr"]
        );
        assert_eq!(texts(&query_tokens("2 060")), ["2060"]);
        assert_eq!(texts(&query_tokens("12\u{a0}345 678")), ["12345678"]);
        // A four-digit year is not the start of a spaced number, and a group needs three digits.
        assert_eq!(
            texts(&query_tokens("2024 2025 18 24")),
            ["2024", "2025", "18", "24"]
        );
    }

    #[test]
    fn sentence_ends_do_not_join() {
        assert_eq!(texts(&query_tokens("år 2025. Det")), ["år", "2025", "det"]);
        assert_eq!(texts(&query_tokens("3,5 procent")), ["3,5", "procent"]);
    }

    #[test]
    fn the_callback_sees_what_index_tokens_lists() {
        for text in [
            "ÅRSREDOVISNING för Överenskommelse, ÄNDRING! ma\u{30a}l",
            "Dnr KAN24/22. 1 2 060 kr, 2024-12-18 Ǆemal ǅx",
            "",
        ] {
            let mut seen = Vec::new();
            for_each_index_token(text, |t, kind, start| {
                seen.push((t.to_string(), kind, start))
            });
            let listed: Vec<_> = index_tokens(text)
                .into_iter()
                .map(|t| (t.text, t.kind, t.start))
                .collect();
            assert_eq!(seen, listed, "{text}");
        }
    }

    #[test]
    fn stopwords() {
        assert!(is_stopword("och"));
        assert!(!is_stopword("kan"));
        assert!(!is_stopword("insatser"));
    }
}
