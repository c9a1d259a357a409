//! How alike two sections of consecutive years are: the pair score (title, text,
//! position, level) and the set measures behind it.

use super::features::{Features, Vocabulary};

/// Score of every pair `(a, b)`, at `a * fb.len() + b`.
pub(super) fn pair_scores(fa: &[Features], fb: &[Features], vocabulary: Vocabulary) -> Vec<f32> {
    let texts = shared(
        fa,
        fb,
        vocabulary.words,
        |f| f.text_vec.iter().copied(),
        0.0,
        |dot, wa, wb| dot + wa * wb,
    );
    let count = |n: u32, _: (), _: ()| n + 1;
    let title_words = shared(
        fa,
        fb,
        vocabulary.title_words,
        |f| f.title_words.iter().map(|&w| (w, ())),
        0,
        count,
    );
    let title_grams = shared(
        fa,
        fb,
        vocabulary.title_grams,
        |f| f.title_grams.iter().map(|&g| (g, ())),
        0,
        count,
    );
    let width = fb.len();
    let mut scores = Vec::with_capacity(fa.len() * width);
    for (a, x) in fa.iter().enumerate() {
        for (b, y) in fb.iter().enumerate() {
            let k = a * width + b;
            let title = title_similarity(x, y, title_words[k], title_grams[k]);
            scores.push(score(x, y, title, texts[k]));
        }
    }
    scores
}

/// `text`: the cosine of the two text vectors (used when both have words).
fn score(x: &Features, y: &Features, title: f32, text: f32) -> f32 {
    let pos = 1.0 - (x.position - y.position).abs();
    let level = if x.level == y.level { 1.0 } else { 0.0 };
    let s = match (x.text_vec.is_empty(), y.text_vec.is_empty()) {
        (false, false) => 0.4 * title + 0.45 * text + 0.1 * pos + 0.05 * level,
        (true, true) => 0.8 * title + 0.1 * pos + 0.1 * level,
        _ => 0.65 * title + 0.1 * pos + 0.05 * level,
    };
    // An identical title is strong evidence on its own (the text of "Giltighetstid" changes every year).
    if x.title_norm == y.title_norm && !x.title_norm.is_empty() {
        s.max(0.5 + 0.1 * pos + 0.05 * level)
    } else {
        s
    }
}

/// From the numbers of title words and trigrams the two titles share.
fn title_similarity(x: &Features, y: &Features, words: u32, grams: u32) -> f32 {
    if x.title_norm == y.title_norm {
        return 1.0;
    }
    let words = jaccard(x.title_words.len(), y.title_words.len(), words as usize);
    words.max(dice(
        x.title_grams.len(),
        y.title_grams.len(),
        grams as usize,
    ))
}

/// For every pair `(a, b)`, at `a * fb.len() + b`: `add` folded from `zero` over the
/// ids that `ids` gives both sections, in ascending id order (`ids` yields them so),
/// as a merge of the two sorted lists would — float sums come out the same to the bit.
/// Through an inverted index of `fb`, so ids not shared cost nothing.
fn shared<'f, W, A, I>(
    fa: &'f [Features],
    fb: &'f [Features],
    vocabulary: usize,
    ids: impl Fn(&'f Features) -> I,
    zero: A,
    add: impl Fn(A, W, W) -> A,
) -> Vec<A>
where
    W: Copy + Default,
    A: Copy,
    I: Iterator<Item = (u32, W)>,
{
    // Postings of `fb` in one array: `starts[id]..starts[id + 1]` holds `(section, weight)`.
    let mut starts = vec![0u32; vocabulary + 1];
    for y in fb {
        for (id, _) in ids(y) {
            starts[id as usize + 1] += 1;
        }
    }
    for id in 0..vocabulary {
        starts[id + 1] += starts[id];
    }
    let mut fill = starts.clone();
    let mut postings = vec![(0u32, W::default()); starts[vocabulary] as usize];
    for (b, y) in fb.iter().enumerate() {
        for (id, weight) in ids(y) {
            postings[fill[id as usize] as usize] = (b as u32, weight);
            fill[id as usize] += 1;
        }
    }
    let width = fb.len();
    let mut out = vec![zero; fa.len() * width];
    for (x, row) in fa.iter().zip(out.chunks_mut(width.max(1))) {
        for (id, wa) in ids(x) {
            let list = &postings[starts[id as usize] as usize..starts[id as usize + 1] as usize];
            for &(b, wb) in list {
                row[b as usize] = add(row[b as usize], wa, wb);
            }
        }
    }
    out
}

/// Share of `part` (sorted) found in `whole` (sorted).
pub(super) fn containment(part: &[u64], whole: &[u64]) -> f32 {
    if part.is_empty() {
        return 0.0;
    }
    let hits = part
        .iter()
        .filter(|s| whole.binary_search(s).is_ok())
        .count();
    hits as f32 / part.len() as f32
}

/// `common` shared of two sets of sizes `a` and `b`, over their union.
fn jaccard(a: usize, b: usize, common: usize) -> f32 {
    let union = a + b - common;
    if union == 0 {
        0.0
    } else {
        common as f32 / union as f32
    }
}

/// `common` shared of two sets of sizes `a` and `b`, over their mean size.
fn dice(a: usize, b: usize, common: usize) -> f32 {
    if a == 0 || b == 0 {
        return 0.0;
    }
    2.0 * common as f32 / (a + b) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(text_vec: Vec<(u32, f32)>) -> Features {
        Features {
            title_words: Vec::new(),
            title_grams: Vec::new(),
            title_norm: String::new(),
            text_vec,
            shingles: Vec::new(),
            position: 0.0,
            level: 1,
        }
    }

    /// The cosine as a merge of two sorted vectors: what the inverted index must equal.
    fn cosine_merge(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
        let (mut i, mut j, mut dot) = (0, 0, 0.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot
    }

    #[test]
    fn inverted_index_cosines_equal_the_merge_to_the_bit() {
        // Weights with many significant bits, so a different order of additions would show.
        let vec = |ids: &[u32], seed: f32| -> Vec<(u32, f32)> {
            ids.iter()
                .map(|&w| (w, (seed * (w as f32 + 1.3)).sin().abs() / 3.7))
                .collect()
        };
        let fa = vec![
            section(vec(&[0, 2, 3, 5, 8, 9], 0.7)),
            section(Vec::new()),
            section(vec(&[1, 2, 5, 9], 1.9)),
        ];
        let fb = vec![
            section(vec(&[2, 3, 5, 9], 2.3)),
            section(vec(&[0, 1, 4, 8, 9], 0.3)),
            section(Vec::new()),
            section(vec(&[6, 7], 1.1)),
        ];
        let cosines = |fa: &[Features], fb: &[Features]| {
            shared(
                fa,
                fb,
                10,
                |f| f.text_vec.iter().copied(),
                0.0,
                |d, a, b| d + a * b,
            )
        };
        let dots = cosines(&fa, &fb);
        assert_eq!(dots.len(), 12);
        for (a, x) in fa.iter().enumerate() {
            for (b, y) in fb.iter().enumerate() {
                let merged = cosine_merge(&x.text_vec, &y.text_vec);
                assert_eq!(dots[a * 4 + b].to_bits(), merged.to_bits(), "{a} {b}");
            }
        }
        assert!(cosines(&[], &fb).is_empty());
        assert!(cosines(&fa, &[]).is_empty());
    }
}
