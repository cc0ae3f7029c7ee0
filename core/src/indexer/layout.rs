//! Layout: whether the image is embedded whole in the wasm or split into the wasm's part and
//! shard files (`crate::split`). `layout = "embedded" | "split" | "auto"` in
//! bakedsearch.toml (default `auto`), overridden by the environment variable
//! `BAKEDSEARCH_LAYOUT` (for build scripts).

use std::fmt;

/// The `auto` layout splits images larger than this. Measured: the seeds image is 0.1 MB and
/// the tests' corpora under 2 MB, which stay one file (file:// works, no fetch); the generated
/// 1,394-page site is about 7 MB (a 1.9 MB brotli wasm, which still loads in well under a
/// second on localhost), MDN 58.8 MB (17.5 MiB brotli before the first result; split, about
/// 0.2 MB). Between 16 MB and MDN a visitor would download several MB before a first result,
/// where the split layout fetches tens of KB.
pub const AUTO_SPLIT_BYTES: usize = 16 * 1024 * 1024;

/// The configured layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// One wasm with the whole index (file:// works, no fetch).
    Embedded,
    /// The wasm keeps what a query needs first; postings, positions and documents are
    /// shard files beside it.
    Split,
    /// Split when the image is over [`AUTO_SPLIT_BYTES`].
    #[default]
    Auto,
}

impl Layout {
    /// Parses a configuration or environment value.
    pub fn parse(value: &str) -> Option<Layout> {
        match value {
            "embedded" => Some(Layout::Embedded),
            "split" => Some(Layout::Split),
            "auto" => Some(Layout::Auto),
            _ => None,
        }
    }

    /// Whether an image of `image_bytes` is split.
    pub fn splits(self, image_bytes: usize) -> bool {
        match self {
            Layout::Embedded => false,
            Layout::Split => true,
            Layout::Auto => image_bytes > AUTO_SPLIT_BYTES,
        }
    }
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Layout::Embedded => "embedded",
            Layout::Split => "split",
            Layout::Auto => "auto",
        })
    }
}

/// The fix named when a layout value is not one of the three.
pub const LAYOUT_FIX: &str = "set layout to \"embedded\", \"split\" or \"auto\"";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_parse_and_auto_splits_only_large_images() {
        for l in [Layout::Embedded, Layout::Split, Layout::Auto] {
            assert_eq!(Layout::parse(&l.to_string()), Some(l));
        }
        assert_eq!(Layout::parse("Split"), None);
        assert_eq!(Layout::parse(""), None);
        assert!(!Layout::Auto.splits(AUTO_SPLIT_BYTES));
        assert!(Layout::Auto.splits(AUTO_SPLIT_BYTES + 1));
        assert!(Layout::Split.splits(0));
        assert!(!Layout::Embedded.splits(usize::MAX));
    }
}
