//! Every way a corpus can be broken fails with the file, the line and a fix.
//!
//! `tests/broken/<case>/` holds one small broken corpus per case, committed as files (with
//! its `bakedsearch.toml` when the case needs one); the tests below it build scratch corpora.

#![cfg(feature = "builder")]

use std::path::{Path, PathBuf};

use bakedsearch_core::build::{build_image, load_corpus, Config, CorpusError};

/// Loads `tests/broken/<case>` as the build does (its configuration, then its documents)
/// and returns the error it must fail with.
fn broken(case: &str) -> CorpusError {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/broken")
        .join(case);
    assert!(dir.is_dir(), "missing case folder {}", dir.display());
    let result = Config::locate(Some(&dir), None, &dir).and_then(|config| load_corpus(&config));
    match result {
        Ok(corpus) => panic!(
            "case {case}: the corpus must be refused, but it loaded {} documents",
            corpus.documents.len()
        ),
        Err(err) => err,
    }
}

/// Asserts where `case` fails (the file's name, the line) and the key words of its message
/// and fix; the printed error must show both, as `file:line: message` then `  fix: …`.
fn check(case: &str, file: &str, line: Option<usize>, message: &[&str], fix: &[&str]) {
    let err = broken(case);
    let shown = err.to_string();
    assert!(
        err.path.file_name().is_some_and(|n| n == file),
        "case {case}: expected the error in {file}, got:\n{shown}"
    );
    assert_eq!(err.line, line, "case {case}: wrong line in:\n{shown}");
    for words in message {
        assert!(
            err.message.contains(words),
            "case {case}: message lacks {words:?}:\n{shown}"
        );
    }
    for words in fix {
        assert!(
            err.fix.contains(words),
            "case {case}: fix lacks {words:?}:\n{shown}"
        );
    }
    let location = match line {
        Some(l) => format!("{file}:{l}: "),
        None => format!("{file}: "),
    };
    assert!(
        shown.contains(&location),
        "case {case}: {location:?} not in:\n{shown}"
    );
    assert!(
        shown.contains("\n  fix: "),
        "case {case}: no fix line in:\n{shown}"
    );
}

#[test]
fn broken_invalid_utf8() {
    check(
        "invalid-utf8",
        "notes.md",
        Some(5),
        &["invalid UTF-8 at byte"],
        &["save the file as UTF-8"],
    );
}

#[test]
fn broken_yaml_indentation() {
    check(
        "yaml-indentation",
        "summit.md",
        Some(5),
        &["invalid YAML front matter", "did not find expected key"],
        &["`key: value`", "`- a`"],
    );
}

#[test]
fn broken_yaml_line_without_a_key() {
    check(
        "yaml-not-a-pair",
        "memo.md",
        Some(3),
        &["invalid YAML front matter", "not `key: value`"],
        &["`key: value`"],
    );
}

#[test]
fn broken_yaml_never_closed() {
    check(
        "yaml-unclosed",
        "draft.md",
        Some(1),
        &["YAML front matter", "never closed"],
        &["only `---`"],
    );
}

#[test]
fn broken_yaml_duplicate_key() {
    check(
        "yaml-duplicate-key",
        "post.md",
        Some(5),
        &["\"title\" appears twice (first on line 2)"],
        &["keep one"],
    );
}

#[test]
fn broken_toml_front_matter() {
    check(
        "toml-syntax",
        "release.md",
        Some(2),
        &["invalid TOML front matter", "quoted"],
        &["title = \"My page\"", "`+++`"],
    );
}

#[test]
fn broken_title_is_a_list() {
    check(
        "title-is-a-list",
        "post.md",
        Some(2),
        &["front matter key \"title\" is a list, but title takes one text value"],
        &["single value"],
    );
}

#[test]
fn broken_configured_field_is_a_map() {
    check(
        "nested-facet",
        "guide.md",
        Some(3),
        &[
            "\"category\" is a map",
            "bakedsearch.toml uses it as the field category",
        ],
        &["text or a list of text", "remove category"],
    );
}

#[test]
fn broken_no_body() {
    check(
        "no-body",
        "empty.md",
        Some(4),
        &["document has no body text"],
        &["after the front matter"],
    );
}

#[test]
fn broken_html_without_text() {
    check(
        "html-no-text",
        "menu.html",
        None,
        &["no visible text"],
        &["<main>"],
    );
}

#[test]
fn broken_dates() {
    let fix: &[&str] = &["YYYY-MM-DD", "sort as text"];
    check(
        "bad-date-yaml",
        "trip.md",
        Some(3),
        &["date \"04/26/2023\" is not an ISO 8601 date"],
        fix,
    );
    check(
        "bad-date-json",
        "records.jsonl",
        Some(2),
        &["date \"14 March 2023\" is not an ISO 8601 date"],
        fix,
    );
    check(
        "bad-date-html",
        "page.html",
        Some(5),
        &["date \"last Tuesday\" is not an ISO 8601 date"],
        fix,
    );
}

#[test]
fn broken_json() {
    check(
        "invalid-json",
        "records.jsonl",
        Some(2),
        &["invalid JSON at column 35: EOF while parsing an object"],
        &["one complete JSON object per line"],
    );
    check(
        "jsonl-no-id",
        "records.jsonl",
        Some(3),
        &["record has no \"id\""],
        &["\"id\"", "[mapping.json] id"],
    );
    // Records of a .json array are located too.
    check(
        "json-array-no-id",
        "records.json",
        Some(6),
        &["record has no \"id\""],
        &["[mapping.json] id"],
    );
}

#[test]
fn broken_duplicate_ids() {
    check(
        "duplicate-ids",
        "news.jsonl",
        Some(3),
        &["duplicate document id \"alliance-70\"", "news.jsonl:1)"],
        &["unique id"],
    );
}

#[test]
fn broken_empty_corpus() {
    let err = broken("empty");
    assert!(err.path.ends_with("empty"), "{err}");
    assert_eq!(err.line, None, "{err}");
    assert!(err.message.contains("no documents"), "{err}");
    assert!(
        err.fix.contains(".md, .txt, .html, .json or .jsonl"),
        "{err}"
    );
}

#[test]
fn broken_configuration() {
    check(
        "unknown-config-key",
        "bakedsearch.toml",
        Some(3),
        &["invalid configuration", "unknown field `facet`"],
        &["known keys", "facets"],
    );
    check(
        "body-mapped-for-markdown",
        "bakedsearch.toml",
        Some(3),
        &["[mapping.markdown] maps body"],
        &["remove `body`"],
    );
}

#[test]
fn broken_mappings() {
    // The mapped key is in no record: the first record is refused.
    check(
        "mapping-missing-key",
        "records.json",
        Some(2),
        &["record has no \"contents\" (mapped to body by bakedsearch.toml)"],
        &["\"contents\"", "[mapping.json] body"],
    );
    // A mapped key that no document has is a typo: the first document names it.
    check(
        "mapping-unused-key",
        "a.md",
        Some(1),
        &["front matter has no \"headline\" (mapped to title by bakedsearch.toml)"],
        &["[mapping.markdown]", "keys: heading"],
    );
}

/// A scratch folder under the target dir, emptied first.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn fails(dir: &Path) -> CorpusError {
    let err =
        load_corpus(&Config::defaults(dir.to_path_buf())).expect_err("the corpus must be refused");
    let text = err.to_string();
    assert!(text.contains("fix: "), "no fix in: {text}");
    err
}

#[test]
fn invalid_utf8_names_file_and_line() {
    let dir = scratch("utf8");
    std::fs::write(
        dir.join("a.md"),
        b"---\ntitle: a\n---\nline\n\xff\xfe broken\n",
    )
    .unwrap();
    let err = fails(&dir);
    assert!(err.path.ends_with("a.md"));
    assert_eq!(err.line, Some(5));
    assert!(err.message.contains("invalid UTF-8"), "{err}");
}

#[test]
fn broken_front_matter() {
    let dir = scratch("front-matter");
    std::fs::write(
        dir.join("b.md"),
        "---\ntitle: b\nthis line has no colon\n---\nbody\n",
    )
    .unwrap();
    let err = fails(&dir);
    assert_eq!(err.line, Some(3));
    let dir = scratch("front-matter-open");
    std::fs::write(dir.join("c.md"), "---\ntitle: c\n").unwrap();
    assert!(fails(&dir).message.contains("never closed"));
}

#[test]
fn missing_body() {
    let dir = scratch("no-body");
    std::fs::write(dir.join("d.md"), "---\ntitle: d\n---\n\n   \n").unwrap();
    assert!(fails(&dir).message.contains("no body"));
    let dir = scratch("no-body-json");
    std::fs::write(dir.join("e.jsonl"), "{\"id\": \"1\", \"title\": \"t\"}\n").unwrap();
    let err = fails(&dir);
    assert_eq!(err.line, Some(1));
    assert!(err.message.contains("no body"));
}

#[test]
fn record_without_id_and_invalid_json() {
    let dir = scratch("no-id");
    std::fs::write(
        dir.join("f.jsonl"),
        "{\"id\": 1, \"text\": \"x\"}\n{\"text\": \"y\"}\n",
    )
    .unwrap();
    let err = fails(&dir);
    assert_eq!(err.line, Some(2));
    assert!(err.message.contains("no \"id\""));
    let dir = scratch("bad-json");
    std::fs::write(dir.join("g.json"), "[{\"id\": 1, \"text\": \"x\"},\n oops]").unwrap();
    let err = fails(&dir);
    assert_eq!(err.line, Some(2));
}

#[test]
fn duplicate_ids_name_both_places() {
    let dir = scratch("duplicates");
    std::fs::write(dir.join("h.jsonl"), "{\"id\": \"same\", \"text\": \"x\"}\n").unwrap();
    std::fs::write(dir.join("i.md"), "---\nid: same\n---\nbody\n").unwrap();
    let err = fails(&dir);
    assert!(err.path.ends_with("i.md"));
    assert!(
        err.message.contains("duplicate document id \"same\""),
        "{err}"
    );
    assert!(err.message.contains("h.jsonl:1"), "{err}");
}

#[test]
fn html_without_text() {
    let dir = scratch("html-empty");
    std::fs::write(
        dir.join("x.html"),
        "<html><body><nav>only navigation</nav></body></html>",
    )
    .unwrap();
    let err = fails(&dir);
    assert!(err.message.contains("no visible text"), "{err}");
}

#[test]
fn empty_or_missing_corpus() {
    let dir = scratch("empty");
    std::fs::write(dir.join("notes.pdf"), "not a document format").unwrap();
    assert!(fails(&dir).message.contains("no documents"));
    assert!(fails(&dir.join("missing"))
        .message
        .contains("does not exist"));
}

#[test]
fn a_good_mixed_corpus_builds() {
    let dir = scratch("mixed");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(
        dir.join("a.md"),
        "# Heading title\nMarkdown body about camp david.\n",
    )
    .unwrap();
    std::fs::write(dir.join("sub/b.txt"), "Plain text body.\n").unwrap();
    std::fs::write(
        dir.join("c.jsonl"),
        "{\"id\": 3, \"title\": \"T\", \"text\": \"json line\", \"url\": \"/c\"}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("d.json"),
        "[{\"id\": \"d\", \"body\": \"array record\"}]",
    )
    .unwrap();
    std::fs::write(
        dir.join("sub/e.html"),
        "<html><head><title>Page</title></head><body><nav>menu</nav><main>Visible text</main></body></html>",
    )
    .unwrap();
    std::fs::write(dir.join(".hidden.md"), "ignored").unwrap();
    let corpus = load_corpus(&Config::defaults(dir.clone())).unwrap();
    let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
    // Files keep their path below the corpus folder as their id.
    assert_eq!(ids, ["a", "3", "d", "sub/b", "sub/e"]);
    assert_eq!(corpus.documents[4].title, "Page");
    assert_eq!(corpus.documents[4].text, "Visible text\n");
    assert_eq!(corpus.documents[0].title, "Heading title");
    assert_eq!(corpus.documents[1].url.as_deref(), Some("/c"));
    assert!(build_image(&corpus.documents, "mixed").is_ok());
}
