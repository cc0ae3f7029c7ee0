//! Every way a corpus can be broken fails with the file, the line and a fix.
//!
//! `tests/broken/<case>/` holds one small broken corpus per case, committed as files (with
//! its `bakedsearch.toml` when the case needs one); the tests below it build scratch corpora.

#![cfg(feature = "builder")]

use std::path::{Path, PathBuf};

use bakedsearch_core::indexer::{
    build_image, load_corpus, load_corpus_with, Config, CorpusError, Limits, Warning,
};
use bakedsearch_core::{Index, Searcher};

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
    // The mapped key is in no record: a typo, named at the first record (one record without
    // it would be title-only, see `stubs_are_indexed_by_title_with_one_warning_each`).
    check(
        "mapping-missing-key",
        "records.json",
        Some(2),
        &["record has no \"contents\" (mapped to body by bakedsearch.toml)"],
        &[
            "\"contents\"",
            "[mapping.json]",
            "keys: content, slug, title",
        ],
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

/// What real sites are full of is not an error: a page with a title and no body (a stub, a
/// redirect, a title-only record) is indexed by its title, a document with no text at all
/// is skipped, each with one warning that names it.
#[test]
fn stubs_are_indexed_by_title_with_one_warning_each() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken/stubs");
    let corpus = load_corpus(&Config::defaults(dir)).unwrap();
    let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["empty", "menu", "cacm-1", "full"]);
    let titles: Vec<&str> = corpus.documents.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Nothing here yet",
            "Menu only",
            "Preliminary Report-International Algebraic Language",
            "Algol"
        ]
    );
    let shown: Vec<String> = corpus.warnings.iter().map(Warning::to_string).collect();
    let expected = [
        (
            "empty.md: ",
            "document \"empty\" has no body text: indexed by its title",
        ),
        (
            "menu.html: ",
            "document \"menu\" has no body text: indexed by its title",
        ),
        (
            "records.jsonl:1: ",
            "document \"cacm-1\" has no body text: indexed by its title",
        ),
        (
            "records.jsonl:2: ",
            "document \"blank\" has no title and no body text: skipped",
        ),
        (
            "untitled.md: ",
            "document \"untitled\" has no title and no body text: skipped",
        ),
    ];
    assert_eq!(shown.len(), expected.len(), "{shown:#?}");
    for (line, (place, message)) in shown.iter().zip(expected) {
        assert!(
            line.ends_with(&format!("{place}{message}")),
            "{line:?} is not {place}{message}"
        );
    }
    // The title-only documents are found by their titles.
    let image = build_image(&corpus.documents, "stubs").unwrap();
    let searcher = Searcher::new(Index::open_verified(&image).unwrap());
    for (query, id) in [
        ("algebraic report", "cacm-1"),
        ("menu", "menu"),
        ("nothing here", "empty"),
    ] {
        let response = searcher.search(query, &Default::default());
        assert_eq!(response.hits.first().map(|h| h.doc.id), Some(id), "{query}");
    }
}

#[test]
fn a_corpus_of_empty_documents_is_empty() {
    let dir = scratch("only-empty");
    std::fs::write(dir.join("a.md"), "---\nsource: x\n---\n\n").unwrap();
    std::fs::write(dir.join("b.jsonl"), "{\"id\": 1}\n").unwrap();
    let err = fails(&dir);
    assert!(err.message.contains("no documents"), "{err}");
}

/// A file or folder name with a line break would inject `cargo:` lines into the build
/// script's output; the walk refuses it and the error shows the name escaped, on one line.
#[test]
fn control_characters_in_paths_are_refused() {
    let dir = scratch("control-chars");
    std::fs::write(dir.join("good.md"), "# Good\nbody\n").unwrap();
    let evil = dir.join("X\ncargo:rustc-env=OUT_DIR=..");
    std::fs::create_dir_all(&evil).unwrap();
    std::fs::write(evil.join("a.md"), "# A\nbody\n").unwrap();
    let err = fails(&dir);
    assert!(err.path.ends_with("X\ncargo:rustc-env=OUT_DIR=.."), "{err}");
    assert!(err.message.contains("control character U+000A"), "{err}");
    let shown = err.to_string();
    assert_eq!(shown.lines().count(), 2, "{shown}");
    assert!(
        shown.contains("X\\ncargo:rustc-env=OUT_DIR=..: "),
        "{shown}"
    );
    assert!(!shown.lines().any(|l| l.starts_with("cargo:")), "{shown}");
    // A file name too, and a tab or a carriage return.
    let dir = scratch("control-chars-file");
    std::fs::write(dir.join("a\tb\rcargo:warning=x.md"), "body").unwrap();
    let err = fails(&dir);
    assert!(err.message.contains("U+0009"), "{err}");
    assert!(
        err.to_string().contains("a\\tb\\rcargo:warning=x.md"),
        "{err}"
    );
    // The corpus root itself, as BAKEDSEARCH_CORPUS names it.
    let err = fails(&evil);
    assert!(err.message.contains("control character"), "{err}");
    // A warning that names a document (its id comes from the record) stays one line.
    let dir = scratch("control-chars-id");
    std::fs::write(
        dir.join("r.jsonl"),
        "{\"id\": \"x\\ncargo:rustc-env=A=b\", \"title\": \"t\"}\n{\"id\": 2, \"text\": \"y\"}\n",
    )
    .unwrap();
    let corpus = load_corpus(&Config::defaults(dir)).unwrap();
    let shown = corpus.warnings[0].to_string();
    assert_eq!(shown.lines().count(), 1, "{shown}");
    assert!(shown.contains("x\\ncargo:rustc-env=A=b"), "{shown}");
}

#[cfg(unix)]
mod symlinks {
    use super::*;
    use std::os::unix::fs::symlink;

    fn warnings(corpus: &bakedsearch_core::indexer::Corpus) -> Vec<String> {
        corpus.warnings.iter().map(Warning::to_string).collect()
    }

    /// `env.txt -> /proc/self/environ` would put the build's environment in the index.
    #[test]
    fn links_out_of_the_corpus_are_skipped_with_one_warning() {
        let base = scratch("links-out");
        let secret = base.join("secret.txt");
        std::fs::write(&secret, "TOKEN=hunter2\n").unwrap();
        let dir = base.join("corpus");
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("a.md"), "# A\nbody\n").unwrap();
        symlink(&secret, dir.join("env.txt")).unwrap();
        symlink("../../secret.txt", dir.join("sub/relative.txt")).unwrap();
        symlink(&base, dir.join("parent")).unwrap();
        symlink("/", dir.join("root")).unwrap();
        let corpus = load_corpus(&Config::defaults(dir)).unwrap();
        let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a"]);
        assert!(corpus.documents.iter().all(|d| !d.text.contains("hunter2")));
        let shown = warnings(&corpus);
        assert_eq!(shown.len(), 4, "{shown:#?}");
        for name in ["env.txt", "parent", "root", "sub/relative.txt"] {
            assert_eq!(
                shown
                    .iter()
                    .filter(|w| w.contains(&format!("{name}: symbolic link points outside")))
                    .count(),
                1,
                "{name}: {shown:#?}"
            );
        }
    }

    /// `loop -> .` must not give a copy of every document per level, and two links that
    /// point at each other must not hang the build.
    #[test]
    fn loops_and_second_names_add_nothing() {
        let dir = scratch("links-loop");
        std::fs::create_dir_all(dir.join("guide")).unwrap();
        std::fs::write(dir.join("a.md"), "# A\nbody\n").unwrap();
        std::fs::write(dir.join("guide/b.md"), "# B\nbody\n").unwrap();
        symlink(".", dir.join("loop")).unwrap();
        symlink("..", dir.join("guide/up")).unwrap();
        symlink("guide", dir.join("also-guide")).unwrap();
        symlink("ping", dir.join("pong")).unwrap();
        symlink("pong", dir.join("ping")).unwrap();
        symlink("missing.md", dir.join("dangling.md")).unwrap();
        symlink("a.md", dir.join("alias.md")).unwrap();
        let corpus = load_corpus(&Config::defaults(dir)).unwrap();
        let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "guide/b"]);
        let shown = warnings(&corpus);
        assert_eq!(shown.len(), 7, "{shown:#?}");
        for (name, why) in [
            ("loop", "already indexed"),
            ("guide/up", "already indexed"),
            ("also-guide", "already indexed"),
            ("alias.md", "already indexed"),
            ("ping", "cannot be followed"),
            ("pong", "cannot be followed"),
            ("dangling.md", "cannot be followed"),
        ] {
            assert!(
                shown
                    .iter()
                    .any(|w| w.contains(&format!("{name}: symbolic link")) && w.contains(why)),
                "{name}: {shown:#?}"
            );
        }
    }

    /// A link to a folder the walk does not reach by itself (a dot-folder) is followed; its
    /// documents take the link's path as their id.
    #[test]
    fn links_inside_the_corpus_are_followed_once() {
        let dir = scratch("links-inside");
        std::fs::create_dir_all(dir.join(".drafts")).unwrap();
        std::fs::write(dir.join(".drafts/c.md"), "# C\nbody\n").unwrap();
        symlink(".drafts", dir.join("drafts")).unwrap();
        symlink(".drafts/c.md", dir.join("c-again.md")).unwrap();
        let corpus = load_corpus(&Config::defaults(dir)).unwrap();
        let ids: Vec<&str> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
        // Links are followed in name order: the file link comes first, and the folder
        // link then adds the file once read already (silently: it is not a second link).
        assert_eq!(ids, ["c-again"]);
        assert!(warnings(&corpus).is_empty(), "{:#?}", warnings(&corpus));
    }
}

/// A file over the limit fails before it is read; so does a JSONL record over the
/// document limit, before it is parsed; the messages name the file and the limit.
#[test]
fn size_limits_name_the_file_and_the_limit() {
    let small = Limits {
        max_file_bytes: 1000,
        max_document_bytes: 100,
    };
    let dir = scratch("limits-file");
    std::fs::write(dir.join("a.md"), "# A\nbody\n").unwrap();
    // A sparse file: its size is checked, its bytes are never read.
    let big = std::fs::File::create(dir.join("big.jsonl")).unwrap();
    big.set_len(1001).unwrap();
    let err = load_corpus_with(&Config::defaults(dir.clone()), &small).unwrap_err();
    assert!(err.path.ends_with("big.jsonl"), "{err}");
    assert!(
        err.message
            .contains("1001 bytes, over the limit of 1000 bytes per file"),
        "{err}"
    );
    assert!(err.fix.contains("split"), "{err}");
    big.set_len(4 << 30).unwrap();
    let err = load_corpus(&Config::defaults(dir.clone())).unwrap_err();
    assert!(
        err.message.contains("over the limit of 256 MiB per file"),
        "{err}"
    );
    std::fs::remove_file(dir.join("big.jsonl")).unwrap();

    let record = format!("{{\"id\": 1, \"text\": \"{}\"}}", "word ".repeat(30));
    std::fs::write(
        dir.join("r.jsonl"),
        format!("{{\"id\": 0, \"text\": \"x\"}}\n{record}\n"),
    )
    .unwrap();
    let err = load_corpus_with(&Config::defaults(dir.clone()), &small).unwrap_err();
    assert_eq!(err.line, Some(2), "{err}");
    assert!(
        err.message
            .contains("over the limit of 100 bytes per document"),
        "{err}"
    );
    std::fs::remove_file(dir.join("r.jsonl")).unwrap();

    std::fs::write(dir.join("long.md"), "word ".repeat(30)).unwrap();
    let err = load_corpus_with(&Config::defaults(dir.clone()), &small).unwrap_err();
    assert!(err.path.ends_with("long.md"), "{err}");
    assert!(
        err.message
            .contains("document \"long\" holds 154 bytes of text, over the limit of 100 bytes"),
        "{err}"
    );
    // Within the limits, the same corpus loads.
    std::fs::remove_file(dir.join("long.md")).unwrap();
    assert!(load_corpus_with(&Config::defaults(dir), &small).is_ok());
}

/// The configuration allows as many facet fields as the reader opens: all 64 reach the
/// image (a 65th was dropped silently; now the configuration refuses it).
#[test]
fn sixty_four_facets_all_reach_the_image() {
    let dir = scratch("facets-64");
    let names: Vec<String> = (0..64).map(|i| format!("f{i:02}")).collect();
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    std::fs::write(
        dir.join("bakedsearch.toml"),
        format!("facets = [{}]\n", quoted.join(", ")),
    )
    .unwrap();
    let front: String = names.iter().map(|n| format!("{n}: v-{n}\n")).collect();
    std::fs::write(dir.join("a.md"), format!("---\n{front}---\nbody\n")).unwrap();
    let config = Config::locate(Some(&dir), None, &dir).unwrap();
    let corpus = load_corpus(&config).unwrap();
    let image =
        bakedsearch_core::indexer::build_image_with(&corpus.documents, &config, "f").unwrap();
    let index = Index::open_verified(&image).unwrap();
    let facets = index.facets();
    assert_eq!(facets.len(), 64);
    assert_eq!(facets[63].name, "f63");
    assert_eq!(facets[63].value(0), Some("v-f63"));
    std::fs::write(
        dir.join("bakedsearch.toml"),
        format!("facets = [{}, \"f64\"]\n", quoted.join(", ")),
    )
    .unwrap();
    let err = Config::locate(Some(&dir), None, &dir).unwrap_err();
    assert!(err.message.contains("at most 64"), "{err}");
}

/// A bakedsearch.toml inside the corpus folder may not point above its folder or at `/`;
/// one named by BAKEDSEARCH_CONFIG (the site owner's) may point anywhere but `/`.
#[test]
fn broken_corpus_paths() {
    check(
        "corpus-outside",
        "bakedsearch.toml",
        Some(2),
        &["`corpus` points outside the folder of this bakedsearch.toml"],
        &["its own folder or one below it", "BAKEDSEARCH_CORPUS"],
    );
    check(
        "corpus-root",
        "bakedsearch.toml",
        Some(2),
        &["the corpus is the filesystem root"],
        &["folder of your documents"],
    );
    let broken = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken");
    // Named by BAKEDSEARCH_CONFIG, `..` is allowed: the corpus is tests/broken.
    let config = Config::locate(
        None,
        Some(&broken.join("corpus-outside/bakedsearch.toml")),
        &broken,
    )
    .unwrap();
    assert_eq!(
        std::fs::canonicalize(&config.corpus).unwrap(),
        std::fs::canonicalize(&broken).unwrap()
    );
    // But never the root, nor BAKEDSEARCH_CORPUS=/.
    let err = Config::locate(
        None,
        Some(&broken.join("corpus-root/bakedsearch.toml")),
        &broken,
    )
    .unwrap_err();
    assert!(err.message.contains("filesystem root"), "{err}");
    let err = Config::locate(Some(Path::new("/")), None, &broken).unwrap_err();
    assert!(err.message.contains("filesystem root"), "{err}");
    // Inside its own folder, a subfolder is fine.
    let dir = scratch("corpus-below");
    std::fs::create_dir_all(dir.join("content")).unwrap();
    std::fs::write(
        dir.join("bakedsearch.toml"),
        "corpus = \"content/../content\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("content/a.md"), "# A\nbody\n").unwrap();
    let config = Config::locate(Some(&dir), None, &dir).unwrap();
    assert_eq!(load_corpus(&config).unwrap().documents.len(), 1);
    #[cfg(unix)]
    {
        // A symlink does not get around the rule.
        std::os::unix::fs::symlink("/", dir.join("escape")).unwrap();
        std::fs::write(dir.join("bakedsearch.toml"), "corpus = \"escape/tmp\"\n").unwrap();
        let err = Config::locate(Some(&dir), None, &dir).unwrap_err();
        assert!(err.message.contains("points outside"), "{err}");
    }
}

/// What build.rs prints: one escaped line per warning, at most `MAX_WARNING_LINES`, then
/// one line counting the rest. A record id with a newline and a `cargo:` instruction stays
/// inside its line.
#[test]
fn warning_lines_are_single_escaped_lines_and_capped() {
    use bakedsearch_core::indexer::{bake, MAX_WARNING_LINES};
    let dir = scratch("warning-lines");
    let mut records = String::from("{\"id\": \"body\", \"text\": \"some text\"}\n");
    records.push_str(
        "{\"id\": \"evil\\ncargo:rustc-env=OUT_DIR=..\", \"title\": \"A stub\", \"text\": \"\"}\n",
    );
    for i in 0..MAX_WARNING_LINES + 5 {
        records.push_str(&format!(
            "{{\"id\": \"stub{i}\", \"title\": \"Stub {i}\"}}\n"
        ));
    }
    std::fs::write(dir.join("records.jsonl"), records).unwrap();
    let baked = bake(Some(&dir), None, &dir).expect("stubs are indexed, not refused");
    let lines = baked.warning_lines();
    assert_eq!(lines.len(), MAX_WARNING_LINES + 1);
    assert!(lines.iter().all(|l| !l.contains('\n') && !l.contains('\r')));
    assert!(lines[0].contains("evil\\ncargo:rustc-env"), "{}", lines[0]);
    assert_eq!(lines[MAX_WARNING_LINES], "… and 6 more warnings like these");
}
