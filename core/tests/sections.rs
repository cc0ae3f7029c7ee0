//! Page sections end to end over a small corpus that has them (`examples/markdown`): built
//! from its Markdown headings, stored in the image, listed under each result; a corrupted
//! SECTIONS table is refused at open, and no corrupted byte makes a search panic.

#![cfg(feature = "builder")]

use std::path::Path;

use bakedsearch_core::format::{read_u32, SectionKind, HEADER_BYTES, SECTION_ENTRY_BYTES};
use bakedsearch_core::indexer::{build_image_with, load_corpus, Config};
use bakedsearch_core::{FormatError, Index, SearchOptions, Searcher};

fn image(folder: &str) -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(folder);
    let config = Config::locate(Some(&dir), None, &dir).unwrap();
    let corpus = load_corpus(&config).unwrap();
    build_image_with(&corpus.documents, &config, "markdown").unwrap()
}

/// (offset, length) of the SECTIONS section in `image`.
fn sections_at(image: &[u8]) -> Option<(usize, usize)> {
    let count = read_u32(image, 12)? as usize;
    (0..count).find_map(|i| {
        let entry = HEADER_BYTES + i * SECTION_ENTRY_BYTES;
        (read_u32(image, entry)? == SectionKind::Sections as u32).then(|| {
            (
                read_u32(image, entry + 4).unwrap() as usize,
                read_u32(image, entry + 8).unwrap() as usize,
            )
        })
    })
}

#[test]
fn results_list_their_matching_sections() {
    let image = image("examples/markdown");
    let s = Searcher::new(Index::open_verified(&image).unwrap());
    assert!(s.index().has_sections());
    let response = s.search("prune", &SearchOptions::default());
    let hit = response
        .hits
        .iter()
        .find(|h| h.doc.id == "troubleshooting")
        .unwrap();
    let ids: Vec<&str> = hit.sections.iter().map(|x| x.id).collect();
    assert_eq!(ids, ["disk-full"]);
    assert_eq!(hit.sections[0].heading, "The backup disk is full");
    assert!(
        hit.sections[0].snippet.text.starts_with("Run skiff prune"),
        "{:?}",
        hit.sections[0].snippet
    );
    // A heading word: its section first, then the ones that mention it.
    let response = s.search("snapshot", &SearchOptions::default());
    let start = response
        .hits
        .iter()
        .find(|h| h.doc.id == "getting-started")
        .unwrap();
    assert_eq!(start.sections[0].id, "your-first-snapshot");
    assert_eq!(start.sections[0].heading_highlights, [(11, 19)]);
}

#[test]
fn a_corpus_without_sections_stores_no_table() {
    let image = image("seeds");
    assert_eq!(sections_at(&image), None);
    let index = Index::open(&image).unwrap();
    assert!(!index.has_sections());
    assert!(index.sections(0).next().is_none());
}

#[test]
fn a_corrupted_sections_table_is_refused_at_open() {
    let image = image("examples/markdown");
    let (at, len) = sections_at(&image).unwrap();
    // The section count, the first document range, the first record's text offset.
    let docs = Index::open(&image).unwrap().doc_count() as usize;
    let first_record = 4 + (docs + 1) * 4;
    for (offset, value) in [(0, 999u32), (4, 1), (first_record, u32::MAX)] {
        let mut bad = image.clone();
        bad[at + offset..at + offset + 4].copy_from_slice(&value.to_le_bytes());
        let err = Index::open(&bad).unwrap_err();
        assert!(
            matches!(
                err,
                FormatError::Corrupt { what: "SECTIONS" }
                    | FormatError::Truncated { what: "SECTIONS" }
            ),
            "at {offset}: {err:?}"
        );
    }
    // Any flipped byte: an error at open, or an index that searches without panicking.
    for i in 0..len {
        let mut bad = image.clone();
        bad[at + i] ^= 0xa5;
        if let Ok(index) = Index::open(&bad) {
            let s = Searcher::new(index);
            for q in ["snapshot", "prune", "restore files", "\"disk is full\""] {
                let _ = s.search(q, &SearchOptions::default());
            }
        }
    }
}
