//! A searcher keeps the long postings lists its phrases walked (`search::walks`) and later
//! phrases seek in them: the rankings must be exactly those of a searcher that never did.
//! The corpus is generated so that stop words and a few common words have lists longer than
//! the threshold (256 postings), and the queries are long, with those words between others.

#![cfg(feature = "builder")]

mod common;
use common::{words, VOCABULARY};

use bakedsearch_core::indexer::{build_image, Document};
use bakedsearch_core::{Index, SearchOptions, Searcher};

#[test]
fn a_searcher_that_kept_walks_ranks_like_a_fresh_one() {
    let docs: Vec<Document> = (0..900)
        .map(|i| Document {
            id: format!("d{i}"),
            title: words(i + 7, 4, VOCABULARY).join(" "),
            text: words(i + 1_000, 30 + (i as usize % 40), VOCABULARY).join(" "),
            ..Document::default()
        })
        .collect();
    let image = build_image(&docs, "walks").expect("build");
    let queries: Vec<String> = (0..40)
        .map(|q| words(q + 50_000, 6 + (q as usize % 9), VOCABULARY).join(" "))
        .chain(["levels of glucose in the cells of the mouse".to_string()])
        .collect();
    let options = SearchOptions::default();
    let warm = Searcher::new(Index::open(&image).unwrap());
    for round in 0..3 {
        for q in &queries {
            let fresh = Searcher::new(Index::open(&image).unwrap());
            let want = fresh.rank(q, &options);
            let got = warm.rank(q, &options);
            let bits =
                |r: &[(u32, f32)]| r.iter().map(|&(d, s)| (d, s.to_bits())).collect::<Vec<_>>();
            assert!(!want.ranked.is_empty(), "{q}");
            assert_eq!(bits(&got.ranked), bits(&want.ranked), "round {round}: {q}");
            assert_eq!(got.work, want.work, "round {round}: {q}");
        }
    }
}
