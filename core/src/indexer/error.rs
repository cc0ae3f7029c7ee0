//! The build's error for bad input (a file, a line and a fix) and its warnings (a file and
//! what was done about it). Both the configuration and the corpus stages report through it,
//! so neither imports the other for it.
//!
//! Paths and document text are untrusted: they come from whoever wrote the corpus. Cargo
//! obeys every `cargo:` line a build script prints, so a file named `x⏎cargo:rustc-env=…`
//! printed as it is would set the crate's environment. Everything here that shows a path or
//! a value goes through [`escape_line`]: one line, with control characters escaped.

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem with the corpus, located and with a fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
    pub fix: String,
}

impl fmt::Display for CorpusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: ", shown_path(&self.path), line)?,
            None => write!(f, "{}: ", shown_path(&self.path))?,
        }
        write!(
            f,
            "{}\n  fix: {}",
            escape_line(&self.message),
            escape_line(&self.fix)
        )
    }
}

impl std::error::Error for CorpusError {}

impl CorpusError {
    pub fn new(path: &Path, line: Option<usize>, message: String, fix: &str) -> CorpusError {
        CorpusError {
            path: path.to_path_buf(),
            line,
            message,
            fix: fix.to_owned(),
        }
    }
}

pub(crate) fn error(path: &Path, line: Option<usize>, message: String, fix: &str) -> CorpusError {
    CorpusError::new(path, line, message, fix)
}

/// 1-based line of byte `offset` in `text`.
pub(crate) fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Something the build did about a document instead of failing: indexed by its title only,
/// skipped, a symlink not followed. Shown by `build.rs` as one `cargo:warning=` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl Warning {
    pub fn new(path: &Path, line: Option<usize>, message: String) -> Warning {
        Warning {
            path: path.to_path_buf(),
            line,
            message,
        }
    }
}

/// Always one line: the path and the message are escaped with [`escape_line`].
impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: ", shown_path(&self.path), line)?,
            None => write!(f, "{}: ", shown_path(&self.path))?,
        }
        f.write_str(&escape_line(&self.message))
    }
}

/// A path as messages show it: lossy UTF-8, escaped to one line.
pub fn shown_path(path: &Path) -> String {
    escape_line(&path.to_string_lossy())
}

/// True for the characters [`escape_line`] escapes: control characters (C0, DEL, C1), the
/// Unicode line and paragraph separators, and the bidirectional controls that can make a
/// line read differently from what it holds.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// `text` as one line of plain text: `\n`, `\r` and `\t` written as those two characters,
/// every other character of [`is_unsafe_char`] as `\u{…}`, and a backslash that starts such
/// an escape doubled, so the output is unambiguous. Text without them comes back unchanged.
pub fn escape_line(text: &str) -> String {
    if !text.chars().any(is_unsafe_char) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\\' => out.push_str("\\\\"),
            c if is_unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_line_keeps_one_line() {
        assert_eq!(escape_line("plain/path.md"), "plain/path.md");
        assert_eq!(escape_line("C:\\docs\\a.md"), "C:\\docs\\a.md");
        assert_eq!(
            escape_line("X\ncargo:rustc-env=OUT_DIR=.."),
            "X\\ncargo:rustc-env=OUT_DIR=.."
        );
        assert_eq!(escape_line("a\r\tb\u{0}\u{85}"), "a\\r\\tb\\u{0}\\u{85}");
        assert_eq!(escape_line("\u{2028}\u{202e}x"), "\\u{2028}\\u{202e}x");
        // Once something is escaped, backslashes are doubled: `\\n` cannot pass for `\n`.
        assert_eq!(escape_line("a\\n\n"), "a\\\\n\\n");
        assert_eq!(escape_line("été — 東京"), "été — 東京");
    }

    #[test]
    fn errors_and_warnings_show_one_line_per_part() {
        let path = Path::new("docs/x\ncargo:warning=owned.md");
        let warning = Warning::new(path, Some(3), "indexed by\nits title".into());
        let shown = warning.to_string();
        assert_eq!(shown.lines().count(), 1, "{shown}");
        assert_eq!(
            shown,
            "docs/x\\ncargo:warning=owned.md:3: indexed by\\nits title"
        );
        let err = CorpusError::new(path, None, "bad\rthing".into(), "fix\nit");
        let shown = err.to_string();
        assert_eq!(shown.lines().count(), 2, "{shown}");
        assert!(shown.starts_with("docs/x\\ncargo:warning=owned.md: bad\\rthing\n  fix: fix\\nit"));
    }

    proptest::proptest! {
        #[test]
        fn escaped_text_is_one_safe_line(text in "\\PC*|[\\x00-\\x1f\\x7f\\u{85}\\u{2028}a\\\\]{0,40}") {
            let escaped = escape_line(&text);
            proptest::prop_assert!(!escaped.chars().any(is_unsafe_char), "{escaped:?}");
            if !text.chars().any(is_unsafe_char) {
                proptest::prop_assert_eq!(escaped, text);
            }
        }
    }
}
