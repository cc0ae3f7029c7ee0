//! What the page says about itself: `<meta>` tags, the canonical link, the first
//! `<time datetime>`, and whether any element marks the content with
//! `data-bakedsearch-body`. These count anywhere outside comments and raw text elements.

use super::scanner::{attr, decode_entities, tag_at, NextGt, RAW_TEXT};
use super::text::BODY_ATTR;
use super::HtmlMeta;

/// Text with character references decoded and whitespace collapsed; `None` when empty.
pub(super) fn clean(s: &str) -> Option<String> {
    let t = decode_entities(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (!t.is_empty()).then_some(t)
}

/// The page's metadata, from one pass over its tags.
#[derive(Default)]
pub(super) struct Head {
    pub meta: Vec<HtmlMeta>,
    pub url: Option<String>,
    pub first_time: Option<(String, usize)>,
    pub marked: bool,
    /// Bytes searched for `>`.
    pub searched: usize,
}

pub(super) fn scan_head(html: &str, lower: &str) -> Head {
    let mut gt = NextGt::new();
    let mut head = Head::default();
    let newlines: Vec<usize> = html
        .bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let line_of = |offset: usize| newlines.partition_point(|&n| n < offset) + 1;
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
        if !head.marked && tag.has_marker(lower, BODY_ATTR) {
            head.marked = true;
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
                    head.meta.push(HtmlMeta {
                        name,
                        values,
                        line: line_of(start),
                    });
                }
            }
            "link" if head.url.is_none() => {
                let canonical = attr(tag.attrs, "rel").is_some_and(|rel| {
                    rel.split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                });
                if canonical {
                    head.url = attr(tag.attrs, "href").and_then(|h| clean(&h));
                }
            }
            "time" if head.first_time.is_none() => {
                head.first_time = attr(tag.attrs, "datetime")
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
    head.searched = gt.searched;
    head
}
