//! The issue's identical-ranking test: for every MDN dev query, the split layout returns
//! the same ids in the same order, with the same scores (as bits), snippets, highlights,
//! sections, totals and corrections, as the embedded layout built from the same corpus.
//! Each query starts cold (no shard fetched), as a visitor's first query does.
//!
//! It builds MDN (about a minute in release, several in debug), so it is ignored by default:
//!
//! ```text
//! cargo test --release --test split_mdn -- --ignored
//! ```
//!
//! The corpus is `../shared/corpora/mdn` beside the checkout (or `MDN_CORPUS`, a folder with
//! docs.jsonl.gz and queries.dev.jsonl); without it the test says so and passes.

#![cfg(not(target_arch = "wasm32"))]

use std::io::Read;
use std::path::{Path, PathBuf};

use bakedsearch_core::indexer::{build_image_with, load_corpus, Config};
use bakedsearch_core::read::SplitPages;
use bakedsearch_core::split::{search_rounds, shown, split_image, SplitTargets};
use bakedsearch_core::{Index, SearchOptions, Searcher};

fn corpus_dir() -> PathBuf {
    match std::env::var_os("MDN_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/mdn"),
    }
}

#[test]
#[ignore = "builds MDN: cargo test --release --test split_mdn -- --ignored"]
fn every_mdn_dev_query_ranks_identically_in_the_split_layout() {
    let dir = corpus_dir();
    let (docs, queries) = (dir.join("docs.jsonl.gz"), dir.join("queries.dev.jsonl"));
    if !docs.exists() || !queries.exists() {
        eprintln!(
            "skipped: no MDN corpus at {} (docs.jsonl.gz, queries.dev.jsonl); set MDN_CORPUS",
            dir.display()
        );
        return;
    }
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(&docs).unwrap())
        .read_to_end(&mut text)
        .unwrap();
    let plain = std::env::temp_dir().join(format!("split-mdn-{}.jsonl", std::process::id()));
    std::fs::write(&plain, text).unwrap();
    let config = Config::defaults(plain.clone());
    let corpus = load_corpus(&config);
    let _ = std::fs::remove_file(&plain);
    let image = build_image_with(&corpus.unwrap().documents, &config, "mdn").unwrap();
    let split = split_image(&image, &SplitTargets::default()).unwrap();
    let embedded = Searcher::new(Index::open(&image).unwrap());
    let options = SearchOptions::default();
    let texts: Vec<String> = std::fs::read_to_string(&queries)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["text"].as_str().unwrap().to_owned()
        })
        .collect();
    assert!(texts.len() >= 600, "{} queries", texts.len());
    let mut differ = Vec::new();
    for q in &texts {
        let pages = SplitPages::open(&split.image).unwrap().unwrap();
        let searcher = Searcher::new(Index::open_split(&split.image, &pages).unwrap());
        let (got, _) = search_rounds(&searcher, &pages, &split.shards, q, &options).unwrap();
        if shown(&got) != shown(&embedded.search(q, &options)) {
            differ.push(q.clone());
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {} differ: {differ:?}",
        differ.len(),
        texts.len()
    );
}
