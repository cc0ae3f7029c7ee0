//! Visible text: what a reader of the page sees, one line per block.
//!
//! Left out: `script`, `style`, `nav`, `header`, `footer`, `aside`, `noscript`, `template`,
//! `svg`, `form` and `title` elements, HTML comments, and every element with the attribute
//! `data-bakedsearch-ignore` (with everything inside it). When the page marks its content
//! with `data-bakedsearch-body`, only the text inside those elements is kept. Block elements
//! become line breaks, runs of spaces one space; character references are decoded.

use super::scanner::{decode_entities, element_end, tag_at, NextGt};
use super::sections::Outline;

/// `title` too: a page without `<body>` (a redirect page) is read whole, and its title is
/// not text on the page.
pub(super) const SKIPPED: &[&str] = &[
    "script", "style", "nav", "header", "footer", "aside", "noscript", "template", "svg", "form",
    "title",
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

/// The attribute that drops an element and its content from the text.
pub const IGNORE_ATTR: &str = "data-bakedsearch-ignore";
/// The attribute that marks the content to index (see the module doc).
pub const BODY_ATTR: &str = "data-bakedsearch-body";

/// Writes text as the index keeps it, as it goes: each line's runs of whitespace are one
/// space, lines are trimmed, empty lines dropped, every line ends with `\n`. Written as it
/// goes (not cleaned up afterwards) so that an offset taken while writing is an offset in
/// the final text.
pub(super) struct Writer {
    out: String,
    space: bool,
    line_start: bool,
    /// Inside a heading: line breaks are spaces (a heading is one line).
    pub heading: bool,
}

impl Writer {
    fn new(capacity: usize) -> Writer {
        Writer {
            out: String::with_capacity(capacity),
            space: false,
            line_start: true,
            heading: false,
        }
    }

    pub fn len(&self) -> usize {
        self.out.len()
    }

    /// What was written since `start` (a value of `len()`).
    pub fn since(&self, start: usize) -> &str {
        self.out.get(start..).unwrap_or("")
    }

    /// The writer's state now, to [`Writer::rewind`] to.
    pub fn mark(&self) -> Mark {
        Mark {
            len: self.out.len(),
            space: self.space,
            line_start: self.line_start,
        }
    }

    /// Forgets what was written since `mark` (a heading's permalink sign).
    pub fn rewind(&mut self, mark: Mark) {
        if mark.len <= self.out.len() && self.out.is_char_boundary(mark.len) {
            self.out.truncate(mark.len);
            self.space = mark.space;
            self.line_start = mark.line_start;
        }
    }

    /// Raw text of the page: character references are decoded here.
    fn text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        let decoded;
        let text = if raw.contains('&') {
            decoded = decode_entities(raw);
            decoded.as_str()
        } else {
            raw
        };
        for c in text.chars() {
            if c == '\n' {
                self.line_break();
            } else if c.is_whitespace() {
                self.space = true;
            } else {
                if self.space && !self.line_start {
                    self.out.push(' ');
                }
                self.space = false;
                self.line_start = false;
                self.out.push(c);
            }
        }
    }

    fn line_break(&mut self) {
        if self.heading {
            self.space = true;
            return;
        }
        if !self.line_start {
            self.out.push('\n');
            self.line_start = true;
        }
        self.space = false;
    }

    fn finish(mut self) -> String {
        self.heading = false;
        self.line_break();
        self.out
    }
}

/// The visible text of an HTML fragment, and its headings and sections.
/// A point in the writer's output (see [`Writer::mark`]).
#[derive(Clone, Copy)]
pub(super) struct Mark {
    pub len: usize,
    space: bool,
    line_start: bool,
}

pub(super) struct Visible {
    pub text: String,
    pub headings: Vec<String>,
    pub sections: Vec<crate::indexer::Section>,
}

/// The visible text of `html`; with `marked_only`, only of the elements carrying
/// [`BODY_ATTR`] (and what they hold). Adds the bytes searched for `>` to `searched`.
pub(super) fn visible_text(html: &str, marked_only: bool, searched: &mut usize) -> Visible {
    let mut gt = NextGt::new();
    let lower = html.to_ascii_lowercase();
    let mut out = Writer::new(html.len() / 2);
    let mut outline = Outline::default();
    // The marked element we are in: its name and how many of that name are open.
    let mut marked: Option<(String, usize)> = None;
    let mut pos = 0;
    let mut text_start = 0;
    while let Some(i) = html[pos..].find('<') {
        let lt = pos + i;
        let emitting = !marked_only || marked.is_some();
        if lower[lt..].starts_with("<!--") {
            if emitting {
                out.text(&html[text_start..lt]);
            }
            pos = lower[lt..].find("-->").map_or(html.len(), |e| lt + e + 3);
            text_start = pos;
            continue;
        }
        if lower[lt..].starts_with("<!") || lower[lt..].starts_with("<?") {
            // `<!doctype html>`, `<![CDATA[`, `<?xml …?>`: markup, not text.
            if let Some(gt_at) = gt.find(html, lt) {
                if emitting {
                    out.text(&html[text_start..lt]);
                }
                pos = gt_at + 1;
                text_start = pos;
                continue;
            }
        }
        let Some(tag) = tag_at(html, lt, &mut gt) else {
            pos = lt + 1;
            continue;
        };
        if emitting {
            out.text(&html[text_start..lt]);
        }
        pos = tag.end;
        text_start = pos;
        let name = tag.name.as_str();
        if !tag.closing && tag.has_marker(&lower, IGNORE_ATTR) {
            pos = element_end(html, &lower, &tag, &mut gt);
            text_start = pos;
            continue;
        }
        if !tag.closing && SKIPPED.contains(&name) {
            let close = format!("</{name}");
            pos = lower[pos..]
                .find(&close)
                .and_then(|c| lower[pos + c..].find('>').map(|g| pos + c + g + 1))
                .unwrap_or(html.len());
            text_start = pos;
            continue;
        }
        if marked_only {
            match &mut marked {
                None if !tag.closing && !tag.is_void() && tag.has_marker(&lower, BODY_ATTR) => {
                    marked = Some((tag.name.clone(), 1));
                    out.line_break();
                }
                None => continue,
                Some((open, depth)) if open == name => {
                    if tag.closing {
                        *depth -= 1;
                    } else if !tag.self_closing() {
                        *depth += 1;
                    }
                    if *depth == 0 {
                        outline.end(&mut out);
                        out.line_break();
                        marked = None;
                        continue;
                    }
                }
                Some(_) => {}
            }
        }
        let is_heading = Outline::is_heading(name);
        if is_heading {
            outline.end(&mut out);
        }
        if BLOCKS.contains(&name) {
            out.line_break();
        }
        if is_heading && !tag.closing {
            outline.start(&tag, &mut out);
        } else {
            outline.tag(&tag, &mut out);
        }
    }
    *searched += gt.searched;
    if !marked_only || marked.is_some() {
        out.text(&html[text_start.min(html.len())..]);
    }
    outline.end(&mut out);
    Visible {
        text: out.finish(),
        headings: outline.headings,
        sections: outline.sections,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        visible_text(html, false, &mut 0).text
    }

    fn marked(html: &str) -> String {
        visible_text(html, true, &mut 0).text
    }

    #[test]
    fn lines_are_trimmed_and_collapsed() {
        assert_eq!(
            text("  a \t b <p>\n\n c&nbsp;&amp; d </p>  <br/>e\r\nf"),
            "a b\nc & d\ne\nf\n"
        );
        assert_eq!(text(""), "");
        assert_eq!(text("<p> </p>"), "");
    }

    #[test]
    fn declarations_are_not_text() {
        assert_eq!(text("<!doctype html><?xml version=1?><p>a</p>"), "a\n");
        // Never closed: text, as before.
        assert_eq!(text("<!x"), "<!x\n");
    }

    #[test]
    fn ignored_elements_go_with_their_content() {
        assert_eq!(
            text(
                "<p>keep</p><div data-bakedsearch-ignore><div>nested</div><h2>Gone</h2>\
                 tail</div><p>after <img data-bakedsearch-ignore src=x> img</p>\
                 <span DATA-BAKEDSEARCH-IGNORE=\"all\">x</span>end"
            ),
            "keep\nafter img\nend\n"
        );
        // The attribute's name in text or in another attribute's value is not the attribute.
        assert_eq!(
            text("<p title=\"data-bakedsearch-ignore\">a</p>data-bakedsearch-ignore"),
            "a\ndata-bakedsearch-ignore\n"
        );
        // Never closed: the rest of the page is ignored.
        assert_eq!(text("a<div data-bakedsearch-ignore>b<p>c"), "a\n");
    }

    #[test]
    fn marked_content_only() {
        let page = "<header>Site</header><div class=x>menu</div>\
                    <div data-bakedsearch-body><div>one</div>two</div>between\
                    <section data-bakedsearch-body>three <nav>no</nav>\
                    <span data-bakedsearch-ignore>no</span></section>footer";
        assert_eq!(marked(page), "one\ntwo\nthree\n");
        let v = visible_text(
            "<h2 id=a>Out</h2><main data-bakedsearch-body><h2 id=b>In</h2>x</main>",
            true,
            &mut 0,
        );
        assert_eq!(v.headings, ["In"]);
        assert_eq!(v.sections.len(), 1);
        assert_eq!(&v.text[v.sections[0].offset..], "In\nx\n");
    }
}
