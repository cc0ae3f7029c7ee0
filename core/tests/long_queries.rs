//! The ranking rules that tell short known-item queries from long natural-language ones
//! (`search::KNOWN_ITEM_MAX_WORDS`, `search::STRICT_COORDINATION_MAX_WORDS`), on tiny corpora
//! whose expected order follows from BM25 by hand (see the comments).

mod common;
use common::ids;

use bakedsearch_core::indexer::{build_image, Document};
use bakedsearch_core::{Index, Searcher};

fn image(docs: &[(&str, &str, &str)]) -> Vec<u8> {
    let docs: Vec<Document> = docs
        .iter()
        .map(|&(id, title, text)| Document {
            id: id.into(),
            title: title.into(),
            text: text.into(),
            ..Document::default()
        })
        .collect();
    build_image(&docs, "long-queries").expect("build")
}

#[test]
fn stop_words_of_long_queries_are_not_scored() {
    // "the" is in one document of three, so it has a high idf here, and "herd" says it three
    // times. Scored, it lifts "herd" over the short "grazing", which holds "zebra" as well in
    // a third of the length. Six non-stop words make the query long, so "the" counts nothing.
    let image = image(&[
        ("herd", "One", "The herd, the zebra herd, the."),
        ("grazing", "Two", "Zebra grazing."),
        ("lions", "Three", "Lions hunt."),
    ]);
    let searcher = Searcher::new(Index::open(&image).unwrap());
    assert_eq!(
        ids(
            &searcher,
            "zebra savanna xylophone quartz jukebox walrus the"
        ),
        ["grazing", "herd"]
    );
    // In a short query the same stop word is still scored (people search for "the who").
    assert_eq!(ids(&searcher, "zebra the"), ["herd", "grazing"]);
}

#[test]
fn only_queries_of_two_words_rank_by_words_matched_first() {
    // "both" says quasar and pulsar three times each, side by side, in a short text; "all3"
    // has every query word once, apart, in a long one, and "nebula" is in four documents of
    // six (a low idf). No title holds a query word, so no title bonus.
    let filler = "a long report on the observing run with many other words about the \
                  instruments the weather the schedule and the people at the observatory";
    let all3 = format!("quasar {filler} pulsar {filler} nebula {filler}");
    let image = image(&[
        (
            "both",
            "Sky survey",
            "quasar pulsar. quasar pulsar. quasar pulsar.",
        ),
        ("all3", "Catalogue", &all3),
        ("n1", "Notes", "nebula seen."),
        ("n2", "Log", "a nebula again."),
        ("n3", "Diary", "nebula and clouds."),
        ("other", "Misc", "nothing of interest."),
    ]);
    let searcher = Searcher::new(Index::open(&image).unwrap());
    // Three words: BM25 decides, and two strong matches beat three weak ones.
    let hits = ids(&searcher, "quasar pulsar nebula");
    assert_eq!(hits[0], "both", "{hits:?}");
    assert!(hits.contains(&"all3".to_owned()), "{hits:?}");
    // Two words: the one document with both comes first, however weakly it matches.
    let hits = ids(&searcher, "quasar nebula");
    assert_eq!(hits[0], "all3", "{hits:?}");
}
