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
