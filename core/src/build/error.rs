//! The build's error for bad input: a file, a line and a fix. Both the configuration and
//! the corpus stages report through it, so neither imports the other for it.

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
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message)?,
            None => write!(f, "{}: {}", self.path.display(), self.message)?,
        }
        write!(f, "\n  fix: {}", self.fix)
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
