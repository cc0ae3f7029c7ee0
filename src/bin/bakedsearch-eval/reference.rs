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

#[cfg(test)]
mod tests {
    use super::*;
    use bakedsearch_core::indexer::build_image;

    fn doc(id: &str, title: &str, text: &str) -> Document {
        Document::new(id, title, text)
    }

    fn ranked(documents: &[Document], query: &str, params: (f64, f64)) -> Vec<u32> {
        let image = build_image(documents, "test").unwrap();
        let index = Index::open(&image).unwrap();
        let title_only: Vec<bool> = documents.iter().map(|d| d.text.is_empty()).collect();
        let reference = Bm25Reference::new(documents, &title_only, &index);
        let analyzer = Analyzer::for_language(index.language());
        reference.rank(&analyzer, &index, query, params)
    }

    #[test]
    fn bm25_by_hand() {
        // Lengths 4, 2, 2 (average 8/3), "apple" in the first two: with k1 1.2, b 0.75 the
        // first scores idf · 2·2.2/(2 + 1.65) = idf · 1.205, the second idf · 2.2/(1 + 0.975)
        // = idf · 1.114; the third has no "apple".
        let docs = [
            doc("a", "Apple pie", "apple crumble"),
            doc("b", "Apple tart", ""),
            doc("c", "Banana split", ""),
        ];
        assert_eq!(ranked(&docs, "apple", REFERENCE_BM25), [0, 1]);
        // Equal scores: the lower ordinal first.
        let twins = [
            doc("x", "Cherry", ""),
            doc("y", "Apple", ""),
            doc("z", "Apple", ""),
        ];
        assert_eq!(ranked(&twins, "apple", REFERENCE_BM25), [1, 2]);
        // A long document with the word once loses to a short one with it once.
        let docs = [
            doc("long", "Apple", "one two three four five six seven eight"),
            doc("short", "Apple", ""),
        ];
        assert_eq!(ranked(&docs, "apple", REFERENCE_BM25), [1, 0]);
        assert_eq!(ranked(&docs, "cherry", REFERENCE_BM25), Vec::<u32>::new());
    }

    #[test]
    fn stop_words_are_not_terms_and_title_only_records_count_once() {
        let docs = [doc("a", "The apple", ""), doc("b", "Pears", "the pears")];
        let image = build_image(&docs, "test").unwrap();
        let index = Index::open(&image).unwrap();
        let analyzer = Analyzer::for_language(index.language());
        let terms = |text| Bm25Reference::terms(&analyzer, &index, text);
        assert_eq!(terms("the apple"), terms("apple"));
        assert_eq!(terms("apple").len(), 1);
        let reference = Bm25Reference::new(&docs, &[true, false], &index);
        assert_eq!(reference.lens, [1, 2]);
        assert_eq!(reference.postings[&terms("pears")[0]], [(1, 2)]);
    }

    #[test]
    fn at_most_the_run_depth() {
        let docs: Vec<Document> = (0..RUN_DEPTH + 20)
            .map(|i| doc(&format!("d{i}"), "Apple", &"word ".repeat(i % 7)))
            .collect();
        let ranked = ranked(&docs, "apple", REFERENCE_BM25);
        assert_eq!(ranked.len(), RUN_DEPTH);
        // The shortest documents (no extra words: ordinals 0, 7, 14, …) come first, in order.
        assert_eq!(ranked[..3], [0, 7, 14]);
    }
}
