//! Limits: every cap on the work one query may cause, in one place. A query comes from
//! anyone who can type or send a link; each cap below makes its cost bounded whatever the
//! text, and what happens at the cap is fixed (documented in the README, "Query language",
//! "Limits"):
//!
//! | cap | at the cap |
//! |-----|------------|
//! | [`MAX_QUERY_BYTES`] | the rest of the text is ignored |
//! | [`MAX_QUERY_WORDS`] | further words are ignored, with any `OR` alternatives attached to them |
//! | [`MAX_GROUPS`] | the most informative words are kept (`search::select`) |
//! | [`MAX_ALTERNATIVES`] | further `OR` alternatives of that slot are ignored |
//! | [`MAX_EXCLUSIONS`] | further `-word`/`-"phrase"` are ignored |
//! | [`MAX_PHRASE_TERMS`] | a phrase matches on its first this many words |
//! | [`MAX_PREFIX_EXPANSIONS`], [`PREFIX_SCAN_LIMIT`] | the most frequent completions win |
//! | [`MAX_TYPO_EXPANSIONS`], [`TYPO_SCAN_LIMIT`] | the closest, most frequent corrections win |
//! | [`POSTINGS_BUDGET`] | reading stops: later parts of the query add nothing |
//! | [`MAX_SNIPPET_SCAN_BYTES`], [`SNIPPET_SCAN_BUDGET`] | snippets come from the text scanned |
//! | [`MAX_SECTIONS`] | a result lists at most this many sections |
//! | [`SECTION_SCAN_BUDGET`] | sections past the text scanned are not ranked |
//! | [`MAX_WALK_CHECKPOINTS`] | further long lists are walked by each phrase (memory a searcher keeps, 5 MB) |
//! | [`MAX_TITLE_CACHE_BYTES`] | the kept titles are forgotten and analyzed again (memory a searcher keeps) |
//!
//! Measured on MDN (14,076 pages, natively, `core/tests/adversarial.rs` prints them): an
//! excluded phrase of 1,000 words went from 165 s and +4.9 GB to 29 ms and +0.4 MB; no query
//! we built peaks above +0.7 MB; the slowest (32 two-letter words, which reads the whole
//! budget) takes 72 ms with the budget below (1.1 s with 4 million, 0.9 s before any cap;
//! 2-core machine under load).

/// Longest query (in bytes) the parser looks at; the rest is ignored.
pub const MAX_QUERY_BYTES: usize = 4096;
/// Most words (with their `OR` alternatives) the parser reads; further words are ignored,
/// together with any `OR` alternatives attached to them. Each is looked up before
/// `MAX_GROUPS` chooses among them, so this bounds the planning work: 512 words is a pasted
/// page (an abstract is 200–300), and 4 KB of text holds at most about 800 words of 4
/// letters. Words of a query over `MAX_GROUPS` get no typo corrections (`search::plan`):
/// 512 unknown or mistyped words take 0.5 ms on MDN natively, 0.3–0.5 s with corrections.
pub const MAX_QUERY_WORDS: usize = 512;
/// Most word slots a query is scored by; 64 is the per-document bit set of matched slots (a
/// `u64`). A query of more words is pasted text, which ranks by BM25F alone (see
/// `score::KNOWN_ITEM_MAX_WORDS`), and keeps its most informative words (`search::select`):
/// repeated words merge, stop words go, then the rarest words stay. Until that selection,
/// the first 64 words were kept, stop words included, so a passage was searched by its
/// first sentence or two. 32 → 64 had already measured: nDCG@10 MED 0.6900 → 0.6932
/// (queries 27 and 29, of 39 and 45 words besides stop words, had lost their last words).
pub const MAX_GROUPS: usize = 64;
/// Most alternatives (`a OR b OR …`) in one slot. Each may expand to a phrase or to up to
/// [`MAX_TYPO_EXPANSIONS`] corrections: without a cap, 526 alternatives fit in 4 KB.
pub const MAX_ALTERNATIVES: usize = 8;
/// Most excluded words or phrases per query (each reads its terms' postings).
pub const MAX_EXCLUSIONS: usize = 8;
/// Most words in one phrase (quoted, or the parts of an identifier, or a synonym). Longer
/// phrases match on their first this many words. Phrases of real queries are 2–5 words; 16
/// words of text in order are as specific as a whole sentence.
pub const MAX_PHRASE_TERMS: usize = 16;
/// Completions kept for the unfinished last word (the most frequent ones).
pub const MAX_PREFIX_EXPANSIONS: usize = 50;
/// Dictionary entries examined for a prefix before choosing the completions.
pub const PREFIX_SCAN_LIMIT: usize = 4000;
/// Typo corrections kept per word.
pub const MAX_TYPO_EXPANSIONS: usize = 8;
/// Dictionary entries examined for typo corrections.
pub const TYPO_SCAN_LIMIT: usize = 2000;
/// Work units one query may spend reading postings: one per posting read plus one per
/// position decoded (phrases and proximity). Exclusions are read first, then the slots in
/// query order, then the proximity bonus; what would pass the budget is not read at all,
/// so the results are those of the part of the query read within it (deterministic).
/// 4,000,000 → 1,000,000: SciFact train, MDN dev, CACM, MED and NPL score the same to four
/// decimals (bakedsearch-eval, all five), and the slowest constructed query (32
/// two-letter words on MDN) drops from 1.1 s to 72 ms natively; 250,000 starts to truncate
/// real long queries (SciFact nDCG@10 −0.0001, NPL +0.0002).
pub const POSTINGS_BUDGET: usize = 1_000_000;
/// Postings of the long lists phrases have read, kept by a searcher as checkpoints (20 bytes
/// each: 5 MB) so that later phrases seek in them instead of walking them again
/// (`search::walks`). A stop word's list is about as long as the collection; past this many,
/// the next list is walked by each phrase, as before.
pub const MAX_WALK_CHECKPOINTS: usize = 256 * 1024;
/// Analyzed titles a searcher keeps for the title re-ranking (`search::title`): past this,
/// it forgets them all and starts over. MDN's 14,076 titles (39,924 words) take about
/// 0.83 MB, and the table of where each document's words are 8 bytes a document.
pub const MAX_TITLE_CACHE_BYTES: usize = 4 << 20;
/// Text of one document scanned for its snippet at most (the rest is rarely better).
pub const MAX_SNIPPET_SCAN_BYTES: usize = 128 * 1024;
/// Text scanned for all the snippets of one search together: a query of many short words
/// that no window holds together made every hit scan its whole 128 KB (32 two-letter words:
/// 212 ms on MDN). Hits later in the page get what is left, and at least
/// [`MIN_SNIPPET_SCAN_BYTES`].
pub const SNIPPET_SCAN_BUDGET: usize = 256 * 1024;
/// Text every hit may scan for its snippet even when the page's budget is spent.
pub const MIN_SNIPPET_SCAN_BYTES: usize = 8 * 1024;
/// The snippet scan stops once a window holds this many distinct matched words (or one per
/// word slot, if fewer): no 24-word window of text holds the 32 words of a long query.
pub const SNIPPET_GOAL_MAX: usize = 8;
/// Sections listed per result by default (`SearchOptions::sections`): what a results list
/// shows under a page before it stops being a list of pages.
pub const DEFAULT_SECTIONS: usize = 3;
/// Most sections one result may list (the option is capped here): each is ranked over its
/// text and gets a snippet of its own.
pub const MAX_SECTIONS: usize = 10;
/// Text analyzed to rank the sections of all the pages one search returns. Each page scans
/// at most its first [`MAX_SNIPPET_SCAN_BYTES`] and at least [`MIN_SNIPPET_SCAN_BYTES`]; the
/// same sizes as the snippets' own budget, so sections at most double a page's snippet
/// work. Sections past the text scanned are not ranked.
pub const SECTION_SCAN_BUDGET: usize = 256 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_are_consistent() {
        const { assert!(MAX_GROUPS <= 64, "matched slots are a u64 bit set") };
        const { assert!(MAX_PREFIX_EXPANSIONS <= PREFIX_SCAN_LIMIT) };
        const { assert!(MAX_TYPO_EXPANSIONS <= TYPO_SCAN_LIMIT) };
        const { assert!(MIN_SNIPPET_SCAN_BYTES <= SNIPPET_SCAN_BUDGET) };
        const { assert!(MAX_SNIPPET_SCAN_BYTES <= SNIPPET_SCAN_BUDGET) };
        const { assert!(MAX_SNIPPET_SCAN_BYTES <= SECTION_SCAN_BUDGET) };
        const { assert!(DEFAULT_SECTIONS <= MAX_SECTIONS) };
        const { assert!(MAX_PHRASE_TERMS >= 2 && MAX_ALTERNATIVES >= 2 && MAX_EXCLUSIONS >= 1) };
    }
}
