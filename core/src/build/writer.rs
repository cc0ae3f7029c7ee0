//! Writer: lowers a [`BuiltIndex`] into the byte image described in `crate::format`.

use fst::MapBuilder;

use super::{BuildError, BuiltIndex, INDEXED_FIELDS};
use crate::format::{
    checksum, write_varint, SectionKind, FORMAT_VERSION, HEADER_BYTES, MAGIC, SECTION_ENTRY_BYTES,
};

fn too_large(what: &str) -> BuildError {
    BuildError::TooLarge(format!(
        "the index's {what} section exceeds 4 GiB, the format's limit"
    ))
}

fn offset(n: usize, what: &str) -> Result<u32, BuildError> {
    u32::try_from(n).map_err(|_| too_large(what))
}

/// Appends `s` to the store, returning (offset, len); empty strings are (0, 0).
fn store_str(store: &mut Vec<u8>, s: &str) -> Result<(u32, u32), BuildError> {
    if s.is_empty() {
        return Ok((0, 0));
    }
    let at = offset(store.len(), "STORE")?;
    store.extend_from_slice(s.as_bytes());
    Ok((at, offset(s.len(), "STORE")?))
}

pub(crate) fn write_image(built: &BuiltIndex<'_>) -> Result<Vec<u8>, BuildError> {
    let doc_count = built.docs.len();
    let mut store = Vec::new();

    // DOCS + STORE
    let mut docs = Vec::with_capacity(doc_count * crate::format::DOC_RECORD_BYTES);
    for doc in built.docs {
        let fields = [
            doc.id.as_str(),
            doc.title.as_str(),
            doc.date.as_deref().unwrap_or(""),
            doc.source.as_deref().unwrap_or(""),
            doc.url.as_deref().unwrap_or(""),
            doc.text.as_str(),
        ];
        for value in fields {
            let (at, len) = store_str(&mut store, value)?;
            docs.extend_from_slice(&at.to_le_bytes());
            docs.extend_from_slice(&len.to_le_bytes());
        }
    }

    // DICT, POSTINGS, POSITIONS
    let mut dict = MapBuilder::memory();
    let mut postings = Vec::new();
    let mut positions = Vec::new();
    let mut entries = Vec::new();
    for (term, field_postings, surface) in &built.terms {
        let positions_at = offset(positions.len(), "POSITIONS")?;
        entries.clear();
        let mut df = 0u32;
        let mut previous_doc = None;
        let mut i = 0;
        while i < field_postings.len() {
            let doc = field_postings[i].doc;
            let mut j = i;
            let mut mask = 0u8;
            while j < field_postings.len() && field_postings[j].doc == doc {
                mask |= 1 << field_postings[j].field;
                j += 1;
            }
            write_varint(&mut entries, doc - previous_doc.unwrap_or(0));
            previous_doc = Some(doc);
            entries.push(mask);
            for fp in &field_postings[i..j] {
                write_varint(&mut entries, offset(fp.positions.len(), "POSTINGS")?);
                let mut last = 0;
                for (k, &p) in fp.positions.iter().enumerate() {
                    write_varint(&mut positions, if k == 0 { p } else { p - last });
                    last = p;
                }
            }
            df += 1;
            i = j;
        }
        let block_at = postings.len() as u64;
        let surface = surface.as_deref().unwrap_or(term);
        let shared = term
            .bytes()
            .zip(surface.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        let mut shared = shared;
        while !surface.is_char_boundary(shared) {
            shared -= 1;
        }
        let suffix = &surface.as_bytes()[shared..];
        write_varint(&mut postings, df);
        write_varint(&mut postings, offset(entries.len(), "POSTINGS")?);
        write_varint(&mut postings, positions_at);
        write_varint(&mut postings, offset(shared, "POSTINGS")?);
        write_varint(&mut postings, offset(suffix.len(), "POSTINGS")?);
        postings.extend_from_slice(suffix);
        postings.extend_from_slice(&entries);
        offset(postings.len(), "POSTINGS")?;
        dict.insert(term, block_at)
            .map_err(|e| BuildError::Internal(format!("fst insert {term:?}: {e}")))?;
    }
    let dict = dict
        .into_inner()
        .map_err(|e| BuildError::Internal(format!("fst finish: {e}")))?;

    // NORMS
    let mut norms = Vec::with_capacity(doc_count * INDEXED_FIELDS.len() * 4);
    for lengths in &built.norms {
        for len in lengths {
            norms.extend_from_slice(&len.to_le_bytes());
        }
    }

    // META
    let mut meta = Vec::new();
    meta.extend_from_slice(&offset(doc_count, "META")?.to_le_bytes());
    meta.extend_from_slice(&(INDEXED_FIELDS.len() as u32).to_le_bytes());
    meta.extend_from_slice(&offset(built.terms.len(), "META")?.to_le_bytes());
    for (field, name) in INDEXED_FIELDS.iter().enumerate() {
        let total: u64 = built.norms.iter().map(|n| u64::from(n[field])).sum();
        let avg = if doc_count == 0 {
            0.0
        } else {
            (total as f64 / doc_count as f64) as f32
        };
        meta.extend_from_slice(&avg.to_bits().to_le_bytes());
        meta.push(name.len() as u8);
        meta.extend_from_slice(name.as_bytes());
    }
    let info = built.build_info.as_bytes();
    let info = &info[..info.len().min(u16::MAX as usize)];
    meta.extend_from_slice(&(info.len() as u16).to_le_bytes());
    meta.extend_from_slice(info);

    // Assemble: header, section table, sections (each 4-byte aligned).
    let sections: [(SectionKind, &[u8]); 7] = [
        (SectionKind::Meta, &meta),
        (SectionKind::Dict, &dict),
        (SectionKind::Postings, &postings),
        (SectionKind::Positions, &positions),
        (SectionKind::Norms, &norms),
        (SectionKind::Docs, &docs),
        (SectionKind::Store, &store),
    ];
    let mut image = Vec::new();
    image.extend_from_slice(MAGIC);
    image.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    image.extend_from_slice(&(sections.len() as u32).to_le_bytes());
    image.extend_from_slice(&0u64.to_le_bytes()); // checksum, patched below
    let table_at = image.len();
    image.resize(table_at + sections.len() * SECTION_ENTRY_BYTES, 0);
    for (i, (kind, bytes)) in sections.iter().enumerate() {
        while image.len() % 4 != 0 {
            image.push(0);
        }
        let at = offset(image.len(), kind.name())?;
        let len = offset(bytes.len(), kind.name())?;
        image.extend_from_slice(bytes);
        let entry = table_at + i * SECTION_ENTRY_BYTES;
        image[entry..entry + 4].copy_from_slice(&(*kind as u32).to_le_bytes());
        image[entry + 4..entry + 8].copy_from_slice(&at.to_le_bytes());
        image[entry + 8..entry + 12].copy_from_slice(&len.to_le_bytes());
    }
    offset(image.len(), "image")?;
    let sum = checksum(&image[HEADER_BYTES..]);
    image[16..24].copy_from_slice(&sum.to_le_bytes());
    Ok(image)
}
