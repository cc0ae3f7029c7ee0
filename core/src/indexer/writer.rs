//! Writer: lowers a [`BuiltIndex`] into the byte image described in `crate::format`.

use fst::MapBuilder;

use std::collections::{BTreeMap, BTreeSet};

use super::{BuildError, BuiltIndex, Document};
use crate::format::{
    checksum, decode_norm, encode_norm, write_varint, SectionKind, FORMAT_VERSION, HEADER_BYTES,
    MAGIC, MAX_DISPLAY, MAX_FIELDS, SECTION_ENTRY_BYTES, VALUE_SEPARATOR,
};
use crate::score::{impact, FieldParams};

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

/// The values of facet `name` for `doc`: its metadata, or for `year` without a `year`
/// field, the year of its date.
fn facet_values<'d>(doc: &'d Document, name: &str) -> Vec<&'d str> {
    let values = doc.field_values(name);
    if values.is_empty() && name == "year" {
        if let Some(year) = doc.date.as_deref().and_then(|d| d.get(..4)) {
            if year.bytes().all(|b| b.is_ascii_digit()) {
                return vec![year];
            }
        }
    }
    values
}

/// Writes `name` as u8 length + bytes (names are at most 64 bytes, checked by the config).
fn write_name(out: &mut Vec<u8>, name: &str) -> Result<(), BuildError> {
    let len = u8::try_from(name.len())
        .map_err(|_| BuildError::TooLarge(format!("field name {name:?} exceeds 255 bytes")))?;
    out.push(len);
    out.extend_from_slice(name.as_bytes());
    Ok(())
}

fn pad4(out: &mut Vec<u8>) {
    while out.len() % 4 != 0 {
        out.push(0);
    }
}

/// The FACETS section (see `format`).
fn facets_section(built: &BuiltIndex<'_>) -> Result<Vec<u8>, BuildError> {
    let facets = &built.config.facets;
    let mut out = Vec::new();
    out.extend_from_slice(&offset(facets.len(), "FACETS")?.to_le_bytes());
    let table_at = out.len();
    out.resize(table_at + facets.len() * 4, 0);
    for (f, name) in facets.iter().enumerate() {
        pad4(&mut out);
        let block_at = offset(out.len(), "FACETS")?;
        out[table_at + f * 4..table_at + f * 4 + 4].copy_from_slice(&block_at.to_le_bytes());
        let values: BTreeSet<&str> = built
            .docs
            .iter()
            .flat_map(|d| facet_values(d, name))
            .filter(|v| !v.is_empty())
            .collect();
        let ids: BTreeMap<&str, u32> = values
            .iter()
            .enumerate()
            .map(|(i, &v)| (v, i as u32))
            .collect();
        out.extend_from_slice(&offset(values.len(), "FACETS")?.to_le_bytes());
        out.extend_from_slice(&offset(name.len(), "FACETS")?.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        pad4(&mut out);
        let mut at = 0usize;
        for v in std::iter::once("").chain(values.iter().copied()) {
            at += v.len();
            out.extend_from_slice(&offset(at, "FACETS")?.to_le_bytes());
        }
        let mut doc_ids: Vec<u32> = Vec::new();
        out.extend_from_slice(&0u32.to_le_bytes());
        for doc in built.docs {
            let mut mine: Vec<u32> = facet_values(doc, name)
                .into_iter()
                .filter_map(|v| ids.get(v).copied())
                .collect();
            mine.sort_unstable();
            mine.dedup();
            doc_ids.extend(mine);
            out.extend_from_slice(&offset(doc_ids.len(), "FACETS")?.to_le_bytes());
        }
        for id in doc_ids {
            out.extend_from_slice(&id.to_le_bytes());
        }
        for v in &values {
            out.extend_from_slice(v.as_bytes());
        }
    }
    Ok(out)
}

/// The SYNONYMS section (see `format`).
fn synonyms_section(built: &BuiltIndex<'_>) -> Result<Vec<u8>, BuildError> {
    let mut out = Vec::new();
    write_varint(&mut out, offset(built.synonyms.len(), "SYNONYMS")?);
    for group in &built.synonyms {
        write_varint(&mut out, offset(group.len(), "SYNONYMS")?);
        for member in group {
            write_varint(&mut out, offset(member.len(), "SYNONYMS")?);
            for term in member {
                write_varint(&mut out, offset(term.len(), "SYNONYMS")?);
                out.extend_from_slice(term.as_bytes());
            }
        }
    }
    Ok(out)
}

/// The SECTIONS section (see `format`), or `None` when no document has sections or bodies
/// are not stored (a section is ranked and excerpted from its stored text). A section that
/// breaks the shape (`Section`: offsets strictly increasing char boundaries of the body, an
/// id) is an extractor's bug, so it fails the build as internal rather than being dropped.
fn sections_section(built: &BuiltIndex<'_>) -> Result<Option<Vec<u8>>, BuildError> {
    if !built.config.store_body || built.docs.iter().all(|d| d.sections.is_empty()) {
        return Ok(None);
    }
    let count: usize = built.docs.iter().map(|d| d.sections.len()).sum();
    let mut out = Vec::new();
    out.extend_from_slice(&offset(count, "SECTIONS")?.to_le_bytes());
    let mut first = 0usize;
    out.extend_from_slice(&0u32.to_le_bytes());
    for doc in built.docs {
        first += doc.sections.len();
        out.extend_from_slice(&offset(first, "SECTIONS")?.to_le_bytes());
    }
    let mut strings = Vec::new();
    for doc in built.docs {
        let mut last = None;
        for section in &doc.sections {
            let fits =
                section.offset <= doc.text.len() && doc.text.is_char_boundary(section.offset);
            if !fits || section.id.is_empty() || last.is_some_and(|l| section.offset <= l) {
                return Err(BuildError::Internal(format!(
                    "document \"{}\": section \"{}\" at byte {} is not a heading after the \
                     previous one inside its body ({} bytes)",
                    doc.id,
                    section.id,
                    section.offset,
                    doc.text.len()
                )));
            }
            last = Some(section.offset);
            strings.extend_from_slice(section.id.as_bytes());
            strings.extend_from_slice(section.heading.as_bytes());
            out.extend_from_slice(&offset(section.offset, "SECTIONS")?.to_le_bytes());
            out.extend_from_slice(&offset(strings.len(), "SECTIONS")?.to_le_bytes());
            out.extend_from_slice(&offset(section.id.len(), "SECTIONS")?.to_le_bytes());
        }
    }
    out.extend_from_slice(&strings);
    offset(out.len(), "SECTIONS")?;
    Ok(Some(out))
}

/// Per searched field, its average token count over the documents (0 without documents), as
/// META records it.
fn average_lengths(built: &BuiltIndex<'_>, field_count: usize) -> Vec<f32> {
    (0..field_count)
        .map(|f| {
            let total: u64 = built
                .norms
                .iter()
                .skip(f)
                .step_by(field_count)
                .map(|&n| u64::from(n))
                .sum();
            let docs = built.docs.len();
            if docs == 0 {
                0.0
            } else {
                (total as f64 / docs as f64) as f32
            }
        })
        .collect()
}

pub(crate) fn write_image(built: &BuiltIndex<'_>) -> Result<Vec<u8>, BuildError> {
    let doc_count = built.docs.len();
    let config = built.config;
    let field_count = config.fields.len();
    if config.display.len() > MAX_DISPLAY {
        return Err(BuildError::TooLarge(format!(
            "{} display fields; an index stores at most {MAX_DISPLAY}",
            config.display.len()
        )));
    }
    let mut store = Vec::new();

    // DOCS + STORE
    let mut docs = Vec::new();
    let mut joined = String::new();
    for doc in built.docs {
        let fixed = [
            doc.id.as_str(),
            doc.title.as_str(),
            doc.url.as_deref().unwrap_or(""),
            doc.date.as_deref().unwrap_or(""),
            if config.store_body {
                doc.text.as_str()
            } else {
                ""
            },
        ];
        for value in fixed {
            let (at, len) = store_str(&mut store, value)?;
            docs.extend_from_slice(&at.to_le_bytes());
            docs.extend_from_slice(&len.to_le_bytes());
        }
        for name in &config.display {
            joined.clear();
            for (i, v) in doc.field_values(name).iter().enumerate() {
                if i > 0 {
                    joined.push(VALUE_SEPARATOR);
                }
                joined.push_str(v);
            }
            let (at, len) = store_str(&mut store, &joined)?;
            docs.extend_from_slice(&at.to_le_bytes());
            docs.extend_from_slice(&len.to_le_bytes());
        }
    }

    // DICT, POSTINGS, POSITIONS. Impacts are computed with the parameters META records, read
    // back exactly as the reader reads them (`FieldParams::for_index`).
    let avg_lens = average_lengths(built, field_count);
    let mut params = FieldParams {
        weight: [1.0; MAX_FIELDS],
        b: [0.75; MAX_FIELDS],
        avg_len: [1.0; MAX_FIELDS],
        count: field_count.min(MAX_FIELDS),
    };
    for (f, field) in config.fields.iter().enumerate().take(MAX_FIELDS) {
        params.weight[f] = field.weight;
        params.b[f] = field.b;
        params.avg_len[f] = avg_lens[f].max(1.0);
    }
    let mut dict = MapBuilder::memory();
    let mut postings = Vec::new();
    let mut positions = Vec::new();
    let mut entries = Vec::new();
    for (term, field_postings, surface) in &built.terms {
        let positions_at = offset(positions.len(), "POSITIONS")?;
        entries.clear();
        let mut df = 0u32;
        let mut max_impact = 0u8;
        let mut previous_doc = None;
        let mut i = 0;
        while i < field_postings.len() {
            let doc = field_postings[i].doc;
            let mut j = i;
            let mut mask = 0u8;
            let mut tfs = [0u32; MAX_FIELDS];
            while j < field_postings.len() && field_postings[j].doc == doc {
                let field = field_postings[j].field;
                mask |= 1 << field;
                tfs[field as usize] = offset(field_postings[j].positions.len(), "POSITIONS")?;
                j += 1;
            }
            write_varint(&mut entries, doc - previous_doc.unwrap_or(0));
            previous_doc = Some(doc);
            let norms = &built.norms[doc as usize * field_count..][..field_count];
            // The lengths NORMS will give the reader, so that phrase scores (from NORMS at
            // query time) and these impacts normalize alike.
            let code = impact(
                &params,
                |f| decode_norm(encode_norm(norms[f])),
                mask,
                |f| tfs[f],
            );
            max_impact = max_impact.max(code);
            entries.push(mask);
            entries.push(code);
            // The run: the counts (the term frequencies), then the positions, per field.
            for fp in &field_postings[i..j] {
                write_varint(&mut positions, tfs[fp.field as usize]);
            }
            for fp in &field_postings[i..j] {
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
        postings.push(max_impact);
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
    let norms: Vec<u8> = built.norms.iter().map(|&len| encode_norm(len)).collect();

    // META
    let mut meta = Vec::new();
    meta.extend_from_slice(&offset(doc_count, "META")?.to_le_bytes());
    meta.extend_from_slice(&offset(field_count, "META")?.to_le_bytes());
    meta.extend_from_slice(&offset(built.terms.len(), "META")?.to_le_bytes());
    for (f, field) in config.fields.iter().enumerate() {
        let avg = avg_lens[f];
        meta.extend_from_slice(&avg.to_bits().to_le_bytes());
        meta.extend_from_slice(&field.weight.to_bits().to_le_bytes());
        meta.extend_from_slice(&field.b.to_bits().to_le_bytes());
        write_name(&mut meta, &field.name)?;
    }
    meta.push(config.display.len() as u8);
    for name in &config.display {
        write_name(&mut meta, name)?;
    }
    meta.push(config.language.code());
    let info = built.build_info.as_bytes();
    let info = &info[..info.len().min(u16::MAX as usize)];
    meta.extend_from_slice(&(info.len() as u16).to_le_bytes());
    meta.extend_from_slice(info);

    // Assemble: header, section table, sections (each 4-byte aligned).
    let stop_words = built.stop_words.join("\n");
    let synonyms = synonyms_section(built)?;
    let facets = facets_section(built)?;
    let page_sections = sections_section(built)?;
    let mut sections: Vec<(SectionKind, &[u8])> = vec![
        (SectionKind::Meta, &meta),
        (SectionKind::Dict, &dict),
        (SectionKind::Postings, &postings),
        (SectionKind::Positions, &positions),
        (SectionKind::Norms, &norms),
        (SectionKind::Docs, &docs),
        (SectionKind::Store, &store),
        (SectionKind::StopWords, stop_words.as_bytes()),
        (SectionKind::Synonyms, &synonyms),
        (SectionKind::Facets, &facets),
    ];
    if let Some(bytes) = &page_sections {
        sections.push((SectionKind::Sections, bytes));
    }
    assemble(&sections)
}

/// An image of `sections`: header, section table, sections (each 4-byte aligned), checksum.
/// The split layout (`crate::split`) assembles its image with it too.
pub(crate) fn assemble(sections: &[(SectionKind, &[u8])]) -> Result<Vec<u8>, BuildError> {
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
