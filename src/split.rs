//! The split layout's JavaScript boundary (`searchStep`, `addShard`) and the engine side of
//! `search`'s refusal. Built with `--cfg bakedsearch_split` (set by `build.rs` when the
//! layout resolves to split) the image's paged sections come from shard files; otherwise
//! `searchStep` is `{ results: search(…) }` and none of the split reader is linked (the
//! embedded wasm pays for the two exports only).
//!
//! The loop (bakedsearch.d.ts, `searchAsync`): call `searchStep(query, options)`; on
//! `{ need: [names] }` fetch those files (relative to the shard folder), `addShard(name,
//! bytes)` each, and call it again; `{ results }` is what `search` returns. Every round
//! adds a shard the last one missed, so the loop ends; `MAX_ROUNDS` bounds it anyway.

use bakedsearch_core::{FormatError, Index};
#[cfg(bakedsearch_split)]
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

#[cfg(bakedsearch_split)]
use bakedsearch_core::read::SplitPages;

/// The layout name `indexInfo` reports.
pub(crate) const LAYOUT: &str = if cfg!(bakedsearch_split) {
    "split"
} else {
    "embedded"
};

#[cfg(bakedsearch_split)]
static PAGES: std::sync::OnceLock<&'static SplitPages<'static>> = std::sync::OnceLock::new();

/// Opens the image built by `build.rs`: through its page table in the split layout.
pub(crate) fn open(bytes: &'static [u8]) -> Result<Index<'static>, FormatError> {
    #[cfg(bakedsearch_split)]
    {
        let pages = SplitPages::open(bytes)?.ok_or(FormatError::Corrupt { what: "SPLIT" })?;
        let pages: &'static SplitPages<'static> = PAGES.get_or_init(|| Box::leak(Box::new(pages)));
        Index::open_split(bytes, pages)
    }
    #[cfg(not(bakedsearch_split))]
    Index::open(bytes)
}

/// `search` and `searchDetailed` refuse a split index: its data arrives asynchronously.
pub(crate) fn refuse_sync() -> Result<(), JsError> {
    if cfg!(bakedsearch_split) {
        return Err(JsError::new(
            "this index uses the split layout: call searchAsync(query, options)",
        ));
    }
    Ok(())
}

/// Shards worth fetching when the search box gets focus (`indexInfo().prefetch`): none in
/// this version. Everything a query needs before it knows what to fetch is in the wasm (the
/// dictionary too), and every shard depends on the query. (`&str`, the type of the other
/// lists `indexInfo` serializes: a `Vec<String>` cost the embedded wasm its own serializer.)
pub(crate) fn prefetch() -> Vec<&'static str> {
    Vec::new()
}

#[cfg(bakedsearch_split)]
fn object(key: &str, value: &JsValue) -> Result<JsValue, JsError> {
    let out = Object::new();
    Reflect::set(&out, &JsValue::from_str(key), value)
        .map_err(|_| JsError::new("bakedsearch: cannot build the step result"))?;
    Ok(out.into())
}

/// One step of a search: what `searchDetailed` returns (`{ results, total, didYouMean,
/// facets, … }`, `results` being exactly the array `search` returns) when every shard it
/// read was loaded, so that a split site keeps its totals, corrections and facet counts;
/// else `{ need: ["<name>.bks", …] }` (deduplicated names
/// relative to the shard folder) to fetch and `addShard` before calling it again. With the
/// embedded layout, always the results.
#[wasm_bindgen(js_name = searchStep)]
pub fn search_step(query: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    #[cfg(bakedsearch_split)]
    {
        let pages = missing_record()?;
        pages.take_missing();
        let detailed = crate::run(&query, &options)?;
        let missing = pages.take_missing();
        if !missing.is_empty() {
            let need: Array = missing
                .into_iter()
                .map(|shard| JsValue::from_str(&pages.shard_name(shard)))
                .collect();
            return object("need", &need);
        }
        crate::to_js(&detailed)
    }
    #[cfg(not(bakedsearch_split))]
    crate::to_js(&crate::run(&query, &options)?)
}

#[cfg(bakedsearch_split)]
fn missing_record() -> Result<&'static SplitPages<'static>, JsError> {
    crate::searcher()?;
    PAGES
        .get()
        .copied()
        .ok_or_else(|| JsError::new("bakedsearch: the split index is not open"))
}

/// Adds a fetched shard file: verifies its content hash against `name`, its magic, version,
/// checksum and pages, and keeps it. Returns true when it was new. Throws an Error naming
/// the shard and the fix when the bytes are not that shard (nothing is kept then).
#[cfg(bakedsearch_split)]
#[wasm_bindgen(js_name = addShard)]
pub fn add_shard(name: &str, bytes: Vec<u8>) -> Result<bool, JsError> {
    missing_record()?
        .add_shard_owned(name, bytes)
        .map_err(|e| JsError::new(&format!("bakedsearch: {e}")))
}

/// `addShard` of the embedded layout, which has no shards: it throws. Its arguments are
/// taken as they come (no copy of the bytes into the wasm): the string and byte-array glue
/// of the split version cost the embedded wasm about 0.5 KB for a call that only throws.
#[cfg(not(bakedsearch_split))]
#[wasm_bindgen(js_name = addShard)]
pub fn add_shard(_name: JsValue, _bytes: JsValue) -> Result<bool, JsError> {
    Err(JsError::new(
        "bakedsearch: this index uses the embedded layout and has no shards",
    ))
}
