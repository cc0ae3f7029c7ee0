//! Stage 1b, CJK: Chinese, Japanese and Korean runs become overlapping character bigrams.
//!
//! Han, Hiragana, Katakana and Hangul are written without spaces between words (Korean puts
//! spaces between phrases, each a noun with its particle: `한미동맹은`). A dictionary
//! segmenter (lindera, jieba) costs megabytes of wasm and disagrees with any other segmenter
//! the query might meet; bigrams need no data and are Lucene's `CJKAnalyzer` baseline:
//! `韩美同盟` is indexed as `韩美`, `美同`, `同盟` at consecutive positions, so any word of
//! two or more characters inside the run is a phrase of its bigrams, and a one-character run
//! is indexed as that character (a unigram).
//!
//! A character is a *unit*: its code point with the marks that follow it (a decomposed
//! `カ\u{3099}`, half-width `ｶﾞ`, conjoining Hangul jamo), normalized (NFC and width forms: half-width
//! katakana become full width, compatibility ideographs their unified form). Every bigram
//! keeps the byte range of its two units, so highlights cover exactly the matched text.
//!
//! At query time (`Analyzer::analyze_query`) a run of three or more units is one query word:
//! a *whole* token followed by its bigrams as parts at consecutive positions, which search
//! matches as the phrase of the parts, exactly as it matches an identifier's parts (the
//! whole run is never a dictionary term). A Korean query word that ends in a particle
//! (`동맹은`, `동맹에서`) drops the bigrams that hold the particle, so it finds the noun
//! with any particle (`동맹이`, `동맹의`).

use super::normalize::{is_mark, normalize_into};
use super::Token;

/// Is `c` a CJK letter (Han, Kana, Hangul, in full or half width)? Punctuation of these
/// blocks (`。`, `・`, `「`) is not: callers check `is_alphanumeric` to start a run.
#[inline]
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF            // Hangul Jamo
        | 0x3005..=0x3007          // 々 〆 〇
        | 0x3021..=0x3029          // Hangzhou numerals
        | 0x3031..=0x3035          // kana repeat marks
        | 0x303B..=0x303C
        | 0x3040..=0x30FF          // Hiragana, Katakana
        | 0x3130..=0x318F          // Hangul compatibility jamo
        | 0x31F0..=0x31FF          // Katakana phonetic extensions
        | 0x3400..=0x4DBF          // CJK extension A
        | 0x4E00..=0x9FFF          // CJK unified ideographs
        | 0xA960..=0xA97F          // Hangul jamo extended A
        | 0xAC00..=0xD7FF          // Hangul syllables, jamo extended B
        | 0xF900..=0xFAFF          // CJK compatibility ideographs
        | 0xFF66..=0xFFDC          // half-width Katakana and Hangul
        | 0x1B000..=0x1B16F        // Kana supplement and extensions
        | 0x20000..=0x3FFFF        // CJK extensions B–H
    ) && c.is_alphanumeric()
}

/// Does `c` belong to the unit before it (a mark, a half-width voicing mark, a Hangul
/// medial or final jamo)?
#[inline]
fn joins_previous(c: char) -> bool {
    matches!(c as u32, 0xFF9E..=0xFF9F | 0x1160..=0x11FF | 0xD7B0..=0xD7FF) || is_mark(c)
}

/// Does `c` continue a CJK run?
#[inline]
pub fn is_cjk_continuation(c: char) -> bool {
    is_cjk(c) || joins_previous(c)
}

/// One character of a run: byte range in the run and its normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// The units of a CJK run, written into `out` (cleared first).
pub(crate) fn units(run: &str, out: &mut Vec<Unit>) {
    out.clear();
    let mut iter = run.char_indices().peekable();
    while let Some((start, _)) = iter.next() {
        let mut end = run.len();
        while let Some(&(i, c)) = iter.peek() {
            if !joins_previous(c) {
                end = i;
                break;
            }
            iter.next();
        }
        let mut text = String::new();
        normalize_into(&run[start..end], &mut text);
        if !text.is_empty() {
            out.push(Unit { start, end, text });
        }
    }
}

/// Hangul particles (josa) that follow nouns: the common one- and two-syllable ones. A
/// query word ending in one finds the noun with any particle.
const PARTICLES_1: &[char] = &[
    '은', '는', '이', '가', '을', '를', '의', '에', '도', '와', '과', '로', '만',
];
const PARTICLES_2: &[&str] = &[
    "에서", "에게", "으로", "까지", "부터", "보다", "처럼", "에는", "에도", "와의", "과의", "하고",
    "이나", "이다",
];

fn is_hangul_syllable(s: &str) -> bool {
    s.chars().all(|c| matches!(c as u32, 0xAC00..=0xD7A3))
}

/// How many units of a query word to keep: a Korean word of at least three syllables drops
/// its trailing particle, keeping at least two syllables.
fn query_units(units: &[Unit]) -> usize {
    let n = units.len();
    if n < 3 || !units.iter().all(|u| is_hangul_syllable(&u.text)) {
        return n;
    }
    let last2 = format!("{}{}", units[n - 2].text, units[n - 1].text);
    if n >= 4 && PARTICLES_2.contains(&last2.as_str()) {
        return n - 2;
    }
    let last = units[n - 1].text.chars().next();
    if last.is_some_and(|c| PARTICLES_1.contains(&c)) {
        return n - 1;
    }
    n
}

/// Appends the tokens of the CJK run `text[start..end]`: its bigrams (a unigram for a
/// one-unit run) at consecutive positions from `*position`. With `query`, a run of three or
/// more units is a whole token with its bigrams as parts. `wanted` sees each token's text as
/// written; an unwanted token gets an empty term.
#[allow(clippy::too_many_arguments)]
pub(crate) fn push_run(
    text: &str,
    start: usize,
    end: usize,
    position: &mut u32,
    query: bool,
    wanted: &mut dyn FnMut(&str) -> bool,
    scratch: &mut Vec<Unit>,
    out: &mut Vec<Token>,
) {
    let run = &text[start..end];
    units(run, scratch);
    let all = scratch.len();
    let n = if query { query_units(scratch) } else { all };
    let mut term = |s: usize, e: usize, units: &[Unit]| -> String {
        if wanted(&run[s..e]) {
            units.iter().map(|u| u.text.as_str()).collect()
        } else {
            String::new()
        }
    };
    match n {
        0 => {}
        1 => {
            let u = &scratch[0];
            out.push(Token {
                term: term(u.start, u.end, &scratch[..1]),
                position: *position,
                start: start + u.start,
                end: start + u.end,
                part: false,
            });
            *position = position.saturating_add(1);
        }
        _ => {
            let parts = query && all >= 3;
            if parts {
                out.push(Token {
                    term: term(0, run.len(), &scratch[..all]),
                    position: *position,
                    start,
                    end,
                    part: false,
                });
            }
            for k in 0..n - 1 {
                let (a, b) = (&scratch[k], &scratch[k + 1]);
                out.push(Token {
                    term: term(a.start, b.end, &scratch[k..k + 2]),
                    position: *position,
                    start: start + a.start,
                    end: start + b.end,
                    part: parts,
                });
                *position = position.saturating_add(1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_tokens(text: &str, query: bool) -> Vec<(String, u32, &str, bool)> {
        let mut out = Vec::new();
        let mut position = 0;
        push_run(
            text,
            0,
            text.len(),
            &mut position,
            query,
            &mut |_| true,
            &mut Vec::new(),
            &mut out,
        );
        out.into_iter()
            .map(|t| (t.term, t.position, &text[t.start..t.end], t.part))
            .collect()
    }

    fn terms(text: &str, query: bool) -> Vec<String> {
        run_tokens(text, query).into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn bigrams_at_consecutive_positions_with_exact_offsets() {
        assert_eq!(
            run_tokens("韩美同盟", false),
            [
                ("韩美".to_string(), 0, "韩美", false),
                ("美同".to_string(), 1, "美同", false),
                ("同盟".to_string(), 2, "同盟", false),
            ]
        );
        assert_eq!(terms("年", false), ["年"]);
        assert_eq!(terms("同盟", false), ["同盟"]);
    }

    #[test]
    fn a_query_word_is_a_whole_with_its_bigrams_as_parts() {
        assert_eq!(
            run_tokens("韩美同盟", true),
            [
                ("韩美同盟".to_string(), 0, "韩美同盟", false),
                ("韩美".to_string(), 0, "韩美", true),
                ("美同".to_string(), 1, "美同", true),
                ("同盟".to_string(), 2, "同盟", true),
            ]
        );
        // Two characters are one bigram, as in the index.
        assert_eq!(
            run_tokens("同盟", true),
            [("同盟".to_string(), 0, "同盟", false)]
        );
    }

    #[test]
    fn korean_query_words_drop_their_particle() {
        assert_eq!(terms("동맹은", true), ["동맹은", "동맹"]);
        assert_eq!(
            terms("한미동맹의", true),
            ["한미동맹의", "한미", "미동", "동맹"]
        );
        assert_eq!(terms("동맹에서", true), ["동맹에서", "동맹"]);
        // Two syllables stay as typed; the index keeps every bigram.
        assert_eq!(terms("나는", true), ["나는"]);
        assert_eq!(terms("동맹은", false), ["동맹", "맹은"]);
    }

    #[test]
    fn width_and_composition_are_folded_per_unit() {
        // Half-width katakana (with a separate voicing mark) → full width, composed.
        assert_eq!(
            run_tokens("ｶﾞｽ", false),
            [("ガス".to_string(), 0, "ｶﾞｽ", false)]
        );
        // Decomposed kana compose; conjoining jamo compose into syllables.
        assert_eq!(terms("カ\u{3099}ス", false), ["ガス"]);
        assert_eq!(
            terms("\u{1112}\u{1161}\u{11AB}\u{1100}\u{116E}\u{11A8}", false),
            ["한국"]
        );
        // A compatibility ideograph becomes its unified form.
        assert_eq!(terms("\u{F900}\u{4E00}", false), ["\u{8C48}\u{4E00}"]);
    }

    proptest::proptest! {
        #[test]
        fn runs_give_in_range_tokens(text in "[\\u{3041}-\\u{3096}\\u{30A1}-\\u{30FA}\\u{4E00}-\\u{4E40}\\u{AC00}-\\u{AC40}\\u{FF66}-\\u{FF9F}\\u{3099}]{1,30}") {
            for query in [false, true] {
                let mut out = Vec::new();
                let mut position = 0;
                push_run(&text, 0, text.len(), &mut position, query, &mut |_| true, &mut Vec::new(), &mut out);
                for t in &out {
                    proptest::prop_assert!(t.start < t.end && t.end <= text.len());
                    proptest::prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                    proptest::prop_assert!(!t.term.is_empty());
                }
            }
        }
    }
}
