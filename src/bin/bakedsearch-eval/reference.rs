//! The plain BM25 reference our ranking is compared with, computed here over the same
//! analyzer's tokens.

use std::collections::{BTreeMap, HashMap};

use bakedsearch_core::indexer::Document;
use bakedsearch_core::{Analyzer, Index};

use crate::metrics::RUN_DEPTH;

/// The plain BM25 reference: Lucene's `BM25Similarity` defaults (k1, b).
pub const REFERENCE_BM25: (f64, f64) = (1.2, 0.75);
/// The same with Anserini's defaults, the configuration the collections' SOURCE.md
/// figures were measured with (so the reference can be checked against them).
pub const ANSERINI_BM25: (f64, f64) = (0.9, 0.4);

/// Plain BM25 over the same analyzer's tokens, the reference our ranking is judged
/// against: one field (title and body as one text), whole words only (no identifier
/// parts), the image's stop words removed, every query word a SHOULD clause (a repeated
/// word counts twice), Lucene's idf. No prefixes, typos, phrases or coordination.
pub struct Bm25Reference {
    postings: HashMap<String, Vec<(u32, u32)>>,
    lens: Vec<u32>,
    avg_len: f64,
}

impl Bm25Reference {
    pub fn terms(analyzer: &Analyzer, index: &Index<'_>, text: &str) -> Vec<String> {
        analyzer
            .analyze(text)
            .into_iter()
            .filter(|t| {
                !t.part
                    && !t.term.is_empty()
                    && !index.is_stop_word(&analyzer.normalize_word(&text[t.start..t.end]))
            })
            .map(|t| t.term)
            .collect()
    }

    pub fn new(documents: &[Document], title_as_text: &[bool], index: &Index<'_>) -> Self {
        let analyzer = Analyzer::for_language(index.language());
        let mut postings: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
        let mut lens = Vec::with_capacity(documents.len());
        for (d, doc) in documents.iter().enumerate() {
            let text = if title_as_text[d] {
                doc.title.clone()
            } else {
                format!("{} {}", doc.title, doc.text)
            };
            let terms = Self::terms(&analyzer, index, &text);
            lens.push(terms.len() as u32);
            let mut counts: BTreeMap<String, u32> = BTreeMap::new();
            for t in terms {
                *counts.entry(t).or_default() += 1;
            }
            for (t, c) in counts {
                postings.entry(t).or_default().push((d as u32, c));
            }
        }
        let avg_len = lens.iter().map(|&l| f64::from(l)).sum::<f64>() / lens.len().max(1) as f64;
        Bm25Reference {
            postings,
            lens,
            avg_len: avg_len.max(1.0),
        }
    }

    /// The top `RUN_DEPTH` document ordinals for `query` with parameters (k1, b).
    pub fn rank(
        &self,
        analyzer: &Analyzer,
        index: &Index<'_>,
        query: &str,
        (k1, b): (f64, f64),
    ) -> Vec<u32> {
        let n = self.lens.len() as f64;
        let mut scores: HashMap<u32, f64> = HashMap::new();
        for term in Self::terms(analyzer, index, query) {
            let Some(list) = self.postings.get(&term) else {
                continue;
            };
            let df = list.len() as f64;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            for &(d, tf) in list {
                let tf = f64::from(tf);
                let norm = k1 * (1.0 - b + b * f64::from(self.lens[d as usize]) / self.avg_len);
                *scores.entry(d).or_default() += idf * tf * (k1 + 1.0) / (tf + norm);
            }
        }
        let mut ranked: Vec<(u32, f64)> = scores.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked.truncate(RUN_DEPTH);
        ranked.into_iter().map(|(d, _)| d).collect()
    }
}
