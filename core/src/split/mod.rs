//! Split layout, builder side: cuts an embedded image into the image the wasm keeps and the
//! shard files served beside it (see `format`, SPLIT and shard files; the reader is
//! `read::split`).
//!
//! The split is computed from the embedded image, so both layouts hold the same bytes of
//! every section but the dictionary: the split image keeps META, NORMS, STOPWORDS,
//! SYNONYMS, FACETS and SECTIONS, and pages the rest:
//!
//! - DICT as FSTs of their own over consecutive key ranges, of about
//!   [`SplitTargets::dictionary`] bytes each (the same terms and POSTINGS offsets), with the
//!   first key of every page in DICTKEYS, in the wasm (`read::dict`).
//! - POSTINGS and POSITIONS at term boundaries (a term's block is where the dictionary
//!   says it begins, opaque otherwise), into pages of about [`SplitTargets::postings`] and
//!   [`SplitTargets::positions`] bytes; a larger term is a page of its own. Positions are
//!   their own shards: one-word queries never read them.
//! - The documents in corpus order, as two kinds of shard: heads (the DOCS rows with id,
//!   title, url, date and display fields: what the title re-rank and the date order read)
//!   and bodies (the stored text, read for the snippets of the page shown). STORE is
//!   re-laid heads first, then bodies, so each group is one range of it.

use std::collections::BTreeSet;

use fst::{MapBuilder, Streamer};

use crate::format::{
    fnv1a, read_u32, shard_checksum, SectionKind, FIXED_STORED, FNV_OFFSET, FORMAT_VERSION,
    HEADER_BYTES, PIECE_ENTRY_BYTES, SECTION_ENTRY_BYTES, SHARD_HEADER_BYTES, SHARD_MAGIC,
    SPLIT_HAS_DATES, STORED_ENTRY_BYTES,
};
use crate::format::{shard_name, write_pages, StoredField};
use crate::indexer::writer::assemble;
use crate::indexer::BuildError;
use crate::read::Index;

/// Shard sizes, in raw bytes before compression. The defaults are measured on MDN's 600
/// dev queries, each from a cold start (`bakedsearch-image --split --queries`, brotli per
/// shard): heads of 8 KB fetched 29.8 shards and 97 KB a query (first query 97 KB), heads of
/// 2 KB 42.1 shards and 73 KB (first query 63 KB) for 13 KB more page table in the wasm
/// (406 → 419 KB): the title re-rank reads the titles of the top 100, spread over the
/// corpus, so small head shards pay. A warm session costs the same with both (23 KB a
/// query). Postings at 8 KB: 2.8 postings shards a query (bodies: see below).
/// Dictionary pages (format 5): the wasm keeps 219 KB raw / 109 KB brotli instead of 648 /
/// 420 KB; pages of 4 / 8 / 16 KB cost the first query 72 / 79 / 93 KB brotli and a cold
/// query 105 / 112 / 128 KB at p50 (a typo reads nearly every page: p95 about 440 KB), and
/// a whole session 26.0 KB a query with any of them (23.3 KB with the dictionary in the
/// wasm). Bodies, measured again with format 6 (where a shard costs the wasm a byte or two
/// of page table, not the 8 of a content hash): 8 / 4 / 2 KB give an image of 47.4 / 51.4 /
/// 56.7 KB brotli, a first query ("fetch", as the bench's) of 59.8 / 48.4 / 42.3 KB, a cold
/// query of 88.2 / 80.5 / 78.6 KB at p50 and a session of 25.9 / 24.5 / 23.5 KB a query;
/// 4 KB takes most of the gain for 4 KB more in every visitor's wasm (2 KB: 9 KB more, and
/// 7,767 body files instead of 5,213). Heads, measured again with format 6 (the same tool,
/// a first query as the bench's, then the dev or train queries): 2 KB / 1 KB give MDN an
/// image of 51.4 / 53.1 KB brotli, a first query ("fetch") of 48.4 / 44.5 KB, a cold query
/// of 124.2 / 122.4 KB mean and a session of 24.5 / 24.7 KB a query; SciFact an image of
/// 18.2 / 18.8 KB, a first query ("cancer", whose title re-rank reads 85 titles) of
/// 130.9 / 94.2 KB, a cold query of 311.0 / 305.6 KB mean and a session of 8.23 / 8.29 KB
/// a query. In bytes 1 KB wins, but in the browser it lost: a query reads twice the head
/// shards, and Chromium opens at most 6 connections to one host, so the requests of a
/// round queue. One bench run each (`--engines bakedsearch-split --corpora scifact,mdn`,
/// format 7, the same machine, one after the other), 1 KB / 2 KB: MDN cold start 442 /
/// 364 ms, warm query p50 16.2 / 7.2 ms, first query 177.2 / 180.9 KiB brotli; SciFact
/// cold start 688 / 625 ms, p50 1.15 / 1.04 ms, first query 205.9 / 242.9 KiB. So 2 KB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SplitTargets {
    pub dictionary: usize,
    pub postings: usize,
    pub positions: usize,
    pub heads: usize,
    pub bodies: usize,
}

impl Default for SplitTargets {
    fn default() -> Self {
        SplitTargets {
            dictionary: 4 * 1024,
            postings: 8 * 1024,
            positions: 8 * 1024,
            heads: 2 * 1024,
            bodies: 4 * 1024,
        }
    }
}

/// A split image and its shards (file name, bytes), in page order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitImage {
    pub image: Vec<u8>,
    pub shards: Vec<(String, Vec<u8>)>,
}

/// One page: (section, start, length) of its bytes in the section.
type Piece = (SectionKind, usize, usize);

fn internal(what: &str) -> BuildError {
    BuildError::Internal(format!("splitting the image: {what}"))
}

fn u32_of(n: usize, what: &str) -> Result<u32, BuildError> {
    u32::try_from(n).map_err(|_| BuildError::TooLarge(format!("{what} exceeds 4 GiB")))
}

/// The sections of an image, in table order.
fn sections(image: &[u8]) -> Result<Vec<(SectionKind, &[u8])>, BuildError> {
    let count = read_u32(image, 12).ok_or_else(|| internal("header"))? as usize;
    (0..count)
        .map(|i| {
            let at = HEADER_BYTES + i * SECTION_ENTRY_BYTES;
            let field = |o| read_u32(image, at + o).ok_or_else(|| internal("section table"));
            let (kind, start, len) = (field(0)?, field(4)? as usize, field(8)? as usize);
            let kind = SectionKind::from_code(kind).ok_or_else(|| internal("unknown section"))?;
            Ok((
                kind,
                image
                    .get(start..start + len)
                    .ok_or_else(|| internal("section"))?,
            ))
        })
        .collect()
}

/// Cuts `bounds` (ascending starts of indivisible runs, the first 0, `len` the end) into
/// pages of at least `target` bytes (the last may be smaller); returns the page starts.
fn cut(bounds: &[usize], len: usize, target: usize) -> Vec<usize> {
    let mut pages = Vec::new();
    for &b in bounds.iter().filter(|&&b| b < len) {
        match pages.last() {
            Some(&start) if b - start < target => {}
            _ => pages.push(b),
        }
    }
    pages
}

/// Splits an embedded image (from `indexer::bake`) with the given shard sizes.
pub fn split_image(image: &[u8], targets: &SplitTargets) -> Result<SplitImage, BuildError> {
    let index = Index::open(image).map_err(|e| internal(&e.to_string()))?;
    let all = sections(image)?;
    let get = |kind| {
        all.iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, b)| *b)
            .ok_or_else(|| internal(kind.name()))
    };
    let (postings, positions) = (get(SectionKind::Postings)?, get(SectionKind::Positions)?);
    let (docs, store) = (get(SectionKind::Docs)?, get(SectionKind::Store)?);

    // Term boundaries: where the dictionary says blocks begin, and their positions runs.
    let mut blocks = BTreeSet::new();
    let mut runs = BTreeSet::new();
    // Dictionary pages: the terms in order, as FSTs of about `targets.dictionary` bytes.
    let mut dict_pages: Vec<Vec<u8>> = Vec::new();
    let mut first_keys: Vec<Vec<u8>> = Vec::new();
    let mut page = MapBuilder::memory();
    let mut in_page = 0usize;
    let fst_error = |e: fst::Error| internal(&format!("dictionary page: {e}"));
    let whole = index
        .dictionary()
        .ok_or_else(|| internal("the image is split already"))?;
    let mut stream = whole.stream();
    while let Some((key, block)) = stream.next() {
        let info = index
            .term_info(block)
            .ok_or_else(|| internal("term block"))?;
        blocks.insert(block as usize);
        runs.insert(info.positions_start());
        if in_page > 0 && page.bytes_written() as usize >= targets.dictionary {
            let full = std::mem::replace(&mut page, MapBuilder::memory());
            dict_pages.push(full.into_inner().map_err(fst_error)?);
            in_page = 0;
        }
        if in_page == 0 {
            first_keys.push(key.to_vec());
        }
        page.insert(key, block).map_err(fst_error)?;
        in_page += 1;
    }
    if in_page > 0 {
        dict_pages.push(page.into_inner().map_err(fst_error)?);
    }
    let mut dict = Vec::new();
    let mut dict_starts = Vec::with_capacity(dict_pages.len());
    for p in &dict_pages {
        dict_starts.push(dict.len());
        dict.extend_from_slice(p);
    }
    let mut dict_keys = u32_of(first_keys.len(), "dictionary pages")?
        .to_le_bytes()
        .to_vec();
    let mut end = 0usize;
    for k in &first_keys {
        end += k.len();
        dict_keys.extend_from_slice(&u32_of(end, "DICTKEYS")?.to_le_bytes());
    }
    for k in &first_keys {
        dict_keys.extend_from_slice(k);
    }
    blocks.insert(0);
    runs.insert(0);
    let blocks: Vec<usize> = blocks.into_iter().collect();
    let runs: Vec<usize> = runs.into_iter().collect();

    // Documents: STORE re-laid as every document's head fields, then every body.
    let doc_count = index.doc_count() as usize;
    let fields = FIXED_STORED + index.display_names().len();
    let record = fields * STORED_ENTRY_BYTES;
    let mut new_docs = docs.to_vec();
    let mut new_store = Vec::with_capacity(store.len());
    let mut head_ends = Vec::with_capacity(doc_count);
    let mut relay = |d: usize, f: usize, out: &mut Vec<u8>| -> Result<(), BuildError> {
        let at = d * record + f * STORED_ENTRY_BYTES;
        let (offset, len) = (read_u32(docs, at), read_u32(docs, at + 4));
        let (offset, len) = (offset.unwrap_or(0) as usize, len.unwrap_or(0) as usize);
        if len > 0 {
            let bytes = store
                .get(offset..offset + len)
                .ok_or_else(|| internal("STORE"))?;
            let new = u32_of(out.len(), "STORE")?;
            new_docs[at..at + 4].copy_from_slice(&new.to_le_bytes());
            out.extend_from_slice(bytes);
        }
        Ok(())
    };
    for d in 0..doc_count {
        for f in (0..fields).filter(|&f| f != StoredField::Text as usize) {
            relay(d, f, &mut new_store)?;
        }
        head_ends.push(new_store.len());
    }
    let heads_len = new_store.len();
    let mut body_ends = Vec::with_capacity(doc_count);
    for d in 0..doc_count {
        relay(d, StoredField::Text as usize, &mut new_store)?;
        body_ends.push(new_store.len());
    }

    // Shards: each a list of pieces; a dictionary page is a shard of its own.
    let mut shards: Vec<Vec<Piece>> = Vec::new();
    for (j, &start) in dict_starts.iter().enumerate() {
        shards.push(vec![(SectionKind::Dict, start, dict_pages[j].len())]);
    }
    let mut paged = |kind, bounds: &[usize], len: usize, target: usize| {
        let starts = cut(bounds, len, target);
        for (j, &s) in starts.iter().enumerate() {
            let end = starts.get(j + 1).copied().unwrap_or(len);
            shards.push(vec![(kind, s, end - s)]);
        }
    };
    paged(
        SectionKind::Postings,
        &blocks,
        postings.len(),
        targets.postings,
    );
    paged(
        SectionKind::Positions,
        &runs,
        positions.len(),
        targets.positions,
    );
    // Heads: documents grouped while rows and head text stay under the target.
    let (mut first, mut bytes) = (0usize, 0usize);
    let head_start = |d: usize| if d == 0 { 0 } else { head_ends[d - 1] };
    for (d, &end) in head_ends.iter().enumerate() {
        bytes += record + end - head_start(d);
        if bytes >= targets.heads || d + 1 == doc_count {
            let mut pieces = vec![(SectionKind::Docs, first * record, (d + 1 - first) * record)];
            let text = end - head_start(first);
            if text > 0 {
                pieces.push((SectionKind::Store, head_start(first), text));
            }
            shards.push(pieces);
            (first, bytes) = (d + 1, 0);
        }
    }
    let body_start = |d: usize| if d == 0 { heads_len } else { body_ends[d - 1] };
    let (mut first, mut bytes) = (0usize, 0usize);
    for (d, &end) in body_ends.iter().enumerate() {
        bytes += end - body_start(d);
        if (bytes >= targets.bodies || d + 1 == doc_count) && bytes > 0 {
            shards.push(vec![(SectionKind::Store, body_start(first), bytes)]);
            (first, bytes) = (d + 1, 0);
        } else if bytes == 0 {
            first = d + 1;
        }
    }

    let content = |kind: SectionKind| match kind {
        SectionKind::Dict => &dict[..],
        SectionKind::Postings => postings,
        SectionKind::Positions => positions,
        SectionKind::Docs => &new_docs[..],
        _ => &new_store[..],
    };
    let mut files = Vec::with_capacity(shards.len());
    for pieces in &shards {
        files.push(shard_file(pieces, content)?);
    }
    // The set hash names every shard; each checksum then binds its shard to the set and to
    // its number (see `format`, shard files).
    let mut set = FNV_OFFSET;
    for bytes in &files {
        let body = &bytes[SHARD_HEADER_BYTES..];
        set = fnv1a(set, &u32_of(body.len(), "shard")?.to_le_bytes());
        set = fnv1a(set, body);
    }
    for (n, bytes) in files.iter_mut().enumerate() {
        let sum = shard_checksum(set, u32_of(n, "shards")?, &bytes[SHARD_HEADER_BYTES..]);
        bytes[16..24].copy_from_slice(&sum.to_le_bytes());
    }

    // SPLIT: flags, the shard count and set hash, then per paged section its pages.
    let mut split = Vec::new();
    let flags = if index.has_dates() {
        SPLIT_HAS_DATES
    } else {
        0
    };
    split.extend_from_slice(&flags.to_le_bytes());
    split.extend_from_slice(&u32_of(files.len(), "shards")?.to_le_bytes());
    split.extend_from_slice(&set.to_le_bytes());
    let kinds = [
        (SectionKind::Dict, dict.len()),
        (SectionKind::Postings, postings.len()),
        (SectionKind::Positions, positions.len()),
        (SectionKind::Docs, new_docs.len()),
        (SectionKind::Store, new_store.len()),
    ];
    split.extend_from_slice(&(kinds.len() as u32).to_le_bytes());
    for (kind, len) in kinds {
        let mut pages: Vec<(usize, usize)> = Vec::new();
        for (s, pieces) in shards.iter().enumerate() {
            for &(k, start, _) in pieces {
                if k == kind {
                    pages.push((start, s));
                }
            }
        }
        pages.sort_unstable();
        split.extend_from_slice(&(kind as u32).to_le_bytes());
        split.extend_from_slice(&u32_of(len, kind.name())?.to_le_bytes());
        split.extend_from_slice(&u32_of(pages.len(), "pages")?.to_le_bytes());
        let pages = pages
            .into_iter()
            .map(|(start, shard)| Ok((u32_of(start, kind.name())?, u32_of(shard, "shards")?)))
            .collect::<Result<Vec<_>, BuildError>>()?;
        write_pages(&mut split, &pages);
    }
    let mut kept: Vec<(SectionKind, &[u8])> = all
        .iter()
        .map(|&(kind, bytes)| match kind {
            SectionKind::Dict
            | SectionKind::Postings
            | SectionKind::Positions
            | SectionKind::Docs
            | SectionKind::Store => (kind, &[][..]),
            _ => (kind, bytes),
        })
        .collect();
    kept.push((SectionKind::Split, &split));
    kept.push((SectionKind::DictKeys, &dict_keys));
    Ok(SplitImage {
        image: assemble(&kept)?,
        shards: files
            .into_iter()
            .enumerate()
            .map(|(n, bytes)| (shard_name(set, n as u32), bytes))
            .collect(),
    })
}

/// One shard file: header, piece table, the pieces' bytes.
fn shard_file<'b>(
    pieces: &[Piece],
    content: impl Fn(SectionKind) -> &'b [u8],
) -> Result<Vec<u8>, BuildError> {
    let mut out = Vec::new();
    out.extend_from_slice(SHARD_MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(pieces.len() as u32).to_le_bytes());
    out.extend_from_slice(&0u64.to_le_bytes());
    for &(kind, start, len) in pieces {
        out.extend_from_slice(&(kind as u32).to_le_bytes());
        out.extend_from_slice(&u32_of(start, "piece")?.to_le_bytes());
        out.extend_from_slice(&u32_of(len, "piece")?.to_le_bytes());
    }
    debug_assert_eq!(
        out.len(),
        SHARD_HEADER_BYTES + pieces.len() * PIECE_ENTRY_BYTES
    );
    for &(kind, start, len) in pieces {
        let bytes = content(kind)
            .get(start..start + len)
            .ok_or_else(|| internal("piece"))?;
        out.extend_from_slice(bytes);
    }
    // The checksum (bytes 16..24) is set once the set hash is known.
    Ok(out)
}

#[cfg(test)]
mod tests;

/// What a split search fetched: rounds (searches that missed data), and the shards.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fetched {
    /// Rounds that asked for shards (0: everything was loaded already).
    pub rounds: usize,
    /// Shard numbers fetched, in the order asked.
    pub shards: Vec<u32>,
}

/// Everything a search response shows, as text, with scores as bits: two layouts rank
/// identically when their texts are equal (totals, corrections, facet counts; per hit its
/// id, score, snippet, title highlights, url, date and sections). The tests and
/// `bakedsearch-image --split` compare by it.
pub fn shown(r: &crate::SearchResponse<'_>) -> String {
    let mut out = format!(
        "total={} dym={:?} facets={:?}\n",
        r.total, r.did_you_mean, r.facets
    );
    for h in &r.hits {
        out += &format!(
            "{} {:08x} {:?} {:?} {:?} {:?}\n",
            h.doc.id,
            h.score.to_bits(),
            h.snippet,
            h.title_highlights,
            h.doc.url,
            h.doc.date
        );
        for s in &h.sections {
            out += &format!("  {} {:?} {:08x}\n", s.id, s.snippet, s.score.to_bits());
        }
    }
    out
}

/// Most rounds a split search takes before giving up (the JavaScript loop's bound too):
/// dictionary-free rounds are postings, positions, heads, bodies; the rest is margin.
pub const MAX_ROUNDS: usize = 8;

/// Searches a split index natively as the JavaScript loop does: search; when shards are
/// missing, add them (from `shards`, the split's files by number) and search again, at most
/// [`MAX_ROUNDS`] times. The final search ran with nothing missing, exactly the embedded
/// code path.
pub fn search_rounds<'a>(
    searcher: &crate::Searcher<'a>,
    pages: &crate::read::SplitPages<'a>,
    shards: &'a [(String, Vec<u8>)],
    query: &str,
    options: &crate::SearchOptions,
) -> Result<(crate::SearchResponse<'a>, Fetched), String> {
    let mut fetched = Fetched::default();
    pages.take_missing();
    loop {
        let response = searcher.search(query, options);
        let missing = pages.take_missing();
        if missing.is_empty() {
            return Ok((response, fetched));
        }
        if fetched.rounds == MAX_ROUNDS {
            return Err(format!(
                "{query:?}: still missing shards after {MAX_ROUNDS} rounds"
            ));
        }
        fetched.rounds += 1;
        for shard in missing {
            let (name, bytes) = shards
                .get(shard as usize)
                .ok_or_else(|| format!("shard {shard} does not exist"))?;
            if !pages.add_shard(name, bytes).map_err(|e| e.to_string())? {
                return Err(format!("{query:?}: shard {name} was missing though added"));
            }
            fetched.shards.push(shard);
        }
    }
}
