//! Helpers shared by the integration tests.

use bakedsearch_core::{SearchOptions, Searcher};

/// The ids of the hits for `query` with the default options, best first.
pub fn ids(searcher: &Searcher<'_>, query: &str) -> Vec<String> {
    searcher
        .search(query, &SearchOptions::default())
        .hits
        .iter()
        .map(|h| h.doc.id.to_owned())
        .collect()
}
