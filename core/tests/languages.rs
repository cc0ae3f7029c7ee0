//! The configured language picks the stemmer and the default stop words, at index time and at
//! query time (the language travels in the image).

#![cfg(feature = "builder")]

mod common;
use common::ids;

use std::path::Path;

use bakedsearch_core::build::config::parse_config;
use bakedsearch_core::build::{build_image_with, Document};
use bakedsearch_core::{Index, Language, SearchOptions, Searcher};

fn doc(id: &str, title: &str, text: &str) -> Document {
    Document {
        id: id.into(),
        title: title.into(),
        text: text.into(),
        ..Document::default()
    }
}

#[test]
fn french_stems_and_stop_words() {
    let config = parse_config(
        Path::new("fr/bakedsearch.toml"),
        "language = \"french\"\nstop_words = [\"selon\"]\n",
    )
    .unwrap();
    let docs = [
        doc(
            "a",
            "Les élections nationales",
            "Les électeurs ont voté dans toutes les régions.",
        ),
        doc(
            "b",
            "La cuisine régionale",
            "Une recette de la région, selon la tradition.",
        ),
    ];
    let image = build_image_with(&docs, &config, "fr").unwrap();
    let index = Index::open(&image).unwrap();
    assert_eq!(index.language(), Language::French);
    let searcher = Searcher::new(index);
    // Snowball French: "nationale", "nationales" and "national" share a stem.
    assert_eq!(ids(&searcher, "national "), ["a"]);
    // "région" and "régions" (and the unaccented "regions") are one term.
    let mut regions = ids(&searcher, "regions ");
    regions.sort();
    assert_eq!(regions, ["a", "b"]);
    // "de" (French default) and "selon" (configured) are optional: the other word decides.
    assert_eq!(ids(&searcher, "de cuisine "), ["b"]);
    assert_eq!(ids(&searcher, "selon élections "), ["a"]);
    assert!(searcher.index().is_stop_word("selon"));
    assert!(
        !searcher.index().is_stop_word("the"),
        "English stop words are not French ones"
    );
}

#[test]
fn language_none_matches_words_as_written() {
    let config = parse_config(Path::new("x/bakedsearch.toml"), "language = \"none\"\n").unwrap();
    let docs = [doc("a", "Running", "runners running")];
    let image = build_image_with(&docs, &config, "none").unwrap();
    let searcher = Searcher::new(Index::open(&image).unwrap());
    assert_eq!(ids(&searcher, "running "), ["a"]);
    // Without a stemmer, "run" is only a prefix of the words, not their stem.
    let exact = SearchOptions {
        prefix: false,
        fuzzy: false,
        ..SearchOptions::default()
    };
    assert!(searcher.search("run", &exact).hits.is_empty());
}

#[test]
fn configured_fields_weights_and_display() {
    let config = parse_config(
        Path::new("x/bakedsearch.toml"),
        "display = [\"tags\"]\nfacets = [\"tags\"]\n[fields]\ntitle = {}\nbody = {}\ntags = { weight = 5.0 }\n",
    )
    .unwrap();
    let mut tagged = doc("tagged", "Notes", "Some text about gardens.");
    tagged
        .meta
        .insert("tags".into(), vec!["compost".into(), "soil".into()]);
    let plain = doc(
        "plain",
        "Compost",
        "Compost compost compost, the body says it thrice.",
    );
    let image = build_image_with(&[tagged, plain], &config, "x").unwrap();
    let searcher = Searcher::new(Index::open(&image).unwrap());
    assert_eq!(searcher.index().field_names(), ["title", "body", "tags"]);
    assert_eq!(searcher.index().field_weight(2), 5.0);
    // The field restricts: only the tagged document has "soil" in tags.
    assert_eq!(ids(&searcher, "tags:soil"), ["tagged"]);
    assert!(ids(&searcher, "title:soil").is_empty());
    // Display values come back as stored, several per field.
    let index = searcher.index();
    let d = index.doc_by_id("tagged").unwrap();
    assert_eq!(
        index.display_values(d.ordinal, 0).collect::<Vec<_>>(),
        ["compost", "soil"]
    );
}

#[test]
fn store_body_false_keeps_search_and_drops_the_text() {
    let docs = [
        doc(
            "a",
            "Camp David",
            "Leaders met at Camp David to discuss extended deterrence.",
        ),
        doc("b", "Gaza", "Humanitarian assistance for Gaza was pledged."),
    ];
    let stored = parse_config(Path::new("x/bakedsearch.toml"), "").unwrap();
    let bare = parse_config(Path::new("x/bakedsearch.toml"), "store_body = false\n").unwrap();
    assert!(stored.store_body && !bare.store_body);
    let with_text = build_image_with(&docs, &stored, "x").unwrap();
    let without = build_image_with(&docs, &bare, "x").unwrap();
    assert!(without.len() < with_text.len());
    let searcher = Searcher::new(Index::open(&without).unwrap());
    // Search reads the index, not the stored text: body words still match.
    assert_eq!(ids(&searcher, "deterrence "), ["a"]);
    let hit = &searcher
        .search("deterrence", &SearchOptions::default())
        .hits[0];
    assert_eq!(hit.doc.text, "");
    assert!(hit.snippet.text.is_empty());
    assert_eq!(hit.doc.title, "Camp David");
}
