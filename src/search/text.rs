//! Text chunks: the section texts of one document packed into files of about six
//! kilobytes, so a result's snippet costs one small download and a typical document
//! two or three files. The size balances two costs measured on the medium corpus:
//! 2 KB chunks made 14 files per document (on a disk where every file costs ~0.3 ms
//! to create and again to delete), one file per document (~14 KB) made a query
//! download 0.63 × Pagefind's bytes (the goal is at most 0.5).
//! A posting names the chunk (within its document) holding the first match.

/// Target size of one chunk file's text, in bytes.
pub const CHUNK_TARGET: usize = 6000;
/// Longest piece of one section's text, in bytes (a longer section may start a new
/// chunk at a piece boundary).
const PIECE_MAX: usize = 2000;

/// A part of a section's text inside one chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slice {
    /// Index of the entry within its document.
    pub local: usize,
    /// Byte range in the entry's text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

/// How one document's texts are chunked.
#[derive(Debug, Default)]
pub struct Chunking {
    /// Chunks in order; each lists its slices.
    pub chunks: Vec<Vec<Slice>>,
    /// Per entry: (text offset where a slice starts, chunk index), in order.
    starts: Vec<Vec<(usize, usize)>>,
}

impl Chunking {
    /// Chunks the texts of one document's entries (in order).
    pub fn new(texts: &[&str]) -> Chunking {
        let mut c = Chunking {
            chunks: vec![Vec::new()],
            starts: vec![Vec::new(); texts.len()],
        };
        let mut size = 0;
        for (local, text) in texts.iter().enumerate() {
            for (start, end) in pieces(text) {
                let len = end - start;
                let full = c.chunks.last().is_some_and(|ch| !ch.is_empty());
                if full && size + len > CHUNK_TARGET {
                    c.chunks.push(Vec::new());
                    size = 0;
                }
                let k = c.chunks.len() - 1;
                let chunk = &mut c.chunks[k];
                match chunk.last_mut() {
                    // The next piece of the same section extends its slice.
                    Some(s) if s.local == local && s.end == start => s.end = end,
                    _ => {
                        chunk.push(Slice { local, start, end });
                        c.starts[local].push((start, k));
                    }
                }
                size += len;
            }
        }
        c
    }

    /// The chunk holding byte `offset` of entry `local`'s text.
    pub fn chunk_of(&self, local: usize, offset: usize) -> usize {
        let starts = &self.starts[local];
        let i = starts.partition_point(|(s, _)| *s <= offset);
        starts[i.saturating_sub(1)].1
    }
}

/// Splits `text` into consecutive byte ranges covering all of it, each at most
/// `PIECE_MAX` bytes where a line break or space allows. An empty text is one empty piece.
fn pieces(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    while text.len() - start > PIECE_MAX {
        let window = &text[start..floor_char(text, start + PIECE_MAX)];
        let cut = window
            .rfind('\n')
            .or_else(|| window.rfind(' '))
            .filter(|&c| c > 0)
            .map(|c| c + 1)
            .unwrap_or(window.len());
        out.push((start, start + cut));
        start += cut;
    }
    out.push((start, text.len()));
    out
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_cover_the_text_and_stay_small() {
        let text = "ord ".repeat(400) + "\nslut";
        let p = pieces(&text);
        assert_eq!(p[0].0, 0);
        assert_eq!(p.last().unwrap().1, text.len());
        for w in p.windows(2) {
            assert_eq!(w[0].1, w[1].0);
        }
        assert!(p.iter().all(|(s, e)| e - s <= PIECE_MAX));
        // Multibyte characters are never cut.
        let text = "å".repeat(600);
        assert!(pieces(&text)
            .iter()
            .all(|(s, e)| text.is_char_boundary(*s) && text.is_char_boundary(*e)));
    }

    #[test]
    fn small_sections_share_a_chunk_and_long_ones_spread() {
        let long = "mening ".repeat(2 * CHUNK_TARGET / 7 + 10);
        let texts = ["kort", "", long.as_str(), "sista"];
        let c = Chunking::new(&texts);
        assert_eq!(c.chunk_of(0, 0), 0);
        assert_eq!(c.chunk_of(1, 0), 0, "an empty section still has a chunk");
        assert!(c.chunks.len() >= 3);
        let last = c.chunk_of(2, long.len() - 1);
        assert!(last > c.chunk_of(2, 0));
        // Every byte of every text is in exactly one slice.
        for (local, t) in texts.iter().enumerate() {
            let covered: usize = c
                .chunks
                .iter()
                .flatten()
                .filter(|s| s.local == local)
                .map(|s| s.end - s.start)
                .sum();
            assert_eq!(covered, t.len());
        }
        assert!(c
            .chunks
            .iter()
            .all(|ch| ch.iter().map(|s| s.end - s.start).sum::<usize>() <= CHUNK_TARGET));
    }
}
