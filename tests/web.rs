//! The JavaScript boundary, tested in a real browser:
//! `wasm-pack test --headless --chrome` (webdriver.json holds Chromium's flags).
#![cfg(target_arch = "wasm32")]

use bakedsearch::{get_document, index_info, search, search_detailed, search_step};
use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

fn results(query: &str) -> Array {
    search(JsValue::from_str(query), JsValue::UNDEFINED)
        .unwrap()
        .dyn_into::<Array>()
        .unwrap()
}

fn options(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

fn strings(value: &JsValue) -> Vec<String> {
    Array::from(value)
        .iter()
        .map(|v| v.as_string().unwrap())
        .collect()
}

fn ids(value: &JsValue) -> Vec<String> {
    Array::from(value)
        .iter()
        .map(|r| get(&r, "id").as_string().unwrap())
        .collect()
}

/// `[(value, count)]` of one facet field in a `searchDetailed` answer.
fn facet(detailed: &JsValue, field: &str) -> Vec<(String, u32)> {
    Array::from(&get(&get(detailed, "facets"), field))
        .iter()
        .map(|v| {
            (
                get(&v, "value").as_string().unwrap(),
                get(&v, "count").as_f64().unwrap() as u32,
            )
        })
        .collect()
}

fn error_message(result: Result<JsValue, wasm_bindgen::JsError>) -> String {
    let err: JsValue = result.expect_err("an error").into();
    get(&err, "message").as_string().unwrap()
}

#[wasm_bindgen_test]
fn search_returns_plain_objects_with_highlights() {
    let hits = results("extended deterrence");
    assert_eq!(hits.length(), 3);
    let first = hits.get(0);
    assert_eq!(
        get(&first, "id").as_string().unwrap(),
        "000_42ddc82161bcc808"
    );
    assert_eq!(get(&first, "date").as_string().unwrap(), "2023-02-04");
    assert_eq!(
        get(&get(&first, "meta"), "source").as_string().unwrap(),
        "Reuters/CNA"
    );
    assert!(
        get(&first, "source").is_undefined(),
        "`source` moved into `meta`"
    );
    assert!(get(&first, "score").as_f64().unwrap() > 0.0);
    assert!(get(&first, "url").is_undefined());
    // Highlights are JS string indices into the snippet.
    let snippet = get(&first, "snippet").as_string().unwrap();
    let highlights: Array = get(&first, "highlights").dyn_into().unwrap();
    assert!(highlights.length() > 0);
    let utf16: Vec<u16> = snippet.encode_utf16().collect();
    for h in highlights.iter() {
        let pair: Array = h.dyn_into().unwrap();
        let (a, b) = (
            pair.get(0).as_f64().unwrap() as usize,
            pair.get(1).as_f64().unwrap() as usize,
        );
        let marked = String::from_utf16(&utf16[a..b]).unwrap().to_lowercase();
        assert!(marked == "extended" || marked == "deterrence", "{marked}");
    }
    // The State Department speech has no date: the key is absent, not null.
    let speech = hits.get(2);
    let keys = Object::keys(speech.unchecked_ref::<Object>());
    assert!(!keys.includes(&JsValue::from_str("date"), 0));
}

#[wasm_bindgen_test]
fn golden_queries_in_the_browser() {
    let top = |q: &str| get(&results(q).get(0), "id").as_string().unwrap();
    assert_eq!(top("Inflation Reduction Act"), "000_42ddc82161bcc808");
    assert_eq!(top("Camp David"), "002_8093174fcc62f391");
    assert_eq!(top("Gaza"), "001_eaa2a96b2e584222");
    assert_eq!(top("semiconductor"), "000_42ddc82161bcc808");
}

#[wasm_bindgen_test]
fn detailed_search_reports_total_and_did_you_mean() {
    let detailed = search_detailed(
        JsValue::from_str("semiconductr production"),
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert_eq!(
        get(&detailed, "didYouMean").as_string().unwrap(),
        "semiconductor production"
    );
    let results: Array = get(&detailed, "results").dyn_into().unwrap();
    assert_eq!(
        get(&results.get(0), "id").as_string().unwrap(),
        "000_42ddc82161bcc808"
    );
    let all = search_detailed(JsValue::from_str("korea"), options(r#"{"limit": 1}"#)).unwrap();
    assert_eq!(get(&all, "total").as_f64().unwrap(), 3.0);
    let exact = search_detailed(JsValue::from_str("gaza"), JsValue::UNDEFINED).unwrap();
    assert!(get(&exact, "didYouMean").is_null());
}

#[wasm_bindgen_test]
fn a_search_step_answers_what_search_detailed_does() {
    // The split layout's widget reads totals, corrections and facets from the step.
    for (query, opts) in [
        ("semiconductr production", "{}"),
        ("korea", r#"{"limit": 1, "facets": true}"#),
    ] {
        let step = search_step(JsValue::from_str(query), options(opts)).unwrap();
        let detailed = search_detailed(JsValue::from_str(query), options(opts)).unwrap();
        assert!(get(&step, "need").is_undefined());
        assert_eq!(
            JSON::stringify(&step).unwrap().as_string(),
            JSON::stringify(&detailed).unwrap().as_string()
        );
    }
}

#[wasm_bindgen_test]
fn options_are_validated_by_name() {
    let limited = search(JsValue::from_str("korea"), options(r#"{"limit": 1}"#)).unwrap();
    assert_eq!(limited.dyn_into::<Array>().unwrap().length(), 1);
    let message = error_message(search(
        JsValue::from_str("korea"),
        options(r#"{"limit": "5"}"#),
    ));
    assert!(
        message.contains("`limit`") && message.contains("integer"),
        "{message}"
    );
    let message = error_message(search(
        JsValue::from_str("korea"),
        options(r#"{"limit": 0}"#),
    ));
    assert!(message.contains("`limit`"), "{message}");
    let message = error_message(search(
        JsValue::from_str("korea"),
        options(r#"{"fuzzy": 1}"#),
    ));
    assert!(
        message.contains("`fuzzy`") && message.contains("true or false"),
        "{message}"
    );
    let message = error_message(search(
        JsValue::from_str("korea"),
        options(r#"{"limt": 3}"#),
    ));
    assert!(message.contains("unknown option `limt`"), "{message}");
    let message = error_message(search(
        JsValue::from_str("korea"),
        JsValue::from_str("fast"),
    ));
    assert!(message.contains("options must be an object"), "{message}");
    let message = error_message(search(JsValue::from_f64(5.0), JsValue::UNDEFINED));
    assert!(message.contains("query must be a string"), "{message}");
}

#[wasm_bindgen_test]
fn hostile_queries_never_throw() {
    let long = "deterrence ".repeat(1000);
    for q in [
        "",
        "   ",
        "\"",
        "-",
        "OR",
        "title:",
        "\u{0}\u{1}",
        "😀🇰🇷",
        long.as_str(),
        "<img src=x onerror=alert(1)>",
    ] {
        assert!(
            search(JsValue::from_str(q), JsValue::UNDEFINED).is_ok(),
            "{q:?}"
        );
    }
    assert!(search(JsValue::NULL, JsValue::NULL).is_ok());
}

#[wasm_bindgen_test]
fn documents_and_index_info() {
    let doc = get_document("001_eaa2a96b2e584222").unwrap();
    assert_eq!(
        get(&get(&doc, "meta"), "source").as_string().unwrap(),
        "Yonhap"
    );
    assert!(get(&doc, "text").as_string().unwrap().contains("Gaza"));
    assert!(get_document("nope").unwrap().is_null());
    let info = index_info().unwrap();
    assert_eq!(get(&info, "documents").as_f64().unwrap(), 3.0);
    assert!(get(&info, "terms").as_f64().unwrap() > 400.0);
    assert_eq!(
        get(&info, "formatVersion").as_f64().unwrap(),
        f64::from(bakedsearch_core::format::FORMAT_VERSION)
    );
    assert_eq!(strings(&get(&info, "display")), ["source"]);
    assert_eq!(strings(&get(&info, "facets")), ["source", "year"]);
    assert_eq!(get(&info, "language").as_string().unwrap(), "english");
    assert_eq!(get(&info, "dated").as_bool(), Some(true));
    assert!(get(&info, "corpus")
        .as_string()
        .unwrap()
        .contains("corpus=seeds"));
}

const PARK_WASHINGTON: &str = "000_42ddc82161bcc808";
const YOON_SEOUL: &str = "001_eaa2a96b2e584222";
const ALLIANCE_70: &str = "002_8093174fcc62f391";

#[wasm_bindgen_test]
fn filters_keep_matching_documents() {
    let yonhap = search(
        JsValue::from_str("deterrence"),
        options(r#"{"filters": {"source": "Yonhap"}}"#),
    )
    .unwrap();
    assert_eq!(ids(&yonhap), [YOON_SEOUL]);
    // Values of one field are OR'd; an array of one value is the same as the string.
    let mut either = ids(&search(
        JsValue::from_str("deterrence"),
        options(r#"{"filters": {"source": ["Yonhap", "Reuters/CNA"]}}"#),
    )
    .unwrap());
    either.sort();
    assert_eq!(either, [PARK_WASHINGTON, YOON_SEOUL]);
    // Fields are AND'd: the undated speech has no year.
    let both = search(
        JsValue::from_str("deterrence"),
        options(r#"{"filters": {"source": ["US State Department"], "year": "2023"}}"#),
    )
    .unwrap();
    assert_eq!(ids(&both), Vec::<String>::new());
    // An unknown value matches nothing; it is not an error.
    let nobody = search(
        JsValue::from_str("deterrence"),
        options(r#"{"filters": {"source": "Nobody"}}"#),
    )
    .unwrap();
    assert_eq!(Array::from(&nobody).length(), 0);
}

#[wasm_bindgen_test]
fn facets_count_values_disjunctively() {
    let all = search_detailed(
        JsValue::from_str("deterrence"),
        options(r#"{"facets": true}"#),
    )
    .unwrap();
    let fields: Vec<String> = Object::keys(get(&all, "facets").unchecked_ref::<Object>())
        .iter()
        .map(|k| k.as_string().unwrap())
        .collect();
    assert_eq!(fields, ["source", "year"], "configuration order");
    let mut sources = facet(&all, "source");
    sources.sort();
    assert_eq!(
        sources,
        [
            ("Reuters/CNA".to_owned(), 1),
            ("US State Department".to_owned(), 1),
            ("Yonhap".to_owned(), 1)
        ]
    );
    assert_eq!(facet(&all, "year"), [("2023".to_owned(), 2)]);

    // A field's own filter is not applied to its counts; the other fields' are.
    let yonhap = search_detailed(
        JsValue::from_str("deterrence"),
        options(r#"{"facets": true, "filters": {"source": "Yonhap"}}"#),
    )
    .unwrap();
    assert_eq!(get(&yonhap, "total").as_f64().unwrap(), 1.0);
    assert_eq!(facet(&yonhap, "source").len(), 3);
    assert_eq!(facet(&yonhap, "year"), [("2023".to_owned(), 1)]);

    // A selected value is listed even when nothing matches it.
    let gaza = search_detailed(
        JsValue::from_str("gaza"),
        options(r#"{"facets": true, "filters": {"source": "Reuters/CNA"}}"#),
    )
    .unwrap();
    assert!(
        facet(&gaza, "source").contains(&("Reuters/CNA".to_owned(), 0)),
        "{:?}",
        facet(&gaza, "source")
    );
}

#[wasm_bindgen_test]
fn sort_orders_by_date_undated_last() {
    let newest = search(
        JsValue::from_str("deterrence"),
        options(r#"{"sort": "newest"}"#),
    )
    .unwrap();
    assert_eq!(ids(&newest), [YOON_SEOUL, PARK_WASHINGTON, ALLIANCE_70]);
    let oldest = search(
        JsValue::from_str("deterrence"),
        options(r#"{"sort": "oldest"}"#),
    )
    .unwrap();
    assert_eq!(ids(&oldest), [PARK_WASHINGTON, YOON_SEOUL, ALLIANCE_70]);
    let relevance = search(
        JsValue::from_str("deterrence"),
        options(r#"{"sort": "relevance"}"#),
    )
    .unwrap();
    assert_eq!(ids(&relevance), ids(&results("deterrence")));
}

#[wasm_bindgen_test]
fn filter_and_sort_errors_name_the_problem() {
    let message = error_message(search(
        JsValue::from_str("deterrence"),
        options(r#"{"filters": {"author": "Kim"}}"#),
    ));
    assert!(
        message.contains("`author`") && message.contains("facet fields: source, year"),
        "{message}"
    );
    let message = error_message(search(
        JsValue::from_str("deterrence"),
        options(r#"{"filters": {"source": 3}}"#),
    ));
    assert!(message.contains("`filters.source`"), "{message}");
    let message = error_message(search(
        JsValue::from_str("deterrence"),
        options(r#"{"filters": ["source"]}"#),
    ));
    assert!(message.contains("`filters`"), "{message}");
    let message = error_message(search(
        JsValue::from_str("deterrence"),
        options(r#"{"sort": "date"}"#),
    ));
    assert!(
        message.contains("`sort`") && message.contains("\"newest\""),
        "{message}"
    );
    let message = error_message(search(
        JsValue::from_str("deterrence"),
        options(r#"{"facets": "yes"}"#),
    ));
    assert!(message.contains("`facets`"), "{message}");
}

#[wasm_bindgen_test]
fn an_empty_query_with_filters_or_a_date_order_browses() {
    let browse = search_detailed(
        JsValue::from_str(""),
        options(r#"{"filters": {"year": "2023"}, "sort": "newest"}"#),
    )
    .unwrap();
    assert_eq!(ids(&get(&browse, "results")), [YOON_SEOUL, PARK_WASHINGTON]);
    assert_eq!(get(&browse, "total").as_f64().unwrap(), 2.0);
    let yonhap = search(
        JsValue::from_str(""),
        options(r#"{"filters": {"source": "Yonhap"}}"#),
    )
    .unwrap();
    assert_eq!(ids(&yonhap), [YOON_SEOUL]);
    let everything = search(JsValue::from_str("  "), options(r#"{"sort": "oldest"}"#)).unwrap();
    assert_eq!(ids(&everything), [PARK_WASHINGTON, YOON_SEOUL, ALLIANCE_70]);
    // Without filters or a date order an empty query finds nothing.
    assert_eq!(results("").length(), 0);
}

#[wasm_bindgen_test]
fn synonyms_from_the_configuration() {
    // Only the State Department speech writes "DPRK"; the others say "North Korea".
    let mut dprk = ids(&results("DPRK "));
    dprk.sort();
    assert_eq!(dprk, [PARK_WASHINGTON, YOON_SEOUL, ALLIANCE_70]);
}

#[wasm_bindgen_test]
fn snippets_false_leaves_snippets_empty_and_keeps_the_ranking() {
    let with = search(JsValue::from_str("extended deterrence"), JsValue::UNDEFINED).unwrap();
    let without = search(
        JsValue::from_str("extended deterrence"),
        options(r#"{"snippets": false}"#),
    )
    .unwrap();
    assert_eq!(ids(&with), ids(&without));
    for r in Array::from(&without).iter() {
        assert_eq!(get(&r, "snippet").as_string().unwrap(), "");
        assert_eq!(Array::from(&get(&r, "highlights")).length(), 0);
    }
    let first = Array::from(&with).get(0);
    assert!(!get(&first, "snippet").as_string().unwrap().is_empty());
    let err = error_message(search(
        JsValue::from_str("x"),
        options(r#"{"snippets": "no"}"#),
    ));
    assert!(err.contains("snippets"), "{err}");
}

#[wasm_bindgen_test]
fn every_result_has_a_sections_list_and_the_option_is_validated() {
    // The seeds have no headings with ids: every result lists none, whatever the option.
    for opts in [
        JsValue::UNDEFINED,
        options(r#"{"sections": 0}"#),
        options(r#"{"sections": 10}"#),
    ] {
        let found = search(JsValue::from_str("extended deterrence"), opts).unwrap();
        assert_eq!(Array::from(&found).length(), 3);
        for r in Array::from(&found).iter() {
            let sections = get(&r, "sections");
            assert!(Array::is_array(&sections));
            assert_eq!(Array::from(&sections).length(), 0);
        }
    }
    for bad in [
        r#"{"sections": 11}"#,
        r#"{"sections": -1}"#,
        r#"{"sections": 1.5}"#,
        r#"{"sections": true}"#,
    ] {
        let err = error_message(search(JsValue::from_str("x"), options(bad)));
        assert!(
            err.contains("option `sections` must be an integer from 0 to 10"),
            "{bad}: {err}"
        );
    }
}
