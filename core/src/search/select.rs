//! Selection: the word slots a query longer than [`MAX_GROUPS`] keeps.
//!
//! A query of more words than that is pasted text: a paragraph, an abstract, an argument to
//! find counter-arguments for. Such a query ranks by BM25F alone (its stop words are not
//! scored, see `score::KNOWN_ITEM_MAX_WORDS`), so what it needs from its words is their
//! evidence, and keeping its first 64 words (of which about half are stop words) threw away
//! most of it: a 200-word passage was searched by its opening sentence. Here, in order:
//!
//! 1. repeated plain words become one slot that counts as many times (BM25's linear query
//!    term frequency: the same score as one slot per occurrence, read once);
//! 2. stop words go (a long query does not score them), unless nothing else is left;
//! 3. if still more than `MAX_GROUPS` slots, the ones whose best term is the most
//!    informative (idf × match weight × repetitions) stay: a word most documents say adds
//!    almost nothing to BM25, a rare one decides the ranking (the criterion of Lucene's
//!    MoreLikeThis, which turns a document into a query the same way). Words that are not
//!    in the index carry no evidence and go first.
//!
//! The kept slots stay in query order; a slot whose predecessor went no longer `follows`
//! it, so the proximity bonus only pairs words that were adjacent in the query. Queries of
//! at most `MAX_GROUPS` slots are left exactly as they are (none of the tuning sets'
//! queries but one of CACM's is longer).

use super::plan::{Matcher, Slot};
use crate::limits::MAX_GROUPS;
use crate::score::idf;
use crate::sort::sort_by;

/// Reduces `slots` to at most [`MAX_GROUPS`] (see the module documentation).
pub(super) fn select_slots(slots: &mut Vec<Slot>, doc_count: u32) {
    if slots.len() <= MAX_GROUPS {
        return;
    }
    merge_repeats(slots);
    if slots.iter().any(|s| !s.optional) {
        keep(slots, |s| !s.optional);
    }
    if slots.len() <= MAX_GROUPS {
        return;
    }
    let mut ranked: Vec<(usize, f32)> = slots
        .iter()
        .enumerate()
        .map(|(i, s)| (i, information(s, doc_count)))
        .collect();
    // Most informative first; the earlier word wins a tie, so the choice is deterministic.
    sort_by(&mut ranked, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut chosen = vec![false; slots.len()];
    for &(i, _) in &ranked[..MAX_GROUPS] {
        chosen[i] = true;
    }
    let mut i = 0;
    keep(slots, |_| {
        i += 1;
        chosen[i - 1]
    });
}

/// Folds every later occurrence of a plain word (typed in full, no field, one term set)
/// into its first slot's `weight`.
fn merge_repeats(slots: &mut Vec<Slot>) {
    let mut first: Vec<(String, usize)> = Vec::new();
    let mut repeat = vec![false; slots.len()];
    for i in 0..slots.len() {
        let Some(term) = slots[i].exact.clone() else {
            continue;
        };
        match first.iter().find(|(t, _)| *t == term) {
            Some(&(_, at)) if slots[at].matchers == slots[i].matchers => {
                slots[at].weight += slots[i].weight;
                repeat[i] = true;
            }
            Some(_) => {}
            None => first.push((term, i)),
        }
    }
    let mut i = 0;
    keep(slots, |_| {
        i += 1;
        !repeat[i - 1]
    });
}

/// Keeps the slots `wanted` says yes to (called once per slot, in order), clearing
/// `follows` on a kept slot whose predecessor went.
fn keep(slots: &mut Vec<Slot>, mut wanted: impl FnMut(&Slot) -> bool) {
    let mut previous_kept = true;
    let mut out = Vec::with_capacity(slots.len());
    for mut slot in slots.drain(..) {
        if wanted(&slot) {
            slot.follows &= previous_kept;
            previous_kept = true;
            out.push(slot);
        } else {
            previous_kept = false;
        }
    }
    *slots = out;
}

/// The evidence a slot can add: its best matcher's idf × match weight, times its weight.
fn information(slot: &Slot, doc_count: u32) -> f32 {
    let best = slot
        .matchers
        .iter()
        .map(|m| match m {
            Matcher::Terms { terms, .. } => terms
                .iter()
                .map(|t| idf(doc_count, t.df) * t.weight)
                .fold(0.0, f32::max),
            Matcher::Phrase { terms, .. } => terms
                .iter()
                .map(|(_, t)| idf(doc_count, t.df) * t.weight)
                .sum(),
        })
        .fold(0.0, f32::max);
    best * slot.weight
}

#[cfg(all(test, feature = "builder"))]
mod tests {
    use super::*;
    use crate::indexer::{build_image, Document};
    use crate::read::Index;
    use crate::search::plan::WeightedTerm;
    use crate::search::{SearchOptions, Searcher};

    /// A word of letters only (the analyzer keeps it whole): "qa", "qb", … "qaa", …
    fn word(prefix: &str, mut n: usize) -> String {
        let mut w = String::from(prefix);
        loop {
            w.push((b'a' + (n % 26) as u8) as char);
            n /= 26;
            if n == 0 {
                return w;
            }
        }
    }

    /// 120 pages that all say the 100 common words, each with one word of its own.
    fn image() -> Vec<u8> {
        let common: Vec<String> = (0..100).map(|i| word("cw", i)).collect();
        let docs: Vec<Document> = (0..120)
            .map(|i| Document {
                id: format!("d{i}"),
                title: format!("page {}", word("t", i)),
                text: format!("{} {}", common.join(" "), word("uniq", i)),
                ..Document::default()
            })
            .collect();
        build_image(&docs, "test").unwrap()
    }

    fn slots(s: &Searcher<'_>, query: &str) -> Vec<Slot> {
        let parsed = crate::query::parse(query, s.index().field_names());
        let mut slots =
            super::super::plan::Planner::new(s).slots(&parsed, &SearchOptions::default());
        select_slots(&mut slots, s.index().doc_count());
        slots
    }

    #[test]
    fn pasted_text_is_searched_by_its_rarest_words() {
        // The one word that tells page 57 apart comes after 100 words every page says:
        // with the first 64 words kept, every page tied and d0 came first.
        let image = image();
        let s = Searcher::new(Index::open(&image).unwrap());
        let common: Vec<String> = (0..100).map(|i| word("cw", i)).collect();
        let query = format!("{} {} and so on", common.join(" "), word("uniq", 57));
        let r = s.rank(&query, &SearchOptions::default());
        assert_eq!(
            r.ranked[0].0,
            s.index().doc_by_id("d57").unwrap().head.ordinal
        );
        let kept = slots(&s, &query);
        assert_eq!(kept.len(), MAX_GROUPS);
        assert!(kept.iter().all(|k| !k.optional), "stop words go first");
        assert!(
            kept.iter()
                .any(|k| k.exact.as_deref() == Some(word("uniq", 57).as_str())),
            "the rare word stays"
        );
    }

    #[test]
    fn repeated_words_count_as_often_as_they_were_said() {
        let image = image();
        let s = Searcher::new(Index::open(&image).unwrap());
        let rare = word("uniq", 3);
        let query = format!("{} {rare} {rare} ", vec!["cwb"; 70].join(" "));
        let kept = slots(&s, &query);
        let weights: Vec<(Option<&str>, f32)> = kept
            .iter()
            .map(|k| (k.exact.as_deref(), k.weight))
            .collect();
        assert_eq!(weights, [(Some("cwb"), 70.0), (Some(rare.as_str()), 2.0)]);
        // The cwb it came after merged into the first one, away from it.
        assert!(!kept[1].follows);
        let r = s.rank(&query, &SearchOptions::default());
        assert_eq!(
            r.ranked[0].0,
            s.index().doc_by_id("d3").unwrap().head.ordinal
        );
    }

    #[test]
    fn pasted_text_gets_no_typo_corrections() {
        let image = image();
        let s = Searcher::new(Index::open(&image).unwrap());
        let typed = s.rank("uniqdx ", &SearchOptions::default());
        assert_eq!(typed.did_you_mean.as_deref(), Some("uniqd "));
        let common: Vec<String> = (0..70).map(|i| word("cw", i)).collect();
        let pasted = s.rank(
            &format!("{} uniqdx ", common.join(" ")),
            &SearchOptions::default(),
        );
        assert_eq!(pasted.did_you_mean, None);
    }

    #[test]
    fn queries_within_the_cap_are_left_as_they_are() {
        let image = image();
        let s = Searcher::new(Index::open(&image).unwrap());
        let query = "the cwa of cwa cwb ".repeat(12) + "cwc";
        let parsed = crate::query::parse(&query, s.index().field_names());
        let planned =
            super::super::plan::Planner::new(&s).slots(&parsed, &SearchOptions::default());
        assert_eq!(planned.len(), 61);
        let kept = slots(&s, &query);
        assert_eq!(kept.len(), planned.len());
        assert!(kept.iter().all(|k| k.weight == 1.0 && k.follows));
        assert_eq!(kept, planned);
    }

    /// A slot of one term (or none), with `exact` naming it so the order can be checked.
    fn slot(name: usize, info: Option<(crate::read::TermInfo, &str)>, optional: bool) -> Slot {
        Slot {
            matchers: info
                .map(|(info, term)| Matcher::Terms {
                    terms: vec![WeightedTerm {
                        term: term.into(),
                        df: info.df,
                        info,
                        weight: 1.0,
                    }],
                    fields: 3,
                })
                .into_iter()
                .collect(),
            optional,
            exact: Some(format!("#{name}")),
            weight: 1.0,
            follows: true,
        }
    }

    proptest::proptest! {
        #[test]
        fn selection_keeps_an_ordered_informative_subset(
            picks in proptest::collection::vec((0usize..4, proptest::bool::ANY), 0..200)
        ) {
            static IMAGE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
            let index = Index::open(IMAGE.get_or_init(image)).unwrap();
            // Terms of df 120 (every page), 1 (one page), and none (not in the index).
            let every = index.term_info(index.term_block("cwa").unwrap()).unwrap();
            let one = index.term_info(index.term_block("uniqa").unwrap()).unwrap();
            let input: Vec<Slot> = picks
                .iter()
                .enumerate()
                .map(|(i, &(kind, optional))| match kind {
                    0 => slot(i, None, optional),
                    1 | 2 => slot(i, Some((every, "cwa")), optional),
                    _ => slot(i, Some((one, "uniqa")), optional),
                })
                .collect();
            let mut kept = input.clone();
            select_slots(&mut kept, index.doc_count());
            proptest::prop_assert!(kept.len() <= MAX_GROUPS);
            if input.len() <= MAX_GROUPS {
                proptest::prop_assert_eq!(&kept, &input);
                return Ok(());
            }
            // In query order, each `follows` exactly when its predecessor was kept too.
            let at: Vec<usize> = kept
                .iter()
                .map(|k| k.exact.as_deref().unwrap()[1..].parse().unwrap())
                .collect();
            proptest::prop_assert!(at.windows(2).all(|w| w[0] < w[1]));
            for j in 1..kept.len() {
                proptest::prop_assert_eq!(kept[j].follows, at[j - 1] + 1 == at[j]);
            }
            // Stop words go while anything else is left; then the rarest words stay.
            let required = input.iter().filter(|s| !s.optional).count();
            if required > 0 {
                proptest::prop_assert!(kept.iter().all(|k| !k.optional));
            }
            if required > MAX_GROUPS {
                let info = |s: &Slot| information(s, index.doc_count());
                let least = kept.iter().map(info).fold(f32::INFINITY, f32::min);
                for (i, s) in input.iter().enumerate() {
                    if !s.optional && !at.contains(&i) {
                        proptest::prop_assert!(info(s) <= least);
                    }
                }
            }
        }
    }
}
