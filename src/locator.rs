//! Where the engine finds its index image (layout in `bakedsearch_core::locate`).
//!
//! `build.rs` writes the image to `$OUT_DIR/index.bin`; it is embedded here and the locator
//! points at it. A prebuilt engine wasm can be given another image without Rust: the patcher
//! (`patch/`) appends it as a data segment above the module's initial data and rewrites the
//! locator's address and length. So the fields are read with `read_volatile`: otherwise
//! LLVM would fold the immutable static into the embedded image's constant address.

use bakedsearch_core::locate::{LOCATOR_MAGIC, LOCATOR_VERSION};

#[repr(C)]
struct Locator {
    magic: [u8; 16],
    version: u32,
    ptr: *const u8,
    len: usize,
}

// SAFETY: the locator is immutable (only the patcher, outside the program, rewrites it).
unsafe impl Sync for Locator {}

/// The image built by `build.rs`. A `const` used once, so the bytes are in the wasm once.
const EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/index.bin"));

#[used]
static LOCATOR: Locator = Locator {
    magic: LOCATOR_MAGIC,
    version: LOCATOR_VERSION,
    ptr: EMBEDDED.as_ptr(),
    len: EMBEDDED.len(),
};

/// The located image and whether it was patched in (not the one `build.rs` embedded).
pub(crate) struct Located {
    pub bytes: &'static [u8],
    pub patched: bool,
}

/// The image the locator points at. A patched locator is checked against the linear
/// memory's size first, so a bad patch is an error, not an out-of-bounds trap.
pub(crate) fn image() -> Result<Located, String> {
    // SAFETY: plain reads of an initialized static.
    let (version, ptr, len) = unsafe {
        (
            core::ptr::read_volatile(core::ptr::addr_of!(LOCATOR.version)),
            core::ptr::read_volatile(core::ptr::addr_of!(LOCATOR.ptr)),
            core::ptr::read_volatile(core::ptr::addr_of!(LOCATOR.len)),
        )
    };
    if version != LOCATOR_VERSION {
        return Err(format!(
            "the image locator has version {version}, this engine reads {LOCATOR_VERSION}; \
             patch the image with the bakedsearch of this engine"
        ));
    }
    // The non-volatile read is folded to the embedded image's address: a different
    // volatile value means the patcher placed another image.
    let patched = ptr != LOCATOR.ptr || len != LOCATOR.len;
    if patched {
        check_in_memory(ptr as usize, len)?;
    }
    // SAFETY: unpatched, this is the embedded `&'static [u8]`. Patched, the range lies inside
    // linear memory (checked above), all of which is initialized and readable, and above the
    // module's initial data: the Rust allocator takes its heap from `memory.grow` only, so no
    // allocation ever overlaps it and nothing writes to it.
    let bytes = unsafe { core::slice::from_raw_parts(ptr, len) };
    Ok(Located { bytes, patched })
}

#[cfg(target_arch = "wasm32")]
fn check_in_memory(ptr: usize, len: usize) -> Result<(), String> {
    let memory = core::arch::wasm32::memory_size(0).saturating_mul(65536);
    match ptr.checked_add(len) {
        Some(end) if ptr != 0 && end <= memory => Ok(()),
        _ => Err(format!(
            "the image locator points outside linear memory ({len} bytes at {ptr}, memory \
             {memory} bytes); patch the engine again with the bakedsearch patcher"
        )),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn check_in_memory(_ptr: usize, _len: usize) -> Result<(), String> {
    Err("a patched image locator outside wasm32".into())
}
