//! Swedish stemming (Snowball, through rust-stemmers). `theme/static/search.js`
//! carries the same algorithm for queries; a browser test checks they agree.

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::Swedish))
}

/// The Snowball Swedish stem of a lower-case word.
pub fn stem(word: &str) -> String {
    stemmer().stem(word).into_owned()
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn inflections_share_a_stem() {
        assert_eq!(stem("insatser"), stem("insatsen"));
        assert_eq!(stem("insatser"), "insats");
        assert_eq!(stem("arbetsträningen"), stem("arbetsträning"));
        assert_eq!(stem("kommunerna"), stem("kommunens"));
    }

    #[test]
    fn swedish_letters_and_short_words() {
        assert_eq!(stem("bistånd"), "bistånd");
        assert_eq!(stem("åtgärderna"), "åtgärd");
        // Fewer than three letters before R1: left alone.
        assert_eq!(stem("år"), "år");
        assert_eq!(stem("mål"), "mål");
    }

    #[test]
    fn snowball_rules() {
        // Step 1 suffix, s-ending, consonant pair, other suffixes.
        assert_eq!(stem("kommunerna"), "kommun");
        assert_eq!(stem("hus"), "hus");
        assert_eq!(stem("barns"), "barn");
        assert_eq!(stem("kommunens"), "kommun");
        assert_eq!(stem("ekonomiskt"), "ekonomisk");
        assert_eq!(stem("möjlig"), "möj");
        assert_eq!(stem("kortfattat"), stem("kortfattad"));
    }
}
