//! The configured language picks the stemmer and the default stop words, at index time and at
//! query time (the language travels in the image).

#![cfg(feature = "builder")]

mod common;
use common::ids;

use std::path::Path;

use bakedsearch_core::indexer::config::parse_config;
use bakedsearch_core::indexer::{build_image_with, Document};
use bakedsearch_core::{Index, Language, SearchOptions, Searcher};

fn doc(id: &str, title: &str, text: &str) -> Document {
    Document::new(id, title, text)
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
        index.display_values(d.head.ordinal, 0).collect::<Vec<_>>(),
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
    assert_eq!(searcher.index().doc_text(hit.doc.ordinal), "");
    assert!(hit.snippet.text.is_empty());
    assert_eq!(hit.doc.title, "Camp David");
}

/// Loads `examples/<name>` with its configuration and builds its index.
fn example_image(name: &str) -> Vec<u8> {
    example_image_in(name, None)
}

/// Like `example_image`, with the configured language replaced by `language`.
fn example_image_in(name: &str, language: Option<Language>) -> Vec<u8> {
    use bakedsearch_core::indexer::{load_corpus, Config};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(name);
    let config = Config::locate(Some(&dir), None, &dir)
        .unwrap_or_else(|e| panic!("examples/{name}: configuration refused:\n{e}"));
    let mut config = config;
    if let Some(language) = language {
        config.language = language;
    }
    let corpus =
        load_corpus(&config).unwrap_or_else(|e| panic!("examples/{name}: corpus refused:\n{e}"));
    assert!(corpus.skipped.is_empty(), "{:?}", corpus.skipped);
    build_image_with(&corpus.documents, &config, name)
        .unwrap_or_else(|e| panic!("examples/{name}: build failed:\n{e}"))
}

/// Every known-item query of `tests/fixtures/known-items/<name>.json` (shared with the
/// browser test, tests/e2e/languages.test.mjs) finds its article at rank 3 or better.
fn known_items(name: &str, language: Language) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/known-items")
        .join(format!("{name}.json"));
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert!(cases.len() >= 10, "{}: too few queries", file.display());
    let image = example_image(name);
    let index = Index::open(&image).unwrap();
    assert_eq!(index.language(), language);
    let searcher = Searcher::new(index);
    for case in &cases {
        let (query, expected) = (
            case["query"].as_str().unwrap(),
            case["id"].as_str().unwrap(),
        );
        let got = ids(&searcher, query);
        let rank = got.iter().position(|id| id == expected);
        assert!(
            rank.is_some_and(|r| r < 3),
            "examples/{name}: {query:?} ({}) should find {expected} at rank ≤ 3, got {got:?}",
            case["kind"]
        );
    }
}

// Each list holds a word inside a compound or run, a word with a particle (Korean: also
// particles the articles never use with that noun), two characters, and mixed script;
// Chinese a one-character prefix, Japanese half- and full-width forms.
#[test]
fn korean_known_items() {
    known_items("korean", Language::Korean);
}

#[test]
fn chinese_known_items() {
    known_items("chinese", Language::Chinese);
}

#[test]
fn japanese_known_items() {
    known_items("japanese", Language::Japanese);
}

#[test]
fn cjk_highlights_cover_the_matched_characters() {
    let image = example_image("chinese");
    let searcher = Searcher::new(Index::open(&image).unwrap());
    for (query, marked) in [
        ("同盟 ", "同盟"),
        ("延伸威慑 ", "延伸威慑"),
        ("加沙", "加沙"),
    ] {
        let response = searcher.search(query, &SearchOptions::default());
        let hit = &response.hits[0];
        let snippet = &hit.snippet;
        assert!(!snippet.highlights.is_empty(), "{query:?}");
        for &(s, e) in &snippet.highlights {
            // A word of several bigrams is one span, exactly the word.
            assert_eq!(
                &snippet.text[s..e],
                marked,
                "{query:?} in {:?}",
                snippet.text
            );
        }
    }
    // Titles too.
    let response = searcher.search("同盟 ", &SearchOptions::default());
    let hit = &response.hits[0];
    let title: Vec<&str> = hit
        .title_highlights
        .iter()
        .map(|&(s, e)| &hit.doc.title[s..e])
        .collect();
    assert_eq!(title, ["同盟"]);
}

#[test]
fn decomposed_and_precomposed_text_find_each_other() {
    let config = parse_config(Path::new("x/bakedsearch.toml"), "language = \"french\"\n").unwrap();
    let docs = [
        doc("nfc", "Le résumé", "Un résumé du café."),
        doc("nfd", "Une note", "Une e\u{301}tude de marche\u{301}."),
    ];
    let image = build_image_with(&docs, &config, "x").unwrap();
    let searcher = Searcher::new(Index::open(&image).unwrap());
    assert_eq!(ids(&searcher, "re\u{301}sume\u{301} "), ["nfc"]);
    assert_eq!(ids(&searcher, "résumé "), ["nfc"]);
    assert_eq!(ids(&searcher, "étude "), ["nfd"]);
    assert_eq!(ids(&searcher, "marché "), ["nfd"]);
    assert_eq!(ids(&searcher, "etude "), ["nfd"]);
}

#[test]
fn romanian_comma_and_cedilla_letters_are_one() {
    let config = parse_config(
        Path::new("ro/bakedsearch.toml"),
        "language = \"romanian\"\n",
    )
    .unwrap();
    let docs = [
        // The cedilla forms (ş, ţ) that older keyboards and fonts produce.
        doc("cedilla", "Ştiinţa", "Ştiinţa şi ţara."),
        doc("other", "Muzica", "Un concert de muzică."),
    ];
    let image = build_image_with(&docs, &config, "ro").unwrap();
    let searcher = Searcher::new(Index::open(&image).unwrap());
    for query in ["știința ", "ştiinţa ", "stiinta ", "țara ", "tara "] {
        assert_eq!(ids(&searcher, query), ["cedilla"], "{query:?}");
    }
}

#[test]
fn new_snowball_languages_stem_at_both_ends() {
    for (language, text, query) in [
        ("russian", "Новые книги о войне", "книгами"),
        ("greek", "Η ιστορία της Αθήνας", "αθηνα"),
        ("turkish", "Yeni kitaplar çıktı", "kitap"),
        ("hungarian", "A házakban laknak", "házak"),
        ("arabic", "قرأت الكتاب", "بالكتاب"),
    ] {
        let config = parse_config(
            Path::new("x/bakedsearch.toml"),
            &format!("language = \"{language}\"\n"),
        )
        .unwrap();
        let docs = [doc("a", "x", text), doc("b", "y", "zzz qqq")];
        let image = build_image_with(&docs, &config, "x").unwrap();
        let searcher = Searcher::new(Index::open(&image).unwrap());
        assert_eq!(searcher.index().language().name(), language);
        let exact = SearchOptions {
            prefix: false,
            fuzzy: false,
            ..SearchOptions::default()
        };
        let hits: Vec<&str> = searcher
            .search(query, &exact)
            .hits
            .iter()
            .map(|h| h.doc.id)
            .collect();
        assert_eq!(hits, ["a"], "{language}: {query}");
    }
}

#[test]
fn cjk_analysis_does_not_depend_on_the_configured_language() {
    // A mixed site (English pages with Chinese, Japanese or Korean ones) configured as
    // English indexes its CJK text exactly as a CJK configuration does: only the language
    // code in META differs, so every CJK query finds the same documents.
    for name in ["korean", "chinese", "japanese"] {
        let own = example_image(name);
        let english = example_image_in(name, Some(Language::English));
        assert_eq!(own.len(), english.len(), "{name}");
        let own = Searcher::new(Index::open(&own).unwrap());
        let english = Searcher::new(Index::open(&english).unwrap());
        assert_eq!(english.index().language(), Language::English);
        for query in [
            "同盟",
            "동맹",
            "반도체를 ",
            "ガザ",
            "Samsung 半導体",
            "CHIPS",
        ] {
            assert_eq!(ids(&own, query), ids(&english, query), "{name}: {query}");
        }
    }
}
