//! The measures: nDCG@10, MRR@10 and Recall@100 with binary judgments, summed over queries
//! and averaged.

use std::collections::HashMap;

/// How deep a ranking is kept: the run file's top 100 and Recall@100's cut.
pub const RUN_DEPTH: usize = 100;

/// Sums of nDCG@10, MRR@10 and Recall@100 over the queries added so far.
#[derive(Default, Clone, Copy)]
pub struct Totals {
    pub queries: usize,
    ndcg: f64,
    mrr: f64,
    recall: f64,
}

impl Totals {
    /// Adds one query: binary gain (any judged relevance counts 1).
    pub fn add(&mut self, ranked: &[&str], judged: &HashMap<String, u32>) {
        let gain = |i: usize| 1.0 / ((i + 2) as f64).log2();
        let dcg: f64 = ranked
            .iter()
            .take(10)
            .enumerate()
            .filter(|(_, id)| judged.contains_key(**id))
            .map(|(i, _)| gain(i))
            .sum();
        let idcg: f64 = (0..judged.len().min(10)).map(gain).sum();
        let rr = ranked
            .iter()
            .take(10)
            .position(|id| judged.contains_key(*id))
            .map_or(0.0, |p| 1.0 / (p + 1) as f64);
        let found = ranked
            .iter()
            .take(RUN_DEPTH)
            .filter(|id| judged.contains_key(**id))
            .count();
        self.queries += 1;
        self.ndcg += if idcg > 0.0 { dcg / idcg } else { 0.0 };
        self.mrr += rr;
        self.recall += found as f64 / judged.len().max(1) as f64;
    }

    pub fn mean(&self) -> (f64, f64, f64) {
        let n = self.queries.max(1) as f64;
        (self.ndcg / n, self.mrr / n, self.recall / n)
    }

    pub fn print(&self, label: &str) {
        let (ndcg, mrr, recall) = self.mean();
        println!(
            "{label:<10} queries {:>4}  nDCG@10 {ndcg:.4}  MRR@10 {mrr:.4}  Recall@100 {recall:.4}",
            self.queries
        );
    }
}
