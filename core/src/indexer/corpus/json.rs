//! JSON records: `.json` (an array of objects) and `.jsonl` / `.ndjson` (one per line).

use std::path::Path;

use super::{error, CorpusError, Entry, Limits, Record, Value};
use crate::indexer::config::Format;

pub(super) fn json_value(value: &serde_json::Value) -> Value {
    use serde_json::Value as J;
    let scalar = |v: &J| match v {
        J::String(s) => Some(Some(s.clone())),
        J::Number(n) => Some(Some(n.to_string())),
        J::Bool(b) => Some(Some(b.to_string())),
        J::Null => Some(None),
        J::Array(_) | J::Object(_) => None,
    };
    match value {
        J::Null => Value::Null,
        J::Array(items) => {
            let mut list = Vec::new();
            for item in items {
                match scalar(item) {
                    Some(Some(text)) => list.push(text),
                    Some(None) => {}
                    None => return Value::Nested,
                }
            }
            Value::List(list)
        }
        J::Object(_) => Value::Nested,
        other => scalar(other).flatten().map_or(Value::Null, Value::Text),
    }
}

pub(super) fn json_record(
    path: &Path,
    line: Option<usize>,
    value: &serde_json::Value,
) -> Result<Record, CorpusError> {
    let obj = value.as_object().ok_or_else(|| {
        error(
            path,
            line,
            "record is not a JSON object".into(),
            "make each record an object like {\"id\": \"a1\", \"title\": \"…\", \"text\": \"…\"}",
        )
    })?;
    let fields = obj
        .iter()
        .map(|(key, value)| {
            (
                key.clone(),
                Entry {
                    line,
                    value: json_value(value),
                },
            )
        })
        .collect();
    Ok(Record {
        format: Format::Json,
        line,
        fields,
        body: None,
        default_id: None,
        heading: None,
        sections: Vec::new(),
    })
}

pub(super) fn parse_jsonl(
    path: &Path,
    content: &str,
    limits: &Limits,
) -> Result<Vec<Record>, CorpusError> {
    let mut records = Vec::new();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        // Checked before parsing: a parsed record takes several times its text in memory.
        if line.len() as u64 > limits.max_document_bytes {
            return Err(error(
                path,
                Some(i + 1),
                format!(
                    "the record is {} bytes, over the limit of {} per document",
                    line.len(),
                    Limits::shown(limits.max_document_bytes)
                ),
                "split the record into smaller ones; the limit keeps the build's memory \
                 bounded (it needs about 55 bytes per byte of text)",
            ));
        }
        let value: serde_json::Value = serde_json::from_str(line).map_err(|e| {
            error(
                path,
                Some(i + 1),
                format!("invalid JSON at column {}: {}", e.column(), json_reason(&e)),
                "write one complete JSON object per line",
            )
        })?;
        records.push(json_record(path, Some(i + 1), &value)?);
    }
    Ok(records)
}

pub(super) fn parse_json_array(path: &Path, content: &str) -> Result<Vec<Record>, CorpusError> {
    let value: serde_json::Value = serde_json::from_str(content).map_err(|e| {
        error(
            path,
            Some(e.line()),
            format!("invalid JSON at column {}: {}", e.column(), json_reason(&e)),
            "make the file one JSON array of document objects",
        )
    })?;
    let array = value.as_array().ok_or_else(|| {
        error(
            path,
            Some(1),
            "a .json corpus file must hold an array of documents".into(),
            "wrap the records in [ … ], or use .jsonl with one object per line",
        )
    })?;
    let lines = array_element_lines(content);
    array
        .iter()
        .enumerate()
        .map(|(i, v)| json_record(path, lines.get(i).copied(), v))
        .collect()
}

/// serde_json's message without its position (the error names line and column itself).
pub(super) fn json_reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// The line where each element of the top-level JSON array in `text` starts.
pub(super) fn array_element_lines(text: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut line = 1;
    let mut depth = 0usize;
    let (mut in_string, mut escaped, mut expect) = (false, false, false);
    for b in text.bytes() {
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        if b.is_ascii_whitespace() {
            continue;
        }
        if depth == 1 && expect && b != b']' {
            lines.push(line);
            expect = false;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth == 1 {
                    expect = true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => expect = true,
            _ => {}
        }
    }
    lines
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::indexer::corpus::mapping::assemble;
    use crate::indexer::corpus::test_support::*;

    #[test]
    fn jsonl_records_and_errors() {
        let c = config("");
        let docs = json(&c, "{\"id\": 7, \"title\": \"T\", \"text\": \"x\"}\n\n").unwrap();
        assert_eq!(docs[0].id, "7");
        let err = json(
            &c,
            "{\"id\":1,\"text\":\"x\"}\n{\"title\":\"t\",\"text\":\"x\"}",
        )
        .unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("no \"id\""));
        let err = json(&c, "{\"id\":1,\"text\":\"x\"}\n{oops").unwrap_err();
        assert!(err.message.contains("invalid JSON"));
        // A record without text is title-only (`load_corpus` warns); "" is no text.
        for record in [
            "{\"id\":1,\"title\":\"t\"}",
            "{\"id\":1,\"title\":\"t\",\"text\":\"\"}",
        ] {
            let docs = json(&c, record).unwrap();
            assert_eq!((docs[0].title.as_str(), docs[0].text.as_str()), ("t", ""));
        }
        let err = json(&c, "{\"id\":1,\"text\":\"x\",\"date\":\"11/09/2023\"}").unwrap_err();
        assert!(err.message.contains("ISO 8601"), "{err}");
        let err = json(&c, "[1]").unwrap_err();
        assert!(err.message.contains("not a JSON object"), "{err}");
    }

    #[test]
    fn json_array_records_know_their_lines() {
        let text =
            "[\n  {\"id\": \"a\", \"text\": \"x [ ] { } \\\" ,\"},\n\n  {\"id\": \"b\",\n   \
                    \"text\": \"y\"}, {\"text\": \"c\"}\n]";
        assert_eq!(array_element_lines(text), [2, 4, 5]);
        let err = parse_json_array(Path::new("d.json"), text)
            .and_then(|records| {
                records
                    .into_iter()
                    .map(|r| assemble(&config(""), Path::new("d.json"), r))
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap_err();
        assert_eq!(err.line, Some(5), "{err}");
        assert_eq!(array_element_lines("[]"), Vec::<usize>::new());
        assert_eq!(array_element_lines("[1, [2, 3], \"4\"]"), [1, 1, 1]);
    }

    proptest::proptest! {
        #[test]
        fn json_lines_match_elements(items in proptest::collection::vec("[a-z ,\\[\\]{}\"\\\\]{0,6}", 0..6), breaks in proptest::collection::vec(0usize..3, 6)) {
            let mut text = String::from("[");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    text.push(',');
                }
                text.push_str(&"\n".repeat(breaks[i]));
                text.push_str(&serde_json::to_string(item).unwrap_or_default());
            }
            text.push(']');
            let parsed: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap_or_default();
            proptest::prop_assert_eq!(array_element_lines(&text).len(), parsed.len());
        }
    }
}
