//! The tag scanner: tags, attributes, character references, and the end of an element.
//! Tolerant (it never fails, whatever the markup) and linear: each byte of a page is
//! searched for `>` at most once per pass (see [`NextGt`]), and every other search moves the
//! scan past what it read.

/// One tag: `<name attrs>` or `</name attrs>`.
pub(super) struct Tag<'a> {
    /// Lowercased.
    pub name: String,
    pub closing: bool,
    /// Everything between the name and the `>`.
    pub attrs: &'a str,
    /// Where `attrs` starts in the page (the same offset in its lowercased copy).
    pub attrs_at: usize,
    /// The byte after the `>`.
    pub end: usize,
}

impl Tag<'_> {
    /// `<br/>`, `<img … />`: no content and no end tag.
    pub fn self_closing(&self) -> bool {
        self.attrs.ends_with('/')
    }

    /// An element that has no end tag (HTML's void elements, or written `… />`).
    pub fn is_void(&self) -> bool {
        self.self_closing() || VOID.contains(&self.name.as_str())
    }

    /// True when the tag carries the attribute `name` (lowercase, `data-bakedsearch-…`),
    /// with or without a value. `lower` is the page lowercased: the cheap substring check
    /// there spares tokenizing the attributes of every tag.
    pub fn has_marker(&self, lower: &str, name: &str) -> bool {
        lower
            .get(self.attrs_at..self.attrs_at + self.attrs.len())
            .is_some_and(|a| a.contains(name))
            && attributes(self.attrs).any(|(n, _)| n.eq_ignore_ascii_case(name))
    }
}

/// HTML's void elements: a start tag and nothing else.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Skipped when looking for tags: their content is not markup.
pub(super) const RAW_TEXT: &[&str] = &["script", "style", "template", "noscript", "textarea"];

/// Where the next `>` is, remembered. Searching for `>` afresh from every `<` made a page
/// of unclosed tags quadratic (`<a ` × 700,000, 2 MB: 94.6 s to build); a search from
/// `from` that found `>` at `at` (or none) answers every later start up to `at`, so each
/// byte of a page is searched once. `searched` counts the bytes searched (tests check it).
pub(super) struct NextGt {
    from: usize,
    at: Option<usize>,
    pub searched: usize,
}

impl NextGt {
    pub fn new() -> NextGt {
        NextGt {
            from: usize::MAX,
            at: None,
            searched: 0,
        }
    }

    /// The first `>` at or after `from` in `html` (always the same `html`).
    pub fn find(&mut self, html: &str, from: usize) -> Option<usize> {
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
pub(super) fn tag_at<'h>(html: &'h str, start: usize, gt: &mut NextGt) -> Option<Tag<'h>> {
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
        attrs_at: name_end,
        end: end + 1,
    })
}

/// The attributes of a tag, as HTML tokenizes them: `(name, raw value)`; a value is quoted
/// (`"…"` or `'…'`, to the closing quote) or unquoted (to the next space, `/` included, as
/// HTML reads `href=/guide/`). One pass over `attrs`.
pub(super) fn attributes(attrs: &str) -> impl Iterator<Item = (&str, Option<&str>)> {
    let bytes = attrs.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        while pos < bytes.len() && (bytes[pos].is_ascii_whitespace() || bytes[pos] == b'/') {
            pos += 1;
        }
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        // A name may start with `=` (HTML reads `<a =x>` as an attribute named "=x").
        pos += 1;
        while pos < bytes.len()
            && !bytes[pos].is_ascii_whitespace()
            && bytes[pos] != b'/'
            && bytes[pos] != b'='
        {
            pos += 1;
        }
        let name = &attrs[start..pos];
        let mut after = pos;
        while after < bytes.len() && bytes[after].is_ascii_whitespace() {
            after += 1;
        }
        if bytes.get(after) != Some(&b'=') {
            return Some((name, None));
        }
        pos = after + 1;
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let value = match bytes.get(pos) {
            Some(&q @ (b'"' | b'\'')) => {
                let from = pos + 1;
                let len = bytes[from..].iter().position(|&b| b == q);
                pos = len.map_or(bytes.len(), |l| from + l + 1);
                &attrs[from..len.map_or(bytes.len(), |l| from + l)]
            }
            _ => {
                let from = pos;
                while pos < bytes.len() && !bytes[pos].is_ascii_whitespace() {
                    pos += 1;
                }
                &attrs[from..pos]
            }
        };
        Some((name, Some(value)))
    })
}

/// The value of attribute `name` (lowercase), character references decoded; the first one
/// when repeated, as HTML keeps it.
pub(super) fn attr(attrs: &str, name: &str) -> Option<String> {
    attributes(attrs)
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .and_then(|(_, v)| v)
        .map(decode_entities)
}

/// Decodes the common named and all numeric character references.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let semi = rest.bytes().take(33).position(|b| b == b';'); // the longest HTML name has 31 bytes
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
                // Signs documentation generators write as names: permalinks (`&para;`,
                // `&sect;`), breadcrumbs and arrows, and the wider spaces.
                "para" => Some('¶'),
                "sect" => Some('§'),
                "laquo" => Some('«'),
                "raquo" => Some('»'),
                "middot" => Some('·'),
                "bull" => Some('•'),
                "larr" => Some('←'),
                "rarr" => Some('→'),
                "uarr" => Some('↑'),
                "darr" => Some('↓'),
                "trade" => Some('™'),
                "reg" => Some('®'),
                "deg" => Some('°'),
                "times" => Some('×'),
                "euro" => Some('€'),
                "pound" => Some('£'),
                "ensp" | "emsp" | "thinsp" => Some(' '),
                "ZeroWidthSpace" => Some('\u{200b}'),
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
pub(super) fn element_content(html: &str, lower: &str, name: &str) -> Option<(usize, usize)> {
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

/// The byte after the element that `open` starts: after its matching end tag (same-name
/// elements nested inside are counted, comments and raw text skipped), or the end of the
/// page when it is never closed; right after `open` for a void element.
pub(super) fn element_end(html: &str, lower: &str, open: &Tag, gt: &mut NextGt) -> usize {
    if open.is_void() {
        return open.end;
    }
    let mut depth = 1usize;
    let mut pos = open.end;
    while let Some(i) = lower[pos..].find('<') {
        let lt = pos + i;
        if lower[lt..].starts_with("<!--") {
            pos = lower[lt..].find("-->").map_or(html.len(), |e| lt + e + 3);
            continue;
        }
        let Some(tag) = tag_at(html, lt, gt) else {
            pos = lt + 1;
            continue;
        };
        pos = tag.end;
        if tag.name == open.name {
            if tag.closing {
                depth -= 1;
                if depth == 0 {
                    return pos;
                }
            } else if !tag.self_closing() {
                depth += 1;
            }
        } else if !tag.closing && RAW_TEXT.contains(&tag.name.as_str()) {
            let close = format!("</{}", tag.name);
            pos = lower[pos..].find(&close).map_or(html.len(), |c| pos + c);
        }
    }
    html.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &lt;b&gt; &#x41;&#66; &bogus; &"),
            "a <b> AB &bogus; &"
        );
        assert_eq!(
            decode_entities("Install&para; &sect;2 &laquo;x&raquo; a&ZeroWidthSpace;b"),
            "Install¶ §2 «x» a\u{200b}b"
        );
    }

    #[test]
    fn attributes_as_html_reads_them() {
        let attrs: Vec<_> = attributes(
            " ID=top data-bakedsearch-ignore class='a b' title = \"x name=y\" href=/guide/ hidden/",
        )
        .collect();
        assert_eq!(
            attrs,
            [
                ("ID", Some("top")),
                ("data-bakedsearch-ignore", None),
                ("class", Some("a b")),
                ("title", Some("x name=y")),
                ("href", Some("/guide/")),
                ("hidden", None),
            ]
        );
        // A name inside another attribute's value is not an attribute.
        assert_eq!(attr(" title=\"x name=y\"", "name"), None);
        assert_eq!(
            attr(" content=\"A &amp; B\"", "content").as_deref(),
            Some("A & B")
        );
        assert_eq!(
            attr(" content=\"unclosed", "content").as_deref(),
            Some("unclosed")
        );
    }

    #[test]
    fn element_end_counts_nesting() {
        let html = "<div x><div>a</div><!-- </div> --><script>'</div>'</script>b</div>after";
        let lower = html.to_ascii_lowercase();
        let mut gt = NextGt::new();
        let open = tag_at(html, 0, &mut gt).unwrap();
        let end = element_end(html, &lower, &open, &mut gt);
        assert_eq!(&html[end..], "after");
        let img = "<img data-x>text";
        let open = tag_at(img, 0, &mut NextGt::new()).unwrap();
        assert_eq!(element_end(img, img, &open, &mut NextGt::new()), 12);
    }

    proptest::proptest! {
        #[test]
        fn attributes_never_panic(attrs in "[ a-z=\"'/é-]{0,60}") {
            for (name, value) in attributes(&attrs) {
                proptest::prop_assert!(!name.is_empty());
                let _ = value;
            }
        }
    }
}
