//! Bakes the corpus into the crate. Finds the configuration (`BAKEDSEARCH_CONFIG`, else
//! `bakedsearch.toml` in the corpus folder), reads the corpus (`BAKEDSEARCH_CORPUS`, else the
//! configuration's `corpus`, else `seeds/`; relative paths are relative to this crate), builds
//! the index with elasticlunr-rs through `bakedsearch-core`, verifies it, and writes
//! `$OUT_DIR/index.bin`, which `src/lib.rs` embeds with `include_bytes!`, and
//! `$OUT_DIR/language.rs`, the corpus language as a constant (so the wasm links only that
//! language's stemmer; `BAKEDSEARCH_ENGINE_LANGUAGES=all` writes `None` instead: the engine
//! links every stemmer and takes the language from the image it is given, which is how the
//! npm package serves every language with two engines). Progress goes to standard error
//! (`cargo build -vv` shows it live).

use std::env;
use std::path::{Path, PathBuf};
use std::process::exit;
use std::time::Instant;

use bakedsearch_core::indexer::{bake, escape_line};
use bakedsearch_core::Index;

fn fail(message: impl std::fmt::Display) -> ! {
    eprintln!("\nerror: bakedsearch could not build its search index\n{message}\n");
    exit(1);
}

fn env_path(name: &str, base: &Path) -> Option<PathBuf> {
    println!("cargo:rerun-if-env-changed={name}");
    match env::var_os(name) {
        Some(p) if !p.is_empty() => {
            let p = PathBuf::from(p);
            Some(if p.is_relative() { base.join(p) } else { p })
        }
        _ => None,
    }
}

/// A path for `cargo:rerun-if-changed=`, which takes it verbatim: one with a line break
/// would be refused by the loader already; this guards the line anyway.
fn rerun_path(path: &Path) -> String {
    let shown = path.display().to_string();
    if escape_line(&shown) != shown {
        fail(format!(
            "{}: the path contains a control character\n  fix: rename it",
            escape_line(&shown)
        ));
    }
    shown
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let started = Instant::now();
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let corpus = env_path("BAKEDSEARCH_CORPUS", &manifest_dir);
    let config_file = env_path("BAKEDSEARCH_CONFIG", &manifest_dir);
    let baked = bake(
        corpus.as_deref(),
        config_file.as_deref(),
        &manifest_dir.join("seeds"),
    )
    .unwrap_or_else(|e| fail(e));
    // Cargo obeys every `cargo:` line on standard output, and paths and warnings carry
    // text from the corpus: each line below is escaped to one line (`escape_line`), and the
    // loader has refused paths with control characters, so the raw paths printed for
    // `rerun-if-changed` (which cargo needs verbatim) are single lines too.
    if let Some(file) = &baked.config.path {
        println!("cargo:rerun-if-changed={}", rerun_path(file));
    }
    // A folder is scanned recursively by cargo for changes (the config file inside too).
    println!(
        "cargo:rerun-if-changed={}",
        rerun_path(&baked.config.corpus)
    );
    for line in baked.warning_lines() {
        println!("cargo:warning=bakedsearch: {line}");
    }
    if let Err(e) = Index::open_verified(&baked.image) {
        fail(format!("the index image failed verification: {e}"));
    }
    let out_dir =
        PathBuf::from(env::var_os("OUT_DIR").unwrap_or_else(|| fail("OUT_DIR is not set")));
    let write = |file: &str, bytes: &[u8]| {
        let out = out_dir.join(file);
        std::fs::write(&out, bytes)
            .unwrap_or_else(|e| fail(format!("cannot write {}: {e}", out.display())));
    };
    write("index.bin", &baked.image);
    println!("cargo:rerun-if-env-changed=BAKEDSEARCH_ENGINE_LANGUAGES");
    let language = match env::var("BAKEDSEARCH_ENGINE_LANGUAGES").as_deref() {
        Ok("all") => "None".to_string(),
        Ok("") | Err(_) => format!(
            "Some(bakedsearch_core::Language::{:?})",
            baked.config.language
        ),
        Ok(other) => fail(format!(
            "BAKEDSEARCH_ENGINE_LANGUAGES={}: unknown value\n  fix: set it to \"all\" or unset it",
            escape_line(other)
        )),
    };
    write("language.rs", format!("{language}\n").as_bytes());
    let seconds = started.elapsed().as_secs_f64();
    let documents = baked.corpus.documents.len();
    if seconds >= 10.0 {
        println!(
            "cargo:warning=bakedsearch: indexed {documents} documents in {seconds:.1} s ({:.1} MB \
             image)",
            baked.image.len() as f64 / 1e6
        );
    }
}
