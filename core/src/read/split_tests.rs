//! Property tests: any bytes, as a shard or as a page table, are refused or read in bounds,
//! never a panic or a loop; a verified shard is exactly its pages.

use super::*;
use proptest::prelude::*;

/// An image of one section, SPLIT (`split`): enough for `SplitPages::open`.
fn image_of(split: &[u8]) -> Vec<u8> {
    let mut image = vec![0u8; HEADER_BYTES + SECTION_ENTRY_BYTES];
    image[12..16].copy_from_slice(&1u32.to_le_bytes());
    let at = image.len() as u32;
    image[HEADER_BYTES..HEADER_BYTES + 4]
        .copy_from_slice(&(SectionKind::Split as u32).to_le_bytes());
    image[HEADER_BYTES + 4..HEADER_BYTES + 8].copy_from_slice(&at.to_le_bytes());
    image[HEADER_BYTES + 8..HEADER_BYTES + 12].copy_from_slice(&(split.len() as u32).to_le_bytes());
    image.extend_from_slice(split);
    image
}

#[test]
fn garbage_names_and_bytes_are_refused_with_the_reason() {
    // A page table of one section, one page, one shard of set 9.
    let mut split = Vec::new();
    split.extend_from_slice(&0u32.to_le_bytes());
    split.extend_from_slice(&1u32.to_le_bytes());
    split.extend_from_slice(&9u64.to_le_bytes());
    split.extend_from_slice(&1u32.to_le_bytes());
    for v in [SectionKind::Postings as u32, 10, 1] {
        split.extend_from_slice(&v.to_le_bytes());
    }
    // Its one page: at 0 (implied), in shard 0 (delta 0 from "before shard 0").
    split.push(0);
    let header = |sum: u64| {
        let mut shard = SHARD_MAGIC.to_vec();
        shard.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        shard.extend_from_slice(&0u32.to_le_bytes());
        shard.extend_from_slice(&sum.to_le_bytes());
        shard
    };
    // Headers only, whose checksum is another shard's (set 9, number 1) and this one's.
    let (wrong, right) = (
        header(shard_checksum(9, 1, b"")),
        header(shard_checksum(9, 0, b"")),
    );
    let image = image_of(&split);
    let pages = SplitPages::open(&image).unwrap().unwrap();
    assert_eq!(pages.get(SectionKind::Postings, 3, None), None);
    assert_eq!(pages.take_missing(), [0], "the read recorded its shard");
    assert_eq!(pages.shard_name(0), shard_name(9, 0));
    assert!(matches!(
        pages.add_shard("x.bks", b""),
        Err(ShardError::BadName(_))
    ));
    for other in [shard_name(7, 0), shard_name(9, 1)] {
        assert!(matches!(
            pages.add_shard(&other, b""),
            Err(ShardError::UnknownShard(_))
        ));
    }
    let name = pages.shard_name(0);
    let err = pages.add_shard(&name, b"").unwrap_err();
    assert!(err.to_string().contains("corrupted") && err.to_string().contains("same build"));
    assert!(matches!(
        pages.add_shard(&name, &wrong),
        Err(ShardError::HashMismatch(_))
    ));
    let err = pages.add_shard(&name, &right).unwrap_err();
    assert!(err.to_string().contains("pieces"), "{err}");
}

#[test]
fn a_shard_count_past_the_pages_is_refused_before_any_allocation() {
    let mut split = Vec::new();
    for v in [0u32, u32::MAX] {
        split.extend_from_slice(&v.to_le_bytes());
    }
    split.extend_from_slice(&9u64.to_le_bytes());
    split.extend_from_slice(&0u32.to_le_bytes());
    assert!(SplitPages::open(&image_of(&split)).is_err());
}

#[cfg(feature = "builder")]
mod built {
    use super::*;
    use crate::indexer::{build_image, Document};
    use crate::split::{search_rounds, split_image, SplitImage, SplitTargets};
    use crate::{Index, SearchOptions, Searcher};
    use std::sync::OnceLock;

    fn split() -> &'static SplitImage {
        static SPLIT: OnceLock<SplitImage> = OnceLock::new();
        SPLIT.get_or_init(|| {
            let docs: Vec<Document> = (0..40)
                .map(|i| Document {
                    id: format!("d{i}"),
                    title: format!("title {} word{}", i % 5, i % 7),
                    text: format!(
                        "body word{} and word{} here {}",
                        i % 3,
                        i % 11,
                        "x ".repeat(i)
                    ),
                    ..Document::default()
                })
                .collect();
            let image = build_image(&docs, "t").unwrap();
            let targets = SplitTargets {
                dictionary: 40,
                postings: 40,
                positions: 40,
                heads: 100,
                bodies: 100,
            };
            split_image(&image, &targets).unwrap()
        })
    }

    #[test]
    fn every_shard_verifies_once_and_is_refused_under_another_name() {
        let s = split();
        let pages = SplitPages::open(&s.image).unwrap().unwrap();
        assert!(s.shards.len() > 10);
        for (i, (name, bytes)) in s.shards.iter().enumerate() {
            let (other, _) = &s.shards[(i + 1) % s.shards.len()];
            assert!(pages.add_shard(other, bytes).is_err());
            assert_eq!(pages.add_shard(name, bytes), Ok(true));
            assert_eq!(pages.add_shard(name, bytes), Ok(false), "added before");
        }
    }

    #[test]
    fn a_dictionary_page_with_a_bad_fst_checksum_is_refused_even_under_its_own_checksum() {
        // A page altered and then given a new shard checksum (what a hostile host could
        // serve: the checksum is no secret): the fst's own CRC-32C still refuses it, so
        // fst never reads corrupted nodes.
        let s = split();
        let (name, real) = &s.shards[0];
        assert_eq!(
            read_u32(real, SHARD_HEADER_BYTES),
            Some(SectionKind::Dict as u32),
            "the first shard is a dictionary page"
        );
        let mut bytes = real.clone();
        let piece = SHARD_HEADER_BYTES + PIECE_ENTRY_BYTES;
        bytes[piece + 3] ^= 0x20;
        let (set, n) = parse_shard_name(name).unwrap();
        let sum = shard_checksum(set, n, &bytes[SHARD_HEADER_BYTES..]);
        bytes[16..24].copy_from_slice(&sum.to_le_bytes());
        let pages = SplitPages::open(&s.image).unwrap().unwrap();
        let err = pages.add_shard(name, &bytes).unwrap_err();
        assert!(
            err.to_string().contains("dictionary page checksum"),
            "{err}"
        );
        // The unaltered page passes under its own name.
        assert_eq!(pages.add_shard(name, real), Ok(true));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn any_bytes_under_any_shard_name_are_refused(
            pick in 0usize..1000,
            bytes in proptest::collection::vec(any::<u8>(), 0..200),
        ) {
            let s = split();
            let pages = SplitPages::open(&s.image).unwrap().unwrap();
            let (name, real) = &s.shards[pick % s.shards.len()];
            prop_assume!(&bytes != real);
            prop_assert!(pages.add_shard(name, &bytes).is_err());
            let owner = SplitPages::open(&s.image).unwrap().unwrap();
            prop_assert!(owner.add_shard_owned(name, bytes).is_err());
            prop_assert_eq!(owner.add_shard_owned(name, real.clone()), Ok(true));
        }

        #[test]
        fn a_shard_with_a_changed_byte_is_refused(pick in 0usize..1000, at in 0usize..10_000, x in 1u8..) {
            let s = split();
            let pages = SplitPages::open(&s.image).unwrap().unwrap();
            let (name, real) = &s.shards[pick % s.shards.len()];
            let mut bytes = real.clone();
            let at = at % bytes.len();
            bytes[at] ^= x;
            prop_assert!(pages.add_shard(name, &bytes).is_err());
        }

        #[test]
        fn a_corrupted_page_table_is_refused_or_searched_in_bounds(
            at in 0usize..100_000,
            x in 1u8..,
        ) {
            let s = split();
            let mut image = s.image.clone();
            let at = at % image.len();
            image[at] ^= x;
            let Ok(Some(pages)) = SplitPages::open(&image) else { return Ok(()) };
            let Ok(index) = Index::open_split(&image, &pages) else { return Ok(()) };
            let searcher = Searcher::new(index);
            for q in ["word1", "title word", "wor", "\"body word2\"", "titel"] {
                // Bounded rounds; a shard refused against the corrupted table is an error.
                let _ = search_rounds(&searcher, &pages, &s.shards, q, &SearchOptions::default());
            }
        }
    }
}
