//! Corpus loading: documents from a folder (or one file) in the formats people keep them in,
//! mapped onto bakedsearch's fields as `bakedsearch.toml` says (see `config`).
//!
//! # Formats
//!
//! **Markdown** (`.md`, `.markdown`) and **text** (`.txt`): optional front matter, then the
//! body: everything after the front matter's closing line (the whole file when there is no
//! front matter; a leading UTF-8 byte order mark is dropped). Text is kept verbatim;
//! Markdown is rendered to the text a reader sees, and its level-2 and level-3 headings
//! become the document's sections (see `markdown`).
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
//! - title: the front matter's, else (Markdown only) the text of the first `# ` heading,
//!   else the id. id: the front matter's, else the file's path below the corpus folder without
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
//! object per line (blank lines skipped). Every record needs an `id`; its body is read from
//! `text`, else `body` (a record without one is title-only). Strings, numbers and booleans are text; arrays of them are lists;
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
//! # Errors and warnings
//!
//! Files are read in sorted path order (deterministic builds); dot-files are skipped, and so
//! is the configuration file (see `walk` for symlinks, control characters and file types).
//! Every problem is a [`CorpusError`] naming the file, the line and the fix: unreadable or
//! non-UTF-8 files, a file or document over the [`Limits`], broken front matter (YAML or
//! TOML), an unclosed front matter block, invalid JSON, a record that is not an object or
//! has no id, a list or map where a field takes one value, a display or facet value holding
//! U+001F, a date that is not ISO 8601, duplicate ids, an empty corpus, and a mapping whose
//! key no document of its format has (a misspelled key would otherwise silently leave the
//! field empty). A document with a title and no body text (no word in it) is indexed by its
//! title, one without a word in either is skipped; each gets a [`Warning`] in
//! [`Corpus::warnings`], in every format.
//!
//! # Site mode
//!
//! With `site = true` (`Config::site`) the corpus is a built site: only its HTML pages are
//! documents, 404 and noindex pages are skipped, urls come from the paths and titles lose
//! the site name (see `site`); pages whose paths differ only by extension (`a.html`, `a.htm`)
//! keep it in their ids.

mod dates;
mod front_matter;
mod html;
mod json;
mod mapping;
mod markdown;
mod site;
mod text;
mod walk;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::config::{Config, Format, CONFIG_FILE};
use super::error::{error, line_at, shown_path};
pub use super::error::{CorpusError, Warning};
pub use dates::is_iso_date;

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
    /// The body's sections (offsets into `text`), in order; empty when it has none.
    pub sections: Vec<super::Section>,
}

impl Document {
    /// A document of an id, a title and a body, nothing else (tests and tools).
    pub fn new(id: &str, title: &str, text: &str) -> Document {
        Document {
            id: id.into(),
            title: title.into(),
            text: text.into(),
            ..Document::default()
        }
    }

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
/// The result of loading: documents plus what was skipped or settled with a warning.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    /// Files skipped for their extension (not a document format).
    pub skipped: Vec<PathBuf>,
    /// Every file read, for `cargo:rerun-if-changed`.
    pub files: Vec<PathBuf>,
    /// Documents indexed by their title only, documents and links skipped: one each.
    pub warnings: Vec<Warning>,
}

/// How much one file or one document may hold. The build needs about 55 bytes of memory per
/// byte of text (elasticlunr-rs's index is read back through JSON: MDN's 40 MB of text
/// peak at 2.3 GB), so these keep one file or one record from exhausting a machine: a
/// file at the limit needs about 14 GiB, a document about 1.8 GiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes per corpus file (checked before it is read).
    pub max_file_bytes: u64,
    /// Bytes of text per document (a JSONL line, a JSON record, a Markdown or HTML file's
    /// title and body).
    pub max_document_bytes: u64,
}

impl Limits {
    /// 256 MiB per file, 32 MiB per document.
    pub const DEFAULT: Limits = Limits {
        max_file_bytes: 256 << 20,
        max_document_bytes: 32 << 20,
    };

    /// `bytes` as messages show it: "256 MiB", else "1000 bytes".
    pub(crate) fn shown(bytes: u64) -> String {
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 {
            format!("{} MiB", bytes >> 20)
        } else {
            format!("{bytes} bytes")
        }
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::DEFAULT
    }
}

/// Loads every document of `config.corpus` (a folder, searched recursively, or one file),
/// with the default [`Limits`].
pub fn load_corpus(config: &Config) -> Result<Corpus, CorpusError> {
    load_corpus_with(config, &Limits::DEFAULT)
}

/// Like [`load_corpus`], with other limits (tests use small ones).
pub fn load_corpus_with(config: &Config, limits: &Limits) -> Result<Corpus, CorpusError> {
    let path = config.corpus.as_path();
    if let Some(file) = &config.path {
        walk::check_path(file)?;
    }
    walk::check_path(path)?;
    let mut corpus = Corpus::default();
    let mut files = Vec::new();
    if path.is_dir() {
        let found = walk::collect_files(path)?;
        files = found.files;
        corpus.warnings = found.warnings;
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
    let mut keys_seen: BTreeMap<Format, mapping::KeysSeen> = BTreeMap::new();
    let mut checks = Checks::default();
    // Site mode: what is left out, summarized; the pages, finished once all are read.
    let mut ignored: BTreeMap<String, usize> = BTreeMap::new();
    let mut skipped_404 = site::Skipped::new("named 404");
    let mut skipped_noindex = site::Skipped::new("marked noindex by <meta name=\"robots\">");
    let mut pages: Vec<(Pending, bool)> = Vec::new();
    for file in files {
        let ext = file
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        let is_config = file.file_name().is_some_and(|n| n == CONFIG_FILE)
            || config.path.as_deref() == Some(file.as_path());
        if config.site && !site::is_page(&ext) {
            if !is_config {
                *ignored.entry(site::kind_of(&ext)).or_default() += 1;
            }
            continue;
        }
        if config.site && site::is_404(&site::relative(root, &file)) {
            skipped_404.paths.push(site::relative(root, &file));
            continue;
        }
        let format = match ext.as_str() {
            "md" | "markdown" => Format::Markdown,
            "txt" => Format::Text,
            "html" | "htm" => Format::Html,
            "json" | "jsonl" | "ndjson" => Format::Json,
            _ if is_config => continue,
            _ => {
                corpus.skipped.push(file);
                continue;
            }
        };
        let content = walk::read_utf8(&file, limits)?;
        let content = content.strip_prefix('\u{feff}').unwrap_or(&content);
        let mut marked = false;
        let records = match ext.as_str() {
            "json" => json::parse_json_array(&file, content)?,
            "jsonl" | "ndjson" => json::parse_jsonl(&file, content, limits)?,
            "html" | "htm" => {
                let page = html::html_page(content, walk::default_id(root, &file));
                if config.site && page.noindex {
                    skipped_noindex.paths.push(site::relative(root, &file));
                    corpus.files.push(file);
                    continue;
                }
                marked = page.marked;
                vec![page.record]
            }
            _ => vec![text::text_record(
                &file,
                content,
                format,
                walk::default_id(root, &file),
            )?],
        };
        for record in records {
            mapping::note_mapped_keys(config, &file, &record, &mut keys_seen);
            let line = record.line;
            let titled = mapping::has_own_title(config, &record);
            let doc = mapping::assemble(config, &file, record)?;
            let pending = Pending {
                file: file.clone(),
                line,
                titled,
                doc,
            };
            if config.site {
                pages.push((pending, marked));
            } else {
                checks.finish(pending, limits, &mut corpus)?;
            }
        }
        corpus.files.push(file);
    }
    if config.site {
        let mut skipped_unmarked = site::Skipped::new(
            "without data-bakedsearch-body (other pages have it, so only marked pages are indexed)",
        );
        if pages.iter().any(|(_, marked)| *marked) {
            pages.retain(|(page, marked)| {
                if !marked {
                    skipped_unmarked
                        .paths
                        .push(site::relative(root, &page.file));
                }
                *marked
            });
        }
        let summaries = [
            site::ignored_summary(&ignored),
            skipped_404.summary(),
            skipped_noindex.summary(),
            skipped_unmarked.summary(),
        ];
        // Before the per-page warnings, so that a long list of those cannot hide them.
        for line in summaries.into_iter().flatten() {
            corpus.warnings.push(Warning::new(path, None, line));
        }
        let titles: Vec<&str> = pages
            .iter()
            .filter(|(p, _)| p.titled)
            .map(|(p, _)| p.doc.title.as_str())
            .collect();
        let (suffix, prefix) = site::title_affixes(&titles);
        let host = site::site_host(pages.iter().filter_map(|(p, _)| p.doc.url.as_deref()));
        // `a.html` and `a.htm` (or `a.html` beside `a.md` copied as is) both default to the
        // id `a`; a site cannot give its pages ids, so such pages keep their extension.
        let mut id_count: BTreeMap<&str, usize> = BTreeMap::new();
        for (page, _) in &pages {
            *id_count.entry(page.doc.id.as_str()).or_default() += 1;
        }
        let shared: Vec<bool> = pages
            .iter()
            .map(|(page, _)| {
                id_count[page.doc.id.as_str()] > 1
                    && page.doc.id == walk::default_id(root, &page.file)
            })
            .collect();
        for ((mut page, _), shared) in pages.into_iter().zip(shared) {
            if shared {
                page.doc.id = site::relative(root, &page.file);
            }
            if page.titled {
                page.doc.title =
                    site::strip_affixes(&page.doc.title, suffix.as_deref(), prefix.as_deref());
            }
            let own = site::page_url(&site::relative(root, &page.file));
            page.doc.url = Some(match &page.doc.url {
                Some(canonical) => site::resolve_url(canonical, &own, host.as_deref()),
                None => own,
            });
            checks.finish(page, limits, &mut corpus)?;
        }
    }
    if corpus.documents.is_empty() {
        return Err(error(
            path,
            None,
            "the corpus has no documents".into(),
            if config.site {
                "a site folder needs .html pages that are not 404 pages, not marked noindex \
                 and with some text or a title; point --site (or `corpus`) at the folder the \
                 site generator writes (public/, _site/, dist/, build/)"
            } else {
                "add .md, .txt, .html, .json or .jsonl documents to the folder, or point \
                 BAKEDSEARCH_CORPUS at one that has some"
            },
        ));
    }
    mapping::check_mapped_keys(config, &keys_seen)?;
    Ok(corpus)
}

/// A document as assembled, before the checks that need every document (duplicate ids) or
/// decide whether it is kept.
struct Pending {
    file: PathBuf,
    line: Option<usize>,
    /// It has a title of its own (not the fallback to its id).
    titled: bool,
    doc: Document,
}

/// True when `text` holds something the analyzer makes a word of.
fn has_words(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// The checks every document passes on its way into the corpus: its size, its text, a
/// unique id.
#[derive(Default)]
struct Checks {
    seen: HashMap<String, (PathBuf, Option<usize>)>,
}

impl Checks {
    fn finish(
        &mut self,
        pending: Pending,
        limits: &Limits,
        corpus: &mut Corpus,
    ) -> Result<(), CorpusError> {
        let Pending {
            file,
            line,
            titled,
            doc,
        } = pending;
        let size = (doc.title.len() + doc.text.len()) as u64
            + doc
                .meta
                .values()
                .flatten()
                .map(|v| v.len() as u64)
                .sum::<u64>();
        if size > limits.max_document_bytes {
            return Err(error(
                &file,
                line,
                format!(
                    "document \"{}\" holds {size} bytes of text, over the limit of {} \
                     per document",
                    doc.id,
                    Limits::shown(limits.max_document_bytes)
                ),
                "split the document into smaller ones; the limit keeps the build's \
                 memory bounded (it needs about 55 bytes per byte of text)",
            ));
        }
        if !has_words(&doc.text) {
            // A stub, a redirect page, a title-only record: what real sites are full of.
            let message = if !titled {
                format!(
                    "document \"{}\" has no title and no body text: skipped",
                    doc.id
                )
            } else if !has_words(&doc.title) {
                format!(
                    "document \"{}\" has no searchable text (no word in its title {:?} or \
                     its body): skipped",
                    doc.id, doc.title
                )
            } else {
                format!(
                    "document \"{}\" has no body text: indexed by its title",
                    doc.id
                )
            };
            let kept = titled && has_words(&doc.title);
            corpus.warnings.push(Warning::new(&file, line, message));
            if !kept {
                return Ok(());
            }
        }
        if let Some((first_path, first_line)) = self.seen.get(&doc.id) {
            let first = match first_line {
                Some(l) => format!("{}:{}", shown_path(first_path), l),
                None => shown_path(first_path),
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
        self.seen.insert(doc.id.clone(), (file, line));
        corpus.documents.push(doc);
        Ok(())
    }
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
    /// The body's sections (HTML: headings with an anchor id).
    sections: Vec<super::Section>,
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use crate::indexer::config::parse_config;

    pub(crate) fn config(toml: &str) -> Config {
        parse_config(Path::new("site/bakedsearch.toml"), toml).unwrap()
    }

    pub(crate) fn doc_with(
        config: &Config,
        content: &str,
        format: Format,
    ) -> Result<Document, CorpusError> {
        let path = Path::new("docs/a.md");
        let record = super::text::text_record(path, content, format, "a".into())?;
        super::mapping::assemble(config, path, record)
    }

    /// A Markdown file's document with its body as the front matter split left it, not
    /// rendered: what the front matter and mapping stages' tests check (rendering is
    /// tested in `markdown` and `text`, through [`doc_with`]).
    pub(crate) fn md(content: &str) -> Result<Document, CorpusError> {
        let path = Path::new("docs/a.md");
        let (fields, body, _) = super::front_matter::split_front_matter(path, content)?;
        let record = Record {
            format: Format::Markdown,
            line: None,
            fields,
            body: Some(body.to_owned()),
            default_id: Some("a".into()),
            heading: None,
            sections: Vec::new(),
        };
        super::mapping::assemble(&config(""), path, record)
    }

    pub(crate) fn json(config: &Config, jsonl: &str) -> Result<Vec<Document>, CorpusError> {
        let path = Path::new("c.jsonl");
        super::json::parse_jsonl(path, jsonl, &Limits::DEFAULT)?
            .into_iter()
            .map(|r| super::mapping::assemble(config, path, r))
            .collect()
    }
}
