//! Stage 2, split identifiers: a word with inner case changes (`DataTransferItemList`,
//! `XMLHttpRequest`) yields its parts at consecutive positions *and* the whole word at the
//! first part's position, so `datatransferitemlist`, `DataTransferItemList` and
//! `transfer item list` all find the page.

/// Splits an identifier at case changes into byte ranges of `word`. A word without inner
/// case changes yields one range. Digits stay with the letters before them.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(word: &str) -> Vec<&str> {
        let mut out = Vec::new();
        split_identifier(word, &mut out);
        out.iter().map(|&(s, e)| &word[s..e]).collect()
    }

    #[test]
    fn splits_at_case_changes() {
        assert_eq!(parts("XMLHttpRequest"), ["XML", "Http", "Request"]);
        assert_eq!(
            parts("DataTransferItemList"),
            ["Data", "Transfer", "Item", "List"]
        );
        assert_eq!(parts("h2Element"), ["h2", "Element"]);
        assert_eq!(parts("lowercase"), ["lowercase"]);
        assert_eq!(parts("Élan"), ["Élan"]);
    }

    proptest::proptest! {
        #[test]
        fn parts_tile_the_word(word in "[a-zA-Z0-9ÉéßΣσ]{1,30}") {
            let mut out = Vec::new();
            split_identifier(&word, &mut out);
            let mut at = 0;
            for &(s, e) in &out {
                proptest::prop_assert!(s == at && s < e);
                at = e;
            }
            proptest::prop_assert_eq!(at, word.len());
        }
    }
}
