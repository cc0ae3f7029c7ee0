//! The term dictionary: one FST in the embedded layout; in the split layout, pages of it, each
//! an FST of its own over one key range, in shards fetched on demand (`format`, DICT and
//! DICTKEYS), with the first key of every page in the wasm.
//!
//! An exact lookup reads the one page whose range holds the term. An automaton (prefix
//! completion, typo correction) reads, in key order, the pages whose key range it may match
//! (`may_match_range`: page j holds the keys from its first key up to page j+1's, so a page
//! is skipped when the automaton accepts nothing in between). Results are those of one FST:
//! the same terms in the same order, the same scan limit. A page not loaded is recorded as
//! missing (`Paging`) and read as empty, and the searcher discards that round.

use fst::{Automaton, IntoStreamer, Map, Streamer};

use super::{FormatError, Paging};
use crate::format::{read_u32, SectionKind};

/// The first key of every dictionary page (DICTKEYS), checked once when the index opens.
#[derive(Clone, Copy)]
pub(super) struct PageKeys<'a> {
    count: usize,
    /// count × u32 end offset into `keys`
    ends: &'a [u8],
    keys: &'a [u8],
}

const CORRUPT: FormatError = FormatError::Corrupt { what: "DICTKEYS" };

impl<'a> PageKeys<'a> {
    /// Reads DICTKEYS for a DICT of `pages` pages: offsets ascending and in bounds, keys
    /// strictly ascending. O(pages).
    pub(super) fn open(bytes: &'a [u8], pages: usize) -> Result<Self, FormatError> {
        let count = read_u32(bytes, 0).ok_or(CORRUPT)? as usize;
        if count != pages {
            return Err(CORRUPT);
        }
        let table_end = count.checked_mul(4).and_then(|n| n.checked_add(4));
        let ends = bytes.get(4..table_end.ok_or(CORRUPT)?).ok_or(CORRUPT)?;
        let keys = PageKeys {
            count,
            ends,
            keys: &bytes[4 + ends.len()..],
        };
        let mut previous: Option<&[u8]> = None;
        let mut start = 0;
        for j in 0..count {
            let end = read_u32(ends, j * 4).ok_or(CORRUPT)? as usize;
            let key = keys.keys.get(start..end).ok_or(CORRUPT)?;
            if previous.is_some_and(|p| p >= key) {
                return Err(CORRUPT);
            }
            previous = Some(key);
            start = end;
        }
        if start != keys.keys.len() {
            return Err(CORRUPT);
        }
        Ok(keys)
    }

    /// Number of pages.
    pub(super) fn count(&self) -> usize {
        self.count
    }

    /// The first key of page `j` (in bounds once `open` has checked the table).
    pub(super) fn key(&self, j: usize) -> &'a [u8] {
        let end = |j: usize| read_u32(self.ends, j * 4).unwrap_or(0) as usize;
        let start = if j == 0 { 0 } else { end(j - 1) };
        self.keys.get(start..end(j)).unwrap_or(&[])
    }

    /// The page whose range holds `term` (the last whose first key is at most it).
    pub(super) fn page_of(&self, term: &[u8]) -> Option<usize> {
        if self.count == 0 || term < self.key(0) {
            return None;
        }
        let (mut lo, mut hi) = (0, self.count);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.key(mid) <= term {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Some(lo)
    }
}

/// The dictionary of one index.
#[derive(Clone)]
pub(super) enum Dict<'a> {
    Whole(Map<&'a [u8]>),
    Paged {
        keys: PageKeys<'a>,
        paging: &'a dyn Paging<'a>,
    },
}

/// Keys longer than this are not followed by [`may_match_range`] (it answers yes): the
/// analyzer indexes words of at most 64 bytes.
const MAX_RANGE_DEPTH: usize = 256;

/// Whether `automaton` may accept a key `s` with `lo <= s < hi` (`hi: None`: no upper
/// bound): false only when it cannot. It walks the two bounds byte by byte: a byte strictly
/// between them frees the key from both, and then any state the automaton can still match
/// from will do (of the automata the searcher uses, a live prefix or Levenshtein state
/// always has an accepted continuation); on a bound's own byte it follows that bound. At
/// most 256 transitions per byte of the bounds, and in practice a handful: a completion of
/// "close" dies on the first byte of a page from "countleadingzeros32" to "dtmfsender".
fn may_match_range<A: Automaton>(automaton: &A, lo: &[u8], hi: Option<&[u8]>) -> bool {
    fn walk<A: Automaton>(
        a: &A,
        state: A::State,
        lo: Option<&[u8]>,
        hi: Option<&[u8]>,
        depth: usize,
    ) -> bool {
        if !a.can_match(&state) {
            return false;
        }
        // The key so far equals the whole upper bound: it and its extensions are not below.
        if hi.is_some_and(|h| h.is_empty()) {
            return false;
        }
        // Free of the lower bound (or equal to all of it) and of the upper one: anything goes.
        let lo = lo.filter(|l| !l.is_empty());
        if lo.is_none() && (hi.is_none() || a.is_match(&state)) {
            return true;
        }
        if depth >= MAX_RANGE_DEPTH {
            return true;
        }
        let lo_byte = lo.map(|l| l[0]);
        let hi_byte = hi.map(|h| h[0]);
        for b in lo_byte.unwrap_or(0)..=hi_byte.unwrap_or(u8::MAX) {
            let next = a.accept(&state, b);
            let on_lo = lo_byte == Some(b);
            let on_hi = hi_byte == Some(b);
            let found = if on_lo || on_hi {
                let lo_rest = lo.filter(|_| on_lo).map(|x| &x[1..]);
                let hi_rest = hi.filter(|_| on_hi).map(|x| &x[1..]);
                walk(a, next, lo_rest, hi_rest, depth + 1)
            } else {
                a.can_match(&next)
            };
            if found {
                return true;
            }
        }
        false
    }
    walk(automaton, automaton.start(), Some(lo), hi, 0)
}

/// The terms a dictionary search found, in key order: their bytes in one buffer, not a
/// `String` each. A prefix of one or two letters streams up to 4,000 terms of which 50 are
/// kept, and allocating each was a third of the dictionary's time on MDN dev (perf).
#[derive(Debug, Default)]
pub struct Terms {
    bytes: String,
    /// (end in `bytes`, POSTINGS block) per term; a term starts where the one before ends.
    entries: Vec<(u32, u64)>,
}

impl Terms {
    /// How many terms.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The `(term, block)` pairs, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u64)> + '_ {
        let mut start = 0;
        self.entries.iter().map(move |&(end, block)| {
            let end = end as usize;
            let term = self.bytes.get(start..end).unwrap_or("");
            start = end;
            (term, block)
        })
    }

    fn push(&mut self, term: &str, block: u64) {
        self.bytes.push_str(term);
        // The dictionary is part of one image of at most 4 GiB (u32 offsets everywhere).
        let end = u32::try_from(self.bytes.len()).unwrap_or(u32::MAX);
        self.entries.push((end, block));
    }
}

/// Appends the `(term, block)` pairs of `map` that `automaton` accepts while `out` holds
/// fewer than `limit` (keys that are not UTF-8 are skipped, uncounted).
fn collect<A: Automaton>(map: &Map<&[u8]>, automaton: A, limit: usize, out: &mut Terms) {
    let mut stream = map.search(automaton).into_stream();
    while let Some((key, block)) = stream.next() {
        if out.len() >= limit {
            break;
        }
        if let Ok(term) = std::str::from_utf8(key) {
            out.push(term, block);
        }
    }
}

impl<'a> Dict<'a> {
    /// Page `j` of a paged dictionary, when loaded (`None` records it as missing). Its bytes
    /// passed `SplitPages::add_shard`, which checks a dictionary page's own CRC-32C.
    fn page(paging: &'a dyn Paging<'a>, j: usize) -> Option<Map<&'a [u8]>> {
        Map::new(paging.page(SectionKind::Dict, j)?).ok()
    }

    /// The POSTINGS block of an exact term.
    pub(super) fn get(&self, term: &str) -> Option<u64> {
        match self {
            Dict::Whole(map) => map.get(term),
            Dict::Paged { keys, paging } => {
                let j = keys.page_of(term.as_bytes())?;
                Dict::page(*paging, j)?.get(term)
            }
        }
    }

    /// The `(term, block)` pairs `automaton` accepts, in key order, at most `limit`.
    pub(super) fn search<A: Automaton>(&self, automaton: A, limit: usize) -> Terms {
        let mut out = Terms::default();
        match self {
            Dict::Whole(map) => collect(map, automaton, limit, &mut out),
            Dict::Paged { keys, paging } => {
                for j in 0..keys.count() {
                    if out.len() >= limit {
                        break;
                    }
                    let next = (j + 1 < keys.count()).then(|| keys.key(j + 1));
                    if !may_match_range(&automaton, keys.key(j), next) {
                        continue;
                    }
                    if let Some(map) = Dict::page(*paging, j) {
                        collect(&map, &automaton, limit, &mut out);
                    }
                }
            }
        }
        out
    }

    /// The whole dictionary, in the embedded layout.
    pub(super) fn whole(&self) -> Option<&Map<&'a [u8]>> {
        match self {
            Dict::Whole(map) => Some(map),
            Dict::Paged { .. } => None,
        }
    }

    /// A paged dictionary with every page loaded: each page's keys lie in its range (from
    /// its first key, below the next page's), and there are `term_count` in all.
    pub(super) fn verify_pages(&self, term_count: u32) -> Result<(), FormatError> {
        let Dict::Paged { keys, paging } = self else {
            return Ok(());
        };
        let corrupt = FormatError::Corrupt { what: "DICT" };
        let mut total = 0usize;
        for j in 0..keys.count() {
            let map = Dict::page(*paging, j).ok_or(corrupt.clone())?;
            let mut stream = map.stream();
            let mut first = true;
            while let Some((key, _)) = stream.next() {
                let below_next = j + 1 >= keys.count() || key < keys.key(j + 1);
                if (first && key != keys.key(j)) || !below_next {
                    return Err(corrupt);
                }
                first = false;
                total += 1;
            }
            if first {
                return Err(corrupt); // an empty page
            }
        }
        if total != term_count as usize {
            return Err(corrupt);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::levenshtein::Levenshtein;
    use proptest::prelude::*;

    fn dictkeys(keys: &[&[u8]]) -> Vec<u8> {
        let mut out = (keys.len() as u32).to_le_bytes().to_vec();
        let mut end = 0u32;
        for k in keys {
            end += k.len() as u32;
            out.extend_from_slice(&end.to_le_bytes());
        }
        for k in keys {
            out.extend_from_slice(k);
        }
        out
    }

    #[test]
    fn pages_are_found_by_their_first_keys() {
        let bytes = dictkeys(&[b"apple", b"banana", b"bandit"]);
        let keys = PageKeys::open(&bytes, 3).unwrap();
        assert_eq!(keys.page_of(b"aardvark"), None);
        assert_eq!(keys.page_of(b"apple"), Some(0));
        assert_eq!(keys.page_of(b"azure"), Some(0));
        assert_eq!(keys.page_of(b"banana"), Some(1));
        assert_eq!(keys.page_of(b"band"), Some(1));
        assert_eq!(keys.page_of(b"zebra"), Some(2));
    }

    #[test]
    fn a_corrupted_key_table_is_refused() {
        assert!(
            PageKeys::open(&dictkeys(&[b"b", b"a"]), 2).is_err(),
            "descending"
        );
        assert!(
            PageKeys::open(&dictkeys(&[b"a", b"a"]), 2).is_err(),
            "repeated"
        );
        assert!(PageKeys::open(&dictkeys(&[b"a"]), 2).is_err(), "count");
        let mut long = dictkeys(&[b"a", b"b"]);
        long.push(b'c');
        assert!(PageKeys::open(&long, 2).is_err(), "bytes after the keys");
        assert!(PageKeys::open(&dictkeys(&[]), 0).is_ok(), "no terms");
    }

    proptest! {
        #[test]
        fn any_bytes_open_or_are_refused(bytes in proptest::collection::vec(any::<u8>(), 0..64), pages in 0usize..4) {
            if let Ok(keys) = PageKeys::open(&bytes, pages) {
                for j in 0..keys.count() {
                    let _ = (keys.key(j), keys.page_of(keys.key(j)));
                }
            }
        }

        #[test]
        fn a_page_holding_an_accepted_key_is_never_skipped(
            terms in proptest::collection::btree_set("[a-d]{1,6}", 2..60),
            cuts in proptest::collection::vec(1usize..8, 1..10),
            query in "[a-d]{0,5}",
            max in 0u8..3,
            prefix in any::<bool>(),
        ) {
            let terms: Vec<String> = terms.into_iter().collect();
            let mut firsts = Vec::new();
            let mut at = 0;
            for c in cuts.iter().cycle() {
                if at >= terms.len() {
                    break;
                }
                firsts.push(at);
                at += c;
            }
            let lev = Levenshtein::new(&query, max, prefix);
            let starts = fst::automaton::Str::new(&query).starts_with();
            for (p, &first) in firsts.iter().enumerate() {
                let end = firsts.get(p + 1).copied().unwrap_or(terms.len());
                let lo = terms[first].as_bytes();
                let hi = firsts.get(p + 1).map(|&n| terms[n].as_bytes());
                let page = &terms[first..end];
                if page.iter().any(|t| accepts(&lev, t)) {
                    prop_assert!(may_match_range(&lev, lo, hi), "{query} {max} {prefix} {page:?}");
                }
                if page.iter().any(|t| accepts(&starts, t)) {
                    prop_assert!(may_match_range(&starts, lo, hi), "prefix {query} {page:?}");
                }
            }
        }
    }

    fn accepts<A: Automaton>(a: &A, key: &str) -> bool {
        let mut state = a.start();
        for &b in key.as_bytes() {
            state = a.accept(&state, b);
        }
        a.is_match(&state)
    }

    #[test]
    fn pages_out_of_an_automaton_s_reach_are_skipped() {
        let close = fst::automaton::Str::new("close").starts_with();
        let range = |lo: &str, hi: Option<&str>| {
            may_match_range(&close, lo.as_bytes(), hi.map(str::as_bytes))
        };
        assert!(
            !range("countleadingzeros32", Some("dtmfsender")),
            "above every completion"
        );
        assert!(!range("ca", Some("cl")), "below every completion");
        assert!(range("ca", Some("cm")));
        assert!(range("cl", Some("clz32")));
        assert!(range("close", Some("closed")), "the word itself");
        assert!(!range("closf", None));
        assert!(range("a", None));
        let typo = Levenshtein::new("clsoe", 1, false);
        assert!(may_match_range(&typo, b"ca", Some(b"cm")));
        assert!(
            !may_match_range(&typo, b"xx", Some(b"xy")),
            "two edits away at least"
        );
    }
}
