//! Corpus loading: documents from a folder (or one file) in the formats people keep them in,
//! mapped onto bakedsearch's fields as `bakedsearch.toml` says (see `config`).
//!
//! # Formats
//!
//! **Markdown** (`.md`, `.markdown`) and **text** (`.txt`): optional front matter, then the
//! body: every byte after the front matter's closing line, verbatim (the whole file when
//! there is no front matter; a leading UTF-8 byte order mark is dropped).
//!
//! - YAML front matter, between a first line `---` and the next line `---` (Jekyll, Hugo,
//!   Eleventy). Top level: `key: value` pairs. A value is text or a list of text:
//!   - plain scalars keep their exact spelling (`007`, `1.50`, `true` and `2023-11-09` stay
//!     as written), quoted strings and `|` / `>` blocks are read as YAML reads them;
//!   - lists are `[a, b]` or `- a` lines, one value per item;
//!   - `~`, `null` and an empty value mean the key is absent;
//!   - aliases (`*name`) and repeated keys are errors.
//!
//!   Leniency for the simple `key: value` front matter of earlier versions: a line
//!   `key: value` that YAML rejects while its value is unquoted (`title: South Korea: a
//!   story`, `author: @ana`) is read as the literal text after the key's colon and space,
//!   up to the end of the line. Any other YAML error fails the build.
//! - TOML front matter, between a first line `+++` and the next line `+++` (Hugo): strings,
//!   numbers, booleans and datetimes are text (`date = 2023-11-09` is `"2023-11-09"`), arrays
//!   of them are lists.
//! - Nested values: a key whose value is a map, or a list holding lists or maps (Hugo's
//!   `menu`, `params`, `cascade`…), is ignored, unless `bakedsearch.toml` uses that key as a
//!   field (a built-in field, `display`, `facets`, `[fields]` or a mapping): then it is an
//!   error, since a field holds text or a list of text.
//! - title: the front matter's, else (Markdown only) the first line starting with `# `, else
//!   the id. id: the front matter's, else the file's path below the corpus folder without
//!   its extension (`guide/intro` for `guide/intro.md`).
//!
//! **HTML** (`.html`, `.htm`), see `html`: the visible text of the main content is the body;
//! the page offers these keys: `title` (`<title>`, else the first `<h1>`), `url` (the
//! canonical link), `date` (`<meta name="date">`, else `article:published_time`, else
//! `dc.date`, else the first `<time datetime>`), `headings` (the text of every `<h1>`–`<h6>`
//! of the main content, one value each), and every `<meta name|property=… content=…>` under
//! its lowercased name (`description`, `og:title`…; repeated tags give several values;
//! `keywords` is split on commas). The id is the file's path, as for Markdown.
//!
//! **JSON** records: `.json` holds one array of objects; `.jsonl` / `.ndjson` hold one
//! object per line (blank lines skipped). Every record needs an `id` and a body, by default
//! `text` or else `body`. Strings, numbers and booleans are text; arrays of them are lists;
//! objects (and arrays holding arrays or objects) are nested values, as above.
//!
//! # Fields
//!
//! Every document has an id, a title, a body, and optionally a url and a date. Each is read
//! from the key `config.source_key(format, field)`: the field's own name unless
//! `[mapping.<format>]` maps it (`[mapping.json] body = "content"`, `[mapping.html] date =
//! "dc.date"`); the body of Markdown, text and HTML is always the document's text. So is every
//! metadata field that the configuration names (`display`, `facets`, `[fields]`, mappings).
//! Every other key goes into [`Document::meta`] under its own name, except keys named like a
//! built-in field (`id`, `title`, `body`, `url`, `date`), or like a metadata field that a
//! mapping reads from another key: those are shadowed.
//!
//! Dates must be ISO 8601 so that they sort as text: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`,
//! optionally followed by `T` or a space and a time (`2023-11-09T14:30:00+09:00`).
//!
//! # Errors
//!
//! Files are read in sorted path order (deterministic builds); dot-files are skipped, and so
//! is the configuration file. Every problem is a [`CorpusError`] naming the file, the line
//! and the fix: unreadable or non-UTF-8 files, broken front matter (YAML or TOML), an
//! unclosed front matter block, a document without body text, an HTML page without visible
//! text, invalid JSON, a record that is not an object or has no id or body, a list or map
//! where a field takes one value, a date that is not ISO 8601, duplicate ids, an empty
//! corpus, and a mapping whose key no document of its format has (a misspelled key would
//! otherwise silently leave the field empty).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use super::config::{Config, Format, BUILT_IN_FIELDS, CONFIG_FILE};

/// A document as the builder sees it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    pub id: String,
    pub title: String,
    /// The body text (field `body`).
    pub text: String,
    pub url: Option<String>,
    /// ISO 8601 (`2023-11-09`, `2023-11`, `2023`, or with a time): sortable as text.
    pub date: Option<String>,
    /// Every other field (front matter key, JSON key, HTML meta): name → values (one for a
    /// scalar, several for a list), in name order.
    pub meta: BTreeMap<String, Vec<String>>,
}

impl Document {
    /// The values of field `name`: title, body, url and date, or metadata.
    pub fn field_values(&self, name: &str) -> Vec<&str> {
        match name {
            "id" => vec![self.id.as_str()],
            "title" => vec![self.title.as_str()],
            "body" => vec![self.text.as_str()],
            "url" => self.url.as_deref().into_iter().collect(),
            "date" => self.date.as_deref().into_iter().collect(),
            _ => self
                .meta
                .get(name)
                .map(|v| v.iter().map(String::as_str).collect())
                .unwrap_or_default(),
        }
    }
}

/// A problem with the corpus, located and with a fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
    pub fix: String,
}

impl fmt::Display for CorpusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message)?,
            None => write!(f, "{}: {}", self.path.display(), self.message)?,
        }
        write!(f, "\n  fix: {}", self.fix)
    }
}

impl std::error::Error for CorpusError {}

impl CorpusError {
    pub fn new(path: &Path, line: Option<usize>, message: String, fix: &str) -> CorpusError {
        CorpusError {
            path: path.to_path_buf(),
            line,
            message,
            fix: fix.to_owned(),
        }
    }
}

fn error(path: &Path, line: Option<usize>, message: String, fix: &str) -> CorpusError {
    CorpusError::new(path, line, message, fix)
}

/// The result of loading: documents plus files that were skipped (unknown extensions).
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub skipped: Vec<PathBuf>,
    /// Every file read, for `cargo:rerun-if-changed`.
    pub files: Vec<PathBuf>,
}

/// Loads every document of `config.corpus` (a folder, searched recursively, or one file).
pub fn load_corpus(config: &Config) -> Result<Corpus, CorpusError> {
    let path = config.corpus.as_path();
    let mut files = Vec::new();
    if path.is_dir() {
        collect_files(path, &mut files)?;
    } else if path.is_file() {
        files.push(path.to_path_buf());
    } else {
        return Err(error(
            path,
            None,
            "corpus path does not exist".into(),
            "point BAKEDSEARCH_CORPUS (or `corpus` in bakedsearch.toml) at a folder of \
             .md/.txt/.html/.json/.jsonl files, or unset it to use seeds/",
        ));
    }
    files.sort();
    let root = if path.is_dir() { path } else { Path::new("") };
    let mut corpus = Corpus::default();
    let mut seen: HashMap<String, (PathBuf, Option<usize>)> = HashMap::new();
    let mut keys_seen: BTreeMap<Format, KeysSeen> = BTreeMap::new();
    for file in files {
        let ext = file
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        let format = match ext.as_str() {
            "md" | "markdown" => Format::Markdown,
            "txt" => Format::Text,
            "html" | "htm" => Format::Html,
            "json" | "jsonl" | "ndjson" => Format::Json,
            _ if file.file_name().is_some_and(|n| n == CONFIG_FILE) => continue,
            _ if config.path.as_deref() == Some(file.as_path()) => continue,
            _ => {
                corpus.skipped.push(file);
                continue;
            }
        };
        let content = read_utf8(&file)?;
        let content = content.strip_prefix('\u{feff}').unwrap_or(&content);
        let records = match ext.as_str() {
            "json" => parse_json_array(&file, content)?,
            "jsonl" | "ndjson" => parse_jsonl(&file, content)?,
            "html" | "htm" => vec![html_record(&file, content, default_id(root, &file))?],
            _ => vec![text_record(
                &file,
                content,
                format,
                default_id(root, &file),
            )?],
        };
        for record in records {
            note_mapped_keys(config, &file, &record, &mut keys_seen);
            let line = record.line;
            let doc = assemble(config, &file, record)?;
            if let Some((first_path, first_line)) = seen.get(&doc.id) {
                let first = match first_line {
                    Some(l) => format!("{}:{}", first_path.display(), l),
                    None => first_path.display().to_string(),
                };
                return Err(error(
                    &file,
                    line,
                    format!(
                        "duplicate document id \"{}\" (first used by {first})",
                        doc.id
                    ),
                    "give every document a unique id (front matter `id:` or the JSON `id` \
                     field; files default to their path below the corpus folder)",
                ));
            }
            seen.insert(doc.id.clone(), (file.clone(), line));
            corpus.documents.push(doc);
        }
        corpus.files.push(file);
    }
    if corpus.documents.is_empty() {
        return Err(error(
            path,
            None,
            "the corpus has no documents".into(),
            "add .md, .txt, .html, .json or .jsonl documents to the folder, or point \
             BAKEDSEARCH_CORPUS at one that has some",
        ));
    }
    check_mapped_keys(config, &keys_seen)?;
    Ok(corpus)
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), CorpusError> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        error(
            dir,
            None,
            format!("cannot read folder: {e}"),
            "check the path and its permissions",
        )
    })?;
    for entry in entries {
        let entry = entry.map_err(|e| {
            error(
                dir,
                None,
                format!("cannot read folder entry: {e}"),
                "check the folder's permissions",
            )
        })?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn read_utf8(path: &Path) -> Result<String, CorpusError> {
    let bytes = std::fs::read(path).map_err(|e| {
        error(
            path,
            None,
            format!("cannot read file: {e}"),
            "check that the file exists and is readable",
        )
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        error(
            path,
            Some(line),
            format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
            "save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)",
        )
    })
}

/// The file's path below `root` without its extension, `/`-separated.
fn default_id(root: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(root).unwrap_or(file).with_extension("");
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        return file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
    }
    parts.join("/")
}

/// 1-based line of byte `offset` in `text`.
pub(crate) fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

// ---------------------------------------------------------------------------------------
// Records: a document's keys and values, before mapping.

/// A value of one of a document's keys.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    /// `null`, `~`, an empty YAML value: as if the key were absent.
    Null,
    Text(String),
    List(Vec<String>),
    /// A map, or a list holding lists or maps: not a field value.
    Nested,
}

impl Value {
    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "empty",
            Value::Text(_) => "text",
            Value::List(_) => "a list",
            Value::Nested => "a map or a nested list",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// Where the value is, when known (front matter line, JSON record line, HTML tag line).
    line: Option<usize>,
    value: Value,
}

type Fields = BTreeMap<String, Entry>;

/// One document as read from its file, before the configuration's mapping.
#[derive(Debug)]
struct Record {
    format: Format,
    /// The record's line (JSON); `None` for a whole file.
    line: Option<usize>,
    fields: Fields,
    /// Markdown, text and HTML: the body. JSON: `None` (the body is one of the fields).
    body: Option<String>,
    /// Files: the id from the path.
    default_id: Option<String>,
    /// Markdown: the first `# ` heading.
    heading: Option<String>,
}

/// How a key of `format` is named in messages.
fn key_noun(format: Format) -> &'static str {
    match format {
        Format::Markdown | Format::Text => "front matter key",
        Format::Html => "meta",
        Format::Json => "field",
    }
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Markdown => "markdown",
        Format::Text => "text",
        Format::Html => "html",
        Format::Json => "json",
    }
}

/// The configuration file's name, for messages.
fn settings_name(config: &Config) -> String {
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
fn source_key(config: &Config, format: Format, field: &str) -> String {
    let key = config.source_key(format, field);
    match format {
        Format::Html => key.to_ascii_lowercase(),
        _ => key.to_owned(),
    }
}

fn is_mapped(config: &Config, format: Format, field: &str) -> bool {
    config
        .mapping
        .get(&format)
        .is_some_and(|m| m.contains_key(field))
}

/// Per format: where its first document is, and which mapped keys some document has.
struct KeysSeen {
    first: (PathBuf, Option<usize>),
    first_keys: Vec<String>,
    found: BTreeSet<String>,
}

fn note_mapped_keys(
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
fn check_mapped_keys(
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

/// Maps a record onto a document as the configuration says.
fn assemble(config: &Config, path: &Path, record: Record) -> Result<Document, CorpusError> {
    let Record {
        format,
        line,
        fields,
        body,
        default_id,
        heading,
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
            match found {
                Some(text) => text,
                None if mapped && !fields.contains_key(&keys[0]) => {
                    return Err(error(
                        path,
                        line,
                        format!(
                            "record has no \"{}\" (mapped to body by {settings})",
                            keys[0]
                        ),
                        &format!(
                            "give every record a \"{}\" with its text, or correct [mapping.json] \
                             body in {settings}",
                            keys[0]
                        ),
                    ));
                }
                None => {
                    let names = keys
                        .iter()
                        .map(|k| format!("\"{k}\""))
                        .collect::<Vec<_>>()
                        .join(" or ");
                    return Err(error(
                        path,
                        line,
                        format!("record \"{id}\" has no body text ({names})"),
                        "give every record its text, e.g. {\"id\": \"a1\", \"title\": \"…\", \
                         \"text\": \"…\"}; or map your key in bakedsearch.toml: [mapping.json] \
                         body = \"content\"",
                    ));
                }
            }
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
    })
}

/// The values of a metadata field: trimmed, empty ones dropped; nested values give none.
fn values_of(value: &Value) -> Vec<String> {
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

/// An ISO 8601 date as text: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, the latter optionally
/// followed by `T` or a space and a time.
pub fn is_iso_date(date: &str) -> bool {
    let b = date.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range.clone())
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .map(|d| d.iter().fold(0u32, |n, &c| n * 10 + u32::from(c - b'0')))
    };
    let Some(year) = digits(0..4) else {
        return false;
    };
    if b.len() == 4 {
        return true;
    }
    let Some(month) = digits(5..7).filter(|m| b[4] == b'-' && (1..=12).contains(m)) else {
        return false;
    };
    if b.len() == 7 {
        return true;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let Some(_) = digits(8..10).filter(|d| b[7] == b'-' && (1..=days).contains(d)) else {
        return false;
    };
    match b.get(10) {
        None => true,
        Some(b'T' | b' ') => b.len() > 11,
        Some(_) => false,
    }
}

// ---------------------------------------------------------------------------------------
// Markdown and text.

/// Reads a Markdown or text file: front matter, body, title fallback.
fn text_record(
    path: &Path,
    content: &str,
    format: Format,
    default_id: String,
) -> Result<Record, CorpusError> {
    let (fields, body, body_line) = split_front_matter(path, content)?;
    if body.trim().is_empty() {
        return Err(error(
            path,
            Some(body_line),
            "document has no body text".into(),
            "write the document's text after the front matter, or remove the file",
        ));
    }
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
    })
}

/// Splits front matter from a Markdown or text file: its fields, the body (verbatim after
/// the closing line) and the body's first line.
fn split_front_matter<'c>(
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

const YAML_FIX: &str = "write `key: value` lines (quote a value that starts with [ { \" ' @ or \
                        contains `: ` or ` #`), lists as `[a, b]` or indented `- a` lines, and \
                        close the block with `---`";

/// How deep front matter may nest; deeper input could overflow the YAML parser's stack.
const MAX_YAML_NESTING: usize = 64;

/// YAML front matter `block`, whose first line is line `first_line` of the file.
fn yaml_fields(path: &Path, block: &str, first_line: usize) -> Result<Fields, CorpusError> {
    use yaml_rust2::parser::{MarkedEventReceiver, Parser};
    use yaml_rust2::scanner::{Marker, ScanError};
    use yaml_rust2::Event;

    let at = |yaml_line: usize| first_line + yaml_line.saturating_sub(1);
    if let Some(line) = too_deep(block) {
        return Err(error(
            path,
            Some(at(line)),
            format!("front matter nests lists or maps more than {MAX_YAML_NESTING} deep"),
            "keep front matter to `key: value` pairs and lists of values",
        ));
    }

    struct Events(Vec<(Event, usize)>);
    impl MarkedEventReceiver for Events {
        fn on_event(&mut self, ev: Event, mark: Marker) {
            self.0.push((ev, mark.line()));
        }
    }
    let parse = |text: &str| -> Result<Vec<(Event, usize)>, ScanError> {
        let mut events = Events(Vec::new());
        Parser::new_from_str(text).load(&mut events, true)?;
        Ok(events.0)
    };

    let mut text = block.to_owned();
    let mut first_error: Option<(ScanError, usize)> = None;
    let events = loop {
        match parse(&text) {
            Ok(events) => break events,
            Err(e) => {
                let line = culprit_line(&text, &e);
                // The lenient rule: quote an unquoted `key: value` line YAML rejects. Each
                // retry quotes another line, so this ends.
                let retry = quote_plain_value(&text, line);
                let (first, first_line) = first_error.get_or_insert((e, line));
                match retry {
                    Some(fixed) => text = fixed,
                    None => {
                        let info = first.info();
                        let message = if info.starts_with("simple key") {
                            format!(
                                "invalid YAML front matter: the line is not `key: value` \
                                 ({info})"
                            )
                        } else {
                            format!("invalid YAML front matter: {info}")
                        };
                        return Err(error(path, Some(at(*first_line)), message, YAML_FIX));
                    }
                }
            }
        }
    };

    let mut fields = Fields::new();
    let mut documents = 0;
    let mut i = 0;
    while let Some((event, line)) = events.get(i) {
        match event {
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(error(
                        path,
                        Some(at(*line)),
                        "front matter holds more than one YAML document".into(),
                        "remove the `...` line inside the front matter",
                    ));
                }
                i += 1;
            }
            Event::MappingStart(..) => i = yaml_map(path, &events, i + 1, &at, &mut fields)?,
            Event::Scalar(s, yaml_rust2::scanner::TScalarStyle::Plain, ..) if yaml_null(s) => {
                i += 1
            }
            Event::Scalar(..) | Event::SequenceStart(..) | Event::Alias(_) => {
                return Err(error(
                    path,
                    Some(at(*line)),
                    "front matter is not a list of `key: value` lines".into(),
                    YAML_FIX,
                ))
            }
            _ => i += 1,
        }
    }
    Ok(fields)
}

/// The line (1-based) of `text` that a YAML error is about. A key without its `:` is
/// reported where the scanner gave up, on a later line: it is the last line with content
/// before that.
fn culprit_line(text: &str, e: &yaml_rust2::ScanError) -> usize {
    let line = e.marker().line();
    if !e.info().starts_with("simple key") {
        return line;
    }
    text.lines()
        .enumerate()
        .take(line.saturating_sub(1))
        .filter(|(_, l)| {
            let l = l.trim();
            !l.is_empty() && !l.starts_with('#')
        })
        .last()
        .map_or(line, |(i, _)| i + 1)
}

fn yaml_null(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

/// The line (1-based) where `block` nests too deep for the YAML parser, if any: block
/// nesting needs a longer indentation (or more `- ` / `? ` marks) per level, flow nesting
/// one more bracket.
fn too_deep(block: &str) -> Option<usize> {
    let mut flow: usize = 0;
    for (i, line) in block.lines().enumerate() {
        let prefix = line.len() - line.trim_start_matches([' ', '\t', '-', '?', ':']).len();
        if prefix > 2 * MAX_YAML_NESTING {
            return Some(i + 1);
        }
        for c in line.chars() {
            match c {
                '[' | '{' => flow += 1,
                ']' | '}' => flow = flow.saturating_sub(1),
                _ => {}
            }
            if flow > MAX_YAML_NESTING {
                return Some(i + 1);
            }
        }
    }
    None
}

/// `text` with line `line` (1-based) rewritten as `key: 'value'` when it is `key: value`
/// with an unquoted value; `None` when it is not such a line.
fn quote_plain_value(text: &str, line: usize) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 8);
    let mut changed = false;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        if i + 1 != line {
            out.push_str(raw);
            continue;
        }
        let content = raw.trim_end_matches(['\n', '\r']);
        let ending = &raw[content.len()..];
        let indent = content.len() - content.trim_start_matches(' ').len();
        let (key, value) = content[indent..].split_once(": ")?;
        let value = value.trim();
        let plain_key = !key.is_empty()
            && !key.starts_with(['-', '?', '#', '"', '\'', '[', '{', '&', '*', '!', '|', '>'])
            && !key.contains(char::is_whitespace);
        let plain_value = !value.is_empty()
            && !value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!', '#']);
        if !(plain_key && plain_value) {
            return None;
        }
        out.push_str(&content[..indent]);
        out.push_str(key);
        out.push_str(": '");
        out.push_str(&value.replace('\'', "''"));
        out.push('\'');
        out.push_str(ending);
        changed = true;
    }
    changed.then_some(out)
}

/// Reads the pairs of a YAML mapping whose first event is `events[i]`, up to its end;
/// returns the index after the end.
fn yaml_map(
    path: &Path,
    events: &[(yaml_rust2::Event, usize)],
    mut i: usize,
    at: &dyn Fn(usize) -> usize,
    fields: &mut Fields,
) -> Result<usize, CorpusError> {
    use yaml_rust2::Event;
    while let Some((event, line)) = events.get(i) {
        match event {
            Event::MappingEnd => return Ok(i + 1),
            Event::Scalar(key, ..) => {
                let (value, next) = yaml_value(path, events, i + 1, at)?;
                if let Some(first) = fields.get(key) {
                    let first = first
                        .line
                        .map_or(String::new(), |l| format!(" (first on line {l})"));
                    return Err(error(
                        path,
                        Some(at(*line)),
                        format!("front matter key \"{key}\" appears twice{first}"),
                        "keep one of the two lines (a list is written `key: [a, b]`)",
                    ));
                }
                fields.insert(
                    key.clone(),
                    Entry {
                        line: Some(at(*line)),
                        value,
                    },
                );
                i = next;
            }
            Event::Alias(_) => return Err(alias_error(path, at(*line))),
            _ => {
                return Err(error(
                    path,
                    Some(at(*line)),
                    "front matter key is a list or a map, not a word".into(),
                    "write each line as `key: value` with a plain key",
                ))
            }
        }
    }
    Ok(i)
}

fn alias_error(path: &Path, line: usize) -> CorpusError {
    error(
        path,
        Some(line),
        "YAML aliases (`*name`) are not supported in front matter".into(),
        "write the value out instead of referring to an anchor",
    )
}

/// Reads the value starting at `events[i]`; returns it and the index after it.
fn yaml_value(
    path: &Path,
    events: &[(yaml_rust2::Event, usize)],
    i: usize,
    at: &dyn Fn(usize) -> usize,
) -> Result<(Value, usize), CorpusError> {
    use yaml_rust2::scanner::TScalarStyle;
    use yaml_rust2::Event;
    let Some((event, line)) = events.get(i) else {
        return Ok((Value::Null, i));
    };
    match event {
        Event::Scalar(s, TScalarStyle::Plain, ..) if yaml_null(s) => Ok((Value::Null, i + 1)),
        Event::Scalar(s, ..) => Ok((Value::Text(s.clone()), i + 1)),
        Event::Alias(_) => Err(alias_error(path, at(*line))),
        Event::MappingStart(..) => Ok((Value::Nested, skip_node(events, i))),
        Event::SequenceStart(..) => {
            let mut items = Vec::new();
            let mut nested = false;
            let mut j = i + 1;
            while let Some((event, line)) = events.get(j) {
                match event {
                    Event::SequenceEnd => {
                        j += 1;
                        break;
                    }
                    Event::Scalar(s, TScalarStyle::Plain, ..) if yaml_null(s) => j += 1,
                    Event::Scalar(s, ..) => {
                        items.push(s.clone());
                        j += 1;
                    }
                    Event::Alias(_) => return Err(alias_error(path, at(*line))),
                    _ => {
                        nested = true;
                        j = skip_node(events, j);
                    }
                }
            }
            Ok((
                if nested {
                    Value::Nested
                } else {
                    Value::List(items)
                },
                j,
            ))
        }
        _ => Ok((Value::Null, i + 1)),
    }
}

/// The index after the node starting at `events[i]` (a scalar, or a whole list or map).
fn skip_node(events: &[(yaml_rust2::Event, usize)], i: usize) -> usize {
    use yaml_rust2::Event;
    let mut depth = 0usize;
    let mut j = i;
    while let Some((event, _)) = events.get(j) {
        j += 1;
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => depth += 1,
            Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 {
            break;
        }
    }
    j
}

/// TOML front matter `block`, whose first line is line `first_line` of the file.
fn toml_fields(path: &Path, block: &str, first_line: usize) -> Result<Fields, CorpusError> {
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

fn toml_scalar(value: toml::Value) -> Option<String> {
    match value {
        toml::Value::String(s) => Some(s),
        toml::Value::Integer(n) => Some(n.to_string()),
        toml::Value::Float(f) => Some(f.to_string()),
        toml::Value::Boolean(b) => Some(b.to_string()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        toml::Value::Array(_) | toml::Value::Table(_) => None,
    }
}

// ---------------------------------------------------------------------------------------
// HTML.

fn html_record(path: &Path, content: &str, default_id: String) -> Result<Record, CorpusError> {
    let page = super::html::extract(content);
    if page.text.trim().is_empty() {
        return Err(error(
            path,
            None,
            "HTML page has no visible text in <main>, <article> or <body>".into(),
            "put the page's content in <main> or <body> (navigation, scripts and styles are \
             skipped), or remove the file",
        ));
    }
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
    Ok(Record {
        format: Format::Html,
        line: None,
        fields,
        body: Some(page.text),
        default_id: Some(default_id),
        heading: None,
    })
}

// ---------------------------------------------------------------------------------------
// JSON.

fn json_value(value: &serde_json::Value) -> Value {
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

fn json_record(
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
    })
}

fn parse_jsonl(path: &Path, content: &str) -> Result<Vec<Record>, CorpusError> {
    let mut records = Vec::new();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
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

fn parse_json_array(path: &Path, content: &str) -> Result<Vec<Record>, CorpusError> {
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
fn json_reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// The line where each element of the top-level JSON array in `text` starts.
fn array_element_lines(text: &str) -> Vec<usize> {
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
    use crate::build::config::parse_config;

    fn config(toml: &str) -> Config {
        parse_config(Path::new("site/bakedsearch.toml"), toml).unwrap()
    }

    fn doc_with(config: &Config, content: &str, format: Format) -> Result<Document, CorpusError> {
        let path = Path::new("docs/a.md");
        assemble(
            config,
            path,
            text_record(path, content, format, "a".into())?,
        )
    }

    fn md(content: &str) -> Result<Document, CorpusError> {
        doc_with(&config(""), content, Format::Markdown)
    }

    fn json(config: &Config, jsonl: &str) -> Result<Vec<Document>, CorpusError> {
        let path = Path::new("c.jsonl");
        parse_jsonl(path, jsonl)?
            .into_iter()
            .map(|r| assemble(config, path, r))
            .collect()
    }

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
    fn heading_or_file_name_as_title() {
        assert_eq!(md("# Hello\nworld").unwrap().title, "Hello");
        assert_eq!(md("just text").unwrap().title, "a");
        let text = doc_with(&config(""), "# Not a title\nbody", Format::Text).unwrap();
        assert_eq!(text.title, "a");
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

    #[test]
    fn missing_body_is_an_error() {
        let err = md("---\ntitle: x\n---\n  \n").unwrap_err();
        assert!(err.message.contains("no body"), "{err}");
        assert_eq!(err.line, Some(4));
    }

    #[test]
    fn dates_must_be_iso() {
        for good in [
            "2023",
            "2023-11",
            "2023-11-09",
            "2024-02-29",
            "2023-11-09T14:30:00Z",
            "2023-11-09 14:30",
        ] {
            assert!(is_iso_date(good), "{good}");
        }
        for bad in [
            "",
            "23",
            "09/11/2023",
            "2023-13",
            "2023-11-31",
            "2023-02-29",
            "2023-1-9",
            "2023-11-09T",
            "2023-11-09x",
            "November 9, 2023",
            "20231109",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
        let err = md("---\ntitle: x\ndate: 9 Nov 2023\n---\nbody").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.contains("not an ISO 8601 date"), "{err}");
        assert!(err.fix.contains("YYYY-MM-DD"), "{err}");
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

        let err = json(&config, "{\"slug\": \"s1\", \"text\": \"T\"}").unwrap_err();
        assert_eq!(
            err.message,
            "record has no \"content\" (mapped to body by bakedsearch.toml)"
        );
        let err = json(&config, "{\"id\": \"s1\", \"content\": \"T\"}").unwrap_err();
        assert_eq!(
            err.message,
            "record has no \"slug\" (mapped to id by bakedsearch.toml)"
        );
    }

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
        let err = json(&c, "{\"id\":1,\"title\":\"t\"}").unwrap_err();
        assert!(err.message.contains("no body"));
        let err = json(&c, "{\"id\":1,\"text\":\"x\",\"date\":\"11/09/2023\"}").unwrap_err();
        assert!(err.message.contains("ISO 8601"), "{err}");
        let err = json(&c, "[1]").unwrap_err();
        assert!(err.message.contains("not a JSON object"), "{err}");
    }

    #[test]
    fn json_array_records_know_their_lines() {
        let text =
            "[\n  {\"id\": \"a\", \"text\": \"x [ ] { } \\\" ,\"},\n\n  {\"id\": \"b\",\n   \
                    \"text\": \"y\"}, {\"id\": \"c\"}\n]";
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

    #[test]
    fn html_meta_headings_and_mapping() {
        let page = "<html><head><title>T</title>\n<meta name=\"Description\" content=\"About\">\n\
                    <meta name=\"keywords\" content=\"a, b,,c\">\n<meta name=\"citation_date\" \
                    content=\"2019-07-08\">\n<meta property=\"article:tag\" content=\"x\">\
                    <meta property=\"article:tag\" content=\"y\"></head>\n<body><main><h1>One</h1>\
                    <p>text <time datetime=\"2021-05-06\">May</time></p><h2>Two</h2></main></body>\
                    </html>";
        let path = Path::new("p.html");
        let record = html_record(path, page, "p".into()).unwrap();
        let doc = assemble(&config(""), path, record).unwrap();
        assert_eq!(doc.id, "p");
        assert_eq!(doc.title, "T");
        assert_eq!(doc.text, "One\ntext May\nTwo\n");
        assert_eq!(doc.date.as_deref(), Some("2021-05-06"));
        assert_eq!(doc.field_values("description"), ["About"]);
        assert_eq!(doc.field_values("keywords"), ["a", "b", "c"]);
        assert_eq!(doc.field_values("article:tag"), ["x", "y"]);
        assert_eq!(doc.field_values("headings"), ["One", "Two"]);
        let mapped = config("[mapping.html]\ndate = \"Citation_Date\"\ntitle = \"description\"\n");
        let record = html_record(path, page, "p".into()).unwrap();
        let doc = assemble(&mapped, path, record).unwrap();
        assert_eq!(doc.date.as_deref(), Some("2019-07-08"));
        assert_eq!(doc.title, "About");
        let bad = page.replace("2019-07-08", "yesterday");
        let record = html_record(path, &bad, "p".into()).unwrap();
        let err = assemble(&mapped, path, record).unwrap_err();
        assert_eq!(err.line, Some(4), "{err}");
        assert!(err.message.contains("\"citation_date\""), "{err}");
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

        #[test]
        fn dates_never_panic(date in "\\PC{0,16}|[0-9]{4}(-[0-9]{2}(-[0-9]{2}([T ][0-9:]{0,8})?)?)?") {
            let _ = is_iso_date(&date);
        }

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
