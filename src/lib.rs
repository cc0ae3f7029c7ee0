//! # bakedsearch
//!
//! Full-text search baked into WebAssembly. `build.rs` indexes a corpus at compile time; the
//! image is embedded in the `.wasm` and opened in place (no parsing, no fetch). This module is
//! the JavaScript boundary: a handful of `wasm-bindgen` functions returning plain JS objects.
//! The engine lives in `bakedsearch-core`.

use std::sync::OnceLock;

use bakedsearch_core::limits::MAX_SECTIONS;
use bakedsearch_core::search::{FacetCounts, Filter, SectionHit, Sort};
use bakedsearch_core::{
    format::FORMAT_VERSION, Analyzer, FormatError, Index, Language, SearchOptions, Searcher,
    StoredDoc,
};
use js_sys::{Array, Object, Reflect};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use wasm_bindgen::prelude::*;

mod json;
mod locator;
mod split;
pub use split::search_step;

/// The corpus language, written by `build.rs`: a constant, so that only its stemmer is linked.
/// `None` (built with `BAKEDSEARCH_ENGINE_LANGUAGES=all`): every stemmer is linked and the
/// image's own language is used.
const LANGUAGE: Option<Language> = include!(concat!(env!("OUT_DIR"), "/language.rs"));

static SEARCHER: OnceLock<Result<Searcher<'static>, String>> = OnceLock::new();

/// Opens the image the locator points at. A patched-in image is verified in full (its
/// checksum) and must be of the language this engine links, since only that stemmer is in it.
fn open_located() -> Result<Searcher<'static>, String> {
    let located = locator::image()?;
    let opened = if located.patched {
        Index::open_verified(located.bytes)
    } else {
        split::open(located.bytes)
    };
    let index = opened.map_err(|e: FormatError| e.to_string())?;
    let language = match LANGUAGE {
        Some(linked) if index.language() != linked => {
            return Err(format!(
                "the index is in {} but this engine was built for {}; use the engine wasm for {}",
                index.language().name(),
                linked.name(),
                index.language().name()
            ))
        }
        Some(linked) => linked,
        None => index.language(),
    };
    Ok(Searcher::with_analyzer(
        index,
        Analyzer::for_language(language),
    ))
}

fn searcher() -> Result<&'static Searcher<'static>, JsError> {
    SEARCHER
        .get_or_init(open_located)
        .as_ref()
        .map_err(|e| JsError::new(&format!("bakedsearch: {e}")))
}

/// Installs a hook printing Rust panics to the console (feature `console_error_panic_hook`).
#[wasm_bindgen(start)]
pub fn start() {
    #[cfg(feature = "console_error_panic_hook")]
    console_error_panic_hook::set_once();
}

/// A document's display fields: `{ name: "value" }`, or `{ name: ["a", "b"] }` for several
/// values; absent fields are left out.
struct JsMeta<'a> {
    index: &'a Index<'static>,
    doc: u32,
}

impl Serialize for JsMeta<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let names = self.index.display_names();
        let mut map = serializer.serialize_map(None)?;
        for (i, name) in names.iter().enumerate() {
            let values: Vec<&str> = self.index.display_values(self.doc, i).collect();
            match values.as_slice() {
                [] => {}
                [one] => map.serialize_entry(name, one)?,
                many => map.serialize_entry(name, many)?,
            }
        }
        map.end()
    }
}

/// Facet counts: `{ field: [{ value, count }, …], … }` in configuration order.
struct JsFacets(Vec<FacetCounts>);

#[derive(Serialize)]
struct JsFacetValue<'a> {
    value: &'a str,
    count: u32,
}

impl Serialize for JsFacets {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for facet in &self.0 {
            let values: Vec<JsFacetValue<'_>> = facet
                .values
                .iter()
                .map(|(value, count)| JsFacetValue {
                    value,
                    count: *count,
                })
                .collect();
            map.serialize_entry(&facet.field, &values)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsResult<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    meta: JsMeta<'a>,
    score: f32,
    snippet: String,
    highlights: Vec<(u32, u32)>,
    title_highlights: Vec<(u32, u32)>,
    sections: Vec<JsSection<'a>>,
}

/// One matching section of a result (`SectionResult` in bakedsearch.d.ts).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsSection<'a> {
    id: &'a str,
    heading: &'a str,
    /// `url#id` when the page has a url, else `#id`.
    url: String,
    snippet: String,
    highlights: Vec<(u32, u32)>,
    heading_highlights: Vec<(u32, u32)>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsDetailed<'a> {
    results: Vec<JsResult<'a>>,
    total: usize,
    did_you_mean: Option<String>,
    facets: JsFacets,
}

#[derive(Serialize)]
struct JsDocument<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    meta: JsMeta<'a>,
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsIndexInfo<'a> {
    documents: u32,
    terms: u32,
    fields: Vec<&'a str>,
    display: Vec<&'a str>,
    facets: Vec<&'a str>,
    language: &'static str,
    dated: bool,
    index_bytes: usize,
    format_version: u32,
    version: &'static str,
    corpus: &'a str,
    /// "embedded" or "split" (`split.rs`), and the shards worth fetching on focus.
    layout: &'static str,
    prefetch: Vec<&'static str>,
}

/// Converts byte ranges in `text` to UTF-16 code-unit ranges (JavaScript string indices).
fn utf16_ranges(text: &str, ranges: &[(usize, usize)]) -> Vec<(u32, u32)> {
    let mut out = Vec::with_capacity(ranges.len());
    let mut units = 0u32;
    let mut bytes = 0usize;
    let mut chars = text.chars();
    let mut advance_to = |target: usize, units: &mut u32, bytes: &mut usize| {
        while *bytes < target {
            let Some(c) = chars.next() else { break };
            *bytes += c.len_utf8();
            *units += c.len_utf16() as u32;
        }
    };
    for &(s, e) in ranges {
        advance_to(s, &mut units, &mut bytes);
        let start = units;
        advance_to(e, &mut units, &mut bytes);
        out.push((start, units));
    }
    out
}

/// `value` as a plain JavaScript value (objects, arrays, strings, numbers, `null` for a
/// missing value): written as JSON text in Rust and parsed by one `JSON.parse` (`json.rs`
/// says why and what it measured).
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let text = json::to_string(value).map_err(|_| {
        JsError::new("bakedsearch: cannot convert result: a map key is not a string")
    })?;
    js_sys::JSON::parse(&text)
        .map_err(|_| JsError::new("bakedsearch: cannot convert result: invalid JSON"))
}

const OPTION_NAMES: &str =
    "limit, offset, prefix, fuzzy, snippetWords, snippets, filters, sort, facets, sections";

fn option_error(name: &str, expected: &str, got: &JsValue) -> JsError {
    let got = got.js_typeof().as_string().unwrap_or_default();
    JsError::new(&format!(
        "bakedsearch: option `{name}` must be {expected}, got a value of type {got}"
    ))
}

fn integer_option(
    options: &JsValue,
    name: &str,
    min: u32,
    max: u32,
    default: usize,
) -> Result<usize, JsError> {
    let value = Reflect::get(options, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() {
        return Ok(default);
    }
    let expected = format!("an integer from {min} to {max}");
    match value.as_f64() {
        Some(n) if n.fract() == 0.0 && n >= f64::from(min) && n <= f64::from(max) => Ok(n as usize),
        _ => Err(option_error(name, &expected, &value)),
    }
}

fn bool_option(options: &JsValue, name: &str, default: bool) -> Result<bool, JsError> {
    let value = Reflect::get(options, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() {
        return Ok(default);
    }
    value
        .as_bool()
        .ok_or_else(|| option_error(name, "true or false", &value))
}

/// Validates the JS options object: unknown names and wrong types are errors naming the option.
fn parse_options(options: &JsValue) -> Result<SearchOptions, JsError> {
    let defaults = SearchOptions::default();
    if options.is_undefined() || options.is_null() {
        return Ok(defaults);
    }
    if !options.is_object() || js_sys::Array::is_array(options) {
        return Err(JsError::new(&format!(
            "bakedsearch: options must be an object like {{ limit: 10 }} (known options: \
             {OPTION_NAMES}), got a value of type {}",
            options.js_typeof().as_string().unwrap_or_default()
        )));
    }
    for key in Object::keys(options.unchecked_ref::<Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !OPTION_NAMES.split(", ").any(|k| k == key) {
            return Err(JsError::new(&format!(
                "bakedsearch: unknown option `{key}` (known options: {OPTION_NAMES})"
            )));
        }
    }
    Ok(SearchOptions {
        limit: integer_option(options, "limit", 1, 1000, defaults.limit)?,
        offset: integer_option(options, "offset", 0, 1_000_000_000, defaults.offset)?,
        prefix: bool_option(options, "prefix", defaults.prefix)?,
        fuzzy: bool_option(options, "fuzzy", defaults.fuzzy)?,
        snippet_words: integer_option(options, "snippetWords", 4, 200, defaults.snippet_words)?,
        snippets: bool_option(options, "snippets", defaults.snippets)?,
        filters: filters_option(options)?,
        sort: sort_option(options)?,
        facets: bool_option(options, "facets", defaults.facets)?,
        sections: integer_option(
            options,
            "sections",
            0,
            MAX_SECTIONS as u32,
            defaults.sections,
        )?,
    })
}

fn sort_option(options: &JsValue) -> Result<Sort, JsError> {
    let value = Reflect::get(options, &JsValue::from_str("sort")).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() {
        return Ok(Sort::Relevance);
    }
    match value.as_string().as_deref() {
        Some("relevance") => Ok(Sort::Relevance),
        Some("newest") => Ok(Sort::Newest),
        Some("oldest") => Ok(Sort::Oldest),
        _ => Err(option_error(
            "sort",
            "\"relevance\", \"newest\" or \"oldest\"",
            &value,
        )),
    }
}

/// `filters: { field: "value" | ["value", …], … }`, fields checked against the index's facets.
fn filters_option(options: &JsValue) -> Result<Vec<Filter>, JsError> {
    let value = Reflect::get(options, &JsValue::from_str("filters")).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    let expected = "an object like { source: [\"Yonhap\"], year: \"2023\" }";
    if !value.is_object() || Array::is_array(&value) {
        return Err(option_error("filters", expected, &value));
    }
    let searcher = searcher()?;
    let facets: Vec<&str> = searcher.facets().iter().map(|f| f.name).collect();
    let mut filters = Vec::new();
    for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
        let field = key.as_string().unwrap_or_default();
        if !facets.contains(&field.as_str()) {
            let known = if facets.is_empty() {
                "this index has no facet fields (set `facets` in bakedsearch.toml)".to_owned()
            } else {
                let mut list = String::from("facet fields:");
                for (i, name) in facets.iter().enumerate() {
                    list.push_str(if i == 0 { " " } else { ", " });
                    list.push_str(name);
                }
                list
            };
            return Err(JsError::new(&format!(
                "bakedsearch: cannot filter on `{field}`: {known}"
            )));
        }
        let v = Reflect::get(&value, &key).unwrap_or(JsValue::UNDEFINED);
        let values: Option<Vec<String>> = if let Some(one) = v.as_string() {
            Some(vec![one])
        } else if Array::is_array(&v) {
            Array::from(&v).iter().map(|x| x.as_string()).collect()
        } else {
            None
        };
        let values = values.ok_or_else(|| {
            option_error(
                &format!("filters.{field}"),
                "a string or an array of strings",
                &v,
            )
        })?;
        filters.push(Filter { field, values });
    }
    Ok(filters)
}

fn query_text(query: &JsValue) -> Result<String, JsError> {
    if query.is_undefined() || query.is_null() {
        return Ok(String::new());
    }
    query.as_string().ok_or_else(|| {
        JsError::new(&format!(
            "bakedsearch: the query must be a string, got a value of type {}",
            query.js_typeof().as_string().unwrap_or_default()
        ))
    })
}

fn run(query: &JsValue, options: &JsValue) -> Result<JsDetailed<'static>, JsError> {
    let options = parse_options(options)?;
    let query = query_text(query)?;
    let searcher = searcher()?;
    let response = searcher.search(&query, &options);
    let results = response
        .hits
        .into_iter()
        .map(|hit| JsResult {
            id: hit.doc.id,
            title: hit.doc.title,
            date: hit.doc.date,
            url: hit.doc.url,
            meta: JsMeta {
                index: searcher.index(),
                doc: hit.doc.ordinal,
            },
            score: hit.score,
            highlights: utf16_ranges(&hit.snippet.text, &hit.snippet.highlights),
            title_highlights: utf16_ranges(hit.doc.title, &hit.title_highlights),
            snippet: hit.snippet.text,
            sections: hit
                .sections
                .into_iter()
                .map(|section| js_section(hit.doc.url, section))
                .collect(),
        })
        .collect();
    Ok(JsDetailed {
        results,
        total: response.total,
        did_you_mean: response.did_you_mean,
        facets: JsFacets(response.facets),
    })
}

fn js_section<'a>(page_url: Option<&str>, section: SectionHit<'a>) -> JsSection<'a> {
    let mut url = String::from(page_url.unwrap_or(""));
    url.push('#');
    url.push_str(section.id);
    JsSection {
        id: section.id,
        heading: section.heading,
        url,
        highlights: utf16_ranges(&section.snippet.text, &section.snippet.highlights),
        heading_highlights: utf16_ranges(section.heading, &section.heading_highlights),
        snippet: section.snippet.text,
    }
}

/// Searches the embedded index. Returns an array of
/// `{ id, title, date?, url?, meta, score, snippet, highlights, titleHighlights, sections }`,
/// best first; highlight pairs are `[start, end)` JS string indices into `snippet`/`title`;
/// `meta` holds the display fields (a string, or an array for several values); `sections`
/// lists the page's matching sections, best first:
/// `[{ id, heading, url, snippet, highlights, headingHighlights }]` (`url` is `url#id`, or
/// `#id` for a page without a url).
/// Options: `{ limit = 10, offset = 0, prefix = true, fuzzy = true, snippetWords = 24,
/// snippets = true, filters = {}, sort = "relevance", facets = false, sections = 3 }`
/// (`snippets: false` leaves `snippet` and the sections' snippets empty: faster when only
/// ids and titles are wanted; `sections: 0` lists none, at most 10).
#[wasm_bindgen]
pub fn search(query: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    split::refuse_sync()?;
    to_js(&run(&query, &options)?.results)
}

/// Like `search`, but returns `{ results, total, didYouMean, facets }`: the number of matching
/// documents, when some query words matched nothing a corrected query (or `null`), and with
/// `facets: true` the value counts `{ field: [{ value, count }] }` of the matching documents.
#[wasm_bindgen(js_name = searchDetailed)]
pub fn search_detailed(query: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    split::refuse_sync()?;
    to_js(&run(&query, &options)?)
}

/// The stored document with this id: `{ id, title, date?, url?, meta, text }`, or `null`.
#[wasm_bindgen(js_name = getDocument)]
pub fn get_document(id: &str) -> Result<JsValue, JsError> {
    let index = searcher()?.index();
    match index.doc_by_id(id) {
        Some(StoredDoc { head, text }) => to_js(&JsDocument {
            id: head.id,
            title: head.title,
            date: head.date,
            url: head.url,
            meta: JsMeta {
                index,
                doc: head.ordinal,
            },
            text,
        }),
        None => Ok(JsValue::NULL),
    }
}

/// Facts about the embedded index:
/// `{ documents, terms, fields, display, facets, language, dated, indexBytes, formatVersion,
/// version, corpus, layout, prefetch }` (`layout`: "embedded" or "split"; `prefetch`: shard
/// names worth fetching when the search box gets focus; `dated`: some document has a date, so a date order means something).
#[wasm_bindgen(js_name = indexInfo)]
pub fn index_info() -> Result<JsValue, JsError> {
    let searcher = searcher()?;
    let index = searcher.index();
    to_js(&JsIndexInfo {
        documents: index.doc_count(),
        terms: index.term_count(),
        fields: index.field_names().to_vec(),
        display: index.display_names().to_vec(),
        facets: searcher.facets().iter().map(|f| f.name).collect(),
        language: index.language().name(),
        dated: index.has_dates(),
        index_bytes: index.byte_len(),
        format_version: FORMAT_VERSION,
        version: env!("CARGO_PKG_VERSION"),
        corpus: index.build_info(),
        layout: split::LAYOUT,
        prefetch: split::prefetch(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_ranges_count_code_units() {
        let text = "é😀 deterrence";
        let start = text.find("deterrence").unwrap();
        assert_eq!(
            utf16_ranges(text, &[(0, 2), (start, text.len())]),
            [(0, 1), (4, 14)]
        );
    }

    #[test]
    fn embedded_index_opens_and_verifies() {
        let located = locator::image().unwrap();
        assert!(!located.patched);
        let index = Index::open_verified(located.bytes).unwrap();
        assert!(index.doc_count() >= 1);
    }
}
