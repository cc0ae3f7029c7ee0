//! Search: runs a parsed query against an index: analysis of the query words (the same
//! analyzer as the index), term lookup with prefix and typo expansion in the FST dictionary,
//! BM25F scoring (`score`), coordination, exclusions, ranking, and snippets (`snippet`).

use crate::analysis::{Analyzer, Token};
use crate::format::MAX_FIELDS;
use crate::levenshtein::Levenshtein;
use crate::query::{self, AtomKind, Query};
use crate::read::{Facet, Index, StoredDoc, TermInfo};
use crate::score::{
    idf, posting_score, pseudo_tf, saturate, FieldParams, PREFIX_WEIGHT, PROXIMITY_BONUS,
    PROXIMITY_BONUS_LONG, TITLE_ALL_BONUS, TITLE_COVERAGE_BONUS, TYPO1_WEIGHT, TYPO2_WEIGHT,
};
use crate::snippet::{Highlighter, Snippet};
use crate::sort::sort_by;

/// Completions kept for the unfinished last word (the most frequent ones).
pub const MAX_PREFIX_EXPANSIONS: usize = 50;
/// Dictionary entries examined for a prefix before choosing the completions.
pub const PREFIX_SCAN_LIMIT: usize = 4000;
/// The index holds stems, and a stem can be shorter than what was typed ("accessi" →
/// accessibility → `access`). A typed last word may overshoot a dictionary term by this many
/// characters and still count it as a completion. Together with completing the typed word
/// (not its stem) and the shared completion idf: MDN prefix MRR@10 0.898 → 0.918.
pub const STEM_PREFIX_MAX_EXTRA: usize = 3;
/// Shortest stem (in bytes) accepted as the stem of a longer typed prefix.
pub const STEM_PREFIX_MIN_CHARS: usize = 4;
/// Match weight factor (× `PREFIX_WEIGHT`) of a stem the typed word overshoots: weaker
/// evidence than a real completion ("eventt" is more likely EventTarget than Event).
/// 1 → 0.5: MDN prefix MRR@10 0.918 → 0.930 (0.3 measures the same, 0.7 0.928).
pub const STEM_PREFIX_FACTOR: f32 = 0.5;
/// Typo corrections kept per word.
pub const MAX_TYPO_EXPANSIONS: usize = 8;
/// Dictionary entries examined for typo corrections.
pub const TYPO_SCAN_LIMIT: usize = 2000;
/// Words shorter than this (in characters) get no typo tolerance.
pub const TYPO1_MIN_CHARS: usize = 4;
/// Words at least this long (in characters) tolerate two typos.
pub const TYPO2_MIN_CHARS: usize = 8;
/// Queries with at most this many (non-stop) words are known-item searches ("hiddevice
/// close"): they get the title re-ranking, the full `PROXIMITY_BONUS`, and their stop words
/// are scored. Longer queries (natural-language questions, claims, pasted text) rank by
/// BM25F with `PROXIMITY_BONUS_LONG`, and their stop words are not scored, as in the
/// Lucene/lunr baselines that drop them: a long query's "of", "the", "with" add score to
/// every document that says them without telling relevant ones apart. Not scoring them:
/// nDCG@10 CACM 0.4888 → 0.4967, MED 0.6785 → 0.6874, NPL 0.4303 → 0.4332, SciFact −0.001.
pub const KNOWN_ITEM_MAX_WORDS: usize = 4;
/// Queries with at most this many (non-stop) words rank strictly by how many words a document
/// matches, then by score. With two words, a document with both is what was asked for; from
/// three on, a document missing one (a generic or mistyped word) is often the answer, and
/// BM25 already rewards matching more, while the title re-ranking still lifts titles that
/// hold every word. 4 → 2: CACM nDCG@10 0.4930 → 0.5077, MED 0.6865 → 0.6900, NPL 0.4490 →
/// 0.4469, MDN typo MRR@10 0.890 → 0.901 (exact, prefix, SciFact unchanged); 3 measures as
/// 4, 0 loses MDN prefix 0.003. (A soft coordination factor `matched/required` on long
/// queries measured worse: SciFact nDCG@10 0.669 with it, 0.688 without.)
pub const STRICT_COORDINATION_MAX_WORDS: usize = 2;
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

/// A dictionary term selected for a query word, with its match weight.
#[derive(Debug, Clone)]
struct WeightedTerm {
    term: String,
    info: TermInfo,
    weight: f32,
    /// The document frequency its idf is computed from: its own, or for completions that of
    /// the typed prefix (see `expand`).
    df: u32,
}

#[derive(Debug, Clone)]
enum Matcher {
    /// Any of the terms (best one per document counts).
    Terms {
        terms: Vec<WeightedTerm>,
        fields: u8,
    },
    /// All terms at the given relative positions.
    Phrase {
        terms: Vec<(u32, WeightedTerm)>,
        fields: u8,
    },
}

/// One word slot of the query; a document scores the best of its matchers.
#[derive(Debug, Clone)]
struct Slot {
    matchers: Vec<Matcher>,
    /// A stop word: scored, but not needed for coordination.
    optional: bool,
    /// The analyzed term of a plain word typed in full (no field, not a completion): what
    /// synonyms match against.
    exact: Option<String>,
}

/// A query word (and its identifier parts) after analysis.
struct Unit<'t> {
    whole: &'t Token,
    parts: Vec<&'t Token>,
}

fn units(tokens: &[Token]) -> Vec<Unit<'_>> {
    let mut out: Vec<Unit<'_>> = Vec::new();
    for t in tokens {
        match out.last_mut() {
            Some(u) if t.part => u.parts.push(t),
            _ => out.push(Unit {
                whole: t,
                parts: Vec::new(),
            }),
        }
    }
    out
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
        let mut corrections: Vec<((usize, usize), String)> = Vec::new();
        let mut highlight_terms: Vec<String> = Vec::new();
        let mut highlight_phrases: Vec<Vec<String>> = Vec::new();
        let mut slots = self.slots(
            &parsed,
            options,
            &mut corrections,
            &mut highlight_terms,
            &mut highlight_phrases,
        );
        self.apply_synonyms(&mut slots, &mut highlight_terms, &mut highlight_phrases);
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

        // The words coordination counts (stop words are optional, unless the query has only
        // stop words), and whether the query is a short, known-item one.
        let mut required: u64 = 0;
        for (s, slot) in slots.iter().enumerate() {
            if !slot.optional {
                required |= 1 << s;
            }
        }
        let long = required.count_ones() as usize > KNOWN_ITEM_MAX_WORDS;
        if required == 0 {
            required = (1u64 << slots.len()) - 1;
        }

        let mut total = vec![0f32; n];
        let mut matched = vec![0u64; n];
        let mut touched: Vec<u32> = Vec::new();
        let mut slot_score = vec![0f32; n];
        let mut slot_touched: Vec<u32> = Vec::new();
        for (s, slot) in slots.iter().enumerate() {
            if long && slot.optional {
                continue; // stop words of long queries are not scored (KNOWN_ITEM_MAX_WORDS)
            }
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

        // Proximity: adjacent query words found adjacent in the text earn a bonus (stop words
        // included: "levels of" is evidence of "levels of glucose").
        let proximity = if long {
            PROXIMITY_BONUS_LONG
        } else {
            PROXIMITY_BONUS
        };
        for pair in slots.windows(2) {
            if let Some(phrase) = bigram(&pair[0], &pair[1]) {
                self.score_matcher(&phrase, proximity, &mut slot_score, &mut slot_touched);
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
            for matcher in self.atom_matchers(atom, false, false, &mut Vec::new(), &mut Vec::new())
            {
                self.score_matcher(&matcher, 1.0, &mut slot_score, &mut slot_touched);
                for &d in &slot_touched {
                    excluded[d as usize] = true;
                    slot_score[d as usize] = 0.0;
                }
                slot_touched.clear();
            }
        }

        // Coordination and ranking.
        let required_count = required.count_ones() as usize;
        let mut strict = required_count <= STRICT_COORDINATION_MAX_WORDS;
        let mut known_item = required_count <= KNOWN_ITEM_MAX_WORDS;
        if slots.is_empty() {
            // Browsing (filters or a date order without words): every document matches.
            touched = (0..n as u32).collect();
            matched.iter_mut().for_each(|m| *m = 1);
            required = 1;
            strict = false;
            known_item = false;
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
        if known_item {
            let depth = ranked.len().min(TITLE_RERANK_DEPTH);
            let wanted = title_slots(&slots, required);
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
            let newest = options.sort == Sort::Newest;
            let date = |d: u32| self.index.doc(d).and_then(|doc| doc.date);
            // Stable: equal dates keep their relevance order.
            let mut keyed: Vec<(Option<&str>, usize, (u32, f32))> = ranked
                .iter()
                .enumerate()
                .map(|(i, &r)| (date(r.0), i, r))
                .collect();
            sort_by(&mut keyed, |a, b| {
                let by_date = match (a.0, b.0) {
                    (Some(x), Some(y)) if newest => y.cmp(x),
                    (Some(x), Some(y)) => x.cmp(y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                };
                by_date.then(a.1.cmp(&b.1))
            });
            ranked = keyed.into_iter().map(|k| k.2).collect();
        }
        Ranking {
            ranked,
            did_you_mean,
            facets: facet_counts,
            highlighter,
        }
    }

    /// Merges runs of slots that spell one member of a synonym group ("south korea") into
    /// one slot that any member satisfies ("rok", "republic of korea"); a single-word member
    /// adds the others to its slot. Longer members are tried first.
    fn apply_synonyms(
        &self,
        slots: &mut Vec<Slot>,
        highlight_terms: &mut Vec<String>,
        highlight_phrases: &mut Vec<Vec<String>>,
    ) {
        let groups = &self.synonyms;
        if groups.is_empty() {
            return;
        }
        let mut i = 0;
        while i < slots.len() {
            let mut best: Option<(usize, usize)> = None; // (group, member length)
            for (g, group) in groups.iter().enumerate() {
                for member in group {
                    let len = member.len();
                    let fits = i + len <= slots.len()
                        && member
                            .iter()
                            .zip(&slots[i..i + len])
                            .all(|(t, s)| s.exact.as_deref() == Some(*t));
                    if fits && best.is_none_or(|b| len > b.1) {
                        best = Some((g, len));
                    }
                }
            }
            let Some((g, len)) = best else {
                i += 1;
                continue;
            };
            let mut merged: Vec<Matcher> = if len == 1 {
                std::mem::take(&mut slots[i].matchers)
            } else {
                Vec::new()
            };
            for member in &groups[g] {
                if len == 1 && member.len() == 1 && slots[i].exact.as_deref() == Some(member[0]) {
                    continue;
                }
                let tokens: Vec<Token> = member
                    .iter()
                    .enumerate()
                    .map(|(p, t)| Token {
                        term: (*t).to_owned(),
                        position: p as u32,
                        start: 0,
                        end: 0,
                        part: false,
                    })
                    .collect();
                let refs: Vec<&Token> = tokens.iter().collect();
                let all_fields = ((1u16 << self.index.field_count()) - 1) as u8;
                // A multi-word member highlights as a phrase only, never word by word.
                let mut own_terms = Vec::new();
                merged.extend(self.phrase_matcher(
                    &refs,
                    all_fields,
                    &mut own_terms,
                    highlight_phrases,
                ));
                if member.len() == 1 {
                    highlight_terms.extend(own_terms);
                }
            }
            let optional = slots[i..i + len].iter().all(|s| s.optional);
            slots.splice(
                i..i + len,
                [Slot {
                    matchers: merged,
                    optional,
                    exact: None,
                }],
            );
            i += 1;
        }
    }

    /// Turns the parsed query into scored slots.
    fn slots(
        &self,
        parsed: &Query,
        options: &SearchOptions,
        corrections: &mut Vec<((usize, usize), String)>,
        highlight_terms: &mut Vec<String>,
        highlight_phrases: &mut Vec<Vec<String>>,
    ) -> Vec<Slot> {
        let mut slots = Vec::new();
        for group in &parsed.groups {
            if slots.len() >= query::MAX_GROUPS {
                break;
            }
            // A lone word that analyzes to several words (`aria-controls`, `U.S.`) becomes
            // one slot per word, so each counts for coordination.
            if let [atom] = group.alternatives.as_slice() {
                if let AtomKind::Word { prefix } = atom.kind {
                    let tokens = self.analyzer.analyze_query(&atom.text);
                    let units = units(&tokens);
                    let count = units.len();
                    for (i, unit) in units.iter().enumerate() {
                        if slots.len() >= query::MAX_GROUPS {
                            break;
                        }
                        let surface = self
                            .analyzer
                            .normalize_word(&atom.text[unit.whole.start..unit.whole.end]);
                        let span = (atom.span.0 + unit.whole.start, atom.span.0 + unit.whole.end);
                        let matchers = self.unit_matchers(
                            unit,
                            &surface,
                            self.field_mask(atom.field.as_deref()),
                            prefix && options.prefix && i + 1 == count,
                            options.fuzzy,
                            Some(span),
                            corrections,
                            highlight_terms,
                            highlight_phrases,
                        );
                        let typed_in_full = !(prefix && options.prefix && i + 1 == count);
                        slots.push(Slot {
                            matchers,
                            optional: self.index.is_stop_word(&surface),
                            exact: (atom.field.is_none() && typed_in_full)
                                .then(|| unit.whole.term.clone()),
                        });
                    }
                    continue;
                }
            }
            let mut matchers = Vec::new();
            let mut optional = true;
            for atom in &group.alternatives {
                let prefix = matches!(atom.kind, AtomKind::Word { prefix: true }) && options.prefix;
                optional &= matches!(atom.kind, AtomKind::Word { .. })
                    && self
                        .index
                        .is_stop_word(&self.analyzer.normalize_word(&atom.text));
                matchers.extend(self.atom_matchers(
                    atom,
                    prefix,
                    options.fuzzy,
                    highlight_terms,
                    highlight_phrases,
                ));
            }
            slots.push(Slot {
                matchers,
                optional,
                exact: None,
            });
        }
        slots
    }

    fn field_mask(&self, field: Option<&str>) -> u8 {
        match field.and_then(|f| self.index.field_ordinal(f)) {
            Some(f) => 1 << f,
            None => ((1u16 << self.index.field_count()) - 1) as u8,
        }
    }

    /// Matchers for one atom: a phrase, or a word (several words become a phrase).
    fn atom_matchers(
        &self,
        atom: &query::Atom,
        prefix: bool,
        fuzzy: bool,
        highlight_terms: &mut Vec<String>,
        highlight_phrases: &mut Vec<Vec<String>>,
    ) -> Vec<Matcher> {
        let fields = self.field_mask(atom.field.as_deref());
        let tokens = self.analyzer.analyze_query(&atom.text);
        let units = units(&tokens);
        if let ([unit], AtomKind::Word { .. }) = (units.as_slice(), &atom.kind) {
            let surface = self.analyzer.normalize_word(&atom.text);
            return self.unit_matchers(
                unit,
                &surface,
                fields,
                prefix,
                fuzzy,
                None,
                &mut Vec::new(),
                highlight_terms,
                highlight_phrases,
            );
        }
        // A phrase: identifier wholes are dropped in favour of their parts, as in the index.
        let flat: Vec<&Token> = units
            .iter()
            .flat_map(|u| {
                if u.parts.is_empty() {
                    vec![u.whole]
                } else {
                    u.parts.clone()
                }
            })
            .collect();
        self.phrase_matcher(&flat, fields, highlight_terms, highlight_phrases)
            .into_iter()
            .collect()
    }

    fn phrase_matcher(
        &self,
        tokens: &[&Token],
        fields: u8,
        highlight_terms: &mut Vec<String>,
        highlight_phrases: &mut Vec<Vec<String>>,
    ) -> Option<Matcher> {
        let first = tokens.first()?.position;
        let mut terms = Vec::with_capacity(tokens.len());
        for t in tokens {
            let info = self.index.term_info(self.index.term_block(&t.term)?)?;
            terms.push((
                t.position - first,
                WeightedTerm {
                    term: t.term.clone(),
                    df: info.df,
                    info,
                    weight: 1.0,
                },
            ));
        }
        highlight_terms.extend(terms.iter().map(|(_, w)| w.term.clone()));
        highlight_phrases.push(terms.iter().map(|(_, w)| w.term.clone()).collect());
        Some(if terms.len() == 1 {
            Matcher::Terms {
                terms: terms.into_iter().map(|(_, w)| w).collect(),
                fields,
            }
        } else {
            Matcher::Phrase { terms, fields }
        })
    }

    /// Matchers for one query word: its terms (exact, completions, typo corrections) and,
    /// for an identifier, the phrase of its parts.
    #[allow(clippy::too_many_arguments)]
    fn unit_matchers(
        &self,
        unit: &Unit<'_>,
        surface: &str,
        fields: u8,
        prefix: bool,
        fuzzy: bool,
        span: Option<(usize, usize)>,
        corrections: &mut Vec<((usize, usize), String)>,
        highlight_terms: &mut Vec<String>,
        highlight_phrases: &mut Vec<Vec<String>>,
    ) -> Vec<Matcher> {
        let mut matchers = Vec::new();
        let (terms, correction) = self.expand(&unit.whole.term, surface, prefix, fuzzy);
        if let (Some(span), Some(correction)) = (span, correction) {
            corrections.push((span, correction));
        }
        highlight_terms.extend(terms.iter().map(|t| t.term.clone()));
        if !terms.is_empty() {
            matchers.push(Matcher::Terms { terms, fields });
        }
        if !unit.parts.is_empty() {
            matchers.extend(self.phrase_matcher(
                &unit.parts,
                fields,
                highlight_terms,
                highlight_phrases,
            ));
        }
        matchers
    }

    /// Dictionary terms for one query term: exact, completions (prefix), corrections
    /// (typos, only when nothing else matched). Also returns a "did you mean" correction.
    fn expand(
        &self,
        term: &str,
        surface: &str,
        prefix: bool,
        fuzzy: bool,
    ) -> (Vec<WeightedTerm>, Option<String>) {
        let mut out: Vec<WeightedTerm> = Vec::new();
        let exact = self.index.term_block(term);
        if let Some(info) = exact.and_then(|b| self.index.term_info(b)) {
            out.push(WeightedTerm {
                term: term.to_owned(),
                df: info.df,
                info,
                weight: 1.0,
            });
        }
        let mut has_completion = false;
        if prefix {
            let mut completions: Vec<WeightedTerm> = Vec::new();
            // The stem of a completed word can be shorter than what was typed
            // ("accessi" → accessibility → "access"): dictionary terms that the typed word
            // extends by at most STEM_PREFIX_MAX_EXTRA characters count as completions too.
            let mut stems: Vec<&str> = Vec::new();
            for extra in 1..=STEM_PREFIX_MAX_EXTRA {
                let Some(cut) = surface.len().checked_sub(extra) else {
                    break;
                };
                if cut >= STEM_PREFIX_MIN_CHARS && surface.is_char_boundary(cut) {
                    stems.push(&surface[..cut]);
                }
            }
            let found = self
                .index
                // An edit distance of 0 in prefix mode is a plain prefix match; one
                // automaton type for both keeps the wasm small.
                .search_terms(Levenshtein::new(surface, 0, true), PREFIX_SCAN_LIMIT)
                .into_iter()
                .chain(
                    stems
                        .iter()
                        .filter_map(|s| Some((s.to_string(), self.index.term_block(s)?))),
                );
            for (t, block) in found {
                has_completion |= t.starts_with(surface);
                if Some(block) == exact || completions.iter().any(|c| c.term == t) {
                    continue;
                }
                let Some(info) = self.index.term_info(block) else {
                    continue;
                };
                // Shorter completions are likelier what is being typed. A stem the typed
                // word overshoots is weaker evidence than a real completion.
                let weight = if t.len() < surface.len() {
                    PREFIX_WEIGHT * STEM_PREFIX_FACTOR
                } else {
                    let coverage = surface.len() as f32 / t.len().max(1) as f32;
                    PREFIX_WEIGHT * (0.5 + 0.5 * coverage)
                };
                completions.push(WeightedTerm {
                    weight,
                    term: t,
                    df: info.df,
                    info,
                });
            }
            sort_by(&mut completions, |a, b| {
                b.info.df.cmp(&a.info.df).then(a.term.cmp(&b.term))
            });
            completions.truncate(MAX_PREFIX_EXPANSIONS);
            // Completions share one idf, that of the typed prefix (the sum of their dfs):
            // the evidence is the prefix, and a rare long completion would otherwise
            // outrank the short one the prefix most likely stands for.
            let n = self.index.doc_count();
            let df = completions
                .iter()
                .fold(0u32, |acc, c| acc.saturating_add(c.info.df))
                .min(n);
            for c in &mut completions {
                c.df = df;
            }
            out.extend(completions);
        }
        // A stem-prefix alone ("sall" for "salled") does not stop typo correction.
        if exact.is_some() || has_completion || !fuzzy {
            return (out, None);
        }
        let chars = surface.chars().count();
        if chars < TYPO1_MIN_CHARS {
            return (out, None);
        }
        let max = if chars >= TYPO2_MIN_CHARS { 2 } else { 1 };
        let automaton = Levenshtein::new(term, max, prefix);
        let whole_word = Levenshtein::new(term, max, false);
        let mut candidates: Vec<(u8, WeightedTerm)> = self
            .index
            .search_terms(automaton.clone(), TYPO_SCAN_LIMIT)
            .into_iter()
            .filter_map(|(t, block)| {
                if out.iter().any(|o| o.term == t) {
                    return None;
                }
                let info = self.index.term_info(block)?;
                let weight_of = |d: u8| if d <= 1 { TYPO1_WEIGHT } else { TYPO2_WEIGHT };
                // A correction of the whole word ranks ahead of a completion of a corrected
                // prefix, which also weighs less, like any completion.
                let whole = whole_word.distance(&t);
                let (rank, weight) = if whole <= max {
                    (2 * whole, weight_of(whole))
                } else {
                    let d = automaton.distance(&t);
                    let coverage = (term.len() as f32 / t.len().max(1) as f32).min(1.0);
                    (2 * d + 1, weight_of(d) * (0.5 + 0.5 * coverage))
                };
                Some((
                    rank,
                    WeightedTerm {
                        term: t,
                        df: info.df,
                        info,
                        weight,
                    },
                ))
            })
            .collect();
        sort_by(&mut candidates, |a, b| {
            a.0.cmp(&b.0)
                .then(b.1.info.df.cmp(&a.1.info.df))
                .then(a.1.term.cmp(&b.1.term))
        });
        candidates.truncate(MAX_TYPO_EXPANSIONS);
        let correction = candidates
            .first()
            .map(|(_, best)| self.index.surface_form(&best.info, &best.term));
        out.extend(candidates.into_iter().map(|(_, w)| w));
        (out, correction)
    }

    /// Adds `factor ×` the matcher's score per document into `scores` (max per document),
    /// recording newly touched documents.
    fn score_matcher(
        &self,
        matcher: &Matcher,
        factor: f32,
        scores: &mut [f32],
        touched: &mut Vec<u32>,
    ) {
        let n = self.index.doc_count();
        match matcher {
            Matcher::Terms { terms, fields } => {
                for wt in terms {
                    let term_idf = idf(n, wt.df) * wt.weight * factor;
                    let mut postings = self.index.postings(&wt.info, false);
                    while let Some(p) = postings.next_posting() {
                        if p.field_mask & fields == 0 {
                            continue;
                        }
                        let s = posting_score(&self.index, &self.params, p, *fields, term_idf);
                        record(scores, touched, p.doc, s);
                    }
                }
            }
            Matcher::Phrase { terms, fields } => {
                let phrase_idf: f32 = terms
                    .iter()
                    .map(|(_, w)| idf(n, w.df) * w.weight)
                    .sum::<f32>()
                    * factor;
                for (doc, counts) in self.phrase_matches(terms, *fields) {
                    let tf = pseudo_tf(&self.index, &self.params, doc, *fields, |f| counts[f]);
                    record(scores, touched, doc, phrase_idf * saturate(tf));
                }
            }
        }
    }

    /// The title multiplier of a document: `1 + TITLE_ALL_BONUS` when every required query
    /// word matches its own word of the title (a repeated query word needs a repeated title
    /// word), times `1 + TITLE_COVERAGE_BONUS × coverage`, where coverage is the
    /// match-weighted share of title words the query matched (1: the title is exactly what
    /// was asked for; a completion covers its word only by its prefix weight). Identifier
    /// parts count with their whole: a title word is one unit. Unmatched stop words do not
    /// count.
    fn title_boost(&self, doc: u32, wanted: &[Vec<(&str, f32)>]) -> f32 {
        let Some(stored) = self.index.doc(doc) else {
            return 1.0;
        };
        let tokens = self.analyzer.analyze(stored.title);
        let units = units(&tokens);
        let mut used = vec![0f32; units.len()];
        let mut all = true;
        for terms in wanted {
            // The best unused title word for this query word.
            let mut best: Option<(usize, f32)> = None;
            for (u, unit) in units.iter().enumerate() {
                if used[u] > 0.0 {
                    continue;
                }
                let w = weight_of(terms, &unit.whole.term);
                if w > best.map_or(0.0, |b| b.1) {
                    best = Some((u, w));
                }
            }
            match best {
                Some((u, w)) => used[u] = w,
                None => all = false,
            }
        }
        let mut words = 0f32;
        let mut covered = 0f32;
        for (u, unit) in units.iter().enumerate() {
            if used[u] > 0.0 {
                covered += used[u];
                words += 1.0;
            } else if !self.index.is_stop_word(
                &self
                    .analyzer
                    .normalize_word(&stored.title[unit.whole.start..unit.whole.end]),
            ) {
                words += 1.0;
            }
        }
        let coverage = if words > 0.0 { covered / words } else { 0.0 };
        let mut boost = 1.0 + TITLE_COVERAGE_BONUS * coverage;
        if all {
            boost *= 1.0 + TITLE_ALL_BONUS;
        }
        boost
    }

    /// Documents where the terms occur at their relative positions, with the count of
    /// occurrences per field.
    fn phrase_matches(
        &self,
        terms: &[(u32, WeightedTerm)],
        fields: u8,
    ) -> Vec<(u32, [u32; MAX_FIELDS])> {
        // Start from the rarest term; intersect the others into it.
        let Some(rarest) = (0..terms.len()).min_by_key(|&i| terms[i].1.info.df) else {
            return Vec::new();
        };
        type Positions = [Vec<u32>; MAX_FIELDS];
        let decode = |i: usize, keep: Option<&[(u32, Positions)]>| -> Vec<(u32, Positions)> {
            let mut out = Vec::new();
            let mut postings = self.index.postings(&terms[i].1.info, true);
            while let Some(p) = postings.next_posting() {
                if p.field_mask & fields == 0 {
                    continue;
                }
                if let Some(keep) = keep {
                    if keep.binary_search_by_key(&p.doc, |k| k.0).is_err() {
                        continue;
                    }
                }
                out.push((p.doc, p.positions.clone()));
            }
            out
        };
        let base = decode(rarest, None);
        let mut others: Vec<(u32, Vec<(u32, Positions)>)> = Vec::new();
        for (i, (rel, _)) in terms.iter().enumerate() {
            if i != rarest {
                others.push((*rel, decode(i, Some(&base))));
            }
        }
        let base_rel = terms[rarest].0;
        let mut out = Vec::new();
        'docs: for (doc, positions) in &base {
            let mut found: Vec<&Positions> = Vec::with_capacity(others.len());
            for (_, list) in &others {
                match list.binary_search_by_key(doc, |k| k.0) {
                    Ok(i) => found.push(&list[i].1),
                    Err(_) => continue 'docs,
                }
            }
            let mut counts = [0u32; MAX_FIELDS];
            for f in 0..self.index.field_count() {
                if fields & (1 << f) == 0 {
                    continue;
                }
                for &p in &positions[f] {
                    let Some(start) = p.checked_sub(base_rel) else {
                        continue;
                    };
                    let all = others
                        .iter()
                        .zip(&found)
                        .all(|((rel, _), pos)| pos[f].binary_search(&(start + rel)).is_ok());
                    if all {
                        counts[f] += 1;
                    }
                }
            }
            if counts.iter().any(|&c| c > 0) {
                out.push((*doc, counts));
            }
        }
        out
    }
}

/// Filters resolved against the index: (facet index, accepted value ids) per filter.
type Resolved = Vec<(Option<usize>, Vec<u32>)>;

fn resolve_filters(facets: &[Facet<'_>], filters: &[Filter]) -> Resolved {
    filters
        .iter()
        .map(|f| {
            let facet = facets.iter().position(|x| x.name == f.field);
            let mut ids: Vec<u32> = facet
                .map(|i| {
                    f.values
                        .iter()
                        .filter_map(|v| facets[i].value_id(v))
                        .collect()
                })
                .unwrap_or_default();
            sort_by(&mut ids, |a, b| a.cmp(b));
            (facet, ids)
        })
        .collect()
}

/// True when `doc` passes every filter except those on facet `skip`.
fn passes(facets: &[Facet<'_>], filters: &Resolved, doc: u32, skip: Option<usize>) -> bool {
    filters.iter().all(|(facet, ids)| match facet {
        Some(f) if Some(*f) == skip => true,
        Some(f) => facets[*f]
            .doc_values(doc)
            .any(|v| ids.binary_search(&v).is_ok()),
        None => false,
    })
}

/// Facet value counts over `ranked` (disjunctive: a field's own filter is not applied).
fn count_facets(
    facets: &[Facet<'_>],
    filters: &Resolved,
    requested: &[Filter],
    ranked: &[(u32, f32)],
) -> Vec<FacetCounts> {
    facets
        .iter()
        .enumerate()
        .map(|(f, facet)| {
            let mut counts = vec![0u32; facet.value_count()];
            for &(d, _) in ranked {
                if passes(facets, filters, d, Some(f)) {
                    for v in facet.doc_values(d) {
                        if let Some(c) = counts.get_mut(v as usize) {
                            *c += 1;
                        }
                    }
                }
            }
            let selected: Vec<&str> = requested
                .iter()
                .filter(|r| r.field == facet.name)
                .flat_map(|r| r.values.iter().map(String::as_str))
                .collect();
            let mut values: Vec<(String, u32)> = counts
                .iter()
                .enumerate()
                .filter_map(|(v, &c)| {
                    let text = facet.value(v as u32)?;
                    (c > 0 || selected.contains(&text)).then(|| (text.to_owned(), c))
                })
                .collect();
            sort_by(&mut values, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            FacetCounts {
                field: facet.name.to_owned(),
                values,
            }
        })
        .collect()
}

/// The terms (with match weights) of each required slot, for matching titles.
fn title_slots(slots: &[Slot], required: u64) -> Vec<Vec<(&str, f32)>> {
    let mut out = Vec::new();
    for (s, slot) in slots.iter().enumerate() {
        if required & (1 << s) == 0 {
            continue;
        }
        let mut terms = Vec::new();
        for matcher in &slot.matchers {
            if let Matcher::Terms { terms: ts, .. } = matcher {
                terms.extend(ts.iter().map(|t| (t.term.as_str(), t.weight)));
            }
        }
        out.push(terms);
    }
    out
}

fn weight_of(terms: &[(&str, f32)], term: &str) -> f32 {
    terms
        .iter()
        .filter(|t| t.0 == term)
        .fold(0.0, |acc, t| acc.max(t.1))
}

fn record(scores: &mut [f32], touched: &mut Vec<u32>, doc: u32, score: f32) {
    let Some(slot) = scores.get_mut(doc as usize) else {
        return;
    };
    if *slot == 0.0 && score > 0.0 {
        touched.push(doc);
    }
    if score > *slot {
        *slot = score;
    }
}

/// The phrase of two adjacent single-term slots' exact terms (for the proximity bonus).
fn bigram(a: &Slot, b: &Slot) -> Option<Matcher> {
    let exact = |s: &Slot| -> Option<(WeightedTerm, u8)> {
        match s.matchers.first()? {
            Matcher::Terms { terms, fields } => {
                let t = terms.first()?;
                (t.weight >= 1.0).then(|| (t.clone(), *fields))
            }
            Matcher::Phrase { .. } => None,
        }
    };
    let (ta, fa) = exact(a)?;
    let (tb, fb) = exact(b)?;
    Some(Matcher::Phrase {
        terms: vec![(0, ta), (1, tb)],
        fields: fa & fb,
    })
}

/// Applies corrections (byte span → word) to the query text.
fn rewrite(query: &str, corrections: &mut [((usize, usize), String)]) -> String {
    sort_by(corrections, |a, b| a.0.cmp(&b.0));
    let mut out = String::with_capacity(query.len());
    let mut at = 0;
    for ((s, e), word) in corrections.iter() {
        if *s < at || *e > query.len() {
            continue;
        }
        out.push_str(&query[at..*s]);
        out.push_str(word);
        at = *e;
    }
    out.push_str(&query[at..]);
    out
}
