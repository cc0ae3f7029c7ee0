//! Headings and sections of the visible text, collected while it is written.
//!
//! Every `<h1>`–`<h6>` gives a heading (its text, entities decoded, whitespace collapsed). An
//! `<h2>` or `<h3>` with an `id` also starts a [`Section`] at the byte where its text begins
//! in the page's text. Static site generators often put the anchor on the heading's first
//! child instead (`<h2><a id="install"></a>Install</h2>`, `<h3><span id="x">…`): an `id` on
//! an `<a>` or `<span>` that comes before any of the heading's text counts as the
//! heading's. A heading is one line of the text (line breaks inside it become spaces), so
//! `text[offset..]` starts with the section's heading.

use super::scanner::{attr, Tag};
use super::text::Writer;
use crate::indexer::Section;

#[derive(Default)]
pub(super) struct Outline {
    pub headings: Vec<String>,
    pub sections: Vec<Section>,
    open: Option<Open>,
}

struct Open {
    /// Where the heading's text starts in the writer's output.
    start: usize,
    /// `h2`/`h3` only: the anchor id, once known.
    id: Option<String>,
    /// `h2`/`h3` without its own id, until the first tag inside it is seen.
    child_may_give_id: bool,
    sectioning: bool,
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
        let id = if sectioning { id_of(tag) } else { None };
        self.open = Some(Open {
            start: out.len(),
            child_may_give_id: sectioning && id.is_none(),
            id,
            sectioning,
        });
        out.heading = true;
    }

    /// Any other tag inside the content: the first one may carry the heading's anchor.
    pub fn tag(&mut self, tag: &Tag, out: &Writer) {
        let Some(open) = &mut self.open else {
            return;
        };
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
        let Some(open) = self.open.take() else {
            return;
        };
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
    use super::super::extract;

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
        let got: Vec<(&str, &str)> = doc
            .sections
            .iter()
            .map(|s| (s.id.as_str(), s.heading.as_str()))
            .collect();
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

    proptest::proptest! {
        /// Offsets are char boundaries, strictly increasing, and the text there starts with
        /// the heading, whatever the markup around them.
        #[test]
        fn section_offsets_point_at_their_headings(
            html in "(<h[1-4]( id=[a-c]{1,2})?>|</h[1-4]>|<(a|span)( id=[a-c])?>|</a>|<p>|<br>|<nav>|</nav>|<div data-bakedsearch-ignore>|</div>|[a-cé ]{1,4}|&amp;|\n|<!--|-->){0,40}"
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
