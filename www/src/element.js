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
// The parts: shadow.js (the fixed markup), render.js (results, recent searches, facets),
// styles.js, strings.js, recent.js, links.js, engine.js (main thread or worker).

import { engineFacts, mainEngine, wantsWorker, workerEngine } from './engine.js';
import { allowedOrigins, resultHref } from './links.js';
import { DEFAULT_RECENT, MAX_RECENT, readRecent, remember, writeRecent } from './recent.js';
import { appendHighlighted, metaText, renderFacet, renderOption, renderRecent } from './render.js';
import { applyStrings, buildShadow } from './shadow.js';
import { EN, format, stringsFor } from './strings.js';
import { applyStyles } from './styles.js';

const DEFAULT_LIMIT = 10;
const ANNOUNCE_DELAY_MS = 400;
/**
 * A worker search still running this long after it was sent, while a newer query waits, is
 * abandoned: the worker is restarted from the compiled module (an instantiation). Ordinary
 * searches answer in a fraction of it; a restart is for queries that would block the box.
 */
const SUPERSEDE_AFTER_MS = 250;
const SORTS = ['relevance', 'newest', 'oldest'];
const OFF = ['off', 'false', 'no', 'none', '0'];

/** `{ field: [values] }` → the same as a Map of Sets, values as strings, empty fields left out. */
function filterMap(filters) {
  const map = new Map();
  if (!filters || typeof filters !== 'object') return map;
  for (const [field, values] of Object.entries(filters)) {
    const list = (Array.isArray(values) ? values : [values]).filter((v) => v !== null && v !== undefined).map(String);
    if (list.length) map.set(field, new Set(list));
  }
  return map;
}

/** Apple platforms spell the shortcut ⌘K, others Ctrl K. */
function isApple() {
  const platform = (navigator.userAgentData && navigator.userAgentData.platform) || navigator.platform || '';
  return /mac|iphone|ipad|ipod/i.test(platform);
}

function isEditable(el) {
  if (!el || !(el instanceof Element)) return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(el.type);
  }
  return false;
}

/** `text` as a DocumentFragment with the [start, end) `ranges` in <mark> (for renderResult). */
function highlighted(text, ranges) {
  const fragment = document.createDocumentFragment();
  appendHighlighted(fragment, String(text ?? ''), ranges);
  return fragment;
}

/** The boxes that take the focus keys (connected elements). */
const shortcutTargets = new Set();
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
    this._modal = false; // mode="modal": the box lives in this._dialog (see _applyMode)
    this._filtersOpen = false; // narrow boxes: the facet groups unfolded
    this._t = EN;
    this._lang = ''; // the element's language ('': unknown, the reader's locale for dates)
    this._stringOverrides = null; // the `strings` property
    this._renderResult = null; // the `renderResult` property
    this._brokenRenderer = null;
    applyStrings(parts, this._t);
    this._options = [];
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

    this._input.addEventListener('input', (e) => {
      if (e.isComposing) return;
      this._expanded = true;
      this._run();
    });
    this._input.addEventListener('compositionend', () => this._run());
    this._input.addEventListener('keydown', (e) => this._onKeydown(e));
    this._input.addEventListener('focus', () => {
      this._load();
      if (!this._expanded) {
        this._expanded = true;
        this._render();
      }
    });
    this._input.addEventListener('click', () => {
      if (this._panel.hidden) {
        this._expanded = true;
        this._render();
      }
    });
    root.addEventListener('focusout', (e) => {
      if (this._rebuilding || (this._modal && this._dialog.open)) return;
      if (!e.relatedTarget || !root.contains(e.relatedTarget)) this._collapse();
    });
    this._onOutside = (e) => {
      if (!e.composedPath().includes(this)) this._collapse();
    };
    // Keep focus in the input while clicking inside the panel (buttons included: Safari does
    // not focus buttons on click, so focus would leave the element and close the panel).
    // A <select> needs the mousedown to open.
    this._panel.addEventListener('mousedown', (e) => {
      if (!(e.target instanceof HTMLSelectElement)) e.preventDefault();
    });
    this._listbox.addEventListener('click', (e) => {
      const option = e.target.closest && e.target.closest('[role="option"]');
      if (!option) return;
      const index = this._options.indexOf(option);
      if (index >= 0 && !this._choose(index)) e.preventDefault();
    });
    this._suggestButton.addEventListener('click', () => {
      this.value = this._suggestButton.textContent;
      this._input.focus();
    });
    this._clearRecentButton.addEventListener('click', () => {
      writeRecent([]);
      this._input.focus();
      this._render();
    });
    this._facetsEl.addEventListener('change', (e) => {
      const box = e.target;
      if (!(box instanceof HTMLInputElement) || !box._bsFacet) return;
      const [field, value] = box._bsFacet;
      const set = this._filters.get(field) || new Set();
      if (box.checked) set.add(value);
      else set.delete(value);
      if (set.size) this._filters.set(field, set);
      else this._filters.delete(field);
      this._run(true);
    });
    this._facetsEl.addEventListener('click', (e) => {
      const more = e.target.closest && e.target.closest('.more');
      if (!more || !more._bsField) return;
      const field = more._bsField;
      if (this._moreFacets.has(field)) this._moreFacets.delete(field);
      else this._moreFacets.add(field);
      this._render();
    });
    this._trigger.addEventListener('click', () => this.open());
    this._dialogClose.addEventListener('click', () => this.close());
    // A click on the backdrop targets the dialog itself, outside its box (a keyboard "click"
    // inside has no coordinates but never targets the dialog).
    this._dialog.addEventListener('click', (e) => {
      if (e.target !== this._dialog) return;
      const r = this._dialog.getBoundingClientRect();
      if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) this.close();
    });
    // Esc (the dialog's cancel), the close button and close() all end here.
    this._dialog.addEventListener('close', () => {
      this._collapse();
      if (this._modal) this._trigger.focus();
    });
    // showModal() makes the page inert, but Tab past the last control leaves the document
    // (to the browser's UI); wrap it around inside the dialog instead.
    this._dialog.addEventListener('keydown', (e) => {
      if (e.key === 'Tab' && !e.altKey && !e.ctrlKey && !e.metaKey) this._trapTab(e);
    });
    this._filtersToggle.addEventListener('click', () => {
      this._filtersOpen = !this._filtersOpen;
      this._render();
    });
    this._sortSelect.addEventListener('change', () => {
      this._sort = SORTS.includes(this._sortSelect.value) ? this._sortSelect.value : 'relevance';
      this._run(true);
    });
    this._clearFiltersButton.addEventListener('click', () => {
      this._filters.clear();
      this._input.focus();
      this._run(true);
    });
    // Esc in the filters closes the panel and goes back to the box.
    this._filtersEl.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      e.preventDefault();
      if (this._modal) return this.close();
      this._input.focus();
      this._collapse();
    });
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
    if (name === 'mode') this._applyMode();
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
    const n = Number.parseInt(this.getAttribute('limit') ?? '', 10);
    return Number.isFinite(n) ? Math.min(1000, Math.max(1, n)) : DEFAULT_LIMIT;
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
    return (this.getAttribute('mode') || '').trim().toLowerCase() === 'modal' ? 'modal' : 'inline';
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

  /** Puts the box, the panel and the live region in the page (inline) or in the dialog (modal). */
  _applyMode() {
    const modal = this.mode === 'modal';
    if (modal === this._modal) return;
    this._modal = modal;
    const root = this.shadowRoot;
    if (modal) {
      this._dialogBar.replaceChildren(this._box, this._dialogClose);
      this._dialog.replaceChildren(this._dialogBar, this._panel, this._status);
      root.append(this._trigger, this._dialog);
    } else {
      if (this._dialog.open) this._dialog.close();
      this._trigger.remove();
      this._dialog.remove();
      root.append(this._box, this._panel, this._status);
    }
    this._panel.style.maxHeight = '';
    this._collapse();
  }

  /** Tab on the dialog's last control goes to its first, Shift-Tab on the first to the last. */
  _trapTab(e) {
    const controls = [...this._dialog.querySelectorAll('input, button, select, a[href], [tabindex]')].filter(
      (el) => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0,
    );
    if (!controls.length) return;
    const first = controls[0];
    const last = controls[controls.length - 1];
    const active = this.shadowRoot.activeElement;
    const inside = active && this._dialog.contains(active);
    if (e.shiftKey ? active === first || !inside : active === last || !inside) {
      e.preventDefault();
      (e.shiftKey ? last : first).focus();
    }
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

  /**
   * What each result shows (attribute `fields`): `{ title, date, snippet, meta }`, where `meta`
   * is null for every display field, else the Set of display field names shown.
   */
  get _fields() {
    const all = { title: true, date: true, snippet: true, meta: null };
    const attr = this.getAttribute('fields');
    if (attr === null) return all;
    const display = this._facts.display;
    const out = { title: false, date: false, snippet: false, meta: new Set() };
    let allMeta = false;
    let known = false;
    for (const word of attr.split(/[\s,]+/).filter(Boolean)) {
      const w = word.toLowerCase();
      const name = display.find((d) => d.toLowerCase() === w);
      if (w === 'title' || w === 'date' || w === 'snippet') out[w] = true;
      else if (name !== undefined) out.meta.add(name);
      else if (w === 'meta' || w === 'source') allMeta = true; // `source`: the name before display fields
      else continue;
      known = true;
    }
    if (!known) return all;
    if (allMeta) out.meta = null;
    return out;
  }

  /** The facet fields shown: the index's, or those the `facets` attribute names, in its order. */
  get _facetFields() {
    const fields = this._facts.facets;
    const attr = this.getAttribute('facets');
    if (attr === null || ['', 'on', 'all', 'true', 'yes'].includes(attr.trim().toLowerCase())) return fields;
    if (OFF.includes(attr.trim().toLowerCase())) return [];
    const named = attr.split(/[\s,]+/).filter(Boolean);
    return [...new Set(named.map((w) => fields.find((f) => f.toLowerCase() === w.toLowerCase())).filter(Boolean))];
  }

  /** Attribute `sort`: the initial order, or "off" for no Sort control. */
  get _sortAttr() {
    const attr = (this.getAttribute('sort') ?? '').trim().toLowerCase();
    if (OFF.includes(attr)) return 'off';
    return SORTS.includes(attr) ? attr : 'relevance';
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

  /** The engine options for the current limit, filters and order. */
  _searchOptions() {
    const options = { limit: this.limit };
    if (this._facetFields.length) {
      options.facets = true;
      const fields = this._facetFields;
      const filters = Object.entries(this.filters).filter(([field]) => fields.includes(field));
      if (filters.length) options.filters = Object.fromEntries(filters);
    }
    if (this._sort !== 'relevance') options.sort = this._sort;
    return options;
  }

  /** Number of recent searches kept (attribute `recent`, 0 turns them off). */
  get _recentLimit() {
    const n = Number.parseInt(this.getAttribute('recent') ?? '', 10);
    return Number.isFinite(n) ? Math.min(MAX_RECENT, Math.max(0, n)) : DEFAULT_RECENT;
  }

  /** The focus key: "/" by default, a single character, or null for `shortcut="none"`. */
  get _shortcutKey() {
    const attr = (this.getAttribute('shortcut') ?? '/').trim();
    if (attr.toLowerCase() === 'none') return null;
    return [...attr].length === 1 ? attr : '/';
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
    for (const el of [this._input, this._trigger]) {
      if (key) el.setAttribute('aria-keyshortcuts', `${key === '/' ? 'Slash' : key.toUpperCase()} Control+K Meta+K`);
      else el.removeAttribute('aria-keyshortcuts');
    }
  }

  _load() {
    if (this._loading) return this._loading;
    const engine = wantsWorker(this.getAttribute('worker')) ? workerEngine : mainEngine;
    const loaded = engine.load().then((e) => engineFacts(e).then((f) => [e, f]));
    this._loading = loaded.then(
      ([ready, facts]) => {
        this._engine = ready;
        this._facts = facts;
        this._engineReady = true;
        this._error = null;
        this._pruneFilters();
        if (this._input.value.trim() || this._hasFilters()) this._run(true);
      },
      (err) => {
        this._loading = null;
        this._error = err;
        console.error('baked-search: could not load the search index', err);
        if (this._input.value.trim() || this._hasFilters()) this._render();
      },
    );
    return this._loading;
  }

  _run(force = false) {
    const query = this._input.value;
    if (!force && query === this._lastQuery) return;
    this._lastQuery = query;
    const seq = ++this._seq;
    // An empty box with filters lists the filtered documents.
    const wanted = Boolean(query.trim()) || this._hasFilters();
    if (wanted && !this._engineReady) {
      this._lastQuery = null; // run again once the engine is ready
      this._render();
      return;
    }
    if (!wanted) {
      this._show(seq, query, null);
      return;
    }
    const options = this._searchOptions();
    if (this._engine.sync) {
      let out = null;
      try {
        out = this._engine.search(query, options);
      } catch (err) {
        console.error('baked-search: search failed', err);
      }
      this._show(seq, query, out);
      return;
    }
    // Worker: one request in flight; while it runs only the newest query waits its turn, so a
    // fast typist never queues up stale searches. A request still running SUPERSEDE_AFTER_MS
    // after it was sent, with a newer query waiting, is given up (the worker restarts).
    this._queued = { seq, query, options };
    if (!this._inFlight) this._pump();
    else this._scheduleSupersede();
  }

  _pump() {
    const job = this._queued;
    this._queued = null;
    if (!job) return;
    const request = this._engine.search(job.query, job.options);
    const flight = { id: request.id, sent: performance.now() };
    this._inFlight = flight;
    const done = () => {
      if (this._inFlight === flight) this._inFlight = null;
      clearTimeout(this._supersedeTimer);
      this._supersedeTimer = 0;
      this._pump();
    };
    request.then(
      (out) => {
        // Sequence numbers: an answer to anything but the newest query is never shown.
        if (job.seq === this._seq) this._show(job.seq, job.query, out);
        done();
      },
      (err) => {
        if (!err || !err.superseded) {
          console.error('baked-search: search failed', err);
          if (job.seq === this._seq) this._show(job.seq, job.query, null);
        }
        done();
      },
    );
  }

  /** Supersedes the request in flight once it has run SUPERSEDE_AFTER_MS, if a newer query waits. */
  _scheduleSupersede() {
    const flight = this._inFlight;
    if (this._supersedeTimer || !flight || !this._engine.supersede) return;
    const wait = Math.max(0, flight.sent + SUPERSEDE_AFTER_MS - performance.now());
    this._supersedeTimer = setTimeout(() => {
      this._supersedeTimer = 0;
      if (this._inFlight === flight && this._queued) this._engine.supersede(flight.id);
    }, wait);
  }

  /** Shows the engine's answer `out` for `query` (null: nothing) and fires `search`. */
  _show(seq, query, out) {
    if (seq !== this._seq) return;
    this._results = out && Array.isArray(out.results) ? out.results : [];
    this._total = (out && Number(out.total)) || this._results.length;
    this._didYouMean = out && typeof out.didYouMean === 'string' && out.didYouMean ? out.didYouMean : null;
    this._facetCounts = out && out.facets && typeof out.facets === 'object' ? out.facets : null;
    this._active = -1;
    this._render();
    this.dispatchEvent(
      new CustomEvent('search', {
        detail: {
          query,
          results: this._results,
          total: this._total,
          didYouMean: this._didYouMean,
          facets: this._facetCounts || {},
          filters: this.filters,
          sort: this._sort,
        },
      }),
    );
  }

  _render() {
    const query = this._input.value.trim();
    const browsing = !query && this._hasFilters();
    this._listbox.replaceChildren();
    this._options = [];
    let message = '';
    let announce = '';
    let showList = false;
    let recent = [];
    const t = this._t;

    if (!query && !browsing) {
      recent = this._recentLimit > 0 ? readRecent().slice(0, this._recentLimit) : [];
      showList = this._expanded && recent.length > 0;
    }
    const open = this._expanded && (Boolean(query) || browsing || showList);
    this._listKind = query || browsing ? 'results' : 'recent';
    this._recentShown = recent;

    if (!open) {
      // nothing to show
    } else if (this._listKind === 'recent') {
      recent.forEach((q, i) => this._listbox.append(this._renderRecent(q, i)));
      announce = format(t.sentence, { text: this._plural('recent', recent.length) });
    } else if (this._error) {
      message = t.unavailable;
      announce = message;
    } else if (!this._engineReady) {
      message = t.loading;
    } else if (this._results.length === 0) {
      message = query ? format(t.noResultsFor, { query }) : t.noDocuments;
      announce = t.noResults;
    } else {
      this._results.forEach((r, i) => this._listbox.append(this._renderOption(r, i)));
      announce = format(t.sentence, { text: this._countText(this._results.length) });
    }
    if (announce && this._didYouMean && this._listKind === 'results') announce += ` ${format(t.didYouMean, { query: this._didYouMean })}`;

    const n = this._options.length;
    this._listbox.hidden = n === 0;
    this._listbox.setAttribute('aria-label', this._listKind === 'recent' ? t.recentSearches : t.results);
    this._head.hidden = !(open && this._listKind === 'recent');
    this._renderFilters(open && this._listKind === 'results' && this._engineReady && !this._error);
    this._message.hidden = !message;
    this._message.textContent = message;
    // The engine's correction, offered with or without (fuzzy) results.
    const suggest =
      open && query && this._engineReady && this._didYouMean && this._didYouMean.trim().toLowerCase() !== query.toLowerCase()
        ? this._didYouMean
        : null;
    this._suggest.hidden = !suggest;
    this._suggestButton.textContent = suggest || '';
    this._footer.hidden = !open;
    this._count.textContent = this._listKind === 'recent' || n === 0 ? '' : this._countText(n);
    this._enterLabel.textContent = this._listKind === 'recent' ? t.keySearch : t.keyOpen;
    for (const el of this._moveKeys) el.hidden = n === 0; // nothing to move to or open

    this._panel.hidden = !open;
    if (open) this._fitPanel();
    this._input.setAttribute('aria-expanded', String(open && n > 0));
    this._setActive(this._active);
    this._announce(open ? announce : '');
  }

  /** "3 results", "10 of 42 results" (n results shown). */
  _countText(n) {
    return this._total > n ? format(this._t.resultsOf, { n, total: this._total }) : this._plural('results', n);
  }

  /** The `${key}One` or `${key}Other` string for the number n, in the element's language. */
  _plural(key, n) {
    let one = n === 1;
    try {
      one = new Intl.PluralRules(this._lang || undefined).select(n) === 'one';
    } catch {
      // a malformed lang tag: English rules
    }
    return format(this._t[one ? `${key}One` : `${key}Other`], { n });
  }

  /**
   * The facet groups and the Sort control, from the last answer's counts. `show`: the panel
   * shows results (or their absence); the bar then appears when there are results or
   * selected filters (so that they can be removed).
   */
  _renderFilters(show) {
    const counts = this._facetCounts || {};
    const groups = [];
    (show ? this._facetFields : []).forEach((field, index) => {
      const selected = this._filters.get(field) || new Set();
      const values = (Array.isArray(counts[field]) ? counts[field] : [])
        .filter((v) => v && v.value !== undefined && v.value !== null)
        .map((v) => ({ value: String(v.value), count: Number(v.count) || 0 }));
      for (const value of selected) if (!values.some((v) => v.value === value)) values.push({ value, count: 0 });
      if (values.length) groups.push({ field, index, values, selected });
    });
    const sortShown = show && this._facts.hasDates && this._sortAttr !== 'off';
    const visible = show && (this._results.length > 0 || this._hasFilters()) && (groups.length > 0 || sortShown);

    // Rebuilding the checkboxes must not lose the keyboard focus (nor close the panel).
    const root = this.shadowRoot;
    const focused = root.activeElement;
    const focusKey = focused && this._facetsEl.contains(focused) ? focused._bsKey : undefined;
    this._rebuilding = true;
    try {
      this._facetsEl.replaceChildren(...(visible ? groups.map((g) => this._renderFacet(g)) : []));
      if (focusKey !== undefined) {
        const again = [...this._facetsEl.querySelectorAll('input, button')].find((el) => el._bsKey === focusKey);
        (again || this._input).focus({ preventScroll: true });
      } else if (!visible && focused && this._filtersEl.contains(focused)) {
        this._input.focus({ preventScroll: true });
      }
    } finally {
      this._rebuilding = false;
    }
    this._sortBox.hidden = !sortShown;
    if (this._sortSelect.value !== this._sort) this._sortSelect.value = this._sort;
    this._clearFiltersButton.hidden = !this._hasFilters();
    this._filtersEl.hidden = !visible;
    // The narrow layout's button: "Filters (n)", n the values checked.
    const checked = [...this._filters.values()].reduce((n, set) => n + set.size, 0);
    this._filtersToggle.hidden = groups.length === 0;
    this._filtersToggle.textContent = checked ? format(this._t.filtersButtonCount, { n: checked }) : this._t.filtersButton;
    this._filtersToggle.setAttribute('aria-expanded', String(this._filtersOpen));
    this._filtersEl.classList.toggle('open', this._filtersOpen);
  }

  /** One facet field's group (see render.js), in the element's language. */
  _renderFacet(group) {
    return renderFacet({ ...group, expanded: this._moreFacets.has(group.field), t: this._t });
  }

  /**
   * Keeps the panel (and its footer) inside the viewport when there is room below the box;
   * with little room it keeps --bs-max-height and the page scrolls.
   */
  _fitPanel() {
    if (this._modal) return; // the dialog's own layout (styles.css) sizes the panel
    let room = Math.floor(window.innerHeight - this._panel.getBoundingClientRect().top - 12);
    // Phones: with less than half the screen below the box, the page scrolls the box to the
    // top (at 360×740 on the demo page the first result was cut off by the screen's edge).
    if (window.innerWidth < 600 && room < window.innerHeight / 2) {
      this.scrollIntoView({ block: 'start' });
      room = Math.floor(window.innerHeight - this._panel.getBoundingClientRect().top - 12);
    }
    this._panel.style.maxHeight = room >= 200 ? `min(var(--bs-max-height), ${room}px)` : '';
  }

  _renderOption(result, index) {
    const href = resultHref(result, this.getAttribute('base-url'), allowedOrigins(this.getAttribute('allow-origins')));
    let custom = null;
    if (typeof this.renderResult === 'function') {
      try {
        custom = this.renderResult(result, { index, href, query: this._input.value, highlight: highlighted });
      } catch (err) {
        // A broken renderer: the default rendering, and one report per renderer.
        if (this._brokenRenderer !== this.renderResult) console.error('baked-search: renderResult failed', err);
        this._brokenRenderer = this.renderResult;
        custom = null;
      }
    }
    const a = renderOption({
      custom,
      id: `${this._prefix}opt-${index}`,
      href,
      result,
      fields: this._fields,
      shown: this._metaShown(result, this._fields.meta),
      lang: this._lang,
    });
    this._options.push(a);
    return a;
  }

  /**
   * The display fields of `result` to show, `[[name, text]]`: the index's display fields in
   * their order (then any others), those in `names` only unless it is null.
   */
  _metaShown(result, names) {
    let meta = result.meta;
    if (!meta || typeof meta !== 'object') meta = result.source ? { source: result.source } : {};
    const order = [...new Set([...this._facts.display, ...Object.keys(meta)])];
    const out = [];
    for (const name of order) {
      if (!Object.prototype.hasOwnProperty.call(meta, name) || (names && !names.has(name))) continue;
      const text = metaText(meta[name]);
      if (text) out.push([name, text]);
    }
    return out;
  }

  _renderRecent(query, index) {
    const div = renderRecent(`${this._prefix}recent-${index}`, query);
    this._options.push(div);
    return div;
  }

  _setActive(index) {
    const n = this._options.length;
    this._active = n === 0 ? -1 : Math.max(-1, Math.min(n - 1, index));
    this._options.forEach((o, i) => o.setAttribute('aria-selected', String(i === this._active)));
    const active = this._options[this._active];
    if (active && !this._panel.hidden) {
      this._input.setAttribute('aria-activedescendant', active.id);
      active.scrollIntoView({ block: 'nearest' });
    } else {
      this._input.removeAttribute('aria-activedescendant');
    }
  }

  _collapse() {
    if (!this._expanded && this._panel.hidden) return;
    this._expanded = false;
    this._panel.hidden = true;
    this._input.setAttribute('aria-expanded', 'false');
    this._setActive(-1);
    this._announce('');
  }

  /** Remembers `query` as the most recent search. */
  _remember(query) {
    remember(query, this._recentLimit);
  }

  /**
   * The option at `index` was chosen. A recent search is run again; a result fires a
   * cancelable `select` event. Returns false when the link must not be followed.
   */
  _choose(index) {
    if (this._listKind === 'recent') {
      const q = this._recentShown[index];
      if (q !== undefined) {
        this._remember(q);
        this.search(q);
        this._input.focus();
      }
      return false;
    }
    // The link as shown (links.js): `url` and `result.url` are that, never the raw URL.
    const url = this._options[index].getAttribute('href');
    const result = { ...this._results[index], url };
    const query = this._input.value;
    this._remember(query);
    const ok = this.dispatchEvent(new CustomEvent('select', { detail: { result, query, url }, cancelable: true }));
    this.close(); // modal mode: the dialog too (the link is still followed)
    return ok;
  }

  _onKeydown(e) {
    if (e.isComposing) return;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        if (this._panel.hidden) {
          this._expanded = true;
          this._render();
        }
        if (this._options.length === 0) return;
        e.preventDefault();
        const count = this._options.length;
        const step = e.key === 'ArrowDown' ? 1 : -1;
        let next = this._active + step;
        if (next >= count) next = 0;
        else if (next < -1) next = count - 1;
        this._setActive(next);
        break;
      }
      case 'Enter': {
        const option = this._options[this._active];
        if (!option || this._panel.hidden) {
          // No active option: the query counts as a search the person made.
          if (this._input.value.trim() && this._results.length > 0) this._remember(this._input.value);
          return;
        }
        e.preventDefault();
        option.click(); // runs the click handler above, then follows the link unless cancelled
        break;
      }
      case 'Escape': {
        // Esc closes the panel first, then clears the box, then leaves it; in modal mode it
        // closes the dialog at once (the query stays for the next time).
        e.preventDefault();
        if (this._modal) this.close();
        else if (!this._panel.hidden) this._collapse();
        else if (this._input.value || this._hasFilters()) {
          this._input.value = '';
          this._filters.clear();
          this._expanded = false;
          this._run(true);
        } else this._input.blur();
        break;
      }
      default:
    }
  }

  _announce(text) {
    clearTimeout(this._announceTimer);
    // Wait for a pause in typing so screen readers are not flooded with counts.
    this._announceTimer = setTimeout(() => {
      if (this._status.textContent !== text) this._status.textContent = text;
    }, text ? ANNOUNCE_DELAY_MS : 0);
  }
}


/**
 * The focus keys: each box's `shortcut` (default "/", outside other text fields), and
 * Ctrl/⌘-K, focus the first connected, visible box that has them.
 */
function listenForShortcuts() {
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.altKey || e.isComposing || shortcutTargets.size === 0) return;
    const modK = (e.key === 'k' || e.key === 'K') && (e.ctrlKey || e.metaKey) && !e.shiftKey;
    const plain = !e.ctrlKey && !e.metaKey;
    const origin = e.composedPath()[0];
    const target = [...shortcutTargets].find((el) => {
      if (!el.isConnected || el.hidden) return false;
      const key = el._shortcutKey;
      if (!key) return false;
      return modK || (plain && e.key.toLowerCase() === key.toLowerCase());
    });
    if (!target) return;
    if (!modK && isEditable(origin)) return;
    if (target.shadowRoot.contains(origin) && modK) {
      e.preventDefault();
      return;
    }
    e.preventDefault();
    target.open();
    target._input.select();
  });
}

/** Defines <baked-search> (once) and returns its class. */
export function defineElement(tagName = 'baked-search') {
  if (!customElements.get(tagName)) {
    listenForShortcuts();
    customElements.define(tagName, BakedSearchElement);
  }
  return customElements.get(tagName);
}
