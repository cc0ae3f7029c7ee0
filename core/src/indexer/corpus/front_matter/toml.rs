//! TOML front matter (Hugo): strings, numbers, booleans and datetimes are text, arrays of
//! them lists, anything deeper a nested value.

use std::collections::BTreeMap;
use std::path::Path;

use super::super::{error, line_at, CorpusError, Entry, Fields, Value};

/// TOML front matter `block`, whose first line is line `first_line` of the file.
pub(super) fn toml_fields(
    path: &Path,
    block: &str,
    first_line: usize,
) -> Result<Fields, CorpusError> {
    let at = |offset: usize| first_line + line_at(block, offset) - 1;
    let table: BTreeMap<String, toml::Spanned<toml::Value>> =
        toml::from_str(block).map_err(|e| {
            error(
                path,
                Some(e.span().map_or(first_line, |s| at(s.start))),
                format!("invalid TOML front matter: {}", e.message().trim()),
                "write `key = value` lines: text in quotes (title = \"My page\"), lists as \
                 [\"a\", \"b\"], dates bare (date = 2023-11-09); close the block with `+++`",
            )
        })?;
    let mut fields = Fields::new();
    for (key, spanned) in table {
        let line = Some(at(spanned.span().start));
        let value = match spanned.into_inner() {
            toml::Value::Array(items) => {
                let mut list = Vec::new();
                let mut nested = false;
                for item in items {
                    match toml_scalar(item) {
                        Some(text) => list.push(text),
                        None => nested = true,
                    }
                }
                if nested {
                    Value::Nested
                } else {
                    Value::List(list)
                }
            }
            scalar => toml_scalar(scalar).map_or(Value::Nested, Value::Text),
        };
        fields.insert(key, Entry { line, value });
    }
    Ok(fields)
}

pub(super) fn toml_scalar(value: toml::Value) -> Option<String> {
    match value {
        toml::Value::String(s) => Some(s),
        toml::Value::Integer(n) => Some(n.to_string()),
        toml::Value::Float(f) => Some(f.to_string()),
        toml::Value::Boolean(b) => Some(b.to_string()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        toml::Value::Array(_) | toml::Value::Table(_) => None,
    }
}
