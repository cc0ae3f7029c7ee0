//! Search: runs a parsed query against an index. One file per stage:
//!
//! ```text
//! query::parse → plan (slots of matchers; synonyms) → expand (exact, prefix, typo terms)
//!   → matching (postings, phrases, BM25F via `score`) → coordination and ranking (here)
//!   → title (re-rank of short queries' head) → filter (filters, facets, date order)
//!   → snippets (`snippet`)
//! ```

mod expand;
mod filter;
mod matching;
mod plan;
mod title;

use crate::analysis::Analyzer;
use crate::query;
use crate::read::{Facet, Index, StoredDoc};
use crate::score::{FieldParams, PROXIMITY_BONUS};
use crate::snippet::{Highlighter, Snippet};
use crate::sort::sort_by;

pub use expand::{
    MAX_PREFIX_EXPANSIONS, MAX_TYPO_EXPANSIONS, PREFIX_SCAN_LIMIT, STEM_PREFIX_FACTOR,
    STEM_PREFIX_MAX_EXTRA, STEM_PREFIX_MIN_CHARS, TYPO1_MIN_CHARS, TYPO2_MIN_CHARS,
    TYPO_SCAN_LIMIT,
};
use filter::{count_facets, passes, resolve_filters, sort_by_date};
use plan::{bigram, rewrite, Planner};

/// Queries with at most this many (non-stop) words rank strictly by how many words a document
/// matches, then by score, and get the title re-ranking (known-item search: "hiddevice
/// close"). Longer queries (natural-language claims, pasted text) rank by BM25F alone:
/// requiring every word of a 15-word query would hide good documents, and BM25 already
/// rewards matching more of them. (A soft coordination factor `matched/required` on top
/// measured worse: SciFact nDCG@10 0.669 with it, 0.688 without.)
pub const STRICT_COORDINATION_MAX_WORDS: usize = 4;
/// Ranked documents (of short queries) whose titles are analyzed for the title signals
/// (`TITLE_ALL_BONUS`, `TITLE_COVERAGE_BONUS`). 100 keeps the title analysis well under a
/// millisecond while the known item is practically always within the first 100 by BM25F.
pub const TITLE_RERANK_DEPTH: usize = 100;

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
    pub doc: StoredDoc<'a>,
    pub score: f32,
    pub snippet: Snippet,
    /// Highlight byte ranges in `doc.title`.
    pub title_highlights: Vec<(usize, usize)>,
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
}

/// What the ranking stage produces: (doc, score) best first, plus what snippets need.
pub struct Ranking {
    pub ranked: Vec<(u32, f32)>,
    pub did_you_mean: Option<String>,
    pub facets: Vec<FacetCounts>,
    highlighter: Highlighter,
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
        let total = ranking.ranked.len();
        let hits = ranking
            .ranked
            .iter()
            .skip(options.offset)
            .take(options.limit)
            .filter_map(|&(doc, score)| {
                let stored = self.index.doc(doc)?;
                Some(SearchHit {
                    snippet: if options.snippets {
                        ranking.highlighter.snippet(
                            &self.analyzer,
                            stored.text,
                            options.snippet_words,
                        )
                    } else {
                        Snippet::default()
                    },
                    title_highlights: ranking
                        .highlighter
                        .highlight_all(&self.analyzer, stored.title),
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

    /// Ranks every matching document (no snippets): the part of search that relevance
    /// evaluation measures.
    pub fn rank(&self, query: &str, options: &SearchOptions) -> Ranking {
        let parsed = query::parse(query, self.index.field_names());
        let mut planner = Planner::new(self);
        let mut slots = planner.slots(&parsed, options);
        planner.apply_synonyms(&mut slots);
        let Planner {
            mut corrections,
            highlight_terms,
            highlight_phrases,
            ..
        } = planner;
        let did_you_mean = (!corrections.is_empty()).then(|| rewrite(query, &mut corrections));
        // A snippet window holding one match per word slot cannot be beaten on distinct
        // matches, so the snippet scan may stop there.
        let highlighter = Highlighter::new(highlight_terms, highlight_phrases)
            .with_goal(slots.iter().filter(|s| !s.matchers.is_empty()).count());
        let n = self.index.doc_count() as usize;
        let browse = !options.filters.is_empty() || options.sort != Sort::Relevance;
        if slots.is_empty() && !(browse && parsed.groups.is_empty()) {
            return Ranking {
                ranked: Vec::new(),
                did_you_mean,
                facets: Vec::new(),
                highlighter,
            };
        }

        let mut total = vec![0f32; n];
        let mut matched = vec![0u64; n];
        let mut touched: Vec<u32> = Vec::new();
        let mut slot_score = vec![0f32; n];
        let mut slot_touched: Vec<u32> = Vec::new();
        for (s, slot) in slots.iter().enumerate() {
            for matcher in &slot.matchers {
                self.score_matcher(matcher, 1.0, &mut slot_score, &mut slot_touched);
            }
            for &d in &slot_touched {
                let d = d as usize;
                if matched[d] == 0 {
                    touched.push(d as u32);
                }
                matched[d] |= 1 << s;
                total[d] += slot_score[d];
                slot_score[d] = 0.0;
            }
            slot_touched.clear();
        }

        // Proximity: adjacent query words found adjacent in the text earn a bonus.
        for pair in slots.windows(2) {
            if let Some(phrase) = bigram(&pair[0], &pair[1]) {
                self.score_matcher(&phrase, PROXIMITY_BONUS, &mut slot_score, &mut slot_touched);
                for &d in &slot_touched {
                    total[d as usize] += slot_score[d as usize];
                    slot_score[d as usize] = 0.0;
                }
                slot_touched.clear();
            }
        }

        // Exclusions.
        let mut excluded = vec![false; n];
        for atom in &parsed.excluded {
            for matcher in Planner::new(self).atom_matchers(atom, false, false) {
                self.score_matcher(&matcher, 1.0, &mut slot_score, &mut slot_touched);
                for &d in &slot_touched {
                    excluded[d as usize] = true;
                    slot_score[d as usize] = 0.0;
                }
                slot_touched.clear();
            }
        }

        // Coordination and ranking.
        let mut required: u64 = 0;
        for (s, slot) in slots.iter().enumerate() {
            if !slot.optional {
                required |= 1 << s;
            }
        }
        if required == 0 {
            required = (1u64 << slots.len()) - 1;
        }
        let required_count = required.count_ones();
        let mut strict = required_count as usize <= STRICT_COORDINATION_MAX_WORDS;
        if slots.is_empty() {
            // Browsing (filters or a date order without words): every document matches.
            touched = (0..n as u32).collect();
            matched.iter_mut().for_each(|m| *m = 1);
            required = 1;
            strict = false;
        }
        let mut ranked: Vec<(u32, u32, f32)> = touched
            .into_iter()
            .filter(|&d| !excluded[d as usize])
            .filter_map(|d| {
                let m = (matched[d as usize] & required).count_ones();
                if m == 0 {
                    return None;
                }
                let score = total[d as usize];
                Some(if strict { (d, m, score) } else { (d, 0, score) })
            })
            .collect();
        let order = |a: &(u32, u32, f32), b: &(u32, u32, f32)| {
            b.1.cmp(&a.1).then(b.2.total_cmp(&a.2)).then(a.0.cmp(&b.0))
        };
        sort_by(&mut ranked, order);
        // Known-item signals from the titles re-rank the head of short queries. They only
        // raise scores, so the head stays ahead of the tail.
        if strict {
            let depth = ranked.len().min(TITLE_RERANK_DEPTH);
            let wanted = title::title_slots(&slots, required);
            for r in &mut ranked[..depth] {
                r.2 *= self.title_boost(r.0, &wanted);
            }
            sort_by(&mut ranked[..depth], order);
        }
        let mut ranked: Vec<(u32, f32)> = ranked.into_iter().map(|(d, _, s)| (d, s)).collect();

        // Filters and facet counts.
        let facets = &self.facets;
        let filters = resolve_filters(facets, &options.filters);
        let facet_counts = if options.facets {
            count_facets(facets, &filters, &options.filters, &ranked)
        } else {
            Vec::new()
        };
        if !filters.is_empty() {
            ranked.retain(|&(d, _)| passes(facets, &filters, d, None));
        }
        if options.sort != Sort::Relevance {
            ranked = sort_by_date(&self.index, ranked, options.sort == Sort::Newest);
        }
        Ranking {
            ranked,
            did_you_mean,
            facets: facet_counts,
            highlighter,
        }
    }
}
