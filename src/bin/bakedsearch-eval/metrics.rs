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

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(ids: &[&str]) -> HashMap<String, u32> {
        ids.iter().map(|id| (id.to_string(), 1)).collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn one_query_by_hand() {
        // Relevant at ranks 1 and 3 of three judged: DCG 1/log2(2) + 1/log2(4) = 1.5, ideal DCG
        // 1 + 1/log2(3) + 1/log2(4); the first hit is at rank 1; 2 of 3 found.
        let mut t = Totals::default();
        t.add(&["a", "x", "b"], &judged(&["a", "b", "c"]));
        let (ndcg, mrr, recall) = t.mean();
        assert!(close(ndcg, 1.5 / (1.5 + 1.0 / 3f64.log2())), "{ndcg}");
        assert!(close(mrr, 1.0), "{mrr}");
        assert!(close(recall, 2.0 / 3.0), "{recall}");
    }

    #[test]
    fn first_hit_at_rank_three() {
        let mut t = Totals::default();
        t.add(&["x", "y", "a", "z"], &judged(&["a"]));
        let (ndcg, mrr, recall) = t.mean();
        assert!(close(ndcg, 0.5), "{ndcg}"); // 1/log2(4) over the ideal 1
        assert!(close(mrr, 1.0 / 3.0), "{mrr}");
        assert!(close(recall, 1.0), "{recall}");
    }

    #[test]
    fn cut_offs() {
        // Rank 11 is outside nDCG@10 and MRR@10 but inside Recall@100; rank 101 is outside all.
        let mut ranked: Vec<String> = (0..RUN_DEPTH + 1).map(|i| format!("d{i}")).collect();
        ranked[10] = "a".into();
        ranked[RUN_DEPTH] = "b".into();
        let ranked: Vec<&str> = ranked.iter().map(String::as_str).collect();
        let mut t = Totals::default();
        t.add(&ranked, &judged(&["a", "b"]));
        assert_eq!(t.mean(), (0.0, 0.0, 0.5));

        // The ideal DCG stops at 10 too: ten hits in the top ten of twelve judged is nDCG 1.
        let ids: Vec<String> = (0..12).map(|i| format!("r{i}")).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let mut t = Totals::default();
        t.add(&ids[..10], &judged(&ids));
        let (ndcg, mrr, recall) = t.mean();
        assert!(close(ndcg, 1.0) && close(mrr, 1.0), "{ndcg} {mrr}");
        assert!(close(recall, 10.0 / 12.0), "{recall}");
    }

    #[test]
    fn judgments_are_binary() {
        // A relevance of 3 gains what a relevance of 1 gains.
        let graded: HashMap<String, u32> = [("a".to_string(), 3), ("b".to_string(), 1)].into();
        let (mut g, mut b) = (Totals::default(), Totals::default());
        g.add(&["b", "a"], &graded);
        b.add(&["b", "a"], &judged(&["a", "b"]));
        assert_eq!(g.mean(), b.mean());
        assert!(close(g.mean().0, 1.0));
    }

    #[test]
    fn query_without_relevant_documents() {
        // Nothing judged relevant: every measure is 0, not NaN, and the query still counts.
        let mut t = Totals::default();
        t.add(&["a", "b"], &judged(&[]));
        t.add(&[], &judged(&["a"]));
        assert_eq!(t.queries, 2);
        assert_eq!(t.mean(), (0.0, 0.0, 0.0));
    }

    #[test]
    fn mean_over_queries() {
        let mut t = Totals::default();
        t.add(&["a"], &judged(&["a"])); // 1, 1, 1
        t.add(&["x", "a"], &judged(&["a"])); // 1/log2(3), 1/2, 1
        let (ndcg, mrr, recall) = t.mean();
        assert!(close(ndcg, (1.0 + 1.0 / 3f64.log2()) / 2.0), "{ndcg}");
        assert!(close(mrr, 0.75), "{mrr}");
        assert!(close(recall, 1.0), "{recall}");
        assert_eq!(Totals::default().mean(), (0.0, 0.0, 0.0));
    }
}
