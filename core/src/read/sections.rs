//! Sections: each document's headings with their anchor ids and offsets into its stored
//! body (see `format`, SECTIONS), read in place.

use crate::format::{read_u32, SECTION_RECORD_BYTES};

use super::error::FormatError;

/// One section of a stored document, borrowed from the image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredSection<'a> {
    /// The heading's anchor id (`url#id`).
    pub id: &'a str,
    pub heading: &'a str,
    /// Byte offset in the document's stored body where the heading's text begins.
    pub offset: usize,
}

/// The SECTIONS table: empty when the image has none.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Sections<'a> {
    doc_offsets: &'a [u8],
    records: &'a [u8],
    strings: &'a [u8],
}

const CORRUPT: FormatError = FormatError::Corrupt { what: "SECTIONS" };

impl<'a> Sections<'a> {
    /// Opens and checks the table, so that a corrupted one is an error here and every later
    /// read is in bounds: sizes in checked arithmetic; document ranges ascending and ending
    /// at the section count; per section, the strings in bounds and UTF-8, a non-empty id,
    /// text offsets strictly increasing within the document and at most `text_len(doc)`,
    /// its stored body's length. O(documents + sections + string bytes): a site of 1,400
    /// pages with ten sections each is about 15,000 records, microseconds; an image
    /// without sections has no table and costs nothing.
    pub(super) fn open(
        bytes: &'a [u8],
        doc_count: u32,
        text_len: impl Fn(u32) -> usize,
    ) -> Result<Sections<'a>, FormatError> {
        let count = read_u32(bytes, 0).ok_or(FormatError::Truncated { what: "SECTIONS" })?;
        let offsets_len = (u64::from(doc_count) + 1) * 4;
        let records_len = u64::from(count) * SECTION_RECORD_BYTES as u64;
        let strings_at = 4u64 + offsets_len + records_len;
        if strings_at > bytes.len() as u64 {
            return Err(FormatError::Truncated { what: "SECTIONS" });
        }
        // In bounds of `bytes` (checked above), so these fit in usize.
        let (offsets_end, records_end) = (4 + offsets_len as usize, strings_at as usize);
        let table = Sections {
            doc_offsets: &bytes[4..offsets_end],
            records: &bytes[offsets_end..records_end],
            strings: &bytes[records_end..],
        };
        if read_u32(table.doc_offsets, 0) != Some(0) {
            return Err(CORRUPT);
        }
        let mut first = 0u32;
        for doc in 0..doc_count {
            let end = read_u32(table.doc_offsets, (doc as usize + 1) * 4).ok_or(CORRUPT)?;
            if end < first {
                return Err(CORRUPT);
            }
            let mut last_offset = None;
            for i in first..end {
                let (id, _, offset) = table.record(i as usize).ok_or(CORRUPT)?;
                if id.is_empty()
                    || offset > text_len(doc)
                    || last_offset.is_some_and(|last| offset <= last)
                {
                    return Err(CORRUPT);
                }
                last_offset = Some(offset);
            }
            first = end;
        }
        if first != count {
            return Err(CORRUPT);
        }
        let strings_end = match count {
            0 => 0,
            n => read_u32(table.records, (n as usize - 1) * SECTION_RECORD_BYTES + 4)
                .ok_or(CORRUPT)? as usize,
        };
        if strings_end != table.strings.len() {
            return Err(CORRUPT);
        }
        Ok(table)
    }

    /// Number of sections in the image.
    pub(super) fn count(&self) -> usize {
        self.records.len() / SECTION_RECORD_BYTES
    }

    /// Bytes of the table (for size reports; 0 without sections).
    pub(super) fn byte_len(&self) -> usize {
        match self.doc_offsets.len() {
            0 => 0,
            n => 4 + n + self.records.len() + self.strings.len(),
        }
    }

    /// Section `i`: (id, heading, text offset), `None` when its record is inconsistent.
    fn record(&self, i: usize) -> Option<(&'a str, &'a str, usize)> {
        let at = i.checked_mul(SECTION_RECORD_BYTES)?;
        let offset = read_u32(self.records, at)? as usize;
        let end = read_u32(self.records, at + 4)? as usize;
        let id_len = read_u32(self.records, at + 8)? as usize;
        let start = match i {
            0 => 0,
            _ => read_u32(self.records, at - SECTION_RECORD_BYTES + 4)? as usize,
        };
        let split = start.checked_add(id_len)?;
        if split > end {
            return None;
        }
        let id = std::str::from_utf8(self.strings.get(start..split)?).ok()?;
        let heading = std::str::from_utf8(self.strings.get(split..end)?).ok()?;
        Some((id, heading, offset))
    }

    /// The sections of document `doc`, in order (none when out of range).
    pub(super) fn of(&self, doc: u32) -> impl Iterator<Item = StoredSection<'a>> + 'a {
        let at = (doc as usize).checked_mul(4);
        let read = |at: Option<usize>| at.and_then(|a| read_u32(self.doc_offsets, a));
        let range = match (read(at), read(at.and_then(|a| a.checked_add(4)))) {
            (Some(s), Some(e)) if s <= e => s as usize..e as usize,
            _ => 0..0,
        };
        let table = *self;
        range.filter_map(move |i| {
            let (id, heading, offset) = table.record(i)?;
            Some(StoredSection {
                id,
                heading,
                offset,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A table as the writer lays it out: per document, its (offset, id, heading) list.
    fn table(docs: &[&[(u32, &str, &str)]]) -> Vec<u8> {
        let count: usize = docs.iter().map(|d| d.len()).sum();
        let mut out = (count as u32).to_le_bytes().to_vec();
        let mut at = 0u32;
        out.extend_from_slice(&0u32.to_le_bytes());
        for d in docs {
            at += d.len() as u32;
            out.extend_from_slice(&at.to_le_bytes());
        }
        let mut strings = Vec::new();
        for d in docs {
            for &(offset, id, heading) in d.iter() {
                strings.extend_from_slice(id.as_bytes());
                strings.extend_from_slice(heading.as_bytes());
                for v in [offset, strings.len() as u32, id.len() as u32] {
                    out.extend_from_slice(&v.to_le_bytes());
                }
            }
        }
        out.extend_from_slice(&strings);
        out
    }

    fn put(bytes: &mut [u8], at: usize, v: u32) {
        bytes[at..at + 4].copy_from_slice(&v.to_le_bytes());
    }

    #[test]
    fn a_table_reads_back() {
        let bytes = table(&[
            &[(0, "a", "Alpha"), (10, "b-1", "Beta")],
            &[],
            &[(3, "c", "")],
        ]);
        let t = Sections::open(&bytes, 3, |_| 20).unwrap();
        let of = |d| {
            t.of(d)
                .map(|s| (s.offset, s.id, s.heading))
                .collect::<Vec<_>>()
        };
        assert_eq!(of(0), [(0, "a", "Alpha"), (10, "b-1", "Beta")]);
        assert_eq!(of(1), []);
        assert_eq!(of(2), [(3, "c", "")]);
        assert_eq!(of(3), [], "past the documents");
        assert_eq!(of(u32::MAX), []);
        assert_eq!((t.count(), t.byte_len()), (3, bytes.len()));
    }

    #[test]
    fn a_corrupted_table_is_an_error_at_open() {
        let good = table(&[&[(0, "a", "Alpha"), (10, "b", "Beta")], &[(3, "c", "C")]]);
        assert!(Sections::open(&good, 2, |_| 20).is_ok());
        let records = 4 + 3 * 4;
        type Corruption = Box<dyn Fn(&mut Vec<u8>)>;
        let cases: Vec<(&str, Corruption)> = vec![
            ("count", Box::new(|b| put(b, 0, 4))),
            ("count too large", Box::new(|b| put(b, 0, u32::MAX))),
            ("first range", Box::new(|b| put(b, 4, 1))),
            ("ranges descend", Box::new(|b| put(b, 8, 3))),
            (
                "offsets not increasing",
                Box::new(move |b| put(b, records + 12, 0)),
            ),
            ("id too long", Box::new(move |b| put(b, records + 8, 9))),
            ("empty id", Box::new(move |b| put(b, records + 8, 0))),
            (
                "strings out of order",
                Box::new(move |b| put(b, records + 4, 99)),
            ),
            (
                "strings past the end",
                Box::new(move |b| put(b, records + 28, 99)),
            ),
            ("not UTF-8", Box::new(|b| *b.last_mut().unwrap() = 0xff)),
            ("truncated", Box::new(|b| b.truncate(b.len() - 1))),
            ("cut short", Box::new(|b| b.truncate(6))),
        ];
        for (what, corrupt) in cases {
            let mut bad = good.clone();
            corrupt(&mut bad);
            assert!(Sections::open(&bad, 2, |_| 20).is_err(), "{what}");
        }
        assert!(
            Sections::open(&good, 2, |_| 9).is_err(),
            "offset past the body"
        );
        assert!(
            Sections::open(&good, 3, |_| 20).is_err(),
            "another document count"
        );
    }

    proptest! {
        #[test]
        fn any_bytes_open_or_fail_and_read_in_bounds(
            bytes in proptest::collection::vec(any::<u8>(), 0..160),
            docs in 0u32..6,
            len in 0usize..64,
        ) {
            if let Ok(t) = Sections::open(&bytes, docs, |_| len) {
                for d in 0..docs + 1 {
                    let list: Vec<StoredSection<'_>> = t.of(d).collect();
                    for pair in list.windows(2) {
                        prop_assert!(pair[0].offset < pair[1].offset);
                    }
                    prop_assert!(list.iter().all(|s| s.offset <= len && !s.id.is_empty()));
                }
            }
        }

        #[test]
        fn tables_round_trip(docs in proptest::collection::vec(
            proptest::collection::vec(("[a-z0-9-]{1,6}", "\\PC{0,8}"), 0..4), 0..5)
        ) {
            let owned: Vec<Vec<(u32, &str, &str)>> = docs
                .iter()
                .map(|d| d.iter().enumerate().map(|(i, (id, h))| (i as u32 * 7, id.as_str(), h.as_str())).collect())
                .collect();
            let refs: Vec<&[(u32, &str, &str)]> = owned.iter().map(Vec::as_slice).collect();
            let bytes = table(&refs);
            let t = Sections::open(&bytes, refs.len() as u32, |_| 100).unwrap();
            for (d, want) in owned.iter().enumerate() {
                let got: Vec<(u32, &str, &str)> = t.of(d as u32).map(|s| (s.offset as u32, s.id, s.heading)).collect();
                prop_assert_eq!(&got, want);
            }
        }
    }
}
