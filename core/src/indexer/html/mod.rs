//! HTML documents: what a reader sees, and what the page says about itself.
//!
//! - `title`: the text of `<title>`, else of the first `<h1>`;
//! - `text` (the body): the visible text of `<main>` (else `<article>`, else `<body>`, else
//!   the whole page), without `script`, `style`, `nav`, `header`, `footer`, `aside`,
//!   `noscript`, `template`, `svg` and `form` elements and HTML comments; block elements
//!   become line breaks, runs of spaces one space; character references are decoded;
//! - `headings`: the text of every `<h1>`–`<h6>` in that main content, in order, one value
//!   each (a site can search them as a weighted field);
//! - `meta`: every `<meta name="…" content="…">` and `<meta property="…" content="…">`
//!   (Open Graph), the name lowercased, with its line; `keywords` is split on commas into
//!   several values, every other content is one value;
//! - `date`: `<meta name="date">`, else `article:published_time`, else `dc.date`, else the
//!   `datetime` of the first `<time>`, with its line (checked as ISO 8601 by `corpus`);
//! - `url`: `<link rel="canonical" href="…">`.
//!
//! `<meta>`, `<link>` and `<time>` count anywhere outside comments, scripts and styles. A
//! small tolerant scanner, not a full HTML5 parser: it never fails, whatever the markup, and
//! its work is linear in the page's length (each byte is searched for `>` at most once per
//! pass, see `NextGt`; every other search moves the scan past what it read).

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

const SKIPPED: &[&str] = &[
    "script", "style", "nav", "header", "footer", "aside", "noscript", "template", "svg", "form",
];
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "section",
    "article",
    "main",
    "pre",
    "blockquote",
    "dt",
    "dd",
    "table",
    "hr",
    "figcaption",
];

struct Tag<'a> {
    name: String,
    closing: bool,
    attrs: &'a str,
    end: usize,
}

/// Where the next `>` is, remembered. Searching for `>` afresh from every `<` made a page
/// of unclosed tags quadratic (`<a ` × 700,000, 2 MB: 94.6 s to build); a search from
/// `from` that found `>` at `at` (or none) answers every later start up to `at`, so each
/// byte of a page is searched once. `searched` counts the bytes searched (tests check it).
struct NextGt {
    from: usize,
    at: Option<usize>,
    searched: usize,
}

impl NextGt {
    fn new() -> NextGt {
        NextGt {
            from: usize::MAX,
            at: None,
            searched: 0,
        }
    }

    /// The first `>` at or after `from` in `html` (always the same `html`).
    fn find(&mut self, html: &str, from: usize) -> Option<usize> {
        if from >= self.from && self.at.is_none_or(|at| from <= at) {
            return self.at;
        }
        let at = html.get(from..)?.find('>').map(|i| from + i);
        self.searched += at.map_or(html.len(), |a| a + 1) - from;
        self.from = from;
        self.at = at;
        at
    }
}

/// Parses the tag starting at `html[start] == '<'`. The name is read only as far as name
/// characters go, so a run of `<<<<` costs one step per `<`.
fn tag_at<'h>(html: &'h str, start: usize, gt: &mut NextGt) -> Option<Tag<'h>> {
    let bytes = html.as_bytes();
    let closing = bytes.get(start + 1) == Some(&b'/');
    let name_start = start + 1 + usize::from(closing);
    let name_len = bytes
        .get(name_start..)?
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
        .count();
    let name_end = name_start + name_len;
    match bytes.get(name_end) {
        _ if name_len == 0 => return None,
        Some(b) if b.is_ascii_whitespace() || *b == b'/' || *b == b'>' => {}
        _ => return None,
    }
    let end = gt.find(html, name_end)?;
    Some(Tag {
        name: html[name_start..name_end].to_ascii_lowercase(),
        closing,
        attrs: &html[name_end..end],
        end: end + 1,
    })
}

fn attr(attrs: &str, name: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value_start = attrs.len() - after.len() + 1;
        let value = attrs[value_start..].trim_start();
        let (quote, body) = match value.chars().next() {
            Some(q @ ('"' | '\'')) => (Some(q), &value[1..]),
            _ => (None, value),
        };
        let end = match quote {
            Some(q) => body.find(q).unwrap_or(body.len()),
            None => body
                .find(|c: char| c.is_whitespace() || c == '/')
                .unwrap_or(body.len()),
        };
        return Some(decode_entities(&body[..end]));
    }
    None
}

/// Decodes the common named and all numeric character references.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let semi = rest.bytes().take(12).position(|b| b == b';');
        let decoded = semi.and_then(|semi| {
            let name = &rest[1..semi];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                "mdash" => Some('—'),
                "ndash" => Some('–'),
                "hellip" => Some('…'),
                "rsquo" => Some('’'),
                "lsquo" => Some('‘'),
                "rdquo" => Some('”'),
                "ldquo" => Some('“'),
                "copy" => Some('©'),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Byte range of the content of the first `<name>` element, if any.
fn element_content(html: &str, lower: &str, name: &str) -> Option<(usize, usize)> {
    let open = lower.find(&format!("<{name}"))?;
    let tag = tag_at(html, open, &mut NextGt::new())?;
    if tag.name != name {
        return None;
    }
    let close = lower[tag.end..]
        .find(&format!("</{name}"))
        .map_or(html.len(), |i| tag.end + i);
    Some((tag.end, close))
}

/// Skipped when looking for `<meta>`, `<link>` and `<time>`: their content is not markup.
const RAW_TEXT: &[&str] = &["script", "style", "template", "noscript", "textarea"];

/// Extracts title, text, headings, meta tags, date and url from an HTML page.
pub fn extract(html: &str) -> HtmlDocument {
    extract_counted(html).0
}

/// [`extract`], and the bytes searched for `>` (linear in the page's length).
fn extract_counted(html: &str) -> (HtmlDocument, usize) {
    let mut gt = NextGt::new();
    let lower = html.to_ascii_lowercase();
    let mut doc = HtmlDocument::default();
    let clean = |s: &str| {
        let t = decode_entities(s)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        (!t.is_empty()).then_some(t)
    };
    doc.title = element_content(html, &lower, "title")
        .and_then(|(s, e)| clean(&html[s..e]))
        .or_else(|| {
            element_content(html, &lower, "h1").and_then(|(s, e)| clean(&strip_tags(&html[s..e])))
        });

    let newlines: Vec<usize> = html
        .bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let line_of = |offset: usize| newlines.partition_point(|&n| n < offset) + 1;

    // <meta>, <link> and <time> anywhere, outside comments and raw text elements.
    let mut first_time: Option<(String, usize)> = None;
    let mut at = 0;
    while let Some(i) = lower[at..].find('<') {
        let start = at + i;
        at = start + 1;
        if lower[start..].starts_with("<!--") {
            at = lower[start..]
                .find("-->")
                .map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let Some(tag) = tag_at(html, start, &mut gt) else {
            continue;
        };
        // Markup inside a tag's attributes is not a tag.
        at = tag.end;
        if tag.closing {
            continue;
        }
        match tag.name.as_str() {
            "meta" => {
                let name = attr(tag.attrs, "name").or_else(|| attr(tag.attrs, "property"));
                let (Some(name), Some(content)) = (name, attr(tag.attrs, "content")) else {
                    continue;
                };
                let name = name.trim().to_ascii_lowercase();
                if name.is_empty() {
                    continue;
                }
                let values: Vec<String> = if name == "keywords" {
                    content.split(',').filter_map(clean).collect()
                } else {
                    clean(&content).into_iter().collect()
                };
                if !values.is_empty() {
                    doc.meta.push(HtmlMeta {
                        name,
                        values,
                        line: line_of(start),
                    });
                }
            }
            "link" if doc.url.is_none() => {
                let canonical = attr(tag.attrs, "rel").is_some_and(|rel| {
                    rel.split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                });
                if canonical {
                    doc.url = attr(tag.attrs, "href").and_then(|h| clean(&h));
                }
            }
            "time" if first_time.is_none() => {
                first_time = attr(tag.attrs, "datetime")
                    .and_then(|d| clean(&d))
                    .map(|d| (d, line_of(start)));
            }
            name if RAW_TEXT.contains(&name) => {
                let close = format!("</{name}");
                at = lower[tag.end..]
                    .find(&close)
                    .map_or(html.len(), |c| tag.end + c);
            }
            _ => {}
        }
    }
    doc.date = ["date", "article:published_time", "dc.date"]
        .iter()
        .find_map(|key| {
            doc.meta
                .iter()
                .find(|m| m.name == *key)
                .and_then(|m| Some((m.values.first()?.clone(), m.line)))
        })
        .or(first_time);

    let (start, end) = ["main", "article", "body"]
        .iter()
        .find_map(|name| element_content(html, &lower, name))
        .unwrap_or((0, html.len()));
    let mut searched = gt.searched;
    doc.text = visible_text(&html[start..end], Some(&mut doc.headings), &mut searched);
    (doc, searched)
}

fn strip_tags(html: &str) -> String {
    visible_text(html, None, &mut 0)
}

/// The text of an HTML fragment, without skipped elements, with block breaks; the text of
/// its headings goes to `headings`.
fn visible_text(
    html: &str,
    mut headings: Option<&mut Vec<String>>,
    searched: &mut usize,
) -> String {
    let mut gt = NextGt::new();
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len() / 2);
    let mut pos = 0;
    let mut text_start = 0;
    // Where the open heading's text starts in `out`.
    let mut heading_start: Option<usize> = None;
    while let Some(i) = html[pos..].find('<') {
        let lt = pos + i;
        if lower[lt..].starts_with("<!--") {
            out.push_str(&html[text_start..lt]);
            pos = lower[lt..].find("-->").map_or(html.len(), |e| lt + e + 3);
            text_start = pos;
            continue;
        }
        let Some(tag) = tag_at(html, lt, &mut gt) else {
            pos = lt + 1;
            continue;
        };
        out.push_str(&html[text_start..lt]);
        pos = tag.end;
        let is_heading = matches!(tag.name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
        if is_heading {
            if let (Some(start), Some(list)) = (heading_start.take(), headings.as_deref_mut()) {
                push_heading(list, &out[start..]);
            }
        }
        if !tag.closing && SKIPPED.contains(&tag.name.as_str()) {
            let close = format!("</{}", tag.name);
            pos = lower[pos..]
                .find(&close)
                .and_then(|c| lower[pos + c..].find('>').map(|g| pos + c + g + 1))
                .unwrap_or(html.len());
        } else if BLOCKS.contains(&tag.name.as_str()) {
            out.push('\n');
        }
        if is_heading && !tag.closing {
            heading_start = Some(out.len());
        }
        text_start = pos;
    }
    *searched += gt.searched;
    out.push_str(&html[text_start.min(html.len())..]);
    if let (Some(start), Some(list)) = (heading_start, headings) {
        push_heading(list, &out[start..]);
    }
    let decoded = decode_entities(&out);
    // Collapse runs of spaces within lines and of blank lines.
    let mut text = String::with_capacity(decoded.len());
    for line in decoded.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if !line.is_empty() {
            text.push_str(&line);
            text.push('\n');
        }
    }
    text
}

/// Adds a heading's text (entities decoded, whitespace collapsed) unless it is empty.
fn push_heading(list: &mut Vec<String>, raw: &str) {
    let text = decode_entities(raw)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if !text.is_empty() {
        list.push(text);
    }
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
        assert_eq!(doc.text, "Guide\nintro\nInstall & run\na\nOn\nLinux\n");
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

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &lt;b&gt; &#x41;&#66; &bogus; &"),
            "a <b> AB &bogus; &"
        );
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
