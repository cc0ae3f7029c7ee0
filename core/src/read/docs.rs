//! Stored documents: the DOCS rows and their STORE text (in the split layout, through
//! the pages of head and body shards: see `split.rs`).

use super::{DocHead, Index, StoredDoc};
use crate::format::{
    read_u32, SectionKind, StoredField, FIXED_STORED, STORED_ENTRY_BYTES, VALUE_SEPARATOR,
};

impl<'a> Index<'a> {
    /// The values of display field `i` of document `doc` (empty when absent).
    pub fn display_values(&self, doc: u32, i: usize) -> impl Iterator<Item = &'a str> {
        let value = if i < self.display_count && doc < self.doc_count {
            self.stored_at(doc, FIXED_STORED + i)
        } else {
            None
        };
        value.into_iter().flat_map(|v| v.split(VALUE_SEPARATOR))
    }

    fn store_str(&self, offset: u32, len: u32) -> Option<&'a str> {
        let start = offset as usize;
        let end = start.checked_add(len as usize)?;
        std::str::from_utf8(self.paged(SectionKind::Store, self.store, start, Some(end))?).ok()
    }

    /// The DOCS record entry (offset, length) of a stored field, in range (checked by the
    /// callers against doc_count and the field count).
    fn stored_entry(&self, doc: u32, field: usize) -> Option<(u32, u32)> {
        let record = (FIXED_STORED + self.display_count) * STORED_ENTRY_BYTES;
        let base = doc as usize * record + field * STORED_ENTRY_BYTES;
        let entry = self.paged(SectionKind::Docs, self.docs, base, Some(base + 8))?;
        Some((read_u32(entry, 0)?, read_u32(entry, 4)?))
    }

    fn stored(&self, doc: u32, field: StoredField) -> Option<&'a str> {
        self.stored_at(doc, field as usize)
    }

    /// The stored length of a field, without reading its text (0 when absent).
    pub(super) fn stored_len(&self, doc: u32, field: usize) -> usize {
        if doc >= self.doc_count || field >= FIXED_STORED + self.display_count {
            return 0;
        }
        self.stored_entry(doc, field)
            .map_or(0, |(_, len)| len as usize)
    }

    fn stored_at(&self, doc: u32, field: usize) -> Option<&'a str> {
        // In range, the offset is below DOCS' length (checked in `open`): no overflow.
        if doc >= self.doc_count || field >= FIXED_STORED + self.display_count {
            return None;
        }
        let (offset, len) = self.stored_entry(doc, field)?;
        if len == 0 {
            return None;
        }
        self.store_str(offset, len)
    }

    /// Stored fields of document `ordinal`.
    pub fn doc(&self, ordinal: u32) -> Option<StoredDoc<'a>> {
        Some(StoredDoc {
            head: self.doc_head(ordinal)?,
            text: self.doc_text(ordinal),
        })
    }

    /// Stored fields of document `ordinal` but its body text (`None` exactly when
    /// [`Index::doc`] is `None`).
    pub fn doc_head(&self, ordinal: u32) -> Option<DocHead<'a>> {
        if ordinal >= self.doc_count {
            return None;
        }
        Some(DocHead {
            ordinal,
            id: self.stored(ordinal, StoredField::Id)?,
            title: self.stored(ordinal, StoredField::Title).unwrap_or(""),
            url: self.stored(ordinal, StoredField::Url),
            date: self.stored(ordinal, StoredField::Date),
        })
    }

    /// The body text of document `ordinal` (empty when it has none or is out of range).
    pub fn doc_text(&self, ordinal: u32) -> &'a str {
        self.stored(ordinal, StoredField::Text).unwrap_or("")
    }

    /// The title of document `ordinal` (`None` exactly when [`Index::doc`] is `None`),
    /// without its body: the title re-rank reads a hundred titles, and in the split layout
    /// a body is in another shard.
    pub fn doc_title(&self, ordinal: u32) -> Option<&'a str> {
        self.stored(ordinal, StoredField::Id)?;
        Some(self.stored(ordinal, StoredField::Title).unwrap_or(""))
    }

    /// The date of document `ordinal`, without its body (the date order reads every
    /// match's).
    pub fn doc_date(&self, ordinal: u32) -> Option<&'a str> {
        self.stored(ordinal, StoredField::Id)?;
        self.stored(ordinal, StoredField::Date)
    }

    /// True when some document has a date (a scan of the DOCS table that stops at the
    /// first; in the split layout, a flag the builder wrote).
    pub fn has_dates(&self) -> bool {
        if let Some(paging) = self.paging {
            return paging.has_dates();
        }
        (0..self.doc_count).any(|d| self.stored(d, StoredField::Date).is_some())
    }

    /// The document with external id `id` (a linear scan over the DOCS table).
    pub fn doc_by_id(&self, id: &str) -> Option<StoredDoc<'a>> {
        (0..self.doc_count).find_map(|d| {
            (self.stored(d, StoredField::Id) == Some(id))
                .then(|| self.doc(d))
                .flatten()
        })
    }
}
