//! Site mode over a generated built site with the traps real sites have: pretty urls, a
//! shared header, nav and footer, a title suffix, canonical links with the production
//! host, 404 pages, a noindex page, a stub, an empty page, ignored parts, sections, and
//! every kind of asset (css, js, images, robots.txt, a JSON feed, a sitemap).

#![cfg(feature = "builder")]

use std::path::{Path, PathBuf};

use bakedsearch_core::indexer::{bake_with, Document};
use bakedsearch_core::{Index, Searcher};

mod common;

/// A scratch folder under the target dir, emptied first.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(root: &Path, rel: &str, content: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

/// A page as a static site generator writes it: head, shared chrome, the content.
fn page(title: &str, canonical: Option<&str>, head: &str, main: &str) -> String {
    let link = canonical
        .map(|c| format!("<link rel=\"canonical\" href=\"{c}\">"))
        .unwrap_or_default();
    format!(
        "<!doctype html>\n<html><head><meta charset=utf-8><title>{title}</title>{link}{head}\
         <link rel=stylesheet href=/css/site.css><script src=/js/site.js></script></head>\n\
         <body><header><a href=/>Acme Papers</a></header><nav><a href=/papers/>Papers</a> \
         <a href=/about.html>About</a></nav>\n<main>{main}</main>\n\
         <footer>© Acme Papers · sitemap</footer></body></html>\n"
    )
}

fn generate(root: &Path) {
    for n in 1..=6 {
        write(
            root,
            &format!("papers/{n}/index.html"),
            &page(
                &format!("Paper number {n} | Acme Papers"),
                Some(&format!("https://acme.example/papers/{n}/")),
                "",
                &format!(
                    "<h1>Paper number {n}</h1><p>Findings about topic{n} and glaciers.</p>\
                     <h2 id=\"method\">Method</h2><p>We measured ice.</p>\
                     <h2><a id=\"results\" href=\"#results\"></a>Results \
                     <span data-bakedsearch-ignore>¶ permalink</span></h2><p>It melts.</p>\
                     <div data-bakedsearch-ignore><p>Share this paper on socialnetwork</p></div>"
                ),
            ),
        );
    }
    write(
        root,
        "index.html",
        &page(
            "Home | Acme Papers",
            Some("https://acme.example/"),
            "",
            "<p>Welcome to the papers about homepagecontent.</p>",
        ),
    );
    write(
        root,
        "about.html",
        &page(
            "About | Acme Papers",
            None,
            "",
            "<p>Who writes aboutpagecontent.</p>",
        ),
    );
    // Syndicated: the canonical page is on another site and stays there.
    write(
        root,
        "blog/guest.html",
        &page(
            "Guest post | Acme Papers",
            Some("https://elsewhere.example/original"),
            "",
            "<p>Reposted guestcontent.</p>",
        ),
    );
    // A stub (title only), a page with nothing, a redirect page.
    write(
        root,
        "stub/index.html",
        &page("Coming soon | Acme Papers", None, "", ""),
    );
    write(
        root,
        "blank.html",
        "<html><body><main> </main></body></html>",
    );
    write(
        root,
        "old/index.html",
        "<!doctype html><html><head><title>https://acme.example/papers/1/</title>\
         <link rel=canonical href=https://acme.example/papers/1/>\
         <meta http-equiv=refresh content=\"0; url=https://acme.example/papers/1/\"></head></html>",
    );
    // Skipped pages.
    write(
        root,
        "404.html",
        &page(
            "Page not found | Acme Papers",
            None,
            "",
            "<p>notfoundcontent</p>",
        ),
    );
    write(
        root,
        "fr/404.html",
        &page("Introuvable", None, "", "<p>notfoundcontent</p>"),
    );
    // Paper number 404 is a page.
    write(
        root,
        "papers/404/index.html",
        &page(
            "Paper number 404 | Acme Papers",
            None,
            "",
            "<p>The paper about errorcodes.</p>",
        ),
    );
    write(
        root,
        "drafts/secret.html",
        &page(
            "Draft | Acme Papers",
            None,
            "<meta name=\"Robots\" content=\"NOINDEX, nofollow\">",
            "<p>draftcontent</p>",
        ),
    );
    // Assets, a feed that is not a corpus record, a sitemap.
    write(root, "css/site.css", "body { color: red }");
    write(root, "css/print.css", "@media print {}");
    write(root, "js/site.js", "console.log('<p>jscontent</p>')");
    write(root, "img/logo.png", "\u{1}PNG");
    write(root, "robots.txt", "User-agent: *\nDisallow:\n");
    write(
        root,
        "feed.json",
        "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}",
    );
    write(root, "sitemap.xml", "<?xml version=\"1.0\"?><urlset/>");
    write(root, "CNAME", "acme.example");
}

fn doc<'d>(docs: &'d [Document], id: &str) -> &'d Document {
    docs.iter().find(|d| d.id == id).unwrap_or_else(|| {
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        panic!("no document {id:?} in {ids:?}")
    })
}

#[test]
fn a_built_site_is_indexed_as_pagefind_would() {
    let root = scratch("site-traps");
    generate(&root);
    let baked = bake_with(Some(&root), None, &root, true).unwrap_or_else(|e| panic!("{e}"));
    let docs = &baked.corpus.documents;
    let mut ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        [
            "about",
            "blog/guest",
            "index",
            "old/index",
            "papers/1/index",
            "papers/2/index",
            "papers/3/index",
            "papers/4/index",
            "papers/404/index",
            "papers/5/index",
            "papers/6/index",
            "stub/index",
        ]
    );
    assert!(
        baked.corpus.skipped.is_empty(),
        "{:?}",
        baked.corpus.skipped
    );

    // Urls: the path, or the canonical link reduced to its path on the site's own host.
    let url = |id: &str| doc(docs, id).url.as_deref();
    assert_eq!(url("papers/3/index"), Some("/papers/3/"));
    assert_eq!(url("index"), Some("/"));
    assert_eq!(url("about"), Some("/about.html"));
    assert_eq!(url("stub/index"), Some("/stub/"));
    assert_eq!(
        url("blog/guest"),
        Some("https://elsewhere.example/original")
    );
    assert_eq!(url("old/index"), Some("/papers/1/"));

    // Titles without the site name; the stub keeps its own.
    let paper = doc(docs, "papers/2/index");
    assert_eq!(paper.title, "Paper number 2");
    assert_eq!(doc(docs, "stub/index").title, "Coming soon");
    assert_eq!(doc(docs, "about").title, "About");

    // The content only: no header, nav, footer, ignored parts or script.
    assert_eq!(
        paper.text,
        "Paper number 2\nFindings about topic2 and glaciers.\nMethod\nWe measured ice.\n\
         Results\nIt melts.\n"
    );
    let sections: Vec<(&str, &str)> = paper
        .sections
        .iter()
        .map(|s| (s.id.as_str(), s.heading.as_str()))
        .collect();
    assert_eq!(sections, [("method", "Method"), ("results", "Results")]);
    for s in &paper.sections {
        assert!(paper.text[s.offset..].starts_with(&s.heading));
    }

    // One summary line for the files that are not pages, one per kind of skipped page,
    // then one warning per stub.
    let warnings: Vec<String> = baked.warning_lines();
    let root_shown = root.display().to_string();
    assert_eq!(
        warnings[..3],
        [
            format!(
                "{root_shown}: ignored 8 files that are not pages (css 2, js 1, json 1, other \
                 1, png 1, txt 1, xml 1); site mode indexes .html and .htm files only"
            ),
            format!("{root_shown}: skipped 2 pages named 404 (404.html, fr/404.html)"),
            format!(
                "{root_shown}: skipped 1 page marked noindex by <meta name=\"robots\"> \
                 (drafts/secret.html)"
            ),
        ]
    );
    let rest = &warnings[3..];
    assert_eq!(rest.len(), 3, "{rest:#?}");
    assert!(
        rest[0].ends_with("blank.html: document \"blank\" has no title and no body text: skipped"),
        "{rest:#?}"
    );
    assert!(
        rest[1].ends_with(
            "old/index.html: document \"old/index\" has no body text: indexed by its title"
        ),
        "{rest:#?}"
    );
    assert!(
        rest[2].ends_with(
            "stub/index.html: document \"stub/index\" has no body text: indexed by its title"
        ),
        "{rest:#?}"
    );

    // The image finds pages by their content, never by the chrome or the skipped pages.
    let index = Index::open(&baked.image).unwrap();
    let searcher = Searcher::new(index);
    assert_eq!(common::ids(&searcher, "topic4"), ["papers/4/index"]);
    for absent in [
        "notfoundcontent",
        "draftcontent",
        "jscontent",
        "socialnetwork",
        "permalink",
    ] {
        assert!(common::ids(&searcher, absent).is_empty(), "{absent}");
    }
    assert!(common::ids(&searcher, "sitemap").is_empty());

    // The same site gives the same image.
    let again = bake_with(Some(&root), None, &root, true).unwrap();
    assert_eq!(again.image, baked.image);
}

#[test]
fn marked_content_narrows_the_site() {
    let root = scratch("site-marked");
    for (name, marked) in [("a", true), ("b", true), ("c", false)] {
        let main = if marked {
            format!("<p>chrome{name}</p><article data-bakedsearch-body><p>body{name}</p></article>")
        } else {
            format!("<p>body{name}</p>")
        };
        write(&root, &format!("{name}.html"), &page(name, None, "", &main));
    }
    let baked = bake_with(Some(&root), None, &root, true).unwrap();
    let docs = &baked.corpus.documents;
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(doc(docs, "a").text, "bodya\n");
    assert!(
        baked.warning_lines()[0].ends_with(
            "skipped 1 page without data-bakedsearch-body (other pages have it, so only \
             marked pages are indexed) (c.html)"
        ),
        "{:?}",
        baked.warning_lines()
    );
}

#[test]
fn pages_that_differ_only_by_extension_keep_it_in_their_ids() {
    // Regression: `a.html` and `a.htm` both defaulted to the id `a`, and the build failed
    // with "duplicate document id", whose fix (front matter) a built site cannot apply.
    let root = scratch("site-extensions");
    write(&root, "a.html", &page("A one", None, "", "<p>alpha</p>"));
    write(&root, "a.htm", &page("A two", None, "", "<p>beta</p>"));
    write(&root, "b.html", &page("B", None, "", "<p>gamma</p>"));
    let baked = bake_with(Some(&root), None, &root, true).unwrap();
    let mut got: Vec<(&str, &str)> = baked
        .corpus
        .documents
        .iter()
        .map(|d| (d.id.as_str(), d.url.as_deref().unwrap()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [("a.htm", "/a.htm"), ("a.html", "/a.html"), ("b", "/b.html")]
    );
}

#[test]
fn site_mode_from_the_configuration_and_without_it() {
    let root = scratch("site-config");
    write(&root, "a.html", &page("A", None, "", "<p>alpha</p>"));
    write(&root, "feed.json", "{\"items\": []}");
    // Without site mode the feed is a corpus file, and not a valid one.
    let err = bake_with(Some(&root), None, &root, false).err().unwrap();
    assert!(err.to_string().contains("feed.json"), "{err}");
    write(&root, "bakedsearch.toml", "site = true\n");
    let baked = bake_with(Some(&root), None, &root, false).unwrap();
    assert_eq!(baked.corpus.documents.len(), 1);
    assert_eq!(baked.corpus.documents[0].url.as_deref(), Some("/a.html"));
    // The configuration file is not counted as an ignored file.
    assert!(baked.warning_lines()[0].contains("ignored 1 file that is not a page (json 1)"));
    // A site without pages fails with the fix.
    let empty = scratch("site-empty");
    write(&empty, "style.css", "");
    let err = bake_with(Some(&empty), None, &empty, true).err().unwrap();
    assert!(
        err.to_string().contains("a site folder needs .html pages"),
        "{err}"
    );
}

#[test]
fn documents_without_words_are_skipped_in_every_format() {
    let root = scratch("no-words");
    write(&root, "dash.md", "---\ntitle: \"—\"\n---\n***\n");
    write(&root, "stub.md", "---\ntitle: Stub\n---\n---\n");
    write(
        &root,
        "records.jsonl",
        "{\"id\": \"r1\", \"title\": \"...\", \"text\": \"!!\"}\n{\"id\": \"r2\", \"text\": \"words\"}\n",
    );
    write(&root, "page.html", "<title>·</title><main>–</main>");
    let baked = bake_with(Some(&root), None, &root, false).unwrap();
    let ids: Vec<&str> = baked
        .corpus
        .documents
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    assert_eq!(ids, ["r2", "stub"]);
    let lines = baked.warning_lines();
    let want = [
        "dash.md: document \"dash\" has no searchable text (no word in its title \"—\" or its body): skipped",
        "page.html: document \"page\" has no searchable text (no word in its title \"·\" or its body): skipped",
        "records.jsonl:1: document \"r1\" has no searchable text (no word in its title \"...\" or its body): skipped",
        "stub.md: document \"stub\" has no body text: indexed by its title",
    ];
    assert_eq!(lines.len(), want.len(), "{lines:#?}");
    for (line, want) in lines.iter().zip(want) {
        assert!(line.ends_with(want), "{line}\n  wanted …{want}");
    }
}
