//! Build: documents → elasticlunr-rs inverted index → our positions and field lengths →
//! the byte image (`writer`). Runs natively at build time only (feature `builder`).
//!
//! elasticlunr-rs builds the inverted index (term dictionary, per-field term frequencies,
//! document frequencies, per-field token counts) through our [`Analyzer`] plugged in as its
//! `Language`. Its index keeps no positions, so we add them by running the same analyzer
//! over the same text, and we cross-check every term frequency against elasticlunr's: a
//! mismatch means the two views disagree and fails the build.

pub mod corpus;
pub mod html;
mod writer;

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use elasticlunr::pipeline::Pipeline;
use elasticlunr::{IndexBuilder, Language};

use crate::analysis::Analyzer;
pub use corpus::{load_corpus, Corpus, CorpusError, Document};

/// The indexed (searchable) fields, in field-ordinal order.
pub const INDEXED_FIELDS: [&str; 2] = ["title", "body"];

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
struct BakedLanguage(Analyzer);

impl Language for BakedLanguage {
    fn name(&self) -> String {
        "English (bakedsearch analyzer)".into()
    }
    fn code(&self) -> String {
        "en".into()
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
    /// Sorted by term; postings sorted by (doc, field).
    pub terms: Vec<(String, Vec<FieldPostings>, Option<String>)>,
    /// `norms[doc][field]`: token count.
    pub norms: Vec<[u32; INDEXED_FIELDS.len()]>,
    pub build_info: String,
}

fn field_text(doc: &Document, field: usize) -> &str {
    match field {
        0 => &doc.title,
        _ => &doc.text,
    }
}

/// Builds the index image of `docs`. `corpus_name` goes into the build info.
pub fn build_image(docs: &[Document], corpus_name: &str) -> Result<Vec<u8>, BuildError> {
    if u32::try_from(docs.len()).is_err() {
        return Err(BuildError::TooLarge(format!(
            "{} documents exceed the format's limit of 2^32",
            docs.len()
        )));
    }
    let analyzer = Analyzer::new();

    // 1. elasticlunr-rs: the inverted index with tf and per-field lengths.
    let mut elastic = IndexBuilder::with_language(Box::new(BakedLanguage(Analyzer::new())))
        .save_docs(false)
        .add_fields(INDEXED_FIELDS)
        .build();
    for (ordinal, doc) in docs.iter().enumerate() {
        elastic.add_doc(
            &ordinal.to_string(),
            [doc.title.as_str(), doc.text.as_str()],
        );
    }
    let json: serde_json::Value = serde_json::from_str(&elastic.to_json())
        .map_err(|e| BuildError::Internal(format!("elasticlunr JSON did not parse: {e}")))?;
    drop(elastic);
    let elastic_tf = elastic_term_frequencies(&json)?;
    let norms = elastic_field_lengths(&json, docs.len())?;
    drop(json);

    // 2. Positions (and surface forms for "did you mean") from the same analyzer.
    let mut by_term: HashMap<String, Vec<FieldPostings>> = HashMap::new();
    let mut surfaces: HashMap<String, HashMap<String, u32>> = HashMap::new();
    let mut tokens = Vec::new();
    for (ordinal, doc) in docs.iter().enumerate() {
        for field in 0..INDEXED_FIELDS.len() {
            let text = field_text(doc, field);
            analyzer.analyze_into(text, &mut tokens);
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
    for (doc, lengths) in norms.iter().enumerate() {
        for (field, &len) in lengths.iter().enumerate() {
            let ours = analyzer.analyze(field_text(&docs[doc], field)).len() as u32;
            if ours != len {
                return Err(BuildError::Internal(format!(
                    "document {doc} field {field}: elasticlunr counts {len} tokens, we count {ours}"
                )));
            }
        }
    }

    let built = BuiltIndex {
        docs,
        terms,
        norms,
        build_info: format!(
            "corpus={corpus_name}; documents={}; bakedsearch-core {}",
            docs.len(),
            env!("CARGO_PKG_VERSION")
        ),
    };
    writer::write_image(&built)
}

/// Per term, sorted: (doc ordinal, field ordinal, raw term frequency).
type TermFrequencies = BTreeMap<String, Vec<(u32, u8, u32)>>;

/// Walks elasticlunr's per-field character tries: term → [(doc, field, raw tf)], sorted.
fn elastic_term_frequencies(json: &serde_json::Value) -> Result<TermFrequencies, BuildError> {
    let mut out = TermFrequencies::new();
    for (field, name) in INDEXED_FIELDS.iter().enumerate() {
        let root = json
            .pointer(&format!("/index/{name}/root"))
            .ok_or_else(|| BuildError::Internal(format!("no elasticlunr index for {name}")))?;
        let mut stack: Vec<(String, &serde_json::Value)> = vec![(String::new(), root)];
        while let Some((prefix, node)) = stack.pop() {
            let Some(map) = node.as_object() else {
                continue;
            };
            for (key, child) in map {
                match key.as_str() {
                    "df" => {}
                    "docs" => {
                        let Some(docs) = child.as_object() else {
                            continue;
                        };
                        for (doc_ref, tf) in docs {
                            let doc: u32 = doc_ref.parse().map_err(|_| {
                                BuildError::Internal(format!("bad doc ref {doc_ref}"))
                            })?;
                            // elasticlunr stores sqrt(raw count).
                            let root_tf = tf.get("tf").and_then(|v| v.as_f64()).unwrap_or(0.0);
                            let raw = (root_tf * root_tf).round() as u32;
                            out.entry(prefix.clone())
                                .or_default()
                                .push((doc, field as u8, raw));
                        }
                    }
                    ch => stack.push((format!("{prefix}{ch}"), child)),
                }
            }
        }
    }
    for postings in out.values_mut() {
        postings.sort_unstable();
    }
    Ok(out)
}

fn elastic_field_lengths(
    json: &serde_json::Value,
    doc_count: usize,
) -> Result<Vec<[u32; INDEXED_FIELDS.len()]>, BuildError> {
    let info = json
        .pointer("/documentStore/docInfo")
        .and_then(|v| v.as_object())
        .ok_or_else(|| BuildError::Internal("elasticlunr JSON has no docInfo".into()))?;
    let mut norms = vec![[0u32; INDEXED_FIELDS.len()]; doc_count];
    for (doc_ref, fields) in info {
        let doc: usize = doc_ref
            .parse()
            .map_err(|_| BuildError::Internal(format!("bad doc ref {doc_ref}")))?;
        let slot = norms
            .get_mut(doc)
            .ok_or_else(|| BuildError::Internal(format!("doc ref {doc} out of range")))?;
        for (field, name) in INDEXED_FIELDS.iter().enumerate() {
            slot[field] = fields.get(name).and_then(|v| v.as_u64()).unwrap_or(0) as u32;
        }
    }
    Ok(norms)
}
