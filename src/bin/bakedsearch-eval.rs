//! Relevance evaluation with exactly the engine and defaults the widget uses.
//!
//! ```text
//! cargo run --release --bin bakedsearch-eval -- --docs D.jsonl[.gz] --queries Q.jsonl \
//!     [--qrels R.tsv] [--run OUT.tsv] [--image OUT.bin]
//! ```
//!
//! Docs: one JSON object per line (id, title, text, url optional). Queries: id, text (and an
//! optional `kind`, reported separately). Qrels: TSV `query_id doc_id relevance` (a header
//! line is allowed). Prints nDCG@10, MRR@10 and Recall@100 over the judged queries and writes
//! a TREC run file (`query_id Q0 doc_id rank score tag`, top 100).

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    if let Err(message) = native::run() {
        eprintln!("bakedsearch-eval: {message}");
        std::process::exit(2);
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::collections::{BTreeMap, HashMap};
    use std::io::{BufRead, BufReader, Read, Write};
    use std::path::{Path, PathBuf};
    use std::time::Instant;

    use bakedsearch_core::build::{build_image, load_corpus, Config};
    use bakedsearch_core::{Index, SearchOptions, Searcher};

    const USAGE: &str = "usage: bakedsearch-eval --docs D.jsonl[.gz] --queries Q.jsonl \
                         [--qrels R.tsv] [--run OUT.tsv] [--image OUT.bin]";
    const RUN_DEPTH: usize = 100;

    struct Args {
        docs: PathBuf,
        queries: PathBuf,
        qrels: Option<PathBuf>,
        run: Option<PathBuf>,
        image: Option<PathBuf>,
    }

    fn parse_args() -> Result<Args, String> {
        let mut docs = None;
        let mut queries = None;
        let mut qrels = None;
        let mut run = None;
        let mut image = None;
        let mut args = std::env::args().skip(1);
        while let Some(flag) = args.next() {
            let mut value = || {
                args.next()
                    .map(PathBuf::from)
                    .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
            };
            match flag.as_str() {
                "--docs" => docs = Some(value()?),
                "--queries" => queries = Some(value()?),
                "--qrels" => qrels = Some(value()?),
                "--run" => run = Some(value()?),
                "--image" => image = Some(value()?),
                "-h" | "--help" => return Err(USAGE.into()),
                other => return Err(format!("unknown argument {other}\n{USAGE}")),
            }
        }
        Ok(Args {
            docs: docs.ok_or_else(|| format!("--docs is required\n{USAGE}"))?,
            queries: queries.ok_or_else(|| format!("--queries is required\n{USAGE}"))?,
            qrels,
            run,
            image,
        })
    }

    fn read_text(path: &Path) -> Result<String, String> {
        let file = std::fs::File::open(path)
            .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        let mut text = String::new();
        let result = if path.extension().is_some_and(|e| e == "gz") {
            flate2::read::GzDecoder::new(file).read_to_string(&mut text)
        } else {
            BufReader::new(file).read_to_string(&mut text)
        };
        result.map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Ok(text)
    }

    struct Query {
        id: String,
        text: String,
        kind: Option<String>,
    }

    fn load_queries(path: &Path) -> Result<Vec<Query>, String> {
        let mut out = Vec::new();
        for (i, line) in read_text(path)?.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(line)
                .map_err(|e| format!("{}:{}: invalid JSON: {e}", path.display(), i + 1))?;
            let field = |k: &str| match v.get(k) {
                Some(serde_json::Value::String(s)) => Some(s.clone()),
                Some(serde_json::Value::Number(n)) => Some(n.to_string()),
                _ => None,
            };
            out.push(Query {
                id: field("id")
                    .ok_or_else(|| format!("{}:{}: query has no id", path.display(), i + 1))?,
                text: field("text")
                    .ok_or_else(|| format!("{}:{}: query has no text", path.display(), i + 1))?,
                kind: field("kind"),
            });
        }
        Ok(out)
    }

    type Qrels = HashMap<String, HashMap<String, u32>>;

    fn load_qrels(path: &Path) -> Result<Qrels, String> {
        let file = std::fs::File::open(path)
            .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        let mut qrels: Qrels = HashMap::new();
        for (i, line) in BufReader::new(file).lines().enumerate() {
            let line = line.map_err(|e| format!("{}: {e}", path.display()))?;
            let cols: Vec<&str> = line.split_whitespace().collect();
            // query_id doc_id relevance, or TREC's query_id 0 doc_id relevance.
            let (q, d, r) = match cols.as_slice() {
                [q, d, r] => (q, d, r),
                [q, _, d, r] => (q, d, r),
                [] => continue,
                _ => return Err(format!("{}:{}: expected 3 columns", path.display(), i + 1)),
            };
            let Ok(rel) = r.parse::<i64>() else {
                if i == 0 {
                    continue; // header
                }
                return Err(format!(
                    "{}:{}: relevance is not a number",
                    path.display(),
                    i + 1
                ));
            };
            if rel > 0 {
                qrels
                    .entry(q.to_string())
                    .or_default()
                    .insert(d.to_string(), rel as u32);
            }
        }
        Ok(qrels)
    }

    #[derive(Default)]
    struct Totals {
        queries: usize,
        ndcg: f64,
        mrr: f64,
        recall: f64,
    }

    impl Totals {
        fn add(&mut self, ranked: &[String], judged: &HashMap<String, u32>) {
            let mut dcg = 0.0;
            for (i, id) in ranked.iter().take(10).enumerate() {
                if let Some(&rel) = judged.get(id) {
                    dcg += f64::from(rel) / ((i + 2) as f64).log2();
                }
            }
            let mut ideal: Vec<u32> = judged.values().copied().collect();
            ideal.sort_unstable_by(|a, b| b.cmp(a));
            let idcg: f64 = ideal
                .iter()
                .take(10)
                .enumerate()
                .map(|(i, &rel)| f64::from(rel) / ((i + 2) as f64).log2())
                .sum();
            let rr = ranked
                .iter()
                .take(10)
                .position(|id| judged.contains_key(id))
                .map_or(0.0, |p| 1.0 / (p + 1) as f64);
            let found = ranked
                .iter()
                .take(RUN_DEPTH)
                .filter(|id| judged.contains_key(*id))
                .count();
            self.queries += 1;
            self.ndcg += if idcg > 0.0 { dcg / idcg } else { 0.0 };
            self.mrr += rr;
            self.recall += found as f64 / judged.len().max(1) as f64;
        }

        fn print(&self, label: &str) {
            let n = self.queries.max(1) as f64;
            println!(
                "{label:<10} queries {:>4}  nDCG@10 {:.4}  MRR@10 {:.4}  Recall@100 {:.4}",
                self.queries,
                self.ndcg / n,
                self.mrr / n,
                self.recall / n
            );
        }
    }

    pub fn run() -> Result<(), String> {
        let args = parse_args()?;

        let started = Instant::now();
        let corpus = if args.docs.extension().is_some_and(|e| e == "gz") {
            // load_corpus reads plain files; decompress next to nothing else.
            let text = read_text(&args.docs)?;
            let tmp =
                std::env::temp_dir().join(format!("bakedsearch-eval-{}.jsonl", std::process::id()));
            std::fs::write(&tmp, text)
                .map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
            let corpus = load_corpus(&Config::defaults(tmp.clone()));
            let _ = std::fs::remove_file(&tmp);
            corpus
        } else {
            load_corpus(&Config::defaults(args.docs.clone()))
        }
        .map_err(|e| e.to_string())?;
        let loaded = started.elapsed();
        let image = build_image(&corpus.documents, "eval").map_err(|e| e.to_string())?;
        let built = started.elapsed();
        let index = Index::open(&image).map_err(|e| e.to_string())?;
        println!(
            "corpus     {} documents, loaded in {:.2}s, indexed in {:.2}s, image {} bytes",
            index.doc_count(),
            loaded.as_secs_f64(),
            (built - loaded).as_secs_f64(),
            image.len()
        );
        for (name, bytes) in index.section_sizes() {
            println!("  section {name:<10} {bytes:>12} bytes");
        }
        if let Some(path) = &args.image {
            std::fs::write(path, &image)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }

        let searcher = Searcher::new(index);
        let queries = load_queries(&args.queries)?;
        let qrels = match &args.qrels {
            Some(p) => Some(load_qrels(p)?),
            None => None,
        };
        let options = SearchOptions::default();
        let mut run_file = match &args.run {
            Some(p) => Some(std::io::BufWriter::new(
                std::fs::File::create(p)
                    .map_err(|e| format!("cannot create {}: {e}", p.display()))?,
            )),
            None => None,
        };
        let mut all = Totals::default();
        let mut by_kind: BTreeMap<String, Totals> = BTreeMap::new();
        let mut latencies = Vec::with_capacity(queries.len());
        let mut full_latencies = Vec::with_capacity(queries.len());
        for query in &queries {
            let t = Instant::now();
            let ranking = searcher.rank(&query.text, &options);
            latencies.push(t.elapsed().as_secs_f64() * 1e3);
            // The whole widget call too (ranking plus snippets of the first page), so every
            // stage runs on every query of a real corpus.
            let t = Instant::now();
            let _ = searcher.search(&query.text, &options);
            full_latencies.push(t.elapsed().as_secs_f64() * 1e3);
            let ranked: Vec<(String, f32)> = ranking
                .ranked
                .iter()
                .take(RUN_DEPTH)
                .filter_map(|&(doc, score)| {
                    searcher.index().doc(doc).map(|d| (d.id.to_owned(), score))
                })
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
            let ids: Vec<String> = ranked.into_iter().map(|(id, _)| id).collect();
            all.add(&ids, judged);
            if let Some(kind) = &query.kind {
                by_kind.entry(kind.clone()).or_default().add(&ids, judged);
            }
        }
        for (label, samples) in [
            ("ranking", &mut latencies),
            ("search+snippets", &mut full_latencies),
        ] {
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
        if qrels.is_some() {
            for (kind, totals) in &by_kind {
                totals.print(kind);
            }
            all.print("all");
        }
        Ok(())
    }
}
