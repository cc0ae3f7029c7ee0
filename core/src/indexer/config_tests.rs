//! Tests of the configuration parser (`config.rs`).
use super::*;

fn parse(text: &str) -> Result<Config, CorpusError> {
    parse_config(Path::new("site/bakedsearch.toml"), text)
}

#[test]
fn empty_file_is_the_defaults_for_its_folder() {
    let config = parse("").unwrap();
    assert_eq!(config.corpus, Path::new("site"));
    assert_eq!(config.fields, default_fields());
    assert_eq!(config.language, Language::English);
    assert!(!config.site);
}

#[test]
fn site_mode() {
    assert!(parse("site = true\n").unwrap().site);
    assert!(!parse("site = false\n").unwrap().site);
    let err = parse("\nsite = \"yes\"\n").unwrap_err();
    assert_eq!(err.line, Some(2), "{err}");
}

#[test]
fn full_example_parses() {
    let config = parse(
        r#"
corpus = "content"
language = "French"
stop_words = ["Selon"]
synonyms = [["ROK", "South Korea"]]
display = ["source", "tags", "source"]
facets = ["source", "year"]

[fields]
tags = { weight = 1.5 }
body = {}
title = { weight = 3.0, b = 0.4 }

[mapping.json]
id = "slug"
body = "content"
"#,
    )
    .unwrap();
    assert_eq!(config.corpus, Path::new("site/content"));
    assert_eq!(config.language, Language::French);
    assert_eq!(config.stop_words, ["selon"]);
    let names: Vec<&str> = config.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["title", "body", "tags"]);
    assert_eq!((config.fields[0].weight, config.fields[0].b), (3.0, 0.4));
    assert_eq!((config.fields[1].weight, config.fields[1].b), (1.0, 0.6));
    assert_eq!((config.fields[2].weight, config.fields[2].b), (1.5, 0.75));
    assert_eq!(config.display, ["source", "tags"]);
    assert_eq!(config.source_key(Format::Json, "body"), "content");
    assert_eq!(config.source_key(Format::Markdown, "body"), "body");
}

#[test]
fn unknown_key_names_the_line() {
    let err = parse("language = \"english\"\n\n[fields]\ntitle = { wieght = 2 }\n").unwrap_err();
    assert_eq!(err.line, Some(4), "{err}");
    assert!(err.message.contains("unknown field"), "{err}");
    assert!(err.fix.contains("known keys"), "{err}");
    let err = parse("langauge = \"english\"\n").unwrap_err();
    assert_eq!(err.line, Some(1), "{err}");
}

#[test]
fn bad_values_name_the_line_and_fix() {
    let err = parse("\nlanguage = \"klingon\"\n").unwrap_err();
    assert_eq!(err.line, Some(2));
    assert!(err.fix.contains("english"), "{err}");
    let err = parse("[fields]\ntitle = { weight = -1 }\n").unwrap_err();
    assert_eq!(err.line, Some(2), "{err}");
    let err = parse("[fields]\nurl = {}\n").unwrap_err();
    assert!(err.message.contains("\"url\""), "{err}");
    let err = parse("synonyms = [[\"solo\"]]\n").unwrap_err();
    assert!(err.message.contains("at least two"), "{err}");
    let err = parse("display = [\"title\"]\n").unwrap_err();
    assert!(err.fix.contains("always stored"), "{err}");
    let err = parse("corpus = 3\n").unwrap_err();
    assert_eq!(err.line, Some(1), "{err}");
    let err = parse("[fields]\nbody = {}\n[mapping.markdown]\nbody = \"summary\"\n").unwrap_err();
    assert_eq!(err.line, Some(3), "{err}");
    assert!(
        err.message.contains("[mapping.markdown] maps body"),
        "{err}"
    );
}

#[test]
fn at_most_64_facets() {
    let names = |n: usize| {
        (0..n)
            .map(|i| format!("\"f{i}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    assert_eq!(
        parse(&format!("facets = [{}]", names(64)))
            .unwrap()
            .facets
            .len(),
        64
    );
    let err = parse(&format!("\nfacets = [{}]", names(65))).unwrap_err();
    assert_eq!(err.line, Some(2), "{err}");
    assert!(
        err.message.contains("65 fields; an index has at most 64"),
        "{err}"
    );
}

proptest::proptest! {
    #[test]
    fn parser_never_panics(text in "[a-z_=\\[\\]{}\", .0-9\n]{0,120}") {
        let _ = parse(&text);
    }
}

#[test]
fn layout_is_read_and_a_wrong_one_names_its_line_and_the_values() {
    use crate::indexer::layout::Layout;
    assert_eq!(parse("").unwrap().layout, Layout::Auto);
    assert_eq!(parse("layout = \"split\"").unwrap().layout, Layout::Split);
    assert_eq!(
        parse("layout = \"embedded\"").unwrap().layout,
        Layout::Embedded
    );
    let err = parse("\nlayout = \"spilt\"").unwrap_err();
    assert_eq!(err.line, Some(2), "{err}");
    assert!(
        err.to_string()
            .contains("\"embedded\", \"split\" or \"auto\""),
        "{err}"
    );
}
