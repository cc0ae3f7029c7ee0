//! Filters and facets: keeps the documents having one of the requested values of every
//! filtered facet field, counts facet values (disjunctively), and orders by date.

use super::{FacetCounts, Filter};
use crate::read::{Facet, Index};
use crate::sort::sort_by;

/// Filters resolved against the index: (facet index, accepted value ids) per filter.
pub(super) type Resolved = Vec<(Option<usize>, Vec<u32>)>;

pub(super) fn resolve_filters(facets: &[Facet<'_>], filters: &[Filter]) -> Resolved {
    filters
        .iter()
        .map(|f| {
            let facet = facets.iter().position(|x| x.name == f.field);
            let mut ids: Vec<u32> = facet
                .map(|i| {
                    f.values
                        .iter()
                        .filter_map(|v| facets[i].value_id(v))
                        .collect()
                })
                .unwrap_or_default();
            sort_by(&mut ids, |a, b| a.cmp(b));
            (facet, ids)
        })
        .collect()
}

/// True when `doc` passes every filter except those on facet `skip`.
pub(super) fn passes(
    facets: &[Facet<'_>],
    filters: &Resolved,
    doc: u32,
    skip: Option<usize>,
) -> bool {
    filters.iter().all(|(facet, ids)| match facet {
        Some(f) if Some(*f) == skip => true,
        Some(f) => facets[*f]
            .doc_values(doc)
            .any(|v| ids.binary_search(&v).is_ok()),
        None => false,
    })
}

/// Facet value counts over `ranked` (disjunctive: a field's own filter is not applied).
pub(super) fn count_facets(
    facets: &[Facet<'_>],
    filters: &Resolved,
    requested: &[Filter],
    ranked: &[(u32, f32)],
) -> Vec<FacetCounts> {
    facets
        .iter()
        .enumerate()
        .map(|(f, facet)| {
            let mut counts = vec![0u32; facet.value_count()];
            for &(d, _) in ranked {
                if passes(facets, filters, d, Some(f)) {
                    for v in facet.doc_values(d) {
                        if let Some(c) = counts.get_mut(v as usize) {
                            *c += 1;
                        }
                    }
                }
            }
            let selected: Vec<&str> = requested
                .iter()
                .filter(|r| r.field == facet.name)
                .flat_map(|r| r.values.iter().map(String::as_str))
                .collect();
            let mut values: Vec<(String, u32)> = counts
                .iter()
                .enumerate()
                .filter_map(|(v, &c)| {
                    let text = facet.value(v as u32)?;
                    (c > 0 || selected.contains(&text)).then(|| (text.to_owned(), c))
                })
                .collect();
            sort_by(&mut values, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            FacetCounts {
                field: facet.name.to_owned(),
                values,
            }
        })
        .collect()
}

/// `ranked` re-sorted by the stored date (newest or oldest first), stably: equal dates keep
/// their relevance order; undated documents come last.
pub(super) fn sort_by_date(
    index: &Index<'_>,
    ranked: Vec<(u32, f32)>,
    newest: bool,
) -> Vec<(u32, f32)> {
    let date = |d: u32| index.doc_date(d);
    let mut keyed: Vec<(Option<&str>, usize, (u32, f32))> = ranked
        .iter()
        .enumerate()
        .map(|(i, &r)| (date(r.0), i, r))
        .collect();
    sort_by(&mut keyed, |a, b| {
        let by_date = match (a.0, b.0) {
            (Some(x), Some(y)) if newest => y.cmp(x),
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        by_date.then(a.1.cmp(&b.1))
    });
    keyed.into_iter().map(|k| k.2).collect()
}
