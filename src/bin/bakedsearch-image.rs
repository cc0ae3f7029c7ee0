//! Builds an index image exactly as `build.rs` does and reports what it costs: build time,
//! peak memory, and the bytes of every section, stored field and searched field, raw and
//! brotli-compressed. With `--twice`, builds again and checks the image is byte-identical.
//!
//! ```text
//! cargo run --release --bin bakedsearch-image -- [--corpus PATH] [--config FILE] \
//!     [--out image.bin] [--twice] [--image image.bin] [--split] [--queries Q.jsonl]
//! ```
//!
//! `--image` reports on an image written before by `--out` instead of building one.
//! `--split` adds the split layout (`image/split.rs`); with `--queries` (JSON lines with a
//! `text`), a walk of the queries over it: rounds and bytes fetched per query.
//!
//! `--corpus` and `--config` mean what `BAKEDSEARCH_CORPUS` and `BAKEDSEARCH_CONFIG` mean to
//! `build.rs` (default: `seeds/`); a `.gz` corpus file is decompressed first.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    if let Err(message) = native::run() {
        eprintln!("bakedsearch-image: {message}");
        std::process::exit(2);
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[path = "image/split.rs"]
mod split;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::io::{Read, Write};
    use std::path::{Path, PathBuf};
    use std::time::Instant;

    use bakedsearch_core::format::{checksum, write_varint};
    use bakedsearch_core::indexer::bake;
    use bakedsearch_core::Index;
    use fst::Streamer;

    const USAGE: &str = "usage: bakedsearch-image [--corpus PATH] [--config FILE] \
                         [--out image.bin] [--twice] [--image image.bin] [--split] \
                         [--queries Q.jsonl]";

    /// Brotli quality of the report (9: what a server compresses with on the fly).
    const BROTLI_QUALITY: u32 = 9;

    struct Args {
        corpus: Option<PathBuf>,
        config: Option<PathBuf>,
        out: Option<PathBuf>,
        twice: bool,
        image: Option<PathBuf>,
        split: bool,
        queries: Option<PathBuf>,
    }

    fn parse_args() -> Result<Args, String> {
        let mut args = Args {
            corpus: None,
            config: None,
            out: None,
            twice: false,
            image: None,
            split: false,
            queries: None,
        };
        let mut it = std::env::args().skip(1);
        while let Some(flag) = it.next() {
            let mut value = || {
                it.next()
                    .map(PathBuf::from)
                    .ok_or(format!("{flag} needs a value\n{USAGE}"))
            };
            match flag.as_str() {
                "--corpus" => args.corpus = Some(value()?),
                "--config" => args.config = Some(value()?),
                "--out" => args.out = Some(value()?),
                "--twice" => args.twice = true,
                "--image" => args.image = Some(value()?),
                "--split" => args.split = true,
                "--queries" => args.queries = Some(value()?),
                "--help" | "-h" => return Err(USAGE.into()),
                other => return Err(format!("unknown argument {other}\n{USAGE}")),
            }
        }
        Ok(args)
    }

    fn brotli_len(bytes: &[u8]) -> usize {
        let mut out = Vec::new();
        {
            let mut writer = brotli::CompressorWriter::new(&mut out, 1 << 16, BROTLI_QUALITY, 22);
            // Writing into a Vec cannot fail.
            let _ = writer.write_all(bytes);
        }
        out.len()
    }

    /// Peak resident memory of this process (Linux `VmHWM`), in bytes.
    fn peak_memory() -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb * 1024)
    }

    /// A `.gz` corpus decompressed next to the system's temporary files.
    fn plain_corpus(path: &Path) -> Result<PathBuf, String> {
        if path.extension().is_none_or(|e| e != "gz") {
            return Ok(path.to_path_buf());
        }
        let file = std::fs::File::open(path)
            .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(file)
            .read_to_end(&mut text)
            .map_err(|e| format!("cannot decompress {}: {e}", path.display()))?;
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = std::env::temp_dir().join(format!("bakedsearch-image-{}", std::process::id()));
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let out = dir.join(stem);
        std::fs::write(&out, text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        Ok(out)
    }

    fn row(name: &str, raw: usize, brotli: usize, total: usize) {
        println!(
            "  {name:<22} {:>12} {:>7.1} % {:>12}",
            raw,
            100.0 * raw as f64 / total.max(1) as f64,
            brotli
        );
    }

    /// The `text` of every JSON line of `path`.
    fn query_texts(path: &Path) -> Result<Vec<String>, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).map_err(|e| e.to_string())?;
                v["text"]
                    .as_str()
                    .map(str::to_owned)
                    .ok_or(format!("{}: a line without \"text\"", path.display()))
            })
            .collect()
    }

    pub fn run() -> Result<(), String> {
        let args = parse_args()?;
        let queries = match &args.queries {
            Some(q) => query_texts(q)?,
            None => Vec::new(),
        };
        if let Some(path) = &args.image {
            let image =
                std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            Index::open_verified(&image).map_err(|e| e.to_string())?;
            println!("image         {} ({} bytes)", path.display(), image.len());
            return super::split::report(&image, &queries, brotli_len);
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let corpus = match &args.corpus {
            Some(c) => Some(plain_corpus(c)?),
            None => None,
        };
        let started = Instant::now();
        let baked = bake(
            corpus.as_deref(),
            args.config.as_deref(),
            &root.join("seeds"),
        )
        .map_err(|e| e.to_string())?;
        let seconds = started.elapsed().as_secs_f64();
        let image = baked.image;
        let index = Index::open_verified(&image).map_err(|e| e.to_string())?;
        println!(
            "corpus        {} ({} documents)\nbuild         {seconds:.1} s (read, index, \
             cross-check, write)\npeak memory   {}\nimage         {} bytes, {} terms, \
             checksum {:016x}",
            baked.config.corpus.display(),
            index.doc_count(),
            peak_memory().map_or("unknown".into(), |b| format!("{:.0} MB", b as f64 / 1e6)),
            image.len(),
            index.term_count(),
            checksum(&image)
        );
        if let Some(out) = &args.out {
            std::fs::write(out, &image)
                .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        }

        let total = image.len();
        println!(
            "\n  {:<22} {:>12} {:>9} {:>12}",
            "section", "raw bytes", "share", "brotli"
        );
        // Each section compressed on its own.
        for (name, slice) in section_slices(&image) {
            row(name, slice.len(), brotli_len(slice), total);
        }

        // Stored fields: the text each field adds to STORE.
        println!(
            "\n  {:<22} {:>12} {:>9} {:>12}",
            "stored field", "raw bytes", "share", "brotli"
        );
        let mut stored: Vec<(String, Vec<u8>)> = ["id", "title", "url", "date", "body"]
            .iter()
            .map(|n| ((*n).to_owned(), Vec::new()))
            .chain(
                index
                    .display_names()
                    .iter()
                    .map(|n| (format!("meta {n}"), Vec::new())),
            )
            .collect();
        for d in 0..index.doc_count() {
            let Some(doc) = index.doc(d) else { continue };
            let fixed = [
                doc.head.id,
                doc.head.title,
                doc.head.url.unwrap_or(""),
                doc.head.date.unwrap_or(""),
                doc.text,
            ];
            for (i, v) in fixed.iter().enumerate() {
                stored[i].1.extend_from_slice(v.as_bytes());
            }
            for i in 0..index.display_names().len() {
                for v in index.display_values(d, i) {
                    stored[5 + i].1.extend_from_slice(v.as_bytes());
                }
            }
        }
        for (name, bytes) in &stored {
            row(name, bytes.len(), brotli_len(bytes), total);
        }

        // Searched fields: the term frequencies and positions each field adds to POSITIONS,
        // re-encoded as the writer encodes them. The shared part (document deltas, field
        // masks, impacts, block headers) and the dictionary belong to no one field.
        let fields = index.field_names().to_vec();
        let mut per_field: Vec<Vec<u8>> = vec![Vec::new(); fields.len()];
        let mut shared = Vec::new();
        let dictionary = index
            .dictionary()
            .ok_or("the image is a split one: give the embedded image (--image)")?;
        let mut stream = dictionary.stream();
        while let Some((_, block)) = stream.next() {
            let Some(info) = index.term_info(block) else {
                continue;
            };
            let mut postings = index.postings(&info, true);
            let mut previous = 0;
            while let Some(p) = postings.next_posting() {
                write_varint(&mut shared, p.doc - previous);
                shared.push(p.field_mask);
                shared.push(p.impact);
                previous = p.doc;
                for (f, out) in per_field.iter_mut().enumerate() {
                    if p.field_mask & (1 << f) == 0 {
                        continue;
                    }
                    write_varint(out, p.positions[f].len() as u32);
                    let mut last = 0;
                    for (k, &pos) in p.positions[f].iter().enumerate() {
                        write_varint(out, if k == 0 { pos } else { pos - last });
                        last = pos;
                    }
                }
            }
        }
        println!(
            "\n  {:<22} {:>12} {:>9} {:>12}",
            "searched field", "raw bytes", "share", "brotli"
        );
        for (name, bytes) in fields.iter().zip(&per_field) {
            row(
                &format!("index {name}"),
                bytes.len(),
                brotli_len(bytes),
                total,
            );
        }
        row(
            "index (doc ids, masks)",
            shared.len(),
            brotli_len(&shared),
            total,
        );
        println!(
            "\n  {:<22} {:>12} {:>9} {:>12}",
            "whole image",
            total,
            "",
            brotli_len(&image)
        );

        if args.split {
            super::split::report(&image, &queries, brotli_len)?;
        }
        if args.twice {
            let again = bake(
                corpus.as_deref(),
                args.config.as_deref(),
                &root.join("seeds"),
            )
            .map_err(|e| e.to_string())?;
            if again.image != image {
                return Err("the second build differs from the first: the build is not \
                            deterministic"
                    .into());
            }
            println!("deterministic: a second build is byte-identical");
        }
        if let Some(c) = corpus.filter(|c| Some(c) != args.corpus.as_ref()) {
            if let Some(dir) = c.parent() {
                let _ = std::fs::remove_dir_all(dir);
            }
        }
        Ok(())
    }

    /// Every section's bytes, in image order, read from the section table.
    fn section_slices(image: &[u8]) -> Vec<(&'static str, &[u8])> {
        use bakedsearch_core::format::{read_u32, SectionKind, HEADER_BYTES, SECTION_ENTRY_BYTES};
        let count = read_u32(image, 12).unwrap_or(0) as usize;
        (0..count)
            .filter_map(|i| {
                let entry = HEADER_BYTES + i * SECTION_ENTRY_BYTES;
                let kind = read_u32(image, entry)?;
                let at = read_u32(image, entry + 4)? as usize;
                let len = read_u32(image, entry + 8)? as usize;
                let name = SectionKind::from_code(kind)?.name();
                Some((name, image.get(at..at.checked_add(len)?)?))
            })
            .collect()
    }
}
