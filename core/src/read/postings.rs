//! Postings: iterates one term's postings (documents, field masks, impacts) and positions
//! (see `format`, POSTINGS and POSITIONS), bounds-checked on every read.

use crate::format::{read_varint, MAX_FIELDS};

/// One posting: a document, the fields holding the term, and its impact (the quantized
/// BM25F term score, `score::impact_value`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub field_mask: u8,
    pub impact: u8,
    /// Positions per field (filled only when the reader decodes positions); their counts
    /// are the term's frequencies in those fields.
    pub positions: [Vec<u32>; MAX_FIELDS],
}

/// A lazy reader's place at one posting: enough to come back to it (and decode its
/// positions) without walking the list again ([`PostingsReader::restore`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint {
    pub doc: u32,
    pub field_mask: u8,
    impact: u8,
    /// Where the next entry and this posting's positions run start.
    pos: u32,
    positions_pos: u32,
    remaining: u32,
}

impl Checkpoint {
    /// A checkpoint of a document and its fields only (tests of code that seeks in them).
    #[cfg(test)]
    pub fn for_test(doc: u32, field_mask: u8) -> Self {
        Checkpoint {
            doc,
            field_mask,
            impact: 0,
            pos: 0,
            positions_pos: 0,
            remaining: 0,
        }
    }
}

/// When a [`PostingsReader`] decodes positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PositionsMode {
    None,
    Eager,
    Lazy,
}

/// Iterator over one term's postings (see `format` for the layout). It yields at most `df`
/// postings (the block header's count), so the work of reading a term is known before.
pub struct PostingsReader<'a> {
    postings: &'a [u8],
    positions: &'a [u8],
    pos: usize,
    positions_pos: usize,
    mode: PositionsMode,
    /// The current posting's positions run is not read yet (lazy mode): skipped on advance.
    pending: bool,
    remaining: u32,
    doc: u32,
    first: bool,
    doc_count: u32,
    field_count: usize,
    current: Posting,
}

impl<'a> PostingsReader<'a> {
    /// A reader over one term's entries (`postings`) and positions (from its start), that
    /// yields at most `df` postings of documents below `doc_count`.
    pub(super) fn new(
        postings: &'a [u8],
        positions: &'a [u8],
        df: u32,
        doc_count: u32,
        field_count: usize,
        mode: PositionsMode,
    ) -> Self {
        PostingsReader {
            postings,
            positions,
            pos: 0,
            positions_pos: 0,
            mode,
            pending: false,
            remaining: df,
            doc: 0,
            first: true,
            doc_count,
            field_count: field_count.min(MAX_FIELDS),
            current: Posting::default(),
        }
    }

    /// Ends the list (on corrupted data).
    fn stop(&mut self) -> Option<&Posting> {
        self.pos = self.postings.len();
        self.remaining = 0;
        None
    }

    /// Advances to the next posting. `None` at the end or on corrupted data (which ends the
    /// list early instead of panicking).
    pub fn next_posting(&mut self) -> Option<&Posting> {
        if self.pos >= self.postings.len() || self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        if std::mem::take(&mut self.pending) && self.skip_run().is_none() {
            return self.stop();
        }
        let previous = (!self.first).then_some(self.doc);
        self.first = false;
        let entry = read_entry(
            self.postings,
            &mut self.pos,
            previous,
            self.doc_count,
            self.field_count,
        );
        let Some((doc, mask, impact)) = entry else {
            return self.stop();
        };
        self.doc = doc;
        self.current.doc = doc;
        self.current.field_mask = mask;
        self.current.impact = impact;
        self.clear_positions();
        match self.mode {
            PositionsMode::None => {}
            PositionsMode::Lazy => self.pending = true,
            PositionsMode::Eager => {
                if self.decode_run().is_none() {
                    return self.stop();
                }
            }
        }
        Some(&self.current)
    }

    /// Hands each remaining posting's document, field mask and impact to `f`: `next_posting`
    /// without filling a `Posting`, for readers without positions (the scoring loop of every
    /// term, where the up to 50 completions of a one-letter prefix read tens of thousands of
    /// postings). The same checks: corrupted data ends the list.
    pub fn for_each_impact(&mut self, mut f: impl FnMut(u32, u8, u8)) {
        if self.mode != PositionsMode::None {
            while let Some(p) = self.next_posting() {
                f(p.doc, p.field_mask, p.impact);
            }
            return;
        }
        let bytes = self.postings;
        let mut pos = self.pos;
        let mut previous = (!self.first).then_some(self.doc);
        while self.remaining > 0 && pos < bytes.len() {
            self.remaining -= 1;
            let entry = read_entry(bytes, &mut pos, previous, self.doc_count, self.field_count);
            let Some((doc, fields, impact)) = entry else {
                self.stop();
                return;
            };
            previous = Some(doc);
            f(doc, fields, impact);
        }
        self.pos = pos;
        if let Some(doc) = previous {
            self.doc = doc;
            self.first = false;
        }
    }

    /// The checkpoint of every posting, walking the list once (positions skipped, not
    /// decoded): the reader must be a fresh lazy one. `None` when offsets do not fit a u32
    /// (an image is at most 4 GiB, so only for a reader of something else).
    pub fn checkpoints(mut self) -> Option<Vec<Checkpoint>> {
        if self.mode != PositionsMode::Lazy {
            return None;
        }
        let mut out = Vec::with_capacity(self.remaining.min(1 << 16) as usize);
        while self.next_posting().is_some() {
            out.push(Checkpoint {
                doc: self.current.doc,
                field_mask: self.current.field_mask,
                impact: self.current.impact,
                pos: u32::try_from(self.pos).ok()?,
                positions_pos: u32::try_from(self.positions_pos).ok()?,
                remaining: self.remaining,
            });
        }
        Some(out)
    }

    /// Puts a lazy reader of the same list back at `at`, as `next_posting` left it there:
    /// that posting current, its positions not yet read.
    pub fn restore(&mut self, at: &Checkpoint) {
        if self.mode != PositionsMode::Lazy {
            return;
        }
        self.pos = at.pos as usize;
        self.positions_pos = at.positions_pos as usize;
        self.remaining = at.remaining;
        self.doc = at.doc;
        self.first = false;
        self.pending = true;
        self.current.doc = at.doc;
        self.current.field_mask = at.field_mask;
        self.current.impact = at.impact;
        self.clear_positions();
    }

    /// Empties the current posting's positions (a new posting is current).
    fn clear_positions(&mut self) {
        for p in &mut self.current.positions[..self.field_count] {
            p.clear();
        }
    }

    /// The posting `next_posting` last returned.
    pub fn current(&self) -> &Posting {
        &self.current
    }

    /// The current posting's position count (the sum of its term frequencies), read from
    /// the counts at the head of its run without decoding the positions. 0 without
    /// positions (`PositionsMode::None`) or on corrupted data.
    pub fn position_count(&self) -> u64 {
        if !self.pending {
            return self.current.positions[..self.field_count]
                .iter()
                .map(|p| p.len() as u64)
                .sum();
        }
        let mut at = self.positions_pos;
        let mut total = 0u64;
        for _ in 0..self.current.field_mask.count_ones() {
            match read_varint(self.positions, &mut at) {
                Some(c) => total += u64::from(c),
                None => return 0,
            }
        }
        total
    }

    /// Decodes the current posting's positions (lazy mode; in the other modes a no-op).
    /// `None` on corrupted data, which also ends the list.
    pub fn decode_positions(&mut self) -> Option<&Posting> {
        if std::mem::take(&mut self.pending) && self.decode_run().is_none() {
            return self.stop();
        }
        Some(&self.current)
    }

    /// Reads the current posting's field counts. Each count is at least one byte.
    fn counts(&mut self) -> Option<[u32; MAX_FIELDS]> {
        let mut counts = [0u32; MAX_FIELDS];
        for (f, count) in counts.iter_mut().enumerate().take(self.field_count) {
            if self.current.field_mask & (1 << f) != 0 {
                *count = read_varint(self.positions, &mut self.positions_pos)?;
            }
        }
        Some(counts)
    }

    /// Skips the current posting's run: its counts, then that many varints. Each position
    /// consumes at least a byte of POSITIONS, so corrupted counts cannot make it loop past
    /// the section.
    fn skip_run(&mut self) -> Option<()> {
        // Summed as read: collecting the counts into an array and summing that stalled on
        // store-to-load forwarding, the hottest instruction of long queries (SciFact, perf).
        let mut total = 0u64;
        let mut mask = self.current.field_mask;
        while mask != 0 {
            total += u64::from(read_varint(self.positions, &mut self.positions_pos)?);
            mask &= mask - 1;
        }
        let rest = self.positions.get(self.positions_pos..)?;
        self.positions_pos += skip_varints(rest, total)?;
        Some(())
    }

    /// Decodes the current posting's run into `positions`.
    fn decode_run(&mut self) -> Option<()> {
        let counts = self.counts()?;
        for (f, &count) in counts.iter().enumerate().take(self.field_count) {
            let mut position = 0u32;
            for k in 0..count {
                let delta = read_varint(self.positions, &mut self.positions_pos)?;
                position = if k == 0 {
                    delta
                } else {
                    position.saturating_add(delta)
                };
                self.current.positions[f].push(position);
            }
        }
        Some(())
    }
}

/// Reads one entry of a postings list at `pos`: the document (a delta from `previous`, the
/// first one as it is), its field mask and impact. `None` on corrupted data: a truncated
/// entry, a document out of range, or a mask that is empty or names a field the index lacks.
/// The one decoder of `next_posting` and `for_each_impact`.
#[inline(always)]
fn read_entry(
    bytes: &[u8],
    pos: &mut usize,
    previous: Option<u32>,
    doc_count: u32,
    field_count: usize,
) -> Option<(u32, u8, u8)> {
    let delta = read_varint(bytes, pos)?;
    let doc = match previous {
        None => delta,
        Some(p) => p.checked_add(delta)?,
    };
    let (&mask, &impact) = (bytes.get(*pos)?, bytes.get(*pos + 1)?);
    *pos += 2;
    if doc >= doc_count || mask == 0 || (mask as usize) >> field_count != 0 {
        return None;
    }
    Some((doc, mask, impact))
}

/// The byte length of the first `count` varints of `bytes` (`None` if it holds fewer). A
/// varint ends at each byte without the high bit, so eight bytes at a time are counted with
/// one popcount: phrase matching skips the positions of every document not holding all its
/// terms, which was the largest share of long queries' time (SciFact, native: 42 % of
/// ranking went to proximity phrases, most of it in this skip).
#[inline]
pub(crate) fn skip_varints(bytes: &[u8], count: u64) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut left = count;
    let mut at = 0;
    while left >= 8 {
        let Some(chunk) = bytes.get(at..at + 8) else {
            break;
        };
        let word = u64::from_le_bytes(chunk.try_into().ok()?);
        let ends = u64::from((!word & HIGH).count_ones());
        // At the chunk holding the last wanted end, bytes after it belong to the next
        // varint: finish byte by byte.
        if ends >= left {
            break;
        }
        left -= ends;
        at += 8;
    }
    // The chunk holding the last wanted end, when eight bytes are left: the left-th end
    // byte is the lowest end bit after clearing left - 1 of them. A run of a few positions
    // ends here, and the byte loop's branch on every high bit was a third of skipping
    // (SciFact, perf).
    if left > 0 && left <= 8 {
        if let Some(chunk) = bytes.get(at..at + 8) {
            let mut ends = !u64::from_le_bytes(chunk.try_into().ok()?) & HIGH;
            if u64::from(ends.count_ones()) >= left {
                for _ in 1..left {
                    ends &= ends - 1;
                }
                return Some(at + ends.trailing_zeros() as usize / 8 + 1);
            }
        }
    }
    while left > 0 {
        let b = *bytes.get(at)?;
        at += 1;
        if b & 0x80 == 0 {
            left -= 1;
        }
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::write_varint;
    use proptest::prelude::*;

    /// One posting as the writer encodes it: doc, impact, positions per field.
    type Entry = (u32, u8, Vec<Vec<u32>>);

    /// Encodes entries (ascending docs) as POSTINGS entries and a POSITIONS run.
    fn encode(entries: &[Entry]) -> (Vec<u8>, Vec<u8>) {
        let (mut postings, mut positions) = (Vec::new(), Vec::new());
        let mut previous = 0;
        for (doc, impact, fields) in entries {
            write_varint(&mut postings, doc - previous);
            previous = *doc;
            let mask = fields
                .iter()
                .enumerate()
                .filter(|(_, p)| !p.is_empty())
                .fold(0u8, |m, (f, _)| m | 1 << f);
            postings.push(mask);
            postings.push(*impact);
            for p in fields.iter().filter(|p| !p.is_empty()) {
                write_varint(&mut positions, p.len() as u32);
            }
            for p in fields.iter().filter(|p| !p.is_empty()) {
                let mut last = 0;
                for (k, &x) in p.iter().enumerate() {
                    write_varint(&mut positions, if k == 0 { x } else { x - last });
                    last = x;
                }
            }
        }
        (postings, positions)
    }

    fn entries() -> impl Strategy<Value = Vec<Entry>> {
        let field = proptest::collection::btree_set(0u32..100_000, 0..6)
            .prop_map(|s| s.into_iter().collect::<Vec<u32>>());
        let fields = proptest::collection::vec(field, 3)
            .prop_filter("a posting has a field", |f| f.iter().any(|p| !p.is_empty()));
        proptest::collection::btree_map(0u32..5_000, (any::<u8>(), fields), 0..40).prop_map(|m| {
            m.into_iter()
                .map(|(doc, (impact, fields))| (doc, impact, fields))
                .collect()
        })
    }

    fn read_all(reader: &mut PostingsReader<'_>, decode: bool) -> Vec<Entry> {
        let mut out = Vec::new();
        while let Some(p) = reader.next_posting() {
            let (doc, impact) = (p.doc, p.impact);
            let count = reader.position_count();
            let p = if decode {
                reader.decode_positions().cloned()
            } else {
                Some(reader.current().clone())
            };
            let Some(p) = p else { break };
            if decode {
                assert_eq!(
                    count,
                    p.positions.iter().map(|x| x.len() as u64).sum::<u64>()
                );
            }
            out.push((doc, impact, p.positions[..3].to_vec()));
        }
        out
    }

    proptest! {
        #[test]
        fn skipping_varints_matches_reading_them(bytes in proptest::collection::vec(any::<u8>(), 0..80), count in 0u64..90) {
            let mut ends = 0;
            let mut expected = None;
            if count == 0 {
                expected = Some(0);
            }
            for (i, b) in bytes.iter().enumerate() {
                if b & 0x80 == 0 {
                    ends += 1;
                    if ends == count {
                        expected = Some(i + 1);
                        break;
                    }
                }
            }
            prop_assert_eq!(skip_varints(&bytes, count), expected);
        }

        #[test]
        fn postings_round_trip_in_every_mode(entries in entries(), skip in any::<u64>()) {
            let (postings, positions) = encode(&entries);
            let df = entries.len() as u32;
            let mut eager = PostingsReader::new(&postings, &positions, df, 5_000, 3, PositionsMode::Eager);
            prop_assert_eq!(read_all(&mut eager, false), entries.clone());
            // Lazy: decode some postings, skip the others; the decoded ones are exact.
            let mut lazy = PostingsReader::new(&postings, &positions, df, 5_000, 3, PositionsMode::Lazy);
            for (i, want) in entries.iter().enumerate() {
                let p = lazy.next_posting().cloned();
                prop_assert_eq!(p.as_ref().map(|p| (p.doc, p.impact)), Some((want.0, want.1)));
                if skip >> (i % 64) & 1 == 1 {
                    let p = lazy.decode_positions().cloned().unwrap();
                    prop_assert_eq!(&p.positions[..3], &want.2[..]);
                }
            }
            prop_assert!(lazy.next_posting().is_none());
            let mut none = PostingsReader::new(&postings, &positions, df, 5_000, 3, PositionsMode::None);
            let docs: Vec<(u32, u8)> = std::iter::from_fn(|| none.next_posting().map(|p| (p.doc, p.impact))).collect();
            prop_assert_eq!(&docs, &entries.iter().map(|e| (e.0, e.1)).collect::<Vec<_>>());
            let mut all = Vec::new();
            PostingsReader::new(&postings, &positions, df, 5_000, 3, PositionsMode::None)
                .for_each_impact(|doc, _, impact| all.push((doc, impact)));
            prop_assert_eq!(all, docs);
        }

        #[test]
        fn for_each_impact_yields_what_next_posting_yields(
            postings in proptest::collection::vec(any::<u8>(), 0..200),
            df in 0u32..100,
            prefix in 0usize..5,
            mode in 0..3u8,
        ) {
            // Also from the middle of a list (after `prefix` postings) and in every mode,
            // on any bytes: the same postings, the same end, and the list is over after.
            let mode = [PositionsMode::None, PositionsMode::Eager, PositionsMode::Lazy][mode as usize];
            let mut one = PostingsReader::new(&postings, &[], df, 1_000, 3, mode);
            let mut other = PostingsReader::new(&postings, &[], df, 1_000, 3, mode);
            for _ in 0..prefix {
                prop_assert_eq!(one.next_posting().map(|p| p.doc), other.next_posting().map(|p| p.doc));
            }
            let want: Vec<(u32, u8, u8)> = std::iter::from_fn(|| one.next_posting().map(|p| (p.doc, p.field_mask, p.impact))).collect();
            let mut got = Vec::new();
            other.for_each_impact(|doc, fields, impact| got.push((doc, fields, impact)));
            prop_assert_eq!(got, want);
            prop_assert!(other.next_posting().is_none());
        }

        #[test]
        fn a_restored_checkpoint_reads_on_like_the_walk(entries in entries(), pick in any::<u64>()) {
            // Every posting restored from its checkpoint: the same posting, the same
            // positions, and the rest of the list after it.
            let (postings, positions) = encode(&entries);
            let df = entries.len() as u32;
            let lazy = || PostingsReader::new(&postings, &positions, df, 5_000, 3, PositionsMode::Lazy);
            let points = lazy().checkpoints().unwrap();
            prop_assert_eq!(points.iter().map(|c| c.doc).collect::<Vec<_>>(), entries.iter().map(|e| e.0).collect::<Vec<_>>());
            for (i, at) in points.iter().enumerate() {
                let mut r = lazy();
                r.restore(at);
                prop_assert_eq!(r.position_count(), entries[i].2.iter().map(|p| p.len() as u64).sum::<u64>());
                if pick >> (i % 64) & 1 == 1 {
                    let p = r.decode_positions().cloned().unwrap();
                    prop_assert_eq!(&p.positions[..3], &entries[i].2[..]);
                }
                prop_assert_eq!(read_all(&mut r, true), entries[i + 1..].to_vec());
            }
            prop_assert!(PostingsReader::new(&postings, &positions, df, 5_000, 3, PositionsMode::None).checkpoints().is_none());
        }

        #[test]
        fn any_bytes_end_without_panic(
            postings in proptest::collection::vec(any::<u8>(), 0..200),
            positions in proptest::collection::vec(any::<u8>(), 0..200),
            df in any::<u32>(),
            mode in 0..3u8,
            decode in any::<bool>(),
        ) {
            let mode = [PositionsMode::None, PositionsMode::Eager, PositionsMode::Lazy][mode as usize];
            let mut r = PostingsReader::new(&postings, &positions, df, 1_000, 3, mode);
            let mut n = 0usize;
            while r.next_posting().is_some() {
                let _ = r.position_count();
                if decode {
                    let _ = r.decode_positions();
                }
                n += 1;
                // Each posting consumes at least three bytes of entries.
                prop_assert!(n <= postings.len() / 3);
            }
        }
    }
}
