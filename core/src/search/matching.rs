//! Matching: reads the postings of a slot's matchers and scores each document (BM25F through
//! `score`), with phrases matched on positions. All reading is charged to one [`Budget`] per
//! query (`limits::POSTINGS_BUDGET`).

use super::plan::{Matcher, WeightedTerm};
use super::walks::{Cursor, Walks};
use super::Searcher;
use crate::format::MAX_FIELDS;
use crate::read::TermInfo;
use crate::score::{idf, impact_value, pseudo_tf, saturate, K1};

/// The postings work one query may still do: one unit per posting read, one per position
/// decoded. Work that would pass the limit is not started, and once refused nothing more is
/// read (so what a query matches does not depend on the sizes of later terms).
#[derive(Debug, Clone)]
pub(super) struct Budget {
    spent: usize,
    limit: usize,
    exhausted: bool,
}

impl Budget {
    pub(super) fn new(limit: usize) -> Self {
        Budget {
            spent: 0,
            limit,
            exhausted: false,
        }
    }

    /// Charges `units` when they fit; otherwise refuses them and every later charge.
    fn spend(&mut self, units: u64) -> bool {
        let fits = usize::try_from(units)
            .ok()
            .and_then(|u| self.spent.checked_add(u))
            .filter(|&total| total <= self.limit);
        match fits {
            Some(total) if !self.exhausted => {
                self.spent = total;
                true
            }
            _ => {
                self.exhausted = true;
                false
            }
        }
    }

    /// Work units spent so far.
    pub(super) fn spent(&self) -> usize {
        self.spent
    }

    /// True once some work was refused.
    pub(super) fn exhausted(&self) -> bool {
        self.exhausted
    }
}

/// Per-document scores of one matcher or slot: a dense array plus the documents touched.
/// Optionally also, for the whole query, which documents a scored term occurs in the
/// title of (`track_titles`).
pub(super) struct Scores {
    score: Vec<f32>,
    touched: Vec<u32>,
    /// The title field's bit in a posting's field mask; 0 while not tracking.
    title_bit: u8,
    /// Per document: some term scored since `track_titles` is in its title.
    in_title: Vec<bool>,
}

impl Scores {
    pub(super) fn new(doc_count: usize) -> Self {
        Scores {
            score: vec![0.0; doc_count],
            touched: Vec::new(),
            title_bit: 0,
            in_title: Vec::new(),
        }
    }

    /// From now on, records which documents the terms scored occur in the title of (the
    /// title field: bit `field` of a posting's mask), read beside each posting's impact.
    pub(super) fn track_titles(&mut self, field: usize) {
        let Some(bit) = u32::try_from(field).ok().and_then(|f| 1u8.checked_shl(f)) else {
            return;
        };
        self.title_bit = bit;
        self.in_title = vec![false; self.score.len()];
    }

    /// Per document, whether a term scored since `track_titles` is in its title (`None`:
    /// not tracked). Terms scored in some fields only count too: their postings are read
    /// whatever fields they name.
    pub(super) fn in_title(&self) -> Option<&[bool]> {
        (self.title_bit != 0).then_some(self.in_title.as_slice())
    }

    #[inline]
    fn note_fields(&mut self, doc: u32, fields: u8) {
        if fields & self.title_bit != 0 {
            if let Some(t) = self.in_title.get_mut(doc as usize) {
                *t = true;
            }
        }
    }

    /// Keeps the best score per document, recording newly touched documents.
    fn record(&mut self, doc: u32, score: f32) {
        let Some(slot) = self.score.get_mut(doc as usize) else {
            return;
        };
        if *slot == 0.0 && score > 0.0 {
            self.touched.push(doc);
        }
        if score > *slot {
            *slot = score;
        }
    }

    /// Hands every touched document with its score to `f`, and resets.
    pub(super) fn drain(&mut self, mut f: impl FnMut(u32, f32)) {
        for &d in &self.touched {
            if let Some(s) = self.score.get_mut(d as usize) {
                f(d, *s);
                *s = 0.0;
            }
        }
        self.touched.clear();
    }
}

impl Searcher<'_> {
    /// Adds `factor ×` the matcher's score per document into `scores` (max per document).
    pub(super) fn score_matcher(
        &self,
        matcher: &Matcher,
        factor: f32,
        scores: &mut Scores,
        budget: &mut Budget,
    ) {
        self.score_matcher_among(matcher, factor, scores, budget, None);
    }

    /// The most `factor ×` a phrase matcher can add to a document: its idf times the
    /// saturation's limit (`K1 + 1`, which `saturate` never reaches). 0 for terms.
    pub(super) fn phrase_cap(&self, matcher: &Matcher, factor: f32) -> f32 {
        match matcher {
            Matcher::Terms { .. } => 0.0,
            Matcher::Phrase { terms, .. } => self.phrase_idf(terms, factor) * (K1 + 1.0),
        }
    }

    fn phrase_idf(&self, terms: &[(u32, WeightedTerm)], factor: f32) -> f32 {
        let n = self.index.doc_count();
        terms
            .iter()
            .map(|(_, w)| idf(n, w.df) * w.weight)
            .sum::<f32>()
            * factor
    }

    /// `score_matcher`, where a phrase is matched only in the documents `among` keeps
    /// (`prune`; `None`: in all).
    pub(super) fn score_matcher_among(
        &self,
        matcher: &Matcher,
        factor: f32,
        scores: &mut Scores,
        budget: &mut Budget,
        among: Option<&[bool]>,
    ) {
        let n = self.index.doc_count();
        match matcher {
            Matcher::Terms { terms, fields } => {
                let every_field = *fields == self.field_mask(None);
                for wt in terms {
                    // The reader yields at most df postings: the cost is known up front.
                    if !budget.spend(u64::from(wt.info.df)) {
                        return;
                    }
                    let term_idf = idf(n, wt.df) * wt.weight * factor;
                    if every_field {
                        // The impact is the posting's saturated BM25F over every field.
                        self.index.postings(&wt.info, false).for_each_impact(
                            |doc, fields, code| {
                                scores.note_fields(doc, fields);
                                scores.record(doc, term_idf * impact_value(code))
                            },
                        );
                    } else if !self.score_restricted(wt, *fields, term_idf, scores, budget) {
                        return;
                    }
                }
            }
            Matcher::Phrase { terms, fields } => {
                let phrase_idf = self.phrase_idf(terms, factor);
                for (doc, counts) in self.phrase_matches(terms, *fields, budget, among) {
                    let tf = pseudo_tf(&self.index, &self.params, doc, *fields, |f| counts[f]);
                    scores.record(doc, phrase_idf * saturate(tf));
                }
            }
        }
    }

    /// Scores a term in some fields only (`title:word`). Impacts cover every field, so the
    /// frequencies in the asked fields come from the counts of the term's positions, and
    /// BM25F is computed as before impacts. Rare (a `field:` query), and charged per
    /// position read. False when the budget refused the work.
    fn score_restricted(
        &self,
        wt: &WeightedTerm,
        fields: u8,
        term_idf: f32,
        scores: &mut Scores,
        budget: &mut Budget,
    ) -> bool {
        let mut postings = self.index.postings_lazy(&wt.info);
        while let Some(p) = postings.next_posting() {
            scores.note_fields(p.doc, p.field_mask);
            if p.field_mask & fields == 0 {
                continue;
            }
            if !budget.spend(postings.position_count()) {
                return false;
            }
            let Some(p) = postings.decode_positions() else {
                break;
            };
            let tf = pseudo_tf(&self.index, &self.params, p.doc, fields, |f| {
                p.positions[f].len() as u32
            });
            scores.record(p.doc, term_idf * saturate(tf));
        }
        true
    }

    /// Documents where the terms occur at their relative positions, with the count of
    /// occurrences per field.
    ///
    /// Each distinct term is read once (`"the the the"` reads `the` once), document at a
    /// time: the readers leapfrog to the documents that have every term, and only there are
    /// positions decoded (the others' are skipped). Memory: one document's positions per
    /// term. A phrase whose positions would pass the budget matches nothing.
    fn phrase_matches(
        &self,
        terms: &[(u32, WeightedTerm)],
        fields: u8,
        budget: &mut Budget,
        among: Option<&[bool]>,
    ) -> Vec<(u32, [u32; MAX_FIELDS])> {
        // Distinct terms, rarest first; every (term, relative position) to check.
        let mut distinct: Vec<TermInfo> = Vec::new();
        let mut pairs: Vec<(usize, u32)> = Vec::with_capacity(terms.len());
        for (rel, wt) in terms {
            let i = match distinct.iter().position(|d| *d == wt.info) {
                Some(i) => i,
                None => {
                    distinct.push(wt.info);
                    distinct.len() - 1
                }
            };
            pairs.push((i, *rel));
        }
        if distinct.is_empty() {
            return Vec::new();
        }
        let mut order: Vec<usize> = (0..distinct.len()).collect();
        crate::sort::sort_by(&mut order, |&a, &b| {
            distinct[a].df.cmp(&distinct[b].df).then(a.cmp(&b))
        });
        let postings: u64 = distinct.iter().map(|d| u64::from(d.df)).sum();
        if !budget.spend(postings) {
            return Vec::new();
        }
        // Never contended (one search at a time); if it were, the lists are walked as before.
        let mut walks = self.walks.try_lock().ok();
        if let Some(w) = walks.as_deref_mut() {
            for info in &distinct {
                w.prepare(&self.index, info);
            }
        }
        let walks = walks.as_deref();
        let mut readers: Vec<Cursor<'_, '_>> = order
            .iter()
            .map(|&i| Walks::cursor(walks, &self.index, &distinct[i]))
            .collect();
        // Pairs in reader order; the anchor is the rarest term at its first position.
        let mut rank = vec![0usize; distinct.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i] = r;
        }
        let pairs: Vec<(usize, u32)> = pairs.iter().map(|&(i, rel)| (rank[i], rel)).collect();
        let Some(&(_, anchor_rel)) = pairs.iter().find(|p| p.0 == 0) else {
            return Vec::new();
        };
        let mut docs: Vec<u32> = Vec::with_capacity(readers.len());
        for r in &mut readers {
            match r.seek(0, fields) {
                Some(d) => docs.push(d),
                None => return Vec::new(),
            }
        }
        let field_count = self.index.field_count();
        let mut cursor = vec![0usize; pairs.len()];
        let mut out = Vec::new();
        'docs: loop {
            // Leapfrog: every reader to the largest current document.
            let target = docs.iter().copied().max().unwrap_or(0);
            // A document pruned: the rarest reader moves past it, and the others follow
            // only to a document kept.
            if among.is_some_and(|keep| !keep.get(target as usize).copied().unwrap_or(false)) {
                match target
                    .checked_add(1)
                    .and_then(|t| readers[0].seek(t, fields))
                {
                    Some(d) => docs[0] = d,
                    None => break,
                }
                continue;
            }
            let mut all = true;
            for (r, d) in readers.iter_mut().zip(docs.iter_mut()) {
                if *d < target {
                    match r.seek(target, fields) {
                        Some(x) => *d = x,
                        None => break 'docs,
                    }
                }
                all &= *d == target;
            }
            if !all {
                continue;
            }
            let positions: u64 = readers.iter().map(|r| r.reader().position_count()).sum();
            if !budget.spend(positions) {
                return Vec::new();
            }
            for r in &mut readers {
                if r.reader_mut().decode_positions().is_none() {
                    break 'docs;
                }
            }
            let decoded: Vec<&[Vec<u32>; MAX_FIELDS]> = readers
                .iter()
                .map(|r| &r.reader().current().positions)
                .collect();
            let mut counts = [0u32; MAX_FIELDS];
            for (f, count) in counts.iter_mut().enumerate().take(field_count) {
                if fields & (1 << f) == 0 {
                    continue;
                }
                cursor.iter_mut().for_each(|c| *c = 0);
                for &p in &decoded[0][f] {
                    let Some(start) = p.checked_sub(anchor_rel) else {
                        continue;
                    };
                    // Starts ascend, so each pair's cursor only moves forward.
                    let all = pairs.iter().zip(cursor.iter_mut()).all(|(&(r, rel), c)| {
                        let Some(want) = start.checked_add(rel) else {
                            return false;
                        };
                        let list = &decoded[r][f];
                        while *c < list.len() && list[*c] < want {
                            *c += 1;
                        }
                        list.get(*c) == Some(&want)
                    });
                    if all {
                        *count += 1;
                    }
                }
            }
            if counts.iter().any(|&c| c > 0) {
                out.push((target, counts));
            }
            match readers[0].seek(0, fields) {
                Some(d) => docs[0] = d,
                None => break,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_refuses_what_does_not_fit_and_then_everything() {
        let mut b = Budget::new(10);
        assert!(b.spend(6));
        assert!(!b.spend(5));
        assert!(b.exhausted());
        assert!(!b.spend(1), "nothing after a refusal");
        assert_eq!(b.spent(), 6);
    }

    #[test]
    fn scores_keep_the_best_per_document() {
        let mut s = Scores::new(4);
        s.record(1, 0.5);
        s.record(1, 2.0);
        s.record(3, 1.0);
        s.record(9, 1.0); // out of range: ignored
        let mut seen = Vec::new();
        s.drain(|d, x| seen.push((d, x)));
        assert_eq!(seen, [(1, 2.0), (3, 1.0)]);
        s.drain(|_, _| panic!("drained"));
    }

    #[cfg(feature = "builder")]
    #[test]
    fn impacts_stand_for_the_exact_bm25f_of_every_posting() {
        use crate::indexer::{build_image, Document};
        use crate::read::Index;
        use crate::score::{impact_value, FieldParams, IMPACT_LEVELS, K1};
        // Titles and bodies of many lengths and repetitions, so norms and tfs vary.
        let words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"];
        let docs: Vec<Document> = (0..120)
            .map(|i| Document {
                id: format!("d{i}"),
                title: (0..1 + i % 4)
                    .map(|k| words[(i + k) % 6])
                    .collect::<Vec<_>>()
                    .join(" "),
                text: (0..3 + (i * 7) % 40)
                    .map(|k| words[(i * k + k / 3) % 6])
                    .collect::<Vec<_>>()
                    .join(" "),
                ..Document::default()
            })
            .collect();
        let image = build_image(&docs, "test").unwrap();
        let index = Index::open(&image).unwrap();
        let params = FieldParams::for_index(&index);
        let mut stream = index.dictionary().unwrap().stream();
        let mut checked = 0;
        while let Some((_, block)) = fst::Streamer::next(&mut stream) {
            let info = index.term_info(block).unwrap();
            let mut max = 0;
            let mut postings = index.postings(&info, true);
            while let Some(p) = postings.next_posting() {
                let tf = pseudo_tf(&index, &params, p.doc, p.field_mask, |f| {
                    p.positions[f].len() as u32
                });
                let exact = saturate(tf);
                let step = (K1 + 1.0) / IMPACT_LEVELS;
                assert!(
                    (impact_value(p.impact) - exact).abs() <= 0.5 * step + 1e-5,
                    "doc {} impact {} exact {exact}",
                    p.doc,
                    p.impact
                );
                max = max.max(p.impact);
                checked += 1;
            }
            assert_eq!(info.max_impact, max, "the header's maximum is the entries'");
        }
        assert!(checked > 300, "{checked}");
    }

    #[cfg(feature = "builder")]
    #[test]
    fn a_field_restricted_word_scores_its_fields_exactly() {
        use crate::indexer::{build_image, Document};
        use crate::read::Index;
        use crate::score::{FieldParams, IMPACT_LEVELS, K1};
        let docs: Vec<Document> = (0..40)
            .map(|i| Document {
                id: format!("d{i}"),
                title: if i % 3 == 0 { "alpha beta" } else { "gamma" }.into(),
                text: "alpha ".repeat(1 + i % 5) + &"delta ".repeat(i),
                ..Document::default()
            })
            .collect();
        let image = build_image(&docs, "test").unwrap();
        let index = Index::open(&image).unwrap();
        let s = Searcher::new(index.clone());
        let params = FieldParams::for_index(&index);
        let info = index.term_info(index.term_block("alpha").unwrap()).unwrap();
        let term_idf = idf(index.doc_count(), info.df);
        let title = 1 << index.field_ordinal("title").unwrap();
        for fields in [title, s.field_mask(None)] {
            let matcher = Matcher::Terms {
                terms: vec![WeightedTerm {
                    term: "alpha".into(),
                    info,
                    weight: 1.0,
                    df: info.df,
                }],
                fields,
            };
            let mut scores = Scores::new(index.doc_count() as usize);
            let mut budget = Budget::new(usize::MAX);
            s.score_matcher(&matcher, 1.0, &mut scores, &mut budget);
            let mut ranked = Vec::new();
            scores.drain(|d, x| ranked.push((d, x)));
            let query = fields;
            let mut expected = Vec::new();
            let mut postings = index.postings(&info, true);
            while let Some(p) = postings.next_posting() {
                if p.field_mask & fields != 0 {
                    let tf = pseudo_tf(&index, &params, p.doc, fields, |f| {
                        p.positions[f].len() as u32
                    });
                    expected.push((p.doc, term_idf * saturate(tf)));
                }
            }
            assert_eq!(ranked.len(), expected.len(), "fields {query}");
            for (doc, score) in ranked {
                let want = expected.iter().find(|e| e.0 == doc).unwrap().1;
                // Exact in one field; within half an impact step (× idf) over every field.
                let tolerance = if fields == title {
                    1e-6
                } else {
                    term_idf * 0.5 * (K1 + 1.0) / IMPACT_LEVELS + 1e-6
                };
                assert!(
                    (score - want).abs() <= tolerance,
                    "fields {query} doc {doc}: {score} vs {want}"
                );
            }
        }
    }
}
