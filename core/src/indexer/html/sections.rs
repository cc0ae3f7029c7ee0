//! Headings and sections of the visible text, collected while it is written.
//!
//! Every `<h1>`–`<h6>` gives a heading (its text, entities decoded, whitespace collapsed). An
//! `<h2>` or `<h3>` with an `id` also starts a [`Section`] at the byte where its text begins
//! in the page's text. Static site generators often put the anchor on the heading's first
//! child instead (`<h2><a id="install"></a>Install</h2>`, `<h3><span id="x">…`): an `id` on
//! an `<a>` or `<span>` that comes before any of the heading's text counts as the
//! heading's. A heading is one line of the text (line breaks inside it become spaces), so
//! `text[offset..]` starts with the section's heading.
//!
//! Documentation generators mark headings in two more ways, both handled:
//! - the id on the enclosing element: Sphinx writes `<section id="install"><h2>Install`
//!   (older versions `<div class="section" id="install">`); a `<section>`, `<div>` or
//!   `<article>` with an id whose first text is an `<h2>`/`<h3>` without an id gives it that id;
//! - a permalink inside the heading: `<a class="headerlink" href="#install">¶</a>` (Sphinx,
//!   MkDocs), `<a class="header-anchor" href="#install">#</a>` (VitePress), a `hash-link`
//!   with a zero-width space (Docusaurus). A link inside a heading whose text has no letter or
//!   digit is a sign, not words: its text is dropped from the page's text and the heading, and
//!   its `#fragment` is the heading's anchor when the heading has no id.

use super::scanner::{attr, Tag};
use super::text::{Mark, Writer};
use crate::indexer::Section;

#[derive(Default)]
pub(super) struct Outline {
    pub headings: Vec<String>,
    pub sections: Vec<Section>,
    open: Option<Open>,
    /// The id of the last `<section>`/`<div>`/`<article>` start tag, with where the text
    /// stood then: an id-less `h2`/`h3` starting there (no text between) takes it.
    container: Option<(String, usize)>,
}

struct Open {
    /// Where the heading's text starts in the writer's output.
    start: usize,
    /// `h2`/`h3` only: the anchor id, once known.
    id: Option<String>,
    /// `h2`/`h3` without its own id, until the first tag inside it is seen.
    child_may_give_id: bool,
    sectioning: bool,
    /// An `<a>` open inside the heading: where its text began, and its `#fragment`.
    link: Option<(Mark, Option<String>)>,
}

fn id_of(tag: &Tag) -> Option<String> {
    attr(tag.attrs, "id")
        .map(|id| id.trim().to_owned())
        .filter(|id| !id.is_empty())
}

impl Outline {
    pub fn is_heading(name: &str) -> bool {
        matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
    }

    /// A heading's start tag, after the writer's line break for it.
    pub fn start(&mut self, tag: &Tag, out: &mut Writer) {
        self.end(out);
        let sectioning = matches!(tag.name.as_str(), "h2" | "h3");
        let container = self
            .container
            .take()
            .and_then(|(id, at)| (at == out.len()).then_some(id));
        let id = if sectioning {
            id_of(tag).or(container)
        } else {
            None
        };
        self.open = Some(Open {
            start: out.len(),
            child_may_give_id: sectioning && id.is_none(),
            id,
            sectioning,
            link: None,
        });
        out.heading = true;
    }

    /// Any other tag inside the content: the first one may carry the heading's anchor; a
    /// link in a heading may be its permalink sign.
    pub fn tag(&mut self, tag: &Tag, out: &mut Writer) {
        let Some(open) = &mut self.open else {
            if !tag.closing && matches!(tag.name.as_str(), "section" | "div" | "article") {
                if let Some(id) = id_of(tag) {
                    self.container = Some((id, out.len()));
                }
            }
            return;
        };
        if tag.name == "a" {
            if !tag.closing {
                let fragment = attr(tag.attrs, "href")
                    .and_then(|h| h.strip_prefix('#').map(|f| f.trim().to_owned()))
                    .filter(|f| !f.is_empty());
                open.link = Some((out.mark(), fragment));
            } else if let Some((mark, fragment)) = open.link.take() {
                if !out.since(mark.len).chars().any(char::is_alphanumeric) {
                    out.rewind(mark);
                    if open.sectioning && open.id.is_none() {
                        open.id = fragment;
                    }
                }
            }
        }
        if open.child_may_give_id {
            open.child_may_give_id = false;
            if !tag.closing && out.len() == open.start && matches!(tag.name.as_str(), "a" | "span")
            {
                open.id = id_of(tag);
            }
        }
    }

    /// Ends the open heading, if any (its end tag, the next heading, the end of the text).
    pub fn end(&mut self, out: &mut Writer) {
        let Some(mut open) = self.open.take() else {
            return;
        };
        // A sign link left open at the heading's end (`<h2>Install<a href=#i>¶</h2>`).
        if let Some((mark, fragment)) = open.link.take() {
            if !out.since(mark.len).chars().any(char::is_alphanumeric) {
                out.rewind(mark);
                if open.sectioning && open.id.is_none() {
                    open.id = fragment;
                }
            }
        }
        out.heading = false;
        let text = out.since(open.start);
        if text.is_empty() {
            return;
        }
        if let (true, Some(id)) = (open.sectioning, open.id) {
            self.sections.push(Section {
                id,
                heading: text.to_owned(),
                offset: open.start,
            });
        }
        self.headings.push(text.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::super::{extract, HtmlDocument};

    fn ids_and_headings(doc: &HtmlDocument) -> Vec<(&str, &str)> {
        doc.sections
            .iter()
            .map(|s| (s.id.as_str(), s.heading.as_str()))
            .collect()
    }

    #[test]
    fn sections_from_ids_on_headings_or_their_first_child() {
        let doc = extract(
            "<main><h1 id=top>Guide</h1><p>intro</p>\
             <h2 id=\"install\">Install &amp;\n run</h2><p>a</p>\
             <h3><a id=linux href=#linux></a> On <b>Linux</b></h3><p>b</p>\
             <h3><span id=\"mac\">macOS</span></h3><h2>No id</h2>\
             <h2><b>x</b><a id=late></a>Late</h2><h4 id=deep>Deep</h4>\
             <h2 id=empty> </h2><h2 id=\"  \">Blank id</h2>\
             <nav><h2 id=menu>Menu</h2></nav>\
             <h2 id=ignored-part>Kept <span data-bakedsearch-ignore>¶</span></h2>end</main>",
        );
        let got = ids_and_headings(&doc);
        assert_eq!(
            got,
            [
                ("install", "Install & run"),
                ("linux", "On Linux"),
                ("mac", "macOS"),
                ("ignored-part", "Kept"),
            ]
        );
        for s in &doc.sections {
            assert!(doc.text[s.offset..].starts_with(&s.heading), "{s:?}");
        }
        assert_eq!(
            doc.headings,
            [
                "Guide",
                "Install & run",
                "On Linux",
                "macOS",
                "No id",
                "xLate",
                "Deep",
                "Blank id",
                "Kept"
            ]
        );
    }

    #[test]
    fn documentation_generators_markup() {
        let doc = extract(
            "<main><section id=\"install\">\n<h2>Install<a class=\"headerlink\" \
             href=\"#install\" title=\"Link to this heading\">&para;</a></h2><p>pip</p>\
             <div class=\"section\" id=\"old\"><h3>Old Sphinx<a class=headerlink \
             href=#old>¶</a></h3></div>\
             <h2 id=\"vite\" tabindex=\"-1\"><a class=\"header-anchor\" href=\"#vite\">#</a> \
             VitePress</h2>\
             <h2 class=anchor>Docusaurus<a class=hash-link href=\"#docu\">\u{200b}</a></h2>\
             <h2>Link <a href=\"#other\">in words</a></h2>\
             <section id=late><p>text first</p><h2>Not the section's</h2></section>\
             <h2>Unclosed<a href=#unclosed>§</h2>end</main>",
        );
        let got = ids_and_headings(&doc);
        assert_eq!(
            got,
            [
                ("install", "Install"),
                ("old", "Old Sphinx"),
                ("vite", "VitePress"),
                ("docu", "Docusaurus"),
                ("unclosed", "Unclosed"),
            ]
        );
        assert!(
            !doc.text.contains(['¶', '#', '§', '\u{200b}']),
            "{}",
            doc.text
        );
        assert!(doc.text.contains("Link in words"), "{}", doc.text);
        for s in &doc.sections {
            assert!(doc.text[s.offset..].starts_with(&s.heading), "{s:?}");
        }
    }

    proptest::proptest! {
        /// Offsets are char boundaries, strictly increasing, and the text there starts with
        /// the heading, whatever the markup around them.
        #[test]
        fn section_offsets_point_at_their_headings(
            html in "(<h[1-4]( id=[a-c]{1,2})?>|</h[1-4]>|<(a|span)( id=[a-c])?( href=#[a-c]{0,2})?>|</a>|<(section|div)( id=[a-c])?>|¶|#|<p>|<br>|<nav>|</nav>|<div data-bakedsearch-ignore>|</div>|[a-cé ]{1,4}|&amp;|\n|<!--|-->){0,40}"
        ) {
            let doc = super::super::extract(&html);
            let mut last = None;
            for s in &doc.sections {
                proptest::prop_assert!(doc.text.is_char_boundary(s.offset));
                proptest::prop_assert!(last.is_none_or(|l| s.offset > l), "{:?}", doc.sections);
                proptest::prop_assert!(!s.heading.is_empty());
                proptest::prop_assert!(doc.text[s.offset..].starts_with(&s.heading));
                last = Some(s.offset);
            }
        }
    }
}
