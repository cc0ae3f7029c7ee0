//! YAML front matter (Jekyll, Hugo, Eleventy): `key: value` pairs, lists, quoted and block
//! scalars, with the lenient retry for unquoted values YAML rejects (see `corpus`).

use std::path::Path;

use super::super::{error, CorpusError, Entry, Fields, Value};

pub(super) const YAML_FIX: &str =
    "write `key: value` lines (quote a value that starts with [ { \" ' @ or \
                        contains `: ` or ` #`), lists as `[a, b]` or indented `- a` lines, and \
                        close the block with `---`";

/// Re-parses of one front matter block for the lenient rule, after the first one-pass
/// rewrite: each re-parse reads the whole block, so they are bounded.
pub(super) const MAX_YAML_RETRIES: usize = 16;

/// How deep front matter may nest; deeper input could overflow the YAML parser's stack.
pub(super) const MAX_YAML_NESTING: usize = 64;

/// YAML front matter `block`, whose first line is line `first_line` of the file.
pub(super) fn yaml_fields(
    path: &Path,
    block: &str,
    first_line: usize,
) -> Result<Fields, CorpusError> {
    use yaml_rust2::parser::{MarkedEventReceiver, Parser};
    use yaml_rust2::scanner::{Marker, ScanError};
    use yaml_rust2::Event;

    let at = |yaml_line: usize| first_line + yaml_line.saturating_sub(1);
    if let Some(line) = too_deep(block) {
        return Err(error(
            path,
            Some(at(line)),
            format!("front matter nests lists or maps more than {MAX_YAML_NESTING} deep"),
            "keep front matter to `key: value` pairs and lists of values",
        ));
    }

    struct Events(Vec<(Event, usize)>);
    impl MarkedEventReceiver for Events {
        fn on_event(&mut self, ev: Event, mark: Marker) {
            self.0.push((ev, mark.line()));
        }
    }
    let parse = |text: &str| -> Result<Vec<(Event, usize)>, ScanError> {
        let mut events = Events(Vec::new());
        Parser::new_from_str(text).load(&mut events, true)?;
        Ok(events.0)
    };

    let mut text = block.to_owned();
    let mut first_error: Option<(ScanError, usize)> = None;
    let mut parses = 0;
    let events = loop {
        parses += 1;
        match parse(&text) {
            Ok(events) => break events,
            Err(e) => {
                let line = culprit_line(&text, &e);
                // The lenient rule: quote the unquoted `key: value` lines YAML rejects. The
                // first retry quotes every line that plain YAML always rejects, in one pass;
                // after it, each retry quotes the line of the next error, at most
                // MAX_YAML_RETRIES times, so a block costs a bounded number of parses.
                let retry = if first_error.is_none() {
                    quote_rejected_lines(&text).or_else(|| quote_plain_value(&text, line))
                } else if parses <= MAX_YAML_RETRIES {
                    quote_plain_value(&text, line)
                } else {
                    None
                };
                let (first, first_line) = first_error.get_or_insert((e, line));
                match retry {
                    Some(fixed) => text = fixed,
                    None => {
                        let info = first.info();
                        let message = if info.starts_with("simple key") {
                            format!(
                                "invalid YAML front matter: the line is not `key: value` \
                                 ({info})"
                            )
                        } else {
                            format!("invalid YAML front matter: {info}")
                        };
                        return Err(error(path, Some(at(*first_line)), message, YAML_FIX));
                    }
                }
            }
        }
    };

    let mut fields = Fields::new();
    let mut documents = 0;
    let mut i = 0;
    while let Some((event, line)) = events.get(i) {
        match event {
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(error(
                        path,
                        Some(at(*line)),
                        "front matter holds more than one YAML document".into(),
                        "remove the `...` line inside the front matter",
                    ));
                }
                i += 1;
            }
            Event::MappingStart(..) => i = yaml_map(path, &events, i + 1, &at, &mut fields)?,
            Event::Scalar(s, yaml_rust2::scanner::TScalarStyle::Plain, ..) if yaml_null(s) => {
                i += 1
            }
            Event::Scalar(..) | Event::SequenceStart(..) | Event::Alias(_) => {
                return Err(error(
                    path,
                    Some(at(*line)),
                    "front matter is not a list of `key: value` lines".into(),
                    YAML_FIX,
                ))
            }
            _ => i += 1,
        }
    }
    Ok(fields)
}

/// The line (1-based) of `text` that a YAML error is about. A key without its `:` is
/// reported where the scanner gave up, on a later line: it is the last line with content
/// before that.
pub(super) fn culprit_line(text: &str, e: &yaml_rust2::ScanError) -> usize {
    let line = e.marker().line();
    if !e.info().starts_with("simple key") {
        return line;
    }
    text.lines()
        .enumerate()
        .take(line.saturating_sub(1))
        .filter(|(_, l)| {
            let l = l.trim();
            !l.is_empty() && !l.starts_with('#')
        })
        .last()
        .map_or(line, |(i, _)| i + 1)
}

pub(super) fn yaml_null(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

/// The line (1-based) where `block` nests too deep for the YAML parser, if any: block
/// nesting needs a longer indentation (or more `- ` / `? ` marks) per level, flow nesting
/// one more bracket.
pub(super) fn too_deep(block: &str) -> Option<usize> {
    let mut flow: usize = 0;
    for (i, line) in block.lines().enumerate() {
        let prefix = line.len() - line.trim_start_matches([' ', '\t', '-', '?', ':']).len();
        if prefix > 2 * MAX_YAML_NESTING {
            return Some(i + 1);
        }
        for c in line.chars() {
            match c {
                '[' | '{' => flow += 1,
                ']' | '}' => flow = flow.saturating_sub(1),
                _ => {}
            }
            if flow > MAX_YAML_NESTING {
                return Some(i + 1);
            }
        }
    }
    None
}

/// Line `content` (without its line ending) rewritten as `key: 'value'` when it is `key:
/// value` with a plain key and an unquoted value; `None` when it is not such a line.
fn quoted_line(content: &str) -> Option<String> {
    let indent = content.len() - content.trim_start_matches(' ').len();
    let (key, value) = content[indent..].split_once(": ")?;
    let value = value.trim();
    let plain_key = !key.is_empty()
        && !key.starts_with(['-', '?', '#', '"', '\'', '[', '{', '&', '*', '!', '|', '>'])
        && !key.contains(char::is_whitespace);
    let plain_value = !value.is_empty()
        && !value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!', '#']);
    if !(plain_key && plain_value) {
        return None;
    }
    Some(format!(
        "{}{key}: '{}'",
        &content[..indent],
        value.replace('\'', "''")
    ))
}

/// `text` with line `line` (1-based) quoted by [`quoted_line`]; `None` when it is not such
/// a line.
pub(super) fn quote_plain_value(text: &str, line: usize) -> Option<String> {
    let (out, changed) = rewrite_lines(text, |i, content| {
        (i + 1 == line).then(|| quoted_line(content)).flatten()
    });
    (changed > 0).then_some(out)
}

/// `text` with every top-level `key: value` line that plain YAML always rejects quoted: a
/// value holding `: `, ending in `:`, or starting with `@` or a backtick (reserved). One
/// pass, so that front matter with many such lines costs two parses instead of one per line
/// (the per-line retry alone was quadratic). `None` when no line changes.
fn quote_rejected_lines(text: &str) -> Option<String> {
    let (out, changed) = rewrite_lines(text, |_, content| {
        if content.starts_with(' ') {
            return None;
        }
        let value = content.split_once(": ")?.1.trim();
        if value.contains(": ") || value.ends_with(':') || value.starts_with(['@', '`']) {
            quoted_line(content)
        } else {
            None
        }
    });
    (changed > 0).then_some(out)
}

/// `text` with each line for which `rewrite(index, content)` gives a new content replaced
/// (line endings kept), and how many were.
fn rewrite_lines(
    text: &str,
    mut rewrite: impl FnMut(usize, &str) -> Option<String>,
) -> (String, usize) {
    let mut out = String::with_capacity(text.len() + 8);
    let mut changed = 0;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let content = raw.trim_end_matches(['\n', '\r']);
        match rewrite(i, content) {
            Some(new) => {
                out.push_str(&new);
                out.push_str(&raw[content.len()..]);
                changed += 1;
            }
            None => out.push_str(raw),
        }
    }
    (out, changed)
}

/// Reads the pairs of a YAML mapping whose first event is `events[i]`, up to its end;
/// returns the index after the end.
pub(super) fn yaml_map(
    path: &Path,
    events: &[(yaml_rust2::Event, usize)],
    mut i: usize,
    at: &dyn Fn(usize) -> usize,
    fields: &mut Fields,
) -> Result<usize, CorpusError> {
    use yaml_rust2::Event;
    while let Some((event, line)) = events.get(i) {
        match event {
            Event::MappingEnd => return Ok(i + 1),
            Event::Scalar(key, ..) => {
                let (value, next) = yaml_value(path, events, i + 1, at)?;
                if let Some(first) = fields.get(key) {
                    let first = first
                        .line
                        .map_or(String::new(), |l| format!(" (first on line {l})"));
                    return Err(error(
                        path,
                        Some(at(*line)),
                        format!("front matter key \"{key}\" appears twice{first}"),
                        "keep one of the two lines (a list is written `key: [a, b]`)",
                    ));
                }
                fields.insert(
                    key.clone(),
                    Entry {
                        line: Some(at(*line)),
                        value,
                    },
                );
                i = next;
            }
            Event::Alias(_) => return Err(alias_error(path, at(*line))),
            _ => {
                return Err(error(
                    path,
                    Some(at(*line)),
                    "front matter key is a list or a map, not a word".into(),
                    "write each line as `key: value` with a plain key",
                ))
            }
        }
    }
    Ok(i)
}

pub(super) fn alias_error(path: &Path, line: usize) -> CorpusError {
    error(
        path,
        Some(line),
        "YAML aliases (`*name`) are not supported in front matter".into(),
        "write the value out instead of referring to an anchor",
    )
}

/// Reads the value starting at `events[i]`; returns it and the index after it.
pub(super) fn yaml_value(
    path: &Path,
    events: &[(yaml_rust2::Event, usize)],
    i: usize,
    at: &dyn Fn(usize) -> usize,
) -> Result<(Value, usize), CorpusError> {
    use yaml_rust2::scanner::TScalarStyle;
    use yaml_rust2::Event;
    let Some((event, line)) = events.get(i) else {
        return Ok((Value::Null, i));
    };
    match event {
        Event::Scalar(s, TScalarStyle::Plain, ..) if yaml_null(s) => Ok((Value::Null, i + 1)),
        Event::Scalar(s, ..) => Ok((Value::Text(s.clone()), i + 1)),
        Event::Alias(_) => Err(alias_error(path, at(*line))),
        Event::MappingStart(..) => Ok((Value::Nested, skip_node(events, i))),
        Event::SequenceStart(..) => {
            let mut items = Vec::new();
            let mut nested = false;
            let mut j = i + 1;
            while let Some((event, line)) = events.get(j) {
                match event {
                    Event::SequenceEnd => {
                        j += 1;
                        break;
                    }
                    Event::Scalar(s, TScalarStyle::Plain, ..) if yaml_null(s) => j += 1,
                    Event::Scalar(s, ..) => {
                        items.push(s.clone());
                        j += 1;
                    }
                    Event::Alias(_) => return Err(alias_error(path, at(*line))),
                    _ => {
                        nested = true;
                        j = skip_node(events, j);
                    }
                }
            }
            Ok((
                if nested {
                    Value::Nested
                } else {
                    Value::List(items)
                },
                j,
            ))
        }
        _ => Ok((Value::Null, i + 1)),
    }
}

/// The index after the node starting at `events[i]` (a scalar, or a whole list or map).
pub(super) fn skip_node(events: &[(yaml_rust2::Event, usize)], i: usize) -> usize {
    use yaml_rust2::Event;
    let mut depth = 0usize;
    let mut j = i;
    while let Some((event, _)) = events.get(j) {
        j += 1;
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => depth += 1,
            Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 {
            break;
        }
    }
    j
}
