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

    use bakedsearch_core::indexer::{build_image, load_corpus, Config, Document};
    use bakedsearch_core::{Analyzer, Index, SearchOptions, Searcher};

    const USAGE: &str = "usage: bakedsearch-eval --docs D.jsonl[.gz] --queries Q.jsonl \
                         [--qrels R.tsv] [--run OUT.tsv] [--image OUT.bin]\n       \
                         bakedsearch-eval --collection DIR [--collection DIR ...] [--per-query] [--repeat N]";
    const RUN_DEPTH: usize = 100;

    /// The plain BM25 reference: Lucene's `BM25Similarity` defaults (k1, b).
    const REFERENCE_BM25: (f64, f64) = (1.2, 0.75);
    /// The same with Anserini's defaults, the configuration the collections' SOURCE.md
    /// figures were measured with (so the reference can be checked against them).
    const ANSERINI_BM25: (f64, f64) = (0.9, 0.4);

    /// lunr 2.3.9 in its documented configuration (stop-word filter, Porter stemmer, BM25
    /// k1 1.2 b 0.75 over title and body), nDCG@10 with binary judgments, measured by the
    /// bench's relevance harness (`bench/`); lunr is JavaScript, so it is not run here. Keyed
    /// by the collection's folder name.
    const LUNR_NDCG10: &[(&str, f64)] = &[("cacm", 0.484), ("med", 0.690), ("npl", 0.439)];

    struct Collection {
        name: String,
        docs: PathBuf,
        queries: PathBuf,
        qrels: Option<PathBuf>,
    }

    struct Args {
        collections: Vec<Collection>,
        per_query: bool,
        /// Rank (and search) every query this many times: a profiling run (`perf record`)
        /// then spends its time in the query path, not in indexing.
        repeat: usize,
        run: Option<PathBuf>,
        image: Option<PathBuf>,
    }

    fn parse_args() -> Result<Args, String> {
        let mut docs = None;
        let mut queries = None;
        let mut qrels = None;
        let mut run = None;
        let mut image = None;
        let mut collections = Vec::new();
        let mut per_query = false;
        let mut repeat = 1;
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
                "--collection" => collections.push(discover(&value()?)?),
                "--per-query" => per_query = true,
                "--repeat" => {
                    repeat = value()?
                        .to_str()
                        .and_then(|v| v.parse().ok())
                        .filter(|&n: &usize| n > 0)
                        .ok_or_else(|| format!("--repeat needs a positive count\n{USAGE}"))?
                }
                "-h" | "--help" => return Err(USAGE.into()),
                other => return Err(format!("unknown argument {other}\n{USAGE}")),
            }
        }
        if !collections.is_empty() {
            if docs.is_some() || queries.is_some() || qrels.is_some() {
                return Err(format!(
                    "--collection cannot be combined with --docs/--queries/--qrels\n{USAGE}"
                ));
            }
            if collections.len() > 1 && (run.is_some() || image.is_some()) {
                return Err(format!("--run and --image take one collection\n{USAGE}"));
            }
        } else {
            let docs = docs.ok_or_else(|| format!("--docs is required\n{USAGE}"))?;
            collections.push(Collection {
                name: docs
                    .parent()
                    .and_then(|p| p.file_name())
                    .map_or_else(|| "docs".into(), |n| n.to_string_lossy().into_owned()),
                queries: queries.ok_or_else(|| format!("--queries is required\n{USAGE}"))?,
                docs,
                qrels,
            });
        }
        Ok(Args {
            collections,
            per_query,
            repeat,
            run,
            image,
        })
    }

    /// The one file in `dir` whose name starts with `prefix` and ends with `suffix`.
    fn one_file(dir: &Path, prefix: &str, suffix: &str) -> Result<Option<PathBuf>, String> {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Ok(None);
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                        n.starts_with(prefix) && n.ends_with(suffix) && !n.starts_with('.')
                    })
            })
            .collect();
        found.sort();
        match found.len() {
            0 => Ok(None),
            1 => Ok(found.pop()),
            _ => Err(format!(
                "{}: several {prefix}*{suffix} files; pass --docs, --queries and --qrels instead",
                dir.display()
            )),
        }
    }

    fn discover(dir: &Path) -> Result<Collection, String> {
        let missing = |what: &str| {
            format!(
                "{}: no {what}; a collection folder holds docs.jsonl[.gz], queries*.jsonl and \
                 qrels*.tsv (or qrels/*.tsv)",
                dir.display()
            )
        };
        let docs = match one_file(dir, "docs.jsonl", ".gz")? {
            Some(gz) => gz,
            None => Some(dir.join("docs.jsonl"))
                .filter(|p| p.is_file())
                .ok_or_else(|| missing("docs.jsonl"))?,
        };
        let queries = one_file(dir, "queries", ".jsonl")?.ok_or_else(|| missing("queries"))?;
        let qrels = match one_file(dir, "qrels", ".tsv")? {
            Some(q) => q,
            None => one_file(&dir.join("qrels"), "", ".tsv")?.ok_or_else(|| missing("qrels"))?,
        };
        let name = dir
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| dir.display().to_string());
        Ok(Collection {
            name,
            docs,
            queries,
            qrels: Some(qrels),
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

    /// The documents of a collection, loaded exactly as the build loads them: a title-only
    /// record (CACM has 1,617) is indexed by its title, an empty one is skipped with a
    /// warning. Returns the documents and, per document, whether it has no body (the BM25
    /// reference indexes those by their title once), and how many records were skipped.
    fn load_documents(path: &Path) -> Result<(Vec<Document>, Vec<bool>, usize), String> {
        // The loader reads .jsonl, not .jsonl.gz: a gzipped collection (MDN) is unpacked to a
        // temporary file first.
        let gzipped = path.extension().is_some_and(|e| e == "gz");
        let file = if gzipped {
            let tmp =
                std::env::temp_dir().join(format!("bakedsearch-eval-{}.jsonl", std::process::id()));
            std::fs::write(&tmp, read_text(path)?)
                .map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
            tmp
        } else {
            path.to_path_buf()
        };
        let corpus = load_corpus(&Config::defaults(file.clone()));
        if gzipped {
            let _ = std::fs::remove_file(&file);
        }
        let corpus = corpus.map_err(|e| e.to_string())?;
        let skipped = corpus
            .warnings
            .iter()
            .filter(|w| w.message.ends_with("skipped"))
            .count();
        let title_only = corpus
            .documents
            .iter()
            .map(|d| d.text.trim().is_empty())
            .collect();
        Ok((corpus.documents, title_only, skipped))
    }

    #[derive(Default, Clone, Copy)]
    struct Totals {
        queries: usize,
        ndcg: f64,
        mrr: f64,
        recall: f64,
    }

    impl Totals {
        /// Adds one query: binary gain (any judged relevance counts 1).
        fn add(&mut self, ranked: &[&str], judged: &HashMap<String, u32>) {
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

        fn mean(&self) -> (f64, f64, f64) {
            let n = self.queries.max(1) as f64;
            (self.ndcg / n, self.mrr / n, self.recall / n)
        }

        fn print(&self, label: &str) {
            let (ndcg, mrr, recall) = self.mean();
            println!(
                "{label:<10} queries {:>4}  nDCG@10 {ndcg:.4}  MRR@10 {mrr:.4}  Recall@100 {recall:.4}",
                self.queries
            );
        }
    }

    /// Plain BM25 over the same analyzer's tokens, the reference our ranking is judged
    /// against: one field (title and body as one text), whole words only (no identifier
    /// parts), the image's stop words removed, every query word a SHOULD clause (a repeated
    /// word counts twice), Lucene's idf. No prefixes, typos, phrases or coordination.
    struct Bm25Reference {
        postings: HashMap<String, Vec<(u32, u32)>>,
        lens: Vec<u32>,
        avg_len: f64,
    }

    impl Bm25Reference {
        fn terms(analyzer: &Analyzer, index: &Index<'_>, text: &str) -> Vec<String> {
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

        fn new(documents: &[Document], title_as_text: &[bool], index: &Index<'_>) -> Self {
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
            let avg_len =
                lens.iter().map(|&l| f64::from(l)).sum::<f64>() / lens.len().max(1) as f64;
            Bm25Reference {
                postings,
                lens,
                avg_len: avg_len.max(1.0),
            }
        }

        /// The top `RUN_DEPTH` document ordinals for `query` with parameters (k1, b).
        fn rank(
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

    /// Per query kind ("" for all queries): ours, BM25 (k1 1.2, b 0.75), BM25 (0.9, 0.4).
    type Results = BTreeMap<String, [Totals; 3]>;

    fn evaluate(collection: &Collection, args: &Args, latency: bool) -> Result<Results, String> {
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
        // The run file holds the top RUN_DEPTH, which the ranking orders for this limit.
        let rank_options = SearchOptions {
            limit: RUN_DEPTH,
            ..SearchOptions::default()
        };
        let mut run_file = match &args.run {
            Some(p) => Some(std::io::BufWriter::new(
                std::fs::File::create(p)
                    .map_err(|e| format!("cannot create {}: {e}", p.display()))?,
            )),
            None => None,
        };
        let mut results = Results::new();
        let mut latencies = Vec::with_capacity(queries.len());
        let mut full_latencies = Vec::with_capacity(queries.len());
        for query in &queries {
            for _ in 1..args.repeat {
                let _ = searcher.rank(&query.text, &rank_options);
                if latency {
                    let _ = searcher.search(&query.text, &options);
                }
            }
            let t = Instant::now();
            let ranking = searcher.rank(&query.text, &rank_options);
            latencies.push(t.elapsed().as_secs_f64() * 1e3);
            if latency {
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
                .filter_map(|&(doc, score)| searcher.index().doc(doc).map(|d| (d.id, score)))
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
                    "query {}\t{}\twords {words}\tours {:.4}\tbm25 {:.4}\t{:+.4}\t{}",
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

    fn print_table(all: &[(String, Results)]) {
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

    pub fn run() -> Result<(), String> {
        let args = parse_args()?;
        let single = args.collections.len() == 1;
        let mut all = Vec::new();
        for collection in &args.collections {
            let results = evaluate(collection, &args, single)?;
            if collection.qrels.is_some() {
                all.push((collection.name.clone(), results));
            }
        }
        if !all.is_empty() {
            print_table(&all);
        }
        Ok(())
    }
}
