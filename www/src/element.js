// <baked-search>: a search box over the index baked into bakedsearch's WebAssembly module.
//
// Each result shows its title, date, display fields and snippet (attribute `fields`: `title`,
// `date`, `snippet`, `meta` for every display field of the index, or the name of one display
// field; `source`, the name from before display fields were configurable, still works: the
// `source` field, or every display field when the index has none by that name). A display
// field with several values is shown joined with ", ".
//
// Facets: when the index has facet fields (bakedsearch.toml `facets`), the results panel
// starts with one labelled group of checkboxes per field, "value (count)", counted over the
// current query; checking values filters the results (values of one field: any; fields: all).
// With filters and an empty box the panel lists the filtered documents. A "Sort" select
// (Relevance / Newest / Oldest) is shown when the index has dated documents. Attributes:
// `facets="off"` (or a list of the fields to show) and `sort="newest|oldest|relevance|off"`.
//
// This module is the element: its state, lifecycle, attributes and public API. The jobs are
// modules of their own: combobox.js (keyboard, pointer, choosing, the focus keys),
// results-view.js (the panel), facets-view.js (the filter bar), modal.js (mode="modal"),
// search-loop.js (engine and queries), attributes.js (parsing), and below them shadow.js
// (the fixed markup), render.js (result and facet nodes), styles.js, strings.js, recent.js,
// links.js and engine.js.

import { filterMap, parseFacetFields, parseFields, parseLimit, parseMode, parseRecent, parseShortcut, parseSort, SORTS } from './attributes.js';
import { listenForShortcuts, shortcutTargets, wireCombobox } from './combobox.js';
import { workerEngine } from './engine.js';
import { wireFacets } from './facets-view.js';
import { allowedOrigins } from './links.js';
import { applyMode, isApple, wireModal } from './modal.js';
import { remember } from './recent.js';
import { collapse, render } from './results-view.js';
import { load, prefetch, run } from './search-loop.js';
import { applyStrings, buildShadow } from './shadow.js';
import { EN, stringsFor } from './strings.js';
import { applyStyles } from './styles.js';

let uid = 0;

export class BakedSearchElement extends HTMLElement {
  static get observedAttributes() {
    return ['mode', 'placeholder', 'limit', 'value', 'fields', 'shortcut', 'base-url', 'allow-origins', 'recent', 'facets', 'sort', 'lang'];
  }

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    applyStyles(root);
    const parts = buildShadow(root);
    this._parts = parts;
    this._prefix = `bs${++uid}-`;
    this._input = parts.input;
    this._hint = parts.hint;
    this._panel = parts.panel;
    this._head = parts.head;
    this._clearRecentButton = parts.clearRecentButton;
    this._listbox = parts.listbox;
    this._message = parts.message;
    this._suggest = parts.suggest;
    this._suggestButton = parts.suggestButton;
    this._footer = parts.footer;
    this._count = parts.count;
    this._enterLabel = parts.enterLabel;
    this._moveKeys = parts.moveKeys;
    this._status = parts.status;
    this._filtersEl = parts.filtersEl;
    this._facetsEl = parts.facetsEl;
    this._sortBox = parts.sortBox;
    this._sortSelect = parts.sortSelect;
    this._clearFiltersButton = parts.clearFiltersButton;
    this._filtersToggle = parts.filtersToggle;
    this._box = parts.box;
    this._trigger = parts.trigger;
    this._triggerLabel = parts.triggerLabel;
    this._triggerHint = parts.triggerHint;
    this._dialog = parts.dialog;
    this._dialogBar = parts.dialogBar;
    this._dialogClose = parts.dialogClose;
    this._modal = false; // mode="modal": the box lives in this._dialog (see modal.js)
    this._filtersOpen = false; // narrow boxes: the facet groups unfolded
    this._t = EN;
    this._lang = ''; // the element's language ('': unknown, the reader's locale for dates)
    this._stringOverrides = null; // the `strings` property
    this._renderResult = null; // the `renderResult` property
    this._brokenRenderer = null;
    applyStrings(parts, this._t);
    this._options = [];
    this._chosen = []; // per option: { result, section } as `select` reports them
    this._results = [];
    this._recentShown = [];
    this._listKind = 'results'; // or 'recent'
    this._total = 0;
    this._didYouMean = null;
    this._active = -1;
    this._expanded = false; // the person wants the panel (typed, focused, open(), search())
    this._engine = null; // set once loaded
    this._engineReady = false;
    this._facts = { display: [], facets: [], hasDates: false }; // see engineFacts
    this._error = null;
    this._searchError = null; // the last search's shard failure (split layout), shown as a message
    this._filters = new Map(); // field → Set of values
    this._sort = this._sortAttr === 'off' ? 'relevance' : this._sortAttr;
    this._facetCounts = null; // the last answer's `facets`
    this._moreFacets = new Set(); // fields whose "more" button was pressed
    this._rebuilding = false; // focus may move while the facet checkboxes are rebuilt
    this._lastQuery = null;
    this._seq = 0;
    this._inFlight = null; // { id, sent } of the worker request running
    this._queued = null;
    this._supersedeTimer = 0;
    this._announceTimer = 0;

    wireCombobox(this);
    wireFacets(this);
    wireModal(this);
  }

  connectedCallback() {
    this._applyLanguage();
    this._applyPlaceholder();
    this._applyShortcut();
    shortcutTargets.add(this);
    document.addEventListener('pointerdown', this._onOutside, true);
    this._load();
  }

  disconnectedCallback() {
    shortcutTargets.delete(this);
    document.removeEventListener('pointerdown', this._onOutside, true);
    clearTimeout(this._announceTimer);
  }

  attributeChangedCallback(name, _old, value) {
    if (name === 'mode') applyMode(this);
    else if (name === 'placeholder') this._applyPlaceholder();
    else if (name === 'lang') this._applyLanguage();
    else if (name === 'shortcut') this._applyShortcut();
    else if (name === 'value') this.value = value || '';
    else if (name === 'recent') this._render();
    else if (name === 'sort') {
      this._sort = this._sortAttr === 'off' ? 'relevance' : this._sortAttr;
      this._run(true);
    } else if (name === 'facets') {
      this._pruneFilters();
      this._run(true);
    } else this._run(true); // limit, fields, base-url
  }

  /** The current query. Setting it runs the search. */
  get value() {
    return this._input.value;
  }

  set value(query) {
    this._input.value = String(query ?? '');
    this._expanded = true;
    this._run();
  }

  /**
   * Other origins result links may go to (attribute `allow-origins`): an array of origins, or
   * "*" for any web origin. Set it with an array or a string.
   */
  get allowOrigins() {
    return allowedOrigins(this.getAttribute('allow-origins'));
  }

  set allowOrigins(origins) {
    if (origins === null || origins === undefined) this.removeAttribute('allow-origins');
    else this.setAttribute('allow-origins', Array.isArray(origins) ? origins.join(' ') : String(origins));
  }

  /**
   * The strings shown (a copy of the table in use). Setting a partial table (e.g.
   * `{ placeholder: 'Find', resultsOther: '{n} hits' }`) overrides those strings on top of the
   * built-in ones of the element's language; null goes back to the built-in ones.
   */
  get strings() {
    return { ...this._t };
  }

  set strings(overrides) {
    this._stringOverrides = overrides && typeof overrides === 'object' ? { ...overrides } : null;
    this._applyLanguage();
  }

  /**
   * The site's result renderer: (result, { index, href, query, highlight(text, ranges) }) → a
   * Node or a string (shown as text) for the option's content, or null for the default
   * rendering. The element keeps the option around it (link, selection, keyboard).
   */
  get renderResult() {
    return this._renderResult;
  }

  set renderResult(fn) {
    this._renderResult = typeof fn === 'function' ? fn : null;
    if (this.isConnected) this._render();
  }

  /** The language the element speaks: its `lang`, else the closest ancestor's (<html lang>). */
  get _language() {
    const el = this.closest('[lang]');
    return ((el && el.getAttribute('lang')) || '').trim();
  }

  /** Picks the strings for the element's language and relabels everything. */
  _applyLanguage() {
    this._lang = this._language;
    this._t = stringsFor(this._lang, this._stringOverrides);
    applyStrings(this._parts, this._t);
    this._applyPlaceholder();
    if (this.isConnected) this._render();
  }

  /** Maximum number of results shown (attribute `limit`, 1..1000, default 10). */
  get limit() {
    return parseLimit(this.getAttribute('limit'));
  }

  set limit(n) {
    this.setAttribute('limit', String(n));
  }

  /** Whether searches run in a Web Worker (after the engine has loaded). */
  get usesWorker() {
    return this._engine === workerEngine;
  }

  /**
   * Attribute `mode`: "inline" (default: the box in the page) or "modal" (a trigger button
   * that opens the box and its results in a modal <dialog>).
   */
  get mode() {
    return parseMode(this.getAttribute('mode'));
  }

  set mode(mode) {
    this.setAttribute('mode', mode === 'modal' ? 'modal' : 'inline');
  }

  /** Moves keyboard focus to the search box (modal mode, dialog closed: to the trigger). */
  focus(options) {
    if (this._modal && !this._dialog.open) this._trigger.focus(options);
    else this._input.focus(options);
  }

  /** Clears the query, the filters and the results. */
  clear() {
    this._filters.clear();
    this.value = '';
  }

  /**
   * The selected facet values, `{ field: ["value", …] }`. Setting it (same shape; a string
   * for one value) runs the search; with an empty box, the filtered documents are listed.
   */
  get filters() {
    return Object.fromEntries([...this._filters].map(([field, values]) => [field, [...values]]));
  }

  set filters(filters) {
    this._filters = filterMap(filters);
    this._pruneFilters();
    this._expanded = true;
    this._run(true);
  }

  /** The result order: "relevance", "newest" or "oldest". Setting it runs the search. */
  get sort() {
    return this._sort;
  }

  set sort(order) {
    this._sort = SORTS.includes(order) ? order : 'relevance';
    this._run(true);
  }

  /** Focuses the box and opens the panel (results, or recent searches when the box is empty). */
  open() {
    if (this._modal && !this._dialog.open && this.isConnected) this._dialog.showModal();
    this._expanded = true;
    this._input.focus();
    this._render();
  }

  /** Closes the panel (modal mode: the dialog, focus back on the trigger); the query stays. */
  close() {
    this._collapse();
    if (!this._dialog.open) return;
    this._dialog.close();
    this._trigger.focus(); // also done on the `close` event, for the dialog's own Esc
  }

  /**
   * Puts `query` in the box, runs it and opens the panel. Resolves with the `search` event's
   * detail once the results are shown.
   */
  search(query) {
    const done = new Promise((resolve) => {
      this.addEventListener('search', (e) => resolve(e.detail), { once: true });
    });
    this._input.value = String(query ?? '');
    this._expanded = true;
    this._run(true);
    return done;
  }

  // What the modules ask of the element.

  _render() {
    render(this);
  }

  _run(force = false) {
    run(this, force);
  }

  _load() {
    return load(this);
  }

  _prefetch() {
    prefetch(this);
  }

  _collapse() {
    collapse(this);
  }

  /** Remembers `query` as the most recent search. */
  _remember(query) {
    remember(query, this._recentLimit);
  }

  /** What each result shows (attribute `fields`, see attributes.js). */
  get _fields() {
    return parseFields(this.getAttribute('fields'), this._facts.display);
  }

  /** The facet fields shown: the index's, or those the `facets` attribute names, in its order. */
  get _facetFields() {
    return parseFacetFields(this.getAttribute('facets'), this._facts.facets);
  }

  /** Attribute `sort`: the initial order, or "off" for no Sort control. */
  get _sortAttr() {
    return parseSort(this.getAttribute('sort'));
  }

  _hasFilters() {
    return this._filters.size > 0;
  }

  /** Drops filters on fields that are not shown (once the index's fields are known). */
  _pruneFilters() {
    if (!this._engineReady) return;
    const shown = this._facetFields;
    for (const field of [...this._filters.keys()]) if (!shown.includes(field)) this._filters.delete(field);
  }

  /** Number of recent searches kept (attribute `recent`, 0 turns them off). */
  get _recentLimit() {
    return parseRecent(this.getAttribute('recent'));
  }

  /** The focus key: "/" by default, a single character, or null for `shortcut="none"`. */
  get _shortcutKey() {
    return parseShortcut(this.getAttribute('shortcut'));
  }

  _applyPlaceholder() {
    const text = this.getAttribute('placeholder');
    this._input.placeholder = text ?? this._t.placeholder;
    this._triggerLabel.textContent = text ?? this._t.triggerLabel;
  }

  _applyShortcut() {
    const key = this._shortcutKey;
    this._hint.hidden = !key;
    this._hint.textContent = key || '';
    // The trigger shows the modifier shortcut, in the platform's spelling.
    this._triggerHint.hidden = !key;
    this._triggerHint.textContent = key ? (isApple() ? '⌘K' : 'Ctrl K') : '';
    for (const node of [this._input, this._trigger]) {
      if (key) node.setAttribute('aria-keyshortcuts', `${key === '/' ? 'Slash' : key.toUpperCase()} Control+K Meta+K`);
      else node.removeAttribute('aria-keyshortcuts');
    }
  }
}

/** Defines <baked-search> (once) and returns its class. */
export function defineElement(tagName = 'baked-search') {
  if (!customElements.get(tagName)) {
    listenForShortcuts();
    customElements.define(tagName, BakedSearchElement);
  }
  return customElements.get(tagName);
}
