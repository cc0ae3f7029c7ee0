//! Pruning of the proximity bonus: the documents whose phrases are worth matching.
//!
//! The bonus only raises scores, and only the head of the ranking is ordered and shown (the
//! page asked for, at least the title re-ranking's depth; the rest are counted). So once the
//! word slots are scored, the head's last entry before the bonus is a floor for the head's
//! last entry after it, and a document whose score plus the most its phrases could add stays
//! below that floor can never reach the head: its phrases are not matched. The head comes out
//! the same, with the same scores; only documents outside it miss bonuses they would have had.
//!
//! A phrase bonus of pair p is at most `cap_p` (its idf times the saturation's limit,
//! `Searcher::phrase_cap`), and a document can only have the phrase of two slots it matched
//! (a bigram is the slots' exact terms, and a document with a slot's exact term scores in
//! it). Slots not scored (the stop words of long queries) count as matched.
//!
//! Phrases (mostly the adjacent pairs of long queries, with their stop words) were half of
//! SciFact's native ranking after the galloping seek (`walks`; perf: seek 13 %, positions
//! decoded 19 %, compared 15 %). With pruning 6 % of the touched documents are kept (SciFact
//! 178 of 2,896 on average, NPL 243 of 3,724), and native ranking, best of 10, goes from p50
//! 0.64 to 0.40–0.49 ms and p95 2.10 to 0.86–1.04 on SciFact, p95 2.5 to 0.89 on NPL.

use crate::sort::sort_head_by;
use std::cmp::Ordering;

/// Relative slack on every bound, against f32 rounding: the bonus is summed into the score in
/// another order than the bound is (a few ulps), so a document is pruned only when it falls
/// short by clearly more than that.
const SLACK: f32 = 1e-3;

/// One adjacent pair's phrase: the slots it needs (a document lacking either cannot have it)
/// and the most its bonus can add.
#[derive(Debug, Clone, Copy)]
pub(super) struct PairBound {
    pub(super) needs: u64,
    pub(super) cap: f32,
}

/// The scores of the word slots, as `rank` holds them (indexed by document).
pub(super) struct SlotScores<'s> {
    pub(super) touched: &'s [u32],
    pub(super) matched: &'s [u64],
    pub(super) total: &'s [f32],
    pub(super) excluded: &'s [bool],
    /// Slots coordination counts.
    pub(super) required: u64,
    /// Ranked by the count of required slots matched first (`STRICT_COORDINATION_MAX_WORDS`).
    pub(super) strict: bool,
}

impl SlotScores<'_> {
    /// The ranking key of a document that can be ranked (not excluded, a required slot
    /// matched): (required slots matched, or 0 when not strict; score).
    fn key(&self, d: u32) -> Option<(u32, f32)> {
        let d = d as usize;
        if *self.excluded.get(d)? {
            return None;
        }
        let m = (self.matched.get(d)? & self.required).count_ones();
        if m == 0 {
            return None;
        }
        Some((if self.strict { m } else { 0 }, *self.total.get(d)?))
    }
}

/// Per document (indexed by id), whether its phrases can matter: `None` when every one can
/// (no pair, or no more rankable documents than the `head`). `unscored`: slots that were
/// not scored, taken as matched.
pub(super) fn proximity_candidates(
    slots: &SlotScores<'_>,
    pairs: &[PairBound],
    unscored: u64,
    head: usize,
) -> Option<Vec<bool>> {
    if pairs.is_empty() || head == 0 {
        return None;
    }
    let mut keys: Vec<(u32, f32)> = slots.touched.iter().filter_map(|&d| slots.key(d)).collect();
    if keys.len() <= head {
        return None;
    }
    let best_first = |a: &(u32, f32), b: &(u32, f32)| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1));
    sort_head_by(&mut keys, head, best_first);
    let (floor_m, floor) = keys[head - 1];
    let all_caps: f32 = pairs.iter().map(|p| p.cap.max(0.0)).sum();
    // A document is kept unless its best possible score is below the floor by more than the
    // slack (NaN compares false, so it is kept).
    let short_of = |score: f32, cap: f32| score + cap * (1.0 + SLACK) + score.abs() * SLACK < floor;
    let mut keep = vec![false; slots.total.len()];
    for &d in slots.touched {
        let Some((m, score)) = slots.key(d) else {
            continue;
        };
        let candidate = match m.cmp(&floor_m) {
            Ordering::Greater => true,
            Ordering::Less => false,
            Ordering::Equal => {
                !short_of(score, all_caps) && {
                    let have = slots.matched[d as usize] | unscored;
                    let cap: f32 = pairs
                        .iter()
                        .filter(|p| p.needs & !have == 0)
                        .map(|p| p.cap.max(0.0))
                        .sum();
                    !short_of(score, cap)
                }
            }
        };
        if let Some(k) = keep.get_mut(d as usize) {
            *k = candidate;
        }
    }
    Some(keep)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The head a full computation ranks: every pair's bonus added where the document
    /// has both slots, then ordered by (matched, score, id).
    fn head_of(
        slots: &SlotScores<'_>,
        bonus: &[Vec<f32>],
        pairs: &[PairBound],
        keep: Option<&[bool]>,
        head: usize,
    ) -> Vec<(u32, u32, f32)> {
        let mut total = slots.total.to_vec();
        for (p, pair) in pairs.iter().enumerate() {
            for &d in slots.touched {
                let du = d as usize;
                if keep.is_some_and(|k| !k[du]) || pair.needs & !slots.matched[du] != 0 {
                    continue;
                }
                total[du] += bonus[p][du];
            }
        }
        let scored = SlotScores {
            total: &total,
            ..*slots
        };
        let mut ranked: Vec<(u32, u32, f32)> = slots
            .touched
            .iter()
            .filter_map(|&d| scored.key(d).map(|(m, s)| (d, m, s)))
            .collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.total_cmp(&a.2)).then(a.0.cmp(&b.0)));
        ranked.truncate(head);
        ranked
    }

    proptest! {
        /// The head with pruned phrases is the head with every phrase: the same documents
        /// in the same order with the same scores.
        #[test]
        fn pruning_keeps_the_head(
            docs in proptest::collection::vec((0u64..16, 0.0f32..20.0, any::<bool>()), 1..80),
            caps in proptest::collection::vec(0.0f32..6.0, 0..4),
            share in proptest::collection::vec(0.0f32..=1.0, 80 * 4),
            strict in any::<bool>(),
            head in 1usize..40,
        ) {
            let n = docs.len();
            let touched: Vec<u32> = (0..n as u32).collect();
            let matched: Vec<u64> = docs.iter().map(|d| d.0).collect();
            let total: Vec<f32> = docs.iter().map(|d| d.1).collect();
            let excluded: Vec<bool> = docs.iter().map(|d| d.2 && d.0 % 3 == 0).collect();
            let slots = SlotScores {
                touched: &touched,
                matched: &matched,
                total: &total,
                excluded: &excluded,
                required: 0b1111,
                strict,
            };
            let pairs: Vec<PairBound> = caps
                .iter()
                .enumerate()
                .map(|(p, &cap)| PairBound { needs: 0b11 << (p % 3), cap })
                .collect();
            // Each document's bonus for a pair: any share of the cap (at most all of it).
            let bonus: Vec<Vec<f32>> = (0..pairs.len())
                .map(|p| (0..n).map(|d| pairs[p].cap * share[p * 80 + d]).collect())
                .collect();
            let keep = proximity_candidates(&slots, &pairs, 0, head);
            let full = head_of(&slots, &bonus, &pairs, None, head);
            let pruned = head_of(&slots, &bonus, &pairs, keep.as_deref(), head);
            prop_assert_eq!(pruned, full);
        }
    }

    #[test]
    fn documents_that_cannot_reach_the_head_are_pruned() {
        // Four documents, a head of two: 0 and 1 lead by far; 2 could pass them with its
        // phrase; 3 has only one of the pair's slots, so no phrase can lift it.
        let touched = [0, 1, 2, 3];
        let matched = [0b11, 0b11, 0b11, 0b01];
        let total = [10.0, 9.0, 8.5, 8.9];
        let excluded = [false; 4];
        let slots = SlotScores {
            touched: &touched,
            matched: &matched,
            total: &total,
            excluded: &excluded,
            required: 0b11,
            strict: false,
        };
        let pairs = [PairBound {
            needs: 0b11,
            cap: 1.0,
        }];
        let keep = proximity_candidates(&slots, &pairs, 0, 2).unwrap();
        assert_eq!(keep, [true, true, true, false]);
        // An unscored slot counts as matched: then 3 could have the phrase.
        let keep = proximity_candidates(&slots, &pairs, 0b10, 2).unwrap();
        assert_eq!(keep, [true, true, true, true]);
        // A head as large as the matches: nothing to prune.
        assert!(proximity_candidates(&slots, &pairs, 0, 4).is_none());
    }
}
