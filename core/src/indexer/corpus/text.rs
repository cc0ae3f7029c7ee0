//! Markdown and plain text files: optional front matter, then the body, verbatim.

use std::path::Path;

use super::front_matter::split_front_matter;
use super::{CorpusError, Record};
use crate::indexer::config::Format;

/// Reads a Markdown or text file: front matter, body, title fallback.
pub(super) fn text_record(
    path: &Path,
    content: &str,
    format: Format,
    default_id: String,
) -> Result<Record, CorpusError> {
    // An empty body is not an error: the document is indexed by its title (see `load_corpus`).
    let (fields, body, _) = split_front_matter(path, content)?;
    let heading = match format {
        Format::Markdown => body
            .lines()
            .find_map(|l| l.strip_prefix("# ").map(str::trim))
            .filter(|h| !h.is_empty())
            .map(str::to_owned),
        _ => None,
    };
    Ok(Record {
        format,
        line: None,
        fields,
        body: Some(body.to_owned()),
        default_id: Some(default_id),
        heading,
        sections: Vec::new(),
    })
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::indexer::corpus::test_support::*;

    #[test]
    fn heading_or_file_name_as_title() {
        assert_eq!(md("# Hello\nworld").unwrap().title, "Hello");
        assert_eq!(md("just text").unwrap().title, "a");
        let text = doc_with(&config(""), "# Not a title\nbody", Format::Text).unwrap();
        assert_eq!(text.title, "a");
    }

    #[test]
    fn an_empty_body_is_not_an_error() {
        // `load_corpus` indexes such a document by its title, with a warning.
        let doc = md("---\ntitle: x\n---\n  \n").unwrap();
        assert_eq!((doc.title.as_str(), doc.text.trim()), ("x", ""));
    }
}
