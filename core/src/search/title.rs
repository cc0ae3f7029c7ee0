//! Title re-rank: the known-item signals of short queries (every query word in the title, and
//! how much of the title the query covers), applied to the head of the ranking.

use super::plan::{units, Matcher, Slot};
use super::Searcher;
use crate::analysis::Token;
use crate::limits::MAX_TITLE_CACHE_BYTES;
use crate::score::{TITLE_ALL_BONUS, TITLE_COVERAGE_BONUS};
use std::ops::Range;

impl Searcher<'_> {
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
    /// The words' terms, one after another.
    text: String,
    /// Scratch for `Searcher::title_boost` (which words a query word took).
    used: Vec<f32>,
    /// Scratch for the analyzer.
    tokens: Vec<Token>,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct TitleUnit {
    /// The term's range in `Titles::text`.
    start: u32,
    end: u32,
    stop: bool,
}

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
            used: Vec::new(),
            tokens: Vec::new(),
        }
    }

    /// Bytes held for the kept titles (`text` and `units`; `docs` is 8 bytes a document).
    fn bytes(&self) -> usize {
        self.text.len() + std::mem::size_of::<TitleUnit>() * self.units.len()
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
        searcher.analyzer.analyze_into(title, &mut tokens);
        let words = units(&tokens);
        let bytes: usize = words.iter().map(|u| u.whole.term.len()).sum();
        if self.bytes() + bytes + std::mem::size_of::<TitleUnit>() * words.len() > self.limit {
            self.docs.clear();
            self.units.clear();
            self.text.clear();
        }
        let doc_count = searcher.index.doc_count() as usize;
        if self.docs.len() < doc_count {
            self.docs.resize(doc_count, (NOT_KEPT, 0));
        }
        let first = self.units.len();
        for unit in &words {
            let start = self.text.len() as u32;
            self.text.push_str(&unit.whole.term);
            let surface = title.get(unit.whole.start..unit.whole.end).unwrap_or("");
            self.units.push(TitleUnit {
                start,
                end: self.text.len() as u32,
                stop: searcher
                    .index
                    .is_stop_word(&searcher.analyzer.normalize_word(surface)),
            });
        }
        drop(words);
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

    #[test]
    fn kept_titles_rank_like_fresh_ones() {
        let image = image();
        let options = SearchOptions::default();
        let warm = Searcher::new(Index::open(&image).unwrap());
        let bits = |r: &[(u32, f32)]| r.iter().map(|&(d, s)| (d, s.to_bits())).collect::<Vec<_>>();
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

    /// Past its limit the cache starts over, and what it holds is always the title's
    /// analysis: the terms a fresh analysis gives, in order, with their stop-word flags.
    #[test]
    fn a_full_cache_starts_over_and_keeps_true_analyses() {
        let image = image();
        let searcher = Searcher::new(Index::open(&image).unwrap());
        let mut titles = Titles::with_limit(200);
        let mut tokens = Vec::new();
        for round in 0..3 {
            // Each document twice: analyzed, then kept.
            for doc in (0..240u32).step_by(7).flat_map(|d| [d, d]) {
                let range = titles.analyze(&searcher, doc).expect("stored title");
                assert!(
                    titles.bytes() <= 200,
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
        assert!(titles.analyze(&searcher, 10_000).is_none());
    }
}
