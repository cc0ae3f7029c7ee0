//! Arbitrary bytes as an index image: `open` and `verify` must return errors, never panic;
//! an image that verifies must search without panicking.
#![no_main]

use bakedsearch_core::{Index, SearchOptions, Searcher};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(index) = Index::open(data) else {
        return;
    };
    if index.verify().is_err() {
        return;
    }
    let searcher = Searcher::new(index);
    for query in ["a", "the", "\"a b\"", "x -y", "ab OR cd", "title:z", "abcd"] {
        let _ = searcher.search(query, &SearchOptions::default());
    }
});
