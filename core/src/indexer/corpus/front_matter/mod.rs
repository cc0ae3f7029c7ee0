//! Front matter: YAML between `---` lines (`yaml`), TOML between `+++` lines (`toml`), read
//! into [`Fields`].

mod toml;
mod yaml;

use std::path::Path;

use self::toml::toml_fields;
use super::{error, CorpusError, Fields};
use yaml::yaml_fields;

/// Splits front matter from a Markdown or text file: its fields, the body (verbatim after
/// the closing line) and the body's first line.
pub(super) fn split_front_matter<'c>(
    path: &Path,
    content: &'c str,
) -> Result<(Fields, &'c str, usize), CorpusError> {
    let first_end = content.find('\n').map_or(content.len(), |i| i + 1);
    let delimiter = content[..first_end].trim_end();
    if delimiter != "---" && delimiter != "+++" {
        return Ok((Fields::new(), content, 1));
    }
    let mut offset = first_end;
    for (i, raw) in content[first_end..].split_inclusive('\n').enumerate() {
        // The closing line is line i + 2 of the file; the body starts on the next one.
        let line_no = i + 2;
        if raw.trim_end() == delimiter {
            let block = &content[first_end..offset];
            let fields = if delimiter == "---" {
                yaml_fields(path, block, 2)?
            } else {
                toml_fields(path, block, 2)?
            };
            return Ok((fields, &content[offset + raw.len()..], line_no + 1));
        }
        offset += raw.len();
    }
    let (kind, example) = if delimiter == "---" {
        ("YAML", "title: My page")
    } else {
        ("TOML", "title = \"My page\"")
    };
    Err(error(
        path,
        Some(1),
        format!("{kind} front matter opened with `{delimiter}` is never closed"),
        &format!(
            "end the front matter with a line containing only `{delimiter}`, e.g. \
             {delimiter} / {example} / {delimiter}"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::toml::toml_fields;
    use super::yaml::{yaml_fields, MAX_YAML_NESTING, MAX_YAML_RETRIES};
    use super::*;
    use crate::indexer::config::{Format, BUILT_IN_FIELDS};
    use crate::indexer::corpus::test_support::*;

    #[test]
    fn front_matter_fields_and_verbatim_body() {
        let doc =
            md("---\ntitle: \"Camp David\"\ndate: 2023-11-09\nsource: Yonhap\n---\n Body: text\n")
                .unwrap();
        assert_eq!(doc.id, "a");
        assert_eq!(doc.title, "Camp David");
        assert_eq!(doc.date.as_deref(), Some("2023-11-09"));
        assert_eq!(doc.field_values("source"), ["Yonhap"]);
        assert_eq!(doc.text, " Body: text\n");
    }

    #[test]
    fn yaml_lists_scalars_and_blocks() {
        let doc = md(
            "---\r\nid: 007\ntags: [nuclear, alliance]\nauthors:\n  - Kim\n  - 'Lee'\n\
                      score: 1.50\ndraft: false\nempty:\nnone: ~\nsummary: |\n  Two\n  lines\n\
                      ---\r\nbody\r\n",
        )
        .unwrap();
        assert_eq!(doc.id, "007");
        assert_eq!(doc.field_values("tags"), ["nuclear", "alliance"]);
        assert_eq!(doc.field_values("authors"), ["Kim", "Lee"]);
        assert_eq!(doc.field_values("score"), ["1.50"]);
        assert_eq!(doc.field_values("draft"), ["false"]);
        assert_eq!(doc.field_values("summary"), ["Two\nlines"]);
        assert!(!doc.meta.contains_key("empty") && !doc.meta.contains_key("none"));
        assert_eq!(doc.text, "body\r\n");
    }

    #[test]
    fn lenient_second_colon_and_at_sign() {
        let doc =
            md("---\ntitle: South Korea: a story\nauthor: @ana\ntags: [a]\n---\nx\n").unwrap();
        assert_eq!(doc.title, "South Korea: a story");
        assert_eq!(doc.field_values("author"), ["@ana"]);
        assert_eq!(doc.field_values("tags"), ["a"]);
        let doc = md("---\ntitle: it's: fine\n---\nx\n").unwrap();
        assert_eq!(doc.title, "it's: fine");
    }

    #[test]
    fn toml_front_matter() {
        let doc = md(
            "+++\ntitle = \"Hugo page\"\ndate = 2023-11-09T10:00:00+09:00\n\
                      tags = [\"go\", \"static\"]\nweight = 3\n[params]\nx = 1\n+++\n# H\nbody\n",
        )
        .unwrap();
        assert_eq!(doc.title, "Hugo page");
        assert_eq!(doc.date.as_deref(), Some("2023-11-09T10:00:00+09:00"));
        assert_eq!(doc.field_values("tags"), ["go", "static"]);
        assert_eq!(doc.field_values("weight"), ["3"]);
        assert!(!doc.meta.contains_key("params"));
        assert_eq!(doc.text, "# H\nbody\n");
        let err = md("+++\ntitle = \"x\"\n\ndate = nope\n+++\nbody\n").unwrap_err();
        assert_eq!(err.line, Some(4), "{err}");
        assert!(err.message.contains("invalid TOML"), "{err}");
        let err = md("+++\ntitle = \"x\"\n").unwrap_err();
        assert!(err.message.contains("never closed"), "{err}");
    }

    #[test]
    fn broken_front_matter_names_the_line() {
        let err = md("---\ntitle: x\nnot a pair\n---\nbody").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.to_string().contains("docs/a.md:3"), "{err}");
        let err = md("---\ntitle: x\n").unwrap_err();
        assert!(err.message.contains("never closed"), "{err}");
        let err = md("---\ntitle: x\ntags: [a, b\n---\nbody").unwrap_err();
        assert!(err.message.contains("invalid YAML"), "{err}");
        let err = md("---\ntitle: x\ntitle: y\n---\nbody").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(
            err.message.contains("appears twice (first on line 2)"),
            "{err}"
        );
        let err = md("---\n- a\n- b\n---\nbody").unwrap_err();
        assert!(err.message.contains("not a list of `key: value`"), "{err}");
        let err = md("---\na: &x 1\nb: *x\n---\nbody").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        let deep = format!("---\nx: {}\n---\nbody", "[".repeat(100));
        assert!(md(&deep).unwrap_err().message.contains("deep"));
        let deep = format!("---\nx:\n{}a\n---\nbody", "- ".repeat(200));
        assert!(md(&deep).unwrap_err().message.contains("deep"));
        // At the limit, the parser's recursion still fits a test thread's stack.
        let limit = MAX_YAML_NESTING;
        let flow = format!(
            "---\nx: {}{}\n---\nbody",
            "[".repeat(limit),
            "]".repeat(limit)
        );
        assert!(md(&flow).unwrap().meta.is_empty());
        let block = format!("---\nx:\n{}a\n---\nbody", "- ".repeat(limit));
        assert!(md(&block).unwrap().meta.is_empty());
    }

    /// One re-parse per lenient line made front matter quadratic; the lines plain YAML
    /// always rejects are now quoted in one pass. 2,000 of them parse with every value
    /// kept, which the bounded per-line retries (MAX_YAML_RETRIES) alone could not do.
    #[test]
    fn many_lenient_lines_parse_in_one_pass() {
        let mut text = String::from("---\n");
        for i in 0..2000 {
            text.push_str(&format!("k{i}: part {i}: more\n"));
        }
        text.push_str("at: @ana\ntick: `x`\nends: Note:\n---\nbody\n");
        let doc = md(&text).unwrap();
        assert_eq!(doc.meta.len(), 2003);
        assert_eq!(doc.field_values("k1999"), ["part 1999: more"]);
        assert_eq!(doc.field_values("at"), ["@ana"]);
        assert_eq!(doc.field_values("tick"), ["`x`"]);
        assert_eq!(doc.field_values("ends"), ["Note:"]);
        // Lines the one pass does not cover still get their retry, up to the bound.
        let nested = |n: usize| {
            let mut text = String::from("---\nparent:\n");
            for i in 0..n {
                text.push_str(&format!("  k{i}: x: y\n"));
            }
            text + "---\nbody\n"
        };
        assert!(md(&nested(2)).is_ok(), "{:?}", md(&nested(2)));
        let err = md(&nested(MAX_YAML_RETRIES + 2)).unwrap_err();
        assert!(err.message.contains("invalid YAML"), "{err}");
    }

    proptest::proptest! {
        #[test]
        fn front_matter_parser_never_panics(
            content in "(---\n|\\+\\+\\+\n)?[a-z0-9: \"'\n\\[\\]{},&*!|>#@?~=.\t-]{0,120}"
        ) {
            let _ = md(&content);
        }

        #[test]
        fn yaml_block_never_panics(block in "\\PC{0,80}|[ :\\[\\]{}\\-?,\"'&*!|>#\n\ta-c]{0,80}") {
            let _ = yaml_fields(Path::new("a.md"), &block, 2);
        }

        #[test]
        fn toml_block_never_panics(block in "\\PC{0,80}|[ =\\[\\]{},\"'.\n#a-c0-9:T-]{0,80}") {
            let _ = toml_fields(Path::new("a.md"), &block, 2);
        }

        #[test]
        fn simple_key_values_round_trip(
            pairs in proptest::collection::btree_map("[a-z][a-z_]{0,8}", "[A-Za-z][A-Za-z0-9 ,.:@!?'-]{0,30}[A-Za-z0-9]", 1..6)
        ) {
            let mut text = String::from("---\n");
            for (k, v) in &pairs {
                text.push_str(&format!("{k}: {v}\n"));
            }
            text.push_str("---\nbody\n");
            let doc = doc_with(&config(""), &text, Format::Text);
            // Plain YAML may read `a #b` as a comment or `x: y` as invalid; what parses must
            // keep every key, and never panic.
            if let Ok(doc) = doc {
                for k in pairs.keys() {
                    let present = doc.meta.contains_key(k) || BUILT_IN_FIELDS.contains(&k.as_str());
                    proptest::prop_assert!(present, "{k} missing from {:?}", doc.meta);
                }
            }
        }
    }
}
