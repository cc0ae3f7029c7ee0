// <baked-search>: a search box over the index baked into bakedsearch's WebAssembly module.
//
// This file is assembled by scripts/build.mjs together with the wasm-bindgen glue into
// dist/bakedsearch.js (ES module) and dist/bakedsearch.single.js (classic script). It has no
// imports: the build hands it the engine API.
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
// Security: document text (titles, snippets, display and facet values) and remembered queries
// are only ever inserted as DOM text nodes; highlights are <mark> elements built around text
// nodes. Nothing here assigns HTML strings containing data.

// The dark palette, used by `theme="dark"` and, unless `theme="light"`, by prefers-color-scheme.
const DARK = `
    --bs-bg: #161b22;
    --bs-fg: #e6edf3;
    --bs-muted: #9ea7b3;
    --bs-border: #6e7681;
    --bs-accent: #79b8ff;
    --bs-active-bg: #1f3350;
    --bs-mark-bg: #6b5800;
    --bs-mark-fg: #fff8d6;
    --bs-shadow: 0 8px 24px rgb(0 0 0 / 0.5);
    color-scheme: dark;`;

const STYLE = `
:host {
  --bs-bg: #ffffff;
  --bs-fg: #1b1f24;
  --bs-muted: #57606a;
  --bs-border: #8c959f;
  --bs-accent: #0a58ca;
  --bs-active-bg: #e7f0fe;
  --bs-mark-bg: #fff3a3;
  --bs-mark-fg: inherit;
  --bs-radius: 8px;
  --bs-shadow: 0 8px 24px rgb(0 0 0 / 0.14);
  --bs-max-height: 70vh;
  display: block;
  position: relative;
  color-scheme: light;
  /* Inherits the page's font unless --bs-font is set (an unset var() acts as "unset"). */
  font-family: var(--bs-font);
  font-size: 1rem;
  line-height: 1.45;
  color: var(--bs-fg);
}
:host([theme="dark"]) {${DARK}
}
@media (prefers-color-scheme: dark) {
  :host(:not([theme="light"])) {${DARK}
  }
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.box {
  display: flex; align-items: center; gap: 0.5em;
  padding: 0 0.75em;
  background: var(--bs-bg);
  border: 1px solid var(--bs-border);
  border-radius: var(--bs-radius);
}
.box:focus-within { outline: 2px solid var(--bs-accent); outline-offset: 1px; }
.icon { flex: none; width: 1.1em; height: 1.1em; color: var(--bs-muted); }
input {
  flex: 1; min-width: 0;
  padding: 0.6em 0;
  font: inherit; color: inherit;
  background: transparent; border: 0; outline: none;
}
input::placeholder { color: var(--bs-muted); opacity: 1; }
input::-webkit-search-cancel-button { cursor: pointer; }
kbd {
  font: 0.75em/1 ui-monospace, monospace;
  color: var(--bs-muted);
  border: 1px solid var(--bs-border);
  border-radius: 4px;
  padding: 0.25em 0.45em;
}
.box kbd { flex: none; }
.box kbd[hidden], .box:focus-within kbd { display: none; }
.panel {
  position: absolute; z-index: 1000; left: 0; right: 0; top: calc(100% + 6px);
  max-height: var(--bs-max-height); overflow-y: auto;
  background: var(--bs-bg);
  border: 1px solid var(--bs-border);
  border-radius: var(--bs-radius);
  box-shadow: var(--bs-shadow);
}
.panel[hidden], [role="listbox"][hidden], .message[hidden], .suggest[hidden], .head[hidden], .footer[hidden],
.filters[hidden], .facets[hidden], .sort[hidden], .clear-filters[hidden] { display: none; }
.filters {
  display: flex; flex-wrap: wrap; align-items: center; gap: 0.45em 1.25em;
  padding: 0.65em 1em 0.6em;
  border-bottom: 1px solid color-mix(in srgb, var(--bs-border) 45%, transparent);
  font-size: 0.85em;
}
.facets { display: contents; }
.facet { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.35em; min-width: 0; }
.facet-label, .sort label {
  margin-right: 0.2em;
  font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; font-size: 0.9em;
  color: var(--bs-muted);
}
.chip {
  display: inline-flex; align-items: center; gap: 0.35em; max-width: 100%;
  padding: 0.15em 0.65em 0.15em 0.45em;
  background: var(--bs-bg); color: inherit;
  border: 1px solid var(--bs-border); border-radius: 999px;
  line-height: 1.35; overflow-wrap: anywhere; cursor: pointer;
}
.chip input { flex: none; width: 1em; height: 1em; margin: 0; accent-color: var(--bs-accent); cursor: pointer; }
.chip input:focus-visible { outline: none; }
.chip:has(input:focus-visible) { outline: 2px solid var(--bs-accent); outline-offset: 1px; }
.chip:has(input:checked) { background: var(--bs-active-bg); border-color: var(--bs-accent); }
.chip:hover { border-color: var(--bs-accent); }
.chip-count { color: var(--bs-muted); }
.filter-tools { display: flex; flex-wrap: wrap; align-items: center; gap: 0.45em 1em; margin-left: auto; }
.sort { display: flex; align-items: baseline; }
select {
  font: inherit; color: inherit; background: var(--bs-bg);
  border: 1px solid var(--bs-border); border-radius: 4px; padding: 0.1em 0.3em;
}
select:focus-visible { outline: 2px solid var(--bs-accent); outline-offset: 1px; }
.head {
  display: flex; align-items: baseline; justify-content: space-between; gap: 1em;
  padding: 0.6em 1.25em 0.1em;
  font-size: 0.8em; color: var(--bs-muted);
}
.head-label { font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; }
.clear-recent, .clear-filters, .more {
  font: inherit; color: var(--bs-accent);
  background: none; border: 0; padding: 0.2em 0.1em; border-radius: 3px;
  text-decoration: underline; cursor: pointer;
}
.clear-recent:focus-visible, .clear-filters:focus-visible, .more:focus-visible { outline: 2px solid var(--bs-accent); outline-offset: 1px; }
[role="listbox"] { margin: 0; padding: 0.25em; }
[role="option"] {
  display: block; padding: 0.55em 0.75em;
  color: inherit; text-decoration: none;
  border-radius: calc(var(--bs-radius) - 3px);
  cursor: pointer;
  overflow-wrap: anywhere;
}
[role="option"] + [role="option"] { margin-top: 2px; }
[role="option"][aria-selected="true"], [role="option"]:hover { background: var(--bs-active-bg); }
[role="option"][aria-selected="true"] { box-shadow: inset 3px 0 0 var(--bs-accent); }
.recent { display: flex; align-items: center; gap: 0.6em; padding-block: 0.45em; }
.recent .icon { width: 1em; height: 1em; }
.title { display: block; font-weight: 600; color: var(--bs-accent); }
[role="option"][aria-selected="true"] .title { text-decoration: underline; }
.meta { display: block; font-size: 0.85em; color: var(--bs-muted); }
.meta > * + *::before { content: " · "; }
.snippet { display: block; font-size: 0.92em; margin-top: 0.15em; }
.title + .snippet { margin-top: 0.15em; }
mark { background: var(--bs-mark-bg); color: var(--bs-mark-fg); border-radius: 2px; padding: 0 1px; }
.message { margin: 0; padding: 0.75em 1em; color: var(--bs-muted); overflow-wrap: anywhere; }
.footer {
  position: sticky; bottom: 0;
  display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between;
  gap: 0.25em 1em;
  margin: 0; padding: 0.45em 1.25em 0.5em;
  background: var(--bs-bg);
  border-top: 1px solid color-mix(in srgb, var(--bs-border) 45%, transparent);
  font-size: 0.8em; color: var(--bs-muted);
}
.keys { display: flex; flex-wrap: wrap; justify-content: flex-end; gap: 0.25em 0.9em; margin-left: auto; }
.keys > span { white-space: nowrap; }
.keys > span[hidden] { display: none; }
.keys kbd {
  display: inline-block; min-width: 1.6em; margin-right: 0.2em; padding: 0.1em 0.3em;
  font: inherit; font-size: 1em; line-height: 1.25; text-align: center;
}
.keys kbd + kbd { margin-left: -0.05em; }
@media (hover: none) and (pointer: coarse) {
  .keys { display: none; }
}
.suggest button {
  font: inherit; color: var(--bs-accent);
  background: none; border: 0; padding: 0;
  text-decoration: underline; cursor: pointer;
}
.suggest button:focus-visible { outline: 2px solid var(--bs-accent); outline-offset: 2px; }
@keyframes bs-panel-in {
  from { opacity: 0; transform: translateY(-4px); }
}
@media (prefers-reduced-motion: no-preference) {
  [role="option"] { transition: background-color 80ms ease-out; }
  .panel:not([hidden]) { animation: bs-panel-in 120ms ease-out; }
}
`;

const SEARCH_ICON =
  '<svg class="icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false"><path fill="currentColor" d="M8.5 2a6.5 6.5 0 0 1 5.2 10.4l4 4a1 1 0 0 1-1.4 1.4l-4-4A6.5 6.5 0 1 1 8.5 2Zm0 2a4.5 4.5 0 1 0 0 9 4.5 4.5 0 0 0 0-9Z"/></svg>';
const CLOCK_ICON =
  '<svg class="icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false"><path fill="currentColor" d="M10 2a8 8 0 1 1 0 16 8 8 0 0 1 0-16Zm0 2a6 6 0 1 0 0 12 6 6 0 0 0 0-12Zm0 1.5a1 1 0 0 1 1 1v3.1l2.2 1.6a1 1 0 1 1-1.2 1.6l-2.6-1.9A1 1 0 0 1 9 10V6.5a1 1 0 0 1 1-1Z"/></svg>';

const TEMPLATE = `
<div class="box" part="box">
  ${SEARCH_ICON}
  <label class="sr-only" for="input">Search</label>
  <input id="input" part="input" type="search" role="combobox" autocomplete="off"
    autocapitalize="off" spellcheck="false" enterkeyhint="search"
    aria-autocomplete="list" aria-expanded="false" aria-controls="listbox">
  <kbd class="hint" aria-hidden="true">/</kbd>
</div>
<div class="panel" part="panel" hidden>
  <div class="head" hidden>
    <span class="head-label" id="head-label">Recent searches</span>
    <button type="button" class="clear-recent">Clear<span class="sr-only"> recent searches</span></button>
  </div>
  <div class="filters" part="filters" role="group" aria-label="Filter and sort results" hidden>
    <div class="facets"></div>
    <div class="filter-tools">
      <span class="sort" hidden>
        <label for="sort">Sort</label>
        <select id="sort">
          <option value="relevance">Relevance</option>
          <option value="newest">Newest</option>
          <option value="oldest">Oldest</option>
        </select>
      </span>
      <button type="button" class="clear-filters" hidden>Clear filters</button>
    </div>
  </div>
  <p class="message suggest" hidden>Did you mean <button type="button"></button>?</p>
  <div id="listbox" role="listbox" aria-label="Search results"></div>
  <p class="message" hidden></p>
  <div class="footer" part="footer" hidden>
    <span class="count"></span>
    <span class="keys" aria-hidden="true">
      <span class="key-move"><kbd>↑</kbd><kbd>↓</kbd> to move</span>
      <span class="key-enter"><kbd>↵</kbd> <span class="enter-label">to open</span></span>
      <span><kbd>esc</kbd> to close</span>
    </span>
  </div>
</div>
<div class="sr-only" role="status" aria-live="polite" aria-atomic="true"></div>
`;

const DEFAULT_LIMIT = 10;
const DEFAULT_RECENT = 5;
const MAX_RECENT = 50;
const ANNOUNCE_DELAY_MS = 400;
/** Facet values listed before a "more" button. */
const FACET_VALUES_SHOWN = 8;
const SORTS = ['relevance', 'newest', 'oldest'];
const OFF = ['off', 'false', 'no', 'none', '0'];
/** Above this .wasm size (the index makes up nearly all of it) searches run in a Web Worker. */
const WORKER_THRESHOLD_BYTES = 2 * 1024 * 1024;

/**
 * Appends `text` to `parent` as text nodes, wrapping the [start, end) UTF-16 ranges in <mark>.
 * Ranges may be unsorted or overlapping; invalid ones are ignored.
 */
function appendHighlighted(parent, text, ranges) {
  const spans = [];
  if (Array.isArray(ranges)) {
    for (const r of ranges) {
      if (!Array.isArray(r) || r.length < 2) continue;
      const start = Math.max(0, Math.min(text.length, Number(r[0]) | 0));
      const end = Math.max(0, Math.min(text.length, Number(r[1]) | 0));
      if (end > start) spans.push([start, end]);
    }
  }
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let pos = 0;
  for (const [start, end] of spans) {
    if (end <= pos) continue;
    const from = Math.max(start, pos);
    if (from > pos) parent.append(text.slice(pos, from));
    const mark = document.createElement('mark');
    mark.textContent = text.slice(from, end);
    parent.append(mark);
    pos = end;
  }
  if (pos < text.length) parent.append(text.slice(pos));
}

function formatDate(value) {
  // ISO calendar dates are shown in the reader's locale; anything else is shown as given.
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    if (!Number.isNaN(d.getTime())) {
      return d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
    }
  }
  return value;
}

/** A display field's value as text: a string, or several values joined with ", ". */
function metaText(value) {
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined && v !== '').map(String).join(', ');
  return value === null || value === undefined ? '' : String(value);
}

/** The visible name of a facet field: "source" → "Source", "published_year" → "Published year". */
function fieldLabel(name) {
  const words = String(name).replace(/[_-]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : String(name);
}

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

/**
 * The document's link. Its `url` when that is a web (or same-scheme) URL, resolved against
 * `base` (the `base-url` attribute) when relative; without a usable `url`, `#id` (on `base`
 * when there is one). Anything else (javascript:, data:, …) is never linked.
 */
function resultHref(result, base) {
  const hash = `#${encodeURIComponent(String(result.id))}`;
  let baseUrl = null;
  if (base) {
    try {
      baseUrl = new URL(base, document.baseURI);
    } catch {
      baseUrl = null; // an unusable base-url is ignored
    }
  }
  const safe = (u) => u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === location.protocol;
  if (typeof result.url === 'string' && result.url) {
    try {
      const u = new URL(result.url, baseUrl || document.baseURI);
      if (safe(u)) return u.href;
    } catch {
      // not a URL: fall through
    }
  }
  if (baseUrl && safe(baseUrl)) return new URL(hash, baseUrl).href;
  return hash;
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

// ---- Recent searches (localStorage; every access may throw: disabled storage, quota, file://) ----

function recentKey() {
  return `bakedsearch:recent:${location.pathname}`;
}

function readRecent() {
  try {
    const raw = globalThis.localStorage.getItem(recentKey());
    const list = raw ? JSON.parse(raw) : [];
    return Array.isArray(list) ? list.filter((q) => typeof q === 'string' && q.trim()).slice(0, MAX_RECENT) : [];
  } catch {
    return [];
  }
}

function writeRecent(list) {
  try {
    if (list.length) globalThis.localStorage.setItem(recentKey(), JSON.stringify(list));
    else globalThis.localStorage.removeItem(recentKey());
  } catch {
    // storage unavailable or full: recent searches are a convenience, not a requirement
  }
}

// ---- Engines: the wasm on the main thread, or the same wasm in a (shared) module Worker ----

/** Runs searches in `dist/bakedsearch.worker.js`, one request in flight at a time per element. */
class WorkerEngine {
  constructor(url) {
    this.worker = new Worker(url, { type: 'module', name: 'bakedsearch' });
    this.next = 0;
    this.pending = new Map();
    this.ready = new Promise((resolve, reject) => {
      this.worker.addEventListener('message', (e) => {
        const m = e.data || {};
        if (m.type === 'ready') resolve();
        else if (m.type === 'error' && m.id === undefined) reject(new Error(m.message));
        else if (this.pending.has(m.id)) {
          const p = this.pending.get(m.id);
          this.pending.delete(m.id);
          if (m.type === 'error') p.reject(new Error(m.message));
          else p.resolve(m.out);
        }
      });
      const fail = (e) => {
        e.preventDefault();
        const err = new Error(e.message || 'the search worker failed');
        reject(err); // before 'ready': fall back to the main thread
        for (const p of this.pending.values()) p.reject(err); // after: fail what is waiting
        this.pending.clear();
      };
      this.worker.addEventListener('error', fail);
      this.worker.addEventListener('messageerror', fail);
    });
    this.ready.catch((err) => {
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      this.worker.terminate();
    });
  }

  search(query, options) {
    return this.call({ query, options });
  }

  /** The index's indexInfo(). */
  info() {
    return this.call({ info: true });
  }

  call(message) {
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...message });
    });
  }
}

/**
 * Defines the <baked-search> element over an engine API:
 *   { init(): Promise<unknown>, searchDetailed(query, options), indexInfo?(),
 *     worker?: { url: URL, wasmBytes: number } }   (`worker`: the ES module build only)
 * Returns the element class.
 */
export function defineBakedSearch(api, tagName = 'baked-search') {
  let ready = null;
  const loadMain = () => {
    if (!ready) {
      ready = Promise.resolve(api.init()).catch((err) => {
        ready = null;
        throw err;
      });
    }
    return ready;
  };
  const mainEngine = {
    sync: true,
    load: () => loadMain().then(() => mainEngine),
    search: (q, o) => api.searchDetailed(q, o),
    info: () => (api.indexInfo ? api.indexInfo() : {}),
  };

  // One worker, shared by every element on the page.
  let worker = null;
  let workerLoad = null;
  const workerEngine = { sync: false, load: () => loadWorker(), search: (q, o) => worker.search(q, o), info: () => worker.info() };

  // What the element needs to know about the index, asked once per engine: its indexInfo()
  // (display and facet fields, and whether any document has a date).
  const facts = new Map();
  const engineFacts = (engine) => {
    if (!facts.has(engine)) {
      facts.set(
        engine,
        (async () => {
          let info = {};
          try {
            info = (await engine.info()) || {};
          } catch (err) {
            console.warn('baked-search: indexInfo failed', err);
          }
          return {
            display: Array.isArray(info.display) ? info.display.map(String) : [],
            facets: Array.isArray(info.facets) ? info.facets.map(String) : [],
            hasDates: info.dated === true,
          };
        })(),
      );
    }
    return facts.get(engine);
  };
  const loadWorker = () => {
    if (!workerLoad) {
      workerLoad = new Promise((resolve) => {
        worker = new WorkerEngine(api.worker.url); // throws for a cross-origin script URL
        resolve(worker.ready);
      }).then(
        () => workerEngine,
        (err) => {
          // Cross-origin script, blocked or missing worker file, no module workers: search on
          // the main thread instead.
          console.warn(`baked-search: no search worker (${err && err.message ? err.message : err}); searching on the main thread`);
          worker = null;
          return mainEngine.load();
        },
      );
      workerLoad.catch(() => {
        workerLoad = null;
      });
    }
    return workerLoad;
  };

  let uid = 0;

  class BakedSearchElement extends HTMLElement {
    static get observedAttributes() {
      return ['placeholder', 'limit', 'value', 'fields', 'shortcut', 'base-url', 'recent', 'facets', 'sort'];
    }

    constructor() {
      super();
      const root = this.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = STYLE;
      const tpl = document.createElement('template');
      tpl.innerHTML = TEMPLATE; // static markup only, no data
      root.append(style, tpl.content);

      this._prefix = `bs${++uid}-`;
      this._input = root.getElementById('input');
      this._hint = root.querySelector('.box kbd');
      this._panel = root.querySelector('.panel');
      this._head = root.querySelector('.head');
      this._clearRecentButton = root.querySelector('.clear-recent');
      this._listbox = root.getElementById('listbox');
      this._message = root.querySelector('.message:not(.suggest)');
      this._suggest = root.querySelector('.suggest');
      this._suggestButton = this._suggest.querySelector('button');
      this._footer = root.querySelector('.footer');
      this._count = root.querySelector('.count');
      this._enterLabel = root.querySelector('.enter-label');
      this._moveKeys = [root.querySelector('.key-move'), root.querySelector('.key-enter')];
      this._status = root.querySelector('[role="status"]');
      this._filtersEl = root.querySelector('.filters');
      this._facetsEl = root.querySelector('.facets');
      this._sortBox = root.querySelector('.sort');
      this._sortSelect = root.getElementById('sort');
      this._clearFiltersButton = root.querySelector('.clear-filters');
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
      this._inFlight = false;
      this._queued = null;
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
        if (this._rebuilding) return;
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
        this._input.focus();
        this._collapse();
      });
    }

    connectedCallback() {
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
      if (name === 'placeholder') this._applyPlaceholder();
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

    /** Moves keyboard focus to the search box. */
    focus(options) {
      this._input.focus(options);
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
      this._expanded = true;
      this._input.focus();
      this._render();
    }

    /** Closes the panel; the query stays. */
    close() {
      this._collapse();
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
      const text = this.getAttribute('placeholder') ?? 'Search';
      this._input.placeholder = text;
    }

    _applyShortcut() {
      const key = this._shortcutKey;
      this._hint.hidden = !key;
      this._hint.textContent = key || '';
      if (key) this._input.setAttribute('aria-keyshortcuts', `${key === '/' ? 'Slash' : key.toUpperCase()} Control+K Meta+K`);
      else this._input.removeAttribute('aria-keyshortcuts');
    }

    _useWorker() {
      if (!api.worker || typeof Worker === 'undefined') return false;
      const attr = this.getAttribute('worker');
      if (attr === null) return api.worker.wasmBytes > WORKER_THRESHOLD_BYTES;
      return !['off', 'false', 'no', 'none', '0'].includes(attr.trim().toLowerCase());
    }

    _load() {
      if (this._loading) return this._loading;
      const engine = this._useWorker() ? workerEngine : mainEngine;
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
      // fast typist never queues up stale searches.
      this._queued = { seq, query, options };
      if (!this._inFlight) this._pump();
    }

    _pump() {
      const job = this._queued;
      this._queued = null;
      if (!job) return;
      this._inFlight = true;
      this._engine.search(job.query, job.options).then(
        (out) => {
          this._inFlight = false;
          if (job.seq === this._seq) this._show(job.seq, job.query, out);
          this._pump();
        },
        (err) => {
          this._inFlight = false;
          console.error('baked-search: search failed', err);
          if (job.seq === this._seq) this._show(job.seq, job.query, null);
          this._pump();
        },
      );
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
        announce = `${recent.length} recent search${recent.length === 1 ? '' : 'es'}.`;
      } else if (this._error) {
        message = 'Search is unavailable right now.';
        announce = message;
      } else if (!this._engineReady) {
        message = 'Loading…';
      } else if (this._results.length === 0) {
        message = query ? `No results for “${query}”.` : 'No documents match these filters.';
        announce = this._didYouMean ? `No results. Did you mean ${this._didYouMean}?` : 'No results.';
      } else {
        this._results.forEach((r, i) => this._listbox.append(this._renderOption(r, i)));
        const n = this._results.length;
        announce = this._total > n ? `${n} of ${this._total} results shown.` : `${n} result${n === 1 ? '' : 's'}.`;
        if (this._didYouMean) announce += ` Did you mean ${this._didYouMean}?`;
      }

      const n = this._options.length;
      this._listbox.hidden = n === 0;
      this._listbox.setAttribute('aria-label', this._listKind === 'recent' ? 'Recent searches' : 'Search results');
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
      this._count.textContent =
        this._listKind === 'recent' || n === 0
          ? ''
          : this._total > n
            ? `${n} of ${this._total} results`
            : `${n} result${n === 1 ? '' : 's'}`;
      this._enterLabel.textContent = this._listKind === 'recent' ? 'to search' : 'to open';
      for (const el of this._moveKeys) el.hidden = n === 0; // nothing to move to or open

      this._panel.hidden = !open;
      if (open) this._fitPanel();
      this._input.setAttribute('aria-expanded', String(open && n > 0));
      this._setActive(this._active);
      this._announce(open ? announce : '');
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
    }

    /** One facet field: a labelled group of checkboxes "value (count)". */
    _renderFacet({ field, index, values, selected }) {
      const group = document.createElement('div');
      group.className = 'facet';
      group.part = 'facet';
      group.setAttribute('role', 'group');
      const label = document.createElement('span');
      label.className = 'facet-label';
      label.id = `facet-${index}`;
      label.textContent = fieldLabel(field);
      group.setAttribute('aria-labelledby', label.id);
      group.append(label);
      const expanded = this._moreFacets.has(field);
      let hidden = 0;
      values.forEach((v, i) => {
        const checked = selected.has(v.value);
        if (!expanded && !checked && i >= FACET_VALUES_SHOWN) {
          hidden++;
          return;
        }
        const chip = document.createElement('label');
        chip.className = 'chip';
        chip.part = 'facet-value';
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.checked = checked;
        box._bsFacet = [field, v.value];
        box._bsKey = `v\u0000${field}\u0000${v.value}`;
        const text = document.createElement('span');
        text.className = 'chip-value';
        text.textContent = v.value;
        const count = document.createElement('span');
        count.className = 'chip-count';
        count.textContent = `(${v.count})`;
        chip.append(box, text, ' ', count);
        group.append(chip);
      });
      if (hidden > 0 || (expanded && values.length > FACET_VALUES_SHOWN)) {
        const more = document.createElement('button');
        more.type = 'button';
        more.className = 'more';
        more._bsField = field;
        more._bsKey = `m\u0000${field}`;
        more.setAttribute('aria-expanded', String(expanded));
        more.textContent = expanded ? 'Fewer' : `${hidden} more`;
        const what = document.createElement('span');
        what.className = 'sr-only';
        what.textContent = ` ${fieldLabel(field).toLowerCase()} values`;
        more.append(what);
        group.append(more);
      }
      return group;
    }

    /**
     * Keeps the panel (and its footer) inside the viewport when there is room below the box;
     * with little room it keeps --bs-max-height and the page scrolls.
     */
    _fitPanel() {
      const room = Math.floor(window.innerHeight - this._panel.getBoundingClientRect().top - 12);
      this._panel.style.maxHeight = room >= 200 ? `min(var(--bs-max-height), ${room}px)` : '';
    }

    _renderOption(result, index) {
      const fields = this._fields;
      const a = document.createElement('a');
      a.id = `${this._prefix}opt-${index}`;
      a.setAttribute('role', 'option');
      a.setAttribute('aria-selected', 'false');
      a.tabIndex = -1;
      a.part = 'option';
      a.href = resultHref(result, this.getAttribute('base-url'));

      const titleText = String(result.title || result.id || '');
      const showTitle = fields.title || !(fields.snippet && result.snippet);
      if (showTitle) {
        const title = document.createElement('span');
        title.className = 'title';
        title.part = 'title';
        appendHighlighted(title, titleText, result.titleHighlights);
        a.append(title);
      } else {
        a.setAttribute('aria-label', titleText); // the title stays the option's name
      }

      const date = fields.date && result.date;
      const shown = this._metaShown(result, fields.meta);
      if (date || shown.length) {
        const meta = document.createElement('span');
        meta.className = 'meta';
        if (date) {
          const time = document.createElement('time');
          time.dateTime = String(result.date);
          time.textContent = formatDate(String(result.date));
          meta.append(time);
        }
        for (const [name, text] of shown) {
          const s = document.createElement('span');
          s.dataset.field = name;
          s.textContent = text;
          meta.append(s);
        }
        a.append(meta);
      }
      if (fields.snippet && result.snippet) {
        const snippet = document.createElement('span');
        snippet.className = 'snippet';
        snippet.part = 'snippet';
        appendHighlighted(snippet, String(result.snippet), result.highlights);
        a.append(snippet);
      }
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
      const div = document.createElement('div');
      div.id = `${this._prefix}recent-${index}`;
      div.className = 'recent';
      div.setAttribute('role', 'option');
      div.setAttribute('aria-selected', 'false');
      div.part = 'option recent';
      const tpl = document.createElement('template');
      tpl.innerHTML = CLOCK_ICON; // static markup only
      const text = document.createElement('span');
      text.textContent = query;
      div.append(tpl.content, text);
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
      const q = String(query).trim();
      const max = this._recentLimit;
      if (!q || max === 0) return;
      const list = readRecent().filter((x) => x.trim().toLowerCase() !== q.toLowerCase());
      list.unshift(q);
      writeRecent(list.slice(0, Math.max(max, DEFAULT_RECENT)));
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
      const result = this._results[index];
      const query = this._input.value;
      this._remember(query);
      const ok = this.dispatchEvent(new CustomEvent('select', { detail: { result, query }, cancelable: true }));
      this._collapse();
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
          // Esc closes the panel first, then clears the box, then leaves it.
          e.preventDefault();
          if (!this._panel.hidden) this._collapse();
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

  // The focus keys: each box's `shortcut` (default "/", outside other text fields), and
  // Ctrl/⌘-K, focus the first connected, visible box that has them.
  const shortcutTargets = new Set();
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

  if (!customElements.get(tagName)) customElements.define(tagName, BakedSearchElement);
  return customElements.get(tagName);
}
