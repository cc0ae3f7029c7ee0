//! Places an index image into a prebuilt engine wasm, so that indexing needs no Rust
//! toolchain: the engine is compiled once (with whatever image `build.rs` embedded), and
//! [`patch`] gives it another image.
//!
//! The image goes in as one new active data segment at the end of the module's initial
//! memory (the memory's minimum grows by the image's pages), and the engine's locator static
//! (layout in `bakedsearch_core::locate`) is rewritten in place to point at it. Rust's wasm
//! allocator takes its heap from `memory.grow`, which returns pages above the initial size,
//! so nothing the engine allocates ever overlaps the image. Every other section is copied
//! byte for byte; data segment indices are unchanged (the new one is last), and a data-count
//! section, if present, counts it.

use std::fmt;

use bakedsearch_core::locate::{
    LEN_OFFSET, LOCATOR_BYTES, LOCATOR_MAGIC, LOCATOR_VERSION, PTR_OFFSET, VERSION_OFFSET,
};
use bakedsearch_core::Index;
use wasm_encoder::{
    ConstExpr, DataCountSection, DataSection, MemorySection, MemoryType, RawSection,
};
use wasmparser::{DataKind, Operator, Parser, Payload};

/// 64 KiB, the wasm page.
const PAGE: u64 = 65536;
/// Pages a 32-bit memory can have (4 GiB).
const MAX_PAGES: u64 = 65536;

/// Why a module could not be patched or read. Messages name the problem and the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatchError {
    /// Not a WebAssembly module wasmparser can read.
    Parse(String),
    /// The image is not a valid bakedsearch image (`Index::open_verified` refused it).
    Image(String),
    /// The module has no image locator, or several, or an unusable one.
    Locator(String),
    /// The module's memory cannot take the image.
    Memory(String),
}

impl fmt::Display for PatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatchError::Parse(m) => write!(
                f,
                "the engine wasm cannot be read: {m}\n  fix: pass the engine's _bg.wasm as \
                 the bakedsearch package ships it"
            ),
            PatchError::Image(m) => write!(
                f,
                "the index image is invalid: {m}\n  fix: rebuild it with the same bakedsearch \
                 version as the engine"
            ),
            PatchError::Locator(m) => write!(
                f,
                "{m}\n  fix: pass a bakedsearch engine wasm of locator version \
                 {LOCATOR_VERSION} (built from this source tree)"
            ),
            PatchError::Memory(m) => write!(f, "{m}\n  fix: split the corpus into smaller indexes"),
        }
    }
}

impl std::error::Error for PatchError {}

fn parse_err(e: wasmparser::BinaryReaderError) -> PatchError {
    PatchError::Parse(e.to_string())
}

/// One data segment: its offset (active segments with an `i32.const` offset) and bytes.
struct Segment<'a> {
    offset: Option<u32>,
    memory: u32,
    bytes: &'a [u8],
}

/// What [`patch`] reads from a module.
struct Layout<'a> {
    segments: Vec<Segment<'a>>,
    memory: Option<wasmparser::MemoryType>,
    /// (segment index, byte offset of the locator in it)
    locator: (usize, usize),
}

fn const_i32(expr: &wasmparser::ConstExpr<'_>) -> Result<Option<u32>, PatchError> {
    let mut ops = expr.get_operators_reader();
    let first = ops.read().map_err(parse_err)?;
    let second = ops.read().map_err(parse_err)?;
    Ok(match (first, second) {
        (Operator::I32Const { value }, Operator::End) => Some(value as u32),
        _ => None,
    })
}

fn read_layout(wasm: &[u8]) -> Result<Layout<'_>, PatchError> {
    let mut segments = Vec::new();
    let mut memory = None;
    let mut memories = 0usize;
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(parse_err)? {
            Payload::ImportSection(imports) => {
                for import in imports.into_imports() {
                    if matches!(
                        import.map_err(parse_err)?.ty,
                        wasmparser::TypeRef::Memory(_)
                    ) {
                        return Err(PatchError::Memory(
                            "the engine imports its memory; the image can only be placed into \
                             a memory the module defines"
                                .into(),
                        ));
                    }
                }
            }
            Payload::MemorySection(reader) => {
                for m in reader {
                    memories += 1;
                    memory = Some(m.map_err(parse_err)?);
                }
            }
            Payload::DataSection(reader) => {
                for data in reader {
                    let data = data.map_err(parse_err)?;
                    let (offset, memory) = match &data.kind {
                        DataKind::Active {
                            memory_index,
                            offset_expr,
                        } => (const_i32(offset_expr)?, *memory_index),
                        DataKind::Passive => (None, 0),
                    };
                    segments.push(Segment {
                        offset,
                        memory,
                        bytes: data.data,
                    });
                }
            }
            _ => {}
        }
    }
    if memories > 1 {
        return Err(PatchError::Memory(format!(
            "the engine defines {memories} memories; the image goes into a single one"
        )));
    }
    let mut found = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        if segment.offset.is_none() || segment.memory != 0 {
            continue;
        }
        let mut at = 0;
        while let Some(pos) = find(&segment.bytes[at..], &LOCATOR_MAGIC) {
            found.push((i, at + pos));
            at += pos + 1;
        }
    }
    let locator = match found.as_slice() {
        [one] => *one,
        [] => {
            return Err(PatchError::Locator(
                "no image locator in the engine wasm's data: it is not a bakedsearch engine, \
                 or one older than the locator"
                    .into(),
            ))
        }
        many => {
            return Err(PatchError::Locator(format!(
                "the image locator's magic occurs {} times in the engine wasm's data; \
                 which one is the locator is ambiguous",
                many.len()
            )))
        }
    };
    let bytes = segments[locator.0].bytes;
    if bytes.len() < locator.1 + LOCATOR_BYTES {
        return Err(PatchError::Locator(
            "the image locator is cut short by the end of its data segment (an optimizer split \
             it)"
            .into(),
        ));
    }
    let version = u32_at(bytes, locator.1 + VERSION_OFFSET);
    if version != LOCATOR_VERSION {
        return Err(PatchError::Locator(format!(
            "the engine's image locator has version {version}; this patcher writes version \
             {LOCATOR_VERSION}"
        )));
    }
    Ok(Layout {
        segments,
        memory,
        locator,
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

/// Where the image went and how the memory changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patched {
    /// The patched module.
    pub wasm: Vec<u8>,
    /// The image's address in linear memory (page-aligned).
    pub address: u32,
    /// The memory's minimum pages before and after.
    pub pages: (u64, u64),
}

/// Verifies `image` (`Index::open_verified`) and places it into `engine`.
pub fn patch(engine: &[u8], image: &[u8]) -> Result<Patched, PatchError> {
    Index::open_verified(image).map_err(|e| PatchError::Image(e.to_string()))?;
    place(engine, image)
}

/// Places any bytes as the engine's image, unchecked (the tests place arbitrary bytes; the
/// engine verifies a patched image before use anyway). Use [`patch`].
pub fn place(engine: &[u8], image: &[u8]) -> Result<Patched, PatchError> {
    let layout = read_layout(engine)?;
    let memory = layout.memory.ok_or_else(|| {
        PatchError::Memory("the engine defines no memory to place the image in".into())
    })?;
    if memory.memory64 || memory.shared || memory.page_size_log2.is_some() {
        return Err(PatchError::Memory(
            "the engine's memory is 64-bit, shared or has custom pages; the patcher places \
             images into a plain 32-bit memory"
                .into(),
        ));
    }
    let old = memory.initial;
    let image_pages = (image.len() as u64).div_ceil(PAGE).max(1);
    let new = old + image_pages;
    let limit = memory.maximum.unwrap_or(MAX_PAGES).min(MAX_PAGES);
    if new > limit {
        return Err(PatchError::Memory(format!(
            "the image ({} bytes) does not fit: the memory would need {new} pages, its \
             maximum is {limit}",
            image.len()
        )));
    }
    // Fits in u32: new <= 65536 pages and the image starts at old pages.
    let address = (old * PAGE) as u32;
    for s in &layout.segments {
        if let Some(off) = s.offset {
            if u64::from(off) + s.bytes.len() as u64 > old * PAGE {
                return Err(PatchError::Memory(
                    "a data segment reaches beyond the initial memory".into(),
                ));
            }
        }
    }

    let mut out = wasm_encoder::Module::new();
    for payload in Parser::new(0).parse_all(engine) {
        let payload = payload.map_err(parse_err)?;
        match &payload {
            Payload::MemorySection(_) => {
                let mut section = MemorySection::new();
                section.memory(MemoryType {
                    minimum: new,
                    maximum: memory.maximum,
                    memory64: false,
                    shared: false,
                    page_size_log2: None,
                });
                out.section(&section);
            }
            Payload::DataCountSection { count, .. } => {
                out.section(&DataCountSection { count: count + 1 });
            }
            Payload::DataSection(_) => {
                let mut section = DataSection::new();
                for (i, s) in layout.segments.iter().enumerate() {
                    let mut bytes = s.bytes.to_vec();
                    if i == layout.locator.0 {
                        let at = layout.locator.1;
                        bytes[at + PTR_OFFSET..at + PTR_OFFSET + 4]
                            .copy_from_slice(&address.to_le_bytes());
                        bytes[at + LEN_OFFSET..at + LEN_OFFSET + 4]
                            .copy_from_slice(&(image.len() as u32).to_le_bytes());
                    }
                    match s.offset {
                        Some(off) => {
                            section.active(s.memory, &ConstExpr::i32_const(off as i32), bytes)
                        }
                        None => section.passive(bytes),
                    };
                }
                section.active(
                    0,
                    &ConstExpr::i32_const(address as i32),
                    image.iter().copied(),
                );
                out.section(&section);
            }
            other => {
                if let Some((id, range)) = other.as_section() {
                    out.section(&RawSection {
                        id,
                        data: &engine[range],
                    });
                }
            }
        }
    }
    Ok(Patched {
        wasm: out.finish(),
        address,
        pages: (old, new),
    })
}

/// The bytes the engine's locator points at, read from the module's data segments (what
/// the engine will see at run time).
pub fn located(wasm: &[u8]) -> Result<Vec<u8>, PatchError> {
    let layout = read_layout(wasm)?;
    let bytes = layout.segments[layout.locator.0].bytes;
    let ptr = u32_at(bytes, layout.locator.1 + PTR_OFFSET) as u64;
    let len = u32_at(bytes, layout.locator.1 + LEN_OFFSET) as u64;
    for s in &layout.segments {
        if let Some(off) = s.offset {
            let start = u64::from(off);
            if start <= ptr && ptr + len <= start + s.bytes.len() as u64 {
                let from = (ptr - start) as usize;
                return Ok(s.bytes[from..from + len as usize].to_vec());
            }
        }
    }
    Err(PatchError::Locator(format!(
        "the image locator points at {len} bytes at {ptr}, which no single data segment holds"
    )))
}
