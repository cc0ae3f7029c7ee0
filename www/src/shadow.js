// The element's fixed markup (the box, the panel's frame, the live region), built with DOM
// calls, and the text of its labels in the element's language.

import { CLOCK_ICON, h, icon, SEARCH_ICON } from './dom.js';

export { CLOCK_ICON, icon };

/**
 * Builds the markup into `root`. Returns the parts the element drives, and `labels`:
 * [node, string key, attribute or null for the text] to fill in with `applyStrings`.
 */
export function buildShadow(root) {
  const labels = [];
  const label = (node, key, attr = null) => {
    labels.push([node, key, attr]);
    return node;
  };

  const input = h('input', {
    id: 'input',
    part: 'input',
    type: 'search',
    role: 'combobox',
    autocomplete: 'off',
    autocapitalize: 'off',
    spellcheck: 'false',
    enterkeyhint: 'search',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': 'listbox',
  });
  const hint = h('kbd', { class: 'hint', part: 'hint', 'aria-hidden': 'true', text: '/' });
  const box = h('div', { class: 'box', part: 'box' }, icon(SEARCH_ICON), label(h('label', { class: 'sr-only', for: 'input' }), 'searchLabel'), input, hint);

  const clearRecentButton = label(label(h('button', { type: 'button', class: 'clear-recent', part: 'clear-recent' }), 'clear'), 'clearRecent', 'aria-label');
  const head = h('div', { class: 'head', part: 'head', hidden: true }, label(h('span', { class: 'head-label', id: 'head-label' }), 'recentSearches'), clearRecentButton);

  const sortSelect = h(
    'select',
    { id: 'sort' },
    ...['relevance', 'newest', 'oldest'].map((value) => label(h('option', { value }), value)),
  );
  const sortBox = h('span', { class: 'sort', part: 'sort', hidden: true }, label(h('label', { for: 'sort' }), 'sort'), sortSelect);
  const clearFiltersButton = label(h('button', { type: 'button', class: 'clear-filters', part: 'clear-filters', hidden: true }), 'clearFilters');
  const facetsEl = h('div', { class: 'facets', id: 'facets' });
  // Narrow boxes (below 600 px) fold the facet groups behind this button (styles.css).
  const filtersToggle = h('button', { type: 'button', class: 'filters-toggle', part: 'filters-toggle', 'aria-expanded': 'false', 'aria-controls': 'facets' });
  const filtersEl = label(
    h('div', { class: 'filters', part: 'filters', role: 'group', hidden: true }, filtersToggle, facetsEl, h('div', { class: 'filter-tools' }, sortBox, clearFiltersButton)),
    'filtersLabel',
    'aria-label',
  );

  const suggestButton = h('button', { type: 'button' });
  const suggest = h('p', { class: 'message suggest', part: 'suggestion', hidden: true });
  const listbox = h('div', { id: 'listbox', role: 'listbox', part: 'listbox' });
  // dir="auto" on texts that may be in another direction than the page (strings without a
  // table for the page's language are English; a query in another script).
  const message = h('p', { class: 'message', part: 'message', hidden: true, dir: 'auto' });

  const count = h('span', { class: 'count', part: 'count', dir: 'auto' });
  const enterLabel = h('span', { class: 'enter-label' });
  const keyMove = h('span', { class: 'key-move' }, h('kbd', { text: '↑' }), h('kbd', { text: '↓' }), ' ', label(h('span'), 'keyMove'));
  const keyEnter = h('span', { class: 'key-enter' }, h('kbd', { text: '↵' }), ' ', enterLabel);
  const keyClose = h('span', null, label(h('kbd'), 'keyEsc'), ' ', label(h('span'), 'keyClose'));
  const footer = h('div', { class: 'footer', part: 'footer', hidden: true }, count, ' ', h('span', { class: 'keys', part: 'keys', 'aria-hidden': 'true' }, keyMove, ' ', keyEnter, ' ', keyClose));

  const panel = h('div', { class: 'panel', part: 'panel', hidden: true }, head, filtersEl, suggest, listbox, message, footer);
  const status = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  root.append(box, panel, status);

  // Modal mode (attribute mode="modal"): a trigger button in the page, and a <dialog> that the
  // element moves the box, the panel and the live region into (modal.js, applyMode).
  const triggerLabel = h('span', { class: 'trigger-label', part: 'trigger-label' });
  const triggerHint = h('kbd', { class: 'trigger-hint', part: 'trigger-hint', 'aria-hidden': 'true' });
  const trigger = h('button', { type: 'button', class: 'trigger', part: 'trigger', 'aria-haspopup': 'dialog' }, icon(SEARCH_ICON), triggerLabel, triggerHint);
  const dialogClose = label(h('button', { type: 'button', class: 'dialog-close', part: 'dialog-close' }), 'closeDialog');
  const dialogBar = h('div', { class: 'dialog-bar' });
  const dialog = label(h('dialog', { class: 'dialog', part: 'dialog' }), 'dialogLabel', 'aria-label');

  return {
    trigger,
    triggerLabel,
    triggerHint,
    dialog,
    dialogBar,
    dialogClose,
    box,
    status,
    labels,
    input,
    hint,
    panel,
    head,
    clearRecentButton,
    listbox,
    message,
    suggest,
    suggestButton,
    footer,
    count,
    enterLabel,
    moveKeys: [keyMove, keyEnter],
    status,
    filtersEl,
    facetsEl,
    filtersToggle,
    sortBox,
    sortSelect,
    clearFiltersButton,
  };
}

/** Fills the labels of `parts` (from buildShadow) with the strings `t`. */
export function applyStrings(parts, t) {
  for (const [node, key, attr] of parts.labels) {
    if (attr) node.setAttribute(attr, t[key]);
    else node.textContent = t[key];
  }
  // "Did you mean {query}?": the button takes the place of {query}.
  const [before, after = ''] = String(t.didYouMean).split('{query}');
  parts.suggest.replaceChildren(before, parts.suggestButton, after);
}
