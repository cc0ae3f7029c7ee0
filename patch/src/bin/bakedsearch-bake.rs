//! The indexer without a Rust toolchain: the same `bake` as `build.rs`, compiled to
//! `wasm32-wasip1` (run by Node's `node:wasi`) or natively, and optionally the patcher.
//!
//!     bakedsearch-bake (--corpus DIR | --site DIR) [--config FILE] [--image OUT.bin]
//!                      [--engine ENGINE_bg.wasm --wasm OUT.wasm]
//!     bakedsearch-bake --place IMAGE.bin --engine ENGINE_bg.wasm --wasm OUT.wasm
//!
//! `--place` patches an image baked earlier into an engine (the CLI bakes first, reads the
//! language from the summary line, then places the image into the engine for that language).
//!
//! `--site DIR` is `--corpus DIR` with site mode on (as `site = true` in bakedsearch.toml):
//! DIR is a built site, only its HTML pages are documents (see the README, "Configure").
//!
//! Exit codes: 0 done; 1 the corpus, the image or the engine failed (the message says which
//! file and the fix); 2 bad arguments.

use std::path::{Path, PathBuf};
use std::process::exit;

use bakedsearch_core::indexer::{bake_with, escape_line};
use bakedsearch_core::Index;

const USAGE: &str = "usage: bakedsearch-bake (--corpus DIR | --site DIR) [--config FILE] \
                     [--image OUT.bin] \
                     [--engine ENGINE_bg.wasm --wasm OUT.wasm]\n   \
                     or: bakedsearch-bake --place IMAGE.bin --engine ENGINE_bg.wasm --wasm OUT.wasm";

fn fail(code: i32, message: impl std::fmt::Display) -> ! {
    eprintln!("error: {message}");
    exit(code);
}

#[derive(Default)]
struct Args {
    corpus: Option<PathBuf>,
    site: bool,
    config: Option<PathBuf>,
    image: Option<PathBuf>,
    engine: Option<PathBuf>,
    wasm: Option<PathBuf>,
    place: Option<PathBuf>,
}

fn parse_args() -> Args {
    let mut args = Args::default();
    let mut it = std::env::args_os().skip(1);
    while let Some(flag) = it.next() {
        let flag = flag.to_string_lossy().into_owned();
        if flag == "--help" || flag == "-h" {
            println!("{USAGE}");
            exit(0);
        }
        let slot = match flag.as_str() {
            "--corpus" | "--site" => {
                if args.corpus.is_some() {
                    fail(2, format!("give one of --corpus and --site, once\n{USAGE}"));
                }
                args.site = flag == "--site";
                &mut args.corpus
            }
            "--config" => &mut args.config,
            "--image" => &mut args.image,
            "--engine" => &mut args.engine,
            "--wasm" => &mut args.wasm,
            "--place" => &mut args.place,
            _ => fail(2, format!("unknown option {}\n{USAGE}", escape_line(&flag))),
        };
        match it.next() {
            Some(value) => *slot = Some(PathBuf::from(value)),
            None => fail(2, format!("{flag} needs a value\n{USAGE}")),
        }
    }
    if args.place.is_some() {
        if args.corpus.is_some() || args.config.is_some() || args.image.is_some() {
            fail(
                2,
                format!("--place takes only --engine and --wasm\n{USAGE}"),
            );
        }
        if args.engine.is_none() {
            fail(2, format!("--place needs --engine and --wasm\n{USAGE}"));
        }
    } else if args.corpus.is_none() {
        fail(2, format!("--corpus or --site is required\n{USAGE}"));
    }
    if args.engine.is_some() != args.wasm.is_some() {
        fail(2, format!("--engine and --wasm go together\n{USAGE}"));
    }
    args
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes)
        .unwrap_or_else(|e| fail(1, format!("cannot write {}: {e}", path.display())));
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| fail(1, format!("cannot read {}: {e}", path.display())))
}

fn place(engine: &Path, image: &[u8], out: &Path) {
    let patched = bakedsearch_patch::patch(&read(engine), image)
        .unwrap_or_else(|e| fail(1, format!("{}: {e}", engine.display())));
    write(out, &patched.wasm);
}

fn main() {
    let args = parse_args();
    if let (Some(image), Some(engine), Some(out)) = (&args.place, &args.engine, &args.wasm) {
        let image = read(image);
        place(engine, &image, out);
        println!("placed {} image bytes", image.len());
        return;
    }
    let corpus = args.corpus.as_deref();
    let baked = bake_with(
        corpus,
        args.config.as_deref(),
        corpus.unwrap_or(Path::new(".")),
        args.site,
    )
    .unwrap_or_else(|e| fail(1, e));
    for line in baked.warning_lines() {
        eprintln!("warning: {line}");
    }
    if let Err(e) = Index::open_verified(&baked.image) {
        fail(1, format!("the index image failed verification: {e}"));
    }
    if let Some(out) = &args.image {
        write(out, &baked.image);
    }
    if let (Some(engine), Some(out)) = (&args.engine, &args.wasm) {
        place(engine, &baked.image, out);
    }
    // One summary line on standard output, for the caller (the CLI) to parse or show.
    println!(
        "indexed {} documents ({} language, {} image bytes)",
        baked.corpus.documents.len(),
        baked.config.language.name(),
        baked.image.len()
    );
}
