//! Matching: reads the postings of a slot's matchers and scores each document (BM25F through
//! `score`), with phrases matched on positions.

use super::plan::{Matcher, WeightedTerm};
use super::Searcher;
use crate::format::MAX_FIELDS;
use crate::score::{idf, posting_score, pseudo_tf, saturate};

impl Searcher<'_> {
    /// Adds `factor ×` the matcher's score per document into `scores` (max per document),
    /// recording newly touched documents.
    pub(super) fn score_matcher(
        &self,
        matcher: &Matcher,
        factor: f32,
        scores: &mut [f32],
        touched: &mut Vec<u32>,
    ) {
        let n = self.index.doc_count();
        match matcher {
            Matcher::Terms { terms, fields } => {
                for wt in terms {
                    let term_idf = idf(n, wt.df) * wt.weight * factor;
                    let mut postings = self.index.postings(&wt.info, false);
                    while let Some(p) = postings.next_posting() {
                        if p.field_mask & fields == 0 {
                            continue;
                        }
                        let s = posting_score(&self.index, &self.params, p, *fields, term_idf);
                        record(scores, touched, p.doc, s);
                    }
                }
            }
            Matcher::Phrase { terms, fields } => {
                let phrase_idf: f32 = terms
                    .iter()
                    .map(|(_, w)| idf(n, w.df) * w.weight)
                    .sum::<f32>()
                    * factor;
                for (doc, counts) in self.phrase_matches(terms, *fields) {
                    let tf = pseudo_tf(&self.index, &self.params, doc, *fields, |f| counts[f]);
                    record(scores, touched, doc, phrase_idf * saturate(tf));
                }
            }
        }
    }

    /// Documents where the terms occur at their relative positions, with the count of
    /// occurrences per field.
    fn phrase_matches(
        &self,
        terms: &[(u32, WeightedTerm)],
        fields: u8,
    ) -> Vec<(u32, [u32; MAX_FIELDS])> {
        // Start from the rarest term; intersect the others into it.
        let Some(rarest) = (0..terms.len()).min_by_key(|&i| terms[i].1.info.df) else {
            return Vec::new();
        };
        type Positions = [Vec<u32>; MAX_FIELDS];
        let decode = |i: usize, keep: Option<&[(u32, Positions)]>| -> Vec<(u32, Positions)> {
            let mut out = Vec::new();
            let mut postings = self.index.postings(&terms[i].1.info, true);
            while let Some(p) = postings.next_posting() {
                if p.field_mask & fields == 0 {
                    continue;
                }
                if let Some(keep) = keep {
                    if keep.binary_search_by_key(&p.doc, |k| k.0).is_err() {
                        continue;
                    }
                }
                out.push((p.doc, p.positions.clone()));
            }
            out
        };
        let base = decode(rarest, None);
        let mut others: Vec<(u32, Vec<(u32, Positions)>)> = Vec::new();
        for (i, (rel, _)) in terms.iter().enumerate() {
            if i != rarest {
                others.push((*rel, decode(i, Some(&base))));
            }
        }
        let base_rel = terms[rarest].0;
        let mut out = Vec::new();
        'docs: for (doc, positions) in &base {
            let mut found: Vec<&Positions> = Vec::with_capacity(others.len());
            for (_, list) in &others {
                match list.binary_search_by_key(doc, |k| k.0) {
                    Ok(i) => found.push(&list[i].1),
                    Err(_) => continue 'docs,
                }
            }
            let mut counts = [0u32; MAX_FIELDS];
            for f in 0..self.index.field_count() {
                if fields & (1 << f) == 0 {
                    continue;
                }
                for &p in &positions[f] {
                    let Some(start) = p.checked_sub(base_rel) else {
                        continue;
                    };
                    let all = others
                        .iter()
                        .zip(&found)
                        .all(|((rel, _), pos)| pos[f].binary_search(&(start + rel)).is_ok());
                    if all {
                        counts[f] += 1;
                    }
                }
            }
            if counts.iter().any(|&c| c > 0) {
                out.push((*doc, counts));
            }
        }
        out
    }
}

/// Keeps the best score per document, recording newly touched documents.
fn record(scores: &mut [f32], touched: &mut Vec<u32>, doc: u32, score: f32) {
    let Some(slot) = scores.get_mut(doc as usize) else {
        return;
    };
    if *slot == 0.0 && score > 0.0 {
        touched.push(doc);
    }
    if score > *slot {
        *slot = score;
    }
}
