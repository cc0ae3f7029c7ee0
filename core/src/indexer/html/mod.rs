//! HTML documents: what a reader sees, and what the page says about itself.
//!
//! - `title`: the text of `<title>`, else of the first `<h1>`;
//! - `text` (the body): the visible text (see `text`) of the elements marked
//!   `data-bakedsearch-body` when the page has any, else of `<main>` (else `<article>`, else
//!   `<body>`, else the whole page), without `script`, `style`, `nav`, `header`, `footer`,
//!   `aside`, `noscript`, `template`, `svg` and `form` elements, elements marked
//!   `data-bakedsearch-ignore`, and HTML comments; block elements become line breaks, runs
//!   of spaces one space; character references are decoded;
//! - `headings`: the text of every `<h1>`–`<h6>` in that content, in order, one value each
//!   (a site can search them as a weighted field); `sections`: its `<h2>`/`<h3>` with an
//!   anchor id (see `sections`);
//! - `meta`: every `<meta name="…" content="…">` and `<meta property="…" content="…">`
//!   (Open Graph), the name lowercased, with its line; `keywords` is split on commas into
//!   several values, every other content is one value;
//! - `date`: `<meta name="date">`, else `article:published_time`, else `dc.date`, else the
//!   `datetime` of the first `<time>`, with its line (checked as ISO 8601 by `corpus`);
//! - `url`: `<link rel="canonical" href="…">`.
//!
//! `<meta>`, `<link>` and `<time>` count anywhere outside comments, scripts and styles. A
//! small tolerant scanner (`scanner`), not a full HTML5 parser: it never fails, whatever the
//! markup, and its work is linear in the page's length.

mod meta;
mod scanner;
mod sections;
mod text;

pub use scanner::decode_entities;
pub use text::{BODY_ATTR, IGNORE_ATTR};

use meta::clean;
use scanner::element_content;

/// What an HTML file contributes to a document.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct HtmlDocument {
    pub title: Option<String>,
    pub text: String,
    /// The date and the line it is on.
    pub date: Option<(String, usize)>,
    pub url: Option<String>,
    pub headings: Vec<String>,
    /// In page order; a name may repeat.
    pub meta: Vec<HtmlMeta>,
    /// The sections of `text` (headings with an id), in order.
    pub sections: Vec<super::Section>,
    /// Some element carries `data-bakedsearch-body`: only marked content is in `text`.
    pub marked: bool,
}

impl HtmlDocument {
    /// `<meta name="robots">` says `noindex` (in any case, among other directives).
    pub fn noindex(&self) -> bool {
        self.meta.iter().any(|m| {
            m.name == "robots"
                && m.values
                    .iter()
                    .any(|v| v.to_ascii_lowercase().contains("noindex"))
        })
    }
}

/// One `<meta>` tag with a name (or property) and a content.
#[derive(Debug, PartialEq, Eq)]
pub struct HtmlMeta {
    /// Lowercased.
    pub name: String,
    /// One value; several for `keywords` (split on commas, empty ones dropped).
    pub values: Vec<String>,
    /// The tag's line in the file.
    pub line: usize,
}

/// Extracts title, text, headings, sections, meta tags, date and url from an HTML page.
pub fn extract(html: &str) -> HtmlDocument {
    extract_counted(html).0
}

/// [`extract`], and the bytes searched for `>` (linear in the page's length).
fn extract_counted(html: &str) -> (HtmlDocument, usize) {
    let lower = html.to_ascii_lowercase();
    let mut doc = HtmlDocument {
        title: element_content(html, &lower, "title")
            .and_then(|(s, e)| clean(&html[s..e]))
            .or_else(|| {
                element_content(html, &lower, "h1")
                    .and_then(|(s, e)| clean(&text::visible_text(&html[s..e], false, &mut 0).text))
            }),
        ..HtmlDocument::default()
    };
    let head = meta::scan_head(html, &lower);
    doc.date = ["date", "article:published_time", "dc.date"]
        .iter()
        .find_map(|key| {
            head.meta
                .iter()
                .find(|m| m.name == *key)
                .and_then(|m| Some((m.values.first()?.clone(), m.line)))
        })
        .or(head.first_time);
    doc.meta = head.meta;
    doc.url = head.url;
    doc.marked = head.marked;
    // Marked content may be anywhere, `<body>` itself included.
    let (start, end) = if doc.marked {
        (0, html.len())
    } else {
        ["main", "article", "body"]
            .iter()
            .find_map(|name| element_content(html, &lower, name))
            .unwrap_or((0, html.len()))
    };
    let mut searched = head.searched;
    let visible = text::visible_text(&html[start..end], doc.marked, &mut searched);
    doc.text = visible.text;
    doc.headings = visible.headings;
    doc.sections = visible.sections;
    (doc, searched)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_title_main_text_and_meta() {
        let html = r#"<!doctype html><html><head><title>Camp David &amp; more</title>
            <meta name="date" content="2023-08-18"><link rel="canonical" href="https://example.org/a">
            <style>body { color: red }</style></head>
            <body><nav>Home | About</nav><header>Site</header>
            <main><h1>Summit</h1><p>Leaders met at <b>Camp David</b>.</p><script>alert(1)</script>
            <!-- a comment --><p>Second&nbsp;paragraph &#8212; done</p></main><footer>(c)</footer></body></html>"#;
        let doc = extract(html);
        assert_eq!(doc.title.as_deref(), Some("Camp David & more"));
        assert_eq!(doc.date, Some(("2023-08-18".into(), 2)));
        assert_eq!(doc.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(
            doc.text,
            "Summit\nLeaders met at Camp David.\nSecond paragraph — done\n"
        );
    }

    #[test]
    fn falls_back_to_h1_and_body() {
        let doc = extract("<body><h1>Only <i>heading</i></h1>text</body>");
        assert_eq!(doc.title.as_deref(), Some("Only heading"));
        assert_eq!(doc.text, "Only heading\ntext\n");
        assert_eq!(doc.headings, ["Only heading"]);
    }

    #[test]
    fn headings_of_the_main_content() {
        let doc = extract(
            "<body><header><h1>Site name</h1></header><main><h1 class=x>Guide</h1>\
             <p>intro</p><h2>Install &amp; run</h2><p>a</p><h3>  On\n Linux </h3><nav><h2>Menu</h2>\
             </nav><h4></h4></main></body>",
        );
        assert_eq!(doc.headings, ["Guide", "Install & run", "On Linux"]);
        // A heading is one line of the text, whatever line breaks its markup has.
        assert_eq!(doc.text, "Guide\nintro\nInstall & run\na\nOn Linux\n");
    }

    #[test]
    fn robots_noindex_and_marked_pages() {
        assert!(extract("<meta name=\"ROBOTS\" content=\"NoIndex, follow\">").noindex());
        assert!(!extract("<meta name=\"robots\" content=\"index\"><p>noindex</p>").noindex());
        assert!(!extract("<meta name=\"googlebot\" content=\"noindex\">").noindex());
        let doc = extract(
            "<title>T</title><body><main>whole</main><div data-bakedsearch-body>only this</div>",
        );
        assert!(doc.marked);
        assert_eq!(doc.text, "only this\n");
        // The name in a script or in text does not mark the page.
        let doc = extract(
            "<main>x</main><script>'<div data-bakedsearch-body>'</script>data-bakedsearch-body",
        );
        assert!(!doc.marked);
        assert_eq!(doc.text, "x\n");
    }

    #[test]
    fn meta_tags_date_and_canonical() {
        let html = "<html><head>\n<meta charset=utf-8>\n<META NAME=\"Description\" \
                    CONTENT=\"A &quot;guide&quot;\">\n<meta name=\"keywords\" content=\"cli, \
                    tools ,, config\">\n<meta property=\"og:title\" content=\"OG\">\n\
                    <meta property=\"article:published_time\" content=\"2022-03-04T10:00Z\">\n\
                    <link rel=\"alternate canonical\" href=\"/guide\"><!-- <meta name=\"date\" \
                    content=\"1999\"> --><script>var s = '<meta name=\"x\" content=\"y\">';\
                    </script></head><body><p><time datetime=\"2020-01-01\">then</time></p></body>";
        let doc = extract(html);
        let meta: Vec<(&str, Vec<&str>, usize)> = doc
            .meta
            .iter()
            .map(|m| {
                (
                    m.name.as_str(),
                    m.values.iter().map(String::as_str).collect(),
                    m.line,
                )
            })
            .collect();
        assert_eq!(
            meta,
            [
                ("description", vec!["A \"guide\""], 3),
                ("keywords", vec!["cli", "tools", "config"], 4),
                ("og:title", vec!["OG"], 5),
                ("article:published_time", vec!["2022-03-04T10:00Z"], 6),
            ]
        );
        assert_eq!(doc.date, Some(("2022-03-04T10:00Z".into(), 6)));
        assert_eq!(doc.url.as_deref(), Some("/guide"));
        // Without a date meta tag, the first <time datetime>.
        let doc = extract("<p>\n<time>x</time><time datetime=\"2020-01-01\">y</time></p>");
        assert_eq!(doc.date, Some(("2020-01-01".into(), 2)));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(html in "[<>/a-z =\"'!&#;-]{0,120}") {
            let _ = extract(&html);
        }

        #[test]
        fn never_panics_on_tags(
            html in "(<(/?)(h[1-6]|meta|time|link|main|nav|script|title|p)( name=\"?date\"?| content=[a-z0-9-]*| datetime='2020'| rel=canonical| property=x)*>|[a-z &;#\n]|é|<!--|-->){0,40}"
        ) {
            let doc = extract(&html);
            proptest::prop_assert!(doc.headings.iter().all(|h| !h.is_empty()));
        }
    }

    /// `<a ` × 700,000 (2 MB, no `>`) took 94.6 s to build: every `<` searched to the end.
    /// The work is counted, not timed: bytes searched for `>` stay within a small multiple
    /// of the page, and doubling the page doubles them.
    #[test]
    fn unclosed_tags_are_linear() {
        for unit in [
            "<a ",
            "<meta name=x content=",
            "<<",
            "</",
            "<a <b>",
            "<p>x<!-- ",
            "<div data-bakedsearch-ignore>",
            "<div data-bakedsearch-ignore><div>x</div>",
            "<span data-bakedsearch-body>",
            "<p data-bakedsearch-body>x</p><div data-bakedsearch-ignore ",
            "<h2 id=a>",
            "<h3><a id=x ",
            "<h2><span id=s>x</span></h2>",
            "<!doctype ",
            "<!x><?",
        ] {
            let small = unit.repeat(20_000);
            let large = unit.repeat(40_000);
            let (_, work_small) = extract_counted(&small);
            let (doc, work_large) = extract_counted(&large);
            assert!(
                work_large <= 4 * large.len(),
                "{unit:?}: {work_large} bytes searched for a {}-byte page",
                large.len()
            );
            assert!(
                work_large <= 2 * work_small + 64,
                "{unit:?}: {work_small} → {work_large}"
            );
            // And the page still parses as before: unclosed tags are text.
            if unit == "<a " {
                assert_eq!(doc.text, format!("{}\n", large.trim_end()));
            }
        }
        let page = format!("<main>{}</main><p>after</p>", "<a ".repeat(700_000));
        let doc = extract(&page);
        assert!(doc.text.starts_with("<a <a"), "{}", &doc.text[..20]);
    }

    #[test]
    fn a_tag_ends_at_its_first_closing_bracket() {
        // Markup inside an attribute value is not a tag of its own.
        let doc = extract(
            "<meta name=\"a\" content=\"<meta name=b content=c>\"><p>x</p><time datetime=\"2020\">",
        );
        assert_eq!(doc.meta.len(), 1, "{:?}", doc.meta);
        assert_eq!(doc.meta[0].name, "a");
        assert_eq!(doc.date, Some(("2020".into(), 1)));
    }
}
