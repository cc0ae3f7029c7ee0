//! HTML pages as records: what `indexer::html` extracts, under the keys a mapping names.

use super::{Entry, Fields, Record, Value};
use crate::indexer::config::Format;

/// A page as a record, and what site mode needs to know about it.
pub(super) struct Page {
    pub record: Record,
    /// Some element carries `data-bakedsearch-body`.
    pub marked: bool,
    /// `<meta name="robots" content="…noindex…">`.
    pub noindex: bool,
}

#[cfg(test)]
pub(super) fn html_record(content: &str, default_id: String) -> Record {
    html_page(content, default_id).record
}

pub(super) fn html_page(content: &str, default_id: String) -> Page {
    // A page without visible text is indexed by its title (see `load_corpus`).
    let page = crate::indexer::html::extract(content);
    let (marked, noindex) = (page.marked, page.noindex());
    let mut fields = Fields::new();
    for meta in page.meta {
        match fields.get_mut(&meta.name) {
            Some(Entry {
                value: Value::List(values),
                ..
            }) => values.extend(meta.values),
            _ => {
                fields.insert(
                    meta.name,
                    Entry {
                        line: Some(meta.line),
                        value: Value::List(meta.values),
                    },
                );
            }
        }
    }
    // One value is text, several a list.
    for entry in fields.values_mut() {
        if let Value::List(values) = &mut entry.value {
            if values.len() == 1 {
                entry.value = Value::Text(values.remove(0));
            }
        }
    }
    let mut put = |key: &str, value: Value, line: Option<usize>| {
        fields.insert(key.to_owned(), Entry { line, value });
    };
    if let Some(title) = page.title {
        put("title", Value::Text(title), None);
    }
    if let Some(url) = page.url {
        put("url", Value::Text(url), None);
    }
    if let Some((date, line)) = page.date {
        put("date", Value::Text(date), Some(line));
    }
    if !page.headings.is_empty() {
        put("headings", Value::List(page.headings), None);
    }
    let record = Record {
        format: Format::Html,
        line: None,
        fields,
        body: Some(page.text),
        default_id: Some(default_id),
        heading: None,
        sections: page.sections,
    };
    Page {
        record,
        marked,
        noindex,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indexer::corpus::mapping::assemble;
    use crate::indexer::corpus::test_support::*;
    use std::path::Path;

    #[test]
    fn html_meta_headings_and_mapping() {
        let page = "<html><head><title>T</title>\n<meta name=\"Description\" content=\"About\">\n\
                    <meta name=\"keywords\" content=\"a, b,,c\">\n<meta name=\"citation_date\" \
                    content=\"2019-07-08\">\n<meta property=\"article:tag\" content=\"x\">\
                    <meta property=\"article:tag\" content=\"y\"></head>\n<body><main><h1>One</h1>\
                    <p>text <time datetime=\"2021-05-06\">May</time></p><h2>Two</h2></main></body>\
                    </html>";
        let path = Path::new("p.html");
        let record = html_record(page, "p".into());
        let doc = assemble(&config(""), path, record).unwrap();
        assert_eq!(doc.id, "p");
        assert_eq!(doc.title, "T");
        assert_eq!(doc.text, "One\ntext May\nTwo\n");
        assert_eq!(doc.date.as_deref(), Some("2021-05-06"));
        assert_eq!(doc.field_values("description"), ["About"]);
        assert_eq!(doc.field_values("keywords"), ["a", "b", "c"]);
        assert_eq!(doc.field_values("article:tag"), ["x", "y"]);
        assert_eq!(doc.field_values("headings"), ["One", "Two"]);
        assert!(doc.sections.is_empty());
        // Headings with an anchor id become the document's sections.
        let record = html_record(
            "<main><p>intro</p><h2 id=\"use\">Use it</h2><p>how</p></main>",
            "s".into(),
        );
        let doc = assemble(&config(""), path, record).unwrap();
        assert_eq!(doc.sections.len(), 1);
        assert_eq!(doc.sections[0].id, "use");
        assert_eq!(&doc.text[doc.sections[0].offset..], "Use it\nhow\n");
        let mapped = config("[mapping.html]\ndate = \"Citation_Date\"\ntitle = \"description\"\n");
        let record = html_record(page, "p".into());
        let doc = assemble(&mapped, path, record).unwrap();
        assert_eq!(doc.date.as_deref(), Some("2019-07-08"));
        assert_eq!(doc.title, "About");
        let bad = page.replace("2019-07-08", "yesterday");
        let record = html_record(&bad, "p".into());
        let err = assemble(&mapped, path, record).unwrap_err();
        assert_eq!(err.line, Some(4), "{err}");
        assert!(err.message.contains("\"citation_date\""), "{err}");
    }
}
