//! Snippet: the best window of a document's text around the densest query matches, with
//! highlight ranges. Text is re-analyzed with the same analyzer, so what is highlighted is
//! exactly what matched. Output is plain text plus ranges; nothing here interprets HTML.

use std::cell::Cell;

use crate::analysis::{Analyzer, Heads, Token};
use crate::limits::{MIN_SNIPPET_SCAN_BYTES, SNIPPET_GOAL_MAX, SNIPPET_SCAN_BUDGET};
use crate::sort::sort_by;

pub use crate::limits::MAX_SNIPPET_SCAN_BYTES;

/// A window of text with highlight byte ranges into `text`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
}

/// Words of context shown before the first match of the window.
pub const LEAD_WORDS: u32 = 4;
/// Bytes analyzed first when looking for a snippet window; the scan grows 4× per round.
const FIRST_SCAN_BYTES: usize = 2048;
/// Marks cut text at either end of a snippet.
pub const ELLIPSIS: &str = "…";
/// Punctuation characters attached to a window's first or last word that are kept with it.
const MAX_ATTACHED_CHARS: usize = 8;

/// What to highlight: matched terms (sorted) and phrases (term sequences). The words of a
/// phrase are highlighted on their own only when they are also listed as terms (a quoted
/// phrase lists them; a multi-word synonym does not, so "DPRK" never lights up "Korea").
#[derive(Debug, Clone)]
pub struct Highlighter {
    terms: Vec<String>,
    phrases: Vec<Vec<String>>,
    /// The first two characters of every term: words that start otherwise cannot stem to a
    /// term (in most languages, see `Heads`), so they are not stemmed while looking for
    /// matches.
    heads: Heads,
    /// Distinct matches after which the scan stops (one per query word slot, at most
    /// `SNIPPET_GOAL_MAX`).
    goal: usize,
    /// Bytes the snippets of this search may still scan (`SNIPPET_SCAN_BUDGET`).
    scan_left: Cell<usize>,
    /// Bytes analyzed by this highlighter's snippets so far.
    scanned: Cell<usize>,
}

impl Default for Highlighter {
    fn default() -> Self {
        Highlighter::new(Vec::new(), Vec::new())
    }
}

impl Highlighter {
    pub fn new(mut terms: Vec<String>, mut phrases: Vec<Vec<String>>) -> Self {
        sort_by(&mut terms, |a, b| a.cmp(b));
        terms.dedup();
        // `"to the" OR "to the" OR …`: each distinct phrase is looked for once.
        sort_by(&mut phrases, |a, b| a.cmp(b));
        phrases.dedup();
        let heads = Heads::new(
            terms
                .iter()
                .chain(phrases.iter().flatten())
                .map(String::as_str),
        );
        Highlighter {
            terms,
            phrases,
            heads,
            goal: SNIPPET_GOAL_MAX,
            scan_left: Cell::new(SNIPPET_SCAN_BUDGET),
            scanned: Cell::new(0),
        }
    }

    /// Lets the snippet scan stop early once a window holds `goal` distinct matches (at
    /// most `SNIPPET_GOAL_MAX`: a 24-word window rarely holds more, and a goal no window
    /// reaches made every hit scan its whole text).
    pub fn with_goal(mut self, goal: usize) -> Self {
        self.goal = goal.clamp(1, SNIPPET_GOAL_MAX);
        self
    }

    /// Bytes of text the snippets of this highlighter analyzed (each round of a growing
    /// scan counts what it analyzed).
    pub fn scanned(&self) -> usize {
        self.scanned.get()
    }

    /// Analyzes `text`, stemming only words that could match.
    fn analyze(&self, analyzer: &Analyzer, text: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        analyzer.analyze_for(text, &self.heads, &mut tokens);
        tokens
    }

    #[cfg(test)]
    fn is_match(&self, term: &str) -> bool {
        self.terms
            .binary_search_by(|t| t.as_str().cmp(term))
            .is_ok()
    }

    /// What can match: the terms, then the phrases (a match's key indexes this list).
    pub fn key_count(&self) -> usize {
        self.terms.len() + self.phrases.len()
    }

    /// The analyzed terms of key `key`: one term, or a phrase's terms.
    pub fn key_terms(&self, key: usize) -> &[String] {
        match key.checked_sub(self.terms.len()) {
            None => std::slice::from_ref(&self.terms[key]),
            Some(p) => self.phrases.get(p).map_or(&[], Vec::as_slice),
        }
    }

    /// Counts the matches in `text` per key (`counts[key] += 1` per match; see
    /// [`Highlighter::key_count`]; `counts` must hold that many) and returns the number of
    /// words analyzed. Unlike highlights, matches are not merged: a quoted phrase counts as
    /// the phrase and as each of its words.
    pub fn count_matches(&self, analyzer: &Analyzer, text: &str, counts: &mut [u32]) -> usize {
        let tokens = self.analyze(analyzer, text);
        for m in self.matches(&tokens) {
            if let Some(c) = counts.get_mut(m.4) {
                *c += 1;
            }
        }
        tokens.len()
    }

    /// Every match in `tokens`, unmerged: (start, end, word position, token index, key).
    fn matches(&self, tokens: &[Token]) -> Vec<(usize, usize, u32, usize, usize)> {
        let mut ranges: Vec<(usize, usize, u32, usize, usize)> = tokens
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                // A skipped word (empty term, see `Heads`) matches nothing: most words of a
                // text are, and the binary search was a fifth of MDN's search time.
                if t.term.is_empty() {
                    return None;
                }
                let key = self
                    .terms
                    .binary_search_by(|x| x.as_str().cmp(&t.term))
                    .ok()?;
                Some((t.start, t.end, t.position, i, key))
            })
            .collect();
        if !self.phrases.is_empty() {
            // Phrase view: identifier wholes are skipped, their parts kept.
            let flat: Vec<(usize, &Token)> = tokens
                .iter()
                .enumerate()
                .filter(|&(i, t)| {
                    t.part
                        || !tokens
                            .get(i + 1)
                            .is_some_and(|n| n.part && n.start == t.start)
                })
                .collect();
            for (p, phrase) in self.phrases.iter().enumerate() {
                if phrase.len() < 2 {
                    continue;
                }
                let key = self.terms.len() + p;
                for w in flat.windows(phrase.len()) {
                    // Terms first: most windows fail on their first word.
                    let same = w.iter().zip(phrase).all(|((_, t), p)| &t.term == p);
                    if same
                        && w.windows(2)
                            .all(|p| p[1].1.position == p[0].1.position.saturating_add(1))
                    {
                        ranges.push((
                            w[0].1.start,
                            w[w.len() - 1].1.end,
                            w[0].1.position,
                            w[0].0,
                            key,
                        ));
                    }
                }
            }
        }
        ranges
    }

    /// Byte ranges of every match in `tokens` (phrases as one range), sorted, merged, each
    /// with its word position and matched term.
    fn ranges(&self, tokens: &[Token]) -> Vec<(usize, usize, u32, usize)> {
        let mut ranges: Vec<(usize, usize, u32, usize)> = self
            .matches(tokens)
            .into_iter()
            .map(|(s, e, p, i, _)| (s, e, p, i))
            .collect();
        sort_by(&mut ranges, |a, b| a.cmp(b));
        let mut merged: Vec<(usize, usize, u32, usize)> = Vec::with_capacity(ranges.len());
        for r in ranges {
            match merged.last_mut() {
                Some(last) if r.0 < last.1 => last.1 = last.1.max(r.1),
                _ => merged.push(r),
            }
        }
        merged
    }

    /// Highlights every match in a short text (a title), without cutting it.
    pub fn highlight_all(&self, analyzer: &Analyzer, text: &str) -> Vec<(usize, usize)> {
        let tokens = self.analyze(analyzer, text);
        self.ranges(&tokens)
            .into_iter()
            .map(|(s, e, _, _)| (s, e))
            .collect()
    }

    /// The best window of about `words` words of `text`.
    pub fn snippet(&self, analyzer: &Analyzer, text: &str, words: usize) -> Snippet {
        let words = words.clamp(4, 200) as u32;
        let allowed = self.scan_left.get().max(MIN_SNIPPET_SCAN_BYTES);
        let mut limit = text.len().min(MAX_SNIPPET_SCAN_BYTES).min(allowed);
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        // Analyze a growing prefix of the text (cut at whitespace, so no word is split) until
        // a window reaches the goal and is complete, or the scan limit is reached. Most
        // documents match early; long ones are not analyzed to the end.
        let mut scan = FIRST_SCAN_BYTES;
        let (tokens, ranges, best_start) = loop {
            let cut = if scan >= limit {
                limit
            } else {
                // `scan` may fall inside a multi-byte character: back up to its start.
                let mut at = scan;
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text[..at]
                    .rfind(char::is_whitespace)
                    .filter(|&i| i > 0)
                    .unwrap_or(at)
            };
            self.scan_left.set(self.scan_left.get().saturating_sub(cut));
            self.scanned.set(self.scanned.get().saturating_add(cut));
            let tokens = self.analyze(analyzer, &text[..cut]);
            let ranges = self.ranges(&tokens);
            let (best_start, distinct) = best_window(&tokens, &ranges, words);
            let covered = tokens
                .last()
                .is_some_and(|t| t.position >= best_start + words);
            if cut >= limit || (distinct >= self.goal && covered) {
                break (tokens, ranges, best_start);
            }
            scan = scan.saturating_mul(4);
        };
        if tokens.is_empty() {
            return Snippet::default();
        }
        let window_end = best_start + words;
        let first = tokens.iter().find(|t| t.position >= best_start);
        let last = tokens.iter().rev().find(|t| t.position < window_end);
        let (Some(first), Some(last)) = (first, last) else {
            return Snippet::default();
        };
        // Widen to whole whitespace-delimited words, so punctuation attached to the first and
        // last word (quotes, brackets, a full stop) stays.
        let mut byte_start = first.start;
        let before = &text[..byte_start];
        if let Some((i, _)) = before
            .char_indices()
            .rev()
            .take(MAX_ATTACHED_CHARS)
            .take_while(|&(_, c)| !c.is_whitespace())
            .last()
        {
            byte_start = i;
        }
        let mut byte_end = last.end.max(first.start);
        byte_end += text[byte_end..]
            .char_indices()
            .take(MAX_ATTACHED_CHARS)
            .take_while(|&(_, c)| !c.is_whitespace())
            .map(|(_, c)| c.len_utf8())
            .sum::<usize>();
        let mut out = Snippet::default();
        if !text[..byte_start].trim().is_empty() {
            out.text.push_str(ELLIPSIS);
            out.text.push(' ');
        }
        // Copy the window, collapsing whitespace runs, and map highlight ranges along.
        let pending: Vec<(usize, usize)> = ranges
            .iter()
            .filter(|r| r.0 >= byte_start && r.1 <= byte_end)
            .map(|r| (r.0, r.1))
            .collect();
        let mut next = 0;
        // (start in output, end in source) of the highlight being copied.
        let mut open: Option<(usize, usize)> = None;
        let mut in_space = false;
        for (i, c) in text[byte_start..byte_end].char_indices() {
            let at = byte_start + i;
            if let Some((s, e)) = open {
                if at >= e {
                    out.highlights.push((s, out.text.len()));
                    open = None;
                }
            }
            if open.is_none() && pending.get(next).is_some_and(|&(s, _)| s == at) {
                open = Some((out.text.len(), pending[next].1));
                next += 1;
            }
            if c.is_whitespace() {
                if !in_space {
                    out.text.push(' ');
                }
                in_space = true;
            } else {
                out.text.push(c);
                in_space = false;
            }
        }
        if let Some((s, _)) = open {
            out.highlights.push((s, out.text.len()));
        }
        if !text[byte_end..].trim().is_empty() {
            out.text.push(' ');
            out.text.push_str(ELLIPSIS);
        }
        out
    }
}

/// The window start whose window [p - LEAD, p - LEAD + words) holds the most distinct matched
/// terms, then the most matches, then the earliest; with its distinct count.
fn best_window(
    tokens: &[Token],
    ranges: &[(usize, usize, u32, usize)],
    words: u32,
) -> (u32, usize) {
    let mut best_start = 0u32;
    let mut best_key = (0usize, 0usize);
    for (i, &(_, _, p, _)) in ranges.iter().enumerate() {
        let start = p.saturating_sub(LEAD_WORDS);
        let end = start + words;
        let mut distinct: Vec<&str> = ranges[i..]
            .iter()
            .take_while(|r| r.2 < end)
            .map(|r| tokens[r.3].term.as_str())
            .collect();
        let matches = distinct.len();
        sort_by(&mut distinct, |a, b| a.cmp(b));
        distinct.dedup();
        let key = (distinct.len(), matches);
        if key > best_key {
            best_key = key;
            best_start = start;
        }
    }
    (best_start, best_key.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(s: &Snippet) -> Vec<&str> {
        s.highlights.iter().map(|&(a, b)| &s.text[a..b]).collect()
    }

    #[test]
    fn highlights_terms_and_phrases() {
        let analyzer = Analyzer::new();
        let hl = Highlighter::new(
            vec!["extend".into(), "deterr".into()],
            vec![vec!["extend".into(), "deterr".into()]],
        );
        let s = hl.snippet(
            &analyzer,
            "We will strengthen extended   deterrence, and deterrence.",
            24,
        );
        assert_eq!(marked(&s), ["extended deterrence", "deterrence"]);
        assert_eq!(
            s.text,
            "We will strengthen extended deterrence, and deterrence."
        );
    }

    #[test]
    fn picks_the_densest_window_and_marks_cuts() {
        let analyzer = Analyzer::new();
        let text = format!(
            "{} camp david summit {}",
            "filler ".repeat(100),
            "tail ".repeat(100)
        );
        let hl = Highlighter::new(vec!["camp".into(), "david".into()], vec![]);
        let s = hl.snippet(&analyzer, &text, 10);
        assert!(s.text.starts_with("… "), "{}", s.text);
        assert!(s.text.ends_with(" …"), "{}", s.text);
        assert_eq!(marked(&s), ["camp", "david"]);
    }

    #[test]
    fn html_is_just_text() {
        let analyzer = Analyzer::new();
        let hl = Highlighter::new(vec!["script".into()], vec![]);
        let s = hl.snippet(&analyzer, "<script>alert(1)</script>", 24);
        assert_eq!(s.text, "<script>alert(1)</script>");
        assert_eq!(marked(&s), ["script", "script"]);
    }

    #[test]
    fn no_match_gives_the_opening() {
        let analyzer = Analyzer::new();
        let s = Highlighter::default().snippet(&analyzer, "one two three four five", 4);
        assert_eq!(s.text, "one two three four …");
        assert!(s.highlights.is_empty());
        assert_eq!(
            Highlighter::default().snippet(&analyzer, "  ", 4),
            Snippet::default()
        );
    }

    #[test]
    fn long_text_with_multibyte_characters_at_the_scan_boundaries() {
        // Regression: the first scan ended inside a multi-byte character and panicked.
        let analyzer = Analyzer::new();
        for pad in 0..4 {
            let text = format!(
                "{}{}{} needle",
                "x".repeat(pad),
                "é€😀 ".repeat(2000),
                "word "
            );
            let hl = Highlighter::new(vec!["needl".into()], vec![]).with_goal(1);
            let s = hl.snippet(&analyzer, &text, 8);
            assert_eq!(marked(&s), ["needle"]);
        }
    }

    proptest::proptest! {
        #[test]
        fn long_texts_never_panic(unit in "[a-zé€😀 ]{1,12}", repeat in 100usize..1200, goal in 1usize..3) {
            let analyzer = Analyzer::new();
            let text = unit.repeat(repeat);
            let terms: Vec<String> = analyzer.analyze(&unit).into_iter().map(|t| t.term).collect();
            let _ = Highlighter::new(terms, vec![]).with_goal(goal).snippet(&analyzer, &text, 24);
        }

        #[test]
        fn skipping_unlikely_words_changes_nothing(text in "[a-zA-Z' ]{0,300}", pick in 0usize..50) {
            // Highlights with selective stemming equal highlights with every word stemmed.
            let analyzer = Analyzer::new();
            let all = analyzer.analyze(&text);
            let terms: Vec<String> = all.iter().skip(pick % all.len().max(1)).step_by(3).map(|t| t.term.clone()).collect();
            let hl = Highlighter::new(terms, vec![]);
            let expected: Vec<(usize, usize)> = all.iter().filter(|t| hl.is_match(&t.term)).map(|t| (t.start, t.end)).collect();
            let mut merged: Vec<(usize, usize)> = Vec::new();
            for r in expected {
                match merged.last_mut() {
                    Some(last) if r.0 < last.1 => last.1 = last.1.max(r.1),
                    _ => merged.push(r),
                }
            }
            proptest::prop_assert_eq!(hl.highlight_all(&analyzer, &text), merged);
        }

        #[test]
        fn ranges_are_valid(text in "\\PC{0,200}", words in 1usize..40) {
            let analyzer = Analyzer::new();
            let terms: Vec<String> = analyzer.analyze(&text).into_iter().step_by(2).map(|t| t.term).collect();
            let s = Highlighter::new(terms, vec![]).snippet(&analyzer, &text, words);
            let mut last = 0;
            for &(a, b) in &s.highlights {
                proptest::prop_assert!(a >= last && a < b && b <= s.text.len());
                proptest::prop_assert!(s.text.is_char_boundary(a) && s.text.is_char_boundary(b));
                last = b;
            }
        }
    }
}
