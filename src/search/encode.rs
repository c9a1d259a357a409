//! Compact encodings shared with `theme/static/search.js`: postings as base-64
//! variable-length integers in a JS string, and data files as script callbacks
//! (`styrdokSok("key","…");`) so they load from `file://` as well as over http. The
//! callback's argument is the JSON value compressed (raw deflate) and written in
//! base 64; the browser inflates it with `DecompressionStream("deflate-raw")`. Even
//! with base 64's third, that is about half the bytes of the JSON (text, shards,
//! vocabulary), so files may hold twice the data for the same download: one text
//! file per document instead of three, half as many shards.

use super::index::Posting;
pub use crate::packed::Pack;
use crate::packed::{from_base64_deflated, to_base64_deflated};

/// Digit alphabet: index 0..32 ends a number, 32..64 continues it (5 bits each).
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Name of the global callback every data file calls.
pub const CALLBACK: &str = "styrdokSok";

/// Appends `v` as little-endian 5-bit groups.
pub fn push_varint(out: &mut String, mut v: u64) {
    loop {
        let low = (v & 31) as usize;
        v >>= 5;
        if v == 0 {
            out.push(char::from(ALPHABET[low]));
            return;
        }
        out.push(char::from(ALPHABET[32 + low]));
    }
}

/// Reads the numbers of a varint string (None on a character outside the alphabet
/// or a number cut short).
pub fn read_varints(s: &str) -> Option<Vec<u64>> {
    let mut out = Vec::new();
    let (mut v, mut shift, mut open) = (0u64, 0u32, false);
    for b in s.bytes() {
        let d = ALPHABET.iter().position(|&a| a == b)? as u64;
        v |= (d & 31).checked_shl(shift)?;
        if d < 32 {
            out.push(v);
            (v, shift, open) = (0, 0, false);
        } else {
            shift += 5;
            open = true;
        }
    }
    (!open).then_some(out)
}

/// A postings list: per posting the entry gap, then weight·2 + part.
pub fn encode_postings(postings: &[Posting]) -> String {
    let mut out = String::with_capacity(postings.len() * 2);
    let mut next = 0u64;
    for p in postings {
        push_varint(&mut out, u64::from(p.entry) - next);
        push_varint(&mut out, (u64::from(p.weight) << 1) | u64::from(p.part));
        next = u64::from(p.entry) + 1;
    }
    out
}

/// The inverse of [`encode_postings`].
pub fn decode_postings(s: &str) -> Option<Vec<Posting>> {
    let nums = read_varints(s)?;
    if nums.len() % 2 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(nums.len() / 2);
    let mut next = 0u64;
    for pair in nums.chunks(2) {
        let entry = next + pair[0];
        if pair[1] >= 32 {
            return None;
        }
        out.push(Posting {
            entry: u32::try_from(entry).ok()?,
            weight: (pair[1] >> 1) as u8,
            part: pair[1] & 1 == 1,
        });
        next = entry + 1;
    }
    Some(out)
}

/// A data file: `styrdokSok("key","<base 64 of the raw-deflated JSON>");`.
pub fn script(key: &str, value: &serde_json::Value, pack: Pack) -> Vec<u8> {
    script_json(key, &value.to_string(), pack)
}

/// [`script`] of JSON already written (`json` must be valid JSON).
pub fn script_json(key: &str, json: &str, pack: Pack) -> Vec<u8> {
    let packed = to_base64_deflated(json.as_bytes(), pack);
    let mut out = Vec::with_capacity(packed.len() + key.len() + 32);
    out.extend_from_slice(CALLBACK.as_bytes());
    out.push(b'(');
    out.extend_from_slice(serde_json::Value::from(key).to_string().as_bytes());
    out.extend_from_slice(b",\"");
    out.extend_from_slice(packed.as_bytes());
    out.extend_from_slice(b"\");\n");
    out
}

/// The (key, JSON value) of a data file written by [`script`].
pub fn unscript(bytes: &[u8]) -> Option<(String, serde_json::Value)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let inner = text
        .trim_end()
        .strip_prefix(CALLBACK)?
        .strip_prefix('(')?
        .strip_suffix(");")?;
    let (key, data) = inner.split_once(',')?;
    let key: String = serde_json::from_str(key).ok()?;
    let data = data.strip_prefix('"')?.strip_suffix('"')?;
    let json = from_base64_deflated(data)?;
    Some((key, serde_json::from_slice(&json).ok()?))
}

/// First ten hex digits of the BLAKE3 hash of `bytes` (content-addressed names).
pub fn short_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex()[..10].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let values = [0, 1, 31, 32, 1023, 1024, 70_000, u64::from(u32::MAX)];
        let mut s = String::new();
        for v in values {
            push_varint(&mut s, v);
        }
        assert_eq!(read_varints(&s).unwrap(), values);
        assert_eq!(s.chars().next(), Some('A'));
        assert_eq!(read_varints("g"), None, "cut short");
        assert_eq!(read_varints("A*"), None, "outside the alphabet");
    }

    #[test]
    fn postings_round_trip_compactly() {
        let postings = vec![
            Posting {
                entry: 0,
                weight: 15,
                part: false,
            },
            Posting {
                entry: 1,
                weight: 1,
                part: true,
            },
            Posting {
                entry: 900,
                weight: 7,
                part: false,
            },
        ];
        let s = encode_postings(&postings);
        assert_eq!(decode_postings(&s).unwrap(), postings);
        // Neighbouring entries cost two characters each.
        assert_eq!(encode_postings(&postings[..2]).len(), 4);
    }

    #[test]
    fn scripts_round_trip_compressed() {
        let value = serde_json::json!({"t": "a\u{2028}b \"c\" </script> åäö ".repeat(50)});
        for pack in [Pack::Fast, Pack::Small] {
            let bytes = script("t/x", &value, pack);
            let text = String::from_utf8(bytes.clone()).unwrap();
            assert!(text.starts_with("styrdokSok(\"t/x\",\""), "{text}");
            assert!(text.is_ascii(), "base 64 only");
            assert!(
                bytes.len() < value.to_string().len() / 4,
                "repetitive text packs"
            );
            assert_eq!(
                unscript(&bytes).unwrap(),
                ("t/x".to_string(), value.clone())
            );
        }
        assert_eq!(unscript(b"styrdokSok(\"x\",\"bm90IGRlZmxhdGU=\");"), None);
    }
}
