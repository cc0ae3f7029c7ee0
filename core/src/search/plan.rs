//! Planning: turns the parsed query into word slots of matchers (terms and phrases), merges
//! synonym runs, and collects what the later stages need: "did you mean" corrections and the
//! terms and phrases to highlight.

use super::{SearchOptions, Searcher};
use crate::analysis::Token;
use crate::limits::{MAX_GROUPS, MAX_PHRASE_TERMS, MAX_QUERY_WORDS};
use crate::query::{self, AtomKind, Query};
use crate::read::TermInfo;
use crate::sort::sort_by;

/// A dictionary term selected for a query word, with its match weight.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct WeightedTerm {
    pub(super) term: String,
    pub(super) info: TermInfo,
    pub(super) weight: f32,
    /// The document frequency its idf is computed from: its own, or for completions that of
    /// the typed prefix (see `expand`).
    pub(super) df: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Matcher {
    /// Any of the terms (best one per document counts).
    Terms {
        terms: Vec<WeightedTerm>,
        fields: u8,
    },
    /// All terms at the given relative positions.
    Phrase {
        terms: Vec<(u32, WeightedTerm)>,
        fields: u8,
    },
}

/// One word slot of the query; a document scores the best of its matchers.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Slot {
    pub(super) matchers: Vec<Matcher>,
    /// A stop word: scored, but not needed for coordination.
    pub(super) optional: bool,
    /// The analyzed term of a plain word typed in full (no field, not a completion): what
    /// synonyms match against.
    pub(super) exact: Option<String>,
    /// How many times the slot counts (a repeated word of pasted text, `select`).
    pub(super) weight: f32,
    /// Whether the slot's words came right after the previous slot's in the query (false
    /// when `select` dropped the words between): only then do they earn the proximity bonus.
    pub(super) follows: bool,
}

/// A query word (and its identifier parts) after analysis.
pub(super) struct Unit<'t> {
    pub(super) whole: &'t Token,
    pub(super) parts: Vec<&'t Token>,
}

pub(super) fn units(tokens: &[Token]) -> Vec<Unit<'_>> {
    let mut out: Vec<Unit<'_>> = Vec::new();
    for t in tokens {
        match out.last_mut() {
            Some(u) if t.part => u.parts.push(t),
            _ => out.push(Unit {
                whole: t,
                parts: Vec::new(),
            }),
        }
    }
    out
}

/// Builds the slots of one query, collecting corrections and highlights as it goes.
pub(super) struct Planner<'s, 'a> {
    searcher: &'s Searcher<'a>,
    /// "Did you mean" corrections: byte span of the typed word → the corrected word.
    pub(super) corrections: Vec<((usize, usize), String)>,
    /// Terms to highlight in snippets and titles.
    pub(super) highlight_terms: Vec<String>,
    /// Phrases (term sequences) to highlight as one range.
    pub(super) highlight_phrases: Vec<Vec<String>>,
}

impl<'s, 'a> Planner<'s, 'a> {
    pub(super) fn new(searcher: &'s Searcher<'a>) -> Self {
        Planner {
            searcher,
            corrections: Vec::new(),
            highlight_terms: Vec::new(),
            highlight_phrases: Vec::new(),
        }
    }

    /// Turns the parsed query into scored slots.
    pub(super) fn slots(&mut self, parsed: &Query, options: &SearchOptions) -> Vec<Slot> {
        let s = self.searcher;
        let mut slots = Vec::new();
        // Pasted text (more words than are scored, see `select`) was copied, not typed: its
        // words get no typo corrections. Correcting 512 unknown words took 0.3–0.5 s on
        // MDN natively (`tests/adversarial.rs`), for text whose unknown words are names,
        // numbers and terms the site does not have rather than mistakes.
        let fuzzy = options.fuzzy && parsed.groups.len() <= MAX_GROUPS;
        for group in &parsed.groups {
            if slots.len() >= MAX_QUERY_WORDS {
                break;
            }
            // A lone word that analyzes to several words (`aria-controls`, `U.S.`) becomes
            // one slot per word, so each counts for coordination.
            if let [atom] = group.alternatives.as_slice() {
                if let AtomKind::Word { prefix } = atom.kind {
                    let tokens = s.analyzer.analyze_query(&atom.text);
                    let units = units(&tokens);
                    let count = units.len();
                    for (i, unit) in units.iter().enumerate() {
                        if slots.len() >= MAX_QUERY_WORDS {
                            break;
                        }
                        let surface = s
                            .analyzer
                            .normalize_word(&atom.text[unit.whole.start..unit.whole.end]);
                        let span = (atom.span.0 + unit.whole.start, atom.span.0 + unit.whole.end);
                        let matchers = self.unit_matchers(
                            unit,
                            &surface,
                            s.field_mask(atom.field.as_deref()),
                            prefix && options.prefix && i + 1 == count,
                            fuzzy,
                            Some(span),
                        );
                        let typed_in_full = !(prefix && options.prefix && i + 1 == count);
                        slots.push(Slot {
                            matchers,
                            optional: s.index.is_stop_word(&surface),
                            exact: (atom.field.is_none() && typed_in_full)
                                .then(|| unit.whole.term.clone()),
                            weight: 1.0,
                            follows: true,
                        });
                    }
                    continue;
                }
            }
            let mut matchers = Vec::new();
            let mut optional = true;
            for atom in &group.alternatives {
                let prefix = matches!(atom.kind, AtomKind::Word { prefix: true }) && options.prefix;
                optional &= matches!(atom.kind, AtomKind::Word { .. })
                    && s.index.is_stop_word(&s.analyzer.normalize_word(&atom.text));
                matchers.extend(self.atom_matchers(atom, prefix, fuzzy));
            }
            slots.push(Slot {
                matchers,
                optional,
                exact: None,
                weight: 1.0,
                follows: true,
            });
        }
        slots
    }

    /// Matchers for one atom: a phrase, or a word (several words become a phrase).
    pub(super) fn atom_matchers(
        &mut self,
        atom: &query::Atom,
        prefix: bool,
        fuzzy: bool,
    ) -> Vec<Matcher> {
        let s = self.searcher;
        let fields = s.field_mask(atom.field.as_deref());
        let tokens = s.analyzer.analyze_query(&atom.text);
        let units = units(&tokens);
        if let ([unit], AtomKind::Word { .. }) = (units.as_slice(), &atom.kind) {
            let surface = s.analyzer.normalize_word(&atom.text);
            return self.unit_matchers(unit, &surface, fields, prefix, fuzzy, None);
        }
        // A phrase: identifier wholes are dropped in favour of their parts, as in the index.
        let flat: Vec<&Token> = units
            .iter()
            .flat_map(|u| {
                if u.parts.is_empty() {
                    vec![u.whole]
                } else {
                    u.parts.clone()
                }
            })
            .collect();
        self.phrase_matcher(&flat, fields, true)
            .into_iter()
            .collect()
    }

    /// The matcher of a phrase of analyzed tokens (`None` when a term is not in the index).
    /// Its terms are highlighted on their own too when `highlight_words`. A phrase matches
    /// on its first `MAX_PHRASE_TERMS` terms (an identifier of 2,000 parts is one word).
    fn phrase_matcher(
        &mut self,
        tokens: &[&Token],
        fields: u8,
        highlight_words: bool,
    ) -> Option<Matcher> {
        let tokens = &tokens[..tokens.len().min(MAX_PHRASE_TERMS)];
        let index = &self.searcher.index;
        let first = tokens.first()?.position;
        let mut terms = Vec::with_capacity(tokens.len());
        let info_of = |t: &Token| index.term_info(index.term_block(&t.term)?);
        for (i, t) in tokens.iter().enumerate() {
            let Some(info) = info_of(t) else {
                // Split layout: the phrase's other words are looked up too, so that one
                // round fetches every page it needs (a quoted 8-word title took 8 rounds of
                // one postings shard each, CACM). Embedded, an absent word ends it here.
                if index.missing_data() {
                    tokens[i + 1..].iter().for_each(|t| {
                        let _ = info_of(t);
                    });
                }
                return None;
            };
            terms.push((
                t.position.saturating_sub(first),
                WeightedTerm {
                    term: t.term.clone(),
                    df: info.df,
                    info,
                    weight: 1.0,
                },
            ));
        }
        if highlight_words {
            self.highlight_terms
                .extend(terms.iter().map(|(_, w)| w.term.clone()));
        }
        self.highlight_phrases
            .push(terms.iter().map(|(_, w)| w.term.clone()).collect());
        Some(if terms.len() == 1 {
            Matcher::Terms {
                terms: terms.into_iter().map(|(_, w)| w).collect(),
                fields,
            }
        } else {
            Matcher::Phrase { terms, fields }
        })
    }

    /// Matchers for one query word: its terms (exact, completions, typo corrections) and,
    /// for an identifier, the phrase of its parts.
    fn unit_matchers(
        &mut self,
        unit: &Unit<'_>,
        surface: &str,
        fields: u8,
        prefix: bool,
        fuzzy: bool,
        span: Option<(usize, usize)>,
    ) -> Vec<Matcher> {
        let mut matchers = Vec::new();
        let (terms, correction) = self
            .searcher
            .expand(&unit.whole.term, surface, prefix, fuzzy);
        if let (Some(span), Some(correction)) = (span, correction) {
            self.corrections.push((span, correction));
        }
        self.highlight_terms
            .extend(terms.iter().map(|t| t.term.clone()));
        if !terms.is_empty() {
            matchers.push(Matcher::Terms { terms, fields });
        }
        if !unit.parts.is_empty() {
            matchers.extend(self.phrase_matcher(&unit.parts, fields, true));
        }
        matchers
    }

    /// Merges runs of slots that spell one member of a synonym group ("south korea") into
    /// one slot that any member satisfies ("rok", "republic of korea"); a single-word member
    /// adds the others to its slot. Longer members are tried first.
    pub(super) fn apply_synonyms(&mut self, slots: &mut Vec<Slot>) {
        let searcher = self.searcher;
        let groups = &searcher.synonyms;
        if groups.is_empty() {
            return;
        }
        let mut i = 0;
        while i < slots.len() {
            let mut best: Option<(usize, usize)> = None; // (group, member length)
            for (g, group) in groups.iter().enumerate() {
                for member in group {
                    let len = member.len();
                    let fits = len > 0
                        && i + len <= slots.len()
                        && member
                            .iter()
                            .zip(&slots[i..i + len])
                            .all(|(t, s)| s.exact.as_deref() == Some(*t));
                    if fits && best.is_none_or(|b| len > b.1) {
                        best = Some((g, len));
                    }
                }
            }
            let Some((g, len)) = best else {
                i += 1;
                continue;
            };
            let mut merged: Vec<Matcher> = if len == 1 {
                std::mem::take(&mut slots[i].matchers)
            } else {
                Vec::new()
            };
            for member in &groups[g] {
                if len == 1 && member.len() == 1 && slots[i].exact.as_deref() == Some(member[0]) {
                    continue;
                }
                let tokens: Vec<Token> = member
                    .iter()
                    .enumerate()
                    .map(|(p, t)| Token {
                        term: (*t).to_owned(),
                        position: p as u32,
                        start: 0,
                        end: 0,
                        part: false,
                    })
                    .collect();
                let refs: Vec<&Token> = tokens.iter().collect();
                let all_fields = searcher.field_mask(None);
                // A multi-word member highlights as a phrase only, never word by word.
                merged.extend(self.phrase_matcher(&refs, all_fields, member.len() == 1));
            }
            let optional = slots[i..i + len].iter().all(|s| s.optional);
            let follows = slots[i].follows;
            slots.splice(
                i..i + len,
                [Slot {
                    matchers: merged,
                    optional,
                    exact: None,
                    weight: 1.0,
                    follows,
                }],
            );
            i += 1;
        }
    }
}

impl Searcher<'_> {
    /// The field mask of a `field:` restriction (every field without one, or for a field
    /// the index does not have).
    pub(super) fn field_mask(&self, field: Option<&str>) -> u8 {
        match field.and_then(|f| self.index.field_ordinal(f)) {
            Some(f) => 1 << f,
            None => ((1u16 << self.index.field_count()) - 1) as u8,
        }
    }
}

/// The phrase of two adjacent single-term slots' exact terms (for the proximity bonus).
pub(super) fn bigram(a: &Slot, b: &Slot) -> Option<Matcher> {
    let exact = |s: &Slot| -> Option<(WeightedTerm, u8)> {
        match s.matchers.first()? {
            Matcher::Terms { terms, fields } => {
                let t = terms.first()?;
                (t.weight >= 1.0).then(|| (t.clone(), *fields))
            }
            Matcher::Phrase { .. } => None,
        }
    };
    let (ta, fa) = exact(a)?;
    let (tb, fb) = exact(b)?;
    Some(Matcher::Phrase {
        terms: vec![(0, ta), (1, tb)],
        fields: fa & fb,
    })
}

/// Applies corrections (byte span → word) to the query text.
pub(super) fn rewrite(query: &str, corrections: &mut [((usize, usize), String)]) -> String {
    sort_by(corrections, |a, b| a.0.cmp(&b.0));
    let mut out = String::with_capacity(query.len());
    let mut at = 0;
    for ((s, e), word) in corrections.iter() {
        if *s < at || *e > query.len() {
            continue;
        }
        out.push_str(&query[at..*s]);
        out.push_str(word);
        at = *e;
    }
    out.push_str(&query[at..]);
    out
}
