//! Title re-rank: the known-item signals of short queries (every query word in the title, and
//! how much of the title the query covers), applied to the head of the ranking.

use super::plan::{units, Matcher, Slot};
use super::Searcher;
use crate::analysis::{Heads, Token};
use crate::score::{TITLE_ALL_BONUS, TITLE_COVERAGE_BONUS};

impl Searcher<'_> {
    /// The title multiplier of a document: `1 + TITLE_ALL_BONUS` when every required query
    /// word matches its own word of the title (a repeated query word needs a repeated title
    /// word), times `1 + TITLE_COVERAGE_BONUS × coverage`, where coverage is the
    /// match-weighted share of title words the query matched (1: the title is exactly what
    /// was asked for; a completion covers its word only by its prefix weight). Identifier
    /// parts count with their whole: a title word is one unit. Unmatched stop words do not
    /// count.
    /// A title word that cannot stem to a wanted term is not stemmed (`Heads`: its term
    /// stays empty and matches nothing). `tokens` is scratch space.
    pub(super) fn title_boost(
        &self,
        doc: u32,
        wanted: &TitleSlots,
        tokens: &mut Vec<Token>,
    ) -> f32 {
        let Some(title) = self.index.doc_title(doc) else {
            return 1.0;
        };
        self.analyzer.analyze_for(title, &wanted.heads, tokens);
        let units = units(tokens);
        let mut used = vec![0f32; units.len()];
        let mut all = true;
        for terms in &wanted.slots {
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
                    .normalize_word(&title[unit.whole.start..unit.whole.end]),
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
}

/// What the title re-ranking looks for: the terms (with match weights) of each required
/// slot, and their heads.
pub(super) struct TitleSlots<'a> {
    slots: Vec<Vec<(&'a str, f32)>>,
    heads: Heads,
}

/// The terms (with match weights) of each required slot, for matching titles.
pub(super) fn title_slots(slots: &[Slot], required: u64) -> TitleSlots<'_> {
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
    let heads = Heads::new(out.iter().flatten().map(|t| t.0));
    TitleSlots { slots: out, heads }
}

fn weight_of(terms: &[(&str, f32)], term: &str) -> f32 {
    terms
        .iter()
        .filter(|t| t.0 == term)
        .fold(0.0, |acc, t| acc.max(t.1))
}
