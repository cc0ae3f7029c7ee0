//! Markdown and plain text files: optional front matter, then the body: Markdown rendered to
//! text with its sections (see `markdown`), plain text verbatim.

use std::path::Path;

use super::front_matter::split_front_matter;
use super::{markdown, CorpusError, Record};
use crate::indexer::config::Format;

/// Reads a Markdown or text file: front matter, body, title fallback, and (Markdown) the
/// body's sections.
pub(super) fn text_record(
    path: &Path,
    content: &str,
    format: Format,
    default_id: String,
) -> Result<Record, CorpusError> {
    // An empty body is not an error: the document is indexed by its title (see `load_corpus`).
    let (fields, body, _) = split_front_matter(path, content)?;
    let (body, heading, sections) = match format {
        Format::Markdown => {
            let rendered = markdown::render(body);
            (rendered.text, rendered.title, rendered.sections)
        }
        _ => (body.to_owned(), None, Vec::new()),
    };
    Ok(Record {
        format,
        line: None,
        fields,
        body: Some(body),
        default_id: Some(default_id),
        heading,
        sections,
    })
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::indexer::corpus::test_support::*;

    use crate::indexer::corpus::Document;

    /// A Markdown file's document, rendered as the build reads it.
    fn md(content: &str) -> Result<Document, CorpusError> {
        doc_with(&config(""), content, Format::Markdown)
    }

    #[test]
    fn heading_or_file_name_as_title() {
        assert_eq!(md("# Hello\nworld").unwrap().title, "Hello");
        assert_eq!(md("just text").unwrap().title, "a");
        let text = doc_with(&config(""), "# Not a title\nbody", Format::Text).unwrap();
        assert_eq!(text.title, "a");
    }

    #[test]
    fn markdown_is_rendered_and_plain_text_is_not() {
        let source = "---\ntitle: T\n---\n# **Big** title\n\nSee [the guide](/g/).\n\n## Next step {#next}\n\nMore.\n";
        let doc = md(source).unwrap();
        assert_eq!(doc.title, "T", "the front matter's title wins");
        assert_eq!(doc.text, "Big title\nSee the guide.\nNext step\nMore.\n");
        assert_eq!(
            doc.sections,
            [crate::indexer::Section {
                id: "next".into(),
                heading: "Next step".into(),
                offset: doc.text.find("Next step").unwrap(),
            }]
        );
        assert_eq!(md("# **Big** title\ntext").unwrap().title, "Big title");
        let text = doc_with(&config(""), "## Not a section\n**kept**", Format::Text).unwrap();
        assert_eq!(text.text, "## Not a section\n**kept**");
        assert!(text.sections.is_empty());
    }

    #[test]
    fn an_empty_body_is_not_an_error() {
        // `load_corpus` indexes such a document by its title, with a warning.
        let doc = md("---\ntitle: x\n---\n  \n").unwrap();
        assert_eq!((doc.title.as_str(), doc.text.trim()), ("x", ""));
    }
}
