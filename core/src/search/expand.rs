//! Expansion: the dictionary terms a query word stands for: the exact term, completions of the
//! unfinished last word (a prefix automaton over the FST), and typo corrections (a Levenshtein
//! automaton) when nothing else matched.

use super::plan::WeightedTerm;
use super::Searcher;
use crate::levenshtein::Levenshtein;
use crate::limits::{
    MAX_PREFIX_EXPANSIONS, MAX_TYPO_EXPANSIONS, PREFIX_SCAN_LIMIT, TYPO_SCAN_LIMIT,
};
use crate::read::TermInfo;
use crate::score::{
    PREFIX_WEIGHT, STEM_PREFIX_FACTOR, STEM_PREFIX_MAX_EXTRA, STEM_PREFIX_MIN_CHARS,
    TYPO1_MIN_CHARS, TYPO1_WEIGHT, TYPO2_MIN_CHARS, TYPO2_WEIGHT,
};
use crate::sort::sort_head_by;

impl Searcher<'_> {
    /// Dictionary terms for one query term: exact, completions (prefix), corrections
    /// (typos, only when nothing else matched). Also returns a "did you mean" correction.
    pub(super) fn expand(
        &self,
        term: &str,
        surface: &str,
        prefix: bool,
        fuzzy: bool,
    ) -> (Vec<WeightedTerm>, Option<String>) {
        let mut out: Vec<WeightedTerm> = Vec::new();
        let misses = self.index.dictionary_misses();
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
            // The term texts stay borrowed (from `found` and `surface`) until the cut to
            // MAX_PREFIX_EXPANSIONS: only the kept ones become `String`s.
            let mut completions: Vec<(&str, TermInfo, f32)> = Vec::new();
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
                // automaton type for both keeps the wasm small. (A range of the FST
                // instead measured 4 % faster on MDN dev and 2.3 KiB more wasm, brotli.)
                .search_terms(Levenshtein::new(surface, 0, true), PREFIX_SCAN_LIMIT);
            let found = found.iter().chain(
                stems
                    .iter()
                    .filter_map(|&s| Some((s, self.index.term_block(s)?))),
            );
            for (t, block) in found {
                has_completion |= t.starts_with(surface);
                // The dictionary streams each term once, and the stems are shorter than
                // any streamed term, so only the exact term can repeat. (A linear search of
                // the completions per term here was quadratic over PREFIX_SCAN_LIMIT.)
                if Some(block) == exact {
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
                completions.push((t, info, weight));
            }
            sort_head_by(&mut completions, MAX_PREFIX_EXPANSIONS, |a, b| {
                b.1.df.cmp(&a.1.df).then(a.0.cmp(b.0))
            });
            completions.truncate(MAX_PREFIX_EXPANSIONS);
            // Completions share one idf, that of the typed prefix (the sum of their dfs):
            // the evidence is the prefix, and a rare long completion would otherwise
            // outrank the short one the prefix most likely stands for.
            let n = self.index.doc_count();
            let df = completions
                .iter()
                .fold(0u32, |acc, c| acc.saturating_add(c.1.df))
                .min(n);
            out.extend(
                completions
                    .into_iter()
                    .map(|(t, info, weight)| WeightedTerm {
                        term: t.to_owned(),
                        info,
                        weight,
                        df,
                    }),
            );
        }
        // A stem-prefix alone ("sall" for "salled") does not stop typo correction. Split
        // layout: with a dictionary page missing, whether the word has an exact match or a
        // completion is not known yet, and correcting it would read every page; the next
        // round, with the page loaded, decides. Only a page this word's own lookups missed
        // defers it: deferring on any missing data (other words' pages, their candidates'
        // postings) corrected one word per round; a 12-word query with a typo in every
        // word took 12 rounds (8 of them one postings shard each), now 5 (CACM's split).
        let missed = self.index.dictionary_misses() != misses;
        if exact.is_some() || has_completion || !fuzzy || missed {
            return (out, None);
        }
        let chars = surface.chars().count();
        if chars < TYPO1_MIN_CHARS {
            return (out, None);
        }
        let max = if chars >= TYPO2_MIN_CHARS { 2 } else { 1 };
        let automaton = Levenshtein::new(term, max, prefix);
        let whole_word = Levenshtein::new(term, max, false);
        // Two typos are forgiven after the first letter only: a distance-2 search anchored
        // on it, and a distance-1 search for the words whose first letter is the typo (or
        // missing, or extra). Unanchored, most of a distance-2 search is the subtree under
        // every other first letter, where a wrong first byte leaves one edit to spend on the
        // second (MDN dev, native: 14,700 automaton steps a long typo'd word, its FST search
        // 0.42 ms, against 0.04 ms at distance 1). Typo queries, native best of 10: p50
        // 0.456 → 0.172 ms, p95 0.602 → 0.324; wasm32 under Node: 0.525 → 0.30, 0.84 →
        // 0.58. What is lost is two typos one of which is the first letter: MDN dev typo
        // MRR@10 0.9032 → 0.9020 (the other four sets' figures unchanged). Shorter words,
        // allowed one typo, are not anchored: that search is cheap.
        let first = term.as_bytes().first();
        let searches = if max == 2 {
            vec![
                Levenshtein::anchored(term, max, prefix),
                Levenshtein::new(term, 1, prefix),
            ]
        } else {
            vec![automaton.clone()]
        };
        let found: Vec<_> = searches
            .into_iter()
            .map(|a| self.index.search_terms(a, TYPO_SCAN_LIMIT))
            .collect();
        let mut candidates: Vec<(u8, &str, TermInfo, f32)> = found
            .iter()
            .enumerate()
            // The distance-1 search's words with the right first letter are the anchored
            // one's too.
            .flat_map(|(i, terms)| {
                terms
                    .iter()
                    .filter(move |(t, _)| i == 0 || t.as_bytes().first() != first)
            })
            .filter_map(|(t, block)| {
                if out.iter().any(|o| o.term == t) {
                    return None;
                }
                let info = self.index.term_info(block)?;
                let weight_of = |d: u8| if d <= 1 { TYPO1_WEIGHT } else { TYPO2_WEIGHT };
                // A correction of the whole word ranks ahead of a completion of a corrected
                // prefix, which also weighs less, like any completion.
                let whole = whole_word.distance(t);
                let (rank, weight) = if whole <= max {
                    (2 * whole, weight_of(whole))
                } else {
                    let d = automaton.distance(t);
                    let coverage = (term.len() as f32 / t.len().max(1) as f32).min(1.0);
                    (2 * d + 1, weight_of(d) * (0.5 + 0.5 * coverage))
                };
                Some((rank, t, info, weight))
            })
            .collect();
        sort_head_by(&mut candidates, MAX_TYPO_EXPANSIONS, |a, b| {
            a.0.cmp(&b.0).then(b.2.df.cmp(&a.2.df)).then(a.1.cmp(b.1))
        });
        candidates.truncate(MAX_TYPO_EXPANSIONS);
        let correction = candidates
            .first()
            .map(|&(_, t, ref info, _)| self.index.surface_form(info, t));
        out.extend(
            candidates
                .into_iter()
                .map(|(_, t, info, weight)| WeightedTerm {
                    term: t.to_owned(),
                    df: info.df,
                    info,
                    weight,
                }),
        );
        (out, correction)
    }
}
