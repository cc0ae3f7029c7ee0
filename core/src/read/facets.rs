//! Facets: one facet field's sorted values and each document's value ids (see `format`,
//! FACETS), read in place.

use crate::format::read_u32;

/// One facet field: its sorted values and each document's values (see `format`, FACETS).
#[derive(Debug, Clone, Copy)]
pub struct Facet<'a> {
    pub name: &'a str,
    value_count: usize,
    value_offsets: &'a [u8],
    doc_offsets: &'a [u8],
    ids: &'a [u8],
    strings: &'a [u8],
}

impl<'a> Facet<'a> {
    /// Opens one facet block. Checks that the offsets ascend and stay inside their tables
    /// (O(documents + values), once per searcher), so that every later read is in bounds and
    /// the documents' value lists are disjoint: counting facets reads each id at most once.
    pub(super) fn open(block: &'a [u8], doc_count: u32) -> Option<Facet<'a>> {
        let value_count = read_u32(block, 0)? as usize;
        let name_len = read_u32(block, 4)? as usize;
        let name = std::str::from_utf8(block.get(8..8usize.checked_add(name_len)?)?).ok()?;
        let mut pos = (8 + name_len).next_multiple_of(4);
        let value_offsets =
            block.get(pos..pos.checked_add(value_count.checked_add(1)?.checked_mul(4)?)?)?;
        pos += value_offsets.len();
        let doc_offsets =
            block.get(pos..pos.checked_add((doc_count as usize + 1).checked_mul(4)?)?)?;
        pos += doc_offsets.len();
        let id_count = read_u32(doc_offsets, (doc_count as usize).checked_mul(4)?)? as usize;
        let ids = block.get(pos..pos.checked_add(id_count.checked_mul(4)?)?)?;
        pos += ids.len();
        let strings_len = read_u32(value_offsets, value_count * 4)? as usize;
        let strings = block.get(pos..pos.checked_add(strings_len)?)?;
        if !ascending(doc_offsets, id_count) || !ascending(value_offsets, strings_len) {
            return None;
        }
        Some(Facet {
            name,
            value_count,
            value_offsets,
            doc_offsets,
            ids,
            strings,
        })
    }

    /// Number of distinct values.
    pub fn value_count(&self) -> usize {
        self.value_count
    }

    /// Value `id` as text (values are sorted).
    pub fn value(&self, id: u32) -> Option<&'a str> {
        let at = (id as usize).checked_mul(4)?;
        let start = read_u32(self.value_offsets, at)? as usize;
        let end = read_u32(self.value_offsets, at.checked_add(4)?)? as usize;
        std::str::from_utf8(self.strings.get(start..end)?).ok()
    }

    /// The id of value `text`, by binary search.
    pub fn value_id(&self, text: &str) -> Option<u32> {
        let (mut lo, mut hi) = (0usize, self.value_count);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.value(mid as u32)?.cmp(text) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid as u32),
            }
        }
        None
    }

    /// The value ids of document `doc`, ascending. At most the ids the block holds (`open`
    /// checked the offsets), whatever the bytes say.
    pub fn doc_values(&self, doc: u32) -> impl Iterator<Item = u32> + 'a {
        let (start, end) = doc_range(self.doc_offsets, doc, self.ids.len() / 4);
        let ids = self.ids;
        (start..end).filter_map(move |i| read_u32(ids, i.checked_mul(4)?))
    }
}

/// True when the `u32` offsets in `table` ascend and the last is at most `end`.
fn ascending(table: &[u8], end: usize) -> bool {
    let mut last = 0u32;
    for chunk in table.chunks_exact(4) {
        let v = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        if v < last {
            return false;
        }
        last = v;
    }
    last as usize <= end
}

/// The id range `[start, end)` of document `doc`, clamped to `ids` entries (empty when out
/// of range or inverted). Checked arithmetic: on 32-bit targets `doc * 4` can overflow.
fn doc_range(doc_offsets: &[u8], doc: u32, ids: usize) -> (usize, usize) {
    let at = (doc as usize).checked_mul(4);
    let read = |at: Option<usize>| {
        at.and_then(|a| read_u32(doc_offsets, a))
            .map(|v| v as usize)
    };
    match (read(at), read(at.and_then(|a| a.checked_add(4)))) {
        (Some(s), Some(e)) if s <= e => (s.min(ids), e.min(ids)),
        _ => (0, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(values: &[u32]) -> Vec<u8> {
        values.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    #[test]
    fn document_ranges_are_clamped_and_never_inverted() {
        // Regression: an end offset of u32::MAX made `doc_values` loop 2^32 times.
        let offsets = table(&[0, 2, u32::MAX, 1]);
        assert_eq!(doc_range(&offsets, 0, 3), (0, 2));
        assert_eq!(doc_range(&offsets, 1, 3), (2, 3));
        assert_eq!(doc_range(&offsets, 2, 3), (0, 0), "inverted");
        assert_eq!(doc_range(&offsets, 3, 3), (0, 0), "past the table");
        assert_eq!(doc_range(&offsets, u32::MAX, 3), (0, 0));
        assert!(ascending(&table(&[0, 0, 3]), 3));
        assert!(!ascending(&table(&[0, 4, 3]), 4));
        assert!(!ascending(&table(&[0, 5]), 4));
    }

    proptest::proptest! {
        #[test]
        fn ranges_stay_inside_the_ids(offsets in proptest::collection::vec(proptest::prelude::any::<u32>(), 0..8), doc in proptest::prelude::any::<u32>(), ids in 0usize..100) {
            let (s, e) = doc_range(&table(&offsets), doc, ids);
            proptest::prop_assert!(s <= e && e <= ids);
        }
    }
}
