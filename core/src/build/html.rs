//! HTML documents: the title, and the text a reader sees in the main content.
//!
//! - title: `<title>`, else the first `<h1>`;
//! - text: the content of `<main>` (else `<article>`, else `<body>`, else everything), without
//!   `script`, `style`, `nav`, `header`, `footer`, `aside`, `noscript`, `template`, `svg`,
//!   `form` and HTML comments; block elements become line breaks; character references are
//!   decoded;
//! - date and url: `<meta name="date" content>` (or `article:published_time`), and
//!   `<link rel="canonical" href>`.
//!
//! A small tolerant scanner, not a full HTML5 parser: it never fails, whatever the markup.

/// What an HTML file contributes to a document.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct HtmlDocument {
    pub title: Option<String>,
    pub text: String,
    pub date: Option<String>,
    pub url: Option<String>,
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
        let semi = rest[..rest.len().min(12)].find(';');
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

/// Extracts title, text, date and url from an HTML page.
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

    // <meta> and <link> anywhere in the head.
    let mut at = 0;
    while let Some(i) = lower[at..].find('<') {
        let start = at + i;
        at = start + 1;
        let Some(tag) = tag_at(html, start) else {
            continue;
        };
        match tag.name.as_str() {
            "meta" if doc.date.is_none() => {
                let key = attr(tag.attrs, "name").or_else(|| attr(tag.attrs, "property"));
                if matches!(
                    key.as_deref(),
                    Some("date" | "article:published_time" | "dc.date")
                ) {
                    doc.date = attr(tag.attrs, "content");
                }
            }
            "link"
                if doc.url.is_none() && attr(tag.attrs, "rel").as_deref() == Some("canonical") =>
            {
                doc.url = attr(tag.attrs, "href");
            }
            "body" => break,
            _ => {}
        }
    }

    let (start, end) = ["main", "article", "body"]
        .iter()
        .find_map(|name| element_content(html, &lower, name))
        .unwrap_or((0, html.len()));
    doc.text = visible_text(&html[start..end]);
    doc
}

fn strip_tags(html: &str) -> String {
    visible_text(html)
}

/// The text of an HTML fragment, without skipped elements, with block breaks.
fn visible_text(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len() / 2);
    let mut pos = 0;
    let mut text_start = 0;
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
        if !tag.closing && SKIPPED.contains(&tag.name.as_str()) {
            let close = format!("</{}", tag.name);
            pos = lower[pos..]
                .find(&close)
                .and_then(|c| lower[pos + c..].find('>').map(|g| pos + c + g + 1))
                .unwrap_or(html.len());
        } else if BLOCKS.contains(&tag.name.as_str()) {
            out.push('\n');
        }
        text_start = pos;
    }
    out.push_str(&html[text_start.min(html.len())..]);
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
        assert_eq!(doc.date.as_deref(), Some("2023-08-18"));
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
    }
}
