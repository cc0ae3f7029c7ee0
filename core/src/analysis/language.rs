//! The language of a corpus: its Snowball stemmer and its default stop words.
//!
//! Every Snowball algorithm `rust-stemmers` ships is offered. Chinese, Japanese and Korean
//! have no Snowball stemmer: their text is cut into bigrams (see `cjk`) under *every*
//! language, so `korean`, `chinese` and `japanese` only say how the Latin-script words
//! between the CJK text are treated (English stemming: product names, acronyms and English
//! terms are what such pages mix in).

use rust_stemmers::Algorithm;

/// The language of a corpus: it picks the stemmer and the default stop words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// No stemming and no stop words: words match as written (after lowercasing and folding).
    None,
    #[default]
    English,
    Danish,
    Dutch,
    Finnish,
    French,
    German,
    Italian,
    Norwegian,
    Portuguese,
    Romanian,
    Spanish,
    Swedish,
    Arabic,
    Greek,
    Hungarian,
    Russian,
    Tamil,
    Turkish,
    /// CJK bigrams (as under every language); Latin-script words stemmed as English.
    Chinese,
    Japanese,
    Korean,
}

impl Language {
    /// Every language, in code order (`code` is the index into this table, so new
    /// languages are appended: an image's code keeps its meaning).
    pub const ALL: [Language; 22] = [
        Language::None,
        Language::English,
        Language::Danish,
        Language::Dutch,
        Language::Finnish,
        Language::French,
        Language::German,
        Language::Italian,
        Language::Norwegian,
        Language::Portuguese,
        Language::Romanian,
        Language::Spanish,
        Language::Swedish,
        Language::Arabic,
        Language::Greek,
        Language::Hungarian,
        Language::Russian,
        Language::Tamil,
        Language::Turkish,
        Language::Chinese,
        Language::Japanese,
        Language::Korean,
    ];

    /// The configuration name (`language = "english"`).
    pub fn name(self) -> &'static str {
        match self {
            Language::None => "none",
            Language::English => "english",
            Language::Danish => "danish",
            Language::Dutch => "dutch",
            Language::Finnish => "finnish",
            Language::French => "french",
            Language::German => "german",
            Language::Italian => "italian",
            Language::Norwegian => "norwegian",
            Language::Portuguese => "portuguese",
            Language::Romanian => "romanian",
            Language::Spanish => "spanish",
            Language::Swedish => "swedish",
            Language::Arabic => "arabic",
            Language::Greek => "greek",
            Language::Hungarian => "hungarian",
            Language::Russian => "russian",
            Language::Tamil => "tamil",
            Language::Turkish => "turkish",
            Language::Chinese => "chinese",
            Language::Japanese => "japanese",
            Language::Korean => "korean",
        }
    }

    /// The language of a configuration name (case-insensitive), or `None`.
    pub fn from_name(name: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(name))
    }

    /// The byte stored in the index image.
    pub fn code(self) -> u8 {
        Language::ALL.iter().position(|&l| l == self).unwrap_or(1) as u8
    }

    /// The language of an image's code, or `None` for an unknown code.
    pub fn from_code(code: u8) -> Option<Language> {
        Language::ALL.get(code as usize).copied()
    }

    // Inlined so that a constant language folds to one stemmer: the wasm links only it.
    #[inline(always)]
    pub(crate) fn algorithm(self) -> Option<Algorithm> {
        Some(match self {
            Language::None => return None,
            Language::English | Language::Chinese | Language::Japanese | Language::Korean => {
                Algorithm::English
            }
            Language::Danish => Algorithm::Danish,
            Language::Dutch => Algorithm::Dutch,
            Language::Finnish => Algorithm::Finnish,
            Language::French => Algorithm::French,
            Language::German => Algorithm::German,
            Language::Italian => Algorithm::Italian,
            Language::Norwegian => Algorithm::Norwegian,
            Language::Portuguese => Algorithm::Portuguese,
            Language::Romanian => Algorithm::Romanian,
            Language::Spanish => Algorithm::Spanish,
            Language::Swedish => Algorithm::Swedish,
            Language::Arabic => Algorithm::Arabic,
            Language::Greek => Algorithm::Greek,
            Language::Hungarian => Algorithm::Hungarian,
            Language::Russian => Algorithm::Russian,
            Language::Tamil => Algorithm::Tamil,
            Language::Turkish => Algorithm::Turkish,
        })
    }

    /// True when this language's stemmer never changes a word's first two characters (after
    /// normalization), so a word can only stem to a term that starts as it does (see
    /// `analysis::Heads`). Found by stemming random words of each alphabet
    /// (`heads::tests`): Arabic strips prefixes (و, ال), Finnish undoubles a leading
    /// consonant pair ("kkö" → "ko"), Tamil drops leading syllables, Turkish rewrites the
    /// last consonant of a two-letter stem ("ucu" → "uç"); Greek passed the probe but its
    /// algorithm has whole-word rules a random probe cannot reach, so it is left out too.
    pub fn stems_keep_heads(self) -> bool {
        !matches!(
            self,
            Language::Arabic
                | Language::Finnish
                | Language::Greek
                | Language::Tamil
                | Language::Turkish
        )
    }

    /// The default stop words (normalized: lowercase, folded; sorted): see `stop_words`.
    pub fn stop_words(self) -> &'static [&'static str] {
        super::stop_words::for_language(self)
    }
}
