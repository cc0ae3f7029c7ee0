//! The image locator: how an engine wasm finds its index image, shared by the engine
//! (`src/locator.rs`, which defines the static) and the patcher (`patch/`, which rewrites it).
//!
//! The engine keeps one `#[repr(C)]` static in its data segment:
//!
//! | offset | bytes | field                                            |
//! |--------|-------|--------------------------------------------------|
//! | 0      | 16    | [`LOCATOR_MAGIC`]                                |
//! | 16     | 4     | [`LOCATOR_VERSION`] (u32 little-endian)          |
//! | 20     | 4     | address of the image in linear memory (wasm32)   |
//! | 24     | 4     | length of the image in bytes (wasm32)            |
//!
//! By default it points at the image `build.rs` embedded with `include_bytes!`; a prebuilt
//! engine gets another image by appending it as a data segment and rewriting the address and
//! length in place. The engine reads the fields with `read_volatile`, so the compiler cannot
//! fold them into the embedded image's constant address.

/// Marks the locator in the data segment. Not valid UTF-8 (0xFF, 0xFE) so that no text of
/// a corpus can spell it; the engine never compares against it (a second copy of these bytes
/// in the wasm would make the locator ambiguous), it only stores it.
pub const LOCATOR_MAGIC: [u8; 16] = *b"\xFFbakedsearch-im\xFE";

/// The locator layout's version: a patcher refuses a locator of another version.
pub const LOCATOR_VERSION: u32 = 1;

/// Byte offsets of the fields in the wasm32 layout (the patcher's view).
pub const VERSION_OFFSET: usize = 16;
/// See [`VERSION_OFFSET`].
pub const PTR_OFFSET: usize = 20;
/// See [`VERSION_OFFSET`].
pub const LEN_OFFSET: usize = 24;
/// Bytes of the locator in the wasm32 layout.
pub const LOCATOR_BYTES: usize = 28;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_is_not_utf8_and_fields_do_not_overlap() {
        assert!(std::str::from_utf8(&LOCATOR_MAGIC).is_err());
        assert_eq!(VERSION_OFFSET, LOCATOR_MAGIC.len());
        assert_eq!(PTR_OFFSET, VERSION_OFFSET + 4);
        assert_eq!(LEN_OFFSET, PTR_OFFSET + 4);
        assert_eq!(LOCATOR_BYTES, LEN_OFFSET + 4);
    }
}
