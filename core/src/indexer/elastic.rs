//! Reading elasticlunr-rs's index back: its `Index` has no public accessors, only `Serialize`,
//! so the builder reads its JSON. The JSON is read in one streaming pass that keeps only what
//! the cross-check needs (per term the raw frequency of each document and field, per document
//! each field's token count); no JSON tree is built. The tree (`serde_json::Value`) of MDN's
//! index was most of the build's peak memory: every trie node and posting became a map of
//! owned keys.
//!
//! The JSON's shape (elasticlunr-rs 3.1, as elasticlunr.js writes it):
//!
//! ```text
//! { "index": { FIELD: { "root": NODE } … },
//!   "documentStore": { "docInfo": { DOC: { FIELD: token count } … } … } … }
//! NODE = { "docs": { DOC: { "tf": √count } … }, "df": n, CHAR: NODE … }
//! ```
//!
//! A node's children are keyed by one character each, so they never collide with `docs` or
//! `df`. The trie is as deep as the longest term in characters (words are capped at
//! `analysis::MAX_WORD_BYTES`), well within serde_json's nesting limit.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;

use super::BuildError;

/// Per term, sorted: (doc ordinal, field ordinal, raw term frequency).
pub(super) type TermFrequencies = BTreeMap<String, Vec<(u32, u8, u32)>>;

/// What the index holds for the cross-check: per term its postings (sorted by doc and
/// field), and per document and field the token count (doc-major, `doc_count × fields`).
pub(super) fn read_index(
    json: &str,
    doc_count: usize,
    fields: &[&str],
) -> Result<(TermFrequencies, Vec<u32>), BuildError> {
    let mut state = State {
        fields,
        doc_count,
        terms: TermFrequencies::new(),
        norms: vec![0; doc_count * fields.len()],
        prefix: String::new(),
        indexed: vec![false; fields.len()],
        doc_info: false,
    };
    let internal =
        |e: serde_json::Error| BuildError::Internal(format!("elasticlunr JSON did not parse: {e}"));
    let mut de = serde_json::Deserializer::from_str(json);
    Top(&mut state).deserialize(&mut de).map_err(internal)?;
    de.end().map_err(internal)?;
    if let Some(f) = state.indexed.iter().position(|seen| !seen) {
        return Err(BuildError::Internal(format!(
            "no elasticlunr index for {}",
            fields[f]
        )));
    }
    if !state.doc_info {
        return Err(BuildError::Internal(
            "elasticlunr JSON has no docInfo".into(),
        ));
    }
    let mut terms = state.terms;
    for postings in terms.values_mut() {
        postings.sort_unstable();
    }
    Ok((terms, state.norms))
}

struct State<'f> {
    fields: &'f [&'f str],
    doc_count: usize,
    terms: TermFrequencies,
    norms: Vec<u32>,
    /// The term of the trie node being read.
    prefix: String,
    /// Which fields had an inverted index.
    indexed: Vec<bool>,
    doc_info: bool,
}

impl State<'_> {
    fn field(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| *f == name)
    }
}

/// A seed that hands a string (a map key) to a function, borrowed or not, without keeping it.
struct WithStr<F>(F);

impl<'de, R, F: FnOnce(&str) -> R> DeserializeSeed<'de> for WithStr<F> {
    type Value = R;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<R, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, R, F: FnOnce(&str) -> R> Visitor<'de> for WithStr<F> {
    type Value = R;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<R, E> {
        Ok((self.0)(v))
    }
}

fn doc_ref<E: de::Error>(key: Option<Result<u32, String>>) -> Result<Option<u32>, E> {
    key.transpose()
        .map_err(|k| E::custom(format!("bad doc ref {k}")))
}

fn parse_doc(k: &str) -> Result<u32, String> {
    k.parse().map_err(|_| k.to_owned())
}

/// Declares a seed struct `$name` with the given fields that reads one JSON object, with
/// `$body` as its `visit_map` (the visitor boilerplate, once).
macro_rules! map_seed {
    ($name:ident<$($l:lifetime),*> { $($field:ident: $ty:ty),* } |$self:ident, $map:ident| $body:block) => {
        struct $name<$($l),*> { $($field: $ty),* }
        impl<'de, $($l),*> DeserializeSeed<'de> for $name<$($l),*> {
            type Value = ();
            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
                d.deserialize_map(self)
            }
        }
        impl<'de, $($l),*> Visitor<'de> for $name<$($l),*> {
            type Value = ();
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(stringify!($name))
            }
            fn visit_map<A: MapAccess<'de>>($self, mut $map: A) -> Result<(), A::Error> $body
        }
    };
}

/// The whole index: only `index` and `documentStore` are read.
struct Top<'s, 'f>(&'s mut State<'f>);

impl<'de> DeserializeSeed<'de> for Top<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an elasticlunr index")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let state = self.0;
        while let Some(key) = map.next_key_seed(WithStr(|k: &str| k.to_owned()))? {
            match key.as_str() {
                "index" => map.next_value_seed(Fields { state: &mut *state })?,
                "documentStore" => map.next_value_seed(Store { state: &mut *state })?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

map_seed!(Fields<'s, 'f> { state: &'s mut State<'f> } |self, map| {
    let state = self.state;
    while let Some(field) = map.next_key_seed(WithStr(|k: &str| state.field(k)))? {
        match field {
            Some(f) => {
                state.indexed[f] = true;
                map.next_value_seed(Root { state: &mut *state, field: f as u8 })?;
            }
            None => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    Ok(())
});

map_seed!(Root<'s, 'f> { state: &'s mut State<'f>, field: u8 } |self, map| {
    let state = self.state;
    while let Some(root) = map.next_key_seed(WithStr(|k: &str| k == "root"))? {
        if root {
            state.prefix.clear();
            map.next_value_seed(Node { state: &mut *state, field: self.field })?;
        } else {
            map.next_value::<IgnoredAny>()?;
        }
    }
    Ok(())
});

/// A key of a trie node.
enum NodeKey {
    Docs,
    Child(char),
    Other,
}

impl NodeKey {
    fn of(key: &str) -> NodeKey {
        let mut chars = key.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => NodeKey::Child(c),
            _ if key == "docs" => NodeKey::Docs,
            _ => NodeKey::Other,
        }
    }
}

map_seed!(Node<'s, 'f> { state: &'s mut State<'f>, field: u8 } |self, map| {
    let state = self.state;
    while let Some(key) = map.next_key_seed(WithStr(NodeKey::of))? {
        match key {
            NodeKey::Docs => map.next_value_seed(Docs { state: &mut *state, field: self.field })?,
            NodeKey::Child(c) => {
                state.prefix.push(c);
                map.next_value_seed(Node { state: &mut *state, field: self.field })?;
                state.prefix.pop();
            }
            NodeKey::Other => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    Ok(())
});

/// `{"tf": √count}`.
#[derive(Deserialize)]
struct Tf {
    tf: f64,
}

map_seed!(Docs<'s, 'f> { state: &'s mut State<'f>, field: u8 } |self, map| {
    let state = self.state;
    let mut postings = Vec::new();
    while let Some(doc) = doc_ref(map.next_key_seed(WithStr(parse_doc))?)? {
        let Tf { tf } = map.next_value()?;
        // elasticlunr stores sqrt(raw count).
        postings.push((doc, self.field, (tf * tf).round() as u32));
    }
    if !postings.is_empty() {
        match state.terms.get_mut(state.prefix.as_str()) {
            Some(list) => list.extend(postings),
            None => {
                state.terms.insert(state.prefix.clone(), postings);
            }
        }
    }
    Ok(())
});

map_seed!(Store<'s, 'f> { state: &'s mut State<'f> } |self, map| {
    let state = self.state;
    while let Some(info) = map.next_key_seed(WithStr(|k: &str| k == "docInfo"))? {
        if info {
            state.doc_info = true;
            map.next_value_seed(DocInfo { state: &mut *state })?;
        } else {
            map.next_value::<IgnoredAny>()?;
        }
    }
    Ok(())
});

map_seed!(DocInfo<'s, 'f> { state: &'s mut State<'f> } |self, map| {
    let state = self.state;
    while let Some(doc) = doc_ref(map.next_key_seed(WithStr(parse_doc))?)? {
        let doc = doc as usize;
        if doc >= state.doc_count {
            return Err(de::Error::custom(format!("doc ref {doc} out of range")));
        }
        map.next_value_seed(Lengths { state: &mut *state, doc })?;
    }
    Ok(())
});

map_seed!(Lengths<'s, 'f> { state: &'s mut State<'f>, doc: usize } |self, map| {
    let state = self.state;
    while let Some(field) = map.next_key_seed(WithStr(|k: &str| state.field(k)))? {
        let length: u64 = map.next_value()?;
        if let Some(f) = field {
            state.norms[self.doc * state.fields.len() + f] = length as u32;
        }
    }
    Ok(())
});

#[cfg(test)]
mod tests {
    use super::*;

    const JSON: &str = r#"{"fields":["title","body"],"index":{
        "title":{"root":{"docs":{},"df":0,"a":{"docs":{},"df":0,"b":{"docs":{"1":{"tf":1.0}},"df":1}}}},
        "body":{"root":{"docs":{},"df":0,"a":{"docs":{"0":{"tf":1.4142135623730951},"1":{"tf":1.0}},"df":2,
            "\u00e9":{"docs":{"0":{"tf":1.7320508075688772}},"df":1}}}}},
        "documentStore":{"save":false,"docs":{"0":{},"1":{}},"docInfo":{"0":{"title":0,"body":5},"1":{"title":1,"body":1}},"length":2},
        "lang":"x"}"#;

    #[test]
    fn reads_terms_and_lengths_of_every_field() {
        let (terms, norms) = read_index(JSON, 2, &["title", "body"]).unwrap();
        let expected: TermFrequencies = [
            ("a", vec![(0, 1, 2), (1, 1, 1)]),
            ("ab", vec![(1, 0, 1)]),
            ("aé", vec![(0, 1, 3)]),
        ]
        .into_iter()
        .map(|(t, p)| (t.to_owned(), p))
        .collect();
        assert_eq!(terms, expected);
        assert_eq!(norms, [0, 5, 1, 1]);
    }

    #[test]
    fn a_missing_part_is_an_internal_error() {
        let e = read_index(JSON, 2, &["title", "body", "tags"]).unwrap_err();
        assert!(
            e.to_string().contains("no elasticlunr index for tags"),
            "{e}"
        );
        let e = read_index(JSON, 1, &["title", "body"]).unwrap_err();
        assert!(e.to_string().contains("out of range"), "{e}");
        let e = read_index(r#"{"index":{}}"#, 0, &[]).unwrap_err();
        assert!(e.to_string().contains("no docInfo"), "{e}");
        let e = read_index(
            &JSON.replace("\"1\":{\"tf\"", "\"x\":{\"tf\""),
            2,
            &["title", "body"],
        )
        .unwrap_err();
        assert!(e.to_string().contains("bad doc ref x"), "{e}");
        assert!(read_index(&JSON[..JSON.len() - 3], 2, &["title", "body"]).is_err());
    }
}
