//! Relevance evaluation with exactly the engine and defaults the widget uses.
//!
//! ```text
//! cargo run --release --bin bakedsearch-eval -- --docs D.jsonl[.gz] --queries Q.jsonl \
//!     [--qrels R.tsv] [--run OUT.tsv] [--image OUT.bin]
//! cargo run --release --bin bakedsearch-eval -- --collection DIR [--collection DIR …] [--per-query]
//!     [--repeat N]
//! ```
//!
//! Docs: one JSON object per line (id, title, text, url optional). Queries: id, text (and an
//! optional `kind`, reported separately). Qrels: TSV `query_id doc_id relevance` (a header
//! line is allowed). Prints nDCG@10, MRR@10 and Recall@100 over the judged queries and writes
//! a TREC run file (`query_id Q0 doc_id rank score tag`, top 100).
//!
//! `--collection DIR` (repeatable) evaluates a folder holding `docs.jsonl` (or
//! `docs.jsonl.gz`), one `queries*.jsonl` and one `qrels*.tsv` (or one `qrels/*.tsv`), and
//! ends with one table over all collections: per collection (and per query kind) our nDCG@10
//! and MRR@10 beside a plain BM25 reference computed here over the same tokens.
//!
//! Judgments are binary (any relevance above 0 gains 1), as the peer figures were measured.
//!
//! One stage per module: `args` (flags, collection folders), `load` (documents, queries,
//! judgments), `evaluate` (one collection end to end), `metrics` (nDCG@10, MRR@10,
//! Recall@100), `reference` (the plain BM25 reference), `table` (the closing table).

// Native only: the stages build indexes at run time with the core's `builder` feature and
// read files, which the wasm32 build has neither of (its `main` is empty).
#[cfg(not(target_arch = "wasm32"))]
mod args;
#[cfg(not(target_arch = "wasm32"))]
mod evaluate;
#[cfg(not(target_arch = "wasm32"))]
mod load;
#[cfg(not(target_arch = "wasm32"))]
mod metrics;
#[cfg(not(target_arch = "wasm32"))]
mod reference;
#[cfg(not(target_arch = "wasm32"))]
mod table;

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    if let Err(message) = run() {
        eprintln!("bakedsearch-eval: {message}");
        std::process::exit(2);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn run() -> Result<(), String> {
    let args = args::parse_args(std::env::args().skip(1))?;
    let single = args.collections.len() == 1;
    let mut all = Vec::new();
    for collection in &args.collections {
        let results = evaluate::evaluate(collection, &args, single)?;
        if collection.qrels.is_some() {
            all.push((collection.name.clone(), results));
        }
    }
    if !all.is_empty() {
        table::print_table(&all);
    }
    Ok(())
}
