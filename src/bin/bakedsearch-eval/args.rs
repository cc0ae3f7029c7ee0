//! Argument parsing and collection discovery: which documents, queries and judgments to
//! evaluate, and where the run file and the image go.

use std::path::{Path, PathBuf};

const USAGE: &str = "usage: bakedsearch-eval --docs D.jsonl[.gz] --queries Q.jsonl \
                     [--qrels R.tsv] [--run OUT.tsv] [--image OUT.bin]\n       \
                     bakedsearch-eval --collection DIR [--collection DIR ...] [--per-query] [--repeat N]";

/// One collection to evaluate: where its documents, queries and (optional) judgments are.
pub struct Collection {
    pub name: String,
    pub docs: PathBuf,
    pub queries: PathBuf,
    pub qrels: Option<PathBuf>,
}

pub struct Args {
    pub collections: Vec<Collection>,
    pub per_query: bool,
    /// Rank (and search) every query this many times: a profiling run (`perf record`)
    /// then spends its time in the query path, not in indexing.
    pub repeat: usize,
    pub run: Option<PathBuf>,
    pub image: Option<PathBuf>,
}

/// Parses the arguments after the program name; `--collection DIR` is resolved (and its
/// files found) as it is read.
pub fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Args, String> {
    let mut docs = None;
    let mut queries = None;
    let mut qrels = None;
    let mut run = None;
    let mut image = None;
    let mut collections = Vec::new();
    let mut per_query = false;
    let mut repeat = 1;
    let mut args = args.into_iter();
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
