// The filter bar of one element: a checkbox group per facet field ("value (count)"), the Sort
// select, "Clear filters", and in narrow boxes the "Filters (n)" button that folds the groups.
// Renders from the element's state (the last answer's counts, the checked values) and turns
// the person's changes into new searches.

import { SORTS } from './attributes.js';
import { renderFacet } from './render.js';
import { format } from './strings.js';

/** Listens to the filter bar's controls of the element `el`. */
export function wireFacets(el) {
  el._facetsEl.addEventListener('change', (e) => {
    const box = e.target;
    if (!(box instanceof HTMLInputElement) || !box._bsFacet) return;
    const [field, value] = box._bsFacet;
    const set = el._filters.get(field) || new Set();
    if (box.checked) set.add(value);
    else set.delete(value);
    if (set.size) el._filters.set(field, set);
    else el._filters.delete(field);
    el._run(true);
  });
  el._facetsEl.addEventListener('click', (e) => {
    const more = e.target.closest && e.target.closest('.more');
    if (!more || !more._bsField) return;
    const field = more._bsField;
    if (el._moreFacets.has(field)) el._moreFacets.delete(field);
    else el._moreFacets.add(field);
    el._render();
  });
  el._filtersToggle.addEventListener('click', () => {
    el._filtersOpen = !el._filtersOpen;
    el._render();
  });
  el._sortSelect.addEventListener('change', () => {
    el._sort = SORTS.includes(el._sortSelect.value) ? el._sortSelect.value : 'relevance';
    el._run(true);
  });
  el._clearFiltersButton.addEventListener('click', () => {
    el._filters.clear();
    el._input.focus();
    el._run(true);
  });
  // Esc in the filters closes the panel and goes back to the box.
  el._filtersEl.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    e.preventDefault();
    if (el._modal) return el.close();
    el._input.focus();
    el._collapse();
  });
}

/**
 * The facet groups and the Sort control, from the last answer's counts. `show`: the panel
 * shows results (or their absence); the bar then appears when there are results or
 * selected filters (so that they can be removed).
 */
export function renderFilters(el, show) {
  const counts = el._facetCounts || {};
  const groups = [];
  (show ? el._facetFields : []).forEach((field, index) => {
    const selected = el._filters.get(field) || new Set();
    const values = (Array.isArray(counts[field]) ? counts[field] : [])
      .filter((v) => v && v.value !== undefined && v.value !== null)
      .map((v) => ({ value: String(v.value), count: Number(v.count) || 0 }));
    for (const value of selected) if (!values.some((v) => v.value === value)) values.push({ value, count: 0 });
    if (values.length) groups.push({ field, index, values, selected });
  });
  const sortShown = show && el._facts.hasDates && el._sortAttr !== 'off';
  const visible = show && (el._results.length > 0 || el._hasFilters()) && (groups.length > 0 || sortShown);

  // Rebuilding the checkboxes must not lose the keyboard focus (nor close the panel).
  const focused = el.shadowRoot.activeElement;
  const facetsEl = el._facetsEl;
  const focusKey = focused && facetsEl.contains(focused) ? focused._bsKey : undefined;
  el._rebuilding = true;
  try {
    facetsEl.replaceChildren(...(visible ? groups.map((g) => renderFacet({ ...g, expanded: el._moreFacets.has(g.field), t: el._t })) : []));
    if (focusKey !== undefined) {
      const again = [...facetsEl.querySelectorAll('input, button')].find((node) => node._bsKey === focusKey);
      (again || el._input).focus({ preventScroll: true });
    } else if (!visible && focused && el._filtersEl.contains(focused)) {
      el._input.focus({ preventScroll: true });
    }
  } finally {
    el._rebuilding = false;
  }
  el._sortBox.hidden = !sortShown;
  if (el._sortSelect.value !== el._sort) el._sortSelect.value = el._sort;
  el._clearFiltersButton.hidden = !el._hasFilters();
  el._filtersEl.hidden = !visible;
  // The narrow layout's button: "Filters (n)", n the values checked.
  const checked = [...el._filters.values()].reduce((n, set) => n + set.size, 0);
  const toggle = el._filtersToggle;
  toggle.hidden = groups.length === 0;
  toggle.textContent = checked ? format(el._t.filtersButtonCount, { n: checked }) : el._t.filtersButton;
  toggle.setAttribute('aria-expanded', String(el._filtersOpen));
  el._filtersEl.classList.toggle('open', el._filtersOpen);
}
