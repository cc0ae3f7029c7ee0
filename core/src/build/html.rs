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
//! small tolerant scanner, not a full HTML5 parser: it never fails, whatever the markup.

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

/// Parses the tag starting at `html[start] == '<'`.
fn tag_at(html: &str, start: usize) -> Option<Tag<'_>> {
    let rest = &html[start + 1..];
    let end = start + 1 + rest.find('>')?;
    let inner = &html[start + 1..end];
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(i) => (true, i),
        None => (false, inner),
    };
    let name_len = inner
        .find(|c: char| c.is_whitespace() || c == '/')
        .unwrap_or(inner.len());
    let name = inner[..name_len].to_ascii_lowercase();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    Some(Tag {
        name,
        closing,
        attrs: &inner[name_len..],
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
    let tag = tag_at(html, open)?;
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
        let Some(tag) = tag_at(html, start) else {
            continue;
        };
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
    doc.text = visible_text(&html[start..end], Some(&mut doc.headings));
    doc
}

fn strip_tags(html: &str) -> String {
    visible_text(html, None)
}

/// The text of an HTML fragment, without skipped elements, with block breaks; the text of
/// its headings goes to `headings`.
fn visible_text(html: &str, mut headings: Option<&mut Vec<String>>) -> String {
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
        let Some(tag) = tag_at(html, lt) else {
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
}
