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
//!
//! Layout (`layout` in bakedsearch.toml, overridden by `BAKEDSEARCH_LAYOUT`): when it resolves
//! to split, `index.bin` is the split image and the shard files (`<16 hex>-<n>.bks`) are written
//! to `BAKEDSEARCH_SHARD_DIR` (created; our stale shard files there removed first), by
//! default `bakedsearch-shards/` in the profile's target folder (e.g.
//! `target/wasm32-unknown-unknown/release/bakedsearch-shards/`), named in a warning. The crate
//! is then compiled with `--cfg bakedsearch_split` (`src/split.rs`).

use std::env;
use std::path::{Path, PathBuf};
use std::process::exit;
use std::time::Instant;

use bakedsearch_core::format::is_shard_file_name;
use bakedsearch_core::indexer::layout::{Layout, LAYOUT_FIX};
use bakedsearch_core::indexer::{bake, escape_line};
use bakedsearch_core::read::SplitPages;
use bakedsearch_core::split::{split_image, SplitTargets};
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

/// `BAKEDSEARCH_SHARD_DIR`, else `bakedsearch-shards/` in the profile's target folder
/// (`OUT_DIR` is `<profile folder>/build/<crate>-<hash>/out`), named in a warning.
fn shard_dir(manifest_dir: &Path, out_dir: &Path) -> PathBuf {
    if let Some(dir) = env_path("BAKEDSEARCH_SHARD_DIR", manifest_dir) {
        return dir;
    }
    let dir = out_dir
        .ancestors()
        .nth(3)
        .unwrap_or(out_dir)
        .join("bakedsearch-shards");
    println!(
        "cargo:warning=bakedsearch: split layout: shard files in {} (set BAKEDSEARCH_SHARD_DIR \
         to choose the folder)",
        escape_line(&dir.display().to_string())
    );
    dir
}

/// Writes the shard files into `dir` after removing the shard files of earlier builds there
/// (only names of ours, this format's and the last one's: `<16 hex>-<n>.bks`, `<16 hex>.bks`;
/// nothing else in the folder is touched).
fn write_shards(dir: &Path, shards: &[(String, Vec<u8>)]) {
    let shown = || escape_line(&dir.display().to_string());
    std::fs::create_dir_all(dir)
        .unwrap_or_else(|e| fail(format!("cannot create the shard folder {}: {e}", shown())));
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| fail(format!("cannot list the shard folder {}: {e}", shown())));
    for entry in entries.flatten() {
        let stale = entry.file_name().to_str().is_some_and(is_shard_file_name);
        if stale && entry.file_type().is_ok_and(|t| t.is_file()) {
            std::fs::remove_file(entry.path()).unwrap_or_else(|e| {
                fail(format!("cannot remove a stale shard in {}: {e}", shown()))
            });
        }
    }
    for (name, bytes) in shards.iter().zip(gzip_all(shards)) {
        std::fs::write(dir.join(&name.0), bytes)
            .unwrap_or_else(|e| fail(format!("cannot write shard {} in {}: {e}", name.0, shown())));
    }
}

/// Each shard as a gzip file, compressed on every core. Static hosts and CDNs compress by
/// content type and leave `application/octet-stream` as it is, so a shard is stored
/// compressed, as Pagefind stores its chunks; the loader (www/src/shards.js) inflates it with
/// the browser's `DecompressionStream` before the engine verifies it (its name is the hash
/// of the shard itself, not of the file). On MDN the shard files shrink from 60.5 MB to
/// 26.3 MB (0.43; the median shard, a postings page, to 0.77). gzip, not brotli: every
/// browser that runs the engine inflates gzip, not every one brotli. Level 6 (flate2's
/// default): level 9 measured 0.03 % smaller on those shards.
fn gzip_all(shards: &[(String, Vec<u8>)]) -> Vec<Vec<u8>> {
    use std::io::Write;
    let gzip = |bytes: &[u8]| {
        // No file name and a zero mtime: the same shard gives the same file.
        let mut encoder = flate2::GzBuilder::new()
            .mtime(0)
            .write(Vec::new(), flate2::Compression::default());
        encoder
            .write_all(bytes)
            .and_then(|()| encoder.finish())
            .unwrap_or_else(|e| fail(format!("cannot compress a shard: {e}")))
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = shards.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = shards
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|(_, b)| gzip(b)).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|_| fail("a shard compression thread failed"))
            })
            .collect()
    })
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
    println!("cargo:rustc-check-cfg=cfg(bakedsearch_split)");
    println!("cargo:rerun-if-env-changed=BAKEDSEARCH_LAYOUT");
    let layout = match env::var("BAKEDSEARCH_LAYOUT").as_deref() {
        Ok("") | Err(_) => baked.config.layout,
        Ok(value) => Layout::parse(value).unwrap_or_else(|| {
            fail(format!(
                "BAKEDSEARCH_LAYOUT={}: unknown layout\n  fix: {LAYOUT_FIX}, or unset it",
                escape_line(value)
            ))
        }),
    };
    if layout.splits(baked.image.len()) {
        let split = split_image(&baked.image, &SplitTargets::default()).unwrap_or_else(|e| fail(e));
        let pages = SplitPages::open(&split.image)
            .ok()
            .flatten()
            .unwrap_or_else(|| fail("the split image has no valid page table"));
        for (name, bytes) in &split.shards {
            if let Err(e) = pages.add_shard(name, bytes) {
                fail(format!("a shard failed verification: {e}"));
            }
        }
        let verified = Index::open_split(&split.image, &pages)
            .and_then(|i| i.verify().and_then(|()| i.verify_pages()));
        if let Err(e) = verified {
            fail(format!("the split image failed verification: {e}"));
        }
        let dir = shard_dir(&manifest_dir, &out_dir);
        write_shards(&dir, &split.shards);
        println!("cargo:rustc-cfg=bakedsearch_split");
        write("index.bin", &split.image);
    } else {
        write("index.bin", &baked.image);
    }
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
