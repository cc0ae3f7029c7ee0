//! Helpers shared by the integration tests.

use bakedsearch_core::{SearchOptions, Searcher};

/// The seeds' image, built as build.rs builds it.
#[cfg(feature = "builder")]
#[allow(dead_code)] // not every test file uses every helper
pub fn seeds_image() -> Vec<u8> {
    use bakedsearch_core::indexer::{build_image_with, load_corpus, Config};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
    let config = Config::locate(Some(&dir), None, &dir).expect("seeds config");
    let corpus = load_corpus(&config).expect("seeds load");
    build_image_with(&corpus.documents, &config, "seeds").expect("seeds build")
}

/// The ids of the hits for `query` with the default options, best first.
#[allow(dead_code)]
pub fn ids(searcher: &Searcher<'_>, query: &str) -> Vec<String> {
    searcher
        .search(query, &SearchOptions::default())
        .hits
        .iter()
        .map(|h| h.doc.id.to_owned())
        .collect()
}

/// Words drawn from `vocabulary` by a small deterministic generator (no dependency):
/// xorshift.
#[allow(dead_code)]
pub fn words(seed: u64, count: usize, vocabulary: &[&str]) -> Vec<String> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..count)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            vocabulary[(x % vocabulary.len() as u64) as usize].to_string()
        })
        .collect()
}

/// Stop words (repeated, so they are common) and a few dozen content words, so that long
/// queries match most documents and many adjacent pairs occur as phrases.
#[allow(dead_code)]
pub const VOCABULARY: &[&str] = &[
    "the",
    "of",
    "the",
    "and",
    "in",
    "the",
    "of",
    "a",
    "cell",
    "cells",
    "protein",
    "levels",
    "glucose",
    "insulin",
    "receptor",
    "signal",
    "growth",
    "tumor",
    "mouse",
    "human",
    "gene",
    "expression",
    "binding",
    "pathway",
    "response",
    "immune",
    "therapy",
    "dose",
    "risk",
    "patients",
    "increased",
    "reduced",
    "activity",
    "membrane",
    "kinase",
    "mutation",
];
