//! Analysis: the one analyzer that turns text into terms, used unchanged at index time
//! (inside build.rs) and at query time (inside the wasm).
//!
//! Stages, each a small function tested on its own:
//! 1. **segment**: a word is a maximal run of alphanumeric characters. Everything else
//!    separates words (`Map.prototype.entries()` → `Map`, `prototype`, `entries`). A possessive
//!    `'s`/`’s` is dropped (`Korea's` → `Korea`).
//! 2. **split identifiers**: a word with inner case changes (`DataTransferItemList`,
//!    `XMLHttpRequest`) yields its parts at consecutive positions *and* the whole word at the
//!    first part's position, so `datatransferitemlist`, `DataTransferItemList` and
//!    `transfer item list` all find the page.
//! 3. **normalize**: lowercase and fold Latin diacritics (`Café` → `cafe`).
//! 4. **stem**: the Snowball stemmer of the index's [`Language`] (English, Porter2, by
//!    default; [`Language::None`] does not stem).
//!
//! Stop words are *not* removed here: BM25 already gives them almost no weight, and people do
//! search for `for`, `into`, `this` or `with` (all JavaScript words). The query layer makes stop
//! words optional instead; the list travels in the index image (see `format`), built from
//! [`Language::stop_words`] plus the site's own. Every token keeps its position and its byte range
//! in the original text; snippets and highlights use them.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};

/// One analyzed token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The indexed term: normalized and stemmed.
    pub term: String,
    /// Word position in the field. Identifier parts take consecutive positions; the whole
    /// identifier shares the position of its first part.
    pub position: u32,
    /// Byte range of the token in the analyzed text.
    pub start: usize,
    pub end: usize,
    /// True for the parts of a split identifier (the whole identifier has `part == false`).
    pub part: bool,
}

/// The analyzer. Cheap to create; holds the stemmer.
pub struct Analyzer {
    stemmer: Option<Stemmer>,
}

impl Default for Analyzer {
    fn default() -> Self {
        Self::new()
    }
}

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
}

impl Language {
    /// Every language, in code order (`code` is the index into this table).
    pub const ALL: [Language; 13] = [
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
    fn algorithm(self) -> Option<Algorithm> {
        Some(match self {
            Language::None => return None,
            Language::English => Algorithm::English,
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
        })
    }

    /// The default stop words (lowercase, unaccented, sorted): the most frequent function
    /// words only. Longer lists (lunr's, elasticlunr's) drop words people search for.
    pub fn stop_words(self) -> &'static [&'static str] {
        match self {
            Language::None => &[],
            Language::English => STOP_WORDS,
            Language::Danish => &[
                "af", "at", "de", "den", "der", "det", "en", "er", "et", "for", "i", "med", "og",
                "om", "pa", "som", "til",
            ],
            Language::Dutch => &[
                "aan", "de", "een", "en", "het", "in", "is", "met", "of", "op", "te", "van", "voor",
            ],
            Language::Finnish => &["etta", "ja", "on", "ovat", "se", "tai"],
            Language::French => &[
                "a", "au", "aux", "d", "de", "des", "du", "en", "est", "et", "l", "la", "le",
                "les", "ou", "par", "pour", "sur", "un", "une",
            ],
            Language::German => &[
                "das", "dem", "den", "der", "des", "die", "ein", "eine", "einen", "einer", "im",
                "in", "ist", "mit", "oder", "und", "von", "zu", "zum", "zur",
            ],
            Language::Italian => &[
                "a", "al", "alla", "che", "da", "dei", "del", "della", "di", "e", "gli", "i", "il",
                "in", "la", "le", "lo", "per", "un", "una",
            ],
            Language::Norwegian => &[
                "av", "de", "den", "det", "en", "er", "et", "for", "i", "med", "og", "om", "pa",
                "som", "til",
            ],
            Language::Portuguese => &[
                "a", "as", "da", "das", "de", "do", "dos", "e", "em", "na", "no", "o", "os", "ou",
                "para", "por", "um", "uma",
            ],
            Language::Romanian => &[
                "a", "al", "cu", "de", "din", "este", "in", "la", "o", "pe", "si", "un",
            ],
            Language::Spanish => &[
                "a", "al", "de", "del", "el", "en", "es", "la", "las", "lo", "los", "o", "para",
                "por", "un", "una", "y",
            ],
            Language::Swedish => &[
                "av", "de", "den", "det", "en", "ett", "for", "i", "med", "och", "om", "pa", "som",
                "till",
            ],
        }
    }
}

/// Words longer than this (in bytes) are not indexed: they are base64 blobs, hashes or
/// minified code, never something a person types.
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
        out.clear();
        let mut position: u32 = 0;
        let mut parts: Vec<(usize, usize)> = Vec::new();
        let mut term = |word: &str| -> String {
            if wanted(word) {
                self.stem(normalize(word))
            } else {
                String::new()
            }
        };
        for (start, end) in segment(text) {
            let word = &text[start..end];
            if word.len() > MAX_WORD_BYTES {
                position = position.saturating_add(1);
                continue;
            }
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

/// Is `c` a word character? ASCII is decided without Unicode tables.
#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

/// The character at byte `i` of `text` and its length (ASCII without decoding).
#[inline]
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        return Some((b as char, 1));
    }
    let c = text.get(i..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// Stage 1: byte ranges of the words of `text`.
pub fn segment(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut i = 0usize;
    std::iter::from_fn(move || {
        // Skip separators.
        let start = loop {
            let (c, len) = char_at(text, i)?;
            if is_word_char(c) {
                break i;
            }
            i += len;
        };
        loop {
            let Some((c, len)) = char_at(text, i) else {
                return Some((start, text.len()));
            };
            if is_word_char(c) {
                i += len;
                continue;
            }
            let end = i;
            i += len;
            if c == '\'' || c == '\u{2019}' {
                // Possessive: drop `'s` when it ends the word.
                if let Some(('s' | 'S', s_len)) = char_at(text, i) {
                    if !char_at(text, i + s_len).is_some_and(|(n, _)| is_word_char(n)) {
                        i += s_len;
                    }
                }
            }
            return Some((start, end));
        }
    })
}

/// Stage 2: splits an identifier at case changes into byte ranges of `word`. A word without
/// inner case changes yields one range. Digits stay with the letters before them.
pub fn split_identifier(word: &str, out: &mut Vec<(usize, usize)>) {
    out.clear();
    let inner_capital = if word.is_ascii() {
        word.as_bytes().iter().skip(1).any(u8::is_ascii_uppercase)
    } else {
        word.chars().skip(1).any(char::is_uppercase)
    };
    if !inner_capital {
        out.push((0, word.len()));
        return;
    }
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let mut part_start = 0usize;
    for k in 1..chars.len() {
        let (i, c) = chars[k];
        let prev = chars[k - 1].1;
        let next = chars.get(k + 1).map(|&(_, n)| n);
        let boundary = c.is_uppercase()
            && (prev.is_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_uppercase() && next.is_some_and(|n| n.is_lowercase())));
        if boundary {
            out.push((part_start, i));
            part_start = i;
        }
    }
    out.push((part_start, word.len()));
}

/// Stage 3: lowercase and fold diacritics. Borrows when nothing changes.
pub fn normalize(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return Cow::Borrowed(word);
    }
    if word.is_ascii() {
        return Cow::Owned(word.to_ascii_lowercase());
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        for lower in c.to_lowercase() {
            match fold_diacritic(lower) {
                Some(folded) => out.push_str(folded),
                None => out.push(lower),
            }
        }
    }
    Cow::Owned(out)
}

/// The first `n` characters of `normalize(word)`, written into `out` (cleared first); cheap
/// enough to run on every word of a document.
pub fn normalized_head(word: &str, n: usize, out: &mut String) {
    out.clear();
    if word.len() >= n && word.as_bytes()[..n].is_ascii() {
        out.extend(
            word.as_bytes()[..n]
                .iter()
                .map(|b| b.to_ascii_lowercase() as char),
        );
        return;
    }
    let mut count = 0;
    for c in word.chars() {
        for lower in c.to_lowercase() {
            let mut push = |ch: char| {
                if count < n {
                    out.push(ch);
                    count += 1;
                }
            };
            match fold_diacritic(lower) {
                Some(folded) => folded.chars().for_each(&mut push),
                None => push(lower),
            }
        }
        if count >= n {
            return;
        }
    }
}

/// Folds a lowercase Latin letter with a diacritic to its base letter(s).
fn fold_diacritic(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// English stop words: kept in the index, but optional in a query of several words (a query
/// made only of stop words still searches them). A short list on purpose: longer lists (lunr's,
/// elasticlunr's) drop words people search for.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "from", "has", "have", "in", "is", "it",
    "its", "of", "on", "or", "that", "the", "their", "there", "these", "they", "to", "was", "were",
    "which", "with",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        Analyzer::new()
            .analyze(text)
            .into_iter()
            .map(|t| t.term)
            .collect()
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
            }
            assert_eq!(Language::from_code(language.code()), Some(language));
            assert_eq!(Language::from_name(language.name()), Some(language));
        }
        assert!(Language::English.stop_words().contains(&"the"));
        assert!(!Language::English.stop_words().contains(&"for"));
    }

    #[test]
    fn language_none_does_not_stem() {
        let terms: Vec<String> = Analyzer::for_language(Language::None)
            .analyze("Running Cafés")
            .into_iter()
            .map(|t| t.term)
            .collect();
        assert_eq!(terms, ["running", "cafes"]);
        assert_eq!(
            Analyzer::for_language(Language::French).term("nationales"),
            "national"
        );
    }

    #[test]
    fn segments_on_punctuation_and_drops_possessives() {
        let text = "Map.prototype.entries() Korea's DPRK’s don't";
        let words: Vec<&str> = segment(text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(
            words,
            ["Map", "prototype", "entries", "Korea", "DPRK", "don", "t"]
        );
    }

    #[test]
    fn stems_and_normalizes() {
        assert_eq!(terms("Deterrence deterring"), ["deterr", "deter"]);
        assert_eq!(terms("Café NAÏVE"), ["cafe", "naiv"]);
        assert_eq!(terms("semiconductors"), ["semiconductor"]);
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
        let mut parts = Vec::new();
        split_identifier("XMLHttpRequest", &mut parts);
        let words: Vec<&str> = parts
            .iter()
            .map(|&(s, e)| &"XMLHttpRequest"[s..e])
            .collect();
        assert_eq!(words, ["XML", "Http", "Request"]);
        split_identifier("lowercase", &mut parts);
        assert_eq!(parts, [(0, 9)]);
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
    fn normalized_heads() {
        let mut head = String::new();
        for (word, expected) in [
            ("Deterrence", "de"),
            ("ÉCOLE", "ec"),
            ("ßa", "ss"),
            ("x", "x"),
        ] {
            normalized_head(word, 2, &mut head);
            assert_eq!(head, expected);
            assert!(normalize(word).starts_with(&head));
        }
    }

    #[test]
    fn skips_overlong_words_but_keeps_positions() {
        let long = "x".repeat(MAX_WORD_BYTES + 1);
        let tokens = Analyzer::new().analyze(&format!("a {long} b"));
        assert_eq!(tokens.len(), 2);
        assert_eq!(tokens[1].position, 2);
    }

    /// The plain char-by-char segmenter that `segment`'s ASCII fast path must equal.
    fn reference_segment(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if !c.is_alphanumeric() {
                continue;
            }
            let mut end = text.len();
            while let Some(&(i, c)) = chars.peek() {
                if c.is_alphanumeric() {
                    chars.next();
                    continue;
                }
                end = i;
                chars.next();
                if c == '\'' || c == '\u{2019}' {
                    let mut rest = text[i + c.len_utf8()..].chars();
                    if matches!(rest.next(), Some('s' | 'S'))
                        && !rest.next().is_some_and(char::is_alphanumeric)
                    {
                        chars.next();
                    }
                }
                break;
            }
            out.push((start, end));
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn segment_matches_the_reference(text in "[a-zA-Z0-9 '’sSéÉ.ß_-]{0,80}") {
            proptest::prop_assert_eq!(segment(&text).collect::<Vec<_>>(), reference_segment(&text));
        }

        #[test]
        fn any_text_analyzes_without_panicking(text in "\\PC{0,200}") {
            let tokens = Analyzer::new().analyze(&text);
            let mut last = 0;
            for t in &tokens {
                proptest::prop_assert!(t.end <= text.len() && t.start < t.end);
                proptest::prop_assert!(t.position >= last);
                last = t.position;
            }
        }
    }
}
