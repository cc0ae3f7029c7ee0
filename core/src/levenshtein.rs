//! A Levenshtein automaton for searching the FST term dictionary: finds every term within
//! edit distance `max` of a query term without scanning the dictionary. The state is one row
//! of the classic dynamic-programming matrix (plus the row before it and the last byte, for
//! transpositions); a branch dies as soon as its row minimum exceeds `max`. Distances count
//! bytes, which equals characters for ASCII terms.
//!
//! The distance is Damerau's in its "optimal string alignment" form: swapping two adjacent
//! letters (`fcgolor` → `fgcolor`, `integraiton`) costs one edit, not two. Transpositions are
//! the commonest typing slip, and plain Levenshtein would need the distance-2 budget (words
//! of 8+ letters) to forgive them.

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

    /// Edit distance between the query and `term` (for ranking the candidates found), capped
    /// at `max + 1`.
    pub fn distance(&self, term: &str) -> u8 {
        let Some(mut state) = self.start() else {
            return self.max.saturating_add(1);
        };
        let mut best_prefix = state.row[self.query.len()];
        for &b in term.as_bytes() {
            state = self.step(&state, b);
            best_prefix = best_prefix.min(state.row[self.query.len()]);
        }
        if self.prefix {
            best_prefix
        } else {
            state.row[self.query.len()]
        }
    }

    /// The next DP row after reading `byte` (Damerau–Levenshtein, optimal string alignment).
    fn step(&self, state: &LevState, byte: u8) -> LevState {
        let (row, before) = (&state.row, &state.before);
        let cap = self.max.saturating_add(1);
        let mut next = [0u8; ROW];
        next[0] = row[0].saturating_add(1).min(cap);
        for (i, &q) in self.query.iter().enumerate() {
            let substitute = row[i].saturating_add(u8::from(q != byte));
            let delete = row[i + 1].saturating_add(1);
            let insert = next[i].saturating_add(1);
            let mut best = substitute.min(delete).min(insert);
            // Transposition: the query's bytes i-1, i are this byte and the previous one.
            if i >= 1 && q == state.last && self.query[i - 1] == byte && state.has_before {
                best = best.min(before[i - 1].saturating_add(1));
            }
            next[i + 1] = best.min(cap);
        }
        let matched_prefix = self.prefix && next[self.query.len()] <= self.max;
        LevState {
            before: *row,
            row: next,
            has_before: true,
            last: byte,
            matched_prefix,
        }
    }

    fn row_min(&self, state: &LevState) -> u8 {
        state.row[..=self.query.len()]
            .iter()
            .copied()
            .min()
            .unwrap_or(u8::MAX)
    }
}

/// Entries of a DP row: one per query byte, plus one.
const ROW: usize = MAX_AUTOMATON_QUERY + 1;

/// Automaton state: the DP row, the row before it and the byte read last (for
/// transpositions), and (prefix mode) whether a prefix already matched. Fixed-size arrays:
/// the FST search clones a state per transition, and heap rows made that the hot spot.
#[derive(Debug, Clone, Copy)]
pub struct LevState {
    row: [u8; ROW],
    before: [u8; ROW],
    has_before: bool,
    last: u8,
    matched_prefix: bool,
}

impl Automaton for Levenshtein<'_> {
    type State = Option<LevState>;

    fn start(&self) -> Self::State {
        let mut row = [0u8; ROW];
        for (i, slot) in row.iter_mut().enumerate().take(self.query.len() + 1) {
            *slot = (i as u8).min(self.max.saturating_add(1));
        }
        let matched_prefix = self.prefix && row[self.query.len()] <= self.max;
        Some(LevState {
            row,
            before: [0u8; ROW],
            has_before: false,
            last: 0,
            matched_prefix,
        })
    }

    fn is_match(&self, state: &Self::State) -> bool {
        state
            .as_ref()
            .is_some_and(|s| s.matched_prefix || s.row[self.query.len()] <= self.max)
    }

    fn can_match(&self, state: &Self::State) -> bool {
        state.is_some()
    }

    fn accept(&self, state: &Self::State, byte: u8) -> Self::State {
        let state = state.as_ref()?;
        if state.matched_prefix {
            return Some(*state);
        }
        let next = self.step(state, byte);
        // Rows never drop by more than one from the previous, so a transposition cannot
        // revive a row whose minimum already exceeds `max`.
        if self.row_min(&next) > self.max {
            return None;
        }
        Some(next)
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
        assert_eq!(matches(WORDS, "dxvix", 2, false), ["david"]);
        assert!(matches(WORDS, "dxvix", 1, false).is_empty());
    }

    #[test]
    fn prefix_mode_accepts_completions_with_typos() {
        assert_eq!(matches(WORDS, "detr", 1, true), ["deterr"]);
        assert_eq!(Levenshtein::new("detr", 1, true).distance("deterr"), 1);
        assert_eq!(Levenshtein::new("dxvix", 2, false).distance("david"), 2);
    }

    #[test]
    fn a_transposition_is_one_edit() {
        let words = ["fgcolor", "integration", "unrelated"];
        assert_eq!(matches(&words, "fcgolor", 1, false), ["fgcolor"]);
        assert_eq!(matches(&words, "integraiton", 1, false), ["integration"]);
        assert_eq!(Levenshtein::new("fcgolor", 2, false).distance("fgcolor"), 1);
        // Prefix mode: a transposition inside the typed prefix.
        assert_eq!(matches(&words, "itne", 1, true), ["integration"]);
        assert_eq!(Levenshtein::new("itne", 1, true).distance("integration"), 1);
        // Two transpositions are two edits.
        assert!(matches(&words, "fcgoolr", 1, false).is_empty());
        assert_eq!(matches(&words, "fcgoolr", 2, false), ["fgcolor"]);
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_damerau_edit_distance(q in "[a-e]{0,6}", words in proptest::collection::btree_set("[a-e]{0,6}", 0..20)) {
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            let found = matches(&words, &q, 1, false);
            for w in &words {
                let d = osa_distance(&q, w);
                proptest::prop_assert_eq!(found.contains(&w.to_string()), d <= 1, "{} {} {}", q, w, d);
                proptest::prop_assert_eq!(Levenshtein::new(&q, 2, false).distance(w) as usize, d.min(3));
            }
        }
    }

    /// Reference Damerau–Levenshtein distance (optimal string alignment), the full matrix.
    fn osa_distance(a: &str, b: &str) -> usize {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let mut v = (d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]))
                    .min(d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        d[a.len()][b.len()]
    }
}
