//! Front matter: YAML between `---` lines, TOML between `+++` lines, read into [`Fields`].

use std::collections::BTreeMap;
use std::path::Path;

use super::{error, line_at, CorpusError, Entry, Fields, Value};

/// Splits front matter from a Markdown or text file: its fields, the body (verbatim after
/// the closing line) and the body's first line.
pub(super) fn split_front_matter<'c>(
    path: &Path,
    content: &'c str,
) -> Result<(Fields, &'c str, usize), CorpusError> {
    let first_end = content.find('\n').map_or(content.len(), |i| i + 1);
    let delimiter = content[..first_end].trim_end();
    if delimiter != "---" && delimiter != "+++" {
        return Ok((Fields::new(), content, 1));
    }
    let mut offset = first_end;
    for (i, raw) in content[first_end..].split_inclusive('\n').enumerate() {
        // The closing line is line i + 2 of the file; the body starts on the next one.
        let line_no = i + 2;
        if raw.trim_end() == delimiter {
            let block = &content[first_end..offset];
            let fields = if delimiter == "---" {
                yaml_fields(path, block, 2)?
            } else {
                toml_fields(path, block, 2)?
            };
            return Ok((fields, &content[offset + raw.len()..], line_no + 1));
        }
        offset += raw.len();
    }
    let (kind, example) = if delimiter == "---" {
        ("YAML", "title: My page")
    } else {
        ("TOML", "title = \"My page\"")
    };
    Err(error(
        path,
        Some(1),
        format!("{kind} front matter opened with `{delimiter}` is never closed"),
        &format!(
            "end the front matter with a line containing only `{delimiter}`, e.g. \
             {delimiter} / {example} / {delimiter}"
        ),
    ))
}

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

/// TOML front matter `block`, whose first line is line `first_line` of the file.
pub(super) fn toml_fields(
    path: &Path,
    block: &str,
    first_line: usize,
) -> Result<Fields, CorpusError> {
    let at = |offset: usize| first_line + line_at(block, offset) - 1;
    let table: BTreeMap<String, toml::Spanned<toml::Value>> =
        toml::from_str(block).map_err(|e| {
            error(
                path,
                Some(e.span().map_or(first_line, |s| at(s.start))),
                format!("invalid TOML front matter: {}", e.message().trim()),
                "write `key = value` lines: text in quotes (title = \"My page\"), lists as \
                 [\"a\", \"b\"], dates bare (date = 2023-11-09); close the block with `+++`",
            )
        })?;
    let mut fields = Fields::new();
    for (key, spanned) in table {
        let line = Some(at(spanned.span().start));
        let value = match spanned.into_inner() {
            toml::Value::Array(items) => {
                let mut list = Vec::new();
                let mut nested = false;
                for item in items {
                    match toml_scalar(item) {
                        Some(text) => list.push(text),
                        None => nested = true,
                    }
                }
                if nested {
                    Value::Nested
                } else {
                    Value::List(list)
                }
            }
            scalar => toml_scalar(scalar).map_or(Value::Nested, Value::Text),
        };
        fields.insert(key, Entry { line, value });
    }
    Ok(fields)
}

pub(super) fn toml_scalar(value: toml::Value) -> Option<String> {
    match value {
        toml::Value::String(s) => Some(s),
        toml::Value::Integer(n) => Some(n.to_string()),
        toml::Value::Float(f) => Some(f.to_string()),
        toml::Value::Boolean(b) => Some(b.to_string()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        toml::Value::Array(_) | toml::Value::Table(_) => None,
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::indexer::config::{Format, BUILT_IN_FIELDS};
    use crate::indexer::corpus::test_support::*;

    #[test]
    fn front_matter_fields_and_verbatim_body() {
        let doc =
            md("---\ntitle: \"Camp David\"\ndate: 2023-11-09\nsource: Yonhap\n---\n Body: text\n")
                .unwrap();
        assert_eq!(doc.id, "a");
        assert_eq!(doc.title, "Camp David");
        assert_eq!(doc.date.as_deref(), Some("2023-11-09"));
        assert_eq!(doc.field_values("source"), ["Yonhap"]);
        assert_eq!(doc.text, " Body: text\n");
    }

    #[test]
    fn yaml_lists_scalars_and_blocks() {
        let doc = md(
            "---\r\nid: 007\ntags: [nuclear, alliance]\nauthors:\n  - Kim\n  - 'Lee'\n\
                      score: 1.50\ndraft: false\nempty:\nnone: ~\nsummary: |\n  Two\n  lines\n\
                      ---\r\nbody\r\n",
        )
        .unwrap();
        assert_eq!(doc.id, "007");
        assert_eq!(doc.field_values("tags"), ["nuclear", "alliance"]);
        assert_eq!(doc.field_values("authors"), ["Kim", "Lee"]);
        assert_eq!(doc.field_values("score"), ["1.50"]);
        assert_eq!(doc.field_values("draft"), ["false"]);
        assert_eq!(doc.field_values("summary"), ["Two\nlines"]);
        assert!(!doc.meta.contains_key("empty") && !doc.meta.contains_key("none"));
        assert_eq!(doc.text, "body\r\n");
    }

    #[test]
    fn lenient_second_colon_and_at_sign() {
        let doc =
            md("---\ntitle: South Korea: a story\nauthor: @ana\ntags: [a]\n---\nx\n").unwrap();
        assert_eq!(doc.title, "South Korea: a story");
        assert_eq!(doc.field_values("author"), ["@ana"]);
        assert_eq!(doc.field_values("tags"), ["a"]);
        let doc = md("---\ntitle: it's: fine\n---\nx\n").unwrap();
        assert_eq!(doc.title, "it's: fine");
    }

    #[test]
    fn toml_front_matter() {
        let doc = md(
            "+++\ntitle = \"Hugo page\"\ndate = 2023-11-09T10:00:00+09:00\n\
                      tags = [\"go\", \"static\"]\nweight = 3\n[params]\nx = 1\n+++\n# H\nbody\n",
        )
        .unwrap();
        assert_eq!(doc.title, "Hugo page");
        assert_eq!(doc.date.as_deref(), Some("2023-11-09T10:00:00+09:00"));
        assert_eq!(doc.field_values("tags"), ["go", "static"]);
        assert_eq!(doc.field_values("weight"), ["3"]);
        assert!(!doc.meta.contains_key("params"));
        assert_eq!(doc.text, "# H\nbody\n");
        let err = md("+++\ntitle = \"x\"\n\ndate = nope\n+++\nbody\n").unwrap_err();
        assert_eq!(err.line, Some(4), "{err}");
        assert!(err.message.contains("invalid TOML"), "{err}");
        let err = md("+++\ntitle = \"x\"\n").unwrap_err();
        assert!(err.message.contains("never closed"), "{err}");
    }

    #[test]
    fn broken_front_matter_names_the_line() {
        let err = md("---\ntitle: x\nnot a pair\n---\nbody").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.to_string().contains("docs/a.md:3"), "{err}");
        let err = md("---\ntitle: x\n").unwrap_err();
        assert!(err.message.contains("never closed"), "{err}");
        let err = md("---\ntitle: x\ntags: [a, b\n---\nbody").unwrap_err();
        assert!(err.message.contains("invalid YAML"), "{err}");
        let err = md("---\ntitle: x\ntitle: y\n---\nbody").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(
            err.message.contains("appears twice (first on line 2)"),
            "{err}"
        );
        let err = md("---\n- a\n- b\n---\nbody").unwrap_err();
        assert!(err.message.contains("not a list of `key: value`"), "{err}");
        let err = md("---\na: &x 1\nb: *x\n---\nbody").unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        let deep = format!("---\nx: {}\n---\nbody", "[".repeat(100));
        assert!(md(&deep).unwrap_err().message.contains("deep"));
        let deep = format!("---\nx:\n{}a\n---\nbody", "- ".repeat(200));
        assert!(md(&deep).unwrap_err().message.contains("deep"));
        // At the limit, the parser's recursion still fits a test thread's stack.
        let limit = MAX_YAML_NESTING;
        let flow = format!(
            "---\nx: {}{}\n---\nbody",
            "[".repeat(limit),
            "]".repeat(limit)
        );
        assert!(md(&flow).unwrap().meta.is_empty());
        let block = format!("---\nx:\n{}a\n---\nbody", "- ".repeat(limit));
        assert!(md(&block).unwrap().meta.is_empty());
    }

    /// One re-parse per lenient line made front matter quadratic; the lines plain YAML
    /// always rejects are now quoted in one pass. 2,000 of them parse with every value
    /// kept, which the bounded per-line retries (MAX_YAML_RETRIES) alone could not do.
    #[test]
    fn many_lenient_lines_parse_in_one_pass() {
        let mut text = String::from("---\n");
        for i in 0..2000 {
            text.push_str(&format!("k{i}: part {i}: more\n"));
        }
        text.push_str("at: @ana\ntick: `x`\nends: Note:\n---\nbody\n");
        let doc = md(&text).unwrap();
        assert_eq!(doc.meta.len(), 2003);
        assert_eq!(doc.field_values("k1999"), ["part 1999: more"]);
        assert_eq!(doc.field_values("at"), ["@ana"]);
        assert_eq!(doc.field_values("tick"), ["`x`"]);
        assert_eq!(doc.field_values("ends"), ["Note:"]);
        // Lines the one pass does not cover still get their retry, up to the bound.
        let nested = |n: usize| {
            let mut text = String::from("---\nparent:\n");
            for i in 0..n {
                text.push_str(&format!("  k{i}: x: y\n"));
            }
            text + "---\nbody\n"
        };
        assert!(md(&nested(2)).is_ok(), "{:?}", md(&nested(2)));
        let err = md(&nested(MAX_YAML_RETRIES + 2)).unwrap_err();
        assert!(err.message.contains("invalid YAML"), "{err}");
    }

    proptest::proptest! {
        #[test]
        fn front_matter_parser_never_panics(
            content in "(---\n|\\+\\+\\+\n)?[a-z0-9: \"'\n\\[\\]{},&*!|>#@?~=.\t-]{0,120}"
        ) {
            let _ = md(&content);
        }

        #[test]
        fn yaml_block_never_panics(block in "\\PC{0,80}|[ :\\[\\]{}\\-?,\"'&*!|>#\n\ta-c]{0,80}") {
            let _ = yaml_fields(Path::new("a.md"), &block, 2);
        }

        #[test]
        fn toml_block_never_panics(block in "\\PC{0,80}|[ =\\[\\]{},\"'.\n#a-c0-9:T-]{0,80}") {
            let _ = toml_fields(Path::new("a.md"), &block, 2);
        }

        #[test]
        fn simple_key_values_round_trip(
            pairs in proptest::collection::btree_map("[a-z][a-z_]{0,8}", "[A-Za-z][A-Za-z0-9 ,.:@!?'-]{0,30}[A-Za-z0-9]", 1..6)
        ) {
            let mut text = String::from("---\n");
            for (k, v) in &pairs {
                text.push_str(&format!("{k}: {v}\n"));
            }
            text.push_str("---\nbody\n");
            let doc = doc_with(&config(""), &text, Format::Text);
            // Plain YAML may read `a #b` as a comment or `x: y` as invalid; what parses must
            // keep every key, and never panic.
            if let Ok(doc) = doc {
                for k in pairs.keys() {
                    let present = doc.meta.contains_key(k) || BUILT_IN_FIELDS.contains(&k.as_str());
                    proptest::prop_assert!(present, "{k} missing from {:?}", doc.meta);
                }
            }
        }
    }
}
