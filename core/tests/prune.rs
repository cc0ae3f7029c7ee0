//! The proximity bonus is matched only in documents that can reach the head of the ranking
//! (`search::prune`): every page must be exactly the one a full computation ranks. A filter
//! turns the pruning off (a filter can drop any of the head), so a filter that every
//! document passes gives the full computation to compare with, through the public API.

#![cfg(feature = "builder")]

use bakedsearch_core::indexer::{build_image_with, Config, Document};
mod common;
use common::{words, VOCABULARY};

use bakedsearch_core::search::Filter;
use bakedsearch_core::{Index, SearchOptions, Searcher};

#[test]
fn pruned_phrases_leave_every_page_as_the_full_ranking() {
    let docs: Vec<Document> = (0..1200)
        .map(|i| {
            let mut doc = Document::new(
                &format!("d{i}"),
                &words(i + 7, 3 + (i as usize % 4), VOCABULARY).join(" "),
                &words(i + 1_000, 20 + (i as usize % 60), VOCABULARY).join(" "),
            );
            doc.meta.insert("kind".into(), vec!["all".into()]);
            doc
        })
        .collect();
    let mut config = Config::defaults("prune".into());
    config.facets = vec!["kind".into()];
    let image = build_image_with(&docs, &config, "prune").expect("build");
    let searcher = Searcher::new(Index::open(&image).unwrap());
    // Long queries (natural language: stop words unscored, the weak bonus), short ones
    // (strict coordination, the title re-rank) and some in between.
    let queries: Vec<String> = (0..60)
        .map(|q| words(q + 50_000, 2 + (q as usize % 13), VOCABULARY).join(" "))
        .chain(["levels of glucose in the cells of the mouse liver".to_string()])
        .collect();
    let every = vec![Filter {
        field: "kind".into(),
        values: vec!["all".into()],
    }];
    let mut compared = 0;
    for q in &queries {
        for (offset, limit) in [(0, 10), (0, 100), (95, 10), (0, 150), (140, 30)] {
            let options = SearchOptions {
                offset,
                limit,
                ..SearchOptions::default()
            };
            let filtered = SearchOptions {
                filters: every.clone(),
                ..options.clone()
            };
            let pruned = searcher.rank(q, &options);
            let full = searcher.rank(q, &filtered);
            assert_eq!(pruned.ranked.len(), full.ranked.len(), "{q}: the count");
            let page = |r: &[(u32, f32)]| {
                r.iter()
                    .skip(offset)
                    .take(limit)
                    .map(|&(d, s)| (d, s.to_bits()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                page(&pruned.ranked),
                page(&full.ranked),
                "{q} at {offset}+{limit}"
            );
            compared += usize::from(full.ranked.len() > offset + limit);
        }
    }
    // The pages compared lie within rankings longer than the head: pruning had room.
    assert!(compared > 150, "{compared}");
}
