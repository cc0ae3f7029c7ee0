//! Query: parses what a person types into a small AST. Syntax only: analysis and term lookup
//! happen in `search`, with the same analyzer the index was built with.
//!
//! | typed               | meaning                                                    |
//! |---------------------|------------------------------------------------------------|
//! | `word`              | the word (stemmed); documents with more query words rank first |
//! | `"a phrase"`        | the words next to each other, in order                    |
//! | `-word`, `-"a b"`   | exclude documents containing it                            |
//! | `a OR b`            | either word fills the same slot                            |
//! | `title:word`, `body:"a b"` | only in that field (field names are the index's)   |
//! | trailing `wor`      | the last word matches as a prefix while typing (no trailing space) |
//!
//! Nothing is an error: an unbalanced quote runs to the end, a lone `-` or `OR` at either end is
//! ignored, an unknown `field:` is plain text, control characters are spaces.
//!
//! The result respects the caps of `limits`: at most [`MAX_QUERY_WORDS`] words (a word past the
//! cap is dropped together with the `OR` alternatives attached to it), [`MAX_ALTERNATIVES`]
//! per slot, [`MAX_EXCLUSIONS`], and phrases of at most [`MAX_PHRASE_TERMS`] words.

pub use crate::limits::{
    MAX_ALTERNATIVES, MAX_EXCLUSIONS, MAX_PHRASE_TERMS, MAX_QUERY_BYTES, MAX_QUERY_WORDS,
};

/// What an atom matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AtomKind {
    /// A word; `prefix` when it is the last thing typed and may be unfinished.
    Word { prefix: bool },
    /// A quoted phrase.
    Phrase,
}

/// One word or phrase of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Atom {
    pub kind: AtomKind,
    /// The text as typed (without quotes, `-` or `field:`).
    pub text: String,
    /// `field:` restriction, lowercased.
    pub field: Option<String>,
    /// Byte range of `text` in the query (for "did you mean" rewriting).
    pub span: (usize, usize),
}

/// A slot of the query: one atom, or several joined by `OR`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub alternatives: Vec<Atom>,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub groups: Vec<Group>,
    pub excluded: Vec<Atom>,
}

#[derive(Debug)]
enum Lexeme {
    Atom { atom: Atom, negated: bool },
    Or,
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201c}' | '\u{201d}' | '\u{201e}')
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

/// Parses `input`. `fields` are the index's field names, for `field:` prefixes.
pub fn parse(input: &str, fields: &[&str]) -> Query {
    let mut end = input.len().min(MAX_QUERY_BYTES);
    while !input.is_char_boundary(end) {
        end -= 1;
    }
    let input = &input[..end];
    let lexemes = lex(input, fields);

    let mut query = Query::default();
    let mut pending_or = false;
    // `OR` joins only a word or phrase to the one before it (not to an exclusion).
    let mut after_positive = false;
    // The last positive atom was dropped at the slot cap: its alternatives go with it.
    let mut dropping = false;
    for lexeme in lexemes {
        match lexeme {
            Lexeme::Or => pending_or = after_positive,
            Lexeme::Atom {
                atom,
                negated: true,
            } => {
                if query.excluded.len() < MAX_EXCLUSIONS {
                    query.excluded.push(atom);
                }
                pending_or = false;
                after_positive = false;
            }
            Lexeme::Atom {
                atom,
                negated: false,
            } => {
                if pending_or {
                    if let Some(last) = query.groups.last_mut().filter(|_| !dropping) {
                        if last.alternatives.len() < MAX_ALTERNATIVES {
                            last.alternatives.push(atom);
                        }
                    }
                } else if query.groups.len() < MAX_QUERY_WORDS {
                    query.groups.push(Group {
                        alternatives: vec![atom],
                    });
                    dropping = false;
                } else {
                    dropping = true;
                }
                pending_or = false;
                after_positive = true;
            }
        }
    }
    query
}

/// The first `MAX_PHRASE_TERMS` words of a phrase's text (words: runs of non-space).
fn cap_phrase(text: &str) -> &str {
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if c == ' ' {
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
            if words > MAX_PHRASE_TERMS {
                return text[..i].trim_end();
            }
        }
    }
    text
}

fn lex(input: &str, fields: &[&str]) -> Vec<Lexeme> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = input.char_indices().collect();
    let byte_at = |k: usize| chars.get(k).map_or(input.len(), |&(i, _)| i);
    let mut k = 0;
    while k < chars.len() {
        if is_space(chars[k].1) {
            k += 1;
            continue;
        }
        let mut negated = false;
        if chars[k].1 == '-' {
            negated = true;
            k += 1;
            if k >= chars.len() || is_space(chars[k].1) {
                continue; // a lone '-'
            }
        }
        // field: prefix
        let mut field = None;
        let word_end = (k..chars.len())
            .find(|&j| is_space(chars[j].1) || is_quote(chars[j].1))
            .unwrap_or(chars.len());
        if let Some(colon) = (k..word_end).find(|&j| chars[j].1 == ':') {
            let name = &input[byte_at(k)..byte_at(colon)];
            if let Some(known) = fields.iter().find(|f| f.eq_ignore_ascii_case(name)) {
                field = Some(known.to_ascii_lowercase());
                k = colon + 1;
            }
        }
        if k < chars.len() && is_quote(chars[k].1) {
            let start = k + 1;
            let close = (start..chars.len())
                .find(|&j| is_quote(chars[j].1))
                .unwrap_or(chars.len());
            let (s, e) = (byte_at(start), byte_at(close));
            if !input[s..e].trim().is_empty() {
                let text = input[s..e].replace(is_space, " ");
                // Characters replaced by a space keep their byte length only when they are
                // one byte long; the span is cut to the kept words where that holds.
                let kept = cap_phrase(&text);
                let e = if kept.len() < text.len() && text.len() == e - s {
                    s + kept.len()
                } else {
                    e
                };
                out.push(Lexeme::Atom {
                    atom: Atom {
                        kind: AtomKind::Phrase,
                        text: kept.to_owned(),
                        field,
                        span: (s, e),
                    },
                    negated,
                });
            }
            k = close + 1;
            continue;
        }
        let end = (k..chars.len())
            .find(|&j| is_space(chars[j].1) || is_quote(chars[j].1))
            .unwrap_or(chars.len());
        let (s, e) = (byte_at(k), byte_at(end));
        let text = &input[s..e];
        k = end;
        if text.is_empty() {
            continue;
        }
        if text == "OR" && !negated && field.is_none() {
            out.push(Lexeme::Or);
            continue;
        }
        out.push(Lexeme::Atom {
            atom: Atom {
                kind: AtomKind::Word {
                    prefix: !negated && e == input.len(),
                },
                text: text.to_owned(),
                field,
                span: (s, e),
            },
            negated,
        });
    }
    // `OR` at the end joins nothing.
    while matches!(out.last(), Some(Lexeme::Or)) {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[&str] = &["title", "body"];

    fn words(q: &Query) -> Vec<Vec<String>> {
        q.groups
            .iter()
            .map(|g| g.alternatives.iter().map(|a| a.text.clone()).collect())
            .collect()
    }

    #[test]
    fn plain_words_last_is_prefix() {
        let q = parse("camp dav", FIELDS);
        assert_eq!(words(&q), [["camp"], ["dav"]]);
        assert_eq!(
            q.groups[0].alternatives[0].kind,
            AtomKind::Word { prefix: false }
        );
        assert_eq!(
            q.groups[1].alternatives[0].kind,
            AtomKind::Word { prefix: true }
        );
        let q = parse("camp david ", FIELDS);
        assert_eq!(
            q.groups[1].alternatives[0].kind,
            AtomKind::Word { prefix: false }
        );
    }

    #[test]
    fn phrases_exclusions_or_and_fields() {
        let q = parse(
            "\"extended deterrence\" korea -gaza OR chips title:camp -\"north korea\"",
            FIELDS,
        );
        assert_eq!(
            words(&q),
            vec![
                vec!["extended deterrence"],
                vec!["korea"],
                vec!["chips"],
                vec!["camp"]
            ]
        );
        assert_eq!(q.groups[0].alternatives[0].kind, AtomKind::Phrase);
        assert_eq!(
            q.excluded
                .iter()
                .map(|a| a.text.as_str())
                .collect::<Vec<_>>(),
            ["gaza", "north korea"]
        );
        assert_eq!(q.groups[3].alternatives[0].field.as_deref(), Some("title"));

        let q = parse("gaza OR israel summit", FIELDS);
        assert_eq!(words(&q), vec![vec!["gaza", "israel"], vec!["summit"]]);
        let q = parse("body:\"camp david\"", FIELDS);
        assert_eq!(q.groups[0].alternatives[0].field.as_deref(), Some("body"));
        assert_eq!(q.groups[0].alternatives[0].kind, AtomKind::Phrase);
    }

    #[test]
    fn malformed_input_is_tolerated() {
        assert_eq!(parse("", FIELDS), Query::default());
        assert_eq!(parse("   - OR  ", FIELDS), Query::default());
        assert_eq!(words(&parse("OR gaza OR", FIELDS)), [["gaza"]]);
        assert_eq!(
            words(&parse("\"unbalanced quote", FIELDS)),
            [["unbalanced quote"]]
        );
        assert_eq!(words(&parse("url:x", FIELDS)), [["url:x"]]);
        assert_eq!(words(&parse("a\u{0}b\tc", FIELDS)), [["a"], ["b"], ["c"]]);
        let long = "word ".repeat(5000);
        assert_eq!(parse(&long, FIELDS).groups.len(), MAX_QUERY_WORDS);
    }

    #[test]
    fn words_past_the_slot_cap_drop_with_their_alternatives() {
        // Regression: with a cap of 32, `w33` was dropped but `w34` joined slot 32 through
        // its `OR`.
        let (last, next) = (MAX_QUERY_WORDS, MAX_QUERY_WORDS + 1);
        let input = (1..=next)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ")
            + &format!(" OR w{} w{}", next + 1, next + 2);
        let q = parse(&input, FIELDS);
        assert_eq!(q.groups.len(), MAX_QUERY_WORDS);
        assert_eq!(words(&q)[MAX_QUERY_WORDS - 1], [format!("w{last}")]);
        // An `OR` after a kept slot still joins it.
        let input = (1..=last)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ")
            + " OR x";
        assert_eq!(
            words(&parse(&input, FIELDS))[MAX_QUERY_WORDS - 1],
            [format!("w{last}"), "x".to_owned()]
        );
    }

    #[test]
    fn alternatives_exclusions_and_phrases_are_capped() {
        let q = parse(&["the"; 600].join(" OR "), FIELDS);
        assert_eq!(q.groups.len(), 1);
        assert_eq!(q.groups[0].alternatives.len(), MAX_ALTERNATIVES);
        let q = parse(&format!("x {}", ["-the"; 600].join(" ")), FIELDS);
        assert_eq!(q.excluded.len(), MAX_EXCLUSIONS);
        let phrase = format!("\"{}\" next", ["the"; 1000].join(" "));
        let q = parse(&phrase, FIELDS);
        let text = &q.groups[0].alternatives[0].text;
        assert_eq!(text.split(' ').count(), MAX_PHRASE_TERMS);
        let span = q.groups[0].alternatives[0].span;
        assert_eq!(&phrase[span.0..span.1], text);
        assert_eq!(words(&q)[1], ["next"]);
        // An excluded phrase is capped the same way.
        let q = parse(&format!("element -\"{}\"", ["the"; 1000].join(" ")), FIELDS);
        assert_eq!(q.excluded[0].text.split(' ').count(), MAX_PHRASE_TERMS);
    }

    #[test]
    fn spans_point_at_the_text() {
        let input = "  -x title:\"Camp  David\" fo";
        let q = parse(input, FIELDS);
        for atom in q
            .groups
            .iter()
            .flat_map(|g| &g.alternatives)
            .chain(&q.excluded)
        {
            assert_eq!(&input[atom.span.0..atom.span.1], atom.text);
        }
    }

    proptest::proptest! {
        #[test]
        fn any_input_parses(input in "\\PC{0,120}") {
            let q = parse(&input, FIELDS);
            proptest::prop_assert!(q.groups.len() <= MAX_QUERY_WORDS);
            proptest::prop_assert!(q.excluded.len() <= MAX_EXCLUSIONS);
            for g in &q.groups {
                proptest::prop_assert!(!g.alternatives.is_empty() && g.alternatives.len() <= MAX_ALTERNATIVES);
            }
            for atom in q.groups.iter().flat_map(|g| &g.alternatives).chain(&q.excluded) {
                proptest::prop_assert!(!atom.text.is_empty());
                proptest::prop_assert!(atom.span.1 <= input.len());
            }
        }

        #[test]
        fn operators_and_quotes_never_panic(input in "[\"a-zA-Z :OR\\-\u{201c}\u{201d}\u{0}\n]{0,60}") {
            let _ = parse(&input, FIELDS);
        }

        #[test]
        fn the_ast_respects_the_caps(input in "(\"?[a-c]{1,2}\"? (OR |-)?){0,700}") {
            let q = parse(&input, FIELDS);
            proptest::prop_assert!(q.groups.len() <= MAX_QUERY_WORDS);
            proptest::prop_assert!(q.excluded.len() <= MAX_EXCLUSIONS);
            for atom in q.groups.iter().flat_map(|g| &g.alternatives).chain(&q.excluded) {
                proptest::prop_assert!(atom.text.split_whitespace().count() <= MAX_PHRASE_TERMS);
            }
            for g in &q.groups {
                proptest::prop_assert!(g.alternatives.len() <= MAX_ALTERNATIVES);
            }
        }
    }
}
