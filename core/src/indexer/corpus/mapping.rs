//! Mapping: a [`Record`] (a document's keys as its file has them) onto a [`Document`], as
//! the configuration's `[mapping.<format>]`, `display`, `facets` and `[fields]` say; and the
//! check that every mapped key is found in some document.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::dates::is_iso_date;
use super::{error, CorpusError, Document, Record, Value};
use crate::format::VALUE_SEPARATOR;
use crate::indexer::config::{Config, Format, BUILT_IN_FIELDS, CONFIG_FILE};

/// How a key of `format` is named in messages.
pub(super) fn key_noun(format: Format) -> &'static str {
    match format {
        Format::Markdown | Format::Text => "front matter key",
        Format::Html => "meta",
        Format::Json => "field",
    }
}

pub(super) fn format_name(format: Format) -> &'static str {
    match format {
        Format::Markdown => "markdown",
        Format::Text => "text",
        Format::Html => "html",
        Format::Json => "json",
    }
}

/// The configuration file's name, for messages.
pub(super) fn settings_name(config: &Config) -> String {
    config
        .path
        .as_deref()
        .and_then(Path::file_name)
        .map_or_else(
            || CONFIG_FILE.to_owned(),
            |n| n.to_string_lossy().into_owned(),
        )
}

/// A document's key for `field` (HTML meta names are case-insensitive: lowercased).
pub(super) fn source_key(config: &Config, format: Format, field: &str) -> String {
    let key = config.source_key(format, field);
    match format {
        Format::Html => key.to_ascii_lowercase(),
        _ => key.to_owned(),
    }
}

pub(super) fn is_mapped(config: &Config, format: Format, field: &str) -> bool {
    config
        .mapping
        .get(&format)
        .is_some_and(|m| m.contains_key(field))
}

/// Per format: where its first document is, and which mapped keys some document has.
pub(super) struct KeysSeen {
    first: (PathBuf, Option<usize>),
    first_keys: Vec<String>,
    found: BTreeSet<String>,
}

pub(super) fn note_mapped_keys(
    config: &Config,
    path: &Path,
    record: &Record,
    seen: &mut BTreeMap<Format, KeysSeen>,
) {
    let keys = seen.entry(record.format).or_insert_with(|| KeysSeen {
        first: (path.to_path_buf(), record.line.or(Some(1))),
        first_keys: record.fields.keys().cloned().collect(),
        found: BTreeSet::new(),
    });
    if let Some(mapping) = config.mapping.get(&record.format) {
        for field in mapping.keys() {
            let key = source_key(config, record.format, field);
            if record.fields.contains_key(&key) {
                keys.found.insert(key);
            }
        }
    }
}

/// A mapping whose key no document of its format has is a typo, not a choice.
pub(super) fn check_mapped_keys(
    config: &Config,
    seen: &BTreeMap<Format, KeysSeen>,
) -> Result<(), CorpusError> {
    for (&format, keys) in seen {
        let Some(mapping) = config.mapping.get(&format) else {
            continue;
        };
        for (field, key) in mapping {
            if keys.found.contains(&source_key(config, format, field)) {
                continue;
            }
            let noun = match format {
                Format::Markdown | Format::Text => "front matter",
                Format::Html => "page",
                Format::Json => "record",
            };
            let settings = settings_name(config);
            let has = if keys.first_keys.is_empty() {
                "none".to_owned()
            } else {
                keys.first_keys.join(", ")
            };
            return Err(error(
                &keys.first.0,
                keys.first.1,
                format!("{noun} has no \"{key}\" (mapped to {field} by {settings})"),
                &format!(
                    "no {} document has the key \"{key}\": correct it in [mapping.{}] of \
                     {settings}, or remove the mapping (this document's keys: {has})",
                    format_name(format),
                    format_name(format),
                ),
            ));
        }
    }
    Ok(())
}

/// True when `record` has a title of its own (not the fallback to its id): the title key
/// with text, or (Markdown) a `# ` heading.
pub(super) fn has_own_title(config: &Config, record: &Record) -> bool {
    let key = source_key(config, record.format, "title");
    let own = match record.fields.get(&key).map(|e| &e.value) {
        Some(Value::Text(t)) => !t.trim().is_empty(),
        Some(Value::List(values)) if record.format == Format::Html => {
            values.first().is_some_and(|t| !t.trim().is_empty())
        }
        _ => false,
    };
    own || record.heading.is_some()
}

/// Maps a record onto a document as the configuration says.
pub(super) fn assemble(
    config: &Config,
    path: &Path,
    record: Record,
) -> Result<Document, CorpusError> {
    let Record {
        format,
        line,
        fields,
        body,
        default_id,
        heading,
        sections,
    } = record;
    let settings = settings_name(config);
    let mut used: BTreeSet<String> = BTreeSet::new();
    let noun = key_noun(format);

    // A built-in field that takes one value.
    let mut single = |field: &str| -> Result<Option<(String, Option<usize>)>, CorpusError> {
        let key = source_key(config, format, field);
        let Some(entry) = fields.get(&key) else {
            return Ok(None);
        };
        used.insert(key.clone());
        let at = entry.line.or(line);
        let text = match &entry.value {
            Value::Null => return Ok(None),
            Value::Text(t) => t.as_str(),
            // A repeated <meta> tag: the first one counts.
            Value::List(values) if format == Format::Html => {
                values.first().map_or("", String::as_str)
            }
            other => {
                return Err(error(
                    path,
                    at,
                    format!(
                        "{noun} \"{key}\" is {}, but {field} takes one text value",
                        other.kind()
                    ),
                    &format!("give \"{key}\" a single value, e.g. `{key}: …`"),
                ))
            }
        };
        let text = text.trim();
        Ok((!text.is_empty()).then(|| (text.to_owned(), at)))
    };

    let id = match single("id")? {
        Some((id, _)) => id,
        None => match default_id {
            Some(id) => id,
            None if is_mapped(config, format, "id") => {
                let key = source_key(config, format, "id");
                return Err(error(
                    path,
                    line,
                    format!("record has no \"{key}\" (mapped to id by {settings})"),
                    &format!(
                        "give every record a \"{key}\" (a string or number), or correct \
                         [mapping.json] id in {settings}"
                    ),
                ));
            }
            None => {
                return Err(error(
                    path,
                    line,
                    "record has no \"id\"".into(),
                    "give every record an \"id\" (a string or number), e.g. {\"id\": \"a1\", \
                     \"title\": \"…\", \"text\": \"…\"}; or map your key in bakedsearch.toml: \
                     [mapping.json] id = \"slug\"",
                ))
            }
        },
    };
    let title = single("title")?.map(|(t, _)| t);
    let url = single("url")?.map(|(u, _)| u);
    let date = match single("date")? {
        Some((date, at)) => {
            if !is_iso_date(&date) {
                let key = source_key(config, format, "date");
                let from = if key == "date" {
                    String::new()
                } else {
                    format!(" (from \"{key}\")")
                };
                return Err(error(
                    path,
                    at,
                    format!("date {date:?}{from} is not an ISO 8601 date"),
                    "write dates as YYYY-MM-DD (or YYYY, YYYY-MM, or with a time: \
                     2023-11-09T14:30:00Z), so that they sort as text",
                ));
            }
            Some(date)
        }
        None => None,
    };

    let text = match body {
        Some(body) => body,
        None => {
            // JSON: the mapped key, else "text", else "body".
            let mapped = is_mapped(config, format, "body");
            let keys: Vec<String> = if mapped {
                vec![source_key(config, format, "body")]
            } else {
                vec!["text".into(), "body".into()]
            };
            let mut found = None;
            for key in &keys {
                let Some(entry) = fields.get(key) else {
                    continue;
                };
                used.insert(key.clone());
                match &entry.value {
                    Value::Text(t) if found.is_none() && !t.trim().is_empty() => {
                        found = Some(t.clone());
                    }
                    Value::List(_) | Value::Nested if found.is_none() => {
                        return Err(error(
                            path,
                            line,
                            format!(
                                "record \"{id}\": field \"{key}\" is {}, but the body is one \
                                 text",
                                entry.value.kind()
                            ),
                            "write the body as one string (join paragraphs with \\n)",
                        ));
                    }
                    _ => {}
                }
            }
            // A record without body text is indexed by its title (see `load_corpus`); a
            // mapped key that no record has is a typo, reported by `check_mapped_keys`.
            found.unwrap_or_default()
        }
    };

    // Metadata fields the configuration names: read through the mapping.
    let mut wanted: BTreeSet<&str> = BTreeSet::new();
    wanted.extend(config.display.iter().map(String::as_str));
    wanted.extend(config.facets.iter().map(String::as_str));
    wanted.extend(config.fields.iter().map(|f| f.name.as_str()));
    if let Some(mapping) = config.mapping.get(&format) {
        wanted.extend(mapping.keys().map(String::as_str));
    }
    wanted.retain(|name| !BUILT_IN_FIELDS.contains(name));
    let mut meta: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for &name in &wanted {
        let key = source_key(config, format, name);
        let Some(entry) = fields.get(&key) else {
            continue;
        };
        used.insert(key.clone());
        let values = match &entry.value {
            Value::Nested => {
                return Err(error(
                    path,
                    entry.line.or(line),
                    format!(
                        "{noun} \"{key}\" is a map or a nested list, but {settings} uses it as \
                         the field {name}"
                    ),
                    &format!(
                        "give \"{key}\" text or a list of text (e.g. `{key}: [a, b]`), or \
                         remove {name} from {settings}"
                    ),
                ))
            }
            value => values_of(value),
        };
        // The image stores a display field's values joined by VALUE_SEPARATOR (U+001F), so
        // a value holding one would come back as two; facet values share the rule, so one
        // field reads the same whichever way it is configured.
        let stored = config
            .display
            .iter()
            .chain(&config.facets)
            .any(|f| f == name);
        if stored && values.iter().any(|v| v.contains(VALUE_SEPARATOR)) {
            return Err(error(
                path,
                entry.line.or(line),
                format!(
                    "{noun} \"{key}\" holds the control character U+001F, which separates \
                     the values of the field {name} in the index"
                ),
                &format!(
                    "remove the U+001F character from \"{key}\" (give several values as a \
                     list, e.g. `{key}: [a, b]`)"
                ),
            ));
        }
        if !values.is_empty() {
            meta.insert(name.to_owned(), values);
        }
    }
    // Every other key under its own name.
    for (key, entry) in &fields {
        if used.contains(key)
            || BUILT_IN_FIELDS.contains(&key.as_str())
            || wanted.contains(key.as_str())
        {
            continue;
        }
        let values = values_of(&entry.value);
        if !values.is_empty() {
            meta.insert(key.clone(), values);
        }
    }

    Ok(Document {
        title: title.or(heading).unwrap_or_else(|| id.clone()),
        id,
        text,
        url,
        date,
        meta,
        sections,
    })
}

/// The values of a metadata field: trimmed, empty ones dropped; nested values give none.
pub(super) fn values_of(value: &Value) -> Vec<String> {
    let list: Vec<&str> = match value {
        Value::Text(t) => vec![t.as_str()],
        Value::List(items) => items.iter().map(String::as_str).collect(),
        Value::Null | Value::Nested => Vec::new(),
    };
    list.into_iter()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::indexer::corpus::test_support::*;

    #[test]
    fn nested_yaml_is_ignored_unless_configured() {
        let text = "---\nmenu:\n  main:\n    weight: 3\nlinks: [[a, b]]\ntags: [x]\n---\nbody\n";
        let doc = md(text).unwrap();
        assert_eq!(doc.meta.keys().collect::<Vec<_>>(), ["tags"]);
        let err = doc_with(&config("facets = [\"menu\"]"), text, Format::Markdown).unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
        assert!(err.message.contains("\"menu\" is a map"), "{err}");
        let err = md("---\ntitle: [a, b]\n---\nbody\n").unwrap_err();
        assert!(err.message.contains("takes one text value"), "{err}");
    }

    #[test]
    fn mapping_reads_the_configured_keys() {
        let config = config(
            "display = [\"category\"]\nfacets = [\"tags\"]\n\
             [mapping.json]\nid = \"slug\"\nbody = \"content\"\ntitle = \"headline\"\n\
             date = \"published\"\ncategory = \"section\"\ntags = \"labels\"\n\
             [mapping.markdown]\ntitle = \"name\"\n",
        );
        let docs = json(
            &config,
            "{\"slug\": \"s1\", \"headline\": \"H\", \"content\": \"C\", \"published\": 2023, \
             \"section\": \"news\", \"labels\": [\"a\", 2, true, null], \"title\": \"shadowed\", \
             \"tags\": \"shadowed\", \"extra\": 1.5, \"deep\": {\"x\": 1}}",
        )
        .unwrap();
        let d = &docs[0];
        assert_eq!(
            (d.id.as_str(), d.title.as_str(), d.text.as_str()),
            ("s1", "H", "C")
        );
        assert_eq!(d.date.as_deref(), Some("2023"));
        assert_eq!(d.field_values("category"), ["news"]);
        assert_eq!(d.field_values("tags"), ["a", "2", "true"]);
        assert_eq!(d.field_values("extra"), ["1.5"]);
        assert_eq!(
            d.meta.keys().collect::<Vec<_>>(),
            ["category", "extra", "tags"]
        );
        let doc = doc_with(&config, "---\nname: Mapped\n---\nbody", Format::Markdown).unwrap();
        assert_eq!(doc.title, "Mapped");

        // Without its mapped body key a record is title-only (the mapped body is read, not
        // "text"); a key that no record has is refused by `check_mapped_keys`.
        let docs = json(&config, "{\"slug\": \"s1\", \"text\": \"T\"}").unwrap();
        assert_eq!(docs[0].text, "");
        let err = json(&config, "{\"id\": \"s1\", \"content\": \"T\"}").unwrap_err();
        assert_eq!(
            err.message,
            "record has no \"slug\" (mapped to id by bakedsearch.toml)"
        );
    }

    #[test]
    fn a_separator_in_a_stored_value_is_refused() {
        let c = config("display = [\"source\"]\nfacets = [\"tags\"]\n");
        let err = json(
            &c,
            "{\"id\": 1, \"text\": \"x\", \"source\": \"a\\u001fb\"}",
        )
        .unwrap_err();
        assert_eq!(err.line, Some(1), "{err}");
        assert!(
            err.message
                .contains("\"source\" holds the control character U+001F"),
            "{err}"
        );
        let err = doc_with(
            &c,
            "---\ntitle: t\ntags: [ok, \"a\\x1fb\"]\n---\nbody",
            Format::Markdown,
        )
        .unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.contains("field tags"), "{err}");
        // Elsewhere the character does no harm (a field that is neither shown nor a facet).
        let doc = json(&c, "{\"id\": 1, \"text\": \"x\", \"note\": \"a\\u001fb\"}").unwrap();
        assert_eq!(doc[0].field_values("note"), ["a\u{1f}b"]);
    }
}
