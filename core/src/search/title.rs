//! Title re-rank: the known-item signals of short queries (every query word in the title, and
//! how much of the title the query covers), applied to the head of the ranking.

use super::plan::{Matcher, Slot};
use super::words::{Word, WordTable};
use super::Searcher;
use crate::analysis::Token;
use crate::limits::MAX_TITLE_CACHE_BYTES;
use crate::score::{TITLE_ALL_BONUS, TITLE_COVERAGE_BONUS};
use std::cmp::Ordering;
use std::ops::Range;

/// The most a title multiplies a score by: every query word in it, and it says nothing else.
/// The same operations as `title_boost`'s at coverage 1, so no boost rounds above it.
const MAX_TITLE_BOOST: f32 = (1.0 + TITLE_COVERAGE_BONUS) * (1.0 + TITLE_ALL_BONUS);

/// A ranked entry: (document, query words matched under strict coordination, score).
pub(super) type Entry = (u32, u32, f32);

impl Searcher<'_> {
    /// Multiplies the scores of `head` (ranked best first by `order`) by their titles'
    /// boosts, so that sorted by `order` its first `exact` entries are those of boosting
    /// every entry, in the same order, with the same scores. The entries past them may keep
    /// their unboosted scores, and their titles are not analyzed: once an entry, boosted as
    /// much as any title can boost, falls behind the `exact`-th best boosted so far, no
    /// later entry can get ahead of it either (the head is in order, a later entry matches
    /// no more words and scores no more, and a boost never lowers a score). Analyzing a
    /// title is most of a known-item query's time the first time its pages come up (MDN
    /// dev through wasm32 under Node, a fresh searcher per pass: p50 0.40 ms, 0.20 with
    /// every title kept), and a page of 10 rarely needs the 100 analyzed.
    ///
    /// `in_title` (per document: a term of the query is in its title, from the postings'
    /// field masks) spares the titles that cannot be boosted: a title is boosted only by a
    /// word whose term is a required slot's, and that word was indexed in the title field,
    /// so a document without such a posting keeps its score exactly. In the split layout
    /// that is a head not fetched. Since such entries keep their order among themselves,
    /// only the first `exact` of them can be on the page: their heads are read (fetched)
    /// in the same round as the boosted titles, so that the next round can read the bodies.
    pub(super) fn boost_titles(
        &self,
        head: &mut [Entry],
        exact: usize,
        wanted: &TitleSlots,
        in_title: Option<&[bool]>,
        titles: &mut Titles,
        order: impl Fn(&Entry, &Entry) -> Ordering,
    ) {
        if exact == 0 {
            return;
        }
        let prune = exact < head.len();
        let split = self.index.is_split();
        let mut plain = 0;
        // The best `exact` boosted entries so far, best first.
        let mut best: Vec<Entry> = Vec::new();
        for r in head.iter_mut() {
            if let Some(kth) = best.get(exact - 1).filter(|_| prune) {
                // A boost is at least 1, so a negative score can only fall.
                let most = if r.2 >= 0.0 {
                    r.2 * MAX_TITLE_BOOST
                } else {
                    r.2
                };
                // Document 0 wins every tie: this entry is behind on words or on score.
                if order(kth, &(0, r.1, most)) == Ordering::Less {
                    return;
                }
            }
            if in_title.is_none_or(|t| t.get(r.0 as usize).copied().unwrap_or(true)) {
                r.2 *= self.title_boost(r.0, wanted, titles);
            } else if split && plain < exact {
                plain += 1;
                let _ = self.index.doc_title(r.0);
            }
            if prune {
                let at = best
                    .iter()
                    .position(|b| order(r, b) == Ordering::Less)
                    .unwrap_or(best.len());
                if at < exact {
                    best.insert(at, *r);
                    best.truncate(exact);
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
    /// count. The title's words come from `titles`, analyzed once per document.
    pub(super) fn title_boost(&self, doc: u32, wanted: &TitleSlots, titles: &mut Titles) -> f32 {
        let Some(range) = titles.analyze(self, doc) else {
            return 1.0;
        };
        let Titles {
            units, text, used, ..
        } = titles;
        let units = units.get(range).unwrap_or_default();
        let term = |unit: &TitleUnit| text.get(unit.start as usize..unit.end as usize);
        used.clear();
        used.resize(units.len(), 0f32);
        let mut all = true;
        for terms in &wanted.slots {
            // The best unused title word for this query word.
            let mut best: Option<(usize, f32)> = None;
            for (u, unit) in units.iter().enumerate() {
                if used[u] > 0.0 {
                    continue;
                }
                let w = weight_of(terms, term(unit).unwrap_or(""));
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
        for (unit, &w) in units.iter().zip(used.iter()) {
            if w > 0.0 {
                covered += w;
                words += 1.0;
            } else if !unit.stop {
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

/// The analyzed titles a searcher keeps, one entry per document that reached a title
/// re-ranking: its words (an identifier is one word, with its whole term) and whether each
/// is a stop word. Analyzing the titles was 43 % of MDN dev's exact and prefix queries
/// (native, perf), and the same pages come back: the 600 dev queries' top 100s hold 12,299
/// distinct pages of 48,407, and as-you-type repeats nearly all of them from one keystroke
/// to the next. A title is analyzed whole here (not only the words that could match the
/// query, as `Analyzer::analyze_for` does), so an entry serves every later query; the
/// words it stems that the query could not match match nothing, as their empty terms did.
/// At most [`MAX_TITLE_CACHE_BYTES`], then it starts over.
#[derive(Debug)]
pub(super) struct Titles {
    /// Bytes of `text` and `units` at most.
    limit: usize,
    /// Per document: the range of its words in `units` (`NOT_KEPT` start: not analyzed).
    docs: Vec<(u32, u32)>,
    units: Vec<TitleUnit>,
    /// The words' terms, one after another (a word's once).
    text: String,
    /// Each word analyzed so far, by its text as written.
    words: WordTable,
    /// Scratch for `Searcher::title_boost` (which words a query word took).
    used: Vec<f32>,
    /// Scratch for the analyzer.
    tokens: Vec<Token>,
}

/// A title word: its term's range in `Titles::text`, and whether it is a stop word.
pub(super) type TitleUnit = Word;

const NOT_KEPT: u32 = u32::MAX;

impl Default for Titles {
    fn default() -> Self {
        Titles::with_limit(MAX_TITLE_CACHE_BYTES)
    }
}

impl Titles {
    fn with_limit(limit: usize) -> Self {
        Titles {
            limit,
            docs: Vec::new(),
            units: Vec::new(),
            text: String::new(),
            words: WordTable::default(),
            used: Vec::new(),
            tokens: Vec::new(),
        }
    }

    /// Bytes held for the kept titles (`text`, `units` and `words`; `docs` is 8 bytes a
    /// document).
    #[cfg(test)]
    fn bytes(&self) -> usize {
        self.text.len() + std::mem::size_of::<TitleUnit>() * self.units.len() + self.words.bytes()
    }

    /// Where the words of `doc`'s title are in `units`, analyzed now if they were not kept
    /// (`None`: the document has no stored record, or its page is not loaded in the split
    /// layout).
    fn analyze(&mut self, searcher: &Searcher<'_>, doc: u32) -> Option<Range<usize>> {
        let d = doc as usize;
        if let Some(&(start, len)) = self.docs.get(d) {
            if start != NOT_KEPT {
                return Some(start as usize..start as usize + len as usize);
            }
        }
        let title = searcher.index.doc_title(doc)?;
        let mut tokens = std::mem::take(&mut self.tokens);
        // Only words not seen before are normalized and stemmed (their tokens' terms stay
        // empty otherwise: `words` has them).
        let words = &self.words;
        let surface = |t: &Token| title.get(t.start..t.end).unwrap_or("");
        searcher
            .analyzer
            .analyze_selected(title, &mut tokens, &mut |w| words.get(w).is_none());
        // What keeping the title adds (a new word said twice counts twice).
        let (mut new, mut new_surface, mut new_text, mut wholes) = (0, 0, 0, 0);
        for t in &tokens {
            wholes += usize::from(!t.part);
            if self.words.get(surface(t)).is_none() {
                new += 1;
                new_surface += surface(t).len();
                new_text += t.term.len();
            }
        }
        let after = self.text.len()
            + new_text
            + std::mem::size_of::<TitleUnit>() * (self.units.len() + wholes)
            + WordTable::bytes_for(
                self.words.len() + new,
                self.words.surface_bytes() + new_surface,
            );
        if after > self.limit {
            self.docs.clear();
            self.units.clear();
            self.text.clear();
            self.words.clear();
            searcher.analyzer.analyze_into(title, &mut tokens);
        }
        let doc_count = searcher.index.doc_count() as usize;
        if self.docs.len() < doc_count {
            self.docs.resize(doc_count, (NOT_KEPT, 0));
        }
        let first = self.units.len();
        // A title word is its whole: an identifier's parts are kept as words, not units.
        for t in &tokens {
            let word = match self.words.get(surface(t)) {
                Some(word) => word,
                None => {
                    let start = self.text.len() as u32;
                    self.text.push_str(&t.term);
                    let word = Word {
                        start,
                        end: self.text.len() as u32,
                        stop: searcher
                            .index
                            .is_stop_word(&searcher.analyzer.normalize_word(surface(t))),
                    };
                    self.words.insert(surface(t), word);
                    word
                }
            };
            if !t.part {
                self.units.push(word);
            }
        }
        self.tokens = tokens;
        if let Some(entry) = self.docs.get_mut(d) {
            *entry = (first as u32, (self.units.len() - first) as u32);
        }
        Some(first..self.units.len())
    }
}

/// What the title re-ranking looks for: the terms (with match weights) of each required
/// slot.
pub(super) struct TitleSlots<'a> {
    slots: Vec<Vec<(&'a str, f32)>>,
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
    TitleSlots { slots: out }
}

fn weight_of(terms: &[(&str, f32)], term: &str) -> f32 {
    terms
        .iter()
        .filter(|t| t.0 == term)
        .fold(0.0, |acc, t| acc.max(t.1))
}

#[cfg(all(test, feature = "builder"))]
mod tests {
    use super::*;
    use crate::indexer::{build_image, Document};
    use crate::read::Index;
    use crate::score::TITLE_RERANK_DEPTH;
    use crate::search::plan::units;
    use crate::search::{SearchOptions, Searcher};

    const TITLES: &[&str] = &[
        "HTMLElement: click() method",
        "The Array of the things",
        "Array.prototype.flatMap()",
        "CSS grid layout and the box model",
        "grid grid grid",
        "Using the Fetch API",
        "fetch() global function",
        "HIDDevice: close() method",
        "Closing a connection",
        "",
        "Element: closest() method",
        "getBoundingClientRect and layout",
    ];

    fn image() -> Vec<u8> {
        let docs: Vec<Document> = (0..240)
            .map(|i| Document {
                id: format!("d{i}"),
                title: format!(
                    "{} {}",
                    TITLES[i % TITLES.len()],
                    ["", "method", "the"][i % 3]
                ),
                text: format!("page {i} about {}", TITLES[(i * 7) % TITLES.len()]),
                ..Document::default()
            })
            .collect();
        build_image(&docs, "titles").unwrap()
    }

    /// Short queries (the title re-ranking's), with completions, typos, repeated words and
    /// stop words.
    const QUERIES: &[&str] = &[
        "click method",
        "array",
        "arr",
        "the array",
        "grid grid",
        "grid layo",
        "fetch api",
        "fecth",
        "close",
        "clos",
        "closest method",
        "htmlelement click",
        "layout box",
        "getboundingclientrect",
        "getboundingclientrec",
        "the",
        "method method",
        "flatmap",
    ];

    /// A ranking's documents with their scores' bits (equal only if bit-identical).
    fn bits(r: &[(u32, f32)]) -> Vec<(u32, u32)> {
        r.iter().map(|&(d, s)| (d, s.to_bits())).collect()
    }

    /// How many titles a searcher has analyzed and kept.
    fn analyzed(searcher: &Searcher) -> usize {
        let kept = searcher.titles.lock().unwrap();
        kept.docs.iter().filter(|d| d.0 != NOT_KEPT).count()
    }

    #[test]
    fn kept_titles_rank_like_fresh_ones() {
        let image = image();
        let options = SearchOptions::default();
        let warm = Searcher::new(Index::open(&image).unwrap());
        for round in 0..3 {
            for q in QUERIES {
                let fresh = Searcher::new(Index::open(&image).unwrap());
                let want = fresh.rank(q, &options);
                let got = warm.rank(q, &options);
                assert!(!want.ranked.is_empty(), "{q}");
                assert_eq!(bits(&got.ranked), bits(&want.ranked), "round {round}: {q}");
            }
        }
        let kept = warm.titles.lock().unwrap();
        assert!(kept.docs.iter().any(|&(start, _)| start != NOT_KEPT));
    }

    /// A page ranks as the first entries of the whole re-ranked head do, to the bit,
    /// though fewer titles are analyzed for it.
    #[test]
    fn a_page_needs_only_the_titles_that_can_reach_it() {
        let image = image();
        let whole = SearchOptions {
            limit: TITLE_RERANK_DEPTH,
            ..SearchOptions::default()
        };
        let mut skipped = 0;
        for q in QUERIES {
            let want = Searcher::new(Index::open(&image).unwrap()).rank(q, &whole);
            for (offset, limit) in [(0, 1), (0, 3), (0, 10), (2, 5), (10, 10), (0, 60)] {
                let searcher = Searcher::new(Index::open(&image).unwrap());
                let page = SearchOptions {
                    offset,
                    limit,
                    ..SearchOptions::default()
                };
                let got = searcher.rank(q, &page);
                let k = (offset + limit).min(want.ranked.len());
                assert_eq!(got.ranked.len(), want.ranked.len(), "{q}");
                assert_eq!(
                    bits(&got.ranked[..k]),
                    bits(&want.ranked[..k]),
                    "{q} offset {offset} limit {limit}"
                );
                if analyzed(&searcher) < want.ranked.len().min(TITLE_RERANK_DEPTH) {
                    skipped += 1;
                }
            }
        }
        assert!(skipped > 0, "every title was analyzed for every page");
        // Pages whose titles name the word among other words (a boost of 2.35) and that say
        // it often, and pages titled by the word alone among more and more stop words
        // (which lower their score, not their boost of 3.4) that say it once: some of the
        // second kind, behind the first, reach the page only by the whole boost (with a
        // bound of 2 instead, this test fails).
        let docs: Vec<Document> = (0..80)
            .map(|i| Document {
                id: format!("w{i}"),
                title: if i % 2 == 0 {
                    format!("Widget spare part {i}")
                } else {
                    format!("{}Widget", "the of a ".repeat(i / 8))
                },
                text: if i % 2 == 0 {
                    format!("widget {}", "widget ".repeat(i % 7))
                } else {
                    "filler words here widget".into()
                },
                ..Document::default()
            })
            .collect();
        let image = build_image(&docs, "widgets").unwrap();
        for q in ["widget", "widg", "wdiget"] {
            let want = Searcher::new(Index::open(&image).unwrap()).rank(q, &whole);
            for limit in 1..=12 {
                let page = SearchOptions {
                    limit,
                    ..SearchOptions::default()
                };
                let got = Searcher::new(Index::open(&image).unwrap()).rank(q, &page);
                let k = limit.min(want.ranked.len());
                assert_eq!(
                    bits(&got.ranked[..k]),
                    bits(&want.ranked[..k]),
                    "{q} {limit}"
                );
            }
        }
    }

    /// A title with no posting of the query's terms is not read, and the ranking is the
    /// one of reading every title, to the bit: on pages of every size, for short queries
    /// with completions, typos, repeated words and stop words, over titles with and without
    /// the query's words (some empty).
    #[test]
    fn titles_without_a_query_term_are_not_read() {
        let image = image();
        let mut spared = 0;
        for q in QUERIES {
            for (offset, limit) in [(0, 1), (0, 10), (3, 7), (0, 100)] {
                let page = SearchOptions {
                    offset,
                    limit,
                    ..SearchOptions::default()
                };
                let every = Searcher::new(Index::open(&image).unwrap());
                every
                    .every_title
                    .store(true, std::sync::atomic::Ordering::Relaxed);
                let want = every.rank(q, &page);
                let some = Searcher::new(Index::open(&image).unwrap());
                let got = some.rank(q, &page);
                let k = (offset + limit).min(want.ranked.len());
                assert_eq!(got.ranked.len(), want.ranked.len(), "{q}");
                assert_eq!(
                    bits(&got.ranked[..k]),
                    bits(&want.ranked[..k]),
                    "{q} {offset} {limit}"
                );
                assert!(analyzed(&some) <= analyzed(&every), "{q}");
                spared += usize::from(analyzed(&some) < analyzed(&every));
            }
        }
        assert!(spared > 0, "every title was read");
    }

    /// Past its limit the cache starts over, and what it holds is always the title's
    /// analysis: the terms a fresh analysis gives, in order, with their stop-word flags.
    #[test]
    fn a_full_cache_starts_over_and_keeps_true_analyses() {
        let image = image();
        let searcher = Searcher::new(Index::open(&image).unwrap());
        // A few titles' words and units (the word table alone is 64 bytes of slots).
        const LIMIT: usize = 600;
        let mut titles = Titles::with_limit(LIMIT);
        let mut tokens = Vec::new();
        let mut restarts = 0;
        for round in 0..3 {
            // Each document twice: analyzed, then kept.
            for doc in (0..240u32).step_by(7).flat_map(|d| [d, d]) {
                let before = titles.bytes();
                let range = titles.analyze(&searcher, doc).expect("stored title");
                restarts += usize::from(titles.bytes() < before);
                assert!(
                    titles.bytes() <= LIMIT,
                    "round {round}: {} bytes",
                    titles.bytes()
                );
                let title = searcher.index.doc_title(doc).unwrap();
                searcher.analyzer.analyze_into(title, &mut tokens);
                let want: Vec<(&str, bool)> = units(&tokens)
                    .iter()
                    .map(|u| {
                        let surface = searcher
                            .analyzer
                            .normalize_word(&title[u.whole.start..u.whole.end]);
                        (u.whole.term.as_str(), searcher.index.is_stop_word(&surface))
                    })
                    .collect();
                let got: Vec<(&str, bool)> = titles.units[range]
                    .iter()
                    .map(|u| (&titles.text[u.start as usize..u.end as usize], u.stop))
                    .collect();
                assert_eq!(got, want, "round {round}: doc {doc} {title:?}");
            }
        }
        assert!(restarts >= 3, "{restarts} restarts");
        assert!(titles.analyze(&searcher, 10_000).is_none());
    }
}
