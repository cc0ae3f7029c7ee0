//! The example corpora in `examples/` (one per source format) load as their
//! `bakedsearch.toml` says, and build into indexes that find their documents.

#![cfg(feature = "builder")]

use std::path::{Path, PathBuf};

use bakedsearch_core::indexer::{build_image_with, load_corpus, Config, Document};
use bakedsearch_core::{Index, Searcher};

mod common;

fn folder(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(name)
}

/// Loads `examples/<name>` as the build does: its configuration, then its documents.
fn load(name: &str) -> (Config, Vec<Document>) {
    let dir = folder(name);
    let config = Config::locate(Some(&dir), None, &dir)
        .unwrap_or_else(|e| panic!("examples/{name}: configuration refused:\n{e}"));
    assert!(
        config.path.is_some(),
        "examples/{name} has no bakedsearch.toml"
    );
    let corpus =
        load_corpus(&config).unwrap_or_else(|e| panic!("examples/{name}: corpus refused:\n{e}"));
    assert!(corpus.skipped.is_empty(), "{:?}", corpus.skipped);
    (config, corpus.documents)
}

fn ids(docs: &[Document]) -> Vec<&str> {
    docs.iter().map(|d| d.id.as_str()).collect()
}

fn doc<'d>(docs: &'d [Document], id: &str) -> &'d Document {
    docs.iter()
        .find(|d| d.id == id)
        .unwrap_or_else(|| panic!("no document {id:?} in {:?}", ids(docs)))
}

fn meta<'d>(doc: &'d Document, field: &str) -> Vec<&'d str> {
    doc.field_values(field)
}

fn meta_keys(doc: &Document) -> Vec<&str> {
    doc.meta.keys().map(String::as_str).collect()
}

/// Builds the index of an example and returns the ids of the hits for `query`, best first.
fn search(name: &str, config: &Config, docs: &[Document], query: &str) -> Vec<String> {
    let image = build_image_with(docs, config, name)
        .unwrap_or_else(|e| panic!("examples/{name}: build failed:\n{e}"));
    let index = Index::open(&image).expect("a fresh image opens");
    common::ids(&Searcher::new(index), query)
}

#[test]
fn markdown_yaml_and_toml_front_matter() {
    let (config, docs) = load("markdown");
    assert_eq!(
        ids(&docs),
        [
            "configuration",
            "getting-started",
            "restore",
            "guides/scheduling",
            "reference/cli",
            "troubleshooting",
        ]
    );

    let start = doc(&docs, "getting-started");
    assert_eq!(start.title, "Getting started with skiff");
    assert_eq!(start.date.as_deref(), Some("2024-01-15"));
    assert_eq!(meta(start, "category"), ["guide"]);
    assert_eq!(meta(start, "tags"), ["install", "setup", "snapshots"]);
    // `description` is mapped to the searched field `summary`; the nested `menu` is ignored.
    assert_eq!(
        meta(start, "summary"),
        ["Install skiff, take a first snapshot, and check that it restores."]
    );
    assert_eq!(meta_keys(start), ["category", "summary", "tags"]);
    // The body is the Markdown after the front matter, rendered to text: the heading's
    // text, `**snapshot**` as `snapshot`, inline code and code blocks as they are.
    assert!(start.text.starts_with(
        "Getting started with skiff\nskiff copies a folder to a backup location as a \
         snapshot: a dated"
    ));
    assert!(start
        .text
        .contains("put the\nskiff binary somewhere on your PATH. Check the installation with:\nskiff --version\n"));
    assert!(!start.text.contains("**") && !start.text.contains("```"));
    // Its h2 headings are its sections, with GitHub's anchors.
    let sections = |doc: &Document| -> Vec<(String, String)> {
        doc.sections
            .iter()
            .map(|s| {
                assert!(doc.text[s.offset..].starts_with(&s.heading));
                (s.id.clone(), s.heading.clone())
            })
            .collect()
    };
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter().map(|&(a, b)| (a.into(), b.into())).collect()
    };
    assert_eq!(
        sections(start),
        pairs(&[
            ("install", "Install"),
            ("your-first-snapshot", "Your first snapshot"),
            ("check-it", "Check it"),
        ])
    );
    // Quotes are dropped from slugs; an explicit `{#id}` wins.
    assert_eq!(
        sections(doc(&docs, "troubleshooting")),
        pairs(&[
            ("repository-is-locked", "\"repository is locked\""),
            (
                "permission-denied-while-reading",
                "\"permission denied\" while reading"
            ),
            ("disk-full", "The backup disk is full"),
        ])
    );

    let configuration = doc(&docs, "configuration");
    assert_eq!(configuration.title, "Configuration file");
    assert_eq!(
        meta(configuration, "tags"),
        ["configuration", "exclude", "retention"]
    );
    // An unquoted second colon, as simple `key: value` front matter writes it.
    assert_eq!(
        doc(&docs, "troubleshooting").title,
        "Troubleshooting: common errors"
    );
    // Title from the first `# ` heading when the front matter has none.
    assert_eq!(doc(&docs, "reference/cli").title, "Command reference");

    // TOML front matter: a bare date, a datetime, an id override, a nested table ignored.
    let scheduling = doc(&docs, "guides/scheduling");
    assert_eq!(scheduling.date.as_deref(), Some("2024-02-03"));
    assert_eq!(meta(scheduling, "tags"), ["schedule", "cron", "systemd"]);
    let restore = doc(&docs, "restore");
    assert_eq!(restore.title, "Restoring files from a snapshot");
    assert_eq!(restore.date.as_deref(), Some("2024-02-20T09:30:00Z"));
    assert_eq!(meta_keys(restore), ["category", "summary", "tags"]);

    let hits = search("markdown", &config, &docs, "crontab");
    assert_eq!(hits.first().map(String::as_str), Some("guides/scheduling"));
}

#[test]
fn html_pages_meta_headings_and_dates() {
    let (config, docs) = load("html");
    assert_eq!(
        ids(&docs),
        [
            "about",
            "guides/feeding-a-starter",
            "recipes/country-sourdough",
            "recipes/red-lentil-soup",
            "recipes/skillet-flatbread",
        ]
    );

    let bread = doc(&docs, "recipes/country-sourdough");
    assert_eq!(bread.title, "Country sourdough | Hearth & Crumb");
    assert_eq!(
        bread.url.as_deref(),
        Some("https://hearth.example/recipes/country-sourdough")
    );
    assert_eq!(bread.date.as_deref(), Some("2023-10-07T08:00:00Z"));
    // keywords → tags and article:section → category, by [mapping.html].
    assert_eq!(meta(bread, "tags"), ["bread", "sourdough", "dutch oven"]);
    assert_eq!(meta(bread, "category"), ["bread"]);
    assert_eq!(
        meta(bread, "headings"),
        [
            "Country sourdough",
            "Mix and rest",
            "Stretch and fold",
            "Shape, chill and bake"
        ]
    );
    assert_eq!(
        meta(bread, "description"),
        ["An open-crumb loaf with a crackling crust, baked in a Dutch oven."]
    );
    // Every other <meta> stays under its own name, the date's source included.
    assert_eq!(
        meta_keys(bread),
        [
            "article:published_time",
            "category",
            "description",
            "headings",
            "tags"
        ]
    );
    assert!(bread
        .text
        .starts_with("Country sourdough\nThis loaf takes two days"));
    for hidden in ["analytics", "max-width", "Recipes", "©"] {
        assert!(
            !bread.text.contains(hidden),
            "{hidden:?} in {:?}",
            bread.text
        );
    }
    assert!(bread.text.contains("100 g of starter"));

    // Dates: <meta name="date">, then the first <time datetime>.
    let soup = doc(&docs, "recipes/red-lentil-soup");
    assert_eq!(soup.date.as_deref(), Some("2023-11-18"));
    assert!(!soup.text.contains("Related"), "{:?}", soup.text);
    let flatbread = doc(&docs, "recipes/skillet-flatbread");
    assert_eq!(flatbread.date.as_deref(), Some("2024-01-09"));
    assert_eq!(meta(flatbread, "headings").last(), Some(&"Serve with"));

    let about = doc(&docs, "about");
    assert_eq!(about.title, "About Hearth & Crumb");
    assert_eq!((about.date.as_deref(), about.url.as_deref()), (None, None));
    assert_eq!(meta(about, "tags"), Vec::<&str>::new());
    assert!(!about.text.contains("TODO"));

    let hits = search("html", &config, &docs, "cumin");
    assert_eq!(hits, ["recipes/red-lentil-soup"]);
}

#[test]
fn text_files_with_and_without_front_matter() {
    let (config, docs) = load("text");
    assert_eq!(
        ids(&docs),
        [
            "heron-marsh",
            "millbrook-falls",
            "north-ridge-loop",
            "old-quarry-path",
            "winter-notes",
        ]
    );
    let ridge = doc(&docs, "north-ridge-loop");
    assert_eq!(ridge.title, "North Ridge loop");
    assert_eq!(ridge.date.as_deref(), Some("2023-09-16"));
    // `area` is mapped to region by [mapping.text]; `source` is kept under its own name.
    assert_eq!(meta(ridge, "region"), ["Northern fells"]);
    assert_eq!(meta(ridge, "difficulty"), ["hard"]);
    assert_eq!(meta(ridge, "tags"), ["ridge", "views", "scramble"]);
    assert_eq!(meta(ridge, "source"), ["Club walk report"]);
    assert_eq!(meta_keys(ridge), ["difficulty", "region", "source", "tags"]);
    assert!(ridge.text.starts_with("Fourteen kilometres"));
    assert_eq!(
        doc(&docs, "millbrook-falls").title,
        "Millbrook Falls: the long way round"
    );
    // No front matter: the whole file is the body, the title is the id.
    let winter = doc(&docs, "winter-notes");
    assert_eq!(winter.title, "winter-notes");
    assert_eq!((winter.date.as_deref(), winter.meta.len()), (None, 0));
    let file = std::fs::read_to_string(folder("text/winter-notes.txt")).unwrap();
    assert_eq!(winter.text, file);

    let hits = search("text", &config, &docs, "harriers");
    assert_eq!(hits, ["heron-marsh"]);
}

#[test]
fn json_array_with_mapped_keys() {
    let (config, docs) = load("json");
    assert_eq!(
        ids(&docs),
        [
            "salt-roads",
            "cartographers-daughter",
            "small-engines",
            "night-ferry",
            "winter-garden",
        ]
    );
    let memoir = doc(&docs, "cartographers-daughter");
    assert_eq!(memoir.title, "The Cartographer's Daughter");
    assert!(memoir
        .text
        .starts_with("Growing up among her father's survey sheets"));
    assert_eq!(memoir.date.as_deref(), Some("2022-09-14"));
    assert_eq!(
        memoir.url.as_deref(),
        Some("https://lantern.example/books/cartographers-daughter")
    );
    assert_eq!(meta(memoir, "category"), ["memoir"]);
    assert_eq!(meta(memoir, "tags"), ["maps", "childhood", "Lisbon"]);
    assert_eq!(meta(memoir, "author"), ["Ines Ferreira"]);
    // Unmapped keys keep their own names; numbers and booleans become text.
    assert_eq!(meta(memoir, "pages"), ["240"]);
    assert_eq!(meta_keys(memoir), ["author", "category", "pages", "tags"]);
    assert_eq!(meta(doc(&docs, "winter-garden"), "in_print"), ["true"]);
    // Partial ISO dates are kept as written.
    assert_eq!(doc(&docs, "salt-roads").date.as_deref(), Some("2021-05"));
    assert_eq!(doc(&docs, "small-engines").date.as_deref(), Some("2019"));

    let hits = search("json", &config, &docs, "lawnmowers");
    assert_eq!(hits, ["small-engines"]);
}

#[test]
fn jsonl_records_with_default_keys() {
    let (config, docs) = load("jsonl");
    assert_eq!(
        ids(&docs),
        [
            "unlock-a-bike",
            "return-full-station",
            "e-bike-battery",
            "report-damage",
            "winter-service-2023",
            "new-stations-harbour",
        ]
    );
    let winter = doc(&docs, "winter-service-2023");
    assert_eq!(winter.title, "Winter service: fewer e-bikes in icy weather");
    assert_eq!(winter.date.as_deref(), Some("2023-11-28T09:00:00+01:00"));
    assert_eq!(winter.url.as_deref(), Some("/news/winter-service-2023"));
    assert_eq!(meta(winter, "source"), ["Service notices"]);
    assert_eq!(meta(winter, "tags"), ["e-bike", "winter"]);
    assert_eq!(meta_keys(winter), ["source", "tags"]);
    assert_eq!(
        meta(doc(&docs, "unlock-a-bike"), "tags"),
        ["app", "getting started"]
    );

    let hits = search("jsonl", &config, &docs, "spanner");
    assert_eq!(hits, ["report-damage"]);
}
