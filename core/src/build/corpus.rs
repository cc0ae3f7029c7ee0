//! Corpus loading: documents from a folder (or one file) in the formats people keep them in.
//!
//! - `.md` / `.markdown`: optional front matter between `---` lines (`key: value`, one per
//!   line; values may be quoted). Keys: `id`, `title`, `date`, `source`, `url`; others are
//!   ignored. The body is the rest of the file, verbatim. Without a `title`, the first `# `
//!   heading, else the file name.
//! - `.txt`: the whole file is the body; the title is the first line when the file has a
//!   `title:` front matter block like Markdown, else the file name.
//! - `.jsonl`: one JSON object per line: `id` (string or number), `text` (or `body`), and
//!   optional `title`, `url`, `date`, `source`.
//! - `.json`: an array of such objects.
//! - `.html` / `.htm`: the `<title>` (else first `<h1>`) and the visible text of `<main>`
//!   (else `<article>`, else `<body>`), without navigation, scripts and styles (see `html`).
//!
//! Markdown, text and HTML documents default their `id` to the file's path below the corpus
//! folder, without extension (`guide/intro` for `guide/intro.md`).
//!
//! Files are read in sorted path order (deterministic builds); dot-files are skipped. Every
//! problem is a [`CorpusError`] naming the file, the line and the fix.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use super::config::{Config, CONFIG_FILE};

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
            "point BAKEDSEARCH_CORPUS at a folder of .md/.txt/.html/.json/.jsonl files, or \
             unset it to use seeds/",
        ));
    }
    files.sort();
    let root = if path.is_dir() { path } else { Path::new("") };
    let mut corpus = Corpus::default();
    let mut seen: HashMap<String, (PathBuf, Option<usize>)> = HashMap::new();
    for file in files {
        let ext = file
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        let default_id = default_id(root, &file);
        let parsed: Vec<(Document, Option<usize>)> = match ext.as_str() {
            "md" | "markdown" | "txt" => vec![(
                parse_text_document(&file, &read_utf8(&file)?, &ext, &default_id)?,
                None,
            )],
            "html" | "htm" => vec![(
                parse_html_document(&file, &read_utf8(&file)?, &default_id)?,
                None,
            )],
            "jsonl" | "ndjson" => parse_jsonl(&file, &read_utf8(&file)?)?,
            "json" => parse_json_array(&file, &read_utf8(&file)?)?,
            _ if file.file_name().is_some_and(|n| n == CONFIG_FILE) => continue,
            _ => {
                corpus.skipped.push(file);
                continue;
            }
        };
        for (doc, line) in parsed {
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

/// Parses an HTML page (see `html`).
pub fn parse_html_document(
    path: &Path,
    content: &str,
    default_id: &str,
) -> Result<Document, CorpusError> {
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
    Ok(Document {
        id: default_id.to_owned(),
        title: page.title.unwrap_or_else(|| default_id.to_owned()),
        text: page.text,
        date: page.date,
        url: page.url,
        meta: BTreeMap::new(),
    })
}

/// Parses a Markdown or text document with optional front matter.
pub fn parse_text_document(
    path: &Path,
    content: &str,
    ext: &str,
    default_id: &str,
) -> Result<Document, CorpusError> {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    let mut doc = Document {
        id: default_id.to_owned(),
        ..Document::default()
    };
    let mut body = content;
    let mut body_line = 1usize;
    if let Some(rest) = content
        .strip_prefix("---\n")
        .or_else(|| content.strip_prefix("---\r\n"))
    {
        let mut closed = false;
        let mut consumed = content.len() - rest.len();
        for (i, raw_line) in rest.split_inclusive('\n').enumerate() {
            let line_no = i + 2;
            consumed += raw_line.len();
            let line = raw_line.trim_end_matches(['\n', '\r']);
            if line.trim_end() == "---" {
                closed = true;
                body = &content[consumed..];
                body_line = line_no + 1;
                break;
            }
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let Some((key, value)) = line.split_once(':') else {
                return Err(error(
                    path,
                    Some(line_no),
                    format!("front matter line is not `key: value`: {trimmed:?}"),
                    "write each front matter line as `key: value`, and close the block with a \
                     line `---`",
                ));
            };
            let key = key.trim();
            let value = unquote(value.trim());
            if key.is_empty() || key.contains(char::is_whitespace) {
                return Err(error(
                    path,
                    Some(line_no),
                    format!("front matter key {key:?} is not a single word"),
                    "write each front matter line as `key: value`",
                ));
            }
            let value = (!value.is_empty()).then(|| value.to_owned());
            match key {
                "id" => {
                    if let Some(v) = value {
                        doc.id = v;
                    }
                }
                "title" => doc.title = value.unwrap_or_default(),
                "date" => doc.date = value,
                "url" => doc.url = value,
                _ => {
                    if let Some(v) = value {
                        doc.meta.insert(key.to_owned(), vec![v]);
                    }
                }
            }
        }
        if !closed {
            return Err(error(
                path,
                Some(1),
                "front matter opened with `---` is never closed".into(),
                "end the front matter block with a line containing only `---`",
            ));
        }
    }
    if body.trim().is_empty() {
        return Err(error(
            path,
            Some(body_line),
            "document has no body text".into(),
            "write the document's text after the front matter, or remove the file",
        ));
    }
    if doc.title.is_empty() && (ext == "md" || ext == "markdown") {
        if let Some(heading) = body
            .lines()
            .find_map(|l| l.strip_prefix("# ").map(str::trim))
        {
            doc.title = heading.to_owned();
        }
    }
    if doc.title.is_empty() {
        doc.title = doc.id.clone();
    }
    doc.text = body.to_owned();
    Ok(doc)
}

fn unquote(value: &str) -> &str {
    for q in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(q) && value.ends_with(q) {
            return &value[1..value.len() - 1];
        }
    }
    value
}

fn json_record(
    path: &Path,
    line: Option<usize>,
    value: &serde_json::Value,
) -> Result<Document, CorpusError> {
    let fix_shape =
        "each record is an object like {\"id\": \"a1\", \"title\": \"…\", \"text\": \"…\"} \
                     (url, date, source optional)";
    let obj = value
        .as_object()
        .ok_or_else(|| error(path, line, "record is not a JSON object".into(), fix_shape))?;
    let text_field = |key: &str| -> Result<Option<String>, CorpusError> {
        match obj.get(key) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
            Some(serde_json::Value::Number(n)) => Ok(Some(n.to_string())),
            Some(_) => Err(error(
                path,
                line,
                format!("field \"{key}\" must be a string"),
                fix_shape,
            )),
        }
    };
    let id = text_field("id")?
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| error(path, line, "record has no \"id\"".into(), fix_shape))?;
    let text = match text_field("text")? {
        Some(t) => Some(t),
        None => text_field("body")?,
    }
    .filter(|t| !t.trim().is_empty())
    .ok_or_else(|| {
        error(
            path,
            line,
            format!("record \"{id}\" has no body text (\"text\" or \"body\")"),
            fix_shape,
        )
    })?;
    Ok(Document {
        title: text_field("title")?.unwrap_or_else(|| id.clone()),
        id,
        text,
        date: text_field("date")?,
        url: text_field("url")?,
        meta: text_field("source")?
            .map(|s| BTreeMap::from([("source".to_owned(), vec![s])]))
            .unwrap_or_default(),
    })
}

fn parse_jsonl(path: &Path, content: &str) -> Result<Vec<(Document, Option<usize>)>, CorpusError> {
    let mut docs = Vec::new();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(line).map_err(|e| {
            error(
                path,
                Some(i + 1),
                format!("invalid JSON: {e}"),
                "write one complete JSON object per line",
            )
        })?;
        docs.push((json_record(path, Some(i + 1), &value)?, Some(i + 1)));
    }
    Ok(docs)
}

fn parse_json_array(
    path: &Path,
    content: &str,
) -> Result<Vec<(Document, Option<usize>)>, CorpusError> {
    let value: serde_json::Value = serde_json::from_str(content).map_err(|e| {
        error(
            path,
            Some(e.line()),
            format!("invalid JSON: {e}"),
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
    array
        .iter()
        .map(|v| json_record(path, None, v).map(|d| (d, None)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(content: &str) -> Result<Document, CorpusError> {
        parse_text_document(Path::new("docs/a.md"), content, "md", "a")
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
    fn heading_or_file_name_as_title() {
        assert_eq!(md("# Hello\nworld").unwrap().title, "Hello");
        assert_eq!(md("just text").unwrap().title, "a");
    }

    #[test]
    fn broken_front_matter_names_the_line() {
        let err = md("---\ntitle: x\nnot a pair\n---\nbody").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.to_string().contains("docs/a.md:3"), "{err}");
        let err = md("---\ntitle: x\n").unwrap_err();
        assert!(err.message.contains("never closed"), "{err}");
    }

    #[test]
    fn missing_body_is_an_error() {
        let err = md("---\ntitle: x\n---\n  \n").unwrap_err();
        assert!(err.message.contains("no body"), "{err}");
        assert_eq!(err.line, Some(4));
    }

    #[test]
    fn jsonl_records_and_errors() {
        let path = Path::new("c.jsonl");
        let docs = parse_jsonl(path, "{\"id\": 7, \"title\": \"T\", \"text\": \"x\"}\n\n").unwrap();
        assert_eq!(docs[0].0.id, "7");
        let err = parse_jsonl(
            path,
            "{\"id\":1,\"text\":\"x\"}\n{\"title\":\"t\",\"text\":\"x\"}",
        )
        .unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("no \"id\""));
        let err = parse_jsonl(path, "{\"id\":1,\"text\":\"x\"}\n{oops").unwrap_err();
        assert!(err.message.contains("invalid JSON"));
        let err = parse_jsonl(path, "{\"id\":1,\"title\":\"t\"}").unwrap_err();
        assert!(err.message.contains("no body"));
    }

    proptest::proptest! {
        #[test]
        fn front_matter_parser_never_panics(content in "(---\n)?[a-z: \"'\n-]{0,80}") {
            let _ = md(&content);
        }
    }
}
