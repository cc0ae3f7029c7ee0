//! Every way a corpus can be broken fails with the file, the line and a fix.

#![cfg(feature = "builder")]

use std::path::{Path, PathBuf};

use bakedsearch_core::build::{build_image, load_corpus, Config, CorpusError};

/// A scratch folder under the target dir, emptied first.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn fails(dir: &Path) -> CorpusError {
    let err = load_corpus(&Config::defaults(dir.to_path_buf())).expect_err("the corpus must be refused");
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
