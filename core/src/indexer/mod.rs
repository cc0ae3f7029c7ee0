//! Build: documents → elasticlunr-rs inverted index → our positions and field lengths →
//! the byte image (`writer`). Runs natively at build time only (feature `builder`).
//!
//! elasticlunr-rs builds the inverted index (term dictionary, per-field term frequencies,
//! document frequencies, per-field token counts) through our [`Analyzer`] plugged in as its
//! `Language`. Its index keeps no positions, so we add them by running the same analyzer
//! over the same text, and we cross-check every term frequency against elasticlunr's: a
//! mismatch means the two views disagree and fails the build.

pub mod config;
pub mod corpus;
mod elastic;
mod error;
pub mod html;
pub mod layout;
pub mod section;
pub(crate) mod writer;

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use elasticlunr::pipeline::Pipeline;
use elasticlunr::IndexBuilder;

use crate::analysis::{Analyzer, Language};
use crate::format::MAX_FIELDS;
pub use config::{Config, SearchField};
pub use corpus::{load_corpus, load_corpus_with, Corpus, CorpusError, Document, Limits, Warning};
pub use error::{escape_line, shown_path};
pub use section::Section;

/// A build failure.
#[derive(Debug)]
pub enum BuildError {
    Corpus(CorpusError),
    /// The elasticlunr-rs index and our own analysis disagree (a bug, not a user error).
    Internal(String),
    /// The corpus does not fit the format's limits.
    TooLarge(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Corpus(e) => write!(f, "{e}"),
            BuildError::Internal(m) => write!(
                f,
                "internal index build error: {m}\n  fix: this is a bakedsearch bug; please report \
                 it with the corpus that triggers it"
            ),
            BuildError::TooLarge(m) => write!(
                f,
                "{m}\n  fix: split the corpus into several indexes, or drop large documents"
            ),
        }
    }
}

impl std::error::Error for BuildError {}

impl From<CorpusError> for BuildError {
    fn from(e: CorpusError) -> Self {
        BuildError::Corpus(e)
    }
}

/// Our analyzer as an elasticlunr-rs `Language`: tokenizing runs the whole analysis (segment,
/// split, normalize, stem), so the elasticlunr pipeline is empty.
struct BakedLanguage(Analyzer, Language);

impl elasticlunr::Language for BakedLanguage {
    fn name(&self) -> String {
        format!("{} (bakedsearch analyzer)", self.1.name())
    }
    fn code(&self) -> String {
        self.1.name().into()
    }
    fn tokenize(&self, text: &str) -> Vec<String> {
        self.0.analyze(text).into_iter().map(|t| t.term).collect()
    }
    fn make_pipeline(&self) -> Pipeline {
        Pipeline { queue: Vec::new() }
    }
}

/// One document's occurrences of one term in one field.
pub(crate) struct FieldPostings {
    pub doc: u32,
    pub field: u8,
    pub positions: Vec<u32>,
}

/// Everything the writer needs, in deterministic order.
pub(crate) struct BuiltIndex<'d> {
    pub docs: &'d [Document],
    pub config: &'d Config,
    /// Sorted by term; postings sorted by (doc, field).
    pub terms: Vec<(String, Vec<FieldPostings>, Option<String>)>,
    /// `norms[doc * field_count + field]`: token count.
    pub norms: Vec<u32>,
    /// The query-time stop words: the language's and the configuration's, sorted.
    pub stop_words: Vec<String>,
    /// Synonym groups, each member analyzed into its terms.
    pub synonyms: Vec<Vec<Vec<String>>>,
    pub build_info: String,
}

/// The searched text of field `name` (list values one per line).
fn field_text(doc: &Document, name: &str) -> String {
    doc.field_values(name).join("\n")
}

/// Builds the index image of `docs` with the default configuration (title and body,
/// English). `corpus_name` goes into the build info.
pub fn build_image(docs: &[Document], corpus_name: &str) -> Result<Vec<u8>, BuildError> {
    build_image_with(docs, &Config::defaults(corpus_name.into()), corpus_name)
}

/// A baked corpus: what `build.rs` embeds, and what the image report measures.
pub struct Baked {
    pub config: Config,
    pub corpus: Corpus,
    pub image: Vec<u8>,
}

/// Most warning lines a build prints; the rest are counted in one last line (a site of
/// thousands of stub pages must not bury the build log).
pub const MAX_WARNING_LINES: usize = 100;

impl Baked {
    /// What build.rs and the indexer print about the corpus: skipped files and every
    /// warning, each escaped to one line (corpus text must never become a `cargo:` line),
    /// at most [`MAX_WARNING_LINES`] and then one line counting the rest.
    pub fn warning_lines(&self) -> Vec<String> {
        let skipped = self.corpus.skipped.iter().map(|path| {
            format!(
                "{}: skipped (not .md, .txt, .html, .json or .jsonl)",
                path.display()
            )
        });
        let all: Vec<String> = skipped
            .chain(self.corpus.warnings.iter().map(|w| w.to_string()))
            .collect();
        let mut lines: Vec<String> = all
            .iter()
            .take(MAX_WARNING_LINES)
            .map(|w| escape_line(w))
            .collect();
        if all.len() > MAX_WARNING_LINES {
            lines.push(format!(
                "… and {} more warnings like these",
                all.len() - MAX_WARNING_LINES
            ));
        }
        lines
    }
}

/// Finds the configuration, loads the corpus and builds its image, exactly as `build.rs`
/// does: `corpus` and `config_file` are `BAKEDSEARCH_CORPUS` and `BAKEDSEARCH_CONFIG`.
pub fn bake(
    corpus: Option<&std::path::Path>,
    config_file: Option<&std::path::Path>,
    default_corpus: &std::path::Path,
) -> Result<Baked, BuildError> {
    bake_with(corpus, config_file, default_corpus, false)
}

/// [`bake`]; with `site`, the corpus is a built site whatever the configuration says (the
/// indexer's `--site DIR`; `site = true` in bakedsearch.toml does the same).
pub fn bake_with(
    corpus: Option<&std::path::Path>,
    config_file: Option<&std::path::Path>,
    default_corpus: &std::path::Path,
    site: bool,
) -> Result<Baked, BuildError> {
    let started = std::time::Instant::now();
    let mut config = Config::locate(corpus, config_file, default_corpus)?;
    config.site |= site;
    let corpus = load_corpus(&config)?;
    progress(
        corpus.documents.len() >= PROGRESS_MIN_DOCS,
        started,
        &format!(
            "read {} documents from {}",
            corpus.documents.len(),
            config.corpus.display()
        ),
    );
    // Only the corpus's own name goes into the image, never an absolute path: the same
    // corpus gives a byte-identical image on any machine.
    let name = config
        .corpus
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "corpus".into());
    let image = build_image_with(&corpus.documents, &config, &name)?;
    Ok(Baked {
        config,
        corpus,
        image,
    })
}

/// Build progress, reported on standard error for corpora of at least this many documents.
pub const PROGRESS_MIN_DOCS: usize = 2000;

fn progress(enabled: bool, started: std::time::Instant, message: &str) {
    if enabled {
        eprintln!(
            "bakedsearch: {:>6.1}s  {message}",
            started.elapsed().as_secs_f64()
        );
    }
}

/// Builds the index image of `docs` as `config` says (fields, language, stop words,
/// synonyms, display and facet fields). `corpus_name` goes into the build info.
pub fn build_image_with(
    docs: &[Document],
    config: &Config,
    corpus_name: &str,
) -> Result<Vec<u8>, BuildError> {
    if u32::try_from(docs.len()).is_err() {
        return Err(BuildError::TooLarge(format!(
            "{} documents exceed the format's limit of 2^32",
            docs.len()
        )));
    }
    let fields: Vec<&str> = config.fields.iter().map(|f| f.name.as_str()).collect();
    if fields.is_empty() || fields.len() > MAX_FIELDS {
        return Err(BuildError::TooLarge(format!(
            "{} searched fields; an index has 1 to {MAX_FIELDS}",
            fields.len()
        )));
    }
    let started = std::time::Instant::now();
    let report = docs.len() >= PROGRESS_MIN_DOCS;
    let analyzer = Analyzer::for_language(config.language);

    // 1. elasticlunr-rs: the inverted index with tf and per-field lengths.
    progress(
        report,
        started,
        &format!("indexing {} documents with elasticlunr-rs", docs.len()),
    );
    let mut elastic = IndexBuilder::with_language(Box::new(BakedLanguage(
        Analyzer::for_language(config.language),
        config.language,
    )))
    .save_docs(false)
    .add_fields(&fields)
    .build();
    let step = (docs.len() / 10).max(1);
    for (ordinal, doc) in docs.iter().enumerate() {
        let texts: Vec<String> = fields.iter().map(|f| field_text(doc, f)).collect();
        elastic.add_doc(&ordinal.to_string(), texts.iter().map(String::as_str));
        if ordinal > 0 && ordinal % step == 0 {
            progress(
                report,
                started,
                &format!(
                    "  {ordinal} / {} documents ({} %)",
                    docs.len(),
                    ordinal * 100 / docs.len()
                ),
            );
        }
    }
    progress(report, started, "reading the elasticlunr-rs index back");
    // Its JSON is read as a stream (elastic.rs), after elasticlunr-rs's index is dropped.
    let json = elastic.to_json();
    drop(elastic);
    let (elastic_tf, norms) = elastic::read_index(&json, docs.len(), &fields)?;
    drop(json);

    // 2. Positions (and surface forms for "did you mean") from the same analyzer.
    progress(
        report,
        started,
        "adding positions and cross-checking with elasticlunr-rs",
    );
    let mut by_term: HashMap<String, Vec<FieldPostings>> = HashMap::new();
    let mut surfaces: HashMap<String, HashMap<String, u32>> = HashMap::new();
    let mut tokens = Vec::new();
    let mut our_norms = vec![0u32; docs.len() * fields.len()];
    for (ordinal, doc) in docs.iter().enumerate() {
        for (field, name) in fields.iter().enumerate() {
            let text = field_text(doc, name);
            let text = text.as_str();
            analyzer.analyze_into(text, &mut tokens);
            our_norms[ordinal * fields.len() + field] = tokens.len() as u32;
            let mut per_term: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
            for token in &tokens {
                per_term
                    .entry(token.term.as_str())
                    .or_default()
                    .push(token.position);
                let surface = analyzer.normalize_word(&text[token.start..token.end]);
                if surface != token.term {
                    *surfaces
                        .entry(token.term.clone())
                        .or_default()
                        .entry(surface)
                        .or_default() += 1;
                } else {
                    *surfaces
                        .entry(token.term.clone())
                        .or_default()
                        .entry(String::new())
                        .or_default() += 1;
                }
            }
            for (term, positions) in per_term {
                by_term
                    .entry(term.to_owned())
                    .or_default()
                    .push(FieldPostings {
                        doc: ordinal as u32,
                        field: field as u8,
                        positions,
                    });
            }
        }
    }

    // 3. Cross-check with elasticlunr: same terms, same frequencies, same lengths.
    if elastic_tf.len() != by_term.len() {
        return Err(BuildError::Internal(format!(
            "elasticlunr has {} terms, our analysis {}",
            elastic_tf.len(),
            by_term.len()
        )));
    }
    let mut terms = Vec::with_capacity(by_term.len());
    for (term, elastic_postings) in elastic_tf {
        let ours = by_term.remove(&term).ok_or_else(|| {
            BuildError::Internal(format!("term {term:?} is in elasticlunr's index only"))
        })?;
        let mut ours_sorted = ours;
        ours_sorted.sort_by_key(|p| (p.doc, p.field));
        let agree = ours_sorted.len() == elastic_postings.len()
            && ours_sorted
                .iter()
                .zip(&elastic_postings)
                .all(|(o, &(doc, field, tf))| {
                    o.doc == doc && o.field == field && o.positions.len() as u32 == tf
                });
        if !agree {
            return Err(BuildError::Internal(format!(
                "term frequencies of {term:?} differ between elasticlunr and our analysis"
            )));
        }
        let surface = surfaces.get(&term).and_then(|forms| {
            // The most frequent form; ties broken by the form itself, for determinism.
            let best = forms
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))?;
            (!best.0.is_empty()).then(|| best.0.clone())
        });
        terms.push((term, ours_sorted, surface));
    }
    if let Some(at) = (0..norms.len()).find(|&i| norms[i] != our_norms[i]) {
        return Err(BuildError::Internal(format!(
            "document {} field {}: elasticlunr counts {} tokens, we count {}",
            at / fields.len(),
            fields[at % fields.len()],
            norms[at],
            our_norms[at]
        )));
    }

    // 3. Query-time data: stop words and synonyms, analyzed like queries.
    let mut stop_words: Vec<String> = config
        .language
        .stop_words()
        .iter()
        .map(|w| (*w).to_owned())
        .chain(config.stop_words.iter().cloned())
        .collect();
    stop_words.sort_unstable();
    stop_words.dedup();
    let synonyms = config
        .synonyms
        .iter()
        .map(|group| {
            group
                .iter()
                .map(|member| {
                    analyzer
                        .analyze(member)
                        .into_iter()
                        .filter(|t| !t.part)
                        .map(|t| t.term)
                        .collect::<Vec<String>>()
                })
                .filter(|terms| !terms.is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|group| group.len() >= 2)
        .collect();

    progress(report, started, "writing the image");
    let built = BuiltIndex {
        docs,
        config,
        terms,
        norms,
        stop_words,
        synonyms,
        build_info: format!(
            "corpus={corpus_name}; documents={}; bakedsearch-core {}",
            docs.len(),
            env!("CARGO_PKG_VERSION")
        ),
    };
    let image = writer::write_image(&built)?;
    progress(
        report,
        started,
        &format!("done: {} bytes, {} terms", image.len(), built.terms.len()),
    );
    Ok(image)
}
