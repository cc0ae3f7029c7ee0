use super::*;
use proptest::prelude::*;

#[test]
fn table_sizes_do_not_wrap_on_32_bit() {
    // Regression: on wasm32, doc_count 2^30 × 16 bytes of NORMS wrapped to 0, so an
    // empty NORMS passed and search allocated 4 GB.
    assert_eq!((1u32 << 30).wrapping_mul(16), 0);
    assert_eq!(table_len(1 << 30, 16, u32::MAX as usize), None);
    assert_eq!(table_len(1 << 20, 16, u32::MAX as usize), Some(1 << 24));
    assert_eq!(table_len(u32::MAX, usize::MAX, usize::MAX), None);
    assert_eq!(table_len(0, usize::MAX, u32::MAX as usize), Some(0));
}

#[test]
fn stop_words_by_binary_search() {
    let list = "a\nan\nand\nthe\nzebra";
    for w in ["a", "an", "and", "the", "zebra"] {
        assert!(sorted_lines_contain(list, w), "{w}");
    }
    for w in ["", "b", "ann", "th", "zz", "a\nan"] {
        assert!(!sorted_lines_contain(list, w), "{w:?}");
    }
    assert!(!sorted_lines_contain("", "a"));
    assert!(sorted_lines_contain("\n\nx", "x"));
}

proptest! {
    #[test]
    fn table_len_is_exact_or_none_with_a_32_bit_usize(count in any::<u32>(), record in 0usize..1 << 20) {
        let exact = u128::from(count) * record as u128;
        match table_len(count, record, u32::MAX as usize) {
            Some(n) => prop_assert_eq!(n as u128, exact),
            None => prop_assert!(exact > u128::from(u32::MAX)),
        }
    }

    #[test]
    fn stop_word_search_matches_a_scan(mut words in proptest::collection::vec("[a-c]{0,3}", 0..12), probe in "[a-c]{0,3}") {
        words.sort();
        words.dedup();
        let joined = words.join("\n");
        let scan = !probe.is_empty() && joined.split('\n').any(|w| w == probe);
        prop_assert_eq!(!probe.is_empty() && sorted_lines_contain(&joined, &probe), scan);
    }

    #[test]
    fn unsorted_stop_words_never_panic(list in "[a-c\n]{0,40}", probe in "[a-c]{0,3}") {
        let _ = sorted_lines_contain(&list, &probe);
    }
}
