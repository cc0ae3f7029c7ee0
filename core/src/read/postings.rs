//! Postings: iterates one term's postings (documents, field masks, term frequencies) and
//! positions (see `format`, POSTINGS and POSITIONS), bounds-checked on every read.

use crate::format::{read_varint, MAX_FIELDS};

/// One posting: a document and the term's frequency in each field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub field_mask: u8,
    pub tf: [u32; MAX_FIELDS],
    /// Positions per field (filled only when the reader decodes positions).
    pub positions: [Vec<u32>; MAX_FIELDS],
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
    /// Positions of the current posting not decoded yet (lazy mode): skipped on advance.
    pending: u64,
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
            pending: 0,
            remaining: df,
            doc: 0,
            first: true,
            doc_count,
            field_count: field_count.min(MAX_FIELDS),
            current: Posting::default(),
        }
    }

    /// Advances to the next posting. `None` at the end or on corrupted data (which ends the
    /// list early instead of panicking).
    pub fn next_posting(&mut self) -> Option<&Posting> {
        if self.pos >= self.postings.len() || self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        if self.pending > 0 {
            // Skip the positions of the posting before (lazy mode): one varint each.
            for _ in 0..std::mem::take(&mut self.pending) {
                if read_varint(self.positions, &mut self.positions_pos).is_none() {
                    self.pos = self.postings.len();
                    return None;
                }
            }
        }
        let delta = read_varint(self.postings, &mut self.pos)?;
        self.doc = if self.first {
            delta
        } else {
            self.doc.checked_add(delta)?
        };
        self.first = false;
        if self.doc >= self.doc_count {
            self.pos = self.postings.len();
            return None;
        }
        let mask = *self.postings.get(self.pos)?;
        self.pos += 1;
        if mask == 0 || (mask as usize) >> self.field_count != 0 {
            self.pos = self.postings.len();
            return None;
        }
        self.current.doc = self.doc;
        self.current.field_mask = mask;
        for field in 0..self.field_count {
            self.current.tf[field] = 0;
            self.current.positions[field].clear();
            if mask & (1 << field) == 0 {
                continue;
            }
            let tf = read_varint(self.postings, &mut self.pos)?;
            self.current.tf[field] = tf;
            match self.mode {
                PositionsMode::None => {}
                PositionsMode::Lazy => self.pending += u64::from(tf),
                PositionsMode::Eager => {
                    self.decode_field(field)?;
                }
            }
        }
        Some(&self.current)
    }

    /// The posting `next_posting` last returned.
    pub fn current(&self) -> &Posting {
        &self.current
    }

    /// The current posting's positions occurrences (the sum of its term frequencies).
    pub fn position_count(&self) -> u64 {
        self.current.tf[..self.field_count]
            .iter()
            .map(|&tf| u64::from(tf))
            .sum()
    }

    /// Decodes the current posting's positions (lazy mode; in the other modes a no-op).
    /// `None` on corrupted data, which also ends the list.
    pub fn decode_positions(&mut self) -> Option<&Posting> {
        if self.mode == PositionsMode::Lazy && self.pending > 0 {
            self.pending = 0;
            for field in 0..self.field_count {
                if self.current.field_mask & (1 << field) != 0 && self.decode_field(field).is_none()
                {
                    self.pos = self.postings.len();
                    return None;
                }
            }
        }
        Some(&self.current)
    }

    /// Decodes `tf[field]` positions of the current posting. Each one consumes at least a
    /// byte of POSITIONS, so corrupted frequencies cannot make it loop past the section.
    fn decode_field(&mut self, field: usize) -> Option<()> {
        let mut position = 0u32;
        for k in 0..self.current.tf[field] {
            let delta = read_varint(self.positions, &mut self.positions_pos)?;
            position = if k == 0 {
                delta
            } else {
                position.saturating_add(delta)
            };
            self.current.positions[field].push(position);
        }
        Some(())
    }
}
