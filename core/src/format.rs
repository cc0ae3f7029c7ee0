//! Format: the byte layout of an index image, defined in this one place. The writer
//! (`indexer::writer`) and the reader (`read`) both use these constants and codecs.
//!
//! All integers are little-endian. Offsets are relative to the start of their section.
//!
//! ```text
//! header   (24 bytes)
//!   0  magic          8 bytes  b"BAKEDIDX"
//!   8  version        u32      FORMAT_VERSION
//!  12  section count  u32
//!  16  checksum       u64      FNV-1a 64 of every byte after the header (checked by `verify`)
//! section table: count × { kind u32, offset u32, length u32 }   offsets from image start
//!
//! META      doc_count u32, field_count u32, term_count u32,
//!           field_count × { avg_len f32, weight f32, b f32, name_len u8, name bytes }
//!             (the searched fields with their BM25F weight W_f and length normalization B_f),
//!           display_count u8, display_count × { name_len u8, name bytes }
//!             (metadata fields stored and shown with results, after the fixed ones),
//!           language u8 (`analysis::Language::code`),
//!           build_len u16, build info bytes (UTF-8: corpus name and build id)
//! DICT      an `fst` map: term bytes → offset of the term's block in POSTINGS
//! POSTINGS  per term, one block (contiguous from the offset DICT gives; the header gives its
//!           length):
//!           header: varint df, varint entries_len (bytes of entries after the header),
//!                   varint positions_offset (into POSITIONS), u8 max_impact (the largest
//!                   impact of the entries), varint surface_shared, varint surface_suffix_len,
//!                   suffix bytes
//!           (the surface form, the most frequent unstemmed spelling of the term, shown by
//!           "did you mean", is term[..surface_shared] + suffix)
//!           entries, per document containing the term, ascending:
//!           varint doc_delta (first: the doc ordinal), u8 field_mask, u8 impact
//!           (the term's BM25F score without idf, `saturate(tf̃)` over every field, coded
//!           by `score::quantize_impact`; computed at build time from the fields' weights,
//!           B and the document's NORMS)
//! POSITIONS per term, one contiguous run from its positions_offset to the next term's (terms
//!           in DICT order), per document in POSTINGS order:
//!           for each set bit of field_mask, ascending: varint tf (positions in that field);
//!           then for each set bit, ascending: tf × varint position delta (first: absolute)
//! NORMS     doc_count × field_count × u8: the token count of that field of that doc, coded
//!           by `encode_norm` (exact below 32, then 4 significant bits)
//! DOCS      doc_count × (FIXED_STORED + display_count) × { offset u32, length u32 } into
//!           STORE; length 0 = absent. Fixed fields in `StoredField` order, then the display
//!           fields in META order; several values of one field are joined by U+001F.
//! STORE     UTF-8 text, concatenated
//! STOPWORDS the query-time stop words, sorted, joined by `\n` (UTF-8)
//! SYNONYMS  varint group_count, per group: varint member_count, per member: varint
//!           term_count, per term: varint length, term bytes (analyzed like a query)
//! FACETS    u32 facet_count, facet_count × u32 block offset (from the section start);
//!           each block, 4-byte aligned:
//!             u32 value_count, u32 name_len, name bytes, padding to 4,
//!             (value_count + 1) × u32 value string offsets (into the strings, last = end),
//!             (doc_count + 1) × u32 offsets into the value ids (doc d: ids[o[d]..o[d+1]]),
//!             value ids: u32 each, ascending per document (values are sorted by text),
//!             strings: the values' UTF-8, concatenated
//! SECTIONS  only when some document has sections and bodies are stored (absent otherwise,
//!           so a corpus without sections pays nothing):
//!           u32 section_count,
//!           (doc_count + 1) × u32 section indices (doc d: sections o[d]..o[d+1], last = count),
//!           section_count × { text_offset u32, strings_end u32, id_len u32 }:
//!             text_offset: where the heading's text begins in the document's stored body
//!             (strictly increasing within a document, at most the body's length);
//!             section i's strings are strings[end(i-1)..end(i)]: the id (id_len bytes,
//!             not empty), then the heading,
//!           strings: UTF-8, concatenated
//! SPLIT    only in the split layout (`crate::split`): which sections live in shard files.
//!           u32 flags (bit 0: some document has a date), u32 shard_count,
//!           u64 set hash (of every shard's contents: see shard files below),
//!           u32 paged_count, per paged section: u32 kind, u32 length (of the whole
//!           section), u32 page_count, then per page j a varint start_j − start_j−1 (none
//!           for page 0, which starts at 0; at least 1) and a varint shard delta
//!           (zigzag of shard_j − shard_j−1 − 1 in wrapping u32, shard_−1 = u32::MAX: the
//!           next shard is 0): page j holds bytes [start_j, start_j+1) (the last: to the
//!           length). Deltas, not u32 pairs: MDN's 7,158 pages took 57.3 KB raw / 32.6 KB
//!           brotli as pairs, 22.2 / 10.0 KB so.
//!           A paged section has length 0 in the section table; its pages are in shards.
//!           DICT is paged differently: its pages are not cut from the embedded DICT but
//!           are FSTs of their own, one per key range (page j: the terms from first key j
//!           up to first key j+1, each mapped to the same POSTINGS offset), concatenated.
//! DICTKEYS  only in the split layout, with a paged DICT: u32 page_count (DICT's),
//!           page_count × u32 end offset into the keys, the keys concatenated: page j's
//!           first term, strictly ascending (page_count 0: an index without terms)
//! ```
//!
//! A shard file, number n of a set whose hash is S (`<S as 16 hex digits>-<n>.bks`, n in
//! decimal without leading zeros; S is FNV-1a 64 over every shard's u32 length and bytes
//! after the header, in order, so a rebuild that changes nothing keeps its names):
//!
//! ```text
//!   0  magic          8 bytes  b"BAKEDSHD"
//!   8  version        u32      FORMAT_VERSION (the image's)
//!  12  piece count    u32
//!  16  checksum       u64      FNV-1a 64 of S (u64), n (u32), then every byte after the
//!                              header: a shard of another set or number fails it
//! piece table: count × { kind u32, start u32, length u32 }: one page of a paged section
//!   each, in the order of the bytes that follow
//! pieces' bytes, concatenated
//! ```
//!
//! Version 5 named each shard by its own 64-bit content hash and listed every hash in
//! SPLIT: 8 incompressible bytes a shard, 47 KB of the 109 KB brotli that MDN's wasm image
//! kept (5,879 shards). One set hash names them all: a rebuild renames every shard, which
//! costs little, since an edit moved most shards' contents anyway (documents and postings
//! are cut at byte targets, in corpus and term order).
//!
//! A new layout bumps `FORMAT_VERSION`; readers refuse versions they do not know. Version 3
//! added SECTIONS; version 4 replaced the per-field term frequencies in POSTINGS by one
//! impact byte per posting (and max_impact per term), the frequencies moving to the head of
//! each posting's POSITIONS run, and added the split layout (SPLIT and shard files); version
//! 5 pages the dictionary of a split image (DICT pages and DICTKEYS); version 6 names the
//! shards by one set hash and their numbers instead of a content hash each; version 7 codes
//! each NORMS length in one byte instead of a u32 (`encode_norm`).

/// First 8 bytes of every index image.
pub const MAGIC: &[u8; 8] = b"BAKEDIDX";
/// Layout version; see the module docs.
pub const FORMAT_VERSION: u32 = 7;
/// Header size in bytes.
pub const HEADER_BYTES: usize = 24;
/// Bytes per section-table entry.
pub const SECTION_ENTRY_BYTES: usize = 12;
/// Most indexed fields an image may have (the postings field mask is one byte).
pub const MAX_FIELDS: usize = 8;

/// Section kinds, in the order the writer emits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum SectionKind {
    Meta = 1,
    Dict = 2,
    Postings = 4,
    Positions = 5,
    Norms = 6,
    Docs = 7,
    Store = 8,
    StopWords = 9,
    Synonyms = 10,
    Facets = 11,
    /// Optional: see the module docs.
    Sections = 12,
    /// Only in split images: see the module docs.
    Split = 13,
    /// Only in split images with a paged DICT: see the module docs.
    DictKeys = 14,
}

impl SectionKind {
    pub const ALL: [SectionKind; 13] = [
        SectionKind::Meta,
        SectionKind::Dict,
        SectionKind::Postings,
        SectionKind::Positions,
        SectionKind::Norms,
        SectionKind::Docs,
        SectionKind::Store,
        SectionKind::StopWords,
        SectionKind::Synonyms,
        SectionKind::Facets,
        SectionKind::Sections,
        SectionKind::Split,
        SectionKind::DictKeys,
    ];

    /// The kind whose code is `code`, if any.
    pub fn from_code(code: u32) -> Option<SectionKind> {
        SectionKind::ALL.into_iter().find(|&k| k as u32 == code)
    }

    pub fn name(self) -> &'static str {
        match self {
            SectionKind::Meta => "META",
            SectionKind::Dict => "DICT",
            SectionKind::Postings => "POSTINGS",
            SectionKind::Positions => "POSITIONS",
            SectionKind::Norms => "NORMS",
            SectionKind::Docs => "DOCS",
            SectionKind::Store => "STORE",
            SectionKind::StopWords => "STOPWORDS",
            SectionKind::Synonyms => "SYNONYMS",
            SectionKind::Facets => "FACETS",
            SectionKind::Sections => "SECTIONS",
            SectionKind::Split => "SPLIT",
            SectionKind::DictKeys => "DICTKEYS",
        }
    }
}

/// The fixed stored fields of a document, first in every DOCS record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum StoredField {
    Id = 0,
    Title = 1,
    Url = 2,
    Date = 3,
    Text = 4,
}

/// Number of fixed stored fields per DOCS record.
pub const FIXED_STORED: usize = 5;
/// Bytes per stored field in a DOCS record.
pub const STORED_ENTRY_BYTES: usize = 8;
/// Most display (metadata) fields an image may store per document.
pub const MAX_DISPLAY: usize = 16;
/// Bytes per record of the SECTIONS table.
pub const SECTION_RECORD_BYTES: usize = 12;
/// Separates several values of one stored field.
pub const VALUE_SEPARATOR: char = '\u{1f}';

/// First 8 bytes of every shard file of the split layout.
pub const SHARD_MAGIC: &[u8; 8] = b"BAKEDSHD";
/// Shard header size in bytes.
pub const SHARD_HEADER_BYTES: usize = 24;
/// Bytes per entry of a shard's piece table.
pub const PIECE_ENTRY_BYTES: usize = 12;
/// The extension of shard file names (`<16 hex digits>-<number>.bks`).
pub const SHARD_EXTENSION: &str = ".bks";
/// Most pieces one shard may hold (a document shard holds two: DOCS rows and STORE text).
pub const MAX_PIECES: usize = 8;

/// The kind of a shard's first piece, from its piece table (`None` when the bytes are too
/// short or the code is unknown): what a shard holds (a head shard's first piece is DOCS,
/// a body shard's only piece STORE). Read unverified, for tools and tests.
pub fn shard_first_kind(shard: &[u8]) -> Option<SectionKind> {
    SectionKind::from_code(read_u32(shard, SHARD_HEADER_BYTES)?)
}

/// SPLIT flag: some document has a date (the reader cannot scan the paged DOCS for it).
pub const SPLIT_HAS_DATES: u32 = 1;

/// The file name of shard `n` of the set whose hash is `set`.
pub fn shard_name(set: u64, n: u32) -> String {
    format!("{set:016x}-{n}{SHARD_EXTENSION}")
}

/// The set hash and shard number a shard file name stands for (`None` unless 16 lowercase
/// hex digits, `-`, a decimal number without leading zeros that fits a u32, and the
/// extension: one name per shard).
pub fn parse_shard_name(name: &str) -> Option<(u64, u32)> {
    let (hex, n) = name.strip_suffix(SHARD_EXTENSION)?.split_once('-')?;
    let canonical = !n.is_empty() && (n == "0" || !n.starts_with('0'));
    if !is_hex16(hex) || !canonical || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((u64::from_str_radix(hex, 16).ok()?, n.parse().ok()?))
}

/// True for the names shard files of this version or of version 5 (`<16 hex digits>.bks`)
/// have: what a rebuild removes as stale from a shard folder.
pub fn is_shard_file_name(name: &str) -> bool {
    let v5 = name.strip_suffix(SHARD_EXTENSION).is_some_and(is_hex16);
    v5 || parse_shard_name(name).is_some()
}

/// Exactly 16 lowercase hex digits (a u64 as shard names write it).
fn is_hex16(s: &str) -> bool {
    s.len() == 16 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The checksum in the header of shard `n` of set `set` whose bytes after the header are
/// `body`.
pub fn shard_checksum(set: u64, n: u32, body: &[u8]) -> u64 {
    let mut hash = fnv1a(FNV_OFFSET, &set.to_le_bytes());
    hash = fnv1a(hash, &n.to_le_bytes());
    fnv1a(hash, body)
}

/// Reads a little-endian u64 at `offset`, or `None` past the end.
#[inline]
pub fn read_u64(bytes: &[u8], offset: usize) -> Option<u64> {
    let end = offset.checked_add(8)?;
    let chunk: [u8; 8] = bytes.get(offset..end)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// Appends `value` as an unsigned LEB128 varint.
pub fn write_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Reads a varint at `*pos`, advancing it. `None` on truncation or a value over `u32::MAX`.
#[inline]
pub fn read_varint(bytes: &[u8], pos: &mut usize) -> Option<u32> {
    let mut value: u32 = 0;
    for shift in [0u32, 7, 14, 21, 28] {
        let byte = *bytes.get(*pos)?;
        *pos += 1;
        let bits = u32::from(byte & 0x7f);
        if shift == 28 && bits > 0x0f {
            return None;
        }
        value |= bits << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

/// Appends a SPLIT page table's pages, (start, shard) each (see the module docs).
pub fn write_pages(out: &mut Vec<u8>, pages: &[(u32, u32)]) {
    let (mut start, mut shard) = (0u32, u32::MAX);
    for (j, &(s, sh)) in pages.iter().enumerate() {
        if j > 0 {
            write_varint(out, s.wrapping_sub(start));
        }
        let delta = sh.wrapping_sub(shard.wrapping_add(1)) as i32;
        write_varint(out, ((delta << 1) ^ (delta >> 31)) as u32);
        (start, shard) = (s, sh);
    }
}

/// Reads `count` pages written by [`write_pages`] at `*pos`, advancing it: `None` when
/// truncated or a start does not ascend. Allocates at most one entry per two bytes left.
pub fn read_pages(bytes: &[u8], pos: &mut usize, count: usize) -> Option<Vec<(u32, u32)>> {
    if count > bytes.len().saturating_sub(*pos) / 2 + 1 {
        return None;
    }
    let mut pages = Vec::with_capacity(count);
    let (mut start, mut shard) = (0u32, u32::MAX);
    for j in 0..count {
        if j > 0 {
            let step = read_varint(bytes, pos).filter(|&d| d > 0)?;
            start = start.checked_add(step)?;
        }
        let zz = read_varint(bytes, pos)?;
        let delta = ((zz >> 1) as i32) ^ -((zz & 1) as i32);
        shard = shard.wrapping_add(1).wrapping_add(delta as u32);
        pages.push((start, shard));
    }
    Some(pages)
}

/// Reads a little-endian u32 at `offset`, or `None` past the end.
#[inline]
pub fn read_u32(bytes: &[u8], offset: usize) -> Option<u32> {
    let end = offset.checked_add(4)?;
    let chunk = bytes.get(offset..end)?;
    Some(u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
}

/// FNV-1a 64's starting value.
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a, 64-bit: the image checksum. Not cryptographic; it catches corruption.
pub fn checksum(bytes: &[u8]) -> u64 {
    fnv1a(FNV_OFFSET, bytes)
}

/// Field lengths below this are coded as themselves by [`encode_norm`].
const EXACT_NORMS: u32 = 16;

/// One NORMS byte for a field's token count: exact below 32, above that 4 significant bits
/// (Lucene's `SmallFloat.intToByte4` with 16 exact values instead of 24, so that u32::MAX
/// codes as 255): every u32 has a code, and the codes ascend with the lengths. As a u32,
/// NORMS was most of a split image's wasm part (MDN: 29.4 of 51.4 KB brotli). Lengths only
/// scale BM25's length normalization; the writer computes the impacts from the decoded
/// lengths, so term and phrase scores use the same ones. Measured on the five tuning sets
/// against exact u32 lengths (format 6), decoding to the middle of a code's lengths:
/// SciFact nDCG@10 0.7012 → 0.6994, MDN MRR@10 exact / prefix / typo 0.9917 / 0.9279 /
/// 0.9020 → 0.9917 / 0.9271 / 0.9022, CACM 0.5086 → 0.5087, MED 0.6974 → 0.6989, NPL
/// 0.4437 → 0.4420; decoding to the least length instead lost up to 0.0025 (NPL 0.4412,
/// CACM 0.5065), since every long field then looks shorter than the exact average.
pub fn encode_norm(len: u32) -> u8 {
    if len < EXACT_NORMS {
        return len as u8;
    }
    let rest = u64::from(len - EXACT_NORMS);
    // A value of under 4 bits is its own code; else the top 4 bits, the leading one implied.
    let bits = 64 - rest.leading_zeros();
    let code = if bits < 4 {
        rest as u32
    } else {
        let shift = bits - 4;
        (((rest >> shift) & 0x07) as u32) | ((shift + 1) << 3)
    };
    // u32::MAX codes as 16 + 239 = 255: every code fits.
    (EXACT_NORMS + code) as u8
}

/// The length a NORMS byte stands for: the middle of the lengths with that code (off by
/// at most 1/16 of the length).
pub fn decode_norm(code: u8) -> u32 {
    let code = u32::from(code);
    if code < EXACT_NORMS {
        return code;
    }
    let code = code - EXACT_NORMS;
    let bits = code & 0x07;
    let shift = code >> 3;
    let rest = if shift == 0 {
        bits
    } else {
        // The middle of the code's lengths, not their least: unbiased.
        ((bits | 0x08) << (shift - 1)) + ((1 << (shift - 1)) >> 1)
    };
    EXACT_NORMS + rest
}

/// FNV-1a 64 of `bytes` continued from `hash` (`FNV_OFFSET` to start): the hash of
/// several slices in a row is that of their concatenation.
pub fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn varint_known_encodings() {
        let mut out = Vec::new();
        write_varint(&mut out, 0);
        write_varint(&mut out, 127);
        write_varint(&mut out, 128);
        write_varint(&mut out, u32::MAX);
        assert_eq!(out, [0, 127, 0x80, 1, 0xff, 0xff, 0xff, 0xff, 0x0f]);
    }

    #[test]
    fn varint_rejects_truncated_and_overlong() {
        let mut pos = 0;
        assert_eq!(read_varint(&[0x80], &mut pos), None);
        let mut pos = 0;
        assert_eq!(read_varint(&[0xff, 0xff, 0xff, 0xff, 0x1f], &mut pos), None);
        let mut pos = 0;
        assert_eq!(read_varint(&[0xff; 6], &mut pos), None);
    }

    #[test]
    fn shard_names_round_trip_and_refuse_others() {
        for set in [0u64, 1, 0xdead_beef_0bad_f00d, u64::MAX] {
            for n in [0u32, 1, 10, 4_294_967_295] {
                assert_eq!(parse_shard_name(&shard_name(set, n)), Some((set, n)));
            }
        }
        assert_eq!(shard_name(0xab, 12), "00000000000000ab-12.bks");
        for bad in [
            "",
            ".bks",
            "-0.bks",
            "0123456789abcdef",
            "0123456789abcdef.bks",
            "0123456789abcdef-.bks",
            "0123456789abcdef-01.bks",
            "0123456789abcdef-+1.bks",
            "0123456789abcdef-4294967296.bks",
            "0123456789abcdef-1-2.bks",
            "0123456789abcdeF-1.bks",
            "0123456789abcde-1.bks",
            "0123456789abcdef0-1.bks",
            "../23456789abcdef-1.bks",
            "0123456789abcdef-1.bin",
        ] {
            assert_eq!(parse_shard_name(bad), None, "{bad}");
        }
        assert!(is_shard_file_name("0123456789abcdef.bks"), "version 5");
        assert!(is_shard_file_name("0123456789abcdef-3.bks"));
        assert!(!is_shard_file_name("index.bks") && !is_shard_file_name("0123456789abcdef"));
    }

    #[test]
    fn sequential_shards_take_a_byte_of_zero() {
        let mut out = Vec::new();
        write_pages(&mut out, &[(0, 0), (300, 1), (301, 2), (400, 0)]);
        assert_eq!(out, [0, 0xac, 2, 0, 1, 0, 99, 5]);
    }

    #[test]
    fn a_shard_checksum_depends_on_its_set_and_number() {
        let sum = shard_checksum(1, 2, b"bytes");
        assert_ne!(sum, shard_checksum(0, 2, b"bytes"));
        assert_ne!(sum, shard_checksum(1, 3, b"bytes"));
        assert_ne!(sum, shard_checksum(1, 2, b"bytez"));
        let mut joined = 1u64.to_le_bytes().to_vec();
        joined.extend_from_slice(&2u32.to_le_bytes());
        joined.extend_from_slice(b"bytes");
        assert_eq!(sum, checksum(&joined), "one FNV-1a over set, number, bytes");
    }

    #[test]
    fn section_kinds_round_trip_through_their_codes() {
        for kind in SectionKind::ALL {
            assert_eq!(SectionKind::from_code(kind as u32), Some(kind));
        }
        assert_eq!(SectionKind::from_code(3), None);
        let mut shard = vec![0; SHARD_HEADER_BYTES];
        assert_eq!(shard_first_kind(&shard), None, "no piece table");
        shard.extend_from_slice(&(SectionKind::Store as u32).to_le_bytes());
        assert_eq!(shard_first_kind(&shard), Some(SectionKind::Store));
    }

    #[test]
    fn norms_are_exact_when_short_and_every_code_decodes_to_itself() {
        for len in 0..32 {
            assert_eq!(decode_norm(encode_norm(len)), len);
        }
        assert_eq!(encode_norm(u32::MAX), 255);
        for code in 0..=255u8 {
            assert_eq!(encode_norm(decode_norm(code)), code, "{code}");
        }
        // Codes ascend with lengths, and so do the lengths they decode to.
        for code in 1..=255u8 {
            assert!(decode_norm(code) > decode_norm(code - 1), "{code}");
        }
        let round = |len| decode_norm(encode_norm(len));
        assert_eq!(
            [round(32), round(33), round(47), round(48), round(1000)],
            [33, 33, 47, 50, 1008]
        );
    }

    proptest! {
        #[test]
        fn shard_name_parser_is_total(name in "[0-9a-f]{15,17}-?[0-9]{0,11}(\\.bks)?|.{0,24}") {
            if let Some((set, n)) = parse_shard_name(&name) {
                prop_assert_eq!(shard_name(set, n), name);
            }
        }

        #[test]
        fn page_tables_round_trip(steps in proptest::collection::vec((1u32..70_000, any::<u32>()), 0..40)) {
            let mut pages = Vec::new();
            let mut start = 0u32;
            for (j, &(step, shard)) in steps.iter().enumerate() {
                if j > 0 {
                    start = start.saturating_add(step);
                    if pages.last().is_some_and(|&(s, _)| s == start) { break; }
                }
                pages.push((start, shard));
            }
            let mut out = vec![7u8];
            write_pages(&mut out, &pages);
            let mut pos = 1;
            prop_assert_eq!(read_pages(&out, &mut pos, pages.len()), Some(pages));
            prop_assert_eq!(pos, out.len());
        }

        #[test]
        fn the_page_table_reader_is_total(bytes in proptest::collection::vec(any::<u8>(), 0..64), count in 0usize..1_000_000) {
            let mut pos = 0;
            if let Some(pages) = read_pages(&bytes, &mut pos, count) {
                prop_assert_eq!(pages.len(), count);
                prop_assert!(pos <= bytes.len());
                prop_assert!(pages.windows(2).all(|w| w[0].0 < w[1].0));
            }
        }

        #[test]
        fn a_norm_is_off_by_at_most_a_sixteenth(len in any::<u32>(), other in any::<u32>()) {
            let decoded = decode_norm(encode_norm(len));
            prop_assert!(u64::from(len.abs_diff(decoded)) * 16 <= u64::from(len));
            if len <= other {
                prop_assert!(encode_norm(len) <= encode_norm(other));
            }
        }

        #[test]
        fn shard_names_round_trip(set in any::<u64>(), n in any::<u32>()) {
            prop_assert_eq!(parse_shard_name(&shard_name(set, n)), Some((set, n)));
        }

        fn varint_round_trips(values in proptest::collection::vec(any::<u32>(), 0..50)) {
            let mut out = Vec::new();
            for &v in &values { write_varint(&mut out, v); }
            let mut pos = 0;
            for &v in &values { prop_assert_eq!(read_varint(&out, &mut pos), Some(v)); }
            prop_assert_eq!(pos, out.len());
        }

        #[test]
        fn varint_never_panics_on_garbage(bytes in proptest::collection::vec(any::<u8>(), 0..20)) {
            let mut pos = 0;
            while read_varint(&bytes, &mut pos).is_some() {}
            prop_assert!(pos <= bytes.len());
        }
    }
}
