//! Data files the browser loads as scripts (so they work from `file://` as well as
//! over http): JSON raw-deflated and written in base 64 inside a callback, inflated in
//! the browser with `DecompressionStream("deflate-raw")`. Even with base 64's third
//! that is about a third of the JSON's bytes for HTML and text. Used by the search
//! index (`search::encode`) and the comparison data (`jamfor.js`).

use base64::Engine as _;

/// How hard to compress: text files are most of the bytes written (fast), the
/// manifest, shards and vocabulary are read by every query (small).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pack {
    /// libdeflate level 1: ~4 % larger than level 6 on section text, twice as fast.
    Fast,
    /// libdeflate level 9.
    Small,
}

const BASE64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

thread_local! {
    /// One compressor per level and thread (each holds large tables).
    static COMPRESSORS: std::cell::RefCell<Vec<(Pack, libdeflater::Compressor)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Raw deflate (no zlib or gzip header), as `DecompressionStream("deflate-raw")` reads.
fn deflate(bytes: &[u8], pack: Pack) -> Vec<u8> {
    COMPRESSORS.with(|cs| {
        let mut cs = cs.borrow_mut();
        let i = match cs.iter().position(|(p, _)| *p == pack) {
            Some(i) => i,
            None => {
                let level = match pack {
                    Pack::Fast => 1,
                    Pack::Small => 9,
                };
                let level = libdeflater::CompressionLvl::new(level).expect("a valid level");
                cs.push((pack, libdeflater::Compressor::new(level)));
                cs.len() - 1
            }
        };
        let c = &mut cs[i].1;
        let mut out = vec![0; c.deflate_compress_bound(bytes.len())];
        let n = c
            .deflate_compress(bytes, &mut out)
            .expect("the bound is large enough");
        out.truncate(n);
        out
    })
}

/// The inverse of [`deflate`] (None on corrupt data).
fn inflate(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut d = libdeflater::Decompressor::new();
    let mut size = bytes.len() * 4 + 64;
    loop {
        let mut out = vec![0; size];
        match d.deflate_decompress(bytes, &mut out) {
            Ok(n) => {
                out.truncate(n);
                return Some(out);
            }
            Err(libdeflater::DecompressionError::InsufficientSpace) if size < 1 << 30 => size *= 4,
            Err(_) => return None,
        }
    }
}

/// `bytes` raw-deflated, in base 64.
pub fn to_base64_deflated(bytes: &[u8], pack: Pack) -> String {
    BASE64.encode(deflate(bytes, pack))
}

/// The inverse of [`to_base64_deflated`] (None on bad base 64 or corrupt data).
pub fn from_base64_deflated(data: &str) -> Option<Vec<u8>> {
    inflate(&BASE64.decode(data).ok()?)
}

/// `callback("<base 64 of the raw-deflated JSON>");` (`json` must be valid JSON).
pub fn call(callback: &str, json: &str, pack: Pack) -> Vec<u8> {
    format!(
        "{callback}(\"{}\");\n",
        to_base64_deflated(json.as_bytes(), pack)
    )
    .into_bytes()
}

/// The JSON value inside a file written by [`call`] with `callback`.
pub fn uncall(callback: &str, bytes: &[u8]) -> Option<serde_json::Value> {
    let data = std::str::from_utf8(bytes)
        .ok()?
        .trim_end()
        .strip_prefix(callback)?
        .strip_prefix("(\"")?
        .strip_suffix("\");")?;
    serde_json::from_slice(&from_base64_deflated(data)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_round_trip_compressed() {
        let value = serde_json::json!({"html": "<p>a\u{2028}b \"c\" </script> åäö</p>".repeat(50)});
        for pack in [Pack::Fast, Pack::Small] {
            let bytes = call("cb", &value.to_string(), pack);
            let text = String::from_utf8(bytes.clone()).unwrap();
            assert!(text.starts_with("cb(\"") && text.is_ascii(), "{text}");
            assert!(
                bytes.len() < value.to_string().len() / 4,
                "repetitive text packs"
            );
            assert_eq!(uncall("cb", &bytes), Some(value.clone()));
            assert_eq!(uncall("other", &bytes), None);
        }
        assert_eq!(uncall("cb", b"cb(\"bm90IGRlZmxhdGU=\");"), None);
    }
}
