//! The section table of an image: finding a section by kind, and the checked arithmetic of
//! tables sized by a count (the opening stage of `Index::open`).

use super::FormatError;
use crate::format::{read_u32, SectionKind, HEADER_BYTES, SECTION_ENTRY_BYTES};

/// The bytes of the section of `kind` listed in `table` (the image's section table).
pub(super) fn section<'a>(
    bytes: &'a [u8],
    table: &[u8],
    kind: SectionKind,
) -> Result<&'a [u8], FormatError> {
    let mut found = None;
    for entry in table.chunks_exact(SECTION_ENTRY_BYTES) {
        let k = read_u32(entry, 0).ok_or(FormatError::Truncated {
            what: "section table",
        })?;
        if k == kind as u32 {
            let offset = read_u32(entry, 4).ok_or(FormatError::Truncated {
                what: "section table",
            })? as usize;
            let len = read_u32(entry, 8).ok_or(FormatError::Truncated {
                what: "section table",
            })? as usize;
            let end = offset
                .checked_add(len)
                .ok_or(FormatError::Corrupt { what: kind.name() })?;
            if offset < HEADER_BYTES || end > bytes.len() {
                return Err(FormatError::Truncated { what: kind.name() });
            }
            found = Some(&bytes[offset..end]);
        }
    }
    found.ok_or(FormatError::Corrupt { what: kind.name() })
}

/// A section that images may leave out (`None` when the table has no entry of its kind).
pub(super) fn optional_section<'a>(
    bytes: &'a [u8],
    table: &[u8],
    kind: SectionKind,
) -> Result<Option<&'a [u8]>, FormatError> {
    let listed = table
        .chunks_exact(SECTION_ENTRY_BYTES)
        .any(|entry| read_u32(entry, 0) == Some(kind as u32));
    if listed {
        section(bytes, table, kind).map(Some)
    } else {
        Ok(None)
    }
}

pub(super) fn utf8<'b>(bytes: &'b [u8], what: &'static str) -> Result<&'b str, FormatError> {
    std::str::from_utf8(bytes).map_err(|_| FormatError::Corrupt { what })
}

/// `count × record` bytes when that fits in `limit` (`usize::MAX`; the tests pass
/// `u32::MAX`, wasm32's `usize`). 64-bit arithmetic, so it never wraps on any target.
pub(super) fn table_len(count: u32, record: usize, limit: usize) -> Option<usize> {
    let bytes = u64::from(count).checked_mul(u64::try_from(record).ok()?)?;
    (bytes <= limit as u64).then_some(bytes as usize)
}
