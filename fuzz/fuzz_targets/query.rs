//! Arbitrary text as a query, parsed and run against a small real index: never a panic.
#![no_main]

use std::sync::OnceLock;

use bakedsearch_core::indexer::{build_image, Document};
use bakedsearch_core::{query, Index, SearchOptions, Searcher};
use libfuzzer_sys::fuzz_target;

fn image() -> &'static [u8] {
    static IMAGE: OnceLock<Vec<u8>> = OnceLock::new();
    IMAGE.get_or_init(|| {
        let doc = |id: &str, title: &str, text: &str| Document {
            id: id.into(),
            title: title.into(),
            text: text.into(),
            ..Document::default()
        };
        let docs = [
            doc("1", "Camp David summit", "Leaders met at Camp David to discuss extended deterrence."),
            doc("2", "DataTransferItemList", "The DataTransferItemList interface lists items; see Map.prototype.entries()."),
            doc("3", "Café naïve", "Ünïcödé text, emoji 😀, and \"quoted\" words with apostrophes' and DPRK’s."),
        ];
        build_image(&docs, "fuzz").expect("the fuzz corpus builds")
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = query::parse(&text, &["title", "body"]);
    let searcher = Searcher::new(Index::open(image()).expect("a valid image"));
    let _ = searcher.search(&text, &SearchOptions::default());
});
