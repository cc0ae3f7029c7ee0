//! One collection end to end: build the image as the widget's build does, rank every query
//! with the widget's defaults and with the BM25 references, write the run file, print the
//! per-collection lines.

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Instant;

use bakedsearch_core::indexer::build_image;
use bakedsearch_core::{Analyzer, Index, SearchOptions, Searcher};

use crate::args::{Args, Collection};
use crate::load::{load_documents, load_qrels, load_queries};
use crate::metrics::{Totals, RUN_DEPTH};
use crate::reference::{Bm25Reference, ANSERINI_BM25, REFERENCE_BM25};

/// Per query kind ("" for all queries): ours, BM25 (k1 1.2, b 0.75), BM25 (0.9, 0.4).
pub type Results = BTreeMap<String, [Totals; 3]>;

pub fn evaluate(collection: &Collection, args: &Args, latency: bool) -> Result<Results, String> {
    println!("== {}", collection.name);
    let started = Instant::now();
    let (documents, title_as_text, dropped) = load_documents(&collection.docs)?;
    let loaded = started.elapsed();
    let image = build_image(&documents, "eval").map_err(|e| e.to_string())?;
    let built = started.elapsed();
    let index = Index::open(&image).map_err(|e| e.to_string())?;
    let filled = title_as_text.iter().filter(|&&f| f).count();
    println!(
        "corpus     {} documents, loaded in {:.2}s, indexed in {:.2}s, image {} bytes",
        index.doc_count(),
        loaded.as_secs_f64(),
        (built - loaded).as_secs_f64(),
        image.len()
    );
    if filled > 0 || dropped > 0 {
        println!(
            "           {filled} title-only records indexed by their title, {dropped} empty \
             records skipped"
        );
    }
    if latency {
        for (name, bytes) in index.section_sizes() {
            println!("  section {name:<10} {bytes:>12} bytes");
        }
    }
    if let Some(path) = &args.image {
        std::fs::write(path, &image)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }

    let reference = Bm25Reference::new(&documents, &title_as_text, &index);
    let analyzer = Analyzer::for_language(index.language());
    let searcher = Searcher::new(index);
    let queries = load_queries(&collection.queries)?;
    let qrels = match &collection.qrels {
        Some(p) => Some(load_qrels(p)?),
        None => None,
    };
    let options = SearchOptions::default();
    // The bench's call: the first page, ids and titles only.
    let page_options = SearchOptions {
        snippets: false,
        ..SearchOptions::default()
    };
    // The run file holds the top RUN_DEPTH, which the ranking orders for this limit.
    let rank_options = SearchOptions {
        limit: RUN_DEPTH,
        ..SearchOptions::default()
    };
    let mut run_file = match &args.run {
        Some(p) => Some(std::io::BufWriter::new(
            std::fs::File::create(p).map_err(|e| format!("cannot create {}: {e}", p.display()))?,
        )),
        None => None,
    };
    let mut results = Results::new();
    let mut latencies = Vec::with_capacity(queries.len());
    let mut page_latencies = Vec::with_capacity(queries.len());
    let mut full_latencies = Vec::with_capacity(queries.len());
    for query in &queries {
        for _ in 1..args.repeat {
            let _ = searcher.rank(&query.text, &rank_options);
            if latency {
                let _ = searcher.search(&query.text, &page_options);
                let _ = searcher.search(&query.text, &options);
            }
        }
        let t = Instant::now();
        let ranking = searcher.rank(&query.text, &rank_options);
        let ranking_ms = t.elapsed().as_secs_f64() * 1e3;
        latencies.push(ranking_ms);
        if latency {
            let t = Instant::now();
            let _ = searcher.search(&query.text, &page_options);
            page_latencies.push(t.elapsed().as_secs_f64() * 1e3);
            // The whole widget call too (ranking plus snippets of the first page), so
            // every stage runs on every query of a real corpus.
            let t = Instant::now();
            let _ = searcher.search(&query.text, &options);
            full_latencies.push(t.elapsed().as_secs_f64() * 1e3);
        }
        let ranked: Vec<(&str, f32)> = ranking
            .ranked
            .iter()
            .take(RUN_DEPTH)
            .filter_map(|&(doc, score)| searcher.index().doc_head(doc).map(|d| (d.id, score)))
            .collect();
        if let Some(out) = run_file.as_mut() {
            for (rank, (id, score)) in ranked.iter().enumerate() {
                writeln!(
                    out,
                    "{} Q0 {} {} {:.6} bakedsearch",
                    query.id,
                    id,
                    rank + 1,
                    score
                )
                .map_err(|e| format!("cannot write run file: {e}"))?;
            }
        }
        let Some(judged) = qrels.as_ref().and_then(|q| q.get(&query.id)) else {
            continue;
        };
        let ours: Vec<&str> = ranked.into_iter().map(|(id, _)| id).collect();
        let bm25 = |params| -> Vec<&str> {
            reference
                .rank(&analyzer, searcher.index(), &query.text, params)
                .into_iter()
                .map(|d| documents[d as usize].id.as_str())
                .collect()
        };
        let runs = [ours, bm25(REFERENCE_BM25), bm25(ANSERINI_BM25)];
        if args.per_query {
            let score = |run: &[&str]| {
                let mut t = Totals::default();
                t.add(run, judged);
                t.mean().0
            };
            let words = Bm25Reference::terms(&analyzer, searcher.index(), &query.text).len();
            println!(
                "query {}\t{}\twords {words}\tours {:.4}\tbm25 {:.4}\t{:+.4}\t{ranking_ms:.3} ms\t{}",
                collection.name,
                query.id,
                score(&runs[0]),
                score(&runs[1]),
                score(&runs[0]) - score(&runs[1]),
                query.text.chars().take(80).collect::<String>()
            );
        }
        let mut kinds = vec![String::new()];
        kinds.extend(query.kind.clone());
        for kind in kinds {
            let totals = results.entry(kind).or_default();
            for (t, run) in totals.iter_mut().zip(&runs) {
                t.add(run, judged);
            }
        }
    }
    let mut timings = vec![("ranking", &mut latencies)];
    if latency {
        timings.push(("first page, no snippets", &mut page_latencies));
        timings.push(("search+snippets", &mut full_latencies));
    }
    for (label, samples) in timings {
        samples.sort_by(|a, b| a.total_cmp(b));
        let pct = |p: f64| {
            samples
                .get(((samples.len() as f64 - 1.0) * p).round() as usize)
                .copied()
                .unwrap_or(0.0)
        };
        println!(
            "latency    native {label}, {} queries: p50 {:.3} ms  p95 {:.3} ms  p99 {:.3} ms",
            samples.len(),
            pct(0.5),
            pct(0.95),
            pct(0.99)
        );
    }
    for (kind, [ours, _, _]) in &results {
        ours.print(if kind.is_empty() { "all" } else { kind });
    }
    Ok(results)
}
