//! Sections of a result: which parts of a returned page match the query, best first. Pages
//! are ranked whole (this stage runs after ranking, on the page of results returned); a
//! page's sections are then ranked among themselves by how well each one's heading and own
//! text (from its heading to the next section's) match the query's terms, with the same
//! highlighter, so what ranks a section is exactly what its snippet highlights.
//!
//! A section's score sums, over each distinct query term or phrase it matches (the
//! highlighter's terms, so completions and typo corrections count as they highlight):
//!
//! ```text
//! idf(term) × (HEADING_WEIGHT if the heading has it
//!              + tf / (tf + K1 × (1 − B + B × len / avg_len))   for its tf in the text)
//! ```
//!
//! (a phrase weighs the sum of its terms' idf). The text part is BM25's saturation and
//! length normalization over the page's sections (`len` and `avg_len` in words), so it
//! stays below 1: a heading that names a word outweighs any number of passing mentions of
//! it, and a short section about a word beats a long one that mentions it as often.
//! Sections that match nothing are not returned.

use std::cell::Cell;

use crate::analysis::Analyzer;
use crate::limits::{MAX_SNIPPET_SCAN_BYTES, MIN_SNIPPET_SCAN_BYTES, SECTION_SCAN_BUDGET};
use crate::read::{Index, StoredSection};
use crate::score::{idf, K1};
use crate::snippet::{Highlighter, Snippet};
use crate::sort::sort_by;

/// What a heading match of a term counts, against at most 1 for its matches in the text:
/// the default weight of `title` against `body` (2.0 : 1.0, measured on SciFact and MDN,
/// see `indexer/config.rs`), since a heading is to its section what a title is to a page.
pub const HEADING_WEIGHT: f32 = 2.0;
/// Length normalization of a section's text among the page's sections: the default `b` of
/// `body` (see `indexer/config.rs`).
pub const SECTION_B: f32 = 0.6;

/// One matching section of a result.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionHit<'a> {
    /// The heading's anchor id.
    pub id: &'a str,
    pub heading: &'a str,
    /// The best window of the section's text (after its heading); empty without snippets.
    pub snippet: Snippet,
    /// Highlight byte ranges in `heading`.
    pub heading_highlights: Vec<(usize, usize)>,
    pub score: f32,
}

/// Ranks the sections of the pages one search returns, within one scan budget.
pub(super) struct SectionRanker<'s, 'a> {
    index: &'s Index<'a>,
    analyzer: &'s Analyzer,
    highlighter: &'s Highlighter,
    /// idf of each highlighter key (terms, then phrases), computed on the first page that
    /// has sections.
    weights: Option<Vec<f32>>,
    /// Bytes of text the ranking of this search's sections may still analyze.
    scan_left: Cell<usize>,
}

/// A section as scanned: its place in the page, what it matched, how long it is.
struct Scanned<'a> {
    section: StoredSection<'a>,
    /// The text after the heading, up to the next section (within the scanned part).
    body: &'a str,
    heading_counts: Vec<u32>,
    body_counts: Vec<u32>,
    words: usize,
}

impl<'s, 'a> SectionRanker<'s, 'a> {
    pub(super) fn new(
        index: &'s Index<'a>,
        analyzer: &'s Analyzer,
        highlighter: &'s Highlighter,
    ) -> Self {
        SectionRanker {
            index,
            analyzer,
            highlighter,
            weights: None,
            scan_left: Cell::new(SECTION_SCAN_BUDGET),
        }
    }

    fn weights(&mut self) -> &[f32] {
        let (index, highlighter) = (self.index, self.highlighter);
        self.weights.get_or_insert_with(|| {
            let n = index.doc_count();
            (0..highlighter.key_count())
                .map(|k| {
                    highlighter
                        .key_terms(k)
                        .iter()
                        .filter_map(|t| index.term_info(index.term_block(t)?))
                        .map(|info| idf(n, info.df.min(n)))
                        .sum()
                })
                .collect()
        })
    }

    /// Up to `want` sections of document `doc`, best first; with `snippets`,
    /// each with the best window of its text. The page's first `MAX_SNIPPET_SCAN_BYTES` are
    /// scanned at most, and together the pages of one search `SECTION_SCAN_BUDGET` (each
    /// page at least `MIN_SNIPPET_SCAN_BYTES`): sections past that are not ranked.
    pub(super) fn rank(
        &mut self,
        doc: u32,
        want: usize,
        snippets: bool,
        snippet_words: usize,
    ) -> Vec<SectionHit<'a>> {
        if want == 0 {
            return Vec::new();
        }
        let sections: Vec<StoredSection<'a>> = self.index.sections(doc).collect();
        if sections.is_empty() || self.highlighter.key_count() == 0 {
            return Vec::new();
        }
        // Read only now: a page without sections needs no body when snippets are off
        // (in the split layout, no body shard).
        let text = self.index.doc_text(doc);
        let mut limit = text
            .len()
            .min(MAX_SNIPPET_SCAN_BYTES)
            .min(self.scan_left.get().max(MIN_SNIPPET_SCAN_BYTES));
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let keys = self.highlighter.key_count();
        let mut scanned: Vec<Scanned<'a>> = Vec::new();
        for (i, section) in sections.iter().enumerate() {
            let start = section.offset.min(limit);
            let end = sections
                .get(i + 1)
                .map_or(limit, |next| next.offset.min(limit));
            if start >= limit {
                break;
            }
            // Offsets are checked against the body's length when the image is opened, not
            // against its characters: a section whose range is not text is skipped.
            let Some(own) = text.get(start..end.max(start)) else {
                continue;
            };
            let body = own.strip_prefix(section.heading).unwrap_or(own);
            let mut heading_counts = vec![0; keys];
            let mut body_counts = vec![0; keys];
            self.highlighter
                .count_matches(self.analyzer, section.heading, &mut heading_counts);
            let words = self
                .highlighter
                .count_matches(self.analyzer, body, &mut body_counts);
            scanned.push(Scanned {
                section: *section,
                body,
                heading_counts,
                body_counts,
                words,
            });
        }
        self.scan_left
            .set(self.scan_left.get().saturating_sub(limit));
        let avg = match scanned.len() {
            0 => return Vec::new(),
            n => (scanned.iter().map(|s| s.words).sum::<usize>() as f32 / n as f32).max(1.0),
        };
        let weights = self.weights().to_vec();
        let mut scored: Vec<(usize, f32)> = scanned
            .iter()
            .enumerate()
            .map(|(i, s)| (i, section_score(s, &weights, avg)))
            .filter(|&(_, score)| score > 0.0)
            .collect();
        // Best first; equal scores in page order.
        sort_by(&mut scored, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored
            .into_iter()
            .take(want)
            .map(|(i, score)| {
                let s = &scanned[i];
                SectionHit {
                    id: s.section.id,
                    heading: s.section.heading,
                    snippet: if snippets {
                        self.highlighter
                            .snippet(self.analyzer, s.body, snippet_words)
                    } else {
                        Snippet::default()
                    },
                    heading_highlights: self
                        .highlighter
                        .highlight_all(self.analyzer, s.section.heading),
                    score,
                }
            })
            .collect()
    }
}

/// See the module docs.
fn section_score(s: &Scanned<'_>, weights: &[f32], avg_words: f32) -> f32 {
    let norm = K1 * (1.0 - SECTION_B + SECTION_B * s.words as f32 / avg_words);
    let mut score = 0.0;
    for (k, &weight) in weights.iter().enumerate() {
        let heading = if s.heading_counts.get(k).copied().unwrap_or(0) > 0 {
            HEADING_WEIGHT
        } else {
            0.0
        };
        let tf = s.body_counts.get(k).copied().unwrap_or(0) as f32;
        score += weight * (heading + tf / (tf + norm));
    }
    score
}

#[cfg(all(test, feature = "builder"))]
mod tests {
    use crate::indexer::{build_image, Document, Section};
    use crate::read::Index;
    use crate::search::{SearchOptions, Searcher};

    /// A page whose text is `parts` (heading, body) joined as the Markdown renderer writes
    /// them, with a section per heading.
    fn page(id: &str, intro: &str, parts: &[(&str, &str)]) -> Document {
        let mut text = format!("{intro}\n");
        let mut sections = Vec::new();
        for (i, (heading, body)) in parts.iter().enumerate() {
            sections.push(Section {
                id: format!("s{i}"),
                heading: (*heading).into(),
                offset: text.len(),
            });
            text.push_str(&format!("{heading}\n{body}\n"));
        }
        Document {
            id: id.into(),
            title: format!("Page {id}"),
            text,
            sections,
            ..Document::default()
        }
    }

    fn corpus() -> Vec<Document> {
        vec![
            page(
                "guide",
                "How to keep backups.",
                &[
                    ("Install", "Download the archive and unpack it."),
                    (
                        "Snapshots",
                        "A snapshot copies the folder; restore brings files back from a \
                         snapshot, and a restore can pick single files.",
                    ),
                    (
                        "Pruning",
                        "Old snapshots are dropped; you can still restore recent ones.",
                    ),
                    ("Restore", "Pick a snapshot."),
                ],
            ),
            Document {
                id: "plain".into(),
                title: "No headings".into(),
                text: "A page about restore without sections.".into(),
                ..Document::default()
            },
            // Offsets at the end: the last section has only its heading, and a section
            // ends where the text ends.
            Document {
                id: "tail".into(),
                title: "Tail".into(),
                text: "intro restore\nEnd restore".into(),
                sections: vec![Section {
                    id: "end".into(),
                    heading: "End restore".into(),
                    offset: 14,
                }],
                ..Document::default()
            },
        ]
    }

    fn sections_of(s: &Searcher<'_>, query: &str, id: &str) -> Vec<String> {
        let response = s.search(query, &SearchOptions::default());
        let hit = response.hits.iter().find(|h| h.doc.id == id).expect(id);
        hit.sections.iter().map(|x| x.id.to_owned()).collect()
    }

    #[test]
    fn the_section_holding_the_query_words_comes_first() {
        let image = build_image(&corpus(), "test").unwrap();
        let s = Searcher::new(Index::open(&image).unwrap());
        assert_eq!(sections_of(&s, "archive unpack", "guide"), ["s0"]);
        // "single files" is only in the snapshots section.
        assert_eq!(sections_of(&s, "single files", "guide")[0], "s1");
    }

    #[test]
    fn a_heading_match_beats_passing_mentions() {
        let image = build_image(&corpus(), "test").unwrap();
        let s = Searcher::new(Index::open(&image).unwrap());
        // "restore" is the heading of s3 and mentioned twice in s1, once in s2.
        assert_eq!(sections_of(&s, "restore", "guide"), ["s3", "s1", "s2"]);
        let response = s.search("restore", &SearchOptions::default());
        let hit = response.hits.iter().find(|h| h.doc.id == "guide").unwrap();
        let first = &hit.sections[0];
        assert_eq!(
            (first.heading, first.heading_highlights.as_slice()),
            ("Restore", &[(0, 7)][..])
        );
        assert_eq!(first.snippet.text, "Pick a snapshot.");
        let second = &hit.sections[1];
        assert_eq!(second.snippet.highlights.len(), 2, "{:?}", second.snippet);
        // The option caps the list; 0 turns it off.
        let one = SearchOptions {
            sections: 1,
            ..SearchOptions::default()
        };
        let off = SearchOptions {
            sections: 0,
            ..SearchOptions::default()
        };
        for (options, n) in [(one, 1), (off, 0)] {
            let r = s.search("restore", &options);
            assert_eq!(
                r.hits
                    .iter()
                    .find(|h| h.doc.id == "guide")
                    .unwrap()
                    .sections
                    .len(),
                n
            );
        }
    }

    #[test]
    fn pages_without_sections_or_matches_list_none() {
        let image = build_image(&corpus(), "test").unwrap();
        let s = Searcher::new(Index::open(&image).unwrap());
        assert!(sections_of(&s, "restore", "plain").is_empty());
        // The guide matches "keep" in its intro only: no section matches.
        assert!(sections_of(&s, "keep ", "guide").is_empty());
    }

    #[test]
    fn a_section_at_the_end_of_the_text() {
        let image = build_image(&corpus(), "test").unwrap();
        let s = Searcher::new(Index::open(&image).unwrap());
        let response = s.search("restore", &SearchOptions::default());
        let hit = response.hits.iter().find(|h| h.doc.id == "tail").unwrap();
        assert_eq!(hit.sections.len(), 1);
        assert_eq!(hit.sections[0].id, "end");
        assert_eq!(hit.sections[0].snippet.text, "", "only its heading");
    }

    #[test]
    fn page_ranking_is_the_same_with_and_without_sections() {
        let with = build_image(&corpus(), "test").unwrap();
        let mut docs = corpus();
        docs.iter_mut().for_each(|d| d.sections.clear());
        let without = build_image(&docs, "test").unwrap();
        let a = Searcher::new(Index::open(&with).unwrap());
        let b = Searcher::new(Index::open(&without).unwrap());
        for q in [
            "restore",
            "snapshot files",
            "archive",
            "\"single files\"",
            "restor",
        ] {
            let o = SearchOptions::default();
            assert_eq!(a.rank(q, &o).ranked, b.rank(q, &o).ranked, "{q}");
        }
    }
}
