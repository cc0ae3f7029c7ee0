//! Stage 3, normalize: Unicode normalization (NFKC), lowercase, and diacritic folding where
//! it is safe, so that what a person types finds what an author wrote however either was
//! encoded.
//!
//! - **NFKC**, not NFC: both compose decomposed text (`re\u{301}sume\u{301}` = `résumé`), and
//!   NFKC also folds compatibility forms that CJK text and pasted text are full of:
//!   full-width Latin and digits (`ＡＢＣ１２３` → `abc123`), half-width katakana (`ｶﾀｶﾅ` →
//!   `カタカナ`), ligatures (`ﬁ` → `fi`), compatibility ideographs. What NFKC folds that
//!   NFC keeps (superscripts `²` → `2`, `Ⅻ` → `XII`) is as welcome in a search box.
//!   Text that is already NFKC (the quick check says so for almost all text) is not
//!   re-composed, and ASCII never reaches the tables.
//! - **Folding** per script: Latin and Greek lose every diacritic (`ș`, `ş` → `s`, `ț`, `ţ` →
//!   `t`, Vietnamese `ệ` → `e`, Greek tonos and dialytika `ά`, `ΐ` → `α`, `ι`; final `ς` →
//!   `σ`), and the letters that are not decompositions fold by table (`ß` → `ss`, `ø` → `o`,
//!   `ł` → `l`, `æ` → `ae`). Cyrillic folds only `ё` → `е` (`й` and `ї` are letters of
//!   their own). Arabic loses harakat and tatweel and folds `آ`, `أ`, `إ`, `ٱ` → `ا` (as
//!   Lucene's `ArabicNormalizer`); Hebrew loses its points. Every other script keeps its
//!   marks: Indic and Tamil vowel signs, Thai tone marks and the kana voicing marks
//!   (`ガ` ≠ `カ`) are letters, not decoration.

use std::borrow::Cow;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Is `c` a combining mark (general category M)?
#[inline]
pub fn is_mark(c: char) -> bool {
    !c.is_ascii() && is_combining_mark(c)
}

/// Lowercases and folds `word` (see the module). Borrows when nothing changes.
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
    normalize_into(word, &mut out);
    Cow::Owned(out)
}

/// Appends the normalized `word` to `out`.
pub(crate) fn normalize_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
        return;
    }
    let mut fold = Folder::default();
    if is_nfkc_quick(word.chars()) == IsNormalized::Yes {
        word.chars().for_each(|c| fold.push(c, out));
    } else {
        word.chars().nfkc().for_each(|c| fold.push(c, out));
    }
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
    normalize_into(word, out);
    if let Some((cut, _)) = out.char_indices().nth(n) {
        out.truncate(cut);
    }
}

/// Lowercases and folds a stream of NFKC characters.
#[derive(Default)]
struct Folder {
    /// The marks after the last letter are dropped (it is Latin, Greek, Arabic or Hebrew).
    drop_marks: bool,
}

impl Folder {
    fn push(&mut self, c: char, out: &mut String) {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            self.drop_marks = true;
            return;
        }
        for lower in c.to_lowercase() {
            self.push_lower(lower, out);
        }
    }

    fn push_lower(&mut self, c: char, out: &mut String) {
        if is_mark(c) {
            // Variation selectors never change what a letter is.
            if !self.drop_marks && !matches!(c as u32, 0xFE00..=0xFE0F | 0xE0100..=0xE01EF) {
                out.push(c);
            }
            return;
        }
        if c.is_ascii() {
            out.push(c);
            self.drop_marks = true;
            return;
        }
        let code = c as u32;
        self.drop_marks = match code {
            // Latin (with IPA, Latin Extended Additional and -C/-D/-E)
            0x00C0..=0x02AF
            | 0x1D00..=0x1DBF
            | 0x1E00..=0x1EFF
            | 0x2C60..=0x2C7F
            | 0xA720..=0xA7FF
            | 0xAB30..=0xAB6F => {
                match latin_letter(c) {
                    Some(folded) => out.push_str(folded),
                    None => decompose_canonical(c, |d| {
                        if !is_mark(d) {
                            out.push(d)
                        }
                    }),
                }
                true
            }
            // Greek and Greek Extended
            0x0370..=0x03FF | 0x1F00..=0x1FFF => {
                if c == 'ς' {
                    out.push('σ');
                } else {
                    decompose_canonical(c, |d| {
                        if !is_mark(d) {
                            out.push(d)
                        }
                    });
                }
                true
            }
            // Cyrillic: ё is е with a diaeresis that Russian writing mostly leaves out.
            0x0400..=0x04FF => {
                out.push(if c == 'ё' { 'е' } else { c });
                false
            }
            0x0590..=0x05FF => {
                out.push(c);
                true
            }
            // Arabic: tatweel is a stretch, not a letter.
            0x0600..=0x06FF => {
                match c {
                    '\u{640}' => {}
                    'آ' | 'أ' | 'إ' | 'ٱ' => out.push('ا'),
                    _ => out.push(c),
                }
                true
            }
            _ => {
                out.push(c);
                false
            }
        };
    }
}

/// Latin letters that are not a base letter plus marks (so decomposition cannot fold them).
fn latin_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'æ' => "ae",
        'œ' => "oe",
        'ß' => "ss",
        'ø' => "o",
        'đ' | 'ð' => "d",
        'ħ' => "h",
        'ı' => "i",
        'ł' | 'ŀ' => "l",
        'ŧ' => "t",
        'þ' => "th",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_and_folds_latin() {
        assert_eq!(normalize("re\u{301}sume\u{301}"), "resume");
        assert_eq!(normalize("résumé"), "resume");
        assert_eq!(normalize("Café NAÏVE"), "cafe naive");
        assert_eq!(normalize("Straße"), "strasse");
        assert_eq!(normalize("Øresund Łódź"), "oresund lodz");
        // Vietnamese: stacked marks.
        assert_eq!(normalize("Việt"), "viet");
        // Turkish dotted capital I lowercases to i + combining dot, which is folded.
        assert_eq!(normalize("İstanbul"), "istanbul");
    }

    #[test]
    fn folds_romanian_comma_and_cedilla_forms_alike() {
        for word in ["ș", "ş", "s\u{326}", "s\u{327}"] {
            assert_eq!(normalize(word), "s", "{word:?}");
        }
        for word in ["ț", "ţ", "t\u{326}", "t\u{327}"] {
            assert_eq!(normalize(word), "t", "{word:?}");
        }
        assert_eq!(normalize("ȘTIINȚĂ"), "stiinta");
    }

    #[test]
    fn folds_width_and_compatibility_forms() {
        assert_eq!(normalize("ＡＢＣ１２３"), "abc123");
        assert_eq!(normalize("ｶﾀｶﾅ"), "カタカナ");
        assert_eq!(normalize("ﬁle"), "file");
    }

    #[test]
    fn folds_greek_cyrillic_arabic_hebrew_where_safe() {
        assert_eq!(normalize("Αθήνα"), "αθηνα");
        assert_eq!(normalize("ΐ"), "ι");
        assert_eq!(normalize("λόγος"), "λογοσ");
        assert_eq!(normalize("Ёлка"), "елка");
        assert_eq!(normalize("й"), "й");
        assert_eq!(normalize("كَتَبَ"), "كتب");
        assert_eq!(normalize("أحمد"), "احمد");
        assert_eq!(normalize("كـتـاب"), "كتاب");
        assert_eq!(normalize("שָׁלוֹם"), "שלום");
    }

    #[test]
    fn keeps_marks_that_are_letters() {
        // Tamil vowel signs, Devanagari, kana voicing, Hangul.
        assert_eq!(normalize("தமிழ்"), "தமிழ்");
        assert_eq!(normalize("हिन्दी"), "हिन्दी");
        assert_eq!(normalize("ガ"), "ガ");
        assert_eq!(normalize("カ\u{3099}"), "ガ");
        assert_eq!(normalize("한국"), "한국");
    }

    #[test]
    fn heads_are_prefixes_of_the_normal_form() {
        let mut head = String::new();
        for (word, expected) in [
            ("Deterrence", "de"),
            ("ÉCOLE", "ec"),
            ("ßa", "ss"),
            ("x", "x"),
            ("ＡＢＣ", "ab"),
            ("韩美同盟", "韩美"),
        ] {
            normalized_head(word, 2, &mut head);
            assert_eq!(head, expected);
            assert!(normalize(word).starts_with(&head));
        }
    }

    proptest::proptest! {
        #[test]
        fn normalization_is_idempotent_and_heads_agree(word in "\\PC{0,40}") {
            let once = normalize(&word).into_owned();
            proptest::prop_assert_eq!(normalize(&once).into_owned(), once.clone());
            let mut head = String::new();
            normalized_head(&word, 2, &mut head);
            proptest::prop_assert!(once.starts_with(&head));
        }

        #[test]
        fn decomposed_and_composed_text_agree(word in "\\PC{0,40}") {
            let nfd: String = word.nfd().collect();
            proptest::prop_assert_eq!(normalize(&nfd), normalize(&word));
        }
    }
}
