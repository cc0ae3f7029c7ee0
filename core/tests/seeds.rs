//! Integration tests over the project's seeds: known queries → expected documents in order,
//! the image's golden hash, deterministic builds, and corrupted images.

mod common;
use common::{ids, seeds_image};

use std::path::Path;

use bakedsearch_core::format::{checksum, FORMAT_VERSION, MAGIC};
use bakedsearch_core::indexer::{build_image, load_corpus, Config};
use bakedsearch_core::search::{Filter, Sort};
use bakedsearch_core::{FormatError, Index, SearchOptions, Searcher};

const PARK_WASHINGTON: &str = "000_42ddc82161bcc808";
const YOON_SEOUL: &str = "001_eaa2a96b2e584222";
const ALLIANCE_70: &str = "002_8093174fcc62f391";

/// Golden result lists. Each expectation is argued from the text, not copied from output:
/// see the comments.
#[test]
fn golden_queries_rank_the_right_articles() {
    let image = seeds_image();
    let searcher = Searcher::new(Index::open(&image).unwrap());
    // All three mention extended deterrence; the Park article says it four times (twice in
    // its title-worthy opening), the Yonhap one once plus its title, the State Department one
    // once in a long text.
    assert_eq!(
        ids(&searcher, "extended deterrence"),
        [PARK_WASHINGTON, YOON_SEOUL, ALLIANCE_70]
    );
    // Only the Park article discusses the IRA; the others match at most a prefix of "act".
    assert_eq!(
        ids(&searcher, "Inflation Reduction Act")[0],
        PARK_WASHINGTON
    );
    assert_eq!(
        ids(&searcher, "Inflation Reduction Act "),
        [PARK_WASHINGTON]
    );
    // The Camp David summit appears only in the State Department speech.
    assert_eq!(ids(&searcher, "Camp David"), [ALLIANCE_70]);
    // Gaza: only the Yonhap report (humanitarian assistance).
    assert_eq!(ids(&searcher, "Gaza"), [YOON_SEOUL]);
    // Semiconductors: only the CHIPS Act paragraph of the Park article.
    assert_eq!(ids(&searcher, "semiconductor"), [PARK_WASHINGTON]);
    assert_eq!(ids(&searcher, "semiconductors"), [PARK_WASHINGTON]);
}

#[test]
fn query_language_over_the_seeds() {
    let image = seeds_image();
    let s = Searcher::new(Index::open(&image).unwrap());
    // Exclusion removes the Yonhap article (it mentions Gaza).
    assert_eq!(
        ids(&s, "\"extended deterrence\" -gaza"),
        [PARK_WASHINGTON, ALLIANCE_70]
    );
    // OR: either word fills the slot.
    let mut either = ids(&s, "kiev OR gaza");
    either.sort();
    assert_eq!(either, [YOON_SEOUL, ALLIANCE_70]);
    // A phrase that is not in the text matches nothing, though both words are there.
    assert!(ids(&s, "\"deterrence extended\"").is_empty());
    // Field restriction: "Yonhap" is in the Yonhap body, and in no title.
    assert_eq!(ids(&s, "yonhap "), [YOON_SEOUL]);
    assert!(ids(&s, "title:yonhap ").is_empty());
    // Prefix while typing, typo tolerance and "did you mean".
    assert_eq!(ids(&s, "semicond"), [PARK_WASHINGTON]);
    let typo = s.search("semiconductr production", &SearchOptions::default());
    assert_eq!(typo.hits[0].doc.id, PARK_WASHINGTON);
    assert_eq!(
        typo.did_you_mean.as_deref(),
        Some("semiconductor production")
    );
    // Possessives and curly apostrophes: "DPRK’s" is found as "dprk".
    assert_eq!(ids(&s, "dprk"), [ALLIANCE_70]);
}

#[test]
fn snippets_highlight_what_matched() {
    let image = seeds_image();
    let s = Searcher::new(Index::open(&image).unwrap());
    let response = s.search("\"extended deterrence\"", &SearchOptions::default());
    for hit in &response.hits {
        let marks: Vec<&str> = hit
            .snippet
            .highlights
            .iter()
            .map(|&(a, b)| &hit.snippet.text[a..b])
            .collect();
        assert!(!marks.is_empty(), "{}", hit.snippet.text);
        for m in marks {
            assert_eq!(
                m.to_lowercase(),
                "extended deterrence",
                "phrase is one span"
            );
        }
        let words = hit.snippet.text.split_whitespace().count();
        assert!(
            (10..=40).contains(&words),
            "{words} words: {}",
            hit.snippet.text
        );
    }
    let camp = s.search("camp david", &SearchOptions::default());
    assert!(camp.hits[0].snippet.text.contains("Camp David summit"));
}

#[test]
fn snippets_can_be_left_out() {
    let image = seeds_image();
    let searcher = Searcher::new(Index::open(&image).unwrap());
    let without = SearchOptions {
        snippets: false,
        ..SearchOptions::default()
    };
    let with = searcher.search("extended deterrence", &SearchOptions::default());
    let bare = searcher.search("extended deterrence", &without);
    assert!(!with.hits[0].snippet.text.is_empty());
    assert!(bare.hits.iter().all(|h| h.snippet == Default::default()));
    let ids = |r: &bakedsearch_core::SearchResponse<'_>| -> Vec<String> {
        r.hits.iter().map(|h| h.doc.id.to_owned()).collect()
    };
    assert_eq!(ids(&with), ids(&bare), "the same ranking");
    assert_eq!(bare.hits[0].title_highlights, with.hits[0].title_highlights);
}

#[test]
fn malformed_queries_never_fail() {
    let image = seeds_image();
    let s = Searcher::new(Index::open(&image).unwrap());
    let long = "deterrence ".repeat(1000);
    for q in [
        "",
        "   ",
        "\"",
        "\"\"",
        "-",
        "- -",
        "OR",
        "OR OR",
        "a OR",
        "title:",
        "title:\"",
        "\u{0}\u{1}\u{7f}",
        "😀",
        "🇰🇷 korea",
        "\u{202e}gaza",
        &long,
        "body:-x",
        "-\"\"",
    ] {
        let _ = s.search(q, &SearchOptions::default());
    }
    assert_eq!(s.search(&long, &SearchOptions::default()).total, 3);
}

/// seeds/bakedsearch.toml: ROK = South Korea = Republic of Korea, DPRK = North Korea.
#[test]
fn synonyms_from_the_configuration() {
    let image = seeds_image();
    let searcher = Searcher::new(Index::open(&image).unwrap());
    // "DPRK" is written only in the State Department speech; the other two say "North Korea".
    let mut dprk = ids(&searcher, "DPRK ");
    dprk.sort();
    assert_eq!(dprk, [PARK_WASHINGTON, YOON_SEOUL, ALLIANCE_70]);
    let mut north_korea = ids(&searcher, "North Korea ");
    north_korea.sort();
    assert_eq!(north_korea, [PARK_WASHINGTON, YOON_SEOUL, ALLIANCE_70]);
    // The synonym phrase is highlighted as one span in the speech's snippet.
    let hits = searcher.search("DPRK ", &SearchOptions::default()).hits;
    let speech = hits.iter().find(|h| h.doc.id == ALLIANCE_70).unwrap();
    assert!(speech
        .snippet
        .highlights
        .iter()
        .any(|&(s, e)| &speech.snippet.text[s..e] == "DPRK"));
    let park = hits.iter().find(|h| h.doc.id == PARK_WASHINGTON).unwrap();
    assert!(park
        .snippet
        .highlights
        .iter()
        .any(|&(s, e)| &park.snippet.text[s..e] == "North Korea"));
    // Without the configuration there are no synonyms.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
    let plain = load_corpus(&Config::defaults(dir)).unwrap();
    let plain = build_image(&plain.documents, "seeds").unwrap();
    let plain = Searcher::new(Index::open(&plain).unwrap());
    assert_eq!(ids(&plain, "DPRK "), [ALLIANCE_70]);
}

#[test]
fn filters_facets_and_date_order() {
    let image = seeds_image();
    let searcher = Searcher::new(Index::open(&image).unwrap());
    let with = |filters: Vec<Filter>, sort: Sort| SearchOptions {
        filters,
        sort,
        facets: true,
        ..SearchOptions::default()
    };
    let filter = |field: &str, values: &[&str]| Filter {
        field: field.into(),
        values: values.iter().map(|v| (*v).to_owned()).collect(),
    };
    // All three articles match; facet counts come from their front matter.
    let all = searcher.search("deterrence", &with(Vec::new(), Sort::Relevance));
    assert_eq!(all.total, 3);
    let source = &all.facets[0];
    assert_eq!(source.field, "source");
    assert_eq!(
        source.values,
        [
            ("Reuters/CNA".to_owned(), 1),
            ("US State Department".to_owned(), 1),
            ("Yonhap".to_owned(), 1)
        ]
    );
    // Year: from the date; the speech has no date, so it has no year.
    assert_eq!(all.facets[1].field, "year");
    assert_eq!(
        all.facets[1].values,
        [("2023".to_owned(), 2)],
        "two dated articles"
    );
    // A filter keeps the matching documents; its own facet still lists the other values.
    let yonhap = searcher.search(
        "deterrence",
        &with(vec![filter("source", &["Yonhap"])], Sort::Relevance),
    );
    assert_eq!(yonhap.total, 1);
    assert_eq!(yonhap.hits[0].doc.id, YOON_SEOUL);
    assert_eq!(yonhap.facets[0].values.len(), 3, "disjunctive counts");
    assert_eq!(yonhap.facets[1].values, [("2023".to_owned(), 1)]);
    // Values of one field: any; fields: all.
    let either = searcher.search(
        "deterrence",
        &with(
            vec![
                filter("source", &["Yonhap", "Reuters/CNA"]),
                filter("year", &["2023"]),
            ],
            Sort::Relevance,
        ),
    );
    assert_eq!(either.total, 2);
    // Unknown fields and values match nothing.
    for f in [filter("source", &["Nobody"]), filter("nope", &["x"])] {
        assert_eq!(
            searcher
                .search("deterrence", &with(vec![f], Sort::Relevance))
                .total,
            0
        );
    }
    // Newest first: Yonhap (2023-11-09), Park (2023-02-04), then the undated speech.
    let newest = searcher.search("deterrence", &with(Vec::new(), Sort::Newest));
    let order: Vec<&str> = newest.hits.iter().map(|h| h.doc.id).collect();
    assert_eq!(order, [YOON_SEOUL, PARK_WASHINGTON, ALLIANCE_70]);
    let oldest = searcher.search("deterrence", &with(Vec::new(), Sort::Oldest));
    let order: Vec<&str> = oldest.hits.iter().map(|h| h.doc.id).collect();
    assert_eq!(order, [PARK_WASHINGTON, YOON_SEOUL, ALLIANCE_70]);
    // Browsing: no words, a filter or a date order lists documents.
    let browse = searcher.search("", &with(vec![filter("year", &["2023"])], Sort::Newest));
    let order: Vec<&str> = browse.hits.iter().map(|h| h.doc.id).collect();
    assert_eq!(order, [YOON_SEOUL, PARK_WASHINGTON]);
    assert_eq!(searcher.search("", &SearchOptions::default()).total, 0);
    // Display fields are stored per document.
    let index = searcher.index();
    assert_eq!(index.display_names(), ["source"]);
    let yoon = index.doc_by_id(YOON_SEOUL).unwrap();
    assert_eq!(
        index
            .display_values(yoon.head.ordinal, 0)
            .collect::<Vec<_>>(),
        ["Yonhap"]
    );
}

#[test]
fn builds_are_deterministic_and_match_the_golden_hash() {
    let a = seeds_image();
    let b = seeds_image();
    assert_eq!(a, b, "same corpus, same bytes");
    // Golden: refresh on purpose (format, analyzer or seed changes) with the printed value.
    let hash = format!("{:016x}", checksum(&a));
    let golden = include_str!("golden/seeds-index.fnv64").trim();
    assert_eq!(
        hash,
        golden,
        "seeds image changed: {} bytes, hash {hash}",
        a.len()
    );
}

#[test]
fn corrupted_images_are_refused() {
    let image = seeds_image();
    assert!(Index::open_verified(&image).is_ok());
    assert_eq!(Index::open(b"").unwrap_err(), FormatError::BadMagic);
    assert_eq!(
        Index::open(b"PK\x03\x04 not an index").unwrap_err(),
        FormatError::BadMagic
    );
    let mut wrong_version = image.clone();
    wrong_version[8] = 99;
    assert!(matches!(
        Index::open(&wrong_version),
        Err(FormatError::UnsupportedVersion { found: 99, .. })
    ));
    for cut in [9, 24, 40, image.len() / 2, image.len() - 1] {
        assert!(Index::open_verified(&image[..cut]).is_err(), "cut at {cut}");
    }
    // Any single flipped byte after the header fails verification; with only `open` (no
    // checksum), searching still never panics.
    for at in (24..image.len()).step_by(7) {
        let mut bad = image.clone();
        bad[at] ^= 0x5a;
        assert!(Index::open_verified(&bad).is_err(), "flip at {at}");
    }
    // Error messages say what to do.
    let message = Index::open(b"BAKEDIDX\x02\0\0\0").unwrap_err().to_string();
    assert!(message.contains("rebuild"), "{message}");
}

#[test]
fn searching_a_corrupted_image_does_not_panic() {
    let image = seeds_image();
    // Every section, the term dictionary included: `open` checks the FST's own checksum, so
    // a corrupted dictionary is refused instead of panicking inside fst.
    for at in (24..image.len()).step_by(37) {
        let mut bad = image.clone();
        bad[at] ^= 0xff;
        search_if_it_opens(&bad);
    }
}

/// Searches every query kind if `bytes` open (unverified): never a panic or a hang.
fn search_if_it_opens(bytes: &[u8]) -> bool {
    let Ok(index) = Index::open(bytes) else {
        return false;
    };
    let s = Searcher::new(index);
    let faceted = SearchOptions {
        facets: true,
        filters: vec![Filter {
            field: "source".into(),
            values: vec!["Yonhap".into()],
        }],
        sort: Sort::Newest,
        ..SearchOptions::default()
    };
    for q in [
        "extended deterrence",
        "\"camp david\"",
        "korea -gaza",
        "dprk OR rok",
        "semicond",
        "blinkn ",
        "",
    ] {
        let _ = s.search(q, &SearchOptions::default());
        let _ = s.search(q, &faceted);
    }
    true
}

#[test]
fn a_corrupted_dictionary_is_refused_not_a_panic() {
    // Regression (fuzz `index_open`): byte 519 of the seeds image, inside DICT, xor 0x35
    // made fst subtract with overflow while streaming prefix completions.
    let image = seeds_image();
    let index = Index::open(&image).unwrap();
    let dict = index.dictionary().unwrap().as_fst().as_bytes();
    let start = dict.as_ptr() as usize - image.as_ptr() as usize;
    for at in [519, start, start + dict.len() / 2, start + dict.len() - 1] {
        let mut bad = image.clone();
        bad[at] ^= 0x35;
        if (start..start + dict.len()).contains(&at) {
            assert_eq!(
                Index::open(&bad).unwrap_err(),
                FormatError::Corrupt { what: "DICT" },
                "flip at {at}"
            );
        }
        search_if_it_opens(&bad);
    }
}

/// The seeds image with its body (everything after the header) replaced by `tail`, behind a
/// header of the current version and `sections` sections.
fn behind_a_valid_header(sections: u32, tail: &[u8]) -> Vec<u8> {
    let mut bytes = MAGIC.to_vec();
    bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    bytes.extend_from_slice(&sections.to_le_bytes());
    bytes.extend_from_slice(&checksum(tail).to_le_bytes());
    bytes.extend_from_slice(tail);
    bytes
}

proptest::proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512)) {
        if let Ok(index) = Index::open(&bytes) {
            let _ = index.verify();
        }
    }

    #[test]
    fn arbitrary_bytes_behind_a_valid_header_never_panic(
        sections in 0u32..12,
        tail in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..512),
    ) {
        // The header is the current version's (it was version 1, so every case stopped at
        // "unsupported version" and nothing behind the header was ever read).
        let bytes = behind_a_valid_header(sections, &tail);
        let error = Index::open(&bytes).err();
        proptest::prop_assert!(
            !matches!(error, Some(FormatError::BadMagic | FormatError::UnsupportedVersion { .. })),
            "stopped at the header: {:?}", error
        );
        search_if_it_opens(&bytes);
    }

    #[test]
    fn edits_of_the_seeds_image_never_panic(
        edits in proptest::collection::vec((proptest::prelude::any::<proptest::sample::Index>(), 1u8..=255), 1..6),
        cut in proptest::option::of(proptest::prelude::any::<proptest::sample::Index>()),
    ) {
        let mut bytes = seeds_image_cached().to_vec();
        for (at, x) in edits {
            let at = 24 + at.index(bytes.len() - 24);
            bytes[at] ^= x;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()));
        }
        search_if_it_opens(&bytes);
    }
}

fn seeds_image_cached() -> &'static [u8] {
    static IMAGE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    IMAGE.get_or_init(seeds_image)
}

/// A small API-reference corpus for the known-item ranking rules (title signals, prefixes,
/// typos, coordination). Parent pages mention their members in the body many times, as on
/// MDN, so body-only BM25 prefers them.
fn reference_searcher_image() -> Vec<u8> {
    use bakedsearch_core::indexer::Document;
    let doc = |id: &str, title: &str, text: &str| Document {
        id: id.into(),
        title: title.into(),
        text: text.into(),
        ..Document::default()
    };
    let docs = vec![
        doc(
            "hid",
            "HIDDevice",
            "The HIDDevice interface. Methods: close() closes the device; close it when done. \
             Call close before open again; after close the device is closed.",
        ),
        doc(
            "hid-close",
            "HIDDevice: close() method",
            "Closes the connection to the device.",
        ),
        doc(
            "frame",
            "VideoFrame",
            "A VideoFrame is a frame of video. VideoFrame objects.",
        ),
        doc(
            "frame-ctor",
            "VideoFrame: VideoFrame() constructor",
            "Creates a new VideoFrame object.",
        ),
        doc(
            "fg",
            "Document: fgColor property",
            "The foreground color of the document.",
        ),
        doc(
            "a11y",
            "Accessibility best practices",
            "Accessible pages work for everyone; accessibility is a quality.",
        ),
        doc("lists", "Lists", "Bulleted and numbered lists in HTML."),
        doc(
            "listformat",
            "Intl.ListFormat",
            "ListFormat formats a list. ListFormat objects format lists of items.",
        ),
        doc(
            "integration",
            "Identity provider integration",
            "How to integrate a provider.",
        ),
    ];
    build_image(&docs, "reference").expect("reference build")
}

fn top(searcher: &Searcher<'_>, query: &str) -> String {
    ids(searcher, query).first().cloned().unwrap_or_default()
}

#[test]
fn known_items_win_by_their_titles() {
    let image = reference_searcher_image();
    let searcher = Searcher::new(Index::open(&image).unwrap());
    // The parent's body says "close" four times; the child's title holds both words.
    assert_eq!(top(&searcher, "hiddevice close"), "hid-close");
    assert_eq!(top(&searcher, "hiddevice"), "hid");
    // A repeated query word needs a repeated title word.
    assert_eq!(top(&searcher, "videoframe videoframe"), "frame-ctor");
    // A title that is exactly the query beats one that also holds other words.
    assert_eq!(top(&searcher, "videoframe"), "frame");
}

#[test]
fn typos_transpositions_and_prefixes() {
    let image = reference_searcher_image();
    let searcher = Searcher::new(Index::open(&image).unwrap());
    let options = SearchOptions::default();
    // A transposition is one edit: "fcgolor" (7 letters, so one typo allowed) finds fgColor.
    let response = searcher.search("document fcgolor", &options);
    assert_eq!(response.hits[0].doc.id, "fg");
    assert_eq!(response.did_you_mean.as_deref(), Some("document fgcolor"));
    // Not the last word (no prefix), still a transposition.
    assert_eq!(top(&searcher, "integraiton provider"), "integration");
    // Two typos in a long word, after its first letter; and a long word whose first letter
    // is the one typo (missing, then wrong), which the distance-2 search, anchored on the
    // first letter, does not see and the distance-1 search does.
    assert_eq!(top(&searcher, "vidoefrme"), "frame");
    assert_eq!(top(&searcher, "ideoframe"), "frame");
    assert_eq!(top(&searcher, "bideoframe"), "frame");
    // Typo-tolerant prefix: the unfinished last word "intgera" has a transposition.
    assert_eq!(top(&searcher, "identity intgera"), "integration");
    // The stem is shorter than what was typed: "accessi" → accessibility → "access".
    assert_eq!(top(&searcher, "accessi"), "a11y");
    // A correction of the whole word ("lisst" → lists) beats a completion of a corrected
    // prefix ("lisst" → "list…" → ListFormat), although ListFormat says "list" more often.
    assert_eq!(top(&searcher, "lisst"), "lists");
    let response = searcher.search("lisst", &options);
    assert_eq!(response.did_you_mean.as_deref(), Some("list"));
}

#[test]
fn coordination_is_strict_for_short_queries_only() {
    let image = reference_searcher_image();
    let searcher = Searcher::new(Index::open(&image).unwrap());
    // Two words: a document with both ranks above documents with one, however often.
    let hits = ids(&searcher, "device frame");
    assert!(hits.len() >= 3, "{hits:?}");
    // No document has both; "frame" is rarer, so VideoFrame pages come before HIDDevice ones.
    // Long queries are not strict: a 6-word query matching 2 words still finds the page.
    let hits = ids(&searcher, "bulleted numbered zebra giraffe walrus penguin");
    assert_eq!(hits, ["lists"]);
    // With five words of which the page has only two, it is still the first.
    assert_eq!(
        top(&searcher, "foreground color quokka wombat numbat"),
        "fg"
    );
}
