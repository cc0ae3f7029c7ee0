//! Bakes the corpus into the crate: reads `seeds/` (or the folder or file named by the
//! `BAKEDSEARCH_CORPUS` environment variable, relative to this crate), builds the index with
//! elasticlunr-rs through `bakedsearch-core`, verifies it, and writes `$OUT_DIR/index.bin`,
//! which `src/lib.rs` embeds with `include_bytes!`.

use std::env;
use std::path::PathBuf;
use std::process::exit;

use bakedsearch_core::build::{build_image, load_corpus};
use bakedsearch_core::Index;

fn fail(message: impl std::fmt::Display) -> ! {
    eprintln!("\nerror: bakedsearch could not build its search index\n{message}\n");
    exit(1);
}

fn main() {
    println!("cargo:rerun-if-env-changed=BAKEDSEARCH_CORPUS");
    println!("cargo:rerun-if-changed=build.rs");
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let corpus_path = match env::var_os("BAKEDSEARCH_CORPUS") {
        Some(p) if !p.is_empty() => {
            let p = PathBuf::from(p);
            if p.is_relative() {
                manifest_dir.join(p)
            } else {
                p
            }
        }
        _ => manifest_dir.join("seeds"),
    };
    // A folder is scanned recursively by cargo for changes.
    println!("cargo:rerun-if-changed={}", corpus_path.display());

    let corpus = load_corpus(&corpus_path).unwrap_or_else(|e| fail(e));
    for skipped in &corpus.skipped {
        println!(
            "cargo:warning=bakedsearch: skipped {} (not .md, .txt, .html, .json or .jsonl)",
            skipped.display()
        );
    }
    // Only the corpus's own name goes into the image, never an absolute path: the same corpus
    // gives a byte-identical image on any machine.
    let name = corpus_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "corpus".into());
    let image = build_image(&corpus.documents, &name).unwrap_or_else(|e| fail(e));
    if let Err(e) = Index::open_verified(&image) {
        fail(format!("the index image failed verification: {e}"));
    }
    let out_dir =
        PathBuf::from(env::var_os("OUT_DIR").unwrap_or_else(|| fail("OUT_DIR is not set")));
    let out = out_dir.join("index.bin");
    std::fs::write(&out, &image)
        .unwrap_or_else(|e| fail(format!("cannot write {}: {e}", out.display())));
}
