//! Forgiving matching: diacritics folded away ("försörjningsstöd" → "forsorjningsstod")
//! and a bounded edit distance (optimal string alignment: insert, delete, substitute
//! or swap two neighbours). `theme/static/search.js` carries the same functions.

/// Folds a lower-case word's diacritics into the base letter, one character for one
/// (so a folded prefix has the length of the original prefix).
pub fn fold(word: &str) -> String {
    word.chars().map(fold_char).collect()
}

fn fold_char(c: char) -> char {
    match c {
        'å' | 'ä' | 'à' | 'á' | 'â' | 'ã' => 'a',
        'ö' | 'ø' | 'ò' | 'ó' | 'ô' | 'õ' => 'o',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'ü' | 'ú' | 'ù' | 'û' => 'u',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ý' | 'ÿ' => 'y',
        'ç' => 'c',
        'ñ' => 'n',
        _ => c,
    }
}

/// How many edits a word of `len` characters may be away from what it meant:
/// none below three letters, one up to five, two from six.
pub fn allowance(len: usize) -> usize {
    match len {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    }
}

/// The edit distance between `a` and `b` when it is at most `max`, else None.
pub fn distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    // Three rows of the optimal-string-alignment table.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut row: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        row[0] = i;
        let mut best = row[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(before[j - 2] + 1);
            }
            row[j] = v;
            best = best.min(v);
        }
        if best > max {
            return None;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut row);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_swedish_and_other_diacritics() {
        assert_eq!(fold("försörjningsstöd"), "forsorjningsstod");
        assert_eq!(fold("arbetsträning"), "arbetstraning");
        assert_eq!(fold("idé"), "ide");
        assert_eq!(fold("kan24/22"), "kan24/22");
        assert_eq!(fold("år").chars().count(), 2);
    }

    #[test]
    fn distances() {
        assert_eq!(distance("insats", "insats", 2), Some(0));
        assert_eq!(
            distance("insatts", "insats", 2),
            Some(1),
            "one letter doubled"
        );
        assert_eq!(
            distance("isnats", "insats", 2),
            Some(1),
            "a swap is one edit"
        );
        assert_eq!(distance("arbetstraning", "arbetstraening", 2), Some(1));
        assert_eq!(distance("arbte", "arbete", 1), Some(1));
        assert_eq!(distance("kommun", "kommunal", 1), None);
        assert_eq!(distance("abc", "xyz", 2), None);
        assert_eq!(distance("", "ab", 2), Some(2));
    }

    #[test]
    fn allowance_grows_with_length() {
        assert_eq!(allowance(2), 0);
        assert_eq!(allowance(4), 1);
        assert_eq!(allowance(9), 2);
    }
}
