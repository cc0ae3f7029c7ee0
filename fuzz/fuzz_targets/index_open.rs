//! Arbitrary bytes as an index image, opened WITHOUT checksum verification (as fetched or
//! patched images would be) and searched: open must return an error or an index, and every
//! search of an opened index must return (bounded), never panic or loop.
//!
//! Raw bytes rarely get past the header and section table, so most inputs are read as edits
//! of a real image (the project's seeds, with synonyms and facets): input byte 0 picks the
//! mode; in edit mode every 5 bytes are `u32 offset, u8 xor` applied to the seeds image.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use bakedsearch_core::indexer::{build_image_with, load_corpus, Config};
use bakedsearch_core::search::{Filter, Sort};
use bakedsearch_core::{Index, SearchOptions, Searcher};
use libfuzzer_sys::fuzz_target;

fn seeds_image() -> &'static [u8] {
    static IMAGE: OnceLock<Vec<u8>> = OnceLock::new();
    IMAGE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
        let config = Config::locate(Some(&dir), None, &dir).expect("seeds config");
        let corpus = load_corpus(&config).expect("seeds load");
        build_image_with(&corpus.documents, &config, "seeds").expect("seeds build")
    })
}

fn search_everything(bytes: &[u8]) {
    let Ok(index) = Index::open(bytes) else {
        return;
    };
    let _ = index.verify();
    for d in 0..index.doc_count().min(4) {
        let _ = index.doc(d);
        let _ = index.display_values(d, 0).count();
    }
    let _ = index.doc_by_id("x");
    let _ = index.has_dates();
    let searcher = Searcher::new(index);
    let faceted = SearchOptions {
        facets: true,
        filters: vec![Filter {
            field: "source".into(),
            values: vec!["Yonhap".into()],
        }],
        sort: Sort::Newest,
        ..SearchOptions::default()
    };
    for query in [
        "korea",
        "the",
        "\"extended deterrence\"",
        "north korea -gaza",
        "dprk OR rok",
        "title:camp",
        "deterence",
        "semicond",
        "datatransferitemlist",
    ] {
        let _ = searcher.search(query, &SearchOptions::default());
        let _ = searcher.search(query, &faceted);
    }
    let _ = searcher.search("", &faceted);
}

fuzz_target!(|data: &[u8]| {
    match data.split_first() {
        Some((0, raw)) => search_everything(raw),
        Some((_, edits)) => {
            let mut image = seeds_image().to_vec();
            let len = image.len();
            for edit in edits.chunks_exact(5) {
                let at = u32::from_le_bytes([edit[0], edit[1], edit[2], edit[3]]) as usize;
                // Offsets past the end truncate the image there (at most once).
                if at >= 2 * len {
                    image.truncate(at % len);
                } else {
                    let at = at % len;
                    if let Some(b) = image.get_mut(at) {
                        *b ^= edit[4];
                    }
                }
            }
            search_everything(&image);
        }
        None => {}
    }
});
