//! Adversarial queries against a large index: prints the time and peak extra memory of each
//! (a measurement tool, not a timed assertion; CI asserts bounded work in the unit tests).
//!
//! ```text
//! cargo run --release --bin bakedsearch-eval -- --docs ../shared/corpora/mdn/docs.jsonl.gz \
//!     --queries ../shared/corpora/mdn/queries.dev.jsonl --image mdn.bin
//! BAKEDSEARCH_STRESS_IMAGE=mdn.bin cargo test --release -p bakedsearch-core \
//!     --test adversarial -- --ignored --nocapture
//! ```
//!
//! Without `BAKEDSEARCH_STRESS_IMAGE` it runs over the seeds (small, but every query still
//! exercises its path).
#![cfg(feature = "builder")]

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use bakedsearch_core::indexer::{build_image_with, load_corpus, Config};
use bakedsearch_core::{Index, SearchOptions, Searcher};

/// Counts live heap bytes and their peak (reset per query).
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size > layout.size() {
                let grow = new_size - layout.size();
                let live = LIVE.fetch_add(grow, Ordering::Relaxed) + grow;
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Words that are in almost every English page, two-letter ones first.
const COMMON: [&str; 40] = [
    "to", "of", "in", "is", "it", "an", "as", "be", "by", "on", "or", "if", "at", "we", "no", "do",
    "so", "up", "us", "my", "the", "and", "for", "you", "can", "are", "not", "use", "see", "all",
    "new", "one", "has", "set", "get", "web", "api", "css", "html", "element",
];

fn repeat(word: &str, sep: &str, bytes: usize) -> String {
    let mut out = String::new();
    while out.len() + word.len() + sep.len() <= bytes {
        out.push_str(word);
        out.push_str(sep);
    }
    out.trim_end().to_owned()
}

fn adversarial_queries() -> Vec<(String, String)> {
    let k = 4096;
    let mut q: Vec<(String, String)> = Vec::new();
    let mut add = |name: &str, text: String| q.push((name.to_owned(), text));
    add(
        "excluded phrase of ~1,000 words",
        format!("element -\"{}\"", repeat("the", " ", k - 12)),
    );
    add(
        "phrase \"the …\" ×300",
        format!("\"{}\"", repeat("the", " ", 1200)),
    );
    add(
        "phrase \"the …\" to 4 KB",
        format!("\"{}\"", repeat("the", " ", k - 2)),
    );
    add(
        "phrase \"a …\" ×200",
        format!("\"{}\"", repeat("a", " ", 400)),
    );
    add(
        "phrase \"a …\" to 4 KB",
        format!("\"{}\"", repeat("a", " ", k - 2)),
    );
    add(
        "phrase of common words to 4 KB",
        format!("\"{}\"", {
            let mut s = String::new();
            for w in COMMON.iter().cycle() {
                if s.len() + w.len() + 3 > k {
                    break;
                }
                s.push_str(w);
                s.push(' ');
            }
            s.trim_end().to_owned()
        }),
    );
    add("OR alternatives to 4 KB", repeat("the", " OR ", k));
    add(
        "OR of common words to 4 KB",
        COMMON
            .iter()
            .cycle()
            .take(800)
            .copied()
            .collect::<Vec<_>>()
            .join(" OR ")[..k - 8]
            .trim_end_matches([' ', 'O', 'R'])
            .to_owned(),
    );
    add("OR of phrases to 4 KB", repeat("\"to the\"", " OR ", k));
    add(
        "exclusions to 4 KB",
        format!("element {}", repeat("-the", " ", k - 8)),
    );
    add(
        "exclusions of common words",
        format!(
            "element {}",
            COMMON
                .iter()
                .cycle()
                .take(700)
                .map(|w| format!("-{w}"))
                .collect::<Vec<_>>()
                .join(" ")
        )
        .chars()
        .take(k)
        .collect(),
    );
    add(
        "32 two-letter words",
        COMMON[..20].repeat(2)[..32].join(" "),
    );
    add("32 common words", COMMON[..32].join(" "));
    add("32 common words OR each", {
        COMMON[..32]
            .iter()
            .map(|w| format!("{w} OR the OR and"))
            .collect::<Vec<_>>()
            .join(" ")
    });
    add("prefix e", "e".into());
    add("prefix s", "s".into());
    add(
        "prefix co after 31 words",
        format!("{} co", COMMON[..31].join(" ")),
    );
    add(
        "31 typo words + typo prefix",
        format!("{} elemnetx", repeat("documentatoin", " ", 31 * 14)),
    );
    // Pasted text: up to 512 words are planned before the 64 rarest are chosen.
    add("512 distinct unknown words", {
        let words: Vec<String> = (0..512)
            .map(|i| format!("q{}", ["zx", "vk", "jw"][i % 3].repeat(1 + i % 3)) + &i.to_string())
            .collect();
        words.join(" ").chars().take(k).collect()
    });
    add("512 distinct typo words", {
        let words: Vec<String> = (0..512)
            .map(|i| {
                let w = ["documentatoin", "elemnet", "propertys", "atribute"][i % 4];
                let cut = 4 + i % (w.len() - 4);
                format!("{}{}", &w[..cut], ["x", "q", "z", "k", "j"][i % 5])
            })
            .collect();
        words.join(" ").chars().take(k).collect()
    });
    add(
        "common words to 4 KB",
        repeat("element attribute the api", " ", k),
    );
    add("identifiers ×32", repeat("DataTransferItemList", " ", k));
    add(
        "phrase of identifiers",
        format!("\"{}\"", repeat("HTMLElement", " ", k - 2)),
    );
    add("long word", "x".repeat(k));
    add("emoji", "😀".repeat(1024));
    add("field phrases", repeat("title:\"the element\"", " OR ", k));
    add("mixed", {
        let mut s = String::new();
        for w in COMMON.iter().cycle() {
            let part = format!("\"{w} the\" OR {w} -\"the {w}\" ");
            if s.len() + part.len() > k {
                break;
            }
            s.push_str(&part);
        }
        s
    });
    q
}

#[test]
#[ignore = "a measurement tool: run with --ignored --nocapture (see the module docs)"]
fn adversarial_queries_time_and_memory() {
    let image = match std::env::var_os("BAKEDSEARCH_STRESS_IMAGE") {
        Some(path) => std::fs::read(&path).expect("BAKEDSEARCH_STRESS_IMAGE is readable"),
        None => {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
            let config = Config::locate(Some(&dir), None, &dir).unwrap();
            let corpus = load_corpus(&config).unwrap();
            build_image_with(&corpus.documents, &config, "seeds").unwrap()
        }
    };
    let searcher = Searcher::new(Index::open(&image).expect("an index image"));
    println!(
        "{} documents, {} terms, image {} bytes",
        searcher.index().doc_count(),
        searcher.index().term_count(),
        image.len()
    );
    println!(
        "{:<36} {:>6} {:>10} {:>12} {:>8}",
        "query", "bytes", "ms", "peak +KB", "total"
    );
    let options = SearchOptions::default();
    let mut worst = (0f64, 0usize);
    for (name, text) in adversarial_queries() {
        let base = LIVE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let t = Instant::now();
        let response = searcher.search(&text, &options);
        let ms = t.elapsed().as_secs_f64() * 1e3;
        let peak = PEAK.load(Ordering::Relaxed) - base;
        worst = (worst.0.max(ms), worst.1.max(peak));
        println!(
            "{name:<36} {:>6} {ms:>10.1} {:>12} {:>8}",
            text.len(),
            peak / 1024,
            response.total
        );
    }
    println!("worst: {:.1} ms, peak +{} KB", worst.0, worst.1 / 1024);
}
