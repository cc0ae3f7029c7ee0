//! The closing table over all collections: ours beside the BM25 references and lunr.

use crate::evaluate::Results;
use crate::metrics::Totals;

/// lunr 2.3.9 in its documented configuration (stop-word filter, Porter stemmer, BM25
/// k1 1.2 b 0.75 over title and body), nDCG@10 with binary judgments, measured by the
/// bench's relevance harness (`bench/`); lunr is JavaScript, so it is not run here. Keyed
/// by the collection's folder name.
const LUNR_NDCG10: &[(&str, f64)] = &[("cacm", 0.484), ("med", 0.690), ("npl", 0.439)];

pub fn print_table(all: &[(String, Results)]) {
    println!();
    println!(
        "{:<16} {:>7}  {:<8} {:>7} {:>10} {:>10} {:>7}  {:>7}",
        "collection", "queries", "measure", "ours", "BM25 1.2", "BM25 0.9", "lunr", "ours-ref"
    );
    println!(
        "{:<16} {:>7}  {:<8} {:>7} {:>10} {:>10} {:>7}  {:>7}",
        "", "", "", "", "b 0.75", "b 0.4", "", ""
    );
    for (name, results) in all {
        for (kind, [ours, reference, anserini]) in results {
            // Known-item kinds are measured by the reciprocal rank of the one target.
            let known_item = !kind.is_empty();
            let pick = |t: &Totals| if known_item { t.mean().1 } else { t.mean().0 };
            let label = if known_item {
                format!("{name}/{kind}")
            } else {
                name.clone()
            };
            let lunr = LUNR_NDCG10
                .iter()
                .find(|(n, _)| !known_item && n == name)
                .map_or("-".to_owned(), |(_, v)| format!("{v:.3}"));
            println!(
                "{label:<16} {:>7}  {:<8} {:>7.4} {:>10.4} {:>10.4} {lunr:>7}  {:>+7.4}",
                ours.queries,
                if known_item { "MRR@10" } else { "nDCG@10" },
                pick(ours),
                pick(reference),
                pick(anserini),
                pick(ours) - pick(reference)
            );
        }
    }
}
