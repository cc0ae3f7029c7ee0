//! Stage 3, normalize: Unicode normalization (NFC and width forms), lowercase, and diacritic folding where
//! it is safe, so that what a person types finds what an author wrote however either was
//! encoded.
//!
//! - **Canonical equivalence plus width forms**: decomposed text is the same as precomposed
//!   text (`re\u{301}sume\u{301}` = `résumé`, `カ\u{3099}` = `ガ`, `и\u{306}` = `й`,
//!   conjoining jamo = Hangul syllables, compatibility ideographs = their unified form), and
//!   the compatibility forms that CJK and pasted text are full of fold as NFKC folds them:
//!   full-width Latin and digits (`ＡＢＣ１２３` → `abc123`), half-width katakana (`ｶﾞｽ` →
//!   `ガス`), the Latin ligatures (`ﬁ` → `fi`). The other compatibility forms
//!   (superscripts, circled numbers, Arabic presentation forms, `㍿`) stay as written.
//!   Measured on the seeds wasm (after wasm-opt): the unicode-normalization crate's NFKC
//!   cost +145 KB raw / +56 KB brotli (173.7 → 314.9 KiB, the engine twice over), and its
//!   NFC as much (its decomposition code links the compatibility tables too). So the
//!   runtime uses four small generated tables (`unicode_tables`, from
//!   `scripts/unicode-tables.py`: marks, Latin/Greek base letters, the compositions of
//!   scripts whose marks are kept, compatibility ideographs), and the tests check them
//!   against the crate (a dev-dependency only). ASCII never reaches the tables.
//! - **Folding** per script: Latin and Greek lose every diacritic (`ș`, `ş` → `s`, `ț`, `ţ` →
//!   `t`, Vietnamese `ệ` → `e`, Greek tonos and dialytika `ά`, `ΐ` → `α`, `ι`; final `ς` →
//!   `σ`), and the letters that are not decompositions fold by table (`ß` → `ss`, `ø` → `o`,
//!   `ł` → `l`, `æ` → `ae`). Cyrillic folds only `ё` → `е` (`й` and `ї` are letters of
//!   their own). Arabic loses harakat and tatweel and folds `آ`, `أ`, `إ`, `ٱ` → `ا` (as
//!   Lucene's `ArabicNormalizer`); Hebrew loses its points. Every other script keeps its
//!   marks: Indic and Tamil vowel signs, Thai tone marks and the kana voicing marks
//!   (`ガ` ≠ `カ`) are letters, not decoration.

use std::borrow::Cow;

use super::unicode_tables::{
    COMBINING_CLASSES, COMPOSITIONS, LATIN_GREEK_BASE, MARKS, NFC_EXPANSIONS, NFC_SINGLETONS,
};

/// The canonical combining class of `c` where composition needs it (see
/// `COMBINING_CLASSES`), else 0.
fn combining_class(c: char) -> u8 {
    let code = c as u32;
    let i = COMBINING_CLASSES.partition_point(|&(lo, _, _)| lo <= code);
    match i.checked_sub(1).map(|i| COMBINING_CLASSES[i]) {
        Some((lo, len, class)) if code - lo < u32::from(len) => class,
        _ => 0,
    }
}

/// Is `c` a combining mark (general category M)?
#[inline]
pub fn is_mark(c: char) -> bool {
    let code = c as u32;
    code >= 0x300
        && MARKS
            .binary_search_by(|&(lo, hi)| {
                if hi < code {
                    std::cmp::Ordering::Less
                } else if lo > code {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
}

/// The canonical composition of `a` followed by `b`, for Hangul and the scripts whose marks
/// are kept (Latin and Greek marks are folded away, so they need none).
fn compose(a: char, b: char) -> Option<char> {
    let (a, b) = (a as u32, b as u32);
    // Hangul: L + V → LV, LV + T → LVT (Unicode §3.12).
    const S: u32 = 0xAC00;
    if (0x1100..0x1113).contains(&a) && (0x1161..0x1176).contains(&b) {
        return char::from_u32(S + ((a - 0x1100) * 21 + (b - 0x1161)) * 28);
    }
    if (S..S + 11172).contains(&a) && (a - S) % 28 == 0 && (0x11A8..0x11C3).contains(&b) {
        return char::from_u32(a + (b - 0x11A7));
    }
    let i = COMPOSITIONS
        .binary_search_by(|&(x, y, _)| (x, y).cmp(&(a, b)))
        .ok()?;
    char::from_u32(COMPOSITIONS[i].2)
}

/// The base letter of a lowercase Latin or Greek letter with diacritics.
fn latin_greek_base(c: char) -> Option<char> {
    let code = u16::try_from(c as u32).ok()?;
    let i = LATIN_GREEK_BASE
        .binary_search_by_key(&code, |&(k, _)| k)
        .ok()?;
    char::from_u32(u32::from(LATIN_GREEK_BASE[i].1))
}

/// Pushes what NFC makes of `c` on its own (a compatibility ideograph becomes its unified
/// form, an excluded precomposition such as `क़` its decomposition) onto `out`.
fn push_nfc_replaced(c: char, out: &mut Vec<char>) {
    let code = c as u32;
    if code < 0x340 {
        out.push(c);
    } else if let Ok(i) = NFC_SINGLETONS.binary_search_by_key(&code, |&(k, _)| k) {
        out.extend(char::from_u32(NFC_SINGLETONS[i].1));
    } else if let Ok(i) = NFC_EXPANSIONS.binary_search_by_key(&code, |&(k, _)| k) {
        out.extend(
            NFC_EXPANSIONS[i]
                .1
                .iter()
                .filter(|&&x| x != 0)
                .filter_map(|&x| char::from_u32(x)),
        );
    } else {
        out.push(c);
    }
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
    // Compose first (a mark joins the character before it), then fold.
    let mut composed: Vec<char> = Vec::with_capacity(word.len());
    let mut widened = String::new();
    let mut replaced: Vec<char> = Vec::new();
    let mut last_starter: Option<usize> = None;
    for c in word.chars() {
        widened.clear();
        replaced.clear();
        push_width_folded(c, &mut widened);
        widened
            .chars()
            .for_each(|c| push_nfc_replaced(c, &mut replaced));
        for &c in &replaced {
            // A mark composes with the character before it, or else with the last starter
            // across other marks (`ے` + U+064B + U+0654 → `ۓ` + U+064B) unless one of them
            // blocks it: a mark of class 0 or of a class at least its own (`ے` + U+0653 +
            // U+0654 stays as it is, both marks being of class 230), as NFC does.
            let last = composed.len().checked_sub(1);
            let class = combining_class(c);
            let unblocked = |i: usize| {
                composed[i + 1..].iter().all(|&b| {
                    let between = combining_class(b);
                    between != 0 && between < class
                })
            };
            let target = last
                .filter(|&i| compose(composed[i], c).is_some())
                .or_else(|| {
                    last_starter.filter(|&i| compose(composed[i], c).is_some() && unblocked(i))
                });
            match target {
                Some(i) => composed[i] = compose(composed[i], c).unwrap_or(composed[i]),
                None => {
                    // A starter is any character of class 0, a vowel sign too: Sinhala
                    // U+0DD9 + U+0ABC + U+0DCA (NFD of `ේ` + U+0ABC, the nukta of class 7
                    // ordered before the virama of 9) composes U+0DD9 + U+0DCA across it.
                    if !is_mark(c) || combining_class(c) == 0 {
                        last_starter = Some(composed.len());
                    }
                    composed.push(c);
                }
            }
        }
    }
    let mut fold = Folder::default();
    composed.into_iter().for_each(|c| fold.push(c, out));
}

/// Half-width katakana U+FF61..=U+FF9F in order, full width (the voicing marks become the
/// combining ones, which then compose: `ｶﾞ` → `ガ`), as NFKC maps them.
const HALF_WIDTH_KANA: &str = "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン\u{3099}\u{309A}";

/// Appends `c` with the width compatibility forms folded as NFKC folds them: full-width
/// ASCII, half-width katakana, the Latin ligatures U+FB00..=U+FB06. (Half-width Hangul
/// jamo, which no Korean input method produces, are left as they are.)
fn push_width_folded(c: char, out: &mut String) {
    let code = c as u32;
    let mapped = match code {
        0xFF01..=0xFF5E => char::from_u32(code - 0xFEE0),
        0xFF61..=0xFF9F => HALF_WIDTH_KANA.chars().nth((code - 0xFF61) as usize),
        0xFB00..=0xFB06 => {
            out.push_str(["ff", "fi", "fl", "ffi", "ffl", "st", "st"][(code - 0xFB00) as usize]);
            return;
        }
        _ => None,
    };
    out.push(mapped.unwrap_or(c));
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

/// Lowercases and folds a stream of composed characters.
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
        super::lowercase::for_each_lowercase(c, |lower| self.push_lower(lower, out));
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
            0x0080..=0x02AF
            | 0x1D00..=0x1DBF
            | 0x1E00..=0x1EFF
            | 0x2C60..=0x2C7F
            | 0xA720..=0xA7FF
            | 0xAB30..=0xAB6F => {
                // `ǽ` is `æ` with an acute: the base folds further.
                let base = latin_greek_base(c).unwrap_or(c);
                match latin_letter(base) {
                    Some(folded) => out.push_str(folded),
                    None => out.push(base),
                }
                true
            }
            // Greek and Greek Extended
            0x0370..=0x03FF | 0x1F00..=0x1FFF => {
                out.push(if c == 'ς' {
                    'σ'
                } else {
                    latin_greek_base(c).unwrap_or(c)
                });
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
    use unicode_normalization::char::{decompose_canonical, is_combining_mark};
    use unicode_normalization::UnicodeNormalization;

    /// The reference: the width forms, then the crate's NFC, then the same folding with the
    /// crate's full decompositions and mark table.
    fn reference(word: &str) -> String {
        let mut widened = String::new();
        word.chars()
            .for_each(|c| push_width_folded(c, &mut widened));
        let mut out = String::new();
        let mut drop_marks = false;
        for c in widened.nfc() {
            for c in c.to_lowercase() {
                let code = c as u32;
                if is_combining_mark(c) {
                    if !drop_marks && !matches!(code, 0xFE00..=0xFE0F | 0xE0100..=0xE01EF) {
                        out.push(c);
                    }
                    continue;
                }
                let latin = c.is_ascii()
                    || matches!(code, 0x0080..=0x02AF | 0x1D00..=0x1DBF | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xAB30..=0xAB6F);
                let greek = matches!(code, 0x0370..=0x03FF | 0x1F00..=0x1FFF);
                if latin && latin_letter(c).is_some() {
                    out.push_str(latin_letter(c).unwrap_or_default());
                } else if c == 'ς' {
                    out.push('σ');
                } else if latin || greek {
                    decompose_canonical(c, |d| {
                        if !is_combining_mark(d) {
                            match latin_letter(d) {
                                Some(folded) => out.push_str(folded),
                                None => out.push(d),
                            }
                        }
                    });
                } else {
                    match c {
                        'ё' => out.push('е'),
                        '\u{640}' => {}
                        'آ' | 'أ' | 'إ' | 'ٱ' => out.push('ا'),
                        _ => out.push(c),
                    }
                }
                drop_marks = latin || greek || matches!(code, 0x0590..=0x06FF);
            }
        }
        out
    }

    #[test]
    fn the_generated_tables_agree_with_the_crate() {
        for &(lo, hi) in MARKS {
            for code in [lo, hi] {
                assert!(is_combining_mark(char::from_u32(code).unwrap()), "{code:X}");
            }
        }
        for c in ['a', 'é', '\u{301}', 'ガ', '\u{3099}', 'ந', '\u{BCD}', '한'] {
            assert_eq!(is_mark(c), is_combining_mark(c), "{c:?}");
        }
        for &(a, b, c) in COMPOSITIONS {
            let pair: String = [char::from_u32(a).unwrap(), char::from_u32(b).unwrap()]
                .into_iter()
                .collect();
            assert_eq!(
                pair.nfc().collect::<String>(),
                char::from_u32(c).unwrap().to_string()
            );
        }
    }

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

    /// Words of one script each (marks of one script stay in canonical order among
    /// themselves; mixing scripts' marks at random would test reordering, which is not
    /// done), from blocks whose compositions predate Unicode 14 (the tables' version).
    const SCRIPT_WORD: &str = "([a-z\\u{C0}-\\u{24F}\\u{300}-\\u{36F}\\u{1E00}-\\u{1EFF}]{0,12}|[\\u{370}-\\u{3FF}\\u{1F00}-\\u{1FFF}\\u{300}-\\u{36F}]{0,12}|[\\u{400}-\\u{4FF}]{0,12}|[\\u{5D0}-\\u{5EA}\\u{5B0}-\\u{5BC}]{0,12}|[\\u{620}-\\u{6D3}]{0,12}|[\\u{900}-\\u{97F}]{0,12}|[\\u{980}-\\u{DFF}]{0,12}|[\\u{3041}-\\u{30FF}\\u{FF61}-\\u{FF9F}]{0,12}|[\\u{1100}-\\u{11FF}\\u{AC00}-\\u{AC80}]{0,12}|[\\u{F900}-\\u{FAFF}\\u{FF01}-\\u{FF5E}\\u{FB00}-\\u{FB06}]{0,12})";

    #[test]
    fn a_vowel_sign_of_class_0_composes_across_a_mark_of_a_lower_class() {
        // The shrunk input proptest found (decomposed_and_composed_text_agree).
        let word = "\u{DDA}\u{ABC}";
        let nfd: String = word.nfd().collect();
        assert_eq!(nfd, "\u{DD9}\u{ABC}\u{DCA}");
        assert_eq!(normalize(&nfd), normalize(word));
        assert_eq!(normalize(&nfd), word);
    }

    #[test]
    fn a_mark_of_the_same_class_blocks_composition() {
        // Found by normalization_agrees_with_the_crate: U+0653 and U+0654 are both of class
        // 230, so the hamza cannot reach the letter; U+064B (class 27) does not block it.
        for word in [
            "\u{6D2}\u{653}\u{654}",
            "\u{6D2}\u{64B}\u{654}",
            "\u{928}\u{94D}\u{93C}",
        ] {
            let nfc: String = word.nfc().collect();
            assert_eq!(normalize(&nfc).into_owned(), reference(&nfc), "{word:?}");
        }
        assert_eq!(combining_class('\u{653}'), 230);
        assert_eq!(combining_class('\u{64B}'), 27);
        assert_eq!(combining_class('a'), 0);
        assert_eq!(combining_class('\u{110BA}'), 7);
        // The table agrees with the crate in every block it covers, and covers every mark
        // of a composition.
        for (lo, hi) in [
            (0x300, 0x370),
            (0x483, 0x48A),
            (0x591, 0x5C8),
            (0x610, 0x6EE),
            (0x900, 0xE00),
            (0x3099, 0x309B),
            (0x110B9, 0x110BB),
        ] {
            for c in (lo..hi).filter_map(char::from_u32) {
                assert_eq!(
                    combining_class(c),
                    unicode_normalization::char::canonical_combining_class(c),
                    "{c:?}"
                );
            }
        }
        for &(_, b, _) in COMPOSITIONS {
            let b = char::from_u32(b).unwrap();
            assert_eq!(
                combining_class(b),
                unicode_normalization::char::canonical_combining_class(b),
                "{b:?}"
            );
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
        fn width_forms_fold_as_nfkc_does(c in "[\\u{FB00}-\\u{FB06}\\u{FF01}-\\u{FF5E}\\u{FF61}-\\u{FF9F}]{1,6}") {
            let nfkc: String = c.nfkc().collect();
            let mut widened = String::new();
            c.chars().for_each(|ch| push_width_folded(ch, &mut widened));
            proptest::prop_assert_eq!(widened.nfc().collect::<String>(), nfkc);
        }

        #[test]
        fn normalization_agrees_with_the_crate(word in SCRIPT_WORD) {
            // Marks in canonical order (as typed and as NFC gives them): marks are not reordered.
            let word: String = word.nfc().collect();
            proptest::prop_assert_eq!(normalize(&word).into_owned(), reference(&word));
        }

        #[test]
        fn decomposed_and_composed_text_agree(word in SCRIPT_WORD) {
            let nfd: String = word.nfd().collect();
            let nfc: String = word.nfc().collect();
            proptest::prop_assert_eq!(normalize(&nfd), normalize(&nfc));
        }
    }
}
