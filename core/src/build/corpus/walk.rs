//! Discovery: the corpus folder's files, in sorted order, and each file's text and id.

use std::path::{Path, PathBuf};

use super::{error, CorpusError};

pub(super) fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), CorpusError> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        error(
            dir,
            None,
            format!("cannot read folder: {e}"),
            "check the path and its permissions",
        )
    })?;
    for entry in entries {
        let entry = entry.map_err(|e| {
            error(
                dir,
                None,
                format!("cannot read folder entry: {e}"),
                "check the folder's permissions",
            )
        })?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

pub(super) fn read_utf8(path: &Path) -> Result<String, CorpusError> {
    let bytes = std::fs::read(path).map_err(|e| {
        error(
            path,
            None,
            format!("cannot read file: {e}"),
            "check that the file exists and is readable",
        )
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        error(
            path,
            Some(line),
            format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
            "save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)",
        )
    })
}

/// The file's path below `root` without its extension, `/`-separated.
pub(super) fn default_id(root: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(root).unwrap_or(file).with_extension("");
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        return file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
    }
    parts.join("/")
}
