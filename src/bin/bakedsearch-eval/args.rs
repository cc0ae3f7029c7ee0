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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, String> {
        parse_args(args.iter().map(|a| a.to_string()))
    }

    fn first_line(result: Result<Args, String>) -> String {
        let Err(message) = result else {
            panic!("expected an error");
        };
        message.lines().next().unwrap_or_default().to_owned()
    }

    /// A fresh, empty folder under the temporary directory, removed when dropped.
    struct Folder(PathBuf);

    impl Folder {
        fn new(name: &str) -> Folder {
            let dir = std::env::temp_dir().join(format!(
                "bakedsearch-eval-test-{}-{name}",
                std::process::id()
            ));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Folder(dir)
        }

        fn touch(&self, file: &str) -> &Folder {
            let path = self.0.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
            self
        }
    }

    impl Drop for Folder {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn files_by_flag() {
        let args = parse(&[
            "--docs",
            "corpora/med/docs.jsonl",
            "--queries",
            "q.jsonl",
            "--qrels",
            "r.tsv",
            "--per-query",
            "--repeat",
            "3",
        ])
        .unwrap();
        let [c] = args.collections.as_slice() else {
            panic!("one collection");
        };
        // Named by the documents' folder.
        assert_eq!(c.name, "med");
        assert_eq!(c.docs, Path::new("corpora/med/docs.jsonl"));
        assert_eq!(c.queries, Path::new("q.jsonl"));
        assert_eq!(c.qrels.as_deref(), Some(Path::new("r.tsv")));
        assert!(args.per_query);
        assert_eq!(args.repeat, 3);

        let args = parse(&["--docs", "docs.jsonl", "--queries", "q.jsonl"]).unwrap();
        assert_eq!(args.collections[0].name, "docs");
        assert_eq!(args.collections[0].qrels, None);
        assert_eq!((args.per_query, args.repeat), (false, 1));
    }

    #[test]
    fn bad_arguments_say_what_is_wrong_and_print_the_usage() {
        let usage = USAGE.lines().next().unwrap();
        for (args, expected) in [
            (&["--docs", "d.jsonl"][..], "--queries is required"),
            (&["--queries", "q.jsonl"], "--docs is required"),
            (&["--docs"], "--docs needs a value"),
            (&["--repeat", "0"], "--repeat needs a positive count"),
            (&["--repeat", "many"], "--repeat needs a positive count"),
            (&["--verbose"], "unknown argument --verbose"),
            (&["--help"], usage),
        ] {
            let message = parse(args).err().unwrap_or_default();
            assert_eq!(message.lines().next(), Some(expected), "{args:?}");
            assert!(message.contains(usage), "{args:?}: {message}");
        }
    }

    #[test]
    fn collection_folders() {
        let beir = Folder::new("beir");
        beir.touch("docs.jsonl")
            .touch("queries.test.jsonl")
            .touch("qrels/test.tsv")
            // A hidden file (an editor's) is not a second judgments file.
            .touch("qrels/.test.tsv");
        let trec = Folder::new("trec");
        trec.touch("docs.jsonl.gz")
            .touch("queries.jsonl")
            .touch("qrels.tsv");
        let beir_dir = beir.0.to_str().unwrap();
        let trec_dir = trec.0.to_str().unwrap();
        let args = parse(&["--collection", beir_dir, "--collection", trec_dir]).unwrap();
        let [b, t] = args.collections.as_slice() else {
            panic!("two collections");
        };
        assert!(b.name.ends_with("-beir"), "{}", b.name);
        assert_eq!(b.docs, beir.0.join("docs.jsonl"));
        assert_eq!(b.queries, beir.0.join("queries.test.jsonl"));
        assert_eq!(b.qrels, Some(beir.0.join("qrels/test.tsv")));
        assert_eq!(t.docs, trec.0.join("docs.jsonl.gz"));
        assert_eq!(t.qrels, Some(trec.0.join("qrels.tsv")));

        assert_eq!(
            first_line(parse(&[
                "--collection",
                beir_dir,
                "--collection",
                trec_dir,
                "--run",
                "r"
            ])),
            "--run and --image take one collection"
        );
        assert_eq!(
            first_line(parse(&["--collection", beir_dir, "--docs", "d.jsonl"])),
            "--collection cannot be combined with --docs/--queries/--qrels"
        );
        trec.touch("queries.dev.jsonl");
        assert_eq!(
            first_line(parse(&["--collection", trec_dir])),
            format!(
                "{trec_dir}: several queries*.jsonl files; pass --docs, --queries and --qrels \
                 instead"
            )
        );
        let empty = Folder::new("empty");
        let message = first_line(parse(&["--collection", empty.0.to_str().unwrap()]));
        assert!(message.ends_with(": no docs.jsonl; a collection folder holds docs.jsonl[.gz], queries*.jsonl and qrels*.tsv (or qrels/*.tsv)"), "{message}");
    }
}
