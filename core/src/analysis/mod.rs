//! Analysis: the one analyzer that turns text into terms, used unchanged at index time
//! (inside build.rs) and at query time (inside the wasm).
//!
//! Stages, each a module tested on its own:
//! 1. **segment** (`segment`): words are maximal runs of letters and digits with their
//!    combining marks; a possessive `'s` is dropped. Chinese, Japanese and Korean runs are
//!    segments of their own, which **cjk** (`cjk`) cuts into overlapping bigrams at
//!    consecutive positions (under every language, so mixed-script sites work).
//! 2. **split identifiers** (`identifier`): `DataTransferItemList` yields the whole word and
//!    its parts at consecutive positions.
//! 3. **normalize** (`normalize`): NFC and width forms, lowercase, fold diacritics where that is safe per
//!    script (`Café` → `cafe`, `ș` → `s`, `ά` → `α`, full-width `Ａ` → `a`).
//! 4. **stem**: the Snowball stemmer of the index's [`Language`] (`language`; English,
//!    Porter2, by default; [`Language::None`] does not stem). CJK bigrams are not stemmed.
//!
//! Stop words (`stop_words`) are *not* removed here: BM25 already gives them almost no
//! weight, and people do search for `for`, `into`, `this` or `with` (all JavaScript words).
//! The query layer makes stop words optional instead; the list travels in the index image
//! (see `format`), built from [`Language::stop_words`] plus the site's own. Every token
//! keeps its position and its byte range in the original text; snippets and highlights use
//! them.

mod cjk;
mod heads;
mod identifier;
mod language;
mod lowercase;
mod normalize;
mod segment;
mod stop_words;
mod unicode_tables;

use std::borrow::Cow;

use rust_stemmers::Stemmer;

pub use heads::Heads;
pub use identifier::split_identifier;
pub use language::Language;
#[cfg(feature = "builder")]
pub(crate) use normalize::is_mark;
pub use normalize::{normalize, normalized_head};
pub use segment::{segment, segments, Segment};

/// One analyzed token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The indexed term: normalized and stemmed.
    pub term: String,
    /// Word position in the field. Identifier parts (and CJK bigrams) take consecutive
    /// positions; the whole identifier shares the position of its first part.
    pub position: u32,
    /// Byte range of the token in the analyzed text.
    pub start: usize,
    pub end: usize,
    /// True for the parts of a split identifier (the whole identifier has `part == false`),
    /// and at query time for the bigrams of a CJK word.
    pub part: bool,
}

/// The analyzer. Cheap to create; holds the stemmer.
pub struct Analyzer {
    stemmer: Option<Stemmer>,
    /// Whether the stemmer keeps a word's first two characters (see [`Heads`]).
    keeps_heads: bool,
}

impl Default for Analyzer {
    fn default() -> Self {
        Self::new()
    }
}

/// Words longer than this (in bytes) are not indexed: they are base64 blobs, hashes or
/// minified code, never something a person types. (CJK runs have no such limit: they are
/// cut into bigrams.)
pub const MAX_WORD_BYTES: usize = 64;

impl Analyzer {
    /// The English analyzer.
    pub fn new() -> Self {
        Self::for_language(Language::English)
    }

    /// The analyzer of `language`. With a constant `language`, only its stemmer is linked.
    #[inline(always)]
    pub fn for_language(language: Language) -> Self {
        Analyzer {
            stemmer: language.algorithm().map(Stemmer::create),
            keeps_heads: language.stems_keep_heads(),
        }
    }

    fn stem(&self, normalized: Cow<'_, str>) -> String {
        match &self.stemmer {
            Some(stemmer) => stemmer.stem(&normalized).into_owned(),
            None => normalized.into_owned(),
        }
    }

    /// Analyzes `text` into tokens, appended to `out` (cleared first).
    pub fn analyze_into(&self, text: &str, out: &mut Vec<Token>) {
        self.analyze_selected(text, out, &mut |_| true);
    }

    /// Like [`Analyzer::analyze_into`], but only words (as written) that pass `wanted` are
    /// normalized and stemmed; the others get an empty `term` (positions and offsets stay
    /// exact). The snippet stage uses this to skip words that cannot be a match.
    pub fn analyze_selected(
        &self,
        text: &str,
        out: &mut Vec<Token>,
        wanted: &mut dyn FnMut(&str) -> bool,
    ) {
        self.run(text, out, wanted, false);
    }

    /// Analyzes a query word or phrase: the same tokens as the index has, except that a CJK
    /// word of three or more characters comes as a whole token followed by its bigrams as
    /// parts (so search matches it as the phrase of its bigrams, like an identifier's
    /// parts), and a Korean word drops its trailing particle (see `cjk`).
    pub fn analyze_query(&self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        self.run(text, &mut out, &mut |_| true, true);
        out
    }

    fn run(
        &self,
        text: &str,
        out: &mut Vec<Token>,
        wanted: &mut dyn FnMut(&str) -> bool,
        query: bool,
    ) {
        out.clear();
        let mut position: u32 = 0;
        let mut parts: Vec<(usize, usize)> = Vec::new();
        let mut units = Vec::new();
        for Segment { start, end, cjk } in segments(text) {
            if cjk {
                cjk::push_run(
                    text,
                    start,
                    end,
                    &mut position,
                    query,
                    wanted,
                    &mut units,
                    out,
                );
                continue;
            }
            let word = &text[start..end];
            if word.len() > MAX_WORD_BYTES {
                position = position.saturating_add(1);
                continue;
            }
            let mut term = |word: &str| -> String {
                if wanted(word) {
                    self.stem(normalize(word))
                } else {
                    String::new()
                }
            };
            split_identifier(word, &mut parts);
            if parts.len() > 1 {
                out.push(Token {
                    term: term(word),
                    position,
                    start,
                    end,
                    part: false,
                });
                for &(ps, pe) in &parts {
                    out.push(Token {
                        term: term(&word[ps..pe]),
                        position,
                        start: start + ps,
                        end: start + pe,
                        part: true,
                    });
                    position = position.saturating_add(1);
                }
            } else {
                out.push(Token {
                    term: term(word),
                    position,
                    start,
                    end,
                    part: false,
                });
                position = position.saturating_add(1);
            }
        }
    }

    /// Analyzes `text` into a new vector of tokens.
    pub fn analyze(&self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        self.analyze_into(text, &mut out);
        out
    }

    /// Normalizes and stems one word (no segmentation).
    pub fn term(&self, word: &str) -> String {
        self.stem(normalize(word))
    }

    /// Normalizes one word without stemming: the form kept for "did you mean" and prefix lookups.
    pub fn normalize_word(&self, word: &str) -> String {
        normalize(word).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms_in(language: Language, text: &str) -> Vec<String> {
        Analyzer::for_language(language)
            .analyze(text)
            .into_iter()
            .map(|t| t.term)
            .collect()
    }

    fn terms(text: &str) -> Vec<String> {
        terms_in(Language::English, text)
    }

    #[test]
    fn stop_words_are_sorted_and_normalized() {
        for language in Language::ALL {
            let words = language.stop_words();
            let mut sorted = words.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted, words, "{language:?}");
            for w in words {
                assert_eq!(normalize(w), *w, "{language:?}");
                // One word each: the segmenter would not split it.
                assert_eq!(segment(w).count(), 1, "{language:?} {w}");
            }
            assert_eq!(Language::from_code(language.code()), Some(language));
            assert_eq!(Language::from_name(language.name()), Some(language));
        }
        assert!(Language::English.stop_words().contains(&"the"));
        assert!(!Language::English.stop_words().contains(&"for"));
    }

    #[test]
    fn language_codes_are_stable() {
        // Codes are stored in images: appending keeps old images readable.
        assert_eq!(Language::None.code(), 0);
        assert_eq!(Language::English.code(), 1);
        assert_eq!(Language::Swedish.code(), 12);
        assert_eq!(Language::from_code(Language::ALL.len() as u8), None);
    }

    #[test]
    fn language_none_does_not_stem() {
        assert_eq!(
            terms_in(Language::None, "Running Cafés"),
            ["running", "cafes"]
        );
        assert_eq!(
            Analyzer::for_language(Language::French).term("nationales"),
            "national"
        );
    }

    #[test]
    fn every_snowball_language_stems() {
        for (language, word, stem) in [
            (Language::Russian, "книгами", "книг"),
            (Language::Greek, "Αθήνας", "αθην"),
            (Language::Hungarian, "házakban", "haz"),
            (Language::Turkish, "kitaplar", "kitap"),
            (Language::Arabic, "بالكتاب", "كتاب"),
            (Language::Tamil, "பள்ளிகள்", "பள்ளி"),
            (Language::Romanian, "Științele", "stiint"),
        ] {
            assert_eq!(
                Analyzer::for_language(language).term(word),
                stem,
                "{language:?}"
            );
        }
    }

    #[test]
    fn stems_and_normalizes() {
        assert_eq!(terms("Deterrence deterring"), ["deterr", "deter"]);
        assert_eq!(terms("Café NAÏVE"), ["cafe", "naiv"]);
        assert_eq!(terms("semiconductors"), ["semiconductor"]);
        // Decomposed and precomposed text are one term.
        assert_eq!(terms("re\u{301}sume\u{301}"), terms("résumé"));
        assert_eq!(terms("re\u{301}sume\u{301}"), ["resum"]);
        // Full-width Latin is Latin.
        assert_eq!(terms("ＳＡＭＳＵＮＧ"), ["samsung"]);
    }

    #[test]
    fn cjk_runs_are_bigrams_and_latin_words_stay_words() {
        let text = "Samsung Electronics는 반도체 chips를 韩美同盟";
        let got: Vec<(String, &str)> = Analyzer::new()
            .analyze(text)
            .into_iter()
            .map(|t| (t.term, &text[t.start..t.end]))
            .collect();
        let expected = [
            ("samsung", "Samsung"),
            ("electron", "Electronics"),
            ("는", "는"),
            ("반도", "반도"),
            ("도체", "도체"),
            ("chip", "chips"),
            ("를", "를"),
            ("韩美", "韩美"),
            ("美同", "美同"),
            ("同盟", "同盟"),
        ];
        let expected: Vec<(String, &str)> =
            expected.iter().map(|&(t, s)| (t.to_owned(), s)).collect();
        assert_eq!(got, expected);
        let positions: Vec<u32> = Analyzer::new()
            .analyze(text)
            .iter()
            .map(|t| t.position)
            .collect();
        assert_eq!(positions, (0..10).collect::<Vec<u32>>());
    }

    #[test]
    fn long_cjk_runs_are_indexed() {
        let run = "韩美同盟".repeat(20);
        assert!(run.len() > MAX_WORD_BYTES);
        assert_eq!(Analyzer::new().analyze(&run).len(), 79);
    }

    #[test]
    fn query_analysis_groups_cjk_words_only() {
        let analyzer = Analyzer::new();
        for text in ["DataTransferItemList next", "Café résumé", "同盟", "年"] {
            assert_eq!(
                analyzer.analyze_query(text),
                analyzer.analyze(text),
                "{text}"
            );
        }
        let query = analyzer.analyze_query("韩美同盟");
        assert_eq!(query.len(), 4);
        assert!(!query[0].part && query[1..].iter().all(|t| t.part));
        let index: Vec<String> = analyzer
            .analyze("韩美同盟")
            .into_iter()
            .map(|t| t.term)
            .collect();
        let parts: Vec<String> = query[1..].iter().map(|t| t.term.clone()).collect();
        assert_eq!(parts, index);
    }

    #[test]
    fn splits_identifiers_and_keeps_the_whole() {
        let tokens = Analyzer::new().analyze("DataTransferItemList next");
        let got: Vec<(&str, u32, bool)> = tokens
            .iter()
            .map(|t| (t.term.as_str(), t.position, t.part))
            .collect();
        assert_eq!(
            got,
            [
                ("datatransferitemlist", 0, false),
                ("data", 0, true),
                ("transfer", 1, true),
                ("item", 2, true),
                ("list", 3, true),
                ("next", 4, false),
            ]
        );
    }

    #[test]
    fn offsets_point_into_the_text() {
        let text = "  «Camp David» summit ";
        for t in Analyzer::new().analyze(text) {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            assert!(t.start < t.end);
        }
    }

    #[test]
    fn skips_overlong_words_but_keeps_positions() {
        let long = "x".repeat(MAX_WORD_BYTES + 1);
        let tokens = Analyzer::new().analyze(&format!("a {long} b"));
        assert_eq!(tokens.len(), 2);
        assert_eq!(tokens[1].position, 2);
    }

    proptest::proptest! {
        #[test]
        fn any_text_analyzes_without_panicking(text in "\\PC{0,200}") {
            for tokens in [Analyzer::new().analyze(&text), Analyzer::new().analyze_query(&text)] {
                let mut last = 0;
                for t in &tokens {
                    proptest::prop_assert!(t.end <= text.len() && t.start < t.end);
                    proptest::prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                    proptest::prop_assert!(t.position >= last);
                    last = t.position;
                }
            }
        }

        #[test]
        fn selected_analysis_keeps_positions_and_offsets(text in "\\PC{0,120}") {
            let analyzer = Analyzer::new();
            let all = analyzer.analyze(&text);
            let mut none = Vec::new();
            analyzer.analyze_selected(&text, &mut none, &mut |_| false);
            proptest::prop_assert_eq!(all.len(), none.len());
            for (a, b) in all.iter().zip(&none) {
                proptest::prop_assert_eq!((a.position, a.start, a.end), (b.position, b.start, b.end));
                proptest::prop_assert!(b.term.is_empty());
            }
        }
    }
}
