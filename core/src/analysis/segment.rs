//! Stage 1, segment: the byte ranges of the words of a text.
//!
//! A word is a maximal run of alphanumeric characters, with the combining marks that follow
//! them (so decomposed `re\u{301}sume\u{301}` is one word, as precomposed `résumé` is).
//! Everything else separates words (`Map.prototype.entries()` → `Map`, `prototype`,
//! `entries`). A possessive `'s`/`’s` is dropped (`Korea's` → `Korea`). Chinese, Japanese
//! and Korean characters form runs of their own (`cjk`): a change between CJK and other
//! letters ends a word, so `Samsung반도체` is `Samsung` and `반도체`.

use super::cjk::{is_cjk, is_cjk_continuation};
use super::normalize::is_mark;

/// One segment: a word, or a run of CJK characters (which `cjk` cuts into bigrams).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
    pub cjk: bool,
}

/// Can `c` start a word? ASCII is decided without Unicode tables.
#[inline]
fn is_word_start(c: char) -> bool {
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

/// Does `c` continue a segment of the given kind?
#[inline]
fn continues(c: char, cjk: bool) -> bool {
    if c.is_ascii() {
        return !cjk && c.is_ascii_alphanumeric();
    }
    if cjk {
        is_cjk(c) || is_cjk_continuation(c)
    } else {
        (c.is_alphanumeric() && !is_cjk(c)) || is_mark(c)
    }
}

/// The segments of `text`, in order.
pub fn segments(text: &str) -> impl Iterator<Item = Segment> + '_ {
    let mut i = 0usize;
    std::iter::from_fn(move || {
        // Skip separators (and marks that follow no letter).
        let (start, cjk) = loop {
            let (c, len) = char_at(text, i)?;
            if is_word_start(c) {
                break (i, !c.is_ascii() && is_cjk(c));
            }
            i += len;
        };
        i += char_at(text, i).map_or(1, |(_, len)| len);
        loop {
            let Some((c, len)) = char_at(text, i) else {
                return Some(Segment {
                    start,
                    end: text.len(),
                    cjk,
                });
            };
            if continues(c, cjk) {
                i += len;
                continue;
            }
            let end = i;
            if is_word_start(c) {
                // A script change (CJK ↔ other letters): the next segment starts here.
                return Some(Segment { start, end, cjk });
            }
            i += len;
            if !cjk && (c == '\'' || c == '\u{2019}') {
                // Possessive: drop `'s` when it ends the word.
                if let Some(('s' | 'S', s_len)) = char_at(text, i) {
                    if !char_at(text, i + s_len).is_some_and(|(n, _)| continues(n, false)) {
                        i += s_len;
                    }
                }
            }
            return Some(Segment { start, end, cjk });
        }
    })
}

/// Byte ranges of the words of `text` (CJK runs included, uncut).
pub fn segment(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    segments(text).map(|s| (s.start, s.end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        segment(text).map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn segments_on_punctuation_and_drops_possessives() {
        assert_eq!(
            words("Map.prototype.entries() Korea's DPRK’s don't"),
            ["Map", "prototype", "entries", "Korea", "DPRK", "don", "t"]
        );
    }

    #[test]
    fn combining_marks_stay_in_their_word() {
        assert_eq!(
            words("re\u{301}sume\u{301} x"),
            ["re\u{301}sume\u{301}", "x"]
        );
        // A mark that follows no letter is a separator.
        assert_eq!(words("\u{301}a"), ["a"]);
    }

    #[test]
    fn script_changes_end_a_word() {
        let text = "Samsung반도체, iPhone15 韩美同盟七十周年。カタカナ・ひらがな";
        let got: Vec<(&str, bool)> = segments(text)
            .map(|s| (&text[s.start..s.end], s.cjk))
            .collect();
        assert_eq!(
            got,
            [
                ("Samsung", false),
                ("반도체", true),
                ("iPhone15", false),
                ("韩美同盟七十周年", true),
                ("カタカナ", true),
                ("ひらがな", true),
            ]
        );
    }

    /// The plain char-by-char segmenter (no CJK, no marks) that `segment`'s ASCII fast path
    /// must equal.
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
        fn segments_are_ordered_disjoint_and_on_boundaries(text in "\\PC{0,120}") {
            let mut last = 0;
            for s in segments(&text) {
                proptest::prop_assert!(s.start >= last && s.start < s.end && s.end <= text.len());
                proptest::prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                last = s.end;
            }
        }
    }
}
