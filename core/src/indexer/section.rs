//! Sections: the parts of a page that begin at a heading with an anchor id (HTML `h2`/`h3`
//! with `id`, Markdown headings with their generated anchors). A document keeps its text
//! whole; its sections are offsets into that text, so page ranking is unchanged and a
//! result can list the sections that match, each with a link to `url#id`.

/// Where one section of a document's body begins.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Section {
    /// The heading's anchor id, as the page's links use it (`url#id`).
    pub id: String,
    /// The heading's visible text.
    pub heading: String,
    /// The byte offset in the document's body text where the heading's text begins (a char
    /// boundary; offsets strictly increase within a document).
    pub offset: usize,
}
