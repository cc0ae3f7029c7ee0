//! Discovery: the corpus folder's files, and each file's text and id.
//!
//! The corpus is untrusted (many authors commit to it), so the walk
//! - refuses a path with a control character (see [`check_path`]): the build script prints
//!   paths, and a line break in one would be a second line that cargo obeys;
//! - follows a symbolic link only when its target is inside the corpus folder (a committed
//!   `env.txt -> /proc/self/environ` would otherwise put the build's environment in the
//!   index): a link that leaves it, dangles or loops is skipped with one warning;
//! - reads every folder and file once: folders are recognised by their canonical path, so
//!   `loop -> .` or two names for one folder add nothing, and a link that resolves in a loop
//!   (`a -> b`, `b -> a`) fails to resolve instead of hanging the build. Real paths are
//!   walked before links, so a document keeps its real path as its id;
//! - keeps only regular files (a named pipe would block the read forever);
//! - checks a file's size before reading it (see `Limits`).

use std::collections::{HashSet, VecDeque};
use std::io::Read;
use std::path::{Path, PathBuf};

use super::{error, CorpusError, Limits, Warning};
use crate::indexer::error::is_unsafe_char;

/// The files found below a corpus folder (unsorted), and what was skipped on the way.
#[derive(Debug, Default)]
pub(super) struct Walk {
    pub files: Vec<PathBuf>,
    pub warnings: Vec<Warning>,
}

/// Fails when `path` has a character that [`escape_line`](crate::indexer::error::escape_line)
/// would escape: a control character, a line separator or a bidirectional control.
pub(crate) fn check_path(path: &Path) -> Result<(), CorpusError> {
    let text = path.to_string_lossy();
    match text.chars().find(|&c| is_unsafe_char(c)) {
        None => Ok(()),
        Some(c) => Err(error(
            path,
            None,
            format!(
                "the path contains the control character U+{:04X} (shown escaped)",
                c as u32
            ),
            "rename the file or folder without line breaks, tabs or other control characters: \
             the build prints paths, and a line break in one could inject build instructions",
        )),
    }
}

fn read_dir_error(dir: &Path, e: std::io::Error) -> CorpusError {
    error(
        dir,
        None,
        format!("cannot read folder: {e}"),
        "check the path and its permissions",
    )
}

/// `std::fs::canonicalize`. WASI preview 1 has no realpath (std returns "unsupported"), so
/// there the path is resolved one component at a time with `read_link`, at most 40 links
/// deep as on Linux. A link leaving the preopened folders cannot be resolved there: it is
/// skipped as "cannot be followed" instead of "points outside the corpus folder".
#[cfg(not(target_os = "wasi"))]
fn real_path(path: &Path) -> std::io::Result<PathBuf> {
    std::fs::canonicalize(path)
}

#[cfg(target_os = "wasi")]
fn real_path(path: &Path) -> std::io::Result<PathBuf> {
    use std::path::Component;
    if !path.is_absolute() {
        return Err(std::io::Error::other(
            "a relative path under WASI (pass an absolute one)",
        ));
    }
    let mut pending: Vec<PathBuf> = Vec::new();
    let push = |pending: &mut Vec<PathBuf>, p: &Path| {
        for c in p.components().rev() {
            pending.push(c.as_os_str().into());
        }
    };
    push(&mut pending, path);
    let mut out = PathBuf::from("/");
    let mut links = 0;
    while let Some(part) = pending.pop() {
        match part.components().next() {
            Some(Component::RootDir) => out = PathBuf::from("/"),
            Some(Component::ParentDir) => {
                out.pop();
            }
            Some(Component::Normal(name)) => {
                let next = out.join(name);
                if std::fs::symlink_metadata(&next)?.file_type().is_symlink() {
                    links += 1;
                    if links > 40 {
                        return Err(std::io::Error::other("too many levels of symbolic links"));
                    }
                    push(&mut pending, &std::fs::read_link(&next)?);
                } else {
                    out = next;
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Every regular file below `root` that is not a dot-file, as [`Walk`] says.
pub(super) fn collect_files(root: &Path) -> Result<Walk, CorpusError> {
    check_path(root)?;
    let root_real = real_path(root).map_err(|e| read_dir_error(root, e))?;
    let mut walk = Walk::default();
    let mut seen_dirs: HashSet<PathBuf> = HashSet::new();
    let mut seen_files: HashSet<PathBuf> = HashSet::new();
    // Folders to read: (the path as the corpus names it, its canonical path).
    let mut dirs: Vec<(PathBuf, PathBuf)> = vec![(root.to_path_buf(), root_real.clone())];
    seen_dirs.insert(root_real.clone());
    // Links, followed once every real path is known.
    let mut links: VecDeque<PathBuf> = VecDeque::new();
    loop {
        while let Some((dir, real)) = dirs.pop() {
            let mut entries = Vec::new();
            for entry in std::fs::read_dir(&dir).map_err(|e| read_dir_error(&dir, e))? {
                let entry = entry.map_err(|e| read_dir_error(&dir, e))?;
                entries.push(entry);
            }
            entries.sort_by_key(|e| e.file_name());
            for entry in entries {
                let name = entry.file_name();
                if name.to_string_lossy().starts_with('.') {
                    continue;
                }
                check_path(Path::new(&name)).map_err(|e| CorpusError {
                    path: entry.path(),
                    ..e
                })?;
                let kind = entry.file_type().map_err(|e| read_dir_error(&dir, e))?;
                let path = entry.path();
                if kind.is_symlink() {
                    links.push_back(path);
                } else if kind.is_dir() {
                    let real = real.join(&name);
                    if seen_dirs.insert(real.clone()) {
                        dirs.push((path, real));
                    }
                } else if kind.is_file() {
                    if seen_files.insert(real.join(&name)) {
                        walk.files.push(path);
                    }
                } else {
                    walk.warnings.push(Warning::new(
                        &path,
                        None,
                        "not a regular file (a pipe, socket or device), skipped".into(),
                    ));
                }
            }
        }
        let Some(link) = links.pop_front() else {
            break;
        };
        let skip = |why: &str| Warning::new(&link, None, format!("symbolic link {why}, skipped"));
        let target = match real_path(&link) {
            Ok(target) => target,
            Err(e) => {
                walk.warnings
                    .push(skip(&format!("cannot be followed ({e})")));
                continue;
            }
        };
        if !target.starts_with(&root_real) {
            walk.warnings.push(skip("points outside the corpus folder"));
            continue;
        }
        match std::fs::metadata(&target) {
            Ok(meta) if meta.is_dir() => {
                if seen_dirs.insert(target.clone()) {
                    dirs.push((link, target));
                } else {
                    walk.warnings.push(skip(
                        "leads to a folder that is already indexed (a loop, or a second name)",
                    ));
                }
            }
            Ok(meta) if meta.is_file() => {
                if seen_files.insert(target) {
                    walk.files.push(link);
                } else {
                    walk.warnings
                        .push(skip("leads to a file that is already indexed"));
                }
            }
            Ok(_) => walk
                .warnings
                .push(skip("leads to a pipe, socket or device")),
            Err(e) => walk
                .warnings
                .push(skip(&format!("cannot be followed ({e})"))),
        }
    }
    Ok(walk)
}

/// Reads `path` as UTF-8 text, after checking its size against `limits`.
pub(super) fn read_utf8(path: &Path, limits: &Limits) -> Result<String, CorpusError> {
    let cannot_read = |e: std::io::Error| {
        error(
            path,
            None,
            format!("cannot read file: {e}"),
            "check that the file exists and is readable",
        )
    };
    // The size comes from the open file and the read stops past the limit, so a file that
    // grows between the two is still bounded.
    let file = std::fs::File::open(path).map_err(cannot_read)?;
    let size = file.metadata().map_err(cannot_read)?.len();
    let too_large = |size: u64| {
        error(
            path,
            None,
            format!(
                "the file is {size} bytes, over the limit of {} per file",
                Limits::shown(limits.max_file_bytes)
            ),
            "split it into smaller files (a JSONL file can be split at any line); the limit \
             keeps the build's memory bounded (it needs about 55 bytes per byte of text)",
        )
    };
    if size > limits.max_file_bytes {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limits.max_file_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(too_large(bytes.len() as u64));
    }
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
