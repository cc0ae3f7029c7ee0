//! Links the wasm32-wasip1 indexer with 2 GiB of initial memory.
//!
//! Under Node's WASI, every `memory.grow` reports external memory to V8, which may start a
//! garbage collection in the middle of the grow; on Node 20 that crashed indexing MDN
//! (14,076 pages) every time, about 2 s in (a V8 fatal error in
//! `MarkCompactCollector::ProcessEphemerons`, or a segmentation fault). wasi-libc's allocator
//! takes its heap from the initial memory first, so with 2 GiB it never grows for a corpus
//! of MDN's size: MDN then builds in 42 s with a 1.7 GiB peak. The pages are reserved, not
//! touched: small sites stay small (the resident memory is what the build writes).
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("TARGET").as_deref() == Ok("wasm32-wasip1") {
        println!("cargo:rustc-link-arg-bin=bakedsearch-bake=--initial-memory=2147483648");
    }
}
