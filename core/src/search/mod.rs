//! Search: runs a parsed query against an index. One file per stage:
//!
//! ```text
//! query::parse → plan (slots of matchers; synonyms) → expand (exact, prefix, typo terms)
//!   → select (the 64 most informative slots of pasted text)
//!   → matching (postings, phrases, BM25F via `score`) → coordination and ranking (`rank`)
//!   → title (re-rank of short queries' head) → filter (filters, facets, date order)
//!   → snippets (`snippet`) → sections of the returned page (`sections`)
//! ```

mod expand;
mod filter;
mod matching;
mod plan;
mod prune;
mod rank;
mod sections;
mod select;
mod title;
mod walks;
mod words;

use crate::analysis::Analyzer;
use crate::limits::{DEFAULT_SECTIONS, MAX_SECTIONS};
use crate::read::{DocHead, Facet, Index};
use crate::score::FieldParams;
use crate::snippet::{Highlighter, Snippet};

use sections::SectionRanker;
pub use sections::{SectionHit, HEADING_WEIGHT};

/// Options of one search.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchOptions {
    pub limit: usize,
    pub offset: usize,
    /// The last word matches as a prefix (type-ahead).
    pub prefix: bool,
    /// Words with no exact match find terms within edit distance 1 or 2.
    pub fuzzy: bool,
    /// Approximate snippet length in words.
    pub snippet_words: usize,
    /// Build snippets (the hits' `snippet` stays empty without): most of a query's time
    /// when only ids and titles are wanted.
    pub snippets: bool,
    /// Keep only documents with one of the listed values in each listed facet field
    /// (values of one field: any; fields: all). An unknown field or value matches nothing.
    pub filters: Vec<Filter>,
    /// The order of results.
    pub sort: Sort,
    /// Count the facet values of the matching documents (`SearchResponse::facets`).
    pub facets: bool,
    /// Sections listed per result, best first (0: none; at most `limits::MAX_SECTIONS`).
    /// They do not change the ranking of pages.
    pub sections: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            prefix: true,
            fuzzy: true,
            snippet_words: 24,
            snippets: true,
            filters: Vec::new(),
            sort: Sort::Relevance,
            facets: false,
            sections: DEFAULT_SECTIONS,
        }
    }
}

/// A filter on one facet field: documents with any of `values` pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub field: String,
    pub values: Vec<String>,
}

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Latest `date` first (ISO dates sort as text); undated documents last, by relevance.
    Newest,
    /// Earliest `date` first; undated documents last.
    Oldest,
}

/// The value counts of one facet field over the matching documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCounts {
    pub field: String,
    /// (value, documents), most frequent first, then by value. A value selected in the
    /// filters is always listed, even at 0.
    pub values: Vec<(String, u32)>,
}

/// One ranked result.
#[derive(Debug, Clone)]
pub struct SearchHit<'a> {
    /// Its stored fields; the body text is read only for snippets and sections
    /// ([`Index::doc_text`] reads it).
    pub doc: DocHead<'a>,
    pub score: f32,
    pub snippet: Snippet,
    /// Highlight byte ranges in `doc.title`.
    pub title_highlights: Vec<(usize, usize)>,
    /// The page's sections that match the query, best first (`SearchOptions::sections`).
    pub sections: Vec<SectionHit<'a>>,
}

/// Results of a search.
#[derive(Debug, Clone, Default)]
pub struct SearchResponse<'a> {
    pub hits: Vec<SearchHit<'a>>,
    /// Matching documents before `offset`/`limit`.
    pub total: usize,
    /// The query with unmatched words replaced by the closest corpus words, if any were.
    pub did_you_mean: Option<String>,
    /// Facet counts (when `SearchOptions::facets`). Counts for a field apply every filter
    /// except that field's own, so the other values of a filtered field stay visible.
    pub facets: Vec<FacetCounts>,
}

/// Runs queries against one index.
pub struct Searcher<'a> {
    index: Index<'a>,
    analyzer: Analyzer,
    params: FieldParams,
    /// Read once from the image (both are small), not on every query.
    synonyms: Vec<Vec<Vec<&'a str>>>,
    facets: Vec<Facet<'a>>,
    /// Long lists phrases have walked, kept for later phrases (`walks`).
    walks: std::sync::Mutex<walks::Walks>,
    /// Titles the title re-ranking has analyzed, kept for later queries (`title`).
    titles: std::sync::Mutex<title::Titles>,
    /// Tests turn off the title re-rank's use of the postings' title bits, to compare.
    #[cfg(test)]
    every_title: std::sync::atomic::AtomicBool,
}

/// What the ranking stage produces: (doc, score) best first, plus what snippets need.
pub struct Ranking {
    /// Every matching document with its score. Best first for the first `offset + limit`
    /// entries, and those are final; the rest of the first `TITLE_RERANK_DEPTH` follow in
    /// order too, but a short query's may lack the title boost that could not lift them
    /// into the page (`Searcher::boost_titles`); then the other matches in no particular
    /// order (all of them ordered, and boosted, with filters or a date order).
    pub ranked: Vec<(u32, f32)>,
    pub did_you_mean: Option<String>,
    pub facets: Vec<FacetCounts>,
    /// Postings work the query did (`limits::POSTINGS_BUDGET` units: postings read plus
    /// positions decoded).
    pub work: usize,
    /// True when the budget stopped the reading: the ranking is that of the part read.
    pub truncated: bool,
    highlighter: Highlighter,
}

impl Ranking {
    /// Nothing ranked: a query without words, or a round of the split layout that missed
    /// data.
    fn empty(did_you_mean: Option<String>, highlighter: Highlighter) -> Ranking {
        Ranking {
            ranked: Vec::new(),
            did_you_mean,
            facets: Vec::new(),
            work: 0,
            truncated: false,
            highlighter,
        }
    }
}

impl<'a> Searcher<'a> {
    /// A searcher with the analyzer of the index's language.
    pub fn new(index: Index<'a>) -> Self {
        let analyzer = Analyzer::for_language(index.language());
        Self::with_analyzer(index, analyzer)
    }

    /// A searcher with a given analyzer, which must be the index's language (the wasm build
    /// passes a constant one, so that only that language's stemmer is linked).
    pub fn with_analyzer(index: Index<'a>, analyzer: Analyzer) -> Self {
        let params = FieldParams::for_index(&index);
        Searcher {
            synonyms: index.synonym_groups(),
            facets: index.facets(),
            index,
            analyzer,
            params,
            walks: Default::default(),
            titles: Default::default(),
            #[cfg(test)]
            every_title: Default::default(),
        }
    }

    pub fn index(&self) -> &Index<'a> {
        &self.index
    }

    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// The index's facet fields.
    pub fn facets(&self) -> &[Facet<'a>] {
        &self.facets
    }

    /// Searches and builds snippets for the requested page of results.
    pub fn search(&self, query: &str, options: &SearchOptions) -> SearchResponse<'a> {
        let ranking = self.rank(query, options);
        if self.index.missing_data() {
            // Split layout: the ranking read data whose shards are missing; the page it
            // would show is not the final one, so its documents are not read.
            return SearchResponse::default();
        }
        let total = ranking.ranked.len();
        let mut sections = SectionRanker::new(&self.index, &self.analyzer, &ranking.highlighter);
        let want = options.sections.min(MAX_SECTIONS);
        let hits = ranking
            .ranked
            .iter()
            .skip(options.offset)
            .take(options.limit)
            .filter_map(|&(doc, score)| {
                let stored = self.index.doc_head(doc)?;
                Some(SearchHit {
                    snippet: if options.snippets {
                        ranking.highlighter.snippet(
                            &self.analyzer,
                            self.index.doc_text(doc),
                            options.snippet_words,
                        )
                    } else {
                        Snippet::default()
                    },
                    title_highlights: ranking
                        .highlighter
                        .highlight_all(&self.analyzer, stored.title),
                    sections: sections.rank(doc, want, options.snippets, options.snippet_words),
                    doc: stored,
                    score,
                })
            })
            .collect();
        SearchResponse {
            hits,
            total,
            did_you_mean: ranking.did_you_mean,
            facets: ranking.facets,
        }
    }
}

#[cfg(all(test, feature = "builder"))]
mod tests {
    use super::*;
    use crate::indexer::{build_image, Document};
    use crate::limits::{MAX_PHRASE_TERMS, POSTINGS_BUDGET, SNIPPET_SCAN_BUDGET};
    use crate::query;
    use plan::Planner;

    /// 200 pages full of common words, a few with "element".
    fn image() -> Vec<u8> {
        let docs: Vec<Document> = (0..200)
            .map(|i| Document {
                id: format!("d{i}"),
                title: format!("Page {i} of the guide"),
                text: format!(
                    "{} the part of the page {} and a note to the end. {}",
                    if i % 7 == 0 { "element" } else { "item" },
                    i,
                    "the a to of in is it on ".repeat(20 + i % 13)
                ),
                ..Document::default()
            })
            .collect();
        build_image(&docs, "test").unwrap()
    }

    fn work(s: &Searcher<'_>, q: &str) -> (usize, usize, bool) {
        let r = s.rank(q, &SearchOptions::default());
        (r.work, r.ranked.len(), r.truncated)
    }

    #[test]
    fn a_repeated_phrase_term_is_read_once() {
        // Regression: `"the the …"` decoded the whole postings list of `the`, with
        // positions, once per occurrence (4.5 s, +1.3 GB on MDN for 300 of them).
        let image = image();
        let s = Searcher::new(Index::open(&image).unwrap());
        let two = work(&s, "\"the the\"");
        let many = work(&s, &format!("\"{}\"", ["the"; 300].join(" ")));
        assert!(two.0 > 0);
        assert_eq!(many.0, two.0, "the same postings and positions, read once");
        // An excluded phrase of 1,000 words costs what its first MAX_PHRASE_TERMS do.
        let excluded = work(&s, &format!("element -\"{}\"", ["the"; 1000].join(" ")));
        let alone = work(&s, "element");
        assert!(
            excluded.0 <= alone.0 + two.0,
            "{excluded:?} {alone:?} {two:?}"
        );
        assert!(!excluded.2);
    }

    #[test]
    fn positions_are_decoded_only_where_every_term_is() {
        let image = image();
        let s = Searcher::new(Index::open(&image).unwrap());
        let (all, ..) = work(&s, "\"the the\"");
        let (rare, hits, _) = work(&s, "\"element the\"");
        // `element` is in 1 page of 7: only there are the positions of `the` decoded.
        assert!(hits > 0, "{hits}");
        assert!(rare * 4 < all, "{rare} {all}");
    }

    #[test]
    fn every_query_stays_within_the_budget() {
        let image = image();
        let s = Searcher::new(Index::open(&image).unwrap());
        for q in [
            ["the"; 900].join(" OR "),
            format!("x {}", ["-the"; 800].join(" ")),
            ["\"to the\""; 400].join(" OR "),
            "the a to of in is it on ".repeat(4),
            format!("\"{}\"", ["the a"; 800].join(" ")),
        ] {
            let r = s.rank(&q, &SearchOptions::default());
            assert!(r.work <= POSTINGS_BUDGET, "{q:.40}");
        }
    }

    #[test]
    fn at_the_budget_reading_stops_predictably() {
        let image = image();
        let s = Searcher::new(Index::open(&image).unwrap());
        let options = SearchOptions::default();
        let full = s.rank("element page", &options);
        assert!(!full.truncated);
        // A budget that fits `element` but not `page`: only the first word is read.
        let df = |t: &str| {
            s.index()
                .term_info(s.index().term_block(t).unwrap())
                .unwrap()
                .df
        };
        let budget = df("element") as usize + 1;
        let cut = s.rank_within("element page", &options, budget);
        assert!(cut.truncated && cut.work <= budget);
        let first = s.rank("element", &options);
        let ids = |r: &Ranking| r.ranked.iter().map(|x| x.0).collect::<Vec<_>>();
        let mut a = ids(&cut);
        let mut b = ids(&first);
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b, "the documents of the part read");
        // Deterministic.
        let again = s.rank_within("element page", &options, budget);
        assert_eq!(ids(&again), ids(&cut));
    }

    #[test]
    fn a_query_of_only_stop_words_fills_every_slot() {
        // At MAX_GROUPS = 64 slots of stop words, "every slot is required" is the whole u64
        // (the shift `1 << 64` overflowed). More than 64 merge into one slot (`select`).
        let image = image();
        let s = Searcher::new(Index::open(&image).unwrap());
        for n in [crate::limits::MAX_GROUPS, crate::limits::MAX_GROUPS + 5] {
            let q = "the ".repeat(n);
            let r = s.rank(&q, &SearchOptions::default());
            assert_eq!(r.ranked.len(), 200, "every page says \"the\"");
        }
    }

    #[test]
    fn a_long_question_is_read_to_its_last_word() {
        // Stop words take slots: a question of 49 words, 32 of them stop words, is read to
        // its last word (with 32 slots, the words past the 32nd were ignored).
        let image = image();
        let s = Searcher::new(Index::open(&image).unwrap());
        let q = "the page of the guide and the part of the note to ".repeat(4) + "element";
        let r = s.rank(&q, &SearchOptions::default());
        // The 29 pages with "element" (every 7th of 200) first; without it, the shortest
        // pages would be (every 13th).
        for &(doc, _) in &r.ranked[..29] {
            let text = s.index().doc(doc).unwrap().text;
            assert!(text.starts_with("element"), "{text:.40}");
        }
    }

    #[test]
    fn a_synonym_member_without_terms_is_ignored() {
        // Regression: a member of zero terms (from corrupted bytes) "fit" at every slot and
        // the synonym pass inserted slots forever (memory grew ~450 MB/s).
        let image = image();
        let mut s = Searcher::new(Index::open(&image).unwrap());
        s.synonyms = vec![vec![Vec::new(), vec!["page"]]];
        let r = s.rank("page item", &SearchOptions::default());
        assert!(!r.ranked.is_empty());
    }

    #[test]
    fn identifier_phrases_are_capped() {
        let image = image();
        let s = Searcher::new(Index::open(&image).unwrap());
        let word: String = (0..300)
            .map(|i| if i % 2 == 0 { "Page" } else { "Item" })
            .collect();
        let mut planner = Planner::new(&s);
        let parsed = query::parse(&word, s.index().field_names());
        let slots = planner.slots(&parsed, &SearchOptions::default());
        for m in slots.iter().flat_map(|s| &s.matchers) {
            if let plan::Matcher::Phrase { terms, .. } = m {
                assert!(terms.len() <= MAX_PHRASE_TERMS);
            }
        }
    }

    #[test]
    fn snippets_of_one_page_scan_a_bounded_amount() {
        // Regression: 32 two-letter words no window holds together made each hit scan its
        // whole text (128 KB each; 212 ms a page on MDN).
        let long = "alpha beta gamma delta ".repeat(8000); // 184 KB, none of the words
        let docs: Vec<Document> = (0..10)
            .map(|i| Document {
                id: format!("d{i}"),
                title: "x".into(),
                text: format!("to be {long}"),
                ..Document::default()
            })
            .collect();
        let image = build_image(&docs, "test").unwrap();
        let s = Searcher::new(Index::open(&image).unwrap());
        let q = "to be or in on at of is it as an by we he do go if me my no so up us ab \
                 cd ef gh ij kl mn op qr";
        let ranking = s.rank(q, &SearchOptions::default());
        for (doc, _) in &ranking.ranked {
            let text = s.index().doc(*doc).unwrap().text;
            let _ = ranking.highlighter.snippet(&s.analyzer, text, 24);
        }
        let scanned = ranking.highlighter.scanned();
        assert!(
            scanned <= SNIPPET_SCAN_BUDGET + 10 * crate::limits::MIN_SNIPPET_SCAN_BYTES,
            "{scanned}"
        );
    }
}
