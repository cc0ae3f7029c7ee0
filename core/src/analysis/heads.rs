//! Skipping the stemmer on words that cannot match: a Snowball stemmer of most languages only
//! rewrites suffixes, so a word stems to a wanted term only when its first two characters are
//! those of the term (or the term is shorter). The snippet stage analyzes stored text
//! against a handful of query terms; stemming was most of its time (MDN dev, native:
//! `Analyzer::stem` 25 % of ranking when the title re-ranking analyzed titles this way too;
//! it now keeps each title's whole analysis, `search::title`).

use super::{normalized_head, Analyzer, Token};
use crate::sort::sort_by;

/// The first two characters of a set of terms, each packed into a `u64` ([`pack`]), sorted.
#[derive(Debug, Clone, Default)]
pub struct Heads {
    heads: Vec<u64>,
}

/// The first (up to) two characters of `s`.
fn head(s: &str) -> &str {
    let end = s.char_indices().nth(2).map_or(s.len(), |(i, _)| i);
    &s[..end]
}

/// The bytes of a head (two characters: at most 8 bytes of UTF-8) as one integer, so that a
/// lookup compares integers: with the heads as strings, `memcmp` was 5 % of search with
/// snippets on MDN dev (perf). Two heads share a number only when one is the other plus NUL
/// bytes, and then a word is stemmed for nothing, never skipped wrongly.
fn pack(h: &str) -> u64 {
    let mut bytes = [0u8; 8];
    for (slot, &b) in bytes.iter_mut().zip(h.as_bytes()) {
        *slot = b;
    }
    u64::from_le_bytes(bytes)
}

impl Heads {
    pub fn new<'a>(terms: impl IntoIterator<Item = &'a str>) -> Self {
        let mut heads: Vec<u64> = terms.into_iter().map(|t| pack(head(t))).collect();
        sort_by(&mut heads, |a, b| a.cmp(b));
        heads.dedup();
        Heads { heads }
    }

    /// True when a word whose normalized head (first two characters) is `h` could stem to
    /// a wanted term: a head is wanted when it is one of the terms' heads or starts with a
    /// one-character one. Binary searches: a query may have thousands of terms.
    pub fn wanted(&self, h: &str) -> bool {
        let found = |x: &str| self.heads.binary_search(&pack(x)).is_ok();
        if found(h) || (!h.is_empty() && found("")) {
            return true;
        }
        let first = h.chars().next().map_or(0, char::len_utf8);
        first < h.len() && found(&h[..first])
    }
}

impl Analyzer {
    /// Analyzes `text` into `out` (cleared first) like [`Analyzer::analyze_into`], except that
    /// a word that cannot stem to a term of `heads` gets an empty `term` (positions and
    /// offsets stay exact). With a stemmer that may rewrite a word's start
    /// ([`super::Language::stems_keep_heads`]) every word is analyzed.
    pub fn analyze_for(&self, text: &str, heads: &Heads, out: &mut Vec<Token>) {
        if !self.keeps_heads {
            return self.analyze_into(text, out);
        }
        let mut h = String::new();
        let mut wanted = |word: &str| {
            normalized_head(word, 2, &mut h);
            heads.wanted(&h)
        };
        self.analyze_selected(text, out, &mut wanted);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{normalize, Language};
    use super::*;
    use std::borrow::Cow;

    /// Letters of each stemmed language's alphabet (accented forms included: they fold).
    const ALPHABETS: [(Language, &str); 17] = [
        (Language::English, "abcdefghijklmnopqrstuvwxyz'"),
        (Language::Danish, "abcdefghijklmnopqrstuvwxyzæøå"),
        (Language::Dutch, "abcdefghijklmnopqrstuvwxyzèéëïü"),
        (Language::Finnish, "abcdefghijklmnopqrstuvwxyzäö"),
        (Language::French, "abcdefghijklmnopqrstuvwxyzéèêàçùûôîïëü"),
        (Language::German, "abcdefghijklmnopqrstuvwxyzäöüß"),
        (Language::Italian, "abcdefghijklmnopqrstuvwxyzàèéìòù"),
        (Language::Norwegian, "abcdefghijklmnopqrstuvwxyzæøå"),
        (
            Language::Portuguese,
            "abcdefghijklmnopqrstuvwxyzãõáéíóúâêôçà",
        ),
        (Language::Romanian, "abcdefghijklmnopqrstuvwxyzăâîșțşţ"),
        (Language::Spanish, "abcdefghijklmnopqrstuvwxyzáéíóúñü"),
        (Language::Swedish, "abcdefghijklmnopqrstuvwxyzåäö"),
        (Language::Arabic, "ابتثجحخدذرسشصضطظعغفقكلمنهويةىءأإآؤئ"),
        (Language::Hungarian, "abcdefghijklmnopqrstuvwxyzáéíóöőúüű"),
        (Language::Russian, "абвгдежзийклмнопрстуфхцчшщъыьэюяё"),
        (Language::Tamil, "அஆஇஈஉஊஎஏஐஒஓஔகஙசஞடணதநபமயரலவழளறனாிீுூெேைொோௌ்"),
        (Language::Turkish, "abcçdefgğhıijklmnoöprsştuüvyz"),
    ];

    /// Random words of 1–10 letters (xorshift: deterministic, no dependency).
    fn words(alphabet: &str, n: usize, mut seed: u64) -> Vec<String> {
        let letters: Vec<char> = alphabet.chars().collect();
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        (0..n)
            .map(|_| {
                let len = 1 + (next() % 10) as usize;
                (0..len)
                    .map(|_| letters[(next() >> 33) as usize % letters.len()])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_stem_keeps_its_word_head_where_the_language_says_so() {
        for (language, alphabet) in ALPHABETS {
            let analyzer = Analyzer::for_language(language);
            let mut broken = 0;
            // The segmenter starts a word at a letter or digit, never at an apostrophe.
            let words = words(alphabet, 20_000, 0x9E37_79B9_7F4A_7C15);
            for word in words.iter().filter(|w| !w.starts_with('\'')) {
                let normal = normalize(word).into_owned();
                let term = analyzer.stem(Cow::Borrowed(&normal));
                let mut h = String::new();
                normalized_head(word, 2, &mut h);
                if !term.is_empty() && !Heads::new([term.as_str()]).wanted(&h) {
                    broken += 1;
                }
            }
            // Each language the probe finds breaking must be declared, and no declared one
            // may break: the skip would then miss real matches.
            if language.stems_keep_heads() {
                assert_eq!(broken, 0, "{language:?} rewrote {broken} word heads");
            }
        }
        for language in [Language::Arabic, Language::Finnish, Language::Turkish] {
            assert!(!language.stems_keep_heads(), "{language:?}");
        }
    }

    #[test]
    fn analyze_for_gives_the_same_terms_where_they_can_match() {
        let text = "Closing the closed HIDDevice: closes, closures and CloseEvent.";
        for language in [Language::English, Language::Arabic] {
            let analyzer = Analyzer::for_language(language);
            let mut all = Vec::new();
            analyzer.analyze_into(text, &mut all);
            let wanted = ["close", "hid"];
            let mut some = Vec::new();
            analyzer.analyze_for(text, &Heads::new(wanted), &mut some);
            assert_eq!(all.len(), some.len());
            for (a, s) in all.iter().zip(&some) {
                assert_eq!(
                    (a.start, a.end, a.position, a.part),
                    (s.start, s.end, s.position, s.part)
                );
                if wanted.contains(&a.term.as_str()) {
                    assert_eq!(a.term, s.term);
                }
            }
            if language.stems_keep_heads() {
                assert!(some.iter().any(|t| t.term == "close"));
                assert!(
                    some.iter().any(|t| t.term.is_empty()),
                    "the skip skipped nothing"
                );
            } else {
                assert_eq!(all, some);
            }
        }
    }
}
