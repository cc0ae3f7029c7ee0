//! Default stop words per language: kept in the index, but optional in a query of several
//! words (a query made only of stop words still searches them). Short lists on purpose: the
//! most frequent function words only. Longer lists (lunr's, elasticlunr's, Snowball's full
//! ones) drop words people search for ("for", "into", "after").
//!
//! Sources: the head of Snowball's stop lists (snowballstem.org, `algorithms/<lang>/stop.txt`)
//! for the languages that have one (Danish, Dutch, English, Finnish, French, German,
//! Hungarian, Italian, Norwegian, Portuguese, Russian, Spanish, Swedish); the head of Apache
//! Lucene's analyzer lists (`analysis-common`, `stopwords.txt` of the Arabic, Greek, Romanian
//! and Turkish analyzers) for the others; for Tamil, which has neither, its commonest
//! function words. Every word is written normalized (lowercase, diacritics folded as
//! `normalize` folds them) and the lists are sorted, which a test checks.

use super::Language;

/// The default stop words of `language`.
pub(crate) fn for_language(language: Language) -> &'static [&'static str] {
    match language {
        Language::None => &[],
        // Latin-script words inside CJK text are treated as English.
        Language::English | Language::Chinese | Language::Japanese | Language::Korean => ENGLISH,
        Language::Danish => &[
            "af", "at", "de", "den", "der", "det", "en", "er", "et", "for", "i", "med", "og", "om",
            "pa", "som", "til",
        ],
        Language::Dutch => &[
            "aan", "de", "een", "en", "het", "in", "is", "met", "of", "op", "te", "van", "voor",
        ],
        Language::Finnish => &["etta", "ja", "on", "ovat", "se", "tai"],
        Language::French => &[
            "a", "au", "aux", "d", "de", "des", "du", "en", "est", "et", "l", "la", "le", "les",
            "ou", "par", "pour", "sur", "un", "une",
        ],
        Language::German => &[
            "das", "dem", "den", "der", "des", "die", "ein", "eine", "einen", "einer", "im", "in",
            "ist", "mit", "oder", "und", "von", "zu", "zum", "zur",
        ],
        Language::Italian => &[
            "a", "al", "alla", "che", "da", "dei", "del", "della", "di", "e", "gli", "i", "il",
            "in", "la", "le", "lo", "per", "un", "una",
        ],
        Language::Norwegian => &[
            "av", "de", "den", "det", "en", "er", "et", "for", "i", "med", "og", "om", "pa", "som",
            "til",
        ],
        Language::Portuguese => &[
            "a", "as", "da", "das", "de", "do", "dos", "e", "em", "na", "no", "o", "os", "ou",
            "para", "por", "um", "uma",
        ],
        Language::Romanian => &[
            "a", "al", "cu", "de", "din", "este", "in", "la", "o", "pe", "si", "un",
        ],
        Language::Spanish => &[
            "a", "al", "de", "del", "el", "en", "es", "la", "las", "lo", "los", "o", "para", "por",
            "un", "una", "y",
        ],
        Language::Swedish => &[
            "av", "de", "den", "det", "en", "ett", "for", "i", "med", "och", "om", "pa", "som",
            "till",
        ],
        Language::Arabic => &[
            "التي", "الذي", "الى", "ان", "او", "على", "عن", "في", "قد", "كان", "مع", "من", "هذا",
            "هذه",
        ],
        Language::Greek => &[
            "απο", "για", "η", "και", "με", "να", "ο", "οι", "σε", "στην", "στο", "τα", "την",
            "τησ", "το", "τον", "του", "των",
        ],
        Language::Hungarian => &[
            "a", "az", "egy", "es", "hogy", "is", "meg", "mint", "nem", "vagy", "volt",
        ],
        Language::Russian => &[
            "а", "в", "во", "для", "за", "и", "из", "к", "как", "на", "не", "о", "от", "по", "с",
            "со", "что",
        ],
        Language::Tamil => &["அந்த", "இது", "இந்த", "என்று", "ஒரு", "மற்றும்"],
        Language::Turkish => &[
            "bir", "bu", "da", "daha", "de", "gibi", "icin", "ile", "mi", "ne", "o", "ve", "ya",
        ],
    }
}

/// English: 29 of the commonest function words of Snowball's list, without those people
/// search for as words (`for`, `into`, `this`: JavaScript documentation is full of them).
const ENGLISH: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "from", "has", "have", "in", "is", "it",
    "its", "of", "on", "or", "that", "the", "their", "there", "these", "they", "to", "was", "were",
    "which", "with",
];
