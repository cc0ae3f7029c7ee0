// <baked-search>: a search box over the index baked into bakedsearch's WebAssembly module.
//
// This file is assembled by scripts/build.mjs together with the wasm-bindgen glue into
// dist/bakedsearch.js (ES module) and dist/bakedsearch.single.js (classic script). It has no
// imports: the build hands it the engine API.
//
// Security: document text (titles, snippets, sources) is only ever inserted as DOM text nodes;
// highlights are <mark> elements built around text nodes. Nothing here assigns HTML strings
// containing data.

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
  color-scheme: light dark;
  /* Inherits the page's font unless --bs-font is set (an unset var() acts as "unset"). */
  font-family: var(--bs-font);
  font-size: 1rem;
  line-height: 1.45;
  color: var(--bs-fg);
}
@media (prefers-color-scheme: dark) {
  :host {
    --bs-bg: #161b22;
    --bs-fg: #e6edf3;
    --bs-muted: #9ea7b3;
    --bs-border: #6e7681;
    --bs-accent: #79b8ff;
    --bs-active-bg: #1f3350;
    --bs-mark-bg: #6b5800;
    --bs-mark-fg: #fff8d6;
    --bs-shadow: 0 8px 24px rgb(0 0 0 / 0.5);
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
  flex: none;
  font: 0.75em/1 ui-monospace, monospace;
  color: var(--bs-muted);
  border: 1px solid var(--bs-border);
  border-radius: 4px;
  padding: 0.25em 0.45em;
}
.box:focus-within kbd { display: none; }
.panel {
  position: absolute; z-index: 1000; left: 0; right: 0; top: calc(100% + 6px);
  max-height: var(--bs-max-height); overflow-y: auto;
  background: var(--bs-bg);
  border: 1px solid var(--bs-border);
  border-radius: var(--bs-radius);
  box-shadow: var(--bs-shadow);
}
.panel[hidden], [role="listbox"][hidden], .message[hidden], .suggest[hidden] { display: none; }
[role="listbox"] { margin: 0; padding: 0.25em; }
[role="option"] {
  display: block; padding: 0.55em 0.75em;
  color: inherit; text-decoration: none;
  border-radius: calc(var(--bs-radius) - 3px);
  cursor: pointer;
}
[role="option"] + [role="option"] { margin-top: 2px; }
[role="option"][aria-selected="true"], [role="option"]:hover { background: var(--bs-active-bg); }
[role="option"][aria-selected="true"] { box-shadow: inset 3px 0 0 var(--bs-accent); }
.title { display: block; font-weight: 600; color: var(--bs-accent); }
[role="option"][aria-selected="true"] .title { text-decoration: underline; }
.meta { display: block; font-size: 0.85em; color: var(--bs-muted); }
.meta > * + *::before { content: " · "; }
.snippet { display: block; font-size: 0.92em; margin-top: 0.15em; }
mark { background: var(--bs-mark-bg); color: var(--bs-mark-fg); border-radius: 2px; padding: 0 1px; }
.message { margin: 0; padding: 0.75em 1em; color: var(--bs-muted); }
.footer { margin: 0; padding: 0.35em 1.25em 0.6em; font-size: 0.8em; color: var(--bs-muted); }
.suggest button {
  font: inherit; color: var(--bs-accent);
  background: none; border: 0; padding: 0;
  text-decoration: underline; cursor: pointer;
}
.suggest button:focus-visible { outline: 2px solid var(--bs-accent); outline-offset: 2px; }
@media (prefers-reduced-motion: no-preference) {
  [role="option"] { transition: background-color 80ms ease-out; }
}
`;

const TEMPLATE = `
<div class="box" part="box">
  <svg class="icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false"><path fill="currentColor" d="M8.5 2a6.5 6.5 0 0 1 5.2 10.4l4 4a1 1 0 0 1-1.4 1.4l-4-4A6.5 6.5 0 1 1 8.5 2Zm0 2a4.5 4.5 0 1 0 0 9 4.5 4.5 0 0 0 0-9Z"/></svg>
  <label class="sr-only" for="input">Search</label>
  <input id="input" part="input" type="search" role="combobox" autocomplete="off"
    autocapitalize="off" spellcheck="false" enterkeyhint="search"
    aria-autocomplete="list" aria-expanded="false" aria-controls="listbox">
  <kbd aria-hidden="true">/</kbd>
</div>
<div class="panel" part="panel" hidden>
  <p class="message suggest" hidden>Did you mean <button type="button"></button>?</p>
  <div id="listbox" role="listbox" aria-label="Search results"></div>
  <p class="message" hidden></p>
  <p class="footer" hidden></p>
</div>
<div class="sr-only" role="status" aria-live="polite" aria-atomic="true"></div>
`;

const DEFAULT_LIMIT = 10;
const ANNOUNCE_DELAY_MS = 400;

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

/** The document's link: its `url` when that is a web (or same-scheme) URL, else `#id`. */
function resultHref(result) {
  if (typeof result.url === 'string' && result.url) {
    try {
      const u = new URL(result.url, document.baseURI);
      if (u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === location.protocol) return u.href;
    } catch {
      // not a URL: fall through
    }
  }
  return `#${encodeURIComponent(String(result.id))}`;
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

/**
 * Defines the <baked-search> element over an engine API:
 *   { init(): Promise<unknown>, searchDetailed(query, options) }
 * Returns the element class.
 */
export function defineBakedSearch(api, tagName = 'baked-search') {
  let ready = null;
  const loadEngine = () => {
    if (!ready) {
      ready = Promise.resolve(api.init()).catch((err) => {
        ready = null;
        throw err;
      });
    }
    return ready;
  };

  let uid = 0;

  class BakedSearchElement extends HTMLElement {
    static get observedAttributes() {
      return ['placeholder', 'limit', 'value'];
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
      this._panel = root.querySelector('.panel');
      this._listbox = root.getElementById('listbox');
      this._message = root.querySelector('.message:not(.suggest)');
      this._suggest = root.querySelector('.suggest');
      this._suggestButton = this._suggest.querySelector('button');
      this._footer = root.querySelector('.footer');
      this._status = root.querySelector('[role="status"]');
      this._options = [];
      this._results = [];
      this._total = 0;
      this._didYouMean = null;
      this._active = -1;
      this._collapsed = false;
      this._engineReady = false;
      this._error = null;
      this._lastQuery = null;
      this._announceTimer = 0;

      this._input.addEventListener('input', (e) => {
        if (e.isComposing) return;
        this._collapsed = false;
        this._run();
      });
      this._input.addEventListener('compositionend', () => this._run());
      this._input.addEventListener('keydown', (e) => this._onKeydown(e));
      this._input.addEventListener('focus', () => {
        loadEngine().catch(() => {});
        if (this._collapsed && this._input.value.trim()) {
          this._collapsed = false;
          this._render();
        }
      });
      root.addEventListener('focusout', (e) => {
        if (!e.relatedTarget || !root.contains(e.relatedTarget)) this._collapse();
      });
      // Keep focus in the input while clicking inside the panel.
      this._panel.addEventListener('mousedown', (e) => {
        if (e.target.closest && !e.target.closest('button')) e.preventDefault();
      });
      this._listbox.addEventListener('click', (e) => {
        const option = e.target.closest && e.target.closest('[role="option"]');
        if (!option) return;
        const index = this._options.indexOf(option);
        if (index >= 0 && !this._select(index)) e.preventDefault();
      });
      this._suggestButton.addEventListener('click', () => {
        this.value = this._suggestButton.textContent;
        this._input.focus();
      });
    }

    connectedCallback() {
      this._applyPlaceholder();
      shortcutTargets.add(this);
      loadEngine().then(
        () => {
          this._engineReady = true;
          this._error = null;
          if (this._input.value.trim()) this._run(true);
        },
        (err) => {
          this._error = err;
          console.error('baked-search: could not load the search index', err);
          if (this._input.value.trim()) this._render();
        },
      );
    }

    disconnectedCallback() {
      shortcutTargets.delete(this);
      clearTimeout(this._announceTimer);
    }

    attributeChangedCallback(name, _old, value) {
      if (name === 'placeholder') this._applyPlaceholder();
      else if (name === 'limit') this._run(true);
      else if (name === 'value') this.value = value || '';
    }

    /** The current query. Setting it runs the search. */
    get value() {
      return this._input.value;
    }

    set value(query) {
      this._input.value = String(query ?? '');
      this._collapsed = false;
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

    /** Moves keyboard focus to the search box. */
    focus(options) {
      this._input.focus(options);
    }

    /** Clears the query and the results. */
    clear() {
      this.value = '';
    }

    _applyPlaceholder() {
      const text = this.getAttribute('placeholder') ?? 'Search';
      this._input.placeholder = text;
    }

    _run(force = false) {
      const query = this._input.value;
      if (!force && query === this._lastQuery) return;
      this._lastQuery = query;
      this._results = [];
      this._total = 0;
      this._didYouMean = null;
      if (query.trim() && this._engineReady) {
        try {
          const out = api.searchDetailed(query, { limit: this.limit });
          this._results = Array.isArray(out.results) ? out.results : [];
          this._total = Number(out.total) || this._results.length;
          this._didYouMean = typeof out.didYouMean === 'string' && out.didYouMean ? out.didYouMean : null;
        } catch (err) {
          console.error('baked-search: search failed', err);
        }
      } else if (!this._engineReady) {
        this._lastQuery = null; // run again once the engine is ready
      }
      this._active = -1;
      this._render();
      this.dispatchEvent(
        new CustomEvent('search', { detail: { query, results: this._results, total: this._total } }),
      );
    }

    _render() {
      const query = this._input.value.trim();
      this._listbox.replaceChildren();
      this._options = [];
      const open = Boolean(query) && !this._collapsed;
      let message = '';
      let announce = '';

      if (query && this._error) {
        message = 'Search is unavailable right now.';
        announce = message;
      } else if (query && !this._engineReady) {
        message = 'Loading…';
      } else if (query && this._results.length === 0) {
        message = `No results for “${query}”.`;
        announce = this._didYouMean ? `No results. Did you mean ${this._didYouMean}?` : 'No results.';
      } else if (query) {
        this._results.forEach((r, i) => this._listbox.append(this._renderOption(r, i)));
        const n = this._results.length;
        announce = this._total > n ? `${n} of ${this._total} results shown.` : `${n} result${n === 1 ? '' : 's'}.`;
        if (this._didYouMean) announce += ` Did you mean ${this._didYouMean}?`;
      }

      this._listbox.hidden = this._options.length === 0;
      this._message.hidden = !message;
      this._message.textContent = message;
      // The engine's correction, offered with or without (fuzzy) results.
      const suggest =
        query && this._engineReady && this._didYouMean && this._didYouMean.trim().toLowerCase() !== query.toLowerCase()
          ? this._didYouMean
          : null;
      this._suggest.hidden = !suggest;
      this._suggestButton.textContent = suggest || '';
      this._footer.hidden = this._options.length === 0;
      this._footer.textContent =
        this._total > this._options.length
          ? `${this._options.length} of ${this._total} results`
          : `${this._options.length} result${this._options.length === 1 ? '' : 's'}`;

      this._panel.hidden = !open;
      this._input.setAttribute('aria-expanded', String(open && this._options.length > 0));
      this._setActive(this._active);
      this._announce(query ? announce : '');
    }

    _renderOption(result, index) {
      const id = `${this._prefix}opt-${index}`;
      const a = document.createElement('a');
      a.id = id;
      a.setAttribute('role', 'option');
      a.setAttribute('aria-selected', 'false');
      a.tabIndex = -1;
      a.part = 'option';
      a.href = resultHref(result);

      const title = document.createElement('span');
      title.className = 'title';
      title.part = 'title';
      appendHighlighted(title, String(result.title || result.id || ''), result.titleHighlights);
      a.append(title);

      if (result.date || result.source) {
        const meta = document.createElement('span');
        meta.className = 'meta';
        if (result.date) {
          const time = document.createElement('time');
          time.dateTime = String(result.date);
          time.textContent = formatDate(String(result.date));
          meta.append(time);
        }
        if (result.source) {
          const source = document.createElement('span');
          source.textContent = String(result.source);
          meta.append(source);
        }
        a.append(meta);
      }
      if (result.snippet) {
        const snippet = document.createElement('span');
        snippet.className = 'snippet';
        snippet.part = 'snippet';
        appendHighlighted(snippet, String(result.snippet), result.highlights);
        a.append(snippet);
      }
      this._options.push(a);
      return a;
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
      if (this._collapsed) return;
      this._collapsed = true;
      this._panel.hidden = true;
      this._input.setAttribute('aria-expanded', 'false');
      this._setActive(-1);
    }

    /** Fires a cancelable `select` event; returns false if a listener cancelled navigation. */
    _select(index) {
      const result = this._results[index];
      const ok = this.dispatchEvent(
        new CustomEvent('select', { detail: { result, query: this._input.value }, cancelable: true }),
      );
      this._collapse();
      return ok;
    }

    _onKeydown(e) {
      if (e.isComposing) return;
      const n = this._options.length;
      switch (e.key) {
        case 'ArrowDown':
        case 'ArrowUp': {
          if (n === 0) return;
          e.preventDefault();
          if (this._collapsed) {
            this._collapsed = false;
            this._render();
          }
          const step = e.key === 'ArrowDown' ? 1 : -1;
          let next = this._active + step;
          if (next >= n) next = 0;
          else if (next < -1) next = n - 1;
          this._setActive(next);
          break;
        }
        case 'Enter': {
          const option = this._options[this._active];
          if (!option || this._panel.hidden) return;
          e.preventDefault();
          option.click(); // runs the click handler above, then follows the link unless cancelled
          break;
        }
        case 'Escape': {
          e.preventDefault();
          if (this._input.value) this.clear();
          else this._input.blur();
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

  // `/` (outside other text fields) and Ctrl/⌘-K focus the first connected search box.
  const shortcutTargets = new Set();
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.altKey || e.isComposing || shortcutTargets.size === 0) return;
    const slash = e.key === '/' && !e.ctrlKey && !e.metaKey;
    const modK = (e.key === 'k' || e.key === 'K') && (e.ctrlKey || e.metaKey) && !e.shiftKey;
    if (!slash && !modK) return;
    const origin = e.composedPath()[0];
    if (slash && isEditable(origin)) return;
    const target = [...shortcutTargets].find((el) => el.isConnected && !el.hidden);
    if (!target) return;
    if (target.shadowRoot.contains(origin) && modK) {
      e.preventDefault();
      return;
    }
    e.preventDefault();
    target.focus();
    target._input.select();
  });

  if (!customElements.get(tagName)) customElements.define(tagName, BakedSearchElement);
  return customElements.get(tagName);
}
