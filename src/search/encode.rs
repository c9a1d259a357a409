//! Compact encodings shared with `theme/static/search.js`: postings as base-64
//! variable-length integers in a JS string, and data files as script callbacks
//! (`styrdokSok("key", {...});`) so they load from `file://` as well as over http.

use super::index::Posting;

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

/// A postings list: per posting the entry gap, then chunk·32 + weight·2 + part.
pub fn encode_postings(postings: &[Posting]) -> String {
    let mut out = String::with_capacity(postings.len() * 2);
    let mut next = 0u64;
    for p in postings {
        push_varint(&mut out, u64::from(p.entry) - next);
        push_varint(
            &mut out,
            (u64::from(p.chunk) << 5) | (u64::from(p.weight) << 1) | u64::from(p.part),
        );
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
        out.push(Posting {
            entry: u32::try_from(entry).ok()?,
            weight: ((pair[1] >> 1) & 15) as u8,
            part: pair[1] & 1 == 1,
            chunk: u32::try_from(pair[1] >> 5).ok()?,
        });
        next = entry + 1;
    }
    Some(out)
}

/// A data file: `styrdokSok("key",json);`. JSON is JS, once the two line
/// separators JS strings once rejected are escaped.
pub fn script(key: &str, value: &serde_json::Value) -> Vec<u8> {
    let json = value
        .to_string()
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    format!("{CALLBACK}({},{json});\n", serde_json::Value::from(key)).into_bytes()
}

/// The (key, JSON value) of a data file written by [`script`].
pub fn unscript(bytes: &[u8]) -> Option<(String, serde_json::Value)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let inner = text
        .trim_end()
        .strip_prefix(CALLBACK)?
        .strip_prefix('(')?
        .strip_suffix(");")?;
    let mut stream = serde_json::Deserializer::from_str(inner).into_iter::<serde_json::Value>();
    let key = stream.next()?.ok()?;
    let rest = inner.get(stream.byte_offset()..)?.strip_prefix(',')?;
    Some((key.as_str()?.to_string(), serde_json::from_str(rest).ok()?))
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
                chunk: 0,
            },
            Posting {
                entry: 1,
                weight: 1,
                part: true,
                chunk: 0,
            },
            Posting {
                entry: 900,
                weight: 7,
                part: false,
                chunk: 40,
            },
        ];
        let s = encode_postings(&postings);
        assert_eq!(decode_postings(&s).unwrap(), postings);
        // Neighbouring entries in chunk 0 cost two characters each.
        assert_eq!(encode_postings(&postings[..2]).len(), 4);
    }

    #[test]
    fn scripts_round_trip_and_escape_line_separators() {
        let value = serde_json::json!({"t": "a\u{2028}b \"c\" </script>"});
        let bytes = script("t/x", &value);
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.starts_with("styrdokSok(\"t/x\",{"));
        assert!(!text.contains('\u{2028}'));
        assert_eq!(unscript(&bytes).unwrap(), ("t/x".to_string(), value));
    }
}
