//! Score: BM25F over the indexed fields, and the named constants that shape ranking.
//!
//! For a term t and document d (Robertson & Zaragoza, "The Probabilistic Relevance Framework:
//! BM25 and Beyond", §3.5):
//!
//! ```text
//! tf̃(t,d)  = Σ_f  W_f · tf(t,d,f) / (1 − B_f + B_f · len(d,f) / avglen(f))
//! score    = idf(t) · tf̃ · (K1 + 1) / (K1 + tf̃)
//! idf(t)   = ln(1 + (N − df + 0.5) / (df + 0.5))          (Lucene's non-negative idf)
//! ```
//!
//! Terms found by prefix or typo expansion are multiplied by a match weight below 1, so exact
//! matches rank first. Phrases and proximity add a bonus; in queries of one or two words,
//! documents that match more of the query's words rank ahead, and for short queries titles
//! that hold every query word, or little besides them, rank ahead (see `search`).

use crate::format::MAX_FIELDS;
use crate::read::Index;

/// BM25 term-frequency saturation. Higher: repeated terms keep adding score for longer.
/// Chosen on the five tuning sets jointly by the worst margin over the best of lunr and the
/// plain-BM25 reference on any row (nDCG@10 per collection, MDN MRR@10 per query kind and
/// its targets), not by the mean: a default must not be fitted to one collection. Margin
/// of the worst row: 1.2 −0.0016 (MED 0.6930 < 0.6945), 1.3 +0.0022, 1.4 +0.0029 (MED
/// 0.6974, NPL 0.4437), 1.5 +0.0020, 1.6 −0.0017 (NPL). 1.2 → 1.4: SciFact 0.7032 →
/// 0.7012, CACM 0.5063 → 0.5072, MED +0.0044, NPL −0.0019, MDN MRR@10 exact 0.9917 (same),
/// prefix 0.9304 → 0.9279, typo 0.9007 → 0.9032: no row loses more than 0.0025. 1.4 lies
/// in the range the BM25 literature recommends (1.2–2.0); 1.2 had been tuned on SciFact
/// alone.
pub const K1: f32 = 1.4;

// The per-field weights `W_f` and length normalization `B_f` are part of the index (META),
// set by bakedsearch.toml; the measured defaults are `indexer::config::default_fields`.

/// Match weight of a term found as a completion of the last (unfinished) word; `search`
/// scales it by how much of the completion was typed (0.5–1 of this), so shorter
/// completions weigh more.
pub const PREFIX_WEIGHT: f32 = 0.8;
/// Match weight of a term one edit away from a query word.
pub const TYPO1_WEIGHT: f32 = 0.5;
/// Match weight of a term two edits away from a query word.
pub const TYPO2_WEIGHT: f32 = 0.3;
/// Bonus multiplier for query words found next to each other, in order, as typed (a phrase
/// match of adjacent query words that were not quoted), in short queries (see
/// `KNOWN_ITEM_MAX_WORDS`). 0.5 → 0.25: SciFact nDCG@10 0.690 → 0.701 (1.0: 0.660;
/// 0: 0.700) with MDN unchanged (±0.002); 0 costs MDN prefix MRR@10 0.003.
pub const PROXIMITY_BONUS: f32 = 0.25;
/// The same bonus in long (natural-language) queries. Such a query has many adjacent pairs,
/// each bonus adds a share of both words' idf again, and together they drown the single-word
/// evidence. nDCG@10 with stop words unscored in long queries, 0.25 → 0.1: SciFact
/// 0.7004 → 0.7023, CACM 0.4967 → 0.4930, MED 0.6874 → 0.6865, NPL 0.4332 → 0.4490;
/// 0.05 loses on CACM (−0.010) and MED (−0.003); 0 alone: CACM −0.014, NPL +0.015.
pub const PROXIMITY_BONUS_LONG: f32 = 0.1;
/// Known-item signal for short queries: the score is multiplied by `1 +` this when every
/// required query word matches a title word of its own (a repeated query word needs a
/// repeated title word: "videoframe videoframe" wants "VideoFrame: VideoFrame()
/// constructor", not "VideoFrame"). A child page ("HIDDevice: close() method") then beats
/// its parent ("HIDDevice") whose body mentions the method. With the coverage bonus, MDN
/// MRR@10: exact 0.85 → 0.99, prefix 0.66 → 0.90, typo 0.69 → 0.84. 0.5 → 1.0: +0.005
/// to +0.01 on each kind; 2.0 measures the same as 1.0.
pub const TITLE_ALL_BONUS: f32 = 1.0;
/// Known-item signal for short queries: the score is multiplied by `1 +` this × the
/// match-weighted share of title words the query matched (1 when the title is exactly the
/// query: "nonce" → "Nonce", not "SVGElement: nonce property"). 0.3 → 0.7: MDN exact MRR
/// +0.006; 1.5 trades typo −0.003 for prefix +0.008, so kept moderate.
pub const TITLE_COVERAGE_BONUS: f32 = 0.7;

// The rules of query expansion and ranking stages (`search`), kept here with the weights.

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
/// Words shorter than this (in characters) get no typo tolerance.
pub const TYPO1_MIN_CHARS: usize = 4;
/// Words at least this long (in characters) tolerate two typos, one if the first letter is
/// one of them (`search::expand`).
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

/// Field weights and length normalization resolved for one index.
#[derive(Debug, Clone, Copy)]
pub struct FieldParams {
    pub weight: [f32; MAX_FIELDS],
    pub b: [f32; MAX_FIELDS],
    pub avg_len: [f32; MAX_FIELDS],
    pub count: usize,
}

impl FieldParams {
    pub fn for_index(index: &Index<'_>) -> Self {
        let mut params = FieldParams {
            weight: [1.0; MAX_FIELDS],
            b: [0.75; MAX_FIELDS],
            avg_len: [1.0; MAX_FIELDS],
            count: index.field_count(),
        };
        for f in 0..params.count {
            params.weight[f] = index.field_weight(f);
            params.b[f] = index.field_b(f);
            params.avg_len[f] = index.avg_field_len(f).max(1.0);
        }
        params
    }
}

/// idf(t) for a term in `df` of `n` documents.
#[inline]
pub fn idf(n: u32, df: u32) -> f32 {
    let (n, df) = (n as f32, df as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// BM25 saturation of a pseudo term frequency.
#[inline]
pub fn saturate(tf: f32) -> f32 {
    tf * (K1 + 1.0) / (K1 + tf)
}

/// The field-weighted, length-normalized frequency tf̃ of a posting of `doc`, over the
/// fields in `field_mask`, with `tf_of(field)` giving the frequency to use in each field.
#[inline]
pub fn pseudo_tf(
    index: &Index<'_>,
    params: &FieldParams,
    doc: u32,
    field_mask: u8,
    tf_of: impl Fn(usize) -> u32,
) -> f32 {
    pseudo_tf_with(params, |f| index.field_len(doc, f), field_mask, tf_of)
}

/// [`pseudo_tf`] with the field lengths given by `len_of(field)`: the writer computes
/// impacts with it before the image exists, the reader through `pseudo_tf`, so both use
/// one formula.
#[inline]
pub fn pseudo_tf_with(
    params: &FieldParams,
    len_of: impl Fn(usize) -> u32,
    field_mask: u8,
    tf_of: impl Fn(usize) -> u32,
) -> f32 {
    let mut total = 0.0;
    for f in 0..params.count.min(MAX_FIELDS) {
        if field_mask & (1 << f) == 0 {
            continue;
        }
        let tf = tf_of(f);
        if tf == 0 {
            continue;
        }
        let len = len_of(f) as f32;
        let norm = 1.0 - params.b[f] + params.b[f] * len / params.avg_len[f];
        total += params.weight[f] * tf as f32 / norm.max(1e-3);
    }
    total
}

// Impacts. The field weights, `B_f`, `K1` and the field lengths are all fixed when the image
// is built, so the saturated BM25F term frequency of each (term, document) over all fields,
// `saturate(tf̃)`, is computed by the writer and stored in one byte per posting: query time
// multiplies it by the query's idf × match weight instead of reading per-field frequencies
// and norms (`format`, POSTINGS). The byte is a linear code of [0, K1 + 1), the range of
// `saturate`: a step of (K1 + 1) / 255 ≈ 0.0094, under 1 % of a typical value (0.8–2.0).
// Measured against exact f32 BM25F on the five tuning sets, nDCG@10 / MRR@10 moved by at most
// IMPACT_MEASURED (see ARCHITECTURE.md, score).

/// Largest impact code.
pub const IMPACT_LEVELS: f32 = 255.0;

/// The impact code of a saturated term frequency (`saturate(tf̃)`): 1–255, never 0 (every
/// posting has the term at least once).
#[inline]
pub fn quantize_impact(saturated: f32) -> u8 {
    let q = (saturated / (K1 + 1.0) * IMPACT_LEVELS).round();
    if q.is_nan() || q < 1.0 {
        1
    } else if q > IMPACT_LEVELS {
        255
    } else {
        q as u8
    }
}

/// The saturated term frequency an impact code stands for.
#[inline]
pub fn impact_value(code: u8) -> f32 {
    f32::from(code) * ((K1 + 1.0) / IMPACT_LEVELS)
}

/// The impact code of a posting with frequencies `tf_of(field)` in the fields of `mask`.
#[inline]
pub fn impact(
    params: &FieldParams,
    len_of: impl Fn(usize) -> u32,
    mask: u8,
    tf_of: impl Fn(usize) -> u32,
) -> u8 {
    quantize_impact(saturate(pseudo_tf_with(params, len_of, mask, tf_of)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idf_is_positive_and_decreasing() {
        assert!(idf(100, 1) > idf(100, 10));
        assert!(idf(100, 100) > 0.0);
    }

    #[test]
    fn saturation_is_bounded_by_k1_plus_one() {
        assert!(saturate(1.0) < saturate(2.0));
        assert!(saturate(1e6) <= K1 + 1.0 + 1e-3);
    }

    #[test]
    fn impacts_are_close_to_the_exact_score_and_ordered() {
        let mut last = 0;
        for i in 0..=2000 {
            let s = (K1 + 1.0) * i as f32 / 2000.0;
            let q = quantize_impact(s);
            assert!(q >= 1 && q >= last, "monotone, never 0");
            last = q;
            if q > 1 && q < 255 {
                assert!((impact_value(q) - s).abs() <= 0.5 * (K1 + 1.0) / IMPACT_LEVELS + 1e-6);
            }
        }
        assert_eq!(quantize_impact(f32::NAN), 1);
        assert_eq!(quantize_impact(1e9), 255);
        assert_eq!(quantize_impact(-1.0), 1);
    }

    proptest::proptest! {
        #[test]
        fn every_code_round_trips(code in 1u8..=255) {
            proptest::prop_assert_eq!(quantize_impact(impact_value(code)), code);
        }
    }

    #[test]
    fn match_weights_rank_exact_over_prefix_over_typo() {
        const { assert!(TITLE_ALL_BONUS > 0.0 && TITLE_COVERAGE_BONUS > 0.0) };
        const { assert!(PROXIMITY_BONUS > PROXIMITY_BONUS_LONG && PROXIMITY_BONUS_LONG > 0.0) };
        const { assert!(1.0 > PREFIX_WEIGHT) };
        const { assert!(PREFIX_WEIGHT > TYPO1_WEIGHT) };
        const { assert!(TYPO1_WEIGHT > TYPO2_WEIGHT) };
    }
}
