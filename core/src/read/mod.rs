//! Read: zero-copy views over an index image. [`Index::open`] checks the header and the
//! section table and keeps slices into the bytes: it parses no postings and allocates nothing.
//! Every later read is bounds-checked; a corrupted image yields errors or empty results, not
//! panics. [`Index::verify`] additionally checks the whole-image checksum.

mod crc32c;
mod dict;
mod docs;
mod error;
mod facets;
mod postings;
mod sections;
mod split;
mod table;
mod words;

use std::fmt;

use fst::{Automaton, Map};

pub use dict::Terms;
use dict::{Dict, PageKeys};

pub use error::FormatError;
pub use facets::Facet;
use postings::PositionsMode;
pub use postings::{Checkpoint, Posting, PostingsReader};
use sections::Sections;
pub use sections::StoredSection;
pub use split::{Paging, ShardError, SplitPages};
use table::{optional_section, section, table_len, utf8};
use words::sorted_lines_contain;

use crate::analysis::Language;
use crate::format::{
    checksum, decode_norm, read_u32, read_varint, SectionKind, StoredField, FIXED_STORED,
    FORMAT_VERSION, HEADER_BYTES, MAGIC, MAX_DISPLAY, MAX_FIELDS, SECTION_ENTRY_BYTES,
    STORED_ENTRY_BYTES,
};

/// Statistics of one term, read from its POSTINGS block header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermInfo {
    /// Number of documents containing the term (in any field).
    pub df: u32,
    /// The largest impact of the term's postings (an upper bound of its score).
    pub max_impact: u8,
    postings: (usize, usize),
    positions_start: usize,
    surface_shared: usize,
    surface_suffix: (usize, usize),
}

impl TermInfo {
    /// Where the term's run begins in POSITIONS (the split builder cuts there).
    pub fn positions_start(&self) -> usize {
        self.positions_start
    }
}

/// A read-only, zero-copy index over borrowed bytes.
#[derive(Clone)]
pub struct Index<'a> {
    bytes: &'a [u8],
    doc_count: u32,
    field_count: usize,
    term_count: u32,
    avg_len: [f32; MAX_FIELDS],
    weight: [f32; MAX_FIELDS],
    b: [f32; MAX_FIELDS],
    field_names: [&'a str; MAX_FIELDS],
    display_count: usize,
    display_names: [&'a str; MAX_DISPLAY],
    language: Language,
    build_info: &'a str,
    dict: Dict<'a>,
    postings: &'a [u8],
    positions: &'a [u8],
    norms: &'a [u8],
    docs: &'a [u8],
    store: &'a [u8],
    stop_words: &'a str,
    synonyms: &'a [u8],
    facets: &'a [u8],
    sections: Sections<'a>,
    /// The pages of POSTINGS, POSITIONS, DOCS and STORE in the split layout (`split.rs`).
    paging: Option<&'a dyn Paging<'a>>,
}

impl fmt::Debug for Index<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Index")
            .field("bytes", &self.bytes.len())
            .field("docs", &self.doc_count)
            .field("terms", &self.term_count)
            .field("fields", &self.field_names())
            .finish()
    }
}

/// A stored document, borrowed from the image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredDoc<'a> {
    pub head: DocHead<'a>,
    pub text: &'a str,
}

/// A stored document's fields without its body text ([`Index::doc_head`]): what a result
/// shows besides its snippet. In the split layout the body is in a body shard and these
/// are in a head shard, so a search without snippets fetches no body
/// ([`Index::doc_text`] reads it when wanted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocHead<'a> {
    pub ordinal: u32,
    pub id: &'a str,
    pub title: &'a str,
    pub url: Option<&'a str>,
    pub date: Option<&'a str>,
}

impl<'a> Index<'a> {
    /// Opens an image in place: checks the header, section table and META, and keeps slices.
    /// O(number of sections + fields); nothing proportional to the index is read or allocated.
    pub fn open(bytes: &'a [u8]) -> Result<Index<'a>, FormatError> {
        Self::open_with(bytes, None)
    }

    /// Opens a split image, whose paged sections are read through `paging` (the image's
    /// [`SplitPages`], to which shards are added).
    pub fn open_split(
        bytes: &'a [u8],
        paging: &'a dyn Paging<'a>,
    ) -> Result<Index<'a>, FormatError> {
        Self::open_with(bytes, Some(paging))
    }

    fn open_with(
        bytes: &'a [u8],
        paging: Option<&'a dyn Paging<'a>>,
    ) -> Result<Index<'a>, FormatError> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(FormatError::BadMagic);
        }
        if bytes.len() < HEADER_BYTES {
            return Err(FormatError::Truncated { what: "header" });
        }
        let version = read_u32(bytes, 8).ok_or(FormatError::Truncated { what: "header" })?;
        if version != FORMAT_VERSION {
            return Err(FormatError::UnsupportedVersion {
                found: version,
                expected: FORMAT_VERSION,
            });
        }
        let section_count =
            read_u32(bytes, 12).ok_or(FormatError::Truncated { what: "header" })? as usize;
        if section_count > 64 {
            return Err(FormatError::Corrupt {
                what: "section count",
            });
        }
        let table_end = HEADER_BYTES + section_count * SECTION_ENTRY_BYTES;
        let table = bytes
            .get(HEADER_BYTES..table_end)
            .ok_or(FormatError::Truncated {
                what: "section table",
            })?;

        let split = optional_section(bytes, table, SectionKind::Split)?.is_some();
        if split && paging.is_none() {
            return Err(FormatError::Split);
        }
        let paged_len =
            |kind, whole: &[u8]| paging.and_then(|p| p.len(kind)).unwrap_or(whole.len());
        let meta = section(bytes, table, SectionKind::Meta)?;
        let truncated_meta = FormatError::Truncated { what: "META" };
        let doc_count = read_u32(meta, 0).ok_or(truncated_meta.clone())?;
        let field_count = read_u32(meta, 4).ok_or(truncated_meta.clone())? as usize;
        let term_count = read_u32(meta, 8).ok_or(truncated_meta.clone())?;
        if field_count == 0 || field_count > MAX_FIELDS {
            return Err(FormatError::Corrupt {
                what: "field count",
            });
        }
        let mut avg_len = [0f32; MAX_FIELDS];
        let mut weight = [0f32; MAX_FIELDS];
        let mut b = [0f32; MAX_FIELDS];
        let mut field_names = [""; MAX_FIELDS];
        let mut pos = 12usize;
        let float = |pos: usize| -> Result<f32, FormatError> {
            let v =
                f32::from_bits(read_u32(meta, pos).ok_or(FormatError::Truncated { what: "META" })?);
            if v.is_finite() && v >= 0.0 {
                Ok(v)
            } else {
                Err(FormatError::Corrupt {
                    what: "field parameters",
                })
            }
        };
        let name_at = |pos: usize| -> Result<(&'a str, usize), FormatError> {
            let name_len = *meta
                .get(pos)
                .ok_or(FormatError::Truncated { what: "META" })?
                as usize;
            let name = meta
                .get(pos + 1..pos + 1 + name_len)
                .ok_or(FormatError::Truncated { what: "META" })?;
            Ok((utf8(name, "field name")?, pos + 1 + name_len))
        };
        for field in 0..field_count {
            avg_len[field] = float(pos)?;
            weight[field] = float(pos + 4)?;
            b[field] = float(pos + 8)?.min(1.0);
            let (name, next) = name_at(pos + 12)?;
            field_names[field] = name;
            pos = next;
        }
        let display_count = *meta.get(pos).ok_or(truncated_meta.clone())? as usize;
        if display_count > MAX_DISPLAY {
            return Err(FormatError::Corrupt {
                what: "display field count",
            });
        }
        pos += 1;
        let mut display_names = [""; MAX_DISPLAY];
        for name in display_names.iter_mut().take(display_count) {
            let (n, next) = name_at(pos)?;
            *name = n;
            pos = next;
        }
        let language = meta
            .get(pos)
            .copied()
            .and_then(Language::from_code)
            .ok_or(FormatError::Corrupt { what: "language" })?;
        pos += 1;
        let info_len = meta
            .get(pos..pos + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]) as usize)
            .ok_or(truncated_meta.clone())?;
        let build_info = utf8(
            meta.get(pos + 2..pos + 2 + info_len)
                .ok_or(truncated_meta)?,
            "build info",
        )?;

        let dict = match paging.filter(|p| p.len(SectionKind::Dict).is_some()) {
            // Split: pages of the dictionary in shards, their first keys here (`dict.rs`).
            Some(p) => Dict::Paged {
                keys: PageKeys::open(
                    section(bytes, table, SectionKind::DictKeys)?,
                    p.page_count(SectionKind::Dict),
                )?,
                paging: p,
            },
            None => {
                let dict_bytes = section(bytes, table, SectionKind::Dict)?;
                let dict =
                    Map::new(dict_bytes).map_err(|_| FormatError::Corrupt { what: "DICT" })?;
                // fst reads its nodes unchecked and may panic on a corrupted dictionary: its
                // own CRC-32C (stored in every fst 0.4 map) is checked before any lookup
                // (`crc32c.rs`, which says why not `Fst::verify`).
                if dict.len() != term_count as usize || !crc32c::fst_checksum_ok(dict_bytes) {
                    return Err(FormatError::Corrupt { what: "DICT" });
                }
                Dict::Whole(dict)
            }
        };
        // The tables sized by doc_count must be exactly that size, in checked arithmetic: on
        // 32-bit targets doc_count × record can wrap (2^30 × 16 = 0) and pass, and search
        // would then allocate per document. So doc_count ≤ DOCS bytes / 40: every
        // per-document allocation of a search is bounded by the image size.
        let norms = section(bytes, table, SectionKind::Norms)?;
        if table_len(doc_count, field_count, usize::MAX) != Some(norms.len()) {
            return Err(FormatError::Corrupt { what: "NORMS" });
        }
        let docs = section(bytes, table, SectionKind::Docs)?;
        let record = (FIXED_STORED + display_count) * STORED_ENTRY_BYTES;
        if table_len(doc_count, record, usize::MAX) != Some(paged_len(SectionKind::Docs, docs)) {
            return Err(FormatError::Corrupt { what: "DOCS" });
        }
        let stop_words = utf8(section(bytes, table, SectionKind::StopWords)?, "STOPWORDS")?;
        let sections = optional_section(bytes, table, SectionKind::Sections)?;
        let mut index = Index {
            bytes,
            doc_count,
            field_count,
            term_count,
            avg_len,
            weight,
            b,
            field_names,
            display_count,
            display_names,
            language,
            build_info,
            dict,
            postings: section(bytes, table, SectionKind::Postings)?,
            positions: section(bytes, table, SectionKind::Positions)?,
            norms,
            docs,
            store: section(bytes, table, SectionKind::Store)?,
            stop_words,
            synonyms: section(bytes, table, SectionKind::Synonyms)?,
            facets: section(bytes, table, SectionKind::Facets)?,
            sections: Sections::default(),
            paging,
        };
        if let Some(table) = sections {
            // Split: the bodies' lengths are in shards; the section ranker reads sections
            // through `str::get`, so an offset past the body is skipped, never a panic.
            let body_len = |doc| match paging {
                Some(_) => usize::MAX,
                None => index.stored_len(doc, StoredField::Text as usize),
            };
            index.sections = Sections::open(table, doc_count, body_len)?;
        }
        Ok(index)
    }

    /// Opens and then checks the whole-image checksum (O(image size), no allocation).
    pub fn open_verified(bytes: &'a [u8]) -> Result<Index<'a>, FormatError> {
        let index = Index::open(bytes)?;
        index.verify()?;
        Ok(index)
    }

    /// Checks the whole-image checksum.
    pub fn verify(&self) -> Result<(), FormatError> {
        let stored = self
            .bytes
            .get(16..24)
            .map(|b| u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
            .ok_or(FormatError::Truncated { what: "header" })?;
        if checksum(&self.bytes[HEADER_BYTES..]) != stored {
            return Err(FormatError::ChecksumMismatch);
        }
        Ok(())
    }

    /// Checks a split index's dictionary pages, every one of which must be loaded: each
    /// page's terms lie in its key range, and they are META's term count in all. (The build
    /// runs it; a page fetched later is checked by its shard's hash and its own CRC-32C.)
    pub fn verify_pages(&self) -> Result<(), FormatError> {
        self.dict.verify_pages(self.term_count)
    }

    /// Bytes per section (for size reports).
    pub fn section_sizes(&self) -> [(&'static str, usize); 10] {
        [
            (
                "DICT",
                self.dict.whole().map_or_else(
                    || self.paged_len(SectionKind::Dict, &[]),
                    |d| d.as_fst().as_bytes().len(),
                ),
            ),
            ("POSTINGS", self.postings.len()),
            ("POSITIONS", self.positions.len()),
            ("NORMS", self.norms.len()),
            ("DOCS", self.docs.len()),
            ("STORE", self.store.len()),
            ("STOPWORDS", self.stop_words.len()),
            ("SYNONYMS", self.synonyms.len()),
            ("FACETS", self.facets.len()),
            ("SECTIONS", self.sections.byte_len()),
        ]
    }

    /// The corpus language (it picks the query analyzer's stemmer).
    pub fn language(&self) -> Language {
        self.language
    }

    /// BM25F weight `W_f` of `field`.
    pub fn field_weight(&self, field: usize) -> f32 {
        self.weight.get(field).copied().unwrap_or(0.0)
    }

    /// BM25F length normalization `B_f` of `field`.
    pub fn field_b(&self, field: usize) -> f32 {
        self.b.get(field).copied().unwrap_or(0.0)
    }

    /// The metadata fields stored and shown with results.
    pub fn display_names(&self) -> &[&'a str] {
        &self.display_names[..self.display_count]
    }

    /// True when `normalized` (lowercased, unaccented, unstemmed) is a query-time stop word.
    pub fn is_stop_word(&self, normalized: &str) -> bool {
        !normalized.is_empty() && sorted_lines_contain(self.stop_words, normalized)
    }

    /// The facet fields.
    pub fn facets(&self) -> Vec<Facet<'a>> {
        let count = read_u32(self.facets, 0).unwrap_or(0) as usize;
        (0..count.min(64))
            .filter_map(|f| {
                let at = read_u32(self.facets, 4 + f * 4)? as usize;
                Facet::open(self.facets.get(at..)?, self.doc_count)
            })
            .collect()
    }

    pub fn byte_len(&self) -> usize {
        self.bytes.len()
    }
    pub fn doc_count(&self) -> u32 {
        self.doc_count
    }
    pub fn term_count(&self) -> u32 {
        self.term_count
    }
    pub fn field_count(&self) -> usize {
        self.field_count
    }
    pub fn field_names(&self) -> &[&'a str] {
        &self.field_names[..self.field_count]
    }
    /// The field ordinal of `name`, if the index has that field.
    pub fn field_ordinal(&self, name: &str) -> Option<usize> {
        self.field_names()
            .iter()
            .position(|f| f.eq_ignore_ascii_case(name))
    }
    pub fn build_info(&self) -> &'a str {
        self.build_info
    }
    /// Average token count of `field` over all documents.
    pub fn avg_field_len(&self, field: usize) -> f32 {
        self.avg_len.get(field).copied().unwrap_or(0.0)
    }
    /// Token count of `field` in document `doc` (0 when out of range).
    #[inline]
    pub fn field_len(&self, doc: u32, field: usize) -> u32 {
        // In range, the offset is below NORMS' length (checked in `open`): no overflow.
        if doc >= self.doc_count || field >= self.field_count {
            return 0;
        }
        self.norms
            .get(doc as usize * self.field_count + field)
            .map_or(0, |&code| decode_norm(code))
    }

    /// The term dictionary (an FST: term → POSTINGS block), `None` in the split layout,
    /// whose dictionary is in pages (`term_block` and `search_terms` read both).
    pub fn dictionary(&self) -> Option<&Map<&'a [u8]>> {
        self.dict.whole()
    }

    /// The POSTINGS block of an exact term.
    pub fn term_block(&self, term: &str) -> Option<u64> {
        self.dict.get(term)
    }

    /// `(term, block)` pairs accepted by `automaton`, in term order, up to `limit` of them.
    pub fn search_terms<A: Automaton>(&self, automaton: A, limit: usize) -> Terms {
        self.dict.search(automaton, limit)
    }

    /// Reads the header of the POSTINGS block at `block`.
    pub fn term_info(&self, block: u64) -> Option<TermInfo> {
        // Read from the block on (in the split layout, its page): `pos` is relative to it.
        let at = usize::try_from(block).ok()?;
        let p = self.paged(SectionKind::Postings, self.postings, at, None)?;
        let mut pos = 0;
        let df = read_varint(p, &mut pos)?;
        let entries_len = read_varint(p, &mut pos)? as usize;
        let positions_start = read_varint(p, &mut pos)? as usize;
        let max_impact = *p.get(pos)?;
        pos += 1;
        let surface_shared = read_varint(p, &mut pos)? as usize;
        let suffix_len = read_varint(p, &mut pos)? as usize;
        let suffix = (at + pos, (at + pos).checked_add(suffix_len)?);
        let end = (pos + suffix_len).checked_add(entries_len)?;
        let positions_len = self.paged_len(SectionKind::Positions, self.positions);
        if end > p.len() || positions_start > positions_len {
            return None;
        }
        let (start, end) = (suffix.1, at + end);
        Some(TermInfo {
            df,
            max_impact,
            postings: (start, end),
            positions_start,
            surface_shared,
            surface_suffix: suffix,
        })
    }

    /// The most frequent unstemmed spelling of `term` (for "did you mean").
    pub fn surface_form(&self, info: &TermInfo, term: &str) -> String {
        let shared = term.get(..info.surface_shared).unwrap_or(term);
        let (from, to) = info.surface_suffix;
        let suffix = self
            .paged(SectionKind::Postings, self.postings, from, Some(to))
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("");
        format!("{shared}{suffix}")
    }

    /// Iterates a term's postings; with `positions`, also decodes positions.
    pub fn postings(&self, info: &TermInfo, positions: bool) -> PostingsReader<'a> {
        let mode = if positions {
            PositionsMode::Eager
        } else {
            PositionsMode::None
        };
        self.postings_reader(info, mode)
    }

    /// Iterates a term's postings and decodes a posting's positions only when asked
    /// ([`PostingsReader::decode_positions`]); the positions of the others are skipped, not
    /// decoded. Phrases read positions only of documents that have every phrase term.
    pub fn postings_lazy(&self, info: &TermInfo) -> PostingsReader<'a> {
        self.postings_reader(info, PositionsMode::Lazy)
    }

    fn postings_reader(&self, info: &TermInfo, mode: PositionsMode) -> PostingsReader<'a> {
        let (start, end) = info.postings;
        let entries = self.paged(SectionKind::Postings, self.postings, start, Some(end));
        // Positions are fetched (split layout) only by a reader that decodes them.
        let positions = match mode {
            PositionsMode::None => None,
            _ => self.paged(
                SectionKind::Positions,
                self.positions,
                info.positions_start,
                None,
            ),
        };
        PostingsReader::new(
            entries.unwrap_or(&[]),
            positions.unwrap_or(&[]),
            info.df,
            self.doc_count,
            self.field_count,
            mode,
        )
    }

    /// Bytes `[start, end)` (`None`: to the end) of a section that the split layout pages:
    /// `whole` in an embedded image, else its loaded page (`None` when not loaded: the
    /// paging records the shard as missing).
    fn paged(
        &self,
        kind: SectionKind,
        whole: &'a [u8],
        start: usize,
        end: Option<usize>,
    ) -> Option<&'a [u8]> {
        match (self.paging, end) {
            (Some(paging), _) => paging.get(kind, start, end),
            (None, Some(end)) => whole.get(start..end),
            (None, None) => whole.get(start..),
        }
    }

    fn paged_len(&self, kind: SectionKind, whole: &[u8]) -> usize {
        self.paging.and_then(|p| p.len(kind)).unwrap_or(whole.len())
    }

    /// The sections of document `doc` (headings with anchor ids, offsets into its stored
    /// body), in order; none when the image has none.
    pub fn sections(&self, doc: u32) -> impl Iterator<Item = StoredSection<'a>> + 'a {
        self.sections.of(doc)
    }

    /// True when some document has sections.
    pub fn has_sections(&self) -> bool {
        self.sections.count() > 0
    }

    /// True for an index of the split layout (its paged sections live in shard files).
    #[inline]
    pub fn is_split(&self) -> bool {
        self.paging.is_some()
    }

    /// True when a read of the split layout missed a page (see [`SplitPages::take_missing`]);
    /// always false for an embedded image.
    #[inline]
    pub fn missing_data(&self) -> bool {
        self.paging.is_some_and(|p| p.missing_data())
    }

    /// How many reads of the split layout missed a dictionary page since the missing record
    /// was last emptied (compare before and after a lookup: did it miss?); always 0 for an
    /// embedded image.
    #[inline]
    pub fn dictionary_misses(&self) -> usize {
        self.paging.map_or(0, |p| p.dictionary_misses())
    }
}

#[cfg(test)]
mod tests;
