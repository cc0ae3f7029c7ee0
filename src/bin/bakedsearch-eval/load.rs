//! Reading a collection: the documents (as the build reads them), the queries and the
//! relevance judgments.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use bakedsearch_core::indexer::{load_corpus, Config, Document};

/// The whole file as text, gunzipped when its name ends in `.gz`.
fn read_text(path: &Path) -> Result<String, String> {
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let mut text = String::new();
    let result = if path.extension().is_some_and(|e| e == "gz") {
        flate2::read::GzDecoder::new(file).read_to_string(&mut text)
    } else {
        BufReader::new(file).read_to_string(&mut text)
    };
    result.map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(text)
}

/// One query: its id, its text and an optional kind (reported separately).
pub struct Query {
    pub id: String,
    pub text: String,
    pub kind: Option<String>,
}

pub fn load_queries(path: &Path) -> Result<Vec<Query>, String> {
    parse_queries(path, &read_text(path)?)
}

/// One JSON object per line (blank lines skipped); `path` only names the file in errors.
fn parse_queries(path: &Path, text: &str) -> Result<Vec<Query>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
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

/// Per query id, the judged document ids and their relevance.
pub type Qrels = HashMap<String, HashMap<String, u32>>;

pub fn load_qrels(path: &Path) -> Result<Qrels, String> {
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    read_qrels(path, BufReader::new(file))
}

/// The judged (relevance above 0) documents per query; a first line whose relevance is not a
/// number is a header. `path` only names the file in errors.
fn read_qrels(path: &Path, reader: impl BufRead) -> Result<Qrels, String> {
    let mut qrels: Qrels = HashMap::new();
    for (i, line) in reader.lines().enumerate() {
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
pub fn load_documents(path: &Path) -> Result<(Vec<Document>, Vec<bool>, usize), String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn qrels(text: &str) -> Result<Qrels, String> {
        read_qrels(Path::new("r.tsv"), text.as_bytes())
    }

    fn judged(qrels: &Qrels, query: &str) -> Vec<(String, u32)> {
        let mut docs: Vec<_> = qrels[query].iter().map(|(d, &r)| (d.clone(), r)).collect();
        docs.sort();
        docs
    }

    #[test]
    fn qrels_three_and_four_columns_with_a_header() {
        let q =
            qrels("query-id\tcorpus-id\tscore\n1\td1\t1\n\n1 d2 2\n2 0 d3 1\n2 d4 0\n").unwrap();
        assert_eq!(judged(&q, "1"), [("d1".into(), 1), ("d2".into(), 2)]);
        // TREC's four columns; a relevance of 0 (or below) is not a judged document.
        assert_eq!(judged(&q, "2"), [("d3".into(), 1)]);
        // A query whose judgments are all 0 is not judged at all.
        assert!(!qrels("3 d5 0\n-1 d6 -1\n").unwrap().contains_key("3"));
    }

    #[test]
    fn malformed_qrels_name_the_file_and_the_line() {
        assert_eq!(
            qrels("1 d1 1\n1 d2\n").unwrap_err(),
            "r.tsv:2: expected 3 columns"
        );
        assert_eq!(
            qrels("1 d1 1\n1 d2 yes\n").unwrap_err(),
            "r.tsv:2: relevance is not a number"
        );
        // Only the first line may be a header.
        assert_eq!(
            qrels("1 d1 1\nq d r\n").unwrap_err(),
            "r.tsv:2: relevance is not a number"
        );
        let missing = load_qrels(Path::new("no/such/qrels.tsv")).unwrap_err();
        assert!(
            missing.starts_with("cannot open no/such/qrels.tsv: "),
            "{missing}"
        );
    }

    #[test]
    fn queries_with_string_or_number_ids_and_an_optional_kind() {
        let text = "{\"id\": \"q1\", \"text\": \"heat flow\"}\n\n\
                    {\"id\": 7, \"text\": \"x\", \"kind\": \"title\", \"extra\": true}\n";
        let q = parse_queries(Path::new("q.jsonl"), text).unwrap();
        assert_eq!(q.len(), 2);
        assert_eq!((q[0].id.as_str(), q[0].text.as_str()), ("q1", "heat flow"));
        assert_eq!(q[0].kind, None);
        assert_eq!(
            (q[1].id.as_str(), q[1].kind.as_deref()),
            ("7", Some("title"))
        );
    }

    #[test]
    fn malformed_queries_name_the_file_and_the_line() {
        let err = |text: &str| {
            parse_queries(Path::new("q.jsonl"), text)
                .err()
                .unwrap_or_default()
        };
        let ok = "{\"id\": 1, \"text\": \"a\"}\n";
        assert!(
            err(&format!("{ok}{{\"id\": 2,\n")).starts_with("q.jsonl:2: invalid JSON: "),
            "{}",
            err(&format!("{ok}{{\"id\": 2,\n"))
        );
        assert_eq!(
            err(&format!("{ok}{{\"text\": \"b\"}}\n")),
            "q.jsonl:2: query has no id"
        );
        assert_eq!(
            err(&format!("{ok}\n{{\"id\": \"3\", \"text\": null}}\n")),
            "q.jsonl:3: query has no text"
        );
    }

    #[test]
    fn gzipped_queries_are_unpacked() {
        let path = std::env::temp_dir().join(format!(
            "bakedsearch-eval-test-{}-queries.jsonl.gz",
            std::process::id()
        ));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"{\"id\": \"1\", \"text\": \"gz\"}\n")
            .unwrap();
        std::fs::write(&path, gz.finish().unwrap()).unwrap();
        let q = load_queries(&path);
        let _ = std::fs::remove_file(&path);
        let q = q.unwrap();
        assert_eq!((q.len(), q[0].text.as_str()), (1, "gz"));
    }
}
