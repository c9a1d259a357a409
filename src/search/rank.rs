//! Result order. Hits sort by their weakest match tier, then score, then newest year;
//! documents come in the order of their best hit, except that within a series the
//! newest year goes first unless an older year matches clearly better (a higher
//! tier, or more than 1.5 × the score); each document's hits stay together.
//! `theme/static/search.js` orders the same way.

use super::query::Hit;

/// Whether a document's best hit `a` is clearly better than `b`'s.
fn clearly_better(a: &Hit, b: &Hit) -> bool {
    a.tier > b.tier || (a.tier == b.tier && 2 * a.score > 3 * b.score)
}

/// Orders hits: documents as described above, each document's hits best first.
pub fn order(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_by(|a, b| {
        b.tier
            .cmp(&a.tier)
            .then(b.score.cmp(&a.score))
            .then(b.year.cmp(&a.year))
            .then(a.entry.cmp(&b.entry))
    });
    // Documents in order of their best hit, with their hits.
    let mut docs: Vec<Vec<Hit>> = Vec::new();
    for h in hits {
        match docs
            .iter_mut()
            .find(|d| d[0].series == h.series && d[0].year == h.year)
        {
            Some(d) => d.push(h),
            None => docs.push(vec![h]),
        }
    }
    // Within each series, refill the series' places in the newest-first order.
    let mut placed: Vec<Option<Vec<Hit>>> = docs.into_iter().map(Some).collect();
    let mut out_docs: Vec<Option<Vec<Hit>>> = vec![None; placed.len()];
    for i in 0..placed.len() {
        let Some(series) = placed[i].as_ref().map(|d| d[0].series.clone()) else {
            continue;
        };
        let places: Vec<usize> = (i..placed.len())
            .filter(|&j| placed[j].as_ref().is_some_and(|d| d[0].series == series))
            .collect();
        let mut remaining: Vec<Vec<Hit>> = places
            .iter()
            .map(|&j| placed[j].take().expect("present"))
            .collect();
        remaining.sort_by(|a, b| b[0].year.cmp(&a[0].year));
        for &slot in &places {
            // The newest remaining year, unless another is clearly better: then the best.
            let best = (0..remaining.len())
                .max_by(|&x, &y| {
                    let (a, b) = (&remaining[x][0], &remaining[y][0]);
                    (a.tier, a.score, a.year).cmp(&(b.tier, b.score, b.year))
                })
                .expect("as many documents as places");
            let pick = if clearly_better(&remaining[best][0], &remaining[0][0]) {
                best
            } else {
                0
            };
            out_docs[slot] = Some(remaining.remove(pick));
        }
    }
    out_docs.into_iter().flatten().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(entry: u32, series: &str, year: i32, tier: u8, score: i64) -> Hit {
        Hit {
            entry,
            series: series.into(),
            year,
            tier,
            score,
        }
    }

    fn order_of(hits: Vec<Hit>) -> Vec<u32> {
        order(hits).iter().map(|h| h.entry).collect()
    }

    #[test]
    fn newest_year_first_within_a_series_unless_clearly_worse() {
        // 2024 scores a little higher than 2026: 2026 still comes first.
        let hits = vec![
            hit(1, "a", 2024, 5, 1100),
            hit(2, "a", 2025, 5, 1000),
            hit(3, "a", 2026, 5, 1050),
            hit(9, "b", 2019, 5, 1080),
        ];
        assert_eq!(order_of(hits), [3, 9, 2, 1]);
        // A much better older year stays ahead.
        let hits = vec![hit(1, "a", 2024, 5, 2000), hit(3, "a", 2026, 5, 1000)];
        assert_eq!(order_of(hits), [1, 3]);
        // A better tier also counts as clearly better.
        let hits = vec![hit(1, "a", 2024, 5, 100), hit(3, "a", 2026, 3, 100)];
        assert_eq!(order_of(hits), [1, 3]);
    }

    #[test]
    fn hits_of_a_document_stay_together() {
        let hits = vec![
            hit(1, "a", 2026, 5, 900),
            hit(5, "b", 2020, 5, 800),
            hit(2, "a", 2026, 5, 700),
        ];
        assert_eq!(order_of(hits), [1, 2, 5]);
    }
}
