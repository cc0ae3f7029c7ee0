//! Why an image could not be opened: every reader error, with what it means for the user.

use std::fmt;

/// Why an image could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The bytes do not start with the bakedsearch magic: not an index image at all.
    BadMagic,
    /// The image was written by another format version.
    UnsupportedVersion { found: u32, expected: u32 },
    /// The image ends before a structure it declares.
    Truncated { what: &'static str },
    /// A structure is inconsistent with the rest of the image.
    Corrupt { what: &'static str },
    /// The checksum does not match the contents.
    ChecksumMismatch,
    /// The image uses the split layout: it opens only with its page table
    /// (`Index::open_split`).
    Split,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const REBUILD: &str = "rebuild the index with the same bakedsearch version (cargo build)";
        match self {
            FormatError::BadMagic => write!(
                f,
                "not a bakedsearch index image (the first 8 bytes are not \"BAKEDIDX\"); {REBUILD}"
            ),
            FormatError::UnsupportedVersion { found, expected } => write!(
                f,
                "index format version {found} is not supported (this reader reads version \
                 {expected}); {REBUILD}"
            ),
            FormatError::Truncated { what } => {
                write!(f, "index image is truncated in {what}; {REBUILD}")
            }
            FormatError::Corrupt { what } => {
                write!(
                    f,
                    "index image is corrupted: {what} is inconsistent; {REBUILD}"
                )
            }
            FormatError::Split => write!(
                f,
                "this index uses the split layout: open it with its shards (in JavaScript, \
                 call searchAsync(query, options))"
            ),
            FormatError::ChecksumMismatch => {
                write!(
                    f,
                    "index image checksum does not match its contents; {REBUILD}"
                )
            }
        }
    }
}

impl std::error::Error for FormatError {}
