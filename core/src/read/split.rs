//! Split layout, reader side: the page table of an image's SPLIT section, the shards added
//! so far, and the record of what reads needed but did not find (see `format`, SPLIT and
//! shard files).
//!
//! The index reads a paged section through [`Paging`]: a read whose page is loaded gets its
//! bytes; a read whose page is not loaded gets `None` (the data is absent) and its shard is
//! recorded as missing, so that the caller can fetch it and search again. Only the split
//! entry point ([`SplitPages::open`]) constructs a `Paging`: an engine that never opens a
//! split image links none of this code (the embedded wasm grows by the branch only).

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use super::FormatError;
use crate::format::{
    parse_shard_name, read_pages, read_u32, read_u64, shard_checksum, shard_name, SectionKind,
    FORMAT_VERSION, HEADER_BYTES, MAX_PIECES, PIECE_ENTRY_BYTES, SECTION_ENTRY_BYTES,
    SHARD_HEADER_BYTES, SHARD_MAGIC, SPLIT_HAS_DATES,
};

/// Paged sections read through their pages instead of the image's bytes.
pub trait Paging<'a>: Sync {
    /// The whole length of a paged section, `None` when `kind` is not paged.
    fn len(&self, kind: SectionKind) -> Option<usize>;
    /// Bytes `[start, end)` of a paged section (`end: None`: to the end of the page holding
    /// `start`), when they lie in one loaded page. A page not loaded is recorded as missing.
    fn get(&self, kind: SectionKind, start: usize, end: Option<usize>) -> Option<&'a [u8]>;
    /// Page `j` of a paged section, whole (the dictionary's pages are FSTs of their own). A
    /// page not loaded is recorded as missing.
    fn page(&self, kind: SectionKind, j: usize) -> Option<&'a [u8]>;
    /// Number of pages of a paged section (0 when `kind` is not paged).
    fn page_count(&self, kind: SectionKind) -> usize;
    /// Whether some document has a date (the paged DOCS cannot be scanned for it).
    fn has_dates(&self) -> bool;
    /// True when a read missed a page since the missing record was last emptied.
    fn missing_data(&self) -> bool;
    /// How many reads missed a dictionary page since the missing record was last emptied
    /// (a page missed twice counts twice: a caller compares the count before and after its
    /// own reads).
    fn dictionary_misses(&self) -> usize;
}

/// Most paged sections of one image.
const MAX_PAGED: usize = 8;

#[derive(Clone, Default)]
struct Table {
    kind: u32,
    len: usize,
    /// (start, shard) per page, decoded from SPLIT's deltas once, at open.
    entries: Vec<(u32, u32)>,
    /// Global index of this table's first page.
    base: usize,
}

impl Table {
    fn pages(&self) -> usize {
        self.entries.len()
    }
    /// (start, shard) of page `j`; in bounds once `open` has checked the table.
    fn page(&self, j: usize) -> (usize, u32) {
        self.entries
            .get(j)
            .map_or((0, u32::MAX), |&(start, shard)| (start as usize, shard))
    }
    fn end(&self, j: usize) -> usize {
        if j + 1 < self.pages() {
            self.page(j + 1).0
        } else {
            self.len
        }
    }
    /// The page holding byte `at` (binary search over the ascending starts).
    fn find(&self, at: usize) -> Option<usize> {
        if at >= self.len {
            return None;
        }
        let (mut lo, mut hi) = (0, self.pages());
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.page(mid).0 <= at {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        (lo < self.pages()).then_some(lo)
    }
}

/// Why a shard was refused by [`SplitPages::add_shard`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShardError {
    /// The name is not `<16 hex digits>-<number>.bks`.
    BadName(String),
    /// The name is not one of this index's shards (another set, or a number past the
    /// last).
    UnknownShard(String),
    /// The bytes' checksum is not that of this shard of this set.
    HashMismatch(String),
    /// The bytes are not a shard of this index (magic, version, checksum or pieces).
    Corrupt { name: String, what: &'static str },
}

impl fmt::Display for ShardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const FIX: &str = "serve the shard files of the same build as the .wasm, unmodified";
        match self {
            ShardError::BadName(n) => write!(
                f,
                "shard name {n:?} is not <16 hex digits>-<number>.bks; pass the name \
                 searchStep gave"
            ),
            ShardError::UnknownShard(n) => write!(
                f,
                "shard {n} is not part of this index (another build's?); {FIX}"
            ),
            ShardError::HashMismatch(n) => write!(
                f,
                "shard {n}: the bytes' checksum does not match the name (a truncated or \
                 altered download, or another build's shard under this name); {FIX}"
            ),
            ShardError::Corrupt { name, what } => {
                write!(f, "shard {name} is corrupted: {what}; {FIX}")
            }
        }
    }
}

impl std::error::Error for ShardError {}

/// A shard's pieces: (global page, start, end in the file), and how many.
struct Pieces([(usize, usize, usize); MAX_PIECES], usize);

/// The page table of a split image and the shards added to it.
pub struct SplitPages<'a> {
    flags: u32,
    /// The set hash every shard's name and checksum carry.
    set: u64,
    shard_count: usize,
    tables: [Table; MAX_PAGED],
    table_count: usize,
    /// Per global page, its bytes once its shard is added.
    loaded: Vec<OnceLock<&'a [u8]>>,
    /// Per shard, its file when added by [`SplitPages::add_shard_owned`].
    owned: Vec<OnceLock<Box<[u8]>>>,
    missing: Mutex<Vec<u32>>,
    /// Reads that missed a dictionary page (see `Index::dictionary_misses`).
    dict_misses: AtomicUsize,
}

const CORRUPT: FormatError = FormatError::Corrupt { what: "SPLIT" };

/// The SPLIT section of `image`, `None` when the image is not split.
fn split_section(image: &[u8]) -> Option<&[u8]> {
    let count = read_u32(image, 12)? as usize;
    let table = image.get(HEADER_BYTES..HEADER_BYTES + count.min(64) * SECTION_ENTRY_BYTES)?;
    table.chunks_exact(SECTION_ENTRY_BYTES).find_map(|e| {
        (read_u32(e, 0)? == SectionKind::Split as u32).then_some(())?;
        let at = read_u32(e, 4)? as usize;
        image.get(at..at.checked_add(read_u32(e, 8)? as usize)?)
    })
}

impl<'a> SplitPages<'a> {
    /// Reads and checks the page table of a split image: `Ok(None)` for an embedded one.
    /// Every page table is decoded and checked here (starts ascending from 0 and below the
    /// length, shards in range), so later lookups are in bounds. O(pages).
    pub fn open(image: &'a [u8]) -> Result<Option<SplitPages<'a>>, FormatError> {
        let Some(split) = split_section(image) else {
            return Ok(None);
        };
        let flags = read_u32(split, 0).ok_or(CORRUPT)?;
        let shard_count = read_u32(split, 4).ok_or(CORRUPT)? as usize;
        let set = read_u64(split, 8).ok_or(CORRUPT)?;
        let table_count = read_u32(split, 16).ok_or(CORRUPT)? as usize;
        if table_count > MAX_PAGED {
            return Err(CORRUPT);
        }
        let mut tables: [Table; MAX_PAGED] = Default::default();
        let (mut pos, mut base) = (20, 0usize);
        for table in tables.iter_mut().take(table_count) {
            let kind = read_u32(split, pos).ok_or(CORRUPT)?;
            let len = read_u32(split, pos + 4).ok_or(CORRUPT)? as usize;
            let pages = read_u32(split, pos + 8).ok_or(CORRUPT)? as usize;
            pos += 12;
            // Starts ascend from 0 (the decoder's promise); each must lie in the section.
            let entries = read_pages(split, &mut pos, pages).ok_or(CORRUPT)?;
            if (pages == 0) != (len == 0) {
                return Err(CORRUPT);
            }
            let in_range = |&(start, shard): &(u32, u32)| {
                (start as usize) < len && (shard as usize) < shard_count
            };
            if !entries.iter().all(in_range) {
                return Err(CORRUPT);
            }
            *table = Table {
                kind,
                len,
                entries,
                base,
            };
            base += pages;
        }
        // Every shard holds a page: this bounds the per-shard table by the data.
        if shard_count > base {
            return Err(CORRUPT);
        }
        Ok(Some(SplitPages {
            flags,
            set,
            shard_count,
            tables,
            table_count,
            loaded: (0..base).map(|_| OnceLock::new()).collect(),
            owned: (0..shard_count).map(|_| OnceLock::new()).collect(),
            missing: Mutex::new(Vec::new()),
            dict_misses: AtomicUsize::new(0),
        }))
    }

    fn table(&self, kind: SectionKind) -> Option<&Table> {
        self.tables[..self.table_count]
            .iter()
            .find(|t| t.kind == kind as u32)
    }

    /// Number of shard files.
    pub fn shard_count(&self) -> usize {
        self.shard_count
    }

    /// The file name of shard `i`.
    pub fn shard_name(&self, i: u32) -> String {
        shard_name(self.set, i)
    }

    /// True when every page of shard `i` is loaded.
    fn is_loaded(&self, shard: u32) -> bool {
        self.tables[..self.table_count].iter().all(|t| {
            (0..t.pages()).all(|j| t.page(j).1 != shard || self.loaded[t.base + j].get().is_some())
        })
    }

    /// The shards of `kind`'s pages (for a prefetch list).
    pub fn shards_of(&self, kind: SectionKind) -> Vec<u32> {
        let mut out: Vec<u32> = self
            .table(kind)
            .map(|t| (0..t.pages()).map(|j| t.page(j).1).collect())
            .unwrap_or_default();
        out.dedup();
        out
    }

    /// The shards reads needed and did not find since the last call, in first-needed
    /// order, without repeats; the record is emptied.
    pub fn take_missing(&self) -> Vec<u32> {
        self.dict_misses.store(0, Ordering::Relaxed);
        match self.missing.lock() {
            Ok(mut m) => std::mem::take(&mut *m),
            Err(poisoned) => std::mem::take(&mut *poisoned.into_inner()),
        }
    }

    fn record_missing(&self, kind: SectionKind, shard: u32) {
        if kind == SectionKind::Dict {
            self.dict_misses.fetch_add(1, Ordering::Relaxed);
        }
        if let Ok(mut m) = self.missing.lock() {
            if !m.contains(&shard) {
                m.push(shard);
            }
        }
    }

    /// Verifies shard file `name` (its content hash, magic, version, checksum, and that its
    /// pieces are exactly the pages the table gives it) and makes its pages readable.
    /// `Ok(false)` when it was added before. Nothing is changed when it is refused.
    pub fn add_shard(&self, name: &str, bytes: &'a [u8]) -> Result<bool, ShardError> {
        let (shard, pieces) = self.check_shard(name, bytes)?;
        Ok(self.load(shard, bytes, &pieces))
    }

    /// [`SplitPages::add_shard`] for bytes the pages keep (the wasm's, where the pages live
    /// as long as the program).
    pub fn add_shard_owned(&'a self, name: &str, bytes: Vec<u8>) -> Result<bool, ShardError> {
        let (shard, pieces) = self.check_shard(name, &bytes)?;
        let slot = &self.owned[shard as usize];
        // A shard added before keeps its first copy (the same verified bytes).
        let _ = slot.set(bytes.into_boxed_slice());
        match slot.get() {
            Some(kept) => Ok(self.load(shard, kept, &pieces)),
            None => Ok(false),
        }
    }

    /// Makes the pages of `shard` readable from its verified file `bytes`; true when they
    /// were not before.
    fn load(&self, shard: u32, bytes: &'a [u8], pieces: &Pieces) -> bool {
        let new = !self.is_loaded(shard);
        for &(page, start, end) in &pieces.0[..pieces.1] {
            // A page set before holds the same verified bytes (same name, same checksum).
            let _ = self.loaded[page].set(&bytes[start..end]);
        }
        new
    }

    /// Verifies a shard file; returns its number and its pieces (page, start, end in `bytes`).
    fn check_shard(&self, name: &str, bytes: &[u8]) -> Result<(u32, Pieces), ShardError> {
        let shown = || name.chars().take(40).collect::<String>();
        let (set, shard) = parse_shard_name(name).ok_or_else(|| ShardError::BadName(shown()))?;
        if set != self.set || shard as usize >= self.shard_count {
            return Err(ShardError::UnknownShard(shown()));
        }
        let corrupt = |what| ShardError::Corrupt {
            name: shown(),
            what,
        };
        if bytes.get(..8) != Some(&SHARD_MAGIC[..]) {
            return Err(corrupt("not a shard file (magic)"));
        }
        if read_u32(bytes, 8) != Some(FORMAT_VERSION) {
            return Err(corrupt("another format version"));
        }
        let pieces = read_u32(bytes, 12).ok_or(corrupt("header"))? as usize;
        let body = bytes.get(SHARD_HEADER_BYTES..).unwrap_or_default();
        if read_u64(bytes, 16) != Some(shard_checksum(set, shard, body)) {
            return Err(ShardError::HashMismatch(shown()));
        }
        if pieces > MAX_PIECES {
            return Err(corrupt("piece count"));
        }
        let mut at = SHARD_HEADER_BYTES + pieces * PIECE_ENTRY_BYTES;
        let mut found = [(0usize, 0usize, 0usize); MAX_PIECES];
        for (p, slot) in found.iter_mut().enumerate().take(pieces) {
            let entry = SHARD_HEADER_BYTES + p * PIECE_ENTRY_BYTES;
            let read = |o| read_u32(bytes, entry + o).ok_or(corrupt("piece table"));
            let (kind, start, len) = (read(0)?, read(4)? as usize, read(8)? as usize);
            let table = self.tables[..self.table_count]
                .iter()
                .find(|t| t.kind == kind)
                .ok_or(corrupt("piece of a section that is not paged"))?;
            let j = table
                .find(start)
                .filter(|&j| table.page(j).0 == start && table.page(j).1 == shard)
                .ok_or(corrupt("piece that is not one of its pages"))?;
            if table.end(j) - start != len {
                return Err(corrupt("piece length"));
            }
            let end = at.checked_add(len).filter(|&e| e <= bytes.len());
            let end = end.ok_or(corrupt("truncated"))?;
            // A dictionary page is an FST, which is read unchecked: its own CRC-32C first,
            // as for the embedded dictionary (`crc32c.rs`).
            if kind == SectionKind::Dict as u32 && !super::crc32c::fst_checksum_ok(&bytes[at..end])
            {
                return Err(corrupt("dictionary page checksum"));
            }
            *slot = (table.base + j, at, end);
            at = end;
        }
        let owned = self.tables[..self.table_count]
            .iter()
            .map(|t| (0..t.pages()).filter(|&j| t.page(j).1 == shard).count())
            .sum::<usize>();
        if at != bytes.len() || owned != pieces {
            return Err(corrupt("pieces do not cover the shard's pages"));
        }
        Ok((shard, Pieces(found, pieces)))
    }
}

impl<'a> Paging<'a> for SplitPages<'a> {
    fn len(&self, kind: SectionKind) -> Option<usize> {
        self.table(kind).map(|t| t.len)
    }

    fn get(&self, kind: SectionKind, start: usize, end: Option<usize>) -> Option<&'a [u8]> {
        let table = self.table(kind)?;
        let j = table.find(start)?;
        let (page_start, shard) = table.page(j);
        let Some(&piece) = self.loaded[table.base + j].get() else {
            self.record_missing(kind, shard);
            return None;
        };
        let end = end.unwrap_or(table.end(j));
        piece.get(start - page_start..end.checked_sub(page_start)?)
    }

    fn page(&self, kind: SectionKind, j: usize) -> Option<&'a [u8]> {
        let table = self.table(kind)?;
        if j >= table.pages() {
            return None;
        }
        let Some(&piece) = self.loaded[table.base + j].get() else {
            self.record_missing(kind, table.page(j).1);
            return None;
        };
        Some(piece)
    }

    fn page_count(&self, kind: SectionKind) -> usize {
        self.table(kind).map_or(0, |t| t.pages())
    }

    fn has_dates(&self) -> bool {
        self.flags & SPLIT_HAS_DATES != 0
    }

    fn missing_data(&self) -> bool {
        self.missing.lock().map_or(true, |m| !m.is_empty())
    }

    fn dictionary_misses(&self) -> usize {
        self.dict_misses.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
#[path = "split_tests.rs"]
mod tests;
