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
    /// The query's bytes from [`PAD`] on, [`NO_BYTE`] around them: `step` reads the bytes a
    /// band cell compares with, in or out of the query, without a branch or bounds check.
    padded: [u16; PADDED],
    max: u8,
    prefix: bool,
    /// Only terms that start with the query's first byte (`anchored`; never set for an
    /// empty query, which has no first byte).
    anchored: bool,
}

/// Longest query (in bytes) the automaton accepts; longer ones are cut (cost grows with length).
pub const MAX_AUTOMATON_QUERY: usize = 48;

/// The largest edit distance the automaton is built for (`new` caps `max` here).
pub const MAX_DISTANCE: u8 = 2;

/// Cells of the band of a DP row that can still hold a distance within [`MAX_DISTANCE`]: after
/// `i` bytes of the term, only the query prefixes of length `i - 2 ..= i + 2` can (a
/// distance is at least the difference of the lengths), so a state keeps those five, not the
/// whole row.
const BAND: usize = 2 * MAX_DISTANCE as usize + 1;

/// Where the query starts in [`Levenshtein::padded`]: band cell `k` after `depth` term bytes
/// compares query bytes `depth + k - 3` and `depth + k - 4` (for a transposition), at least
/// `-3` each.
const PAD: usize = 3;

/// `padded`'s length: the padding, the longest query and one band beyond it, which is as
/// deep as a live state gets (`step` reads out-of-range cells as `NO_BYTE` anyway).
const PADDED: usize = PAD + MAX_AUTOMATON_QUERY + BAND;

/// Equals no byte.
const NO_BYTE: u16 = 0x100;

impl<'q> Levenshtein<'q> {
    pub fn new(query: &'q str, max: u8, prefix: bool) -> Self {
        let bytes = query.as_bytes();
        let query = &bytes[..bytes.len().min(MAX_AUTOMATON_QUERY)];
        let mut padded = [NO_BYTE; PADDED];
        for (cell, &b) in padded[PAD..].iter_mut().zip(query) {
            *cell = u16::from(b);
        }
        Levenshtein {
            query,
            padded,
            max: max.min(MAX_DISTANCE),
            prefix,
            anchored: false,
        }
    }

    /// Like `new`, but only terms that start with the query's first byte (an empty query
    /// has none and restricts nothing): the search then skips every other first byte's
    /// subtree of the dictionary, where a distance-2 search spends most of its steps (see
    /// `expand`).
    pub fn anchored(query: &'q str, max: u8, prefix: bool) -> Self {
        Levenshtein {
            anchored: !query.is_empty(),
            ..Levenshtein::new(query, max, prefix)
        }
    }

    /// Edit distance between the query and `term` (for ranking the candidates found), capped
    /// at `max + 1`.
    pub fn distance(&self, term: &str) -> u8 {
        let mut state = self.initial();
        let mut best_prefix = self.whole(&state);
        for &b in term.as_bytes() {
            state = self.step(&state, b);
            best_prefix = best_prefix.min(self.whole(&state));
        }
        if self.prefix {
            best_prefix
        } else {
            self.whole(&state)
        }
    }

    fn cap(&self) -> u8 {
        self.max + 1
    }

    /// The query prefix length that band cell `k` stands for after `depth` term bytes, when
    /// there is one.
    fn prefix_len(&self, depth: u8, k: usize) -> Option<usize> {
        let j = (usize::from(depth) + k).checked_sub(usize::from(MAX_DISTANCE))?;
        (j <= self.query.len()).then_some(j)
    }

    /// The distance between the whole query and the term bytes read so far.
    fn whole(&self, state: &LevState) -> u8 {
        let n = self.query.len() + usize::from(MAX_DISTANCE);
        n.checked_sub(usize::from(state.depth))
            .and_then(|k| state.row.get(k).copied())
            .unwrap_or(self.cap())
    }

    fn initial(&self) -> LevState {
        let mut row = [self.cap(); BAND];
        for (k, cell) in row.iter_mut().enumerate() {
            if let Some(j) = self.prefix_len(0, k) {
                *cell = (j as u8).min(self.cap());
            }
        }
        let mut state = LevState {
            row,
            before: [self.cap(); BAND],
            depth: 0,
            last: 0,
            matched_prefix: false,
            next_bytes: ANY_BYTE,
            bytes: 0,
        };
        state.matched_prefix = self.prefix && self.whole(&state) <= self.max;
        if let (true, Some(&first)) = (self.anchored, self.query.first()) {
            state.next_bytes = u64::from_le_bytes([first; 8]);
            state.bytes = 1;
        }
        state
    }

    /// The next band after reading `byte` (Damerau–Levenshtein, optimal string alignment).
    /// Cell k of the next band is query prefix j = depth + 1 + k - 2; in the band before it,
    /// j - 1 is cell k, j is cell k + 1, and j - 2 one band further back is cell k again.
    /// One formula serves every cell: cells outside the query (j < 0 or j > its length) are
    /// `cap`, which no minimum picks, and the padding bytes equal no term byte, so j = 0 comes
    /// out as `depth` (the row before, plus one) without a case of its own. Stepping is the
    /// largest cost of a typo query (a third of MDN dev's, perf); this form against the
    /// per-cell cases and bounds checks it replaced: wasm32 under Node, typo queries p50
    /// 0.72 → 0.69 ms, p95 0.96 → 0.93 (natively within noise).
    fn step(&self, state: &LevState, byte: u8) -> LevState {
        let cap = self.cap();
        let depth = state.depth.saturating_add(1);
        let (row, before) = (&state.row, &state.before);
        let (b, last) = (u16::from(byte), u16::from(state.last));
        let len = self.query.len();
        let at = |i: usize| self.padded.get(i).copied().unwrap_or(NO_BYTE);
        let mut next = [cap; BAND];
        let mut insert = cap;
        for k in 0..BAND {
            // j + PAD - 1: where query byte j - 1 sits in `padded`.
            let i = usize::from(depth) + k;
            let q = at(i);
            let up = if k + 1 < BAND { row[k + 1] } else { cap };
            let mut best = (row[k] + u8::from(q != b)).min(up + 1).min(insert + 1);
            // Transposition: the query's bytes j-2, j-1 are this byte and the previous one.
            if q == last && at(i - 1) == b {
                best = best.min(before[k] + 1);
            }
            let inside = i >= 2 && i - 2 <= len;
            insert = if inside { best.min(cap) } else { cap };
            next[k] = insert;
        }
        let mut next = LevState {
            row: next,
            before: *row,
            depth,
            last: byte,
            matched_prefix: false,
            next_bytes: ANY_BYTE,
            bytes: 0,
        };
        next.matched_prefix = self.prefix && self.whole(&next) <= self.max;
        self.narrow(&mut next);
        next
    }

    /// Records in `state` the bytes that can follow it without every cell exceeding `max`,
    /// when it is tight (no cell below `max`): then a cell of the next band stays within
    /// `max` only by a match on the diagonal, from a cell at `max` whose next query byte is
    /// the byte read, so at most BAND bytes qualify and `accept` refuses the others without
    /// a step. Most transitions a distance-2 search tries leave such a state (every two-byte
    /// prefix that matched nothing is one). A transposition needs no byte of its own: into
    /// cell k it needs the band before at `max - 1` in cell k, and then this band's cell
    /// k - 1 (one deletion further) is at `max`, with that same byte on its diagonal.
    fn narrow(&self, state: &mut LevState) {
        if state.matched_prefix || state.row.iter().any(|&d| d < self.max) {
            return;
        }
        const { assert!(BAND <= 8, "one lane of next_bytes per band cell") };
        let mut bytes = [0u8; 8];
        let mut count = 0usize;
        let depth = usize::from(state.depth) + 1;
        for (k, &cell) in state.row.iter().enumerate() {
            // The next step's cell k compares query byte `depth + k` of `padded`; past the
            // query there is none.
            let next = self.padded.get(depth + k).copied().unwrap_or(NO_BYTE);
            let Ok(b) = u8::try_from(next) else {
                continue;
            };
            if cell == self.max && !bytes[..count].contains(&b) && count < bytes.len() {
                bytes[count] = b;
                count += 1;
            }
        }
        if count == 0 {
            state.bytes = 0;
            state.next_bytes = NO_BYTES;
            return;
        }
        // Unused lanes repeat the first byte, so only the listed bytes match.
        for lane in count..bytes.len() {
            bytes[lane] = bytes[0];
        }
        state.next_bytes = u64::from_le_bytes(bytes);
        state.bytes = count as u8;
    }
}

/// Automaton state: the band of the DP row, the band before it and the byte read last (for
/// transpositions), how many term bytes were read, and (prefix mode) whether a prefix already
/// matched, and the bytes that may follow a tight state (`narrow`). Small (24 bytes): the FST
/// search copies a state per live transition, and with the whole 49-cell rows this held
/// before, those copies and the steps over every cell were half of MDN dev's native ranking
/// time (perf); the band took its p95 from 1.55 to 1.08 ms. The bytes that may follow cost 9
/// bytes more and spare the step of most transitions tried: MDN dev's typo queries through
/// wasm32 under Node, a fresh searcher per pass, p50 0.76 → 0.575 ms, p95 1.03 → 0.91
/// (medians of four passes; natively p50 0.48 → 0.42).
#[derive(Debug, Clone, Copy)]
pub struct LevState {
    row: [u8; BAND],
    before: [u8; BAND],
    depth: u8,
    last: u8,
    matched_prefix: bool,
    /// The bytes that may follow, one per lane (`narrow`), or [`ANY_BYTE`] / [`NO_BYTES`].
    next_bytes: u64,
    /// How many lanes of `next_bytes` are listed (0 with `NO_BYTES` and `ANY_BYTE`).
    bytes: u8,
}

/// `LevState::next_bytes` of a state any byte may follow.
const ANY_BYTE: u64 = 0;
/// `LevState::next_bytes` of a state no byte may follow.
const NO_BYTES: u64 = 1;

impl LevState {
    /// Whether `byte` may lead to a live state (false only when it cannot).
    fn may_follow(&self, byte: u8) -> bool {
        if self.bytes == 0 {
            return self.next_bytes == ANY_BYTE;
        }
        // A lane equal to `byte` becomes zero: the classic has-a-zero-byte test.
        const LOW: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let x = self.next_bytes ^ (LOW * u64::from(byte));
        x.wrapping_sub(LOW) & !x & HIGH != 0
    }
}

impl Automaton for Levenshtein<'_> {
    type State = Option<LevState>;

    fn start(&self) -> Self::State {
        Some(self.initial())
    }

    fn is_match(&self, state: &Self::State) -> bool {
        // Anchored, the empty term has not read the first byte.
        state.as_ref().is_some_and(|s| {
            (s.matched_prefix || self.whole(s) <= self.max) && !(self.anchored && s.depth == 0)
        })
    }

    fn can_match(&self, state: &Self::State) -> bool {
        state.is_some()
    }

    fn accept(&self, state: &Self::State, byte: u8) -> Self::State {
        let state = state.as_ref()?;
        if !state.may_follow(byte) {
            return None;
        }
        if state.matched_prefix {
            // Any byte may follow a matched prefix (the start of an anchored search listed
            // one); the depth only tells `is_match` a byte was read.
            return Some(LevState {
                next_bytes: ANY_BYTE,
                bytes: 0,
                depth: state.depth.saturating_add(1),
                ..*state
            });
        }
        let next = self.step(state, byte);
        // Rows never drop by more than one from the previous, so a transposition cannot
        // revive a band whose minimum already exceeds `max`.
        if next.row.iter().all(|&d| d > self.max) {
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
        search(words, Levenshtein::new(query, max, prefix))
    }

    fn search(words: &[&str], automaton: Levenshtein) -> Vec<String> {
        let set = Set::from_iter(words.iter().copied()).unwrap();
        let mut stream = set.search(automaton).into_stream();
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
    fn the_state_stays_small() {
        // The FST search copies it per live transition (see `LevState`).
        assert_eq!(std::mem::size_of::<LevState>(), 24);
    }

    /// A tight state lists the bytes that may follow it, and refuses only bytes whose step
    /// leaves every cell above the distance.
    #[test]
    fn a_tight_state_refuses_only_dead_bytes() {
        for (query, max, prefix) in [
            ("fgcolor", 1, false),
            ("integration", 2, true),
            ("ab", 0, true),
        ] {
            let lev = Levenshtein::new(query, max, prefix);
            let mut frontier = vec![lev.initial()];
            let mut refused = 0;
            for _ in 0..6 {
                let mut next = Vec::new();
                for state in &frontier {
                    for byte in b"abcdefghilnortgxz" {
                        let stepped = lev.step(state, *byte);
                        let live = stepped.row.iter().any(|&d| d <= max);
                        if !state.may_follow(*byte) {
                            assert!(!live, "{query}: {:?} refused {}", state, *byte as char);
                            refused += 1;
                        }
                        if live && next.len() < 64 {
                            next.push(stepped);
                        }
                    }
                }
                frontier = next;
            }
            assert!(refused > 0, "{query}: nothing refused");
        }
    }

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

        /// Every distance and mode against the full matrix, the band's edges included: the
        /// automaton's matches, and its `distance` (in prefix mode the best over the term's
        /// prefixes).
        #[test]
        fn the_band_agrees_with_the_full_matrix(
            q in "[a-d]{0,9}",
            words in proptest::collection::btree_set("[a-d]{0,11}", 0..24),
            max in 0u8..=2,
            prefix in proptest::bool::ANY,
        ) {
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            let found = matches(&words, &q, max, prefix);
            let lev = Levenshtein::new(&q, max, prefix);
            for w in &words {
                let d = if prefix {
                    (0..=w.len()).map(|n| osa_distance(&q, &w[..n])).min().unwrap_or(0)
                } else {
                    osa_distance(&q, w)
                };
                proptest::prop_assert_eq!(found.contains(&w.to_string()), d <= max as usize, "{} {} {}", q, w, d);
                proptest::prop_assert_eq!(lev.distance(w) as usize, d.min(max as usize + 1), "{} {}", q, w);
            }
        }
    }

    #[test]
    fn an_anchored_search_keeps_the_first_letter() {
        let words = ["color", "colour", "dolor", "olor", "xcolor"];
        assert_eq!(
            search(&words, Levenshtein::anchored("colr", 2, false)),
            ["color", "colour"]
        );
        // A prefix within `max` of a short query is matched before any byte is read: the
        // anchor still holds, and the bytes after it are free.
        assert_eq!(
            search(&words, Levenshtein::anchored("co", 2, true)),
            ["color", "colour"]
        );
        assert_eq!(
            search(&words, Levenshtein::anchored("", 1, true)),
            words,
            "an empty query has no first letter"
        );
    }

    proptest::proptest! {
        /// Anchored, the same matches that start with the query's first byte.
        #[test]
        fn anchored_is_the_matches_with_the_first_byte(
            q in "[a-d]{0,7}",
            words in proptest::collection::btree_set("[a-d]{0,9}", 0..24),
            max in 0u8..=2,
            prefix in proptest::bool::ANY,
        ) {
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            let mut expected = matches(&words, &q, max, prefix);
            expected.retain(|w| q.is_empty() || w.as_bytes().first() == q.as_bytes().first());
            proptest::prop_assert_eq!(search(&words, Levenshtein::anchored(&q, max, prefix)), expected);
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
