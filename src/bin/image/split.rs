//! `bakedsearch-image --split [--queries Q.jsonl]`: the split layout of an image: what
//! stays in the wasm, the shards by kind (count, raw, brotli), and with queries a walk of
//! them: per query from a cold start (nothing fetched) the rounds and the bytes fetched,
//! raw and brotli (each shard compressed on its own, as a server sends it), and one warm
//! session (the queries in order, shards cached), with a check that every query returns
//! the embedded layout's results.

use std::collections::HashMap;

use bakedsearch_core::format::{shard_first_kind, SectionKind};
use bakedsearch_core::read::SplitPages;
use bakedsearch_core::split::{search_rounds, shown, split_image, SplitTargets};
use bakedsearch_core::{Index, SearchOptions, Searcher};

/// The kind of a shard, by its first piece.
fn kind(bytes: &[u8]) -> &'static str {
    match shard_first_kind(bytes) {
        Some(SectionKind::Dict) => "dictionary",
        Some(SectionKind::Postings) => "postings",
        Some(SectionKind::Positions) => "positions",
        Some(SectionKind::Docs) => "heads",
        _ => "bodies",
    }
}

/// p50 and p95 of `values` (sorted here).
fn percentiles(values: &mut [usize]) -> (usize, usize) {
    values.sort_unstable();
    let at = |p: f64| values[((values.len() as f64 - 1.0) * p).round() as usize];
    if values.is_empty() {
        (0, 0)
    } else {
        (at(0.5), at(0.95))
    }
}

/// Shard targets from `BAKEDSEARCH_SPLIT_TARGETS=dictionary,postings,positions,heads,bodies` (bytes),
/// to measure other sizes than the defaults.
fn targets() -> Result<SplitTargets, String> {
    let Ok(spec) = std::env::var("BAKEDSEARCH_SPLIT_TARGETS") else {
        return Ok(SplitTargets::default());
    };
    let n: Vec<usize> = spec
        .split(',')
        .map(|v| {
            v.trim()
                .parse()
                .map_err(|_| format!("BAKEDSEARCH_SPLIT_TARGETS={spec}"))
        })
        .collect::<Result<_, _>>()?;
    match n[..] {
        [dictionary, postings, positions, heads, bodies] => Ok(SplitTargets {
            dictionary,
            postings,
            positions,
            heads,
            bodies,
        }),
        _ => Err(format!(
            "BAKEDSEARCH_SPLIT_TARGETS={spec}: five sizes (dictionary, postings, positions, \
             heads, bodies)"
        )),
    }
}

pub fn report(
    image: &[u8],
    queries: &[String],
    brotli_len: impl Fn(&[u8]) -> usize,
) -> Result<(), String> {
    let targets = targets()?;
    let split = split_image(image, &targets).map_err(|e| e.to_string())?;
    println!(
        "\nsplit layout (shard targets {targets:?})\n  image in the wasm      {:>12} raw {:>12} brotli",
        split.image.len(),
        brotli_len(&split.image)
    );
    let mut brotli: Vec<Option<usize>> = vec![None; split.shards.len()];
    let mut by_kind: HashMap<&str, (usize, usize, usize)> = HashMap::new();
    for (i, (_, bytes)) in split.shards.iter().enumerate() {
        let b = brotli_len(bytes);
        brotli[i] = Some(b);
        let e = by_kind.entry(kind(bytes)).or_default();
        *e = (e.0 + 1, e.1 + bytes.len(), e.2 + b);
    }
    println!(
        "  {:<12} {:>8} {:>12} {:>12} {:>10}",
        "shards", "count", "raw", "brotli", "mean raw"
    );
    for k in ["dictionary", "postings", "positions", "heads", "bodies"] {
        let (n, raw, br) = by_kind.get(k).copied().unwrap_or_default();
        println!("  {k:<12} {n:>8} {raw:>12} {br:>12} {:>10}", raw / n.max(1));
    }
    if queries.is_empty() {
        return Ok(());
    }
    let embedded = Searcher::new(Index::open(image).map_err(|e| e.to_string())?);
    let options = SearchOptions::default();
    let size = |shards: &[u32]| -> (usize, usize) {
        shards.iter().fold((0, 0), |(r, b), &s| {
            let s = s as usize;
            (r + split.shards[s].1.len(), b + brotli[s].unwrap_or(0))
        })
    };
    let (mut raw, mut br, mut rounds) = (Vec::new(), Vec::new(), Vec::new());
    let mut differ = 0;
    let mut by_kind_fetched: HashMap<&str, usize> = HashMap::new();
    for q in queries {
        let pages = SplitPages::open(&split.image)
            .map_err(|e| e.to_string())?
            .ok_or("no pages")?;
        let searcher =
            Searcher::new(Index::open_split(&split.image, &pages).map_err(|e| e.to_string())?);
        let (got, fetched) = search_rounds(&searcher, &pages, &split.shards, q, &options)?;
        if shown(&got) != shown(&embedded.search(q, &options)) {
            differ += 1;
            println!("  differs: {q:?}");
        }
        let (r, b) = size(&fetched.shards);
        for &s in &fetched.shards {
            *by_kind_fetched
                .entry(kind(&split.shards[s as usize].1))
                .or_default() += 1;
        }
        raw.push(r);
        br.push(b);
        rounds.push(fetched.rounds);
    }
    let n = queries.len();
    let mean = |v: &[usize]| v.iter().sum::<usize>() as f64 / v.len().max(1) as f64;
    println!(
        "  {n} queries, each from a cold start: results identical to the embedded layout for {} \
         ({differ} differ)",
        n - differ
    );
    println!(
        "  first query ({:?}): {} raw, {} brotli, {} rounds",
        queries[0], raw[0], br[0], rounds[0]
    );
    println!(
        "  rounds per query: mean {:.2}, max {}; shards per query: {}",
        mean(&rounds),
        rounds.iter().max().unwrap_or(&0),
        ["dictionary", "postings", "positions", "heads", "bodies"]
            .iter()
            .map(|k| format!(
                "{k} {:.1}",
                *by_kind_fetched.get(k).unwrap_or(&0) as f64 / n as f64
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let (rm, bm) = (mean(&raw), mean(&br));
    let ((r50, r95), (b50, b95)) = (percentiles(&mut raw), percentiles(&mut br));
    println!("  bytes per query, raw:    mean {rm:.0}, p50 {r50}, p95 {r95}");
    println!("  bytes per query, brotli: mean {bm:.0}, p50 {b50}, p95 {b95}");
    // Warm: one session, the shards of earlier queries cached.
    let pages = SplitPages::open(&split.image)
        .map_err(|e| e.to_string())?
        .ok_or("no pages")?;
    let searcher =
        Searcher::new(Index::open_split(&split.image, &pages).map_err(|e| e.to_string())?);
    let mut fetched_all = Vec::new();
    for q in queries {
        let (_, fetched) = search_rounds(&searcher, &pages, &split.shards, q, &options)?;
        fetched_all.extend(fetched.shards);
    }
    let (r, b) = size(&fetched_all);
    println!(
        "  one session of all {n} queries: {} shards, {r} raw, {b} brotli (mean {:.0} brotli per query)",
        fetched_all.len(),
        b as f64 / n as f64
    );
    Ok(())
}
