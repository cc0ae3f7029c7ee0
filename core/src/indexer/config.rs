//! Configuration: `bakedsearch.toml`, the one file a site owner writes to bake their own
//! documents. Every key is optional; an unknown key is an error (a typo would otherwise be
//! silently ignored). The README documents the file with an example; in short:
//!
//! ```toml
//! corpus = "content"              # folder or file, relative to this file (default: its folder)
//! language = "english"            # the stemmer and default stop words; "none" = no stemming
//! stop_words = ["yonhap"]         # extra stop words (optional in queries, still indexed)
//! synonyms = [["ROK", "South Korea", "Republic of Korea"], ["DPRK", "North Korea"]]
//! display = ["source", "tags"]    # metadata shown with results (id, title, url, date always)
//! store_body = true               # false: no body text in the image (no snippets), ~70 % smaller
//! facets = ["source", "year", "tags"]   # filter and count on these; "year" comes from date
//! layout = "auto"                 # "embedded" | "split" | "auto" (`layout.rs`)
//! site = true                     # the corpus is a built site: pages only (see `corpus::site`)
//!
//! [fields]                        # searched fields (default: title and body)
//! title = { weight = 2.0, b = 0.5 }
//! body = { weight = 1.0, b = 0.6 }
//! tags = { weight = 1.5 }
//!
//! [mapping.json]                  # per format: our field = the document's key
//! id = "slug"
//! body = "content"
//! ```
//!
//! Where it is found: `BAKEDSEARCH_CONFIG` (a file), else `bakedsearch.toml` inside the
//! corpus folder (`BAKEDSEARCH_CORPUS`, default `seeds/`), else the defaults above.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::error::{line_at, CorpusError};
use super::layout::{Layout, LAYOUT_FIX};
use crate::analysis::Language;
use crate::format::MAX_FIELDS;

/// The configuration file's name inside a corpus folder.
pub const CONFIG_FILE: &str = "bakedsearch.toml";

/// Most facet fields: the reader opens at most this many (`Index::facets`).
pub const MAX_FACETS: usize = 64;

/// Fields every document has; they cannot be configured as metadata.
pub const BUILT_IN_FIELDS: [&str; 5] = ["id", "title", "body", "url", "date"];

/// A searched field and its BM25F parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchField {
    /// `title`, `body`, or a metadata field (`tags`, `description`, …).
    pub name: String,
    /// `W_f`: how much one occurrence in this field counts (see `score`).
    pub weight: f32,
    /// `B_f`: length normalization, 0 (none) to 1 (full).
    pub b: f32,
}

/// Source formats, for per-format field mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Markdown,
    Text,
    Html,
    Json,
}

/// The resolved configuration of one build.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The file it came from; `None` when no file was found (all defaults).
    pub path: Option<PathBuf>,
    /// The corpus folder or file.
    pub corpus: PathBuf,
    pub language: Language,
    /// Stop words added to the language's own (normalized: lowercase, unaccented).
    pub stop_words: Vec<String>,
    /// Groups of equivalent words or phrases, as written.
    pub synonyms: Vec<Vec<String>>,
    /// Searched fields, in field-ordinal order.
    pub fields: Vec<SearchField>,
    /// Metadata fields stored and shown with results.
    pub display: Vec<String>,
    /// Store the body text (snippets and `getDocument` need it). Without it the image is about
    /// 70 % smaller on text-heavy corpora; search is unchanged, snippets are empty.
    pub store_body: bool,
    /// Metadata fields to filter and facet on.
    pub facets: Vec<String>,
    /// Per format: our field name → the document's key.
    pub mapping: BTreeMap<Format, BTreeMap<String, String>>,
    /// The corpus is a built site (`site = true`, or `bakedsearch-bake --site`): only HTML
    /// pages are documents, crawled as Pagefind does (see `corpus::site`).
    pub site: bool,
    /// Embedded in the wasm, or split into shard files (`layout.rs`).
    pub layout: Layout,
}

/// The default searched fields, measured on SciFact and MDN (see `score`):
/// - title, weight 2: title words describe the whole document, so a title match is worth
///   several body matches. 3 → 2 costs MDN nothing once the title re-ranking exists
///   (`TITLE_ALL_BONUS`) and gains SciFact +0.002; 1 gains SciFact another +0.002 but loses
///   MDN prefix MRR −0.007.
/// - b (length normalization, 0 ignores length, 1 normalizes fully): titles are short and of
///   similar length, so title 0.5; body 0.75 → 0.6: SciFact nDCG@10 +0.003 (0.4 −0.003).
///
/// Re-measured on all five tuning sets (SciFact, MDN, CACM, MED, NPL, nDCG@10; one at a time
/// from the defaults): body b 0.75 gains MED +0.012 and CACM +0.004 but loses NPL −0.010 (short
/// abstracts), 0.4 loses SciFact −0.005 and CACM −0.009; title weight 1 loses on SciFact,
/// MDN and CACM (−0.002 to −0.007); title b 0.75 changes nothing but CACM (−0.001). On
/// MED and NPL (no titles) the title field is empty and its values do not matter. So the
/// defaults stay.
pub fn default_fields() -> Vec<SearchField> {
    vec![
        SearchField {
            name: "title".into(),
            weight: 2.0,
            b: 0.5,
        },
        SearchField {
            name: "body".into(),
            weight: 1.0,
            b: 0.6,
        },
    ]
}

impl Config {
    /// The defaults, for a corpus without a configuration file.
    pub fn defaults(corpus: PathBuf) -> Config {
        Config {
            path: None,
            corpus,
            language: Language::English,
            stop_words: Vec::new(),
            synonyms: Vec::new(),
            fields: default_fields(),
            display: vec!["source".into()],
            store_body: true,
            facets: Vec::new(),
            mapping: BTreeMap::new(),
            site: false,
            layout: Layout::Auto,
        }
    }

    /// The key of `field` in documents of `format` (the field's own name unless mapped).
    pub fn source_key<'c>(&'c self, format: Format, field: &'c str) -> &'c str {
        self.mapping
            .get(&format)
            .and_then(|m| m.get(field))
            .map_or(field, String::as_str)
    }

    /// Finds and loads the configuration: `config` (a file) if given, else
    /// `bakedsearch.toml` inside the corpus folder `corpus` (default `default_corpus`).
    pub fn locate(
        corpus: Option<&Path>,
        config: Option<&Path>,
        default_corpus: &Path,
    ) -> Result<Config, CorpusError> {
        if let Some(file) = config {
            let mut loaded = load_config(file)?;
            // An explicit corpus path wins over the file's `corpus` key.
            if let Some(corpus) = corpus {
                loaded.corpus = corpus.to_path_buf();
            }
            check_corpus_path(&loaded, false)?;
            return Ok(loaded);
        }
        let corpus = corpus.unwrap_or(default_corpus);
        let beside = corpus.join(CONFIG_FILE);
        let config = if corpus.is_dir() && beside.is_file() {
            let loaded = load_config(&beside)?;
            check_corpus_path(&loaded, true)?;
            loaded
        } else {
            Config::defaults(corpus.to_path_buf())
        };
        check_corpus_path(&config, false)?;
        Ok(config)
    }
}

/// What a configuration may point at. A `bakedsearch.toml` inside the corpus folder comes
/// with the corpus (anyone who can commit a document can commit it), so its `corpus` may
/// name only its own folder or one below it: `corpus = "/"` or `".."` would make the build
/// read, and publish, files outside the site. A file named by `BAKEDSEARCH_CONFIG` (or a
/// corpus named by `BAKEDSEARCH_CORPUS`) is the site owner's choice and may point anywhere,
/// but never at the filesystem root. Paths are compared after resolving symlinks and `..`;
/// a corpus that does not exist is reported by the loader.
fn check_corpus_path(config: &Config, inside: bool) -> Result<(), CorpusError> {
    let Ok(target) = std::fs::canonicalize(&config.corpus) else {
        return Ok(());
    };
    let file = config.path.as_deref();
    let line = file
        .and_then(|f| std::fs::read_to_string(f).ok())
        .and_then(|text| line_of_key(&text, "corpus"));
    let at = file.unwrap_or(&config.corpus);
    if target.parent().is_none() {
        return Err(CorpusError::new(
            at,
            line,
            "the corpus is the filesystem root".into(),
            "point `corpus` (or BAKEDSEARCH_CORPUS) at the folder of your documents",
        ));
    }
    let folder = file.and_then(Path::parent).map(|d| {
        std::fs::canonicalize(if d.as_os_str().is_empty() {
            Path::new(".")
        } else {
            d
        })
    });
    if let (true, Some(Ok(folder))) = (inside, folder) {
        if !target.starts_with(&folder) {
            return Err(CorpusError::new(
                at,
                line,
                "`corpus` points outside the folder of this bakedsearch.toml".into(),
                "a bakedsearch.toml inside the corpus folder may name only its own folder or \
                 one below it (e.g. corpus = \"content\"); to index another folder, name it \
                 with BAKEDSEARCH_CORPUS, or name a configuration outside the corpus with \
                 BAKEDSEARCH_CONFIG",
            ));
        }
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    corpus: Option<String>,
    language: Option<String>,
    stop_words: Option<Vec<String>>,
    synonyms: Option<Vec<Vec<String>>>,
    fields: Option<BTreeMap<String, RawField>>,
    display: Option<Vec<String>>,
    store_body: Option<bool>,
    facets: Option<Vec<String>>,
    mapping: Option<RawMapping>,
    site: Option<bool>,
    layout: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    weight: Option<f32>,
    b: Option<f32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    markdown: Option<BTreeMap<String, String>>,
    text: Option<BTreeMap<String, String>>,
    html: Option<BTreeMap<String, String>>,
    json: Option<BTreeMap<String, String>>,
}

/// The line where `key` is assigned (`key =` or `[key` / `[….key`), for errors about values.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            let assigned = l
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='));
            let table = l.starts_with('[')
                && l.trim_start_matches('[')
                    .trim_end_matches(']')
                    .split('.')
                    .any(|part| part.trim() == key);
            assigned || table
        })
        .map(|i| i + 1)
}

/// Reads and checks a configuration file.
pub fn load_config(path: &Path) -> Result<Config, CorpusError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CorpusError::new(
            path,
            None,
            format!("cannot read the configuration file: {e}"),
            "check the path in BAKEDSEARCH_CONFIG, or create the file",
        )
    })?;
    parse_config(path, &text)
}

/// Parses and checks configuration text; `path` names the file in errors and anchors the
/// relative corpus path.
pub fn parse_config(path: &Path, text: &str) -> Result<Config, CorpusError> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_at(text, s.start));
        let message = e.message().trim().to_owned();
        let fix = if message.contains("unknown field") {
            "remove or correct the key; known keys: corpus, language, stop_words, synonyms, \
             display, store_body, facets, site, layout, [fields.<name>] weight and b, \
             [mapping.<markdown|text|html|json>]"
        } else {
            "write valid TOML (https://toml.io); see the README's configuration example"
        };
        CorpusError::new(path, line, format!("invalid configuration: {message}"), fix)
    })?;
    let err = |key: &str, message: String, fix: &str| {
        CorpusError::new(path, line_of_key(text, key), message, fix)
    };
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut config = Config::defaults(match &raw.corpus {
        Some(c) => dir.join(c),
        None => dir.to_path_buf(),
    });
    config.path = Some(path.to_path_buf());

    if let Some(name) = &raw.language {
        config.language = Language::from_name(name).ok_or_else(|| {
            let known: Vec<&str> = Language::ALL.iter().map(|l| l.name()).collect();
            err(
                "language",
                format!("unknown language {name:?}"),
                &format!("use one of: {}", known.join(", ")),
            )
        })?;
    }
    for word in raw.stop_words.unwrap_or_default() {
        let normalized = crate::analysis::normalize(word.trim()).into_owned();
        if normalized.is_empty() || normalized.contains(char::is_whitespace) {
            return Err(err(
                "stop_words",
                format!("stop word {word:?} is not a single word"),
                "list single words, e.g. stop_words = [\"said\", \"also\"]",
            ));
        }
        config.stop_words.push(normalized);
    }
    for group in raw.synonyms.unwrap_or_default() {
        let members: Vec<String> = group
            .iter()
            .map(|m| m.trim().to_owned())
            .filter(|m| !m.is_empty())
            .collect();
        if members.len() < 2 {
            return Err(err(
                "synonyms",
                format!("synonym group {group:?} needs at least two words or phrases"),
                "write each group as a list of equivalents, e.g. [\"DPRK\", \"North Korea\"]",
            ));
        }
        config.synonyms.push(members);
    }
    if let Some(fields) = raw.fields {
        if fields.is_empty() || fields.len() > MAX_FIELDS {
            return Err(err(
                "fields",
                format!(
                    "[fields] lists {} fields; an index searches 1 to {MAX_FIELDS}",
                    fields.len()
                ),
                "list the searched fields, e.g. [fields] title = { weight = 2.0 }",
            ));
        }
        let defaults = default_fields();
        let mut ordered: Vec<SearchField> = Vec::new();
        for (name, field) in &fields {
            check_field_name(name, &["id", "url", "date"]).map_err(|m| {
                err(
                    name,
                    m,
                    "search title, body, or a metadata field (id, url and date are not text)",
                )
            })?;
            let default = defaults.iter().find(|d| &d.name == name);
            let weight = field.weight.unwrap_or(default.map_or(1.0, |d| d.weight));
            let b = field.b.unwrap_or(default.map_or(0.75, |d| d.b));
            if !(weight.is_finite() && weight > 0.0 && weight <= 100.0) {
                return Err(err(
                    name,
                    format!("field {name:?}: weight {weight} is out of range"),
                    "use a weight above 0 and at most 100 (1 is the body's)",
                ));
            }
            if !(0.0..=1.0).contains(&b) {
                return Err(err(
                    name,
                    format!("field {name:?}: b {b} is out of range"),
                    "use b between 0 (no length normalization) and 1 (full)",
                ));
            }
            ordered.push(SearchField {
                name: name.clone(),
                weight,
                b,
            });
        }
        // title and body first (their usual ordinals), then the rest by name.
        ordered.sort_by_key(|f| match f.name.as_str() {
            "title" => (0, String::new()),
            "body" => (1, String::new()),
            other => (2, other.to_owned()),
        });
        config.fields = ordered;
    }
    if let Some(site) = raw.site {
        config.site = site;
    }
    if let Some(layout) = &raw.layout {
        config.layout = Layout::parse(layout)
            .ok_or_else(|| err("layout", format!("unknown layout {layout:?}"), LAYOUT_FIX))?;
    }
    if let Some(store_body) = raw.store_body {
        config.store_body = store_body;
    }
    if let Some(display) = raw.display {
        for name in &display {
            check_field_name(name, &BUILT_IN_FIELDS).map_err(|m| {
                err(
                    "display",
                    m,
                    "list metadata fields only; id, title, body, url and date are always stored",
                )
            })?;
        }
        config.display = dedup(display);
    }
    if let Some(facets) = raw.facets {
        for name in &facets {
            check_field_name(name, &["id", "title", "body", "url"]).map_err(|m| {
                err(
                    "facets",
                    m,
                    "facet on metadata fields (source, tags, …) or \"year\" (from date)",
                )
            })?;
        }
        config.facets = dedup(facets);
        if config.facets.len() > MAX_FACETS {
            return Err(err(
                "facets",
                format!(
                    "facets lists {} fields; an index has at most {MAX_FACETS}",
                    config.facets.len()
                ),
                "keep the fields visitors filter by (source, year, tags, …)",
            ));
        }
    }
    if let Some(mapping) = raw.mapping {
        for (format, table) in [
            (Format::Markdown, mapping.markdown),
            (Format::Text, mapping.text),
            (Format::Html, mapping.html),
            (Format::Json, mapping.json),
        ] {
            let Some(table) = table else { continue };
            if format != Format::Json && table.contains_key("body") {
                let name = format!("{format:?}").to_ascii_lowercase();
                return Err(err(
                    &name,
                    format!("[mapping.{name}] maps body, but a {name} document's body is its text"),
                    "remove `body` from the mapping; only JSON records name their body's key",
                ));
            }
            for (field, key) in &table {
                if field.is_empty() || key.is_empty() {
                    return Err(err(
                        "mapping",
                        format!("mapping {field:?} = {key:?} has an empty name"),
                        "write `our_field = \"their_key\"`, e.g. body = \"content\"",
                    ));
                }
            }
            config.mapping.insert(format, table);
        }
    }
    Ok(config)
}

/// A metadata field name: letters, digits, `_` and `-`, and not one of `reserved`.
fn check_field_name(name: &str, reserved: &[&str]) -> Result<(), String> {
    if name.is_empty()
        || name.len() > 64
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(format!(
            "field name {name:?} must be 1 to 64 letters, digits, '_' or '-'"
        ));
    }
    if reserved.contains(&name) {
        return Err(format!("field {name:?} cannot be used here"));
    }
    Ok(())
}

fn dedup(names: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        if !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
