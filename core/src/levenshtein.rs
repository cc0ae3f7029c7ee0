//! A Levenshtein automaton for searching the FST term dictionary: finds every term within
//! edit distance `max` of a query term without scanning the dictionary. The state is one row
//! of the classic dynamic-programming matrix; `can_match` prunes any branch whose row minimum
//! already exceeds `max`. Distances count bytes, which equals characters for ASCII terms.

use fst::Automaton;

/// Matches terms within `max` edits of `query`; in prefix mode, terms that *start with*
/// something within `max` edits of `query` (type-ahead with typos).
#[derive(Debug, Clone)]
pub struct Levenshtein<'q> {
    query: &'q [u8],
    max: u8,
    prefix: bool,
}

/// Longest query (in bytes) the automaton accepts; longer ones are cut (cost grows with length).
pub const MAX_AUTOMATON_QUERY: usize = 48;

impl<'q> Levenshtein<'q> {
    pub fn new(query: &'q str, max: u8, prefix: bool) -> Self {
        let bytes = query.as_bytes();
        Levenshtein {
            query: &bytes[..bytes.len().min(MAX_AUTOMATON_QUERY)],
            max,
            prefix,
        }
    }

    /// Edit distance between the query and `term` (for ranking the candidates found).
    pub fn distance(&self, term: &str) -> u8 {
        let mut row: Vec<u8> = (0..=self.query.len()).map(|i| i as u8).collect();
        let mut best_prefix = row[self.query.len()];
        for &b in term.as_bytes() {
            row = self.step(&row, b);
            best_prefix = best_prefix.min(row[self.query.len()]);
        }
        if self.prefix {
            best_prefix
        } else {
            row[self.query.len()]
        }
    }

    fn step(&self, row: &[u8], byte: u8) -> Vec<u8> {
        let mut next = Vec::with_capacity(row.len());
        next.push(row[0].saturating_add(1));
        for (i, &q) in self.query.iter().enumerate() {
            let substitute = row[i].saturating_add(u8::from(q != byte));
            let delete = row[i + 1].saturating_add(1);
            let insert = next[i].saturating_add(1);
            next.push(substitute.min(delete).min(insert).min(self.max + 1));
        }
        next
    }
}

/// Automaton state: the DP row, and (prefix mode) whether a prefix already matched.
#[derive(Debug, Clone)]
pub struct LevState {
    row: Vec<u8>,
    matched_prefix: bool,
}

impl Automaton for Levenshtein<'_> {
    type State = Option<LevState>;

    fn start(&self) -> Self::State {
        let row: Vec<u8> = (0..=self.query.len())
            .map(|i| (i as u8).min(self.max + 1))
            .collect();
        let matched_prefix = self.prefix && row[self.query.len()] <= self.max;
        Some(LevState {
            row,
            matched_prefix,
        })
    }

    fn is_match(&self, state: &Self::State) -> bool {
        state
            .as_ref()
            .is_some_and(|s| s.matched_prefix || s.row.last().is_some_and(|&d| d <= self.max))
    }

    fn can_match(&self, state: &Self::State) -> bool {
        state.is_some()
    }

    fn accept(&self, state: &Self::State, byte: u8) -> Self::State {
        let state = state.as_ref()?;
        if state.matched_prefix {
            return Some(state.clone());
        }
        let row = self.step(&state.row, byte);
        if row.iter().min().is_some_and(|&m| m > self.max) {
            return None;
        }
        let matched_prefix = self.prefix && row.last().is_some_and(|&d| d <= self.max);
        Some(LevState {
            row,
            matched_prefix,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fst::{IntoStreamer, Set, Streamer};

    fn matches(words: &[&str], query: &str, max: u8, prefix: bool) -> Vec<String> {
        let set = Set::from_iter(words.iter().copied()).unwrap();
        let mut stream = set
            .search(Levenshtein::new(query, max, prefix))
            .into_stream();
        let mut out = Vec::new();
        while let Some(k) = stream.next() {
            out.push(String::from_utf8(k.to_vec()).unwrap());
        }
        out
    }

    const WORDS: &[&str] = &[
        "camp", "champ", "cramp", "damp", "david", "deterr", "lamp", "stamp",
    ];

    #[test]
    fn distance_one_and_two() {
        assert_eq!(
            matches(WORDS, "camp", 1, false),
            ["camp", "champ", "cramp", "damp", "lamp"]
        );
        assert_eq!(matches(WORDS, "dvaid", 2, false), ["david"]);
        assert!(matches(WORDS, "dvaid", 1, false).is_empty());
    }

    #[test]
    fn prefix_mode_accepts_completions_with_typos() {
        assert_eq!(matches(WORDS, "detr", 1, true), ["deterr"]);
        assert_eq!(Levenshtein::new("detr", 1, true).distance("deterr"), 1);
        assert_eq!(Levenshtein::new("dvaid", 2, false).distance("david"), 2);
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_plain_edit_distance(q in "[a-e]{0,6}", words in proptest::collection::btree_set("[a-e]{0,6}", 0..20)) {
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            let found = matches(&words, &q, 1, false);
            for w in &words {
                let d = strsim(&q, w);
                proptest::prop_assert_eq!(found.contains(&w.to_string()), d <= 1, "{} {} {}", q, w, d);
            }
        }
    }

    fn strsim(a: &str, b: &str) -> usize {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for i in 1..=a.len() {
            let mut cur = vec![i; b.len() + 1];
            for j in 1..=b.len() {
                cur[j] = (prev[j - 1] + usize::from(a[i - 1] != b[j - 1]))
                    .min(prev[j] + 1)
                    .min(cur[j - 1] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    }
}
