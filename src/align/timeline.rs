//! The timeline of a series: every aligned section as one row over all years. Pure:
//! an `Alignment` in, rows in display order out.

use super::Alignment;

/// One row of the timeline: `row[e]` is the section of edition `e` on it, if any.
pub type TimelineRow = Vec<Option<usize>>;

/// Rows of linked sections, in the order to show them.
///
/// A row is a chain of sections linked year by year; where a section was split, its
/// first part continues the row and the other parts start rows of their own. Rows are
/// ordered as the newest year orders its sections; a row that ended earlier goes right
/// after the row it followed in the last year it existed.
pub fn timeline(al: &Alignment) -> Vec<TimelineRow> {
    let n = al.backward.len();
    let mut rows: Vec<TimelineRow> = Vec::new();
    // `row_of[e][i]`: the row of section `i` of edition `e`.
    let mut row_of: Vec<Vec<usize>> = Vec::with_capacity(n);
    for e in 0..n {
        let mut mine = Vec::with_capacity(al.backward[e].len());
        for (i, from) in al.backward[e].iter().enumerate() {
            let continued = (e > 0)
                .then(|| from.first().map(|&p| row_of[e - 1][p]))
                .flatten()
                .filter(|&r| rows[r][e].is_none());
            let r = continued.unwrap_or_else(|| {
                rows.push(vec![None; n]);
                rows.len() - 1
            });
            rows[r][e] = Some(i);
            mine.push(r);
        }
        row_of.push(mine);
    }
    let mut order: Vec<usize> = Vec::with_capacity(rows.len());
    let mut placed = vec![false; rows.len()];
    for mine in row_of.iter().rev() {
        let mut last: Option<usize> = None;
        for &r in mine {
            if placed[r] {
                last = order.iter().position(|&x| x == r);
            } else {
                let at = last.map_or(0, |l| l + 1).min(order.len());
                order.insert(at, r);
                placed[r] = true;
                last = Some(at);
            }
        }
    }
    order
        .into_iter()
        .map(|r| std::mem::take(&mut rows[r]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An alignment from `links[e]`: (section of edition e, section of edition e + 1),
    /// with `sizes[e]` sections in edition e.
    fn alignment(sizes: &[usize], links: &[&[(usize, usize)]]) -> Alignment {
        let mut al = Alignment {
            forward: sizes.iter().map(|&n| vec![Vec::new(); n]).collect(),
            backward: sizes.iter().map(|&n| vec![Vec::new(); n]).collect(),
            ids: Vec::new(),
        };
        for (e, pairs) in links.iter().enumerate() {
            for &(a, b) in pairs.iter() {
                al.forward[e][a].push(b);
                al.backward[e + 1][b].push(a);
            }
        }
        al
    }

    #[test]
    fn timeline_cases() {
        let n = None;
        #[allow(clippy::type_complexity)]
        let cases: &[(&str, &[usize], &[&[(usize, usize)]], &[&[Option<usize>]])] = &[
            ("no editions", &[], &[], &[]),
            ("one edition", &[2], &[], &[&[Some(0)], &[Some(1)]]),
            (
                "unchanged",
                &[2, 2],
                &[&[(0, 0), (1, 1)]],
                &[&[Some(0), Some(0)], &[Some(1), Some(1)]],
            ),
            (
                "added in the middle takes the newest order",
                &[2, 3],
                &[&[(0, 0), (1, 2)]],
                &[&[Some(0), Some(0)], &[n, Some(1)], &[Some(1), Some(2)]],
            ),
            (
                "removed goes after the row it followed",
                &[3, 2],
                &[&[(0, 0), (2, 1)]],
                &[&[Some(0), Some(0)], &[Some(1), n], &[Some(2), Some(1)]],
            ),
            (
                "removed first section goes first",
                &[2, 1],
                &[&[(1, 0)]],
                &[&[Some(0), n], &[Some(1), Some(0)]],
            ),
            (
                "split: the first part continues, the second starts a row",
                &[1, 2],
                &[&[(0, 0), (0, 1)]],
                &[&[Some(0), Some(0)], &[n, Some(1)]],
            ),
            (
                "merge: the row of the first source continues",
                &[2, 1],
                &[&[(0, 0), (1, 0)]],
                &[&[Some(0), Some(0)], &[Some(1), n]],
            ),
            (
                "moved: the newest order wins",
                &[2, 2],
                &[&[(0, 1), (1, 0)]],
                &[&[Some(1), Some(0)], &[Some(0), Some(1)]],
            ),
            (
                "gap year: a row that ended with nothing before it goes first",
                &[1, 0, 1],
                &[&[], &[]],
                &[&[Some(0), n, n], &[n, n, Some(0)]],
            ),
            (
                "three years, chain kept",
                &[1, 1, 2],
                &[&[(0, 0)], &[(0, 1)]],
                &[&[n, n, Some(0)], &[Some(0), Some(0), Some(1)]],
            ),
        ];
        for (name, sizes, links, expected) in cases {
            let got = timeline(&alignment(sizes, links));
            let expected: Vec<TimelineRow> = expected.iter().map(|r| r.to_vec()).collect();
            assert_eq!(got, expected, "{name}");
        }
    }
}
