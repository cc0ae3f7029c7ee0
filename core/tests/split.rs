//! The split layout gives exactly the embedded layout's results: every query of a list
//! (words, prefixes, typos, phrases, exclusions, filters, date order, sections) over corpora
//! split into many small shards returns the same ids in the same order, with the same scores,
//! snippets, highlights, sections, totals, corrections and facet counts; the rounds converge
//! and are few. Plus the golden split of the seeds (shard names and sizes). MDN's dev queries
//! are the `#[ignore]` test in `tests/split_mdn.rs` of the root crate.

#![cfg(feature = "builder")]

mod common;
use common::seeds_image;

use std::path::Path;

use bakedsearch_core::indexer::{build_image_with, load_corpus, Config, Document};
use bakedsearch_core::read::SplitPages;
use bakedsearch_core::search::{Filter, Sort};
use bakedsearch_core::split::{search_rounds, shown, split_image, SplitImage, SplitTargets};
use bakedsearch_core::{Index, SearchOptions, Searcher};

/// Tiny shards: nearly every term, document head and body is a shard of its own.
const TINY: SplitTargets = SplitTargets {
    dictionary: 64,
    postings: 64,
    positions: 64,
    heads: 200,
    bodies: 300,
};

/// Runs every query in both layouts; returns (rounds, shards fetched) per query.
fn compare(
    image: &[u8],
    split: &SplitImage,
    queries: &[(String, SearchOptions)],
) -> Vec<(usize, usize)> {
    let embedded = Searcher::new(Index::open(image).unwrap());
    let mut stats = Vec::new();
    // Each query from a cold start (nothing fetched), as a first query would.
    for (q, options) in queries {
        let pages = SplitPages::open(&split.image).unwrap().unwrap();
        let searcher = Searcher::new(Index::open_split(&split.image, &pages).unwrap());
        let (got, fetched) = search_rounds(&searcher, &pages, &split.shards, q, options).unwrap();
        let want = embedded.search(q, options);
        assert_eq!(shown(&got), shown(&want), "query {q:?} {options:?}");
        stats.push((fetched.rounds, fetched.shards.len()));
    }
    // And one warm session: every query after the others, the shards accumulating.
    let pages = SplitPages::open(&split.image).unwrap().unwrap();
    let searcher = Searcher::new(Index::open_split(&split.image, &pages).unwrap());
    for (q, options) in queries {
        let (got, _) = search_rounds(&searcher, &pages, &split.shards, q, options).unwrap();
        assert_eq!(
            shown(&got),
            shown(&embedded.search(q, options)),
            "warm {q:?}"
        );
    }
    stats
}

const WORDS: [&str; 24] = [
    "element",
    "attribute",
    "document",
    "window",
    "fetch",
    "request",
    "response",
    "stream",
    "array",
    "buffer",
    "promise",
    "event",
    "listener",
    "canvas",
    "context",
    "shadow",
    "style",
    "selector",
    "worker",
    "message",
    "storage",
    "cookie",
    "header",
    "socket",
];

fn generated() -> (Vec<u8>, Config) {
    let docs: Vec<Document> = (0..240)
        .map(|i| {
            let w = |k: usize| WORDS[(i * 7 + k * 5) % WORDS.len()];
            let body = format!(
                "{} {} of the {} and {}. {}",
                w(0),
                w(1),
                w(2),
                w(3),
                format!("The {} sends a {} to its {}. ", w(4), w(5), w(6)).repeat(1 + i % 9)
            );
            let mut meta = std::collections::BTreeMap::new();
            meta.insert("source".to_string(), vec![format!("s{}", i % 4)]);
            Document {
                id: format!("page-{i}"),
                title: format!("{} {}", w(0), w(7)),
                sections: vec![bakedsearch_core::indexer::section::Section {
                    id: format!("part-{i}"),
                    heading: w(4).to_string(),
                    offset: body.find("The ").unwrap(),
                }],
                text: body,
                url: Some(format!("/docs/{i}")),
                date: (i % 3 != 0).then(|| format!("2023-{:02}-{:02}", 1 + i % 12, 1 + i % 28)),
                meta,
            }
        })
        .collect();
    let mut config = Config::defaults("generated".into());
    config.facets = vec!["source".into()];
    (
        build_image_with(&docs, &config, "generated").unwrap(),
        config,
    )
}

fn queries() -> Vec<(String, SearchOptions)> {
    let mut texts: Vec<String> = Vec::new();
    for (k, w) in WORDS.iter().enumerate() {
        texts.push(w.to_string());
        texts.push(w[..2].to_string());
        texts.push(w[..w.len() - 2].to_string());
        let typo: String = w
            .chars()
            .enumerate()
            .filter(|&(i, _)| i != 2)
            .map(|(_, c)| c)
            .collect();
        texts.push(typo);
        let next = WORDS[(k + 3) % WORDS.len()];
        texts.push(format!("{w} {next}"));
        texts.push(format!("\"{w} {next}\""));
        texts.push(format!("{w} -{next}"));
        texts.push(format!("{w} OR {next} sends"));
    }
    // A typo in each of ten words, and a quoted eight-word sentence of the corpus: each
    // word's pages come in the same round (one word a round took 10 and 8 rounds).
    let typo = |w: &str| format!("{}{}", &w[..2], &w[3..]);
    texts.push(
        WORDS[..10]
            .iter()
            .map(|w| typo(w))
            .collect::<Vec<_>>()
            .join(" "),
    );
    texts.push("\"the storage sends a attribute to its response\"".into());
    texts.push(String::new());
    texts.push("nothingmatchesthis".into());
    let mut out: Vec<(String, SearchOptions)> = texts
        .iter()
        .map(|t| (t.clone(), SearchOptions::default()))
        .collect();
    for t in texts.iter().step_by(7) {
        out.push((
            t.clone(),
            SearchOptions {
                sort: Sort::Newest,
                facets: true,
                filters: vec![Filter {
                    field: "source".into(),
                    values: vec!["s1".into(), "s2".into()],
                }],
                offset: 3,
                ..SearchOptions::default()
            },
        ));
    }
    out.push((
        String::new(),
        SearchOptions {
            sort: Sort::Oldest,
            ..SearchOptions::default()
        },
    ));
    out
}

#[test]
fn a_generated_corpus_in_tiny_shards_ranks_identically() {
    let (image, _) = generated();
    let split = split_image(&image, &TINY).unwrap();
    assert!(split.shards.len() > 100, "{} shards", split.shards.len());
    let stats = compare(&image, &split, &queries());
    // Rounds: dictionary pages, postings, positions, heads, bodies at most, and one more
    // for a word that needs typo correction (its exact page first, then the pages the
    // correction reads); a query with no word reads heads (dates) and bodies only.
    let qs = queries();
    for (s, q) in stats.iter().zip(&qs) {
        assert!(s.0 <= 6, "{} rounds for {q:?}", s.0);
    }
    let sentence = qs
        .iter()
        .position(|q| q.0.starts_with("\"the storage"))
        .unwrap();
    assert!(
        stats[sentence].1 > 8,
        "the sentence reads its words' shards"
    );
    assert!(
        stats.iter().any(|s| s.0 >= 3),
        "some queries read postings, heads and bodies"
    );
}

#[test]
fn default_shards_rank_identically_on_markdown_with_sections() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/markdown");
    let config = Config::locate(Some(&dir), None, &dir).unwrap();
    let corpus = load_corpus(&config).unwrap();
    let image = build_image_with(&corpus.documents, &config, "markdown").unwrap();
    for targets in [SplitTargets::default(), TINY] {
        let split = split_image(&image, &targets).unwrap();
        compare(&image, &split, &queries());
    }
}

#[test]
fn the_seeds_split_matches_its_golden_listing() {
    let image = seeds_image();
    let split = split_image(&image, &SplitTargets::default()).unwrap();
    assert_eq!(
        split,
        split_image(&image, &SplitTargets::default()).unwrap(),
        "deterministic"
    );
    let mut listing = format!("image {} bytes\n", split.image.len());
    for (name, bytes) in &split.shards {
        listing += &format!("{name} {}\n", bytes.len());
    }
    // Golden: refresh on purpose (format, analyzer, seeds or shard sizes) with the printed
    // listing.
    let golden = include_str!("golden/seeds-split.txt");
    assert_eq!(listing, golden, "seeds split changed:\n{listing}");
    let queries: Vec<(String, SearchOptions)> = [
        "extended deterrence",
        "inflation",
        "deterence camp",
        "korea -north",
    ]
    .iter()
    .map(|q| (q.to_string(), SearchOptions::default()))
    .collect();
    compare(&image, &split, &queries);
}

#[test]
fn an_embedded_reader_refuses_a_split_image_with_the_fix() {
    let (image, _) = generated();
    let split = split_image(&image, &SplitTargets::default()).unwrap();
    let err = Index::open(&split.image).unwrap_err();
    assert!(err.to_string().contains("searchAsync"), "{err}");
    assert!(
        SplitPages::open(&image).unwrap().is_none(),
        "an embedded image has no pages"
    );
}

#[test]
fn results_without_snippets_or_sections_fetch_no_body() {
    use bakedsearch_core::format::{shard_first_kind, SectionKind};
    let (image, _) = generated();
    let split = split_image(&image, &TINY).unwrap();
    // A body shard is one STORE piece; a head shard starts with its DOCS rows.
    let bodies_read = |options: &SearchOptions| {
        let pages = SplitPages::open(&split.image).unwrap().unwrap();
        let searcher = Searcher::new(Index::open_split(&split.image, &pages).unwrap());
        let (got, fetched) =
            search_rounds(&searcher, &pages, &split.shards, "stream buffer", options).unwrap();
        assert!(!got.hits.is_empty());
        fetched
            .shards
            .iter()
            .filter(|&&n| shard_first_kind(&split.shards[n as usize].1) == Some(SectionKind::Store))
            .count()
    };
    let bare = SearchOptions {
        snippets: false,
        sections: 0,
        ..SearchOptions::default()
    };
    assert_eq!(bodies_read(&bare), 0, "ids and titles need no body");
    // Snippets, or the sections of pages that have them, read the bodies of the page shown.
    let with_sections = SearchOptions {
        snippets: false,
        ..SearchOptions::default()
    };
    assert!(bodies_read(&with_sections) > 0);
    assert!(bodies_read(&SearchOptions::default()) > 0);
}
