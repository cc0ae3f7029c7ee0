//! Walks: the long postings lists phrases read, walked once per searcher and kept as
//! checkpoints.
//!
//! The proximity bonus matches every adjacent pair of query words as a phrase, and a phrase
//! reader walks the list of its more frequent word, positions run by positions run, up to
//! the rarer word's last document. A stop word ("of", "the") is in most of a long query's
//! pairs, with a list about as long as the collection, and those pairs were about 75 % of
//! SciFact's native ranking (perf). A list of at least [`WALK_MIN_DF`] postings is walked
//! once, into one [`Checkpoint`] per posting, and every later phrase of this or a later query
//! seeks in those by binary search. A phrase sees the same postings in the same order, so
//! results are identical. Split layout: a list is kept only from a round with nothing
//! missing, and a checkpoint holds offsets, not bytes.

use crate::limits::MAX_WALK_CHECKPOINTS;
use crate::read::{Checkpoint, Index, PostingsReader, TermInfo};

/// Lists shorter than this are walked by each phrase: cheap, and not worth 20 bytes a
/// posting. Native ranking p50, SciFact / NPL / MED, with lists kept from their second
/// phrase: none kept 1.12 / 1.32 / 0.40 ms; from 1,024 postings 0.77 / 0.91 / 0.36; from 256
/// 0.72 / 0.98 / 0.29 (NPL's p50 and every p95 within noise of each other; MDN p95 0.88 →
/// 0.91, about its noise).
pub(super) const WALK_MIN_DF: u32 = 256;

/// The checkpoints of the long lists phrases have read, at most [`MAX_WALK_CHECKPOINTS`] in
/// all (then the next list is walked by each phrase, as before).
#[derive(Default)]
pub(super) struct Walks {
    walks: Vec<(TermInfo, Vec<Checkpoint>)>,
    total: usize,
    /// Long lists read once so far (at most [`MAX_SEEN`], then forgotten): a list is kept
    /// from its second phrase on, so a word no later phrase reads costs no whole walk.
    seen: Vec<TermInfo>,
}

/// Long lists remembered as read once.
const MAX_SEEN: usize = 4096;

impl Walks {
    /// Walks `info`'s list the second time a phrase reads it, unless it is short, kept
    /// already, or would pass the cap.
    pub(super) fn prepare(&mut self, index: &Index<'_>, info: &TermInfo) {
        if info.df < WALK_MIN_DF
            || self.walks.iter().any(|(t, _)| t == info)
            || self.total.saturating_add(info.df as usize) > MAX_WALK_CHECKPOINTS
            || index.missing_data()
        {
            return;
        }
        if let Some(i) = self.seen.iter().position(|t| t == info) {
            self.seen.swap_remove(i);
        } else {
            if self.seen.len() >= MAX_SEEN {
                self.seen.clear();
            }
            self.seen.push(*info);
            return;
        }
        let Some(points) = index.postings_lazy(info).checkpoints() else {
            return;
        };
        // Split layout: a list read with its shard missing is empty, not the list.
        if index.missing_data() {
            return;
        }
        self.total += points.len();
        self.walks.push((*info, points));
    }

    /// A cursor over `info`'s postings: over its checkpoints when walked, else a reader.
    pub(super) fn cursor<'w, 'a>(
        walks: Option<&'w Walks>,
        index: &Index<'a>,
        info: &TermInfo,
    ) -> Cursor<'w, 'a> {
        let reader = index.postings_lazy(info);
        match walks.and_then(|w| w.walks.iter().find(|(t, _)| t == info)) {
            Some((_, points)) => Cursor::Walked {
                reader,
                points,
                next: 0,
            },
            None => Cursor::Live(reader),
        }
    }
}

/// One phrase term's postings, as the phrase leapfrog reads them.
pub(super) enum Cursor<'w, 'a> {
    Live(PostingsReader<'a>),
    /// `reader` is restored to `points[next - 1]`, the current posting.
    Walked {
        reader: PostingsReader<'a>,
        points: &'w [Checkpoint],
        next: usize,
    },
}

impl<'a> Cursor<'_, 'a> {
    /// The first document at or after `target` with the term in `fields`, made current.
    /// `None` at the end of the list.
    pub(super) fn seek(&mut self, target: u32, fields: u8) -> Option<u32> {
        match self {
            Cursor::Live(r) => loop {
                let p = r.next_posting()?;
                if p.doc >= target && p.field_mask & fields != 0 {
                    return Some(p.doc);
                }
            },
            Cursor::Walked {
                reader,
                points,
                next,
            } => {
                let at = seek_in(points, *next, target, fields)?;
                reader.restore(&points[at]);
                *next = at + 1;
                Some(points[at].doc)
            }
        }
    }

    /// The reader, at the current posting.
    pub(super) fn reader(&self) -> &PostingsReader<'a> {
        match self {
            Cursor::Live(r) => r,
            Cursor::Walked { reader, .. } => reader,
        }
    }

    /// The reader, at the current posting, to decode its positions.
    pub(super) fn reader_mut(&mut self) -> &mut PostingsReader<'a> {
        match self {
            Cursor::Live(r) => r,
            Cursor::Walked { reader, .. } => reader,
        }
    }
}

/// The first checkpoint from `from` on at or after `target` with the term in `fields`: what
/// `next_posting` would reach from there (documents ascend).
///
/// The target is usually a few checkpoints ahead (the leapfrog's rarer word moves one
/// posting at a time, and a stop word's list holds most documents), so the search gallops
/// from `from` (1, 2, 4, … ahead) and then bisects only the last step. The bisection of
/// the whole rest it replaces was 30 % of SciFact's native ranking (perf: a dependent load
/// per probe, across a list of up to the collection's size). Native ranking, best of 10:
/// SciFact p50 0.77 → 0.64 ms, p95 2.52 → 2.10; NPL p50 0.93 → 0.57–0.68, p95 3.6 → 2.5–2.8.
fn seek_in(points: &[Checkpoint], from: usize, target: u32, fields: u8) -> Option<usize> {
    let rest = points.get(from..)?;
    // rest[..lo] is below the target; once the gallop stops, rest[hi - 1] is not (or hi
    // is the end).
    let (mut lo, mut hi) = (0, 1);
    while hi < rest.len() && rest[hi - 1].doc < target {
        lo = hi;
        hi = hi.saturating_mul(2).min(rest.len());
    }
    let hi = hi.min(rest.len());
    let mut at = from + lo + rest[lo..hi].partition_point(|c| c.doc < target);
    while points.get(at)?.field_mask & fields == 0 {
        at += 1;
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn seeking_finds_what_a_walk_finds(
            list in proptest::collection::btree_map(0u32..2000, 1u8..8, 0..300),
            from in 0usize..320,
            target in 0u32..2100,
            fields in 1u8..8,
        ) {
            let points: Vec<Checkpoint> = list
                .iter()
                .map(|(&doc, &mask)| Checkpoint::for_test(doc, mask))
                .collect();
            let walked = (from..points.len())
                .find(|&i| points[i].doc >= target && points[i].field_mask & fields != 0);
            prop_assert_eq!(seek_in(&points, from, target, fields), walked);
        }
    }
}
