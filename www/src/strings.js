// Every piece of text the element shows or announces. `{name}` is replaced by a value;
// `…One` / `…Other` pairs are chosen with Intl.PluralRules for the element's language.

export const EN = {
  searchLabel: 'Search',
  placeholder: 'Search',
  results: 'Search results',
  recentSearches: 'Recent searches',
  clear: 'Clear',
  clearRecent: 'Clear recent searches',
  filtersLabel: 'Filter and sort results',
  sort: 'Sort',
  relevance: 'Relevance',
  newest: 'Newest',
  oldest: 'Oldest',
  clearFilters: 'Clear filters',
  didYouMean: 'Did you mean {query}?',
  loading: 'Loading…',
  unavailable: 'Search is unavailable right now.',
  noResultsFor: 'No results for “{query}”.',
  noDocuments: 'No documents match these filters.',
  noResults: 'No results.',
  resultsOne: '{n} result',
  resultsOther: '{n} results',
  resultsOf: '{n} of {total} results',
  /** A count read out by the live region: "3 results." */
  sentence: '{text}.',
  recentOne: '{n} recent search',
  recentOther: '{n} recent searches',
  moreValues: '{n} more',
  fewerValues: 'Fewer',
  fieldValues: '{field} values',
  keyMove: 'to move',
  keyOpen: 'to open',
  keySearch: 'to search',
  keyClose: 'to close',
  keyEsc: 'esc',
};

/** `template` with each `{name}` replaced by `vars[name]`. */
export function format(template, vars = {}) {
  return String(template).replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}
