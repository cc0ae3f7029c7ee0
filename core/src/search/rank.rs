//! Ranking: scores every matching document of a query (BM25F over the word slots, the
//! proximity bonus, coordination, the title re-rank of short queries, filters and the date
//! order) without snippets; `search` adds snippets and sections to the head.

use super::filter::{count_facets, passes, resolve_filters, sort_by_date};
use super::matching::{Budget, Scores};
use super::plan::{bigram, rewrite, Planner};
use super::prune::{proximity_candidates, PairBound, SlotScores};
use super::{select, title, Ranking, SearchOptions, Searcher, Sort};
use crate::limits::POSTINGS_BUDGET;
use crate::query;
use crate::score::{
    KNOWN_ITEM_MAX_WORDS, PROXIMITY_BONUS, PROXIMITY_BONUS_LONG, STRICT_COORDINATION_MAX_WORDS,
    TITLE_RERANK_DEPTH,
};
use crate::snippet::Highlighter;
use crate::sort::{sort_by, sort_head_by};

impl Searcher<'_> {
    /// Ranks every matching document (no snippets): the part of search that relevance
    /// evaluation measures.
    pub fn rank(&self, query: &str, options: &SearchOptions) -> Ranking {
        self.rank_within(query, options, POSTINGS_BUDGET)
    }

    /// `rank` with a given postings budget (tests use small ones).
    pub(super) fn rank_within(
        &self,
        query: &str,
        options: &SearchOptions,
        budget: usize,
    ) -> Ranking {
        let parsed = query::parse(query, self.index.field_names());
        let mut planner = Planner::new(self);
        let mut slots = planner.slots(&parsed, options);
        planner.apply_synonyms(&mut slots);
        select::select_slots(&mut slots, self.index.doc_count());
        let Planner {
            mut corrections,
            highlight_terms,
            highlight_phrases,
            ..
        } = planner;
        let did_you_mean = (!corrections.is_empty()).then(|| rewrite(query, &mut corrections));
        // Split layout: with dictionary pages missing, the plan is not the final one; the
        // postings it names may not be the ones the query needs (`read::dict`).
        // A snippet window holding one match per word slot cannot be beaten on distinct
        // matches, so the snippet scan may stop there.
        let highlighter = Highlighter::new(highlight_terms, highlight_phrases)
            .with_goal(slots.iter().filter(|s| !s.matchers.is_empty()).count());
        let n = self.index.doc_count() as usize;
        let browse = !options.filters.is_empty() || options.sort != Sort::Relevance;
        if self.index.missing_data() || (slots.is_empty() && !(browse && parsed.groups.is_empty()))
        {
            return Ranking::empty(did_you_mean, highlighter);
        }

        // Exclusions first: a query over the budget still honours every exclusion it read.
        let mut budget = Budget::new(budget);
        let mut scores = Scores::new(n);
        let mut excluded = vec![false; n];
        for atom in &parsed.excluded {
            for matcher in Planner::new(self).atom_matchers(atom, false, false) {
                self.score_matcher(&matcher, 1.0, &mut scores, &mut budget);
                scores.drain(|d, _| excluded[d as usize] = true);
            }
        }

        // The words coordination counts (stop words are optional, unless the query has only
        // stop words), and whether the query is a short, known-item one.
        let mut required: u64 = 0;
        for (s, slot) in slots.iter().enumerate() {
            if !slot.optional {
                required |= 1 << s;
            }
        }
        let every = 1u64
            .checked_shl(slots.len() as u32)
            .map_or(u64::MAX, |bit| bit - 1);
        let long = required.count_ones() as usize > KNOWN_ITEM_MAX_WORDS;
        // The slots not scored: the stop words of long queries (see the loop below).
        let unscored = if long { every & !required } else { 0 };
        if required == 0 {
            required = every;
        }

        // Which documents a query term is in the title of: only short queries re-rank by
        // their titles, and a title without one is not boosted (`boost_titles`).
        if !long {
            if let Some(field) = self.index.field_ordinal("title") {
                scores.track_titles(field);
            }
        }
        let mut total = vec![0f32; n];
        let mut matched = vec![0u64; n];
        let mut touched: Vec<u32> = Vec::new();
        for (s, slot) in slots.iter().enumerate() {
            if long && slot.optional {
                continue; // stop words of long queries are not scored (KNOWN_ITEM_MAX_WORDS)
            }
            for matcher in &slot.matchers {
                self.score_matcher(matcher, slot.weight, &mut scores, &mut budget);
            }
            scores.drain(|d, score| {
                let d = d as usize;
                if matched[d] == 0 {
                    touched.push(d as u32);
                }
                matched[d] |= 1 << s;
                total[d] += score;
            });
        }

        // Proximity: adjacent query words found adjacent in the text earn a bonus (stop words
        // included: "levels of" is evidence of "levels of glucose").
        let proximity = if long {
            PROXIMITY_BONUS_LONG
        } else {
            PROXIMITY_BONUS
        };
        let required_count = required.count_ones() as usize;
        let strict = required_count <= STRICT_COORDINATION_MAX_WORDS;
        let head = options
            .offset
            .saturating_add(options.limit)
            .max(TITLE_RERANK_DEPTH);
        let phrases: Vec<_> = slots
            .windows(2)
            .enumerate()
            .filter(|(_, pair)| pair[1].follows)
            .filter_map(|(s, pair)| {
                let phrase = bigram(&pair[0], &pair[1])?;
                let bound = PairBound {
                    needs: (0b11u64 << s) & !unscored,
                    cap: self.phrase_cap(&phrase, proximity),
                };
                Some((phrase, bound))
            })
            .collect();
        // Only the head is ordered and shown when nothing filters or re-sorts the ranking:
        // phrases are matched only in documents that can reach it (`prune`).
        let among = if options.filters.is_empty() && options.sort == Sort::Relevance {
            let bounds: Vec<PairBound> = phrases.iter().map(|p| p.1).collect();
            let scored = SlotScores {
                touched: &touched,
                matched: &matched,
                total: &total,
                excluded: &excluded,
                required,
                strict,
            };
            proximity_candidates(&scored, &bounds, unscored, head)
        } else {
            None
        };
        for (phrase, _) in &phrases {
            self.score_matcher_among(
                phrase,
                proximity,
                &mut scores,
                &mut budget,
                among.as_deref(),
            );
            scores.drain(|d, score| total[d as usize] += score);
        }

        // Split layout: with postings or positions missing, the order is not the final one,
        // and the titles and dates read below would be those of the wrong documents.
        if self.index.missing_data() {
            return Ranking::empty(did_you_mean, highlighter);
        }

        // Coordination and ranking.
        let mut strict = strict;
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
        // Only the head is ordered when nothing re-sorts or filters the ranking afterwards:
        // the requested page, and at least the title re-ranking's depth (`Ranking::ranked`).
        if options.filters.is_empty() && options.sort == Sort::Relevance {
            sort_head_by(&mut ranked, head, order);
        } else {
            sort_by(&mut ranked, order);
        }
        // Known-item signals from the titles re-rank the head of short queries. They only
        // raise scores, so the head stays ahead of the tail.
        if known_item {
            let depth = ranked.len().min(TITLE_RERANK_DEPTH);
            let wanted = title::title_slots(&slots, required);
            // Another thread's query holding the kept titles: this one analyzes its own.
            let mut kept = self.titles.try_lock().ok();
            let mut own = title::Titles::default();
            let titles = kept.as_deref_mut().unwrap_or(&mut own);
            // Only the requested page has to be exact when nothing filters or re-sorts
            // the head afterwards; a filter can drop any of it.
            let exact = if options.filters.is_empty() && options.sort == Sort::Relevance {
                options.offset.saturating_add(options.limit)
            } else {
                depth
            };
            let head = &mut ranked[..depth];
            // A postings list the budget cut short may have hidden a title's word.
            let in_title = scores.in_title().filter(|_| !budget.exhausted());
            #[cfg(test)]
            let in_title =
                in_title.filter(|_| !self.every_title.load(std::sync::atomic::Ordering::Relaxed));
            self.boost_titles(head, exact, &wanted, in_title, titles, order);
            sort_by(head, order);
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
        // Split layout: titles or dates missing. The date order reads the dates of every
        // match whatever the titles did, so both are asked for in one round.
        if self.index.missing_data() {
            return Ranking::empty(did_you_mean, highlighter);
        }
        Ranking {
            ranked,
            did_you_mean,
            facets: facet_counts,
            work: budget.spent(),
            truncated: budget.exhausted(),
            highlighter,
        }
    }
}
